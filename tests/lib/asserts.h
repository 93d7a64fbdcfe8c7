/* asserts.h -- test helper: the assertions on Zoho-style answers, one meaning each */
#ifndef ZM_TEST_ASSERTS_H
#define ZM_TEST_ASSERTS_H

#include <string.h>

#include <criterion/criterion.h>

#include "http_client.h"

/* HTTP status and Zoho code, the body shown when either differs. */
static inline void expect_zoho(const tresponse *r, long status, int code)
{
    cr_assert_eq(r->status, status, "status %ld, expected %ld: %s", r->status, status, r->body);
    cr_assert_not_null(r->json, "not JSON: %s", r->body);
    cr_assert_eq(tjson_num(r->json, "code"), code, "code %g, expected %d: %s",
                 tjson_num(r->json, "code"), code, r->body);
}

/* An error answer with exactly this message (NULL: any message). */
static inline void expect_error(const tresponse *r, long status, int code, const char *message)
{
    expect_zoho(r, status, code);
    if (message) cr_assert_str_eq(tjson_str(r->json, "message"), message, "%s", r->body);
}

/* An error answer whose message contains part (NULL: any message). */
static inline void expect_error_part(const tresponse *r, long status, int code, const char *part)
{
    expect_zoho(r, status, code);
    const char *m = tjson_str(r->json, "message");
    if (part) cr_assert(m && strstr(m, part), "message lacks \"%s\": %s", part, r->body);
}

/* A success answer (code 0) with exactly this message (NULL: any). */
static inline void expect_ok(const tresponse *r, long status, const char *message)
{
    expect_zoho(r, status, 0);
    if (message) cr_assert_str_eq(tjson_str(r->json, "message"), message, "%s", r->body);
}

#endif

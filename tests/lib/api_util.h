/* api_util.h -- test helper: calling the Zoho API as John of organization 10234695, and checking its answers in one line */
#ifndef ZM_TEST_API_UTIL_H
#define ZM_TEST_API_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http_client.h"

#define API_ORG "10234695"
#define API_TOKEN "1000.full.john"

/* A path made with printf (tpath("/bills/%s", id)), in one of eight
 * rotating buffers: good for the arguments of one call. */
static inline const char *tpath(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline const char *tpath(const char *fmt, ...)
{
    static char buffers[8][512];
    static int next;
    char *out = buffers[next++ % 8];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, sizeof buffers[0], fmt, ap);
    va_end(ap);
    return out;
}

/* METHOD /inventory/v1<path> as John, organization_id added to the
 * path's query; the body made with printf (fmt NULL: no body). */
static inline tresponse tapi(const char *method, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static inline tresponse tapi(const char *method, const char *path, const char *fmt, ...)
{
    char url[1024], *body = NULL;
    snprintf(url, sizeof url, "/inventory/v1%s%corganization_id=" API_ORG, path, strchr(path, '?') ? '&' : '?');
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        cr_assert(vasprintf(&body, fmt, ap) >= 0);
        va_end(ap);
    }
    tresponse r = treq(method, url, API_TOKEN, body);
    free(body);
    return r;
}

/* A success (code 0): the string at the dotted path (an id), copied (free
 * it); r is freed. */
static inline char *tapi_id(tresponse r, const char *field)
{
    cr_assert_eq(tjson_num(r.json, "code"), 0, "%s", r.body);
    const char *id = tjson_str(r.json, field);
    cr_assert(id && *id, "no %s in %s", field, r.body);
    char *copy = strdup(id);
    tresponse_free(&r);
    return copy;
}

/* The answer has this status and code (0: success) and exactly this
 * message (NULL: any); r is freed. */
static inline void tapi_expect(tresponse r, long status, int code, const char *message)
{
    if (code) expect_error(&r, status, code, message);
    else expect_ok(&r, status, message);
    tresponse_free(&r);
}

/* The same with a message that contains part. */
static inline void tapi_expect_part(tresponse r, long status, int code, const char *part)
{
    expect_error_part(&r, status, code, part);
    tresponse_free(&r);
}

#endif

/* sales_util.h -- helpers shared by the contact and sales tests: calls with the organization, creating records, reading ids */
#ifndef ZM_TEST_SALES_UTIL_H
#define ZM_TEST_SALES_UTIL_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http_client.h"

#define ORG_ID "10234695"
#define JOHN "1000.full.john"
#define V1 "/inventory/v1"

/* From fixtures/default.json, organization 10234695: */
#define LAPTOP15 "4815000000033001"   /* rate 899 */
#define SURGE "4815000000033024"      /* Surge Protector 6-outlet */
#define MAIN_WH "4815000000038080"    /* Main Warehouse */

/* METHOD /inventory/v1<path> with the organization (path may carry a
 * query); body NULL for none. */
static inline tresponse sales_call(const char *method, const char *path, const char *body)
{
    char url[1024];
    snprintf(url, sizeof url, V1 "%s%sorganization_id=" ORG_ID, path, strchr(path, '?') ? "&" : "?");
    return treq(method, url, JOHN, body);
}

/* The same with a printf path. */
static inline tresponse sales_callf(const char *method, const char *body, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline tresponse sales_callf(const char *method, const char *body, const char *fmt, ...)
{
    char path[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    return sales_call(method, path, body);
}

/* A string of the answer, copied (free it); fails the test when absent. */
static inline char *sales_str(const tresponse *r, const char *dotted)
{
    const char *s = tjson_str(r->json, dotted);
    cr_assert_not_null(s, "no %s in %s", dotted, r->body);
    return strdup(s);
}

/* A number of the answer, also when the document types it as a string
 * (invoices print total and balance as "899"); NAN when absent. */
static inline double sales_num(const cJSON *json, const char *dotted)
{
    const cJSON *v = tjson_get(json, dotted);
    if (cJSON_IsString(v) && *v->valuestring) {
        char *end;
        double d = strtod(v->valuestring, &end);
        return *end ? NAN : d;
    }
    return tjson_num(json, dotted);
}

/* POST path with body; expects 201 code 0 and returns the string at
 * dotted (the new record's id; free it). */
static inline char *sales_create(const char *path, const char *body, const char *dotted)
{
    tresponse r = sales_call("POST", path, body);
    expect_zoho(&r, 201, 0);
    char *id = sales_str(&r, dotted);
    tresponse_free(&r);
    return id;
}

/* A customer with one contact person (its e-mail); returns its id. */
static inline char *sales_customer(const char *name, const char *email)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"contact_name\":\"%s\",\"contact_type\":\"customer\",\"payment_terms\":15,"
             "\"contact_persons\":[{\"first_name\":\"Ann\",\"last_name\":\"Lee\",\"email\":\"%s\"}]}",
             name, email);
    return sales_create("/contacts", body, "contact.contact_id");
}

/* Starts the organization over with its clock frozen at that instant
 * ("2026-03-10T09:00:00+0530"): a reset, since clocks never go back. */
static inline void sales_freeze_clock(const char *now)
{
    char body[128];
    snprintf(body, sizeof body, "{\"clock\":\"%s\"}", now);
    tresponse r = treq("POST", "/__admin/reset?organization_id=" ORG_ID, NULL, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
}

/* A number of the answer of GET path (dotted); fails when absent. */
static inline double sales_get_num(const char *path, const char *dotted)
{
    tresponse r = sales_call("GET", path, NULL);
    expect_zoho(&r, 200, 0);
    double v = sales_num(r.json, dotted);
    cr_assert(v == v, "no number %s in %s", dotted, r.body);
    tresponse_free(&r);
    return v;
}

/* A string of the answer of GET path (copied; free it). */
static inline char *sales_get_str(const char *path, const char *dotted)
{
    tresponse r = sales_call("GET", path, NULL);
    expect_zoho(&r, 200, 0);
    char *s = sales_str(&r, dotted);
    tresponse_free(&r);
    return s;
}

#endif

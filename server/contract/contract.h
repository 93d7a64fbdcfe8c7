/* contract.h -- contracts' shared machinery: matching bodies, variables and captures, reports, an HTTP client */
#ifndef ZM_CONTRACT_H
#define ZM_CONTRACT_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "util/vec.h"
#include "zoho/request.h"

/* ------------------------------------------------------------- match */

/* Differences, one readable line each ("$.a.b: expected 1, actual 2"). */
typedef struct contract_diff {
    VEC(char *) lines;
} contract_diff;

void contract_diff_add(contract_diff *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void contract_diff_free(contract_diff *d);

/* Compares a response body with the expected one: every expected member
 * must be present and equal (extra actual members are fine; arrays have
 * the expected length), except where a rule of `rules` ({"$.path":
 * "type"|"id"|"number"|"date"|"datetime"|"regex:<re>"|"ignore"}) decides
 * instead. A rule whose path the expected body lacks still applies to
 * the actual one. Returns true when there is no difference; adds the
 * differences to diff. */
bool contract_match(const cJSON *expected, const cJSON *actual, const cJSON *rules,
                    contract_diff *diff);

/* True when rule names a known rule (regex: one that compiles). */
bool contract_rule_valid(const char *rule, char *err, size_t errlen);

/* A value for messages: JSON, shortened past ~120 characters; "absent"
 * for NULL. The caller frees it. */
char *contract_show(const cJSON *v);

/* -------------------------------------------------- variables, capture */

/* A deep copy of tmpl with {{name}} replaced from vars (a JSON object):
 * a string that is exactly "{{name}}" takes the variable's value and type,
 * other strings (and object keys are left alone) get its text. NULL with
 * err set when a variable is unknown. */
cJSON *contract_substitute(const cJSON *tmpl, const cJSON *vars, char *err, size_t errlen);
/* The same for one string; the caller frees the result. */
char *contract_substitute_text(const char *text, const cJSON *vars, char *err, size_t errlen);
/* A variable's value as text: strings as they are, whole numbers exactly
 * (no exponent), anything else as JSON. The caller frees it. */
char *contract_value_text(const cJSON *v);

/* Turns every integer of 16 or more digits under node into a raw item,
 * so that printing it gives its exact digits: cJSON prints
 * 4815000000033001 as 4.815000000033e+15, which reads back as another id. */
void contract_exact_integers(cJSON *node);

/* Sets every variable of captures ({"name": "$.path"}) from body into
 * vars. A path that selects nothing is a difference. Returns true when
 * every capture succeeded. */
bool contract_capture(const cJSON *captures, const cJSON *body, cJSON *vars, contract_diff *diff);

/* ------------------------------------------------------------ report */

typedef struct contract_case {
    char *name;
    char *failure;              /* NULL when it passed; the diff text otherwise */
    double seconds;
} contract_case;

typedef struct contract_suite {
    char *name;                 /* the contract file */
    VEC(contract_case) cases;
} contract_suite;

typedef struct contract_report {
    VEC(contract_suite) suites;
    int passed, failed;
} contract_report;

void report_suite(contract_report *r, const char *name);
/* Adds a case to the last suite; failure is copied (NULL: passed). */
void report_case(contract_report *r, const char *name, const char *failure, double seconds);
void report_free(contract_report *r);
/* Writes JUnit XML. 0, or -1 with err set. */
int contract_junit_write(const contract_report *r, const char *path, char *err, size_t errlen);

/* ---------------------------------------------------- shared helpers */

/* One HTTP exchange through libcurl (TLS verified, no redirects). */
typedef struct contract_http {
    long status;                /* 0 when no answer came; error says why */
    char *body;                 /* NUL-terminated, "" when none */
    size_t body_len;
    VEC(zm_header) headers;     /* the final response's headers */
    char error[256];
} contract_http;

/* curl is a CURL handle (reused for keep-alive); headers are "Name:
 * value" lines, NULL-terminated (may be NULL); body may be NULL. */
void contract_http_call(void *curl, const char *method, const char *url,
                        const char *const *headers, const char *body, size_t body_len,
                        contract_http *out);
/* Case-insensitive response header look-up; NULL when absent. */
const char *contract_http_header(const contract_http *h, const char *name);
void contract_http_free(contract_http *h);


#endif

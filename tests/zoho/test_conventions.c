/* test_conventions.c -- Zoho's API conventions over HTTP: errors, auth, scopes, organizations, bodies, lists, ids */
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "asserts.h"
#include "http_client.h"

#define ORG1 "10234695"
#define ORG2 "10234700"
#define JOHN "1000.full.john"
#define JANE "1000.full.jane"
#define ADJ "/inventory/v1/inventoryadjustments"
#define LAPTOP "4815000000033001"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(conventions, .init = start, .fini = stop);

/* Checks status, Zoho code and message of a response. */
static const char *adjustment_body(double qty)
{
    static char body[512];
    snprintf(body, sizeof body,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
             "\"line_items\":[{\"item_id\":\"%s\",\"quantity_adjusted\":%g}]}",
             LAPTOP, qty);
    return body;
}

/* ------------------------------------------------------------ envelope */

Test(conventions, success_is_json_with_code_zero_and_utf8_content_type)
{
    tresponse r = treq("GET", ADJ "?organization_id=" ORG1, JOHN, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(tjson_num(r.json, "code"), 0);
    cr_assert_str_eq(tjson_str(r.json, "message"), "success");
    cr_assert_not_null(strcasestr(r.headers, "Content-Type: application/json;charset=UTF-8"));
    cr_assert(cJSON_IsArray(tjson_get(r.json, "inventory_adjustments")));
    tresponse_free(&r);
}

Test(conventions, unknown_path_is_404_code_5)
{
    tresponse r = treq("GET", "/inventory/v1/nothing-here?organization_id=" ORG1, JOHN, NULL);
    expect_error(&r, 404, 5, "Invalid URL Passed");
    cr_assert_not_null(strcasestr(r.headers, "application/json;charset=UTF-8"));
    tresponse_free(&r);
    r = treq("GET", "/", NULL, NULL);
    expect_error(&r, 404, 5, "Invalid URL Passed");
    tresponse_free(&r);
}

Test(conventions, known_path_wrong_method_is_405)
{
    tresponse r = treq("PATCH", ADJ "?organization_id=" ORG1, JOHN, NULL);
    expect_error(&r, 405, 37, "The HTTP method PATCH is not allowed for the requested resource");
    tresponse_free(&r);
    r = treq("DELETE", "/inventory/v1/inventorycounts/4815000000000001/start?organization_id=" ORG1, JOHN, NULL);
    expect_error(&r, 405, 37, NULL);
    tresponse_free(&r);
}

Test(conventions, unknown_id_is_404_naming_the_resource)
{
    tresponse r = treq("GET", ADJ "/4815000000099999?organization_id=" ORG1, JOHN, NULL);
    expect_error(&r, 404, 1002, "Inventory Adjustment does not exist.");
    tresponse_free(&r);
    r = treq("DELETE", ADJ "/not-a-number?organization_id=" ORG1, JOHN, NULL);
    expect_error(&r, 404, 1002, "Inventory Adjustment does not exist.");
    tresponse_free(&r);
}

/* ----------------------------------------------------------------- auth */

Test(conventions, missing_authorization_is_401_code_14)
{
    tresponse r = treq("GET", ADJ "?organization_id=" ORG1, NULL, NULL);
    expect_error(&r, 401, 14, NULL);
    tresponse_free(&r);
}

Test(conventions, unknown_token_is_401_code_57)
{
    tresponse r = treq("GET", ADJ "?organization_id=" ORG1, "1000.not.a.token", NULL);
    expect_error(&r, 401, 57, "You are not authorized to perform this operation");
    tresponse_free(&r);
}

Test(conventions, other_scheme_is_refused)
{
    const char *const bearer[] = {"Authorization: Bearer " JOHN, NULL};
    tresponse r = treq_headers("GET", ADJ "?organization_id=" ORG1, NULL, NULL, NULL, bearer);
    expect_error(&r, 401, 57, "You are not authorized to perform this operation");
    tresponse_free(&r);
}

/* Which token may call which endpoint. */
typedef struct scope_case {
    char token[32];
    char method[8];
    char path[96];
    long status;
} scope_case;

ParameterizedTestParameters(conventions, scopes)
{
    static scope_case cases[] = {
        {"1000.readonly.john", "GET", ADJ, 200},
        {"1000.readonly.john", "POST", ADJ, 401},           /* READ does not cover CREATE */
        {"1000.readonly.john", "DELETE", ADJ "/4815000000099999", 401},
        {"1000.adjustments.john", "POST", ADJ, 201},        /* inventoryadjustments.ALL */
        {"1000.adjustments.john", "GET", ADJ, 200},
        {"1000.adjustments.john", "GET", "/inventory/v1/items", 401}, /* another module */
        {"1000.full.john", "POST", ADJ, 201},               /* FullAccess.all */
    };
    return cr_make_param_array(scope_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(scope_case *c, conventions, scopes)
{
    char path[160];
    snprintf(path, sizeof path, "%s?organization_id=" ORG1, c->path);
    tresponse r = treq(c->method, path, c->token, strcmp(c->method, "POST") ? NULL : adjustment_body(1));
    cr_assert_eq(r.status, c->status, "%s %s with %s: %ld %s", c->method, c->path, c->token, r.status, r.body);
    if (c->status == 401) expect_error(&r, 401, 57, "You are not authorized to perform this operation");
    tresponse_free(&r);
}

/* -------------------------------------------------------- organizations */

Test(conventions, several_organizations_need_organization_id)
{
    tresponse r = treq("GET", ADJ, JANE, NULL);
    expect_error(&r, 400, 6024, NULL);
    const cJSON *info = tjson_get(r.json, "error_info");
    cr_assert(cJSON_IsArray(info));
    cr_assert_eq(cJSON_GetArraySize(info), 2);
    cr_assert_str_eq(tjson_str(r.json, "error_info.0.organization_id"), ORG1);
    cr_assert_str_eq(tjson_str(r.json, "error_info.1.organization_id"), ORG2);
    tresponse_free(&r);
}

Test(conventions, one_organization_is_implied)
{
    tresponse r = treq("GET", ADJ, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
}

Test(conventions, organization_the_user_is_not_in_is_6041)
{
    tresponse r = treq("GET", ADJ "?organization_id=" ORG2, JOHN, NULL);
    expect_error(&r, 400, 6041, "This user is not associated with the CompanyID/CompanyName: " ORG2 ".");
    tresponse_free(&r);
    r = treq("GET", ADJ "?organization_id=424242", JOHN, NULL);
    expect_error(&r, 400, 6041, "This user is not associated with the CompanyID/CompanyName: 424242.");
    tresponse_free(&r);
}

Test(conventions, organization_header_is_accepted)
{
    const char *const h[] = {"X-com-zoho-inventory-organizationid: " ORG2, NULL};
    tresponse r = treq_headers("GET", ADJ, JANE, NULL, NULL, h);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
}

Test(conventions, data_of_one_organization_is_invisible_from_another)
{
    tresponse r = treq("POST", ADJ "?organization_id=" ORG1, JANE, adjustment_body(2));
    cr_assert_eq(r.status, 201, "%s", r.body);
    char id[32];
    snprintf(id, sizeof id, "%s", tjson_str(r.json, "inventory_adjustment.inventory_adjustment_id"));
    tresponse_free(&r);

    char path[128];
    snprintf(path, sizeof path, ADJ "/%s?organization_id=" ORG2, id);
    r = treq("GET", path, JANE, NULL);
    expect_error(&r, 404, 1002, "Inventory Adjustment does not exist.");
    tresponse_free(&r);
    r = treq("GET", ADJ "?organization_id=" ORG2, JANE, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments")), 0);
    tresponse_free(&r);
    snprintf(path, sizeof path, ADJ "/%s?organization_id=" ORG1, id);
    r = treq("GET", path, JANE, NULL);
    cr_assert_eq(r.status, 200);
    tresponse_free(&r);
}

/* ---------------------------------------------------------------- bodies */

/* The three ways to send a body mean the same. */
Test(conventions, json_urlencoded_and_multipart_bodies_are_equivalent)
{
    const char *json = adjustment_body(3);
    tresponse a = treq("POST", ADJ "?organization_id=" ORG1, JOHN, json);
    cr_assert_eq(a.status, 201, "%s", a.body);

    char form[1024];
    snprintf(form, sizeof form, "JSONString=%s", json);
    /* urlencode the few characters that matter in this body */
    char enc[2048], *o = enc;
    for (const char *p = form; *p; p++) {
        if (*p == '{' || *p == '}' || *p == '"' || *p == ':' || *p == ',' || *p == '[' || *p == ']')
            o += sprintf(o, "%%%02X", (unsigned char)*p);
        else *o++ = *p;
    }
    *o = '\0';
    tresponse b = treq_ct("POST", ADJ "?organization_id=" ORG1, JOHN, "application/x-www-form-urlencoded", enc);
    cr_assert_eq(b.status, 201, "%s", b.body);

    char multipart[2048];
    snprintf(multipart, sizeof multipart,
             "--zm-boundary-7MA4YWxk\r\nContent-Disposition: form-data; name=\"JSONString\"\r\n\r\n%s\r\n--zm-boundary-7MA4YWxk--\r\n", json);
    tresponse c = treq_ct("POST", ADJ "?organization_id=" ORG1, JOHN, "multipart/form-data; boundary=zm-boundary-7MA4YWxk", multipart);
    cr_assert_eq(c.status, 201, "%s", c.body);

    const char *fields[] = {"inventory_adjustment.date", "inventory_adjustment.reason",
                            "inventory_adjustment.adjustment_type", "inventory_adjustment.line_items.0.name"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        cr_assert_str_eq(tjson_str(a.json, fields[i]), tjson_str(b.json, fields[i]));
        cr_assert_str_eq(tjson_str(a.json, fields[i]), tjson_str(c.json, fields[i]));
    }
    cr_assert_eq(tjson_num(b.json, "inventory_adjustment.line_items.0.quantity_adjusted"), 3);
    cr_assert_eq(tjson_num(c.json, "inventory_adjustment.total"), tjson_num(a.json, "inventory_adjustment.total"));
    tresponse_free(&a);
    tresponse_free(&b);
    tresponse_free(&c);
}

Test(conventions, missing_body_is_code_11)
{
    tresponse r = treq("POST", ADJ "?organization_id=" ORG1, JOHN, NULL);
    expect_error(&r, 400, 11, "The parameter JSONString is mandatory.");
    tresponse_free(&r);
}

Test(conventions, malformed_json_is_refused)
{
    tresponse r = treq("POST", ADJ "?organization_id=" ORG1, JOHN, "{\"date\": ");
    expect_error(&r, 400, 4, "Invalid value passed for JSONString");
    tresponse_free(&r);
    r = treq("POST", ADJ "?organization_id=" ORG1, JOHN, "[1,2]");
    expect_error(&r, 400, 4, "Invalid value passed for JSONString");
    tresponse_free(&r);
}

Test(conventions, wrong_field_type_names_the_field)
{
    tresponse r = treq("POST", ADJ "?organization_id=" ORG1, JOHN,
                       "{\"date\":20250615,\"reason\":\"x\",\"adjustment_type\":\"quantity\","
                       "\"line_items\":[{\"item_id\":\"" LAPTOP "\",\"quantity_adjusted\":1}]}");
    expect_error(&r, 400, 4, "Invalid value passed for date");
    tresponse_free(&r);
}

/* ----------------------------------------------------------------- lists */

typedef struct bad_query {
    char query[64];
    char param[16];
} bad_query;

ParameterizedTestParameters(conventions, bad_list_parameters)
{
    static bad_query cases[] = {
        {"page=0", "page"},
        {"page=abc", "page"},
        {"page=-1", "page"},
        {"per_page=0", "per_page"},
        {"per_page=ten", "per_page"},
        {"sort_column=colour", "sort_column"},
        {"sort_order=up", "sort_order"},
        {"sort_order=", "sort_order"},
        {"filter_by=Status.Everything", "filter_by"},
    };
    return cr_make_param_array(bad_query, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(bad_query *c, conventions, bad_list_parameters)
{
    char path[160], message[64];
    snprintf(path, sizeof path, ADJ "?organization_id=" ORG1 "&%s", c->query);
    snprintf(message, sizeof message, "Invalid value passed for %s", c->param);
    tresponse r = treq("GET", path, JOHN, NULL);
    expect_error(&r, 400, 2, message);
    tresponse_free(&r);
}

Test(conventions, page_context_is_complete_and_has_more_page_exact)
{
    for (int i = 1; i <= 5; i++) {
        tresponse r = treq("POST", ADJ "?organization_id=" ORG1, JOHN, adjustment_body(i));
        cr_assert_eq(r.status, 201);
        tresponse_free(&r);
    }
    struct { const char *q; int rows; bool more; } pages[] = {
        {"per_page=2&page=1", 2, true}, {"per_page=2&page=2", 2, true}, {"per_page=2&page=3", 1, false},
        {"per_page=5&page=1", 5, false}, {"per_page=2&page=4", 0, false}, {"", 5, false},
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        char path[160];
        snprintf(path, sizeof path, ADJ "?organization_id=" ORG1 "&%s", pages[i].q);
        tresponse r = treq("GET", path, JOHN, NULL);
        cr_assert_eq(r.status, 200);
        cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments")), pages[i].rows, "%s", pages[i].q);
        cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), pages[i].more, "%s", pages[i].q);
        cr_assert_not_null(tjson_str(r.json, "page_context.sort_column"));
        cr_assert_not_null(tjson_str(r.json, "page_context.sort_order"));
        cr_assert_not_null(tjson_str(r.json, "page_context.applied_filter"));
        cr_assert(!isnan(tjson_num(r.json, "page_context.page")));
        tresponse_free(&r);
    }
    tresponse r = treq("GET", ADJ "?organization_id=" ORG1 "&per_page=500", JOHN, NULL);
    cr_assert_eq(tjson_num(r.json, "page_context.per_page"), 200, "per_page is capped at 200");
    cr_assert_eq(tjson_num(r.json, "page_context.page"), 1);
    cr_assert_str_eq(tjson_str(r.json, "page_context.sort_order"), "D");
    tresponse_free(&r);
}

/* ------------------------------------------------------------------- ids */

Test(conventions, adjustment_ids_are_json_strings)
{
    tresponse r = treq("POST", ADJ "?organization_id=" ORG1, JOHN, adjustment_body(1));
    cr_assert_eq(r.status, 201);
    regex_t re;
    regcomp(&re, "\"inventory_adjustment_id\":\"([0-9]{16})\"[,}]", REG_EXTENDED);
    regmatch_t m[2];
    cr_assert_eq(regexec(&re, r.body, 2, m, 0), 0, "id not a string of 16 digits: %s", r.body);
    regfree(&re);
    char digits[17];
    memcpy(digits, r.body + m[1].rm_so, 16);
    digits[16] = '\0';
    tresponse_free(&r);

    /* The printed string is the id the server knows. */
    char path[128];
    snprintf(path, sizeof path, ADJ "/%s?organization_id=" ORG1, digits);
    r = treq("GET", path, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.inventory_adjustment_id"), digits);
    tresponse_free(&r);
}

/* Putaways' document types its ids as int64: a client sends them as JSON
 * integers, they resolve like strings do, and they print as exact integers. */
Test(conventions, ids_typed_as_integers_are_accepted_resolved_and_exact)
{
    tresponse r = treq("POST", "/inventory/v1/putaways?organization_id=" ORG1, JOHN,
                       "{\"date\":\"2025-06-15\",\"line_items\":[{\"item_id\":" LAPTOP ",\"quantity_transferred\":1}]}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_not_null(strstr(r.body, "\"item_id\":" LAPTOP ","), "%s", r.body);
    cr_assert_not_null(strstr(r.body, "\"name\":\"Laptop 15-inch\""), "the item's name is filled in: %s", r.body);
    regex_t re;
    regcomp(&re, "\"putaway_id\":[0-9]{16}[,}]", REG_EXTENDED | REG_NOSUB);
    cr_assert_eq(regexec(&re, r.body, 0, NULL, 0), 0, "putaway_id not a 16-digit integer: %s", r.body);
    regfree(&re);
    cr_assert_null(strstr(r.body, "e+"), "no id in exponent form: %s", r.body);
    tresponse_free(&r);
    r = treq("POST", "/inventory/v1/putaways?organization_id=" ORG1, JOHN,
             "{\"date\":\"2025-06-15\",\"line_items\":[{\"item_id\":4815000000099999,\"quantity_transferred\":1}]}");
    expect_error(&r, 400, 4, "Invalid value passed for item_id");
    tresponse_free(&r);
}

/* A number the document limits to an enum defaults to its first value
 * (price books' decimal_place: 1, 2 or 3), never to 0. */
Test(conventions, numbers_with_an_enum_default_to_its_first_value)
{
    tresponse r = treq("POST", "/inventory/v1/pricebooks?organization_id=" ORG1, JOHN,
                       "{\"name\":\"Wholesale\",\"pricebook_type\":\"fixed_percentage\",\"sales_or_purchase_type\":\"sales\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_eq(tjson_num(tjson_get(r.json, "pricebook"), "decimal_place"), 1, "%s", r.body);
    tresponse_free(&r);
}

Test(conventions, ids_are_deterministic_across_reset)
{
    char first[2][32];
    for (int round = 0; round < 2; round++) {
        tresponse r = treq("POST", "/__admin/reset", NULL, NULL);
        cr_assert_eq(r.status, 200, "%s", r.body);
        tresponse_free(&r);
        r = treq("POST", ADJ "?organization_id=" ORG1, JOHN, adjustment_body(1));
        cr_assert_eq(r.status, 201);
        snprintf(first[round], sizeof first[round], "%s", tjson_str(r.json, "inventory_adjustment.inventory_adjustment_id"));
        tresponse_free(&r);
    }
    cr_assert_str_eq(first[0], first[1]);
    cr_assert_eq(strlen(first[0]), 16);
}

/* Nesting: civetweb's worker stacks are small, so bodies nested past 64
 * levels are refused before cJSON recurses into them (at 900 levels the
 * server used to die). Up to the limit the body is read as usual. */
static char *nested_body(int depth)
{
    size_t n = (size_t)depth * 2 + 256;
    char *b = malloc(n);
    int k = snprintf(b, n, "{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\","
                           "\"line_items\":[{\"item_id\":\"" LAPTOP "\",\"quantity_adjusted\":1}],\"description\":");
    for (int i = 0; i < depth - 1; i++) b[k++] = '[';
    for (int i = 0; i < depth - 1; i++) b[k++] = ']';
    b[k++] = '}';
    b[k] = '\0';
    return b;
}

Test(conventions, deeply_nested_bodies_are_refused_and_the_server_keeps_serving)
{
    char *at_limit = nested_body(64);
    tresponse r = treq("POST", ADJ "?organization_id=" ORG1, JOHN, at_limit);
    expect_error(&r, 400, 4, "Invalid value passed for description");  /* parsed: the field is checked */
    tresponse_free(&r);
    free(at_limit);
    int depths[] = {65, 900, 5000};
    for (size_t i = 0; i < sizeof depths / sizeof depths[0]; i++) {
        char *deep = nested_body(depths[i]);
        r = treq("POST", ADJ "?organization_id=" ORG1, JOHN, deep);
        expect_error(&r, 400, 4, "Invalid value passed for JSONString");
        tresponse_free(&r);
        free(deep);
    }
    /* The journal, which shows request bodies, still answers. */
    r = treq("GET", "/__admin/requests?limit=2", NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", ADJ "?organization_id=" ORG1, JOHN, NULL);
    cr_assert_eq(r.status, 200);
    tresponse_free(&r);
}

/* test_pact.c -- Pact files: each matching rule passing and failing, the reader (V2, V3, V4), generators, date formats, provider states, verify */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "contract/pact.h"
#include "tmpdir.h"
#include "util/alloc.h"
#include "verify/verify.h"

/* ------------------------------------------------------- body matching */

typedef struct rule_case {
    char name[56];
    char expected[160];
    char actual[200];
    char rules[200];        /* the body category: {"$.path": {"matchers": [...]}} */
    bool passes;
    char diff[120];         /* a line of the differences must contain this (failures) */
} rule_case;

#define M(path, matcher) "{\"" path "\":{\"matchers\":[" matcher "]}}"

ParameterizedTestParameters(pact_match, each_rule)
{
    static rule_case cases[] = {
        {"equal, extra members ok", "{\"a\":1,\"b\":[1,2]}", "{\"a\":1,\"b\":[1,2],\"c\":3}", "{}", true, ""},
        {"missing member", "{\"a\":{\"b\":1}}", "{\"a\":{}}", "{}", false, "$.a.b: expected 1, actual absent"},
        {"array length", "{\"a\":[1,2]}", "{\"a\":[1,2,3]}", "{}", false, "$.a: expected 2 elements, actual 3"},
        {"different value", "{\"a\":\"x\"}", "{\"a\":\"y\"}", "{}", false, "$.a: expected \"x\", actual \"y\""},
        {"type ok", "{\"a\":\"x\"}", "{\"a\":\"y\"}", M("$.a", "{\"match\":\"type\"}"), true, ""},
        {"type fails", "{\"a\":\"x\"}", "{\"a\":7}", M("$.a", "{\"match\":\"type\"}"), false,
         "$.a: expected a string (type), actual 7"},
        {"type cascades", "{\"a\":{\"b\":\"x\",\"c\":1}}", "{\"a\":{\"b\":\"z\",\"c\":9}}", M("$.a", "{\"match\":\"type\"}"), true, ""},
        {"cascade still needs keys", "{\"a\":{\"b\":\"x\"}}", "{\"a\":{}}", M("$.a", "{\"match\":\"type\"}"), false,
         "$.a.b: expected a string (type), actual absent"},
        {"equality resets a cascade", "{\"a\":{\"b\":\"x\"}}", "{\"a\":{\"b\":\"z\"}}",
         "{\"$.a\":{\"matchers\":[{\"match\":\"type\"}]},\"$.a.b\":{\"matchers\":[{\"match\":\"equality\"}]}}", false,
         "$.a.b: expected \"x\", actual \"z\""},
        {"regex ok", "{\"a\":\"IC-1\"}", "{\"a\":\"IC-00012\"}", M("$.a", "{\"match\":\"regex\",\"regex\":\"^IC-\\\\d{5}$\"}"), true, ""},
        {"regex fails", "{\"a\":\"IC-1\"}", "{\"a\":\"XIC-1\"}", M("$.a", "{\"match\":\"regex\",\"regex\":\"^IC-\\\\d+$\"}"), false,
         "$.a: expected a match of /^IC-\\d+$/ (regex), actual \"XIC-1\""},
        {"regex on a number", "{\"a\":1}", "{\"a\":42}", M("$.a", "{\"match\":\"regex\",\"regex\":\"^4\\\\d$\"}"), true, ""},
        {"regex invalid", "{\"a\":\"x\"}", "{\"a\":\"x\"}", M("$.a", "{\"match\":\"regex\",\"regex\":\"(\"}"), false, "invalid regex /(/"},
        {"number ok", "{\"a\":1}", "{\"a\":2.5}", M("$.a", "{\"match\":\"number\"}"), true, ""},
        {"number fails", "{\"a\":1}", "{\"a\":\"2\"}", M("$.a", "{\"match\":\"number\"}"), false, "$.a: expected a number, actual \"2\""},
        {"integer ok", "{\"a\":1}", "{\"a\":4815000000033024}", M("$.a", "{\"match\":\"integer\"}"), true, ""},
        {"integer fails", "{\"a\":1}", "{\"a\":1.5}", M("$.a", "{\"match\":\"integer\"}"), false, "$.a: expected an integer, actual 1.5"},
        {"decimal ok", "{\"a\":1.5}", "{\"a\":19.99}", M("$.a", "{\"match\":\"decimal\"}"), true, ""},
        {"decimal fails", "{\"a\":1.5}", "{\"a\":29}", M("$.a", "{\"match\":\"decimal\"}"), false, "$.a: expected a decimal number, actual 29"},
        {"boolean ok", "{\"a\":true}", "{\"a\":false}", M("$.a", "{\"match\":\"boolean\"}"), true, ""},
        {"boolean fails", "{\"a\":true}", "{\"a\":\"true\"}", M("$.a", "{\"match\":\"boolean\"}"), false, "$.a: expected a boolean"},
        {"null ok", "{\"a\":null}", "{\"a\":null}", M("$.a", "{\"match\":\"null\"}"), true, ""},
        {"null fails", "{\"a\":null}", "{\"a\":0}", M("$.a", "{\"match\":\"null\"}"), false, "$.a: expected null, actual 0"},
        {"include ok", "{\"a\":\"Surge\"}", "{\"a\":\"Surge Protector\"}", M("$.a", "{\"match\":\"include\",\"value\":\"Protector\"}"), true, ""},
        {"include fails", "{\"a\":\"Surge\"}", "{\"a\":\"Mouse\"}", M("$.a", "{\"match\":\"include\",\"value\":\"Protector\"}"), false,
         "$.a: expected a value including \"Protector\" (include), actual \"Mouse\""},
        {"date ok", "{\"a\":\"\"}", "{\"a\":\"2024-02-29\"}", M("$.a", "{\"match\":\"date\",\"format\":\"yyyy-MM-dd\"}"), true, ""},
        {"date fails", "{\"a\":\"\"}", "{\"a\":\"2025-02-29\"}", M("$.a", "{\"match\":\"date\",\"format\":\"yyyy-MM-dd\"}"), false,
         "$.a: expected a date in the format yyyy-MM-dd, actual \"2025-02-29\""},
        {"time ok", "{\"a\":\"\"}", "{\"a\":\"23:59:07.120\"}", M("$.a", "{\"match\":\"time\",\"format\":\"HH:mm:ss.SSS\"}"), true, ""},
        {"time fails", "{\"a\":\"\"}", "{\"a\":\"24:00:00.000\"}", M("$.a", "{\"match\":\"time\",\"format\":\"HH:mm:ss.SSS\"}"), false,
         "expected a time in the format HH:mm:ss.SSS"},
        {"datetime ok", "{\"a\":\"\"}", "{\"a\":\"2025-06-15T09:00:00+0530\"}",
         M("$.a", "{\"match\":\"datetime\",\"format\":\"yyyy-MM-dd'T'HH:mm:ssZ\"}"), true, ""},
        {"datetime fails", "{\"a\":\"\"}", "{\"a\":\"2025-06-15T09:00:00+05:30\"}",
         M("$.a", "{\"match\":\"datetime\",\"format\":\"yyyy-MM-dd'T'HH:mm:ssZ\"}"), false, "expected a datetime in the format"},
        {"timestamp (V3 key)", "{\"a\":\"\"}", "{\"a\":\"Sun, 15 Jun 2025 09:00:00 GMT\"}",
         M("$.a", "{\"match\":\"timestamp\",\"timestamp\":\"EEE, dd MMM yyyy HH:mm:ss z\"}"), true, ""},
        {"eachLike: every element like the first", "{\"l\":[{\"id\":\"1\",\"n\":2}]}",
         "{\"l\":[{\"id\":\"7\",\"n\":5},{\"id\":\"8\",\"n\":6,\"x\":1}]}", M("$.l", "{\"match\":\"type\",\"min\":1}"), true, ""},
        {"eachLike: one element differs", "{\"l\":[{\"id\":\"1\"}]}", "{\"l\":[{\"id\":\"7\"},{\"id\":8}]}",
         M("$.l", "{\"match\":\"type\",\"min\":1}"), false, "$.l[1].id: expected a string (type), actual 8"},
        {"min fails", "{\"l\":[1]}", "{\"l\":[]}", M("$.l", "{\"match\":\"type\",\"min\":1}"), false,
         "$.l: expected at least 1 element (min), actual 0"},
        {"max fails", "{\"l\":[1]}", "{\"l\":[1,2,3]}", M("$.l", "{\"match\":\"type\",\"max\":2}"), false,
         "$.l: expected at most 2 elements (max), actual 3"},
        {"min/max cascade to nested arrays unchecked", "{\"l\":[{\"t\":[1]}]}", "{\"l\":[{\"t\":[]}]}",
         M("$.l", "{\"match\":\"type\",\"min\":1}"), true, ""},
        {"wildcard rule", "{\"l\":[{\"id\":\"1\"},{\"id\":\"2\"}]}", "{\"l\":[{\"id\":\"77\"},{\"id\":\"x\"}]}",
         M("$.l[*].id", "{\"match\":\"regex\",\"regex\":\"^\\\\d+$\"}"), false, "$.l[1].id: expected a match of /^\\d+$/"},
        {"combine OR", "{\"a\":1}", "{\"a\":\"n/a\"}",
         "{\"$.a\":{\"combine\":\"OR\",\"matchers\":[{\"match\":\"integer\"},{\"match\":\"regex\",\"regex\":\"^n/a$\"}]}}", true, ""},
        {"combine OR fails", "{\"a\":1}", "{\"a\":true}",
         "{\"$.a\":{\"combine\":\"OR\",\"matchers\":[{\"match\":\"integer\"},{\"match\":\"null\"}]}}", false,
         "$.a: expected an integer or null, actual true"},
        {"notEmpty fails", "{\"a\":\"x\"}", "{\"a\":\"\"}", M("$.a", "{\"match\":\"notEmpty\"}"), false, "$.a: expected a value that is not empty"},
        {"semver ok", "{\"a\":\"1.0.0\"}", "{\"a\":\"2.10.3-rc.1\"}", M("$.a", "{\"match\":\"semver\"}"), true, ""},
        {"values: keys are free", "{\"m\":{\"x\":{\"q\":1}}}", "{\"m\":{\"a\":{\"q\":2},\"b\":{\"q\":3}}}",
         "{\"$.m\":{\"matchers\":[{\"match\":\"values\"}]},\"$.m.*\":{\"matchers\":[{\"match\":\"type\"}]}}", true, ""},
        {"eachValue fails", "{\"m\":{\"x\":\"1\"}}", "{\"m\":{\"a\":\"1\",\"b\":\"z\"}}",
         M("$.m", "{\"match\":\"eachValue\",\"rules\":[{\"match\":\"regex\",\"regex\":\"^\\\\d+$\"}]}"), false, "$.m.b: expected a match"},
        {"eachKey fails", "{\"m\":{\"x1\":1}}", "{\"m\":{\"x2\":1,\"y\":1}}",
         M("$.m", "{\"match\":\"eachKey\",\"rules\":[{\"match\":\"regex\",\"regex\":\"^x\"}]}"), false, "$.m.y (key): expected a match of /^x/"},
        {"arrayContains ok", "{\"l\":[{\"s\":\"a\"}]}", "{\"l\":[{\"s\":\"b\"},{\"s\":\"a\",\"k\":1}]}",
         M("$.l", "{\"match\":\"arrayContains\",\"variants\":[{\"index\":0,\"rules\":{}}]}"), true, ""},
        {"arrayContains fails", "{\"l\":[{\"s\":\"a\"}]}", "{\"l\":[{\"s\":\"b\"}]}",
         M("$.l", "{\"match\":\"arrayContains\",\"variants\":[{\"index\":0,\"rules\":{}}]}"), false,
         "$.l: expected an element like {\"s\":\"a\"} (arrayContains), none is"},
        {"unknown matcher", "{\"a\":1}", "{\"a\":1}", M("$.a", "{\"match\":\"roughly\"}"), false,
         "the matcher \"roughly\" accepts (zoho-mock verify does not know it)"},
    };
    return cr_make_param_array(rule_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(rule_case *c, pact_match, each_rule)
{
    cJSON *e = cJSON_Parse(c->expected), *a = cJSON_Parse(c->actual), *r = cJSON_Parse(c->rules);
    cr_assert(e && a && r, "%s: test data must parse", c->name);
    contract_diff d = {{NULL, 0, 0}};
    bool ok = pact_match_body(e, a, r, &d);
    cr_assert_eq(ok, c->passes, "%s: %s (first: %s)", c->name, ok ? "passed" : "failed",
                 d.lines.n ? d.lines.v[0] : "-");
    if (!c->passes) {
        bool found = false;
        for (size_t i = 0; i < d.lines.n; i++) found |= strstr(d.lines.v[i], c->diff) != NULL;
        cr_assert(found, "%s: no line contains '%s' (first: %s)", c->name, c->diff, d.lines.v[0]);
    }
    contract_diff_free(&d);
    cJSON_Delete(e);
    cJSON_Delete(a);
    cJSON_Delete(r);
}

/* ------------------------------------------------ status and headers */

static contract_diff match_answer(const char *expected, long status, const char *content_type,
                                  const char *body)
{
    cJSON *e = cJSON_Parse(expected);
    cr_assert_not_null(e, "%s", expected);
    contract_http h;
    memset(&h, 0, sizeof h);
    h.status = status;
    h.body = xstrdup(body);
    h.body_len = strlen(body);
    zm_header ct = {xstrdup("Content-Type"), xstrdup(content_type)};
    VEC_PUSH(h.headers, ct);
    contract_diff d = {{NULL, 0, 0}};
    pact_match_response(e, &h, &d);
    contract_http_free(&h);
    cJSON_Delete(e);
    return d;
}

static void expect_lines(contract_diff *d, const char *const *lines, size_t n)
{
    cr_assert_eq(d->lines.n, n, "%zu differences, first: %s", d->lines.n, d->lines.n ? d->lines.v[0] : "-");
    for (size_t i = 0; i < n; i++) cr_assert_str_eq(d->lines.v[i], lines[i]);
    contract_diff_free(d);
}

Test(pact_match, status_exact_or_by_class)
{
    contract_diff d = match_answer("{\"status\":200}", 201, "application/json", "{}");
    const char *one[] = {"status: expected 200, actual 201"};
    expect_lines(&d, one, 1);
    d = match_answer("{\"status\":200,\"rules\":{\"status\":{\"matchers\":[{\"match\":\"statusCode\",\"status\":\"success\"}]}}}",
                     201, "application/json", "{}");
    expect_lines(&d, NULL, 0);
    d = match_answer("{\"status\":200,\"rules\":{\"status\":{\"matchers\":[{\"match\":\"statusCode\",\"status\":[200,204]}]}}}",
                     404, "application/json", "{}");
    const char *codes[] = {"status: expected [200,204] (statusCode), actual 404"};
    expect_lines(&d, codes, 1);
}

Test(pact_match, headers_content_type_and_rules)
{
    /* The media type, and the parameters the pact names. */
    contract_diff d = match_answer("{\"headers\":{\"Content-Type\":\"application/json\"}}", 200,
                                   "application/json;charset=UTF-8", "{}");
    expect_lines(&d, NULL, 0);
    d = match_answer("{\"headers\":{\"content-type\":\"application/json; charset=latin1\"}}", 200,
                     "application/json;charset=UTF-8", "{}");
    const char *param[] = {"header content-type: expected \"application/json; charset=latin1\", actual \"application/json;charset=UTF-8\""};
    expect_lines(&d, param, 1);
    d = match_answer("{\"headers\":{\"Content-Type\":\"text/plain\",\"X-Rate\":\"1\"}}", 200, "application/json", "{}");
    const char *two[] = {"header Content-Type: expected \"text/plain\", actual \"application/json\"",
                         "header X-Rate: expected \"1\", actual absent"};
    expect_lines(&d, two, 2);
    d = match_answer("{\"headers\":{\"Content-Type\":\"x\"},\"rules\":{\"header\":{\"content-type\":"
                     "{\"matchers\":[{\"match\":\"regex\",\"regex\":\"^application/(json|xml)\"}]}}}}",
                     200, "application/xml", "{}");
    expect_lines(&d, NULL, 0);
    d = match_answer("{\"rules\":{\"header\":{\"X-Rate-Limit\":{\"matchers\":[{\"match\":\"integer\"}]}}}}", 200,
                     "application/json", "{}");
    const char *absent[] = {"header X-Rate-Limit: expected an integer, actual absent"};
    expect_lines(&d, absent, 1);
    d = match_answer("{\"body\":{\"a\":1}}", 200, "text/html", "<html>");
    const char *html[] = {"$: expected a JSON body, actual \"<html>\""};
    expect_lines(&d, html, 1);
}

/* ------------------------------------------------------------ reading */

static cJSON *read_pact(const char *text)
{
    cJSON *doc = cJSON_Parse(text);
    cr_assert_not_null(doc, "%s", text);
    cr_assert(pact_detect(doc));
    char err[256] = "";
    cJSON *p = pact_read(doc, err, sizeof err);
    cJSON_Delete(doc);
    cr_assert_not_null(p, "%s", err);
    return p;
}

static char *print(const cJSON *v)
{
    char *s = cJSON_PrintUnformatted(v);
    char *out = xstrdup(s);
    cJSON_free(s);
    return out;
}

Test(pact_read, v2_rules_by_body_and_header_path)
{
    cJSON *p = read_pact(
        "{\"consumer\":{\"name\":\"c\"},\"provider\":{\"name\":\"p\"},"
        "\"metadata\":{\"pactSpecification\":{\"version\":\"2.0.0\"}},\"interactions\":[{"
        "\"description\":\"d\",\"providerState\":\"s\",\"request\":{\"method\":\"GET\",\"path\":\"/x\",\"query\":\"a=1&b=2\"},"
        "\"response\":{\"status\":200,\"headers\":{\"Content-Type\":\"application/json\"},\"body\":{\"l\":[1]},"
        "\"matchingRules\":{\"$.body.l\":{\"min\":1},\"$.headers.Content-Type\":{\"match\":\"regex\",\"regex\":\"json\"}}}}]}");
    const cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItem(p, "interactions"), 0);
    char *text = print(it);
    cr_assert_str_eq(text,
                     "{\"description\":\"d\",\"pending\":false,\"states\":[{\"name\":\"s\",\"params\":{}}],"
                     "\"request\":{\"method\":\"GET\",\"path\":\"/x\",\"query_text\":\"a=1&b=2\",\"headers\":{}},"
                     "\"response\":{\"status\":200,\"headers\":{\"Content-Type\":\"application/json\"},"
                     "\"rules\":{\"body\":{\"$.l\":{\"combine\":\"AND\",\"matchers\":[{\"min\":1,\"match\":\"type\"}]}},"
                     "\"header\":{\"Content-Type\":{\"combine\":\"AND\",\"matchers\":[{\"match\":\"regex\",\"regex\":\"json\"}]}}},"
                     "\"body\":{\"l\":[1]}}}");
    cr_assert_eq(cJSON_GetObjectItem(p, "version")->valuedouble, 2);
    free(text);
    cJSON_Delete(p);
}

Test(pact_read, v3_query_states_and_v4_bodies)
{
    cJSON *p = read_pact(
        "{\"consumer\":{\"name\":\"c\"},\"provider\":{\"name\":\"p\"},\"interactions\":[{"
        "\"description\":\"d\",\"providerStates\":[{\"name\":\"s\",\"params\":{\"id\":\"7\"}}],"
        "\"request\":{\"method\":\"POST\",\"path\":\"/x\",\"query\":{\"a\":[\"1\",\"2\"]},\"headers\":{\"H\":[\"1\",\"2\"]},"
        "\"body\":{\"content\":{\"k\":1},\"contentType\":\"application/json\",\"encoded\":false}},"
        "\"response\":{\"status\":201,\"body\":{\"content\":\"ok\",\"contentType\":\"text/plain\",\"encoded\":false}},"
        "\"type\":\"Synchronous/HTTP\"},"
        "{\"description\":\"m\",\"type\":\"Asynchronous/Messages\",\"contents\":{}}],"
        "\"metadata\":{\"pactSpecification\":{\"version\":\"4.0\"}}}");
    const cJSON *its = cJSON_GetObjectItem(p, "interactions");
    char *text = print(cJSON_GetArrayItem(its, 0));
    cr_assert_str_eq(text,
                     "{\"description\":\"d\",\"pending\":false,\"states\":[{\"name\":\"s\",\"params\":{\"id\":\"7\"}}],"
                     "\"request\":{\"method\":\"POST\",\"path\":\"/x\",\"query\":{\"a\":[\"1\",\"2\"]},"
                     "\"headers\":{\"H\":\"1, 2\",\"Content-Type\":\"application/json\"},\"body\":{\"k\":1}},"
                     "\"response\":{\"status\":201,\"headers\":{},\"rules\":{},\"body_text\":\"ok\"}}");
    free(text);
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(its, 1), "skip")->valuestring,
                     "a Asynchronous/Messages interaction (zoho-mock verifies HTTP interactions)");
    cJSON_Delete(p);

    /* A broken one says where. */
    cJSON *doc = cJSON_Parse("{\"consumer\":{},\"interactions\":[{\"request\":{\"path\":\"x\"},\"response\":{}}]}");
    char err[256] = "";
    cr_assert_null(pact_read(doc, err, sizeof err));
    cr_assert_str_eq(err, "$.interactions[0].request.path: expected a path starting with /");
    cJSON_Delete(doc);
}

Test(pact_generate, provider_state_values_fill_path_header_query_and_body)
{
    cJSON *part = cJSON_Parse(
        "{\"path\":\"/c/1\",\"headers\":{\"Authorization\":\"Zoho-oauthtoken x\"},\"query\":{\"o\":[\"1\"]},"
        "\"body\":{\"id\":\"1\",\"l\":[{\"n\":0}]},\"generators\":{"
        "\"path\":{\"type\":\"ProviderState\",\"expression\":\"/c/${count_id}\"},"
        "\"header\":{\"Authorization\":{\"type\":\"ProviderState\",\"expression\":\"Zoho-oauthtoken ${token}\"}},"
        "\"query\":{\"o\":{\"type\":\"ProviderState\",\"expression\":\"${organization_id}\"}},"
        "\"body\":{\"$.id\":{\"type\":\"ProviderState\",\"expression\":\"${count_id}\"},"
        "\"$.l[0].n\":{\"type\":\"ProviderState\",\"expression\":\"${n}\",\"dataType\":\"INTEGER\"}},"
        "\"status\":{\"type\":\"RandomInt\",\"min\":1,\"max\":2}}}");
    cJSON *values = cJSON_Parse("{\"count_id\":\"4815000000100000\",\"token\":\"1000.full.john\","
                                "\"organization_id\":\"10234695\",\"n\":\"42\"}");
    char err[256] = "";
    cr_assert_eq(pact_generate(part, values, err, sizeof err), 0, "%s", err);
    cJSON_DeleteItemFromObject(part, "generators");
    char *text = print(part);
    cr_assert_str_eq(text, "{\"path\":\"/c/4815000000100000\",\"headers\":{\"Authorization\":\"Zoho-oauthtoken 1000.full.john\"},"
                           "\"query\":{\"o\":[\"10234695\"]},\"body\":{\"id\":\"4815000000100000\",\"l\":[{\"n\":42}]}}");
    free(text);
    cJSON *missing = cJSON_Parse("{\"path\":\"/x\",\"generators\":{\"path\":{\"type\":\"ProviderState\",\"expression\":\"/x/${nope}\"}}}");
    cr_assert_eq(pact_generate(missing, values, err, sizeof err), -1);
    cr_assert_str_eq(err, "the provider state gives no value for ${nope}");
    cJSON_Delete(missing);
    cJSON_Delete(values);
    cJSON_Delete(part);
}

/* ------------------------------------------------------- date formats */

typedef struct time_case {
    char pattern[48];
    char value[48];
    bool ok;
} time_case;

ParameterizedTestParameters(pact_time, formats)
{
    static time_case cases[] = {
        {"yyyy-MM-dd", "2025-06-15", true},          {"yyyy-MM-dd", "2025-6-15", false},
        {"yyyy-MM-dd", "2025-13-01", false},         {"yyyy-MM-dd", "2024-02-29", true},
        {"yyyy-MM-dd", "2100-02-29", false},         {"dd/MM/yy", "15/06/25", true},
        {"d MMM yyyy", "5 Jun 2025", true},          {"d MMMM yyyy", "5 June 2025", true},
        {"HH:mm:ss", "09:00:00", true},              {"HH:mm:ss", "09:60:00", false},
        {"h:mm a", "9:05 PM", true},                 {"HH:mm:ss.SSS", "09:00:00.12", false},
        {"yyyy-MM-dd'T'HH:mm:ssZ", "2025-06-15T09:00:00+0530", true},
        {"yyyy-MM-dd'T'HH:mm:ssXXX", "2025-06-15T09:00:00Z", true},
        {"yyyy-MM-dd'T'HH:mm:ssXXX", "2025-06-15T09:00:00+05:30", true},
        {"yyyy-MM-dd'T'HH:mm:ssXXX", "2025-06-15T09:00:00+0530", false},
        {"yyyy-MM-dd'T'HH:mm:ssxx", "2025-06-15T09:00:00Z", false},
        {"EEE, dd MMM yyyy HH:mm:ss z", "Sun, 15 Jun 2025 09:00:00 GMT", true},
        {"'at' HH 'o''clock'", "at 09 o'clock", true},
        {"yyyy-MM-dd", "2025-06-15 ", false},
    };
    return cr_make_param_array(time_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(time_case *c, pact_time, formats)
{
    cr_assert_eq(pact_time_matches(c->pattern, c->value), c->ok, "%s against %s", c->value, c->pattern);
}

/* -------------------------------------------------- verify: states */

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static int verify(const char *states, const char *file, const char *junit, char **report)
{
    size_t len = 0;
    FILE *out = open_memstream(report, &len);
    verify_options o = {.out = out, .states = states, .junit = junit};
    const char *paths[] = {file};
    int rc = verify_run(&o, paths, 1);
    fclose(out);
    return rc;
}

/* A V3 pact: a state with a setup call and a value for the path, a
 * state that is not in the states file, and a mistaken expectation. */
static const char *states_json =
    "{\"states\":{\"a count exists\":{\"organization_id\":\"10234695\",\"clock\":\"2025-06-15T09:00:00+0530\",\"setup\":["
    "{\"request\":{\"method\":\"POST\",\"path\":\"/inventory/v1/inventorycounts\",\"query\":{\"organization_id\":\"{{organization_id}}\"},"
    "\"headers\":{\"Authorization\":\"Zoho-oauthtoken {{token}}\"},"
    "\"body\":{\"location_id\":\"4815000000038080\",\"line_items\":[{\"item_id\":\"{{item}}\"}]}},"
    "\"response\":{\"status\":201},\"capture\":{\"count_id\":\"$.inventorycount.inventorycount_id\"}}]}}}";

static const char *v3_pact =
    "{\"consumer\":{\"name\":\"c\"},\"provider\":{\"name\":\"zoho-inventory\"},"
    "\"metadata\":{\"pactSpecification\":{\"version\":\"3.0.0\"}},\"interactions\":["
    "{\"description\":\"the count\",\"providerStates\":[{\"name\":\"a count exists\",\"params\":{\"item\":\"4815000000033024\"}}],"
    " \"request\":{\"method\":\"GET\",\"path\":\"/inventory/v1/inventorycounts/1\",\"query\":{\"organization_id\":[\"10234695\"]},"
    "  \"headers\":{\"Authorization\":\"Zoho-oauthtoken 1000.full.john\"},"
    "  \"generators\":{\"path\":{\"type\":\"ProviderState\",\"expression\":\"/inventory/v1/inventorycounts/${count_id}\"}}},"
    " \"response\":{\"status\":200,\"headers\":{\"Content-Type\":\"application/json\"},"
    "  \"body\":{\"inventorycount\":{\"inventorycount_id\":\"1\",\"count_date\":\"2025-06-15\",\"line_items\":[{\"item_id\":\"4815000000033024\"}]}},"
    "  \"generators\":{\"body\":{\"$.inventorycount.inventorycount_id\":{\"type\":\"ProviderState\",\"expression\":\"${count_id}\"}}}}},"
    "{\"description\":\"an unknown state\",\"providerStates\":[{\"name\":\"the moon is full\"}],"
    " \"request\":{\"method\":\"GET\",\"path\":\"/inventory/v1/items\"},\"response\":{\"status\":200}},"
    "{\"description\":\"no state: a fresh mock, the fixtures\","
    " \"request\":{\"method\":\"GET\",\"path\":\"/inventory/v1/inventorycounts/4815000000100000\",\"query\":{\"organization_id\":[\"10234695\"]},"
    "  \"headers\":{\"Authorization\":\"Zoho-oauthtoken 1000.full.john\"}},"
    " \"response\":{\"status\":200,\"body\":{\"code\":0}}}]}";

Test(pact_verify, states_setup_generators_and_readable_failures)
{
    char dir[512], states[600], file[600], junit[600];
    snprintf(dir, sizeof dir, "%s/zm-pact-XXXXXX", ttmpdir());
    cr_assert_not_null(mkdtemp(dir));
    snprintf(states, sizeof states, "%s/states.json", dir);
    snprintf(file, sizeof file, "%s/c-zoho-inventory.json", dir);
    snprintf(junit, sizeof junit, "%s/junit.xml", dir);
    write_text(states, states_json);
    write_text(file, v3_pact);
    char *report = NULL;
    int rc = verify(states, file, junit, &report);
    cr_assert_eq(rc, 1, "%s", report);
    char line[2048];
    snprintf(line, sizeof line, "pass  %s: #1 the count (given \"a count exists\")\n", file);
    cr_assert(strstr(report, line), "the setup's capture filled the path and the body: %s", report);
    snprintf(line, sizeof line, "FAIL  %s: #2 an unknown state (given \"the moon is full\")\n"
                                "      provider state \"the moon is full\" is not in %s", file, states);
    cr_assert(strstr(report, line), "%s", report);
    snprintf(line, sizeof line, "FAIL  %s: #3 no state: a fresh mock, the fixtures\n"
                                "      status: expected 200, actual 404\n"
                                "      $.code: expected 0, actual 1002\n", file);
    cr_assert(strstr(report, line), "the count of #1 is gone: %s", report);
    cr_assert(strstr(report, "\n1 passed, 2 failed\n"), "%s", report);
    free(report);
    FILE *f = fopen(junit, "r");
    cr_assert_not_null(f, "JUnit written");
    char xml[4096] = "";
    size_t n = fread(xml, 1, sizeof xml - 1, f);
    xml[n] = '\0';
    fclose(f);
    cr_assert(strstr(xml, "tests=\"3\" failures=\"2\""), "%s", xml);

    /* A states file that does not load is said so, per state. */
    write_text(states, "{\"states\":{\"a count exists\":{\"organisation\":\"1\"}}}");
    rc = verify(states, file, NULL, &report);
    cr_assert_eq(rc, 1);
    cr_assert(strstr(report, "$.states['a count exists'].organisation: unknown key"), "%s", report);
    free(report);
    unlink(states);
    unlink(file);
    unlink(junit);
    rmdir(dir);
}

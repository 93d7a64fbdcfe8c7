/* test_journal.c -- GET /__admin/requests in full: headers, route, scenarios, the organization's clock, filters, the cursor */
#include "scenario_util.h"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(journal, .init = start, .fini = stop);

/* The journal listing with this query; the answer is the caller's. */
static tresponse listing(const char *query)
{
    char path[512];
    snprintf(path, sizeof path, "/__admin/requests%s", query);
    tresponse r = treq("GET", path, NULL, NULL);
    expect_ok(&r, 200, "success");
    return r;
}

static int listed(const char *query)
{
    tresponse r = listing(query);
    int n = cJSON_GetArraySize(tjson_get(r.json, "requests"));
    tresponse_free(&r);
    return n;
}

/* The sequence of the newest entry. */
static int newest(void)
{
    tresponse r = listing("?limit=1");
    int seq = (int)tjson_num(r.json, "requests.0.sequence");
    tresponse_free(&r);
    return seq;
}

/* GET /__admin/requests/{seq}: the entry (free it with cJSON_Delete). */
static cJSON *entry(int seq)
{
    char path[64];
    snprintf(path, sizeof path, "/__admin/requests/%d", seq);
    tresponse r = treq("GET", path, NULL, NULL);
    expect_ok(&r, 200, "success");
    cJSON *e = cJSON_DetachItemFromObjectCaseSensitive(r.json, "request");
    tresponse_free(&r);
    cr_assert_not_null(e);
    return e;
}

static void call(const char *method, const char *path, const char *token, const char *body)
{
    tresponse r = treq(method, path, token, body);
    cr_assert_neq(r.status, 0, "%s %s got no answer", method, path);
    tresponse_free(&r);
}

/* ------------------------------------------------------------ one entry */

Test(journal, an_entry_has_the_headers_route_bodies_and_the_organizations_clock)
{
    const char *const extra[] = {"X-Trace: abc-123", NULL};
    tresponse r = treq_headers("POST", V1 "/inventoryadjustments" QB, ARJUN, "application/json",
                               "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
                               "\"line_items\":[{\"item_id\":\"4816000000033001\",\"quantity_adjusted\":-1}]}",
                               extra);
    expect_ok(&r, 201, NULL);
    tresponse_free(&r);

    cJSON *e = entry(newest());
    cr_assert_str_eq(tjson_str(e, "method"), "POST");
    cr_assert_str_eq(tjson_str(e, "path"), V1 "/inventoryadjustments");
    cr_assert_str_eq(tjson_str(e, "query"), "organization_id=" ORG_B);
    cr_assert_str_eq(tjson_str(e, "route"), "inventoryadjustments.create");
    cr_assert_str_eq(tjson_str(e, "organization_id"), ORG_B);
    /* Zylker Retail's clock is frozen at 09:00 on 15 June 2025 (+0530). */
    cr_assert_str_eq(tjson_str(e, "organization_time"), "2025-06-15T09:00:00+0530");
    cr_assert_eq(tjson_num(e, "status"), 201);
    cr_assert_str_eq(tjson_str(e, "request_headers.X-Trace"), "abc-123");
    /* The journal keeps no token (issue 13): the header is there, redacted. */
    cr_assert_str_eq(tjson_str(e, "request_headers.Authorization"), "Zoho-oauthtoken [redacted]");
    cr_assert_str_eq(tjson_str(e, "request_body.reason"), "Damaged goods");
    cr_assert_str_eq(tjson_str(e, "response_headers.Content-Type"), "application/json;charset=UTF-8");
    cr_assert_eq(tjson_num(e, "response_body.code"), 0);
    cr_assert_str_eq(tjson_str(e, "response_body.inventory_adjustment.reason"), "Damaged goods");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(e, "scenarios")), 0);
    cJSON_Delete(e);
}

Test(journal, a_call_without_organization_or_route_has_neither)
{
    call("GET", V1 "/nowhere", JOHN, NULL);
    cJSON *e = entry(newest());
    cr_assert(cJSON_IsNull(tjson_get(e, "route")));
    cr_assert(cJSON_IsNull(tjson_get(e, "organization_time")));
    cr_assert_str_eq(tjson_str(e, "organization_id"), "");
    cr_assert_eq(tjson_num(e, "response_body.code"), 5);
    cJSON_Delete(e);
}

Test(journal, an_unknown_sequence_is_not_found)
{
    tresponse r = treq("GET", "/__admin/requests/999999", NULL, NULL);
    expect_error(&r, 404, 1002, "Request does not exist.");
    tresponse_free(&r);
    r = treq("GET", "/__admin/requests/abc", NULL, NULL);
    expect_error(&r, 404, 1002, "Request does not exist.");
    tresponse_free(&r);
}

Test(journal, what_each_scenario_did_is_noted)
{
    scenario_source("down", ORG_A, "function on_request(req) return zoho.error(503, 9, 'Down') end");
    call("GET", V1 "/items" QA, JOHN, NULL);
    cJSON *e = entry(newest());
    cr_assert_eq(cJSON_GetArraySize(tjson_get(e, "scenarios")), 1);
    cr_assert_str_eq(tjson_str(e, "scenarios.0.name"), "down");
    cr_assert_str_eq(tjson_str(e, "scenarios.0.organization_id"), ORG_A);
    cr_assert_str_eq(tjson_str(e, "scenarios.0.hook"), "on_request");
    cr_assert_eq(tjson_num(e, "scenarios.0.status"), 503);
    cJSON_Delete(e);

    /* Zylker Retail is out of its scope: nothing acted. */
    call("GET", V1 "/items" QB, ARJUN, NULL);
    e = entry(newest());
    cr_assert_eq(cJSON_GetArraySize(tjson_get(e, "scenarios")), 0);
    cJSON_Delete(e);

    scenario_source("slow", NULL, "function on_response(req, res) return {delay_ms = 1} end");
    scenario_source("broken", ORG_B, "function on_request(req) return nil + 1 end");
    call("GET", V1 "/items" QB, ARJUN, NULL);
    e = entry(newest());
    cr_assert_eq(cJSON_GetArraySize(tjson_get(e, "scenarios")), 1, "the failing hook answered first");
    cr_assert_str_eq(tjson_str(e, "scenarios.0.name"), "broken");
    cr_assert_not_null(strstr(tjson_str(e, "scenarios.0.error"), "broken:1:"), "%s", tjson_str(e, "scenarios.0.error"));
    cr_assert_eq(tjson_num(e, "status"), 500);
    cr_assert_not_null(tjson_str(e, "response_headers.X-Zoho-Mock-Scenario-Error"));
    cJSON_Delete(e);

    call("GET", V1 "/locations" QA, JOHN, NULL);   /* "down" answers; "slow" delays it */
    e = entry(newest());
    cr_assert_eq(cJSON_GetArraySize(tjson_get(e, "scenarios")), 1, "on_response does not run after on_request answered");
    cJSON_Delete(e);
    tresponse r = treq("DELETE", "/__admin/scenarios/down", NULL, NULL);
    tresponse_free(&r);
    call("GET", V1 "/locations" QA, JOHN, NULL);
    e = entry(newest());
    cr_assert_str_eq(tjson_str(e, "scenarios.0.name"), "slow");
    cr_assert_str_eq(tjson_str(e, "scenarios.0.hook"), "on_response");
    cr_assert_eq(tjson_num(e, "scenarios.0.delay_ms"), 1);
    cr_assert_null(tjson_get(e, "scenarios.0.status"), "a delay alone changes no status");
    cJSON_Delete(e);
}

/* ------------------------------------------------------------ filters */

/* Six calls: 200, 404, 401 (no token), 201 in ORG_A; 200, 400 in ORG_B. */
static void traffic(void)
{
    call("GET", V1 "/items" QA, JOHN, NULL);
    call("GET", V1 "/inventorycounts/4815000000999999" QA, JOHN, NULL);
    call("GET", V1 "/locations" QA, NULL, NULL);
    call("POST", V1 "/inventorycounts" QA, JOHN, "{\"location_id\":\"4815000000038080\",\"line_items\":[{\"item_id\":\"4815000000033024\"}]}");
    call("GET", V1 "/users" QB, ARJUN, NULL);
    call("POST", V1 "/inventoryadjustments" QB, ARJUN, "{\"reason\":\"Shelf fell over\"}");
}

Test(journal, filters_by_status_method_organization_path_and_text)
{
    traffic();
    cr_assert_eq(listed(""), 6);
    cr_assert_eq(listed("?status=2xx"), 3);
    cr_assert_eq(listed("?status=4xx"), 3);
    cr_assert_eq(listed("?status=404"), 1);
    cr_assert_eq(listed("?status=404,401"), 2);
    cr_assert_eq(listed("?status=2xx,%20400"), 4);
    cr_assert_eq(listed("?status=5xx"), 0);
    cr_assert_eq(listed("?method=post"), 2);
    cr_assert_eq(listed("?organization_id=" ORG_B), 2);
    cr_assert_eq(listed("?organization_id=" ORG_A "&method=GET&status=2xx"), 1);
    cr_assert_eq(listed("?path=inventorycounts"), 2, "a part of the path");
    cr_assert_eq(listed("?path=/inventory/v1/inventorycounts/*"), 1, "a pattern");
    cr_assert_eq(listed("?path=/inventory/v1/*s"), 5, "the whole path");
    cr_assert_eq(listed("?text=shelf%20fell"), 1, "in a request body");
    cr_assert_eq(listed("?text=application%2Fjson"), 2, "in a request header (the POSTs' Content-Type)");
    cr_assert_eq(listed("?text=Zoho-oauthtoken"), 5, "in a request header (every call with a token)");
    cr_assert_eq(listed("?text=nothing-like-this"), 0);

    static const char *const bad[] = {"?status=6xx", "?status=4x", "?status=20", "?status=2xx,", "?status=abc",
                                      "?since=-1", "?since=x", "?limit=0", "?summary=maybe"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "/__admin/requests%s", bad[i]);
        tresponse r = treq("GET", path, NULL, NULL);
        expect_error_part(&r, 400, 2, "Invalid value passed for");
        tresponse_free(&r);
    }
}

Test(journal, since_gives_only_what_is_new_and_oldest_tells_what_was_dropped)
{
    traffic();
    tresponse r = listing("?summary=true");
    int latest = (int)tjson_num(r.json, "latest_sequence");
    cr_assert_eq(latest, (int)tjson_num(r.json, "requests.0.sequence"));
    cr_assert_eq(tjson_num(r.json, "oldest_sequence"), latest - 5);
    cr_assert(cJSON_IsFalse(tjson_get(r.json, "has_more")));
    /* A summary: no headers or bodies, and an error's code and message. */
    cr_assert_null(tjson_get(r.json, "requests.0.response_body"));
    cr_assert_null(tjson_get(r.json, "requests.0.request_headers"));
    cr_assert_eq(tjson_num(r.json, "requests.0.error.code"), 11);
    cr_assert(cJSON_IsNull(tjson_get(r.json, "requests.1.error")), "a success has none");
    tresponse_free(&r);

    char q[64];
    snprintf(q, sizeof q, "?since=%d", latest);
    cr_assert_eq(listed(q), 0);
    call("GET", V1 "/items" QA, JOHN, NULL);
    call("GET", V1 "/users" QA, JOHN, NULL);
    r = listing(q);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "requests")), 2);
    cr_assert_eq(tjson_num(r.json, "requests.1.sequence"), latest + 1);
    cr_assert_eq(tjson_num(r.json, "latest_sequence"), latest + 2);
    tresponse_free(&r);

    snprintf(q, sizeof q, "?since=%d&limit=1", latest);
    r = listing(q);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "requests")), 1);
    cr_assert_eq(tjson_num(r.json, "requests.0.sequence"), latest + 2, "the newest first");
    cr_assert(cJSON_IsTrue(tjson_get(r.json, "has_more")));
    tresponse_free(&r);

    /* Cleared: nothing kept, the sequence goes on. */
    r = treq("DELETE", "/__admin/requests", NULL, NULL);
    tresponse_free(&r);
    r = listing("");
    cr_assert_eq(tjson_num(r.json, "latest_sequence"), latest + 2);
    cr_assert_eq(tjson_num(r.json, "oldest_sequence"), latest + 3);
    tresponse_free(&r);
    call("GET", V1 "/items" QA, JOHN, NULL);
    cr_assert_eq(newest(), latest + 3);
}

Test(journal, the_ring_drops_the_oldest_and_says_so)
{
    for (int i = 0; i < 1005; i++) call("GET", V1 "/nowhere", NULL, NULL);
    tresponse r = listing("?summary=true");
    int latest = (int)tjson_num(r.json, "latest_sequence");
    cr_assert_geq(latest, 1005);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "requests")), 1000, "the default capacity");
    cr_assert_eq(tjson_num(r.json, "oldest_sequence"), latest - 999);
    tresponse_free(&r);
}

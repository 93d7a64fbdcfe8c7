/* test_scenarios.c -- Lua scenarios over HTTP: admin API, hooks, every zoho helper, faults on a real socket, the sandbox */
#include <pthread.h>

#include "http/router.h"
#include "http/server.h"
#include "util/alloc.h"
#include "util/file.h"
#include "zoho/spec.h"
#include "scenario_util.h"
#include "tmpdir.h"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(scenarios, .init = start, .fini = stop, .timeout = 60);

/* GET path as token: the status (and the body in *out when given). */
static long get_status(const char *path, const char *token)
{
    tresponse r = treq("GET", path, token, NULL);
    long s = r.status;
    tresponse_free(&r);
    return s;
}

/* ------------------------------------------------------------ admin API */

Test(scenarios, activate_list_and_deactivate)
{
    scenario_file("rate_limit.lua", ORG_A);
    scenario_file("scenarios/small_pages.lua", NULL);
    cJSON *e = scenario_entry("rate_limit.lua", ORG_A);
    cr_assert_not_null(e);
    cr_assert_str_eq(tjson_str(e, "file"), "scenarios/rate_limit.lua");
    cr_assert_eq(tjson_num(e, "calls"), 0);
    cr_assert_eq(tjson_num(e, "rate_limit.per_minute"), 100);
    cr_assert(cJSON_IsNull(tjson_get(e, "last_error")));
    cJSON_Delete(e);
    cr_assert_eq(scenario_number("small_pages.lua", NULL, "page_size"), 2);

    tresponse r = treq("DELETE", "/__admin/scenarios/rate_limit.lua", NULL, NULL);
    expect_zoho(&r, 200, 0);
    cr_assert_eq(tjson_num(r.json, "deactivated"), 1);
    tresponse_free(&r);
    cr_assert_null(scenario_entry("rate_limit.lua", ORG_A));
    r = treq("DELETE", "/__admin/scenarios/rate_limit.lua", NULL, NULL);
    expect_zoho(&r, 404, 1002);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Scenario rate_limit.lua does not exist.");
    tresponse_free(&r);

    r = treq("DELETE", "/__admin/scenarios", NULL, NULL);
    expect_zoho(&r, 200, 0);
    cr_assert_eq(tjson_num(r.json, "deactivated"), 1);
    tresponse_free(&r);
    r = treq("GET", "/__admin/scenarios", NULL, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "scenarios")), 0, "%s", r.body);
    tresponse_free(&r);
}

Test(scenarios, files_outside_scenarios_are_refused)
{
    const char *bad[] = {"../fixtures/default.json", "/etc/passwd", "scenarios/../Makefile",
                         "sub/x.lua", "..", "scenarios/sub/x.lua", "x\\\\y.lua"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tresponse r = scenario_post_file(bad[i], NULL);
        expect_zoho(&r, 400, 4);
        cr_assert_str_eq(tjson_str(r.json, "message"), "Invalid value passed for file", "%s: %s", bad[i], r.body);
        tresponse_free(&r);
    }
    tresponse r = scenario_post_file("", NULL);
    expect_zoho(&r, 400, 11);
    tresponse_free(&r);
    r = scenario_post_file("no_such_scenario.lua", NULL);
    expect_zoho(&r, 400, 4240);
    cr_assert(strstr(tjson_str(r.json, "message"), "cannot read scenarios/no_such_scenario.lua"), "%s", r.body);
    tresponse_free(&r);
    r = scenario_post_file("rate_limit.lua", "999");
    expect_zoho(&r, 400, 4);
    tresponse_free(&r);
    r = treq("GET", "/__admin/scenarios", NULL, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "scenarios")), 0, "%s", r.body);
    tresponse_free(&r);
}

Test(scenarios, load_failures_give_the_lua_message_and_line)
{
    scenario_source("keeper", ORG_A, "function on_request(req) return {status = 299, body = {kept = true}} end");
    tresponse r = scenario_post_source("syntax", NULL, "x = 1\nfunction on_request(req)\n  return 1 +\nend\n");
    expect_zoho(&r, 400, 4240);
    cr_assert(strstr(tjson_str(r.json, "message"), "The scenario syntax could not be loaded: syntax:4:"), "%s", r.body);
    tresponse_free(&r);
    r = scenario_post_source("toplevel", NULL, "local x = 1\nlocal f = io.open('/etc/passwd')\n");
    expect_zoho(&r, 400, 4240);
    cr_assert(strstr(tjson_str(r.json, "message"), "toplevel:2: attempt to index a nil value (global 'io')"), "%s", r.body);
    tresponse_free(&r);
    r = scenario_post_source("loops", NULL, "while true do end");
    expect_zoho(&r, 400, 4240);
    cr_assert(strstr(tjson_str(r.json, "message"), "instruction budget exceeded"), "%s", r.body);
    tresponse_free(&r);
    r = treq_ct("POST", "/__admin/scenarios?name=empty", NULL, "text/x-lua", "");
    expect_zoho(&r, 400, 11);
    tresponse_free(&r);
    r = treq_ct("POST", "/__admin/scenarios?name=../x", NULL, "text/x-lua", "x = 1");
    expect_zoho(&r, 400, 2);
    tresponse_free(&r);

    /* None of them is active; the good one still answers. */
    cr_assert_null(scenario_entry("syntax", NULL));
    cr_assert_null(scenario_entry("toplevel", NULL));
    r = treq("GET", V1 "/items" QA, JOHN, NULL);
    cr_assert_eq(r.status, 299, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "kept"), 1);
    tresponse_free(&r);
}

Test(scenarios, same_name_and_scope_replaces)
{
    scenario_source("one", ORG_A, "function on_request(req) return {status = 201, body = {v = 1}} end");
    scenario_source("one", ORG_A, "function on_request(req) return {status = 202, body = {v = 2}} end");
    tresponse r = treq("GET", V1 "/items" QA, JOHN, NULL);
    cr_assert_eq(r.status, 202, "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", "/__admin/scenarios", NULL, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "scenarios")), 1, "%s", r.body);
    tresponse_free(&r);
}

/* ------------------------------------------------------------- the hooks */

Test(scenarios, on_request_sees_the_request)
{
    scenario_source("echo", NULL,
                    "function on_request(req)\n"
                    "  if req.route ~= 'inventoryadjustments.create' then return nil end\n"
                    "  return {status = 200, body = {method = req.method, path = req.path, route = req.route,\n"
                    "    org = req.organization_id, user = req.user_id, n = req.n, q = req.query.flag,\n"
                    "    h = req.headers['x-test'], reason = req.body and req.body.reason,\n"
                    "    lines = req.body and #req.body.line_items}}\n"
                    "end\n");
    const char *hdrs[] = {"X-Test: hello", NULL};
    const char *body = "{\"reason\":\"Damaged\",\"line_items\":[{\"item_id\":\"1\"},{\"item_id\":\"2\"}]}";
    for (int n = 1; n <= 2; n++) {
        tresponse r = treq_headers("POST", V1 "/inventoryadjustments" QA "&flag=a%20b", JOHN, "application/json",
                                   body, hdrs);
        cr_assert_eq(r.status, 200, "%s", r.body);
        cr_assert_str_eq(tjson_str(r.json, "method"), "POST");
        cr_assert_str_eq(tjson_str(r.json, "path"), V1 "/inventoryadjustments");
        cr_assert_str_eq(tjson_str(r.json, "route"), "inventoryadjustments.create");
        cr_assert_str_eq(tjson_str(r.json, "org"), ORG_A);
        cr_assert_str_eq(tjson_str(r.json, "user"), "4815000000012345");
        cr_assert_eq(tjson_num(r.json, "n"), n);
        cr_assert_str_eq(tjson_str(r.json, "q"), "a b");
        cr_assert_str_eq(tjson_str(r.json, "h"), "hello");
        cr_assert_str_eq(tjson_str(r.json, "reason"), "Damaged");
        cr_assert_eq(tjson_num(r.json, "lines"), 2);
        tresponse_free(&r);
    }
    cr_assert_eq(scenario_route_n("echo", NULL, "inventoryadjustments.create"), 2);
    cr_assert_eq(scenario_number("echo", NULL, "calls"), 2);
}

Test(scenarios, an_answer_from_on_request_skips_the_model)
{
    tresponse r = treq("GET", V1 "/inventoryadjustments" QA, JOHN, NULL);
    cr_assert_eq(r.status, 200);
    int before = cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments"));
    tresponse_free(&r);
    scenario_source("answer", NULL,
                    "function on_request(req)\n"
                    "  if req.route == 'inventoryadjustments.create' then return zoho.error(1000) end\n"
                    "end\n");
    r = treq("POST", V1 "/inventoryadjustments" QA, JOHN,
             "{\"date\":\"2025-06-01\",\"reason\":\"Damaged\",\"adjustment_type\":\"quantity\","
             "\"line_items\":[{\"item_id\":\"4815000000033003\",\"quantity_adjusted\":1}]}");
    expect_zoho(&r, 500, 1000);
    tresponse_free(&r);
    r = treq("GET", V1 "/inventoryadjustments" QA, JOHN, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments")), before, "%s", r.body);
    tresponse_free(&r);
}

Test(scenarios, params_headers_and_raw_bodies)
{
    scenario_source("params", NULL,
                    "function on_request(req)\n"
                    "  if req.route == 'items.get' then\n"
                    "    return {status = 418, body = 'item ' .. req.params.item_id,\n"
                    "            headers = {['Content-Type'] = 'text/plain', ['X-Seen'] = req.n}}\n"
                    "  end\n"
                    "end\n");
    tresponse r = treq("GET", V1 "/items/4815000000033003" QA, JOHN, NULL);
    cr_assert_eq(r.status, 418, "%s", r.body);
    cr_assert_str_eq(r.body, "item 4815000000033003");
    char buf[128];
    cr_assert_str_eq(header_value(&r, "Content-Type", buf, sizeof buf), "text/plain");
    cr_assert_str_eq(header_value(&r, "X-Seen", buf, sizeof buf), "1");
    tresponse_free(&r);
}

Test(scenarios, a_script_cannot_set_framing_headers)
{
    scenario_source("framing", NULL,
                    "function on_request(req) return {status = 200, body = {}, headers = {['Content-Length'] = '1'}} end");
    tresponse r = treq("GET", V1 "/items" QA, JOHN, NULL);
    expect_zoho(&r, 500, 1000);
    char buf[512];
    cr_assert(strstr(header_value(&r, "X-Zoho-Mock-Scenario-Error", buf, sizeof buf), "cannot be set"), "%s", r.headers);
    tresponse_free(&r);
}

Test(scenarios, on_response_changes_the_answer)
{
    scenario_source("resp", NULL,
                    "function on_response(req, res)\n"
                    "  if req.route ~= 'items.list' then return nil end\n"
                    "  res.status = 203\n"
                    "  res.body.count = #res.body.items\n"
                    "  res.body.items = nil\n"
                    "  res.headers['X-Changed'] = 'yes'\n"
                    "  return res\n"
                    "end\n");
    tresponse r = treq("GET", V1 "/items" QA, JOHN, NULL);
    cr_assert_eq(r.status, 203, "%s", r.body);
    cr_assert_null(tjson_get(r.json, "items"));
    cr_assert_gt(tjson_num(r.json, "count"), 5);
    cr_assert_str_eq(tjson_str(r.json, "message"), "success");
    char buf[32];
    cr_assert_str_eq(header_value(&r, "X-Changed", buf, sizeof buf), "yes");
    tresponse_free(&r);
    /* Another route passes through. */
    r = treq("GET", V1 "/users" QA, JOHN, NULL);
    expect_zoho(&r, 200, 0);
    cr_assert_not_null(tjson_get(r.json, "users"));
    tresponse_free(&r);
}

Test(scenarios, json_round_trip_keeps_ids_nulls_and_empty_arrays)
{
    scenario_source("json", NULL,
                    "function on_response(req, res)\n"
                    "  res.body.big = 4815000000033003\n"
                    "  res.body.nothing = zoho.null\n"
                    "  res.body.empty = zoho.array()\n"
                    "  res.body.obj = {}\n"
                    "  res.body.list = {3, 2, 1}\n"
                    "  res.body.half = 0.5\n"
                    "  return res\n"
                    "end\n");
    tresponse r = treq("GET", V1 "/users" QA, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strstr(r.body, "\"big\":4815000000033003"), "%s", r.body);
    cr_assert(strstr(r.body, "\"nothing\":null"), "%s", r.body);
    cr_assert(strstr(r.body, "\"empty\":[]"), "%s", r.body);
    cr_assert(strstr(r.body, "\"obj\":{}"), "%s", r.body);
    cr_assert(strstr(r.body, "\"list\":[3,2,1]"), "%s", r.body);
    cr_assert(strstr(r.body, "\"half\":0.5"), "%s", r.body);
    cr_assert(cJSON_IsArray(tjson_get(r.json, "users")));
    tresponse_free(&r);
}

Test(scenarios, runtime_error_answers_500_and_is_reported)
{
    scenario_source("boom", ORG_A, "function on_request(req)\n  error('boom at ' .. req.route)\nend\n");
    tresponse r = treq("GET", V1 "/items" QA, JOHN, NULL);
    expect_zoho(&r, 500, 1000);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Internal error");
    char buf[512];
    const char *h = header_value(&r, "X-Zoho-Mock-Scenario-Error", buf, sizeof buf);
    cr_assert_not_null(h, "%s", r.headers);
    cr_assert(strstr(h, "boom:2: boom at items.list"), "%s", h);
    tresponse_free(&r);
    cJSON *e = scenario_entry("boom", ORG_A);
    cr_assert_not_null(e);
    cr_assert_eq(tjson_num(e, "errors"), 1);
    cr_assert_str_eq(tjson_str(e, "last_error"), "boom:2: boom at items.list");
    cJSON_Delete(e);
    /* The server keeps serving: the other organization, and the admin API. */
    r = treq("GET", V1 "/items" QB, JANE, NULL);
    expect_zoho(&r, 200, 0);
    cr_assert_null(header_value(&r, "X-Zoho-Mock-Scenario-Error", buf, sizeof buf));
    tresponse_free(&r);
    cr_assert_eq(get_status("/__admin/health", NULL), 200);
}

Test(scenarios, bad_response_tables_are_runtime_errors)
{
    const char *cases[][2] = {
        {"function on_request(req) return 42 end", "must return a table or nil"},
        {"function on_request(req) return {status = 42} end", "status must be an HTTP status"},
        {"function on_request(req) return {fault = 'explode'} end", "unknown fault 'explode'"},
        {"function on_request(req) return {status = 200, body = print} end", "body must be a table or a string"},
        {"function on_request(req) local t = {} t.self = t return {status = 200, body = t} end", "nested more than"},
        {"function on_request(req) return {delay_ms = -5} end", "delay_ms must be a number"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        scenario_source("bad", NULL, cases[i][0]);
        tresponse r = treq("GET", V1 "/users" QA, JOHN, NULL);
        expect_zoho(&r, 500, 1000);
        char buf[512];
        const char *h = header_value(&r, "X-Zoho-Mock-Scenario-Error", buf, sizeof buf);
        cr_assert(h && strstr(h, cases[i][1]), "case %zu: %s", i, h ? h : r.headers);
        tresponse_free(&r);
    }
}

/* ----------------------------------------------------------- the sandbox */

Test(scenarios, sandbox_escapes_are_refused_or_stopped)
{
    const char *cases[][2] = {
        {"return io.open('/etc/passwd')", "global 'io'"},
        {"return os.execute('touch /tmp/zm-pwned')", "field 'execute'"},
        {"return os.getenv('HOME')", "field 'getenv'"},
        {"return os.exit(1)", "field 'exit'"},
        {"return require('io')", "global 'require'"},
        {"return load('return 1')", "global 'load'"},
        {"return loadfile('/etc/passwd')", "global 'loadfile'"},
        {"return dofile('/etc/passwd')", "global 'dofile'"},
        {"return string.dump(function() end)", "field 'dump'"},
        {"return ('x').dump(print)", "field 'dump'"},
        {"return debug.getinfo(1)", "global 'debug'"},
        {"return package.loadlib('libc.so.6', 'system')", "global 'package'"},
        {"collectgarbage('stop')", "collectgarbage('stop') is not available"},
        {"collectgarbage()", "collectgarbage('collect') is not available"},
        {"while true do end", "instruction budget exceeded"},
        {"while true do pcall(function() while true do end end) end", "instruction budget exceeded"},
        {"pcall(function() while true do end end) return nil", "instruction budget exceeded"},
        {"local s = string.rep('x', 1 << 30) return {status = 200, body = s}", "not enough memory"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char src[512];
        snprintf(src, sizeof src, "function on_request(req)\n  %s\nend\n", cases[i][0]);
        scenario_source("escape", ORG_A, src);
        double t0 = now_ms();
        tresponse r = treq("GET", V1 "/users" QA, JOHN, NULL);
        expect_zoho(&r, 500, 1000);
        char buf[512];
        const char *h = header_value(&r, "X-Zoho-Mock-Scenario-Error", buf, sizeof buf);
        cr_assert(h && strstr(h, cases[i][1]), "case %s: %s", cases[i][0], h ? h : r.headers);
        tresponse_free(&r);
        cr_assert_lt(now_ms() - t0, 20000, "case %s took too long", cases[i][0]);
        /* ... and the server keeps answering. */
        cr_assert_eq(get_status("/__admin/health", NULL), 200);
        cr_assert_eq(get_status(V1 "/users" QB, JANE), 200);
    }
    cr_assert_neq(access("/tmp/zm-pwned", F_OK), 0);
    /* What is allowed still works. */
    tresponse gone = treq("DELETE", "/__admin/scenarios/escape" QA, NULL, NULL);
    cr_assert_eq(gone.status, 200);
    tresponse_free(&gone);
    scenario_source("allowed", NULL,
                    "function on_request(req)\n"
                    "  return {status = 200, body = {t = os.time() > 0, d = os.date('!%Y', 0), u = utf8.char(72, 105),\n"
                    "    m = math.floor(2.5), s = string.format('%03d', 7), c = collectgarbage('count') > 0,\n"
                    "    tb = table.concat({'a', 'b'}, '-')}}\n"
                    "end\n");
    tresponse r = treq("GET", V1 "/users" QA, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "t"), 1);
    cr_assert_str_eq(tjson_str(r.json, "d"), "1970");
    cr_assert_str_eq(tjson_str(r.json, "u"), "Hi");
    cr_assert_eq(tjson_num(r.json, "m"), 2);
    cr_assert_str_eq(tjson_str(r.json, "s"), "007");
    cr_assert_eq(tjson_num(r.json, "c"), 1);
    cr_assert_str_eq(tjson_str(r.json, "tb"), "a-b");
    tresponse_free(&r);
}

Test(scenarios, bytecode_is_refused)
{
    /* A precompiled chunk (what string.dump would make) as the source. */
    static const char bytecode[] = "\x1bLuaT\x00\x19\x93\r\n\x1a\n\x04\x08\x08xV";
    tresponse r = scenario_post_source("bytecode", NULL, bytecode);
    expect_zoho(&r, 400, 4240);
    cr_assert(strstr(tjson_str(r.json, "message"), "attempt to load a binary chunk"), "%s", r.body);
    tresponse_free(&r);
    cr_assert_null(scenario_entry("bytecode", NULL));
}

/* ------------------------------------------------------------ the helpers */

Test(scenarios, zoho_error_builds_zoho_errors)
{
    scenario_source("errors", NULL,
                    "function on_request(req)\n"
                    "  if req.route == 'items.list' then return zoho.error(1002, 'Stock count') end\n"
                    "  if req.route == 'users.list' then return zoho.error(503, 9, 'Down for maintenance') end\n"
                    "  if req.route == 'locations.list' then return zoho.error(429, 44) end\n"
                    "  if req.route == 'organizations.list' then return zoho.error(123456) end\n"
                    "end\n");
    tresponse r = treq("GET", V1 "/items" QA, JOHN, NULL);
    expect_zoho(&r, 404, 1002);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock count does not exist.");
    tresponse_free(&r);
    r = treq("GET", V1 "/users" QA, JOHN, NULL);
    expect_zoho(&r, 503, 9);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Down for maintenance");
    tresponse_free(&r);
    r = treq("GET", V1 "/locations" QA, JOHN, NULL);
    expect_zoho(&r, 429, 44);
    cr_assert(strstr(tjson_str(r.json, "message"), "too many requests"), "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", V1 "/organizations", JOHN, NULL);
    expect_zoho(&r, 500, 1000);
    char buf[512];
    cr_assert(strstr(header_value(&r, "X-Zoho-Mock-Scenario-Error", buf, sizeof buf), "code 123456 is not in the error table"));
    tresponse_free(&r);
}

Test(scenarios, zoho_get_returns_read_only_copies)
{
    tresponse r = treq("POST", V1 "/inventorycounts" QA, JOHN,
                       "{\"location_id\":\"4815000000038080\",\"line_items\":[{\"item_id\":\"4815000000033003\"}]}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    char count_id[64];
    snprintf(count_id, sizeof count_id, "%s", tjson_str(r.json, "inventorycount.inventorycount_id"));
    tresponse_free(&r);
    scenario_source("getter", NULL,
                    "function on_request(req)\n"
                    "  if req.route ~= 'users.list' then return nil end\n"
                    "  local item = zoho.get('item', '4815000000033003')\n"
                    "  local count = zoho.get('count', req.query.count)\n"
                    "  item.name = 'changed in the copy'\n"
                    "  count.status = 'changed too'\n"
                    "  return {status = 200, body = {item_id = item.item_id, stock = item.stock_on_hand,\n"
                    "    lines = #count.line_items, number = count.inventorycount_number,\n"
                    "    no_count = zoho.get('count', '1') == nil, no_adjustment = zoho.get('adjustment', '1') == nil,\n"
                    "    no_profile = zoho.get('profile', '1') == nil,\n"
                    "    other_org = zoho.get('item', '4815000000033003', '10234700') == nil}}\n"
                    "end\n");
    char path[256];
    snprintf(path, sizeof path, V1 "/users" QA "&count=%s", count_id);
    r = treq("GET", path, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "item_id"), "4815000000033003");
    double stock = tjson_num(r.json, "stock");
    cr_assert_eq(tjson_num(r.json, "lines"), 1);
    cr_assert_str_eq(tjson_str(r.json, "number"), "IC-00001", "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "no_count"), 1);
    cr_assert_eq(tjson_num(r.json, "no_adjustment"), 1);
    cr_assert_eq(tjson_num(r.json, "no_profile"), 1);
    cr_assert_eq(tjson_num(r.json, "other_org"), 1);
    tresponse_free(&r);
    /* The model did not change, and agrees on the stock. */
    r = treq("GET", V1 "/items/4815000000033003" QA, JOHN, NULL);
    cr_assert_str_eq(tjson_str(r.json, "item.name"), "Wireless Mouse", "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", V1 "/items" QA, JOHN, NULL);
    const cJSON *it;
    double listed = NAN;
    cJSON_ArrayForEach(it, tjson_get(r.json, "items")) {
        if (strcmp(tjson_str(it, "item_id"), "4815000000033003") == 0) listed = tjson_num(it, "stock_on_hand");
    }
    cr_assert(listed > 0 && listed == stock, "listed %g, zoho.get %g", listed, stock);
    tresponse_free(&r);
    snprintf(path, sizeof path, V1 "/inventorycounts/%s" QA, count_id);
    r = treq("GET", path, JOHN, NULL);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), "yet_to_start", "%s", r.body);
    tresponse_free(&r);
    /* An unknown kind is a script error. */
    scenario_source("getter", NULL, "function on_request(req) zoho.get('customer', '1') end");
    r = treq("GET", V1 "/users" QA, JOHN, NULL);
    expect_zoho(&r, 500, 1000);
    tresponse_free(&r);
}

Test(scenarios, zoho_now_and_advance_move_the_clock)
{
    scenario_source("clock", NULL,
                    "function on_request(req)\n"
                    "  if req.route ~= 'users.list' then return nil end\n"
                    "  if req.query.back then zoho.advance(-1) end\n"
                    "  local before = zoho.now()\n"
                    "  local after = zoho.advance(90)\n"
                    "  return {status = 200, body = {before = before, after = after, now = zoho.now()}}\n"
                    "end\n");
    tresponse r = treq("GET", V1 "/users" QB, JANE, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    double before = tjson_num(r.json, "before"), after = tjson_num(r.json, "after");
    cr_assert(after - before >= 90 && after - before <= 91, "%s", r.body);
    cr_assert(tjson_num(r.json, "now") >= after, "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", "/__admin/clock" QB, NULL, NULL);
    cr_assert(tjson_num(r.json, "clock.epoch") >= after, "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", V1 "/users" QB "&back=1", JANE, NULL);
    expect_zoho(&r, 500, 1000);
    char buf[512];
    cr_assert(strstr(header_value(&r, "X-Zoho-Mock-Scenario-Error", buf, sizeof buf), "forward only"));
    tresponse_free(&r);
}

/* Three values of zoho.random and math.random, as "a,b,c|...". */
static void random_run(char *out, size_t size)
{
    out[0] = '\0';
    for (int i = 0; i < 3; i++) {
        tresponse r = treq("GET", V1 "/users" QA, JOHN, NULL);
        cr_assert_eq(r.status, 200, "%s", r.body);
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%.0f/%.17g/%.0f,", tjson_num(r.json, "r"), tjson_num(r.json, "f"),
                 tjson_num(r.json, "m"));
        tresponse_free(&r);
    }
}

Test(scenarios, zoho_random_is_seeded_and_repeats_after_reset)
{
    scenario_source("dice", NULL,
                    "function on_request(req)\n"
                    "  return {status = 200, body = {r = zoho.random(1000000), f = zoho.random(),\n"
                    "                                m = math.random(1000000)}}\n"
                    "end\n");
    char first[512], second[512];
    random_run(first, sizeof first);
    tresponse r = treq("POST", "/__admin/reset", NULL, NULL);
    cr_assert_eq(r.status, 200);
    tresponse_free(&r);
    random_run(second, sizeof second);
    cr_assert_str_eq(first, second);
    /* Not one value repeated: it is a sequence. */
    char *a = strtok(first, ","), *b = strtok(NULL, ",");
    cr_assert(a && b && strcmp(a, b) != 0, "%s", first);
}

Test(scenarios, zoho_log_writes_to_the_server_log)
{
    char path[512];
    snprintf(path, sizeof path, "%s/zm-scenario-log-%d", ttmpdir(), getpid());
    fflush(stderr);
    int saved = dup(2);
    FILE *f = fopen(path, "w+");
    cr_assert_not_null(f);
    dup2(fileno(f), 2);
    scenario_source("logger", NULL, "function on_request(req) zoho.log('hello', 42, true, nil) print('via print') end");
    long status = get_status(V1 "/users" QA, JOHN);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char buf[4096];
    rewind(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    unlink(path);
    cr_assert_eq(status, 200);
    cr_assert(strstr(buf, "zoho-mock: scenario logger: hello\t42\ttrue\tnil\n"), "%s", buf);
    cr_assert(strstr(buf, "zoho-mock: scenario logger: via print\n"), "%s", buf);
}

/* ------------------------------------------------------------- the examples */

Test(scenarios, rate_limit_lua_answers_429_code_44_after_100_a_minute)
{
    tresponse r = treq("PUT", "/__admin/clock", NULL, "{\"organization_id\":\"" ORG_A "\",\"frozen\":true}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    scenario_file("rate_limit.lua", ORG_A);
    for (int i = 1; i <= 100; i++) {
        r = treq("GET", V1 "/users" QA, JOHN, NULL);
        cr_assert_eq(r.status, 200, "call %d: %s", i, r.body);
        cr_assert_eq(header_long(&r, "X-Rate-Limit-Limit"), 1000);
        cr_assert_eq(header_long(&r, "X-Rate-Limit-Remaining"), 1000 - i, "%s", r.headers);
        long reset = header_long(&r, "X-Rate-Limit-Reset");
        cr_assert(reset > 0 && reset <= 86400, "%ld", reset);
        tresponse_free(&r);
    }
    r = treq("GET", V1 "/items" QA, JOHN, NULL);
    expect_zoho(&r, 429, 44);
    cr_assert_str_eq(tjson_str(r.json, "message"),
                     "You have made too many requests continuously. Please try again after some time.");
    cr_assert_eq(header_long(&r, "X-Rate-Limit-Remaining"), 900, "%s", r.headers);
    tresponse_free(&r);
    /* The other organization is not limited, and has no headers. */
    r = treq("GET", V1 "/users" QB, JANE, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(header_long(&r, "X-Rate-Limit-Limit"), -1);
    tresponse_free(&r);
    /* A minute later on the organization's clock, calls go through again. */
    r = treq("PUT", "/__admin/clock", NULL, "{\"organization_id\":\"" ORG_A "\",\"advance_seconds\":60}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", V1 "/users" QA, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(header_long(&r, "X-Rate-Limit-Remaining"), 899, "%s", r.headers);
    tresponse_free(&r);
    cr_assert_eq(scenario_number("rate_limit.lua", ORG_A, "rate_limit.organizations.0.minute_count"), 1);
    cr_assert_eq(scenario_number("rate_limit.lua", ORG_A, "rate_limit.organizations.0.day_count"), 101);
}

Test(scenarios, rate_limit_per_day_answers_code_45)
{
    scenario_source("daily", ORG_B, "zoho.rate_limit{per_day = 3}");
    for (int i = 1; i <= 3; i++) cr_assert_eq(get_status(V1 "/users" QB, ARJUN), 200);
    tresponse r = treq("GET", V1 "/users" QB, ARJUN, NULL);
    expect_zoho(&r, 429, 45);
    cr_assert_eq(header_long(&r, "X-Rate-Limit-Limit"), 3);
    cr_assert_eq(header_long(&r, "X-Rate-Limit-Remaining"), 0);
    tresponse_free(&r);
    r = treq("GET", V1 "/users" QA, JOHN, NULL);
    cr_assert_eq(r.status, 200);
    tresponse_free(&r);
    cr_assert(scenario_number("daily", ORG_B, "rate_limit.per_day") == 3);
    /* Bad limits are script errors. */
    r = scenario_post_source("daily2", NULL, "zoho.rate_limit{per_minut = 3}");
    expect_zoho(&r, 400, 4240);
    cr_assert(strstr(tjson_str(r.json, "message"), "unknown field 'per_minut'"), "%s", r.body);
    tresponse_free(&r);
}

Test(scenarios, rate_limit_concurrent_answers_code_1070)
{
    scenario_source("busy", ORG_A,
                    "zoho.rate_limit{concurrent = 2}\n"
                    "function on_request(req)\n"
                    "  if req.route == 'users.list' then return {fault = 'hang', delay_ms = 20000} end\n"
                    "end\n");
    int a = raw_send(V1 "/users" QA, JOHN), b = raw_send(V1 "/users" QA, JOHN);
    cr_assert(wait_for_number("busy", ORG_A, "rate_limit.organizations.0.inflight", 2));
    tresponse r = treq("GET", V1 "/items" QA, JOHN, NULL);
    expect_zoho(&r, 429, 1070);
    cr_assert_eq(header_long(&r, "X-Rate-Limit-Limit"), 2);
    cr_assert_eq(header_long(&r, "X-Rate-Limit-Remaining"), 0);
    tresponse_free(&r);
    /* The clients give up: the server notices, the slots free. */
    close(a);
    close(b);
    cr_assert(wait_for_number("busy", ORG_A, "rate_limit.organizations.0.inflight", 0));
    r = treq("GET", V1 "/items" QA, JOHN, NULL);
    expect_zoho(&r, 200, 0);
    cr_assert_eq(header_long(&r, "X-Rate-Limit-Remaining"), 1);
    tresponse_free(&r);
}

Test(scenarios, flaky_then_ok_lua_fails_twice_then_succeeds_until_reset)
{
    scenario_file("flaky_then_ok.lua", NULL);
    long want[] = {500, 500, 200, 200};
    for (int i = 0; i < 4; i++) {
        tresponse r = treq("GET", V1 "/items" QA, JOHN, NULL);
        expect_zoho(&r, want[i], want[i] == 500 ? 1000 : 0);
        if (want[i] == 500) cr_assert_str_eq(tjson_str(r.json, "message"), "Internal error");
        tresponse_free(&r);
    }
    cr_assert_eq(get_status(V1 "/users" QA, JOHN), 200);
    cr_assert_eq(get_status(V1 "/inventoryadjustments" QA, JOHN), 500);
    cr_assert_eq(scenario_route_n("flaky_then_ok.lua", NULL, "items.list"), 4);
    /* A reset starts the script over. */
    tresponse r = treq("POST", "/__admin/reset", NULL, NULL);
    cr_assert_eq(r.status, 200);
    tresponse_free(&r);
    cr_assert_eq(scenario_number("flaky_then_ok.lua", NULL, "calls"), 0);
    cr_assert_eq(get_status(V1 "/items" QA, JOHN), 500);
}

Test(scenarios, reset_of_one_organization_resets_its_scenarios_only)
{
    const char *src = "local n = 0\nfunction on_request(req) n = n + 1 return {status = 200, body = {n = n}} end\n";
    scenario_source("counter", ORG_A, src);
    scenario_source("counter", ORG_B, src);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(get_status(V1 "/users" QA, JOHN), 200);
        cr_assert_eq(get_status(V1 "/users" QB, ARJUN), 200);
    }
    tresponse r = treq("POST", "/__admin/reset" QA, NULL, NULL);
    cr_assert_eq(r.status, 200);
    tresponse_free(&r);
    r = treq("GET", V1 "/users" QA, JOHN, NULL);
    cr_assert_eq(tjson_num(r.json, "n"), 1, "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", V1 "/users" QB, ARJUN, NULL);
    cr_assert_eq(tjson_num(r.json, "n"), 4, "%s", r.body);
    tresponse_free(&r);
}

typedef struct timed_call {
    const char *path;
    long status;
    double ms;
} timed_call;

static void *timed_get(void *arg)
{
    timed_call *c = arg;
    double t0 = now_ms();
    tresponse r = treq("GET", c->path, JOHN, NULL);
    c->ms = now_ms() - t0;
    c->status = r.status;
    tresponse_free(&r);
    return NULL;
}

Test(scenarios, slow_lua_delays_without_stalling_others)
{
    scenario_file("slow.lua", NULL);
    timed_call slow = {V1 "/items" QA, 0, 0};
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, timed_get, &slow), 0);
    /* Once the hook has run, the slow call is waiting out its delay. */
    cr_assert(wait_for_number("slow.lua", NULL, "calls", 1));
    double t0 = now_ms();
    tresponse r = treq("GET", V1 "/users" QA, JOHN, NULL);
    double fast_ms = now_ms() - t0;
    expect_zoho(&r, 200, 0);
    tresponse_free(&r);
    /* Admin calls too (they take the model lock). */
    cr_assert_eq(get_status("/__admin/health", NULL), 200);
    pthread_join(t, NULL);
    cr_assert_eq(slow.status, 200);
    cr_assert_geq(slow.ms, 1500, "the delay was %.0f ms", slow.ms);
    cr_assert_lt(fast_ms, 1000, "the other call waited %.0f ms", fast_ms);
}

Test(scenarios, connection_faults_lua_on_a_real_socket)
{
    tresponse c = treq("POST", V1 "/inventorycounts" QA, JOHN,
                       "{\"location_id\":\"4815000000038080\",\"line_items\":[{\"item_id\":\"4815000000033003\"}]}");
    cr_assert_eq(c.status, 201, "%s", c.body);
    char count_path[256];
    snprintf(count_path, sizeof count_path, V1 "/inventorycounts/%s" QA,
             tjson_str(c.json, "inventorycount.inventorycount_id"));
    tresponse_free(&c);
    scenario_file("connection_faults.lua", NULL);
    raw_result *res = malloc(sizeof *res);
    cr_assert_not_null(res);

    /* reset: the client sees ECONNRESET, nothing else. */
    int fd = raw_send(V1 "/inventorycounts" QA, JOHN);
    raw_read(fd, 5000, res);
    close(fd);
    cr_assert_eq(res->error, ECONNRESET, "error %d, eof %d, %zu bytes: %s", res->error, res->eof, res->len, res->data);
    cr_assert_eq(res->len, 0);

    /* empty: an orderly close before any byte. */
    fd = raw_send(V1 "/items" QA, JOHN);
    raw_read(fd, 5000, res);
    close(fd);
    cr_assert(res->eof && res->len == 0 && res->error == 0, "eof %d, %zu bytes, error %d", res->eof, res->len, res->error);

    /* malformed: a whole response whose body is not JSON. */
    fd = raw_send(V1 "/inventoryadjustments" QA, JOHN);
    raw_read(fd, 5000, res);
    close(fd);
    cr_assert(strncmp(res->data, "HTTP/1.1 200", 12) == 0, "%s", res->data);
    cr_assert_eq((long)strlen(raw_body(res)), raw_content_length(res));
    cJSON *parsed = cJSON_Parse(raw_body(res));
    cr_assert_null(parsed, "the body parsed: %s", raw_body(res));

    /* truncate: fewer bytes than Content-Length, then the close. */
    fd = raw_send(count_path, JOHN);
    raw_read(fd, 5000, res);
    close(fd);
    cr_assert(res->eof, "no close: timed out %d, error %d", res->timed_out, res->error);
    cr_assert(strncmp(res->data, "HTTP/1.1 200", 12) == 0, "%s", res->data);
    cr_assert_gt(raw_content_length(res), 0);
    cr_assert_lt((long)strlen(raw_body(res)), raw_content_length(res));

    /* hang: nothing at all for a while, then (after delay_ms) a close. */
    fd = raw_send(V1 "/users" QA, JOHN);
    double t0 = now_ms();
    raw_read(fd, 500, res);
    cr_assert(res->timed_out && res->len == 0, "got %zu bytes, eof %d", res->len, res->eof);
    raw_read(fd, 10000, res);
    close(fd);
    cr_assert(res->eof && res->len == 0, "timed out %d, %zu bytes", res->timed_out, res->len);
    cr_assert_geq(now_ms() - t0, 1900);
    free(res);

    /* Each route faults once: the retries are answered. */
    const char *paths[] = {V1 "/inventorycounts" QA, V1 "/items" QA, V1 "/inventoryadjustments" QA,
                           count_path, V1 "/users" QA};
    for (size_t i = 0; i < 5; i++) {
        tresponse r = treq("GET", paths[i], JOHN, NULL);
        expect_zoho(&r, 200, 0);
        tresponse_free(&r);
    }
}

Test(scenarios, every_fault_kind_from_on_response_and_after_a_delay)
{
    scenario_source("late", NULL,
                    "function on_response(req, res)\n"
                    "  return {fault = req.query.fault, delay_ms = tonumber(req.query.ms)}\n"
                    "end\n");
    raw_result *res = malloc(sizeof *res);
    cr_assert_not_null(res);
    double t0 = now_ms();
    int fd = raw_send(V1 "/users" QA "&fault=reset&ms=300", JOHN);
    raw_read(fd, 5000, res);
    close(fd);
    cr_assert_eq(res->error, ECONNRESET);
    cr_assert_geq(now_ms() - t0, 300);
    fd = raw_send(V1 "/users" QA "&fault=hang&ms=200", JOHN);
    raw_read(fd, 5000, res);
    close(fd);
    cr_assert(res->eof && res->len == 0);
    free(res);
}

Test(scenarios, background_start_lua_drives_the_background_switch)
{
    scenario_file("background_start.lua", ORG_A);
    tresponse r = treq("GET", "/__admin/background" QA, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strstr(r.body, "\"after_reads\":2"), "%s", r.body);
    cr_assert(strstr(r.body, "\"after_seconds\":30"), "%s", r.body);
    tresponse_free(&r);

    r = treq("POST", V1 "/inventorycounts" QA, JOHN,
             "{\"location_id\":\"4815000000038080\",\"line_items\":[{\"item_id\":\"4815000000033003\"}]}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    char path[256];
    snprintf(path, sizeof path, V1 "/inventorycounts/%s", tjson_str(r.json, "inventorycount.inventorycount_id"));
    tresponse_free(&r);
    char url[300];
    snprintf(url, sizeof url, "%s/start" QA, path);
    r = treq("POST", url, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock count start has been scheduled in background.");
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), "start_in_progress");
    tresponse_free(&r);
    snprintf(url, sizeof url, "%s" QA, path);
    const char *want[] = {"start_in_progress", "start_in_progress", "counting"};
    for (int i = 0; i < 3; i++) {
        r = treq("GET", url, JOHN, NULL);
        cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), want[i], "read %d: %s", i + 1, r.body);
        tresponse_free(&r);
    }
    /* Deactivated: the switches are off again. */
    r = treq("DELETE", "/__admin/scenarios/background_start.lua", NULL, NULL);
    cr_assert_eq(r.status, 200);
    tresponse_free(&r);
    r = treq("GET", "/__admin/background" QA, NULL, NULL);
    cr_assert_null(strstr(r.body, "\"after_reads\":2"), "%s", r.body);
    cr_assert_null(strstr(r.body, "\"after_seconds\":30"), "%s", r.body);
    tresponse_free(&r);
}

Test(scenarios, small_pages_lua_caps_per_page_at_2)
{
    tresponse all = treq("GET", V1 "/items" QA, JOHN, NULL);
    cr_assert_eq(all.status, 200);
    int total = cJSON_GetArraySize(tjson_get(all.json, "items"));
    cr_assert_gt(total, 4);
    scenario_file("small_pages.lua", NULL);
    int seen = 0;
    for (int page = 1; page <= 200; page++) {
        char path[256];
        snprintf(path, sizeof path, V1 "/items" QA "&per_page=50&page=%d", page);
        tresponse r = treq("GET", path, JOHN, NULL);
        cr_assert_eq(r.status, 200, "%s", r.body);
        int n = cJSON_GetArraySize(tjson_get(r.json, "items"));
        cr_assert_leq(n, 2);
        cr_assert_eq(tjson_num(r.json, "page_context.per_page"), 2);
        for (int i = 0; i < n; i++) {
            char key[64];
            snprintf(key, sizeof key, "items.%d.item_id", seen + i);
            char mine[64];
            snprintf(mine, sizeof mine, "items.%d.item_id", i);
            cr_assert_str_eq(tjson_str(r.json, mine), tjson_str(all.json, key));
        }
        seen += n;
        bool more = tjson_num(r.json, "page_context.has_more_page") == 1;
        tresponse_free(&r);
        if (!more) break;
    }
    cr_assert_eq(seen, total);
    tresponse_free(&all);
}

Test(scenarios, token_expiry_lua_expires_tokens_after_3_calls)
{
    scenario_file("token_expiry.lua", NULL);
    for (int i = 0; i < 3; i++) cr_assert_eq(get_status(V1 "/users" QA, JOHN), 200);
    tresponse r = treq("GET", V1 "/items" QA, JOHN, NULL);
    expect_zoho(&r, 401, 57);
    cr_assert_str_eq(tjson_str(r.json, "message"), "You are not authorized to perform this operation");
    tresponse_free(&r);
    cr_assert_eq(get_status(V1 "/users" QA, JANE), 200);
    /* The client refreshes and carries on. */
    r = treq("POST",
             "/oauth/v2/token?grant_type=refresh_token&client_id=1000.CLIENTJOHN&client_secret=secret-john"
             "&refresh_token=1000.refresh.john",
             NULL, NULL);
    cr_assert_eq(r.status, 200);
    char token[128];
    snprintf(token, sizeof token, "%s", tjson_str(r.json, "access_token"));
    tresponse_free(&r);
    for (int i = 0; i < 3; i++) cr_assert_eq(get_status(V1 "/users" QA, token), 200);
    cr_assert_eq(get_status(V1 "/users" QA, token), 401);
}

Test(scenarios, drift_lua_renames_and_drops_fields)
{
    tresponse r = treq("POST", V1 "/inventorycounts" QA, JOHN,
                       "{\"location_id\":\"4815000000038080\",\"line_items\":[{\"item_id\":\"4815000000033003\"}]}");
    char path[256];
    snprintf(path, sizeof path, V1 "/inventorycounts/%s" QA, tjson_str(r.json, "inventorycount.inventorycount_id"));
    tresponse_free(&r);
    r = treq("POST", V1 "/inventoryadjustments" QA, JOHN,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
             "\"line_items\":[{\"item_id\":\"4815000000033003\",\"quantity_adjusted\":-1,"
             "\"warehouse_id\":\"4815000000038080\"}]}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    tresponse_free(&r);
    scenario_file("drift.lua", NULL);
    r = treq("GET", path, JOHN, NULL);
    expect_zoho(&r, 200, 0);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.count_status"), "yet_to_start", "%s", r.body);
    cr_assert_null(tjson_get(r.json, "inventorycount.status"));
    cr_assert_eq(tjson_num(r.json, "x_drift"), 1);
    tresponse_free(&r);
    r = treq("GET", V1 "/inventorycounts" QA, JOHN, NULL);
    cr_assert_not_null(tjson_get(r.json, "inventorycounts.0.inventorycount_id"), "%s", r.body);
    cr_assert_null(tjson_get(r.json, "inventorycounts.0.inventorycount_number"));
    cr_assert_not_null(tjson_get(r.json, "page_context.page"));
    cr_assert_null(tjson_get(r.json, "page_context.has_more_page"));
    tresponse_free(&r);
    r = treq("GET", V1 "/inventoryadjustments" QA, JOHN, NULL);
    cr_assert_not_null(tjson_get(r.json, "inventory_adjustments.0.adjustment_date"), "%s", r.body);
    cr_assert_null(tjson_get(r.json, "inventory_adjustments.0.date"));
    tresponse_free(&r);
}

/* ------------------------------------------------- organizations, threads */

typedef struct hammer {
    const char *path;
    const char *token;
    int calls;
    int ok;             /* answers as expected */
    long statuses[64];
    long counters[64];  /* X-Count of each answer */
} hammer;

static void *hammer_run(void *arg)
{
    hammer *h = arg;
    for (int i = 0; i < h->calls; i++) {
        tresponse r = treq("GET", h->path, h->token, NULL);
        h->statuses[i] = r.status;
        h->counters[i] = header_long(&r, "X-Count");
        tresponse_free(&r);
    }
    return NULL;
}

Test(scenarios, two_organizations_with_different_scenarios_at_once)
{
    scenario_source("down", ORG_A, "function on_request(req) return zoho.error(503, 9, 'Down in A') end");
    scenario_file("small_pages.lua", ORG_B);
    hammer a = {V1 "/items" QA, JANE, 20, 0, {0}, {0}}, b = {V1 "/items" QB, JANE, 20, 0, {0}, {0}};
    pthread_t ta, tb;
    cr_assert_eq(pthread_create(&ta, NULL, hammer_run, &a), 0);
    cr_assert_eq(pthread_create(&tb, NULL, hammer_run, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    for (int i = 0; i < 20; i++) {
        cr_assert_eq(a.statuses[i], 503);
        cr_assert_eq(b.statuses[i], 200);
    }
    tresponse r = treq("GET", V1 "/items" QB, ARJUN, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "items")), 2, "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", V1 "/items" QA, JOHN, NULL);
    expect_zoho(&r, 503, 9);
    tresponse_free(&r);
    cr_assert_eq(scenario_number("down", ORG_A, "calls"), 21);
    cr_assert_eq(scenario_number("small_pages.lua", ORG_B, "calls"), 21);
}

static int compare_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

Test(scenarios, counters_stay_exact_under_concurrent_load)
{
    scenario_source("count", NULL,
                    "local count = 0\n"
                    "function on_request(req)\n"
                    "  count = count + 1\n"
                    "  return {headers = {['X-Count'] = count}}\n"
                    "end\n");
    enum { THREADS = 8, CALLS = 25 };
    static hammer h[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        memset(&h[i], 0, sizeof h[i]);
        h[i].path = i % 2 ? V1 "/users" QA : V1 "/locations" QB;
        h[i].token = JANE;
        h[i].calls = CALLS;
        cr_assert_eq(pthread_create(&t[i], NULL, hammer_run, &h[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
    long all[THREADS * CALLS];
    for (int i = 0; i < THREADS; i++)
        for (int k = 0; k < CALLS; k++) {
            cr_assert_eq(h[i].statuses[k], 200);
            all[i * CALLS + k] = h[i].counters[k];
        }
    qsort(all, THREADS * CALLS, sizeof all[0], compare_long);
    for (int i = 0; i < THREADS * CALLS; i++) cr_assert_eq(all[i], i + 1, "counter %d is %ld", i, all[i]);
    cr_assert_eq(scenario_number("count", NULL, "calls"), THREADS * CALLS);
    cr_assert_eq(scenario_route_n("count", NULL, "users.list"), THREADS * CALLS / 2);
    cr_assert_eq(scenario_route_n("count", NULL, "locations.list"), THREADS * CALLS / 2);
    tresponse r = treq("GET", V1 "/users" QA, JOHN, NULL);
    cr_assert_eq(header_long(&r, "X-Count"), THREADS * CALLS + 1);
    tresponse_free(&r);
}

/* ------------------------------------------------------------ the rest */

Test(scenarios, stopping_the_server_ends_hangs_and_delays)
{
    scenario_source("stuck", NULL,
                    "function on_request(req)\n"
                    "  if req.route == 'users.list' then return {fault = 'hang', delay_ms = 600000} end\n"
                    "  return {delay_ms = 600000}\n"
                    "end\n");
    int a = raw_send(V1 "/users" QA, JOHN), b = raw_send(V1 "/items" QA, JOHN);
    cr_assert(wait_for_number("stuck", NULL, "calls", 2));
    double t0 = now_ms();
    tserver_stop();
    cr_assert_lt(now_ms() - t0, 5000, "stopping took %.0f ms", now_ms() - t0);
    close(a);
    close(b);
    tserver_start(NULL);    /* for the suite's .fini */
    cr_assert_eq(get_status("/__admin/health", NULL), 200);
}

/* scenarios/README.md's generated table (make routes-readme) lists every
 * Zoho route, hand-written and documented, and nothing else. */
Test(scenarios, readme_lists_every_route_name)
{
    char err[256], why[256];
    cr_assert_eq(server_routes_ready(err, sizeof err), 0, "%s", err);
    char *text = file_read("scenarios/README.md", 0, NULL, NULL, why, sizeof why);
    cr_assert_not_null(text, "scenarios/README.md: %s", why);
    size_t listed = 0;
    for (size_t i = 0; i < router_count(); i++) {
        const zm_route *r = router_route(i);
        if (r->kind == ROUTE_PUBLIC) continue;
        char *row = xasprintf("| `%s` | %s | `%s` |", r->name, r->method, r->pattern);
        cr_assert(strstr(text, row), "scenarios/README.md lacks %s (%s %s): run make routes-readme", r->name,
                  r->method, r->pattern);
        free(row);
        listed++;
    }
    /* Every documented operation has a route (hand-written or the engine's). */
    for (size_t k = 0; k < spec_count(); k++) {
        char *pattern = xasprintf("/inventory/v1%s", spec_op(k)->path);
        bool routed = false;
        for (size_t i = 0; i < router_count() && !routed; i++)
            routed = !strcmp(router_route(i)->method, spec_op(k)->method) && !strcmp(router_route(i)->pattern, pattern);
        cr_assert(routed, "no route for %s %s", spec_op(k)->method, pattern);
        free(pattern);
    }
    cr_assert_geq(spec_count(), 504);
    /* No row of the generated table names a route that is gone. */
    char *table = strstr(text, "<!-- routes: generated by");
    cr_assert_not_null(table, "scenarios/README.md lacks the routes markers");
    char *table_end = strstr(table, "<!-- end of routes -->");
    cr_assert_not_null(table_end, "scenarios/README.md lacks the end of routes marker");
    *table_end = '\0';
    size_t rows = 0;
    for (const char *p = strstr(table, "\n| `"); p; p = strstr(p + 1, "\n| `")) {
        const char *name = p + 4, *end = strchr(name, '`');
        cr_assert_not_null(end);
        bool known = false;
        for (size_t i = 0; i < router_count() && !known; i++)
            known = strlen(router_route(i)->name) == (size_t)(end - name) &&
                    strncmp(router_route(i)->name, name, (size_t)(end - name)) == 0;
        cr_assert(known, "scenarios/README.md lists %.*s, which is no route: run make routes-readme",
                  (int)(end - name), name);
        rows++;
    }
    cr_assert_eq(rows, listed, "scenarios/README.md has %zu route rows for %zu routes", rows, listed);
    free(text);
}

Test(scenarios, every_example_script_loads)
{
    const char *files[] = {"rate_limit.lua", "flaky_then_ok.lua", "slow.lua", "connection_faults.lua",
                           "background_start.lua", "small_pages.lua", "token_expiry.lua", "drift.lua"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) scenario_file(files[i], ORG_B);
    tresponse r = treq("GET", "/__admin/scenarios", NULL, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "scenarios")), 8, "%s", r.body);
    tresponse_free(&r);
}

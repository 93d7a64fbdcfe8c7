/* test_admin_views.c -- what the dashboard reads: /__admin/organizations, /peek, /scenarios/examples, /verify */
#include <dirent.h>

#include "scenario_util.h"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(views, .init = start, .fini = stop);

static int journal_size(void)
{
    tresponse r = treq("GET", "/__admin/requests", NULL, NULL);
    expect_ok(&r, 200, "success");
    int n = cJSON_GetArraySize(tjson_get(r.json, "requests"));
    tresponse_free(&r);
    return n;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* ------------------------------------------------------------ organizations */

Test(views, organizations_at_a_glance)
{
    tresponse r = treq("GET", "/__admin/organizations", NULL, NULL);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "organizations")), 3);
    cr_assert_str_eq(tjson_str(r.json, "organizations.0.organization_id"), ORG_A);
    cr_assert_str_eq(tjson_str(r.json, "organizations.0.name"), "Zylker Electronics");
    cr_assert_str_eq(tjson_str(r.json, "organizations.1.name"), "Zylker Retail");
    cr_assert_str_eq(tjson_str(r.json, "organizations.1.clock.now"), "2025-06-15T09:00:00+0530");
    cr_assert(cJSON_IsTrue(tjson_get(r.json, "organizations.1.clock.frozen")));
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "organizations.0.locations")), 3);
    cr_assert_str_eq(tjson_str(r.json, "organizations.0.locations.0.location_name"), "Main Warehouse");
    cr_assert_eq(tjson_num(r.json, "organizations.0.documents.inventoryadjustments"), 0);
    /* The token it names works on the Zoho API. */
    char token[64];
    snprintf(token, sizeof token, "%s", tjson_str(r.json, "organizations.1.token"));
    tresponse_free(&r);
    r = treq("GET", V1 "/items" QB, token, NULL);
    expect_ok(&r, 200, "success");
    tresponse_free(&r);

    r = treq("POST", V1 "/inventoryadjustments" QA, JOHN,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"4815000000033024\",\"quantity_adjusted\":-1}]}");
    expect_ok(&r, 201, NULL);
    tresponse_free(&r);
    r = treq("GET", "/__admin/organizations?organization_id=" ORG_A, NULL, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "organizations")), 1);
    cr_assert_eq(tjson_num(r.json, "organizations.0.documents.inventoryadjustments"), 1);
    tresponse_free(&r);
    r = treq("GET", "/__admin/organizations?organization_id=999", NULL, NULL);
    expect_error(&r, 404, 1002, "Organization does not exist.");
    tresponse_free(&r);
}

/* Every other module: where it is listed, and its count following a create. */
static const cJSON *module_entry(const cJSON *org, const char *name)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, tjson_get(org, "modules")) if (!strcmp(tjson_str(m, "module"), name)) return m;
    return NULL;
}

Test(views, organizations_name_every_module_with_its_list_and_count)
{
    tresponse r = treq("GET", "/__admin/organizations?organization_id=" ORG_A, NULL, NULL);
    const cJSON *org = tjson_get(r.json, "organizations.0");
    const cJSON *so = module_entry(org, "salesorders");
    cr_assert_not_null(so, "%s", r.body);
    cr_assert_str_eq(tjson_str(so, "path"), "/inventory/v1/salesorders");
    cr_assert_str_eq(tjson_str(so, "key"), "salesorders");
    cr_assert_str_eq(tjson_str(so, "id"), "salesorder_id");
    cr_assert_str_eq(tjson_str(so, "label"), "Sales Orders");
    cr_assert_eq(tjson_num(so, "count"), 0);
    cr_assert_str_eq(tjson_str(module_entry(org, "batches"), "path"), "/inventory/v1/items/batches");
    cr_assert_str_eq(tjson_str(module_entry(org, "packages"), "key"), "packages");
    cr_assert_null(module_entry(org, "inventoryadjustments"), "counted in documents already");
    cr_assert_gt(cJSON_GetArraySize(tjson_get(org, "modules")), 30);
    tresponse_free(&r);

    r = treq("POST", V1 "/salesorders" QA, JOHN,
             "{\"customer_id\":\"4815000000000700\",\"line_items\":[{\"item_id\":\"4815000000033024\",\"quantity\":1,\"rate\":5}]}");
    expect_ok(&r, 201, NULL);
    tresponse_free(&r);
    r = treq("GET", "/__admin/organizations?organization_id=" ORG_A, NULL, NULL);
    cr_assert_eq(tjson_num(module_entry(tjson_get(r.json, "organizations.0"), "salesorders"), "count"), 1, "%s", r.body);
    tresponse_free(&r);
    /* Each module's list answers under the key it names. */
    r = treq("GET", V1 "/salesorders" QA, JOHN, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "salesorders")), 1, "%s", r.body);
    tresponse_free(&r);
}

/* ------------------------------------------------------------ peek */

static tresponse peek(const char *org, const char *path)
{
    char url[1024];
    snprintf(url, sizeof url, "/__admin/peek?organization_id=%s&path=%s", org, path);
    return treq("GET", url, NULL, NULL);
}

Test(views, peek_answers_what_the_api_answers_outside_the_traffic)
{
    tresponse api = treq("GET", V1 "/items/4815000000033013" QA, JOHN, NULL);
    expect_ok(&api, 200, "success");
    tresponse r = treq("DELETE", "/__admin/requests", NULL, NULL);
    tresponse_free(&r);

    tresponse p = peek(ORG_A, V1 "/items/4815000000033013");
    expect_ok(&p, 200, "success");
    cr_assert(cJSON_Compare(api.json, p.json, true), "peek %s\napi %s", p.body, api.body);
    tresponse_free(&p);
    tresponse_free(&api);

    /* Its query travels URL-encoded inside path=. */
    p = peek(ORG_A, "/inventory/v1/items%3Fper_page%3D2%26page%3D2");
    expect_ok(&p, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(p.json, "items")), 2);
    cr_assert_eq(tjson_num(p.json, "page_context.page"), 2);
    tresponse_free(&p);

    /* Not journaled, and scenarios do not touch it. */
    scenario_source("down", NULL, "function on_request(req) return zoho.error(503, 9, 'Down') end");
    p = peek(ORG_B, V1 "/items");
    expect_ok(&p, 200, "success");
    tresponse_free(&p);
    r = treq("GET", V1 "/items" QB, ARJUN, NULL);
    cr_assert_eq(r.status, 503);
    tresponse_free(&r);
    cr_assert_eq(journal_size(), 1, "only the API call");
    cr_assert_eq(scenario_number("down", NULL, "calls"), 1);
}

Test(views, peek_is_no_clients_read_of_a_count_in_the_background)
{
    tresponse r = treq("PUT", "/__admin/background", NULL, "{\"organization_id\":\"" ORG_A "\",\"start\":{\"after_reads\":1}}");
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = treq("POST", V1 "/inventorycounts" QA, JOHN, "{\"location_id\":\"4815000000038080\",\"line_items\":[{\"item_id\":\"4815000000033024\"}]}");
    expect_ok(&r, 201, NULL);
    char path[128], id[32];
    snprintf(id, sizeof id, "%s", tjson_str(r.json, "inventorycount.inventorycount_id"));
    tresponse_free(&r);
    snprintf(path, sizeof path, V1 "/inventorycounts/%s/start" QA, id);
    r = treq("POST", path, JOHN, NULL);
    expect_ok(&r, 200, "Stock count start has been scheduled in background.");
    tresponse_free(&r);

    snprintf(path, sizeof path, V1 "/inventorycounts/%s", id);
    for (int i = 0; i < 3; i++) {
        tresponse p = peek(ORG_A, path);
        expect_ok(&p, 200, "success");
        cr_assert_str_eq(tjson_str(p.json, "inventorycount.status"), "start_in_progress");
        tresponse_free(&p);
    }
    snprintf(path, sizeof path, V1 "/inventorycounts/%s" QA, id);
    r = treq("GET", path, JOHN, NULL);      /* the one read it waits for */
    tresponse_free(&r);
    snprintf(path, sizeof path, V1 "/inventorycounts/%s", id);
    tresponse p = peek(ORG_A, path);
    cr_assert_str_eq(tjson_str(p.json, "inventorycount.status"), "counting");
    tresponse_free(&p);
}

Test(views, peek_refuses_what_is_not_a_zoho_get)
{
    static const struct { const char *query; long status; int code; const char *message; } cases[] = {
        {"?organization_id=" ORG_A, 400, 11, "The parameter path is mandatory."},
        {"?organization_id=" ORG_A "&path=", 400, 2, "Invalid value passed for path"},
        {"?organization_id=" ORG_A "&path=inventory/v1/items", 400, 2, "Invalid value passed for path"},
        {"?organization_id=" ORG_A "&path=/inventory/v1/nowhere", 400, 2, "Invalid value passed for path"},
        {"?organization_id=" ORG_A "&path=/inventory/v1/inventorycounts/1/start", 400, 2, "Invalid value passed for path"},
        {"?organization_id=" ORG_A "&path=/__admin/health", 400, 2, "Invalid value passed for path"},
        {"?organization_id=" ORG_A "&path=/oauth/v2/token", 400, 2, "Invalid value passed for path"},
        {"?path=/inventory/v1/items", 400, 11, "The parameter organization_id is mandatory."},
        {"?organization_id=123&path=/inventory/v1/items", 404, 1002, "Organization does not exist."},
        {"?organization_id=abc&path=/inventory/v1/items", 400, 2, "Invalid value passed for organization_id"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char url[256];
        snprintf(url, sizeof url, "/__admin/peek%s", cases[i].query);
        tresponse r = treq("GET", url, NULL, NULL);
        expect_error(&r, cases[i].status, cases[i].code, cases[i].message);
        tresponse_free(&r);
    }
    /* A Zoho error of the inner call is the inner call's answer. */
    tresponse r = peek(ORG_A, V1 "/items/4815000000099999");
    expect_error(&r, 404, 1002, "Item does not exist.");
    tresponse_free(&r);
}

/* ------------------------------------------------------------ scenario examples */

static int lua_file(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 4 && strcmp(d->d_name + n - 4, ".lua") == 0;
}

Test(views, the_examples_are_the_scenarios_folder)
{
    struct dirent **files;
    int n = scandir("scenarios", &files, lua_file, alphasort);
    cr_assert_gt(n, 0);
    tresponse r = treq("GET", "/__admin/scenarios/examples", NULL, NULL);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "examples")), n, "%s", r.body);
    for (int i = 0; i < n; i++) {
        char key[64], path[300];
        snprintf(key, sizeof key, "examples.%d.file", i);
        cr_assert_str_eq(tjson_str(r.json, key), files[i]->d_name);
        snprintf(key, sizeof key, "examples.%d.source", i);
        snprintf(path, sizeof path, "scenarios/%s", files[i]->d_name);
        cr_assert_str_eq(tjson_str(r.json, key), read_text(path));
        snprintf(key, sizeof key, "examples.%d.summary", i);
        cr_assert_gt(strlen(tjson_str(r.json, key)), 10, "%s has a summary line", files[i]->d_name);
        free(files[i]);
    }
    free(files);
    tresponse_free(&r);
    r = treq("GET", "/__admin/scenarios/examples", NULL, NULL);
    cr_assert_not_null(strstr(r.body, "\"summary\":\"the first 2 calls of each listed route fail with 500 code 1000, then they succeed\""));
    tresponse_free(&r);
}

/* ------------------------------------------------------------ verify */

static tresponse verify(const char *path)
{
    char body[1024];
    snprintf(body, sizeof body, "{\"path\":\"%s\"}", path);
    return treq("POST", "/__admin/verify", NULL, body);
}

Test(views, verify_replays_a_contract_in_a_child_process)
{
    cr_assert_not_null(getenv("ZOHO_MOCK_BIN"), "make sets ZOHO_MOCK_BIN");
    tresponse clock_before = treq("GET", "/__admin/clock?organization_id=" ORG_B, NULL, NULL);
    const char *file = "contracts/flows/scenario-flaky-then-ok.json";
    cJSON *contract = cJSON_Parse(read_text(file));
    int interactions = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(contract, "interactions"));

    tresponse r = verify(file);
    expect_ok(&r, 200, "success");
    cr_assert_eq(tjson_num(r.json, "passed"), interactions, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "failed"), 0);
    cr_assert_eq(tjson_num(r.json, "exit_code"), 0);
    cr_assert_str_eq(tjson_str(r.json, "files.0.file"), file);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "files.0.interactions")), interactions);
    cr_assert(cJSON_IsTrue(tjson_get(r.json, "files.0.interactions.0.passed")));
    cr_assert_str_eq(tjson_str(r.json, "files.0.interactions.0.name"), "#1 first try: Internal error");
    cr_assert_not_null(strstr(tjson_str(r.json, "output"), "passed, 0 failed"));
    tresponse_free(&r);

    /* This server's own state is untouched: the contract activated a
     * scenario and moved things in its own mock, not here. */
    cr_assert_eq(journal_size(), 0);
    r = treq("GET", "/__admin/scenarios", NULL, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "scenarios")), 0);
    tresponse_free(&r);
    r = treq("GET", "/__admin/clock?organization_id=" ORG_B, NULL, NULL);
    cr_assert_str_eq(tjson_str(r.json, "clock.now"), tjson_str(clock_before.json, "clock.now"));
    tresponse_free(&r);
    tresponse_free(&clock_before);

    /* A broken copy: the failing interaction and its difference. */
    cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(contract, "interactions"), 0);
    cJSON *body = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(first, "response"), "body");
    cJSON_ReplaceItemInObjectCaseSensitive(body, "message", cJSON_CreateString("Not <what> it \"says\" & more"));
    char broken[512];
    snprintf(broken, sizeof broken, "%s/broken.json", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    FILE *f = fopen(broken, "w");
    cr_assert_not_null(f);
    char *text = cJSON_Print(contract);
    fputs(text, f);
    fclose(f);
    cJSON_free(text);
    cJSON_Delete(contract);
    r = verify(broken);
    expect_ok(&r, 200, "success");
    cr_assert_eq(tjson_num(r.json, "failed"), 1, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "passed"), interactions - 1);
    cr_assert_eq(tjson_num(r.json, "exit_code"), 1);
    cr_assert(cJSON_IsFalse(tjson_get(r.json, "files.0.interactions.0.passed")));
    cr_assert_str_eq(tjson_str(r.json, "files.0.interactions.0.failure"),
                     "$.message: expected \"Not <what> it \\\"says\\\" & more\", actual \"Internal error\"");
    cr_assert(cJSON_IsNull(tjson_get(r.json, "files.0.interactions.1.failure")));
    tresponse_free(&r);
    remove(broken);
}

Test(views, verify_reports_what_it_cannot_read_and_refuses_no_path)
{
    tresponse r = verify("contracts/no-such-file.json");
    expect_ok(&r, 200, "success");
    cr_assert_eq(tjson_num(r.json, "failed"), 1);
    cr_assert_str_eq(tjson_str(r.json, "files.0.interactions.0.name"), "load");
    cr_assert_not_null(strstr(tjson_str(r.json, "files.0.interactions.0.failure"), "No such file"));
    tresponse_free(&r);

    r = treq("POST", "/__admin/verify", NULL, "{}");
    expect_error(&r, 400, 11, "The parameter path is mandatory.");
    tresponse_free(&r);
    r = verify("--target");
    expect_error(&r, 400, 4, "Invalid value passed for path");
    tresponse_free(&r);
    r = verify("");
    expect_error(&r, 400, 11, "The parameter path is mandatory.");
    tresponse_free(&r);
    r = treq("POST", "/__admin/verify", NULL, "{\"path\":5}");
    expect_error(&r, 400, 4, "Invalid value passed for path");
    tresponse_free(&r);
}

/* test_fixtures.c -- unit tests of fixture loading, validation errors and reset (fixtures.c) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "model/fixtures.h"
#include "model/model.h"
#include "tmpdir.h"
#include "util/file.h"

#define ORG1 "10234695"
#define ORG2 "10234700"
#define MAIN_WH "4815000000038080"
#define RACK_B1 "4815000000050020"
#define MOUSE "4815000000033003"

/* The default fixture file, found next to this source file. */
static const char *default_path(void)
{
    static char path[4096];
    const char *slash = strrchr(__FILE__, '/');
    int dir = slash ? (int)(slash - __FILE__) : 1;
    snprintf(path, sizeof path, "%.*s/../../fixtures/default.json", dir, slash ? __FILE__ : ".");
    return path;
}

static void load_default(void)
{
    char err[512] = "";
    int rc = fixtures_load(default_path(), err, sizeof err);
    cr_assert_eq(rc, 0, "default.json does not load: %s", err);
}

/* Writes text into a fresh temporary file; its name goes into path. */
static void write_temp(const char *text, char path[512])
{
    snprintf(path, 512, "%s/zm-fixture-XXXXXX", ttmpdir());
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    size_t n = strlen(text);
    cr_assert_eq(write(fd, text, n), (ssize_t)n);
    close(fd);
}

/* Loads text as a fixture file, expects failure and the error
 * "<file>: <expected>", and an empty model. */
static void expect_load_error(const char *text, const char *expected)
{
    char path[512], err[1024] = "", want[1100];
    write_temp(text, path);
    int rc = fixtures_load(path, err, sizeof err);
    unlink(path);
    snprintf(want, sizeof want, "%s: %s", path, expected);
    cr_expect_eq(rc, -1, "loaded although broken: %s", text);
    cr_expect_str_eq(err, want);
    cr_expect_eq(g_model.orgs.n, 0);
    cr_expect_eq(g_model.users.n, 0);
    cr_expect_eq(g_model.tokens.n, 0);
    cr_expect_null(g_model.fixture_root);
    model_clear();
}

/* One minimal, valid organization; BODY adds or replaces members. */
#define ORG_HEAD "{\"organization_id\": \"111\", \"name\": \"Org\", " \
                 "\"users\": [{\"user_id\": \"5\", \"name\": \"U\"}], " \
                 "\"locations\": [{\"location_id\": \"7\", \"location_name\": \"WH\", \"is_warehouse\": true, " \
                 "\"storages\": [{\"storage_id\": \"8\", \"storage_name\": \"Bin\"}]}]"

Test(fixtures, default_loads_with_expected_content)
{
    load_default();
    cr_assert_eq(g_model.orgs.n, 3);
    cr_assert_eq(g_model.users.n, 5, "John, Jane (in both orgs), Ravi, Arjun, Meera");
    cr_assert_eq(g_model.tokens.n, 7);
    cr_assert_eq(g_model.clients.n, 1);
    cr_assert_not_null(g_model.fixture_root);
    cr_assert_str_eq(g_model.fixture_path, default_path());

    zm_org *o1 = model_find_org(ORG1), *o2 = model_find_org(ORG2);
    cr_assert(o1 && o2);
    cr_assert_str_eq(o1->name, "Zylker Electronics");
    cr_assert_eq(o1->users.n, 3);
    cr_assert_eq(o1->locations.n, 3);
    cr_assert_eq(o1->items.n, 28);
    cr_assert_eq(o1->reasons.n, 5);
    cr_assert_eq(o1->accounts.n, 3);
    cr_assert_eq(o2->users.n, 2);
    cr_assert_eq(o2->items.n, 6);
    cr_assert_eq(o1->fixture, cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(g_model.fixture_root, "organizations"), 0));

    /* Jane is one global user, member of both organizations. */
    zm_user *jane = model_find_user("4815000000012300");
    cr_assert_not_null(jane);
    cr_assert_eq(org_find_user(o1, "4815000000012300"), jane);
    cr_assert_eq(org_find_user(o2, "4815000000012300"), jane);
    cr_assert(!model_user_in_org(o1, "4816000000012400"));

    /* Her token is listed in both, merged into one, clocked by the first. */
    zm_token *t = model_find_token("1000.full.jane");
    cr_assert_not_null(t);
    cr_assert_eq(t->clock_org, o1);
    cr_assert_eq(t->scopes.n, 1);
    cr_assert(!t->issued);
    cr_assert_eq(t->expires_at, 0);
    zm_token *ro = model_find_token("1000.readonly.john");
    cr_assert_not_null(ro);
    cr_assert_eq(ro->scopes.n, 5);
    cr_assert_eq(model_find_token("1000.full.arjun")->clock_org, o2);
    cr_assert_str_eq(g_model.clients.v[0]->client_id, "1000.CLIENTJOHN");
    cr_assert_eq(g_model.clients.v[0]->org, o1);

    /* Clocks: org 1 runs in real time at +05:30, org 2 is frozen. */
    cr_assert(!o1->clock.frozen);
    cr_assert_eq(o1->clock.utc_offset_minutes, 330);
    cr_assert(o2->clock.frozen);
    char when[32];
    clock_format_datetime(&o2->clock, clock_now(&o2->clock), when);
    cr_assert_str_eq(when, "2025-06-15T09:00:00+0530");

    /* Settings and stock. */
    cr_assert_str_eq(o1->settings.prefix_string, "IC-");
    cr_assert_str_eq(o1->settings.next_number, "00001");
    cr_assert_str_eq(o1->settings.default_reason_id, "4815000000000388");
    cr_assert_str_eq(o1->settings.default_adjustment_account, "4815000000000400");
    zm_item *laptop = org_find_item(o1, "4815000000033001");
    cr_assert_not_null(laptop);
    cr_assert_str_eq(laptop->sku, "LAP-15-WHT");
    cr_assert(laptop->track_batch_number && !laptop->track_serial_number);
    cr_assert_eq(item_stock_at(laptop, MAIN_WH), 17);
    cr_assert(item_is_bin_tracked_at(laptop, MAIN_WH));
    zm_item *mouse = org_find_item(o1, MOUSE);
    cr_assert_eq(item_stock_at(mouse, "4815000000038100"), 35);
    cr_assert_str_eq(mouse->stock.v[1].storage_id, "");
    cr_assert_eq(org_find_item(o1, "4815000000033027")->stock.n, 0);
    model_clear();
}

Test(fixtures, generated_ids_start_past_the_largest_fixture_id)
{
    load_default();
    zm_id id;
    org_new_id(model_find_org(ORG1), id);
    cr_assert_str_eq(id, "4815000000100000");
    org_new_id(model_find_org(ORG1), id);
    cr_assert_str_eq(id, "4815000000100001");
    org_new_id(model_find_org(ORG2), id);
    cr_assert_str_eq(id, "4816000000100000");
    cr_assert_eq(model_find_org(ORG1)->next_seq, 0);
    model_clear();
}

Test(fixtures, integer_ids_and_defaults_are_accepted)
{
    char path[512], err[512] = "";
    write_temp("{\"organizations\": [{\"organization_id\": 222, \"name\": \"N\", \"utc_offset\": \"-0330\","
               " \"users\": [{\"user_id\": 4815000000012345, \"name\": \"U\"}],"
               " \"reasons\": [{\"reason_id\": \"31\", \"reason\": \"A\"}, {\"reason_id\": \"32\", \"reason\": \"B\"}]}]}",
               path);
    int rc = fixtures_load(path, err, sizeof err);
    unlink(path);
    cr_assert_eq(rc, 0, "%s", err);
    zm_org *o = model_find_org("222");
    cr_assert_not_null(o);
    cr_assert_not_null(model_find_user("4815000000012345"));
    cr_assert_eq(o->clock.utc_offset_minutes, -210);
    cr_assert(!o->clock.frozen);
    cr_assert_str_eq(o->settings.prefix_string, "IC-");
    cr_assert_str_eq(o->settings.next_number, "00001");
    cr_assert_str_eq(o->settings.default_reason_id, "31");
    cr_assert_str_eq(o->settings.default_adjustment_account, "");
    cr_assert_eq(o->next_id, 4815000000100000ULL);
    model_clear();
}

Test(fixtures, missing_file)
{
    char err[512] = "";
    cr_assert_eq(fixtures_load("/nonexistent/zm.json", err, sizeof err), -1);
    cr_assert_str_eq(err, "/nonexistent/zm.json: cannot read: No such file or directory");
    cr_assert_eq(g_model.orgs.n, 0);
    model_clear();
}

Test(fixtures, invalid_json_names_the_line)
{
    expect_load_error("{\n  \"organizations\": [\n    {\"organization_id\": \"1\",,}\n  ]\n}\n",
                 "invalid JSON near line 3");
    expect_load_error("", "invalid JSON near line 1");
    expect_load_error("{\"organizations\": []} trailing", "invalid JSON near line 1");
}

Test(fixtures, top_level_errors)
{
    expect_load_error("[]", "$: expected an object with \"organizations\"");
    expect_load_error("{}", "$.organizations: is required (an array)");
    expect_load_error("{\"organizations\": []}", "$.organizations: at least one organization is required");
    expect_load_error("{\"organizations\": [" ORG_HEAD "}, " ORG_HEAD "}]}",
                 "$.organizations[1].organization_id: duplicate organization_id 111");
}

Test(fixtures, bad_item_id_type)
{
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"items\": [{\"item_id\": \"12\", \"name\": \"A\"},"
                 " {\"item_id\": true, \"name\": \"B\"}]}]}",
                 "$.organizations[0].items[1].item_id: expected a string of digits");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"items\": [{\"item_id\": \"12a\", \"name\": \"A\"}]}]}",
                 "$.organizations[0].items[0].item_id: expected a string of digits");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"items\": [{\"item_id\": \"12345678901234567890\", \"name\": \"A\"}]}]}",
                 "$.organizations[0].items[0].item_id: expected a string of digits, at most 19");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"items\": [{\"name\": \"A\"}]}]}",
                 "$.organizations[0].items[0].item_id: is required (a string of digits)");
}

Test(fixtures, duplicate_ids)
{
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"items\": [{\"item_id\": \"12\", \"name\": \"A\"},"
                 " {\"item_id\": \"12\", \"name\": \"B\"}]}]}",
                 "$.organizations[0].items[1].item_id: duplicate item_id 12 in this organization");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"accounts\": [{\"account_id\": \"9\", \"account_name\": \"A\"},"
                 " {\"account_id\": 9, \"account_name\": \"B\"}]}]}",
                 "$.organizations[0].accounts[1].account_id: duplicate account_id 9 in this organization");
}

Test(fixtures, unknown_stock_location_and_bin)
{
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"items\": [{\"item_id\": \"12\", \"name\": \"A\","
                 " \"stock\": [{\"location_id\": \"7\", \"quantity\": 1}, {\"location_id\": \"99\", \"quantity\": 2}]}]}]}",
                 "$.organizations[0].items[0].stock[1].location_id: location 99 is not a location of this organization");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"items\": [{\"item_id\": \"12\", \"name\": \"A\","
                 " \"stock\": [{\"location_id\": \"7\", \"storage_id\": \"98\", \"quantity\": 1}]}]}]}",
                 "$.organizations[0].items[0].stock[0].storage_id: storage 98 is not a storage (bin) of location 7");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"items\": [{\"item_id\": \"12\", \"name\": \"A\","
                 " \"stock\": [{\"location_id\": \"7\", \"quantity\": \"1\"}]}]}]}",
                 "$.organizations[0].items[0].stock[0].quantity: expected a number");
}

Test(fixtures, serial_and_batch_quantities_must_match)
{
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"items\": [{\"item_id\": \"12\", \"name\": \"A\","
                 " \"track_serial_number\": true, \"stock\": [{\"location_id\": \"7\", \"quantity\": 3,"
                 " \"serial_numbers\": [\"S1\", \"S2\"]}]}]}]}",
                 "$.organizations[0].items[0].stock[0].quantity: 3 does not match the 2 serial numbers of the row");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"items\": [{\"item_id\": \"12\", \"name\": \"A\","
                 " \"track_batch_number\": true, \"stock\": [{\"location_id\": \"7\", \"storage_id\": \"8\", \"quantity\": 5,"
                 " \"batches\": [{\"batch_number\": \"B1\", \"quantity\": 2}, {\"batch_number\": \"B2\", \"quantity\": 2}]}]}]}]}",
                 "$.organizations[0].items[0].stock[0].quantity: 5 does not match the sum of the batch quantities (4)");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"items\": [{\"item_id\": \"12\", \"name\": \"A\","
                 " \"stock\": [{\"location_id\": \"7\", \"quantity\": 1, \"serial_numbers\": [\"S1\"]}]}]}]}",
                 "$.organizations[0].items[0].stock[0].serial_numbers: the item does not track serial numbers"
                 " (\"track_serial_number\": true)");
}

Test(fixtures, bad_clock_and_offset)
{
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"clock\": \"2025-06-15 09:00\"}]}",
                 "$.organizations[0].clock: expected a date-time like \"2025-06-15T09:00:00+0530\"");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"utc_offset\": \"IST\"}]}",
                 "$.organizations[0].utc_offset: expected a UTC offset like \"+0530\"");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"clock\": \"2025-06-15T09:00:00+0530\", \"utc_offset\": \"+0100\"}]}",
                 "$.organizations[0].utc_offset: +0100 disagrees with the offset of \"clock\"");
}

Test(fixtures, token_and_settings_references)
{
    expect_load_error("{\"organizations\": [" ORG_HEAD "}, {\"organization_id\": \"112\", \"name\": \"Two\","
                 " \"tokens\": [{\"token\": \"t\", \"user_id\": \"5\", \"scopes\": []}]}]}",
                 "$.organizations[1].tokens[0].user_id: user 5 is not a user of this organization");
    expect_load_error("{\"organizations\": [{\"organization_id\": \"111\", \"name\": \"Org\", \"users\": [{\"user_id\": \"5\","
                 " \"name\": \"U\"}, {\"user_id\": \"6\", \"name\": \"V\"}], \"tokens\": [{\"token\": \"t\", \"user_id\": \"5\", \"scopes\": []},"
                 " {\"token\": \"t\", \"user_id\": \"6\", \"scopes\": []}]}]}",
                 "$.organizations[0].tokens[1].token: token t already belongs to user 5");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"tokens\": [{\"token\": \"t\", \"user_id\": \"5\","
                 " \"scopes\": [\"ZohoInventory.items.READ\", 3]}]}]}",
                 "$.organizations[0].tokens[0].scopes[1]: expected a string");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"settings\": {\"default_reason_id\": \"77\"}}]}",
                 "$.organizations[0].settings.default_reason_id: reason 77 is not a reason of this organization");
    expect_load_error("{\"organizations\": [" ORG_HEAD ", \"settings\": {\"next_number\": \"A1\"}}]}",
                 "$.organizations[0].settings.next_number: expected a string of digits, like \"00001\"");
}

Test(fixtures, reset_one_org_restores_it_in_place)
{
    load_default();
    zm_org *o1 = model_find_org(ORG1), *o2 = model_find_org(ORG2);
    zm_item *mouse = org_find_item(o1, MOUSE);
    cr_assert_eq(item_stock_at(mouse, MAIN_WH), 120);
    item_adjust_stock(mouse, MAIN_WH, RACK_B1, -20);
    cr_assert_eq(item_stock_at(mouse, MAIN_WH), 100);
    zm_id id;
    org_new_id(o1, id);
    org_next_seq(o1);
    o1->clock.offset = 3600;
    zm_item *o2mouse = org_find_item(o2, "4816000000033002");
    item_adjust_stock(o2mouse, "4816000000038090", NULL, 5);

    cr_assert_eq(fixtures_reset(ORG1), 0);
    cr_assert_eq(model_find_org(ORG1), o1, "the org keeps its address");
    cr_assert_eq(model_find_token("1000.full.john")->clock_org, o1);
    cr_assert_eq(item_stock_at(org_find_item(o1, MOUSE), MAIN_WH), 120);
    cr_assert_eq(o1->next_id, 4815000000100000ULL);
    cr_assert_eq(o1->next_seq, 0);
    cr_assert_eq(o1->clock.offset, 0);
    cr_assert_eq(o1->users.n, 3);
    cr_assert_eq(g_model.users.n, 5, "no user is added twice");
    cr_assert_eq(g_model.tokens.n, 7, "no token is added twice");
    cr_assert_eq(item_stock_at(org_find_item(o2, "4816000000033002"), "4816000000038090"), 20,
                 "the other organization is untouched");

    cr_assert_eq(fixtures_reset("999"), -1);
    model_clear();
}

Test(fixtures, reset_all_drops_issued_tokens)
{
    load_default();
    cJSON *root = g_model.fixture_root;
    zm_token *t = calloc(1, sizeof *t);
    cr_assert_not_null(t);
    t->token = strdup("1000.issued.0001");
    snprintf(t->user_id, ID_LEN, "%s", "4815000000012345");
    t->issued = true;
    t->expires_at = 4102444800;
    t->clock_org = model_find_org(ORG1);
    VEC_PUSH(g_model.tokens, t);
    cr_assert_not_null(model_find_token("1000.issued.0001"));
    item_adjust_stock(org_find_item(model_find_org(ORG1), MOUSE), MAIN_WH, RACK_B1, 7);

    cr_assert_eq(fixtures_reset(NULL), 0);
    cr_assert_null(model_find_token("1000.issued.0001"));
    cr_assert_not_null(model_find_token("1000.full.john"));
    cr_assert_eq(g_model.tokens.n, 7);
    cr_assert_eq(g_model.orgs.n, 3);
    cr_assert_eq(g_model.fixture_root, root, "the parsed file is kept, not re-read");
    cr_assert_str_eq(g_model.fixture_path, default_path());
    cr_assert_eq(item_stock_at(org_find_item(model_find_org(ORG1), MOUSE), MAIN_WH), 120);
    model_clear();
}

/* The default fixture as the file on disk parses: the built-in copy must be the same. */
static cJSON *default_file_json(void)
{
    char why[256];
    char *text = file_read(default_path(), 0, NULL, NULL, why, sizeof why);
    cr_assert_not_null(text, "%s", why);
    cJSON *j = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(j);
    return j;
}

Test(fixtures, built_in_copy_without_a_path_and_reset_restores_it)
{
    char err[512] = "";
    cr_assert_eq(fixtures_load(NULL, err, sizeof err), 0, "%s", err);
    cr_assert(fixtures_builtin());
    cr_assert_str_eq(g_model.fixture_path, "built-in fixtures/default.json");
    cJSON *disk = default_file_json();
    cr_assert(cJSON_Compare(disk, g_model.fixture_root, true), "the built-in copy is the file's text");
    cJSON_Delete(disk);
    cr_assert_eq(g_model.orgs.n, 3);

    item_adjust_stock(org_find_item(model_find_org(ORG1), MOUSE), MAIN_WH, RACK_B1, 7);
    cr_assert_eq(item_stock_at(org_find_item(model_find_org(ORG1), MOUSE), MAIN_WH), 127);
    cr_assert_eq(fixtures_reset(NULL), 0);
    cr_assert_eq(item_stock_at(org_find_item(model_find_org(ORG1), MOUSE), MAIN_WH), 120);
    cr_assert(fixtures_builtin(), "still the built-in copy after a reset");
    model_clear();
    cr_assert(!fixtures_builtin(), "cleared with the model");
}

Test(fixtures, a_name_not_on_disk_is_the_built_in_copy_a_file_on_disk_wins)
{
    char err[512] = "";
    /* The suite runs in the checkout's root: no ./default.json there. */
    cr_assert_neq(access("default.json", F_OK), 0);
    cr_assert_eq(fixtures_load("default.json", err, sizeof err), 0, "%s", err);
    cr_assert(fixtures_builtin());
    model_clear();

    /* A file of the embedded name in the working folder is read, not the copy. */
    cr_assert_eq(fixtures_load("fixtures/default.json", err, sizeof err), 0, "%s", err);
    cr_assert(!fixtures_builtin());
    cr_assert_str_eq(g_model.fixture_path, "fixtures/default.json");
    model_clear();

    /* Other names are files, and fail as before. */
    cr_assert_eq(fixtures_load("fixtures/nope.json", err, sizeof err), -1);
    cr_assert_str_eq(err, "fixtures/nope.json: cannot read: No such file or directory");
    /* Embedded files outside fixtures/ are no fixtures (spec/zoho/items.json is embedded). */
    cr_assert_eq(fixtures_load("items.json", err, sizeof err), -1);
    cr_assert_str_eq(err, "items.json: cannot read: No such file or directory");
    cr_assert(!fixtures_builtin());
}

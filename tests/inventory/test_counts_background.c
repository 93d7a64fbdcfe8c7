/* test_counts_background.c -- stock counts' background states over HTTP: by reads, by time, the admin switch */
#include <time.h>

#include <criterion/criterion.h>

#include "counts_util.h"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(counts_background, .init = start, .fini = stop);

/* counts_in_progress of organization 10234695 in GET /__admin/background. */
static double counts_in_progress(void)
{
    tresponse r = treq("GET", "/__admin/background?organization_id=10234695", NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    double n = tjson_num(r.json, "background.0.counts_in_progress");
    tresponse_free(&r);
    return n;
}

Test(counts_background, start_by_reads_refuses_other_actions_until_done)
{
    admin_background("{\"organization_id\":\"10234695\",\"start\":{\"after_reads\":2}}");
    tresponse r = treq("GET", "/__admin/background?organization_id=10234695", NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "background.0.start.after_reads"), 2, "%s", r.body);
    cr_assert(cJSON_IsNull(tjson_get(r.json, "background.0.approve")));
    tresponse_free(&r);
    cr_assert_eq(counts_in_progress(), 0);

    char *id = count_create("[{\"item_id\":\"" SURGE "\"}]");
    r = count_call("POST", id, "/start", "", JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "code"), 0);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock count start has been scheduled in background.");
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), "start_in_progress");
    tresponse_free(&r);
    cr_assert_eq(counts_in_progress(), 1);

    /* Stock moves before the start completes: the capture sees the new 50. */
    r = treq("POST", "/inventory/v1/inventoryadjustments" ORG, JOHN,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
             "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":5,\"location_id\":\"" MAIN_WH "\"}]}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    tresponse_free(&r);

    r = count_call("POST", id, "/cancel", "", JOHN, NULL);
    expect_error_part(&r, 400, 4212, "start");
    tresponse_free(&r);
    r = count_call("PUT", id, "", "", JOHN, "{\"description\":\"x\"}");
    expect_error_part(&r, 400, 4212, NULL);
    tresponse_free(&r);
    r = count_call("DELETE", id, "", "", JOHN, NULL);
    expect_error_part(&r, 400, 4212, NULL);
    tresponse_free(&r);

    for (int i = 0; i < 2; i++) {
        char *s = count_status(id);
        cr_assert_str_eq(s, "start_in_progress", "read %d", i + 1);
        free(s);
    }
    r = count_get(id);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), "counting");
    cr_assert_eq(tjson_num(r.json, "inventorycount.line_items.0.system_quantity"), 50);
    tresponse_free(&r);
    cr_assert_eq(counts_in_progress(), 0);
    free(id);
}

Test(counts_background, the_switch_is_per_organization)
{
    admin_background("{\"organization_id\":\"10234695\",\"start\":{\"after_reads\":1}}");
    tresponse r = treq("POST", IC "?organization_id=10234700", JANE,
                       "{\"location_id\":\"4816000000038080\",\"line_items\":[{\"item_id\":\"4816000000033002\"}]}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.inventorycount_number"), "RC-00001");
    char path[160];
    snprintf(path, sizeof path, IC "/%s/start?organization_id=10234700", tjson_str(r.json, "inventorycount.inventorycount_id"));
    tresponse_free(&r);
    r = treq("POST", path, JANE, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock count has been saved.");
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), "counting");
    tresponse_free(&r);

    /* null turns it off again. */
    admin_background("{\"organization_id\":\"10234695\",\"start\":null}");
    char *id = count_create("[{\"item_id\":\"" SURGE "\"}]");
    count_ok("POST", id, "/start", NULL, "counting");
    free(id);
}

Test(counts_background, submit_after_count_with_next_action_by_reads)
{
    admin_background("{\"submit\":{\"after_reads\":1}}");
    char *id = count_create("[{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" MOUSE "\"}]");
    count_ok("POST", id, "/start", NULL, "counting");
    tresponse r = count_call("PUT", id, "/count", "&set_uncounted_as_zero=true", JOHN,
                             "{\"next_action\":\"submit\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":44}]}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock count submission has been scheduled in background.");
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), "submission_in_progress");
    cr_assert_eq(tjson_num(count_line(tjson_get(r.json, "inventorycount"), SURGE), "counted_quantity"), 44);
    tresponse_free(&r);
    char *s = count_status(id);
    cr_assert_str_eq(s, "submission_in_progress");
    free(s);
    r = count_get(id);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), "submitted");
    /* set_uncounted_as_zero travelled with the scheduled submission. */
    cr_assert_eq(tjson_num(count_line(tjson_get(r.json, "inventorycount"), MOUSE), "counted_quantity"), 0);
    tresponse_free(&r);
    free(id);
}

Test(counts_background, approve_by_time_completes_on_a_later_access)
{
    char *id = count_create("[{\"item_id\":\"" SURGE "\"}]");
    count_ok("POST", id, "/start", NULL, "counting");
    count_ok("PUT", id, "/count", "{\"next_action\":\"submit\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":40}]}",
             "submitted");
    admin_background("{\"organization_id\":\"10234695\",\"approve\":{\"after_seconds\":300}}");
    tresponse r = count_call("PUT", id, "/approve", "", JOHN,
                             "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"approval_status\":\"approved\"}]}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock count approval has been scheduled in background.");
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), "approval_in_progress");
    tresponse_free(&r);
    /* Nothing happened yet. */
    cr_assert_eq(adjustments_total(), 0);
    cr_assert_eq(stock_at(SURGE, MAIN_WH), 45);

    /* Still running a little before its due time, done once the org
     * clock has passed it: the virtual clock stands in for five minutes. */
    tresponse m = treq("PUT", "/__admin/clock", NULL, "{\"organization_id\":\"10234695\",\"advance_seconds\":240}");
    cr_assert_eq(m.status, 200, "%s", m.body);
    tresponse_free(&m);
    char *s = count_status(id);
    cr_assert_str_eq(s, "approval_in_progress");
    free(s);
    cr_assert_eq(adjustments_total(), 0);
    m = treq("PUT", "/__admin/clock", NULL, "{\"organization_id\":\"10234695\",\"advance_seconds\":61}");
    cr_assert_eq(m.status, 200, "%s", m.body);
    tresponse_free(&m);
    s = count_status(id);
    cr_assert_str_eq(s, "completed");
    free(s);
    cr_assert_eq(adjustments_total(), 1);
    cr_assert_eq(stock_at(SURGE, MAIN_WH), 40);
    free(id);
}

Test(counts_background, admin_switch_validation)
{
    tresponse r = treq("PUT", "/__admin/background", NULL, "{\"begin\":{\"after_reads\":1}}");
    expect_error_part(&r, 400, 4, "begin");
    tresponse_free(&r);
    r = treq("PUT", "/__admin/background", NULL, "{\"start\":{\"after_reads\":-1}}");
    expect_error_part(&r, 400, 4, "after_reads");
    tresponse_free(&r);
    r = treq("PUT", "/__admin/background", NULL, "{\"start\":{\"after_minutes\":1}}");
    expect_error_part(&r, 400, 4, "after_minutes");
    tresponse_free(&r);
    r = treq("PUT", "/__admin/background", NULL, "{\"organization_id\":\"999\",\"start\":{\"after_reads\":1}}");
    expect_error_part(&r, 404, 1002, "Organization");
    tresponse_free(&r);
    /* Nothing was switched on by the refused calls. */
    r = treq("GET", "/__admin/background", NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "background")), 3);
    const cJSON *o;
    cJSON_ArrayForEach(o, tjson_get(r.json, "background")) {
        cr_assert(cJSON_IsNull(tjson_get(o, "start")), "%s", r.body);
    }
    tresponse_free(&r);
    /* Without organization_id: every organization; {} turns one off. */
    admin_background("{\"approve\":{\"after_reads\":3,\"after_seconds\":60}}");
    r = treq("GET", "/__admin/background?organization_id=10234700", NULL, NULL);
    cr_assert_eq(tjson_num(r.json, "background.0.approve.after_reads"), 3, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "background.0.approve.after_seconds"), 60, "%s", r.body);
    tresponse_free(&r);
    admin_background("{\"organization_id\":\"10234700\",\"approve\":{}}");
    r = treq("GET", "/__admin/background?organization_id=10234700", NULL, NULL);
    cr_assert(cJSON_IsNull(tjson_get(r.json, "background.0.approve")), "%s", r.body);
    tresponse_free(&r);
}

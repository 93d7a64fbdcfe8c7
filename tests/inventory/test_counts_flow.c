/* test_counts_flow.c -- stock counts over HTTP: lifecycle, refused transitions, deletes, numbering, limits, settings */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "counts_util.h"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(counts_flow, .init = start, .fini = stop);

/* ----------------------------------------------------------- happy path */

Test(counts_flow, full_lifecycle_with_serials_batches_bins_rejection_and_recount)
{
    double laptop15_before = stock_at(LAPTOP15, MAIN_WH), laptop13_before = stock_at(LAPTOP13, MAIN_WH);
    cr_assert_eq(laptop15_before, 17);
    char *id = count_create_as(JOHN,
                               "[{\"item_id\":\"" LAPTOP15 "\"},{\"item_id\":\"" LAPTOP13 "\"},"
                               "{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" MOUSE "\"}]",
                               ",\"description\":\"June stock take\"");
    tresponse r = count_get(id);
    const cJSON *c = tjson_get(r.json, "inventorycount");
    cr_assert_str_eq(tjson_str(c, "status"), "yet_to_start");
    cr_assert_str_eq(tjson_str(c, "count_type"), "count");
    cr_assert_str_eq(tjson_str(c, "inventorycount_number"), "IC-00001");
    cr_assert_str_eq(tjson_str(c, "location_name"), "Main Warehouse");
    cr_assert_str_eq(tjson_str(c, "assignee_id"), JOHN_ID);
    cr_assert_str_eq(tjson_str(c, "assignee_name"), "John Smith");
    cr_assert_eq(tjson_num(c, "number_of_items"), 4);
    cr_assert_str_eq(tjson_str(count_line(c, LAPTOP15), "sku"), "LAP-15-WHT");
    cr_assert_eq(tjson_num(count_line(c, LAPTOP15), "track_batch_number"), 1);
    cr_assert_eq(tjson_num(count_line(c, LAPTOP13), "track_serial_number"), 1);
    cr_assert_eq(tjson_num(r.json, "can_assignee_count"), 1);
    cr_assert_eq(tjson_num(r.json, "can_assignee_access_warehouse"), 1);
    char *l15 = strdup(tjson_str(count_line(c, LAPTOP15), "line_item_id"));
    char *l13 = strdup(tjson_str(count_line(c, LAPTOP13), "line_item_id"));
    char *lsurge = strdup(tjson_str(count_line(c, SURGE), "line_item_id"));
    char *lmouse = strdup(tjson_str(count_line(c, MOUSE), "line_item_id"));
    tresponse_free(&r);

    /* Start captures the system's quantities at that moment. */
    count_ok("POST", id, "/start", NULL, "counting");
    r = count_get(id);
    c = tjson_get(r.json, "inventorycount");
    cr_assert_eq(tjson_num(count_line(c, LAPTOP15), "system_quantity"), 17);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(count_line(c, LAPTOP15), "storages")), 2);
    cr_assert_eq(tjson_num(count_line(c, LAPTOP13), "system_quantity"), 4);
    cr_assert_eq(tjson_num(count_line(c, SURGE), "system_quantity"), 45);
    cr_assert_eq(tjson_num(count_line(c, MOUSE), "system_quantity"), 120);
    cr_assert(cJSON_IsNull(tjson_get(count_line(c, MOUSE), "counted_quantity")));
    tresponse_free(&r);

    /* Count: batches (one short), serials (one missing, one new), a plain
     * surplus, and a per-bin count. */
    char body[2048];
    snprintf(body, sizeof body,
             "{\"line_items\":["
             "{\"line_item_id\":\"%s\",\"counted_quantity\":15,\"counted_batches\":["
             "{\"batch_number\":\"LAP-B2025-01\",\"counted_quantity\":8},{\"batch_number\":\"LAP-B2025-02\",\"counted_quantity\":4},"
             "{\"batch_number\":\"LAP-B2025-03\",\"counted_quantity\":3}]},"
             "{\"line_item_id\":\"%s\",\"counted_quantity\":4,\"counted_serial_numbers\":"
             "[\"LAP13-SN-0001\",\"LAP13-SN-0002\",\"LAP13-SN-0003\",\"LAP13-SN-0099\"]},"
             "{\"line_item_id\":\"%s\",\"counted_quantity\":47},"
             "{\"line_item_id\":\"%s\",\"storages\":[{\"storage_id\":\"" MOUSE_BIN "\",\"counted_quantity\":118}]}]}",
             l15, l13, lsurge, lmouse);
    r = count_call("PUT", id, "/count", "", JOHN, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    c = tjson_get(r.json, "inventorycount");
    cr_assert_str_eq(tjson_str(c, "status"), "counting");
    cr_assert_eq(tjson_num(count_line(c, LAPTOP15), "stock_variance"), -2);
    cr_assert_eq(tjson_num(count_line(c, LAPTOP15), "is_matched"), 0);
    cr_assert_eq(tjson_num(count_line(c, LAPTOP15), "has_tracking_details_mismatch"), 1);
    cr_assert_str_eq(tjson_str(count_line(c, LAPTOP15), "counted_batches.2.batch_number"), "LAP-B2025-03");
    cr_assert_eq(tjson_num(count_line(c, LAPTOP13), "stock_variance"), 0);
    cr_assert_eq(tjson_num(count_line(c, LAPTOP13), "is_matched"), 1);
    cr_assert_eq(tjson_num(count_line(c, LAPTOP13), "has_tracking_details_mismatch"), 1);
    cr_assert_str_eq(tjson_str(count_line(c, LAPTOP13), "counted_serial_numbers.3"), "LAP13-SN-0099");
    cr_assert_eq(tjson_num(count_line(c, SURGE), "stock_variance"), 2);
    cr_assert_eq(tjson_num(count_line(c, MOUSE), "counted_quantity"), 118);
    cr_assert_eq(tjson_num(count_line(c, MOUSE), "storages.0.counted_quantity"), 118);
    cr_assert_eq(tjson_num(c, "number_of_items_counted"), 4);
    tresponse_free(&r);

    count_ok("POST", id, "/submit", NULL, "submitted");

    /* Approve three, reject the serial line: one adjustment, back to counting. */
    snprintf(body, sizeof body,
             "{\"line_items\":[{\"line_item_id\":\"%s\",\"approval_status\":\"approved\"},"
             "{\"line_item_id\":\"%s\",\"approval_status\":\"rejected\"},"
             "{\"item_id\":\"" SURGE "\",\"approval_status\":\"approved\",\"reason_id\":\"" REASON_DEFAULT "\"},"
             "{\"line_item_id\":\"%s\",\"approval_status\":\"approved\"}]}",
             l15, l13, lmouse);
    r = count_call("PUT", id, "/approve", "", JOHN, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    c = tjson_get(r.json, "inventorycount");
    cr_assert_str_eq(tjson_str(c, "status"), "counting");
    cr_assert_str_eq(tjson_str(count_line(c, LAPTOP13), "status"), "rejected");
    cr_assert(cJSON_IsNull(tjson_get(count_line(c, LAPTOP13), "counted_quantity")));
    cr_assert_str_eq(tjson_str(count_line(c, LAPTOP15), "approval_status"), "approved");
    cr_assert_eq(tjson_num(c, "number_of_items_approved"), 3);
    cr_assert_eq(tjson_num(c, "number_of_items_rejected"), 1);
    cr_assert_eq(tjson_num(c, "number_of_items_adjusted"), 3);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(c, "inventory_adjustments")), 1);
    tresponse_free(&r);
    cr_assert_eq(stock_at(LAPTOP15, MAIN_WH), 15);
    cr_assert_eq(stock_at(SURGE, MAIN_WH), 47);
    cr_assert_eq(stock_at(MOUSE, MAIN_WH), 118);
    cr_assert_eq(stock_at(LAPTOP13, MAIN_WH), laptop13_before);

    /* An approved line cannot be recounted. */
    snprintf(body, sizeof body, "{\"line_items\":[{\"line_item_id\":\"%s\",\"counted_quantity\":1}]}", l15);
    r = count_call("PUT", id, "/count", "", JOHN, body);
    expect_error_part(&r, 400, 4, "already been approved");
    tresponse_free(&r);

    /* Recount the rejected line (3 found) and submit in the same call. */
    snprintf(body, sizeof body,
             "{\"next_action\":\"submit\",\"line_items\":[{\"line_item_id\":\"%s\",\"counted_serial_numbers\":"
             "[\"LAP13-SN-0001\",\"LAP13-SN-0002\",\"LAP13-SN-0003\"]}]}", l13);
    count_ok("PUT", id, "/count", body, "submitted");
    snprintf(body, sizeof body,
             "{\"line_items\":[{\"line_item_id\":\"%s\",\"approval_status\":\"approved\",\"reason_id\":\"" REASON_DAMAGED "\"}]}",
             l13);
    count_ok("PUT", id, "/approve", body, "completed");
    cr_assert_eq(stock_at(LAPTOP13, MAIN_WH), laptop13_before - 1);

    /* Two adjustments, both visible in the adjustments API and the count. */
    r = count_get(id);
    c = tjson_get(r.json, "inventorycount");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(c, "inventory_adjustments")), 2);
    cr_assert_eq(tjson_num(c, "number_of_items_adjusted"), 4);
    cr_assert_eq(tjson_num(r.json, "can_assignee_count"), 0);
    char first_adj[32];
    snprintf(first_adj, sizeof first_adj, "%s", tjson_str(c, "inventory_adjustments.0.inventory_adjustment_id"));
    cr_assert_str_eq(tjson_str(c, "inventory_adjustments.1.reason_id"), "4815000000000389");
    tresponse_free(&r);
    cr_assert_eq(adjustments_total(), 2);
    char path[160];
    snprintf(path, sizeof path, "/inventory/v1/inventoryadjustments/%s" ORG, first_adj);
    r = treq("GET", path, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.adjustment_type"), "quantity");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.reference_number"), "IC-00001");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustment.line_items")), 3);
    cr_assert_eq(tjson_num(r.json, "inventory_adjustment.line_items.0.quantity_adjusted"), -2);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.line_items.0.warehouse_id"), "4815000000038080");
    cr_assert_eq(tjson_num(r.json, "inventory_adjustment.line_items.1.quantity_adjusted"), 2);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.line_items.2.storage_id"), "4815000000050020");
    tresponse_free(&r);

    /* Deleting a count with adjustments is refused; it stays. */
    r = count_call("DELETE", id, "", "", JOHN, NULL);
    expect_error_part(&r, 400, 4213, "IC-00001");
    tresponse_free(&r);
    free(count_status(id));
    free(id); free(l15); free(l13); free(lsurge); free(lmouse);
}

Test(counts_flow, submit_with_set_uncounted_as_zero_counts_them_as_zero)
{
    char *id = count_create("[{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" MOUSE "\"}]");
    count_ok("POST", id, "/start", NULL, "counting");
    tresponse r = count_call("POST", id, "/submit", "&set_uncounted_as_zero=true", JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    const cJSON *c = tjson_get(r.json, "inventorycount");
    cr_assert_eq(tjson_num(count_line(c, SURGE), "counted_quantity"), 0);
    cr_assert_eq(tjson_num(count_line(c, SURGE), "stock_variance"), -45);
    cr_assert_eq(tjson_num(c, "number_of_items_skipped"), 0);
    tresponse_free(&r);
    count_ok("PUT", id, "/approve",
             "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"approval_status\":\"approved\"},"
             "{\"item_id\":\"" MOUSE "\",\"approval_status\":\"approved\"}]}", "completed");
    cr_assert_eq(stock_at(SURGE, MAIN_WH), 0);
    cr_assert_eq(stock_at(MOUSE, MAIN_WH), 0);
    free(id);
}

Test(counts_flow, submit_without_zero_skips_uncounted_lines_and_approving_them_adjusts_nothing)
{
    char *id = count_create("[{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" MOUSE "\"}]");
    count_ok("POST", id, "/start", NULL, "counting");
    count_ok("PUT", id, "/count", "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":44}]}", "counting");
    tresponse r = count_call("POST", id, "/submit", "", JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    const cJSON *c = tjson_get(r.json, "inventorycount");
    cr_assert_eq(tjson_num(c, "number_of_items_skipped"), 1);
    cr_assert_str_eq(tjson_str(count_line(c, MOUSE), "status"), "skipped");
    tresponse_free(&r);
    count_ok("PUT", id, "/approve",
             "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"approval_status\":\"approved\"}]}", "completed");
    cr_assert_eq(stock_at(SURGE, MAIN_WH), 44);
    cr_assert_eq(stock_at(MOUSE, MAIN_WH), 120);
    free(id);
}

Test(counts_flow, uncounting_with_null_or_empty_string)
{
    char *id = count_create("[{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" MOUSE "\"}]");
    count_ok("POST", id, "/start", NULL, "counting");
    count_ok("PUT", id, "/count",
             "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":4},{\"item_id\":\"" MOUSE "\",\"counted_quantity\":5}]}",
             "counting");
    tresponse r = count_call("PUT", id, "/count", "", JOHN,
                             "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":null},"
                             "{\"item_id\":\"" MOUSE "\",\"counted_quantity\":\"\"}]}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    const cJSON *c = tjson_get(r.json, "inventorycount");
    cr_assert(cJSON_IsNull(tjson_get(count_line(c, SURGE), "counted_quantity")));
    cr_assert(cJSON_IsNull(tjson_get(count_line(c, MOUSE), "stock_variance")));
    cr_assert_eq(tjson_num(c, "number_of_items_counted"), 0);
    tresponse_free(&r);
    free(id);
}

Test(counts_flow, cancel_is_final_and_answers_like_the_page)
{
    char *id = count_create("[{\"item_id\":\"" SURGE "\"}]");
    count_ok("POST", id, "/start", NULL, "counting");
    tresponse r = count_call("POST", id, "/cancel", "", JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "code"), 0);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock count has been cancelled.");
    tresponse_free(&r);
    char *s = count_status(id);
    cr_assert_str_eq(s, "cancelled");
    free(s);
    r = count_call("POST", id, "/start", "", JOHN, NULL);
    expect_error_part(&r, 400, 4210, "cancelled");
    tresponse_free(&r);
    free(id);
}

/* -------------------------------------------------- refused transitions */

/* Arrays, not pointers: Criterion copies parameters into the test process. */
typedef struct transition_case {
    char action[16];        /* update, start, count, submit, approve, cancel */
    char status[16];        /* the state the count is brought to first */
} transition_case;

/* Brings a fresh two-line count to `status`. */
static char *count_in_status(const char *status)
{
    char *id = count_create("[{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" MOUSE "\"}]");
    if (strcmp(status, "yet_to_start") == 0) return id;
    if (strcmp(status, "cancelled") == 0) {
        tresponse r = count_call("POST", id, "/cancel", "", JOHN, NULL);
        cr_assert_eq(r.status, 200, "%s", r.body);
        tresponse_free(&r);
        return id;
    }
    count_ok("POST", id, "/start", NULL, "counting");
    if (strcmp(status, "counting") == 0) return id;
    count_ok("PUT", id, "/count",
             "{\"next_action\":\"submit\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":45},"
             "{\"item_id\":\"" MOUSE "\",\"counted_quantity\":120}]}", "submitted");
    if (strcmp(status, "submitted") == 0) return id;
    count_ok("PUT", id, "/approve",
             "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"approval_status\":\"approved\"},"
             "{\"item_id\":\"" MOUSE "\",\"approval_status\":\"approved\"}]}", "completed");
    cr_assert_str_eq(status, "completed");
    return id;
}

static tresponse do_action(const char *action, const char *id)
{
    if (strcmp(action, "update") == 0)
        return count_call("PUT", id, "", "", JOHN, "{\"description\":\"changed\"}");
    if (strcmp(action, "count") == 0)
        return count_call("PUT", id, "/count", "", JOHN,
                          "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":1}]}");
    if (strcmp(action, "approve") == 0)
        return count_call("PUT", id, "/approve", "", JOHN,
                          "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"approval_status\":\"approved\"}]}");
    char suffix[32];
    snprintf(suffix, sizeof suffix, "/%s", action);
    return count_call("POST", id, suffix, "", JOHN, NULL);
}

ParameterizedTestParameters(counts_flow, refused_transitions)
{
    static transition_case cases[] = {
        {"update", "counting"}, {"update", "submitted"}, {"update", "completed"}, {"update", "cancelled"},
        {"start", "counting"}, {"start", "submitted"}, {"start", "completed"}, {"start", "cancelled"},
        {"count", "yet_to_start"}, {"count", "submitted"}, {"count", "completed"}, {"count", "cancelled"},
        {"submit", "yet_to_start"}, {"submit", "submitted"}, {"submit", "completed"}, {"submit", "cancelled"},
        {"approve", "yet_to_start"}, {"approve", "counting"}, {"approve", "completed"}, {"approve", "cancelled"},
        {"cancel", "submitted"}, {"cancel", "completed"}, {"cancel", "cancelled"},
    };
    return cr_make_param_array(transition_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(transition_case *t, counts_flow, refused_transitions)
{
    char *id = count_in_status(t->status);
    tresponse before = count_get(id);
    char *before_text = cJSON_PrintUnformatted(tjson_get(before.json, "inventorycount"));
    int adjustments = adjustments_total();

    tresponse r = do_action(t->action, id);
    expect_error_part(&r, 400, 4210, NULL);
    const char *msg = tjson_str(r.json, "message");
    cr_assert(strstr(msg, t->status), "message does not name the status %s: %s", t->status, msg);
    tresponse_free(&r);

    tresponse after = count_get(id);
    char *after_text = cJSON_PrintUnformatted(tjson_get(after.json, "inventorycount"));
    cr_assert_str_eq(after_text, before_text, "%s %s changed the count", t->action, t->status);
    cr_assert_eq(adjustments_total(), adjustments);
    free(before_text); free(after_text);
    tresponse_free(&before); tresponse_free(&after);
    free(id);
}

/* The allowed ones, for contrast: each leaves its state. */
ParameterizedTestParameters(counts_flow, allowed_transitions)
{
    static transition_case cases[] = {
        {"update", "yet_to_start"}, {"start", "yet_to_start"}, {"count", "counting"},
        {"submit", "counting"}, {"approve", "submitted"}, {"cancel", "yet_to_start"}, {"cancel", "counting"},
    };
    return cr_make_param_array(transition_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(transition_case *t, counts_flow, allowed_transitions)
{
    char *id = count_in_status(t->status);
    tresponse r = do_action(t->action, id);
    cr_assert_eq(r.status, 200, "%s in %s: %s", t->action, t->status, r.body);
    cr_assert_eq(tjson_num(r.json, "code"), 0);
    tresponse_free(&r);
    free(id);
}

/* ------------------------------------------------------- who and what */

Test(counts_flow, only_the_assignee_starts_and_counts)
{
    char *id = count_create_as(JOHN, "[{\"item_id\":\"" SURGE "\"}]", ",\"assignee_id\":\"" JANE_ID "\"");
    tresponse r = count_call("POST", id, "/start", "", JOHN, NULL);
    expect_error_part(&r, 400, 4211, "start");
    tresponse_free(&r);
    char *s = count_status(id);
    cr_assert_str_eq(s, "yet_to_start");
    free(s);
    r = count_call("POST", id, "/start", "", JANE, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), "counting");
    tresponse_free(&r);
    r = count_call("PUT", id, "/count", "", RAVI, "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":3}]}");
    expect_error_part(&r, 400, 4211, "count");
    tresponse_free(&r);
    r = count_call("PUT", id, "/count", "", JANE, "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":3}]}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "inventorycount.line_items.0.counted_quantity"), 3);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.last_modified_by_name"), "Jane Doe");
    tresponse_free(&r);
    free(id);
}

typedef struct body_case {
    char status[16];        /* counting or submitted */
    char suffix[16];        /* /count or /approve */
    char body[400];         /* "%s": the surge line's id */
    int code;
    char message_part[64];
} body_case;

ParameterizedTestParameters(counts_flow, refused_bodies_change_nothing)
{
    static body_case cases[] = {
        {"counting", "/count", "{\"line_items\":[{\"line_item_id\":\"4815000000999999\",\"counted_quantity\":1}]}",
         4217, "4815000000999999"},
        {"counting", "/count", "{\"line_items\":[{\"line_item_id\":\"%s\",\"counted_quantity\":-1}]}",
         4, "negative"},
        {"counting", "/count", "{\"line_items\":[{\"line_item_id\":\"%s\",\"counted_quantity\":\"many\"}]}",
         4, "counted_quantity"},
        {"counting", "/count", "{\"line_items\":[{\"line_item_id\":\"%s\",\"counted_quantity\":2},"
                               "{\"item_id\":\"" MOUSE "\",\"counted_quantity\":-5}]}",
         4, "negative"},
        {"counting", "/count", "{\"line_items\":[{\"line_item_id\":\"%s\",\"counted_serial_numbers\":[\"X\"]}]}",
         4, "serial"},
        {"counting", "/count", "{\"line_items\":[{\"item_id\":\"" MOUSE "\",\"storages\":[{\"storage_id\":\"4815000000050100\",\"counted_quantity\":1}]}]}",
         4, "4815000000050100"},
        {"counting", "/count", "{\"next_action\":\"approve\"}", 4, "next_action"},
        {"submitted", "/approve", "{\"line_items\":[{\"line_item_id\":\"4815000000999999\",\"approval_status\":\"approved\"}]}",
         4217, "4815000000999999"},
        {"submitted", "/approve", "{\"line_items\":[{\"line_item_id\":\"%s\",\"approval_status\":\"approved\",\"reason_id\":\"4815000000000999\"}]}",
         4, "4815000000000999"},
        {"submitted", "/approve", "{\"line_items\":[{\"line_item_id\":\"%s\",\"approval_status\":\"maybe\"}]}",
         4, "approval_status"},
        {"submitted", "/approve", "{\"line_items\":[{\"line_item_id\":\"%s\",\"approval_status\":\"approved\"},"
                                  "{\"line_item_id\":\"%s\",\"approval_status\":\"rejected\"}]}",
         4, "more than once"},
        {"submitted", "/approve", "{\"line_items\":[]}", 11, "line_items"},
    };
    return cr_make_param_array(body_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(body_case *t, counts_flow, refused_bodies_change_nothing)
{
    char *id = count_create("[{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" MOUSE "\"}]");
    count_ok("POST", id, "/start", NULL, "counting");
    if (strcmp(t->status, "submitted") == 0)
        count_ok("PUT", id, "/count",
                 "{\"next_action\":\"submit\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":40},"
                 "{\"item_id\":\"" MOUSE "\",\"counted_quantity\":100}]}", "submitted");
    char *line = count_line_id(id, SURGE);
    char body[1024];
    snprintf(body, sizeof body, t->body, line, line);
    tresponse before = count_get(id);
    char *before_text = cJSON_PrintUnformatted(tjson_get(before.json, "inventorycount"));

    tresponse r = count_call("PUT", id, t->suffix, "", JOHN, body);
    expect_error_part(&r, 400, t->code, t->message_part);
    tresponse_free(&r);

    tresponse after = count_get(id);
    char *after_text = cJSON_PrintUnformatted(tjson_get(after.json, "inventorycount"));
    cr_assert_str_eq(after_text, before_text);
    cr_assert_eq(adjustments_total(), 0);
    cr_assert_eq(stock_at(SURGE, MAIN_WH), 45);
    free(before_text); free(after_text); free(line);
    tresponse_free(&before); tresponse_free(&after);
    free(id);
}

Test(counts_flow, unknown_ids_in_the_path_are_404)
{
    tresponse r = count_call("GET", "4815000000999999", "", "", JOHN, NULL);
    expect_error_part(&r, 404, 1002, "Stock count does not exist.");
    tresponse_free(&r);
    r = count_call("POST", "4815000000999999", "/start", "", JOHN, NULL);
    expect_error_part(&r, 404, 1002, "Stock count");
    tresponse_free(&r);
    r = count_call("PUT", "4815000000999999", "/approve", "", JOHN, "{\"line_items\":[]}");
    expect_error_part(&r, 404, 1002, "Stock count");
    tresponse_free(&r);
}

Test(counts_flow, a_read_only_token_cannot_create)
{
    tresponse r = treq("POST", IC ORG, "1000.readonly.john",
                       "{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}");
    expect_error_part(&r, 401, 57, NULL);
    tresponse_free(&r);
}

/* --------------------------------------------------------------- create */

typedef struct create_case {
    char body[400];
    int code;
    char message_part[64];
} create_case;

ParameterizedTestParameters(counts_flow, invalid_creates)
{
    static create_case cases[] = {
        {"{\"line_items\":[{\"item_id\":\"" SURGE "\"}]}", 11, "location_id"},
        {"{\"location_id\":\"4815000000000001\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}", 4, "location_id"},
        {"{\"warehouse_id\":\"4815000000000001\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}", 4, "warehouse_id"},
        {"{\"location_id\":\"" MAIN_WH "\"}", 11, "line_items"},
        {"{\"location_id\":\"" MAIN_WH "\",\"line_items\":[]}", 11, "line_items"},
        {"{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"4815000000000001\"}]}", 4, "4815000000000001"},
        {"{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" MOUSE "\"},{\"item_id\":\"" SURGE "\"}]}",
         4214, SURGE},
        {"{\"location_id\":\"" MAIN_WH "\",\"assignee_id\":\"4816000000012400\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}",
         4, "4816000000012400"},
    };
    return cr_make_param_array(create_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(create_case *t, counts_flow, invalid_creates)
{
    tresponse r = treq("POST", IC ORG, JOHN, t->body);
    expect_error_part(&r, 400, t->code, t->message_part);
    tresponse_free(&r);
    /* Nothing made, and the numbering did not move. */
    char *id = count_create("[{\"item_id\":\"" SURGE "\"}]");
    r = count_get(id);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.inventorycount_number"), "IC-00001");
    tresponse_free(&r);
    free(id);
}

static char *lines_body(int n)
{
    char *b = malloc((size_t)n * 40 + 128);
    char *p = b + sprintf(b, "{\"location_id\":\"" MAIN_WH "\",\"line_items\":[");
    for (int i = 0; i < n; i++) p += sprintf(p, "%s{\"item_id\":\"%d\"}", i ? "," : "", 4815000 + i);
    strcpy(p, "]}");
    return b;
}

Test(counts_flow, at_most_1000_line_items)
{
    char *b = lines_body(1001);
    tresponse r = treq("POST", IC ORG, JOHN, b);
    expect_error_part(&r, 400, 4215, "1000");
    tresponse_free(&r);
    free(b);
    /* 1000 passes the limit (and then fails on the unknown items). */
    b = lines_body(1000);
    r = treq("POST", IC ORG, JOHN, b);
    expect_error_part(&r, 400, 4, "does not exist");
    tresponse_free(&r);
    free(b);
}

Test(counts_flow, numbering_advances_and_follows_the_settings)
{
    char *a = count_create("[{\"item_id\":\"" SURGE "\"}]");
    char *b = count_create("[{\"item_id\":\"" SURGE "\"}]");
    tresponse r = count_get(b);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.inventorycount_number"), "IC-00002");
    tresponse_free(&r);

    r = treq("PUT", "/inventory/v1/settings/inventorycounts" ORG, JOHN, "{\"prefix_string\":\"ST-\",\"next_number\":\"98\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock count settings updated successfully.");
    cr_assert_str_eq(tjson_str(r.json, "settings.prefix_string"), "ST-");
    cr_assert_str_eq(tjson_str(r.json, "settings.next_number"), "98");
    tresponse_free(&r);
    const char *expected[] = {"ST-98", "ST-99", "ST-100"};
    for (int i = 0; i < 3; i++) {
        char *id = count_create("[{\"item_id\":\"" SURGE "\"}]");
        r = count_get(id);
        cr_assert_str_eq(tjson_str(r.json, "inventorycount.inventorycount_number"), expected[i]);
        tresponse_free(&r);
        free(id);
    }
    r = treq("PUT", "/inventory/v1/settings/inventorycounts" ORG, JOHN, "{\"next_number\":\"12a\"}");
    expect_error_part(&r, 400, 4, "next_number");
    tresponse_free(&r);
    free(a); free(b);
}

Test(counts_flow, ignore_auto_number_generation_needs_a_unique_number)
{
    const char *body = "{\"location_id\":\"" MAIN_WH "\",\"inventorycount_number\":\"JUNE-A\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}";
    tresponse r = treq("POST", IC ORG "&ignore_auto_number_generation=true", JOHN, body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.inventorycount_number"), "JUNE-A");
    tresponse_free(&r);
    r = treq("POST", IC ORG "&ignore_auto_number_generation=true", JOHN, body);
    expect_error_part(&r, 400, 4216, "JUNE-A");
    tresponse_free(&r);
    r = treq("POST", IC ORG "&ignore_auto_number_generation=true", JOHN,
             "{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}");
    expect_error_part(&r, 400, 11, "inventorycount_number");
    tresponse_free(&r);
    /* Without the flag the body's number is ignored: auto-numbered, and the
     * sequence was not consumed by the manual one. */
    r = treq("POST", IC ORG, JOHN, body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.inventorycount_number"), "IC-00001");
    tresponse_free(&r);
}

/* --------------------------------------------------------------- update */

Test(counts_flow, update_merges_adds_and_refuses_item_changes_and_duplicates)
{
    char *id = count_create("[{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" MOUSE "\"}]");
    char *surge = count_line_id(id, SURGE);
    char body[512];
    snprintf(body, sizeof body,
             "{\"description\":\"new\",\"assignee_id\":\"" JANE_ID "\",\"line_items\":["
             "{\"line_item_id\":\"%s\",\"item_order\":9},{\"item_id\":\"" LAPTOP15 "\"}]}", surge);
    tresponse r = count_call("PUT", id, "", "", JOHN, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    const cJSON *c = tjson_get(r.json, "inventorycount");
    cr_assert_eq(tjson_num(c, "number_of_items"), 3);
    cr_assert_str_eq(tjson_str(c, "description"), "new");
    cr_assert_str_eq(tjson_str(c, "assignee_name"), "Jane Doe");
    cr_assert_eq(tjson_num(count_line(c, SURGE), "item_order"), 9);
    cr_assert_str_eq(tjson_str(count_line(c, SURGE), "line_item_id"), surge);
    tresponse_free(&r);

    snprintf(body, sizeof body, "{\"line_items\":[{\"line_item_id\":\"%s\",\"item_id\":\"" MOUSE "\"}]}", surge);
    r = count_call("PUT", id, "", "", JOHN, body);
    expect_error_part(&r, 400, 4, "cannot be changed");
    tresponse_free(&r);
    r = count_call("PUT", id, "", "", JOHN, "{\"line_items\":[{\"item_id\":\"" MOUSE "\"}]}");
    expect_error_part(&r, 400, 4214, MOUSE);
    tresponse_free(&r);
    r = count_call("PUT", id, "", "", JOHN, "{\"line_items\":[{\"line_item_id\":\"4815000000999999\"}]}");
    expect_error_part(&r, 400, 4217, "4815000000999999");
    tresponse_free(&r);

    /* Replace: only the named lines remain. */
    snprintf(body, sizeof body, "{\"line_items\":[{\"line_item_id\":\"%s\"},{\"item_id\":\"" LAPTOP13 "\"}]}", surge);
    r = count_call("PUT", id, "", "&replace_line_items=true", JOHN, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    c = tjson_get(r.json, "inventorycount");
    cr_assert_eq(tjson_num(c, "number_of_items"), 2);
    cr_assert_str_eq(tjson_str(c, "line_items.0.line_item_id"), surge);
    cr_assert_str_eq(tjson_str(c, "line_items.1.item_id"), LAPTOP13);
    tresponse_free(&r);
    free(surge);
    free(id);
}

/* --------------------------------------------------------------- delete */

Test(counts_flow, delete_and_bulk_delete_are_atomic)
{
    char *a = count_create("[{\"item_id\":\"" SURGE "\"}]");
    char *b = count_create("[{\"item_id\":\"" MOUSE "\"}]");
    char *adjusted = count_create("[{\"item_id\":\"" SURGE "\"}]");
    count_ok("POST", adjusted, "/start", NULL, "counting");
    count_ok("PUT", adjusted, "/count",
             "{\"next_action\":\"submit\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":40}]}", "submitted");
    count_ok("PUT", adjusted, "/approve", "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"approval_status\":\"approved\"}]}",
             "completed");

    char path[256];
    snprintf(path, sizeof path, IC ORG "&inventorycount_ids=%s,%s", a, adjusted);
    tresponse r = treq("DELETE", path, JOHN, NULL);
    expect_error_part(&r, 400, 4213, "IC-00003");
    tresponse_free(&r);
    snprintf(path, sizeof path, IC ORG "&inventorycount_ids=%s,4815000000999999", a);
    r = treq("DELETE", path, JOHN, NULL);
    expect_error_part(&r, 404, 1002, "4815000000999999");
    tresponse_free(&r);
    r = treq("DELETE", IC ORG, JOHN, NULL);
    expect_error_part(&r, 400, 11, "inventorycount_ids");
    tresponse_free(&r);
    free(count_status(a));      /* still there */

    snprintf(path, sizeof path, IC ORG "&inventorycount_ids=%s,%s", a, b);
    r = treq("DELETE", path, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock counts have been deleted.");
    tresponse_free(&r);
    r = count_call("GET", a, "", "", JOHN, NULL);
    cr_assert_eq(r.status, 404);
    tresponse_free(&r);
    r = count_call("GET", b, "", "", JOHN, NULL);
    cr_assert_eq(r.status, 404);
    tresponse_free(&r);

    char *c = count_create("[{\"item_id\":\"" SURGE "\"}]");
    r = count_call("DELETE", c, "", "", JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock count has been deleted.");
    tresponse_free(&r);
    r = count_call("DELETE", c, "", "", JOHN, NULL);
    expect_error_part(&r, 404, 1002, "Stock count");
    tresponse_free(&r);
    free(a); free(b); free(c); free(adjusted);
}

/* ---------------------------------------------------------- preferences */

Test(counts_flow, preferences_must_exist_and_become_the_approval_default)
{
    tresponse r = treq("PUT", "/inventory/v1/settings/preferences/inventorycounts" ORG, JOHN,
                       "{\"default_reason_id\":\"4815000000000999\"}");
    expect_error_part(&r, 400, 4, "default_reason_id");
    tresponse_free(&r);
    r = treq("PUT", "/inventory/v1/settings/preferences/inventorycounts" ORG, JOHN,
             "{\"default_adjustment_account\":\"4815000000000999\"}");
    expect_error_part(&r, 400, 4, "default_adjustment_account");
    tresponse_free(&r);
    r = treq("PUT", "/inventory/v1/settings/preferences/inventorycounts" ORG, JOHN,
             "{\"default_reason_id\":\"" REASON_DAMAGED "\",\"default_adjustment_account\":\"4815000000000402\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock counts preferences updated successfully.");
    cr_assert_str_eq(tjson_str(r.json, "preferences.default_reason_id"), REASON_DAMAGED);
    tresponse_free(&r);

    char *id = count_create("[{\"item_id\":\"" SURGE "\"}]");
    count_ok("POST", id, "/start", NULL, "counting");
    count_ok("PUT", id, "/count", "{\"next_action\":\"submit\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":40}]}",
             "submitted");
    count_ok("PUT", id, "/approve", "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"approval_status\":\"approved\"}]}",
             "completed");
    r = count_get(id);
    char adj[32];
    snprintf(adj, sizeof adj, "%s", tjson_str(r.json, "inventorycount.inventory_adjustments.0.inventory_adjustment_id"));
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.line_items.0.reason_id"), REASON_DAMAGED);
    tresponse_free(&r);
    char path[160];
    snprintf(path, sizeof path, "/inventory/v1/inventoryadjustments/%s" ORG, adj);
    r = treq("GET", path, JOHN, NULL);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.reason_id"), "4815000000000389", "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.line_items.0.adjustment_account_name"), "Stock Adjustment");
    tresponse_free(&r);
    free(id);
}

/* ----------------------------------------------------------------- bins */

static double bin_adjustment(const cJSON *adj, const char *storage_id)
{
    const cJSON *l;
    double sum = 0;
    cJSON_ArrayForEach(l, tjson_get(adj, "line_items")) {
        const char *s = tjson_str(l, "storage_id");
        if (s && strcmp(s, storage_id) == 0) sum += tjson_num(l, "quantity_adjusted");
    }
    return sum;
}

Test(counts_flow, bins_whole_line_shortage_and_per_bin_moves)
{
    char *id = count_create("[{\"item_id\":\"" LAPTOP15 "\"},{\"item_id\":\"" MOUSE "\"}]");
    count_ok("POST", id, "/start", NULL, "counting");
    /* Laptop counted as a whole: 10 of 17, the shortage taken from the bins
     * in order (12 in 4815000000050010 first). Mouse counted per bin: 100
     * in its bin and 20 found in the dock, a bin it was not in. */
    tresponse r = count_call("PUT", id, "/count", "", JOHN,
                             "{\"next_action\":\"submit\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\",\"counted_quantity\":10},"
                             "{\"item_id\":\"" MOUSE "\",\"storages\":[{\"storage_id\":\"" MOUSE_BIN "\",\"counted_quantity\":100},"
                             "{\"storage_id\":\"" DOCK_BIN "\",\"counted_quantity\":20}]}]}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    const cJSON *mouse = count_line(tjson_get(r.json, "inventorycount"), MOUSE);
    cr_assert_eq(tjson_num(mouse, "counted_quantity"), 120);
    cr_assert_eq(tjson_num(mouse, "is_matched"), 1);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(mouse, "storages")), 2);
    cr_assert_eq(tjson_num(mouse, "storages.1.is_new"), 1);
    cr_assert_eq(tjson_num(mouse, "storages.1.stock_variance"), 20);
    tresponse_free(&r);
    count_ok("PUT", id, "/approve",
             "{\"line_items\":[{\"item_id\":\"" LAPTOP15 "\",\"approval_status\":\"approved\"},"
             "{\"item_id\":\"" MOUSE "\",\"approval_status\":\"approved\"}]}", "completed");
    r = treq("GET", "/inventory/v1/inventoryadjustments" ORG, JOHN, NULL);
    char path[160];
    snprintf(path, sizeof path, "/inventory/v1/inventoryadjustments/%s" ORG,
             tjson_str(r.json, "inventory_adjustments.0.inventory_adjustment_id"));
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments")), 1);
    tresponse_free(&r);
    r = treq("GET", path, JOHN, NULL);
    const cJSON *adj = tjson_get(r.json, "inventory_adjustment");
    cr_assert_eq(bin_adjustment(adj, "4815000000050010"), -7, "%s", r.body);
    cr_assert_eq(bin_adjustment(adj, "4815000000050000"), 0, "%s", r.body);
    cr_assert_eq(bin_adjustment(adj, MOUSE_BIN), -20, "%s", r.body);
    cr_assert_eq(bin_adjustment(adj, DOCK_BIN), 20, "%s", r.body);
    tresponse_free(&r);
    cr_assert_eq(stock_at(LAPTOP15, MAIN_WH), 10);
    cr_assert_eq(stock_at(MOUSE, MAIN_WH), 120);
    free(id);
}

/* test_stock_orders.c -- transfer orders, move orders, picklists and replenishment over HTTP: numbers, statuses, refusals, attachments */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http_client.h"

#define ORG "?organization_id=10234695"
#define JOHN "1000.full.john"
#define V1 "/inventory/v1"
#define MAIN_WH "4815000000038080"
#define BLR_WH "4815000000038090"
#define SURGE "4815000000033024"    /* Surge Protector 6-outlet: 45 at Main Warehouse, no bins */
#define RACK_A1 "4815000000050000"
#define BLR_BIN "4815000000050100"  /* a bin of Bengaluru Warehouse */

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(stock_orders, .init = start, .fini = stop);

static tresponse call(const char *method, const char *fmt, const char *id, const char *query, const char *body)
{
    char path[512];
    snprintf(path, sizeof path, fmt, id);
    strncat(path, ORG, sizeof path - strlen(path) - 1);
    if (query) strncat(path, query, sizeof path - strlen(path) - 1);
    return treq(method, path, JOHN, body);
}

static const char *status_of(const char *fmt, const char *id, const char *key)
{
    static char status[32];
    tresponse r = call("GET", fmt, id, NULL, NULL);
    char where[64];
    snprintf(where, sizeof where, "%s.status", key);
    snprintf(status, sizeof status, "%s", tjson_str(r.json, where) ? tjson_str(r.json, where) : "");
    tresponse_free(&r);
    return status;
}

/* A draft (Zoho's Save as Draft): a new order is otherwise transferred at once. */
#define TO_BODY(from, to, qty) \
    "{\"date\":\"2025-06-15\",\"from_location_id\":\"" from "\",\"to_location_id\":\"" to "\",\"status\":\"draft\"," \
    "\"line_items\":[{\"item_id\":\"" SURGE "\",\"name\":\"Surge\",\"quantity_transfer\":" qty "}]}"

Test(stock_orders, transfer_orders_are_numbered_and_move_through_their_statuses)
{
    tresponse r = call("POST", V1 "/transferorders", "", NULL, TO_BODY(MAIN_WH, BLR_WH, "3"));
    expect_ok(&r, 200, "Transfer Order added successfully.");
    cr_assert_str_eq(tjson_str(r.json, "transfer_order.transfer_order_number"), "TO-00001");
    cr_assert_str_eq(tjson_str(r.json, "transfer_order.status"), "draft");
    cr_assert_str_eq(tjson_str(r.json, "transfer_order.from_location_name"), "Main Warehouse");
    cr_assert_str_eq(tjson_str(r.json, "transfer_order.to_location_name"), "Bengaluru Warehouse");
    cr_assert_str_eq(tjson_str(r.json, "transfer_order.line_items.0.unit"), "pcs");
    char *id = strdup(tjson_str(r.json, "transfer_order.transfer_order_id"));
    tresponse_free(&r);

    const char *one = V1 "/transferorders/%s";
    r = call("POST", V1 "/transferorders/%s/approve", id, NULL, NULL);
    expect_error(&r, 400, 4250, "Transfer Order cannot be marked as approved: its status is draft.");
    tresponse_free(&r);
    r = call("POST", V1 "/transferorders/%s/submit", id, NULL, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    cr_assert_str_eq(status_of(one, id, "transfer_order"), "pending_approval");
    r = call("POST", V1 "/transferorders/%s/approve", id, NULL, NULL);
    tresponse_free(&r);
    r = call("POST", V1 "/transferorders/%s/intransit", id, NULL, NULL);
    tresponse_free(&r);
    cr_assert_str_eq(status_of(one, id, "transfer_order"), "in_transit");
    r = call("POST", V1 "/transferorders/%s/markastransferred", id, NULL, NULL);
    expect_ok(&r, 200, "The status of the Transfer Order has been updated.");
    tresponse_free(&r);
    cr_assert_str_eq(status_of(one, id, "transfer_order"), "transferred");
    /* Done: no edit. */
    r = call("PUT", one, id, NULL, "{\"description\":\"late\"}");
    expect_error_part(&r, 400, 4250, "transferred");
    tresponse_free(&r);

    /* A new order in transit from the start; the list's status filter. */
    r = call("POST", V1 "/transferorders", "", NULL,
             "{\"date\":\"2025-06-15\",\"from_location_id\":\"" MAIN_WH "\",\"to_location_id\":\"" BLR_WH "\","
             "\"is_intransit_order\":true,\"line_items\":[{\"item_id\":\"" SURGE "\",\"name\":\"Surge\",\"quantity_transfer\":1}]}");
    cr_assert_str_eq(tjson_str(r.json, "transfer_order.transfer_order_number"), "TO-00002");
    cr_assert_str_eq(tjson_str(r.json, "transfer_order.status"), "in_transit");
    tresponse_free(&r);
    r = call("GET", V1 "/transferorders", "", "&status=in_transit&item_id=" SURGE, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "transfer_orders")), 1);
    tresponse_free(&r);
    r = call("GET", V1 "/transferorders", "", "&from_warehouse_id=" MAIN_WH, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "transfer_orders")), 2);
    tresponse_free(&r);
    free(id);
}

Test(stock_orders, transfer_order_refusals)
{
    tresponse r = call("POST", V1 "/transferorders", "", NULL, TO_BODY(MAIN_WH, MAIN_WH, "3"));
    expect_error_part(&r, 400, 4, "to_location_id");
    tresponse_free(&r);
    r = call("POST", V1 "/transferorders", "", NULL, TO_BODY(MAIN_WH, BLR_WH, "0"));
    expect_error(&r, 400, 4, "Invalid value passed for quantity_transfer");
    tresponse_free(&r);
    r = call("POST", V1 "/transferorders", "", NULL, TO_BODY(MAIN_WH, "4815000000099999", "1"));
    expect_error(&r, 400, 4, "Invalid value passed for to_location_id");
    tresponse_free(&r);
    r = call("POST", V1 "/transferorders", "", "&ignore_auto_number_generation=true", TO_BODY(MAIN_WH, BLR_WH, "1"));
    expect_error(&r, 400, 11, "The parameter transfer_order_number is mandatory.");
    tresponse_free(&r);
    r = call("GET", V1 "/transferorders", "", NULL, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "transfer_orders")), 0, "nothing was made");
    tresponse_free(&r);
}

Test(stock_orders, move_orders_bins_statuses_and_attachments)
{
    tresponse r = call("POST", V1 "/moveorders", "", NULL,
                       "{\"date\":\"2025-06-15\",\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\","
                       "\"quantity_transferred\":2,\"from_storages\":[{\"storage_id\":\"" BLR_BIN "\",\"quantity\":2}]}]}");
    expect_error(&r, 400, 4, "Invalid value passed for storage_id");
    tresponse_free(&r);
    r = call("POST", V1 "/moveorders", "", NULL,
             "{\"date\":\"2025-06-15\",\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\","
             "\"quantity_transferred\":2,\"to_storages\":[{\"storage_id\":\"" RACK_A1 "\",\"quantity\":2}]}]}");
    cr_assert_eq(tjson_num(r.json, "code"), 0, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "moveorder.moveorder_number"), "MO-00001");
    cr_assert_str_eq(tjson_str(r.json, "moveorder.line_items.0.name"), "Surge Protector 6-outlet");
    char id[32];
    /* The document types a move order's ids as integers: printed as exact numbers. */
    const cJSON *raw = tjson_get(r.json, "moveorder.moveorder_id");
    cr_assert(cJSON_IsNumber(raw), "%s", r.body);
    snprintf(id, sizeof id, "%.0f", raw->valuedouble);
    tresponse_free(&r);

    const char *one = V1 "/moveorders/%s";
    r = call("POST", V1 "/moveorders/%s/markascompleted", id, NULL, NULL);
    expect_error_part(&r, 400, 4250, "draft");
    tresponse_free(&r);
    r = call("POST", V1 "/moveorders/%s/markasconfirmed", id, NULL, NULL);
    expect_ok(&r, 200, "Move Order status updated successfully.");
    tresponse_free(&r);
    r = call("POST", V1 "/moveorders/%s/markasinprogress", id, NULL, NULL);
    tresponse_free(&r);
    r = call("POST", V1 "/moveorders/%s/markascompleted", id, NULL, NULL);
    tresponse_free(&r);
    cr_assert_str_eq(status_of(one, id, "moveorder"), "completed");

    /* An attachment kept and served back. */
    static const char part[] = "--zmbound\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"slip.pdf\"\r\n\r\n"
                               "%PDF-1.4 slip\r\n--zmbound--\r\n";
    char path[256];
    snprintf(path, sizeof path, V1 "/moveorders/%s/attachment" ORG, id);
    r = treq_bytes("POST", path, JOHN, "multipart/form-data; boundary=zmbound", part, sizeof part - 1);
    cr_assert_eq(tjson_num(r.json, "code"), 0, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "document.file_name"), "slip.pdf");
    cr_assert_eq(tjson_num(r.json, "document.file_size"), 13);
    char doc[32];
    snprintf(doc, sizeof doc, "%.0f", tjson_num(r.json, "document.document_id"));
    tresponse_free(&r);
    snprintf(path, sizeof path, V1 "/moveorders/%s/documents/%s" ORG, id, doc);
    r = treq("GET", path, JOHN, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(r.body, "%PDF-1.4 slip");
    cr_assert(strstr(r.headers, "Content-Type: application/pdf"), "%s", r.headers);
    tresponse_free(&r);
    r = treq("DELETE", path, JOHN, NULL);
    expect_ok(&r, 200, "Your file is no longer attached to the Move Order.");
    tresponse_free(&r);
    r = treq("GET", path, JOHN, NULL);
    expect_error(&r, 404, 1002, "Document does not exist.");
    tresponse_free(&r);
}

Test(stock_orders, picklist_statuses)
{
    tresponse r = call("POST", V1 "/picklists", "", NULL,
                       "{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"quantity_to_be_picked\":2,\"quantity_picked\":3}]}");
    expect_error(&r, 400, 4, "Invalid value passed for quantity_picked");
    tresponse_free(&r);
    r = call("POST", V1 "/picklists", "", NULL,
             "{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"quantity_to_be_picked\":2}]}");
    expect_ok(&r, 200, "Picklist has been created.");
    cr_assert_str_eq(tjson_str(r.json, "picklist.status"), "yettostart");
    cr_assert_str_eq(tjson_str(r.json, "picklist.picklist_number"), "PL-00001");
    char *id = strdup(tjson_str(r.json, "picklist.picklist_id"));
    tresponse_free(&r);
    r = call("POST", V1 "/picklists/%s/setstatus", id, "&status=done", NULL);
    expect_error(&r, 400, 2, "Invalid value passed for status");
    tresponse_free(&r);
    r = call("POST", V1 "/picklists/%s/setstatus", id, "&status=inprogress", NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    char q[128];
    snprintf(q, sizeof q, "&picklist_ids=%s&status=completed", id);
    r = call("POST", V1 "/picklists/setstatus", "", q, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    cr_assert_str_eq(status_of(V1 "/picklists/%s", id, "picklist"), "completed");
    r = call("POST", V1 "/picklists/%s/setstatus", id, "&status=onhold", NULL);
    expect_error_part(&r, 400, 4250, "completed");
    tresponse_free(&r);
    r = call("GET", V1 "/picklists", "", "&status=completed", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "picklists")), 1);
    tresponse_free(&r);
    free(id);
}

Test(stock_orders, replenishment_tasks_follow_live_stock)
{
    /* Surge: 45 at Main Warehouse; reorder at 50, refill to 100 in fives. */
    tresponse r = call("POST", V1 "/replenishments", "", NULL,
                       "{\"item_id\":\"" SURGE "\",\"location_id\":\"" MAIN_WH "\",\"reorder_level\":50,"
                       "\"max_stock_level\":100,\"order_multiple\":4}");
    expect_ok(&r, 200, "Replenishment configuration created.");
    cr_assert_str_eq(tjson_str(r.json, "replenishment_configuration.item_name"), "Surge Protector 6-outlet");
    cr_assert_str_eq(tjson_str(r.json, "replenishment_configuration.status"), "active");
    char *id = strdup(tjson_str(r.json, "replenishment_configuration.replenishment_configuration_id"));
    tresponse_free(&r);
    r = call("POST", V1 "/replenishments", "", NULL,
             "{\"item_id\":\"" SURGE "\",\"location_id\":\"" MAIN_WH "\",\"reorder_level\":5}");
    expect_error_part(&r, 400, 4, "item_id");
    tresponse_free(&r);

    r = call("POST", V1 "/replenishments/%s/tasks/generate", id, NULL, NULL);
    expect_ok(&r, 200, "Replenishment tasks generated.");
    tresponse_free(&r);
    r = call("GET", V1 "/replenishments/tasks", "", "&filter_by=Status.Pending", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "replenishment_tasks")), 1, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "replenishment_tasks.0.quantity_to_replenish"), 56, "100 - 45 = 55, in fours");
    cr_assert_str_eq(tjson_str(r.json, "replenishment_tasks.0.entry_number"), "RT-00001");
    char *task = strdup(tjson_str(r.json, "replenishment_tasks.0.replenishment_task_id"));
    tresponse_free(&r);

    /* Paused: no task; generating again updates the pending one. */
    r = call("PUT", V1 "/replenishments/%s/pause", id, NULL, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = call("PUT", V1 "/replenishments/%s/pause", id, NULL, NULL);
    expect_error_part(&r, 400, 4250, "paused");
    tresponse_free(&r);
    r = call("PUT", V1 "/replenishments/resume", "", "&item_ids=" SURGE, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = call("POST", V1 "/replenishments/tasks/generate", "", NULL, NULL);
    tresponse_free(&r);
    r = call("GET", V1 "/replenishments/tasks", "", NULL, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "replenishment_tasks")), 1);
    tresponse_free(&r);

    r = call("PUT", V1 "/replenishments/tasks/%s/dismiss", task, NULL, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = call("GET", V1 "/replenishments/tasks/%s", task, NULL, NULL);
    cr_assert_str_eq(tjson_str(r.json, "task_details.status"), "dismissed");
    tresponse_free(&r);
    free(task);
    free(id);
}

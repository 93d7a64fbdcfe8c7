/* test_procure_to_pay.c -- procure to pay through HTTP: every stock figure after each step, each step undone, the refusals */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "api_util.h"
#include "stock_util.h"

#define VENDOR "4815000000000702"       /* Volt Components */
#define CUSTOMER "4815000000000700"     /* Bowman Furniture */
#define MAIN_WH "4815000000038080"
#define BLR_WH "4815000000038090"       /* Bengaluru Warehouse: no surge protectors */
#define DOCK_BIN "4815000000050030"     /* a Main Warehouse bin */
#define SHELF2_BIN "4815000000050010"   /* Main Warehouse: Laptop 13 serials LAP13-SN-0001..4 */
#define SURGE "4815000000033024"        /* plain: Main 45 (no bin), MG Road 8 */
#define LAPTOP13 "4815000000033002"     /* serial tracked */
#define LAPTOP15 "4815000000033001"     /* batch tracked */
#define LAMP "4815000000033027"         /* no stock anywhere */
#define ACCOUNT "4815000000000401"      /* Inventory Asset */

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(procure_to_pay, .init = start, .fini = stop);

/* ------------------------------------------------------------- helpers */

/* The purchase order as retrieved. */
static tresponse po_get(const char *po)
{
    tresponse r = tapi("GET", tpath("/purchaseorders/%s", po), NULL);
    expect_ok(&r, 200, "success");
    return r;
}

static void expect_po(const char *po, const char *status, const char *received, const char *billed)
{
    tresponse r = po_get(po);
    cr_assert_str_eq(tjson_str(r.json, "purchase_order.status"), status, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "purchase_order.received_status"), received, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "purchase_order.billed_status"), billed, "%s", r.body);
    tresponse_free(&r);
}

/* Line i of the order: quantity received and billed. */
static void expect_line(const char *po, int i, double received, double billed)
{
    tresponse r = po_get(po);
    cr_assert_eq(tjson_num(r.json, tpath("purchase_order.line_items.%d.quantity_received", i)), received, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, tpath("purchase_order.line_items.%d.quantity_billed", i)), billed, "%s", r.body);
    tresponse_free(&r);
}

/* An issued order of 10 surge protectors for Bengaluru and 2 Laptop 13s
 * for Main Warehouse; its line ids in l1, l2. */
static char *issued_order(char l1[32], char l2[32])
{
    char *po = tapi_id(tapi("POST", "/purchaseorders",
                            "{\"vendor_id\":\"" VENDOR "\",\"date\":\"2025-06-15\",\"line_items\":["
                            "{\"item_id\":\"" SURGE "\",\"quantity\":10,\"rate\":12.5,\"location_id\":\"" BLR_WH "\"},"
                            "{\"item_id\":\"" LAPTOP13 "\",\"quantity\":2,\"purchase_rate\":700,\"location_id\":\"" MAIN_WH "\"}]}"),
                            "purchase_order.purchaseorder_id");
    tapi_expect(tapi("POST", tpath("/purchaseorders/%s/status/issued", po), NULL),
        200, 0, "The purchase order has been marked as issued.");
    tresponse r = po_get(po);
    snprintf(l1, 32, "%s", tjson_str(r.json, "purchase_order.line_items.0.line_item_id"));
    snprintf(l2, 32, "%s", tjson_str(r.json, "purchase_order.line_items.1.line_item_id"));
    tresponse_free(&r);
    return po;
}

/* A receive of quantity of the order's line (a draft when draft); its id. */
static char *receive_line(const char *po, const char *line, int quantity, bool draft)
{
    return tapi_id(tapi("POST", tpath("/purchasereceives?purchaseorder_id=%s", po),
                        "{%s\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":%d}]}",
                        draft ? "\"status\":\"draft\"," : "", line, quantity),
                   "purchase_receive.receive_id");
}

static void delete_ok(const char *path, const char *message)
{
    tapi_expect(tapi("DELETE", path, NULL), 200, 0, message);
}

/* -------------------------------------------------- the whole cycle */

Test(procure_to_pay, two_receives_a_bill_and_a_credit_move_every_figure_and_undo_it)
{
    expect_figures(SURGE, BLR_WH, 0, 0);
    expect_figures(SURGE, MAIN_WH, 45, 45);
    expect_figures(LAPTOP13, MAIN_WH, 4, 4);
    char l1[32], l2[32];
    char *po = issued_order(l1, l2);
    /* Ordering moves nothing. */
    expect_figures(SURGE, BLR_WH, 0, 0);
    expect_po(po, "issued", "", "");
    tresponse r = po_get(po);
    cr_assert_str_eq(tjson_str(r.json, "purchase_order.purchaseorder_number"), "PO-00001");
    cr_assert_eq(tjson_num(r.json, "purchase_order.total"), 1525);
    cr_assert_str_eq(tjson_str(r.json, "purchase_order.vendor_name"), "Volt Components");
    cr_assert_str_eq(tjson_str(r.json, "purchase_order.line_items.0.location_name"), "Bengaluru Warehouse");
    tresponse_free(&r);

    /* First receive: 4 surge protectors, 1 laptop into the dock bin. */
    char query[96];
    snprintf(query, sizeof query, "/purchasereceives?purchaseorder_id=%s", po);
    char *pr1 = tapi_id(tapi("POST", query,
                             "{\"date\":\"2025-06-16\",\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":4},"
                             "{\"line_item_id\":\"%s\",\"quantity\":1,\"storages\":[{\"storage_id\":\"" DOCK_BIN "\","
                             "\"in_quantity\":1,\"serial_numbers\":[\"PO-SN-1\"]}]}]}", l1, l2),
                                 "purchase_receive.receive_id");
    expect_figures(SURGE, BLR_WH, 0, 4);
    expect_figures(LAPTOP13, MAIN_WH, 4, 5);
    expect_po(po, "partially_received", "partially_received", "");
    expect_line(po, 0, 4, 0);
    expect_line(po, 1, 1, 0);

    /* Second receive, by item: the rest. */
    char *pr2 = tapi_id(tapi("POST", query,
                             "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":6},"
                             "{\"item_id\":\"" LAPTOP13 "\",\"quantity\":1,\"serial_numbers\":[\"PO-SN-2\"]}]}"),
                                 "purchase_receive.receive_id");
    expect_figures(SURGE, BLR_WH, 0, 10);
    expect_figures(LAPTOP13, MAIN_WH, 4, 6);
    expect_po(po, "received", "received", "");
    expect_line(po, 0, 10, 0);
    r = po_get(po);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "purchase_order.purchasereceives")), 2, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "purchase_order.purchasereceives.1.receive_number"), "PR-00002");
    tresponse_free(&r);

    /* Nothing more to receive. */
    tapi_expect(tapi("POST", query, "{\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":1}]}", l1),
        400, 4, "Quantity recorded cannot be more than quantity ordered.");
    expect_figures(SURGE, BLR_WH, 0, 10);

    /* The bill adds accounting stock where the order's lines are. */
    char *bill = tapi_id(tapi("POST", "/bills",
                              "{\"vendor_id\":\"" VENDOR "\",\"bill_number\":\"VC-7781\",\"date\":\"2025-06-17\","
                              "\"due_date\":\"2025-07-17\",\"purchaseorder_id\":\"%s\",\"line_items\":["
                              "{\"purchaseorder_item_id\":\"%s\",\"quantity\":10,\"rate\":12.5,\"account_id\":\"" ACCOUNT "\"},"
                              "{\"purchaseorder_item_id\":\"%s\",\"quantity\":2,\"rate\":700}]}", po, l1, l2),
                                  "bill.bill_id");
    expect_figures(SURGE, BLR_WH, 10, 10);
    expect_figures(LAPTOP13, MAIN_WH, 6, 6);
    expect_po(po, "closed", "received", "billed");
    expect_line(po, 0, 10, 10);
    r = tapi("GET", tpath("/bills/%s", bill), NULL);
    cr_assert_eq(tjson_num(r.json, "bill.total"), 1525, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "bill.balance"), 1525, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "bill.line_items.0.item_id"), SURGE);
    cr_assert_str_eq(tjson_str(r.json, "bill.line_items.0.account_name"), "Inventory Asset");
    tresponse_free(&r);

    /* A vendor credit takes accounting stock back. */
    char *vc = tapi_id(tapi("POST", "/vendorcredits",
                            "{\"vendor_id\":\"" VENDOR "\",\"location_id\":\"" BLR_WH "\","
                            "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":3,\"rate\":12.5}]}"),
                                "vendor_credit.vendor_credit_id");
    expect_figures(SURGE, BLR_WH, 7, 10);

    /* Applied to the bill, it lowers the balance. */
    tapi_expect(tapi("POST", tpath("/vendorcredits/%s/bills", vc),
        "{\"bills\":[{\"bill_id\":\"%s\",\"amount_applied\":37.5}]}", bill),
        201, 0, "Credits have been applied to the bill(s).");
    r = tapi("GET", tpath("/bills/%s", bill), NULL);
    cr_assert_eq(tjson_num(r.json, "bill.balance"), 1487.5, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "bill.status"), "partially_paid", "%s", r.body);
    tresponse_free(&r);
    r = tapi("GET", tpath("/vendorcredits/%s", vc), NULL);
    cr_assert_str_eq(tjson_str(r.json, "vendor_credit.status"), "closed", "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "vendor_credit.balance"), 0, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "vendor_credit.bills_credited.0.bill_id"), bill, "%s", r.body);
    const char *applied_id = tjson_str(r.json, "vendor_credit.bills_credited.0.vendor_credit_bill_id");
    char applied[32];
    snprintf(applied, sizeof applied, "%s", applied_id ? applied_id : "");
    tresponse_free(&r);

    /* Undo, last step first: every figure comes back. */
    delete_ok(tpath("/vendorcredits/%s/bills/%s", vc, applied), "Credits applied to the bill have been deleted.");
    delete_ok(tpath("/vendorcredits/%s", vc), "The vendor credit has been deleted.");
    expect_figures(SURGE, BLR_WH, 10, 10);
    tapi_expect(tapi("POST", tpath("/bills/%s/status/void", bill), NULL), 200, 0, "The bill has been marked as Void.");
    expect_figures(SURGE, BLR_WH, 0, 10);
    expect_figures(LAPTOP13, MAIN_WH, 4, 6);
    expect_po(po, "received", "received", "");
    delete_ok(tpath("/bills/%s", bill), "The Bill has been deleted.");
    expect_figures(SURGE, BLR_WH, 0, 10);
    delete_ok(tpath("/purchasereceives/%s", pr2), "The Purchase Receive has been deleted.");
    expect_figures(SURGE, BLR_WH, 0, 4);
    expect_figures(LAPTOP13, MAIN_WH, 4, 5);
    expect_po(po, "partially_received", "partially_received", "");
    delete_ok(tpath("/purchasereceives/%s", pr1), "The Purchase Receive has been deleted.");
    expect_figures(SURGE, BLR_WH, 0, 0);
    expect_figures(LAPTOP13, MAIN_WH, 4, 4);
    expect_po(po, "issued", "", "");
    delete_ok(tpath("/purchaseorders/%s", po), "The Purchase Order has been deleted.");
    expect_figures(SURGE, MAIN_WH, 45, 45);
    free(po), free(pr1), free(pr2), free(bill), free(vc);
}

Test(procure_to_pay, receives_put_batches_in_bins_and_take_them_back)
{
    char *po = tapi_id(tapi("POST", "/purchaseorders",
                            "{\"vendor_id\":\"" VENDOR "\",\"location_id\":\"" MAIN_WH "\","
                            "\"line_items\":[{\"item_id\":\"" LAPTOP15 "\",\"quantity\":5}]}"),
                                "purchase_order.purchaseorder_id");
    char query[96];
    tresponse r = tapi("POST", tpath("/purchaseorders/%s/status/issued", po), NULL);
    tresponse_free(&r);
    figures before = stock_at(LAPTOP15, MAIN_WH);
    snprintf(query, sizeof query, "/purchasereceives?purchaseorder_id=%s", po);
    /* Batches must add up to the quantity. */
    tapi_expect_part(tapi("POST", query,
             "{\"line_items\":[{\"item_id\":\"" LAPTOP15 "\",\"quantity\":5,"
             "\"batches\":[{\"batch_number\":\"LAP-NEW\",\"in_quantity\":4}]}]}"), 400, 4, "batches");
    char *pr = tapi_id(tapi("POST", query,
                            "{\"line_items\":[{\"item_id\":\"" LAPTOP15 "\",\"quantity\":5,\"batches\":["
                            "{\"batch_number\":\"LAP-NEW\",\"in_quantity\":5,\"storages\":["
                            "{\"storage_id\":\"" DOCK_BIN "\",\"in_quantity\":3},{\"storage_id\":\"" SHELF2_BIN "\",\"in_quantity\":2}]}]}]}"),
                            "purchase_receive.receive_id");
    figures after = stock_at(LAPTOP15, MAIN_WH);
    cr_assert_eq(after.physical, before.physical + 5);
    cr_assert_eq(after.accounting, before.accounting);
    r = tapi("GET", tpath("/items/%s", LAPTOP15), NULL);
    double in_dock = -1;
    const cJSON *b;
    cJSON_ArrayForEach(b, tjson_get(r.json, "item.batches"))
        if (!strcmp(tjson_str(b, "batch_number"), "LAP-NEW") && !strcmp(tjson_str(b, "storage_id"), DOCK_BIN))
            in_dock = tjson_num(b, "quantity");
    cr_assert_eq(in_dock, 3, "%s", r.body);
    tresponse_free(&r);
    r = tapi("GET", tpath("/purchasereceives/%s", pr), NULL);
    cr_assert_str_eq(tjson_str(r.json, "purchase_receive.line_items.0.batches.0.storages.0.storage_name"),
        "Receiving Dock",
                     "%s", r.body);
    tresponse_free(&r);
    delete_ok(tpath("/purchasereceives/%s", pr), "The Purchase Receive has been deleted.");
    after = stock_at(LAPTOP15, MAIN_WH);
    cr_assert_eq(after.physical, before.physical);
    free(po), free(pr);
}

/* ----------------------------------------------------------- refusals */

Test(procure_to_pay, an_order_with_receives_or_bills_cannot_be_deleted_or_cancelled)
{
    char l1[32], l2[32], query[96];
    char *po = issued_order(l1, l2);
    snprintf(query, sizeof query, "/purchasereceives?purchaseorder_id=%s", po);
    char *pr = tapi_id(tapi("POST", query, "{\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":2}]}", l1),
        "purchase_receive.receive_id");
    char *bill = tapi_id(tapi("POST", "/bills",
                              "{\"vendor_id\":\"" VENDOR "\",\"bill_number\":\"B-1\",\"date\":\"2025-06-17\","
                              "\"due_date\":\"2025-07-17\",\"purchaseorder_id\":\"%s\","
                              "\"line_items\":[{\"purchaseorder_item_id\":\"%s\",\"quantity\":1}]}", po, l1),
                                  "bill.bill_id");
    tapi_expect(tapi("DELETE", tpath("/purchaseorders/%s", po), NULL),
        400, 4251, "The purchase order PO-00001 cannot be deleted: purchase receives PR-00001 and bills B-1.");
    tapi_expect(tapi("POST", tpath("/purchaseorders/%s/status/cancelled", po), NULL),
        400, 4250, "Purchase Order cannot be marked as cancelled: its status is partially_received.");
    /* A line cannot order less than was received. */
    tapi_expect_part(tapi("PUT", tpath("/purchaseorders/%s", po),
        "{\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":1},{\"line_item_id\":\"%s\"}]}", l1, l2),
        400, 4, "Quantity ordered cannot be less than");
    /* Nor be billed beyond what was ordered. */
    tapi_expect(tapi("POST", "/bills",
             "{\"vendor_id\":\"" VENDOR "\",\"bill_number\":\"B-2\",\"date\":\"2025-06-17\",\"due_date\":\"2025-07-17\","
             "\"purchaseorder_id\":\"%s\",\"line_items\":[{\"purchaseorder_item_id\":\"%s\",\"quantity\":10}]}", po,
                 l1), 400, 4, "Quantity billed cannot be more than quantity ordered.");
    /* The same vendor's bill number twice. */
    tapi_expect(tapi("POST", "/bills",
             "{\"vendor_id\":\"" VENDOR "\",\"bill_number\":\"B-1\",\"date\":\"2025-06-17\",\"due_date\":\"2025-07-17\","
             "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1}]}"), 400, 1001,
                 "The bill_number B-1 already exists.");
    /* Once they are gone, the order goes. */
    delete_ok(tpath("/purchasereceives/%s", pr), "The Purchase Receive has been deleted.");
    /* Issued again, but billed: still not cancellable. */
    tapi_expect(tapi("POST", tpath("/purchaseorders/%s/status/cancelled", po), NULL),
        400, 4, "The purchase order PO-00001 cannot be cancelled: bills B-1 were recorded against it.");
    delete_ok(tpath("/bills/%s", bill), "The Bill has been deleted.");
    tapi_expect(tapi("POST", tpath("/purchaseorders/%s/status/cancelled", po), NULL),
        200, 0, "The purchase order has been marked as cancelled.");
    /* A cancelled order takes no receive and cannot be issued again. */
    tapi_expect_part(tapi("POST", query, "{\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":1}]}", l1),
        400, 4, "only for issued purchase orders");
    tapi_expect(tapi("POST", tpath("/purchaseorders/%s/status/issued", po), NULL),
        400, 4250, "Purchase Order cannot be marked as issued: its status is cancelled.");
    delete_ok(tpath("/purchaseorders/%s", po), "The Purchase Order has been deleted.");
    free(po), free(pr), free(bill);
}

Test(procure_to_pay, documents_name_a_vendor_and_existing_things)
{
    tapi_expect(tapi("POST", "/purchaseorders",
                       "{\"vendor_id\":\"" CUSTOMER "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1}]}"),
                       400, 4, "Invalid value passed for vendor_id");
    tapi_expect(tapi("POST", "/purchaseorders",
        "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"4815000000099999\"}]}"),
        400, 4, "Invalid value passed for item_id");
    tapi_expect(tapi("POST", "/purchaseorders",
             "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":-2}]}"), 400, 4,
                 "Invalid value passed for quantity");
    tapi_expect(tapi("POST", "/purchaseorders", "{\"line_items\":[{\"item_id\":\"" SURGE "\"}]}"),
        400, 11, "The parameter vendor_id is mandatory.");
    tapi_expect(tapi("POST", "/bills",
             "{\"vendor_id\":\"" VENDOR "\",\"bill_number\":\"B-9\",\"date\":\"2025-06-17\",\"due_date\":\"2025-07-17\","
             "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1,\"account_id\":\"4815000000000999\"}]}"), 400,
                 4, "Invalid value passed for account_id");
    tapi_expect(tapi("POST", "/bills", "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}"),
        400, 11, NULL);
    /* A draft order takes no receive. */
    char *po = tapi_id(tapi("POST", "/purchaseorders",
                            "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1}]}"),
                            "purchase_order.purchaseorder_id");
    char query[96];
    snprintf(query, sizeof query, "/purchasereceives?purchaseorder_id=%s", po);
    tapi_expect_part(tapi("POST", query, "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1}]}"),
        400, 4, "Purchase receives can be recorded only for issued purchase orders");
    tapi_expect(tapi("POST", "/purchasereceives", "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1}]}"),
        400, 11, "The parameter purchaseorder_id is mandatory.");
    free(po);
}

Test(procure_to_pay, credited_bills_and_credits_stay_until_the_credit_is_taken_off)
{
    char *bill = tapi_id(tapi("POST", "/bills",
                              "{\"vendor_id\":\"" VENDOR "\",\"bill_number\":\"B-5\",\"date\":\"2025-06-17\","
                              "\"due_date\":\"2025-07-17\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":4,\"rate\":10}]}"),
                              "bill.bill_id");
    expect_figures(SURGE, MAIN_WH, 49, 45);
    char *vc = tapi_id(tapi("POST", "/vendorcredits",
                            "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1,\"rate\":10}]}"),
                            "vendor_credit.vendor_credit_id");
    expect_figures(SURGE, MAIN_WH, 48, 45);
    tapi_expect_part(tapi("POST", tpath("/vendorcredits/%s/bills", vc),
        "{\"bills\":[{\"bill_id\":\"%s\",\"amount_applied\":11}]}", bill),
        400, 4, "cannot be more than the vendor credit's balance");
    tapi_expect(tapi("POST", tpath("/vendorcredits/%s/bills", vc),
        "{\"bills\":[{\"bill_id\":\"%s\",\"amount_applied\":6}]}", bill),
        201, 0, NULL);
    tapi_expect(tapi("DELETE", tpath("/bills/%s", bill), NULL),
        400, 4251, "The bill B-5 cannot be deleted: vendor credits were applied to it.");
    tapi_expect_part(tapi("POST", tpath("/bills/%s/status/void", bill), NULL), 400, 4, "cannot be voided");
    tapi_expect_part(tapi("DELETE", tpath("/vendorcredits/%s", vc), NULL),
        400, 4251, "it was applied to bills or refunded");
    /* The rest is refunded: the credit closes. */
    tresponse r = tapi("POST", tpath("/vendorcredits/%s/refunds", vc),
        "{\"date\":\"2025-06-20\",\"amount\":4,\"account_id\":\"" ACCOUNT "\"}");
    expect_ok(&r, 201, "The refund information for this vendor credit has been saved.");
    cr_assert_str_eq(tjson_str(r.json, "vendor_credit_refund.vendor_credit_id"), vc);
    tresponse_free(&r);
    r = tapi("GET", tpath("/vendorcredits/%s", vc), NULL);
    cr_assert_str_eq(tjson_str(r.json, "vendor_credit.status"), "closed", "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "vendor_credit.total_refunded_amount"), 4, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "vendor_credit.total_credits_used"), 6, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "vendor_credit.line_items.0.item_id"), SURGE, "%s", r.body);
    tresponse_free(&r);
    r = tapi("GET", "/vendorcredits/refunds", NULL);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "vendor_credit_refunds")), 1, "%s", r.body);
    tresponse_free(&r);
    free(bill), free(vc);
}

Test(procure_to_pay, a_receive_whose_serials_left_cannot_be_deleted)
{
    char l1[32], l2[32], query[96];
    char *po = issued_order(l1, l2);
    snprintf(query, sizeof query, "/purchasereceives?purchaseorder_id=%s", po);
    char *pr = tapi_id(tapi("POST", query,
                            "{\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":1,\"serial_numbers\":[\"PO-SN-9\"]}]}", l2),
                            "purchase_receive.receive_id");
    /* Serial count must match the quantity. */
    tapi_expect_part(tapi("POST", query,
                       "{\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":1,\"serial_numbers\":[\"A\",\"B\"]}]}",
                           l2), 400, 4, "serial_numbers");
    /* The serial leaves by an adjustment. */
    tresponse r = tapi("POST", "/inventoryadjustments",
             "{\"date\":\"2025-06-18\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\",\"line_items\":["
             "{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":-1,\"warehouse_id\":\"" MAIN_WH "\","
             "\"serial_numbers\":[\"PO-SN-9\"]}]}");
    cr_assert_eq(tjson_num(r.json, "code"), 0, "%s", r.body);
    tresponse_free(&r);
    tapi_expect_part(tapi("DELETE", tpath("/purchasereceives/%s", pr), NULL), 400, 4252, "PO-SN-9");
    expect_figures(LAPTOP13, MAIN_WH, 3, 4);
    free(po), free(pr);
}

Test(procure_to_pay, negative_stock_is_refused_when_the_preference_forbids_it)
{
    /* Allowed by default: a credit takes the lamp's accounting stock below zero. */
    char *vc = tapi_id(tapi("POST", "/vendorcredits",
                            "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" LAMP "\",\"quantity\":2}]}"),
                            "vendor_credit.vendor_credit_id");
    expect_figures(LAMP, MAIN_WH, -2, 0);
    delete_ok(tpath("/vendorcredits/%s", vc), "The vendor credit has been deleted.");
    allow_negative_stock(false);
    tapi_expect(tapi("POST", "/vendorcredits",
        "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" LAMP "\",\"quantity\":2}]}"),
        400, 4252, "The stock of this Vendor Credit cannot move: LED Desk Lamp would go below zero at that location.");
    expect_figures(LAMP, MAIN_WH, 0, 0);
    tresponse r = tapi("GET", "/vendorcredits", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "vendorcredits")), 0, "%s", r.body);
    tresponse_free(&r);
    /* Received first, the same goods can be credited... */
    char *bill = tapi_id(tapi("POST", "/bills",
                              "{\"vendor_id\":\"" VENDOR "\",\"bill_number\":\"B-L\",\"date\":\"2025-06-17\","
                              "\"due_date\":\"2025-07-17\",\"line_items\":[{\"item_id\":\"" LAMP "\",\"quantity\":2}]}"),
                              "bill.bill_id");
    vc = tapi_id(tapi("POST", "/vendorcredits",
                      "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" LAMP "\",\"quantity\":2}]}"),
                          "vendor_credit.vendor_credit_id");
    expect_figures(LAMP, MAIN_WH, 0, 0);
    /* ...and the bill that brought them cannot go while they are out. */
    tapi_expect_part(tapi("DELETE", tpath("/bills/%s", bill), NULL), 400, 4252, "below zero");
    free(vc), free(bill);
}

/* -------------------------------------------------------------- lists */

Test(procure_to_pay, lists_filter_by_received_and_billed_views)
{
    char l1[32], l2[32], query[96];
    char *po = issued_order(l1, l2);
    char *draft = tapi_id(tapi("POST", "/purchaseorders",
                               "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1}]}"),
                               "purchase_order.purchaseorder_id");
    snprintf(query, sizeof query, "/purchasereceives?purchaseorder_id=%s", po);
    char *pr = tapi_id(tapi("POST", query, "{\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":1}]}", l1),
        "purchase_receive.receive_id");
    tresponse r = tapi("GET", "/purchaseorders?filter_by=Status.PartiallyReceived", NULL);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "purchaseorders")), 1, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "purchaseorders.0.purchaseorder_id"), po);
    cr_assert_str_eq(tjson_str(r.json, "page_context.report_name"), "Purchase Orders");
    tresponse_free(&r);
    r = tapi("GET", "/purchaseorders?filter_by=Status.Draft", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "purchaseorders")), 1, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "purchaseorders.0.purchaseorder_id"), draft);
    tresponse_free(&r);
    r = tapi("GET", "/purchaseorders?search_text=PO-00002", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "purchaseorders")), 1, "%s", r.body);
    tresponse_free(&r);
    tapi_expect(tapi("GET", "/vendorcredits?sort_column=bogus", NULL), 400, 2, "Invalid value passed for sort_column");
    free(po), free(draft), free(pr);
}

Test(procure_to_pay, a_draft_bill_moves_nothing_until_it_is_opened)
{
    char *bill = tapi_id(tapi("POST", "/bills",
                              "{\"vendor_id\":\"" VENDOR "\",\"bill_number\":\"B-D\",\"date\":\"2025-06-17\","
                              "\"due_date\":\"2025-07-17\",\"status\":\"draft\","
                              "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":5}]}"),
                         "bill.bill_id");
    expect_figures(SURGE, MAIN_WH, 45, 45);
    tapi_expect(tapi("POST", tpath("/bills/%s/status/open", bill), NULL), 200, 0, "The bill has been marked as open.");
    expect_figures(SURGE, MAIN_WH, 50, 45);
    tapi_expect(tapi("POST", tpath("/bills/%s/status/open", bill), NULL), 400, 4250,
                "Bill cannot be marked as open: its status is open.");
    tapi_expect(tapi("POST", tpath("/bills/%s/status/void", bill), NULL), 200, 0, "The bill has been marked as Void.");
    expect_figures(SURGE, MAIN_WH, 45, 45);
    tapi_expect(tapi("PUT", tpath("/bills/%s", bill), "{\"notes\":\"x\"}"), 400, 4250,
                "Bill cannot be edited: its status is void.");
    free(bill);
}

Test(procure_to_pay, a_receive_naming_only_an_order_line_belongs_to_that_order)
{
    char l1[32], l2[32];
    char *po = issued_order(l1, l2);
    tresponse r = tapi("POST", "/purchasereceives", "{\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":3}]}", l1);
    expect_ok(&r, 201, "success");
    cr_assert_str_eq(tjson_str(r.json, "purchase_receive.purchaseorder_id"), po, "%s", r.body);
    tresponse_free(&r);
    expect_figures(SURGE, BLR_WH, 0, 3);
    expect_line(po, 0, 3, 0);
    free(po);
}

Test(procure_to_pay, a_draft_receive_moves_nothing_until_it_is_approved)
{
    char l1[32], l2[32];
    char *po = issued_order(l1, l2);
    char *pr = receive_line(po, l1, 7, true);
    tresponse r = tapi("GET", tpath("/purchasereceives/%s", pr), NULL);
    cr_assert_str_eq(tjson_str(r.json, "purchase_receive.status"), "draft", "%s", r.body);
    tresponse_free(&r);
    expect_figures(SURGE, BLR_WH, 0, 0);
    expect_po(po, "issued", "", "");
    expect_line(po, 0, 0, 0);
    /* What the draft holds cannot be received twice: 7 of 10 are spoken for. */
    tapi_expect(tapi("POST", tpath("/purchasereceives?purchaseorder_id=%s", po),
                     "{\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":4}]}", l1),
                400, 4, "Quantity recorded cannot be more than quantity ordered.");
    tapi_expect(tapi("POST", tpath("/purchasereceives/%s/approve", pr), NULL), 400, 4250,
                "Purchase Receive cannot be marked as received: its status is draft.");
    tapi_expect(tapi("POST", tpath("/purchasereceives/%s/submit", pr), NULL), 200, 0, NULL);
    expect_figures(SURGE, BLR_WH, 0, 0);
    tapi_expect(tapi("POST", tpath("/purchasereceives/%s/approve", pr), NULL), 200, 0, NULL);
    expect_figures(SURGE, BLR_WH, 0, 7);
    expect_po(po, "partially_received", "partially_received", "");
    expect_line(po, 0, 7, 0);
    free(po), free(pr);
}

Test(procure_to_pay, vendor_credit_lists_filter_by_vendor_lines_and_amounts)
{
    char *small = tapi_id(tapi("POST", "/vendorcredits",
                               "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1,\"rate\":5}]}"),
                          "vendor_credit.vendor_credit_id");
    char *big = tapi_id(tapi("POST", "/vendorcredits",
                             "{\"vendor_id\":\"" VENDOR "\",\"status\":\"draft\",\"line_items\":"
                             "[{\"item_id\":\"" LAPTOP15 "\",\"quantity\":1,\"rate\":500,\"description\":\"cracked lid\"}]}"),
                        "vendor_credit.vendor_credit_id");
    static const struct { const char *query; int rows; } cases[] = {
        {"?customer_name_contains=volt", 2}, {"?customer_name=Bowman%20Furniture", 0}, {"?customer_id=" VENDOR, 2},
        {"?item_id=" SURGE, 1}, {"?item_description_contains=LID", 1}, {"?total_greater_than=100", 1},
        {"?status=open", 1}, {"?filter_by=Status.Draft", 1}, {"?vendor_credit_number_startswith=DN-", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tresponse r = tapi("GET", tpath("/vendorcredits%s", cases[i].query), NULL);
        expect_ok(&r, 200, "success");
        cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "vendorcredits")), cases[i].rows, "%s: %s", cases[i].query, r.body);
        tresponse_free(&r);
    }
    tresponse r = tapi("GET", "/vendorcredits?sort_column=total&sort_order=D", NULL);
    cr_assert_str_eq(tjson_str(r.json, "vendorcredits.0.vendor_credit_id"), big, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "page_context.report_name"), "Vendor Credits");
    tresponse_free(&r);
    free(small), free(big);
}

Test(procure_to_pay, editing_a_receive_moves_the_difference)
{
    char l1[32], l2[32];
    char *po = issued_order(l1, l2);
    char *pr = receive_line(po, l1, 4, false);
    expect_figures(SURGE, BLR_WH, 0, 4);
    tapi_expect(tapi("PUT", tpath("/purchasereceives/%s", pr),
                     "{\"receive_number\":\"PR-00001\",\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":2}]}", l1),
                200, 0, "success");
    expect_figures(SURGE, BLR_WH, 0, 2);
    expect_line(po, 0, 2, 0);
    tapi_expect(tapi("PUT", tpath("/purchasereceives/%s", pr),
                     "{\"receive_number\":\"PR-00001\",\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":11}]}", l1),
                400, 4, "Quantity recorded cannot be more than quantity ordered.");
    expect_figures(SURGE, BLR_WH, 0, 2);
    /* Nor may the order change vendor once something was received. */
    char *other = tapi_id(tapi("POST", "/contacts", "{\"contact_name\":\"Other Parts\",\"contact_type\":\"vendor\"}"),
                          "contact.contact_id");
    tapi_expect_part(tapi("PUT", tpath("/purchaseorders/%s", po), "{\"vendor_id\":\"%s\"}", other), 400, 4,
                     "cannot change once purchase receives PR-00001 were recorded");
    free(po), free(pr), free(other);
}

Test(procure_to_pay, an_update_keeps_the_rates_of_lines_it_names)
{
    tresponse r = tapi("POST", "/purchaseorders",
                       "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":2,\"rate\":7}]}");
    expect_ok(&r, 201, NULL);
    char *po = strdup(tjson_str(r.json, "purchase_order.purchaseorder_id"));
    char *line = strdup(tjson_str(r.json, "purchase_order.line_items.0.line_item_id"));
    tresponse_free(&r);
    r = tapi("PUT", tpath("/purchaseorders/%s", po), "{\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":3}]}", line);
    expect_ok(&r, 200, NULL);
    cr_assert_eq(tjson_num(r.json, "purchase_order.line_items.0.purchase_rate"), 7, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "purchase_order.total"), 21, "%s", r.body);
    tresponse_free(&r);
    free(po), free(line);
}

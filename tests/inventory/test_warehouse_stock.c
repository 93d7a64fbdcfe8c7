/* test_warehouse_stock.c -- transfers, bin moves, bundles and opening stock through HTTP: every stock figure after each step, each undone */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "api_util.h"
#include "stock_util.h"

#define MAIN_WH "4815000000038080"
#define BLR_WH "4815000000038090"       /* Bengaluru Warehouse */
#define MG_ROAD "4815000000038100"      /* MG Road Store: no bins */
#define SHELF1 "4815000000050000"       /* Main: Rack A - Shelf 1 */
#define SHELF2 "4815000000050010"       /* Main: Rack A - Shelf 2 */
#define RACK_B1 "4815000000050020"      /* Main: Rack B - Shelf 1 */
#define DOCK "4815000000050030"         /* Main: Receiving Dock */
#define AISLE1 "4815000000050100"       /* Bengaluru: Aisle 1 - Bin 1 */
#define AISLE1_2 "4815000000050110"     /* Bengaluru: Aisle 1 - Bin 2 */
#define SURGE "4815000000033024"        /* Main 45 outside bins, MG Road 8 */
#define LAPTOP13 "4815000000033002"     /* serials: Main Shelf 2 LAP13-SN-0001..4, MG Road -0005, -0006 */
#define LAPTOP15 "4815000000033001"     /* batches: Main Shelf 2 LAP-B2025-01 8, -02 4; Shelf 1 -03 5; Bengaluru Aisle 1 -02 3 */
#define KEYBOARD "4815000000033005"     /* Main Shelf 1 40, Bengaluru Aisle 1 - Bin 2 15 */
#define VENDOR "4815000000000702"
#define ACCOUNT "4815000000000400"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(warehouse_stock, .init = start, .fini = stop);

/* ------------------------------------------------------------- helpers */

/* The id of a batch record of the item (GET /items/batches). */
static char *batch_id(const char *item_id, const char *number)
{
    tresponse r = tapi("GET", tpath("/items/batches?item_id=%s", item_id), NULL);
    expect_ok(&r, 200, NULL);
    char *id = NULL;
    const cJSON *b;
    cJSON_ArrayForEach(b, tjson_get(r.json, "batches"))
        if (!strcmp(tjson_str(b, "batch_number"), number)) id = strdup(tjson_str(b, "batch_id"));
    tresponse_free(&r);
    cr_assert_not_null(id, "no batch %s", number);
    return id;
}

/* The serial number's record (GET /items/serialnumbers): where it is, or "" when transacted out. */
static void serial_record(const char *item_id, const char *serial, char location[32], bool *out)
{
    tresponse r = tapi("GET", tpath("/items/serialnumbers?item_id=%s", item_id), NULL);
    expect_ok(&r, 200, NULL);
    bool found = false;
    const cJSON *s;
    cJSON_ArrayForEach(s, tjson_get(r.json, "serial_numbers")) {
        if (strcmp(tjson_str(s, "serialnumber"), serial) != 0) continue;
        snprintf(location, 32, "%s", tjson_str(s, "location_id"));
        *out = tjson_num(s, "is_transacted_out") == 1;
        found = true;
    }
    tresponse_free(&r);
    cr_assert(found, "no serial number record %s", serial);
}

/* A batch's quantity at a location on its record (GET /items/batches/{id}). */
static double batch_record_at(const char *id, const char *location)
{
    tresponse r = tapi("GET", tpath("/items/batches/%s", id), NULL);
    expect_ok(&r, 200, NULL);
    double q = tjson_sum_where(r.json, "batch.associated_locations", "location_id", location, "balance_quantity");
    tresponse_free(&r);
    return q;
}

static char *created(tresponse r, const char *field)
{
    cr_assert(r.status == 200 || r.status == 201, "%ld %s", r.status, r.body);
    return tapi_id(r, field);
}

/* DELETE path: a success. */
static void delete_ok(const char *path)
{
    tapi_expect(tapi("DELETE", path, NULL), 200, 0, NULL);
}

/* Both figures of the item at Main Warehouse and at Bengaluru (accounting and physical alike). */
static void expect_main_blr(const char *item_id, double main_wh, double blr_wh)
{
    expect_figures(item_id, MAIN_WH, main_wh, main_wh);
    expect_figures(item_id, BLR_WH, blr_wh, blr_wh);
}

/* POST /transferorders of one line: `order` more members of the order
 * ("" or ",\"status\":\"draft\""), `line` more members of the line ("" or
 * ",\"serial_numbers\":[...]"). */
static tresponse post_transfer(const char *from, const char *to, const char *order, const char *item, double quantity,
                               const char *line)
{
    return tapi("POST", "/transferorders",
                "{\"date\":\"2025-06-15\",\"from_location_id\":\"%s\",\"to_location_id\":\"%s\"%s,"
                "\"line_items\":[{\"item_id\":\"%s\",\"name\":\"x\",\"quantity_transfer\":%g%s}]}",
                from, to, order, item, quantity, line);
}

/* The same, made: its id. */
static char *transfer(const char *from, const char *to, const char *order, const char *item, double quantity,
                      const char *line)
{
    return tapi_id(post_transfer(from, to, order, item, quantity, line), "transfer_order.transfer_order_id");
}

/* A record made whose id the test does not need. */
static void made(tresponse r, const char *field)
{
    free(created(r, field));
}

/* The move order's id: the document types it as an integer. */
static char *number_id(tresponse r, const char *field)
{
    cr_assert_eq(tjson_num(r.json, "code"), 0, "%s", r.body);
    const cJSON *v = tjson_get(r.json, field);
    cr_assert(cJSON_IsNumber(v), "%s", r.body);
    char buf[32];
    snprintf(buf, sizeof buf, "%.0f", v->valuedouble);
    tresponse_free(&r);
    return strdup(buf);
}

/* ---------------------------------------------------- transfer orders */

Test(warehouse_stock, an_in_transit_transfer_leaves_then_arrives_and_deleting_it_gives_everything_back)
{
    char *b01 = batch_id(LAPTOP15, "LAP-B2025-01");
    char *to = created(tapi("POST", "/transferorders",
        "{\"date\":\"2025-06-15\",\"from_location_id\":\"" MAIN_WH "\",\"to_location_id\":\"" BLR_WH "\","
        "\"is_intransit_order\":true,\"line_items\":["
        "{\"item_id\":\"" SURGE "\",\"name\":\"Surge\",\"quantity_transfer\":5},"
        "{\"item_id\":\"" LAPTOP13 "\",\"name\":\"Laptop 13\",\"quantity_transfer\":2,"
        " \"serial_numbers\":[\"LAP13-SN-0001\",\"LAP13-SN-0002\"],"
        " \"from_storages\":[{\"storage_id\":\"" SHELF2 "\",\"out_quantity\":2}],"
        " \"to_storages\":[{\"storage_id\":\"" AISLE1 "\",\"in_quantity\":2}]},"
        "{\"item_id\":\"" LAPTOP15 "\",\"name\":\"Laptop 15\",\"quantity_transfer\":3,"
        " \"batches\":[{\"batch_id\":\"%s\",\"out_quantity\":3,"
        "   \"from_storages\":[{\"storage_id\":\"" SHELF2 "\",\"out_quantity\":3}],"
        "   \"to_storages\":[{\"storage_id\":\"" AISLE1_2 "\",\"in_quantity\":3}]}]}]}", b01),
        "transfer_order.transfer_order_id");
    tresponse r = tapi("GET", tpath("/transferorders/%s", to), NULL);
    cr_assert_str_eq(tjson_str(r.json, "transfer_order.status"), "in_transit", "%s", r.body);
    tresponse_free(&r);

    /* In transit: out of Main Warehouse, not yet in Bengaluru. */
    expect_main_blr(SURGE, 40, 0);
    expect_totals(SURGE, 48, 48);
    expect_main_blr(LAPTOP13, 2, 0);
    cr_assert_eq(stock_in_bin(LAPTOP13, SHELF2), 2);
    char loc[32], bin[32];
    cr_assert_not(serial_place(LAPTOP13, "LAP13-SN-0001", loc, bin), "on its way: in no location");
    bool gone;
    serial_record(LAPTOP13, "LAP13-SN-0001", loc, &gone);
    cr_assert(gone);
    expect_main_blr(LAPTOP15, 14, 3);
    cr_assert_eq(batch_in(LAPTOP15, "LAP-B2025-01", MAIN_WH, SHELF2), 5);
    cr_assert_eq(batch_record_at(b01, BLR_WH), 0);

    /* Arrived. */
    tapi_expect(tapi("POST", tpath("/transferorders/%s/markastransferred", to), NULL),
                200, 0, "The status of the Transfer Order has been updated.");
    expect_main_blr(SURGE, 40, 5);
    expect_totals(SURGE, 53, 53);
    expect_figures(LAPTOP13, BLR_WH, 2, 2);
    cr_assert_eq(stock_in_bin(LAPTOP13, AISLE1), 2);
    expect_serial_at(LAPTOP13, "LAP13-SN-0001", BLR_WH, AISLE1);
    expect_serial_at(LAPTOP13, "LAP13-SN-0002", BLR_WH, AISLE1);
    expect_serial_at(LAPTOP13, "LAP13-SN-0003", MAIN_WH, SHELF2);
    serial_record(LAPTOP13, "LAP13-SN-0001", loc, &gone);
    cr_assert_not(gone);
    cr_assert_str_eq(loc, BLR_WH);
    expect_figures(LAPTOP15, BLR_WH, 6, 6);
    cr_assert_eq(batch_in(LAPTOP15, "LAP-B2025-01", BLR_WH, AISLE1_2), 3);
    cr_assert_eq(batch_record_at(b01, BLR_WH), 3);
    cr_assert_eq(batch_record_at(b01, MAIN_WH), 5);

    /* Done: no edit, and no second arrival. */
    tapi_expect_part(tapi("PUT", tpath("/transferorders/%s", to), "{\"description\":\"late\"}"), 400, 4250, "transferred");
    tapi_expect_part(tapi("POST", tpath("/transferorders/%s/markastransferred", to), NULL), 400, 4250, "transferred");

    /* Deleting it gives back exactly what it moved. */
    delete_ok(tpath("/transferorders/%s", to));
    expect_main_blr(SURGE, 45, 0);
    expect_totals(SURGE, 53, 53);
    expect_main_blr(LAPTOP13, 4, 0);
    cr_assert_eq(stock_in_bin(LAPTOP13, SHELF2), 4);
    cr_assert_eq(stock_in_bin(LAPTOP13, AISLE1), 0);
    expect_serial_at(LAPTOP13, "LAP13-SN-0001", MAIN_WH, SHELF2);
    expect_serial_at(LAPTOP13, "LAP13-SN-0002", MAIN_WH, SHELF2);
    expect_main_blr(LAPTOP15, 17, 3);
    cr_assert_eq(batch_in(LAPTOP15, "LAP-B2025-01", MAIN_WH, SHELF2), 8);
    cr_assert_eq(batch_in(LAPTOP15, "LAP-B2025-01", BLR_WH, AISLE1_2), 0);
    cr_assert_eq(batch_record_at(b01, BLR_WH), 0);
    free(b01);
    free(to);
}

Test(warehouse_stock, a_transfer_moves_at_once_a_draft_moves_nothing_and_edits_move_the_difference)
{
    /* Not in transit: transferred as it is made. */
    char *to = transfer(MG_ROAD, MAIN_WH, "", SURGE, 3, "");
    tresponse r = tapi("GET", tpath("/transferorders/%s", to), NULL);
    cr_assert_str_eq(tjson_str(r.json, "transfer_order.status"), "transferred", "%s", r.body);
    tresponse_free(&r);
    expect_figures(SURGE, MG_ROAD, 5, 5);
    expect_figures(SURGE, MAIN_WH, 48, 48);

    /* A draft moves nothing until it goes; in transit it may be edited. */
    char *draft = transfer(MAIN_WH, MG_ROAD, ",\"status\":\"draft\"", SURGE, 10, "");
    expect_figures(SURGE, MAIN_WH, 48, 48);
    tapi_expect(tapi("POST", tpath("/transferorders/%s/intransit", draft), NULL), 200, 0, NULL);
    expect_figures(SURGE, MAIN_WH, 38, 38);
    expect_figures(SURGE, MG_ROAD, 5, 5);
    r = tapi("GET", tpath("/transferorders/%s", draft), NULL);
    char line[32];
    snprintf(line, sizeof line, "%s", tjson_str(r.json, "transfer_order.line_items.0.line_item_id"));
    tresponse_free(&r);
    tapi_expect(tapi("PUT", tpath("/transferorders/%s", draft),
                     "{\"line_items\":[{\"line_item_id\":\"%s\",\"item_id\":\"" SURGE "\",\"name\":\"Surge\",\"quantity_transfer\":4}]}",
                     line), 200, 0, NULL);
    expect_figures(SURGE, MAIN_WH, 44, 44);
    tapi_expect(tapi("POST", tpath("/transferorders/%s/markastransferred", draft), NULL), 200, 0, NULL);
    expect_figures(SURGE, MAIN_WH, 44, 44);
    expect_figures(SURGE, MG_ROAD, 9, 9);

    delete_ok(tpath("/transferorders/%s", draft));
    delete_ok(tpath("/transferorders/%s", to));
    expect_figures(SURGE, MAIN_WH, 45, 45);
    expect_figures(SURGE, MG_ROAD, 8, 8);
    free(draft);
    free(to);
}

Test(warehouse_stock, editing_an_in_transit_transfer_moves_only_what_changed_serials_included)
{
    char *to = transfer(MAIN_WH, BLR_WH, ",\"is_intransit_order\":true", LAPTOP13, 2,
                        ",\"serial_numbers\":[\"LAP13-SN-0001\",\"LAP13-SN-0002\"],"
                        "\"from_storages\":[{\"storage_id\":\"" SHELF2 "\",\"out_quantity\":2}]");
    expect_figures(LAPTOP13, MAIN_WH, 2, 2);
    tresponse r = tapi("GET", tpath("/transferorders/%s", to), NULL);
    char line[32];
    snprintf(line, sizeof line, "%s", tjson_str(r.json, "transfer_order.line_items.0.line_item_id"));
    tresponse_free(&r);
    /* One laptop fewer: LAP13-SN-0002 comes back, LAP13-SN-0001 stays on its way. */
    tapi_expect(tapi("PUT", tpath("/transferorders/%s", to),
                     "{\"line_items\":[{\"line_item_id\":\"%s\",\"item_id\":\"" LAPTOP13 "\",\"name\":\"L\",\"quantity_transfer\":1,"
                     "\"serial_numbers\":[\"LAP13-SN-0001\"],\"from_storages\":[{\"storage_id\":\"" SHELF2 "\",\"out_quantity\":1}]}]}",
                     line), 200, 0, NULL);
    expect_figures(LAPTOP13, MAIN_WH, 3, 3);
    cr_assert_eq(stock_in_bin(LAPTOP13, SHELF2), 3);
    expect_serial_at(LAPTOP13, "LAP13-SN-0002", MAIN_WH, SHELF2);
    char loc[32], bin[32];
    cr_assert_not(serial_place(LAPTOP13, "LAP13-SN-0001", loc, bin));
    tapi_expect(tapi("POST", tpath("/transferorders/%s/markastransferred", to), NULL), 200, 0, NULL);
    expect_main_blr(LAPTOP13, 3, 1);
    expect_serial_at(LAPTOP13, "LAP13-SN-0001", BLR_WH, "");
    delete_ok(tpath("/transferorders/%s", to));
    expect_main_blr(LAPTOP13, 4, 0);
    expect_serial_at(LAPTOP13, "LAP13-SN-0001", MAIN_WH, SHELF2);
    free(to);
}

Test(warehouse_stock, transfers_refuse_what_the_stock_does_not_hold)
{
    /* A serial number not at the source: nothing moves, nothing is kept. */
    tapi_expect_part(post_transfer(MAIN_WH, BLR_WH, "", LAPTOP13, 1, ",\"serial_numbers\":[\"LAP13-SN-0005\"]"),
                     400, 4252, "LAP13-SN-0005");
    /* Bins of the wrong location, serial counts, batches of another item. */
    tapi_expect_part(post_transfer(MAIN_WH, BLR_WH, "", KEYBOARD, 1,
                                   ",\"from_storages\":[{\"storage_id\":\"" AISLE1 "\",\"out_quantity\":1}]"),
                     400, 4, "not a bin of Main Warehouse");
    tapi_expect_part(post_transfer(MAIN_WH, BLR_WH, "", LAPTOP13, 2, ",\"serial_numbers\":[\"LAP13-SN-0001\"]"),
                     400, 4, "as many serial numbers as the quantity");
    char *b01 = batch_id(LAPTOP15, "LAP-B2025-01");
    tapi_expect_part(post_transfer(MAIN_WH, BLR_WH, "", KEYBOARD, 1, tpath(",\"batches\":[{\"batch_id\":\"%s\",\"out_quantity\":1}]", b01)),
                     400, 4, "does not track batches");
    /* A batch below zero. */
    tapi_expect_part(post_transfer(MAIN_WH, BLR_WH, "", LAPTOP15, 9, tpath(",\"batches\":[{\"batch_id\":\"%s\",\"out_quantity\":9}]", b01)),
                     400, 4252, "LAP-B2025-01");
    expect_figures(LAPTOP15, MAIN_WH, 17, 17);
    expect_figures(LAPTOP13, MAIN_WH, 4, 4);

    /* Negative stock: allowed by default, refused once the organization forbids it. */
    allow_negative_stock(false);
    tapi_expect(post_transfer(MAIN_WH, BLR_WH, "", SURGE, 46, ""), 400, 4252, "The stock of this Transfer Order cannot move: Surge Protector 6-outlet would go below zero at that location.");
    expect_figures(SURGE, MAIN_WH, 45, 45);
    allow_negative_stock(true);
    char *to = transfer(MAIN_WH, BLR_WH, "", SURGE, 46, "");
    expect_figures(SURGE, MAIN_WH, -1, -1);
    tresponse r = tapi("GET", "/transferorders", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "transfer_orders")), 1, "only the allowed one was made: %s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "transfer_orders.0.transfer_order_number"), "TO-00001");
    tresponse_free(&r);
    delete_ok(tpath("/transferorders/%s", to));
    expect_main_blr(SURGE, 45, 0);
    free(to);
    free(b01);
}

/* ------------------------------------------------------------- bins */

Test(warehouse_stock, a_completed_move_order_moves_stock_between_bins_and_its_totals_stay)
{
    char *mo = number_id(tapi("POST", "/moveorders",
        "{\"date\":\"2025-06-15\",\"location_id\":\"" MAIN_WH "\",\"line_items\":["
        "{\"item_id\":\"" KEYBOARD "\",\"quantity_transferred\":10,"
        " \"from_storages\":[{\"storage_id\":\"" SHELF1 "\",\"quantity\":10}],"
        " \"to_storages\":[{\"storage_id\":\"" RACK_B1 "\",\"quantity\":6},{\"storage_id\":\"" DOCK "\",\"quantity\":4}]},"
        "{\"item_id\":\"" LAPTOP13 "\",\"quantity_transferred\":1,\"serial_numbers\":[{\"serial_number\":\"LAP13-SN-0003\"}],"
        " \"from_storages\":[{\"storage_id\":\"" SHELF2 "\",\"quantity\":1}],"
        " \"to_storages\":[{\"storage_id\":\"" DOCK "\",\"quantity\":1}]},"
        "{\"item_id\":\"" LAPTOP15 "\",\"quantity_transferred\":2,\"batches\":[{\"batch_number\":\"LAP-B2025-02\",\"in_quantity\":2}],"
        " \"from_storages\":[{\"storage_id\":\"" SHELF2 "\",\"quantity\":2}],"
        " \"to_storages\":[{\"storage_id\":\"" RACK_B1 "\",\"quantity\":2}]}]}"),
        "moveorder.moveorder_id");
    /* Draft, confirmed, in progress: nothing moves. */
    cr_assert_eq(stock_in_bin(KEYBOARD, SHELF1), 40);
    tapi_expect(tapi("POST", tpath("/moveorders/%s/markasconfirmed", mo), NULL), 200, 0, NULL);
    tapi_expect(tapi("POST", tpath("/moveorders/%s/markasinprogress", mo), NULL), 200, 0, NULL);
    cr_assert_eq(stock_in_bin(KEYBOARD, SHELF1), 40);
    cr_assert_eq(stock_in_bin(KEYBOARD, RACK_B1), 0);

    tapi_expect(tapi("POST", tpath("/moveorders/%s/markascompleted", mo), NULL), 200, 0, NULL);
    expect_figures(KEYBOARD, MAIN_WH, 40, 40);
    expect_totals(KEYBOARD, 55, 55);
    cr_assert_eq(stock_in_bin(KEYBOARD, SHELF1), 30);
    cr_assert_eq(stock_in_bin(KEYBOARD, RACK_B1), 6);
    cr_assert_eq(stock_in_bin(KEYBOARD, DOCK), 4);
    expect_figures(LAPTOP13, MAIN_WH, 4, 4);
    cr_assert_eq(stock_in_bin(LAPTOP13, SHELF2), 3);
    cr_assert_eq(stock_in_bin(LAPTOP13, DOCK), 1);
    expect_serial_at(LAPTOP13, "LAP13-SN-0003", MAIN_WH, DOCK);
    expect_figures(LAPTOP15, MAIN_WH, 17, 17);
    cr_assert_eq(batch_in(LAPTOP15, "LAP-B2025-02", MAIN_WH, SHELF2), 2);
    cr_assert_eq(batch_in(LAPTOP15, "LAP-B2025-02", MAIN_WH, RACK_B1), 2);
    cr_assert_eq(stock_in_bin(LAPTOP15, RACK_B1), 2);

    /* The bins it names cannot go; the item's move orders list it. */
    tapi_expect_part(tapi("DELETE", tpath("/storagelocations/%s", DOCK), NULL), 400, 4251, "Move Order");
    tresponse r = tapi("GET", "/items/transactions/moveorders?item_id=" KEYBOARD, NULL);
    expect_ok(&r, 200, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "moveorders")), 1, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "moveorders.0.moveorder_id"), mo);
    cr_assert_eq(tjson_num(r.json, "moveorders.0.item_quantity"), 10);
    cr_assert_str_eq(tjson_str(r.json, "moveorders.0.location_name"), "Main Warehouse");
    cr_assert_str_eq(tjson_str(r.json, "moveorders.0.warehouse_name"), "Main Warehouse");
    tresponse_free(&r);

    /* Done: deleting it puts everything back. */
    tapi_expect_part(tapi("PUT", tpath("/moveorders/%s", mo), "{\"notes\":\"x\"}"), 400, 4250, "completed");
    delete_ok(tpath("/moveorders/%s", mo));
    cr_assert_eq(stock_in_bin(KEYBOARD, SHELF1), 40);
    cr_assert_eq(stock_in_bin(KEYBOARD, RACK_B1), 0);
    cr_assert_eq(stock_in_bin(KEYBOARD, DOCK), 0);
    expect_figures(KEYBOARD, MAIN_WH, 40, 40);
    expect_serial_at(LAPTOP13, "LAP13-SN-0003", MAIN_WH, SHELF2);
    cr_assert_eq(stock_in_bin(LAPTOP13, SHELF2), 4);
    cr_assert_eq(batch_in(LAPTOP15, "LAP-B2025-02", MAIN_WH, SHELF2), 4);
    cr_assert_eq(batch_in(LAPTOP15, "LAP-B2025-02", MAIN_WH, RACK_B1), 0);
    free(mo);
}

Test(warehouse_stock, a_putaway_puts_stock_outside_bins_into_bins)
{
    char *pa = number_id(tapi("POST", "/putaways",
        "{\"date\":\"2025-06-15\",\"location_id\":\"" MAIN_WH "\",\"line_items\":["
        "{\"item_id\":\"" SURGE "\",\"quantity_transferred\":20,"
        " \"storages\":[{\"storage_id\":\"" SHELF1 "\",\"quantity\":12},{\"storage_id\":\"" DOCK "\",\"quantity\":8}]}]}"),
        "putaway.putaway_id");
    expect_figures(SURGE, MAIN_WH, 45, 45);
    cr_assert_eq(stock_in_bin(SURGE, SHELF1), 12);
    cr_assert_eq(stock_in_bin(SURGE, DOCK), 8);
    /* Bins that do not add up, or of another location, are refused. */
    tapi_expect_part(tapi("POST", "/putaways",
        "{\"date\":\"2025-06-15\",\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity_transferred\":5,"
        "\"storages\":[{\"storage_id\":\"" SHELF1 "\",\"quantity\":4}]}]}"), 400, 4, "do not add up");
    tapi_expect(tapi("POST", "/putaways",
        "{\"date\":\"2025-06-15\",\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity_transferred\":5,"
        "\"storages\":[{\"storage_id\":\"" AISLE1 "\",\"quantity\":5}]}]}"), 400, 4, "Invalid value passed for storage_id");
    tresponse r = tapi("GET", "/items/transactions/putaways?item_id=" SURGE, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "putaways")), 1, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "putaways.0.item_quantity"), 20);
    tresponse_free(&r);
    delete_ok(tpath("/putaways/%s", pa));
    expect_figures(SURGE, MAIN_WH, 45, 45);
    cr_assert_eq(stock_in_bin(SURGE, SHELF1), 0);
    cr_assert_eq(stock_in_bin(SURGE, DOCK), 0);
    free(pa);
}

/* ------------------------------------------------------------ bundles */

Test(warehouse_stock, bundling_consumes_the_parts_and_makes_the_composite_and_deleting_it_reverses)
{
    char *kit = created(tapi("POST", "/compositeitems",
        "{\"name\":\"Laptop Kit\",\"sku\":\"KIT-LAP\",\"rate\":999,\"item_type\":\"inventory\",\"product_type\":\"goods\","
        "\"mapped_items\":[{\"item_id\":\"" LAPTOP13 "\",\"quantity\":1},{\"item_id\":\"" SURGE "\",\"quantity\":2}]}"),
        "composite_item.composite_item_id");
    char *bun = created(tapi("POST", "/bundles",
        "{\"date\":\"2025-06-15\",\"composite_item_id\":\"%s\",\"composite_item_name\":\"Laptop Kit\",\"quantity_to_bundle\":2,"
        "\"is_completed\":false,\"location_id\":\"" MAIN_WH "\","
        "\"finished_product_storages\":[{\"storage_id\":\"" DOCK "\",\"in_quantity\":2}],\"line_items\":["
        "{\"item_id\":\"" LAPTOP13 "\",\"name\":\"Laptop 13\",\"quantity_consumed\":1,\"account_id\":\"" ACCOUNT "\","
        " \"location_id\":\"" MAIN_WH "\",\"serial_numbers\":[\"LAP13-SN-0003\",\"LAP13-SN-0004\"],"
        " \"storages\":[{\"storage_id\":\"" SHELF2 "\",\"out_quantity\":2}]},"
        "{\"item_id\":\"" SURGE "\",\"name\":\"Surge\",\"quantity_consumed\":2,\"account_id\":\"" ACCOUNT "\",\"location_id\":\"" MAIN_WH "\"}]}",
        kit), "bundle_id");
    /* A draft consumes nothing. */
    tresponse r = tapi("GET", tpath("/bundles/%s", bun), NULL);
    cr_assert_str_eq(tjson_str(r.json, "bundle.status"), "draft", "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "bundle.reference_number"), "BUN-00001");
    cr_assert_str_eq(tjson_str(r.json, "bundle.line_items.0.account_name"), "Cost of Goods Sold", "%s", r.body);
    tresponse_free(&r);
    expect_figures(SURGE, MAIN_WH, 45, 45);
    r = tapi("GET", tpath("/compositeitems/%s", kit), NULL);
    cr_assert_eq(tjson_num(r.json, "stock_on_hand"), 0, "%s", r.body);
    tresponse_free(&r);

    tapi_expect(tapi("POST", tpath("/bundles/%s/bundled", bun), NULL), 200, 0, NULL);
    expect_figures(SURGE, MAIN_WH, 41, 41);
    expect_totals(SURGE, 49, 49);
    expect_figures(LAPTOP13, MAIN_WH, 2, 2);
    cr_assert_eq(stock_in_bin(LAPTOP13, SHELF2), 2);
    char loc[32], bin[32];
    cr_assert_not(serial_place(LAPTOP13, "LAP13-SN-0003", loc, bin), "consumed");
    cr_assert_not(serial_place(LAPTOP13, "LAP13-SN-0004", loc, bin), "consumed");
    expect_serial_at(LAPTOP13, "LAP13-SN-0001", MAIN_WH, SHELF2);
    r = tapi("GET", tpath("/compositeitems/%s", kit), NULL);
    cr_assert_eq(tjson_num(r.json, "stock_on_hand"), 2, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "available_stock"), 2, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "mapped_items.1.stock_on_hand"), 49, "%s", r.body);
    tresponse_free(&r);
    r = tapi("GET", tpath("/bundles/%s", bun), NULL);
    cr_assert(tjson_num(r.json, "bundle.is_completed") == 1, "%s", r.body);
    tresponse_free(&r);
    /* A bundled bundle is not edited; its composite and its parts are in use. */
    tapi_expect_part(tapi("PUT", tpath("/bundles/%s", bun), "{\"description\":\"x\"}"), 400, 4250, "bundled");
    tapi_expect_part(tapi("DELETE", tpath("/compositeitems/%s", kit), NULL), 400, 4251, "1 bundle");

    delete_ok(tpath("/bundles/%s", bun));
    expect_figures(SURGE, MAIN_WH, 45, 45);
    expect_figures(LAPTOP13, MAIN_WH, 4, 4);
    cr_assert_eq(stock_in_bin(LAPTOP13, SHELF2), 4);
    expect_serial_at(LAPTOP13, "LAP13-SN-0003", MAIN_WH, SHELF2);
    r = tapi("GET", tpath("/compositeitems/%s", kit), NULL);
    cr_assert_eq(tjson_num(r.json, "stock_on_hand"), 0, "%s", r.body);
    tresponse_free(&r);

    /* Bundled as it is made (is_completed); refused when a part would go negative where that is forbidden. */
    allow_negative_stock(false);
    tapi_expect_part(tapi("POST", "/bundles",
        "{\"date\":\"2025-06-15\",\"composite_item_id\":\"%s\",\"composite_item_name\":\"Laptop Kit\",\"quantity_to_bundle\":30,"
        "\"is_completed\":true,\"line_items\":[{\"item_id\":\"" SURGE "\",\"name\":\"Surge\",\"quantity_consumed\":2,"
        "\"account_id\":\"" ACCOUNT "\",\"location_id\":\"" MAIN_WH "\"}]}", kit),
        400, 4252, "Surge Protector 6-outlet would go below zero");
    char *made = created(tapi("POST", "/bundles",
        "{\"date\":\"2025-06-15\",\"composite_item_id\":\"%s\",\"composite_item_name\":\"Laptop Kit\",\"quantity_to_bundle\":3,"
        "\"is_completed\":true,\"line_items\":[{\"item_id\":\"" SURGE "\",\"name\":\"Surge\",\"quantity_consumed\":2,"
        "\"account_id\":\"" ACCOUNT "\",\"location_id\":\"" MAIN_WH "\"}]}", kit), "bundle_id");
    expect_figures(SURGE, MAIN_WH, 39, 39);
    r = tapi("GET", tpath("/compositeitems/%s", kit), NULL);
    cr_assert_eq(tjson_num(r.json, "stock_on_hand"), 3, "%s", r.body);
    tresponse_free(&r);
    delete_ok(tpath("/bundles/%s", made));
    expect_figures(SURGE, MAIN_WH, 45, 45);
    allow_negative_stock(true);
    free(made);
    free(bun);
    free(kit);
}

/* ------------------------------------------------------- opening stock */

Test(warehouse_stock, opening_stock_moves_both_figures_and_a_change_moves_the_difference)
{
    char *lamp = created(tapi("POST", "/items",
        "{\"name\":\"Desk Lamp\",\"sku\":\"LMP-01\",\"rate\":24.5,\"locations\":["
        "{\"location_id\":\"" MAIN_WH "\",\"initial_stock\":10,\"initial_stock_rate\":5},"
        "{\"location_id\":\"" BLR_WH "\",\"initial_stock\":4,\"initial_stock_rate\":6}]}"), "item.item_id");
    expect_main_blr(lamp, 10, 4);
    expect_totals(lamp, 14, 14);
    /* 3 leave Main Warehouse; the opening stock there becomes 6: 3 stay. */
    char *to = transfer(MAIN_WH, BLR_WH, "", lamp, 3, "");
    tapi_expect(tapi("PUT", tpath("/items/%s", lamp),
                     "{\"name\":\"Desk Lamp\",\"locations\":[{\"location_id\":\"" MAIN_WH "\",\"initial_stock\":6}]}"),
                200, 0, NULL);
    expect_main_blr(lamp, 3, 7);
    tresponse r = tapi("GET", tpath("/variants/%s/openingstock", lamp), NULL);
    cr_assert_eq(tjson_num(r.json, "opening_stock.initial_stock"), 10, "6 + 4: %s", r.body);
    tresponse_free(&r);
    r = stock_item(lamp);
    cr_assert_eq(tjson_figure(r.json, "item.locations.0.initial_stock_rate"), 5, "the rate stays: %s", r.body);
    tresponse_free(&r);
    /* Where negative stock is forbidden, an opening stock below what left is refused. */
    allow_negative_stock(false);
    tapi_expect_part(tapi("PUT", tpath("/variants/%s/openingstock", lamp),
                          "{\"locations\":[{\"location_id\":\"" MAIN_WH "\",\"initial_stock\":2}]}"),
                     400, 4252, "Desk Lamp would go below zero");
    expect_figures(lamp, MAIN_WH, 3, 3);
    allow_negative_stock(true);
    /* The opening stock at other locations goes too when a PUT names only Main. */
    tapi_expect(tapi("PUT", tpath("/variants/%s/openingstock", lamp),
                     "{\"locations\":[{\"location_id\":\"" MAIN_WH "\",\"initial_stock\":5,"
                     "\"storages\":[{\"storage_location_id\":\"" SHELF1 "\",\"quantity\":5}]}]}"),
                200, 0, "The opening stock has been updated.");
    expect_main_blr(lamp, 2, 3);
    cr_assert_eq(stock_in_bin(lamp, SHELF1), 5);
    delete_ok(tpath("/transferorders/%s", to));
    expect_main_blr(lamp, 5, 0);
    free(to);
    free(lamp);
}

Test(warehouse_stock, opening_serials_follow_their_stock_and_cannot_be_taken_back_once_gone)
{
    char *scanner = created(tapi("POST", "/items",
        "{\"name\":\"Barcode Scanner\",\"track_serial_number\":true,\"locations\":[{\"location_id\":\"" MAIN_WH "\","
        "\"initial_stock\":2,\"serial_numbers\":[\"BS-1\",\"BS-2\"]}]}"), "item.item_id");
    expect_figures(scanner, MAIN_WH, 2, 2);
    expect_serial_at(scanner, "BS-1", MAIN_WH, "");
    /* BS-1 goes to Bengaluru: the opening stock can no longer take it back. */
    char *to = transfer(MAIN_WH, BLR_WH, "", scanner, 1, ",\"serial_numbers\":[\"BS-1\"]");
    expect_serial_at(scanner, "BS-1", BLR_WH, "");
    tapi_expect_part(tapi("PUT", tpath("/variants/%s/openingstock", scanner),
                          "{\"locations\":[{\"location_id\":\"" MAIN_WH "\",\"initial_stock\":2,\"serial_numbers\":[\"BS-2\",\"BS-3\"]}]}"),
                     400, 4252, "BS-1");
    expect_figures(scanner, MAIN_WH, 1, 1);
    delete_ok(tpath("/transferorders/%s", to));
    /* Back home, it can: BS-2 stays, BS-3 replaces BS-1, in a bin. */
    tapi_expect(tapi("PUT", tpath("/variants/%s/openingstock", scanner),
                     "{\"locations\":[{\"location_id\":\"" MAIN_WH "\",\"initial_stock\":2,"
                     "\"storages\":[{\"storage_location_id\":\"" SHELF1 "\",\"quantity\":2,\"serial_numbers\":[\"BS-2\",\"BS-3\"]}]}]}"),
                200, 0, NULL);
    expect_figures(scanner, MAIN_WH, 2, 2);
    char loc[32], bin[32];
    cr_assert_not(serial_place(scanner, "BS-1", loc, bin));
    expect_serial_at(scanner, "BS-2", MAIN_WH, SHELF1);
    expect_serial_at(scanner, "BS-3", MAIN_WH, SHELF1);
    cr_assert_eq(stock_in_bin(scanner, SHELF1), 2);
    free(to);
    free(scanner);
}

/* ------------------------------------------------------ negative stock */

Test(warehouse_stock, adjustments_and_count_approvals_honour_the_negative_stock_preference)
{
    allow_negative_stock(false);
    const char *adjust = "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
                         "\"line_items\":[{\"item_id\":\"" SURGE "\",\"location_id\":\"" MAIN_WH "\",\"quantity_adjusted\":%d}]}";
    tapi_expect(tapi("POST", "/inventoryadjustments", adjust, -46), 400, 4252,
                "The stock of this Inventory Adjustment cannot move: Surge Protector 6-outlet would go below zero at Main Warehouse.");
    expect_figures(SURGE, MAIN_WH, 45, 45);
    tresponse r = tapi("GET", "/inventoryadjustments", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments")), 0, "nothing was kept: %s", r.body);
    tresponse_free(&r);
    char *plus = created(tapi("POST", "/inventoryadjustments", adjust, 10), "inventory_adjustment.inventory_adjustment_id");
    char *minus = created(tapi("POST", "/inventoryadjustments", adjust, -55), "inventory_adjustment.inventory_adjustment_id");
    expect_figures(SURGE, MAIN_WH, 0, 0);
    /* Taking the +10 back would leave -10; an edit of the -55 to -56 too. */
    tapi_expect_part(tapi("DELETE", tpath("/inventoryadjustments/%s", plus), NULL), 400, 4252, "below zero");
    tapi_expect_part(tapi("PUT", tpath("/inventoryadjustments/%s", minus), adjust, -56), 400, 4252, "below zero");
    expect_figures(SURGE, MAIN_WH, 0, 0);
    tapi_expect(tapi("PUT", tpath("/inventoryadjustments/%s", minus), adjust, -50), 200, 0, NULL);
    expect_figures(SURGE, MAIN_WH, 5, 5);

    /* A count started at 5 (its system quantity), 5 leave, then 0 counted: -5 more is refused. */
    char *count = created(tapi("POST", "/inventorycounts",
        "{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}"), "inventorycount.inventorycount_id");
    tapi_expect(tapi("POST", tpath("/inventorycounts/%s/start", count), NULL), 200, 0, NULL);
    char *drop = created(tapi("POST", "/inventoryadjustments", adjust, -5), "inventory_adjustment.inventory_adjustment_id");
    tapi_expect(tapi("PUT", tpath("/inventorycounts/%s/count", count),
                     "{\"next_action\":\"submit\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":0}]}"), 200, 0, NULL);
    const char *approve = "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"approval_status\":\"approved\"}]}";
    tapi_expect(tapi("PUT", tpath("/inventorycounts/%s/approve", count), "%s", approve), 400, 4252,
                "The stock of this Stock Count cannot move: Surge Protector 6-outlet would go below zero at Main Warehouse.");
    r = tapi("GET", tpath("/inventorycounts/%s", count), NULL);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), "submitted", "%s", r.body);
    tresponse_free(&r);
    expect_figures(SURGE, MAIN_WH, 0, 0);
    allow_negative_stock(true);
    tapi_expect(tapi("PUT", tpath("/inventorycounts/%s/approve", count), "%s", approve), 200, 0, NULL);
    expect_figures(SURGE, MAIN_WH, -5, -5);
    free(count);
    free(drop);
    free(minus);
    free(plus);
}

Test(warehouse_stock, a_count_captures_the_figure_the_organization_counts)
{
    /* A vendor credit takes 5 of accounting stock: accounting 40, physical 45. */
    made(tapi("POST", "/vendorcredits",
        "{\"vendor_id\":\"" VENDOR "\",\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":5,\"rate\":1}]}"),
        "vendor_credit.vendor_credit_id");
    expect_figures(SURGE, MAIN_WH, 40, 45);
    const char *body = "{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}";
    char *physical = created(tapi("POST", "/inventorycounts", "%s", body), "inventorycount.inventorycount_id");
    tapi_expect(tapi("POST", tpath("/inventorycounts/%s/start", physical), NULL), 200, 0, NULL);
    tresponse r = tapi("GET", tpath("/inventorycounts/%s", physical), NULL);
    cr_assert_eq(tjson_num(r.json, "inventorycount.line_items.0.system_quantity"), 45, "physical by default: %s", r.body);
    tresponse_free(&r);
    tapi_expect(tapi("PUT", "/settings/preferences", "{\"stock_tracking_mode\":\"accounting\"}"), 200, 0, NULL);
    char *accounting = created(tapi("POST", "/inventorycounts", "%s", body), "inventorycount.inventorycount_id");
    r = tapi("GET", tpath("/inventorycounts/%s", accounting), NULL);
    cr_assert_eq(tjson_num(r.json, "inventorycount.line_items.0.system_quantity"), 40, "live, before start: %s", r.body);
    tresponse_free(&r);
    tapi_expect(tapi("POST", tpath("/inventorycounts/%s/start", accounting), NULL), 200, 0, NULL);
    r = tapi("GET", tpath("/inventorycounts/%s", accounting), NULL);
    cr_assert_eq(tjson_num(r.json, "inventorycount.line_items.0.system_quantity"), 40, "%s", r.body);
    tresponse_free(&r);
    /* Counting 42 adjusts both figures by the variance against the accounting stock. */
    tapi_expect(tapi("PUT", tpath("/inventorycounts/%s/count", accounting),
                     "{\"next_action\":\"submit\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":42}]}"), 200, 0, NULL);
    tapi_expect(tapi("PUT", tpath("/inventorycounts/%s/approve", accounting),
                     "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"approval_status\":\"approved\"}]}"), 200, 0, NULL);
    expect_figures(SURGE, MAIN_WH, 42, 47);
    /* The one started in physical mode keeps what it captured. */
    r = tapi("GET", tpath("/inventorycounts/%s", physical), NULL);
    cr_assert_eq(tjson_num(r.json, "inventorycount.line_items.0.system_quantity"), 45, "%s", r.body);
    tresponse_free(&r);
    free(physical);
    free(accounting);
}

/* ------------------------------------------------- item transactions */

Test(warehouse_stock, item_transactions_list_the_documents_of_the_item_with_their_filters)
{
    const char *po = "{\"vendor_id\":\"" VENDOR "\",\"date\":\"%s\",\"line_items\":["
                     "{\"item_id\":\"" SURGE "\",\"quantity\":%d,\"rate\":2},{\"item_id\":\"" SURGE "\",\"quantity\":1,\"rate\":2}]}";
    char *first = created(tapi("POST", "/purchaseorders", po, "2025-06-10", 4), "purchase_order.purchaseorder_id");
    char *second = created(tapi("POST", "/purchaseorders", po, "2025-06-12", 6), "purchase_order.purchaseorder_id");
    made(tapi("POST", "/purchaseorders", "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" KEYBOARD "\",\"quantity\":1}]}"),
            "purchase_order.purchaseorder_id");
    tapi_expect(tapi("POST", tpath("/purchaseorders/%s/status/issued", second), NULL), 200, 0, NULL);

    tresponse r = tapi("GET", "/items/transactions/purchaseorders?item_id=" SURGE, NULL);
    expect_ok(&r, 200, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "purchaseorders")), 2, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "purchaseorders.0.purchaseorder_id"), second, "newest first");
    cr_assert_eq(tjson_num(r.json, "purchaseorders.0.item_quantity"), 7, "both lines of the item");
    cr_assert_eq(tjson_num(r.json, "purchaseorders.0.item_price"), 2);
    cr_assert_eq(tjson_num(r.json, "purchaseorders.0.item_total_price"), 14);
    cr_assert_str_eq(tjson_str(r.json, "purchaseorders.0.vendor_name"), "Volt Components");
    cr_assert_str_eq(tjson_str(r.json, "purchaseorders.0.status"), "issued");
    tresponse_free(&r);
    r = tapi("GET", "/items/transactions/purchaseorders?item_id=" SURGE "&status=draft&vendor_id=" VENDOR, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "purchaseorders")), 1, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "purchaseorders.0.purchaseorder_id"), first);
    tresponse_free(&r);
    r = tapi("GET", "/items/transactions/purchaseorders?item_id=" SURGE "&sort_column=date&sort_order=A", NULL);
    cr_assert_str_eq(tjson_str(r.json, "purchaseorders.0.purchaseorder_id"), first, "%s", r.body);
    tresponse_free(&r);
    r = tapi("GET", "/items/transactions/purchaseorders?item_id=" SURGE "&vendor_id=4815000000000700", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "purchaseorders")), 0, "%s", r.body);
    tresponse_free(&r);
    /* A received order answers the received filter. */
    char query[96];
    snprintf(query, sizeof query, "/purchasereceives?purchaseorder_id=%s", second);
    r = tapi("GET", tpath("/purchaseorders/%s", second), NULL);
    char l1[32], l2[32];
    snprintf(l1, sizeof l1, "%s", tjson_str(r.json, "purchase_order.line_items.0.line_item_id"));
    snprintf(l2, sizeof l2, "%s", tjson_str(r.json, "purchase_order.line_items.1.line_item_id"));
    tresponse_free(&r);
    made(tapi("POST", query, "{\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":6},{\"line_item_id\":\"%s\",\"quantity\":1}]}",
              l1, l2), "purchase_receive.receive_id");
    r = tapi("GET", "/items/transactions/purchaseorders?item_id=" SURGE "&status=received", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "purchaseorders")), 1, "%s", r.body);
    tresponse_free(&r);
    tapi_expect(tapi("GET", "/items/transactions/purchaseorders?item_id=" SURGE "&status=lost", NULL), 400, 2, NULL);
    tapi_expect(tapi("GET", "/items/transactions/purchaseorders?item_id=" SURGE "&sort_column=total", NULL), 400, 2, NULL);
    tapi_expect(tapi("GET", "/items/transactions/purchaseorders", NULL), 400, 11, NULL);
    tapi_expect(tapi("GET", "/items/transactions/purchaseorders?item_id=4815000000099999", NULL), 404, 1002, NULL);
    /* Sales receipts are not modelled: none. */
    r = tapi("GET", "/items/transactions/salesreceipts?item_id=" SURGE, NULL);
    expect_ok(&r, 200, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "sales_receipts")), 0, "%s", r.body);
    tresponse_free(&r);
    free(first);
    free(second);
}

/* ------------------------------------------------------- dependencies */

Test(warehouse_stock, a_batch_a_document_names_is_not_deleted)
{
    char *batch = created(tapi("POST", "/items/batches", "{\"item_id\":\"" LAPTOP15 "\",\"batch_number\":\"LAP-NEW\"}"),
                          "batch.batch_id");
    char *to = transfer(MAIN_WH, BLR_WH, ",\"status\":\"draft\"", LAPTOP15, 1,
                        tpath(",\"batches\":[{\"batch_id\":\"%s\",\"out_quantity\":1}]", batch));
    tapi_expect(tapi("DELETE", tpath("/items/batches/%s", batch), NULL), 400, 4251,
                "The batch LAP-NEW cannot be deleted: it is used in 1 Transfer Order record.");
    /* The draft cannot go: the new batch holds nothing at Main Warehouse. */
    tapi_expect_part(tapi("POST", tpath("/transferorders/%s/markastransferred", to), NULL), 400, 4252, "LAP-NEW");
    delete_ok(tpath("/transferorders/%s", to));
    delete_ok(tpath("/items/batches/%s", batch));
    free(to);
    free(batch);
}

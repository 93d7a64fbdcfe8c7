/* test_order_to_cash.c -- order to cash through HTTP: every stock figure (accounting, physical, committed) after each step, each step undone, the refusals */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "api_util.h"

#define CUSTOMER "4815000000000700"     /* Bowman Furniture */
#define MAIN_WH "4815000000038080"
#define BLR_WH "4815000000038090"       /* Bengaluru Warehouse */
#define MG_ROAD "4815000000038100"      /* MG Road Store */
#define SHELF2_BIN "4815000000050010"   /* Main: Laptop 13 serials LAP13-SN-0001..4, Laptop 15 batches 01 (8), 02 (4) */
#define SURGE "4815000000033024"        /* plain: Main 45 (no bin), MG Road 8 */
#define LAPTOP13 "4815000000033002"     /* serial tracked: Main 4, MG Road 2 */
#define LAPTOP15 "4815000000033001"     /* batch tracked: Main 17, Bengaluru 3 */
#define MOUSE "4815000000033003"        /* Main 120, MG Road 35 */
#define KEYBOARD "4815000000033005"     /* Main 40, Bengaluru 15 */
#define LAMP "4815000000033027"         /* no stock anywhere */

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(order_to_cash, .init = start, .fini = stop);

/* ------------------------------------------------------------- figures */

/* The figures GET /items/{id} prints for the item at the location:
 * location_stock_on_hand (accounting), location_available_stock
 * (physical), location_actual_available_stock (physical - committed). */
static cJSON *expect_at(const char *item_id, const char *location_id, double accounting, double physical,
                        double committed)
{
    tresponse r = tapi("GET", tpath("/items/%s", item_id), NULL);
    expect_ok(&r, 200, NULL);
    const cJSON *loc, *at = NULL;
    cJSON_ArrayForEach(loc, tjson_get(r.json, "item.locations"))
        if (!strcmp(tjson_str(loc, "location_id"), location_id)) at = loc;
    cr_assert_not_null(at, "location %s missing from item %s", location_id, item_id);
    const struct { const char *name; double want; } figures[] = {
        {"location_stock_on_hand", accounting},
        {"location_available_stock", physical},
        {"location_actual_available_stock", physical - committed},
    };
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
        double have = tjson_figure(at, figures[i].name);
        cr_assert_eq(have, figures[i].want, "%s at %s: %s is %g, expected %g", item_id, location_id, figures[i].name,
                     have, figures[i].want);
    }
    cJSON *item = cJSON_DetachItemFromObjectCaseSensitive(r.json, "item");
    tresponse_free(&r);
    return item;
}

/* The same, and the item's own figures (stock_on_hand, available_stock,
 * committed_stock, actual_available_stock, available_for_sale_stock),
 * the item holding `elsewhere` (both figures, nothing committed) at its
 * other locations. */
static void expect_stock(const char *item_id, const char *location_id, double elsewhere, double accounting,
                         double physical, double committed)
{
    cJSON *item = expect_at(item_id, location_id, accounting, physical, committed);
    const struct { const char *name; double want; } figures[] = {
        {"stock_on_hand", elsewhere + accounting},
        {"available_stock", elsewhere + physical},
        {"committed_stock", committed},
        {"actual_available_stock", elsewhere + physical - committed},
        {"available_for_sale_stock", elsewhere + accounting - committed},
    };
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
        double have = tjson_figure(item, figures[i].name);
        cr_assert_eq(have, figures[i].want, "%s: %s is %g, expected %g", item_id, figures[i].name, have, figures[i].want);
    }
    cJSON_Delete(item);
}

/* The three items of the order to cash cycle at Main Warehouse, every
 * figure: accounting, physical, committed (expect_stock). */
typedef struct fig {
    double accounting, physical, committed;
} fig;

static void expect_cycle(fig surge, fig laptop13, fig laptop15)
{
    expect_stock(SURGE, MAIN_WH, 8, surge.accounting, surge.physical, surge.committed);
    expect_stock(LAPTOP13, MAIN_WH, 2, laptop13.accounting, laptop13.physical, laptop13.committed);
    expect_stock(LAPTOP15, MAIN_WH, 3, laptop15.accounting, laptop15.physical, laptop15.committed);
}

/* Where the item holds the serial: "<location_id>/<storage_id>", "" when not in stock. */
static const char *serial_place(const char *item_id, const char *serial)
{
    static char place[64];
    place[0] = '\0';
    tresponse r = tapi("GET", tpath("/items/%s", item_id), NULL);
    expect_ok(&r, 200, NULL);
    const cJSON *s;
    cJSON_ArrayForEach(s, tjson_get(r.json, "item.serial_numbers"))
        if (!strcmp(tjson_str(s, "serial_number"), serial))
            snprintf(place, sizeof place, "%s/%s", tjson_str(s, "location_id"), tjson_str(s, "storage_id"));
    tresponse_free(&r);
    return place;
}

/* The quantity of the item's batch in a bin. */
static double batch_in_bin(const char *item_id, const char *batch_number, const char *storage_id)
{
    tresponse r = tapi("GET", tpath("/items/%s", item_id), NULL);
    expect_ok(&r, 200, NULL);
    double q = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, tjson_get(r.json, "item.batches"))
        if (!strcmp(tjson_str(b, "batch_number"), batch_number) && !strcmp(tjson_str(b, "storage_id"), storage_id))
            q += tjson_num(b, "quantity");
    tresponse_free(&r);
    return q;
}

/* The batch record's id of the item's batch (GET /items/batches). */
static char *batch_id(const char *item_id, const char *batch_number)
{
    tresponse r = tapi("GET", tpath("/items/batches?item_id=%s", item_id), NULL);
    expect_ok(&r, 200, NULL);
    char *id = NULL;
    const cJSON *b;
    cJSON_ArrayForEach(b, tjson_get(r.json, "batches"))
        if (!strcmp(tjson_str(b, "batch_number"), batch_number)) id = strdup(tjson_str(b, "batch_id"));
    tresponse_free(&r);
    cr_assert_not_null(id, "no batch %s of %s", batch_number, item_id);
    return id;
}

/* ----------------------------------------------------------- documents */

/* The order's record as GET /salesorders/{id} prints it (delete it). */
static cJSON *order_of(const char *so)
{
    tresponse r = tapi("GET", tpath("/salesorders/%s", so), NULL);
    expect_ok(&r, 200, "success");
    cJSON *order = cJSON_DetachItemFromObjectCaseSensitive(r.json, "salesorder");
    tresponse_free(&r);
    return order;
}

/* The order's status, shipped_status and invoiced_status. */
static void expect_order(const char *so, const char *status, const char *shipped, const char *invoiced)
{
    cJSON *order = order_of(so);
    const char *const want[][2] = {{"status", status}, {"shipped_status", shipped}, {"invoiced_status", invoiced}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *have = tjson_str(order, want[i][0]);
        cr_assert(have && !strcmp(have, want[i][1]), "%s is %s, expected %s", want[i][0], have, want[i][1]);
    }
    cJSON_Delete(order);
}

/* Line i of the order: quantities packed, shipped and invoiced. */
static void expect_line(const char *so, int i, double packed, double shipped, double invoiced)
{
    cJSON *order = order_of(so);
    const struct { const char *name; double want; } figures[] = {
        {"quantity_packed", packed}, {"quantity_shipped", shipped}, {"quantity_invoiced", invoiced},
    };
    for (size_t k = 0; k < sizeof figures / sizeof figures[0]; k++) {
        double have = tjson_num(order, tpath("line_items.%d.%s", i, figures[k].name));
        cr_assert_eq(have, figures[k].want, "line %d: %s is %g, expected %g", i, figures[k].name, have, figures[k].want);
    }
    cJSON_Delete(order);
}

/* The ids of the order's first n lines, in lines[]. */
static void order_lines(const char *so, int n, char lines[][32])
{
    cJSON *order = order_of(so);
    for (int i = 0; i < n; i++) snprintf(lines[i], 32, "%s", tjson_str(order, tpath("line_items.%d.line_item_id", i)));
    cJSON_Delete(order);
}

/* GET /items/transactions/<module>?item_id= lists one document: its
 * number, status (in status_field) and the item's quantity. */
static void expect_transaction(const char *module, const char *item_id, const char *number_field, const char *number,
                               const char *status_field, const char *status, double quantity)
{
    tresponse r = tapi("GET", tpath("/items/transactions/%s?item_id=%s", module, item_id), NULL);
    expect_ok(&r, 200, NULL);
    const cJSON *rows = tjson_get(r.json, module);
    cr_assert_eq(cJSON_GetArraySize(rows), 1, "%s", r.body);
    const cJSON *row = cJSON_GetArrayItem(rows, 0);
    cr_assert_str_eq(tjson_str(row, number_field), number, "%s", r.body);
    cr_assert_str_eq(tjson_str(row, status_field), status, "%s", r.body);
    cr_assert_eq(tjson_num(row, "item_quantity"), quantity, "%s", r.body);
    tresponse_free(&r);
}

static void ok(tresponse r)
{
    cr_assert_eq(tjson_num(r.json, "code"), 0, "%s", r.body);
    tresponse_free(&r);
}

/* ----------------------------------------------------- the whole cycle */

Test(order_to_cash, partial_shipment_partial_invoice_and_a_return_move_every_figure_and_each_is_undone)
{
    expect_cycle((fig){45, 45, 0}, (fig){4, 4, 0}, (fig){17, 17, 0});
    char *service = tapi_id(tapi("POST", "/items", "{\"name\":\"Installation\",\"rate\":50,\"item_type\":\"sales\","
                                 "\"product_type\":\"service\"}"), "item.item_id");

    /* A draft order commits nothing. */
    char *so = tapi_id(tapi("POST", "/salesorders",
                            "{\"customer_id\":\"" CUSTOMER "\",\"date\":\"2025-06-15\",\"location_id\":\"" MAIN_WH "\","
                            "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":10,\"rate\":20},"
                            "{\"item_id\":\"" LAPTOP13 "\",\"quantity\":3,\"rate\":700},"
                            "{\"item_id\":\"" LAPTOP15 "\",\"quantity\":4,\"rate\":899,\"location_id\":\"" MAIN_WH "\"},"
                            "{\"item_id\":\"%s\",\"quantity\":1}]}", service), "sales_order.salesorder_id");
    char lines[4][32];
    order_lines(so, 4, lines);
    cJSON *order = order_of(so);
    cr_assert_str_eq(tjson_str(order, "salesorder_number"), "SO-00001");
    cr_assert_str_eq(tjson_str(order, "line_items.0.location_name"), "Main Warehouse");
    cJSON_Delete(order);
    tresponse r;
    expect_cycle((fig){45, 45, 0}, (fig){4, 4, 0}, (fig){17, 17, 0});

    /* Confirmed: what is not shipped is committed where each line ships from; a service commits nothing. */
    tapi_expect(tapi("POST", tpath("/salesorders/%s/status/confirmed", so), NULL), 200, 0, NULL);
    expect_cycle((fig){45, 45, 10}, (fig){4, 4, 3}, (fig){17, 17, 4});
    r = tapi("GET", tpath("/items/%s", service), NULL);
    cr_assert_eq(tjson_figure(r.json, "item.committed_stock"), 0, "%s", r.body);
    tresponse_free(&r);
    expect_order(so, "confirmed", "pending", "not_invoiced");

    /* Packing names what will leave (serials in their bin, a batch by its id) and moves nothing. */
    char *b01 = batch_id(LAPTOP15, "LAP-B2025-01");
    char query[96];
    snprintf(query, sizeof query, "/packages?salesorder_id=%s", so);
    tapi_expect(tapi("POST", query, "{\"date\":\"2025-06-16\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":1,"
                     "\"serial_numbers\":[\"LAP13-SN-0009\"]}]}", lines[1]),
                400, 4, "Invalid value passed for serial_numbers: LAP13-SN-0009 of Laptop 13-inch is not in stock at Main Warehouse.");
    tapi_expect(tapi("POST", query, "{\"date\":\"2025-06-16\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":2,"
                     "\"batches\":[{\"batch_id\":\"%s\",\"out_quantity\":2}]}]}", lines[0], b01),
                400, 4, "Invalid value passed for batch_id");
    tapi_expect_part(tapi("POST", query, "{\"date\":\"2025-06-16\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":2,"
                          "\"serial_numbers\":[\"LAP13-SN-0001\"]}]}", lines[1]),
                     400, 4, "as many serial numbers as the quantity");
    char *pkg = tapi_id(tapi("POST", query,
                             "{\"date\":\"2025-06-16\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":4},"
                             "{\"so_line_item_id\":\"%s\",\"quantity\":2,\"storages\":[{\"storage_id\":\"" SHELF2_BIN "\","
                             "\"out_quantity\":2,\"serial_numbers\":[\"LAP13-SN-0001\",\"LAP13-SN-0002\"]}]},"
                             "{\"so_line_item_id\":\"%s\",\"quantity\":2,\"batches\":[{\"batch_id\":\"%s\",\"out_quantity\":2,"
                             "\"storages\":[{\"storage_id\":\"" SHELF2_BIN "\",\"out_quantity\":2}]}]}]}",
                             lines[0], lines[1], lines[2], b01), "package.package_id");
    expect_cycle((fig){45, 45, 10}, (fig){4, 4, 3}, (fig){17, 17, 4});
    expect_line(so, 0, 4, 0, 0);

    /* Shipped: physical stock leaves with its serials and batch; the commitment of what shipped is released. */
    snprintf(query, sizeof query, "/shipmentorders?package_ids=%s&salesorder_id=%s", pkg, so);
    char *ship = tapi_id(tapi("POST", query, "{\"date\":\"2025-06-17\",\"delivery_method\":\"DHL\",\"tracking_number\":\"D1\"}"),
                         "shipment_order.shipment_id");
    expect_cycle((fig){45, 41, 6}, (fig){4, 2, 1}, (fig){17, 15, 2});
    cr_assert_str_eq(serial_place(LAPTOP13, "LAP13-SN-0001"), "");
    cr_assert_str_eq(serial_place(LAPTOP13, "LAP13-SN-0002"), "");
    cr_assert_str_eq(serial_place(LAPTOP13, "LAP13-SN-0003"), MAIN_WH "/" SHELF2_BIN);
    cr_assert_eq(batch_in_bin(LAPTOP15, "LAP-B2025-01", SHELF2_BIN), 6);
    cr_assert_eq(batch_in_bin(LAPTOP15, "LAP-B2025-02", SHELF2_BIN), 4);
    expect_order(so, "confirmed", "partially_shipped", "not_invoiced");
    expect_line(so, 0, 4, 4, 0);
    expect_line(so, 1, 2, 2, 0);
    expect_line(so, 2, 2, 2, 0);

    /* Delivered is a status: nothing moves. */
    tapi_expect(tapi("POST", tpath("/shipmentorders/%s/status/delivered", ship), NULL), 200, 0, NULL);
    expect_cycle((fig){45, 41, 6}, (fig){4, 2, 1}, (fig){17, 15, 2});

    /* A partial invoice from the order's lines: a draft takes nothing, sent takes accounting stock. */
    char *inv = tapi_id(tapi("POST", "/invoices",
                             "{\"customer_id\":\"" CUSTOMER "\",\"date\":\"2025-06-17\",\"line_items\":["
                             "{\"item_id\":\"" SURGE "\",\"quantity\":5,\"rate\":20,\"salesorder_item_id\":\"%s\"},"
                             "{\"name\":\"Laptop 13-inch\",\"quantity\":1,\"rate\":700,\"salesorder_item_id\":\"%s\"}]}",
                             lines[0], lines[1]), "invoice.invoice_id");
    expect_cycle((fig){45, 41, 6}, (fig){4, 2, 1}, (fig){17, 15, 2});
    tapi_expect(tapi("POST", tpath("/invoices/%s/status/sent", inv), NULL), 200, 0, NULL);
    expect_cycle((fig){40, 41, 6}, (fig){3, 2, 1}, (fig){17, 15, 2});
    r = tapi("GET", tpath("/invoices/%s", inv), NULL);
    cr_assert_str_eq(tjson_str(r.json, "invoice.line_items.1.item_id"), LAPTOP13, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "invoice.line_items.1.location_id"), MAIN_WH, "%s", r.body);
    tresponse_free(&r);
    expect_order(so, "confirmed", "partially_shipped", "partially_invoiced");
    expect_line(so, 0, 4, 4, 5);
    expect_line(so, 1, 2, 2, 1);
    /* The item's transactions list both documents. */
    expect_transaction("salesorders", SURGE, "salesorder_number", "SO-00001", "order_status", "confirmed", 10);
    expect_transaction("invoices", LAPTOP13, "invoice_number", "INV-000001", "status", "sent", 1);

    /* A return moves nothing; its receive brings the goods back (a serial and a batch into their bin); its credit
     * note the accounting stock. */
    snprintf(query, sizeof query, "/salesreturns?salesorder_id=%s", so);
    char *ret = tapi_id(tapi("POST", query, "{\"date\":\"2025-06-18\",\"line_items\":["
                             "{\"salesorder_item_id\":\"%s\",\"quantity\":2},{\"salesorder_item_id\":\"%s\",\"quantity\":1},"
                             "{\"salesorder_item_id\":\"%s\",\"quantity\":1}]}",
                             lines[0], lines[1], lines[2]), "salesreturn.salesreturn_id");
    expect_cycle((fig){40, 41, 6}, (fig){3, 2, 1}, (fig){17, 15, 2});
    r = tapi("GET", tpath("/salesreturns/%s", ret), NULL);
    char rl0[32], rl1[32], rl2[32];
    snprintf(rl0, sizeof rl0, "%s", tjson_str(r.json, "salesreturn.line_items.0.line_item_id"));
    snprintf(rl1, sizeof rl1, "%s", tjson_str(r.json, "salesreturn.line_items.1.line_item_id"));
    snprintf(rl2, sizeof rl2, "%s", tjson_str(r.json, "salesreturn.line_items.2.line_item_id"));
    cr_assert_str_eq(tjson_str(r.json, "salesreturn.line_items.0.location_id"), MAIN_WH, "%s", r.body);
    tresponse_free(&r);
    snprintf(query, sizeof query, "/salesreturnreceives?salesreturn_id=%s", ret);
    tapi_expect_part(tapi("POST", query, "{\"date\":\"2025-06-19\",\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":1,"
                          "\"serial_numbers\":[\"LAP13-SN-0003\"]}]}", rl1),
                     400, 4252, "LAP13-SN-0003 of Laptop 13-inch is already in stock");
    char *rcv = tapi_id(tapi("POST", query,
                             "{\"date\":\"2025-06-19\",\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":2},"
                             "{\"line_item_id\":\"%s\",\"quantity\":1,\"storages\":[{\"storage_id\":\"" SHELF2_BIN "\","
                             "\"in_quantity\":1,\"serial_numbers\":[\"LAP13-SN-0001\"]}]},"
                             "{\"line_item_id\":\"%s\",\"quantity\":1,\"batches\":[{\"batch_number\":\"LAP-B2025-01\","
                             "\"in_quantity\":1,\"storages\":[{\"storage_id\":\"" SHELF2_BIN "\",\"in_quantity\":1}]}]}]}",
                             rl0, rl1, rl2), "salesreturn.receive_id");
    expect_cycle((fig){40, 43, 6}, (fig){3, 3, 1}, (fig){17, 16, 2});
    cr_assert_eq(batch_in_bin(LAPTOP15, "LAP-B2025-01", SHELF2_BIN), 7);
    cr_assert_str_eq(serial_place(LAPTOP13, "LAP13-SN-0001"), MAIN_WH "/" SHELF2_BIN);
    char *cn = tapi_id(tapi("POST", "/creditnotes",
                            "{\"customer_id\":\"" CUSTOMER "\",\"date\":\"2025-06-19\",\"line_items\":["
                            "{\"item_id\":\"" SURGE "\",\"quantity\":2,\"rate\":20,\"salesreturn_item_id\":\"%s\"}]}", rl0),
                       "creditnote.creditnote_id");
    expect_cycle((fig){42, 43, 6}, (fig){3, 3, 1}, (fig){17, 16, 2});

    /* Documents later ones depend on are not deleted; the message names them. */
    tapi_expect(tapi("DELETE", tpath("/salesorders/%s", so), NULL), 400, 4251,
                "The sales order SO-00001 cannot be deleted: packages PKG-00001, invoices INV-000001 and sales returns RMA-00001.");
    tapi_expect(tapi("DELETE", tpath("/packages/%s", pkg), NULL), 400, 4251,
                "The package PKG-00001 cannot be deleted: shipment SH-00001 ships it; delete the shipment first.");
    tapi_expect(tapi("DELETE", tpath("/shipmentorders/%s", ship), NULL), 400, 4251,
                "The shipment SH-00001 cannot be deleted: sales returns RMA-00001 return what it shipped.");
    tapi_expect_part(tapi("POST", tpath("/salesorders/%s/status/void", so), NULL), 400, 4, "has packages PKG-00001");
    expect_cycle((fig){42, 43, 6}, (fig){3, 3, 1}, (fig){17, 16, 2});

    /* Undone, one step at a time, each giving back exactly what it moved. */
    tapi_expect(tapi("DELETE", tpath("/creditnotes/%s", cn), NULL), 200, 0, NULL);
    expect_cycle((fig){40, 43, 6}, (fig){3, 3, 1}, (fig){17, 16, 2});
    tapi_expect(tapi("DELETE", tpath("/salesreturnreceives/%s", rcv), NULL), 200, 0, NULL);
    expect_cycle((fig){40, 41, 6}, (fig){3, 2, 1}, (fig){17, 15, 2});
    cr_assert_str_eq(serial_place(LAPTOP13, "LAP13-SN-0001"), "");
    cr_assert_eq(batch_in_bin(LAPTOP15, "LAP-B2025-01", SHELF2_BIN), 6);
    tapi_expect(tapi("DELETE", tpath("/salesreturns/%s", ret), NULL), 200, 0, NULL);
    expect_cycle((fig){40, 41, 6}, (fig){3, 2, 1}, (fig){17, 15, 2});
    tapi_expect(tapi("POST", tpath("/invoices/%s/status/void", inv), NULL), 200, 0, NULL);
    expect_cycle((fig){45, 41, 6}, (fig){4, 2, 1}, (fig){17, 15, 2});
    expect_order(so, "confirmed", "partially_shipped", "not_invoiced");
    tapi_expect(tapi("DELETE", tpath("/invoices/%s", inv), NULL), 200, 0, NULL);
    expect_cycle((fig){45, 41, 6}, (fig){4, 2, 1}, (fig){17, 15, 2});
    tapi_expect(tapi("DELETE", tpath("/shipmentorders/%s", ship), NULL), 200, 0, NULL);
    expect_cycle((fig){45, 45, 10}, (fig){4, 4, 3}, (fig){17, 17, 4});
    cr_assert_str_eq(serial_place(LAPTOP13, "LAP13-SN-0001"), MAIN_WH "/" SHELF2_BIN);
    cr_assert_str_eq(serial_place(LAPTOP13, "LAP13-SN-0002"), MAIN_WH "/" SHELF2_BIN);
    cr_assert_eq(batch_in_bin(LAPTOP15, "LAP-B2025-01", SHELF2_BIN), 8);
    expect_order(so, "confirmed", "pending", "not_invoiced");
    expect_line(so, 0, 4, 0, 0);
    tapi_expect(tapi("DELETE", tpath("/packages/%s", pkg), NULL), 200, 0, NULL);
    expect_line(so, 0, 0, 0, 0);
    expect_cycle((fig){45, 45, 10}, (fig){4, 4, 3}, (fig){17, 17, 4});
    tapi_expect(tapi("POST", tpath("/salesorders/%s/status/void", so), NULL), 200, 0, NULL);
    expect_cycle((fig){45, 45, 0}, (fig){4, 4, 0}, (fig){17, 17, 0});
    tapi_expect(tapi("DELETE", tpath("/salesorders/%s", so), NULL), 200, 0, NULL);
    expect_cycle((fig){45, 45, 0}, (fig){4, 4, 0}, (fig){17, 17, 0});
    free(service), free(so), free(b01), free(pkg), free(ship), free(inv), free(ret), free(rcv), free(cn);
}

Test(order_to_cash, shipping_and_invoicing_everything_closes_the_order_and_releases_every_commitment)
{
    char *so = tapi_id(tapi("POST", "/salesorders",
                            "{\"customer_id\":\"" CUSTOMER "\",\"date\":\"2025-06-15\",\"line_items\":["
                            "{\"item_id\":\"" MOUSE "\",\"quantity\":6,\"rate\":15,\"location_id\":\"" MG_ROAD "\"}]}"),
                       "sales_order.salesorder_id");
    ok(tapi("POST", tpath("/salesorders/%s/status/confirmed", so), NULL));
    char line[1][32];
    order_lines(so, 1, line);
    expect_stock(MOUSE, MG_ROAD, 120, 35, 35, 6);
    char query[96];
    snprintf(query, sizeof query, "/packages?salesorder_id=%s", so);
    char *p1 = tapi_id(tapi("POST", query, "{\"date\":\"2025-06-16\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":2}]}",
                            line[0]), "package.package_id");
    char *p2 = tapi_id(tapi("POST", query, "{\"date\":\"2025-06-16\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":4}]}",
                            line[0]), "package.package_id");
    snprintf(query, sizeof query, "/shipmentorders?package_ids=%s&salesorder_id=%s", p1, so);
    char *s1 = tapi_id(tapi("POST", query, "{\"date\":\"2025-06-17\",\"delivery_method\":\"DHL\",\"tracking_number\":\"D1\"}"),
                       "shipment_order.shipment_id");
    expect_stock(MOUSE, MG_ROAD, 120, 35, 33, 4);
    snprintf(query, sizeof query, "/shipmentorders?package_ids=%s&salesorder_id=%s", p2, so);
    char *s2 = tapi_id(tapi("POST", query, "{\"date\":\"2025-06-17\",\"delivery_method\":\"DHL\",\"tracking_number\":\"D2\"}"),
                       "shipment_order.shipment_id");
    expect_stock(MOUSE, MG_ROAD, 120, 35, 29, 0);
    expect_order(so, "confirmed", "shipped", "not_invoiced");
    char *inv = tapi_id(tapi("POST", "/invoices?send=true",
                             "{\"customer_id\":\"" CUSTOMER "\",\"line_items\":[{\"item_id\":\"" MOUSE "\",\"quantity\":6,"
                             "\"rate\":15,\"salesorder_item_id\":\"%s\"}]}", line[0]), "invoice.invoice_id");
    expect_order(so, "closed", "shipped", "invoiced");
    expect_stock(MOUSE, MG_ROAD, 120, 29, 29, 0);
    /* Deleting a shipment reopens the order and commits what is no longer shipped. */
    tapi_expect(tapi("DELETE", tpath("/shipmentorders/%s", s2), NULL), 200, 0, NULL);
    expect_order(so, "confirmed", "partially_shipped", "invoiced");
    expect_stock(MOUSE, MG_ROAD, 120, 29, 33, 4);
    tapi_expect(tapi("DELETE", tpath("/invoices/%s", inv), NULL), 200, 0, NULL);
    tapi_expect(tapi("DELETE", tpath("/shipmentorders/%s", s1), NULL), 200, 0, NULL);
    expect_stock(MOUSE, MG_ROAD, 120, 35, 35, 6);
    free(so), free(p1), free(p2), free(s1), free(s2), free(inv);
}

Test(order_to_cash, an_order_line_commits_where_it_ships_from_and_follows_edits)
{
    char *so = tapi_id(tapi("POST", "/salesorders",
                            "{\"customer_id\":\"" CUSTOMER "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":5}]}"),
                       "sales_order.salesorder_id");
    ok(tapi("POST", tpath("/salesorders/%s/status/confirmed", so), NULL));
    /* No location named: the organization's first. */
    expect_stock(SURGE, MAIN_WH, 8, 45, 45, 5);
    char line[1][32];
    order_lines(so, 1, line);
    ok(tapi("PUT", tpath("/salesorders/%s", so), "{\"line_items\":[{\"line_item_id\":\"%s\",\"item_id\":\"" SURGE "\","
            "\"quantity\":7,\"location_id\":\"" MG_ROAD "\"}]}", line[0]));
    cJSON_Delete(expect_at(SURGE, MAIN_WH, 45, 45, 0));
    expect_stock(SURGE, MG_ROAD, 45, 8, 8, 7);
    tapi_expect(tapi("PUT", tpath("/salesorders/%s", so), "{\"line_items\":[{\"line_item_id\":\"%s\",\"item_id\":\"" SURGE "\","
                     "\"quantity\":7,\"location_id\":\"4815000000099999\"}]}", line[0]),
                400, 4, "Invalid value passed for location_id");
    char query[96];
    snprintf(query, sizeof query, "/packages?salesorder_id=%s", so);
    char *pkg = tapi_id(tapi("POST", query, "{\"date\":\"2025-06-16\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":2}]}",
                             line[0]), "package.package_id");
    tapi_expect(tapi("PUT", tpath("/salesorders/%s", so), "{\"line_items\":[{\"line_item_id\":\"%s\",\"item_id\":\"" SURGE "\","
                     "\"quantity\":7,\"location_id\":\"" MAIN_WH "\"}]}", line[0]),
                400, 4, "The location of Surge Protector 6-outlet cannot change: it has been packed at MG Road Store.");
    ok(tapi("PUT", tpath("/salesorders/%s", so), "{\"line_items\":[{\"line_item_id\":\"%s\",\"item_id\":\"" SURGE "\","
            "\"quantity\":9,\"location_id\":\"" MG_ROAD "\"}]}", line[0]));
    expect_stock(SURGE, MG_ROAD, 45, 8, 8, 9);
    ok(tapi("DELETE", tpath("/packages/%s", pkg), NULL));
    ok(tapi("POST", tpath("/salesorders/%s/status/void", so), NULL));
    expect_stock(SURGE, MG_ROAD, 45, 8, 8, 0);
    free(so), free(pkg);
}

/* ------------------------------------------------ without an order */

/* A call that succeeds; then the keyboards at Bengaluru Warehouse hold
 * this accounting stock, their physical stock (15) untouched. */
static void keyboards_after(const char *method, const char *path, const char *body, double accounting)
{
    ok(body ? tapi(method, path, "%s", body) : tapi(method, path, NULL));
    expect_stock(KEYBOARD, BLR_WH, 40, accounting, 15, 0);
}

Test(order_to_cash, direct_invoices_and_credit_notes_move_accounting_stock_only)
{
    expect_stock(KEYBOARD, BLR_WH, 40, 15, 15, 0);
    char *inv = tapi_id(tapi("POST", "/invoices",
                             "{\"customer_id\":\"" CUSTOMER "\",\"location_id\":\"" BLR_WH "\",\"line_items\":["
                             "{\"item_id\":\"" KEYBOARD "\",\"quantity\":3,\"rate\":80}]}"), "invoice.invoice_id");
    expect_stock(KEYBOARD, BLR_WH, 40, 15, 15, 0);          /* a draft takes nothing */
    keyboards_after("POST", tpath("/invoices/%s/status/sent", inv), NULL, 12);
    keyboards_after("POST", tpath("/invoices/%s/status/void", inv), NULL, 15);
    keyboards_after("POST", tpath("/invoices/%s/status/draft", inv), NULL, 15);
    keyboards_after("POST", tpath("/invoices/%s/status/sent", inv), NULL, 12);
    /* An edit of a sent invoice moves the difference. */
    keyboards_after("PUT", tpath("/invoices/%s", inv),
                    "{\"line_items\":[{\"item_id\":\"" KEYBOARD "\",\"quantity\":5,\"rate\":80}]}", 10);

    const char *credit = "{\"customer_id\":\"" CUSTOMER "\",\"date\":\"2025-06-18\",\"line_items\":[{\"item_id\":\""
                         KEYBOARD "\",\"quantity\":1,\"rate\":80,\"location_id\":\"" BLR_WH "\"}]}";
    char *cn = tapi_id(tapi("POST", "/creditnotes", "%s", credit), "creditnote.creditnote_id");
    expect_stock(KEYBOARD, BLR_WH, 40, 11, 15, 0);
    keyboards_after("POST", tpath("/creditnotes/%s/void", cn), NULL, 10);
    char *draft = tapi_id(tapi("POST", "/creditnotes", "{\"is_draft\":true,%s", credit + 1), "creditnote.creditnote_id");
    expect_stock(KEYBOARD, BLR_WH, 40, 10, 15, 0);
    keyboards_after("POST", tpath("/creditnotes/%s/converttoopen", draft), NULL, 11);
    keyboards_after("DELETE", tpath("/creditnotes/%s", draft), NULL, 10);
    keyboards_after("DELETE", tpath("/creditnotes/%s", cn), NULL, 10);
    keyboards_after("DELETE", tpath("/invoices/%s", inv), NULL, 15);
    free(inv), free(cn), free(draft);
}

Test(order_to_cash, delivery_challans_take_physical_stock_until_the_goods_come_back)
{
    char *dc = tapi_id(tapi("POST", "/deliverychallans",
                            "{\"customer_id\":\"" CUSTOMER "\",\"challan_type\":\"job work\",\"line_items\":["
                            "{\"item_id\":\"" MOUSE "\",\"quantity\":5,\"location_id\":\"" MG_ROAD "\"}]}"),
                       "deliverychallan.deliverychallan_id");
    tresponse r = tapi("GET", tpath("/deliverychallans/%s", dc), NULL);
    cr_assert_str_eq(tjson_str(r.json, "deliverychallan.line_items.0.warehouse_id"), MG_ROAD, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "deliverychallan.line_items.0.warehouse_name"), "MG Road Store", "%s", r.body);
    tresponse_free(&r);
    expect_stock(MOUSE, MG_ROAD, 120, 35, 35, 0);
    ok(tapi("POST", tpath("/deliverychallans/%s/status/open", dc), NULL));
    expect_stock(MOUSE, MG_ROAD, 120, 35, 30, 0);
    ok(tapi("POST", tpath("/deliverychallans/%s/status/delivered", dc), NULL));
    expect_stock(MOUSE, MG_ROAD, 120, 35, 30, 0);
    ok(tapi("POST", tpath("/deliverychallans/%s/status/returned", dc), NULL));
    expect_stock(MOUSE, MG_ROAD, 120, 35, 35, 0);
    ok(tapi("PUT", tpath("/deliverychallans/undo/return?deliverychallan_ids=%s", dc), NULL));
    expect_stock(MOUSE, MG_ROAD, 120, 35, 30, 0);
    ok(tapi("DELETE", tpath("/deliverychallans/%s", dc), NULL));
    expect_stock(MOUSE, MG_ROAD, 120, 35, 35, 0);
    free(dc);
}

/* ------------------------------------------------- negative stock */

Test(order_to_cash, negative_stock_is_refused_with_zoho_s_error_when_the_preference_forbids_it)
{
    tapi_expect(tapi("PUT", "/settings/preferences", "{\"is_negative_stock_allowed\":false}"), 200, 0, NULL);
    /* Committing is not taking: an order may commit stock the location does not have. */
    char *so = tapi_id(tapi("POST", "/salesorders",
                            "{\"customer_id\":\"" CUSTOMER "\",\"line_items\":[{\"item_id\":\"" LAMP "\",\"quantity\":2,\"rate\":30}]}"),
                       "sales_order.salesorder_id");
    ok(tapi("POST", tpath("/salesorders/%s/status/confirmed", so), NULL));
    expect_stock(LAMP, MAIN_WH, 0, 0, 0, 2);
    char line[1][32], query[96];
    order_lines(so, 1, line);
    snprintf(query, sizeof query, "/packages?salesorder_id=%s", so);
    char *pkg = tapi_id(tapi("POST", query, "{\"date\":\"2025-06-16\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":2}]}",
                             line[0]), "package.package_id");
    snprintf(query, sizeof query, "/shipmentorders?package_ids=%s&salesorder_id=%s", pkg, so);
    const char *ship_body = "{\"date\":\"2025-06-17\",\"delivery_method\":\"DHL\",\"tracking_number\":\"D1\"}";
    tapi_expect_part(tapi("POST", query, "%s", ship_body), 400, 4252,
                     "The stock of this Shipment cannot move: LED Desk Lamp would go below zero");
    expect_stock(LAMP, MAIN_WH, 0, 0, 0, 2);
    tresponse r = tapi("GET", tpath("/packages/%s", pkg), NULL);
    cr_assert_str_eq(tjson_str(r.json, "package.status"), "not_shipped", "%s", r.body);
    tresponse_free(&r);
    expect_order(so, "confirmed", "pending", "not_invoiced");
    /* Sending an invoice is refused the same way; its draft is kept. */
    tapi_expect_part(tapi("POST", "/invoices?send=true", "{\"customer_id\":\"" CUSTOMER "\",\"line_items\":[{\"item_id\":\""
                          LAMP "\",\"quantity\":1,\"rate\":30}]}"),
                     400, 4252, "The stock of this Invoice cannot move: LED Desk Lamp would go below zero");
    char *inv = tapi_id(tapi("POST", "/invoices", "{\"customer_id\":\"" CUSTOMER "\",\"line_items\":[{\"item_id\":\"" LAMP
                             "\",\"quantity\":1,\"rate\":30}]}"), "invoice.invoice_id");
    tapi_expect_part(tapi("POST", tpath("/invoices/%s/status/sent", inv), NULL), 400, 4252, "LED Desk Lamp would go below zero");
    r = tapi("GET", tpath("/invoices/%s", inv), NULL);
    cr_assert_str_eq(tjson_str(r.json, "invoice.status"), "draft", "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "invoice.invoice_number"), "INV-000001", "%s", r.body);
    tresponse_free(&r);
    expect_stock(LAMP, MAIN_WH, 0, 0, 0, 2);

    /* Allowed again (Zoho's default): the same calls go through, below zero. */
    tapi_expect(tapi("PUT", "/settings/preferences", "{\"is_negative_stock_allowed\":true}"), 200, 0, NULL);
    char *ship = tapi_id(tapi("POST", query, "%s", ship_body), "shipment_order.shipment_id");
    r = tapi("GET", tpath("/shipmentorders/%s", ship), NULL);
    cr_assert_str_eq(tjson_str(r.json, "shipment_order.shipment_number"), "SH-00001", "%s", r.body);
    tresponse_free(&r);
    ok(tapi("POST", tpath("/invoices/%s/status/sent", inv), NULL));
    expect_stock(LAMP, MAIN_WH, 0, -1, -2, 0);
    free(so), free(pkg), free(inv), free(ship);
}

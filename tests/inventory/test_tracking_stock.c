/* test_tracking_stock.c -- serial numbers and batches in stock: count approval and the adjustments API rewrite them */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "counts_util.h"

#define ADJ "/inventory/v1/inventoryadjustments"
#define CABLE "4815000000033004"        /* batch tracked, bin 4815000000050020: CBL-2025-04 150, -06 90 */
#define LAP_BIN "4815000000050010"      /* Laptop 13 serials; Laptop 15 batches -01 8, -02 4 */
#define LAP15_BIN2 "4815000000050000"   /* Laptop 15 batch -03 5 */
#define STORE "4815000000038100"        /* MG Road Store: LAP13-SN-0005, -0006 */

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(tracking_stock, .init = start, .fini = stop);

/* ------------------------------------------------------------- helpers */

static tresponse item_get(const char *item_id)
{
    char path[160];
    snprintf(path, sizeof path, "/inventory/v1/items/%s" ORG, item_id);
    tresponse r = treq("GET", path, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    return r;
}

/* Where the item's serial sits: "location/storage", or "" when it has none. */
static void serial_place(const char *item_id, const char *serial, char out[64])
{
    tresponse r = item_get(item_id);
    const cJSON *s;
    out[0] = 0;
    cJSON_ArrayForEach(s, tjson_get(r.json, "item.serial_numbers")) {
        if (strcmp(tjson_str(s, "serial_number"), serial) == 0)
            snprintf(out, 64, "%s/%s", tjson_str(s, "location_id"), tjson_str(s, "storage_id"));
    }
    tresponse_free(&r);
}

static bool has_serial(const char *item_id, const char *serial)
{
    char place[64];
    serial_place(item_id, serial, place);
    return place[0] != 0;
}

/* The batch's quantity in one stock row (storage "" = not in a bin);
 * -1 when the row does not list the batch. */
static double batch_in_row(const char *item_id, const char *batch, const char *location_id, const char *storage_id)
{
    tresponse r = item_get(item_id);
    const cJSON *b;
    double q = -1;
    cJSON_ArrayForEach(b, tjson_get(r.json, "item.batches")) {
        if (strcmp(tjson_str(b, "batch_number"), batch) == 0 && strcmp(tjson_str(b, "location_id"), location_id) == 0 &&
            strcmp(tjson_str(b, "storage_id"), storage_id) == 0)
            q = tjson_num(b, "quantity");
    }
    tresponse_free(&r);
    return q;
}

/* The item's batches listed anywhere (how many rows name it). */
static int batch_rows(const char *item_id, const char *batch)
{
    tresponse r = item_get(item_id);
    const cJSON *b;
    int n = 0;
    cJSON_ArrayForEach(b, tjson_get(r.json, "item.batches")) n += strcmp(tjson_str(b, "batch_number"), batch) == 0;
    tresponse_free(&r);
    return n;
}

/* Values of `field` of the array at `path`, comma-joined into out. */
static const char *join(const cJSON *obj, const char *path, const char *field, char *out, size_t size)
{
    const cJSON *e;
    out[0] = 0;
    cJSON_ArrayForEach(e, tjson_get(obj, path)) {
        const char *v = field ? tjson_str(e, field) : cJSON_GetStringValue(e);
        char num[64];
        if (!v) {
            snprintf(num, sizeof num, "%g", tjson_num(e, field));
            v = num;
        }
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s%s", len ? "," : "", v);
    }
    return out;
}

static tresponse tracking(const char *line_id, const char *filter)
{
    char path[256];
    snprintf(path, sizeof path, "/inventory/v1/inventorycountitems/%s/trackingdetails" ORG "%s%s", line_id,
             filter ? "&filter_by=" : "", filter ? filter : "");
    tresponse r = treq("GET", path, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    return r;
}

/* Creates, starts, counts (the line's fields, e.g. "\"counted_serial_numbers\":[...]"),
 * submits and approves a count of one item at Main Warehouse; returns its id. */
static char *count_and_approve(const char *item_id, const char *line_fields)
{
    char lines[128], body[1024];
    snprintf(lines, sizeof lines, "[{\"item_id\":\"%s\"}]", item_id);
    char *id = count_create(lines);
    count_ok("POST", id, "/start", NULL, "counting");
    snprintf(body, sizeof body, "{\"next_action\":\"submit\",\"line_items\":[{\"item_id\":\"%s\",%s}]}", item_id,
             line_fields);
    count_ok("PUT", id, "/count", body, "submitted");
    snprintf(body, sizeof body, "{\"line_items\":[{\"item_id\":\"%s\",\"approval_status\":\"approved\"}]}", item_id);
    count_ok("PUT", id, "/approve", body, "completed");
    return id;
}

static tresponse adjustment_get(const char *id)
{
    char path[160];
    snprintf(path, sizeof path, ADJ "/%s" ORG, id);
    tresponse r = treq("GET", path, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    return r;
}

/* --------------------------------------------------- stock count approval */

Test(tracking_stock, approving_missing_and_new_serials_rewrites_the_stock_and_the_next_count)
{
    char buf[512];
    char *id = count_and_approve(LAPTOP13, "\"counted_serial_numbers\":"
                                           "[\"LAP13-SN-0001\",\"LAP13-SN-0002\",\"LAP13-SN-0003\",\"LAP13-SN-NEW\"]");
    /* The stock: the new serial where the line's change went (its bin), the
     * missing one gone, the other location untouched, quantity unchanged. */
    serial_place(LAPTOP13, "LAP13-SN-NEW", buf);
    cr_assert_str_eq(buf, MAIN_WH "/" LAP_BIN);
    cr_assert_not(has_serial(LAPTOP13, "LAP13-SN-0004"));
    cr_assert(has_serial(LAPTOP13, "LAP13-SN-0001"));
    cr_assert(has_serial(LAPTOP13, "LAP13-SN-0005"));
    cr_assert_eq(stock_at(LAPTOP13, MAIN_WH), 4);

    /* The count and the adjustment show what moved: a swap, quantity 0. */
    tresponse r = count_get(id);
    const cJSON *line = tjson_get(r.json, "inventorycount.inventory_adjustments.0.line_items.0");
    cr_assert_not_null(line, "%s", r.body);
    cr_assert_eq(tjson_num(line, "quantity_adjusted"), 0);
    cr_assert_str_eq(join(line, "serial_numbers_added", NULL, buf, sizeof buf), "LAP13-SN-NEW");
    cr_assert_str_eq(join(line, "serial_numbers_removed", NULL, buf, sizeof buf), "LAP13-SN-0004");
    char adj_id[32];
    snprintf(adj_id, sizeof adj_id, "%s", tjson_str(r.json, "inventorycount.inventory_adjustments.0.inventory_adjustment_id"));
    tresponse_free(&r);
    r = adjustment_get(adj_id);
    cr_assert_str_eq(join(r.json, "inventory_adjustment.line_items.0.serial_numbers", NULL, buf, sizeof buf),
                     "LAP13-SN-NEW,LAP13-SN-0004");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.line_items.0.storage_id"), "4815000000050010");
    tresponse_free(&r);

    /* A second count at the location captures the new lists. */
    char *id2 = count_create("[{\"item_id\":\"" LAPTOP13 "\"}]");
    count_ok("POST", id2, "/start", NULL, "counting");
    char *line_id = count_line_id(id2, LAPTOP13);
    r = tracking(line_id, NULL);
    cr_assert_str_eq(join(r.json, "serial_numbers", "serialnumber", buf, sizeof buf),
                     "LAP13-SN-0001,LAP13-SN-0002,LAP13-SN-0003,LAP13-SN-NEW");
    tresponse_free(&r);
    r = count_call("PUT", id2, "/count", "", JOHN,
                   "{\"line_items\":[{\"item_id\":\"" LAPTOP13 "\",\"counted_serial_numbers\":"
                   "[\"LAP13-SN-0001\",\"LAP13-SN-0002\",\"LAP13-SN-0003\",\"LAP13-SN-NEW\"]}]}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    const cJSON *l = count_line(tjson_get(r.json, "inventorycount"), LAPTOP13);
    cr_assert_eq(tjson_num(l, "system_quantity"), 4);
    cr_assert_eq(tjson_num(l, "stock_variance"), 0);
    cr_assert_eq(tjson_num(l, "has_tracking_details_mismatch"), 0, "%s", r.body);
    tresponse_free(&r);
    r = tracking(line_id, "Status.Missing");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "serial_numbers")), 0, "%s", r.body);
    tresponse_free(&r);
    r = tracking(line_id, "Status.NewlyAdded");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "serial_numbers")), 0, "%s", r.body);
    tresponse_free(&r);
    free(line_id);
    free(id2);
    free(id);
}

Test(tracking_stock, approving_counted_batches_makes_them_the_stock_and_the_next_count)
{
    char buf[512];
    /* 150 -> 140, 90 -> 0 (dropped), a new batch of 5: 240 -> 145. */
    char *id = count_and_approve(CABLE, "\"counted_batches\":[{\"batch_number\":\"CBL-2025-04\",\"counted_quantity\":140},"
                                        "{\"batch_number\":\"CBL-2025-06\",\"counted_quantity\":0},"
                                        "{\"batch_number\":\"CBL-NEW\",\"counted_quantity\":5}]");
    cr_assert_eq(stock_at(CABLE, MAIN_WH), 145);
    cr_assert_eq(batch_in_row(CABLE, "CBL-2025-04", MAIN_WH, MOUSE_BIN), 140);
    cr_assert_eq(batch_in_row(CABLE, "CBL-NEW", MAIN_WH, MOUSE_BIN), 5);
    cr_assert_eq(batch_rows(CABLE, "CBL-2025-06"), 0, "a batch at 0 is dropped");

    tresponse r = count_get(id);
    const cJSON *line = tjson_get(r.json, "inventorycount.inventory_adjustments.0.line_items.0");
    cr_assert_eq(tjson_num(line, "quantity_adjusted"), -95, "%s", r.body);
    cr_assert_str_eq(join(line, "batches", "batch_number", buf, sizeof buf), "CBL-2025-04,CBL-2025-06,CBL-NEW");
    cr_assert_str_eq(join(line, "batches", "quantity", buf, sizeof buf), "-10,-90,5");
    tresponse_free(&r);

    char *id2 = count_create("[{\"item_id\":\"" CABLE "\"}]");
    count_ok("POST", id2, "/start", NULL, "counting");
    char *line_id = count_line_id(id2, CABLE);
    r = tracking(line_id, NULL);
    cr_assert_str_eq(join(r.json, "batches", "batch_number", buf, sizeof buf), "CBL-2025-04,CBL-NEW");
    cr_assert_str_eq(join(r.json, "batches", "system_quantity", buf, sizeof buf), "140,5");
    tresponse_free(&r);
    r = count_get(id2);
    cr_assert_eq(tjson_num(count_line(tjson_get(r.json, "inventorycount"), CABLE), "system_quantity"), 145);
    tresponse_free(&r);
    r = count_call("PUT", id2, "/count", "", JOHN,
                   "{\"line_items\":[{\"item_id\":\"" CABLE "\",\"counted_batches\":["
                   "{\"batch_number\":\"CBL-2025-04\",\"counted_quantity\":140},{\"batch_number\":\"CBL-NEW\",\"counted_quantity\":5}]}]}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    const cJSON *l = count_line(tjson_get(r.json, "inventorycount"), CABLE);
    cr_assert_eq(tjson_num(l, "stock_variance"), 0);
    cr_assert_eq(tjson_num(l, "has_tracking_details_mismatch"), 0, "%s", r.body);
    tresponse_free(&r);
    r = tracking(line_id, "Status.Missing");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "batches")), 0, "%s", r.body);
    tresponse_free(&r);
    free(line_id);
    free(id2);
    free(id);
}

Test(tracking_stock, a_count_by_quantity_alone_leaves_serials_as_they_are)
{
    char *id = count_and_approve(LAPTOP13, "\"counted_quantity\":3");
    cr_assert_eq(stock_at(LAPTOP13, MAIN_WH), 3);
    for (int i = 1; i <= 4; i++) {
        char sn[32];
        snprintf(sn, sizeof sn, "LAP13-SN-%04d", i);
        cr_assert(has_serial(LAPTOP13, sn), "%s", sn);
    }
    free(id);
}

Test(tracking_stock, a_count_of_zero_removes_every_serial_at_the_location)
{
    char *id = count_and_approve(LAPTOP13, "\"counted_quantity\":0");
    cr_assert_eq(stock_at(LAPTOP13, MAIN_WH), 0);
    cr_assert_not(has_serial(LAPTOP13, "LAP13-SN-0001"));
    cr_assert_not(has_serial(LAPTOP13, "LAP13-SN-0004"));
    cr_assert(has_serial(LAPTOP13, "LAP13-SN-0005"), "another location keeps its serials");
    free(id);
}

/* ------------------------------------------------------ adjustments API */

static char *adjust(const char *lines)
{
    char body[2048];
    snprintf(body, sizeof body,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
             "\"location_id\":\"" MAIN_WH "\",\"line_items\":%s}", lines);
    tresponse r = treq("POST", ADJ ORG, JOHN, body);
    cr_assert_eq(r.status, 201, "%s -> %s", body, r.body);
    char *id = malloc(32);
    snprintf(id, 32, "%s", tjson_str(r.json, "inventory_adjustment.inventory_adjustment_id"));
    tresponse_free(&r);
    return id;
}

static void adjustment_delete(const char *id)
{
    char path[160];
    snprintf(path, sizeof path, ADJ "/%s" ORG, id);
    tresponse r = treq("DELETE", path, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
}

Test(tracking_stock, adding_serials_puts_them_in_the_line_row_and_delete_takes_them_out)
{
    char buf[256];
    char *id = adjust("[{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":2,\"storage_id\":\"" LAP_BIN "\","
                      "\"serial_numbers\":[\"LAP13-SN-0100\",\"LAP13-SN-0101\"]}]");
    serial_place(LAPTOP13, "LAP13-SN-0101", buf);
    cr_assert_str_eq(buf, MAIN_WH "/" LAP_BIN);
    cr_assert(has_serial(LAPTOP13, "LAP13-SN-0100"));
    cr_assert_eq(stock_at(LAPTOP13, MAIN_WH), 6);
    tresponse r = adjustment_get(id);
    cr_assert_str_eq(join(r.json, "inventory_adjustment.line_items.0.serial_numbers", NULL, buf, sizeof buf),
                     "LAP13-SN-0100,LAP13-SN-0101");
    cr_assert_eq(tjson_num(r.json, "inventory_adjustment.line_items.0.quantity_adjusted"), 2);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.line_items.0.item_id"), "4815000000033002");
    tresponse_free(&r);
    adjustment_delete(id);
    cr_assert_not(has_serial(LAPTOP13, "LAP13-SN-0100"));
    cr_assert_not(has_serial(LAPTOP13, "LAP13-SN-0101"));
    cr_assert_eq(stock_at(LAPTOP13, MAIN_WH), 4);
    free(id);
}

Test(tracking_stock, removing_a_serial_takes_it_from_its_bin_and_delete_puts_it_back_there)
{
    char buf[256];
    /* No storage_id: the serial still comes out of the bin that holds it. */
    char *id = adjust("[{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":-1,\"serial_numbers\":[\"LAP13-SN-0002\"]}]");
    cr_assert_not(has_serial(LAPTOP13, "LAP13-SN-0002"));
    cr_assert_eq(stock_at(LAPTOP13, MAIN_WH), 3);
    tresponse r = adjustment_get(id);
    cr_assert_str_eq(join(r.json, "inventory_adjustment.line_items.0.serial_numbers", NULL, buf, sizeof buf),
                     "LAP13-SN-0002");
    cr_assert_str_eq(join(r.json, "inventory_adjustment.line_items.0.serial_numbers_removed", NULL, buf, sizeof buf),
                     "LAP13-SN-0002");
    tresponse_free(&r);
    adjustment_delete(id);
    serial_place(LAPTOP13, "LAP13-SN-0002", buf);
    cr_assert_str_eq(buf, MAIN_WH "/" LAP_BIN);
    cr_assert_eq(stock_at(LAPTOP13, MAIN_WH), 4);
    free(id);
}

Test(tracking_stock, batches_change_their_rows_and_delete_reverses_them)
{
    char buf[256];
    /* -5 of -03 empties it (dropped); +3 of a new batch in a bin; -3 of -01
     * named at the bin that does not hold it comes out of the one that does. */
    char *id = adjust("[{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":-5,\"storage_id\":\"" LAP15_BIN2 "\","
                      "\"batches\":[{\"batch_number\":\"LAP-B2025-03\",\"quantity\":-5}]},"
                      "{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":3,\"storage_id\":\"" LAP_BIN "\","
                      "\"batches\":[{\"batch_number\":\"LAP-NEW\",\"quantity\":\"3\"}]},"
                      "{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":-3,\"storage_id\":\"" LAP15_BIN2 "\","
                      "\"batches\":[{\"batch_number\":\"LAP-B2025-01\",\"quantity\":-3}]}]");
    cr_assert_eq(batch_in_row(LAPTOP15, "LAP-B2025-03", MAIN_WH, LAP15_BIN2), -1, "dropped at 0");
    cr_assert_eq(batch_in_row(LAPTOP15, "LAP-NEW", MAIN_WH, LAP_BIN), 3);
    cr_assert_eq(batch_in_row(LAPTOP15, "LAP-B2025-01", MAIN_WH, LAP_BIN), 5);
    cr_assert_eq(batch_in_row(LAPTOP15, "LAP-B2025-01", MAIN_WH, LAP15_BIN2), -1);
    cr_assert_eq(stock_at(LAPTOP15, MAIN_WH), 12);
    tresponse r = adjustment_get(id);
    cr_assert_str_eq(join(r.json, "inventory_adjustment.line_items.1.batches", "batch_number", buf, sizeof buf), "LAP-NEW");
    cr_assert_str_eq(join(r.json, "inventory_adjustment.line_items.0.batches", "quantity", buf, sizeof buf), "-5");
    cr_assert_str_eq(join(r.json, "inventory_adjustment.line_items.2.batches", "quantity", buf, sizeof buf), "-3");
    tresponse_free(&r);

    adjustment_delete(id);
    cr_assert_eq(batch_in_row(LAPTOP15, "LAP-B2025-03", MAIN_WH, LAP15_BIN2), 5);
    cr_assert_eq(batch_rows(LAPTOP15, "LAP-NEW"), 0);
    cr_assert_eq(batch_in_row(LAPTOP15, "LAP-B2025-01", MAIN_WH, LAP_BIN), 8);
    cr_assert_eq(batch_in_row(LAPTOP15, "LAP-B2025-01", MAIN_WH, LAP15_BIN2), -1);
    cr_assert_eq(stock_at(LAPTOP15, MAIN_WH), 17);
    free(id);
}

Test(tracking_stock, lines_without_tracking_are_accepted_and_print_empty_lists)
{
    char *id = adjust("[{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":1},"
                      "{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":1},"
                      "{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":1}]");
    tresponse r = adjustment_get(id);
    const cJSON *batches = tjson_get(r.json, "inventory_adjustment.line_items.0.batches");
    cr_assert(cJSON_IsArray(batches) && cJSON_GetArraySize(batches) == 0, "%s", r.body);
    cr_assert_null(tjson_get(r.json, "inventory_adjustment.line_items.0.serial_numbers"));
    const cJSON *serials = tjson_get(r.json, "inventory_adjustment.line_items.1.serial_numbers");
    cr_assert(cJSON_IsArray(serials) && cJSON_GetArraySize(serials) == 0, "%s", r.body);
    cr_assert_null(tjson_get(r.json, "inventory_adjustment.line_items.1.batches"));
    cr_assert_null(tjson_get(r.json, "inventory_adjustment.line_items.2.serial_numbers"));
    cr_assert_null(tjson_get(r.json, "inventory_adjustment.line_items.2.batches"));
    tresponse_free(&r);
    free(id);
}

/* A refused create: status 400, code `code`, the message (exact,
 * or a part of it when `exact` is false), and nothing changed. */
typedef struct refused_case {
    char lines[512];
    char message[200];
    bool exact;
    bool is_value;
    int code;
} refused_case;

ParameterizedTestParameters(tracking_stock, refused_tracking)
{
    static refused_case cases[] = {
        {"[{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":1,\"serial_numbers\":[\"X-1\"]}]",
         "Invalid value passed for serial_numbers: the item " SURGE " (Surge Protector", false, false, 4},
        {"[{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":1,\"serial_numbers\":\"X-1\"}]",
         "Invalid value passed for serial_numbers", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":1,\"serial_numbers\":[7]}]",
         "Invalid value passed for serial_numbers", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":2,\"serial_numbers\":[\"X-1\"]}]",
         "Invalid value passed for serial_numbers: 1 serial numbers for a quantity_adjusted of 2.", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":-2,\"serial_numbers\":[\"LAP13-SN-0001\"]}]",
         "Invalid value passed for serial_numbers: 1 serial numbers for a quantity_adjusted of -2.", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":1,\"serial_numbers\":[\"LAP13-SN-0001\"]}]",
         "Invalid value passed for serial_numbers: the serial number LAP13-SN-0001 already exists for the item "
         LAPTOP13 ".", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":1,\"serial_numbers\":[\"LAP13-SN-0005\"]}]",
         "the serial number LAP13-SN-0005 already exists", false, false, 4},
        {"[{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":-1,\"serial_numbers\":[\"LAP13-SN-0005\"]}]",
         "Invalid value passed for serial_numbers: the serial number LAP13-SN-0005 of the item " LAPTOP13
         " is not in stock at Main Warehouse.", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":2,\"serial_numbers\":[\"X-1\",\"X-1\"]}]",
         "Invalid value passed for serial_numbers: the serial number X-1 is given more than once.", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":1,\"serial_numbers\":[\"X-1\"]},"
         "{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":1,\"serial_numbers\":[\"X-1\"]}]",
         "the serial number X-1 is given more than once", false, false, 4},
        {"[{\"item_id\":\"" LAPTOP13 "\",\"value_adjusted\":10,\"serial_numbers\":[\"X-1\"]}]",
         "Invalid value passed for serial_numbers: a value adjustment does not move serial numbers.", true, true, 4},
        {"[{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":1,\"batches\":[{\"batch_number\":\"B\",\"quantity\":1}]}]",
         "Invalid value passed for batches: the item " LAPTOP13 " (Laptop 13-inch) is not tracked by batches.", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":1,\"batches\":{\"batch_number\":\"B\"}}]",
         "Invalid value passed for batches", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":1,\"batches\":[{\"quantity\":1}]}]",
         "The parameter batch_number is mandatory.", true, false, 11},
        {"[{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":3,\"batches\":[{\"batch_number\":\"B\",\"quantity\":2}]}]",
         "Invalid value passed for batches: the batch quantities add up to 2, not to the quantity_adjusted 3.", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":-2,\"batches\":[{\"batch_number\":\"LAP-B2025-03\",\"quantity\":2}]}]",
         "Invalid value passed for batches: the batch LAP-B2025-03 has quantity 2: each batch quantity must be non-zero "
         "with the sign of quantity_adjusted (-2).", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":2,\"batches\":[{\"batch_number\":\"B\",\"quantity\":1},"
         "{\"batch_number\":\"B\",\"quantity\":1}]}]",
         "Invalid value passed for batches: the batch B is given more than once.", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":-6,\"batches\":[{\"batch_number\":\"LAP-B2025-03\",\"quantity\":-6}]}]",
         "Invalid value passed for batches: the batch LAP-B2025-03 of the item " LAPTOP15
         " has 5 at Main Warehouse: a change of -6 would take it below 0.", true, false, 4},
        {"[{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":-3,\"batches\":[{\"batch_number\":\"LAP-B2025-03\",\"quantity\":-3}]},"
         "{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":-3,\"batches\":[{\"batch_number\":\"LAP-B2025-03\",\"quantity\":-3}]}]",
         "the batch LAP-B2025-03 of the item " LAPTOP15 " has 2 at Main Warehouse", false, false, 4},
        {"[{\"item_id\":\"" LAPTOP15 "\",\"quantity_adjusted\":-1,\"location_id\":\"" STORE "\","
         "\"batches\":[{\"batch_number\":\"LAP-B2025-01\",\"quantity\":-1}]}]",
         "has 0 at MG Road Store", false, false, 4},
    };
    return cr_make_param_array(refused_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(refused_case *t, tracking_stock, refused_tracking)
{
    tresponse before13 = item_get(LAPTOP13), before15 = item_get(LAPTOP15), before_surge = item_get(SURGE);
    char body[2048];
    snprintf(body, sizeof body,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"%s\","
             "\"location_id\":\"" MAIN_WH "\",\"line_items\":%s}", t->is_value ? "value" : "quantity", t->lines);
    tresponse r = treq("POST", ADJ ORG, JOHN, body);
    cr_assert_eq(r.status, 400, "%s -> %s", t->lines, r.body);
    cr_assert_eq(tjson_num(r.json, "code"), t->code, "%s", r.body);
    const char *msg = tjson_str(r.json, "message");
    if (t->exact) cr_assert_str_eq(msg, t->message);
    else cr_assert(msg && strstr(msg, t->message), "message lacks \"%s\": %s", t->message, r.body);
    tresponse_free(&r);

    cr_assert_eq(adjustments_total(), 0);
    tresponse after13 = item_get(LAPTOP13), after15 = item_get(LAPTOP15), after_surge = item_get(SURGE);
    cr_assert_str_eq(after13.body, before13.body);
    cr_assert_str_eq(after15.body, before15.body);
    cr_assert_str_eq(after_surge.body, before_surge.body);
    tresponse_free(&before13); tresponse_free(&before15); tresponse_free(&before_surge);
    tresponse_free(&after13); tresponse_free(&after15); tresponse_free(&after_surge);
}

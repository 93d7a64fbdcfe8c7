/* stock_order_moves.c -- the stock transfer orders, move orders and putaways move: between locations, between bins, with serials and batches */
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/record_ids.h"
#include "inventory/stock_lines.h"
#include "inventory/warehouse.h"
#include "util/json.h"

/* How it works. Each line moves its quantity out of one side and into the
 * other (stock_lines.h), both figures, in the state the order's status
 * says:
 *   transfer order  in_transit: out of from_location_id (the stock is on
 *                   its way, in neither location); transferred: out of it
 *                   and into to_location_id. draft, pending_approval,
 *                   approved, rejected: nothing.
 *   move order      completed: from its from_storages (else the location's
 *                   stock outside bins) to its to_storages, one location.
 *   putaway         from the moment it exists: from the location's stock
 *                   outside bins (or the line's from_storages) into its
 *                   storages.
 * A move order's or putaway's line that names no bin at all moves nothing.
 * The engine moves the difference whenever an order changes, so deleting
 * one gives back exactly what its status had moved. */

/* What the lines of each order keep beyond the documented record line. */
const char *const stock_order_line_detail[] = {"serial_numbers", "batches", "from_storages", "to_storages",
                                               "storages", NULL};

/* ------------------------------------------------------- the two sides */

static const char *line_item(const cJSON *line, char buf[ID_LEN])
{
    return rec_id(line, "item_id", buf);
}

static stock_side transfer_side(const cJSON *rec, const cJSON *line, bool leaving, char item[ID_LEN])
{
    stock_side s = {
        .item_id = line_item(line, item),
        .location_id = rec_str(rec, leaving ? "from_location_id" : "to_location_id"),
        .quantity = rec_num(line, "quantity_transfer"),
        .bins = json_get(line, leaving ? "from_storages" : "to_storages"),
        .bin_qty = leaving ? "out_quantity" : "in_quantity",
        .serials = json_get(line, "serial_numbers"),
        .batches = json_get(line, "batches"),
        .batch_qty = "out_quantity",
        .batch_bins = leaving ? "from_storages" : "to_storages",
        .batch_bin_qty = leaving ? "out_quantity" : "in_quantity",
        .batch_rename = leaving ? NULL : "batch_in_number",
    };
    return s;
}

/* A move order's or a putaway's side: one location, bins as listed. */
static stock_side bin_side(const cJSON *rec, const cJSON *line, const char *bins, const char *qty_field,
                           char item[ID_LEN], char loc[ID_LEN])
{
    stock_side s = {
        .item_id = line_item(line, item),
        .location_id = rec_id(rec, "location_id", loc),
        .quantity = rec_num(line, qty_field),
        .bins = bins ? json_get(line, bins) : NULL,
        .bin_qty = "quantity",
        .serials = json_get(line, "serial_numbers"),
        .batches = json_get(line, "batches"),
        .batch_qty = "in_quantity",
    };
    return s;
}

/* ------------------------------------------------------- transfer orders */

bool transferorders_check_stock(zm_ctx *x, cJSON *record)
{
    cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(record, "line_items")) {
        char item[ID_LEN];
        stock_side out = transfer_side(record, l, true, item), in = transfer_side(record, l, false, item);
        cJSON *batches = cJSON_GetObjectItemCaseSensitive(l, "batches");
        if (!stock_side_check(x, &out, batches) || !stock_side_check(x, &in, batches)) return false;
    }
    return true;
}

void transferorders_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    (void)x;
    const char *status = rec_str(record, "status");
    bool left = !strcmp(status, "in_transit") || !strcmp(status, "transferred");
    bool arrived = !strcmp(status, "transferred");
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        char item[ID_LEN];
        stock_side from = transfer_side(record, l, true, item), to = transfer_side(record, l, false, item);
        if (left) stock_side_moves(&from, -1, out);
        if (arrived) stock_side_moves(&to, +1, out);
    }
}

/* --------------------------------------------- move orders and putaways */

/* The bins a putaway's stock leaves: its from_storages when the line names
 * them (the mock's addition), else none. */
static const char *const putaway_sides[2] = {"from_storages", "storages"};
static const char *const move_sides[2] = {"from_storages", "to_storages"};

static bool check_bin_sides(zm_ctx *x, cJSON *record, const char *const sides[2])
{
    cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(record, "line_items")) {
        char item[ID_LEN], loc[ID_LEN];
        cJSON *batches = cJSON_GetObjectItemCaseSensitive(l, "batches");
        for (int k = 0; k < 2; k++) {
            stock_side s = bin_side(record, l, sides[k], "quantity_transferred", item, loc);
            if (!stock_side_check(x, &s, batches)) return false;
        }
    }
    return true;
}

static void bin_moves(const cJSON *record, const char *const sides[2], zm_stock_moves *out)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        char item[ID_LEN], loc[ID_LEN];
        stock_side from = bin_side(record, l, sides[0], "quantity_transferred", item, loc);
        stock_side to = bin_side(record, l, sides[1], "quantity_transferred", item, loc);
        if (!cJSON_GetArraySize(from.bins) && !cJSON_GetArraySize(to.bins)) continue;    /* no bin named: nothing moves */
        stock_side_moves(&from, -1, out);
        stock_side_moves(&to, +1, out);
    }
}

bool moveorders_check_stock(zm_ctx *x, cJSON *record)
{
    return check_bin_sides(x, record, move_sides);
}

void moveorders_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    (void)x;
    if (!strcmp(rec_str(record, "status"), "completed")) bin_moves(record, move_sides, out);
}

bool putaways_check_stock(zm_ctx *x, cJSON *record)
{
    return check_bin_sides(x, record, putaway_sides);
}

void putaways_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    (void)x;
    bin_moves(record, putaway_sides, out);
}

/* bundles.c -- bundles (assemblies): a composite item made from its parts, the stock it consumes and adds, their statuses and filters */
#include <stdio.h>
#include <string.h>

#include "inventory/date_views.h"
#include "inventory/engine_impl.h"
#include "inventory/items.h"
#include "inventory/purchases.h"
#include "inventory/record_ids.h"
#include "inventory/stock_lines.h"
#include "util/json.h"

/* How it works. A bundle assembles quantity_to_bundle of a composite item
 * at its location (location_id or warehouse_id, else the primary one).
 * Each line consumes a part: quantity_consumed per composite (Zoho's
 * "quantity of item to be assembled"), so quantity_consumed x
 * quantity_to_bundle in all, unless the line sends its
 * total_quantity_consumed; at the line's location_id, else the bundle's.
 * Once bundled (at creation with "status": "bundled" or is_completed, or
 * by POST .../bundled) the parts leave (both figures, their bins, serials
 * and batches as the line names them: storages, serial_numbers, batches)
 * and the composite arrives (finished_product_storages,
 * finished_product_serial_numbers, finished_product_batches): the moves
 * hook below, applied by the engine, so deleting a bundled bundle takes
 * the composite back out and gives the parts back. A bundled bundle
 * cannot be edited. */

static const char *const line_detail[] = {"serial_numbers", "batches", "storages", "total_quantity_consumed", NULL};
static const char *const finished_detail[] = {"finished_product_serial_numbers", "finished_product_batches",
                                              "finished_product_storages", NULL};

/* ------------------------------------------------------------ the sides */

/* A bundle's side: its bins and batches count in `qty` (out_quantity for
 * the parts, in_quantity for the composite), a batch's own bins are its
 * "storages". */
static stock_side side(const char *item_id, const char *location_id, double quantity, const cJSON *bins,
                       const cJSON *serials, const cJSON *batches, const char *qty)
{
    stock_side s = {item_id, location_id, quantity, bins, qty, serials, batches, qty, "storages", qty, NULL};
    return s;
}

static stock_side part_side(const cJSON *line, char item[ID_LEN])
{
    return side(rec_id(line, "item_id", item), rec_str(line, "location_id"), rec_num(line, "total_quantity_consumed"),
                json_get(line, "storages"), json_get(line, "serial_numbers"), json_get(line, "batches"), "out_quantity");
}

static stock_side finished_side(const cJSON *bundle)
{
    return side(rec_str(bundle, "composite_item_id"), rec_str(bundle, "location_id"),
                rec_num(bundle, "quantity_to_bundle"), json_get(bundle, "finished_product_storages"),
                json_get(bundle, "finished_product_serial_numbers"), json_get(bundle, "finished_product_batches"),
                "in_quantity");
}

/* --------------------------------------------------------------- check */

static bool status_of_new(zm_ctx *x, cJSON *record, const cJSON *body)
{
    static const char *const statuses[] = {"draft", "confirmed", "bundled", NULL};
    const char *sent = rec_str(body, "status");
    if (!*sent) {
        rec_set_str(record, "status", cJSON_IsTrue(json_get(body, "is_completed")) ? "bundled" : "draft");
        return true;
    }
    for (size_t i = 0; statuses[i]; i++) {
        if (!strcmp(statuses[i], sent)) {
            rec_set_str(record, "status", sent);
            return true;
        }
    }
    reply_error(x->rep, ZE_INVALID_FIELD, "status");
    return false;
}

/* Where the bundle (or a line of it) is: its location_id, else its
 * warehouse_id, else `fallback`, else the primary location; both names set. */
static bool place(zm_ctx *x, cJSON *obj, const char *fallback)
{
    if (!*rec_str(obj, "location_id") && *rec_str(obj, "warehouse_id"))
        rec_set_str(obj, "location_id", rec_str(obj, "warehouse_id"));
    if (!purch_place_line(x, obj, fallback)) return false;
    rec_set_str(obj, "warehouse_id", rec_str(obj, "location_id"));
    rec_set_str(obj, "warehouse_name", rec_str(obj, "location_name"));
    return true;
}

/* A part line: an item, a positive quantity, a location, what it consumes in all. */
static bool part_line(zm_ctx *x, const cJSON *record, cJSON *line)
{
    char item_id[ID_LEN];
    const zm_item *it = org_find_item(x->org, rec_id(line, "item_id", item_id));
    if (!it || !module_find(x, "items", item_id)) {
        reply_error(x->rep, ZE_INVALID_FIELD, "item_id");
        return false;
    }
    static const char *const names[] = {"name", "sku", "unit"};
    const char *values[] = {it->name, it->sku, it->unit};
    for (size_t k = 0; k < 3; k++)
        if (!*rec_str(line, names[k])) rec_set_str(line, names[k], values[k]);
    double per_unit = rec_num(line, "quantity_consumed");
    if (!(per_unit > 0) || per_unit > 1e12) {
        reply_error(x->rep, ZE_INVALID_FIELD, "quantity_consumed");
        return false;
    }
    if (!(rec_num(line, "total_quantity_consumed") > 0))
        rec_set_num(line, "total_quantity_consumed", per_unit * rec_num(record, "quantity_to_bundle"));
    if (!place(x, line, rec_str(record, "location_id"))) return false;
    char part[ID_LEN];
    stock_side s = part_side(line, part);
    return stock_side_check(x, &s, cJSON_GetObjectItemCaseSensitive(line, "batches"));
}

bool bundles_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    zm_doc *composite = module_find(x, "compositeitems", rec_str(record, "composite_item_id"));
    if (!composite) {
        reply_error(x->rep, ZE_INVALID_FIELD, "composite_item_id");
        return false;
    }
    if (existing && !strcmp(rec_str(existing->json, "status"), "bundled") && x->op->kind == OP_UPDATE) {
        reply_error(x->rep, ZE_STATUS_MOVE, "Bundle", "updated", "bundled");
        return false;
    }
    if (!*rec_str(record, "composite_item_name")) rec_set_str(record, "composite_item_name", rec_str(composite->json, "name"));
    if (!*rec_str(record, "composite_item_sku")) rec_set_str(record, "composite_item_sku", rec_str(composite->json, "sku"));
    double quantity = rec_num(record, "quantity_to_bundle");
    if (!(quantity > 0) || quantity > 1e12) {
        reply_error(x->rep, ZE_INVALID_FIELD, "quantity_to_bundle");
        return false;
    }
    if (existing && *rec_str(body, "status") && x->op->kind == OP_UPDATE) {
        reply_error(x->rep, ZE_INVALID_FIELD, "status");
        return false;
    }
    if (!existing && !status_of_new(x, record, body)) return false;
    if (x->op->kind == OP_CREATE || x->op->kind == OP_UPDATE) {
        stock_lines_keep(record, body, line_detail);
        for (size_t i = 0; finished_detail[i]; i++) {
            const cJSON *v = json_get(body, finished_detail[i]);
            if (v && !cJSON_IsNull(v)) json_set(record, finished_detail[i], cJSON_Duplicate(v, true));
        }
    }
    if (!place(x, record, NULL) || !purch_check_accounts(x, record)) return false;
    cJSON *lines = cJSON_GetObjectItemCaseSensitive(record, "line_items"), *l;
    if (!cJSON_GetArraySize(lines)) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "line_items");
        return false;
    }
    cJSON_ArrayForEach(l, lines)
        if (!part_line(x, record, l)) return false;
    rec_set_bool(record, "is_completed", !strcmp(rec_str(record, "status"), "bundled"));
    stock_side done = finished_side(record);
    return stock_side_check(x, &done, cJSON_GetObjectItemCaseSensitive(record, "finished_product_batches"));
}

/* --------------------------------------------------------------- moves */

void bundles_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    (void)x;
    if (strcmp(rec_str(record, "status"), "bundled") != 0) return;
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        char part[ID_LEN];
        stock_side s = part_side(l, part);
        stock_side_moves(&s, -1, out);
    }
    stock_side done = finished_side(record);
    stock_side_moves(&done, +1, out);
}

/* ------------------------------------------------------------- filters */

int bundles_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    const cJSON *r = d->json;
    if (!strcmp(param, "filter_by")) {
        if (!strncmp(value, "WorkOrderDate.", 14)) return date_view_keeps(x->org, rec_str(r, "date"), value + 14) == 1;
        if (!strcmp(value, "Status.Pending")) return !strcmp(rec_str(r, "status"), "draft");
        if (!strcmp(value, "Status.Built")) return !strcmp(rec_str(r, "status"), "bundled");
        return -1;
    }
    if (!strcmp(param, "item_id")) {
        const cJSON *l;
        cJSON_ArrayForEach(l, json_get(r, "line_items")) {
            char id[ID_LEN];
            if (!strcmp(rec_id(l, "item_id", id), value)) return 1;
        }
        return !strcmp(rec_str(r, "composite_item_id"), value);
    }
    if (!strcmp(param, "location_id") || !strcmp(param, "warehouse_id"))
        return !strcmp(rec_str(r, "location_id"), value) || !strcmp(rec_str(r, "warehouse_id"), value);
    return -1;
}

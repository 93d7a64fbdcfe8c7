/* deliverychallans.c -- delivery challans: goods sent without a sale, delivered, returned, and the return undone */
#include <stdio.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/json.h"

/* How it works. A challan is a draft until status/open; open ones are
 * delivered (status/delivered, and back with status/undelivered) and open
 * or delivered ones returned (status/returned, or in bulk with PUT
 * /deliverychallans/return). A return sets has_qty_returned and each
 * line's quantity_returned to its quantity; PUT /deliverychallans/undo/return
 * takes it back to the status it had before the return (kept in
 * `status_before_return`). Lines are completed like an order's (the
 * item's rate, totals, taxes).
 *
 * Stock. A challan records goods that leave for the customer without a
 * sale (Zoho: "Open -- the goods have been dispatched for delivery";
 * "Returned -- the goods that were dispatched have been returned"). So an
 * open or delivered challan takes the physical stock of its item lines
 * from their place (the line's location_id or warehouse_id, else the
 * challan's location_id, else the organization's first location, printed
 * as the line's warehouse_id and warehouse_name); a return gives back
 * what it returns (quantity_returned), undoing the return takes it again;
 * a draft takes nothing. Accounting stock is an invoice's to move, when
 * the goods are sold. */

/* Each item line's place, printed as its warehouse: the location_id the
 * line sends (the record keeps none), else its warehouse_id. */
static bool place_lines(zm_ctx *x, cJSON *record, const cJSON *body)
{
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) rec_set_str(l, "location_id", "");
    doc_keep_line_field(record, body, "location_id");
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        char warehouse[ID_LEN];
        snprintf(warehouse, sizeof warehouse, "%s", rec_str(l, "warehouse_id"));
        if (!*rec_str(l, "location_id")) rec_set_str(l, "location_id", warehouse);
    }
    if (!sales_place_lines(x, record, NULL, NULL)) return false;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        if (!*rec_str(l, "location_id")) continue;
        char id[ID_LEN];
        snprintf(id, sizeof id, "%s", rec_str(l, "location_id"));
        rec_set_str(l, "warehouse_id", id);
        rec_set_str(l, "warehouse_name", rec_str(l, "location_name"));
    }
    return true;
}

bool deliverychallans_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (sales_is_save(x)) {
        const char *status = existing ? rec_str(existing->json, "status") : "draft";
        if (!strcmp(status, "returned") || !strcmp(status, "void")) {
            reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, "edited", status);
            return false;
        }
        if (!sales_complete_lines(x, record, body) || !sales_check_template(x, record)) return false;
        if (!place_lines(x, record, body)) return false;
    }
    bool returning = doc_is_action(x, "status/returned") || doc_is_action(x, "return");
    if (returning && existing) rec_set_str(record, "status_before_return", rec_str(existing->json, "status"));
    if (doc_is_action(x, "undo/return")) {
        const char *back = rec_str(record, "status_before_return");
        rec_set_str(record, "status", *back ? back : "open");
        rec_set_str(record, "status_before_return", "");
    }
    if (returning || doc_is_action(x, "undo/return")) {
        rec_set_bool(record, "has_qty_returned", returning);
        cJSON *l;
        cJSON_ArrayForEach(l, json_get(record, "line_items"))
            rec_set_num(l, "quantity_returned", returning ? rec_num(l, "quantity") : 0);
    }
    return true;
}

void deliverychallans_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    const char *status = rec_str(record, "status");
    if (strcmp(status, "open") != 0 && strcmp(status, "delivered") != 0 && strcmp(status, "returned") != 0) return;
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        const char *item_id = rec_str(l, "item_id"), *location_id = rec_str(l, "location_id");
        double out_there = rec_num(l, "quantity") - rec_num(l, "quantity_returned");
        if (*location_id && out_there > DOC_EPSILON && sales_item_stocked(x, item_id))
            moves_add(out, item_id, location_id, "", -out_there, 0, 0);
    }
}

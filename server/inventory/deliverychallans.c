/* deliverychallans.c -- delivery challans: goods sent without a sale, delivered, returned, and the return undone */
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
 * item's rate, totals, taxes). */

bool deliverychallans_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (sales_is_save(x)) {
        const char *status = existing ? rec_str(existing->json, "status") : "draft";
        if (!strcmp(status, "returned") || !strcmp(status, "void")) {
            reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, "edited", status);
            return false;
        }
        if (!sales_complete_lines(x, record, body) || !sales_check_template(x, record)) return false;
    }
    bool returning = sales_is_action(x, "status/returned") || sales_is_action(x, "return");
    if (returning && existing) rec_set_str(record, "status_before_return", rec_str(existing->json, "status"));
    if (sales_is_action(x, "undo/return")) {
        const char *back = rec_str(record, "status_before_return");
        rec_set_str(record, "status", *back ? back : "open");
        rec_set_str(record, "status_before_return", "");
    }
    if (returning || sales_is_action(x, "undo/return")) {
        rec_set_bool(record, "has_qty_returned", returning);
        cJSON *l;
        cJSON_ArrayForEach(l, json_get(record, "line_items"))
            rec_set_num(l, "quantity_returned", returning ? rec_num(l, "quantity") : 0);
    }
    return true;
}

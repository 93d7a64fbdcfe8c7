/* salesreturns.c -- sales returns of shipped order lines, and their receives */
#include <stdio.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/purchases.h"
#include "inventory/sales.h"
#include "util/json.h"

/* How it works. POST /salesreturns?salesorder_id= returns lines of a
 * confirmed (or closed) order (salesorder_item_id, quantity), no more of
 * a line than was shipped and not returned already; the return is
 * approved at once (salesreturn_status). POST
 * /salesreturnreceives?salesreturn_id= receives its lines (line_item_id:
 * the return's line), no more than returned less non_receive_quantity.
 * A return prints, from its receives and the credit notes crediting its
 * lines (salesreturn_item_id), receive_status (unreceived,
 * partially_received, received), refund_status (unrefunded,
 * partially_refunded, refunded), each line's quantity_received, and the
 * receives and credit notes themselves.
 *
 * Stock. A return moves none itself; its lines have their place (their
 * location_id, else the return's, else the order line's), and a receive
 * brings the physical stock of its lines back there, with the serial
 * numbers, bins (`storages`: storage_id, in_quantity) and batches
 * (batch_number, in_quantity, their `storages`) each line names; deleting
 * the receive takes it out again (refused when it has since left). What
 * is kept back (non_receive_quantity) never returns to stock. */

/* The location of the order line a return line returns. */
static const char *order_line_place(zm_ctx *x, const cJSON *line, const void *order)
{
    (void)x;
    return rec_str(doc_line(order, rec_str(line, "salesorder_item_id")), "location_id");
}

bool salesreturns_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    if (!sales_is_save(x)) return true;
    static const char *const returnable[] = {"confirmed", "closed", NULL};
    zm_doc *order = salesorders_source(x, record, existing, "returned", returnable);
    if (!order) return false;
    const char *id = rec_str(record, "salesreturn_id");
    double total = 0;
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        const char *so_line = rec_str(l, "salesorder_item_id");
        if (!*so_line) {
            reply_error(x->rep, ZE_PARAM_MANDATORY, "salesorder_item_id");
            return false;
        }
        const cJSON *ol = doc_line(order->json, so_line);
        if (!ol) return doc_invalid(x, "salesorder_item_id");
        if (*rec_str(l, "item_id") && strcmp(rec_str(l, "item_id"), rec_str(ol, "item_id")) != 0)
            return doc_invalid(x, "item_id");
        double q = rec_num(l, "quantity"), kept = rec_num(l, "non_receive_quantity");
        if (q <= 0) return doc_invalid(x, "quantity");
        if (kept < 0 || kept > q) return doc_invalid(x, "non_receive_quantity");
        double returned = sales_line_total(x, "salesreturns", "salesreturn_id", id, "salesorder_item_id", so_line);
        double shipped = rec_num(ol, "quantity_shipped");
        if (returned + q > shipped + DOC_EPSILON)
            return doc_refuse(x, "The quantity to return of %s (%g) is more than the %g shipped and not returned.",
                              rec_str(ol, "name"), q, shipped - returned);
        double received = sales_line_total(x, "salesreturnreceives", "receive_id", NULL, "line_item_id", rec_str(l, "line_item_id"));
        if (received > q - kept + DOC_EPSILON)
            return doc_refuse(x, "The quantity of %s cannot be less than the %g already received.",
                              rec_str(ol, "name"), received);
        static const char *const copied[] = {"item_id", "name", "description", "unit"};
        for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++)
            if (!*rec_str(l, copied[i])) rec_set_str(l, copied[i], rec_str(ol, copied[i]));
        if (rec_num(l, "rate") == 0) rec_set_num(l, "rate", rec_num(ol, "rate"));
        total += q;
    }
    if (!sales_place_lines(x, record, order_line_place, order->json)) return false;
    rec_set_str(record, "salesorder_id", order->id);
    rec_set_str(record, "salesorder_number", rec_str(order->json, "salesorder_number"));
    rec_set_str(record, "customer_id", rec_str(order->json, "customer_id"));
    rec_set_str(record, "customer_name", rec_str(order->json, "customer_name"));
    rec_set_num(record, "quantity", total);
    if (!existing) rec_set_str(record, "salesreturn_status", "approved");
    return true;
}

static bool referenced_by_credit_notes(zm_ctx *x, const cJSON *ret)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(ret, "line_items"))
        if (sales_line_total(x, "creditnotes", "creditnote_id", NULL, "salesreturn_item_id", rec_str(l, "line_item_id")) > 0)
            return true;
    return false;
}

static bool has_receives(zm_ctx *x, const char *salesreturn_id)
{
    zm_collection *c = doc_collection(x, "salesreturnreceives");
    for (size_t i = 0; c && i < c->docs.n; i++)
        if (!strcmp(rec_str(c->docs.v[i]->json, "salesreturn_id"), salesreturn_id)) return true;
    return false;
}

bool salesreturns_deleting(zm_ctx *x, const zm_doc *d)
{
    if (has_receives(x, d->id)) {
        reply_error(x->rep, ZE_IN_USE, x->mod->label, "it has receives");
        return false;
    }
    if (referenced_by_credit_notes(x, d->json)) {
        reply_error(x->rep, ZE_IN_USE, x->mod->label, "credit notes refund it");
        return false;
    }
    return true;
}

/* Receive and refund statuses, the receives and the credit notes. */
void salesreturns_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    double to_receive = 0, received = 0, returned = 0, refunded = 0;
    cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(out, "line_items")) {
        const char *line_id = rec_str(l, "line_item_id");
        double r = sales_line_total(x, "salesreturnreceives", "receive_id", NULL, "line_item_id", line_id);
        rec_set_num(l, "quantity_received", r);
        received += r;
        to_receive += rec_num(l, "quantity") - rec_num(l, "non_receive_quantity");
        returned += rec_num(l, "quantity");
        refunded += sales_line_total(x, "creditnotes", "creditnote_id", NULL, "salesreturn_item_id", line_id);
    }
    rec_set_str(out, "receive_status", sales_progress(received, to_receive, "unreceived", "partially_received", "received"));
    rec_set_str(out, "refund_status", sales_progress(refunded, returned, "unrefunded", "partially_refunded", "refunded"));
    cJSON *receives = cJSON_CreateArray(), *cns = cJSON_CreateArray();
    zm_collection *c = doc_collection(x, "salesreturnreceives");
    for (size_t i = 0; c && i < c->docs.n; i++) {
        const cJSON *r = c->docs.v[i]->json;
        if (strcmp(rec_str(r, "salesreturn_id"), d->id) != 0) continue;
        cJSON *e = cJSON_CreateObject();
        static const char *const fields[] = {"receive_id", "receive_number", "date", "notes"};
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
            cJSON_AddStringToObject(e, fields[k], rec_str(r, fields[k]));
        cJSON_AddItemToObject(e, "line_items", cJSON_Duplicate(json_get(r, "line_items"), true));
        cJSON_AddItemToArray(receives, e);
    }
    c = doc_collection(x, "creditnotes");
    for (size_t i = 0; c && i < c->docs.n; i++) {
        const cJSON *cn = c->docs.v[i]->json, *cl;
        bool refunds_it = false;
        cJSON_ArrayForEach(cl, json_get(cn, "line_items"))
            refunds_it = refunds_it || doc_line(d->json, rec_str(cl, "salesreturn_item_id")) != NULL;
        if (!refunds_it) continue;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "creditnote_id", c->docs.v[i]->id);
        cJSON_AddStringToObject(e, "creditnote_number", rec_str(cn, "creditnote_number"));
        cJSON_AddStringToObject(e, "status", rec_str(cn, "status"));
        cJSON_AddStringToObject(e, "date", rec_str(cn, "date"));
        cJSON_AddNumberToObject(e, "total", rec_num(cn, "total"));
        cJSON_AddItemToArray(cns, e);
    }
    json_set(out, "salesreturnreceives", receives);
    json_set(out, "creditnotes", cns);
}

/* -------------------------------------------------------------- receives */

bool salesreturnreceives_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    if (existing) return true;
    char ret_id[32];
    if (!sales_query_id(x, record, "salesreturn_id", ret_id, sizeof ret_id, true)) return false;
    zm_doc *ret = module_find(x, "salesreturns", ret_id);
    if (!ret) {
        reply_error(x->rep, ZE_INVALID_PARAM, "salesreturn_id");
        return false;
    }
    const char *id = rec_str(record, "salesreturnreceive_id");
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        const char *line_id = rec_str(l, "line_item_id");
        if (!*line_id) {
            reply_error(x->rep, ZE_PARAM_MANDATORY, "line_item_id");
            return false;
        }
        const cJSON *rl = doc_line(ret->json, line_id);
        if (!rl) return doc_invalid(x, "line_item_id");
        double q = rec_num(l, "quantity");
        if (q <= 0) return doc_invalid(x, "quantity");
        double before = sales_line_total(x, "salesreturnreceives", "receive_id", id, "line_item_id", line_id);
        double room = rec_num(rl, "quantity") - rec_num(rl, "non_receive_quantity") - before;
        if (q > room + DOC_EPSILON)
            return doc_refuse(x, "The quantity to receive of %s (%g) is more than the %g left to receive.",
                              rec_str(rl, "name"), q, room);
        static const char *const copied[] = {"item_id", "name", "description", "unit"};
        for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++)
            if (!*rec_str(l, copied[i])) rec_set_str(l, copied[i], rec_str(rl, copied[i]));
        /* Where it comes back: the return line's place (kept beside the documented fields). */
        rec_set_str(l, "location_id", rec_str(rl, "location_id"));
        if (sales_item_stocked(x, rec_str(l, "item_id")) && !purch_check_tracking(x, l)) return false;
    }
    rec_set_str(record, "receive_id", id);
    rec_set_str(record, "salesreturn_id", ret->id);
    rec_set_str(record, "salesreturn_number", rec_str(ret->json, "salesreturn_number"));
    return true;
}

void salesreturnreceives_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items"))
        if (*rec_str(l, "location_id") && sales_item_stocked(x, rec_str(l, "item_id"))) purch_line_moves(l, 1, out);
}

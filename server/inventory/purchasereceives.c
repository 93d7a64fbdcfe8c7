/* purchasereceives.c -- purchase receives: lines of an issued purchase order received into a location, its bins, serials and batches */
#include <stdio.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/purchases.h"
#include "util/json.h"

/* How it works. A receive belongs to one purchase order: `purchaseorder_id`
 * on the query string (as Zoho takes it) or in the body, else the order
 * whose line its first line names. Each line names
 * the order's line by its line_item_id (or, failing that, by item_id: the
 * first line of that item with something left to receive) and receives a
 * quantity of it, never more than the order has left. The stock arrives
 * at the order line's location (else the order's, else the organization's
 * first), in the bins, serials and batches the line names; deleting the
 * receive takes exactly that back out (refused when it has since left).
 * A receive made with "status": "draft" moves nothing until it is
 * submitted and approved. */

/* The order that has the line (the first receive line's line_item_id),
 * for a receive that names no order; "" when none does. */
static const char *order_with_line(zm_ctx *x, const cJSON *body)
{
    const char *line_id = rec_str(cJSON_GetArrayItem(json_get(body, "line_items"), 0), "line_item_id");
    zm_collection *c = docs_collection(x->org, module_by_name("purchaseorders")->slot);
    for (size_t i = 0; *line_id && i < c->docs.n; i++)
        if (doc_line(c->docs.v[i]->json, line_id)) return c->docs.v[i]->id;
    return "";
}

/* The order the receive belongs to: the existing one on update, else the
 * query's or the body's, else the one whose line the receive names. NULL
 * after replying. */
static zm_doc *order_of(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    char id[64] = "";
    if (existing) {
        snprintf(id, sizeof id, "%s", rec_str(existing->json, "purchaseorder_id"));
    } else {
        int n = request_query(x->req, "purchaseorder_id", id, sizeof id);
        if (n == -2 || (n >= 0 && !id_is_valid(id))) {
            reply_error(x->rep, ZE_INVALID_PARAM, "purchaseorder_id");
            return NULL;
        }
        if (n < 0) snprintf(id, sizeof id, "%s", rec_str(record, "purchaseorder_id"));
        if (!*id) snprintf(id, sizeof id, "%s", order_with_line(x, body));
    }
    if (!*id) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "purchaseorder_id");
        return NULL;
    }
    zm_doc *po = module_find(x, "purchaseorders", id);
    if (!po) {
        reply_error(x->rep, ZE_INVALID_FIELD, "purchaseorder_id");
        return NULL;
    }
    return po;
}

/* The order's line a receive line names (sent: the body's line, NULL
 * when the body sent no lines); NULL after replying. */
static const cJSON *order_line(zm_ctx *x, const zm_doc *po, const cJSON *line, const cJSON *sent, const char *receive_id)
{
    /* A line the client sent without line_item_id got a fresh one when merged. */
    const char *line_id = rec_str(sent ? sent : line, "line_item_id");
    if (*line_id) {
        const cJSON *l = doc_line(po->json, line_id);
        if (!l) doc_invalid(x, "line_item_id");
        return l;
    }
    const char *item_id = rec_str(line, "item_id");
    if (!*item_id) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "line_item_id");
        return NULL;
    }
    const cJSON *l, *first = NULL;
    cJSON_ArrayForEach(l, json_get(po->json, "line_items")) {
        if (strcmp(rec_str(l, "item_id"), item_id) != 0) continue;
        if (!first) first = l;
        double left = rec_num(l, "quantity") - purchaseorders_received(x, po->id, rec_str(l, "line_item_id"), receive_id);
        if (left > DOC_EPSILON) return l;
    }
    if (!first) doc_invalid(x, "item_id");
    return first;
}

bool purchasereceives_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) return true;
    zm_doc *po = order_of(x, record, body, existing);
    if (!po) return false;
    if (!existing && !purchaseorders_open(po->json))
        return doc_refuse(x, "Purchase receives can be recorded only for issued purchase orders: %s is %s.",
                          rec_str(po->json, "purchaseorder_number"), rec_str(po->json, "status"));
    const char *self = existing ? existing->id : NULL;
    purch_draft_on_request(x, record, body);
    rec_set_str(record, "purchaseorder_id", po->id);
    rec_set_str(record, "purchaseorder_number", rec_str(po->json, "purchaseorder_number"));
    rec_set_str(record, "vendor_id", rec_str(po->json, "vendor_id"));
    rec_set_str(record, "vendor_name", rec_str(po->json, "vendor_name"));
    cJSON *lines = cJSON_GetObjectItemCaseSensitive(record, "line_items"), *l;
    if (cJSON_GetArraySize(lines) == 0) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "line_items");
        return false;
    }
    const cJSON *sent = json_get(body, "line_items");
    int i = 0;
    cJSON_ArrayForEach(l, lines) {
        const cJSON *ol = order_line(x, po, l, cJSON_IsArray(sent) ? cJSON_GetArrayItem(sent, i++) : NULL, self);
        if (!ol) return false;
        const char *line_id = rec_str(ol, "line_item_id");
        for (const cJSON *other = lines->child; other != l; other = other->next)
            if (!strcmp(rec_str(other, "line_item_id"), line_id)) return doc_invalid(x, "line_item_id");
        rec_set_str(l, "line_item_id", line_id);
        rec_set_str(l, "item_id", rec_str(ol, "item_id"));
        rec_set_str(l, "name", rec_str(ol, "name"));
        rec_set_str(l, "unit", rec_str(ol, "unit"));
        if (!*rec_str(l, "description")) rec_set_str(l, "description", rec_str(ol, "description"));
        double q = rec_num(l, "quantity");
        if (!(q > 0) || q > 1e12) return doc_invalid(x, "quantity");
        double left = rec_num(ol, "quantity") - purchaseorders_received(x, po->id, line_id, self);
        if (q > left + DOC_EPSILON) return doc_refuse(x, "Quantity recorded cannot be more than quantity ordered.");
        const char *where = rec_str(ol, "location_id");
        if (!*where) where = rec_str(po->json, "location_id");
        /* The place is the order's, decided once: later edits of the order
         * do not move what was received. */
        cJSON *placed = cJSON_CreateObject();
        cJSON_AddStringToObject(placed, "location_id", existing && *rec_str(l, "location_id") ? rec_str(l, "location_id") : where);
        bool ok = purch_place_line(x, placed, NULL);
        if (ok) {
            rec_set_str(l, "location_id", rec_str(placed, "location_id"));
            rec_set_str(l, "location_name", rec_str(placed, "location_name"));
        }
        cJSON_Delete(placed);
        if (!ok || !purch_check_tracking(x, l)) return false;
    }
    return true;
}

void purchasereceives_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    (void)x;
    if (strcmp(rec_str(record, "status"), "received") != 0) return;
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) purch_line_moves(l, 1, out);
}

bool purchasereceives_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    doc_view view = {"purchasereceives", id, after};
    const char *po = rec_str(after ? after : before, "purchaseorder_id");
    purchaseorders_refresh(x, po, &view);
    return true;
}

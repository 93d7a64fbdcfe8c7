/* shipments.c -- shipment orders: shipping a sales order's packages, and delivering them */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/alloc.h"
#include "util/json.h"

/* How it works. POST /shipmentorders?package_ids=a,b&salesorder_id= ships
 * not_shipped packages of one sales order: the shipment's lines are the
 * packages' lines (priced from the order), its status "shipped"; the
 * packages become shipped and print the shipment (shipment_order), and
 * the order's shipped quantities follow. status/delivered makes the
 * shipment and its packages delivered. Deleting the shipment puts its
 * packages back to not_shipped. The shipment keeps the ids of its
 * packages in `packages` ([{package_id, package_number}], as Zoho's
 * shipment prints them). */

/* The ids of ?package_ids= (else of the record's `packages`, as fixtures
 * give them), each a package of the order that is free to ship (or
 * already in this shipment). NULL after replying. */
static cJSON *shipped_packages(zm_ctx *x, const char *salesorder_id, const char *shipment_id, char *order_out,
                               const cJSON *record_packages)
{
    char ids[4096];
    int n = request_query(x->req, "package_ids", ids, sizeof ids);
    if (n == -1 && record_packages) {
        /* Fixtures name them in the record. */
        size_t k = 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, record_packages)
            if (k < sizeof ids) k += (size_t)snprintf(ids + k, sizeof ids - k, "%s%s", k ? "," : "", rec_str(e, "package_id"));
        n = k < sizeof ids ? (int)k : -2;
    }
    if (n <= 0) {
        reply_error(x->rep, n == -2 ? ZE_INVALID_PARAM : ZE_PARAM_MANDATORY, "package_ids");
        return NULL;
    }
    cJSON *out = cJSON_CreateArray();
    char *save = NULL;
    for (char *tok = strtok_r(ids, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        if (!*tok) continue;
        zm_doc *p = id_is_valid(tok) ? module_find(x, "packages", tok) : NULL;
        if (!p) {
            cJSON_Delete(out);
            reply_error(x->rep, ZE_INVALID_PARAM, "package_ids");
            return NULL;
        }
        const char *so = rec_str(p->json, "salesorder_id");
        if ((*salesorder_id && strcmp(so, salesorder_id) != 0) || (*order_out && strcmp(so, order_out) != 0)) {
            cJSON_Delete(out);
            doc_refuse(x, "The package %s is not of the sales order of this shipment.",
                       rec_str(p->json, "package_number"));
            return NULL;
        }
        snprintf(order_out, 32, "%s", so);
        const char *in = rec_str(json_get(p->json, "shipment_order"), "shipment_id");
        if (strcmp(rec_str(p->json, "status"), "not_shipped") != 0 && strcmp(in, shipment_id) != 0) {
            cJSON_Delete(out);
            reply_error(x->rep, ZE_STATUS_MOVE, "Package", "shipped", rec_str(p->json, "status"));
            return NULL;
        }
        bool twice = false;
        const cJSON *e;
        cJSON_ArrayForEach(e, out) twice = twice || !strcmp(rec_str(e, "package_id"), p->id);
        if (twice) continue;
        cJSON *e2 = cJSON_CreateObject();
        cJSON_AddStringToObject(e2, "package_id", p->id);
        cJSON_AddStringToObject(e2, "package_number", rec_str(p->json, "package_number"));
        cJSON_AddItemToArray(out, e2);
    }
    if (!cJSON_GetArraySize(out)) {
        cJSON_Delete(out);
        reply_error(x->rep, ZE_PARAM_MANDATORY, "package_ids");
        return NULL;
    }
    return out;
}

/* The shipment's lines: every package line, priced from its order line. */
static void fill_lines(zm_ctx *x, cJSON *record, const cJSON *order)
{
    cJSON *lines = cJSON_CreateArray();
    double sub_total = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(record, "packages")) {
        zm_doc *p = module_find(x, "packages", rec_str(e, "package_id"));
        const cJSON *pl;
        cJSON_ArrayForEach(pl, (p ? json_get(p->json, "line_items") : NULL)) {
            const cJSON *ol = doc_line(order, rec_str(pl, "so_line_item_id"));
            cJSON *l = cJSON_CreateObject();
            cJSON_AddStringToObject(l, "item_id", rec_str(pl, "item_id"));
            cJSON_AddStringToObject(l, "line_item_id", rec_str(pl, "line_item_id"));
            cJSON_AddStringToObject(l, "so_line_item_id", rec_str(pl, "so_line_item_id"));
            cJSON_AddStringToObject(l, "package_id", p->id);
            cJSON_AddStringToObject(l, "name", rec_str(pl, "name"));
            cJSON_AddStringToObject(l, "description", rec_str(pl, "description"));
            cJSON_AddNumberToObject(l, "item_order", cJSON_GetArraySize(lines));
            double rate = rec_num(ol, "rate"), q = rec_num(pl, "quantity");
            cJSON_AddNumberToObject(l, "bcy_rate", rate);
            cJSON_AddNumberToObject(l, "rate", rate);
            cJSON_AddNumberToObject(l, "quantity", q);
            cJSON_AddStringToObject(l, "unit", rec_str(pl, "unit"));
            cJSON_AddStringToObject(l, "tax_id", rec_str(ol, "tax_id"));
            cJSON_AddStringToObject(l, "tax_name", rec_str(ol, "tax_name"));
            cJSON_AddStringToObject(l, "tax_type", rec_str(ol, "tax_type"));
            cJSON_AddNumberToObject(l, "tax_percentage", rec_num(ol, "tax_percentage"));
            cJSON_AddNumberToObject(l, "item_total", doc_round(rate * q));
            cJSON_AddBoolToObject(l, "is_invoiced", cJSON_IsTrue(json_get(pl, "is_invoiced")));
            static const char *const tracking[] = {"location_id", "serial_numbers", "storages", "batches"};
            for (size_t k = 0; k < sizeof tracking / sizeof tracking[0]; k++) {
                const cJSON *v = json_get(pl, tracking[k]);
                if (v) cJSON_AddItemToObject(l, tracking[k], cJSON_Duplicate(v, true));
            }
            cJSON_AddItemToArray(lines, l);
            sub_total += rate * q;
        }
    }
    json_set(record, "line_items", lines);
    rec_set_num(record, "sub_total", doc_round(sub_total));
    rec_set_num(record, "total", doc_round(sub_total + rec_num(record, "shipping_charge")));
}

static bool query_present(zm_ctx *x, const char *name)
{
    char buf[2];
    return request_query(x->req, name, buf, sizeof buf) != -1;
}

bool shipments_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (doc_is_action(x, "status/delivered")) rec_set_str(record, "detailed_status", "delivered");
    if (!sales_is_save(x)) return true;
    bool repack = !existing || query_present(x, "package_ids");
    if (existing && repack && !strcmp(rec_str(existing->json, "status"), "delivered"))
        return doc_refuse(x, "The packages of a delivered shipment cannot be changed.");
    char so_query[32];
    int n = request_query(x->req, "salesorder_id", so_query, sizeof so_query);
    if (n == -2 || (n > 0 && !id_is_valid(so_query))) {
        reply_error(x->rep, ZE_INVALID_PARAM, "salesorder_id");
        return false;
    }
    if (n < 0) so_query[0] = '\0';
    const char *shipment_id = rec_str(record, "shipment_id");
    char order_id[32] = "";
    if (existing) snprintf(order_id, sizeof order_id, "%s", rec_str(existing->json, "salesorder_id"));
    if (repack) {
        const cJSON *named = json_get(record, "packages");
        if (!named) named = json_get(body, "packages");
        cJSON *pkgs = shipped_packages(x, so_query, shipment_id, order_id, existing ? NULL : named);
        if (!pkgs) return false;
        json_set(record, "packages", pkgs);
    }
    zm_doc *order = module_find(x, "salesorders", order_id);
    if (!order) {
        reply_error(x->rep, ZE_INVALID_PARAM, "salesorder_id");
        return false;
    }
    rec_set_str(record, "salesorder_id", order->id);
    rec_set_str(record, "salesorder_number", rec_str(order->json, "salesorder_number"));
    rec_set_str(record, "customer_id", rec_str(order->json, "customer_id"));
    rec_set_str(record, "customer_name", rec_str(order->json, "customer_name"));
    static const char *const copied[] = {"currency_id", "currency_code", "currency_symbol"};
    for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++)
        rec_set_str(record, copied[i], rec_str(order->json, copied[i]));
    if (!existing) rec_set_str(record, "detailed_status", "shipped");
    fill_lines(x, record, order->json);
    return true;
}

static bool listed(const cJSON *shipment, const char *package_id)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(shipment, "packages"))
        if (!strcmp(rec_str(e, "package_id"), package_id)) return true;
    return false;
}

/* A package as its shipment leaves it (shipment NULL: not shipped), kept
 * through the package's hooks, so what a package moves in stock can
 * follow its status. False after a hook refused. */
static bool ship_package(zm_ctx *x, zm_doc *p, const cJSON *shipment)
{
    cJSON *after = cJSON_Duplicate(p->json, true);
    cJSON *so = cJSON_GetObjectItemCaseSensitive(after, "shipment_order");
    if (!cJSON_IsObject(so)) {
        so = cJSON_CreateObject();
        json_set(after, "shipment_order", so);
    }
    const char *status = shipment ? rec_str(shipment, "status") : "";
    rec_set_str(so, "shipment_id", shipment ? rec_str(shipment, "shipment_id") : "");
    rec_set_str(so, "shipment_number", shipment ? rec_str(shipment, "shipment_number") : "");
    rec_set_str(so, "status", status);
    rec_set_str(so, "detailed_status", shipment ? rec_str(shipment, "detailed_status") : "");
    rec_set_str(so, "tracking_number", shipment ? rec_str(shipment, "tracking_number") : "");
    rec_set_str(so, "delivery_method", shipment ? rec_str(shipment, "delivery_method") : "");
    rec_set_str(so, "delivery_method_id", shipment ? rec_str(shipment, "delivery_method_id") : "");
    rec_set_str(so, "carrier", shipment ? rec_str(shipment, "carrier") : "");
    rec_set_str(so, "service", shipment ? rec_str(shipment, "service") : "");
    rec_set_str(so, "shipping_date", shipment ? rec_str(shipment, "date") : "");
    rec_set_str(so, "notes", shipment ? rec_str(shipment, "notes") : "");
    rec_set_num(so, "shipment_rate", shipment ? rec_num(shipment, "shipping_charge") : 0);
    rec_set_num(so, "delivery_days", shipment ? rec_num(shipment, "delivery_days") : 0);
    rec_set_bool(so, "delivery_guarantee", false);
    rec_set_str(after, "status", shipment ? status : "not_shipped");
    rec_set_str(after, "tracking_number", rec_str(so, "tracking_number"));
    rec_set_str(after, "delivery_method", rec_str(so, "delivery_method"));
    rec_set_str(after, "shipment_date", rec_str(so, "shipping_date"));
    if (cJSON_Compare(after, p->json, true)) {
        cJSON_Delete(after);
        return true;
    }
    return sales_commit(x, "packages", p, after);
}

/* The packages follow their shipment, and through them the order (the
 * stock that leaves with a shipment belongs in the packages' or the
 * shipment's `moves`). */
bool shipments_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    (void)id;
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(before, "packages")) {
        zm_doc *p = module_find(x, "packages", rec_str(e, "package_id"));
        if (p && !listed(after, p->id) && !ship_package(x, p, NULL)) return false;
    }
    cJSON_ArrayForEach(e, json_get(after, "packages")) {
        zm_doc *p = module_find(x, "packages", rec_str(e, "package_id"));
        if (p && !ship_package(x, p, after)) return false;
    }
    return true;
}

void shipments_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) sales_shipped_moves(x, l, out);
}

static bool of_order(const cJSON *rec, const void *salesorder_id)
{
    return !strcmp(rec_str(rec, "salesorder_id"), salesorder_id);
}

/* Refused while the order's returns return more of a line than the
 * other shipments ship. */
bool shipments_deleting(zm_ctx *x, const zm_doc *d)
{
    const char *salesorder_id = rec_str(d->json, "salesorder_id");
    const cJSON *l;
    bool needed = false;
    cJSON_ArrayForEach(l, json_get(d->json, "line_items")) {
        const char *so_line = rec_str(l, "so_line_item_id");
        double left = sales_line_total(x, "shipmentorders", "shipment_id", d->id, "so_line_item_id", so_line);
        double returned = sales_line_total(x, "salesreturns", "salesreturn_id", NULL, "salesorder_item_id", so_line);
        needed = needed || returned > left + DOC_EPSILON;
    }
    if (!needed) return true;
    char returns[256], what[96], why[320];
    sales_numbers_of(x, "salesreturns", "salesreturn_number", of_order, salesorder_id, returns, sizeof returns);
    snprintf(what, sizeof what, "The shipment %s", rec_str(d->json, "shipment_number"));
    snprintf(why, sizeof why, "sales returns %s return what it shipped", returns);
    reply_error(x->rep, ZE_IN_USE, what, why);
    return false;
}

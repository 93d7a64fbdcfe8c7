/* salesorders.c -- sales orders: lines, fulfilment figures from packages and invoices, statuses, what blocks a void or delete */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/json.h"

/* How it works. An order line's quantity_packed, quantity_shipped and
 * quantity_invoiced are what its packages (so_line_item_id), their
 * shipments and the invoices billing it (salesorder_item_id) add up to;
 * the order prints their sums and, as Zoho's API does beside `status`,
 * shipped_status (pending, partially_shipped, shipped, fulfilled once
 * delivered), invoiced_status (not_invoiced, partially_invoiced,
 * invoiced) and paid_status. A confirmed order that is fully shipped and
 * fully invoiced is closed (Zoho's "both" closing preference), and opens
 * again when that stops being true.
 *
 * Stock. Each item line has its place (its location_id, else the order's,
 * else the organization's first location). While the order is confirmed,
 * what its lines have not shipped yet is committed there (the `moves`
 * hook): confirming commits it, shipping releases what ships, voiding
 * (or closing) releases the rest; a draft commits nothing. A packed
 * line's place does not change any more. */

typedef struct fulfilment {
    const char *salesorder_id;
    cJSON *order;
    bool any_package, all_delivered;
    int invoices;
    double invoiced_total, invoiced_balance;
} fulfilment;

static void count_package(const cJSON *pkg, void *arg)
{
    fulfilment *f = arg;
    if (strcmp(rec_str(pkg, "salesorder_id"), f->salesorder_id) != 0) return;
    const char *status = rec_str(pkg, "status");
    bool shipped = !strcmp(status, "shipped") || !strcmp(status, "delivered");
    f->any_package = true;
    if (strcmp(status, "delivered") != 0) f->all_delivered = false;
    const cJSON *pl;
    cJSON_ArrayForEach(pl, json_get(pkg, "line_items")) {
        cJSON *line = doc_line(f->order, rec_str(pl, "so_line_item_id"));
        if (!line) continue;
        double q = rec_num(pl, "quantity");
        rec_set_num(line, "quantity_packed", rec_num(line, "quantity_packed") + q);
        if (shipped) rec_set_num(line, "quantity_shipped", rec_num(line, "quantity_shipped") + q);
    }
}

static void count_invoice(const cJSON *inv, void *arg)
{
    fulfilment *f = arg;
    if (!strcmp(rec_str(inv, "status"), "void")) return;
    bool bills_it = false;
    const cJSON *il;
    cJSON_ArrayForEach(il, json_get(inv, "line_items")) {
        cJSON *line = doc_line(f->order, rec_str(il, "salesorder_item_id"));
        if (!line) continue;
        bills_it = true;
        rec_set_num(line, "quantity_invoiced", rec_num(line, "quantity_invoiced") + rec_num(il, "quantity"));
    }
    if (bills_it) {
        f->invoices++;
        f->invoiced_total += rec_num(inv, "total");
        f->invoiced_balance += rec_num(inv, "balance");
    }
}

/* Recomputes the order's figures and statuses in place. */
static void figure(zm_ctx *x, const char *salesorder_id, cJSON *order, const doc_view *view)
{
    fulfilment f = {salesorder_id, order, false, true, 0, 0, 0};
    cJSON *line;
    cJSON_ArrayForEach(line, json_get(order, "line_items")) {
        rec_set_num(line, "quantity_packed", 0);
        rec_set_num(line, "quantity_shipped", 0);
        rec_set_num(line, "quantity_invoiced", 0);
    }
    doc_each(x, "packages", view, count_package, &f);
    doc_each(x, "invoices", view, count_invoice, &f);
    double quantity = 0, packed = 0, shipped = 0, invoiced = 0;
    cJSON_ArrayForEach(line, json_get(order, "line_items")) {
        double q = rec_num(line, "quantity");
        quantity += q;
        packed += rec_num(line, "quantity_packed");
        shipped += rec_num(line, "quantity_shipped");
        invoiced += rec_num(line, "quantity_invoiced");
        rec_set_bool(line, "is_invoiced", rec_num(line, "quantity_invoiced") + DOC_EPSILON >= q);
    }
    rec_set_num(order, "quantity", quantity);
    rec_set_num(order, "quantity_packed", packed);
    rec_set_num(order, "quantity_shipped", shipped);
    rec_set_num(order, "quantity_invoiced", invoiced);
    const char *shipped_status = sales_progress(shipped, quantity, "pending", "partially_shipped", "shipped");
    if (!strcmp(shipped_status, "shipped") && f.any_package && f.all_delivered) shipped_status = "fulfilled";
    const char *invoiced_status = sales_progress(invoiced, quantity, "not_invoiced", "partially_invoiced", "invoiced");
    const char *paid_status = f.invoices == 0 ? "unpaid"
                            : f.invoiced_balance <= DOC_EPSILON ? "paid"
                            : f.invoiced_balance + DOC_EPSILON < f.invoiced_total ? "partially_paid" : "unpaid";
    rec_set_str(order, "shipped_status", shipped_status);
    rec_set_str(order, "invoiced_status", invoiced_status);
    rec_set_str(order, "paid_status", paid_status);
    const char *status = rec_str(order, "status");
    bool complete = strcmp(shipped_status, "pending") && strcmp(shipped_status, "partially_shipped") &&
                    !strcmp(invoiced_status, "invoiced");
    if (!strcmp(status, "confirmed") && complete) rec_set_str(order, "status", "closed");
    else if (!strcmp(status, "closed") && !complete) rec_set_str(order, "status", "confirmed");
    rec_set_str(order, "order_status", rec_str(order, "status"));
}

bool salesorders_refresh(zm_ctx *x, const char *salesorder_id, const doc_view *view)
{
    zm_doc *d = module_find(x, "salesorders", salesorder_id);
    if (!d) return true;
    cJSON *after = cJSON_Duplicate(d->json, true);
    figure(x, d->id, after, view);
    if (cJSON_Compare(after, d->json, true)) {
        cJSON_Delete(after);
        return true;
    }
    return sales_commit(x, "salesorders", d, after);
}

zm_doc *salesorders_with_line(zm_ctx *x, const char *line_item_id, cJSON **line)
{
    zm_collection *c = doc_collection(x, "salesorders");
    for (size_t i = 0; c && *line_item_id && i < c->docs.n; i++) {
        cJSON *l = doc_line(c->docs.v[i]->json, line_item_id);
        if (l) {
            if (line) *line = l;
            return c->docs.v[i];
        }
    }
    return NULL;
}

zm_doc *salesorders_source(zm_ctx *x, const cJSON *record, const zm_doc *existing, const char *verb,
                           const char *const *allowed)
{
    char so_id[32];
    if (existing) snprintf(so_id, sizeof so_id, "%s", rec_str(existing->json, "salesorder_id"));
    else if (!sales_query_id(x, record, "salesorder_id", so_id, sizeof so_id, true)) return NULL;
    zm_doc *order = module_find(x, "salesorders", so_id);
    if (!order) {
        reply_error(x->rep, ZE_INVALID_PARAM, "salesorder_id");
        return NULL;
    }
    const char *status = rec_str(order->json, "status");
    bool ok = existing != NULL;
    for (size_t i = 0; !ok && allowed[i]; i++) ok = !strcmp(status, allowed[i]);
    if (!ok) {
        reply_error(x->rep, ZE_STATUS_MOVE, "Sales Order", verb, status);
        return NULL;
    }
    return order;
}

/* ----------------------------------------------------------------- hooks */

static bool of_order(const cJSON *rec, const void *salesorder_id)
{
    return !strcmp(rec_str(rec, "salesorder_id"), salesorder_id);
}

static bool bills_order(const cJSON *inv, const void *order)
{
    const cJSON *l;
    if (!strcmp(rec_str(inv, "status"), "void")) return false;
    cJSON_ArrayForEach(l, json_get(inv, "line_items"))
        if (doc_line(order, rec_str(l, "salesorder_item_id"))) return true;
    return false;
}

/* What later documents were made from the order: "packages PKG-00001,
 * PKG-00002 and invoices INV-000001" ("" when none). */
static void dependants(zm_ctx *x, const char *salesorder_id, const cJSON *order, char *out, size_t size)
{
    char packages[256], invoices[256], returns[256];
    sales_numbers_of(x, "packages", "package_number", of_order, salesorder_id, packages, sizeof packages);
    sales_numbers_of(x, "invoices", "invoice_number", bills_order, order, invoices, sizeof invoices);
    sales_numbers_of(x, "salesreturns", "salesreturn_number", of_order, salesorder_id, returns, sizeof returns);
    const struct { const char *what, *numbers; } kinds[] = {
        {"packages", packages}, {"invoices", invoices}, {"sales returns", returns},
    };
    size_t n = sizeof kinds / sizeof kinds[0], left = 0;
    for (size_t i = 0; i < n; i++) left += *kinds[i].numbers != 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (!*kinds[i].numbers) continue;
        size_t used = strlen(out);
        left--;
        snprintf(out + used, size - used, "%s%s %s", !used ? "" : left ? ", " : " and ", kinds[i].what, kinds[i].numbers);
    }
}

/* An order line that packages or invoices already use may not go below
 * what they use, nor go away. */
static bool keeps_used_lines(zm_ctx *x, const cJSON *record, const zm_doc *existing)
{
    const cJSON *old;
    cJSON_ArrayForEach(old, json_get(existing->json, "line_items")) {
        double used = rec_num(old, "quantity_packed");
        if (rec_num(old, "quantity_invoiced") > used) used = rec_num(old, "quantity_invoiced");
        if (used <= 0) continue;
        const cJSON *now = doc_line(record, rec_str(old, "line_item_id"));
        if (!now)
            return doc_refuse(x, "The line item %s has been packed or invoiced and cannot be removed.",
                              rec_str(old, "name"));
        if (rec_num(now, "quantity") + DOC_EPSILON < used)
            return doc_refuse(x, "The quantity of %s cannot be less than the %g packed or invoiced.",
                              rec_str(old, "name"), used);
        if (rec_num(old, "quantity_packed") > 0 && strcmp(rec_str(now, "location_id"), rec_str(old, "location_id")) != 0)
            return doc_refuse(x, "The location of %s cannot change: it has been packed at %s.", rec_str(old, "name"),
                              rec_str(old, "location_name"));
    }
    return true;
}

bool salesorders_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    const char *id = existing ? existing->id : rec_str(record, "salesorder_id");
    if (sales_is_save(x)) {
        if (existing && !strcmp(rec_str(existing->json, "status"), "void"))
            return doc_refuse(x, "A void Sales Order cannot be edited.");
        if (!sales_complete_lines(x, record, body) || !sales_place_lines(x, record, NULL, NULL)) return false;
        if (existing && !keeps_used_lines(x, record, existing)) return false;
    }
    if (doc_is_action(x, "status/void") && existing) {
        char packages[256];
        sales_numbers_of(x, "packages", "package_number", of_order, id, packages, sizeof packages);
        if (*packages)
            return doc_refuse(x, "The Sales Order %s has packages %s; delete them before voiding it.",
                              rec_str(record, "salesorder_number"), packages);
        if (rec_num(existing->json, "quantity_invoiced") > 0)
            return doc_refuse(x, "The Sales Order %s has been invoiced and cannot be voided.",
                              rec_str(record, "salesorder_number"));
    }
    figure(x, id, record, NULL);
    return true;
}

bool salesorders_deleting(zm_ctx *x, const zm_doc *d)
{
    char deps[800], what[96];
    dependants(x, d->id, d->json, deps, sizeof deps);
    if (!*deps) return true;
    snprintf(what, sizeof what, "The sales order %s", rec_str(d->json, "salesorder_number"));
    reply_error(x->rep, ZE_IN_USE, what, deps);
    return false;
}

void salesorders_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    if (strcmp(rec_str(record, "status"), "confirmed") != 0) return;
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        double open = rec_num(l, "quantity") - rec_num(l, "quantity_shipped");
        const char *item_id = rec_str(l, "item_id"), *location_id = rec_str(l, "location_id");
        if (open > DOC_EPSILON && *location_id && sales_item_stocked(x, item_id))
            moves_add(out, item_id, location_id, "", 0, 0, open);
    }
}

typedef struct order_links {
    zm_ctx *x;
    const char *salesorder_id;
    const cJSON *order;
    cJSON *packages, *invoices;
} order_links;

static void link_package(const cJSON *pkg, void *arg)
{
    order_links *o = arg;
    if (strcmp(rec_str(pkg, "salesorder_id"), o->salesorder_id) != 0) return;
    const cJSON *so = json_get(pkg, "shipment_order");
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "package_id", rec_str(pkg, "package_id"));
    cJSON_AddStringToObject(e, "package_number", rec_str(pkg, "package_number"));
    cJSON_AddStringToObject(e, "status", rec_str(pkg, "status"));
    cJSON_AddStringToObject(e, "detailed_status", rec_str(so, "detailed_status"));
    cJSON_AddStringToObject(e, "status_message", "");
    cJSON_AddStringToObject(e, "shipment_id", rec_str(so, "shipment_id"));
    cJSON_AddStringToObject(e, "shipment_number", rec_str(so, "shipment_number"));
    cJSON_AddStringToObject(e, "shipment_status", rec_str(so, "status"));
    cJSON_AddStringToObject(e, "carrier", rec_str(so, "carrier"));
    cJSON_AddStringToObject(e, "service", rec_str(so, "service"));
    cJSON_AddStringToObject(e, "tracking_number", rec_str(so, "tracking_number"));
    cJSON_AddStringToObject(e, "shipment_date", rec_str(so, "shipping_date"));
    cJSON_AddStringToObject(e, "delivery_days", "");
    cJSON_AddBoolToObject(e, "delivery_guarantee", false);
    cJSON_AddItemToArray(o->packages, e);
}

static void link_invoice(const cJSON *inv, void *arg)
{
    order_links *o = arg;
    const cJSON *il;
    bool bills_it = false;
    cJSON_ArrayForEach(il, json_get(inv, "line_items"))
        if (doc_line(o->order, rec_str(il, "salesorder_item_id"))) bills_it = true;
    if (!bills_it) return;
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "invoice_id", rec_str(inv, "invoice_id"));
    cJSON_AddStringToObject(e, "invoice_number", rec_str(inv, "invoice_number"));
    cJSON_AddStringToObject(e, "status", invoices_live_status(o->x, inv));
    cJSON_AddStringToObject(e, "date", rec_str(inv, "date"));
    cJSON_AddStringToObject(e, "due_date", rec_str(inv, "due_date"));
    cJSON_AddNumberToObject(e, "total", rec_num(inv, "total"));
    cJSON_AddNumberToObject(e, "balance", rec_num(inv, "balance"));
    cJSON_AddItemToArray(o->invoices, e);
}

/* The order prints its packages and the invoices that bill it. */
void salesorders_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    order_links o = {x, d->id, d->json, cJSON_CreateArray(), cJSON_CreateArray()};
    doc_each(x, "packages", NULL, link_package, &o);
    doc_each(x, "invoices", NULL, link_invoice, &o);
    json_set(out, "packages", o.packages);
    json_set(out, "invoices", o.invoices);
}

/* filter_by views beyond the status itself (Zoho's list filters). */
int salesorders_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    if (strcmp(param, "filter_by") != 0) return -1;
    static const struct { const char *view, *field, *value; } views[] = {
        {"Status.Open", "status", "confirmed"},
        {"Status.Shipped", "shipped_status", "shipped"},
        {"Status.PartiallyShipped", "shipped_status", "partially_shipped"},
        {"Status.ToBeShipped", "shipped_status", "pending"},
        {"Status.Fulfilled", "shipped_status", "fulfilled"},
        {"Status.Invoiced", "invoiced_status", "invoiced"},
        {"Status.PartiallyInvoiced", "invoiced_status", "partially_invoiced"},
        {"Status.ToBeInvoiced", "invoiced_status", "not_invoiced"},
        {"Status.Paid", "paid_status", "paid"},
        {"Status.Unpaid", "paid_status", "unpaid"},
        {"Status.PartiallyPaid", "paid_status", "partially_paid"},
    };
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++)
        if (!strcasecmp(value, views[i].view)) return !strcmp(rec_str(d->json, views[i].field), views[i].value);
    if (!strcasecmp(value, "Status.ToBePacked")) return rec_num(d->json, "quantity_packed") + DOC_EPSILON < rec_num(d->json, "quantity") &&
                                                        !strcmp(rec_str(d->json, "status"), "confirmed");
    return -1;
}

/* packages.c -- packages: packing a confirmed sales order's lines, no more than ordered, until a shipment takes them */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "inventory/doc_print.h"
#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. POST /packages?salesorder_id= (or a salesorder_id in the
 * body, as fixtures give it) packs lines of that order
 * (so_line_item_id, quantity); each line takes the order line's item,
 * name, sku and unit, and all packages of a line together stay within
 * its ordered quantity. A package is not_shipped until a shipment order
 * takes it (shipped, then delivered: shipments.c), and while shipped it
 * cannot be edited or deleted. It prints, beside Zoho's documented
 * fields, its status, quantity and its shipment's tracking_number,
 * delivery_method and shipment_date (the list's sort columns). The
 * order's packed quantities follow every change (salesorders_refresh).
 * Packing moves no stock: a line packs at its order line's location
 * (kept on the line as location_id, which Zoho's package does not print)
 * and may name what will leave with it -- serial_numbers, bins
 * (`storages`: storage_id, out_quantity, serial_numbers) and batches
 * (batch_id or batch_number, out_quantity, their `storages`) --, checked
 * now (sales_check_shipped_line) and taken when a shipment ships it. */

static void copy_address(cJSON *record, const char *field, const cJSON *from)
{
    cJSON *to = cJSON_GetObjectItemCaseSensitive(record, field);
    const cJSON *f;
    cJSON_ArrayForEach(f, from)
        if (cJSON_IsString(f) && json_get(to, f->string)) rec_set_str(to, f->string, f->valuestring);
}

/* The package's lines from its order's, each within what is left to pack. */
static bool fill_lines(zm_ctx *x, cJSON *record, const cJSON *order)
{
    const char *package_id = rec_str(record, "package_id");
    double total = 0;
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        const char *so_line = rec_str(l, "so_line_item_id");
        if (!*so_line) {
            reply_error(x->rep, ZE_PARAM_MANDATORY, "so_line_item_id");
            return false;
        }
        const cJSON *ol = doc_line(order, so_line);
        if (!ol) return doc_invalid(x, "so_line_item_id");
        const cJSON *other;
        cJSON_ArrayForEach(other, json_get(record, "line_items"))
            if (other != l && !strcmp(rec_str(other, "so_line_item_id"), so_line)) return doc_invalid(x, "so_line_item_id");
        double q = rec_num(l, "quantity");
        if (q <= 0) return doc_invalid(x, "quantity");
        double packed = sales_line_total(x, "packages", "package_id", package_id, "so_line_item_id", so_line);
        if (packed + q > rec_num(ol, "quantity") + DOC_EPSILON)
            return doc_refuse(x, "The quantity to pack of %s (%g) is more than the %g left to pack.",
                              rec_str(ol, "name"), q, rec_num(ol, "quantity") - packed);
        static const char *const copied[] = {"item_id", "name", "sku", "unit", "description"};
        for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++)
            if (json_get(l, copied[i]) && json_get(ol, copied[i]) && !*rec_str(l, copied[i]))
                rec_set_str(l, copied[i], rec_str(ol, copied[i]));
        if (!*rec_str(l, "sku")) {
            zm_doc *item = module_find(x, "items", rec_str(ol, "item_id"));
            if (item) rec_set_str(l, "sku", rec_str(item->json, "sku"));
        }
        rec_set_bool(l, "is_invoiced", cJSON_IsTrue(json_get(ol, "is_invoiced")));
        rec_set_str(l, "location_id", rec_str(ol, "location_id"));
        if (sales_item_stocked(x, rec_str(l, "item_id")) && !sales_check_shipped_line(x, l)) return false;
        total += q;
    }
    char quantity[32];
    snprintf(quantity, sizeof quantity, "%g", total);
    rec_set_str(record, "total_quantity", quantity);
    rec_set_num(record, "quantity", total);
    return true;
}

bool packages_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    if (existing && strcmp(rec_str(existing->json, "status"), "not_shipped") != 0) {
        reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, "edited", rec_str(existing->json, "status"));
        return false;
    }
    static const char *const packable[] = {"confirmed", NULL};
    zm_doc *order = salesorders_source(x, record, existing, "packed", packable);
    if (!order) return false;
    rec_set_str(record, "salesorder_id", order->id);
    rec_set_str(record, "salesorder_number", rec_str(order->json, "salesorder_number"));
    const char *customer_id = rec_str(order->json, "customer_id");
    rec_set_str(record, "customer_id", customer_id);
    rec_set_str(record, "customer_name", rec_str(order->json, "customer_name"));
    const cJSON *contact = contacts_record(x, customer_id);
    static const char *const reach[] = {"email", "phone", "mobile"};
    for (size_t i = 0; i < sizeof reach / sizeof reach[0]; i++)
        if (!*rec_str(record, reach[i])) rec_set_str(record, reach[i], rec_str(contact, reach[i]));
    copy_address(record, "billing_address", json_get(order->json, "billing_address"));
    copy_address(record, "shipping_address", json_get(order->json, "shipping_address"));
    if (!existing) {
        rec_set_str(record, "tracking_number", "");
        rec_set_str(record, "delivery_method", "");
        rec_set_str(record, "shipment_date", "");
    }
    return fill_lines(x, record, order->json);
}

bool packages_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    doc_view view = {"packages", id, after};
    return salesorders_refresh(x, rec_str(after ? after : before, "salesorder_id"), &view);
}

bool packages_deleting(zm_ctx *x, const zm_doc *d)
{
    if (!strcmp(rec_str(d->json, "status"), "not_shipped")) return true;
    char what[96], why[160];
    snprintf(what, sizeof what, "The package %s", rec_str(d->json, "package_number"));
    snprintf(why, sizeof why, "shipment %s ships it; delete the shipment first",
             rec_str(json_get(d->json, "shipment_order"), "shipment_number"));
    reply_error(x->rep, ZE_IN_USE, what, why);
    return false;
}

/* Zoho names the package number "packing_number" in the list's filters. */
int packages_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    if (!strncmp(param, "packing_number", 14)) return sales_text_matches(rec_str(d->json, "package_number"), param, value);
    return -1;
}

/* GET /packages/print?package_ids=: the packing slips, one PDF. */
void packages_print_slips(zm_ctx *x)
{
    doc_print_ids(x, "package_ids");
}

/* sales_stock.c -- where the sales documents move stock: their lines' places, the items that keep stock, the serials, bins and batches a shipped line names */
#include <stdio.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/purchases.h"
#include "inventory/sales.h"
#include "model/stock_tracking.h"
#include "util/json.h"

/* How it works. Each sales document's `moves` hook (inventory/module.h)
 * lists, from its record alone, what it moves in its present status; the
 * engine moves the difference on every change. So a line's place is
 * decided when the document is saved and written on the line (an order's,
 * invoice's or credit note's location_id and location_name, a challan's
 * warehouse_id; a package's, shipment's or receive's line keeps it beside
 * the documented fields, since Zoho prints none there). A shipped line's
 * serial numbers, bins and batches are checked when it is packed and copied
 * onto its shipment, which moves them. */

bool sales_item_stocked(zm_ctx *x, const char *item_id)
{
    if (!*item_id || !org_find_item(x->org, item_id)) return false;
    const zm_doc *d = module_find(x, "items", item_id);
    return !d || !cJSON_IsFalse(json_get(d->json, "track_inventory"));
}

bool sales_place_lines(zm_ctx *x, cJSON *record, sales_place_of source, const void *arg)
{
    char own[ID_LEN];
    snprintf(own, sizeof own, "%s", rec_str(record, "location_id"));
    if (*own && !org_find_location(x->org, own)) return doc_invalid(x, "location_id");
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        if (!*rec_str(l, "item_id")) continue;
        char fallback[ID_LEN] = "";
        if (*own) snprintf(fallback, sizeof fallback, "%s", own);
        else if (source && !*rec_str(l, "location_id")) snprintf(fallback, sizeof fallback, "%s", source(x, l, arg));
        if (!purch_place_line(x, l, *fallback ? fallback : NULL)) return false;
    }
    return true;
}

/* ------------------------------------------------------- shipped lines */

/* A batch named by batch_id gets that batch record's number. */
static bool name_batches(zm_ctx *x, cJSON *line)
{
    cJSON *b;
    cJSON_ArrayForEach(b, json_get(line, "batches")) {
        const char *id = rec_str(b, "batch_id");
        if (!*id) continue;
        const zm_doc *d = module_find(x, "batches", id);
        if (!d || strcmp(rec_str(d->json, "item_id"), rec_str(line, "item_id")) != 0) return doc_invalid(x, "batch_id");
        char number[128];
        snprintf(number, sizeof number, "%s", rec_str(d->json, "batch_number"));
        rec_set_str(b, "batch_number", number);
    }
    return true;
}

static bool serial_in_stock(zm_ctx *x, zm_item *item, const zm_location *loc, const char *storage_id, const cJSON *s)
{
    if (!cJSON_IsString(s) || item_serial_holder(item, loc->location_id, storage_id, s->valuestring)) return true;
    return doc_refuse(x, "Invalid value passed for serial_numbers: %s of %s is not in stock at %s.", s->valuestring,
                      item->name, loc->location_name);
}

bool sales_check_shipped_line(zm_ctx *x, cJSON *line)
{
    zm_item *item = org_find_item(x->org, rec_str(line, "item_id"));
    const zm_location *loc = org_find_location(x->org, rec_str(line, "location_id"));
    if (!item || !loc) return true;
    if (!name_batches(x, line) || !purch_check_line_tracking(x, line, "out_quantity")) return false;
    const cJSON *s, *bin;
    cJSON_ArrayForEach(s, json_get(line, "serial_numbers"))
        if (!serial_in_stock(x, item, loc, "", s)) return false;
    cJSON_ArrayForEach(bin, json_get(line, "storages"))
        cJSON_ArrayForEach(s, json_get(bin, "serial_numbers"))
            if (!serial_in_stock(x, item, loc, rec_str(bin, "storage_id"), s)) return false;
    return true;
}

void sales_shipped_moves(zm_ctx *x, const cJSON *line, zm_stock_moves *out)
{
    if (sales_item_stocked(x, rec_str(line, "item_id")) && *rec_str(line, "location_id"))
        purch_line_moves_by(line, "out_quantity", -1, out);
}

/* ---------------------------------------------------------- dependants */

void sales_numbers_of(zm_ctx *x, const char *module, const char *number_field, sales_match match, const void *arg,
                      char *out, size_t size)
{
    out[0] = '\0';
    zm_collection *c = doc_collection(x, module);
    size_t k = 0;
    for (size_t i = 0; c && i < c->docs.n && k < size; i++) {
        const cJSON *rec = c->docs.v[i]->json;
        if (match(rec, arg))
            k += (size_t)snprintf(out + k, size - k, "%s%s", k ? ", " : "", rec_str(rec, number_field));
    }
}

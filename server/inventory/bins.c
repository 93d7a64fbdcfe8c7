/* bins.c -- bins (storage locations, kept in step with the core zm_storage) and the zones that hold them */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "inventory/record_ids.h"
#include "inventory/usage.h"
#include "inventory/warehouse.h"
#include "model/stock_tracking.h"
#include "util/json.h"

/* How it works. A bin is an engine record and a zm_storage of its
 * location (stock rows name it). Every bin belongs to a zone of its
 * location (the document requires storage_zone_id; the fixture's bins
 * have none). Creating, renaming and deleting the record does the same to
 * the zm_storage; a bin cannot move to another location, nor be deleted
 * while it holds stock or a document names it. A zone cannot be deleted
 * while bins are in it. */

/* ----------------------------------------------------------------- bins */

static zm_location *location_of_bin(zm_org *org, const char *storage_id)
{
    for (size_t i = 0; i < org->locations.n; i++)
        if (location_find_storage(&org->locations.v[i], storage_id)) return &org->locations.v[i];
    return NULL;
}

bool bins_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    const char *zone_id = rec_str(record, "storage_zone_id");
    if (!*zone_id) zone_id = rec_str(record, "zone_id");
    zm_doc *zone = *zone_id ? module_find(x, "storagezones", zone_id) : NULL;
    if (*zone_id && !zone) {
        reply_error(x->rep, ZE_INVALID_FIELD, "storage_zone_id");
        return false;
    }
    const char *loc = rec_str(record, "location_id");
    if (!*loc && zone) loc = rec_str(zone->json, "location_id");
    if (!*loc && existing) loc = rec_str(existing->json, "location_id");
    if (!org_find_location(x->org, loc)) {
        reply_error(x->rep, *loc ? ZE_INVALID_FIELD : ZE_PARAM_MANDATORY, "location_id");
        return false;
    }
    if (zone && strcmp(rec_str(zone->json, "location_id"), loc) != 0) {
        reply_error(x->rep, ZE_VALIDATION, "Invalid value passed for storage_zone_id: the zone belongs to another location.");
        return false;
    }
    if (existing && strcmp(rec_str(existing->json, "location_id"), loc) != 0) {
        reply_error(x->rep, ZE_VALIDATION, "Invalid value passed for location_id: a bin cannot move to another location.");
        return false;
    }
    const char *self = existing ? existing->id : rec_str(record, "storage_id");
    const char *name = rec_str(record, "name");
    for (size_t i = 0; i < x->coll->docs.n; i++) {
        const zm_doc *d = x->coll->docs.v[i];
        if (strcmp(d->id, self) != 0 && !strcmp(rec_str(d->json, "location_id"), loc) &&
            !strcasecmp(rec_str(d->json, "name"), name)) {
            reply_error(x->rep, ZE_NUMBER_TAKEN, "name", name);
            return false;
        }
    }
    rec_set_str(record, "location_id", loc);
    rec_set_str(record, "storage_zone_id", zone ? zone->id : "");
    rec_set_str(record, "zone_id", zone ? zone->id : "");
    rec_set_str(record, "zone_name", zone ? rec_str(zone->json, "zone_name") : "");
    if (!*rec_str(record, "status")) rec_set_str(record, "status", "active");
    return true;
}

bool bins_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    const cJSON *r = after ? after : before;
    zm_location *l = org_find_location(x->org, rec_str(r, "location_id"));
    if (!l) l = location_of_bin(x->org, id);
    if (!l) return true;
    if (!after) {
        org_remove_storage(x->org, l, id);
        return true;
    }
    zm_storage *s = location_add_storage(l, id, rec_str(after, "name"));
    xstrset(&s->storage_name, rec_str(after, "name"));
    return true;
}

bool bins_deleting(zm_ctx *x, const zm_doc *d)
{
    char why[160], what[300];
    if (!usage_find(x, USAGE_BIN, d->id, NULL, why, sizeof why)) return true;
    snprintf(what, sizeof what, "The bin %s", rec_str(d->json, "name"));
    reply_error(x->rep, ZE_IN_USE, what, why);
    return false;
}

/* The stock in the bin, over every item (of one item when item_id is not NULL). */
static double bin_stock(const zm_org *org, const char *storage_id, const char *item_id)
{
    double q = 0;
    for (size_t i = 0; i < org->items.n; i++) {
        const zm_item *it = &org->items.v[i];
        if (item_id && strcmp(it->item_id, item_id) != 0) continue;
        for (size_t k = 0; k < it->stock.n; k++)
            if (!strcmp(it->stock.v[k].storage_id, storage_id)) q += it->stock.v[k].quantity;
    }
    return q;
}

static bool bin_holds_batch(const zm_org *org, const char *storage_id, const char *batch_number)
{
    for (size_t i = 0; i < org->items.n; i++) {
        const zm_item *it = &org->items.v[i];
        for (size_t k = 0; k < it->stock.n; k++)
            if (!strcmp(it->stock.v[k].storage_id, storage_id) &&
                batches_contain(it->stock.v[k].batches.v, it->stock.v[k].batches.n, batch_number))
                return true;
    }
    return false;
}

void bins_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    json_set(out, "balance_quantity", cJSON_CreateNumber(bin_stock(x->org, d->id, NULL)));
    zm_location *l = org_find_location(x->org, rec_str(d->json, "location_id"));
    json_set(out, "location_name", cJSON_CreateString(l ? l->location_name : ""));
    /* The batches in the bin, with the ids of their batch records. */
    cJSON *batches = cJSON_CreateArray();
    zm_module *bm = module_by_name("batches");
    zm_collection *bc = bm ? docs_collection(x->org, bm->slot) : NULL;
    for (size_t i = 0; i < x->org->items.n; i++) {
        const zm_item *it = &x->org->items.v[i];
        for (size_t k = 0; k < it->stock.n; k++) {
            const zm_stock_row *r = &it->stock.v[k];
            if (strcmp(r->storage_id, d->id) != 0) continue;
            for (size_t b = 0; b < r->batches.n; b++) {
                cJSON *e = cJSON_CreateObject();
                const char *batch_id = "";
                for (size_t j = 0; bc && j < bc->docs.n; j++)
                    if (!strcmp(rec_str(bc->docs.v[j]->json, "item_id"), it->item_id) &&
                        !strcmp(rec_str(bc->docs.v[j]->json, "batch_number"), r->batches.v[b].batch_number))
                        batch_id = bc->docs.v[j]->id;
                json_add_str(e, "batch_id", batch_id);
                json_add_str(e, "batch_number", r->batches.v[b].batch_number);
                json_add_num(e, "balance_quantity", r->batches.v[b].quantity);
                cJSON_AddItemToArray(batches, e);
            }
        }
    }
    json_set(out, "batches", batches);
}


int bins_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    bool on = !strcmp(value, "true");
    if (!strcmp(param, "warehouse_id")) return !strcmp(rec_str(d->json, "location_id"), value);
    if (!strcmp(param, "item_id")) {
        const zm_item *it = org_find_item(x->org, value);
        for (size_t k = 0; it && k < it->stock.n; k++)
            if (!strcmp(it->stock.v[k].storage_id, d->id)) return 1;
        return 0;
    }
    if (!strcmp(param, "show_stock_only_bins") || !strcmp(param, "exclude_zero_stock_bins"))
        return !on || fabs(bin_stock(x->org, d->id, NULL)) > QTY_EPSILON;
    if (!strcmp(param, "show_batches")) return 1;   /* the batches are always printed */
    if (!strcmp(param, "storage_ids")) return id_listed(value, d->id);
    if (!strcmp(param, "batch_id")) {
        zm_doc *batch = module_find(x, "batches", value);
        return batch && bin_holds_batch(x->org, d->id, rec_str(batch->json, "batch_number"));
    }
    return -1;
}

/* ---------------------------------------------------------------- zones */

bool zones_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    const char *loc = rec_str(record, "location_id");
    if (!*loc && x->org->locations.n) {
        loc = x->org->locations.v[0].location_id;
        rec_set_str(record, "location_id", loc);
    }
    if (!org_find_location(x->org, loc)) {
        reply_error(x->rep, ZE_INVALID_FIELD, "location_id");
        return false;
    }
    const char *self = existing ? existing->id : rec_str(record, "storage_zone_id");
    for (size_t i = 0; i < x->coll->docs.n; i++) {
        const zm_doc *d = x->coll->docs.v[i];
        if (strcmp(d->id, self) != 0 && !strcmp(rec_str(d->json, "location_id"), loc) &&
            !strcasecmp(rec_str(d->json, "zone_name"), rec_str(record, "zone_name"))) {
            reply_error(x->rep, ZE_NUMBER_TAKEN, "zone_name", rec_str(record, "zone_name"));
            return false;
        }
    }
    cJSON *levels = cJSON_GetObjectItemCaseSensitive(record, "location_structures"), *l;
    cJSON_ArrayForEach(l, levels) {
        if (rec_num(l, "count") < 0 || rec_num(l, "level") < 0) {
            reply_error(x->rep, ZE_INVALID_FIELD, rec_num(l, "count") < 0 ? "count" : "level");
            return false;
        }
        if (!*rec_str(l, "location_structure_id")) {
            zm_id id;
            org_new_id(x->org, id);
            rec_set_str(l, "location_structure_id", id);
        }
    }
    if (!*rec_str(record, "status")) rec_set_str(record, "status", "active");
    return true;
}

bool zones_deleting(zm_ctx *x, const zm_doc *d)
{
    zm_module *bins = module_by_name("storagelocations");
    zm_collection *c = docs_collection(x->org, bins->slot);
    size_t n = 0;
    for (size_t i = 0; i < c->docs.n; i++) n += !strcmp(rec_str(c->docs.v[i]->json, "storage_zone_id"), d->id);
    if (!n) return true;
    char why[80], what[300];
    snprintf(why, sizeof why, "it holds %zu bin%s", n, n == 1 ? "" : "s");
    snprintf(what, sizeof what, "The zone %s", rec_str(d->json, "zone_name"));
    reply_error(x->rep, ZE_IN_USE, what, why);
    return false;
}

int zones_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    if (!strcmp(param, "warehouse_id")) return !strcmp(rec_str(d->json, "location_id"), value);
    return -1;
}

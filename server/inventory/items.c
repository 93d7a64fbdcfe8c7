/* items.c -- the items module: each item's record and its core zm_item kept in step, live stock, list filters, deleting only what nothing uses */
#include "inventory/items.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/record_ids.h"
#include "inventory/usage.h"
#include "model/ledger.h"
#include "model/stock_tracking.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. The record is what Zoho prints of an item; the core
 * zm_item (name, sku, unit, rate, tracking, stock rows) is what stock
 * counts and adjustments work on. check refuses what Zoho refuses and
 * fills the defaults Zoho fills (item_type inventory, product_type goods,
 * can_be_sold/can_be_purchased from the item type); apply creates,
 * updates and removes the zm_item (a new item's opening stock becomes its
 * stock rows); print adds the zm_item's live stock to every answer. */

static const char *const item_types[] = {"inventory", "sales", "purchases", "sales_and_purchases", NULL};
static const char *const product_types[] = {"goods", "service", "digital_service", NULL};
static const char *const statuses[] = {"active", "inactive", NULL};

/* Records that belong to an item and go with it when it is deleted (its
 * batches, serial numbers, replenishment settings and tasks; its place in
 * a group). */
static const char *const owned_modules[] = {"batches", "serialnumbers", "itemgroups", "replenishments",
                                            "replenishmenttasks", NULL};

static bool one_of(const char *const *set, const char *s)
{
    for (size_t i = 0; set[i]; i++)
        if (!strcmp(set[i], s)) return true;
    return false;
}

/* ---------------------------------------------------------------- check */

static bool enum_field(zm_ctx *x, cJSON *record, const char *name, const char *const *set, const char *dflt)
{
    const char *v = rec_str(record, name);
    if (!*v && dflt) {
        rec_set_str(record, name, dflt);
        return true;
    }
    if (!one_of(set, v)) {
        reply_error(x->rep, ZE_INVALID_FIELD, name);
        return false;
    }
    return true;
}

static bool not_negative(zm_ctx *x, const cJSON *record, const char *name)
{
    if (rec_num(record, name) < 0) {
        reply_error(x->rep, ZE_INVALID_FIELD, name);
        return false;
    }
    return true;
}

/* A boolean of the body the documented record does not declare (tracking). */
static bool body_flag(zm_ctx *x, cJSON *record, const cJSON *body, const char *name, bool dflt, bool create)
{
    const cJSON *v = json_get(body, name);
    if (v && !cJSON_IsNull(v) && !cJSON_IsBool(v)) {
        reply_error(x->rep, ZE_INVALID_FIELD, name);
        return false;
    }
    if (cJSON_IsBool(v)) rec_set_bool(record, name, cJSON_IsTrue(v));
    else if (create || !json_get(record, name)) rec_set_bool(record, name, dflt);
    return true;
}

static bool sku_taken(zm_ctx *x, const char *sku, const char *self_id)
{
    return engine_key_taken(x, "sku", sku, self_id);
}

static bool has_stock(const zm_item *it)
{
    for (size_t i = 0; it && i < it->stock.n; i++)
        if (fabs(it->stock.v[i].quantity) > 1e-9 || it->stock.v[i].serial_numbers.n || it->stock.v[i].batches.n)
            return true;
    return false;
}

/* Tracking cannot change under stock that was counted the other way. */
static bool tracking_change_allowed(zm_ctx *x, const cJSON *record, const zm_doc *existing)
{
    static const char *const flags[] = {"track_serial_number", "track_batch_number", NULL};
    const zm_item *it = org_find_item(x->org, existing->id);
    for (size_t i = 0; flags[i]; i++) {
        bool was = cJSON_IsTrue(json_get(existing->json, flags[i]));
        bool now = cJSON_IsTrue(json_get(record, flags[i]));
        if (was != now && has_stock(it)) {
            char msg[160];
            snprintf(msg, sizeof msg, "Invalid value passed for %s: the item has stock, its tracking cannot change.",
                     flags[i]);
            reply_error(x->rep, ZE_VALIDATION, msg);
            return false;
        }
    }
    return true;
}

bool items_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    bool create = existing == NULL;
    if (!enum_field(x, record, "item_type", item_types, create ? "inventory" : NULL) ||
        !enum_field(x, record, "product_type", product_types, create ? "goods" : NULL) ||
        !enum_field(x, record, "status", statuses, "active"))
        return false;
    if (!not_negative(x, record, "rate") || !not_negative(x, record, "purchase_rate") ||
        !not_negative(x, record, "reorder_level"))
        return false;
    if (!*rec_str(record, "name")) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "name");
        return false;
    }
    const char *self = existing ? existing->id : rec_str(record, "item_id");
    if (sku_taken(x, rec_str(record, "sku"), self)) {
        reply_error(x->rep, ZE_NUMBER_TAKEN, "sku", rec_str(record, "sku"));
        return false;
    }
    const char *type = rec_str(record, "item_type");
    bool goods = strcmp(rec_str(record, "product_type"), "goods") == 0;
    if (create) {
        /* What Zoho derives from the item type when the body does not say. */
        if (!json_get(body, "can_be_sold")) rec_set_bool(record, "can_be_sold", strcmp(type, "purchases") != 0);
        if (!json_get(body, "can_be_purchased")) rec_set_bool(record, "can_be_purchased", strcmp(type, "sales") != 0);
        if (!json_get(body, "track_inventory"))
            rec_set_bool(record, "track_inventory", goods && strcmp(type, "inventory") == 0);
    }
    if (!body_flag(x, record, body, "track_serial_number", false, create) ||
        !body_flag(x, record, body, "track_batch_number", false, create) ||
        !body_flag(x, record, body, "is_storage_location_enabled", false, create))
        return false;
    if (cJSON_IsTrue(json_get(record, "track_serial_number")) && cJSON_IsTrue(json_get(record, "track_batch_number"))) {
        reply_error(x->rep, ZE_VALIDATION,
                    "Invalid value passed for track_batch_number: an item is tracked by serial numbers or by batches, not both.");
        return false;
    }
    if (existing && !tracking_change_allowed(x, record, existing)) return false;
    if (create && !opening_stock_from_create(x, record, body)) return false;
    if (existing && !opening_stock_from_update(x, record, body, existing)) return false;
    return true;
}

zm_doc *items_find_param(zm_ctx *x, const char *param)
{
    zm_doc *d = docs_find(x->coll, request_param(x->req, param));
    if (!d) reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
    return d;
}

/* ---------------------------------------------------------------- apply */

void items_sync_core(zm_org *org, const cJSON *record)
{
    zm_item *it = org_add_item(org, rec_str(record, "item_id"));
    xstrset(&it->name, rec_str(record, "name"));
    xstrset(&it->sku, rec_str(record, "sku"));
    xstrset(&it->unit, rec_str(record, "unit"));
    it->rate = rec_num(record, "rate");
    it->track_serial_number = cJSON_IsTrue(json_get(record, "track_serial_number"));
    it->track_batch_number = cJSON_IsTrue(json_get(record, "track_batch_number"));
}

/* Records of other modules that belong to the item go with it. */
static void drop_owned_records(zm_ctx *x, const char *item_id)
{
    static const char *const by_item[] = {"batches", "serialnumbers", "replenishments", "replenishmenttasks", NULL};
    for (size_t k = 0; by_item[k]; k++) {
        zm_module *m = module_by_name(by_item[k]);
        zm_collection *c = m ? docs_collection(x->org, m->slot) : NULL;
        for (size_t i = c ? c->docs.n : 0; i-- > 0;)
            if (!strcmp(rec_str(c->docs.v[i]->json, "item_id"), item_id)) docs_remove(c, c->docs.v[i]);
    }
    zm_module *groups = module_by_name("itemgroups");
    zm_collection *c = groups ? docs_collection(x->org, groups->slot) : NULL;
    for (size_t i = 0; c && i < c->docs.n; i++) {
        cJSON *members = cJSON_GetObjectItemCaseSensitive(c->docs.v[i]->json, "items");
        for (int k = cJSON_GetArraySize(members); k-- > 0;)
            if (!strcmp(rec_str(cJSON_GetArrayItem(members, k), "item_id"), item_id)) cJSON_DeleteItemFromArray(members, k);
    }
}

/* The opening stock's move from before to after (either may be NULL). */
static bool move_opening(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    zm_stock_moves was = {0}, now = {0};
    if (before) opening_stock_moves(id, before, &was);
    if (after) opening_stock_moves(id, after, &now);
    bool ok = engine_apply_moves(x, &was, &now);
    moves_free(&was);
    moves_free(&now);
    return ok;
}

bool items_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    if (!after) {
        org_remove_item(x->org, id);
        drop_owned_records(x, id);
        return true;
    }
    bool is_new = !org_find_item(x->org, id);
    if (is_new) items_sync_core(x->org, after);
    if (!move_opening(x, id, before, after)) {
        if (is_new) org_remove_item(x->org, id);
        return false;
    }
    items_sync_core(x->org, after);
    return true;
}

/* -------------------------------------------- items made by other modules */

zm_ctx items_context(zm_ctx *x)
{
    zm_ctx ix = *x;
    ix.mod = module_by_name("items");
    ix.coll = docs_collection(x->org, ix.mod->slot);
    return ix;
}

cJSON *items_build(zm_ctx *x, const cJSON *fields, const char *id)
{
    zm_ctx ix = items_context(x);
    cJSON *record = ix.mod->record_schema ? schema_default(ix.mod->record_schema) : cJSON_CreateObject();
    record_merge(&ix, record, fields, ix.mod->record_schema);
    rec_set_str(record, "item_id", id);
    rec_set_str(record, "status", *rec_str(fields, "status") ? rec_str(fields, "status") : "active");
    record_stamp(&ix, record, true);
    if (!record_resolve(&ix, record) || !items_check(&ix, record, fields, NULL)) {
        cJSON_Delete(record);
        return NULL;
    }
    return record;
}

zm_doc *items_store(zm_ctx *x, cJSON *record)
{
    zm_ctx ix = items_context(x);
    const char *id = rec_str(record, "item_id");
    items_apply(&ix, id, NULL, record);
    return docs_add(x->org, ix.coll, id, record);
}

bool items_update_fields(zm_ctx *x, zm_doc *d, const cJSON *fields)
{
    zm_ctx ix = items_context(x);
    cJSON *after = cJSON_Duplicate(d->json, true);
    record_merge(&ix, after, fields, ix.mod->record_schema);
    record_stamp(&ix, after, false);
    if (!record_resolve(&ix, after) || !items_check(&ix, after, fields, d)) {
        cJSON_Delete(after);
        return false;
    }
    return engine_commit(&ix, d, after);
}

void items_remove(zm_ctx *x, zm_doc *d)
{
    zm_ctx ix = items_context(x);
    items_apply(&ix, d->id, d->json, NULL);
    docs_remove(ix.coll, d);
}

bool items_deleting(zm_ctx *x, const zm_doc *d)
{
    char why[160];
    if (!usage_find(x, USAGE_ITEM, d->id, owned_modules, why, sizeof why)) return true;
    char what[320];
    snprintf(what, sizeof what, "The item %s", rec_str(d->json, "name"));
    reply_error(x->rep, ZE_IN_USE, what, why);
    return false;
}

/* ---------------------------------------------------------------- print */

static bool has_bins(const zm_item *item)
{
    for (size_t i = 0; i < item->stock.n; i++)
        if (item->stock.v[i].storage_id[0]) return true;
    return false;
}

/* The location's status as its record says ("active" when it has none);
 * read without handing the record out (nothing changes it here). */
static const char *location_status(zm_ctx *x, const char *location_id)
{
    const zm_module *m = module_by_name("locations");
    const zm_doc *l = m ? docs_peek(x->org->collections[m->slot], location_id) : NULL;
    const char *s = l ? rec_str(l->json, "status") : "";
    return *s ? s : "active";
}

/* The opening stock the record keeps for a location (0 when none). */
static double opening_at(const cJSON *record, const char *location_id, const char *field)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(json_get(record, "opening_stock"), "locations"))
        if (!strcmp(rec_str(l, "location_id"), location_id)) return rec_num(l, field);
    return 0;
}

static void add_bin_detail(zm_org *org, const zm_item *item, cJSON *out)
{
    cJSON *storages = cJSON_CreateArray();
    cJSON *serials = cJSON_CreateArray();
    cJSON *batches = cJSON_CreateArray();
    for (size_t i = 0; i < item->stock.n; i++) {
        const zm_stock_row *r = &item->stock.v[i];
        /* A bin the item has left (every figure 0, nothing tracked in it) is not listed. */
        bool empty = fabs(r->quantity) < QTY_EPSILON && fabs(r->accounting) < QTY_EPSILON && !r->serial_numbers.n;
        for (size_t k = 0; empty && k < r->batches.n; k++) empty = fabs(r->batches.v[k].quantity) < QTY_EPSILON;
        if (r->storage_id[0] && !empty) {
            zm_location *l = org_find_location(org, r->location_id);
            zm_storage *st = l ? location_find_storage(l, r->storage_id) : NULL;
            cJSON *e = cJSON_CreateObject();
            json_add_str(e, "storage_id", r->storage_id);
            json_add_str(e, "storage_name", st ? st->storage_name : "");
            json_add_str(e, "location_id", r->location_id);
            json_add_num(e, "quantity", r->quantity);
            json_add_num(e, "stock_on_hand", r->accounting);
            cJSON_AddItemToArray(storages, e);
        }
        for (size_t k = 0; k < r->serial_numbers.n; k++) {
            cJSON *e = cJSON_CreateObject();
            json_add_str(e, "serial_number", r->serial_numbers.v[k]);
            json_add_str(e, "location_id", r->location_id);
            json_add_str(e, "storage_id", r->storage_id);
            cJSON_AddItemToArray(serials, e);
        }
        for (size_t k = 0; k < r->batches.n; k++) {
            if (fabs(r->batches.v[k].quantity) < QTY_EPSILON) continue;     /* a batch that left the row */
            cJSON *e = cJSON_CreateObject();
            json_add_str(e, "batch_number", r->batches.v[k].batch_number);
            json_add_str(e, "location_id", r->location_id);
            json_add_str(e, "storage_id", r->storage_id);
            json_add_num(e, "quantity", r->batches.v[k].quantity);
            cJSON_AddItemToArray(batches, e);
        }
    }
    json_set(out, "storages", storages);
    if (item->track_serial_number) json_set(out, "serial_numbers", serials);
    else cJSON_Delete(serials);
    if (item->track_batch_number) json_set(out, "batches", batches);
    else cJSON_Delete(batches);
}

/* An item restricted to some locations (PUT .../locations/permissions) lists only those. */
static bool allowed_at(const cJSON *record, const char *location_id)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(record, "allowed_location_ids"))
        if (cJSON_IsString(e) && !strcmp(e->valuestring, location_id)) return true;
    return false;
}

/* Per-location stock, with location_* names (Zoho's documented
 * locations[]) and with the legacy warehouse_* names (warehouses[]). The
 * documents type the location figures as strings; the legacy ones stay
 * numbers, as they always were. */
static void add_location_stock(zm_ctx *x, const zm_item *item, const cJSON *record, cJSON *out)
{
    cJSON *locs = cJSON_CreateArray();
    cJSON *whs = cJSON_CreateArray();
    bool all = !cJSON_IsFalse(json_get(record, "associated_with_all_locations"));
    for (size_t i = 0; i < x->org->locations.n; i++) {
        const zm_location *l = &x->org->locations.v[i];
        if (!all && !allowed_at(record, l->location_id)) continue;
        double accounting = item_accounting_at(item, l->location_id);
        double physical = item_physical_at(item, l->location_id);
        double actual = physical - item_committed_at(item, l->location_id);
        const char *status = location_status(x, l->location_id);

        cJSON *e = cJSON_CreateObject();
        json_add_str(e, "location_id", l->location_id);
        json_add_str(e, "location_name", l->location_name);
        json_add_str(e, "status", status);
        json_add_bool(e, "is_primary", i == 0);
        json_add_num(e, "location_stock_on_hand", accounting);
        json_add_num(e, "location_available_stock", physical);
        json_add_num(e, "location_actual_available_stock", actual);
        json_add_num(e, "initial_stock", opening_at(record, l->location_id, "initial_stock"));
        json_add_num(e, "initial_stock_rate", opening_at(record, l->location_id, "initial_stock_rate"));
        cJSON_AddItemToArray(locs, e);

        cJSON *w = cJSON_CreateObject();
        json_add_str(w, "warehouse_id", l->location_id);
        json_add_str(w, "warehouse_name", l->location_name);
        json_add_str(w, "status", status);
        json_add_bool(w, "is_primary", i == 0);
        json_add_num(w, "warehouse_stock_on_hand", accounting);
        json_add_num(w, "warehouse_available_stock", physical);
        json_add_num(w, "warehouse_actual_available_stock", actual);
        cJSON_AddItemToArray(whs, w);
    }
    json_set(out, "locations", locs);
    json_set(out, "warehouses", whs);
}

void items_add_stock(zm_ctx *x, const zm_item *item, const cJSON *record, cJSON *out, bool detail)
{
    /* Zoho's figures (model/ledger.h): accounting stock (stock_on_hand),
     * physical stock (available_stock), each less what confirmed orders
     * commit (actual_available_stock, available_for_sale_stock). */
    double accounting = item_accounting_at(item, NULL), physical = item_physical_at(item, NULL);
    double committed = item_committed_at(item, NULL);
    json_set(out, "stock_on_hand", cJSON_CreateNumber(accounting));
    json_set(out, "available_stock", cJSON_CreateNumber(physical));
    json_set(out, "actual_available_stock", cJSON_CreateNumber(physical - committed));
    json_set(out, "committed_stock", cJSON_CreateNumber(committed));
    json_set(out, "available_for_sale_stock", cJSON_CreateNumber(accounting - committed));
    json_set(out, "initial_stock", cJSON_CreateNumber(rec_num(json_get(record, "opening_stock"), "initial_stock")));
    json_set(out, "initial_stock_rate",
             cJSON_CreateNumber(rec_num(json_get(record, "opening_stock"), "initial_stock_rate")));
    json_set(out, "track_serial_number", cJSON_CreateBool(item->track_serial_number));
    json_set(out, "track_batch_number", cJSON_CreateBool(item->track_batch_number));
    json_set(out, "is_storage_location_enabled",
             cJSON_CreateBool(has_bins(item) || cJSON_IsTrue(json_get(record, "is_storage_location_enabled"))));
    add_location_stock(x, item, record, out);
    if (detail) add_bin_detail(x->org, item, out);
}

void items_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    cJSON_DeleteItemFromObjectCaseSensitive(out, "opening_stock");
    const zm_item *item = org_find_item(x->org, d->id);
    if (item) items_add_stock(x, item, d->json, out, x->op->kind != OP_LIST);
}

/* ------------------------------------------------------ kept list rows */

static void append_text0(zm_json_buf *out, const char *s)
{
    if (!s) s = "";
    json_buf_append_text(out, s, strlen(s) + 1);
}

/* What an item's list row is printed from besides its record (items_print
 * without detail): its tracking and stock rows -- the place, whether in a
 * bin, the three figures -- from which every stock figure is summed. */
void items_row_state(zm_ctx *x, const zm_doc *d, zm_json_buf *out)
{
    const zm_item *item = org_find_item(x->org, d->id);
    if (!item) {
        json_buf_append_text(out, "-", 1);
        return;
    }
    char tracking[2] = {item->track_serial_number ? 's' : '-', item->track_batch_number ? 'b' : '-'};
    json_buf_append_text(out, tracking, sizeof tracking);
    for (size_t i = 0; i < item->stock.n; i++) {
        const zm_stock_row *r = &item->stock.v[i];
        append_text0(out, r->location_id);
        json_buf_append_text(out, r->storage_id[0] ? "b" : "-", 1);
        double figures[3] = {r->quantity, r->accounting, r->committed};
        json_buf_append_text(out, (const char *)figures, sizeof figures);
    }
}

/* What every item's row is printed from: the organization's locations in
 * order (the first is the primary), their names and their records' statuses. */
void items_list_state(zm_ctx *x, zm_json_buf *out)
{
    for (size_t i = 0; i < x->org->locations.n; i++) {
        const zm_location *l = &x->org->locations.v[i];
        append_text0(out, l->location_id);
        append_text0(out, l->location_name);
        append_text0(out, location_status(x, l->location_id));
    }
}

/* --------------------------------------------------------------- filter */


/* filter_by Status.* and ItemType.* (documented values only; the engine
 * refuses others). */
static int filter_by_view(zm_ctx *x, const zm_doc *d, const char *view)
{
    const cJSON *r = d->json;
    const char *status = rec_str(r, "status"), *type = rec_str(r, "item_type");
    const zm_item *it = org_find_item(x->org, d->id);
    if (!strcmp(view, "Status.All") || !strcmp(view, "ItemType.All")) return 1;
    if (!strcmp(view, "Status.Active")) return !strcmp(status, "active");
    if (!strcmp(view, "Status.Inactive")) return !strcmp(status, "inactive");
    if (!strcmp(view, "Status.Lowstock"))
        return rec_num(r, "reorder_level") > 0 && it && item_stock_at(it, NULL) <= rec_num(r, "reorder_level");
    /* No sales channels are modelled: every item is unmapped. */
    if (!strcmp(view, "Status.Unmapped")) return 1;
    if (!strcmp(view, "Status.Uncategorized")) return !*rec_str(r, "category_id");
    if (!strcmp(view, "Status.Grouped")) return *rec_str(r, "group_id") != '\0';
    if (!strcmp(view, "ItemType.Sales")) return !strcmp(type, "sales");
    if (!strcmp(view, "ItemType.Purchases")) return !strcmp(type, "purchases");
    if (!strcmp(view, "ItemType.SalesAndPurchases")) return !strcmp(type, "sales_and_purchases");
    if (!strcmp(view, "ItemType.Inventory")) return !strcmp(type, "inventory");
    if (!strcmp(view, "ItemType.NonInventory"))
        return strcmp(type, "inventory") != 0 && !strcmp(rec_str(r, "product_type"), "goods");
    if (!strcmp(view, "ItemType.Service")) return !strcmp(rec_str(r, "product_type"), "service");
    return -1;
}

int items_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    if (!strcmp(param, "filter_by")) return filter_by_view(x, d, value);
    if (!strcmp(param, "location_id") || !strcmp(param, "warehouse_id")) {
        /* Items that have stock rows at the location. */
        const zm_item *it = org_find_item(x->org, d->id);
        for (size_t i = 0; it && i < it->stock.n; i++)
            if (!strcmp(it->stock.v[i].location_id, value)) return 1;
        return 0;
    }
    if (!strcmp(param, "brand_ids"))
        return id_listed(value, rec_str(d->json, "brand_id")) || id_listed(value, rec_str(d->json, "brand"));
    if (!strcmp(param, "manufacturer_ids"))
        return id_listed(value, rec_str(d->json, "manufacturer_id")) || id_listed(value, rec_str(d->json, "manufacturer"));
    return -1;
}

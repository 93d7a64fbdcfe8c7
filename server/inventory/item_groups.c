/* item_groups.c -- item groups (their items made with them), grouping items, composite items */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/items.h"
#include "inventory/usage.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. An item group's items are item records like any other
 * (GET /items lists them) whose group_id names the group; the group keeps
 * their ids in "items" and prints them with their live stock. Creating a
 * group creates its items (each with the group's unit, tax and attribute
 * name, its own name, rates, sku, option and opening stock); updating it
 * updates the items it names by item_id and creates the others; marking it
 * active or inactive marks its items; deleting it deletes them (refused
 * while any is in use). A composite item keeps a core zm_item of its own:
 * the stock its bundles make (bundles.c). */

/* -------------------------------------------------------------- groups */

/* What a group gives each of its items. */
static cJSON *item_fields(const cJSON *group, const cJSON *element, const char *group_id)
{
    cJSON *f = cJSON_Duplicate(element, true);
    static const char *const inherited[] = {"unit", "tax_id", "brand", "manufacturer", "description",
                                            "attribute_name1", "attribute_name2", "attribute_name3", NULL};
    for (size_t i = 0; inherited[i]; i++) {
        const cJSON *v = json_get(group, inherited[i]);
        if (cJSON_IsString(v) && *v->valuestring && !json_get(f, inherited[i]))
            cJSON_AddStringToObject(f, inherited[i], v->valuestring);
    }
    json_set(f, "group_id", cJSON_CreateString(group_id));
    json_set(f, "group_name", cJSON_CreateString(rec_str(group, "group_name")));
    /* The option may come as a number (the document types it so). */
    const cJSON *opt = json_get(element, "attribute_option_name1");
    if (cJSON_IsNumber(opt)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%g", opt->valuedouble);
        json_set(f, "attribute_option_name1", cJSON_CreateString(buf));
    }
    if (!json_get(f, "item_type")) cJSON_AddStringToObject(f, "item_type", "inventory");
    return f;
}

static bool member_of(const cJSON *group_record, const char *item_id)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(group_record, "items"))
        if (!strcmp(rec_str(e, "item_id"), item_id)) return true;
    return false;
}

/* Appends {item_id} for each member of `from` that `record` does not list yet. */
static void add_ids(cJSON *items, const cJSON *from, const cJSON *record)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, from) {
        if (member_of(record, rec_str(e, "item_id"))) continue;
        cJSON *m = cJSON_CreateObject();
        json_add_str(m, "item_id", rec_str(e, "item_id"));
        cJSON_AddItemToArray(items, m);
    }
}

bool itemgroups_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    const char *group_id = existing ? existing->id : rec_str(record, "group_id");
    cJSON *items = cJSON_GetObjectItemCaseSensitive(record, "items");
    if (!cJSON_IsArray(items)) {
        items = cJSON_CreateArray();
        json_set(record, "items", items);
    }
    bool sent_items = cJSON_IsArray(json_get(body, "items"));
    if (existing && !sent_items) {
        /* An update without items keeps the group's (by id: the items
         * themselves hold their fields). */
        json_set(record, "items", cJSON_CreateArray());
        items = cJSON_GetObjectItemCaseSensitive(record, "items");
        add_ids(items, json_get(existing->json, "items"), record);
    }
    cJSON *e;
    cJSON_ArrayForEach(e, items) {
        const char *id = rec_str(e, "item_id");
        if (*id) {
            zm_doc *item = module_find(x, "items", id);
            if (!item || !existing || !member_of(existing->json, id)) {
                reply_error(x->rep, ZE_INVALID_FIELD, "item_id");
                return false;
            }
            continue;
        }
        /* A new item of the group: checked as POST /items would check it. */
        zm_id new_id;
        org_new_id(x->org, new_id);
        cJSON *fields = item_fields(record, e, group_id);
        cJSON *built = items_build(x, fields, new_id);
        cJSON_Delete(fields);
        if (!built) return false;
        cJSON_Delete(built);
        rec_set_str(e, "item_id", new_id);
        for (const cJSON *o = items->child; o != e; o = o->next) {
            if (*rec_str(e, "sku") && !strcasecmp(rec_str(o, "sku"), rec_str(e, "sku"))) {
                reply_error(x->rep, ZE_NUMBER_TAKEN, "sku", rec_str(e, "sku"));
                return false;
            }
        }
    }
    /* Items of the group the update does not name stay in it. */
    if (existing && sent_items) add_ids(items, json_get(existing->json, "items"), record);
    return true;
}

bool itemgroups_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    const cJSON *group = after ? after : before, *e;
    if (!after) {
        /* Deleting an item takes it out of its group (this one): the ids
         * are copied before any goes. */
        cJSON *ids = cJSON_CreateArray();
        cJSON_ArrayForEach(e, json_get(group, "items")) cJSON_AddItemToArray(ids, cJSON_CreateString(rec_str(e, "item_id")));
        cJSON_ArrayForEach(e, ids) {
            zm_doc *item = module_find(x, "items", e->valuestring);
            if (item) items_remove(x, item);
        }
        cJSON_Delete(ids);
        return true;
    }
    bool status_moved = before && strcmp(rec_str(before, "status"), rec_str(after, "status")) != 0;
    cJSON_ArrayForEach(e, json_get(group, "items")) {
        zm_doc *item = module_find(x, "items", rec_str(e, "item_id"));
        cJSON *fields = item_fields(after, e, id);
        if (status_moved) json_set(fields, "status", cJSON_CreateString(rec_str(after, "status")));
        if (!item) {
            cJSON *built = items_build(x, fields, rec_str(e, "item_id"));
            if (built) items_store(x, built);
        } else {
            /* What the body says of the item, and what it gets from the group. */
            items_update_fields(x, item, fields);
        }
        cJSON_Delete(fields);
    }
    return true;
}

bool itemgroups_deleting(zm_ctx *x, const zm_doc *d)
{
    const cJSON *e;
    static const char *const skip[] = {"batches", "serialnumbers", "itemgroups", NULL};
    cJSON_ArrayForEach(e, json_get(d->json, "items")) {
        char why[160], what[300];
        zm_ctx ix = items_context(x);
        if (usage_find(&ix, USAGE_ITEM, rec_str(e, "item_id"), skip, why, sizeof why)) {
            snprintf(what, sizeof what, "The item group %s (its item %s)", rec_str(d->json, "group_name"), rec_str(e, "name"));
            reply_error(x->rep, ZE_IN_USE, what, why);
            return false;
        }
    }
    return true;
}

void itemgroups_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    cJSON *rows = cJSON_CreateArray();
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(d->json, "items")) {
        zm_doc *item = module_find(x, "items", rec_str(e, "item_id"));
        if (!item) continue;
        cJSON *row = cJSON_Duplicate(item->json, true);
        cJSON_DeleteItemFromObjectCaseSensitive(row, "opening_stock");
        const zm_item *core = org_find_item(x->org, item->id);
        if (core) items_add_stock(x, core, item->json, row, false);
        cJSON_AddItemToArray(rows, row);
    }
    json_set(out, "items", rows);
}

/* ------------------------------------------------- grouping existing items */

/* Takes the item out of the group it is in (its record keeps no group). */
static void leave_group(zm_ctx *x, zm_doc *item)
{
    zm_doc *g = module_find(x, "itemgroups", rec_str(item->json, "group_id"));
    if (g) {
        cJSON *members = cJSON_GetObjectItemCaseSensitive(g->json, "items");
        for (int k = cJSON_GetArraySize(members); k-- > 0;)
            if (!strcmp(rec_str(cJSON_GetArrayItem(members, k), "item_id"), item->id)) cJSON_DeleteItemFromArray(members, k);
    }
    rec_set_str(item->json, "group_id", "");
    rec_set_str(item->json, "group_name", "");
}

static void join_group(zm_ctx *x, zm_doc *item, zm_doc *g, const cJSON *attrs)
{
    leave_group(x, item);
    rec_set_str(item->json, "group_id", g->id);
    rec_set_str(item->json, "group_name", rec_str(g->json, "group_name"));
    static const char *const names[] = {"attribute_name1", "attribute_option_name1", "attribute_name2",
                                        "attribute_option_name2", "attribute_name3", "attribute_option_name3", NULL};
    for (size_t i = 0; names[i]; i++)
        if (cJSON_IsString(json_get(attrs, names[i]))) rec_set_str(item->json, names[i], rec_str(attrs, names[i]));
    cJSON *members = cJSON_GetObjectItemCaseSensitive(g->json, "items");
    if (!cJSON_IsArray(members)) {
        members = cJSON_CreateArray();
        json_set(g->json, "items", members);
    }
    cJSON *m = cJSON_CreateObject();
    json_add_str(m, "item_id", item->id);
    cJSON_AddItemToArray(members, m);
    record_stamp(x, item->json, false);
}

void items_group(zm_ctx *x)
{
    zm_doc *g = module_find(x, "itemgroups", request_param(x->req, "group_id"));
    if (!g) {
        reply_error(x->rep, ZE_NOT_FOUND, "Item group");
        return;
    }
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    const cJSON *e, *items = json_get(body, "items");
    if (!cJSON_IsArray(items) || !cJSON_GetArraySize(items)) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "items");
        return;
    }
    cJSON_ArrayForEach(e, items) {
        if (!docs_find(x->coll, rec_str(e, "item_id"))) {
            reply_error(x->rep, ZE_INVALID_FIELD, "item_id");
            return;
        }
    }
    if (*rec_str(body, "group_name")) rec_set_str(g->json, "group_name", rec_str(body, "group_name"));
    cJSON_ArrayForEach(e, items) {
        cJSON *attrs = cJSON_Duplicate(e, true);
        static const char *const group_level[] = {"attribute_name1", "attribute_name2", "attribute_name3", NULL};
        for (size_t i = 0; group_level[i]; i++)
            if (cJSON_IsString(json_get(body, group_level[i])) && !json_get(attrs, group_level[i]))
                cJSON_AddStringToObject(attrs, group_level[i], rec_str(body, group_level[i]));
        join_group(x, docs_find(x->coll, rec_str(e, "item_id")), g, attrs);
        cJSON_Delete(attrs);
    }
    record_stamp(x, g->json, false);
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

void items_move(zm_ctx *x)
{
    zm_doc *item = items_find_param(x, "item_id");
    if (!item) return;
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    zm_doc *g = module_find(x, "itemgroups", rec_str(body, "group_id"));
    if (!g) {
        reply_error(x->rep, ZE_INVALID_FIELD, "group_id");
        return;
    }
    join_group(x, item, g, body);
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

void items_ungroup(zm_ctx *x)
{
    char buf[8192];
    int n = request_query(x->req, "item_ids", buf, sizeof buf);
    if (n <= 0) n = request_query(x->req, "composite_item_ids", buf, sizeof buf);
    if (n <= 0) {
        reply_error(x->rep, n == -2 ? ZE_INVALID_PARAM : ZE_PARAM_MANDATORY, "item_ids");
        return;
    }
    /* Every id must be an item before any leaves its group. */
    char copy[8192], *save = NULL;
    snprintf(copy, sizeof copy, "%s", buf);
    for (char *id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
        if (!docs_find(x->coll, id)) {
            reply_error(x->rep, ZE_INVALID_PARAM, "item_ids");
            return;
        }
    }
    save = NULL;
    for (char *id = strtok_r(buf, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
        zm_doc *item = docs_find(x->coll, id);
        leave_group(x, item);
        record_stamp(x, item->json, false);
    }
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

/* ------------------------------------------------------ composite items */

bool compositeitems_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    static const char *const types[] = {"inventory", "sales", "purchases", "sales_and_purchases", NULL};
    const char *type = rec_str(record, "item_type");
    bool known = false;
    for (size_t i = 0; types[i]; i++) known = known || !strcmp(types[i], type);
    if (!*type) rec_set_str(record, "item_type", "inventory");
    else if (!known) {
        reply_error(x->rep, ZE_INVALID_FIELD, "item_type");
        return false;
    }
    if (rec_num(record, "rate") < 0 || rec_num(record, "purchase_rate") < 0) {
        reply_error(x->rep, ZE_INVALID_FIELD, rec_num(record, "rate") < 0 ? "rate" : "purchase_rate");
        return false;
    }
    const cJSON *lines = json_get(record, "mapped_items"), *l;
    if (!cJSON_GetArraySize(lines)) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "mapped_items");
        return false;
    }
    cJSON_ArrayForEach(l, lines) {
        if (!module_find(x, "items", rec_str(l, "item_id"))) {
            reply_error(x->rep, ZE_INVALID_FIELD, "item_id");
            return false;
        }
        if (rec_num(l, "quantity") <= 0) {
            reply_error(x->rep, ZE_INVALID_FIELD, "quantity");
            return false;
        }
    }
    const char *self = existing ? existing->id : rec_str(record, "composite_item_id");
    for (size_t i = 0; *rec_str(record, "sku") && i < x->coll->docs.n; i++) {
        const zm_doc *d = x->coll->docs.v[i];
        if (strcmp(d->id, self) != 0 && !strcasecmp(rec_str(d->json, "sku"), rec_str(record, "sku"))) {
            reply_error(x->rep, ZE_NUMBER_TAKEN, "sku", rec_str(record, "sku"));
            return false;
        }
    }
    rec_set_bool(record, "is_combo_product", true);
    return true;
}

bool compositeitems_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    (void)before;
    if (!after) {
        org_remove_item(x->org, id);
        return true;
    }
    /* The composite's own stock lives in a core item of its id. */
    zm_item *it = org_add_item(x->org, id);
    xstrset(&it->name, rec_str(after, "name"));
    xstrset(&it->sku, rec_str(after, "sku"));
    xstrset(&it->unit, rec_str(after, "unit"));
    it->rate = rec_num(after, "rate");
    it->track_serial_number = cJSON_IsTrue(json_get(after, "track_serial_number"));
    it->track_batch_number = cJSON_IsTrue(json_get(after, "track_batch_number"));
    return true;
}

bool compositeitems_deleting(zm_ctx *x, const zm_doc *d)
{
    zm_module *bundles = module_by_name("bundles");
    zm_collection *c = docs_collection(x->org, bundles->slot);
    size_t n = 0;
    for (size_t i = 0; i < c->docs.n; i++) n += !strcmp(rec_str(c->docs.v[i]->json, "composite_item_id"), d->id);
    char why[160], what[300];
    if (n) snprintf(why, sizeof why, "it is used in %zu bundle%s", n, n == 1 ? "" : "s");
    else if (!usage_find(x, USAGE_ITEM, d->id, NULL, why, sizeof why)) return true;
    snprintf(what, sizeof what, "The composite item %s", rec_str(d->json, "name"));
    reply_error(x->rep, ZE_IN_USE, what, why);
    return false;
}

void compositeitems_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    /* The composite's own stock (its bundles make it) and each part's,
     * with the figures items print (items_add_stock). */
    const zm_item *it = org_find_item(x->org, d->id);
    if (it) items_add_stock(x, it, d->json, out, false);
    cJSON *lines = cJSON_GetObjectItemCaseSensitive(out, "mapped_items"), *l;
    cJSON_ArrayForEach(l, lines) {
        const zm_item *part = org_find_item(x->org, rec_str(l, "item_id"));
        double physical = part ? item_physical_at(part, NULL) : 0;
        json_set(l, "stock_on_hand", cJSON_CreateNumber(part ? item_accounting_at(part, NULL) : 0));
        json_set(l, "available_stock", cJSON_CreateNumber(physical));
        json_set(l, "actual_available_stock", cJSON_CreateNumber(physical - (part ? item_committed_at(part, NULL) : 0)));
    }
}

/* ---------------------------------------------------------------- filters */

static bool stock_at(const zm_org *org, const char *item_id, const char *location_id)
{
    const zm_item *it = org_find_item((zm_org *)org, item_id);
    for (size_t i = 0; it && i < it->stock.n; i++)
        if (!strcmp(it->stock.v[i].location_id, location_id)) return true;
    return false;
}

int compositeitems_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    const cJSON *r = d->json;
    if (!strcmp(param, "filter_by")) {
        if (!strcmp(value, "Status.Lowstock")) {
            const zm_item *it = org_find_item(x->org, d->id);
            return rec_num(r, "reorder_level") > 0 && it && item_stock_at(it, NULL) <= rec_num(r, "reorder_level");
        }
        /* No sales channels nor CRM are modelled. */
        if (!strcmp(value, "Status.Unmapped")) return 1;
        if (!strcmp(value, "Source.Crm")) return !strcasecmp(rec_str(r, "source"), "crm");
        return -1;
    }
    if (!strcmp(param, "status") && !strcmp(value, "all")) return 1;
    if (!strcmp(param, "location_id") || !strcmp(param, "warehouse_id")) return stock_at(x->org, d->id, value);
    return -1;
}

/* locations.c -- locations: records kept in step with the core zm_location, the primary one, their users, bins switched on and off, the legacy warehouse lists */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/handlers.h"
#include "inventory/engine_impl.h"
#include "inventory/usage.h"
#include "inventory/warehouse.h"
#include "model/stock_tracking.h"
#include "util/json.h"
#include "zoho/listing.h"
#include "zoho/schema.h"

/* How it works. A location is an engine record (every field of Zoho's
 * location) and a core zm_location (name, bins) that stock rows, counts
 * and adjustments name. Creating, renaming and deleting the record does
 * the same to the zm_location. The primary location is the first
 * zm_location (adjustments and counts default to it): markasprimary moves
 * it to the front. A location holding stock, or named by any document,
 * cannot be deleted; the primary one can be neither deleted nor made
 * inactive. */

static bool is_primary(const zm_org *org, const char *location_id)
{
    return org->locations.n && !strcmp(org->locations.v[0].location_id, location_id);
}

/* ---------------------------------------------------------------- check */

/* user_ids of the body ("id,id"): each a user of the organization. */
static bool associated_users(zm_ctx *x, cJSON *record, const cJSON *body)
{
    const cJSON *ids = json_get(body, "user_ids");
    if (!ids || cJSON_IsNull(ids)) return true;
    if (!cJSON_IsString(ids)) {
        reply_error(x->rep, ZE_INVALID_FIELD, "user_ids");
        return false;
    }
    cJSON *users = cJSON_CreateArray();
    char *list = xstrdup(ids->valuestring), *save = NULL;
    bool ok = true;
    for (char *id = strtok_r(list, ",", &save); id && ok; id = strtok_r(NULL, ",", &save)) {
        while (*id == ' ') id++;
        zm_user *u = org_find_user(x->org, id);
        ok = u != NULL;
        if (!ok) break;
        cJSON *e = cJSON_CreateObject();
        json_add_str(e, "user_id", u->user_id);
        json_add_str(e, "user_name", u->name);
        cJSON_AddItemToArray(users, e);
    }
    free(list);
    if (!ok) {
        cJSON_Delete(users);
        reply_error(x->rep, ZE_INVALID_FIELD, "user_ids");
        return false;
    }
    json_set(record, "associated_users", users);
    rec_set_bool(record, "is_all_users_selected", cJSON_GetArraySize(users) == 0);
    return true;
}

bool locations_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    const char *self = existing ? existing->id : rec_str(record, "location_id");
    const char *name = rec_str(record, "location_name");
    for (size_t i = 0; i < x->coll->docs.n; i++) {
        const zm_doc *d = x->coll->docs.v[i];
        if (strcmp(d->id, self) != 0 && !strcasecmp(rec_str(d->json, "location_name"), name)) {
            reply_error(x->rep, ZE_NUMBER_TAKEN, "location_name", name);
            return false;
        }
    }
    const char *type = rec_str(record, "type");
    if (!*type) rec_set_str(record, "type", "general");
    else if (strcmp(type, "general") != 0 && strcmp(type, "line_item_only") != 0) {
        reply_error(x->rep, ZE_INVALID_FIELD, "type");
        return false;
    }
    const char *parent = rec_str(record, "parent_location_id");
    if (*parent && (!strcmp(parent, self) || !docs_find(x->coll, parent))) {
        reply_error(x->rep, ZE_INVALID_FIELD, "parent_location_id");
        return false;
    }
    if (!existing && !json_get(body, "user_ids")) rec_set_bool(record, "is_all_users_selected", true);
    if (!associated_users(x, record, body)) return false;
    const char *status = *rec_str(record, "status") ? rec_str(record, "status") : "active";
    if (!strcmp(status, "inactive") && existing && is_primary(x->org, existing->id)) {
        reply_error(x->rep, ZE_STATUS_MOVE, "The primary location", "marked as inactive", "primary");
        return false;
    }
    rec_set_str(record, "status", status);      /* (frees the string status pointed at) */
    rec_set_bool(record, "is_location_active", !strcmp(rec_str(record, "status"), "active"));
    rec_set_bool(record, "is_primary_location", existing ? is_primary(x->org, existing->id) : x->org->locations.n == 0);
    return true;
}

bool locations_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    (void)before;
    if (!after) {
        org_remove_location(x->org, id);
        return true;
    }
    zm_location *l = org_add_location(x->org, id, rec_str(after, "location_name"));
    xstrset(&l->location_name, rec_str(after, "location_name"));
    l->is_warehouse = strcmp(rec_str(after, "type"), "line_item_only") != 0;
    return true;
}

bool locations_deleting(zm_ctx *x, const zm_doc *d)
{
    char why[160], what[300];
    snprintf(what, sizeof what, "The location %s", rec_str(d->json, "location_name"));
    if (is_primary(x->org, d->id)) {
        reply_error(x->rep, ZE_IN_USE, what, "it is the primary location");
        return false;
    }
    for (size_t i = 0; i < x->coll->docs.n; i++) {
        if (!strcmp(rec_str(x->coll->docs.v[i]->json, "parent_location_id"), d->id)) {
            reply_error(x->rep, ZE_IN_USE, what, "it is the parent of another location");
            return false;
        }
    }
    static const char *const skip[] = {"storagelocations", "storagezones", "users", NULL};
    if (!usage_find(x, USAGE_LOCATION, d->id, skip, why, sizeof why)) return true;
    reply_error(x->rep, ZE_IN_USE, what, why);
    return false;
}

/* ---------------------------------------------------------------- print */

static bool hierarchical(zm_ctx *x)
{
    bool on = false;
    zm_reply scratch = {0};
    bool ok = request_query_bool(x->req, &scratch, "is_hierarchical_response", false, &on);
    reply_free(&scratch);
    return ok && on;
}

void locations_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    zm_location *l = org_find_location(x->org, d->id);
    bool primary = is_primary(x->org, d->id);
    json_set(out, "is_primary", cJSON_CreateBool(primary));
    json_set(out, "is_primary_location", cJSON_CreateBool(primary));
    cJSON *storages = cJSON_CreateArray();
    for (size_t k = 0; l && k < l->storages.n; k++) {
        cJSON *s = cJSON_CreateObject();
        json_add_str(s, "storage_id", l->storages.v[k].storage_id);
        json_add_str(s, "storage_name", l->storages.v[k].storage_name);
        cJSON_AddItemToArray(storages, s);
    }
    json_set(out, "storages", storages);
    bool bins = (l && l->storages.n) || cJSON_IsTrue(json_get(d->json, "is_storage_location_enabled"));
    json_set(out, "is_storage_location_enabled", cJSON_CreateBool(bins));
    if (x->op->kind == OP_LIST && hierarchical(x)) {
        cJSON *children = cJSON_CreateArray();
        for (size_t i = 0; i < x->coll->docs.n; i++) {
            const zm_doc *c = x->coll->docs.v[i];
            if (!strcmp(rec_str(c->json, "parent_location_id"), d->id)) {
                cJSON *e = cJSON_CreateObject();
                json_add_str(e, "location_id", c->id);
                json_add_str(e, "location_name", rec_str(c->json, "location_name"));
                cJSON_AddItemToArray(children, e);
            }
        }
        json_set(out, "child_locations", children);
    }
}

int locations_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    if (!strcmp(param, "location_type")) return !strcmp(rec_str(d->json, "type"), value);
    /* A hierarchical answer lists the top locations, each with its children. */
    if (!strcmp(param, "is_hierarchical_response"))
        return strcmp(value, "true") != 0 || !*rec_str(d->json, "parent_location_id");
    return -1;
}

/* ----------------------------------------------------------- the actions */

void locations_mark_primary(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    if (strcmp(rec_str(d->json, "status"), "inactive") == 0) {
        reply_error(x->rep, ZE_STATUS_MOVE, "Location", "marked as primary", "inactive");
        return;
    }
    zm_org *org = x->org;
    for (size_t i = 1; i < org->locations.n; i++) {
        if (!strcmp(org->locations.v[i].location_id, d->id)) {
            zm_location l = org->locations.v[i];
            memmove(&org->locations.v[1], &org->locations.v[0], i * sizeof l);
            org->locations.v[0] = l;
            break;
        }
    }
    for (size_t i = 0; i < x->coll->docs.n; i++)
        rec_set_bool(x->coll->docs.v[i]->json, "is_primary_location", x->coll->docs.v[i] == d);
    record_stamp(x, d->json, false);
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

void locations_users(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    static const char *const columns[] = {"name", NULL};
    static const zm_list_spec spec = {columns, "name", NULL, NULL};
    zm_list_params p;
    if (!list_parse(x->req, x->rep, &spec, &p)) return;
    bool all = !cJSON_IsFalse(json_get(d->json, "is_all_users_selected"));
    VEC(zm_user *) rows = {0};
    for (size_t i = 0; i < x->org->users.n; i++) {
        zm_user *u = x->org->users.v[i];
        bool listed = all;
        const cJSON *e;
        cJSON_ArrayForEach(e, json_get(d->json, "associated_users")) listed = listed || !strcmp(rec_str(e, "user_id"), u->user_id);
        if (listed) VEC_PUSH(rows, u);
    }
    size_t first, last;
    bool more;
    list_window(&p, rows.n, &first, &last, &more);
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    cJSON *arr = cJSON_AddArrayToObject(body, "users");
    const cJSON *row_schema = schema_items(spec_property(x->op->response, "users"));
    for (size_t i = first; i < last; i++) {
        zm_doc *user = module_find(x, "users", rows.v[i]->user_id);
        cJSON *row = user ? schema_project(user->json, row_schema) : cJSON_CreateObject();
        if (x->org->numeric_ids) engine_numeric_ids(row);
        cJSON_AddItemToArray(arr, row);
    }
    list_add_page_context(body, &p, more);
    cJSON *pc = cJSON_GetObjectItemCaseSensitive(body, "page_context");
    if (pc) json_set(pc, "report_name", cJSON_CreateString("Users"));
    VEC_FREE(rows);
}

void locations_enable(zm_ctx *x)
{
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

void locations_bins_switch(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    bool enable = strstr(x->op->path, "/storagelocations/enable") != NULL;
    if (!enable) {
        for (size_t i = 0; i < x->org->items.n; i++) {
            const zm_item *it = &x->org->items.v[i];
            for (size_t k = 0; k < it->stock.n; k++) {
                const zm_stock_row *r = &it->stock.v[k];
                if (!strcmp(r->location_id, d->id) && r->storage_id[0] && r->quantity > QTY_EPSILON) {
                    char what[200];
                    snprintf(what, sizeof what, "Bin locations of %s", rec_str(d->json, "location_name"));
                    reply_error(x->rep, ZE_STATUS_MOVE, what, "disabled", "holding stock in bins");
                    return;
                }
            }
        }
    }
    rec_set_bool(d->json, "is_storage_location_enabled", enable);
    record_stamp(x, d->json, false);
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

/* ------------------------------------------------ the legacy warehouses */

/* GET /warehouses and GET /settings/warehouses: Zoho's lists of locations
 * from before locations existed (not in the documents), with warehouse_*
 * names. */
void warehouses_list(zm_request *req, zm_reply *rep)
{
    zm_module *m = module_by_name("locations");
    zm_collection *c = docs_collection(req->org, m->slot);
    cJSON *body = reply_success(rep, 200, "success");
    cJSON *arr = cJSON_AddArrayToObject(body, "warehouses");
    for (size_t i = 0; i < c->docs.n; i++) {
        const cJSON *r = c->docs.v[i]->json, *addr = json_get(r, "address");
        const zm_location *l = org_find_location(req->org, c->docs.v[i]->id);
        cJSON *w = cJSON_CreateObject();
        json_add_str(w, "warehouse_id", c->docs.v[i]->id);
        json_add_str(w, "warehouse_name", rec_str(r, "location_name"));
        json_add_str(w, "attention", rec_str(addr, "attention"));
        json_add_str(w, "address", rec_str(addr, "street_address1"));
        json_add_str(w, "address1", rec_str(addr, "street_address1"));
        json_add_str(w, "address2", rec_str(addr, "street_address2"));
        json_add_str(w, "city", rec_str(addr, "city"));
        json_add_str(w, "state", rec_str(addr, "state"));
        json_add_str(w, "state_code", rec_str(addr, "state_code"));
        json_add_str(w, "country", rec_str(addr, "country"));
        json_add_str(w, "phone", rec_str(r, "phone"));
        json_add_str(w, "email", rec_str(r, "email"));
        json_add_bool(w, "is_primary", is_primary(req->org, c->docs.v[i]->id));
        json_add_str(w, "status", *rec_str(r, "status") ? rec_str(r, "status") : "active");
        json_add_bool(w, "is_storage_location_enabled",
                      (l && l->storages.n) || cJSON_IsTrue(json_get(r, "is_storage_location_enabled")));
        cJSON_AddItemToArray(arr, w);
    }
}

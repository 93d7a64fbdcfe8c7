/* item_actions.c -- the item operations beyond create, read, update and delete: details in bulk, custom fields, location permissions, bins, serial checks */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/custom_fields.h"
#include "inventory/engine_impl.h"
#include "inventory/items.h"
#include "model/stock_tracking.h"
#include "util/json.h"
#include "zoho/schema.h"

/* ------------------------------------------------------------- helpers */

typedef VEC(char *) id_list;

static void ids_free(id_list *ids)
{
    for (size_t i = 0; i < ids->n; i++) free(ids->v[i]);
    VEC_FREE(*ids);
}

/* ?<name>=a,b,c as ids; false after replying (absent when required, not
 * ids). An absent optional one gives an empty list. */
static bool query_id_list(zm_ctx *x, const char *name, bool required, id_list *out)
{
    char buf[8192];
    int n = request_query(x->req, name, buf, sizeof buf);
    if (n == -2 || (n <= 0 && required)) {
        reply_error(x->rep, n == -2 ? ZE_INVALID_PARAM : ZE_PARAM_MANDATORY, name);
        return false;
    }
    char *save = NULL;
    for (char *tok = n > 0 ? strtok_r(buf, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        if (!*tok) continue;
        if (!id_is_valid(tok)) {
            ids_free(out);
            reply_error(x->rep, ZE_INVALID_PARAM, name);
            return false;
        }
        VEC_PUSH(*out, xstrdup(tok));
    }
    if (required && !out->n) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, name);
        return false;
    }
    return true;
}

/* Every id of the list is a record of the collection; else replies 400. */
static bool all_records(zm_ctx *x, zm_collection *c, const id_list *ids, const char *name)
{
    for (size_t i = 0; i < ids->n; i++) {
        if (!docs_find(c, ids->v[i])) {
            reply_error(x->rep, ZE_INVALID_PARAM, name);
            return false;
        }
    }
    return true;
}

static void done(zm_ctx *x)
{
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

/* ------------------------------------------------------- details, fields */

void items_details(zm_ctx *x)
{
    id_list ids = {0};
    if (!query_id_list(x, "item_ids", true, &ids)) return;
    if (!all_records(x, x->coll, &ids, "item_ids")) {
        ids_free(&ids);
        return;
    }
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    cJSON *arr = cJSON_AddArrayToObject(body, "items");
    const cJSON *schema = schema_items(spec_property(x->op->response, "items"));
    for (size_t i = 0; i < ids.n; i++) cJSON_AddItemToArray(arr, engine_print(x, docs_find(x->coll, ids.v[i]), schema));
    ids_free(&ids);
}

void items_custom_fields(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    /* The document types the body as the array of fields; an object with
     * custom_fields, or one field, is taken too. */
    cJSON *body = request_body_json(x->req, x->rep, true);
    if (!body) return;
    const cJSON *fields = cJSON_IsObject(body) ? json_get(body, "custom_fields") : NULL;
    cJSON *after = cJSON_Duplicate(d->json, true);
    cJSON *list = cJSON_GetObjectItemCaseSensitive(after, "custom_fields");
    if (!cJSON_IsArray(list)) {
        list = cJSON_CreateArray();
        json_set(after, "custom_fields", list);
    }
    if (!custom_fields_merge(x->org, x->rep, list, fields ? fields : body)) {
        cJSON_Delete(after);
        return;
    }
    record_stamp(x, after, false);
    if (engine_commit(x, d, after)) done(x);
}

/* ----------------------------------------------------- location permissions */

/* The record's allowed locations after a permission call: every location
 * (all) or the list, merged with the old one unless overwrite. */
static void set_permissions(cJSON *record, bool all, const id_list *allowed, bool overwrite)
{
    cJSON *list = cJSON_CreateArray();
    if (!all && !overwrite) {
        const cJSON *e;
        cJSON_ArrayForEach(e, json_get(record, "allowed_location_ids"))
            if (cJSON_IsString(e)) cJSON_AddItemToArray(list, cJSON_CreateString(e->valuestring));
    }
    for (size_t i = 0; !all && i < allowed->n; i++) {
        bool have = false;
        const cJSON *e;
        cJSON_ArrayForEach(e, list) have = have || !strcmp(e->valuestring, allowed->v[i]);
        if (!have) cJSON_AddItemToArray(list, cJSON_CreateString(allowed->v[i]));
    }
    rec_set_bool(record, "associated_with_all_locations", all);
    json_set(record, "allowed_location_ids", list);
}

static bool locations_exist(zm_ctx *x, const id_list *ids)
{
    for (size_t i = 0; i < ids->n; i++) {
        if (!org_find_location(x->org, ids->v[i])) {
            reply_error(x->rep, ZE_INVALID_PARAM, "allowed_location_ids");
            return false;
        }
    }
    return true;
}

void items_location_permissions(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    bool all = false;
    id_list allowed = {0};
    if (!d || !request_query_bool(x->req, x->rep, "associated_with_all_locations", false, &all) ||
        !query_id_list(x, "allowed_location_ids", !all, &allowed))
        return;
    if (locations_exist(x, &allowed)) {
        cJSON *after = cJSON_Duplicate(d->json, true);
        set_permissions(after, all, &allowed, true);
        record_stamp(x, after, false);
        if (engine_commit(x, d, after)) done(x);
    }
    ids_free(&allowed);
}

void items_bulk_location_permissions(zm_ctx *x)
{
    id_list items = {0}, allowed = {0};
    bool overwrite = false;
    if (!request_query_bool(x->req, x->rep, "overwrite", false, &overwrite) ||
        !query_id_list(x, "item_ids", true, &items))
        return;
    if (query_id_list(x, "allowed_location_ids", true, &allowed) && all_records(x, x->coll, &items, "item_ids") &&
        locations_exist(x, &allowed)) {
        for (size_t i = 0; i < items.n; i++) {
            zm_doc *d = docs_find(x->coll, items.v[i]);
            set_permissions(d->json, false, &allowed, overwrite);
            record_stamp(x, d->json, false);
        }
        done(x);
    }
    ids_free(&items);
    ids_free(&allowed);
}

/* ------------------------------------------------------------------ bins */

static void answer_array(zm_ctx *x, const cJSON *arr)
{
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    const cJSON *schema = spec_property(x->op->response, x->op->response_key);
    cJSON *out = schema ? schema_conform(arr, schema) : cJSON_Duplicate(arr, true);
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, x->op->response_key, out);
}

/* location_id or warehouse_id of the query ("" when neither). */
static bool query_location(zm_ctx *x, char out[32])
{
    out[0] = '\0';
    int n = request_query(x->req, "location_id", out, 32);
    if (n < 0) n = request_query(x->req, "warehouse_id", out, 32);
    if (n < 0) out[0] = '\0';
    if (n == -2 || (n >= 0 && !org_find_location(x->org, out))) {
        reply_error(x->rep, ZE_INVALID_PARAM, "location_id");
        return false;
    }
    return true;
}

void items_storage_mapping_get(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    char loc[32];
    if (!d || !query_location(x, loc)) return;
    cJSON *rows = cJSON_CreateArray();
    const cJSON *e;
    cJSON_ArrayForEach(e, docs_sub_array(d, "storagelocationsmapping"))
        if (!*loc || !strcmp(rec_str(e, "location_id"), loc)) cJSON_AddItemToArray(rows, cJSON_Duplicate(e, true));
    answer_array(x, rows);
    cJSON_Delete(rows);
}

/* The location holding the bin; NULL when it is no bin of the organization. */
static zm_location *bin_location(zm_org *org, const char *storage_id)
{
    for (size_t i = 0; i < org->locations.n; i++)
        if (location_find_storage(&org->locations.v[i], storage_id)) return &org->locations.v[i];
    return NULL;
}

void items_storage_mapping_put(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    const char *loc = rec_str(body, "location_id");
    if (*loc && !org_find_location(x->org, loc)) {
        reply_error(x->rep, ZE_INVALID_FIELD, "location_id");
        return;
    }
    cJSON *fresh = cJSON_CreateArray();
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(body, "storage_locations_product_mapping")) {
        const char *bin = rec_str(e, "storage_id"), *product = rec_str(e, "product_id");
        zm_location *at = bin_location(x->org, bin);
        bool ok = at && (!*loc || !strcmp(at->location_id, loc));
        if (!ok || strcmp(product, d->id) != 0) {
            cJSON_Delete(fresh);
            reply_error(x->rep, ZE_INVALID_FIELD, ok ? "product_id" : "storage_id");
            return;
        }
        cJSON *m = cJSON_CreateObject();
        json_add_str(m, "product_id", product);
        json_add_str(m, "storage_id", bin);
        json_add_str(m, "location_id", at->location_id);
        cJSON_AddItemToArray(fresh, m);
    }
    /* The mappings of the body's location are replaced (every location's without one). */
    cJSON *all = docs_sub_array(d, "storagelocationsmapping");
    for (int i = cJSON_GetArraySize(all); i-- > 0;)
        if (!*loc || !strcmp(rec_str(cJSON_GetArrayItem(all, i), "location_id"), loc)) cJSON_DeleteItemFromArray(all, i);
    cJSON *m;
    while ((m = fresh->child)) cJSON_AddItemToArray(all, cJSON_DetachItemViaPointer(fresh, m));
    cJSON_Delete(fresh);
    done(x);
}

void items_default_storage_get(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (d) answer_array(x, docs_sub_array(d, "defaultstoragemapping"));
}

void items_default_storage_put(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    cJSON *all = docs_sub_array(d, "defaultstoragemapping");
    cJSON *next = cJSON_Duplicate(all, true);
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(body, "default_storage_location_mapping")) {
        const char *bin = rec_str(e, "storage_id"), *loc = rec_str(e, "location_id");
        zm_location *at = bin_location(x->org, bin);
        if (!at || (*loc && strcmp(at->location_id, loc) != 0)) {
            cJSON_Delete(next);
            reply_error(x->rep, ZE_INVALID_FIELD, at ? "location_id" : "storage_id");
            return;
        }
        /* One default bin per location. */
        for (int i = cJSON_GetArraySize(next); i-- > 0;)
            if (!strcmp(rec_str(cJSON_GetArrayItem(next, i), "location_id"), at->location_id)) cJSON_DeleteItemFromArray(next, i);
        cJSON *m = cJSON_CreateObject();
        json_add_str(m, "location_id", at->location_id);
        json_add_str(m, "storage_id", bin);
        cJSON_AddItemToArray(next, m);
    }
    cJSON_DeleteItemFromObjectCaseSensitive(d->subs, "defaultstoragemapping");
    cJSON_AddItemToObject(d->subs, "defaultstoragemapping", next);
    done(x);
}

static bool stock_in_bins(const zm_item *it)
{
    for (size_t i = 0; it && i < it->stock.n; i++)
        if (it->stock.v[i].storage_id[0] && it->stock.v[i].quantity > QTY_EPSILON) return true;
    return false;
}

void items_storage_enable(zm_ctx *x)
{
    bool enable = strstr(x->op->path, "/enablestoragelocation") != NULL;
    id_list ids = {0};
    if (!query_id_list(x, "item_ids", true, &ids)) return;
    bool ok = all_records(x, x->coll, &ids, "item_ids");
    for (size_t i = 0; ok && !enable && i < ids.n; i++) {
        if (stock_in_bins(org_find_item(x->org, ids.v[i]))) {
            char msg[200];
            snprintf(msg, sizeof msg, "Bin locations cannot be disabled for the item %s: it has stock in bins.", ids.v[i]);
            reply_error(x->rep, ZE_VALIDATION, msg);
            ok = false;
        }
    }
    for (size_t i = 0; ok && i < ids.n; i++) {
        zm_doc *d = docs_find(x->coll, ids.v[i]);
        rec_set_bool(d->json, "is_storage_location_enabled", enable);
        record_stamp(x, d->json, false);
    }
    if (ok) done(x);
    ids_free(&ids);
}

/* ------------------------------------------------------- serial numbers */

/* Whether a serial must already be in stock (outgoing documents) or must
 * be new (receiving documents: the serial comes in with them). */
static bool incoming(const char *entity_type)
{
    static const char *const in[] = {"purchasereceive", "purchase_receive", "bill", "purchaseorder", "opening_stock",
                                     "salesreturn", "sales_return", "salesreturnreceive", "vendorcredit", NULL};
    for (size_t i = 0; in[i]; i++)
        if (!strcmp(in[i], entity_type)) return true;
    return false;
}

/* Checks serials of the item for a document of entity_type at location
 * ("" anywhere); false after replying with the first that fails. */
static bool validate_serials(zm_ctx *x, zm_item *item, const cJSON *serials, const char *entity_type, const char *location)
{
    if (!item || !item->track_serial_number) {
        reply_error(x->rep, ZE_VALIDATION, "Invalid value passed for serial_numbers: the item is not tracked by serial numbers.");
        return false;
    }
    bool in = incoming(entity_type);
    const cJSON *s;
    cJSON_ArrayForEach(s, serials) {
        if (!cJSON_IsString(s) || !*s->valuestring) {
            reply_error(x->rep, ZE_INVALID_FIELD, "serial_numbers");
            return false;
        }
        zm_stock_row *holder = NULL;
        for (size_t i = 0; i < item->stock.n && !holder; i++) {
            zm_stock_row *r = &item->stock.v[i];
            if ((in || !*location || !strcmp(r->location_id, location)) &&
                strings_find(r->serial_numbers.v, r->serial_numbers.n, s->valuestring, NULL))
                holder = r;
        }
        if (in == (holder != NULL)) {
            char msg[256];
            snprintf(msg, sizeof msg, "Invalid value passed for serial_numbers: %s %s.", s->valuestring,
                     in ? "already exists for the item" : "is not in stock");
            reply_error(x->rep, ZE_VALIDATION, msg);
            return false;
        }
    }
    return true;
}

void items_serial_validate(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    char list[4096], type[64] = "", loc[32];
    int n = request_query(x->req, "serial_numbers", list, sizeof list);
    if (n <= 0) {
        reply_error(x->rep, n == -2 ? ZE_INVALID_PARAM : ZE_PARAM_MANDATORY, "serial_numbers");
        return;
    }
    if (request_query(x->req, "entity_type", type, sizeof type) < 0) type[0] = '\0';
    if (!query_location(x, loc)) return;
    cJSON *serials = cJSON_CreateArray();
    char *save = NULL;
    for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        cJSON_AddItemToArray(serials, cJSON_CreateString(tok));
    if (validate_serials(x, org_find_item(x->org, d->id), serials, type, loc)) done(x);
    cJSON_Delete(serials);
}

void items_serial_validate_map(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    const cJSON *serials = json_get(body, "serial_numbers");
    if (!cJSON_IsArray(serials) || !cJSON_GetArraySize(serials)) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "serial_numbers");
        return;
    }
    const char *loc = *rec_str(body, "location_id") ? rec_str(body, "location_id") : rec_str(body, "warehouse_id");
    if (*loc && !org_find_location(x->org, loc)) {
        reply_error(x->rep, ZE_INVALID_FIELD, "location_id");
        return;
    }
    if (!validate_serials(x, org_find_item(x->org, d->id), serials, rec_str(body, "entity_type"), loc)) return;
    /* The mapping is remembered with the item (entity, place, serials). */
    cJSON *m = cJSON_CreateObject();
    json_add_str(m, "entity_type", rec_str(body, "entity_type"));
    json_add_str(m, "entity_id", rec_str(body, "entity_id"));
    json_add_str(m, "location_id", loc);
    cJSON_AddItemToObject(m, "serial_numbers", cJSON_Duplicate(serials, true));
    cJSON_AddItemToArray(docs_sub_array(d, "serialnumber_mappings"), m);
    done(x);
}

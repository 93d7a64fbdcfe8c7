/* stock_orders.c -- transfer orders, move orders, putaways and picklists: what they may name, their statuses, their filters */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/record_ids.h"
#include "inventory/stock_lines.h"
#include "inventory/warehouse.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. The engine builds, numbers (TO-00001, MO-00001,
 * PUT-00001, PL-00001), lists and moves these records; the checks here
 * refuse what Zoho refuses: a transfer between one location and itself,
 * lines without a positive quantity, bins of another location, users who
 * are not members, changes to an order that is done.
 *
 * The stock they move is stock_order_moves.c's (their `moves` hooks). */

/* What a line of the body says beyond the documented record line, kept on
 * the record's line of the same index: the stock it moves (stock_lines.h). */
static void keep_line_detail(cJSON *record, const cJSON *body)
{
    stock_lines_keep(record, body, stock_order_line_detail);
}

/* Every line has a positive quantity in `field` and an item of the
 * organization, whose name, sku and unit fill what the line leaves empty
 * (a line's item_id the document types as an integer is not resolved by
 * the engine). */
static bool lines_ok(zm_ctx *x, cJSON *record, const char *field)
{
    cJSON *lines = cJSON_GetObjectItemCaseSensitive(record, "line_items"), *l;
    if (!cJSON_GetArraySize(lines)) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "line_items");
        return false;
    }
    cJSON_ArrayForEach(l, lines) {
        char id[ID_LEN];
        const zm_item *it = org_find_item(x->org, rec_id(l, "item_id", id));
        if (!it) {
            reply_error(x->rep, ZE_INVALID_FIELD, "item_id");
            return false;
        }
        static const char *const names[] = {"name", "sku", "unit"};
        const char *values[] = {it->name, it->sku, it->unit};
        for (size_t k = 0; k < 3; k++)
            if (json_get(l, names[k]) && !*rec_str(l, names[k])) rec_set_str(l, names[k], values[k]);
        if (rec_num(l, field) <= 0) {
            reply_error(x->rep, ZE_INVALID_FIELD, field);
            return false;
        }
    }
    return true;
}

/* The bins a line names (storage_id of from_storages, to_storages,
 * storages) are bins of the location. */
static bool bins_at(zm_ctx *x, const cJSON *record, const char *location_id)
{
    static const char *const lists[] = {"from_storages", "to_storages", "storages", NULL};
    zm_location *loc = org_find_location(x->org, location_id);
    const cJSON *l, *s;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        for (size_t k = 0; lists[k]; k++) {
            cJSON_ArrayForEach(s, json_get(l, lists[k])) {
                char id[ID_LEN];
                if (!loc || !location_find_storage(loc, rec_id(s, "storage_id", id))) {
                    reply_error(x->rep, ZE_INVALID_FIELD, "storage_id");
                    return false;
                }
            }
        }
    }
    return true;
}

/* An order in one of these statuses is done: it cannot be edited. */
static bool editable(zm_ctx *x, const zm_doc *existing, const char *const *done)
{
    if (!existing || x->op->kind != OP_UPDATE) return true;
    const char *status = rec_str(existing->json, "status");
    for (size_t i = 0; done[i]; i++) {
        if (!strcmp(status, done[i])) {
            reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, "updated", status);
            return false;
        }
    }
    return true;
}

/* location_id or warehouse_id (either names it), else the primary location. */
static bool one_location(zm_ctx *x, cJSON *record)
{
    char id[ID_LEN], wh[ID_LEN];
    const char *loc = rec_id(record, "location_id", id);
    if (!*loc) loc = rec_id(record, "warehouse_id", wh);
    if (!*loc && x->org->locations.n) loc = x->org->locations.v[0].location_id;
    zm_location *l = org_find_location(x->org, loc);
    if (!l) {
        reply_error(x->rep, ZE_INVALID_FIELD, "location_id");
        return false;
    }
    rec_set_str(record, "location_id", l->location_id);
    rec_set_str(record, "location_name", l->location_name);
    if (json_get(record, "warehouse_id")) {
        rec_set_str(record, "warehouse_id", l->location_id);
        rec_set_str(record, "warehouse_name", l->location_name);
    }
    return true;
}

static bool user_ok(zm_ctx *x, cJSON *record, const char *field)
{
    char id[ID_LEN];
    if (*rec_id(record, field, id) && !org_find_user(x->org, id)) {
        reply_error(x->rep, ZE_INVALID_FIELD, field);
        return false;
    }
    return true;
}

/* ------------------------------------------------------- transfer orders */

bool transferorders_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    static const char *const done[] = {"transferred", "void", NULL};
    if (!editable(x, existing, done)) return false;
    if (!strcmp(rec_str(record, "from_location_id"), rec_str(record, "to_location_id"))) {
        reply_error(x->rep, ZE_VALIDATION,
                    "Invalid value passed for to_location_id: a transfer order moves stock between two different locations.");
        return false;
    }
    if (!lines_ok(x, record, "quantity_transfer")) return false;
    if (x->op->kind == OP_CREATE || x->op->kind == OP_UPDATE) keep_line_detail(record, body);
    /* A new order is transferred at once unless it is in transit (the
     * document: is_intransit_order "states whether the transfer order is in
     * transit or transferred", false by default), or a draft when the body
     * says "status": "draft" (Zoho's Save as Draft). */
    if (!existing) {
        bool in_transit = cJSON_IsTrue(json_get(record, "is_intransit_order"));
        const char *status = !strcmp(rec_str(body, "status"), "draft") ? "draft" : in_transit ? "in_transit" : "transferred";
        rec_set_str(record, "status", status);
    }
    if (!strcmp(rec_str(record, "status"), "in_transit")) rec_set_bool(record, "is_intransit_order", true);
    return transferorders_check_stock(x, record);
}

/* ----------------------------------------------------------- move orders */

bool moveorders_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    static const char *const done[] = {"completed", NULL};
    if (!editable(x, existing, done) || !one_location(x, record) || !user_ok(x, record, "assignee_id")) return false;
    if (x->op->kind == OP_CREATE || x->op->kind == OP_UPDATE) keep_line_detail(record, body);
    if (!lines_ok(x, record, "quantity_transferred") || !bins_at(x, record, rec_str(record, "location_id")) ||
        !moveorders_check_stock(x, record))
        return false;
    const char *sent = rec_str(body, "status");
    if (!existing && *sent) {
        if (strcmp(sent, "draft") != 0 && strcmp(sent, "confirmed") != 0) {
            reply_error(x->rep, ZE_INVALID_FIELD, "status");
            return false;
        }
        rec_set_str(record, "status", sent);
    }
    if (!strcmp(rec_str(record, "status"), "completed") && !*rec_str(record, "completed_date")) {
        char today[16];
        clock_today(&x->org->clock, today);
        rec_set_str(record, "completed_date", today);
    }
    return true;
}

/* -------------------------------------------------------------- putaways */

bool putaways_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)existing;
    if (!one_location(x, record)) return false;
    if (x->op->kind == OP_CREATE || x->op->kind == OP_UPDATE) keep_line_detail(record, body);
    return lines_ok(x, record, "quantity_transferred") && bins_at(x, record, rec_str(record, "location_id")) &&
           putaways_check_stock(x, record);
}

/* ------------------------------------------------------------- picklists */

static const char *const pick_statuses[] = {"yettostart", "inprogress", "onhold", "completed", NULL};

bool picklists_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    static const char *const done[] = {"completed", NULL};
    if (!editable(x, existing, done) || !user_ok(x, record, "assignee_id")) return false;
    if (x->op->kind == OP_CREATE || x->op->kind == OP_UPDATE) keep_line_detail(record, body);
    const cJSON *lines = json_get(record, "line_items"), *l;
    if (!cJSON_GetArraySize(lines)) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "line_items");
        return false;
    }
    cJSON_ArrayForEach(l, lines) {
        double to_pick = rec_num(l, "quantity_to_be_picked"), picked = rec_num(l, "quantity_picked");
        if (to_pick < 0 || picked < 0 || picked > to_pick) {
            reply_error(x->rep, ZE_INVALID_FIELD, picked > to_pick ? "quantity_picked" : "quantity_to_be_picked");
            return false;
        }
    }
    if (!bins_at(x, record, rec_str(record, "location_id"))) return false;
    if (!*rec_str(record, "status")) rec_set_str(record, "status", "yettostart");
    return true;
}

/* Which status a picklist may move to from which. */
static bool pick_move_allowed(const char *from, const char *to)
{
    if (!strcmp(from, "completed")) return false;
    if (!strcmp(to, "yettostart")) return false;
    return strcmp(from, to) != 0;
}

static bool set_status(zm_ctx *x, zm_doc *d, const char *status)
{
    const char *from = rec_str(d->json, "status");
    if (!pick_move_allowed(from, status)) {
        char what[64];
        snprintf(what, sizeof what, "marked as %s", status);
        reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, what, from);
        return false;
    }
    cJSON *after = cJSON_Duplicate(d->json, true);
    rec_set_str(after, "status", status);
    record_stamp(x, after, false);
    return engine_commit(x, d, after);
}

/* The document's message for setstatus ("The picklist has been deleted.")
 * is a copy slip: the answer says what happened. */
void picklists_set_status(zm_ctx *x)
{
    char status[32];
    int n = request_query(x->req, "status", status, sizeof status);
    bool known = false;
    for (size_t i = 0; n > 0 && pick_statuses[i]; i++) known = known || !strcmp(pick_statuses[i], status);
    if (!known) {
        reply_error(x->rep, n <= 0 && n != -2 ? ZE_PARAM_MANDATORY : ZE_INVALID_PARAM, "status");
        return;
    }
    if (x->op->kind == OP_ACTION) {
        zm_doc *d = engine_find_doc(x);
        if (d && set_status(x, d, status)) reply_success(x->rep, x->op->status, "The picklist status has been updated.");
        return;
    }
    char ids[8192], *save = NULL;
    n = request_query(x->req, "picklist_ids", ids, sizeof ids);
    if (n <= 0) {
        reply_error(x->rep, n == -2 ? ZE_INVALID_PARAM : ZE_PARAM_MANDATORY, "picklist_ids");
        return;
    }
    /* Every picklist must exist and allow the move before any moves. */
    char copy[8192];
    snprintf(copy, sizeof copy, "%s", ids);
    for (char *id = strtok_r(copy, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
        zm_doc *d = docs_find(x->coll, id);
        if (!d) {
            reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
            return;
        }
        if (!pick_move_allowed(rec_str(d->json, "status"), status)) {
            char what[64];
            snprintf(what, sizeof what, "marked as %s", status);
            reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, what, rec_str(d->json, "status"));
            return;
        }
    }
    save = NULL;
    for (char *id = strtok_r(ids, ",", &save); id; id = strtok_r(NULL, ",", &save))
        if (!set_status(x, docs_find(x->coll, id), status)) return;
    reply_success(x->rep, x->op->status, "The picklist status has been updated.");
}

/* GET /picklists/{id}/advancedtrackingdetails: the serial numbers and
 * batches of each line; PUT sets them (lines named by line_item_id). */
void picklists_tracking_get(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    cJSON *t = cJSON_CreateObject();
    json_add_str(t, "transaction_id", d->id);
    cJSON *lines = cJSON_AddArrayToObject(t, "line_items");
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(d->json, "line_items")) {
        cJSON *e = cJSON_CreateObject();
        char id[ID_LEN];
        json_add_str(e, "line_item_id", rec_str(l, "line_item_id"));
        json_add_str(e, "item_id", rec_id(l, "item_id", id));
        json_add_str(e, "name", rec_str(l, "name"));
        const cJSON *v = json_get(l, "serial_numbers");
        cJSON_AddItemToObject(e, "serial_numbers", cJSON_IsArray(v) ? cJSON_Duplicate(v, true) : cJSON_CreateArray());
        v = json_get(l, "batches");
        cJSON_AddItemToObject(e, "batches", cJSON_IsArray(v) ? cJSON_Duplicate(v, true) : cJSON_CreateArray());
        cJSON_AddItemToArray(lines, e);
    }
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    const cJSON *schema = spec_property(x->op->response, "transaction");
    cJSON *out = schema ? schema_conform(t, schema) : cJSON_Duplicate(t, true);
    cJSON_Delete(t);
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, "transaction", out);
}

void picklists_tracking_put(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, false)) return;
    cJSON *after = cJSON_Duplicate(d->json, true);
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(body, "line_items")) {
        cJSON *line = NULL, *l;
        cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(after, "line_items"))
            if (!strcmp(rec_str(l, "line_item_id"), rec_str(e, "line_item_id"))) line = l;
        if (!line) {
            cJSON_Delete(after);
            reply_error(x->rep, ZE_INVALID_FIELD, "line_item_id");
            return;
        }
        static const char *const kept[] = {"serial_numbers", "batches", NULL};
        for (size_t k = 0; kept[k]; k++)
            if (cJSON_IsArray(json_get(e, kept[k]))) json_set(line, kept[k], cJSON_Duplicate(json_get(e, kept[k]), true));
    }
    record_stamp(x, after, false);
    /* (The document's message here, "The picklist has been deleted.", is a copy slip.) */
    if (engine_commit(x, d, after)) reply_success(x->rep, x->op->status, "The tracking details have been updated.");
}

/* Sales orders (and their lines) a picklist can pick from, in the shape of
 * the operation's answer. Purchase returns are not modelled: their search
 * answers an empty list. */
void picklists_search(zm_ctx *x)
{
    const char *key = x->op->response_key;
    const cJSON *row_schema = schema_items(spec_property(x->op->response, key));
    bool lines = strstr(x->op->path, "lineitems") != NULL;
    zm_module *so = strstr(x->op->path, "searchpr") ? NULL : module_by_name("salesorders");
    zm_collection *c = so ? docs_collection(x->org, so->slot) : NULL;
    char loc[32], customers[4096], orders[4096], items[4096];
    if (request_query(x->req, "location_id", loc, sizeof loc) < 0) loc[0] = '\0';
    if (request_query(x->req, "customer_ids_in", customers, sizeof customers) < 0) customers[0] = '\0';
    if (request_query(x->req, "salesorder_ids_in", orders, sizeof orders) < 0) orders[0] = '\0';
    if (request_query(x->req, "item_ids_in", items, sizeof items) < 0) items[0] = '\0';
    cJSON *rows = cJSON_CreateArray();
    for (size_t i = 0; c && i < c->docs.n; i++) {
        const cJSON *doc = c->docs.v[i]->json, *l;
        const char *status = rec_str(doc, "status");
        if (!strcmp(status, "draft") || !strcmp(status, "void") || !strcmp(status, "fulfilled")) continue;
        if (*loc && strcmp(rec_str(doc, "location_id"), loc) != 0) continue;
        if (*customers && !id_listed(customers, rec_str(doc, "customer_id"))) continue;
        if (*orders && !id_listed(orders, c->docs.v[i]->id)) continue;
        if (!lines) {
            cJSON_AddItemToArray(rows, schema_project(doc, row_schema));
            continue;
        }
        cJSON_ArrayForEach(l, json_get(doc, "line_items")) {
            if (*items && !id_listed(items, rec_str(l, "item_id"))) continue;
            cJSON *row = cJSON_Duplicate(l, true);
            rec_set_str(row, "so_line_item_id", rec_str(l, "line_item_id"));
            rec_set_str(row, "salesorder_id", c->docs.v[i]->id);
            rec_set_str(row, "salesorder_number", rec_str(doc, "salesorder_number"));
            rec_set_str(row, "customer_id", rec_str(doc, "customer_id"));
            rec_set_str(row, "customer_name", rec_str(doc, "customer_name"));
            rec_set_num(row, "quantity_to_be_picked", rec_num(l, "quantity"));
            const zm_item *it = org_find_item(x->org, rec_str(l, "item_id"));
            rec_set_num(row, "available_stock_for_picking", it ? item_stock_at(it, *loc ? loc : NULL) : 0);
            cJSON_AddItemToArray(rows, schema_project(row, row_schema));
            cJSON_Delete(row);
        }
    }
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    if (x->org->numeric_ids) engine_numeric_ids(rows);
    cJSON_AddItemToObject(body, key, rows);
}

/* ---------------------------------------------------------------- filters */

static bool any_line(const cJSON *record, const char *field, const char *value, bool contains)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        char id[ID_LEN];
        const char *v = contains ? rec_str(l, field) : rec_id(l, field, id);
        if (contains ? strcasestr(v, value) != NULL : !strcmp(v, value)) return true;
    }
    return false;
}

static bool any_serial(const cJSON *record, const char *serial)
{
    const cJSON *l, *s;
    cJSON_ArrayForEach(l, json_get(record, "line_items"))
        cJSON_ArrayForEach(s, json_get(l, "serial_numbers"))
            if (cJSON_IsString(s) && !strcmp(s->valuestring, serial)) return true;
    return false;
}

int stock_orders_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    const cJSON *r = d->json;
    if (!strcmp(param, "item_id")) return any_line(r, "item_id", value, false);
    if (!strcmp(param, "item_name")) return any_line(r, "name", value, true);
    if (!strcmp(param, "serial_number")) return any_serial(r, value);
    if (!strcmp(param, "warehouse_id") && !json_get(r, "warehouse_id")) return !strcmp(rec_str(r, "location_id"), value);
    /* The legacy warehouse names of a transfer's two ends. */
    static const char *const legacy[][2] = {
        {"from_warehouse_id", "from_location_id"}, {"to_warehouse_id", "to_location_id"},
        {"from_warehouse_name", "from_location_name"}, {"to_warehouse_name", "to_location_name"},
    };
    for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++)
        if (!strcmp(param, legacy[i][0])) return !strcasecmp(rec_str(r, legacy[i][1]), value);
    return -1;
}

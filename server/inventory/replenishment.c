/* replenishment.c -- replenishment configurations (per item and location), pausing them, and the tasks they generate from live stock */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/date_views.h"
#include "inventory/engine_impl.h"
#include "inventory/record_ids.h"
#include "inventory/warehouse.h"
#include "model/stock_tracking.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. A configuration says, for one item at one location, the
 * reorder level and the stock to refill up to. Generating tasks compares
 * each active configuration with the item's live stock there: at or below
 * the reorder level, a pending task asks for max_stock_level - stock,
 * rounded up to order_multiple and kept within min/max_order_quantity (a
 * pending task of the same item and location is updated instead of a
 * second one made). A paused configuration (until pause_till_date, or
 * until resumed) generates nothing. */

static bool one_of(const char *s, const char *a, const char *b)
{
    return !strcmp(s, a) || !strcmp(s, b);
}

/* ------------------------------------------------------- configurations */

static zm_doc *config_of(zm_collection *c, const char *item_id, const char *location_id)
{
    for (size_t i = 0; i < c->docs.n; i++)
        if (!strcmp(rec_str(c->docs.v[i]->json, "item_id"), item_id) &&
            !strcmp(rec_str(c->docs.v[i]->json, "location_id"), location_id))
            return c->docs.v[i];
    return NULL;
}

static const char *status_or_active(const zm_doc *d)
{
    const char *s = d ? rec_str(d->json, "status") : "";
    return *s ? s : "active";
}

bool replenishments_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    if (!*rec_str(record, "location_id") && *rec_str(record, "warehouse_id"))
        rec_set_str(record, "location_id", rec_str(record, "warehouse_id"));
    if (!*rec_str(record, "preferred_location_id") && *rec_str(record, "preferred_warehouse_id"))
        rec_set_str(record, "preferred_location_id", rec_str(record, "preferred_warehouse_id"));
    zm_doc *item = module_find(x, "items", rec_str(record, "item_id"));
    zm_doc *loc = module_find(x, "locations", rec_str(record, "location_id"));
    if (!item || !loc) {
        reply_error(x->rep, ZE_INVALID_FIELD, item ? "location_id" : "item_id");
        return false;
    }
    zm_doc *other = config_of(x->coll, item->id, loc->id);
    if (other && other != existing && strcmp(other->id, rec_str(record, "replenishment_configuration_id")) != 0) {
        reply_error(x->rep, ZE_VALIDATION,
                    "Invalid value passed for item_id: the item already has a replenishment configuration at this location.");
        return false;
    }
    const char *order_type = rec_str(record, "order_type");
    if (!*order_type) rec_set_str(record, "order_type", order_type = "purchase_order");
    if (!one_of(order_type, "purchase_order", "transfer_order")) {
        reply_error(x->rep, ZE_INVALID_FIELD, "order_type");
        return false;
    }
    const char *source = rec_str(record, "preferred_location_id");
    zm_doc *from = *source ? module_find(x, "locations", source) : NULL;
    if ((*source && !from) || (from && from == loc) || (!from && !strcmp(order_type, "transfer_order"))) {
        reply_error(x->rep, *source ? ZE_INVALID_FIELD : ZE_PARAM_MANDATORY, "preferred_location_id");
        return false;
    }
    const char *vendor = rec_str(record, "preferred_vendor_id");
    zm_doc *v = *vendor ? module_find(x, "contacts", vendor) : NULL;
    if (*vendor && !v) {
        reply_error(x->rep, ZE_INVALID_FIELD, "preferred_vendor_id");
        return false;
    }
    static const char *const amounts[] = {"reorder_level", "max_stock_level", "order_multiple", "max_order_quantity",
                                          "min_order_quantity", NULL};
    for (size_t i = 0; amounts[i]; i++) {
        if (rec_num(record, amounts[i]) < 0) {
            reply_error(x->rep, ZE_INVALID_FIELD, amounts[i]);
            return false;
        }
    }
    if (rec_num(record, "max_stock_level") > 0 && rec_num(record, "max_stock_level") < rec_num(record, "reorder_level")) {
        reply_error(x->rep, ZE_VALIDATION, "Invalid value passed for max_stock_level: it is below the reorder_level.");
        return false;
    }
    const char *status = rec_str(record, "status");
    if (!*status) rec_set_str(record, "status", "active");
    else if (!one_of(status, "active", "paused")) {
        reply_error(x->rep, ZE_INVALID_FIELD, "status");
        return false;
    }
    if (!strcmp(rec_str(record, "status"), "active")) rec_set_str(record, "pause_till_date", "");
    rec_set_str(record, "item_name", rec_str(item->json, "name"));
    rec_set_str(record, "unit", rec_str(item->json, "unit"));
    rec_set_str(record, "location_name", rec_str(loc->json, "location_name"));
    rec_set_str(record, "preferred_location_name", from ? rec_str(from->json, "location_name") : "");
    rec_set_str(record, "preferred_vendor_name", v ? rec_str(v->json, "contact_name") : "");
    return true;
}

void replenishments_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    zm_doc *item = module_find(x, "items", rec_str(d->json, "item_id"));
    zm_doc *loc = module_find(x, "locations", rec_str(d->json, "location_id"));
    zm_doc *from = module_find(x, "locations", rec_str(d->json, "preferred_location_id"));
    zm_doc *vendor = module_find(x, "contacts", rec_str(d->json, "preferred_vendor_id"));
    json_set(out, "item_status", cJSON_CreateString(item ? status_or_active(item) : ""));
    json_set(out, "location_status", cJSON_CreateString(loc ? status_or_active(loc) : ""));
    json_set(out, "preferred_location_status", cJSON_CreateString(from ? status_or_active(from) : ""));
    json_set(out, "preferred_vendor_status", cJSON_CreateString(vendor ? status_or_active(vendor) : ""));
}


int replenishments_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    if (!strcmp(param, "item_ids")) return id_listed(value, rec_str(d->json, "item_id"));
    if (!strcmp(param, "location_ids")) return id_listed(value, rec_str(d->json, "location_id"));
    return -1;
}

/* A configuration from fields, new or merged into d (only checked when
 * dry); false after replying. */
static bool save_config(zm_ctx *x, zm_doc *d, const cJSON *fields, bool dry, zm_doc **out)
{
    cJSON *record;
    zm_id id;
    if (d) {
        record = cJSON_Duplicate(d->json, true);
        snprintf(id, sizeof id, "%s", d->id);
    } else {
        record = x->mod->record_schema ? schema_default(x->mod->record_schema) : cJSON_CreateObject();
        org_new_id(x->org, id);
    }
    record_merge(x, record, fields, x->mod->record_schema);
    rec_set_str(record, "replenishment_configuration_id", id);
    record_stamp(x, record, d == NULL);
    if (!record_resolve(x, record) || !replenishments_check(x, record, fields, d) || dry) {
        cJSON_Delete(record);
        return dry && !x->rep->body;
    }
    if (d) {
        if (!engine_commit(x, d, record)) return false;
        *out = d;
    } else {
        *out = docs_add(x->org, x->coll, id, record);
    }
    return true;
}

void replenishments_bulk_update(zm_ctx *x)
{
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, false)) return;
    const cJSON *list = json_get(body, "replenishment_configurations"), *e;
    if (!cJSON_IsArray(list) || !cJSON_GetArraySize(list)) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "replenishment_configurations");
        return;
    }
    char items[4096], locations[4096];
    if (request_query(x->req, "item_ids", items, sizeof items) < 0) items[0] = '\0';
    if (request_query(x->req, "location_ids", locations, sizeof locations) < 0) locations[0] = '\0';
    /* Each element names its configuration by id, or by item and location
     * (a new one when there is none); the query's item_ids and
     * location_ids, when given, bound what may be touched. */
    cJSON *saved = cJSON_CreateArray();
    bool ok = true;
    /* All or nothing: every element is checked before any is saved. */
    for (int pass = 0; pass < 2 && ok; pass++) {
        cJSON_ArrayForEach(e, list) {
            const char *id = rec_str(e, "replenishment_configuration_id");
            zm_doc *d = *id ? docs_find(x->coll, id)
                            : config_of(x->coll, rec_str(e, "item_id"), rec_str(e, "location_id"));
            if (*id && !d) {
                reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
                ok = false;
                break;
            }
            const char *item = d ? rec_str(d->json, "item_id") : rec_str(e, "item_id");
            const char *loc = d ? rec_str(d->json, "location_id") : rec_str(e, "location_id");
            if ((*items && !id_listed(items, item)) || (*locations && !id_listed(locations, loc))) {
                reply_error(x->rep, ZE_INVALID_PARAM, *items && !id_listed(items, item) ? "item_ids" : "location_ids");
                ok = false;
                break;
            }
            zm_doc *out = NULL;
            ok = save_config(x, d, e, pass == 0, &out);
            if (!ok) break;
            if (pass == 1) cJSON_AddItemToArray(saved, engine_print(x, out, x->mod->record_schema));
        }
    }
    if (!ok) {
        cJSON_Delete(saved);
        return;
    }
    cJSON *answer = reply_success(x->rep, x->op->status, engine_message(x->op));
    cJSON_AddItemToObject(answer, "replenishment_configurations", saved);
}

/* PUT /replenishments/pause and /resume: the configurations of the query's
 * items and locations (every one when neither is given). */
static void bulk_status(zm_ctx *x, const char *to)
{
    char items[4096], locations[4096], till[16] = "";
    if (request_query(x->req, "item_ids", items, sizeof items) < 0) items[0] = '\0';
    if (request_query(x->req, "location_ids", locations, sizeof locations) < 0) locations[0] = '\0';
    int n = request_query(x->req, "pause_till_date", till, sizeof till);
    int64_t day;
    if (n == -2 || (n > 0 && clock_parse_date(till, &day) != 0)) {
        reply_error(x->rep, ZE_INVALID_PARAM, "pause_till_date");
        return;
    }
    if (n < 0) till[0] = '\0';
    size_t moved = 0;
    for (size_t i = 0; i < x->coll->docs.n; i++) {
        cJSON *r = x->coll->docs.v[i]->json;
        if ((*items && !id_listed(items, rec_str(r, "item_id"))) || (*locations && !id_listed(locations, rec_str(r, "location_id"))))
            continue;
        rec_set_str(r, "status", to);
        rec_set_str(r, "pause_till_date", !strcmp(to, "paused") ? till : "");
        record_stamp(x, r, false);
        moved++;
    }
    if (!moved) {
        reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
        return;
    }
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

void replenishments_pause(zm_ctx *x) { bulk_status(x, "paused"); }
void replenishments_resume(zm_ctx *x) { bulk_status(x, "active"); }

/* ----------------------------------------------------------------- tasks */

static bool paused(zm_ctx *x, const cJSON *config)
{
    if (strcmp(rec_str(config, "status"), "paused") != 0) return false;
    const char *till = rec_str(config, "pause_till_date");
    if (!*till) return true;
    char today[16];
    clock_today(&x->org->clock, today);
    return strcmp(today, till) <= 0;
}

/* How much to order: up to max_stock_level (or the reorder level when
 * none), rounded up to the order multiple, within the order bounds. */
static double quantity_to_order(const cJSON *config, double stock)
{
    double target = rec_num(config, "max_stock_level") > 0 ? rec_num(config, "max_stock_level") : rec_num(config, "reorder_level");
    double q = target - stock;
    double multiple = rec_num(config, "order_multiple");
    if (multiple > 0) q = ceil(q / multiple - 1e-9) * multiple;
    if (rec_num(config, "min_order_quantity") > 0 && q < rec_num(config, "min_order_quantity")) q = rec_num(config, "min_order_quantity");
    if (rec_num(config, "max_order_quantity") > 0 && q > rec_num(config, "max_order_quantity")) q = rec_num(config, "max_order_quantity");
    return q;
}

static zm_ctx tasks_context(zm_ctx *x)
{
    zm_ctx t = *x;
    t.mod = module_by_name("replenishmenttasks");
    t.coll = docs_collection(x->org, t.mod->slot);
    return t;
}

static zm_doc *pending_task(zm_collection *tasks, const cJSON *config)
{
    for (size_t i = 0; i < tasks->docs.n; i++) {
        const cJSON *t = tasks->docs.v[i]->json;
        if (!strcmp(rec_str(t, "status"), "pending") && !strcmp(rec_str(t, "item_id"), rec_str(config, "item_id")) &&
            !strcmp(rec_str(t, "location_id"), rec_str(config, "location_id")))
            return tasks->docs.v[i];
    }
    return NULL;
}

/* One configuration's task, made or updated when the stock is low; the
 * number of tasks it made or updated (0 or 1). */
static int generate_one(zm_ctx *x, const zm_doc *config)
{
    const cJSON *c = config->json;
    const zm_item *it = org_find_item(x->org, rec_str(c, "item_id"));
    if (!it || paused(x, c)) return 0;
    double stock = item_stock_at(it, rec_str(c, "location_id"));
    if (stock > rec_num(c, "reorder_level") + QTY_EPSILON) return 0;
    double q = quantity_to_order(c, stock);
    if (q <= QTY_EPSILON) return 0;
    zm_ctx t = tasks_context(x);
    zm_doc *task = pending_task(t.coll, c);
    cJSON *r = task ? task->json : (t.mod->record_schema ? schema_default(t.mod->record_schema) : cJSON_CreateObject());
    zm_id id;
    if (task) snprintf(id, sizeof id, "%s", task->id);
    else {
        org_new_id(x->org, id);
        cJSON *none = cJSON_CreateObject();
        record_number(&t, r, none, NULL);
        cJSON_Delete(none);
    }
    static const char *const copied[] = {"item_id", "item_name", "unit", "location_id", "location_name", "order_type",
                                         "reorder_level", "max_stock_level", "order_multiple", "max_order_quantity",
                                         "min_order_quantity", "preferred_vendor_id", "preferred_vendor_name",
                                         "preferred_location_id", "preferred_location_name", NULL};
    for (size_t i = 0; copied[i]; i++) json_set(r, copied[i], cJSON_Duplicate(json_get(c, copied[i]), true));
    rec_set_str(r, "replenishment_task_id", id);
    rec_set_str(r, "replenishment_configuration_id", config->id);
    rec_set_str(r, "sku", it->sku);
    rec_set_str(r, "source_location_id", rec_str(c, "preferred_location_id"));
    rec_set_str(r, "source_location_name", rec_str(c, "preferred_location_name"));
    rec_set_num(r, "stock_available_for_sale", stock);
    rec_set_num(r, "current_stock_available_for_sale", stock);
    rec_set_num(r, "total_available_stock", stock);
    rec_set_num(r, "quantity_to_replenish", q);
    rec_set_str(r, "status", "pending");
    rec_set_str(r, "task_status", "pending");
    char today[16], now[32];
    clock_today(&x->org->clock, today);
    clock_format_datetime(&x->org->clock, clock_now(&x->org->clock), now);
    rec_set_str(r, "date", today);
    rec_set_str(r, "date_with_time", now);
    record_stamp(&t, r, task == NULL);
    if (!task) docs_add(x->org, t.coll, id, r);
    return 1;
}

void replenishments_generate(zm_ctx *x)
{
    int made = 0;
    if (x->op->kind == OP_ACTION) {
        zm_doc *d = engine_find_doc(x);
        if (!d) return;
        made = generate_one(x, d);
    } else {
        /* POST /replenishments/tasks/generate: the configurations of the
         * query's items and locations (every one when neither is given). */
        zm_module *m = module_by_name("replenishments");
        zm_ctx c = *x;
        c.mod = m;
        c.coll = docs_collection(x->org, m->slot);
        char items[4096], locations[4096];
        if (request_query(x->req, "item_ids", items, sizeof items) < 0) items[0] = '\0';
        if (request_query(x->req, "location_ids", locations, sizeof locations) < 0) locations[0] = '\0';
        for (size_t i = 0; i < c.coll->docs.n; i++) {
            const cJSON *r = c.coll->docs.v[i]->json;
            if ((*items && !id_listed(items, rec_str(r, "item_id"))) ||
                (*locations && !id_listed(locations, rec_str(r, "location_id"))))
                continue;
            made += generate_one(&c, c.coll->docs.v[i]);
        }
    }
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    cJSON_AddNumberToObject(body, "tasks_generated", made);
}

/* The list prints task_status, the record status: both the same. */
bool replenishment_tasks_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)x, (void)body, (void)existing;
    rec_set_str(record, "task_status", rec_str(record, "status"));
    return true;
}

int replenishment_tasks_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    const cJSON *r = d->json;
    if (!strcmp(param, "item_ids")) return id_listed(value, rec_str(r, "item_id"));
    if (!strcmp(param, "location_ids")) return id_listed(value, rec_str(r, "location_id"));
    if (!strcmp(param, "vendor_ids")) return id_listed(value, rec_str(r, "preferred_vendor_id"));
    if (!strcmp(param, "from_location_ids")) return id_listed(value, rec_str(r, "source_location_id"));
    if (!strcmp(param, "filter_by") && !strncmp(value, "TaskDate.", 9))
        return date_view_keeps(x->org, rec_str(r, "date"), value + 9) == 1;
    return -1;
}

void replenishment_tasks_details(zm_ctx *x)
{
    char item_id[32];
    int n = request_query(x->req, "item_id", item_id, sizeof item_id);
    if (n <= 0) {
        reply_error(x->rep, n == -2 ? ZE_INVALID_PARAM : ZE_PARAM_MANDATORY, "item_id");
        return;
    }
    /* The item's latest task. */
    const zm_doc *found = NULL;
    for (size_t i = 0; i < x->coll->docs.n; i++)
        if (!strcmp(rec_str(x->coll->docs.v[i]->json, "item_id"), item_id)) found = x->coll->docs.v[i];
    if (!found) {
        reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
        return;
    }
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    cJSON_AddItemToObject(body, "task_details", engine_print(x, found, spec_property(x->op->response, "task_details")));
}

/* The report of tasks (GET /reports/replenishments/tasks): the tasks'
 * list, its filter_by over the task date. */
void replenishments_report(zm_ctx *x)
{
    zm_ctx t = tasks_context(x);
    t.op = x->op;
    engine_list(&t);
}

/* Orders made from a configuration's tasks: none are made by this mock
 * (a task is a suggestion the client acts on), so the list is empty. */
void replenishments_orders(zm_ctx *x)
{
    char id[32];
    int n = request_query(x->req, "replenishment_configuration_id", id, sizeof id);
    if (n > 0 && !docs_find(x->coll, id)) {
        reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
        return;
    }
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    cJSON_AddArrayToObject(body, "replenishment_order_details");
}

void replenishments_of_item(zm_ctx *x)
{
    zm_doc *item = engine_find_doc(x);
    if (!item) return;
    zm_module *m = module_by_name("replenishments");
    zm_ctx c = *x;
    c.mod = m;
    c.coll = docs_collection(x->org, m->slot);
    cJSON *out = cJSON_CreateObject();
    json_add_str(out, "item_id", item->id);
    json_add_str(out, "name", rec_str(item->json, "name"));
    json_add_str(out, "sku", rec_str(item->json, "sku"));
    json_add_str(out, "vendor_id", rec_str(item->json, "vendor_id"));
    json_add_str(out, "vendor_name", rec_str(item->json, "vendor_name"));
    cJSON *locs = cJSON_AddArrayToObject(out, "locations");
    for (size_t i = 0; i < x->org->locations.n; i++) {
        const zm_location *l = &x->org->locations.v[i];
        cJSON *e = cJSON_CreateObject();
        json_add_str(e, "location_id", l->location_id);
        json_add_str(e, "location_name", l->location_name);
        zm_doc *config = config_of(c.coll, item->id, l->location_id);
        if (config) cJSON_AddItemToObject(e, "replenishment_configuration", engine_print(&c, config, m->record_schema));
        cJSON_AddItemToArray(locs, e);
    }
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    const cJSON *schema = spec_property(x->op->response, "replenishment_configurations");
    cJSON *conformed = schema ? schema_conform(out, schema) : cJSON_Duplicate(out, true);
    cJSON_Delete(out);
    if (x->org->numeric_ids) engine_numeric_ids(conformed);
    cJSON_AddItemToObject(body, "replenishment_configurations", conformed);
}

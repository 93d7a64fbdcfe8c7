/* tracking_records.c -- batches and serial numbers as records: made from the stock rows that hold them, with their live place and quantity */
#include "inventory/tracking_records.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/record_ids.h"
#include "inventory/stock_lines.h"
#include "inventory/usage.h"
#include "model/stock_tracking.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. Serial numbers and batches live in the items' stock rows
 * (model/model.h), where adjustments, counts and opening stock move them.
 * Their records (ids, custom fields, dates, status) are made from the rows
 * before every read of the modules (sync; not at load, so that loading a
 * fixture uses no generated id), one record per item and serial number or
 * batch number that any row has held (serial numbers also from the
 * documents that name them: one in transit is in no row). A record
 * prints where the serial is now (or that it left: is_transacted_out) and
 * the batch's live quantity per location. A batch can also be created
 * before any stock holds it (POST /items/batches). */

static cJSON *fresh(const zm_module *m)
{
    return m->record_schema ? schema_default(m->record_schema) : cJSON_CreateObject();
}

static void stamp(zm_org *org, cJSON *rec)
{
    char now[32];
    clock_format_datetime(&org->clock, clock_now(&org->clock), now);
    rec_set_str(rec, "created_time", now);
    rec_set_str(rec, "last_modified_time", now);
}

static zm_doc *find_by(zm_collection *c, const char *item_id, const char *field, const char *value)
{
    for (size_t i = 0; i < c->docs.n; i++) {
        const cJSON *r = c->docs.v[i]->json;
        if (!strcmp(rec_str(r, "item_id"), item_id) && !strcmp(rec_str(r, field), value)) return c->docs.v[i];
    }
    return NULL;
}

/* --------------------------------------------------------------- batches */

static void batches_sync_org(zm_module *m, zm_org *org, zm_collection *c)
{
    for (size_t i = 0; i < org->items.n; i++) {
        const zm_item *it = &org->items.v[i];
        for (size_t r = 0; r < it->stock.n; r++) {
            const zm_stock_row *row = &it->stock.v[r];
            for (size_t b = 0; b < row->batches.n; b++) {
                const char *number = row->batches.v[b].batch_number;
                if (find_by(c, it->item_id, "batch_number", number)) continue;
                zm_id id;
                org_new_id(org, id);
                cJSON *rec = fresh(m);
                rec_set_str(rec, "batch_id", id);
                rec_set_str(rec, "item_id", it->item_id);
                rec_set_str(rec, "batch_number", number);
                rec_set_str(rec, "status", "active");
                stamp(org, rec);
                docs_add(org, c, id, rec);
            }
        }
    }
}

/* Quantity of the batch at a location (every location when NULL). */
static double batch_quantity(const zm_item *it, const char *number, const char *location_id)
{
    double q = 0;
    for (size_t r = 0; it && r < it->stock.n; r++)
        if (!location_id || !strcmp(it->stock.v[r].location_id, location_id))
            q += batches_quantity(it->stock.v[r].batches.v, it->stock.v[r].batches.n, number);
    return q;
}

void batches_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    const zm_item *it = org_find_item(x->org, rec_str(d->json, "item_id"));
    const char *number = rec_str(d->json, "batch_number");
    double total = batch_quantity(it, number, NULL);
    json_set(out, "balance_quantity", cJSON_CreateNumber(total));
    json_set(out, "in_quantity", cJSON_CreateNumber(total));
    json_set(out, "balance_quantity_unit", cJSON_CreateString(it && it->unit ? it->unit : ""));
    cJSON *places = cJSON_CreateArray();
    const char *first = "";
    for (size_t i = 0; it && i < x->org->locations.n; i++) {
        const char *loc = x->org->locations.v[i].location_id;
        /* Where the batch is now: the locations holding some of it. */
        if (fabs(batch_quantity(it, number, loc)) < QTY_EPSILON) continue;
        if (!*first) first = loc;
        cJSON *p = cJSON_CreateObject();
        json_add_str(p, "location_id", loc);
        json_add_num(p, "in_quantity", batch_quantity(it, number, loc));
        json_add_num(p, "balance_quantity", batch_quantity(it, number, loc));
        cJSON_AddItemToArray(places, p);
    }
    json_set(out, "associated_locations", places);
    json_set(out, "location_id", cJSON_CreateString(first));
    json_set(out, "item_name", cJSON_CreateString(it && it->name ? it->name : ""));
}

bool batches_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    zm_id item_id;      /* a copy: setting the record's member frees its old string */
    snprintf(item_id, sizeof item_id, "%s", existing ? rec_str(existing->json, "item_id") : rec_str(record, "item_id"));
    const zm_item *it = org_find_item(x->org, item_id);
    if (!it || !module_find(x, "items", item_id)) {
        reply_error(x->rep, ZE_INVALID_FIELD, "item_id");
        return false;
    }
    if (!it->track_batch_number) {
        reply_error(x->rep, ZE_VALIDATION, "Invalid value passed for item_id: the item is not tracked by batches.");
        return false;
    }
    rec_set_str(record, "item_id", item_id);
    const char *number = rec_str(record, "batch_number");
    zm_doc *other = find_by(x->coll, item_id, "batch_number", number);
    if (!*number || (other && other != existing)) {
        if (!*number) reply_error(x->rep, ZE_PARAM_MANDATORY, "batch_number");
        else reply_error(x->rep, ZE_NUMBER_TAKEN, "batch_number", number);
        return false;
    }
    if (!*rec_str(record, "status")) rec_set_str(record, "status", "active");
    return true;
}

/* A batch renamed is renamed in the stock rows that hold it. */
bool batches_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    (void)id;
    if (!before || !after) return true;
    const char *old = rec_str(before, "batch_number"), *now = rec_str(after, "batch_number");
    zm_item *it = org_find_item(x->org, rec_str(after, "item_id"));
    if (!it || !strcmp(old, now)) return true;
    for (size_t r = 0; r < it->stock.n; r++)
        for (size_t b = 0; b < it->stock.v[r].batches.n; b++)
            if (!strcmp(it->stock.v[r].batches.v[b].batch_number, old)) xstrset(&it->stock.v[r].batches.v[b].batch_number, now);
    return true;
}

bool batches_deleting(zm_ctx *x, const zm_doc *d)
{
    const zm_item *it = org_find_item(x->org, rec_str(d->json, "item_id"));
    char why[160], what[200];
    if (fabs(batch_quantity(it, rec_str(d->json, "batch_number"), NULL)) >= QTY_EPSILON)
        snprintf(why, sizeof why, "it holds stock");
    else if (!usage_find(x, USAGE_BATCH, d->id, NULL, why, sizeof why))
        return true;
    snprintf(what, sizeof what, "The batch %s", rec_str(d->json, "batch_number"));
    reply_error(x->rep, ZE_IN_USE, what, why);
    return false;
}


int batches_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    const zm_item *it = org_find_item(x->org, rec_str(d->json, "item_id"));
    const char *number = rec_str(d->json, "batch_number");
    if (!strcmp(param, "location_id") || !strcmp(param, "warehouse_id"))
        return fabs(batch_quantity(it, number, value)) > QTY_EPSILON;     /* where it is now */
    if (!strcmp(param, "batch_ids")) return id_listed(value, d->id);
    if (!strcmp(param, "include_empty_batches"))
        return !strcmp(value, "true") || fabs(batch_quantity(it, number, NULL)) > QTY_EPSILON;
    return -1;
}

void batches_list(zm_ctx *x)
{
    batches_sync_org((zm_module *)x->mod, x->org, x->coll);
    engine_list(x);
}

void batches_get(zm_ctx *x)
{
    batches_sync_org((zm_module *)x->mod, x->org, x->coll);
    zm_doc *d = engine_find_doc(x);
    if (d) engine_answer_record(x, d);
}

/* -------------------------------------------------------- serial numbers */

/* The row holding the serial now; NULL when it left the stock. */
static const zm_stock_row *serial_row(const zm_item *it, const char *serial)
{
    for (size_t r = 0; it && r < it->stock.n; r++)
        if (strings_find(it->stock.v[r].serial_numbers.v, it->stock.v[r].serial_numbers.n, serial, NULL))
            return &it->stock.v[r];
    return NULL;
}

/* The record of an item's serial number, made when it has none. */
static void serial_known(zm_module *m, zm_org *org, zm_collection *c, const zm_item *it, const char *serial)
{
    if (!*serial || find_by(c, it->item_id, "serialnumber", serial)) return;
    zm_id id;
    org_new_id(org, id);
    cJSON *rec = fresh(m);
    rec_set_str(rec, "serialnumber_id", id);
    rec_set_str(rec, "serialnumber", serial);
    rec_set_str(rec, "item_id", it->item_id);
    rec_set_num(rec, "price", it->rate);
    stamp(org, rec);
    docs_add(org, c, id, rec);
}

/* The serials documents name: one on its way (a transfer in transit) or
 * gone out of stock before anyone listed serial numbers has its record too. */
static void serials_of_documents(zm_module *m, zm_org *org, zm_collection *c)
{
    for (zm_module *const *mp = g_modules; *mp; mp++) {
        if (*mp == m) continue;
        zm_collection *dc = docs_collection(org, (*mp)->slot);
        for (size_t i = 0; i < dc->docs.n; i++) {
            const cJSON *doc = dc->docs.v[i]->json, *l, *e;
            cJSON_ArrayForEach(l, json_get(doc, "line_items")) {
                char item_id[ID_LEN];
                const zm_item *it = org_find_item(org, rec_id(l, "item_id", item_id));
                cJSON_ArrayForEach(e, json_get(l, "serial_numbers")) if (it) serial_known(m, org, c, it, stock_serial_text(e));
            }
            const zm_item *made = org_find_item(org, rec_str(doc, "composite_item_id"));
            cJSON_ArrayForEach(e, json_get(doc, "finished_product_serial_numbers"))
                if (made) serial_known(m, org, c, made, stock_serial_text(e));
        }
    }
}

static void serials_sync_org(zm_module *m, zm_org *org, zm_collection *c)
{
    for (size_t i = 0; i < org->items.n; i++) {
        const zm_item *it = &org->items.v[i];
        for (size_t r = 0; r < it->stock.n; r++)
            for (size_t s = 0; s < it->stock.v[r].serial_numbers.n; s++)
                serial_known(m, org, c, it, it->stock.v[r].serial_numbers.v[s]);
    }
    serials_of_documents(m, org, c);
    /* Where each serial is now (its list keys and row may move). */
    for (size_t i = 0; i < c->docs.n; i++) {
        cJSON *rec = c->docs.v[i]->json;
        docs_changed(c, c->docs.v[i]);
        const zm_item *it = org_find_item(org, rec_str(rec, "item_id"));
        const zm_stock_row *row = serial_row(it, rec_str(rec, "serialnumber"));
        const zm_location *loc = row ? org_find_location(org, row->location_id) : NULL;
        rec_set_str(rec, "status", row ? "active" : "inactive");
        rec_set_bool(rec, "is_transacted_out", row == NULL);
        rec_set_str(rec, "location_id", row ? row->location_id : "");
        rec_set_str(rec, "location_name", loc ? loc->location_name : "");
        rec_set_str(rec, "warehouse_id", row ? row->location_id : "");
        rec_set_str(rec, "storage_id", row ? row->storage_id : "");
        rec_set_str(rec, "item_name", it && it->name ? it->name : "");
    }
}

int serialnumbers_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    if (!strcmp(param, "location_id") || !strcmp(param, "warehouse_id"))
        return !strcmp(rec_str(d->json, "location_id"), value);
    if (!strcmp(param, "show_transacted_out"))
        return !strcmp(value, "true") || !cJSON_IsTrue(json_get(d->json, "is_transacted_out"));
    if (!strcmp(param, "item_name")) return strcasestr(rec_str(d->json, "item_name"), value) != NULL;
    if (!strcmp(param, "batch_id")) return !strcmp(rec_str(d->json, "batch_id"), value);
    return -1;
}

void serialnumbers_list(zm_ctx *x)
{
    serials_sync_org((zm_module *)x->mod, x->org, x->coll);
    engine_list(x);
}

void serialnumbers_get(zm_ctx *x)
{
    serials_sync_org((zm_module *)x->mod, x->org, x->coll);
    zm_doc *d = engine_find_doc(x);
    if (d) engine_answer_record(x, d);
}

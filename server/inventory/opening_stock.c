/* opening_stock.c -- an item's opening stock: read from POST /items and /variants/{id}/openingstock, kept on the record, laid on the stock rows */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/items.h"
#include "inventory/record_ids.h"
#include "model/stock_tracking.h"
#include "util/json.h"
#include "zoho/fields.h"
#include "zoho/schema.h"

/* How it works. The opening stock is kept on the item's record as
 * "opening_stock" (not printed with the item; GET .../openingstock prints
 * it) in one shape: {initial_stock, initial_stock_rate, serial_numbers,
 * batches, locations: [{location_id, initial_stock, initial_stock_rate,
 * serial_numbers, batches, storages: [{storage_location_id, quantity,
 * serial_numbers}]}]}. It moves stock through the ledger (model/ledger.h)
 * like any document: both figures, each location's bins' quantities into
 * the bins' rows, the rest into the location's own row, with its serial
 * numbers and batches. Changing it (PUT .../openingstock, or PUT /items/{id}
 * naming locations[].initial_stock) moves the difference between the old
 * and the new, so the rows end up as if the new one had always been the
 * opening stock -- refused (400 4252) when what the old one put there has
 * since left (a serial sold) or the organization forbids the negative
 * stock it would leave. A body without locations puts its top-level
 * initial_stock at the primary location (the organization's first). */

/* ------------------------------------------------------------- the moves */

/* The location's serials ride on its first move that adds stock. */
static void serials_on(zm_stock_moves *out, size_t first, const cJSON *serials)
{
    size_t at = first;
    while (at + 1 < out->n && !(out->v[at].physical > 0)) at++;
    const cJSON *s;
    cJSON_ArrayForEach(s, serials)
        if (cJSON_IsString(s)) move_add_serial(&out->v[at], s->valuestring);
}

void opening_stock_moves(const char *item_id, const cJSON *record, zm_stock_moves *out)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(json_get(record, "opening_stock"), "locations")) {
        const char *loc = rec_str(l, "location_id");
        size_t first = out->n;
        double in_bins = 0;
        const cJSON *st, *b;
        cJSON_ArrayForEach(st, json_get(l, "storages")) {
            double q = rec_num(st, "quantity");
            zm_stock_move *mv = moves_add(out, item_id, loc, rec_str(st, "storage_location_id"), q, q, 0);
            const cJSON *sn;
            cJSON_ArrayForEach(sn, json_get(st, "serial_numbers"))
                if (cJSON_IsString(sn)) move_add_serial(mv, sn->valuestring);
            in_bins += q;
        }
        double rest = rec_num(l, "initial_stock") - in_bins;
        if (fabs(rest) > QTY_EPSILON) moves_add(out, item_id, loc, "", rest, rest, 0);
        if (out->n > first) serials_on(out, first, json_get(l, "serial_numbers"));
        /* Batches name units of the quantities above: they move alone. */
        cJSON_ArrayForEach(b, json_get(l, "batches")) {
            const char *number = rec_str(b, "batch_number");
            double placed = 0;
            cJSON_ArrayForEach(st, json_get(b, "storages")) {
                double q = rec_num(st, "quantity");
                move_add_batch(moves_add(out, item_id, loc, rec_str(st, "storage_location_id"), 0, 0, 0), number, q);
                placed += q;
            }
            double q = rec_num(b, "quantity") - placed;
            if (fabs(q) > QTY_EPSILON) move_add_batch(moves_add(out, item_id, loc, "", 0, 0, 0), number, q);
        }
    }
}

/* ------------------------------------------------------------- reading */

typedef struct opening_ctx {
    zm_ctx *x;
    bool track_serials;
    bool track_batches;
    const zm_item *item;        /* NULL while the item is being created */
    const cJSON *replaced;      /* the opening stock being replaced (its serials may be named again), or NULL */
    cJSON *serials_seen;        /* every serial number of the body, once */
} opening_ctx;

/* Whether the opening stock being replaced holds the serial. */
static bool replaced_serial(const opening_ctx *c, const char *serial)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(c->replaced, "serial_numbers"))
        if (cJSON_IsString(e) && !strcmp(e->valuestring, serial)) return true;
    return false;
}

static bool invalid(zm_ctx *x, const char *field, const char *why)
{
    char msg[256];
    snprintf(msg, sizeof msg, "Invalid value passed for %s: %s", field, why);
    reply_error(x->rep, ZE_VALIDATION, msg);
    return false;
}

static bool quantity(zm_ctx *x, const cJSON *obj, const char *name, double *out)
{
    bool present = false;
    *out = 0;
    if (!field_number(x->rep, obj, name, false, out, &present)) return false;
    if (*out < 0) {
        reply_error(x->rep, ZE_INVALID_FIELD, name);
        return false;
    }
    return true;
}

/* A location_id of the body: a string of digits or an integer (the PUT
 * body types it as an integer). */
static bool location_of(opening_ctx *c, const cJSON *obj, zm_location **out)
{
    zm_id id = "";
    bool present = false;
    if (!field_id(c->x->rep, obj, "location_id", true, id, &present)) return false;
    *out = org_find_location(c->x->org, id);
    if (!*out) {
        reply_error(c->x->rep, ZE_INVALID_FIELD, "location_id");
        return false;
    }
    return true;
}

static bool serials_of(opening_ctx *c, const cJSON *obj, cJSON *into, size_t *count)
{
    const cJSON *arr = json_get(obj, "serial_numbers"), *s;
    *count = 0;
    if (!arr || cJSON_IsNull(arr)) return true;
    if (!cJSON_IsArray(arr)) {
        reply_error(c->x->rep, ZE_INVALID_FIELD, "serial_numbers");
        return false;
    }
    if (cJSON_GetArraySize(arr) && !c->track_serials)
        return invalid(c->x, "serial_numbers", "the item is not tracked by serial numbers.");
    cJSON_ArrayForEach(s, arr) {
        if (!cJSON_IsString(s) || !*s->valuestring) {
            reply_error(c->x->rep, ZE_INVALID_FIELD, "serial_numbers");
            return false;
        }
        const cJSON *seen;
        cJSON_ArrayForEach(seen, c->serials_seen)
            if (!strcmp(seen->valuestring, s->valuestring)) return invalid(c->x, "serial_numbers", "a serial number is given twice.");
        for (size_t i = 0; c->item && !replaced_serial(c, s->valuestring) && i < c->item->stock.n; i++)
            if (strings_find(c->item->stock.v[i].serial_numbers.v, c->item->stock.v[i].serial_numbers.n,
                             s->valuestring, NULL))
                return invalid(c->x, "serial_numbers", "a serial number is already in stock.");
        cJSON_AddItemToArray(c->serials_seen, cJSON_CreateString(s->valuestring));
        cJSON_AddItemToArray(into, cJSON_CreateString(s->valuestring));
        (*count)++;
    }
    return true;
}

/* storages[] of a location (or of one of its batches, without serials). */
static bool storages_of(opening_ctx *c, const cJSON *obj, zm_location *loc, cJSON *into, double *sum,
                        bool with_serials)
{
    const cJSON *arr = json_get(obj, "storages"), *st;
    *sum = 0;
    if (!arr || cJSON_IsNull(arr)) return true;
    if (!cJSON_IsArray(arr)) {
        reply_error(c->x->rep, ZE_INVALID_FIELD, "storages");
        return false;
    }
    cJSON_ArrayForEach(st, arr) {
        zm_id bin = "";
        double q;
        if (!field_id(c->x->rep, st, "storage_location_id", true, bin, NULL) || !quantity(c->x, st, "quantity", &q))
            return false;
        if (!location_find_storage(loc, bin)) {
            reply_error(c->x->rep, ZE_INVALID_FIELD, "storage_location_id");
            return false;
        }
        cJSON *e = cJSON_CreateObject();
        json_add_str(e, "storage_location_id", bin);
        json_add_num(e, "quantity", q);
        if (with_serials) {
            cJSON *serials = cJSON_AddArrayToObject(e, "serial_numbers");
            size_t n;
            if (!serials_of(c, st, serials, &n)) {
                cJSON_Delete(e);
                return false;
            }
        }
        cJSON_AddItemToArray(into, e);
        *sum += q;
    }
    return true;
}

static bool batches_of(opening_ctx *c, const cJSON *obj, zm_location *loc, cJSON *into, double *sum)
{
    const cJSON *arr = json_get(obj, "batches"), *b;
    *sum = 0;
    if (!arr || cJSON_IsNull(arr)) return true;
    if (!cJSON_IsArray(arr)) {
        reply_error(c->x->rep, ZE_INVALID_FIELD, "batches");
        return false;
    }
    if (cJSON_GetArraySize(arr) && !c->track_batches) return invalid(c->x, "batches", "the item is not tracked by batches.");
    cJSON_ArrayForEach(b, arr) {
        const char *number = NULL;
        double q, rate;
        if (!field_string(c->x->rep, b, "batch_number", true, &number, NULL) || !quantity(c->x, b, "quantity", &q) ||
            !quantity(c->x, b, "rate", &rate))
            return false;
        cJSON *e = cJSON_CreateObject();
        json_add_str(e, "batch_number", number);
        json_add_num(e, "quantity", q);
        json_add_num(e, "rate", rate);
        json_add_str(e, "manufactured_date", rec_str(b, "manufactured_date"));
        json_add_str(e, "expiry_date", rec_str(b, "expiry_date"));
        cJSON *storages = cJSON_AddArrayToObject(e, "storages");
        double placed;
        cJSON_AddItemToArray(into, e);
        if (!storages_of(c, b, loc, storages, &placed, false)) return false;
        if (placed > q + QTY_EPSILON) return invalid(c->x, "storages", "the bins hold more than the batch's quantity.");
        *sum += q;
    }
    return true;
}

/* One location's opening stock; `obj` is the body's location (or the body
 * itself for a top-level opening stock). */
static bool location_entry(opening_ctx *c, const cJSON *obj, zm_location *loc, cJSON *locations)
{
    double qty, rate, in_bins, in_batches;
    if (!quantity(c->x, obj, "initial_stock", &qty) || !quantity(c->x, obj, "initial_stock_rate", &rate)) return false;
    for (const cJSON *l = locations->child; l; l = l->next)
        if (!strcmp(rec_str(l, "location_id"), loc->location_id)) return invalid(c->x, "location_id", "a location is given twice.");
    cJSON *e = cJSON_CreateObject();
    cJSON_AddItemToArray(locations, e);
    json_add_str(e, "location_id", loc->location_id);
    json_add_num(e, "initial_stock", qty);
    json_add_num(e, "initial_stock_rate", rate);
    size_t n_serials = 0, n_bin_serials = 0;
    cJSON *serials = cJSON_AddArrayToObject(e, "serial_numbers");
    cJSON *batches = cJSON_AddArrayToObject(e, "batches");
    cJSON *storages = cJSON_AddArrayToObject(e, "storages");
    if (!serials_of(c, obj, serials, &n_serials) || !batches_of(c, obj, loc, batches, &in_batches) ||
        !storages_of(c, obj, loc, storages, &in_bins, true))
        return false;
    const cJSON *st;
    cJSON_ArrayForEach(st, storages) n_bin_serials += (size_t)cJSON_GetArraySize(json_get(st, "serial_numbers"));
    if (in_bins > qty + QTY_EPSILON) return invalid(c->x, "storages", "the bins hold more than the initial_stock.");
    if (c->track_serials && (n_serials + n_bin_serials) && fabs((double)(n_serials + n_bin_serials) - qty) > QTY_EPSILON)
        return invalid(c->x, "serial_numbers", "there must be as many serial numbers as the initial_stock.");
    if (c->track_batches && cJSON_GetArraySize(batches) && fabs(in_batches - qty) > QTY_EPSILON)
        return invalid(c->x, "batches", "the batch quantities must add up to the initial_stock.");
    return true;
}

/* The normalised opening stock of a body; NULL after replying. */
static cJSON *opening_from_body(opening_ctx *c, const cJSON *body)
{
    cJSON *out = cJSON_CreateObject();
    cJSON *locations = cJSON_CreateArray();
    c->serials_seen = cJSON_CreateArray();
    const cJSON *arr = json_get(body, "locations"), *l;
    bool ok = true;
    if (cJSON_IsArray(arr) && cJSON_GetArraySize(arr)) {
        cJSON_ArrayForEach(l, arr) {
            zm_location *loc;
            if (!cJSON_IsObject(l)) {
                reply_error(c->x->rep, ZE_INVALID_FIELD, "locations");
                ok = false;
            }
            ok = ok && location_of(c, l, &loc) && location_entry(c, l, loc, locations);
            if (!ok) break;
        }
    } else if (json_get(body, "initial_stock") || json_get(body, "serial_numbers") || json_get(body, "batches")) {
        if (!c->x->org->locations.n) ok = invalid(c->x, "initial_stock", "the organization has no location.");
        else ok = location_entry(c, body, &c->x->org->locations.v[0], locations);
    }
    cJSON_Delete(c->serials_seen);
    if (!ok) {
        cJSON_Delete(out);
        cJSON_Delete(locations);
        return NULL;
    }
    /* The totals over every location. */
    double total = 0, value = 0;
    cJSON *serials = cJSON_CreateArray(), *batches = cJSON_CreateArray();
    cJSON_ArrayForEach(l, locations) {
        total += rec_num(l, "initial_stock");
        value += rec_num(l, "initial_stock") * rec_num(l, "initial_stock_rate");
        const cJSON *e, *st;
        cJSON_ArrayForEach(e, json_get(l, "serial_numbers")) cJSON_AddItemToArray(serials, cJSON_Duplicate(e, true));
        cJSON_ArrayForEach(st, json_get(l, "storages"))
            cJSON_ArrayForEach(e, json_get(st, "serial_numbers")) cJSON_AddItemToArray(serials, cJSON_Duplicate(e, true));
        cJSON_ArrayForEach(e, json_get(l, "batches")) cJSON_AddItemToArray(batches, cJSON_Duplicate(e, true));
    }
    json_add_num(out, "initial_stock", total);
    json_add_num(out, "initial_stock_rate", total > 0 ? round(value / total * 100) / 100 : 0);
    cJSON_AddItemToObject(out, "serial_numbers", serials);
    cJSON_AddItemToObject(out, "batches", batches);
    cJSON_AddItemToObject(out, "locations", locations);
    return out;
}

bool opening_stock_from_create(zm_ctx *x, cJSON *record, const cJSON *body)
{
    opening_ctx c = {x, cJSON_IsTrue(json_get(record, "track_serial_number")),
                     cJSON_IsTrue(json_get(record, "track_batch_number")), NULL, NULL, NULL};
    cJSON *opening = opening_from_body(&c, body);
    if (!opening) return false;
    json_set(record, "opening_stock", opening);
    return true;
}

/* ------------------------------------------------------------ the API */

void opening_stock_get(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    const cJSON *opening = json_get(d->json, "opening_stock");
    const cJSON *schema = spec_property(x->op->response, "opening_stock");
    cJSON *empty = cJSON_CreateObject();
    cJSON *out = schema_conform(opening ? opening : empty, schema);
    cJSON_Delete(empty);
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, "opening_stock", out);
}

/* Whether a location entry of a body changes the opening stock there. */
static bool names_opening(const cJSON *e)
{
    return json_get(e, "initial_stock") || json_get(e, "initial_stock_rate");
}

/* The location's entry of the opening stock, as a body would give it; NULL when none. */
static const cJSON *entry_at(const cJSON *opening, const char *location_id)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(opening, "locations"))
        if (!strcmp(rec_str(l, "location_id"), location_id)) return l;
    return NULL;
}

bool opening_stock_from_update(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    /* PUT /items/{id}: locations[] (or a top-level initial_stock, the
     * primary location's) replace the opening stock of the locations they
     * name; a location entry sending only a rate keeps its quantity. */
    const cJSON *sent = json_get(body, "locations"), *e;
    cJSON *named = cJSON_CreateArray();
    cJSON_ArrayForEach(e, sent)
        if (cJSON_IsObject(e) && names_opening(e)) cJSON_AddItemToArray(named, cJSON_Duplicate(e, true));
    if (!cJSON_GetArraySize(named) && json_get(body, "initial_stock") && x->org->locations.n) {
        cJSON *top = cJSON_Duplicate(body, true);
        json_set(top, "location_id", cJSON_CreateString(x->org->locations.v[0].location_id));
        cJSON_AddItemToArray(named, top);
    }
    if (!cJSON_GetArraySize(named)) {
        cJSON_Delete(named);
        return true;
    }
    const cJSON *old = json_get(existing->json, "opening_stock");
    cJSON *merged = cJSON_CreateObject(), *locations = cJSON_AddArrayToObject(merged, "locations");
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(old, "locations")) {
        bool renamed = false;
        cJSON_ArrayForEach(e, named) {
            char id[ID_LEN];
            renamed = renamed || !strcmp(rec_id(e, "location_id", id), rec_str(l, "location_id"));
        }
        if (!renamed) cJSON_AddItemToArray(locations, cJSON_Duplicate(l, true));
    }
    cJSON_ArrayForEach(e, named) {
        char id[ID_LEN];
        const cJSON *was = entry_at(old, rec_id(e, "location_id", id));
        cJSON *entry = cJSON_Duplicate(json_get(e, "initial_stock") || !was ? e : was, true);
        const cJSON *rate = json_get(e, "initial_stock_rate") ? json_get(e, "initial_stock_rate") : json_get(was, "initial_stock_rate");
        if (rate) json_set(entry, "initial_stock_rate", cJSON_Duplicate(rate, true));
        cJSON_AddItemToArray(locations, entry);
    }
    cJSON_Delete(named);
    const zm_item *item = org_find_item(x->org, existing->id);
    opening_ctx c = {x, cJSON_IsTrue(json_get(record, "track_serial_number")),
                     cJSON_IsTrue(json_get(record, "track_batch_number")), item, old, NULL};
    cJSON *opening = opening_from_body(&c, merged);
    cJSON_Delete(merged);
    if (!opening) return false;
    json_set(record, "opening_stock", opening);
    return true;
}

void opening_stock_put(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body) return;
    zm_item *item = org_find_item(x->org, d->id);
    opening_ctx c = {x, item && item->track_serial_number, item && item->track_batch_number, item,
                     json_get(d->json, "opening_stock"), NULL};
    cJSON *opening = opening_from_body(&c, body);
    if (!opening) return;
    cJSON *after = cJSON_Duplicate(d->json, true);
    json_set(after, "opening_stock", opening);
    record_stamp(x, after, false);
    zm_stock_moves was = {0}, now = {0};
    opening_stock_moves(d->id, d->json, &was);
    opening_stock_moves(d->id, after, &now);
    bool ok = engine_apply_moves(x, &was, &now);
    moves_free(&was);
    moves_free(&now);
    if (!ok) {
        cJSON_Delete(after);
        return;
    }
    cJSON_Delete(d->json);
    d->json = after;
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

/* org_state.c -- the model's part of a saved state (--state, /__admin/state): an organization's core structs, its clock, the OAuth tokens and grants issued, as JSON and back */
#include "model/org_state.h"

#include <stdio.h>
#include <string.h>

#include "model/state_log.h"
#include "util/json.h"

/* ----------------------------------------------------------- little parts */

cJSON *strings_to_state(char *const *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) cJSON_AddItemToArray(a, cJSON_CreateString(v[i] ? v[i] : ""));
    return a;
}

void strings_from_state(zm_jr *r, const cJSON *obj, const char *name, zm_strings *out)
{
    const cJSON *a = jr_array(r, obj, name), *s;
    cJSON_ArrayForEach(s, a) {
        if (!cJSON_IsString(s)) {
            jr_fail(r, name, "expected an array of strings");
            return;
        }
        VEC_PUSH(*out, xstrdup(s->valuestring));
    }
}

cJSON *batches_to_state(const zm_batch *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *b = cJSON_CreateObject();
        json_add_str(b, "batch_number", v[i].batch_number);
        json_add_num(b, "quantity", v[i].quantity);
        cJSON_AddItemToArray(a, b);
    }
    return a;
}

void batches_from_state(zm_jr *r, const cJSON *obj, const char *name, void *vec)
{
    VEC(zm_batch) *out = vec;
    const cJSON *a = jr_array(r, obj, name), *b;
    int i = 0;
    cJSON_ArrayForEach(b, a) {
        jr_enter(r, name, i++);
        zm_batch x = {xstrdup(jr_str(r, b, "batch_number")), jr_num(r, b, "quantity")};
        VEC_PUSH(*out, x);
        jr_leave(r);
    }
}

void text_from_state(zm_jr *r, const cJSON *obj, const char *name, char *out, size_t size)
{
    const char *s = jr_str(r, obj, name);
    if (strlen(s) >= size) jr_fail(r, name, "too long");
    snprintf(out, size, "%s", s);
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

/* ------------------------------------------------------------------ clock */

cJSON *clock_to_state(const zm_clock *c)
{
    cJSON *j = cJSON_CreateObject();
    json_add_bool(j, "frozen", c->frozen);
    json_add_num(j, "frozen_at", (double)c->frozen_at);
    json_add_num(j, "offset", (double)c->offset);
    json_add_num(j, "utc_offset_minutes", c->utc_offset_minutes);
    return j;
}

void clock_from_state(zm_jr *r, const cJSON *j, zm_clock *out)
{
    out->frozen = jr_bool(r, j, "frozen");
    out->frozen_at = jr_int(r, j, "frozen_at");
    out->offset = jr_int(r, j, "offset");
    int64_t zone = jr_int(r, j, "utc_offset_minutes");
    if (zone < -24 * 60 || zone > 24 * 60) jr_fail(r, "utc_offset_minutes", "out of range");
    out->utc_offset_minutes = (int)zone;
}

/* -------------------------------------------------- locations and items */

static cJSON *location_to_state(const zm_location *l)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "location_id", l->location_id);
    jw_str_or_null(j, "location_name", l->location_name);
    json_add_bool(j, "is_warehouse", l->is_warehouse);
    cJSON *bins = cJSON_AddArrayToObject(j, "storages");
    for (size_t i = 0; i < l->storages.n; i++) {
        cJSON *b = cJSON_CreateObject();
        json_add_str(b, "storage_id", l->storages.v[i].storage_id);
        jw_str_or_null(b, "storage_name", l->storages.v[i].storage_name);
        cJSON_AddItemToArray(bins, b);
    }
    return j;
}

static void location_from_state(zm_jr *r, const cJSON *j, zm_org *org)
{
    zm_id id;
    jr_id(r, j, "location_id", false, id);
    if (!jr_failed(r) && org_find_location(org, id)) jr_fail(r, "location_id", "a second location with this id");
    if (jr_failed(r)) return;
    zm_location *l = org_add_location(org, id, NULL);
    free(l->location_name);
    l->location_name = dup_or_null(jr_str_or_null(r, j, "location_name"));
    l->is_warehouse = jr_bool(r, j, "is_warehouse");
    const cJSON *bins = jr_array(r, j, "storages"), *b;
    int i = 0;
    cJSON_ArrayForEach(b, bins) {
        jr_enter(r, "storages", i++);
        zm_id sid;
        jr_id(r, b, "storage_id", false, sid);
        if (!jr_failed(r) && location_find_storage(l, sid)) jr_fail(r, "storage_id", "a second bin with this id");
        if (!jr_failed(r)) {
            zm_storage *st = location_add_storage(l, sid, NULL);
            free(st->storage_name);
            st->storage_name = dup_or_null(jr_str_or_null(r, b, "storage_name"));
        }
        jr_leave(r);
    }
}

static cJSON *row_to_state(const zm_stock_row *row)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "location_id", row->location_id);
    json_add_str(j, "storage_id", row->storage_id);
    json_add_num(j, "quantity", row->quantity);
    json_add_num(j, "accounting", row->accounting);
    json_add_num(j, "committed", row->committed);
    cJSON_AddItemToObject(j, "serial_numbers", strings_to_state(row->serial_numbers.v, row->serial_numbers.n));
    cJSON_AddItemToObject(j, "batches", batches_to_state(row->batches.v, row->batches.n));
    return j;
}

static void row_from_state(zm_jr *r, const cJSON *j, zm_org *org, zm_item *it)
{
    zm_id loc, bin;
    jr_id(r, j, "location_id", false, loc);
    jr_id(r, j, "storage_id", true, bin);
    if (jr_failed(r)) return;
    zm_location *l = org_find_location(org, loc);
    if (!l) jr_fail(r, "location_id", "not a location of the organization");
    else if (bin[0] && !location_find_storage(l, bin)) jr_fail(r, "storage_id", "not a bin of the location");
    for (size_t i = 0; i < it->stock.n; i++)
        if (!strcmp(it->stock.v[i].location_id, loc) && !strcmp(it->stock.v[i].storage_id, bin))
            jr_fail(r, "storage_id", "a second stock row for this location and bin");
    if (jr_failed(r)) return;
    zm_stock_row *row = item_stock_row(it, loc, bin);
    row->quantity = jr_num(r, j, "quantity");
    row->accounting = jr_num(r, j, "accounting");
    row->committed = jr_num(r, j, "committed");
    strings_from_state(r, j, "serial_numbers", (zm_strings *)&row->serial_numbers);
    batches_from_state(r, j, "batches", &row->batches);
}

static cJSON *item_to_state(const zm_item *it)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "item_id", it->item_id);
    jw_str_or_null(j, "name", it->name);
    jw_str_or_null(j, "sku", it->sku);
    jw_str_or_null(j, "unit", it->unit);
    json_add_num(j, "rate", it->rate);
    json_add_bool(j, "track_serial_number", it->track_serial_number);
    json_add_bool(j, "track_batch_number", it->track_batch_number);
    cJSON *rows = cJSON_AddArrayToObject(j, "stock");
    for (size_t i = 0; i < it->stock.n; i++) cJSON_AddItemToArray(rows, row_to_state(&it->stock.v[i]));
    return j;
}

static void item_from_state(zm_jr *r, const cJSON *j, zm_org *org)
{
    zm_id id;
    jr_id(r, j, "item_id", false, id);
    if (!jr_failed(r) && org_find_item(org, id)) jr_fail(r, "item_id", "a second item with this id");
    if (jr_failed(r)) return;
    zm_item *it = org_add_item(org, id);
    free(it->name);
    free(it->sku);
    free(it->unit);
    it->name = dup_or_null(jr_str_or_null(r, j, "name"));
    it->sku = dup_or_null(jr_str_or_null(r, j, "sku"));
    it->unit = dup_or_null(jr_str_or_null(r, j, "unit"));
    it->rate = jr_num(r, j, "rate");
    it->track_serial_number = jr_bool(r, j, "track_serial_number");
    it->track_batch_number = jr_bool(r, j, "track_batch_number");
    const cJSON *rows = jr_array(r, j, "stock"), *row;
    int i = 0;
    cJSON_ArrayForEach(row, rows) {
        jr_enter(r, "stock", i++);
        row_from_state(r, row, org, it);
        jr_leave(r);
    }
}

/* ---------------------------------------------------------- adjustments */

static cJSON *move_to_state(const zm_tracking_move *m)
{
    cJSON *j = cJSON_CreateObject();
    jw_str_or_null(j, "serial_number", m->serial_number);
    jw_str_or_null(j, "batch_number", m->batch_number);
    json_add_str(j, "storage_id", m->storage_id);
    json_add_num(j, "quantity", m->quantity);
    return j;
}

static cJSON *line_to_state(const zm_adjustment_line *l)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "line_item_id", l->line_item_id);
    json_add_str(j, "item_id", l->item_id);
    jw_str_or_null(j, "name", l->name);
    jw_str_or_null(j, "description", l->description);
    json_add_num(j, "quantity_adjusted", l->quantity_adjusted);
    json_add_num(j, "value_adjusted", l->value_adjusted);
    json_add_num(j, "item_total", l->item_total);
    jw_str_or_null(j, "unit", l->unit);
    json_add_str(j, "adjustment_account_id", l->adjustment_account_id);
    jw_str_or_null(j, "adjustment_account_name", l->adjustment_account_name);
    json_add_str(j, "warehouse_id", l->warehouse_id);
    jw_str_or_null(j, "warehouse_name", l->warehouse_name);
    json_add_str(j, "storage_id", l->storage_id);
    json_add_bool(j, "track_serial_number", l->track_serial_number);
    json_add_bool(j, "track_batch_number", l->track_batch_number);
    cJSON_AddItemToObject(j, "serials_added", strings_to_state(l->serials_added.v, l->serials_added.n));
    cJSON_AddItemToObject(j, "serials_removed", strings_to_state(l->serials_removed.v, l->serials_removed.n));
    cJSON_AddItemToObject(j, "batches", batches_to_state(l->batches.v, l->batches.n));
    cJSON *moves = cJSON_AddArrayToObject(j, "moves");
    for (size_t i = 0; i < l->moves.n; i++) cJSON_AddItemToArray(moves, move_to_state(&l->moves.v[i]));
    return j;
}

static void line_from_state(zm_jr *r, const cJSON *j, zm_adjustment_line *l)
{
    jr_id(r, j, "line_item_id", false, l->line_item_id);
    jr_id(r, j, "item_id", false, l->item_id);
    l->name = dup_or_null(jr_str_or_null(r, j, "name"));
    l->description = dup_or_null(jr_str_or_null(r, j, "description"));
    l->quantity_adjusted = jr_num(r, j, "quantity_adjusted");
    l->value_adjusted = jr_num(r, j, "value_adjusted");
    l->item_total = jr_num(r, j, "item_total");
    l->unit = dup_or_null(jr_str_or_null(r, j, "unit"));
    jr_id(r, j, "adjustment_account_id", true, l->adjustment_account_id);
    l->adjustment_account_name = dup_or_null(jr_str_or_null(r, j, "adjustment_account_name"));
    jr_id(r, j, "warehouse_id", true, l->warehouse_id);
    l->warehouse_name = dup_or_null(jr_str_or_null(r, j, "warehouse_name"));
    jr_id(r, j, "storage_id", true, l->storage_id);
    l->track_serial_number = jr_bool(r, j, "track_serial_number");
    l->track_batch_number = jr_bool(r, j, "track_batch_number");
    strings_from_state(r, j, "serials_added", (zm_strings *)&l->serials_added);
    strings_from_state(r, j, "serials_removed", (zm_strings *)&l->serials_removed);
    batches_from_state(r, j, "batches", &l->batches);
    const cJSON *moves = jr_array(r, j, "moves"), *m;
    int i = 0;
    cJSON_ArrayForEach(m, moves) {
        jr_enter(r, "moves", i++);
        zm_tracking_move mv;
        memset(&mv, 0, sizeof mv);
        mv.serial_number = dup_or_null(jr_str_or_null(r, m, "serial_number"));
        mv.batch_number = dup_or_null(jr_str_or_null(r, m, "batch_number"));
        jr_id(r, m, "storage_id", true, mv.storage_id);
        mv.quantity = jr_num(r, m, "quantity");
        VEC_PUSH(l->moves, mv);
        jr_leave(r);
    }
}

static cJSON *adjustment_to_state(const zm_adjustment *a)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "inventory_adjustment_id", a->inventory_adjustment_id);
    json_add_str(j, "date", a->date);
    jw_str_or_null(j, "reason", a->reason);
    json_add_str(j, "reason_id", a->reason_id);
    jw_str_or_null(j, "description", a->description);
    jw_str_or_null(j, "reference_number", a->reference_number);
    json_add_bool(j, "is_value", a->is_value);
    json_add_str(j, "status", a->status);
    json_add_str(j, "location_id", a->location_id);
    if (a->custom_fields) cJSON_AddItemToObject(j, "custom_fields", cJSON_Duplicate(a->custom_fields, true));
    else cJSON_AddNullToObject(j, "custom_fields");
    jw_str_or_null(j, "rejection_reason", a->rejection_reason);
    cJSON *lines = cJSON_AddArrayToObject(j, "lines");
    for (size_t i = 0; i < a->lines.n; i++) cJSON_AddItemToArray(lines, line_to_state(&a->lines.v[i]));
    json_add_num(j, "total", a->total);
    json_add_str(j, "inventorycount_id", a->inventorycount_id);
    json_add_num(j, "created_time", (double)a->created_time);
    json_add_num(j, "last_modified_time", (double)a->last_modified_time);
    json_add_str(j, "created_by_id", a->created_by_id);
    jw_u64(j, "seq", a->seq);
    return j;
}

static void adjustment_from_state(zm_jr *r, const cJSON *j, zm_org *org)
{
    zm_adjustment *a = xcalloc(1, sizeof *a);
    jr_id(r, j, "inventory_adjustment_id", false, a->inventory_adjustment_id);
    text_from_state(r, j, "date", a->date, sizeof a->date);
    a->reason = dup_or_null(jr_str_or_null(r, j, "reason"));
    jr_id(r, j, "reason_id", true, a->reason_id);
    a->description = dup_or_null(jr_str_or_null(r, j, "description"));
    a->reference_number = dup_or_null(jr_str_or_null(r, j, "reference_number"));
    a->is_value = jr_bool(r, j, "is_value");
    text_from_state(r, j, "status", a->status, sizeof a->status);
    jr_id(r, j, "location_id", true, a->location_id);
    const cJSON *cf = jr_opt(r, j, "custom_fields", cJSON_Array);
    a->custom_fields = cf ? cJSON_Duplicate(cf, true) : NULL;
    a->rejection_reason = dup_or_null(jr_str_or_null(r, j, "rejection_reason"));
    const cJSON *lines = jr_array(r, j, "lines"), *l;
    int i = 0;
    cJSON_ArrayForEach(l, lines) {
        jr_enter(r, "lines", i++);
        zm_adjustment_line line;
        memset(&line, 0, sizeof line);
        line_from_state(r, l, &line);
        VEC_PUSH(a->lines, line);
        if (!jr_failed(r) && !org_find_item(org, line.item_id)) jr_fail(r, "item_id", "not an item of the organization");
        jr_leave(r);
    }
    a->total = jr_num(r, j, "total");
    jr_id(r, j, "inventorycount_id", true, a->inventorycount_id);
    a->created_time = jr_int(r, j, "created_time");
    a->last_modified_time = jr_int(r, j, "last_modified_time");
    jr_id(r, j, "created_by_id", true, a->created_by_id);
    a->seq = jr_u64(r, j, "seq");
    if (!jr_failed(r) && org_find_adjustment(org, a->inventory_adjustment_id, NULL))
        jr_fail(r, "inventory_adjustment_id", "a second adjustment with this id");
    if (jr_failed(r)) {
        adjustment_free(a);
        return;
    }
    org_add_adjustment(org, a);
}

/* ------------------------------------------------------- the organization */

void each_from_state(zm_jr *r, const cJSON *state, const char *name,
                            void (*fn)(zm_jr *r, const cJSON *j, zm_org *org), zm_org *org)
{
    const cJSON *a = jr_array(r, state, name), *e;
    int i = 0;
    cJSON_ArrayForEach(e, a) {
        if (jr_failed(r)) return;
        jr_enter(r, name, i++);
        fn(r, e, org);
        jr_leave(r);
    }
}

static void reason_from_state(zm_jr *r, const cJSON *j, zm_org *org)
{
    zm_reason x = {.reason = NULL};
    jr_id(r, j, "reason_id", false, x.reason_id);
    if (!jr_failed(r) && org_find_reason(org, x.reason_id)) jr_fail(r, "reason_id", "a second reason with this id");
    if (jr_failed(r)) return;
    x.reason = dup_or_null(jr_str_or_null(r, j, "reason"));
    VEC_PUSH(org->reasons, x);
}

static void account_from_state(zm_jr *r, const cJSON *j, zm_org *org)
{
    zm_account x = {.account_name = NULL};
    jr_id(r, j, "account_id", false, x.account_id);
    if (!jr_failed(r) && org_find_account(org, x.account_id)) jr_fail(r, "account_id", "a second account with this id");
    if (jr_failed(r)) return;
    x.account_name = dup_or_null(jr_str_or_null(r, j, "account_name"));
    VEC_PUSH(org->accounts, x);
}

void org_core_to_state(const zm_org *org, cJSON *out)
{
    cJSON_AddItemToObject(out, "clock", clock_to_state(&org->clock));
    jw_u64(out, "next_id", org->next_id);
    jw_u64(out, "next_seq", org->next_seq);
    json_add_bool(out, "numeric_ids", org->numeric_ids);
    json_add_bool(out, "extended_line_item_limit", org->extended_line_item_limit);
    cJSON *a = cJSON_AddArrayToObject(out, "locations");
    for (size_t i = 0; i < org->locations.n; i++) cJSON_AddItemToArray(a, location_to_state(&org->locations.v[i]));
    a = cJSON_AddArrayToObject(out, "items");
    for (size_t i = 0; i < org->items.n; i++) cJSON_AddItemToArray(a, item_to_state(&org->items.v[i]));
    a = cJSON_AddArrayToObject(out, "reasons");
    for (size_t i = 0; i < org->reasons.n; i++) {
        cJSON *x = cJSON_CreateObject();
        json_add_str(x, "reason_id", org->reasons.v[i].reason_id);
        jw_str_or_null(x, "reason", org->reasons.v[i].reason);
        cJSON_AddItemToArray(a, x);
    }
    a = cJSON_AddArrayToObject(out, "accounts");
    for (size_t i = 0; i < org->accounts.n; i++) {
        cJSON *x = cJSON_CreateObject();
        json_add_str(x, "account_id", org->accounts.v[i].account_id);
        jw_str_or_null(x, "account_name", org->accounts.v[i].account_name);
        cJSON_AddItemToArray(a, x);
    }
    cJSON *s = cJSON_AddObjectToObject(out, "count_settings");
    jw_str_or_null(s, "prefix_string", org->settings.prefix_string);
    jw_str_or_null(s, "next_number", org->settings.next_number);
    json_add_str(s, "default_reason_id", org->settings.default_reason_id);
    json_add_str(s, "default_adjustment_account", org->settings.default_adjustment_account);
    a = cJSON_AddArrayToObject(out, "count_background");
    for (int i = 0; i < 3; i++) {
        cJSON *x = cJSON_CreateObject();
        json_add_num(x, "after_reads", org->count_background[i].after_reads);
        json_add_num(x, "after_seconds", org->count_background[i].after_seconds);
        cJSON_AddItemToArray(a, x);
    }
    a = cJSON_AddArrayToObject(out, "adjustments");
    for (size_t i = 0; i < org->adjustments.n; i++) cJSON_AddItemToArray(a, adjustment_to_state(org->adjustments.v[i]));
}

void org_core_from_state(zm_jr *r, const cJSON *state, zm_org *org)
{
    jr_enter(r, "clock", -1);
    clock_from_state(r, jr_object(r, state, "clock"), &org->clock);
    jr_leave(r);
    org->next_id = jr_u64(r, state, "next_id");
    org->next_seq = jr_u64(r, state, "next_seq");
    org->numeric_ids = jr_bool(r, state, "numeric_ids");
    org->extended_line_item_limit = jr_bool(r, state, "extended_line_item_limit");
    each_from_state(r, state, "locations", location_from_state, org);
    each_from_state(r, state, "items", item_from_state, org);
    each_from_state(r, state, "reasons", reason_from_state, org);
    each_from_state(r, state, "accounts", account_from_state, org);
    jr_enter(r, "count_settings", -1);
    const cJSON *s = jr_object(r, state, "count_settings");
    org->settings.prefix_string = dup_or_null(jr_str_or_null(r, s, "prefix_string"));
    org->settings.next_number = dup_or_null(jr_str_or_null(r, s, "next_number"));
    jr_id(r, s, "default_reason_id", true, org->settings.default_reason_id);
    jr_id(r, s, "default_adjustment_account", true, org->settings.default_adjustment_account);
    jr_leave(r);
    const cJSON *bg = jr_array(r, state, "count_background"), *b;
    if (!jr_failed(r) && cJSON_GetArraySize(bg) != 3) jr_fail(r, "count_background", "expected 3 switches (start, submit, approve)");
    int i = 0;
    cJSON_ArrayForEach(b, bg) {
        if (i >= 3) break;
        jr_enter(r, "count_background", i);
        int64_t reads = jr_int(r, b, "after_reads"), secs = jr_int(r, b, "after_seconds");
        if (reads < 0 || secs < 0 || reads > 1000000 || secs > 100000000) jr_fail(r, NULL, "out of range");
        org->count_background[i].after_reads = (int)reads;
        org->count_background[i].after_seconds = (int)secs;
        jr_leave(r);
        i++;
    }
    each_from_state(r, state, "adjustments", adjustment_from_state, org);
}

/* ----------------------------------------------------- tokens and grants */

static cJSON *scopes_to_state(char *const *v, size_t n) { return strings_to_state(v, n); }

static zm_client *client_named(const char *client_id)
{
    for (size_t i = 0; i < g_model.clients.n; i++)
        if (!strcmp(g_model.clients.v[i]->client_id, client_id)) return g_model.clients.v[i];
    return NULL;
}

cJSON *token_to_state(const zm_token *t)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "token", t->token);
    json_add_str(j, "user_id", t->user_id);
    cJSON_AddItemToObject(j, "scopes", scopes_to_state(t->scopes.v, t->scopes.n));
    json_add_num(j, "expires_at", (double)t->expires_at);
    jw_str_or_null(j, "clock_organization_id", t->clock_org ? t->clock_org->organization_id : NULL);
    jw_str_or_null(j, "refresh_token", t->refresh_token);
    return j;
}

zm_token *token_from_state(zm_jr *r, const cJSON *j)
{
    zm_token *t = xcalloc(1, sizeof *t);
    t->token = xstrdup(jr_str(r, j, "token"));
    jr_id(r, j, "user_id", false, t->user_id);
    strings_from_state(r, j, "scopes", (zm_strings *)&t->scopes);
    t->expires_at = jr_int(r, j, "expires_at");
    const char *org = jr_str_or_null(r, j, "clock_organization_id");
    if (org && !(t->clock_org = model_find_org(org))) jr_fail(r, "clock_organization_id", "not an organization of the fixtures");
    t->refresh_token = dup_or_null(jr_str_or_null(r, j, "refresh_token"));
    t->issued = true;
    if (!jr_failed(r) && !model_find_user(t->user_id)) jr_fail(r, "user_id", "not a user of the fixtures");
    if (jr_failed(r)) {
        token_free(t);
        return NULL;
    }
    return t;
}

cJSON *grant_to_state(const zm_grant *g)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "value", g->value);
    json_add_bool(j, "is_code", g->is_code);
    json_add_str(j, "client_id", g->client ? g->client->client_id : "");
    jw_str_or_null(j, "redirect_uri", g->redirect_uri);
    cJSON_AddItemToObject(j, "scopes", scopes_to_state(g->scopes.v, g->scopes.n));
    json_add_num(j, "expires_at", (double)g->expires_at);
    json_add_bool(j, "offline", g->offline);
    return j;
}

zm_grant *grant_from_state(zm_jr *r, const cJSON *j)
{
    zm_grant *g = xcalloc(1, sizeof *g);
    g->value = xstrdup(jr_str(r, j, "value"));
    g->is_code = jr_bool(r, j, "is_code");
    const char *client = jr_str(r, j, "client_id");
    if (!jr_failed(r) && !(g->client = client_named(client))) jr_fail(r, "client_id", "not a client of the fixtures");
    g->redirect_uri = dup_or_null(jr_str_or_null(r, j, "redirect_uri"));
    strings_from_state(r, j, "scopes", &g->scopes);
    g->expires_at = jr_int(r, j, "expires_at");
    g->offline = jr_bool(r, j, "offline");
    if (jr_failed(r)) {
        grant_free(g);
        return NULL;
    }
    return g;
}

cJSON *auth_to_state(void)
{
    cJSON *j = cJSON_CreateObject();
    jw_u64(j, "token_serial", g_model.token_serial);
    cJSON *a = cJSON_AddArrayToObject(j, "tokens");
    for (size_t i = 0; i < g_model.tokens.n; i++)
        if (g_model.tokens.v[i]->issued) cJSON_AddItemToArray(a, token_to_state(g_model.tokens.v[i]));
    a = cJSON_AddArrayToObject(j, "grants");
    for (size_t i = 0; i < g_model.grants.n; i++) cJSON_AddItemToArray(a, grant_to_state(g_model.grants.v[i]));
    a = cJSON_AddArrayToObject(j, "revoked_refresh_tokens");
    for (size_t i = 0; i < g_model.clients.n; i++)
        if (g_model.clients.v[i]->refresh_revoked) cJSON_AddItemToArray(a, cJSON_CreateString(g_model.clients.v[i]->client_id));
    return j;
}

void auth_from_state(zm_jr *r, const cJSON *j)
{
    model_auth_reset();
    g_model.token_serial = jr_u64(r, j, "token_serial");
    const cJSON *a = jr_array(r, j, "tokens"), *e;
    int i = 0;
    cJSON_ArrayForEach(e, a) {
        jr_enter(r, "tokens", i++);
        zm_token *t = token_from_state(r, e);
        if (t && model_find_token(t->token)) {
            jr_fail(r, "token", "a second token with this value");
            token_free(t);
            t = NULL;
        }
        if (t) VEC_PUSH(g_model.tokens, t);
        jr_leave(r);
    }
    a = jr_array(r, j, "grants");
    i = 0;
    cJSON_ArrayForEach(e, a) {
        jr_enter(r, "grants", i++);
        zm_grant *g = grant_from_state(r, e);
        if (g) VEC_PUSH(g_model.grants, g);
        jr_leave(r);
    }
    a = jr_array(r, j, "revoked_refresh_tokens");
    cJSON_ArrayForEach(e, a) {
        zm_client *c = cJSON_IsString(e) ? client_named(e->valuestring) : NULL;
        if (!c) jr_fail(r, "revoked_refresh_tokens", "not a client id of the fixtures");
        else c->refresh_revoked = true;
    }
    if (jr_failed(r)) model_auth_reset();
}

/* ----------------------------------------------------------- journal */

static cJSON *org_record(const char *kind, const zm_org *org)
{
    cJSON *rec = cJSON_CreateObject();
    json_add_str(rec, "t", kind);
    json_add_str(rec, "org", org->organization_id);
    json_add_num(rec, "wall", (double)clock_wall());
    return rec;
}

void org_journal_due(const zm_org *org)
{
    if (state_log_active()) state_log_append(org_record("due", org));
}

void org_journal_clock(const zm_org *org)
{
    if (!state_log_active()) return;
    cJSON *rec = org_record("clock", org);
    cJSON_AddItemToObject(rec, "clock", clock_to_state(&org->clock));
    state_log_append(rec);
}

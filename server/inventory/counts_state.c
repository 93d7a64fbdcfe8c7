/* counts_state.c -- stock counts in a saved state (--state, /__admin/state): every field, lines, bins, a pending background action, as JSON and back */
#include "inventory/counts.h"

#include <stdio.h>
#include <string.h>

#include "inventory/counts_impl.h"
#include "util/json.h"
#include "util/json_read.h"
#include "model/org_state.h"

/* An enumeration written as its number, checked against its range. */
static int enum_in(zm_jr *r, const cJSON *obj, const char *name, int max)
{
    int64_t v = jr_int(r, obj, name);
    if (v < 0 || v > max) jr_fail(r, name, "out of range");
    return jr_failed(r) ? 0 : (int)v;
}

/* ------------------------------------------------------------------ bins */

static cJSON *bin_out(const zm_count_bin *b)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "storage_id", b->storage_id);
    json_add_str(j, "storage_name", b->storage_name);
    json_add_num(j, "system_quantity", b->system_quantity);
    json_add_bool(j, "counted", b->counted);
    json_add_num(j, "counted_quantity", b->counted_quantity);
    json_add_bool(j, "is_new", b->is_new);
    cJSON_AddItemToObject(j, "system_serial_numbers", strings_to_state(b->system_serial_numbers.v, b->system_serial_numbers.n));
    cJSON_AddItemToObject(j, "system_batches", batches_to_state(b->system_batches.v, b->system_batches.n));
    return j;
}

static void bin_in(zm_jr *r, const cJSON *j, zm_count_bin *b)
{
    jr_id(r, j, "storage_id", false, b->storage_id);
    b->storage_name = xstrdup(jr_str(r, j, "storage_name"));
    b->system_quantity = jr_num(r, j, "system_quantity");
    b->counted = jr_bool(r, j, "counted");
    b->counted_quantity = jr_num(r, j, "counted_quantity");
    b->is_new = jr_bool(r, j, "is_new");
    strings_from_state(r, j, "system_serial_numbers", (zm_strings *)&b->system_serial_numbers);
    batches_from_state(r, j, "system_batches", &b->system_batches);
}

/* ----------------------------------------------------------------- lines */

static cJSON *line_out(const zm_count_line *l)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "line_item_id", l->line_item_id);
    json_add_str(j, "item_id", l->item_id);
    json_add_str(j, "item_name", l->item_name);
    json_add_str(j, "sku", l->sku);
    json_add_str(j, "unit", l->unit);
    json_add_num(j, "item_order", l->item_order);
    json_add_bool(j, "track_serial_number", l->track_serial_number);
    json_add_bool(j, "track_batch_number", l->track_batch_number);
    json_add_bool(j, "captured", l->captured);
    json_add_bool(j, "is_bin_tracked", l->is_bin_tracked);
    json_add_num(j, "system_quantity", l->system_quantity);
    cJSON_AddItemToObject(j, "system_serial_numbers", strings_to_state(l->system_serial_numbers.v, l->system_serial_numbers.n));
    cJSON_AddItemToObject(j, "system_batches", batches_to_state(l->system_batches.v, l->system_batches.n));
    cJSON *bins = cJSON_AddArrayToObject(j, "bins");
    for (size_t i = 0; i < l->bins.n; i++) cJSON_AddItemToArray(bins, bin_out(&l->bins.v[i]));
    json_add_bool(j, "counted", l->counted);
    json_add_bool(j, "bins_counted", l->bins_counted);
    json_add_num(j, "status", l->status);
    json_add_num(j, "counted_quantity", l->counted_quantity);
    cJSON_AddItemToObject(j, "counted_serial_numbers", strings_to_state(l->counted_serial_numbers.v, l->counted_serial_numbers.n));
    cJSON_AddItemToObject(j, "counted_batches", batches_to_state(l->counted_batches.v, l->counted_batches.n));
    json_add_num(j, "approval_status", l->approval_status);
    json_add_str(j, "reason_id", l->reason_id);
    json_add_str(j, "adjustment_id", l->adjustment_id);
    return j;
}

static void line_in(zm_jr *r, const cJSON *j, zm_org *org, zm_count_line *l)
{
    jr_id(r, j, "line_item_id", false, l->line_item_id);
    jr_id(r, j, "item_id", false, l->item_id);
    l->item_name = org_intern(org, jr_str(r, j, "item_name"));
    l->sku = org_intern(org, jr_str(r, j, "sku"));
    l->unit = org_intern(org, jr_str(r, j, "unit"));
    l->item_order = (int)jr_int(r, j, "item_order");
    l->track_serial_number = jr_bool(r, j, "track_serial_number");
    l->track_batch_number = jr_bool(r, j, "track_batch_number");
    l->captured = jr_bool(r, j, "captured");
    l->is_bin_tracked = jr_bool(r, j, "is_bin_tracked");
    l->system_quantity = jr_num(r, j, "system_quantity");
    strings_from_state(r, j, "system_serial_numbers", (zm_strings *)&l->system_serial_numbers);
    batches_from_state(r, j, "system_batches", &l->system_batches);
    const cJSON *bins = jr_array(r, j, "bins"), *b;
    int i = 0;
    cJSON_ArrayForEach(b, bins) {
        jr_enter(r, "bins", i++);
        zm_count_bin bin;
        memset(&bin, 0, sizeof bin);
        bin_in(r, b, &bin);
        VEC_PUSH(l->bins, bin);
        jr_leave(r);
    }
    l->counted = jr_bool(r, j, "counted");
    l->bins_counted = jr_bool(r, j, "bins_counted");
    l->status = (zm_count_line_status)enum_in(r, j, "status", LINE_REJECTED);
    l->counted_quantity = jr_num(r, j, "counted_quantity");
    strings_from_state(r, j, "counted_serial_numbers", (zm_strings *)&l->counted_serial_numbers);
    batches_from_state(r, j, "counted_batches", &l->counted_batches);
    l->approval_status = (zm_approval_status)enum_in(r, j, "approval_status", APPROVAL_REJECTED);
    jr_id(r, j, "reason_id", true, l->reason_id);
    jr_id(r, j, "adjustment_id", true, l->adjustment_id);
    if (!jr_failed(r) && !org_find_item(org, l->item_id)) jr_fail(r, "item_id", "not an item of the organization");
}

/* ---------------------------------------------------------------- counts */

cJSON *count_to_state(const zm_stock_count *c)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "inventorycount_id", c->inventorycount_id);
    json_add_str(j, "inventorycount_number", c->inventorycount_number);
    json_add_bool(j, "manual_number", c->manual_number);
    json_add_str(j, "count_date", c->count_date);
    jw_str_or_null(j, "description", c->description);
    json_add_num(j, "status", c->status);
    json_add_str(j, "location_id", c->location_id);
    json_add_str(j, "assignee_id", c->assignee_id);
    cJSON *lines = cJSON_AddArrayToObject(j, "line_items");
    for (size_t i = 0; i < c->line_items.n; i++) cJSON_AddItemToArray(lines, line_out(&c->line_items.v[i]));
    json_add_num(j, "created_time", (double)c->created_time);
    json_add_num(j, "last_modified_time", (double)c->last_modified_time);
    json_add_str(j, "created_by_id", c->created_by_id);
    json_add_str(j, "last_modified_by_id", c->last_modified_by_id);
    jw_u64(j, "seq", c->seq);
    const zm_count_pending *p = &c->pending;
    if (p->action == COUNT_ACTION_NONE) {
        cJSON_AddNullToObject(j, "pending");
        return j;
    }
    cJSON *pj = cJSON_AddObjectToObject(j, "pending");
    json_add_num(pj, "action", p->action);
    json_add_num(pj, "reads_left", p->reads_left);
    json_add_num(pj, "due_at", (double)p->due_at);
    json_add_num(pj, "previous_status", p->previous_status);
    json_add_str(pj, "user_id", p->user_id);
    json_add_bool(pj, "set_uncounted_as_zero", p->set_uncounted_as_zero);
    cJSON *ds = cJSON_AddArrayToObject(pj, "decisions");
    for (size_t i = 0; i < p->decisions.n; i++) {
        cJSON *d = cJSON_CreateObject();
        json_add_num(d, "line_index", (double)p->decisions.v[i].line_index);
        json_add_bool(d, "approve", p->decisions.v[i].approve);
        json_add_str(d, "reason_id", p->decisions.v[i].reason_id);
        cJSON_AddItemToArray(ds, d);
    }
    return j;
}

static void pending_in(zm_jr *r, const cJSON *pj, zm_stock_count *c)
{
    zm_count_pending *p = &c->pending;
    p->action = (zm_count_action)enum_in(r, pj, "action", COUNT_ACTION_APPROVE);
    if (!jr_failed(r) && p->action == COUNT_ACTION_NONE) jr_fail(r, "action", "out of range");
    p->reads_left = (int)jr_int(r, pj, "reads_left");
    p->due_at = jr_int(r, pj, "due_at");
    p->previous_status = (zm_count_status)enum_in(r, pj, "previous_status", COUNT__STATUS_N - 1);
    jr_id(r, pj, "user_id", true, p->user_id);
    p->set_uncounted_as_zero = jr_bool(r, pj, "set_uncounted_as_zero");
    const cJSON *ds = jr_array(r, pj, "decisions"), *d;
    int i = 0;
    cJSON_ArrayForEach(d, ds) {
        jr_enter(r, "decisions", i++);
        zm_count_decision x;
        memset(&x, 0, sizeof x);
        int64_t at = jr_int(r, d, "line_index");
        if (at < 0 || (size_t)at >= c->line_items.n) jr_fail(r, "line_index", "not a line of the count");
        x.line_index = jr_failed(r) ? 0 : (size_t)at;
        x.approve = jr_bool(r, d, "approve");
        jr_id(r, d, "reason_id", true, x.reason_id);
        VEC_PUSH(p->decisions, x);
        jr_leave(r);
    }
}

void count_from_state(zm_jr *r, const cJSON *j, zm_org *org)
{
    zm_stock_count *c = xcalloc(1, sizeof *c);
    jr_id(r, j, "inventorycount_id", false, c->inventorycount_id);
    c->inventorycount_number = xstrdup(jr_str(r, j, "inventorycount_number"));
    c->manual_number = jr_bool(r, j, "manual_number");
    const char *date = jr_str(r, j, "count_date");
    if (strlen(date) >= sizeof c->count_date) jr_fail(r, "count_date", "too long");
    snprintf(c->count_date, sizeof c->count_date, "%s", date);
    const char *description = jr_str_or_null(r, j, "description");
    c->description = description ? xstrdup(description) : NULL;
    c->status = (zm_count_status)enum_in(r, j, "status", COUNT__STATUS_N - 1);
    jr_id(r, j, "location_id", false, c->location_id);
    jr_id(r, j, "assignee_id", true, c->assignee_id);
    if (!jr_failed(r) && !org_find_location(org, c->location_id)) jr_fail(r, "location_id", "not a location of the organization");
    const cJSON *lines = jr_array(r, j, "line_items"), *l;
    int i = 0;
    cJSON_ArrayForEach(l, lines) {
        if (jr_failed(r)) break;
        jr_enter(r, "line_items", i++);
        zm_count_line line;
        memset(&line, 0, sizeof line);
        line_in(r, l, org, &line);
        VEC_PUSH(c->line_items, line);
        jr_leave(r);
    }
    c->created_time = jr_int(r, j, "created_time");
    c->last_modified_time = jr_int(r, j, "last_modified_time");
    jr_id(r, j, "created_by_id", true, c->created_by_id);
    jr_id(r, j, "last_modified_by_id", true, c->last_modified_by_id);
    c->seq = jr_u64(r, j, "seq");
    const cJSON *pj = jr_opt(r, j, "pending", cJSON_Object);
    if (pj) {
        jr_enter(r, "pending", -1);
        pending_in(r, pj, c);
        jr_leave(r);
    }
    if (!jr_failed(r) && org_find_count(org, c->inventorycount_id)) jr_fail(r, "inventorycount_id", "a second stock count with this id");
    if (!jr_failed(r) && org_find_count_by_number(org, c->inventorycount_number))
        jr_fail(r, "inventorycount_number", "a second stock count with this number");
    if (jr_failed(r)) {
        count_free(c);
        return;
    }
    counts_add(org, c);
    if (c->pending.action != COUNT_ACTION_NONE) org->counts_in_background++;
}

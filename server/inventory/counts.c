/* counts.c -- the stock count model: status names, tallies, derived values, JSON, look-ups, freeing */
#include "inventory/counts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/adjustments.h"
#include "inventory/counts_impl.h"
#include "inventory/module.h"
#include "inventory/settings.h"
#include "model/stock_tracking.h"
#include "zoho/fields.h"

/* ---------------------------------------------------------------- names */

static const char *const status_names[COUNT__STATUS_N] = {
    [COUNT_YET_TO_START] = "yet_to_start",
    [COUNT_COUNTING] = "counting",
    [COUNT_SUBMITTED] = "submitted",
    [COUNT_PROCESSING] = "processing",
    [COUNT_COMPLETED] = "completed",
    [COUNT_CANCELLED] = "cancelled",
    [COUNT_EXPIRED] = "expired",
    [COUNT_APPROVAL_IN_PROGRESS] = "approval_in_progress",
    [COUNT_START_IN_PROGRESS] = "start_in_progress",
    [COUNT_SUBMISSION_IN_PROGRESS] = "submission_in_progress",
};

const char *count_status_name(zm_count_status s)
{
    return (int)s >= 0 && s < COUNT__STATUS_N ? status_names[s] : "";
}

bool count_status_parse(const char *s, zm_count_status *out)
{
    for (int i = 0; i < COUNT__STATUS_N; i++) {
        if (strcmp(status_names[i], s) == 0) {
            *out = (zm_count_status)i;
            return true;
        }
    }
    return false;
}

const char *count_line_status_name(zm_count_line_status s)
{
    switch (s) {
    case LINE_DRAFT: return "draft";
    case LINE_COUNTED: return "counted";
    case LINE_SKIPPED: return "skipped";
    case LINE_APPROVED: return "approved";
    case LINE_REJECTED: return "rejected";
    }
    return "";
}

const char *count_approval_name(zm_approval_status s)
{
    switch (s) {
    case APPROVAL_APPROVED: return "approved";
    case APPROVAL_REJECTED: return "rejected";
    case APPROVAL_NONE: break;
    }
    return "";
}

/* ------------------------------------------------------- derived values */


double count_line_variance(const zm_count_line *l)
{
    return l->counted ? l->counted_quantity - l->system_quantity : 0;
}

bool count_line_is_matched(const zm_count_line *l)
{
    return l->counted && fabs(count_line_variance(l)) < QTY_EPSILON;
}

/* Serial tracked: the counted set differs from the system's. Batch
 * tracked: some batch's counted quantity differs from the system's (a
 * batch missing on one side counts as 0 there). Uncounted lines: false. */
bool count_line_tracking_mismatch(const zm_count_line *l)
{
    if (!l->counted) return false;
    if (l->track_serial_number) {
        if (l->counted_serial_numbers.n != l->system_serial_numbers.n) return true;
        for (size_t i = 0; i < l->counted_serial_numbers.n; i++)
            if (!strings_find(l->system_serial_numbers.v, l->system_serial_numbers.n,
                              l->counted_serial_numbers.v[i], NULL))
                return true;
        return false;
    }
    if (l->track_batch_number) {
        for (size_t i = 0; i < l->counted_batches.n; i++) {
            const char *b = l->counted_batches.v[i].batch_number;
            if (fabs(batches_quantity(l->counted_batches.v, l->counted_batches.n, b) -
                     batches_quantity(l->system_batches.v, l->system_batches.n, b)) > QTY_EPSILON)
                return true;
        }
        for (size_t i = 0; i < l->system_batches.n; i++) {
            const char *b = l->system_batches.v[i].batch_number;
            if (fabs(batches_quantity(l->counted_batches.v, l->counted_batches.n, b) -
                     batches_quantity(l->system_batches.v, l->system_batches.n, b)) > QTY_EPSILON)
                return true;
        }
    }
    return false;
}

double count_row_figure(zm_org *org, const zm_stock_row *r)
{
    const char *mode = rec_str(settings_preferences(org), "stock_tracking_mode");
    return !strcmp(mode, "accounting") ? r->accounting : r->quantity;
}

double count_line_system_quantity(const zm_org *org, const zm_stock_count *c, const zm_count_line *l)
{
    if (l->captured) return l->system_quantity;
    const zm_item *item = org_find_item((zm_org *)org, l->item_id);
    double q = 0;
    for (size_t i = 0; item && i < item->stock.n; i++)
        if (!strcmp(item->stock.v[i].location_id, c->location_id)) q += count_row_figure((zm_org *)org, &item->stock.v[i]);
    return q;
}

bool count_bin_counted_quantity(const zm_count_line *l, size_t bin_index, double *out)
{
    const zm_count_bin *b = &l->bins.v[bin_index];
    if (l->bins_counted) {
        if (b->counted) *out = b->counted_quantity;
        return b->counted;
    }
    if (!l->counted) return false;
    double variance = count_line_variance(l);
    if (variance >= 0) {
        *out = b->system_quantity + (bin_index == 0 ? variance : 0);
        return true;
    }
    double missing = -variance;
    for (size_t i = 0; i <= bin_index; i++) {
        double take = fmin(missing, fmax(l->bins.v[i].system_quantity, 0));
        if (take < QTY_EPSILON) take = 0;
        if (i == bin_index) *out = l->bins.v[i].system_quantity - take;
        missing -= take;
    }
    return true;
}

/* -------------------------------------------------------------- tallies */

/* accuracy: over the counted lines, 100 * (1 - sum|variance| / sum system),
 * never below 0, rounded to 2 decimals; 100 when their system total is 0
 * and nothing differs (0 when something does); 0 when nothing is counted.
 * Zoho's page shows the field (85.5) without its formula. */
void count_tally(const zm_stock_count *c, zm_count_tally *out)
{
    memset(out, 0, sizeof *out);
    double system = 0, deviation = 0;
    out->items = c->line_items.n;
    for (size_t i = 0; i < c->line_items.n; i++) {
        const zm_count_line *l = &c->line_items.v[i];
        if (l->counted) {
            out->counted++;
            system += l->system_quantity;
            deviation += fabs(count_line_variance(l));
        }
        if (l->status == LINE_SKIPPED) out->skipped++;
        if (l->adjustment_id[0]) out->adjusted++;
        if (l->approval_status == APPROVAL_APPROVED) out->approved++;
        if (l->approval_status == APPROVAL_REJECTED) out->rejected++;
    }
    if (!out->counted) out->accuracy = 0;
    else if (system <= QTY_EPSILON) out->accuracy = deviation < QTY_EPSILON ? 100 : 0;
    else out->accuracy = fmax(0, 100.0 * (1.0 - deviation / system));
    out->accuracy = round(out->accuracy * 100.0) / 100.0;
}

/* ------------------------------------------------------------- look-ups */

/* ---------------------------------------------------------- the table */

static void key_created(const void *row, zm_index_key *k) { k->i = ((const zm_stock_count *)row)->created_time; }
static void key_date(const void *row, zm_index_key *k) { k->s = ((const zm_stock_count *)row)->count_date; }
static void key_number(const void *row, zm_index_key *k) { k->s = ((const zm_stock_count *)row)->inventorycount_number; }
static void key_modified(const void *row, zm_index_key *k) { k->i = ((const zm_stock_count *)row)->last_modified_time; }
static const char *count_id(const void *row) { return ((const zm_stock_count *)row)->inventorycount_id; }
static const char *count_number(const void *row) { return ((const zm_stock_count *)row)->inventorycount_number; }
static uint64_t count_seq(const void *row) { return ((const zm_stock_count *)row)->seq; }

/* search_text looks in the number and the description. */
static size_t count_texts(const void *row, const char *out[INDEX_MAX_TEXTS])
{
    const zm_stock_count *c = row;
    out[0] = c->inventorycount_number;
    out[1] = c->description;
    return 2;
}

/* The list's sort columns (Zoho sorts numbers as text, case aside:
 * IC-00010 after IC-00009 thanks to the zero padding). */
static const zm_index_column count_columns[] = {
    {"created_time", INDEX_INT, key_created},
    {"count_date", INDEX_TEXT, key_date},
    {"inventorycount_number", INDEX_TEXT_NOCASE, key_number},
    {"last_modified_time", INDEX_INT, key_modified},
    {NULL, 0, NULL},
};
static const zm_index_unique count_uniques[] = {
    {"inventorycount_id", count_id}, {"inventorycount_number", count_number}, {NULL, NULL},
};
static const zm_table_def count_table_def = {count_columns, count_uniques, count_seq, count_texts};

zm_table *counts_table(zm_org *org) { return table_ensure(&org->counts_table, &count_table_def); }

void counts_add(zm_org *org, zm_stock_count *c)
{
    VEC_PUSH(org->counts, c);
    table_insert(counts_table(org), c);
}

void counts_remove(zm_org *org, zm_stock_count *c)
{
    table_remove(counts_table(org), c);
    VEC_REMOVE_ITEM(org->counts, c);
}

zm_stock_count *org_find_count(zm_org *org, const char *id)
{
    return id ? table_find(counts_table(org), COUNT_UNIQUE_ID, id) : NULL;
}

zm_stock_count *org_find_count_by_number(zm_org *org, const char *number)
{
    return number ? table_find(counts_table(org), COUNT_UNIQUE_NUMBER, number) : NULL;
}

zm_count_line *count_find_line(zm_stock_count *c, const char *line_item_id)
{
    for (size_t i = 0; i < c->line_items.n; i++)
        if (strcmp(c->line_items.v[i].line_item_id, line_item_id) == 0) return &c->line_items.v[i];
    return NULL;
}

zm_count_line *count_find_line_by_item(zm_stock_count *c, const char *item_id)
{
    for (size_t i = 0; i < c->line_items.n; i++)
        if (strcmp(c->line_items.v[i].item_id, item_id) == 0) return &c->line_items.v[i];
    return NULL;
}

zm_count_line *org_find_count_line(zm_org *org, const char *line_item_id, zm_stock_count **count_out)
{
    for (size_t i = 0; i < org->counts.n; i++) {
        zm_count_line *l = count_find_line(org->counts.v[i], line_item_id);
        if (l) {
            if (count_out) *count_out = org->counts.v[i];
            return l;
        }
    }
    return NULL;
}

size_t count_adjustments(zm_org *org, const zm_stock_count *c, zm_adjustment ***out)
{
    zm_adjustment **v = xmalloc((org->adjustments.n + 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < org->adjustments.n; i++)
        if (strcmp(org->adjustments.v[i]->inventorycount_id, c->inventorycount_id) == 0)
            v[n++] = org->adjustments.v[i];
    *out = v;
    return n;
}

/* ----------------------------------------------------------------- JSON */

static void add_user(cJSON *o, const zm_org *org, const char *prefix, const char *user_id, bool photo)
{
    char key[64];
    const zm_user *u = model_find_user(user_id);
    snprintf(key, sizeof key, "%s_id", prefix);
    json_add_str(o, key, user_id);
    snprintf(key, sizeof key, "%s_name", prefix);
    json_add_str(o, key, u ? u->name : "");
    if (photo) {
        /* The page's form: the last five digits of the user id. */
        char url[96];
        size_t n = strlen(user_id);
        snprintf(url, sizeof url, "https://contacts.zoho.com/file?t=photo&ID=%s", n > 5 ? user_id + n - 5 : user_id);
        snprintf(key, sizeof key, "%s_photo_url", prefix);
        json_add_str(o, key, user_id[0] ? url : "");
    }
    (void)org;
}


static void add_batches(cJSON *o, const char *name, const zm_batch *v, size_t n, const char *qty_name)
{
    cJSON *arr = cJSON_AddArrayToObject(o, name);
    for (size_t i = 0; i < n; i++) {
        cJSON *b = cJSON_CreateObject();
        json_add_str(b, "batch_number", v[i].batch_number);
        json_add_num(b, qty_name, v[i].quantity);
        cJSON_AddItemToArray(arr, b);
    }
}

static void add_strings(cJSON *o, const char *name, char *const *v, size_t n)
{
    cJSON *arr = cJSON_AddArrayToObject(o, name);
    for (size_t i = 0; i < n; i++) cJSON_AddItemToArray(arr, cJSON_CreateString(v[i]));
}

/* Bins of a line: captured ones once started; before start the item's
 * bins at the location, names and live quantities only. */
static void add_storages(cJSON *o, const zm_org *org, const zm_stock_count *c, const zm_count_line *l)
{
    cJSON *arr = cJSON_AddArrayToObject(o, "storages");
    if (l->captured) {
        for (size_t i = 0; i < l->bins.n; i++) {
            const zm_count_bin *b = &l->bins.v[i];
            cJSON *s = cJSON_CreateObject();
            json_add_str(s, "storage_id", b->storage_id);
            json_add_str(s, "storage_name", b->storage_name);
            json_add_num(s, "system_quantity", b->system_quantity);
            double counted = 0;
            bool has = count_bin_counted_quantity(l, i, &counted);
            json_add_num_or_null(s, "counted_quantity", has, counted);
            json_add_num_or_null(s, "stock_variance", has, counted - b->system_quantity);
            json_add_bool(s, "is_matched", has && fabs(counted - b->system_quantity) < QTY_EPSILON);
            json_add_bool(s, "is_new", b->is_new);
            cJSON_AddItemToArray(arr, s);
        }
        return;
    }
    const zm_item *item = org_find_item((zm_org *)org, l->item_id);
    zm_location *loc = org_find_location((zm_org *)org, c->location_id);
    if (!item || !loc) return;
    for (size_t i = 0; i < item->stock.n; i++) {
        const zm_stock_row *r = &item->stock.v[i];
        if (strcmp(r->location_id, c->location_id) != 0 || !r->storage_id[0]) continue;
        const zm_storage *st = location_find_storage(loc, r->storage_id);
        cJSON *s = cJSON_CreateObject();
        json_add_str(s, "storage_id", r->storage_id);
        json_add_str(s, "storage_name", st ? st->storage_name : "");
        cJSON_AddItemToArray(arr, s);
    }
}

static bool line_bin_tracked(const zm_org *org, const zm_stock_count *c, const zm_count_line *l)
{
    if (l->captured) return l->is_bin_tracked;
    const zm_item *item = org_find_item((zm_org *)org, l->item_id);
    return item && item_is_bin_tracked_at(item, c->location_id);
}

cJSON *count_line_to_json(const zm_org *org, const zm_stock_count *c, const zm_count_line *l)
{
    cJSON *o = cJSON_CreateObject();
    json_add_str(o, "line_item_id", l->line_item_id);
    json_add_str(o, "item_id", l->item_id);
    json_add_str(o, "item_name", l->item_name);
    json_add_num(o, "item_order", l->item_order);
    json_add_str(o, "sku", l->sku);
    json_add_str(o, "unit", l->unit);
    json_add_num(o, "system_quantity", count_line_system_quantity(org, c, l));
    json_add_num_or_null(o, "counted_quantity", l->counted, l->counted_quantity);
    json_add_num_or_null(o, "stock_variance", l->counted, count_line_variance(l));
    json_add_bool(o, "track_serial_number", l->track_serial_number);
    json_add_bool(o, "track_batch_number", l->track_batch_number);
    bool bins = line_bin_tracked(org, c, l);
    json_add_bool(o, "is_storage_location_enabled", bins);
    json_add_bool(o, "is_matched", count_line_is_matched(l));
    json_add_bool(o, "has_tracking_details_mismatch", count_line_tracking_mismatch(l));
    json_add_str(o, "status", count_line_status_name(l->status));
    json_add_str(o, "approval_status", count_approval_name(l->approval_status));
    json_add_str(o, "reason_id", l->reason_id);
    if (l->track_serial_number)
        add_strings(o, "counted_serial_numbers", l->counted_serial_numbers.v, l->counted_serial_numbers.n);
    if (l->track_batch_number)
        add_batches(o, "counted_batches", l->counted_batches.v, l->counted_batches.n, "counted_quantity");
    if (bins) add_storages(o, org, c, l);
    return o;
}

cJSON *count_to_json(const zm_org *org, const zm_stock_count *c, bool full)
{
    char created[32], modified[32];
    clock_format_datetime(&org->clock, c->created_time, created);
    clock_format_datetime(&org->clock, c->last_modified_time, modified);
    const zm_location *loc = org_find_location((zm_org *)org, c->location_id);
    const char *loc_name = loc ? loc->location_name : "";
    zm_count_tally t;
    count_tally(c, &t);

    cJSON *o = cJSON_CreateObject();
    json_add_str(o, "inventorycount_id", c->inventorycount_id);
    json_add_str(o, "inventorycount_number", c->inventorycount_number);
    json_add_str(o, "count_date", c->count_date);
    json_add_str(o, "description", c->description);
    json_add_str(o, "status", count_status_name(c->status));
    json_add_str(o, "count_type", "count");
    json_add_str(o, "warehouse_id", c->location_id);
    json_add_str(o, "warehouse_name", loc_name);
    json_add_str(o, "location_id", c->location_id);
    json_add_str(o, "location_name", loc_name);
    json_add_num(o, "number_of_items", (double)t.items);
    json_add_num(o, "number_of_items_counted", (double)t.counted);
    json_add_num(o, "number_of_items_skipped", (double)t.skipped);
    json_add_num(o, "number_of_items_adjusted", (double)t.adjusted);
    json_add_num(o, "number_of_items_approved", (double)t.approved);
    json_add_num(o, "number_of_items_rejected", (double)t.rejected);
    json_add_num(o, "accuracy", t.accuracy);
    add_user(o, org, "assignee", c->assignee_id, true);
    add_user(o, org, "created_by", c->created_by_id, true);
    add_user(o, org, "last_modified_by", c->last_modified_by_id, false);
    json_add_str(o, "created_time", created);
    json_add_str(o, "last_modified_time", modified);
    if (!full) return o;

    cJSON *lines = cJSON_AddArrayToObject(o, "line_items");
    for (size_t i = 0; i < c->line_items.n; i++)
        cJSON_AddItemToArray(lines, count_line_to_json(org, c, &c->line_items.v[i]));
    zm_adjustment **adj;
    size_t n = count_adjustments((zm_org *)org, c, &adj);
    /* With their line_items, so the count shows what each adjustment moved
     * (quantities per bin, serial numbers, batches). */
    cJSON *arr = cJSON_AddArrayToObject(o, "inventory_adjustments");
    for (size_t i = 0; i < n; i++) cJSON_AddItemToArray(arr, adjustment_to_json(org, adj[i], true));
    free(adj);
    return o;
}

/* -------------------------------------------------------------- freeing */

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
}

static void free_batches(zm_batch *v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i].batch_number);
}

void count_line_clear_counted(zm_count_line *l)
{
    free_strings(l->counted_serial_numbers.v, l->counted_serial_numbers.n);
    VEC_FREE(l->counted_serial_numbers);
    free_batches(l->counted_batches.v, l->counted_batches.n);
    VEC_FREE(l->counted_batches);
    for (size_t k = 0; k < l->bins.n; k++) l->bins.v[k].counted = false;
    l->bins_counted = false;
    l->counted = false;
    l->counted_quantity = 0;
}

void count_line_free(zm_count_line *l)
{
    free_strings(l->system_serial_numbers.v, l->system_serial_numbers.n);
    VEC_FREE(l->system_serial_numbers);
    free_batches(l->system_batches.v, l->system_batches.n);
    VEC_FREE(l->system_batches);
    free_strings(l->counted_serial_numbers.v, l->counted_serial_numbers.n);
    VEC_FREE(l->counted_serial_numbers);
    free_batches(l->counted_batches.v, l->counted_batches.n);
    VEC_FREE(l->counted_batches);
    for (size_t k = 0; k < l->bins.n; k++) {
        zm_count_bin *b = &l->bins.v[k];
        free(b->storage_name);
        free_strings(b->system_serial_numbers.v, b->system_serial_numbers.n);
        VEC_FREE(b->system_serial_numbers);
        free_batches(b->system_batches.v, b->system_batches.n);
        VEC_FREE(b->system_batches);
    }
    VEC_FREE(l->bins);
}

void count_free(zm_stock_count *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->line_items.n; i++) count_line_free(&c->line_items.v[i]);
    VEC_FREE(c->line_items);
    VEC_FREE(c->pending.decisions);
    free(c->inventorycount_number);
    free(c->description);
    free(c);
}

void counts_free_all(zm_org *org)
{
    for (size_t i = 0; i < org->counts.n; i++) count_free(org->counts.v[i]);
    VEC_FREE(org->counts);
    table_free(&org->counts_table);
}

/* counts_reading.c -- stock counts' read endpoints: list, tracking details, item storages, autocomplete (2, 19-22) */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/handlers.h"
#include "inventory/counts.h"
#include "model/stock_tracking.h"
#include "zoho/fields.h"
#include "zoho/listing.h"


/* ------------------------------------------------------------- helpers */



/* An id query parameter, read as `name` or else `alt` (Zoho's older and
 * newer names, e.g. warehouse_id / location_id). Absent or empty: not a
 * filter. Not an id: 400 code 2 naming the parameter. */
static bool query_id(const zm_request *req, zm_reply *rep, const char *name, const char *alt,
                     zm_id out, bool *present)
{
    const char *names[2] = {name, alt};
    *present = false;
    for (int i = 0; i < 2 && names[i]; i++) {
        char buf[ID_LEN];
        int n = request_query(req, names[i], buf, sizeof buf);
        if (n == -1 || n == 0) continue;
        if (n < 0 || !id_is_valid(buf)) {
            reply_error(rep, ZE_INVALID_PARAM, names[i]);
            return false;
        }
        memcpy(out, buf, strlen(buf) + 1);
        *present = true;
        return true;
    }
    return true;
}

/* A row of the autocomplete: a line, or one bin of a bin-tracked line. */
static bool row_uncounted(const zm_count_line *l, long bi)
{
    double ignored;
    if (bi < 0) return !l->counted;
    return !count_bin_counted_quantity(l, (size_t)bi, &ignored);
}

/* Tracking details are recorded per line (counted_serial_numbers,
 * counted_batches); a bin is credited with the counted serials/batches it
 * held at start, and the first bin also with the newly found ones (where
 * approval places a surplus). */
static size_t bin_counted_serials(const zm_count_line *l, size_t bi)
{
    if (!l->counted) return 0;
    const zm_count_bin *b = &l->bins.v[bi];
    size_t n = 0;
    for (size_t i = 0; i < l->counted_serial_numbers.n; i++) {
        const char *s = l->counted_serial_numbers.v[i];
        if (strings_find(b->system_serial_numbers.v, b->system_serial_numbers.n, s, NULL) ||
            (bi == 0 && !strings_find(l->system_serial_numbers.v, l->system_serial_numbers.n, s, NULL)))
            n++;
    }
    return n;
}

static size_t bin_counted_batches(const zm_count_line *l, size_t bi)
{
    if (!l->counted) return 0;
    const zm_count_bin *b = &l->bins.v[bi];
    size_t n = 0;
    for (size_t i = 0; i < l->counted_batches.n; i++) {
        const char *s = l->counted_batches.v[i].batch_number;
        if (batches_contain(b->system_batches.v, b->system_batches.n, s) ||
            (bi == 0 && !batches_contain(l->system_batches.v, l->system_batches.n, s)))
            n++;
    }
    return n;
}

/* A bin's tracking mismatch: one of its serials was not found / one of its
 * batches was counted at another quantity than the system's (line totals,
 * as counted), or (first bin) a serial/batch not in the system was found. */
static bool bin_tracking_mismatch(const zm_count_line *l, size_t bi)
{
    if (!l->counted) return false;
    const zm_count_bin *b = &l->bins.v[bi];
    if (l->track_serial_number) {
        for (size_t i = 0; i < b->system_serial_numbers.n; i++)
            if (!strings_find(l->counted_serial_numbers.v, l->counted_serial_numbers.n, b->system_serial_numbers.v[i], NULL))
                return true;
        if (bi == 0)
            for (size_t i = 0; i < l->counted_serial_numbers.n; i++)
                if (!strings_find(l->system_serial_numbers.v, l->system_serial_numbers.n, l->counted_serial_numbers.v[i], NULL))
                    return true;
    }
    if (l->track_batch_number) {
        for (size_t i = 0; i < b->system_batches.n; i++) {
            const char *s = b->system_batches.v[i].batch_number;
            if (fabs(batches_quantity(l->counted_batches.v, l->counted_batches.n, s) -
                     batches_quantity(l->system_batches.v, l->system_batches.n, s)) > QTY_EPSILON)
                return true;
        }
        if (bi == 0)
            for (size_t i = 0; i < l->counted_batches.n; i++) {
                const zm_batch *cb = &l->counted_batches.v[i];
                if (!batches_contain(l->system_batches.v, l->system_batches.n, cb->batch_number) &&
                    cb->quantity > QTY_EPSILON)
                    return true;
            }
    }
    return false;
}

/* ------------------------------------------------------------ 2. list */

static const char *const list_sorts[] = {"created_time", "count_date", "inventorycount_number",
                                         "last_modified_time", NULL};
static const char *const list_filters[] = {"Status.All", "Assignee.Self", NULL};
static const zm_list_spec list_spec = {list_sorts, "created_time", list_filters, "Status.All"};

/* The filters of a list: status=, Assignee.Self (search_text is the
 * table's: the number and the description, counts.c). */
typedef struct count_filter {
    bool by_status;
    zm_count_status status;
    const char *assignee_id;          /* NULL: anyone */
} count_filter;

static bool count_matches(const void *row, const void *ctx)
{
    const zm_stock_count *c = row;
    const count_filter *f = ctx;
    if (f->by_status && c->status != f->status) return false;
    return !f->assignee_id || strcmp(c->assignee_id, f->assignee_id) == 0;
}

static cJSON *count_row_json(const zm_org *org, const void *row)
{
    return count_to_json(org, row, false);
}

/* filter_by Status.All / Assignee.Self (assigned to the caller), status=
 * any of the ten statuses the page lists (an empty value is no filter, as
 * for every Zoho query parameter; an unknown one is code 2), search_text
 * in the number or the description. The page is walked in the counts
 * table's index of the sort column (model/index.h): O(page) unfiltered,
 * and filtered until the page and one more match are found. */
void counts_list(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_list_params p;
    if (!list_parse(req, rep, &list_spec, &p)) return;
    char buf[64];
    int n = request_query(req, "status", buf, sizeof buf);
    count_filter f = {n > 0, COUNT_YET_TO_START, NULL};
    if (n == -2 || (n > 0 && !count_status_parse(buf, &f.status))) {
        reply_error(rep, ZE_INVALID_PARAM, "status");
        return;
    }
    if (strcmp(p.filter_by, "Assignee.Self") == 0) f.assignee_id = req->user->user_id;

    counts_settle_all(org);
    zm_table *t = counts_table(org);
    int column = table_column(t, p.sort_column);
    zm_table_query q = {column < 0 ? 0 : column, p.descending, p.search_text,
                        f.by_status || f.assignee_id ? count_matches : NULL, &f,
                        (size_t)(p.page - 1) * (size_t)p.per_page, (size_t)p.per_page};
    void *rows[LIST_MAX_PER_PAGE];
    bool more;
    size_t shown = table_page(t, &q, rows, &more);
    cJSON *out = reply_success(rep, 200, "success");
    list_add_rows(out, "inventorycounts", rows, shown, count_row_json, org);
    list_add_page_context(out, &p, more);
}

/* ------------------------------------------------ 19. tracking details */

/* The page shows sort_column created_time / sort_order D in every
 * page_context and documents no other sort: both are accepted and echoed;
 * entries come in the system's order, then the newly found ones in the
 * order they were counted. */
static const char *const created_only[] = {"created_time", NULL};
static const char *const tracking_filters[] = {"Status.All", "Status.Missing", "Status.NewlyAdded", NULL};
static const zm_list_spec tracking_spec = {created_only, "created_time", tracking_filters, "Status.All"};

typedef struct serial_row {
    const char *serial;
    bool found, is_new;
} serial_row;

typedef struct batch_row {
    const char *batch_number;
    double system, counted;
    bool in_system, in_counted;
} batch_row;

/* The system side of a line: captured at start; before start the item's
 * stock at the count's location now (as the line's system_quantity shows). */
typedef struct system_side {
    VEC(const char *) serials;
    VEC(zm_batch) batches;            /* batch_number borrowed, not owned */
} system_side;

static void side_add_batch(system_side *s, const char *number, double q)
{
    for (size_t i = 0; i < s->batches.n; i++) {
        if (strcmp(s->batches.v[i].batch_number, number) == 0) {
            s->batches.v[i].quantity += q;
            return;
        }
    }
    zm_batch b = {(char *)number, q};
    VEC_PUSH(s->batches, b);
}

static void system_side_of(zm_org *org, const zm_stock_count *c, const zm_count_line *l, system_side *s)
{
    memset(s, 0, sizeof *s);
    if (l->captured) {
        for (size_t i = 0; i < l->system_serial_numbers.n; i++) VEC_PUSH(s->serials, l->system_serial_numbers.v[i]);
        for (size_t i = 0; i < l->system_batches.n; i++)
            side_add_batch(s, l->system_batches.v[i].batch_number, l->system_batches.v[i].quantity);
        return;
    }
    const zm_item *item = org_find_item(org, l->item_id);
    if (!item) return;
    for (size_t i = 0; i < item->stock.n; i++) {
        const zm_stock_row *r = &item->stock.v[i];
        if (strcmp(r->location_id, c->location_id) != 0) continue;
        for (size_t k = 0; k < r->serial_numbers.n; k++) VEC_PUSH(s->serials, r->serial_numbers.v[k]);
        for (size_t k = 0; k < r->batches.n; k++) side_add_batch(s, r->batches.v[k].batch_number, r->batches.v[k].quantity);
    }
}

static bool side_has_serial(const system_side *s, const char *serial)
{
    for (size_t i = 0; i < s->serials.n; i++)
        if (strcmp(s->serials.v[i], serial) == 0) return true;
    return false;
}

/* Serial numbers: the system's and the counted ones, once each. found: it
 * was counted; is_new: counted but not in the system. Batches: by number,
 * system and counted quantities (null while the line is uncounted), the
 * variance, is_new. Status.Missing: in the system and not found (a batch:
 * nothing counted of it, absent or 0); Status.NewlyAdded: is_new. Each
 * list is paginated with the same page and per_page; has_more_page when
 * either has more. */
void counts_tracking_details(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_list_params p;
    if (!list_parse(req, rep, &tracking_spec, &p)) return;
    const char *id = request_param(req, "line_item_id");
    zm_stock_count *c = NULL;
    zm_count_line *l = id ? org_find_count_line(org, id, &c) : NULL;
    if (l) {
        count_settle_background(org, c, false);
        l = count_find_line(c, id);
    }
    if (!l) {
        reply_error(rep, ZE_NOT_FOUND, "Line item");
        return;
    }
    bool missing = strcmp(p.filter_by, "Status.Missing") == 0;
    bool added = strcmp(p.filter_by, "Status.NewlyAdded") == 0;
    system_side sys;
    system_side_of(org, c, l, &sys);

    VEC(serial_row) serials = {0};
    for (size_t i = 0; i < sys.serials.n; i++) {
        const char *s = sys.serials.v[i];
        bool found = strings_find(l->counted_serial_numbers.v, l->counted_serial_numbers.n, s, NULL);
        if (added || (missing && found)) continue;
        serial_row r = {s, found, false};
        VEC_PUSH(serials, r);
    }
    for (size_t i = 0; i < l->counted_serial_numbers.n; i++) {
        const char *s = l->counted_serial_numbers.v[i];
        if (missing || side_has_serial(&sys, s)) continue;
        serial_row r = {s, true, true};
        VEC_PUSH(serials, r);
    }

    VEC(batch_row) batches = {0};
    for (size_t i = 0; i < sys.batches.n; i++) {
        batch_row r = {sys.batches.v[i].batch_number, sys.batches.v[i].quantity, 0, true, false};
        VEC_PUSH(batches, r);
    }
    for (size_t i = 0; i < l->counted_batches.n; i++) {
        const zm_batch *cb = &l->counted_batches.v[i];
        batch_row *row = NULL;
        for (size_t k = 0; k < batches.n && !row; k++)
            if (strcmp(batches.v[k].batch_number, cb->batch_number) == 0) row = &batches.v[k];
        if (!row) {
            batch_row r = {cb->batch_number, 0, 0, false, false};
            VEC_PUSH(batches, r);
            row = &batches.v[batches.n - 1];
        }
        row->in_counted = true;
        row->counted += cb->quantity;
    }
    size_t kept = 0;
    for (size_t i = 0; i < batches.n; i++) {
        const batch_row *r = &batches.v[i];
        bool is_missing = r->in_system && (!r->in_counted || r->counted < QTY_EPSILON);
        bool is_new = r->in_counted && !r->in_system;
        if ((missing && !is_missing) || (added && !is_new)) continue;
        batches.v[kept++] = *r;
    }
    batches.n = kept;

    size_t sf, sl, bf, bl;
    bool smore, bmore;
    list_window(&p, serials.n, &sf, &sl, &smore);
    list_window(&p, batches.n, &bf, &bl, &bmore);
    cJSON *out = reply_success(rep, 200, "success");
    cJSON *arr = cJSON_AddArrayToObject(out, "serial_numbers");
    for (size_t i = sf; i < sl; i++) {
        cJSON *o = cJSON_CreateObject();
        json_add_str(o, "serialnumber", serials.v[i].serial);
        json_add_bool(o, "found", serials.v[i].found);
        json_add_bool(o, "is_new", serials.v[i].is_new);
        cJSON_AddItemToArray(arr, o);
    }
    arr = cJSON_AddArrayToObject(out, "batches");
    for (size_t i = bf; i < bl; i++) {
        const batch_row *r = &batches.v[i];
        cJSON *o = cJSON_CreateObject();
        json_add_str(o, "batch_number", r->batch_number);
        json_add_num_or_null(o, "counted_quantity", l->counted, r->counted);
        json_add_num(o, "system_quantity", r->system);
        json_add_num_or_null(o, "stock_variance", l->counted, r->counted - r->system);
        json_add_bool(o, "is_new", r->in_counted && !r->in_system);
        cJSON_AddItemToArray(arr, o);
    }
    list_add_page_context(out, &p, smore || bmore);
    VEC_FREE(serials);
    VEC_FREE(batches);
    VEC_FREE(sys.serials);
    VEC_FREE(sys.batches);
}

/* ------------------------------------------------- 20. item storages */

static const char *const all_only[] = {"Status.All", NULL};
static const zm_list_spec storages_spec = {created_only, "created_time", all_only, "Status.All"};

/* Before start: the bins of the count's location that hold a stock row of
 * the item now (as the retrieve's storages show), names only; none when
 * the item is in no bin there (such a line is not counted per bin). Once
 * counting: the bins captured at start (and bins added by counting), with
 * quantities, variance, is_matched, the bin's tracking mismatch and the
 * counted serials / batches credited to it (see bin_counted_serials). */
void counts_item_storages(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_list_params p;
    if (!list_parse(req, rep, &storages_spec, &p)) return;
    zm_stock_count *c = org_find_count(org, request_param(req, "inventorycount_id"));
    if (!c) {
        reply_error(rep, ZE_NOT_FOUND, "Stock count");
        return;
    }
    count_settle_background(org, c, false);
    const char *item_id = request_param(req, "item_id");
    zm_count_line *l = item_id ? count_find_line_by_item(c, item_id) : NULL;
    if (!l) {
        char what[160];
        snprintf(what, sizeof what, "The item %.40s in the stock count %.80s", item_id ? item_id : "",
                 c->inventorycount_number);
        reply_error(rep, ZE_NOT_FOUND, what);
        return;
    }
    cJSON *rows = cJSON_CreateArray();
    if (l->captured) {
        for (size_t i = 0; i < l->bins.n; i++) {
            const zm_count_bin *b = &l->bins.v[i];
            double counted = 0;
            bool has = count_bin_counted_quantity(l, i, &counted);
            cJSON *o = cJSON_CreateObject();
            json_add_str(o, "line_item_id", l->line_item_id);
            json_add_str(o, "storage_id", b->storage_id);
            json_add_str(o, "storage_name", b->storage_name);
            json_add_num(o, "system_quantity", b->system_quantity);
            json_add_num_or_null(o, "counted_quantity", has, counted);
            json_add_num_or_null(o, "stock_variance", has, counted - b->system_quantity);
            json_add_bool(o, "is_matched", has && fabs(counted - b->system_quantity) < QTY_EPSILON);
            json_add_bool(o, "has_tracking_details_mismatch", bin_tracking_mismatch(l, i));
            json_add_num(o, "total_counted_serials", (double)bin_counted_serials(l, i));
            json_add_num(o, "total_counted_batches", (double)bin_counted_batches(l, i));
            cJSON_AddItemToArray(rows, o);
        }
    } else {
        const zm_item *item = org_find_item(org, l->item_id);
        zm_location *loc = org_find_location(org, c->location_id);
        for (size_t i = 0; item && loc && i < item->stock.n; i++) {
            const zm_stock_row *r = &item->stock.v[i];
            if (strcmp(r->location_id, c->location_id) != 0 || !r->storage_id[0]) continue;
            const zm_storage *st = location_find_storage(loc, r->storage_id);
            cJSON *o = cJSON_CreateObject();
            json_add_str(o, "line_item_id", l->line_item_id);
            json_add_str(o, "storage_id", r->storage_id);
            json_add_str(o, "storage_name", st ? st->storage_name : "");
            cJSON_AddItemToArray(rows, o);
        }
    }
    size_t first, last;
    bool more;
    list_window(&p, (size_t)cJSON_GetArraySize(rows), &first, &last, &more);
    cJSON *out = reply_success(rep, 200, "success");
    cJSON *arr = cJSON_AddArrayToObject(out, "storages");
    for (size_t i = first; i < last; i++)
        cJSON_AddItemToArray(arr, cJSON_Duplicate(cJSON_GetArrayItem(rows, (int)i), true));
    cJSON_Delete(rows);
    list_add_page_context(out, &p, more);
}

/* ------------------------------------------------------ 21, 22. search */

/* "In-progress" counts are those in counting: the only status in which
 * anything can be counted, which is what these searches serve (the
 * counting screen's item / bin pickers). Submitted counts await approval
 * and are left out, as are yet_to_start and *_in_progress ones. Every
 * counting count of the organization is searched, whoever its assignee.
 * Counts come newest first (created_time D, the page's page_context; A
 * reverses), lines by item_order, bins in the order captured. Unknown but
 * well-formed ids in the filters simply match nothing. */
typedef struct search_filters {
    zm_id item_id, location_id, storage_id, count_id;
    bool by_item, by_location, by_storage, by_count;
} search_filters;

static bool read_search_filters(const zm_request *req, zm_reply *rep, search_filters *f, bool with_count)
{
    memset(f, 0, sizeof *f);
    if (!query_id(req, rep, "item_id", NULL, f->item_id, &f->by_item)) return false;
    if (!query_id(req, rep, "location_id", "warehouse_id", f->location_id, &f->by_location)) return false;
    if (!query_id(req, rep, "storage_location_id", "storage_id", f->storage_id, &f->by_storage)) return false;
    if (with_count && !query_id(req, rep, "inventorycount_id", NULL, f->count_id, &f->by_count)) return false;
    return true;
}

typedef struct search_row {
    const zm_stock_count *count;
    const zm_count_line *line;
    long bin;                         /* -1: the line itself (no bins) */
} search_row;

typedef VEC(search_row) search_rows;

static const zm_stock_count *order_count;

static int compare_line_order(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    int x = order_count->line_items.v[a].item_order, y = order_count->line_items.v[b].item_order;
    if (x != y) return (x > y) - (x < y);
    return (a > b) - (a < b);
}

/* Every row (line, or bin of a bin-tracked line) of the counting counts
 * that passes the id filters. */
static void collect_rows(zm_org *org, const zm_list_params *p, const search_filters *f, search_rows *out)
{
    counts_settle_all(org);
    zm_table *t = counts_table(org);
    size_t total = table_count(t);
    void **all = xmalloc((total + 1) * sizeof *all);
    bool more;
    zm_table_query q = {table_column(t, "created_time"), p->descending, NULL, NULL, NULL, 0, total};
    total = table_page(t, &q, all, &more);
    for (size_t i = 0; i < total; i++) {
        const zm_stock_count *c = all[i];
        if (c->status != COUNT_COUNTING) continue;
        if (f->by_count && strcmp(c->inventorycount_id, f->count_id) != 0) continue;
        if (f->by_location && strcmp(c->location_id, f->location_id) != 0) continue;
        size_t *idx = xmalloc((c->line_items.n + 1) * sizeof *idx);
        for (size_t k = 0; k < c->line_items.n; k++) idx[k] = k;
        order_count = c;
        qsort(idx, c->line_items.n, sizeof *idx, compare_line_order);
        for (size_t k = 0; k < c->line_items.n; k++) {
            const zm_count_line *l = &c->line_items.v[idx[k]];
            if (f->by_item && strcmp(l->item_id, f->item_id) != 0) continue;
            if (!l->bins.n) {
                if (f->by_storage) continue;
                search_row r = {c, l, -1};
                VEC_PUSH(*out, r);
                continue;
            }
            for (size_t b = 0; b < l->bins.n; b++) {
                if (f->by_storage && strcmp(l->bins.v[b].storage_id, f->storage_id) != 0) continue;
                search_row r = {c, l, (long)b};
                VEC_PUSH(*out, r);
            }
        }
        free(idx);
    }
    free(all);
}

static void row_quantities(const zm_org *org, const search_row *r, double *system, bool *counted, double *qty)
{
    const zm_count_line *l = r->line;
    if (r->bin < 0) {
        *system = count_line_system_quantity(org, r->count, l);
        *counted = l->counted;
        *qty = l->counted_quantity;
        return;
    }
    *system = l->bins.v[r->bin].system_quantity;
    *qty = 0;
    *counted = count_bin_counted_quantity(l, (size_t)r->bin, qty);
}

static const char *const item_filters[] = {"Status.All", "Items.Uncounted", "ItemType.BinTracked",
                                           "ItemType.NonBinTracked", NULL};
static const zm_list_spec items_spec = {created_only, "created_time", item_filters, "Status.All"};

/* One row per line, one per bin for a bin-tracked line (storage_location_*
 * empty otherwise). Items.Uncounted: rows without a counted quantity;
 * ItemType.*: by the line's is_storage_location_enabled. Query filters
 * item_id, location_id (or warehouse_id), storage_location_id (or
 * storage_id), inventorycount_id; search_text in item name or SKU. The
 * page's category, manufacturer and group_by have no counterpart in the
 * mock's items and are ignored. */
void counts_autocomplete_items(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_list_params p;
    search_filters f;
    if (!list_parse(req, rep, &items_spec, &p)) return;
    if (!read_search_filters(req, rep, &f, true)) return;
    search_rows rows = {0};
    collect_rows(org, &p, &f, &rows);
    bool uncounted = strcmp(p.filter_by, "Items.Uncounted") == 0;
    bool bin_only = strcmp(p.filter_by, "ItemType.BinTracked") == 0;
    bool plain_only = strcmp(p.filter_by, "ItemType.NonBinTracked") == 0;
    size_t k = 0;
    for (size_t i = 0; i < rows.n; i++) {
        const search_row *r = &rows.v[i];
        if (uncounted && !row_uncounted(r->line, r->bin)) continue;
        if (bin_only && r->bin < 0) continue;
        if (plain_only && r->bin >= 0) continue;
        if (p.search_text[0] && !list_text_matches(r->line->item_name, p.search_text) &&
            !list_text_matches(r->line->sku, p.search_text))
            continue;
        rows.v[k++] = *r;
    }
    size_t first, last;
    bool more;
    list_window(&p, k, &first, &last, &more);
    cJSON *out = reply_success(rep, 200, "success");
    cJSON *arr = cJSON_AddArrayToObject(out, "inventorycount_items");
    for (size_t i = first; i < last; i++) {
        const search_row *r = &rows.v[i];
        const zm_count_line *l = r->line;
        const zm_count_bin *b = r->bin >= 0 ? &l->bins.v[r->bin] : NULL;
        double system, qty;
        bool counted;
        row_quantities(org, r, &system, &counted, &qty);
        cJSON *o = cJSON_CreateObject();
        json_add_str(o, "inventory_count_id", r->count->inventorycount_id);
        json_add_str(o, "inventory_count_number", r->count->inventorycount_number);
        json_add_str(o, "line_item_id", l->line_item_id);
        json_add_str(o, "item_id", l->item_id);
        json_add_str(o, "item_name", l->item_name);
        json_add_str(o, "sku", l->sku);
        json_add_str(o, "unit", l->unit);
        json_add_str(o, "storage_location_id", b ? b->storage_id : "");
        json_add_str(o, "storage_location_name", b ? b->storage_name : "");
        json_add_num(o, "system_quantity", system);
        json_add_num_or_null(o, "counted_quantity", counted, qty);
        json_add_num_or_null(o, "stock_variance", counted, qty - system);
        json_add_bool(o, "is_matched", counted && fabs(qty - system) < QTY_EPSILON);
        json_add_str(o, "status", count_line_status_name(l->status));
        json_add_bool(o, "track_serial_number", l->track_serial_number);
        json_add_bool(o, "track_batch_number", l->track_batch_number);
        json_add_bool(o, "is_storage_location_enabled", b != NULL);
        cJSON_AddItemToArray(arr, o);
    }
    list_add_page_context(out, &p, more);
    VEC_FREE(rows);
}

static const char *const storage_filters[] = {"Status.All", "Storages.Uncounted", NULL};
static const zm_list_spec storages_search_spec = {created_only, "created_time", storage_filters, "Status.All"};

typedef struct bin_total {
    const char *storage_id, *storage_name;
    double system, counted, variance;
    size_t items, items_counted;
} bin_total;

/* One row per bin holding a line of a counting count (bins in order of
 * first appearance), summed over those lines: system_quantity; over the
 * counted ones counted_quantity and stock_variance (an uncounted line is
 * not a shortage yet); no_of_items (line items) and no_of_items_counted.
 * Storages.Uncounted: bins with an uncounted line. Filters item_id,
 * location_id (or warehouse_id), storage_location_id (or storage_id);
 * search_text in the bin's name. */
void counts_autocomplete_storages(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_list_params p;
    search_filters f;
    if (!list_parse(req, rep, &storages_search_spec, &p)) return;
    if (!read_search_filters(req, rep, &f, false)) return;
    search_rows rows = {0};
    collect_rows(org, &p, &f, &rows);
    VEC(bin_total) bins = {0};
    for (size_t i = 0; i < rows.n; i++) {
        const search_row *r = &rows.v[i];
        if (r->bin < 0) continue;
        const zm_count_bin *b = &r->line->bins.v[r->bin];
        bin_total *t = NULL;
        for (size_t k = 0; k < bins.n && !t; k++)
            if (strcmp(bins.v[k].storage_id, b->storage_id) == 0) t = &bins.v[k];
        if (!t) {
            bin_total nt = {b->storage_id, b->storage_name, 0, 0, 0, 0, 0};
            VEC_PUSH(bins, nt);
            t = &bins.v[bins.n - 1];
        }
        double system, qty;
        bool counted;
        row_quantities(org, r, &system, &counted, &qty);
        t->system += system;
        t->items++;
        if (counted) {
            t->counted += qty;
            t->variance += qty - system;
            t->items_counted++;
        }
    }
    bool uncounted = strcmp(p.filter_by, "Storages.Uncounted") == 0;
    size_t k = 0;
    for (size_t i = 0; i < bins.n; i++) {
        if (uncounted && bins.v[i].items_counted == bins.v[i].items) continue;
        if (!list_text_matches(bins.v[i].storage_name, p.search_text)) continue;
        bins.v[k++] = bins.v[i];
    }
    size_t first, last;
    bool more;
    list_window(&p, k, &first, &last, &more);
    cJSON *out = reply_success(rep, 200, "success");
    cJSON *arr = cJSON_AddArrayToObject(out, "storage_locations");
    for (size_t i = first; i < last; i++) {
        const bin_total *t = &bins.v[i];
        cJSON *o = cJSON_CreateObject();
        json_add_str(o, "storage_location_id", t->storage_id);
        json_add_str(o, "storage_location_name", t->storage_name);
        json_add_num(o, "system_quantity", t->system);
        json_add_num(o, "counted_quantity", t->counted);
        json_add_num(o, "stock_variance", t->variance);
        json_add_num(o, "no_of_items", (double)t->items);
        json_add_num(o, "no_of_items_counted", (double)t->items_counted);
        cJSON_AddItemToArray(arr, o);
    }
    list_add_page_context(out, &p, more);
    VEC_FREE(bins);
    VEC_FREE(rows);
}

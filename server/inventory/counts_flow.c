/* counts_flow.c -- a stock count's transitions: start, count, submit, approve, cancel (endpoints 7-11) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "inventory/adjustments.h"
#include "inventory/counts.h"
#include "inventory/counts_impl.h"
#include "inventory/stock_guard.h"
#include "model/stock_tracking.h"
#include "zoho/fields.h"


static void validation(zm_reply *rep, const char *fmt, const char *a, const char *b)
{
    char msg[320];
    snprintf(msg, sizeof msg, fmt, a, b);
    reply_error(rep, ZE_VALIDATION, msg);
}

/* ---------------------------------------------------------------- start */

static void push_batch(void *vec_ptr, const char *batch_number, double quantity)
{
    VEC(zm_batch) *v = vec_ptr;
    for (size_t i = 0; i < v->n; i++) {
        if (strcmp(v->v[i].batch_number, batch_number) == 0) {
            v->v[i].quantity += quantity;
            return;
        }
    }
    zm_batch b = {xstrdup(batch_number), quantity};
    VEC_PUSH(*v, b);
}

/* Captures what the system holds for the line at the count's location:
 * the quantity (the figure the organization counts: count_row_figure),
 * serial numbers and batches (all rows), and one bin per row in a bin. */
static void capture_line(zm_org *org, const zm_stock_count *c, zm_count_line *l)
{
    const zm_item *item = org_find_item(org, l->item_id);
    zm_location *loc = org_find_location(org, c->location_id);
    l->captured = true;
    l->system_quantity = 0;
    if (!item) return;
    for (size_t i = 0; i < item->stock.n; i++) {
        const zm_stock_row *r = &item->stock.v[i];
        if (strcmp(r->location_id, c->location_id) != 0) continue;
        l->system_quantity += count_row_figure(org, r);
        for (size_t k = 0; k < r->serial_numbers.n; k++)
            VEC_PUSH(l->system_serial_numbers, xstrdup(r->serial_numbers.v[k]));
        for (size_t k = 0; k < r->batches.n; k++)
            push_batch(&l->system_batches, r->batches.v[k].batch_number, r->batches.v[k].quantity);
        if (!r->storage_id[0]) continue;
        zm_count_bin b;
        memset(&b, 0, sizeof b);
        snprintf(b.storage_id, ID_LEN, "%s", r->storage_id);
        const zm_storage *st = loc ? location_find_storage(loc, r->storage_id) : NULL;
        b.storage_name = xstrdup(st ? st->storage_name : "");
        b.system_quantity = count_row_figure(org, r);
        for (size_t k = 0; k < r->serial_numbers.n; k++)
            VEC_PUSH(b.system_serial_numbers, xstrdup(r->serial_numbers.v[k]));
        for (size_t k = 0; k < r->batches.n; k++)
            push_batch(&b.system_batches, r->batches.v[k].batch_number, r->batches.v[k].quantity);
        VEC_PUSH(l->bins, b);
    }
    l->is_bin_tracked = l->bins.n > 0;
}

void count_do_start(zm_org *org, zm_stock_count *c)
{
    for (size_t i = 0; i < c->line_items.n; i++) capture_line(org, c, &c->line_items.v[i]);
    c->status = COUNT_COUNTING;
}

void counts_start(zm_request *req, zm_reply *rep)
{
    zm_stock_count *c = count_from_path(req, rep);
    if (!c || !count_check_idle(rep, c)) return;
    if (c->status != COUNT_YET_TO_START) {
        count_refuse_status(rep, c, "started", "yet_to_start");
        return;
    }
    if (!count_check_assignee(req, rep, c, "start")) return;
    count_touch(req->org, c, req->user->user_id);
    if (count_defer(req->org, c, COUNT_ACTION_START, req->user->user_id)) {
        count_reply(rep, req->org, c, 200, count_scheduled_message(COUNT_ACTION_START));
        return;
    }
    count_do_start(req->org, c);
    count_reply(rep, req->org, c, 200, "Stock count has been saved.");
}

/* ---------------------------------------------------------------- count */

/* One line_items entry of PUT .../count, validated.
 *
 * Per-bin counting (the mock's form; Zoho's page shows none): a bin-tracked
 * line may carry "storages": [{"storage_id", "counted_quantity"}] instead
 * of counted_quantity. Each bin named records its count (null or ""
 * uncounts that bin); a storage of the count's location that did not hold
 * the item is added as a new bin (system 0). The line's counted_quantity
 * is then the sum of its counted bins, and at approval a bin never counted
 * counts as 0. A line counted as a whole (counted_quantity) on a
 * bin-tracked line has its variance placed at approval: a surplus in the
 * first bin, a shortage taken from the bins in order, each down to 0. */
typedef struct count_entry {
    zm_count_line *line;
    bool has_qty, uncount;
    double qty;
    const cJSON *serials, *batches, *storages;
} count_entry;

/* counted_quantity: absent -> !present; null or "" -> uncount; a number
 * (or a numeric string) >= 0, whole for a serial-tracked item (each
 * serial number is one unit). */
static bool read_counted_qty(zm_reply *rep, const cJSON *obj, const char *line_id, bool whole,
                             bool *present, bool *uncount, double *qty)
{
    const cJSON *q = json_get(obj, "counted_quantity");
    *present = q != NULL;
    *uncount = false;
    if (!q) return true;
    if (cJSON_IsNull(q) || (cJSON_IsString(q) && !*q->valuestring)) {
        *uncount = true;
        return true;
    }
    if (!field_number(rep, obj, "counted_quantity", true, qty, NULL)) return false;
    if (*qty < 0) {
        validation(rep, "Invalid value passed for counted_quantity of line item %s: a counted quantity "
                        "cannot be negative.%s", line_id, "");
        return false;
    }
    if (whole && *qty != floor(*qty)) {
        validation(rep, "Invalid value passed for counted_quantity of line item %s: the item is tracked by "
                        "serial numbers, so it is counted in whole units.%s", line_id, "");
        return false;
    }
    return true;
}

static bool read_serials(zm_reply *rep, count_entry *e)
{
    const char *id = e->line->line_item_id;
    if (!cJSON_IsArray(e->serials)) {
        reply_error(rep, ZE_INVALID_FIELD, "counted_serial_numbers");
        return false;
    }
    if (!e->line->track_serial_number) {
        validation(rep, "Line item %s is not tracked by serial numbers: counted_serial_numbers is not "
                        "allowed.%s", id, "");
        return false;
    }
    const cJSON *s, *t;
    size_t n = 0;
    cJSON_ArrayForEach(s, e->serials) {
        if (!cJSON_IsString(s) || !*s->valuestring) {
            reply_error(rep, ZE_INVALID_FIELD, "counted_serial_numbers");
            return false;
        }
        cJSON_ArrayForEach(t, e->serials) {
            if (t == s) break;
            if (strcmp(t->valuestring, s->valuestring) == 0) {
                validation(rep, "The serial number %s is counted twice in line item %s.", s->valuestring, id);
                return false;
            }
        }
        n++;
    }
    if (e->has_qty && fabs(e->qty - (double)n) > QTY_EPSILON) {
        char buf[160];
        snprintf(buf, sizeof buf, "%zu serial numbers for a counted_quantity of %g", n, e->qty);
        validation(rep, "Line item %s has %s.", id, buf);
        return false;
    }
    if (!e->has_qty && !e->storages) {
        e->has_qty = true;
        e->qty = (double)n;
    }
    return true;
}

static bool read_batches(zm_reply *rep, count_entry *e)
{
    const char *id = e->line->line_item_id;
    if (!cJSON_IsArray(e->batches)) {
        reply_error(rep, ZE_INVALID_FIELD, "counted_batches");
        return false;
    }
    if (!e->line->track_batch_number) {
        validation(rep, "Line item %s is not tracked by batches: counted_batches is not allowed.%s", id, "");
        return false;
    }
    const cJSON *b, *t;
    double sum = 0;
    cJSON_ArrayForEach(b, e->batches) {
        const char *number = NULL;
        double q = 0;
        if (!cJSON_IsObject(b)) {
            reply_error(rep, ZE_INVALID_FIELD, "counted_batches");
            return false;
        }
        if (!field_string(rep, b, "batch_number", true, &number, NULL)) return false;
        if (!field_number(rep, b, "counted_quantity", true, &q, NULL)) return false;
        if (q < 0) {
            validation(rep, "Invalid value passed for counted_quantity of batch %s in line item %s: it "
                            "cannot be negative.", number, id);
            return false;
        }
        cJSON_ArrayForEach(t, e->batches) {
            if (t == b) break;
            const cJSON *tn = json_get(t, "batch_number");
            if (cJSON_IsString(tn) && strcmp(tn->valuestring, number) == 0) {
                validation(rep, "The batch %s is counted twice in line item %s.", number, id);
                return false;
            }
        }
        sum += q;
    }
    if (e->has_qty && fabs(e->qty - sum) > QTY_EPSILON) {
        char buf[160];
        snprintf(buf, sizeof buf, "batches totalling %g for a counted_quantity of %g", sum, e->qty);
        validation(rep, "Line item %s has %s.", id, buf);
        return false;
    }
    if (!e->has_qty && !e->storages) {
        e->has_qty = true;
        e->qty = sum;
    }
    return true;
}

static bool read_storages(zm_reply *rep, zm_org *org, const zm_stock_count *c, count_entry *e)
{
    const char *id = e->line->line_item_id;
    if (!cJSON_IsArray(e->storages)) {
        reply_error(rep, ZE_INVALID_FIELD, "storages");
        return false;
    }
    if (!e->line->is_bin_tracked) {
        validation(rep, "Line item %s is not stored in bins at this location: storages is not allowed.%s",
                   id, "");
        return false;
    }
    if (e->has_qty || e->uncount) {
        validation(rep, "Line item %s: pass either counted_quantity or storages, not both.%s", id, "");
        return false;
    }
    zm_location *loc = org_find_location(org, c->location_id);
    const cJSON *s, *t;
    cJSON_ArrayForEach(s, e->storages) {
        zm_id storage_id = "";
        bool present, uncount;
        double q = 0;
        if (!cJSON_IsObject(s)) {
            reply_error(rep, ZE_INVALID_FIELD, "storages");
            return false;
        }
        if (!field_id(rep, s, "storage_id", true, storage_id, NULL)) return false;
        if (!loc || !location_find_storage(loc, storage_id)) {
            validation(rep, "The storage %s is not a bin of the stock count's location %s.", storage_id,
                       c->location_id);
            return false;
        }
        if (!read_counted_qty(rep, s, id, e->line->track_serial_number, &present, &uncount, &q)) return false;
        if (!present) {
            reply_error(rep, ZE_PARAM_MANDATORY, "counted_quantity");
            return false;
        }
        cJSON_ArrayForEach(t, e->storages) {
            if (t == s) break;
            zm_id other = "";
            const cJSON *ts = json_get(t, "storage_id");
            if (cJSON_IsString(ts)) snprintf(other, ID_LEN, "%s", ts->valuestring);
            else if (cJSON_IsNumber(ts)) snprintf(other, ID_LEN, "%.0f", ts->valuedouble);
            if (strcmp(other, storage_id) == 0) {
                validation(rep, "The storage %s appears twice in line item %s.", storage_id, id);
                return false;
            }
        }
    }
    return true;
}

static bool read_count_entry(zm_reply *rep, zm_org *org, zm_stock_count *c, const cJSON *li, count_entry *e)
{
    memset(e, 0, sizeof *e);
    if (!cJSON_IsObject(li)) {
        reply_error(rep, ZE_INVALID_FIELD, "line_items");
        return false;
    }
    zm_id line_id = "", item_id = "";
    bool has_line = false, has_item = false;
    if (!field_id(rep, li, "line_item_id", false, line_id, &has_line)) return false;
    if (!has_line && !field_id(rep, li, "item_id", false, item_id, &has_item)) return false;
    if (!has_line && !has_item) {
        reply_error(rep, ZE_PARAM_MANDATORY, "line_item_id");
        return false;
    }
    e->line = has_line ? count_find_line(c, line_id) : count_find_line_by_item(c, item_id);
    if (!e->line) {
        reply_error(rep, ZE_COUNT_LINE_UNKNOWN, has_line ? line_id : item_id, c->inventorycount_number);
        return false;
    }
    if (e->line->status == LINE_APPROVED) {
        validation(rep, "Line item %s (%s) has already been approved and cannot be counted again.",
                   e->line->line_item_id, e->line->item_name);
        return false;
    }
    if (!read_counted_qty(rep, li, e->line->line_item_id, e->line->track_serial_number, &e->has_qty,
                          &e->uncount, &e->qty)) return false;
    if (e->uncount) e->has_qty = false;
    e->serials = json_get(li, "counted_serial_numbers");
    e->batches = json_get(li, "counted_batches");
    e->storages = json_get(li, "storages");
    if (e->serials && cJSON_IsNull(e->serials)) e->serials = NULL;
    if (e->batches && cJSON_IsNull(e->batches)) e->batches = NULL;
    if (e->storages && cJSON_IsNull(e->storages)) e->storages = NULL;
    if (e->uncount) return true;    /* uncounting forgets everything else */
    if (e->storages && !read_storages(rep, org, c, e)) return false;
    if (e->serials && !read_serials(rep, e)) return false;
    if (e->batches && !read_batches(rep, e)) return false;
    if (!e->has_qty && !e->storages) {
        reply_error(rep, ZE_PARAM_MANDATORY, "counted_quantity");
        return false;
    }
    return true;
}

static zm_count_bin *line_bin(zm_org *org, const zm_stock_count *c, zm_count_line *l, const char *storage_id)
{
    for (size_t i = 0; i < l->bins.n; i++)
        if (strcmp(l->bins.v[i].storage_id, storage_id) == 0) return &l->bins.v[i];
    zm_location *loc = org_find_location(org, c->location_id);
    const zm_storage *st = loc ? location_find_storage(loc, storage_id) : NULL;
    zm_count_bin b;
    memset(&b, 0, sizeof b);
    snprintf(b.storage_id, ID_LEN, "%s", storage_id);
    b.storage_name = xstrdup(st ? st->storage_name : "");
    b.is_new = true;
    VEC_PUSH(l->bins, b);
    return &l->bins.v[l->bins.n - 1];
}

static void set_serials(zm_count_line *l, const cJSON *arr)
{
    for (size_t i = 0; i < l->counted_serial_numbers.n; i++) free(l->counted_serial_numbers.v[i]);
    l->counted_serial_numbers.n = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, arr) VEC_PUSH(l->counted_serial_numbers, xstrdup(s->valuestring));
}

static void set_batches(zm_count_line *l, const cJSON *arr)
{
    for (size_t i = 0; i < l->counted_batches.n; i++) free(l->counted_batches.v[i].batch_number);
    l->counted_batches.n = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, arr) {
        const cJSON *q = json_get(b, "counted_quantity");
        double v = cJSON_IsNumber(q) ? q->valuedouble : strtod(q->valuestring, NULL);
        zm_batch nb = {xstrdup(json_get(b, "batch_number")->valuestring), v};
        VEC_PUSH(l->counted_batches, nb);
    }
}

static void apply_count_entry(zm_org *org, const zm_stock_count *c, const count_entry *e)
{
    zm_count_line *l = e->line;
    bool was_rejected = l->status == LINE_REJECTED;
    if (e->uncount) {
        count_line_clear_counted(l);
        l->status = was_rejected ? LINE_REJECTED : LINE_DRAFT;
        return;
    }
    if (e->storages) {
        if (!l->bins_counted)
            for (size_t i = 0; i < l->bins.n; i++) l->bins.v[i].counted = false;
        l->bins_counted = true;
        const cJSON *s;
        cJSON_ArrayForEach(s, e->storages) {
            zm_id storage_id = "";
            const cJSON *sid = json_get(s, "storage_id");
            if (cJSON_IsString(sid)) snprintf(storage_id, ID_LEN, "%s", sid->valuestring);
            else snprintf(storage_id, ID_LEN, "%.0f", sid->valuedouble);
            zm_count_bin *b = line_bin(org, c, l, storage_id);
            const cJSON *q = json_get(s, "counted_quantity");
            if (cJSON_IsNull(q) || (cJSON_IsString(q) && !*q->valuestring)) {
                b->counted = false;
            } else {
                b->counted = true;
                b->counted_quantity = cJSON_IsNumber(q) ? q->valuedouble : strtod(q->valuestring, NULL);
            }
        }
        double sum = 0;
        bool any = false;
        for (size_t i = 0; i < l->bins.n; i++) {
            if (!l->bins.v[i].counted) continue;
            any = true;
            sum += l->bins.v[i].counted_quantity;
        }
        if (!any) {
            count_line_clear_counted(l);
            l->status = was_rejected ? LINE_REJECTED : LINE_DRAFT;
            return;
        }
        l->counted = true;
        l->counted_quantity = sum;
    } else {
        for (size_t i = 0; i < l->bins.n; i++) l->bins.v[i].counted = false;
        l->bins_counted = false;
        l->counted = true;
        l->counted_quantity = e->qty;
    }
    if (e->serials) set_serials(l, e->serials);
    if (e->batches) set_batches(l, e->batches);
    l->status = LINE_COUNTED;
    l->approval_status = APPROVAL_NONE;
}

/* PUT .../count: {"line_items":[...], "next_action":"submit"}. With
 * next_action submit, ?set_uncounted_as_zero=true applies to that submit. */
void counts_count(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_stock_count *c = count_from_path(req, rep);
    if (!c || !count_check_idle(rep, c)) return;
    if (c->status != COUNT_COUNTING) {
        count_refuse_status(rep, c, "counted", "counting");
        return;
    }
    if (!count_check_assignee(req, rep, c, "count")) return;
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    const char *next_action = NULL;
    bool has_next = false, has_lines = false, zero = false;
    if (!field_string(rep, body, "next_action", false, &next_action, &has_next)) return;
    if (has_next && strcmp(next_action, "submit") != 0) {
        reply_error(rep, ZE_INVALID_FIELD, "next_action");
        return;
    }
    if (!request_query_bool(req, rep, "set_uncounted_as_zero", false, &zero)) return;
    const cJSON *lines = NULL;
    if (!field_array(rep, body, "line_items", !has_next, !has_next, &lines, &has_lines)) return;
    size_t n = has_lines ? (size_t)cJSON_GetArraySize(lines) : 0;
    count_entry *entries = xcalloc(n + 1, sizeof *entries);
    size_t k = 0;
    const cJSON *li;
    if (has_lines) {
        cJSON_ArrayForEach(li, lines) {
            if (!read_count_entry(rep, org, c, li, &entries[k])) {
                free(entries);
                return;
            }
            for (size_t j = 0; j < k; j++) {
                if (entries[j].line == entries[k].line) {
                    validation(rep, "The line item %s appears more than once.%s", entries[k].line->line_item_id, "");
                    free(entries);
                    return;
                }
            }
            k++;
        }
    }
    for (size_t i = 0; i < k; i++) apply_count_entry(org, c, &entries[i]);
    free(entries);
    count_touch(org, c, req->user->user_id);
    if (has_next) {
        if (count_defer(org, c, COUNT_ACTION_SUBMIT, req->user->user_id)) {
            c->pending.set_uncounted_as_zero = zero;
            count_reply(rep, org, c, 200, count_scheduled_message(COUNT_ACTION_SUBMIT));
            return;
        }
        count_do_submit(org, c, zero);
    }
    count_reply(rep, org, c, 200, "Stock count has been saved.");
}

/* --------------------------------------------------------------- submit */

void count_do_submit(zm_org *org, zm_stock_count *c, bool set_uncounted_as_zero)
{
    (void)org;
    for (size_t i = 0; i < c->line_items.n; i++) {
        zm_count_line *l = &c->line_items.v[i];
        if (l->status == LINE_APPROVED || l->counted) continue;
        if (set_uncounted_as_zero) {
            count_line_clear_counted(l);
            l->counted = true;
            l->counted_quantity = 0;
            l->status = LINE_COUNTED;
            l->approval_status = APPROVAL_NONE;
        } else {
            l->status = LINE_SKIPPED;
        }
    }
    c->status = COUNT_SUBMITTED;
}

void counts_submit(zm_request *req, zm_reply *rep)
{
    zm_stock_count *c = count_from_path(req, rep);
    if (!c || !count_check_idle(rep, c)) return;
    if (c->status != COUNT_COUNTING) {
        count_refuse_status(rep, c, "submitted", "counting");
        return;
    }
    bool zero = false;
    if (!request_query_bool(req, rep, "set_uncounted_as_zero", false, &zero)) return;
    count_touch(req->org, c, req->user->user_id);
    if (count_defer(req->org, c, COUNT_ACTION_SUBMIT, req->user->user_id)) {
        c->pending.set_uncounted_as_zero = zero;
        count_reply(rep, req->org, c, 200, count_scheduled_message(COUNT_ACTION_SUBMIT));
        return;
    }
    count_do_submit(req->org, c, zero);
    count_reply(rep, req->org, c, 200, "Stock count has been saved.");
}

/* -------------------------------------------------------------- approve */

/* The tracking changes of an approved line: strings borrowed from it. */
typedef struct line_tracking {
    VEC(const char *) added, removed;
    VEC(zm_batch) batches;            /* batch_number borrowed; signed change */
} line_tracking;

static void line_tracking_free(line_tracking *t)
{
    VEC_FREE(t->added);
    VEC_FREE(t->removed);
    VEC_FREE(t->batches);
}


/* What approving a counted line does to its tracking. Serial numbers are
 * rewritten only when the line counted as many of them as its counted
 * quantity (a line counted by quantity alone leaves them as they are; a
 * count of 0 with none means all are missing): the missing ones (in the
 * system at start, not counted) are removed, the new ones (counted, not in
 * the system) added. Batches likewise only when the counted batches add
 * up to the counted quantity: each batch, the system's and the counted
 * ones, changes by counted - system. Returns whether anything changes. */
static bool line_tracking_of(const zm_count_line *l, line_tracking *t)
{
    memset(t, 0, sizeof *t);
    if (!l->counted) return false;
    if (l->track_serial_number &&
        fabs((double)l->counted_serial_numbers.n - l->counted_quantity) < QTY_EPSILON) {
        for (size_t i = 0; i < l->system_serial_numbers.n; i++) {
            const char *s = l->system_serial_numbers.v[i];
            if (!strings_find(l->counted_serial_numbers.v, l->counted_serial_numbers.n, s, NULL)) VEC_PUSH(t->removed, s);
        }
        for (size_t i = 0; i < l->counted_serial_numbers.n; i++) {
            const char *s = l->counted_serial_numbers.v[i];
            if (!strings_find(l->system_serial_numbers.v, l->system_serial_numbers.n, s, NULL)) VEC_PUSH(t->added, s);
        }
    }
    double counted_sum = 0;
    for (size_t i = 0; i < l->counted_batches.n; i++) counted_sum += l->counted_batches.v[i].quantity;
    if (l->track_batch_number && fabs(counted_sum - l->counted_quantity) < QTY_EPSILON) {
        for (size_t i = 0; i < l->system_batches.n; i++) {
            const zm_batch *b = &l->system_batches.v[i];
            double d = batches_quantity(l->counted_batches.v, l->counted_batches.n, b->batch_number) - b->quantity;
            zm_batch change = {b->batch_number, d};
            if (fabs(d) >= QTY_EPSILON) VEC_PUSH(t->batches, change);
        }
        for (size_t i = 0; i < l->counted_batches.n; i++) {
            const zm_batch *b = &l->counted_batches.v[i];
            bool in_system = batches_contain(l->system_batches.v, l->system_batches.n, b->batch_number);
            zm_batch change = {b->batch_number, b->quantity};
            if (!in_system && fabs(b->quantity) >= QTY_EPSILON) VEC_PUSH(t->batches, change);
        }
    }
    return t->added.n || t->removed.n || t->batches.n;
}

/* Whether approving the line changes any serial number or batch. */
static bool line_changes_tracking(const zm_count_line *l)
{
    line_tracking t;
    bool changes = line_tracking_of(l, &t);
    line_tracking_free(&t);
    return changes;
}

/* The stock changes one approved line makes, per bin (see count_entry's
 * comment for how a whole-line count is placed in bins). The line's
 * tracking changes (line_tracking_of, filled into *t) ride on its first
 * change: the first bin that moves, else what is left outside any bin. A
 * line whose quantities do not move but whose tracking does (a serial
 * number swapped for another, one batch for another) makes a change of 0
 * in its first bin (outside bins when it has none). Where serials and
 * batches then land is adjustment_record_quantity's rule (adjustments.h):
 * removed ones come from whichever row at the location holds them, added
 * ones go to that change's row. Tracking is not split per bin: the count
 * records serials and batches per line, not per bin. */
static size_t line_changes(zm_org *org, const zm_stock_count *c, const zm_count_line *l, line_tracking *t,
                           zm_adjustment_input *out)
{
    const zm_item *item = org_find_item(org, l->item_id);
    const zm_location *loc = org_find_location(org, c->location_id);
    double variance = count_line_variance(l);
    size_t n = 0;
    bool tracking = line_tracking_of(l, t);
    if (!item || !loc || !l->counted) return 0;
#define CHANGE(storage, qty) (out[n++] = (zm_adjustment_input){item, loc, (storage), (qty), "", NULL, 0, NULL, 0, NULL, 0})
    /* Counted per bin, a zero total can still move stock between bins. */
    if (!l->bins_counted && fabs(variance) < QTY_EPSILON) {
        /* nothing moves */
    } else if (!l->bins.n) {
        CHANGE(NULL, variance);
    } else {
        /* Each bin moves to the quantity the count shows for it; whatever
         * of the variance is left was outside any bin at the location. */
        double in_bins = 0;
        for (size_t i = 0; i < l->bins.n; i++) {
            double shown = 0;
            count_bin_counted_quantity(l, i, &shown);   /* an uncounted bin counts as 0 */
            double d = shown - l->bins.v[i].system_quantity;
            in_bins += d;
            if (fabs(d) >= QTY_EPSILON) CHANGE(l->bins.v[i].storage_id, d);
        }
        if (fabs(variance - in_bins) >= QTY_EPSILON) CHANGE(NULL, variance - in_bins);
    }
    if (tracking) {
        if (!n) CHANGE(l->bins.n ? l->bins.v[0].storage_id : NULL, 0);
        out[0].serials_added = t->added.v;
        out[0].n_serials_added = t->added.n;
        out[0].serials_removed = t->removed.v;
        out[0].n_serials_removed = t->removed.n;
        out[0].batches = t->batches.v;
        out[0].n_batches = t->batches.n;
    }
#undef CHANGE
    return n;
}

void count_do_approve(zm_org *org, zm_stock_count *c, const zm_count_decision *d, size_t n,
                      const char *user_id)
{
    char today[16], description[160];
    clock_today(&org->clock, today);
    snprintf(description, sizeof description, "Stock count %s", c->inventorycount_number);
    const zm_account *account = org->settings.default_adjustment_account[0]
                                    ? org_find_account(org, org->settings.default_adjustment_account)
                                    : NULL;
    /* One adjustment per approve call (per reason, when entries name
     * different reasons), holding every approved line with a variance. */
    bool *done = xcalloc(n + 1, sizeof *done);
    line_tracking *tracking = xcalloc(n + 1, sizeof *tracking);
    size_t max_changes = 0;
    for (size_t i = 0; i < n; i++) max_changes += c->line_items.v[d[i].line_index].bins.n + 2;
    zm_adjustment_input *in = xcalloc(max_changes + 1, sizeof *in);
    size_t *owner = xcalloc(max_changes + 1, sizeof *owner);
    for (size_t i = 0; i < n; i++) {
        if (done[i] || !d[i].approve) continue;
        size_t k = 0;
        for (size_t j = i; j < n; j++) {
            if (done[j] || !d[j].approve || strcmp(d[j].reason_id, d[i].reason_id) != 0) continue;
            done[j] = true;
            size_t m = line_changes(org, c, &c->line_items.v[d[j].line_index], &tracking[j], in + k);
            for (size_t x = 0; x < m; x++) owner[k + x] = d[j].line_index;
            k += m;
        }
        const zm_reason *reason = org_find_reason(org, d[i].reason_id);
        if (!k || !reason) continue;
        zm_adjustment *a = adjustment_record_quantity(org, today, reason, account, description,
                                                      c->inventorycount_number, user_id, in, k,
                                                      c->inventorycount_id);
        for (size_t x = 0; x < k; x++)
            snprintf(c->line_items.v[owner[x]].adjustment_id, ID_LEN, "%s", a->inventory_adjustment_id);
    }
    for (size_t i = 0; i < n; i++) line_tracking_free(&tracking[i]);
    free(tracking);
    free(done);
    free(in);
    free(owner);

    for (size_t i = 0; i < n; i++) {
        zm_count_line *l = &c->line_items.v[d[i].line_index];
        snprintf(l->reason_id, ID_LEN, "%s", d[i].reason_id);
        if (d[i].approve) {
            l->status = LINE_APPROVED;
            l->approval_status = APPROVAL_APPROVED;
        } else {
            count_line_clear_counted(l);
            l->status = LINE_REJECTED;
            l->approval_status = APPROVAL_REJECTED;
        }
    }
    bool rejected = false, pending = false;
    for (size_t i = 0; i < c->line_items.n; i++) {
        rejected = rejected || c->line_items.v[i].status == LINE_REJECTED;
        pending = pending || c->line_items.v[i].status == LINE_COUNTED;
    }
    if (rejected) {
        /* Back to counting for the recount; skipped lines may be counted now. */
        for (size_t i = 0; i < c->line_items.n; i++)
            if (c->line_items.v[i].status == LINE_SKIPPED) c->line_items.v[i].status = LINE_DRAFT;
        c->status = COUNT_COUNTING;
    } else {
        c->status = pending ? COUNT_SUBMITTED : COUNT_COMPLETED;
    }
}

/* The organization's negative stock preference (inventory/stock_guard.h)
 * for the variances the approved lines would adjust; false after replying
 * 400 4252. */
static bool approval_allowed(zm_reply *rep, zm_org *org, const zm_stock_count *c, const zm_count_decision *d, size_t n)
{
    stock_deltas deltas = {0};
    for (size_t i = 0; i < n; i++) {
        const zm_count_line *l = &c->line_items.v[d[i].line_index];
        if (d[i].approve && l->counted) stock_deltas_add(&deltas, l->item_id, c->location_id, count_line_variance(l));
    }
    char why[256];
    bool ok = stock_deltas_allowed(org, &deltas, NULL, why, sizeof why);
    VEC_FREE(deltas);
    if (!ok) reply_error(rep, ZE_STOCK, "Stock Count", why);
    return ok;
}

/* PUT .../approve: {"line_items":[{"line_item_id" (or "item_id"),
 * "approval_status":"approved"|"rejected", "reason_id"}]}. Lines awaiting a
 * decision are the counted and the skipped ones. An approved skipped line
 * makes no adjustment. The count completes when no line awaits a decision
 * and none was rejected; with a rejection it goes back to counting. */
void counts_approve(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_stock_count *c = count_from_path(req, rep);
    if (!c || !count_check_idle(rep, c)) return;
    if (c->status != COUNT_SUBMITTED) {
        count_refuse_status(rep, c, "approved", "submitted");
        return;
    }
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    const cJSON *lines = NULL;
    if (!field_array(rep, body, "line_items", true, true, &lines, NULL)) return;
    size_t n = (size_t)cJSON_GetArraySize(lines);
    zm_count_decision *d = xcalloc(n + 1, sizeof *d);
    size_t k = 0;
    const cJSON *li;
    cJSON_ArrayForEach(li, lines) {
        zm_id line_id = "", item_id = "", reason_id = "";
        bool has_line = false, has_item = false, has_reason = false;
        const char *status = NULL;
        if (!cJSON_IsObject(li)) {
            reply_error(rep, ZE_INVALID_FIELD, "line_items");
            goto fail;
        }
        if (!field_id(rep, li, "line_item_id", false, line_id, &has_line)) goto fail;
        if (!has_line && !field_id(rep, li, "item_id", false, item_id, &has_item)) goto fail;
        if (!has_line && !has_item) {
            reply_error(rep, ZE_PARAM_MANDATORY, "line_item_id");
            goto fail;
        }
        zm_count_line *l = has_line ? count_find_line(c, line_id) : count_find_line_by_item(c, item_id);
        if (!l) {
            reply_error(rep, ZE_COUNT_LINE_UNKNOWN, has_line ? line_id : item_id, c->inventorycount_number);
            goto fail;
        }
        if (!field_string(rep, li, "approval_status", true, &status, NULL)) goto fail;
        bool approve = strcmp(status, "approved") == 0;
        if (!approve && strcmp(status, "rejected") != 0) {
            reply_error(rep, ZE_INVALID_FIELD, "approval_status");
            goto fail;
        }
        if (!field_id(rep, li, "reason_id", false, reason_id, &has_reason)) goto fail;
        if (has_reason && !org_find_reason(org, reason_id)) {
            validation(rep, "The reason %s does not exist.%s", reason_id, "");
            goto fail;
        }
        if (!has_reason) snprintf(reason_id, ID_LEN, "%s", org->settings.default_reason_id);
        if (l->status != LINE_COUNTED && l->status != LINE_SKIPPED) {
            validation(rep, "Line item %s is %s: only counted or skipped line items can be approved or "
                            "rejected.", l->line_item_id, count_line_status_name(l->status));
            goto fail;
        }
        if (approve && l->counted && (fabs(count_line_variance(l)) >= QTY_EPSILON || line_changes_tracking(l)) &&
            !org_find_reason(org, reason_id)) {
            validation(rep, "Line item %s needs a reason_id: the stock count preferences have no "
                            "default reason.%s", l->line_item_id, "");
            goto fail;
        }
        size_t index = (size_t)(l - c->line_items.v);
        for (size_t j = 0; j < k; j++) {
            if (d[j].line_index == index) {
                validation(rep, "The line item %s appears more than once.%s", l->line_item_id, "");
                goto fail;
            }
        }
        d[k].line_index = index;
        d[k].approve = approve;
        snprintf(d[k].reason_id, ID_LEN, "%s", reason_id);
        k++;
    }
    if (!approval_allowed(rep, org, c, d, k)) goto fail;
    count_touch(org, c, req->user->user_id);
    if (count_defer(org, c, COUNT_ACTION_APPROVE, req->user->user_id)) {
        for (size_t i = 0; i < k; i++) VEC_PUSH(c->pending.decisions, d[i]);
        free(d);
        count_reply(rep, org, c, 200, count_scheduled_message(COUNT_ACTION_APPROVE));
        return;
    }
    count_do_approve(org, c, d, k, req->user->user_id);
    free(d);
    count_reply(rep, org, c, 200, "Stock count has been saved.");
    return;
fail:
    free(d);
}

/* --------------------------------------------------------------- cancel */

void counts_cancel(zm_request *req, zm_reply *rep)
{
    zm_stock_count *c = count_from_path(req, rep);
    if (!c || !count_check_idle(rep, c)) return;
    if (c->status != COUNT_YET_TO_START && c->status != COUNT_COUNTING) {
        count_refuse_status(rep, c, "cancelled", "yet_to_start or counting");
        return;
    }
    c->status = COUNT_CANCELLED;
    count_touch(req->org, c, req->user->user_id);
    reply_success(rep, 200, "Stock count has been cancelled.");
}

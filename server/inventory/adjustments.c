/* adjustments.c -- the Item Adjustments API: printing, moving stock, create, list, retrieve, delete */
#include "inventory/adjustments.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "inventory/adjustments_impl.h"
#include "inventory/engine_impl.h"
#include "model/stock_tracking.h"
#include "zoho/fields.h"
#include "zoho/listing.h"

/* ------------------------------------------------------------ printing */

/* A tracked item's line carries, as Zoho prints tracked adjustments,
 * "serial_numbers" (the serials it moved: the added ones, then the removed
 * ones; the sign of quantity_adjusted gives the direction) and "batches"
 * ([{"batch_number","quantity"}], quantity signed). A line made by a stock
 * count can both add and remove serials (a swap), so the two directions
 * are also printed apart as serial_numbers_added / serial_numbers_removed
 * (the mock's own fields). */
static void add_tracking(cJSON *li, const zm_adjustment_line *l)
{
    if (l->track_serial_number) {
        cJSON *all = cJSON_AddArrayToObject(li, "serial_numbers");
        cJSON *added = cJSON_AddArrayToObject(li, "serial_numbers_added");
        cJSON *removed = cJSON_AddArrayToObject(li, "serial_numbers_removed");
        for (size_t i = 0; i < l->serials_added.n; i++) {
            cJSON_AddItemToArray(all, cJSON_CreateString(l->serials_added.v[i]));
            cJSON_AddItemToArray(added, cJSON_CreateString(l->serials_added.v[i]));
        }
        for (size_t i = 0; i < l->serials_removed.n; i++) {
            cJSON_AddItemToArray(all, cJSON_CreateString(l->serials_removed.v[i]));
            cJSON_AddItemToArray(removed, cJSON_CreateString(l->serials_removed.v[i]));
        }
    }
    if (l->track_batch_number) {
        cJSON *batches = cJSON_AddArrayToObject(li, "batches");
        for (size_t i = 0; i < l->batches.n; i++) {
            cJSON *b = cJSON_CreateObject();
            json_add_str(b, "batch_number", l->batches.v[i].batch_number);
            json_add_num(b, "quantity", l->batches.v[i].quantity);
            cJSON_AddItemToArray(batches, b);
        }
    }
}

/* The adjustment's place: the body's location, else its first line's. */
static const zm_location *adjustment_location(const zm_org *org, const zm_adjustment *a)
{
    const char *id = a->location_id[0] ? a->location_id : a->lines.n ? a->lines.v[0].warehouse_id : "";
    return org_find_location((zm_org *)org, id);
}

cJSON *adjustment_to_json(const zm_org *org, const zm_adjustment *a, bool full)
{
    char created[32], modified[32];
    clock_format_datetime(&org->clock, a->created_time, created);
    clock_format_datetime(&org->clock, a->last_modified_time, modified);
    const zm_location *place = adjustment_location(org, a);
    cJSON *o = cJSON_CreateObject();
    json_add_str(o, "inventory_adjustment_id", a->inventory_adjustment_id);
    json_add_str(o, "date", a->date);
    json_add_str(o, "reason", a->reason);
    json_add_str(o, "reason_id", a->reason_id);
    json_add_str(o, "description", a->description);
    json_add_str(o, "reference_number", a->reference_number);
    json_add_str(o, "adjustment_type", a->is_value ? "value" : "quantity");
    json_add_str(o, "status", a->status);
    json_add_str(o, "location_id", place ? place->location_id : "");
    json_add_str(o, "location_name", place ? place->location_name : "");
    if (full) {
        cJSON *lines = cJSON_AddArrayToObject(o, "line_items");
        for (size_t i = 0; i < a->lines.n; i++) {
            const zm_adjustment_line *l = &a->lines.v[i];
            cJSON *li = cJSON_CreateObject();
            json_add_str(li, "item_id", l->item_id);
            json_add_str(li, "line_item_id", l->line_item_id);
            json_add_str(li, "name", l->name);
            json_add_str(li, "description", l->description);
            if (a->is_value) json_add_num(li, "value_adjusted", l->value_adjusted);
            else json_add_num(li, "quantity_adjusted", l->quantity_adjusted);
            json_add_num(li, "item_total", l->item_total);
            json_add_str(li, "unit", l->unit);
            json_add_bool(li, "is_combo_product", false);
            json_add_str(li, "adjustment_account_id", l->adjustment_account_id);
            json_add_str(li, "adjustment_account_name", l->adjustment_account_name);
            json_add_str(li, "location_id", l->warehouse_id);
            json_add_str(li, "location_name", l->warehouse_name);
            json_add_str(li, "warehouse_id", l->warehouse_id);
            json_add_str(li, "warehouse_name", l->warehouse_name);
            if (l->storage_id[0]) json_add_str(li, "storage_id", l->storage_id);
            add_tracking(li, l);
            cJSON_AddItemToArray(lines, li);
        }
    }
    json_add_num(o, "total", a->total);
    cJSON_AddItemToObject(o, "custom_fields", a->custom_fields ? cJSON_Duplicate(a->custom_fields, true) : cJSON_CreateArray());
    if (a->inventorycount_id[0]) json_add_str(o, "inventorycount_id", a->inventorycount_id);
    if (a->rejection_reason) json_add_str(o, "rejection_reason", a->rejection_reason);
    json_add_str(o, "created_time", created);
    json_add_str(o, "last_modified_time", modified);
    return o;
}

void adjustment_answer(zm_request *req, zm_reply *rep, int status, const char *message, const zm_adjustment *a)
{
    cJSON *out = reply_success(rep, status, message);
    cJSON *json = adjustment_to_json(req->org, a, true);
    /* The reference pages' form: every id a JSON number (exact). */
    if (req->org->numeric_ids) engine_numeric_ids(json);
    cJSON_AddItemToObject(out, "inventory_adjustment", json);
}

/* ------------------------------------------------------------ recording */

static zm_adjustment *adjustment_new(zm_org *org, const char *user_id)
{
    zm_adjustment *a = xcalloc(1, sizeof *a);
    org_new_id(org, a->inventory_adjustment_id);
    a->reason = xstrdup("");
    a->description = xstrdup("");
    a->reference_number = xstrdup("");
    snprintf(a->status, sizeof a->status, "adjusted");
    a->created_time = a->last_modified_time = clock_now(&org->clock);
    snprintf(a->created_by_id, ID_LEN, "%s", user_id ? user_id : "");
    a->seq = org_next_seq(org);
    return a;
}

static void line_fill(zm_org *org, zm_adjustment_line *l, const zm_item *item,
                      const zm_location *loc, const zm_account *account, const char *storage_id,
                      const char *description, const char *line_item_id)
{
    memset(l, 0, sizeof *l);
    if (line_item_id && *line_item_id) snprintf(l->line_item_id, ID_LEN, "%s", line_item_id);
    else org_new_id(org, l->line_item_id);
    snprintf(l->item_id, ID_LEN, "%s", item->item_id);
    l->name = xstrdup(item->name);
    l->description = xstrdup(description);
    l->unit = xstrdup(item->unit);
    snprintf(l->adjustment_account_id, ID_LEN, "%s", account ? account->account_id : "");
    l->adjustment_account_name = xstrdup(account ? account->account_name : "");
    snprintf(l->warehouse_id, ID_LEN, "%s", loc->location_id);
    l->warehouse_name = xstrdup(loc->location_name);
    snprintf(l->storage_id, ID_LEN, "%s", storage_id ? storage_id : "");
}

/* Copies the input's asked tracking onto the line. */
static void line_set_tracking(zm_adjustment_line *l, const zm_adjustment_input *in)
{
    l->track_serial_number = in->item->track_serial_number;
    l->track_batch_number = in->item->track_batch_number;
    for (size_t i = 0; i < in->n_serials_added; i++) VEC_PUSH(l->serials_added, xstrdup(in->serials_added[i]));
    for (size_t i = 0; i < in->n_serials_removed; i++)
        VEC_PUSH(l->serials_removed, xstrdup(in->serials_removed[i]));
    for (size_t i = 0; i < in->n_batches; i++) {
        zm_batch b = {xstrdup(in->batches[i].batch_number), in->batches[i].quantity};
        VEC_PUSH(l->batches, b);
    }
}

/* The moves a line made, forgotten before it makes them again. */
static void moves_clear(zm_adjustment_line *l)
{
    for (size_t k = 0; k < l->moves.n; k++) {
        free(l->moves.v[k].serial_number);
        free(l->moves.v[k].batch_number);
    }
    l->moves.n = 0;
}

void adjustment_stock(zm_org *org, zm_adjustment *a, int sign)
{
    if (a->is_value) return;
    for (size_t i = 0; i < a->lines.n; i++) {
        size_t k = sign > 0 ? i : a->lines.n - 1 - i;
        zm_adjustment_line *l = &a->lines.v[k];
        zm_item *item = org_find_item(org, l->item_id);
        if (!item) continue;
        if (sign > 0) moves_clear(l);
        item_adjust_stock(item, l->warehouse_id, l->storage_id, sign * l->quantity_adjusted);
        tracking_apply(item, l, sign);
    }
}

void adjustment_deltas(const zm_adjustment *a, int sign, stock_deltas *d)
{
    for (size_t i = 0; !a->is_value && i < a->lines.n; i++)
        stock_deltas_add(d, a->lines.v[i].item_id, a->lines.v[i].warehouse_id, sign * a->lines.v[i].quantity_adjusted);
}

bool adjustment_stock_allowed(zm_reply *rep, zm_org *org, const stock_deltas *net, const stock_deltas *pending)
{
    char why[256];
    if (stock_deltas_allowed(org, net, pending, why, sizeof why)) return true;
    reply_error(rep, ZE_STOCK, "Inventory Adjustment", why);
    return false;
}

bool adjustment_change_allowed(zm_reply *rep, zm_org *org, const zm_adjustment *a, int sign)
{
    stock_deltas d = {0};
    adjustment_deltas(a, sign, &d);
    bool ok = adjustment_stock_allowed(rep, org, &d, NULL);
    VEC_FREE(d);
    return ok;
}

zm_adjustment *adjustment_record_quantity(zm_org *org, const char *date, const zm_reason *reason,
                                          const zm_account *account, const char *description,
                                          const char *reference_number, const char *user_id,
                                          const zm_adjustment_input *lines, size_t n,
                                          const char *inventorycount_id)
{
    zm_adjustment *a = adjustment_new(org, user_id);
    snprintf(a->date, sizeof a->date, "%s", date);
    xstrset(&a->reason, reason->reason);
    snprintf(a->reason_id, ID_LEN, "%s", reason->reason_id);
    xstrset(&a->description, description);
    xstrset(&a->reference_number, reference_number);
    snprintf(a->inventorycount_id, ID_LEN, "%s", inventorycount_id ? inventorycount_id : "");
    for (size_t i = 0; i < n; i++) {
        zm_adjustment_line l;
        line_fill(org, &l, lines[i].item, lines[i].location, account, lines[i].storage_id, lines[i].description, NULL);
        l.quantity_adjusted = lines[i].quantity;
        l.item_total = lines[i].quantity * lines[i].item->rate;
        a->total += l.item_total;
        line_set_tracking(&l, &lines[i]);
        VEC_PUSH(a->lines, l);
    }
    adjustment_stock(org, a, +1);
    org_add_adjustment(org, a);
    return a;
}

void adjustment_fill(zm_org *org, zm_adjustment *a, const parsed_adjustment *p)
{
    snprintf(a->date, sizeof a->date, "%s", p->date);
    xstrset(&a->reason, p->reason->reason);
    snprintf(a->reason_id, ID_LEN, "%s", p->reason->reason_id);
    xstrset(&a->description, p->description);
    xstrset(&a->reference_number, p->reference_number);
    a->is_value = p->is_value;
    snprintf(a->location_id, ID_LEN, "%s", p->location_id);
    if (p->custom_fields) {
        cJSON_Delete(a->custom_fields);
        a->custom_fields = cJSON_Duplicate(p->custom_fields, true);
        /* Each field gets an id when it has none. */
        cJSON *f;
        cJSON_ArrayForEach(f, a->custom_fields) {
            if (!cJSON_IsObject(f) || json_get(f, "customfield_id")) continue;
            zm_id id;
            org_new_id(org, id);
            cJSON_AddStringToObject(f, "customfield_id", id);
        }
    }
    adjustment_lines_clear(a);
    a->total = 0;
    for (size_t i = 0; i < p->n; i++) {
        const parsed_line *pl = &p->lines[i];
        zm_adjustment_line l;
        line_fill(org, &l, pl->item, pl->location, pl->account, pl->storage_id, pl->description, pl->line_item_id);
        if (p->is_value) {
            l.value_adjusted = l.item_total = pl->amount;
        } else {
            l.quantity_adjusted = pl->amount;
            l.item_total = pl->amount * pl->item->rate;
            zm_adjustment_input in = {pl->item, pl->location, pl->storage_id, pl->amount, pl->description,
                                      NULL, 0, NULL, 0, pl->batches.v, pl->batches.n};
            if (pl->amount > 0) {
                in.serials_added = pl->serials.v;
                in.n_serials_added = pl->serials.n;
            } else {
                in.serials_removed = pl->serials.v;
                in.n_serials_removed = pl->serials.n;
            }
            line_set_tracking(&l, &in);
        }
        a->total += l.item_total;
        VEC_PUSH(a->lines, l);
    }
}

/* --------------------------------------------------------------- create */

void adjustments_create(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    cJSON *body = request_body(req, rep, true);
    parsed_adjustment p;
    if (!body || !adjustment_parse(req, rep, body, NULL, &p)) return;
    zm_adjustment *a = adjustment_new(org, req->user->user_id);
    snprintf(a->status, sizeof a->status, "%s", p.status);
    adjustment_fill(org, a, &p);
    adjustment_parsed_free(&p);
    bool moves = !strcmp(a->status, "adjusted");
    if (moves && !adjustment_change_allowed(rep, org, a, +1)) {
        adjustment_free(a);
        return;
    }
    if (moves) adjustment_stock(org, a, +1);
    org_add_adjustment(org, a);
    adjustment_answer(req, rep, 201, "Inventory Adjustment has been added", a);
}

/* ----------------------------------------------------------------- list */

static const char *const sort_columns[] = {"created_time", "date", "last_modified_time", NULL};
static const char *const filters[] = {"AdjustmentType.All", "AdjustmentType.Quantity",
                                      "AdjustmentType.Value", NULL};
static const zm_list_spec list_spec = {sort_columns, "created_time", filters, "AdjustmentType.All"};

/* filter_by's adjustment type: 1 quantity, 2 value (search_text is the
 * table's: reference number, reason, description; model.c). */
static bool adjustment_matches(const void *row, const void *ctx)
{
    const zm_adjustment *a = row;
    int type = *(const int *)ctx;
    return !((type == 1 && a->is_value) || (type == 2 && !a->is_value));
}

/* A page walked in the adjustments' table (model.c): O(page) without a
 * filter, and with one until the page is full (model/index.h). */
void adjustments_list(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_list_params p;
    if (!list_parse(req, rep, &list_spec, &p)) return;
    int type = 0;
    if (strcmp(p.filter_by, "AdjustmentType.Quantity") == 0) type = 1;
    if (strcmp(p.filter_by, "AdjustmentType.Value") == 0) type = 2;
    zm_table *t = org_adjustments_table(org);
    int column = table_column(t, p.sort_column);
    zm_table_query q = {column < 0 ? 0 : column, p.descending, p.search_text, type ? adjustment_matches : NULL,
                        &type, (size_t)(p.page - 1) * (size_t)p.per_page, (size_t)p.per_page};
    void *rows[LIST_MAX_PER_PAGE];
    bool more;
    size_t n = table_page(t, &q, rows, &more);
    cJSON *out = reply_success(rep, 200, "success");
    cJSON *arr = cJSON_AddArrayToObject(out, "inventory_adjustments");
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(arr, adjustment_to_json(org, (const zm_adjustment *)rows[i], false));
    if (org->numeric_ids) engine_numeric_ids(arr);
    list_add_page_context(out, &p, more);
}

/* ------------------------------------------------------ retrieve, delete */

zm_adjustment *adjustment_from_path(zm_request *req, zm_reply *rep, size_t *index)
{
    zm_adjustment *a = org_find_adjustment(req->org, request_param(req, "inventory_adjustment_id"), index);
    if (!a) reply_error(rep, ZE_NOT_FOUND, "Inventory Adjustment");
    return a;
}

void adjustments_get(zm_request *req, zm_reply *rep)
{
    zm_adjustment *a = adjustment_from_path(req, rep, NULL);
    if (a) adjustment_answer(req, rep, 200, "success", a);
}

void adjustments_delete(zm_request *req, zm_reply *rep)
{
    size_t index;
    zm_adjustment *a = adjustment_from_path(req, rep, &index);
    if (!a) return;
    if (a->inventorycount_id[0]) {
        /* The stock count owns it: deleting would leave the count's
         * approved variance unexplained. */
        char msg[160];
        snprintf(msg, sizeof msg,
                 "This inventory adjustment was created by a stock count (%s) and cannot be deleted.",
                 a->inventorycount_id);
        reply_error(rep, ZE_VALIDATION, msg);
        return;
    }
    bool moved = !strcmp(a->status, "adjusted");
    if (moved && !adjustment_change_allowed(rep, req->org, a, -1)) return;
    if (moved) adjustment_stock(req->org, a, -1);
    org_remove_adjustment(req->org, a);
    adjustment_free(a);
    reply_success(rep, 200, "Inventory Adjustment(s) has been deleted");
}

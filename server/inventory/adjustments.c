/* adjustments.c -- the Item Adjustments API (endpoints 25-28): create, list, retrieve, delete */
#include "inventory/adjustments.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
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

cJSON *adjustment_to_json(const zm_org *org, const zm_adjustment *a, bool full)
{
    char created[32], modified[32];
    clock_format_datetime(&org->clock, a->created_time, created);
    clock_format_datetime(&org->clock, a->last_modified_time, modified);
    cJSON *o = cJSON_CreateObject();
    json_add_id_number(o, "inventory_adjustment_id", a->inventory_adjustment_id);
    json_add_str(o, "date", a->date);
    json_add_str(o, "reason", a->reason);
    json_add_id_number(o, "reason_id", a->reason_id);
    json_add_str(o, "description", a->description);
    json_add_str(o, "reference_number", a->reference_number);
    json_add_str(o, "adjustment_type", a->is_value ? "value" : "quantity");
    if (full) {
        cJSON *lines = cJSON_AddArrayToObject(o, "line_items");
        for (size_t i = 0; i < a->lines.n; i++) {
            const zm_adjustment_line *l = &a->lines.v[i];
            cJSON *li = cJSON_CreateObject();
            json_add_id_number(li, "item_id", l->item_id);
            json_add_id_number(li, "line_item_id", l->line_item_id);
            json_add_str(li, "name", l->name);
            json_add_str(li, "description", l->description);
            if (a->is_value) json_add_num(li, "value_adjusted", l->value_adjusted);
            else json_add_num(li, "quantity_adjusted", l->quantity_adjusted);
            json_add_num(li, "item_total", l->item_total);
            json_add_str(li, "unit", l->unit);
            json_add_bool(li, "is_combo_product", false);
            json_add_id_number(li, "adjustment_account_id", l->adjustment_account_id);
            json_add_str(li, "adjustment_account_name", l->adjustment_account_name);
            json_add_id_number(li, "warehouse_id", l->warehouse_id);
            json_add_str(li, "warehouse_name", l->warehouse_name);
            if (l->storage_id[0]) json_add_id_number(li, "storage_id", l->storage_id);
            add_tracking(li, l);
            cJSON_AddItemToArray(lines, li);
        }
    }
    json_add_num(o, "total", a->total);
    if (a->inventorycount_id[0]) json_add_id_number(o, "inventorycount_id", a->inventorycount_id);
    json_add_str(o, "created_time", created);
    json_add_str(o, "last_modified_time", modified);
    return o;
}

/* ------------------------------------------------------------ recording */

static zm_adjustment *adjustment_new(zm_org *org, const char *date, const zm_reason *reason,
                                     const char *description, const char *reference_number,
                                     const char *user_id, bool is_value)
{
    zm_adjustment *a = xcalloc(1, sizeof *a);
    org_new_id(org, a->inventory_adjustment_id);
    snprintf(a->date, sizeof a->date, "%s", date);
    a->reason = xstrdup(reason->reason);
    snprintf(a->reason_id, ID_LEN, "%s", reason->reason_id);
    a->description = xstrdup(description);
    a->reference_number = xstrdup(reference_number);
    a->is_value = is_value;
    a->created_time = a->last_modified_time = clock_now(&org->clock);
    snprintf(a->created_by_id, ID_LEN, "%s", user_id ? user_id : "");
    a->seq = org_next_seq(org);
    return a;
}

static void line_fill(zm_org *org, zm_adjustment_line *l, const zm_item *item,
                      const zm_location *loc, const zm_account *account, const char *storage_id,
                      const char *description)
{
    memset(l, 0, sizeof *l);
    org_new_id(org, l->line_item_id);
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

zm_adjustment *adjustment_record_quantity(zm_org *org, const char *date, const zm_reason *reason,
                                          const zm_account *account, const char *description,
                                          const char *reference_number, const char *user_id,
                                          const zm_adjustment_input *lines, size_t n,
                                          const char *inventorycount_id)
{
    zm_adjustment *a = adjustment_new(org, date, reason, description, reference_number, user_id, false);
    snprintf(a->inventorycount_id, ID_LEN, "%s", inventorycount_id ? inventorycount_id : "");
    for (size_t i = 0; i < n; i++) {
        zm_adjustment_line l;
        line_fill(org, &l, lines[i].item, lines[i].location, account, lines[i].storage_id,
                  lines[i].description);
        l.quantity_adjusted = lines[i].quantity;
        l.item_total = lines[i].quantity * lines[i].item->rate;
        a->total += l.item_total;
        line_set_tracking(&l, &lines[i]);
        /* The caller's item pointers belong to this org's items array. */
        zm_item *item = (zm_item *)lines[i].item;
        item_adjust_stock(item, lines[i].location->location_id, lines[i].storage_id, lines[i].quantity);
        tracking_apply(item, &l, 1);
        VEC_PUSH(a->lines, l);
    }
    VEC_PUSH(org->adjustments, a);
    return a;
}

/* --------------------------------------------------------------- create */

/* A validated line of the request body. */
typedef struct parsed_line {
    zm_item *item;
    zm_location *location;
    zm_account *account;
    zm_id storage_id;
    double amount;              /* quantity_adjusted or value_adjusted */
    const char *description;
    VEC(const char *) serials;  /* strings borrowed from the request body */
    VEC(zm_batch) batches;      /* batch_number borrowed from the request body */
} parsed_line;

static void parsed_free(parsed_line *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        VEC_FREE(p[i].serials);
        VEC_FREE(p[i].batches);
    }
    free(p);
}

/* Tracking errors name the field the way Zoho does ("Invalid value passed
 * for serial_numbers", code 4) and go on to say which serial number or
 * batch and why: ZE_VALIDATION (400, code 4) carries the whole text,
 * clearer to a caller than the bare field name. A wrong JSON type gets
 * the bare ZE_INVALID_FIELD answer. */
static bool tracking_error(zm_reply *rep, const char *field, const char *fmt, ...)
{
    char why[256], msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "Invalid value passed for %s: %s", field, why);
    reply_error(rep, ZE_VALIDATION, msg);
    return false;
}

static bool item_has_serial(const zm_item *item, const char *location_id, const char *serial)
{
    for (size_t i = 0; i < item->stock.n; i++) {
        const zm_stock_row *r = &item->stock.v[i];
        if (location_id && strcmp(r->location_id, location_id) != 0) continue;
        if (strings_find(r->serial_numbers.v, r->serial_numbers.n, serial, NULL)) return true;
    }
    return false;
}

/* serial_numbers of line k: strings, once each (in the whole request for
 * the item), as many as |quantity_adjusted|; added ones must be new to the
 * item, removed ones in stock at the line's location. */
static bool parse_serials(zm_reply *rep, const cJSON *arr, bool is_value, parsed_line *lines, size_t k)
{
    parsed_line *p = &lines[k];
    const char *F = "serial_numbers";
    if (!cJSON_IsArray(arr)) {
        reply_error(rep, ZE_INVALID_FIELD, F);
        return false;
    }
    if (is_value) return tracking_error(rep, F, "a value adjustment does not move serial numbers.");
    if (!p->item->track_serial_number)
        return tracking_error(rep, F, "the item %s (%s) is not tracked by serial numbers.", p->item->item_id,
                              p->item->name);
    const cJSON *s;
    cJSON_ArrayForEach(s, arr) {
        if (!cJSON_IsString(s) || !*s->valuestring) {
            reply_error(rep, ZE_INVALID_FIELD, F);
            return false;
        }
        const char *sn = s->valuestring;
        for (size_t j = 0; j <= k; j++) {
            if (lines[j].item != p->item) continue;
            for (size_t x = 0; x < lines[j].serials.n; x++)
                if (strcmp(lines[j].serials.v[x], sn) == 0)
                    return tracking_error(rep, F, "the serial number %s is given more than once.", sn);
        }
        if (p->amount > 0 && item_has_serial(p->item, NULL, sn))
            return tracking_error(rep, F, "the serial number %s already exists for the item %s.", sn,
                                  p->item->item_id);
        if (p->amount < 0 && !item_has_serial(p->item, p->location->location_id, sn))
            return tracking_error(rep, F, "the serial number %s of the item %s is not in stock at %s.", sn,
                                  p->item->item_id, p->location->location_name);
        VEC_PUSH(p->serials, sn);
    }
    if (fabs(fabs(p->amount) - (double)p->serials.n) > QTY_EPSILON)
        return tracking_error(rep, F, "%zu serial numbers for a quantity_adjusted of %g.", p->serials.n,
                              p->amount);
    return true;
}

/* batches of line k: [{"batch_number","quantity"}], each batch once, each
 * quantity non-zero with the sign of quantity_adjusted, adding up to it; a
 * negative change cannot take the batch (at the line's location, after
 * the request's earlier lines) below 0. */
static bool parse_batches(zm_reply *rep, const cJSON *arr, bool is_value, parsed_line *lines, size_t k)
{
    parsed_line *p = &lines[k];
    const char *F = "batches";
    if (!cJSON_IsArray(arr)) {
        reply_error(rep, ZE_INVALID_FIELD, F);
        return false;
    }
    if (is_value) return tracking_error(rep, F, "a value adjustment does not move batches.");
    if (!p->item->track_batch_number)
        return tracking_error(rep, F, "the item %s (%s) is not tracked by batches.", p->item->item_id,
                              p->item->name);
    const cJSON *b;
    double sum = 0;
    cJSON_ArrayForEach(b, arr) {
        const char *number = NULL;
        double q = 0;
        if (!cJSON_IsObject(b)) {
            reply_error(rep, ZE_INVALID_FIELD, F);
            return false;
        }
        if (!field_string(rep, b, "batch_number", true, &number, NULL)) return false;
        if (!*number) {
            reply_error(rep, ZE_INVALID_FIELD, "batch_number");
            return false;
        }
        if (!field_number(rep, b, "quantity", true, &q, NULL)) return false;
        if (fabs(q) < QTY_EPSILON || (q > 0) != (p->amount > 0))
            return tracking_error(rep, F, "the batch %s has quantity %g: each batch quantity must be non-zero "
                                          "with the sign of quantity_adjusted (%g).", number, q, p->amount);
        for (size_t x = 0; x < p->batches.n; x++)
            if (strcmp(p->batches.v[x].batch_number, number) == 0)
                return tracking_error(rep, F, "the batch %s is given more than once.", number);
        if (q < 0) {
            const char *loc = p->location->location_id;
            double have = 0;
            for (size_t i = 0; i < p->item->stock.n; i++)
                if (strcmp(p->item->stock.v[i].location_id, loc) == 0)
                    have += batches_quantity(p->item->stock.v[i].batches.v, p->item->stock.v[i].batches.n, number);
            for (size_t j = 0; j < k; j++) {
                if (lines[j].item != p->item || lines[j].location != p->location) continue;
                for (size_t x = 0; x < lines[j].batches.n; x++)
                    if (strcmp(lines[j].batches.v[x].batch_number, number) == 0) have += lines[j].batches.v[x].quantity;
            }
            if (have + q < -QTY_EPSILON)
                return tracking_error(rep, F, "the batch %s of the item %s has %g at %s: a change of %g would take "
                                              "it below 0.", number, p->item->item_id, have,
                                      p->location->location_name, q);
        }
        zm_batch nb = {(char *)number, q};
        VEC_PUSH(p->batches, nb);
        sum += q;
    }
    if (fabs(sum - p->amount) > QTY_EPSILON)
        return tracking_error(rep, F, "the batch quantities add up to %g, not to the quantity_adjusted %g.", sum,
                              p->amount);
    return true;
}

/* Reads and checks one line item; nothing is changed. */
static bool parse_line(zm_request *req, zm_reply *rep, const cJSON *li, bool is_value,
                       const zm_location *default_loc, parsed_line *out)
{
    zm_org *org = req->org;
    if (!cJSON_IsObject(li)) {
        reply_error(rep, ZE_INVALID_FIELD, "line_items");
        return false;
    }
    zm_id item_id = "", loc_id = "", account_id = "", storage_id = "";
    bool has_loc = false, has_wh = false, has_account = false, has_storage = false;
    const char *description = "";
    if (!field_id(rep, li, "item_id", true, item_id, NULL)) return false;
    out->item = org_find_item(org, item_id);
    if (!out->item) {
        reply_error(rep, ZE_INVALID_FIELD, "item_id");
        return false;
    }
    const char *amount_field = is_value ? "value_adjusted" : "quantity_adjusted";
    if (!field_number(rep, li, amount_field, true, &out->amount, NULL)) return false;
    if (out->amount == 0) {
        reply_error(rep, ZE_INVALID_FIELD, amount_field);
        return false;
    }
    if (!is_value && out->item->track_serial_number && out->amount != floor(out->amount)) {
        reply_error(rep, ZE_VALIDATION, "Invalid value passed for quantity_adjusted: the item is tracked by "
                                        "serial numbers, so it moves in whole units.");
        return false;
    }
    /* Zoho's line items name the place as warehouse_id (older) or
     * location_id (newer); either is accepted. */
    if (!field_id(rep, li, "location_id", false, loc_id, &has_loc)) return false;
    if (!has_loc && !field_id(rep, li, "warehouse_id", false, loc_id, &has_wh)) return false;
    if (has_loc || has_wh) {
        out->location = org_find_location(org, loc_id);
        if (!out->location) {
            reply_error(rep, ZE_INVALID_FIELD, has_loc ? "location_id" : "warehouse_id");
            return false;
        }
    } else {
        out->location = (zm_location *)default_loc;
    }
    if (!field_id(rep, li, "storage_id", false, storage_id, &has_storage)) return false;
    if (has_storage && !location_find_storage(out->location, storage_id)) {
        reply_error(rep, ZE_INVALID_FIELD, "storage_id");
        return false;
    }
    snprintf(out->storage_id, ID_LEN, "%s", has_storage ? storage_id : "");
    if (!field_id(rep, li, "adjustment_account_id", false, account_id, &has_account)) return false;
    const char *acc = has_account ? account_id : org->settings.default_adjustment_account;
    out->account = acc[0] ? org_find_account(org, acc) : NULL;
    if (has_account && !out->account) {
        reply_error(rep, ZE_INVALID_FIELD, "adjustment_account_id");
        return false;
    }
    if (!field_string(rep, li, "description", false, &description, NULL)) return false;
    out->description = description;
    return true;
}

/* The line's optional tracking, after parse_line accepted lines[0..k]. */
static bool parse_line_tracking(zm_reply *rep, const cJSON *li, bool is_value, parsed_line *lines, size_t k)
{
    const cJSON *serials = json_get(li, "serial_numbers"), *batches = json_get(li, "batches");
    if (serials && !cJSON_IsNull(serials) && !parse_serials(rep, serials, is_value, lines, k)) return false;
    if (batches && !cJSON_IsNull(batches) && !parse_batches(rep, batches, is_value, lines, k)) return false;
    return true;
}

/* The reason: the text is required (as on Zoho's page); a known text maps
 * to its reason_id, an unknown one is added to the organization's list, as
 * Zoho's UI does. A reason_id alone is accepted when it exists. */
static zm_reason *resolve_reason(zm_request *req, zm_reply *rep, const cJSON *body)
{
    zm_org *org = req->org;
    const char *text = NULL;
    zm_id reason_id = "";
    bool has_text = false, has_id = false;
    if (!field_string(rep, body, "reason", false, &text, &has_text)) return NULL;
    if (!field_id(rep, body, "reason_id", false, reason_id, &has_id)) return NULL;
    if (has_id) {
        zm_reason *r = org_find_reason(org, reason_id);
        if (!r) reply_error(rep, ZE_INVALID_FIELD, "reason_id");
        return r;
    }
    if (!has_text || !*text) {
        reply_error(rep, ZE_PARAM_MANDATORY, "reason");
        return NULL;
    }
    zm_reason *r = org_find_reason_by_text(org, text);
    if (r) return r;
    zm_reason added;
    org_new_id(org, added.reason_id);
    added.reason = xstrdup(text);
    VEC_PUSH(org->reasons, added);
    return &org->reasons.v[org->reasons.n - 1];
}

void adjustments_create(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    char date[16];
    const char *type = NULL, *description = "", *reference = "";
    const cJSON *lines = NULL;
    if (!field_date(rep, body, "date", true, date, NULL)) return;
    if (!field_string(rep, body, "adjustment_type", true, &type, NULL)) return;
    bool is_value = strcmp(type, "value") == 0;
    if (!is_value && strcmp(type, "quantity") != 0) {
        reply_error(rep, ZE_INVALID_FIELD, "adjustment_type");
        return;
    }
    if (!field_string(rep, body, "description", false, &description, NULL)) return;
    if (!field_string(rep, body, "reference_number", false, &reference, NULL)) return;
    if (!field_array(rep, body, "line_items", true, true, &lines, NULL)) return;

    /* A body-level location applies to lines without their own. */
    zm_id loc_id = "";
    bool has_loc = false;
    if (!field_id(rep, body, "location_id", false, loc_id, &has_loc)) return;
    if (!has_loc && !field_id(rep, body, "warehouse_id", false, loc_id, &has_loc)) return;
    const zm_location *default_loc = has_loc ? org_find_location(org, loc_id)
                                             : (org->locations.n ? &org->locations.v[0] : NULL);
    if (!default_loc) {
        reply_error(rep, ZE_INVALID_FIELD, has_loc ? "location_id" : "warehouse_id");
        return;
    }

    /* Every line is checked before anything changes. */
    size_t n = (size_t)cJSON_GetArraySize(lines);
    parsed_line *parsed = xcalloc(n, sizeof *parsed);
    size_t k = 0;
    const cJSON *li;
    cJSON_ArrayForEach(li, lines) {
        k++;
        if (!parse_line(req, rep, li, is_value, default_loc, &parsed[k - 1]) ||
            !parse_line_tracking(rep, li, is_value, parsed, k - 1)) {
            parsed_free(parsed, k);
            return;
        }
    }
    zm_reason *reason = resolve_reason(req, rep, body);
    if (!reason) {
        parsed_free(parsed, n);
        return;
    }

    zm_adjustment *a;
    if (is_value) {
        a = adjustment_new(org, date, reason, description, reference, req->user->user_id, true);
        for (size_t i = 0; i < n; i++) {
            zm_adjustment_line l;
            line_fill(org, &l, parsed[i].item, parsed[i].location, parsed[i].account,
                      parsed[i].storage_id, parsed[i].description);
            l.value_adjusted = l.item_total = parsed[i].amount;
            a->total += l.item_total;
            VEC_PUSH(a->lines, l);
        }
        VEC_PUSH(org->adjustments, a);
    } else {
        /* One account for the whole adjustment when lines differ is not a
         * Zoho rule; each line keeps its own. */
        zm_adjustment_input *in = xcalloc(n, sizeof *in);
        for (size_t i = 0; i < n; i++) {
            const parsed_line *p = &parsed[i];
            in[i] = (zm_adjustment_input){p->item, p->location, p->storage_id, p->amount, p->description,
                                          NULL, 0, NULL, 0, p->batches.v, p->batches.n};
            if (p->amount > 0) {
                in[i].serials_added = p->serials.v;
                in[i].n_serials_added = p->serials.n;
            } else {
                in[i].serials_removed = p->serials.v;
                in[i].n_serials_removed = p->serials.n;
            }
        }
        a = adjustment_record_quantity(org, date, reason, parsed[0].account, description, reference,
                                       req->user->user_id, in, n, NULL);
        /* Lines with their own account keep it. */
        for (size_t i = 0; i < n; i++) {
            zm_adjustment_line *l = &a->lines.v[i];
            snprintf(l->adjustment_account_id, ID_LEN, "%s", parsed[i].account ? parsed[i].account->account_id : "");
            xstrset(&l->adjustment_account_name, parsed[i].account ? parsed[i].account->account_name : "");
        }
        free(in);
    }
    parsed_free(parsed, n);
    cJSON *out = reply_success(rep, 201, "Inventory Adjustment has been added");
    cJSON_AddItemToObject(out, "inventory_adjustment", adjustment_to_json(org, a, true));
}

/* ----------------------------------------------------------------- list */

static const char *const sort_columns[] = {"created_time", "date", "last_modified_time", NULL};
static const char *const filters[] = {"AdjustmentType.All", "AdjustmentType.Quantity",
                                      "AdjustmentType.Value", NULL};
static const zm_list_spec list_spec = {sort_columns, "created_time", filters, "AdjustmentType.All"};

/* Ascending comparators, one per sort column; creation order breaks ties. */
static int by_seq(const zm_adjustment *a, const zm_adjustment *b)
{
    return list_compare_i64((int64_t)a->seq, (int64_t)b->seq);
}

static int by_created_time(const void *pa, const void *pb)
{
    const zm_adjustment *a = *(zm_adjustment *const *)pa, *b = *(zm_adjustment *const *)pb;
    int c = list_compare_i64(a->created_time, b->created_time);
    return c ? c : by_seq(a, b);
}

static int by_last_modified_time(const void *pa, const void *pb)
{
    const zm_adjustment *a = *(zm_adjustment *const *)pa, *b = *(zm_adjustment *const *)pb;
    int c = list_compare_i64(a->last_modified_time, b->last_modified_time);
    return c ? c : by_seq(a, b);
}

static int by_date(const void *pa, const void *pb)
{
    const zm_adjustment *a = *(zm_adjustment *const *)pa, *b = *(zm_adjustment *const *)pb;
    int c = strcmp(a->date, b->date);
    return c ? c : by_seq(a, b);
}

void adjustments_list(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_list_params p;
    if (!list_parse(req, rep, &list_spec, &p)) return;
    void **rows = xmalloc((org->adjustments.n + 1) * sizeof *rows);
    size_t n = 0;
    for (size_t i = 0; i < org->adjustments.n; i++) {
        zm_adjustment *a = org->adjustments.v[i];
        if (strcmp(p.filter_by, "AdjustmentType.Quantity") == 0 && a->is_value) continue;
        if (strcmp(p.filter_by, "AdjustmentType.Value") == 0 && !a->is_value) continue;
        if (p.search_text[0] && !list_text_matches(a->reference_number, p.search_text) &&
            !list_text_matches(a->reason, p.search_text) &&
            !list_text_matches(a->description, p.search_text))
            continue;
        rows[n++] = a;
    }
    static const zm_sort_column columns[] = {{"created_time", by_created_time}, {"date", by_date},
                                             {"last_modified_time", by_last_modified_time}, {NULL, NULL}};
    list_sort_by(rows, n, columns, &p);
    size_t first, last;
    bool more;
    list_window(&p, n, &first, &last, &more);
    cJSON *out = reply_success(rep, 200, "success");
    cJSON *arr = cJSON_AddArrayToObject(out, "inventory_adjustments");
    for (size_t i = first; i < last; i++)
        cJSON_AddItemToArray(arr, adjustment_to_json(org, (const zm_adjustment *)rows[i], false));
    list_add_page_context(out, &p, more);
    free(rows);
}

/* ------------------------------------------------------ retrieve, delete */

static zm_adjustment *find_from_path(zm_request *req, zm_reply *rep, size_t *index)
{
    zm_adjustment *a = org_find_adjustment(req->org, request_param(req, "inventory_adjustment_id"), index);
    if (!a) reply_error(rep, ZE_NOT_FOUND, "Inventory Adjustment");
    return a;
}

void adjustments_get(zm_request *req, zm_reply *rep)
{
    zm_adjustment *a = find_from_path(req, rep, NULL);
    if (!a) return;
    cJSON *out = reply_success(rep, 200, "success");
    cJSON_AddItemToObject(out, "inventory_adjustment", adjustment_to_json(req->org, a, true));
}

void adjustments_delete(zm_request *req, zm_reply *rep)
{
    size_t index;
    zm_adjustment *a = find_from_path(req, rep, &index);
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
    if (!a->is_value) {
        for (size_t i = 0; i < a->lines.n; i++) {
            zm_adjustment_line *l = &a->lines.v[i];
            zm_item *item = org_find_item(req->org, l->item_id);
            if (!item) continue;
            item_adjust_stock(item, l->warehouse_id, l->storage_id, -l->quantity_adjusted);
            tracking_apply(item, l, -1);
        }
    }
    VEC_REMOVE(req->org->adjustments, index);
    adjustment_free(a);
    reply_success(rep, 200, "Inventory Adjustment(s) has been deleted");
}

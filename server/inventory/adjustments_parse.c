/* adjustments_parse.c -- reading and checking an item adjustment's body: lines, places, accounts, tracking, reason */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/adjustments_impl.h"
#include "model/stock_tracking.h"
#include "zoho/fields.h"

void adjustment_parsed_free(parsed_adjustment *p)
{
    for (size_t i = 0; i < p->n; i++) {
        VEC_FREE(p->lines[i].serials);
        VEC_FREE(p->lines[i].batches);
    }
    free(p->lines);
    memset(p, 0, sizeof *p);
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
static bool parse_line(zm_request *req, zm_reply *rep, const cJSON *li, bool is_value, const zm_location *default_loc,
                       const zm_adjustment *existing, parsed_line *out)
{
    zm_org *org = req->org;
    if (!cJSON_IsObject(li)) {
        reply_error(rep, ZE_INVALID_FIELD, "line_items");
        return false;
    }
    zm_id item_id = "", loc_id = "", account_id = "", storage_id = "";
    bool has_loc = false, has_wh = false, has_account = false, has_storage = false, has_line = false;
    const char *description = "";
    if (!field_id(rep, li, "item_id", true, item_id, NULL)) return false;
    out->item = org_find_item(org, item_id);
    if (!out->item) {
        reply_error(rep, ZE_INVALID_FIELD, "item_id");
        return false;
    }
    /* An update may name the lines it keeps. */
    if (!field_id(rep, li, "line_item_id", false, out->line_item_id, &has_line)) return false;
    if (!existing) {
        /* A new adjustment's lines are new whatever they say. */
        has_line = false;
        out->line_item_id[0] = '\0';
    }
    bool known = false;
    for (size_t i = 0; has_line && existing && i < existing->lines.n; i++)
        known = known || !strcmp(existing->lines.v[i].line_item_id, out->line_item_id);
    if (has_line && !known) {
        reply_error(rep, ZE_INVALID_FIELD, "line_item_id");
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

/* The body's status: "draft" keeps the adjustment from moving stock until
 * it is approved; anything else but "adjusted" is refused. */
static bool parse_status(zm_reply *rep, const cJSON *body, const zm_adjustment *existing, const char **out)
{
    const char *status = NULL;
    bool present = false;
    if (!field_string(rep, body, "status", false, &status, &present)) return false;
    if (!present) {
        *out = existing ? existing->status : "adjusted";
        return true;
    }
    if (strcmp(status, "draft") != 0 && strcmp(status, "adjusted") != 0) {
        reply_error(rep, ZE_INVALID_FIELD, "status");
        return false;
    }
    *out = status;
    return true;
}

bool adjustment_parse(zm_request *req, zm_reply *rep, const cJSON *body, const zm_adjustment *existing,
                      parsed_adjustment *out)
{
    zm_org *org = req->org;
    memset(out, 0, sizeof *out);
    const char *type = NULL;
    const cJSON *lines = NULL;
    out->description = out->reference_number = "";
    if (!field_date(rep, body, "date", true, out->date, NULL)) return false;
    if (!field_string(rep, body, "adjustment_type", true, &type, NULL)) return false;
    out->is_value = strcmp(type, "value") == 0;
    if (!out->is_value && strcmp(type, "quantity") != 0) {
        reply_error(rep, ZE_INVALID_FIELD, "adjustment_type");
        return false;
    }
    if (existing && existing->is_value != out->is_value) {
        reply_error(rep, ZE_VALIDATION, "Invalid value passed for adjustment_type: it cannot change.");
        return false;
    }
    if (!field_string(rep, body, "description", false, &out->description, NULL)) return false;
    if (!field_string(rep, body, "reference_number", false, &out->reference_number, NULL)) return false;
    if (!parse_status(rep, body, existing, &out->status)) return false;
    const cJSON *fields = json_get(body, "custom_fields");
    if (fields && !cJSON_IsNull(fields)) {
        if (!cJSON_IsArray(fields)) {
            reply_error(rep, ZE_INVALID_FIELD, "custom_fields");
            return false;
        }
        out->custom_fields = fields;
    }
    if (!field_array(rep, body, "line_items", true, true, &lines, NULL)) return false;

    /* A body-level location applies to lines without their own. */
    bool has_loc = false;
    if (!field_id(rep, body, "location_id", false, out->location_id, &has_loc)) return false;
    if (!has_loc && !field_id(rep, body, "warehouse_id", false, out->location_id, &has_loc)) return false;
    const zm_location *default_loc = has_loc ? org_find_location(org, out->location_id)
                                             : (org->locations.n ? &org->locations.v[0] : NULL);
    if (!default_loc) {
        reply_error(rep, ZE_INVALID_FIELD, json_get(body, "location_id") ? "location_id" : "warehouse_id");
        return false;
    }
    if (!has_loc) out->location_id[0] = '\0';

    /* Every line is checked before anything changes. */
    size_t n = (size_t)cJSON_GetArraySize(lines);
    out->lines = xcalloc(n, sizeof *out->lines);
    const cJSON *li;
    cJSON_ArrayForEach(li, lines) {
        out->n++;
        if (!parse_line(req, rep, li, out->is_value, default_loc, existing, &out->lines[out->n - 1]) ||
            !parse_line_tracking(rep, li, out->is_value, out->lines, out->n - 1)) {
            adjustment_parsed_free(out);
            return false;
        }
    }
    out->reason = resolve_reason(req, rep, body);
    if (!out->reason) {
        adjustment_parsed_free(out);
        return false;
    }
    return true;
}

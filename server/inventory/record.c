/* record.c -- building a module's record: merging bodies, stamps, auto numbers, references and their names, totals */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/fields.h"
#include "zoho/schema.h"

/* ---------------------------------------------------------------- merge */

/* Arrays whose elements get an id of their own when the client sends none. */
static const struct { const char *array; const char *id; } element_ids[] = {
    {"line_items", "line_item_id"},
    {"contact_persons", "contact_person_id"},
    {"addresses", "address_id"},
    {"conversion_units", "unit_conversion_id"},
    {"options", "option_id"},
    {"tax_group_taxes", "tax_id"},
};

static const char *element_id_field(const char *array)
{
    for (size_t i = 0; i < sizeof element_ids / sizeof element_ids[0]; i++)
        if (!strcmp(element_ids[i].array, array)) return element_ids[i].id;
    return NULL;
}

static void merge_object(zm_ctx *x, cJSON *into, const cJSON *from, const cJSON *schema, int depth);

/* A new array for `name` from the body's elements: an element naming an
 * existing one (by its id field) starts from it, others from defaults. */
static cJSON *merge_array(zm_ctx *x, const char *name, const cJSON *old, const cJSON *from,
                          const cJSON *schema, int depth)
{
    const cJSON *items = schema_items(schema);
    const char *items_type = spec_type(items);
    if (!items_type || strcmp(items_type, "object") != 0) return schema_conform(from, schema);
    const char *idf = element_id_field(name);
    cJSON *out = cJSON_CreateArray();
    const cJSON *e;
    cJSON_ArrayForEach(e, from) {
        if (!cJSON_IsObject(e)) continue;
        cJSON *base = NULL;
        const char *want = idf ? rec_str(e, idf) : "";
        if (*want) {
            const cJSON *o;
            cJSON_ArrayForEach(o, old)
                if (!strcmp(rec_str(o, idf), want)) base = cJSON_Duplicate(o, true);
        }
        if (!base) base = engine_default(items);
        merge_object(x, base, e, items, depth + 1);
        if (idf && !*rec_str(base, idf) && spec_property(items, idf)) {
            zm_id id;
            org_new_id(x->org, id);
            rec_set_str(base, idf, id);
        }
        cJSON_AddItemToArray(out, base);
    }
    return out;
}

static void merge_object(zm_ctx *x, cJSON *into, const cJSON *from, const cJSON *schema, int depth)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, from) {
        if (cJSON_IsNull(m) || depth > 8) continue;
        const cJSON *ps = spec_property(schema, m->string);
        if (!ps) continue;          /* not part of the documented record */
        const char *type = spec_type(ps);
        cJSON *cur = cJSON_GetObjectItemCaseSensitive(into, m->string);
        cJSON *value;
        if (type && !strcmp(type, "object") && cJSON_IsObject(m)) {
            value = cJSON_IsObject(cur) ? cJSON_Duplicate(cur, true) : engine_default(ps);
            merge_object(x, value, m, ps, depth + 1);
        } else if (type && !strcmp(type, "array") && cJSON_IsArray(m)) {
            value = merge_array(x, m->string, cur, m, ps, depth);
        } else {
            value = schema_conform(m, ps);
        }
        if (cur) json_replace(into, cur, value);
        else cJSON_AddItemToObject(into, m->string, value);
    }
}

void record_merge(zm_ctx *x, cJSON *record, const cJSON *body, const cJSON *schema)
{
    if (!cJSON_IsObject(body)) return;
    if (!schema) {
        /* No documented record: keep what was sent. */
        const cJSON *m;
        cJSON_ArrayForEach(m, body) {
            cJSON_DeleteItemFromObjectCaseSensitive(record, m->string);
            cJSON_AddItemToObject(record, m->string, cJSON_Duplicate(m, true));
        }
        return;
    }
    merge_object(x, record, body, schema, 0);
}

/* --------------------------------------------------------------- members */

const char *rec_str(const cJSON *rec, const char *name)
{
    const cJSON *v = json_get(rec, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}

double rec_num(const cJSON *rec, const char *name)
{
    const cJSON *v = json_get(rec, name);
    if (cJSON_IsNumber(v)) return v->valuedouble;
    if (cJSON_IsString(v) && *v->valuestring) return strtod(v->valuestring, NULL);
    return 0;
}

void rec_set_str(cJSON *rec, const char *name, const char *value) { json_set(rec, name, cJSON_CreateString(value ? value : "")); }
void rec_set_num(cJSON *rec, const char *name, double value) { json_set(rec, name, cJSON_CreateNumber(value)); }
void rec_set_bool(cJSON *rec, const char *name, bool value) { json_set(rec, name, cJSON_CreateBool(value)); }

/* ---------------------------------------------------------------- stamps */

void record_stamp(zm_ctx *x, cJSON *record, bool created)
{
    char now[32], today[16];
    int64_t t = clock_now(&x->org->clock);
    clock_format_datetime(&x->org->clock, t, now);
    clock_format_date(&x->org->clock, t, today);
    if (created) {
        rec_set_str(record, "created_time", now);
        if (json_get(record, "created_date")) rec_set_str(record, "created_date", today);
        if (x->req->user) {
            if (json_get(record, "created_by_id")) rec_set_str(record, "created_by_id", x->req->user->user_id);
            if (json_get(record, "created_by_name")) rec_set_str(record, "created_by_name", x->req->user->name);
        }
        const cJSON *date = json_get(record, "date");
        if (cJSON_IsString(date) && !*date->valuestring) rec_set_str(record, "date", today);
    }
    rec_set_str(record, "last_modified_time", now);
    if (x->req->user && json_get(record, "last_modified_by_id"))
        rec_set_str(record, "last_modified_by_id", x->req->user->user_id);
}

/* --------------------------------------------------------------- numbers */

static bool number_taken(zm_ctx *x, const char *number, const zm_doc *self)
{
    return engine_key_taken(x, x->mod->number_field, number, self ? self->id : NULL);
}

bool record_number(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    const char *field = x->mod->number_field;
    if (!field) return true;
    const char *sent = rec_str(body, field);
    if (existing) {
        if (*sent && strcmp(sent, rec_str(existing->json, field)) != 0 && number_taken(x, sent, existing)) {
            reply_error(x->rep, ZE_NUMBER_TAKEN, field, sent);
            return false;
        }
        return true;
    }
    bool manual = false;
    if (!request_query_bool(x->req, x->rep, "ignore_auto_number_generation", false, &manual)) return false;
    if (manual) {
        if (!*sent) {
            reply_error(x->rep, ZE_PARAM_MANDATORY, field);
            return false;
        }
        if (number_taken(x, sent, NULL)) {
            reply_error(x->rep, ZE_NUMBER_TAKEN, field, sent);
            return false;
        }
        rec_set_str(record, field, sent);
        return true;
    }
    char number[64];
    do {
        x->coll->next_number++;
        snprintf(number, sizeof number, "%s%0*llu", x->mod->number_prefix ? x->mod->number_prefix : "",
                 x->mod->number_digits > 0 ? x->mod->number_digits : 1,
                 (unsigned long long)x->coll->next_number);
    } while (number_taken(x, number, NULL));
    rec_set_str(record, field, number);
    return true;
}

/* ------------------------------------------------------------ references */

/* A field that names another module's record, and the names Zoho prints
 * beside it: {record field, field of the referenced record}. */
typedef struct ref_rule {
    const char *field;
    const char *module;
    const char *copies[6][2];
} ref_rule;

static const ref_rule refs[] = {
    {"customer_id", "contacts", {{"customer_name", "contact_name"}}},
    {"vendor_id", "contacts", {{"vendor_name", "contact_name"}}},
    {"contact_id", "contacts", {{"contact_name", "contact_name"}}},
    {"item_id", "items", {{"name", "name"}, {"item_name", "name"}, {"sku", "sku"}, {"unit", "unit"}}},
    {"location_id", "locations", {{"location_name", "location_name"}}},
    {"warehouse_id", "locations", {{"warehouse_name", "location_name"}}},
    {"from_location_id", "locations", {{"from_location_name", "location_name"}}},
    {"to_location_id", "locations", {{"to_location_name", "location_name"}}},
    {"tax_id", "taxes", {{"tax_name", "tax_name"}, {"tax_percentage", "tax_percentage"}}},
    /* A line's tax may be a tax group, as on Zoho. */
    {"tax_id", "taxgroups", {{"tax_name", "tax_group_name"}, {"tax_percentage", "tax_group_percentage"}}},
    {"currency_id", "currencies", {{"currency_code", "currency_code"}, {"currency_symbol", "currency_symbol"}}},
    {"salesorder_id", "salesorders", {{"salesorder_number", "salesorder_number"}}},
    {"purchaseorder_id", "purchaseorders", {{"purchaseorder_number", "purchaseorder_number"}}},
    {"invoice_id", "invoices", {{"invoice_number", "invoice_number"}}},
    {"bill_id", "bills", {{"bill_number", "bill_number"}}},
    {"package_id", "packages", {{"package_number", "package_number"}}},
    {"salesreturn_id", "salesreturns", {{"salesreturn_number", "salesreturn_number"}}},
    {"creditnote_id", "creditnotes", {{"creditnote_number", "creditnote_number"}}},
    {"transfer_order_id", "transferorders", {{"transfer_order_number", "transfer_order_number"}}},
    {"pricebook_id", "pricebooks", {{"pricebook_name", "name"}}},
    {"unit_group_id", "unitgroups", {{"unit_group_name", "unit_group_name"}}},
    {"zone_id", "storagezones", {{"zone_name", "zone_name"}}},
    {"tax_authority_id", "taxauthorities", {{"tax_authority_name", "tax_authority_name"}}},
    {"tax_exemption_id", "taxexemptions", {{"tax_exemption_code", "tax_exemption_code"}}},
};

/* The first rule for the field after `after` (NULL: from the start). */
static const ref_rule *rule_for(const char *field, const ref_rule *after)
{
    size_t i = after ? (size_t)(after - refs) + 1 : 0;
    for (; i < sizeof refs / sizeof refs[0]; i++)
        if (!strcmp(refs[i].field, field)) return &refs[i];
    return NULL;
}

zm_doc *module_find(zm_ctx *x, const char *module_name, const char *id)
{
    zm_module *m = module_by_name(module_name);
    if (!m || !id || !*id) return NULL;
    return docs_find(docs_collection(x->org, m->slot), id);
}

/* An id as text: a string, or the digits of an id the document types as
 * an integer (a raw number, a whole double); NULL for anything else. */
static const char *id_text(const cJSON *v, char *buf, size_t len)
{
    if (cJSON_IsString(v) || cJSON_IsRaw(v)) return v->valuestring;
    if (cJSON_IsNumber(v) && v->valuedouble > 0 && v->valuedouble == floor(v->valuedouble) &&
        v->valuedouble < 1e19) {
        snprintf(buf, len, "%.0f", v->valuedouble);
        return buf;
    }
    return NULL;
}

/* The id's own record is not a reference (an item's item_id). */
static bool resolve_object(zm_ctx *x, cJSON *obj, int depth)
{
    cJSON *m;
    cJSON_ArrayForEach(m, obj) {
        if (cJSON_IsArray(m) && depth < 3) {
            cJSON *e;
            cJSON_ArrayForEach(e, m)
                if (cJSON_IsObject(e) && !resolve_object(x, e, depth + 1)) return false;
            continue;
        }
        if (cJSON_IsObject(m) && depth < 3) {
            if (!resolve_object(x, m, depth + 1)) return false;
            continue;
        }
        char digits[32];
        const char *id = id_text(m, digits, sizeof digits);
        if (!m->string || !id || !*id) continue;
        if (depth == 0 && !strcmp(m->string, x->mod->id_field)) continue;
        const ref_rule *r = rule_for(m->string, NULL);
        if (!r || !module_by_name(r->module)) continue;
        zm_doc *target = module_find(x, r->module, id);
        for (const ref_rule *alt = r; !target && (alt = rule_for(m->string, alt));) {
            target = module_find(x, alt->module, id);
            if (target) r = alt;
        }
        if (!target) {
            reply_error(x->rep, ZE_INVALID_FIELD, m->string);
            return false;
        }
        for (size_t k = 0; k < 6 && r->copies[k][0]; k++) {
            cJSON *dst = cJSON_GetObjectItemCaseSensitive(obj, r->copies[k][0]);
            const cJSON *src = json_get(target->json, r->copies[k][1]);
            if (!dst || !src || cJSON_IsObject(src) || cJSON_IsArray(src)) continue;
            /* A name the client left empty is filled; one it sent is kept. */
            if (cJSON_IsString(dst) && *dst->valuestring) continue;
            if (cJSON_IsNumber(dst) && dst->valuedouble != 0) continue;
            json_replace(obj, dst, cJSON_Duplicate(src, true));
        }
    }
    return true;
}

bool record_resolve(zm_ctx *x, cJSON *record)
{
    return resolve_object(x, record, 0);
}

/* ---------------------------------------------------------------- totals */

static double round2(double v) { return round(v * 100.0) / 100.0; }

void record_totals(cJSON *record, const cJSON *body)
{
    cJSON *lines = cJSON_GetObjectItemCaseSensitive(record, "line_items");
    if (!cJSON_IsArray(lines)) return;
    const cJSON *sent = json_get(body, "line_items");
    double sub_total = 0, tax_total = 0, quantity = 0;
    int i = 0;
    cJSON *l;
    cJSON_ArrayForEach(l, lines) {
        const cJSON *sent_line = cJSON_IsArray(sent) ? cJSON_GetArrayItem(sent, i) : NULL;
        i++;
        double qty = rec_num(l, "quantity");
        quantity += qty;
        if (json_get(l, "item_total")) {
            bool client_total = sent_line && cJSON_IsNumber(json_get(sent_line, "item_total"));
            bool recompute = cJSON_IsArray(sent) && !client_total;
            if (recompute) {
                double total = rec_num(l, "rate") * qty;
                const cJSON *disc = json_get(l, "discount");
                if (cJSON_IsNumber(disc)) total -= disc->valuedouble;
                else if (cJSON_IsString(disc) && strchr(disc->valuestring, '%'))
                    total -= total * strtod(disc->valuestring, NULL) / 100.0;
                rec_set_num(l, "item_total", round2(total));
            }
        }
        double line_total = rec_num(l, "item_total");
        sub_total += line_total;
        tax_total += line_total * rec_num(l, "tax_percentage") / 100.0;
    }
    (void)quantity;
    if (json_get(record, "sub_total")) rec_set_num(record, "sub_total", round2(sub_total));
    if (json_get(record, "tax_total")) rec_set_num(record, "tax_total", round2(tax_total));
    if (json_get(record, "total")) {
        double total = sub_total + tax_total + rec_num(record, "shipping_charge") + rec_num(record, "adjustment");
        const cJSON *disc = json_get(record, "discount");
        if (cJSON_IsNumber(disc)) total -= disc->valuedouble;
        else if (cJSON_IsString(disc) && strchr(disc->valuestring, '%'))
            total -= sub_total * strtod(disc->valuestring, NULL) / 100.0;
        rec_set_num(record, "total", round2(total));
    }
}

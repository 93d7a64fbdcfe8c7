/* units.c -- units of measurement with their conversions, and unit groups built on a base unit */
#include <stdio.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/settings_records.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. A unit (name and its short form `unit`, once per
 * organization) keeps its conversions in its own record: each a real
 * element with its unit_conversion_id, a target unit of the organization
 * (never itself, each once) and a positive conversion_rate. They come
 * with the unit (create or update: elements sent with an id are that
 * conversion, kept; others are new) or one at a time through
 * /units/{unit_id}/unitconversions. A unit group has a base unit and
 * conversions to other units in the same shape. The units list prints
 * conversions only with include_unit_conversions=true. A unit that is a
 * group's base or a conversion's target cannot be deleted. */

#define MAX_DECIMALS 6

static bool bad(zm_ctx *x, const char *field)
{
    reply_error(x->rep, ZE_INVALID_FIELD, field);
    return false;
}

/* Checks and completes the conversions of a unit (self: its id) or a
 * group (self: its base unit), giving each its id: the old one of the
 * same id or target, else a new one. */
static bool check_conversions(zm_ctx *x, cJSON *record, const char *self, const cJSON *old, const char *group_id)
{
    cJSON *conv = cJSON_GetObjectItemCaseSensitive(record, "unit_conversions"), *c;
    cJSON_ArrayForEach(c, conv) {
        const char *target = rec_str(c, "target_unit_id");
        zm_doc *unit = module_find(x, "units", target);
        if (!unit || !strcmp(target, self)) return bad(x, "target_unit_id");
        for (const cJSON *o = conv->child; o != c; o = o->next)
            if (!strcmp(rec_str(o, "target_unit_id"), target)) return bad(x, "target_unit_id");
        if (!(rec_num(c, "conversion_rate") > 0)) return bad(x, "conversion_rate");
        const char *id = rec_str(c, "unit_conversion_id");
        const cJSON *match = NULL, *o;
        cJSON_ArrayForEach(o, old)
            if ((*id && !strcmp(rec_str(o, "unit_conversion_id"), id)) || (!*id && !strcmp(rec_str(o, "target_unit_id"), target)))
                match = o;
        if (*id && !match) return bad(x, "unit_conversion_id");
        if (match) {
            rec_set_str(c, "unit_conversion_id", rec_str(match, "unit_conversion_id"));
        } else {
            zm_id fresh;
            org_new_id(x->org, fresh);
            rec_set_str(c, "unit_conversion_id", fresh);
        }
        if (group_id) rec_set_str(c, "unit_group_id", group_id);
    }
    return true;
}

/* Names a conversion prints beside its target: target_unit (and, in
 * groups, target_unit_name and quantity_decimal_place). */
static void name_targets(zm_ctx *x, cJSON *conversions, bool group)
{
    cJSON *c;
    cJSON_ArrayForEach(c, conversions) {
        zm_doc *unit = module_find(x, "units", rec_str(c, "target_unit_id"));
        if (!unit) continue;
        rec_set_str(c, "target_unit", rec_str(unit->json, "unit"));
        if (!group) continue;
        rec_set_str(c, "target_unit_name", rec_str(unit->json, "name"));
        rec_set_num(c, "quantity_decimal_place", rec_num(unit->json, "quantity_decimal_place"));
    }
}

/* ---------------------------------------------------------------- units */

bool units_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) return true;
    (void)body;
    if (settings_taken(x, record, "unit", existing) || settings_taken(x, record, "name", existing)) return false;
    double decimals = rec_num(record, "quantity_decimal_place");
    if (decimals < 0 || decimals > MAX_DECIMALS) return bad(x, "quantity_decimal_place");
    const char *self = existing ? existing->id : rec_str(record, "unit_id");
    return check_conversions(x, record, self, existing ? json_get(existing->json, "unit_conversions") : NULL, NULL);
}

/* The first unit or group that needs the unit: its name in by. */
static bool needed(zm_ctx *x, const char *unit_id, char *by, size_t size)
{
    static const char *const modules[] = {"units", "unitgroups"};
    for (size_t k = 0; k < 2; k++) {
        zm_collection *coll = docs_collection(x->org, module_by_name(modules[k])->slot);
        for (size_t i = 0; i < coll->docs.n; i++) {
            const cJSON *rec = coll->docs.v[i]->json, *c;
            bool uses = !strcmp(rec_str(rec, "base_unit_id"), unit_id);
            cJSON_ArrayForEach(c, json_get(rec, "unit_conversions")) uses |= !strcmp(rec_str(c, "target_unit_id"), unit_id);
            if (!uses || !strcmp(coll->docs.v[i]->id, unit_id)) continue;
            snprintf(by, size, "%s %s", k ? "the unit group" : "the unit",
                     rec_str(rec, k ? "unit_group_name" : "name"));
            return true;
        }
    }
    return false;
}

bool units_deleting(zm_ctx *x, const zm_doc *d)
{
    char by[160], what[160], why[200];
    if (!needed(x, d->id, by, sizeof by)) return true;
    snprintf(what, sizeof what, "Unit %s", rec_str(d->json, "unit"));
    snprintf(why, sizeof why, "%s converts to it", by);
    reply_error(x->rep, ZE_IN_USE, what, why);
    return false;
}

void units_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    (void)d;
    bool with = true;
    if (x->op->kind == OP_LIST) {
        char buf[8];
        with = request_query(x->req, "include_unit_conversions", buf, sizeof buf) > 0 && !strcmp(buf, "true");
    }
    if (!with) json_set(out, "unit_conversions", cJSON_CreateArray());
    else name_targets(x, cJSON_GetObjectItemCaseSensitive(out, "unit_conversions"), false);
}

int units_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x, (void)d, (void)value;
    return strcmp(param, "include_unit_conversions") ? -1 : 1;   /* decides printing, not rows */
}

/* ------------------------------------------ /units/{unit_id}/unitconversions */

static const cJSON *answer_schema(const zm_ctx *x)
{
    return x->op->response_key ? spec_property(x->op->response, x->op->response_key) : NULL;
}

static void answer(zm_ctx *x, const cJSON *v)
{
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    if (!x->op->response_key) return;
    cJSON *out = schema_conform(v, answer_schema(x));
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, x->op->response_key, out);
}

/* Changes the unit's conversions to `conv` (taken) through the checks of
 * an update; false after replying (nothing changed). */
static bool save(zm_ctx *x, zm_doc *unit, cJSON *conv)
{
    cJSON *after = cJSON_Duplicate(unit->json, true);
    json_set(after, "unit_conversions", conv);
    if (!check_conversions(x, after, unit->id, json_get(unit->json, "unit_conversions"), NULL)) {
        cJSON_Delete(after);
        return false;
    }
    name_targets(x, cJSON_GetObjectItemCaseSensitive(after, "unit_conversions"), false);
    record_stamp(x, after, false);
    return engine_commit(x, unit, after);
}

/* The conversion the path names; NULL after replying. */
static cJSON *conversion(zm_ctx *x, zm_doc *unit, int *index)
{
    const char *id = request_param(x->req, "unit_conversion_id");
    int i = 0;
    cJSON *c;
    cJSON_ArrayForEach(c, json_get(unit->json, "unit_conversions")) {
        if (id && !strcmp(rec_str(c, "unit_conversion_id"), id)) {
            *index = i;
            return c;
        }
        i++;
    }
    reply_error(x->rep, ZE_NOT_FOUND, "Unit conversion");
    return NULL;
}

static void conversions_list(zm_ctx *x)
{
    zm_doc *unit = engine_find_doc(x);
    if (!unit) return;
    cJSON *conv = cJSON_Duplicate(json_get(unit->json, "unit_conversions"), true);
    name_targets(x, conv, false);
    answer(x, conv);
    cJSON_Delete(conv);
}

static void conversion_create(zm_ctx *x)
{
    zm_doc *unit = engine_find_doc(x);
    cJSON *body = unit ? request_body(x->req, x->rep, true) : NULL;
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    if (!*rec_str(body, "target_unit_id")) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "target_unit_id");
        return;
    }
    cJSON *conv = cJSON_Duplicate(json_get(unit->json, "unit_conversions"), true);
    cJSON *c = cJSON_CreateObject();
    json_add_str(c, "target_unit_id", rec_str(body, "target_unit_id"));
    cJSON_AddNumberToObject(c, "conversion_rate", rec_num(body, "conversion_rate"));
    cJSON_AddItemToArray(conv, c);
    if (!save(x, unit, conv)) return;
    cJSON *all = cJSON_GetObjectItemCaseSensitive(unit->json, "unit_conversions");
    answer(x, cJSON_GetArrayItem(all, cJSON_GetArraySize(all) - 1));
}

static void conversion_update(zm_ctx *x)
{
    zm_doc *unit = engine_find_doc(x);
    int index;
    cJSON *old = unit ? conversion(x, unit, &index) : NULL;
    cJSON *body = old ? request_body(x->req, x->rep, true) : NULL;
    if (!body || !schema_check_body(x->rep, x->op->body, body, false)) return;
    cJSON *conv = cJSON_Duplicate(json_get(unit->json, "unit_conversions"), true);
    cJSON *c = cJSON_GetArrayItem(conv, index);
    if (json_get(body, "target_unit_id")) rec_set_str(c, "target_unit_id", rec_str(body, "target_unit_id"));
    if (json_get(body, "conversion_rate")) rec_set_num(c, "conversion_rate", rec_num(body, "conversion_rate"));
    if (save(x, unit, conv)) answer(x, cJSON_GetArrayItem(json_get(unit->json, "unit_conversions"), index));
}

static void conversion_delete(zm_ctx *x)
{
    zm_doc *unit = engine_find_doc(x);
    int index;
    if (!unit || !conversion(x, unit, &index)) return;
    cJSON *conv = cJSON_Duplicate(json_get(unit->json, "unit_conversions"), true);
    cJSON_DeleteItemFromArray(conv, index);
    if (save(x, unit, conv)) reply_success(x->rep, x->op->status, engine_message(x->op));
}

const zm_special units_specials[] = {
    {"GET", "/units/{unit_id}/unitconversions", conversions_list},
    {"POST", "/units/{unit_id}/unitconversions", conversion_create},
    {"PUT", "/units/{unit_id}/unitconversions/{unit_conversion_id}", conversion_update},
    {"DELETE", "/units/{unit_id}/unitconversions/{unit_conversion_id}", conversion_delete},
    {NULL, NULL, NULL},
};

/* ----------------------------------------------------------- unit groups */

bool unitgroups_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) return true;
    if (settings_taken(x, record, "unit_group_name", existing)) return false;
    const char *base = rec_str(record, "base_unit_id");
    zm_doc *unit = module_find(x, "units", base);
    if (!unit) return bad(x, "base_unit_id");
    rec_set_str(record, "base_unit_name", rec_str(unit->json, "name"));
    rec_set_str(record, "base_unit", rec_str(unit->json, "unit"));
    rec_set_num(record, "base_unit_decimal", rec_num(unit->json, "quantity_decimal_place"));
    const char *self = existing ? existing->id : rec_str(record, "unit_group_id");
    if (!check_conversions(x, record, base, existing ? json_get(existing->json, "unit_conversions") : NULL, self))
        return false;
    name_targets(x, cJSON_GetObjectItemCaseSensitive(record, "unit_conversions"), true);
    return true;
}

void unitgroups_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    (void)d;
    name_targets(x, cJSON_GetObjectItemCaseSensitive(out, "unit_conversions"), true);
    rec_set_num(out, "unit_conversion_count", cJSON_GetArraySize(json_get(out, "unit_conversions")));
}

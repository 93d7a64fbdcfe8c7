/* reportingtags.c -- reporting tags: their options (with children), defaults, criteria on other tags' options, activation and order */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/settings_records.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. A tag (name once per organization) keeps its options in
 * its record: each a real element with its option_id, option_name (once
 * among its siblings), option_order, is_active, is_default (one default
 * per tag) and children of the same shape (one level, as Zoho's). PUT
 * .../options replaces the list: an option sent with its option_id is that
 * option (kept, its criteria too), one without is new. A criterion makes
 * an option available only with given options of another tag. Tags are
 * active when made; tag_order is their place in the list, changed by PUT
 * /reportingtags/reorder. */

static bool bad(zm_ctx *x, const char *field)
{
    reply_error(x->rep, ZE_INVALID_FIELD, field);
    return false;
}

bool reportingtags_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    if (x->op->kind == OP_ACTION) {
        rec_set_bool(record, "is_active", !strcmp(rec_str(record, "status"), "active"));
        return true;
    }
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) return true;
    if (settings_taken(x, record, "tag_name", existing)) return false;
    if (!existing) {
        rec_set_num(record, "tag_order", (double)x->coll->docs.n + 1);
        rec_set_bool(record, "is_active", true);
        rec_set_bool(record, "is_draft", false);
        rec_set_bool(record, "is_class", false);
        json_set(record, "options", cJSON_CreateArray());
    }
    return true;
}

/* ---------------------------------------------------------------- options */

/* Every option of the tag, children included, depth first. */
typedef void (*option_visit)(cJSON *option, int depth, void *arg);

static void each_option(cJSON *options, int depth, option_visit fn, void *arg)
{
    cJSON *o;
    cJSON_ArrayForEach(o, options) {
        fn(o, depth, arg);
        if (depth == 0) each_option(cJSON_GetObjectItemCaseSensitive(o, "children"), 1, fn, arg);
    }
}

typedef struct option_find {
    const char *id;
    cJSON *found;
} option_find;

static void match_option(cJSON *o, int depth, void *arg)
{
    (void)depth;
    option_find *f = arg;
    if (!f->found && !strcmp(rec_str(o, "option_id"), f->id)) f->found = o;
}

static cJSON *find_option(cJSON *tag, const char *option_id)
{
    option_find f = {option_id ? option_id : "", NULL};
    if (*f.id) each_option(cJSON_GetObjectItemCaseSensitive(tag, "options"), 0, match_option, &f);
    return f.found;
}

/* Builds the options `sent` (under parent, NULL at the top) over the
 * tag's current ones; NULL after replying. */
static cJSON *build_options(zm_ctx *x, cJSON *tag, const cJSON *sent, const cJSON *parent, int *defaults)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *s;
    int order = 0;
    cJSON_ArrayForEach(s, sent) {
        const char *name = rec_str(s, "option_name"), *id = rec_str(s, "option_id");
        bool ok = *name != '\0';
        const cJSON *o;
        cJSON_ArrayForEach(o, out) ok &= strcasecmp(rec_str(o, "option_name"), name) != 0;
        cJSON *old = *id ? find_option(tag, id) : NULL;
        if (!ok || (*id && !old)) {
            cJSON_Delete(out);
            bad(x, !ok ? "option_name" : "option_id");
            return NULL;
        }
        cJSON *e = cJSON_CreateObject();
        zm_id fresh;
        if (!old) org_new_id(x->org, fresh);
        json_add_str(e, "option_id", old ? id : fresh);
        json_add_str(e, "option_name", name);
        cJSON_AddNumberToObject(e, "option_order", ++order);
        json_add_str(e, "parent_id", parent ? rec_str(parent, "option_id") : "");
        json_add_str(e, "parent_name", parent ? rec_str(parent, "option_name") : "");
        const cJSON *active = json_get(s, "is_active");
        cJSON_AddBoolToObject(e, "is_active", active ? cJSON_IsTrue(active) : !old || cJSON_IsTrue(json_get(old, "is_active")));
        bool is_default = cJSON_IsTrue(json_get(s, "is_default"));
        *defaults += is_default;
        cJSON_AddBoolToObject(e, "is_default", is_default);
        const cJSON *criteria = json_get(old, "criteria");
        if (criteria) cJSON_AddItemToObject(e, "criteria", cJSON_Duplicate(criteria, true));
        cJSON_AddItemToArray(out, e);
        if (!parent) {
            cJSON *children = build_options(x, tag, json_get(s, "children"), e, defaults);
            if (!children) {
                cJSON_Delete(out);
                return NULL;
            }
            cJSON_AddItemToObject(e, "children", children);
        }
    }
    return out;
}

/* The tag the path names ({tag_id}: some of these operations are not
 * classified as the tag's own, so the engine knows no id parameter). */
static zm_doc *tag_of(zm_ctx *x)
{
    const char *id = request_param(x->req, "tag_id");
    zm_doc *d = id ? docs_find(x->coll, id) : NULL;
    if (!d) reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
    return d;
}

static void done(zm_ctx *x)
{
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

/* Keeps `after` as the tag's record (taken). */
static bool keep(zm_ctx *x, zm_doc *tag, cJSON *after)
{
    record_stamp(x, after, false);
    return engine_commit(x, tag, after);
}

/* PUT /reportingtags/{tag_id}/options */
static void options_update(zm_ctx *x)
{
    zm_doc *tag = tag_of(x);
    cJSON *body = tag ? request_body(x->req, x->rep, true) : NULL;
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    int defaults = 0;
    cJSON *after = cJSON_Duplicate(tag->json, true);
    cJSON *options = build_options(x, after, json_get(body, "options"), NULL, &defaults);
    if (!options || defaults > 1) {
        cJSON_Delete(options);
        cJSON_Delete(after);
        if (options) bad(x, "is_default");
        return;
    }
    json_set(after, "options", options);
    if (keep(x, tag, after)) done(x);
}

/* PUT /reportingtags/{tag_id}/criteria */
static void criteria_update(zm_ctx *x)
{
    zm_doc *tag = tag_of(x);
    cJSON *body = tag ? request_body(x->req, x->rep, true) : NULL;
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    const cJSON *ct;
    cJSON_ArrayForEach(ct, json_get(body, "criteria_tags")) {
        const char *other = rec_str(ct, "tag_id");
        if (!strcmp(other, tag->id) || !docs_find(x->coll, other)) {
            bad(x, "tag_id");
            return;
        }
    }
    cJSON *after = cJSON_Duplicate(tag->json, true);
    const cJSON *o;
    cJSON_ArrayForEach(o, json_get(body, "options")) {
        cJSON *option = find_option(after, rec_str(o, "option_id"));
        const cJSON *c = cJSON_GetArrayItem(json_get(o, "criteria_options"), 0);
        zm_doc *other = c ? docs_find(x->coll, rec_str(c, "tag_id")) : NULL;
        bool ok = option && (!c || other);
        const cJSON *wanted = c ? json_get(c, "options") : NULL, *id;
        cJSON_ArrayForEach(id, wanted) ok &= other && cJSON_IsString(id) && find_option(other->json, id->valuestring) != NULL;
        if (!ok) {
            cJSON_Delete(after);
            bad(x, option ? "criteria_options" : "option_id");
            return;
        }
        cJSON *crit = cJSON_CreateObject();
        zm_id cid;
        org_new_id(x->org, cid);
        json_add_str(crit, "criteria_id", cid);
        json_add_str(crit, "tag_id", c ? other->id : "");
        json_add_str(crit, "type", c ? rec_str(c, "type") : "");
        cJSON_AddItemToObject(crit, "options", wanted ? cJSON_Duplicate(wanted, true) : cJSON_CreateArray());
        json_set(option, "criteria", crit);
    }
    if (keep(x, tag, after)) done(x);
}

/* POST /reportingtags/{tag_id}?default_option_id= */
static void mark_default(zm_ctx *x)
{
    zm_doc *tag = tag_of(x);
    if (!tag) return;
    char id[64];
    int n = request_query(x->req, "default_option_id", id, sizeof id);
    if (n <= 0) {
        reply_error(x->rep, n == -2 ? ZE_INVALID_PARAM : ZE_PARAM_MANDATORY, "default_option_id");
        return;
    }
    cJSON *after = cJSON_Duplicate(tag->json, true);
    cJSON *chosen = find_option(after, id);
    if (!chosen) {
        cJSON_Delete(after);
        reply_error(x->rep, ZE_INVALID_PARAM, "default_option_id");
        return;
    }
    cJSON *o;
    cJSON_ArrayForEach(o, json_get(after, "options")) {
        rec_set_bool(o, "is_default", o == chosen);
        cJSON *c;
        cJSON_ArrayForEach(c, json_get(o, "children")) rec_set_bool(c, "is_default", c == chosen);
    }
    if (keep(x, tag, after)) done(x);
}

/* POST /reportingtags/{tag_id}/option/{option_id}/active|inactive */
static void option_status(zm_ctx *x)
{
    zm_doc *tag = tag_of(x);
    if (!tag) return;
    cJSON *after = cJSON_Duplicate(tag->json, true);
    cJSON *option = find_option(after, request_param(x->req, "option_id"));
    if (!option) {
        cJSON_Delete(after);
        reply_error(x->rep, ZE_NOT_FOUND, "Option");
        return;
    }
    rec_set_bool(option, "is_active", !strcmp(x->op->path + strlen(x->op->path) - 7, "/active"));
    if (keep(x, tag, after)) done(x);
}

/* GET /reportingtags/options?tag_id=: the tag and its options, flat. */
static void options_of_tag(zm_ctx *x)
{
    char id[64];
    int n = request_query(x->req, "tag_id", id, sizeof id);
    zm_doc *tag = n > 0 ? docs_find(x->coll, id) : NULL;
    if (n <= 0) {
        reply_error(x->rep, n == -2 ? ZE_INVALID_PARAM : ZE_PARAM_MANDATORY, "tag_id");
        return;
    }
    if (!tag) {
        reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
        return;
    }
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    cJSON *flat = cJSON_CreateObject();
    static const char *const fields[] = {"tag_id", "tag_name", "description"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) json_add_str(flat, fields[i], rec_str(tag->json, fields[i]));
    cJSON_AddBoolToObject(flat, "is_class", false);
    cJSON_AddBoolToObject(flat, "is_draft", false);
    cJSON_AddItemToObject(flat, "options", cJSON_Duplicate(json_get(tag->json, "options"), true));
    cJSON_AddItemToObject(flat, "dependent_tags", cJSON_CreateArray());
    cJSON *pc = cJSON_AddObjectToObject(flat, "page_context");
    cJSON_AddNumberToObject(pc, "page", 1);
    cJSON_AddNumberToObject(pc, "per_page", 200);
    cJSON_AddBoolToObject(pc, "has_more_page", false);
    cJSON *out = schema_conform(flat, x->op->response);
    cJSON_Delete(flat);
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON *m;
    while ((m = out->child)) {
        cJSON_DetachItemViaPointer(out, m);
        if (!strcmp(m->string, "code") || !strcmp(m->string, "message")) cJSON_Delete(m);
        else cJSON_AddItemToObject(body, m->string, m);
    }
    cJSON_Delete(out);
}

typedef struct flat_list {
    cJSON *rows;
} flat_list;

static void add_row(cJSON *o, int depth, void *arg)
{
    flat_list *f = arg;
    cJSON *r = cJSON_CreateObject();
    json_add_str(r, "option_id", rec_str(o, "option_id"));
    json_add_str(r, "option_name", rec_str(o, "option_name"));
    cJSON_AddNumberToObject(r, "depth", depth);
    cJSON_AddItemToArray(f->rows, r);
}

/* GET /reportingtags/{tag_id}/options/all: every option, depth first. */
static void all_options(zm_ctx *x)
{
    zm_doc *tag = tag_of(x);
    if (!tag) return;
    flat_list f = {cJSON_CreateArray()};
    each_option(cJSON_GetObjectItemCaseSensitive(tag->json, "options"), 0, add_row, &f);
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    if (x->org->numeric_ids) engine_numeric_ids(f.rows);
    cJSON_AddItemToObject(body, "results", f.rows);
}

static int by_order(const void *a, const void *b)
{
    double oa = rec_num((*(zm_doc *const *)a)->json, "tag_order"), ob = rec_num((*(zm_doc *const *)b)->json, "tag_order");
    return (oa > ob) - (oa < ob);
}

/* PUT /reportingtags/reorder {"tag_ids": [...]}: those first, in that order. */
static void reorder(zm_ctx *x)
{
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    const cJSON *ids = json_get(body, "tag_ids"), *id;
    if (cJSON_GetArraySize(ids) == 0) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "tag_ids");
        return;
    }
    cJSON_ArrayForEach(id, ids) {
        if (!cJSON_IsString(id) || !docs_find(x->coll, id->valuestring)) {
            bad(x, "tag_ids");
            return;
        }
    }
    size_t n = x->coll->docs.n;
    zm_doc **order = xcalloc(n ? n : 1, sizeof *order);
    size_t k = 0;
    cJSON_ArrayForEach(id, ids) {
        zm_doc *d = docs_find(x->coll, id->valuestring);
        bool seen = false;
        for (size_t i = 0; i < k; i++) seen |= order[i] == d;
        if (!seen) order[k++] = d;
    }
    zm_doc **rest = xcalloc(n ? n : 1, sizeof *rest);
    size_t r = 0;
    for (size_t i = 0; i < n; i++) {
        bool listed = false;
        for (size_t j = 0; j < k; j++) listed |= order[j] == x->coll->docs.v[i];
        if (!listed) rest[r++] = x->coll->docs.v[i];
    }
    qsort(rest, r, sizeof *rest, by_order);
    for (size_t i = 0; i < r; i++) order[k++] = rest[i];
    cJSON *body_out = reply_success(x->rep, x->op->status, engine_message(x->op));
    cJSON *tags = cJSON_AddArrayToObject(body_out, "tags");
    const cJSON *row = schema_items(spec_property(x->op->response, "tags"));
    for (size_t i = 0; i < k; i++) {
        rec_set_num(order[i]->json, "tag_order", (double)i + 1);
        cJSON *e = schema_project(order[i]->json, row);
        if (x->org->numeric_ids) engine_numeric_ids(e);
        cJSON_AddItemToArray(tags, e);
    }
    free(order);
    free(rest);
}

const zm_special reportingtags_specials[] = {
    {"PUT", "/reportingtags/{tag_id}/options", options_update},
    {"PUT", "/reportingtags/{tag_id}/criteria", criteria_update},
    {"POST", "/reportingtags/{tag_id}", mark_default},
    {"POST", "/reportingtags/{tag_id}/option/{option_id}/active", option_status},
    {"POST", "/reportingtags/{tag_id}/option/{option_id}/inactive", option_status},
    {"GET", "/reportingtags/options", options_of_tag},
    {"GET", "/reportingtags/{tag_id}/options/all", all_options},
    {"PUT", "/reportingtags/reorder", reorder},
    {NULL, NULL, NULL},
};

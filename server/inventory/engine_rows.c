/* engine_rows.c -- a list row of a record: the row schema's members of the printed record, live figures, rows kept as text and written straight from records */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. A row is what the list operation documents of the record
 * as the module prints it (engine_print: live figures a print hook adds,
 * ids as numbers in a numeric_ids organization), projected on the row
 * schema (schema_project), plus the live figures and the members the
 * module names in row_extras. A module without a print hook prints the
 * record alone: its rows are written straight from the record to text
 * and kept with it (zm_doc.row) until the record is handed out again
 * (model/docs.h), so a page printed before costs a copy. */

static bool is_row_extra(const zm_module *mod, const char *name)
{
    for (size_t i = 0; i < 8 && mod->row_extras[i]; i++)
        if (!strcmp(mod->row_extras[i], name)) return true;
    return false;
}

/* Whether obj has a member `name`; *cursor walks obj's members alongside
 * a walk of another object with (mostly) the same members in the same
 * order, so that the usual answer costs one comparison. */
static bool has_member(const cJSON *obj, const cJSON **cursor, const char *name)
{
    if (*cursor && !strcmp((*cursor)->string, name)) {
        *cursor = (*cursor)->next;
        return true;
    }
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (m) *cursor = m->next;
    return m != NULL;
}

/* schema_project(value, the module's row schema), the properties found
 * by a hash instead of a walk of the schema per member. */
static cJSON *project_row(const zm_module *mod, const cJSON *value)
{
    if (!cJSON_IsObject(value) || !engine_row_properties_known(mod)) return schema_project(value, mod->row_schema);
    cJSON *out = cJSON_CreateObject();
    const cJSON *m;
    cJSON_ArrayForEach(m, value) {
        const cJSON *ps = m->string ? engine_row_property(mod, m->string, NULL) : NULL;
        if (ps) cJSON_AddItemToObject(out, m->string, schema_conform_member(m, ps));
    }
    return out;
}

/* Members the module's print hook added (live figures: an item's
 * stock_on_hand) are not part of the record, so the row schema may not
 * declare them: a list row keeps them all the same, and the record
 * members the module names in row_extras. (A member of full is in the row
 * exactly when the row schema declares it: the row is full projected.) */
static void keep_live_figures(const zm_module *mod, cJSON *row, const cJSON *full, const cJSON *record)
{
    const cJSON *m, *in_record = record ? record->child : NULL;
    bool known = engine_row_properties_known(mod);
    cJSON_ArrayForEach(m, full) {
        if (!m->string) continue;
        if (known ? engine_row_property(mod, m->string, NULL) != NULL : json_get(row, m->string) != NULL) continue;
        if (has_member(record, &in_record, m->string) && !is_row_extra(mod, m->string)) continue;
        cJSON_AddItemToObject(row, m->string, cJSON_Duplicate(m, true));
    }
}

/* A list row of d: the row schema's members of the printed record (and
 * the live figures, the row extras). A module without a print hook prints
 * the record as it is: projected straight from it, not from a copy. */
static cJSON *print_row(zm_ctx *x, const zm_doc *d)
{
    const zm_module *mod = x->mod;
    if (!mod->row_schema) return engine_print(x, d, NULL);
    if (mod->print || x->org->numeric_ids) {
        cJSON *full = engine_print(x, d, NULL);
        cJSON *row = project_row(mod, full);
        keep_live_figures(mod, row, full, d->json);
        cJSON_Delete(full);
        return row;
    }
    cJSON *row = project_row(mod, d->json);
    const cJSON *m;
    cJSON_ArrayForEach(m, d->json) {
        if (m->string && is_row_extra(mod, m->string) && !json_get(row, m->string))
            cJSON_AddItemToObject(row, m->string, cJSON_Duplicate(m, true));
    }
    return row;
}

/* Whether schema_conform_member(v, a property of this kind) is v printed
 * as it is: a text, a boolean, a number short of the 16 digits printed as
 * an exact id (and whole where the property is an integer). */
static bool conforms_as_is(const cJSON *v, zm_row_kind kind)
{
    switch (kind) {
    case ROW_ANY: return true;
    case ROW_STRING: return cJSON_IsString(v) && v->valuestring;
    case ROW_BOOLEAN: return cJSON_IsBool(v);
    case ROW_NUMBER:
    case ROW_INTEGER:
        return cJSON_IsNumber(v) && fabs(v->valuedouble) < 1e15 &&
               (kind == ROW_NUMBER || v->valuedouble == round(v->valuedouble));
    default: return false;
    }
}

/* print_row of a module without a print hook (and not numeric_ids),
 * written straight to text: members that already conform are printed
 * from the record, the others conformed one by one. */
/* What the previous row's members were found to be, by place: records of
 * a module mostly list the same members in the same order, so the next
 * row's member at the same place is usually known by one comparison. The
 * names are the previous records' own: a plan lives for one list call. */
struct zm_row_plan {
    struct planned {
        const char *name;
        const cJSON *ps;
        zm_row_kind kind;
    } *v;
    size_t cap;
};

static const cJSON *planned_property(const zm_module *mod, zm_row_plan *plan, size_t at, const char *name,
                                     zm_row_kind *kind)
{
    if (!plan) return engine_row_property(mod, name, kind);
    if (at < plan->cap && plan->v[at].name && !strcmp(plan->v[at].name, name)) {
        *kind = plan->v[at].kind;
        return plan->v[at].ps;
    }
    if (at >= plan->cap) {
        size_t cap = plan->cap ? plan->cap * 2 : 64;
        while (cap <= at) cap *= 2;
        plan->v = xrealloc(plan->v, cap * sizeof *plan->v);
        memset(plan->v + plan->cap, 0, (cap - plan->cap) * sizeof *plan->v);
        plan->cap = cap;
    }
    const cJSON *ps = engine_row_property(mod, name, kind);
    plan->v[at] = (struct planned){name, ps, *kind};
    return ps;
}

zm_row_plan *engine_row_plan_new(void)
{
    return xcalloc(1, sizeof(zm_row_plan));
}

void engine_row_plan_free(zm_row_plan *plan)
{
    if (!plan) return;
    free(plan->v);
    free(plan);
}

static void write_row(const zm_module *mod, const zm_doc *d, zm_row_plan *plan, zm_json_buf *b)
{
    json_buf_append_text(b, "{", 1);
    bool first = true;
    const cJSON *m;
    size_t at = 0;
    cJSON_ArrayForEach(m, d->json) {
        zm_row_kind kind = ROW_OTHER;
        const cJSON *ps = m->string ? planned_property(mod, plan, at++, m->string, &kind) : NULL;
        if (!ps) continue;
        if (!first) json_buf_append_text(b, ",", 1);
        first = false;
        if (conforms_as_is(m, kind)) {
            json_buf_append_member(b, m->string, m);
        } else {
            cJSON *v = schema_conform_member(m, ps);
            json_buf_append_member(b, m->string, v);
            cJSON_Delete(v);
        }
    }
    cJSON_ArrayForEach(m, d->json) {
        if (!m->string || !is_row_extra(mod, m->string) || engine_row_property(mod, m->string, NULL)) continue;
        if (!first) json_buf_append_text(b, ",", 1);
        first = false;
        json_buf_append_member(b, m->string, m);
    }
    json_buf_append_text(b, "}", 1);
}

void engine_append_row(zm_ctx *x, zm_doc *d, bool keep, zm_row_plan *plan, zm_json_buf *b)
{
    bool keeps = keep && !x->mod->print && !x->org->numeric_ids && !d->handed_out;
    if (keeps && d->row) {
        json_buf_append_text(b, d->row, d->row_len);
        return;
    }
    size_t start = b->len;
    if (keeps && engine_row_properties_known(x->mod) && cJSON_IsObject(d->json)) {
        write_row(x->mod, d, plan, b);
    } else {
        cJSON *row = print_row(x, d);
        json_buf_append(b, row);
        cJSON_Delete(row);
    }
    if (keeps) {
        d->row_len = b->len - start;
        d->row = xstrndup(b->buf + start, d->row_len);
    }
}

const zm_doc *engine_list_stale_row(zm_org *org, const zm_module **module)
{
    for (zm_module *const *mp = g_modules; *mp; mp++) {
        zm_module *m = *mp;
        zm_collection *c = org->collections[m->slot];
        if (m->print || !c) continue;
        zm_ctx x = {NULL, NULL, org, NULL, m, c};
        for (size_t i = 0; i < c->docs.n; i++) {
            zm_doc *d = c->docs.v[i];
            if (!d->row) continue;
            zm_json_buf b = {NULL, 0, 0};
            cJSON *row = print_row(&x, d);
            json_buf_append(&b, row);
            cJSON_Delete(row);
            bool same = b.len == d->row_len && !memcmp(b.buf, d->row, b.len);
            free(b.buf);
            if (!same) {
                *module = m;
                return d;
            }
        }
    }
    return NULL;
}

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
 * (model/docs.h), so a page printed before costs a copy.
 *
 * A module whose print hook says what else it reads (module.h row_state,
 * list_state: an item's stock rows, the organization's locations) keeps
 * its rows too, each with the row_state it was printed from and its
 * collection's row_epoch. Each list call reads list_state once
 * (engine_row_plan_new) and moves the epoch on when it changed; a kept row
 * is written again only while its epoch is the collection's and its
 * row_state is byte for byte the record's now, else printed afresh. */

/* Whether a list row needs the module's print hook: it has one, and the
 * row schema declares a member the hook sets (any, when it does not say). */
static bool row_needs_print(const zm_module *mod)
{
    if (!mod->print) return false;
    if (!mod->print_sets[0] || !engine_row_properties_known(mod)) return true;
    for (size_t i = 0; i < 8 && mod->print_sets[i]; i++)
        if (engine_row_property(mod, mod->print_sets[i], NULL)) return true;
    return false;
}

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
    if (row_needs_print(mod) || x->org->numeric_ids) {
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
    bool states_read;           /* the collection's list_state was read for this call */
    zm_json_buf state;          /* the row_state of the row in hand */
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

/* Whether the module's rows can be kept: printed from the record alone,
 * or its print hook says what else it reads. */
static bool rows_keepable(const zm_module *mod)
{
    return !row_needs_print(mod) || mod->row_state;
}

/* The module's list_state now (empty when it declares none); the caller
 * frees out->buf. */
static void read_list_state(zm_ctx *x, zm_json_buf *out)
{
    memset(out, 0, sizeof *out);
    if (x->mod->list_state) x->mod->list_state(x, out);
}

static bool same_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && (!alen || !memcmp(a, b, alen));
}

zm_row_plan *engine_row_plan_new(zm_ctx *x)
{
    zm_row_plan *plan = xcalloc(1, sizeof(zm_row_plan));
    zm_collection *c = x->coll;
    if (!row_needs_print(x->mod) || !x->mod->row_state || !c) return plan;
    zm_json_buf now;
    read_list_state(x, &now);
    if (same_bytes(now.buf, now.len, c->list_state, c->list_state_len)) {
        free(now.buf);
    } else {
        free(c->list_state);
        c->list_state = now.buf;
        c->list_state_len = now.len;
        c->row_epoch++;
    }
    plan->states_read = true;
    return plan;
}

void engine_row_plan_free(zm_row_plan *plan)
{
    if (!plan) return;
    free(plan->v);
    free(plan->state.buf);
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

/* Whether d's kept row was printed from the state it has now: the
 * collection's row_epoch and the record's row_state (NULL: a module
 * without a print hook, whose row reads the record alone). */
static bool kept_row_current(const zm_collection *c, const zm_doc *d, const zm_json_buf *state)
{
    if (!state) return true;
    return d->row_epoch == c->row_epoch &&
           same_bytes(d->row + d->row_len + 1, d->row_state_len, state->buf, state->len);
}

/* Keeps b[start..] as d's row, with the state it was printed from. */
static void keep_row(zm_ctx *x, zm_doc *d, const zm_json_buf *b, size_t start, const zm_json_buf *state)
{
    size_t len = b->len - start, extra = state ? state->len : 0;
    free(d->row);
    d->row = xmalloc(len + 1 + extra);
    memcpy(d->row, b->buf + start, len);
    d->row[len] = '\0';
    if (extra) memcpy(d->row + len + 1, state->buf, extra);
    d->row_len = len;
    d->row_state_len = extra;
    d->row_epoch = x->coll->row_epoch;
}

void engine_append_row(zm_ctx *x, zm_doc *d, bool keep, zm_row_plan *plan, zm_json_buf *b)
{
    const zm_module *mod = x->mod;
    bool printed = row_needs_print(mod);
    bool keeps = keep && rows_keepable(mod) && !x->org->numeric_ids && !d->handed_out &&
                 (!printed || (plan && plan->states_read));
    zm_json_buf *state = NULL;
    if (keeps && printed) {
        state = &plan->state;
        state->len = 0;
        mod->row_state(x, d, state);
    }
    if (keeps && d->row && kept_row_current(x->coll, d, state)) {
        json_buf_append_text(b, d->row, d->row_len);
        return;
    }
    size_t start = b->len;
    if (keeps && !printed && engine_row_properties_known(mod) && cJSON_IsObject(d->json)) {
        write_row(mod, d, plan, b);
    } else {
        cJSON *row = print_row(x, d);
        json_buf_append(b, row);
        cJSON_Delete(row);
    }
    if (keeps) keep_row(x, d, b, start, state);
}

/* d's row as print_row makes it now, as text (the caller frees it). */
static char *row_now(zm_ctx *x, const zm_doc *d, size_t *len)
{
    zm_json_buf b = {NULL, 0, 0};
    cJSON *row = print_row(x, d);
    json_buf_append(&b, row);
    cJSON_Delete(row);
    *len = b.len;
    return b.buf;
}

/* The first record of the module whose kept row would be written again
 * (kept_row_current) but is not what it prints now. */
static const zm_doc *stale_row_of(zm_org *org, const zm_module *m, zm_collection *c)
{
    zm_ctx x = {NULL, NULL, org, m->list_op, m, c};
    zm_json_buf state = {NULL, 0, 0};
    bool printed = row_needs_print(m);
    if (printed) {
        /* A changed list_state drops every row at the next list. */
        zm_json_buf now;
        read_list_state(&x, &now);
        bool same = same_bytes(now.buf, now.len, c->list_state, c->list_state_len);
        free(now.buf);
        if (!same) return NULL;
    }
    const zm_doc *stale = NULL;
    for (size_t i = 0; i < c->docs.n && !stale; i++) {
        zm_doc *d = c->docs.v[i];
        if (!d->row) continue;
        if (printed) {
            state.len = 0;
            m->row_state(&x, d, &state);
            if (!kept_row_current(c, d, &state)) continue;
        }
        size_t len;
        char *text = row_now(&x, d, &len);
        if (len != d->row_len || memcmp(text, d->row, len)) stale = d;
        free(text);
    }
    free(state.buf);
    return stale;
}

const zm_doc *engine_list_stale_row(zm_org *org, const zm_module **module)
{
    for (zm_module *const *mp = g_modules; *mp; mp++) {
        zm_module *m = *mp;
        zm_collection *c = org->collections[m->slot];
        if (!c || !rows_keepable(m) || (row_needs_print(m) && !m->list_op)) continue;
        const zm_doc *d = stale_row_of(org, m, c);
        if (d) {
            *module = m;
            return d;
        }
    }
    return NULL;
}

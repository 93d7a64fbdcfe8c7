/* engine.c -- the generic engine: every documented Zoho operation answered from the module table and Zoho's facts */
#include "inventory/engine.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/doc_print.h"
#include "inventory/engine_impl.h"
#include "inventory/stock_guard.h"
#include "util/alloc.h"
#include "util/vec.h"
#include "zoho/fields.h"
#include "zoho/schema.h"

/* ------------------------------------------------------------- start-up */

static const zm_module **op_modules;    /* by spec index */
static bool ready;
static bool check_tables;               /* ZOHO_MOCK_CHECK_TABLES=1: after every call (tests) */

/* The record schema under the answer's key of an operation. */
static const cJSON *answer_schema(const zm_op *op)
{
    if (!op || !op->response) return NULL;
    if (op->response_flat) return op->response;
    if (!op->response_key) return NULL;
    return spec_property(op->response, op->response_key);
}

static const zm_op *find_kind(const zm_module *m, zm_op_kind kind)
{
    for (size_t i = 0; i < spec_count(); i++) {
        const zm_op *op = spec_op(i);
        if (op->kind == kind && op_modules[i] == m && !strcmp(op->collection, m->collections[0])) return op;
    }
    return NULL;
}

int engine_init(char *err, size_t errlen)
{
    if (ready) return 0;
    op_modules = xcalloc(spec_count() + 1, sizeof *op_modules);
    for (size_t i = 0; i < spec_count(); i++) op_modules[i] = module_for_collection(spec_op(i)->collection);
    int slot = 0;
    for (zm_module *const *mp = g_modules; *mp; mp++) {
        zm_module *m = *mp;
        if (slot >= DOCS_MAX_MODULES) {
            snprintf(err, errlen, "more than %d modules", DOCS_MAX_MODULES);
            return -1;
        }
        m->slot = slot++;
        const zm_op *get = find_kind(m, OP_GET), *create = find_kind(m, OP_CREATE);
        const zm_op *list = find_kind(m, OP_LIST), *update = find_kind(m, OP_UPDATE);
        const cJSON *rs = answer_schema(get);
        if (!spec_type(rs)) rs = answer_schema(create);
        if (!spec_type(rs)) rs = answer_schema(update);
        if (rs && spec_type(rs) && !strcmp(spec_type(rs), "array")) rs = schema_items(rs);
        m->record_schema = rs;
        const cJSON *ls = answer_schema(list);
        m->row_schema = ls && spec_type(ls) && !strcmp(spec_type(ls), "array") ? schema_items(ls) : NULL;
        m->list_op = list;
        engine_index_define(m, list);
    }
    const char *check = getenv("ZOHO_MOCK_CHECK_TABLES");
    check_tables = check && !strcmp(check, "1");
    ready = true;
    return 0;
}

const char *engine_route_name(const zm_op *op)
{
    static VEC(char *) names;
    const zm_module *m = module_for_collection(op->collection);
    char base[96], action[160];
    snprintf(base, sizeof base, "%s", m ? m->name : op->collection);
    for (char *p = base; *p; p++) if (*p == '/') *p = '_';
    static const char *const crud[] = {"create", "list", "get", "update", "delete", "bulk_delete", "bulk_update"};
    switch (op->kind) {
    case OP_ACTION: snprintf(action, sizeof action, "%s", op->verb ? op->verb : "action"); break;
    case OP_BULK_ACTION: snprintf(action, sizeof action, "bulk_%s", op->verb ? op->verb : "action"); break;
    case OP_SUB_LIST: snprintf(action, sizeof action, "%s_list", op->sub); break;
    case OP_SUB_CREATE: snprintf(action, sizeof action, "%s_create", op->sub); break;
    case OP_SUB_GET: snprintf(action, sizeof action, "%s_get", op->sub); break;
    case OP_SUB_UPDATE: snprintf(action, sizeof action, "%s_update", op->sub); break;
    case OP_SUB_DELETE: snprintf(action, sizeof action, "%s_delete", op->sub); break;
    case OP_OTHER:
        /* The path after the module's collection, e.g. "transactions/salesorders". */
        if (op->verb) snprintf(action, sizeof action, "%s", op->verb);
        else snprintf(action, sizeof action, "%s", op->method);
        break;
    default: snprintf(action, sizeof action, "%s", crud[op->kind]); break;
    }
    for (char *p = action; *p; p++) {
        if (*p == '/' || *p == '{' || *p == '}' || *p == '-') *p = '_';
        *p = (char)tolower((unsigned char)*p);
    }
    /* A collection served by a module under another name keeps it in the
     * name ("items/serialnumbers" -> serialnumbers.list; "/itemdetails" ->
     * items.itemdetails). */
    char *name;
    if (m && strcmp(op->collection, m->collections[0]) != 0 && op->kind == OP_OTHER && !op->verb) {
        const char *last = strrchr(op->collection, '/');
        name = xasprintf("%s.%s", base, last ? last + 1 : op->collection);
    } else {
        name = xasprintf("%s.%s", base, action);
    }
    for (char *p = name; *p; p++) if (*p == '{' || *p == '}') *p = '_';
    /* Two documented operations that would share a name get the method. */
    for (size_t i = 0; i < names.n; i++) {
        if (strcmp(names.v[i], name) == 0) {
            char *longer = xasprintf("%s_%s", name, op->method);
            for (char *p = strrchr(longer, '_'); *p; p++) *p = (char)tolower((unsigned char)*p);
            free(name);
            name = longer;
            break;
        }
    }
    VEC_PUSH(names, name);
    return name;
}

/* -------------------------------------------------------------- helpers */

const char *engine_message(const zm_op *op)
{
    return op && op->message ? op->message : "success";
}

zm_doc *engine_find_doc(zm_ctx *x)
{
    const char *id = x->op->id_param ? request_param(x->req, x->op->id_param) : NULL;
    zm_doc *d = id ? docs_find(x->coll, id) : NULL;
    if (!d) reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
    return d;
}

static bool digits(const char *s)
{
    if (!*s || strlen(s) > 19) return false;
    for (; *s; s++) if (!isdigit((unsigned char)*s)) return false;
    return true;
}

void engine_numeric_ids(cJSON *v)
{
    cJSON *m;
    cJSON_ArrayForEach(m, v) {
        if (cJSON_IsString(m) && m->string && strlen(m->string) > 3 &&
            !strcmp(m->string + strlen(m->string) - 3, "_id") && digits(m->valuestring)) {
            const char *p = m->valuestring;
            while (*p == '0' && p[1]) p++;
            char *raw = xstrdup(p);
            free(m->valuestring);
            m->valuestring = raw;
            m->type = cJSON_Raw;
        } else if (cJSON_IsObject(m) || cJSON_IsArray(m)) {
            engine_numeric_ids(m);
        }
    }
}

cJSON *engine_print(zm_ctx *x, const zm_doc *d, const cJSON *schema)
{
    const cJSON *src = d->json;
    cJSON *overlay = NULL;
    if (x->mod->print) {
        overlay = cJSON_Duplicate(d->json, true);
        x->mod->print(x, d, overlay);
        src = overlay;
    }
    cJSON *out;
    if (schema) out = schema_conform(src, schema);
    else if (overlay) out = overlay, overlay = NULL;    /* already a copy */
    else out = cJSON_Duplicate(src, true);
    cJSON_Delete(overlay);
    if (x->org->numeric_ids) engine_numeric_ids(out);
    return out;
}

void engine_answer_flat(cJSON *body, cJSON *rec)
{
    cJSON *m;
    while ((m = rec->child)) {
        cJSON_DetachItemViaPointer(rec, m);
        if (!strcmp(m->string, "code") || !strcmp(m->string, "message")) cJSON_Delete(m);
        else cJSON_AddItemToObject(body, m->string, m);
    }
    cJSON_Delete(rec);
}

void engine_answer_record(zm_ctx *x, const zm_doc *d)
{
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    const cJSON *schema = answer_schema(x->op);
    if (schema && spec_type(schema) && !strcmp(spec_type(schema), "array")) schema = schema_items(schema);
    if (!schema) schema = x->mod->record_schema;
    cJSON *rec = engine_print(x, d, schema);
    if (x->op->response_flat) {
        engine_answer_flat(body, rec);
        return;
    }
    const char *key = x->op->response_key ? x->op->response_key : x->mod->name;
    cJSON_AddItemToObject(body, key, rec);
}

static bool same_move(const zm_stock_move *a, const zm_stock_move *b)
{
    if (strcmp(a->item_id, b->item_id) || strcmp(a->location_id, b->location_id) || strcmp(a->storage_id, b->storage_id) ||
        a->physical != b->physical || a->accounting != b->accounting || a->committed != b->committed ||
        a->serials.n != b->serials.n || a->batches.n != b->batches.n)
        return false;
    for (size_t k = 0; k < a->serials.n; k++)
        if (strcmp(a->serials.v[k], b->serials.v[k]) != 0) return false;
    for (size_t k = 0; k < a->batches.n; k++)
        if (strcmp(a->batches.v[k].batch_number, b->batches.v[k].batch_number) != 0 ||
            a->batches.v[k].quantity != b->batches.v[k].quantity)
            return false;
    return true;
}

/* Whether mv, times sign, takes stock out of its place (the ledger's
 * direction: physical stock first, then accounting, then batches). */
static bool move_leaves(const zm_stock_move *mv, double sign)
{
    if (mv->physical != 0) return sign * mv->physical < 0;
    if (mv->accounting != 0) return sign * mv->accounting < 0;
    return mv->batches.n && sign * mv->batches.v[0].quantity < 0;
}

/* Appends mv (times sign) to out, with its serials and batches. */
static void append_move(zm_stock_moves *out, const zm_stock_move *f, double sign)
{
    zm_stock_move *mv = moves_add(out, f->item_id, f->location_id, f->storage_id, sign * f->physical,
                                  sign * f->accounting, sign * f->committed);
    for (size_t k = 0; k < f->serials.n; k++) move_add_serial(mv, f->serials.v[k]);
    for (size_t k = 0; k < f->batches.n; k++) move_add_batch(mv, f->batches.v[k].batch_number, sign * f->batches.v[k].quantity);
}

bool engine_apply_moves(zm_ctx *x, const zm_stock_moves *was, const zm_stock_moves *now)
{
    /* A move in both lists stays where it is: only the difference is made
     * (an in-transit order arriving moves the arrival, not its departure
     * again), so serials and batches stay in the rows they were taken from. */
    zm_stock_moves diff = {0};
    bool *kept = xcalloc(now->n + 1, sizeof *kept), *undone = xcalloc(was->n + 1, sizeof *undone);
    for (size_t i = 0; i < was->n; i++) {
        size_t k = 0;
        while (k < now->n && (kept[k] || !same_move(&was->v[i], &now->v[k]))) k++;
        if (k < now->n) kept[k] = true;
        else undone[i] = true;
    }
    /* What was moved is taken back first, then the new moves made; each
     * time what leaves a place before what arrives: a serial number given
     * back to where it came from must first leave where it went, and one
     * an edit still moves must be back before it leaves again. */
    for (int leaving = 1; leaving >= 0; leaving--)
        for (size_t i = 0; i < was->n; i++)
            if (undone[i] && move_leaves(&was->v[i], -1) == leaving) append_move(&diff, &was->v[i], -1);
    for (int leaving = 1; leaving >= 0; leaving--)
        for (size_t k = 0; k < now->n; k++)
            if (!kept[k] && move_leaves(&now->v[k], +1) == leaving) append_move(&diff, &now->v[k], +1);
    free(kept);
    free(undone);
    char why[256];
    int rc = diff.n ? stock_apply(x->org, &diff, stock_negative_forbidden(x->org), why, sizeof why) : 0;
    if (rc != 0) reply_error(x->rep, ZE_STOCK, x->mod->label, why);
    moves_free(&diff);
    return rc == 0;
}

bool engine_move_stock(zm_ctx *x, const cJSON *before, const cJSON *after)
{
    if (!x->mod->moves) return true;
    zm_stock_moves was = {0}, now = {0};
    if (before) x->mod->moves(x, before, &was);
    if (after) x->mod->moves(x, after, &now);
    bool ok = engine_apply_moves(x, &was, &now);
    moves_free(&was);
    moves_free(&now);
    return ok;
}

/* Undoes engine_move_stock (a later hook refused the change). */
static void unmove_stock(zm_ctx *x, const cJSON *before, const cJSON *after)
{
    if (!x->mod->moves) return;
    zm_reply quiet;
    memset(&quiet, 0, sizeof quiet);
    zm_ctx y = *x;
    y.rep = &quiet;
    engine_move_stock(&y, after, before);     /* cannot fail: it restores a state that held */
    reply_free(&quiet);
}

bool engine_commit(zm_ctx *x, zm_doc *d, cJSON *after)
{
    if (!engine_move_stock(x, d->json, after)) {
        cJSON_Delete(after);
        return false;
    }
    if (x->mod->apply && !x->mod->apply(x, d->id, d->json, after)) {
        unmove_stock(x, d->json, after);
        cJSON_Delete(after);
        return false;
    }
    cJSON_Delete(d->json);
    d->json = after;
    if (docs_find(x->coll, d->id) == d) docs_changed(x->coll, d);   /* its list keys may move */
    return true;
}

/* --------------------------------------------------------------- CRUD */

/* A record of the module built from a body, checked, numbered, stamped
 * and resolved; NULL after replying. */
static cJSON *build_record(zm_ctx *x, const cJSON *body, const cJSON *body_schema, const char *id)
{
    /* A refused record takes no number: the next one gets it. */
    uint64_t next_number = x->coll->next_number;
    cJSON *record = x->mod->record_schema ? engine_default(x->mod->record_schema) : cJSON_CreateObject();
    record_merge(x, record, body, x->mod->record_schema);
    rec_set_str(record, x->mod->id_field, id);
    if (x->mod->default_status) rec_set_str(record, "status", x->mod->default_status);
    (void)body_schema;
    record_stamp(x, record, true);
    if (!record_number(x, record, body, NULL) || !record_resolve(x, record)) {
        x->coll->next_number = next_number;
        cJSON_Delete(record);
        return NULL;
    }
    record_totals(record, body);
    if (x->mod->check && !x->mod->check(x, record, body, NULL)) {
        x->coll->next_number = next_number;
        cJSON_Delete(record);
        return NULL;
    }
    return record;
}

/* The body's required fields, less the number the module numbers itself. */
static bool check_create_body(zm_ctx *x, const cJSON *body)
{
    cJSON *copy = NULL;
    const cJSON *checked = body;
    bool ignore_auto = false;
    request_query_bool(x->req, x->rep, "ignore_auto_number_generation", false, &ignore_auto);
    if (x->mod->number_field && !ignore_auto && !json_get(body, x->mod->number_field)) {
        copy = cJSON_Duplicate(body, true);
        cJSON_AddStringToObject(copy, x->mod->number_field, "auto");
        checked = copy;
    }
    bool ok = schema_check_body(x->rep, x->op->body, checked, true);
    cJSON_Delete(copy);
    return ok;
}

static void engine_create(zm_ctx *x)
{
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !check_create_body(x, body)) return;
    zm_id id;
    org_new_id(x->org, id);
    uint64_t next_number = x->coll->next_number;
    cJSON *record = build_record(x, body, x->op->body, id);
    if (!record) {
        x->coll->next_number = next_number;     /* a refused create takes no number */
        return;
    }
    if (!engine_move_stock(x, NULL, record)) {
        x->coll->next_number = next_number;
        cJSON_Delete(record);
        return;
    }
    if (x->mod->apply && !x->mod->apply(x, id, NULL, record)) {
        unmove_stock(x, NULL, record);
        x->coll->next_number = next_number;
        cJSON_Delete(record);
        return;
    }
    zm_doc *d = docs_add(x->org, x->coll, id, record);
    engine_answer_record(x, d);
}

static void engine_get(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    /* ?accept=pdf|html and ?print=true, where the document declares them. */
    doc_format format = doc_print_wanted(x);
    if (format == DOC_REFUSED) return;
    if (format != DOC_JSON) doc_print_answer(x, (const zm_doc *const *)&d, 1, format);
    else engine_answer_record(x, d);
}

static void engine_update(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, false)) return;
    cJSON *record = cJSON_Duplicate(d->json, true);
    record_merge(x, record, body, x->mod->record_schema);
    rec_set_str(record, x->mod->id_field, d->id);
    record_stamp(x, record, false);
    if (!record_number(x, record, body, d) || !record_resolve(x, record)) {
        cJSON_Delete(record);
        return;
    }
    record_totals(record, body);
    if (x->mod->check && !x->mod->check(x, record, body, d)) {
        cJSON_Delete(record);
        return;
    }
    if (engine_commit(x, d, record)) engine_answer_record(x, d);
}

static void engine_delete(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    if (x->mod->deleting && !x->mod->deleting(x, d)) return;
    if (!engine_move_stock(x, d->json, NULL)) return;
    if (x->mod->apply && !x->mod->apply(x, d->id, d->json, NULL)) {
        unmove_stock(x, d->json, NULL);
        return;
    }
    docs_remove(x->coll, d);
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

/* ------------------------------------------------------------ dispatch */

/* Tests: a record whose list keys changed without the table being told
 * would sort and search wrongly from now on, a kept row would print stale;
 * say which and stop. */
static void check_org_tables(zm_org *org, const zm_op *op)
{
    int slot;
    const char *what = NULL;
    const zm_doc *d = docs_stale(org, &slot, &what);
    const zm_module *row_module = NULL;
    const zm_doc *row = d ? NULL : engine_list_stale_row(org, &row_module);
    if (!d && !row) return;
    const char *module = row_module ? row_module->name : "?";
    for (zm_module *const *mp = g_modules; *mp && d; mp++)
        if ((*mp)->slot == slot) module = (*mp)->name;
    fprintf(stderr, "zoho-mock: after %s %s, %s %s's %s%s%s changed but nobody told its collection "
            "(docs_changed, model/docs.h)\n", op->method, op->path, module, d ? d->id : row->id,
            d ? "'" : "list row", d ? what : "", d ? "'" : "");
    abort();
}

static void run_operation(zm_ctx *x)
{
    const zm_module *m = x->mod;
    const zm_op *op = x->op;
    for (const zm_special *s = m->specials; s && s->method; s++) {
        if (!strcmp(s->method, op->method) && !strcmp(s->path, op->path)) {
            s->answer(x);
            return;
        }
    }
    switch (op->kind) {
    case OP_CREATE: engine_create(x); break;
    case OP_LIST: engine_list(x); break;
    case OP_GET: engine_get(x); break;
    case OP_UPDATE: engine_update(x); break;
    case OP_DELETE: engine_delete(x); break;
    case OP_ACTION: engine_action(x); break;
    case OP_BULK_DELETE:
    case OP_BULK_UPDATE:
    case OP_BULK_ACTION: engine_bulk(x); break;
    case OP_SUB_LIST:
    case OP_SUB_CREATE:
    case OP_SUB_GET:
    case OP_SUB_UPDATE:
    case OP_SUB_DELETE: engine_sub(x); break;
    case OP_OTHER: engine_other(x); break;
    }
}

void engine_handle(zm_request *req, zm_reply *rep)
{
    const zm_op *op = req->route->op;
    zm_module *m = module_for_collection(op->collection);
    if (!m) {
        /* Documented, but no module keeps records for it: Zoho's success. */
        reply_success(rep, op->status, engine_message(op));
        return;
    }
    zm_ctx x = {req, rep, req->org, op, m, req->org ? docs_collection(req->org, m->slot) : NULL};
    if (req->org) docs_begin_call(req->org);
    run_operation(&x);
    if (check_tables && req->org) check_org_tables(req->org, op);
}

const zm_doc *engine_create_document(zm_org *org, const zm_module *m, cJSON *body, zm_reply *rep)
{
    const zm_op *create = find_kind(m, OP_CREATE);
    if (!create) {
        reply_error(rep, ZE_VALIDATION, "The module has no create operation.");
        return NULL;
    }
    zm_request req;
    memset(&req, 0, sizeof req);
    req.org = org;
    req.user = org->users.n ? org->users.v[0] : NULL;
    req.query = "";
    req.body = body;
    req.body_parsed = true;
    zm_collection *coll = docs_collection(org, m->slot);
    size_t before = coll->docs.n;
    zm_ctx x = {&req, rep, org, create, m, coll};
    docs_begin_call(org);
    run_operation(&x);
    req.body = NULL;                /* the caller's */
    if (rep->status >= 300 || coll->docs.n != before + 1) {
        if (rep->status < 300) reply_error(rep, ZE_VALIDATION, "The create made no record.");
        return NULL;
    }
    return coll->docs.v[coll->docs.n - 1];
}

/* ---------------------------------------------------------- fixtures */

/* The fixture section of module m as an array, or NULL (err set when it
 * is not an array). */
static const cJSON *fixture_section(const zm_module *m, const cJSON *fixture, const char *json_path,
                                    char *err, size_t errlen, bool *bad)
{
    const cJSON *list = m->core ? NULL : json_get(fixture, m->name);
    *bad = list && !cJSON_IsArray(list);
    if (*bad) snprintf(err, errlen, "%s.%s: expected an array of %s records", json_path, m->name, m->name);
    return *bad ? NULL : list;
}

/* How it works. Core-backed modules make their records from the core
 * model first; then every section's records are built (checked against the
 * create body's types, merged into the documented record, stamped); only
 * then, once every record exists whatever the order of the sections, are
 * their references checked and names and totals derived. */
int engine_seed(zm_org *org, const cJSON *fixture, const char *json_path, char *err, size_t errlen)
{
    bool bad;
    for (zm_module *const *mp = g_modules; *mp; mp++) {
        zm_module *m = *mp;
        if (m->seed) m->seed(m, org, docs_collection(org, m->slot));
        const cJSON *list = fixture_section(m, fixture, json_path, err, errlen, &bad), *e;
        if (bad) return -1;
        const zm_op *create = find_kind(m, OP_CREATE);
        zm_collection *coll = docs_collection(org, m->slot);
        int i = 0;
        cJSON_ArrayForEach(e, list) {
            char where[256];
            snprintf(where, sizeof where, "%s.%s[%d]", json_path, m->name, i++);
            zm_reply rep;
            memset(&rep, 0, sizeof rep);
            zm_request req;
            memset(&req, 0, sizeof req);
            req.org = org;
            req.query = "";
            zm_ctx x = {&req, &rep, org, create, m, coll};
            const char *id = rec_str(e, m->id_field);
            if (!cJSON_IsObject(e) || !id_is_valid(id) || docs_find(coll, id)) {
                snprintf(err, errlen, "%s.%s: expected a unique string of digits", where, m->id_field);
                return -1;
            }
            if (create && !schema_check_body(&rep, create->body, e, false)) {
                snprintf(err, errlen, "%s: %s", where, rec_str(rep.body, "message"));
                reply_free(&rep);
                return -1;
            }
            cJSON *record = m->record_schema ? schema_default(m->record_schema) : cJSON_CreateObject();
            record_merge(&x, record, e, m->record_schema);
            if (m->default_status && !*rec_str(record, "status")) rec_set_str(record, "status", m->default_status);
            record_stamp(&x, record, true);
            docs_add(org, coll, id, record);
            if (m->number_field) coll->next_number++;
            reply_free(&rep);
        }
    }
    for (zm_module *const *mp = g_modules; *mp; mp++) {
        zm_module *m = *mp;
        const cJSON *list = fixture_section(m, fixture, json_path, err, errlen, &bad), *e;
        zm_collection *coll = docs_collection(org, m->slot);
        int i = 0;
        cJSON_ArrayForEach(e, list) {
            zm_reply rep;
            memset(&rep, 0, sizeof rep);
            zm_request req;
            memset(&req, 0, sizeof req);
            req.org = org;
            req.query = "";
            zm_ctx x = {&req, &rep, org, find_kind(m, OP_CREATE), m, coll};
            zm_doc *d = docs_find(coll, rec_str(e, m->id_field));
            if (!record_resolve(&x, d->json)) {
                snprintf(err, errlen, "%s.%s[%d]: %s", json_path, m->name, i, rec_str(rep.body, "message"));
                reply_free(&rep);
                return -1;
            }
            record_totals(d->json, e);
            /* The module's own checks and effects, as for a POST, where it asks. */
            bool ok = !m->seed_hooks || !m->check || m->check(&x, d->json, e, NULL);
            /* ... and what it moves in stock: a fixture's stock is the stock
             * before its documents (a shipped package's goods have left). */
            if (ok && m->seed_hooks) ok = engine_move_stock(&x, NULL, d->json);
            if (ok && m->seed_hooks && m->apply) ok = m->apply(&x, d->id, NULL, d->json);
            if (!ok) {
                snprintf(err, errlen, "%s.%s[%d]: %s", json_path, m->name, i, rec_str(rep.body, "message"));
                reply_free(&rep);
                return -1;
            }
            reply_free(&rep);
            i++;
        }
    }
    return 0;
}

/* engine_actions.c -- moving records through their statuses, one at a time or in bulk, and bulk deletes and updates */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/fields.h"
#include "zoho/schema.h"

/* What an action does when the module's table does not say: the status
 * its verb names. Verbs missing here change no status (reminders,
 * invitations, percentages: the module's special or nothing). */
static const zm_transition defaults[] = {
    {"active", "active", {0}},
    {"inactive", "inactive", {0}},
    {"submit", "pending_approval", {"draft", "rejected", 0}},
    {"approve", "approved", {"pending_approval", 0}},
    {"approve/final", "approved", {"pending_approval", 0}},
    {"reject", "rejected", {"pending_approval", 0}},
    {"void", "void", {0}},
    {"draft", "draft", {0}},
    {"converttoopen", "open", {"draft", 0}},
    {"intransit", "in_transit", {"draft", 0}},
    {"markastransferred", "transferred", {"draft", "in_transit", 0}},
    {"markasconfirmed", "confirmed", {0}},
    {"markasinprogress", "in_progress", {0}},
    {"markascompleted", "completed", {0}},
    {"markasopen", "open", {0}},
    {"markasongoing", "ongoing", {0}},
    {"confirmed", "confirmed", {"draft", 0}},
    {"bundled", "bundled", {0}},
    {NULL, NULL, {0}},
};

static const zm_transition *transition_for(const zm_module *m, const char *verb)
{
    for (const zm_transition *t = m->transitions; t && t->verb; t++)
        if (!strcmp(t->verb, verb)) return t;
    for (const zm_transition *t = defaults; t->verb; t++)
        if (!strcmp(t->verb, verb)) return t;
    return NULL;
}

/* "status/confirmed" -> "confirmed", "approve/final" -> "approve". */
static const char *status_after(const zm_transition *t, const char *verb)
{
    if (t) return t->to;
    if (!strncmp(verb, "status/", 7)) return verb + 7;
    return NULL;
}

static bool allowed_from(const zm_transition *t, const char *status)
{
    if (!t || !t->from[0]) return true;
    for (size_t i = 0; i < sizeof t->from / sizeof t->from[0] && t->from[i]; i++)
        if (!strcmp(t->from[i], status)) return true;
    return false;
}

/* Moves one record: false after replying (refused). */
static bool act_on(zm_ctx *x, zm_doc *d, const char *verb)
{
    const zm_transition *t = transition_for(x->mod, verb);
    const char *to = status_after(t, verb);
    const char *status = rec_str(d->json, "status");
    if (to && !allowed_from(t, status)) {
        char what[96];
        snprintf(what, sizeof what, "marked as %s", to);
        reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, what, *status ? status : "none");
        return false;
    }
    cJSON *after = cJSON_Duplicate(d->json, true);
    if (to) rec_set_str(after, "status", to);
    cJSON *body = NULL;
    if (x->req->raw_body_len || x->req->form_json) {
        body = request_body(x->req, x->rep, false);
        if (!body) {
            cJSON_Delete(after);
            return false;
        }
        if (x->op->body && !schema_check_body(x->rep, x->op->body, body, true)) {
            cJSON_Delete(after);
            return false;
        }
        /* What an action's body carries (a reason, a date, a percentage). */
        record_merge(x, after, body, x->mod->record_schema);
    }
    record_stamp(x, after, false);
    if (x->mod->check && !x->mod->check(x, after, body, d)) {
        cJSON_Delete(after);
        return false;
    }
    return engine_commit(x, d, after);
}

void engine_action(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d || !act_on(x, d, x->op->verb ? x->op->verb : "")) return;
    if (x->op->response_key || x->op->response_flat) engine_answer_record(x, d);
    else reply_success(x->rep, x->op->status, engine_message(x->op));
}

/* ----------------------------------------------------------------- bulk */

typedef VEC(char *) id_list;

/* The ids a bulk call names: ?<id>s=1,2,3 (the documented parameter), or
 * the same member of the body (a string or an array). */
static bool bulk_ids(zm_ctx *x, id_list *ids)
{
    char name[96], buf[8192];
    snprintf(name, sizeof name, "%ss", x->mod->id_field);
    const cJSON *p;
    int n = request_query(x->req, name, buf, sizeof buf);
    if (n == -1) {
        cJSON_ArrayForEach(p, x->op->query) {
            const char *pn = json_get(p, "name") ? json_get(p, "name")->valuestring : "";
            size_t len = strlen(pn);
            if (len > 4 && !strcmp(pn + len - 4, "_ids")) {
                n = request_query(x->req, pn, buf, sizeof buf);
                if (n != -1) {
                    snprintf(name, sizeof name, "%s", pn);
                    break;
                }
            }
        }
    }
    if (n == -1 && (x->req->raw_body_len || x->req->form_json)) {
        cJSON *body = request_body(x->req, x->rep, false);
        if (!body) return false;
        const cJSON *m;
        cJSON_ArrayForEach(m, body) {
            size_t len = strlen(m->string);
            if (len < 4 || strcmp(m->string + len - 4, "_ids") != 0) continue;
            snprintf(name, sizeof name, "%s", m->string);
            if (cJSON_IsString(m)) {
                snprintf(buf, sizeof buf, "%s", m->valuestring);
                n = (int)strlen(buf);
            } else if (cJSON_IsArray(m)) {
                size_t k = 0;
                const cJSON *e;
                cJSON_ArrayForEach(e, m) {
                    const char *s = cJSON_IsString(e) ? e->valuestring : "";
                    char num[32];
                    if (cJSON_IsNumber(e)) snprintf(num, sizeof num, "%.0f", e->valuedouble), s = num;
                    k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s", k ? "," : "", s);
                    if (k >= sizeof buf) break;
                }
                n = (int)k;
            }
            break;
        }
    }
    if (n <= 0) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, name);
        return false;
    }
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        while (isspace((unsigned char)*tok)) tok++;
        if (!*tok) continue;
        if (!id_is_valid(tok)) {
            reply_error(x->rep, ZE_INVALID_PARAM, name);
            return false;
        }
        VEC_PUSH(*ids, xstrdup(tok));
    }
    if (!ids->n) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, name);
        return false;
    }
    return true;
}

static void free_ids(id_list *ids)
{
    for (size_t i = 0; i < ids->n; i++) free(ids->v[i]);
    VEC_FREE(*ids);
}

/* Every named record must exist before any is touched. */
static bool all_exist(zm_ctx *x, const id_list *ids)
{
    for (size_t i = 0; i < ids->n; i++) {
        if (!docs_find(x->coll, ids->v[i])) {
            reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
            return false;
        }
    }
    return true;
}

/* The success of a bulk call, with the documented answer key: the records
 * it touched when that is a list, the documented object otherwise (absent
 * when the document gives none). */
static void bulk_answer(zm_ctx *x, const id_list *ids)
{
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    const cJSON *schema = x->op->response_key ? spec_property(x->op->response, x->op->response_key) : NULL;
    if (!schema) return;
    const char *t = spec_type(schema);
    if (!t || strcmp(t, "array") != 0) {
        cJSON_AddItemToObject(body, x->op->response_key, schema_default(schema));
        return;
    }
    cJSON *rows = cJSON_CreateArray();
    for (size_t i = 0; ids && i < ids->n; i++) {
        const zm_doc *d = docs_find(x->coll, ids->v[i]);
        if (d) cJSON_AddItemToArray(rows, engine_print(x, d, schema_items(schema)));
    }
    cJSON_AddItemToObject(body, x->op->response_key, rows);
}

/* The records a bulk update changes: the body itself when it is an array
 * (PUT /tasks), else its first array of records carrying the id (PUT
 * /replenishments: replenishment_configurations), else the body when it
 * names one record. */
static const cJSON *bulk_records(zm_ctx *x, const cJSON *body, cJSON **single)
{
    *single = NULL;
    if (cJSON_IsArray(body)) return body;
    const cJSON *m;
    cJSON_ArrayForEach(m, body)
        if (cJSON_IsArray(m) && cJSON_IsObject(m->child) && *rec_str(m->child, x->mod->id_field)) return m;
    *single = cJSON_CreateArray();
    cJSON_AddItemToArray(*single, cJSON_Duplicate(body, true));
    return *single;
}

/* PUT /coll: every named record changed as PUT /coll/{id} would, all or none. */
static void bulk_update(zm_ctx *x)
{
    const char *body_type = spec_type(x->op->body);
    cJSON *body = body_type && !strcmp(body_type, "array") ? request_body_json(x->req, x->rep, true)
                                                           : request_body(x->req, x->rep, true);
    if (!body || (x->op->body && !schema_check_body(x->rep, x->op->body, body, false))) return;
    cJSON *single;
    const cJSON *records = bulk_records(x, body, &single), *e;
    id_list ids = {0};
    cJSON_ArrayForEach(e, records) {
        const char *id = rec_str(e, x->mod->id_field);
        if (!*id) {
            reply_error(x->rep, ZE_PARAM_MANDATORY, x->mod->id_field);
            goto out;
        }
        VEC_PUSH(ids, xstrdup(id));
    }
    if (!ids.n) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, x->mod->id_field);
        goto out;
    }
    if (!all_exist(x, &ids)) goto out;
    /* Every record is built and checked before any is kept. */
    cJSON **after = xcalloc(ids.n, sizeof *after);
    size_t i = 0;
    bool ok = true;
    cJSON_ArrayForEach(e, records) {
        const zm_doc *d = docs_find(x->coll, ids.v[i]);
        after[i] = cJSON_Duplicate(d->json, true);
        record_merge(x, after[i], e, x->mod->record_schema);
        rec_set_str(after[i], x->mod->id_field, d->id);
        record_stamp(x, after[i], false);
        i++;
        if (!record_resolve(x, after[i - 1]) || (x->mod->check && !x->mod->check(x, after[i - 1], e, d))) {
            ok = false;
            break;
        }
    }
    for (size_t k = 0; k < ids.n; k++) {
        if (ok && after[k]) ok = engine_commit(x, docs_find(x->coll, ids.v[k]), after[k]);
        else cJSON_Delete(after[k]);
    }
    free(after);
    if (ok) bulk_answer(x, &ids);
out:
    cJSON_Delete(single);
    free_ids(&ids);
}

/* A bulk action whose document names no records (POST /settings/locations/enable). */
static bool names_no_records(const zm_op *op)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, op->query) {
        const cJSON *name = json_get(p, "name");
        if (cJSON_IsString(name) && strlen(name->valuestring) > 4 &&
            !strcmp(name->valuestring + strlen(name->valuestring) - 4, "_ids"))
            return false;
    }
    cJSON_ArrayForEach(p, json_get(op->body, "properties"))
        if (strlen(p->string) > 4 && !strcmp(p->string + strlen(p->string) - 4, "_ids")) return false;
    return true;
}

void engine_bulk(zm_ctx *x)
{
    if (x->op->kind == OP_BULK_UPDATE) {
        bulk_update(x);
        return;
    }
    id_list ids = {0};
    char own[96], buf[8];
    snprintf(own, sizeof own, "%ss", x->mod->id_field);
    if (x->op->kind == OP_BULK_ACTION && names_no_records(x->op) && !x->req->raw_body_len && !x->req->form_json &&
        request_query(x->req, own, buf, sizeof buf) == -1) {
        bulk_answer(x, NULL);
        return;
    }
    if (!bulk_ids(x, &ids) || !all_exist(x, &ids)) {
        free_ids(&ids);
        return;
    }
    if (x->op->kind == OP_BULK_DELETE) {
        for (size_t i = 0; i < ids.n; i++) {
            zm_doc *d = docs_find(x->coll, ids.v[i]);
            if (x->mod->deleting && !x->mod->deleting(x, d)) goto out;
        }
        for (size_t i = 0; i < ids.n; i++) {
            zm_doc *d = docs_find(x->coll, ids.v[i]);
            if (!engine_move_stock(x, d->json, NULL)) goto out;
            if (x->mod->apply && !x->mod->apply(x, d->id, d->json, NULL)) {
                engine_move_stock(x, NULL, d->json);
                goto out;
            }
            docs_remove(x->coll, d);
        }
    } else {
        const char *verb = x->op->verb ? x->op->verb : "";
        /* Every record must allow the move before any moves. */
        const zm_transition *t = transition_for(x->mod, verb);
        const char *to = status_after(t, verb);
        for (size_t i = 0; to && i < ids.n; i++) {
            const char *status = rec_str(docs_find(x->coll, ids.v[i])->json, "status");
            if (!allowed_from(t, status)) {
                char what[96];
                snprintf(what, sizeof what, "marked as %s", to);
                reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, what, *status ? status : "none");
                goto out;
            }
        }
        for (size_t i = 0; i < ids.n; i++)
            if (!act_on(x, docs_find(x->coll, ids.v[i]), verb)) goto out;
    }
    bulk_answer(x, x->op->kind == OP_BULK_DELETE ? NULL : &ids);
out:
    free_ids(&ids);
}

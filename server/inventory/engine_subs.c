/* engine_subs.c -- what hangs off a record (comments, refunds, addresses, custom fields...) and the undocumented rest */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/files.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/fields.h"
#include "zoho/schema.h"

/* How it works. A sub-resource lives in the parent's `subs` under the
 * operation's sub path ("comments", "refunds"); each element is built from
 * the documented schema of the answer and gets an id under the
 * operation's sub-id name (comment_id...). An update or delete without a
 * sub-id changes the parent itself: "address/billing" its billing_address,
 * "customfields" its custom_fields. */

/* The schema of one element of the answer. */
static const cJSON *element_schema(const zm_op *op)
{
    if (!op->response || !op->response_key) return NULL;
    const cJSON *s = spec_property(op->response, op->response_key);
    const char *t = spec_type(s);
    return t && !strcmp(t, "array") ? schema_items(s) : s;
}

/* Another documented operation on the same sub-resource of the same
 * collection ("POST .../comments" and "DELETE .../comments/{comment_id}"),
 * with a sub-id when want_sub_id, else of that kind; NULL if none. */
static const zm_op *sibling(const zm_op *op, bool want_sub_id, zm_op_kind kind)
{
    for (size_t i = 0; op->sub && i < spec_count(); i++) {
        const zm_op *o = spec_op(i);
        if (o == op || !o->sub || strcmp(o->sub, op->sub) != 0 || strcmp(o->collection, op->collection) != 0) continue;
        if (want_sub_id ? o->sub_id_param != NULL : o->kind == kind) return o;
    }
    return NULL;
}

/* The id field of a sub-element: the op's sub-id, else the one the
 * operations on a single element name (what POST .../comments creates,
 * DELETE .../comments/{comment_id} deletes), else the first *_id property
 * of its schema that is not the parent's. */
static const char *element_id(const zm_op *op, const cJSON *schema, const char *parent_id)
{
    if (op->sub_id_param) return op->sub_id_param;
    const zm_op *single = sibling(op, true, OP_SUB_GET);
    if (single) return single->sub_id_param;
    const cJSON *p;
    cJSON_ArrayForEach(p, json_get(schema, "properties")) {
        size_t n = strlen(p->string);
        if (n > 3 && !strcmp(p->string + n - 3, "_id") && strcmp(p->string, parent_id) != 0) return p->string;
    }
    return NULL;
}

static cJSON *find_element(cJSON *arr, const char *idf, const char *id, int *index)
{
    int i = 0;
    cJSON *e;
    cJSON_ArrayForEach(e, arr) {
        if (idf && !strcmp(rec_str(e, idf), id)) {
            if (index) *index = i;
            return e;
        }
        i++;
    }
    return NULL;
}

/* Who wrote a comment and when, where the element has those fields. */
static void stamp_element(zm_ctx *x, cJSON *e)
{
    char now[32], today[16];
    int64_t t = clock_now(&x->org->clock);
    clock_format_datetime(&x->org->clock, t, now);
    clock_format_date(&x->org->clock, t, today);
    if (x->req->user && json_get(e, "commented_by_id")) rec_set_str(e, "commented_by_id", x->req->user->user_id);
    if (x->req->user && json_get(e, "commented_by")) rec_set_str(e, "commented_by", x->req->user->name);
    if (json_get(e, "date") && !*rec_str(e, "date")) rec_set_str(e, "date", today);
    if (json_get(e, "date_description")) rec_set_str(e, "date_description", "few seconds ago");
    if (json_get(e, "time")) {
        char hm[8];
        snprintf(hm, sizeof hm, "%.5s", now + 11);
        rec_set_str(e, "time", hm);
    }
    if (json_get(e, "comment_type") && !*rec_str(e, "comment_type")) rec_set_str(e, "comment_type", "internal");
    if (json_get(e, "operation_type") && !*rec_str(e, "operation_type")) rec_set_str(e, "operation_type", "Added");
}

/* "address/billing" -> "billing_address"; "customfields" -> "custom_fields". */
static const char *parent_field(const char *sub)
{
    static const struct { const char *sub, *field; } map[] = {
        {"address/billing", "billing_address"}, {"address/shipping", "shipping_address"},
        {"customfields", "custom_fields"}, {"address", "addresses"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i].sub, sub)) return map[i].field;
    return NULL;
}

static void answer_elements(zm_ctx *x, const cJSON *arr)
{
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    if (!x->op->response_key) return;
    const cJSON *schema = spec_property(x->op->response, x->op->response_key);
    cJSON *out = schema ? schema_conform(arr, schema) : cJSON_Duplicate(arr, true);
    if (!cJSON_IsArray(out)) {
        cJSON_Delete(out);
        out = cJSON_Duplicate(arr, true);
    }
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, x->op->response_key, out);
}

static void answer_element(zm_ctx *x, const cJSON *e)
{
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    if (x->op->response_flat && cJSON_IsObject(e)) {
        /* The element's fields beside code and message. */
        cJSON *flat = schema_conform(e, x->op->response);
        if (x->org->numeric_ids) engine_numeric_ids(flat);
        engine_answer_flat(body, flat);
        return;
    }
    if (!x->op->response_key) return;
    const cJSON *schema = spec_property(x->op->response, x->op->response_key);
    const char *t = spec_type(schema);
    cJSON *out;
    if (t && !strcmp(t, "array")) {
        /* Some answers put the one element in an array. */
        cJSON *one = cJSON_CreateArray();
        cJSON_AddItemToArray(one, cJSON_Duplicate(e, true));
        out = schema_conform(one, schema);
        cJSON_Delete(one);
    } else {
        out = schema ? schema_conform(e, schema) : cJSON_Duplicate(e, true);
    }
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, x->op->response_key, out);
}

/* A read of something nothing was stored for (an email's draft, a
 * reminder's settings): the documented object, with the parent record's
 * fields of the same names. */
static void answer_shape(zm_ctx *x, const cJSON *parent)
{
    const cJSON *schema = x->op->response_flat ? x->op->response : element_schema(x->op);
    cJSON *obj = schema ? schema_default(schema) : cJSON_CreateObject(), *m;
    cJSON_ArrayForEach(m, obj) {
        const cJSON *src = json_get(parent, m->string);
        if (!src || cJSON_IsObject(src) || cJSON_IsArray(src)) continue;
        cJSON *value = schema_conform(src, spec_property(schema, m->string));
        json_replace(obj, m, value);
        m = value;
    }
    answer_element(x, obj);
    cJSON_Delete(obj);
}

/* Whether the documented answer is one object (flat, or an object under its key). */
static bool answers_object(const zm_op *op)
{
    if (op->response_flat) return true;
    const cJSON *s = op->response_key ? spec_property(op->response, op->response_key) : NULL;
    const char *t = spec_type(s);
    return t && !strcmp(t, "object");
}

/* Changes the parent record itself (no sub-id): the mapped field, else
 * the body merged into the record. */
static void update_parent(zm_ctx *x, zm_doc *d)
{
    /* A body only where the document has one (PUT .../locations/permissions
     * takes query parameters), an array where it says so (custom fields). */
    const char *body_type = spec_type(x->op->body);
    cJSON *body = body_type && !strcmp(body_type, "array") ? request_body_json(x->req, x->rep, true)
                                                           : request_body(x->req, x->rep, x->op->body != NULL);
    if (!body || (x->op->body && !schema_check_body(x->rep, x->op->body, body, false))) return;
    cJSON *after = cJSON_Duplicate(d->json, true);
    const char *field = parent_field(x->op->sub);
    if (field && !json_get(body, field)) {
        cJSON *wrapped = cJSON_CreateObject();
        cJSON_AddItemToObject(wrapped, field, cJSON_Duplicate(body, true));
        const cJSON *list = json_get(body, field);
        (void)list;
        record_merge(x, after, wrapped, x->mod->record_schema);
        cJSON_Delete(wrapped);
    } else {
        record_merge(x, after, body, x->mod->record_schema);
    }
    record_stamp(x, after, false);
    if (!engine_commit(x, d, after)) return;
    if (x->op->response_key && spec_property(x->op->response, x->op->response_key)) {
        const char *key = x->op->response_key;
        const cJSON *part = json_get(d->json, field ? field : key);
        answer_element(x, part ? part : d->json);
    } else {
        reply_success(x->rep, x->op->status, engine_message(x->op));
    }
}

/* Files: every module's attachments and documents (inventory/files.c).
 * true when the operation was one of them (answered). */
static bool file_op(zm_ctx *x)
{
    const char *sub = x->op->sub ? x->op->sub : "";
    if (!strcmp(sub, "documents") && x->op->sub_id_param) {
        if (x->op->kind == OP_SUB_GET) files_document_get(x);
        else if (x->op->kind == OP_SUB_DELETE) files_document_delete(x);
        else return false;
        return true;
    }
    if (strcmp(sub, "attachment") != 0) return false;
    if (x->op->kind == OP_SUB_CREATE) {
        files_attachment_add(x);
        return true;
    }
    zm_doc *d = x->op->kind == OP_SUB_GET || x->op->kind == OP_SUB_DELETE ? engine_find_doc(x) : NULL;
    if (x->op->kind == OP_SUB_GET) {
        zm_blob *b = d ? files_first(d, "attachment") : NULL;
        if (d && !b) reply_error(x->rep, ZE_NOT_FOUND, "Attachment");
        else if (b) files_reply(x->rep, b);
        return true;
    }
    if (x->op->kind == OP_SUB_DELETE) {
        if (d) {
            files_remove_slot(d, "attachment");
            reply_success(x->rep, x->op->status, engine_message(x->op));
        }
        return true;
    }
    return false;
}

void engine_sub(zm_ctx *x)
{
    if (file_op(x)) return;
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    const char *sub = x->op->sub ? x->op->sub : "sub";
    const cJSON *schema = element_schema(x->op);
    if (!schema && x->op->kind == OP_SUB_CREATE) {
        /* A create answered with code and message only: its elements are
         * what the sub-resource's list shows. */
        const zm_op *list = sibling(x->op, false, OP_SUB_LIST);
        schema = list ? element_schema(list) : NULL;
    }
    const char *idf = element_id(x->op, schema, x->mod->id_field);
    const char *sub_id = x->op->sub_id_param ? request_param(x->req, x->op->sub_id_param) : NULL;
    cJSON *arr = docs_sub_array(d, sub);
    switch (x->op->kind) {
    case OP_SUB_LIST:
        answer_elements(x, arr);
        return;
    case OP_SUB_GET: {
        if (!sub_id) {
            const char *field = parent_field(sub);
            const cJSON *part = field ? json_get(d->json, field) : NULL;
            if (part) answer_element(x, part);
            else if (answers_object(x->op)) answer_shape(x, d->json);
            else answer_elements(x, arr);
            return;
        }
        const cJSON *e = find_element(arr, idf, sub_id, NULL);
        if (!e) reply_error(x->rep, ZE_NOT_FOUND, sub);
        else answer_element(x, e);
        return;
    }
    case OP_SUB_CREATE: {
        cJSON *body = request_body(x->req, x->rep, x->op->body != NULL);
        if (!body || (x->op->body && !schema_check_body(x->rep, x->op->body, body, true))) return;
        cJSON *e = schema ? schema_default(schema) : cJSON_CreateObject();
        record_merge(x, e, body, schema);
        if (idf) {
            zm_id id;
            org_new_id(x->org, id);
            rec_set_str(e, idf, id);
        }
        if (json_get(e, x->mod->id_field)) rec_set_str(e, x->mod->id_field, d->id);
        record_stamp(x, e, true);
        stamp_element(x, e);
        if (!record_resolve(x, e)) {
            cJSON_Delete(e);
            return;
        }
        cJSON_AddItemToArray(arr, e);
        answer_element(x, e);
        return;
    }
    case OP_SUB_UPDATE: {
        if (!sub_id) {
            update_parent(x, d);
            return;
        }
        cJSON *e = find_element(arr, idf, sub_id, NULL);
        if (!e) {
            reply_error(x->rep, ZE_NOT_FOUND, sub);
            return;
        }
        cJSON *body = request_body(x->req, x->rep, true);
        if (!body || (x->op->body && !schema_check_body(x->rep, x->op->body, body, false))) return;
        record_merge(x, e, body, schema);
        record_stamp(x, e, false);
        answer_element(x, e);
        return;
    }
    case OP_SUB_DELETE: {
        if (!sub_id) {
            cJSON_DeleteItemFromObjectCaseSensitive(d->subs, sub);
            reply_success(x->rep, x->op->status, engine_message(x->op));
            return;
        }
        int index = -1;
        if (!find_element(arr, idf, sub_id, &index)) {
            reply_error(x->rep, ZE_NOT_FOUND, sub);
            return;
        }
        cJSON_DeleteItemFromArray(arr, index);
        reply_success(x->rep, x->op->status, engine_message(x->op));
        return;
    }
    default:
        reply_success(x->rep, x->op->status, engine_message(x->op));
    }
}

/* Operations no kind covers and no module answers by hand: Zoho's success
 * with an empty answer of the documented shape. */
void engine_other(zm_ctx *x)
{
    if (x->op->response_flat) {
        answer_shape(x, NULL);
        return;
    }
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    if (!x->op->response_key) return;
    const cJSON *schema = spec_property(x->op->response, x->op->response_key);
    cJSON_AddItemToObject(body, x->op->response_key, schema ? schema_default(schema) : cJSON_CreateObject());
}

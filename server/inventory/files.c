/* files.c -- files kept with a record (images, attachments): stored from a multipart upload, listed, served back */
#include "inventory/files.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "util/json.h"
#include "zoho/schema.h"

/* A record's files live in memory with it (zm_doc.files): each keeps its
 * bytes, name, content type (from the upload) and what it is to the
 * record (the slot). Deleting the record frees them; a reset drops them. */

/* Largest file kept (Zoho's item images are limited to a few MB; 10 MB is
 * past any of them and keeps a runaway client from filling the memory). */
#define FILES_MAX_BYTES (10u * 1024u * 1024u)

const zm_upload *files_upload(const zm_request *req, const char *field)
{
    for (size_t i = 0; field && i < req->uploads.n; i++)
        if (!strcmp(req->uploads.v[i].field, field)) return &req->uploads.v[i];
    return req->uploads.n ? &req->uploads.v[0] : NULL;
}

zm_blob *files_add(zm_org *org, zm_doc *d, const char *slot, const zm_upload *u)
{
    zm_blob b;
    memset(&b, 0, sizeof b);
    org_new_id(org, b.id);
    b.slot = xstrdup(slot);
    b.file_name = xstrdup(u->file_name);
    b.content_type = xstrdup(u->content_type);
    b.data = xmalloc(u->len + 1);
    if (u->len) memcpy(b.data, u->data, u->len);
    b.data[u->len] = '\0';
    b.len = u->len;
    VEC_PUSH(d->files, b);
    return &d->files.v[d->files.n - 1];
}

zm_blob *files_find(zm_doc *d, const char *document_id)
{
    for (size_t i = 0; document_id && i < d->files.n; i++)
        if (!strcmp(d->files.v[i].id, document_id)) return &d->files.v[i];
    return NULL;
}

zm_blob *files_first(zm_doc *d, const char *slot)
{
    for (size_t i = 0; i < d->files.n; i++)
        if (!strcmp(d->files.v[i].slot, slot)) return &d->files.v[i];
    return NULL;
}

bool files_remove(zm_doc *d, const char *document_id)
{
    for (size_t i = 0; i < d->files.n; i++) {
        if (!strcmp(d->files.v[i].id, document_id)) {
            blob_free(&d->files.v[i]);
            VEC_REMOVE(d->files, i);
            return true;
        }
    }
    return false;
}

void files_remove_slot(zm_doc *d, const char *slot)
{
    for (size_t i = d->files.n; i-- > 0;) {
        if (!strcmp(d->files.v[i].slot, slot)) {
            blob_free(&d->files.v[i]);
            VEC_REMOVE(d->files, i);
        }
    }
}

static const char *extension(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    return dot ? dot + 1 : "";
}

cJSON *files_json(const zm_blob *b)
{
    char size[32];
    if (b->len < 1024) snprintf(size, sizeof size, "%zu bytes", b->len);
    else if (b->len < 1024 * 1024) snprintf(size, sizeof size, "%.1f KB", b->len / 1024.0);
    else snprintf(size, sizeof size, "%.1f MB", b->len / (1024.0 * 1024.0));
    cJSON *o = cJSON_CreateObject();
    json_add_str(o, "document_id", b->id);
    json_add_str(o, "file_name", b->file_name);
    json_add_str(o, "file_type", extension(b->file_name));
    json_add_num(o, "file_size", (double)b->len);
    json_add_str(o, "file_size_formatted", size);
    return o;
}

void files_reply(zm_reply *rep, const zm_blob *b)
{
    reply_bytes(rep, 200, b->content_type, b->data, b->len);
    /* The name as a header value: no quote or line break can end it early. */
    char *name = xstrdup(b->file_name);
    for (char *p = name; *p; p++)
        if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20) *p = '_';
    char *disposition = xasprintf("inline; filename=\"%s\"", name);
    reply_header(rep, "Content-Disposition", disposition);
    free(disposition);
    free(name);
}

/* ----------------------------------------------------- the hand answers */

bool files_check_uploads(zm_ctx *x, const char *field)
{
    if (!x->req->uploads.n) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, field);
        return false;
    }
    for (size_t i = 0; i < x->req->uploads.n; i++) {
        if (x->req->uploads.v[i].len > FILES_MAX_BYTES) {
            char msg[160];
            snprintf(msg, sizeof msg, "Invalid value passed for %s: a file may hold at most %u bytes.", field,
                     FILES_MAX_BYTES);
            reply_error(x->rep, ZE_VALIDATION, msg);
            return false;
        }
    }
    return true;
}

void files_attachment_add(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d || !files_check_uploads(x, "attachment")) return;
    zm_blob *last = NULL;
    for (size_t i = 0; i < x->req->uploads.n; i++) last = files_add(x->org, d, "attachment", &x->req->uploads.v[i]);
    cJSON *body = reply_success(x->rep, x->op->status, x->op->message ? x->op->message : "Your file has been attached.");
    cJSON *doc = files_json(last);
    const cJSON *schema = x->op->response_key ? spec_property(x->op->response, x->op->response_key) : NULL;
    if (spec_type(schema) && !strcmp(spec_type(schema), "array")) {
        /* Answered as a list where the document says so (tasks' documents). */
        cJSON *list = cJSON_CreateArray();
        cJSON_AddItemToArray(list, doc);
        doc = list;
    }
    cJSON *out = schema ? schema_conform(doc, schema) : cJSON_Duplicate(doc, true);
    cJSON_Delete(doc);
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, x->op->response_key ? x->op->response_key : "document", out);
}

/* The record's file the path names; replies 404 when there is none. */
static zm_blob *path_file(zm_ctx *x, zm_doc **doc)
{
    *doc = engine_find_doc(x);
    if (!*doc) return NULL;
    zm_blob *b = files_find(*doc, x->op->sub_id_param ? request_param(x->req, x->op->sub_id_param) : NULL);
    if (!b) reply_error(x->rep, ZE_NOT_FOUND, "Document");
    return b;
}

void files_document_get(zm_ctx *x)
{
    zm_doc *d;
    zm_blob *b = path_file(x, &d);
    if (b) files_reply(x->rep, b);
}

void files_document_delete(zm_ctx *x)
{
    zm_doc *d;
    zm_blob *b = path_file(x, &d);
    if (!b) return;
    files_remove(d, b->id);
    reply_success(x->rep, x->op->status, x->op->message ? x->op->message : "The document has been deleted.");
}

/* item_images.c -- an item's images: uploaded as multipart files, kept in memory with the item, served back with their content type */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/files.h"
#include "inventory/items.h"
#include "inventory/record_ids.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. The item's images are its files of slot "image", in
 * order: the first is the primary image (GET /items/{id}/image serves it;
 * image_id, image_name and image_type name it on the record; documents
 * lists every image's id). The back image is the file of slot
 * "back_image". The same answers serve composite items' images. */

static const char *extension(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : "";
}

/* The record's image fields from its files. */
static void refresh_record(zm_ctx *x, zm_doc *d)
{
    const zm_blob *primary = files_first(d, "image");
    rec_set_str(d->json, "image_id", primary ? primary->id : "");
    rec_set_str(d->json, "image_name", primary ? primary->file_name : "");
    rec_set_str(d->json, "image_type", primary ? extension(primary->file_name) : "");
    cJSON *docs = cJSON_CreateArray();
    for (size_t i = 0; i < d->files.n; i++)
        if (!strcmp(d->files.v[i].slot, "image")) cJSON_AddItemToArray(docs, cJSON_CreateString(d->files.v[i].id));
    json_set(d->json, "documents", docs);
    const zm_blob *back = files_first(d, "back_image");
    rec_set_str(d->json, "back_image_id", back ? back->id : "");
    record_stamp(x, d->json, false);
}

/* Moves the last file to position `at` among the files (0: first). */
static void move_last_to(zm_doc *d, size_t at)
{
    if (!d->files.n || at >= d->files.n - 1) return;
    zm_blob last = d->files.v[d->files.n - 1];
    memmove(&d->files.v[at + 1], &d->files.v[at], (d->files.n - 1 - at) * sizeof last);
    d->files.v[at] = last;
}

static size_t first_image_index(const zm_doc *d)
{
    for (size_t i = 0; i < d->files.n; i++)
        if (!strcmp(d->files.v[i].slot, "image")) return i;
    return d->files.n;
}

static void done(zm_ctx *x, zm_doc *d)
{
    refresh_record(x, d);
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

void item_image_upload(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d || !files_check_uploads(x, "image")) return;
    const zm_blob *old = files_first(d, "image");
    if (old) files_remove(d, old->id);
    size_t at = first_image_index(d);
    files_add(x->org, d, "image", files_upload(x->req, "image"));
    move_last_to(d, at);
    done(x, d);
}

void item_image_get(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    const zm_blob *b = files_first(d, "image");
    if (!b) reply_error(x->rep, ZE_NOT_FOUND, "Image");
    else files_reply(x->rep, b);
}

void item_image_delete(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    const zm_blob *b = files_first(d, "image");
    if (!b) {
        reply_error(x->rep, ZE_NOT_FOUND, "Image");
        return;
    }
    files_remove(d, b->id);
    done(x, d);
}

/* The ids of ?<name>=a,b,c; NULL (after replying) when absent and required. */
static char *query_ids(zm_ctx *x, const char *name, bool required)
{
    char buf[4096];
    int n = request_query(x->req, name, buf, sizeof buf);
    if (n == -2 || (n <= 0 && required)) {
        reply_error(x->rep, n == -2 ? ZE_INVALID_PARAM : ZE_PARAM_MANDATORY, name);
        return NULL;
    }
    return xstrdup(n > 0 ? buf : "");
}

/* Each id of the list must be one of the record's images. */
static bool all_images(zm_ctx *x, zm_doc *d, const char *list, const char *name)
{
    char *copy = xstrdup(list), *save = NULL;
    bool ok = true;
    for (char *id = strtok_r(copy, ",", &save); id && ok; id = strtok_r(NULL, ",", &save)) {
        const zm_blob *b = files_find(d, id);
        ok = b && !strcmp(b->slot, "image");
    }
    free(copy);
    if (!ok) reply_error(x->rep, ZE_INVALID_PARAM, name);
    return ok;
}


void item_images_upload(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    bool remove_all = false, primary = false;
    if (!d || !request_query_bool(x->req, x->rep, "remove_all", false, &remove_all) ||
        !request_query_bool(x->req, x->rep, "update_primary_image", false, &primary) ||
        !files_check_uploads(x, "image"))
        return;
    /* document_ids: the images already there that stay (the rest go). */
    char *keep = query_ids(x, "document_ids", false);
    if (!keep) return;
    if (*keep && !all_images(x, d, keep, "document_ids")) {
        free(keep);
        return;
    }
    for (size_t i = d->files.n; i-- > 0;) {
        zm_blob *b = &d->files.v[i];
        if (strcmp(b->slot, "image") != 0) continue;
        if (remove_all || (*keep && !id_listed(keep, b->id))) files_remove(d, b->id);
    }
    free(keep);
    size_t at = first_image_index(d);
    for (size_t i = 0; i < x->req->uploads.n; i++) {
        files_add(x->org, d, "image", &x->req->uploads.v[i]);
        if (primary && i == 0) move_last_to(d, at);
    }
    done(x, d);
}

void item_images_delete(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    char *ids = query_ids(x, "document_ids", true);
    if (!ids) return;
    if (all_images(x, d, ids, "document_ids")) {
        char *save = NULL;
        for (char *id = strtok_r(ids, ",", &save); id; id = strtok_r(NULL, ",", &save)) files_remove(d, id);
        done(x, d);
    }
    free(ids);
}

typedef struct ordered {
    zm_blob blob;
    long order;
    size_t was;
} ordered;

static int by_order(const void *a, const void *b)
{
    const ordered *x = a, *y = b;
    if (x->order != y->order) return x->order < y->order ? -1 : 1;
    return (x->was > y->was) - (x->was < y->was);
}

void item_images_reorder(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    /* Images the body does not name keep their place after the named ones. */
    ordered *rows = xcalloc(d->files.n + 1, sizeof *rows);
    size_t n = 0;
    for (size_t i = 0; i < d->files.n; i++) {
        if (strcmp(d->files.v[i].slot, "image") != 0) continue;
        rows[n] = (ordered){d->files.v[i], 1L << 30, i};
        n++;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(body, "documents")) {
        const char *id = rec_str(e, "document_id");
        char num[32];
        if (cJSON_IsNumber(json_get(e, "document_id"))) {
            snprintf(num, sizeof num, "%.0f", json_get(e, "document_id")->valuedouble);
            id = num;
        }
        size_t k = 0;
        while (k < n && strcmp(rows[k].blob.id, id) != 0) k++;
        if (k == n) {
            free(rows);
            reply_error(x->rep, ZE_INVALID_FIELD, "document_id");
            return;
        }
        rows[k].order = (long)rec_num(e, "order");
    }
    qsort(rows, n, sizeof *rows, by_order);
    /* The images take the places images held, in the new order. */
    size_t k = 0;
    for (size_t i = 0; i < d->files.n; i++)
        if (!strcmp(d->files.v[i].slot, "image")) d->files.v[i] = rows[k++].blob;
    free(rows);
    done(x, d);
}

/* Makes the image the back image (a back image already there becomes an image again). */
static void mark_back(zm_doc *d, zm_blob *b)
{
    zm_blob *old = files_first(d, "back_image");
    if (old) xstrset(&old->slot, "image");
    xstrset(&b->slot, "back_image");
}

void item_back_image_upload(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    char id[32];
    int n = request_query(x->req, "document_id", id, sizeof id);
    if (n > 0) {
        zm_blob *b = files_find(d, id);
        if (!b) {
            reply_error(x->rep, ZE_INVALID_PARAM, "document_id");
            return;
        }
        mark_back(d, b);
        done(x, d);
        return;
    }
    if (!files_check_uploads(x, "back_image")) return;
    files_remove_slot(d, "back_image");
    files_add(x->org, d, "back_image", files_upload(x->req, "back_image"));
    done(x, d);
}

void item_back_image_delete(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    if (!files_first(d, "back_image")) {
        reply_error(x->rep, ZE_NOT_FOUND, "Back image");
        return;
    }
    files_remove_slot(d, "back_image");
    done(x, d);
}

void item_back_image_mark(zm_ctx *x)
{
    zm_doc *d = items_find_param(x, "item_id");
    if (!d) return;
    zm_blob *b = files_find(d, request_param(x->req, "image_id"));
    if (!b) {
        reply_error(x->rep, ZE_NOT_FOUND, "Image");
        return;
    }
    mark_back(d, b);
    done(x, d);
}

/* docs_state.c -- a module's records in a saved state (--state, /__admin/state): JSON, sub-records and files, as JSON and back */
#include "model/docs_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/base64.h"
#include "util/json.h"

static cJSON *blob_to_state(const zm_blob *b)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "id", b->id);
    jw_str_or_null(j, "slot", b->slot);
    jw_str_or_null(j, "file_name", b->file_name);
    jw_str_or_null(j, "content_type", b->content_type);
    char *data = base64_encode(b->data ? b->data : (const unsigned char *)"", b->len);
    json_add_str(j, "data", data);
    free(data);
    return j;
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static void blob_from_state(zm_jr *r, const cJSON *j, zm_blob *b)
{
    memset(b, 0, sizeof *b);
    const char *id = jr_str(r, j, "id");
    if (strlen(id) >= sizeof b->id) jr_fail(r, "id", "too long");
    snprintf(b->id, sizeof b->id, "%s", id);
    b->slot = dup_or_null(jr_str_or_null(r, j, "slot"));
    b->file_name = dup_or_null(jr_str_or_null(r, j, "file_name"));
    b->content_type = dup_or_null(jr_str_or_null(r, j, "content_type"));
    const char *data = jr_str(r, j, "data");
    if (!jr_failed(r) && !base64_decode(data, &b->data, &b->len)) jr_fail(r, "data", "not base64");
}

cJSON *collection_to_state(const zm_collection *c)
{
    cJSON *j = cJSON_CreateObject();
    jw_u64(j, "next_number", c->next_number);
    cJSON *records = cJSON_AddArrayToObject(j, "records");
    for (size_t i = 0; i < c->docs.n; i++) {
        const zm_doc *d = c->docs.v[i];
        cJSON *x = cJSON_CreateObject();
        json_add_str(x, "id", d->id);
        jw_u64(x, "seq", d->seq);
        cJSON_AddItemToObject(x, "json", d->json ? cJSON_Duplicate(d->json, true) : cJSON_CreateNull());
        cJSON_AddItemToObject(x, "subs", d->subs ? cJSON_Duplicate(d->subs, true) : cJSON_CreateNull());
        cJSON *files = cJSON_AddArrayToObject(x, "files");
        for (size_t k = 0; k < d->files.n; k++) cJSON_AddItemToArray(files, blob_to_state(&d->files.v[k]));
        cJSON_AddItemToArray(records, x);
    }
    return j;
}

/* The record of x, through the store's own docs_add so that its table
 * (model/docs.h) knows it; its creation order as saved. */
static void record_from_state(zm_jr *r, const cJSON *x, struct zm_org *org, zm_collection *c)
{
    const char *id = jr_str(r, x, "id");
    if (!jr_failed(r) && (!*id || strlen(id) >= ID_LEN)) jr_fail(r, "id", "expected an id");
    if (!jr_failed(r) && idmap_get(&c->by_id, id)) jr_fail(r, "id", "a second record with this id");
    uint64_t seq = jr_u64(r, x, "seq");
    const cJSON *json = jr_object(r, x, "json"), *subs = jr_opt(r, x, "subs", cJSON_Object);
    const cJSON *files = jr_array(r, x, "files"), *f;
    if (jr_failed(r)) return;
    zm_doc *d = docs_add(org, c, id, cJSON_Duplicate(json, true));
    d->seq = seq;
    d->subs = subs ? cJSON_Duplicate(subs, true) : NULL;
    int k = 0;
    cJSON_ArrayForEach(f, files) {
        jr_enter(r, "files", k++);
        zm_blob b;
        blob_from_state(r, f, &b);
        VEC_PUSH(d->files, b);      /* freed with the record, whole or not */
        jr_leave(r);
        if (jr_failed(r)) break;
    }
    docs_changed(c, d);             /* its keys read again: the seq is the saved one */
}

void collection_from_state(zm_jr *r, const cJSON *j, struct zm_org *org, zm_collection *c)
{
    c->next_number = jr_u64(r, j, "next_number");
    const cJSON *records = jr_array(r, j, "records"), *x;
    int i = 0;
    cJSON_ArrayForEach(x, records) {
        if (jr_failed(r)) return;
        jr_enter(r, "records", i++);
        record_from_state(r, x, org, c);
        jr_leave(r);
    }
}

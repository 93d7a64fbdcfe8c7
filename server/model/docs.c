/* docs.c -- the document store: every organization's records of the Zoho modules, as JSON, by module and id */
#include "model/docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "util/alloc.h"

zm_collection *docs_collection(zm_org *org, int slot)
{
    if (slot < 0 || slot >= DOCS_MAX_MODULES) return NULL;
    if (!org->collections[slot]) org->collections[slot] = xcalloc(1, sizeof(zm_collection));
    return org->collections[slot];
}

zm_doc *docs_find(const zm_collection *c, const char *id)
{
    return c && id ? idmap_get(&c->by_id, id) : NULL;
}

zm_doc *docs_add(zm_org *org, zm_collection *c, const char *id, cJSON *json)
{
    zm_doc *d = xcalloc(1, sizeof *d);
    snprintf(d->id, sizeof d->id, "%s", id);
    d->json = json;
    d->seq = org_next_seq(org);
    VEC_PUSH(c->docs, d);
    idmap_put(&c->by_id, d->id, d);
    return d;
}

void blob_free(zm_blob *b)
{
    free(b->slot);
    free(b->file_name);
    free(b->content_type);
    free(b->data);
}

static void doc_free(zm_doc *d)
{
    cJSON_Delete(d->json);
    cJSON_Delete(d->subs);
    for (size_t i = 0; i < d->files.n; i++) blob_free(&d->files.v[i]);
    VEC_FREE(d->files);
    free(d);
}

void docs_remove(zm_collection *c, zm_doc *d)
{
    idmap_remove(&c->by_id, d->id);
    for (size_t i = 0; i < c->docs.n; i++) {
        if (c->docs.v[i] == d) {
            VEC_REMOVE(c->docs, i);
            break;
        }
    }
    doc_free(d);
}

void docs_clear(zm_org *org)
{
    for (int s = 0; s < DOCS_MAX_MODULES; s++) {
        zm_collection *c = org->collections[s];
        if (!c) continue;
        for (size_t i = 0; i < c->docs.n; i++) doc_free(c->docs.v[i]);
        VEC_FREE(c->docs);
        idmap_free(&c->by_id);
        free(c);
        org->collections[s] = NULL;
    }
    cJSON_Delete(org->preferences);
    org->preferences = NULL;
    for (size_t i = 0; i < org->outbox.n; i++) cJSON_Delete(org->outbox.v[i]);
    VEC_FREE(org->outbox);
}

cJSON *docs_sub_array(zm_doc *d, const char *name)
{
    if (!d->subs) d->subs = cJSON_CreateObject();
    cJSON *a = cJSON_GetObjectItemCaseSensitive(d->subs, name);
    if (!cJSON_IsArray(a)) {
        cJSON_DeleteItemFromObjectCaseSensitive(d->subs, name);
        a = cJSON_AddArrayToObject(d->subs, name);
    }
    return a;
}

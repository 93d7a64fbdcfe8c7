/* docs.c -- the document store: every organization's records of the Zoho modules, as JSON, by module and id, with their list tables */
#include "model/docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "util/alloc.h"

/* Set once at start-up (docs_define_table), read by every organization. */
static const zm_table_def *table_defs[DOCS_MAX_MODULES];

void docs_define_table(int slot, const zm_table_def *def)
{
    if (slot >= 0 && slot < DOCS_MAX_MODULES) table_defs[slot] = def;
}

zm_collection *docs_collection(zm_org *org, int slot)
{
    if (slot < 0 || slot >= DOCS_MAX_MODULES) return NULL;
    if (!org->collections[slot]) {
        zm_collection *c = xcalloc(1, sizeof(zm_collection));
        c->slot = slot;
        org->collections[slot] = c;
    }
    return org->collections[slot];
}

/* d may change while this call runs: its keys are read at every
 * docs_table until a later call begins, and its printed row is dropped.
 * No keys to track while the collection has no table yet (it reads every
 * record when made). */
static void hand_out(zm_collection *c, zm_doc *d)
{
    free(d->row);
    d->row = NULL;
    if (!c->table.def) return;
    if (!d->handed_out) VEC_PUSH(c->handed, d);
    d->handed_out = c->call + 1;            /* never 0 */
}

zm_doc *docs_find(zm_collection *c, const char *id)
{
    zm_doc *d = c && id ? idmap_get(&c->by_id, id) : NULL;
    if (d) hand_out(c, d);
    return d;
}

const zm_doc *docs_peek(const zm_collection *c, const char *id)
{
    return c && id ? idmap_get(&c->by_id, id) : NULL;
}

void docs_changed(zm_collection *c, zm_doc *d)
{
    hand_out(c, d);
}

void docs_begin_call(zm_org *org)
{
    for (int s = 0; s < DOCS_MAX_MODULES; s++)
        if (org->collections[s]) org->collections[s]->call++;
}

zm_table *docs_table(zm_collection *c)
{
    if (!c) return NULL;
    if (!c->table.def) {
        if (!table_defs[c->slot]) return NULL;
        table_init(&c->table, table_defs[c->slot]);
        for (size_t i = 0; i < c->docs.n; i++) table_insert(&c->table, c->docs.v[i]);
        return &c->table;
    }
    /* Records handed out in an earlier call have changed for the last
     * time: read once more and forgotten; this call's stay listed. */
    uint64_t now = c->call + 1;
    size_t kept = 0;
    for (size_t i = 0; i < c->handed.n; i++) {
        zm_doc *d = c->handed.v[i];
        table_update(&c->table, d);
        if (d->handed_out == now) c->handed.v[kept++] = d;
        else d->handed_out = 0;
    }
    c->handed.n = kept;
    return &c->table;
}

zm_doc *docs_add(zm_org *org, zm_collection *c, const char *id, cJSON *json)
{
    zm_doc *d = xcalloc(1, sizeof *d);
    snprintf(d->id, sizeof d->id, "%s", id);
    d->json = json;
    d->seq = org_next_seq(org);
    d->slot = c->slot;
    VEC_PUSH(c->docs, d);
    idmap_put(&c->by_id, d->id, d);
    if (c->table.def) {
        table_insert(&c->table, d);
        hand_out(c, d);             /* its maker may still finish it (names, totals) */
    }
    return d;
}

const zm_doc *docs_stale(zm_org *org, int *slot, const char **what)
{
    for (int s = 0; s < DOCS_MAX_MODULES; s++) {
        zm_collection *c = org->collections[s];
        if (!c || !c->table.def) continue;
        const void *row = table_stale_row(docs_table(c), what);
        if (row) {
            *slot = s;
            return row;
        }
    }
    return NULL;
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
    free(d->row);
    cJSON_Delete(d->json);
    cJSON_Delete(d->subs);
    for (size_t i = 0; i < d->files.n; i++) blob_free(&d->files.v[i]);
    VEC_FREE(d->files);
    free(d);
}

void docs_remove(zm_collection *c, zm_doc *d)
{
    idmap_remove(&c->by_id, d->id);
    table_remove(&c->table, d);
    for (size_t i = 0; d->handed_out && i < c->handed.n; i++) {
        if (c->handed.v[i] == d) {
            VEC_REMOVE(c->handed, i);
            break;
        }
    }
    for (size_t i = c->docs.n; i-- > 0;) {
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
        table_free(&c->table);
        VEC_FREE(c->handed);
        free(c->list_state);
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

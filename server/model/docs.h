/* docs.h -- the document store: every organization's records of the Zoho modules, as JSON, by module and id */
#ifndef ZM_DOCS_H
#define ZM_DOCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "util/idmap.h"
#include "util/json.h"
#include "util/vec.h"

struct zm_org;

/* A file kept with a record: an attachment, an image, a document. */
typedef struct zm_blob {
    char id[ID_LEN];
    char *slot;                 /* what it is to the record: "attachment", "image", "documents" */
    char *file_name;
    char *content_type;
    unsigned char *data;
    size_t len;
} zm_blob;

/* One record of a module (a sales order, a contact, a tax...). `json` is
 * the record as Zoho prints it, every field of its schema; `subs` keeps
 * what hangs off it and is not printed with it ({"comments": [...],
 * "refunds": [...]}); `files` its uploads. */
typedef struct zm_doc {
    char id[ID_LEN];
    cJSON *json;
    cJSON *subs;                /* an object, or NULL */
    VEC(zm_blob) files;
    uint64_t seq;               /* creation order in the organization */
} zm_doc;

/* The records of one module in one organization. */
typedef struct zm_collection {
    VEC(zm_doc *) docs;         /* creation order */
    zm_idmap by_id;             /* id -> zm_doc* */
    uint64_t next_number;       /* the next auto number (1, 2, ...) */
} zm_collection;

/* The collection of module slot `slot` (0 .. DOCS_MAX_MODULES-1, given out
 * by the inventory engine) of the organization, created empty when missing. */
#define DOCS_MAX_MODULES 96
zm_collection *docs_collection(struct zm_org *org, int slot);

zm_doc *docs_find(const zm_collection *c, const char *id);
/* Takes ownership of json; the record's id is `id`. */
zm_doc *docs_add(struct zm_org *org, zm_collection *c, const char *id, cJSON *json);
/* Removes and frees the record. */
void docs_remove(zm_collection *c, zm_doc *d);
/* Every record of every module of the organization (reset, shutdown). */
void docs_clear(struct zm_org *org);

/* Sub-records: the array named `name` of d->subs, created when missing. */
cJSON *docs_sub_array(zm_doc *d, const char *name);

void blob_free(zm_blob *b);

#endif

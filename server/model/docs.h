/* docs.h -- the document store: every organization's records of the Zoho modules, as JSON, by module and id */
#ifndef ZM_DOCS_H
#define ZM_DOCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "model/index.h"
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
    int slot;                   /* its collection's module slot (the table's key functions read it) */
    uint64_t handed_out;        /* 1 + its collection's `call` when last handed out; 0: not
                                   since its keys were last read in a later call */
    char *row;                  /* its list row as last printed (JSON text), kept while it is
                                   not handed out (inventory/engine_rows.c); NULL: none */
    size_t row_len;
    size_t row_state_len;       /* row[row_len + 1 ..]: what else the row was printed from
                                   (a module's row_state: an item's stock), to compare */
    uint64_t row_epoch;         /* its collection's row_epoch when the row was printed */
} zm_doc;

/* The records of one module in one organization.
 *
 * Each collection keeps a table (model/index.h) of its records: their sort
 * columns, unique number and search texts as the module's table definition
 * says (docs_define_table; the inventory engine's engine_index.c), so that
 * a list walks the page in order and a number is found by a hash probe.
 * The table copies the keys; records change in place all over the modules'
 * hooks, so the rule is: a record handed out (docs_find, docs_add) may
 * change for as long as the API call that asked for it runs, and its keys
 * are read again every time the table is used (docs_table) until a later
 * call has begun (docs_begin_call). A record changed without being handed
 * out -- reached by walking `docs` -- must be announced with docs_changed. */
typedef struct zm_collection {
    VEC(zm_doc *) docs;         /* creation order */
    zm_idmap by_id;             /* id -> zm_doc* */
    uint64_t next_number;       /* the next auto number (1, 2, ...) */
    int slot;
    uint64_t call;              /* API calls begun in the organization (docs_begin_call) */
    zm_table table;             /* zero until first used (docs_table) */
    VEC(zm_doc *) handed;       /* records whose keys may have moved (handed_out != 0) */
    char *list_state;           /* what every kept row of a module with a print hook was
                                   printed from (its list_state: the locations), or NULL */
    size_t list_state_len;
    uint64_t row_epoch;         /* moves on whenever list_state changes: older rows are stale */
} zm_collection;

/* The collection of module slot `slot` (0 .. DOCS_MAX_MODULES-1, given out
 * by the inventory engine) of the organization, created empty when missing. */
#define DOCS_MAX_MODULES 96
zm_collection *docs_collection(struct zm_org *org, int slot);

/* The table definition of slot's collections in every organization (rows
 * are zm_doc *; uniques[0], when any, is the record number). Set at
 * start-up, before requests; def stays valid for the process. */
void docs_define_table(int slot, const zm_table_def *def);
/* The collection's table with every record's keys up to date; NULL when
 * the slot has no definition. */
zm_table *docs_table(zm_collection *c);
/* d's keys may have moved (in this call): they are read again before the
 * table is next used. */
void docs_changed(zm_collection *c, zm_doc *d);
/* A new API call begins in the organization (its lock held): records
 * handed out before it are no longer being changed. */
void docs_begin_call(struct zm_org *org);
/* The first record of the organization whose keys in its collection's
 * table are out of date although nobody handed it out or announced it
 * (docs_changed): a change the lists would miss. NULL when none; else the
 * record, its slot in *slot and the key in *what. O(records): tests. */
const zm_doc *docs_stale(struct zm_org *org, int *slot, const char **what);

zm_doc *docs_find(zm_collection *c, const char *id);
/* The record by id without handing it out: to read only, never to change
 * (a print hook reading another module's record). NULL when absent. */
const zm_doc *docs_peek(const zm_collection *c, const char *id);
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

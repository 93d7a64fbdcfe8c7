/* engine_impl.h -- what the generic engine's files share: finding, building, printing and keeping records */
#ifndef ZM_ENGINE_IMPL_H
#define ZM_ENGINE_IMPL_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "inventory/module.h"

/* ------------------------------------------------------------ engine.c */

/* The success message of the operation ("success" when undocumented). */
const char *engine_message(const zm_op *op);
/* The record the path names (op->id_param); replies 404 "<label> does not
 * exist." and returns NULL when there is none. */
zm_doc *engine_find_doc(zm_ctx *x);
/* The record as this operation prints it under `schema` (conformed, live
 * figures added, ids as numbers for a numeric_ids organization). */
cJSON *engine_print(zm_ctx *x, const zm_doc *d, const cJSON *schema);
/* {"code":0,"message",<response_key>: record} with the operation's status;
 * a flat answer puts the record's members beside code and message. */
void engine_answer_record(zm_ctx *x, const zm_doc *d);
/* A flat answer (op->response_flat): rec's members, code and message
 * aside, moved beside body's code and message; rec is freed. */
void engine_answer_flat(cJSON *body, cJSON *rec);
/* Turns every *_id string of digits under v into a JSON number
 * (organizations with numeric_ids). */
void engine_numeric_ids(cJSON *v);

/* ------------------------------------------------------------ record.c */

/* Merges the body into the record (record schema `schema`): scalars
 * replace, objects merge, arrays of objects are replaced element by
 * element, an element naming an existing line (line_item_id ...) keeping
 * what it does not send, new lines getting ids. Members the schema does
 * not declare are left out. The schema must live as long as the process
 * (the compiled-in documents, or one made once): empty lines are copied
 * from ones kept by its address (engine_default). */
void record_merge(zm_ctx *x, cJSON *record, const cJSON *body, const cJSON *schema);
/* created_time/last_modified_time (and created_by) from the org clock and
 * the caller; an empty date field gets today. */
void record_stamp(zm_ctx *x, cJSON *record, bool created);
/* Checks every reference the record makes (customer_id, item_id, ...
 * also inside lines) against the organization, and copies the names
 * Zoho prints beside them (customer_name, line names, location_name...).
 * false after replying 400 code 4 naming the field. */
bool record_resolve(zm_ctx *x, cJSON *record);
/* Line totals (kept when the client sent item_total), sub_total,
 * tax_total and total. */
void record_totals(cJSON *record, const cJSON *body);
/* The next auto number of the module in the org ("SO-00001"), or the
 * client's when ignore_auto_number_generation=true; refuses duplicates.
 * false after replying. */
bool record_number(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);

/* ------------------------------------------------------ engine_index.c */

/* The list table of m's collections (docs_define_table): its columns for
 * the sort columns `list` (m's list operation, or NULL) documents. Called
 * once per module at start-up, after m->slot and m->record_schema. */
void engine_index_define(const zm_module *m, const zm_op *list);

/* Whether a record of x's collection other than self_id (NULL: none) has
 * `value` in `field`, a unique key: the number (exactly) or "sku" (ASCII
 * case aside). A hash probe; a scan where the table cannot say. */
bool engine_key_taken(zm_ctx *x, const char *field, const char *value, const char *self_id);

/* The property schema m's list row declares under name (spec_property of
 * m->row_schema, by a hash), and its type in *kind (may be NULL); NULL
 * when none. engine_row_properties_known:
 * the row schema has properties of its own (schema_project keeps only
 * them), so the look-up applies. */
typedef enum zm_row_kind {
    ROW_ANY,            /* no type: kept as it is */
    ROW_STRING, ROW_NUMBER, ROW_INTEGER, ROW_BOOLEAN,
    ROW_OTHER,          /* objects, arrays */
} zm_row_kind;
const cJSON *engine_row_property(const zm_module *m, const char *name, zm_row_kind *kind);
bool engine_row_properties_known(const zm_module *m);

/* schema_default(schema), copied from one made the first time (object
 * schemas of the compiled-in documents only: records, lines). */
cJSON *engine_default(const cJSON *schema);

/* ------------------------------------------------------ the operations */

void engine_list(zm_ctx *x);            /* engine_list.c */
/* For tests: every list filters and sorts every record (true), the way
 * lists the table cannot walk are made -- the reference a walked page
 * must equal; false (the default): walked where the table allows. */
void engine_list_full_sort(bool on);

void engine_action(zm_ctx *x);          /* engine_actions.c */

/* engine_rows.c: d's list row appended to b as JSON text. keep: the row
 * may be kept with the record and reused while the record is not handed
 * out and, for a module with a print hook, while what the hook reads is
 * unchanged (module.h row_state, list_state; a module with a print hook
 * and no row_state is never kept); organizations without numeric_ids;
 * false for the reference lists, which print every row afresh. plan: what
 * one list call learns of its records' members and the module's
 * list_state, from engine_row_plan_new(x) at the start of the call, freed
 * by engine_row_plan_free before the call ends; NULL: rows of a module
 * with a print hook are not kept. */
struct zm_json_buf;
typedef struct zm_row_plan zm_row_plan;
zm_row_plan *engine_row_plan_new(zm_ctx *x);
void engine_row_plan_free(zm_row_plan *plan);
void engine_append_row(zm_ctx *x, zm_doc *d, bool keep, zm_row_plan *plan, struct zm_json_buf *b);
/* A record whose kept list row (zm_doc.row) is no longer what it prints:
 * a change nobody announced (model/docs.h). NULL when none. O(rows): tests. */
const zm_doc *engine_list_stale_row(zm_org *org, const zm_module **module);
void engine_bulk(zm_ctx *x);            /* engine_actions.c: bulk actions, bulk update, bulk delete */
void engine_sub(zm_ctx *x);             /* engine_subs.c */
void engine_other(zm_ctx *x);           /* engine_subs.c: what no other kind covers */

/* Moves the stock the record's change moves (module `moves` hook):
 * before NULL on create, after NULL on delete. false after replying 400
 * ZE_STOCK (nothing moved). */
bool engine_move_stock(zm_ctx *x, const cJSON *before, const cJSON *after);
/* The same for two lists of moves: what `now` moves less what `was`
 * moved (a move in both stays as it is), with the organization's negative
 * stock preference. false after replying 400 ZE_STOCK naming x's module
 * (nothing moved). */
bool engine_apply_moves(zm_ctx *x, const zm_stock_moves *was, const zm_stock_moves *now);

/* Moves stock, applies the module's hooks and keeps `after` as d's record
 * (takes it). false after a refusal (after is freed, d and stock unchanged). */
bool engine_commit(zm_ctx *x, zm_doc *d, cJSON *after);

#endif

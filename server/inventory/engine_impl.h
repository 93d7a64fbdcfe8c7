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
 * not declare are left out. */
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

/* ------------------------------------------------------ the operations */

void engine_list(zm_ctx *x);            /* engine_list.c */
void engine_action(zm_ctx *x);          /* engine_actions.c */
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

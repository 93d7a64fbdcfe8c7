/* documents.h -- what the sales and purchase documents share: records seen with the change in flight, refusals, rounding, lines */
#ifndef ZM_DOCUMENTS_H
#define ZM_DOCUMENTS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "inventory/module.h"

/* A figure that other documents decide (an order line's quantity_packed,
 * an invoice's balance) is recomputed from all of them whenever one
 * changes. The change in flight is not kept yet when its module's apply
 * hook runs: the recomputation sees it through a doc_view. */

/* One record seen as it is about to be: module's record `id` is `json`
 * (NULL: deleted; a record not kept yet is added). */
typedef struct doc_view {
    const char *module;
    const char *id;
    const cJSON *json;
} doc_view;

/* Calls fn with every record of the module in the organization, the
 * viewed one (view may be NULL) as it will be. */
typedef void (*doc_visit)(const cJSON *rec, void *arg);
void doc_each(zm_ctx *x, const char *module, const doc_view *view, doc_visit fn, void *arg);

/* The module's records in the organization; NULL for no such module. */
zm_collection *doc_collection(zm_ctx *x, const char *module);

/* Replies 400 code 4 "Invalid value passed for <field>"; false. */
bool doc_invalid(zm_ctx *x, const char *field);
/* Replies 400 code 4 with the message (printf); false. */
bool doc_refuse(zm_ctx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A line's quantity of the item: false (400 code 4 naming the item) when
 * the item is tracked by serial numbers and the quantity is not whole. */
bool doc_whole_units(zm_ctx *x, const char *item_id, double quantity);

/* True when the operation in flight is this action ("status/void"). */
bool doc_is_action(const zm_ctx *x, const char *verb);

/* Money and quantities as Zoho prints them (2 decimals, no -0). */
double doc_round(double v);
#define DOC_EPSILON 0.000001

/* The line of a document by its line_item_id; NULL if none. */
cJSON *doc_line(const cJSON *record, const char *line_item_id);

/* Keeps a line field the client sent that the documented record does
 * not print (an invoice line's salesorder_item_id, a bill line's
 * item_id): copied from the body's line to the record's line at the
 * same place, a number as its digits. */
void doc_keep_line_field(cJSON *record, const cJSON *body, const char *field);

#endif

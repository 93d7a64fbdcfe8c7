/* adjustments_impl.h -- what the item adjustment files share: a body read and checked, lines laid on stock, answers */
#ifndef ZM_ADJUSTMENTS_IMPL_H
#define ZM_ADJUSTMENTS_IMPL_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "inventory/adjustments.h"
#include "inventory/stock_guard.h"
#include "zoho/request.h"

/* The files:
 *   adjustments.c        printing, stock, create, list, retrieve, delete
 *   adjustments_parse.c  reading and checking a create or update body
 *   adjustments_flow.c   update, submit, approve, approve/final, reject
 *
 * Statuses: "adjusted" (the default: the stock moved when it was made),
 * "draft" (a body with "status": "draft"; no stock moved), then submit ->
 * "pending_approval" -> approve or approve/final -> "adjusted" (the stock
 * moves then), or reject -> "rejected" (submit again, or edit). */

/* A validated line of a body; strings borrowed from the body. */
typedef struct parsed_line {
    zm_item *item;
    zm_location *location;
    zm_account *account;
    zm_id storage_id;
    zm_id line_item_id;         /* the line it updates ("" for a new line) */
    double amount;              /* quantity_adjusted or value_adjusted */
    const char *description;
    VEC(const char *) serials;
    VEC(zm_batch) batches;
} parsed_line;

/* A validated create or update body. */
typedef struct parsed_adjustment {
    char date[16];
    bool is_value;
    const char *description;
    const char *reference_number;
    const char *status;         /* "adjusted" or "draft" */
    zm_id location_id;          /* the body's location_id / warehouse_id, "" when none */
    const cJSON *custom_fields; /* NULL when not sent */
    zm_reason *reason;
    parsed_line *lines;
    size_t n;
} parsed_adjustment;

/* Reads and checks a body (every line, its tracking against the stock as
 * it is now, the reason last: it may add one). `existing` is the
 * adjustment an update changes (its line_item_ids may be named), else
 * NULL. false after replying; nothing changed but a new reason. */
bool adjustment_parse(zm_request *req, zm_reply *rep, const cJSON *body, const zm_adjustment *existing,
                      parsed_adjustment *out);
void adjustment_parsed_free(parsed_adjustment *p);

/* Replaces a's fields and lines with the parsed ones (no stock moves). */
void adjustment_fill(zm_org *org, zm_adjustment *a, const parsed_adjustment *p);

/* Moves the stock of a quantity adjustment's lines (sign +1), or puts it
 * back (-1), tracking included. */
void adjustment_stock(zm_org *org, zm_adjustment *a, int sign);

/* The net change of a's quantity lines, times sign, per item and location. */
void adjustment_deltas(const zm_adjustment *a, int sign, stock_deltas *d);
/* The organization's negative stock preference (inventory/stock_guard.h)
 * for a change of `net` (`pending` of it still to move, or NULL): false
 * after replying 400 4252 naming the adjustment. */
bool adjustment_stock_allowed(zm_reply *rep, zm_org *org, const stock_deltas *net, const stock_deltas *pending);
/* The same for a's whole change (times sign: +1 it moves, -1 it is taken back). */
bool adjustment_change_allowed(zm_reply *rep, zm_org *org, const zm_adjustment *a, int sign);

/* {"code":0,"message",inventory_adjustment} with ids as numbers for a
 * numeric_ids organization. */
void adjustment_answer(zm_request *req, zm_reply *rep, int status, const char *message, const zm_adjustment *a);

/* The adjustment the path names; replies 404 when none. */
zm_adjustment *adjustment_from_path(zm_request *req, zm_reply *rep, size_t *index);

#endif

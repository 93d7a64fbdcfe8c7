/* stock_guard.h -- the organization's "prevent negative stock" for the stock moved outside the ledger: item adjustments and stock count approvals */
#ifndef ZM_STOCK_GUARD_H
#define ZM_STOCK_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"

/* Item adjustments (and the ones stock count approvals make) move both
 * figures of an item at a location by the same quantity, with tracking
 * of their own (model/stock_tracking.h), not through the ledger. Before
 * such a change moves anything, its net change per item and location is
 * weighed here against the organization's preference
 * (is_negative_stock_allowed, inventory/settings.c), as the ledger weighs
 * a document's moves: refused when it is false and a place whose stock
 * goes down would end below zero, physical or accounting. */

typedef struct stock_delta {
    zm_id item_id;
    zm_id location_id;
    double delta;
} stock_delta;

typedef VEC(stock_delta) stock_deltas;

/* Adds delta to the pair's net change. */
void stock_deltas_add(stock_deltas *d, const char *item_id, const char *location_id, double delta);

/* True when the organization allows negative stock or no place whose
 * stock the change `net` lowers ends below zero; else false with why =
 * "<item> would go below zero at <location>" (ZE_STOCK's second argument).
 * The end is the stock now plus `pending` (what is still to move of the
 * change: an update whose old lines were already taken back), or plus
 * `net` when pending is NULL. */
bool stock_deltas_allowed(zm_org *org, const stock_deltas *net, const stock_deltas *pending, char *why,
                          size_t why_size);

/* Whether the organization forbids negative stock. */
bool stock_negative_forbidden(zm_org *org);

#endif

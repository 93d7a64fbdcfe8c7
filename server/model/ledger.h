/* ledger.h -- stock moves made by documents: physical, accounting and committed stock, serials and batches, all or none */
#ifndef ZM_LEDGER_H
#define ZM_LEDGER_H

/* Zoho keeps three figures per item and location: physical stock
 * (available_stock: shipments and receives move it), accounting stock
 * (stock_on_hand: invoices, bills, credit notes, vendor credits), and
 * committed stock (confirmed sales orders not yet shipped). Adjustments,
 * opening stock, transfers and stock count approvals move the first two
 * together. A document describes what it moves as a list of moves; the
 * engine applies the difference between a document's moves before and
 * after a change (inventory/engine.c), so deleting or voiding a document
 * gives back exactly what it moved. */

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"

typedef struct zm_stock_move {
    zm_id item_id;
    zm_id location_id;
    zm_id storage_id;           /* "" when not in a bin */
    double physical;            /* change of physical stock */
    double accounting;          /* change of accounting stock */
    double committed;           /* change of committed stock */
    zm_strings serials;         /* serial numbers that move in (physical > 0) or out (< 0) */
    VEC(zm_batch) batches;      /* batches that move, signed like physical */
} zm_stock_move;

typedef VEC(zm_stock_move) zm_stock_moves;

/* Appends a move (serials and batches added to it afterwards). */
zm_stock_move *moves_add(zm_stock_moves *m, const char *item_id, const char *location_id,
                         const char *storage_id, double physical, double accounting, double committed);
void move_add_serial(zm_stock_move *mv, const char *serial);
void move_add_batch(zm_stock_move *mv, const char *batch_number, double quantity);
/* Appends every move of `from` with its signs turned (what undoing it moves). */
void moves_append_opposite(zm_stock_moves *to, const zm_stock_moves *from);
void moves_free(zm_stock_moves *m);

/* Applies every move, or none: refused (-1, one line in err naming the
 * item and place) when an item does not exist, a serial leaves a place
 * that does not hold it or enters while the item holds it somewhere, a
 * batch would go below zero at the location, or, with forbid_negative,
 * an item's physical or accounting stock at a location would end below
 * zero. Serials and batches leave the move's bin first, then the
 * location's other rows; they arrive in the move's bin. */
int stock_apply(zm_org *org, const zm_stock_moves *m, bool forbid_negative, char *err, size_t errlen);

/* An item's figures at a location (NULL: everywhere). */
double item_physical_at(const zm_item *item, const char *location_id);
double item_accounting_at(const zm_item *item, const char *location_id);
double item_committed_at(const zm_item *item, const char *location_id);

#endif

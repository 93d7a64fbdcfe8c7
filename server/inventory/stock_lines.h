/* stock_lines.h -- what a warehouse document's line moves at one place: bins, serial numbers and batches, checked, then as ledger moves */
#ifndef ZM_STOCK_LINES_H
#define ZM_STOCK_LINES_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "inventory/module.h"
#include "model/ledger.h"

/* How it works. A line of a transfer order, move order, putaway or bundle
 * moves stock out of one place and into another (a bundle's components
 * only out, its composite only in). At each place (a side) the line may
 * say where in the location and which units:
 *
 *   bins     [{storage_id, <bin_qty>, serial_numbers?}]
 *   serials  ["SN-1", ...] or [{"serial_number": "SN-1"}, ...]
 *   batches  [{batch_number or batch_id, <batch_qty>, <batch_bins>?: [{storage_id, <batch_bin_qty>}]}]
 *
 * Each document spells these its own way (a transfer's from_storages with
 * out_quantity, a move order's from_storages with quantity...): a
 * stock_side names the members its lines use. The moves are a pure
 * function of the record (model/ledger.h: the engine moves the difference
 * between a record's moves before and after a change), so the check writes
 * what it resolves (a batch_id's batch_number) on the record.
 *
 * The stock of a side is cut into pieces: the batches' own bins, else each
 * batch laid over the line's bins in order, else the line's bins, else the
 * location's stock outside bins. A bin's own serial numbers stay in that
 * bin; the line's other serials fill the pieces in order. Serials and
 * batches then move by the ledger's rules: leaving, they come from the
 * piece's bin first, then from wherever they sit at the location. */

typedef struct stock_side {
    const char *item_id;
    const char *location_id;
    double quantity;
    const cJSON *bins;              /* the line's bins at this place, or NULL */
    const char *bin_qty;            /* their quantity member ("out_quantity") */
    const cJSON *serials;           /* or NULL */
    const cJSON *batches;           /* or NULL */
    const char *batch_qty;          /* a batch's quantity member */
    const char *batch_bins;         /* a batch's own bins at this place ("from_storages"), or NULL */
    const char *batch_bin_qty;
    const char *batch_rename;       /* a batch's number at this place when it names one ("batch_in_number"), or NULL */
} stock_side;

/* Checks a side before anything moves: whole units of a serial-tracked
 * item; bins of the location with positive quantities adding up to the
 * side's; serial numbers only for
 * serial-tracked items, none twice, as many as the quantity; batches only
 * for batch-tracked items, each named by batch_number or by the batch_id
 * of one of the item's batch records (whose number is then written in the
 * batch: `batches` is the record's array), adding up to the quantity,
 * their bins to theirs. Replies 400 naming the field; false. */
bool stock_side_check(zm_ctx *x, const stock_side *s, cJSON *batches);

/* The side's moves, both figures, times sign (-1 leaving, +1 arriving). */
void stock_side_moves(const stock_side *s, double sign, zm_stock_moves *out);

/* A serial number as lines give it: a string, or {"serial_number"}. "" otherwise. */
const char *stock_serial_text(const cJSON *e);

/* Members of the body's lines that the documented record line does not
 * keep (a transfer's serial_numbers, batches and bins), copied onto the
 * record's line of the same index; `names` ends with NULL. */
void stock_lines_keep(cJSON *record, const cJSON *body, const char *const *names);

#endif

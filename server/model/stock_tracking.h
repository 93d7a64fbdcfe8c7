/* stock_tracking.h -- serial numbers and batches in stock rows: look-ups, and the moves an adjustment makes */
#ifndef ZM_STOCK_TRACKING_H
#define ZM_STOCK_TRACKING_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"

/* Quantities closer than this are equal (counted 1.5 vs system 1.5). */
#define QTY_EPSILON 1e-9

/* s in the list v[0..n); *index (may be NULL) gets where. */
bool strings_find(char *const *v, size_t n, const char *s, size_t *index);
bool batches_contain(const zm_batch *v, size_t n, const char *batch_number);
/* Sum of the quantities listed under batch_number (0 when absent). */
double batches_quantity(const zm_batch *v, size_t n, const char *batch_number);

/* The row of the item at location_id holding the serial: the row of
 * storage_id first, then any; NULL when none. */
zm_stock_row *item_serial_holder(zm_item *item, const char *location_id, const char *storage_id,
                                 const char *serial);

/* The one place tracking changes stock. sign +1: works the line's asked
 * tracking (serials_added / serials_removed / batches) out into moves on
 * the item's rows at the line's location (added serials and positive
 * batch changes go to the line's row; removed serials come from the row
 * holding them, the line's first; negative batch changes from the line's
 * row, then the location's other rows), records them on the line and
 * makes them. sign -1 (deleting the adjustment): makes the recorded
 * moves' opposites, last first, so everything goes back where it was. */
void tracking_apply(zm_item *item, zm_adjustment_line *l, int sign);

#endif

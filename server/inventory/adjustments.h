/* adjustments.h -- item adjustments: recording one (from the API or a stock count), and printing it */
#ifndef ZM_ADJUSTMENTS_H
#define ZM_ADJUSTMENTS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "model/model.h"

/* One line of a quantity adjustment, already validated by the caller.
 * Tracking is optional (NULL/0 when none) and applied at the line's
 * location: a removed serial number is taken from the line's row (location
 * + storage) when it holds it, else from whichever row at the location
 * does; an added serial goes to the line's row. A batch's positive change
 * goes to the line's row (the batch is created if new); a negative one is
 * taken from the line's row first, then from the location's other rows
 * holding that batch, in row order (what none holds is taken from the
 * line's row, below 0). A batch that reaches 0 is dropped from its row.
 * The line remembers the rows it touched, and deleting the adjustment puts
 * exactly those back. */
typedef struct zm_adjustment_input {
    const zm_item *item;
    const zm_location *location;
    const char *storage_id;     /* NULL or "": not in a bin */
    double quantity;            /* signed change of stock */
    const char *description;
    const char *const *serials_added;
    size_t n_serials_added;
    const char *const *serials_removed;
    size_t n_serials_removed;
    const zm_batch *batches;    /* signed change per batch number */
    size_t n_batches;
} zm_adjustment_input;

/* Records a quantity adjustment and changes stock (quantities and
 * tracking) exactly as POST /inventoryadjustments does. Used by stock
 * count approval; the adjustment remembers the count (deleting it is then
 * refused). */
zm_adjustment *adjustment_record_quantity(zm_org *org, const char *date, const zm_reason *reason,
                                          const zm_account *account, const char *description,
                                          const char *reference_number, const char *user_id,
                                          const zm_adjustment_input *lines, size_t n,
                                          const char *inventorycount_id);

/* The adjustment as Zoho prints it, ids as strings (the answers turn them
 * into exact numbers for a numeric_ids organization); `full`
 * adds line_items (retrieve/create) to the list's summary fields. */
cJSON *adjustment_to_json(const zm_org *org, const zm_adjustment *a, bool full);

#endif

/* adjustments.h -- item adjustments: creating one (from the API or a stock count), and printing it */
#ifndef ZM_ADJUSTMENTS_H
#define ZM_ADJUSTMENTS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "model.h"

/* One line of a quantity adjustment, already validated by the caller. */
typedef struct zm_adjustment_input {
    const zm_item *item;
    const zm_location *location;
    const char *storage_id;     /* NULL or "": not in a bin */
    double quantity;            /* signed change of stock */
    const char *description;
} zm_adjustment_input;

/* Records a quantity adjustment and changes stock exactly as
 * POST /inventoryadjustments does. Used by stock count approval; the
 * adjustment remembers the count (deleting it is then refused). */
zm_adjustment *adjustment_record_quantity(zm_org *org, const char *date, const zm_reason *reason,
                                          const zm_account *account, const char *description,
                                          const char *reference_number, const char *user_id,
                                          const zm_adjustment_input *lines, size_t n,
                                          const char *inventorycount_id);

/* The adjustment as Zoho prints it, ids as exact JSON numbers; `full`
 * adds line_items (retrieve/create) to the list's summary fields. */
cJSON *adjustment_to_json(const zm_org *org, const zm_adjustment *a, bool full);

#endif

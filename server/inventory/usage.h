/* usage.h -- where an item, a location or a bin is used, so that deleting it can be refused with the reason */
#ifndef ZM_USAGE_H
#define ZM_USAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "inventory/module.h"

/* What a record is to the documents that may name it. */
typedef enum zm_usage_kind {
    USAGE_ITEM,         /* item_id: adjustment lines, stock counts, recurring profiles, documents */
    USAGE_LOCATION,     /* location_id, warehouse_id, from_/to_location_id...; stock held there */
    USAGE_BIN,          /* storage_id; stock held in it */
    USAGE_BATCH,        /* batch_id: the batches a document's lines name */
} zm_usage_kind;

/* True when something uses the record `id`; `why` then says what, the way
 * ZE_IN_USE words it ("it is used in 2 inventory adjustments"). Records of
 * the modules named in `skip` (NULL-terminated, may be NULL) do not count:
 * they belong to the record and go with it (an item's batches). */
bool usage_find(zm_ctx *x, zm_usage_kind kind, const char *id, const char *const *skip, char *why,
                size_t why_size);

#endif

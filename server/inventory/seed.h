/* seed.h -- bulk data for benchmarks and load tests: many stock counts and adjustments at once, made as the API makes them */
#ifndef ZM_SEED_H
#define ZM_SEED_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "model/model.h"

#define SEED_MAX_ROWS 1000000       /* counts or adjustments per call, at most */

typedef struct zm_seed {
    size_t counts;                  /* stock counts (yet_to_start), each with `lines` line items */
    size_t lines;                   /* 1..the organization's item count */
    const char *const *item_ids;    /* NULL: items vary from count to count; else these
                                       `lines` items (distinct, existing) in every count */
    size_t adjustments;             /* quantity adjustments of +1, one line each */
    const char *assignee_id;        /* NULL: the organization's first user */
    const char *description;        /* NULL: "Seeded" */
} zm_seed;

/* Adds the rows to org (its lock held) exactly as count_create_generated
 * and adjustment_record_quantity make them: numbered, dated by the org
 * clock, indexed, stock moved. The new ids go to count_ids and
 * adjustment_ids (JSON arrays; either may be NULL). Returns 0, or -1 with
 * the reason in err (nothing added). */
int inventory_seed(zm_org *org, const zm_seed *s, cJSON *count_ids, cJSON *adjustment_ids,
                   char *err, size_t errlen);

#endif

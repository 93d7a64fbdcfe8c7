/* seed.h -- bulk data for benchmarks and load tests: many stock counts, adjustments and documents of any module at once, made as the API makes them */
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

/* Checks a "documents" array of POST /__admin/seed:
 *   [{"module": "salesorders", "count": N, "body": {...}, "vary": {"field": [v1, v2...]}}]
 * -- a module the engine serves with a create operation, N from 0 to
 * SEED_MAX_ROWS, body an object (default {}), vary an object of non-empty
 * arrays. 0, or -1 with "documents[i].<field>: <what>" in err. */
int inventory_seed_documents_check(const cJSON *specs, char *err, size_t errlen);

/* Creates them in org (its lock held), spec after spec, each document as
 * POST /<module> creates one (engine_create_document): document k (0, 1,
 * ...) gets body with vary's top-level fields set to their array's element
 * k modulo its length, and "{n}" in any text replaced by k + 1 ("{n:5}":
 * zero-padded to 5 digits). The new ids go to ids ({"<module>": [...]}).
 * 0, or -1 with the first refusal in err; the documents made before it are
 * kept (and listed in ids). */
int inventory_seed_documents(zm_org *org, const cJSON *specs, cJSON *ids, char *err, size_t errlen);

#endif

/* tracking_records.h -- batches and serial numbers as records: made from the stock rows that hold them, with their live place and quantity */
#ifndef ZM_TRACKING_RECORDS_H
#define ZM_TRACKING_RECORDS_H

#include <stdbool.h>

#include "inventory/module.h"

/* Batches (GET/POST /items/batches ...): hooks and the reads that first
 * make records of every batch the stock rows hold. */
bool batches_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool batches_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
bool batches_deleting(zm_ctx *x, const zm_doc *d);
void batches_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int batches_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
void batches_list(zm_ctx *x);
void batches_get(zm_ctx *x);

/* Serial numbers (read only): records of every serial the rows hold or held. */
int serialnumbers_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
void serialnumbers_list(zm_ctx *x);
void serialnumbers_get(zm_ctx *x);

#endif

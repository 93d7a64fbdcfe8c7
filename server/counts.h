/* counts.h -- stock counts (inventory counts): the model and the API handlers */
#ifndef ZM_COUNTS_H
#define ZM_COUNTS_H

#include "model.h"
#include "request.h"

/* Frees every stock count of the organization (reset, shutdown). */
void counts_free_all(zm_org *org);

#endif

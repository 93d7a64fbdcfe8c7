/* pricebooks.h -- price lists: their type, their items' rates, a unique name */
#ifndef ZM_PRICEBOOKS_H
#define ZM_PRICEBOOKS_H

#include <stdbool.h>

#include "inventory/module.h"

bool pricebooks_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);

#endif

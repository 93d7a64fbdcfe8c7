/* inventory.c -- what the inventory modules register with the layers below them at start-up */
#include "inventory/inventory.h"

#include "inventory/counts.h"
#include "inventory/engine.h"
#include "inventory/recurring.h"
#include "model/model.h"
#include "zoho/spec.h"

int inventory_init(char *err, size_t errlen)
{
    model_register_clear(counts_free_all);
    model_register_clear(recurring_free_all);
    model_register_seed(engine_seed);
    return spec_load(err, errlen) || engine_init(err, errlen) ? -1 : 0;
}

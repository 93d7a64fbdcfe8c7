/* inventory.c -- what the inventory modules register with the layers below them at start-up */
#include "inventory/inventory.h"

#include "inventory/counts.h"
#include "inventory/recurring.h"
#include "model/model.h"

void inventory_init(void)
{
    model_register_clear(counts_free_all);
    model_register_clear(recurring_free_all);
}

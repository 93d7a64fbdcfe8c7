/* inventory.h -- what the inventory modules register with the layers below them at start-up */
#ifndef ZM_INVENTORY_H
#define ZM_INVENTORY_H

/* Registers the modules' clear functions with the model (what each keeps
 * in an organization). Idempotent; server_start calls it first. */
void inventory_init(void);

#endif

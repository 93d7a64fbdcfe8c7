/* inventory.h -- what the inventory modules register with the layers below them at start-up */
#ifndef ZM_INVENTORY_H
#define ZM_INVENTORY_H

#include <stddef.h>

/* Registers the modules' clear and seed functions with the model (what
 * each keeps in an organization), loads Zoho's facts and ties them to the
 * modules. Idempotent; server_start calls it first. 0, or -1 with err. */
int inventory_init(char *err, size_t errlen);

#endif

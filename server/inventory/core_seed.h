/* core_seed.h -- the records of items, locations, bins and users, made from what the core model already holds */
#ifndef ZM_CORE_SEED_H
#define ZM_CORE_SEED_H

#include "inventory/module.h"

/* Each adds to c one record per core struct of the organization (its id
 * the struct's), with every field of the module's documented record. */
void core_seed_items(zm_module *m, zm_org *org, zm_collection *c);
void core_seed_locations(zm_module *m, zm_org *org, zm_collection *c);
void core_seed_storages(zm_module *m, zm_org *org, zm_collection *c);
void core_seed_users(zm_module *m, zm_org *org, zm_collection *c);

#endif

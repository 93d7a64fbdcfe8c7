/* items.h -- the item module's behaviour: its hooks and hand answers, for its table entry (mod_items.c) */
#ifndef ZM_ITEMS_H
#define ZM_ITEMS_H

#include <stdbool.h>

#include "inventory/module.h"

/* An item exists twice: as the engine's record (every field of Zoho's
 * item) and as the core zm_item (model/model.h: name, sku, unit, rate,
 * tracking and the stock rows that stock counts and adjustments move).
 * The hooks keep them in step: creating, updating and deleting the record
 * creates, updates and removes the zm_item; printing adds the zm_item's
 * live stock. */

/* items.c: the hooks */
bool items_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool items_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
bool items_deleting(zm_ctx *x, const zm_doc *d);
void items_print(zm_ctx *x, const zm_doc *d, cJSON *out);
void items_row_state(zm_ctx *x, const zm_doc *d, zm_json_buf *out);
void items_list_state(zm_ctx *x, zm_json_buf *out);
int items_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
/* The record of x's module named by the path parameter `param` (for the
 * operations the documents give no id_param); replies 404 and returns
 * NULL when there is none. */
zm_doc *items_find_param(zm_ctx *x, const char *param);
/* The zm_item's name, sku, unit, rate and tracking from the record. */
void items_sync_core(zm_org *org, const cJSON *record);
/* Live stock of an item as an item prints it (stock_on_hand, locations[],
 * warehouses[] ...); with detail, also its bins, serial numbers, batches. */
void items_add_stock(zm_ctx *x, const zm_item *item, const cJSON *record, cJSON *out, bool detail);

/* Items made and changed by other modules (item groups' variants): x is
 * the other module's call. items_context is x as the item module's call.
 * items_build makes the record POST /items would (checked, resolved, its
 * opening stock read) without keeping it: NULL after replying.
 * items_store keeps a built record (the zm_item and its stock too).
 * items_update_fields merges fields as PUT /items/{id} does (false after
 * replying); items_remove deletes the record and its zm_item. */
zm_ctx items_context(zm_ctx *x);
cJSON *items_build(zm_ctx *x, const cJSON *fields, const char *id);
zm_doc *items_store(zm_ctx *x, cJSON *record);
bool items_update_fields(zm_ctx *x, zm_doc *d, const cJSON *fields);
void items_remove(zm_ctx *x, zm_doc *d);

/* item_groups.c: item groups, composite items */
bool itemgroups_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool itemgroups_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
bool itemgroups_deleting(zm_ctx *x, const zm_doc *d);
void itemgroups_print(zm_ctx *x, const zm_doc *d, cJSON *out);
bool compositeitems_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool compositeitems_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
bool compositeitems_deleting(zm_ctx *x, const zm_doc *d);
void compositeitems_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int compositeitems_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);

/* bundles.c: bundles (assemblies) and the stock they consume and make */
bool bundles_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
void bundles_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);
int bundles_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);

/* opening_stock.c: an item's opening stock (POST /items locations[].initial_stock,
 * /variants/{id}/openingstock) */
/* Reads the opening stock of a create body (locations[].initial_stock, or a
 * top-level initial_stock at the primary location) into record's
 * "opening_stock"; false after replying. */
bool opening_stock_from_create(zm_ctx *x, cJSON *record, const cJSON *body);
/* PUT /items/{id} naming locations[].initial_stock (or a top-level
 * initial_stock): the record's opening stock with those locations'
 * replaced; false after replying. Nothing moves until the item's apply. */
bool opening_stock_from_update(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
/* What the record's opening stock moves (model/ledger.h), for item_id. */
void opening_stock_moves(const char *item_id, const cJSON *record, zm_stock_moves *out);
void opening_stock_get(zm_ctx *x);      /* GET /variants/{variant_id}/openingstock */
void opening_stock_put(zm_ctx *x);      /* PUT /variants/{variant_id}/openingstock */

/* item_images.c: images kept in memory and served back */
void item_image_upload(zm_ctx *x);      /* POST /items/{id}/image, /compositeitems/{id}/image */
void item_image_get(zm_ctx *x);         /* GET /items/{id}/image */
void item_image_delete(zm_ctx *x);      /* DELETE /items/{id}/image, /compositeitems/{id}/image */
void item_images_upload(zm_ctx *x);     /* POST /items/{id}/images */
void item_images_delete(zm_ctx *x);     /* DELETE /items/{id}/images */
void item_images_reorder(zm_ctx *x);    /* POST /items/{id}/images/reorder */
void item_back_image_upload(zm_ctx *x); /* POST /items/{id}/backimage */
void item_back_image_delete(zm_ctx *x); /* DELETE /items/{id}/backimage */
void item_back_image_mark(zm_ctx *x);   /* PUT /items/{id}/images/{image_id}/backimage */

/* item_actions.c: the item operations beyond create/read/update/delete */
void items_details(zm_ctx *x);              /* GET /itemdetails?item_ids= */
void items_custom_fields(zm_ctx *x);        /* PUT /item/{id}/customfields */
void items_location_permissions(zm_ctx *x); /* PUT /items/{id}/locations/permissions */
void items_bulk_location_permissions(zm_ctx *x); /* PUT /items/locations/permissions */
void items_storage_mapping_get(zm_ctx *x);  /* GET /items/{id}/storagelocationsmapping */
void items_storage_mapping_put(zm_ctx *x);  /* PUT /items/{id}/storagelocationsmapping */
void items_default_storage_get(zm_ctx *x);  /* GET /items/{id}/defaultstoragemapping (and composite) */
void items_default_storage_put(zm_ctx *x);  /* PUT /items/{id}/configure/defaultstorage (and composite) */
void items_storage_enable(zm_ctx *x);       /* POST /items/enablestoragelocation, disablestoragelocation */
void items_serial_validate(zm_ctx *x);      /* POST /items/{id}/serialnumber/validate */
void items_serial_validate_map(zm_ctx *x);  /* POST /items/{id}/serialnumber/validateandmap */
void items_group(zm_ctx *x);                /* PUT /items/grouping/{group_id} */
void items_ungroup(zm_ctx *x);              /* POST /items/ungroup */
void items_move(zm_ctx *x);                 /* PUT /items/move/{item_id} */

/* item_transactions.c: GET /items/transactions/<module>, the documents of
 * that module with a line of the item, with the documented filters */
void items_transactions(zm_ctx *x);

#endif

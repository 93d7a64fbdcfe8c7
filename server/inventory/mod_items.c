/* mod_items.c -- the item modules: items, item groups, composite items, bundles, batches, serial numbers, price lists */
#include "inventory/core_seed.h"
#include "inventory/files.h"
#include "inventory/items.h"
#include "inventory/module.h"
#include "inventory/pricebooks.h"
#include "inventory/tracking_records.h"
#include "inventory/warehouse.h"

static const zm_special item_specials[] = {
    {"GET", "/itemdetails", items_details},
    {"PUT", "/item/{item_id}/customfields", items_custom_fields},
    {"GET", "/items/{item_id}/image", item_image_get},
    {"POST", "/items/{item_id}/image", item_image_upload},
    {"DELETE", "/items/{item_id}/image", item_image_delete},
    {"POST", "/items/{item_id}/images", item_images_upload},
    {"DELETE", "/items/{item_id}/images", item_images_delete},
    {"POST", "/items/{item_id}/images/reorder", item_images_reorder},
    {"POST", "/items/{item_id}/backimage", item_back_image_upload},
    {"DELETE", "/items/{item_id}/backimage", item_back_image_delete},
    {"PUT", "/items/{item_id}/images/{image_id}/backimage", item_back_image_mark},
    {"GET", "/variants/{variant_id}/openingstock", opening_stock_get},
    {"PUT", "/variants/{variant_id}/openingstock", opening_stock_put},
    {"POST", "/items/ungroup", items_ungroup},
    {"PUT", "/items/move/{item_id}", items_move},
    {"PUT", "/items/grouping/{group_id}", items_group},
    {"POST", "/items/enablestoragelocation", items_storage_enable},
    {"POST", "/items/disablestoragelocation", items_storage_enable},
    {"PUT", "/items/{item_id}/locations/permissions", items_location_permissions},
    {"PUT", "/items/locations/permissions", items_bulk_location_permissions},
    {"POST", "/items/{item_id}/serialnumber/validate", items_serial_validate},
    {"POST", "/items/{item_id}/serialnumber/validateandmap", items_serial_validate_map},
    {"GET", "/items/transactions/salesorders", items_transactions},
    {"GET", "/items/transactions/purchaseorders", items_transactions},
    {"GET", "/items/transactions/invoices", items_transactions},
    {"GET", "/items/transactions/deliverychallans", items_transactions},
    {"GET", "/items/transactions/salesreceipts", items_transactions},
    {"GET", "/items/transactions/moveorders", items_transactions},
    {"GET", "/items/transactions/putaways", items_transactions},
    {"GET", "/items/{item_id}/storagelocationsmapping", items_storage_mapping_get},
    {"PUT", "/items/{item_id}/storagelocationsmapping", items_storage_mapping_put},
    {"GET", "/items/{item_id}/defaultstoragemapping", items_default_storage_get},
    {"PUT", "/items/{item_id}/configure/defaultstorage", items_default_storage_put},
    {"GET", "/items/{item_id}/locations/replenishments", replenishments_of_item},
    {"GET", "/items/{item_id}/warehouses/replenishments", replenishments_of_item},
    {NULL, NULL, NULL},
};

zm_module mod_items = {
    .name = "items",
    .core = true,
    .seed = core_seed_items,
    .collections = {"items", "item", "itemdetails", "variants"},
    .id_field = "item_id",
    .label = "Item",
    .report_name = "Items",
    .search_fields = {"name", "sku", "description"},
    .default_sort = "name",
    .ascending = true,
    .default_status = "active",
    .row_extras = {"unit", "track_serial_number", "track_batch_number", "is_storage_location_enabled",
                   "can_be_sold", "can_be_purchased", "track_inventory", "image_id"},
    .specials = item_specials,
    .check = items_check,
    .apply = items_apply,
    .deleting = items_deleting,
    .print = items_print,
    .row_state = items_row_state,
    .list_state = items_list_state,
    .filter = items_filter,
};

zm_module mod_itemgroups = {
    .name = "itemgroups",
    .collections = {"itemgroups"},
    .id_field = "group_id",
    .label = "Item group",
    .report_name = "Item Groups",
    .search_fields = {"group_name"},
    .default_sort = "group_name",
    .ascending = true,
    .default_status = "active",
    .check = itemgroups_check,
    .apply = itemgroups_apply,
    .deleting = itemgroups_deleting,
    .print = itemgroups_print,
};

static const zm_special composite_specials[] = {
    {"POST", "/compositeitems/{composite_item_id}/image", item_image_upload},
    {"DELETE", "/compositeitems/{composite_item_id}/image", item_image_delete},
    {"GET", "/compositeitems/{item_id}/defaultstoragemapping", items_default_storage_get},
    {"PUT", "/compositeitems/{item_id}/configure/defaultstorage", items_default_storage_put},
    {NULL, NULL, NULL},
};

zm_module mod_compositeitems = {
    .name = "compositeitems",
    .collections = {"compositeitems"},
    .id_field = "composite_item_id",
    .label = "Composite item",
    .report_name = "Composite Items",
    .search_fields = {"name", "sku"},
    .default_sort = "name",
    .ascending = true,
    .default_status = "active",
    .specials = composite_specials,
    .check = compositeitems_check,
    .apply = compositeitems_apply,
    .deleting = compositeitems_deleting,
    .print = compositeitems_print,
    .filter = compositeitems_filter,
};

/* Assembly: draft, confirmed, bundled (the parts consumed, the composite
 * made: bundles.c). */
static const zm_transition bundle_moves[] = {
    {"confirmed", "confirmed", {"draft", 0}},
    {"bundled", "bundled", {"draft", "confirmed", 0}},
    {NULL, NULL, {0}},
};

zm_module mod_bundles = {
    .name = "bundles",
    .collections = {"bundles"},
    .id_field = "bundle_id",
    .label = "Bundle",
    .report_name = "Bundles",
    .number_field = "reference_number",
    .number_prefix = "BUN-",
    .number_digits = 5,
    .search_fields = {"reference_number", "composite_item_name"},
    .default_sort = "date",
    .default_status = "draft",
    .transitions = bundle_moves,
    .check = bundles_check,
    .moves = bundles_moves,
    .filter = bundles_filter,
};

static const zm_special batch_specials[] = {
    {"GET", "/items/batches", batches_list},
    {"GET", "/items/batches/{batch_id}", batches_get},
    {NULL, NULL, NULL},
};

zm_module mod_batches = {
    .name = "batches",
    .collections = {"items/batches"},
    .id_field = "batch_id",
    .label = "Batch",
    .report_name = "Batches",
    .search_fields = {"batch_number", "manufacturer_batch_number"},
    .default_sort = "batch_number",
    .ascending = true,
    .default_status = "active",
    .row_extras = {"item_id", "created_time", "last_modified_time"},
    .specials = batch_specials,
    .check = batches_check,
    .apply = batches_apply,
    .deleting = batches_deleting,
    .print = batches_print,
    .filter = batches_filter,
};

static const zm_special serial_specials[] = {
    {"GET", "/items/serialnumbers", serialnumbers_list},
    {"GET", "/items/serialnumbers/{serial_number_id}", serialnumbers_get},
    {NULL, NULL, NULL},
};

zm_module mod_serialnumbers = {
    .name = "serialnumbers",
    .collections = {"items/serialnumbers"},
    .id_field = "serialnumber_id",
    .label = "Serial number",
    .report_name = "Serial Numbers",
    .search_fields = {"serialnumber"},
    .default_sort = "serialnumber",
    .ascending = true,
    .default_status = "active",
    .row_extras = {"item_id", "item_name", "location_id", "location_name", "storage_id", "warehouse_id", "price"},
    .specials = serial_specials,
    .filter = serialnumbers_filter,
};

zm_module mod_pricebooks = {
    .name = "pricebooks",
    .collections = {"pricebooks"},
    .id_field = "pricebook_id",
    .label = "Price list",
    .report_name = "Price Lists",
    .search_fields = {"name"},
    .default_sort = "name",
    .ascending = true,
    .default_status = "active",
    .check = pricebooks_check,
};

/* mod_items.c -- the item modules: items, item groups, composite items, bundles, batches, serial numbers, price lists */
#include "inventory/core_seed.h"
#include "inventory/module.h"

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
};

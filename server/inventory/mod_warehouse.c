/* mod_warehouse.c -- the warehouse modules: locations, bins and zones, transfer, move and putaway orders, picklists, replenishment, adjustments */
#include "inventory/core_seed.h"
#include "inventory/module.h"

zm_module mod_locations = {
    .name = "locations",
    .core = true,
    .seed = core_seed_locations,
    .collections = {"locations", "settings/locations", "settings/warehouses"},
    .id_field = "location_id",
    .label = "Location",
    .report_name = "Locations",
    .search_fields = {"location_name"},
    .default_sort = "location_name",
    .ascending = true,
    .default_status = "active",
};

zm_module mod_storagelocations = {
    .name = "storagelocations",
    .core = true,
    .seed = core_seed_storages,
    .collections = {"storagelocations"},
    .id_field = "storage_id",
    .label = "Storage location",
    .report_name = "Storage Locations",
    .search_fields = {"name", "zone_name"},
    .default_sort = "name",
    .ascending = true,
    .default_status = "active",
};

zm_module mod_storagezones = {
    .name = "storagezones",
    .collections = {"storagezones"},
    .id_field = "zone_id",
    .label = "Storage zone",
    .report_name = "Storage Zones",
    .search_fields = {"zone_name"},
    .default_sort = "zone_name",
    .ascending = true,
    .default_status = "active",
};

zm_module mod_transferorders = {
    .name = "transferorders",
    .collections = {"transferorders"},
    .id_field = "transfer_order_id",
    .label = "Transfer Order",
    .report_name = "Transfer Orders",
    .number_field = "transfer_order_number",
    .number_prefix = "TO-",
    .number_digits = 5,
    .search_fields = {"transfer_order_number", "from_location_name", "to_location_name"},
    .default_sort = "created_time",
    .default_status = "draft",
};

zm_module mod_moveorders = {
    .name = "moveorders",
    .collections = {"moveorders", "settings/moveorders"},
    .id_field = "moveorder_id",
    .label = "Move Order",
    .report_name = "Move Orders",
    .number_field = "moveorder_number",
    .number_prefix = "MO-",
    .number_digits = 5,
    .search_fields = {"moveorder_number"},
    .default_sort = "created_time",
    .default_status = "draft",
};

zm_module mod_putaways = {
    .name = "putaways",
    .collections = {"putaways", "settings/putaways"},
    .id_field = "putaway_id",
    .label = "Putaway",
    .report_name = "Putaways",
    .number_field = "putaway_number",
    .number_prefix = "PUT-",
    .number_digits = 5,
    .search_fields = {"putaway_number"},
    .default_sort = "created_time",
    .default_status = "draft",
};

zm_module mod_picklists = {
    .name = "picklists",
    .collections = {"picklists"},
    .id_field = "picklist_id",
    .label = "Picklist",
    .report_name = "Picklists",
    .number_field = "picklist_number",
    .number_prefix = "Pick-",
    .number_digits = 5,
    .search_fields = {"picklist_number"},
    .default_sort = "created_time",
    .default_status = "yet_to_start",
};

zm_module mod_replenishments = {
    .name = "replenishments",
    .collections = {"replenishments", "reports"},
    .id_field = "replenishment_configuration_id",
    .label = "Replenishment configuration",
    .report_name = "Replenishments",
    .search_fields = {"item_name"},
    .default_sort = "created_time",
    .default_status = "active",
};

zm_module mod_replenishmenttasks = {
    .name = "replenishmenttasks",
    .collections = {"replenishments/tasks"},
    .id_field = "task_id",
    .label = "Replenishment task",
    .report_name = "Replenishment Tasks",
    .number_field = "entry_number",
    .number_prefix = "RT-",
    .number_digits = 5,
    .search_fields = {"entry_number", "item_name"},
    .default_sort = "created_time",
    .default_status = "open",
};

zm_module mod_inventoryadjustments = {
    .name = "inventoryadjustments",
    .collections = {"inventoryadjustments"},
    .id_field = "inventory_adjustment_id",
    .label = "Inventory Adjustment",
    .report_name = "Inventory Adjustments",
    .search_fields = {"reference_number", "reason"},
    .default_sort = "created_time",
};

/* mod_warehouse.c -- the warehouse modules: locations, bins and zones, transfer, move and putaway orders, picklists, replenishment, adjustments */
#include "inventory/core_seed.h"
#include "inventory/files.h"
#include "inventory/module.h"
#include "inventory/warehouse.h"

static const zm_special location_specials[] = {
    {"POST", "/locations/{location_id}/markasprimary", locations_mark_primary},
    {"GET", "/locations/{location_id}/users", locations_users},
    {"POST", "/settings/locations/enable", locations_enable},
    {"POST", "/locations/{location_id}/storagelocations/enable", locations_bins_switch},
    {"POST", "/locations/{location_id}/storagelocations/disable", locations_bins_switch},
    {"POST", "/settings/warehouses/{warehouse_id}/storagelocations/enable", locations_bins_switch},
    {"POST", "/settings/warehouses/{warehouse_id}/storagelocations/disable", locations_bins_switch},
    {NULL, NULL, NULL},
};

zm_module mod_locations = {
    .name = "locations",
    .core = true,
    .seed = core_seed_locations,
    .collections = {"locations", "settings/locations", "settings/warehouses"},
    .id_field = "location_id",
    .label = "Location",
    .report_name = "Locations",
    .search_fields = {"location_name"},
    .ascending = true,              /* creation order: the fixture's, then new ones */
    .default_status = "active",
    .row_extras = {"status", "is_storage_location_enabled", "is_primary_location", "is_location_active"},
    .specials = location_specials,
    .check = locations_check,
    .apply = locations_apply,
    .deleting = locations_deleting,
    .print = locations_print,
    .filter = locations_filter,
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
    .check = bins_check,
    .apply = bins_apply,
    .deleting = bins_deleting,
    .print = bins_print,
    .filter = bins_filter,
};

zm_module mod_storagezones = {
    .name = "storagezones",
    .collections = {"storagezones"},
    .id_field = "storage_zone_id",
    .label = "Storage zone",
    .report_name = "Storage Zones",
    .search_fields = {"zone_name"},
    .default_sort = "zone_name",
    .ascending = true,
    .default_status = "active",
    .check = zones_check,
    .deleting = zones_deleting,
    .filter = zones_filter,
};

/* Approval, then in transit, then transferred (Zoho's transfer statuses);
 * a new order is transferred, in transit or a draft (stock_orders.c). */
static const zm_transition transfer_moves[] = {
    {"submit", "pending_approval", {"draft", "rejected", 0}},
    {"approve", "approved", {"pending_approval", 0}},
    {"approve/final", "approved", {"pending_approval", 0}},
    {"reject", "rejected", {"pending_approval", 0}},
    {"intransit", "in_transit", {"draft", "approved", 0}},
    {"markastransferred", "transferred", {"draft", "approved", "in_transit", 0}},
    {NULL, NULL, {0}},
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
    .search_fields = {"transfer_order_number", "from_location_name", "to_location_name", "description"},
    .default_sort = "created_time",
    .default_status = "draft",
    .transitions = transfer_moves,
    .check = transferorders_check,
    .moves = transferorders_moves,
    .filter = stock_orders_filter,
};

static const zm_transition move_moves[] = {
    {"markasconfirmed", "confirmed", {"draft", 0}},
    {"markasinprogress", "in_progress", {"confirmed", 0}},
    {"markascompleted", "completed", {"confirmed", "in_progress", 0}},
    {NULL, NULL, {0}},
};

static const zm_special move_specials[] = {
    {"POST", "/moveorders/{moveorder_id}/attachment", files_attachment_add},
    {"GET", "/moveorders/{moveorder_id}/documents/{document_id}", files_document_get},
    {"DELETE", "/moveorders/{moveorder_id}/documents/{document_id}", files_document_delete},
    {NULL, NULL, NULL},
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
    .search_fields = {"moveorder_number", "notes"},
    .default_sort = "created_time",
    .default_status = "draft",
    .transitions = move_moves,
    .specials = move_specials,
    .check = moveorders_check,
    .moves = moveorders_moves,
    .filter = stock_orders_filter,
};

static const zm_special putaway_specials[] = {
    {"POST", "/putaways/{putaway_id}/attachment", files_attachment_add},
    {"GET", "/putaways/{putaway_id}/documents/{document_id}", files_document_get},
    {"DELETE", "/putaways/{putaway_id}/documents/{document_id}", files_document_delete},
    {NULL, NULL, NULL},
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
    .search_fields = {"putaway_number", "notes"},
    .default_sort = "created_time",
    .specials = putaway_specials,
    .check = putaways_check,
    .moves = putaways_moves,
    .filter = stock_orders_filter,
};

static const zm_special picklist_specials[] = {
    {"POST", "/picklists/{picklist_id}/setstatus", picklists_set_status},
    {"POST", "/picklists/setstatus", picklists_set_status},
    {"GET", "/picklists/searchso", picklists_search},
    {"GET", "/picklists/searchsolineitems", picklists_search},
    {"GET", "/picklists/searchprlineitems", picklists_search},
    {"GET", "/picklists/{picklist_id}/advancedtrackingdetails", picklists_tracking_get},
    {"PUT", "/picklists/{picklist_id}/advancedtrackingdetails", picklists_tracking_put},
    {NULL, NULL, NULL},
};

zm_module mod_picklists = {
    .name = "picklists",
    .collections = {"picklists"},
    .id_field = "picklist_id",
    .label = "Picklist",
    .report_name = "Picklists",
    .number_field = "picklist_number",
    .number_prefix = "PL-",
    .number_digits = 5,
    .search_fields = {"picklist_number", "notes"},
    .default_sort = "created_time",
    .default_status = "yettostart",
    .specials = picklist_specials,
    .check = picklists_check,
    .filter = stock_orders_filter,
};

static const zm_transition replenishment_moves[] = {
    {"pause", "paused", {"active", 0}},
    {"resume", "active", {"paused", 0}},
    {NULL, NULL, {0}},
};

static const zm_special replenishment_specials[] = {
    {"PUT", "/replenishments", replenishments_bulk_update},
    {"PUT", "/replenishments/pause", replenishments_pause},
    {"PUT", "/replenishments/resume", replenishments_resume},
    {"POST", "/replenishments/{replenishment_configuration_id}/tasks/generate", replenishments_generate},
    {"GET", "/replenishments/orders", replenishments_orders},
    {"GET", "/reports/replenishments/tasks", replenishments_report},
    {NULL, NULL, NULL},
};

zm_module mod_replenishments = {
    .name = "replenishments",
    .collections = {"replenishments", "reports"},
    .id_field = "replenishment_configuration_id",
    .label = "Replenishment configuration",
    .report_name = "Replenishments",
    .search_fields = {"item_name", "location_name"},
    .default_sort = "created_time",
    .default_status = "active",
    .transitions = replenishment_moves,
    .specials = replenishment_specials,
    .check = replenishments_check,
    .print = replenishments_print,
    .filter = replenishments_filter,
};

static const zm_transition task_moves[] = {
    {"dismiss", "dismissed", {"pending", 0}},
    {NULL, NULL, {0}},
};

static const zm_special task_specials[] = {
    {"POST", "/replenishments/tasks/generate", replenishments_generate},
    {"GET", "/replenishments/tasks/details", replenishment_tasks_details},
    {NULL, NULL, NULL},
};

zm_module mod_replenishmenttasks = {
    .name = "replenishmenttasks",
    .collections = {"replenishments/tasks"},
    .id_field = "replenishment_task_id",
    .label = "Replenishment task",
    .report_name = "Replenishment Tasks",
    .number_field = "entry_number",
    .number_prefix = "RT-",
    .number_digits = 5,
    .search_fields = {"entry_number", "item_name"},
    .default_sort = "created_time",
    .default_status = "pending",
    .transitions = task_moves,
    .specials = task_specials,
    .check = replenishment_tasks_check,
    .filter = replenishment_tasks_filter,
};

/* Item adjustments are the hand-written module (adjustments.c): every
 * documented operation has a hand route (http/routes.c); the entry names
 * the collection. */
zm_module mod_inventoryadjustments = {
    .name = "inventoryadjustments",
    .collections = {"inventoryadjustments"},
    .id_field = "inventory_adjustment_id",
    .label = "Inventory Adjustment",
    .report_name = "Inventory Adjustments",
    .search_fields = {"reference_number", "reason"},
    .default_sort = "created_time",
};

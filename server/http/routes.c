/* routes.c -- the route table: every endpoint, its scope, its handler and its stable name */
#include "http/handlers.h"
#include "http/router.h"
#include "inventory/counts.h"
#include "inventory/recurring.h"
#include "inventory/scheduler.h"
#include "scenario/scenario.h"

#define V1 "/inventory/v1"

const zm_route g_routes[] = {
    /* Stock counts (counts_api.c, counts_flow.c, count_settings.c) */
    {"POST",   V1 "/inventorycounts", "inventorycounts.create", "inventorycount.CREATE", counts_create, ROUTE_ZOHO},
    {"DELETE", V1 "/inventorycounts", "inventorycounts.bulk_delete", "inventorycount.DELETE", counts_bulk_delete, ROUTE_ZOHO},
    {"PUT",    V1 "/inventorycounts/{inventorycount_id}", "inventorycounts.update", "inventorycount.UPDATE", counts_update, ROUTE_ZOHO},
    {"GET",    V1 "/inventorycounts/{inventorycount_id}", "inventorycounts.get", "inventorycount.READ", counts_get, ROUTE_ZOHO},
    {"DELETE", V1 "/inventorycounts/{inventorycount_id}", "inventorycounts.delete", "inventorycount.DELETE", counts_delete, ROUTE_ZOHO},
    {"POST",   V1 "/inventorycounts/{inventorycount_id}/start", "inventorycounts.start", "inventorycount.UPDATE", counts_start, ROUTE_ZOHO},
    {"PUT",    V1 "/inventorycounts/{inventorycount_id}/count", "inventorycounts.count", "inventorycount.UPDATE", counts_count, ROUTE_ZOHO},
    {"POST",   V1 "/inventorycounts/{inventorycount_id}/submit", "inventorycounts.submit", "inventorycount.UPDATE", counts_submit, ROUTE_ZOHO},
    {"PUT",    V1 "/inventorycounts/{inventorycount_id}/approve", "inventorycounts.approve", "inventorycount.UPDATE", counts_approve, ROUTE_ZOHO},
    {"POST",   V1 "/inventorycounts/{inventorycount_id}/cancel", "inventorycounts.cancel", "inventorycount.UPDATE", counts_cancel, ROUTE_ZOHO},
    {"PUT",    V1 "/settings/inventorycounts", "inventorycounts.settings", "inventorycount.UPDATE", counts_settings_update, ROUTE_ZOHO},
    {"PUT",    V1 "/settings/preferences/inventorycounts", "inventorycounts.preferences", "inventorycount.UPDATE", counts_preferences_update, ROUTE_ZOHO},

    /* Recurring stock count profiles (recurring_api.c) */
    {"POST",   V1 "/recurringinventorycounts", "recurringinventorycounts.create", "inventorycount.CREATE", recurring_create, ROUTE_ZOHO},
    {"GET",    V1 "/recurringinventorycounts", "recurringinventorycounts.list", "inventorycount.READ", recurring_list, ROUTE_ZOHO},
    {"GET",    V1 "/recurringinventorycounts/{recurringinventorycount_id}", "recurringinventorycounts.get", "inventorycount.READ", recurring_get, ROUTE_ZOHO},
    {"PUT",    V1 "/recurringinventorycounts/{recurringinventorycount_id}", "recurringinventorycounts.update", "inventorycount.UPDATE", recurring_update, ROUTE_ZOHO},
    {"DELETE", V1 "/recurringinventorycounts/{recurringinventorycount_id}", "recurringinventorycounts.delete", "inventorycount.DELETE", recurring_delete, ROUTE_ZOHO},
    {"POST",   V1 "/recurringinventorycounts/{recurringinventorycount_id}/active", "recurringinventorycounts.active", "inventorycount.UPDATE", recurring_mark_active, ROUTE_ZOHO},
    {"POST",   V1 "/recurringinventorycounts/{recurringinventorycount_id}/inactive", "recurringinventorycounts.inactive", "inventorycount.UPDATE", recurring_mark_inactive, ROUTE_ZOHO},

    /* Item Adjustments */
    {"POST",   V1 "/inventoryadjustments", "inventoryadjustments.create", "inventoryadjustments.CREATE", adjustments_create, ROUTE_ZOHO},
    {"GET",    V1 "/inventoryadjustments", "inventoryadjustments.list", "inventoryadjustments.READ", adjustments_list, ROUTE_ZOHO},
    {"GET",    V1 "/inventoryadjustments/{inventory_adjustment_id}", "inventoryadjustments.get", "inventoryadjustments.READ", adjustments_get, ROUTE_ZOHO},
    {"DELETE", V1 "/inventoryadjustments/{inventory_adjustment_id}", "inventoryadjustments.delete", "inventoryadjustments.DELETE", adjustments_delete, ROUTE_ZOHO},

    /* Stock counts: reading (counts_reading.c) */
    {"GET", V1 "/inventorycounts", "inventorycounts.list", "inventorycount.READ", counts_list, ROUTE_ZOHO},
    {"GET", V1 "/inventorycountitems/{line_item_id}/trackingdetails", "inventorycountitems.trackingdetails", "inventorycount.READ", counts_tracking_details, ROUTE_ZOHO},
    {"GET", V1 "/inventorycounts/{inventorycount_id}/items/{item_id}/storages", "inventorycounts.item_storages", "inventorycount.READ", counts_item_storages, ROUTE_ZOHO},
    {"GET", V1 "/autocomplete/inventorycounts/items", "autocomplete.inventorycount_items", "inventorycount.READ", counts_autocomplete_items, ROUTE_ZOHO},
    {"GET", V1 "/autocomplete/inventorycounts/storages", "autocomplete.inventorycount_storages", "inventorycount.READ", counts_autocomplete_storages, ROUTE_ZOHO},

    /* What a client needs to look around (read-only) */
    {"GET", V1 "/organizations", "organizations.list", "settings.READ", catalog_organizations, ROUTE_NO_ORG},
    {"GET", V1 "/items", "items.list", "items.READ", catalog_items_list, ROUTE_ZOHO},
    {"GET", V1 "/items/{item_id}", "items.get", "items.READ", catalog_items_get, ROUTE_ZOHO},
    {"GET", V1 "/locations", "locations.list", "settings.READ", catalog_locations, ROUTE_ZOHO},
    {"GET", V1 "/users", "users.list", "users.READ", catalog_users, ROUTE_ZOHO},

    /* accounts.zoho.com's token endpoint, on the same port */
    {"POST", "/oauth/v2/token", "oauth.token", NULL, oauth_token, ROUTE_PUBLIC},

    /* Admin API, no Zoho auth */
    {"GET",    "/__admin/health", "admin.health", NULL, admin_health, ROUTE_PUBLIC},
    {"POST",   "/__admin/reset", "admin.reset", NULL, admin_reset, ROUTE_PUBLIC},
    {"GET",    "/__admin/requests", "admin.requests", NULL, admin_requests_list, ROUTE_PUBLIC},
    {"DELETE", "/__admin/requests", "admin.requests_clear", NULL, admin_requests_clear, ROUTE_PUBLIC},
    {"POST",   "/__admin/requests/count", "admin.requests_count", NULL, admin_requests_count, ROUTE_PUBLIC},
    {"PUT",    "/__admin/background", "admin.background_set", NULL, admin_background_set, ROUTE_PUBLIC},
    {"GET",    "/__admin/background", "admin.background_get", NULL, admin_background_get, ROUTE_PUBLIC},
    {"GET",    "/__admin/clock", "admin.clock", NULL, admin_clock_get, ROUTE_PUBLIC},
    {"PUT",    "/__admin/clock", "admin.clock_set", NULL, admin_clock_set, ROUTE_PUBLIC},
    {"POST",   "/__admin/scenarios", "admin.scenarios_add", NULL, admin_scenarios_add, ROUTE_PUBLIC},
    {"GET",    "/__admin/scenarios", "admin.scenarios", NULL, admin_scenarios_list, ROUTE_PUBLIC},
    {"DELETE", "/__admin/scenarios", "admin.scenarios_clear", NULL, admin_scenarios_clear, ROUTE_PUBLIC},
    {"DELETE", "/__admin/scenarios/{name}", "admin.scenarios_delete", NULL, admin_scenarios_delete, ROUTE_PUBLIC},
    {"POST",   "/__admin/seed", "admin.seed", NULL, admin_seed, ROUTE_PUBLIC},
};

const size_t g_routes_count = sizeof g_routes / sizeof g_routes[0];

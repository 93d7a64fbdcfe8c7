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
    {"POST",   V1 "/inventorycounts", "inventorycounts.create", "inventorycount.CREATE", counts_create, ROUTE_ZOHO, NULL},
    {"DELETE", V1 "/inventorycounts", "inventorycounts.bulk_delete", "inventorycount.DELETE", counts_bulk_delete, ROUTE_ZOHO, NULL},
    {"PUT",    V1 "/inventorycounts/{inventorycount_id}", "inventorycounts.update", "inventorycount.UPDATE", counts_update, ROUTE_ZOHO, NULL},
    {"GET",    V1 "/inventorycounts/{inventorycount_id}", "inventorycounts.get", "inventorycount.READ", counts_get, ROUTE_ZOHO, NULL},
    {"DELETE", V1 "/inventorycounts/{inventorycount_id}", "inventorycounts.delete", "inventorycount.DELETE", counts_delete, ROUTE_ZOHO, NULL},
    {"POST",   V1 "/inventorycounts/{inventorycount_id}/start", "inventorycounts.start", "inventorycount.UPDATE", counts_start, ROUTE_ZOHO, NULL},
    {"PUT",    V1 "/inventorycounts/{inventorycount_id}/count", "inventorycounts.count", "inventorycount.UPDATE", counts_count, ROUTE_ZOHO, NULL},
    {"POST",   V1 "/inventorycounts/{inventorycount_id}/submit", "inventorycounts.submit", "inventorycount.UPDATE", counts_submit, ROUTE_ZOHO, NULL},
    {"PUT",    V1 "/inventorycounts/{inventorycount_id}/approve", "inventorycounts.approve", "inventorycount.UPDATE", counts_approve, ROUTE_ZOHO, NULL},
    {"POST",   V1 "/inventorycounts/{inventorycount_id}/cancel", "inventorycounts.cancel", "inventorycount.UPDATE", counts_cancel, ROUTE_ZOHO, NULL},
    {"PUT",    V1 "/settings/inventorycounts", "inventorycounts.settings", "inventorycount.UPDATE", counts_settings_update, ROUTE_ZOHO, NULL},
    {"PUT",    V1 "/settings/preferences/inventorycounts", "inventorycounts.preferences", "inventorycount.UPDATE", counts_preferences_update, ROUTE_ZOHO, NULL},

    /* Recurring stock count profiles (recurring_api.c) */
    {"POST",   V1 "/recurringinventorycounts", "recurringinventorycounts.create", "inventorycount.CREATE", recurring_create, ROUTE_ZOHO, NULL},
    {"GET",    V1 "/recurringinventorycounts", "recurringinventorycounts.list", "inventorycount.READ", recurring_list, ROUTE_ZOHO, NULL},
    {"GET",    V1 "/recurringinventorycounts/{recurringinventorycount_id}", "recurringinventorycounts.get", "inventorycount.READ", recurring_get, ROUTE_ZOHO, NULL},
    {"PUT",    V1 "/recurringinventorycounts/{recurringinventorycount_id}", "recurringinventorycounts.update", "inventorycount.UPDATE", recurring_update, ROUTE_ZOHO, NULL},
    {"DELETE", V1 "/recurringinventorycounts/{recurringinventorycount_id}", "recurringinventorycounts.delete", "inventorycount.DELETE", recurring_delete, ROUTE_ZOHO, NULL},
    {"POST",   V1 "/recurringinventorycounts/{recurringinventorycount_id}/active", "recurringinventorycounts.active", "inventorycount.UPDATE", recurring_mark_active, ROUTE_ZOHO, NULL},
    {"POST",   V1 "/recurringinventorycounts/{recurringinventorycount_id}/inactive", "recurringinventorycounts.inactive", "inventorycount.UPDATE", recurring_mark_inactive, ROUTE_ZOHO, NULL},

    /* Item Adjustments (adjustments.c, adjustments_flow.c) */
    {"POST",   V1 "/inventoryadjustments", "inventoryadjustments.create", "inventoryadjustments.CREATE", adjustments_create, ROUTE_ZOHO, NULL},
    {"GET",    V1 "/inventoryadjustments", "inventoryadjustments.list", "inventoryadjustments.READ", adjustments_list, ROUTE_ZOHO, NULL},
    {"GET",    V1 "/inventoryadjustments/{inventory_adjustment_id}", "inventoryadjustments.get", "inventoryadjustments.READ", adjustments_get, ROUTE_ZOHO, NULL},
    {"DELETE", V1 "/inventoryadjustments/{inventory_adjustment_id}", "inventoryadjustments.delete", "inventoryadjustments.DELETE", adjustments_delete, ROUTE_ZOHO, NULL},
    {"PUT",    V1 "/inventoryadjustments/{inventory_adjustment_id}", "inventoryadjustments.update", "inventoryadjustments.UPDATE", adjustments_update, ROUTE_ZOHO, NULL},
    {"POST",   V1 "/inventoryadjustments/{inventory_adjustment_id}/submit", "inventoryadjustments.submit", "inventoryadjustments.UPDATE", adjustments_submit, ROUTE_ZOHO, NULL},
    {"POST",   V1 "/inventoryadjustments/{inventory_adjustment_id}/approve", "inventoryadjustments.approve", "inventoryadjustments.UPDATE", adjustments_approve, ROUTE_ZOHO, NULL},
    {"POST",   V1 "/inventoryadjustments/{inventory_adjustment_id}/approve/final", "inventoryadjustments.approve_final", "inventoryadjustments.UPDATE", adjustments_approve_final, ROUTE_ZOHO, NULL},
    {"POST",   V1 "/inventoryadjustments/{inventory_adjustment_id}/reject", "inventoryadjustments.reject", "inventoryadjustments.UPDATE", adjustments_reject, ROUTE_ZOHO, NULL},

    /* Stock counts: reading (counts_reading.c) */
    {"GET", V1 "/inventorycounts", "inventorycounts.list", "inventorycount.READ", counts_list, ROUTE_ZOHO, NULL},
    {"GET", V1 "/inventorycountitems/{line_item_id}/trackingdetails", "inventorycountitems.trackingdetails", "inventorycount.READ", counts_tracking_details, ROUTE_ZOHO, NULL},
    {"GET", V1 "/inventorycounts/{inventorycount_id}/items/{item_id}/storages", "inventorycounts.item_storages", "inventorycount.READ", counts_item_storages, ROUTE_ZOHO, NULL},
    {"GET", V1 "/autocomplete/inventorycounts/items", "autocomplete.inventorycount_items", "inventorycount.READ", counts_autocomplete_items, ROUTE_ZOHO, NULL},
    {"GET", V1 "/autocomplete/inventorycounts/storages", "autocomplete.inventorycount_storages", "inventorycount.READ", counts_autocomplete_storages, ROUTE_ZOHO, NULL},

    /* What a client needs to look around (read-only) */

    /* Zoho's legacy lists of locations (not in the documents; inventory/locations.c) */
    {"GET", V1 "/warehouses", "warehouses.list", "settings.READ", warehouses_list, ROUTE_ZOHO, NULL},
    {"GET", V1 "/settings/warehouses", "warehouses.settings_list", "settings.READ", warehouses_list, ROUTE_ZOHO, NULL},

    /* Preferences: not in Zoho's documents (settings.c) */
    {"GET", V1 "/settings/preferences", "preferences.get", "settings.READ", settings_preferences_get, ROUTE_ZOHO, NULL},
    {"PUT", V1 "/settings/preferences", "preferences.update", "settings.UPDATE", settings_preferences_update, ROUTE_ZOHO, NULL},

    /* accounts.zoho.com's token endpoint, on the same port */
    {"POST", "/oauth/v2/token", "oauth.token", NULL, oauth_token, ROUTE_PUBLIC, NULL},
    {"GET", "/oauth/v2/auth", "oauth.authorize", NULL, oauth_authorize, ROUTE_PUBLIC, NULL},
    {"POST", "/oauth/v2/token/revoke", "oauth.revoke", NULL, oauth_revoke, ROUTE_PUBLIC, NULL},

    /* Admin API, no Zoho auth */
    {"GET",    "/__admin/health", "admin.health", NULL, admin_health, ROUTE_PUBLIC, NULL},
    {"POST",   "/__admin/reset", "admin.reset", NULL, admin_reset, ROUTE_PUBLIC, NULL},
    {"GET",    "/__admin/requests", "admin.requests", NULL, admin_requests_list, ROUTE_PUBLIC, NULL},
    {"GET",    "/__admin/requests/{sequence}", "admin.requests_get", NULL, admin_requests_get, ROUTE_PUBLIC, NULL},
    {"DELETE", "/__admin/requests", "admin.requests_clear", NULL, admin_requests_clear, ROUTE_PUBLIC, NULL},
    {"POST",   "/__admin/requests/count", "admin.requests_count", NULL, admin_requests_count, ROUTE_PUBLIC, NULL},
    {"PUT",    "/__admin/background", "admin.background_set", NULL, admin_background_set, ROUTE_PUBLIC, NULL},
    {"GET",    "/__admin/background", "admin.background_get", NULL, admin_background_get, ROUTE_PUBLIC, NULL},
    {"GET",    "/__admin/clock", "admin.clock", NULL, admin_clock_get, ROUTE_PUBLIC, NULL},
    {"PUT",    "/__admin/clock", "admin.clock_set", NULL, admin_clock_set, ROUTE_PUBLIC, NULL},
    {"GET",    "/__admin/outbox", "admin.outbox", NULL, admin_outbox_list, ROUTE_PUBLIC, NULL},
    {"DELETE", "/__admin/outbox", "admin.outbox_clear", NULL, admin_outbox_clear, ROUTE_PUBLIC, NULL},
    {"POST",   "/__admin/scenarios", "admin.scenarios_add", NULL, admin_scenarios_add, ROUTE_PUBLIC, NULL},
    {"GET",    "/__admin/scenarios", "admin.scenarios", NULL, admin_scenarios_list, ROUTE_PUBLIC, NULL},
    {"DELETE", "/__admin/scenarios", "admin.scenarios_clear", NULL, admin_scenarios_clear, ROUTE_PUBLIC, NULL},
    {"DELETE", "/__admin/scenarios/{name}", "admin.scenarios_delete", NULL, admin_scenarios_delete, ROUTE_PUBLIC, NULL},
    {"GET",    "/__admin/scenarios/examples", "admin.scenarios_examples", NULL, admin_scenarios_examples, ROUTE_PUBLIC, NULL},
    {"GET",    "/__admin/organizations", "admin.organizations", NULL, admin_organizations, ROUTE_PUBLIC, NULL},
    {"GET",    "/__admin/peek", "admin.peek", NULL, admin_peek, ROUTE_PUBLIC, NULL},
    {"POST",   "/__admin/verify", "admin.verify", NULL, admin_verify, ROUTE_PUBLIC, NULL},
    {"POST",   "/__admin/seed", "admin.seed", NULL, admin_seed, ROUTE_PUBLIC, NULL},
    {"GET",    "/__admin/state", "admin.state", NULL, admin_state_get, ROUTE_PUBLIC, NULL},
    {"PUT",    "/__admin/state", "admin.state_import", NULL, admin_state_put, ROUTE_PUBLIC, NULL},
    {"POST",   "/__admin/state/save", "admin.state_save", NULL, admin_state_save, ROUTE_PUBLIC, NULL},
    {"GET",    "/__admin/openapi.json", "admin.openapi", NULL, admin_openapi, ROUTE_PUBLIC, NULL},
};

const size_t g_routes_count = sizeof g_routes / sizeof g_routes[0];

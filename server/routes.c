/* routes.c -- the route table: every endpoint, its scope, its handler and its stable name */
#include "handlers.h"
#include "router.h"

#define V1 "/inventory/v1"

const zm_route g_routes[] = {
    /* Item Adjustments */
    {"POST",   V1 "/inventoryadjustments", "inventoryadjustments.create", "inventoryadjustments.CREATE", adjustments_create, ROUTE_ZOHO},
    {"GET",    V1 "/inventoryadjustments", "inventoryadjustments.list", "inventoryadjustments.READ", adjustments_list, ROUTE_ZOHO},
    {"GET",    V1 "/inventoryadjustments/{inventory_adjustment_id}", "inventoryadjustments.get", "inventoryadjustments.READ", adjustments_get, ROUTE_ZOHO},
    {"DELETE", V1 "/inventoryadjustments/{inventory_adjustment_id}", "inventoryadjustments.delete", "inventoryadjustments.DELETE", adjustments_delete, ROUTE_ZOHO},

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
};

const size_t g_routes_count = sizeof g_routes / sizeof g_routes[0];

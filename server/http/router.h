/* router.h -- the route table: method and path pattern to handler, scope and stable route name */
#ifndef ZM_ROUTER_H
#define ZM_ROUTER_H

#include "zoho/request.h"

enum {
    ROUTE_ZOHO = 0,        /* Zoho auth, scope and organization */
    ROUTE_NO_ORG = 1,      /* Zoho auth and scope, no organization (GET /organizations) */
    ROUTE_PUBLIC = 2,      /* no Zoho auth: /__admin and /oauth */
};

typedef struct zm_route {
    const char *method;
    const char *pattern;    /* "/inventory/v1/inventorycounts/{inventorycount_id}/start" */
    const char *name;       /* "inventorycounts.start", stable for scenarios */
    const char *scope;      /* "inventorycount.UPDATE"; NULL for public routes */
    zm_handler handler;
    int kind;
} zm_route;

typedef enum {
    ROUTE_NOT_FOUND,        /* no pattern matches the path */
    ROUTE_WRONG_METHOD,     /* a pattern matches, not with this method */
    ROUTE_FOUND,
} zm_route_match;

/* Finds the route; on ROUTE_FOUND fills req->route and its path params. */
zm_route_match router_match(zm_request *req);

/* The table, for listing (scenarios' README, tests). */
extern const zm_route g_routes[];
extern const size_t g_routes_count;

#endif

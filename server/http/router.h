/* router.h -- the route table: method and path pattern to handler, scope and stable route name */
#ifndef ZM_ROUTER_H
#define ZM_ROUTER_H

#include "zoho/request.h"

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

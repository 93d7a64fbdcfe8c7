/* router.h -- the route table and the router: method and path to handler, scope and stable route name */
#ifndef ZM_ROUTER_H
#define ZM_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "zoho/request.h"

typedef enum {
    ROUTE_NOT_FOUND,        /* no pattern matches the path */
    ROUTE_WRONG_METHOD,     /* a pattern matches, not with this method */
    ROUTE_FOUND,
} zm_route_match;

/* Builds the routes once: the hand-written table (routes.c) first, then one
 * route for every documented Zoho operation (zoho/spec.h) that no
 * hand-written route serves, answered by the generic engine. Call after
 * spec_load; later calls return at once. Returns 0, or -1 with err set
 * (two routes with one name: a programming error). */
int router_build(char *err, size_t errlen);

/* Finds the route; on ROUTE_FOUND fills req->route and its path params.
 * Literal path segments win over parameters ("/items/batches" before
 * "/items/{item_id}"), segment by segment. */
zm_route_match router_match(zm_request *req);

/* Every route, hand-written first (for listings and tests). */
size_t router_count(void);
const zm_route *router_route(size_t index);

/* Every route, one a line, in router_route order: method, pattern, name
 * and scope (with its ZohoInventory. prefix; "-" for routes without Zoho
 * auth) in aligned columns; with markdown, the Zoho routes only, as the
 * rows of scenarios/README.md's table "| `name` | METHOD | `pattern` | scope |". */
void router_print(FILE *out, bool markdown);

/* The hand-written table (routes.c). */
extern const zm_route g_routes[];
extern const size_t g_routes_count;

#endif

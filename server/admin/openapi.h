/* openapi.h -- the OpenAPI 3.0 document of every route zoho-mock serves (GET /__admin/openapi.json) */
#ifndef ZM_OPENAPI_H
#define ZM_OPENAPI_H

#include <stdbool.h>
#include <stddef.h>

#include "zoho/request.h"

/* The descriptions of the hand-written routes that Zoho's OpenAPI
 * documents do not cover (stock counts, recurring counts, the legacy
 * warehouse lists, preferences, OAuth, the admin API): OpenAPI fragments,
 * compiled into the binary (spec/mock/README.md). */
#define OPENAPI_ROUTES_FILE "spec/mock/openapi.json"

/* What a built document writes where the server's own URL belongs
 * (servers, the OAuth URLs); openapi_render puts the URL there. */
#define OPENAPI_BASE_URL "@@zoho-mock-base-url@@"

/* In OPENAPI_ROUTES_FILE, on a hand-written route that serves a documented
 * operation: the status its handler answers where Zoho's document says
 * another ("201" for POST /inventoryadjustments). */
#define OPENAPI_MOCK_STATUS "x-zoho-mock-status"

/* Marks an operation the generator had no description for (a route added
 * to routes.c without its entry in OPENAPI_ROUTES_FILE): it still appears,
 * with this extension set to true, and the tests fail on it. */
#define OPENAPI_UNDESCRIBED "x-zoho-mock-undescribed"

/* The document of the routes, in their order (http/router.h): each
 * documented Zoho operation from Zoho's facts (zoho/spec.h: parameters,
 * request and response schemas, scope, status, message), the others from
 * OPENAPI_ROUTES_FILE; security schemes and scopes, Zoho's error answers
 * from the error table (zoho/errors.h). With admin_guarded, the admin API
 * is described as needing "Authorization: Bearer <--admin-token>".
 * Returns the JSON text (free() it), or NULL with err set when the
 * compiled-in description is missing or malformed (a broken build). */
char *openapi_build(const zm_route *const *routes, size_t n, bool admin_guarded, char *err, size_t errlen);

/* The built text with every OPENAPI_BASE_URL replaced by base_url
 * ("http://127.0.0.1:8080", no trailing slash); its length in *len. */
char *openapi_render(const char *built, const char *base_url, size_t *len);

#endif

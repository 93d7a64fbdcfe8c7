/* openapi_impl.h -- what the OpenAPI generator's files share (openapi.c: the document; openapi_ops.c: Zoho's operations) */
#ifndef ZM_OPENAPI_IMPL_H
#define ZM_OPENAPI_IMPL_H

#include <cjson/cJSON.h>

#include "admin/openapi.h"
#include "zoho/spec.h"

/* Components the operations point at (openapi.c defines them). */
#define OPENAPI_REF_ERROR_SCHEMA "#/components/schemas/ZohoError"
#define OPENAPI_REF_JSONSTRING "#/components/schemas/JSONStringForm"
#define OPENAPI_REF_ORG_QUERY "#/components/parameters/organization_id"
#define OPENAPI_REF_ORG_HEADER "#/components/parameters/organization_id_header"

/* {"$ref": ref} */
cJSON *openapi_ref(const char *ref);

/* The OpenAPI operation of a documented Zoho operation served by route r
 * (its generated route, or a hand-written one at the same method and
 * path): operationId, summary, tags, parameters (path and query, the
 * documented variants of filters included), the request body (JSON
 * bodies also as the form field JSONString) and the documented success
 * answer. Security and error answers are added by openapi.c. */
cJSON *openapi_zoho_operation(const zm_op *op, const zm_route *r);

/* Adds a required string parameter "in: path" for every {name} of the
 * pattern that params does not declare yet. */
void openapi_add_path_params(cJSON *params, const char *pattern);

#endif

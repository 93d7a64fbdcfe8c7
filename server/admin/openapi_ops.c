/* openapi_ops.c -- one documented Zoho operation (zoho/spec.h) as an OpenAPI 3.0 operation object */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/openapi_impl.h"
#include "util/alloc.h"
#include "util/json.h"

cJSON *openapi_ref(const char *ref)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "$ref", ref);
    return o;
}

/* ------------------------------------------------------------ parameters */

static bool has_param(const cJSON *params, const char *name, const char *in)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, params) {
        const cJSON *n = json_get(p, "name"), *i = json_get(p, "in");
        if (cJSON_IsString(n) && cJSON_IsString(i) && strcmp(n->valuestring, name) == 0 &&
            strcmp(i->valuestring, in) == 0)
            return true;
    }
    return false;
}

void openapi_add_path_params(cJSON *params, const char *pattern)
{
    for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        if (!end) break;
        char *name = xstrndup(p + 1, (size_t)(end - p - 1));
        if (!has_param(params, name, "path")) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", name);
            cJSON_AddStringToObject(o, "in", "path");
            cJSON_AddBoolToObject(o, "required", true);
            cJSON *schema = cJSON_AddObjectToObject(o, "schema");
            cJSON_AddStringToObject(schema, "type", "string");
            cJSON_AddItemToArray(params, o);
        }
        free(name);
    }
}

/* The schema of a documented query parameter: its keywords but the
 * parameter's own (name, required) and the extractor's notes. */
static cJSON *query_schema(const cJSON *q)
{
    static const char *const not_schema[] = {"name", "required", "from_text", "variants"};
    cJSON *schema = cJSON_CreateObject();
    const cJSON *k;
    cJSON_ArrayForEach(k, q) {
        bool skip = false;
        for (size_t i = 0; i < sizeof not_schema / sizeof not_schema[0]; i++)
            skip |= strcmp(k->string, not_schema[i]) == 0;
        if (!skip) cJSON_AddItemToObject(schema, k->string, cJSON_Duplicate(k, true));
    }
    return schema;
}

static void add_query_param(cJSON *params, const char *name, const cJSON *q, bool required, const char *like)
{
    if (has_param(params, name, "query")) return;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", name);
    cJSON_AddStringToObject(o, "in", "query");
    if (like) {
        char *text = xasprintf("A variant of %s that Zoho's document names beside it (same type).", like);
        cJSON_AddStringToObject(o, "description", text);
        free(text);
    }
    cJSON_AddBoolToObject(o, "required", required);
    cJSON_AddItemToObject(o, "schema", query_schema(q));
    cJSON_AddItemToArray(params, o);
}

/* Path parameters, then every documented query parameter and the
 * variants its description lists (contact_name_startswith, date.start). */
static cJSON *parameters(const zm_op *op, const zm_route *r)
{
    cJSON *params = cJSON_CreateArray();
    openapi_add_path_params(params, r->pattern);
    const cJSON *q;
    cJSON_ArrayForEach(q, op->query) {
        const cJSON *name = json_get(q, "name");
        if (!cJSON_IsString(name)) continue;
        add_query_param(params, name->valuestring, q, cJSON_IsTrue(json_get(q, "required")), NULL);
        const cJSON *v;
        cJSON_ArrayForEach(v, json_get(q, "variants")) {
            if (cJSON_IsString(v)) add_query_param(params, v->valuestring, q, false, name->valuestring);
        }
    }
    return params;
}

/* ------------------------------------------------------- body, answer */

/* A schema written as an allOf of one schema (Zoho's picklist answers)
 * becomes that schema, nested ones too: the same meaning, and what
 * OpenAPI linters expect. */
static void collapse_single_allof(cJSON *node)
{
    cJSON *all = (cJSON *)json_get(node, "allOf");
    if (cJSON_IsObject(node) && cJSON_GetArraySize(node) == 1 && cJSON_GetArraySize(all) == 1 &&
        cJSON_IsObject(all->child)) {
        cJSON *only = cJSON_DetachItemFromArray(all, 0);
        cJSON_DeleteItemFromObjectCaseSensitive(node, "allOf");
        while (only->child) {
            cJSON *m = cJSON_DetachItemViaPointer(only, only->child);
            cJSON_AddItemToObject(node, m->string, m);
        }
        cJSON_Delete(only);
    }
    for (cJSON *c = node ? node->child : NULL; c; c = c->next) collapse_single_allof(c);
}

/* A copy of a documented schema for the document. */
static cJSON *schema_copy(const cJSON *schema)
{
    cJSON *s = cJSON_Duplicate(schema, true);
    collapse_single_allof(s);
    return s;
}

static bool is_json(const char *content_type)
{
    return content_type && strcmp(content_type, "application/json") == 0;
}

/* The documented body; a JSON body may also come as the form field
 * JSONString (urlencoded), as Zoho's older clients send it. */
static cJSON *documented_body(const zm_op *op)
{
    cJSON *rb = cJSON_CreateObject();
    cJSON_AddBoolToObject(rb, "required", op->body_required);
    cJSON *content = cJSON_AddObjectToObject(rb, "content");
    cJSON *media = cJSON_AddObjectToObject(content, op->body_content);
    cJSON_AddItemToObject(media, "schema", op->body ? schema_copy(op->body) : cJSON_CreateObject());
    if (is_json(op->body_content)) {
        cJSON *form = cJSON_AddObjectToObject(content, "application/x-www-form-urlencoded");
        cJSON_AddItemToObject(form, "schema", openapi_ref(OPENAPI_REF_JSONSTRING));
    }
    return rb;
}

/* The documented success answer: its status, message and schema. */
static cJSON *success_response(const zm_op *op)
{
    cJSON *resp = cJSON_CreateObject();
    char *text = op->message ? xasprintf("Success: \"%s\"", op->message) : xstrdup("Success");
    cJSON_AddStringToObject(resp, "description", text);
    free(text);
    if (!op->response_content) return resp;
    cJSON *media = cJSON_AddObjectToObject(cJSON_AddObjectToObject(resp, "content"), op->response_content);
    if (is_json(op->response_content)) {
        cJSON_AddItemToObject(media, "schema", op->response ? schema_copy(op->response) : cJSON_CreateObject());
    } else {
        cJSON *schema = cJSON_AddObjectToObject(media, "schema");
        cJSON_AddStringToObject(schema, "type", "string");
        cJSON_AddStringToObject(schema, "format", "binary");
    }
    return resp;
}

/* ---------------------------------------------------------- operation */

/* "mark_purchase_order_as_issued" -> "Mark purchase order as issued". */
static char *summary_of(const char *operation_id)
{
    char *s = xstrdup(operation_id);
    for (char *p = s; *p; p++)
        if (*p == '_') *p = ' ';
    s[0] = (char)toupper((unsigned char)s[0]);
    return s;
}

cJSON *openapi_zoho_operation(const zm_op *op, const zm_route *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "operationId", op->operation_id);
    char *text = summary_of(op->operation_id);
    cJSON_AddStringToObject(o, "summary", text);
    free(text);
    text = xasprintf("From Zoho's OpenAPI document `%s` (operation `%s`), served %s. "
                     "Route name `%s` (what scenarios see as `req.route`).",
                     op->doc, op->operation_id,
                     r->op ? "by the generic engine" : "by its own handler", r->name);
    cJSON_AddStringToObject(o, "description", text);
    free(text);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "tags"), cJSON_CreateString(op->doc));
    cJSON_AddItemToObject(o, "parameters", parameters(op, r));
    if (op->body_content) cJSON_AddItemToObject(o, "requestBody", documented_body(op));
    cJSON *responses = cJSON_AddObjectToObject(o, "responses");
    char status[8];
    snprintf(status, sizeof status, "%d", op->status);
    cJSON_AddItemToObject(responses, status, success_response(op));
    return o;
}

/* openapi.c -- the OpenAPI 3.0 document of every route: info, servers, security, Zoho's error answers, paths */
#include "admin/openapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/openapi_impl.h"
#include "util/alloc.h"
#include "util/embedded.h"
#include "util/json.h"
#include "util/version.h"
#include "zoho/errors.h"

#define V1 "/inventory/v1"

/* What one build works with. */
typedef struct builder {
    cJSON *doc;
    cJSON *paths;
    cJSON *tags;                /* the document's tags, in order */
    cJSON *scopes;              /* the OAuth flows' scopes: name -> what it allows */
    const cJSON *handwritten;   /* OPENAPI_ROUTES_FILE, parsed */
    bool admin_guarded;
} builder;

/* ------------------------------------------------------ error answers */

/* The error answers, one per HTTP status of the error table, each
 * listing that status's codes and messages. */
static const struct {
    int status;
    const char *name;       /* components/responses/<name> */
    const char *what;
} error_answers[] = {
    {400, "ZohoBadRequest", "A refused request: a parameter or field missing or invalid, or a state that forbids it"},
    {401, "ZohoUnauthorized", "No token, an unknown or expired one, or one without the operation's scope"},
    {404, "ZohoNotFound", "An unknown path, or a record that does not exist"},
    {405, "ZohoMethodNotAllowed", "A known path with a method it does not serve"},
    {413, "ZohoPayloadTooLarge", "A request body past the server's limit"},
    {429, "ZohoTooManyRequests", "A rate limit (scenarios/rate_limit.lua): per minute, per day or concurrent calls"},
    {500, "ZohoInternalError", "A failure inside the server, or one a scenario makes (zoho.error)"},
};
#define N_ERROR_ANSWERS (sizeof error_answers / sizeof error_answers[0])

static const char *error_ref(int status)
{
    static char refs[N_ERROR_ANSWERS][64];
    for (size_t i = 0; i < N_ERROR_ANSWERS; i++) {
        if (error_answers[i].status != status) continue;
        snprintf(refs[i], sizeof refs[i], "#/components/responses/%s", error_answers[i].name);
        return refs[i];
    }
    return NULL;
}

/* The message format with each %s shown as "<...>". */
static char *message_shape(const char *format)
{
    size_t n = strlen(format), k = 0;
    char *out = xmalloc(n * 3 + 1);
    for (size_t i = 0; i < n; i++) {
        if (format[i] == '%' && format[i + 1] == 's') {
            memcpy(out + k, "<...>", 5);
            k += 5;
            i++;
        } else {
            out[k++] = format[i];
        }
    }
    out[k] = '\0';
    return out;
}

static cJSON *error_response(size_t which)
{
    int status = error_answers[which].status;
    cJSON *r = cJSON_CreateObject();
    size_t cap = 256, len = 0;
    char *text = xmalloc(cap);
    len = (size_t)snprintf(text, cap, "%s. Zoho's error body `{\"code\", \"message\"}`; the codes the mock answers "
                                      "with this status:", error_answers[which].what);
    cJSON *example = NULL;
    for (int id = 0; id < ZE__COUNT; id++) {
        const zoho_error *e = zoho_error_get((zoho_error_id)id);
        if (e->http_status != status) continue;
        char *shape = message_shape(e->message_format);
        char *line = xasprintf(" %d `%s`;", e->code, shape);
        size_t add = strlen(line);
        if (len + add + 1 > cap) {
            while (len + add + 1 > cap) cap *= 2;
            text = xrealloc(text, cap);
        }
        memcpy(text + len, line, add + 1);
        len += add;
        if (!example) {
            example = cJSON_CreateObject();
            cJSON_AddNumberToObject(example, "code", e->code);
            cJSON_AddStringToObject(example, "message", shape);
        }
        free(line);
        free(shape);
    }
    if (len && text[len - 1] == ';') text[len - 1] = '.';
    cJSON_AddStringToObject(r, "description", text);
    free(text);
    if (status == 429) {
        static const char *const headers[][2] = {
            {"X-Rate-Limit-Limit", "The limit that was reached (calls per day, per minute, or at once)"},
            {"X-Rate-Limit-Remaining", "Calls left in the window"},
            {"X-Rate-Limit-Reset", "Seconds until the window starts over"},
        };
        cJSON *h = cJSON_AddObjectToObject(r, "headers");
        for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
            cJSON *one = cJSON_AddObjectToObject(h, headers[i][0]);
            cJSON_AddStringToObject(one, "description", headers[i][1]);
            cJSON_AddStringToObject(cJSON_AddObjectToObject(one, "schema"), "type", "integer");
        }
    }
    cJSON *media = cJSON_AddObjectToObject(cJSON_AddObjectToObject(r, "content"), "application/json");
    cJSON_AddItemToObject(media, "schema", openapi_ref(OPENAPI_REF_ERROR_SCHEMA));
    if (example) cJSON_AddItemToObject(media, "example", example);
    return r;
}

/* ------------------------------------------------------- components */

static cJSON *parse_object(const char *json)
{
    cJSON *o = cJSON_Parse(json);
    if (!o) abort();        /* a literal of this file */
    return o;
}

static void add_components(builder *b)
{
    cJSON *components = cJSON_AddObjectToObject(b->doc, "components");

    cJSON *schemes = cJSON_AddObjectToObject(components, "securitySchemes");
    cJSON *oauth = cJSON_AddObjectToObject(schemes, "Zoho_Auth");
    cJSON_AddStringToObject(oauth, "type", "oauth2");
    cJSON_AddStringToObject(oauth, "description",
                            "Zoho's OAuth 2.0, served by this mock at /oauth/v2 (accounts.zoho.com's paths). Send the "
                            "access token as `Authorization: Zoho-oauthtoken <access_token>` (not `Bearer`), as Zoho "
                            "wants it. A scope `ZohoInventory.<module>.ALL` covers every action of its module, "
                            "`ZohoInventory.FullAccess.all` everything. The fixtures' tokens (`1000.full.john`, ...) "
                            "work without a grant.");
    cJSON *flows = cJSON_AddObjectToObject(oauth, "flows");
    cJSON *code = cJSON_AddObjectToObject(flows, "authorizationCode");
    cJSON_AddStringToObject(code, "authorizationUrl", OPENAPI_BASE_URL "/oauth/v2/auth");
    cJSON_AddStringToObject(code, "tokenUrl", OPENAPI_BASE_URL "/oauth/v2/token");
    cJSON_AddStringToObject(code, "refreshUrl", OPENAPI_BASE_URL "/oauth/v2/token");
    cJSON_AddItemToObject(code, "scopes", cJSON_Duplicate(b->scopes, true));
    cJSON *client = cJSON_AddObjectToObject(flows, "clientCredentials");
    cJSON_AddStringToObject(client, "tokenUrl", OPENAPI_BASE_URL "/oauth/v2/token");
    cJSON_AddItemToObject(client, "scopes", cJSON_Duplicate(b->scopes, true));
    if (b->admin_guarded) {
        cJSON *admin = cJSON_AddObjectToObject(schemes, "Admin_Token");
        cJSON_AddStringToObject(admin, "type", "http");
        cJSON_AddStringToObject(admin, "scheme", "bearer");
        cJSON_AddStringToObject(admin, "description",
                                "This zoho-mock runs with --admin-token: every /__admin call needs "
                                "`Authorization: Bearer <that token>`.");
    }

    cJSON *params = cJSON_AddObjectToObject(components, "parameters");
    cJSON_AddItemToObject(params, "organization_id", parse_object(
        "{\"name\":\"organization_id\",\"in\":\"query\",\"required\":false,"
        "\"description\":\"The organization of the call. A user of one organization may leave it out; a user of "
        "several gets 400 code 6024 without it (or without the header organization_id_header).\","
        "\"schema\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,19}$\"}}"));
    cJSON_AddItemToObject(params, "organization_id_header", parse_object(
        "{\"name\":\"X-com-zoho-inventory-organizationid\",\"in\":\"header\",\"required\":false,"
        "\"description\":\"The organization, when the query has no organization_id.\","
        "\"schema\":{\"type\":\"string\",\"pattern\":\"^[0-9]{1,19}$\"}}"));

    cJSON *responses = cJSON_AddObjectToObject(components, "responses");
    for (size_t i = 0; i < N_ERROR_ANSWERS; i++)
        cJSON_AddItemToObject(responses, error_answers[i].name, error_response(i));

    cJSON *schemas = cJSON_AddObjectToObject(components, "schemas");
    cJSON_AddItemToObject(schemas, "ZohoError", parse_object(
        "{\"type\":\"object\",\"required\":[\"code\",\"message\"],\"properties\":{"
        "\"code\":{\"type\":\"integer\",\"description\":\"Zoho's error code (0 is success)\"},"
        "\"message\":{\"type\":\"string\"},"
        "\"error_info\":{\"type\":\"array\",\"description\":\"With code 6024: the organizations the user belongs to\","
        "\"items\":{\"type\":\"object\",\"properties\":{\"organization_id\":{\"type\":\"string\"},"
        "\"name\":{\"type\":\"string\"}}}}}}"));
    cJSON_AddItemToObject(schemas, "JSONStringForm", parse_object(
        "{\"type\":\"object\",\"required\":[\"JSONString\"],\"description\":\"The JSON body as the form field "
        "JSONString, as Zoho's older clients send it (also accepted in multipart forms and on the query string).\","
        "\"properties\":{\"JSONString\":{\"type\":\"string\"}}}"));
    const cJSON *s;
    cJSON_ArrayForEach(s, json_get(json_get(b->handwritten, "components"), "schemas")) {
        cJSON_AddItemToObject(schemas, s->string, cJSON_Duplicate(s, true));
    }
    cJSON_ArrayForEach(s, json_get(json_get(b->handwritten, "components"), "parameters")) {
        cJSON_AddItemToObject(params, s->string, cJSON_Duplicate(s, true));
    }
}

/* ------------------------------------------------------------- scopes */

static char *full_scope(const char *scope)
{
    return strncmp(scope, "ZohoInventory.", 14) == 0 ? xstrdup(scope) : xasprintf("ZohoInventory.%s", scope);
}

/* Every scope a route needs, its module's ALL, and FullAccess.all. */
static void collect_scopes(builder *b, const zm_route *const *routes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!routes[i]->scope) continue;
        char *scope = full_scope(routes[i]->scope);
        const char *module = scope + 14, *dot = strchr(module, '.');
        if (!json_get(b->scopes, scope)) {
            char *what = xasprintf("%s on %.*s", dot ? dot + 1 : module, dot ? (int)(dot - module) : 0, module);
            cJSON_AddStringToObject(b->scopes, scope, what);
            free(what);
        }
        char *all = xasprintf("ZohoInventory.%.*s.ALL", dot ? (int)(dot - module) : (int)strlen(module), module);
        if (!json_get(b->scopes, all)) {
            char *what = xasprintf("every action on %.*s", dot ? (int)(dot - module) : (int)strlen(module), module);
            cJSON_AddStringToObject(b->scopes, all, what);
            free(what);
        }
        free(all);
        free(scope);
    }
    cJSON_AddStringToObject(b->scopes, "ZohoInventory.FullAccess.all", "everything");
}

/* --------------------------------------------------------------- tags */

static void add_tag(builder *b, const char *name, const char *description)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, b->tags) {
        if (strcmp(json_get(t, "name")->valuestring, name) == 0) return;
    }
    cJSON *tag = cJSON_CreateObject();
    cJSON_AddStringToObject(tag, "name", name);
    cJSON_AddStringToObject(tag, "description", description);
    cJSON_AddItemToArray(b->tags, tag);
}

/* ---------------------------------------------------------- operations */

static void lower(char *out, size_t size, const char *method)
{
    size_t i = 0;
    for (; method[i] && i + 1 < size; i++) out[i] = (char)(method[i] | 0x20);
    out[i] = '\0';
}

static const cJSON *handwritten_entry(const builder *b, const zm_route *r)
{
    char method[16];
    lower(method, sizeof method, r->method);
    return json_get(json_get(json_get(b->handwritten, "paths"), r->pattern), method);
}

/* The documented success answer, moved to the status the handler
 * answers with (OPENAPI_MOCK_STATUS of the hand-written entry). */
static void move_success(cJSON *op, const zm_op *documented, const char *status)
{
    char from[8];
    snprintf(from, sizeof from, "%d", documented->status);
    cJSON *responses = (cJSON *)json_get(op, "responses");
    cJSON *success = cJSON_DetachItemFromObjectCaseSensitive(responses, from);
    if (!success) return;
    const cJSON *d = json_get(success, "description");
    char *text = xasprintf("%s (Zoho's document says %s; this mock answers %s)",
                           cJSON_IsString(d) ? d->valuestring : "Success", from, status);
    json_set(success, "description", cJSON_CreateString(text));
    free(text);
    cJSON_AddItemToObject(responses, status, success);
}

/* The hand-written description's members over the documented operation:
 * its parameters and answers added to the documented ones, the rest
 * replacing them. */
static void merge_over(cJSON *op, const zm_op *documented, const cJSON *entry)
{
    const cJSON *k;
    cJSON_ArrayForEach(k, entry) {
        cJSON *mine = (cJSON *)json_get(op, k->string);
        if (strcmp(k->string, OPENAPI_MOCK_STATUS) == 0 && cJSON_IsString(k)) {
            move_success(op, documented, k->valuestring);
        } else if ((strcmp(k->string, "parameters") == 0 && cJSON_IsArray(mine)) ||
                   (strcmp(k->string, "responses") == 0 && cJSON_IsObject(mine))) {
            const cJSON *p;
            cJSON_ArrayForEach(p, k) {
                if (cJSON_IsArray(mine)) cJSON_AddItemToArray(mine, cJSON_Duplicate(p, true));
                else json_set(mine, p->string, cJSON_Duplicate(p, true));
            }
        } else {
            json_set(op, k->string, cJSON_Duplicate(k, true));
        }
    }
}

static bool is_admin(const zm_route *r) { return strncmp(r->pattern, "/__admin", 8) == 0; }

static bool is_zoho_api(const zm_route *r) { return r->kind != ROUTE_PUBLIC; }

/* What every operation gets besides its own description: operationId
 * (the route name unless documented), the route name, security, the
 * organization, path parameters, error answers. */
static void complete(builder *b, cJSON *op, const zm_route *r)
{
    if (!json_get(op, "operationId")) cJSON_AddStringToObject(op, "operationId", r->name);
    cJSON_AddStringToObject(op, "x-zoho-mock-route", r->name);
    cJSON *params = (cJSON *)json_get(op, "parameters");
    if (!params) params = cJSON_AddArrayToObject(op, "parameters");
    openapi_add_path_params(params, r->pattern);
    if (r->kind == ROUTE_ZOHO) {
        cJSON_AddItemToArray(params, openapi_ref(OPENAPI_REF_ORG_QUERY));
        cJSON_AddItemToArray(params, openapi_ref(OPENAPI_REF_ORG_HEADER));
    }
    if (cJSON_GetArraySize(params) == 0) cJSON_DeleteItemFromObjectCaseSensitive(op, "parameters");

    cJSON *security = cJSON_CreateArray();
    if (is_zoho_api(r)) {
        cJSON *req = cJSON_CreateObject();
        char *scope = full_scope(r->scope ? r->scope : "FullAccess.all");
        cJSON_AddItemToArray(cJSON_AddArrayToObject(req, "Zoho_Auth"), cJSON_CreateString(scope));
        free(scope);
        cJSON_AddItemToArray(security, req);
    } else if (is_admin(r) && b->admin_guarded) {
        cJSON *req = cJSON_CreateObject();
        cJSON_AddArrayToObject(req, "Admin_Token");
        cJSON_AddItemToArray(security, req);
    }
    json_set(op, "security", security);

    cJSON *responses = (cJSON *)json_get(op, "responses");
    if (!responses) responses = cJSON_AddObjectToObject(op, "responses");
    int statuses[8], n = 0;
    if (is_zoho_api(r)) {
        static const int zoho[] = {400, 401, 404, 405, 429, 500};
        for (size_t i = 0; i < sizeof zoho / sizeof zoho[0]; i++) statuses[n++] = zoho[i];
        if (json_get(op, "requestBody")) statuses[n++] = 413;
    } else {
        statuses[n++] = 405;
        if (is_admin(r) && b->admin_guarded) statuses[n++] = 401;
    }
    for (int i = 0; i < n; i++) {
        char key[8];
        snprintf(key, sizeof key, "%d", statuses[i]);
        if (!json_get(responses, key)) cJSON_AddItemToObject(responses, key, openapi_ref(error_ref(statuses[i])));
    }
}

/* A route neither Zoho's documents nor OPENAPI_ROUTES_FILE describe. */
static cJSON *undescribed(const zm_route *r)
{
    cJSON *op = cJSON_CreateObject();
    char *text = xasprintf("%s %s", r->method, r->pattern);
    cJSON_AddStringToObject(op, "summary", text);
    free(text);
    cJSON_AddStringToObject(op, "description", "Not described yet: see README.md.");
    cJSON_AddBoolToObject(op, OPENAPI_UNDESCRIBED, true);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(cJSON_AddObjectToObject(op, "responses"), "default"),
                            "description", "Whatever the handler answers");
    return op;
}

static void add_route(builder *b, const zm_route *r)
{
    const zm_op *op = r->op;
    if (!op && strncmp(r->pattern, V1 "/", sizeof V1) == 0) op = spec_find(r->method, r->pattern + strlen(V1));
    const cJSON *entry = handwritten_entry(b, r);
    cJSON *o;
    if (op) {
        o = openapi_zoho_operation(op, r);
        if (entry) merge_over(o, op, entry);
        add_tag(b, op->doc, "");
    } else if (entry) {
        o = cJSON_Duplicate(entry, true);
    } else {
        o = undescribed(r);
    }
    complete(b, o, r);
    cJSON *item = (cJSON *)json_get(b->paths, r->pattern);
    if (!item) item = cJSON_AddObjectToObject(b->paths, r->pattern);
    char method[16];
    lower(method, sizeof method, r->method);
    cJSON_AddItemToObject(item, method, o);
}

/* Zoho's modules first (in route order, each with how many operations
 * it has), then the hand-written file's tags. */
static void describe_tags(builder *b)
{
    cJSON *t;
    cJSON_ArrayForEach(t, b->tags) {
        const char *name = json_get(t, "name")->valuestring;
        int count = 0;
        for (size_t i = 0; i < spec_count(); i++) count += strcmp(spec_op(i)->doc, name) == 0;
        char *text = xasprintf("Zoho Inventory's `%s` module, %d operations in Zoho's OpenAPI document %s.yml.",
                               name, count, name);
        json_set(t, "description", cJSON_CreateString(text));
        free(text);
    }
    const cJSON *h;
    cJSON_ArrayForEach(h, json_get(b->handwritten, "tags")) {
        const cJSON *name = json_get(h, "name"), *description = json_get(h, "description");
        if (cJSON_IsString(name)) add_tag(b, name->valuestring, cJSON_IsString(description) ? description->valuestring : "");
    }
}

/* ------------------------------------------------------------ building */

static void add_info(builder *b)
{
    cJSON_AddStringToObject(b->doc, "openapi", "3.0.3");
    cJSON *info = cJSON_AddObjectToObject(b->doc, "info");
    cJSON_AddStringToObject(info, "title", "zoho-mock: the Zoho Inventory API, and the mock's own");
    cJSON_AddStringToObject(info, "version", ZM_VERSION);
    const cJSON *d = json_get(b->handwritten, "description");
    cJSON_AddStringToObject(info, "description", cJSON_IsString(d) ? d->valuestring : "");
    cJSON *server = cJSON_CreateObject();
    cJSON_AddStringToObject(server, "url", OPENAPI_BASE_URL);
    cJSON_AddStringToObject(server, "description", "this zoho-mock");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(b->doc, "servers"), server);
}

char *openapi_build(const zm_route *const *routes, size_t n, bool admin_guarded, char *err, size_t errlen)
{
    const zm_embedded_file *f = embedded_find(OPENAPI_ROUTES_FILE);
    cJSON *handwritten = f ? cJSON_ParseWithLength((const char *)f->data, f->len) : NULL;
    if (!cJSON_IsObject(json_get(handwritten, "paths"))) {
        snprintf(err, errlen, "%s: %s", OPENAPI_ROUTES_FILE, f ? "not an object with paths" : "not compiled in");
        cJSON_Delete(handwritten);
        return NULL;
    }
    builder b = {cJSON_CreateObject(), NULL, NULL, cJSON_CreateObject(), handwritten, admin_guarded};
    add_info(&b);
    b.tags = cJSON_AddArrayToObject(b.doc, "tags");
    b.paths = cJSON_AddObjectToObject(b.doc, "paths");
    collect_scopes(&b, routes, n);
    for (size_t i = 0; i < n; i++) add_route(&b, routes[i]);
    describe_tags(&b);
    add_components(&b);
    char *text = json_print(b.doc);
    cJSON_Delete(b.doc);
    cJSON_Delete(b.scopes);
    cJSON_Delete(handwritten);
    return text;
}

char *openapi_render(const char *built, const char *base_url, size_t *len)
{
    static const char mark[] = OPENAPI_BASE_URL;
    size_t mark_len = sizeof mark - 1, url_len = strlen(base_url), count = 0;
    for (const char *p = strstr(built, mark); p; p = strstr(p + mark_len, mark)) count++;
    size_t total = strlen(built) - count * mark_len + count * url_len;
    char *out = xmalloc(total + 1), *o = out;
    const char *from = built;
    for (const char *p = strstr(from, mark); p; p = strstr(from, mark)) {
        memcpy(o, from, (size_t)(p - from));
        o += p - from;
        memcpy(o, base_url, url_len);
        o += url_len;
        from = p + mark_len;
    }
    size_t rest = strlen(from);
    memcpy(o, from, rest + 1);
    *len = total;
    return out;
}

/* record_template.c -- --record: one answered interaction as a contract interaction: variables, redaction, match rules */
#include <civetweb.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contract/contract.h"
#include "contract/jsonpath.h"
#include "contract/record_impl.h"
#include "model/clock.h"
#include "util/text.h"
#include "zoho/fields.h"
#include "zoho/secrets.h"

/* ------------------------------------------------------- templating */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Replaces node (a member or element of parent) by a string. */
static void set_text(cJSON *parent, cJSON *node, const char *text)
{
    cJSON *s = cJSON_CreateString(text);
    if (node->string) s->string = xstrdup(node->string);
    cJSON_ReplaceItemViaPointer(parent, node, s);
}

static void add_rule(rec_ctx *c, const char *concrete, const char *rule)
{
    char general[4096];
    jsonpath_generalize(general, sizeof general, concrete);
    if (!json_get(c->match, general)) cJSON_AddStringToObject(c->match, general, rule);
}

/* A new id of a creating call becomes a variable later calls refer to. */
static void capture_new_id(rec_ctx *c, const char *key, const cJSON *v, const char *concrete)
{
    cJSON_AddStringToObject(c->capture, record_known_add(c->known, key, v), concrete);
}

/* One leaf of a recorded body. Requests: secrets, the token, known
 * values and the organization become variables. Responses also get
 * rules for timestamps and server-made ids. */
static void template_leaf(rec_ctx *c, cJSON *parent, cJSON *v, const char *key,
                          const char *concrete, bool response, bool text_context)
{
    const char *var;
    int64_t t;
    int off;
    char text[64], tmpl[160];
    if (key && secret_key(key) && cJSON_IsString(v)) {
        set_text(parent, v, SECRET_REDACTED);
        if (response) add_rule(c, concrete, "type");
    } else if (cJSON_IsString(v) && c->token && strcmp(v->valuestring, c->token) == 0) {
        set_text(parent, v, "{{token}}");
    } else if ((var = (c->literal ? NULL : record_known_name(c->known, v, text_context))) &&
               !(response && json_get(c->capture, var))) {
        /* (A value this very answer captures is not a variable yet when
         * the answer is checked: it stays a value with its rule below.) */
        snprintf(tmpl, sizeof tmpl, "{{%s}}", var);
        set_text(parent, v, tmpl);
    } else if (key && !strcmp(key, "organization_id") && cJSON_IsString(v) &&
               !strcmp(v->valuestring, c->org_key) && !c->literal) {
        set_text(parent, v, "{{organization_id}}");
    } else if (!response) {
        return;
    } else if (cJSON_IsString(v) && clock_parse_datetime(v->valuestring, &t, &off) == 0) {
        add_rule(c, concrete, "datetime");
    } else if (cJSON_IsString(v) && clock_parse_date(v->valuestring, &t) == 0 &&
               !strstr(c->request_text, v->valuestring)) {
        add_rule(c, concrete, "date");
    } else if (key && ends_with(key, "_id") && record_id_like(v)) {
        if (cJSON_IsString(v)) snprintf(text, sizeof text, "%s", v->valuestring);
        else snprintf(text, sizeof text, "%.0f", v->valuedouble);
        if (strstr(c->request_text, text) || record_ids_has(c->fixture_ids, text)) return;
        add_rule(c, concrete, "id");
        if (c->creates && !c->literal) capture_new_id(c, key, v, concrete);
    }
}

static void template_tree(rec_ctx *c, cJSON *node, const char *path, bool response)
{
    char child[4096];
    int i = 0;
    for (cJSON *v = node->child, *next; v; v = next, i++) {
        next = v->next; /* v may be replaced */
        if (cJSON_IsObject(node)) jsonpath_child_key(child, sizeof child, path, v->string);
        else jsonpath_child_index(child, sizeof child, path, i);
        if (cJSON_IsObject(v) || cJSON_IsArray(v)) template_tree(c, v, child, response);
        else template_leaf(c, node, v, cJSON_IsObject(node) ? v->string : NULL, child, response, false);
    }
}

/* A text value (path segment, query value, header): the token, a known
 * value or the organization as a variable. The caller frees it. */
static char *template_text(rec_ctx *c, const char *text)
{
    cJSON *box = cJSON_CreateObject();
    cJSON_AddStringToObject(box, "v", text);
    template_leaf(c, box, box->child, NULL, "$.v", false, true);
    char *out = xstrdup(box->child->valuestring);
    cJSON_Delete(box);
    if (!c->literal && !strcmp(out, text) && !strcmp(text, c->org_key)) {
        free(out);
        out = xstrdup("{{organization_id}}");
    }
    return out;
}

/* ---------------------------------------------------------- building */

static cJSON *record_path(rec_ctx *c, const char *path)
{
    char *copy = xstrdup(path), *save_ptr = NULL;
    zm_text out = {0};
    for (char *seg = strtok_r(copy, "/", &save_ptr); seg; seg = strtok_r(NULL, "/", &save_ptr)) {
        char *t = template_text(c, seg);
        text_add_str(&out, "/");
        text_add_str(&out, t);
        free(t);
    }
    cJSON *s = cJSON_CreateString(out.len ? out.s : "/");
    free(out.s);
    free(copy);
    return s;
}

static char *url_decode(const char *s, size_t n)
{
    char *out = xmalloc(n + 1);
    int got = mg_url_decode(s, (int)n, out, (int)n + 1, 1);
    out[got < 0 ? 0 : got] = '\0';
    return out;
}

static cJSON *record_query(rec_ctx *c, const char *query)
{
    cJSON *q = cJSON_CreateObject();
    for (const char *p = query; p && *p;) {
        const char *amp = strchr(p, '&'), *end = amp ? amp : p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        char *k = url_decode(p, (size_t)((eq ? eq : end) - p));
        char *v = eq ? url_decode(eq + 1, (size_t)(end - eq - 1)) : xstrdup("");
        if (*k) {
            char *t = secret_key(k) ? xstrdup(SECRET_REDACTED) : template_text(c, v);
            cJSON_AddStringToObject(q, k, t);
            free(t);
        }
        free(k);
        free(v);
        p = amp ? amp + 1 : end;
    }
    return q;
}

/* The body as the client meant it: the JSON (also a form's JSONString),
 * else the text with its Content-Type. */
static void record_body(rec_ctx *c, const zm_request *req, cJSON *request, cJSON *headers)
{
    const char *ct = request_header(req, "Content-Type");
    bool form = ct && (strncasecmp(ct, "multipart/form-data", 19) == 0 ||
                       strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0);
    cJSON *json = NULL;
    if (form && req->form_json) json = json_parse(req->form_json, strlen(req->form_json));
    else if (req->raw_body && req->raw_body_len) json = json_parse(req->raw_body, req->raw_body_len);
    if (json) {
        if (cJSON_IsObject(json) || cJSON_IsArray(json)) template_tree(c, json, "$", false);
        cJSON_AddItemToObject(request, "body", json);
        return;
    }
    if (!req->raw_body || !req->raw_body_len) return;
    char *text = xstrndup(req->raw_body, req->raw_body_len);
    char *redacted = secrets_redact_form(text);
    cJSON_AddStringToObject(request, "body", redacted);
    if (ct) cJSON_AddStringToObject(headers, "Content-Type", ct);
    free(redacted);
    free(text);
}

cJSON *record_build_interaction(rec_ctx *c, const zm_request *req, const zm_reply *rep,
                                const char *body_text)
{
    cJSON *it = cJSON_CreateObject();
    cJSON *desc = cJSON_AddStringToObject(it, "description", "");
    cJSON *request = cJSON_AddObjectToObject(it, "request");
    cJSON_AddStringToObject(request, "method", req->method);
    cJSON *path = record_path(c, req->path);
    cJSON_AddItemToObject(request, "path", path);
    if (req->query && *req->query) cJSON_AddItemToObject(request, "query", record_query(c, req->query));
    cJSON *headers = cJSON_AddObjectToObject(request, "headers");
    const char *auth = request_header(req, "Authorization");
    if (auth) {
        bool zoho = strncasecmp(auth, "Zoho-oauthtoken ", 16) == 0;
        cJSON_AddStringToObject(headers, "Authorization",
                                zoho ? "Zoho-oauthtoken {{token}}" : SECRET_REDACTED);
    }
    const char *org_header = request_header(req, "X-com-zoho-inventory-organizationid");
    if (org_header) {
        char *t = template_text(c, org_header);
        cJSON_AddStringToObject(headers, "X-com-zoho-inventory-organizationid", t);
        free(t);
    }
    record_body(c, req, request, headers);
    if (!headers->child) cJSON_DeleteItemFromObjectCaseSensitive(request, "headers");

    cJSON *response = cJSON_AddObjectToObject(it, "response");
    cJSON_AddNumberToObject(response, "status", rep->status);
    cJSON *body = body_text && *body_text ? json_parse(body_text, strlen(body_text)) : NULL;
    if (body && (cJSON_IsObject(body) || cJSON_IsArray(body))) template_tree(c, body, "$", true);
    if (body) cJSON_AddItemToObject(response, "body", body);
    else if (body_text && *body_text) cJSON_AddStringToObject(response, "body", body_text);
    if (c->match->child) cJSON_AddItemToObject(it, "match", c->match);
    else cJSON_Delete(c->match);
    if (c->capture->child) cJSON_AddItemToObject(it, "capture", c->capture);
    else cJSON_Delete(c->capture);

    contract_exact_integers(it);
    char *d = NULL;
    d = xasprintf("%s %s (%d)", req->method, path->valuestring, rep->status);
    cJSON_SetValuestring(desc, d);
    free(d);
    return it;
}


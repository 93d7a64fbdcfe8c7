/* pact_record.c -- --record --format pact: a recorded interaction as a Pact V4 HTTP interaction */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contract/contract.h"
#include "contract/jsonpath.h"
#include "contract/record_impl.h"
#include "util/json.h"
#include "util/version.h"

#define TOKEN_VAR "{{token}}"
#define TOKEN_EXAMPLE "[redacted]"
#define TOKEN_EXPRESSION "${token}"

cJSON *pact_record_head(const char *consumer, const char *provider, const char *fixtures)
{
    cJSON *head = cJSON_CreateObject();
    cJSON_AddStringToObject(cJSON_AddObjectToObject(head, "consumer"), "name", consumer);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(head, "provider"), "name", provider);
    cJSON *meta = cJSON_AddObjectToObject(head, "metadata");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(meta, "pactSpecification"), "version", "4.0");
    cJSON *mine = cJSON_AddObjectToObject(meta, "zoho-mock");
    cJSON_AddStringToObject(mine, "version", ZM_VERSION);
    if (fixtures) cJSON_AddStringToObject(mine, "fixtures", fixtures);
    return head;
}

/* text with every {{token}} replaced by `with`; the caller frees it. */
static char *replace_token(const char *text, const char *with)
{
    size_t n = strlen(text), k = strlen(with), cap = n + 1, len = 0;
    for (const char *p = strstr(text, TOKEN_VAR); p; p = strstr(p + 1, TOKEN_VAR)) cap += k;
    char *out = xmalloc(cap);
    for (const char *p = text; *p;) {
        if (strncmp(p, TOKEN_VAR, strlen(TOKEN_VAR)) == 0) {
            memcpy(out + len, with, k);
            len += k;
            p += strlen(TOKEN_VAR);
        } else {
            out[len++] = *p++;
        }
    }
    out[len] = '\0';
    return out;
}

static cJSON *provider_state_generator(const char *text)
{
    cJSON *g = cJSON_CreateObject();
    char *expression = replace_token(text, TOKEN_EXPRESSION);
    cJSON_AddStringToObject(g, "type", "ProviderState");
    cJSON_AddStringToObject(g, "expression", expression);
    cJSON_AddStringToObject(g, "dataType", "STRING");
    free(expression);
    return g;
}

/* The generators of one category ("header", "query", "body"), made on demand. */
static cJSON *category(cJSON *generators, const char *name)
{
    cJSON *c = cJSON_GetObjectItemCaseSensitive(generators, name);
    return c ? c : cJSON_AddObjectToObject(generators, name);
}

/* A string that carries the token: its example redacted, a generator under key. */
static cJSON *token_string(const char *text, cJSON *generators, const char *cat, const char *key)
{
    if (!strstr(text, TOKEN_VAR)) return cJSON_CreateString(text);
    char *example = replace_token(text, TOKEN_EXAMPLE);
    cJSON *s = cJSON_CreateString(example);
    free(example);
    cJSON *g = provider_state_generator(text);
    if (key) cJSON_AddItemToObject(category(generators, cat), key, g);
    else cJSON_AddItemToObject(generators, cat, g);     /* the path's: no key */
    return s;
}

/* {"name": "value"} -> {"name": ["value"]} (V4 query and headers). */
static cJSON *multi_values(const cJSON *obj, cJSON *generators, const char *cat)
{
    cJSON *out = cJSON_CreateObject();
    for (const cJSON *m = obj ? obj->child : NULL; m; m = m->next) {
        cJSON *values = cJSON_AddArrayToObject(out, m->string);
        const char *text = cJSON_IsString(m) ? m->valuestring : "";
        cJSON_AddItemToArray(values, token_string(text, generators, cat, m->string));
    }
    return out;
}

/* Body strings that carry the token, redacted, each with a generator. */
static void token_leaves(cJSON *node, const char *path, cJSON *generators)
{
    char child[4096];
    int i = 0;
    for (cJSON *v = node->child, *next; v; v = next, i++) {
        next = v->next;
        if (cJSON_IsObject(node)) jsonpath_child_key(child, sizeof child, path, v->string);
        else jsonpath_child_index(child, sizeof child, path, i);
        if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
            token_leaves(v, child, generators);
        } else if (cJSON_IsString(v) && strstr(v->valuestring, TOKEN_VAR)) {
            cJSON *s = token_string(v->valuestring, generators, "body", child);
            if (v->string) s->string = xstrdup(v->string);
            cJSON_ReplaceItemViaPointer(node, v, s);
        }
    }
}

/* {"content": ..., "contentType": ..., "encoded": false} */
static cJSON *pact_body(const cJSON *body, const char *content_type)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddItemToObject(b, "content", cJSON_Duplicate(body, true));
    cJSON_AddStringToObject(b, "contentType",
                            content_type ? content_type
                                         : cJSON_IsString(body) ? "text/plain" : "application/json");
    cJSON_AddFalseToObject(b, "encoded");
    return b;
}

static cJSON *pact_request(const cJSON *recorded)
{
    cJSON *req = cJSON_CreateObject();
    cJSON *generators = cJSON_CreateObject();
    const cJSON *m = json_get(recorded, "method"), *path = json_get(recorded, "path");
    cJSON_AddStringToObject(req, "method", cJSON_IsString(m) ? m->valuestring : "GET");
    cJSON_AddItemToObject(req, "path", token_string(cJSON_IsString(path) ? path->valuestring : "/",
                                                    generators, "path", NULL));
    const cJSON *query = json_get(recorded, "query"), *headers = json_get(recorded, "headers");
    if (query) cJSON_AddItemToObject(req, "query", multi_values(query, generators, "query"));
    cJSON *hdrs = multi_values(headers, generators, "header");
    const cJSON *body = json_get(recorded, "body");
    /* A JSON body says so (the client's form or JSON, as the mock read it). */
    if (body && !cJSON_IsString(body) && !json_get(headers, "Content-Type"))
        cJSON_AddItemToArray(cJSON_AddArrayToObject(hdrs, "Content-Type"),
                             cJSON_CreateString("application/json"));
    if (hdrs->child) cJSON_AddItemToObject(req, "headers", hdrs);
    else cJSON_Delete(hdrs);
    if (body) {
        const cJSON *ct = json_get(headers, "Content-Type");
        cJSON *b = pact_body(body, cJSON_IsString(ct) ? ct->valuestring : NULL);
        cJSON *content = cJSON_GetObjectItemCaseSensitive(b, "content");
        if (cJSON_IsObject(content) || cJSON_IsArray(content)) token_leaves(content, "$", generators);
        else if (cJSON_IsString(content) && strstr(content->valuestring, TOKEN_VAR))
            cJSON_ReplaceItemInObjectCaseSensitive(
                b, "content", token_string(content->valuestring, generators, "body", "$"));
        cJSON_AddItemToObject(req, "body", b);
    }
    if (generators->child) cJSON_AddItemToObject(req, "generators", generators);
    else cJSON_Delete(generators);
    return req;
}

/* The Java-style format of a recorded timestamp: +0530, +05:30 or Z. */
static const char *datetime_format(const cJSON *example)
{
    const char *s = cJSON_IsString(example) ? example->valuestring : "";
    size_t n = strlen(s);
    if (n && (s[n - 1] == 'Z' || (n > 3 && s[n - 3] == ':'))) return "yyyy-MM-dd'T'HH:mm:ssXXX";
    return "yyyy-MM-dd'T'HH:mm:ssZ";
}

/* One of the recorder's rules (contracts/README.md) as a Pact matcher. */
static cJSON *pact_matcher(const char *rule, const cJSON *example)
{
    cJSON *m = cJSON_CreateObject();
    if (strcmp(rule, "id") == 0 && cJSON_IsString(example)) {
        cJSON_AddStringToObject(m, "match", "regex");
        cJSON_AddStringToObject(m, "regex", "^[0-9]{1,19}$");
    } else if (strcmp(rule, "id") == 0) {
        cJSON_AddStringToObject(m, "match", "integer");
    } else if (strcmp(rule, "datetime") == 0) {
        cJSON_AddStringToObject(m, "match", "datetime");
        cJSON_AddStringToObject(m, "format", datetime_format(example));
    } else if (strcmp(rule, "date") == 0) {
        cJSON_AddStringToObject(m, "match", "date");
        cJSON_AddStringToObject(m, "format", "yyyy-MM-dd");
    } else {
        cJSON_AddStringToObject(m, "match", "type");
    }
    return m;
}

static cJSON *matching_rules(const cJSON *match, const cJSON *body)
{
    cJSON *rules = cJSON_CreateObject();
    cJSON *cat = cJSON_AddObjectToObject(rules, "body");
    for (const cJSON *r = match ? match->child : NULL; r; r = r->next) {
        if (!cJSON_IsString(r)) continue;
        cJSON *entry = cJSON_AddObjectToObject(cat, r->string);
        cJSON_AddStringToObject(entry, "combine", "AND");
        cJSON_AddItemToArray(cJSON_AddArrayToObject(entry, "matchers"),
                             pact_matcher(r->valuestring, jsonpath_get(body, r->string)));
    }
    return rules;
}

static cJSON *pact_response(const cJSON *recorded, const cJSON *match, const zm_reply *rep)
{
    cJSON *res = cJSON_CreateObject();
    const cJSON *status = json_get(recorded, "status"), *body = json_get(recorded, "body");
    cJSON_AddNumberToObject(res, "status", cJSON_IsNumber(status) ? status->valuedouble : rep->status);
    const char *ct = NULL;
    for (size_t i = 0; i < rep->headers.n; i++)
        if (strcasecmp(rep->headers.v[i].name, "Content-Type") == 0) ct = rep->headers.v[i].value;
    if (!ct && body) ct = "application/json;charset=UTF-8";
    if (ct) cJSON_AddItemToArray(cJSON_AddArrayToObject(cJSON_AddObjectToObject(res, "headers"),
                                                        "Content-Type"),
                                 cJSON_CreateString(ct));
    if (body) cJSON_AddItemToObject(res, "body", pact_body(body, ct));
    if (match && match->child) cJSON_AddItemToObject(res, "matchingRules", matching_rules(match, body));
    return res;
}

cJSON *pact_record_interaction(const cJSON *recorded, const zm_reply *rep, size_t number,
                               const char *org_key, bool fresh, const char *frozen_clock)
{
    cJSON *it = cJSON_CreateObject();
    cJSON_AddStringToObject(it, "type", "Synchronous/HTTP");
    const cJSON *d = json_get(recorded, "description");
    char *description = xasprintf("#%zu %s", number, cJSON_IsString(d) ? d->valuestring : "");
    cJSON_AddStringToObject(it, "description", description);
    free(description);
    cJSON *state = cJSON_CreateObject();
    cJSON_AddStringToObject(state, "name", fresh ? PACT_STATE_RESET : PACT_STATE_CONTINUE);
    cJSON *params = cJSON_AddObjectToObject(state, "params");
    if (id_is_valid(org_key)) cJSON_AddStringToObject(params, "organization_id", org_key);
    if (fresh && frozen_clock && *frozen_clock) cJSON_AddStringToObject(params, "clock", frozen_clock);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(it, "providerStates"), state);
    cJSON_AddItemToObject(it, "request", pact_request(json_get(recorded, "request")));
    cJSON_AddItemToObject(it, "response",
                          pact_response(json_get(recorded, "response"), json_get(recorded, "match"), rep));
    return it;
}

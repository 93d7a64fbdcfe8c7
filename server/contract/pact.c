/* pact.c -- reading Pact files (specification V2, V3, V4; HTTP interactions) into one shape (pact.h) */
#include "contract/pact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/json.h"

static const cJSON *metadata_version(const cJSON *doc)
{
    const cJSON *meta = json_get(doc, "metadata");
    const cJSON *spec = json_get(meta, "pactSpecification");
    if (!spec) spec = json_get(meta, "pact-specification");
    if (spec) return json_get(spec, "version");
    return json_get(meta, "pactSpecificationVersion");
}

bool pact_detect(const cJSON *doc)
{
    if (!cJSON_IsObject(doc)) return false;
    return cJSON_IsObject(json_get(doc, "consumer")) || cJSON_IsObject(json_get(doc, "provider")) ||
           metadata_version(doc) != NULL;
}

static int spec_version(const cJSON *doc)
{
    const cJSON *v = metadata_version(doc);
    if (cJSON_IsString(v) && v->valuestring[0] >= '1' && v->valuestring[0] <= '4')
        return v->valuestring[0] - '0';
    const cJSON *first = json_get(doc, "interactions");
    first = first ? first->child : NULL;
    if (json_get(first, "type")) return 4;
    if (json_get(first, "providerStates")) return 3;
    return 2;
}

/* -------------------------------------------------------------- pieces */

/* {"Name": "v"} from V2/V3 strings or V4 arrays of strings. */
static cJSON *read_headers(const cJSON *headers)
{
    cJSON *out = cJSON_CreateObject();
    for (const cJSON *h = headers ? headers->child : NULL; h; h = h->next) {
        if (cJSON_IsString(h)) {
            cJSON_AddStringToObject(out, h->string, h->valuestring);
            continue;
        }
        size_t cap = 64, len = 0;
        char *joined = xmalloc(cap);
        joined[0] = '\0';
        for (const cJSON *v = cJSON_IsArray(h) ? h->child : NULL; v; v = v->next) {
            char *text = cJSON_IsString(v) ? xstrdup(v->valuestring) : json_print(v);
            size_t n = strlen(text);
            if (len + n + 3 > cap) joined = xrealloc(joined, cap = (len + n + 3) * 2);
            len += (size_t)snprintf(joined + len, cap - len, "%s%s", len ? ", " : "", text);
            free(text);
        }
        cJSON_AddStringToObject(out, h->string, joined);
        free(joined);
    }
    return out;
}

static const char *header_value(const cJSON *headers, const char *name)
{
    for (const cJSON *h = headers ? headers->child : NULL; h; h = h->next)
        if (h->string && strcasecmp(h->string, name) == 0 && cJSON_IsString(h)) return h->valuestring;
    return NULL;
}

static bool json_type(const char *content_type)
{
    if (!content_type) return true;
    return strstr(content_type, "json") != NULL;
}

/* The body as JSON ("body") or text ("body_text"); V4 bodies are
 * {"content", "contentType", "encoded"}. */
static bool read_body(const cJSON *body, int version, cJSON *headers, cJSON *out, char *err,
                      size_t errlen)
{
    if (!body || cJSON_IsNull(body)) return true;
    const char *ct = header_value(headers, "Content-Type");
    const cJSON *content = body;
    if (version >= 4 && cJSON_IsObject(body) && json_get(body, "content")) {
        content = json_get(body, "content");
        const cJSON *type = json_get(body, "contentType"), *encoded = json_get(body, "encoded");
        if (cJSON_IsString(type)) {
            ct = type->valuestring;
            if (!header_value(headers, "Content-Type"))
                cJSON_AddStringToObject(headers, "Content-Type", ct);
        }
        if (cJSON_IsString(encoded) && strcasecmp(encoded->valuestring, "json") != 0) {
            snprintf(err, errlen, "a body encoded as %s is not supported", encoded->valuestring);
            return false;
        }
        if (cJSON_IsString(encoded) && cJSON_IsString(content)) {   /* "json": JSON as text */
            cJSON *parsed = cJSON_Parse(content->valuestring);
            if (!parsed) {
                snprintf(err, errlen, "a body encoded as json does not parse");
                return false;
            }
            cJSON_AddItemToObject(out, "body", parsed);
            return true;
        }
    }
    if (cJSON_IsString(content) && !(json_type(ct) && ct))
        cJSON_AddStringToObject(out, "body_text", content->valuestring);
    else cJSON_AddItemToObject(out, "body", cJSON_Duplicate(content, true));
    return true;
}

/* One rule list in the V3 shape: {"combine", "matchers": [...]}. */
static cJSON *rule_list(const cJSON *rule)
{
    if (cJSON_IsObject(rule) && cJSON_IsArray(json_get(rule, "matchers"))) {
        cJSON *out = cJSON_Duplicate(rule, true);
        if (!json_get(out, "combine")) cJSON_AddStringToObject(out, "combine", "AND");
        return out;
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "combine", "AND");
    cJSON *m = cJSON_Duplicate(rule, true);
    /* V2: {"min": 1} alone is a type match with a minimum. */
    if (cJSON_IsObject(m) && !json_get(m, "match")) cJSON_AddStringToObject(m, "match", "type");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(out, "matchers"), m);
    return out;
}

static cJSON *category(cJSON *rules, const char *name)
{
    cJSON *c = cJSON_GetObjectItemCaseSensitive(rules, name);
    return c ? c : cJSON_AddObjectToObject(rules, name);
}

/* The header name of a V2 "$.headers.Name" / "$.headers['Name']" path. */
static char *v2_header_name(const char *rest)
{
    if (rest[0] == '.') return xstrdup(rest + 1);
    if (rest[0] == '[' && (rest[1] == '\'' || rest[1] == '"')) {
        char *name = xstrdup(rest + 2);
        char *end = strpbrk(name, "'\"");
        if (end) *end = '\0';
        return name;
    }
    return xstrdup(rest);
}

/* matchingRules, V2 ({"$.body.x": rule}) or V3/V4 ({"body": {...}}). */
static cJSON *read_rules(const cJSON *rules, int version)
{
    cJSON *out = cJSON_CreateObject();
    for (const cJSON *r = rules ? rules->child : NULL; r; r = r->next) {
        const char *key = r->string ? r->string : "";
        if (version <= 2 && strncmp(key, "$.body", 6) == 0) {
            char *path = xasprintf("$%s", key + 6);
            cJSON_AddItemToObject(category(out, "body"), path, rule_list(r));
            free(path);
        } else if (version <= 2 && strncmp(key, "$.headers", 9) == 0) {
            char *name = v2_header_name(key + 9);
            cJSON_AddItemToObject(category(out, "header"), name, rule_list(r));
            free(name);
        } else if (version <= 2 && strcmp(key, "$.status") == 0) {
            cJSON_AddItemToObject(out, "status", rule_list(r));
        } else if (!strcmp(key, "body") || !strcmp(key, "header") || !strcmp(key, "headers")) {
            cJSON *cat = category(out, key[0] == 'b' ? "body" : "header");
            for (const cJSON *p = r->child; p; p = p->next)
                cJSON_AddItemToObject(cat, p->string, rule_list(p));
        } else if (!strcmp(key, "status")) {
            /* V4: {"status": {"$": {...}}} or the rule list itself */
            const cJSON *inner = json_get(r, "$");
            cJSON_AddItemToObject(out, "status", rule_list(inner ? inner : r));
        }
    }
    return out;
}

/* V2's "a=1&b=2" stays text; V3/V4 {"a": ["1"]} (or a string per name). */
static void read_query(const cJSON *query, cJSON *out)
{
    if (cJSON_IsString(query)) {
        if (*query->valuestring) cJSON_AddStringToObject(out, "query_text", query->valuestring);
        return;
    }
    if (!cJSON_IsObject(query)) return;
    cJSON *q = cJSON_AddObjectToObject(out, "query");
    for (const cJSON *p = query->child; p; p = p->next) {
        cJSON *values = cJSON_AddArrayToObject(q, p->string);
        if (cJSON_IsArray(p)) {
            for (const cJSON *v = p->child; v; v = v->next)
                cJSON_AddItemToArray(values, cJSON_IsString(v) ? cJSON_CreateString(v->valuestring)
                                                               : cJSON_CreateString(""));
        } else if (cJSON_IsString(p)) {
            cJSON_AddItemToArray(values, cJSON_CreateString(p->valuestring));
        }
    }
}

/* ---------------------------------------------------------- one interaction */

static bool read_states(const cJSON *it, cJSON *out)
{
    cJSON *states = cJSON_AddArrayToObject(out, "states");
    const cJSON *v2 = json_get(it, "providerState"), *v3 = json_get(it, "providerStates");
    if (cJSON_IsString(v2) && *v2->valuestring) {
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "name", v2->valuestring);
        cJSON_AddObjectToObject(s, "params");
        cJSON_AddItemToArray(states, s);
    }
    for (const cJSON *st = cJSON_IsArray(v3) ? v3->child : NULL; st; st = st->next) {
        const cJSON *name = json_get(st, "name"), *params = json_get(st, "params");
        if (!cJSON_IsString(name)) return false;
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "name", name->valuestring);
        cJSON_AddItemToObject(s, "params", cJSON_IsObject(params) ? cJSON_Duplicate(params, true)
                                                                  : cJSON_CreateObject());
        cJSON_AddItemToArray(states, s);
    }
    return true;
}

static cJSON *read_interaction(const cJSON *it, int version, int index, char *err, size_t errlen)
{
    cJSON *out = cJSON_CreateObject();
    const cJSON *desc = json_get(it, "description"), *type = json_get(it, "type");
    char fallback[32];
    snprintf(fallback, sizeof fallback, "interaction %d", index + 1);
    cJSON_AddStringToObject(out, "description", cJSON_IsString(desc) ? desc->valuestring : fallback);
    cJSON_AddBoolToObject(out, "pending", cJSON_IsTrue(json_get(it, "pending")));
    if (!read_states(it, out)) {
        snprintf(err, errlen, "$.interactions[%d].providerStates: each needs a name", index);
        cJSON_Delete(out);
        return NULL;
    }
    if (cJSON_IsString(type) && strcmp(type->valuestring, "Synchronous/HTTP") != 0) {
        char *why = xasprintf("a %s interaction (zoho-mock verifies HTTP interactions)", type->valuestring);
        cJSON_AddStringToObject(out, "skip", why);
        free(why);
        return out;
    }
    const cJSON *req = json_get(it, "request"), *res = json_get(it, "response");
    const cJSON *path = json_get(req, "path"), *method = json_get(req, "method");
    const cJSON *status = json_get(res, "status");
    if (!cJSON_IsObject(req) || !cJSON_IsString(path) || path->valuestring[0] != '/') {
        snprintf(err, errlen, "$.interactions[%d].request.path: expected a path starting with /", index);
        cJSON_Delete(out);
        return NULL;
    }
    if (!cJSON_IsObject(res) || (status && !cJSON_IsNumber(status))) {
        snprintf(err, errlen, "$.interactions[%d].response: expected an object with a numeric status",
                 index);
        cJSON_Delete(out);
        return NULL;
    }
    cJSON *r = cJSON_AddObjectToObject(out, "request");
    cJSON_AddStringToObject(r, "method", cJSON_IsString(method) ? method->valuestring : "GET");
    cJSON_AddStringToObject(r, "path", path->valuestring);
    read_query(json_get(req, "query"), r);
    cJSON *rh = read_headers(json_get(req, "headers"));
    cJSON_AddItemToObject(r, "headers", rh);
    const cJSON *gen = json_get(req, "generators");
    if (cJSON_IsObject(gen)) cJSON_AddItemToObject(r, "generators", cJSON_Duplicate(gen, true));

    cJSON *s = cJSON_AddObjectToObject(out, "response");
    if (status) cJSON_AddNumberToObject(s, "status", status->valuedouble);
    cJSON *sh = read_headers(json_get(res, "headers"));
    cJSON_AddItemToObject(s, "headers", sh);
    cJSON_AddItemToObject(s, "rules", read_rules(json_get(res, "matchingRules"), version));
    gen = json_get(res, "generators");
    if (cJSON_IsObject(gen)) cJSON_AddItemToObject(s, "generators", cJSON_Duplicate(gen, true));
    char why[160];
    if (!read_body(json_get(req, "body"), version, rh, r, why, sizeof why) ||
        !read_body(json_get(res, "body"), version, NULL, s, why, sizeof why)) {
        snprintf(err, errlen, "$.interactions[%d]: %s", index, why);
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}

cJSON *pact_read(const cJSON *doc, char *err, size_t errlen)
{
    const cJSON *its = json_get(doc, "interactions");
    if (!cJSON_IsArray(its)) {
        /* V3 message pacts carry "messages" only. */
        snprintf(err, errlen, json_get(doc, "messages") ? "a message pact: zoho-mock verifies HTTP interactions"
                                                       : "$.interactions: expected an array");
        return NULL;
    }
    int version = spec_version(doc);
    cJSON *out = cJSON_CreateObject();
    const cJSON *consumer = json_get(json_get(doc, "consumer"), "name");
    const cJSON *provider = json_get(json_get(doc, "provider"), "name");
    cJSON_AddStringToObject(out, "consumer", cJSON_IsString(consumer) ? consumer->valuestring : "");
    cJSON_AddStringToObject(out, "provider", cJSON_IsString(provider) ? provider->valuestring : "");
    cJSON_AddNumberToObject(out, "version", version);
    cJSON *list = cJSON_AddArrayToObject(out, "interactions");
    int i = 0;
    for (const cJSON *it = its->child; it; it = it->next, i++) {
        cJSON *one = cJSON_IsObject(it) ? read_interaction(it, version, i, err, errlen) : NULL;
        if (!one) {
            if (!cJSON_IsObject(it)) snprintf(err, errlen, "$.interactions[%d]: expected an object", i);
            cJSON_Delete(out);
            return NULL;
        }
        cJSON_AddItemToArray(list, one);
    }
    return out;
}

/* pact_generate.c -- a pact's ProviderState generators: ${name} expressions filled from the provider state's values */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract/jsonpath.h"
#include "contract/pact.h"
#include "util/text.h"
#include "util/json.h"

/* The expression with each ${name} replaced: a new JSON value (the
 * value itself when the expression is one ${name}), or NULL with err. */
static cJSON *evaluate(const char *expr, const cJSON *values, const char *data_type, char *err,
                       size_t errlen)
{
    zm_text out = {0};
    const cJSON *only = NULL;
    int pieces = 0;
    for (const char *p = expr; *p;) {
        const char *piece = p;
        size_t n = 1;
        char *owned = NULL;
        if (p[0] == '$' && p[1] == '{') {
            const char *close = strchr(p, '}');
            if (!close) {
                snprintf(err, errlen, "unclosed ${ in '%.80s'", expr);
                free(out.s);
                return NULL;
            }
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)(close - p - 2), p + 2);
            const cJSON *v = json_get(values, name);
            if (!v) {
                snprintf(err, errlen, "the provider state gives no value for ${%s}", name);
                free(out.s);
                return NULL;
            }
            only = v;
            piece = owned = contract_value_text(v);
            n = strlen(owned);
            p = close + 1;
        } else {
            p++;
        }
        pieces++;
        text_add(&out, piece, n);
        free(owned);
    }
    char *text = text_take(&out);
    cJSON *result;
    bool keep_type = pieces == 1 && only && (!data_type || !strcmp(data_type, "RAW"));
    if (keep_type) {
        result = cJSON_Duplicate(only, true);
        free(result->string);   /* the variable's name: not the value's */
        result->string = NULL;
    }
    else if (data_type && (!strcmp(data_type, "INTEGER") || !strcmp(data_type, "DECIMAL") ||
                           !strcmp(data_type, "FLOAT")))
        result = cJSON_CreateNumber(strtod(text, NULL));
    else if (data_type && !strcmp(data_type, "BOOLEAN")) result = cJSON_CreateBool(!strcmp(text, "true"));
    else result = cJSON_CreateString(text);
    free(text);
    return result;
}

static bool is_provider_state(const cJSON *g)
{
    const cJSON *type = json_get(g, "type");
    return cJSON_IsString(type) && !strcmp(type->valuestring, "ProviderState") &&
           cJSON_IsString(json_get(g, "expression"));
}

static cJSON *generated(const cJSON *g, const cJSON *values, char *err, size_t errlen)
{
    const cJSON *dt = json_get(g, "dataType");
    return evaluate(json_get(g, "expression")->valuestring, values,
                    cJSON_IsString(dt) ? dt->valuestring : NULL, err, errlen);
}

/* Replaces member `name` of obj by v (as a string for headers and query). */
static void replace_member(cJSON *obj, const char *name, cJSON *v, bool as_text)
{
    if (as_text && !cJSON_IsString(v)) {
        char *t = contract_value_text(v);
        cJSON_Delete(v);
        v = cJSON_CreateString(t);
        free(t);
    }
    if (cJSON_GetObjectItemCaseSensitive(obj, name)) cJSON_ReplaceItemInObjectCaseSensitive(obj, name, v);
    else cJSON_AddItemToObject(obj, name, v);
}

/* Sets the value at a concrete body path ($ itself included). */
static bool set_at(cJSON *part, const char *path, cJSON *v)
{
    cJSON *body = cJSON_GetObjectItemCaseSensitive(part, "body");
    if (!body || strcmp(path, "$") == 0) {
        if (!body) return false;
        cJSON_ReplaceItemInObjectCaseSensitive(part, "body", v);
        return true;
    }
    cJSON *target = (cJSON *)jsonpath_get(body, path);
    if (!target) return false;
    /* Find its parent: the value whose child it is. */
    cJSON *stack[256];
    int n = 0;
    stack[n++] = body;
    while (n) {
        cJSON *node = stack[--n];
        for (cJSON *c = node->child; c; c = c->next) {
            if (c == target) {
                if (c->string) v->string = xstrdup(c->string);
                cJSON_ReplaceItemViaPointer(node, c, v);
                return true;
            }
            if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && n < 256) stack[n++] = c;
        }
    }
    return false;
}

int pact_generate(cJSON *part, const cJSON *values, char *err, size_t errlen)
{
    const cJSON *gens = json_get(part, "generators");
    for (const cJSON *cat = gens ? gens->child : NULL; cat; cat = cat->next) {
        const char *name = cat->string ? cat->string : "";
        if (!strcmp(name, "path")) {
            if (!is_provider_state(cat)) continue;
            cJSON *v = generated(cat, values, err, errlen);
            if (!v) return -1;
            replace_member(part, "path", v, true);
            continue;
        }
        for (const cJSON *g = cat->child; g; g = g->next) {
            if (!is_provider_state(g)) continue;
            cJSON *v = generated(g, values, err, errlen);
            if (!v) return -1;
            if (!strcmp(name, "header")) {
                replace_member(cJSON_GetObjectItemCaseSensitive(part, "headers"), g->string, v, true);
            } else if (!strcmp(name, "query")) {
                cJSON *q = cJSON_GetObjectItemCaseSensitive(part, "query");
                if (!q) q = cJSON_AddObjectToObject(part, "query");
                cJSON *arr = cJSON_CreateArray();
                char *t = contract_value_text(v);
                cJSON_AddItemToArray(arr, cJSON_CreateString(t));
                free(t);
                cJSON_Delete(v);
                replace_member(q, g->string, arr, false);
            } else if (!strcmp(name, "body")) {
                if (!set_at(part, g->string, v)) cJSON_Delete(v);
            } else {
                cJSON_Delete(v);
            }
        }
    }
    return 0;
}

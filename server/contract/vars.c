/* vars.c -- a contract's {{variables}}: substitution into requests and expectations, capture from responses */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract/contract.h"
#include "contract/jsonpath.h"
#include "util/text.h"

char *contract_value_text(const cJSON *v)
{
    if (cJSON_IsString(v)) return xstrdup(v->valuestring);
    if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) && fabs(v->valuedouble) < 1e17)
        return xasprintf("%.0f", v->valuedouble);
    return json_print(v);
}

/* The variable a "{{name}}" at p names (p at the braces), or NULL with
 * err set. *end is set past the closing braces. */
static const cJSON *lookup(const char *p, const cJSON *vars, const char **end, char *err,
                           size_t errlen)
{
    const char *close = strstr(p + 2, "}}");
    if (!close) {
        snprintf(err, errlen, "unclosed {{ in '%.80s'", p);
        return NULL;
    }
    const char *s = p + 2, *e = close;
    while (s < e && *s == ' ') s++;
    while (e > s && e[-1] == ' ') e--;
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)(e - s), s);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(vars, name);
    if (!v) {
        snprintf(err, errlen, "unknown variable {{%s}}", name);
        return NULL;
    }
    *end = close + 2;
    return v;
}

char *contract_substitute_text(const char *text, const cJSON *vars, char *err, size_t errlen)
{
    zm_text out = {0};
    for (const char *p = text; *p;) {
        if (p[0] != '{' || p[1] != '{') {
            text_add(&out, p++, 1);
            continue;
        }
        const cJSON *v = lookup(p, vars, &p, err, errlen);
        if (!v) {
            free(out.s);
            return NULL;
        }
        char *value = contract_value_text(v);
        text_add_str(&out, value);
        free(value);
    }
    return text_take(&out);
}

/* True for a string that is one "{{name}}" and nothing else. */
static bool whole_variable(const char *s)
{
    size_t n = strlen(s);
    if (n < 5 || strncmp(s, "{{", 2) != 0 || strcmp(s + n - 2, "}}") != 0) return false;
    return strstr(s + 2, "}}") == s + n - 2 && !strstr(s + 2, "{{");
}

cJSON *contract_substitute(const cJSON *tmpl, const cJSON *vars, char *err, size_t errlen)
{
    if (cJSON_IsString(tmpl)) {
        const char *s = tmpl->valuestring, *end = NULL;
        /* Exactly one whole "{{name}}": the value keeps its type. */
        if (whole_variable(s)) {
            const cJSON *v = lookup(s, vars, &end, err, errlen);
            return v ? cJSON_Duplicate(v, true) : NULL;
        }
        char *text = contract_substitute_text(s, vars, err, errlen);
        if (!text) return NULL;
        cJSON *out = cJSON_CreateString(text);
        free(text);
        return out;
    }
    if (!cJSON_IsObject(tmpl) && !cJSON_IsArray(tmpl)) return cJSON_Duplicate(tmpl, true);
    cJSON *out = cJSON_IsObject(tmpl) ? cJSON_CreateObject() : cJSON_CreateArray();
    for (const cJSON *c = tmpl->child; c; c = c->next) {
        cJSON *copy = contract_substitute(c, vars, err, errlen);
        if (!copy) {
            cJSON_Delete(out);
            return NULL;
        }
        if (cJSON_IsObject(tmpl)) cJSON_AddItemToObject(out, c->string, copy);
        else cJSON_AddItemToArray(out, copy);
    }
    return out;
}

void contract_exact_integers(cJSON *node)
{
    for (cJSON *v = node ? node->child : NULL, *next; v; v = next) {
        next = v->next;
        double d = v->valuedouble;
        if (cJSON_IsNumber(v) && d == floor(d) && fabs(d) >= 1e15 && fabs(d) <= 9007199254740992.0) {
            char digits[32];
            snprintf(digits, sizeof digits, "%.0f", d);
            cJSON *raw = cJSON_CreateRaw(digits);
            if (v->string) raw->string = xstrdup(v->string);
            cJSON_ReplaceItemViaPointer(node, v, raw);
        } else {
            contract_exact_integers(v);
        }
    }
}

bool contract_capture(const cJSON *captures, const cJSON *body, cJSON *vars, contract_diff *diff)
{
    bool ok = true;
    for (const cJSON *c = captures ? captures->child : NULL; c; c = c->next) {
        if (!cJSON_IsString(c) || !jsonpath_valid(c->valuestring)) {
            contract_diff_add(diff, "capture %s: expected a JSONPath of the supported subset",
                              c->string);
            ok = false;
            continue;
        }
        const cJSON *v = jsonpath_get(body, c->valuestring);
        if (!v) {
            contract_diff_add(diff, "capture %s: %s selects nothing in the response", c->string,
                              c->valuestring);
            ok = false;
            continue;
        }
        cJSON_DeleteItemFromObjectCaseSensitive(vars, c->string);
        cJSON_AddItemToObject(vars, c->string, cJSON_Duplicate(v, true));
    }
    return ok;
}

/* match.c -- comparing a response with a contract's: equality, match rules, readable differences */
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract/contract.h"
#include "contract/jsonpath.h"
#include "model/clock.h"
#include "zoho/fields.h"

#define SHOW_MAX 120

void contract_diff_add(contract_diff *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *line = NULL;
    line = xvasprintf(fmt, ap);
    va_end(ap);
    VEC_PUSH(d->lines, line);
}

void contract_diff_free(contract_diff *d)
{
    for (size_t i = 0; i < d->lines.n; i++) free(d->lines.v[i]);
    VEC_FREE(d->lines);
}

char *contract_show(const cJSON *v)
{
    if (!v) return xstrdup("absent");
    cJSON *box = cJSON_CreateArray();
    cJSON_AddItemToArray(box, cJSON_Duplicate(v, true));
    contract_exact_integers(box);
    char *out = json_print(box->child);
    cJSON_Delete(box);
    if (strlen(out) > SHOW_MAX) strcpy(out + SHOW_MAX - 3, "...");
    return out;
}

static const char *type_name(const cJSON *v)
{
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsBool(v)) return "a boolean";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsObject(v)) return "an object";
    if (cJSON_IsArray(v)) return "an array";
    return "an invalid value";
}

static bool same_type(const cJSON *a, const cJSON *b)
{
    return type_name(a) == type_name(b);
}

/* ------------------------------------------------------------- rules */

/* Compiles regex:<re> anchored at both ends. 0, or the regcomp error. */
static int compile_rule_regex(const char *re, regex_t *out)
{
    size_t n = strlen(re) + 5;
    char *anchored = xmalloc(n);
    snprintf(anchored, n, "^(%s)$", re);
    int rc = regcomp(out, anchored, REG_EXTENDED | REG_NOSUB);
    free(anchored);
    return rc;
}

static const char *const simple_rules[] = {"type", "id", "number", "date", "datetime", "ignore"};

bool contract_rule_valid(const char *rule, char *err, size_t errlen)
{
    if (!rule) {
        snprintf(err, errlen, "a rule must be a string");
        return false;
    }
    for (size_t i = 0; i < sizeof simple_rules / sizeof simple_rules[0]; i++)
        if (strcmp(rule, simple_rules[i]) == 0) return true;
    if (strncmp(rule, "regex:", 6) == 0) {
        regex_t re;
        int rc = compile_rule_regex(rule + 6, &re);
        if (rc == 0) {
            regfree(&re);
            return true;
        }
        char why[128];
        regerror(rc, &re, why, sizeof why);
        snprintf(err, errlen, "invalid regex '%s': %s", rule + 6, why);
        return false;
    }
    snprintf(err, errlen, "unknown rule '%s' (type, id, number, date, datetime, regex:<re>, ignore)",
             rule);
    return false;
}

static bool is_id(const cJSON *v)
{
    if (cJSON_IsString(v)) return id_is_valid(v->valuestring);
    if (!cJSON_IsNumber(v)) return false;
    double d = v->valuedouble;
    return d >= 0 && d <= 9007199254740992.0 && d == floor(d);
}

static bool regex_accepts(const char *re_text, const cJSON *v)
{
    regex_t re;
    if (compile_rule_regex(re_text, &re) != 0) return false;
    char *text = cJSON_IsString(v) ? xstrdup(v->valuestring) : contract_show(v);
    bool ok = regexec(&re, text, 0, NULL, 0) == 0;
    free(text);
    regfree(&re);
    return ok;
}

/* Applies a valid rule at path: actual must satisfy it (expected, when
 * present, is what `type` compares with). */
static void apply_rule(const char *rule, const cJSON *expected, const cJSON *actual,
                       const char *path, contract_diff *diff)
{
    if (strcmp(rule, "ignore") == 0) return;
    char want[160];
    bool ok;
    if (strcmp(rule, "type") == 0) {
        ok = actual && (!expected || same_type(expected, actual));
        snprintf(want, sizeof want, "%s", expected ? type_name(expected) : "a value");
    } else if (strcmp(rule, "id") == 0) {
        ok = is_id(actual);
        snprintf(want, sizeof want, "an id");
    } else if (strcmp(rule, "number") == 0) {
        ok = cJSON_IsNumber(actual);
        snprintf(want, sizeof want, "a number");
    } else if (strcmp(rule, "date") == 0) {
        int64_t day;
        ok = cJSON_IsString(actual) && clock_parse_date(actual->valuestring, &day) == 0;
        snprintf(want, sizeof want, "a date (YYYY-MM-DD)");
    } else if (strcmp(rule, "datetime") == 0) {
        int64_t t;
        int off;
        ok = cJSON_IsString(actual) && clock_parse_datetime(actual->valuestring, &t, &off) == 0;
        snprintf(want, sizeof want, "a datetime (YYYY-MM-DDTHH:MM:SS+HHMM)");
    } else {
        ok = actual && regex_accepts(rule + 6, actual);
        snprintf(want, sizeof want, "a match of /%.140s/", rule + 6);
    }
    if (ok) return;
    char *shown = contract_show(actual);
    contract_diff_add(diff, "%s: expected %s, actual %s", path, want, shown);
    free(shown);
}

/* The first rule whose path selects the concrete path, or NULL. */
static const char *rule_at(const cJSON *rules, const char *concrete)
{
    for (const cJSON *r = rules ? rules->child : NULL; r; r = r->next)
        if (cJSON_IsString(r) && jsonpath_matches(r->string, concrete)) return r->valuestring;
    return NULL;
}

/* ---------------------------------------------------------- compare */

static const cJSON *member(const cJSON *obj, const char *name)
{
    for (const cJSON *c = obj->child; c; c = c->next)
        if (c->string && strcmp(c->string, name) == 0) return c;
    return NULL;
}

static bool scalars_equal(const cJSON *a, const cJSON *b)
{
    if (!same_type(a, b)) return false;
    if (cJSON_IsString(a)) return strcmp(a->valuestring, b->valuestring) == 0;
    if (cJSON_IsNumber(a)) {
        double x = a->valuedouble, y = b->valuedouble;
        /* Integers (ids among them) exactly; fractions up to rounding. */
        if (x == floor(x) && y == floor(y)) return x == y;
        return fabs(x - y) <= 1e-9 * fmax(1.0, fmax(fabs(x), fabs(y)));
    }
    if (cJSON_IsBool(a)) return cJSON_IsTrue(a) == cJSON_IsTrue(b);
    return true; /* null */
}

static void differs(contract_diff *diff, const char *path, const cJSON *expected,
                    const cJSON *actual)
{
    char *e = contract_show(expected), *a = contract_show(actual);
    contract_diff_add(diff, "%s: expected %s, actual %s", path, e, a);
    free(e);
    free(a);
}

static void compare(const cJSON *expected, const cJSON *actual, const char *path,
                    const cJSON *rules, contract_diff *diff)
{
    const char *rule = rule_at(rules, path);
    if (rule) {
        char err[256];
        if (contract_rule_valid(rule, err, sizeof err)) apply_rule(rule, expected, actual, path, diff);
        return;
    }
    if (!actual || !same_type(expected, actual)) {
        differs(diff, path, expected, actual);
        return;
    }
    char child[4096];
    if (cJSON_IsObject(expected)) {
        for (const cJSON *e = expected->child; e; e = e->next) {
            jsonpath_child_key(child, sizeof child, path, e->string ? e->string : "");
            compare(e, member(actual, e->string ? e->string : ""), child, rules, diff);
        }
    } else if (cJSON_IsArray(expected)) {
        int ne = cJSON_GetArraySize(expected), na = cJSON_GetArraySize(actual);
        const cJSON *e = expected->child, *a = actual->child;
        for (int i = 0; e && a; i++, e = e->next, a = a->next) {
            jsonpath_child_index(child, sizeof child, path, i);
            compare(e, a, child, rules, diff);
        }
        if (ne != na)
            contract_diff_add(diff, "%s: expected %d element%s, actual %d", path, ne,
                              ne == 1 ? "" : "s", na);
    } else if (!scalars_equal(expected, actual)) {
        differs(diff, path, expected, actual);
    }
}

typedef struct rule_visit {
    const char *rule;
    contract_diff *diff;
} rule_visit;

static void apply_rule_visit(const cJSON *value, const char *concrete, void *ud)
{
    rule_visit *rv = ud;
    apply_rule(rv->rule, NULL, value, concrete, rv->diff);
}

/* Rules are checked for syntax, and those whose path the expected body
 * lacks are applied to the actual body on their own. */
static void check_rules(const cJSON *expected, const cJSON *actual, const cJSON *rules,
                        contract_diff *diff)
{
    for (const cJSON *r = rules ? rules->child : NULL; r; r = r->next) {
        char err[256];
        if (!jsonpath_valid(r->string)) {
            contract_diff_add(diff, "match %s: not a JSONPath of the supported subset", r->string);
            continue;
        }
        if (!contract_rule_valid(cJSON_IsString(r) ? r->valuestring : NULL, err, sizeof err)) {
            contract_diff_add(diff, "match %s: %s", r->string, err);
            continue;
        }
        if (jsonpath_select(expected, r->string, NULL, NULL) > 0) continue;
        rule_visit rv = {r->valuestring, diff};
        if (jsonpath_select(actual, r->string, apply_rule_visit, &rv) == 0 &&
            !strchr(r->string, '*') && strcmp(r->valuestring, "ignore") != 0)
            apply_rule(r->valuestring, NULL, NULL, r->string, diff);
    }
}

bool contract_match(const cJSON *expected, const cJSON *actual, const cJSON *rules,
                    contract_diff *diff)
{
    size_t before = diff->lines.n;
    if (rules && !cJSON_IsObject(rules)) {
        contract_diff_add(diff, "match: expected an object of JSONPath: rule");
        rules = NULL;
    }
    if (expected) compare(expected, actual, "$", rules, diff);
    check_rules(expected, actual, rules, diff);
    return diff->lines.n == before;
}

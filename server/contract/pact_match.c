/* pact_match.c -- checking an answer against a pact's expected response: Pact's matching rules, cascading, eachLike */
#include "contract/pact.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "contract/jsonpath.h"
#include "util/json.h"

/* ------------------------------------------------------------- regex */

int pact_regex_search(const char *regex, const char *text, char *err, size_t errlen)
{
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code,
                                   &offset, NULL);
    if (!re) {
        PCRE2_UCHAR why[160];
        pcre2_get_error_message(code, why, sizeof why);
        snprintf(err, errlen, "invalid regex /%.100s/: %s at %zu", regex, (char *)why, (size_t)offset);
        return -1;
    }
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return rc >= 0 ? 1 : 0;
}

/* ----------------------------------------------------------- helpers */

static const char *type_name(const cJSON *v)
{
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsNumber(v) || cJSON_IsRaw(v)) return "a number";
    if (cJSON_IsBool(v)) return "a boolean";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsObject(v)) return "an object";
    if (cJSON_IsArray(v)) return "an array";
    return "absent";
}

static bool same_type(const cJSON *a, const cJSON *b) { return type_name(a) == type_name(b); }

static bool is_number(const cJSON *v) { return cJSON_IsNumber(v) || cJSON_IsRaw(v); }

/* Whole numbers: raw items are the exact digits of big ids. */
static bool is_integer(const cJSON *v)
{
    if (cJSON_IsRaw(v)) return !strpbrk(v->valuestring, ".eE");
    return cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) && isfinite(v->valuedouble);
}

/* A value as matchers read it: strings as they are, the rest as JSON. */
static char *text_of(const cJSON *v)
{
    if (cJSON_IsString(v)) return xstrdup(v->valuestring);
    return contract_show(v);
}

static bool scalars_equal(const cJSON *a, const cJSON *b)
{
    if (!same_type(a, b)) return false;
    if (cJSON_IsString(a)) return strcmp(a->valuestring, b->valuestring) == 0;
    if (is_number(a)) {
        char *x = contract_show(a), *y = contract_show(b);
        bool same = strcmp(x, y) == 0;
        free(x);
        free(y);
        if (same) return true;
        double p = cJSON_IsRaw(a) ? strtod(a->valuestring, NULL) : a->valuedouble;
        double q = cJSON_IsRaw(b) ? strtod(b->valuestring, NULL) : b->valuedouble;
        if (p == floor(p) && q == floor(q)) return false;       /* integers exactly (done above) */
        return fabs(p - q) <= 1e-9 * fmax(1.0, fmax(fabs(p), fabs(q)));
    }
    if (cJSON_IsBool(a)) return cJSON_IsTrue(a) == cJSON_IsTrue(b);
    return true;
}

static void differs(contract_diff *diff, const char *where, const char *want, const cJSON *actual)
{
    char *shown = contract_show(actual);
    contract_diff_add(diff, "%s: expected %s, actual %s", where, want, shown);
    free(shown);
}

static int int_field(const cJSON *m, const char *name, int fallback)
{
    const cJSON *v = json_get(m, name);
    return cJSON_IsNumber(v) ? (int)v->valuedouble : fallback;
}

static const char *str_field(const cJSON *m, const char *name)
{
    const cJSON *v = json_get(m, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ------------------------------------------------------------ matchers */

/* One matcher on one value. true when it holds; else want says what was
 * expected. cascaded: the rule belongs to a path above (its min and max
 * are for that array, not this one). */
static bool matcher_holds(const cJSON *m, const cJSON *expected, const cJSON *actual, bool cascaded,
                          char *want, size_t wl)
{
    const char *match = str_field(m, "match");
    if (!match) match = "type";
    char err[256];
    if (!strcmp(match, "equality")) {
        char *e = contract_show(expected);
        snprintf(want, wl, "%s (equality)", e);
        free(e);
        if (cJSON_IsObject(expected) || cJSON_IsArray(expected)) return same_type(expected, actual);
        return actual && scalars_equal(expected, actual);
    }
    if (!strcmp(match, "type") || !strcmp(match, "min") || !strcmp(match, "max")) {
        int min = int_field(m, "min", -1), max = int_field(m, "max", -1);
        if (expected && !same_type(expected, actual)) {
            snprintf(want, wl, "%s (type)", type_name(expected));
            return false;
        }
        if (!expected && !actual) {
            snprintf(want, wl, "a value (type)");
            return false;
        }
        int n = cJSON_IsArray(actual) ? cJSON_GetArraySize(actual) : -1;
        if (n >= 0 && !cascaded && min >= 0 && n < min) {
            snprintf(want, wl, "at least %d element%s (min), actual %d", min, min == 1 ? "" : "s", n);
            return false;
        }
        if (n >= 0 && !cascaded && max >= 0 && n > max) {
            snprintf(want, wl, "at most %d element%s (max), actual %d", max, max == 1 ? "" : "s", n);
            return false;
        }
        return true;
    }
    if (!strcmp(match, "regex")) {
        const char *re = str_field(m, "regex");
        snprintf(want, wl, "a match of /%.140s/ (regex)", re ? re : "");
        if (!re || !actual || cJSON_IsObject(actual) || cJSON_IsArray(actual)) return false;
        char *text = text_of(actual);
        int rc = pact_regex_search(re, text, err, sizeof err);
        free(text);
        if (rc < 0) snprintf(want, wl, "%s", err);
        return rc == 1;
    }
    if (!strcmp(match, "number")) {
        snprintf(want, wl, "a number");
        return is_number(actual);
    }
    if (!strcmp(match, "integer")) {
        snprintf(want, wl, "an integer");
        return is_integer(actual);
    }
    if (!strcmp(match, "decimal")) {
        snprintf(want, wl, "a decimal number");
        return is_number(actual) && !is_integer(actual);
    }
    if (!strcmp(match, "boolean")) {
        snprintf(want, wl, "a boolean");
        return cJSON_IsBool(actual);
    }
    if (!strcmp(match, "null")) {
        snprintf(want, wl, "null");
        return cJSON_IsNull(actual);
    }
    if (!strcmp(match, "include")) {
        const char *value = str_field(m, "value");
        snprintf(want, wl, "a value including \"%.140s\" (include)", value ? value : "");
        if (!value || !actual || cJSON_IsObject(actual) || cJSON_IsArray(actual)) return false;
        char *text = text_of(actual);
        bool ok = strstr(text, value) != NULL;
        free(text);
        return ok;
    }
    if (!strcmp(match, "date") || !strcmp(match, "time") || !strcmp(match, "timestamp") ||
        !strcmp(match, "datetime")) {
        const char *format = str_field(m, "format");
        if (!format) format = str_field(m, match);
        if (!format) format = pact_time_default_format(match);
        snprintf(want, wl, "a %s in the format %.100s",
                 !strcmp(match, "timestamp") ? "datetime" : match, format);
        return cJSON_IsString(actual) && pact_time_matches(format, actual->valuestring);
    }
    if (!strcmp(match, "notEmpty")) {
        snprintf(want, wl, "a value that is not empty (notEmpty)");
        if (!actual || cJSON_IsNull(actual)) return false;
        if (cJSON_IsString(actual)) return actual->valuestring[0] != '\0';
        if (cJSON_IsArray(actual) || cJSON_IsObject(actual)) return actual->child != NULL;
        return true;
    }
    if (!strcmp(match, "semver")) {
        snprintf(want, wl, "a semantic version");
        return cJSON_IsString(actual) &&
               pact_regex_search("^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$",
                                 actual->valuestring, err, sizeof err) == 1;
    }
    if (!strcmp(match, "values") || !strcmp(match, "eachKey") || !strcmp(match, "eachValue") ||
        !strcmp(match, "arrayContains")) {
        snprintf(want, wl, "%s", cJSON_IsArray(expected) ? "an array" : "an object");
        return actual && (expected ? same_type(expected, actual) : true);
    }
    snprintf(want, wl, "a value the matcher \"%.60s\" accepts (zoho-mock verify does not know it)",
             match);
    return false;
}

/* A rule list (AND/OR of matchers) on one value; one diff line when it fails. */
static bool rule_holds(const cJSON *rule, const cJSON *expected, const cJSON *actual, bool cascaded,
                       const char *where, contract_diff *diff)
{
    const char *combine = str_field(rule, "combine");
    bool any = combine && !strcasecmp(combine, "OR");
    char wants[512] = "", want[300];
    bool ok = !any;
    int n = 0;
    for (const cJSON *m = json_get(rule, "matchers") ? json_get(rule, "matchers")->child : NULL; m;
         m = m->next, n++) {
        bool holds = matcher_holds(m, expected, actual, cascaded, want, sizeof want);
        if (holds && any) return true;
        if (!holds) {
            size_t len = strlen(wants);
            snprintf(wants + len, sizeof wants - len, "%s%s", len ? (any ? " or " : " and ") : "", want);
            ok = false;
        }
    }
    if (ok || n == 0) return true;
    /* "at least 1 element (min), actual 0" already says what it saw. */
    if (strstr(wants, "), actual ")) contract_diff_add(diff, "%s: expected %s", where, wants);
    else differs(diff, where, wants, actual);
    return false;
}

/* --------------------------------------------------------------- body */

typedef struct body_match {
    const cJSON *rules;         /* {"$.path": rule list} */
    contract_diff *diff;
} body_match;

/* The rule list that decides at path: the heaviest pattern selecting it
 * or an ancestor (the longer on a tie). *cascaded: from an ancestor. */
static const cJSON *best_rule(const body_match *b, const char *path, bool *cascaded)
{
    const cJSON *best = NULL;
    int best_w = 0, best_steps = -1, path_steps = jsonpath_length(path);
    for (const cJSON *r = b->rules ? b->rules->child : NULL; r; r = r->next) {
        int steps = 0, w = jsonpath_prefix_weight(r->string, path, &steps);
        if (w > best_w || (w == best_w && w > 0 && steps > best_steps)) {
            best = r;
            best_w = w;
            best_steps = steps;
        }
    }
    if (cascaded) *cascaded = best && best_steps < path_steps;
    return best;
}

static bool only_equality(const cJSON *rule)
{
    const cJSON *ms = json_get(rule, "matchers");
    for (const cJSON *m = ms ? ms->child : NULL; m; m = m->next) {
        const char *match = str_field(m, "match");
        if (!match || strcmp(match, "equality") != 0) return false;
    }
    return true;
}

static const cJSON *first_matcher_named(const cJSON *rule, const char *name)
{
    const cJSON *ms = json_get(rule, "matchers");
    for (const cJSON *m = ms ? ms->child : NULL; m; m = m->next) {
        const char *match = str_field(m, "match");
        if (match && !strcmp(match, name)) return m;
    }
    return NULL;
}

static void compare(body_match *b, const cJSON *expected, const cJSON *actual, const char *path);

static const cJSON *member(const cJSON *obj, const char *name)
{
    for (const cJSON *c = obj ? obj->child : NULL; c; c = c->next)
        if (c->string && strcmp(c->string, name) == 0) return c;
    return NULL;
}

static void compare_members(body_match *b, const cJSON *expected, const cJSON *actual, const char *path)
{
    char child[4096];
    for (const cJSON *e = expected->child; e; e = e->next) {
        jsonpath_child_key(child, sizeof child, path, e->string ? e->string : "");
        compare(b, e, member(actual, e->string ? e->string : ""), child);
    }
}

/* eachValue / eachKey: their own matchers on every value or key. */
static void each_rules(body_match *b, const cJSON *m, const cJSON *actual, const char *path, bool keys)
{
    const cJSON *list = json_get(m, "rules");
    cJSON *rule = cJSON_CreateObject();
    cJSON_AddStringToObject(rule, "combine", "AND");
    cJSON_AddItemToObject(rule, "matchers", cJSON_Duplicate(list, true));
    char child[4096];
    int i = 0;
    for (const cJSON *a = actual->child; a; a = a->next, i++) {
        if (cJSON_IsArray(actual)) jsonpath_child_index(child, sizeof child, path, i);
        else jsonpath_child_key(child, sizeof child, path, a->string ? a->string : "");
        cJSON *key = keys ? cJSON_CreateString(a->string ? a->string : "") : NULL;
        char where[4200];
        snprintf(where, sizeof where, "%s%s", child, keys ? " (key)" : "");
        rule_holds(rule, NULL, keys ? key : a, false, where, b->diff);
        cJSON_Delete(key);
    }
    cJSON_Delete(rule);
}

/* arrayContains: each variant (an expected element with its own rules)
 * must match some actual element. */
static void array_contains(body_match *b, const cJSON *m, const cJSON *expected, const cJSON *actual,
                           const char *path)
{
    const cJSON *variants = json_get(m, "variants");
    for (const cJSON *v = variants ? variants->child : NULL; v; v = v->next) {
        int index = int_field(v, "index", 0);
        const cJSON *want = cJSON_GetArrayItem(expected, index);
        if (!want) continue;
        bool found = false;
        for (const cJSON *a = actual->child; a && !found; a = a->next) {
            contract_diff scratch = {{NULL, 0, 0}};
            body_match inner = {json_get(v, "rules"), &scratch};
            compare(&inner, want, a, "$");
            found = scratch.lines.n == 0;
            contract_diff_free(&scratch);
        }
        if (!found) {
            char *shown = contract_show(want);
            contract_diff_add(b->diff, "%s: expected an element like %s (arrayContains), none is", path,
                              shown);
            free(shown);
        }
    }
}

static void compare_with_rule(body_match *b, const cJSON *rule, bool cascaded, const cJSON *expected,
                              const cJSON *actual, const char *path)
{
    if (!rule_holds(rule, expected, actual, cascaded, path, b->diff)) return;
    if (!actual || !expected) return;
    char child[4096];
    const cJSON *m;
    if (cJSON_IsObject(expected) && cJSON_IsObject(actual)) {
        if ((m = first_matcher_named(rule, "eachKey"))) each_rules(b, m, actual, path, true);
        if ((m = first_matcher_named(rule, "eachValue"))) each_rules(b, m, actual, path, false);
        if (first_matcher_named(rule, "values") || first_matcher_named(rule, "eachValue") ||
            first_matcher_named(rule, "eachKey")) {
            /* Keys are free: each actual value against the expected one of its
             * name, or the first expected value. */
            if (first_matcher_named(rule, "eachValue") && !expected->child) return;
            for (const cJSON *a = actual->child; a && expected->child; a = a->next) {
                const cJSON *e = member(expected, a->string ? a->string : "");
                jsonpath_child_key(child, sizeof child, path, a->string ? a->string : "");
                if (!first_matcher_named(rule, "eachValue") || e) compare(b, e ? e : expected->child, a, child);
            }
            return;
        }
        compare_members(b, expected, actual, path);
    } else if (cJSON_IsArray(expected) && cJSON_IsArray(actual)) {
        if ((m = first_matcher_named(rule, "arrayContains"))) {
            array_contains(b, m, expected, actual, path);
            return;
        }
        if ((m = first_matcher_named(rule, "eachValue"))) each_rules(b, m, actual, path, false);
        /* eachLike: every actual element against the first expected one. */
        if (!expected->child) return;
        int i = 0;
        for (const cJSON *a = actual->child; a; a = a->next, i++) {
            jsonpath_child_index(child, sizeof child, path, i);
            compare(b, expected->child, a, child);
        }
    }
}

static void compare(body_match *b, const cJSON *expected, const cJSON *actual, const char *path)
{
    bool cascaded = false;
    const cJSON *rule = best_rule(b, path, &cascaded);
    if (rule && !only_equality(rule)) {
        compare_with_rule(b, rule, cascaded, expected, actual, path);
        return;
    }
    if (!actual || !same_type(expected, actual)) {
        char *e = contract_show(expected);
        differs(b->diff, path, e, actual);
        free(e);
        return;
    }
    char child[4096];
    if (cJSON_IsObject(expected)) {
        compare_members(b, expected, actual, path);
    } else if (cJSON_IsArray(expected)) {
        int ne = cJSON_GetArraySize(expected), na = cJSON_GetArraySize(actual);
        const cJSON *e = expected->child, *a = actual->child;
        for (int i = 0; e && a; i++, e = e->next, a = a->next) {
            jsonpath_child_index(child, sizeof child, path, i);
            compare(b, e, a, child);
        }
        if (ne != na)
            contract_diff_add(b->diff, "%s: expected %d element%s, actual %d", path, ne,
                              ne == 1 ? "" : "s", na);
    } else if (!scalars_equal(expected, actual)) {
        char *e = contract_show(expected);
        differs(b->diff, path, e, actual);
        free(e);
    }
}

bool pact_match_body(const cJSON *expected, const cJSON *actual, const cJSON *rules,
                     contract_diff *diff)
{
    size_t before = diff->lines.n;
    body_match b = {rules, diff};
    compare(&b, expected, actual, "$");
    return diff->lines.n == before;
}

/* ------------------------------------------------------------ headers */

static const char *actual_header(const contract_http *h, const char *name)
{
    return contract_http_header(h, name);
}

/* "application/json; charset=UTF-8" -> base type and parameters: the
 * actual type must be the same, with every parameter the pact names. */
static bool content_type_matches(const char *want, const char *got)
{
    char w[256], g[256];
    snprintf(w, sizeof w, "%s", want);
    snprintf(g, sizeof g, "%s", got);
    char *wp = strchr(w, ';'), *gp = strchr(g, ';');
    if (wp) *wp++ = '\0';
    if (gp) *gp++ = '\0';
    char *wt = w, *gt = g;
    while (isspace((unsigned char)*wt)) wt++;
    while (isspace((unsigned char)*gt)) gt++;
    for (char *e = wt + strlen(wt); e > wt && isspace((unsigned char)e[-1]);) *--e = '\0';
    for (char *e = gt + strlen(gt); e > gt && isspace((unsigned char)e[-1]);) *--e = '\0';
    if (strcasecmp(wt, gt) != 0) return false;
    for (char *save = NULL, *param = wp ? strtok_r(wp, ";", &save) : NULL; param;
         param = strtok_r(NULL, ";", &save)) {
        while (isspace((unsigned char)*param)) param++;
        char *eq = strchr(param, '=');
        if (!eq) continue;
        size_t klen = (size_t)(eq - param);
        bool found = false;
        for (const char *q = gp; q && *q;) {
            while (*q == ' ' || *q == ';') q++;
            if (!strncasecmp(q, param, klen) && q[klen] == '=') {
                const char *v = q + klen + 1, *end = strchr(v, ';');
                size_t vlen = end ? (size_t)(end - v) : strlen(v);
                while (vlen && v[vlen - 1] == ' ') vlen--;
                found = strlen(eq + 1) == vlen && !strncasecmp(eq + 1, v, vlen);
                break;
            }
            q = strchr(q, ';');
        }
        if (!found) return false;
    }
    return true;
}

/* A header value as a matcher sees it: a number when it reads as one. */
static cJSON *header_json(const char *text, const cJSON *m)
{
    const char *match = str_field(m, "match");
    char *end = NULL;
    double d = strtod(text, &end);
    bool numeric = match && (!strcmp(match, "number") || !strcmp(match, "integer") ||
                             !strcmp(match, "decimal"));
    if (numeric && end != text && *end == '\0') return cJSON_CreateNumber(d);
    return cJSON_CreateString(text);
}

static const cJSON *rule_for_header(const cJSON *rules, const char *name)
{
    for (const cJSON *r = rules ? rules->child : NULL; r; r = r->next)
        if (r->string && !strcasecmp(r->string, name)) return r;
    return NULL;
}

static void match_headers(const cJSON *expected, const cJSON *rules, const contract_http *actual,
                          contract_diff *diff)
{
    /* Headers with a rule the pact does not list still need to be there. */
    for (const cJSON *r = rules ? rules->child : NULL; r; r = r->next) {
        bool listed = false;
        for (const cJSON *e = expected ? expected->child : NULL; e; e = e->next)
            listed |= e->string && r->string && !strcasecmp(e->string, r->string);
        if (listed || !r->string) continue;
        const char *got = actual_header(actual, r->string);
        char where[300];
        snprintf(where, sizeof where, "header %s", r->string);
        cJSON *a = got ? cJSON_CreateString(got) : NULL;
        rule_holds(r, NULL, a, false, where, diff);
        cJSON_Delete(a);
    }
    for (const cJSON *e = expected ? expected->child : NULL; e; e = e->next) {
        if (!e->string || !cJSON_IsString(e)) continue;
        const char *got = actual_header(actual, e->string);
        const cJSON *rule = rule_for_header(rules, e->string);
        char where[300];
        snprintf(where, sizeof where, "header %s", e->string);
        if (rule && got) {
            const cJSON *first = json_get(rule, "matchers");
            first = first ? first->child : NULL;
            cJSON *a = header_json(got, first), *x = header_json(e->valuestring, first);
            rule_holds(rule, x, a, false, where, diff);
            cJSON_Delete(a);
            cJSON_Delete(x);
            continue;
        }
        bool ok = got && (!strcasecmp(e->string, "Content-Type")
                              ? content_type_matches(e->valuestring, got)
                              : !strcmp(e->valuestring, got));
        if (!ok)
            contract_diff_add(diff, "header %s: expected \"%s\", actual %s%s%s", e->string,
                              e->valuestring, got ? "\"" : "", got ? got : "absent", got ? "\"" : "");
    }
}

/* ------------------------------------------------------------- status */

static bool status_in_class(long status, const char *cls)
{
    if (!strcmp(cls, "information")) return status >= 100 && status < 200;
    if (!strcmp(cls, "success")) return status >= 200 && status < 300;
    if (!strcmp(cls, "redirect")) return status >= 300 && status < 400;
    if (!strcmp(cls, "clientError")) return status >= 400 && status < 500;
    if (!strcmp(cls, "serverError")) return status >= 500 && status < 600;
    if (!strcmp(cls, "nonError")) return status < 400;
    if (!strcmp(cls, "error")) return status >= 400;
    return false;
}

static void match_status(const cJSON *expected, const cJSON *rule, long status, contract_diff *diff)
{
    const cJSON *m = rule ? first_matcher_named(rule, "statusCode") : NULL;
    if (m) {
        const cJSON *want = json_get(m, "status");
        bool ok = false;
        if (cJSON_IsString(want)) ok = status_in_class(status, want->valuestring);
        for (const cJSON *c = cJSON_IsArray(want) ? want->child : NULL; c; c = c->next)
            ok |= cJSON_IsNumber(c) && (long)c->valuedouble == status;
        if (!ok) {
            char *shown = contract_show(want);
            contract_diff_add(diff, "status: expected %s (statusCode), actual %ld", shown, status);
            free(shown);
        }
        return;
    }
    if (cJSON_IsNumber(expected) && (long)expected->valuedouble != status)
        contract_diff_add(diff, "status: expected %ld, actual %ld", (long)expected->valuedouble, status);
}

/* ----------------------------------------------------------- response */

void pact_match_response(const cJSON *expected, const contract_http *actual, contract_diff *diff)
{
    const cJSON *rules = json_get(expected, "rules");
    match_status(json_get(expected, "status"), json_get(rules, "status"), actual->status, diff);
    match_headers(json_get(expected, "headers"), json_get(rules, "header"), actual, diff);
    const cJSON *body = json_get(expected, "body"), *text = json_get(expected, "body_text");
    if (cJSON_IsString(text)) {
        if (strcmp(text->valuestring, actual->body) != 0)
            contract_diff_add(diff, "body: expected \"%.120s\", actual \"%.120s\"", text->valuestring,
                              actual->body);
        return;
    }
    if (!body) return;
    cJSON *parsed = cJSON_ParseWithLength(actual->body, actual->body_len);
    if (!parsed) {
        contract_diff_add(diff, "$: expected a JSON body, actual \"%.120s\"", actual->body);
        return;
    }
    pact_match_body(body, parsed, json_get(rules, "body"), diff);
    cJSON_Delete(parsed);
}

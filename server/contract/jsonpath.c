/* jsonpath.c -- the small JSONPath subset contracts use: $.a.b, $.a[0].b, $.a[*].b, $['odd key'] */
#include "contract/jsonpath.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

#define JP_MAX_STEPS 64
#define JP_MAX_PATH 4096

typedef enum { STEP_KEY, STEP_INDEX, STEP_ALL } step_kind;

typedef struct jp_step {
    step_kind kind;
    char *key;          /* STEP_KEY, owned */
    int index;          /* STEP_INDEX */
} jp_step;

typedef struct jp_steps {
    jp_step v[JP_MAX_STEPS];
    int n;
} jp_steps;

static bool is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '@' || c == ':' || c == '#';
}

static void steps_free(jp_steps *s)
{
    for (int i = 0; i < s->n; i++) free(s->v[i].key);
    s->n = 0;
}

/* ['...'] (or ["..."]) with \' and \\ escapes; p points after the
 * opening quote. Returns the position after the closing bracket, or NULL. */
static const char *parse_quoted(const char *p, char quote, jp_step *st)
{
    size_t cap = strlen(p) + 1, len = 0;
    char *key = xmalloc(cap);
    for (; *p && *p != quote; p++) {
        if (*p == '\\' && (p[1] == quote || p[1] == '\\')) p++;
        key[len++] = *p;
    }
    key[len] = '\0';
    if (p[0] != quote || p[1] != ']') {
        free(key);
        return NULL;
    }
    st->kind = STEP_KEY;
    st->key = key;
    return p + 2;
}

/* One step at p (after `$` or a previous step). Returns the position
 * after it, or NULL when malformed. */
static const char *parse_step(const char *p, jp_step *st)
{
    memset(st, 0, sizeof *st);
    if (*p == '.') {
        p++;
        if (*p == '*') {
            st->kind = STEP_ALL;
            return p + 1;
        }
        const char *start = p;
        while (is_name_char(*p)) p++;
        if (p == start) return NULL;
        st->kind = STEP_KEY;
        st->key = xstrndup(start, (size_t)(p - start));
        return p;
    }
    if (*p != '[') return NULL;
    p++;
    if (*p == '\'' || *p == '"') return parse_quoted(p + 1, *p, st);
    if (p[0] == '*' && p[1] == ']') {
        st->kind = STEP_ALL;
        return p + 2;
    }
    if (!isdigit((unsigned char)*p)) return NULL;
    long v = 0;
    while (isdigit((unsigned char)*p)) {
        v = v * 10 + (*p++ - '0');
        if (v > 1000000000L) return NULL;
    }
    if (*p != ']') return NULL;
    st->kind = STEP_INDEX;
    st->index = (int)v;
    return p + 1;
}

static int parse(const char *path, jp_steps *out)
{
    out->n = 0;
    if (!path || path[0] != '$') return -1;
    const char *p = path + 1;
    while (*p) {
        if (out->n == JP_MAX_STEPS) {
            steps_free(out);
            return -1;
        }
        p = parse_step(p, &out->v[out->n]);
        if (!p) {
            steps_free(out);
            return -1;
        }
        out->n++;
    }
    return 0;
}

bool jsonpath_valid(const char *path)
{
    jp_steps s;
    if (parse(path, &s) != 0) return false;
    steps_free(&s);
    return true;
}

int jsonpath_length(const char *path)
{
    jp_steps s;
    if (parse(path, &s) != 0) return -1;
    int n = s.n;
    steps_free(&s);
    return n;
}

int jsonpath_prefix_weight(const char *pattern, const char *concrete, int *steps)
{
    jp_steps p, c;
    if (parse(pattern, &p) != 0) return 0;
    if (parse(concrete, &c) != 0) {
        steps_free(&p);
        return 0;
    }
    int weight = p.n <= c.n ? 2 : 0;
    for (int i = 0; weight && i < p.n; i++) {
        const jp_step *a = &p.v[i], *b = &c.v[i];
        if (a->kind == STEP_ALL) continue;
        if (a->kind != b->kind) weight = 0;
        else if (a->kind == STEP_KEY) weight = strcmp(a->key, b->key) == 0 ? weight * 2 : 0;
        else weight = a->index == b->index ? weight * 2 : 0;
        if (weight > (1 << 28)) weight = 1 << 28;
    }
    if (steps) *steps = p.n;
    steps_free(&p);
    steps_free(&c);
    return weight;
}

/* ----------------------------------------------------------- concrete */

static bool key_needs_quotes(const char *key)
{
    if (!*key) return true;
    for (const char *k = key; *k; k++)
        if (!is_name_char(*k)) return true;
    return false;
}

void jsonpath_child_key(char *out, size_t outlen, const char *parent, const char *key)
{
    if (!key_needs_quotes(key)) {
        snprintf(out, outlen, "%s.%s", parent, key);
        return;
    }
    size_t len = (size_t)snprintf(out, outlen, "%s['", parent);
    for (const char *k = key; *k && len + 4 < outlen; k++) {
        if (*k == '\'' || *k == '\\') out[len++] = '\\';
        out[len++] = *k;
    }
    if (len + 3 <= outlen) memcpy(out + len, "']", 3);
}

void jsonpath_child_index(char *out, size_t outlen, const char *parent, int index)
{
    char step[16];
    int n = snprintf(step, sizeof step, "[%d]", index);
    size_t len = strlen(parent);
    if (len + (size_t)n + 1 > outlen) { /* too long: an empty path, which selects nothing */
        if (outlen) out[0] = '\0';
        return;
    }
    memcpy(out, parent, len);
    memcpy(out + len, step, (size_t)n + 1);
}

void jsonpath_generalize(char *out, size_t outlen, const char *concrete)
{
    size_t len = 0;
    const char *p = concrete;
    while (*p && len + 4 < outlen) {
        if (p[0] == '[' && p[1] == '\'') {
            /* A quoted key is copied as it is, escapes included. */
            out[len++] = *p++;
            out[len++] = *p++;
            while (*p && *p != '\'' && len + 4 < outlen) {
                if (*p == '\\' && p[1]) out[len++] = *p++;
                out[len++] = *p++;
            }
        } else if (p[0] == '[' && isdigit((unsigned char)p[1])) {
            while (*p && *p != ']') p++;
            if (*p) p++;
            memcpy(out + len, "[*]", 3);
            len += 3;
        } else {
            out[len++] = *p++;
        }
    }
    out[len] = '\0';
}

/* ------------------------------------------------------------ select */

typedef struct select_state {
    const jp_steps *steps;
    jsonpath_visit visit;
    void *ud;
    int count;
    bool first_only;
    char path[JP_MAX_PATH];
} select_state;

static void select_from(select_state *st, const cJSON *node, int i)
{
    if (st->first_only && st->count) return;
    if (i == st->steps->n) {
        st->count++;
        if (st->visit) st->visit(node, st->path, st->ud);
        return;
    }
    const jp_step *step = &st->steps->v[i];
    size_t len = strlen(st->path);
    char parent[JP_MAX_PATH];
    memcpy(parent, st->path, len + 1);
    if (step->kind == STEP_INDEX) {
        if (!cJSON_IsArray(node)) return;
        const cJSON *child = cJSON_GetArrayItem(node, step->index);
        if (!child) return;
        jsonpath_child_index(st->path, sizeof st->path, parent, step->index);
        select_from(st, child, i + 1);
    } else if (step->kind == STEP_KEY) {
        if (!cJSON_IsObject(node)) return;
        for (const cJSON *c = node->child; c; c = c->next) {
            if (!c->string || strcmp(c->string, step->key) != 0) continue;
            jsonpath_child_key(st->path, sizeof st->path, parent, c->string);
            select_from(st, c, i + 1);
            break;
        }
    } else {
        int k = 0;
        for (const cJSON *c = cJSON_IsArray(node) || cJSON_IsObject(node) ? node->child : NULL; c;
             c = c->next, k++) {
            if (cJSON_IsArray(node)) jsonpath_child_index(st->path, sizeof st->path, parent, k);
            else jsonpath_child_key(st->path, sizeof st->path, parent, c->string ? c->string : "");
            select_from(st, c, i + 1);
        }
    }
    memcpy(st->path, parent, len + 1);
}

static int run_select(const cJSON *doc, const char *path, jsonpath_visit visit, void *ud,
                      bool first_only)
{
    jp_steps steps;
    if (parse(path, &steps) != 0) return -1;
    select_state *st = xcalloc(1, sizeof *st);
    st->steps = &steps;
    st->visit = visit;
    st->ud = ud;
    st->first_only = first_only;
    strcpy(st->path, "$");
    if (doc) select_from(st, doc, 0);
    int count = st->count;
    free(st);
    steps_free(&steps);
    return count;
}

int jsonpath_select(const cJSON *doc, const char *path, jsonpath_visit visit, void *ud)
{
    return run_select(doc, path, visit, ud, false);
}

static void keep_first(const cJSON *value, const char *concrete, void *ud)
{
    (void)concrete;
    *(const cJSON **)ud = value;
}

const cJSON *jsonpath_get(const cJSON *doc, const char *path)
{
    const cJSON *found = NULL;
    run_select(doc, path, keep_first, &found, true);
    return found;
}

bool jsonpath_matches(const char *pattern, const char *concrete)
{
    jp_steps p, c;
    if (parse(pattern, &p) != 0) return false;
    if (parse(concrete, &c) != 0) {
        steps_free(&p);
        return false;
    }
    bool same = p.n == c.n;
    for (int i = 0; same && i < p.n; i++) {
        const jp_step *a = &p.v[i], *b = &c.v[i];
        if (a->kind == STEP_ALL) continue;
        if (a->kind != b->kind) same = false;
        else if (a->kind == STEP_KEY) same = strcmp(a->key, b->key) == 0;
        else same = a->index == b->index;
    }
    steps_free(&p);
    steps_free(&c);
    return same;
}

/* record_known.c -- --record: the values a recording captured and the fixtures' ids, looked up in O(1) per value */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract/record_impl.h"
#include "util/alloc.h"
#include "util/json.h"

void record_known_init(rec_known *k)
{
    memset(k, 0, sizeof *k);
    k->values = cJSON_CreateObject();
}

void record_known_free(rec_known *k)
{
    idmap_free(&k->by_value);
    idmap_free(&k->by_name);
    idmap_free(&k->next_suffix);
    for (size_t i = 0; i < k->keys.n; i++) free(k->keys.v[i]);
    VEC_FREE(k->keys);
    cJSON_Delete(k->values);
    memset(k, 0, sizeof *k);
}

/* "s:<text>" for a string, "n:<digits>" for a whole number; NULL for
 * anything else (no id). The caller frees it. */
static char *value_key(const cJSON *v)
{
    if (cJSON_IsString(v)) return xasprintf("s:%s", v->valuestring);
    if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) && fabs(v->valuedouble) < 1e19)
        return xasprintf("n:%.0f", v->valuedouble);
    return NULL;
}

const char *record_known_name(const rec_known *k, const cJSON *v, bool text)
{
    char *key = value_key(v);
    if (!key) return NULL;
    const char *name = idmap_get(&k->by_value, key);
    if (!name && text && key[0] == 's') {     /* a path or query value: the digits of a number */
        key[0] = 'n';
        name = idmap_get(&k->by_value, key);
    }
    free(key);
    return name;
}

static bool reserved(const char *name)
{
    return !strcmp(name, "token") || !strcmp(name, "organization_id");
}

/* The next suffix to try for one base name (owned by rec_known.keys). */
typedef struct suffix {
    intptr_t next;
    char base[];
} suffix;

const char *record_known_add(rec_known *k, const char *base, const cJSON *v)
{
    /* base, base_2, base_3...: each base remembers where it got to. */
    suffix *sx = idmap_get(&k->next_suffix, base);
    if (!sx) {
        sx = xmalloc(sizeof *sx + strlen(base) + 1);
        strcpy(sx->base, base);
        sx->next = 1;
        VEC_PUSH(k->keys, (char *)sx);
        idmap_put(&k->next_suffix, sx->base, sx);
    }
    char name[160];
    for (;; sx->next++) {
        if (sx->next == 1) snprintf(name, sizeof name, "%s", base);
        else snprintf(name, sizeof name, "%s_%ld", base, (long)sx->next);
        if (!idmap_get(&k->by_name, name) && !reserved(name)) break;
    }
    sx->next++;
    cJSON *item = cJSON_Duplicate(v, true);
    cJSON_AddItemToObject(k->values, name, item);
    idmap_put(&k->by_name, item->string, item);
    char *key = value_key(v);
    if (key && !idmap_get(&k->by_value, key)) {     /* the first capture of a value names it */
        VEC_PUSH(k->keys, key);
        idmap_put(&k->by_value, key, item->string);
    } else {
        free(key);
    }
    return item->string;
}

/* ---------------------------------------------------- fixtures' ids */

static bool id_like(const cJSON *v)
{
    if (cJSON_IsString(v)) return strlen(v->valuestring) >= 6 && id_is_valid(v->valuestring);
    return cJSON_IsNumber(v) && v->valuedouble >= 100000 && v->valuedouble == floor(v->valuedouble);
}

static void collect_ids(const cJSON *node, rec_ids *ids)
{
    for (const cJSON *c = node ? node->child : NULL; c; c = c->next) {
        collect_ids(c, ids);
        if (!id_like(c)) continue;
        char *text = cJSON_IsString(c) ? xstrdup(c->valuestring) : xasprintf("%.0f", c->valuedouble);
        if (idmap_get(&ids->set, text)) {
            free(text);
            continue;
        }
        VEC_PUSH(ids->keys, text);
        idmap_put(&ids->set, text, text);
    }
}

void record_ids_init(rec_ids *ids, const cJSON *fixture_root)
{
    memset(ids, 0, sizeof *ids);
    collect_ids(fixture_root, ids);
}

bool record_ids_has(const rec_ids *ids, const char *text)
{
    return idmap_get(&ids->set, text) != NULL;
}

bool record_id_like(const cJSON *v) { return id_like(v); }

void record_ids_free(rec_ids *ids)
{
    idmap_free(&ids->set);
    for (size_t i = 0; i < ids->keys.n; i++) free(ids->keys.v[i]);
    VEC_FREE(ids->keys);
}

/* idmap.c -- a hash map from id strings to pointers (open addressing, deletions allowed) */
#include "util/idmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

typedef struct zm_idmap_slot {
    const char *key;            /* NULL: empty; &tombstone: deleted */
    void *value;
} zm_idmap_slot;

static const char tombstone[] = "";

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;        /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static zm_idmap_slot *find(const zm_idmap *m, const char *key)
{
    if (!m->cap) return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
        zm_idmap_slot *s = &m->slots[i];
        if (!s->key) return NULL;
        if (s->key != tombstone && strcmp(s->key, key) == 0) return s;
    }
}

static void grow(zm_idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16;
    while (m->used * 2 >= cap) cap *= 2;
    zm_idmap_slot *old = m->slots;
    size_t old_cap = m->cap;
    m->slots = xcalloc(cap, sizeof *m->slots);
    m->cap = cap;
    m->filled = m->used;
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].key || old[i].key == tombstone) continue;
        for (size_t k = hash(old[i].key) & (cap - 1);; k = (k + 1) & (cap - 1)) {
            if (!m->slots[k].key) {
                m->slots[k] = old[i];
                break;
            }
        }
    }
    free(old);
}

void *idmap_get(const zm_idmap *m, const char *key)
{
    zm_idmap_slot *s = find(m, key);
    return s ? s->value : NULL;
}

void idmap_put(zm_idmap *m, const char *key, void *value)
{
    zm_idmap_slot *s = find(m, key);
    if (s) {
        s->key = key;
        s->value = value;
        return;
    }
    if ((m->filled + 1) * 4 >= m->cap * 3) grow(m);
    size_t mask = m->cap - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
        zm_idmap_slot *slot = &m->slots[i];
        if (!slot->key || slot->key == tombstone) {
            if (!slot->key) m->filled++;
            slot->key = key;
            slot->value = value;
            m->used++;
            return;
        }
    }
}

void *idmap_remove(zm_idmap *m, const char *key)
{
    zm_idmap_slot *s = find(m, key);
    if (!s) return NULL;
    void *v = s->value;
    s->key = tombstone;
    s->value = NULL;
    m->used--;
    return v;
}

void idmap_free(zm_idmap *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

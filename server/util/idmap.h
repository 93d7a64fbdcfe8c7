/* idmap.h -- a hash map from id strings to pointers (open addressing, deletions allowed) */
#ifndef ZM_IDMAP_H
#define ZM_IDMAP_H

#include <stddef.h>

/* Keys are borrowed: each must stay valid (and unchanged) while it is in
 * the map, which the holder of the value usually guarantees (the key is a
 * field of the value). Zero-initialised is an empty map. */
typedef struct zm_idmap {
    struct zm_idmap_slot *slots;
    size_t cap;                 /* a power of two, or 0 */
    size_t used;                /* live entries */
    size_t filled;              /* live entries and tombstones */
} zm_idmap;

void *idmap_get(const zm_idmap *m, const char *key);
/* Sets key to value (replacing any earlier value). */
void idmap_put(zm_idmap *m, const char *key, void *value);
/* Removes key; returns its value or NULL. */
void *idmap_remove(zm_idmap *m, const char *key);
void idmap_free(zm_idmap *m);

#endif

/* vec.h -- growable arrays of any element type, as small macros */
#ifndef ZM_VEC_H
#define ZM_VEC_H

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

/* A vector is a struct with `v` (elements), `n` (count), `cap` (capacity).
 * Declare one with VEC(type); zero-initialise it; free with VEC_FREE. */
#define VEC(T) struct { T *v; size_t n, cap; }

/* A vector of strings, where functions pass one around. */
typedef VEC(char *) zm_strings;

/* Grows `vec` so that one more element fits (out of memory: util/alloc.h). */
#define VEC_RESERVE1(vec)                                                       \
    do {                                                                        \
        if ((vec).n == (vec).cap) {                                             \
            size_t vec_newcap_ = (vec).cap ? (vec).cap * 2 : 8;                 \
            (vec).v = xrealloc((vec).v, vec_newcap_ * sizeof(*(vec).v));        \
            (vec).cap = vec_newcap_;                                            \
        }                                                                       \
    } while (0)

#define VEC_PUSH(vec, item)                                                     \
    do {                                                                        \
        VEC_RESERVE1(vec);                                                      \
        (vec).v[(vec).n++] = (item);                                            \
    } while (0)

/* Removes element i, keeping the order of the rest. */
#define VEC_REMOVE(vec, i)                                                      \
    do {                                                                        \
        memmove(&(vec).v[(i)], &(vec).v[(i) + 1],                               \
                ((vec).n - (i) - 1) * sizeof(*(vec).v));                        \
        (vec).n--;                                                              \
    } while (0)

/* Removes the last element equal to item (a pointer, a number), if any. */
#define VEC_REMOVE_ITEM(vec, item)                                              \
    do {                                                                        \
        for (size_t vec_i_ = (vec).n; vec_i_-- > 0;) {                          \
            if ((vec).v[vec_i_] == (item)) {                                    \
                VEC_REMOVE(vec, vec_i_);                                        \
                break;                                                          \
            }                                                                   \
        }                                                                       \
    } while (0)

#define VEC_FREE(vec)                                                           \
    do {                                                                        \
        free((vec).v);                                                          \
        (vec).v = NULL;                                                         \
        (vec).n = (vec).cap = 0;                                                \
    } while (0)

#endif

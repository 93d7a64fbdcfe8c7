/* jsonpath.h -- the small JSONPath subset contracts use: $.a.b, $.a[0].b, $.a[*].b, $['odd key'] */
#ifndef ZM_JSONPATH_H
#define ZM_JSONPATH_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* A path starts with `$` and continues with any number of steps: `.name`
 * (letters, digits, `_` and `-`), `['any name']`, `[N]` (an array index)
 * and `[*]` (every element of an array, every member of an object). */
bool jsonpath_valid(const char *path);

/* Called for every value a path selects, with the value's concrete path
 * (wildcards resolved to indices and names). */
typedef void (*jsonpath_visit)(const cJSON *value, const char *concrete, void *ud);

/* Visits every value of doc the path selects, in document order. Returns
 * how many, or -1 when the path is malformed. visit may be NULL. */
int jsonpath_select(const cJSON *doc, const char *path, jsonpath_visit visit, void *ud);

/* The first value the path selects, or NULL. */
const cJSON *jsonpath_get(const cJSON *doc, const char *path);

/* True when the pattern selects the concrete path ($.a[2].b is selected
 * by $.a[*].b and by $.a[2].b). False when either is malformed. */
bool jsonpath_matches(const char *pattern, const char *concrete);

/* How well a Pact matching rule's path fits a concrete path: 0 when the
 * pattern does not select the concrete path or one of its ancestors
 * (rules cascade to what is below them), else its weight: the product of
 * 2 per named step (root, member, index) and 1 per wildcard, as Pact's
 * own matchers weigh them. *steps (may be NULL) gets the pattern's step
 * count: a tie goes to the longer pattern. */
int jsonpath_prefix_weight(const char *pattern, const char *concrete, int *steps);

/* The number of steps after `$`, or -1 when malformed. */
int jsonpath_length(const char *path);

/* Concrete paths, built step by step: parent + .key (or ['key'] when the
 * key needs quoting), parent + [index]. out may not alias parent. */
void jsonpath_child_key(char *out, size_t outlen, const char *parent, const char *key);
void jsonpath_child_index(char *out, size_t outlen, const char *parent, int index);

/* The concrete path with every [N] turned into [*]. */
void jsonpath_generalize(char *out, size_t outlen, const char *concrete);

#endif

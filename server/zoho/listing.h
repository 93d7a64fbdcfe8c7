/* listing.h -- Zoho's list conventions: page, per_page, sort_column, sort_order, filter_by, page_context */
#ifndef ZM_LISTING_H
#define ZM_LISTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "zoho/request.h"

#define LIST_MAX_PER_PAGE 200

/* What one list endpoint accepts. Arrays end with NULL. */
typedef struct zm_list_spec {
    const char *const *sort_columns;    /* allowed sort_column values */
    const char *default_sort;
    const char *const *filters;         /* allowed filter_by values; NULL: none */
    const char *default_filter;         /* echoed as applied_filter */
} zm_list_spec;

typedef struct zm_list_params {
    int page;                   /* 1-based */
    int per_page;               /* 1..200 */
    const char *sort_column;    /* one of spec->sort_columns */
    bool descending;            /* sort_order D (the default) */
    const char *filter_by;      /* one of spec->filters, or the default */
    char search_text[256];      /* "" when none */
} zm_list_params;

/* Reads page, per_page, sort_column, sort_order, filter_by and search_text.
 * Bad values: 400 code 2 naming the parameter, and false. per_page above
 * 200 is clamped to 200, as Zoho does. */
bool list_parse(const zm_request *req, zm_reply *rep, const zm_list_spec *spec,
                zm_list_params *out);

/* The window [*first, *last) of `total` sorted rows that this page shows,
 * and whether any row follows it (exact). */
void list_window(const zm_list_params *p, size_t total, size_t *first, size_t *last,
                 bool *has_more);

/* Adds name: [rows...] to obj, each row made by to_json(org, row) and
 * printed at once (json_buf_append), so that only one row's tree is alive
 * at a time; the array is a cJSON_Raw node (util/json.h). */
void list_add_rows(cJSON *obj, const char *name, void *const *rows, size_t n,
                   cJSON *(*to_json)(const zm_org *org, const void *row), const zm_org *org);

/* Adds "page_context" to obj. */
void list_add_page_context(cJSON *obj, const zm_list_params *p, bool has_more);

/* Sorts rows with an ascending comparator, then reverses them for D.
 * Rows already in order (the usual case for creation order) are not
 * re-sorted, so a default list costs O(n), not O(n log n). */
void list_sort(void **rows, size_t n, int (*ascending)(const void *, const void *), bool descending);

/* -1, 0 or 1: the order of two times, sequence numbers, ... */
static inline int list_compare_i64(int64_t a, int64_t b) { return (a > b) - (a < b); }

/* A sort column and its ascending comparator over rows of pointers. */
typedef struct zm_sort_column {
    const char *name;
    int (*ascending)(const void *, const void *);
} zm_sort_column;

/* list_sort with the comparator the table gives p->sort_column (the
 * table's first when the column is not in it); the table ends with a
 * NULL name. Each list picks its comparator once, not per comparison. */
void list_sort_by(void **rows, size_t n, const zm_sort_column *columns, const zm_list_params *p);

/* Case-insensitive substring test for search_text ("" matches all). */
bool list_text_matches(const char *haystack, const char *needle);

#endif

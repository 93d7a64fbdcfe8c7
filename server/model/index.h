/* index.h -- a table of one organization's rows: ordered indexes per sort column and exact look-ups, a list page walked without sorting everything */
#ifndef ZM_INDEX_H
#define ZM_INDEX_H

/* What every Zoho list needs, in one place: an organization keeps one
 * zm_table per kind of row (stock counts, adjustments, recurring profiles,
 * sales orders...). The table does not own the rows; it keeps, per row,
 * a copy of each sort key and unique key, so that
 *
 *   - a list page is a walk of the sort column's index from the page's
 *     first row: O(page) without a filter (O(n / 256) to find the
 *     offset), and with one O(rows looked at until the page is full and
 *     one more match shows has_more_page) -- never a sort of every row;
 *   - a look-up by id (or any unique key) is a hash probe, O(1);
 *   - insert, update and remove are O(log n) plus a move inside one block
 *     of at most 256 pointers.
 *
 * Because the keys are copies, a row whose keys changed is found and moved
 * by table_update (by its address), and the order is never corrupted by a
 * change the table has not been told about yet: the row simply keeps its
 * old place until then. Rule: call table_update after changing any sort
 * or unique key of a row (its last_modified_time, number, title...),
 * table_insert when it joins the organization, table_remove before it is
 * freed.
 *
 * Usage (stock counts, inventory/counts.c):
 *
 *     static void by_created(const void *row, zm_index_key *k)
 *         { k->i = ((const zm_stock_count *)row)->created_time; }
 *     static const zm_index_column columns[] = {
 *         {"created_time", INDEX_INT, by_created}, ..., {NULL, 0, NULL}};
 *     static const zm_index_unique uniques[] = {
 *         {"inventorycount_id", count_id}, {NULL, NULL}};
 *     static const zm_table_def def = {columns, uniques, count_seq};
 *
 *     table_init(&org->counts_table, &def);
 *     table_insert(&org->counts_table, c);
 *     zm_stock_count *c = table_find(&org->counts_table, 0, "4815000000100000");
 *     n = table_page(&org->counts_table, table_column(t, "created_time"), true,
 *                    match, &filters, skip, per_page, rows, &has_more);
 *
 * Threads: a table belongs to its organization and is used under that
 * organization's lock (model/model.h), like the rows it indexes. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/vec.h"

/* How a sort column compares. Ties (equal keys) are broken by the row's
 * creation order (zm_table_def.seq), so every order is total and stable. */
typedef enum zm_index_kind {
    INDEX_INT,          /* k->i: times, dates as day numbers, amounts in minor units */
    INDEX_TEXT,         /* k->s, byte order (strcmp) */
    INDEX_TEXT_NOCASE,  /* k->s, case-insensitive, then byte order: how Zoho sorts names and numbers */
    INDEX_VALUE,        /* k->s case-insensitive only (strcasecmp: texts equal but for case stay
                           in creation order), then k->i: the generic engine's JSON values
                           (inventory/engine_index.c) */
} zm_index_kind;

/* A key as a column's function reads it from a row. s is borrowed: the
 * table copies it. NULL s counts as "". */
typedef struct zm_index_key {
    int64_t i;
    const char *s;
} zm_index_key;

typedef struct zm_index_column {
    const char *name;                               /* the list's sort_column value */
    zm_index_kind kind;
    void (*key)(const void *row, zm_index_key *out);
} zm_index_column;

/* A key that identifies one row (its id, a number that must not repeat);
 * looked up exactly with table_find. An empty key ("") is not indexed. */
typedef struct zm_index_unique {
    const char *name;
    const char *(*key)(const void *row);
} zm_index_unique;

/* The texts search_text looks in (a count's number and description...):
 * fills up to max pointers (borrowed), returns how many. */
#define INDEX_MAX_TEXTS 9
typedef size_t (*zm_index_texts)(const void *row, const char *out[INDEX_MAX_TEXTS]);

typedef struct zm_table_def {
    const zm_index_column *columns;     /* ends with a NULL name; at least one */
    const zm_index_unique *uniques;     /* ends with a NULL name; may be NULL */
    uint64_t (*seq)(const void *row);   /* creation order: unique per row */
    zm_index_texts texts;               /* NULL: the table has no search */
} zm_table_def;

struct ix_record;
struct ix_chunk;

/* One sort column's order: blocks of at most 256 records. */
typedef struct ix_order {
    VEC(struct ix_chunk *) chunks;
} ix_order;

/* An open-addressing hash (linear probing) of records. */
typedef struct ix_hash {
    struct ix_record **slots;
    size_t cap, n;              /* cap: a power of two, or 0 */
} ix_hash;

/* Zero-initialised: empty and unusable until table_init. Plain data (no
 * pointer into itself): a struct holding one may be moved or swapped. */
typedef struct zm_table {
    const zm_table_def *def;
    size_t ncolumns, nuniques;
    ix_order *orders;           /* one per column */
    ix_hash by_row;             /* row address -> record */
    ix_hash *by_unique;         /* one per unique key */
    size_t count;
} zm_table;

void table_init(zm_table *t, const zm_table_def *def);
/* t, initialised with def first if it is still zero (an organization's
 * tables are made on first use). */
zm_table *table_ensure(zm_table *t, const zm_table_def *def);
/* Forgets every row (frees the table's memory, not the rows); the table
 * is then as after table_init. table_free also drops the definition. */
void table_clear(zm_table *t);
void table_free(zm_table *t);

/* Adds a row (not already in the table). */
void table_insert(zm_table *t, void *row);
/* Re-reads the row's keys and moves it where they now put it. A row not
 * in the table is ignored. */
void table_update(zm_table *t, void *row);
/* Takes the row out; false when it was not in the table. */
bool table_remove(zm_table *t, void *row);
size_t table_count(const zm_table *t);
bool table_contains(const zm_table *t, const void *row);

/* The row whose unique key number `unique` (its place in def->uniques)
 * equals key exactly; NULL when none. */
void *table_find(const zm_table *t, size_t unique, const char *key);

/* The column's index in def->columns; -1 when the table has no such column. */
int table_column(const zm_table *t, const char *name);

/* A filter for table_page: true when the row belongs on the list. */
typedef bool (*zm_table_match)(const void *row, const void *ctx);

/* What one list page asks for. */
typedef struct zm_table_query {
    int column;                 /* table_column(); the order walked */
    bool descending;
    const char *search;         /* search_text: rows one of whose texts (def->texts) contains
                                   it, ASCII case aside; NULL or "": every row. Tested on the
                                   table's lower-case copies, before match. */
    zm_table_match match;       /* NULL: every row */
    const void *ctx;            /* match's */
    size_t skip, limit;         /* the page: rows skip .. skip+limit-1 of those that pass */
} zm_table_query;

/* One page: the rows of q (written to out, room for q->limit) in column
 * order. *has_more: a row that passes follows the page (exact). Returns how
 * many rows were written. Unfiltered it starts right at the page; with a
 * search or a match it walks from the first row until the page and one
 * more passing row are found. */
size_t table_page(const zm_table *t, const zm_table_query *q, void **out, bool *has_more);

/* How many rows pass q's search and match (q's column, skip and limit
 * aside): a list's total. O(1) without them, else a look at every row. */
size_t table_count_matching(const zm_table *t, const zm_table_query *q);

/* Calls fn for every row in column order until it returns false. */
void table_each(const zm_table *t, int column, bool descending, bool (*fn)(void *row, void *ctx), void *ctx);

/* A row whose keys the table holds are not what its key functions read
 * now: a change nobody told the table about (table_update). NULL when
 * every row is up to date; else the row, and in *what the column or
 * unique key (or "search texts") that differs. O(rows): for tests. */
const void *table_stale_row(const zm_table *t, const char **what);

/* Bytes the table itself holds (its records, blocks and hashes), for the
 * memory report. */
size_t table_memory(const zm_table *t);

#endif

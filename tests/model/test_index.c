/* test_index.c -- the ordered row table (model/index.c) against a plain sort of the same rows */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <criterion/criterion.h>

#include "model/index.h"

typedef struct row {
    int64_t time;
    char name[16];
    char id[16];
    uint64_t seq;
    int color;          /* for filters */
} row;

static void by_time(const void *r, zm_index_key *k) { k->i = ((const row *)r)->time; }
static void by_name(const void *r, zm_index_key *k) { k->s = ((const row *)r)->name; }
static const char *id_of(const void *r) { return ((const row *)r)->id; }
static const char *name_of(const void *r) { return ((const row *)r)->name; }
static uint64_t seq_of(const void *r) { return ((const row *)r)->seq; }

static const zm_index_column columns[] = {
    {"time", INDEX_INT, by_time}, {"name", INDEX_TEXT_NOCASE, by_name}, {NULL, 0, NULL},
};
static const zm_index_unique uniques[] = {{"id", id_of}, {"name", name_of}, {NULL, NULL}};
static size_t texts_of(const void *r, const char *out[INDEX_MAX_TEXTS])
{
    out[0] = ((const row *)r)->name;
    out[1] = ((const row *)r)->id;
    return 2;
}
static const zm_table_def def = {columns, uniques, seq_of, texts_of};

/* The reference: every live row sorted by a column, ties by seq. */
static int ref_column;
static int ref_compare(const void *pa, const void *pb)
{
    const row *a = *(row *const *)pa, *b = *(row *const *)pb;
    int c = ref_column == 0 ? (a->time > b->time) - (a->time < b->time) : strcasecmp(a->name, b->name);
    if (!c && ref_column == 1) c = strcmp(a->name, b->name);
    return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

static bool is_color(const void *r, const void *ctx) { return ((const row *)r)->color == *(const int *)ctx; }

#define N 3000

/* Compares every page (sizes 1, 7, 200; both directions; with and without
 * a filter) with the reference. */
static void check_against_reference(const zm_table *t, row **live, size_t n)
{
    row **sorted = malloc((n + 1) * sizeof *sorted);
    void **page = malloc(200 * sizeof *page);
    for (int col = 0; col < 2; col++) {
        memcpy(sorted, live, n * sizeof *sorted);
        ref_column = col;
        qsort(sorted, n, sizeof *sorted, ref_compare);
        for (int desc = 0; desc < 2; desc++) {
            for (int f = -1; f < 3; f++) {
                /* The expected order, filtered. */
                row **want = malloc((n + 1) * sizeof *want);
                size_t m = 0;
                for (size_t i = 0; i < n; i++) {
                    row *r = sorted[desc ? n - 1 - i : i];
                    if (f < 0 || r->color == f) want[m++] = r;
                }
                const size_t sizes[] = {1, 7, 200};
                for (size_t s = 0; s < 3; s++) {
                    size_t per = sizes[s];
                    for (size_t skip = 0; skip <= m + per; skip += per * 13 + 1) {
                        bool more;
                        zm_table_query q = {col, desc, NULL, f < 0 ? NULL : is_color, &f, skip, per};
                        size_t got = table_page(t, &q, page, &more);
                        size_t expect = skip >= m ? 0 : (m - skip < per ? m - skip : per);
                        cr_assert_eq(got, expect, "col %d desc %d filter %d skip %zu per %zu: %zu rows, want %zu",
                                     col, desc, f, skip, per, got, expect);
                        for (size_t i = 0; i < got; i++)
                            cr_assert_eq(page[i], want[skip + i], "col %d desc %d filter %d row %zu", col, desc, f, skip + i);
                        cr_assert_eq(more, skip + got < m, "has_more at skip %zu", skip);
                    }
                }
                free(want);
            }
        }
    }
    free(page);
    free(sorted);
}

Test(index, pages_match_a_full_sort_through_inserts_updates_and_removes)
{
    srand(7);
    row *rows = calloc(N, sizeof *rows);
    row **live = malloc(N * sizeof *live);
    size_t n = 0;
    zm_table t;
    table_init(&t, &def);
    for (size_t i = 0; i < N; i++) {
        rows[i].time = rand() % 500;              /* many ties */
        snprintf(rows[i].name, sizeof rows[i].name, "%c%04d", "aBcD"[rand() % 4], rand() % 9000);
        snprintf(rows[i].id, sizeof rows[i].id, "48150%05zu", i);
        rows[i].seq = i + 1;
        rows[i].color = rand() % 3;
        table_insert(&t, &rows[i]);
        live[n++] = &rows[i];
    }
    cr_assert_eq(table_count(&t), N);
    check_against_reference(&t, live, n);

    /* Updates: new times and names move rows; unchanged keys stay. */
    for (size_t k = 0; k < N / 2; k++) {
        row *r = live[(size_t)rand() % n];
        if (rand() % 2) r->time = 1000 + rand() % 50;
        else snprintf(r->name, sizeof r->name, "z%05d", rand() % 90000);
        table_update(&t, r);
    }
    /* Removals, from anywhere. */
    for (size_t k = 0; k < N / 3; k++) {
        size_t at = (size_t)rand() % n;
        cr_assert(table_remove(&t, live[at]));
        cr_assert_not(table_contains(&t, live[at]));
        cr_assert_not(table_remove(&t, live[at]), "a second removal finds nothing");
        live[at] = live[--n];
    }
    cr_assert_eq(table_count(&t), n);
    check_against_reference(&t, live, n);

    /* Look-ups by id and by the (updated) name. */
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(table_find(&t, 0, live[i]->id), live[i]);
        row *by_name_row = table_find(&t, 1, live[i]->name);
        cr_assert(by_name_row && strcmp(by_name_row->name, live[i]->name) == 0);
    }
    cr_assert_null(table_find(&t, 0, "999"));
    cr_assert_null(table_find(&t, 0, ""));
    cr_assert_null(table_find(&t, 5, "x"), "no such unique key");

    table_free(&t);
    free(live);
    free(rows);
}

/* search_text: a row is in when its name or its id contains the text,
 * ASCII case aside -- as a plain scan in column order finds them. */
Test(index, search_finds_what_a_scan_finds_and_follows_updates)
{
    row rows[600];
    zm_table t;
    table_init(&t, &def);
    for (size_t i = 0; i < 600; i++) {
        rows[i] = (row){(int64_t)(i % 37), "", "", i + 1, 0};
        snprintf(rows[i].name, sizeof rows[i].name, "%s-%03zu", i % 3 ? "Shelf" : "BIN", i);
        snprintf(rows[i].id, sizeof rows[i].id, "77%04zu", i);
        if (i % 5 == 4) rows[i].name[0] = '\0';     /* an empty first text: the id is still searched */
        table_insert(&t, &rows[i]);
    }
    /* Renamed rows are searched by their new names. */
    for (size_t i = 0; i < 600; i += 7) {
        snprintf(rows[i].name, sizeof rows[i].name, "moved-%03zu", i);
        table_update(&t, &rows[i]);
    }
    const char *needles[] = {"bin", "SHELF-1", "-05", "770012", "770014", "moved", "nothing", "Bin-00"};
    void *page[600];
    for (size_t k = 0; k < sizeof needles / sizeof *needles; k++) {
        row *want[600];
        size_t m = 0;
        ref_column = 0;
        row *sorted[600];
        for (size_t i = 0; i < 600; i++) sorted[i] = &rows[i];
        qsort(sorted, 600, sizeof *sorted, ref_compare);
        for (size_t i = 0; i < 600; i++)
            if (strcasestr(sorted[i]->name, needles[k]) || strcasestr(sorted[i]->id, needles[k])) want[m++] = sorted[i];
        bool more;
        zm_table_query q = {0, false, needles[k], NULL, NULL, 0, 600};
        size_t got = table_page(&t, &q, page, &more);
        cr_assert_eq(got, m, "'%s': %zu rows, a scan finds %zu", needles[k], got, m);
        for (size_t i = 0; i < m; i++) cr_assert_eq(page[i], want[i], "'%s' row %zu", needles[k], i);
        cr_assert_not(more);
        cr_assert_eq(table_count_matching(&t, &q), m, "'%s': the total", needles[k]);
        if (m > 3) {
            zm_table_query first = {0, false, needles[k], NULL, NULL, 0, 3};
            cr_assert_eq(table_page(&t, &first, page, &more), 3);
            cr_assert(more, "'%s': more than the 3 shown", needles[k]);
        }
    }
    table_free(&t);
}

Test(index, unknown_column_and_empty_table)
{
    zm_table t;
    table_init(&t, &def);
    void *page[4];
    bool more = true;
    cr_assert_eq(table_column(&t, "time"), 0);
    cr_assert_eq(table_column(&t, "name"), 1);
    cr_assert_eq(table_column(&t, "nope"), -1);
    zm_table_query q = {0, true, NULL, NULL, NULL, 0, 4};
    cr_assert_eq(table_page(&t, &q, page, &more), 0);
    cr_assert_not(more);
    q.column = -1;
    cr_assert_eq(table_page(&t, &q, page, &more), 0);
    row r = {5, "x", "1", 1, 0};
    table_update(&t, &r);               /* not in the table: ignored */
    cr_assert_eq(table_count(&t), 0);
    table_insert(&t, &r);
    table_clear(&t);
    cr_assert_eq(table_count(&t), 0);
    cr_assert_null(table_find(&t, 0, "1"));
    table_insert(&t, &r);               /* usable again after clear */
    cr_assert_eq(table_find(&t, 0, "1"), &r);
    table_free(&t);
}

/* INDEX_VALUE: texts ignoring case only (equal ones in creation order),
 * then the number; table_stale_row finds a change the table was not told. */
typedef struct valued {
    const char *text;
    int64_t code;
    uint64_t seq;
} valued;

static void by_value(const void *r, zm_index_key *k)
{
    k->s = ((const valued *)r)->text;
    k->i = ((const valued *)r)->code;
}
static uint64_t valued_seq(const void *r) { return ((const valued *)r)->seq; }
static const zm_index_column value_columns[] = {{"value", INDEX_VALUE, by_value}, {NULL, 0, NULL}};
static const zm_table_def value_def = {value_columns, NULL, valued_seq, NULL};

Test(index, value_columns_ignore_case_only_and_stale_rows_are_found)
{
    valued rows[] = {
        {"beta", INT64_MIN, 1}, {"", 7, 2}, {"Alpha", INT64_MIN, 3}, {"alpha", INT64_MIN, 4},
        {"", -3, 5}, {"ALPHA", INT64_MIN, 6}, {"", INT64_MIN, 7}, {"Beta", INT64_MIN, 8},
    };
    const int want[] = {7, 5, 2, 3, 4, 6, 1, 8};         /* by seq */
    zm_table t;
    table_init(&t, &value_def);
    for (size_t i = 0; i < 8; i++) table_insert(&t, &rows[i]);
    void *page[8];
    bool more;
    zm_table_query q = {0, false, NULL, NULL, NULL, 0, 8};
    cr_assert_eq(table_page(&t, &q, page, &more), 8);
    for (size_t i = 0; i < 8; i++)
        cr_assert_eq(((valued *)page[i])->seq, (uint64_t)want[i], "place %zu: seq %llu", i,
                     (unsigned long long)((valued *)page[i])->seq);
    const char *what = NULL;
    cr_assert_null(table_stale_row(&t, &what));
    rows[3].text = "zulu";                      /* not told */
    cr_assert_eq(table_stale_row(&t, &what), &rows[3]);
    cr_assert_str_eq(what, "value");
    table_update(&t, &rows[3]);
    cr_assert_null(table_stale_row(&t, &what));
    cr_assert_eq(table_count_matching(&t, &q), 8);
    table_free(&t);
}

/* index.c -- a table of one organization's rows: ordered indexes per sort column and exact look-ups, a list page walked without sorting everything */
#include "model/index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/alloc.h"

/* A sort key as the table keeps it: the number, or an owned copy of the text. */
typedef struct ix_key {
    int64_t i;
    char *s;
} ix_key;

/* What the table knows of one row; keys[] has one entry per column,
 * followed (same allocation) by one owned string per unique key. */
typedef struct ix_record {
    void *row;
    uint64_t seq;
    char **ukeys;
    char *text;                 /* the search texts, lower case, each ended by NUL; "" after the last */
    ix_key keys[];
} ix_record;

/* Blocks of 256 pointers: an insert or a removal moves at most that many,
 * a page walk reads them in order, and finding offset k skips whole blocks. */
#define IX_CHUNK 256
typedef struct ix_chunk {
    size_t n;
    ix_record *v[IX_CHUNK];
} ix_chunk;

/* ------------------------------------------------------------ comparing */

static int compare(const zm_table *t, int col, const ix_record *a, const ix_record *b)
{
    const ix_key *x = &a->keys[col], *y = &b->keys[col];
    int c = 0;
    switch (t->def->columns[col].kind) {
    case INDEX_INT:
        c = (x->i > y->i) - (x->i < y->i);
        break;
    case INDEX_TEXT:
        c = strcmp(x->s, y->s);
        break;
    case INDEX_TEXT_NOCASE:
        c = strcasecmp(x->s, y->s);
        if (!c) c = strcmp(x->s, y->s);
        break;
    case INDEX_VALUE:
        c = strcasecmp(x->s, y->s);
        if (!c) c = (x->i > y->i) - (x->i < y->i);
        break;
    }
    if (!c) c = (a->seq > b->seq) - (a->seq < b->seq);
    if (!c) c = ((uintptr_t)a > (uintptr_t)b) - ((uintptr_t)a < (uintptr_t)b);
    return c;
}

/* ---------------------------------------------------------------- hashes */

/* which < 0: the row address; else unique key number `which`. */
static uint64_t hash_of(int which, const void *key)
{
    if (which < 0) {
        uint64_t x = (uint64_t)(uintptr_t)key;
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        return x;
    }
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = key; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static const void *key_of(int which, const ix_record *r)
{
    return which < 0 ? r->row : r->ukeys[which];
}

static bool key_equals(int which, const ix_record *r, const void *key)
{
    return which < 0 ? r->row == key : strcmp(r->ukeys[which], key) == 0;
}

static void hash_put(ix_hash *h, int which, ix_record *r);

static void hash_grow(ix_hash *h, int which)
{
    ix_hash bigger = {xcalloc(h->cap ? h->cap * 2 : 64, sizeof *bigger.slots), h->cap ? h->cap * 2 : 64, 0};
    for (size_t i = 0; i < h->cap; i++)
        if (h->slots[i]) hash_put(&bigger, which, h->slots[i]);
    free(h->slots);
    *h = bigger;
}

static void hash_put(ix_hash *h, int which, ix_record *r)
{
    if ((h->n + 1) * 4 > h->cap * 3) hash_grow(h, which);
    size_t mask = h->cap - 1, i = (size_t)hash_of(which, key_of(which, r)) & mask;
    while (h->slots[i]) i = (i + 1) & mask;
    h->slots[i] = r;
    h->n++;
}

static ix_record *hash_get(const ix_hash *h, int which, const void *key)
{
    if (!h->cap) return NULL;
    size_t mask = h->cap - 1;
    for (size_t i = (size_t)hash_of(which, key) & mask; h->slots[i]; i = (i + 1) & mask)
        if (key_equals(which, h->slots[i], key)) return h->slots[i];
    return NULL;
}

/* Removes exactly record r (which may share its key with another), then
 * shifts the following run back so that no probe stops early. */
static void hash_del(ix_hash *h, int which, const ix_record *r)
{
    if (!h->cap) return;
    size_t mask = h->cap - 1, i = (size_t)hash_of(which, key_of(which, r)) & mask;
    while (h->slots[i] && h->slots[i] != r) i = (i + 1) & mask;
    if (!h->slots[i]) return;
    h->slots[i] = NULL;
    h->n--;
    for (size_t j = (i + 1) & mask; h->slots[j]; j = (j + 1) & mask) {
        size_t home = (size_t)hash_of(which, key_of(which, h->slots[j])) & mask;
        /* Slot j may move to the hole i when i lies on its probe path. */
        if (((j - home) & mask) >= ((j - i) & mask)) {
            h->slots[i] = h->slots[j];
            h->slots[j] = NULL;
            i = j;
        }
    }
}

/* ---------------------------------------------------------------- orders */

/* The first block whose last record is not below r; o->chunks.n when none. */
static size_t chunk_for(const zm_table *t, int col, const ix_order *o, const ix_record *r)
{
    size_t lo = 0, hi = o->chunks.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const ix_chunk *c = o->chunks.v[mid];
        if (compare(t, col, c->v[c->n - 1], r) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The first place in the block whose record is not below r. */
static size_t place_in(const zm_table *t, int col, const ix_chunk *c, const ix_record *r)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (compare(t, col, c->v[mid], r) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static void order_insert(const zm_table *t, int col, ix_order *o, ix_record *r)
{
    if (!o->chunks.n) {
        ix_chunk *c = xmalloc(sizeof *c);
        c->n = 1;
        c->v[0] = r;
        VEC_PUSH(o->chunks, c);
        return;
    }
    size_t ci = chunk_for(t, col, o, r);
    if (ci == o->chunks.n) ci--;
    ix_chunk *c = o->chunks.v[ci];
    size_t at = place_in(t, col, c, r);
    if (c->n == IX_CHUNK) {
        /* Full: the upper half moves to a new block right after it. */
        ix_chunk *upper = xmalloc(sizeof *upper);
        size_t half = IX_CHUNK / 2;
        upper->n = IX_CHUNK - half;
        memcpy(upper->v, c->v + half, upper->n * sizeof *c->v);
        c->n = half;
        VEC_RESERVE1(o->chunks);
        memmove(&o->chunks.v[ci + 2], &o->chunks.v[ci + 1], (o->chunks.n - ci - 1) * sizeof *o->chunks.v);
        o->chunks.v[ci + 1] = upper;
        o->chunks.n++;
        if (at > half) {
            c = upper;
            at -= half;
        }
    }
    memmove(&c->v[at + 1], &c->v[at], (c->n - at) * sizeof *c->v);
    c->v[at] = r;
    c->n++;
}

static void order_remove(const zm_table *t, int col, ix_order *o, const ix_record *r)
{
    size_t ci = chunk_for(t, col, o, r);
    if (ci == o->chunks.n) return;
    ix_chunk *c = o->chunks.v[ci];
    size_t at = place_in(t, col, c, r);
    if (at == c->n || c->v[at] != r) return;
    memmove(&c->v[at], &c->v[at + 1], (c->n - at - 1) * sizeof *c->v);
    if (--c->n == 0) {
        free(c);
        VEC_REMOVE(o->chunks, ci);
    }
}

/* Walks an order from the k-th record (in the walk's direction). */
typedef struct ix_cursor {
    const ix_order *o;
    bool descending;
    size_t ci, at;          /* the next record: block ci, place at */
} ix_cursor;

static void cursor_start(ix_cursor *cur, const ix_order *o, bool descending, size_t k)
{
    cur->o = o;
    cur->descending = descending;
    size_t n = o->chunks.n;
    if (!descending) {
        size_t ci = 0;
        while (ci < n && k >= o->chunks.v[ci]->n) k -= o->chunks.v[ci++]->n;
        cur->ci = ci;
        cur->at = k;
        return;
    }
    /* Descending: ci counts blocks from the end, at places from a block's end. */
    size_t ci = 0;
    while (ci < n && k >= o->chunks.v[n - 1 - ci]->n) k -= o->chunks.v[n - 1 - ci++]->n;
    cur->ci = ci;
    cur->at = k;
}

/* How far ahead a walk asks for records: a filtered walk touches every
 * record, each a cache miss, and asking early lets them overlap. */
#define IX_PREFETCH 8

static ix_record *cursor_next(ix_cursor *cur)
{
    size_t n = cur->o->chunks.n;
    while (cur->ci < n) {
        const ix_chunk *c = cur->o->chunks.v[cur->descending ? n - 1 - cur->ci : cur->ci];
        if (cur->at < c->n) {
            size_t at = cur->at++;
            if (at + IX_PREFETCH < c->n)
                __builtin_prefetch(c->v[cur->descending ? c->n - 1 - at - IX_PREFETCH : at + IX_PREFETCH]);
            return c->v[cur->descending ? c->n - 1 - at : at];
        }
        cur->ci++;
        cur->at = 0;
    }
    return NULL;
}

/* --------------------------------------------------------------- records */

static void read_key(const zm_table *t, int col, const void *row, ix_key *out)
{
    zm_index_key k = {0, NULL};
    t->def->columns[col].key(row, &k);
    out->i = k.i;
    out->s = t->def->columns[col].kind == INDEX_INT ? NULL : xstrdup(k.s ? k.s : "");
}

static bool key_same(const zm_table *t, int col, const ix_key *a, const ix_key *b)
{
    if (t->def->columns[col].kind == INDEX_INT) return a->i == b->i;
    return a->i == b->i && strcmp(a->s, b->s) == 0;
}

static char *read_unique(const zm_table *t, size_t u, const void *row)
{
    const char *k = t->def->uniques[u].key(row);
    return xstrdup(k ? k : "");
}

/* The row's texts, lower-cased, as "a\0b\0\0" (*size bytes) into room
 * (when it fits) or a new allocation; NULL without def->texts. */
static char *read_texts_into(const zm_table *t, const void *row, char *room, size_t room_size, size_t *size)
{
    *size = 0;
    if (!t->def->texts) return NULL;
    const char *texts[INDEX_MAX_TEXTS];
    size_t n = t->def->texts(row, texts), total = 1;
    if (n > INDEX_MAX_TEXTS) n = INDEX_MAX_TEXTS;
    /* Empty texts are left out: "" ends the list, and finds nothing. */
    for (size_t i = 0; i < n; i++) total += texts[i] && *texts[i] ? strlen(texts[i]) + 1 : 0;
    *size = total;
    if (!room || total > room_size) {
        if (room) return NULL;      /* the caller allocates room and asks again */
        room = xmalloc(total);
    }
    char *out = room, *p = out;
    for (size_t i = 0; i < n; i++) {
        if (!texts[i] || !*texts[i]) continue;
        for (const char *s = texts[i]; *s; s++)
            *p++ = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
        *p++ = '\0';
    }
    *p = '\0';
    return out;
}

static char *read_texts(const zm_table *t, const void *row)
{
    size_t size;
    return read_texts_into(t, row, NULL, 0, &size);
}

static bool texts_same(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    for (;;) {
        if (strcmp(a, b) != 0) return false;
        if (!*a) return true;
        a += strlen(a) + 1;
        b += strlen(b) + 1;
    }
}

/* needle is lower case and not empty. One pass over the texts (short:
 * numbers, names), comparing only where the first letter matches: a
 * filtered walk calls this for every row, where strstr's set-up per call
 * cost more than the search. */
static bool texts_contain(const char *p, const char *needle, size_t len)
{
    if (!p) return false;
    while (*p) {
        for (; *p; p++)
            if (*p == needle[0] && strncmp(p, needle, len) == 0) return true;
        p++;                    /* the next text */
    }
    return false;
}

/* Where a record's own copy of its texts sits: right after it, in the
 * same allocation, so that a search reads one place per row. */
static char *inline_texts(const zm_table *t, const ix_record *r)
{
    return (char *)(void *)&r->ukeys[t->nuniques];
}

static ix_record *record_new(const zm_table *t, void *row)
{
    size_t head = sizeof(ix_record) + t->ncolumns * sizeof(ix_key) + t->nuniques * sizeof(char *), texts = 0;
    read_texts_into(t, row, (char *)"", 0, &texts);     /* measures only */
    ix_record *r = xmalloc(head + texts);
    r->row = row;
    r->seq = t->def->seq(row);
    r->ukeys = (char **)(void *)&r->keys[t->ncolumns];
    for (size_t c = 0; c < t->ncolumns; c++) read_key(t, (int)c, row, &r->keys[c]);
    for (size_t u = 0; u < t->nuniques; u++) r->ukeys[u] = read_unique(t, u, row);
    r->text = t->def->texts ? read_texts_into(t, row, inline_texts(t, r), texts, &texts) : NULL;
    return r;
}

static void texts_free(const zm_table *t, ix_record *r)
{
    if (r->text != inline_texts(t, r)) free(r->text);
}

static void record_free(const zm_table *t, ix_record *r)
{
    for (size_t c = 0; c < t->ncolumns; c++) free(r->keys[c].s);
    for (size_t u = 0; u < t->nuniques; u++) free(r->ukeys[u]);
    texts_free(t, r);
    free(r);
}

/* ----------------------------------------------------------------- table */

void table_init(zm_table *t, const zm_table_def *def)
{
    memset(t, 0, sizeof *t);
    t->def = def;
    while (def->columns[t->ncolumns].name) t->ncolumns++;
    while (def->uniques && def->uniques[t->nuniques].name) t->nuniques++;
    t->orders = xcalloc(t->ncolumns, sizeof *t->orders);
    t->by_unique = xcalloc(t->nuniques ? t->nuniques : 1, sizeof *t->by_unique);
}

zm_table *table_ensure(zm_table *t, const zm_table_def *def)
{
    if (!t->def) table_init(t, def);
    return t;
}

void table_clear(zm_table *t)
{
    if (!t->def) return;
    for (size_t i = 0; i < t->by_row.cap; i++)
        if (t->by_row.slots[i]) record_free(t, t->by_row.slots[i]);
    free(t->by_row.slots);
    memset(&t->by_row, 0, sizeof t->by_row);
    for (size_t c = 0; c < t->ncolumns; c++) {
        for (size_t k = 0; k < t->orders[c].chunks.n; k++) free(t->orders[c].chunks.v[k]);
        VEC_FREE(t->orders[c].chunks);
    }
    for (size_t u = 0; u < t->nuniques; u++) {
        free(t->by_unique[u].slots);
        memset(&t->by_unique[u], 0, sizeof t->by_unique[u]);
    }
    t->count = 0;
}

void table_free(zm_table *t)
{
    table_clear(t);
    free(t->orders);
    free(t->by_unique);
    memset(t, 0, sizeof *t);
}

void table_insert(zm_table *t, void *row)
{
    ix_record *r = record_new(t, row);
    hash_put(&t->by_row, -1, r);
    for (size_t c = 0; c < t->ncolumns; c++) order_insert(t, (int)c, &t->orders[c], r);
    for (size_t u = 0; u < t->nuniques; u++)
        if (r->ukeys[u][0]) hash_put(&t->by_unique[u], (int)u, r);
    t->count++;
}

void table_update(zm_table *t, void *row)
{
    ix_record *r = hash_get(&t->by_row, -1, row);
    if (!r) return;
    for (size_t c = 0; c < t->ncolumns; c++) {
        ix_key fresh;
        read_key(t, (int)c, row, &fresh);
        if (key_same(t, (int)c, &fresh, &r->keys[c])) {
            free(fresh.s);
            continue;
        }
        order_remove(t, (int)c, &t->orders[c], r);
        free(r->keys[c].s);
        r->keys[c] = fresh;
        order_insert(t, (int)c, &t->orders[c], r);
    }
    for (size_t u = 0; u < t->nuniques; u++) {
        char *fresh = read_unique(t, u, row);
        if (strcmp(fresh, r->ukeys[u]) == 0) {
            free(fresh);
            continue;
        }
        if (r->ukeys[u][0]) hash_del(&t->by_unique[u], (int)u, r);
        free(r->ukeys[u]);
        r->ukeys[u] = fresh;
        if (fresh[0]) hash_put(&t->by_unique[u], (int)u, r);
    }
    char *text = read_texts(t, row);
    if (texts_same(text, r->text)) {
        free(text);
    } else {
        texts_free(t, r);
        r->text = text;
    }
}

bool table_remove(zm_table *t, void *row)
{
    ix_record *r = hash_get(&t->by_row, -1, row);
    if (!r) return false;
    for (size_t c = 0; c < t->ncolumns; c++) order_remove(t, (int)c, &t->orders[c], r);
    for (size_t u = 0; u < t->nuniques; u++)
        if (r->ukeys[u][0]) hash_del(&t->by_unique[u], (int)u, r);
    hash_del(&t->by_row, -1, r);
    record_free(t, r);
    t->count--;
    return true;
}

size_t table_count(const zm_table *t) { return t->count; }

bool table_contains(const zm_table *t, const void *row)
{
    return hash_get(&t->by_row, -1, row) != NULL;
}

void *table_find(const zm_table *t, size_t unique, const char *key)
{
    if (unique >= t->nuniques || !key || !*key) return NULL;
    ix_record *r = hash_get(&t->by_unique[unique], (int)unique, key);
    return r ? r->row : NULL;
}

int table_column(const zm_table *t, const char *name)
{
    for (size_t c = 0; name && c < t->ncolumns; c++)
        if (strcmp(t->def->columns[c].name, name) == 0) return (int)c;
    return -1;
}

/* q's search text lower-cased into needle (room for 256); its length, 0 when none. */
static size_t search_needle(const zm_table_query *q, char *needle)
{
    size_t len = 0;
    for (const char *s = q->search; s && *s && len + 1 < 256; s++)
        needle[len++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
    needle[len] = '\0';
    return len;
}

size_t table_page(const zm_table *t, const zm_table_query *q, void **out, bool *has_more)
{
    *has_more = false;
    int column = q->column;
    bool descending = q->descending;
    zm_table_match match = q->match;
    size_t skip = q->skip, limit = q->limit;
    if (column < 0 || (size_t)column >= t->ncolumns) return 0;
    ix_cursor cur;
    size_t written = 0;
    char needle[256];
    size_t needle_len = search_needle(q, needle);
    bool search = needle_len > 0;
    if (!match && !search) {
        /* Every row counts: start right at the page. */
        if (skip >= t->count) return 0;
        cursor_start(&cur, &t->orders[column], descending, skip);
        ix_record *r;
        while (written < limit && (r = cursor_next(&cur))) out[written++] = r->row;
        *has_more = skip + written < t->count;
        return written;
    }
    cursor_start(&cur, &t->orders[column], descending, 0);
    size_t seen = 0;
    ix_record *r;
    while ((r = cursor_next(&cur))) {
        if (search && !texts_contain(r->text, needle, needle_len)) continue;
        if (match && !match(r->row, q->ctx)) continue;
        if (seen >= skip + limit) {
            *has_more = true;
            break;
        }
        if (seen >= skip) out[written++] = r->row;
        seen++;
    }
    return written;
}

size_t table_count_matching(const zm_table *t, const zm_table_query *q)
{
    char needle[256];
    size_t needle_len = search_needle(q, needle);
    if (!needle_len && !q->match) return t->count;
    size_t n = 0;
    for (size_t i = 0; i < t->by_row.cap; i++) {
        const ix_record *r = t->by_row.slots[i];
        if (!r || (needle_len && !texts_contain(r->text, needle, needle_len))) continue;
        if (!q->match || q->match(r->row, q->ctx)) n++;
    }
    return n;
}

void table_each(const zm_table *t, int column, bool descending, bool (*fn)(void *row, void *ctx), void *ctx)
{
    if (column < 0 || (size_t)column >= t->ncolumns) return;
    ix_cursor cur;
    cursor_start(&cur, &t->orders[column], descending, 0);
    ix_record *r;
    while ((r = cursor_next(&cur)))
        if (!fn(r->row, ctx)) return;
}

const void *table_stale_row(const zm_table *t, const char **what)
{
    for (size_t i = 0; t->def && i < t->by_row.cap; i++) {
        const ix_record *r = t->by_row.slots[i];
        if (!r) continue;
        for (size_t c = 0; c < t->ncolumns; c++) {
            ix_key fresh;
            read_key(t, (int)c, r->row, &fresh);
            bool same = key_same(t, (int)c, &fresh, &r->keys[c]);
            free(fresh.s);
            if (!same) {
                *what = t->def->columns[c].name;
                return r->row;
            }
        }
        for (size_t u = 0; u < t->nuniques; u++) {
            char *fresh = read_unique(t, u, r->row);
            bool same = strcmp(fresh, r->ukeys[u]) == 0;
            free(fresh);
            if (!same) {
                *what = t->def->uniques[u].name;
                return r->row;
            }
        }
        char *text = read_texts(t, r->row);
        bool same = texts_same(text, r->text);
        free(text);
        if (!same) {
            *what = "search texts";
            return r->row;
        }
    }
    return NULL;
}

size_t table_memory(const zm_table *t)
{
    if (!t->def) return 0;
    size_t bytes = t->by_row.cap * sizeof(void *);
    for (size_t i = 0; i < t->by_row.cap; i++) {
        const ix_record *r = t->by_row.slots[i];
        if (!r) continue;
        bytes += sizeof *r + t->ncolumns * sizeof(ix_key) + t->nuniques * sizeof(char *);
        for (size_t c = 0; c < t->ncolumns; c++) bytes += r->keys[c].s ? strlen(r->keys[c].s) + 1 : 0;
        for (size_t u = 0; u < t->nuniques; u++) bytes += strlen(r->ukeys[u]) + 1;
        for (const char *s = r->text; s && *s; s += strlen(s) + 1) bytes += strlen(s) + 1;
        bytes += r->text ? 1 : 0;
    }
    for (size_t c = 0; c < t->ncolumns; c++) bytes += t->orders[c].chunks.n * sizeof(ix_chunk);
    for (size_t u = 0; u < t->nuniques; u++) bytes += t->by_unique[u].cap * sizeof(void *);
    return bytes;
}

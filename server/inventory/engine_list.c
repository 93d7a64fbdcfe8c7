/* engine_list.c -- every module's list: page, per_page, sort, filter_by, search_text and each documented filter */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/doc_print.h"
#include "inventory/engine_impl.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/listing.h"
#include "zoho/schema.h"

/* How it works. The documented query parameters of the list operation
 * decide what is accepted: sort_column and filter_by must be among the
 * documented values (when the document lists them), and every other
 * documented parameter filters. A parameter named after a field compares
 * that field; <field>_startswith, _contains, _less_than, _less_equals,
 * _greater_than, _greater_equals, _start, _end, _before and _after compare
 * it the way their names say; date_start/date_end (also date.start ...)
 * bound the record's date; filter_by "Status.Draft" keeps that status
 * ("Status.All" everything; "ItemType.Inventory" compares item_type). What
 * a module knows better it answers in its filter hook. The page is then
 * walked in the collection's table (engine_index.c) in the sort column's
 * order, testing the filters row by row until the page is full; a column
 * the table does not keep is sorted whole (ties by creation order) and
 * the page cut: the same rows either way. */

typedef struct list_filter {
    char name[64];
    char value[256];
} list_filter;

typedef struct list_query {
    int page, per_page;
    char sort_column[64];
    bool descending;
    char filter_by[64];
    char search[256];
    bool with_total;
    VEC(list_filter) filters;
} list_query;

static const char *const not_filters[] = {
    "page", "per_page", "sort_column", "sort_order", "filter_by", "search_text", "response_option",
    "organization_id", "print", "accept", "customview_id", "usestate", "JSONString", NULL,
};

static bool is_reserved(const char *name)
{
    for (size_t i = 0; not_filters[i]; i++)
        if (!strcmp(not_filters[i], name)) return true;
    return false;
}

static bool enum_allows(const cJSON *param, const char *value)
{
    const cJSON *e = json_get(param, "enum"), *v;
    if (!cJSON_IsArray(e)) return true;
    cJSON_ArrayForEach(v, e)
        if (cJSON_IsString(v) && !strcmp(v->valuestring, value)) return true;
    return false;
}

static bool positive(zm_ctx *x, const char *name, int *out)
{
    char buf[32];
    int n = request_query(x->req, name, buf, sizeof buf);
    if (n == -1) return true;
    char *end = NULL;
    long v = n > 0 ? strtol(buf, &end, 10) : 0;
    if (n <= 0 || *end || v < 1 || v > 1000000000L) {
        reply_error(x->rep, ZE_INVALID_PARAM, name);
        return false;
    }
    *out = (int)v;
    return true;
}

static bool parse_query(zm_ctx *x, list_query *q)
{
    memset(q, 0, sizeof *q);
    q->page = 1;
    q->per_page = LIST_MAX_PER_PAGE;
    q->descending = !x->mod->ascending;
    snprintf(q->sort_column, sizeof q->sort_column, "%s", x->mod->default_sort ? x->mod->default_sort : "");
    if (!positive(x, "page", &q->page) || !positive(x, "per_page", &q->per_page)) return false;
    if (q->per_page > LIST_MAX_PER_PAGE) q->per_page = LIST_MAX_PER_PAGE;
    if (x->req->page_size_cap > 0 && q->per_page > x->req->page_size_cap) q->per_page = x->req->page_size_cap;
    char buf[256];
    int n = request_query(x->req, "sort_column", buf, sizeof buf);
    if (n != -1) {
        const cJSON *p = spec_query_param(x->op, "sort_column");
        const cJSON *row = x->mod->row_schema ? x->mod->row_schema : x->mod->record_schema;
        bool ok = n > 0 && (p ? enum_allows(p, buf) : spec_property(row, buf) != NULL);
        if (!ok || strlen(buf) >= sizeof q->sort_column) {
            reply_error(x->rep, ZE_INVALID_PARAM, "sort_column");
            return false;
        }
        snprintf(q->sort_column, sizeof q->sort_column, "%s", buf);
    }
    n = request_query(x->req, "sort_order", buf, sizeof buf);
    if (n != -1) {
        if (n != 1 || (buf[0] != 'A' && buf[0] != 'D')) {
            reply_error(x->rep, ZE_INVALID_PARAM, "sort_order");
            return false;
        }
        q->descending = buf[0] == 'D';
    }
    n = request_query(x->req, "filter_by", buf, sizeof buf);
    if (n != -1) {
        const cJSON *p = spec_query_param(x->op, "filter_by");
        if (n <= 0 || n >= (int)sizeof q->filter_by || (p && !enum_allows(p, buf))) {
            reply_error(x->rep, ZE_INVALID_PARAM, "filter_by");
            return false;
        }
        snprintf(q->filter_by, sizeof q->filter_by, "%s", buf);
    }
    n = request_query(x->req, "search_text", q->search, sizeof q->search);
    if (n == -2) {
        reply_error(x->rep, ZE_INVALID_PARAM, "search_text");
        return false;
    }
    if (n < 0) q->search[0] = '\0';
    n = request_query(x->req, "response_option", buf, sizeof buf);
    q->with_total = n > 0 && atoi(buf) == 2;
    /* Every other documented parameter filters. */
    const cJSON *p;
    cJSON_ArrayForEach(p, x->op->query) {
        const char *name = json_get(p, "name") ? json_get(p, "name")->valuestring : NULL;
        if (!name || is_reserved(name) || strlen(name) >= 64) continue;
        list_filter f;
        snprintf(f.name, sizeof f.name, "%s", name);
        n = request_query(x->req, name, f.value, sizeof f.value);
        if (n == -2 || (n > 0 && !enum_allows(p, f.value))) {
            reply_error(x->rep, ZE_INVALID_PARAM, name);
            return false;
        }
        if (n > 0) VEC_PUSH(q->filters, f);
        /* Documented spellings of the same filter ("date.start"). */
        const cJSON *v;
        cJSON_ArrayForEach(v, json_get(p, "variants")) {
            if (!cJSON_IsString(v) || strlen(v->valuestring) >= 64) continue;
            snprintf(f.name, sizeof f.name, "%s", v->valuestring);
            n = request_query(x->req, v->valuestring, f.value, sizeof f.value);
            if (n > 0) VEC_PUSH(q->filters, f);
        }
    }
    return true;
}

/* ------------------------------------------------------------- matching */

/* "PendingApproval" -> "pending_approval", "ItemType" -> "item_type". */
static void snake(const char *in, char *out, size_t size)
{
    size_t k = 0;
    for (size_t i = 0; in[i] && k + 2 < size; i++) {
        unsigned char ch = (unsigned char)in[i];
        if (isupper(ch) && i > 0 && k > 0 && out[k - 1] != '_') out[k++] = '_';
        out[k++] = (char)tolower(ch);
    }
    out[k] = '\0';
}

static const cJSON *field(const cJSON *rec, const char *name)
{
    return json_get(rec, name);
}

static int compare_values(const cJSON *v, const char *want)
{
    if (cJSON_IsNumber(v)) {
        double w = strtod(want, NULL);
        return (v->valuedouble > w) - (v->valuedouble < w);
    }
    if (cJSON_IsBool(v)) return strcasecmp(cJSON_IsTrue(v) ? "true" : "false", want);
    if (cJSON_IsString(v)) return strcasecmp(v->valuestring, want);
    return 1;
}

static bool ends_with(const char *s, const char *tail, size_t *stem)
{
    size_t n = strlen(s), t = strlen(tail);
    if (n <= t || strcmp(s + n - t, tail) != 0) return false;
    *stem = n - t;
    return true;
}

/* One documented filter against a record: true keeps it. */
static bool filter_keeps(zm_ctx *x, const zm_doc *d, const list_filter *f)
{
    if (x->mod->filter) {
        int r = x->mod->filter(x, d, f->name, f->value);
        if (r >= 0) return r == 1;
    }
    static const struct { const char *suffix; int op; } ops[] = {
        {"_startswith", 1}, {"_contains", 2}, {"_less_than", 3}, {"_less_equals", 4},
        {"_greater_than", 5}, {"_greater_equals", 6}, {"_start", 6}, {"_after", 5},
        {"_end", 4}, {"_before", 3}, {".start", 6}, {".end", 4}, {".before", 3}, {".after", 5},
    };
    char name[64];
    snprintf(name, sizeof name, "%s", f->name);
    int op = 0;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0] && !op; i++) {
        size_t stem;
        if (ends_with(name, ops[i].suffix, &stem)) {
            name[stem] = '\0';
            op = ops[i].op;
        }
    }
    const cJSON *v = field(d->json, name);
    if (!v && !strcmp(name, "last_modified_time")) v = field(d->json, name);
    if (!v) {
        /* date_start on a record that has "date": the record's date. */
        if (!strcmp(name, "date") || !strncmp(name, "date", 4)) v = field(d->json, "date");
    }
    if (!v) return false;
    if (!op && !strcmp(name, "last_modified_time")) op = 6;   /* modified since */
    const char *s = cJSON_IsString(v) ? v->valuestring : "";
    switch (op) {
    case 1: return strncasecmp(s, f->value, strlen(f->value)) == 0;
    case 2: return strcasestr(s, f->value) != NULL;
    case 3: return compare_values(v, f->value) < 0;
    case 4: return compare_values(v, f->value) <= 0;
    case 5: return compare_values(v, f->value) > 0;
    case 6: return compare_values(v, f->value) >= 0;
    default: return compare_values(v, f->value) == 0;
    }
}

static bool filter_by_keeps(zm_ctx *x, const zm_doc *d, const char *filter_by)
{
    if (!*filter_by) return true;
    if (x->mod->filter) {
        int r = x->mod->filter(x, d, "filter_by", filter_by);
        if (r >= 0) return r == 1;
    }
    const char *dot = strchr(filter_by, '.');
    if (!dot) return true;
    if (!strcasecmp(dot + 1, "All")) return true;
    char prefix[64], fieldname[64], value[128];
    snprintf(prefix, sizeof prefix, "%.*s", (int)(dot - filter_by), filter_by);
    snake(prefix, fieldname, sizeof fieldname);
    snake(dot + 1, value, sizeof value);
    const cJSON *v = field(d->json, fieldname);
    if (!v) return true;            /* a view the record has no field for */
    return compare_values(v, value) == 0;
}

static bool search_keeps(zm_ctx *x, const zm_doc *d, const char *search)
{
    if (!*search) return true;
    for (size_t i = 0; i < 8 && x->mod->search_fields[i]; i++) {
        const cJSON *v = field(d->json, x->mod->search_fields[i]);
        if (cJSON_IsString(v) && strcasestr(v->valuestring, search)) return true;
    }
    if (x->mod->number_field && strcasestr(rec_str(d->json, x->mod->number_field), search)) return true;
    return false;
}

/* ----------------------------------------------------------------- sort */

/* A record and its value of the sort column, looked up once before sorting. */
typedef struct keyed_doc {
    zm_doc *doc;
    const cJSON *value;
} keyed_doc;

/* Two numbers by value, anything else by strcasecmp of its text ("" when
 * not a string); ties in creation order. */
static int by_value(const void *a, const void *b)
{
    const keyed_doc *ka = a, *kb = b;
    const cJSON *va = ka->value, *vb = kb->value;
    int c;
    if (cJSON_IsNumber(va) && cJSON_IsNumber(vb))
        c = (va->valuedouble > vb->valuedouble) - (va->valuedouble < vb->valuedouble);
    else
        c = strcasecmp(cJSON_IsString(va) ? va->valuestring : "", cJSON_IsString(vb) ? vb->valuestring : "");
    return c ? c : (ka->doc->seq > kb->doc->seq) - (ka->doc->seq < kb->doc->seq);
}

static void sort_by_field(zm_doc **docs, size_t n, const char *field)
{
    keyed_doc *keyed = xmalloc(n * sizeof *keyed);
    for (size_t i = 0; i < n; i++) keyed[i] = (keyed_doc){docs[i], *field ? json_get(docs[i]->json, field) : NULL};
    qsort(keyed, n, sizeof *keyed, by_value);
    for (size_t i = 0; i < n; i++) docs[i] = keyed[i].doc;
    free(keyed);
}

/* Sorting by a column the records do not hold but the module prints (an
 * item's stock_on_hand): each row's printed value is its key; the printed
 * rows live while sorting. */
static void sort_by_printed(zm_ctx *x, zm_doc **docs, size_t n, const char *column)
{
    keyed_doc *keyed = xmalloc(n * sizeof *keyed);
    cJSON **printed = xmalloc(n * sizeof *printed);
    for (size_t i = 0; i < n; i++) {
        printed[i] = engine_print(x, docs[i], NULL);
        keyed[i] = (keyed_doc){docs[i], json_get(printed[i], column)};
    }
    qsort(keyed, n, sizeof *keyed, by_value);
    for (size_t i = 0; i < n; i++) {
        docs[i] = keyed[i].doc;
        cJSON_Delete(printed[i]);
    }
    free(printed);
    free(keyed);
}

/* ----------------------------------------------------------------- page */

/* The records of one page, in order, and what page_context says of them. */
typedef struct list_page {
    VEC(zm_doc *) rows;
    bool has_more;
    size_t total;               /* every record that passes (with_total only) */
} list_page;

static bool full_sort_only;

void engine_list_full_sort(bool on)
{
    full_sort_only = on;
}

/* The filters other than search_text (the table's own). */
typedef struct row_filter {
    zm_ctx *x;
    const list_query *q;
} row_filter;

static bool row_passes(const void *row, const void *ctx)
{
    const row_filter *f = ctx;
    const zm_doc *d = row;
    if (!filter_by_keeps(f->x, d, f->q->filter_by)) return false;
    for (size_t k = 0; k < f->q->filters.n; k++)
        if (!filter_keeps(f->x, d, &f->q->filters.v[k])) return false;
    return true;
}

/* The page walked in the collection's table: O(page) unfiltered, else
 * until the page and one more match are found. false when the table does
 * not keep the sort column (or it is a live figure the module prints). */
static bool walk_page(zm_ctx *x, const list_query *q, list_page *p)
{
    zm_table *t = full_sort_only ? NULL : docs_table(x->coll);
    int column = t ? table_column(t, q->sort_column) : -1;
    if (column < 0) return false;
    bool live = x->mod->print && *q->sort_column && x->coll->docs.n &&
                !json_get(x->coll->docs.v[0]->json, q->sort_column);
    if (live) return false;
    row_filter f = {x, q};
    bool filtered = *q->filter_by || q->filters.n;
    zm_table_query tq = {column, q->descending, q->search, filtered ? row_passes : NULL, &f,
                         (size_t)(q->page - 1) * (size_t)q->per_page, (size_t)q->per_page};
    void **rows = xmalloc((tq.limit ? tq.limit : 1) * sizeof *rows);
    size_t n = table_page(t, &tq, rows, &p->has_more);
    for (size_t i = 0; i < n; i++) VEC_PUSH(p->rows, (zm_doc *)rows[i]);
    free(rows);
    if (q->with_total) p->total = table_count_matching(t, &tq);
    return true;
}

/* Every record filtered and sorted, then the page cut: the way for
 * columns the table does not keep and for live figures. */
static void sort_page(zm_ctx *x, const list_query *q, list_page *p)
{
    VEC(zm_doc *) rows = {0};
    for (size_t i = 0; i < x->coll->docs.n; i++) {
        zm_doc *d = x->coll->docs.v[i];
        bool keep = filter_by_keeps(x, d, q->filter_by) && search_keeps(x, d, q->search);
        for (size_t k = 0; keep && k < q->filters.n; k++) keep = filter_keeps(x, d, &q->filters.v[k]);
        if (keep) VEC_PUSH(rows, d);
    }
    const char *column = q->sort_column;
    bool live_column = x->mod->print && *column && rows.n && !json_get(rows.v[0]->json, column);
    if (rows.n > 1 && live_column) sort_by_printed(x, rows.v, rows.n, column);
    else if (rows.n > 1) sort_by_field(rows.v, rows.n, column);
    if (q->descending)
        for (size_t a = 0, b = rows.n ? rows.n - 1 : 0; a < b; a++, b--) {
            zm_doc *t = rows.v[a];
            rows.v[a] = rows.v[b];
            rows.v[b] = t;
        }
    size_t first = (size_t)(q->page - 1) * (size_t)q->per_page;
    if (first > rows.n) first = rows.n;
    size_t last = first + (size_t)q->per_page;
    if (last > rows.n) last = rows.n;
    for (size_t i = first; i < last; i++) VEC_PUSH(p->rows, rows.v[i]);
    p->has_more = last < rows.n;
    p->total = rows.n;
    VEC_FREE(rows);
}

/* --------------------------------------------------------------- answer */

static const char *list_key(const zm_ctx *x)
{
    return x->op->response_key ? x->op->response_key : x->mod->name;
}

void engine_list(zm_ctx *x)
{
    list_query q;
    if (!parse_query(x, &q)) {
        VEC_FREE(q.filters);
        return;
    }
    list_page p = {0};
    if (!walk_page(x, &q, &p)) sort_page(x, &q, &p);

    /* ?print=true where the document declares it: the page's records as one PDF. */
    doc_format format = doc_print_wanted(x);
    if (format != DOC_JSON) {
        if (format != DOC_REFUSED) doc_print_answer(x, (const zm_doc *const *)p.rows.v, p.rows.n, format);
        VEC_FREE(p.rows);
        VEC_FREE(q.filters);
        return;
    }

    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    /* Printed row by row (each tree freed at once), the array as text. */
    zm_json_buf rows = {NULL, 0, 0};
    json_buf_append_text(&rows, "[", 1);
    zm_row_plan *plan = engine_row_plan_new(x);
    for (size_t i = 0; i < p.rows.n; i++) {
        if (i) json_buf_append_text(&rows, ",", 1);
        engine_append_row(x, p.rows.v[i], !full_sort_only && x->coll->table.def, plan, &rows);
    }
    engine_row_plan_free(plan);
    json_buf_append_text(&rows, "]", 1);
    cJSON_AddItemToObject(body, list_key(x), json_buf_to_raw(&rows));
    cJSON *pc = cJSON_AddObjectToObject(body, "page_context");
    cJSON_AddNumberToObject(pc, "page", q.page);
    cJSON_AddNumberToObject(pc, "per_page", q.per_page);
    cJSON_AddBoolToObject(pc, "has_more_page", p.has_more);
    cJSON_AddStringToObject(pc, "report_name", x->mod->report_name ? x->mod->report_name : x->mod->label);
    cJSON_AddStringToObject(pc, "applied_filter", *q.filter_by ? q.filter_by : "Status.All");
    cJSON_AddStringToObject(pc, "sort_column", q.sort_column);
    cJSON_AddStringToObject(pc, "sort_order", q.descending ? "D" : "A");
    if (*q.search) cJSON_AddStringToObject(pc, "search_text", q.search);
    if (q.with_total) {
        cJSON_AddNumberToObject(pc, "total", (double)p.total);
        cJSON_AddNumberToObject(pc, "total_pages", p.total ? ceil((double)p.total / q.per_page) : 0);
    }
    const cJSON *pc_schema = spec_property(x->op->response, "page_context");
    if (pc_schema) cJSON_ReplaceItemInObjectCaseSensitive(body, "page_context", schema_conform(pc, pc_schema));
    VEC_FREE(p.rows);
    VEC_FREE(q.filters);
}

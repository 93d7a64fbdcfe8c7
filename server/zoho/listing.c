/* listing.c -- Zoho's list conventions: page, per_page, sort_column, sort_order, filter_by, page_context */
#include "zoho/listing.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* A positive integer query parameter; absent leaves *out. */
static bool positive_int(const zm_request *req, zm_reply *rep, const char *name, int *out)
{
    char buf[32];
    int n = request_query(req, name, buf, sizeof buf);
    if (n == -1) return true;
    char *end = NULL;
    long v = n > 0 ? strtol(buf, &end, 10) : 0;
    if (n <= 0 || *end || v < 1 || v > 1000000000L) {
        reply_error(rep, ZE_INVALID_PARAM, name);
        return false;
    }
    *out = (int)v;
    return true;
}

/* Matches a query value against a NULL-terminated table; returns the
 * table's string (so callers can compare pointers or strcmp). */
static const char *one_of(const char *const *table, const char *value)
{
    for (size_t i = 0; table && table[i]; i++)
        if (strcmp(table[i], value) == 0) return table[i];
    return NULL;
}

bool list_parse(const zm_request *req, zm_reply *rep, const zm_list_spec *spec,
                zm_list_params *out)
{
    memset(out, 0, sizeof *out);
    out->page = 1;
    out->per_page = LIST_MAX_PER_PAGE;
    out->sort_column = spec->default_sort;
    out->descending = true;
    out->filter_by = spec->default_filter;

    if (!positive_int(req, rep, "page", &out->page)) return false;
    if (!positive_int(req, rep, "per_page", &out->per_page)) return false;
    /* Zoho answers per_page above 200 with 200 rows, not an error. */
    if (out->per_page > LIST_MAX_PER_PAGE) out->per_page = LIST_MAX_PER_PAGE;
    /* A scenario's zoho.page_size makes clients follow has_more_page. */
    if (req->page_size_cap > 0 && out->per_page > req->page_size_cap) out->per_page = req->page_size_cap;

    char buf[256];
    int n = request_query(req, "sort_column", buf, sizeof buf);
    if (n != -1) {
        const char *col = n > 0 ? one_of(spec->sort_columns, buf) : NULL;
        if (!col) {
            reply_error(rep, ZE_INVALID_PARAM, "sort_column");
            return false;
        }
        out->sort_column = col;
    }
    n = request_query(req, "sort_order", buf, sizeof buf);
    if (n != -1) {
        if (n == 1 && (buf[0] == 'A' || buf[0] == 'D')) out->descending = buf[0] == 'D';
        else {
            reply_error(rep, ZE_INVALID_PARAM, "sort_order");
            return false;
        }
    }
    n = request_query(req, "filter_by", buf, sizeof buf);
    if (n != -1) {
        const char *f = n > 0 ? one_of(spec->filters, buf) : NULL;
        if (!f) {
            reply_error(rep, ZE_INVALID_PARAM, "filter_by");
            return false;
        }
        out->filter_by = f;
    }
    n = request_query(req, "search_text", out->search_text, sizeof out->search_text);
    if (n == -2) {
        reply_error(rep, ZE_INVALID_PARAM, "search_text");
        return false;
    }
    if (n < 0) out->search_text[0] = '\0';
    return true;
}

void list_window(const zm_list_params *p, size_t total, size_t *first, size_t *last,
                 bool *has_more)
{
    size_t start = (size_t)(p->page - 1) * (size_t)p->per_page;
    if (start > total) start = total;
    size_t end = start + (size_t)p->per_page;
    if (end > total) end = total;
    *first = start;
    *last = end;
    *has_more = end < total;
}

void list_add_rows(cJSON *obj, const char *name, void *const *rows, size_t n,
                   cJSON *(*to_json)(const zm_org *org, const void *row), const zm_org *org)
{
    zm_json_buf b = {NULL, 0, 0};
    json_buf_append_text(&b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        cJSON *row = to_json(org, rows[i]);
        if (i) json_buf_append_text(&b, ",", 1);
        json_buf_append(&b, row);
        cJSON_Delete(row);
    }
    json_buf_append_text(&b, "]", 1);
    cJSON_AddItemToObject(obj, name, json_buf_to_raw(&b));
}

void list_add_page_context(cJSON *obj, const zm_list_params *p, bool has_more)
{
    cJSON *pc = cJSON_AddObjectToObject(obj, "page_context");
    cJSON_AddNumberToObject(pc, "page", p->page);
    cJSON_AddNumberToObject(pc, "per_page", p->per_page);
    cJSON_AddBoolToObject(pc, "has_more_page", has_more);
    cJSON_AddStringToObject(pc, "sort_column", p->sort_column ? p->sort_column : "");
    cJSON_AddStringToObject(pc, "sort_order", p->descending ? "D" : "A");
    cJSON_AddStringToObject(pc, "applied_filter", p->filter_by ? p->filter_by : "");
    if (p->search_text[0]) cJSON_AddStringToObject(pc, "search_text", p->search_text);
}

void list_sort(void **rows, size_t n, int (*ascending)(const void *, const void *), bool descending)
{
    size_t i = 1;
    while (i < n && ascending(&rows[i - 1], &rows[i]) <= 0) i++;
    if (i < n) qsort(rows, n, sizeof *rows, ascending);
    if (descending) {
        for (size_t a = 0, b = n ? n - 1 : 0; a < b; a++, b--) {
            void *t = rows[a];
            rows[a] = rows[b];
            rows[b] = t;
        }
    }
}

void list_sort_by(void **rows, size_t n, const zm_sort_column *columns, const zm_list_params *p)
{
    const zm_sort_column *use = &columns[0];
    for (const zm_sort_column *c = columns; c->name; c++)
        if (p->sort_column && strcmp(c->name, p->sort_column) == 0) use = c;
    list_sort(rows, n, use->ascending, p->descending);
}

/* A scan for the needle's first letter (either case), then a compare:
 * several times faster than strcasestr on the short texts of a list row,
 * and a filtered list calls this for every row it walks. */
bool list_text_matches(const char *haystack, const char *needle)
{
    if (!needle || !*needle) return true;
    if (!haystack) return false;
    int lo = tolower((unsigned char)needle[0]), up = toupper((unsigned char)needle[0]);
    size_t n = strlen(needle);
    for (const char *p = haystack; *p; p++)
        if ((*p == lo || *p == up) && strncasecmp(p, needle, n) == 0) return true;
    return false;
}

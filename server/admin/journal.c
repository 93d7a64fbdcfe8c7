/* journal.c -- the request journal: a bounded ring of recent requests and their responses */
#include "admin/journal.h"

#include <ctype.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "model/clock.h"
#include "util/utf8.h"
#include "zoho/secrets.h"
#include "zoho/fields.h"
#include "zoho/secrets.h"

/* An entry never changes once added. Readers take a reference to each
 * entry under the lock and build their JSON after releasing it, so a
 * listing (a dashboard polling, a text search through large bodies) never
 * keeps a request waiting to add its own entry. */
typedef struct journal_entry {
    atomic_int refs;
    unsigned long long seq;
    char time[32];                  /* wall clock, UTC */
    char org_time[32];              /* the organization's clock; "" without one */
    char *method, *path, *query, *organization_id;
    const char *route;              /* the route's static name; NULL when none matched */
    char *request_headers;          /* "Name: value\r\n" each */
    char *response_headers;
    char *request_body, *response_body;
    int status;
    double duration_ms;
    cJSON *scenarios;               /* what scenarios did; NULL when nothing */
} journal_entry;

/* A leaf lock: held without taking any other (order: model/model.h). */
static pthread_mutex_t journal_mutex = PTHREAD_MUTEX_INITIALIZER;
static journal_entry **ring;
static size_t ring_cap, ring_len, ring_head;   /* head: next slot to write */
static unsigned long long next_seq;            /* the last sequence given */
static size_t ring_bytes;                      /* request and response bodies held */

static size_t entry_bytes(const journal_entry *e)
{
    return (e->request_body ? strlen(e->request_body) : 0) + (e->response_body ? strlen(e->response_body) : 0);
}

static void entry_unref(journal_entry *e)
{
    if (!e || atomic_fetch_sub(&e->refs, 1) != 1) return;
    free(e->method);
    free(e->path);
    free(e->query);
    free(e->organization_id);
    free(e->request_headers);
    free(e->response_headers);
    free(e->request_body);
    free(e->response_body);
    cJSON_Delete(e->scenarios);
    free(e);
}

/* Drops every entry (the lock held). */
static void drop_all(void)
{
    for (size_t i = 0; i < ring_cap; i++) {
        entry_unref(ring[i]);
        ring[i] = NULL;
    }
    ring_len = ring_head = ring_bytes = 0;
}

void journal_init(size_t capacity)
{
    journal_free();
    pthread_mutex_lock(&journal_mutex);
    ring_cap = capacity ? capacity : 1000;
    ring = xcalloc(ring_cap, sizeof *ring);
    next_seq = 0;
    pthread_mutex_unlock(&journal_mutex);
}

/* The credential of the request's Authorization header ("Zoho-oauthtoken
 * X" or "Bearer X"), or NULL: redacted wherever it shows up. */
static const char *caller_secret(const zm_request *req)
{
    const char *auth = request_header(req, "Authorization");
    const char *sp = auth ? strchr(auth, ' ') : NULL;
    while (sp && *sp == ' ') sp++;
    return sp && *sp ? sp : NULL;
}

/* A text as the journal keeps it: valid UTF-8 (whatever was sent), with
 * secret fields (JSON or form) and the caller's token redacted. */
static char *kept_text(const char *text, size_t len, const char *secret)
{
    char *clean = utf8_sanitize(text ? text : "", text ? len : 0);
    if (!secrets_maybe_in(clean, secret)) return clean;
    cJSON *json = json_parse(clean, strlen(clean));
    char *out;
    if (json) {
        secrets_redact_json(json, secret);
        out = json_print(json);
        cJSON_Delete(json);
    } else {
        char *form = secrets_redact_form(clean);
        out = secrets_redact_text(form, secret);
        free(form);
    }
    free(clean);
    return out;
}

/* ------------------------------------------------------------- adding */

/* "Name: value\r\n" for each header; skip (any case) is left out. */
static char *headers_text(const zm_header *h, size_t n, const char *first_name,
                          const char *first_value, const char *skip)
{
    size_t len = first_name ? strlen(first_name) + strlen(first_value) + 4 : 0;
    for (size_t i = 0; i < n; i++) len += strlen(h[i].name) + strlen(h[i].value) + 4;
    char *out = xmalloc(len + 1), *p = out;
    if (first_name) p += sprintf(p, "%s: %s\r\n", first_name, first_value);
    for (size_t i = 0; i < n; i++)
        if (!skip || strcasecmp(h[i].name, skip) != 0) p += sprintf(p, "%s: %s\r\n", h[i].name, h[i].value);
    *p = '\0';
    return out;
}

void journal_add(const zm_request *req, const zm_reply *rep, const char *response_text,
                 double duration_ms)
{
    journal_entry *e = xcalloc(1, sizeof *e);
    atomic_init(&e->refs, 1);
    /* Valid UTF-8 whatever was sent; secret fields and the caller's token redacted. */
    const char *secret = caller_secret(req);
    e->method = utf8_sanitize(req->method, strlen(req->method));
    e->path = utf8_sanitize(req->path, strlen(req->path));
    e->query = kept_text(req->query, strlen(req->query), secret);
    e->organization_id = xstrdup(req->org ? req->org->organization_id : "");
    e->route = req->route ? req->route->name : NULL;
    char *headers = headers_text(req->headers, (size_t)req->num_headers, NULL, NULL, NULL);
    e->request_headers = kept_text(headers, strlen(headers), secret);
    free(headers);
    headers = headers_text(rep->headers.v, rep->headers.n, "Content-Type", reply_content_type(rep), "Content-Type");
    e->response_headers = kept_text(headers, strlen(headers), secret);
    free(headers);
    e->request_body = kept_text(req->raw_body, req->raw_body_len, secret);
    e->response_body = kept_text(response_text, strlen(response_text), secret);
    e->scenarios = req->scenario_actions ? cJSON_Duplicate(req->scenario_actions, true) : NULL;
    e->status = rep->status;
    e->duration_ms = duration_ms;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(e->time, sizeof e->time, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (req->org) {
        zm_clock zone = {.utc_offset_minutes = req->org_utc_offset};
        clock_format_datetime(&zone, req->org_time, e->org_time);
    }

    journal_entry *dropped = NULL;
    pthread_mutex_lock(&journal_mutex);
    if (ring) {
        e->seq = ++next_seq;
        dropped = ring[ring_head];
        if (dropped) ring_bytes -= entry_bytes(dropped);
        ring[ring_head] = e;
        ring_bytes += entry_bytes(e);
        ring_head = (ring_head + 1) % ring_cap;
        if (ring_len < ring_cap) ring_len++;
        e = NULL;
    }
    /* Bodies beyond the budget: the oldest entries go (the newest stays). */
    journal_entry *over[64];
    size_t nover = 0;
    while (ring && ring_bytes > JOURNAL_MAX_BODY_BYTES && ring_len > 1 && nover < 64) {
        size_t oldest = (ring_head + ring_cap - ring_len) % ring_cap;
        ring_bytes -= entry_bytes(ring[oldest]);
        over[nover++] = ring[oldest];
        ring[oldest] = NULL;
        ring_len--;
    }
    pthread_mutex_unlock(&journal_mutex);
    entry_unref(dropped);     /* freed outside the lock */
    for (size_t i = 0; i < nover; i++) entry_unref(over[i]);
    entry_unref(e);           /* no journal (stopping) */
}

/* ------------------------------------------------------------ reading */

/* The kept entries, newest first, each with a reference; the lock is held
 * only to copy the pointers. Release with snapshot_release. */
typedef struct snapshot {
    journal_entry **v;
    size_t n;
    unsigned long long latest;
} snapshot;

static void snapshot_take(snapshot *s)
{
    pthread_mutex_lock(&journal_mutex);
    s->n = ring_len;
    s->latest = next_seq;
    s->v = xmalloc((ring_len ? ring_len : 1) * sizeof *s->v);
    for (size_t k = 0; k < ring_len; k++) {
        journal_entry *e = ring[(ring_head + ring_cap - 1 - k) % ring_cap];
        atomic_fetch_add(&e->refs, 1);
        s->v[k] = e;
    }
    pthread_mutex_unlock(&journal_mutex);
}

static void snapshot_release(snapshot *s)
{
    for (size_t k = 0; k < s->n; k++) entry_unref(s->v[k]);
    free(s->v);
}

/* A body is shown as JSON when it parses, else as a string. */
static cJSON *body_value(const char *text)
{
    cJSON *j = text && *text ? json_parse(text, strlen(text)) : NULL;
    return j ? j : cJSON_CreateString(text ? text : "");
}

/* {"Name": "value"}; a repeated name's values joined with ", ". */
static cJSON *headers_json(const char *text)
{
    cJSON *o = cJSON_CreateObject();
    while (*text) {
        const char *end = strstr(text, "\r\n"), *colon = strstr(text, ": ");
        if (!end) break;
        if (colon && colon < end) {
            char *name = xstrndup(text, (size_t)(colon - text));
            char *value = xstrndup(colon + 2, (size_t)(end - colon - 2));
            cJSON *had = (cJSON *)json_get(o, name);
            if (had && cJSON_IsString(had)) {
                char *both = xasprintf("%s, %s", had->valuestring, value);
                cJSON_ReplaceItemInObjectCaseSensitive(o, name, cJSON_CreateString(both));
                free(both);
            } else {
                json_add_str(o, name, value);
            }
            free(name);
            free(value);
        }
        text = end + 2;
    }
    return o;
}

/* An error answer's Zoho code and message, for the listing: null unless
 * the status is 400 or above and the body says them. */
static cJSON *error_summary(const journal_entry *e)
{
    cJSON *body = e->status >= 400 && *e->response_body
                      ? json_parse(e->response_body, strlen(e->response_body)) : NULL;
    const cJSON *code = body ? json_get(body, "code") : NULL;
    const cJSON *message = body ? json_get(body, "message") : NULL;
    cJSON *out = NULL;
    if (cJSON_IsNumber(code) || cJSON_IsString(message)) {
        out = cJSON_CreateObject();
        if (cJSON_IsNumber(code)) json_add_num(out, "code", code->valuedouble);
        if (cJSON_IsString(message)) json_add_str(out, "message", message->valuestring);
    }
    cJSON_Delete(body);
    return out ? out : cJSON_CreateNull();
}

static cJSON *entry_json(const journal_entry *e, bool summary)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "sequence", (double)e->seq);
    json_add_str(o, "time", e->time);
    if (e->org_time[0]) json_add_str(o, "organization_time", e->org_time);
    else cJSON_AddNullToObject(o, "organization_time");
    json_add_str(o, "method", e->method);
    json_add_str(o, "path", e->path);
    json_add_str(o, "query", e->query);
    if (e->route) json_add_str(o, "route", e->route);
    else cJSON_AddNullToObject(o, "route");
    cJSON_AddNumberToObject(o, "status", e->status);
    cJSON_AddNumberToObject(o, "duration_ms", e->duration_ms);
    json_add_str(o, "organization_id", e->organization_id);
    cJSON_AddItemToObject(o, "scenarios",
                          e->scenarios ? cJSON_Duplicate(e->scenarios, true) : cJSON_CreateArray());
    if (summary) {
        cJSON_AddItemToObject(o, "error", error_summary(e));
        return o;
    }
    cJSON_AddItemToObject(o, "request_headers", headers_json(e->request_headers));
    cJSON_AddItemToObject(o, "request_body", body_value(e->request_body));
    cJSON_AddItemToObject(o, "response_headers", headers_json(e->response_headers));
    cJSON_AddItemToObject(o, "response_body", body_value(e->response_body));
    return o;
}

/* ------------------------------------------------------------ filters */

int journal_filter_status(journal_filter *f, const char *spec)
{
    f->status_classes = 0;
    f->n_statuses = 0;
    const char *p = spec;
    do {
        size_t len = strcspn(p, ",");
        while (len && *p == ' ') p++, len--;
        while (len && p[len - 1] == ' ') len--;
        if (len != 3 || p[0] < '1' || p[0] > '5') return -1;
        if ((p[1] == 'x' || p[1] == 'X') && (p[2] == 'x' || p[2] == 'X')) {
            f->status_classes |= 1u << (p[0] - '0');
        } else if (isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2])) {
            if (f->n_statuses == (int)(sizeof f->statuses / sizeof f->statuses[0])) return -1;
            f->statuses[f->n_statuses++] = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
        } else {
            return -1;
        }
        p += strcspn(p, ",");
    } while (*p++ == ',');
    return 0;
}

static bool status_matches(const journal_filter *f, int status)
{
    if (!f->status_classes && !f->n_statuses) return true;
    if (status >= 100 && status < 600 && (f->status_classes & (1u << (status / 100)))) return true;
    for (int i = 0; i < f->n_statuses; i++)
        if (f->statuses[i] == status) return true;
    return false;
}

static bool has(const char *s) { return s && *s; }

static bool path_matches(const char *pattern, const char *path)
{
    if (strchr(pattern, '*')) return fnmatch(pattern, path, 0) == 0;
    return strcasestr(path, pattern) != NULL;
}

static bool text_matches(const journal_entry *e, const char *text)
{
    const char *fields[] = {e->path, e->query, e->request_headers, e->request_body,
                            e->response_body, e->route ? e->route : ""};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcasestr(fields[i], text)) return true;
    return false;
}

static bool entry_matches(const journal_filter *f, const journal_entry *e)
{
    return e->seq > f->since
        && (!has(f->organization_id) || strcmp(f->organization_id, e->organization_id) == 0)
        && (!has(f->method) || strcasecmp(f->method, e->method) == 0)
        && status_matches(f, e->status)
        && (!has(f->path) || path_matches(f->path, e->path))
        && (!has(f->text) || text_matches(e, f->text));
}

void journal_list(const journal_filter *f, cJSON *out)
{
    snapshot s;
    snapshot_take(&s);
    cJSON *arr = cJSON_AddArrayToObject(out, "requests");
    size_t shown = 0;
    bool more = false;
    for (size_t k = 0; k < s.n && !more; k++) {
        if (!entry_matches(f, s.v[k])) continue;
        if (f->limit && shown == f->limit) more = true;
        else cJSON_AddItemToArray(arr, entry_json(s.v[k], f->summary)), shown++;
    }
    cJSON_AddNumberToObject(out, "latest_sequence", (double)s.latest);
    cJSON_AddNumberToObject(out, "oldest_sequence", (double)(s.n ? s.v[s.n - 1]->seq : s.latest + 1));
    cJSON_AddBoolToObject(out, "has_more", more);
    snapshot_release(&s);
}

cJSON *journal_entry_json(unsigned long long sequence)
{
    journal_entry *found = NULL;
    pthread_mutex_lock(&journal_mutex);
    for (size_t k = 0; k < ring_len && !found; k++) {
        journal_entry *e = ring[(ring_head + ring_cap - 1 - k) % ring_cap];
        if (e->seq == sequence) {
            atomic_fetch_add(&e->refs, 1);
            found = e;
        }
    }
    pthread_mutex_unlock(&journal_mutex);
    if (!found) return NULL;
    cJSON *o = entry_json(found, false);
    entry_unref(found);
    return o;
}

void journal_clear(void)
{
    pthread_mutex_lock(&journal_mutex);
    journal_entry **old = ring;
    size_t cap = ring_cap;
    ring = ring_cap ? xcalloc(ring_cap, sizeof *ring) : NULL;
    ring_len = ring_head = ring_bytes = 0;
    pthread_mutex_unlock(&journal_mutex);
    for (size_t i = 0; i < cap; i++) entry_unref(old[i]);
    free(old);
}

size_t journal_count(const char *method, const char *path_pattern)
{
    snapshot s;
    snapshot_take(&s);
    size_t count = 0;
    for (size_t k = 0; k < s.n; k++) {
        const journal_entry *e = s.v[k];
        if (has(method) && strcasecmp(method, e->method) != 0) continue;
        if (has(path_pattern) && fnmatch(path_pattern, e->path, 0) != 0) continue;
        count++;
    }
    snapshot_release(&s);
    return count;
}

void journal_free(void)
{
    pthread_mutex_lock(&journal_mutex);
    if (ring) drop_all();
    free(ring);
    ring = NULL;
    ring_cap = ring_len = ring_head = ring_bytes = 0;
    pthread_mutex_unlock(&journal_mutex);
}

/* journal.c -- the request journal: a bounded ring of recent requests and their responses */
#include "admin/journal.h"

#include <fnmatch.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/utf8.h"
#include "zoho/fields.h"
#include "zoho/secrets.h"

typedef struct journal_entry {
    char *method, *path, *query, *organization_id;
    char *request_body, *response_body;
    int status;
    double duration_ms;
    char time[32];
    unsigned long long seq;
} journal_entry;

/* A leaf lock: held without taking any other (order: model/model.h). */
static pthread_mutex_t journal_mutex = PTHREAD_MUTEX_INITIALIZER;
static journal_entry *ring;
static size_t ring_cap, ring_len, ring_head;   /* head: next slot to write */
static unsigned long long next_seq;

static void entry_free(journal_entry *e)
{
    free(e->method);
    free(e->path);
    free(e->query);
    free(e->organization_id);
    free(e->request_body);
    free(e->response_body);
    memset(e, 0, sizeof *e);
}

void journal_init(size_t capacity)
{
    journal_free();
    pthread_mutex_lock(&journal_mutex);
    ring_cap = capacity ? capacity : 1000;
    ring = xcalloc(ring_cap, sizeof *ring);
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

void journal_add(const zm_request *req, const zm_reply *rep, const char *response_text,
                 double duration_ms)
{
    journal_entry e;
    memset(&e, 0, sizeof e);
    const char *secret = caller_secret(req);
    e.method = utf8_sanitize(req->method, strlen(req->method));
    e.path = utf8_sanitize(req->path, strlen(req->path));
    e.query = kept_text(req->query, strlen(req->query), secret);
    e.organization_id = xstrdup(req->org ? req->org->organization_id : "");
    e.request_body = kept_text(req->raw_body, req->raw_body_len, secret);
    e.response_body = kept_text(response_text, strlen(response_text), secret);
    e.status = rep->status;
    e.duration_ms = duration_ms;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(e.time, sizeof e.time, "%Y-%m-%dT%H:%M:%SZ", &tm);

    pthread_mutex_lock(&journal_mutex);
    if (!ring) {
        pthread_mutex_unlock(&journal_mutex);
        entry_free(&e);
        return;
    }
    e.seq = ++next_seq;
    entry_free(&ring[ring_head]);
    ring[ring_head] = e;
    ring_head = (ring_head + 1) % ring_cap;
    if (ring_len < ring_cap) ring_len++;
    pthread_mutex_unlock(&journal_mutex);
}

/* A body is shown as JSON when it parses, else as a string. */
static cJSON *body_value(const char *text)
{
    cJSON *j = text && *text ? json_parse(text, strlen(text)) : NULL;
    return j ? j : cJSON_CreateString(text ? text : "");
}

cJSON *journal_to_json(size_t limit)
{
    cJSON *arr = cJSON_CreateArray();
    pthread_mutex_lock(&journal_mutex);
    for (size_t k = 0; k < ring_len && (!limit || k < limit); k++) {
        const journal_entry *e = &ring[(ring_head + ring_cap - 1 - k) % ring_cap];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "sequence", (double)e->seq);
        json_add_str(o, "time", e->time);
        json_add_str(o, "method", e->method);
        json_add_str(o, "path", e->path);
        json_add_str(o, "query", e->query);
        cJSON_AddNumberToObject(o, "status", e->status);
        cJSON_AddNumberToObject(o, "duration_ms", e->duration_ms);
        json_add_str(o, "organization_id", e->organization_id);
        cJSON_AddItemToObject(o, "request_body", body_value(e->request_body));
        cJSON_AddItemToObject(o, "response_body", body_value(e->response_body));
        cJSON_AddItemToArray(arr, o);
    }
    pthread_mutex_unlock(&journal_mutex);
    return arr;
}

void journal_clear(void)
{
    pthread_mutex_lock(&journal_mutex);
    for (size_t i = 0; i < ring_cap; i++) entry_free(&ring[i]);
    ring_len = ring_head = 0;
    pthread_mutex_unlock(&journal_mutex);
}

size_t journal_count(const char *method, const char *path_pattern)
{
    size_t count = 0;
    pthread_mutex_lock(&journal_mutex);
    for (size_t k = 0; k < ring_len; k++) {
        const journal_entry *e = &ring[(ring_head + ring_cap - 1 - k) % ring_cap];
        if (method && *method && strcasecmp(method, e->method) != 0) continue;
        if (path_pattern && *path_pattern && fnmatch(path_pattern, e->path, 0) != 0) continue;
        count++;
    }
    pthread_mutex_unlock(&journal_mutex);
    return count;
}

void journal_free(void)
{
    pthread_mutex_lock(&journal_mutex);
    for (size_t i = 0; i < ring_cap; i++) entry_free(&ring[i]);
    free(ring);
    ring = NULL;
    ring_cap = ring_len = ring_head = 0;
    pthread_mutex_unlock(&journal_mutex);
}

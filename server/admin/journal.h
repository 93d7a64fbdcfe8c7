/* journal.h -- the request journal: a bounded ring of recent requests and their responses */
#ifndef ZM_JOURNAL_H
#define ZM_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "zoho/request.h"

/* Bodies (request and response) the journal holds at most: past it the
 * oldest entries go, so that a load of large list pages does not keep a
 * thousand of them in memory. */
#define JOURNAL_MAX_BODY_BYTES (4u * 1024u * 1024u)

/* Capacity of the ring (default 1000); older entries are dropped, and
 * also while the bodies exceed JOURNAL_MAX_BODY_BYTES (the newest stays). */
void journal_init(size_t capacity);
/* One answered call: what was asked (headers and body), what was answered,
 * the route, the duration, the organization's clock and what scenarios did.
 * The only journal work on a request's way: copies, then a short lock to
 * put them in the ring. */
void journal_add(const zm_request *req, const zm_reply *rep, const char *response_text,
                 double duration_ms);

/* Which entries a listing wants; zero/NULL members match everything. */
typedef struct journal_filter {
    const char *organization_id;    /* exactly this organization */
    const char *method;             /* GET, POST... (any case) */
    const char *path;               /* with '*': a pattern ('*' matches '/' too); else a part of the path */
    const char *text;               /* a part (any case) of the path, query, headers or bodies */
    unsigned status_classes;        /* bit k: statuses k00-k99 (from journal_filter_status) */
    int statuses[8];                /* exact statuses, n_statuses of them */
    int n_statuses;
    unsigned long long since;       /* only entries whose sequence is above it */
    size_t limit;                   /* at most this many (the newest); 0: all */
    bool summary;                   /* leave out headers and bodies */
} journal_filter;

/* Parses a status filter, "404", "4xx", "2xx,5xx,429", into f: 0, or -1
 * when malformed. */
int journal_filter_status(journal_filter *f, const char *spec);

/* Adds to out: "requests" (the matching entries, newest first),
 * "latest_sequence" (the newest sequence ever given, 0 before any),
 * "oldest_sequence" (the oldest still kept; latest + 1 when none) and
 * "has_more" (entries matched beyond the limit). A client polling with
 * since=<latest it saw> gets only what is new, and drops what it holds
 * below oldest_sequence (evicted or cleared). */
void journal_list(const journal_filter *f, cJSON *out);
/* The entry of that sequence in full; NULL when it is not (or no longer) kept. */
cJSON *journal_entry_json(unsigned long long sequence);

void journal_clear(void);
/* How many entries match: method (NULL or "" for any) and a path pattern
 * where '*' matches any run of characters, '/' included. */
size_t journal_count(const char *method, const char *path_pattern);
void journal_free(void);

#endif

/* journal.h -- the request journal: a bounded ring of recent requests and their responses */
#ifndef ZM_JOURNAL_H
#define ZM_JOURNAL_H

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
void journal_add(const zm_request *req, const zm_reply *rep, const char *response_text,
                 double duration_ms);
/* The entries, newest first (at most `limit`, 0 for all). */
cJSON *journal_to_json(size_t limit);
void journal_clear(void);
/* How many entries match: method (NULL or "" for any) and a path pattern
 * where '*' matches any run of characters, '/' included. */
size_t journal_count(const char *method, const char *path_pattern);
void journal_free(void);

#endif

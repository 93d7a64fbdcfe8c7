/* state_log.h -- the state journal (--state): each change as one checksummed JSON line, on disk before its answer */
#ifndef ZM_STATE_LOG_H
#define ZM_STATE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/* How it works. A record is one line, "<crc32 of the JSON, 8 hex> <JSON>\n",
 * the JSON an object numbered {"n": N, "t": "<kind>", ...} (admin/state.c
 * lists the kinds). Whoever changes the model appends the record of that
 * change while still holding the lock that guards what changed (its
 * organization's, or the global one for tokens): so the journal's order per
 * organization is the order the changes happened in, and a compaction,
 * which holds every lock while it copies the model, sees each change
 * either in its snapshot or after it. The journal's mutex is a leaf (model/model.h, lock order 5); append
 * writes into the page cache only. The thread then makes its records
 * durable before its answer goes out (state_log_sync_mine, from
 * http/dispatch.c): one fdatasync covers every thread waiting at that
 * moment (group commit), and no thread is answered before the fdatasync
 * that covers its own records has returned. A write or fdatasync that fails
 * stops the process (exit 3): a change that cannot be kept must not be
 * acknowledged, and what was acknowledged is on disk. */

/* Opens path for appending, empty (created 0600, or truncated: what it
 * held is in the snapshot just written); the next record is number
 * next_n. 0, or -1 with errno's text in err. */
int state_log_open(const char *path, uint64_t next_n, char *err, size_t errlen);
/* Syncs and closes the journal; appending is a no-op again. */
void state_log_close(void);
/* True while a journal is open (--state, and not replaying). */
bool state_log_active(void);

/* Appends {"n": <next>, ...record's members} and frees record. A no-op
 * (record freed) when no journal is open. */
void state_log_append(cJSON *record);
/* Waits until every record this thread appended is on disk. */
void state_log_sync_mine(void);

/* The current journal's size in bytes, and the number of the last record
 * appended (next_n - 1 when none yet). */
uint64_t state_log_bytes(void);
uint64_t state_log_last_n(void);

/* Compaction (admin/state.c). With every lock of the model held, where the
 * journal ends now (the snapshot being taken covers up to there) ... */
uint64_t state_log_offset(void);
/* ... and once that snapshot is on disk: the records after offset (those
 * appended meanwhile) become the whole journal, through a temporary file
 * and a rename. 0, or -1 with errno's text in err (the journal stays as it
 * was: its older records are skipped at replay, being in the snapshot). */
int state_log_trim(uint64_t offset, char *err, size_t errlen);
/* Reads a journal: apply(record, ctx) for each whole record, in order. A
 * line that is cut short or fails its checksum with no whole record after
 * it is a write that a crash tore, never acknowledged (an acknowledged
 * record was fdatasync'd with everything before it): it is ignored, and
 * *dropped says how many bytes (0: none). -1 with one line in err when the
 * file cannot be read, or when a damaged record has whole ones after it
 * (err names its byte offset; the records before it were applied). */
typedef void (*zm_state_apply_fn)(const cJSON *record, void *ctx);
int state_log_read(const char *path, zm_state_apply_fn apply, void *ctx, size_t *dropped, char *err,
                   size_t errlen);

#endif

/* org_state.h -- the model's part of a saved state (--state, /__admin/state): an organization's core structs, its clock, the OAuth tokens and grants issued, as JSON and back */
#ifndef ZM_ORG_STATE_H
#define ZM_ORG_STATE_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "model/model.h"
#include "util/json_read.h"

/* Readers (*_from_state) record the first problem in r (util/json_read.h)
 * and leave nothing half-made that the caller must undo beyond freeing the
 * organization it filled. Writers copy; they need the locks of what they
 * read (the organization's; the global lock for tokens and grants). */

/* Parts every saved struct has (inventory's counts and profiles too):
 * strings, batches ({"batch_number","quantity"}; vec is a VEC(zm_batch)
 * *), and a fixed-size text field ("2025-06-15", a status). The readers
 * push copies onto out. */
cJSON *strings_to_state(char *const *v, size_t n);
void strings_from_state(zm_jr *r, const cJSON *obj, const char *name, zm_strings *out);
cJSON *batches_to_state(const zm_batch *v, size_t n);
void batches_from_state(zm_jr *r, const cJSON *obj, const char *name, void *vec);
void text_from_state(zm_jr *r, const cJSON *obj, const char *name, char *out, size_t size);

/* Each element of array member `name` of state through fn, its path
 * entered, until the first error. */
void each_from_state(zm_jr *r, const cJSON *state, const char *name,
                     void (*fn)(zm_jr *r, const cJSON *j, zm_org *org), zm_org *org);

/* {"frozen","frozen_at","offset","utc_offset_minutes"}. */
cJSON *clock_to_state(const zm_clock *c);
void clock_from_state(zm_jr *r, const cJSON *j, zm_clock *out);

/* The organization's own structs, as members of out: "clock",
 * "next_id", "next_seq", "numeric_ids", "extended_line_item_limit",
 * "locations" (bins), "items" (stock rows: physical, accounting,
 * committed, serial numbers, batches), "reasons", "accounts",
 * "count_settings", "count_background", "adjustments" (lines and the
 * tracking moves that undo them). */
void org_core_to_state(const zm_org *org, cJSON *out);
/* Fills fresh (org_new_like: no contents yet) from them, checking shapes,
 * unique ids, and that stock rows, bins and adjustment lines name
 * locations, bins and items of the organization. */
void org_core_from_state(zm_jr *r, const cJSON *state, zm_org *fresh);

/* Tokens and grants one at a time (the journal's records) ... */
cJSON *token_to_state(const zm_token *t);
zm_token *token_from_state(zm_jr *r, const cJSON *j);
cJSON *grant_to_state(const zm_grant *g);
zm_grant *grant_from_state(zm_jr *r, const cJSON *j);
/* ... and all at once (a snapshot): {"token_serial", "tokens" (issued
 * ones), "grants", "revoked_refresh_tokens" (client ids)}. Reading
 * replaces what a full reset would drop. These hold secrets: they go to
 * the state file only, never into an answer. */
cJSON *auth_to_state(void);
void auth_from_state(zm_jr *r, const cJSON *j);

/* Records for the state journal (model/state_log.h) of changes no handler
 * makes, appended under the organization's lock (no-ops without --state):
 * what fell due on its clock ran, {"t":"due"}, and its clock moved,
 * {"t":"clock", "clock": as it is now}; each with the organization and the
 * wall instant (model/clock.h) it happened at. */
void org_journal_due(const zm_org *org);
void org_journal_clock(const zm_org *org);

#endif

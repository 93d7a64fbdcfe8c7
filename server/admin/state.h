/* state.h -- --state FILE: the model loaded from a snapshot and its journal at start, compacted while serving and at stop */
#ifndef ZM_STATE_H
#define ZM_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "model/model.h"

/* How it works (README "State that survives").
 *
 * FILE is a snapshot: {"zoho_mock_state": 1, "through": "<n>", "auth":
 * {...}, "organizations": [<inventory/org_snapshot.h>...]}, written whole
 * through a temporary file and a rename. FILE.journal holds every change
 * made since (model/state_log.h), numbered on from "through". A change is
 * journaled as what makes it again:
 *   call        an API call (a Zoho route, or an admin one that changes the
 *               model: reset, clock, seed, outbox, state import), replayed
 *               through its handler with the wall instant it had
 *               (model/clock.h): the model is deterministic given the
 *               fixtures, the calls and the clocks;
 *   due         what fell due on an organization's clock before a call (the
 *               call itself may have been answered by a scenario);
 *   clock       a scenario moved an organization's clock (zoho.advance);
 *   background  a stock count background switch changed (by the admin API,
 *               a scenario, or a scenario going away);
 *   token, grant, grant_gone, revoke
 *               the OAuth tokens and grants issued, used and revoked: their
 *               effect, not the call (which carries a client secret).
 * Scenarios themselves do not survive a restart; what they changed does.
 *
 * At start: the snapshot (when FILE exists and is not empty), then each
 * journal record after it, in order; a torn or damaged record ends the
 * journal (ignored, with a warning). Then a fresh snapshot is written and
 * the journal starts empty. While serving, the journal is compacted into a
 * new snapshot when it passes `compact_bytes`, on POST /__admin/state/save
 * and at stop (SIGTERM, SIGINT). */

/* The format number of a snapshot and an export ("zoho_mock_state"). */
#define ZM_STATE_FORMAT 1

/* The organizations of a saved state ({"zoho_mock_state", "organizations":
 * [...]}: a snapshot, an export) built aside, each checked whole
 * (inventory/org_snapshot.h), nothing of the model changed: every one, or
 * only `only`'s (which the state must hold). Each must be one of the
 * server's, once. 0 with them in *built (the caller swaps them in with
 * org_take_contents or frees them), or -1 with "<path>: <what is wrong>"
 * in err and nothing built. */
typedef VEC(zm_org *) zm_org_list;
int state_build_orgs(const cJSON *state, const zm_org *only, zm_org_list *built, char *err, size_t errlen);

/* Replays a "call" record through its route (http/replay.c): false with
 * why when it could not be replayed or answered otherwise than it did. */
typedef bool (*zm_replay_call_fn)(const cJSON *record, char *why, size_t whylen);

/* Loads FILE and its journal into the model (fixtures loaded, no HTTP
 * yet), writes a fresh snapshot, opens the journal. compact_bytes 0: 16 MB.
 * 0, or -1 with one line in err (an unreadable or invalid snapshot, an
 * organization the fixtures do not have, a journal that does not follow
 * its snapshot). */
int state_start(const char *path, uint64_t compact_bytes, zm_replay_call_fn replay_call, char *err,
                size_t errlen);
/* POST /__admin/state/save: compacts now. 0 (with the snapshot's size and
 * its last change), or -1 with one line in err (no --state, a write that
 * failed). */
int state_save(char *err, size_t errlen, uint64_t *bytes, uint64_t *through);
/* Compacts one last time and closes the journal (after HTTP stopped). */
void state_stop(void);
/* True with --state. */
bool state_enabled(void);
/* After an answer: compacts when the journal passed its limit (one thread
 * at a time; the others do not wait). */
void state_compact_if_grown(void);

#endif

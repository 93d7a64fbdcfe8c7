/* org_snapshot.h -- an organization's whole state as one JSON object and back: what --state saves and /__admin/state exports and imports */
#ifndef ZM_ORG_SNAPSHOT_H
#define ZM_ORG_SNAPSHOT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "model/model.h"

/* The organization's lock held. {"organization_id", "name", the model's
 * structs (model/org_state.h: clock, counters, locations, items and stock,
 * reasons, accounts, count settings, background switches, adjustments),
 * "stock_counts", "recurring_counts", "documents" (every module's records
 * by module name, model/docs_state.h), "preferences", "outbox"}. No token,
 * secret or user: those are the fixtures' (and the snapshot file's). */
cJSON *org_snapshot(zm_org *org);

/* A new organization like org (model.h org_new_like) built from a snapshot
 * of it, every part checked; nothing of org is touched (no lock needed but
 * the one that keeps org itself: its identity is read). The caller swaps it
 * in with org_take_contents under org's lock. NULL with "<path>: <what is
 * wrong>" in err (path from `root`, e.g. "organizations[0]"). */
zm_org *org_from_snapshot(const zm_org *org, const cJSON *snapshot, const char *root, char *err, size_t errlen);

#endif

/* replay.h -- an API call from the state journal run again through its route's handler (--state, at start) */
#ifndef ZM_REPLAY_H
#define ZM_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* A {"t":"call"} record (zoho/request.h request_journal) through its
 * handler as dispatch ran it: a Zoho call with its recorded caller under
 * its organization's lock, with no authentication, scenario or what-fell-due
 * (those were journaled apart), the wall instant pinned to the recorded
 * one; an admin call as it is. False with why when it cannot be routed or
 * answers another status than it did: the replay went another way. */
bool replay_call(const cJSON *record, char *why, size_t whylen);

#endif

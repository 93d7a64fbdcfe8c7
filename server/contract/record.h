/* record.h -- the server side of contracts: recording what was answered (--record), forwarding (--proxy) */
#ifndef ZM_RECORD_H
#define ZM_RECORD_H

#include <stdbool.h>

#include "zoho/request.h"

/* Starts recording into dir (created if missing): every answered
 * interaction is appended to <organization_id>.json there (no-organization.json
 * when there is none), rewritten through a temporary file and rename so
 * that a crash never leaves half a file. fixtures (the file; NULL for the
 * built-in default) is written into new files. 0, or -1 with err set. */
int contract_record_start(const char *dir, const char *fixtures, char *err, size_t errlen);
/* Records one interaction; a no-op when not recording and for /__admin. */
void contract_record_interaction(const zm_request *req, const zm_reply *rep, const char *body_text);
void contract_record_stop(void);

/* ------------------------------------------------------------- proxy */

/* From now on every request but /__admin goes to upstream (a base URL)
 * instead of the model. 0, or -1 with err set. */
int contract_proxy_start(const char *upstream, char *err, size_t errlen);
bool contract_proxy_active(void);
/* Forwards req and fills rep with the upstream's answer (502 when it
 * cannot be reached). */
void contract_proxy_forward(const zm_request *req, zm_reply *rep);
void contract_proxy_stop(void);
/* True for a reply the proxy made up because the upstream did not answer
 * (such replies are not recorded). */
bool contract_proxy_failed(const zm_reply *rep);

#endif

/* record.h -- the server side of contracts: recording what was answered (--record), forwarding (--proxy) */
#ifndef ZM_RECORD_H
#define ZM_RECORD_H

#include <stdbool.h>

#include "zoho/request.h"

typedef enum contract_record_format {
    RECORD_FORMAT_CONTRACT = 0,     /* the project's contract format (contracts/README.md) */
    RECORD_FORMAT_PACT,             /* a Pact specification V4 file */
} contract_record_format;

#define CONTRACT_PACT_CONSUMER "zoho-inventory-client"
#define CONTRACT_PACT_PROVIDER "zoho-inventory"

typedef struct contract_record_options {
    const char *dir;                /* created if missing */
    const char *fixtures;           /* written into new files; NULL: the built-in (none written) */
    contract_record_format format;
    const char *pact_consumer, *pact_provider;  /* pact: the pacticipants (defaults above) */
} contract_record_options;

/* Starts recording: every answered interaction is appended to a file per
 * organization in dir: <organization_id>.json (no-organization.json when
 * there is none), or <consumer>-<provider>-<organization_id>.json for a
 * pact. Appending costs the interaction's size, not the file's, and
 * happens before the answer is sent; a kill at any moment loses nothing
 * answered (contract/record_file.h). An existing file is continued.
 * 0, or -1 with err set. */
int contract_record_start(const contract_record_options *o, char *err, size_t errlen);
/* Records one interaction; a no-op when not recording and for /__admin. */
void contract_record_interaction(const zm_request *req, const zm_reply *rep, const char *body_text);
/* After POST /__admin/reset (of one organization, or of all when NULL):
 * a pact's next interaction of it says it starts from the fixtures.
 * Call it without holding the model lock. */
void contract_record_reset(const char *organization_id);
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

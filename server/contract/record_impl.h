/* record_impl.h -- inside --record: what the recorder's files share (templating, the pact writer) */
#ifndef ZM_RECORD_IMPL_H
#define ZM_RECORD_IMPL_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "contract/pact.h"
#include "zoho/request.h"

/* Where a recorded value came from decides what it becomes. */
typedef struct rec_ctx {
    const char *org_key;        /* the file's organization id, or "no-organization" */
    cJSON *known;               /* captured values by variable name (contract format), or NULL */
    const cJSON *fixture_ids;   /* {"<id>": true} of the fixtures: never new */
    const char *token;          /* the caller's token, or NULL */
    const char *request_text;   /* path, query and body, to tell echoed values */
    bool creates;               /* not a GET: new ids are captured */
    bool literal;               /* pact: values stay as they are (no {{variables}} but
                                 * {{token}}, no captures): a replay from the same reset
                                 * makes the same ids */
    cJSON *match, *capture;     /* of the interaction being built */
} rec_ctx;

/* The interaction in the contract format (contracts/README.md): the
 * token as {{token}}, secrets "[redacted]", and `match` rules for
 * timestamps, dates and ids the server made; unless c->literal, known
 * values as {{variables}} and new ids captured. Consumes c->match and
 * c->capture. */
cJSON *record_build_interaction(rec_ctx *c, const zm_request *req, const zm_reply *rep,
                                const char *body_text);

/* Every id-like value of the fixtures ({"<id>": true}). */
cJSON *record_fixture_ids(const cJSON *fixture_root);

/* --------------------------------------------------------- pact (V4) */

/* A new pact's document without its interactions. */
cJSON *pact_record_head(const char *consumer, const char *provider, const char *fixtures);

/* The V4 HTTP interaction of a recorded one (record_build_interaction's,
 * built with c->literal): the token becomes a ProviderState generator
 * ${token}, match rules become matchingRules. fresh picks the provider
 * state: reset (params: organization, frozen clock) or continue. */
cJSON *pact_record_interaction(const cJSON *recorded, const zm_reply *rep, size_t number,
                               const char *org_key, bool fresh, const char *frozen_clock);

#endif

/* record_impl.h -- inside --record: what the recorder's files share (templating, the pact writer) */
#ifndef ZM_RECORD_IMPL_H
#define ZM_RECORD_IMPL_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "contract/pact.h"
#include "util/idmap.h"
#include "util/vec.h"
#include "zoho/request.h"

/* Values a recording captured (ids a POST made), found by value or by
 * name in O(1) (record_known.c). */
typedef struct rec_known {
    cJSON *values;              /* variable name -> value, owned */
    zm_idmap by_value;          /* "s:<text>" / "n:<digits>" -> variable name */
    zm_idmap by_name;           /* variable name -> its item in values */
    zm_idmap next_suffix;       /* base name -> the next _N to try */
    VEC(char *) keys;           /* owned keys of by_value and next_suffix */
} rec_known;

void record_known_init(rec_known *k);
void record_known_free(rec_known *k);
/* The variable holding this value, or NULL: in JSON by type (a number
 * does not stand for a string); in text (paths, query values) a string
 * also names a number by its digits. */
const char *record_known_name(const rec_known *k, const cJSON *v, bool text);
/* Captures v under base (or base_2, base_3, ... when taken); returns the
 * name, valid while k lives. */
const char *record_known_add(rec_known *k, const char *base, const cJSON *v);

/* The fixtures' id-like values: only ids the server made get rules. */
typedef struct rec_ids {
    zm_idmap set;               /* id text -> itself */
    VEC(char *) keys;
} rec_ids;

void record_ids_init(rec_ids *ids, const cJSON *fixture_root);
bool record_ids_has(const rec_ids *ids, const char *text);
void record_ids_free(rec_ids *ids);
/* A string of 6-19 digits, or a whole number from 100000. */
bool record_id_like(const cJSON *v);

/* Where a recorded value came from decides what it becomes. */
typedef struct rec_ctx {
    const char *org_key;        /* the file's organization id, or "no-organization" */
    rec_known *known;           /* captured values (contract format) */
    const rec_ids *fixture_ids; /* the fixtures' ids: never new */
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

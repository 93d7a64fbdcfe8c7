/* scenario_impl.h -- what scenario.c, scenario_lua.c and ratelimit.c share (not an interface for other features) */
#ifndef ZM_SCENARIO_IMPL_H
#define ZM_SCENARIO_IMPL_H

#include <lua.h>
#include <pthread.h>
#include <stdatomic.h>

#include "scenario/scenario.h"

#define SCENARIO_MEMORY_LIMIT (64u * 1024u * 1024u)   /* bytes per scenario's Lua state */
#define SCENARIO_INSTRUCTION_BUDGET 20000000ULL       /* VM instructions per call */

typedef struct zm_route_count {
    const char *route;          /* a route's static name */
    unsigned long n;
} zm_route_count;

/* One organization's counters under a rate limit. */
typedef struct zm_ratelimit_org {
    zm_id org_id;
    int64_t minute;             /* window: org clock / 60 */
    int minute_count;
    int64_t day;                /* window: org clock / 86400 */
    int day_count;
    int inflight;
} zm_ratelimit_org;

typedef struct zm_ratelimit {
    int per_minute, per_day, concurrent;    /* 0: no such limit */
    VEC(zm_ratelimit_org) orgs;
} zm_ratelimit;

/* A switch zoho.background set: turned off on deactivation, set again
 * when a reset of its organization cleared it. */
typedef struct zm_background_applied {
    zm_id org_id;
    char action[16];
    int after_reads, after_seconds;
} zm_background_applied;

typedef struct zm_scenario {
    char name[SCENARIO_NAME_MAX];
    zm_id org_id;               /* "": every organization */
    char *file;                 /* where the source was read, NULL for inline */
    bool builtin;               /* file names an example compiled into the binary */
    char *source;
    size_t source_len;
    char *chunkname;            /* "@scenarios/x.lua" or "=name" */
    uint64_t seed;
    atomic_int refs;            /* the registry's, and each request's */
    atomic_int page_size;       /* zoho.page_size; 0: no cap */

    pthread_mutex_t mu;         /* guards everything below, and L */
    lua_State *L;
    size_t mem_used, mem_limit;
    unsigned long long instructions;        /* this call's */
    bool over_budget;
    bool has_on_request, has_on_response;
    unsigned long calls, errors;
    VEC(zm_route_count) routes;
    char last_error[SCENARIO_ERROR_MAX];
    uint64_t rng;
    zm_ratelimit rl;
    VEC(zm_background_applied) background;
} zm_scenario;

/* A script's answer, read out of its response table. */
typedef struct zm_hook_result {
    bool returned;              /* the hook returned a table */
    bool has_status;
    int status;
    bool has_body;
    cJSON *body;                /* owned; or */
    char *raw_body;             /* owned, when body was a string */
    bool has_headers;
    VEC(zm_header) headers;     /* owned */
    int delay_ms;               /* 0: none */
    zm_fault fault;
} zm_hook_result;

void hook_result_free(zm_hook_result *r);

/* scenario_lua.c. Load: makes s->L and runs the script's top level (the
 * no model lock held: helpers take their organization's). -1 with the message in err. */
int scenario_lua_load(zm_scenario *s, char *err, size_t errlen);
void scenario_lua_close(zm_scenario *s);
/* With s->mu held and no model lock (helpers lock what they touch). n: this scenario's count of the
 * route. res NULL: on_request. 0, or -1 with err ("file:line: message") and
 * the traceback logged. A missing hook returns 0 with nothing returned. */
int scenario_lua_hook(zm_scenario *s, zm_request *req, unsigned long n, const zm_reply *res,
                      zm_hook_result *out, char *err, size_t errlen);

/* ratelimit.c, with s->mu held. Counts the request for org; false (and a
 * 429 in rep) when over a limit. *inflight: counted as in flight. */
bool ratelimit_admit(zm_scenario *s, zm_org *org, zm_reply *rep, bool *inflight);
void ratelimit_done(zm_scenario *s, const char *org_id);
/* Adds X-Rate-Limit-Limit/-Remaining/-Reset for org (when limited). */
void ratelimit_headers(zm_scenario *s, zm_org *org, zm_reply *rep);
/* Sets the limits (0: none); keeps the counters. */
void ratelimit_configure(zm_scenario *s, int per_minute, int per_day, int concurrent);
void ratelimit_free(zm_ratelimit *rl);
cJSON *ratelimit_to_json(const zm_scenario *s);

/* scenario.c: header validation shared with the Lua side. True when name
 * is an HTTP token and not one the server owns (Content-Length...). */
bool scenario_header_allowed(const char *name);

#endif

/* scenario.h -- Lua scenarios: the registry of active scripts and their hooks in the request pipeline */
#ifndef ZM_SCENARIO_H
#define ZM_SCENARIO_H

/* A scenario is a Lua script (scenarios/README.md) that can answer or
 * change any Zoho API call: faults, latency, Zoho's rate limits, background
 * states, small pages, drifting fields. This module owns the registry and
 * the pipeline glue; scenario_lua.c the sandboxed interpreter, ratelimit.c
 * the rate limits, scenario_faults.c what happens on the socket.
 *
 * Locks (the whole order: model/model.h): the registry lock, then one
 * scenario's lock, then an organization's. Hooks run holding no model
 * lock (dispatch_request releases its organization's around them), so
 * one organization's slow or looping script never holds up another's
 * requests; the helpers lock the organization they touch. Delays and
 * faults run after the reply is built, holding nothing. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zoho/request.h"

struct mg_connection;
struct zm_embedded_file;

#define SCENARIO_MAX_ACTIVE 32
#define SCENARIO_MAX_DELAY_MS 600000        /* delay_ms and hang, at most */
#define SCENARIO_DEFAULT_HANG_MS 60000      /* hang without delay_ms */

typedef enum zm_fault {
    FAULT_NONE = 0,
    FAULT_RESET,        /* TCP reset, nothing sent */
    FAULT_EMPTY,        /* the connection closes with no response */
    FAULT_MALFORMED,    /* a body that is not JSON */
    FAULT_TRUNCATE,     /* Content-Length promises more than is sent, then close */
    FAULT_HANG,         /* nothing until the client gives up or delay_ms passes */
} zm_fault;

/* "reset" ... "hang" -> zm_fault; -1 when unknown. */
int scenario_fault_parse(const char *name);
/* zm_fault -> "reset" ... "hang" ("none"). */
const char *scenario_fault_name(zm_fault fault);

struct zm_scenario;

/* What one request picked up on its way through the scenarios: the
 * scenarios it holds references to (released by scenario_call_end), the
 * organizations it counts as in flight, and the delay and fault to apply
 * once the reply is built. Lives on http.c's stack. */
typedef struct zm_scenario_call {
    struct zm_scenario *held[SCENARIO_MAX_ACTIVE];
    bool inflight[SCENARIO_MAX_ACTIVE];     /* held[i] counts this request in flight */
    size_t n;
    zm_id org_id;
    int delay_ms;                           /* 0: none */
    zm_fault fault;
    VEC(zm_header) headers;                 /* from on_request, added to the model's reply */
} zm_scenario_call;

/* ------------------------------------------------------------ lifecycle */

/* Before anything else: the seed of zoho.random and math.random. */
void scenario_init(uint64_t seed);
/* Deactivates everything (server stop). */
void scenario_shutdown(void);

/* Activates a script read from path (any path: the command line is
 * trusted); a path that names no file on disk but an example compiled into
 * the binary ("rate_limit.lua", "scenarios/rate_limit.lua") activates the
 * example. 0, or -1 with the Lua message (and line) in err. */
int scenario_activate_path(const char *path, const char *organization_id, char *err, size_t errlen);
/* Activates a file under scenarios/ named by the API ("rate_limit.lua" or
 * "scenarios/rate_limit.lua"): the working folder's scenarios/ first, else
 * the built-in example; absolute paths and ".." are refused. */
int scenario_activate_file(const char *file, const char *organization_id, char *err, size_t errlen);
/* Activates Lua source under a name. A scenario of the same name and scope
 * is replaced. */
int scenario_activate_source(const char *name, const char *source, size_t len,
                             const char *organization_id, char *err, size_t errlen);
/* Deactivates scenarios named name (NULL: all) in scope organization_id
 * (NULL: any scope). Returns how many. */
size_t scenario_deactivate(const char *name, const char *organization_id);
/* Fresh state for every scenario (organization_id NULL) or for those of one
 * organization: the script runs again from the top, counters restart. */
void scenario_reset(const char *organization_id);
/* [{"name","organization_id","file","calls","routes","errors","last_error",...}] */
cJSON *scenario_list_json(void);

/* ------------------------------------------------------------- pipeline */

/* http.c: around one request. */
void scenario_call_begin(zm_scenario_call *call);
void scenario_call_end(zm_scenario_call *call);

/* Whether any scenario is active (no lock taken): without one, dispatch
 * runs what fell due and the handler under one hold of the organization's
 * lock. */
bool scenario_any_active(void);
/* dispatch.c, holding no model lock, after authentication and the
 * organization. Runs rate limits and on_request; false when a scenario
 * answered (rep is set) and the handler must not run. */
bool scenario_on_request(zm_request *req, zm_reply *rep);
/* After the handler: on_response hooks, scenario headers. */
void scenario_on_response(zm_request *req, zm_reply *rep);

/* The per_page cap of zoho.page_size for this organization (0: none),
 * which dispatch puts on the request for the lists. Takes the registry lock. */
int scenario_page_size_cap(const zm_org *org);

/* ------------------------------------------------------- on the socket */

/* scenario_faults.c. Sleeps without any lock, in slices, ending early when
 * the server stops. */
void scenario_sleep_ms(int ms);
/* Closes the client's connection now: with a TCP reset (RST), or with a
 * FIN after what was written. civetweb keeps a harmless socket in its
 * place. -1 when the socket could not be found. */
int scenario_close_connection(struct mg_connection *conn, bool reset);
/* Waits, sending nothing, until the client closes or ms pass. */
void scenario_hang(struct mg_connection *conn, int ms);
/* server.c: ends every sleep and hang (before stopping HTTP) / allows them. */
void scenario_waits_stop(bool stopping);
/* How many delays and hangs may wait at once (each holds a worker thread;
 * http.c sets half the workers). A request whose delay or hang finds them
 * all taken is answered (or closed) at once instead. */
void scenario_waits_limit(int limit);
int scenario_waits_max(void);
/* Takes one of those places (false: none left) / gives it back. */
bool scenario_wait_take(void);
void scenario_wait_give(void);

/* ------------------------------------------ the built-in examples (examples.c) */

/* The example compiled into the binary named "rate_limit.lua" or
 * "scenarios/rate_limit.lua" (whatever is on disk); NULL when none. */
const struct zm_embedded_file *scenario_example(const char *name);
/* One line per example: its name and the first line of its comment. */
void scenario_examples_print(FILE *out);

/* ------------------------------------------------ for the admin API */

#define SCENARIO_NAME_MAX 64            /* names are shorter */
#define SCENARIO_ERROR_MAX 512          /* a load error's text, at most */

/* A file the API may name: "rate_limit.lua" or "scenarios/rate_limit.lua",
 * nothing else (no absolute path, "..", backslash or sub-folder). */
bool scenario_file_name_ok(const char *file);
/* A name for ?name=: letters, digits, '.', '_', '-', under 64 characters. */
bool scenario_name_ok(const char *name);
/* The next "inline-N" name for a script posted without ?name=. */
void scenario_inline_name(char *out, size_t size);
/* The listing entry of the scenario of that name and scope; NULL if none. */
cJSON *scenario_entry_json(const char *name, const char *organization_id);

#endif

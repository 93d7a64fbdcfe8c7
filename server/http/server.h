/* server.h -- starting and stopping a whole zoho-mock: fixtures, journal, HTTP (main and tests share it) */
#ifndef ZM_SERVER_H
#define ZM_SERVER_H

#include <stdbool.h>
#include <stddef.h>


typedef struct zm_server_options {
    const char *bind;           /* default 127.0.0.1 */
    int port;                   /* 0: any free port */
    int threads;                /* default HTTP_DEFAULT_THREADS (http/http.h) */
    int request_timeout_ms;     /* 0: HTTP_REQUEST_TIMEOUT_MS (http/http.h) */
    int idle_timeout_ms;        /* 0: HTTP_IDLE_TIMEOUT_MS */
    bool quiet;
    const char *fixtures;       /* a file; NULL: the built-in fixtures/default.json */
    size_t journal_capacity;    /* default 1000 */
    const char *record_dir;     /* --record: contract files of every interaction, or NULL */
    int record_format;          /* --format: contract_record_format (contract/record.h) */
    const char *pact_consumer;  /* --pact-consumer, --pact-provider: a recorded pact's names */
    const char *pact_provider;
    const char *proxy_url;      /* --proxy: forward to this upstream instead of the model, or NULL */
    const char *const *scenarios;   /* --scenario: Lua scenario files activated at start */
    size_t num_scenarios;
    unsigned long long seed;    /* --seed: zoho.random's and math.random's seed (default 0) */
    const char *verify_program; /* what POST /__admin/verify runs as `PROGRAM verify`
                                   (default /proc/self/exe: this binary; tests name zoho-mock) */
    const char *admin_token;    /* --admin-token: /__admin needs "Authorization: Bearer <it>"; NULL: open */
    const char *const *cors_origins;    /* --cors: origins a browser may call from ("*": any) */
    size_t num_cors_origins;
    const char *state_path;     /* --state: the model kept in this file and FILE.journal, or NULL */
    unsigned long long state_compact_bytes;     /* --state-compact: the journal's size that
                                                   compacts it (0: 16 MB) */
} zm_server_options;

/* Loads Zoho's documents and builds every route (http/router.h lists
 * them), without fixtures or a socket: what `zoho-mock routes` needs.
 * server_start does it first. 0, or -1 with one line in err. */
int server_routes_ready(char *err, size_t errlen);

/* Loads the fixtures and starts listening. Returns the port, or -1 with
 * one line in err (nothing is left running). */
int server_start(const zm_server_options *opts, char *err, size_t errlen);
void server_stop(void);

/* The fixtures being served are the built-in default (no --fixtures). */
bool server_fixtures_builtin(void);

/* An organization of the fixtures and a token of one of its users (full
 * access preferred), for the ready-to-paste curl. 0, or -1 if none. */
int server_example_credentials(char *org, size_t orglen, char *token, size_t tokenlen);

#endif

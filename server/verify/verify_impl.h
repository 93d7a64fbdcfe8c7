/* verify_impl.h -- inside verify: one file's run, shared by the contract runner (verify.c) and the pact runner (verify_pact.c) */
#ifndef ZM_VERIFY_IMPL_H
#define ZM_VERIFY_IMPL_H

#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "contract/contract.h"
#include "util/vec.h"
#include "verify/verify.h"

/* The provider states of pacts: --states, else this file when it exists;
 * a folder's file of this name is not taken for a contract. */
#define VERIFY_STATES_NAME "states.json"
#define VERIFY_STATES_DEFAULT "contracts/" VERIFY_STATES_NAME

typedef VEC(char *) string_list;

/* One contract file being replayed. */
typedef struct run {
    const verify_options *opts;
    FILE *out;
    contract_report *report;
    const char *file;
    void *curl;                 /* CURL handle, one per file */
    char base[1024];            /* "http://127.0.0.1:PORT", no trailing slash */
    cJSON *vars;
    bool noted;                 /* the file's "not a zoho-mock" note was printed */
    bool target_is_mock;        /* --target answered /__admin/health */
    int skipped;                /* interactions not verified (pact messages) */
    cJSON *states;              /* the states file, loaded on the first pact */
    char *states_error;         /* why it could not be loaded, or NULL */
    bool states_loaded;
} run;

/* A scalar as text (query and header values): strings as they are. */
char *verify_scalar_text(const cJSON *v);

/* One line per interaction ("pass"/"FAIL"), the differences under it,
 * and the case in the report. */
void verify_print_case(run *r, const char *name, const contract_diff *diff, double seconds);
/* A failure that is not an interaction (loading, setting up). */
void verify_file_failure(run *r, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One exchange with the server under test (r->base + path_and_query). */
void verify_call(run *r, const char *method, const char *path_and_query,
                 const char *const *headers, const char *body, contract_http *out);
/* An admin call of the setup: true on a 2xx answer, else err says why. */
bool verify_admin_call(run *r, const char *method, const char *path, const char *json, char *err,
                       size_t errlen);

void verify_set_var(cJSON *vars, const char *name, const char *value);
/* {{organization_id}} and {{token}} from the loaded model, where unset. */
void verify_fixture_defaults(run *r);

/* The server a file (or a pact interaction) runs against: a fresh
 * in-process one with these fixtures (NULL: the built-in; *started set), or the target
 * reset to its fixtures when it is a zoho-mock; then the clock frozen
 * and the scenarios activated. false with err set. */
bool verify_setup_server(run *r, const char *fixtures, const cJSON *clock, const cJSON *scenarios,
                         bool *started, char *err, size_t errlen);

/* Replays one interaction of the project's format (variables, match,
 * capture into r->vars); the differences go to diff. */
void verify_run_interaction(run *r, const cJSON *it, contract_diff *diff);

/* ---------------------------------------------------------- pacts */

/* What an interaction's provider states ask for (pact_states.c). */
typedef struct pact_setup {
    bool fresh;                 /* false: the server as the interaction before left it */
    char *fixtures;             /* fresh: the fixture file; NULL: the built-in default */
    char *organization;         /* its organization ({{organization_id}}), or NULL */
    char *token;                /* {{token}}, or NULL: the organization's widest */
    char *clock;                /* frozen at this instant, or NULL */
    cJSON *scenarios;           /* activated (as a contract's "scenarios") */
    cJSON *steps;               /* setup interactions of the project's format, in order */
    cJSON *params;              /* every state's params: values for ${name} and {{name}} */
    char *given;                /* "A", "B": the states' names for the report, or NULL */
} pact_setup;

/* Resolves the states of a read interaction (pact.h) through the states
 * file (r->opts->states, else contracts/states.json) and the recorder's
 * two states. fixtures: the pact's default. false with err set. */
bool pact_states_resolve(run *r, const cJSON *states, const char *fixtures, pact_setup *out,
                         char *err, size_t errlen);
void pact_setup_free(pact_setup *s);

/* Verifies a pact document (pact_detect) as the file r->file. */
void verify_pact_file(run *r, const cJSON *doc);
void verify_states_free(run *r);

#endif

/* server.c -- starting and stopping a whole zoho-mock: fixtures, journal, HTTP (main and tests share it) */
#include "http/server.h"

#include <stdio.h>

#include "admin/admin.h"
#include "admin/journal.h"
#include "admin/state.h"
#include "contract/record.h"
#include "http/access.h"
#include "http/dispatch.h"
#include "http/http.h"
#include "http/replay.h"
#include "http/router.h"
#include "inventory/inventory.h"
#include "model/fixtures.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "zoho/auth.h"

int server_routes_ready(char *err, size_t errlen)
{
    alloc_init();
    return inventory_init(err, errlen) != 0 || router_build(err, errlen) != 0 ? -1 : 0;
}

int server_start(const zm_server_options *opts, char *err, size_t errlen)
{
    if (server_routes_ready(err, errlen) != 0) return -1;
    /* Not serving yet: the organizations come and go under the global lock. */
    model_write_lock();
    int loaded = fixtures_load(opts->fixtures, err, errlen);
    bool builtin = fixtures_builtin();
    model_global_unlock();
    if (loaded != 0) return -1;
    journal_init(opts->journal_capacity ? opts->journal_capacity : 1000);
    /* The saved state before anything else may change the model. */
    if (opts->state_path &&
        state_start(opts->state_path, opts->state_compact_bytes, replay_call, err, errlen) != 0) {
        server_stop();
        return -1;
    }
    admin_set_verify_program(opts->verify_program);
    /* A recording of the built-in fixtures names none: verify's default. */
    contract_record_options record = {.dir = opts->record_dir,
                                      .fixtures = builtin ? NULL : opts->fixtures,
                                      .format = (contract_record_format)opts->record_format,
                                      .pact_consumer = opts->pact_consumer,
                                      .pact_provider = opts->pact_provider};
    if ((opts->record_dir && contract_record_start(&record, err, errlen) != 0) ||
        (opts->proxy_url && contract_proxy_start(opts->proxy_url, err, errlen) != 0)) {
        server_stop();
        return -1;
    }
    access_configure(opts->admin_token, opts->cors_origins, opts->num_cors_origins);
    scenario_init(opts->seed);
    for (size_t i = 0; i < opts->num_scenarios; i++) {
        char why[768];
        if (scenario_activate_path(opts->scenarios[i], NULL, why, sizeof why) != 0) {
            snprintf(err, errlen, "scenario %s: %s", opts->scenarios[i], why);
            server_stop();
            return -1;
        }
    }
    zm_http_options http = {
        .bind = opts->bind ? opts->bind : "127.0.0.1",
        .port = opts->port,
        .threads = opts->threads > 0 ? opts->threads : HTTP_DEFAULT_THREADS,
        .request_timeout_ms = opts->request_timeout_ms,
        .idle_timeout_ms = opts->idle_timeout_ms,
        .quiet = opts->quiet,
    };
    int port = http_start(&http, err, errlen);
    if (port < 0) server_stop();
    return port;
}

void server_stop(void)
{
    scenario_waits_stop(true);      /* delays and hangs end now */
    http_stop();
    state_stop();               /* no call runs any more: the last snapshot */
    scenario_shutdown();
    contract_proxy_stop();
    contract_record_stop();
    journal_free();
    access_clear();
    model_write_lock();         /* no longer serving: nothing holds an organization */
    model_clear();
    model_global_unlock();
}

bool server_fixtures_builtin(void)
{
    model_lock();
    bool builtin = fixtures_builtin();
    model_unlock();
    return builtin;
}

int server_example_credentials(char *org, size_t orglen, char *token, size_t tokenlen)
{
    model_lock();
    zm_org *o = g_model.orgs.n ? g_model.orgs.v[0] : NULL;
    const zm_token *t = auth_default_token(o);
    if (t) {
        snprintf(org, orglen, "%s", o->organization_id);
        snprintf(token, tokenlen, "%s", t->token);
    }
    model_unlock();
    return t ? 0 : -1;
}

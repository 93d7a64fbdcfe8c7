/* fuzz_lua.c -- fuzz target: any JSON through the Lua scenario conversions (request and response to tables, tables back to answers) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "scenario/scenario.h"

/* A script that hands the fuzz JSON back as the hook's whole answer
 * (status, body, headers, delay_ms, fault from the input), as a body, or
 * inside the model's answer. */
static const char script[] =
    "function on_request(req)\n"
    "  local mode = req.query.mode\n"
    "  if mode == 'answer' and type(req.body) == 'table' then return req.body end\n"
    "  if mode == 'body' then return {status = 200, body = req.body or {}} end\n"
    "end\n"
    "function on_response(req, res)\n"
    "  if req.query.mode == 'inside' and type(res.body) == 'table' then\n"
    "    res.body.fuzz = req.body\n"
    "    return res\n"
    "  end\n"
    "end\n";

void fuzz_lua_init(void)
{
    fuzz_server_state();
    char err[512];
    if (scenario_activate_source("fuzz", script, sizeof script - 1, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "fuzz: the script does not load: %s\n", err);
        abort();
    }
}

/* The input: one byte (the mode), then the request's JSON body. */
int fuzz_lua_one(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    static const char *const modes[] = {"answer", "body", "inside"};
    char query[96];
    snprintf(query, sizeof query, "organization_id=10234695&mode=%s", modes[data[0] % 3]);
    fuzz_serve("GET", "/inventory/v1/users", query,
               "Authorization: Zoho-oauthtoken 1000.full.john\nContent-Type: application/json",
               (const char *)data + 1, size - 1);
    return 0;
}

FUZZ_TARGET(lua)

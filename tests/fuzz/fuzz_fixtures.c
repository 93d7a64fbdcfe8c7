/* fuzz_fixtures.c -- fuzz target: any text as a fixture file; what loads is reset and served */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "inventory/inventory.h"
#include "model/fixtures.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "zoho/auth.h"

void fuzz_fixtures_init(void)
{
    fuzz_server_state();
    model_lock();
    model_clear();
    model_unlock();
}

int fuzz_fixtures_one(const uint8_t *data, size_t size)
{
    char err[1024];
    model_lock();
    int rc = fixtures_load_text("fuzz.json", (const char *)data, size, err, sizeof err);
    if (rc == 0 && fixtures_reset(NULL) != 0) abort();   /* what loaded must restore */
    /* A few organizations' views, with a token of theirs. */
    char org[3][ID_LEN], token[3][256];
    size_t n = 0;
    for (size_t i = 0; rc == 0 && i < g_model.orgs.n && n < 3; i++) {
        const zm_token *t = auth_default_token(g_model.orgs.v[i]);
        if (!t) continue;
        snprintf(org[n], ID_LEN, "%s", g_model.orgs.v[i]->organization_id);
        snprintf(token[n], sizeof token[n], "%s", t->token);
        n++;
    }
    model_unlock();
    static const char *const reads[] = {"/inventory/v1/items", "/inventory/v1/locations", "/inventory/v1/users",
                                        "/inventory/v1/inventorycounts", "/inventory/v1/organizations"};
    for (size_t i = 0; i < n; i++) {
        char query[64], auth[300];
        snprintf(query, sizeof query, "organization_id=%s", org[i]);
        snprintf(auth, sizeof auth, "Authorization: Zoho-oauthtoken %s", token[i]);
        for (size_t r = 0; r < sizeof reads / sizeof reads[0]; r++) fuzz_serve("GET", reads[r], query, auth, NULL, 0);
    }
    model_lock();
    model_clear();
    model_unlock();
    return 0;
}

FUZZ_TARGET(fixtures)

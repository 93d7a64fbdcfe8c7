/* state_api.c -- /__admin/state: an organization's whole state exported as JSON and imported back, and saving the --state snapshot now */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/state.h"
#include "http/handlers.h"
#include "inventory/org_snapshot.h"
#include "util/json_read.h"
#include "util/version.h"

/* GET /__admin/state[?organization_id=]: {"state": {"zoho_mock_state": 1,
 * "version", "organizations": [<org_snapshot>...]}}, every organization or
 * the one named. Each is read under its own lock: a consistent copy of it. */
void admin_state_get(zm_request *req, zm_reply *rep)
{
    zm_org *only;
    if (admin_org_query(req, rep, &only) < 0) return;
    cJSON *out = reply_success(rep, 200, "success");
    cJSON *state = cJSON_AddObjectToObject(out, "state");
    json_add_num(state, "zoho_mock_state", ZM_STATE_FORMAT);
    json_add_str(state, "version", ZM_VERSION);
    cJSON *orgs = cJSON_AddArrayToObject(state, "organizations");
    for (size_t i = 0; i < g_model.orgs.n; i++) {
        zm_org *org = g_model.orgs.v[i];
        if (only && org != only) continue;
        org_lock(org);
        cJSON_AddItemToArray(orgs, org_snapshot(org));
        org_unlock(org);
    }
}

/* PUT /__admin/state[?organization_id=]: a GET's answer (or its "state")
 * back in: each organization it holds (or only the one named) takes that
 * state whole, or nothing changes. The fixtures stay what reset restores. */
void admin_state_put(zm_request *req, zm_reply *rep)
{
    zm_org *only;
    if (admin_org_query(req, rep, &only) < 0) return;
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    const cJSON *inner = json_get(body, "state");
    const cJSON *state = cJSON_IsObject(inner) ? inner : body;
    zm_org_list built = {0};
    char why[800];
    if (state_build_orgs(state, only, &built, why, sizeof why) != 0) {
        reply_error(rep, ZE_INVALID_FIELD, why);
        return;
    }
    cJSON *ids = cJSON_CreateArray();
    model_lock();
    for (size_t i = 0; i < built.n; i++) {
        cJSON_AddItemToArray(ids, cJSON_CreateString(built.v[i]->organization_id));
        org_take_contents(model_find_org(built.v[i]->organization_id), built.v[i]);
    }
    request_journal(req, 200);
    model_unlock();
    VEC_FREE(built);
    cJSON *out = reply_success(rep, 200, "The state has been imported.");
    cJSON_AddItemToObject(out, "organization_ids", ids);
}

/* POST /__admin/state/save: the --state snapshot written now, the journal
 * emptied. {"state": {"file", "bytes", "through"}}. */
void admin_state_save(zm_request *req, zm_reply *rep)
{
    (void)req;
    char err[600] = "";
    uint64_t bytes = 0, through = 0;
    if (!state_enabled()) {
        reply_error(rep, ZE_VALIDATION, "The server keeps no state file: start it with --state FILE.");
        return;
    }
    if (state_save(err, sizeof err, &bytes, &through) != 0) {
        fprintf(stderr, "zoho-mock: state not saved: %s\n", err);
        reply_error(rep, ZE_INTERNAL);
        return;
    }
    cJSON *out = reply_success(rep, 200, "The state has been saved.");
    cJSON *s = cJSON_AddObjectToObject(out, "state");
    json_add_num(s, "bytes", (double)bytes);
    json_add_num(s, "through", (double)through);
}

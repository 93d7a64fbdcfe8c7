/* dispatch.c -- one API call from request to reply: route, Zoho auth, scope, organization, handler */
#include "http/dispatch.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "contract/contract.h"
#include "zoho/fields.h"
#include "admin/journal.h"
#include "http/router.h"
#include "scenario/scenario.h"
#include "inventory/scheduler.h"

bool scope_allows(const zm_token *token, const char *scope)
{
    const char *dot = strchr(scope, '.');
    size_t module_len = dot ? (size_t)(dot - scope) : strlen(scope);
    for (size_t i = 0; i < token->scopes.n; i++) {
        const char *s = token->scopes.v[i];
        if (strncasecmp(s, "ZohoInventory.", 14) != 0) continue;
        s += 14;
        if (strcasecmp(s, "FullAccess.all") == 0) return true;
        if (strcmp(s, scope) == 0) return true;
        if (strncmp(s, scope, module_len) == 0 && s[module_len] == '.' &&
            strcasecmp(s + module_len + 1, "ALL") == 0)
            return true;
    }
    return false;
}

/* Authorization: Zoho-oauthtoken <token>. Sets req->token/user or the error. */
static bool authenticate(zm_request *req, zm_reply *rep)
{
    const char *auth = request_header(req, "Authorization");
    if (!auth) {
        reply_error(rep, ZE_AUTH_MISSING);
        return false;
    }
    while (*auth == ' ') auth++;
    if (strncasecmp(auth, "Zoho-oauthtoken", 15) != 0 || (auth[15] != ' ' && auth[15] != '\0')) {
        reply_error(rep, ZE_NOT_AUTHORIZED);
        return false;
    }
    const char *value = auth + 15;
    while (*value == ' ') value++;
    if (!*value) {
        reply_error(rep, ZE_AUTH_MISSING);
        return false;
    }
    zm_token *t = model_find_token(value);
    if (!t || (t->expires_at && t->clock_org && clock_now(&t->clock_org->clock) >= t->expires_at)) {
        reply_error(rep, ZE_NOT_AUTHORIZED);
        return false;
    }
    req->token = t;
    req->user = model_find_user(t->user_id);
    if (!req->user) {
        reply_error(rep, ZE_NOT_AUTHORIZED);
        return false;
    }
    if (req->route->scope && !scope_allows(t, req->route->scope)) {
        reply_error(rep, ZE_NOT_AUTHORIZED);
        return false;
    }
    return true;
}

/* organization_id from the query, else the X-com-zoho-inventory-
 * organizationid header, else the user's only organization. */
static bool resolve_org(zm_request *req, zm_reply *rep)
{
    char id[64];
    int n = request_query(req, "organization_id", id, sizeof id);
    if (n < 0) {
        const char *h = request_header(req, "X-com-zoho-inventory-organizationid");
        if (h) {
            snprintf(id, sizeof id, "%s", h);
            n = (int)strlen(id);
        }
    }
    if (n <= 0) {
        zm_org *only = NULL;
        size_t count = 0;
        for (size_t i = 0; i < g_model.orgs.n; i++) {
            if (model_user_in_org(g_model.orgs.v[i], req->user->user_id)) {
                only = g_model.orgs.v[i];
                count++;
            }
        }
        if (count == 1) {
            req->org = only;
            return true;
        }
        reply_error(rep, ZE_ORG_REQUIRED);
        cJSON *info = cJSON_AddArrayToObject(rep->body, "error_info");
        for (size_t i = 0; i < g_model.orgs.n; i++) {
            zm_org *o = g_model.orgs.v[i];
            if (!model_user_in_org(o, req->user->user_id)) continue;
            cJSON *e = cJSON_CreateObject();
            json_add_str(e, "organization_id", o->organization_id);
            json_add_str(e, "name", o->name);
            cJSON_AddItemToArray(info, e);
        }
        return false;
    }
    zm_org *org = model_find_org(id);
    if (!org || !model_user_in_org(org, req->user->user_id)) {
        reply_error(rep, ZE_ORG_NOT_ASSOCIATED, id);
        return false;
    }
    req->org = org;
    return true;
}

void dispatch_request(zm_request *req, zm_reply *rep)
{
    /* --proxy: the upstream answers everything but the admin API. */
    if (contract_proxy_active() && strncmp(req->path, "/__admin", 8) != 0) {
        contract_proxy_forward(req, rep);
        return;
    }
    switch (router_match(req)) {
    case ROUTE_NOT_FOUND:
        reply_error(rep, ZE_INVALID_URL);
        return;
    case ROUTE_WRONG_METHOD:
        reply_error(rep, ZE_METHOD_NOT_ALLOWED, req->method);
        return;
    case ROUTE_FOUND:
        break;
    }
    const zm_route *route = req->route;
    if (route->kind == ROUTE_PUBLIC) {
        route->handler(req, rep);
        return;
    }
    model_lock();
    if (authenticate(req, rep) && (route->kind == ROUTE_NO_ORG || resolve_org(req, rep))) {
        if (req->org) org_run_due(req->org);    /* what fell due on its clock, first */
        /* Lua scenarios: rate limits and on_request may answer instead. */
        if (scenario_on_request(req, rep)) {
            route->handler(req, rep);
            if (!rep->body && !rep->raw_body) reply_error(rep, ZE_INTERNAL);
            scenario_on_response(req, rep);
        }
    }
    model_unlock();
    if (!rep->body && !rep->raw_body) reply_error(rep, ZE_INTERNAL);
}

void dispatch_finished(const zm_request *req, const zm_reply *rep, const char *body_text,
                       double duration_ms, bool quiet)
{
    const char *org = req->org ? req->org->organization_id : "-";
    if (!quiet) {
        /* One fprintf per line: stdio's lock keeps lines whole across threads. */
        fprintf(stdout, "%s %s %d %.2fms org=%s\n", req->method, req->path, rep->status,
                duration_ms, org);
        fflush(stdout);
    }
    /* The admin API is how tests read the journal: it stays out of it. */
    if (strncmp(req->path, "/__admin", 8) != 0) {
        journal_add(req, rep, body_text, duration_ms);
        contract_record_interaction(req, rep, body_text);
    }
}

/* auth.c -- Zoho's OAuth conventions on the API: the token, its scopes, the organization of a call */
#include "zoho/auth.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/json.h"

bool auth_scope_allows(const zm_token *token, const char *scope)
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

bool auth_authenticate(zm_request *req, zm_reply *rep)
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
    if (!t || (t->expires_at && t->clock_org && org_clock_now(t->clock_org) >= t->expires_at)) {
        reply_error(rep, ZE_NOT_AUTHORIZED);
        return false;
    }
    req->token = t;
    req->user = model_find_user(t->user_id);
    if (!req->user) {
        reply_error(rep, ZE_NOT_AUTHORIZED);
        return false;
    }
    if (req->route->scope && !auth_scope_allows(t, req->route->scope)) {
        reply_error(rep, ZE_NOT_AUTHORIZED);
        return false;
    }
    return true;
}

bool auth_resolve_org(zm_request *req, zm_reply *rep)
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

const zm_token *auth_default_token(const zm_org *org)
{
    const zm_token *best = NULL;
    size_t best_reach = 0;
    for (size_t i = 0; org && i < g_model.tokens.n; i++) {
        const zm_token *t = g_model.tokens.v[i];
        if (t->expires_at || !model_user_in_org(org, t->user_id)) continue;
        size_t reach = auth_scope_allows(t, "FullAccess.all") ? SIZE_MAX : t->scopes.n;
        if (reach > best_reach) best = t, best_reach = reach;
    }
    return best;
}

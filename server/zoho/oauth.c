/* oauth.c -- accounts.zoho.com on the same port: consent, the token grants real clients use, revocation */
#include <civetweb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/handlers.h"
#include "model/org_state.h"
#include "model/state_log.h"
#include "zoho/fields.h"

#define OAUTH_EXPIRES_IN 3600
#define OAUTH_CODE_EXPIRES_IN 120     /* Zoho's grant tokens live two minutes */
#define OAUTH_PARAM_MAX 512

/* accounts.zoho.com answers OAuth errors with HTTP 200 and a body of just
 * {"error":"<code>"}: clients look for "error", not at the status. These
 * are OAuth's own bodies, not Zoho API errors, so they do not go through
 * the Zoho error table. */
static void oauth_error(zm_reply *rep, const char *error)
{
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "error", error);
    reply_json(rep, 200, body);
}

/* A parameter from the query string, else from an urlencoded body (the
 * content type absent counts as urlencoded, as curl -d sends). Returns
 * false when absent or empty; an over-long value counts as absent. */
static bool oauth_param(const zm_request *req, const char *name, char *buf, size_t size)
{
    if (req->query && *req->query &&
        mg_get_var2(req->query, strlen(req->query), name, buf, size, 0) > 0)
        return true;
    const char *ct = request_header(req, "Content-Type");
    bool form = !ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0;
    if (form && req->raw_body && req->raw_body_len &&
        mg_get_var2(req->raw_body, req->raw_body_len, name, buf, size, 0) > 0)
        return true;
    return false;
}

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t fnv1a64(const char *s)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001B3ULL;
    }
    return h;
}

/* "1000.<32 hex>.<32 hex>" from the issue serial and the client id: the
 * same fixtures and the same calls give the same tokens. */
static void make_token_value(const char *client_id, char out[72])
{
    do {
        uint64_t state = fnv1a64(client_id) ^ (g_model.token_serial++ * 0xD1B54A32D192ED03ULL);
        uint64_t w[4];
        for (int i = 0; i < 4; i++) w[i] = splitmix64(&state);
        snprintf(out, 72, "1000.%016llx%016llx.%016llx%016llx", (unsigned long long)w[0],
                 (unsigned long long)w[1], (unsigned long long)w[2], (unsigned long long)w[3]);
    } while (model_find_token(out));
}

/* --state: what a call did to the tokens and grants, journaled as the
 * change itself (the call carries a client secret the journal must not
 * keep). The global lock is held exclusively. */
static void journal_issued(const char *kind, cJSON *what)
{
    if (!state_log_active()) {
        cJSON_Delete(what);
        return;
    }
    cJSON *rec = cJSON_CreateObject();
    json_add_str(rec, "t", kind);
    cJSON_AddItemToObject(rec, kind, what);
    char serial[24];
    snprintf(serial, sizeof serial, "%llu", (unsigned long long)g_model.token_serial);
    json_add_str(rec, "serial", serial);
    state_log_append(rec);
}

static void journal_value(const char *kind, const char *name, const char *value)
{
    if (!state_log_active()) return;
    cJSON *rec = cJSON_CreateObject();
    json_add_str(rec, "t", kind);
    json_add_str(rec, name, value);
    state_log_append(rec);
}

static zm_client *find_client(const char *client_id)
{
    for (size_t i = 0; i < g_model.clients.n; i++)
        if (strcmp(g_model.clients.v[i]->client_id, client_id) == 0) return g_model.clients.v[i];
    return NULL;
}

/* How it works. Four ways to a token, as accounts.zoho.com offers them:
 *   refresh_token       a client's refresh token (fixtures) or one an
 *                       offline authorization code was exchanged for;
 *   authorization_code  GET /oauth/v2/auth consents at once and redirects
 *                       to redirect_uri with a one-use code (two minutes on
 *                       the client organization's clock), which POST
 *                       /oauth/v2/token exchanges (with a refresh token when
 *                       access_type=offline);
 *   client_credentials  Zoho's self client: soid=ZohoInventory.<org id>
 *                       names the organization, scope the scopes;
 * and POST /oauth/v2/token/revoke?token= ends a refresh token (and the
 * access tokens issued for it) or an access token. Every answer's
 * api_domain and the redirect's accounts-server point back at this server
 * (the Host the client used), whatever data centre it thinks it talks to. */

/* Now on the client organization's clock (real time without one). */
static int64_t client_now(const zm_client *client)
{
    static const zm_clock real = {0};
    return client->org ? org_clock_now(client->org) : clock_now(&real);
}

/* http://<the Host the client used>. */
static void own_base(const zm_request *req, char *out, size_t size)
{
    const char *host = request_header(req, "Host");
    snprintf(out, size, "http://%s", host && *host ? host : "127.0.0.1");
}

/* Scopes from a "a,b c" parameter (Zoho separates them with commas). */
static void parse_scopes(const char *text, zm_strings *out)
{
    char *copy = xstrdup(text);
    for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) VEC_PUSH(*out, xstrdup(tok));
    free(copy);
}

/* An access token for the client's user (and, with refresh, what it came
 * from); fills the success body. The model lock is held. */
static void issue_token(zm_request *req, zm_reply *rep, const zm_client *client, char *const *scopes,
                        size_t nscopes, const char *refresh_for, const char *new_refresh)
{
    zm_token *t = xcalloc(1, sizeof *t);
    char value[72];
    make_token_value(client->client_id, value);
    t->token = xstrdup(value);
    snprintf(t->user_id, ID_LEN, "%s", client->user_id);
    for (size_t i = 0; i < nscopes; i++) VEC_PUSH(t->scopes, xstrdup(scopes[i]));
    t->issued = true;
    t->clock_org = client->org;
    t->refresh_token = refresh_for ? xstrdup(refresh_for) : NULL;
    t->expires_at = client_now(client) + OAUTH_EXPIRES_IN;
    VEC_PUSH(g_model.tokens, t);
    journal_issued("token", token_to_state(t));

    size_t scope_len = 1;
    for (size_t i = 0; i < nscopes; i++) scope_len += strlen(scopes[i]) + 1;
    char *scope = xmalloc(scope_len);
    scope[0] = '\0';
    for (size_t i = 0; i < nscopes; i++) {
        if (i) strcat(scope, " ");
        strcat(scope, scopes[i]);
    }
    /* Clients build API URLs from api_domain: point them back at this mock. */
    char domain[300];
    own_base(req, domain, sizeof domain);

    cJSON *body = cJSON_CreateObject();
    json_add_str(body, "access_token", value);
    if (new_refresh) json_add_str(body, "refresh_token", new_refresh);
    json_add_str(body, "scope", scope);
    json_add_str(body, "api_domain", domain);
    json_add_str(body, "token_type", "Bearer");
    json_add_num(body, "expires_in", OAUTH_EXPIRES_IN);
    reply_json(rep, 200, body);
    free(scope);
}

static zm_grant *find_grant(const char *value, bool is_code)
{
    for (size_t i = 0; i < g_model.grants.n; i++)
        if (g_model.grants.v[i]->is_code == is_code && !strcmp(g_model.grants.v[i]->value, value))
            return g_model.grants.v[i];
    return NULL;
}

static void remove_grant(zm_grant *g)
{
    journal_value("grant_gone", "value", g->value);
    for (size_t i = 0; i < g_model.grants.n; i++) {
        if (g_model.grants.v[i] == g) {
            VEC_REMOVE(g_model.grants, i);
            break;
        }
    }
    grant_free(g);
}

/* A new grant value: "1000.<32 hex>.<32 hex>", like tokens. */
static zm_grant *new_grant(const zm_client *client, bool is_code)
{
    zm_grant *g = xcalloc(1, sizeof *g);
    char value[72];
    do make_token_value(client->client_id, value);
    while (find_grant(value, true) || find_grant(value, false));
    g->value = xstrdup(value);
    g->is_code = is_code;
    g->client = client;
    VEC_PUSH(g_model.grants, g);
    return g;
}

static void grant_refresh(zm_request *req, zm_reply *rep, const zm_client *client, const char *refresh)
{
    if (!client->refresh_revoked && !strcmp(client->refresh_token, refresh)) {
        issue_token(req, rep, client, client->scopes.v, client->scopes.n, refresh, NULL);
        return;
    }
    zm_grant *g = find_grant(refresh, false);
    if (!g || g->client != client) {
        oauth_error(rep, "invalid_code");
        return;
    }
    issue_token(req, rep, client, g->scopes.v, g->scopes.n, refresh, NULL);
}

static void grant_code(zm_request *req, zm_reply *rep, const zm_client *client)
{
    char code[OAUTH_PARAM_MAX], redirect[OAUTH_PARAM_MAX];
    if (!oauth_param(req, "code", code, sizeof code)) {
        oauth_error(rep, "invalid_request");
        return;
    }
    zm_grant *g = find_grant(code, true);
    if (!g || g->client != client || client_now(client) >= g->expires_at) {
        if (g && g->client == client) remove_grant(g);     /* expired: gone */
        oauth_error(rep, "invalid_code");
        return;
    }
    if (oauth_param(req, "redirect_uri", redirect, sizeof redirect) && g->redirect_uri &&
        strcmp(redirect, g->redirect_uri) != 0) {
        oauth_error(rep, "invalid_redirect_uri");
        return;
    }
    zm_grant *refresh = NULL;
    if (g->offline) {
        refresh = new_grant(client, false);
        for (size_t i = 0; i < g->scopes.n; i++) VEC_PUSH(refresh->scopes, xstrdup(g->scopes.v[i]));
        journal_issued("grant", grant_to_state(refresh));
    }
    issue_token(req, rep, client, g->scopes.v, g->scopes.n, refresh ? refresh->value : NULL,
                refresh ? refresh->value : NULL);
    remove_grant(g);                /* a code is used once */
}

static void grant_client_credentials(zm_request *req, zm_reply *rep, const zm_client *client)
{
    char soid[OAUTH_PARAM_MAX], scope[OAUTH_PARAM_MAX];
    if (!oauth_param(req, "soid", soid, sizeof soid) || strncmp(soid, "ZohoInventory.", 14) != 0) {
        oauth_error(rep, "invalid_request");
        return;
    }
    const zm_org *org = model_find_org(soid + 14);
    if (!org || !model_user_in_org(org, client->user_id)) {
        oauth_error(rep, "invalid_client");
        return;
    }
    zm_strings scopes = {0};
    if (oauth_param(req, "scope", scope, sizeof scope)) parse_scopes(scope, &scopes);
    else for (size_t i = 0; i < client->scopes.n; i++) VEC_PUSH(scopes, xstrdup(client->scopes.v[i]));
    issue_token(req, rep, client, scopes.v, scopes.n, NULL, NULL);
    for (size_t i = 0; i < scopes.n; i++) free(scopes.v[i]);
    VEC_FREE(scopes);
}

void oauth_token(zm_request *req, zm_reply *rep)
{
    char grant[64], client_id[OAUTH_PARAM_MAX], secret[OAUTH_PARAM_MAX], refresh[OAUTH_PARAM_MAX];
    bool known = oauth_param(req, "grant_type", grant, sizeof grant) &&
                 (!strcmp(grant, "refresh_token") || !strcmp(grant, "authorization_code") ||
                  !strcmp(grant, "client_credentials"));
    if (!known) {
        oauth_error(rep, "unsupported_grant_type");
        return;
    }
    if (!oauth_param(req, "client_id", client_id, sizeof client_id) ||
        !oauth_param(req, "client_secret", secret, sizeof secret) ||
        (!strcmp(grant, "refresh_token") && !oauth_param(req, "refresh_token", refresh, sizeof refresh))) {
        oauth_error(rep, "invalid_request");
        return;
    }
    model_write_lock();         /* tokens and token_serial are global */
    const zm_client *client = find_client(client_id);
    if (!client || strcmp(client->client_secret, secret) != 0) oauth_error(rep, "invalid_client");
    else if (!strcmp(grant, "refresh_token")) grant_refresh(req, rep, client, refresh);
    else if (!strcmp(grant, "authorization_code")) grant_code(req, rep, client);
    else grant_client_credentials(req, rep, client);
    model_global_unlock();
}

/* GET /oauth/v2/auth: the consent screen, answered yes at once. */
void oauth_authorize(zm_request *req, zm_reply *rep)
{
    char type[32], client_id[OAUTH_PARAM_MAX], scope[OAUTH_PARAM_MAX], redirect[OAUTH_PARAM_MAX];
    char state[OAUTH_PARAM_MAX] = "", access[32] = "", location[16] = "us";
    if (!oauth_param(req, "response_type", type, sizeof type) || strcmp(type, "code") != 0 ||
        !oauth_param(req, "client_id", client_id, sizeof client_id) ||
        !oauth_param(req, "scope", scope, sizeof scope) ||
        !oauth_param(req, "redirect_uri", redirect, sizeof redirect)) {
        cJSON *body = cJSON_CreateObject();
        cJSON_AddStringToObject(body, "error", "invalid_request");
        reply_json(rep, 400, body);
        return;
    }
    oauth_param(req, "state", state, sizeof state);
    oauth_param(req, "access_type", access, sizeof access);
    oauth_param(req, "location", location, sizeof location);
    model_write_lock();         /* grants are global */
    const zm_client *client = find_client(client_id);
    if (!client) {
        model_global_unlock();
        cJSON *body = cJSON_CreateObject();
        cJSON_AddStringToObject(body, "error", "invalid_client");
        reply_json(rep, 400, body);
        return;
    }
    zm_grant *g = new_grant(client, true);
    g->redirect_uri = xstrdup(redirect);
    g->offline = !strcmp(access, "offline");
    g->expires_at = client_now(client) + OAUTH_CODE_EXPIRES_IN;
    parse_scopes(scope, &g->scopes);
    journal_issued("grant", grant_to_state(g));
    char code[72];
    snprintf(code, sizeof code, "%s", g->value);
    model_global_unlock();

    char base[300], e_base[900], e_state[1600], e_code[240];
    own_base(req, base, sizeof base);
    mg_url_encode(base, e_base, sizeof e_base);
    mg_url_encode(state, e_state, sizeof e_state);
    mg_url_encode(code, e_code, sizeof e_code);
    char *location_header = xasprintf("%s%scode=%s&location=%s&accounts-server=%s%s%s", redirect,
                                      strchr(redirect, '?') ? "&" : "?", e_code, location, e_base,
                                      *state ? "&state=" : "", e_state);
    rep->status = 302;
    rep->raw_body = xstrdup("");
    reply_header(rep, "Location", location_header);
    free(location_header);
}

/* POST /oauth/v2/token/revoke?token=: a refresh token (with the access
 * tokens issued for it) or an access token. */
void oauth_revoke(zm_request *req, zm_reply *rep)
{
    char token[OAUTH_PARAM_MAX];
    if (!oauth_param(req, "token", token, sizeof token)) {
        oauth_error(rep, "invalid_request");
        return;
    }
    model_write_lock();     /* grants and tokens are global */
    bool found = model_revoke_token(token);
    if (found) journal_value("revoke", "token", token);
    model_global_unlock();
    if (!found) {
        oauth_error(rep, "invalid_token");
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "status", "success");
    reply_json(rep, 200, body);
}

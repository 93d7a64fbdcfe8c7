/* oauth.c -- POST /oauth/v2/token: accounts.zoho.com's refresh-token grant, issuing expiring access tokens */
#include <civetweb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/handlers.h"
#include "zoho/fields.h"

#define OAUTH_EXPIRES_IN 3600
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

static zm_client *find_client(const char *client_id)
{
    for (size_t i = 0; i < g_model.clients.n; i++)
        if (strcmp(g_model.clients.v[i]->client_id, client_id) == 0) return g_model.clients.v[i];
    return NULL;
}

/* Issues the token and fills the success body; the global model lock is
 * held exclusive. */
static void issue_token(zm_request *req, zm_reply *rep, const zm_client *client)
{
    zm_token *t = xcalloc(1, sizeof *t);
    char value[72];
    make_token_value(client->client_id, value);
    t->token = xstrdup(value);
    snprintf(t->user_id, ID_LEN, "%s", client->user_id);
    for (size_t i = 0; i < client->scopes.n; i++) VEC_PUSH(t->scopes, xstrdup(client->scopes.v[i]));
    t->issued = true;
    t->clock_org = client->org;
    zm_clock real = {0};
    t->expires_at = (client->org ? org_clock_now(client->org) : clock_now(&real)) + OAUTH_EXPIRES_IN;
    VEC_PUSH(g_model.tokens, t);

    size_t scope_len = 1;
    for (size_t i = 0; i < client->scopes.n; i++) scope_len += strlen(client->scopes.v[i]) + 1;
    char *scope = xmalloc(scope_len);
    scope[0] = '\0';
    for (size_t i = 0; i < client->scopes.n; i++) {
        if (i) strcat(scope, " ");
        strcat(scope, client->scopes.v[i]);
    }

    /* Clients build API URLs from api_domain: point them back at this mock. */
    const char *host = request_header(req, "Host");
    char domain[300];
    snprintf(domain, sizeof domain, "http://%s", host && *host ? host : "127.0.0.1");

    cJSON *body = cJSON_CreateObject();
    json_add_str(body, "access_token", value);
    json_add_str(body, "scope", scope);
    json_add_str(body, "api_domain", domain);
    json_add_str(body, "token_type", "Bearer");
    json_add_num(body, "expires_in", OAUTH_EXPIRES_IN);
    reply_json(rep, 200, body);
    free(scope);
}

void oauth_token(zm_request *req, zm_reply *rep)
{
    char grant[64], refresh[OAUTH_PARAM_MAX], client_id[OAUTH_PARAM_MAX], secret[OAUTH_PARAM_MAX];
    if (!oauth_param(req, "grant_type", grant, sizeof grant) || strcmp(grant, "refresh_token") != 0) {
        oauth_error(rep, "unsupported_grant_type");
        return;
    }
    if (!oauth_param(req, "refresh_token", refresh, sizeof refresh) ||
        !oauth_param(req, "client_id", client_id, sizeof client_id) ||
        !oauth_param(req, "client_secret", secret, sizeof secret)) {
        oauth_error(rep, "invalid_request");
        return;
    }
    model_write_lock();         /* tokens and token_serial are global */
    const zm_client *client = find_client(client_id);
    if (!client || strcmp(client->client_secret, secret) != 0)
        oauth_error(rep, "invalid_client");
    else if (strcmp(client->refresh_token, refresh) != 0)
        oauth_error(rep, "invalid_code");
    else
        issue_token(req, rep, client);
    model_global_unlock();
}

/* access.c -- who may call what: the admin token (--admin-token) and the browser origins allowed (--cors) */
#include "http/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/alloc.h"

/* Set once at start (server_start), read by every request. */
static char *admin_token;
static char **origins;
static size_t num_origins;

void access_configure(const char *token, const char *const *cors_origins, size_t n)
{
    access_clear();
    admin_token = token && *token ? xstrdup(token) : NULL;
    origins = n ? xcalloc(n, sizeof *origins) : NULL;
    for (size_t i = 0; i < n; i++) origins[i] = xstrdup(cors_origins[i]);
    num_origins = n;
}

bool access_admin_guarded(void)
{
    return admin_token != NULL;
}

void access_clear(void)
{
    free(admin_token);
    admin_token = NULL;
    for (size_t i = 0; i < num_origins; i++) free(origins[i]);
    free(origins);
    origins = NULL;
    num_origins = 0;
}

/* Compares in time that depends on the lengths only, not on where the
 * first difference is. */
static bool same_secret(const char *given, size_t given_len, const char *secret)
{
    size_t n = strlen(secret);
    unsigned char diff = given_len != n;
    for (size_t i = 0; i < n; i++) diff |= (unsigned char)(secret[i] ^ (i < given_len ? given[i] : 0));
    return diff == 0;
}

bool access_admin_allowed(const zm_request *req, zm_reply *rep)
{
    if (!admin_token || strncmp(req->path, "/__admin", 8) != 0) return true;
    const char *auth = request_header(req, "Authorization");
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
        const char *t = auth + 7;
        while (*t == ' ') t++;
        if (same_secret(t, strlen(t), admin_token)) return true;
    }
    reply_error(rep, ZE_ADMIN_TOKEN);
    reply_header(rep, "WWW-Authenticate", "Bearer realm=\"zoho-mock admin\"");
    return false;
}

/* The request's Origin when it is allowed, else NULL. */
static const char *allowed_origin(const zm_request *req)
{
    const char *origin = request_header(req, "Origin");
    if (!origin) return NULL;
    for (size_t i = 0; i < num_origins; i++)
        if (strcmp(origins[i], "*") == 0 || strcasecmp(origins[i], origin) == 0) return origin;
    return NULL;
}

/* Headers a browser client may read besides the simple ones. */
static const char exposed[] =
    "X-Rate-Limit-Limit, X-Rate-Limit-Remaining, X-Rate-Limit-Reset, Retry-After, "
    "X-Zoho-Mock-Scenario-Error";

bool access_preflight(const zm_request *req, zm_reply *rep)
{
    const char *origin = request_header(req, "Origin");
    if (strcmp(req->method, "OPTIONS") != 0 || !origin ||
        !request_header(req, "Access-Control-Request-Method"))
        return false;
    if (!allowed_origin(req)) {
        reply_error(rep, ZE_CORS_ORIGIN, origin, origin);
        return true;
    }
    const char *asked = request_header(req, "Access-Control-Request-Headers");
    reply_json(rep, 204, NULL);
    rep->raw_body = xstrdup("");
    reply_header(rep, "Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, PATCH, OPTIONS");
    reply_header(rep, "Access-Control-Allow-Headers",
                 asked && *asked ? asked : "Authorization, Content-Type, X-com-zoho-inventory-organizationid");
    reply_header(rep, "Access-Control-Max-Age", "600");
    return true;
}

void access_cors_headers(const zm_request *req, zm_reply *rep)
{
    const char *origin = allowed_origin(req);
    if (!origin) return;
    reply_header(rep, "Access-Control-Allow-Origin", origin);
    reply_header(rep, "Vary", "Origin");
    reply_header(rep, "Access-Control-Expose-Headers", exposed);
}

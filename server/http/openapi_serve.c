/* openapi_serve.c -- GET /__admin/openapi.json: the route table's OpenAPI document, built once, the caller's host put in */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/openapi.h"
#include "http/access.h"
#include "http/handlers.h"
#include "http/router.h"

/* Built on the first call (the route table is fixed by then) and kept,
 * one for an open admin API and one for a guarded one (--admin-token: the
 * document then describes the Admin_Token scheme on /__admin): a call
 * costs one copy of the text with the server's URL put in. */
static pthread_mutex_t built_lock = PTHREAD_MUTEX_INITIALIZER;
static char *built[2];

static const char *document(char *err, size_t errlen)
{
    bool guarded = access_admin_guarded();
    pthread_mutex_lock(&built_lock);
    if (!built[guarded]) {
        size_t n = router_count();
        const zm_route **routes = xcalloc(n ? n : 1, sizeof *routes);
        for (size_t i = 0; i < n; i++) routes[i] = router_route(i);
        built[guarded] = openapi_build(routes, n, guarded, err, errlen);
        free(routes);
        if (!built[guarded]) fprintf(stderr, "zoho-mock: GET /__admin/openapi.json: %s\n", err);
    }
    const char *doc = built[guarded];
    pthread_mutex_unlock(&built_lock);
    return doc;
}

/* "http://" and the Host the client used (what it can reach), when it is
 * a plain host[:port]; else the address the request came to is unknown
 * here, and 127.0.0.1 stands in. */
static void base_url(const zm_request *req, char *out, size_t size)
{
    const char *host = request_header(req, "Host");
    size_t n = host ? strlen(host) : 0;
    bool plain = n > 0 && n < 256;
    for (size_t i = 0; plain && i < n; i++) {
        char c = host[i];
        plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                c == '-' || c == ':' || c == '[' || c == ']';
    }
    snprintf(out, size, "http://%s", plain ? host : "127.0.0.1");
}

void admin_openapi(zm_request *req, zm_reply *rep)
{
    char err[256];
    const char *text = document(err, sizeof err);
    if (!text) {
        reply_error(rep, ZE_INTERNAL);
        return;
    }
    char base[300];
    base_url(req, base, sizeof base);
    size_t len;
    rep->status = 200;
    rep->raw_body = openapi_render(text, base, &len);
    rep->raw_body_len = len;
}

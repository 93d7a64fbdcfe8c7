/* peek.c -- GET /__admin/peek: what a Zoho GET endpoint answers, read as a full-access user, outside the traffic */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "http/handlers.h"
#include "http/router.h"
#include "zoho/auth.h"

/* The inner call: GET of path (its query after '?'), as the
 * organization's default token (full access preferred). */
static void inner_request(zm_request *inner, const char *target)
{
    const char *q = strchr(target, '?');
    memset(inner, 0, sizeof *inner);
    inner->method = xstrdup("GET");
    inner->path = q ? xstrndup(target, (size_t)(q - target)) : xstrdup(target);
    inner->query = xstrdup(q ? q + 1 : "");
    inner->peek = true;
}

/* GET /__admin/peek?organization_id=ID&path=/inventory/v1/items/ID%3Fper_page%3D5
 * The Zoho API's own answer (status and body) to a GET, as a user of the
 * organization with its fullest token would get it -- but it is not a
 * client's call: no journal entry, no recording, no scenario or rate
 * limit, no retrieve counted toward a background action, nothing due run
 * first. The dashboard reads documents and stock through it. */
void admin_peek(zm_request *req, zm_reply *rep)
{
    char target[2048];
    int n = request_query(req, "path", target, sizeof target);
    if (n == -1) {
        reply_error(rep, ZE_PARAM_MANDATORY, "path");
        return;
    }
    zm_request inner;
    zm_reply inner_rep;
    memset(&inner_rep, 0, sizeof inner_rep);
    inner_request(&inner, n > 0 ? target : "");
    if (n <= 0 || target[0] != '/' || router_match(&inner) != ROUTE_FOUND || inner.route->kind == ROUTE_PUBLIC) {
        request_free(&inner);
        reply_error(rep, ZE_INVALID_PARAM, "path");
        return;
    }
    zm_org *org;
    model_lock();
    int which = admin_org_query(req, rep, &org);
    const zm_token *token = org ? auth_default_token(org) : NULL;
    if (which == 0) reply_error(rep, ZE_PARAM_MANDATORY, "organization_id");
    else if (which > 0 && !token) reply_error(rep, ZE_NOT_FOUND, "A user with a token of the organization");
    if (which > 0 && token) {
        inner.org = org;
        inner.token = (zm_token *)token;
        inner.user = model_find_user(token->user_id);
        inner.route->handler(&inner, &inner_rep);
    }
    model_unlock();
    if (which > 0 && token) {
        if (!inner_rep.body && !inner_rep.raw_body) reply_error(&inner_rep, ZE_INTERNAL);
        reply_json(rep, inner_rep.status, inner_rep.body);
        rep->raw_body = inner_rep.raw_body;
        inner_rep.body = NULL;
        inner_rep.raw_body = NULL;
    }
    reply_free(&inner_rep);
    request_free(&inner);
}

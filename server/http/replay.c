/* replay.c -- an API call from the state journal run again through its route's handler (--state, at start) */
#include "http/replay.h"

#include <stdio.h>
#include <string.h>

#include "http/router.h"
#include "model/model.h"
#include "util/json.h"
#include "zoho/request.h"

static const char *text_of(const cJSON *rec, const char *name)
{
    const cJSON *v = json_get(rec, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double number_of(const cJSON *rec, const char *name)
{
    const cJSON *v = json_get(rec, name);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

bool replay_call(const cJSON *record, char *why, size_t whylen)
{
    zm_request req;
    zm_reply rep;
    memset(&rep, 0, sizeof rep);
    bool ok = false;
    if (!request_from_record(json_get(record, "request"), &req)) {
        snprintf(why, whylen, "not a call");
        request_free(&req);
        return false;
    }
    const char *org_id = text_of(record, "org"), *user_id = text_of(record, "user");
    if (router_match(&req) != ROUTE_FOUND) {
        snprintf(why, whylen, "%s %s: no such route", req.method, req.path);
        goto out;
    }
    const zm_route *route = req.route;
    clock_pin_wall((int64_t)number_of(record, "wall"));
    if (route->kind == ROUTE_PUBLIC) {
        route->handler(&req, &rep);
    } else {
        req.org = org_id ? model_find_org(org_id) : NULL;
        req.user = user_id ? model_find_user(user_id) : NULL;
        if (!req.org || !req.user) {
            snprintf(why, whylen, "%s %s: no such organization or user", req.method, req.path);
            clock_unpin_wall();
            goto out;
        }
        req.page_size_cap = (int)number_of(record, "cap");
        org_lock(req.org);
        route->handler(&req, &rep);
        org_unlock(req.org);
    }
    clock_unpin_wall();
    int was = (int)number_of(record, "status");
    ok = rep.status == was;
    if (!ok) snprintf(why, whylen, "%s %s answered %d, %d when it was made", req.method, req.path, rep.status, was);
out:
    reply_free(&rep);
    request_free(&req);
    return ok;
}

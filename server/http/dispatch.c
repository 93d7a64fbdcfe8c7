/* dispatch.c -- one API call from request to reply: route, Zoho auth, scope, organization, handler */
#include "http/dispatch.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "admin/journal.h"
#include "contract/record.h"
#include "http/access.h"
#include "http/router.h"
#include "inventory/scheduler.h"
#include "scenario/scenario.h"
#include "zoho/auth.h"
#include "zoho/fields.h"

static void dispatch_route(zm_request *req, zm_reply *rep)
{
    /* Text no handler should see, and the admin API's token, first. */
    if (!request_check_text(req, rep) || !access_admin_allowed(req, rep)) return;
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
        /* civetweb gives every open connection a worker thread, and a
         * browser keeps up to six idle for minutes: the dashboard's calls
         * (ui/api.js marks them) close theirs, leaving the workers to the
         * API's clients. */
        if (request_header(req, "X-Zoho-Mock-Dashboard")) reply_header(rep, "Connection", "close");
        return;
    }
    /* Locks (model/model.h): the global lock shared while the caller and
     * the organization are found, then the organization's own around what
     * fell due and around the handler; Lua hooks run in between holding
     * none, so no organization ever waits for another's. */
    model_read_lock();
    bool admitted = auth_authenticate(req, rep) && (route->kind == ROUTE_NO_ORG || auth_resolve_org(req, rep));
    model_global_unlock();
    req->token = NULL;          /* an issued token may go with a full reset */
    zm_org *org = req->org;
    if (admitted && org) {
        org_lock(org);
        org_run_due(org);       /* what fell due on its clock, first */
        org_unlock(org);
    }
    /* Lua scenarios: rate limits and on_request may answer instead. */
    if (admitted && scenario_on_request(req, rep)) {
        req->page_size_cap = scenario_page_size_cap(org);
        /* Without an organization (GET /organizations): all, in order. */
        if (org) org_lock(org);
        else model_lock_orgs();
        route->handler(req, rep);
        if (org) org_unlock(org);
        else model_unlock_orgs();
        if (!rep->body && !rep->raw_body) reply_error(rep, ZE_INTERNAL);
        scenario_on_response(req, rep);
    }
    /* The journal prints the call's time on its organization's clock. */
    if (org) {
        req->org_time = org_clock_now(org);
        req->org_utc_offset = org->clock.utc_offset_minutes;
    }
    if (!rep->body && !rep->raw_body) reply_error(rep, ZE_INTERNAL);
}

void dispatch_request(zm_request *req, zm_reply *rep)
{
    /* A browser's CORS preflight is answered before anything else (it
     * carries no credentials); every answer to an allowed origin says so. */
    if (!access_preflight(req, rep)) dispatch_route(req, rep);
    access_cors_headers(req, rep);
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

/* dispatch.c -- one API call from request to reply: route, Zoho auth, scope, organization, handler */
#include "http/dispatch.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "admin/journal.h"
#include "contract/record.h"
#include "http/access.h"
#include "admin/state.h"
#include "http/router.h"
#include "inventory/scheduler.h"
#include "model/org_state.h"
#include "model/state_log.h"
#include "scenario/scenario.h"
#include "zoho/auth.h"
#include "zoho/fields.h"

/* What a call may change that a read does not: a mark of the
 * organization taken before it runs (its lock held). */
typedef struct change_mark {
    uint64_t next_id, next_seq;
    size_t in_background;
} change_mark;

static change_mark mark_of(const zm_org *org)
{
    return (change_mark){org->next_id, org->next_seq, org->counts_in_background};
}

static bool marks_differ(const change_mark *a, const change_mark *b)
{
    return a->next_id != b->next_id || a->next_seq != b->next_seq || a->in_background != b->in_background;
}

/* Whether the state journal keeps the call (--state; its organization's
 * lock held, the handler done): every call but a read, and a read that
 * changed something -- a stock count's background action, which reads
 * advance and which finishes by the clock (the retrieve, lists), or what
 * fell due. Other reads change nothing, and the journal skips them. */
static bool call_changes(const zm_request *req, const zm_org *org, const change_mark *before)
{
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) return true;
    change_mark after = mark_of(org);
    return before->in_background || marks_differ(before, &after);
}

/* The route's handler, its organization's lock held; the call journaled
 * when it changed something (--state). */
static void run_handler(zm_request *req, zm_reply *rep, const zm_route *route, zm_org *org, bool journaled)
{
    change_mark before = mark_of(org);
    route->handler(req, rep);
    if (journaled && call_changes(req, org, &before)) request_journal(req, rep->status);
}

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
        /* One instant for the call (an admin call that changes the model
         * journals itself, with it: model/clock.h). */
        clock_pin_wall(0);
        route->handler(req, rep);
        clock_unpin_wall();
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
    bool journaled = state_log_active();
    bool handled = false;
    if (admitted && org) {
        org_lock(org);
        clock_pin_wall(0);      /* one instant for all it decides (the journal's) */
        change_mark before = mark_of(org);
        org_run_due(org);       /* what fell due on its clock, first */
        change_mark after = mark_of(org);
        if (journaled && marks_differ(&before, &after)) org_journal_due(org);
        /* No scenario to run in between: the handler under the same hold. */
        if (!scenario_any_active()) {
            run_handler(req, rep, route, org, journaled);
            handled = true;
        }
        org_unlock(org);
    }
    /* Lua scenarios: rate limits and on_request may answer instead. */
    if (admitted && !handled && scenario_on_request(req, rep)) {
        req->page_size_cap = scenario_page_size_cap(org);
        /* Without an organization (GET /organizations): all, in order. */
        if (org) {
            org_lock(org);
            clock_pin_wall(0);
            run_handler(req, rep, route, org, journaled);
            org_unlock(org);
        } else {
            model_lock_orgs();  /* reads every organization, changes none */
            route->handler(req, rep);
            model_unlock_orgs();
        }
        if (!rep->body && !rep->raw_body) reply_error(rep, ZE_INTERNAL);
        scenario_on_response(req, rep);
    }
    /* The journal prints the call's time on its organization's clock. */
    if (org) {
        req->org_time = org_clock_now(org);
        req->org_utc_offset = org->clock.utc_offset_minutes;
    }
    if (!rep->body && !rep->raw_body) reply_error(rep, ZE_INTERNAL);
    clock_unpin_wall();
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
    /* What the call journaled is on disk before anyone hears of it. */
    state_log_sync_mine();
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

void dispatch_after_reply(void)
{
    state_compact_if_grown();
}

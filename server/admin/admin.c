/* admin.c -- the /__admin API: health, fixture reset, and the request journal */
#include "admin/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/journal.h"
#include "http/handlers.h"
#include "model/fixtures.h"
#include "scenario/scenario.h"
#include "util/version.h"
#include "zoho/fields.h"

void admin_health(zm_request *req, zm_reply *rep)
{
    (void)req;
    size_t orgs = g_model.orgs.n;     /* fixed while serving (model/model.h) */
    cJSON *body = reply_success(rep, 200, "ok");
    json_add_str(body, "status", "healthy");
    json_add_str(body, "version", ZM_VERSION);
    json_add_num(body, "organizations", (double)orgs);
}

int admin_org_query(const zm_request *req, zm_reply *rep, zm_org **org)
{
    char id[64];
    *org = NULL;
    int n = request_query(req, "organization_id", id, sizeof id);
    if (n == -1) return 0;
    if (n <= 0 || !id_is_valid(id)) {
        reply_error(rep, ZE_INVALID_PARAM, "organization_id");
        return -1;
    }
    *org = model_find_org(id);
    if (!*org) {
        reply_error(rep, ZE_NOT_FOUND, "Organization");
        return -1;
    }
    return 1;
}

/* The optional {"clock": "2025-06-15T09:00:00+0530"} of a reset: true
 * with *has_clock false when absent; false after replying 400. */
static bool reset_clock(zm_request *req, zm_reply *rep, bool *has_clock, int64_t *t)
{
    cJSON *body = request_body(req, rep, false);
    const char *text = NULL;
    *has_clock = false;
    if (!body || !field_string(rep, body, "clock", false, &text, has_clock)) return false;
    int offset;
    if (*has_clock && clock_parse_datetime(text, t, &offset) != 0) {
        reply_error(rep, ZE_INVALID_FIELD, "clock");
        return false;
    }
    return true;
}

/* ?organization_id= restores that organization only; without it, all.
 * A body {"clock": ...} starts the restored organizations' clocks frozen
 * at that instant instead of the fixture's: a reset begins a new
 * timeline, so this is how a test (or `verify --target`) puts a running
 * server at an earlier date, which PUT /__admin/clock refuses. */
void admin_reset(zm_request *req, zm_reply *rep)
{
    zm_org *org;
    zm_id id = "";
    bool has_clock;
    int64_t t = 0;
    if (!reset_clock(req, rep, &has_clock, &t)) return;
    model_lock();
    int which = admin_org_query(req, rep, &org);
    if (which >= 0) {
        if (org) snprintf(id, ID_LEN, "%s", org->organization_id);
        fixtures_reset(org ? id : NULL);    /* valid fixtures: cannot fail */
        for (size_t i = 0; has_clock && i < g_model.orgs.n; i++)
            if (!org || g_model.orgs.v[i] == org) clock_freeze_at(&g_model.orgs.v[i]->clock, t);
    }
    model_unlock();
    if (which < 0) return;
    scenario_reset(org ? id : NULL);  /* scripts start over (after the model locks) */
    reply_success(rep, 200, "Fixtures have been restored.");
}

/* ?limit=N (a positive integer) keeps the N newest; absent lists all. */
void admin_requests_list(zm_request *req, zm_reply *rep)
{
    char buf[32];
    size_t limit = 0;
    int n = request_query(req, "limit", buf, sizeof buf);
    if (n != -1) {
        char *end = NULL;
        long v = n > 0 ? strtol(buf, &end, 10) : 0;
        if (n <= 0 || *end || v < 1) {
            reply_error(rep, ZE_INVALID_PARAM, "limit");
            return;
        }
        limit = (size_t)v;
    }
    cJSON *body = reply_success(rep, 200, "success");
    cJSON_AddItemToObject(body, "requests", journal_to_json(limit));
}

void admin_requests_clear(zm_request *req, zm_reply *rep)
{
    (void)req;
    journal_clear();
    reply_success(rep, 200, "The request journal has been cleared.");
}

/* {"method":"POST","path":"/inventory/v1/inventoryadjustments*"}: both
 * optional ('*' matches any run of characters, '/' included). */
void admin_requests_count(zm_request *req, zm_reply *rep)
{
    cJSON *body = request_body(req, rep, false);  /* no body: count everything */
    if (!body) return;
    const char *method = NULL, *path = NULL;
    if (!field_string(rep, body, "method", false, &method, NULL)) return;
    if (!field_string(rep, body, "path", false, &path, NULL)) return;
    size_t count = journal_count(method, path);
    cJSON *out = reply_success(rep, 200, "success");
    json_add_num(out, "count", (double)count);
}

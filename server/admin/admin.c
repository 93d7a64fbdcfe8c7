/* admin.c -- the /__admin API: health, fixture reset, and the request journal */
#include "admin/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/journal.h"
#include "contract/record.h"
#include "http/handlers.h"
#include "model/fixtures.h"
#include "scenario/scenario.h"
#include "util/version.h"
#include "zoho/auth.h"
#include "zoho/fields.h"

/* Besides the version: what a test helper needs to talk to this server --
 * the fixtures' organizations, and an organization with a token of one of
 * its users (the pair the ready line's curl uses). */
void admin_health(zm_request *req, zm_reply *rep)
{
    (void)req;
    cJSON *body = reply_success(rep, 200, "ok");
    json_add_str(body, "status", "healthy");
    json_add_str(body, "version", ZM_VERSION);
    model_lock();
    json_add_num(body, "organizations", (double)g_model.orgs.n);
    cJSON *ids = cJSON_AddArrayToObject(body, "organization_ids");
    for (size_t i = 0; i < g_model.orgs.n; i++)
        cJSON_AddItemToArray(ids, cJSON_CreateString(g_model.orgs.v[i]->organization_id));
    json_add_str(body, "fixtures", fixtures_builtin() ? "built-in" : g_model.fixture_path);
    zm_org *first = g_model.orgs.n ? g_model.orgs.v[0] : NULL;
    const zm_token *token = auth_default_token(first);
    if (token) {
        cJSON *cred = cJSON_AddObjectToObject(body, "credentials");
        json_add_str(cred, "organization_id", first->organization_id);
        json_add_str(cred, "token", token->token);
    } else {
        cJSON_AddNullToObject(body, "credentials");
    }
    model_unlock();
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
        request_journal(req, 200);          /* --state: replayed through here */
    }
    model_unlock();
    if (which < 0) return;
    scenario_reset(org ? id : NULL);  /* scripts start over (after the model locks) */
    contract_record_reset(org ? id : NULL);     /* a recorded pact notes the fresh start */
    reply_success(rep, 200, "Fixtures have been restored.");
}

/* A positive whole number of ?name=: true with *out (unchanged when
 * absent); false after replying 400 code 2. */
static bool query_count(const zm_request *req, zm_reply *rep, const char *name,
                        unsigned long long min, unsigned long long *out)
{
    char buf[32];
    int n = request_query(req, name, buf, sizeof buf);
    if (n == -1) return true;
    char *end = NULL;
    unsigned long long v = n > 0 && buf[0] != '-' ? strtoull(buf, &end, 10) : 0;
    if (n <= 0 || !end || *end || v < min) {
        reply_error(rep, ZE_INVALID_PARAM, name);
        return false;
    }
    *out = v;
    return true;
}

/* ?name= into buf (absent: ""); false after replying 400 code 2 when too long. */
static bool query_text(const zm_request *req, zm_reply *rep, const char *name, char *buf, size_t size)
{
    int n = request_query(req, name, buf, size);
    if (n == -2) {
        reply_error(rep, ZE_INVALID_PARAM, name);
        return false;
    }
    if (n < 0) buf[0] = '\0';
    return true;
}

/* GET /__admin/requests: newest first. ?limit=N keeps the N newest,
 * ?since=SEQ only those after that sequence; organization_id, method,
 * status (404, 4xx, 2xx,5xx), path ('*' pattern or a part of it) and text
 * filter; ?summary=true leaves headers and bodies out. */
void admin_requests_list(zm_request *req, zm_reply *rep)
{
    char org[64], method[16], status[64], path[512], text[512];
    unsigned long long limit = 0, since = 0;
    bool summary = false;
    journal_filter f;
    memset(&f, 0, sizeof f);
    if (!query_count(req, rep, "limit", 1, &limit) || !query_count(req, rep, "since", 0, &since) ||
        !query_text(req, rep, "organization_id", org, sizeof org) ||
        !query_text(req, rep, "method", method, sizeof method) ||
        !query_text(req, rep, "status", status, sizeof status) ||
        !query_text(req, rep, "path", path, sizeof path) ||
        !query_text(req, rep, "text", text, sizeof text) ||
        !request_query_bool(req, rep, "summary", false, &summary))
        return;
    if (status[0] && journal_filter_status(&f, status) != 0) {
        reply_error(rep, ZE_INVALID_PARAM, "status");
        return;
    }
    f.organization_id = org;
    f.method = method;
    f.path = path;
    f.text = text;
    f.since = since;
    f.limit = (size_t)limit;
    f.summary = summary;
    journal_list(&f, reply_success(rep, 200, "success"));
}

/* GET /__admin/requests/{sequence}: one entry with its headers and bodies. */
void admin_requests_get(zm_request *req, zm_reply *rep)
{
    const char *text = request_param(req, "sequence");
    char *end = NULL;
    unsigned long long seq = text && *text >= '0' && *text <= '9' ? strtoull(text, &end, 10) : 0;
    cJSON *entry = end && !*end ? journal_entry_json(seq) : NULL;
    if (!entry) {
        reply_error(rep, ZE_NOT_FOUND, "Request");
        return;
    }
    cJSON_AddItemToObject(reply_success(rep, 200, "success"), "request", entry);
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

/* scenarios.c -- /__admin/scenarios: activate, list and deactivate Lua scenarios */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/handlers.h"
#include "scenario/scenario.h"
#include "util/embedded.h"
#include "zoho/fields.h"

/* ?organization_id= or the body's: must name an organization. */
static bool admin_org(zm_reply *rep, const char *id, const char **out)
{
    *out = NULL;
    if (!id) return true;
    bool found = false;
    /* The organization list is fixed while serving: no lock (model.h). */
    if (id_is_valid(id)) found = model_find_org(id) != NULL;
    if (!found) {
        reply_error(rep, ZE_INVALID_FIELD, "organization_id");
        return false;
    }
    *out = id;
    return true;
}

/* Answers with the listing entry of the scenario just activated. */
static void reply_activated(zm_reply *rep, const char *name, const char *org_id)
{
    cJSON *body = reply_success(rep, 201, "The scenario is active.");
    cJSON *entry = scenario_entry_json(name, org_id);
    if (entry) cJSON_AddItemToObject(body, "scenario", entry);
}

void admin_scenarios_add(zm_request *req, zm_reply *rep)
{
    char err[SCENARIO_ERROR_MAX + 128];
    char org_buf[64], name[SCENARIO_NAME_MAX + 8];
    const char *org_id = NULL;
    const char *ct = request_header(req, "Content-Type");
    if (ct && strncasecmp(ct, "text/x-lua", 10) == 0) {
        int n = request_query(req, "organization_id", org_buf, sizeof org_buf);
        if (n == 0 || n == -2) {
            reply_error(rep, ZE_INVALID_PARAM, "organization_id");
            return;
        }
        if (!admin_org(rep, n > 0 ? org_buf : NULL, &org_id)) return;
        n = request_query(req, "name", name, sizeof name);
        if (n == -1) {
            scenario_inline_name(name, sizeof name);
        } else if (n < 0 || !scenario_name_ok(name)) {
            reply_error(rep, ZE_INVALID_PARAM, "name");
            return;
        }
        if (!req->raw_body || req->raw_body_len == 0) {
            reply_error(rep, ZE_PARAM_MANDATORY, "the Lua source (the request body)");
            return;
        }
        if (scenario_activate_source(name, req->raw_body, req->raw_body_len, org_id, err, sizeof err) != 0) {
            reply_error(rep, ZE_SCENARIO_LOAD, name, err);
            return;
        }
        reply_activated(rep, name, org_id);
        return;
    }
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    const char *file = NULL, *body_org = NULL;
    if (!field_string(rep, body, "file", true, &file, NULL)) return;
    if (!field_string(rep, body, "organization_id", false, &body_org, NULL)) return;
    int n = request_query(req, "organization_id", org_buf, sizeof org_buf);
    if (!body_org && n > 0) body_org = org_buf;
    if (!admin_org(rep, body_org, &org_id)) return;
    if (!scenario_file_name_ok(file)) {
        reply_error(rep, ZE_INVALID_FIELD, "file");
        return;
    }
    if (scenario_activate_file(file, org_id, err, sizeof err) != 0) {
        reply_error(rep, ZE_SCENARIO_LOAD, file, err);
        return;
    }
    const char *base = strrchr(file, '/');
    reply_activated(rep, base ? base + 1 : file, org_id);
}

void admin_scenarios_list(zm_request *req, zm_reply *rep)
{
    (void)req;
    cJSON *body = reply_success(rep, 200, "success");
    cJSON_AddItemToObject(body, "scenarios", scenario_list_json());
}

void admin_scenarios_clear(zm_request *req, zm_reply *rep)
{
    char org_buf[64];
    int n = request_query(req, "organization_id", org_buf, sizeof org_buf);
    if (n == 0 || n == -2) {
        reply_error(rep, ZE_INVALID_PARAM, "organization_id");
        return;
    }
    size_t gone = scenario_deactivate(NULL, n > 0 ? org_buf : NULL);
    cJSON *body = reply_success(rep, 200, "The scenarios have been deactivated.");
    json_add_num(body, "deactivated", (double)gone);
}

void admin_scenarios_delete(zm_request *req, zm_reply *rep)
{
    const char *name = request_param(req, "name");
    char org_buf[64];
    int n = request_query(req, "organization_id", org_buf, sizeof org_buf);
    if (n == 0 || n == -2) {
        reply_error(rep, ZE_INVALID_PARAM, "organization_id");
        return;
    }
    size_t gone = name ? scenario_deactivate(name, n > 0 ? org_buf : NULL) : 0;
    if (gone == 0) {
        char what[SCENARIO_NAME_MAX + 16];
        snprintf(what, sizeof what, "Scenario %s", name ? name : "");
        reply_error(rep, ZE_NOT_FOUND, what);
        return;
    }
    cJSON *body = reply_success(rep, 200, "The scenario has been deactivated.");
    json_add_num(body, "deactivated", (double)gone);
}

/* The text after "-- name.lua -- " on an example's first line. */
static char *example_summary(const char *source)
{
    size_t line = strcspn(source, "\n");
    const char *dash = line > 3 && strncmp(source, "-- ", 3) == 0 ? strstr(source + 3, " -- ") : NULL;
    if (!dash || (size_t)(dash - source) > line) return xstrdup("");
    return xstrndup(dash + 4, line - (size_t)(dash + 4 - source));
}

/* GET /__admin/scenarios/examples: the example scripts compiled into the
 * binary, [{"file","summary","source"}], each one a POST {"file"} away. */
void admin_scenarios_examples(zm_request *req, zm_reply *rep)
{
    (void)req;
    static const char dir[] = "scenarios/";
    cJSON *arr = cJSON_AddArrayToObject(reply_success(rep, 200, "success"), "examples");
    for (const zm_embedded_file *f = zm_embedded_files; f->name; f++) {
        size_t n = strlen(f->name);
        if (strncmp(f->name, dir, sizeof dir - 1) != 0 || n < 5 || strcmp(f->name + n - 4, ".lua") != 0) continue;
        cJSON *e = cJSON_CreateObject();
        const char *source = (const char *)f->data;
        char *summary = example_summary(source);
        json_add_str(e, "file", f->name + sizeof dir - 1);
        json_add_str(e, "summary", summary);
        json_add_str(e, "source", source);
        free(summary);
        cJSON_AddItemToArray(arr, e);
    }
}

/* background.c -- /__admin/background: the switches that keep stock count actions "in progress" */
#include <string.h>

#include "admin/admin.h"
#include "http/handlers.h"
#include "inventory/counts.h"
#include "zoho/fields.h"

static cJSON *org_switches(const zm_org *org)
{
    cJSON *o = cJSON_CreateObject();
    json_add_str(o, "organization_id", org->organization_id);
    for (int i = 0; i < 3; i++) {
        const zm_count_background *sw = &org->count_background[i];
        if (sw->after_reads <= 0 && sw->after_seconds <= 0) {
            cJSON_AddNullToObject(o, counts_background_action_name(i));
            continue;
        }
        cJSON *a = cJSON_AddObjectToObject(o, counts_background_action_name(i));
        if (sw->after_reads > 0) json_add_num(a, "after_reads", sw->after_reads);
        if (sw->after_seconds > 0) json_add_num(a, "after_seconds", sw->after_seconds);
    }
    json_add_num(o, "counts_in_progress", (double)org->counts_in_background);
    return o;
}

/* {"background":[{"organization_id","start":{...}|null,"submit":...,"approve":...}]} */
static void reply_switches(zm_reply *rep, const char *message, const zm_org *only)
{
    cJSON *out = reply_success(rep, 200, message);
    cJSON *arr = cJSON_AddArrayToObject(out, "background");
    for (size_t i = 0; i < g_model.orgs.n; i++)
        if (!only || g_model.orgs.v[i] == only) cJSON_AddItemToArray(arr, org_switches(g_model.orgs.v[i]));
}

/* A non-negative whole number of reads or seconds. */
static bool read_count(zm_reply *rep, const cJSON *obj, const char *name, int *out)
{
    double v = 0;
    bool present = false;
    if (!field_number(rep, obj, name, false, &v, &present)) return false;
    if (present && (v < 0 || v > 1e9 || v != (int)v)) {
        reply_error(rep, ZE_INVALID_FIELD, name);
        return false;
    }
    *out = present ? (int)v : 0;
    return true;
}

/* PUT /__admin/background: {"organization_id"?, "start"|"submit"|"approve":
 * {"after_reads":N,"after_seconds":S} | null | {}}. An action not named is
 * left as it is; null or {} turns it off. Without organization_id, every
 * organization. Unknown members are refused (a misspelt action would
 * otherwise pass silently). */
void admin_background_set(zm_request *req, zm_reply *rep)
{
    model_lock();
    cJSON *body = request_body(req, rep, true);
    if (!body) goto out;
    if (!cJSON_IsObject(body)) {
        reply_error(rep, ZE_INVALID_FIELD, "JSONString");
        goto out;
    }
    zm_org *org = NULL;
    int set[3], reads[3] = {0}, secs[3] = {0};
    const cJSON *m;
    for (int i = 0; i < 3; i++) set[i] = 0;
    cJSON_ArrayForEach(m, body) {
        if (strcmp(m->string, "organization_id") == 0) {
            zm_id id;
            if (!field_id(rep, body, "organization_id", true, id, NULL)) goto out;
            org = model_find_org(id);
            if (!org) {
                reply_error(rep, ZE_NOT_FOUND, "Organization");
                goto out;
            }
            continue;
        }
        int which = -1;
        for (int i = 0; i < 3; i++)
            if (strcmp(m->string, counts_background_action_name(i)) == 0) which = i;
        if (which < 0) {
            reply_error(rep, ZE_INVALID_FIELD, m->string);
            goto out;
        }
        set[which] = 1;
        if (cJSON_IsNull(m)) continue;
        if (!cJSON_IsObject(m)) {
            reply_error(rep, ZE_INVALID_FIELD, m->string);
            goto out;
        }
        const cJSON *k;
        cJSON_ArrayForEach(k, m) {
            if (strcmp(k->string, "after_reads") != 0 && strcmp(k->string, "after_seconds") != 0) {
                reply_error(rep, ZE_INVALID_FIELD, k->string);
                goto out;
            }
        }
        if (!read_count(rep, m, "after_reads", &reads[which])) goto out;
        if (!read_count(rep, m, "after_seconds", &secs[which])) goto out;
    }
    for (size_t o = 0; o < g_model.orgs.n; o++) {
        zm_org *target = g_model.orgs.v[o];
        if (org && target != org) continue;
        for (int i = 0; i < 3; i++)
            if (set[i]) counts_background_set(target, counts_background_action_name(i), reads[i], secs[i]);
    }
    reply_switches(rep, "Background settings have been updated.", org);
out:
    model_unlock();
}

/* GET /__admin/background[?organization_id=] */
void admin_background_get(zm_request *req, zm_reply *rep)
{
    zm_org *org;
    model_lock();
    if (admin_org_query(req, rep, &org) >= 0) reply_switches(rep, "success", org);
    model_unlock();
}

/* count_settings.c -- stock counts' numbering settings and preferences (endpoints 23, 24) */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "inventory/counts.h"
#include "zoho/fields.h"

#define MAX_PREFIX 20
#define MAX_DIGITS 18

/* next_number: 1-18 digits, as a string ("00002", width kept) or a JSON
 * whole number (2: written without padding). */
static bool read_next_number(zm_reply *rep, const cJSON *body, char out[MAX_DIGITS + 1], bool *present)
{
    const cJSON *v = json_get(body, "next_number");
    *present = v && !cJSON_IsNull(v);
    if (!*present) return true;
    if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e15 &&
        v->valuedouble == (double)(long long)v->valuedouble) {
        snprintf(out, MAX_DIGITS + 1, "%lld", (long long)v->valuedouble);
        return true;
    }
    if (cJSON_IsString(v)) {
        size_t n = strlen(v->valuestring);
        bool ok = n > 0 && n <= MAX_DIGITS;
        for (size_t i = 0; ok && i < n; i++) ok = isdigit((unsigned char)v->valuestring[i]);
        if (ok) {
            snprintf(out, MAX_DIGITS + 1, "%s", v->valuestring);
            return true;
        }
    }
    reply_error(rep, ZE_INVALID_FIELD, "next_number");
    return false;
}

/* PUT /settings/inventorycounts {"prefix_string","next_number"}: both
 * optional; the next auto-numbered count uses them. */
void counts_settings_update(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    const char *prefix = NULL;
    bool has_prefix = false, has_next = false;
    char next[MAX_DIGITS + 1];
    if (!field_string(rep, body, "prefix_string", false, &prefix, &has_prefix)) return;
    if (has_prefix && strlen(prefix) > MAX_PREFIX) {
        reply_error(rep, ZE_INVALID_FIELD, "prefix_string");
        return;
    }
    if (!read_next_number(rep, body, next, &has_next)) return;
    if (has_prefix) xstrset(&org->settings.prefix_string, prefix);
    if (has_next) xstrset(&org->settings.next_number, next);
    cJSON *out = reply_success(rep, 200, "Stock count settings updated successfully.");
    cJSON *s = cJSON_AddObjectToObject(out, "settings");
    json_add_str(s, "prefix_string", org->settings.prefix_string);
    json_add_str(s, "next_number", org->settings.next_number);
}

/* PUT /settings/preferences/inventorycounts {"default_reason_id",
 * "default_adjustment_account"}: both optional, each must exist. */
void counts_preferences_update(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    zm_id reason = "", account = "";
    bool has_reason = false, has_account = false;
    if (!field_id(rep, body, "default_reason_id", false, reason, &has_reason)) return;
    if (has_reason && !org_find_reason(org, reason)) {
        reply_error(rep, ZE_INVALID_FIELD, "default_reason_id");
        return;
    }
    if (!field_id(rep, body, "default_adjustment_account", false, account, &has_account)) return;
    if (has_account && !org_find_account(org, account)) {
        reply_error(rep, ZE_INVALID_FIELD, "default_adjustment_account");
        return;
    }
    if (has_reason) snprintf(org->settings.default_reason_id, ID_LEN, "%s", reason);
    if (has_account) snprintf(org->settings.default_adjustment_account, ID_LEN, "%s", account);
    cJSON *out = reply_success(rep, 200, "Stock counts preferences updated successfully.");
    cJSON *p = cJSON_AddObjectToObject(out, "preferences");
    json_add_str(p, "default_reason_id", org->settings.default_reason_id);
    json_add_str(p, "default_adjustment_account", org->settings.default_adjustment_account);
}

/* clock.c -- the clock admin API: GET and PUT /__admin/clock, for one organization or all */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "http/handlers.h"
#include "inventory/scheduler.h"
#include "model/recurrence.h"
#include "zoho/fields.h"

/* ----------------------------------------------------------------- JSON */

cJSON *admin_clock_json(const zm_org *org)
{
    const zm_clock *c = &org->clock;
    int64_t now = clock_now(c);
    char text[32];
    clock_format_datetime(c, now, text);
    cJSON *o = cJSON_CreateObject();
    json_add_str(o, "organization_id", org->organization_id);
    json_add_str(o, "now", text);
    json_add_num(o, "epoch", (double)now);
    json_add_bool(o, "frozen", c->frozen);
    /* The zone the times print in: the last five characters of "now". */
    json_add_str(o, "utc_offset", text + strlen(text) - 5);
    return o;
}

/* "clock" for one organization, else "clocks" for every one. */
static void reply_clocks(zm_reply *rep, const char *message, const zm_org *org)
{
    cJSON *out = reply_success(rep, 200, message);
    if (org) {
        cJSON_AddItemToObject(out, "clock", admin_clock_json(org));
        return;
    }
    cJSON *arr = cJSON_AddArrayToObject(out, "clocks");
    for (size_t i = 0; i < g_model.orgs.n; i++) cJSON_AddItemToArray(arr, admin_clock_json(g_model.orgs.v[i]));
}

/* GET /__admin/clock[?organization_id=] */
void admin_clock_get(zm_request *req, zm_reply *rep)
{
    zm_org *org;
    model_lock();
    if (admin_org_query(req, rep, &org) >= 0) reply_clocks(rep, "success", org);
    model_unlock();
}

/* ------------------------------------------------------------ durations */

/* An ISO-8601 duration, PnYnMnWnDTnHnMnS (each part optional, in this
 * order, whole non-negative numbers, at least one part): years and months
 * apart (calendar arithmetic), the rest in seconds. */
typedef struct duration {
    int64_t months;
    int64_t seconds;
} duration;

static int parse_duration(const char *s, duration *out)
{
    static const char date_units[] = "YMWD", time_units[] = "HMS";
    static const int64_t date_secs[] = {0, 0, 7 * 86400, 86400}, time_secs[] = {3600, 60, 1};
    memset(out, 0, sizeof *out);
    if (*s++ != 'P') return -1;
    bool in_time = false, any = false, any_time = false;
    const char *units = date_units;
    size_t next_unit = 0;
    while (*s) {
        if (*s == 'T' && !in_time) {
            in_time = true;
            units = time_units;
            next_unit = 0;
            s++;
            continue;
        }
        int64_t v = 0;
        int digits = 0;
        for (; *s >= '0' && *s <= '9'; s++, digits++) {
            if (digits >= 9) return -1;
            v = v * 10 + (*s - '0');
        }
        const char *u = *s ? strchr(units + next_unit, *s) : NULL;
        if (!digits || !u) return -1;
        size_t k = (size_t)(u - units);
        if (in_time) out->seconds += v * time_secs[k];
        else if (k == 0) out->months += v * 12;
        else if (k == 1) out->months += v;
        else out->seconds += v * date_secs[k];
        next_unit = k + 1;
        any = true;
        any_time = any_time || in_time;
        s++;
    }
    return any && (!in_time || any_time) ? 0 : -1;
}

/* t plus `months` in the clock's zone, keeping the local time of day; the
 * day clamps to the month's last (Jan 31 + P1M = Feb 28 or 29). */
static int64_t add_months(const zm_clock *c, int64_t t, int64_t months)
{
    if (!months) return t;
    char text[32], moved[64];
    int y, m, d;
    clock_format_datetime(c, t, text);
    if (sscanf(text, "%d-%d-%d", &y, &m, &d) != 3) return t;
    int64_t total = (int64_t)y * 12 + (m - 1) + months;
    int ny = (int)(total / 12), nm = (int)(total % 12) + 1;
    int dim = recurrence_days_in_month(ny, nm);
    snprintf(moved, sizeof moved, "%04d-%02d-%02d%s", ny, nm, d < dim ? d : dim, text + 10);
    int64_t out;
    int off;
    return clock_parse_datetime(moved, &out, &off) == 0 ? out : t;
}

/* ------------------------------------------------------------------ PUT */

/* What a PUT asks for, validated. */
typedef struct clock_change {
    zm_org *org;                /* NULL: every organization */
    bool has_now, has_frozen;
    int64_t now;
    duration advance;
    int64_t advance_seconds;
    bool frozen;
} clock_change;

static bool read_change(zm_reply *rep, const cJSON *body, clock_change *ch)
{
    static const char *const members[] = {"organization_id", "now", "advance", "advance_seconds", "frozen", NULL};
    memset(ch, 0, sizeof *ch);
    if (!cJSON_IsObject(body)) {
        reply_error(rep, ZE_INVALID_FIELD, "JSONString");
        return false;
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, body) {
        bool known = false;
        for (int i = 0; members[i]; i++) known = known || strcmp(m->string, members[i]) == 0;
        if (!known) {
            reply_error(rep, ZE_INVALID_FIELD, m->string);
            return false;
        }
    }
    zm_id id;
    bool has_org = false, has_advance = false, has_seconds = false;
    if (!field_id(rep, body, "organization_id", false, id, &has_org)) return false;
    if (has_org && !(ch->org = model_find_org(id))) {
        reply_error(rep, ZE_NOT_FOUND, "Organization");
        return false;
    }
    const char *text = NULL;
    int offset;
    if (!field_string(rep, body, "now", false, &text, &ch->has_now)) return false;
    if (ch->has_now && clock_parse_datetime(text, &ch->now, &offset) != 0) {
        reply_error(rep, ZE_INVALID_FIELD, "now");
        return false;
    }
    if (!field_string(rep, body, "advance", false, &text, &has_advance)) return false;
    if (has_advance && parse_duration(text, &ch->advance) != 0) {
        reply_error(rep, ZE_INVALID_FIELD, "advance");
        return false;
    }
    double secs = 0;
    if (!field_number(rep, body, "advance_seconds", false, &secs, &has_seconds)) return false;
    if (has_seconds && (secs != (double)(int64_t)secs || secs < -1e12 || secs > 1e12)) {
        reply_error(rep, ZE_INVALID_FIELD, "advance_seconds");
        return false;
    }
    ch->advance_seconds = (int64_t)secs;
    return field_bool(rep, body, "frozen", false, &ch->frozen, &ch->has_frozen);
}

/* Where the change takes this organization's clock: `now` (else its
 * current instant), plus advance, plus advance_seconds. */
static int64_t target_of(const zm_org *org, const clock_change *ch)
{
    int64_t t = ch->has_now ? ch->now : clock_now(&org->clock);
    t = add_months(&org->clock, t, ch->advance.months);
    return t + ch->advance.seconds + ch->advance_seconds;
}

static bool applies(const clock_change *ch, const zm_org *org) { return !ch->org || ch->org == org; }

/* PUT /__admin/clock: {"organization_id"?, "now"?, "advance"?,
 * "advance_seconds"?, "frozen"?}. Every targeted clock is checked before
 * any moves: one that would go backwards refuses the whole call. Then each
 * moves (frozen: stays at / runs on from the new instant) and what fell due
 * in between runs. */
void admin_clock_set(zm_request *req, zm_reply *rep)
{
    model_lock();
    clock_change ch;
    cJSON *body = request_body(req, rep, true);
    if (!body || !read_change(rep, body, &ch)) goto out;
    for (size_t i = 0; i < g_model.orgs.n; i++) {
        zm_org *org = g_model.orgs.v[i];
        if (!applies(&ch, org)) continue;
        int64_t current = clock_now(&org->clock), target = target_of(org, &ch);
        if (target < current) {
            char want[32], was[32];
            clock_format_datetime(&org->clock, target, want);
            clock_format_datetime(&org->clock, current, was);
            reply_error(rep, ZE_CLOCK_BACKWARDS, org->organization_id, want, was);
            goto out;
        }
    }
    for (size_t i = 0; i < g_model.orgs.n; i++) {
        zm_org *org = g_model.orgs.v[i];
        if (!applies(&ch, org)) continue;
        int64_t target = target_of(org, &ch);
        if (ch.has_frozen) org->clock.frozen = ch.frozen;
        clock_set(&org->clock, target);
        org_run_due(org);
    }
    request_journal(req, 200);      /* --state: replayed through here */
    reply_clocks(rep, "The clock has been updated.", ch.org);
out:
    model_unlock();
}

/* ratelimit.c -- zoho.rate_limit: Zoho's per-minute, per-day and concurrent limits, counted per organization */
#include <stdio.h>
#include <string.h>

#include "scenario/scenario_impl.h"
#include "zoho/fields.h"

/* Each scenario counts each organization apart, by that organization's
 * clock: fixed windows of a minute (clock / 60) and a day (clock / 86400,
 * UTC), so moving the clock with zoho.advance or the clock API opens a new
 * window. A request counts when it reaches the scenario (authenticated,
 * organization known); a refused one does not count. In flight: from then
 * until its response went out (delays and hangs included). Checked in the
 * order day, minute, concurrent. */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static zm_ratelimit_org *find_org(zm_ratelimit *rl, const char *org_id)
{
    for (size_t i = 0; i < rl->orgs.n; i++)
        if (strcmp(rl->orgs.v[i].org_id, org_id) == 0) return &rl->orgs.v[i];
    return NULL;
}

static zm_ratelimit_org *org_counters(zm_ratelimit *rl, const zm_org *org)
{
    zm_ratelimit_org *o = find_org(rl, org->organization_id);
    if (o) return o;
    zm_ratelimit_org fresh;
    memset(&fresh, 0, sizeof fresh);
    snprintf(fresh.org_id, sizeof fresh.org_id, "%s", org->organization_id);
    VEC_PUSH(rl->orgs, fresh);
    return &rl->orgs.v[rl->orgs.n - 1];
}

/* Moves the windows to the clock's present. */
static void roll(zm_ratelimit_org *o, int64_t now)
{
    int64_t minute = floor_div(now, 60), day = floor_div(now, 86400);
    if (minute != o->minute) {
        o->minute = minute;
        o->minute_count = 0;
    }
    if (day != o->day) {
        o->day = day;
        o->day_count = 0;
    }
}

static bool limited(const zm_ratelimit *rl)
{
    return rl->per_minute > 0 || rl->per_day > 0 || rl->concurrent > 0;
}

bool ratelimit_admit(zm_scenario *s, zm_org *org, zm_reply *rep, bool *inflight)
{
    *inflight = false;
    zm_ratelimit *rl = &s->rl;
    if (!limited(rl)) return true;
    zm_ratelimit_org *o = org_counters(rl, org);
    roll(o, org_clock_now(org));
    if (rl->per_day > 0 && o->day_count >= rl->per_day) {
        reply_error(rep, ZE_RATE_LIMIT_DAY);
        return false;
    }
    if (rl->per_minute > 0 && o->minute_count >= rl->per_minute) {
        reply_error(rep, ZE_RATE_LIMIT_MINUTE);
        return false;
    }
    if (rl->concurrent > 0 && o->inflight >= rl->concurrent) {
        reply_error(rep, ZE_RATE_LIMIT_CONCURRENT);
        return false;
    }
    o->minute_count++;
    o->day_count++;
    o->inflight++;
    *inflight = true;
    return true;
}

void ratelimit_done(zm_scenario *s, const char *org_id)
{
    zm_ratelimit_org *o = find_org(&s->rl, org_id);
    if (o && o->inflight > 0) o->inflight--;
}

/* Zoho's headers describe the daily quota; a scenario with only a
 * per-minute limit describes that one, and with only a concurrency limit,
 * the calls that may still start now. */
void ratelimit_headers(zm_scenario *s, zm_org *org, zm_reply *rep)
{
    zm_ratelimit *rl = &s->rl;
    if (!limited(rl)) return;
    zm_ratelimit_org *o = org_counters(rl, org);
    int64_t now = org_clock_now(org);
    roll(o, now);
    long long limit, remaining, reset;
    if (rl->per_day > 0) {
        limit = rl->per_day;
        remaining = rl->per_day - o->day_count;
        reset = (o->day + 1) * 86400 - now;
    } else if (rl->per_minute > 0) {
        limit = rl->per_minute;
        remaining = rl->per_minute - o->minute_count;
        reset = (o->minute + 1) * 60 - now;
    } else {
        limit = rl->concurrent;
        remaining = rl->concurrent - o->inflight;
        reset = 0;
    }
    if (remaining < 0) remaining = 0;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", limit);
    reply_header(rep, "X-Rate-Limit-Limit", buf);
    snprintf(buf, sizeof buf, "%lld", remaining);
    reply_header(rep, "X-Rate-Limit-Remaining", buf);
    snprintf(buf, sizeof buf, "%lld", reset);
    reply_header(rep, "X-Rate-Limit-Reset", buf);
}

void ratelimit_configure(zm_scenario *s, int per_minute, int per_day, int concurrent)
{
    s->rl.per_minute = per_minute;
    s->rl.per_day = per_day;
    s->rl.concurrent = concurrent;
}

void ratelimit_free(zm_ratelimit *rl)
{
    VEC_FREE(rl->orgs);
}

cJSON *ratelimit_to_json(const zm_scenario *s)
{
    const zm_ratelimit *rl = &s->rl;
    if (!limited(rl)) return cJSON_CreateNull();
    cJSON *j = cJSON_CreateObject();
    json_add_num(j, "per_minute", rl->per_minute);
    json_add_num(j, "per_day", rl->per_day);
    json_add_num(j, "concurrent", rl->concurrent);
    cJSON *orgs = cJSON_AddArrayToObject(j, "organizations");
    for (size_t i = 0; i < rl->orgs.n; i++) {
        const zm_ratelimit_org *o = &rl->orgs.v[i];
        cJSON *e = cJSON_CreateObject();
        json_add_str(e, "organization_id", o->org_id);
        json_add_num(e, "minute_count", o->minute_count);
        json_add_num(e, "day_count", o->day_count);
        json_add_num(e, "inflight", o->inflight);
        cJSON_AddItemToArray(orgs, e);
    }
    return j;
}

/* recurring_api.c -- recurring stock count profiles over HTTP (endpoints 12-18): create, list, retrieve, update, delete, status */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/handlers.h"
#include "inventory/recurring.h"
#include "inventory/scheduler.h"
#include "zoho/fields.h"
#include "zoho/listing.h"

#define LINE_LIMIT 1000
#define LINE_LIMIT_EXTENDED 5000
#define TITLE_MAX 100
#define REPEAT_MAX 999
#define CYCLES_MAX 100000
#define REMIND_MAX 365

/* ------------------------------------------------------------- plumbing */

/* 400 code 4 with a message naming the field. */
static void refuse(zm_reply *rep, const char *fmt, ...)
{
    char msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    reply_error(rep, ZE_VALIDATION, msg);
}

/* A whole number in [min, max]; absent leaves *out. */
static bool read_int(zm_reply *rep, const cJSON *obj, const char *name, int min, int max, int *out,
                     bool *present)
{
    double v = 0;
    bool here = false;
    if (!field_number(rep, obj, name, false, &v, &here)) return false;
    if (present) *present = here;
    if (!here) return true;
    if (v != (double)(long long)v || v < min || v > max) {
        refuse(rep, "%s must be a whole number from %d to %d.", name, min, max);
        return false;
    }
    *out = (int)v;
    return true;
}

/* A YYYY-MM-DD date as a day number; "" gives -1 when `empty_ok`. */
static bool read_day(zm_reply *rep, const cJSON *obj, const char *name, bool empty_ok, int64_t *out,
                     bool *present)
{
    const char *s = NULL;
    if (!field_string(rep, obj, name, false, &s, present)) return false;
    if (!*present) return true;
    if (empty_ok && !*s) {
        *out = -1;
        return true;
    }
    if (clock_parse_date(s, out) != 0) {
        reply_error(rep, ZE_INVALID_FIELD, name);
        return false;
    }
    return true;
}

/* One of `names` through `parse` (a recurrence.h parser); "" gives 0 when
 * `empty_ok`. */
static bool read_name(zm_reply *rep, const cJSON *obj, const char *name, int (*parse)(const char *),
                      bool empty_ok, int *out, bool *present)
{
    const char *s = NULL;
    if (!field_string(rep, obj, name, false, &s, present)) return false;
    if (!*present) return true;
    int v = empty_ok && !*s ? 0 : parse(s);
    if (v < 0) {
        reply_error(rep, ZE_INVALID_FIELD, name);
        return false;
    }
    *out = v;
    return true;
}

static int parse_unit(const char *s)
{
    for (int u = RECUR_DAYS; u <= RECUR_MONTHS; u++)
        if (strcasecmp(s, recurrence_unit_name((zm_recur_unit)u)) == 0) return u;
    return -1;
}

static int parse_schedule_type(const char *s)
{
    return strcasecmp(s, "auto") == 0 ? 0 : strcasecmp(s, "manual") == 0 ? 1 : -1;
}

/* "HH:mm", 24-hour. */
static int parse_time(const char *s)
{
    if (strlen(s) != 5 || s[2] != ':') return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9')) return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    return h > 23 || m > 59 ? -1 : h * 60 + m;
}

static zm_recurring *recurring_from_path(zm_request *req, zm_reply *rep, size_t *index)
{
    zm_recurring *r = org_find_recurring(req->org, request_param(req, "recurringinventorycount_id"), index);
    if (!r) reply_error(rep, ZE_NOT_FOUND, "Recurring stock count profile");
    return r;
}

static void touch(zm_org *org, zm_recurring *r, const char *user_id)
{
    r->last_modified_time = clock_now(&org->clock);
    snprintf(r->last_modified_by_id, ID_LEN, "%s", user_id);
    recurring_reindex(org, r);
}

static void reply_profile(zm_reply *rep, zm_org *org, const zm_recurring *r, int status, const char *message)
{
    cJSON *out = reply_success(rep, status, message);
    cJSON_AddItemToObject(out, "recurringinventorycount", recurring_to_json(org, r));
}

/* ------------------------------------------------------------- schedule */

static const char *const auto_fields[] = {"start_date", "end_date", "no_of_cycles", "recurrence_frequency",
                                          "repeat_every", "run_specific_days", "run_specific_date",
                                          "run_specific_week", "run_specific_month", NULL};

/* What read_schedule saw. */
typedef struct schedule_read {
    bool touched;               /* any schedule field or execution_time */
    bool start_changed;         /* start_date set to another day */
} schedule_read;

static void schedule_reset(zm_schedule *s, bool manual)
{
    int exec = s->execution_minutes;
    schedule_free(s);
    memset(s, 0, sizeof *s);
    s->manual = manual;
    s->execution_minutes = exec;
    s->end_day = -1;
    s->rule.start = -1;
    s->rule.repeat_every = 1;
}

/* count_dates: valid dates, not in the past, no repeats; kept ascending. */
static bool read_count_dates(zm_reply *rep, const cJSON *body, int64_t today, zm_schedule *s)
{
    const cJSON *arr, *it;
    if (!field_array(rep, body, "count_dates", true, true, &arr, NULL)) return false;
    VEC_FREE(s->days);
    cJSON_ArrayForEach(it, arr) {
        int64_t d;
        if (!cJSON_IsString(it) || clock_parse_date(it->valuestring, &d) != 0) {
            reply_error(rep, ZE_INVALID_FIELD, "count_dates");
            return false;
        }
        char t[16];
        recurring_format_day(today, t);
        if (d < today) {
            refuse(rep, "count_dates: %s is in the past; count dates must be today (%s) or later.", it->valuestring, t);
            return false;
        }
        size_t at = 0;
        while (at < s->days.n && s->days.v[at] < d) at++;
        if (at < s->days.n && s->days.v[at] == d) {
            refuse(rep, "count_dates: %s appears more than once.", it->valuestring);
            return false;
        }
        VEC_RESERVE1(s->days);
        memmove(&s->days.v[at + 1], &s->days.v[at], (s->days.n - at) * sizeof *s->days.v);
        s->days.v[at] = d;
        s->days.n++;
    }
    return true;
}

/* The auto fields over s (already the right type). `fresh`: s holds no
 * auto schedule yet, so start_date and recurrence_frequency are required. */
static bool read_auto(zm_reply *rep, const cJSON *body, int64_t today, bool fresh, int executed_cycles,
                      zm_schedule *s, schedule_read *seen)
{
    zm_recurrence *r = &s->rule;
    int unit = -1, every = 0, date = 0, week = 0, month = 0, cycles = 0;
    int64_t start = -1, end = -1;
    bool has_unit, has_every, has_start, has_end, has_cycles, has_days = false, has_date, has_week, has_month;
    if (!read_name(rep, body, "recurrence_frequency", parse_unit, false, &unit, &has_unit) ||
        !read_int(rep, body, "repeat_every", 1, REPEAT_MAX, &every, &has_every) ||
        !read_day(rep, body, "start_date", false, &start, &has_start) ||
        !read_day(rep, body, "end_date", true, &end, &has_end) ||
        !read_int(rep, body, "no_of_cycles", 0, CYCLES_MAX, &cycles, &has_cycles) ||
        !read_int(rep, body, "run_specific_date", 0, 31, &date, &has_date) ||
        !read_name(rep, body, "run_specific_week", recurrence_week_parse, true, &week, &has_week) ||
        !read_name(rep, body, "run_specific_month", recurrence_month_parse, true, &month, &has_month))
        return false;
    const cJSON *days = NULL;
    if (!field_array(rep, body, "run_specific_days", false, false, &days, &has_days)) return false;
    unsigned mask = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, days) {
        int wd = cJSON_IsString(it) ? recurrence_weekday_parse(it->valuestring) : -1;
        if (wd < 0) {
            reply_error(rep, ZE_INVALID_FIELD, "run_specific_days");
            return false;
        }
        mask |= 1u << wd;
    }
    if (fresh && !has_start) {
        reply_error(rep, ZE_PARAM_MANDATORY, "start_date");
        return false;
    }
    if (fresh && !has_unit) {
        reply_error(rep, ZE_PARAM_MANDATORY, "recurrence_frequency");
        return false;
    }
    if (has_end && has_cycles && end >= 0 && cycles > 0) {
        refuse(rep, "end_date and no_of_cycles cannot be used together: give one of them.");
        return false;
    }

    /* Apply. A new frequency drops the run_specific_* of the old one. */
    if (has_unit && (fresh || (zm_recur_unit)unit != r->unit)) {
        r->unit = (zm_recur_unit)unit;
        r->weekdays = 0;
        r->month_day = r->week_of_month = r->month = 0;
    }
    if (has_every) r->repeat_every = every;
    if (has_start) {
        seen->start_changed = fresh || start != r->start;
        r->start = start;
    }
    if (has_end) {
        s->end_day = end;
        if (end >= 0) s->no_of_cycles = 0;
    }
    if (has_cycles) {
        s->no_of_cycles = cycles;
        if (cycles > 0) s->end_day = -1;
    }
    if (has_days) r->weekdays = mask;
    if (has_date) r->month_day = date;
    if (has_week) r->week_of_month = week;
    if (has_month) r->month = month;

    /* The whole rule. */
    char t[16];
    recurring_format_day(today, t);
    if (seen->start_changed && !fresh && executed_cycles > 0) {     /* an auto start_date, once used */
        snprintf(t, sizeof t, "%d", executed_cycles);
        reply_error(rep, ZE_RECURRING_START_LOCKED, t);
        return false;
    }
    if (seen->start_changed && r->start < today) {
        refuse(rep, "start_date must be today (%s) or later.", t);
        return false;
    }
    if (s->end_day >= 0 && s->end_day < r->start) {
        refuse(rep, "end_date must not be before start_date.");
        return false;
    }
    const char *unit_name = recurrence_unit_name(r->unit);
    if (r->weekdays && r->unit == RECUR_DAYS) {
        refuse(rep, "run_specific_days applies to recurrence_frequency weeks or months, not %s.", unit_name);
        return false;
    }
    if (r->unit != RECUR_MONTHS) {
        const char *which = r->month_day ? "run_specific_date" : r->week_of_month ? "run_specific_week"
                          : r->month ? "run_specific_month" : NULL;
        if (which) {
            refuse(rep, "%s applies only to recurrence_frequency months, not %s.", which, unit_name);
            return false;
        }
        return true;
    }
    if (r->month_day && r->week_of_month) {
        refuse(rep, "run_specific_date and run_specific_week cannot be used together: give one of them.");
        return false;
    }
    if (r->week_of_month && !r->weekdays) {
        refuse(rep, "run_specific_week needs run_specific_days (the weekdays of that week).");
        return false;
    }
    if (r->weekdays && !r->week_of_month) {
        refuse(rep, "run_specific_days needs run_specific_week when recurrence_frequency is months.");
        return false;
    }
    return true;
}

/* The schedule of a create (old NULL) or update body into *s (which the
 * caller frees). Update: fields not sent keep their values; a new
 * schedule_type starts that type afresh; end_date and no_of_cycles replace
 * each other; "" / 0 / [] clear the optional ones; start_date is locked
 * once executed_cycles > 0. */
static bool read_schedule(zm_reply *rep, const cJSON *body, const zm_schedule *old, int executed_cycles,
                          int64_t today, zm_schedule *s, schedule_read *seen)
{
    memset(seen, 0, sizeof *seen);
    memset(s, 0, sizeof *s);
    if (old) schedule_copy(s, old);
    else schedule_reset(s, false);
    int type = 0, exec = 0;
    bool has_type = false, has_exec = false;
    if (!read_name(rep, body, "schedule_type", parse_schedule_type, false, &type, &has_type)) return false;
    bool manual = has_type ? type == 1 : s->manual;
    bool fresh = !old || manual != old->manual;
    if (fresh) schedule_reset(s, manual);

    for (int i = 0; auto_fields[i]; i++) {
        if (!json_get(body, auto_fields[i]) || cJSON_IsNull(json_get(body, auto_fields[i]))) continue;
        seen->touched = true;
        if (manual) {
            refuse(rep, "%s applies only to schedule_type auto.", auto_fields[i]);
            return false;
        }
    }
    const cJSON *dates = json_get(body, "count_dates");
    bool has_dates = dates && !cJSON_IsNull(dates);
    if (has_dates && !manual) {
        refuse(rep, "count_dates applies only to schedule_type manual.");
        return false;
    }
    const char *time_text = NULL;
    if (!field_string(rep, body, "execution_time", false, &time_text, &has_exec)) return false;
    if (has_exec && (exec = parse_time(time_text)) < 0) {
        refuse(rep, "execution_time must be HH:mm (24-hour), e.g. 09:00.");
        return false;
    }
    if (has_exec) s->execution_minutes = exec;
    seen->touched = seen->touched || has_type || has_dates || has_exec;
    if (manual) return !(fresh || has_dates) || read_count_dates(rep, body, today, s);
    return read_auto(rep, body, today, fresh, executed_cycles, s, seen);
}

/* "The schedule has no count date ..." naming the field that bounds it. */
static void refuse_no_date(zm_reply *rep, const zm_schedule *s)
{
    if (s->manual) refuse(rep, "count_dates has no date left to count on.");
    else refuse(rep, "The schedule has no count date between start_date and end_date.");
}

/* --------------------------------------------------------- other fields */

/* title, location_id, assignee_id, description, remind_before: what the
 * body sent, validated (create: title and location_id required). */
typedef struct profile_fields {
    const char *title;
    zm_location *location;
    zm_id assignee_id;
    bool has_assignee;
    const char *description;
    int remind_before;
    bool has_remind;
} profile_fields;

static bool read_fields(zm_reply *rep, zm_org *org, const cJSON *body, bool create, profile_fields *f)
{
    memset(f, 0, sizeof *f);
    bool has_title = false, has_location = false;
    if (!field_string(rep, body, "title", create, &f->title, &has_title)) return false;
    if (has_title && !f->title[0]) {
        reply_error(rep, ZE_PARAM_MANDATORY, "title");
        return false;
    }
    size_t chars = 0;           /* UTF-8 characters, not bytes */
    for (const char *c = has_title ? f->title : ""; *c; c++) chars += ((unsigned char)*c & 0xC0) != 0x80;
    if (chars > TITLE_MAX) {
        refuse(rep, "title can have at most %d characters.", TITLE_MAX);
        return false;
    }
    zm_id loc = "";
    if (!field_id(rep, body, "location_id", create, loc, &has_location)) return false;
    if (has_location && !(f->location = org_find_location(org, loc))) {
        reply_error(rep, ZE_INVALID_FIELD, "location_id");
        return false;
    }
    if (!field_id(rep, body, "assignee_id", false, f->assignee_id, &f->has_assignee)) return false;
    if (f->has_assignee && !org_find_user(org, f->assignee_id)) {
        refuse(rep, "assignee_id: the user %s is not a user of this organization.", f->assignee_id);
        return false;
    }
    if (!field_string(rep, body, "description", false, &f->description, NULL)) return false;
    return read_int(rep, body, "remind_before", 0, REMIND_MAX, &f->remind_before, &f->has_remind);
}

/* The line items a create (old NULL) or update body asks for, into *out:
 * merge keeps the old lines and adds the new entries; replace makes the
 * entries the list. Entries name an item_id (new line) or the line_item_id
 * of a line of the profile. New lines get their ids from the caller once
 * everything is valid (line_item_id ""). */
static bool read_lines(zm_reply *rep, zm_org *org, const zm_recurring *old, const cJSON *arr, bool replace,
                       zm_recurring_lines *out)
{
    size_t limit = org->extended_line_item_limit ? LINE_LIMIT_EXTENDED : LINE_LIMIT;
    char limit_text[16];
    snprintf(limit_text, sizeof limit_text, "%zu", limit);
    memset(out, 0, sizeof *out);
    if ((size_t)cJSON_GetArraySize(arr) > limit) {
        reply_error(rep, ZE_RECURRING_LINE_LIMIT, limit_text);
        return false;
    }
    if (old && !replace)
        for (size_t i = 0; i < old->line_items.n; i++) VEC_PUSH(*out, old->line_items.v[i]);
    const cJSON *li;
    cJSON_ArrayForEach(li, arr) {
        if (!cJSON_IsObject(li)) {
            reply_error(rep, ZE_INVALID_FIELD, "line_items");
            return false;
        }
        zm_recurring_line line;
        memset(&line, 0, sizeof line);
        bool has_line = false;
        if (old && !field_id(rep, li, "line_item_id", false, line.line_item_id, &has_line)) return false;
        if (!field_id(rep, li, "item_id", !has_line, line.item_id, NULL)) return false;
        const zm_recurring_line *existing = NULL;
        for (size_t i = 0; has_line && i < old->line_items.n; i++)
            if (strcmp(old->line_items.v[i].line_item_id, line.line_item_id) == 0) existing = &old->line_items.v[i];
        if (has_line && !existing) {
            refuse(rep, "line_items: the line item %s is not part of this recurring stock count profile.",
                   line.line_item_id);
            return false;
        }
        if (existing && line.item_id[0] && strcmp(line.item_id, existing->item_id) != 0) {
            refuse(rep, "line_items: the item of line item %s cannot be changed (it is item %s).",
                   existing->line_item_id, existing->item_id);
            return false;
        }
        if (existing) {
            if (!replace) continue;         /* already in the merged list */
            line = *existing;
        } else if (!org_find_item(org, line.item_id)) {
            refuse(rep, "line_items: the item %s does not exist.", line.item_id);
            return false;
        }
        for (size_t i = 0; i < out->n; i++) {
            if (strcmp(out->v[i].item_id, line.item_id) == 0) {
                reply_error(rep, ZE_DUPLICATE_ITEM, line.item_id);
                return false;
            }
        }
        if (out->n >= limit) {
            reply_error(rep, ZE_RECURRING_LINE_LIMIT, limit_text);
            return false;
        }
        VEC_PUSH(*out, line);
    }
    return true;
}

static void give_line_ids(zm_org *org, zm_recurring_lines *lines)
{
    for (size_t i = 0; i < lines->n; i++)
        if (!lines->v[i].line_item_id[0]) org_new_id(org, lines->v[i].line_item_id);
}

/* --------------------------------------------------------------- create */

void recurring_create(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    int64_t today = org_today(org);
    profile_fields f;
    if (!read_fields(rep, org, body, true, &f)) return;
    const cJSON *lines = NULL;
    if (!field_array(rep, body, "line_items", true, true, &lines, NULL)) return;
    zm_schedule s;
    schedule_read seen;
    zm_recurring_lines plan = {0};
    if (!read_schedule(rep, body, NULL, 0, today, &s, &seen) || !read_lines(rep, org, NULL, lines, false, &plan)) {
        schedule_free(&s);
        VEC_FREE(plan);
        return;
    }
    if (schedule_next(&s, today) < 0) {
        refuse_no_date(rep, &s);
        schedule_free(&s);
        VEC_FREE(plan);
        return;
    }

    zm_recurring *r = xcalloc(1, sizeof *r);
    org_new_id(org, r->recurringinventorycount_id);
    r->title = xstrdup(f.title);
    r->description = xstrdup(f.description);
    r->status = RECURRING_ACTIVE;
    r->schedule = s;
    r->remind_before = f.remind_before;
    snprintf(r->location_id, ID_LEN, "%s", f.location->location_id);
    snprintf(r->assignee_id, ID_LEN, "%s", f.has_assignee ? f.assignee_id : req->user->user_id);
    give_line_ids(org, &plan);
    r->line_items = plan;
    r->last_created_day = -1;
    r->created_time = clock_now(&org->clock);
    snprintf(r->created_by_id, ID_LEN, "%s", req->user->user_id);
    touch(org, r, req->user->user_id);
    r->seq = org_next_seq(org);
    recurring_plan_next(r, today);
    recurring_add(org, r);
    /* A first date of today whose execution_time has passed runs now. */
    org_run_due(org);
    reply_profile(rep, org, r, 201, "Recurring stock count profile has been saved.");
}

/* --------------------------------------------------------------- update */

/* Fields not sent keep their values (see read_schedule for the schedule).
 * A changed schedule is planned again from today, after the last created
 * count: a date of today whose execution_time passed runs at once, which
 * is refused while a count this profile created is still active. An
 * expired profile whose new schedule has dates left is active again. */
void recurring_update(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_recurring *r = recurring_from_path(req, rep, NULL);
    if (!r) return;
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    bool replace = false;
    if (!request_query_bool(req, rep, "replace_line_items", false, &replace)) return;
    int64_t today = org_today(org);
    profile_fields f;
    if (!read_fields(rep, org, body, false, &f)) return;
    const cJSON *lines = NULL;
    bool has_lines = false;
    if (!field_array(rep, body, "line_items", false, true, &lines, &has_lines)) return;
    zm_schedule s;
    schedule_read seen;
    zm_recurring_lines plan = {0};
    bool ok = read_schedule(rep, body, &r->schedule, r->executed_cycles, today, &s, &seen) &&
              (!has_lines || read_lines(rep, org, r, lines, replace, &plan));
    int64_t next = r->next_day;
    if (ok && seen.touched && r->status != RECURRING_INACTIVE) {
        /* What recurring_plan_next will pick, checked before anything changes. */
        int64_t from = today > r->last_created_day ? today : r->last_created_day + 1;
        bool done = !s.manual && s.no_of_cycles > 0 && r->executed_cycles >= s.no_of_cycles;
        next = done ? -1 : schedule_next(&s, from);
        const char *count_id = NULL;
        if (next < 0 && r->executed_cycles == 0) {
            refuse_no_date(rep, &s);
            ok = false;
        } else if (next == today && recurring_has_active_count(org, r, &count_id)) {
            char t[16];
            recurring_format_day(today, t);
            reply_error(rep, ZE_RECURRING_ACTIVE_COUNT, t, count_id);
            ok = false;
        }
    }
    if (!ok) {
        schedule_free(&s);
        VEC_FREE(plan);
        return;
    }

    if (f.title) xstrset(&r->title, f.title);
    if (f.description) xstrset(&r->description, f.description);
    if (f.location) snprintf(r->location_id, ID_LEN, "%s", f.location->location_id);
    if (f.has_assignee) snprintf(r->assignee_id, ID_LEN, "%s", f.assignee_id);
    if (f.has_remind) r->remind_before = f.remind_before;
    if (has_lines) {
        give_line_ids(org, &plan);
        VEC_FREE(r->line_items);
        r->line_items = plan;
    }
    schedule_free(&r->schedule);
    r->schedule = s;
    touch(org, r, req->user->user_id);
    if (seen.touched && r->status != RECURRING_INACTIVE) {
        r->status = RECURRING_ACTIVE;
        recurring_plan_next(r, today);
        recurring_reindex(org, r);
    }
    org_run_due(org);
    reply_profile(rep, org, r, 200, "Recurring stock count profile has been saved.");
}

/* ------------------------------------------------------------- retrieve */

/* can_assignee_count: the assignee is a user of the organization and the
 * profile is active. can_assignee_access_warehouse: the assignee is a user
 * of the organization (the mock has no per-warehouse permissions). */
void recurring_get(zm_request *req, zm_reply *rep)
{
    zm_recurring *r = recurring_from_path(req, rep, NULL);
    if (!r) return;
    bool member = org_find_user(req->org, r->assignee_id) != NULL;
    cJSON *out = reply_success(rep, 200, "success");
    cJSON_AddItemToObject(out, "recurringinventorycount", recurring_to_json(req->org, r));
    json_add_bool(out, "can_assignee_count", member && r->status == RECURRING_ACTIVE);
    json_add_bool(out, "can_assignee_access_warehouse", member);
}

/* --------------------------------------------------------------- delete */

void recurring_delete(zm_request *req, zm_reply *rep)
{
    zm_recurring *r = recurring_from_path(req, rep, NULL);
    if (!r) return;
    recurring_remove(req->org, r);
    recurring_free(r);
    reply_success(rep, 200, "Recurring stock count profile has been deleted.");
}

/* ------------------------------------------------------- active/inactive */

static const char *const status_changed = "Recurring stock count status has been changed.";

/* Reactivation resumes at the first date whose due instant is still ahead:
 * dates missed while inactive are not created afterwards. */
void recurring_mark_active(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_recurring *r = recurring_from_path(req, rep, NULL);
    if (!r) return;
    if (r->status == RECURRING_EXPIRED) {
        reply_error(rep, ZE_RECURRING_STATUS, "The recurring stock count profile has expired: change its "
                                              "schedule to give it dates again.");
        return;
    }
    if (r->status == RECURRING_INACTIVE) {
        int64_t today = org_today(org);
        bool today_passed = recurring_due_instant(org, &r->schedule, today) <= clock_now(&org->clock);
        r->status = RECURRING_ACTIVE;
        recurring_plan_next(r, today_passed ? today + 1 : today);
    }
    touch(org, r, req->user->user_id);
    reply_success(rep, 200, status_changed);
}

void recurring_mark_inactive(zm_request *req, zm_reply *rep)
{
    zm_recurring *r = recurring_from_path(req, rep, NULL);
    if (!r) return;
    if (r->status == RECURRING_EXPIRED) {
        reply_error(rep, ZE_RECURRING_STATUS, "The recurring stock count profile has expired and cannot be "
                                              "marked as inactive.");
        return;
    }
    r->status = RECURRING_INACTIVE;
    r->next_day = -1;
    touch(req->org, r, req->user->user_id);
    reply_success(rep, 200, status_changed);
}

/* ----------------------------------------------------------------- list */

static const char *const sort_columns[] = {"created_time", "title", "next_count_date", "last_modified_time", NULL};
static const char *const filters[] = {"Status.All", "Assignee.Self", NULL};
static const zm_list_spec list_spec = {sort_columns, "created_time", filters, "Status.All"};

/* The list's own query parameters, beyond listing.h's. */
typedef struct list_filter {
    int status;                 /* zm_recurring_status; -1: any */
    const char *frequency;      /* NULL any; days|weeks|months|years|manual */
    zm_id location_id;          /* "" any */
    zm_id assignee_id;          /* "" any */
    int64_t start_from, start_to, next_from, next_to;   /* -1: open */
} list_filter;

/* A query parameter from `names` (aliases; the first present wins) into
 * buf; returns its name, or NULL when absent. */
static const char *query_any(const zm_request *req, zm_reply *rep, const char *const *names, char *buf,
                             size_t size, bool *bad)
{
    for (int i = 0; names[i]; i++) {
        int n = request_query(req, names[i], buf, size);
        if (n == -1) continue;
        if (n <= 0) {
            reply_error(rep, ZE_INVALID_PARAM, names[i]);
            *bad = true;
        }
        return names[i];
    }
    return NULL;
}

static bool query_day(const zm_request *req, zm_reply *rep, const char *name, int64_t *out)
{
    char buf[32];
    int n = request_query(req, name, buf, sizeof buf);
    *out = -1;
    if (n == -1) return true;
    if (n <= 0 || clock_parse_date(buf, out) != 0) {
        reply_error(rep, ZE_INVALID_PARAM, name);
        return false;
    }
    return true;
}

static bool parse_filter(const zm_request *req, zm_reply *rep, list_filter *f)
{
    static const char *const status_names[] = {"status", NULL};
    static const char *const freq_names[] = {"frequency", "recurrence_frequency", NULL};
    static const char *const loc_names[] = {"location_id", "warehouse_id", NULL};
    static const char *const assignee_names[] = {"assignee_id", NULL};
    static const char *const frequencies[] = {"days", "weeks", "months", "years", "manual", NULL};
    memset(f, 0, sizeof *f);
    f->status = -1;
    bool bad = false;
    char buf[64];
    const char *name = query_any(req, rep, status_names, buf, sizeof buf, &bad);
    if (bad) return false;
    for (int s = RECURRING_ACTIVE; name && s <= RECURRING_EXPIRED; s++)
        if (strcmp(buf, recurring_status_name((zm_recurring_status)s)) == 0) f->status = s;
    if (name && f->status < 0) {
        reply_error(rep, ZE_INVALID_PARAM, name);
        return false;
    }
    name = query_any(req, rep, freq_names, buf, sizeof buf, &bad);
    if (bad) return false;
    for (int i = 0; name && frequencies[i]; i++)
        if (strcmp(buf, frequencies[i]) == 0) f->frequency = frequencies[i];
    if (name && !f->frequency) {
        reply_error(rep, ZE_INVALID_PARAM, name);
        return false;
    }
    const char *const *id_names[2] = {loc_names, assignee_names};
    char *id_out[2] = {f->location_id, f->assignee_id};
    for (int k = 0; k < 2; k++) {
        name = query_any(req, rep, id_names[k], buf, sizeof buf, &bad);
        if (bad) return false;
        if (name && !id_is_valid(buf)) {
            reply_error(rep, ZE_INVALID_PARAM, name);
            return false;
        }
        if (name) snprintf(id_out[k], ID_LEN, "%.*s", ID_LEN - 1, buf);
    }
    return query_day(req, rep, "start_date_start", &f->start_from) &&
           query_day(req, rep, "start_date_end", &f->start_to) &&
           query_day(req, rep, "next_count_date_start", &f->next_from) &&
           query_day(req, rep, "next_count_date_end", &f->next_to);
}

static const char *frequency_of(const zm_recurring *r)
{
    const zm_schedule *s = &r->schedule;
    if (s->manual) return "manual";
    if (s->rule.unit == RECUR_MONTHS && s->rule.month) return "years";
    return recurrence_unit_name(s->rule.unit);
}

static bool in_range(int64_t day, int64_t from, int64_t to)
{
    if (from < 0 && to < 0) return true;
    return day >= 0 && (from < 0 || day >= from) && (to < 0 || day <= to);
}

static bool matches(const zm_request *req, const zm_list_params *p, const list_filter *f, const zm_recurring *r)
{
    if (strcmp(p->filter_by, "Assignee.Self") == 0 && strcmp(r->assignee_id, req->user->user_id) != 0) return false;
    if (f->status >= 0 && (int)r->status != f->status) return false;
    if (f->frequency && strcmp(f->frequency, frequency_of(r)) != 0) return false;
    if (f->location_id[0] && strcmp(f->location_id, r->location_id) != 0) return false;
    if (f->assignee_id[0] && strcmp(f->assignee_id, r->assignee_id) != 0) return false;
    int64_t start = r->schedule.manual ? -1 : r->schedule.rule.start;
    if (!in_range(start, f->start_from, f->start_to)) return false;
    if (!in_range(recurring_shown_next(r), f->next_from, f->next_to)) return false;
    return true;                /* search_text: the table's (title, description; recurring.c) */
}

/* matches() as a table filter (the page walks the profiles table). */
typedef struct profile_match {
    const zm_request *req;
    const zm_list_params *p;
    const list_filter *f;
} profile_match;

static bool profile_matches(const void *row, const void *ctx)
{
    const profile_match *m = ctx;
    return matches(m->req, m->p, m->f, row);
}

static cJSON *profile_row_json(const zm_org *org, const void *row)
{
    return recurring_to_json(org, row);
}

void recurring_list(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_list_params p;
    list_filter f;
    if (!list_parse(req, rep, &list_spec, &p) || !parse_filter(req, rep, &f)) return;
    profile_match m = {req, &p, &f};
    zm_table *t = recurring_table(org);
    int column = table_column(t, p.sort_column);
    zm_table_query q = {column < 0 ? 0 : column, p.descending, p.search_text, profile_matches, &m,
                        (size_t)(p.page - 1) * (size_t)p.per_page, (size_t)p.per_page};
    void *rows[LIST_MAX_PER_PAGE];
    bool more;
    size_t n = table_page(t, &q, rows, &more);
    cJSON *out = reply_success(rep, 200, "success");
    list_add_rows(out, "recurringinventorycounts", rows, n, profile_row_json, org);
    list_add_page_context(out, &p, more);
}

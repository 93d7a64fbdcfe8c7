/* recurring.c -- recurring stock count profiles: schedule bookkeeping, JSON, look-ups and freeing */
#include "inventory/recurring.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/counts.h"
#include "zoho/fields.h"

/* How many upcoming dates count_dates shows for an automatic schedule (a
 * year of a monthly one); a manual schedule shows all its remaining dates. */
#define UPCOMING_AUTO 12

const char *recurring_status_name(zm_recurring_status s)
{
    switch (s) {
    case RECURRING_ACTIVE: return "active";
    case RECURRING_INACTIVE: return "inactive";
    case RECURRING_EXPIRED: return "expired";
    }
    return "";
}

/* ------------------------------------------------------------- schedule */

int64_t org_today(const zm_org *org)
{
    char today[16];
    int64_t day = 0;
    clock_today(&org->clock, today);
    clock_parse_date(today, &day);
    return day;
}

void recurring_format_day(int64_t day, char out[16])
{
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
}

int64_t recurring_due_instant(const zm_org *org, const zm_schedule *s, int64_t day)
{
    return day * 86400 + (int64_t)s->execution_minutes * 60 - (int64_t)org->clock.utc_offset_minutes * 60;
}

int64_t schedule_next(const zm_schedule *s, int64_t from)
{
    if (s->manual) return recurrence_next_listed(s->days.v, s->days.n, from);
    int64_t d = recurrence_next(&s->rule, from);
    if (d >= 0 && s->end_day >= 0 && d > s->end_day) return -1;
    return d;
}

void schedule_copy(zm_schedule *dst, const zm_schedule *src)
{
    *dst = *src;
    dst->days.v = NULL;
    dst->days.n = dst->days.cap = 0;
    for (size_t i = 0; i < src->days.n; i++) VEC_PUSH(dst->days, src->days.v[i]);
}

void schedule_free(zm_schedule *s)
{
    VEC_FREE(s->days);
}

static bool cycles_done(const zm_recurring *r)
{
    return !r->schedule.manual && r->schedule.no_of_cycles > 0 && r->executed_cycles >= r->schedule.no_of_cycles;
}

void recurring_plan_next(zm_recurring *r, int64_t from)
{
    if (r->last_created_day >= 0 && from <= r->last_created_day) from = r->last_created_day + 1;
    int64_t d = cycles_done(r) ? -1 : schedule_next(&r->schedule, from);
    r->next_day = d;
    if (d < 0) r->status = RECURRING_EXPIRED;
}

int64_t recurring_due_at(const zm_org *org, const zm_recurring *r)
{
    if (r->status != RECURRING_ACTIVE || r->next_day < 0) return INT64_MAX;
    return recurring_due_instant(org, &r->schedule, r->next_day);
}

void recurring_record_run(zm_recurring *r, const char *inventorycount_id)
{
    zm_id_box box;
    snprintf(box.id, ID_LEN, "%s", inventorycount_id);
    VEC_PUSH(r->generated, box);
    r->executed_cycles++;
    r->last_created_day = r->next_day;
    recurring_plan_next(r, r->next_day + 1);
}

bool recurring_has_active_count(zm_org *org, const zm_recurring *r, const char **count_id)
{
    for (size_t i = 0; i < r->generated.n; i++) {
        const zm_stock_count *c = org_find_count(org, r->generated.v[i].id);
        if (c && c->status != COUNT_COMPLETED && c->status != COUNT_CANCELLED && c->status != COUNT_EXPIRED) {
            *count_id = c->inventorycount_id;
            return true;
        }
    }
    return false;
}

/* ----------------------------------------------------------------- JSON */

static void add_day(cJSON *o, const char *name, int64_t day)
{
    char buf[16] = "";
    if (day >= 0) recurring_format_day(day, buf);
    if (name) json_add_str(o, name, buf);
    else cJSON_AddItemToArray(o, cJSON_CreateString(buf));
}

static void add_user(cJSON *o, const char *prefix, const char *user_id)
{
    char key[48];
    const zm_user *u = user_id[0] ? model_find_user(user_id) : NULL;
    snprintf(key, sizeof key, "%s_id", prefix);
    json_add_str(o, key, user_id);
    snprintf(key, sizeof key, "%s_name", prefix);
    json_add_str(o, key, u ? u->name : "");
}

/* The upcoming dates: from next_count_date, within end_date and the cycles
 * left; none while inactive or expired. */
static void add_upcoming(cJSON *o, const zm_recurring *r)
{
    cJSON *arr = cJSON_AddArrayToObject(o, "count_dates");
    if (r->status != RECURRING_ACTIVE) return;
    const zm_schedule *s = &r->schedule;
    int left = s->manual ? (int)s->days.n : UPCOMING_AUTO;
    if (!s->manual && s->no_of_cycles > 0 && s->no_of_cycles - r->executed_cycles < left)
        left = s->no_of_cycles - r->executed_cycles;
    for (int64_t d = r->next_day; d >= 0 && left > 0; d = schedule_next(s, d + 1), left--) add_day(arr, NULL, d);
}

cJSON *recurring_to_json(const zm_org *org, const zm_recurring *r)
{
    const zm_schedule *s = &r->schedule;
    bool aut = !s->manual;
    char created[32], modified[32], exec[8];
    clock_format_datetime(&org->clock, r->created_time, created);
    clock_format_datetime(&org->clock, r->last_modified_time, modified);
    snprintf(exec, sizeof exec, "%02d:%02d", s->execution_minutes / 60 % 100, s->execution_minutes % 60);
    const zm_location *loc = org_find_location((zm_org *)org, r->location_id);
    const zm_user *assignee = model_find_user(r->assignee_id);

    cJSON *o = cJSON_CreateObject();
    json_add_str(o, "recurringinventorycount_id", r->recurringinventorycount_id);
    json_add_str(o, "title", r->title);
    json_add_str(o, "status", recurring_status_name(r->status));
    json_add_str(o, "schedule_type", aut ? "auto" : "manual");
    json_add_str(o, "recurrence_frequency", aut ? recurrence_unit_name(s->rule.unit) : "");
    json_add_num(o, "repeat_every", aut ? s->rule.repeat_every : 0);
    add_day(o, "start_date", aut ? s->rule.start : -1);
    add_day(o, "end_date", aut ? s->end_day : -1);
    json_add_num(o, "no_of_cycles", aut ? s->no_of_cycles : 0);
    json_add_num(o, "executed_cycles", r->executed_cycles);
    add_upcoming(o, r);
    json_add_str(o, "location_id", r->location_id);
    json_add_str(o, "location_name", loc ? loc->location_name : "");
    json_add_str(o, "assignee_id", r->assignee_id);
    json_add_str(o, "assignee_name", assignee ? assignee->name : "");
    add_day(o, "next_count_date", r->status == RECURRING_ACTIVE ? r->next_day : -1);
    add_day(o, "last_count_created_date", r->last_created_day);
    json_add_str(o, "execution_time", exec);
    cJSON *days = cJSON_AddArrayToObject(o, "run_specific_days");
    for (int wd = 0; aut && wd < 7; wd++)
        if (s->rule.weekdays >> wd & 1u) cJSON_AddItemToArray(days, cJSON_CreateString(recurrence_weekday_name(wd)));
    json_add_num(o, "run_specific_date", aut ? s->rule.month_day : 0);
    json_add_str(o, "run_specific_week", aut ? recurrence_week_name(s->rule.week_of_month) : "");
    json_add_str(o, "run_specific_month", aut ? recurrence_month_name(s->rule.month) : "");
    json_add_num(o, "remind_before", r->remind_before);
    json_add_str(o, "description", r->description);
    add_user(o, "created_by", r->created_by_id);
    add_user(o, "last_modified_by", r->last_modified_by_id);
    json_add_str(o, "created_time", created);
    json_add_str(o, "last_modified_time", modified);
    cJSON *lines = cJSON_AddArrayToObject(o, "line_items");
    for (size_t i = 0; i < r->line_items.n; i++) {
        const zm_recurring_line *l = &r->line_items.v[i];
        const zm_item *item = org_find_item((zm_org *)org, l->item_id);
        cJSON *li = cJSON_CreateObject();
        json_add_str(li, "line_item_id", l->line_item_id);
        json_add_str(li, "item_id", l->item_id);
        json_add_str(li, "item_name", item ? item->name : "");
        json_add_str(li, "unit", item ? item->unit : "");
        cJSON_AddItemToArray(lines, li);
    }
    return o;
}

/* ------------------------------------------------------------- look-ups */

static void key_created(const void *row, zm_index_key *k) { k->i = ((const zm_recurring *)row)->created_time; }
static void key_title(const void *row, zm_index_key *k) { k->s = ((const zm_recurring *)row)->title; }
static void key_next(const void *row, zm_index_key *k) { k->i = recurring_shown_next(row); }
static void key_modified(const void *row, zm_index_key *k) { k->i = ((const zm_recurring *)row)->last_modified_time; }
static const char *profile_id(const void *row) { return ((const zm_recurring *)row)->recurringinventorycount_id; }
static uint64_t profile_seq(const void *row) { return ((const zm_recurring *)row)->seq; }

/* search_text looks in the title and the description. */
static size_t profile_texts(const void *row, const char *out[INDEX_MAX_TEXTS])
{
    const zm_recurring *r = row;
    out[0] = r->title;
    out[1] = r->description;
    return 2;
}

static const zm_index_column profile_columns[] = {
    {"created_time", INDEX_INT, key_created},
    {"title", INDEX_TEXT_NOCASE, key_title},
    {"next_count_date", INDEX_INT, key_next},
    {"last_modified_time", INDEX_INT, key_modified},
    {NULL, 0, NULL},
};
static const zm_index_unique profile_uniques[] = {{"recurringinventorycount_id", profile_id}, {NULL, NULL}};
static const zm_table_def profile_table_def = {profile_columns, profile_uniques, profile_seq, profile_texts};

int64_t recurring_shown_next(const zm_recurring *r)
{
    return r->status == RECURRING_ACTIVE ? r->next_day : -1;
}

zm_table *recurring_table(zm_org *org) { return table_ensure(&org->recurring_table, &profile_table_def); }

void recurring_add(zm_org *org, zm_recurring *r)
{
    VEC_PUSH(org->recurring, r);
    table_insert(recurring_table(org), r);
}

void recurring_remove(zm_org *org, zm_recurring *r)
{
    table_remove(recurring_table(org), r);
    VEC_REMOVE_ITEM(org->recurring, r);
}

void recurring_reindex(zm_org *org, zm_recurring *r)
{
    table_update(recurring_table(org), r);
}

zm_recurring *org_find_recurring(zm_org *org, const char *id, size_t *index)
{
    zm_recurring *r = id ? table_find(recurring_table(org), 0, id) : NULL;
    for (size_t i = 0; r && index && i < org->recurring.n; i++)
        if (org->recurring.v[i] == r) *index = i;
    return r;
}

/* -------------------------------------------------------------- freeing */

void recurring_free(zm_recurring *r)
{
    if (!r) return;
    free(r->title);
    free(r->description);
    schedule_free(&r->schedule);
    VEC_FREE(r->line_items);
    VEC_FREE(r->generated);
    free(r);
}

void recurring_free_all(zm_org *org)
{
    for (size_t i = 0; i < org->recurring.n; i++) recurring_free(org->recurring.v[i]);
    VEC_FREE(org->recurring);
    table_free(&org->recurring_table);
}

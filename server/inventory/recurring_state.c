/* recurring_state.c -- recurring stock count profiles in a saved state (--state, /__admin/state), as JSON and back */
#include <stdio.h>
#include <string.h>

#include "inventory/recurring.h"
#include "util/json.h"
#include "util/json_read.h"

static cJSON *schedule_to_state(const zm_schedule *s)
{
    cJSON *j = cJSON_CreateObject();
    json_add_bool(j, "manual", s->manual);
    cJSON *rule = cJSON_AddObjectToObject(j, "rule");
    json_add_num(rule, "unit", s->rule.unit);
    json_add_num(rule, "repeat_every", s->rule.repeat_every);
    json_add_num(rule, "weekdays", s->rule.weekdays);
    json_add_num(rule, "month_day", s->rule.month_day);
    json_add_num(rule, "week_of_month", s->rule.week_of_month);
    json_add_num(rule, "month", s->rule.month);
    json_add_num(rule, "start", (double)s->rule.start);
    json_add_num(j, "end_day", (double)s->end_day);
    json_add_num(j, "no_of_cycles", s->no_of_cycles);
    cJSON *days = cJSON_AddArrayToObject(j, "days");
    for (size_t i = 0; i < s->days.n; i++) cJSON_AddItemToArray(days, cJSON_CreateNumber((double)s->days.v[i]));
    json_add_num(j, "execution_minutes", s->execution_minutes);
    return j;
}

/* A whole number from lo to hi. */
static int bounded(zm_jr *r, const cJSON *j, const char *name, int64_t lo, int64_t hi)
{
    int64_t v = jr_int(r, j, name);
    if (v < lo || v > hi) jr_fail(r, name, "out of range");
    return jr_failed(r) ? 0 : (int)v;
}

static void schedule_from_state(zm_jr *r, const cJSON *j, zm_schedule *s)
{
    s->manual = jr_bool(r, j, "manual");
    jr_enter(r, "rule", -1);
    const cJSON *rule = jr_object(r, j, "rule");
    s->rule.unit = (zm_recur_unit)bounded(r, rule, "unit", RECUR_DAYS, RECUR_MONTHS);
    s->rule.repeat_every = bounded(r, rule, "repeat_every", 0, 1000000);
    s->rule.weekdays = (unsigned)bounded(r, rule, "weekdays", 0, 127);
    s->rule.month_day = bounded(r, rule, "month_day", 0, 31);
    s->rule.week_of_month = bounded(r, rule, "week_of_month", 0, RECUR_WEEK_LAST);
    s->rule.month = bounded(r, rule, "month", 0, 12);
    s->rule.start = jr_int(r, rule, "start");
    jr_leave(r);
    s->end_day = jr_int(r, j, "end_day");
    s->no_of_cycles = bounded(r, j, "no_of_cycles", 0, 1000000);
    const cJSON *days = jr_array(r, j, "days"), *d;
    int64_t last = INT64_MIN;
    cJSON_ArrayForEach(d, days) {
        if (!cJSON_IsNumber(d) || d->valuedouble <= (double)last) {
            jr_fail(r, "days", "expected ascending day numbers");
            break;
        }
        last = (int64_t)d->valuedouble;
        VEC_PUSH(s->days, last);
    }
    s->execution_minutes = bounded(r, j, "execution_minutes", 0, 24 * 60 - 1);
}

cJSON *recurring_to_state(const zm_recurring *p)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "recurringinventorycount_id", p->recurringinventorycount_id);
    jw_str_or_null(j, "title", p->title);
    jw_str_or_null(j, "description", p->description);
    json_add_num(j, "status", p->status);
    cJSON_AddItemToObject(j, "schedule", schedule_to_state(&p->schedule));
    json_add_num(j, "remind_before", p->remind_before);
    json_add_str(j, "location_id", p->location_id);
    json_add_str(j, "assignee_id", p->assignee_id);
    cJSON *lines = cJSON_AddArrayToObject(j, "line_items");
    for (size_t i = 0; i < p->line_items.n; i++) {
        cJSON *l = cJSON_CreateObject();
        json_add_str(l, "line_item_id", p->line_items.v[i].line_item_id);
        json_add_str(l, "item_id", p->line_items.v[i].item_id);
        cJSON_AddItemToArray(lines, l);
    }
    json_add_num(j, "executed_cycles", p->executed_cycles);
    json_add_num(j, "next_day", (double)p->next_day);
    json_add_num(j, "last_created_day", (double)p->last_created_day);
    cJSON *generated = cJSON_AddArrayToObject(j, "generated");
    for (size_t i = 0; i < p->generated.n; i++) cJSON_AddItemToArray(generated, cJSON_CreateString(p->generated.v[i].id));
    json_add_num(j, "created_time", (double)p->created_time);
    json_add_num(j, "last_modified_time", (double)p->last_modified_time);
    json_add_str(j, "created_by_id", p->created_by_id);
    json_add_str(j, "last_modified_by_id", p->last_modified_by_id);
    jw_u64(j, "seq", p->seq);
    return j;
}

void recurring_from_state(zm_jr *r, const cJSON *j, zm_org *org)
{
    zm_recurring *p = xcalloc(1, sizeof *p);
    jr_id(r, j, "recurringinventorycount_id", false, p->recurringinventorycount_id);
    const char *title = jr_str_or_null(r, j, "title"), *description = jr_str_or_null(r, j, "description");
    p->title = title ? xstrdup(title) : NULL;
    p->description = description ? xstrdup(description) : NULL;
    p->status = (zm_recurring_status)bounded(r, j, "status", RECURRING_ACTIVE, RECURRING_EXPIRED);
    jr_enter(r, "schedule", -1);
    schedule_from_state(r, jr_object(r, j, "schedule"), &p->schedule);
    jr_leave(r);
    p->remind_before = bounded(r, j, "remind_before", 0, 100000);
    jr_id(r, j, "location_id", false, p->location_id);
    jr_id(r, j, "assignee_id", true, p->assignee_id);
    if (!jr_failed(r) && !org_find_location(org, p->location_id)) jr_fail(r, "location_id", "not a location of the organization");
    const cJSON *lines = jr_array(r, j, "line_items"), *l;
    int i = 0;
    cJSON_ArrayForEach(l, lines) {
        jr_enter(r, "line_items", i++);
        zm_recurring_line line;
        jr_id(r, l, "line_item_id", false, line.line_item_id);
        jr_id(r, l, "item_id", false, line.item_id);
        if (!jr_failed(r) && !org_find_item(org, line.item_id)) jr_fail(r, "item_id", "not an item of the organization");
        VEC_PUSH(p->line_items, line);
        jr_leave(r);
    }
    p->executed_cycles = bounded(r, j, "executed_cycles", 0, 100000000);
    p->next_day = jr_int(r, j, "next_day");
    p->last_created_day = jr_int(r, j, "last_created_day");
    const cJSON *generated = jr_array(r, j, "generated"), *g;
    cJSON_ArrayForEach(g, generated) {
        zm_id_box box;
        if (!cJSON_IsString(g) || !id_is_valid(g->valuestring)) {
            jr_fail(r, "generated", "expected an array of ids");
            break;
        }
        snprintf(box.id, ID_LEN, "%s", g->valuestring);
        VEC_PUSH(p->generated, box);
    }
    p->created_time = jr_int(r, j, "created_time");
    p->last_modified_time = jr_int(r, j, "last_modified_time");
    jr_id(r, j, "created_by_id", true, p->created_by_id);
    jr_id(r, j, "last_modified_by_id", true, p->last_modified_by_id);
    p->seq = jr_u64(r, j, "seq");
    if (!jr_failed(r) && org_find_recurring(org, p->recurringinventorycount_id, NULL))
        jr_fail(r, "recurringinventorycount_id", "a second profile with this id");
    if (jr_failed(r)) {
        recurring_free(p);
        return;
    }
    recurring_add(org, p);
}

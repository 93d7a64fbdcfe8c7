/* recurring.h -- recurring stock count profiles: the model, its JSON, the schedule and the handlers */
#ifndef ZM_RECURRING_H
#define ZM_RECURRING_H

/* The feature's files:
 *   recurrence.c     the pure date arithmetic (next occurrence of a rule)
 *   recurring.c      the model: schedule, generation, JSON, look-ups, freeing
 *   recurring_api.c  endpoints 12-18: create, list, retrieve, update, delete,
 *                    active, inactive
 *   scheduler.c      org_run_due: creates the due counts in time order
 *
 * Every function here runs under the organization's lock (org_lock, model/model.h). */

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "model/model.h"
#include "model/recurrence.h"
#include "zoho/request.h"

typedef enum zm_recurring_status {
    RECURRING_ACTIVE,
    RECURRING_INACTIVE,
    RECURRING_EXPIRED,
} zm_recurring_status;

const char *recurring_status_name(zm_recurring_status s);

/* When counts fall due. Auto: `rule` (start_date is rule.start), bounded by
 * end_day or no_of_cycles (or neither). Manual: the listed days. */
typedef struct zm_schedule {
    bool manual;
    zm_recurrence rule;         /* auto */
    int64_t end_day;            /* auto; -1: none */
    int no_of_cycles;           /* auto; 0: none */
    VEC(int64_t) days;          /* manual: ascending, unique */
    int execution_minutes;      /* execution_time, minutes after local midnight */
} zm_schedule;

typedef struct zm_recurring_line {
    zm_id line_item_id;
    zm_id item_id;
} zm_recurring_line;

typedef VEC(zm_recurring_line) zm_recurring_lines;

/* An id kept by value in a vector. */
typedef struct zm_id_box {
    zm_id id;
} zm_id_box;

typedef struct zm_recurring {
    zm_id recurringinventorycount_id;
    char *title;
    char *description;
    zm_recurring_status status;
    zm_schedule schedule;
    int remind_before;          /* days; 0 when not given */
    zm_id location_id;
    zm_id assignee_id;
    zm_recurring_lines line_items;

    int executed_cycles;
    int64_t next_day;           /* next_count_date; -1 when none (inactive, expired) */
    int64_t last_created_day;   /* last_count_created_date; -1 when none */
    VEC(zm_id_box) generated;   /* ids of the stock counts it created, in order */

    int64_t created_time;
    int64_t last_modified_time;
    zm_id created_by_id;
    zm_id last_modified_by_id;
    uint64_t seq;               /* creation order, breaks ties */
} zm_recurring;

/* ------------------------------------------------------------- schedule */

/* Today's day number by the organization's clock. */
int64_t org_today(const zm_org *org);
/* "YYYY-MM-DD" of a day number. */
void recurring_format_day(int64_t day, char out[16]);
/* The instant (org clock) at which day `day` falls due: local midnight plus
 * execution_time, in the organization's zone. */
int64_t recurring_due_instant(const zm_org *org, const zm_schedule *s, int64_t day);
/* The first scheduled day on or after `from` that end_date allows; -1 when
 * none (no_of_cycles is the caller's business). */
int64_t schedule_next(const zm_schedule *s, int64_t from);
/* Deep copy / free of a schedule's owned parts. */
void schedule_copy(zm_schedule *dst, const zm_schedule *src);
void schedule_free(zm_schedule *s);

/* Sets next_day to the first scheduled day on or after `from` (and after
 * the last generated one), or expires the profile when none is left or
 * no_of_cycles is reached. Only for an active profile. */
void recurring_plan_next(zm_recurring *r, int64_t from);

/* When the active profile's next count falls due (org clock); INT64_MAX
 * when it is inactive, expired or has no next date. */
int64_t recurring_due_at(const zm_org *org, const zm_recurring *r);
/* Records that the stock count of next_day was created (scheduler.c makes
 * it): keeps its id, counts the cycle, sets last_count_created_date, and
 * plans the next date or expires the profile. */
void recurring_record_run(zm_recurring *r, const char *inventorycount_id);

/* True when a stock count this profile generated still exists and is
 * neither completed, cancelled nor expired; its id goes to *count_id. */
bool recurring_has_active_count(zm_org *org, const zm_recurring *r, const char **count_id);

/* ----------------------------------------------------------------- JSON */

/* Every field of the page's recurringinventorycount object. */
cJSON *recurring_to_json(const zm_org *org, const zm_recurring *r);

/* ------------------------------------------------------------- look-ups */

zm_recurring *org_find_recurring(zm_org *org, const char *id, size_t *index);

/* The organization's profiles table (model/index.h): sort columns
 * created_time, title, next_count_date (as shown: -1 unless active),
 * last_modified_time; unique key the id. Profiles join and leave through
 * recurring_add / recurring_remove; recurring_reindex after any change of
 * title, status, next date or last_modified_time. */
zm_table *recurring_table(zm_org *org);
void recurring_add(zm_org *org, zm_recurring *r);
void recurring_remove(zm_org *org, zm_recurring *r);   /* the caller frees it */
void recurring_reindex(zm_org *org, zm_recurring *r);
/* next_count_date as lists show and sort it: next_day when active, else -1. */
int64_t recurring_shown_next(const zm_recurring *r);

/* recurring_state.c (--state, /__admin/state): every field, the schedule,
 * lines and generated counts; reading one joins it to org through
 * recurring_add (id unique, location and items the organization's). */
struct zm_jr;
cJSON *recurring_to_state(const zm_recurring *p);
void recurring_from_state(struct zm_jr *r, const cJSON *j, zm_org *org);

/* Frees one profile / every profile of the organization (reset, shutdown). */
void recurring_free(zm_recurring *r);
void recurring_free_all(zm_org *org);

#endif

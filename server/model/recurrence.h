/* recurrence.h -- pure date arithmetic of recurring schedules: the next occurrence on or after a day */
#ifndef ZM_RECURRENCE_H
#define ZM_RECURRENCE_H

#include <stddef.h>
#include <stdint.h>

/* Days are day numbers (days since 1970-01-01, clock_days_from_civil). */

typedef enum zm_recur_unit {
    RECUR_DAYS,
    RECUR_WEEKS,
    RECUR_MONTHS,
} zm_recur_unit;

#define RECUR_WEEK_LAST 5       /* week_of_month: 1..4 first..fourth, 5 last */

/* An automatic schedule. Occurrences are never before `start`; the phase
 * (which days, weeks, months or years count) is anchored on it:
 *   days    start + k * repeat_every.
 *   weeks   the weekdays of `weekdays` (start's weekday when 0) in every
 *           repeat_every-th Monday-based week, counting start's week as 0.
 *   months  every repeat_every-th month counting start's month as 0; in
 *           each, week_of_month x weekdays ("last FRI", one date per day in
 *           the mask), else month_day clamped to the month's last day, else
 *           start's day of month, clamped.
 *           With `month` (1-12) it is yearly: only that month, in every
 *           repeat_every-th year counting the first such month on or after
 *           start as year 0. */
typedef struct zm_recurrence {
    zm_recur_unit unit;
    int repeat_every;           /* >= 1 */
    unsigned weekdays;          /* bit 0 MON .. bit 6 SUN */
    int month_day;              /* 1-31; 0: none */
    int week_of_month;          /* 1-4 or RECUR_WEEK_LAST; 0: none (needs weekdays) */
    int month;                  /* 1-12; 0: none */
    int64_t start;
} zm_recurrence;

/* The first occurrence on or after `from`; -1 when the rule has none (an
 * invalid rule, e.g. repeat_every 0). */
int64_t recurrence_next(const zm_recurrence *r, int64_t from);

/* The first of the ascending days[0..n) on or after `from`; -1 when none. */
int64_t recurrence_next_listed(const int64_t *days, size_t n, int64_t from);

/* 0 Monday .. 6 Sunday. */
int recurrence_weekday(int64_t day);
int recurrence_days_in_month(int year, int month);

/* Names as the API writes them. Parsers are case-insensitive and return
 * -1 for an unknown name. */
const char *recurrence_weekday_name(int weekday);           /* "MON" .. "SUN" */
int recurrence_weekday_parse(const char *s);                /* 0 .. 6 */
const char *recurrence_week_name(int week_of_month);        /* "first" .. "fourth", "last" */
int recurrence_week_parse(const char *s);                   /* 1 .. 4, RECUR_WEEK_LAST */
const char *recurrence_month_name(int month);               /* "january" .. "december" */
int recurrence_month_parse(const char *s);                  /* 1 .. 12 */
const char *recurrence_unit_name(zm_recur_unit u);          /* "days", "weeks", "months" */

#endif

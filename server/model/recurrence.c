/* recurrence.c -- pure date arithmetic of recurring schedules: the next occurrence on or after a day */
#include "model/recurrence.h"

#include <strings.h>

#include "model/clock.h"

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

static int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

int recurrence_weekday(int64_t day)
{
    return (int)floor_mod(day + 3, 7);     /* 1970-01-01 was a Thursday */
}

int recurrence_days_in_month(int year, int month)
{
    int ny = month == 12 ? year + 1 : year, nm = month == 12 ? 1 : month + 1;
    return (int)(clock_days_from_civil(ny, nm, 1) - clock_days_from_civil(year, month, 1));
}

static int64_t next_daily(const zm_recurrence *r, int64_t from)
{
    int64_t n = r->repeat_every;
    return r->start + floor_div(from - r->start + n - 1, n) * n;
}

static int64_t next_weekly(const zm_recurrence *r, int64_t from)
{
    unsigned mask = r->weekdays ? r->weekdays : 1u << recurrence_weekday(r->start);
    int64_t week0 = r->start - recurrence_weekday(r->start);  /* Monday of start's week */
    int64_t n = r->repeat_every;
    int64_t w = floor_div(from - week0, 7);
    if (floor_mod(w, n) != 0) w += n - floor_mod(w, n);
    /* The week holding `from` may have no day left; the next one has. */
    for (int pass = 0; pass < 2; pass++, w += n) {
        int64_t monday = week0 + w * 7;
        for (int i = 0; i < 7; i++)
            if (monday + i >= from && (mask >> i & 1u)) return monday + i;
    }
    return -1;
}

/* The earliest occurrence on or after `from` in month (y, m); -1 when none. */
static int64_t month_occurrence(const zm_recurrence *r, int y, int m, int start_day_of_month, int64_t from)
{
    int dim = recurrence_days_in_month(y, m);
    int64_t first = clock_days_from_civil(y, m, 1);
    if (r->week_of_month) {
        int64_t best = -1;
        for (int wd = 0; wd < 7; wd++) {
            if (!(r->weekdays >> wd & 1u)) continue;
            int64_t d;
            if (r->week_of_month == RECUR_WEEK_LAST) {
                int64_t last = first + dim - 1;
                d = last - floor_mod(recurrence_weekday(last) - wd, 7);
            } else {
                d = first + floor_mod(wd - recurrence_weekday(first), 7) + 7 * (r->week_of_month - 1);
            }
            if (d >= from && (best < 0 || d < best)) best = d;
        }
        return best;
    }
    int dom = r->month_day ? r->month_day : start_day_of_month;
    if (dom > dim) dom = dim;
    int64_t d = first + dom - 1;
    return d >= from ? d : -1;
}

static int64_t next_monthly(const zm_recurrence *r, int64_t from)
{
    int y0, m0, d0, yf, mf, df;
    clock_civil_from_days(r->start, &y0, &m0, &d0);
    clock_civil_from_days(from, &yf, &mf, &df);
    int64_t base = (int64_t)y0 * 12 + (m0 - 1), step = r->repeat_every;
    if (r->month) {
        base += floor_mod(r->month - m0, 12);
        step *= 12;
    }
    int64_t from_index = (int64_t)yf * 12 + (mf - 1);
    int64_t k = from_index > base ? floor_div(from_index - base + step - 1, step) : 0;
    /* An eligible month can lack an occurrence on or after `from` (its day
     * passed); the next eligible one has one unless the rule has none. */
    for (int guard = 0; guard < 3; guard++, k++) {
        int64_t index = base + k * step;
        int y = (int)floor_div(index, 12), m = (int)(index - (int64_t)y * 12) + 1;
        int64_t d = month_occurrence(r, y, m, d0, from);
        if (d >= 0) return d;
    }
    return -1;
}

int64_t recurrence_next(const zm_recurrence *r, int64_t from)
{
    if (r->repeat_every < 1) return -1;
    if (from < r->start) from = r->start;
    switch (r->unit) {
    case RECUR_DAYS: return next_daily(r, from);
    case RECUR_WEEKS: return next_weekly(r, from);
    case RECUR_MONTHS: return next_monthly(r, from);
    }
    return -1;
}

int64_t recurrence_next_listed(const int64_t *days, size_t n, int64_t from)
{
    for (size_t i = 0; i < n; i++)
        if (days[i] >= from) return days[i];
    return -1;
}

/* ---------------------------------------------------------------- names */

static const char *const weekday_names[7] = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};
static const char *const week_names[5] = {"first", "second", "third", "fourth", "last"};
static const char *const month_names[12] = {"january", "february", "march", "april", "may", "june",
                                            "july", "august", "september", "october", "november",
                                            "december"};
static const char *const unit_names[3] = {"days", "weeks", "months"};

/* Index of s in names[0..n), case-insensitively; -1 when absent. */
static int lookup(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcasecmp(names[i], s) == 0) return i;
    return -1;
}

const char *recurrence_weekday_name(int weekday) { return weekday >= 0 && weekday < 7 ? weekday_names[weekday] : ""; }
int recurrence_weekday_parse(const char *s) { return lookup(weekday_names, 7, s); }

const char *recurrence_week_name(int week_of_month)
{
    return week_of_month >= 1 && week_of_month <= RECUR_WEEK_LAST ? week_names[week_of_month - 1] : "";
}

int recurrence_week_parse(const char *s)
{
    int i = lookup(week_names, 5, s);
    return i < 0 ? -1 : i + 1;
}

const char *recurrence_month_name(int month) { return month >= 1 && month <= 12 ? month_names[month - 1] : ""; }

int recurrence_month_parse(const char *s)
{
    int i = lookup(month_names, 12, s);
    return i < 0 ? -1 : i + 1;
}

const char *recurrence_unit_name(zm_recur_unit u) { return (unsigned)u < 3 ? unit_names[u] : ""; }

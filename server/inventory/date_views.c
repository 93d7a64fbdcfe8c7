/* date_views.c -- list views by a record's date relative to the organization's today ("ThisWeek", "PreviousMonth") */
#include "inventory/date_views.h"

#include <string.h>

/* [first, last] day numbers of the period containing `day`, moved back one
 * period when previous. */
static void bounds(int64_t day, const char *unit, bool previous, int64_t *first, int64_t *last)
{
    int y, m, d;
    clock_civil_from_days(day, &y, &m, &d);
    if (!strcmp(unit, "Day")) {
        *first = *last = day - (previous ? 1 : 0);
    } else if (!strcmp(unit, "Week")) {
        /* Day 0 (1970-01-01) was a Thursday: Sunday is (day + 4) % 7 == 0. */
        int64_t since_sunday = ((day + 4) % 7 + 7) % 7;
        *first = day - since_sunday - (previous ? 7 : 0);
        *last = *first + 6;
    } else {
        int months = !strcmp(unit, "Month") ? 1 : !strcmp(unit, "Quarter") ? 3 : 12;
        int start = (m - 1) / months * months;      /* months since January of the period's start */
        int64_t index = (int64_t)y * 12 + start - (previous ? months : 0);
        int sy = (int)(index / 12), sm = (int)(index % 12) + 1;
        int64_t next = index + months;
        *first = clock_days_from_civil(sy, sm, 1);
        *last = clock_days_from_civil((int)(next / 12), (int)(next % 12) + 1, 1) - 1;
    }
}

int date_view_keeps(const zm_org *org, const char *date, const char *period)
{
    if (!strcmp(period, "All")) return 1;
    bool previous = !strncmp(period, "Previous", 8);
    const char *unit = previous ? period + 8 : !strncmp(period, "This", 4) ? period + 4 : NULL;
    if (!strcmp(period, "Today")) unit = "Day";
    if (!unit || (strcmp(unit, "Day") && strcmp(unit, "Week") && strcmp(unit, "Month") && strcmp(unit, "Quarter") &&
                  strcmp(unit, "Year")))
        return -1;
    char today[16];
    int64_t now, day;
    clock_today(&org->clock, today);
    if (clock_parse_date(today, &now) != 0 || !date || clock_parse_date(date, &day) != 0) return 0;
    int64_t first, last;
    bounds(now, unit, previous, &first, &last);
    return day >= first && day <= last;
}

/* test_recurrence.c -- unit tests of the recurring schedules' date arithmetic (recurrence.c) */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "model/clock.h"
#include "model/recurrence.h"

static int64_t day(const char *ymd)
{
    int64_t d;
    cr_assert_eq(clock_parse_date(ymd, &d), 0, "bad test date %s", ymd);
    return d;
}

static void ymd(int64_t d, char out[16])
{
    int y, m, dd;
    clock_civil_from_days(d, &y, &m, &dd);
    snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m, dd);
}

/* Walks the rule from its start: the first n occurrences, each found as the
 * next one after the previous, compared with `expected` (n strings). */
static void expect_series(const zm_recurrence *r, const char *const *expected, size_t n)
{
    int64_t from = r->start;
    for (size_t i = 0; i < n; i++) {
        int64_t d = recurrence_next(r, from);
        char got[16];
        ymd(d, got);
        cr_assert_str_eq(got, expected[i], "occurrence %zu", i);
        from = d + 1;
    }
}

static unsigned days_mask(const char *a, const char *b)
{
    unsigned m = 1u << recurrence_weekday_parse(a);
    if (b) m |= 1u << recurrence_weekday_parse(b);
    return m;
}

/* ------------------------------------------------------------- calendar */

Test(recurrence, weekday_and_month_lengths)
{
    cr_assert_eq(recurrence_weekday(day("1970-01-01")), 3);      /* Thursday */
    cr_assert_eq(recurrence_weekday(day("2025-06-15")), 6);      /* Sunday */
    cr_assert_eq(recurrence_weekday(day("2025-06-16")), 0);      /* Monday */
    cr_assert_eq(recurrence_weekday(day("1969-12-29")), 0);      /* before the epoch */
    cr_assert_eq(recurrence_days_in_month(2025, 2), 28);
    cr_assert_eq(recurrence_days_in_month(2024, 2), 29);
    cr_assert_eq(recurrence_days_in_month(2100, 2), 28);         /* century, not leap */
    cr_assert_eq(recurrence_days_in_month(2000, 2), 29);         /* 400th year, leap */
    cr_assert_eq(recurrence_days_in_month(2025, 12), 31);
    cr_assert_eq(recurrence_days_in_month(2025, 4), 30);
}

Test(recurrence, names_parse_case_insensitively_and_print_canonically)
{
    cr_assert_eq(recurrence_weekday_parse("fri"), 4);
    cr_assert_str_eq(recurrence_weekday_name(4), "FRI");
    cr_assert_eq(recurrence_weekday_parse("FRIDAY"), -1);
    cr_assert_eq(recurrence_week_parse("Last"), RECUR_WEEK_LAST);
    cr_assert_eq(recurrence_week_parse("fifth"), -1);
    cr_assert_str_eq(recurrence_week_name(2), "second");
    cr_assert_eq(recurrence_month_parse("February"), 2);
    cr_assert_eq(recurrence_month_parse("feb"), -1);
    cr_assert_str_eq(recurrence_month_name(12), "december");
    cr_assert_str_eq(recurrence_unit_name(RECUR_WEEKS), "weeks");
}

/* ----------------------------------------------------------------- days */

Test(recurrence, every_ten_days)
{
    zm_recurrence r = {.unit = RECUR_DAYS, .repeat_every = 10, .start = day("2025-06-25")};
    static const char *const want[] = {"2025-06-25", "2025-07-05", "2025-07-15", "2025-07-25"};
    expect_series(&r, want, 4);
    /* From a day between two occurrences, and from before the start. */
    char got[16];
    ymd(recurrence_next(&r, day("2025-07-06")), got);
    cr_assert_str_eq(got, "2025-07-15");
    ymd(recurrence_next(&r, day("2025-01-01")), got);
    cr_assert_str_eq(got, "2025-06-25");
}

Test(recurrence, invalid_rule_has_no_occurrence)
{
    zm_recurrence r = {.unit = RECUR_DAYS, .repeat_every = 0, .start = day("2025-06-25")};
    cr_assert_eq(recurrence_next(&r, r.start), -1);
    zm_recurrence m = {.unit = RECUR_MONTHS, .repeat_every = 1, .week_of_month = 2, .start = day("2025-06-25")};
    cr_assert_eq(recurrence_next(&m, m.start), -1);     /* a week without weekdays */
}

/* ---------------------------------------------------------------- weeks */

Test(recurrence, weekly_monday_and_friday)
{
    /* Starts on a Sunday: the first occurrence is the next day. */
    zm_recurrence r = {.unit = RECUR_WEEKS, .repeat_every = 1, .weekdays = days_mask("MON", "FRI"),
                       .start = day("2025-06-15")};
    static const char *const want[] = {"2025-06-16", "2025-06-20", "2025-06-23", "2025-06-27",
                                       "2025-06-30", "2025-07-04"};
    expect_series(&r, want, 6);
}

Test(recurrence, every_second_week_counts_from_the_start_week)
{
    /* 2025-06-18 is a Wednesday: its week's Monday has passed, its Friday
     * has not; the next counted week is two weeks on. */
    zm_recurrence r = {.unit = RECUR_WEEKS, .repeat_every = 2, .weekdays = days_mask("MON", "FRI"),
                       .start = day("2025-06-18")};
    static const char *const want[] = {"2025-06-20", "2025-06-30", "2025-07-04", "2025-07-14"};
    expect_series(&r, want, 4);
}

Test(recurrence, weekly_without_days_uses_the_start_weekday)
{
    zm_recurrence r = {.unit = RECUR_WEEKS, .repeat_every = 3, .start = day("2025-06-17")};
    static const char *const want[] = {"2025-06-17", "2025-07-08", "2025-07-29"};
    expect_series(&r, want, 3);
}

/* --------------------------------------------------------------- months */

Test(recurrence, monthly_on_the_31st_clamps_to_month_ends)
{
    zm_recurrence r = {.unit = RECUR_MONTHS, .repeat_every = 1, .month_day = 31, .start = day("2025-07-01")};
    static const char *const want[] = {"2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31",
                                       "2025-11-30", "2025-12-31", "2026-01-31", "2026-02-28",
                                       "2026-03-31", "2026-04-30"};
    expect_series(&r, want, 10);
}

Test(recurrence, february_of_a_leap_year_has_the_29th)
{
    zm_recurrence r = {.unit = RECUR_MONTHS, .repeat_every = 1, .month_day = 30, .start = day("2024-01-15")};
    static const char *const want[] = {"2024-01-30", "2024-02-29", "2024-03-30"};
    expect_series(&r, want, 3);
    /* Without run_specific_date: the start's day of month, clamped too. */
    zm_recurrence s = {.unit = RECUR_MONTHS, .repeat_every = 1, .start = day("2028-01-31")};
    static const char *const want2[] = {"2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"};
    expect_series(&s, want2, 4);
}

Test(recurrence, a_month_whose_day_passed_before_the_start_is_skipped)
{
    zm_recurrence r = {.unit = RECUR_MONTHS, .repeat_every = 2, .month_day = 10, .start = day("2025-06-15")};
    static const char *const want[] = {"2025-08-10", "2025-10-10", "2025-12-10", "2026-02-10"};
    expect_series(&r, want, 4);
}

Test(recurrence, last_friday_of_each_month)
{
    zm_recurrence r = {.unit = RECUR_MONTHS, .repeat_every = 1, .week_of_month = RECUR_WEEK_LAST,
                       .weekdays = days_mask("FRI", NULL), .start = day("2025-05-01")};
    static const char *const want[] = {"2025-05-30", "2025-06-27", "2025-07-25", "2025-08-29",
                                       "2025-09-26", "2025-10-31", "2026-01-30", "2026-02-27"};
    int64_t from = r.start;
    for (size_t i = 0; i < 6; i++) {
        char got[16];
        int64_t d = recurrence_next(&r, from);
        ymd(d, got);
        cr_assert_str_eq(got, want[i]);
        from = d + 1;
    }
    char got[16];
    ymd(recurrence_next(&r, day("2026-01-01")), got);
    cr_assert_str_eq(got, want[6]);
    ymd(recurrence_next(&r, day("2026-01-31")), got);
    cr_assert_str_eq(got, want[7]);
}

Test(recurrence, first_and_fourth_weekdays)
{
    /* June 2025 starts on a Sunday: first MON is the 2nd, first SUN the 1st. */
    zm_recurrence r = {.unit = RECUR_MONTHS, .repeat_every = 1, .week_of_month = 1,
                       .weekdays = days_mask("MON", "SUN"), .start = day("2025-06-01")};
    static const char *const want[] = {"2025-06-01", "2025-06-02", "2025-07-06", "2025-07-07"};
    expect_series(&r, want, 4);
    zm_recurrence f = {.unit = RECUR_MONTHS, .repeat_every = 1, .week_of_month = 4,
                       .weekdays = days_mask("WED", NULL), .start = day("2025-06-01")};
    static const char *const want4[] = {"2025-06-25", "2025-07-23", "2025-08-27"};
    expect_series(&f, want4, 3);
}

Test(recurrence, yearly_in_a_given_month)
{
    /* run_specific_month february with the 29th: leap years give the 29th. */
    zm_recurrence r = {.unit = RECUR_MONTHS, .repeat_every = 1, .month = 2, .month_day = 29,
                       .start = day("2025-06-15")};
    static const char *const want[] = {"2026-02-28", "2027-02-28", "2028-02-29", "2029-02-28"};
    expect_series(&r, want, 4);
    /* Every second year, in the start's own month when the day is still ahead. */
    zm_recurrence s = {.unit = RECUR_MONTHS, .repeat_every = 2, .month = 6, .month_day = 20,
                       .start = day("2025-06-15")};
    static const char *const want2[] = {"2025-06-20", "2027-06-20", "2029-06-20"};
    expect_series(&s, want2, 3);
}

Test(recurrence, listed_days)
{
    const int64_t days[] = {day("2025-06-20"), day("2025-07-01"), day("2025-09-30")};
    cr_assert_eq(recurrence_next_listed(days, 3, day("2025-06-01")), days[0]);
    cr_assert_eq(recurrence_next_listed(days, 3, day("2025-06-21")), days[1]);
    cr_assert_eq(recurrence_next_listed(days, 3, day("2025-09-30")), days[2]);
    cr_assert_eq(recurrence_next_listed(days, 3, day("2025-10-01")), -1);
    cr_assert_eq(recurrence_next_listed(days, 0, day("2025-01-01")), -1);
}

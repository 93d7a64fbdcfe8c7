/* test_recurring.c -- recurring stock count profiles and the virtual clock over HTTP, with a frozen clock */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "asserts.h"
#include "http_client.h"

/* Organization 10234700 (Zylker Retail) of fixtures/default.json: its
 * clock is frozen at 2025-06-15T09:00:00+0530, a Sunday. */
#define ORGID "10234700"
#define ORG "?organization_id=" ORGID
#define JANE "1000.full.jane"
#define ARJUN "1000.full.arjun"
#define JANE_ID "4815000000012300"
#define ARJUN_ID "4816000000012400"
#define JOHN_ID "4815000000012345"           /* a user of the other organization only */
#define WH "4816000000038080"                /* Retail Warehouse */
#define STORE "4816000000038090"             /* Downtown Store */
#define LAPTOP "4816000000033001"
#define MOUSE "4816000000033002"
#define PHONE "4816000000033003"
#define CHARGER "4816000000033004"
#define RIC "/inventory/v1/recurringinventorycounts"
#define IC "/inventory/v1/inventorycounts"
#define CLOCK "/__admin/clock"
#define BASE "\"title\":\"Weekly shelf count\",\"location_id\":\"" WH "\""
#define LINES "\"line_items\":[{\"item_id\":\"" LAPTOP "\"},{\"item_id\":\"" MOUSE "\"}]"
#define SAVED "Recurring stock count profile has been saved."
#define CHANGED "Recurring stock count status has been changed."

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(recurring, .init = start, .fini = stop);
TestSuite(clock_admin, .init = start, .fini = stop);

/* ------------------------------------------------------------- helpers */

/* POST a profile: BASE, the given members (schedule etc.) and LINES.
 * Returns the response (201 checked). */
static tresponse create_raw(const char *token, const char *members)
{
    char body[2048];
    snprintf(body, sizeof body, "{" BASE ",%s," LINES "}", members);
    return treq("POST", RIC ORG, token, body);
}

/* Creates a profile and returns its id (free it). */
static char *create(const char *members)
{
    tresponse r = create_raw(JANE, members);
    expect_ok(&r, 201, SAVED);
    char *id = strdup(tjson_str(r.json, "recurringinventorycount.recurringinventorycount_id"));
    tresponse_free(&r);
    return id;
}

/* METHOD /recurringinventorycounts/{id}{suffix}?organization_id=...{query} */
static tresponse call(const char *method, const char *id, const char *suffix, const char *query,
                      const char *token, const char *body)
{
    char path[256];
    snprintf(path, sizeof path, RIC "/%s%s" ORG "%s", id, suffix, query);
    return treq(method, path, token, body);
}

static tresponse get(const char *id) { return call("GET", id, "", "", JANE, NULL); }

/* A field of the profile, as GET shows it now. */
static char *field(const char *id, const char *name)
{
    tresponse r = get(id);
    cr_assert_eq(r.status, 200, "%s", r.body);
    char path[96];
    snprintf(path, sizeof path, "recurringinventorycount.%s", name);
    const cJSON *v = tjson_get(r.json, path);
    cr_assert_not_null(v, "no %s in %s", name, r.body);
    char *out = cJSON_IsString(v) ? strdup(v->valuestring) : cJSON_PrintUnformatted(v);
    tresponse_free(&r);
    return out;
}

static void expect_field(const char *id, const char *name, const char *want)
{
    char *got = field(id, name);
    cr_assert_str_eq(got, want, "%s", name);
    free(got);
}

static tresponse clock_put(const char *body)
{
    return treq("PUT", CLOCK, NULL, body);
}

/* Moves the organization's clock: a member of the PUT body ("\"advance\":\"P3D\""). */
static void move(const char *member)
{
    char body[256];
    snprintf(body, sizeof body, "{\"organization_id\":\"" ORGID "\",%s}", member);
    tresponse r = clock_put(body);
    expect_ok(&r, 200, "The clock has been updated.");
    tresponse_free(&r);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The count_date of every stock count of the organization, ascending,
 * comma-separated (the organization has none in the fixtures). */
static char *count_dates(void)
{
    tresponse r = treq("GET", IC ORG "&per_page=200", JANE, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    const cJSON *arr = tjson_get(r.json, "inventorycounts");
    int n = cJSON_GetArraySize(arr);
    char **dates = calloc((size_t)n + 1, sizeof *dates);
    for (int i = 0; i < n; i++) dates[i] = strdup(tjson_str(cJSON_GetArrayItem(arr, i), "count_date"));
    qsort(dates, (size_t)n, sizeof *dates, cmp_str);
    char *out = calloc((size_t)n * 11 + 1, 1);
    for (int i = 0; i < n; i++) {
        if (i) strcat(out, ",");
        strcat(out, dates[i]);
        free(dates[i]);
    }
    free(dates);
    tresponse_free(&r);
    return out;
}

static void expect_count_dates(const char *want)
{
    char *got = count_dates();
    cr_assert_str_eq(got, want);
    free(got);
}

/* The id of the organization's only stock count with this count_date. */
static char *count_on(const char *date)
{
    tresponse r = treq("GET", IC ORG "&per_page=200", JANE, NULL);
    const cJSON *arr = tjson_get(r.json, "inventorycounts"), *c;
    char *id = NULL;
    cJSON_ArrayForEach(c, arr) {
        if (strcmp(tjson_str(c, "count_date"), date) == 0) {
            cr_assert_null(id, "two counts on %s", date);
            id = strdup(tjson_str(c, "inventorycount_id"));
        }
    }
    cr_assert_not_null(id, "no count on %s: %s", date, r.body);
    tresponse_free(&r);
    return id;
}

static double clock_monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static tresponse count_get(const char *id)
{
    char path[128];
    snprintf(path, sizeof path, IC "/%s" ORG, id);
    return treq("GET", path, JANE, NULL);
}

/* ------------------------------------------------------ create, retrieve */

Test(recurring, create_answers_every_field_of_the_page)
{
    tresponse r = create_raw(JANE, "\"schedule_type\":\"auto\",\"start_date\":\"2025-06-16\","
                                   "\"recurrence_frequency\":\"months\",\"repeat_every\":1,\"run_specific_date\":31,"
                                   "\"remind_before\":3,\"description\":\"Shelf A\",\"no_of_cycles\":12");
    expect_ok(&r, 201, SAVED);
    const cJSON *p = tjson_get(r.json, "recurringinventorycount");
    cr_assert_eq(strlen(tjson_str(p, "recurringinventorycount_id")), 16);
    cr_assert_str_eq(tjson_str(p, "title"), "Weekly shelf count");
    cr_assert_str_eq(tjson_str(p, "status"), "active");
    cr_assert_str_eq(tjson_str(p, "schedule_type"), "auto");
    cr_assert_str_eq(tjson_str(p, "recurrence_frequency"), "months");
    cr_assert_eq(tjson_num(p, "repeat_every"), 1);
    cr_assert_str_eq(tjson_str(p, "start_date"), "2025-06-16");
    cr_assert_str_eq(tjson_str(p, "end_date"), "");
    cr_assert_eq(tjson_num(p, "no_of_cycles"), 12);
    cr_assert_eq(tjson_num(p, "executed_cycles"), 0);
    cr_assert_str_eq(tjson_str(p, "next_count_date"), "2025-06-30");
    cr_assert_str_eq(tjson_str(p, "last_count_created_date"), "");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(p, "count_dates")), 12);
    cr_assert_str_eq(tjson_str(p, "count_dates.0"), "2025-06-30");
    cr_assert_str_eq(tjson_str(p, "count_dates.1"), "2025-07-31");
    cr_assert_str_eq(tjson_str(p, "count_dates.8"), "2026-02-28");
    cr_assert_str_eq(tjson_str(p, "location_id"), WH);
    cr_assert_str_eq(tjson_str(p, "location_name"), "Retail Warehouse");
    cr_assert_str_eq(tjson_str(p, "assignee_id"), JANE_ID);     /* the caller by default */
    cr_assert_str_eq(tjson_str(p, "assignee_name"), "Jane Doe");
    cr_assert_str_eq(tjson_str(p, "execution_time"), "00:00");  /* the default */
    cr_assert_eq(cJSON_GetArraySize(tjson_get(p, "run_specific_days")), 0);
    cr_assert_eq(tjson_num(p, "run_specific_date"), 31);
    cr_assert_str_eq(tjson_str(p, "run_specific_week"), "");
    cr_assert_str_eq(tjson_str(p, "run_specific_month"), "");
    cr_assert_eq(tjson_num(p, "remind_before"), 3);
    cr_assert_str_eq(tjson_str(p, "description"), "Shelf A");
    cr_assert_str_eq(tjson_str(p, "created_by_id"), JANE_ID);
    cr_assert_str_eq(tjson_str(p, "created_by_name"), "Jane Doe");
    cr_assert_str_eq(tjson_str(p, "last_modified_by_id"), JANE_ID);
    cr_assert_str_eq(tjson_str(p, "last_modified_by_name"), "Jane Doe");
    cr_assert_str_eq(tjson_str(p, "created_time"), "2025-06-15T09:00:00+0530");
    cr_assert_str_eq(tjson_str(p, "last_modified_time"), "2025-06-15T09:00:00+0530");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(p, "line_items")), 2);
    cr_assert_str_eq(tjson_str(p, "line_items.0.item_id"), LAPTOP);
    cr_assert_str_eq(tjson_str(p, "line_items.0.item_name"), "Laptop 15-inch");
    cr_assert_str_eq(tjson_str(p, "line_items.0.unit"), "pcs");
    cr_assert_eq(strlen(tjson_str(p, "line_items.1.line_item_id")), 16);
    char *id = strdup(tjson_str(p, "recurringinventorycount_id"));
    tresponse_free(&r);

    r = get(id);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.recurringinventorycount_id"), id);
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.next_count_date"), "2025-06-30");
    cr_assert_eq(tjson_num(r.json, "can_assignee_count"), 1);
    cr_assert_eq(tjson_num(r.json, "can_assignee_access_warehouse"), 1);
    tresponse_free(&r);
    free(id);
}

Test(recurring, unknown_profile_is_404)
{
    const char *methods[][2] = {{"GET", ""}, {"PUT", ""}, {"DELETE", ""}, {"POST", "/active"}, {"POST", "/inactive"}};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        tresponse r = call(methods[i][0], "4816000000099999", methods[i][1], "", JANE,
                           strcmp(methods[i][0], "PUT") == 0 ? "{\"title\":\"x\"}" : NULL);
        expect_error(&r, 404, 1002, "Recurring stock count profile does not exist.");
        tresponse_free(&r);
    }
}

/* ----------------------------------------------------------- generation */

Test(recurring, monthly_on_the_31st_over_a_year)
{
    char *id = create("\"start_date\":\"2025-06-16\",\"recurrence_frequency\":\"months\",\"repeat_every\":1,"
                      "\"run_specific_date\":31,\"execution_time\":\"09:00\",\"description\":\"Month end\"");
    move("\"advance\":\"P1Y\"");    /* to 2026-06-15T09:00:00+0530 */
    expect_count_dates("2025-06-30,2025-07-31,2025-08-31,2025-09-30,2025-10-31,2025-11-30,2025-12-31,"
                       "2026-01-31,2026-02-28,2026-03-31,2026-04-30,2026-05-31");
    expect_field(id, "executed_cycles", "12");
    expect_field(id, "last_count_created_date", "2026-05-31");
    expect_field(id, "next_count_date", "2026-06-30");
    expect_field(id, "status", "active");

    /* Each count was created at its own date and time, as if the clock had
     * passed through it: yet_to_start, numbered in order, the profile's
     * creator, location, assignee, items and description. */
    char *feb = count_on("2026-02-28");
    tresponse r = count_get(feb);
    cr_assert_eq(r.status, 200, "%s", r.body);
    const cJSON *c = tjson_get(r.json, "inventorycount");
    cr_assert_str_eq(tjson_str(c, "status"), "yet_to_start");
    cr_assert_str_eq(tjson_str(c, "inventorycount_number"), "RC-00009");
    cr_assert_str_eq(tjson_str(c, "created_time"), "2026-02-28T09:00:00+0530");
    cr_assert_str_eq(tjson_str(c, "created_by_id"), JANE_ID);
    cr_assert_str_eq(tjson_str(c, "location_id"), WH);
    cr_assert_str_eq(tjson_str(c, "assignee_id"), JANE_ID);
    cr_assert_str_eq(tjson_str(c, "description"), "Month end");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(c, "line_items")), 2);
    cr_assert_str_eq(tjson_str(c, "line_items.0.item_id"), LAPTOP);
    cr_assert_str_eq(tjson_str(c, "line_items.1.item_id"), MOUSE);
    tresponse_free(&r);
    free(feb);
    free(id);
}

Test(recurring, february_of_a_leap_year_gets_the_29th)
{
    move("\"now\":\"2028-01-20T12:00:00+0530\"");
    char *id = create("\"start_date\":\"2028-01-20\",\"recurrence_frequency\":\"months\",\"run_specific_date\":31");
    expect_field(id, "count_dates", "[\"2028-01-31\",\"2028-02-29\",\"2028-03-31\",\"2028-04-30\","
                                    "\"2028-05-31\",\"2028-06-30\",\"2028-07-31\",\"2028-08-31\",\"2028-09-30\","
                                    "\"2028-10-31\",\"2028-11-30\",\"2028-12-31\"]");
    move("\"advance\":\"P2M\"");    /* 2028-03-20 */
    expect_count_dates("2028-01-31,2028-02-29");
    free(id);
}

Test(recurring, weekly_monday_and_friday_over_three_weeks)
{
    char *id = create("\"start_date\":\"2025-06-15\",\"recurrence_frequency\":\"weeks\","
                      "\"run_specific_days\":[\"FRI\",\"MON\"],\"execution_time\":\"08:00\"");
    expect_field(id, "run_specific_days", "[\"MON\",\"FRI\"]");
    expect_field(id, "next_count_date", "2025-06-16");
    /* Not before the execution time, in the organization's zone. */
    move("\"now\":\"2025-06-16T07:59:59+0530\"");
    expect_count_dates("");
    move("\"advance_seconds\":1");
    expect_count_dates("2025-06-16");
    move("\"now\":\"2025-07-06T09:00:00+0530\"");   /* three weeks after the start */
    expect_count_dates("2025-06-16,2025-06-20,2025-06-23,2025-06-27,2025-06-30,2025-07-04");
    expect_field(id, "executed_cycles", "6");
    expect_field(id, "next_count_date", "2025-07-07");
    char *upcoming = field(id, "count_dates");
    const char *prefix = "[\"2025-07-07\",\"2025-07-11\",\"2025-07-14\",";
    cr_assert(strncmp(upcoming, prefix, strlen(prefix)) == 0, "%s", upcoming);
    free(upcoming);
    free(id);
}

Test(recurring, every_ten_days_for_three_cycles_then_expired)
{
    char *id = create("\"start_date\":\"2025-06-20\",\"recurrence_frequency\":\"days\",\"repeat_every\":10,"
                      "\"no_of_cycles\":3");
    expect_field(id, "count_dates", "[\"2025-06-20\",\"2025-06-30\",\"2025-07-10\"]");
    move("\"advance\":\"P10D\"");   /* 06-25 */
    expect_count_dates("2025-06-20");
    expect_field(id, "next_count_date", "2025-06-30");
    move("\"advance\":\"P10D\"");   /* 07-05 */
    expect_count_dates("2025-06-20,2025-06-30");
    expect_field(id, "status", "active");
    move("\"advance\":\"P10D\"");   /* 07-15 */
    expect_count_dates("2025-06-20,2025-06-30,2025-07-10");
    expect_field(id, "status", "expired");
    expect_field(id, "executed_cycles", "3");
    expect_field(id, "next_count_date", "");
    expect_field(id, "count_dates", "[]");
    move("\"advance\":\"P30D\"");
    expect_count_dates("2025-06-20,2025-06-30,2025-07-10");
    tresponse r = get(id);
    cr_assert_eq(tjson_num(r.json, "can_assignee_count"), 0);
    tresponse_free(&r);
    /* Neither status can be set on an expired profile. */
    r = call("POST", id, "/active", "", JANE, NULL);
    expect_error(&r, 400, 4220, "The recurring stock count profile has expired: change its schedule to give it dates again.");
    tresponse_free(&r);
    r = call("POST", id, "/inactive", "", JANE, NULL);
    expect_error(&r, 400, 4220, "The recurring stock count profile has expired and cannot be marked as inactive.");
    tresponse_free(&r);
    free(id);
}

Test(recurring, end_date_expires_after_its_last_date)
{
    char *id = create("\"start_date\":\"2025-06-16\",\"recurrence_frequency\":\"weeks\",\"end_date\":\"2025-06-30\"");
    expect_field(id, "count_dates", "[\"2025-06-16\",\"2025-06-23\",\"2025-06-30\"]");
    move("\"advance\":\"P2W\"");
    expect_field(id, "status", "active");
    move("\"advance\":\"P1D\"");    /* 06-30 09:00: the last date ran */
    expect_count_dates("2025-06-16,2025-06-23,2025-06-30");
    expect_field(id, "status", "expired");
    free(id);
}

Test(recurring, manual_dates)
{
    char *id = create("\"schedule_type\":\"manual\",\"count_dates\":[\"2025-06-20\",\"2025-06-18\",\"2025-07-01\"],"
                      "\"execution_time\":\"10:30\"");
    expect_field(id, "schedule_type", "manual");
    expect_field(id, "count_dates", "[\"2025-06-18\",\"2025-06-20\",\"2025-07-01\"]");
    expect_field(id, "next_count_date", "2025-06-18");
    expect_field(id, "recurrence_frequency", "");
    expect_field(id, "start_date", "");
    move("\"now\":\"2025-06-20T10:29:00+0530\"");
    expect_count_dates("2025-06-18");
    expect_field(id, "count_dates", "[\"2025-06-20\",\"2025-07-01\"]");
    move("\"now\":\"2025-07-02T00:00:00+0530\"");
    expect_count_dates("2025-06-18,2025-06-20,2025-07-01");
    expect_field(id, "status", "expired");
    expect_field(id, "executed_cycles", "3");
    expect_field(id, "last_count_created_date", "2025-07-01");
    free(id);
}

Test(recurring, ten_years_of_a_daily_profile_in_one_jump)
{
    char *id = create("\"start_date\":\"2025-06-16\",\"recurrence_frequency\":\"days\"");
    double before = clock_monotonic_seconds();
    move("\"advance\":\"P10Y\"");   /* 2035-06-15T09:00 */
    cr_assert_lt(clock_monotonic_seconds() - before, 20.0, "the jump took too long");
    expect_field(id, "executed_cycles", "3652");
    expect_field(id, "last_count_created_date", "2035-06-15");
    expect_field(id, "next_count_date", "2035-06-16");
    tresponse r = treq("GET", IC ORG "&per_page=1&sort_column=created_time&sort_order=D", JANE, NULL);
    cr_assert_str_eq(tjson_str(r.json, "inventorycounts.0.inventorycount_number"), "RC-03652");
    cr_assert_str_eq(tjson_str(r.json, "inventorycounts.0.count_date"), "2035-06-15");
    tresponse_free(&r);
    free(id);
}

Test(recurring, a_first_date_of_today_already_past_runs_at_creation)
{
    tresponse r = create_raw(JANE, "\"start_date\":\"2025-06-15\",\"recurrence_frequency\":\"days\"");
    expect_ok(&r, 201, SAVED);
    cr_assert_eq(tjson_num(r.json, "recurringinventorycount.executed_cycles"), 1);
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.last_count_created_date"), "2025-06-15");
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.next_count_date"), "2025-06-16");
    tresponse_free(&r);
    expect_count_dates("2025-06-15");
    /* Created at the profile's creation, not at midnight before it. */
    char *c = count_on("2025-06-15");
    r = count_get(c);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.created_time"), "2025-06-15T09:00:00+0530");
    tresponse_free(&r);
    free(c);
}

Test(recurring, inactive_then_active_without_back_fill)
{
    char *id = create("\"start_date\":\"2025-06-16\",\"recurrence_frequency\":\"days\",\"execution_time\":\"09:00\"");
    move("\"advance\":\"P1D\"");    /* 06-16 09:00 */
    expect_count_dates("2025-06-16");
    tresponse r = call("POST", id, "/inactive", "", ARJUN, NULL);
    expect_ok(&r, 200, CHANGED);
    tresponse_free(&r);
    expect_field(id, "status", "inactive");
    expect_field(id, "next_count_date", "");
    expect_field(id, "last_modified_by_name", "Arjun Mehta");
    r = get(id);
    cr_assert_eq(tjson_num(r.json, "can_assignee_count"), 0);
    tresponse_free(&r);
    move("\"advance\":\"P5D\"");    /* 06-21 09:00: nothing while inactive */
    expect_count_dates("2025-06-16");
    r = call("POST", id, "/active", "", JANE, NULL);
    expect_ok(&r, 200, CHANGED);
    tresponse_free(&r);
    /* Today's 09:00 has passed: the next date is tomorrow, and the five
     * missed days are not created. */
    expect_field(id, "status", "active");
    expect_field(id, "next_count_date", "2025-06-22");
    expect_count_dates("2025-06-16");
    move("\"advance\":\"P1D\"");
    expect_count_dates("2025-06-16,2025-06-22");
    expect_field(id, "executed_cycles", "2");
    free(id);
}

Test(recurring, reactivation_before_todays_time_keeps_today)
{
    char *id = create("\"start_date\":\"2025-06-16\",\"recurrence_frequency\":\"days\",\"execution_time\":\"18:00\"");
    tresponse r = call("POST", id, "/inactive", "", JANE, NULL);
    expect_ok(&r, 200, CHANGED);
    tresponse_free(&r);
    move("\"now\":\"2025-06-18T09:00:00+0530\"");
    r = call("POST", id, "/active", "", JANE, NULL);
    expect_ok(&r, 200, CHANGED);
    tresponse_free(&r);
    expect_field(id, "next_count_date", "2025-06-18");
    expect_count_dates("");
    free(id);
}

/* -------------------------------------------------------------- update */

Test(recurring, start_date_is_locked_after_the_first_count)
{
    char *ran = create("\"start_date\":\"2025-06-15\",\"recurrence_frequency\":\"days\"");
    expect_field(ran, "executed_cycles", "1");
    tresponse r = call("PUT", ran, "", "", JANE, "{\"start_date\":\"2025-06-20\"}");
    expect_error(&r, 400, 4221,
                 "The start_date cannot be changed: this recurring stock count profile has already created 1 stock count(s).");
    tresponse_free(&r);
    expect_field(ran, "start_date", "2025-06-15");
    /* Sending the same start_date is no change. */
    r = call("PUT", ran, "", "", JANE, "{\"start_date\":\"2025-06-15\",\"title\":\"Daily\"}");
    expect_ok(&r, 200, SAVED);
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.title"), "Daily");
    tresponse_free(&r);

    /* Before its first count a profile can move its start. */
    char *later = create("\"start_date\":\"2025-06-20\",\"recurrence_frequency\":\"days\"");
    r = call("PUT", later, "", "", JANE, "{\"start_date\":\"2025-06-25\"}");
    expect_ok(&r, 200, SAVED);
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.start_date"), "2025-06-25");
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.next_count_date"), "2025-06-25");
    tresponse_free(&r);
    free(ran);
    free(later);
}

Test(recurring, next_date_cannot_be_today_while_its_count_is_active)
{
    char *id = create("\"start_date\":\"2025-06-16\",\"recurrence_frequency\":\"weeks\",\"execution_time\":\"08:00\"");
    move("\"now\":\"2025-06-18T09:00:00+0530\"");
    char *count = count_on("2025-06-16");
    char msg[256];
    snprintf(msg, sizeof msg,
             "The next count date cannot be today (2025-06-18) while the stock count %s created by this profile "
             "is still active.", count);
    tresponse r = call("PUT", id, "", "", JANE, "{\"recurrence_frequency\":\"days\"}");
    expect_error(&r, 400, 4222, msg);
    tresponse_free(&r);
    expect_field(id, "recurrence_frequency", "weeks");

    /* Once that count is cancelled, today is allowed, and its time has
     * passed: the count is created at once. */
    char path[128];
    snprintf(path, sizeof path, IC "/%s/cancel" ORG, count);
    r = treq("POST", path, JANE, NULL);
    expect_ok(&r, 200, "Stock count has been cancelled.");
    tresponse_free(&r);
    r = call("PUT", id, "", "", JANE, "{\"recurrence_frequency\":\"days\"}");
    expect_ok(&r, 200, SAVED);
    cr_assert_eq(tjson_num(r.json, "recurringinventorycount.executed_cycles"), 2);
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.last_count_created_date"), "2025-06-18");
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.next_count_date"), "2025-06-19");
    tresponse_free(&r);
    expect_count_dates("2025-06-16,2025-06-18");
    free(count);
    free(id);
}

Test(recurring, update_merges_or_replaces_line_items_and_keeps_other_fields)
{
    char *id = create("\"start_date\":\"2025-06-20\",\"recurrence_frequency\":\"days\"");
    char *laptop_line = field(id, "line_items.0.line_item_id");
    tresponse r = call("PUT", id, "", "", ARJUN,
                       "{\"title\":\"Renamed\",\"assignee_id\":\"" ARJUN_ID "\",\"location_id\":\"" STORE "\","
                       "\"line_items\":[{\"item_id\":\"" PHONE "\"}]}");
    expect_ok(&r, 200, SAVED);
    const cJSON *p = tjson_get(r.json, "recurringinventorycount");
    cr_assert_str_eq(tjson_str(p, "title"), "Renamed");
    cr_assert_str_eq(tjson_str(p, "assignee_name"), "Arjun Mehta");
    cr_assert_str_eq(tjson_str(p, "location_name"), "Downtown Store");
    cr_assert_str_eq(tjson_str(p, "last_modified_by_name"), "Arjun Mehta");
    cr_assert_str_eq(tjson_str(p, "created_by_name"), "Jane Doe");
    cr_assert_str_eq(tjson_str(p, "start_date"), "2025-06-20");       /* not sent: kept */
    cr_assert_eq(cJSON_GetArraySize(tjson_get(p, "line_items")), 3);  /* merged */
    cr_assert_str_eq(tjson_str(p, "line_items.2.item_id"), PHONE);
    tresponse_free(&r);

    r = call("PUT", id, "", "", JANE, "{\"line_items\":[{\"item_id\":\"" MOUSE "\"}]}");
    expect_error(&r, 400, 4214, "Duplicate products are not allowed: item " MOUSE " appears more than once.");
    tresponse_free(&r);

    char body[256];
    snprintf(body, sizeof body, "{\"line_items\":[{\"line_item_id\":\"%s\"},{\"item_id\":\"" CHARGER "\"}]}", laptop_line);
    r = call("PUT", id, "", "&replace_line_items=true", JANE, body);
    expect_ok(&r, 200, SAVED);
    p = tjson_get(r.json, "recurringinventorycount");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(p, "line_items")), 2);
    cr_assert_str_eq(tjson_str(p, "line_items.0.line_item_id"), laptop_line);
    cr_assert_str_eq(tjson_str(p, "line_items.1.item_id"), CHARGER);
    tresponse_free(&r);

    r = call("PUT", id, "", "", JANE, "{\"line_items\":[{\"line_item_id\":\"4816000000099999\"}]}");
    expect_error(&r, 400, 4, "line_items: the line item 4816000000099999 is not part of this recurring stock count profile.");
    tresponse_free(&r);

    /* The generated count takes the profile as it is then. */
    move("\"advance\":\"P5D\"");
    char *c = count_on("2025-06-20");
    r = count_get(c);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.location_id"), STORE);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.assignee_id"), ARJUN_ID);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.created_by_id"), JANE_ID);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.line_items.1.item_id"), CHARGER);
    tresponse_free(&r);
    free(c);
    free(laptop_line);
    free(id);
}

Test(recurring, update_can_extend_an_expired_profile)
{
    char *id = create("\"start_date\":\"2025-06-16\",\"recurrence_frequency\":\"days\",\"repeat_every\":2,"
                      "\"no_of_cycles\":1");
    move("\"advance\":\"P2D\"");    /* 06-17 */
    expect_field(id, "status", "expired");
    tresponse r = call("PUT", id, "", "", JANE, "{\"end_date\":\"2025-06-20\"}");
    expect_ok(&r, 200, SAVED);
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.status"), "active");
    cr_assert_eq(tjson_num(r.json, "recurringinventorycount.no_of_cycles"), 0);     /* replaced */
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.next_count_date"), "2025-06-18");
    tresponse_free(&r);
    free(id);
}

/* -------------------------------------------------------------- delete */

Test(recurring, delete_keeps_the_generated_counts)
{
    char *id = create("\"start_date\":\"2025-06-16\",\"recurrence_frequency\":\"days\"");
    move("\"advance\":\"P2D\"");
    char *c = count_on("2025-06-17");
    tresponse r = call("DELETE", id, "", "", JANE, NULL);
    expect_ok(&r, 200, "Recurring stock count profile has been deleted.");
    tresponse_free(&r);
    r = get(id);
    expect_error(&r, 404, 1002, "Recurring stock count profile does not exist.");
    tresponse_free(&r);
    r = count_get(c);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), "yet_to_start");
    tresponse_free(&r);
    move("\"advance\":\"P5D\"");    /* nothing more is created */
    expect_count_dates("2025-06-16,2025-06-17");
    free(c);
    free(id);
}

/* ----------------------------------------------------------------- list */

/* The titles of a list answer, in order, comma-separated. */
static char *list_titles(const char *query)
{
    char path[256];
    snprintf(path, sizeof path, RIC ORG "%s", query);
    tresponse r = treq("GET", path, JANE, NULL);
    expect_ok(&r, 200, "success");
    const cJSON *arr = tjson_get(r.json, "recurringinventorycounts"), *p;
    char *out = calloc(1024, 1);
    cJSON_ArrayForEach(p, arr) {
        if (*out) strcat(out, ",");
        strcat(out, tjson_str(p, "title"));
    }
    tresponse_free(&r);
    return out;
}

static void expect_titles(const char *query, const char *want)
{
    char *got = list_titles(query);
    cr_assert_str_eq(got, want, "query %s", query);
    free(got);
}

static char *create_titled(const char *title, const char *members)
{
    char body[1024];
    snprintf(body, sizeof body, "{\"title\":\"%s\",%s," LINES "}", title, members);
    tresponse r = treq("POST", RIC ORG, JANE, body);
    expect_ok(&r, 201, SAVED);
    char *id = strdup(tjson_str(r.json, "recurringinventorycount.recurringinventorycount_id"));
    tresponse_free(&r);
    return id;
}

Test(recurring, list_filters_sorts_and_pages)
{
    char *a = create_titled("Bravo", "\"location_id\":\"" WH "\",\"start_date\":\"2025-06-20\",\"recurrence_frequency\":\"days\"");
    move("\"advance_seconds\":60");
    char *b = create_titled("alpha", "\"location_id\":\"" STORE "\",\"assignee_id\":\"" ARJUN_ID "\","
                                     "\"start_date\":\"2025-06-16\",\"recurrence_frequency\":\"weeks\"");
    move("\"advance_seconds\":60");
    char *c = create_titled("Charlie", "\"location_id\":\"" WH "\",\"schedule_type\":\"manual\","
                                       "\"count_dates\":[\"2025-07-01\"]");
    move("\"advance_seconds\":60");
    char *d = create_titled("Delta", "\"location_id\":\"" WH "\",\"start_date\":\"2025-06-16\","
                                     "\"recurrence_frequency\":\"months\",\"run_specific_month\":\"january\"");
    tresponse r = call("POST", a, "/inactive", "", JANE, NULL);
    tresponse_free(&r);

    expect_titles("", "Delta,Charlie,alpha,Bravo");                /* created_time, D */
    expect_titles("&sort_column=title&sort_order=A", "alpha,Bravo,Charlie,Delta");
    expect_titles("&sort_column=next_count_date&sort_order=A", "Bravo,alpha,Charlie,Delta");
    expect_titles("&filter_by=Assignee.Self", "Delta,Charlie,Bravo");
    expect_titles("&status=inactive", "Bravo");
    expect_titles("&status=active&sort_order=A", "alpha,Charlie,Delta");
    expect_titles("&frequency=weeks", "alpha");
    expect_titles("&frequency=manual", "Charlie");
    expect_titles("&frequency=years", "Delta");
    expect_titles("&frequency=months", "");
    expect_titles("&frequency=days", "Bravo");
    expect_titles("&location_id=" STORE, "alpha");
    expect_titles("&assignee_id=" ARJUN_ID, "alpha");
    expect_titles("&next_count_date_start=2025-06-17&next_count_date_end=2025-12-31", "Charlie");
    expect_titles("&start_date_start=2025-06-17", "Bravo");
    expect_titles("&search_text=ALPH", "alpha");

    r = treq("GET", RIC ORG "&per_page=2&page=1&sort_column=title&sort_order=A", JANE, NULL);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "recurringinventorycounts")), 2);
    cr_assert_eq(tjson_num(r.json, "page_context.page"), 1);
    cr_assert_eq(tjson_num(r.json, "page_context.per_page"), 2);
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 1);
    cr_assert_str_eq(tjson_str(r.json, "page_context.sort_column"), "title");
    cr_assert_str_eq(tjson_str(r.json, "page_context.sort_order"), "A");
    cr_assert_str_eq(tjson_str(r.json, "page_context.applied_filter"), "Status.All");
    /* List rows carry the whole profile. */
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycounts.0.location_name"), "Downtown Store");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "recurringinventorycounts.0.line_items")), 2);
    tresponse_free(&r);
    r = treq("GET", RIC ORG "&per_page=2&page=2&sort_column=title&sort_order=A", JANE, NULL);
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 0);
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycounts.1.title"), "Delta");
    tresponse_free(&r);
    free(a);
    free(b);
    free(c);
    free(d);
}

typedef struct bad_query {
    char query[64];
    char message[64];
} bad_query;

ParameterizedTestParameters(recurring, list_refuses_bad_parameters)
{
    static bad_query cases[] = {
        {"&status=paused", "Invalid value passed for status"},
        {"&frequency=hours", "Invalid value passed for frequency"},
        {"&recurrence_frequency=", "Invalid value passed for recurrence_frequency"},
        {"&filter_by=Status.Active", "Invalid value passed for filter_by"},
        {"&sort_column=status", "Invalid value passed for sort_column"},
        {"&location_id=abc", "Invalid value passed for location_id"},
        {"&next_count_date_start=2025-13-01", "Invalid value passed for next_count_date_start"},
        {"&start_date_end=tomorrow", "Invalid value passed for start_date_end"},
    };
    return cr_make_param_array(bad_query, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(bad_query *q, recurring, list_refuses_bad_parameters)
{
    char path[160];
    snprintf(path, sizeof path, RIC ORG "%s", q->query);
    tresponse r = treq("GET", path, JANE, NULL);
    expect_error(&r, 400, 2, q->message);
    tresponse_free(&r);
}

/* ---------------------------------------------------------- validation */

/* One refused create: the body's members besides title, location_id and
 * line_items (those three come from `base` unless base is 0: then the
 * members are the whole body). */
typedef struct bad_create {
    char members[320];
    int base;
    long status;
    int code;
    char message[160];
} bad_create;

#define AUTO "\"start_date\":\"2025-06-20\",\"recurrence_frequency\":"
#define MONTHS AUTO "\"months\""
#define WEEKS AUTO "\"weeks\""
#define ONE_LINE "\"line_items\":[{\"item_id\":\"" LAPTOP "\"}]"
#define LOC "\"location_id\":\"" WH "\""

ParameterizedTestParameters(recurring, create_refuses)
{
    static bad_create cases[] = {
        /* title, location, assignee, line items */
        {LOC "," ONE_LINE "," AUTO "\"days\"", 0, 400, 11, "The parameter title is mandatory."},
        {"\"title\":\"\"," LOC "," ONE_LINE "," AUTO "\"days\"", 0, 400, 11, "The parameter title is mandatory."},
        {"\"title\":\"T\"," ONE_LINE "," AUTO "\"days\"", 0, 400, 11, "The parameter location_id is mandatory."},
        {"\"title\":\"T\",\"location_id\":\"4816000000099999\"," ONE_LINE "," AUTO "\"days\"", 0, 400, 4,
         "Invalid value passed for location_id"},
        {"\"title\":\"T\"," LOC "," AUTO "\"days\"", 0, 400, 11, "The parameter line_items is mandatory."},
        {"\"title\":\"T\"," LOC ",\"line_items\":[]," AUTO "\"days\"", 0, 400, 11, "The parameter line_items is mandatory."},
        {"\"title\":\"T\"," LOC ",\"line_items\":[{\"item_id\":\"4816000000099999\"}]," AUTO "\"days\"", 0, 400, 4,
         "line_items: the item 4816000000099999 does not exist."},
        {"\"title\":\"T\"," LOC ",\"line_items\":[{\"item_id\":\"" LAPTOP "\"},{\"item_id\":\"" LAPTOP "\"}]," AUTO "\"days\"",
         0, 400, 4214, "Duplicate products are not allowed: item " LAPTOP " appears more than once."},
        {AUTO "\"days\",\"assignee_id\":\"" JOHN_ID "\"", 1, 400, 4,
         "assignee_id: the user " JOHN_ID " is not a user of this organization."},
        {AUTO "\"days\",\"remind_before\":-1", 1, 400, 4, "remind_before must be a whole number from 0 to 365."},
        /* schedule_type and the auto schedule */
        {"\"schedule_type\":\"sometimes\"", 1, 400, 4, "Invalid value passed for schedule_type"},
        {"\"recurrence_frequency\":\"days\"", 1, 400, 11, "The parameter start_date is mandatory."},
        {"\"start_date\":\"2025-06-20\"", 1, 400, 11, "The parameter recurrence_frequency is mandatory."},
        {"\"start_date\":\"2025-6-20\",\"recurrence_frequency\":\"days\"", 1, 400, 4, "Invalid value passed for start_date"},
        {"\"start_date\":\"2025-06-14\",\"recurrence_frequency\":\"days\"", 1, 400, 4,
         "start_date must be today (2025-06-15) or later."},
        {AUTO "\"years\"", 1, 400, 4, "Invalid value passed for recurrence_frequency"},
        {AUTO "\"days\",\"repeat_every\":0", 1, 400, 4, "repeat_every must be a whole number from 1 to 999."},
        {AUTO "\"days\",\"repeat_every\":1.5", 1, 400, 4, "repeat_every must be a whole number from 1 to 999."},
        {AUTO "\"days\",\"end_date\":\"2025-07-01\",\"no_of_cycles\":3", 1, 400, 4,
         "end_date and no_of_cycles cannot be used together: give one of them."},
        {AUTO "\"days\",\"end_date\":\"2025-06-19\"", 1, 400, 4, "end_date must not be before start_date."},
        {AUTO "\"days\",\"no_of_cycles\":-1", 1, 400, 4, "no_of_cycles must be a whole number from 0 to 100000."},
        {"\"start_date\":\"2025-06-17\",\"recurrence_frequency\":\"weeks\",\"run_specific_days\":[\"MON\"],"
         "\"end_date\":\"2025-06-20\"", 1, 400, 4, "The schedule has no count date between start_date and end_date."},
        {AUTO "\"days\",\"run_specific_days\":[\"MON\"]", 1, 400, 4,
         "run_specific_days applies to recurrence_frequency weeks or months, not days."},
        {WEEKS ",\"run_specific_days\":[\"FUN\"]", 1, 400, 4, "Invalid value passed for run_specific_days"},
        {WEEKS ",\"run_specific_days\":\"MON\"", 1, 400, 4, "Invalid value passed for run_specific_days"},
        {WEEKS ",\"run_specific_date\":15", 1, 400, 4, "run_specific_date applies only to recurrence_frequency months, not weeks."},
        {MONTHS ",\"run_specific_date\":32", 1, 400, 4, "run_specific_date must be a whole number from 0 to 31."},
        {MONTHS ",\"run_specific_week\":\"fifth\",\"run_specific_days\":[\"MON\"]", 1, 400, 4,
         "Invalid value passed for run_specific_week"},
        {MONTHS ",\"run_specific_week\":\"last\"", 1, 400, 4,
         "run_specific_week needs run_specific_days (the weekdays of that week)."},
        {MONTHS ",\"run_specific_days\":[\"FRI\"]", 1, 400, 4,
         "run_specific_days needs run_specific_week when recurrence_frequency is months."},
        {MONTHS ",\"run_specific_date\":5,\"run_specific_week\":\"last\",\"run_specific_days\":[\"FRI\"]", 1, 400, 4,
         "run_specific_date and run_specific_week cannot be used together: give one of them."},
        {MONTHS ",\"run_specific_month\":\"janvier\"", 1, 400, 4, "Invalid value passed for run_specific_month"},
        {WEEKS ",\"run_specific_month\":\"january\"", 1, 400, 4,
         "run_specific_month applies only to recurrence_frequency months, not weeks."},
        {AUTO "\"days\",\"execution_time\":\"9:00\"", 1, 400, 4, "execution_time must be HH:mm (24-hour), e.g. 09:00."},
        {AUTO "\"days\",\"execution_time\":\"24:00\"", 1, 400, 4, "execution_time must be HH:mm (24-hour), e.g. 09:00."},
        {AUTO "\"days\",\"count_dates\":[\"2025-07-01\"]", 1, 400, 4, "count_dates applies only to schedule_type manual."},
        /* the manual schedule */
        {"\"schedule_type\":\"manual\"", 1, 400, 11, "The parameter count_dates is mandatory."},
        {"\"schedule_type\":\"manual\",\"count_dates\":[]", 1, 400, 11, "The parameter count_dates is mandatory."},
        {"\"schedule_type\":\"manual\",\"count_dates\":[\"2025-02-30\"]", 1, 400, 4, "Invalid value passed for count_dates"},
        {"\"schedule_type\":\"manual\",\"count_dates\":[\"2025-06-20\",\"2025-06-14\"]", 1, 400, 4,
         "count_dates: 2025-06-14 is in the past; count dates must be today (2025-06-15) or later."},
        {"\"schedule_type\":\"manual\",\"count_dates\":[\"2025-06-20\",\"2025-06-20\"]", 1, 400, 4,
         "count_dates: 2025-06-20 appears more than once."},
        {"\"schedule_type\":\"manual\",\"count_dates\":[\"2025-06-20\"],\"start_date\":\"2025-06-20\"", 1, 400, 4,
         "start_date applies only to schedule_type auto."},
    };
    return cr_make_param_array(bad_create, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(bad_create *c, recurring, create_refuses)
{
    char body[1024];
    if (c->base) snprintf(body, sizeof body, "{\"title\":\"T\"," LOC "," ONE_LINE ",%s}", c->members);
    else snprintf(body, sizeof body, "{%s}", c->members);
    tresponse r = treq("POST", RIC ORG, JANE, body);
    expect_error(&r, c->status, c->code, c->message);
    tresponse_free(&r);
    r = treq("GET", RIC ORG, JANE, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "recurringinventorycounts")), 0, "a refused create saved: %s", body);
    tresponse_free(&r);
}

Test(recurring, create_refuses_more_than_1000_line_items)
{
    size_t cap = 1001 * 40 + 512;
    char *body = malloc(cap);
    strcpy(body, "{\"title\":\"T\"," LOC "," AUTO "\"days\",\"line_items\":[");
    for (int i = 0; i < 1001; i++) strcat(body, i ? ",{\"item_id\":\"" LAPTOP "\"}" : "{\"item_id\":\"" LAPTOP "\"}");
    strcat(body, "]}");
    tresponse r = treq("POST", RIC ORG, JANE, body);
    expect_error(&r, 400, 4223, "A recurring stock count profile can have at most 1000 line items.");
    tresponse_free(&r);
    free(body);
}

Test(recurring, title_of_more_than_100_characters_is_refused)
{
    char title[102];
    memset(title, 'x', 101);
    title[101] = '\0';
    char body[512];
    snprintf(body, sizeof body, "{\"title\":\"%s\"," LOC "," ONE_LINE "," AUTO "\"days\"}", title);
    tresponse r = treq("POST", RIC ORG, JANE, body);
    expect_error(&r, 400, 4, "title can have at most 100 characters.");
    tresponse_free(&r);
    title[100] = '\0';
    snprintf(body, sizeof body, "{\"title\":\"%s\"," LOC "," ONE_LINE "," AUTO "\"days\"}", title);
    r = treq("POST", RIC ORG, JANE, body);
    expect_ok(&r, 201, SAVED);
    tresponse_free(&r);
}

Test(recurring, update_refuses_what_create_refuses_and_changes_nothing)
{
    char *id = create("\"start_date\":\"2025-06-20\",\"recurrence_frequency\":\"weeks\",\"run_specific_days\":[\"MON\"]");
    const char *bodies[][2] = {
        {"{\"run_specific_date\":3}", "run_specific_date applies only to recurrence_frequency months, not weeks."},
        {"{\"count_dates\":[\"2025-07-01\"]}", "count_dates applies only to schedule_type manual."},
        {"{\"start_date\":\"2025-06-01\"}", "start_date must be today (2025-06-15) or later."},
        {"{\"schedule_type\":\"manual\",\"repeat_every\":2,\"count_dates\":[\"2025-07-01\"]}",
         "repeat_every applies only to schedule_type auto."},
        {"{\"title\":\"ok\",\"end_date\":\"2025-06-21\"}", "The schedule has no count date between start_date and end_date."},
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        tresponse r = call("PUT", id, "", "", JANE, bodies[i][0]);
        expect_error(&r, 400, 4, bodies[i][1]);
        tresponse_free(&r);
    }
    expect_field(id, "title", "Weekly shelf count");
    expect_field(id, "next_count_date", "2025-06-23");
    expect_field(id, "end_date", "");
    /* A new frequency drops the old run_specific_days; a new type starts afresh. */
    tresponse r = call("PUT", id, "", "", JANE, "{\"recurrence_frequency\":\"months\",\"run_specific_date\":1}");
    expect_ok(&r, 200, SAVED);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "recurringinventorycount.run_specific_days")), 0);
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.next_count_date"), "2025-07-01");
    tresponse_free(&r);
    r = call("PUT", id, "", "", JANE, "{\"schedule_type\":\"manual\",\"count_dates\":[\"2025-06-28\"]}");
    expect_ok(&r, 200, SAVED);
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.start_date"), "");
    cr_assert_str_eq(tjson_str(r.json, "recurringinventorycount.next_count_date"), "2025-06-28");
    tresponse_free(&r);
    free(id);
}

/* ----------------------------------------------------------- the clock */

static tresponse clock_get(const char *query)
{
    char path[128];
    snprintf(path, sizeof path, CLOCK "%s", query);
    return treq("GET", path, NULL, NULL);
}

Test(clock_admin, get_shows_the_frozen_fixture_clock)
{
    tresponse r = clock_get("?organization_id=" ORGID);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "clock.organization_id"), ORGID);
    cr_assert_str_eq(tjson_str(r.json, "clock.now"), "2025-06-15T09:00:00+0530");
    cr_assert_eq(tjson_num(r.json, "clock.epoch"), 1749958200);
    cr_assert_eq(tjson_num(r.json, "clock.frozen"), 1);
    cr_assert_str_eq(tjson_str(r.json, "clock.utc_offset"), "+0530");
    tresponse_free(&r);
}

Test(clock_admin, get_without_organization_lists_every_clock)
{
    tresponse r = clock_get("");
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "clocks")), 3);
    cr_assert_str_eq(tjson_str(r.json, "clocks.0.organization_id"), "10234695");
    cr_assert_eq(tjson_num(r.json, "clocks.0.frozen"), 0);     /* real time: no clock in its fixture */
    double now = (double)time(NULL);
    cr_assert(fabs(tjson_num(r.json, "clocks.0.epoch") - now) < 5);
    cr_assert_str_eq(tjson_str(r.json, "clocks.1.now"), "2025-06-15T09:00:00+0530");
    tresponse_free(&r);
    r = clock_get("?organization_id=99");
    expect_error(&r, 404, 1002, "Organization does not exist.");
    tresponse_free(&r);
}

static void expect_now(const char *want)
{
    tresponse r = clock_get("?organization_id=" ORGID);
    cr_assert_str_eq(tjson_str(r.json, "clock.now"), want);
    tresponse_free(&r);
}

Test(clock_admin, set_and_advance)
{
    tresponse r = clock_put("{\"organization_id\":\"" ORGID "\",\"now\":\"2025-07-01T09:00:00+0530\"}");
    expect_ok(&r, 200, "The clock has been updated.");
    cr_assert_str_eq(tjson_str(r.json, "clock.now"), "2025-07-01T09:00:00+0530");
    cr_assert_eq(tjson_num(r.json, "clock.frozen"), 1);
    tresponse_free(&r);
    move("\"advance\":\"P3D\"");
    expect_now("2025-07-04T09:00:00+0530");
    move("\"advance_seconds\":86400");
    expect_now("2025-07-05T09:00:00+0530");
    move("\"advance\":\"PT1H30M15S\"");
    expect_now("2025-07-05T10:30:15+0530");
    move("\"advance\":\"P1W\"");
    expect_now("2025-07-12T10:30:15+0530");
    /* Another zone in "now" names the same instant. */
    move("\"now\":\"2025-07-31T05:00:00Z\"");
    expect_now("2025-07-31T10:30:00+0530");
    /* Months are calendar months: the 31st clamps to February's end. */
    move("\"advance\":\"P7M\"");
    expect_now("2026-02-28T10:30:00+0530");
    move("\"advance\":\"P1Y1DT1H\"");
    expect_now("2027-03-01T11:30:00+0530");
    /* Combined: now, then the advances. */
    move("\"now\":\"2027-06-01T00:00:00+0530\",\"advance\":\"P1D\",\"advance_seconds\":60");
    expect_now("2027-06-02T00:01:00+0530");
}

Test(clock_admin, moving_backwards_is_refused)
{
    tresponse r = clock_put("{\"organization_id\":\"" ORGID "\",\"now\":\"2025-06-14T09:00:00+0530\"}");
    expect_error(&r, 400, 4230, "The clock of organization " ORGID " cannot move backwards: 2025-06-14T09:00:00+0530 "
                                "is before its current time 2025-06-15T09:00:00+0530.");
    tresponse_free(&r);
    r = clock_put("{\"organization_id\":\"" ORGID "\",\"advance_seconds\":-1}");
    expect_error(&r, 400, 4230, "The clock of organization " ORGID " cannot move backwards: 2025-06-15T08:59:59+0530 "
                                "is before its current time 2025-06-15T09:00:00+0530.");
    tresponse_free(&r);
    /* For every organization: one that would go back refuses the call. */
    r = clock_put("{\"now\":\"2025-06-15T10:00:00+0530\"}");
    cr_assert_eq(r.status, 400, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "code"), 4230);
    cr_assert(strstr(tjson_str(r.json, "message"), "The clock of organization 10234695 cannot move backwards"));
    tresponse_free(&r);
    expect_now("2025-06-15T09:00:00+0530");
    /* Staying put is not backwards. */
    move("\"now\":\"2025-06-15T09:00:00+0530\"");
    expect_now("2025-06-15T09:00:00+0530");
}

Test(clock_admin, without_organization_every_clock_moves)
{
    tresponse r = clock_put("{\"advance_seconds\":3600}");
    expect_ok(&r, 200, "The clock has been updated.");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "clocks")), 3);
    cr_assert_str_eq(tjson_str(r.json, "clocks.1.now"), "2025-06-15T10:00:00+0530");
    cr_assert(fabs(tjson_num(r.json, "clocks.0.epoch") - (double)time(NULL) - 3600) < 5);
    tresponse_free(&r);
}

Test(clock_admin, unfrozen_the_clock_runs_from_its_instant)
{
    move("\"frozen\":false");
    tresponse r = clock_get("?organization_id=" ORGID);
    cr_assert_eq(tjson_num(r.json, "clock.frozen"), 0);
    double first = tjson_num(r.json, "clock.epoch");
    cr_assert(first >= 1749958200 && first < 1749958200 + 5, "%f", first);
    tresponse_free(&r);
    /* Wait (bounded) for the running clock to tick past the first reading. */
    double second = first;
    for (int tries = 0; tries < 300 && second < first + 1; tries++) {
        struct timespec pause = {0, 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
        r = clock_get("?organization_id=" ORGID);
        second = tjson_num(r.json, "clock.epoch");
        tresponse_free(&r);
    }
    cr_assert(second >= first + 1, "the clock did not run: %f then %f", first, second);
    move("\"frozen\":true,\"now\":\"2025-07-01T00:00:00+0530\"");
    r = clock_get("?organization_id=" ORGID);
    cr_assert_eq(tjson_num(r.json, "clock.frozen"), 1);
    cr_assert_str_eq(tjson_str(r.json, "clock.now"), "2025-07-01T00:00:00+0530");
    tresponse_free(&r);
}

Test(clock_admin, moving_the_clock_creates_due_counts_and_reset_restores_it)
{
    char *id = create("\"start_date\":\"2025-06-16\",\"recurrence_frequency\":\"days\"");
    move("\"advance\":\"P2D\"");
    expect_count_dates("2025-06-16,2025-06-17");
    tresponse r = treq("POST", "/__admin/reset", NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    expect_now("2025-06-15T09:00:00+0530");
    r = treq("GET", RIC ORG, JANE, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "recurringinventorycounts")), 0);
    tresponse_free(&r);
    expect_count_dates("");
    free(id);
}

typedef struct bad_clock {
    char body[96];
    long status;
    int code;
    char message[64];
} bad_clock;

ParameterizedTestParameters(clock_admin, put_refuses)
{
    static bad_clock cases[] = {
        {"{\"organization_id\":\"" ORGID "\",\"advance\":\"3 days\"}", 400, 4, "Invalid value passed for advance"},
        {"{\"organization_id\":\"" ORGID "\",\"advance\":\"P\"}", 400, 4, "Invalid value passed for advance"},
        {"{\"organization_id\":\"" ORGID "\",\"advance\":\"PT\"}", 400, 4, "Invalid value passed for advance"},
        {"{\"organization_id\":\"" ORGID "\",\"advance\":\"P1DT\"}", 400, 4, "Invalid value passed for advance"},
        {"{\"organization_id\":\"" ORGID "\",\"advance\":\"-P1D\"}", 400, 4, "Invalid value passed for advance"},
        {"{\"organization_id\":\"" ORGID "\",\"advance\":\"P1D2Y\"}", 400, 4, "Invalid value passed for advance"},
        {"{\"organization_id\":\"" ORGID "\",\"advance\":\"P1.5D\"}", 400, 4, "Invalid value passed for advance"},
        {"{\"organization_id\":\"" ORGID "\",\"advance_seconds\":1.5}", 400, 4, "Invalid value passed for advance_seconds"},
        {"{\"organization_id\":\"" ORGID "\",\"now\":\"yesterday\"}", 400, 4, "Invalid value passed for now"},
        {"{\"organization_id\":\"" ORGID "\",\"now\":\"2025-07-01\"}", 400, 4, "Invalid value passed for now"},
        {"{\"organization_id\":\"" ORGID "\",\"frozen\":\"yes\"}", 400, 4, "Invalid value passed for frozen"},
        {"{\"organization_id\":\"" ORGID "\",\"speed\":2}", 400, 4, "Invalid value passed for speed"},
        {"{\"organization_id\":\"99\",\"advance\":\"P1D\"}", 404, 1002, "Organization does not exist."},
        {"[1]", 400, 4, "Invalid value passed for JSONString"},
    };
    return cr_make_param_array(bad_clock, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(bad_clock *c, clock_admin, put_refuses)
{
    tresponse r = clock_put(c->body);
    expect_error(&r, c->status, c->code, c->message);
    tresponse_free(&r);
    expect_now("2025-06-15T09:00:00+0530");
}

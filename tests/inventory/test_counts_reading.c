/* test_counts_reading.c -- stock counts' read endpoints over HTTP: list, tracking details, item storages, autocomplete */
#include <unistd.h>

#include <criterion/criterion.h>

#include "counts_util.h"

#define STORE "4815000000038100"       /* MG Road Store: no bins */
#define RAVI_ID "4815000000012390"
#define KEYBOARD "4815000000033005"
#define WEBCAM "4815000000033020"
#define SHELF1 "4815000000050000"      /* Rack A - Shelf 1: LAPTOP15 5 (LAP-B2025-03) */
#define SHELF2 "4815000000050010"      /* Rack A - Shelf 2: LAPTOP15 12, LAPTOP13 4 */
#define AUTO_ITEMS "/inventory/v1/autocomplete/inventorycounts/items" ORG
#define AUTO_BINS "/inventory/v1/autocomplete/inventorycounts/storages" ORG

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(counts_reading, .init = start, .fini = stop, .timeout = 120);

/* ------------------------------------------------------------- helpers */

/* GET path (ORG already in it) + query; expects 200 code 0 "success". */
static tresponse get_ok(const char *path, const char *query)
{
    char url[1024];
    snprintf(url, sizeof url, "%s%s", path, query);
    tresponse r = treq("GET", url, JOHN, NULL);
    cr_assert_eq(r.status, 200, "GET %s: %s", url, r.body);
    cr_assert_eq(tjson_num(r.json, "code"), 0, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "message"), "success");
    return r;
}

static tresponse get_as(const char *token, const char *path, const char *query)
{
    char url[1024];
    snprintf(url, sizeof url, "%s%s", path, query);
    return treq("GET", url, token, NULL);
}

/* The `field` of every element of `array`, joined with ",". */
static char *join(const cJSON *obj, const char *array, const char *field)
{
    static char buf[8192];
    buf[0] = '\0';
    const cJSON *e;
    cJSON_ArrayForEach(e, tjson_get(obj, array)) {
        const char *s = tjson_str(e, field);
        if (buf[0]) strncat(buf, ",", sizeof buf - strlen(buf) - 1);
        strncat(buf, s ? s : "?", sizeof buf - strlen(buf) - 1);
    }
    return buf;
}

static int rows(const tresponse *r, const char *array) { return cJSON_GetArraySize(tjson_get(r->json, array)); }

static void expect_page(const tresponse *r, int page, int per_page, bool more, const char *sort_column,
                        const char *sort_order, const char *filter)
{
    cr_assert_eq(tjson_num(r->json, "page_context.page"), page, "%s", r->body);
    cr_assert_eq(tjson_num(r->json, "page_context.per_page"), per_page, "%s", r->body);
    cr_assert_eq(tjson_num(r->json, "page_context.has_more_page"), more, "%s", r->body);
    cr_assert_str_eq(tjson_str(r->json, "page_context.sort_column"), sort_column);
    cr_assert_str_eq(tjson_str(r->json, "page_context.sort_order"), sort_order);
    cr_assert_str_eq(tjson_str(r->json, "page_context.applied_filter"), filter);
}

/* The inventorycount_numbers a list query returns, in order. */
static char *list_numbers(const char *query)
{
    tresponse r = get_ok(IC ORG, query);
    char *s = strdup(join(r.json, "inventorycounts", "inventorycount_number"));
    tresponse_free(&r);
    return s;
}

static void expect_numbers(const char *query, const char *expected)
{
    char *got = list_numbers(query);
    cr_assert_str_eq(got, expected, "query %s", query);
    free(got);
}

/* A count at `location` with manual number `number` (NULL: auto). */
static char *create_at(const char *location, const char *number, const char *lines, const char *extra)
{
    char body[2048];
    snprintf(body, sizeof body, "{\"location_id\":\"%s\",\"line_items\":%s%s%s%s%s}", location, lines, extra,
             number ? ",\"inventorycount_number\":\"" : "", number ? number : "", number ? "\"" : "");
    tresponse r = treq("POST", number ? IC ORG "&ignore_auto_number_generation=true" : IC ORG, JOHN, body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    char *id = strdup(tjson_str(r.json, "inventorycount.inventorycount_id"));
    tresponse_free(&r);
    return id;
}

static void expect_get_error(const char *path, const char *query, long status, int code, const char *message)
{
    tresponse r = get_as(JOHN, path, query);
    expect_error(&r, status, code, message);
    tresponse_free(&r);
}

/* -------------------------------------------------------------- list */

/* Moves organization 10234695's clock forward (its clock runs in real
 * time; the virtual clock separates timestamps without sleeping). */
static void advance_clock(int seconds)
{
    char body[96];
    snprintf(body, sizeof body, "{\"organization_id\":\"10234695\",\"advance_seconds\":%d}", seconds);
    tresponse r = treq("PUT", "/__admin/clock", NULL, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
}

Test(counts_reading, list_rows_carry_the_summary_fields_and_default_page_context)
{
    char *a = count_create_as(JOHN, "[{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" MOUSE "\"}]",
                              ",\"description\":\"June stock take\"");
    char *b = count_create_as(JOHN, "[{\"item_id\":\"" SURGE "\"}]", ",\"assignee_id\":\"" RAVI_ID "\"");
    count_ok("POST", a, "/start", NULL, "counting");
    count_ok("PUT", a, "/count", "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"counted_quantity\":45}]}", "counting");

    tresponse r = get_ok(IC ORG, "");
    cr_assert_eq(rows(&r, "inventorycounts"), 2);
    const cJSON *newest = tjson_get(r.json, "inventorycounts.0"), *oldest = tjson_get(r.json, "inventorycounts.1");
    cr_assert_str_eq(tjson_str(newest, "inventorycount_id"), b);
    cr_assert_str_eq(tjson_str(newest, "inventorycount_number"), "IC-00002");
    cr_assert_str_eq(tjson_str(newest, "status"), "yet_to_start");
    cr_assert_str_eq(tjson_str(newest, "assignee_id"), RAVI_ID);
    cr_assert_str_eq(tjson_str(newest, "assignee_name"), "Ravi Kumar");
    cr_assert_str_eq(tjson_str(newest, "created_by_name"), "John Smith");
    cr_assert_str_eq(tjson_str(oldest, "inventorycount_id"), a);
    cr_assert_str_eq(tjson_str(oldest, "status"), "counting");
    cr_assert_str_eq(tjson_str(oldest, "description"), "June stock take");
    cr_assert_str_eq(tjson_str(oldest, "warehouse_name"), "Main Warehouse");
    cr_assert_str_eq(tjson_str(oldest, "location_id"), MAIN_WH);
    cr_assert_eq(tjson_num(oldest, "number_of_items"), 2);
    cr_assert_eq(tjson_num(oldest, "number_of_items_counted"), 1);
    cr_assert_eq(tjson_num(oldest, "accuracy"), 100);
    const char *created = tjson_str(oldest, "created_time");
    cr_assert(created && strlen(created) == 24 && created[10] == 'T' && strcmp(created + 19, "+0530") == 0,
              "created_time %s", created ? created : "(none)");
    cr_assert(tjson_str(oldest, "last_modified_time"));
    cr_assert_null(tjson_get(oldest, "line_items"), "list rows carry no line items");
    expect_page(&r, 1, 200, false, "created_time", "D", "Status.All");
    tresponse_free(&r);
    free(a);
    free(b);
}

Test(counts_reading, list_status_filter_takes_every_listed_status)
{
    char *waiting = create_at(MAIN_WH, "W-1", "[{\"item_id\":\"" SURGE "\"}]", "");
    char *counting = create_at(MAIN_WH, "C-1", "[{\"item_id\":\"" SURGE "\"}]", "");
    char *cancelled = create_at(MAIN_WH, "X-1", "[{\"item_id\":\"" SURGE "\"}]", "");
    char *submitted = create_at(MAIN_WH, "S-1", "[{\"item_id\":\"" SURGE "\"}]", "");
    count_ok("POST", counting, "/start", NULL, "counting");
    count_ok("POST", cancelled, "/start", NULL, "counting");
    tresponse r = count_call("POST", cancelled, "/cancel", "", JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    count_ok("POST", submitted, "/start", NULL, "counting");
    count_ok("POST", submitted, "/submit", NULL, "submitted");

    expect_numbers("", "S-1,X-1,C-1,W-1");
    expect_numbers("&status=yet_to_start", "W-1");
    expect_numbers("&status=counting", "C-1");
    expect_numbers("&status=cancelled", "X-1");
    expect_numbers("&status=submitted", "S-1");
    expect_numbers("&status=", "S-1,X-1,C-1,W-1");
    static const char *const none[] = {"processing", "completed", "expired", "approval_in_progress",
                                       "start_in_progress", "submission_in_progress"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        char q[64];
        snprintf(q, sizeof q, "&status=%s", none[i]);
        expect_numbers(q, "");
    }
    expect_get_error(IC ORG, "&status=started", 400, 2, "Invalid value passed for status");
    expect_get_error(IC ORG, "&status=Counting", 400, 2, "Invalid value passed for status");
    free(waiting);
    free(counting);
    free(cancelled);
    free(submitted);
}

Test(counts_reading, list_shows_in_progress_statuses_without_consuming_reads)
{
    admin_background("{\"organization_id\":\"10234695\",\"start\":{\"after_reads\":1}}");
    char *id = create_at(MAIN_WH, "B-1", "[{\"item_id\":\"" SURGE "\"}]", "");
    tresponse r = count_call("POST", id, "/start", "", JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), "start_in_progress");
    tresponse_free(&r);
    expect_numbers("&status=start_in_progress", "B-1");
    expect_numbers("&status=start_in_progress", "B-1");
    r = count_get(id);                  /* the one read that finishes the start */
    tresponse_free(&r);
    expect_numbers("&status=start_in_progress", "");
    expect_numbers("&status=counting", "B-1");
    free(id);
}

Test(counts_reading, list_assignee_self_shows_the_callers_counts)
{
    char *j1 = create_at(MAIN_WH, "J-1", "[{\"item_id\":\"" SURGE "\"}]", "");
    char *r1 = create_at(MAIN_WH, "R-1", "[{\"item_id\":\"" SURGE "\"}]", ",\"assignee_id\":\"" RAVI_ID "\"");
    char *j2 = create_at(MAIN_WH, "J-2", "[{\"item_id\":\"" SURGE "\"}]", ",\"assignee_id\":\"" JOHN_ID "\"");

    expect_numbers("&filter_by=Status.All", "J-2,R-1,J-1");
    expect_numbers("&filter_by=Assignee.Self", "J-2,J-1");

    tresponse r = get_as(RAVI, IC ORG, "&filter_by=Assignee.Self");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(join(r.json, "inventorycounts", "inventorycount_number"), "R-1");
    expect_page(&r, 1, 200, false, "created_time", "D", "Assignee.Self");
    tresponse_free(&r);

    r = get_as(JANE, IC ORG, "&filter_by=Assignee.Self");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(rows(&r, "inventorycounts"), 0);
    tresponse_free(&r);

    /* Combined with a status. */
    count_ok("POST", j1, "/start", NULL, "counting");
    expect_numbers("&filter_by=Assignee.Self&status=yet_to_start", "J-2");
    free(j1);
    free(r1);
    free(j2);
}

Test(counts_reading, list_search_text_matches_number_and_description)
{
    free(count_create_as(JOHN, "[{\"item_id\":\"" SURGE "\"}]", ",\"description\":\"June stock take\""));
    free(count_create_as(JOHN, "[{\"item_id\":\"" SURGE "\"}]", ",\"description\":\"Back room\""));
    free(count_create_as(JOHN, "[{\"item_id\":\"" SURGE "\"}]", ",\"description\":\"Year-end, june close\""));

    expect_numbers("&search_text=june", "IC-00003,IC-00001");
    expect_numbers("&search_text=BACK%20ROOM", "IC-00002");
    expect_numbers("&search_text=IC-00002", "IC-00002");
    expect_numbers("&search_text=00003", "IC-00003");
    expect_numbers("&search_text=IC-", "IC-00003,IC-00002,IC-00001");
    expect_numbers("&search_text=cellar", "");
    tresponse r = get_ok(IC ORG, "&search_text=june");
    cr_assert_str_eq(tjson_str(r.json, "page_context.search_text"), "june");
    tresponse_free(&r);
}

Test(counts_reading, list_sorts_by_every_column_both_ways)
{
    /* Created B, A, C a (virtual) day apart, so each has its own
     * count_date; B modified last. The numbers sort A, B, C. */
    char *b = create_at(MAIN_WH, "B-200", "[{\"item_id\":\"" SURGE "\"}]", "");
    advance_clock(86400);
    free(create_at(MAIN_WH, "A-300", "[{\"item_id\":\"" SURGE "\"}]", ""));
    advance_clock(86400);
    free(create_at(MAIN_WH, "C-100", "[{\"item_id\":\"" SURGE "\"}]", ""));
    advance_clock(2);
    tresponse dates = get_ok(IC ORG, "&sort_column=count_date&sort_order=A");
    cr_assert_str_neq(tjson_str(dates.json, "inventorycounts.0.count_date"), tjson_str(dates.json, "inventorycounts.1.count_date"));
    cr_assert_str_neq(tjson_str(dates.json, "inventorycounts.1.count_date"), tjson_str(dates.json, "inventorycounts.2.count_date"));
    tresponse_free(&dates);
    count_ok("PUT", b, "", "{\"description\":\"touched\"}", "yet_to_start");

    expect_numbers("", "C-100,A-300,B-200");
    expect_numbers("&sort_column=created_time", "C-100,A-300,B-200");
    expect_numbers("&sort_column=created_time&sort_order=A", "B-200,A-300,C-100");
    expect_numbers("&sort_column=inventorycount_number&sort_order=A", "A-300,B-200,C-100");
    expect_numbers("&sort_column=inventorycount_number&sort_order=D", "C-100,B-200,A-300");
    expect_numbers("&sort_column=last_modified_time&sort_order=A", "A-300,C-100,B-200");
    expect_numbers("&sort_column=last_modified_time&sort_order=D", "B-200,C-100,A-300");
    expect_numbers("&sort_column=count_date&sort_order=A", "B-200,A-300,C-100");
    expect_numbers("&sort_column=count_date&sort_order=D", "C-100,A-300,B-200");

    tresponse r = get_ok(IC ORG, "&sort_column=inventorycount_number&sort_order=A");
    expect_page(&r, 1, 200, false, "inventorycount_number", "A", "Status.All");
    tresponse_free(&r);
    free(b);
}

Test(counts_reading, list_refuses_unknown_filter_sort_and_paging_values)
{
    expect_get_error(IC ORG, "&filter_by=Status.Open", 400, 2, "Invalid value passed for filter_by");
    expect_get_error(IC ORG, "&filter_by=Assignee.Others", 400, 2, "Invalid value passed for filter_by");
    expect_get_error(IC ORG, "&sort_column=description", 400, 2, "Invalid value passed for sort_column");
    expect_get_error(IC ORG, "&sort_column=date", 400, 2, "Invalid value passed for sort_column");
    expect_get_error(IC ORG, "&sort_order=DESC", 400, 2, "Invalid value passed for sort_order");
    expect_get_error(IC ORG, "&page=0", 400, 2, "Invalid value passed for page");
    expect_get_error(IC ORG, "&per_page=x", 400, 2, "Invalid value passed for per_page");
}

Test(counts_reading, list_pages_a_few_hundred_counts_with_exact_has_more_page)
{
    for (int i = 0; i < 250; i++) {
        tresponse r = treq("POST", IC ORG, JOHN, "{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}");
        cr_assert_eq(r.status, 201, "create %d: %s", i, r.body);
        tresponse_free(&r);
    }
    struct {
        const char *query;
        int rows;
        int page, per_page;
        bool more;
        const char *first, *last;
    } cases[] = {
        {"&per_page=100", 100, 1, 100, true, "IC-00250", "IC-00151"},
        {"&per_page=100&page=2", 100, 2, 100, true, "IC-00150", "IC-00051"},
        {"&per_page=100&page=3", 50, 3, 100, false, "IC-00050", "IC-00001"},
        {"&per_page=100&page=4", 0, 4, 100, false, NULL, NULL},
        {"&per_page=200", 200, 1, 200, true, "IC-00250", "IC-00051"},
        {"", 200, 1, 200, true, "IC-00250", "IC-00051"},
        {"&per_page=500", 200, 1, 200, true, "IC-00250", "IC-00051"},
        {"&per_page=200&page=2", 50, 2, 200, false, "IC-00050", "IC-00001"},
        {"&per_page=125&page=2", 125, 2, 125, false, "IC-00125", "IC-00001"},
        {"&per_page=249", 200, 1, 200, true, "IC-00250", "IC-00051"},
        {"&per_page=50&page=5", 50, 5, 50, false, "IC-00050", "IC-00001"},
        {"&per_page=50&page=4", 50, 4, 50, true, "IC-00100", "IC-00051"},
        {"&per_page=100&page=3&sort_order=A", 50, 3, 100, false, "IC-00201", "IC-00250"},
        {"&per_page=100&sort_column=inventorycount_number&sort_order=A", 100, 1, 100, true, "IC-00001", "IC-00100"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tresponse r = get_ok(IC ORG, cases[i].query);
        cr_assert_eq(rows(&r, "inventorycounts"), cases[i].rows, "%s", cases[i].query);
        cr_assert_eq(tjson_num(r.json, "page_context.page"), cases[i].page, "%s", cases[i].query);
        cr_assert_eq(tjson_num(r.json, "page_context.per_page"), cases[i].per_page, "%s", cases[i].query);
        cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), cases[i].more, "%s", cases[i].query);
        if (cases[i].first) {
            char path[64];
            snprintf(path, sizeof path, "inventorycounts.%d.inventorycount_number", cases[i].rows - 1);
            cr_assert_str_eq(tjson_str(r.json, "inventorycounts.0.inventorycount_number"), cases[i].first, "%s %s", cases[i].query, tjson_str(r.json, "inventorycounts.0.inventorycount_number"));
            cr_assert_str_eq(tjson_str(r.json, path), cases[i].last, "%s", cases[i].query);
        }
        tresponse_free(&r);
    }
    /* A filter narrows before paging. */
    tresponse r = get_ok(IC ORG, "&search_text=IC-0024&per_page=5&page=2");
    cr_assert_eq(rows(&r, "inventorycounts"), 5);
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 0);
    cr_assert_str_eq(tjson_str(r.json, "inventorycounts.0.inventorycount_number"), "IC-00244");
    tresponse_free(&r);
}

/* --------------------------------------------------- tracking details */

static tresponse tracking(const char *line_id, const char *query)
{
    char path[256];
    snprintf(path, sizeof path, "/inventory/v1/inventorycountitems/%s/trackingdetails" ORG "%s", line_id, query);
    return get_ok(path, "");
}

Test(counts_reading, tracking_details_of_serials_and_batches_with_status_filters)
{
    char *id = count_create("[{\"item_id\":\"" LAPTOP13 "\"},{\"item_id\":\"" LAPTOP15 "\"},{\"item_id\":\"" SURGE "\"}]");
    char *l13 = count_line_id(id, LAPTOP13), *l15 = count_line_id(id, LAPTOP15), *ls = count_line_id(id, SURGE);

    /* Before start: the system side is the stock there now, nothing found. */
    tresponse r = tracking(l13, "");
    cr_assert_str_eq(join(r.json, "serial_numbers", "serialnumber"),
                     "LAP13-SN-0001,LAP13-SN-0002,LAP13-SN-0003,LAP13-SN-0004");
    cr_assert_eq(tjson_num(r.json, "serial_numbers.0.found"), 0);
    cr_assert_eq(tjson_num(r.json, "serial_numbers.0.is_new"), 0);
    cr_assert_eq(rows(&r, "batches"), 0);
    expect_page(&r, 1, 200, false, "created_time", "D", "Status.All");
    tresponse_free(&r);

    count_ok("POST", id, "/start", NULL, "counting");

    /* Started, not counted: batches show the system, counted null, all missing. */
    r = tracking(l15, "");
    cr_assert_str_eq(join(r.json, "batches", "batch_number"), "LAP-B2025-01,LAP-B2025-02,LAP-B2025-03");
    cr_assert_eq(tjson_num(r.json, "batches.0.system_quantity"), 8);
    cr_assert(cJSON_IsNull(tjson_get(r.json, "batches.0.counted_quantity")), "%s", r.body);
    cr_assert(cJSON_IsNull(tjson_get(r.json, "batches.0.stock_variance")), "%s", r.body);
    cr_assert_eq(rows(&r, "serial_numbers"), 0);
    tresponse_free(&r);
    r = tracking(l15, "&filter_by=Status.Missing");
    cr_assert_eq(rows(&r, "batches"), 3);
    tresponse_free(&r);

    char body[1024];
    snprintf(body, sizeof body,
             "{\"line_items\":["
             "{\"line_item_id\":\"%s\",\"counted_quantity\":4,\"counted_serial_numbers\":"
             "[\"LAP13-SN-0001\",\"LAP13-SN-0002\",\"LAP13-SN-0004\",\"LAP13-SN-NEW1\"]},"
             "{\"line_item_id\":\"%s\",\"counted_quantity\":13,\"counted_batches\":["
             "{\"batch_number\":\"LAP-B2025-01\",\"counted_quantity\":8},"
             "{\"batch_number\":\"LAP-B2025-02\",\"counted_quantity\":3},"
             "{\"batch_number\":\"LAP-B2025-03\",\"counted_quantity\":0},"
             "{\"batch_number\":\"LAP-NEW\",\"counted_quantity\":2}]}]}",
             l13, l15);
    count_ok("PUT", id, "/count", body, "counting");

    r = tracking(l13, "");
    cr_assert_str_eq(join(r.json, "serial_numbers", "serialnumber"),
                     "LAP13-SN-0001,LAP13-SN-0002,LAP13-SN-0003,LAP13-SN-0004,LAP13-SN-NEW1");
    int found[] = {1, 1, 0, 1, 1}, is_new[] = {0, 0, 0, 0, 1};
    for (int i = 0; i < 5; i++) {
        char p[48];
        snprintf(p, sizeof p, "serial_numbers.%d.found", i);
        cr_assert_eq(tjson_num(r.json, p), found[i], "%s", p);
        snprintf(p, sizeof p, "serial_numbers.%d.is_new", i);
        cr_assert_eq(tjson_num(r.json, p), is_new[i], "%s", p);
    }
    tresponse_free(&r);
    r = tracking(l13, "&filter_by=Status.Missing");
    cr_assert_str_eq(join(r.json, "serial_numbers", "serialnumber"), "LAP13-SN-0003");
    expect_page(&r, 1, 200, false, "created_time", "D", "Status.Missing");
    tresponse_free(&r);
    r = tracking(l13, "&filter_by=Status.NewlyAdded");
    cr_assert_str_eq(join(r.json, "serial_numbers", "serialnumber"), "LAP13-SN-NEW1");
    cr_assert_eq(tjson_num(r.json, "serial_numbers.0.found"), 1);
    cr_assert_eq(tjson_num(r.json, "serial_numbers.0.is_new"), 1);
    tresponse_free(&r);

    r = tracking(l15, "&filter_by=Status.All");
    cr_assert_str_eq(join(r.json, "batches", "batch_number"), "LAP-B2025-01,LAP-B2025-02,LAP-B2025-03,LAP-NEW");
    double counted[] = {8, 3, 0, 2}, system[] = {8, 4, 5, 0}, variance[] = {0, -1, -5, 2};
    int bnew[] = {0, 0, 0, 1};
    for (int i = 0; i < 4; i++) {
        char p[48];
        snprintf(p, sizeof p, "batches.%d.counted_quantity", i);
        cr_assert_eq(tjson_num(r.json, p), counted[i], "%s", p);
        snprintf(p, sizeof p, "batches.%d.system_quantity", i);
        cr_assert_eq(tjson_num(r.json, p), system[i], "%s", p);
        snprintf(p, sizeof p, "batches.%d.stock_variance", i);
        cr_assert_eq(tjson_num(r.json, p), variance[i], "%s", p);
        snprintf(p, sizeof p, "batches.%d.is_new", i);
        cr_assert_eq(tjson_num(r.json, p), bnew[i], "%s", p);
    }
    cr_assert_eq(rows(&r, "serial_numbers"), 0);
    tresponse_free(&r);
    r = tracking(l15, "&filter_by=Status.Missing");    /* counted as 0: not found */
    cr_assert_str_eq(join(r.json, "batches", "batch_number"), "LAP-B2025-03");
    tresponse_free(&r);
    r = tracking(l15, "&filter_by=Status.NewlyAdded");
    cr_assert_str_eq(join(r.json, "batches", "batch_number"), "LAP-NEW");
    tresponse_free(&r);

    /* A line without tracking: empty lists. */
    r = tracking(ls, "");
    cr_assert_eq(rows(&r, "serial_numbers"), 0);
    cr_assert_eq(rows(&r, "batches"), 0);
    tresponse_free(&r);

    /* Paging applies to each list. */
    r = tracking(l13, "&per_page=2");
    cr_assert_str_eq(join(r.json, "serial_numbers", "serialnumber"), "LAP13-SN-0001,LAP13-SN-0002");
    expect_page(&r, 1, 2, true, "created_time", "D", "Status.All");
    tresponse_free(&r);
    r = tracking(l13, "&per_page=2&page=3");
    cr_assert_str_eq(join(r.json, "serial_numbers", "serialnumber"), "LAP13-SN-NEW1");
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 0);
    tresponse_free(&r);
    r = tracking(l15, "&per_page=3");
    cr_assert_eq(rows(&r, "batches"), 3);
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 1);
    tresponse_free(&r);
    r = tracking(l15, "&per_page=3&page=2");
    cr_assert_str_eq(join(r.json, "batches", "batch_number"), "LAP-NEW");
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 0);
    tresponse_free(&r);

    /* Errors. */
    expect_get_error("/inventory/v1/inventorycountitems/4815999999999999/trackingdetails" ORG, "", 404, 1002,
                     "Line item does not exist.");
    char path[256];
    snprintf(path, sizeof path, "/inventory/v1/inventorycountitems/%s/trackingdetails" ORG, l13);
    expect_get_error(path, "&filter_by=Status.Found", 400, 2, "Invalid value passed for filter_by");
    expect_get_error(path, "&sort_column=serialnumber", 400, 2, "Invalid value passed for sort_column");
    free(id);
    free(l13);
    free(l15);
    free(ls);
}

/* ---------------------------------------------------- item storages */

static tresponse storages(const char *count_id, const char *item_id, const char *query)
{
    char path[256];
    snprintf(path, sizeof path, IC "/%s/items/%s/storages" ORG "%s", count_id, item_id, query);
    return get_ok(path, "");
}

Test(counts_reading, item_storages_before_start_names_only_then_quantities)
{
    char *id = count_create("[{\"item_id\":\"" LAPTOP15 "\"},{\"item_id\":\"" LAPTOP13 "\"},{\"item_id\":\"" SURGE "\"}]");
    char *l15 = count_line_id(id, LAPTOP15);

    tresponse r = storages(id, LAPTOP15, "");
    cr_assert_eq(rows(&r, "storages"), 2, "%s", r.body);
    cr_assert_str_eq(join(r.json, "storages", "storage_id"), SHELF2 "," SHELF1);
    cr_assert_str_eq(join(r.json, "storages", "storage_name"), "Rack A - Shelf 2,Rack A - Shelf 1");
    cr_assert_str_eq(tjson_str(r.json, "storages.0.line_item_id"), l15);
    cr_assert_null(tjson_get(r.json, "storages.0.system_quantity"), "names only before start: %s", r.body);
    cr_assert_null(tjson_get(r.json, "storages.0.counted_quantity"));
    expect_page(&r, 1, 200, false, "created_time", "D", "Status.All");
    tresponse_free(&r);
    r = storages(id, SURGE, "");                    /* in no bin */
    cr_assert_eq(rows(&r, "storages"), 0);
    tresponse_free(&r);

    count_ok("POST", id, "/start", NULL, "counting");
    r = storages(id, LAPTOP15, "");
    cr_assert_eq(rows(&r, "storages"), 2);
    cr_assert_eq(tjson_num(r.json, "storages.0.system_quantity"), 12);
    cr_assert(cJSON_IsNull(tjson_get(r.json, "storages.0.counted_quantity")), "%s", r.body);
    cr_assert(cJSON_IsNull(tjson_get(r.json, "storages.0.stock_variance")));
    cr_assert_eq(tjson_num(r.json, "storages.0.is_matched"), 0);
    cr_assert_eq(tjson_num(r.json, "storages.0.has_tracking_details_mismatch"), 0);
    cr_assert_eq(tjson_num(r.json, "storages.0.total_counted_serials"), 0);
    cr_assert_eq(tjson_num(r.json, "storages.0.total_counted_batches"), 0);
    cr_assert_eq(tjson_num(r.json, "storages.1.system_quantity"), 5);
    tresponse_free(&r);

    /* Per-bin count: shelf 2 right, shelf 1 two short (batch 03). Whole-line
     * serial count: one missing, one new. */
    char body[1024];
    snprintf(body, sizeof body,
             "{\"line_items\":[{\"line_item_id\":\"%s\",\"storages\":["
             "{\"storage_id\":\"" SHELF2 "\",\"counted_quantity\":12},{\"storage_id\":\"" SHELF1 "\",\"counted_quantity\":3}],"
             "\"counted_batches\":[{\"batch_number\":\"LAP-B2025-01\",\"counted_quantity\":8},"
             "{\"batch_number\":\"LAP-B2025-02\",\"counted_quantity\":4},{\"batch_number\":\"LAP-B2025-03\",\"counted_quantity\":3}]},"
             "{\"item_id\":\"" LAPTOP13 "\",\"counted_quantity\":4,\"counted_serial_numbers\":"
             "[\"LAP13-SN-0001\",\"LAP13-SN-0002\",\"LAP13-SN-0003\",\"LAP13-SN-0099\"]}]}",
             l15);
    count_ok("PUT", id, "/count", body, "counting");

    r = storages(id, LAPTOP15, "");
    cr_assert_eq(tjson_num(r.json, "storages.0.counted_quantity"), 12, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "storages.0.stock_variance"), 0);
    cr_assert_eq(tjson_num(r.json, "storages.0.is_matched"), 1);
    cr_assert_eq(tjson_num(r.json, "storages.0.has_tracking_details_mismatch"), 0);
    cr_assert_eq(tjson_num(r.json, "storages.0.total_counted_batches"), 2);
    cr_assert_eq(tjson_num(r.json, "storages.0.total_counted_serials"), 0);
    cr_assert_eq(tjson_num(r.json, "storages.1.counted_quantity"), 3);
    cr_assert_eq(tjson_num(r.json, "storages.1.stock_variance"), -2);
    cr_assert_eq(tjson_num(r.json, "storages.1.is_matched"), 0);
    cr_assert_eq(tjson_num(r.json, "storages.1.has_tracking_details_mismatch"), 1);
    cr_assert_eq(tjson_num(r.json, "storages.1.total_counted_batches"), 1);
    tresponse_free(&r);

    r = storages(id, LAPTOP13, "");
    cr_assert_eq(rows(&r, "storages"), 1);
    cr_assert_str_eq(tjson_str(r.json, "storages.0.storage_id"), SHELF2);
    cr_assert_eq(tjson_num(r.json, "storages.0.system_quantity"), 4);
    cr_assert_eq(tjson_num(r.json, "storages.0.counted_quantity"), 4);
    cr_assert_eq(tjson_num(r.json, "storages.0.is_matched"), 1);
    cr_assert_eq(tjson_num(r.json, "storages.0.has_tracking_details_mismatch"), 1);
    cr_assert_eq(tjson_num(r.json, "storages.0.total_counted_serials"), 4);
    tresponse_free(&r);

    /* Paging. */
    r = storages(id, LAPTOP15, "&per_page=1");
    cr_assert_str_eq(join(r.json, "storages", "storage_id"), SHELF2);
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 1);
    tresponse_free(&r);
    r = storages(id, LAPTOP15, "&per_page=1&page=2");
    cr_assert_str_eq(join(r.json, "storages", "storage_id"), SHELF1);
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 0);
    tresponse_free(&r);

    /* Errors. */
    expect_get_error(IC "/4815999999999999/items/" LAPTOP15 "/storages" ORG, "", 404, 1002,
                     "Stock count does not exist.");
    char path[256], msg[160];
    snprintf(path, sizeof path, IC "/%s/items/" MOUSE "/storages" ORG, id);
    snprintf(msg, sizeof msg, "The item " MOUSE " in the stock count IC-00001 does not exist.");
    expect_get_error(path, "", 404, 1002, msg);
    snprintf(path, sizeof path, IC "/%s/items/" LAPTOP15 "/storages" ORG, id);
    expect_get_error(path, "&filter_by=Storages.Uncounted", 400, 2, "Invalid value passed for filter_by");
    free(id);
    free(l15);
}

/* The retrieve's storages of line 0 agree, bin by bin, with the storages endpoint. */
static void expect_retrieve_agrees(const char *id, const tresponse *st)
{
    tresponse g = count_call("GET", id, "", "", JOHN, NULL);
    cr_assert_eq(g.status, 200);
    const cJSON *bins = tjson_get(g.json, "inventorycount.line_items.0.storages");
    cr_assert_eq(cJSON_GetArraySize(bins), cJSON_GetArraySize(tjson_get(st->json, "storages")));
    for (int i = 0; i < cJSON_GetArraySize(bins); i++) {
        char path[64];
        snprintf(path, sizeof path, "storages.%d.counted_quantity", i);
        double shown = tjson_num(st->json, path);
        cr_assert(!isnan(shown));
        cr_assert_eq(tjson_num(cJSON_GetArrayItem(bins, i), "counted_quantity"), shown, "bin %d: %s", i, g.body);
    }
    tresponse_free(&g);
}

Test(counts_reading, item_storages_of_a_whole_line_count_show_where_approval_puts_it)
{
    char *id = count_create("[{\"item_id\":\"" LAPTOP15 "\"}]");
    count_ok("POST", id, "/start", NULL, "counting");
    /* A surplus of 3 goes to the first bin. */
    count_ok("PUT", id, "/count", "{\"line_items\":[{\"item_id\":\"" LAPTOP15 "\",\"counted_quantity\":20}]}", "counting");
    tresponse r = storages(id, LAPTOP15, "");
    cr_assert_eq(tjson_num(r.json, "storages.0.counted_quantity"), 15, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "storages.0.stock_variance"), 3);
    cr_assert_eq(tjson_num(r.json, "storages.1.counted_quantity"), 5);
    cr_assert_eq(tjson_num(r.json, "storages.1.is_matched"), 1);
    expect_retrieve_agrees(id, &r);
    tresponse_free(&r);
    /* A shortage of 14 empties the first bin (12) and takes 2 from the next. */
    count_ok("PUT", id, "/count", "{\"line_items\":[{\"item_id\":\"" LAPTOP15 "\",\"counted_quantity\":3}]}", "counting");
    r = storages(id, LAPTOP15, "");
    cr_assert_eq(tjson_num(r.json, "storages.0.counted_quantity"), 0, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "storages.1.counted_quantity"), 3);
    cr_assert_eq(tjson_num(r.json, "storages.1.stock_variance"), -2);
    expect_retrieve_agrees(id, &r);
    tresponse_free(&r);
    free(id);
}

/* -------------------------------------------------------- autocomplete */

/* Counting count A at Main Warehouse: LAPTOP15 (2 bins), SURGE (no bin),
 * MOUSE (1 bin, counted 118). Counting count D at the store: SURGE. Not
 * searched: B yet_to_start (KEYBOARD), C submitted (WEBCAM). */
typedef struct scene {
    char *a, *b, *c, *d;
} scene;

static scene make_scene(void)
{
    scene s;
    s.a = create_at(MAIN_WH, "A-1", "[{\"item_id\":\"" LAPTOP15 "\"},{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" MOUSE "\"}]", "");
    s.b = create_at(MAIN_WH, "B-1", "[{\"item_id\":\"" KEYBOARD "\"}]", "");
    s.c = create_at(MAIN_WH, "C-1", "[{\"item_id\":\"" WEBCAM "\"}]", "");
    advance_clock(2);                  /* D is newer than A by created_time */
    s.d = create_at(STORE, "D-1", "[{\"item_id\":\"" SURGE "\"}]", "");
    count_ok("POST", s.a, "/start", NULL, "counting");
    count_ok("PUT", s.a, "/count", "{\"line_items\":[{\"item_id\":\"" MOUSE "\",\"counted_quantity\":118}]}", "counting");
    count_ok("POST", s.c, "/start", NULL, "counting");
    count_ok("POST", s.c, "/submit", NULL, "submitted");
    count_ok("POST", s.d, "/start", NULL, "counting");
    return s;
}

static void free_scene(scene *s)
{
    free(s->a);
    free(s->b);
    free(s->c);
    free(s->d);
}

/* "number/item/bin" of every row. */
static char *item_rows(const char *query)
{
    static char buf[4096];
    tresponse r = get_ok(AUTO_ITEMS, query);
    buf[0] = '\0';
    const cJSON *e;
    cJSON_ArrayForEach(e, tjson_get(r.json, "inventorycount_items")) {
        char one[128];
        snprintf(one, sizeof one, "%s%s/%s/%s", buf[0] ? "," : "", tjson_str(e, "inventory_count_number"),
                 tjson_str(e, "sku"), tjson_str(e, "storage_location_name"));
        strncat(buf, one, sizeof buf - strlen(buf) - 1);
    }
    tresponse_free(&r);
    return buf;
}

#define ROW_D_SURGE "D-1/SRG-6-OUT/"
#define ROW_A_LAP_S2 "A-1/LAP-15-WHT/Rack A - Shelf 2"
#define ROW_A_LAP_S1 "A-1/LAP-15-WHT/Rack A - Shelf 1"
#define ROW_A_SURGE "A-1/SRG-6-OUT/"
#define ROW_A_MOUSE "A-1/MSE-WL-01/Rack B - Shelf 1"

Test(counts_reading, autocomplete_items_lists_lines_of_counting_counts_with_every_filter)
{
    scene s = make_scene();
    cr_assert_str_eq(item_rows(""), ROW_D_SURGE "," ROW_A_LAP_S2 "," ROW_A_LAP_S1 "," ROW_A_SURGE "," ROW_A_MOUSE);
    cr_assert_str_eq(item_rows("&sort_order=A"), ROW_A_LAP_S2 "," ROW_A_LAP_S1 "," ROW_A_SURGE "," ROW_A_MOUSE "," ROW_D_SURGE);

    tresponse r = get_ok(AUTO_ITEMS, "");
    const cJSON *lap = tjson_get(r.json, "inventorycount_items.1");
    cr_assert_str_eq(tjson_str(lap, "inventory_count_id"), s.a);
    cr_assert_str_eq(tjson_str(lap, "item_id"), LAPTOP15);
    cr_assert_str_eq(tjson_str(lap, "item_name"), "Laptop 15-inch");
    cr_assert_str_eq(tjson_str(lap, "unit"), "pcs");
    cr_assert_str_eq(tjson_str(lap, "storage_location_id"), SHELF2);
    cr_assert_eq(tjson_num(lap, "system_quantity"), 12);
    cr_assert(cJSON_IsNull(tjson_get(lap, "counted_quantity")));
    cr_assert(cJSON_IsNull(tjson_get(lap, "stock_variance")));
    cr_assert_eq(tjson_num(lap, "is_matched"), 0);
    cr_assert_str_eq(tjson_str(lap, "status"), "draft");
    cr_assert_eq(tjson_num(lap, "track_batch_number"), 1);
    cr_assert_eq(tjson_num(lap, "track_serial_number"), 0);
    cr_assert_eq(tjson_num(lap, "is_storage_location_enabled"), 1);
    const cJSON *mouse = tjson_get(r.json, "inventorycount_items.4");
    cr_assert_str_eq(tjson_str(mouse, "storage_location_id"), MOUSE_BIN);
    cr_assert_eq(tjson_num(mouse, "system_quantity"), 120);
    cr_assert_eq(tjson_num(mouse, "counted_quantity"), 118);
    cr_assert_eq(tjson_num(mouse, "stock_variance"), -2);
    cr_assert_str_eq(tjson_str(mouse, "status"), "counted");
    const cJSON *surge = tjson_get(r.json, "inventorycount_items.0");
    cr_assert_str_eq(tjson_str(surge, "inventory_count_id"), s.d);
    cr_assert_str_eq(tjson_str(surge, "storage_location_id"), "");
    cr_assert_eq(tjson_num(surge, "system_quantity"), 8);
    cr_assert_eq(tjson_num(surge, "is_storage_location_enabled"), 0);
    expect_page(&r, 1, 200, false, "created_time", "D", "Status.All");
    tresponse_free(&r);

    cr_assert_str_eq(item_rows("&filter_by=Items.Uncounted"), ROW_D_SURGE "," ROW_A_LAP_S2 "," ROW_A_LAP_S1 "," ROW_A_SURGE);
    cr_assert_str_eq(item_rows("&filter_by=ItemType.BinTracked"), ROW_A_LAP_S2 "," ROW_A_LAP_S1 "," ROW_A_MOUSE);
    cr_assert_str_eq(item_rows("&filter_by=ItemType.NonBinTracked"), ROW_D_SURGE "," ROW_A_SURGE);
    cr_assert_str_eq(item_rows("&item_id=" SURGE), ROW_D_SURGE "," ROW_A_SURGE);
    cr_assert_str_eq(item_rows("&item_id=" KEYBOARD), "");      /* only in a yet_to_start count */
    cr_assert_str_eq(item_rows("&item_id=" WEBCAM), "");        /* only in a submitted count */
    cr_assert_str_eq(item_rows("&warehouse_id=" STORE), ROW_D_SURGE);
    cr_assert_str_eq(item_rows("&location_id=" MAIN_WH), ROW_A_LAP_S2 "," ROW_A_LAP_S1 "," ROW_A_SURGE "," ROW_A_MOUSE);
    cr_assert_str_eq(item_rows("&storage_location_id=" SHELF1), ROW_A_LAP_S1);
    cr_assert_str_eq(item_rows("&storage_id=" MOUSE_BIN), ROW_A_MOUSE);
    char q[96];
    snprintf(q, sizeof q, "&inventorycount_id=%s", s.d);
    cr_assert_str_eq(item_rows(q), ROW_D_SURGE);
    cr_assert_str_eq(item_rows("&search_text=laptop"), ROW_A_LAP_S2 "," ROW_A_LAP_S1);
    cr_assert_str_eq(item_rows("&search_text=mse-wl"), ROW_A_MOUSE);
    cr_assert_str_eq(item_rows("&filter_by=Items.Uncounted&location_id=" MAIN_WH "&search_text=surge"), ROW_A_SURGE);

    /* Counting the laptop as a whole line counts both of its bin rows. */
    count_ok("PUT", s.a, "/count", "{\"line_items\":[{\"item_id\":\"" LAPTOP15 "\",\"counted_quantity\":17}]}", "counting");
    cr_assert_str_eq(item_rows("&filter_by=Items.Uncounted"), ROW_D_SURGE "," ROW_A_SURGE);

    r = get_ok(AUTO_ITEMS, "&per_page=2&page=2");
    cr_assert_eq(rows(&r, "inventorycount_items"), 2);
    expect_page(&r, 2, 2, true, "created_time", "D", "Status.All");
    tresponse_free(&r);
    r = get_ok(AUTO_ITEMS, "&per_page=2&page=3");
    cr_assert_eq(rows(&r, "inventorycount_items"), 1);
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 0);
    tresponse_free(&r);

    expect_get_error(AUTO_ITEMS, "&filter_by=Storages.Uncounted", 400, 2, "Invalid value passed for filter_by");
    expect_get_error(AUTO_ITEMS, "&sort_column=item_name", 400, 2, "Invalid value passed for sort_column");
    expect_get_error(AUTO_ITEMS, "&item_id=laptop", 400, 2, "Invalid value passed for item_id");
    expect_get_error(AUTO_ITEMS, "&warehouse_id=main", 400, 2, "Invalid value passed for warehouse_id");
    free_scene(&s);
}

/* "name:system/counted/variance/items/counted" of every row. */
static char *bin_rows(const char *query)
{
    static char buf[4096];
    tresponse r = get_ok(AUTO_BINS, query);
    buf[0] = '\0';
    const cJSON *e;
    cJSON_ArrayForEach(e, tjson_get(r.json, "storage_locations")) {
        char one[160];
        snprintf(one, sizeof one, "%s%s:%g/%g/%g/%g/%g", buf[0] ? "," : "", tjson_str(e, "storage_location_name"),
                 tjson_num(e, "system_quantity"), tjson_num(e, "counted_quantity"), tjson_num(e, "stock_variance"),
                 tjson_num(e, "no_of_items"), tjson_num(e, "no_of_items_counted"));
        strncat(buf, one, sizeof buf - strlen(buf) - 1);
    }
    tresponse_free(&r);
    return buf;
}

Test(counts_reading, autocomplete_storages_sums_bins_of_counting_counts_with_every_filter)
{
    char *a = count_create("[{\"item_id\":\"" LAPTOP15 "\"},{\"item_id\":\"" MOUSE "\"},{\"item_id\":\"" LAPTOP13 "\"},"
                           "{\"item_id\":\"" SURGE "\"}]");
    char *waiting = count_create("[{\"item_id\":\"" KEYBOARD "\"}]");   /* not started: not searched */
    count_ok("POST", a, "/start", NULL, "counting");
    count_ok("PUT", a, "/count",
             "{\"line_items\":[{\"item_id\":\"" MOUSE "\",\"counted_quantity\":118},"
             "{\"item_id\":\"" LAPTOP13 "\",\"counted_serial_numbers\":[\"LAP13-SN-0001\",\"LAP13-SN-0002\","
             "\"LAP13-SN-0003\",\"LAP13-SN-0004\"]}]}",
             "counting");

#define BIN_S2 "Rack A - Shelf 2:16/4/0/2/1"
#define BIN_S1 "Rack A - Shelf 1:5/0/0/1/0"
#define BIN_MOUSE "Rack B - Shelf 1:120/118/-2/1/1"
    cr_assert_str_eq(bin_rows(""), BIN_S2 "," BIN_S1 "," BIN_MOUSE);
    tresponse r = get_ok(AUTO_BINS, "");
    cr_assert_str_eq(tjson_str(r.json, "storage_locations.0.storage_location_id"), SHELF2);
    cr_assert_str_eq(tjson_str(r.json, "storage_locations.2.storage_location_id"), MOUSE_BIN);
    expect_page(&r, 1, 200, false, "created_time", "D", "Status.All");
    tresponse_free(&r);

    cr_assert_str_eq(bin_rows("&filter_by=Storages.Uncounted"), BIN_S2 "," BIN_S1);
    cr_assert_str_eq(bin_rows("&item_id=" MOUSE), BIN_MOUSE);
    cr_assert_str_eq(bin_rows("&item_id=" LAPTOP13), "Rack A - Shelf 2:4/4/0/1/1");
    cr_assert_str_eq(bin_rows("&item_id=" LAPTOP13 "&filter_by=Storages.Uncounted"), "");
    cr_assert_str_eq(bin_rows("&item_id=" KEYBOARD), "");
    cr_assert_str_eq(bin_rows("&storage_location_id=" SHELF1), BIN_S1);
    cr_assert_str_eq(bin_rows("&storage_id=" SHELF2), BIN_S2);
    cr_assert_str_eq(bin_rows("&warehouse_id=" STORE), "");
    cr_assert_str_eq(bin_rows("&location_id=" MAIN_WH), BIN_S2 "," BIN_S1 "," BIN_MOUSE);
    cr_assert_str_eq(bin_rows("&search_text=rack%20a"), BIN_S2 "," BIN_S1);
    cr_assert_str_eq(bin_rows("&search_text=dock"), "");

    r = get_ok(AUTO_BINS, "&per_page=1&page=2");
    cr_assert_str_eq(tjson_str(r.json, "storage_locations.0.storage_location_name"), "Rack A - Shelf 1");
    expect_page(&r, 2, 1, true, "created_time", "D", "Status.All");
    tresponse_free(&r);
    r = get_ok(AUTO_BINS, "&per_page=1&page=3");
    cr_assert_eq(rows(&r, "storage_locations"), 1);
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 0);
    tresponse_free(&r);

    /* Once the count is submitted nothing is in progress. */
    count_ok("POST", a, "/submit", NULL, "submitted");
    cr_assert_str_eq(bin_rows(""), "");

    expect_get_error(AUTO_BINS, "&filter_by=Items.Uncounted", 400, 2, "Invalid value passed for filter_by");
    expect_get_error(AUTO_BINS, "&storage_location_id=shelf", 400, 2, "Invalid value passed for storage_location_id");
    free(a);
    free(waiting);
}

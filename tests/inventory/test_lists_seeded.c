/* test_lists_seeded.c -- lists over thousands of rows made by POST /__admin/seed: pages, sorts, filters and search from the index tables, kept right through changes */
#include <stdio.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http_client.h"

#define ORG_A "10234695"
#define ORG_B "10234700"
#define Q "?organization_id=" ORG_A
#define JANE "1000.full.jane"
#define JANE_ID "4815000000012300"
#define COUNTS "/inventory/v1/inventorycounts"
#define N 3000

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(lists_seeded, .init = start, .fini = stop, .timeout = 120);

static cJSON *seed(const char *body)
{
    tresponse r = treq("POST", "/__admin/seed", NULL, body);
    cr_assert_eq(r.status, 201, "seed: %s", r.body);
    cJSON *ids = cJSON_DetachItemFromObject(r.json, "inventorycount_ids");
    tresponse_free(&r);
    return ids;
}

static cJSON *list(const char *query)
{
    char url[512];
    snprintf(url, sizeof url, COUNTS Q "%s", query);
    tresponse r = treq("GET", url, JANE, NULL);
    cr_assert_eq(r.status, 200, "GET %s: %s", url, r.body);
    cJSON *j = r.json;
    r.json = NULL;
    tresponse_free(&r);
    return j;
}

static const char *row_field(const cJSON *page, int i, const char *field)
{
    return tjson_str(cJSON_GetArrayItem(tjson_get(page, "inventorycounts"), i), field);
}

Test(lists_seeded, pages_sorts_filters_and_search_over_thousands_of_counts)
{
    cJSON *ids = seed("{\"organization_id\":\"" ORG_A "\",\"inventorycounts\":3000,\"line_items\":3,"
                      "\"assignee_id\":\"" JANE_ID "\"}");
    cr_assert_eq(cJSON_GetArraySize(ids), N);
    /* Another organization's rows change nothing here. */
    cJSON_Delete(seed("{\"organization_id\":\"" ORG_B "\",\"inventorycounts\":2000,\"line_items\":2}"));

    /* Default: created_time D, 200 a page; the newest first. */
    cJSON *p1 = list("");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(p1, "inventorycounts")), 200);
    cr_assert_str_eq(row_field(p1, 0, "inventorycount_id"), cJSON_GetArrayItem(ids, N - 1)->valuestring);
    cr_assert_str_eq(row_field(p1, 199, "inventorycount_id"), cJSON_GetArrayItem(ids, N - 200)->valuestring);
    cr_assert(cJSON_IsTrue(tjson_get(p1, "page_context.has_more_page")));
    cJSON_Delete(p1);

    /* The last page, ascending: exact has_more_page. */
    cJSON *last = list("&page=15&per_page=200&sort_order=A");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(last, "inventorycounts")), 200);
    cr_assert_str_eq(row_field(last, 199, "inventorycount_id"), cJSON_GetArrayItem(ids, N - 1)->valuestring);
    cr_assert(cJSON_IsFalse(tjson_get(last, "page_context.has_more_page")));
    cJSON_Delete(last);
    cJSON *beyond = list("&page=16");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(beyond, "inventorycounts")), 0);
    cJSON_Delete(beyond);

    /* By number, ascending: IC-00001, IC-00002, ... (the fixture's prefix). */
    cJSON *by_number = list("&sort_column=inventorycount_number&sort_order=A&per_page=3&page=2");
    cr_assert_str_eq(row_field(by_number, 0, "inventorycount_number"), "IC-00004");
    cJSON_Delete(by_number);

    /* A search that finds a few among thousands, and one page of it. */
    cJSON *found = list("&search_text=ic-0299");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(found, "inventorycounts")), 10, "IC-02990..IC-02999");
    cr_assert(cJSON_IsFalse(tjson_get(found, "page_context.has_more_page")));
    cJSON_Delete(found);
    found = list("&search_text=IC-0299&per_page=4&page=3");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(found, "inventorycounts")), 2);
    cJSON_Delete(found);

    /* Start one count: the status filter and last_modified order follow. */
    const char *mid = cJSON_GetArrayItem(ids, 1234)->valuestring;
    char path[256];
    snprintf(path, sizeof path, COUNTS "/%s/start" Q, mid);
    tresponse r = treq("POST", path, JANE, NULL);
    expect_zoho(&r, 200, 0);
    tresponse_free(&r);
    cJSON *counting = list("&status=counting");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(counting, "inventorycounts")), 1);
    cr_assert_str_eq(row_field(counting, 0, "inventorycount_id"), mid);
    cJSON_Delete(counting);

    /* A minute later (times have whole seconds), renumbered: found by its
     * new number, sorted by it, and first by last_modified_time. */
    r = treq("PUT", "/__admin/clock", NULL, "{\"organization_id\":\"" ORG_A "\",\"advance_seconds\":60}");
    expect_zoho(&r, 200, 0);
    tresponse_free(&r);
    snprintf(path, sizeof path, COUNTS "/%s" Q "&ignore_auto_number_generation=true",
             cJSON_GetArrayItem(ids, 10)->valuestring);
    r = treq("PUT", path, JANE, "{\"inventorycount_number\":\"AAA-1\"}");
    expect_zoho(&r, 200, 0);
    tresponse_free(&r);
    cJSON *first = list("&sort_column=inventorycount_number&sort_order=A&per_page=1");
    cr_assert_str_eq(row_field(first, 0, "inventorycount_number"), "AAA-1");
    cJSON_Delete(first);
    cJSON *modified = list("&sort_column=last_modified_time&per_page=1");
    cr_assert_str_eq(row_field(modified, 0, "inventorycount_number"), "AAA-1");
    cJSON_Delete(modified);

    /* Deleted: gone from the pages and from look-ups. */
    const char *gone = cJSON_GetArrayItem(ids, N - 1)->valuestring;
    snprintf(path, sizeof path, COUNTS "/%s" Q, gone);
    r = treq("DELETE", path, JANE, NULL);
    expect_zoho(&r, 200, 0);
    tresponse_free(&r);
    r = treq("GET", path, JANE, NULL);
    expect_zoho(&r, 404, 1002);
    tresponse_free(&r);
    cJSON *after = list("&per_page=1");
    cr_assert_str_eq(row_field(after, 0, "inventorycount_id"), cJSON_GetArrayItem(ids, N - 2)->valuestring);
    cJSON_Delete(after);
    cJSON_Delete(ids);

    /* A reset takes the seeded rows away. */
    r = treq("POST", "/__admin/reset", NULL, NULL);
    expect_zoho(&r, 200, 0);
    tresponse_free(&r);
    cJSON *empty = list("");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(empty, "inventorycounts")), 0);
    cJSON_Delete(empty);
}

Test(lists_seeded, seed_refuses_what_it_cannot_make)
{
    tresponse r = treq("POST", "/__admin/seed", NULL, "{\"organization_id\":\"999\",\"inventorycounts\":1}");
    expect_zoho(&r, 404, 1002);
    tresponse_free(&r);
    r = treq("POST", "/__admin/seed", NULL, "{\"organization_id\":\"" ORG_A "\",\"inventorycounts\":-1}");
    expect_error(&r, 400, 4, "Invalid value passed for inventorycounts");
    tresponse_free(&r);
    r = treq("POST", "/__admin/seed", NULL,
             "{\"organization_id\":\"" ORG_A "\",\"inventorycounts\":1,\"item_ids\":[\"1\"]}");
    expect_error_part(&r, 400, 4, "item_ids: 1 is not an item");
    tresponse_free(&r);
    r = treq("POST", "/__admin/seed", NULL,
             "{\"organization_id\":\"" ORG_B "\",\"inventorycounts\":1,\"line_items\":500}");
    expect_error_part(&r, 400, 4, "line_items must be from 1 to");
    tresponse_free(&r);
    /* Adjustments move stock like POST /inventoryadjustments. */
    r = treq("POST", "/__admin/seed", NULL, "{\"organization_id\":\"" ORG_A "\",\"adjustments\":50}");
    expect_zoho(&r, 201, 0);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustment_ids")), 50);
    tresponse_free(&r);
    r = treq("GET", "/inventory/v1/inventoryadjustments" Q "&per_page=200", JANE, NULL);
    expect_zoho(&r, 200, 0);
    cr_assert_geq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments")), 50);
    tresponse_free(&r);
}

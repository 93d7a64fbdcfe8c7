/* test_lists_engine.c -- the engine's lists walked in their tables answer exactly what a sort of every record answers, over thousands of seeded documents and through changes; seeding documents; numbers and SKUs by hash */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "api_util.h"
#include "inventory/engine_impl.h"
#include "model/docs.h"
#include "model/model.h"

#define SALES_ORDERS 2500
#define CONTACTS 1200
#define ITEMS 1200

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(lists_engine, .init = start, .fini = stop, .timeout = 300);

/* POST /__admin/seed {"organization_id", "documents": [documents]}; the
 * answer's document_ids (the caller frees). */
static cJSON *seed(const char *documents)
{
    char *body = NULL;
    cr_assert(asprintf(&body, "{\"organization_id\":\"" API_ORG "\",\"documents\":%s}", documents) > 0);
    tresponse r = treq("POST", "/__admin/seed", NULL, body);
    free(body);
    cr_assert_eq(r.status, 201, "seed: %s", r.body);
    cJSON *ids = cJSON_DetachItemFromObject(r.json, "document_ids");
    tresponse_free(&r);
    return ids;
}

/* The first n ids of a module in a seed answer, as a JSON array text. */
static char *first_ids(const cJSON *ids, const char *module, int n)
{
    cJSON *some = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(some, cJSON_CreateString(cJSON_GetArrayItem(cJSON_GetObjectItem(ids, module), i)->valuestring));
    char *text = cJSON_PrintUnformatted(some);
    cJSON_Delete(some);
    return text;
}

/* The table of the module's collection keeps the column: its lists are
 * walked, not sorted. */
static void expect_walked(const char *module, const char *column)
{
    zm_org *org = model_find_org(API_ORG);
    zm_module *m = module_by_name(module);
    cr_assert(org && m);
    org_lock(org);
    zm_table *t = docs_table(docs_collection(org, m->slot));
    int c = t ? table_column(t, column) : -1;
    org_unlock(org);
    cr_assert(c >= 0, "%s lists by %s are not walked in a table", module, column);
}

/* GET /<module>?<query> walked in the table, and again with every record
 * filtered and sorted (the reference): the same status and bytes. */
static void same_as_full_sort(const char *module, const char *query)
{
    const char *path = tpath("/%s?%s", module, query);
    tresponse walked = tapi("GET", path, NULL);
    engine_list_full_sort(true);
    tresponse sorted = tapi("GET", path, NULL);
    engine_list_full_sort(false);
    cr_assert_eq(walked.status, sorted.status, "%s: %ld vs %ld", path, walked.status, sorted.status);
    if (strcmp(walked.body, sorted.body) != 0) {
        /* Say where: the first row that differs. */
        const cJSON *a = cJSON_GetObjectItem(walked.json, module), *b = cJSON_GetObjectItem(sorted.json, module);
        int n = cJSON_GetArraySize(a), k = 0;
        while (k < n && k < cJSON_GetArraySize(b)) {
            char *x = cJSON_PrintUnformatted(cJSON_GetArrayItem(a, k)), *y = cJSON_PrintUnformatted(cJSON_GetArrayItem(b, k));
            bool same = !strcmp(x, y);
            free(x);
            free(y);
            if (!same) break;
            k++;
        }
        cr_assert_fail("%s: walked and sorted pages differ at row %d of %d (%d rows sorted): %s vs %s; page_context %s vs %s",
                       path, k, n, cJSON_GetArraySize(b),
                       cJSON_PrintUnformatted(cJSON_GetArrayItem(a, k)), cJSON_PrintUnformatted(cJSON_GetArrayItem(b, k)),
                       cJSON_PrintUnformatted(cJSON_GetObjectItem(walked.json, "page_context")),
                       cJSON_PrintUnformatted(cJSON_GetObjectItem(sorted.json, "page_context")));
    }
    tresponse_free(&walked);
    tresponse_free(&sorted);
}

static int page_size(const char *module, const char *query)
{
    tresponse r = tapi("GET", tpath("/%s?%s", module, query), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    int n = cJSON_GetArraySize(cJSON_GetObjectItem(r.json, module));
    tresponse_free(&r);
    return n;
}

static const char *const sales_order_queries[] = {
    "",
    "per_page=7&page=3",
    "sort_column=date&sort_order=A&per_page=50&page=4",
    "sort_column=date&sort_order=D&page=2",
    "sort_column=customer_name&sort_order=A&per_page=25&page=11",
    "sort_column=customer_name&sort_order=D&page=13",
    "sort_column=reference_number&sort_order=A&per_page=100",
    "sort_column=reference_number&sort_order=D&per_page=9&page=40",
    "sort_column=salesorder_number&sort_order=D&per_page=30&page=5",
    "sort_column=created_time&sort_order=A&per_page=10&page=250",
    "sort_column=last_modified_time&sort_order=D&per_page=10&page=2",
    "sort_column=total&sort_order=A&per_page=40&page=2",
    "search_text=ref-1&per_page=20&page=3",
    "search_text=ACME&sort_column=date&sort_order=A&per_page=15&page=2",
    "search_text=SO-0&sort_column=customer_name&sort_order=D&response_option=2",
    "search_text=nothing-at-all",
    "filter_by=Status.Confirmed&sort_column=customer_name&sort_order=A&per_page=10&page=2",
    "filter_by=Status.Draft&page=12&response_option=2",
    "filter_by=Status.Void&sort_column=date",
    "response_option=2&per_page=33&page=7",
    "page=1000",
    NULL,
};

static void compare_sales_orders(void)
{
    for (size_t i = 0; sales_order_queries[i]; i++) same_as_full_sort("salesorders", sales_order_queries[i]);
}

Test(lists_engine, sales_orders_walked_equal_a_full_sort_through_changes)
{
    cJSON *made = seed("[{\"module\":\"contacts\",\"count\":12,\"body\":{\"contact_type\":\"customer\"},"
                       "\"vary\":{\"contact_name\":[\"acme\",\"Acme\",\"ACME Traders\",\"beta\",\"Beta\",\"zeta {n}\"]}}]");
    char *customers = first_ids(made, "contacts", 12);
    char *documents = NULL;
    cr_assert(asprintf(&documents,
        "[{\"module\":\"salesorders\",\"count\":%d,\"body\":{\"line_items\":[{\"item_id\":\"4815000000033003\",\"quantity\":2,\"rate\":10}]},"
        "\"vary\":{\"customer_id\":%s,"
        "\"date\":[\"2025-03-01\",\"2025-01-15\",\"2025-03-01\",\"2024-12-31\",\"2025-02-10\",\"2025-01-15\",\"2025-03-02\"],"
        "\"reference_number\":[\"REF-{n}\",\"ref-{n:3}\",\"\",\"Ref-7\",\"REF-{n}\"],"
        "\"line_items\":[[{\"item_id\":\"4815000000033003\",\"quantity\":1,\"rate\":10}],"
        "[{\"item_id\":\"4815000000033003\",\"quantity\":3,\"rate\":2.5}],[{\"item_id\":\"4815000000033003\",\"quantity\":1,\"rate\":7.5}],"
        "[{\"item_id\":\"4815000000033003\",\"quantity\":2,\"rate\":5}],[{\"item_id\":\"4815000000033003\",\"quantity\":4,\"rate\":0.25}]]}}]",
        SALES_ORDERS, customers) > 0);
    cJSON *orders = seed(documents);
    free(documents);
    free(customers);
    const cJSON *ids = cJSON_GetObjectItem(orders, "salesorders");
    cr_assert_eq(cJSON_GetArraySize(ids), SALES_ORDERS);
    for (const char *const *c = (const char *const[]){"", "date", "customer_name", "reference_number",
                                                       "salesorder_number", "created_time", "last_modified_time", NULL};
         *c; c++)
        expect_walked("salesorders", *c);
    cr_assert_eq(page_size("salesorders", ""), 200);
    cr_assert_eq(page_size("salesorders", "search_text=ref-1&per_page=200"), 200);
    compare_sales_orders();

    /* Changes move keys: new customers (names), dates and references,
     * statuses by action, deletions, new orders. */
    for (int k = 0; k < SALES_ORDERS; k += 37) {
        const char *id = cJSON_GetArrayItem(ids, k)->valuestring;
        tresponse r = tapi("PUT", tpath("/salesorders/%s", id),
                           "{\"date\":\"2023-0%d-1%d\",\"reference_number\":\"moved %d\",\"customer_id\":\"%s\"}",
                           1 + k % 9, k % 10, k, cJSON_GetArrayItem(cJSON_GetObjectItem(made, "contacts"), k % 12)->valuestring);
        cr_assert_eq(r.status, 200, "PUT %s: %s", id, r.body);
        tresponse_free(&r);
    }
    for (int k = 5; k < SALES_ORDERS; k += 53) {
        tresponse r = tapi("POST", tpath("/salesorders/%s/status/confirmed", cJSON_GetArrayItem(ids, k)->valuestring), NULL);
        cr_assert_eq(r.status, 200, "%s", r.body);
        tresponse_free(&r);
    }
    for (int k = 11; k < SALES_ORDERS; k += 97) {
        tresponse r = tapi("DELETE", tpath("/salesorders/%s", cJSON_GetArrayItem(ids, k)->valuestring), NULL);
        cr_assert_eq(r.status, 200, "%s", r.body);
        tresponse_free(&r);
    }
    /* The customers' names themselves change too: the orders keep the
     * names they were made with (only the contacts' lists move). */
    tresponse r = tapi("PUT", tpath("/contacts/%s", cJSON_GetArrayItem(cJSON_GetObjectItem(made, "contacts"), 0)->valuestring),
                       "{\"contact_name\":\"Aardvark\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    cJSON_Delete(seed("[{\"module\":\"salesorders\",\"count\":40,\"body\":{\"customer_id\":\"4815000000000700\","
                      "\"reference_number\":\"late {n}\",\"date\":\"2024-06-0{n:1}\","
                      "\"line_items\":[{\"item_id\":\"4815000000033003\",\"quantity\":1,\"rate\":3}]}}]"));
    cr_assert_gt(page_size("salesorders", "filter_by=Status.Confirmed&per_page=200"), 40);
    compare_sales_orders();
    cJSON_Delete(orders);
    cJSON_Delete(made);
}

Test(lists_engine, contacts_and_items_walked_equal_a_full_sort)
{
    char *documents = NULL;
    cr_assert(asprintf(&documents,
        "[{\"module\":\"contacts\",\"count\":%d,\"body\":{\"contact_name\":\"Customer {n:4}\",\"email\":\"buyer{n}@example.com\"},"
        "\"vary\":{\"contact_name\":[\"Customer {n:4}\",\"customer {n:3}\",\"Zed\",\"zed\",\"Émile {n}\",\"acme\"],"
        "\"company_name\":[\"Acme\",\"Beta {n}\",\"\"],\"contact_type\":[\"customer\",\"vendor\"],"
        "\"email\":[\"buyer{n}@example.com\",\"A{n}@example.org\",\"\"]}},"
        "{\"module\":\"items\",\"count\":%d,\"body\":{\"name\":\"Widget {n:4}\",\"sku\":\"W-{n}\"},"
        "\"vary\":{\"name\":[\"Widget {n:4}\",\"widget {n:4}\",\"Bolt\",\"bolt\",\"Nut {n}\"],"
        "\"rate\":[12.5,3,0,12.5,7.25,100],\"purchase_rate\":[1,2.5,1,0],\"reorder_level\":[0,5,10,5],"
        "\"item_type\":[\"inventory\",\"sales\",\"purchases\",\"inventory\"],\"product_type\":[\"goods\",\"goods\",\"service\"]}}]",
        CONTACTS, ITEMS) > 0);
    cJSON_Delete(seed(documents));
    free(documents);
    static const char *const contact_queries[] = {
        "", "sort_order=D&page=3", "sort_column=contact_name&sort_order=A&per_page=17&page=9",
        "sort_column=email&sort_order=D&per_page=100&page=5", "sort_column=outstanding_receivable_amount&page=2",
        "sort_column=created_time&sort_order=D&per_page=50&page=3", "sort_column=last_modified_time&per_page=11&page=30",
        "sort_column=first_name&per_page=60&page=4", "search_text=acme&per_page=25&page=2",
        "search_text=@EXAMPLE.org&sort_column=email", "filter_by=Status.Active&sort_order=D&page=4",
        "filter_by=Status.Inactive", "contact_name_startswith=cust&per_page=30&page=3&response_option=2",
        "email_contains=example.com&sort_column=email&sort_order=A&page=2", "company_name=acme&per_page=7&page=20",
        NULL,
    };
    static const char *const item_queries[] = {
        "", "sort_order=D&per_page=33&page=6", "sort_column=sku&sort_order=A&per_page=100&page=4",
        "sort_column=rate&sort_order=D&page=3", "sort_column=rate&sort_order=A&per_page=40&page=10",
        "sort_column=purchase_rate&sort_order=A&per_page=90&page=2", "sort_column=reorder_level&sort_order=D&page=2",
        "sort_column=created_time&per_page=13&page=50", "sort_column=stock_on_hand&sort_order=D&per_page=20",
        "search_text=BOLT&per_page=50&page=2", "search_text=w-1&sort_column=rate&response_option=2",
        "filter_by=ItemType.Inventory&sort_column=name&page=2", "filter_by=ItemType.Service&per_page=15&page=3",
        "filter_by=Status.Active&sort_column=sku&sort_order=D&per_page=7&page=44",
        "name_startswith=widget&per_page=25&page=9", "rate_greater_than=7&sort_column=rate&per_page=50&page=3",
        "rate_less_equals=3&sort_column=name&sort_order=D&response_option=2&per_page=200&page=2",
        NULL,
    };
    for (const char *const *c = (const char *const[]){"contact_name",
                                                       "outstanding_receivable_amount", "created_time", NULL};
         *c; c++)
        expect_walked("contacts", *c);
    for (const char *const *c = (const char *const[]){"name", "sku", "rate", "purchase_rate", "reorder_level", NULL}; *c; c++)
        expect_walked("items", *c);
    for (size_t i = 0; contact_queries[i]; i++) same_as_full_sort("contacts", contact_queries[i]);
    for (size_t i = 0; item_queries[i]; i++) same_as_full_sort("items", item_queries[i]);

    /* Renames and re-prices move them. */
    tresponse r = tapi("GET", "/items?sort_column=name&per_page=200&page=2", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    const cJSON *row;
    int k = 0;
    cJSON_ArrayForEach(row, cJSON_GetObjectItem(r.json, "items")) {
        if (k++ % 9) continue;
        tresponse u = tapi("PUT", tpath("/items/%s", tjson_str(row, "item_id")),
                           "{\"name\":\"Anchor %d\",\"rate\":%d,\"sku\":\"MOVED-%d\"}", k, k % 4, k);
        cr_assert_eq(u.status, 200, "%s", u.body);
        tresponse_free(&u);
    }
    tresponse_free(&r);
    for (size_t i = 0; item_queries[i]; i++) same_as_full_sort("items", item_queries[i]);

    /* Stock moves change the kept rows' figures (and the stock_on_hand order). */
    r = tapi("GET", "/items?sort_column=name&per_page=200&page=3", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    k = 0;
    cJSON_ArrayForEach(row, cJSON_GetObjectItem(r.json, "items")) {
        if (k++ % 7) continue;
        tresponse a = tapi("POST", "/inventoryadjustments",
                           "{\"date\":\"2025-06-15\",\"reason\":\"Found\",\"adjustment_type\":\"quantity\",\"line_items\":"
                           "[{\"item_id\":\"%s\",\"location_id\":\"4815000000038080\",\"quantity_adjusted\":%d}]}",
                           tjson_str(row, "item_id"), k % 11 + 1);
        cr_assert_eq(tjson_num(a.json, "code"), 0, "%s", a.body);
        tresponse_free(&a);
    }
    tresponse_free(&r);
    for (size_t i = 0; item_queries[i]; i++) same_as_full_sort("items", item_queries[i]);
}

/* ------------------------------------------- kept rows of items (stock) */

#define MAIN_WH "4815000000038080"
#define BLR_WH "4815000000038090"       /* Bengaluru Warehouse */
#define SURGE "4815000000033024"        /* Main 45 outside bins, MG Road 8 */
#define CUSTOMER "4815000000000700"

/* The item's list row is kept as text with its record (engine_rows.c). */
static void expect_kept(const char *item_id)
{
    zm_org *org = model_find_org(API_ORG);
    org_lock(org);
    const zm_doc *d = docs_peek(docs_collection(org, module_by_name("items")->slot), item_id);
    bool kept = d && d->row;
    org_unlock(org);
    cr_assert(kept, "the row of item %s is not kept", item_id);
}

/* A figure of a row: a number, or the text of one (location figures). */
static double figure(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItem(obj, name);
    cr_assert(cJSON_IsNumber(v) || cJSON_IsString(v), "no %s in %s", name, cJSON_PrintUnformatted(obj));
    return cJSON_IsNumber(v) ? v->valuedouble : strtod(v->valuestring, NULL);
}

/* The item's row on the items page (every fixture item fits one page),
 * which is checked whole against rows printed afresh first; the caller
 * frees it. */
static cJSON *item_row(const char *item_id)
{
    same_as_full_sort("items", "per_page=200");
    tresponse r = tapi("GET", "/items?per_page=200", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cJSON *found = NULL;
    const cJSON *row;
    cJSON_ArrayForEach(row, cJSON_GetObjectItem(r.json, "items"))
        if (!strcmp(tjson_str(row, "item_id"), item_id)) found = cJSON_Duplicate(row, true);
    tresponse_free(&r);
    cr_assert_not_null(found, "item %s is not listed", item_id);
    expect_kept(item_id);
    return found;
}

/* The row's entry for the location (its locations[]). */
static const cJSON *at_location(const cJSON *row, const char *location_id)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItem(row, "locations"))
        if (!strcmp(tjson_str(l, "location_id"), location_id)) return l;
    return NULL;
}

/* The item's row: stock on hand (accounting), available (physical) and
 * committed in all, and stock on hand at Main and Bengaluru. */
static void expect_row(const char *item_id, double on_hand, double available, double committed, double main_wh,
                       double blr_wh)
{
    cJSON *row = item_row(item_id);
    cr_assert_float_eq(figure(row, "stock_on_hand"), on_hand, 1e-9, "%s", cJSON_PrintUnformatted(row));
    cr_assert_float_eq(figure(row, "available_stock"), available, 1e-9, "%s", cJSON_PrintUnformatted(row));
    cr_assert_float_eq(figure(row, "committed_stock"), committed, 1e-9, "%s", cJSON_PrintUnformatted(row));
    cr_assert_float_eq(figure(row, "actual_available_stock"), available - committed, 1e-9);
    cr_assert_float_eq(figure(at_location(row, MAIN_WH), "location_stock_on_hand"), main_wh, 1e-9);
    cr_assert_float_eq(figure(at_location(row, BLR_WH), "location_stock_on_hand"), blr_wh, 1e-9);
    cJSON_Delete(row);
}

/* The location's entry in the item's row: its name, status and whether primary. */
static void expect_location(const char *item_id, const char *location_id, const char *name, const char *status,
                            bool primary)
{
    cJSON *row = item_row(item_id);
    const cJSON *l = at_location(row, location_id);
    cr_assert_not_null(l, "%s has no location %s", cJSON_PrintUnformatted(row), location_id);
    cr_assert_str_eq(tjson_str(l, "location_name"), name);
    cr_assert_str_eq(tjson_str(l, "status"), status);
    cr_assert_eq(cJSON_IsTrue(cJSON_GetObjectItem(l, "is_primary")), primary, "%s", cJSON_PrintUnformatted(l));
    cJSON_Delete(row);
}

Test(lists_engine, kept_item_rows_show_each_stock_move_and_location_change_at_the_next_list)
{
    expect_row(SURGE, 53, 53, 0, 45, 0);
    expect_kept("4815000000033001");

    /* An adjustment (a hand-written route) moves both figures. */
    tapi_expect(tapi("POST", "/inventoryadjustments",
                     "{\"date\":\"2025-06-15\",\"reason\":\"Found\",\"adjustment_type\":\"quantity\",\"line_items\":"
                     "[{\"item_id\":\"" SURGE "\",\"location_id\":\"" MAIN_WH "\",\"quantity_adjusted\":5}]}"),
                201, 0, NULL);
    expect_row(SURGE, 58, 58, 0, 50, 0);

    /* A transfer order moves stock between locations; the totals stay. */
    tresponse r = tapi("POST", "/transferorders",
                       "{\"date\":\"2025-06-15\",\"from_location_id\":\"" MAIN_WH "\",\"to_location_id\":\"" BLR_WH "\","
                       "\"line_items\":[{\"item_id\":\"" SURGE "\",\"name\":\"Surge\",\"quantity_transfer\":10}]}");
    cr_assert_eq(tjson_num(r.json, "code"), 0, "%s", r.body);
    tresponse_free(&r);
    expect_row(SURGE, 58, 58, 0, 40, 10);

    /* A confirmed sales order commits stock; a sent invoice takes accounting stock. */
    char *so = tapi_id(tapi("POST", "/salesorders",
                            "{\"customer_id\":\"" CUSTOMER "\",\"date\":\"2025-06-15\",\"location_id\":\"" MAIN_WH "\","
                            "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":4,\"rate\":20}]}"),
                       "sales_order.salesorder_id");
    expect_row(SURGE, 58, 58, 0, 40, 10);
    tapi_expect(tapi("POST", tpath("/salesorders/%s/status/confirmed", so), NULL), 200, 0, NULL);
    expect_row(SURGE, 58, 58, 4, 40, 10);
    char *inv = tapi_id(tapi("POST", "/invoices",
                             "{\"customer_id\":\"" CUSTOMER "\",\"date\":\"2025-06-17\",\"location_id\":\"" MAIN_WH "\","
                             "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":3,\"rate\":20}]}"),
                        "invoice.invoice_id");
    tapi_expect(tapi("POST", tpath("/invoices/%s/status/sent", inv), NULL), 200, 0, NULL);
    expect_row(SURGE, 55, 58, 4, 37, 10);
    tapi_expect(tapi("DELETE", tpath("/invoices/%s", inv), NULL), 200, 0, NULL);
    expect_row(SURGE, 58, 58, 4, 40, 10);
    tapi_expect(tapi("DELETE", tpath("/salesorders/%s", so), NULL), 200, 0, NULL);
    expect_row(SURGE, 58, 58, 0, 40, 10);
    free(so);
    free(inv);

    /* Every row reads the locations: a rename, a status, a new primary, a new location. */
    expect_location(SURGE, BLR_WH, "Bengaluru Warehouse", "active", false);
    tapi_expect(tapi("PUT", tpath("/locations/%s", BLR_WH), "{\"location_name\":\"Bengaluru Central\"}"), 200, 0, NULL);
    expect_location(SURGE, BLR_WH, "Bengaluru Central", "active", false);
    tapi_expect(tapi("POST", tpath("/locations/%s/inactive", BLR_WH), NULL), 200, 0, NULL);
    expect_location(SURGE, BLR_WH, "Bengaluru Central", "inactive", false);
    tapi_expect(tapi("POST", tpath("/locations/%s/active", BLR_WH), NULL), 200, 0, NULL);
    tapi_expect(tapi("POST", tpath("/locations/%s/markasprimary", BLR_WH), NULL), 200, 0, NULL);
    expect_location(SURGE, BLR_WH, "Bengaluru Central", "active", true);
    expect_location(SURGE, MAIN_WH, "Main Warehouse", "active", false);
    char *shed = tapi_id(tapi("POST", "/locations", "{\"location_name\":\"Garden Shed\",\"tax_settings_id\":\"1\"}"), "locations.location_id");
    expect_location(SURGE, shed, "Garden Shed", "active", false);
    tapi_expect(tapi("DELETE", tpath("/locations/%s", shed), NULL), 200, 0, NULL);
    cJSON *row = item_row(SURGE);
    cr_assert_null(at_location(row, shed), "%s", cJSON_PrintUnformatted(row));
    cJSON_Delete(row);
    free(shed);

    /* A preference no row prints leaves the rows as they were. */
    tapi_expect(tapi("PUT", "/settings/preferences", "{\"stock_tracking_mode\":\"accounting\"}"), 200, 0, NULL);
    expect_row(SURGE, 58, 58, 0, 40, 10);
}

Test(lists_engine, numbers_and_skus_stay_unique_through_changes)
{
    cJSON *made = seed("[{\"module\":\"items\",\"count\":300,\"body\":{\"name\":\"Part {n}\",\"sku\":\"PART-{n:3}\",\"rate\":1}},"
                       "{\"module\":\"salesorders\",\"count\":300,\"body\":{\"customer_id\":\"4815000000000700\","
                       "\"line_items\":[{\"item_id\":\"4815000000033003\",\"quantity\":1,\"rate\":1}]}}]");
    /* A SKU is taken whatever its case; a renamed item frees its old one. */
    tapi_expect_part(tapi("POST", "/items", "{\"name\":\"Copy\",\"sku\":\"part-007\"}"), 400, 1001, "part-007");
    const char *first = cJSON_GetArrayItem(cJSON_GetObjectItem(made, "items"), 6)->valuestring;
    tresponse r = tapi("PUT", tpath("/items/%s", first), "{\"sku\":\"PART-X\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    free(tapi_id(tapi("POST", "/items", "{\"name\":\"Copy\",\"sku\":\"part-007\"}"), "item.item_id"));
    tapi_expect_part(tapi("POST", "/items", "{\"name\":\"Copy 2\",\"sku\":\"Part-X\"}"), 400, 1001, "Part-X");

    /* A sales order number given by hand is refused while taken. */
    const char *so = cJSON_GetArrayItem(cJSON_GetObjectItem(made, "salesorders"), 0)->valuestring;
    r = tapi("GET", tpath("/salesorders/%s", so), NULL);
    char number[64];
    snprintf(number, sizeof number, "%s", tjson_str(r.json, "salesorder.salesorder_number"));
    tresponse_free(&r);
    const char *manual = "{\"customer_id\":\"4815000000000700\",\"salesorder_number\":\"%s\","
                         "\"line_items\":[{\"item_id\":\"4815000000033003\",\"quantity\":1,\"rate\":1}]}";
    tapi_expect_part(tapi("POST", "/salesorders?ignore_auto_number_generation=true", manual, number), 400, 1001, number);
    r = tapi("PUT", tpath("/salesorders/%s", so), "{\"salesorder_number\":\"SO-RENUMBERED\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    free(tapi_id(tapi("POST", "/salesorders?ignore_auto_number_generation=true", manual, number),
                 "sales_order.salesorder_id"));
    tapi_expect_part(tapi("POST", "/salesorders?ignore_auto_number_generation=true", manual, "SO-RENUMBERED"),
                     400, 1001, "SO-RENUMBERED");
    cJSON_Delete(made);
}

/* How many records the module's list has (page_context.total). */
static int total_of(const char *module)
{
    tresponse r = tapi("GET", tpath("/%s?response_option=2", module), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    int n = (int)tjson_num(r.json, "page_context.total");
    tresponse_free(&r);
    return n;
}

Test(lists_engine, seeding_documents_says_what_is_wrong)
{
    int contacts = total_of("contacts");
    static const struct { const char *documents, *part; } bad[] = {
        {"{}", "documents: expected an array"},
        {"[{\"module\":\"nosuch\",\"count\":1}]", "documents[0].module"},
        {"[{\"module\":\"contacts\",\"count\":-1}]", "documents[0].count"},
        {"[{\"module\":\"contacts\",\"count\":1.5}]", "documents[0].count"},
        {"[{\"module\":\"contacts\",\"count\":1,\"body\":[]}]", "documents[0].body"},
        {"[{\"module\":\"contacts\",\"count\":1,\"vary\":{\"contact_name\":[]}}]", "documents[0].vary.contact_name"},
        {"[{\"module\":\"contacts\",\"count\":1,\"body\":{\"contact_name\":\"x\"}},7]", "documents[1]"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *body = NULL;
        cr_assert(asprintf(&body, "{\"organization_id\":\"" API_ORG "\",\"documents\":%s}", bad[i].documents) > 0);
        tresponse r = treq("POST", "/__admin/seed", NULL, body);
        free(body);
        expect_error_part(&r, 400, 4, bad[i].part);
        tresponse_free(&r);
    }
    cr_assert_eq(total_of("contacts"), contacts, "nothing was made by the refused calls");

    /* {n} and {n:W} number the texts; vary cycles; a refusal stops and says
     * how many were kept. */
    cJSON *made = seed("[{\"module\":\"contacts\",\"count\":3,\"body\":{\"contact_name\":\"Seed {n} / {n:4}\","
                       "\"notes\":\"{n:2}{n}{n:}{x}\"},\"vary\":{\"website\":[\"a{n}.example\",\"b.example\"]}}]");
    const cJSON *ids = cJSON_GetObjectItem(made, "contacts");
    cr_assert_eq(cJSON_GetArraySize(ids), 3);
    tresponse r = tapi("GET", tpath("/contacts/%s", cJSON_GetArrayItem(ids, 2)->valuestring), NULL);
    cr_assert_str_eq(tjson_str(r.json, "contact.contact_name"), "Seed 3 / 0003");
    cr_assert_str_eq(tjson_str(r.json, "contact.website"), "a3.example");
    cr_assert_str_eq(tjson_str(r.json, "contact.notes"), "033{n:}{x}");
    tresponse_free(&r);
    cJSON_Delete(made);

    tresponse bad_item = treq("POST", "/__admin/seed", NULL,
                              "{\"organization_id\":\"" API_ORG "\",\"documents\":[{\"module\":\"items\",\"count\":5,"
                              "\"body\":{\"name\":\"Dup\"},\"vary\":{\"sku\":[\"DUP-1\",\"DUP-2\",\"dup-1\"]}}]}");
    expect_error_part(&bad_item, 400, 4, "items 3 of 5");
    cr_assert(strstr(tjson_str(bad_item.json, "message"), "the 2 before it were kept"), "%s", bad_item.body);
    tresponse_free(&bad_item);
    cr_assert_eq(page_size("items", "search_text=dup-&per_page=200"), 2);
}

/* test_adjustments.c -- the Item Adjustments API over HTTP: create, list, retrieve, delete, stock, concurrency */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "http_client.h"

#define ORG "?organization_id=10234695"
#define JOHN "1000.full.john"
#define ADJ "/inventory/v1/inventoryadjustments"
#define PLAIN_ITEM "4815000000033024"     /* Surge Protector: plain stock, no bins */
#define MAIN_WH "4815000000038080"
#define STORE "4815000000038100"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(adjustments, .init = start, .fini = stop);

/* Stock of an item at a location, read through GET /items/{id}. */
static double stock_at(const char *item_id, const char *location_id)
{
    return tstock_at(JOHN, "10234695", item_id, location_id);
}

static tresponse create(const char *type, const char *line_fields)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"description\":\"test\","
             "\"reference_number\":\"REF-IA-00001\",\"adjustment_type\":\"%s\","
             "\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",%s}]}",
             type, line_fields);
    return treq("POST", ADJ ORG, JOHN, body);
}

static void id_of(const tresponse *r, char out[32])
{
    const char *id = tjson_str(r->json, "inventory_adjustment.inventory_adjustment_id");
    cr_assert_not_null(id, "the id is a string: %s", r->body);
    snprintf(out, 32, "%s", id);
}

Test(adjustments, create_retrieve_list_delete_round_trip_moves_stock)
{
    double before = stock_at(PLAIN_ITEM, MAIN_WH);
    tresponse r = create("quantity", "\"quantity_adjusted\":-4,\"warehouse_id\":\"" MAIN_WH "\"");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "code"), 0);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Inventory Adjustment has been added");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.reason"), "Damaged goods");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.adjustment_type"), "quantity");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.reference_number"), "REF-IA-00001");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.line_items.0.warehouse_name"), "Main Warehouse");
    cr_assert_eq(tjson_num(r.json, "inventory_adjustment.line_items.0.quantity_adjusted"), -4);
    cr_assert_eq(tjson_num(r.json, "inventory_adjustment.line_items.0.is_combo_product"), 0);
    double item_total = tjson_num(r.json, "inventory_adjustment.line_items.0.item_total");
    cr_assert_eq(tjson_num(r.json, "inventory_adjustment.total"), item_total);
    char id[32];
    id_of(&r, id);
    tresponse_free(&r);
    cr_assert_eq(stock_at(PLAIN_ITEM, MAIN_WH), before - 4);

    char path[160];
    snprintf(path, sizeof path, ADJ "/%s" ORG, id);
    r = treq("GET", path, JOHN, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(tjson_str(r.json, "message"), "success");
    cr_assert_eq(tjson_num(r.json, "inventory_adjustment.line_items.0.quantity_adjusted"), -4);
    tresponse_free(&r);

    r = treq("GET", ADJ ORG, JOHN, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments")), 1);
    cr_assert_null(tjson_get(r.json, "inventory_adjustments.0.line_items"), "list rows are summaries");
    cr_assert_eq(tjson_num(r.json, "inventory_adjustments.0.total"), item_total);
    tresponse_free(&r);

    r = treq("DELETE", path, JOHN, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(tjson_num(r.json, "code"), 0);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Inventory Adjustment(s) has been deleted");
    tresponse_free(&r);
    cr_assert_eq(stock_at(PLAIN_ITEM, MAIN_WH), before, "deleting reverses the stock change");

    r = treq("GET", path, JOHN, NULL);
    cr_assert_eq(r.status, 404);
    tresponse_free(&r);
}

Test(adjustments, value_adjustment_leaves_quantity_alone)
{
    double before = stock_at(PLAIN_ITEM, MAIN_WH);
    tresponse r = create("value", "\"value_adjusted\":125.5");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "inventory_adjustment.total"), 125.5);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.adjustment_type"), "value");
    tresponse_free(&r);
    cr_assert_eq(stock_at(PLAIN_ITEM, MAIN_WH), before);
}

Test(adjustments, location_id_and_known_reason_are_used)
{
    double before = stock_at(PLAIN_ITEM, STORE);
    tresponse r = create("quantity", "\"quantity_adjusted\":2.5,\"location_id\":\"" STORE "\"");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.line_items.0.warehouse_name"), "MG Road Store");
    tresponse_free(&r);
    cr_assert_eq(stock_at(PLAIN_ITEM, STORE), before + 2.5);
}

typedef struct invalid_case {
    char body[400];
    int code;
    char message[80];
} invalid_case;


ParameterizedTestParameters(adjustments, invalid_bodies)
{
    static invalid_case cases[] = {
        {"{\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":1}]}",
         11, "The parameter date is mandatory."},
        {"{\"date\":\"2025-02-30\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":1}]}",
         4, "Invalid value passed for date"},
        {"{\"date\":\"2025-06-15\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":1}]}",
         11, "The parameter reason is mandatory."},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":1}]}",
         11, "The parameter adjustment_type is mandatory."},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"weight\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":1}]}",
         4, "Invalid value passed for adjustment_type"},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\"}",
         11, "The parameter line_items is mandatory."},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":[]}",
         11, "The parameter line_items is mandatory."},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":{}}",
         4, "Invalid value passed for line_items"},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"quantity_adjusted\":1}]}",
         11, "The parameter item_id is mandatory."},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"4815000000000001\",\"quantity_adjusted\":1}]}",
         4, "Invalid value passed for item_id"},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\"}]}",
         11, "The parameter quantity_adjusted is mandatory."},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":\"lots\"}]}",
         4, "Invalid value passed for quantity_adjusted"},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":0}]}",
         4, "Invalid value passed for quantity_adjusted"},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":1e308}]}",
         4, "Invalid value passed for quantity_adjusted"},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"value\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"value_adjusted\":\"-2e16\"}]}",
         4, "Invalid value passed for value_adjusted"},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"value\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":1}]}",
         11, "The parameter value_adjusted is mandatory."},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":1,\"warehouse_id\":\"4815000000000002\"}]}",
         4, "Invalid value passed for warehouse_id"},
        {"{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":1,\"adjustment_account_id\":\"4815000000000003\"}]}",
         4, "Invalid value passed for adjustment_account_id"},
        {"{\"date\":\"2025-06-15\",\"reason_id\":\"4815000000000004\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":1}]}",
         4, "Invalid value passed for reason_id"},
    };
    return cr_make_param_array(invalid_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(invalid_case *c, adjustments, invalid_bodies)
{
    double before = stock_at(PLAIN_ITEM, MAIN_WH);
    tresponse r = treq("POST", ADJ ORG, JOHN, c->body);
    cr_assert_eq(r.status, 400, "%s -> %s", c->body, r.body);
    cr_assert_eq(tjson_num(r.json, "code"), c->code, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "message"), c->message);
    tresponse_free(&r);
    /* Nothing was created and no stock moved. */
    r = treq("GET", ADJ ORG, JOHN, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments")), 0);
    tresponse_free(&r);
    cr_assert_eq(stock_at(PLAIN_ITEM, MAIN_WH), before);
}

Test(adjustments, a_failing_line_changes_nothing)
{
    double before = stock_at(PLAIN_ITEM, MAIN_WH);
    tresponse r = treq("POST", ADJ ORG, JOHN,
                       "{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":["
                       "{\"item_id\":\"" PLAIN_ITEM "\",\"quantity_adjusted\":5},"
                       "{\"item_id\":\"999\",\"quantity_adjusted\":1}]}");
    cr_assert_eq(r.status, 400);
    tresponse_free(&r);
    cr_assert_eq(stock_at(PLAIN_ITEM, MAIN_WH), before);
}

Test(adjustments, list_sorts_by_date_and_filters_by_type)
{
    const char *dates[] = {"2025-06-12", "2025-06-10", "2025-06-11"};
    for (int i = 0; i < 3; i++) {
        char body[400];
        snprintf(body, sizeof body,
                 "{\"date\":\"%s\",\"reason\":\"x\",\"adjustment_type\":\"%s\",\"line_items\":[{\"item_id\":\"" PLAIN_ITEM
                 "\",\"%s\":1}]}",
                 dates[i], i == 2 ? "value" : "quantity", i == 2 ? "value_adjusted" : "quantity_adjusted");
        tresponse r = treq("POST", ADJ ORG, JOHN, body);
        cr_assert_eq(r.status, 201, "%s", r.body);
        tresponse_free(&r);
    }
    tresponse r = treq("GET", ADJ ORG "&sort_column=date&sort_order=A", JOHN, NULL);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustments.0.date"), "2025-06-10");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustments.1.date"), "2025-06-11");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustments.2.date"), "2025-06-12");
    cr_assert_str_eq(tjson_str(r.json, "page_context.sort_column"), "date");
    tresponse_free(&r);
    r = treq("GET", ADJ ORG "&sort_column=date&sort_order=D", JOHN, NULL);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustments.0.date"), "2025-06-12");
    tresponse_free(&r);
    /* Default: newest created first. */
    r = treq("GET", ADJ ORG, JOHN, NULL);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustments.0.date"), "2025-06-11");
    cr_assert_str_eq(tjson_str(r.json, "page_context.sort_column"), "created_time");
    tresponse_free(&r);
    r = treq("GET", ADJ ORG "&filter_by=AdjustmentType.Value", JOHN, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments")), 1);
    cr_assert_str_eq(tjson_str(r.json, "page_context.applied_filter"), "AdjustmentType.Value");
    tresponse_free(&r);
}

Test(adjustments, reset_restores_fixture_stock_and_drops_adjustments)
{
    double before = stock_at(PLAIN_ITEM, MAIN_WH);
    tresponse r = create("quantity", "\"quantity_adjusted\":7");
    cr_assert_eq(r.status, 201);
    tresponse_free(&r);
    cr_assert_eq(stock_at(PLAIN_ITEM, MAIN_WH), before + 7);
    r = treq("POST", "/__admin/reset?organization_id=10234695", NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    cr_assert_eq(stock_at(PLAIN_ITEM, MAIN_WH), before);
    r = treq("GET", ADJ ORG, JOHN, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments")), 0);
    tresponse_free(&r);
}

/* Several threads create adjustments (+1 each) and delete every other one
 * they made: the model must end with exactly the survivors and their stock. */
#define WORKERS 6
#define PER_WORKER 20

static void *worker(void *arg)
{
    long *kept = arg;
    for (int i = 0; i < PER_WORKER; i++) {
        tresponse r = create("quantity", "\"quantity_adjusted\":1");
        if (r.status != 201) {
            tresponse_free(&r);
            continue;
        }
        char id[32], path[160];
        id_of(&r, id);
        tresponse_free(&r);
        if (i % 2) {
            snprintf(path, sizeof path, ADJ "/%s" ORG, id);
            r = treq("DELETE", path, JOHN, NULL);
            if (r.status != 200) (*kept)++;  /* a failed delete leaves it */
            tresponse_free(&r);
        } else {
            (*kept)++;
        }
    }
    return NULL;
}

Test(adjustments, concurrent_creates_and_deletes_stay_consistent, .timeout = 120)
{
    double before = stock_at(PLAIN_ITEM, MAIN_WH);
    pthread_t threads[WORKERS];
    long kept[WORKERS] = {0};
    for (int i = 0; i < WORKERS; i++) pthread_create(&threads[i], NULL, worker, &kept[i]);
    long total = 0;
    for (int i = 0; i < WORKERS; i++) {
        pthread_join(threads[i], NULL);
        total += kept[i];
    }
    cr_assert_eq(total, WORKERS * PER_WORKER / 2, "every request succeeded");
    tresponse r = treq("GET", ADJ ORG, JOHN, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments")), total);
    /* Ids are unique. */
    const cJSON *a, *b;
    cJSON_ArrayForEach(a, tjson_get(r.json, "inventory_adjustments")) {
        int same = 0;
        cJSON_ArrayForEach(b, tjson_get(r.json, "inventory_adjustments"))
            same += strcmp(tjson_str(a, "inventory_adjustment_id"), tjson_str(b, "inventory_adjustment_id")) == 0;
        cr_assert_eq(same, 1);
    }
    tresponse_free(&r);
    cr_assert_eq(stock_at(PLAIN_ITEM, MAIN_WH), before + (double)total);
}

/* Full resets while other threads are mid-request: organizations are
 * restored in place, so nothing a request holds is freed under it (ASan
 * would end this test at the first use after free). */
static void *reader(void *arg)
{
    long *ok = arg;
    for (int i = 0; i < 40; i++) {
        tresponse r = treq("GET", ADJ ORG, JOHN, NULL);
        if (r.status == 200) (*ok)++;
        tresponse_free(&r);
    }
    return NULL;
}

Test(adjustments, full_resets_during_requests_are_safe, .timeout = 120)
{
    pthread_t threads[3];
    long ok[3] = {0};
    for (int i = 0; i < 3; i++) pthread_create(&threads[i], NULL, reader, &ok[i]);
    int resets = 0;
    for (int i = 0; i < 40; i++) {
        tresponse r = treq("POST", "/__admin/reset", NULL, NULL);
        resets += r.status == 200;
        tresponse_free(&r);
    }
    for (int i = 0; i < 3; i++) pthread_join(threads[i], NULL);
    cr_assert_eq(resets, 40);
    cr_assert_eq(ok[0] + ok[1] + ok[2], 120, "every read answered 200");
}

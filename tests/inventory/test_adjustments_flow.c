/* test_adjustments_flow.c -- item adjustments over HTTP: drafts, approval, rejection, update, places and custom fields, ids as strings or numbers */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http_client.h"

#define ORG "?organization_id=10234695"
#define JOHN "1000.full.john"
#define ADJ "/inventory/v1/inventoryadjustments"
#define SURGE "4815000000033024"    /* Surge Protector 6-outlet: 45 at Main Warehouse, 8 at MG Road Store */
#define MAIN_WH "4815000000038080"
#define STORE "4815000000038100"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(adjustments_flow, .init = start, .fini = stop);

static double surge_at(const char *location_id)
{
    return tstock_at(JOHN, "10234695", SURGE, location_id);
}

/* Creates an adjustment of Surge at Main Warehouse; its id. */
static char *create(const char *extra, double quantity)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\"%s,"
             "\"line_items\":[{\"item_id\":\"" SURGE "\",\"location_id\":\"" MAIN_WH "\",\"quantity_adjusted\":%g}]}",
             extra, quantity);
    tresponse r = treq("POST", ADJ ORG, JOHN, body);
    expect_ok(&r, 201, "Inventory Adjustment has been added");
    char *id = strdup(tjson_str(r.json, "inventory_adjustment.inventory_adjustment_id"));
    tresponse_free(&r);
    return id;
}

static tresponse act(const char *id, const char *verb, const char *body)
{
    char path[256];
    snprintf(path, sizeof path, ADJ "/%s%s" ORG, id, verb);
    return treq(*verb ? "POST" : "GET", path, JOHN, body);
}

static const char *status_of(const char *id)
{
    static char status[32];
    tresponse r = act(id, "", NULL);
    snprintf(status, sizeof status, "%s", tjson_str(r.json, "inventory_adjustment.status"));
    tresponse_free(&r);
    return status;
}

Test(adjustments_flow, a_draft_moves_stock_only_when_approved)
{
    char *id = create(",\"status\":\"draft\"", -5);
    cr_assert_str_eq(status_of(id), "draft");
    cr_assert_eq(surge_at(MAIN_WH), 45, "a draft moves nothing");

    tresponse r = act(id, "/approve", NULL);
    expect_error(&r, 400, 4250, "Inventory Adjustment cannot be approved: its status is draft.");
    tresponse_free(&r);
    r = act(id, "/submit", NULL);
    expect_ok(&r, 200, "success");
    tresponse_free(&r);
    cr_assert_str_eq(status_of(id), "pending_approval");
    r = act(id, "/reject", "{\"reason\":\"Count it again\"}");
    expect_ok(&r, 200, "success");
    tresponse_free(&r);
    r = act(id, "", NULL);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.status"), "rejected");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.rejection_reason"), "Count it again");
    tresponse_free(&r);
    cr_assert_eq(surge_at(MAIN_WH), 45);

    r = act(id, "/submit", NULL);
    tresponse_free(&r);
    r = act(id, "/approve/final", NULL);
    expect_ok(&r, 200, "success");
    tresponse_free(&r);
    cr_assert_str_eq(status_of(id), "adjusted");
    cr_assert_eq(surge_at(MAIN_WH), 40, "approval moved the stock");
    r = act(id, "/submit", NULL);
    expect_error_part(&r, 400, 4250, "adjusted");
    tresponse_free(&r);

    /* Deleting it puts the stock back; a draft's deletion moves nothing. */
    char path[256];
    snprintf(path, sizeof path, ADJ "/%s" ORG, id);
    r = treq("DELETE", path, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    cr_assert_eq(surge_at(MAIN_WH), 45);
    char *draft = create(",\"status\":\"draft\"", -5);
    snprintf(path, sizeof path, ADJ "/%s" ORG, draft);
    r = treq("DELETE", path, JOHN, NULL);
    tresponse_free(&r);
    cr_assert_eq(surge_at(MAIN_WH), 45);
    free(draft);
    free(id);
}

Test(adjustments_flow, update_replaces_the_lines_and_their_stock)
{
    char *id = create("", -5);
    cr_assert_eq(surge_at(MAIN_WH), 40);
    tresponse r = act(id, "", NULL);
    char line[32];
    snprintf(line, sizeof line, "%s", tjson_str(r.json, "inventory_adjustment.line_items.0.line_item_id"));
    tresponse_free(&r);

    char path[256], body[1024];
    snprintf(path, sizeof path, ADJ "/%s" ORG, id);
    snprintf(body, sizeof body,
             "{\"date\":\"2025-06-16\",\"reason\":\"Stolen goods\",\"adjustment_type\":\"quantity\","
             "\"line_items\":[{\"line_item_id\":\"%s\",\"item_id\":\"" SURGE "\",\"location_id\":\"" MAIN_WH "\","
             "\"quantity_adjusted\":-2},{\"item_id\":\"" SURGE "\",\"location_id\":\"" STORE "\",\"quantity_adjusted\":-3}]}",
             line);
    r = treq("PUT", path, JOHN, body);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.line_items.0.line_item_id"), line, "the named line keeps its id");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.date"), "2025-06-16");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.reason"), "Stolen goods");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustment.line_items")), 2);
    tresponse_free(&r);
    cr_assert_eq(surge_at(MAIN_WH), 43);
    cr_assert_eq(surge_at(STORE), 5);

    /* A refused update changes neither the adjustment nor the stock. */
    r = treq("PUT", path, JOHN,
             "{\"date\":\"2025-06-16\",\"reason\":\"x\",\"adjustment_type\":\"quantity\","
             "\"line_items\":[{\"line_item_id\":\"4815000000099999\",\"item_id\":\"" SURGE "\",\"quantity_adjusted\":-1}]}");
    expect_error(&r, 400, 4, "Invalid value passed for line_item_id");
    tresponse_free(&r);
    r = treq("PUT", path, JOHN, "{\"date\":\"2025-06-16\",\"reason\":\"x\",\"adjustment_type\":\"value\",\"line_items\":[]}");
    expect_error(&r, 400, 4, "Invalid value passed for adjustment_type: it cannot change.");
    tresponse_free(&r);
    cr_assert_eq(surge_at(MAIN_WH), 43);
    cr_assert_eq(surge_at(STORE), 5);
    free(id);
}

Test(adjustments_flow, place_and_custom_fields_are_printed)
{
    tresponse r = treq("POST", ADJ ORG, JOHN,
                       "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
                       "\"location_id\":\"" STORE "\",\"custom_fields\":[{\"label\":\"Ticket\",\"value\":\"T-9\"}],"
                       "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":-1}]}");
    expect_ok(&r, 201, NULL);
    const cJSON *a = tjson_get(r.json, "inventory_adjustment");
    cr_assert_str_eq(tjson_str(a, "location_id"), STORE);
    cr_assert_str_eq(tjson_str(a, "location_name"), "MG Road Store");
    cr_assert_str_eq(tjson_str(a, "line_items.0.location_id"), STORE);
    cr_assert_str_eq(tjson_str(a, "line_items.0.location_name"), "MG Road Store");
    cr_assert_str_eq(tjson_str(a, "line_items.0.warehouse_id"), STORE, "the legacy name stays");
    cr_assert_str_eq(tjson_str(a, "custom_fields.0.label"), "Ticket");
    cr_assert_str_eq(tjson_str(a, "custom_fields.0.value"), "T-9");
    cr_assert_eq(strlen(tjson_str(a, "custom_fields.0.customfield_id")), 16);
    cr_assert_str_eq(tjson_str(a, "status"), "adjusted");
    tresponse_free(&r);
    r = treq("POST", ADJ ORG, JOHN,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\",\"status\":\"approved\","
             "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":-1}]}");
    expect_error(&r, 400, 4, "Invalid value passed for status");
    tresponse_free(&r);
}

Test(adjustments_flow, ids_of_a_19_digit_organization_are_exact_strings)
{
    tresponse r = treq("POST", ADJ "?organization_id=20246810", "1000.full.meera",
                       "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
                       "\"line_items\":[{\"item_id\":\"2251466000000033001\",\"quantity_adjusted\":-1}]}");
    expect_ok(&r, 201, NULL);
    cr_assert_eq(strlen(tjson_str(r.json, "inventory_adjustment.inventory_adjustment_id")), 19, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.line_items.0.item_id"), "2251466000000033001");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.reason_id"), "2251466000000000389");
    tresponse_free(&r);
}

/* ------------------------------------------- a numeric_ids organization */

static void start_numeric(void) { tserver_start("fixtures/numeric_ids.json"); }

TestSuite(numeric_ids, .init = start_numeric, .fini = stop);

Test(numeric_ids, adjustments_and_engine_answers_print_ids_as_exact_numbers)
{
    tresponse r = treq("POST", ADJ ORG, JOHN,
                       "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
                       "\"line_items\":[{\"item_id\":4815000000033001,\"quantity_adjusted\":-1}]}");
    expect_ok(&r, 201, NULL);
    regex_t re;
    regcomp(&re, "\"inventory_adjustment_id\":([0-9]{16})[,}]", REG_EXTENDED);
    regmatch_t m[2];
    cr_assert_eq(regexec(&re, r.body, 2, m, 0), 0, "not an exact integer: %s", r.body);
    regfree(&re);
    cr_assert(strstr(r.body, "\"item_id\":4815000000033001,"), "%s", r.body);
    cr_assert(strstr(r.body, "\"reason_id\":4815000000000389,"), "%s", r.body);
    cr_assert_null(strstr(r.body, "e+15"));
    char digits[17];
    memcpy(digits, r.body + m[1].rm_so, 16);
    digits[16] = '\0';
    tresponse_free(&r);

    char path[128];
    snprintf(path, sizeof path, ADJ "/%s" ORG, digits);
    r = treq("GET", path, JOHN, NULL);
    expect_ok(&r, 200, "success");
    tresponse_free(&r);
    r = treq("GET", ADJ ORG, JOHN, NULL);
    cr_assert(strstr(r.body, digits) && !strstr(r.body, "\"inventory_adjustment_id\":\""), "%s", r.body);
    tresponse_free(&r);

    /* The engine's answers too. */
    r = treq("GET", "/inventory/v1/items/4815000000033001" ORG, JOHN, NULL);
    expect_ok(&r, 200, "success");
    cr_assert(strstr(r.body, "\"item_id\":4815000000033001,"), "%s", r.body);
    tresponse_free(&r);
}

/* test_item_groups.c -- item groups and their items, grouping, composite items and bundles, batches and serial numbers from stock, price lists */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http_client.h"

#define ORG "?organization_id=10234695"
#define JOHN "1000.full.john"
#define V1 "/inventory/v1"
#define MAIN_WH "4815000000038080"
#define SURGE "4815000000033024"    /* Surge Protector 6-outlet */
#define LAPTOP15 "4815000000033001" /* batches LAP-B2025-01 8, -02 4 (+3 in Bengaluru), -03 5 */
#define LAPTOP13 "4815000000033002" /* serial numbers */

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(item_groups, .init = start, .fini = stop);

static tresponse get(const char *fmt, const char *id, const char *query)
{
    char path[512];
    snprintf(path, sizeof path, fmt, id);
    strncat(path, ORG, sizeof path - strlen(path) - 1);
    if (query) strncat(path, query, sizeof path - strlen(path) - 1);
    return treq("GET", path, JOHN, NULL);
}

static int count_of(const char *path_query, const char *key)
{
    tresponse r = treq("GET", path_query, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    int n = cJSON_GetArraySize(tjson_get(r.json, key));
    tresponse_free(&r);
    return n;
}

Test(item_groups, a_group_makes_its_items_and_deleting_it_deletes_them)
{
    int items_before = count_of(V1 "/items" ORG, "items");
    tresponse r = treq("POST", V1 "/itemgroups" ORG, JOHN,
                       "{\"group_name\":\"Polo Shirts\",\"unit\":\"pcs\",\"attribute_name1\":\"Size\",\"items\":["
                       "{\"name\":\"Polo S\",\"rate\":20,\"purchase_rate\":9,\"sku\":\"POLO-S\",\"initial_stock\":4},"
                       "{\"name\":\"Polo M\",\"rate\":20,\"purchase_rate\":9,\"sku\":\"POLO-M\"}]}");
    expect_ok(&r, 201, "The Item Group has been created.");
    char *group = strdup(tjson_str(r.json, "group_id"));
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "items")), 2, "%s", r.body);
    char *small = strdup(tjson_str(r.json, "items.0.item_id"));
    cr_assert_eq(tjson_num(r.json, "items.0.stock_on_hand"), 4);
    tresponse_free(&r);
    cr_assert_eq(count_of(V1 "/items" ORG, "items"), items_before + 2);

    r = get(V1 "/items/%s", small, NULL);
    cr_assert_str_eq(tjson_str(r.json, "item.group_id"), group);
    cr_assert_str_eq(tjson_str(r.json, "item.group_name"), "Polo Shirts");
    cr_assert_str_eq(tjson_str(r.json, "item.unit"), "pcs");
    cr_assert_str_eq(tjson_str(r.json, "item.attribute_name1"), "Size");
    tresponse_free(&r);
    char list[256];
    snprintf(list, sizeof list, V1 "/items" ORG "&group_id=%s", group);
    cr_assert_eq(count_of(list, "items"), 2);

    /* Inactive group: inactive items. */
    char path[256];
    snprintf(path, sizeof path, V1 "/itemgroups/%s/inactive" ORG, group);
    r = treq("POST", path, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = get(V1 "/items/%s", small, NULL);
    cr_assert_str_eq(tjson_str(r.json, "item.status"), "inactive");
    tresponse_free(&r);

    /* Ungrouped, the item stays; deleting the group takes the rest. */
    snprintf(path, sizeof path, V1 "/items/ungroup" ORG "&item_ids=%s", small);
    r = treq("POST", path, JOHN, NULL);
    expect_ok(&r, 200, "The items have been ungrouped.");
    tresponse_free(&r);
    snprintf(path, sizeof path, V1 "/itemgroups/%s" ORG, group);
    r = treq("DELETE", path, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    cr_assert_eq(count_of(V1 "/items" ORG, "items"), items_before + 1);
    r = get(V1 "/items/%s", small, NULL);
    expect_ok(&r, 200, NULL);
    cr_assert_str_eq(tjson_str(r.json, "item.group_id"), "");
    tresponse_free(&r);
    free(small);
    free(group);
}

Test(item_groups, composite_items_and_bundle_statuses)
{
    tresponse r = treq("POST", V1 "/compositeitems" ORG, JOHN,
                       "{\"name\":\"Desk Kit\",\"sku\":\"KIT-DESK\",\"rate\":99,\"item_type\":\"inventory\",\"product_type\":\"goods\","
                       "\"mapped_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1},{\"item_id\":\"4815000000099999\",\"quantity\":1}]}");
    expect_error(&r, 400, 4, "Invalid value passed for item_id");
    tresponse_free(&r);
    r = treq("POST", V1 "/compositeitems" ORG, JOHN,
             "{\"name\":\"Desk Kit\",\"sku\":\"KIT-DESK\",\"rate\":99,\"item_type\":\"inventory\",\"product_type\":\"goods\","
             "\"mapped_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":2}]}");
    expect_ok(&r, 201, "The item has been added.");
    char *kit = strdup(tjson_str(r.json, "composite_item.composite_item_id"));
    cr_assert_eq(tjson_num(r.json, "composite_item.is_combo_product"), 1);
    cr_assert_eq(tjson_num(r.json, "composite_item.mapped_items.0.stock_on_hand"), 53);
    tresponse_free(&r);

    char body[1024];
    snprintf(body, sizeof body,
             "{\"date\":\"2025-06-15\",\"composite_item_id\":\"%s\",\"composite_item_name\":\"Desk Kit\",\"quantity_to_bundle\":2,"
             "\"is_completed\":false,\"line_items\":[{\"item_id\":\"" SURGE "\",\"name\":\"Surge\",\"quantity_consumed\":4,"
             "\"account_id\":\"4815000000000400\",\"location_id\":\"" MAIN_WH "\"}]}", kit);
    r = treq("POST", V1 "/bundles" ORG, JOHN, body);
    expect_ok(&r, 201, "Assembly has been created.");
    cr_assert_str_eq(tjson_str(r.json, "status"), "draft");
    cr_assert_str_eq(tjson_str(r.json, "reference_number"), "BUN-00001");
    char *bundle = strdup(tjson_str(r.json, "bundle_id"));
    tresponse_free(&r);
    char path[256];
    snprintf(path, sizeof path, V1 "/bundles/%s/bundled" ORG, bundle);
    r = treq("POST", path, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    cr_assert_str_eq(tjson_str(r.json, "bundle.status"), "bundled");
    tresponse_free(&r);
    snprintf(path, sizeof path, V1 "/bundles/%s/confirmed" ORG, bundle);
    r = treq("POST", path, JOHN, NULL);
    expect_error_part(&r, 400, 4250, "bundled");
    tresponse_free(&r);
    cr_assert_eq(count_of(V1 "/bundles" ORG "&filter_by=Status.Built", "bundles"), 1);

    /* A composite with bundles stays. */
    snprintf(path, sizeof path, V1 "/compositeitems/%s" ORG, kit);
    r = treq("DELETE", path, JOHN, NULL);
    expect_error_part(&r, 400, 4251, "1 bundle");
    tresponse_free(&r);
    free(bundle);
    free(kit);
}

Test(item_groups, batches_and_serial_numbers_come_from_the_stock_rows)
{
    tresponse r = get(V1 "/items/batches", "", "&item_id=" LAPTOP15);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "batches")), 3, "%s", r.body);
    const cJSON *b = tjson_get(r.json, "batches.1");
    cr_assert_str_eq(tjson_str(b, "batch_number"), "LAP-B2025-02");
    cr_assert_eq(tjson_num(b, "balance_quantity"), 7, "4 in Main Warehouse, 3 in Bengaluru");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(b, "associated_locations")), 2);
    char *batch = strdup(tjson_str(b, "batch_id"));
    tresponse_free(&r);

    /* A batch holding stock cannot go; renaming it renames it in stock. */
    char path[256];
    snprintf(path, sizeof path, V1 "/items/batches/%s" ORG, batch);
    r = treq("DELETE", path, JOHN, NULL);
    expect_error_part(&r, 400, 4251, "holds stock");
    tresponse_free(&r);
    r = treq("PUT", path, JOHN, "{\"batch_number\":\"LAP-B2025-02A\"}");
    expect_ok(&r, 200, "The batch has been updated.");
    tresponse_free(&r);
    r = get(V1 "/items/%s", LAPTOP15, NULL);
    cr_assert(strstr(r.body, "LAP-B2025-02A"), "%s", r.body);
    tresponse_free(&r);

    /* A new batch, before any stock holds it; not for an untracked item. */
    r = treq("POST", V1 "/items/batches" ORG, JOHN, "{\"item_id\":\"" LAPTOP15 "\",\"batch_number\":\"LAP-B2025-09\"}");
    expect_ok(&r, 201, "The batch has been created.");
    cr_assert_eq(tjson_num(r.json, "batch.balance_quantity"), 0);
    tresponse_free(&r);
    r = treq("POST", V1 "/items/batches" ORG, JOHN, "{\"item_id\":\"" LAPTOP15 "\",\"batch_number\":\"LAP-B2025-09\"}");
    expect_error_part(&r, 400, 1001, "LAP-B2025-09");
    tresponse_free(&r);
    r = treq("POST", V1 "/items/batches" ORG, JOHN, "{\"item_id\":\"" SURGE "\",\"batch_number\":\"S-1\"}");
    expect_error_part(&r, 400, 4, "not tracked by batches");
    tresponse_free(&r);
    cr_assert_eq(count_of(V1 "/items/batches" ORG "&item_id=" LAPTOP15 "&include_empty_batches=false", "batches"), 3);

    /* Serial numbers, where each is; one removed by an adjustment is transacted out. */
    r = get(V1 "/items/serialnumbers", "", "&item_id=" LAPTOP13);
    int serials = cJSON_GetArraySize(tjson_get(r.json, "serial_numbers"));
    cr_assert_gt(serials, 2);
    const char *first = tjson_str(r.json, "serial_numbers.0.serialnumber");
    char serial[64], where[32];
    snprintf(serial, sizeof serial, "%s", first);
    snprintf(where, sizeof where, "%s", tjson_str(r.json, "serial_numbers.0.location_id"));
    tresponse_free(&r);
    char body[512];
    snprintf(body, sizeof body,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\",\"line_items\":"
             "[{\"item_id\":\"" LAPTOP13 "\",\"location_id\":\"%s\",\"quantity_adjusted\":-1,\"serial_numbers\":[\"%s\"]}]}",
             where, serial);
    r = treq("POST", V1 "/inventoryadjustments" ORG, JOHN, body);
    expect_ok(&r, 201, NULL);
    tresponse_free(&r);
    cr_assert_eq(count_of(V1 "/items/serialnumbers" ORG "&item_id=" LAPTOP13, "serial_numbers"), serials);
    cr_assert_eq(count_of(V1 "/items/serialnumbers" ORG "&item_id=" LAPTOP13 "&show_transacted_out=false", "serial_numbers"),
                 serials - 1);
    free(batch);
}

Test(item_groups, price_lists)
{
    tresponse r = treq("POST", V1 "/pricebooks" ORG, JOHN,
                       "{\"name\":\"Wholesale\",\"pricebook_type\":\"per_item\",\"sales_or_purchase_type\":\"sales\","
                       "\"pricebook_items\":[{\"item_id\":\"" SURGE "\",\"pricebook_rate\":25}]}");
    expect_ok(&r, 201, "Price list has been created.");
    cr_assert_eq(strlen(tjson_str(r.json, "pricebook.pricebook_items.0.pricebook_item_id")), 16);
    cr_assert_eq(tjson_num(r.json, "pricebook.decimal_place"), 1, "a value the document allows");
    tresponse_free(&r);
    r = treq("POST", V1 "/pricebooks" ORG, JOHN,
             "{\"name\":\"wholesale\",\"pricebook_type\":\"per_item\",\"sales_or_purchase_type\":\"sales\"}");
    expect_error_part(&r, 400, 1001, "wholesale");
    tresponse_free(&r);
    r = treq("POST", V1 "/pricebooks" ORG, JOHN,
             "{\"name\":\"Markup\",\"pricebook_type\":\"fixed_percentage\",\"percentage\":150,\"sales_or_purchase_type\":\"sales\"}");
    expect_error(&r, 400, 4, "Invalid value passed for percentage");
    tresponse_free(&r);
    cr_assert_eq(count_of(V1 "/pricebooks" ORG "&filter_by=SalesOrPurchaseType.Purchases", "pricebooks"), 0);
    cr_assert_eq(count_of(V1 "/pricebooks" ORG "&filter_by=SalesOrPurchaseType.Sales", "pricebooks"), 1);
}

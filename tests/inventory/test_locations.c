/* test_locations.c -- locations, bins and zones over HTTP, kept in step with the core model the stock code uses; the legacy warehouse lists */
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
#define STORE "4815000000038100"
#define SURGE "4815000000033024"    /* Surge Protector 6-outlet: 45 at Main Warehouse, 8 at MG Road Store */
#define RACK_A1 "4815000000050000"  /* a bin of Main Warehouse */

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(locations, .init = start, .fini = stop);

static char *create(const char *path, const char *body, const char *key, const char *id_field)
{
    tresponse r = treq("POST", path, JOHN, body);
    cr_assert_eq(tjson_num(r.json, "code"), 0, "%s", r.body);
    char where[96];
    snprintf(where, sizeof where, "%s.%s", key, id_field);
    char *id = strdup(tjson_str(r.json, where));
    tresponse_free(&r);
    return id;
}

static tresponse call(const char *method, const char *path_fmt, const char *id, const char *body)
{
    char path[512];
    snprintf(path, sizeof path, path_fmt, id);
    return treq(method, path, JOHN, body);
}

static tresponse adjust_at(const char *location_id, const char *storage_id, double quantity)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
             "\"line_items\":[{\"item_id\":\"" SURGE "\",\"location_id\":\"%s\",%s%s%s\"quantity_adjusted\":%g}]}",
             location_id, storage_id ? "\"storage_id\":\"" : "", storage_id ? storage_id : "",
             storage_id ? "\"," : "", quantity);
    return treq("POST", V1 "/inventoryadjustments" ORG, JOHN, body);
}

/* The location's entry in an item's locations[]; NULL when absent. */
static const cJSON *item_location(const tresponse *item, const char *location_id)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, tjson_get(item->json, "item.locations"))
        if (!strcmp(tjson_str(l, "location_id"), location_id)) return l;
    return NULL;
}

Test(locations, a_new_location_is_one_the_stock_code_can_use)
{
    char *id = create(V1 "/locations" ORG,
                      "{\"location_name\":\"Pune Depot\",\"tax_settings_id\":\"1\",\"address\":{\"city\":\"Pune\"}}",
                      "locations", "location_id");
    tresponse r = call("GET", V1 "/locations/%s" ORG, id, NULL);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "location.location_name"), "Pune Depot");
    cr_assert_str_eq(tjson_str(r.json, "location.type"), "general");
    cr_assert_str_eq(tjson_str(r.json, "location.status"), "active");
    cr_assert_str_eq(tjson_str(r.json, "location.address.city"), "Pune");
    cr_assert_eq(tjson_num(r.json, "location.is_primary_location"), 0);
    tresponse_free(&r);

    /* Listed, in creation order after the fixture's. */
    r = treq("GET", V1 "/locations" ORG, JOHN, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "locations")), 4);
    cr_assert_str_eq(tjson_str(r.json, "locations.3.location_id"), id);
    tresponse_free(&r);

    /* Stock can be adjusted there, and items show it. */
    r = adjust_at(id, NULL, 6);
    expect_ok(&r, 201, NULL);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.location_name"), "Pune Depot");
    tresponse_free(&r);
    r = call("GET", V1 "/items/%s" ORG, SURGE, NULL);
    const cJSON *l = item_location(&r, id);
    cr_assert_not_null(l, "%s", r.body);
    cr_assert_str_eq(tjson_str(l, "location_name"), "Pune Depot");
    cr_assert_str_eq(tjson_str(l, "location_stock_on_hand"), "6");
    tresponse_free(&r);

    /* Renamed: items print the new name. */
    r = call("PUT", V1 "/locations/%s" ORG, id, "{\"location_name\":\"Pune Hub\",\"tax_settings_id\":\"1\"}");
    expect_ok(&r, 200, "Location has been updated.");
    tresponse_free(&r);
    r = call("GET", V1 "/items/%s" ORG, SURGE, NULL);
    cr_assert_str_eq(tjson_str(item_location(&r, id), "location_name"), "Pune Hub");
    tresponse_free(&r);

    /* It holds stock: deleting is refused; once empty it goes, from items too. */
    r = call("DELETE", V1 "/locations/%s" ORG, id, NULL);
    expect_error_part(&r, 400, 4251, "Pune Hub");
    tresponse_free(&r);
    free(create(V1 "/locations" ORG, "{\"location_name\":\"Empty Shed\",\"tax_settings_id\":\"1\"}", "locations",
                "location_id"));
    r = treq("GET", V1 "/locations" ORG "&search_text=shed", JOHN, NULL);
    char *shed = strdup(tjson_str(r.json, "locations.0.location_id"));
    tresponse_free(&r);
    r = call("DELETE", V1 "/locations/%s" ORG, shed, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = call("GET", V1 "/items/%s" ORG, SURGE, NULL);
    cr_assert_null(item_location(&r, shed));
    tresponse_free(&r);
    r = adjust_at(shed, NULL, 1);
    expect_error(&r, 400, 4, "Invalid value passed for location_id");
    tresponse_free(&r);
    free(shed);
    free(id);
}

Test(locations, names_are_unique_and_references_exist)
{
    tresponse r = treq("POST", V1 "/locations" ORG, JOHN, "{\"location_name\":\"main warehouse\",\"tax_settings_id\":\"1\"}");
    expect_error(&r, 400, 1001, "The location_name main warehouse already exists.");
    tresponse_free(&r);
    r = treq("POST", V1 "/locations" ORG, JOHN,
             "{\"location_name\":\"Sub\",\"tax_settings_id\":\"1\",\"parent_location_id\":\"4815000000099999\"}");
    expect_error(&r, 400, 4, "Invalid value passed for parent_location_id");
    tresponse_free(&r);
    r = treq("POST", V1 "/locations" ORG, JOHN, "{\"location_name\":\"Sub\",\"tax_settings_id\":\"1\",\"user_ids\":\"42\"}");
    expect_error(&r, 400, 4, "Invalid value passed for user_ids");
    tresponse_free(&r);
    r = treq("POST", V1 "/locations" ORG, JOHN, "{\"location_name\":\"Sub\"}");
    expect_error(&r, 400, 11, "The parameter tax_settings_id is mandatory.");
    tresponse_free(&r);
}

Test(locations, mark_as_primary_moves_the_default_and_the_primary_is_protected)
{
    tresponse r = call("POST", V1 "/locations/%s/inactive" ORG, MAIN_WH, NULL);
    expect_error_part(&r, 400, 4250, "primary");
    tresponse_free(&r);
    r = call("POST", V1 "/locations/%s/markasprimary" ORG, STORE, NULL);
    expect_ok(&r, 200, "The location has been marked as primary.");
    tresponse_free(&r);
    r = treq("GET", V1 "/locations" ORG, JOHN, NULL);
    const cJSON *l;
    cJSON_ArrayForEach(l, tjson_get(r.json, "locations"))
        cr_assert_eq(tjson_num(l, "is_primary"), !strcmp(tjson_str(l, "location_id"), STORE), "%s", r.body);
    tresponse_free(&r);
    /* An adjustment line without a place goes to the primary location now. */
    r = treq("POST", V1 "/inventoryadjustments" ORG, JOHN,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
             "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":-1}]}");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.line_items.0.location_id"), STORE, "%s", r.body);
    tresponse_free(&r);
    cr_assert_eq(tstock_at(JOHN, "10234695", SURGE, STORE), 7);
    /* The old primary can go inactive now, and is listed so. */
    r = call("POST", V1 "/locations/%s/inactive" ORG, MAIN_WH, NULL);
    expect_ok(&r, 200, "The location has been marked as inactive.");
    tresponse_free(&r);
    r = call("GET", V1 "/locations/%s" ORG, MAIN_WH, NULL);
    cr_assert_str_eq(tjson_str(r.json, "location.status"), "inactive");
    cr_assert_eq(tjson_num(r.json, "location.is_location_active"), 0);
    tresponse_free(&r);
    r = call("POST", V1 "/locations/%s/markasprimary" ORG, MAIN_WH, NULL);
    expect_error_part(&r, 400, 4250, "inactive");
    tresponse_free(&r);
}

Test(locations, bins_and_zones_follow_the_core_bins)
{
    char *zone = create(V1 "/storagezones" ORG, "{\"zone_name\":\"Mezzanine\",\"location_id\":\"" MAIN_WH "\"}",
                        "storage_zone", "storage_zone_id");
    char body[300];
    snprintf(body, sizeof body, "{\"name\":\"Mezz 01\",\"storage_zone_id\":\"%s\"}", zone);
    char *bin = create(V1 "/storagelocations" ORG, body, "storage_location", "storage_id");
    tresponse r = call("GET", V1 "/storagelocations/%s" ORG, bin, NULL);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "storage_location.location_id"), MAIN_WH);
    cr_assert_str_eq(tjson_str(r.json, "storage_location.zone_name"), "Mezzanine");
    cr_assert_eq(tjson_num(r.json, "storage_location.balance_quantity"), 0);
    tresponse_free(&r);

    /* The stock code puts stock in the new bin. */
    r = adjust_at(MAIN_WH, bin, 4);
    expect_ok(&r, 201, NULL);
    tresponse_free(&r);
    r = call("GET", V1 "/storagelocations/%s" ORG, bin, NULL);
    cr_assert_eq(tjson_num(r.json, "storage_location.balance_quantity"), 4);
    tresponse_free(&r);
    r = call("GET", V1 "/locations/%s" ORG, MAIN_WH, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "location.storages")), 5);
    tresponse_free(&r);
    char query[256];
    snprintf(query, sizeof query, V1 "/storagelocations" ORG "&item_id=" SURGE "&show_stock_only_bins=true");
    r = treq("GET", query, JOHN, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "storage_locations")), 1, "%s", r.body);
    tresponse_free(&r);

    /* A bin of another location, a zone with bins, a bin with stock: refused. */
    snprintf(body, sizeof body, "{\"name\":\"X\",\"storage_zone_id\":\"%s\",\"location_id\":\"" STORE "\"}", zone);
    r = treq("POST", V1 "/storagelocations" ORG, JOHN, body);
    expect_error_part(&r, 400, 4, "storage_zone_id");
    tresponse_free(&r);
    r = call("DELETE", V1 "/storagezones/%s" ORG, zone, NULL);
    expect_error_part(&r, 400, 4251, "1 bin");
    tresponse_free(&r);
    r = call("DELETE", V1 "/storagelocations/%s" ORG, bin, NULL);
    expect_error_part(&r, 400, 4251, "Mezz 01");
    tresponse_free(&r);
    free(zone);
    free(bin);
}

Test(locations, bins_switch_off_only_without_stock_in_bins)
{
    tresponse r = call("POST", V1 "/locations/%s/storagelocations/disable" ORG, MAIN_WH, NULL);
    expect_error_part(&r, 400, 4250, "holding stock in bins");
    tresponse_free(&r);
    r = call("POST", V1 "/settings/warehouses/%s/storagelocations/enable" ORG, STORE, NULL);
    expect_ok(&r, 200, "The bin locations have been enabled.");
    tresponse_free(&r);
    r = call("GET", V1 "/locations/%s" ORG, STORE, NULL);
    cr_assert_eq(tjson_num(r.json, "location.is_storage_location_enabled"), 1);
    tresponse_free(&r);
    r = call("POST", V1 "/locations/%s/storagelocations/disable" ORG, STORE, NULL);
    expect_ok(&r, 200, "The bin locations have been disabled.");
    tresponse_free(&r);
}

Test(locations, legacy_warehouse_lists)
{
    const char *paths[] = {V1 "/warehouses" ORG, V1 "/settings/warehouses" ORG};
    for (int i = 0; i < 2; i++) {
        tresponse r = treq("GET", paths[i], JOHN, NULL);
        expect_ok(&r, 200, "success");
        cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "warehouses")), 3);
        cr_assert_str_eq(tjson_str(r.json, "warehouses.0.warehouse_id"), MAIN_WH);
        cr_assert_str_eq(tjson_str(r.json, "warehouses.0.warehouse_name"), "Main Warehouse");
        cr_assert_eq(tjson_num(r.json, "warehouses.0.is_primary"), 1);
        cr_assert_eq(tjson_num(r.json, "warehouses.0.is_storage_location_enabled"), 1);
        cr_assert_str_eq(tjson_str(r.json, "warehouses.2.status"), "active");
        tresponse_free(&r);
    }
}

Test(locations, users_of_a_location)
{
    tresponse r = call("GET", V1 "/locations/%s/users" ORG, MAIN_WH, NULL);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "users")), 3, "every user, for a location of all users");
    tresponse_free(&r);
    char *id = create(V1 "/locations" ORG,
                      "{\"location_name\":\"John's Kiosk\",\"tax_settings_id\":\"1\",\"user_ids\":\"4815000000012345\"}",
                      "locations", "location_id");
    r = call("GET", V1 "/locations/%s/users" ORG, id, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "users")), 1);
    cr_assert_str_eq(tjson_str(r.json, "users.0.name"), "John Smith");
    tresponse_free(&r);
    free(id);
}

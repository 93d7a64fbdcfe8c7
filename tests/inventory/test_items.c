/* test_items.c -- items over HTTP: create with opening stock, update, delete, the core item in step, filters, images, 19-digit ids */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http_client.h"

#define ORG "?organization_id=10234695"
#define JOHN "1000.full.john"
#define ITEMS "/inventory/v1/items"
#define ADJ "/inventory/v1/inventoryadjustments"
#define MAIN_WH "4815000000038080"
#define BLR_WH "4815000000038090"
#define STORE "4815000000038100"
#define SURGE "4815000000033024"    /* Surge Protector 6-outlet: 45 at Main Warehouse, 8 at MG Road Store */

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(items, .init = start, .fini = stop);

/* ------------------------------------------------------------- helpers */

/* Creates an item from a JSON body; its id. */
static char *item_create(const char *body)
{
    tresponse r = treq("POST", ITEMS ORG, JOHN, body);
    expect_ok(&r, 200, "The item has been added.");
    char *id = strdup(tjson_str(r.json, "item.item_id"));
    tresponse_free(&r);
    return id;
}

static tresponse item_get(const char *id)
{
    char path[160];
    snprintf(path, sizeof path, ITEMS "/%s" ORG, id);
    return treq("GET", path, JOHN, NULL);
}

static tresponse item_call(const char *method, const char *id, const char *tail, const char *body)
{
    char path[512];
    snprintf(path, sizeof path, ITEMS "/%s%s" ORG, id, tail);
    return treq(method, path, JOHN, body);
}

/* A quantity adjustment of one line; the answer. */
static tresponse adjust(const char *item_id, const char *location_id, double quantity)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
             "\"line_items\":[{\"item_id\":\"%s\",\"location_id\":\"%s\",\"quantity_adjusted\":%g}]}",
             item_id, location_id, quantity);
    return treq("POST", ADJ ORG, JOHN, body);
}

/* The names of a list answer's items, "a|b|c". */
static void names_of(const tresponse *r, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    const cJSON *e;
    cJSON_ArrayForEach(e, tjson_get(r->json, "items"))
        n += (size_t)snprintf(out + n, size - n, "%s%s", n ? "|" : "", tjson_str(e, "name"));
}

static int list_count(const char *query)
{
    char path[512];
    snprintf(path, sizeof path, ITEMS ORG "&per_page=200%s", query);
    tresponse r = treq("GET", path, JOHN, NULL);
    expect_ok(&r, 200, "success");
    int n = cJSON_GetArraySize(tjson_get(r.json, "items"));
    tresponse_free(&r);
    return n;
}

/* ------------------------------------------------------ create, update */

Test(items, create_with_opening_stock_makes_a_core_item_the_stock_code_moves)
{
    char *id = item_create("{\"name\":\"Desk Lamp\",\"sku\":\"LMP-01\",\"rate\":24.5,\"purchase_rate\":11,"
                           "\"unit\":\"pcs\",\"locations\":[{\"location_id\":\"" BLR_WH "\",\"initial_stock\":12,"
                           "\"initial_stock_rate\":11}]}");
    tresponse r = item_get(id);
    expect_ok(&r, 200, "success");
    const cJSON *item = tjson_get(r.json, "item");
    cr_assert_str_eq(tjson_str(item, "name"), "Desk Lamp");
    cr_assert_str_eq(tjson_str(item, "item_type"), "inventory", "Zoho's default");
    cr_assert_str_eq(tjson_str(item, "product_type"), "goods");
    cr_assert_str_eq(tjson_str(item, "status"), "active");
    cr_assert_eq(tjson_num(item, "purchase_rate"), 11);
    cr_assert_eq(tjson_num(item, "can_be_sold"), 1);
    cr_assert_eq(tjson_num(item, "track_inventory"), 1);
    cr_assert_not_null(tjson_str(item, "created_time"));
    cr_assert_eq(tjson_num(item, "stock_on_hand"), 12);
    cr_assert_str_eq(tjson_str(item, "locations.1.location_id"), BLR_WH);
    cr_assert_str_eq(tjson_str(item, "locations.1.location_stock_on_hand"), "12");
    cr_assert_eq(tjson_num(item, "warehouses.1.warehouse_stock_on_hand"), 12);
    cr_assert_eq(tjson_num(item, "warehouses.0.warehouse_stock_on_hand"), 0);
    cr_assert_null(tjson_get(item, "opening_stock"), "kept, not printed with the item");
    tresponse_free(&r);

    /* The opening stock as /variants/{id}/openingstock shows it. */
    char path[200];
    snprintf(path, sizeof path, "/inventory/v1/variants/%s/openingstock" ORG, id);
    r = treq("GET", path, JOHN, NULL);
    expect_ok(&r, 200, "success");
    cr_assert_eq(tjson_num(r.json, "opening_stock.initial_stock"), 12);
    cr_assert_str_eq(tjson_str(r.json, "opening_stock.locations.0.location_id"), BLR_WH);
    tresponse_free(&r);

    /* The adjustments API works on the new item: it is a core item too. */
    r = adjust(id, BLR_WH, -2);
    expect_ok(&r, 201, "Inventory Adjustment has been added");
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.line_items.0.name"), "Desk Lamp");
    tresponse_free(&r);
    cr_assert_eq(tstock_at(JOHN, "10234695", id, BLR_WH), 10);

    /* Renaming the record renames the core item. */
    r = item_call("PUT", id, "", "{\"name\":\"Desk Lamp LED\",\"rate\":26}");
    expect_ok(&r, 200, "Item details have been updated");
    cr_assert_str_eq(tjson_str(r.json, "item.sku"), "LMP-01", "update keeps what was not sent");
    tresponse_free(&r);
    r = adjust(id, BLR_WH, 1);
    cr_assert_str_eq(tjson_str(r.json, "inventory_adjustment.line_items.0.name"), "Desk Lamp LED", "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "inventory_adjustment.line_items.0.item_total"), 26);
    tresponse_free(&r);
    free(id);
}

Test(items, opening_stock_replaced_moves_the_rows_by_the_difference)
{
    char *id = item_create("{\"name\":\"Tool Box\",\"initial_stock\":5,\"initial_stock_rate\":3}");
    cr_assert_eq(tstock_at(JOHN, "10234695", id, MAIN_WH), 5, "a top-level opening stock is the primary location's");
    tresponse r = adjust(id, MAIN_WH, 2);
    tresponse_free(&r);
    char path[200];
    snprintf(path, sizeof path, "/inventory/v1/variants/%s/openingstock" ORG, id);
    r = treq("PUT", path, JOHN, "{\"locations\":[{\"location_id\":\"" STORE "\",\"initial_stock\":4}]}");
    expect_ok(&r, 200, "The opening stock has been updated.");
    tresponse_free(&r);
    cr_assert_eq(tstock_at(JOHN, "10234695", id, MAIN_WH), 2, "the old opening stock is taken back, the adjustment stays");
    cr_assert_eq(tstock_at(JOHN, "10234695", id, STORE), 4);
    /* Serial numbers for an item not tracked by them are refused; nothing changes. */
    r = treq("PUT", path, JOHN, "{\"locations\":[{\"location_id\":\"" STORE "\",\"initial_stock\":1,\"serial_numbers\":[\"X\"]}]}");
    expect_error_part(&r, 400, 4, "serial_numbers");
    tresponse_free(&r);
    cr_assert_eq(tstock_at(JOHN, "10234695", id, STORE), 4);
    free(id);
}

Test(items, create_refusals_name_the_field_and_change_nothing)
{
    int before = list_count("");
    tresponse r = treq("POST", ITEMS ORG, JOHN, "{\"rate\":1}");
    expect_error(&r, 400, 11, "The parameter name is mandatory.");
    tresponse_free(&r);
    r = treq("POST", ITEMS ORG, JOHN, "{\"name\":\"X\",\"sku\":\"SRG-6-OUT\"}");
    expect_error(&r, 400, 1001, "The sku SRG-6-OUT already exists.");
    tresponse_free(&r);
    r = treq("POST", ITEMS ORG, JOHN, "{\"name\":\"X\",\"item_type\":\"gadget\"}");
    expect_error(&r, 400, 4, "Invalid value passed for item_type");
    tresponse_free(&r);
    r = treq("POST", ITEMS ORG, JOHN, "{\"name\":\"X\",\"rate\":-1}");
    expect_error(&r, 400, 4, "Invalid value passed for rate");
    tresponse_free(&r);
    r = treq("POST", ITEMS ORG, JOHN, "{\"name\":\"X\",\"locations\":[{\"location_id\":\"4815000000099999\",\"initial_stock\":1}]}");
    expect_error(&r, 400, 4, "Invalid value passed for location_id");
    tresponse_free(&r);
    r = treq("POST", ITEMS ORG, JOHN, "{\"name\":\"X\",\"locations\":[{\"location_id\":\"" MAIN_WH "\",\"initial_stock\":-3}]}");
    expect_error(&r, 400, 4, "Invalid value passed for initial_stock");
    tresponse_free(&r);
    cr_assert_eq(list_count(""), before);
}

/* --------------------------------------------------------------- delete */

Test(items, delete_refused_while_in_use_and_the_core_item_goes_with_the_record)
{
    tresponse r = adjust(SURGE, MAIN_WH, -1);
    tresponse_free(&r);
    r = item_call("DELETE", SURGE, "", NULL);
    expect_error(&r, 400, 4251, "The item Surge Protector 6-outlet cannot be deleted: it is used in 1 inventory adjustment.");
    tresponse_free(&r);
    r = item_get(SURGE);
    expect_ok(&r, 200, "success");
    tresponse_free(&r);

    char *id = item_create("{\"name\":\"Spare Fuse\",\"locations\":[{\"location_id\":\"" MAIN_WH "\",\"initial_stock\":3}]}");
    r = item_call("DELETE", id, "", NULL);
    expect_ok(&r, 200, "The item has been deleted.");
    tresponse_free(&r);
    r = item_get(id);
    expect_error(&r, 404, 1002, "Item does not exist.");
    tresponse_free(&r);
    /* The stock code no longer knows it either. */
    r = adjust(id, MAIN_WH, 1);
    expect_error(&r, 400, 4, "Invalid value passed for item_id");
    tresponse_free(&r);
    free(id);

    /* Bulk delete is all or nothing. */
    char *a = item_create("{\"name\":\"Bulk A\"}");
    char path[256];
    snprintf(path, sizeof path, ITEMS ORG "&item_ids=%s," SURGE, a);
    r = treq("DELETE", path, JOHN, NULL);
    expect_error_part(&r, 400, 4251, "Surge Protector");
    tresponse_free(&r);
    r = item_get(a);
    expect_ok(&r, 200, "success");
    tresponse_free(&r);
    free(a);
}

/* ---------------------------------------------------------------- lists */

Test(items, list_defaults_to_name_ascending_and_applies_every_filter)
{
    tresponse r = treq("GET", ITEMS ORG "&per_page=3", JOHN, NULL);
    expect_ok(&r, 200, "success");
    char names[512];
    names_of(&r, names, sizeof names);
    cr_assert_str_eq(names, "27-inch 4K Monitor|AA Batteries (Pack of 4)|Bluetooth Headphones");
    cr_assert_str_eq(tjson_str(r.json, "page_context.sort_order"), "A");
    cr_assert_not_null(tjson_get(r.json, "items.0.stock_on_hand"), "list rows carry the live stock");
    tresponse_free(&r);

    r = treq("GET", ITEMS ORG "&name_startswith=laptop&sort_column=rate&sort_order=D", JOHN, NULL);
    names_of(&r, names, sizeof names);
    cr_assert_str_eq(names, "Laptop 15-inch|Laptop 13-inch|Laptop Sleeve 15-inch");
    tresponse_free(&r);

    cr_assert_eq(list_count("&sku=SRG-6-OUT"), 1);
    cr_assert_eq(list_count("&name_contains=cable"), 2);
    int cheap = list_count("&rate_less_than=10");
    cr_assert_gt(cheap, 0);
    cr_assert_eq(cheap + list_count("&rate_greater_equals=10"), list_count(""));
    cr_assert_eq(list_count("&item_id=" SURGE), 1);
    cr_assert_eq(list_count("&filter_by=ItemType.Service"), 0);

    /* MG Road Store: the items with stock rows there. */
    int at_store = list_count("&location_id=" STORE);
    cr_assert_gt(at_store, 0);
    cr_assert_lt(at_store, list_count(""));
    cr_assert_eq(list_count("&warehouse_id=" STORE), at_store);

    /* Inactive, then the status filters. */
    tresponse m = item_call("POST", SURGE, "/inactive", NULL);
    expect_ok(&m, 200, "The item has been marked as Inactive.");
    tresponse_free(&m);
    cr_assert_eq(list_count("&filter_by=Status.Inactive"), 1);
    cr_assert_eq(list_count("&status=inactive"), 1);
    cr_assert_eq(list_count("&filter_by=Status.Active") + 1, list_count(""));

    /* A service item. */
    free(item_create("{\"name\":\"Installation\",\"product_type\":\"service\",\"item_type\":\"sales\"}"));
    cr_assert_eq(list_count("&filter_by=ItemType.Service"), 1);
    cr_assert_eq(list_count("&filter_by=ItemType.Sales"), 1);

    /* Sorted by a live figure. */
    r = treq("GET", ITEMS ORG "&sort_column=stock_on_hand&sort_order=D&per_page=1", JOHN, NULL);
    cr_assert_str_eq(tjson_str(r.json, "items.0.name"), "Copper Wire 1.5mm", "%s", r.body);
    tresponse_free(&r);

    r = treq("GET", ITEMS ORG "&filter_by=Status.Nothing", JOHN, NULL);
    expect_error(&r, 400, 2, "Invalid value passed for filter_by");
    tresponse_free(&r);
}

Test(items, itemdetails_prints_each_item_in_full)
{
    tresponse r = treq("GET", "/inventory/v1/itemdetails" ORG "&item_ids=" SURGE ",4815000000033001", JOHN, NULL);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "items")), 2);
    cr_assert_str_eq(tjson_str(r.json, "items.0.item_id"), SURGE);
    cr_assert_str_eq(tjson_str(r.json, "items.1.name"), "Laptop 15-inch");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "items.1.locations")), 3);
    tresponse_free(&r);
    r = treq("GET", "/inventory/v1/itemdetails" ORG "&item_ids=" SURGE ",4815000000099999", JOHN, NULL);
    expect_error(&r, 400, 2, "Invalid value passed for item_ids");
    tresponse_free(&r);
    r = treq("GET", "/inventory/v1/itemdetails" ORG, JOHN, NULL);
    expect_error(&r, 400, 11, "The parameter item_ids is mandatory.");
    tresponse_free(&r);
}

Test(items, custom_fields_merge_by_id_or_label)
{
    char path[200];
    snprintf(path, sizeof path, "/inventory/v1/item/" SURGE "/customfields" ORG);
    tresponse r = treq("PUT", path, JOHN, "{\"custom_fields\":[{\"label\":\"Warranty\",\"value\":\"2 years\"}]}");
    expect_ok(&r, 200, "Custom Fields Updated Successfully");
    tresponse_free(&r);
    r = treq("PUT", path, JOHN, "{\"label\":\"Warranty\",\"value\":\"3 years\"}");
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = item_get(SURGE);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "item.custom_fields")), 1);
    cr_assert_str_eq(tjson_str(r.json, "item.custom_fields.0.value"), "3 years");
    cr_assert_eq(strlen(tjson_str(r.json, "item.custom_fields.0.customfield_id")), 16);
    tresponse_free(&r);
    /* The body as Zoho's document types it: the array of fields. */
    r = treq("PUT", path, JOHN, "[{\"label\":\"Warranty\",\"value\":\"5 years\"}]");
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = item_get(SURGE);
    cr_assert_str_eq(tjson_str(r.json, "item.custom_fields.0.value"), "5 years");
    tresponse_free(&r);
    r = treq("PUT", path, JOHN, "{\"customfield_id\":\"4815000000000001\",\"value\":\"x\"}");
    expect_error(&r, 400, 4, "Invalid value passed for customfield_id");
    tresponse_free(&r);
}

/* --------------------------------------------------------------- images */

/* A multipart body with one file part; its length. */
static size_t multipart(char *out, size_t size, const char *field, const char *file_name, const unsigned char *data,
                        size_t len)
{
    int n = snprintf(out, size,
                     "--zmbound\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                     "Content-Type: application/octet-stream\r\n\r\n", field, file_name);
    memcpy(out + n, data, len);
    n += (int)len;
    n += snprintf(out + n, size - (size_t)n, "\r\n--zmbound--\r\n");
    return (size_t)n;
}

Test(items, an_image_uploaded_is_served_back_byte_for_byte_with_its_type)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', 0xff, 0};
    char body[1024], path[200];
    size_t len = multipart(body, sizeof body, "image", "front.png", png, sizeof png);
    snprintf(path, sizeof path, ITEMS "/" SURGE "/image" ORG);
    tresponse r = treq_bytes("POST", path, JOHN, "multipart/form-data; boundary=zmbound", body, len);
    expect_ok(&r, 200, "The item image has been uploaded.");
    tresponse_free(&r);

    r = treq("GET", path, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(r.len, sizeof png);
    cr_assert_eq(memcmp(r.body, png, sizeof png), 0);
    cr_assert(strstr(r.headers, "Content-Type: image/png"), "%s", r.headers);
    cr_assert(strstr(r.headers, "filename=\"front.png\""), "%s", r.headers);
    tresponse_free(&r);

    r = item_get(SURGE);
    cr_assert_str_eq(tjson_str(r.json, "item.image_name"), "front.png");
    cr_assert_str_eq(tjson_str(r.json, "item.image_type"), "png");
    cr_assert_eq(strlen(tjson_str(r.json, "item.image_id")), 16);
    tresponse_free(&r);

    r = treq("DELETE", path, JOHN, NULL);
    expect_ok(&r, 200, "The item image has been deleted.");
    tresponse_free(&r);
    r = treq("GET", path, JOHN, NULL);
    expect_error(&r, 404, 1002, "Image does not exist.");
    tresponse_free(&r);

    /* No file part: the image is mandatory. */
    r = treq_ct("POST", path, JOHN, "multipart/form-data; boundary=zmbound",
                "--zmbound\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--zmbound--\r\n");
    expect_error(&r, 400, 11, "The parameter image is mandatory.");
    tresponse_free(&r);
}

Test(items, several_images_reorder_and_a_back_image)
{
    char body[1024], path[200];
    snprintf(path, sizeof path, ITEMS "/" SURGE "/images" ORG);
    size_t len = multipart(body, sizeof body, "image", "a.jpg", (const unsigned char *)"AAAA", 4);
    tresponse r = treq_bytes("POST", path, JOHN, "multipart/form-data; boundary=zmbound", body, len);
    expect_ok(&r, 200, "The item images have been uploaded.");
    tresponse_free(&r);
    len = multipart(body, sizeof body, "image", "b.jpg", (const unsigned char *)"BBBB", 4);
    r = treq_bytes("POST", path, JOHN, "multipart/form-data; boundary=zmbound", body, len);
    tresponse_free(&r);
    r = item_get(SURGE);
    char first[32], second[32];
    snprintf(first, sizeof first, "%s", tjson_str(r.json, "item.documents.0"));
    snprintf(second, sizeof second, "%s", tjson_str(r.json, "item.documents.1"));
    cr_assert_str_eq(tjson_str(r.json, "item.image_name"), "a.jpg");
    tresponse_free(&r);

    char reorder[300];
    snprintf(reorder, sizeof reorder, "{\"documents\":[{\"document_id\":\"%s\",\"order\":1},{\"document_id\":\"%s\",\"order\":2}]}",
             second, first);
    r = item_call("POST", SURGE, "/images/reorder", reorder);
    expect_ok(&r, 200, "The item images have been reordered.");
    tresponse_free(&r);
    r = item_call("GET", SURGE, "/image", NULL);
    cr_assert_eq(r.len, 4);
    cr_assert_eq(memcmp(r.body, "BBBB", 4), 0, "b.jpg is now the primary image");
    cr_assert(strstr(r.headers, "Content-Type: image/jpeg"), "%s", r.headers);
    tresponse_free(&r);

    char mark[200];
    snprintf(mark, sizeof mark, "/images/%s/backimage", first);
    r = item_call("PUT", SURGE, mark, NULL);
    expect_ok(&r, 200, "The image has been marked as back image.");
    tresponse_free(&r);
    r = item_get(SURGE);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "item.documents")), 1);
    cr_assert_str_eq(tjson_str(r.json, "item.back_image_id"), first);
    tresponse_free(&r);

    char del[200];
    snprintf(del, sizeof del, ITEMS "/" SURGE "/images" ORG "&document_ids=4815000000099999");
    r = treq("DELETE", del, JOHN, NULL);
    expect_error(&r, 400, 2, "Invalid value passed for document_ids");
    tresponse_free(&r);
}

/* -------------------------------------------------------- 19-digit ids */

Test(items, an_organization_with_19_digit_ids_keeps_every_digit)
{
    tresponse r = treq("POST", ITEMS "?organization_id=20246810", "1000.full.meera",
                       "{\"name\":\"Stretch Film\",\"locations\":[{\"location_id\":\"2251466000000038080\",\"initial_stock\":9}]}");
    expect_ok(&r, 200, NULL);
    const char *id = tjson_str(r.json, "item.item_id");
    cr_assert_eq(strlen(id), 19, "%s", r.body);
    cr_assert(strncmp(id, "22514660000001", 14) == 0, "generated after the fixture's ids: %s", id);
    char path[200];
    snprintf(path, sizeof path, ITEMS "/%s?organization_id=20246810", id);
    tresponse_free(&r);
    r = treq("GET", path, "1000.full.meera", NULL);
    expect_ok(&r, 200, "success");
    cr_assert(strstr(r.body, "\"location_id\":\"2251466000000038080\""), "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "item.stock_on_hand"), 9);
    tresponse_free(&r);
}

/* test_catalog_admin_oauth.c -- organizations, items, locations, users, /oauth/v2/token and /__admin over HTTP */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <criterion/criterion.h>

#include "http_client.h"

#define ORG_A "10234695"    /* John, Jane and Ravi */
#define ORG_B "10234700"    /* Jane and Arjun */
#define JOHN "1000.full.john"
#define JANE "1000.full.jane"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

/* Status, code and message of a Zoho answer. */
static void expect(const tresponse *r, long status, int code, const char *message)
{
    cr_assert_eq(r->status, status, "status %ld, body %s", r->status, r->body);
    cr_assert_not_null(r->json, "not JSON: %s", r->body);
    cr_assert_eq(tjson_num(r->json, "code"), code, "body %s", r->body);
    cr_assert_str_eq(tjson_str(r->json, "message"), message, "body %s", r->body);
}

/* Items of an organization in the fixture file, counted from the file. */
static int fixture_item_count(const char *org_id)
{
    FILE *f = fopen("fixtures/default.json", "rb");
    cr_assert_not_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    cJSON *root = cJSON_Parse(buf);
    cr_assert_not_null(root);
    int count = -1;
    const cJSON *org;
    cJSON_ArrayForEach(org, cJSON_GetObjectItemCaseSensitive(root, "organizations")) {
        if (strcmp(tjson_str(org, "organization_id"), org_id) == 0)
            count = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(org, "items"));
    }
    cJSON_Delete(root);
    cr_assert_gt(count, 0);
    return count;
}

/* ------------------------------------------------------- organizations */

TestSuite(catalog, .init = start, .fini = stop);

Test(catalog, organizations_lists_only_the_users_orgs)
{
    tresponse r = treq("GET", "/inventory/v1/organizations", JANE, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "organizations")), 2);
    cr_assert_str_eq(tjson_str(r.json, "organizations.0.organization_id"), ORG_A);
    cr_assert_str_eq(tjson_str(r.json, "organizations.0.name"), "Zylker Electronics");
    /* The organization's primary contact (its first user), whoever asks. */
    cr_assert_str_eq(tjson_str(r.json, "organizations.0.contact_name"), "John Smith");
    cr_assert_str_eq(tjson_str(r.json, "organizations.0.email"), "john.smith@zylker.com");
    cr_assert_eq(tjson_num(r.json, "organizations.0.is_default_org"), 1);
    cr_assert_str_eq(tjson_str(r.json, "organizations.0.time_zone"), "+0530");
    cr_assert_str_eq(tjson_str(r.json, "organizations.0.currency_code"), "INR");
    cr_assert_str_eq(tjson_str(r.json, "organizations.1.organization_id"), ORG_B);
    cr_assert_eq(tjson_num(r.json, "organizations.1.is_default_org"), 0);
    tresponse_free(&r);

    r = treq("GET", "/inventory/v1/organizations", JOHN, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "organizations")), 1);
    cr_assert_str_eq(tjson_str(r.json, "organizations.0.organization_id"), ORG_A);
    cr_assert_str_eq(tjson_str(r.json, "organizations.0.contact_name"), "John Smith");
    tresponse_free(&r);
}

/* --------------------------------------------------------------- items */

Test(catalog, items_pagination_is_exact)
{
    int total = fixture_item_count(ORG_A);
    tresponse r = treq("GET", "/inventory/v1/items?per_page=5&page=2", JOHN, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "items")), total >= 10 ? 5 : total - 5);
    cr_assert_eq(tjson_num(r.json, "page_context.page"), 2);
    cr_assert_eq(tjson_num(r.json, "page_context.per_page"), 5);
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), total > 10);
    cr_assert_str_eq(tjson_str(r.json, "page_context.sort_column"), "name");
    cr_assert_str_eq(tjson_str(r.json, "page_context.sort_order"), "A");     /* items: name ascending */
    cr_assert_str_eq(tjson_str(r.json, "page_context.report_name"), "Items");
    tresponse_free(&r);

    /* The last page: what is left, and nothing after it. */
    int last_page = (total + 4) / 5;
    char path[128];
    snprintf(path, sizeof path, "/inventory/v1/items?per_page=5&page=%d", last_page);
    r = treq("GET", path, JOHN, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "items")), total - (last_page - 1) * 5);
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 0);
    tresponse_free(&r);

    r = treq("GET", "/inventory/v1/items?per_page=200", JOHN, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "items")), total);
    tresponse_free(&r);
}

Test(catalog, items_sort_and_fields)
{
    tresponse r = treq("GET", "/inventory/v1/items?sort_column=name&sort_order=A&per_page=1", JOHN, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_str_eq(tjson_str(r.json, "items.0.name"), "27-inch 4K Monitor");
    cr_assert_str_eq(tjson_str(r.json, "items.0.item_id"), "4815000000033006");
    cr_assert_str_eq(tjson_str(r.json, "items.0.sku"), "MON-27-4K");
    cr_assert_str_eq(tjson_str(r.json, "items.0.unit"), "pcs");
    cr_assert_eq(tjson_num(r.json, "items.0.rate"), 329);
    cr_assert_str_eq(tjson_str(r.json, "items.0.status"), "active");
    cr_assert_eq(tjson_num(r.json, "items.0.track_serial_number"), 1);
    cr_assert_eq(tjson_num(r.json, "items.0.track_batch_number"), 0);
    cr_assert_eq(tjson_num(r.json, "items.0.is_storage_location_enabled"), 1);
    double soh = tjson_num(r.json, "items.0.stock_on_hand");
    cr_assert(!isnan(soh));
    cr_assert_eq(tjson_num(r.json, "items.0.available_stock"), soh);
    cr_assert_eq(tjson_num(r.json, "items.0.actual_available_stock"), soh);
    tresponse_free(&r);

    r = treq("GET", "/inventory/v1/items?sort_column=rate&sort_order=D&per_page=1", JOHN, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_str_eq(tjson_str(r.json, "items.0.name"), "Laptop 15-inch");
    tresponse_free(&r);

    r = treq("GET", "/inventory/v1/items?sort_column=color", JOHN, NULL);
    expect(&r, 400, 2, "Invalid value passed for sort_column");
    tresponse_free(&r);
}

Test(catalog, items_search_text_matches_name_or_sku)
{
    tresponse r = treq("GET", "/inventory/v1/items?search_text=laptop&sort_order=A", JOHN, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "items")), 3);
    cr_assert_str_eq(tjson_str(r.json, "items.0.name"), "Laptop 13-inch");
    cr_assert_str_eq(tjson_str(r.json, "items.1.name"), "Laptop 15-inch");
    cr_assert_str_eq(tjson_str(r.json, "items.2.name"), "Laptop Sleeve 15-inch");
    cr_assert_str_eq(tjson_str(r.json, "page_context.search_text"), "laptop");
    tresponse_free(&r);

    r = treq("GET", "/inventory/v1/items?search_text=CBL-", JOHN, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "items")), 2);
    tresponse_free(&r);

    r = treq("GET", "/inventory/v1/items?filter_by=Status.Inactive", JOHN, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "items")), 0);
    tresponse_free(&r);
}

Test(catalog, unknown_item_is_404_1002)
{
    tresponse r = treq("GET", "/inventory/v1/items/4815000000099999", JOHN, NULL);
    expect(&r, 404, 1002, "Item does not exist.");
    tresponse_free(&r);
    /* An item of another organization does not exist in this one. */
    r = treq("GET", "/inventory/v1/items/4816000000033001?organization_id=" ORG_A, JANE, NULL);
    expect(&r, 404, 1002, "Item does not exist.");
    tresponse_free(&r);
}

Test(catalog, item_detail_has_stock_for_every_location)
{
    /* Laptop 15-inch: batches in two bins of Main Warehouse (12 + 5) and
     * one bin of Bengaluru (3); nothing at MG Road Store. */
    tresponse r = treq("GET", "/inventory/v1/items/4815000000033001", JOHN, NULL);
    expect(&r, 200, 0, "success");
    const cJSON *item = tjson_get(r.json, "item");
    cr_assert_str_eq(tjson_str(item, "item_id"), "4815000000033001");
    cr_assert_str_eq(tjson_str(item, "name"), "Laptop 15-inch");
    cr_assert_eq(tjson_num(item, "stock_on_hand"), 20);

    /* Zoho's document types the per-location figures as strings; the
     * legacy warehouses[] keep numbers. */
    cr_assert_eq(cJSON_GetArraySize(tjson_get(item, "locations")), 3);
    cr_assert_str_eq(tjson_str(item, "locations.0.location_id"), "4815000000038080");
    cr_assert_str_eq(tjson_str(item, "locations.0.location_name"), "Main Warehouse");
    cr_assert_str_eq(tjson_str(item, "locations.0.status"), "active");
    cr_assert_eq(tjson_num(item, "locations.0.is_primary"), 1);
    cr_assert_str_eq(tjson_str(item, "locations.0.location_stock_on_hand"), "17");
    cr_assert_str_eq(tjson_str(item, "locations.0.location_available_stock"), "17");
    cr_assert_str_eq(tjson_str(item, "locations.0.location_actual_available_stock"), "17");
    cr_assert_eq(tjson_num(item, "locations.1.is_primary"), 0);
    cr_assert_str_eq(tjson_str(item, "locations.1.location_stock_on_hand"), "3");
    cr_assert_str_eq(tjson_str(item, "locations.2.location_name"), "MG Road Store");
    cr_assert_str_eq(tjson_str(item, "locations.2.location_stock_on_hand"), "0");

    cr_assert_eq(cJSON_GetArraySize(tjson_get(item, "warehouses")), 3);
    cr_assert_str_eq(tjson_str(item, "warehouses.0.warehouse_id"), "4815000000038080");
    cr_assert_str_eq(tjson_str(item, "warehouses.0.warehouse_name"), "Main Warehouse");
    cr_assert_eq(tjson_num(item, "warehouses.0.warehouse_stock_on_hand"), 17);
    cr_assert_eq(tjson_num(item, "warehouses.0.warehouse_available_stock"), 17);
    cr_assert_eq(tjson_num(item, "warehouses.0.warehouse_actual_available_stock"), 17);
    cr_assert_eq(tjson_num(item, "warehouses.2.warehouse_stock_on_hand"), 0);

    cr_assert_eq(cJSON_GetArraySize(tjson_get(item, "storages")), 3);
    cr_assert_str_eq(tjson_str(item, "storages.0.storage_id"), "4815000000050010");
    cr_assert_str_eq(tjson_str(item, "storages.0.storage_name"), "Rack A - Shelf 2");
    cr_assert_str_eq(tjson_str(item, "storages.0.location_id"), "4815000000038080");
    cr_assert_eq(tjson_num(item, "storages.0.quantity"), 12);

    cr_assert_eq(cJSON_GetArraySize(tjson_get(item, "batches")), 4);
    cr_assert_str_eq(tjson_str(item, "batches.0.batch_number"), "LAP-B2025-01");
    cr_assert_str_eq(tjson_str(item, "batches.0.storage_id"), "4815000000050010");
    cr_assert_eq(tjson_num(item, "batches.0.quantity"), 8);
    cr_assert_null(tjson_get(item, "serial_numbers"));
    tresponse_free(&r);

    /* A serial-tracked item lists its serial numbers and no batches. */
    r = treq("GET", "/inventory/v1/items/4815000000033002", JOHN, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_not_null(tjson_str(r.json, "item.serial_numbers.0.serial_number"));
    cr_assert_str_eq(tjson_str(r.json, "item.serial_numbers.0.location_id"), "4815000000038080");
    cr_assert_null(tjson_get(r.json, "item.batches"));
    tresponse_free(&r);
}

/* ----------------------------------------------------- locations, users */

Test(catalog, locations_list)
{
    tresponse r = treq("GET", "/inventory/v1/locations", JOHN, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "locations")), 3);
    cr_assert_str_eq(tjson_str(r.json, "locations.0.location_id"), "4815000000038080");
    cr_assert_str_eq(tjson_str(r.json, "locations.0.location_name"), "Main Warehouse");
    cr_assert_str_eq(tjson_str(r.json, "locations.0.type"), "general");
    cr_assert_str_eq(tjson_str(r.json, "locations.0.status"), "active");
    cr_assert_eq(tjson_num(r.json, "locations.0.is_primary"), 1);
    cr_assert_eq(tjson_num(r.json, "locations.0.is_storage_location_enabled"), 1);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "locations.0.storages")), 4);
    cr_assert_str_eq(tjson_str(r.json, "locations.0.storages.0.storage_id"), "4815000000050000");
    cr_assert_str_eq(tjson_str(r.json, "locations.0.storages.0.storage_name"), "Rack A - Shelf 1");
    cr_assert_eq(tjson_num(r.json, "locations.1.is_primary"), 0);
    cr_assert_eq(tjson_num(r.json, "locations.2.is_storage_location_enabled"), 0);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "locations.2.storages")), 0);
    tresponse_free(&r);
}

Test(catalog, users_list)
{
    tresponse r = treq("GET", "/inventory/v1/users?sort_order=A", JOHN, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "users")), 3);
    cr_assert_str_eq(tjson_str(r.json, "users.0.name"), "Jane Doe");
    cr_assert_str_eq(tjson_str(r.json, "users.0.user_id"), "4815000000012300");
    cr_assert_str_eq(tjson_str(r.json, "users.0.email"), "jane.doe@zylker.com");
    cr_assert_str_eq(tjson_str(r.json, "users.0.status"), "active");
    cr_assert_str_eq(tjson_str(r.json, "users.0.user_role"), "staff");   /* John, the first user, is the admin */
    cr_assert_str_eq(tjson_str(r.json, "users.2.name"), "Ravi Kumar");
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 0);
    tresponse_free(&r);

    r = treq("GET", "/inventory/v1/users?per_page=1&organization_id=" ORG_B, JANE, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "users")), 1);
    cr_assert_str_eq(tjson_str(r.json, "users.0.name"), "Arjun Mehta");   /* by name, A to Z */
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 1);
    tresponse_free(&r);
}

/* --------------------------------------------------------------- oauth */

TestSuite(oauth, .init = start, .fini = stop);

#define REFRESH_QUERY "grant_type=refresh_token&client_id=1000.CLIENTJOHN&client_secret=secret-john&refresh_token=1000.refresh.john"

static tresponse token_call(const char *query)
{
    char path[640];
    snprintf(path, sizeof path, "/oauth/v2/token?%s", query);
    return treq("POST", path, NULL, NULL);
}

static void expect_oauth_error(const char *query, const char *error)
{
    tresponse r = token_call(query);
    /* accounts.zoho.com answers OAuth errors with 200. */
    cr_assert_eq(r.status, 200, "%s: status %ld", query, r.status);
    cr_assert_str_eq(tjson_str(r.json, "error"), error, "%s: %s", query, r.body);
    cr_assert_null(tjson_get(r.json, "access_token"));
    tresponse_free(&r);
}

Test(oauth, refresh_grant_issues_a_working_token)
{
    tresponse r = token_call(REFRESH_QUERY);
    cr_assert_eq(r.status, 200);
    const char *token = tjson_str(r.json, "access_token");
    cr_assert_not_null(token, "%s", r.body);
    cr_assert_eq(strlen(token), 5 + 32 + 1 + 32);
    cr_assert_eq(strncmp(token, "1000.", 5), 0);
    cr_assert_eq(token[37], '.');
    cr_assert_eq(strspn(token + 5, "0123456789abcdef"), 32);
    cr_assert_eq(strspn(token + 38, "0123456789abcdef"), 32);
    cr_assert_str_eq(tjson_str(r.json, "scope"), "ZohoInventory.FullAccess.all");
    cr_assert_str_eq(tjson_str(r.json, "token_type"), "Bearer");
    cr_assert_eq(tjson_num(r.json, "expires_in"), 3600);
    char domain[64];
    snprintf(domain, sizeof domain, "http://127.0.0.1:%d", tserver_port());
    cr_assert_str_eq(tjson_str(r.json, "api_domain"), domain);

    tresponse items = treq("GET", "/inventory/v1/items?per_page=1", token, NULL);
    expect(&items, 200, 0, "success");
    tresponse_free(&items);

    /* A second exchange gives another token; both work. */
    tresponse again = token_call(REFRESH_QUERY);
    const char *token2 = tjson_str(again.json, "access_token");
    cr_assert_not_null(token2);
    cr_assert_str_neq(token2, token);
    items = treq("GET", "/inventory/v1/organizations", token2, NULL);
    expect(&items, 200, 0, "success");
    tresponse_free(&items);
    tresponse_free(&again);

    /* Deterministic: the same fixtures and calls give the same tokens. */
    char first[128];
    snprintf(first, sizeof first, "%s", token);
    tresponse_free(&r);
    tserver_stop();
    tserver_start(NULL);
    r = token_call(REFRESH_QUERY);
    cr_assert_str_eq(tjson_str(r.json, "access_token"), first);
    tresponse_free(&r);
}

/* An issued token lives expires_in seconds on its organization's clock:
 * valid just before, 401 code 57 from then on; fixture tokens never expire. */
Test(oauth, issued_tokens_expire_on_the_organizations_clock)
{
    /* The client belongs to organization 10234695: its clock is frozen
     * before the token is issued, so no real second slips in between. */
    tresponse r = treq("PUT", "/__admin/clock", NULL, "{\"organization_id\":\"" ORG_A "\",\"frozen\":true}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    r = token_call(REFRESH_QUERY);
    char token[128];
    snprintf(token, sizeof token, "%s", tjson_str(r.json, "access_token"));
    tresponse_free(&r);
    r = treq("PUT", "/__admin/clock", NULL, "{\"organization_id\":\"" ORG_A "\",\"advance_seconds\":3599}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", "/inventory/v1/items?per_page=1", token, NULL);
    expect(&r, 200, 0, "success");
    tresponse_free(&r);
    r = treq("PUT", "/__admin/clock", NULL, "{\"organization_id\":\"" ORG_A "\",\"advance_seconds\":1}");
    tresponse_free(&r);
    r = treq("GET", "/inventory/v1/items?per_page=1", token, NULL);
    expect(&r, 401, 57, "You are not authorized to perform this operation");
    tresponse_free(&r);
    r = treq("GET", "/inventory/v1/items?per_page=1", JOHN, NULL);
    expect(&r, 200, 0, "success");
    tresponse_free(&r);
}

Test(oauth, form_body_works_too)
{
    tresponse r = treq_ct("POST", "/oauth/v2/token", NULL, "application/x-www-form-urlencoded",
                          REFRESH_QUERY);
    cr_assert_eq(r.status, 200);
    cr_assert_not_null(tjson_str(r.json, "access_token"), "%s", r.body);
    tresponse_free(&r);
}

Test(oauth, errors)
{
    expect_oauth_error("grant_type=refresh_token&client_id=1000.CLIENTJOHN&client_secret=wrong&refresh_token=1000.refresh.john",
                       "invalid_client");
    expect_oauth_error("grant_type=refresh_token&client_id=1000.NOBODY&client_secret=secret-john&refresh_token=1000.refresh.john",
                       "invalid_client");
    expect_oauth_error("grant_type=refresh_token&client_id=1000.CLIENTJOHN&client_secret=secret-john&refresh_token=1000.refresh.jane",
                       "invalid_code");
    expect_oauth_error("client_id=1000.CLIENTJOHN&client_secret=secret-john&refresh_token=1000.refresh.john",
                       "unsupported_grant_type");
    expect_oauth_error("grant_type=password&client_id=1000.CLIENTJOHN&client_secret=secret-john&refresh_token=1000.refresh.john",
                       "unsupported_grant_type");
    expect_oauth_error("grant_type=authorization_code&client_id=1000.CLIENTJOHN&client_secret=secret-john&code=1000.nope",
                       "invalid_code");
    expect_oauth_error("grant_type=client_credentials&client_id=1000.CLIENTJOHN&client_secret=secret-john&soid=ZohoInventory.999",
                       "invalid_client");
    expect_oauth_error("grant_type=client_credentials&client_id=1000.CLIENTJOHN&client_secret=secret-john",
                       "invalid_request");
    expect_oauth_error("grant_type=refresh_token&client_id=1000.CLIENTJOHN&refresh_token=1000.refresh.john",
                       "invalid_request");
}

/* The value of a header of the raw header block ("" when absent); the
 * caller frees it. */
static char *header_value(const tresponse *r, const char *name)
{
    size_t n = strlen(name);
    for (const char *line = r->headers; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ') v++;
            return strndup(v, strcspn(v, "\r\n"));
        }
    }
    return strdup("");
}

/* A query parameter of a URL ("" when absent); the caller frees it. */
static char *url_param(const char *url, const char *name)
{
    char key[64];
    snprintf(key, sizeof key, "%s=", name);
    for (const char *p = strchr(url, '?'); p; p = strchr(p + 1, '&')) {
        if (strncmp(p + 1, key, strlen(key)) == 0) return strndup(p + 1 + strlen(key), strcspn(p + 1 + strlen(key), "&"));
    }
    return strdup("");
}

/* The consent page redirects with a code; the code buys an access token
 * and (offline) a refresh token, once; the refresh token then buys more. */
Test(oauth, authorization_code_flow)
{
    tresponse r = treq("GET", "/oauth/v2/auth?response_type=code&client_id=1000.CLIENTJOHN"
                       "&scope=ZohoInventory.items.READ,ZohoInventory.salesorders.ALL"
                       "&redirect_uri=http%3A%2F%2Flocalhost%3A9999%2Fcb&state=xyz&access_type=offline",
                       NULL, NULL);
    cr_assert_eq(r.status, 302, "%s", r.body);
    char *location = header_value(&r, "Location");
    cr_assert(strncmp(location, "http://localhost:9999/cb?code=", 30) == 0, "%s", location);
    char *code = url_param(location, "code"), *state = url_param(location, "state");
    char *server = url_param(location, "accounts-server");
    cr_assert_str_eq(state, "xyz");
    cr_assert(strncasecmp(server, "http%3A%2F%2F127.0.0.1", 22) == 0, "%s", server);
    tresponse_free(&r);

    char query[512];
    snprintf(query, sizeof query, "grant_type=authorization_code&client_id=1000.CLIENTJOHN&client_secret=secret-john"
             "&redirect_uri=http://localhost:9999/cb&code=%s", code);
    r = token_call(query);
    const char *access = tjson_str(r.json, "access_token"), *refresh = tjson_str(r.json, "refresh_token");
    cr_assert(access && refresh, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "scope"), "ZohoInventory.items.READ ZohoInventory.salesorders.ALL");
    char *access_copy = strdup(access), *refresh_copy = strdup(refresh);
    tresponse_free(&r);
    /* The token has the scopes asked for, and only those. */
    r = treq("GET", "/inventory/v1/items?organization_id=10234695", access_copy, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", "/inventory/v1/contacts?organization_id=10234695", access_copy, NULL);
    cr_assert_eq(r.status, 401, "%s", r.body);
    tresponse_free(&r);
    /* A code is good once. */
    expect_oauth_error(query, "invalid_code");
    /* The refresh token works until revoked; revoking ends its access tokens too. */
    snprintf(query, sizeof query, "grant_type=refresh_token&client_id=1000.CLIENTJOHN&client_secret=secret-john"
             "&refresh_token=%s", refresh_copy);
    r = token_call(query);
    cr_assert_not_null(tjson_str(r.json, "access_token"), "%s", r.body);
    tresponse_free(&r);
    char revoke[256];
    snprintf(revoke, sizeof revoke, "/oauth/v2/token/revoke?token=%s", refresh_copy);
    r = treq("POST", revoke, NULL, NULL);
    cr_assert_str_eq(tjson_str(r.json, "status"), "success", "%s", r.body);
    tresponse_free(&r);
    expect_oauth_error(query, "invalid_code");
    r = treq("GET", "/inventory/v1/items?organization_id=10234695", access_copy, NULL);
    cr_assert_eq(r.status, 401, "%s", r.body);
    tresponse_free(&r);
    r = treq("POST", revoke, NULL, NULL);
    cr_assert_str_eq(tjson_str(r.json, "error"), "invalid_token", "%s", r.body);
    tresponse_free(&r);
    free(access_copy);
    free(refresh_copy);
    free(location);
    free(code);
    free(state);
    free(server);
}

/* A code expires two minutes later on the client organization's clock. */
Test(oauth, authorization_codes_expire)
{
    tresponse r = treq("PUT", "/__admin/clock", NULL, "{\"organization_id\":\"10234695\",\"frozen\":true}");
    tresponse_free(&r);
    r = treq("GET", "/oauth/v2/auth?response_type=code&client_id=1000.CLIENTJOHN&scope=ZohoInventory.items.READ"
             "&redirect_uri=http://x/cb", NULL, NULL);
    char *location = header_value(&r, "Location"), *code = url_param(location, "code");
    tresponse_free(&r);
    r = treq("PUT", "/__admin/clock", NULL, "{\"organization_id\":\"10234695\",\"advance_seconds\":121}");
    tresponse_free(&r);
    char query[512];
    snprintf(query, sizeof query, "grant_type=authorization_code&client_id=1000.CLIENTJOHN&client_secret=secret-john&code=%s", code);
    expect_oauth_error(query, "invalid_code");
    free(location);
    free(code);
}

Test(oauth, authorize_refuses_unknown_clients_and_missing_parameters)
{
    tresponse r = treq("GET", "/oauth/v2/auth?response_type=code&client_id=1000.NOBODY&scope=a&redirect_uri=http://x", NULL, NULL);
    cr_assert_eq(r.status, 400);
    cr_assert_str_eq(tjson_str(r.json, "error"), "invalid_client", "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", "/oauth/v2/auth?response_type=code&client_id=1000.CLIENTJOHN&scope=a", NULL, NULL);
    cr_assert_eq(r.status, 400);
    cr_assert_str_eq(tjson_str(r.json, "error"), "invalid_request", "%s", r.body);
    tresponse_free(&r);
}

/* Zoho's self client: soid names the organization; scope the scopes. */
Test(oauth, client_credentials_with_soid)
{
    tresponse r = token_call("grant_type=client_credentials&client_id=1000.CLIENTJOHN&client_secret=secret-john"
                             "&soid=ZohoInventory.10234695&scope=ZohoInventory.items.READ");
    const char *access = tjson_str(r.json, "access_token");
    cr_assert_not_null(access, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "api_domain"), tjson_str(r.json, "api_domain"));
    cr_assert(strncmp(tjson_str(r.json, "api_domain"), "http://127.0.0.1:", 17) == 0, "%s", r.body);
    char *copy = strdup(access);
    tresponse_free(&r);
    r = treq("GET", "/inventory/v1/items?organization_id=10234695", copy, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    free(copy);
}

/* --------------------------------------------------------------- admin */

TestSuite(admin, .init = start, .fini = stop);

Test(admin, health)
{
    tresponse r = treq("GET", "/__admin/health", NULL, NULL);
    expect(&r, 200, 0, "ok");
    cr_assert_str_eq(tjson_str(r.json, "status"), "healthy");
    cr_assert_not_null(tjson_str(r.json, "version"));
    cr_assert_eq(tjson_num(r.json, "organizations"), 3);
    tresponse_free(&r);
}

/* Surge Protector 6-outlet: 45 at Main Warehouse and 8 at MG Road Store, no bins. */
#define SURGE "4815000000033024"

static double surge_stock(void)
{
    tresponse r = treq("GET", "/inventory/v1/items/" SURGE, JOHN, NULL);
    expect(&r, 200, 0, "success");
    double q = tjson_num(r.json, "item.stock_on_hand");
    tresponse_free(&r);
    return q;
}

Test(admin, reset_one_org_restores_it)
{
    double before = surge_stock();
    tresponse r = treq("POST", "/inventory/v1/inventoryadjustments", JOHN,
                       "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
                       "\"line_items\":[{\"item_id\":\"" SURGE "\",\"location_id\":\"4815000000038080\","
                       "\"quantity_adjusted\":-5}]}");
    bool changed = r.json && tjson_num(r.json, "code") == 0;
    tresponse_free(&r);
    if (changed) cr_assert_eq(surge_stock(), before - 5);
    else cr_log_warn("POST /inventoryadjustments did not succeed: reset checked without a change");

    r = treq("POST", "/__admin/reset?organization_id=" ORG_A, NULL, NULL);
    expect(&r, 200, 0, "Fixtures have been restored.");
    tresponse_free(&r);
    cr_assert_eq(surge_stock(), before);

    r = treq("POST", "/__admin/reset?organization_id=99999", NULL, NULL);
    expect(&r, 404, 1002, "Organization does not exist.");
    tresponse_free(&r);

    r = treq("POST", "/__admin/reset?organization_id=abc", NULL, NULL);
    expect(&r, 400, 2, "Invalid value passed for organization_id");
    tresponse_free(&r);
}

Test(admin, reset_all_restores_everything)
{
    tresponse r = treq("POST", "/inventory/v1/inventoryadjustments?organization_id=" ORG_A, JOHN,
                       "{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\","
                       "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":-5}]}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    tresponse_free(&r);
    cr_assert_eq(surge_stock(), 45 + 8 - 5);
    r = treq("POST", "/__admin/reset", NULL, NULL);
    expect(&r, 200, 0, "Fixtures have been restored.");
    tresponse_free(&r);
    r = treq("GET", "/inventory/v1/organizations", JANE, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "organizations")), 2);
    tresponse_free(&r);
    cr_assert_eq(surge_stock(), 45 + 8);   /* Main Warehouse + MG Road Store */
}

/* A reset may start the clocks at any instant, earlier ones included (a
 * new timeline), which PUT /__admin/clock refuses. */
Test(admin, reset_with_a_clock_starts_it_frozen_there)
{
    tresponse r = treq("POST", "/__admin/reset?organization_id=" ORG_A, NULL,
                       "{\"clock\":\"2024-02-29T10:30:00+0530\"}");
    expect(&r, 200, 0, "Fixtures have been restored.");
    tresponse_free(&r);
    r = treq("GET", "/__admin/clock?organization_id=" ORG_A, NULL, NULL);
    cr_assert_str_eq(tjson_str(r.json, "clock.now"), "2024-02-29T10:30:00+0530", "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "clock.frozen"), 1);
    tresponse_free(&r);
    /* The other organization kept its fixture clock. */
    r = treq("GET", "/__admin/clock?organization_id=" ORG_B, NULL, NULL);
    cr_assert_str_eq(tjson_str(r.json, "clock.now"), "2025-06-15T09:00:00+0530", "%s", r.body);
    tresponse_free(&r);
    /* Every organization, and the clock decides what the API reports. */
    r = treq("POST", "/__admin/reset", NULL, "{\"clock\":\"2023-01-02T08:00:00+0530\"}");
    expect(&r, 200, 0, "Fixtures have been restored.");
    tresponse_free(&r);
    r = treq("POST", "/inventory/v1/inventorycounts?organization_id=" ORG_B, JANE,
             "{\"location_id\":\"4816000000038080\",\"line_items\":[{\"item_id\":\"4816000000033002\"}]}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.count_date"), "2023-01-02");
    tresponse_free(&r);
}

Test(admin, reset_with_a_bad_clock_is_refused_and_changes_nothing)
{
    tresponse r = treq("POST", "/__admin/reset", NULL, "{\"clock\":\"tomorrow\"}");
    expect(&r, 400, 4, "Invalid value passed for clock");
    tresponse_free(&r);
    r = treq("POST", "/__admin/reset", NULL, "{\"clock\":20240101}");
    expect(&r, 400, 4, "Invalid value passed for clock");
    tresponse_free(&r);
    r = treq("GET", "/__admin/clock?organization_id=" ORG_B, NULL, NULL);
    cr_assert_str_eq(tjson_str(r.json, "clock.now"), "2025-06-15T09:00:00+0530");
    tresponse_free(&r);
}

static size_t count_requests(const char *filter)
{
    tresponse r = treq("POST", "/__admin/requests/count", NULL, filter);
    expect(&r, 200, 0, "success");
    double n = tjson_num(r.json, "count");
    tresponse_free(&r);
    return (size_t)n;
}

Test(admin, request_journal)
{
    tresponse r = treq("DELETE", "/__admin/requests", NULL, NULL);
    expect(&r, 200, 0, "The request journal has been cleared.");
    tresponse_free(&r);

    r = treq("GET", "/inventory/v1/items?per_page=1", JOHN, NULL);
    tresponse_free(&r);
    r = treq("GET", "/inventory/v1/locations", JOHN, NULL);
    tresponse_free(&r);
    r = treq("GET", "/inventory/v1/items/4815000000099999", JOHN, NULL);
    tresponse_free(&r);

    r = treq("GET", "/__admin/requests", NULL, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "requests")), 3, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "requests.0.path"), "/inventory/v1/items/4815000000099999");
    cr_assert_eq(tjson_num(r.json, "requests.0.status"), 404);
    cr_assert_str_eq(tjson_str(r.json, "requests.1.path"), "/inventory/v1/locations");
    cr_assert_str_eq(tjson_str(r.json, "requests.2.path"), "/inventory/v1/items");
    cr_assert_str_eq(tjson_str(r.json, "requests.2.method"), "GET");
    tresponse_free(&r);

    r = treq("GET", "/__admin/requests?limit=1", NULL, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "requests")), 1);
    cr_assert_str_eq(tjson_str(r.json, "requests.0.path"), "/inventory/v1/items/4815000000099999");
    tresponse_free(&r);

    r = treq("GET", "/__admin/requests?limit=abc", NULL, NULL);
    expect(&r, 400, 2, "Invalid value passed for limit");
    tresponse_free(&r);

    cr_assert_eq(count_requests("{\"method\":\"GET\",\"path\":\"/inventory/v1/items*\"}"), 2);
    cr_assert_eq(count_requests("{\"path\":\"/inventory/v1/*\"}"), 3);
    cr_assert_eq(count_requests("{\"method\":\"get\"}"), 3);
    cr_assert_eq(count_requests(NULL), 3, "no body counts every request");
    cr_assert_eq(count_requests("{\"method\":\"POST\"}"), 0);
    cr_assert_eq(count_requests("{}"), 3);

    r = treq("POST", "/__admin/requests/count", NULL, "{\"method\":5}");
    expect(&r, 400, 4, "Invalid value passed for method");
    tresponse_free(&r);

    r = treq("DELETE", "/__admin/requests", NULL, NULL);
    expect(&r, 200, 0, "The request journal has been cleared.");
    tresponse_free(&r);
    r = treq("GET", "/__admin/requests", NULL, NULL);
    expect(&r, 200, 0, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "requests")), 0);
    tresponse_free(&r);
    cr_assert_eq(count_requests("{}"), 0);
}

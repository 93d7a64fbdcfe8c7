/* test_sales_fixtures.c -- contacts and sales documents seeded from a fixture: the same checks and figures as the API's */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http/server.h"
#include "http_client.h"
#include "tmpdir.h"

#define SALES_ORG "?organization_id=20240601"
#define PRIYA "1000.sales.priya"

static void stop(void) { tserver_stop(); }

static tresponse get(const char *path)
{
    char url[256];
    snprintf(url, sizeof url, "/inventory/v1%s" SALES_ORG, path);
    return treq("GET", url, PRIYA, NULL);
}

Test(sales_fixtures, the_example_seeds_consistent_documents, .fini = stop)
{
    tserver_start("fixtures/sales.json");
    tresponse r = get("/salesorders/5120000000002001");
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "salesorder.location_name"), "Chennai Warehouse");
    cr_assert_eq(tjson_num(r.json, "salesorder.total"), 10 * 40 + 2 * 150, "the items' rates: %s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "salesorder.shipped_status"), "partially_shipped");
    cr_assert_str_eq(tjson_str(r.json, "salesorder.invoiced_status"), "partially_invoiced");
    cr_assert_str_eq(tjson_str(r.json, "salesorder.paid_status"), "partially_paid");
    cr_assert_eq(tjson_num(r.json, "salesorder.line_items.0.quantity_shipped"), 10);
    tresponse_free(&r);
    r = get("/packages/5120000000003001");
    cr_assert_str_eq(tjson_str(r.json, "package.status"), "shipped", "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "package.shipment_order.tracking_number"), "BD123456");
    tresponse_free(&r);
    r = get("/invoices/5120000000005001");
    cr_assert_str_eq(tjson_str(r.json, "invoice.status"), "partially_paid", "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "invoice.due_date"), "2026-04-02", "Net 30 from the customer");
    tresponse_free(&r);
    r = get("/contacts/5120000000001001");
    cr_assert_eq(tjson_num(r.json, "contact.outstanding_receivable_amount"), 150, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "contact.contact_persons.0.email"), "ravi@brightwork.test");
    cr_assert_eq(tjson_num(r.json, "contact.contact_persons.0.is_primary_contact"), 1);
    tresponse_free(&r);
    r = get("/customerpayments/5120000000006001");
    cr_assert_str_eq(tjson_str(r.json, "payment.account_name"), "Undeposited Funds", "%s", r.body);
    tresponse_free(&r);
    /* The fixture's stock is before its documents: the 10 lamps shipped
     * and invoiced have left both figures; the 2 chairs are committed. */
    r = get("/items/5120000000000301");
    cr_assert_eq(tjson_figure(r.json, "item.stock_on_hand"), 40, "%s", r.body);
    cr_assert_eq(tjson_figure(r.json, "item.available_stock"), 40, "%s", r.body);
    cr_assert_eq(tjson_figure(r.json, "item.committed_stock"), 0, "%s", r.body);
    tresponse_free(&r);
    r = get("/items/5120000000000302");
    cr_assert_eq(tjson_figure(r.json, "item.stock_on_hand"), 12, "%s", r.body);
    cr_assert_eq(tjson_figure(r.json, "item.committed_stock"), 2, "%s", r.body);
    cr_assert_eq(tjson_figure(r.json, "item.actual_available_stock"), 10, "%s", r.body);
    cr_assert_eq(tjson_figure(r.json, "item.locations.0.location_actual_available_stock"), 10, "%s", r.body);
    tresponse_free(&r);
    /* The API numbers on from the fixture's documents. */
    char url[128];
    snprintf(url, sizeof url, "/inventory/v1/invoices" SALES_ORG);
    r = treq("POST", url, PRIYA,
             "{\"customer_id\":\"5120000000001001\",\"line_items\":[{\"item_id\":\"5120000000000302\"}]}");
    expect_zoho(&r, 201, 0);
    cr_assert_str_eq(tjson_str(r.json, "invoice.invoice_number"), "INV-000002");
    tresponse_free(&r);
}

/* Starts a server on text as the fixture; the error it refuses it with. */
static void refused(const char *fixture, const char *expected)
{
    char path[512];
    snprintf(path, sizeof path, "%s/sales-fixture-%d.json", ttmpdir(), (int)getpid());
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(fixture, f);
    fclose(f);
    zm_server_options opts = {.bind = "127.0.0.1", .port = 0, .threads = 1, .quiet = true, .fixtures = path};
    char err[512] = "";
    int port = server_start(&opts, err, sizeof err);
    if (port > 0) server_stop();
    unlink(path);
    cr_assert_leq(port, 0, "the fixture was accepted");
    cr_assert_not_null(strstr(err, expected), "%s", err);
}

#define ORG_HEAD "{\"organizations\":[{\"organization_id\":\"20240601\",\"name\":\"X\"," \
    "\"users\":[{\"user_id\":\"5120000000000100\",\"name\":\"P\",\"email\":\"p@x.test\"}]," \
    "\"locations\":[{\"location_id\":\"5120000000000200\",\"location_name\":\"W\"}]," \
    "\"items\":[{\"item_id\":\"5120000000000301\",\"name\":\"Lamp\",\"sku\":\"L\",\"unit\":\"pcs\",\"rate\":4}],"

Test(sales_fixtures, a_bad_section_is_refused_with_its_json_path)
{
    refused(ORG_HEAD "\"salesorders\":[{\"salesorder_id\":\"5120000000002001\",\"customer_id\":\"5120000000009999\","
                     "\"line_items\":[{\"item_id\":\"5120000000000301\"}]}]}]}",
            "$.organizations[0].salesorders[0]: Invalid value passed for customer_id");
    refused(ORG_HEAD "\"contacts\":[{\"contact_id\":\"5120000000001001\",\"contact_name\":\"C\"}],"
                     "\"salesorders\":[{\"salesorder_id\":\"5120000000002001\",\"customer_id\":\"5120000000001001\","
                     "\"status\":\"confirmed\",\"line_items\":[{\"line_item_id\":\"5120000000002011\",\"item_id\":\"5120000000000301\",\"quantity\":1}]}],"
                     "\"packages\":[{\"package_id\":\"5120000000003001\",\"salesorder_id\":\"5120000000002001\",\"date\":\"2026-03-02\","
                     "\"line_items\":[{\"so_line_item_id\":\"5120000000002011\",\"quantity\":2}]}]}]}",
            "$.organizations[0].packages[0]: The quantity to pack of Lamp (2) is more than the 1 left to pack.");
    refused(ORG_HEAD "\"contacts\":[{\"contact_id\":\"x\",\"contact_name\":\"C\"}]}]}",
            "$.organizations[0].contacts[0].contact_id: expected a unique string of digits");
}

/* test_sales_orders.c -- sales orders over HTTP: lifecycle through packages, shipments and invoices, references, numbers, updates, lists */
#include <criterion/criterion.h>

#include "sales_util.h"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(sales_orders, .init = start, .fini = stop);

/* An order of 3 laptops (the item's rate) and 2 surge protectors at 5
 * with a client item_total of 9; returns its id and line ids. */
static char *order_of(const char *customer, char **laptop_line, char **surge_line)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"date\":\"2026-03-01\",\"location_id\":\"" MAIN_WH "\",\"line_items\":["
             "{\"item_id\":\"" LAPTOP15 "\",\"quantity\":3},"
             "{\"item_id\":\"" SURGE "\",\"quantity\":2,\"rate\":5,\"item_total\":9}]}",
             customer);
    tresponse r = sales_call("POST", "/salesorders", body);
    expect_ok(&r, 201, "success");
    char *id = sales_str(&r, "sales_order.salesorder_id");
    if (laptop_line) *laptop_line = sales_str(&r, "sales_order.line_items.0.line_item_id");
    if (surge_line) *surge_line = sales_str(&r, "sales_order.line_items.1.line_item_id");
    tresponse_free(&r);
    return id;
}

static char *package_of(const char *order, const char *line, int quantity)
{
    char path[128], body[256];
    snprintf(path, sizeof path, "/packages?salesorder_id=%s", order);
    snprintf(body, sizeof body, "{\"date\":\"2026-03-02\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":%d}]}",
             line, quantity);
    return sales_create(path, body, "package.package_id");
}

static char *shipment_of(const char *order, const char *package)
{
    char path[160];
    snprintf(path, sizeof path, "/shipmentorders?package_ids=%s&salesorder_id=%s", package, order);
    return sales_create(path, "{\"date\":\"2026-03-03\",\"delivery_method\":\"FedEx\",\"tracking_number\":\"TRK-1\"}",
                        "shipment_order.shipment_id");
}

static void expect_order(const char *order, const char *status, const char *shipped, const char *invoiced)
{
    tresponse r = sales_callf("GET", NULL, "/salesorders/%s", order);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "salesorder.status"), status, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "salesorder.shipped_status"), shipped, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "salesorder.invoiced_status"), invoiced, "%s", r.body);
    tresponse_free(&r);
}

Test(sales_orders, create_completes_lines_names_and_totals)
{
    sales_freeze_clock("2026-03-01T10:00:00+0530");
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    tresponse r = sales_call("POST", "/salesorders",
                             "{\"customer_id\":\"x\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\"}]}");
    expect_error(&r, 400, 4, "Invalid value passed for customer_id");
    tresponse_free(&r);
    char body[512];
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"location_id\":\"" MAIN_WH "\",\"line_items\":["
             "{\"item_id\":\"" LAPTOP15 "\",\"quantity\":3},"
             "{\"item_id\":\"" SURGE "\",\"quantity\":2,\"rate\":5,\"item_total\":9}]}",
             customer);
    r = sales_call("POST", "/salesorders", body);
    expect_ok(&r, 201, "success");
    cr_assert_str_eq(tjson_str(r.json, "sales_order.salesorder_number"), "SO-00001");
    cr_assert_str_eq(tjson_str(r.json, "sales_order.status"), "draft");
    cr_assert_str_eq(tjson_str(r.json, "sales_order.customer_name"), "Acme Ltd");
    cr_assert_str_eq(tjson_str(r.json, "sales_order.location_name"), "Main Warehouse");
    cr_assert_str_eq(tjson_str(r.json, "sales_order.date"), "2026-03-01");
    cr_assert_str_eq(tjson_str(r.json, "sales_order.created_time"), "2026-03-01T10:00:00+0530");
    cr_assert_str_eq(tjson_str(r.json, "sales_order.line_items.0.name"), "Laptop 15-inch");
    cr_assert_eq(tjson_num(r.json, "sales_order.line_items.0.rate"), 899, "the item's rate: %s", r.body);
    cr_assert_eq(tjson_num(r.json, "sales_order.line_items.0.item_total"), 2697);
    cr_assert_str_eq(tjson_str(r.json, "sales_order.line_items.1.name"), "Surge Protector 6-outlet");
    cr_assert_eq(tjson_num(r.json, "sales_order.line_items.1.item_total"), 9, "the client's item_total is kept");
    cr_assert_eq(tjson_num(r.json, "sales_order.sub_total"), 2706);
    cr_assert_eq(tjson_num(r.json, "sales_order.total"), 2706);
    cr_assert_str_eq(tjson_str(r.json, "sales_order.shipped_status"), "pending");
    tresponse_free(&r);
    free(customer);
}

Test(sales_orders, lifecycle_packages_shipments_invoices_close_it)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *laptop, *surge;
    char *order = order_of(customer, &laptop, &surge);

    /* A draft is not packed. */
    char path[160], body[512];
    snprintf(path, sizeof path, "/packages?salesorder_id=%s", order);
    snprintf(body, sizeof body, "{\"date\":\"2026-03-02\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":1}]}", laptop);
    tresponse r = sales_call("POST", path, body);
    expect_error(&r, 400, 4250, "Sales Order cannot be packed: its status is draft.");
    tresponse_free(&r);

    r = sales_callf("POST", NULL, "/salesorders/%s/status/confirmed", order);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = sales_callf("POST", NULL, "/salesorders/%s/status/confirmed", order);
    expect_error(&r, 400, 4250, "Sales Order cannot be marked as confirmed: its status is confirmed.");
    tresponse_free(&r);

    char *pkg1 = package_of(order, laptop, 2);
    snprintf(path, sizeof path, "/salesorders/%s", order);
    cr_assert_eq(sales_get_num(path, "salesorder.line_items.0.quantity_packed"), 2);
    /* No more than ordered: 2 packed, 3 ordered. */
    snprintf(path, sizeof path, "/packages?salesorder_id=%s", order);
    snprintf(body, sizeof body, "{\"date\":\"2026-03-02\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":2}]}", laptop);
    r = sales_call("POST", path, body);
    expect_error_part(&r, 400, 4, "left to pack");
    tresponse_free(&r);
    snprintf(body, sizeof body,
             "{\"date\":\"2026-03-02\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":1},"
             "{\"so_line_item_id\":\"%s\",\"quantity\":2}]}", laptop, surge);
    char *pkg2 = sales_create(path, body, "package.package_id");

    char *ship1 = shipment_of(order, pkg1);
    expect_order(order, "confirmed", "partially_shipped", "not_invoiced");
    snprintf(path, sizeof path, "/packages/%s", pkg1);
    char *status = sales_get_str(path, "package.status");
    cr_assert_str_eq(status, "shipped");
    free(status);
    /* A shipped package is neither deleted nor shipped twice. */
    r = sales_callf("DELETE", NULL, "/packages/%s", pkg1);
    expect_zoho(&r, 400, 4251);
    tresponse_free(&r);
    r = sales_callf("POST", "{\"date\":\"2026-03-03\",\"delivery_method\":\"UPS\",\"tracking_number\":\"T2\"}",
                    "/shipmentorders?package_ids=%s&salesorder_id=%s", pkg1, order);
    expect_error(&r, 400, 4250, "Package cannot be shipped: its status is shipped.");
    tresponse_free(&r);

    r = sales_callf("POST", NULL, "/shipmentorders/%s/status/delivered", ship1);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = sales_callf("POST", NULL, "/shipmentorders/%s/status/delivered", ship1);
    expect_zoho(&r, 400, 4250);
    tresponse_free(&r);
    status = sales_get_str(path, "package.status");
    cr_assert_str_eq(status, "delivered");
    free(status);

    char *ship2 = shipment_of(order, pkg2);
    expect_order(order, "confirmed", "shipped", "not_invoiced");

    /* The order is voided and deleted only without packages. */
    r = sales_callf("POST", NULL, "/salesorders/%s/status/void", order);
    expect_error_part(&r, 400, 4, "has packages");
    tresponse_free(&r);
    r = sales_callf("DELETE", NULL, "/salesorders/%s", order);
    expect_zoho(&r, 400, 4251);
    tresponse_free(&r);

    /* Invoiced in full: closed (shipped and invoiced). */
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\",\"quantity\":3,\"salesorder_item_id\":\"%s\"},"
             "{\"item_id\":\"" SURGE "\",\"quantity\":2,\"salesorder_item_id\":\"%s\"}]}", customer, laptop, surge);
    char *invoice = sales_create("/invoices", body, "invoice.invoice_id");
    expect_order(order, "closed", "shipped", "invoiced");
    snprintf(path, sizeof path, "/salesorders/%s", order);
    char *listed = sales_get_str(path, "salesorder.invoices.0.invoice_id");
    cr_assert_str_eq(listed, invoice);
    free(listed);
    cr_assert_eq(sales_get_num(path, "salesorder.line_items.0.quantity_invoiced"), 3);
    /* No more than ordered is invoiced. */
    r = sales_call("POST", "/invoices", body);
    expect_error_part(&r, 400, 4, "left to invoice");
    tresponse_free(&r);

    /* Deleting the second shipment reopens the order and frees its package. */
    r = sales_callf("DELETE", NULL, "/shipmentorders/%s", ship2);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    expect_order(order, "confirmed", "partially_shipped", "invoiced");
    snprintf(path, sizeof path, "/packages/%s", pkg2);
    status = sales_get_str(path, "package.status");
    cr_assert_str_eq(status, "not_shipped");
    free(status);
    r = sales_callf("DELETE", NULL, "/packages/%s", pkg2);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    snprintf(path, sizeof path, "/salesorders/%s", order);
    cr_assert_eq(sales_get_num(path, "salesorder.quantity_packed"), 2);

    free(customer), free(laptop), free(surge), free(order), free(pkg1), free(pkg2), free(ship1), free(ship2),
        free(invoice);
}

Test(sales_orders, references_are_refused_and_nothing_changes)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    static const struct { const char *body_fmt; int code; const char *message; } cases[] = {
        {"{\"customer_id\":\"4815000000999999\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\"}]}", 4,
         "Invalid value passed for customer_id"},
        {"{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"4815000000999999\"}]}", 4, "Invalid value passed for item_id"},
        {"{\"customer_id\":\"%s\",\"location_id\":\"42\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\"}]}", 4,
         "Invalid value passed for location_id"},
        {"{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\",\"tax_id\":\"42\"}]}", 4,
         "Invalid value passed for tax_id"},
        {"{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\",\"quantity\":0}]}", 4,
         "Invalid value passed for quantity"},
        {"{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\",\"quantity\":\"two\"}]}", 4,
         "Invalid value passed for quantity"},
        {"{\"line_items\":[{\"item_id\":\"" LAPTOP15 "\"}]}", 11, "The parameter customer_id is mandatory."},
        {"{\"customer_id\":\"%s\"}", 11, "The parameter line_items is mandatory."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char body[512];
        snprintf(body, sizeof body, cases[i].body_fmt, customer);
        tresponse r = sales_call("POST", "/salesorders", body);
        expect_error(&r, 400, cases[i].code, cases[i].message);
        tresponse_free(&r);
    }
    tresponse r = sales_call("GET", "/salesorders", NULL);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "salesorders")), 0, "%s", r.body);
    tresponse_free(&r);
    /* The refusals used no number. */
    char *order = order_of(customer, NULL, NULL);
    char path[96];
    snprintf(path, sizeof path, "/salesorders/%s", order);
    char *number = sales_get_str(path, "salesorder.salesorder_number");
    cr_assert_str_eq(number, "SO-00001");
    free(number), free(order), free(customer);
}

Test(sales_orders, numbers_auto_manual_and_unique)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char body[256];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\"}]}", customer);
    char *first = sales_create("/salesorders", body, "sales_order.salesorder_number");
    cr_assert_str_eq(first, "SO-00001");
    tresponse r = sales_call("POST", "/salesorders?ignore_auto_number_generation=true", body);
    expect_error(&r, 400, 11, "The parameter salesorder_number is mandatory.");
    tresponse_free(&r);
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"salesorder_number\":\"SO-00001\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\"}]}",
             customer);
    r = sales_call("POST", "/salesorders?ignore_auto_number_generation=true", body);
    expect_error(&r, 400, 1001, "The salesorder_number SO-00001 already exists.");
    tresponse_free(&r);
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"salesorder_number\":\"WEB-77\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\"}]}",
             customer);
    char *manual = sales_create("/salesorders?ignore_auto_number_generation=true", body, "sales_order.salesorder_number");
    cr_assert_str_eq(manual, "WEB-77");
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\"}]}", customer);
    char *second_id = sales_create("/salesorders", body, "sales_order.salesorder_id");
    char path[96];
    snprintf(path, sizeof path, "/salesorders/%s", second_id);
    char *second = sales_get_str(path, "salesorder.salesorder_number");
    cr_assert_str_eq(second, "SO-00002");
    r = sales_call("PUT", path, "{\"salesorder_number\":\"WEB-77\"}");
    expect_error(&r, 400, 1001, "The salesorder_number WEB-77 already exists.");
    tresponse_free(&r);
    /* Each module its own series and width. */
    char *inv = sales_create("/invoices", body, "invoice.invoice_number");
    cr_assert_str_eq(inv, "INV-000001");
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"date\":\"2026-03-04\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\"}]}",
             customer);
    char *cn = sales_create("/creditnotes", body, "creditnote.creditnote_number");
    cr_assert_str_eq(cn, "CN-00001");
    char *dc = sales_create("/deliverychallans", body, "deliverychallan.deliverychallan_number");
    cr_assert_str_eq(dc, "DC-00001");
    free(customer), free(first), free(manual), free(second_id), free(second), free(inv), free(cn), free(dc);
}

Test(sales_orders, update_keeps_what_was_not_sent_and_replaces_lines)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *laptop, *surge;
    char *order = order_of(customer, &laptop, &surge);
    char path[96], body[512];
    snprintf(path, sizeof path, "/salesorders/%s", order);
    tresponse r = sales_call("PUT", path, "{\"reference_number\":\"PO-4711\"}");
    expect_ok(&r, 200, "Sales Order has been updated.");
    cr_assert_str_eq(tjson_str(r.json, "sales_order.reference_number"), "PO-4711");
    cr_assert_str_eq(tjson_str(r.json, "sales_order.customer_name"), "Acme Ltd");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "sales_order.line_items")), 2);
    cr_assert_eq(tjson_num(r.json, "sales_order.line_items.1.item_total"), 9, "kept: %s", r.body);
    tresponse_free(&r);
    /* The laptop line changes, the surge line is left out (removed), a new line comes. */
    snprintf(body, sizeof body,
             "{\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":1},{\"item_id\":\"" SURGE "\",\"quantity\":4}]}", laptop);
    r = sales_call("PUT", path, body);
    expect_ok(&r, 200, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "sales_order.line_items")), 2, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "sales_order.line_items.0.line_item_id"), laptop);
    cr_assert_eq(tjson_num(r.json, "sales_order.line_items.0.quantity"), 1);
    cr_assert_eq(tjson_num(r.json, "sales_order.line_items.0.rate"), 899, "kept from the line");
    cr_assert_str_neq(tjson_str(r.json, "sales_order.line_items.1.line_item_id"), surge);
    cr_assert_eq(tjson_num(r.json, "sales_order.line_items.1.quantity"), 4);
    cr_assert_eq(tjson_num(r.json, "sales_order.total"), 899 + 4 * 29.0, "%s", r.body);
    tresponse_free(&r);
    /* A packed line cannot go below what was packed. */
    r = sales_callf("POST", NULL, "/salesorders/%s/status/confirmed", order);
    tresponse_free(&r);
    char *pkg = package_of(order, laptop, 1);
    snprintf(body, sizeof body, "{\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1}]}");
    r = sales_call("PUT", path, body);
    expect_error_part(&r, 400, 4, "cannot be removed");
    tresponse_free(&r);
    cr_assert_eq(sales_get_num(path, "salesorder.line_items.0.quantity_packed"), 1, "unchanged");
    free(customer), free(laptop), free(surge), free(order), free(pkg);
}

Test(sales_orders, missing_records_are_404_with_their_module_message)
{
    static const struct { const char *path, *message; } cases[] = {
        {"/salesorders/4815000000999999", "Sales Order does not exist."},
        {"/packages/4815000000999999", "Package does not exist."},
        {"/shipmentorders/4815000000999999", "Shipment does not exist."},
        {"/invoices/4815000000999999", "Invoice does not exist."},
        {"/retainerinvoices/4815000000999999", "Retainer Invoice does not exist."},
        {"/customerpayments/4815000000999999", "Payment does not exist."},
        {"/creditnotes/4815000000999999", "Credit Note does not exist."},
        {"/salesreturns/4815000000999999", "Sales Return does not exist."},
        {"/salesreturnreceives/4815000000999999", "Sales Return Receive does not exist."},
        {"/deliverychallans/4815000000999999", "Delivery Challan does not exist."},
        {"/contacts/4815000000999999", "Contact does not exist."},
        {"/contacts/contactpersons/4815000000999999", "Contact person does not exist."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tresponse r = sales_call("DELETE", cases[i].path, NULL);
        expect_error(&r, 404, 1002, cases[i].message);
        tresponse_free(&r);
    }
}

static int count_of(const char *path, const char *key)
{
    tresponse r = sales_call("GET", path, NULL);
    expect_ok(&r, 200, "success");
    int n = cJSON_GetArraySize(tjson_get(r.json, key));
    tresponse_free(&r);
    return n;
}

Test(sales_orders, lists_filter_sort_search_and_page)
{
    char *acme = sales_customer("Acme Ltd", "ann@acme.test");
    char *zeta = sales_customer("Zeta Corp", "zed@zeta.test");
    char *a1 = order_of(acme, NULL, NULL), *a2 = order_of(acme, NULL, NULL), *z1 = order_of(zeta, NULL, NULL);
    tresponse r = sales_callf("POST", NULL, "/salesorders/%s/status/confirmed", a2);
    tresponse_free(&r);
    r = sales_callf("POST", NULL, "/salesorders/%s/status/void", z1);
    tresponse_free(&r);
    cr_assert_eq(count_of("/salesorders?filter_by=Status.Draft", "salesorders"), 1);
    cr_assert_eq(count_of("/salesorders?filter_by=Status.Open", "salesorders"), 1);
    cr_assert_eq(count_of("/salesorders?filter_by=Status.Void", "salesorders"), 1);
    cr_assert_eq(count_of("/salesorders?search_text=zeta", "salesorders"), 1);
    r = sales_call("GET", "/salesorders?sort_column=salesorder_number&sort_order=D&per_page=2", NULL);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "salesorders.0.salesorder_number"), "SO-00003");
    cr_assert_str_eq(tjson_str(r.json, "salesorders.1.salesorder_number"), "SO-00002");
    cr_assert_eq(tjson_num(r.json, "page_context.has_more_page"), 1);
    cr_assert_str_eq(tjson_str(r.json, "page_context.report_name"), "Sales Orders");
    tresponse_free(&r);
    r = sales_call("GET", "/salesorders?sort_column=no_such_column", NULL);
    expect_error(&r, 400, 2, "Invalid value passed for sort_column");
    tresponse_free(&r);

    /* Packages: Zoho's packing_number filters, status, customer. */
    char *laptop;
    char *order = order_of(zeta, &laptop, NULL);
    r = sales_callf("POST", NULL, "/salesorders/%s/status/confirmed", order);
    tresponse_free(&r);
    char *p1 = package_of(order, laptop, 1), *p2 = package_of(order, laptop, 1);
    char *ship = shipment_of(order, p2);
    cr_assert_eq(count_of("/packages?packing_number_contains=00002", "packages"), 1);
    cr_assert_eq(count_of("/packages?status=not_shipped", "packages"), 1);
    char path[160];
    snprintf(path, sizeof path, "/packages?customer_id=%s&shipment_date_start=2026-03-01", zeta);
    cr_assert_eq(count_of(path, "packages"), 1, "only the shipped one has a shipment date");
    cr_assert_eq(count_of("/packages?delivery_method_startswith=Fed", "packages"), 1);

    /* Delivery challans: filter_by and status. */
    char body[256];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}", acme);
    char *dc1 = sales_create("/deliverychallans", body, "deliverychallan.deliverychallan_id");
    char *dc2 = sales_create("/deliverychallans", body, "deliverychallan.deliverychallan_id");
    r = sales_callf("POST", NULL, "/deliverychallans/%s/status/open", dc2);
    tresponse_free(&r);
    cr_assert_eq(count_of("/deliverychallans?filter_by=Status.Open", "deliverychallans"), 1);
    cr_assert_eq(count_of("/deliverychallans?status=draft", "deliverychallans"), 1);
    r = sales_call("GET", "/deliverychallans?status=nonsense", NULL);
    expect_error(&r, 400, 2, "Invalid value passed for status");
    tresponse_free(&r);
    free(acme), free(zeta), free(a1), free(a2), free(z1), free(laptop), free(order), free(p1), free(p2), free(ship),
        free(dc1), free(dc2);
}

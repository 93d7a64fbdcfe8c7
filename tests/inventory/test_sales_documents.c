/* test_sales_documents.c -- printed PDFs, e-mail and the outbox, templates, sales returns, delivery challans, retainer invoices */
#include <criterion/criterion.h>

#include "pdf_check.h"
#include "sales_util.h"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(sales_documents, .init = start, .fini = stop);

static char *invoice_for(const char *customer, const char *item)
{
    char body[256];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"%s\",\"quantity\":2}]}", customer,
             item);
    return sales_create("/invoices", body, "invoice.invoice_id");
}

static void expect_pdf_answer(const tresponse *r, const char *first, const char *second)
{
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_not_null(strstr(r->headers, "Content-Type: application/pdf"), "%s", r->headers);
    expect_pdf(r->body, strlen(r->body), first, second, NULL);
}

Test(sales_documents, invoices_print_as_pdf_and_html)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *i1 = invoice_for(customer, LAPTOP15), *i2 = invoice_for(customer, SURGE);
    tresponse r = sales_callf("GET", NULL, "/invoices/%s?accept=pdf", i1);
    expect_pdf_answer(&r, "Invoice INV-000001", "Customer: Acme Ltd");
    cr_assert_not_null(strstr(r.headers, "filename=\"INV-000001.pdf\""), "%s", r.headers);
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/invoices/%s?print=true", i1);
    expect_pdf_answer(&r, "Laptop 15-inch", "1798.00");
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/invoices/pdf?invoice_ids=%s,%s", i1, i2);
    expect_pdf_answer(&r, "Invoice INV-000001", "Invoice INV-000002");
    cr_assert_not_null(strstr(r.body, "/Count 2"), "a page each");
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/invoices/print?invoice_ids=%s", i2);
    expect_pdf_answer(&r, "Invoice INV-000002", "Surge Protector 6-outlet");
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/invoices/pdf?invoice_ids=%s,4815000000999999", i1);
    expect_error(&r, 404, 1002, "Invoice does not exist.");
    tresponse_free(&r);
    r = sales_call("GET", "/invoices/pdf", NULL);
    expect_error(&r, 400, 11, "The parameter invoice_ids is mandatory.");
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/invoices/%s?accept=html", i1);
    cr_assert_eq(r.status, 200);
    cr_assert_not_null(strstr(r.headers, "Content-Type: text/html"), "%s", r.headers);
    cr_assert_not_null(strstr(r.body, "<h1>Invoice INV-000001</h1>"), "%s", r.body);
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/invoices/%s?accept=xml", i1);
    expect_error(&r, 400, 2, "Invalid value passed for accept");
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/invoices/%s?accept=json", i1);
    expect_ok(&r, 200, "success");
    tresponse_free(&r);
    free(customer), free(i1), free(i2);
}

Test(sales_documents, packing_slips_credit_notes_challans_and_retainers_print)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char body[256];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":4}]}", customer);
    char *order = sales_create("/salesorders", body, "sales_order.salesorder_id");
    tresponse r = sales_callf("POST", NULL, "/salesorders/%s/status/confirmed", order);
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/salesorders/%s", order);
    char *line = sales_str(&r, "salesorder.line_items.0.line_item_id");
    tresponse_free(&r);
    char path[128];
    snprintf(path, sizeof path, "/packages?salesorder_id=%s", order);
    snprintf(body, sizeof body, "{\"date\":\"2026-03-02\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":4}]}", line);
    char *pkg = sales_create(path, body, "package.package_id");
    r = sales_callf("GET", NULL, "/packages/print?package_ids=%s", pkg);
    expect_pdf_answer(&r, "Package PKG-00001", "Surge Protector 6-outlet");
    tresponse_free(&r);

    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"date\":\"2026-03-04\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"rate\":7}]}",
             customer);
    char *cn = sales_create("/creditnotes", body, "creditnote.creditnote_id");
    r = sales_callf("GET", NULL, "/creditnotes/%s?accept=pdf", cn);
    expect_pdf_answer(&r, "Credit Note CN-00001", "7.00");
    tresponse_free(&r);
    char *dc = sales_create("/deliverychallans", body, "deliverychallan.deliverychallan_id");
    r = sales_callf("GET", NULL, "/deliverychallans/%s?print=true", dc);
    expect_pdf_answer(&r, "Delivery Challan DC-00001", "Customer: Acme Ltd");
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/deliverychallans/%s?print=maybe", dc);
    expect_zoho(&r, 400, 2);
    tresponse_free(&r);
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"description\":\"Advance\",\"rate\":250}]}", customer);
    char *ret = sales_create("/retainerinvoices", body, "retainerinvoice.retainerinvoice_id");
    r = sales_call("GET", "/retainerinvoices?print=true", NULL);
    expect_pdf_answer(&r, "Retainer Invoice RET-00001", "250.00");
    tresponse_free(&r);
    free(customer), free(order), free(line), free(pkg), free(cn), free(dc), free(ret);
}

Test(sales_documents, invoice_mail_draft_send_history_and_outbox)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *invoice = invoice_for(customer, LAPTOP15);
    tresponse r = sales_callf("GET", NULL, "/invoices/%s/email", invoice);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "data.to_contacts.0.email"), "ann@acme.test");
    cr_assert_str_eq(tjson_str(r.json, "data.subject"), "Invoice - INV-000001 from Zylker Electronics");
    cr_assert_str_eq(tjson_str(r.json, "data.file_name"), "INV-000001.pdf");
    cr_assert_not_null(strstr(tjson_str(r.json, "data.body"), "Dear Acme Ltd"), "%s", r.body);
    tresponse_free(&r);
    r = sales_callf("POST", "{\"cc_mail_ids\":[\"boss@acme.test\"]}", "/invoices/%s/email", invoice);
    expect_error(&r, 400, 11, "The parameter to_mail_ids is mandatory.");
    tresponse_free(&r);
    r = sales_callf("POST", "{\"to_mail_ids\":[\"ann@acme.test\"],\"cc_mail_ids\":[\"boss@acme.test\"]}", "/invoices/%s/email",
                    invoice);
    expect_ok(&r, 200, "Your invoice has been sent.");
    tresponse_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/invoices/%s", invoice);
    char *status = sales_get_str(path, "invoice.status");
    cr_assert_str_eq(status, "sent", "a draft e-mailed is sent");
    cr_assert_eq(sales_get_num(path, "invoice.is_emailed"), 1);
    r = treq("GET", "/__admin/outbox?organization_id=" ORG_ID, NULL, NULL);
    cr_assert_eq(tjson_num(r.json, "count"), 1, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "outbox.0.module"), "invoices");
    cr_assert_str_eq(tjson_str(r.json, "outbox.0.record_id"), invoice);
    cr_assert_str_eq(tjson_str(r.json, "outbox.0.document_number"), "INV-000001");
    cr_assert_str_eq(tjson_str(r.json, "outbox.0.cc.0"), "boss@acme.test");
    cr_assert_str_eq(tjson_str(r.json, "outbox.0.attachments.0"), "INV-000001.pdf");
    cr_assert_str_eq(tjson_str(r.json, "outbox.0.subject"), "Invoice - INV-000001 from Zylker Electronics");
    tresponse_free(&r);

    /* Bulk: every invoice to its customer; created with ?send=true: sent at once. */
    char *nobody = sales_create("/contacts", "{\"contact_name\":\"No Mail\"}", "contact.contact_id");
    char *unreachable = invoice_for(nobody, SURGE);
    char *second = invoice_for(customer, SURGE);
    r = sales_callf("POST", NULL, "/invoices/email?invoice_ids=%s,%s", second, unreachable);
    expect_error_part(&r, 400, 4, "has no e-mail address");
    tresponse_free(&r);
    r = sales_callf("POST", NULL, "/invoices/email?invoice_ids=%s", second);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    char body[256];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}", customer);
    char *sent = sales_create("/invoices?send=true", body, "invoice.status");
    cr_assert_str_eq(sent, "sent");
    r = treq("GET", "/__admin/outbox", NULL, NULL);
    cr_assert_eq(tjson_num(r.json, "count"), 3, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "outbox.2.document_number"), "INV-000004");
    tresponse_free(&r);

    /* A credit note keeps its mail history. */
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"date\":\"2026-03-04\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}",
             customer);
    char *cn = sales_create("/creditnotes", body, "creditnote.creditnote_id");
    r = sales_callf("POST", "{\"to_mail_ids\":[\"ann@acme.test\"],\"subject\":\"Credit\",\"body\":\"Yours\"}",
                    "/creditnotes/%s/email", cn);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/creditnotes/%s/emailhistory", cn);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "email_history.0.subject"), "Credit");
    cr_assert_str_eq(tjson_str(r.json, "email_history.0.to_mail_ids.0"), "ann@acme.test");
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/invoices/%s/paymentreminder", invoice);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "data.subject"), "Payment Reminder - INV-000001 from Zylker Electronics");
    tresponse_free(&r);
    r = sales_callf("POST", NULL, "/invoices/%s/paymentreminder/disable", invoice);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    cr_assert_eq(sales_get_num(path, "invoice.payment_reminder_enabled"), 0);
    r = sales_callf("POST", NULL, "/invoices/%s/paymentreminder/enable", invoice);
    tresponse_free(&r);
    cr_assert_eq(sales_get_num(path, "invoice.payment_reminder_enabled"), 1);
    free(customer), free(invoice), free(status), free(nobody), free(unreachable), free(second), free(sent), free(cn);
}

Test(sales_documents, templates_list_apply_and_check)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *invoice = invoice_for(customer, LAPTOP15);
    tresponse r = sales_call("GET", "/invoices/templates", NULL);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "templates")), 3);
    char *spreadsheet = sales_str(&r, "templates.1.template_id");
    tresponse_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/invoices/%s", invoice);
    char *name = sales_get_str(path, "invoice.template_name");
    cr_assert_str_eq(name, "Standard", "the default");
    free(name);
    r = sales_callf("PUT", NULL, "/invoices/%s/templates/%s", invoice, spreadsheet);
    expect_ok(&r, 200, "Invoice information has been updated.");
    tresponse_free(&r);
    name = sales_get_str(path, "invoice.template_name");
    cr_assert_str_eq(name, "Spreadsheet");
    r = sales_callf("PUT", NULL, "/invoices/%s/templates/4815000000999999", invoice);
    expect_error(&r, 404, 1002, "Template does not exist.");
    tresponse_free(&r);
    char body[256];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"template_id\":\"12\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}", customer);
    r = sales_call("POST", "/invoices", body);
    expect_error(&r, 400, 4, "Invalid value passed for template_id");
    tresponse_free(&r);
    r = sales_call("GET", "/creditnotes/templates", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "templates")), 2, "%s", r.body);
    tresponse_free(&r);
    free(customer), free(invoice), free(spreadsheet), free(name);
}

Test(sales_documents, returns_of_shipped_lines_and_their_receives)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char body[320], path[160];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":5}]}", customer);
    char *order = sales_create("/salesorders", body, "sales_order.salesorder_id");
    tresponse r = sales_callf("POST", NULL, "/salesorders/%s/status/confirmed", order);
    tresponse_free(&r);
    snprintf(path, sizeof path, "/salesorders/%s", order);
    char *line = sales_get_str(path, "salesorder.line_items.0.line_item_id");
    snprintf(path, sizeof path, "/salesreturns?salesorder_id=%s", order);
    snprintf(body, sizeof body, "{\"date\":\"2026-03-09\",\"line_items\":[{\"salesorder_item_id\":\"%s\",\"quantity\":1}]}", line);
    r = sales_call("POST", path, body);
    expect_error_part(&r, 400, 4, "shipped and not returned");
    tresponse_free(&r);
    snprintf(path, sizeof path, "/packages?salesorder_id=%s", order);
    snprintf(body, sizeof body, "{\"date\":\"2026-03-02\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":3}]}", line);
    char *pkg = sales_create(path, body, "package.package_id");
    snprintf(path, sizeof path, "/shipmentorders?package_ids=%s&salesorder_id=%s", pkg, order);
    char *ship = sales_create(path, "{\"date\":\"2026-03-03\",\"delivery_method\":\"UPS\",\"tracking_number\":\"1Z\"}",
                              "shipment_order.shipment_id");
    snprintf(path, sizeof path, "/salesreturns?salesorder_id=%s", order);
    snprintf(body, sizeof body,
             "{\"date\":\"2026-03-09\",\"reason\":\"damaged\",\"line_items\":[{\"salesorder_item_id\":\"%s\",\"quantity\":4}]}", line);
    r = sales_call("POST", path, body);
    expect_error_part(&r, 400, 4, "the 3 shipped");
    tresponse_free(&r);
    snprintf(body, sizeof body,
             "{\"date\":\"2026-03-09\",\"reason\":\"damaged\",\"line_items\":[{\"salesorder_item_id\":\"%s\",\"quantity\":2}]}", line);
    r = sales_call("POST", path, body);
    expect_ok(&r, 201, NULL);
    cr_assert_str_eq(tjson_str(r.json, "salesreturn.salesreturn_number"), "RMA-00001");
    cr_assert_str_eq(tjson_str(r.json, "salesreturn.salesreturn_status"), "approved");
    cr_assert_str_eq(tjson_str(r.json, "salesreturn.line_items.0.name"), "Surge Protector 6-outlet");
    char *ret = sales_str(&r, "salesreturn.salesreturn_id");
    char *ret_line = sales_str(&r, "salesreturn.line_items.0.line_item_id");
    tresponse_free(&r);

    snprintf(path, sizeof path, "/salesreturnreceives?salesreturn_id=%s", ret);
    snprintf(body, sizeof body, "{\"date\":\"2026-03-10\",\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":3}]}", ret_line);
    r = sales_call("POST", path, body);
    expect_error_part(&r, 400, 4, "left to receive");
    tresponse_free(&r);
    snprintf(body, sizeof body, "{\"date\":\"2026-03-10\",\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":1}]}", ret_line);
    char *rcv = sales_create(path, body, "salesreturn.receive_id");
    snprintf(path, sizeof path, "/salesreturns/%s", ret);
    char *st = sales_get_str(path, "salesreturn.receive_status");
    cr_assert_str_eq(st, "partially_received");
    free(st);
    char *listed = sales_get_str(path, "salesreturn.salesreturnreceives.0.receive_id");
    cr_assert_str_eq(listed, rcv);
    r = sales_call("DELETE", path, NULL);
    expect_error(&r, 400, 4251, "Sales Return cannot be deleted: it has receives.");
    tresponse_free(&r);
    r = sales_callf("DELETE", NULL, "/salesreturnreceives/%s", rcv);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    st = sales_get_str(path, "salesreturn.receive_status");
    cr_assert_str_eq(st, "unreceived");
    free(st);
    r = sales_call("DELETE", path, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    free(customer), free(order), free(line), free(pkg), free(ship), free(ret), free(ret_line), free(rcv), free(listed);
}

static void expect_challan(const char *dc, const char *status, int returned)
{
    tresponse r = sales_callf("GET", NULL, "/deliverychallans/%s", dc);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "deliverychallan.status"), status, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "deliverychallan.has_qty_returned"), returned, "%s", r.body);
    tresponse_free(&r);
}

Test(sales_documents, delivery_challans_move_return_and_undo)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char body[256];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"challan_type\":\"others\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":2}]}",
             customer);
    char *dc = sales_create("/deliverychallans", body, "deliverychallan.deliverychallan_id");
    char *dc2 = sales_create("/deliverychallans", body, "deliverychallan.deliverychallan_id");
    expect_challan(dc, "draft", 0);
    tresponse r = sales_callf("POST", NULL, "/deliverychallans/%s/status/delivered", dc);
    expect_error(&r, 400, 4250, "Delivery Challan cannot be marked as delivered: its status is draft.");
    tresponse_free(&r);
    r = sales_callf("POST", NULL, "/deliverychallans/%s/status/open", dc);
    tresponse_free(&r);
    r = sales_callf("POST", NULL, "/deliverychallans/%s/status/delivered", dc);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = sales_callf("POST", NULL, "/deliverychallans/%s/status/undelivered", dc);
    tresponse_free(&r);
    expect_challan(dc, "open", 0);
    r = sales_callf("POST", NULL, "/deliverychallans/%s/status/delivered", dc);
    tresponse_free(&r);
    /* Bulk return: all or nothing (dc2 is a draft). */
    r = sales_callf("PUT", NULL, "/deliverychallans/return?deliverychallan_ids=%s,%s", dc, dc2);
    expect_error(&r, 400, 4250, "Delivery Challan cannot be marked as returned: its status is draft.");
    tresponse_free(&r);
    expect_challan(dc, "delivered", 0);
    r = sales_callf("PUT", NULL, "/deliverychallans/return?deliverychallan_ids=%s", dc);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    expect_challan(dc, "returned", 1);
    char path[96];
    snprintf(path, sizeof path, "/deliverychallans/%s", dc);
    cr_assert_eq(sales_get_num(path, "deliverychallan.line_items.0.quantity_returned"), 2);
    r = sales_call("PUT", path, "{\"notes\":\"x\"}");
    expect_error(&r, 400, 4250, "Delivery Challan cannot be edited: its status is returned.");
    tresponse_free(&r);
    r = sales_callf("PUT", NULL, "/deliverychallans/undo/return?deliverychallan_ids=%s", dc);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    expect_challan(dc, "delivered", 0);
    cr_assert_eq(sales_get_num(path, "deliverychallan.line_items.0.quantity_returned"), 0);
    free(customer), free(dc), free(dc2);
}

Test(sales_documents, retainer_invoices_bill_amounts_and_are_sent)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char body[320];
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"line_items\":[{\"description\":\"Advance\",\"rate\":250},{\"description\":\"Deposit\",\"rate\":50.5}]}",
             customer);
    tresponse r = sales_call("POST", "/retainerinvoices", body);
    expect_ok(&r, 201, NULL);
    cr_assert_str_eq(tjson_str(r.json, "retainerinvoice.retainerinvoice_number"), "RET-00001");
    cr_assert_str_eq(tjson_str(r.json, "retainerinvoice.status"), "draft");
    cr_assert_eq(tjson_num(r.json, "retainerinvoice.sub_total"), 300.5);
    cr_assert_str_eq(tjson_str(r.json, "retainerinvoice.total"), "300.5", "the document types it as a string");
    char *ret = sales_str(&r, "retainerinvoice.retainerinvoice_id");
    tresponse_free(&r);
    r = sales_callf("POST", "{\"to_mail_ids\":[\"ann@acme.test\"]}", "/retainerinvoices/%s/email", ret);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/retainerinvoices/%s", ret);
    char *status = sales_get_str(path, "retainerinvoice.status");
    cr_assert_str_eq(status, "sent");
    r = sales_callf("POST", NULL, "/retainerinvoices/%s/status/void", ret);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = sales_call("PUT", path, "{\"notes\":\"x\"}");
    expect_error_part(&r, 400, 4, "void");
    tresponse_free(&r);
    r = sales_callf("POST", NULL, "/retainerinvoices/%s/status/draft", ret);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    free(customer), free(ret), free(status);
}

Test(sales_documents, comments_have_ids_authors_and_can_be_edited)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *invoice = invoice_for(customer, SURGE);
    tresponse r = sales_callf("POST", "{\"description\":\"Call before delivery\"}", "/invoices/%s/comments", invoice);
    expect_ok(&r, 200, "Comments added.");
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/invoices/%s/comments", invoice);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "comments.0.description"), "Call before delivery");
    cr_assert_str_eq(tjson_str(r.json, "comments.0.commented_by"), "John Smith");
    cr_assert_str_eq(tjson_str(r.json, "comments.0.invoice_id"), invoice);
    char *comment = sales_str(&r, "comments.0.comment_id");
    cr_assert_gt(strlen(comment), 0);
    tresponse_free(&r);
    r = sales_callf("PUT", "{\"description\":\"Call twice\"}", "/invoices/%s/comments/%s", invoice, comment);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/invoices/%s/comments", invoice);
    cr_assert_str_eq(tjson_str(r.json, "comments.0.description"), "Call twice", "%s", r.body);
    tresponse_free(&r);
    r = sales_callf("DELETE", NULL, "/invoices/%s/comments/%s", invoice, comment);
    expect_ok(&r, 200, "The comment has been deleted.");
    tresponse_free(&r);
    r = sales_callf("DELETE", NULL, "/invoices/%s/comments/%s", invoice, comment);
    expect_zoho(&r, 404, 1002);
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/invoices/%s/comments", invoice);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "comments")), 0, "%s", r.body);
    tresponse_free(&r);
    free(customer), free(invoice), free(comment);
}

Test(sales_documents, created_by_the_caller_and_sub_lists_page)
{
    char *customer = sales_create("/contacts",
                                  "{\"contact_name\":\"Paged\",\"contact_persons\":[{\"first_name\":\"A\"},{\"first_name\":\"B\"},"
                                  "{\"first_name\":\"C\"}]}",
                                  "contact.contact_id");
    tresponse r = sales_callf("GET", NULL, "/contacts/%s/contactpersons?page=2&per_page=2", customer);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "contact_persons")), 1, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "contact_persons.0.first_name"), "C");
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/contacts/%s/contactpersons?per_page=0", customer);
    expect_error(&r, 400, 2, "Invalid value passed for per_page");
    tresponse_free(&r);
    char body[256];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}", customer);
    char *dc = sales_create("/deliverychallans", body, "deliverychallan.created_by_id");
    cr_assert_str_eq(dc, "4815000000012345", "John Smith, the token's user");
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"description\":\"Advance\",\"rate\":5}]}", customer);
    char *ret = sales_create("/retainerinvoices", body, "retainerinvoice.retainerinvoice_id");
    r = sales_call("GET", "/retainerinvoices?filter_by=Status.Unpaid", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "retainerinvoices")), 0, "a draft is not unpaid: %s", r.body);
    tresponse_free(&r);
    r = sales_callf("POST", NULL, "/retainerinvoices/%s/status/sent", ret);
    tresponse_free(&r);
    r = sales_call("GET", "/retainerinvoices?filter_by=Status.Unpaid", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "retainerinvoices")), 1, "%s", r.body);
    tresponse_free(&r);
    free(customer), free(dc), free(ret);
}

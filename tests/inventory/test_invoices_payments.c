/* test_invoices_payments.c -- invoices over HTTP: due dates, payments, credit notes, refunds, write-offs, receivables */
#include <criterion/criterion.h>

#include "sales_util.h"

static void start(void)
{
    tserver_start(NULL);
    sales_freeze_clock("2026-03-10T09:00:00+0530");
}
static void stop(void) { tserver_stop(); }

TestSuite(invoices, .init = start, .fini = stop);

/* An invoice of one laptop (899) dated 2026-03-01 for the customer. */
static char *invoice_for(const char *customer)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"date\":\"2026-03-01\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\"}]}", customer);
    return sales_create("/invoices", body, "invoice.invoice_id");
}

static void mark_sent(const char *invoice)
{
    tresponse r = sales_callf("POST", NULL, "/invoices/%s/status/sent", invoice);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
}

static char *pay(const char *customer, const char *invoice, double amount, double applied)
{
    char body[320];
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"payment_mode\":\"banktransfer\",\"amount\":%g,\"date\":\"2026-03-05\","
             "\"invoices\":[{\"invoice_id\":\"%s\",\"amount_applied\":%g}]}", customer, amount, invoice, applied);
    return sales_create("/customerpayments", body, "payment.payment_id");
}

static void expect_invoice(const char *invoice, const char *status, double paid, double credits, double balance)
{
    tresponse r = sales_callf("GET", NULL, "/invoices/%s", invoice);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "invoice.status"), status, "%s", r.body);
    cr_assert_eq(sales_num(r.json, "invoice.payment_made"), paid, "%s", r.body);
    cr_assert_eq(sales_num(r.json, "invoice.credits_applied"), credits, "%s", r.body);
    cr_assert_eq(sales_num(r.json, "invoice.balance"), balance, "%s", r.body);
    tresponse_free(&r);
}

static double receivable(const char *customer, const char *field)
{
    char path[96], dotted[96];
    snprintf(path, sizeof path, "/contacts/%s", customer);
    snprintf(dotted, sizeof dotted, "contact.%s", field);
    return sales_get_num(path, dotted);
}

Test(invoices, due_date_from_terms_and_overdue_by_the_clock)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *invoice = invoice_for(customer);
    char path[96];
    snprintf(path, sizeof path, "/invoices/%s", invoice);
    char *due = sales_get_str(path, "invoice.due_date");
    cr_assert_str_eq(due, "2026-03-16", "the customer's Net 15");
    char *label = sales_get_str(path, "invoice.payment_terms_label");
    cr_assert_str_eq(label, "Net 15");
    expect_invoice(invoice, "draft", 0, 0, 899);
    cr_assert_eq(receivable(customer, "outstanding_receivable_amount"), 0, "drafts are not receivable");
    mark_sent(invoice);
    expect_invoice(invoice, "sent", 0, 0, 899);
    cr_assert_eq(receivable(customer, "outstanding_receivable_amount"), 899);
    /* Past the due date it prints overdue, and lists under it. */
    tresponse r = treq("PUT", "/__admin/clock", NULL, "{\"organization_id\":\"" ORG_ID "\",\"advance\":\"P10D\"}");
    tresponse_free(&r);
    expect_invoice(invoice, "overdue", 0, 0, 899);
    r = sales_call("GET", "/invoices?filter_by=Status.OverDue", NULL);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "invoices")), 1, "%s", r.body);
    tresponse_free(&r);
    r = sales_call("GET", "/invoices?status=sent", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "invoices")), 0, "%s", r.body);
    tresponse_free(&r);
    r = sales_call("POST", "/invoices", "{\"customer_id\":\"1\",\"line_items\":[{\"item_id\":\"" LAPTOP15 "\"}]}");
    expect_error(&r, 400, 4, "Invalid value passed for customer_id");
    tresponse_free(&r);
    free(customer), free(invoice), free(due), free(label);
}

Test(invoices, payments_settle_the_balance_and_status)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *invoice = invoice_for(customer);
    char body[320];
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"payment_mode\":\"cash\",\"amount\":100,"
             "\"invoices\":[{\"invoice_id\":\"%s\",\"amount_applied\":100}]}", customer, invoice);
    tresponse r = sales_call("POST", "/customerpayments", body);
    expect_error(&r, 400, 4250, "Invoice cannot be paid: its status is draft.");
    tresponse_free(&r);
    mark_sent(invoice);
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"payment_mode\":\"cash\",\"amount\":1000,"
             "\"invoices\":[{\"invoice_id\":\"%s\",\"amount_applied\":900}]}", customer, invoice);
    r = sales_call("POST", "/customerpayments", body);
    expect_error_part(&r, 400, 4, "more than its balance");
    tresponse_free(&r);
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"payment_mode\":\"cash\",\"amount\":100,"
             "\"invoices\":[{\"invoice_id\":\"%s\",\"amount_applied\":150}]}", customer, invoice);
    r = sales_call("POST", "/customerpayments", body);
    expect_error_part(&r, 400, 4, "more than the payment's amount");
    tresponse_free(&r);
    expect_invoice(invoice, "sent", 0, 0, 899);

    char *p1 = pay(customer, invoice, 300, 300);
    expect_invoice(invoice, "partially_paid", 300, 0, 599);
    cr_assert_eq(receivable(customer, "outstanding_receivable_amount"), 599);
    char *p2 = pay(customer, invoice, 700, 599);
    expect_invoice(invoice, "paid", 899, 0, 0);
    cr_assert_eq(receivable(customer, "outstanding_receivable_amount"), 0);
    cr_assert_eq(receivable(customer, "unused_credits_receivable_amount"), 101, "p2's unused 101");
    char path[96];
    snprintf(path, sizeof path, "/customerpayments/%s", p2);
    cr_assert_eq(sales_get_num(path, "payment.unused_amount"), 101);
    cr_assert_eq(sales_get_num(path, "payment.invoices.0.balance_amount"), 0);

    /* The invoice's payments, and taking one back. */
    r = sales_callf("GET", NULL, "/invoices/%s/payments", invoice);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "payments")), 2, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "payments.0.payment_id"), p1);
    cr_assert_eq(tjson_num(r.json, "payments.0.amount"), 300);
    char *line = sales_str(&r, "payments.0.invoice_payment_id");
    tresponse_free(&r);
    r = sales_callf("POST", NULL, "/invoices/%s/status/void", invoice);
    expect_error_part(&r, 400, 4, "payments or credits");
    tresponse_free(&r);
    r = sales_callf("DELETE", NULL, "/invoices/%s", invoice);
    expect_zoho(&r, 400, 4251);
    tresponse_free(&r);
    r = sales_callf("DELETE", NULL, "/invoices/%s/payments/%s", invoice, line);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    expect_invoice(invoice, "partially_paid", 599, 0, 300);
    snprintf(path, sizeof path, "/customerpayments/%s", p1);
    cr_assert_eq(sales_get_num(path, "payment.unused_amount"), 300);
    cr_assert_eq(receivable(customer, "unused_credits_receivable_amount"), 401);

    /* Unused amounts pay it later (POST /invoices/{id}/credits). */
    snprintf(body, sizeof body, "{\"invoice_payments\":[{\"payment_id\":\"%s\",\"amount_applied\":301}]}", p1);
    r = sales_callf("POST", body, "/invoices/%s/credits", invoice);
    expect_error_part(&r, 400, 4, "unused");
    tresponse_free(&r);
    snprintf(body, sizeof body, "{\"invoice_payments\":[{\"payment_id\":\"%s\",\"amount_applied\":300}]}", p1);
    r = sales_callf("POST", body, "/invoices/%s/credits", invoice);
    expect_ok(&r, 200, "Credits have been applied to the invoice(s).");
    tresponse_free(&r);
    expect_invoice(invoice, "paid", 899, 0, 0);

    /* Deleting a payment gives its amount back to the invoice. */
    r = sales_callf("DELETE", NULL, "/customerpayments/%s", p2);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    expect_invoice(invoice, "partially_paid", 300, 0, 599);
    cr_assert_eq(receivable(customer, "outstanding_receivable_amount"), 599);
    cr_assert_eq(receivable(customer, "unused_credits_receivable_amount"), 0);
    free(customer), free(invoice), free(p1), free(p2), free(line);
}

Test(invoices, back_to_draft_from_sent_or_void_without_payments)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *invoice = invoice_for(customer);
    mark_sent(invoice);
    tresponse r = sales_callf("POST", NULL, "/invoices/%s/status/draft", invoice);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    expect_invoice(invoice, "draft", 0, 0, 899);
    mark_sent(invoice);
    char *p = pay(customer, invoice, 10, 10);
    r = sales_callf("POST", NULL, "/invoices/%s/status/draft", invoice);
    expect_error(&r, 400, 4250, "Invoice cannot be marked as draft: its status is partially_paid.");
    tresponse_free(&r);
    free(customer), free(invoice), free(p);
}

Test(invoices, write_off_and_its_cancel)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *invoice = invoice_for(customer);
    tresponse r = sales_callf("POST", NULL, "/invoices/%s/writeoff", invoice);
    expect_error(&r, 400, 4250, "Invoice cannot be marked as paid: its status is draft.");
    tresponse_free(&r);
    mark_sent(invoice);
    char *p = pay(customer, invoice, 99, 99);
    r = sales_callf("POST", NULL, "/invoices/%s/writeoff", invoice);
    expect_ok(&r, 200, "Invoice has been written off");
    tresponse_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/invoices/%s", invoice);
    cr_assert_eq(sales_get_num(path, "invoice.write_off_amount"), 800);
    expect_invoice(invoice, "paid", 99, 0, 0);
    r = sales_callf("POST", NULL, "/invoices/%s/writeoff/cancel", invoice);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    expect_invoice(invoice, "partially_paid", 99, 0, 800);
    free(customer), free(invoice), free(p);
}

static char *credit_note_for(const char *customer, double rate)
{
    char body[320];
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"date\":\"2026-03-06\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":2,\"rate\":%g}]}",
             customer, rate);
    return sales_create("/creditnotes", body, "creditnote.creditnote_id");
}

static void expect_credit_note(const char *cn, const char *status, double balance)
{
    tresponse r = sales_callf("GET", NULL, "/creditnotes/%s", cn);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "creditnote.status"), status, "%s", r.body);
    cr_assert_eq(sales_num(r.json, "creditnote.balance"), balance, "%s", r.body);
    tresponse_free(&r);
}

Test(invoices, credit_notes_credit_invoices_and_are_refunded)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *invoice = invoice_for(customer);
    char *cn = credit_note_for(customer, 50);
    expect_credit_note(cn, "open", 100);
    cr_assert_eq(receivable(customer, "unused_credits_receivable_amount"), 100);
    char body[256];
    snprintf(body, sizeof body, "{\"invoices\":[{\"invoice_id\":\"%s\",\"amount_applied\":30}]}", invoice);
    tresponse r = sales_callf("POST", body, "/creditnotes/%s/invoices", cn);
    expect_error(&r, 400, 4250, "Invoice cannot be credited: its status is draft.");
    tresponse_free(&r);
    mark_sent(invoice);
    snprintf(body, sizeof body, "{\"invoices\":[{\"invoice_id\":\"%s\",\"amount_applied\":130}]}", invoice);
    r = sales_callf("POST", body, "/creditnotes/%s/invoices", cn);
    expect_error_part(&r, 400, 4, "balance 100.00 of credit note CN-00001");
    tresponse_free(&r);
    snprintf(body, sizeof body, "{\"invoice_id\":\"%s\",\"amount_applied\":30}", invoice);
    r = sales_callf("POST", body, "/creditnotes/%s/invoices", cn);
    expect_ok(&r, 200, "Credits have been applied to the invoice(s).");
    tresponse_free(&r);
    expect_credit_note(cn, "open", 70);
    expect_invoice(invoice, "partially_paid", 0, 30, 869);
    r = sales_callf("GET", NULL, "/invoices/%s/creditsapplied", invoice);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "credits.0.creditnote_id"), cn);
    cr_assert_eq(tjson_num(r.json, "credits.0.amount_applied"), 30);
    char *credit = sales_str(&r, "credits.0.creditnotes_invoice_id");
    tresponse_free(&r);

    /* Refunds: no more than the balance; at 0 the note is closed. */
    r = sales_callf("POST", "{\"amount\":71,\"refund_mode\":\"cash\"}", "/creditnotes/%s/refunds", cn);
    expect_error_part(&r, 400, 4, "more than the balance");
    tresponse_free(&r);
    r = sales_callf("POST", "{\"amount\":70,\"refund_mode\":\"cash\",\"date\":\"2026-03-08\"}", "/creditnotes/%s/refunds", cn);
    expect_ok(&r, 200, "The refund information for this credit note has been saved.");
    cr_assert_eq(tjson_num(r.json, "creditnote_refund.amount"), 70);
    char *refund = sales_str(&r, "creditnote_refund.creditnote_refund_id");
    tresponse_free(&r);
    expect_credit_note(cn, "closed", 0);
    cr_assert_eq(receivable(customer, "unused_credits_receivable_amount"), 0);
    r = sales_call("GET", "/creditnotes/refunds", NULL);
    expect_ok(&r, 200, NULL);
    cr_assert_str_eq(tjson_str(r.json, "creditnote_refunds.0.creditnote_refund_id"), refund);
    cr_assert_str_eq(tjson_str(r.json, "creditnote_refunds.0.creditnote_number"), "CN-00001");
    tresponse_free(&r);
    r = sales_callf("PUT", "{\"amount\":20}", "/creditnotes/%s/refunds/%s", cn, refund);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    expect_credit_note(cn, "open", 50);

    /* Void only once nothing is credited or refunded. */
    r = sales_callf("POST", NULL, "/creditnotes/%s/void", cn);
    expect_error_part(&r, 400, 4, "remove them before voiding");
    tresponse_free(&r);
    r = sales_callf("DELETE", NULL, "/creditnotes/%s/refunds/%s", cn, refund);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = sales_callf("DELETE", NULL, "/invoices/%s/creditsapplied/%s", invoice, credit);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    expect_invoice(invoice, "sent", 0, 0, 899);
    expect_credit_note(cn, "open", 100);
    r = sales_callf("POST", NULL, "/creditnotes/%s/void", cn);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    cr_assert_eq(receivable(customer, "unused_credits_receivable_amount"), 0, "a void note is no credit");
    r = sales_callf("POST", "{\"amount\":1}", "/creditnotes/%s/refunds", cn);
    expect_error(&r, 400, 4250, "Credit Note cannot be refunded: its status is void.");
    tresponse_free(&r);
    free(customer), free(invoice), free(cn), free(credit), free(refund);
}

Test(invoices, credits_apply_from_the_invoice_side_all_or_nothing)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *other = sales_customer("Other Inc", "o@other.test");
    char *invoice = invoice_for(customer);
    mark_sent(invoice);
    char *cn = credit_note_for(customer, 100), *foreign = credit_note_for(other, 100);
    char body[320];
    snprintf(body, sizeof body,
             "{\"apply_creditnotes\":[{\"creditnote_id\":\"%s\",\"amount_applied\":50},{\"creditnote_id\":\"%s\",\"amount_applied\":50}]}",
             cn, foreign);
    tresponse r = sales_callf("POST", body, "/invoices/%s/credits", invoice);
    expect_error(&r, 400, 4, "Invalid value passed for invoice_id");
    tresponse_free(&r);
    expect_credit_note(cn, "open", 200);
    snprintf(body, sizeof body, "{\"apply_creditnotes\":[{\"creditnote_id\":\"%s\",\"amount_applied\":200}]}", cn);
    r = sales_callf("POST", body, "/invoices/%s/credits", invoice);
    expect_ok(&r, 200, NULL);
    cr_assert_str_eq(tjson_str(r.json, "use_credits.apply_creditnotes.0.creditnote_id"), cn, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "use_credits.apply_creditnotes.0.amount_applied"), 200);
    cr_assert_gt(strlen(tjson_str(r.json, "use_credits.apply_creditnotes.0.creditnotes_invoice_id")), 0);
    tresponse_free(&r);
    expect_credit_note(cn, "closed", 0);
    expect_invoice(invoice, "partially_paid", 0, 200, 699);
    free(customer), free(other), free(invoice), free(cn), free(foreign);
}

Test(invoices, lists_filter_by_status_lines_and_dates)
{
    char *customer = sales_customer("Acme Ltd", "ann@acme.test");
    char *i1 = invoice_for(customer), *i2 = invoice_for(customer);
    char body[256];
    snprintf(body, sizeof body,
             "{\"customer_id\":\"%s\",\"date\":\"2026-02-01\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"description\":\"spare\"}]}",
             customer);
    char *i3 = sales_create("/invoices", body, "invoice.invoice_id");
    mark_sent(i2);
    char *p = pay(customer, i2, 10, 10);
    static const struct { const char *query; int count; } cases[] = {
        {"filter_by=Status.Draft", 2}, {"filter_by=Status.PartiallyPaid", 1}, {"filter_by=Status.Unpaid", 1},
        {"status=partially_paid", 1}, {"item_name_contains=surge", 1}, {"item_description_startswith=spa", 1},
        {"date=2026-02-01", 1}, {"due_date_before=2026-02-28", 1}, {"item_id=" LAPTOP15, 2},
        {"email=ann@acme.test", 3}, {"search_text=INV-000002", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[160];
        snprintf(path, sizeof path, "/invoices?%s", cases[i].query);
        tresponse r = sales_call("GET", path, NULL);
        expect_ok(&r, 200, "success");
        cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "invoices")), cases[i].count, "%s: %s", cases[i].query, r.body);
        tresponse_free(&r);
    }
    tresponse r = sales_call("GET", "/customerpayments?filter_by=PaymentMode.BankTransfer", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "customerpayments")), 1, "%s", r.body);
    tresponse_free(&r);
    r = sales_call("GET", "/customerpayments?filter_by=PaymentMode.Cash", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "customerpayments")), 0, "%s", r.body);
    tresponse_free(&r);
    free(customer), free(i1), free(i2), free(i3), free(p);
}

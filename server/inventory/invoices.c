/* invoices.c -- invoices: due dates, balances from payments, credits and write-offs, statuses, order lines billed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/doc_print.h"
#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. An invoice's payment_made is what customer payments
 * apply to it (their `invoices` lines), credits_applied what credit notes
 * apply (theirs), and balance = total - payment_made - credits_applied -
 * write_off_amount. Once out of draft (sent, or approved), its status
 * follows the balance: sent, partially_paid, paid; a sent or partially
 * paid invoice past its due date prints as overdue (the clock decides:
 * nothing is stored). Void invoices and drafts do not count in their
 * customer's receivables. Lines that name an order line
 * (salesorder_item_id) bill it, no more than ordered.
 *
 * Stock. Each item line has its place (its location_id, else the
 * invoice's, else the order line's it bills, else the organization's first
 * location). Once sent (sent, partially_paid, paid; overdue is sent) an
 * invoice takes the accounting stock of its item lines there; drafts,
 * invoices waiting for approval and void ones take none, so voiding,
 * marking as draft or deleting gives it back. Serial numbers and batches
 * an invoice line names are kept; they leave with the shipment. */

static bool is_open_status(const char *status)
{
    return !strcmp(status, "sent") || !strcmp(status, "partially_paid") || !strcmp(status, "paid") ||
           !strcmp(status, "overdue") || !strcmp(status, "unpaid");
}

/* Balance and status from the figures on the record. */
static void settle(cJSON *inv)
{
    double total = rec_num(inv, "total"), paid = rec_num(inv, "payment_made");
    double credits = rec_num(inv, "credits_applied"), written_off = rec_num(inv, "write_off_amount");
    double balance = doc_round(total - paid - credits - written_off);
    rec_set_num(inv, "balance", balance);
    const char *status = rec_str(inv, "status");
    if (!is_open_status(status)) return;
    if (balance <= DOC_EPSILON) rec_set_str(inv, "status", "paid");
    else if (paid + credits + written_off > DOC_EPSILON) rec_set_str(inv, "status", "partially_paid");
    else rec_set_str(inv, "status", "sent");
}

const char *invoices_live_status(zm_ctx *x, const cJSON *inv)
{
    const char *status = rec_str(inv, "status");
    if (strcmp(status, "sent") != 0 && strcmp(status, "partially_paid") != 0) return status;
    char today[16];
    sales_today(x, today);
    const char *due = rec_str(inv, "due_date");
    if (*due && strcmp(due, today) < 0 && rec_num(inv, "balance") > DOC_EPSILON) return "overdue";
    return status;
}

/* ------------------------------------------------------------ figures */

typedef struct applied {
    const char *invoice_id;
    double paid, credits;
    char last_payment_date[16];
} applied;

static void add_payment(const cJSON *p, void *arg)
{
    applied *a = arg;
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(p, "invoices")) {
        if (strcmp(rec_str(e, "invoice_id"), a->invoice_id) != 0) continue;
        a->paid += rec_num(e, "amount_applied");
        const char *date = rec_str(p, "date");
        if (strcmp(date, a->last_payment_date) > 0) snprintf(a->last_payment_date, sizeof a->last_payment_date, "%s", date);
    }
}

static void add_credits(const cJSON *cn, void *arg)
{
    applied *a = arg;
    if (!strcmp(rec_str(cn, "status"), "void")) return;
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(cn, "invoices"))
        if (!strcmp(rec_str(e, "invoice_id"), a->invoice_id)) a->credits += rec_num(e, "amount");
}

static void figure(zm_ctx *x, const char *invoice_id, cJSON *inv, const doc_view *view)
{
    applied a = {invoice_id, 0, 0, ""};
    doc_each(x, "customerpayments", view, add_payment, &a);
    doc_each(x, "creditnotes", view, add_credits, &a);
    rec_set_num(inv, "payment_made", doc_round(a.paid));
    rec_set_num(inv, "credits_applied", doc_round(a.credits));
    rec_set_str(inv, "last_payment_date", a.last_payment_date);
    settle(inv);
}

static bool order_of_lines(zm_ctx *x, const cJSON *inv, const doc_view *view);

void invoices_refresh(zm_ctx *x, const char *invoice_id, const doc_view *view)
{
    zm_doc *d = module_find(x, "invoices", invoice_id);
    if (!d) return;
    figure(x, d->id, d->json, view);
    contacts_refresh(x, rec_str(d->json, "customer_id"), view);
    order_of_lines(x, d->json, view);    /* their paid_status */
}

static void refresh_applied(zm_ctx *x, const cJSON *rec, const doc_view *view)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(rec, "invoices")) invoices_refresh(x, rec_str(e, "invoice_id"), view);
}

void invoices_follow(zm_ctx *x, const char *module, const char *id, const cJSON *before, const cJSON *after)
{
    doc_view view = {module, id, after};
    refresh_applied(x, before, &view);
    refresh_applied(x, after, &view);
    if (before) contacts_refresh(x, rec_str(before, "customer_id"), &view);
    if (after) contacts_refresh(x, rec_str(after, "customer_id"), &view);
}

/* ------------------------------------------------------------- saving */

/* Lines billing an order line: the customer's order, its item, within what is left. */
static bool check_order_lines(zm_ctx *x, cJSON *record)
{
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        const char *so_line = rec_str(l, "salesorder_item_id");
        if (!*so_line) continue;
        cJSON *ol = NULL;
        zm_doc *order = salesorders_with_line(x, so_line, &ol);
        if (!order || strcmp(rec_str(order->json, "customer_id"), rec_str(record, "customer_id")) != 0)
            return doc_invalid(x, "salesorder_item_id");
        if (!*rec_str(l, "item_id")) rec_set_str(l, "item_id", rec_str(ol, "item_id"));
        if (strcmp(rec_str(l, "item_id"), rec_str(ol, "item_id")) != 0) return doc_invalid(x, "item_id");
        const char *status = rec_str(order->json, "status");
        if (!strcmp(status, "draft") || !strcmp(status, "void")) {
            reply_error(x->rep, ZE_STATUS_MOVE, "Sales Order", "invoiced", status);
            return false;
        }
        double billed = sales_line_total(x, "invoices", "invoice_id", rec_str(record, "invoice_id"),
                                         "salesorder_item_id", so_line);
        if (billed + rec_num(l, "quantity") > rec_num(ol, "quantity") + DOC_EPSILON)
            return doc_refuse(x, "The quantity to invoice of %s (%g) is more than the %g left to invoice.",
                              rec_str(ol, "name"), rec_num(l, "quantity"), rec_num(ol, "quantity") - billed);
    }
    return true;
}

/* The location of the order line an invoice line bills. */
static const char *order_line_place(zm_ctx *x, const cJSON *line, const void *arg)
{
    (void)arg;
    cJSON *ol = NULL;
    return salesorders_with_line(x, rec_str(line, "salesorder_item_id"), &ol) ? rec_str(ol, "location_id") : "";
}

/* Payment terms and the due date they give, from the customer when not sent. */
static bool terms_and_due_date(zm_ctx *x, cJSON *record, const cJSON *body, bool created)
{
    const cJSON *contact = contacts_record(x, rec_str(record, "customer_id"));
    if (created && !json_get(body, "payment_terms") && contact)
        rec_set_num(record, "payment_terms", rec_num(contact, "payment_terms"));
    int terms = (int)rec_num(record, "payment_terms");
    if (terms < 0) return doc_invalid(x, "payment_terms");
    if (!json_get(body, "payment_terms_label") || !*rec_str(record, "payment_terms_label")) {
        char label[32];
        if (terms > 0) snprintf(label, sizeof label, "Net %d", terms);
        else snprintf(label, sizeof label, "Due on Receipt");
        rec_set_str(record, "payment_terms_label", label);
    }
    bool recompute = !json_get(body, "due_date") &&
                     (created || json_get(body, "payment_terms") || json_get(body, "date"));
    if (recompute || !*rec_str(record, "due_date")) {
        char due[16];
        sales_add_days(rec_str(record, "date"), terms, due);
        rec_set_str(record, "due_date", due);
    }
    if (strcmp(rec_str(record, "due_date"), rec_str(record, "date")) < 0) return doc_invalid(x, "due_date");
    return true;
}

static bool invoices_save(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (existing && !strcmp(rec_str(existing->json, "status"), "void"))
        return doc_refuse(x, "A void invoice cannot be edited; mark it as draft first.");
    doc_keep_line_field(record, body, "salesorder_item_id");
    if (!sales_complete_lines(x, record, body) || !sales_check_template(x, record)) return false;
    if (!check_order_lines(x, record) || !sales_place_lines(x, record, order_line_place, NULL)) return false;
    if (!terms_and_due_date(x, record, body, !existing)) return false;
    if (!existing) {
        bool send = false;
        if (!request_query_bool(x->req, x->rep, "send", false, &send)) return false;
        if (send) {
            rec_set_str(record, "status", "sent");
            rec_set_bool(record, "is_emailed", true);
        }
        if (json_get(record, "invoice_url")) {
            char *url = xasprintf("https://zohosecurepay.com/inventory/%s/secure?CInvoiceID=%s",
                                  x->org->organization_id, rec_str(record, "invoice_id"));
            rec_set_str(record, "invoice_url", url);
            free(url);
        }
    }
    if (existing) {
        double used = rec_num(existing->json, "payment_made") + rec_num(existing->json, "credits_applied");
        if (rec_num(record, "total") + DOC_EPSILON < used)
            return doc_refuse(x, "The total of invoice %s cannot be less than the %.2f paid and credited.",
                              rec_str(record, "invoice_number"), used);
    }
    return true;
}

bool invoices_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (sales_is_save(x) && !invoices_save(x, record, body, existing)) return false;
    const zm_doc *e = existing;
    if (doc_is_action(x, "status/void") && e &&
        (rec_num(e->json, "payment_made") > 0 || rec_num(e->json, "credits_applied") > 0))
        return doc_refuse(x, "Invoice %s has payments or credits applied; remove them before voiding it.",
                          rec_str(record, "invoice_number"));
    if (doc_is_action(x, "writeoff")) {
        double balance = rec_num(record, "balance");
        if (balance <= DOC_EPSILON) {
            reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, "written off", rec_str(record, "status"));
            return false;
        }
        rec_set_num(record, "write_off_amount", doc_round(rec_num(record, "write_off_amount") + balance));
    }
    if (doc_is_action(x, "writeoff/cancel")) {
        if (rec_num(record, "write_off_amount") <= DOC_EPSILON)
            return doc_refuse(x, "Invoice %s has not been written off.", rec_str(record, "invoice_number"));
        rec_set_num(record, "write_off_amount", 0);
        rec_set_str(record, "status", "sent");
    }
    if (doc_is_action(x, "paymentreminder/enable")) rec_set_bool(record, "payment_reminder_enabled", true);
    if (doc_is_action(x, "paymentreminder/disable")) rec_set_bool(record, "payment_reminder_enabled", false);
    if (doc_is_action(x, "status/draft")) rec_set_num(record, "write_off_amount", 0);
    const char *id = existing ? existing->id : rec_str(record, "invoice_id");
    figure(x, id, record, NULL);
    return true;
}

static bool order_of_lines(zm_ctx *x, const cJSON *inv, const doc_view *view)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(inv, "line_items")) {
        zm_doc *order = salesorders_with_line(x, rec_str(l, "salesorder_item_id"), NULL);
        if (order && !salesorders_refresh(x, order->id, view)) return false;
    }
    return true;
}

/* The orders it bills and its customer's receivables follow; an invoice
 * created with ?send=true goes to the outbox. */
bool invoices_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    doc_view view = {"invoices", id, after};
    if (!order_of_lines(x, before, &view) || !order_of_lines(x, after, &view)) return false;
    if (before) contacts_refresh(x, rec_str(before, "customer_id"), &view);
    if (after) contacts_refresh(x, rec_str(after, "customer_id"), &view);
    if (!before && after && cJSON_IsTrue(json_get(after, "is_emailed"))) {
        cJSON *to = contacts_emails(x, rec_str(after, "customer_id"));
        if (cJSON_GetArraySize(to)) {
            char *subject = sales_mail_subject(x, after), *text = sales_mail_text(x, after);
            char *file = xasprintf("%s.pdf", rec_str(after, "invoice_number"));
            sales_outbox_add(x, id, after, NULL, to, NULL, subject, text, file);
            free(subject);
            free(text);
            free(file);
        } else {
            cJSON_Delete(to);
        }
    }
    return true;
}

void invoices_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    if (!is_open_status(rec_str(record, "status"))) return;
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        const char *item_id = rec_str(l, "item_id"), *location_id = rec_str(l, "location_id");
        if (*location_id && sales_item_stocked(x, item_id))
            moves_add(out, item_id, location_id, "", 0, -rec_num(l, "quantity"), 0);
    }
}

bool invoices_deleting(zm_ctx *x, const zm_doc *d)
{
    if (rec_num(d->json, "payment_made") > 0 || rec_num(d->json, "credits_applied") > 0) {
        reply_error(x->rep, ZE_IN_USE, x->mod->label, "payments or credits are applied to it");
        return false;
    }
    return true;
}

void invoices_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    rec_set_str(out, "status", invoices_live_status(x, d->json));
    if (json_get(out, "has_attachment")) rec_set_bool(out, "has_attachment", d->files.n > 0);
}

/* ------------------------------------------------------------- filters */

static int line_matches(const zm_doc *d, const char *field, const char *param, const char *value)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(d->json, "line_items"))
        if (sales_text_matches(rec_str(l, field), param, value)) return 1;
    return 0;
}

/* Zoho's status views: unpaid is every sent invoice with a balance. */
static int status_matches(zm_ctx *x, const cJSON *inv, const char *want)
{
    const char *live = invoices_live_status(x, inv);
    if (!strcasecmp(want, "unpaid"))
        return (!strcmp(live, "sent") || !strcmp(live, "overdue") || !strcmp(live, "partially_paid")) &&
               rec_num(inv, "balance") > DOC_EPSILON;
    if (!strcasecmp(want, "viewed")) return cJSON_IsTrue(json_get(inv, "is_viewed_by_client"));
    return !strcasecmp(live, want);
}

int invoices_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    if (!strcmp(param, "filter_by")) {
        if (!strcasecmp(value, "Status.All")) return 1;
        if (!strcasecmp(value, "Date.PaymentExpectedDate")) return *rec_str(d->json, "payment_expected_date") != 0;
        if (!strncasecmp(value, "Status.", 7)) {
            char want[64];
            size_t k = 0;
            for (const char *p = value + 7; *p && k + 2 < sizeof want; p++) {
                if (*p >= 'A' && *p <= 'Z' && k) want[k++] = '_';
                want[k++] = (char)(*p | 0x20);
            }
            want[k] = '\0';
            if (!strcmp(want, "over_due")) snprintf(want, sizeof want, "overdue");
            return status_matches(x, d->json, want);
        }
        return -1;
    }
    if (!strcmp(param, "status")) return status_matches(x, d->json, value);
    if (!strncmp(param, "item_name", 9)) return line_matches(d, "name", param, value);
    if (!strncmp(param, "item_description", 16)) return line_matches(d, "description", param, value);
    if (!strcmp(param, "item_id")) return line_matches(d, "item_id", param, value);
    if (!strcmp(param, "email")) {
        const cJSON *p;
        cJSON_ArrayForEach(p, json_get(contacts_record(x, rec_str(d->json, "customer_id")), "contact_persons"))
            if (!strcasecmp(rec_str(p, "email"), value)) return 1;
        return 0;
    }
    if (!strncmp(param, "custom_field", 12)) {
        const cJSON *f;
        cJSON_ArrayForEach(f, json_get(d->json, "custom_fields"))
            if (sales_text_matches(rec_str(f, "value"), param, value)) return 1;
        return 0;
    }
    return -1;
}

/* GET /invoices/pdf and /invoices/print?invoice_ids=: one PDF of them all. */
void invoices_pdf(zm_ctx *x)
{
    doc_print_ids(x, "invoice_ids");
}

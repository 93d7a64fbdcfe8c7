/* payments.c -- customer payments: applying them to invoices, unused amounts, and the invoice's view of its payments and credits */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. A payment's `invoices` lines apply amounts to the
 * customer's invoices (sent, not void or draft), each no more than the
 * invoice's balance and all together no more than the payment's amount;
 * what is left is its unused_amount, a credit of the customer that
 * POST /invoices/{id}/credits can apply later. Each line gets an
 * invoice_payment_id, the id GET/DELETE /invoices/{id}/payments use.
 * Every change refreshes the invoices it touches and the customer's
 * receivables. */

static bool payable(zm_ctx *x, const cJSON *inv)
{
    const char *status = rec_str(inv, "status");
    if (!strcmp(status, "draft") || !strcmp(status, "void") || !strcmp(status, "pending_approval") ||
        !strcmp(status, "rejected")) {
        reply_error(x->rep, ZE_STATUS_MOVE, "Invoice", "paid", status);
        return false;
    }
    return true;
}

/* What this payment applied to the invoice before the change. */
static double applied_before(const zm_doc *existing, const char *invoice_id)
{
    double sum = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, (existing ? json_get(existing->json, "invoices") : NULL))
        if (!strcmp(rec_str(e, "invoice_id"), invoice_id)) sum += rec_num(e, "amount_applied");
    return sum;
}

static const char *previous_line_id(const zm_doc *existing, const char *invoice_id)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, (existing ? json_get(existing->json, "invoices") : NULL))
        if (!strcmp(rec_str(e, "invoice_id"), invoice_id)) return rec_str(e, "invoice_payment_id");
    return "";
}

static bool check_account(zm_ctx *x, cJSON *record)
{
    const char *account_id = rec_str(record, "account_id");
    if (!*account_id) return true;
    for (size_t i = 0; i < x->org->accounts.n; i++) {
        if (!strcmp(x->org->accounts.v[i].account_id, account_id)) {
            rec_set_str(record, "account_name", x->org->accounts.v[i].account_name);
            return true;
        }
    }
    return doc_invalid(x, "account_id");
}

bool payments_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    if (!sales_is_save(x)) return true;
    double amount = rec_num(record, "amount");
    if (amount <= 0) return doc_invalid(x, "amount");
    if (!check_account(x, record)) return false;
    /* What this payment applied before: the kept record (a fixture's is
     * kept before it is checked). */
    if (!existing) existing = docs_find(x->coll, rec_str(record, "payment_id"));
    const char *customer_id = rec_str(record, "customer_id");
    double applied = 0;
    char numbers[512] = "";
    size_t k = 0;
    cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(record, "invoices")) {
        const char *invoice_id = rec_str(e, "invoice_id");
        if (!*invoice_id) {
            reply_error(x->rep, ZE_PARAM_MANDATORY, "invoice_id");
            return false;
        }
        zm_doc *inv = module_find(x, "invoices", invoice_id);
        if (!inv || strcmp(rec_str(inv->json, "customer_id"), customer_id) != 0) return doc_invalid(x, "invoice_id");
        const cJSON *other;
        cJSON_ArrayForEach(other, json_get(record, "invoices"))
            if (other != e && !strcmp(rec_str(other, "invoice_id"), invoice_id)) return doc_invalid(x, "invoice_id");
        double a = rec_num(e, "amount_applied");
        if (a <= 0) return doc_invalid(x, "amount_applied");
        if (!payable(x, inv->json)) return false;
        double room = rec_num(inv->json, "balance") + applied_before(existing, invoice_id);
        if (a > room + DOC_EPSILON)
            return doc_refuse(x, "The amount applied to invoice %s (%.2f) is more than its balance %.2f.",
                              rec_str(inv->json, "invoice_number"), a, room);
        applied += a;
        const char *line_id = previous_line_id(existing, invoice_id);
        if (!*line_id) line_id = rec_str(e, "invoice_payment_id");
        if (*line_id) {
            rec_set_str(e, "invoice_payment_id", line_id);
        } else {
            zm_id id;
            org_new_id(x->org, id);
            rec_set_str(e, "invoice_payment_id", id);
        }
        rec_set_str(e, "invoice_number", rec_str(inv->json, "invoice_number"));
        rec_set_str(e, "date", rec_str(inv->json, "date"));
        if (k < sizeof numbers)
            k += (size_t)snprintf(numbers + k, sizeof numbers - k, "%s%s", k ? "," : "",
                                  rec_str(inv->json, "invoice_number"));
    }
    if (applied > amount + DOC_EPSILON)
        return doc_refuse(x, "The amounts applied to invoices (%.2f) are more than the payment's amount %.2f.",
                          applied, amount);
    rec_set_num(record, "unused_amount", doc_round(amount - applied));
    rec_set_str(record, "invoice_number", numbers);
    if (!*rec_str(record, "payment_mode")) return doc_invalid(x, "payment_mode");
    return true;
}

bool payments_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    invoices_follow(x, "customerpayments", id, before, after);
    return true;
}

/* Each applied invoice's amount and balance as they are now. */
void payments_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    (void)d;
    cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(out, "invoices")) {
        zm_doc *inv = module_find(x, "invoices", rec_str(e, "invoice_id"));
        if (!inv) continue;
        rec_set_num(e, "invoice_amount", rec_num(inv->json, "total"));
        rec_set_num(e, "balance_amount", rec_num(inv->json, "balance"));
    }
}

/* PaymentMode.BankTransfer matches "banktransfer" and "Bank Transfer". */
static void squash(const char *in, char *out, size_t size)
{
    size_t k = 0;
    for (; *in && k + 1 < size; in++)
        if (*in != ' ' && *in != '_' && *in != '-') out[k++] = (char)(*in | 0x20);
    out[k] = '\0';
}

int payments_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    if (!strcmp(param, "filter_by") && !strncasecmp(value, "PaymentMode.", 12)) {
        if (!strcasecmp(value + 12, "All")) return 1;
        char want[64], have[64];
        squash(value + 12, want, sizeof want);
        squash(rec_str(d->json, "payment_mode"), have, sizeof have);
        return !strcmp(want, have);
    }
    if (!strncmp(param, "notes", 5)) return sales_text_matches(rec_str(d->json, "description"), param, value);
    return -1;
}

/* ------------------------------------------- an invoice's payments view */

/* GET /invoices/{invoice_id}/payments */
void payments_of_invoice(zm_ctx *x)
{
    zm_doc *inv = engine_find_doc(x);
    if (!inv) return;
    cJSON *arr = cJSON_CreateArray();
    zm_collection *c = doc_collection(x, "customerpayments");
    for (size_t i = 0; i < c->docs.n; i++) {
        const cJSON *p = c->docs.v[i]->json, *e;
        cJSON_ArrayForEach(e, json_get(p, "invoices")) {
            if (strcmp(rec_str(e, "invoice_id"), inv->id) != 0) continue;
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "payment_id", c->docs.v[i]->id);
            cJSON_AddStringToObject(o, "payment_number", rec_str(p, "payment_number"));
            cJSON_AddStringToObject(o, "invoice_id", inv->id);
            cJSON_AddStringToObject(o, "invoice_payment_id", rec_str(e, "invoice_payment_id"));
            cJSON_AddStringToObject(o, "payment_mode", rec_str(p, "payment_mode"));
            cJSON_AddStringToObject(o, "description", rec_str(p, "description"));
            cJSON_AddStringToObject(o, "date", rec_str(p, "date"));
            cJSON_AddStringToObject(o, "reference_number", rec_str(p, "reference_number"));
            cJSON_AddNumberToObject(o, "exchange_rate", rec_num(p, "exchange_rate"));
            cJSON_AddNumberToObject(o, "amount", rec_num(e, "amount_applied"));
            cJSON_AddNumberToObject(o, "tax_amount_withheld", rec_num(p, "tax_amount_withheld"));
            cJSON_AddStringToObject(o, "online_transaction_id", "");
            cJSON_AddBoolToObject(o, "is_single_invoice_payment", cJSON_GetArraySize(json_get(p, "invoices")) == 1);
            cJSON_AddItemToArray(arr, o);
        }
    }
    sales_answer_array(x, arr);
}

/* DELETE /invoices/{invoice_id}/payments/{invoice_payment_id}: the
 * payment no longer pays the invoice; its amount becomes unused. */
void payments_unapply(zm_ctx *x)
{
    zm_doc *inv = engine_find_doc(x);
    if (!inv) return;
    const char *line_id = request_param(x->req, "invoice_payment_id");
    zm_collection *c = doc_collection(x, "customerpayments");
    for (size_t i = 0; line_id && i < c->docs.n; i++) {
        zm_doc *p = c->docs.v[i];
        int index = 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, json_get(p->json, "invoices")) {
            if (!strcmp(rec_str(e, "invoice_payment_id"), line_id) && !strcmp(rec_str(e, "invoice_id"), inv->id)) {
                cJSON *after = cJSON_Duplicate(p->json, true);
                cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(after, "invoices"), index);
                double applied = 0;
                const cJSON *rest;
                cJSON_ArrayForEach(rest, json_get(after, "invoices")) applied += rec_num(rest, "amount_applied");
                rec_set_num(after, "unused_amount", doc_round(rec_num(after, "amount") - applied));
                if (sales_commit(x, "customerpayments", p, after))
                    reply_success(x->rep, x->op->status, engine_message(x->op));
                return;
            }
            index++;
        }
    }
    reply_error(x->rep, ZE_NOT_FOUND, "Payment");
}

/* Applies part of a payment's unused amount to an invoice (POST
 * /invoices/{id}/credits), reported to report when given. Checked by the
 * caller. */
bool payments_apply_unused(zm_ctx *x, zm_doc *payment, const zm_doc *inv, double amount, cJSON *report)
{
    cJSON *after = cJSON_Duplicate(payment->json, true);
    cJSON *lines = cJSON_GetObjectItemCaseSensitive(after, "invoices");
    if (!cJSON_IsArray(lines)) {
        lines = cJSON_CreateArray();
        json_set(after, "invoices", lines);
    }
    cJSON *line = NULL, *e;
    cJSON_ArrayForEach(e, lines)
        if (!strcmp(rec_str(e, "invoice_id"), inv->id)) line = e;
    if (line) {
        rec_set_num(line, "amount_applied", doc_round(rec_num(line, "amount_applied") + amount));
    } else {
        line = cJSON_CreateObject();
        zm_id id;
        org_new_id(x->org, id);
        cJSON_AddStringToObject(line, "invoice_payment_id", id);
        cJSON_AddStringToObject(line, "invoice_id", inv->id);
        cJSON_AddStringToObject(line, "invoice_number", rec_str(inv->json, "invoice_number"));
        cJSON_AddStringToObject(line, "date", rec_str(inv->json, "date"));
        cJSON_AddNumberToObject(line, "invoice_amount", rec_num(inv->json, "total"));
        cJSON_AddNumberToObject(line, "amount_applied", amount);
        cJSON_AddNumberToObject(line, "balance_amount", 0);
        cJSON_AddItemToArray(lines, line);
    }
    rec_set_num(after, "unused_amount", doc_round(rec_num(after, "unused_amount") - amount));
    if (report) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "payment_id", payment->id);
        cJSON_AddStringToObject(r, "invoice_payment_id", rec_str(line, "invoice_payment_id"));
        cJSON_AddStringToObject(r, "invoice_id", inv->id);
        cJSON_AddNumberToObject(r, "amount_applied", doc_round(amount));
        cJSON_AddItemToArray(report, r);
    }
    return sales_commit(x, "customerpayments", payment, after);
}

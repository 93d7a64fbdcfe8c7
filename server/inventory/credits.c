/* credits.c -- credits applied to invoices: from credit notes and unused payments, listed and taken back from either side */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. A credit note credits an invoice with a line of its own
 * `invoices` ({creditnote_invoice_id, invoice_id, invoice_number, amount,
 * date}); POST /creditnotes/{id}/invoices and POST /invoices/{id}/credits
 * add them, both DELETEs remove one, and the invoice's credits_applied
 * and the note's balance follow (invoices_refresh, creditnotes_settle).
 * Credits go to the same customer's sent invoices, no credit note or
 * invoice over its balance, all or nothing. POST /invoices/{id}/credits
 * also applies unused payment amounts (payments_apply_unused). */

/* One credit to make: its credit note, invoice and amount. */
typedef struct credit {
    zm_doc *cn;
    zm_doc *inv;
    double amount;
} credit;

/* Refuses a credit the documents do not allow. */
static bool creditable(zm_ctx *x, const credit *c)
{
    const char *status = rec_str(c->cn->json, "status");
    if (strcmp(status, "open") != 0) {
        reply_error(x->rep, ZE_STATUS_MOVE, "Credit Note", "applied", status);
        return false;
    }
    if (strcmp(rec_str(c->inv->json, "customer_id"), rec_str(c->cn->json, "customer_id")) != 0)
        return doc_invalid(x, "invoice_id");
    const char *inv_status = rec_str(c->inv->json, "status");
    if (!strcmp(inv_status, "draft") || !strcmp(inv_status, "void") || !strcmp(inv_status, "pending_approval")) {
        reply_error(x->rep, ZE_STATUS_MOVE, "Invoice", "credited", inv_status);
        return false;
    }
    if (!isfinite(c->amount) || c->amount <= 0) return doc_invalid(x, "amount_applied");
    return true;
}

/* Makes one credit; what it made goes to report (when given) as Zoho's
 * use_credits prints it. */
static bool make_credit(zm_ctx *x, const credit *c, cJSON *report)
{
    cJSON *after = cJSON_Duplicate(c->cn->json, true);
    cJSON *lines = cJSON_GetObjectItemCaseSensitive(after, "invoices");
    if (!cJSON_IsArray(lines)) {
        lines = cJSON_CreateArray();
        json_set(after, "invoices", lines);
    }
    zm_id id;
    org_new_id(x->org, id);
    char today[16];
    sales_today(x, today);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "creditnote_invoice_id", id);
    cJSON_AddStringToObject(e, "invoice_id", c->inv->id);
    cJSON_AddStringToObject(e, "invoice_number", rec_str(c->inv->json, "invoice_number"));
    cJSON_AddNumberToObject(e, "amount", doc_round(c->amount));
    cJSON_AddStringToObject(e, "date", today);
    cJSON_AddItemToArray(lines, e);
    creditnotes_settle(after, creditnotes_refunded(c->cn));
    if (report) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "creditnote_id", c->cn->id);
        cJSON_AddStringToObject(r, "creditnotes_invoice_id", id);
        cJSON_AddStringToObject(r, "invoice_id", c->inv->id);
        cJSON_AddNumberToObject(r, "amount_applied", doc_round(c->amount));
        cJSON_AddStringToObject(r, "date", today);
        cJSON_AddItemToArray(report, r);
    }
    return sales_commit(x, "creditnotes", c->cn, after);
}

/* All credits, checked together (no credit note or invoice over its
 * balance), then made; nothing changes when one is refused. */
static bool make_credits(zm_ctx *x, const credit *cs, size_t n, cJSON *report)
{
    for (size_t i = 0; i < n; i++) {
        if (!creditable(x, &cs[i])) return false;
        double from_cn = 0, to_inv = 0;
        for (size_t k = 0; k < n; k++) {
            if (cs[k].cn == cs[i].cn) from_cn += cs[k].amount;
            if (cs[k].inv == cs[i].inv) to_inv += cs[k].amount;
        }
        if (from_cn > rec_num(cs[i].cn->json, "balance") + DOC_EPSILON)
            return doc_refuse(x, "The credits applied (%.2f) are more than the balance %.2f of credit note %s.",
                              from_cn, rec_num(cs[i].cn->json, "balance"),
                              rec_str(cs[i].cn->json, "creditnote_number"));
        if (to_inv > rec_num(cs[i].inv->json, "balance") + DOC_EPSILON)
            return doc_refuse(x, "The credits applied (%.2f) are more than the balance %.2f of invoice %s.",
                              to_inv, rec_num(cs[i].inv->json, "balance"),
                              rec_str(cs[i].inv->json, "invoice_number"));
    }
    for (size_t i = 0; i < n; i++)
        if (!make_credit(x, &cs[i], report)) return false;
    return true;
}

/* POST /creditnotes/{creditnote_id}/invoices: {"invoices": [{invoice_id,
 * amount_applied}]}, or one {invoice_id, amount_applied}. */
void creditnotes_credit_invoices(zm_ctx *x)
{
    zm_doc *cn = engine_find_doc(x);
    if (!cn) return;
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, false)) return;
    const cJSON *list = json_get(body, "invoices");
    cJSON *single = NULL;
    if (!cJSON_IsArray(list) || !cJSON_GetArraySize(list)) {
        if (!*rec_str(body, "invoice_id") && !cJSON_IsString(json_get(body, "invoice_id")) &&
            !cJSON_IsNumber(json_get(body, "invoice_id"))) {
            reply_error(x->rep, ZE_PARAM_MANDATORY, "invoice_id");
            return;
        }
        if (!json_get(body, "amount_applied")) {
            reply_error(x->rep, ZE_PARAM_MANDATORY, "amount_applied");
            return;
        }
        single = cJSON_CreateArray();
        cJSON_AddItemToArray(single, cJSON_Duplicate(body, true));
        list = single;
    }
    size_t n = (size_t)cJSON_GetArraySize(list), i = 0;
    credit *cs = xcalloc(n ? n : 1, sizeof *cs);
    const cJSON *e;
    bool ok = true;
    cJSON_ArrayForEach(e, list) {
        const cJSON *idv = json_get(e, "invoice_id");
        char id[32] = "";
        if (cJSON_IsString(idv)) snprintf(id, sizeof id, "%s", idv->valuestring);
        else if (cJSON_IsNumber(idv)) snprintf(id, sizeof id, "%.0f", idv->valuedouble);
        zm_doc *inv = module_find(x, "invoices", id);
        if (!inv) {
            ok = doc_invalid(x, "invoice_id");
            break;
        }
        cs[i++] = (credit){cn, inv, rec_num(e, "amount_applied")};
    }
    if (ok && make_credits(x, cs, i, NULL)) reply_success(x->rep, x->op->status, engine_message(x->op));
    free(cs);
    cJSON_Delete(single);
}

/* GET /creditnotes/{creditnote_id}/invoices */
void creditnotes_credited_invoices(zm_ctx *x)
{
    zm_doc *cn = engine_find_doc(x);
    if (!cn) return;
    cJSON *arr = cJSON_CreateArray();
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(cn->json, "invoices")) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "creditnote_id", cn->id);
        cJSON_AddStringToObject(o, "invoice_id", rec_str(e, "invoice_id"));
        cJSON_AddStringToObject(o, "creditnote_invoice_id", rec_str(e, "creditnote_invoice_id"));
        cJSON_AddStringToObject(o, "date", rec_str(e, "date"));
        cJSON_AddStringToObject(o, "invoice_number", rec_str(e, "invoice_number"));
        cJSON_AddStringToObject(o, "creditnote_number", rec_str(cn->json, "creditnote_number"));
        cJSON_AddNumberToObject(o, "credited_amount", rec_num(e, "amount"));
        cJSON_AddItemToArray(arr, o);
    }
    sales_answer_array(x, arr);
}

/* Removes a credit (by creditnote_invoice_id) from the credit note that
 * made it; the invoice's and credit note's balances come back. */
static bool remove_credit(zm_ctx *x, const char *invoice_id, const char *credit_id)
{
    zm_collection *c = doc_collection(x, "creditnotes");
    for (size_t i = 0; credit_id && i < c->docs.n; i++) {
        zm_doc *cn = c->docs.v[i];
        int index = 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, json_get(cn->json, "invoices")) {
            if (!strcmp(rec_str(e, "creditnote_invoice_id"), credit_id) &&
                (!invoice_id || !strcmp(rec_str(e, "invoice_id"), invoice_id))) {
                cJSON *after = cJSON_Duplicate(cn->json, true);
                cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(after, "invoices"), index);
                creditnotes_settle(after, creditnotes_refunded(cn));
                return sales_commit(x, "creditnotes", cn, after);
            }
            index++;
        }
    }
    reply_error(x->rep, ZE_NOT_FOUND, "Credit");
    return false;
}

/* DELETE /creditnotes/{creditnote_id}/invoices/{creditnote_invoice_id} */
void creditnotes_uncredit(zm_ctx *x)
{
    zm_doc *cn = engine_find_doc(x);
    if (!cn) return;
    const char *credit_id = request_param(x->req, "creditnote_invoice_id");
    const cJSON *e;
    bool mine = false;
    cJSON_ArrayForEach(e, json_get(cn->json, "invoices"))
        mine = mine || (credit_id && !strcmp(rec_str(e, "creditnote_invoice_id"), credit_id));
    if (!mine) {
        reply_error(x->rep, ZE_NOT_FOUND, "Credit");
        return;
    }
    if (remove_credit(x, NULL, credit_id)) reply_success(x->rep, x->op->status, engine_message(x->op));
}

/* GET /invoices/{invoice_id}/creditsapplied */
void creditnotes_of_invoice(zm_ctx *x)
{
    zm_doc *inv = engine_find_doc(x);
    if (!inv) return;
    cJSON *arr = cJSON_CreateArray();
    zm_collection *c = doc_collection(x, "creditnotes");
    for (size_t i = 0; i < c->docs.n; i++) {
        const cJSON *e;
        cJSON_ArrayForEach(e, json_get(c->docs.v[i]->json, "invoices")) {
            if (strcmp(rec_str(e, "invoice_id"), inv->id) != 0) continue;
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "creditnote_id", c->docs.v[i]->id);
            cJSON_AddStringToObject(o, "creditnotes_invoice_id", rec_str(e, "creditnote_invoice_id"));
            cJSON_AddStringToObject(o, "creditnotes_number", rec_str(c->docs.v[i]->json, "creditnote_number"));
            cJSON_AddStringToObject(o, "credited_date", rec_str(e, "date"));
            cJSON_AddNumberToObject(o, "amount_applied", rec_num(e, "amount"));
            cJSON_AddItemToArray(arr, o);
        }
    }
    sales_answer_array(x, arr);
}

/* DELETE /invoices/{invoice_id}/creditsapplied/{creditnotes_invoice_id} */
void creditnotes_uncredit_invoice(zm_ctx *x)
{
    zm_doc *inv = engine_find_doc(x);
    if (!inv) return;
    if (remove_credit(x, inv->id, request_param(x->req, "creditnotes_invoice_id")))
        reply_success(x->rep, x->op->status, engine_message(x->op));
}

/* POST /invoices/{invoice_id}/credits: unused payments
 * (invoice_payments: [{payment_id, amount_applied}]) and credit notes
 * (apply_creditnotes: [{creditnote_id, amount_applied}]) applied to the
 * invoice, all or nothing. */
void creditnotes_apply_to_invoice(zm_ctx *x)
{
    zm_doc *inv = engine_find_doc(x);
    if (!inv) return;
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, false)) return;
    const cJSON *pays = json_get(body, "invoice_payments"), *cns = json_get(body, "apply_creditnotes");
    if (!cJSON_GetArraySize(pays) && !cJSON_GetArraySize(cns)) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "apply_creditnotes");
        return;
    }
    size_t np = (size_t)cJSON_GetArraySize(pays), nc = (size_t)cJSON_GetArraySize(cns);
    credit *cs = xcalloc(nc + 1, sizeof *cs);
    zm_doc **pdocs = xcalloc(np + 1, sizeof *pdocs);
    double *pamounts = xcalloc(np + 1, sizeof *pamounts);
    size_t i = 0;
    double total = 0;
    bool ok = true;
    const char *inv_status = rec_str(inv->json, "status");
    const cJSON *e;
    cJSON_ArrayForEach(e, pays) {
        zm_doc *p = module_find(x, "customerpayments", rec_str(e, "payment_id"));
        if (!p || strcmp(rec_str(p->json, "customer_id"), rec_str(inv->json, "customer_id")) != 0) {
            ok = doc_invalid(x, "payment_id");
            break;
        }
        double a = rec_num(e, "amount_applied"), from_p = 0;
        if (a <= 0) {
            ok = doc_invalid(x, "amount_applied");
            break;
        }
        pdocs[i] = p;
        pamounts[i++] = a;
        for (size_t k = 0; k < i; k++) if (pdocs[k] == p) from_p += pamounts[k];
        if (from_p > rec_num(p->json, "unused_amount") + DOC_EPSILON) {
            ok = doc_refuse(x, "The amount applied (%.2f) is more than the unused %.2f of the payment.", from_p,
                            rec_num(p->json, "unused_amount"));
            break;
        }
        total += a;
    }
    if (ok && np && (!strcmp(inv_status, "draft") || !strcmp(inv_status, "void"))) {
        reply_error(x->rep, ZE_STATUS_MOVE, "Invoice", "paid", inv_status);
        ok = false;
    }
    size_t n = 0;
    cJSON_ArrayForEach(e, (ok ? cns : NULL)) {
        zm_doc *cn = module_find(x, "creditnotes", rec_str(e, "creditnote_id"));
        if (!cn) {
            ok = doc_invalid(x, "creditnote_id");
            break;
        }
        cs[n++] = (credit){cn, inv, rec_num(e, "amount_applied")};
        total += rec_num(e, "amount_applied");
    }
    if (ok && total > rec_num(inv->json, "balance") + DOC_EPSILON)
        ok = doc_refuse(x, "The credits applied (%.2f) are more than the balance %.2f of invoice %s.", total,
                        rec_num(inv->json, "balance"), rec_str(inv->json, "invoice_number"));
    for (size_t k = 0; ok && k < n; k++) ok = creditable(x, &cs[k]);
    if (ok) {
        /* Zoho answers with what it applied (use_credits). */
        cJSON *used = cJSON_CreateObject();
        cJSON *by_notes = cJSON_AddArrayToObject(used, "apply_creditnotes");
        cJSON *by_payments = cJSON_AddArrayToObject(used, "invoice_payments");
        for (size_t k = 0; ok && k < i; k++) ok = payments_apply_unused(x, pdocs[k], inv, pamounts[k], by_payments);
        if (ok) ok = make_credits(x, cs, n, by_notes);
        if (ok) {
            cJSON *answer = reply_success(x->rep, x->op->status, engine_message(x->op));
            if (x->org->numeric_ids) engine_numeric_ids(used);
            cJSON_AddItemToObject(answer, "use_credits", used);
        } else {
            cJSON_Delete(used);
        }
    }
    free(cs);
    free(pdocs);
    free(pamounts);
}

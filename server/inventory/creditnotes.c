/* creditnotes.c -- credit notes: lines, balances, statuses, applying credits to invoices, refunds */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. A credit note is open when created (draft with
 * "is_draft": true); its balance is its total less what it credits to
 * invoices (its `invoices` lines, each with a creditnote_invoice_id and a
 * date) and what was refunded (its refunds, kept beside the record). At a
 * balance of 0 it is closed, and opens again when a credit or refund is
 * removed. Credits go to the same customer's sent invoices, each no more
 * than the invoice's balance. Zoho's documents give credit note lines no
 * rate: the mock keeps the rate a client sends (else the item's) and
 * prints rate and item_total on each line, as Zoho's answers do. */

static const char *status_of(const cJSON *cn) { return rec_str(cn, "status"); }

static double refunded(const zm_doc *d)
{
    double sum = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, (d && d->subs ? json_get(d->subs, "refunds") : NULL)) sum += rec_num(r, "amount");
    return sum;
}

static double credited(const cJSON *cn)
{
    double sum = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, json_get(cn, "invoices")) sum += rec_num(e, "amount");
    return sum;
}

/* Balance, and open/closed from it. */
static void settle(cJSON *cn, double refunds)
{
    double balance = sales_round(rec_num(cn, "total") - credited(cn) - refunds);
    rec_set_num(cn, "balance", balance);
    const char *status = status_of(cn);
    if (!strcmp(status, "open") && balance <= SALES_EPSILON && rec_num(cn, "total") > 0)
        rec_set_str(cn, "status", "closed");
    else if (!strcmp(status, "closed") && balance > SALES_EPSILON)
        rec_set_str(cn, "status", "open");
}

/* Lines: the rate sent, kept, or the item's; item_total as sent or rate x quantity. */
static void price_lines(zm_ctx *x, cJSON *record, const cJSON *body)
{
    const cJSON *sent = json_get(body, "line_items");
    int i = 0;
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        const cJSON *sl = cJSON_IsArray(sent) ? cJSON_GetArrayItem(sent, i) : NULL;
        i++;
        const cJSON *rate = json_get(sl, "rate");
        if (cJSON_IsNumber(rate)) rec_set_num(l, "rate", rate->valuedouble);
        else if (!json_get(l, "rate")) {
            zm_doc *item = module_find(x, "items", rec_str(l, "item_id"));
            rec_set_num(l, "rate", item ? rec_num(item->json, "rate") : 0);
        }
        if (!json_get(l, "item_total")) rec_set_num(l, "item_total", 0);
        if (!json_get(l, "tax_percentage")) rec_set_num(l, "tax_percentage", 0);
    }
}

/* Lines that name an invoice line or a sales return line must name real ones. */
static bool check_line_links(zm_ctx *x, const cJSON *record)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        const char *inv_line = rec_str(l, "invoice_item_id");
        if (*inv_line) {
            zm_doc *inv = module_find(x, "invoices", rec_str(l, "invoice_id"));
            if (!inv || !sales_line(inv->json, inv_line)) return sales_invalid(x, "invoice_item_id");
        }
        const char *ret_line = rec_str(l, "salesreturn_item_id");
        if (*ret_line) {
            zm_collection *c = sales_coll(x, "salesreturns");
            bool found = false;
            for (size_t i = 0; c && i < c->docs.n && !found; i++)
                found = sales_line(c->docs.v[i]->json, ret_line) != NULL;
            if (!found) return sales_invalid(x, "salesreturn_item_id");
        }
    }
    return true;
}

bool creditnotes_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (sales_is_save(x)) {
        if (existing && !strcmp(status_of(existing->json), "void"))
            return sales_refuse(x, "A void Credit Note cannot be edited.");
        price_lines(x, record, body);
        if (!sales_complete_lines(x, record, body) || !sales_check_template(x, record)) return false;
        if (!check_line_links(x, record)) return false;
        if (!existing && cJSON_IsTrue(json_get(body, "is_draft"))) rec_set_str(record, "status", "draft");
        if (!existing) {
            char invoice_id[32];
            int n = request_query(x->req, "invoice_id", invoice_id, sizeof invoice_id);
            if (n != -1) {
                zm_doc *inv = n > 0 ? module_find(x, "invoices", invoice_id) : NULL;
                if (!inv || strcmp(rec_str(inv->json, "customer_id"), rec_str(record, "customer_id")) != 0) {
                    reply_error(x->rep, ZE_INVALID_PARAM, "invoice_id");
                    return false;
                }
                rec_set_str(record, "invoice_id", inv->id);
                rec_set_str(record, "invoice_number", rec_str(inv->json, "invoice_number"));
            }
        }
        if (existing && rec_num(record, "total") + SALES_EPSILON < credited(record) + refunded(existing))
            return sales_refuse(x, "The total of credit note %s cannot be less than the %.2f credited and refunded.",
                                rec_str(record, "creditnote_number"), credited(record) + refunded(existing));
    }
    if (sales_is_action(x, "void") && existing && (credited(existing->json) > 0 || refunded(existing) > 0))
        return sales_refuse(x, "Credit note %s has credits applied or refunds; remove them before voiding it.",
                            rec_str(record, "creditnote_number"));
    rec_set_str(record, "updated_time", rec_str(record, "last_modified_time"));
    settle(record, refunded(existing));
    return true;
}

bool creditnotes_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    invoices_follow(x, "creditnotes", id, before, after);
    return true;
}

bool creditnotes_deleting(zm_ctx *x, const zm_doc *d)
{
    if (credited(d->json) > 0 || refunded(d) > 0) {
        reply_error(x->rep, ZE_IN_USE, x->mod->label, "it has credits applied or refunds");
        return false;
    }
    return true;
}

/* The list's line filters: item_name, item_description, item_id, line_item_id, tax_id. */
int creditnotes_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    static const struct { const char *param, *field; } on_lines[] = {
        {"item_name", "name"}, {"item_description", "description"}, {"item_id", "item_id"},
        {"line_item_id", "line_item_id"}, {"tax_id", "tax_id"},
    };
    if (!strcmp(param, "tax_id") && !strcmp(rec_str(d->json, "tax_id"), value)) return 1;
    for (size_t i = 0; i < sizeof on_lines / sizeof on_lines[0]; i++) {
        size_t n = strlen(on_lines[i].param);
        if (strncmp(param, on_lines[i].param, n) != 0 || (param[n] && param[n] != '_')) continue;
        const cJSON *l;
        cJSON_ArrayForEach(l, json_get(d->json, "line_items"))
            if (sales_text_matches(rec_str(l, on_lines[i].field), param, value)) return 1;
        return 0;
    }
    return -1;
}

/* ------------------------------------------------- credits to invoices */

/* One credit to make: its credit note, invoice and amount. */
typedef struct credit {
    zm_doc *cn;
    zm_doc *inv;
    double amount;
} credit;

/* Refuses a credit the documents do not allow. */
static bool creditable(zm_ctx *x, const credit *c)
{
    const char *status = status_of(c->cn->json);
    if (strcmp(status, "open") != 0) {
        reply_error(x->rep, ZE_STATUS_MOVE, "Credit Note", "applied", status);
        return false;
    }
    if (strcmp(rec_str(c->inv->json, "customer_id"), rec_str(c->cn->json, "customer_id")) != 0)
        return sales_invalid(x, "invoice_id");
    const char *inv_status = rec_str(c->inv->json, "status");
    if (!strcmp(inv_status, "draft") || !strcmp(inv_status, "void") || !strcmp(inv_status, "pending_approval")) {
        reply_error(x->rep, ZE_STATUS_MOVE, "Invoice", "credited", inv_status);
        return false;
    }
    if (!isfinite(c->amount) || c->amount <= 0) return sales_invalid(x, "amount_applied");
    return true;
}

static bool make_credit(zm_ctx *x, const credit *c)
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
    cJSON_AddNumberToObject(e, "amount", sales_round(c->amount));
    cJSON_AddStringToObject(e, "date", today);
    cJSON_AddItemToArray(lines, e);
    settle(after, refunded(c->cn));
    return sales_commit(x, "creditnotes", c->cn, after);
}

/* All credits, checked together (no credit note or invoice over its
 * balance), then made; nothing changes when one is refused. */
static bool make_credits(zm_ctx *x, const credit *cs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!creditable(x, &cs[i])) return false;
        double from_cn = 0, to_inv = 0;
        for (size_t k = 0; k < n; k++) {
            if (cs[k].cn == cs[i].cn) from_cn += cs[k].amount;
            if (cs[k].inv == cs[i].inv) to_inv += cs[k].amount;
        }
        if (from_cn > rec_num(cs[i].cn->json, "balance") + SALES_EPSILON)
            return sales_refuse(x, "The credits applied (%.2f) are more than the balance %.2f of credit note %s.",
                                from_cn, rec_num(cs[i].cn->json, "balance"),
                                rec_str(cs[i].cn->json, "creditnote_number"));
        if (to_inv > rec_num(cs[i].inv->json, "balance") + SALES_EPSILON)
            return sales_refuse(x, "The credits applied (%.2f) are more than the balance %.2f of invoice %s.",
                                to_inv, rec_num(cs[i].inv->json, "balance"),
                                rec_str(cs[i].inv->json, "invoice_number"));
    }
    for (size_t i = 0; i < n; i++)
        if (!make_credit(x, &cs[i])) return false;
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
            ok = sales_invalid(x, "invoice_id");
            break;
        }
        cs[i++] = (credit){cn, inv, rec_num(e, "amount_applied")};
    }
    if (ok && make_credits(x, cs, i)) reply_success(x->rep, x->op->status, engine_message(x->op));
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
    zm_collection *c = sales_coll(x, "creditnotes");
    for (size_t i = 0; credit_id && i < c->docs.n; i++) {
        zm_doc *cn = c->docs.v[i];
        int index = 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, json_get(cn->json, "invoices")) {
            if (!strcmp(rec_str(e, "creditnote_invoice_id"), credit_id) &&
                (!invoice_id || !strcmp(rec_str(e, "invoice_id"), invoice_id))) {
                cJSON *after = cJSON_Duplicate(cn->json, true);
                cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(after, "invoices"), index);
                settle(after, refunded(cn));
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
    zm_collection *c = sales_coll(x, "creditnotes");
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
            ok = sales_invalid(x, "payment_id");
            break;
        }
        double a = rec_num(e, "amount_applied"), from_p = 0;
        if (a <= 0) {
            ok = sales_invalid(x, "amount_applied");
            break;
        }
        pdocs[i] = p;
        pamounts[i++] = a;
        for (size_t k = 0; k < i; k++) if (pdocs[k] == p) from_p += pamounts[k];
        if (from_p > rec_num(p->json, "unused_amount") + SALES_EPSILON) {
            ok = sales_refuse(x, "The amount applied (%.2f) is more than the unused %.2f of the payment.", from_p,
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
            ok = sales_invalid(x, "creditnote_id");
            break;
        }
        cs[n++] = (credit){cn, inv, rec_num(e, "amount_applied")};
        total += rec_num(e, "amount_applied");
    }
    if (ok && total > rec_num(inv->json, "balance") + SALES_EPSILON)
        ok = sales_refuse(x, "The credits applied (%.2f) are more than the balance %.2f of invoice %s.", total,
                          rec_num(inv->json, "balance"), rec_str(inv->json, "invoice_number"));
    for (size_t k = 0; ok && k < n; k++) ok = creditable(x, &cs[k]);
    if (ok) {
        for (size_t k = 0; ok && k < i; k++) ok = payments_apply_unused(x, pdocs[k], inv, pamounts[k]);
        if (ok) ok = make_credits(x, cs, n);
        if (ok) reply_success(x->rep, x->op->status, engine_message(x->op));
    }
    free(cs);
    free(pdocs);
    free(pamounts);
}

/* --------------------------------------------------------------- refunds */

/* A refund as the documents print it: with its credit note's number and customer. */
static cJSON *refund_out(const zm_doc *cn, const cJSON *r)
{
    cJSON *o = cJSON_Duplicate(r, true);
    rec_set_str(o, "creditnote_id", cn->id);
    rec_set_str(o, "creditnote_number", rec_str(cn->json, "creditnote_number"));
    rec_set_str(o, "customer_name", rec_str(cn->json, "customer_name"));
    rec_set_num(o, "amount_bcy", rec_num(r, "amount"));
    rec_set_num(o, "amount_fcy", rec_num(r, "amount"));
    return o;
}

static int refund_order(const void *a, const void *b, void *arg)
{
    const char *col = arg;
    const cJSON *ra = *(cJSON *const *)a, *rb = *(cJSON *const *)b;
    const cJSON *va = json_get(ra, col), *vb = json_get(rb, col);
    if (cJSON_IsNumber(va) && cJSON_IsNumber(vb))
        return (va->valuedouble > vb->valuedouble) - (va->valuedouble < vb->valuedouble);
    return strcasecmp(rec_str(ra, col), rec_str(rb, col));
}

/* GET /creditnotes/refunds (every credit note's, ?customer_id=) and
 * GET /creditnotes/{creditnote_id}/refunds: paged, oldest first unless
 * sort_column says otherwise. */
void creditnotes_refunds_list(zm_ctx *x)
{
    zm_doc *only = NULL;
    if (x->op->id_param && !(only = engine_find_doc(x))) return;
    /* The documented sort columns, when the operation has them. */
    const char *columns[16] = {0};
    size_t k = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, json_get(spec_query_param(x->op, "sort_column"), "enum"))
        if (cJSON_IsString(v) && k + 1 < sizeof columns / sizeof columns[0]) columns[k++] = v->valuestring;
    zm_list_params p;
    if (!sales_list_params(x, k ? columns : NULL, &p)) return;
    char customer[32] = "";
    int n = request_query(x->req, "customer_id", customer, sizeof customer);
    if (n == -2 || (n > 0 && !id_is_valid(customer))) {
        reply_error(x->rep, ZE_INVALID_PARAM, "customer_id");
        return;
    }
    if (n < 0) customer[0] = '\0';
    VEC(cJSON *) rows = {0};
    zm_collection *c = sales_coll(x, "creditnotes");
    for (size_t i = 0; i < c->docs.n; i++) {
        zm_doc *cn = c->docs.v[i];
        if ((only && cn != only) || (*customer && strcmp(rec_str(cn->json, "customer_id"), customer) != 0)) continue;
        const cJSON *r;
        cJSON_ArrayForEach(r, (cn->subs ? json_get(cn->subs, "refunds") : NULL)) VEC_PUSH(rows, refund_out(cn, r));
    }
    if (p.sort_column && rows.n > 1) qsort_r(rows.v, rows.n, sizeof *rows.v, refund_order, (void *)p.sort_column);
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < rows.n; i++) {
        if (p.descending) cJSON_AddItemToArray(arr, rows.v[rows.n - 1 - i]);
        else cJSON_AddItemToArray(arr, rows.v[i]);
    }
    VEC_FREE(rows);
    sales_answer_page(x, arr, "Credit Note Refunds", &p);
}

static cJSON *find_refund(zm_doc *cn, const char *refund_id, int *index)
{
    int i = 0;
    cJSON *r;
    cJSON_ArrayForEach(r, (cn->subs ? json_get(cn->subs, "refunds") : NULL)) {
        if (refund_id && !strcmp(rec_str(r, "creditnote_refund_id"), refund_id)) {
            if (index) *index = i;
            return r;
        }
        i++;
    }
    return NULL;
}

static void answer_refund(zm_ctx *x, const zm_doc *cn, const cJSON *r)
{
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    if (!x->op->response_key) return;
    cJSON *o = refund_out(cn, r);
    const cJSON *schema = spec_property(x->op->response, x->op->response_key);
    cJSON *out = schema ? schema_conform(o, schema) : cJSON_Duplicate(o, true);
    cJSON_Delete(o);
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, x->op->response_key, out);
}

/* The credit note once its refunds changed: balance, status, receivables. */
static bool refunds_changed(zm_ctx *x, zm_doc *cn)
{
    cJSON *after = cJSON_Duplicate(cn->json, true);
    settle(after, refunded(cn));
    record_stamp(x, after, false);
    return engine_commit(x, cn, after);
}

/* Refuses a refund of amount that the credit note cannot give (besides `except`). */
static bool refundable(zm_ctx *x, zm_doc *cn, double amount, double except)
{
    const char *status = status_of(cn->json);
    if (strcmp(status, "open") != 0 && strcmp(status, "closed") != 0) {
        reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, "refunded", status);
        return false;
    }
    if (!isfinite(amount) || amount <= 0) return sales_invalid(x, "amount");
    double room = rec_num(cn->json, "balance") + except;
    if (amount > room + SALES_EPSILON)
        return sales_refuse(x, "The refund (%.2f) is more than the balance %.2f of credit note %s.", amount, room,
                            rec_str(cn->json, "creditnote_number"));
    return true;
}

/* POST /creditnotes/{creditnote_id}/refunds */
void creditnotes_refund_create(zm_ctx *x)
{
    zm_doc *cn = engine_find_doc(x);
    if (!cn) return;
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    if (!json_get(body, "amount")) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "amount");
        return;
    }
    double amount = rec_num(body, "amount");
    if (!refundable(x, cn, amount, 0)) return;
    if (*rec_str(body, "from_account_id")) {
        bool known = false;
        for (size_t i = 0; i < x->org->accounts.n; i++)
            known = known || !strcmp(x->org->accounts.v[i].account_id, rec_str(body, "from_account_id"));
        if (!known) {
            sales_invalid(x, "from_account_id");
            return;
        }
    }
    zm_id id;
    org_new_id(x->org, id);
    char today[16];
    sales_today(x, today);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "creditnote_refund_id", id);
    cJSON_AddStringToObject(r, "date", *rec_str(body, "date") ? rec_str(body, "date") : today);
    cJSON_AddStringToObject(r, "refund_mode", rec_str(body, "refund_mode"));
    cJSON_AddStringToObject(r, "reference_number", rec_str(body, "reference_number"));
    cJSON_AddNumberToObject(r, "amount", sales_round(amount));
    cJSON_AddStringToObject(r, "from_account_id", rec_str(body, "from_account_id"));
    cJSON_AddStringToObject(r, "description", rec_str(body, "description"));
    cJSON *refunds = docs_sub_array(cn, "refunds");
    cJSON_AddItemToArray(refunds, r);
    if (!refunds_changed(x, cn)) {
        cJSON_DeleteItemFromArray(refunds, cJSON_GetArraySize(refunds) - 1);
        return;
    }
    answer_refund(x, cn, r);
}

/* GET /creditnotes/{creditnote_id}/refunds/{creditnote_refund_id} */
void creditnotes_refund_get(zm_ctx *x)
{
    zm_doc *cn = engine_find_doc(x);
    if (!cn) return;
    const cJSON *r = find_refund(cn, request_param(x->req, "creditnote_refund_id"), NULL);
    if (!r) reply_error(x->rep, ZE_NOT_FOUND, "Refund");
    else answer_refund(x, cn, r);
}

/* PUT /creditnotes/{creditnote_id}/refunds/{creditnote_refund_id} */
void creditnotes_refund_update(zm_ctx *x)
{
    zm_doc *cn = engine_find_doc(x);
    if (!cn) return;
    cJSON *r = find_refund(cn, request_param(x->req, "creditnote_refund_id"), NULL);
    if (!r) {
        reply_error(x->rep, ZE_NOT_FOUND, "Refund");
        return;
    }
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, false)) return;
    double old = rec_num(r, "amount");
    double amount = json_get(body, "amount") ? rec_num(body, "amount") : old;
    if (!refundable(x, cn, amount, old)) return;
    cJSON *before = cJSON_Duplicate(r, true);
    static const char *const texts[] = {"date", "refund_mode", "reference_number", "description", "from_account_id"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (cJSON_IsString(json_get(body, texts[i]))) rec_set_str(r, texts[i], rec_str(body, texts[i]));
    rec_set_num(r, "amount", sales_round(amount));
    if (!refunds_changed(x, cn)) {
        cJSON *refunds = docs_sub_array(cn, "refunds");
        int index = 0;
        find_refund(cn, rec_str(before, "creditnote_refund_id"), &index);
        cJSON_ReplaceItemInArray(refunds, index, before);
        return;
    }
    cJSON_Delete(before);
    answer_refund(x, cn, r);
}

/* DELETE /creditnotes/{creditnote_id}/refunds/{creditnote_refund_id} */
void creditnotes_refund_delete(zm_ctx *x)
{
    zm_doc *cn = engine_find_doc(x);
    if (!cn) return;
    int index = -1;
    if (!find_refund(cn, request_param(x->req, "creditnote_refund_id"), &index)) {
        reply_error(x->rep, ZE_NOT_FOUND, "Refund");
        return;
    }
    cJSON *refunds = docs_sub_array(cn, "refunds");
    cJSON *gone = cJSON_DetachItemFromArray(refunds, index);
    if (!refunds_changed(x, cn)) {
        cJSON_InsertItemInArray(refunds, index, gone);
        return;
    }
    cJSON_Delete(gone);
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

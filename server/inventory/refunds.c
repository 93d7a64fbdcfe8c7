/* refunds.c -- credit note refunds: giving a credit note's balance back, listed per note and across notes */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. A credit note's refunds are kept beside the record
 * (d->subs "refunds": {creditnote_refund_id, date, refund_mode,
 * reference_number, amount, from_account_id, description}); each change
 * settles the note's balance and status (creditnotes_settle) through its
 * hooks, so the customer's credits follow. A refund is no more than the
 * balance, from an open or closed note. */

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
    zm_collection *c = doc_collection(x, "creditnotes");
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
    creditnotes_settle(after, creditnotes_refunded(cn));
    record_stamp(x, after, false);
    return engine_commit(x, cn, after);
}

/* Refuses a refund of amount that the credit note cannot give (besides `except`). */
static bool refundable(zm_ctx *x, zm_doc *cn, double amount, double except)
{
    const char *status = rec_str(cn->json, "status");
    if (strcmp(status, "open") != 0 && strcmp(status, "closed") != 0) {
        reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, "refunded", status);
        return false;
    }
    if (!isfinite(amount) || amount <= 0) return doc_invalid(x, "amount");
    double room = rec_num(cn->json, "balance") + except;
    if (amount > room + DOC_EPSILON)
        return doc_refuse(x, "The refund (%.2f) is more than the balance %.2f of credit note %s.", amount, room,
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
            doc_invalid(x, "from_account_id");
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
    cJSON_AddNumberToObject(r, "amount", doc_round(amount));
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
    rec_set_num(r, "amount", doc_round(amount));
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

/* bills.c -- bills: what a vendor charges, adding accounting stock for its item lines, billing its purchase order's lines, paid down by vendor credits */
#include <stdio.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/purchases.h"
#include "util/json.h"

/* How it works. A bill's number is the vendor's (required, as Zoho's
 * document says; one number once per vendor). Its item lines (item_id,
 * which Zoho's answers carry and the document leaves out, or a
 * purchaseorder_item_id naming its order's line) add accounting stock at
 * the line's location while the bill counts: open, overdue,
 * partially_paid or paid; draft, waiting for approval and void bills move
 * nothing. Vendor credits applied to it lower its balance
 * (partially_paid, then paid at zero). */

static const char *const counting[] = {"open", "overdue", "partially_paid", "paid", NULL};

bool bills_counts(const cJSON *bill)
{
    const char *status = rec_str(bill, "status");
    for (size_t i = 0; counting[i]; i++)
        if (!strcmp(counting[i], status)) return true;
    return false;
}

/* Status of a counting bill from its balance. */
static void settle(cJSON *bill)
{
    double credits = rec_num(bill, "vendor_credits_applied"), total = rec_num(bill, "total");
    double balance = doc_round(total - credits);
    rec_set_num(bill, "balance", balance);
    if (!bills_counts(bill)) return;
    if (credits > DOC_EPSILON && balance <= DOC_EPSILON) rec_set_str(bill, "status", "paid");
    else if (credits > DOC_EPSILON) rec_set_str(bill, "status", "partially_paid");
    else rec_set_str(bill, "status", "open");
}

/* The applications of vendor credits to the bill, as its `vendor_credits`. */
static cJSON *credits_of(zm_ctx *x, const char *bill_id, double *sum)
{
    cJSON *out = cJSON_CreateArray();
    *sum = 0;
    zm_module *m = module_by_name("vendorcredits");
    zm_collection *c = docs_collection(x->org, m->slot);
    for (size_t i = 0; i < c->docs.n; i++) {
        zm_doc *vc = c->docs.v[i];
        const cJSON *a;
        cJSON_ArrayForEach(a, json_get(vc->subs, "bills")) {
            if (strcmp(rec_str(a, "bill_id"), bill_id) != 0) continue;
            cJSON *e = cJSON_CreateObject();
            json_add_str(e, "vendor_credit_id", vc->id);
            json_add_str(e, "vendor_credit_bill_id", rec_str(a, "vendor_credit_bill_id"));
            json_add_str(e, "date", rec_str(a, "date"));
            cJSON_AddNumberToObject(e, "amount", rec_num(a, "amount"));
            cJSON_AddItemToArray(out, e);
            *sum += rec_num(a, "amount");
        }
    }
    return out;
}

void bills_refresh(zm_ctx *x, zm_doc *bill)
{
    double sum;
    json_set(bill->json, "vendor_credits", credits_of(x, bill->id, &sum));
    rec_set_num(bill->json, "vendor_credits_applied", doc_round(sum));
    settle(bill->json);
}

/* ------------------------------------------------------------- checks */

/* The bill's purchase order, if it names one: the vendor's, issued. */
static bool check_order(zm_ctx *x, cJSON *record, const zm_doc **po)
{
    const char *po_id = rec_str(record, "purchaseorder_id");
    *po = NULL;
    if (!*po_id) return true;
    *po = module_find(x, "purchaseorders", po_id);
    if (!*po || strcmp(rec_str((*po)->json, "vendor_id"), rec_str(record, "vendor_id")) != 0)
        return doc_invalid(x, "purchaseorder_id");
    if (!purchaseorders_open((*po)->json))
        return doc_refuse(x, "Bills can be recorded only for issued purchase orders: %s is %s.",
                          rec_str((*po)->json, "purchaseorder_number"), rec_str((*po)->json, "status"));
    return true;
}

/* A line naming its order's line takes the item and place from it, and
 * bills no more than was ordered. */
static bool check_order_line(zm_ctx *x, cJSON *line, const zm_doc *po, const char *self)
{
    const char *po_line_id = rec_str(line, "purchaseorder_item_id");
    if (!*po_line_id) return true;
    const cJSON *ol = po ? doc_line(po->json, po_line_id) : NULL;
    if (!ol) return doc_invalid(x, "purchaseorder_item_id");
    if (!*rec_str(line, "item_id")) rec_set_str(line, "item_id", rec_str(ol, "item_id"));
    if (strcmp(rec_str(line, "item_id"), rec_str(ol, "item_id")) != 0) return doc_invalid(x, "item_id");
    if (!*rec_str(line, "location_id")) rec_set_str(line, "location_id", rec_str(ol, "location_id"));
    double left = rec_num(ol, "quantity") - purchaseorders_billed(x, po->id, po_line_id, self);
    if (rec_num(line, "quantity") > left + DOC_EPSILON)
        return doc_refuse(x, "Quantity billed cannot be more than quantity ordered.");
    return true;
}

static bool number_taken(zm_ctx *x, const cJSON *record, const char *self)
{
    const char *number = rec_str(record, "bill_number"), *vendor = rec_str(record, "vendor_id");
    for (size_t i = 0; i < x->coll->docs.n; i++) {
        const zm_doc *d = x->coll->docs.v[i];
        if ((!self || strcmp(d->id, self) != 0) && !strcmp(rec_str(d->json, "bill_number"), number) &&
            !strcmp(rec_str(d->json, "vendor_id"), vendor))
            return true;
    }
    return false;
}

bool bills_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (doc_is_action(x, "status/void") && rec_num(existing->json, "vendor_credits_applied") > DOC_EPSILON)
        return doc_refuse(x, "The bill %s cannot be voided: vendor credits were applied to it.",
                          rec_str(record, "bill_number"));
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) {
        settle(record);
        return true;
    }
    if (existing && !strcmp(rec_str(existing->json, "status"), "void")) {
        reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, "edited", "void");
        return false;
    }
    const char *self = existing ? existing->id : NULL;
    purch_draft_on_request(x, record, body);
    if (!purch_check_vendor(x, record)) return false;
    if (number_taken(x, record, self)) {
        reply_error(x->rep, ZE_NUMBER_TAKEN, "bill_number", rec_str(record, "bill_number"));
        return false;
    }
    if (existing && rec_num(existing->json, "vendor_credits_applied") > DOC_EPSILON &&
        strcmp(rec_str(record, "vendor_id"), rec_str(existing->json, "vendor_id")) != 0)
        return doc_invalid(x, "vendor_id");
    const zm_doc *po;
    if (!check_order(x, record, &po)) return false;
    if (existing && strcmp(rec_str(existing->json, "purchaseorder_id"), rec_str(record, "purchaseorder_id")) != 0 &&
        *rec_str(existing->json, "purchaseorder_id"))
        return doc_invalid(x, "purchaseorder_id");
    if (cJSON_GetArraySize(json_get(record, "line_items")) == 0) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "line_items");
        return false;
    }
    doc_keep_line_field(record, body, "item_id");
    const char *bill_location = rec_str(record, "location_id");
    if (*bill_location && !org_find_location(x->org, bill_location)) return doc_invalid(x, "location_id");
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items"))
        if (!check_order_line(x, l, po, self)) return false;
    if (!purch_complete_lines(x, record, body, "rate") || !purch_check_accounts(x, record)) return false;
    const char *fallback = *bill_location ? bill_location : rec_str(po ? po->json : NULL, "location_id");
    cJSON_ArrayForEach(l, json_get(record, "line_items"))
        if (*rec_str(l, "item_id") && !purch_place_line(x, l, fallback)) return false;
    record_totals(record, body);
    /* Zoho's bills print a total; the document's record has none. */
    rec_set_num(record, "total", doc_round(rec_num(record, "sub_total") + rec_num(record, "tax_total") +
                                           rec_num(record, "adjustment")));
    if (existing) rec_set_num(record, "vendor_credits_applied", rec_num(existing->json, "vendor_credits_applied"));
    if (rec_num(record, "total") + DOC_EPSILON < rec_num(record, "vendor_credits_applied"))
        return doc_refuse(x, "The bill's total cannot be less than the vendor credits applied to it.");
    settle(record);
    return true;
}

void bills_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    (void)x;
    if (bills_counts(record)) purch_accounting_moves(record, 1, out);
}

bool bills_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    doc_view view = {"bills", id, after};
    const char *was = rec_str(before, "purchaseorder_id"), *now = rec_str(after, "purchaseorder_id");
    if (*was) purchaseorders_refresh(x, was, &view);
    if (*now && strcmp(now, was) != 0) purchaseorders_refresh(x, now, &view);
    return true;
}

bool bills_deleting(zm_ctx *x, const zm_doc *d)
{
    char what[96], by[64], why[160];
    snprintf(what, sizeof what, "The bill %s", rec_str(d->json, "bill_number"));
    if (rec_num(d->json, "vendor_credits_applied") > DOC_EPSILON) {
        reply_error(x->rep, ZE_IN_USE, what, "vendor credits were applied to it");
        return false;
    }
    if (landedcosts_referenced(x, d->id, by, sizeof by)) {
        snprintf(why, sizeof why, "a landed cost of bill %s takes its cost from it", by);
        reply_error(x->rep, ZE_IN_USE, what, why);
        return false;
    }
    return true;
}

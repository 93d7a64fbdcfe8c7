/* purchaseorders.c -- purchase orders: what is ordered per line, and the received and billed figures and statuses its receives and bills give it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/purchases.h"
#include "util/alloc.h"
#include "util/json.h"

/* How it works. The order keeps, per line, quantity (ordered),
 * quantity_received (by its purchase receives that were received: not
 * drafts or waiting for approval) and quantity_billed (by
 * its bills that count: not draft, void or waiting for approval). Once
 * issued its status follows them: issued, partially_received, received,
 * and closed when every line is received and billed in full;
 * received_status ("", partially_received, received) and billed_status
 * ("", partially_billed, billed) say each side on its own. */

static const char *const live_statuses[] = {"issued", "partially_received", "received", "closed", NULL};

static bool in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(list[i], s)) return true;
    return false;
}

bool purchaseorders_open(const cJSON *po)
{
    return in_list(live_statuses, rec_str(po, "status"));
}

/* ------------------------------------------------------------ figures */

typedef struct line_sum {
    const char *po_id;
    const char *line_id;        /* NULL: every line */
    const char *without_id;     /* a record left out (the one being checked) */
    const char *id_field;       /* the record's own id field */
    const char *line_field;     /* the field of its lines naming the order's line */
    bool bills;
    bool received_only;         /* receives: only those received (not drafts or waiting ones) */
    double sum;
} line_sum;

static void add_lines(const cJSON *rec, void *arg)
{
    line_sum *s = arg;
    if (strcmp(rec_str(rec, "purchaseorder_id"), s->po_id) != 0) return;
    if (s->without_id && !strcmp(rec_str(rec, s->id_field), s->without_id)) return;
    if (s->bills && !bills_counts(rec)) return;
    if (s->received_only && strcmp(rec_str(rec, "status"), "received") != 0) return;
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(rec, "line_items"))
        if (!strcmp(rec_str(l, s->line_field), s->line_id)) s->sum += rec_num(l, "quantity");
}

/* What the order's bills that count, or its receives (all of them, or
 * only those received), hold of a line. */
static double sum_lines(zm_ctx *x, const doc_view *view, const char *po_id, const char *line_id,
                        const char *without_id, bool bills, bool received_only)
{
    line_sum s = {po_id, line_id, without_id, bills ? "bill_id" : "receive_id",
                  bills ? "purchaseorder_item_id" : "line_item_id", bills, received_only, 0};
    doc_each(x, bills ? "bills" : "purchasereceives", view, add_lines, &s);
    return s.sum;
}

double purchaseorders_received(zm_ctx *x, const char *po_id, const char *line_id, const char *without_id)
{
    return sum_lines(x, NULL, po_id, line_id, without_id, false, false);
}

double purchaseorders_billed(zm_ctx *x, const char *po_id, const char *line_id, const char *without_id)
{
    return sum_lines(x, NULL, po_id, line_id, without_id, true, false);
}

static const char *progress(double done, double total, const char *partly, const char *fully)
{
    if (done <= DOC_EPSILON) return "";
    return done + DOC_EPSILON >= total ? fully : partly;
}

/* Sets the figures and statuses of the order's record `po` (id po_id). */
static void compute(zm_ctx *x, cJSON *po, const char *po_id, const doc_view *view)
{
    double ordered = 0, received = 0, billed = 0;
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(po, "line_items")) {
        const char *line_id = rec_str(l, "line_item_id");
        double r = sum_lines(x, view, po_id, line_id, NULL, false, true);
        double b = sum_lines(x, view, po_id, line_id, NULL, true, false);
        rec_set_num(l, "quantity_received", doc_round(r));
        rec_set_num(l, "quantity_billed", doc_round(b));
        double q = rec_num(l, "quantity");
        ordered += q;
        received += r < q ? r : q;
        billed += b < q ? b : q;
    }
    const char *rs = progress(received, ordered, "partially_received", "received");
    const char *bs = progress(billed, ordered, "partially_billed", "billed");
    rec_set_str(po, "received_status", rs);
    rec_set_str(po, "billed_status", bs);
    if (!purchaseorders_open(po)) return;
    const char *status = !strcmp(rs, "received") && !strcmp(bs, "billed") ? "closed" : *rs ? rs : "issued";
    rec_set_str(po, "status", status);
}

void purchaseorders_refresh(zm_ctx *x, const char *purchaseorder_id, const doc_view *view)
{
    zm_doc *po = module_find(x, "purchaseorders", purchaseorder_id);
    if (po) compute(x, po->json, po->id, view);
}

/* ------------------------------------------------------------- hooks */

/* What later documents were made from the order: "purchase receives
 * PR-00001, PR-00002 and bills B-1" ("" when none). */
static void dependants(zm_ctx *x, const char *po_id, char *out, size_t size)
{
    static const struct { const char *module, *what, *number; } kinds[] = {
        {"purchasereceives", "purchase receives", "receive_number"},
        {"bills", "bills", "bill_number"},
    };
    out[0] = '\0';
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        zm_collection *c = docs_collection(x->org, module_by_name(kinds[i].module)->slot);
        char numbers[384] = "";
        size_t k = 0;
        for (size_t d = 0; d < c->docs.n && k < sizeof numbers; d++) {
            const cJSON *rec = c->docs.v[d]->json;
            if (!strcmp(rec_str(rec, "purchaseorder_id"), po_id))
                k += (size_t)snprintf(numbers + k, sizeof numbers - k, "%s%s", k ? ", " : "", rec_str(rec, kinds[i].number));
        }
        if (!k) continue;
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%s %s", used ? " and " : "", kinds[i].what, numbers);
    }
}

/* The action in flight is cancelling: nothing may have been received or billed. */
static bool check_cancel(zm_ctx *x, const cJSON *record, const zm_doc *existing)
{
    char deps[512];
    dependants(x, existing->id, deps, sizeof deps);
    if (!*deps) return true;
    return doc_refuse(x, "The purchase order %s cannot be cancelled: %s were recorded against it.",
                      rec_str(record, "purchaseorder_number"), deps);
}

/* An update may not order less than was received or billed already, nor
 * drop a line that was. */
static bool check_against_figures(zm_ctx *x, const cJSON *record, const zm_doc *existing)
{
    const cJSON *old;
    cJSON_ArrayForEach(old, json_get(existing->json, "line_items")) {
        const char *line_id = rec_str(old, "line_item_id");
        double done = purchaseorders_received(x, existing->id, line_id, NULL);
        double billed = purchaseorders_billed(x, existing->id, line_id, NULL);
        if (billed > done) done = billed;
        if (done <= 0) continue;
        const cJSON *now = doc_line(record, line_id);
        if (!now)
            return doc_refuse(x, "The line of %s cannot be removed: it was received or billed.", rec_str(old, "name"));
        if (strcmp(rec_str(now, "item_id"), rec_str(old, "item_id")) != 0) return doc_invalid(x, "item_id");
        if (rec_num(now, "quantity") + DOC_EPSILON < done)
            return doc_refuse(x, "Quantity ordered cannot be less than quantity received or billed (%g of %s).", done,
                              rec_str(old, "name"));
    }
    return true;
}

bool purchaseorders_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (doc_is_action(x, "status/cancelled")) return check_cancel(x, record, existing);
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) return true;
    if (existing && !strcmp(rec_str(existing->json, "status"), "cancelled")) {
        reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, "edited", "cancelled");
        return false;
    }
    if (!purch_check_vendor(x, record) || !purch_check_accounts(x, record)) return false;
    if (cJSON_GetArraySize(json_get(record, "line_items")) == 0) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "line_items");
        return false;
    }
    /* Zoho's lines carry `rate`; the documents name it purchase_rate. */
    doc_keep_line_field(record, body, "rate");
    if (!purch_complete_lines(x, record, body, "purchase_rate")) return false;
    const char *po_location = rec_str(record, "location_id");
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        rec_set_num(l, "rate", rec_num(l, "purchase_rate"));
        if (*rec_str(l, "item_id") && !purch_place_line(x, l, po_location)) return false;
    }
    if (*po_location && !org_find_location(x->org, po_location)) return doc_invalid(x, "location_id");
    if (existing && !check_against_figures(x, record, existing)) return false;
    if (existing && strcmp(rec_str(record, "vendor_id"), rec_str(existing->json, "vendor_id")) != 0) {
        char deps[512];
        dependants(x, existing->id, deps, sizeof deps);
        if (*deps) return doc_refuse(x, "The vendor of a purchase order cannot change once %s were recorded against it.", deps);
    }
    record_totals(record, body);
    compute(x, record, existing ? existing->id : "", NULL);
    return true;
}

bool purchaseorders_deleting(zm_ctx *x, const zm_doc *d)
{
    char deps[512], what[96];
    dependants(x, d->id, deps, sizeof deps);
    if (!*deps) return true;
    snprintf(what, sizeof what, "The purchase order %s", rec_str(d->json, "purchaseorder_number"));
    reply_error(x->rep, ZE_IN_USE, what, deps);
    return false;
}

/* ------------------------------------------------------------ printing */

typedef struct made_from {
    const char *po_id;
    cJSON *receives;
    cJSON *bills;
} made_from;

static void add_receive(const cJSON *rec, void *arg)
{
    made_from *m = arg;
    if (strcmp(rec_str(rec, "purchaseorder_id"), m->po_id) != 0) return;
    cJSON *r = cJSON_CreateObject();
    static const char *const fields[] = {"receive_id", "receive_number", "date", "notes"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) json_add_str(r, fields[i], rec_str(rec, fields[i]));
    cJSON_AddItemToObject(r, "line_items", cJSON_Duplicate(json_get(rec, "line_items"), true));
    cJSON_AddItemToArray(m->receives, r);
}

static void add_bill(const cJSON *rec, void *arg)
{
    made_from *m = arg;
    if (strcmp(rec_str(rec, "purchaseorder_id"), m->po_id) != 0) return;
    cJSON *b = cJSON_CreateObject();
    static const char *const fields[] = {"bill_id", "bill_number", "status", "date", "due_date"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) json_add_str(b, fields[i], rec_str(rec, fields[i]));
    cJSON_AddNumberToObject(b, "total", rec_num(rec, "total"));
    cJSON_AddNumberToObject(b, "balance", rec_num(rec, "balance"));
    cJSON_AddItemToArray(m->bills, b);
}

void purchaseorders_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    made_from m = {d->id, cJSON_CreateArray(), cJSON_CreateArray()};
    doc_each(x, "purchasereceives", NULL, add_receive, &m);
    doc_each(x, "bills", NULL, add_bill, &m);
    json_set(out, "receives", cJSON_Duplicate(m.receives, true));
    json_set(out, "purchasereceives", m.receives);
    json_set(out, "bills", m.bills);
}

/* filter_by Status.<X>: the order's status, or its received or billed
 * status for Received, PartiallyReceived, Billed and PartiallyBilled
 * (what Zoho's purchase order views offer). */
int purchaseorders_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    if (strcmp(param, "filter_by") != 0) return -1;
    static const struct { const char *view, *field, *value; } views[] = {
        {"Status.All", NULL, NULL},
        {"Status.Draft", "status", "draft"},
        {"Status.PendingApproval", "status", "pending_approval"},
        {"Status.Approved", "status", "approved"},
        {"Status.Issued", "status", "issued"},
        {"Status.Open", "status", "issued"},
        {"Status.Closed", "status", "closed"},
        {"Status.Cancelled", "status", "cancelled"},
        {"Status.Rejected", "status", "rejected"},
        {"Status.Received", "received_status", "received"},
        {"Status.PartiallyReceived", "received_status", "partially_received"},
        {"Status.Billed", "billed_status", "billed"},
        {"Status.PartiallyBilled", "billed_status", "partially_billed"},
    };
    for (size_t i = 0; i < sizeof views / sizeof views[0]; i++)
        if (!strcmp(views[i].view, value))
            return !views[i].field || !strcmp(rec_str(d->json, views[i].field), views[i].value);
    return 0;
}

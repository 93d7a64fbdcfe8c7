/* vendorcredits.c -- vendor credits: what a vendor owes back, taking accounting stock back for its item lines, applied to bills and refunded */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/purchases.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. An open vendor credit takes accounting stock back for its
 * item lines at each line's location (the credit's, else the
 * organization's first); draft, waiting-for-approval and void ones move
 * nothing. Its balance is its total less what was applied to bills
 * (POST /vendorcredits/{id}/bills, kept in its "bills") and refunded
 * (kept in its "refunds"); at zero it is closed. A credit that was applied
 * or refunded can be neither voided nor deleted until those are removed.
 * Zoho's document types the credit's line_items as one object; the mock
 * keeps and prints the list real Zoho answers, each element of that
 * object's shape. */

static bool counts(const cJSON *vc)
{
    const char *s = rec_str(vc, "status");
    return !strcmp(s, "open") || !strcmp(s, "closed");
}

static double sum_of(const zm_doc *d, const char *sub)
{
    double sum = 0;
    const cJSON *list = d ? json_get(d->subs, sub) : NULL, *e;
    cJSON_ArrayForEach(e, list) sum += rec_num(e, "amount");
    return sum;
}

/* Balance and status of the credit `vc` (record of d, or a new one). */
static void settle(cJSON *vc, const zm_doc *d)
{
    double used = sum_of(d, "bills"), refunded = sum_of(d, "refunds");
    rec_set_num(vc, "total_credits_used", doc_round(used));
    rec_set_num(vc, "total_refunded_amount", doc_round(refunded));
    double balance = doc_round(rec_num(vc, "total") - used - refunded);
    rec_set_num(vc, "balance", balance);
    if (counts(vc)) rec_set_str(vc, "status", balance <= DOC_EPSILON && rec_num(vc, "total") > 0 ? "closed" : "open");
}

/* ------------------------------------------------------------ lines */

/* {"line_items": [<the documented line object>]}: the shape the lines are kept in. */
static const cJSON *lines_schema(const zm_module *m)
{
    static cJSON *schema;
    if (!schema) {
        const cJSON *line = spec_property(m->record_schema, "line_items");
        schema = cJSON_CreateObject();
        cJSON_AddStringToObject(schema, "type", "object");
        cJSON *props = cJSON_AddObjectToObject(schema, "properties");
        cJSON *arr = cJSON_AddObjectToObject(props, "line_items");
        cJSON_AddStringToObject(arr, "type", "array");
        cJSON_AddItemToObject(arr, "items", line ? cJSON_Duplicate(line, true) : cJSON_CreateObject());
    }
    return schema;
}

/* The record's lines: the existing ones, the body's merged over them. */
static void merge_lines(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    const cJSON *old = existing ? json_get(existing->json, "line_items") : NULL;
    json_set(record, "line_items", cJSON_IsArray(old) ? cJSON_Duplicate(old, true) : cJSON_CreateArray());
    const cJSON *sent = json_get(body, "line_items");
    if (!cJSON_IsArray(sent)) return;
    cJSON *wrapped = cJSON_CreateObject();
    cJSON_AddItemToObject(wrapped, "line_items", cJSON_Duplicate(sent, true));
    record_merge(x, record, wrapped, lines_schema(x->mod));
    cJSON_Delete(wrapped);
}

/* ?bill_id= on create: the bill the credit is raised against (the vendor's). */
static bool check_bill(zm_ctx *x, cJSON *record)
{
    char id[64];
    int n = request_query(x->req, "bill_id", id, sizeof id);
    if (n == -1) return true;
    zm_doc *bill = n > 0 && id_is_valid(id) ? module_find(x, "bills", id) : NULL;
    if (!bill || strcmp(rec_str(bill->json, "vendor_id"), rec_str(record, "vendor_id")) != 0) {
        reply_error(x->rep, ZE_INVALID_PARAM, "bill_id");
        return false;
    }
    rec_set_str(record, "bill_id", bill->id);
    rec_set_str(record, "bill_number", rec_str(bill->json, "bill_number"));
    return true;
}

static bool applied_or_refunded(const zm_doc *d)
{
    return cJSON_GetArraySize(json_get(d->subs, "bills")) > 0 ||
           cJSON_GetArraySize(json_get(d->subs, "refunds")) > 0;
}

bool vendorcredits_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (doc_is_action(x, "status/void") && applied_or_refunded(existing))
        return doc_refuse(x, "The vendor credit %s cannot be voided: it was applied to bills or refunded.",
                          rec_str(record, "vendor_credit_number"));
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) {
        settle(record, existing);
        return true;
    }
    if (existing && !strcmp(rec_str(existing->json, "status"), "void")) {
        reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, "edited", "void");
        return false;
    }
    merge_lines(x, record, body, existing);
    purch_draft_on_request(x, record, body);
    if (!purch_check_vendor(x, record) || (!existing && !check_bill(x, record))) return false;
    if (!record_resolve(x, record)) return false;       /* the lines' references, merged just now */
    if (!purch_complete_lines(x, record, body, "rate") || !purch_check_accounts(x, record)) return false;
    const char *where = rec_str(record, "location_id");
    if (*where && !org_find_location(x->org, where)) return doc_invalid(x, "location_id");
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items"))
        if (*rec_str(l, "item_id") && !purch_place_line(x, l, where)) return false;
    record_totals(record, body);
    settle(record, existing);
    if (rec_num(record, "balance") < -DOC_EPSILON)
        return doc_refuse(x, "The vendor credit's total cannot be less than what was applied and refunded.");
    return true;
}

void vendorcredits_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    (void)x;
    if (counts(record)) purch_accounting_moves(record, -1, out);
}

bool vendorcredits_deleting(zm_ctx *x, const zm_doc *d)
{
    if (!applied_or_refunded(d)) return true;
    char what[96];
    snprintf(what, sizeof what, "The vendor credit %s", rec_str(d->json, "vendor_credit_number"));
    reply_error(x->rep, ZE_IN_USE, what, "it was applied to bills or refunded");
    return false;
}

void vendorcredits_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    (void)x;
    const cJSON *bills = json_get(d->subs, "bills");
    const cJSON *refunds = json_get(d->subs, "refunds");
    json_set(out, "bills_credited", bills ? cJSON_Duplicate(bills, true) : cJSON_CreateArray());
    json_set(out, "vendor_credit_refunds", refunds ? cJSON_Duplicate(refunds, true) : cJSON_CreateArray());
}

/* The text `have` against a filter: <name> exactly, <name>_startswith,
 * <name>_contains (without regard to case). */
static bool text_matches(const char *param, const char *base, const char *have, const char *want)
{
    size_t n = strlen(base);
    if (strncmp(param, base, n) != 0) return false;
    const char *how = param + n;
    if (!*how) return !strcasecmp(have, want);
    if (!strcmp(how, "_startswith")) return !strncasecmp(have, want, strlen(want));
    if (!strcmp(how, "_contains")) return strcasestr(have, want) != NULL;
    return false;
}

static bool starts(const char *param, const char *base)
{
    return !strncmp(param, base, strlen(base));
}

/* The filters the document names after Zoho's sales side (customer_*),
 * and those that look into the lines or the custom fields; the rest are
 * the record's own fields (the engine's). */
int vendorcredits_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    (void)x;
    const cJSON *vc = d->json, *e;
    if (starts(param, "customer_name")) return text_matches(param, "customer_name", rec_str(vc, "vendor_name"), value);
    if (!strcmp(param, "customer_id")) return !strcmp(rec_str(vc, "vendor_id"), value);
    static const struct { const char *param, *field; } in_lines[] = {
        {"item_name", "name"}, {"item_description", "description"}, {"item_id", "item_id"},
        {"line_item_id", "line_item_id"}, {"tax_id", "tax_id"},
    };
    for (size_t i = 0; i < sizeof in_lines / sizeof in_lines[0]; i++) {
        if (!starts(param, in_lines[i].param)) continue;
        cJSON_ArrayForEach(e, json_get(vc, "line_items"))
            if (text_matches(param, in_lines[i].param, rec_str(e, in_lines[i].field), value)) return 1;
        return 0;
    }
    if (starts(param, "custom_field")) {
        cJSON_ArrayForEach(e, json_get(vc, "custom_fields"))
            if (text_matches(param, "custom_field", rec_str(e, "value"), value)) return 1;
        return 0;
    }
    return -1;
}

/* ------------------------------------------------- credits on bills */

static zm_doc *open_credit(zm_ctx *x)
{
    zm_doc *vc = engine_find_doc(x);
    if (vc && strcmp(rec_str(vc->json, "status"), "open") != 0) {
        reply_error(x->rep, ZE_STATUS_MOVE, x->mod->label, "applied or refunded", rec_str(vc->json, "status"));
        return NULL;
    }
    return vc;
}

/* After the credit's applications or refunds changed. */
static void resettle(zm_ctx *x, zm_doc *vc, const char *bill_id)
{
    settle(vc->json, vc);
    record_stamp(x, vc->json, false);
    zm_doc *bill = bill_id ? module_find(x, "bills", bill_id) : NULL;
    if (bill) bills_refresh(x, bill);
}

/* POST /vendorcredits/{id}/bills {"bills": [{bill_id, amount_applied}]}: all or none. */
static void apply_to_bills(zm_ctx *x)
{
    zm_doc *vc = open_credit(x);
    cJSON *body = vc ? request_body(x->req, x->rep, true) : NULL;
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    const cJSON *list = json_get(body, "bills"), *e;
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "bills");
        return;
    }
    double total = 0;
    cJSON_ArrayForEach(e, list) {
        zm_doc *bill = module_find(x, "bills", rec_str(e, "bill_id"));
        if (!bill || strcmp(rec_str(bill->json, "vendor_id"), rec_str(vc->json, "vendor_id")) != 0 || !bills_counts(bill->json)) {
            doc_invalid(x, "bill_id");
            return;
        }
        double amount = rec_num(e, "amount_applied"), on_bill = 0;
        const cJSON *f;
        cJSON_ArrayForEach(f, list)
            if (!strcmp(rec_str(f, "bill_id"), bill->id)) on_bill += rec_num(f, "amount_applied");
        if (!(amount > 0) || on_bill > rec_num(bill->json, "balance") + DOC_EPSILON) {
            doc_refuse(x, "The amount applied to bill %s cannot be more than its balance (%.2f).",
                       rec_str(bill->json, "bill_number"), rec_num(bill->json, "balance"));
            return;
        }
        total += amount;
    }
    if (total > rec_num(vc->json, "balance") + DOC_EPSILON) {
        doc_refuse(x, "The amount applied cannot be more than the vendor credit's balance (%.2f).", rec_num(vc->json, "balance"));
        return;
    }
    char today[16];
    clock_today(&x->org->clock, today);
    cJSON *applied = docs_sub_array(vc, "bills");
    cJSON_ArrayForEach(e, list) {
        zm_doc *bill = module_find(x, "bills", rec_str(e, "bill_id"));
        cJSON *a = cJSON_CreateObject();
        purch_give_id(x, a, "vendor_credit_bill_id");
        json_add_str(a, "vendor_credit_id", vc->id);
        json_add_str(a, "bill_id", bill->id);
        json_add_str(a, "bill_number", rec_str(bill->json, "bill_number"));
        json_add_str(a, "date", today);
        cJSON_AddNumberToObject(a, "amount", doc_round(rec_num(e, "amount_applied")));
        cJSON_AddItemToArray(applied, a);
        resettle(x, vc, bill->id);
    }
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

/* The element of the credit's `sub` the path names; NULL after replying. */
static cJSON *element(zm_ctx *x, zm_doc *vc, const char *sub, const char *id_field, const char *label, int *index)
{
    const char *id = request_param(x->req, id_field);
    int i = 0;
    cJSON *e;
    cJSON_ArrayForEach(e, docs_sub_array(vc, sub)) {
        if (id && !strcmp(rec_str(e, id_field), id)) {
            *index = i;
            return e;
        }
        i++;
    }
    reply_error(x->rep, ZE_NOT_FOUND, label);
    return NULL;
}

/* DELETE /vendorcredits/{id}/bills/{vendor_credit_bill_id} */
static void unapply(zm_ctx *x)
{
    zm_doc *vc = engine_find_doc(x);
    int index;
    cJSON *e = vc ? element(x, vc, "bills", "vendor_credit_bill_id", "Credits applied to the bill", &index) : NULL;
    if (!e) return;
    char bill_id[ID_LEN];
    snprintf(bill_id, sizeof bill_id, "%s", rec_str(e, "bill_id"));
    cJSON_DeleteItemFromArray(docs_sub_array(vc, "bills"), index);
    resettle(x, vc, bill_id);
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

/* ----------------------------------------------------------- refunds */

static const cJSON *refund_schema(const zm_ctx *x)
{
    return spec_property(x->op->response, "vendor_credit_refund");
}

static void answer_refund(zm_ctx *x, const cJSON *r)
{
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    cJSON *out = schema_conform(r, refund_schema(x));
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, "vendor_credit_refund", out);
}

/* Builds a refund of vc from body over base (NULL: new); NULL after replying. */
static cJSON *build_refund(zm_ctx *x, zm_doc *vc, const cJSON *body, const cJSON *base)
{
    cJSON *r = base ? cJSON_Duplicate(base, true) : schema_default(refund_schema(x));
    record_merge(x, r, body, refund_schema(x));
    const cJSON *account = json_get(body, "account_id");
    if (cJSON_IsString(account)) rec_set_str(r, "account_id", account->valuestring);
    zm_account *a = org_find_account(x->org, rec_str(r, "account_id"));
    if (!a) {
        cJSON_Delete(r);
        doc_invalid(x, "account_id");
        return NULL;
    }
    rec_set_str(r, "account_name", a->account_name);
    double amount = rec_num(r, "amount");
    double room = rec_num(vc->json, "balance") + (base ? rec_num(base, "amount") : 0);
    if (!(amount > 0) || amount > room + DOC_EPSILON) {
        cJSON_Delete(r);
        doc_refuse(x, "The amount refunded cannot be more than the vendor credit's balance (%.2f).", room);
        return NULL;
    }
    if (!base) purch_give_id(x, r, "vendor_credit_refund_id");
    rec_set_str(r, "vendor_credit_id", vc->id);
    rec_set_str(r, "vendor_credit_number", rec_str(vc->json, "vendor_credit_number"));
    rec_set_str(r, "customer_name", rec_str(vc->json, "vendor_name"));
    rec_set_str(r, "vendor_id", rec_str(vc->json, "vendor_id"));
    double rate = rec_num(r, "exchange_rate") > 0 ? rec_num(r, "exchange_rate") : 1;
    rec_set_num(r, "amount_fcy", doc_round(amount));
    rec_set_num(r, "amount_bcy", doc_round(amount * rate));
    record_stamp(x, r, !base);
    return r;
}

/* POST /vendorcredits/{id}/refunds */
static void refund_create(zm_ctx *x)
{
    zm_doc *vc = open_credit(x);
    cJSON *body = vc ? request_body(x->req, x->rep, true) : NULL;
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    cJSON *r = build_refund(x, vc, body, NULL);
    if (!r) return;
    cJSON_AddItemToArray(docs_sub_array(vc, "refunds"), r);
    resettle(x, vc, NULL);
    answer_refund(x, r);
}

/* PUT /vendorcredits/{id}/refunds/{vendor_credit_refund_id} */
static void refund_update(zm_ctx *x)
{
    zm_doc *vc = engine_find_doc(x);
    int index;
    cJSON *old = vc ? element(x, vc, "refunds", "vendor_credit_refund_id", "Refund", &index) : NULL;
    cJSON *body = old ? request_body(x->req, x->rep, true) : NULL;
    if (!body || !schema_check_body(x->rep, x->op->body, body, false)) return;
    cJSON *r = build_refund(x, vc, body, old);
    if (!r) return;
    cJSON_ReplaceItemInArray(docs_sub_array(vc, "refunds"), index, r);
    resettle(x, vc, NULL);
    answer_refund(x, r);
}

/* DELETE /vendorcredits/{id}/refunds/{vendor_credit_refund_id} */
static void refund_delete(zm_ctx *x)
{
    zm_doc *vc = engine_find_doc(x);
    int index;
    if (!vc || !element(x, vc, "refunds", "vendor_credit_refund_id", "Refund", &index)) return;
    cJSON_DeleteItemFromArray(docs_sub_array(vc, "refunds"), index);
    resettle(x, vc, NULL);
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

typedef struct refund_row {
    cJSON *row;
    const cJSON *vc;
} refund_row;

static int by_column(const void *a, const void *b, void *arg)
{
    const char *sort_column = arg;
    const refund_row *ra = a, *rb = b;
    /* vendor_name and the credit's own figures come from the credit. */
    const cJSON *sa = json_get(ra->row, sort_column) ? ra->row : ra->vc;
    const cJSON *sb = json_get(rb->row, sort_column) ? rb->row : rb->vc;
    const cJSON *va = json_get(sa, sort_column), *vb = json_get(sb, sort_column);
    if (cJSON_IsNumber(va) && cJSON_IsNumber(vb)) return (va->valuedouble > vb->valuedouble) - (va->valuedouble < vb->valuedouble);
    return strcmp(cJSON_IsString(va) ? va->valuestring : "", cJSON_IsString(vb) ? vb->valuestring : "");
}

/* GET /vendorcredits/refunds: every refund of the organization's credits
 * (customer_id: the vendor's; sort_column as documented, date first). */
static void refunds_list(zm_ctx *x)
{
    char vendor[64] = "", column[64] = "date", order[4] = "D";
    if (request_query(x->req, "customer_id", vendor, sizeof vendor) < 0) vendor[0] = '\0';
    if (request_query(x->req, "sort_column", column, sizeof column) < 0) snprintf(column, sizeof column, "date");
    if (request_query(x->req, "sort_order", order, sizeof order) < 0) snprintf(order, sizeof order, "D");
    const cJSON *p = spec_query_param(x->op, "sort_column"), *v;
    bool known = false;
    cJSON_ArrayForEach(v, json_get(p, "enum")) known |= cJSON_IsString(v) && !strcmp(v->valuestring, column);
    if (strcmp(column, "date") != 0 && !known) {
        reply_error(x->rep, ZE_INVALID_PARAM, "sort_column");
        return;
    }
    VEC(refund_row) rows = {0};
    for (size_t i = 0; i < x->coll->docs.n; i++) {
        const zm_doc *d = x->coll->docs.v[i];
        if (*vendor && strcmp(rec_str(d->json, "vendor_id"), vendor) != 0) continue;
        const cJSON *r;
        cJSON_ArrayForEach(r, json_get(d->subs, "refunds")) {
            refund_row row = {cJSON_Duplicate(r, true), d->json};
            VEC_PUSH(rows, row);
        }
    }
    if (rows.n > 1) qsort_r(rows.v, rows.n, sizeof *rows.v, by_column, column);
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < rows.n; i++) {
        size_t k = order[0] == 'A' ? i : rows.n - 1 - i;
        cJSON_AddItemToArray(arr, rows.v[k].row);
    }
    VEC_FREE(rows);
    cJSON *out = schema_conform(arr, spec_property(x->op->response, "vendor_credit_refunds"));
    cJSON_Delete(arr);
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, "vendor_credit_refunds", out);
}

const zm_special vendorcredits_specials[] = {
    {"POST", "/vendorcredits/{vendor_credit_id}/bills", apply_to_bills},
    {"DELETE", "/vendorcredits/{vendor_credit_id}/bills/{vendor_credit_bill_id}", unapply},
    {"POST", "/vendorcredits/{vendor_credit_id}/refunds", refund_create},
    {"PUT", "/vendorcredits/{vendor_credit_id}/refunds/{vendor_credit_refund_id}", refund_update},
    {"DELETE", "/vendorcredits/{vendor_credit_id}/refunds/{vendor_credit_refund_id}", refund_delete},
    {"GET", "/vendorcredits/refunds", refunds_list},
    {NULL, NULL, NULL},
};

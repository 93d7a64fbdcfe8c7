/* landedcosts.c -- landed costs: a cost (freight, duty) allocated across the item lines of bills, one bill at a time or in bulk, and the bill details to allocate from */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/purchases.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/fields.h"
#include "zoho/schema.h"

/* How it works. A landed cost hangs off the bill whose goods it lands
 * (the path's bill, kept in the bill's "landedcosts"): its
 * cost_allocations name that bill's item lines (bill_item_id, a line_item_id
 * of the bill) and the amount each carries; its amount is their sum. The
 * cost itself may come from another document: reference_entity_type
 * "bill" (the default when a reference_entity_id is given) names a bill of
 * the organization and reference_item_id one of its lines; such a bill
 * cannot be deleted while a landed cost refers to it. Landed costs change
 * what goods cost, not how many there are: no stock moves. Retrieve and
 * delete are the engine's (engine_subs.c). */

/* The element schema of the landed cost answers. */
static const cJSON *landed_schema(void)
{
    const zm_op *op = spec_find("GET", "/bills/{bill_id}/landedcosts/{landed_cost_id}");
    return op ? spec_property(op->response, "landed_cost") : NULL;
}

static cJSON *bill_line(const cJSON *bill, const char *line_id)
{
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(bill, "line_items"))
        if (*line_id && !strcmp(rec_str(l, "line_item_id"), line_id)) return l;
    return NULL;
}

/* Replies "Invalid value passed for <field>", frees lc; NULL. */
static cJSON *refuse(zm_ctx *x, cJSON *lc, const char *field)
{
    cJSON_Delete(lc);
    doc_invalid(x, field);
    return NULL;
}

/* Builds the landed cost of `bill` from body (over `base`, an existing one,
 * or NULL); NULL after replying. */
static cJSON *build(zm_ctx *x, zm_doc *bill, const cJSON *body, const cJSON *base, const cJSON *common)
{
    if (!bills_counts(bill->json)) {
        doc_refuse(x, "Landed costs can be added only to open bills: %s is %s.", rec_str(bill->json, "bill_number"),
                   rec_str(bill->json, "status"));
        return NULL;
    }
    const cJSON *schema = landed_schema();
    cJSON *lc = base ? cJSON_Duplicate(base, true) : schema_default(schema);
    record_merge(x, lc, common, schema);
    record_merge(x, lc, body, schema);
    if (!base) purch_give_id(x, lc, "landed_cost_id");
    rec_set_str(lc, "bill_id", bill->id);
    rec_set_str(lc, "bill_number", rec_str(bill->json, "bill_number"));
    rec_set_str(lc, "vendor_id", rec_str(bill->json, "vendor_id"));
    rec_set_str(lc, "vendor_name", rec_str(bill->json, "vendor_name"));
    static const char *const copied[] = {"currency_id", "currency_code", "currency_symbol"};
    for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++) rec_set_str(lc, copied[i], rec_str(bill->json, copied[i]));
    rec_set_num(lc, "price_precision", 2);
    const char *account = rec_str(lc, "account_id");
    zm_account *a = *account ? org_find_account(x->org, account) : NULL;
    if (*account && !a) return refuse(x, lc, "account_id");
    if (a) rec_set_str(lc, "account_name", a->account_name);
    const char *ref = rec_str(lc, "reference_entity_id");
    if (*ref) {
        if (!*rec_str(lc, "reference_entity_type")) rec_set_str(lc, "reference_entity_type", "bill");
        if (!strcmp(rec_str(lc, "reference_entity_type"), "bill")) {
            zm_doc *src = module_find(x, "bills", ref);
            if (!src) return refuse(x, lc, "reference_entity_id");
            const char *ref_item = rec_str(lc, "reference_item_id");
            if (*ref_item && !bill_line(src->json, ref_item)) return refuse(x, lc, "reference_item_id");
            rec_set_str(lc, "reference_entity_number", rec_str(src->json, "bill_number"));
        }
    }
    double amount = 0;
    cJSON *alloc;
    cJSON_ArrayForEach(alloc, json_get(lc, "cost_allocations")) {
        const cJSON *l = bill_line(bill->json, rec_str(alloc, "bill_item_id"));
        if (!l || !*rec_str(l, "item_id")) return refuse(x, lc, "bill_item_id");
        double share = rec_num(alloc, "allocated_amount");
        if (share < 0 || share > 1e12) return refuse(x, lc, "allocated_amount");
        amount += share;
        rec_set_str(alloc, "bill_id", bill->id);
        rec_set_str(alloc, "name", rec_str(l, "name"));
        rec_set_str(alloc, "description", rec_str(l, "description"));
        rec_set_num(alloc, "quantity", rec_num(l, "quantity"));
        rec_set_num(alloc, "rate", rec_num(l, "rate"));
        rec_set_num(alloc, "item_total", rec_num(l, "item_total"));
    }
    if (cJSON_GetArraySize(json_get(lc, "cost_allocations")) == 0) {
        cJSON_Delete(lc);
        reply_error(x->rep, ZE_PARAM_MANDATORY, "cost_allocations");
        return NULL;
    }
    rec_set_num(lc, "amount", doc_round(amount));
    return lc;
}

static void answer(zm_ctx *x, const cJSON *lc)
{
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    if (!x->op->response_key) return;
    cJSON *out = schema_conform(lc, spec_property(x->op->response, x->op->response_key));
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, x->op->response_key, out);
}

/* POST /bills/{bill_id}/landedcosts */
static void landed_create(zm_ctx *x)
{
    zm_doc *bill = engine_find_doc(x);
    cJSON *body = bill ? request_body(x->req, x->rep, true) : NULL;
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    cJSON *lc = build(x, bill, body, NULL, NULL);
    if (!lc) return;
    cJSON_AddItemToArray(docs_sub_array(bill, "landedcosts"), lc);
    answer(x, lc);
}

/* PUT /bills/{bill_id}/landedcosts/{landed_cost_id} */
static void landed_update(zm_ctx *x)
{
    zm_doc *bill = engine_find_doc(x);
    if (!bill) return;
    const char *id = request_param(x->req, "landed_cost_id");
    cJSON *arr = docs_sub_array(bill, "landedcosts"), *old = NULL, *e;
    cJSON_ArrayForEach(e, arr)
        if (id && !strcmp(rec_str(e, "landed_cost_id"), id)) old = e;
    if (!old) {
        reply_error(x->rep, ZE_NOT_FOUND, "Landed cost");
        return;
    }
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, false)) return;
    cJSON *lc = build(x, bill, body, old, NULL);
    if (!lc) return;
    json_replace(arr, old, lc);
    answer(x, lc);
}

/* POST /bills/bulklandedcosts: one cost over several bills, all or none. */
static void landed_bulk(zm_ctx *x)
{
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, true)) return;
    const cJSON *bills = json_get(body, "bills"), *b;
    if (cJSON_GetArraySize(bills) == 0) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "bills");
        return;
    }
    cJSON *common = cJSON_Duplicate(body, true);
    cJSON_DeleteItemFromObjectCaseSensitive(common, "bills");
    VEC(cJSON *) made = {0};
    VEC(zm_doc *) owners = {0};
    bool ok = true;
    cJSON_ArrayForEach(b, bills) {
        zm_doc *bill = docs_find(x->coll, rec_str(b, "bill_id"));
        if (!bill) {
            reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
            ok = false;
            break;
        }
        const char *vendor = rec_str(b, "vendor_id");
        if (*vendor && strcmp(vendor, rec_str(bill->json, "vendor_id")) != 0) {
            ok = doc_invalid(x, "vendor_id");
            break;
        }
        cJSON *part = cJSON_CreateObject();
        cJSON_AddItemToObject(part, "cost_allocations", cJSON_Duplicate(json_get(b, "cost_allocations"), true));
        cJSON *lc = build(x, bill, part, NULL, common);
        cJSON_Delete(part);
        if (!lc) {
            ok = false;
            break;
        }
        VEC_PUSH(made, lc);
        VEC_PUSH(owners, bill);
    }
    for (size_t i = 0; i < made.n; i++) {
        if (ok) cJSON_AddItemToArray(docs_sub_array(owners.v[i], "landedcosts"), made.v[i]);
        else cJSON_Delete(made.v[i]);
    }
    VEC_FREE(made);
    VEC_FREE(owners);
    cJSON_Delete(common);
    if (ok) reply_success(x->rep, x->op->status, engine_message(x->op));
}

/* GET /landedcosts/billdetails?bill_ids=a,b: the bills' item lines to allocate over. */
static void landed_bill_details(zm_ctx *x)
{
    char ids[4096];
    int n = request_query(x->req, "bill_ids", ids, sizeof ids);
    if (n <= 0) {
        reply_error(x->rep, n == -2 ? ZE_INVALID_PARAM : ZE_PARAM_MANDATORY, "bill_ids");
        return;
    }
    cJSON *rows = cJSON_CreateArray();
    for (char *save = NULL, *tok = strtok_r(ids, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        zm_doc *bill = docs_find(x->coll, tok);
        if (!bill) {
            cJSON_Delete(rows);
            reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
            return;
        }
        cJSON *row = cJSON_Duplicate(bill->json, true);
        cJSON *lines = cJSON_CreateArray(), *l;
        cJSON_ArrayForEach(l, json_get(bill->json, "line_items")) {
            if (!*rec_str(l, "item_id")) continue;
            cJSON *e = cJSON_Duplicate(l, true);
            rec_set_str(e, "bill_id", bill->id);
            rec_set_str(e, "bill_item_id", rec_str(l, "line_item_id"));
            zm_doc *item = module_find(x, "items", rec_str(l, "item_id"));
            if (item) {
                rec_set_str(e, "sku", rec_str(item->json, "sku"));
                const cJSON *pd = json_get(item->json, "package_details");
                if (pd) json_set(e, "package_details", cJSON_Duplicate(pd, true));
            }
            cJSON_AddItemToArray(lines, e);
        }
        json_set(row, "line_items", lines);
        cJSON_AddItemToArray(rows, row);
    }
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    const cJSON *schema = spec_property(x->op->response, x->op->response_key);
    cJSON *out = schema_conform(rows, schema);
    cJSON_Delete(rows);
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, x->op->response_key, out);
}

/* A bill that another's landed cost takes its cost from. */
bool landedcosts_referenced(zm_ctx *x, const char *bill_id, char *by, size_t size)
{
    for (size_t i = 0; i < x->coll->docs.n; i++) {
        const zm_doc *d = x->coll->docs.v[i];
        const cJSON *lc;
        cJSON_ArrayForEach(lc, json_get(d->subs, "landedcosts")) {
            if (!strcmp(rec_str(lc, "reference_entity_id"), bill_id) && strcmp(d->id, bill_id) != 0) {
                snprintf(by, size, "%s", rec_str(d->json, "bill_number"));
                return true;
            }
        }
    }
    return false;
}

const zm_special bills_specials[] = {
    {"POST", "/bills/{bill_id}/landedcosts", landed_create},
    {"PUT", "/bills/{bill_id}/landedcosts/{landed_cost_id}", landed_update},
    {"POST", "/bills/bulklandedcosts", landed_bulk},
    {"GET", "/landedcosts/billdetails", landed_bill_details},
    {NULL, NULL, NULL},
};

/* item_transactions.c -- GET /items/transactions/<module>: the documents of a module with a line of the item, filtered and sorted as documented */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/items.h"
#include "inventory/record_ids.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. The path names the module (salesorders, purchaseorders,
 * invoices, deliverychallans, salesreceipts, moveorders, putaways); every
 * document of it with a line of the item becomes one row in the shape of
 * the operation's answer: the document's own fields (number, date, party,
 * currency), its status (order_status for sales orders), and the item's
 * lines summed (item_quantity, item_total_price; item_price and unit of
 * its first line). Sales receipts are not modelled: their list is empty.
 * The documented filters: status (the document's status or one of its
 * *_status figures -- a purchase order "received" or "partially_billed",
 * a sales order "shipped" or "invoiced"; an invoice "unpaid" is one sent
 * and not paid in full), customer_id or vendor_id, sales_channel; and
 * sort_column (default date), newest first unless sort_order=A. */

/* The line quantity member of each module. */
static double line_quantity(const cJSON *line)
{
    if (json_get(line, "quantity_transferred")) return rec_num(line, "quantity_transferred");
    if (json_get(line, "quantity_transfer")) return rec_num(line, "quantity_transfer");
    return rec_num(line, "quantity");
}

static double line_rate(const cJSON *line)
{
    return json_get(line, "rate") || !json_get(line, "purchase_rate") ? rec_num(line, "rate") : rec_num(line, "purchase_rate");
}

/* ------------------------------------------------------------- filters */

/* A documented query parameter's value, checked against its enum: -1
 * absent (or empty), 0 read, else replied 400 (and 1 returned). */
static int documented(zm_ctx *x, const char *name, char *out, size_t size)
{
    char buf[256];
    int n = request_query(x->req, name, buf, sizeof buf);
    if (n == -1 || n == 0) return -1;       /* out keeps its default */
    if ((size_t)n >= size) n = -2;
    const cJSON *p, *allowed = NULL;
    cJSON_ArrayForEach(p, x->op->query)
        if (!strcmp(rec_str(p, "name"), name)) allowed = json_get(p, "enum");
    bool ok = n > 0;
    if (ok && allowed) {
        ok = false;
        const cJSON *e;
        cJSON_ArrayForEach(e, allowed) ok = ok || (cJSON_IsString(e) && !strcmp(e->valuestring, buf));
    }
    if (!ok) {
        reply_error(x->rep, ZE_INVALID_PARAM, name);
        return 1;
    }
    memcpy(out, buf, (size_t)n + 1);        /* n < size: checked above */
    return 0;
}

/* The document is in the status asked: its status, or one of its *_status figures. */
static bool in_status(const cJSON *doc, const char *status)
{
    const char *own = rec_str(doc, "status");
    if (!strcmp(own, status)) return true;
    if (!strcmp(status, "unpaid"))
        return strcmp(own, "draft") && strcmp(own, "void") && strcmp(own, "paid") && strcmp(own, "pending_approval") &&
               strcmp(own, "approved");
    const cJSON *m;
    cJSON_ArrayForEach(m, doc) {
        size_t len = m->string ? strlen(m->string) : 0;
        if (len > 7 && !strcmp(m->string + len - 7, "_status") && cJSON_IsString(m) && !strcmp(m->valuestring, status))
            return true;
    }
    return false;
}

typedef struct txn_query {
    char item_id[ID_LEN];
    char status[64];
    char party_field[16];       /* "customer_id" or "vendor_id" */
    char party[ID_LEN];
    char channel[128];
    char sort_column[64];
    bool ascending;
} txn_query;

static bool keeps(const txn_query *q, const cJSON *doc)
{
    char id[ID_LEN];
    if (*q->status && !in_status(doc, q->status)) return false;
    if (*q->party && strcmp(rec_id(doc, q->party_field, id), q->party) != 0) return false;
    if (*q->channel && strcasecmp(rec_str(doc, "sales_channel"), q->channel) != 0) return false;
    return true;
}

/* ------------------------------------------------------------- rows */

static cJSON *row_of(zm_ctx *x, const zm_doc *d, const char *item_id)
{
    const cJSON *doc = d->json, *line;
    double quantity = 0, total = 0;
    const cJSON *first = NULL;
    cJSON_ArrayForEach(line, json_get(doc, "line_items")) {
        char id[ID_LEN];
        if (strcmp(rec_id(line, "item_id", id), item_id) != 0) continue;
        if (!first) first = line;
        quantity += line_quantity(line);
        total += rec_num(line, "item_total");
    }
    if (!first) return NULL;
    cJSON *row = cJSON_Duplicate(doc, true);
    cJSON_DeleteItemFromObjectCaseSensitive(row, "line_items");
    rec_set_str(row, x->mod->id_field, d->id);
    rec_set_str(row, "order_status", rec_str(doc, "status"));
    rec_set_num(row, "item_quantity", quantity);
    rec_set_str(row, "unit", rec_str(first, "unit"));
    rec_set_num(row, "item_price", line_rate(first));
    rec_set_num(row, "item_total_price", total);
    if (!*rec_str(row, "warehouse_id") && *rec_str(row, "location_id")) {
        rec_set_str(row, "warehouse_id", rec_str(doc, "location_id"));
        rec_set_str(row, "warehouse_name", rec_str(doc, "location_name"));
    }
    return row;
}

/* A row and its document's place in the module (ties: creation order). */
typedef struct txn_row {
    cJSON *row;
    size_t place;
} txn_row;

static int compare_rows(const void *a, const void *b, void *arg)
{
    const txn_query *q = arg;
    const txn_row *ta = a, *tb = b;
    const cJSON *va = json_get(ta->row, q->sort_column), *vb = json_get(tb->row, q->sort_column);
    int c;
    if (cJSON_IsNumber(va) && cJSON_IsNumber(vb)) c = (va->valuedouble > vb->valuedouble) - (va->valuedouble < vb->valuedouble);
    else c = strcasecmp(rec_str(ta->row, q->sort_column), rec_str(tb->row, q->sort_column));
    if (!c) c = (ta->place > tb->place) - (ta->place < tb->place);
    return q->ascending ? c : -c;
}

/* ------------------------------------------------------------- the call */

static bool read_query(zm_ctx *x, txn_query *q)
{
    memset(q, 0, sizeof *q);
    int n = request_query(x->req, "item_id", q->item_id, sizeof q->item_id);
    if (n <= 0 || !id_is_valid(q->item_id)) {
        reply_error(x->rep, n <= 0 && n != -2 ? ZE_PARAM_MANDATORY : ZE_INVALID_PARAM, "item_id");
        return false;
    }
    if (!docs_find(x->coll, q->item_id)) {
        reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
        return false;
    }
    snprintf(q->sort_column, sizeof q->sort_column, "date");
    if (documented(x, "status", q->status, sizeof q->status) > 0 ||
        documented(x, "sales_channel", q->channel, sizeof q->channel) > 0 ||
        documented(x, "sort_column", q->sort_column, sizeof q->sort_column) > 0)
        return false;
    static const char *const parties[] = {"customer_id", "vendor_id", NULL};
    for (size_t i = 0; parties[i]; i++) {
        int r = documented(x, parties[i], q->party, sizeof q->party);
        if (r > 0) return false;
        if (r == 0) {
            snprintf(q->party_field, sizeof q->party_field, "%s", parties[i]);
            break;
        }
    }
    char order[8];
    q->ascending = request_query(x->req, "sort_order", order, sizeof order) > 0 && !strcmp(order, "A");
    return true;
}

void items_transactions(zm_ctx *x)
{
    txn_query q;
    if (!read_query(x, &q)) return;
    const char *key = x->op->response_key;
    const cJSON *row_schema = schema_items(spec_property(x->op->response, key));
    zm_ctx m = *x;
    m.mod = module_for_collection(strrchr(x->op->path, '/') + 1);
    m.coll = m.mod ? docs_collection(x->org, m.mod->slot) : NULL;
    VEC(txn_row) rows = {0};
    for (size_t i = 0; m.coll && i < m.coll->docs.n; i++) {
        const zm_doc *d = m.coll->docs.v[i];
        if (!keeps(&q, d->json)) continue;
        txn_row t = {row_of(&m, d, q.item_id), i};
        if (t.row) VEC_PUSH(rows, t);
    }
    if (rows.n > 1) qsort_r(rows.v, rows.n, sizeof *rows.v, compare_rows, &q);
    cJSON *out = cJSON_CreateArray();
    for (size_t i = 0; i < rows.n; i++) {
        cJSON *row = rows.v[i].row;
        cJSON_AddItemToArray(out, row_schema ? schema_project(row, row_schema) : cJSON_Duplicate(row, true));
        cJSON_Delete(row);
    }
    VEC_FREE(rows);
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, key, out);
}

/* purchases_common.c -- what the purchase modules share: vendors, accounts, item lines, where a line moves stock, its serials, batches and bins */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/purchases.h"
#include "util/alloc.h"
#include "util/json.h"

/* ------------------------------------------------------ who and what */

bool purch_check_vendor(zm_ctx *x, const cJSON *record)
{
    const char *vendor_id = rec_str(record, "vendor_id");
    if (!*vendor_id) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "vendor_id");
        return false;
    }
    zm_doc *c = module_find(x, "contacts", vendor_id);
    if (!c || strcmp(rec_str(c->json, "contact_type"), "vendor") != 0) return doc_invalid(x, "vendor_id");
    return true;
}

static bool check_account(zm_ctx *x, cJSON *obj)
{
    const char *id = rec_str(obj, "account_id");
    if (!*id) return true;
    zm_account *a = org_find_account(x->org, id);
    if (!a) return doc_invalid(x, "account_id");
    if (json_get(obj, "account_name")) rec_set_str(obj, "account_name", a->account_name);
    return true;
}

bool purch_check_accounts(zm_ctx *x, cJSON *record)
{
    if (!check_account(x, record)) return false;
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items"))
        if (!check_account(x, l)) return false;
    return true;
}

bool purch_complete_lines(zm_ctx *x, cJSON *record, const cJSON *body, const char *rate_field)
{
    const cJSON *sent = json_get(body, "line_items");
    int i = 0;
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        const cJSON *sent_line = cJSON_IsArray(sent) ? cJSON_GetArrayItem(sent, i) : NULL;
        i++;
        const char *item_id = rec_str(l, "item_id");
        if (!*item_id && !*rec_str(l, "name") && !*rec_str(l, "account_id")) {
            reply_error(x->rep, ZE_PARAM_MANDATORY, "item_id");
            return false;
        }
        zm_doc *item = *item_id ? module_find(x, "items", item_id) : NULL;
        if (*item_id && !item) return doc_invalid(x, "item_id");
        if (item) {
            if (!*rec_str(l, "name")) rec_set_str(l, "name", rec_str(item->json, "name"));
            if (!*rec_str(l, "unit")) rec_set_str(l, "unit", rec_str(item->json, "unit"));
        }
        if (sent_line && !json_get(sent_line, "quantity") && rec_num(l, "quantity") == 0) rec_set_num(l, "quantity", 1);
        double qty = rec_num(l, "quantity");
        if (!(qty > 0) || qty > 1e12) return doc_invalid(x, "quantity");
        if (!doc_whole_units(x, item_id, qty)) return false;
        bool rate_sent = sent_line && (json_get(sent_line, rate_field) || json_get(sent_line, "rate"));
        if (sent_line && cJSON_IsNumber(json_get(sent_line, "rate")) && !json_get(sent_line, rate_field))
            rec_set_num(l, rate_field, json_get(sent_line, "rate")->valuedouble);
        if (item && sent_line && !rate_sent && rec_num(l, rate_field) == 0) {
            double rate = rec_num(item->json, "purchase_rate");
            rec_set_num(l, rate_field, rate > 0 ? rate : rec_num(item->json, "rate"));
        }
        if (rec_num(l, rate_field) < 0) return doc_invalid(x, rate_field);
        if (json_get(l, "bcy_rate")) rec_set_num(l, "bcy_rate", rec_num(l, rate_field));
    }
    return true;
}

void purch_give_id(zm_ctx *x, cJSON *rec, const char *field)
{
    zm_id id;
    org_new_id(x->org, id);
    rec_set_str(rec, field, id);
}

void purch_draft_on_request(const zm_ctx *x, cJSON *record, const cJSON *body)
{
    if (x->op->kind == OP_CREATE && !strcmp(rec_str(body, "status"), "draft")) rec_set_str(record, "status", "draft");
}

/* ----------------------------------------------------------- places */

bool purch_place_line(zm_ctx *x, cJSON *line, const char *fallback)
{
    const char *loc = rec_str(line, "location_id");
    if (!*loc) loc = fallback ? fallback : "";
    if (!*loc && x->org->locations.n) loc = x->org->locations.v[0].location_id;
    zm_location *l = org_find_location(x->org, loc);
    if (!l) return doc_invalid(x, "location_id");
    char id[ID_LEN];
    snprintf(id, sizeof id, "%s", l->location_id);
    rec_set_str(line, "location_id", id);
    rec_set_str(line, "location_name", l->location_name);
    return true;
}

static const zm_storage *bin_of(const zm_location *l, const char *storage_id)
{
    for (size_t i = 0; l && i < l->storages.n; i++)
        if (!strcmp(l->storages.v[i].storage_id, storage_id)) return &l->storages.v[i];
    return NULL;
}

/* ---------------------------------------------------------- tracking */

typedef struct tracking_check {
    zm_ctx *x;
    const zm_location *loc;
    const zm_item *item;
    const char *qty;            /* the bins' and batches' quantity member: "in_quantity" */
    zm_strings seen;            /* serials met so far on the line */
} tracking_check;

static bool refuse_tracking(tracking_check *t, const char *field, const char *why, const char *what)
{
    char msg[512];
    snprintf(msg, sizeof msg, "Invalid value passed for %s: %s%s", field, why, what ? what : "");
    reply_error(t->x->rep, ZE_VALIDATION, msg);
    return false;
}

/* Serial numbers under `arr`: strings, none twice, the item tracks them. */
static bool check_serials(tracking_check *t, const cJSON *arr, size_t *count)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, arr) {
        if (!cJSON_IsString(s) || !*s->valuestring) return refuse_tracking(t, "serial_numbers", "not a serial number", NULL);
        if (!t->item->track_serial_number)
            return refuse_tracking(t, "serial_numbers", "the item does not track serial numbers: ", t->item->name);
        for (size_t i = 0; i < t->seen.n; i++)
            if (!strcmp(t->seen.v[i], s->valuestring))
                return refuse_tracking(t, "serial_numbers", "named twice: ", s->valuestring);
        VEC_PUSH(t->seen, xstrdup(s->valuestring));
        (*count)++;
    }
    return true;
}

/* A bin of the line's location with a positive quantity; its name copied. */
static bool check_bin(tracking_check *t, cJSON *bin, double *sum)
{
    const zm_storage *s = bin_of(t->loc, rec_str(bin, "storage_id"));
    if (!s) return refuse_tracking(t, "storage_id", "not a bin of ", t->loc->location_name);
    double q = rec_num(bin, t->qty);
    if (!(q > 0)) return refuse_tracking(t, t->qty, "must be more than zero", NULL);
    if (json_get(bin, "storage_name")) rec_set_str(bin, "storage_name", s->storage_name);
    *sum += q;
    return true;
}

static bool near(double a, double b) { return fabs(a - b) < DOC_EPSILON; }

static bool check_batches(tracking_check *t, cJSON *batches, double quantity)
{
    double sum = 0;
    cJSON *b;
    cJSON_ArrayForEach(b, batches) {
        if (!t->item->track_batch_number)
            return refuse_tracking(t, "batches", "the item does not track batches: ", t->item->name);
        if (!*rec_str(b, "batch_number")) {
            reply_error(t->x->rep, ZE_PARAM_MANDATORY, "batch_number");
            return false;
        }
        double q = rec_num(b, t->qty);
        if (!(q > 0)) return refuse_tracking(t, t->qty, "must be more than zero", NULL);
        const cJSON *bins = json_get(b, "storages");
        if (cJSON_GetArraySize(bins) > 0) {
            double in_bins = 0;
            cJSON *s;
            cJSON_ArrayForEach(s, bins)
                if (!check_bin(t, s, &in_bins)) return false;
            if (!near(in_bins, q))
                return refuse_tracking(t, "storages", "the bins do not add up to the batch's quantity: ", rec_str(b, "batch_number"));
        }
        sum += q;
    }
    if (!near(sum, quantity)) return refuse_tracking(t, "batches", "the batches do not add up to the line's quantity", NULL);
    return true;
}

bool purch_check_tracking(zm_ctx *x, cJSON *line)
{
    return purch_check_line_tracking(x, line, "in_quantity");
}

bool purch_check_line_tracking(zm_ctx *x, cJSON *line, const char *qty_member)
{
    tracking_check t = {x, org_find_location(x->org, rec_str(line, "location_id")),
                        org_find_item(x->org, rec_str(line, "item_id")), qty_member, {0}};
    if (!t.loc || !t.item) return true;     /* checked where the line was placed */
    double quantity = rec_num(line, "quantity");
    size_t serials = 0;
    bool ok = check_serials(&t, json_get(line, "serial_numbers"), &serials);
    cJSON *batches = cJSON_GetObjectItemCaseSensitive(line, "batches");
    if (ok && cJSON_GetArraySize(batches) > 0) ok = check_batches(&t, batches, quantity);
    cJSON *bins = cJSON_GetObjectItemCaseSensitive(line, "storages"), *s;
    if (ok && cJSON_GetArraySize(bins) > 0 && cJSON_GetArraySize(batches) == 0) {
        double in_bins = 0;
        cJSON_ArrayForEach(s, bins) {
            size_t bin_serials = 0;
            if (!(ok = check_bin(&t, s, &in_bins) && check_serials(&t, json_get(s, "serial_numbers"), &bin_serials))) break;
            serials += bin_serials;
        }
        if (ok && !near(in_bins, quantity))
            ok = refuse_tracking(&t, "storages", "the bins do not add up to the line's quantity", NULL);
    }
    if (ok && serials > 0 && !near((double)serials, quantity))
        ok = refuse_tracking(&t, "serial_numbers", "as many serial numbers as the quantity are needed for ", t.item->name);
    for (size_t i = 0; i < t.seen.n; i++) free(t.seen.v[i]);
    VEC_FREE(t.seen);
    return ok;
}

/* Takes the next n serials of the line's own list into mv. */
static void take_serials(zm_stock_move *mv, const cJSON *serials, int *next, double n)
{
    for (int k = 0; k < (int)n; k++) {
        const cJSON *s = cJSON_GetArrayItem(serials, (*next)++);
        if (cJSON_IsString(s)) move_add_serial(mv, s->valuestring);
    }
}

void purch_accounting_moves(const cJSON *record, double sign, zm_stock_moves *out)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items"))
        if (*rec_str(l, "item_id") && *rec_str(l, "location_id"))
            moves_add(out, rec_str(l, "item_id"), rec_str(l, "location_id"), "", 0, sign * rec_num(l, "quantity"), 0);
}

void purch_line_moves(const cJSON *line, double sign, zm_stock_moves *out)
{
    purch_line_moves_by(line, "in_quantity", sign, out);
}

void purch_line_moves_by(const cJSON *line, const char *qty_member, double sign, zm_stock_moves *out)
{
    const char *item = rec_str(line, "item_id"), *loc = rec_str(line, "location_id");
    if (!*item || !*loc) return;
    const cJSON *serials = json_get(line, "serial_numbers");
    const cJSON *batches = json_get(line, "batches"), *bins = json_get(line, "storages"), *b, *s;
    int next = 0;
    if (cJSON_GetArraySize(batches) > 0) {
        cJSON_ArrayForEach(b, batches) {
            const char *number = rec_str(b, "batch_number");
            if (cJSON_GetArraySize(json_get(b, "storages")) == 0) {
                double q = rec_num(b, qty_member) * sign;
                move_add_batch(moves_add(out, item, loc, "", q, 0, 0), number, q);
            }
            cJSON_ArrayForEach(s, json_get(b, "storages")) {
                double q = rec_num(s, qty_member) * sign;
                move_add_batch(moves_add(out, item, loc, rec_str(s, "storage_id"), q, 0, 0), number, q);
            }
        }
        return;
    }
    if (cJSON_GetArraySize(bins) > 0) {
        cJSON_ArrayForEach(s, bins) {
            double q = rec_num(s, qty_member);
            zm_stock_move *mv = moves_add(out, item, loc, rec_str(s, "storage_id"), q * sign, 0, 0);
            const cJSON *own = json_get(s, "serial_numbers"), *e;
            cJSON_ArrayForEach(e, own)
                if (cJSON_IsString(e)) move_add_serial(mv, e->valuestring);
            if (cJSON_GetArraySize(own) == 0) take_serials(mv, serials, &next, q);
        }
        return;
    }
    zm_stock_move *mv = moves_add(out, item, loc, "", rec_num(line, "quantity") * sign, 0, 0);
    take_serials(mv, serials, &next, (double)cJSON_GetArraySize(serials));
}

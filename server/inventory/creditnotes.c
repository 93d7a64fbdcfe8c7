/* creditnotes.c -- credit notes: lines, balance, statuses, what blocks a void or delete, list filters */
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/json.h"

/* How it works. A credit note is open when created (draft with
 * "is_draft": true); its balance is its total less what it credits to
 * invoices (its `invoices` lines, each with a creditnote_invoice_id and a
 * date: credits.c) and what was refunded (its refunds, kept beside the
 * record: refunds.c). At a balance of 0 it is closed, and opens again
 * when a credit or refund is removed. Zoho's documents give credit note lines no
 * rate: the mock keeps the rate a client sends (else the item's) and
 * prints rate and item_total on each line, as Zoho's answers do.
 *
 * Stock. Each item line has its place (its location_id, else the credit
 * note's, else that of the invoice line or sales return line it credits,
 * else the organization's first location); an open or closed credit note
 * gives the accounting stock of its item lines back there (Zoho: a credit
 * note for goods adds to the stock on hand), a draft or void one gives
 * none. */

double creditnotes_refunded(const zm_doc *d)
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
void creditnotes_settle(cJSON *cn, double refunds)
{
    double balance = doc_round(rec_num(cn, "total") - credited(cn) - refunds);
    rec_set_num(cn, "balance", balance);
    const char *status = rec_str(cn, "status");
    if (!strcmp(status, "open") && balance <= DOC_EPSILON && rec_num(cn, "total") > 0)
        rec_set_str(cn, "status", "closed");
    else if (!strcmp(status, "closed") && balance > DOC_EPSILON)
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
            if (!inv || !doc_line(inv->json, inv_line)) return doc_invalid(x, "invoice_item_id");
        }
        const char *ret_line = rec_str(l, "salesreturn_item_id");
        if (*ret_line) {
            zm_collection *c = doc_collection(x, "salesreturns");
            bool found = false;
            for (size_t i = 0; c && i < c->docs.n && !found; i++)
                found = doc_line(c->docs.v[i]->json, ret_line) != NULL;
            if (!found) return doc_invalid(x, "salesreturn_item_id");
        }
    }
    return true;
}

/* The location of the invoice line or return line a credit note line credits. */
static const char *credited_line_place(zm_ctx *x, const cJSON *line, const void *record)
{
    const char *invoice_id = rec_str(line, "invoice_id");
    zm_doc *inv = module_find(x, "invoices", *invoice_id ? invoice_id : rec_str(record, "invoice_id"));
    const cJSON *il = inv ? doc_line(inv->json, rec_str(line, "invoice_item_id")) : NULL;
    if (il) return rec_str(il, "location_id");
    zm_collection *c = doc_collection(x, "salesreturns");
    for (size_t i = 0; c && i < c->docs.n; i++) {
        const cJSON *rl = doc_line(c->docs.v[i]->json, rec_str(line, "salesreturn_item_id"));
        if (rl) return rec_str(rl, "location_id");
    }
    return "";
}

bool creditnotes_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (sales_is_save(x)) {
        if (existing && !strcmp(rec_str(existing->json, "status"), "void"))
            return doc_refuse(x, "A void Credit Note cannot be edited.");
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
        if (!sales_place_lines(x, record, credited_line_place, record)) return false;
        if (existing && rec_num(record, "total") + DOC_EPSILON < credited(record) + creditnotes_refunded(existing))
            return doc_refuse(x, "The total of credit note %s cannot be less than the %.2f credited and refunded.",
                              rec_str(record, "creditnote_number"), credited(record) + creditnotes_refunded(existing));
    }
    if (doc_is_action(x, "void") && existing && (credited(existing->json) > 0 || creditnotes_refunded(existing) > 0))
        return doc_refuse(x, "Credit note %s has credits applied or refunds; remove them before voiding it.",
                          rec_str(record, "creditnote_number"));
    rec_set_str(record, "updated_time", rec_str(record, "last_modified_time"));
    creditnotes_settle(record, creditnotes_refunded(existing));
    return true;
}

bool creditnotes_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    invoices_follow(x, "creditnotes", id, before, after);
    return true;
}

bool creditnotes_deleting(zm_ctx *x, const zm_doc *d)
{
    if (credited(d->json) > 0 || creditnotes_refunded(d) > 0) {
        reply_error(x->rep, ZE_IN_USE, x->mod->label, "it has credits applied or refunds");
        return false;
    }
    return true;
}

void creditnotes_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out)
{
    const char *status = rec_str(record, "status");
    if (strcmp(status, "open") != 0 && strcmp(status, "closed") != 0) return;
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        const char *item_id = rec_str(l, "item_id"), *location_id = rec_str(l, "location_id");
        if (*location_id && sales_item_stocked(x, item_id))
            moves_add(out, item_id, location_id, "", 0, rec_num(l, "quantity"), 0);
    }
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

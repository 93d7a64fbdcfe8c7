/* retainerinvoices.c -- retainer invoices: advance amounts billed by line, their statuses and balance */
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/json.h"

/* How it works. A retainer invoice's lines are amounts (description and
 * rate, no quantity): each line's item_total is its rate (or what the
 * client sent), sub_total their sum, total with the lines' taxes. Nothing
 * in Zoho's Inventory documents pays a retainer invoice, so its balance
 * is its total less payment_made (0 unless a fixture sets it). Statuses:
 * draft -> sent (status/sent or e-mail), void, draft again from void or
 * sent, and submit/approve when approvals are used. */

bool retainerinvoices_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (sales_is_save(x)) {
        if (existing && !strcmp(rec_str(existing->json, "status"), "void"))
            return doc_refuse(x, "A void Retainer Invoice cannot be edited.");
        if (!sales_check_template(x, record)) return false;
        const cJSON *sent = json_get(body, "line_items");
        double sub_total = 0, tax_total = 0;
        int i = 0;
        cJSON *l;
        cJSON_ArrayForEach(l, json_get(record, "line_items")) {
            const cJSON *sl = cJSON_IsArray(sent) ? cJSON_GetArrayItem(sent, i) : NULL;
            i++;
            if (!*rec_str(l, "description")) {
                reply_error(x->rep, ZE_PARAM_MANDATORY, "description");
                return false;
            }
            if (rec_num(l, "rate") < 0) return doc_invalid(x, "rate");
            if (cJSON_IsArray(sent) && !cJSON_IsNumber(json_get(sl, "item_total")))
                rec_set_num(l, "item_total", doc_round(rec_num(l, "rate")));
            rec_set_num(l, "bcy_rate", rec_num(l, "rate"));
            sub_total += rec_num(l, "item_total");
            tax_total += rec_num(l, "item_total") * rec_num(l, "tax_percentage") / 100.0;
        }
        rec_set_num(record, "sub_total", doc_round(sub_total));
        rec_set_num(record, "total", doc_round(sub_total + tax_total));
        if (!existing) {
            char today[16];
            sales_today(x, today);
            if (!*rec_str(record, "date")) rec_set_str(record, "date", today);
        }
    }
    rec_set_num(record, "balance", doc_round(rec_num(record, "total") - rec_num(record, "payment_made")));
    return true;
}

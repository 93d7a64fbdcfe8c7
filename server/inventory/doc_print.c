/* doc_print.c -- records printed: the PDF (or HTML) of documents that Zoho's print endpoints and accept=pdf answer */
#include "inventory/doc_print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "util/alloc.h"
#include "util/json.h"
#include "util/pdf.h"
#include "util/vec.h"

/* How it works. A printed document is the record's own figures, in a
 * fixed layout: the mock has no template designer, so every template
 * prints the same way. What a reader checks is there: the document's
 * label and number, who it is for, its dates, status, lines and totals. */

doc_format doc_print_wanted(zm_ctx *x)
{
    char buf[32];
    const cJSON *accept = spec_query_param(x->op, "accept");
    if (accept) {
        int n = request_query(x->req, "accept", buf, sizeof buf);
        if (n != -1) {
            bool listed = false;
            const cJSON *v;
            cJSON_ArrayForEach(v, json_get(accept, "enum"))
                listed = listed || (cJSON_IsString(v) && !strcmp(v->valuestring, buf));
            if (n <= 0 || (json_get(accept, "enum") && !listed)) {
                reply_error(x->rep, ZE_INVALID_PARAM, "accept");
                return DOC_REFUSED;
            }
            if (!strcmp(buf, "pdf")) return DOC_PDF;
            if (!strcmp(buf, "html")) return DOC_HTML;
        }
    }
    if (spec_query_param(x->op, "print")) {
        bool print = false;
        if (!request_query_bool(x->req, x->rep, "print", false, &print)) return DOC_REFUSED;
        if (print) return DOC_PDF;
    }
    return DOC_JSON;
}

/* ------------------------------------------------------------ content */

/* One line of a document: what is printed of it. */
static void line_text(const cJSON *l, char *out, size_t size)
{
    const char *name = rec_str(l, "name");
    if (!*name) name = rec_str(l, "item_name");
    if (!*name) name = rec_str(l, "description");
    double qty = rec_num(l, "quantity");
    if (json_get(l, "rate") || json_get(l, "item_total"))
        snprintf(out, size, "%-44.44s %10g %12.2f %12.2f", name, qty, rec_num(l, "rate"), rec_num(l, "item_total"));
    else
        snprintf(out, size, "%-44.44s %10g", name, qty);
}

static const char *party_of(const cJSON *rec, const char **label)
{
    *label = "Customer";
    if (*rec_str(rec, "customer_name")) return rec_str(rec, "customer_name");
    *label = "Vendor";
    if (*rec_str(rec, "vendor_name")) return rec_str(rec, "vendor_name");
    *label = "Contact";
    return rec_str(rec, "contact_name");
}

static char *title_of(zm_ctx *x, const zm_doc *d)
{
    const char *number = x->mod->number_field ? rec_str(d->json, x->mod->number_field) : "";
    return xasprintf("%s %s", x->mod->label, *number ? number : d->id);
}

static const char *const dates[][2] = {
    {"date", "Date"}, {"due_date", "Due Date"}, {"shipment_date", "Shipment Date"},
    {"expected_delivery_date", "Expected Delivery"}, {"delivery_date", "Delivery Date"},
};
static const char *const totals[][2] = {
    {"sub_total", "Sub Total"}, {"tax_total", "Tax"}, {"shipping_charge", "Shipping"},
    {"adjustment", "Adjustment"}, {"total", "Total"}, {"payment_made", "Payment Made"},
    {"credits_applied", "Credits Applied"}, {"balance", "Balance Due"},
};

static void pdf_document(zm_ctx *x, zm_pdf *p, const zm_doc *d, const cJSON *rec)
{
    char *title = title_of(x, d);
    pdf_line(p, 1, "%s", title);
    free(title);
    pdf_line(p, 0, "%s", x->org->name ? x->org->name : "");
    pdf_gap(p);
    const char *party_label;
    const char *party = party_of(rec, &party_label);
    if (*party) pdf_line(p, 0, "%s: %s", party_label, party);
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        if (*rec_str(rec, dates[i][0])) pdf_line(p, 0, "%s: %s", dates[i][1], rec_str(rec, dates[i][0]));
    if (*rec_str(rec, "reference_number")) pdf_line(p, 0, "Reference: %s", rec_str(rec, "reference_number"));
    if (*rec_str(rec, "status")) pdf_line(p, 0, "Status: %s", rec_str(rec, "status"));
    const cJSON *lines = json_get(rec, "line_items"), *l;
    if (cJSON_GetArraySize(lines)) {
        pdf_gap(p);
        pdf_line(p, 0, "%-44s %10s %12s %12s", "Item", "Qty", "Rate", "Amount");
        cJSON_ArrayForEach(l, lines) {
            char text[160];
            line_text(l, text, sizeof text);
            pdf_line(p, 0, "%s", text);
        }
    }
    pdf_gap(p);
    for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++) {
        const cJSON *v = json_get(rec, totals[i][0]);
        if (v && (cJSON_IsNumber(v) || (cJSON_IsString(v) && *v->valuestring)))
            pdf_line(p, 0, "%-20s %12.2f", totals[i][1], rec_num(rec, totals[i][0]));
    }
    if (*rec_str(rec, "total_quantity")) pdf_line(p, 0, "Total Quantity: %s", rec_str(rec, "total_quantity"));
    if (*rec_str(rec, "notes")) {
        pdf_gap(p);
        pdf_line(p, 0, "Notes: %s", rec_str(rec, "notes"));
    }
}

typedef struct html {
    char *s;
    size_t n, cap;
} html;

static void html_add(html *h, const char *s)
{
    size_t len = strlen(s);
    if (h->n + len + 1 > h->cap) {
        h->cap = (h->n + len + 1) * 2;
        h->s = xrealloc(h->s, h->cap);
    }
    memcpy(h->s + h->n, s, len + 1);
    h->n += len;
}

static void html_text(html *h, const char *s)
{
    for (; *s; s++) {
        char one[2] = {*s, 0};
        html_add(h, *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '&' ? "&amp;" : *s == '"' ? "&quot;" : one);
    }
}

static void html_row(html *h, const char *label, const char *value)
{
    html_add(h, "<tr><th>");
    html_text(h, label);
    html_add(h, "</th><td>");
    html_text(h, value);
    html_add(h, "</td></tr>\n");
}

static void html_document(zm_ctx *x, html *h, const zm_doc *d, const cJSON *rec)
{
    char *title = title_of(x, d);
    html_add(h, "<section>\n<h1>");
    html_text(h, title);
    html_add(h, "</h1>\n<table>\n");
    free(title);
    const char *party_label;
    const char *party = party_of(rec, &party_label);
    if (*party) html_row(h, party_label, party);
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        if (*rec_str(rec, dates[i][0])) html_row(h, dates[i][1], rec_str(rec, dates[i][0]));
    if (*rec_str(rec, "status")) html_row(h, "Status", rec_str(rec, "status"));
    html_add(h, "</table>\n<table>\n<tr><th>Item</th><th>Qty</th><th>Rate</th><th>Amount</th></tr>\n");
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(rec, "line_items")) {
        char num[64];
        const char *name = *rec_str(l, "name") ? rec_str(l, "name") : rec_str(l, "description");
        html_add(h, "<tr><td>");
        html_text(h, name);
        snprintf(num, sizeof num, "</td><td>%g</td><td>%.2f</td><td>%.2f</td></tr>\n", rec_num(l, "quantity"),
                 rec_num(l, "rate"), rec_num(l, "item_total"));
        html_add(h, num);
    }
    html_add(h, "</table>\n<table>\n");
    for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++) {
        if (!json_get(rec, totals[i][0])) continue;
        char num[32];
        snprintf(num, sizeof num, "%.2f", rec_num(rec, totals[i][0]));
        html_row(h, totals[i][1], num);
    }
    html_add(h, "</table>\n</section>\n");
}

void doc_print_answer(zm_ctx *x, const zm_doc *const *docs, size_t n, doc_format format)
{
    char *name;
    if (n == 1) {
        const char *number = x->mod->number_field ? rec_str(docs[0]->json, x->mod->number_field) : "";
        name = xstrdup(*number ? number : docs[0]->id);
    } else {
        name = xstrdup(x->mod->name);
    }
    char *body;
    if (format == DOC_HTML) {
        html h = {0};
        html_add(&h, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
        html_text(&h, name);
        html_add(&h, "</title></head><body>\n");
        for (size_t i = 0; i < n; i++) {
            cJSON *rec = engine_print(x, docs[i], NULL);
            html_document(x, &h, docs[i], rec);
            cJSON_Delete(rec);
        }
        html_add(&h, "</body></html>\n");
        body = h.s;
    } else {
        char *title = n == 1 ? title_of(x, docs[0]) : xasprintf("%s (%zu)", x->mod->report_name, n);
        zm_pdf *p = pdf_new(title);
        free(title);
        for (size_t i = 0; i < n; i++) {
            if (i) pdf_page(p);
            cJSON *rec = engine_print(x, docs[i], NULL);
            pdf_document(x, p, docs[i], rec);
            cJSON_Delete(rec);
        }
        size_t len;
        body = pdf_finish(p, &len);
    }
    reply_json(x->rep, 200, NULL);
    x->rep->raw_body = body;
    reply_header(x->rep, "Content-Type", format == DOC_HTML ? "text/html;charset=UTF-8" : "application/pdf");
    char *disposition = xasprintf("inline; filename=\"%s.%s\"", name, format == DOC_HTML ? "html" : "pdf");
    reply_header(x->rep, "Content-Disposition", disposition);
    free(disposition);
    free(name);
}

void doc_print_ids(zm_ctx *x, const char *param)
{
    char ids[8192];
    int n = request_query(x->req, param, ids, sizeof ids);
    if (n <= 0) {
        reply_error(x->rep, n == -2 ? ZE_INVALID_PARAM : ZE_PARAM_MANDATORY, param);
        return;
    }
    VEC(const zm_doc *) docs = {0};
    char *save = NULL;
    for (char *tok = strtok_r(ids, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        if (!*tok) continue;
        const zm_doc *d = id_is_valid(tok) ? docs_find(x->coll, tok) : NULL;
        if (!d) {
            reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
            VEC_FREE(docs);
            return;
        }
        VEC_PUSH(docs, d);
    }
    if (!docs.n) reply_error(x->rep, ZE_PARAM_MANDATORY, param);
    else doc_print_answer(x, docs.v, docs.n, DOC_PDF);
    VEC_FREE(docs);
}

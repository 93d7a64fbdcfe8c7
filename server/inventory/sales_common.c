/* sales_common.c -- what the sales modules share: committing as another module, sub-lists, line totals, lines as Zoho completes them, dates */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/json.h"
#include "zoho/listing.h"
#include "zoho/schema.h"

bool sales_commit(zm_ctx *x, const char *module, zm_doc *d, cJSON *after)
{
    zm_module *m = module_by_name(module);
    zm_ctx y = *x;
    y.mod = m;
    y.coll = docs_collection(x->org, m->slot);
    record_stamp(&y, after, false);
    return engine_commit(&y, d, after);
}

bool sales_is_save(const zm_ctx *x)
{
    return x->op->kind == OP_CREATE || x->op->kind == OP_UPDATE;
}

/* ----------------------------------------------------------------- lists */

bool sales_list_params(zm_ctx *x, const char *const *sort_columns, zm_list_params *p)
{
    zm_list_spec spec = {sort_columns, sort_columns ? sort_columns[0] : NULL, NULL, NULL};
    if (!list_parse(x->req, x->rep, &spec, p)) return false;
    /* Sub-lists run oldest first unless sort_order says otherwise. */
    char order[2];
    if (request_query(x->req, "sort_order", order, sizeof order) == -1) p->descending = false;
    return true;
}

static cJSON *conformed(zm_ctx *x, cJSON *arr, const char **key)
{
    *key = x->op->response_key ? x->op->response_key : x->mod->name;
    const cJSON *schema = spec_property(x->op->response, *key);
    cJSON *out = schema ? schema_conform(arr, schema) : cJSON_Duplicate(arr, true);
    cJSON_Delete(arr);
    if (x->org->numeric_ids) engine_numeric_ids(out);
    return out;
}

void sales_answer_array(zm_ctx *x, cJSON *arr)
{
    const char *key;
    cJSON *out = conformed(x, arr, &key);
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    cJSON_AddItemToObject(body, key, out);
}

void sales_answer_page(zm_ctx *x, cJSON *arr, const char *report_name, const zm_list_params *p)
{
    size_t first, last;
    bool more;
    list_window(p, (size_t)cJSON_GetArraySize(arr), &first, &last, &more);
    cJSON *rows = cJSON_CreateArray(), *e;
    size_t i = 0;
    while ((e = arr->child)) {
        cJSON_DetachItemViaPointer(arr, e);
        if (i >= first && i < last) cJSON_AddItemToArray(rows, e);
        else cJSON_Delete(e);
        i++;
    }
    cJSON_Delete(arr);
    sales_answer_array(x, rows);
    if (spec_property(x->op->response, "page_context")) {
        list_add_page_context(x->rep->body, p, more);
        cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(x->rep->body, "page_context"), "report_name", report_name);
    }
}

bool sales_query_id(zm_ctx *x, const cJSON *record, const char *name, char *out, size_t size, bool required)
{
    int n = request_query(x->req, name, out, size);
    if (n == -1) {
        snprintf(out, size, "%s", rec_str(record, name));
        if (*out || !required) return true;
    }
    if (n == -1 || n == 0) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, name);
        return false;
    }
    if (n < 0 || !id_is_valid(out)) {
        reply_error(x->rep, ZE_INVALID_PARAM, name);
        return false;
    }
    return true;
}

bool sales_text_matches(const char *have, const char *param, const char *want)
{
    size_t n = strlen(param);
    if (n > 11 && !strcmp(param + n - 11, "_startswith")) return strncasecmp(have, want, strlen(want)) == 0;
    if (n > 9 && !strcmp(param + n - 9, "_contains")) return strcasestr(have, want) != NULL;
    return strcasecmp(have, want) == 0;
}

typedef struct line_sum {
    const char *id_field, *skip_id, *line_field, *line_id;
    double quantity;
} line_sum;

static void add_line_quantities(const cJSON *rec, void *arg)
{
    line_sum *s = arg;
    if (s->skip_id && !strcmp(rec_str(rec, s->id_field), s->skip_id)) return;
    if (!strcmp(rec_str(rec, "status"), "void")) return;
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(rec, "line_items"))
        if (!strcmp(rec_str(l, s->line_field), s->line_id)) s->quantity += rec_num(l, "quantity");
}

double sales_line_total(zm_ctx *x, const char *module, const char *id_field, const char *skip_id,
                        const char *line_field, const char *line_id)
{
    line_sum s = {id_field, skip_id, line_field, line_id, 0};
    if (*line_id) doc_each(x, module, NULL, add_line_quantities, &s);
    return s.quantity;
}

const char *sales_progress(double done, double wanted, const char *none, const char *part, const char *all)
{
    if (done <= DOC_EPSILON) return none;
    return done + DOC_EPSILON >= wanted ? all : part;
}

/* ----------------------------------------------------------------- lines */

/* The per-tax summary Zoho prints beside the lines: [{tax_id, tax_name, tax_amount}]. */
static void summarise_taxes(cJSON *record)
{
    if (!json_get(record, "taxes")) return;
    cJSON *taxes = cJSON_CreateArray();
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        const char *tax_id = rec_str(l, "tax_id");
        double pct = rec_num(l, "tax_percentage");
        if (!*tax_id || pct == 0) continue;
        double amount = rec_num(l, "item_total") * pct / 100.0;
        cJSON *t = NULL, *e;
        cJSON_ArrayForEach(e, taxes)
            if (!strcmp(rec_str(e, "tax_id"), tax_id)) t = e;
        if (!t) {
            t = cJSON_CreateObject();
            cJSON_AddStringToObject(t, "tax_id", tax_id);
            cJSON_AddStringToObject(t, "tax_name", rec_str(l, "tax_name"));
            cJSON_AddNumberToObject(t, "tax_amount", 0);
            cJSON_AddItemToArray(taxes, t);
        }
        rec_set_num(t, "tax_amount", doc_round(rec_num(t, "tax_amount") + amount));
    }
    json_set(record, "taxes", taxes);
}

bool sales_complete_lines(zm_ctx *x, cJSON *record, const cJSON *body)
{
    cJSON *lines = cJSON_GetObjectItemCaseSensitive(record, "line_items");
    if (!cJSON_IsArray(lines)) return true;
    const cJSON *sent = json_get(body, "line_items");
    int i = 0;
    cJSON *l;
    cJSON_ArrayForEach(l, lines) {
        const cJSON *sent_line = cJSON_IsArray(sent) ? cJSON_GetArrayItem(sent, i) : NULL;
        i++;
        const char *item_id = rec_str(l, "item_id");
        if (!*item_id && !*rec_str(l, "name") && !*rec_str(l, "description")) {
            reply_error(x->rep, ZE_PARAM_MANDATORY, "item_id");
            return false;
        }
        if (json_get(l, "quantity")) {
            const cJSON *q = json_get(sent_line, "quantity");
            if (sent_line && !q && rec_num(l, "quantity") == 0) rec_set_num(l, "quantity", 1);
            if (rec_num(l, "quantity") <= 0) return doc_invalid(x, "quantity");
            if (!doc_whole_units(x, item_id, rec_num(l, "quantity"))) return false;
        }
        zm_doc *item = *item_id ? module_find(x, "items", item_id) : NULL;
        if (item && json_get(l, "rate") && sent_line && !json_get(sent_line, "rate") && rec_num(l, "rate") == 0)
            rec_set_num(l, "rate", rec_num(item->json, "rate"));
        if (json_get(l, "rate") && rec_num(l, "rate") < 0) return doc_invalid(x, "rate");
        if (item && json_get(l, "bcy_rate")) rec_set_num(l, "bcy_rate", rec_num(l, "rate"));
    }
    record_totals(record, body);
    summarise_taxes(record);
    return true;
}

/* ----------------------------------------------------------------- dates */

void sales_today(zm_ctx *x, char out[16])
{
    clock_today(&x->org->clock, out);
}

void sales_add_days(const char *date, int days, char out[16])
{
    int64_t day;
    out[0] = '\0';
    if (clock_parse_date(date, &day) != 0) return;
    int y, m, d;
    clock_civil_from_days(day + days, &y, &m, &d);
    snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

/* sales_templates.c -- printing templates of the sales modules: the list, choosing one for a record, checking one sent with it */
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/json.h"
#include "zoho/schema.h"

/* The templates each module prints with, the same in every organization
 * (Zoho's stock templates; the mock has no template editor). The first of
 * a module is its default. */
typedef struct sales_template {
    const char *module;
    const char *template_id;
    const char *template_name;
    const char *template_type;
} sales_template;

static const sales_template templates[] = {
    {"invoices", "4600000000000101", "Standard", "standard"},
    {"invoices", "4600000000000102", "Spreadsheet", "spreadsheet"},
    {"invoices", "4600000000000103", "Classic", "classic"},
    {"creditnotes", "4600000000000201", "Standard", "standard"},
    {"creditnotes", "4600000000000202", "Spreadsheet", "spreadsheet"},
    {"retainerinvoices", "4600000000000301", "Standard", "standard"},
    {"retainerinvoices", "4600000000000302", "Simple", "simple"},
    {"deliverychallans", "4600000000000401", "Standard", "standard"},
    {"deliverychallans", "4600000000000402", "Spreadsheet", "spreadsheet"},
};

static const sales_template *find_template(const char *module, const char *id)
{
    for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++)
        if (!strcmp(templates[i].module, module) && !strcmp(templates[i].template_id, id)) return &templates[i];
    return NULL;
}

static bool has_templates(const char *module)
{
    for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++)
        if (!strcmp(templates[i].module, module)) return true;
    return false;
}

static void set_template(cJSON *record, const sales_template *t)
{
    rec_set_str(record, "template_id", t->template_id);
    if (json_get(record, "template_name")) rec_set_str(record, "template_name", t->template_name);
    if (json_get(record, "template_type")) rec_set_str(record, "template_type", t->template_type);
}

void sales_templates_list(zm_ctx *x)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++) {
        if (strcmp(templates[i].module, x->mod->name) != 0) continue;
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "template_name", templates[i].template_name);
        cJSON_AddStringToObject(t, "template_id", templates[i].template_id);
        cJSON_AddStringToObject(t, "template_type", templates[i].template_type);
        cJSON_AddItemToArray(arr, t);
    }
    if (x->org->numeric_ids) engine_numeric_ids(arr);
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    cJSON_AddItemToObject(body, x->op->response_key ? x->op->response_key : "templates", arr);
}

void sales_template_apply(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    const char *id = request_param(x->req, "template_id");
    const sales_template *t = id ? find_template(x->mod->name, id) : NULL;
    if (!t) {
        reply_error(x->rep, ZE_NOT_FOUND, "Template");
        return;
    }
    cJSON *after = cJSON_Duplicate(d->json, true);
    set_template(after, t);
    record_stamp(x, after, false);
    if (engine_commit(x, d, after)) reply_success(x->rep, x->op->status, engine_message(x->op));
}

bool sales_check_template(zm_ctx *x, cJSON *record)
{
    if (!has_templates(x->mod->name)) return true;
    const char *id = rec_str(record, "template_id");
    const sales_template *t = *id ? find_template(x->mod->name, id) : NULL;
    if (*id && !t) return doc_invalid(x, "template_id");
    if (!t) {
        /* None chosen: the module's default. */
        for (size_t i = 0; i < sizeof templates / sizeof templates[0] && !t; i++)
            if (!strcmp(templates[i].module, x->mod->name)) t = &templates[i];
    }
    set_template(record, t);
    return true;
}

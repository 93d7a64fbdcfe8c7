/* documents.c -- what the sales and purchase documents share: records seen with the change in flight, refusals, rounding, lines */
#include "inventory/documents.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "util/alloc.h"
#include "util/json.h"

zm_collection *doc_collection(zm_ctx *x, const char *module)
{
    zm_module *m = module_by_name(module);
    return m ? docs_collection(x->org, m->slot) : NULL;
}

void doc_each(zm_ctx *x, const char *module, const doc_view *view, doc_visit fn, void *arg)
{
    zm_collection *c = doc_collection(x, module);
    bool viewed = view && view->module && !strcmp(view->module, module);
    bool seen = false;
    for (size_t i = 0; c && i < c->docs.n; i++) {
        const zm_doc *d = c->docs.v[i];
        if (viewed && !strcmp(d->id, view->id)) {
            seen = true;
            if (view->json) fn(view->json, arg);
            continue;
        }
        fn(d->json, arg);
    }
    if (viewed && !seen && view->json) fn(view->json, arg);
}

bool doc_invalid(zm_ctx *x, const char *field)
{
    reply_error(x->rep, ZE_INVALID_FIELD, field);
    return false;
}

bool doc_whole_units(zm_ctx *x, const char *item_id, double quantity)
{
    const zm_item *it = org_find_item(x->org, item_id);
    if (!it || !it->track_serial_number || quantity == floor(quantity)) return true;
    return doc_refuse(x, "Invalid value passed for quantity: an item tracked by serial numbers moves in whole units: %s",
                      it->name ? it->name : it->item_id);
}

bool doc_refuse(zm_ctx *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    reply_error(x->rep, ZE_VALIDATION, msg);
    free(msg);
    return false;
}

bool doc_is_action(const zm_ctx *x, const char *verb)
{
    return (x->op->kind == OP_ACTION || x->op->kind == OP_BULK_ACTION) && x->op->verb &&
           !strcmp(x->op->verb, verb);
}

double doc_round(double v)
{
    double r = round(v * 100.0) / 100.0;
    return r == 0 ? 0 : r;      /* no -0 */
}

cJSON *doc_line(const cJSON *record, const char *line_item_id)
{
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items"))
        if (*line_item_id && !strcmp(rec_str(l, "line_item_id"), line_item_id)) return l;
    return NULL;
}

void doc_keep_line_field(cJSON *record, const cJSON *body, const char *field)
{
    const cJSON *sent = json_get(body, "line_items");
    if (!cJSON_IsArray(sent)) return;
    int i = 0;
    cJSON *l;
    cJSON_ArrayForEach(l, json_get(record, "line_items")) {
        const cJSON *v = json_get(cJSON_GetArrayItem(sent, i++), field);
        if (cJSON_IsString(v)) {
            rec_set_str(l, field, v->valuestring);
        } else if (cJSON_IsNumber(v)) {
            char id[32];
            snprintf(id, sizeof id, "%.0f", v->valuedouble);
            rec_set_str(l, field, id);
        }
    }
}

/* pricebooks.c -- price lists: their type, their items' rates, a unique name */
#include "inventory/pricebooks.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/json.h"

/* A price list is a percentage over every item's rate (fixed_percentage)
 * or a rate per item (per_item: its pricebook_items, each an existing
 * item, get ids of their own). */

static bool one_of(const char *s, const char *a, const char *b)
{
    return !strcmp(s, a) || !strcmp(s, b);
}

bool pricebooks_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    const char *type = rec_str(record, "pricebook_type");
    if (!one_of(type, "fixed_percentage", "per_item")) {
        reply_error(x->rep, ZE_INVALID_FIELD, "pricebook_type");
        return false;
    }
    if (!one_of(rec_str(record, "sales_or_purchase_type"), "sales", "purchases")) {
        reply_error(x->rep, ZE_INVALID_FIELD, "sales_or_purchase_type");
        return false;
    }
    double pct = rec_num(record, "percentage");
    if (!strcmp(type, "fixed_percentage") && (pct < 0 || pct > 100)) {
        reply_error(x->rep, ZE_INVALID_FIELD, "percentage");
        return false;
    }
    for (size_t i = 0; i < x->coll->docs.n; i++) {
        const zm_doc *d = x->coll->docs.v[i];
        if (d != existing && strcmp(d->id, rec_str(record, "pricebook_id")) != 0 &&
            !strcasecmp(rec_str(d->json, "name"), rec_str(record, "name"))) {
            reply_error(x->rep, ZE_NUMBER_TAKEN, "name", rec_str(record, "name"));
            return false;
        }
    }
    cJSON *lines = cJSON_GetObjectItemCaseSensitive(record, "pricebook_items"), *l;
    cJSON_ArrayForEach(l, lines) {
        if (!module_find(x, "items", rec_str(l, "item_id"))) {
            reply_error(x->rep, ZE_INVALID_FIELD, "item_id");
            return false;
        }
        if (rec_num(l, "pricebook_rate") < 0) {
            reply_error(x->rep, ZE_INVALID_FIELD, "pricebook_rate");
            return false;
        }
        if (!*rec_str(l, "pricebook_item_id")) {
            zm_id id;
            org_new_id(x->org, id);
            rec_set_str(l, "pricebook_item_id", id);
        }
    }
    if (!*rec_str(record, "status")) rec_set_str(record, "status", "active");
    return true;
}

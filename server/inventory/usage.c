/* usage.c -- where an item, a location or a bin is used, so that deleting it can be refused with the reason */
#include "inventory/usage.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "inventory/counts.h"
#include "inventory/record_ids.h"
#include "inventory/recurring.h"
#include "model/stock_tracking.h"

/* How it works. The hand-written modules (adjustments, stock counts,
 * recurring profiles) are asked through their structs; every engine
 * record is searched for a member of one of the kind's field names whose
 * value is the id (lines and nested objects included). Stock that a
 * location or bin still holds counts as use too: deleting it would lose
 * the stock. */

static const char *const item_fields[] = {"item_id", NULL};
static const char *const location_fields[] = {
    "location_id", "warehouse_id", "from_location_id", "to_location_id", "from_warehouse_id",
    "to_warehouse_id", "source_location_id", "destination_location_id", NULL,
};
static const char *const bin_fields[] = {"storage_id", "storage_location_id", "from_storage_id",
                                         "to_storage_id", NULL};
static const char *const batch_fields[] = {"batch_id", NULL};

static bool named(const char *const *names, const char *name)
{
    for (size_t i = 0; name && names[i]; i++)
        if (!strcmp(names[i], name)) return true;
    return false;
}

static bool mentions(const cJSON *v, const char *const *names, const char *id, int depth)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, v) {
        char buf[ID_LEN];
        if (named(names, m->string) && !strcmp(rec_id(v, m->string, buf), id)) return true;
        if ((cJSON_IsObject(m) || cJSON_IsArray(m)) && depth < 6 && mentions(m, names, id, depth + 1)) return true;
    }
    return false;
}

static bool skipped(const char *const *skip, const char *name)
{
    for (size_t i = 0; skip && skip[i]; i++)
        if (!strcmp(skip[i], name)) return true;
    return false;
}

/* The first engine module with a record naming the id; *count gets how many of its records do. */
static const zm_module *documents_using(zm_ctx *x, const char *const *names, const char *id,
                                        const char *const *skip, size_t *count)
{
    for (zm_module *const *mp = g_modules; *mp; mp++) {
        const zm_module *m = *mp;
        if (m == x->mod || skipped(skip, m->name)) continue;
        zm_collection *c = docs_collection(x->org, m->slot);
        size_t n = 0;
        for (size_t i = 0; i < c->docs.n; i++)
            if (mentions(c->docs.v[i]->json, names, id, 0)) n++;
        if (n) {
            *count = n;
            return m;
        }
    }
    return NULL;
}

static size_t adjustments_using(const zm_org *org, zm_usage_kind kind, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < org->adjustments.n; i++) {
        const zm_adjustment *a = org->adjustments.v[i];
        bool uses = false;
        for (size_t k = 0; k < a->lines.n && !uses; k++) {
            const zm_adjustment_line *l = &a->lines.v[k];
            const char *field = kind == USAGE_ITEM ? l->item_id : kind == USAGE_LOCATION ? l->warehouse_id
                                                                                          : l->storage_id;
            uses = !strcmp(field, id);
        }
        n += uses;
    }
    return n;
}

static size_t counts_using(const zm_org *org, zm_usage_kind kind, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < org->counts.n; i++) {
        const zm_stock_count *c = org->counts.v[i];
        bool uses = kind == USAGE_LOCATION && !strcmp(c->location_id, id);
        for (size_t k = 0; k < c->line_items.n && !uses; k++) {
            const zm_count_line *l = &c->line_items.v[k];
            if (kind == USAGE_ITEM) uses = !strcmp(l->item_id, id);
            for (size_t b = 0; kind == USAGE_BIN && b < l->bins.n && !uses; b++)
                uses = !strcmp(l->bins.v[b].storage_id, id);
        }
        n += uses;
    }
    for (size_t i = 0; i < org->recurring.n && kind != USAGE_BIN; i++) {
        const zm_recurring *r = org->recurring.v[i];
        bool uses = kind == USAGE_LOCATION && !strcmp(r->location_id, id);
        for (size_t k = 0; k < r->line_items.n && !uses && kind == USAGE_ITEM; k++)
            uses = !strcmp(r->line_items.v[k].item_id, id);
        n += uses;
    }
    return n;
}

/* Stock a location (or a bin of it) still holds, over every item. */
static double stock_held(const zm_org *org, zm_usage_kind kind, const char *id)
{
    double held = 0;
    for (size_t i = 0; i < org->items.n; i++) {
        const zm_item *it = &org->items.v[i];
        for (size_t k = 0; k < it->stock.n; k++) {
            const zm_stock_row *r = &it->stock.v[k];
            if (!strcmp(kind == USAGE_LOCATION ? r->location_id : r->storage_id, id)) held += fabs(r->quantity);
        }
    }
    return held;
}

bool usage_find(zm_ctx *x, zm_usage_kind kind, const char *id, const char *const *skip, char *why,
                size_t why_size)
{
    /* Adjustments and counts name batches by number, with the item. */
    size_t n = kind == USAGE_BATCH ? 0 : adjustments_using(x->org, kind, id);
    if (n) {
        snprintf(why, why_size, "it is used in %zu inventory adjustment%s", n, n == 1 ? "" : "s");
        return true;
    }
    n = kind == USAGE_BATCH ? 0 : counts_using(x->org, kind, id);
    if (n) {
        snprintf(why, why_size, "it is used in %zu stock count%s or recurring profile%s", n, n == 1 ? "" : "s",
                 n == 1 ? "" : "s");
        return true;
    }
    const char *const *names = kind == USAGE_ITEM       ? item_fields
                               : kind == USAGE_LOCATION ? location_fields
                               : kind == USAGE_BIN      ? bin_fields
                                                        : batch_fields;
    const zm_module *m = documents_using(x, names, id, skip, &n);
    if (m) {
        snprintf(why, why_size, "it is used in %zu %s record%s", n, m->label ? m->label : m->name,
                 n == 1 ? "" : "s");
        return true;
    }
    if ((kind == USAGE_LOCATION || kind == USAGE_BIN) && stock_held(x->org, kind, id) > QTY_EPSILON) {
        snprintf(why, why_size, "it holds stock");
        return true;
    }
    return false;
}

/* stock_guard.c -- the organization's "prevent negative stock" for the stock moved outside the ledger: item adjustments and stock count approvals */
#include "inventory/stock_guard.h"

#include <stdio.h>
#include <string.h>

#include "inventory/settings.h"
#include "model/ledger.h"
#include "model/stock_tracking.h"
#include "util/json.h"

void stock_deltas_add(stock_deltas *d, const char *item_id, const char *location_id, double delta)
{
    for (size_t i = 0; i < d->n; i++) {
        if (!strcmp(d->v[i].item_id, item_id) && !strcmp(d->v[i].location_id, location_id)) {
            d->v[i].delta += delta;
            return;
        }
    }
    stock_delta e;
    memset(&e, 0, sizeof e);
    snprintf(e.item_id, ID_LEN, "%s", item_id);
    snprintf(e.location_id, ID_LEN, "%s", location_id);
    e.delta = delta;
    VEC_PUSH(*d, e);
}

bool stock_negative_forbidden(zm_org *org)
{
    return cJSON_IsFalse(json_get(settings_preferences(org), "is_negative_stock_allowed"));
}

static double delta_of(const stock_deltas *d, const char *item_id, const char *location_id)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->v[i].item_id, item_id) && !strcmp(d->v[i].location_id, location_id)) return d->v[i].delta;
    return 0;
}

bool stock_deltas_allowed(zm_org *org, const stock_deltas *net, const stock_deltas *pending, char *why,
                          size_t why_size)
{
    if (!stock_negative_forbidden(org)) return true;
    for (size_t i = 0; i < net->n; i++) {
        const stock_delta *e = &net->v[i];
        if (e->delta > -QTY_EPSILON) continue;
        const zm_item *item = org_find_item(org, e->item_id);
        if (!item) continue;
        double still = pending ? delta_of(pending, e->item_id, e->location_id) : e->delta;
        if (item_physical_at(item, e->location_id) + still < -QTY_EPSILON ||
            item_accounting_at(item, e->location_id) + still < -QTY_EPSILON) {
            const zm_location *loc = org_find_location(org, e->location_id);
            snprintf(why, why_size, "%s would go below zero at %s", item->name, loc ? loc->location_name : "that location");
            return false;
        }
    }
    return true;
}

/* seed.c -- bulk data for benchmarks and load tests: many stock counts and adjustments at once, made as the API makes them */
#include "inventory/seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/adjustments.h"
#include "inventory/counts.h"

/* Items without serial or batch tracking: an adjustment of +1 needs none. */
static const zm_item *plain_item(const zm_org *org, size_t k)
{
    size_t plain = 0;
    for (size_t i = 0; i < org->items.n; i++)
        if (!org->items.v[i].track_serial_number && !org->items.v[i].track_batch_number) plain++;
    if (!plain) return NULL;
    k %= plain;
    for (size_t i = 0; i < org->items.n; i++) {
        const zm_item *it = &org->items.v[i];
        if (it->track_serial_number || it->track_batch_number) continue;
        if (k-- == 0) return it;
    }
    return NULL;
}

int inventory_seed(zm_org *org, const zm_seed *s, cJSON *count_ids, cJSON *adjustment_ids,
                   char *err, size_t errlen)
{
    if (!org->locations.n || !org->users.n) {
        snprintf(err, errlen, "the organization has no location or no user to seed with");
        return -1;
    }
    if (s->counts && (s->lines < 1 || s->lines > org->items.n)) {
        snprintf(err, errlen, "line_items must be from 1 to %zu (the organization's items)", org->items.n);
        return -1;
    }
    const char *assignee = s->assignee_id ? s->assignee_id : org->users.v[0]->user_id;
    if (!org_find_user(org, assignee)) {
        snprintf(err, errlen, "assignee_id %s is not a user of the organization", assignee);
        return -1;
    }
    const zm_reason *reason = org->reasons.n ? &org->reasons.v[0] : NULL;
    if (s->adjustments && (!reason || !plain_item(org, 0))) {
        snprintf(err, errlen, "adjustments need a reason and an item without tracking");
        return -1;
    }
    for (size_t k = 0; s->item_ids && k < s->lines; k++) {
        if (!org_find_item(org, s->item_ids[k])) {
            snprintf(err, errlen, "item_ids: %s is not an item of the organization", s->item_ids[k]);
            return -1;
        }
        for (size_t j = 0; j < k; j++) {
            if (strcmp(s->item_ids[j], s->item_ids[k]) == 0) {
                snprintf(err, errlen, "item_ids: %s appears twice", s->item_ids[k]);
                return -1;
            }
        }
    }
    const char *description = s->description ? s->description : "Seeded";
    const zm_location *loc = &org->locations.v[0];

    /* Counts: the same `lines` items in each, starting one item further
     * every count, so that the organization's items are all used. */
    const char **ids = xmalloc((s->lines + 1) * sizeof *ids);
    for (size_t c = 0; c < s->counts; c++) {
        for (size_t k = 0; k < s->lines; k++)
            ids[k] = s->item_ids ? s->item_ids[k] : org->items.v[(c + k) % org->items.n].item_id;
        zm_stock_count *sc = count_create_generated(org, loc->location_id, assignee, assignee, description,
                                                    ids, s->lines);
        if (count_ids) cJSON_AddItemToArray(count_ids, cJSON_CreateString(sc->inventorycount_id));
    }
    free(ids);

    char today[16];
    clock_today(&org->clock, today);
    const zm_account *account = org->accounts.n ? &org->accounts.v[0] : NULL;
    for (size_t a = 0; a < s->adjustments; a++) {
        zm_adjustment_input in = {plain_item(org, a), loc, NULL, 1, "", NULL, 0, NULL, 0, NULL, 0};
        zm_adjustment *adj = adjustment_record_quantity(org, today, reason, account, description, "",
                                                        assignee, &in, 1, NULL);
        if (adjustment_ids) cJSON_AddItemToArray(adjustment_ids, cJSON_CreateString(adj->inventory_adjustment_id));
    }
    return 0;
}

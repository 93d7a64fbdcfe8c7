/* scheduler.c -- everything that falls due as an organization's clock moves: recurring counts, background actions */
#include "inventory/scheduler.h"

#include <stdlib.h>

#include "inventory/counts.h"
#include "inventory/recurring.h"

/* The profile's stock count for its next date, then its bookkeeping. */
static void run_profile(zm_org *org, zm_recurring *r)
{
    const char **ids = xmalloc((r->line_items.n + 1) * sizeof *ids);
    for (size_t i = 0; i < r->line_items.n; i++) ids[i] = r->line_items.v[i].item_id;
    zm_stock_count *c = count_create_generated(org, r->location_id, r->assignee_id, r->created_by_id,
                                               r->description, ids, r->line_items.n);
    free(ids);
    recurring_record_run(r, c->inventorycount_id);
    recurring_reindex(org, r);
}

/* When the profile's next count is created: its due instant, or the last
 * change of the profile when that came later (a date made due today by an
 * update runs at the update, not before it). INT64_MAX: nothing due. */
static int64_t run_instant(const zm_org *org, const zm_recurring *r)
{
    int64_t at = recurring_due_at(org, r);
    return at != INT64_MAX && at < r->last_modified_time ? r->last_modified_time : at;
}

/* The earliest due instant of a count's background action by time;
 * INT64_MAX when none waits (generated counts never do). */
static int64_t next_background_due(const zm_org *org)
{
    int64_t at = INT64_MAX;
    for (size_t i = 0; org->counts_in_background && i < org->counts.n; i++) {
        const zm_count_pending *p = &org->counts.v[i]->pending;
        if (p->action != COUNT_ACTION_NONE && p->due_at && p->due_at < at) at = p->due_at;
    }
    return at;
}

/* How it works. Each step takes the earliest occurrence due by the target
 * instant (ties: the older profile first) and creates its count with the
 * org clock frozen at that instant, so created_time and count_date are the
 * occurrence's own even when the clock jumped a year; background actions
 * due before it finish first (settled only when one is due: the scan of
 * every count would make a long jump quadratic). The clock is then put back as it was. Every
 * step moves a profile to a later date or expires it, so the loop ends. */
void org_run_due(zm_org *org)
{
    const zm_clock saved = org->clock;
    const int64_t target = clock_now(&saved);
    int64_t background = next_background_due(org);
    for (;;) {
        zm_recurring *due = NULL;
        int64_t at = INT64_MAX;
        for (size_t i = 0; i < org->recurring.n; i++) {
            int64_t t = run_instant(org, org->recurring.v[i]);
            if (t <= target && t < at) {
                at = t;
                due = org->recurring.v[i];
            }
        }
        if (!due) break;
        org->clock.frozen = true;
        org->clock.frozen_at = at;
        if (background <= at) {     /* a year of daily counts stays linear */
            counts_settle_all(org);
            background = next_background_due(org);
        }
        run_profile(org, due);
    }
    org->clock = saved;
    counts_settle_all(org);
}

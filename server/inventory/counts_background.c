/* counts_background.c -- background states of start/submit/approve: deferred, then settled by reads or time */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/counts.h"
#include "inventory/counts_impl.h"
#include "model/state_log.h"
#include "zoho/fields.h"

/* How it works. With an organization's switch for an action on, the action
 * validates as usual, then instead of taking effect it records what to do
 * (c->pending), sets the status start_in_progress / submission_in_progress /
 * approval_in_progress, and answers 200 code 0 with the scheduled message.
 * The effects happen, all at once, when either condition is met:
 *   after_reads N:   the first N retrieves (GET /inventorycounts/{id}) still
 *                    show the in-progress status; the N-th completes it
 *                    after answering, so the next access sees the result;
 *   after_seconds S: any access of the count (retrieve, list, any action,
 *                    the reading endpoints) once the org clock reached
 *                    call time + S.
 * Until then every other action on the count is refused with
 * ZE_COUNT_IN_PROGRESS (4212). A switch change affects later calls only. */

static const char *const action_names[3] = {"start", "submit", "approve"};

const char *count_scheduled_message(zm_count_action action)
{
    switch (action) {
    case COUNT_ACTION_START: return "Stock count start has been scheduled in background.";
    case COUNT_ACTION_SUBMIT: return "Stock count submission has been scheduled in background.";
    case COUNT_ACTION_APPROVE: return "Stock count approval has been scheduled in background.";
    case COUNT_ACTION_NONE: break;
    }
    return "";
}

static zm_count_status in_progress_status(zm_count_action a)
{
    switch (a) {
    case COUNT_ACTION_START: return COUNT_START_IN_PROGRESS;
    case COUNT_ACTION_SUBMIT: return COUNT_SUBMISSION_IN_PROGRESS;
    default: return COUNT_APPROVAL_IN_PROGRESS;
    }
}

bool count_defer(zm_org *org, zm_stock_count *c, zm_count_action action, const char *user_id)
{
    if (action < COUNT_ACTION_START || action > COUNT_ACTION_APPROVE) return false;
    const zm_count_background *sw = &org->count_background[action - 1];
    if (sw->after_reads <= 0 && sw->after_seconds <= 0) return false;
    zm_count_pending *p = &c->pending;
    p->action = action;
    org->counts_in_background++;
    p->reads_left = sw->after_reads > 0 ? sw->after_reads : 0;
    p->due_at = sw->after_seconds > 0 ? clock_now(&org->clock) + sw->after_seconds : 0;
    p->previous_status = c->status;
    snprintf(p->user_id, ID_LEN, "%s", user_id ? user_id : "");
    p->set_uncounted_as_zero = false;
    p->decisions.n = 0;
    c->status = in_progress_status(action);
    return true;
}

static void finish(zm_org *org, zm_stock_count *c)
{
    zm_count_pending *p = &c->pending;
    zm_count_action a = p->action;
    p->action = COUNT_ACTION_NONE;
    org->counts_in_background--;
    c->status = p->previous_status;
    switch (a) {
    case COUNT_ACTION_START: count_do_start(org, c); break;
    case COUNT_ACTION_SUBMIT: count_do_submit(org, c, p->set_uncounted_as_zero); break;
    case COUNT_ACTION_APPROVE: count_do_approve(org, c, p->decisions.v, p->decisions.n, p->user_id); break;
    case COUNT_ACTION_NONE: return;
    }
    VEC_FREE(p->decisions);
    count_touch(org, c, p->user_id);
}

void count_settle_background(zm_org *org, zm_stock_count *c, bool is_read)
{
    zm_count_pending *p = &c->pending;
    if (p->action == COUNT_ACTION_NONE) return;
    if (p->due_at && clock_now(&org->clock) >= p->due_at) {
        finish(org, c);
        return;
    }
    if (is_read && p->reads_left > 0 && --p->reads_left == 0) finish(org, c);
}

void counts_settle_all(zm_org *org)
{
    if (!org->counts_in_background) return;   /* the usual case: nothing to scan */
    for (size_t i = 0; i < org->counts.n; i++) count_settle_background(org, org->counts.v[i], false);
}

const char *counts_background_action_name(int action)
{
    return action >= 0 && action < 3 ? action_names[action] : NULL;
}

/* --state: every caller (the admin API, a scenario, a scenario removed
 * or reloaded) holds the organization's lock; the journal keeps the
 * switch as it is now. */
static void journal_switch(const zm_org *org, const char *action, int after_reads, int after_seconds)
{
    if (!state_log_active()) return;
    cJSON *rec = cJSON_CreateObject();
    json_add_str(rec, "t", "background");
    json_add_str(rec, "org", org->organization_id);
    json_add_str(rec, "action", action);
    json_add_num(rec, "after_reads", after_reads);
    json_add_num(rec, "after_seconds", after_seconds);
    state_log_append(rec);
}

int counts_background_set(zm_org *org, const char *action, int after_reads, int after_seconds)
{
    if (!org || !action || after_reads < 0 || after_seconds < 0) return -1;
    for (int i = 0; i < 3; i++) {
        if (strcmp(action, action_names[i]) == 0) {
            org->count_background[i].after_reads = after_reads;
            org->count_background[i].after_seconds = after_seconds;
            journal_switch(org, action, after_reads, after_seconds);
            return 0;
        }
    }
    return -1;
}

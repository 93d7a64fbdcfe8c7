/* adjustments_flow.c -- changing an item adjustment: update, submit, approve, approve/final, reject */
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "inventory/adjustments_impl.h"
#include "zoho/fields.h"

/* An adjustment made by a stock count belongs to the count. */
static bool owned_by_count(zm_reply *rep, const zm_adjustment *a, const char *what)
{
    if (!a->inventorycount_id[0]) return false;
    char msg[200];
    snprintf(msg, sizeof msg, "This inventory adjustment was created by a stock count (%s) and cannot be %s.",
             a->inventorycount_id, what);
    reply_error(rep, ZE_VALIDATION, msg);
    return true;
}

/* PUT: the body replaces the adjustment as a create would make it (lines
 * naming a line_item_id keep it). An adjusted one's stock is taken back
 * and moved again by the new lines, as one change: the body is checked
 * against the stock without the old lines, and a refusal leaves both as
 * they were. */
void adjustments_update(zm_request *req, zm_reply *rep)
{
    zm_adjustment *a = adjustment_from_path(req, rep, NULL);
    if (!a || owned_by_count(rep, a, "edited")) return;
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    bool moved = !strcmp(a->status, "adjusted");
    stock_deltas net = {0}, pending = {0};
    if (moved) adjustment_deltas(a, -1, &net);
    if (moved) adjustment_stock(req->org, a, -1);
    parsed_adjustment p;
    if (!adjustment_parse(req, rep, body, a, &p)) {
        if (moved) adjustment_stock(req->org, a, +1);
        VEC_FREE(net);
        return;
    }
    /* The new lines against the stock without the old ones. */
    for (size_t i = 0; !p.is_value && !strcmp(p.status, "adjusted") && i < p.n; i++) {
        stock_deltas_add(&net, p.lines[i].item->item_id, p.lines[i].location->location_id, p.lines[i].amount);
        stock_deltas_add(&pending, p.lines[i].item->item_id, p.lines[i].location->location_id, p.lines[i].amount);
    }
    bool allowed = adjustment_stock_allowed(rep, req->org, &net, &pending);
    VEC_FREE(net);
    VEC_FREE(pending);
    if (!allowed) {
        adjustment_parsed_free(&p);
        if (moved) adjustment_stock(req->org, a, +1);
        return;
    }
    /* A status the body sends moves only a draft to adjusted, or back. */
    bool settled = !strcmp(a->status, "adjusted") || !strcmp(a->status, "draft");
    if (strcmp(p.status, a->status) != 0 && !settled) {
        adjustment_parsed_free(&p);
        if (moved) adjustment_stock(req->org, a, +1);
        reply_error(rep, ZE_STATUS_MOVE, "Inventory Adjustment", "updated to another status", a->status);
        return;
    }
    char status[sizeof a->status];
    snprintf(status, sizeof status, "%s", p.status);     /* p.status may be a->status itself */
    snprintf(a->status, sizeof a->status, "%s", status);
    adjustment_fill(req->org, a, &p);
    adjustment_parsed_free(&p);
    a->last_modified_time = clock_now(&req->org->clock);
    table_update(org_adjustments_table(req->org), a);     /* its sort keys and texts changed */
    if (!strcmp(a->status, "adjusted")) adjustment_stock(req->org, a, +1);
    adjustment_answer(req, rep, 200, "success", a);
}

/* Moves the adjustment from one of `from` to `to`; false after replying. */
static bool move(zm_request *req, zm_reply *rep, zm_adjustment *a, const char *const *from, const char *to,
                 const char *what)
{
    bool allowed = false;
    for (size_t i = 0; from[i]; i++) allowed = allowed || !strcmp(from[i], a->status);
    if (!allowed) {
        reply_error(rep, ZE_STATUS_MOVE, "Inventory Adjustment", what, a->status);
        return false;
    }
    snprintf(a->status, sizeof a->status, "%s", to);
    a->last_modified_time = clock_now(&req->org->clock);
    table_update(org_adjustments_table(req->org), a);     /* its sort keys and texts changed */
    return true;
}

void adjustments_submit(zm_request *req, zm_reply *rep)
{
    static const char *const from[] = {"draft", "rejected", NULL};
    zm_adjustment *a = adjustment_from_path(req, rep, NULL);
    if (a && move(req, rep, a, from, "pending_approval", "submitted for approval"))
        reply_success(rep, 200, "success");
}

/* The organization has one level of approval: approving is the final
 * approval, and the adjustment's stock moves then. */
static void approve(zm_request *req, zm_reply *rep)
{
    static const char *const from[] = {"pending_approval", NULL};
    zm_adjustment *a = adjustment_from_path(req, rep, NULL);
    if (!a) return;
    if (!strcmp(a->status, "pending_approval") && !adjustment_change_allowed(rep, req->org, a, +1)) return;
    if (!move(req, rep, a, from, "adjusted", "approved")) return;
    adjustment_stock(req->org, a, +1);
    reply_success(rep, 200, "success");
}

void adjustments_approve(zm_request *req, zm_reply *rep) { approve(req, rep); }
void adjustments_approve_final(zm_request *req, zm_reply *rep) { approve(req, rep); }

void adjustments_reject(zm_request *req, zm_reply *rep)
{
    static const char *const from[] = {"pending_approval", NULL};
    zm_adjustment *a = adjustment_from_path(req, rep, NULL);
    if (!a) return;
    cJSON *body = request_body(req, rep, false);
    const char *reason = NULL;
    bool present = false;
    if (!body || !field_string(rep, body, "reason", false, &reason, &present)) return;
    if (!move(req, rep, a, from, "rejected", "rejected")) return;
    if (present) xstrset(&a->rejection_reason, reason);
    reply_success(rep, 200, "success");
}

/* counts_api.c -- stock counts' create, update, retrieve, delete and bulk delete (endpoints 1, 3-6) */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "inventory/counts.h"
#include "inventory/counts_impl.h"
#include "zoho/fields.h"

#define LINE_LIMIT 1000
#define LINE_LIMIT_EXTENDED 5000

/* ------------------------------------------------------------- plumbing */

zm_stock_count *count_from_path(zm_request *req, zm_reply *rep)
{
    zm_stock_count *c = org_find_count(req->org, request_param(req, "inventorycount_id"));
    if (!c) {
        reply_error(rep, ZE_NOT_FOUND, "Stock count");
        return NULL;
    }
    count_settle_background(req->org, c, false);
    return c;
}

static const char *action_word(zm_count_action a)
{
    switch (a) {
    case COUNT_ACTION_START: return "start";
    case COUNT_ACTION_SUBMIT: return "submission";
    case COUNT_ACTION_APPROVE: return "approval";
    case COUNT_ACTION_NONE: break;
    }
    return "";
}

bool count_check_idle(zm_reply *rep, const zm_stock_count *c)
{
    if (c->pending.action == COUNT_ACTION_NONE) return true;
    reply_error(rep, ZE_COUNT_IN_PROGRESS, action_word(c->pending.action));
    return false;
}

void count_refuse_status(zm_reply *rep, const zm_stock_count *c, const char *verb, const char *allowed)
{
    char msg[256];
    snprintf(msg, sizeof msg, "The stock count %s is in %s status: only a stock count in %s status can be %s.",
             c->inventorycount_number, count_status_name(c->status), allowed, verb);
    reply_error(rep, ZE_COUNT_STATUS, msg);
}

bool count_check_assignee(zm_request *req, zm_reply *rep, const zm_stock_count *c, const char *verb)
{
    if (strcmp(req->user->user_id, c->assignee_id) == 0) return true;
    reply_error(rep, ZE_COUNT_NOT_ASSIGNEE, verb);
    return false;
}

void count_touch(zm_org *org, zm_stock_count *c, const char *user_id)
{
    c->last_modified_time = clock_now(&org->clock);
    snprintf(c->last_modified_by_id, ID_LEN, "%s", user_id ? user_id : "");
    table_update(counts_table(org), c);     /* its list places (and number) follow */
}

void count_reply(zm_reply *rep, zm_org *org, const zm_stock_count *c, int status, const char *message)
{
    cJSON *out = reply_success(rep, status, message);
    cJSON_AddItemToObject(out, "inventorycount", count_to_json(org, c, true));
}

static void validation(zm_reply *rep, const char *fmt, const char *a, const char *b)
{
    char msg[320];
    snprintf(msg, sizeof msg, fmt, a, b);
    reply_error(rep, ZE_VALIDATION, msg);
}

/* ----------------------------------------------------- shared by both */

/* location_id, else warehouse_id (Zoho's older name). */
static bool read_location(zm_reply *rep, zm_org *org, const cJSON *body, bool required, zm_location **out)
{
    zm_id id = "";
    bool has = false, has_wh = false;
    if (!field_id(rep, body, "location_id", false, id, &has)) return false;
    if (!has && !field_id(rep, body, "warehouse_id", false, id, &has_wh)) return false;
    if (!has && !has_wh) {
        *out = NULL;
        if (required) reply_error(rep, ZE_PARAM_MANDATORY, "location_id");
        return !required;
    }
    *out = org_find_location(org, id);
    if (!*out) {
        reply_error(rep, ZE_INVALID_FIELD, has ? "location_id" : "warehouse_id");
        return false;
    }
    return true;
}

static bool read_assignee(zm_reply *rep, zm_org *org, const cJSON *body, zm_id out, bool *present)
{
    if (!field_id(rep, body, "assignee_id", false, out, present)) return false;
    if (*present && !org_find_user(org, out)) {
        validation(rep, "The assignee %s is not a user of this organization.%s", out, "");
        return false;
    }
    return true;
}

static bool number_taken(zm_org *org, const char *number, const zm_stock_count *except)
{
    const zm_stock_count *c = org_find_count_by_number(org, number);
    return c && c != except;
}

static bool read_number(zm_reply *rep, zm_org *org, const cJSON *body, bool required,
                        const zm_stock_count *except, const char **out, bool *present)
{
    if (!field_string(rep, body, "inventorycount_number", required, out, present)) return false;
    if (!*present) return true;
    if (!**out || strlen(*out) > 100) {
        reply_error(rep, ZE_INVALID_FIELD, "inventorycount_number");
        return false;
    }
    if (number_taken(org, *out, except)) {
        reply_error(rep, ZE_DUPLICATE_NUMBER, *out);
        return false;
    }
    return true;
}

static bool check_limit(zm_reply *rep, const zm_org *org, size_t n)
{
    size_t limit = org->extended_line_item_limit ? LINE_LIMIT_EXTENDED : LINE_LIMIT;
    if (n <= limit) return true;
    char buf[16];
    snprintf(buf, sizeof buf, "%zu", limit);
    reply_error(rep, ZE_LINE_ITEM_LIMIT, buf);
    return false;
}

/* One line_items entry of a create or update body, validated. */
typedef struct plan_line {
    zm_count_line *existing;    /* update: the line it names, else NULL */
    zm_item *item;
    bool has_order;
    int order;
} plan_line;

static bool read_plan_line(zm_reply *rep, zm_org *org, zm_stock_count *c, const cJSON *li, plan_line *out)
{
    memset(out, 0, sizeof *out);
    if (!cJSON_IsObject(li)) {
        reply_error(rep, ZE_INVALID_FIELD, "line_items");
        return false;
    }
    zm_id line_id = "", item_id = "";
    bool has_line = false, has_item = false;
    double order = 0;
    if (c && !field_id(rep, li, "line_item_id", false, line_id, &has_line)) return false;
    if (!field_id(rep, li, "item_id", !has_line, item_id, &has_item)) return false;
    if (!field_number(rep, li, "item_order", false, &order, &out->has_order)) return false;
    if (out->has_order) {
        if (order < 0 || order > 1e6 || order != (int)order) {
            reply_error(rep, ZE_INVALID_FIELD, "item_order");
            return false;
        }
        out->order = (int)order;
    }
    if (has_line) {
        out->existing = count_find_line(c, line_id);
        if (!out->existing) {
            reply_error(rep, ZE_COUNT_LINE_UNKNOWN, line_id, c->inventorycount_number);
            return false;
        }
        if (has_item && strcmp(item_id, out->existing->item_id) != 0) {
            validation(rep, "The item of line item %s cannot be changed (it counts item %s).",
                       line_id, out->existing->item_id);
            return false;
        }
        snprintf(item_id, ID_LEN, "%s", out->existing->item_id);
    }
    out->item = org_find_item(org, item_id);
    if (!out->item) {
        validation(rep, "The item %s does not exist.%s", item_id, "");
        return false;
    }
    return true;
}

/* Reads every entry; refuses a line named twice and an item counted twice. */
static plan_line *read_plan(zm_reply *rep, zm_org *org, zm_stock_count *c, const cJSON *lines, size_t *n_out)
{
    size_t n = (size_t)cJSON_GetArraySize(lines);
    plan_line *plan = xcalloc(n + 1, sizeof *plan);
    size_t k = 0;
    const cJSON *li;
    cJSON_ArrayForEach(li, lines) {
        if (!read_plan_line(rep, org, c, li, &plan[k])) {
            free(plan);
            return NULL;
        }
        for (size_t j = 0; j < k; j++) {
            if (plan[k].existing && plan[j].existing == plan[k].existing) {
                validation(rep, "The line item %s appears more than once.%s", plan[k].existing->line_item_id, "");
                free(plan);
                return NULL;
            }
            if (plan[j].item == plan[k].item) {
                reply_error(rep, ZE_DUPLICATE_ITEM, plan[k].item->item_id);
                free(plan);
                return NULL;
            }
        }
        k++;
    }
    *n_out = k;
    return plan;
}

/* No spare room in a count's line array: 100,000 counts of 10 lines
 * would otherwise carry 6 unused 300-byte lines each (capacity 16). */
static void lines_fit(zm_stock_count *c)
{
    if (c->line_items.n && c->line_items.cap > c->line_items.n) {
        c->line_items.v = xrealloc(c->line_items.v, c->line_items.n * sizeof *c->line_items.v);
        c->line_items.cap = c->line_items.n;
    }
}

static void line_init(zm_org *org, zm_count_line *l, const zm_item *item, int order)
{
    memset(l, 0, sizeof *l);
    org_new_id(org, l->line_item_id);
    snprintf(l->item_id, ID_LEN, "%s", item->item_id);
    l->item_name = org_intern(org, item->name);
    l->sku = org_intern(org, item->sku);
    l->unit = org_intern(org, item->unit);
    l->track_serial_number = item->track_serial_number;
    l->track_batch_number = item->track_batch_number;
    l->item_order = order;
    l->status = LINE_DRAFT;
}

/* ------------------------------------------------------------ numbering */

/* The next number after `digits`, keeping its zero-padded width (it grows
 * only when the value needs more digits: 99 -> 100). */
static char *advance_digits(const char *digits)
{
    unsigned long long v = strtoull(digits, NULL, 10) + 1;
    int width = (int)strlen(digits);
    char buf[48];
    snprintf(buf, sizeof buf, "%0*llu", width, v);
    return xstrdup(buf);
}

/* prefix + next_number, then the settings advance. A number a manual count
 * already took is skipped (Zoho never issues a duplicate). */
static char *take_auto_number(zm_org *org)
{
    zm_count_settings *s = &org->settings;
    for (int guard = 0; guard < 100000; guard++) {
        size_t len = strlen(s->prefix_string) + strlen(s->next_number) + 1;
        char *number = xmalloc(len);
        snprintf(number, len, "%s%s", s->prefix_string, s->next_number);
        char *next = advance_digits(s->next_number);
        free(s->next_number);
        s->next_number = next;
        if (!number_taken(org, number, NULL)) return number;
        free(number);
    }
    return xstrdup("");
}

/* --------------------------------------------------------------- create */

/* A new count in yet_to_start, numbered (number NULL: the next automatic
 * number), dated today by the org clock, with no line items yet; it is
 * added to the organization. */
static zm_stock_count *count_new(zm_org *org, const char *location_id, const char *assignee_id,
                                 const char *created_by_id, const char *description, const char *number)
{
    zm_stock_count *c = xcalloc(1, sizeof *c);
    org_new_id(org, c->inventorycount_id);
    c->manual_number = number != NULL;
    c->inventorycount_number = number ? xstrdup(number) : take_auto_number(org);
    clock_today(&org->clock, c->count_date);
    c->description = xstrdup(description);
    c->status = COUNT_YET_TO_START;
    snprintf(c->location_id, ID_LEN, "%s", location_id);
    snprintf(c->assignee_id, ID_LEN, "%s", assignee_id);
    c->created_time = clock_now(&org->clock);
    snprintf(c->created_by_id, ID_LEN, "%s", created_by_id);
    count_touch(org, c, created_by_id);
    c->seq = org_next_seq(org);
    c->pending.action = COUNT_ACTION_NONE;
    counts_add(org, c);
    return c;
}

zm_stock_count *count_create_generated(zm_org *org, const char *location_id, const char *assignee_id,
                                       const char *created_by_id, const char *description,
                                       const char *const *item_ids, size_t n)
{
    zm_stock_count *c = count_new(org, location_id, assignee_id, created_by_id, description, NULL);
    for (size_t i = 0; i < n; i++) {
        const zm_item *item = org_find_item(org, item_ids[i]);
        if (!item) continue;   /* items are never deleted; kept defensive */
        zm_count_line l;
        line_init(org, &l, item, (int)c->line_items.n + 1);
        VEC_PUSH(c->line_items, l);
    }
    lines_fit(c);
    return c;
}


void counts_create(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    bool manual = false;
    if (!request_query_bool(req, rep, "ignore_auto_number_generation", false, &manual)) return;
    const cJSON *lines = NULL;
    if (!field_array(rep, body, "line_items", true, true, &lines, NULL)) return;
    if (!check_limit(rep, org, (size_t)cJSON_GetArraySize(lines))) return;
    zm_location *loc;
    if (!read_location(rep, org, body, true, &loc)) return;
    zm_id assignee = "";
    bool has_assignee = false;
    if (!read_assignee(rep, org, body, assignee, &has_assignee)) return;
    const char *description = "", *number = NULL;
    bool has_number = false;
    if (!field_string(rep, body, "description", false, &description, NULL)) return;
    /* Without the flag the body's number is ignored: the page says the
     * number is auto-generated unless the flag is passed. */
    if (manual && !read_number(rep, org, body, true, NULL, &number, &has_number)) return;
    size_t n;
    plan_line *plan = read_plan(rep, org, NULL, lines, &n);
    if (!plan) return;

    zm_stock_count *c = count_new(org, loc->location_id, has_assignee ? assignee : req->user->user_id,
                                  req->user->user_id, description, manual ? number : NULL);
    for (size_t i = 0; i < n; i++) {
        zm_count_line l;
        line_init(org, &l, plan[i].item, plan[i].has_order ? plan[i].order : (int)i + 1);
        VEC_PUSH(c->line_items, l);
    }
    lines_fit(c);
    free(plan);
    count_reply(rep, org, c, 201, "Stock count has been saved.");
}

/* --------------------------------------------------------------- update */

/* Only in yet_to_start. line_items entries with line_item_id update that
 * line (item_order; item_id must stay), without one add a line. Merge (the
 * default, replace_line_items=false): lines not named stay. Replace
 * (replace_line_items=true): the body's entries become the line items. */
void counts_update(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_stock_count *c = count_from_path(req, rep);
    if (!c || !count_check_idle(rep, c)) return;
    if (c->status != COUNT_YET_TO_START) {
        count_refuse_status(rep, c, "updated", "yet_to_start");
        return;
    }
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    bool replace = false, ignore_auto = false;
    if (!request_query_bool(req, rep, "replace_line_items", false, &replace)) return;
    if (!request_query_bool(req, rep, "ignore_auto_number_generation", false, &ignore_auto)) return;
    zm_location *loc;
    if (!read_location(rep, org, body, false, &loc)) return;
    zm_id assignee = "";
    bool has_assignee = false, has_description = false, has_number = false, has_lines = false;
    if (!read_assignee(rep, org, body, assignee, &has_assignee)) return;
    const char *description = NULL, *number = NULL;
    if (!field_string(rep, body, "description", false, &description, &has_description)) return;
    if (!read_number(rep, org, body, false, c, &number, &has_number)) return;
    if (has_number && strcmp(number, c->inventorycount_number) != 0 && !c->manual_number && !ignore_auto) {
        validation(rep, "The number of stock count %s is auto-generated: inventorycount_number can be "
                        "changed only with ignore_auto_number_generation=true.%s",
                   c->inventorycount_number, "");
        return;
    }
    const cJSON *lines = NULL;
    if (!field_array(rep, body, "line_items", false, replace, &lines, &has_lines)) return;
    if (replace && !has_lines) {
        reply_error(rep, ZE_PARAM_MANDATORY, "line_items");
        return;
    }
    size_t n = 0;
    plan_line *plan = NULL;
    if (has_lines) {
        plan = read_plan(rep, org, c, lines, &n);
        if (!plan) return;
        /* The resulting set: duplicates against kept lines, and the limit. */
        size_t total = n;
        if (!replace) {
            for (size_t i = 0; i < n; i++) {
                if (plan[i].existing) {
                    total--;
                    continue;
                }
                zm_count_line *same = count_find_line_by_item(c, plan[i].item->item_id);
                if (same) {
                    reply_error(rep, ZE_DUPLICATE_ITEM, plan[i].item->item_id);
                    free(plan);
                    return;
                }
            }
            total += c->line_items.n;
        }
        if (!check_limit(rep, org, total)) {
            free(plan);
            return;
        }
    }

    /* Everything is valid: apply. */
    if (loc) snprintf(c->location_id, ID_LEN, "%s", loc->location_id);
    if (has_assignee) snprintf(c->assignee_id, ID_LEN, "%s", assignee);
    if (has_description) xstrset(&c->description, description);
    if (has_number) {
        xstrset(&c->inventorycount_number, number);
        if (ignore_auto) c->manual_number = true;
        table_update(counts_table(org), c);
    }
    if (has_lines) {
        if (replace) {
            zm_count_line *old = c->line_items.v;
            size_t old_n = c->line_items.n;
            bool *kept = xcalloc(old_n + 1, sizeof *kept);
            c->line_items.v = NULL;
            c->line_items.n = c->line_items.cap = 0;
            for (size_t i = 0; i < n; i++) {
                zm_count_line l;
                if (plan[i].existing) {
                    size_t idx = (size_t)(plan[i].existing - old);
                    kept[idx] = true;
                    l = old[idx];
                    if (plan[i].has_order) l.item_order = plan[i].order;
                } else {
                    line_init(org, &l, plan[i].item, plan[i].has_order ? plan[i].order : (int)i + 1);
                }
                VEC_PUSH(c->line_items, l);
            }
            for (size_t i = 0; i < old_n; i++)
                if (!kept[i]) count_line_free(&old[i]);
            free(kept);
            free(old);
        } else {
            for (size_t i = 0; i < n; i++)
                if (plan[i].existing && plan[i].has_order) plan[i].existing->item_order = plan[i].order;
            for (size_t i = 0; i < n; i++) {
                if (plan[i].existing) continue;
                zm_count_line l;
                line_init(org, &l, plan[i].item,
                          plan[i].has_order ? plan[i].order : (int)c->line_items.n + 1);
                VEC_PUSH(c->line_items, l);
            }
        }
        free(plan);
        lines_fit(c);
    }
    count_touch(org, c, req->user->user_id);
    count_reply(rep, org, c, 200, "Stock count has been saved.");
}

/* ------------------------------------------------------------- retrieve */

/* can_assignee_count: the assignee is still a user of the organization and
 * the count can still be counted (yet_to_start or counting).
 * can_assignee_access_warehouse: the assignee is a user of the
 * organization (the mock has no per-warehouse permissions). */
void counts_get(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    zm_stock_count *c = count_from_path(req, rep);
    if (!c) return;
    bool member = org_find_user(org, c->assignee_id) != NULL;
    cJSON *out = reply_success(rep, 200, "success");
    cJSON_AddItemToObject(out, "inventorycount", count_to_json(org, c, true));
    json_add_bool(out, "can_assignee_count",
                  member && (c->status == COUNT_YET_TO_START || c->status == COUNT_COUNTING));
    json_add_bool(out, "can_assignee_access_warehouse", member);
    /* This answer showed the count as it was; the read counts toward a
     * pending after_reads action (an admin peek is not a client's read). */
    count_settle_background(org, c, !req->peek);
}

/* --------------------------------------------------------------- delete */

static bool check_deletable(zm_org *org, zm_reply *rep, const zm_stock_count *c)
{
    if (!count_check_idle(rep, c)) return false;
    zm_adjustment **adj;
    size_t n = count_adjustments(org, c, &adj);
    free(adj);
    if (n) {
        reply_error(rep, ZE_COUNT_HAS_ADJUSTMENTS, c->inventorycount_number);
        return false;
    }
    return true;
}

static void remove_count(zm_org *org, zm_stock_count *c)
{
    counts_remove(org, c);
    count_free(c);
}

void counts_delete(zm_request *req, zm_reply *rep)
{
    zm_stock_count *c = count_from_path(req, rep);
    if (!c || !check_deletable(req->org, rep, c)) return;
    remove_count(req->org, c);
    reply_success(rep, 200, "Stock count has been deleted.");
}

/* DELETE /inventorycounts?inventorycount_ids=a,b: every id is checked
 * first; one unknown or undeletable id refuses the whole call, naming it. */
void counts_bulk_delete(zm_request *req, zm_reply *rep)
{
    zm_org *org = req->org;
    size_t cap = strlen(req->query) + 1;
    char *ids = xmalloc(cap);
    int len = request_query(req, "inventorycount_ids", ids, cap);
    if (len <= 0) {
        reply_error(rep, ZE_PARAM_MANDATORY, "inventorycount_ids");
        free(ids);
        return;
    }
    VEC(zm_stock_count *) doomed = {0};
    char *save = NULL;
    for (char *tok = strtok_r(ids, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (isspace((unsigned char)*tok)) tok++;
        char *end = tok + strlen(tok);
        while (end > tok && isspace((unsigned char)end[-1])) *--end = '\0';
        if (!*tok) continue;
        zm_stock_count *c = id_is_valid(tok) ? org_find_count(org, tok) : NULL;
        if (!c) {
            char what[96];
            snprintf(what, sizeof what, "Stock count %s", tok);
            reply_error(rep, ZE_NOT_FOUND, what);
            VEC_FREE(doomed);
            free(ids);
            return;
        }
        count_settle_background(org, c, false);
        if (!check_deletable(org, rep, c)) {
            VEC_FREE(doomed);
            free(ids);
            return;
        }
        bool seen = false;
        for (size_t i = 0; i < doomed.n; i++) seen = seen || doomed.v[i] == c;
        if (!seen) VEC_PUSH(doomed, c);
    }
    free(ids);
    if (!doomed.n) {
        reply_error(rep, ZE_INVALID_PARAM, "inventorycount_ids");
        return;
    }
    for (size_t i = 0; i < doomed.n; i++) remove_count(org, doomed.v[i]);
    VEC_FREE(doomed);
    reply_success(rep, 200, "Stock counts have been deleted.");
}

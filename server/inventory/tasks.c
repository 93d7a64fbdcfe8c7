/* tasks.c -- tasks: owners among the organization's users, completion and status in step, overdue from the clock, the documented list views */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/settings_records.h"
#include "util/json.h"

/* How it works. A task has a title (required, as on Zoho), an owner (one
 * of the organization's users; the caller when none is named), a
 * priority (normal unless given) and a completion percentage from 0 to
 * 100 that moves with its status: open at 0, ongoing in between,
 * completed at 100 (markascompleted sets 100, markasopen 0, and
 * /percentage sets the status). It is overdue while not completed after
 * its due date on the organization's clock. */

static const char *const priorities[] = {"normal", "low", "high", "lowest", "highest", NULL};

static bool known(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(list[i], s)) return true;
    return false;
}

static void status_from_percentage(cJSON *task)
{
    double pct = rec_num(task, "completion_percentage");
    rec_set_str(task, "status", pct >= 100 ? "completed" : pct > 0 ? "ongoing" : "open");
}

bool tasks_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)existing;
    const char *verb = x->op->verb ? x->op->verb : "";
    if (x->op->kind == OP_ACTION) {
        if (!strcmp(verb, "markascompleted")) rec_set_num(record, "completion_percentage", 100);
        if (!strcmp(verb, "markasopen")) rec_set_num(record, "completion_percentage", 0);
        if (!strcmp(verb, "markasongoing") && rec_num(record, "completion_percentage") >= 100)
            rec_set_num(record, "completion_percentage", 0);
    }
    double pct = rec_num(record, "completion_percentage");
    if (pct < 0 || pct > 100) {
        reply_error(x->rep, ZE_INVALID_FIELD, "completion_percentage");
        return false;
    }
    if (!strcmp(verb, "percentage") || cJSON_IsNumber(json_get(body, "completion_percentage"))) status_from_percentage(record);
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) return true;
    if (!*rec_str(record, "title")) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "title");
        return false;
    }
    if (!*rec_str(record, "priority")) rec_set_str(record, "priority", "normal");
    if (!known(priorities, rec_str(record, "priority"))) {
        reply_error(x->rep, ZE_INVALID_FIELD, "priority");
        return false;
    }
    if (!*rec_str(record, "owner_id") && x->req->user) rec_set_str(record, "owner_id", x->req->user->user_id);
    zm_doc *owner = module_find(x, "users", rec_str(record, "owner_id"));
    if (!owner) {
        reply_error(x->rep, ZE_INVALID_FIELD, "owner_id");
        return false;
    }
    rec_set_str(record, "owner_name", rec_str(owner->json, "name"));
    rec_set_str(record, "owner_ids", owner->id);
    cJSON *owners = cJSON_CreateArray(), *o = cJSON_CreateObject();
    json_add_str(o, "owner_id", owner->id);
    json_add_str(o, "owner_name", rec_str(owner->json, "name"));
    json_add_str(o, "owner_mail", rec_str(owner->json, "email"));
    json_add_str(o, "photo_url", "");
    cJSON_AddItemToArray(owners, o);
    json_set(record, "owners", owners);
    if (!strcmp(rec_str(record, "status"), "open") && pct > 0) status_from_percentage(record);
    return true;
}

static bool overdue(zm_ctx *x, const cJSON *task)
{
    char today[16];
    clock_today(&x->org->clock, today);
    const char *due = rec_str(task, "due_date");
    return *due && strcmp(due, today) < 0 && strcmp(rec_str(task, "status"), "completed") != 0;
}

void tasks_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    rec_set_bool(out, "is_overdue", overdue(x, d->json));
}

/* One of a comma-separated list. */
static bool listed(const char *list, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = list; n && (p = strstr(p, s)); p += n)
        if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0')) return true;
    return false;
}

static int view(zm_ctx *x, const cJSON *t, const char *value)
{
    char today[16];
    clock_today(&x->org->clock, today);
    const char *status = rec_str(t, "status"), *priority = rec_str(t, "priority");
    bool done = !strcmp(status, "completed");
    if (!strcmp(value, "TaskStatus.All")) return 1;
    if (!strcmp(value, "TaskStatus.Overdue")) return overdue(x, t);
    if (!strcmp(value, "TaskStatus.InProgress")) return !strcmp(status, "ongoing");
    if (!strcmp(value, "TaskStatus.Completed")) return done;
    if (!strcmp(value, "TaskStatus.YetToStarted")) return !strcmp(status, "open");
    if (!strcmp(value, "TaskStatus.MyPending"))
        return !done && x->req->user && !strcmp(rec_str(t, "owner_id"), x->req->user->user_id);
    if (!strcmp(value, "TaskStatus.DueToday")) return !done && !strcmp(rec_str(t, "due_date"), today);
    if (!strcmp(value, "TaskStatus.PriorityOverdue"))
        return overdue(x, t) && (!strcmp(priority, "high") || !strcmp(priority, "highest"));
    if (!strcmp(value, "TaskStatus.Unassigned")) return !*rec_str(t, "owner_id");
    return 0;
}

int tasks_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    const cJSON *t = d->json;
    if (!strcmp(param, "filter_by")) return view(x, t, value);
    if (!strcmp(param, "is_overdue")) return overdue(x, t) == !strcasecmp(value, "true");
    if (!strcmp(param, "date_start")) return strcmp(rec_str(t, "due_date"), value) >= 0;
    if (!strcmp(param, "date_end")) return *rec_str(t, "due_date") && strcmp(rec_str(t, "due_date"), value) <= 0;
    if (!strcmp(param, "owner_ids")) return listed(value, rec_str(t, "owner_id"));
    if (!strcmp(param, "contact_ids") || !strcmp(param, "client_ids")) return listed(value, rec_str(t, "contact_id"));
    if (!strcmp(param, "client_id")) return !strcmp(rec_str(t, "contact_id"), value);
    if (!strcmp(param, "entity_id")) return !strcmp(rec_str(t, "related_entity_id"), value);
    if (!strcmp(param, "entity_type")) return !strcmp(rec_str(t, "related_entity_type"), value);
    if (!strcmp(param, "sub_entity_id")) return !strcmp(rec_str(t, "related_sub_entity_id"), value);
    if (!strcmp(param, "created_by")) return !strcmp(rec_str(t, "created_by_id"), value);
    if (!strcmp(param, "title") || !strcmp(param, "task_description"))
        return strcasestr(rec_str(t, param), value) != NULL;
    return -1;
}

/* organizations.c -- GET /__admin/organizations: each organization at a glance, for tools and the dashboard */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "http/handlers.h"
#include "inventory/module.h"
#include "model/docs.h"
#include "zoho/auth.h"
#include "zoho/fields.h"

/* The module's documented list, GET /<collection>: where a tool lists its
 * records (NULL: a module listed only under another record). */
static const zm_op *module_list_op(const zm_module *m)
{
    const zm_op *op = m->list_op;
    return op && op->response_key && !strchr(op->path, '{') ? op : NULL;
}

/* Each module the engine serves (and `held` does not count already), with
 * how many records the organization holds and where a tool lists them (the
 * dashboard's documents panel). */
static cJSON *modules_json(zm_org *org, const cJSON *held)
{
    cJSON *arr = cJSON_CreateArray();
    for (zm_module *const *mp = g_modules; *mp; mp++) {
        const zm_op *list = module_list_op(*mp);
        if (!list || cJSON_GetObjectItemCaseSensitive(held, (*mp)->name)) continue;
        char path[160];
        snprintf(path, sizeof path, "/inventory/v1%s", list->path);
        cJSON *m = cJSON_CreateObject();
        json_add_str(m, "module", (*mp)->name);
        json_add_str(m, "label", (*mp)->report_name ? (*mp)->report_name : (*mp)->label);
        json_add_str(m, "path", path);
        json_add_str(m, "key", list->response_key);
        json_add_str(m, "id", (*mp)->id_field);
        json_add_num(m, "count", (double)docs_collection(org, (*mp)->slot)->docs.n);
        cJSON_AddItemToArray(arr, m);
    }
    return arr;
}

static cJSON *org_json(zm_org *org)
{
    cJSON *o = cJSON_CreateObject();
    json_add_str(o, "organization_id", org->organization_id);
    json_add_str(o, "name", org->name);
    cJSON_AddItemToObject(o, "clock", admin_clock_json(org));
    /* The token verify and the startup hint use: enough to try a call. */
    const zm_token *t = auth_default_token(org);
    if (t) json_add_str(o, "token", t->token);
    else cJSON_AddNullToObject(o, "token");
    cJSON *users = cJSON_AddArrayToObject(o, "users");
    for (size_t i = 0; i < org->users.n; i++) {
        cJSON *u = cJSON_CreateObject();
        json_add_str(u, "user_id", org->users.v[i]->user_id);
        json_add_str(u, "name", org->users.v[i]->name);
        cJSON_AddItemToArray(users, u);
    }
    cJSON *locations = cJSON_AddArrayToObject(o, "locations");
    for (size_t i = 0; i < org->locations.n; i++) {
        cJSON *l = cJSON_CreateObject();
        json_add_str(l, "location_id", org->locations.v[i].location_id);
        json_add_str(l, "location_name", org->locations.v[i].location_name);
        cJSON_AddItemToArray(locations, l);
    }
    cJSON *held = cJSON_AddObjectToObject(o, "documents");
    json_add_num(held, "items", (double)org->items.n);
    json_add_num(held, "inventoryadjustments", (double)org->adjustments.n);
    json_add_num(held, "inventorycounts", (double)org->counts.n);
    json_add_num(held, "recurringinventorycounts", (double)org->recurring.n);
    cJSON_AddItemToObject(o, "modules", modules_json(org, held));
    return o;
}

/* GET /__admin/organizations[?organization_id=] */
void admin_organizations(zm_request *req, zm_reply *rep)
{
    zm_org *only;
    model_lock();
    if (admin_org_query(req, rep, &only) >= 0) {
        cJSON *arr = cJSON_AddArrayToObject(reply_success(rep, 200, "success"), "organizations");
        for (size_t i = 0; i < g_model.orgs.n; i++)
            if (!only || g_model.orgs.v[i] == only) cJSON_AddItemToArray(arr, org_json(g_model.orgs.v[i]));
    }
    model_unlock();
}

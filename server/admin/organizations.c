/* organizations.c -- GET /__admin/organizations: each organization at a glance, for tools and the dashboard */
#include "admin/admin.h"
#include "http/handlers.h"
#include "zoho/auth.h"
#include "zoho/fields.h"

static cJSON *org_json(const zm_org *org)
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

/* settings.c -- organizations, users and preferences: the engine records that mirror the core model's organization and people */
#include "inventory/settings.h"

#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "inventory/engine_impl.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/fields.h"
#include "zoho/schema.h"

/* ------------------------------------------------------- organizations */

/* "+0530" from minutes east of UTC. */
static void utc_offset_text(int minutes, char out[8])
{
    int m = minutes < 0 ? -minutes : minutes;
    snprintf(out, 8, "%c%02d%02d", minutes < 0 ? '-' : '+', m / 60 % 100, m % 60);
}

void settings_seed_organization(zm_module *m, zm_org *org, zm_collection *c)
{
    cJSON *rec = m->record_schema ? schema_default(m->record_schema) : cJSON_CreateObject();
    /* Fields of Zoho's organization the fixture gives (currency_code, ...). */
    const cJSON *f;
    cJSON_ArrayForEach(f, org->fixture) {
        const cJSON *ps = spec_property(m->record_schema, f->string);
        if (ps && !cJSON_IsArray(f)) json_set(rec, f->string, schema_conform(f, ps));
    }
    char tz[8], today[16];
    utc_offset_text(org->clock.utc_offset_minutes, tz);
    clock_today(&org->clock, today);
    rec_set_str(rec, "organization_id", org->organization_id);
    rec_set_str(rec, "name", org->name);
    if (!*rec_str(rec, "time_zone")) rec_set_str(rec, "time_zone", tz);
    if (!*rec_str(rec, "currency_code")) rec_set_str(rec, "currency_code", "USD");
    if (!*rec_str(rec, "currency_symbol")) rec_set_str(rec, "currency_symbol", "$");
    if (!*rec_str(rec, "language_code")) rec_set_str(rec, "language_code", "en");
    if (!*rec_str(rec, "date_format")) rec_set_str(rec, "date_format", "yyyy-MM-dd");
    if (!*rec_str(rec, "account_created_date")) rec_set_str(rec, "account_created_date", today);
    if (org->users.n) {
        if (!*rec_str(rec, "contact_name")) rec_set_str(rec, "contact_name", org->users.v[0]->name);
        if (!*rec_str(rec, "email")) rec_set_str(rec, "email", org->users.v[0]->email);
    }
    rec_set_bool(rec, "is_org_active", true);
    rec_set_num(rec, "price_precision", 2);
    docs_add(org, c, org->organization_id, rec);
}

static zm_doc *org_record(zm_module *m, zm_org *org)
{
    return docs_find(docs_collection(org, m->slot), org->organization_id);
}

/* GET /organizations: every organization of the caller, first the default. */
static void organizations_list(zm_ctx *x)
{
    cJSON *body = reply_success(x->rep, 200, engine_message(x->op));
    cJSON *arr = cJSON_AddArrayToObject(body, x->op->response_key ? x->op->response_key : "organizations");
    bool first = true;
    for (size_t i = 0; i < g_model.orgs.n; i++) {
        zm_org *o = g_model.orgs.v[i];
        zm_doc *d = model_user_in_org(o, x->req->user->user_id) ? org_record((zm_module *)x->mod, o) : NULL;
        if (!d) continue;
        zm_ctx in_org = *x;
        in_org.org = o;
        cJSON *row = engine_print(&in_org, d, x->mod->row_schema ? x->mod->row_schema : x->mod->record_schema);
        rec_set_bool(row, "is_default_org", first);
        first = false;
        cJSON_AddItemToArray(arr, row);
    }
}

/* The organization the path names: the call's own (the handler holds only
 * its lock; another organization's record is read with that one named in
 * ?organization_id=). */
static zm_org *path_org(zm_ctx *x)
{
    const char *id = request_param(x->req, "organization_id");
    zm_org *o = id ? model_find_org(id) : NULL;
    if (!o || o != x->org || !model_user_in_org(o, x->req->user->user_id)) {
        reply_error(x->rep, ZE_ORG_NOT_ASSOCIATED, id ? id : "");
        return NULL;
    }
    return o;
}

static void organization_get(zm_ctx *x)
{
    zm_org *o = path_org(x);
    if (!o) return;
    zm_ctx in_org = *x;
    in_org.org = o;
    in_org.coll = docs_collection(o, x->mod->slot);
    engine_answer_record(&in_org, org_record((zm_module *)x->mod, o));
}

static void organization_update(zm_ctx *x)
{
    zm_org *o = path_org(x);
    if (!o) return;
    cJSON *body = request_body(x->req, x->rep, true);
    if (!body || !schema_check_body(x->rep, x->op->body, body, false)) return;
    const char *name = rec_str(body, "name");
    if (json_get(body, "name") && !*name) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "name");
        return;
    }
    zm_ctx in_org = *x;
    in_org.org = o;
    in_org.coll = docs_collection(o, x->mod->slot);
    zm_doc *d = org_record((zm_module *)x->mod, o);
    cJSON *after = cJSON_Duplicate(d->json, true);
    record_merge(&in_org, after, body, x->mod->record_schema);
    rec_set_str(after, "organization_id", o->organization_id);
    if (!engine_commit(&in_org, d, after)) return;
    engine_answer_record(&in_org, d);
}

/* POST /organizations: the mock's organizations are its fixture's. */
static void organization_create(zm_ctx *x)
{
    reply_error(x->rep, ZE_VALIDATION,
                "Creating an organization is not supported by zoho-mock: add it to the fixture file.");
}

const zm_special settings_organization_specials[] = {
    {"GET", "/organizations", organizations_list},
    {"GET", "/organizations/{organization_id}", organization_get},
    {"PUT", "/organizations/{organization_id}", organization_update},
    {"POST", "/organizations", organization_create},
    {NULL, NULL, NULL},
};

/* --------------------------------------------------------------- users */

/* GET /users/me: the caller. */
static void users_me(zm_ctx *x)
{
    zm_doc *d = docs_find(x->coll, x->req->user->user_id);
    if (!d) {
        reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
        return;
    }
    engine_answer_record(x, d);
}

const zm_special settings_user_specials[] = {
    {"GET", "/users/me", users_me},
    {NULL, NULL, NULL},
};

static const char *record_email(const cJSON *rec)
{
    const char *email = rec_str(rec, "email");
    if (*email) return email;
    const cJSON *first = cJSON_GetArrayItem(json_get(rec, "email_ids"), 0);
    return rec_str(first, "email");
}

/* Users made through the API are records of the Users API only: the core
 * model's users (model/model.h) are the fixture's, whom tokens and OAuth
 * clients name, and are not changed by the API (they are shared by every
 * organization, outside any one organization's lock). */

bool settings_user_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    if (!existing && !json_get(record, "email") && *record_email(body)) rec_set_str(record, "email", record_email(body));
    const char *email = record_email(record);
    for (size_t i = 0; *email && i < x->coll->docs.n; i++) {
        const zm_doc *d = x->coll->docs.v[i];
        if (d != existing && !strcmp(record_email(d->json), email)) {
            reply_error(x->rep, ZE_NUMBER_TAKEN, "user with the email", email);
            return false;
        }
    }
    return true;
}

/* --------------------------------------------------------- preferences */

/* What an organization prefers, as GET /settings/preferences prints it.
 * Zoho's documents do not describe this endpoint: these are the settings
 * the mock's behaviour depends on, named as Zoho's preference page names
 * them, plus the fixture's own "preferences" object. */
static cJSON *preferences(zm_org *org)
{
    if (org->preferences) return org->preferences;
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "organization_id", org->organization_id);
    cJSON_AddBoolToObject(p, "is_inventory_enabled", true);
    cJSON_AddBoolToObject(p, "is_negative_stock_allowed", true);
    cJSON_AddStringToObject(p, "stock_tracking_mode", "physical");
    cJSON_AddBoolToObject(p, "is_serial_number_tracking_enabled", true);
    cJSON_AddBoolToObject(p, "is_batch_tracking_enabled", true);
    cJSON_AddBoolToObject(p, "is_storage_location_enabled", true);
    cJSON_AddBoolToObject(p, "is_multi_location_enabled", org->locations.n > 1);
    cJSON_AddBoolToObject(p, "is_salesorder_approval_enabled", false);
    cJSON_AddBoolToObject(p, "is_purchaseorder_approval_enabled", false);
    cJSON_AddNumberToObject(p, "price_precision", 2);
    const cJSON *f;
    cJSON_ArrayForEach(f, json_get(org->fixture, "preferences")) json_set(p, f->string, cJSON_Duplicate(f, true));
    org->preferences = p;
    return p;
}

const cJSON *settings_preferences(zm_org *org)
{
    return preferences(org);
}

void settings_preferences_get(zm_request *req, zm_reply *rep)
{
    cJSON *body = reply_success(rep, 200, "success");
    cJSON_AddItemToObject(body, "preferences", cJSON_Duplicate(preferences(req->org), true));
}

/* PUT /settings/preferences: known preferences only, each of its own type. */
void settings_preferences_update(zm_request *req, zm_reply *rep)
{
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    cJSON *p = preferences(req->org);
    const cJSON *m;
    cJSON_ArrayForEach(m, body) {
        const cJSON *cur = json_get(p, m->string);
        bool same_type = cur && ((cJSON_IsBool(cur) && cJSON_IsBool(m)) || (cJSON_IsNumber(cur) && cJSON_IsNumber(m)) ||
                                 (cJSON_IsString(cur) && cJSON_IsString(m)));
        if (!same_type || !strcmp(m->string, "organization_id")) {
            reply_error(rep, ZE_INVALID_FIELD, m->string);
            return;
        }
        if (!strcmp(m->string, "stock_tracking_mode") && strcmp(m->valuestring, "physical") != 0 &&
            strcmp(m->valuestring, "accounting") != 0) {
            reply_error(rep, ZE_INVALID_FIELD, m->string);
            return;
        }
    }
    cJSON_ArrayForEach(m, body) json_set(p, m->string, cJSON_Duplicate(m, true));
    cJSON *out = reply_success(rep, 200, "Preferences have been saved.");
    cJSON_AddItemToObject(out, "preferences", cJSON_Duplicate(p, true));
}

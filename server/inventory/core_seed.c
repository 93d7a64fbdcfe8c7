/* core_seed.c -- the records of items, locations, bins and users, made from what the core model already holds */
#include "inventory/core_seed.h"

#include <stdio.h>
#include <string.h>

#include "util/json.h"
#include "zoho/schema.h"

/* How it works. Items, locations (with their bins) and users live in the
 * core model (model/model.h): stock counts and adjustments work on those
 * structs. The engine's records of the same things are made from them at
 * load and reset, with every documented field, so that references
 * (item_id, location_id, ...) resolve and the modules' operations answer
 * in Zoho's shape. */

static cJSON *fresh(const zm_module *m)
{
    return m->record_schema ? schema_default(m->record_schema) : cJSON_CreateObject();
}

static void stamp(zm_org *org, cJSON *rec)
{
    char now[32];
    clock_format_datetime(&org->clock, clock_now(&org->clock), now);
    if (json_get(rec, "created_time")) rec_set_str(rec, "created_time", now);
    if (json_get(rec, "last_modified_time")) rec_set_str(rec, "last_modified_time", now);
}

/* The fixture object of an item, for the fields it sets beyond the core ones. */
static const cJSON *fixture_item(const zm_org *org, const char *item_id)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, json_get(org->fixture, "items"))
        if (!strcmp(rec_str(it, "item_id"), item_id)) return it;
    return NULL;
}

void core_seed_items(zm_module *m, zm_org *org, zm_collection *c)
{
    for (size_t i = 0; i < org->items.n; i++) {
        const zm_item *it = &org->items.v[i];
        cJSON *rec = fresh(m);
        /* Fields of Zoho's item schema the fixture gives (description,
         * purchase_rate, ...), then the core ones. */
        const cJSON *fx = fixture_item(org, it->item_id), *f;
        cJSON_ArrayForEach(f, fx) {
            const cJSON *ps = spec_property(m->record_schema, f->string);
            if (ps && strcmp(f->string, "stock") != 0) json_set(rec, f->string, schema_conform(f, ps));
        }
        rec_set_str(rec, "item_id", it->item_id);
        rec_set_str(rec, "name", it->name);
        rec_set_str(rec, "sku", it->sku);
        rec_set_str(rec, "unit", it->unit);
        rec_set_num(rec, "rate", it->rate);
        rec_set_str(rec, "status", "active");
        if (!*rec_str(rec, "item_type")) rec_set_str(rec, "item_type", "inventory");
        if (!*rec_str(rec, "product_type")) rec_set_str(rec, "product_type", "goods");
        rec_set_bool(rec, "track_inventory", true);
        rec_set_bool(rec, "can_be_sold", true);
        rec_set_bool(rec, "can_be_purchased", true);
        rec_set_bool(rec, "track_serial_number", it->track_serial_number);
        rec_set_bool(rec, "track_batch_number", it->track_batch_number);
        stamp(org, rec);
        docs_add(org, c, it->item_id, rec);
    }
}

void core_seed_locations(zm_module *m, zm_org *org, zm_collection *c)
{
    for (size_t i = 0; i < org->locations.n; i++) {
        const zm_location *l = &org->locations.v[i];
        cJSON *rec = fresh(m);
        rec_set_str(rec, "location_id", l->location_id);
        rec_set_str(rec, "location_name", l->location_name);
        rec_set_str(rec, "type", l->is_warehouse ? "general" : "line_item_only");
        rec_set_bool(rec, "is_primary_location", i == 0);
        rec_set_bool(rec, "is_location_active", true);
        rec_set_bool(rec, "is_all_users_selected", true);
        rec_set_str(rec, "status", "active");
        stamp(org, rec);
        docs_add(org, c, l->location_id, rec);
    }
}

void core_seed_storages(zm_module *m, zm_org *org, zm_collection *c)
{
    for (size_t i = 0; i < org->locations.n; i++) {
        const zm_location *l = &org->locations.v[i];
        for (size_t k = 0; k < l->storages.n; k++) {
            const zm_storage *s = &l->storages.v[k];
            cJSON *rec = fresh(m);
            rec_set_str(rec, "storage_id", s->storage_id);
            rec_set_str(rec, "name", s->storage_name);
            rec_set_str(rec, "location_id", l->location_id);
            rec_set_str(rec, "status", "active");
            stamp(org, rec);
            docs_add(org, c, s->storage_id, rec);
        }
    }
}

void core_seed_users(zm_module *m, zm_org *org, zm_collection *c)
{
    for (size_t i = 0; i < org->users.n; i++) {
        const zm_user *u = org->users.v[i];
        cJSON *rec = fresh(m);
        rec_set_str(rec, "user_id", u->user_id);
        rec_set_str(rec, "name", u->name);
        rec_set_str(rec, "email", u->email);
        cJSON *emails = cJSON_CreateArray();
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "email", u->email ? u->email : "");
        cJSON_AddBoolToObject(e, "is_selected", true);
        cJSON_AddItemToArray(emails, e);
        json_set(rec, "email_ids", schema_conform(emails, spec_property(m->record_schema, "email_ids")));
        cJSON_Delete(emails);
        rec_set_str(rec, "status", "active");
        if (!*rec_str(rec, "user_role")) rec_set_str(rec, "user_role", i == 0 ? "admin" : "staff");
        stamp(org, rec);
        docs_add(org, c, u->user_id, rec);
    }
}

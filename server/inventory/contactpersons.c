/* contactpersons.c -- contact persons: saved on their own, kept in step with their contact's mirror, primary, listed per contact */
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. A person is a record of this module (contact_id names its
 * contact) and an element of its contact's `contact_persons` mirror
 * (contacts.c): saving or deleting a person updates the mirror and which
 * person is primary (contacts_settle_primary), and whoever is primary says
 * so in its own record too. The first person of a contact is primary. */

static zm_module *persons_module(void) { return module_by_name("contactpersons"); }

/* GET /contacts/{contact_id}/contactpersons */
void contactpersons_of_contact(zm_ctx *x)
{
    zm_list_params page;
    zm_doc *d = engine_find_doc(x);
    if (!d || !sales_list_params(x, NULL, &page)) return;
    zm_collection *persons = docs_collection(x->org, persons_module()->slot);
    cJSON *arr = cJSON_CreateArray();
    const cJSON *p;
    cJSON_ArrayForEach(p, json_get(d->json, "contact_persons")) {
        zm_doc *pd = docs_find(persons, rec_str(p, "contact_person_id"));
        if (pd) cJSON_AddItemToArray(arr, cJSON_Duplicate(pd->json, true));
    }
    sales_answer_page(x, arr, "Contact Persons", &page);
}

/* GET /contacts/{contact_id}/contactpersons/{contact_person_id} */
void contactpersons_get_of_contact(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    const char *pid = request_param(x->req, "contact_person_id");
    zm_doc *pd = pid ? docs_find(docs_collection(x->org, persons_module()->slot), pid) : NULL;
    if (!pd || strcmp(rec_str(pd->json, "contact_id"), d->id) != 0) {
        reply_error(x->rep, ZE_NOT_FOUND, persons_module()->label);
        return;
    }
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    const cJSON *schema = spec_property(x->op->response, x->op->response_key);
    cJSON *out = schema ? schema_conform(pd->json, schema) : cJSON_Duplicate(pd->json, true);
    if (x->org->numeric_ids) engine_numeric_ids(out);
    cJSON_AddItemToObject(body, x->op->response_key, out);
}

bool persons_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    const char *contact_id = rec_str(record, "contact_id");
    if (existing && strcmp(contact_id, rec_str(existing->json, "contact_id")) != 0)
        return doc_invalid(x, "contact_id");
    if (!*contact_id) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "contact_id");
        return false;
    }
    if (!existing) {
        const cJSON *contact = contacts_record(x, contact_id);
        rec_set_bool(record, "is_primary_contact", cJSON_GetArraySize(json_get(contact, "contact_persons")) == 0);
    }
    return true;
}

/* The contact's mirror follows its person's record. */
bool persons_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    const char *contact_id = rec_str(after ? after : before, "contact_id");
    zm_doc *contact = module_find(x, "contacts", contact_id);
    if (!contact) return true;
    cJSON *persons = cJSON_GetObjectItemCaseSensitive(contact->json, "contact_persons");
    if (!cJSON_IsArray(persons)) {
        persons = cJSON_CreateArray();
        json_set(contact->json, "contact_persons", persons);
    }
    const cJSON *element_schema = schema_items(spec_property(module_by_name("contacts")->record_schema, "contact_persons"));
    cJSON *element = NULL;
    if (after) {
        element = element_schema ? schema_project(after, element_schema) : cJSON_Duplicate(after, true);
        rec_set_str(element, "contact_person_id", id);
    }
    int index = 0;
    cJSON *p;
    bool replaced = false;
    cJSON_ArrayForEach(p, persons) {
        if (!strcmp(rec_str(p, "contact_person_id"), id)) {
            if (element) cJSON_ReplaceItemInArray(persons, index, element);
            else cJSON_DeleteItemFromArray(persons, index);
            replaced = true;
            break;
        }
        index++;
    }
    if (!replaced && element) cJSON_AddItemToArray(persons, element);
    contacts_settle_primary(contact->json, NULL);
    /* Whoever is primary now says so in its own record too. */
    zm_collection *coll = docs_collection(x->org, persons_module()->slot);
    cJSON_ArrayForEach(p, persons) {
        zm_doc *pd = docs_find(coll, rec_str(p, "contact_person_id"));
        if (pd && strcmp(pd->id, id) != 0)
            rec_set_bool(pd->json, "is_primary_contact", cJSON_IsTrue(json_get(p, "is_primary_contact")));
    }
    return true;
}

/* POST /contacts/contactpersons/{contact_person_id}/primary */
static void persons_mark_primary(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    zm_doc *contact = module_find(x, "contacts", rec_str(d->json, "contact_id"));
    cJSON *p;
    cJSON_ArrayForEach(p, (contact ? json_get(contact->json, "contact_persons") : NULL))
        rec_set_bool(p, "is_primary_contact", !strcmp(rec_str(p, "contact_person_id"), d->id));
    rec_set_bool(d->json, "is_primary_contact", true);
    if (contact) {
        contacts_settle_primary(contact->json, NULL);
        zm_collection *coll = docs_collection(x->org, persons_module()->slot);
        cJSON_ArrayForEach(p, json_get(contact->json, "contact_persons")) {
            zm_doc *pd = docs_find(coll, rec_str(p, "contact_person_id"));
            if (pd && pd != d) rec_set_bool(pd->json, "is_primary_contact", false);
        }
    }
    record_stamp(x, d->json, false);
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

const zm_special persons_specials[] = {
    {"POST", "/contacts/contactpersons/{contact_person_id}/primary", persons_mark_primary},
    {NULL, NULL, NULL},
};

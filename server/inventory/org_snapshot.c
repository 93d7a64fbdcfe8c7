/* org_snapshot.c -- an organization's whole state as one JSON object and back: what --state saves and /__admin/state exports and imports */
#include "inventory/org_snapshot.h"

#include <stdio.h>
#include <string.h>

#include "inventory/counts.h"
#include "inventory/module.h"
#include "inventory/recurring.h"
#include "model/docs.h"
#include "model/docs_state.h"
#include "model/org_state.h"
#include "util/json.h"

cJSON *org_snapshot(zm_org *org)
{
    cJSON *j = cJSON_CreateObject();
    json_add_str(j, "organization_id", org->organization_id);
    json_add_str(j, "name", org->name);
    org_core_to_state(org, j);
    cJSON *a = cJSON_AddArrayToObject(j, "stock_counts");
    for (size_t i = 0; i < org->counts.n; i++) cJSON_AddItemToArray(a, count_to_state(org->counts.v[i]));
    a = cJSON_AddArrayToObject(j, "recurring_counts");
    for (size_t i = 0; i < org->recurring.n; i++) cJSON_AddItemToArray(a, recurring_to_state(org->recurring.v[i]));
    /* A collection a read made empty is no state: only those holding
     * records or a number given out. */
    cJSON *docs = cJSON_AddObjectToObject(j, "documents");
    for (zm_module *const *m = g_modules; *m; m++) {
        const zm_collection *c = org->collections[(*m)->slot];
        if (c && (c->docs.n || c->next_number)) cJSON_AddItemToObject(docs, (*m)->name, collection_to_state(c));
    }
    cJSON_AddItemToObject(j, "preferences", org->preferences ? cJSON_Duplicate(org->preferences, true) : cJSON_CreateNull());
    a = cJSON_AddArrayToObject(j, "outbox");
    for (size_t i = 0; i < org->outbox.n; i++) cJSON_AddItemToArray(a, cJSON_Duplicate(org->outbox.v[i], true));
    return j;
}

static void documents_from(zm_jr *r, const cJSON *docs, zm_org *org)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, docs) {
        if (jr_failed(r)) return;
        jr_enter(r, m->string, -1);
        zm_module *mod = module_by_name(m->string);
        if (!mod) jr_fail(r, NULL, "not a module of this server");
        else if (!cJSON_IsObject(m)) jr_fail(r, NULL, "expected an object");
        else collection_from_state(r, m, org, docs_collection(org, mod->slot));
        jr_leave(r);
    }
}

zm_org *org_from_snapshot(const zm_org *org, const cJSON *snapshot, const char *root, char *err, size_t errlen)
{
    zm_jr r;
    jr_init(&r, root);
    zm_org *fresh = org_new_like(org);
    const char *id = jr_str(&r, snapshot, "organization_id");
    if (!jr_failed(&r) && strcmp(id, org->organization_id) != 0)
        jr_fail(&r, "organization_id", "not this organization");
    org_core_from_state(&r, snapshot, fresh);
    each_from_state(&r, snapshot, "stock_counts", count_from_state, fresh);
    each_from_state(&r, snapshot, "recurring_counts", recurring_from_state, fresh);
    uint64_t next_seq = fresh->next_seq;
    jr_enter(&r, "documents", -1);
    documents_from(&r, jr_object(&r, snapshot, "documents"), fresh);
    jr_leave(&r);
    fresh->next_seq = next_seq;     /* docs_add counted on from it: the saved counter again */
    const cJSON *prefs = jr_opt(&r, snapshot, "preferences", cJSON_Object);
    fresh->preferences = prefs ? cJSON_Duplicate(prefs, true) : NULL;
    const cJSON *outbox = jr_array(&r, snapshot, "outbox"), *mail;
    cJSON_ArrayForEach(mail, outbox) {
        if (!cJSON_IsObject(mail)) {
            jr_fail(&r, "outbox", "expected an array of objects");
            break;
        }
        VEC_PUSH(fresh->outbox, cJSON_Duplicate(mail, true));
    }
    if (jr_failed(&r)) {
        snprintf(err, errlen, "%s", r.error);
        org_free(fresh);
        return NULL;
    }
    return fresh;
}

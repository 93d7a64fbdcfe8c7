/* seed.c -- bulk data for benchmarks and load tests: many stock counts, adjustments and documents of any module at once, made as the API makes them */
#include "inventory/seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/adjustments.h"
#include "inventory/counts.h"
#include "inventory/engine.h"
#include "inventory/module.h"
#include "util/json.h"

/* Items without serial or batch tracking: an adjustment of +1 needs none. */
static const zm_item *plain_item(const zm_org *org, size_t k)
{
    size_t plain = 0;
    for (size_t i = 0; i < org->items.n; i++)
        if (!org->items.v[i].track_serial_number && !org->items.v[i].track_batch_number) plain++;
    if (!plain) return NULL;
    k %= plain;
    for (size_t i = 0; i < org->items.n; i++) {
        const zm_item *it = &org->items.v[i];
        if (it->track_serial_number || it->track_batch_number) continue;
        if (k-- == 0) return it;
    }
    return NULL;
}

int inventory_seed(zm_org *org, const zm_seed *s, cJSON *count_ids, cJSON *adjustment_ids,
                   char *err, size_t errlen)
{
    if (!org->locations.n || !org->users.n) {
        snprintf(err, errlen, "the organization has no location or no user to seed with");
        return -1;
    }
    if (s->counts && (s->lines < 1 || s->lines > org->items.n)) {
        snprintf(err, errlen, "line_items must be from 1 to %zu (the organization's items)", org->items.n);
        return -1;
    }
    const char *assignee = s->assignee_id ? s->assignee_id : org->users.v[0]->user_id;
    if (!org_find_user(org, assignee)) {
        snprintf(err, errlen, "assignee_id %s is not a user of the organization", assignee);
        return -1;
    }
    const zm_reason *reason = org->reasons.n ? &org->reasons.v[0] : NULL;
    if (s->adjustments && (!reason || !plain_item(org, 0))) {
        snprintf(err, errlen, "adjustments need a reason and an item without tracking");
        return -1;
    }
    for (size_t k = 0; s->item_ids && k < s->lines; k++) {
        if (!org_find_item(org, s->item_ids[k])) {
            snprintf(err, errlen, "item_ids: %s is not an item of the organization", s->item_ids[k]);
            return -1;
        }
        for (size_t j = 0; j < k; j++) {
            if (strcmp(s->item_ids[j], s->item_ids[k]) == 0) {
                snprintf(err, errlen, "item_ids: %s appears twice", s->item_ids[k]);
                return -1;
            }
        }
    }
    const char *description = s->description ? s->description : "Seeded";
    const zm_location *loc = &org->locations.v[0];

    /* Counts: the same `lines` items in each, starting one item further
     * every count, so that the organization's items are all used. */
    const char **ids = xmalloc((s->lines + 1) * sizeof *ids);
    for (size_t c = 0; c < s->counts; c++) {
        for (size_t k = 0; k < s->lines; k++)
            ids[k] = s->item_ids ? s->item_ids[k] : org->items.v[(c + k) % org->items.n].item_id;
        zm_stock_count *sc = count_create_generated(org, loc->location_id, assignee, assignee, description,
                                                    ids, s->lines);
        if (count_ids) cJSON_AddItemToArray(count_ids, cJSON_CreateString(sc->inventorycount_id));
    }
    free(ids);

    char today[16];
    clock_today(&org->clock, today);
    const zm_account *account = org->accounts.n ? &org->accounts.v[0] : NULL;
    for (size_t a = 0; a < s->adjustments; a++) {
        zm_adjustment_input in = {plain_item(org, a), loc, NULL, 1, "", NULL, 0, NULL, 0, NULL, 0};
        zm_adjustment *adj = adjustment_record_quantity(org, today, reason, account, description, "",
                                                        assignee, &in, 1, NULL);
        if (adjustment_ids) cJSON_AddItemToArray(adjustment_ids, cJSON_CreateString(adj->inventory_adjustment_id));
    }
    return 0;
}

/* ------------------------------------------------------------ documents */

int inventory_seed_documents_check(const cJSON *specs, char *err, size_t errlen)
{
    if (!cJSON_IsArray(specs)) {
        snprintf(err, errlen, "documents: expected an array of {\"module\", \"count\", \"body\", \"vary\"}");
        return -1;
    }
    int i = 0;
    const cJSON *spec;
    cJSON_ArrayForEach(spec, specs) {
        const cJSON *module = json_get(spec, "module"), *count = json_get(spec, "count");
        const cJSON *body = json_get(spec, "body"), *vary = json_get(spec, "vary"), *v;
        const zm_module *m = cJSON_IsString(module) ? module_by_name(module->valuestring) : NULL;
        if (!cJSON_IsObject(spec)) {
            snprintf(err, errlen, "documents[%d]: expected an object", i);
            return -1;
        }
        if (!m) {
            snprintf(err, errlen, "documents[%d].module: expected the name of a module (salesorders, contacts, items...)", i);
            return -1;
        }
        if (!cJSON_IsNumber(count) || count->valuedouble < 0 || count->valuedouble > SEED_MAX_ROWS ||
            count->valuedouble != (double)(size_t)count->valuedouble) {
            snprintf(err, errlen, "documents[%d].count: expected a whole number from 0 to %d", i, SEED_MAX_ROWS);
            return -1;
        }
        if (body && !cJSON_IsObject(body)) {
            snprintf(err, errlen, "documents[%d].body: expected an object (the create body)", i);
            return -1;
        }
        if (vary && !cJSON_IsObject(vary)) {
            snprintf(err, errlen, "documents[%d].vary: expected an object of arrays", i);
            return -1;
        }
        cJSON_ArrayForEach(v, vary) {
            if (!cJSON_IsArray(v) || !cJSON_GetArraySize(v)) {
                snprintf(err, errlen, "documents[%d].vary.%s: expected a non-empty array", i, v->string);
                return -1;
            }
        }
        i++;
    }
    return 0;
}

/* "{n}" and "{n:W}" in s replaced by n (zero-padded to W digits); NULL
 * when s has neither. */
static char *number_text(const char *s, size_t n)
{
    if (!strstr(s, "{n")) return NULL;
    size_t len = strlen(s), size = len + 32, k = 0;
    char *out = xmalloc(size);
    for (const char *p = s; *p;) {
        int width = 0;
        const char *end = NULL;
        if (p[0] == '{' && p[1] == 'n') {
            if (p[2] == '}') {
                end = p + 3;
            } else if (p[2] == ':' && p[3] >= '1' && p[3] <= '9') {
                char *after;
                long w = strtol(p + 3, &after, 10);
                if (*after == '}' && w <= 20) {
                    width = (int)w;
                    end = after + 1;
                }
            }
        }
        if (k + 32 > size) out = xrealloc(out, size *= 2);
        if (end) {
            k += (size_t)snprintf(out + k, size - k, "%0*zu", width, n);
            p = end;
        } else {
            out[k++] = *p++;
        }
    }
    out[k] = '\0';
    return out;
}

static void number_texts(cJSON *v, size_t n)
{
    cJSON *m;
    cJSON_ArrayForEach(m, v) {
        if (cJSON_IsString(m)) {
            char *s = number_text(m->valuestring, n);
            if (s) {
                free(m->valuestring);
                m->valuestring = s;
            }
        } else if (cJSON_IsObject(m) || cJSON_IsArray(m)) {
            number_texts(m, n);
        }
    }
}

/* Document k's body (0-based; "{n}" is k + 1). */
static cJSON *document_body(const cJSON *spec, size_t k)
{
    const cJSON *body = json_get(spec, "body"), *v;
    cJSON *out = body ? cJSON_Duplicate(body, true) : cJSON_CreateObject();
    cJSON_ArrayForEach(v, json_get(spec, "vary")) {
        cJSON *pick = cJSON_Duplicate(cJSON_GetArrayItem(v, (int)(k % (size_t)cJSON_GetArraySize(v))), true);
        cJSON_DeleteItemFromObjectCaseSensitive(out, v->string);
        cJSON_AddItemToObject(out, v->string, pick);
    }
    number_texts(out, k + 1);
    return out;
}

int inventory_seed_documents(zm_org *org, const cJSON *specs, cJSON *ids, char *err, size_t errlen)
{
    if (inventory_seed_documents_check(specs, err, errlen) != 0) return -1;
    int i = 0;
    const cJSON *spec;
    cJSON_ArrayForEach(spec, specs) {
        const zm_module *m = module_by_name(json_get(spec, "module")->valuestring);
        size_t count = (size_t)json_get(spec, "count")->valuedouble;
        cJSON *made = cJSON_GetObjectItemCaseSensitive(ids, m->name);
        if (!made) made = cJSON_AddArrayToObject(ids, m->name);
        for (size_t k = 0; k < count; k++) {
            cJSON *body = document_body(spec, k);
            zm_reply rep;
            memset(&rep, 0, sizeof rep);
            const zm_doc *d = engine_create_document(org, m, body, &rep);
            if (!d) {
                snprintf(err, errlen, "documents[%d], %s %zu of %zu: %s (the %zu before it were kept)", i, m->name,
                         k + 1, count, rec_str(rep.body, "message"), k);
                reply_free(&rep);
                cJSON_Delete(body);
                return -1;
            }
            cJSON_AddItemToArray(made, cJSON_CreateString(d->id));
            reply_free(&rep);
            cJSON_Delete(body);
        }
        i++;
    }
    return 0;
}

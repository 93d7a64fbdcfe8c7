/* settings_common.c -- what the settings modules share: names taken once, and records other documents still use */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "inventory/settings_records.h"
#include "util/json.h"

bool settings_taken(zm_ctx *x, const cJSON *record, const char *field, const zm_doc *self)
{
    const char *value = rec_str(record, field);
    if (!*value) return false;
    for (size_t i = 0; i < x->coll->docs.n; i++) {
        const zm_doc *d = x->coll->docs.v[i];
        if (d != self && !strcasecmp(rec_str(d->json, field), value)) {
            reply_error(x->rep, ZE_NUMBER_TAKEN, field, value);
            return true;
        }
    }
    return false;
}

/* The name a record goes by in a message: its number, else its name. */
static const char *shown_as(const zm_module *m, const cJSON *rec)
{
    if (m->number_field && *rec_str(rec, m->number_field)) return rec_str(rec, m->number_field);
    return m->search_fields[0] ? rec_str(rec, m->search_fields[0]) : "";
}

static bool names(const cJSON *rec, const char *field, const char *id)
{
    if (!strcmp(rec_str(rec, field), id)) return true;
    const cJSON *l;
    cJSON_ArrayForEach(l, json_get(rec, "line_items"))
        if (!strcmp(rec_str(l, field), id)) return true;
    return false;
}

bool settings_used_by(zm_ctx *x, const char *field, const char *id, char *by, size_t size)
{
    for (zm_module *const *mp = g_modules; *mp; mp++) {
        const zm_module *m = *mp;
        if (!strcmp(m->id_field, field)) continue;      /* the record itself */
        zm_collection *c = docs_collection(x->org, m->slot);
        for (size_t i = 0; i < c->docs.n; i++) {
            if (!names(c->docs.v[i]->json, field, id)) continue;
            snprintf(by, size, "%s %s", m->label, shown_as(m, c->docs.v[i]->json));
            return true;
        }
    }
    return false;
}

bool settings_refuse_in_use(zm_ctx *x, const zm_doc *d, const char *field, const char *name_field)
{
    char by[160], what[160], why[200];
    if (!settings_used_by(x, field, d->id, by, sizeof by)) return true;
    snprintf(what, sizeof what, "%s %s", x->mod->label, rec_str(d->json, name_field));
    snprintf(why, sizeof why, "it is used by %s", by);
    reply_error(x->rep, ZE_IN_USE, what, why);
    return false;
}

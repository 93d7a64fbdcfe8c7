/* taxes.c -- taxes, tax groups made of the organization's taxes, tax authorities and tax exemptions */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/settings_records.h"
#include "util/alloc.h"
#include "util/json.h"

/* How it works. A tax has a name (once per organization) and a percentage
 * from 0 to 100, both required as on Zoho (the document marks neither);
 * tax_type is "tax" unless given. A tax group's `taxes` is sent as Zoho
 * takes it, a comma-separated list of tax ids, and kept as the list of
 * those taxes, following them: a tax renamed or re-rated shows in its
 * groups, and the group's percentage (a line naming the group is taxed at
 * it) is their sum.
 * A tax, group, authority or exemption in use (a group's tax, a
 * document's tax_id, a tax's authority, a contact's exemption) cannot be
 * deleted. */

static bool mandatory(zm_ctx *x, const cJSON *record, const char *field)
{
    if (*rec_str(record, field)) return true;
    reply_error(x->rep, ZE_PARAM_MANDATORY, field);
    return false;
}

/* ---------------------------------------------------------------- taxes */

bool taxes_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) return true;
    if (!mandatory(x, record, "tax_name")) return false;
    if (!existing && !cJSON_IsNumber(json_get(body, "tax_percentage"))) {
        reply_error(x->rep, ZE_PARAM_MANDATORY, "tax_percentage");
        return false;
    }
    double pct = rec_num(record, "tax_percentage");
    if (pct < 0 || pct > 100) {
        reply_error(x->rep, ZE_INVALID_FIELD, "tax_percentage");
        return false;
    }
    if (settings_taken(x, record, "tax_name", existing)) return false;
    if (!*rec_str(record, "tax_type")) rec_set_str(record, "tax_type", "tax");
    /* An authority named but not given by id: the organization's of that name. */
    const char *authority = rec_str(record, "tax_authority_name");
    if (!*rec_str(record, "tax_authority_id") && *authority) {
        zm_collection *c = docs_collection(x->org, module_by_name("taxauthorities")->slot);
        for (size_t i = 0; i < c->docs.n; i++)
            if (!strcasecmp(rec_str(c->docs.v[i]->json, "tax_authority_name"), authority))
                rec_set_str(record, "tax_authority_id", c->docs.v[i]->id);
    }
    const char *account = rec_str(record, "purchase_tax_expense_account_id");
    if (*account && !org_find_account(x->org, account)) {
        reply_error(x->rep, ZE_INVALID_FIELD, "purchase_tax_expense_account_id");
        return false;
    }
    return true;
}

/* The first tax group that has the tax; NULL if none. */
static const zm_doc *group_with(zm_ctx *x, const char *tax_id)
{
    zm_collection *c = docs_collection(x->org, module_by_name("taxgroups")->slot);
    for (size_t i = 0; i < c->docs.n; i++) {
        const cJSON *t;
        cJSON_ArrayForEach(t, json_get(c->docs.v[i]->json, "taxes"))
            if (!strcmp(rec_str(t, "tax_id"), tax_id)) return c->docs.v[i];
    }
    return NULL;
}

bool taxes_deleting(zm_ctx *x, const zm_doc *d)
{
    const zm_doc *g = group_with(x, d->id);
    if (g) {
        char what[160], why[200];
        snprintf(what, sizeof what, "Tax %s", rec_str(d->json, "tax_name"));
        snprintf(why, sizeof why, "it is in the tax group %s", rec_str(g->json, "tax_group_name"));
        reply_error(x->rep, ZE_IN_USE, what, why);
        return false;
    }
    return settings_refuse_in_use(x, d, "tax_id", "tax_name");
}

/* ----------------------------------------------------------- tax groups */

/* The group's element for a tax, from the tax's record. */
static cJSON *member(const char *tax_id, const cJSON *tax)
{
    cJSON *e = cJSON_CreateObject();
    json_add_str(e, "tax_id", tax_id);
    static const char *const fields[] = {"tax_name", "tax_type", "tax_factor", "tax_authority_id", "tax_authority_name"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) json_add_str(e, fields[i], rec_str(tax, fields[i]));
    cJSON_AddNumberToObject(e, "tax_percentage", rec_num(tax, "tax_percentage"));
    return e;
}

/* The group's taxes and percentage from the tax records, the tax
 * changed_id seen as `changed` (a change in flight; NULL: none). */
static void compose(zm_ctx *x, cJSON *group, const char *changed_id, const cJSON *changed)
{
    cJSON *taxes = cJSON_CreateArray();
    double pct = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, json_get(group, "taxes")) {
        const char *id = rec_str(t, "tax_id");
        zm_doc *d = module_find(x, "taxes", id);
        const cJSON *tax = changed_id && !strcmp(id, changed_id) ? changed : d ? d->json : NULL;
        if (!tax) continue;
        cJSON_AddItemToArray(taxes, member(id, tax));
        pct += rec_num(tax, "tax_percentage");
    }
    json_set(group, "taxes", taxes);
    rec_set_num(group, "tax_group_percentage", pct);
}

/* A tax changed: the groups that have it follow (their percentage is what
 * a line naming the group is taxed at). */
bool taxes_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    (void)before;
    zm_collection *c = docs_collection(x->org, module_by_name("taxgroups")->slot);
    for (size_t i = 0; after && i < c->docs.n; i++) compose(x, c->docs.v[i]->json, id, after);
    return true;
}

bool taxgroups_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) return true;
    if (!mandatory(x, record, "tax_group_name") || settings_taken(x, record, "tax_group_name", existing)) return false;
    const cJSON *sent = json_get(body, "taxes");
    if (!sent && existing) {
        json_set(record, "taxes", cJSON_Duplicate(json_get(existing->json, "taxes"), true));
    } else {
        if (!cJSON_IsString(sent) || !*sent->valuestring) {
            reply_error(x->rep, ZE_PARAM_MANDATORY, "taxes");
            return false;
        }
        cJSON *taxes = cJSON_CreateArray();
        char *list = xstrdup(sent->valuestring);
        bool ok = true;
        for (char *save = NULL, *tok = strtok_r(list, ", ", &save); tok && ok; tok = strtok_r(NULL, ", ", &save)) {
            zm_doc *tax = module_find(x, "taxes", tok);
            const cJSON *t;
            cJSON_ArrayForEach(t, taxes) ok &= strcmp(rec_str(t, "tax_id"), tok) != 0;
            if (!tax || !ok) ok = false;
            else cJSON_AddItemToArray(taxes, member(tax->id, tax->json));
        }
        free(list);
        if (!ok || cJSON_GetArraySize(taxes) == 0) {
            cJSON_Delete(taxes);
            reply_error(x->rep, ZE_INVALID_FIELD, "taxes");
            return false;
        }
        json_set(record, "taxes", taxes);
    }
    compose(x, record, NULL, NULL);
    return true;
}

void taxgroups_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    (void)d;
    compose(x, out, NULL, NULL);
}

bool taxgroups_deleting(zm_ctx *x, const zm_doc *d)
{
    return settings_refuse_in_use(x, d, "tax_id", "tax_group_name");
}

/* ---------------------------------------------------- authorities, exemptions */

bool taxauthorities_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) return true;
    return mandatory(x, record, "tax_authority_name") && !settings_taken(x, record, "tax_authority_name", existing);
}

bool taxauthorities_deleting(zm_ctx *x, const zm_doc *d)
{
    return settings_refuse_in_use(x, d, "tax_authority_id", "tax_authority_name");
}

bool taxexemptions_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)body;
    if (x->op->kind != OP_CREATE && x->op->kind != OP_UPDATE) return true;
    if (!mandatory(x, record, "tax_exemption_code") || !mandatory(x, record, "type")) return false;
    const char *type = rec_str(record, "type");
    if (strcmp(type, "customer") != 0 && strcmp(type, "item") != 0) {
        reply_error(x->rep, ZE_INVALID_FIELD, "type");
        return false;
    }
    return !settings_taken(x, record, "tax_exemption_code", existing);
}

bool taxexemptions_deleting(zm_ctx *x, const zm_doc *d)
{
    return settings_refuse_in_use(x, d, "tax_exemption_id", "tax_exemption_code");
}

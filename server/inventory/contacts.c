/* contacts.c -- customers and vendors: their contact persons, addresses, receivables, history and mail */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. A contact's persons are records of the contactpersons
 * module (what /contacts/contactpersons creates, updates and deletes) and
 * are mirrored in the contact's own `contact_persons` array, each with its
 * contact_person_id: a contact saved with persons creates, updates and
 * removes their records (contacts_apply), a person saved on its own
 * updates the mirror (contactpersons.c). Exactly one person of a contact
 * that has any is primary (the first, until another is marked); the
 * contact carries its primary_contact_id and, as Zoho's list rows print
 * them, the primary person's first_name, last_name, email, phone and
 * mobile (a contact without persons keeps the ones it was given, as
 * fixtures give an e-mail: mail goes there). */

static const char *const mirrored[] = {"first_name", "last_name", "email", "phone", "mobile"};

/* Marks one person primary in the array (the flagged one, else the
 * first) and copies the primary's fields onto the contact; a contact
 * without persons keeps the fields it was given itself (body). */
void contacts_settle_primary(cJSON *contact, const cJSON *body)
{
    cJSON *persons = cJSON_GetObjectItemCaseSensitive(contact, "contact_persons");
    cJSON *primary = NULL, *p;
    cJSON_ArrayForEach(p, persons)
        if (!primary && cJSON_IsTrue(json_get(p, "is_primary_contact"))) primary = p;
    if (!primary && cJSON_IsArray(persons)) primary = persons->child;
    cJSON_ArrayForEach(p, persons) rec_set_bool(p, "is_primary_contact", p == primary);
    rec_set_str(contact, "primary_contact_id", primary ? rec_str(primary, "contact_person_id") : "");
    for (size_t i = 0; i < sizeof mirrored / sizeof mirrored[0]; i++) {
        if (primary) rec_set_str(contact, mirrored[i], rec_str(primary, mirrored[i]));
        else if (cJSON_IsString(json_get(body, mirrored[i]))) rec_set_str(contact, mirrored[i], rec_str(body, mirrored[i]));
        else if (!json_get(contact, mirrored[i])) rec_set_str(contact, mirrored[i], "");
    }
}

static void payment_terms_label(cJSON *contact, const cJSON *body)
{
    if (json_get(body, "payment_terms_label") && *rec_str(contact, "payment_terms_label")) return;
    int days = (int)rec_num(contact, "payment_terms");
    char label[32];
    if (days > 0) snprintf(label, sizeof label, "Net %d", days);
    else snprintf(label, sizeof label, "Due on Receipt");
    rec_set_str(contact, "payment_terms_label", label);
}

bool contacts_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing)
{
    (void)existing;
    const char *type = rec_str(record, "contact_type");
    if (!*type) rec_set_str(record, "contact_type", "customer");
    else if (strcmp(type, "customer") != 0 && strcmp(type, "vendor") != 0) return doc_invalid(x, "contact_type");
    if (json_get(record, "payment_terms") && rec_num(record, "payment_terms") < 0)
        return doc_invalid(x, "payment_terms");
    if (sales_is_save(x)) payment_terms_label(record, body);
    cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(record, "contact_persons")) {
        if (!*rec_str(p, "first_name") && !*rec_str(p, "last_name") && !*rec_str(p, "email"))
            return doc_invalid(x, "contact_persons");
        if (!*rec_str(p, "contact_person_id")) {
            zm_id id;
            org_new_id(x->org, id);
            rec_set_str(p, "contact_person_id", id);
        }
    }
    contacts_settle_primary(record, body);
    return true;
}

/* The person's record as its module prints it, from a mirror element. */
static cJSON *person_record(const cJSON *element, const char *contact_id)
{
    const zm_module *m = module_by_name("contactpersons");
    cJSON *rec = m->record_schema ? schema_default(m->record_schema) : cJSON_CreateObject();
    const cJSON *f;
    cJSON_ArrayForEach(f, element) json_set(rec, f->string, cJSON_Duplicate(f, true));
    rec_set_str(rec, "contact_id", contact_id);
    return rec;
}

static bool in_mirror(const cJSON *contact, const char *person_id)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, json_get(contact, "contact_persons"))
        if (!strcmp(rec_str(p, "contact_person_id"), person_id)) return true;
    return false;
}

/* The contact's persons' records follow its mirror. */
bool contacts_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after)
{
    (void)before;
    zm_collection *persons = docs_collection(x->org, module_by_name("contactpersons")->slot);
    for (size_t i = persons->docs.n; i-- > 0;) {
        zm_doc *d = persons->docs.v[i];
        if (!strcmp(rec_str(d->json, "contact_id"), id) && (!after || !in_mirror(after, d->id)))
            docs_remove(persons, d);
    }
    const cJSON *p;
    cJSON_ArrayForEach(p, json_get(after, "contact_persons")) {
        const char *pid = rec_str(p, "contact_person_id");
        zm_doc *d = docs_find(persons, pid);
        cJSON *rec = person_record(p, id);
        if (d) {
            const char *times[] = {"created_time", "last_modified_time"};
            for (int t = 0; t < 2; t++)
                if (json_get(d->json, times[t])) rec_set_str(rec, times[t], rec_str(d->json, times[t]));
            cJSON_Delete(d->json);
            d->json = rec;
        } else {
            docs_add(x->org, persons, pid, rec);
        }
    }
    return true;
}

/* Every module's records that name the contact as customer, vendor or contact. */
static bool has_transactions(zm_ctx *x, const char *contact_id)
{
    static const char *const fields[] = {"customer_id", "vendor_id", "contact_id"};
    for (zm_module *const *mp = g_modules; *mp; mp++) {
        const zm_module *m = *mp;
        if (!strcmp(m->name, "contacts") || !strcmp(m->name, "contactpersons")) continue;
        zm_collection *c = docs_collection(x->org, m->slot);
        for (size_t i = 0; i < c->docs.n; i++)
            for (size_t f = 0; f < 3; f++)
                if (!strcmp(rec_str(c->docs.v[i]->json, fields[f]), contact_id)) return true;
    }
    return false;
}

bool contacts_deleting(zm_ctx *x, const zm_doc *d)
{
    if (!has_transactions(x, d->id)) return true;
    reply_error(x->rep, ZE_IN_USE, x->mod->label, "it has transactions");
    return false;
}

void contacts_print(zm_ctx *x, const zm_doc *d, cJSON *out)
{
    if (json_get(out, "has_transaction")) rec_set_bool(out, "has_transaction", has_transactions(x, d->id));
}

/* ------------------------------------------------------------- filters */

static bool address_matches(const cJSON *addr, const char *param, const char *want)
{
    static const char *const parts[] = {"attention", "address", "street2", "city", "state", "zip", "country"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (*rec_str(addr, parts[i]) && sales_text_matches(rec_str(addr, parts[i]), param, want)) return true;
    return false;
}

int contacts_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value)
{
    if (!strcmp(param, "filter_by")) {
        if (!strcasecmp(value, "Status.Crm")) return cJSON_IsTrue(json_get(d->json, "is_linked_with_zohocrm"));
        if (!strcasecmp(value, "Status.Duplicate")) {
            for (size_t i = 0; i < x->coll->docs.n; i++) {
                const zm_doc *o = x->coll->docs.v[i];
                if (o != d && !strcasecmp(rec_str(o->json, "contact_name"), rec_str(d->json, "contact_name")))
                    return 1;
            }
            return 0;
        }
        return -1;
    }
    if (!strncmp(param, "address", 7)) {
        return address_matches(json_get(d->json, "billing_address"), param, value) ||
               address_matches(json_get(d->json, "shipping_address"), param, value);
    }
    return -1;
}

/* ---------------------------------------------------------- receivables */

typedef struct receivables {
    const char *contact_id;
    double outstanding, credits;
} receivables;

static void add_invoice(const cJSON *inv, void *arg)
{
    receivables *r = arg;
    const char *status = rec_str(inv, "status");
    if (strcmp(rec_str(inv, "customer_id"), r->contact_id) != 0) return;
    if (!strcmp(status, "draft") || !strcmp(status, "void") || !strcmp(status, "pending_approval") ||
        !strcmp(status, "approved") || !strcmp(status, "rejected"))
        return;
    r->outstanding += rec_num(inv, "balance");
}

static void add_credit_note(const cJSON *cn, void *arg)
{
    receivables *r = arg;
    if (!strcmp(rec_str(cn, "customer_id"), r->contact_id) && !strcmp(rec_str(cn, "status"), "open"))
        r->credits += rec_num(cn, "balance");
}

static void add_payment(const cJSON *p, void *arg)
{
    receivables *r = arg;
    if (!strcmp(rec_str(p, "customer_id"), r->contact_id)) r->credits += rec_num(p, "unused_amount");
}

void contacts_refresh(zm_ctx *x, const char *contact_id, const doc_view *view)
{
    zm_doc *c = module_find(x, "contacts", contact_id);
    if (!c) return;
    receivables r = {contact_id, 0, 0};
    doc_each(x, "invoices", view, add_invoice, &r);
    doc_each(x, "creditnotes", view, add_credit_note, &r);
    doc_each(x, "customerpayments", view, add_payment, &r);
    rec_set_num(c->json, "outstanding_receivable_amount", doc_round(r.outstanding));
    rec_set_num(c->json, "outstanding_receivable_amount_bcy", doc_round(r.outstanding));
    rec_set_num(c->json, "unused_credits_receivable_amount", doc_round(r.credits));
    rec_set_num(c->json, "unused_credits_receivable_amount_bcy", doc_round(r.credits));
}

const cJSON *contacts_record(zm_ctx *x, const char *contact_id)
{
    zm_doc *c = module_find(x, "contacts", contact_id);
    return c ? c->json : NULL;
}

cJSON *contacts_emails(zm_ctx *x, const char *contact_id)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *contact = contacts_record(x, contact_id), *p;
    cJSON_ArrayForEach(p, json_get(contact, "contact_persons"))
        if (*rec_str(p, "email")) cJSON_AddItemToArray(out, cJSON_CreateString(rec_str(p, "email")));
    if (!cJSON_GetArraySize(out) && *rec_str(contact, "email"))
        cJSON_AddItemToArray(out, cJSON_CreateString(rec_str(contact, "email")));
    return out;
}

/* ------------------------------------------------------- sub-resources */

/* GET /contacts/{contact_id}/address: the billing and shipping addresses. */
static void contacts_addresses(zm_ctx *x)
{
    zm_doc *d = engine_find_doc(x);
    if (!d) return;
    cJSON *arr = cJSON_CreateArray();
    static const char *const kinds[] = {"billing_address", "shipping_address"};
    for (int k = 0; k < 2; k++) {
        const cJSON *a = json_get(d->json, kinds[k]);
        if (!cJSON_IsObject(a)) continue;
        cJSON *e = cJSON_Duplicate(a, true);
        char id[ID_LEN + 4];
        snprintf(id, sizeof id, "%s%d", d->id, k + 1);
        if (!json_get(e, "address_id")) cJSON_AddStringToObject(e, "address_id", id);
        cJSON_AddItemToArray(arr, e);
    }
    sales_answer_array(x, arr);
}

typedef struct history {
    zm_ctx *x;
    const char *contact_id;
    cJSON *arr;
    const zm_module *m;
} history;

static void history_entry(history *h, const char *id, const char *description, const char *when,
                          const char *type)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "comment_id", id);
    cJSON_AddStringToObject(e, "contact_id", h->contact_id);
    cJSON_AddStringToObject(e, "contact_name", rec_str(contacts_record(h->x, h->contact_id), "contact_name"));
    cJSON_AddStringToObject(e, "description", description);
    cJSON_AddStringToObject(e, "commented_by_id", "");
    cJSON_AddStringToObject(e, "commented_by", "System");
    char date[16] = "", time[16] = "";
    if (strlen(when) >= 19) {
        snprintf(date, sizeof date, "%.10s", when);
        snprintf(time, sizeof time, "%.5s", when + 11);
    }
    cJSON_AddStringToObject(e, "date", date);
    cJSON_AddStringToObject(e, "date_description", date);
    cJSON_AddStringToObject(e, "time", time);
    cJSON_AddStringToObject(e, "transaction_id", *type ? id : "");
    cJSON_AddStringToObject(e, "transaction_type", type);
    cJSON_AddBoolToObject(e, "is_entity_deleted", false);
    cJSON_AddStringToObject(e, "operation_type", "Added");
    cJSON_AddItemToArray(h->arr, e);
}

static void history_of(const cJSON *rec, void *arg)
{
    history *h = arg;
    if (strcmp(rec_str(rec, "customer_id"), h->contact_id) != 0) return;
    char description[160];
    const char *number = h->m->number_field ? rec_str(rec, h->m->number_field) : "";
    snprintf(description, sizeof description, "%s %s created", h->m->label, number);
    const char *when = *rec_str(rec, "created_time") ? rec_str(rec, "created_time") : rec_str(rec, "date");
    history_entry(h, rec_str(rec, h->m->id_field), description, when, h->m->name);
}

/* GET /contacts/{contact_id}/comments: the contact's history, as Zoho
 * keeps it: its creation, then each sales document made for it. */
static void contacts_comments(zm_ctx *x)
{
    zm_list_params p;
    zm_doc *d = engine_find_doc(x);
    if (!d || !sales_list_params(x, NULL, &p)) return;
    history h = {x, d->id, cJSON_CreateArray(), NULL};
    history_entry(&h, d->id, "Contact created", rec_str(d->json, "created_time"), "");
    static const char *const modules[] = {"salesorders", "invoices", "customerpayments", "creditnotes",
                                          "retainerinvoices", "deliverychallans"};
    for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++) {
        h.m = module_by_name(modules[i]);
        if (h.m) doc_each(x, modules[i], NULL, history_of, &h);
    }
    sales_answer_page(x, h.arr, "Comments", &p);
}

const zm_special contacts_specials[] = {
    {"GET", "/contacts/{contact_id}/address", contacts_addresses},
    {"GET", "/contacts/{contact_id}/contactpersons", contactpersons_of_contact},
    {"GET", "/contacts/{contact_id}/contactpersons/{contact_person_id}", contactpersons_get_of_contact},
    {"GET", "/contacts/{contact_id}/comments", contacts_comments},
    {"GET", "/contacts/{contact_id}/statements/email", sales_email_draft},
    {"POST", "/contacts/{contact_id}/statements/email", sales_email_send},
    {"POST", "/contacts/{contact_id}/email", sales_email_send},
    {NULL, NULL, NULL},
};

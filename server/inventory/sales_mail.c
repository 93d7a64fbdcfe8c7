/* sales_mail.c -- e-mail of sales documents and contacts: the message Zoho would send, and sending it to the outbox */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "inventory/sales.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. Nothing leaves the mock: a message "sent" is kept in the
 * organization's outbox (GET /__admin/outbox shows it) and in the
 * record's email history (GET /creditnotes/{id}/emailhistory). The
 * draft (GET .../email) is addressed to the customer's contact persons
 * that have an e-mail, the primary one selected, from the caller. */

/* What the mail is about: a record of a sales module, or a contact (its
 * own statement or a free message). */
typedef struct mail_subject {
    zm_doc *d;
    const char *customer_id;
    const char *number;         /* "INV-000001"; "" for a contact */
    bool statement;
    bool reminder;
} mail_subject;

static const char *org_name(zm_ctx *x)
{
    return x->org->name && *x->org->name ? x->org->name : "Zylker";
}

static const char *sender_name(zm_ctx *x) { return x->req->user ? x->req->user->name : org_name(x); }
static const char *sender_email(zm_ctx *x)
{
    return x->req->user && x->req->user->email ? x->req->user->email : "";
}

static bool subject_of(zm_ctx *x, mail_subject *s)
{
    memset(s, 0, sizeof *s);
    s->d = engine_find_doc(x);
    if (!s->d) return false;
    bool contact = !strcmp(x->mod->name, "contacts");
    s->customer_id = contact ? s->d->id : rec_str(s->d->json, "customer_id");
    s->number = x->mod->number_field ? rec_str(s->d->json, x->mod->number_field) : "";
    s->statement = contact && strstr(x->op->path, "/statements/") != NULL;
    s->reminder = x->op->sub && !strcmp(x->op->sub, "paymentreminder");
    return true;
}

static char *default_subject(zm_ctx *x, const mail_subject *s)
{
    if (s->statement) return xasprintf("Statement of transactions with %s", org_name(x));
    if (s->reminder) return xasprintf("Payment Reminder - %s from %s", s->number, org_name(x));
    if (!*s->number) return xasprintf("Message from %s", org_name(x));
    return xasprintf("%s - %s from %s", x->mod->label, s->number, org_name(x));
}

static char *default_body(zm_ctx *x, const mail_subject *s)
{
    const char *customer = rec_str(contacts_record(x, s->customer_id), "contact_name");
    char *what;
    if (s->statement)
        what = xasprintf("Please find attached the statement of your transactions with %s.", org_name(x));
    else if (s->reminder)
        what = xasprintf("This is a reminder that the payment of %.2f for %s %s was due on %s.",
                         rec_num(s->d->json, "balance"), x->mod->label, s->number, rec_str(s->d->json, "due_date"));
    else
        what = xasprintf("Thank you for your business. Please find attached %s %s for %.2f.", x->mod->label,
                         s->number, rec_num(s->d->json, "total"));
    char *body = xasprintf("Dear %s,\n\n%s\n\nRegards,\n%s\n%s", customer, what, sender_name(x), org_name(x));
    free(what);
    return body;
}

static char *attachment_of(const mail_subject *s)
{
    if (s->statement) return xstrdup("statement.pdf");
    if (!*s->number) return xstrdup("");
    return xasprintf("%s.pdf", s->number);
}

char *sales_mail_subject(zm_ctx *x, const cJSON *record)
{
    mail_subject s = {NULL, rec_str(record, "customer_id"),
                      x->mod->number_field ? rec_str(record, x->mod->number_field) : "", false, false};
    return default_subject(x, &s);
}

char *sales_mail_text(zm_ctx *x, const cJSON *record)
{
    zm_doc fake;
    memset(&fake, 0, sizeof fake);
    fake.json = (cJSON *)record;
    mail_subject s = {&fake, rec_str(record, "customer_id"),
                      x->mod->number_field ? rec_str(record, x->mod->number_field) : "", false, false};
    return default_body(x, &s);
}

/* ----------------------------------------------------------------- draft */

static cJSON *recipients(zm_ctx *x, const char *customer_id)
{
    cJSON *arr = cJSON_CreateArray();
    const cJSON *contact = contacts_record(x, customer_id), *p;
    if (!cJSON_GetArraySize(json_get(contact, "contact_persons")) && *rec_str(contact, "email")) {
        /* A contact without persons, known by its own e-mail. */
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "contact_person_id", "");
        cJSON_AddStringToObject(e, "first_name", rec_str(contact, "first_name"));
        cJSON_AddStringToObject(e, "last_name", rec_str(contact, "last_name"));
        cJSON_AddStringToObject(e, "email", rec_str(contact, "email"));
        cJSON_AddBoolToObject(e, "selected", true);
        cJSON_AddItemToArray(arr, e);
    }
    cJSON_ArrayForEach(p, json_get(contact, "contact_persons")) {
        if (!*rec_str(p, "email")) continue;
        cJSON *e = cJSON_CreateObject();
        static const char *const fields[] = {"contact_person_id", "salutation", "first_name", "last_name",
                                             "email", "phone", "mobile"};
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
            cJSON_AddStringToObject(e, fields[i], rec_str(p, fields[i]));
        cJSON_AddBoolToObject(e, "selected", cJSON_IsTrue(json_get(p, "is_primary_contact")));
        cJSON_AddItemToArray(arr, e);
    }
    return arr;
}

static cJSON *draft(zm_ctx *x, const mail_subject *s)
{
    cJSON *m = cJSON_CreateObject();
    cJSON *to = recipients(x, s->customer_id);
    char to_str[1024] = "";
    size_t k = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, to)
        if (cJSON_IsTrue(json_get(t, "selected")) && k < sizeof to_str)
            k += (size_t)snprintf(to_str + k, sizeof to_str - k, "%s%s", k ? "," : "", rec_str(t, "email"));
    cJSON_AddItemToObject(m, "to_contacts", to);
    cJSON *from = cJSON_AddArrayToObject(m, "from_emails");
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "user_name", sender_name(x));
    cJSON_AddStringToObject(f, "email", sender_email(x));
    cJSON_AddBoolToObject(f, "selected", true);
    cJSON_AddStringToObject(f, "organization_contact_id", x->req->user ? x->req->user->user_id : "");
    cJSON_AddBoolToObject(f, "is_org_email_id", false);
    cJSON_AddItemToArray(from, f);
    char *subject = default_subject(x, s), *body = default_body(x, s), *file = attachment_of(s);
    cJSON_AddStringToObject(m, "subject", subject);
    cJSON_AddStringToObject(m, "body", body);
    cJSON_AddStringToObject(m, "file_name", file);
    cJSON_AddStringToObject(m, "attachment_name", file);
    char *stem = xstrdup(file);
    char *dot = strrchr(stem, '.');
    if (dot) *dot = '\0';
    cJSON_AddStringToObject(m, "file_name_without_extension", stem);
    free(stem);
    free(subject);
    free(body);
    free(file);
    cJSON_AddStringToObject(m, "from_email", sender_email(x));
    cJSON_AddStringToObject(m, "from_address", sender_email(x));
    cJSON_AddStringToObject(m, "to_mails_str", to_str);
    cJSON_AddStringToObject(m, "cc_mails_str", "");
    cJSON_AddArrayToObject(m, "cc_mails_list");
    cJSON_AddArrayToObject(m, "bcc_mails");
    cJSON_AddStringToObject(m, "bcc_mails_str", "");
    cJSON_AddBoolToObject(m, "attach_pdf", true);
    cJSON_AddStringToObject(m, "documents", "");
    cJSON_AddArrayToObject(m, "emailtemplate_documents");
    cJSON_AddArrayToObject(m, "error_list");
    cJSON_AddArrayToObject(m, "deprecated_placeholders_used");
    cJSON_AddBoolToObject(m, "gateways_configured", false);
    cJSON_AddBoolToObject(m, "gateways_associated", false);
    cJSON *templates = cJSON_AddArrayToObject(m, "emailtemplates");
    cJSON *tpl = cJSON_CreateObject();
    cJSON_AddBoolToObject(tpl, "selected", true);
    cJSON_AddStringToObject(tpl, "name", "Default");
    cJSON_AddStringToObject(tpl, "email_template_id", "");
    cJSON_AddItemToArray(templates, tpl);
    cJSON_AddStringToObject(m, "email_template_id", "");
    cJSON_AddStringToObject(m, "entity_id", s->d->id);
    cJSON_AddStringToObject(m, "customer_id", s->customer_id);
    cJSON_AddStringToObject(m, "customer_name", rec_str(contacts_record(x, s->customer_id), "contact_name"));
    if (!strcmp(x->mod->name, "contacts")) cJSON_AddStringToObject(m, "contact_id", s->d->id);
    return m;
}

void sales_email_draft(zm_ctx *x)
{
    mail_subject s;
    if (!subject_of(x, &s)) return;
    cJSON *m = draft(x, &s);
    cJSON *body = reply_success(x->rep, x->op->status, engine_message(x->op));
    const cJSON *schema = x->op->response_key ? spec_property(x->op->response, x->op->response_key) : x->op->response;
    const char *type = spec_type(schema);
    if (type && !strcmp(type, "array")) {
        cJSON *arr = cJSON_CreateArray();
        cJSON_AddItemToArray(arr, m);
        m = arr;
    }
    cJSON *out = schema ? schema_project(m, schema) : cJSON_Duplicate(m, true);
    if (cJSON_IsArray(m)) {
        cJSON_Delete(out);
        out = schema_conform(m, schema);
    }
    cJSON_Delete(m);
    if (x->org->numeric_ids) engine_numeric_ids(out);
    if (x->op->response_key) {
        cJSON_AddItemToObject(body, x->op->response_key, out);
        return;
    }
    /* A flat answer: the message's fields beside code and message. */
    cJSON *f;
    while ((f = out->child)) {
        cJSON_DetachItemViaPointer(out, f);
        if (!strcmp(f->string, "code") || !strcmp(f->string, "message")) cJSON_Delete(f);
        else cJSON_AddItemToObject(body, f->string, f);
    }
    cJSON_Delete(out);
}

/* ------------------------------------------------------------------ send */

static bool plausible_address(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && at[1] && !strchr(s, ' ') && strchr(at, '.') && !strchr(at + 1, '@');
}

/* The addresses of a body member: an array of strings, or one string of
 * comma-separated ones. NULL after replying. */
static cJSON *addresses(zm_ctx *x, const cJSON *v, const char *field)
{
    cJSON *out = cJSON_CreateArray();
    if (cJSON_IsString(v)) {
        char *copy = xstrdup(v->valuestring), *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            while (*tok == ' ') tok++;
            if (*tok) cJSON_AddItemToArray(out, cJSON_CreateString(tok));
        }
        free(copy);
    } else {
        const cJSON *e;
        cJSON_ArrayForEach(e, v) {
            if (!cJSON_IsString(e)) {
                cJSON_Delete(out);
                doc_invalid(x, field);
                return NULL;
            }
            cJSON_AddItemToArray(out, cJSON_CreateString(e->valuestring));
        }
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, out) {
        if (!plausible_address(e->valuestring)) {
            cJSON_Delete(out);
            doc_invalid(x, field);
            return NULL;
        }
    }
    return out;
}

void sales_outbox_add(zm_ctx *x, const char *record_id, const cJSON *record, zm_doc *d, cJSON *to, cJSON *cc,
                      const char *subject, const char *body, const char *attachment)
{
    zm_id id;
    org_new_id(x->org, id);
    char now[32];
    clock_format_datetime(&x->org->clock, clock_now(&x->org->clock), now);
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "message_id", id);
    cJSON_AddStringToObject(m, "organization_id", x->org->organization_id);
    cJSON_AddStringToObject(m, "module", x->mod->name);
    cJSON_AddStringToObject(m, "record_id", record_id);
    cJSON_AddStringToObject(m, "document_number", x->mod->number_field ? rec_str(record, x->mod->number_field) : "");
    cJSON_AddStringToObject(m, "from", sender_email(x));
    cJSON_AddStringToObject(m, "from_name", sender_name(x));
    cJSON_AddItemToObject(m, "to", to);
    cJSON_AddItemToObject(m, "cc", cc ? cc : cJSON_CreateArray());
    cJSON_AddStringToObject(m, "subject", subject);
    cJSON_AddStringToObject(m, "body", body);
    cJSON *att = cJSON_AddArrayToObject(m, "attachments");
    if (attachment && *attachment) cJSON_AddItemToArray(att, cJSON_CreateString(attachment));
    cJSON_AddStringToObject(m, "sent_time", now);
    if (d) {
        cJSON *h = cJSON_CreateObject();
        cJSON_AddStringToObject(h, "mailhistory_id", id);
        cJSON_AddStringToObject(h, "from", sender_email(x));
        cJSON_AddItemToObject(h, "to_mail_ids", cJSON_Duplicate(json_get(m, "to"), true));
        cJSON_AddStringToObject(h, "subject", subject);
        cJSON_AddStringToObject(h, "date", now);
        cJSON_AddItemToArray(docs_sub_array(d, "emailhistory"), h);
    }
    VEC_PUSH(x->org->outbox, m);
}

/* The record after it was e-mailed: is_emailed, and a draft invoice or
 * retainer invoice is sent. False after a hook refused. */
static bool mark_emailed(zm_ctx *x, zm_doc *d)
{
    if (!strcmp(x->mod->name, "contacts")) return true;
    cJSON *after = cJSON_Duplicate(d->json, true);
    rec_set_bool(after, "is_emailed", true);
    bool sendable = !strcmp(x->mod->name, "invoices") || !strcmp(x->mod->name, "retainerinvoices");
    if (sendable && !strcmp(rec_str(after, "status"), "draft")) rec_set_str(after, "status", "sent");
    record_stamp(x, after, false);
    return engine_commit(x, d, after);
}

/* Sends one message about s: to (taken) or the customer's addresses.
 * Everything taken from the record is read before it is marked e-mailed
 * (which replaces its JSON). */
static bool send_one(zm_ctx *x, const mail_subject *s, cJSON *to, cJSON *cc, const char *subject,
                     const char *text)
{
    if (!to || !cJSON_GetArraySize(to)) {
        cJSON_Delete(to);
        to = contacts_emails(x, s->customer_id);
    }
    if (!cJSON_GetArraySize(to)) {
        cJSON_Delete(to);
        cJSON_Delete(cc);
        reply_error(x->rep, ZE_PARAM_MANDATORY, "to_mail_ids");
        return false;
    }
    char *final_subject = subject && *subject ? xstrdup(subject) : default_subject(x, s);
    char *final_body = text && *text ? xstrdup(text) : default_body(x, s);
    bool attach = strcmp(x->mod->name, "contacts") != 0 || s->statement;
    char *file = attach ? attachment_of(s) : xstrdup("");
    bool ok = mark_emailed(x, s->d);
    if (ok) sales_outbox_add(x, s->d->id, s->d->json, s->d, to, cc, final_subject, final_body, file);
    else {
        cJSON_Delete(to);
        cJSON_Delete(cc);
    }
    free(final_subject);
    free(final_body);
    free(file);
    return ok;
}

void sales_email_send(zm_ctx *x)
{
    mail_subject s;
    if (!subject_of(x, &s)) return;
    cJSON *body = request_body(x->req, x->rep, x->op->body != NULL);
    if (!body || (x->op->body && !schema_check_body(x->rep, x->op->body, body, true))) return;
    cJSON *to = addresses(x, json_get(body, "to_mail_ids"), "to_mail_ids");
    if (!to) return;
    cJSON *cc = addresses(x, json_get(body, "cc_mail_ids"), "cc_mail_ids");
    if (!cc) {
        cJSON_Delete(to);
        return;
    }
    if (send_one(x, &s, to, cc, rec_str(body, "subject"), rec_str(body, "body")))
        reply_success(x->rep, x->op->status, engine_message(x->op));
}

void sales_email_bulk(zm_ctx *x)
{
    char ids[8192];
    int n = request_query(x->req, "invoice_ids", ids, sizeof ids);
    if (n <= 0) {
        reply_error(x->rep, n == -2 ? ZE_INVALID_PARAM : ZE_PARAM_MANDATORY, "invoice_ids");
        return;
    }
    VEC(zm_doc *) docs = {0};
    char *save = NULL;
    for (char *tok = strtok_r(ids, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        zm_doc *d = docs_find(x->coll, tok);
        if (!d) {
            reply_error(x->rep, ZE_NOT_FOUND, x->mod->label);
            VEC_FREE(docs);
            return;
        }
        cJSON *to = contacts_emails(x, rec_str(d->json, "customer_id"));
        bool reachable = cJSON_GetArraySize(to) > 0;
        cJSON_Delete(to);
        if (!reachable) {
            doc_refuse(x, "The customer of %s %s has no e-mail address.", x->mod->label,
                       rec_str(d->json, x->mod->number_field));
            VEC_FREE(docs);
            return;
        }
        VEC_PUSH(docs, d);
    }
    for (size_t i = 0; i < docs.n; i++) {
        mail_subject s = {docs.v[i], rec_str(docs.v[i]->json, "customer_id"),
                          rec_str(docs.v[i]->json, x->mod->number_field), false, false};
        if (!send_one(x, &s, NULL, NULL, NULL, NULL)) {
            VEC_FREE(docs);
            return;
        }
    }
    VEC_FREE(docs);
    reply_success(x->rep, x->op->status, engine_message(x->op));
}

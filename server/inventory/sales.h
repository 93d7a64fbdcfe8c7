/* sales.h -- what the contact and sales modules share: lines, lists, stock, mail, templates, and each module's hooks */
#ifndef ZM_SALES_H
#define ZM_SALES_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "inventory/documents.h"
#include "inventory/module.h"
#include "zoho/listing.h"

/* How the sales modules hang together. Each document keeps the figures
 * Zoho prints on it (an order line's quantity_packed, an invoice's
 * balance, a contact's outstanding_receivable_amount); a figure that other
 * documents decide is recomputed from all of them whenever one of them
 * changes, never adjusted by differences, so it cannot drift. The change
 * in flight is seen through a doc_view (inventory/documents.h). */

/* Keeps `after` (taken) as the record d of another module, through that
 * module's hooks (engine_commit as that module). False after a refusal. */
bool sales_commit(zm_ctx *x, const char *module, zm_doc *d, cJSON *after);

/* Lines as Zoho completes them on save: an item line without a rate gets
 * the item's, quantity defaults to 1 and must be positive, a line names an
 * item or has a name; then totals (record_totals) and the `taxes`
 * summary. The body is the one the client sent (NULL on actions). */
bool sales_complete_lines(zm_ctx *x, cJSON *record, const cJSON *body);

/* A sub-list's ?page and ?per_page (at most 200), and ?sort_column among
 * sort_columns (NULL-terminated; NULL: none accepted) with ?sort_order.
 * False after replying 400 code 2. */
bool sales_list_params(zm_ctx *x, const char *const *sort_columns, zm_list_params *p);
/* Answers page p of arr (taken) under the operation's key, conformed to
 * its schema, with a page_context when the document prints one. */
void sales_answer_page(zm_ctx *x, cJSON *arr, const char *report_name, const zm_list_params *p);
/* Answers arr (taken) whole under the operation's key, conformed. */
void sales_answer_array(zm_ctx *x, cJSON *arr);

/* The id a create names in ?name=, else in the record (fixtures, or a
 * body that carries it); "" in out when neither and !required. False
 * after replying (missing: code 11, malformed: code 2). */
bool sales_query_id(zm_ctx *x, const cJSON *record, const char *name, char *out, size_t size, bool required);

/* have against want as the list parameter's name says: <field>_startswith,
 * <field>_contains, else equal (all case-insensitive). */
bool sales_text_matches(const char *have, const char *param, const char *want);

/* The quantity that module's records (void ones aside, and the record
 * skip_id by its id_field) put on line line_id through their lines'
 * line_field: what is packed of an order line, invoiced, returned... */
double sales_line_total(zm_ctx *x, const char *module, const char *id_field, const char *skip_id,
                        const char *line_field, const char *line_id);

/* none / part / all by how much of wanted is done (statuses such as
 * not_invoiced / partially_invoiced / invoiced). */
const char *sales_progress(double done, double wanted, const char *none, const char *part, const char *all);

/* True when the operation in flight creates or updates the record. */
bool sales_is_save(const zm_ctx *x);

/* Today on the organization's clock. */
void sales_today(zm_ctx *x, char out[16]);
/* date + days ("2025-06-15" + 15); "" when date is not a date. */
void sales_add_days(const char *date, int days, char out[16]);

/* ------------------------------------------------------ sales_stock.c */

/* Whether a line of the item moves stock: the item exists and tracks
 * inventory (a service or a non-inventory item does not). */
bool sales_item_stocked(zm_ctx *x, const char *item_id);

/* The location a line takes from the document it comes from (an order
 * line's, for an invoice line that bills it); "" when none. */
typedef const char *(*sales_place_of)(zm_ctx *x, const cJSON *line, const void *arg);
/* Where each item line of the record moves stock, written on it
 * (location_id, location_name): the line's own location_id, else the
 * record's, else what source says (may be NULL), else the organization's
 * first location. False after replying (a location that does not exist:
 * 400 code 4 naming location_id). */
bool sales_place_lines(zm_ctx *x, cJSON *record, sales_place_of source, const void *arg);

/* A line that ships from its location_id (a package's): its batches named
 * by batch_id get their batch_number; serial numbers (as many as the
 * quantity), bins of the location and batches adding up to it, with
 * out_quantity, as purch_check_line_tracking says; each serial in stock
 * there. False after replying. */
bool sales_check_shipped_line(zm_ctx *x, cJSON *line);
/* The physical stock such a line takes, with its bins, serials and
 * batches (nothing for an item that keeps no stock). */
void sales_shipped_moves(zm_ctx *x, const cJSON *line, zm_stock_moves *out);

/* The numbers (number_field) of the module's records that match, joined
 * with ", " ("" when none): the documents a deletion would leave behind. */
typedef bool (*sales_match)(const cJSON *rec, const void *arg);
void sales_numbers_of(zm_ctx *x, const char *module, const char *number_field, sales_match match, const void *arg,
                      char *out, size_t size);

/* -------------------------------------------------------- contacts.c */

/* The hooks of mod_contacts and mod_contactpersons (mod_contacts.c). */
bool contacts_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool contacts_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
bool contacts_deleting(zm_ctx *x, const zm_doc *d);
void contacts_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int contacts_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
extern const zm_special contacts_specials[];
/* Marks the contact's primary person (the flagged one, else the first)
 * and copies its name, e-mail and phones onto the contact; a contact
 * without persons keeps the ones it was given (body). */
void contacts_settle_primary(cJSON *contact, const cJSON *body);
/* contactpersons.c: the person hooks, and GET /contacts/{id}/contactpersons[/{id}]. */
void contactpersons_of_contact(zm_ctx *x);
void contactpersons_get_of_contact(zm_ctx *x);
bool persons_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool persons_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
extern const zm_special persons_specials[];

/* Recomputes a contact's receivables (outstanding on sent invoices,
 * unused credits of open credit notes and payments), with the change in
 * flight seen through view. */
void contacts_refresh(zm_ctx *x, const char *contact_id, const doc_view *view);
/* The contact's e-mail addresses (contact persons, primary first). */
cJSON *contacts_emails(zm_ctx *x, const char *contact_id);
/* The contact's record; NULL if none. */
const cJSON *contacts_record(zm_ctx *x, const char *contact_id);

/* ----------------------------------------------------- salesorders.c */

/* Recomputes an order's packed, shipped and invoiced quantities and its
 * fulfilment statuses from its packages and the invoices that bill its
 * lines, with the change in flight seen through view; a change is kept
 * through the order's hooks (sales_commit), so what an order moves in
 * stock can follow its figures. False after a hook refused. */
bool salesorders_refresh(zm_ctx *x, const char *salesorder_id, const doc_view *view);
/* The order a package or return is made from: the existing record's,
 * else ?salesorder_id= (or the record's); on create its status must be
 * one of `allowed` (NULL-terminated), else 400 code 4250 "Sales Order
 * cannot be <verb>". NULL after replying. */
zm_doc *salesorders_source(zm_ctx *x, const cJSON *record, const zm_doc *existing, const char *verb,
                           const char *const *allowed);
/* The order that has the line, and the line; NULL if none. */
zm_doc *salesorders_with_line(zm_ctx *x, const char *line_item_id, cJSON **line);

/* -------------------------------------------------------- invoices.c */

/* Recomputes an invoice's payments, credits, balance and status from
 * the customer payments and credit notes applied to it (the change in
 * flight seen through view), and its customer's receivables. */
void invoices_refresh(zm_ctx *x, const char *invoice_id, const doc_view *view);
/* A payment or credit note of module changed (before -> after, either
 * NULL): the invoices it applies to (its `invoices` lines) and its
 * customer's receivables follow. */
void invoices_follow(zm_ctx *x, const char *module, const char *id, const cJSON *before, const cJSON *after);
/* The invoice's status as printed today (sent past its due date:
 * "overdue"). */
const char *invoices_live_status(zm_ctx *x, const cJSON *inv);

/* ------------------------------------------------------ sales_mail.c */

/* GET /<module>/{id}/email: the e-mail Zoho would send for the record
 * (to its customer's contact persons, from the caller), in the
 * operation's documented shape. */
void sales_email_draft(zm_ctx *x);
/* POST /<module>/{id}/email: sends it (keeps it in the organization's
 * outbox and the record's email history); the record is then
 * is_emailed, and a draft invoice is sent. */
void sales_email_send(zm_ctx *x);
/* POST /invoices/email?invoice_ids=: each invoice to its customer. */
void sales_email_bulk(zm_ctx *x);
/* Puts one message about the module's record (id, json) in the outbox,
 * and in the record's email history when d is given; to and cc are
 * arrays of strings (taken; cc may be NULL). */
void sales_outbox_add(zm_ctx *x, const char *record_id, const cJSON *record, zm_doc *d, cJSON *to, cJSON *cc,
                      const char *subject, const char *body, const char *attachment);
/* The default subject and text of a record's mail (free() them). */
char *sales_mail_subject(zm_ctx *x, const cJSON *record);
char *sales_mail_text(zm_ctx *x, const cJSON *record);

/* --------------------------------------------------- sales_templates.c */

/* GET /<module>/templates: the module's printing templates. */
void sales_templates_list(zm_ctx *x);
/* PUT /<module>/{id}/templates/{template_id}: the record prints with it. */
void sales_template_apply(zm_ctx *x);
/* A template_id sent with a record must be one of its module's; its
 * name is copied beside it. False after replying. */
bool sales_check_template(zm_ctx *x, cJSON *record);

/* ---------------------------------------- the hooks of mod_sales.c */

bool salesorders_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool salesorders_deleting(zm_ctx *x, const zm_doc *d);
void salesorders_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);
void salesorders_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int salesorders_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);

bool packages_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool packages_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
bool packages_deleting(zm_ctx *x, const zm_doc *d);
int packages_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
void packages_print_slips(zm_ctx *x);

bool shipments_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool shipments_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
void shipments_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);
bool shipments_deleting(zm_ctx *x, const zm_doc *d);

bool invoices_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool invoices_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
bool invoices_deleting(zm_ctx *x, const zm_doc *d);
void invoices_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);
void invoices_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int invoices_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
void invoices_pdf(zm_ctx *x);

bool retainerinvoices_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);

bool payments_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool payments_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
void payments_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int payments_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
void payments_of_invoice(zm_ctx *x);
void payments_unapply(zm_ctx *x);
bool payments_apply_unused(zm_ctx *x, zm_doc *payment, const zm_doc *inv, double amount, cJSON *report);

/* A credit note's refunds, and its balance and open/closed status from
 * its total, credits and refunds (creditnotes.c). */
double creditnotes_refunded(const zm_doc *d);
void creditnotes_settle(cJSON *cn, double refunds);
bool creditnotes_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool creditnotes_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
bool creditnotes_deleting(zm_ctx *x, const zm_doc *d);
void creditnotes_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);
int creditnotes_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
void creditnotes_credit_invoices(zm_ctx *x);
void creditnotes_credited_invoices(zm_ctx *x);
void creditnotes_uncredit(zm_ctx *x);
void creditnotes_of_invoice(zm_ctx *x);
void creditnotes_uncredit_invoice(zm_ctx *x);
void creditnotes_apply_to_invoice(zm_ctx *x);
void creditnotes_refunds_list(zm_ctx *x);
void creditnotes_refund_create(zm_ctx *x);
void creditnotes_refund_get(zm_ctx *x);
void creditnotes_refund_update(zm_ctx *x);
void creditnotes_refund_delete(zm_ctx *x);

bool salesreturns_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool salesreturns_deleting(zm_ctx *x, const zm_doc *d);
void salesreturns_print(zm_ctx *x, const zm_doc *d, cJSON *out);
bool salesreturnreceives_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
void salesreturnreceives_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);

bool deliverychallans_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
void deliverychallans_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);

#endif

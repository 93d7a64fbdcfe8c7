/* purchases.h -- what the purchase modules share: vendors, lines and where they move stock, tracking, the order a change reaches */
#ifndef ZM_PURCHASES_H
#define ZM_PURCHASES_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "inventory/documents.h"
#include "inventory/module.h"

/* How procure to pay hangs together. A purchase order records what is
 * ordered, per line; it moves no stock. Purchase receives name its lines
 * (line_item_id) and add physical stock where they say (location, bins,
 * serials, batches); bills name them too (purchaseorder_item_id) and add
 * accounting stock; vendor credits take accounting stock back. The
 * order's quantity_received / quantity_billed per line and its status,
 * received_status and billed_status are recomputed from all its receives
 * and bills whenever one of them changes, never adjusted by differences,
 * so they cannot drift. The change in flight is seen through a doc_view
 * (inventory/documents.h). */

/* The record's vendor_id names a contact of type vendor. False after
 * replying. */
bool purch_check_vendor(zm_ctx *x, const cJSON *record);
/* Every account_id of the record and its lines is one of the
 * organization's accounts; its account_name is copied beside it. */
bool purch_check_accounts(zm_ctx *x, cJSON *record);
/* Item lines as Zoho completes them: the item exists (its name and unit
 * copied), quantity defaults to 1 and must be positive, the rate (in
 * rate_field) defaults to the item's purchase rate. */
bool purch_complete_lines(zm_ctx *x, cJSON *record, const cJSON *body, const char *rate_field);

/* Where a line moves stock: its location_id, else `fallback`, else the
 * organization's first location, written on the line (location_id and
 * location_name). False after replying when the location does not exist. */
bool purch_place_line(zm_ctx *x, cJSON *line, const char *fallback);

/* The line's serial numbers, batches and bins, checked against its item
 * and location before it adds `quantity` of physical stock (receives):
 * serials as many as the quantity, for serial-tracked items; batches
 * adding up to it, for batch-tracked items; bins of the line's location
 * adding up to it. Bin names are copied. False after replying. */
bool purch_check_tracking(zm_ctx *x, cJSON *line);
/* The same for lines whose bins and batches give their quantity in
 * qty_member ("out_quantity": the sales documents' lines that ship). */
bool purch_check_line_tracking(zm_ctx *x, cJSON *line, const char *qty_member);
/* Accounting stock of the record's item lines at their locations, times sign. */
void purch_accounting_moves(const cJSON *record, double sign, zm_stock_moves *out);
/* A create whose body says "status": "draft" (Zoho's "Save as Draft";
 * the documents name no status) makes a draft. */
void purch_draft_on_request(const zm_ctx *x, cJSON *record, const cJSON *body);
/* Gives rec a new id of the organization in `field`. */
void purch_give_id(zm_ctx *x, cJSON *rec, const char *field);
/* The physical moves of a received line with its tracking, times sign. */
void purch_line_moves(const cJSON *line, double sign, zm_stock_moves *out);
/* The same with the bins' and batches' quantity in qty_member. */
void purch_line_moves_by(const cJSON *line, const char *qty_member, double sign, zm_stock_moves *out);

/* ------------------------------------------------ purchaseorders.c */

/* Recomputes the order's per-line quantity_received and quantity_billed
 * and its statuses from its receives and bills, the change in flight seen
 * through view. */
void purchaseorders_refresh(zm_ctx *x, const char *purchaseorder_id, const doc_view *view);
/* What other receives (without_module's record without_id) hold of the
 * order's line (drafts and those waiting for approval too: approving them
 * must not receive more than was ordered), or other bills billed. */
double purchaseorders_received(zm_ctx *x, const char *po_id, const char *line_id, const char *without_id);
double purchaseorders_billed(zm_ctx *x, const char *po_id, const char *line_id, const char *without_id);
/* True when receives and bills may be recorded against the order. */
bool purchaseorders_open(const cJSON *po);

bool purchaseorders_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool purchaseorders_deleting(zm_ctx *x, const zm_doc *d);
void purchaseorders_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int purchaseorders_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);

/* ---------------------------------------------- purchasereceives.c */

bool purchasereceives_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
void purchasereceives_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);
bool purchasereceives_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);

/* --------------------------------------------------------- bills.c */

/* True when the bill's status counts (it moves stock, bills its order). */
bool bills_counts(const cJSON *bill);
bool bills_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
void bills_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);
bool bills_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
bool bills_deleting(zm_ctx *x, const zm_doc *d);
/* Recomputes the bill's vendor_credits_applied, balance and status from
 * the vendor credits applied to it. */
void bills_refresh(zm_ctx *x, zm_doc *bill);
/* landedcosts.c: the bills' landed costs (bills_specials); whether a
 * landed cost of another bill takes its cost from bill_id (its number in by). */
extern const zm_special bills_specials[];
bool landedcosts_referenced(zm_ctx *x, const char *bill_id, char *by, size_t size);

/* --------------------------------------------------- vendorcredits.c */

bool vendorcredits_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
void vendorcredits_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);
bool vendorcredits_deleting(zm_ctx *x, const zm_doc *d);
void vendorcredits_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int vendorcredits_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
extern const zm_special vendorcredits_specials[];

#endif

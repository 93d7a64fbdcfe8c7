/* mod_purchases.c -- the purchase modules: purchase orders, receives, bills and their landed costs, vendor credits */
#include "inventory/module.h"
#include "inventory/purchases.h"

/* Statuses as Zoho moves them. A purchase order is issued from draft (or
 * once approved) and cancelled while nothing was received or billed
 * (purchaseorders.c refuses the rest); receives and bills then move it
 * through partially_received, received and closed. Bills and vendor
 * credits are open once saved; a bill is voided while no credit is
 * applied to it, a vendor credit while it was neither applied nor
 * refunded. */
static const zm_transition purchaseorder_moves[] = {
    {"status/issued", "issued", {"draft", "approved"}},
    {"status/cancelled", "cancelled", {"draft", "issued", "approved"}},
    {"submit", "pending_approval", {"draft", "rejected"}},
    {"approve", "approved", {"pending_approval"}},
    {"approve/final", "approved", {"pending_approval"}},
    {"reject", "rejected", {"pending_approval"}},
    {NULL, NULL, {0}},
};

static const zm_transition receive_moves[] = {
    {"submit", "pending_approval", {"draft", "rejected"}},
    {"approve", "received", {"pending_approval"}},
    {"approve/final", "received", {"pending_approval"}},
    {"reject", "rejected", {"pending_approval"}},
    {NULL, NULL, {0}},
};

static const zm_transition bill_moves[] = {
    {"status/open", "open", {"draft"}},
    {"status/void", "void", {"draft", "open", "overdue", "partially_paid"}},
    {"submit", "pending_approval", {"draft", "rejected"}},
    {"approve", "open", {"pending_approval"}},
    {"approve/final", "open", {"pending_approval"}},
    {"reject", "rejected", {"pending_approval"}},
    {NULL, NULL, {0}},
};

static const zm_transition vendorcredit_moves[] = {
    {"status/open", "open", {"draft"}},
    {"status/void", "void", {"draft", "open"}},
    {"submit", "pending_approval", {"draft", "rejected"}},
    {"approve", "open", {"pending_approval"}},
    {NULL, NULL, {0}},
};

zm_module mod_purchaseorders = {
    .name = "purchaseorders",
    .transitions = purchaseorder_moves,
    .check = purchaseorders_check,
    .deleting = purchaseorders_deleting,
    .print = purchaseorders_print,
    .filter = purchaseorders_filter,
    .collections = {"purchaseorders"},
    .id_field = "purchaseorder_id",
    .label = "Purchase Order",
    .report_name = "Purchase Orders",
    .number_field = "purchaseorder_number",
    .number_prefix = "PO-",
    .number_digits = 5,
    .search_fields = {"purchaseorder_number", "reference_number", "vendor_name"},
    .default_sort = "created_time",
    .default_status = "draft",
};

zm_module mod_purchasereceives = {
    .name = "purchasereceives",
    .transitions = receive_moves,
    .check = purchasereceives_check,
    .moves = purchasereceives_moves,
    .apply = purchasereceives_apply,
    .collections = {"purchasereceives"},
    .id_field = "receive_id",
    .label = "Purchase Receive",
    .report_name = "Purchase Receives",
    .number_field = "receive_number",
    .number_prefix = "PR-",
    .number_digits = 5,
    .search_fields = {"receive_number", "purchaseorder_number", "vendor_name"},
    .default_sort = "created_time",
    .default_status = "received",
};

/* bill_number is the vendor's, required (bills.c), so no auto number. */
zm_module mod_bills = {
    .name = "bills",
    .transitions = bill_moves,
    .specials = bills_specials,
    .check = bills_check,
    .moves = bills_moves,
    .apply = bills_apply,
    .deleting = bills_deleting,
    .collections = {"bills", "bill", "landedcosts"},
    .id_field = "bill_id",
    .label = "Bill",
    .report_name = "Bills",
    .search_fields = {"bill_number", "reference_number", "vendor_name"},
    .default_sort = "created_time",
    .default_status = "open",
};

zm_module mod_vendorcredits = {
    .name = "vendorcredits",
    .transitions = vendorcredit_moves,
    .specials = vendorcredits_specials,
    .check = vendorcredits_check,
    .moves = vendorcredits_moves,
    .deleting = vendorcredits_deleting,
    .print = vendorcredits_print,
    .print_sets = {"bills_credited", "vendor_credit_refunds"},
    .filter = vendorcredits_filter,
    .collections = {"vendorcredits"},
    .id_field = "vendor_credit_id",
    .label = "Vendor Credit",
    .report_name = "Vendor Credits",
    .number_field = "vendor_credit_number",
    .number_prefix = "DN-",
    .number_digits = 5,
    .search_fields = {"vendor_credit_number", "reference_number", "vendor_name"},
    .default_sort = "created_time",
    .default_status = "open",
};

/* mod_purchases.c -- the purchase modules: purchase orders, receives, bills and their landed costs, vendor credits */
#include "inventory/module.h"

/* Statuses as Zoho moves them. A purchase order is issued from draft (or
 * once approved), cancelled while nothing was received; receives and
 * bills move it further (the next issue's stock flows). */
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
    {"status/void", "void", {"draft", "open", "overdue"}},
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

zm_module mod_bills = {
    .name = "bills",
    .transitions = bill_moves,
    .collections = {"bills", "bill", "landedcosts"},
    .id_field = "bill_id",
    .label = "Bill",
    .report_name = "Bills",
    .number_field = "bill_number",
    .number_prefix = "BILL-",
    .number_digits = 5,
    .search_fields = {"bill_number", "reference_number", "vendor_name"},
    .default_sort = "created_time",
    .default_status = "open",
};

zm_module mod_vendorcredits = {
    .name = "vendorcredits",
    .transitions = vendorcredit_moves,
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

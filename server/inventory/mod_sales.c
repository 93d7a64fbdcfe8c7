/* mod_sales.c -- the sales modules: sales orders, packages, shipments, invoices, retainer invoices, payments, credit notes, returns, delivery challans */
#include "inventory/module.h"
#include "inventory/sales.h"

/* Behaviour: each module's own file (salesorders.c, packages.c,
 * shipments.c, invoices.c, retainerinvoices.c, payments.c, creditnotes.c
 * with credits.c and refunds.c, salesreturns.c, deliverychallans.c) and
 * what they share (sales_common.c, sales_mail.c, sales_templates.c,
 * doc_print.c), and what they move in stock (each `moves` hook;
 * sales_stock.c). Statuses and the moves between them are
 * below, per module: a move from a status not listed is refused (400 code
 * 4250 naming the status). */

static const zm_transition salesorder_moves[] = {
    {"status/confirmed", "confirmed", {"draft", "approved", 0}},
    {"status/void", "void", {"draft", "confirmed", "pending_approval", "approved", "rejected", "onhold", 0}},
    {"submit", "pending_approval", {"draft", "rejected", 0}},
    {"approve", "approved", {"pending_approval", 0}},
    {"approve/final", "approved", {"pending_approval", 0}},
    {"reject", "rejected", {"pending_approval", 0}},
    {NULL, NULL, {0}},
};

static const zm_special salesorder_specials[] = {
    {NULL, NULL, NULL},
};

zm_module mod_salesorders = {
    .name = "salesorders",
    .collections = {"salesorders"},
    .id_field = "salesorder_id",
    .label = "Sales Order",
    .seed_hooks = true,
    .report_name = "Sales Orders",
    .number_field = "salesorder_number",
    .number_prefix = "SO-",
    .number_digits = 5,
    .search_fields = {"salesorder_number", "reference_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "draft",
    .transitions = salesorder_moves,
    .specials = salesorder_specials,
    .check = salesorders_check,
    .deleting = salesorders_deleting,
    .moves = salesorders_moves,
    .print = salesorders_print,
    .print_sets = {"packages", "invoices"},
    .filter = salesorders_filter,
};

static const zm_special package_specials[] = {
    {"GET", "/packages/print", packages_print_slips},
    {NULL, NULL, NULL},
};

zm_module mod_packages = {
    .name = "packages",
    .collections = {"packages"},
    .id_field = "package_id",
    .label = "Package",
    .seed_hooks = true,
    .report_name = "Packages",
    .number_field = "package_number",
    .number_prefix = "PKG-",
    .number_digits = 5,
    .search_fields = {"package_number", "salesorder_number", "customer_name", "tracking_number"},
    .default_sort = "created_time",
    .default_status = "not_shipped",
    .specials = package_specials,
    .check = packages_check,
    .apply = packages_apply,
    .deleting = packages_deleting,
    .filter = packages_filter,
};

static const zm_transition shipment_moves[] = {
    {"status/delivered", "delivered", {"shipped", 0}},
    {NULL, NULL, {0}},
};

zm_module mod_shipmentorders = {
    .name = "shipmentorders",
    .collections = {"shipmentorders"},
    .id_field = "shipment_id",
    .label = "Shipment",
    .seed_hooks = true,
    .report_name = "Shipment Orders",
    .number_field = "shipment_number",
    .number_prefix = "SH-",
    .number_digits = 5,
    .search_fields = {"shipment_number", "tracking_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "shipped",
    .transitions = shipment_moves,
    .check = shipments_check,
    .apply = shipments_apply,
    .moves = shipments_moves,
    .deleting = shipments_deleting,
};

static const zm_transition invoice_moves[] = {
    {"status/sent", "sent", {"draft", "approved", 0}},
    {"status/void", "void", {"draft", "sent", "partially_paid", "paid", "pending_approval", "approved", "rejected", 0}},
    {"status/draft", "draft", {"sent", "void", 0}},
    {"writeoff", "paid", {"sent", "partially_paid", 0}},
    {"writeoff/cancel", "sent", {"paid", 0}},
    {"submit", "pending_approval", {"draft", "rejected", 0}},
    {"approve", "approved", {"pending_approval", 0}},
    {"approve/final", "approved", {"pending_approval", 0}},
    {"reject", "rejected", {"pending_approval", 0}},
    {"paymentreminder/enable", NULL, {0}},
    {"paymentreminder/disable", NULL, {0}},
    {NULL, NULL, {0}},
};

static const zm_special invoice_specials[] = {
    {"GET", "/invoices/{invoice_id}/email", sales_email_draft},
    {"POST", "/invoices/{invoice_id}/email", sales_email_send},
    {"POST", "/invoices/email", sales_email_bulk},
    {"GET", "/invoices/{invoice_id}/paymentreminder", sales_email_draft},
    {"GET", "/invoices/pdf", invoices_pdf},
    {"GET", "/invoices/print", invoices_pdf},
    {"GET", "/invoices/templates", sales_templates_list},
    {"PUT", "/invoices/{invoice_id}/templates/{template_id}", sales_template_apply},
    {"GET", "/invoices/{invoice_id}/payments", payments_of_invoice},
    {"DELETE", "/invoices/{invoice_id}/payments/{invoice_payment_id}", payments_unapply},
    {"GET", "/invoices/{invoice_id}/creditsapplied", creditnotes_of_invoice},
    {"DELETE", "/invoices/{invoice_id}/creditsapplied/{creditnotes_invoice_id}", creditnotes_uncredit_invoice},
    {"POST", "/invoices/{invoice_id}/credits", creditnotes_apply_to_invoice},
    {NULL, NULL, NULL},
};

zm_module mod_invoices = {
    .name = "invoices",
    .collections = {"invoices", "invoice"},
    .id_field = "invoice_id",
    .label = "Invoice",
    .seed_hooks = true,
    .report_name = "Invoices",
    .number_field = "invoice_number",
    .number_prefix = "INV-",
    .number_digits = 6,
    .search_fields = {"invoice_number", "reference_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "draft",
    .transitions = invoice_moves,
    .specials = invoice_specials,
    .check = invoices_check,
    .apply = invoices_apply,
    .moves = invoices_moves,
    .deleting = invoices_deleting,
    .print = invoices_print,
    .filter = invoices_filter,
};

static const zm_transition retainer_moves[] = {
    {"status/sent", "sent", {"draft", "approved", 0}},
    {"status/void", "void", {"draft", "sent", "pending_approval", "approved", 0}},
    {"status/draft", "draft", {"void", "sent", 0}},
    {"submit", "pending_approval", {"draft", "rejected", 0}},
    {"approve", "approved", {"pending_approval", 0}},
    {NULL, NULL, {0}},
};

static const zm_special retainer_specials[] = {
    {"GET", "/retainerinvoices/{retainerinvoice_id}/email", sales_email_draft},
    {"POST", "/retainerinvoices/{retainerinvoice_id}/email", sales_email_send},
    {"GET", "/retainerinvoices/templates", sales_templates_list},
    {"PUT", "/retainerinvoices/{retainerinvoice_id}/templates/{template_id}", sales_template_apply},
    {NULL, NULL, NULL},
};

zm_module mod_retainerinvoices = {
    .name = "retainerinvoices",
    .collections = {"retainerinvoices"},
    .id_field = "retainerinvoice_id",
    .label = "Retainer Invoice",
    .seed_hooks = true,
    .report_name = "Retainer Invoices",
    .number_field = "retainerinvoice_number",
    .number_prefix = "RET-",
    .number_digits = 5,
    .search_fields = {"retainerinvoice_number", "reference_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "draft",
    .transitions = retainer_moves,
    .specials = retainer_specials,
    .check = retainerinvoices_check,
    .filter = invoices_filter,      /* the same status views */
};

zm_module mod_customerpayments = {
    .name = "customerpayments",
    .collections = {"customerpayments", "customerpayment"},
    .id_field = "payment_id",
    .label = "Payment",
    .seed_hooks = true,
    .report_name = "Customer Payments",
    .number_field = "payment_number",
    .number_prefix = "",
    .number_digits = 1,
    .search_fields = {"payment_number", "reference_number", "customer_name"},
    .default_sort = "created_time",
    .check = payments_check,
    .apply = payments_apply,
    .print = payments_print,
    .print_sets = {"invoices"},
    .filter = payments_filter,
};

static const zm_transition creditnote_moves[] = {
    {"void", "void", {"draft", "open", "closed", "pending_approval", "approved", 0}},
    {"draft", "draft", {"void", 0}},
    {"converttoopen", "open", {"draft", "approved", 0}},
    {"submit", "pending_approval", {"draft", "rejected", 0}},
    {"approve", "open", {"pending_approval", 0}},
    {NULL, NULL, {0}},
};

static const zm_special creditnote_specials[] = {
    {"GET", "/creditnotes/{creditnote_id}/email", sales_email_draft},
    {"POST", "/creditnotes/{creditnote_id}/email", sales_email_send},
    {"GET", "/creditnotes/templates", sales_templates_list},
    {"PUT", "/creditnotes/{creditnote_id}/templates/{template_id}", sales_template_apply},
    {"GET", "/creditnotes/{creditnote_id}/invoices", creditnotes_credited_invoices},
    {"POST", "/creditnotes/{creditnote_id}/invoices", creditnotes_credit_invoices},
    {"DELETE", "/creditnotes/{creditnote_id}/invoices/{creditnote_invoice_id}", creditnotes_uncredit},
    {"GET", "/creditnotes/refunds", creditnotes_refunds_list},
    {"GET", "/creditnotes/{creditnote_id}/refunds", creditnotes_refunds_list},
    {"POST", "/creditnotes/{creditnote_id}/refunds", creditnotes_refund_create},
    {"GET", "/creditnotes/{creditnote_id}/refunds/{creditnote_refund_id}", creditnotes_refund_get},
    {"PUT", "/creditnotes/{creditnote_id}/refunds/{creditnote_refund_id}", creditnotes_refund_update},
    {"DELETE", "/creditnotes/{creditnote_id}/refunds/{creditnote_refund_id}", creditnotes_refund_delete},
    {NULL, NULL, NULL},
};

zm_module mod_creditnotes = {
    .name = "creditnotes",
    .collections = {"creditnotes"},
    .id_field = "creditnote_id",
    .label = "Credit Note",
    .seed_hooks = true,
    .report_name = "Credit Notes",
    .number_field = "creditnote_number",
    .number_prefix = "CN-",
    .number_digits = 5,
    .search_fields = {"creditnote_number", "reference_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "open",
    .transitions = creditnote_moves,
    .specials = creditnote_specials,
    .check = creditnotes_check,
    .apply = creditnotes_apply,
    .moves = creditnotes_moves,
    .deleting = creditnotes_deleting,
    .filter = creditnotes_filter,
};

zm_module mod_salesreturns = {
    .name = "salesreturns",
    .collections = {"salesreturns"},
    .id_field = "salesreturn_id",
    .label = "Sales Return",
    .seed_hooks = true,
    .report_name = "Sales Returns",
    .number_field = "salesreturn_number",
    .number_prefix = "RMA-",
    .number_digits = 5,
    .search_fields = {"salesreturn_number", "salesorder_number", "customer_name"},
    .default_sort = "created_time",
    .check = salesreturns_check,
    .deleting = salesreturns_deleting,
    .print = salesreturns_print,
};

zm_module mod_salesreturnreceives = {
    .name = "salesreturnreceives",
    .collections = {"salesreturnreceives"},
    .id_field = "salesreturnreceive_id",
    .label = "Sales Return Receive",
    .seed_hooks = true,
    .report_name = "Sales Return Receives",
    .number_field = "receive_number",
    .number_prefix = "SRR-",
    .number_digits = 5,
    .search_fields = {"receive_number"},
    .default_sort = "created_time",
    .check = salesreturnreceives_check,
    .moves = salesreturnreceives_moves,
};

static const zm_transition challan_moves[] = {
    {"status/open", "open", {"draft", 0}},
    {"status/delivered", "delivered", {"open", 0}},
    {"status/returned", "returned", {"open", "delivered", 0}},
    {"status/undelivered", "open", {"delivered", 0}},
    {"return", "returned", {"open", "delivered", 0}},
    {"undo/return", "open", {"returned", 0}},
    {NULL, NULL, {0}},
};

static const zm_special challan_specials[] = {
    {"GET", "/deliverychallans/templates", sales_templates_list},
    {"PUT", "/deliverychallans/{deliverychallan_id}/templates/{template_id}", sales_template_apply},
    {NULL, NULL, NULL},
};

zm_module mod_deliverychallans = {
    .name = "deliverychallans",
    .collections = {"deliverychallans"},
    .id_field = "deliverychallan_id",
    .label = "Delivery Challan",
    .seed_hooks = true,
    .report_name = "Delivery Challans",
    .number_field = "deliverychallan_number",
    .number_prefix = "DC-",
    .number_digits = 5,
    .search_fields = {"deliverychallan_number", "reference_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "draft",
    .transitions = challan_moves,
    .specials = challan_specials,
    .check = deliverychallans_check,
    .moves = deliverychallans_moves,
};

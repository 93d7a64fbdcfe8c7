/* mod_sales.c -- the sales modules: sales orders, packages, shipments, invoices, retainer invoices, payments, credit notes, returns, delivery challans */
#include "inventory/module.h"

zm_module mod_salesorders = {
    .name = "salesorders",
    .collections = {"salesorders"},
    .id_field = "salesorder_id",
    .label = "Sales Order",
    .report_name = "Sales Orders",
    .number_field = "salesorder_number",
    .number_prefix = "SO-",
    .number_digits = 5,
    .search_fields = {"salesorder_number", "reference_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "draft",
};

zm_module mod_packages = {
    .name = "packages",
    .collections = {"packages"},
    .id_field = "package_id",
    .label = "Package",
    .report_name = "Packages",
    .number_field = "package_number",
    .number_prefix = "PKG-",
    .number_digits = 5,
    .search_fields = {"package_number", "salesorder_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "not_shipped",
};

zm_module mod_shipmentorders = {
    .name = "shipmentorders",
    .collections = {"shipmentorders"},
    .id_field = "shipment_id",
    .label = "Shipment",
    .report_name = "Shipment Orders",
    .number_field = "shipment_number",
    .number_prefix = "SH-",
    .number_digits = 5,
    .search_fields = {"shipment_number", "tracking_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "shipped",
};

zm_module mod_invoices = {
    .name = "invoices",
    .collections = {"invoices", "invoice"},
    .id_field = "invoice_id",
    .label = "Invoice",
    .report_name = "Invoices",
    .number_field = "invoice_number",
    .number_prefix = "INV-",
    .number_digits = 6,
    .search_fields = {"invoice_number", "reference_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "draft",
};

zm_module mod_retainerinvoices = {
    .name = "retainerinvoices",
    .collections = {"retainerinvoices"},
    .id_field = "retainerinvoice_id",
    .label = "Retainer Invoice",
    .report_name = "Retainer Invoices",
    .number_field = "retainerinvoice_number",
    .number_prefix = "RET-",
    .number_digits = 5,
    .search_fields = {"retainerinvoice_number", "reference_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "draft",
};

zm_module mod_customerpayments = {
    .name = "customerpayments",
    .collections = {"customerpayments", "customerpayment"},
    .id_field = "payment_id",
    .label = "Payment",
    .report_name = "Customer Payments",
    .number_field = "payment_number",
    .number_prefix = "",
    .number_digits = 1,
    .search_fields = {"payment_number", "reference_number", "customer_name"},
    .default_sort = "created_time",
};

zm_module mod_creditnotes = {
    .name = "creditnotes",
    .collections = {"creditnotes"},
    .id_field = "creditnote_id",
    .label = "Credit Note",
    .report_name = "Credit Notes",
    .number_field = "creditnote_number",
    .number_prefix = "CN-",
    .number_digits = 5,
    .search_fields = {"creditnote_number", "reference_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "draft",
};

zm_module mod_salesreturns = {
    .name = "salesreturns",
    .collections = {"salesreturns"},
    .id_field = "salesreturn_id",
    .label = "Sales Return",
    .report_name = "Sales Returns",
    .number_field = "salesreturn_number",
    .number_prefix = "RMA-",
    .number_digits = 5,
    .search_fields = {"salesreturn_number", "salesorder_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "approved",
};

zm_module mod_salesreturnreceives = {
    .name = "salesreturnreceives",
    .collections = {"salesreturnreceives"},
    .id_field = "salesreturnreceive_id",
    .label = "Sales Return Receive",
    .report_name = "Sales Return Receives",
    .number_field = "receive_number",
    .number_prefix = "SRR-",
    .number_digits = 5,
    .search_fields = {"receive_number"},
    .default_sort = "created_time",
};

zm_module mod_deliverychallans = {
    .name = "deliverychallans",
    .collections = {"deliverychallans"},
    .id_field = "deliverychallan_id",
    .label = "Delivery Challan",
    .report_name = "Delivery Challans",
    .number_field = "deliverychallan_number",
    .number_prefix = "DC-",
    .number_digits = 5,
    .search_fields = {"deliverychallan_number", "reference_number", "customer_name"},
    .default_sort = "created_time",
    .default_status = "draft",
};

/* mod_purchases.c -- the purchase modules: purchase orders, receives, bills and their landed costs, vendor credits */
#include "inventory/module.h"

zm_module mod_purchaseorders = {
    .name = "purchaseorders",
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

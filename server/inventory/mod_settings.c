/* mod_settings.c -- the settings modules: organizations, users, taxes, currencies, units, reporting tags, tasks */
#include "inventory/core_seed.h"
#include "inventory/module.h"
#include "inventory/settings.h"
#include "inventory/settings_records.h"

zm_module mod_organizations = {
    .name = "organizations",
    .core = true,
    .seed = settings_seed_organization,
    .specials = settings_organization_specials,
    .collections = {"organizations"},
    .id_field = "organization_id",
    .label = "Organization",
    .report_name = "Organizations",
    .search_fields = {"name"},
    .default_sort = "name",
    .ascending = true,
};

zm_module mod_users = {
    .name = "users",
    .core = true,
    .seed = core_seed_users,
    .specials = settings_user_specials,
    .check = settings_user_check,
    .collections = {"users"},
    .id_field = "user_id",
    .label = "User",
    .report_name = "Users",
    .search_fields = {"name", "email"},
    .default_sort = "name",
    .ascending = true,
    .default_status = "active",
};

zm_module mod_taxes = {
    .name = "taxes",
    .check = taxes_check,
    .apply = taxes_apply,
    .deleting = taxes_deleting,
    .collections = {"settings/taxes"},
    .id_field = "tax_id",
    .label = "Tax",
    .report_name = "Taxes",
    .search_fields = {"tax_name"},
    .default_sort = "tax_name",
    .ascending = true,
};

zm_module mod_taxgroups = {
    .name = "taxgroups",
    .check = taxgroups_check,
    .print = taxgroups_print,
    .deleting = taxgroups_deleting,
    .collections = {"settings/taxgroups"},
    .id_field = "tax_group_id",
    .label = "Tax group",
    .report_name = "Tax Groups",
    .search_fields = {"tax_group_name"},
    .default_sort = "tax_group_name",
    .ascending = true,
};

zm_module mod_taxauthorities = {
    .name = "taxauthorities",
    .check = taxauthorities_check,
    .deleting = taxauthorities_deleting,
    .collections = {"settings/taxauthorities"},
    .id_field = "tax_authority_id",
    .label = "Tax authority",
    .report_name = "Tax Authorities",
    .search_fields = {"tax_authority_name"},
    .default_sort = "tax_authority_name",
    .ascending = true,
};

zm_module mod_taxexemptions = {
    .name = "taxexemptions",
    .check = taxexemptions_check,
    .deleting = taxexemptions_deleting,
    .collections = {"settings/taxexemptions"},
    .id_field = "tax_exemption_id",
    .label = "Tax exemption",
    .report_name = "Tax Exemptions",
    .search_fields = {"tax_exemption_code"},
    .default_sort = "tax_exemption_code",
    .ascending = true,
};

zm_module mod_currencies = {
    .name = "currencies",
    .check = currencies_check,
    .deleting = currencies_deleting,
    .filter = currencies_filter,
    .collections = {"settings/currencies"},
    .id_field = "currency_id",
    .label = "Currency",
    .report_name = "Currencies",
    .search_fields = {"currency_code", "currency_name"},
    .default_sort = "currency_code",
    .ascending = true,
};

zm_module mod_units = {
    .name = "units",
    .check = units_check,
    .deleting = units_deleting,
    .print = units_print,
    .filter = units_filter,
    .specials = units_specials,
    .collections = {"units"},
    .id_field = "unit_id",
    .label = "Unit",
    .report_name = "Units",
    .search_fields = {"unit"},
    .default_sort = "unit",
    .ascending = true,
};

zm_module mod_unitgroups = {
    .name = "unitgroups",
    .check = unitgroups_check,
    .print = unitgroups_print,
    .collections = {"unitgroups"},
    .id_field = "unit_group_id",
    .label = "Unit group",
    .report_name = "Unit Groups",
    .search_fields = {"unit_group_name"},
    .default_sort = "unit_group_name",
    .ascending = true,
};

zm_module mod_reportingtags = {
    .name = "reportingtags",
    .check = reportingtags_check,
    .specials = reportingtags_specials,
    .collections = {"reportingtags"},
    .id_field = "tag_id",
    .label = "Reporting tag",
    .report_name = "Reporting Tags",
    .search_fields = {"tag_name"},
    .default_sort = "tag_order",
    .ascending = true,
    .default_status = "active",
};

zm_module mod_tasks = {
    .name = "tasks",
    .check = tasks_check,
    .print = tasks_print,
    .filter = tasks_filter,
    .collections = {"tasks"},
    .id_field = "task_id",
    .label = "Task",
    .report_name = "Tasks",
    .number_field = "task_number",
    .number_prefix = "T-",
    .number_digits = 3,
    .search_fields = {"task_number", "task_name"},
    .default_sort = "created_time",
    .default_status = "open",
};

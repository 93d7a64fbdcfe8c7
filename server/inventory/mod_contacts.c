/* mod_contacts.c -- the contact modules: customers and vendors, and their contact persons */
#include "inventory/module.h"
#include "inventory/sales.h"

/* Behaviour: inventory/contacts.c. */

zm_module mod_contacts = {
    .name = "contacts",
    .collections = {"contacts"},
    .id_field = "contact_id",
    .label = "Contact",
    .seed_hooks = true,
    .report_name = "Contacts",
    .search_fields = {"contact_name", "company_name", "email", "first_name", "last_name", "phone"},
    .default_sort = "contact_name",
    .ascending = true,
    .default_status = "active",
    .specials = contacts_specials,
    .check = contacts_check,
    .apply = contacts_apply,
    .deleting = contacts_deleting,
    .print = contacts_print,
    .print_sets = {"has_transaction"},
    .filter = contacts_filter,
};

zm_module mod_contactpersons = {
    .name = "contactpersons",
    .collections = {"contacts/contactpersons"},
    .id_field = "contact_person_id",
    .label = "Contact person",
    .seed_hooks = true,
    .report_name = "Contact Persons",
    .search_fields = {"first_name", "last_name", "email"},
    .specials = persons_specials,
    .check = persons_check,
    .apply = persons_apply,
};

/* mod_contacts.c -- the contact modules: customers and vendors, and their contact persons */
#include "inventory/module.h"

zm_module mod_contacts = {
    .name = "contacts",
    .collections = {"contacts"},
    .id_field = "contact_id",
    .label = "Contact",
    .report_name = "Contacts",
    .search_fields = {"contact_name", "company_name", "email"},
    .default_sort = "contact_name",
    .ascending = true,
    .default_status = "active",
};

zm_module mod_contactpersons = {
    .name = "contactpersons",
    .collections = {"contacts/contactpersons"},
    .id_field = "contact_person_id",
    .label = "Contact person",
    .report_name = "Contact Persons",
    .search_fields = {"first_name", "last_name", "email"},
};

/* modules.c -- every Zoho module the engine serves, and finding one by name or collection */
#include <string.h>

#include "inventory/module.h"

extern zm_module mod_items;
extern zm_module mod_itemgroups;
extern zm_module mod_compositeitems;
extern zm_module mod_bundles;
extern zm_module mod_batches;
extern zm_module mod_serialnumbers;
extern zm_module mod_pricebooks;
extern zm_module mod_contacts;
extern zm_module mod_contactpersons;
extern zm_module mod_salesorders;
extern zm_module mod_packages;
extern zm_module mod_shipmentorders;
extern zm_module mod_invoices;
extern zm_module mod_retainerinvoices;
extern zm_module mod_customerpayments;
extern zm_module mod_creditnotes;
extern zm_module mod_salesreturns;
extern zm_module mod_salesreturnreceives;
extern zm_module mod_deliverychallans;
extern zm_module mod_purchaseorders;
extern zm_module mod_purchasereceives;
extern zm_module mod_bills;
extern zm_module mod_vendorcredits;
extern zm_module mod_locations;
extern zm_module mod_storagelocations;
extern zm_module mod_storagezones;
extern zm_module mod_transferorders;
extern zm_module mod_moveorders;
extern zm_module mod_putaways;
extern zm_module mod_picklists;
extern zm_module mod_replenishments;
extern zm_module mod_replenishmenttasks;
extern zm_module mod_inventoryadjustments;
extern zm_module mod_organizations;
extern zm_module mod_users;
extern zm_module mod_taxes;
extern zm_module mod_taxgroups;
extern zm_module mod_taxauthorities;
extern zm_module mod_taxexemptions;
extern zm_module mod_currencies;
extern zm_module mod_units;
extern zm_module mod_unitgroups;
extern zm_module mod_reportingtags;
extern zm_module mod_tasks;

zm_module *const g_modules[] = {
    &mod_items,
    &mod_itemgroups,
    &mod_compositeitems,
    &mod_bundles,
    &mod_batches,
    &mod_serialnumbers,
    &mod_pricebooks,
    &mod_contacts,
    &mod_contactpersons,
    &mod_salesorders,
    &mod_packages,
    &mod_shipmentorders,
    &mod_invoices,
    &mod_retainerinvoices,
    &mod_customerpayments,
    &mod_creditnotes,
    &mod_salesreturns,
    &mod_salesreturnreceives,
    &mod_deliverychallans,
    &mod_purchaseorders,
    &mod_purchasereceives,
    &mod_bills,
    &mod_vendorcredits,
    &mod_locations,
    &mod_storagelocations,
    &mod_storagezones,
    &mod_transferorders,
    &mod_moveorders,
    &mod_putaways,
    &mod_picklists,
    &mod_replenishments,
    &mod_replenishmenttasks,
    &mod_inventoryadjustments,
    &mod_organizations,
    &mod_users,
    &mod_taxes,
    &mod_taxgroups,
    &mod_taxauthorities,
    &mod_taxexemptions,
    &mod_currencies,
    &mod_units,
    &mod_unitgroups,
    &mod_reportingtags,
    &mod_tasks,
    NULL,
};

zm_module *module_by_name(const char *name)
{
    for (zm_module *const *m = g_modules; name && *m; m++)
        if (!strcmp((*m)->name, name)) return *m;
    return NULL;
}

zm_module *module_for_collection(const char *collection)
{
    for (zm_module *const *m = g_modules; collection && *m; m++)
        for (size_t i = 0; i < 4 && (*m)->collections[i]; i++)
            if (!strcmp((*m)->collections[i], collection)) return *m;
    return NULL;
}

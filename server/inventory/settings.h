/* settings.h -- organizations, users and preferences: the engine records that mirror the core model's organization and people */
#ifndef ZM_SETTINGS_H
#define ZM_SETTINGS_H

#include "inventory/module.h"

/* The organization's own record in its "organizations" collection. */
void settings_seed_organization(zm_module *m, zm_org *org, zm_collection *c);
extern const zm_special settings_organization_specials[];

/* Users: the caller's own record, and keeping core users in step. */
extern const zm_special settings_user_specials[];
bool settings_user_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);

/* The organization's preferences (made on first use): what the stock
 * flows read ("is_negative_stock_allowed", "stock_tracking_mode"). */
const cJSON *settings_preferences(zm_org *org);

#endif

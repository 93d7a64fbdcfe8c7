/* handlers.h -- every route handler, by the file that implements it, for the route table (http/routes.c) */
#ifndef ZM_HANDLERS_H
#define ZM_HANDLERS_H

/* The one header of route handlers: each implementing file includes it so
 * the compiler checks its definitions against what the table calls. A
 * handler fills rep for req; Zoho routes run with their organization's
 * lock held (http/dispatch.c; all of them for GET /organizations), public
 * ones (admin, oauth) take what they need themselves (model/model.h). */

#include "zoho/request.h"

/* ------------------------------------------------ inventory/ (Zoho API) */

/* adjustments.c: Item Adjustments */
void adjustments_create(zm_request *req, zm_reply *rep);
void adjustments_list(zm_request *req, zm_reply *rep);
void adjustments_get(zm_request *req, zm_reply *rep);
void adjustments_delete(zm_request *req, zm_reply *rep);
/* adjustments_flow.c */
void adjustments_update(zm_request *req, zm_reply *rep);
void adjustments_submit(zm_request *req, zm_reply *rep);
void adjustments_approve(zm_request *req, zm_reply *rep);
void adjustments_approve_final(zm_request *req, zm_reply *rep);
void adjustments_reject(zm_request *req, zm_reply *rep);

/* locations.c: GET /warehouses and GET /settings/warehouses, the legacy lists of locations */
void warehouses_list(zm_request *req, zm_reply *rep);

/* counts_api.c: stock counts */
void counts_create(zm_request *req, zm_reply *rep);
void counts_update(zm_request *req, zm_reply *rep);
void counts_get(zm_request *req, zm_reply *rep);
void counts_delete(zm_request *req, zm_reply *rep);
void counts_bulk_delete(zm_request *req, zm_reply *rep);
/* counts_flow.c */
void counts_start(zm_request *req, zm_reply *rep);
void counts_count(zm_request *req, zm_reply *rep);
void counts_submit(zm_request *req, zm_reply *rep);
void counts_approve(zm_request *req, zm_reply *rep);
void counts_cancel(zm_request *req, zm_reply *rep);
/* count_settings.c */
void counts_settings_update(zm_request *req, zm_reply *rep);
void counts_preferences_update(zm_request *req, zm_reply *rep);
/* counts_reading.c */
void counts_list(zm_request *req, zm_reply *rep);                   /* GET /inventorycounts */
void counts_tracking_details(zm_request *req, zm_reply *rep);       /* GET /inventorycountitems/{id}/trackingdetails */
void counts_item_storages(zm_request *req, zm_reply *rep);          /* GET /inventorycounts/{id}/items/{item_id}/storages */
void counts_autocomplete_items(zm_request *req, zm_reply *rep);     /* GET /autocomplete/inventorycounts/items */
void counts_autocomplete_storages(zm_request *req, zm_reply *rep);  /* GET /autocomplete/inventorycounts/storages */

/* settings.c */
void settings_preferences_get(zm_request *req, zm_reply *rep);     /* GET /settings/preferences */
void settings_preferences_update(zm_request *req, zm_reply *rep);  /* PUT /settings/preferences */

/* recurring_api.c: recurring stock count profiles */
void recurring_create(zm_request *req, zm_reply *rep);
void recurring_list(zm_request *req, zm_reply *rep);
void recurring_get(zm_request *req, zm_reply *rep);
void recurring_update(zm_request *req, zm_reply *rep);
void recurring_delete(zm_request *req, zm_reply *rep);
void recurring_mark_active(zm_request *req, zm_reply *rep);
void recurring_mark_inactive(zm_request *req, zm_reply *rep);

/* ------------------------------------------------------------- zoho/ */

/* oauth.c: accounts.zoho.com, on the same port */
void oauth_token(zm_request *req, zm_reply *rep);       /* POST /oauth/v2/token */
void oauth_authorize(zm_request *req, zm_reply *rep);   /* GET /oauth/v2/auth */
void oauth_revoke(zm_request *req, zm_reply *rep);      /* POST /oauth/v2/token/revoke */

/* ------------------------------------------------------------ admin/ */

/* admin.c */
void admin_health(zm_request *req, zm_reply *rep);
void admin_reset(zm_request *req, zm_reply *rep);
void admin_requests_list(zm_request *req, zm_reply *rep);
void admin_requests_get(zm_request *req, zm_reply *rep);
void admin_requests_clear(zm_request *req, zm_reply *rep);
void admin_requests_count(zm_request *req, zm_reply *rep);
/* organizations.c */
void admin_organizations(zm_request *req, zm_reply *rep);
/* contracts.c */
void admin_verify(zm_request *req, zm_reply *rep);
/* clock.c */
void admin_clock_get(zm_request *req, zm_reply *rep);
void admin_clock_set(zm_request *req, zm_reply *rep);
/* background.c */
void admin_background_set(zm_request *req, zm_reply *rep);
void admin_background_get(zm_request *req, zm_reply *rep);
/* outbox.c */
void admin_outbox_list(zm_request *req, zm_reply *rep);
void admin_outbox_clear(zm_request *req, zm_reply *rep);
/* scenarios.c */
void admin_scenarios_add(zm_request *req, zm_reply *rep);
void admin_scenarios_list(zm_request *req, zm_reply *rep);
void admin_scenarios_clear(zm_request *req, zm_reply *rep);
void admin_scenarios_delete(zm_request *req, zm_reply *rep);
void admin_scenarios_examples(zm_request *req, zm_reply *rep);
/* seed.c */
void admin_seed(zm_request *req, zm_reply *rep);
void admin_state_get(zm_request *req, zm_reply *rep);
void admin_state_put(zm_request *req, zm_reply *rep);
void admin_state_save(zm_request *req, zm_reply *rep);

/* ------------------------------------------------------------- http/ */

/* peek.c: GET /__admin/peek, a Zoho GET answered outside the traffic */
void admin_peek(zm_request *req, zm_reply *rep);
/* openapi_serve.c: GET /__admin/openapi.json, the OpenAPI document of every route */
void admin_openapi(zm_request *req, zm_reply *rep);

#endif

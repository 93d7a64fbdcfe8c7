/* handlers.h -- every route handler, by resource, for the route table */
#ifndef ZM_HANDLERS_H
#define ZM_HANDLERS_H

#include "zoho/request.h"

/* adjustments.c: Item Adjustments (endpoints 25-28) */
void adjustments_create(zm_request *req, zm_reply *rep);
void adjustments_list(zm_request *req, zm_reply *rep);
void adjustments_get(zm_request *req, zm_reply *rep);
void adjustments_delete(zm_request *req, zm_reply *rep);

/* catalog.c: read-only organizations, items, locations, users */
void catalog_organizations(zm_request *req, zm_reply *rep);
void catalog_items_list(zm_request *req, zm_reply *rep);
void catalog_items_get(zm_request *req, zm_reply *rep);
void catalog_locations(zm_request *req, zm_reply *rep);
void catalog_users(zm_request *req, zm_reply *rep);

/* oauth.c: POST /oauth/v2/token */
void oauth_token(zm_request *req, zm_reply *rep);

/* admin.c: /__admin */
/* The optional ?organization_id= of an admin call, with the model lock
 * held: 1 and *org when it names an organization, 0 when absent (the call
 * is for every organization), -1 after replying 400 code 2 (malformed)
 * or 404 code 1002 (unknown organization). */
int admin_org_query(const zm_request *req, zm_reply *rep, zm_org **org);
void admin_health(zm_request *req, zm_reply *rep);
void admin_reset(zm_request *req, zm_reply *rep);
void admin_requests_list(zm_request *req, zm_reply *rep);
void admin_requests_clear(zm_request *req, zm_reply *rep);
void admin_requests_count(zm_request *req, zm_reply *rep);

#endif

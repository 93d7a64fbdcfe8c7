/* auth.h -- Zoho's OAuth conventions on the API: the token, its scopes, the organization of a call */
#ifndef ZM_AUTH_H
#define ZM_AUTH_H

#include <stdbool.h>

#include "model/model.h"
#include "zoho/request.h"

/* True when the token's scopes cover "<module>.<OPERATION>" (e.g.
 * "inventorycount.UPDATE"): the scope itself, ZohoInventory.<module>.ALL,
 * or ZohoInventory.FullAccess.all. */
bool auth_scope_allows(const zm_token *token, const char *scope);

/* Authorization: Zoho-oauthtoken <token>, unexpired, with the route's
 * scope. Sets req->token and req->user, or the error (401 code 14 or 57). */
bool auth_authenticate(zm_request *req, zm_reply *rep);

/* The call's organization: organization_id from the query, else the
 * X-com-zoho-inventory-organizationid header, else the user's only
 * organization. Sets req->org, or the error (6024 with error_info, 6041). */
bool auth_resolve_org(zm_request *req, zm_reply *rep);

/* The token a tool uses when none is given (verify's {{token}}, the curl
 * main prints): a non-expiring token of a user of org, full access
 * preferred, else the one with the most scopes; NULL when none. */
const zm_token *auth_default_token(const zm_org *org);

#endif

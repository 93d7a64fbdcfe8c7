/* dispatch.h -- one API call from request to reply: route, Zoho auth, scope, organization, handler */
#ifndef ZM_DISPATCH_H
#define ZM_DISPATCH_H

#include <stdbool.h>

#include "zoho/request.h"

/* Fills rep for req. Takes the model lock around authentication and the
 * handler of Zoho routes; public routes (admin, oauth) lock for themselves. */
void dispatch_request(zm_request *req, zm_reply *rep);

/* After the reply went out: the log line and the journal entry. */
void dispatch_finished(const zm_request *req, const zm_reply *rep, const char *body_text,
                       double duration_ms, bool quiet);

/* True when the token's scopes cover "<module>.<OPERATION>" (e.g.
 * "inventorycount.UPDATE"): the scope itself, ZohoInventory.<module>.ALL,
 * or ZohoInventory.FullAccess.all. */
bool scope_allows(const zm_token *token, const char *scope);

#endif

/* dispatch.h -- one API call from request to reply: route, Zoho auth, scope, organization, handler */
#ifndef ZM_DISPATCH_H
#define ZM_DISPATCH_H

#include <stdbool.h>

#include "zoho/request.h"

/* Fills rep for req: a CORS preflight, text that is not UTF-8, the admin
 * token, then the route. For Zoho routes: the global model lock (shared)
 * around authentication, the organization's lock around the handler
 * (model/model.h); public routes (admin, oauth) lock for themselves. */
void dispatch_request(zm_request *req, zm_reply *rep);

/* Once the reply is built and before it is sent (a client that has its
 * answer finds it in the journal, and a kill right after the answer loses
 * no recording or change): the call's changes on disk (--state), the log
 * line, the journal entry, the recording. */
void dispatch_finished(const zm_request *req, const zm_reply *rep, const char *body_text,
                       double duration_ms, bool quiet);

/* After the reply went out: housekeeping that must not delay an answer
 * (compacting the --state journal once it grew past its limit). */
void dispatch_after_reply(void);

#endif

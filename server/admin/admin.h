/* admin.h -- what the /__admin handlers share */
#ifndef ZM_ADMIN_H
#define ZM_ADMIN_H

#include "model/model.h"
#include "zoho/request.h"

/* The optional ?organization_id= of an admin call (the organization list
 * needs no lock; model/model.h): 1 and *org when it names an organization, 0 when absent (the call
 * is for every organization), -1 after replying 400 code 2 (malformed)
 * or 404 code 1002 (unknown organization). */
int admin_org_query(const zm_request *req, zm_reply *rep, zm_org **org);

#endif

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

/* {"organization_id","now","epoch","frozen","utc_offset"}: the
 * organization's clock (clock.c), the model lock held. */
cJSON *admin_clock_json(const zm_org *org);

/* What POST /__admin/verify runs as `PROGRAM verify` (contracts.c);
 * NULL: /proc/self/exe, this very binary. */
void admin_set_verify_program(const char *path);

#endif

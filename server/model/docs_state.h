/* docs_state.h -- a module's records in a saved state (--state, /__admin/state): JSON, sub-records and files, as JSON and back */
#ifndef ZM_DOCS_STATE_H
#define ZM_DOCS_STATE_H

#include <cjson/cJSON.h>

#include "model/docs.h"
#include "util/json_read.h"

/* {"next_number": "N", "records": [{"id", "seq", "json", "subs"|null,
 * "files": [{"id","slot","file_name","content_type","data" (base64)}]}]},
 * in creation order. */
cJSON *collection_to_state(const zm_collection *c);
/* Fills org's empty collection c from it (ids unique, records objects),
 * each record through docs_add. Each takes a number of org's creation
 * order (org->next_seq): the caller sets the saved counter after. */
void collection_from_state(zm_jr *r, const cJSON *j, struct zm_org *org, zm_collection *c);

#endif

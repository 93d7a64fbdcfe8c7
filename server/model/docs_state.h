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
/* Fills the empty collection c from it (ids unique, records objects). */
void collection_from_state(zm_jr *r, const cJSON *j, zm_collection *c);

#endif

/* custom_fields.h -- custom fields sent in a body, merged into the list a record keeps */
#ifndef ZM_CUSTOM_FIELDS_H
#define ZM_CUSTOM_FIELDS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "model/model.h"
#include "zoho/request.h"

/* Merges `fields` (an array of {customfield_id?, label?, value}, or one
 * such object) into the array `into`: a field naming an existing one by
 * customfield_id (else by label) replaces its value, a new one is added
 * with a new customfield_id. The organization keeps no definitions of
 * custom fields, so any label is accepted. false after replying 400 (not
 * an object, neither id nor label, an unknown customfield_id). */
bool custom_fields_merge(zm_org *org, zm_reply *rep, cJSON *into, const cJSON *fields);

#endif

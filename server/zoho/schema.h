/* schema.h -- Zoho's documented schemas at work: checking a request body, default records, answers that fit */
#ifndef ZM_SCHEMA_H
#define ZM_SCHEMA_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "zoho/request.h"

/* Checks body against a request schema the way Zoho refuses input: a
 * required field that is missing or empty is 400 code 11 "The parameter
 * <field> is mandatory."; a field of the wrong type, outside its enum, past
 * its maxLength, or a malformed date, is 400 code 4 "Invalid value passed
 * for <field>". Fields the schema does not declare are let through (Zoho
 * ignores them). Ids (names ending in _id) may be digit strings or
 * integers. With required=false the schema's required lists are skipped
 * (an update keeps what was not sent). Returns true when acceptable;
 * otherwise replies and returns false. */
bool schema_check_body(zm_reply *rep, const cJSON *schema, const cJSON *body, bool required);

/* A value of the schema's shape with nothing in it: objects with every
 * declared property defaulted, [] for arrays, "" for strings and 0 for
 * numbers (the first enum value when there is an enum, the schema's default
 * when given), false. */
cJSON *schema_default(const cJSON *schema);

/* A copy of value that validates against schema: scalars converted where
 * the conversion is exact ("12" -> 12, 12 -> "12", "true" -> true), a
 * value that cannot be converted replaced by the schema's default,
 * members the schema does not declare kept as they are; a whole number of
 * 16-19 digits typed integer (an id) printed exactly, as a raw number. An
 * object/array mismatch keeps the value (Zoho's documents type some records
 * as arrays, and some lists as their element: the mock answers what real
 * Zoho answers), its elements or members conformed to the element schema. */
cJSON *schema_conform(const cJSON *value, const cJSON *schema);

/* A copy of the object with only the members the object schema declares
 * (a list row: Zoho's lists print fewer fields than a retrieve), each
 * conformed. A schema without properties copies everything. */
cJSON *schema_project(const cJSON *value, const cJSON *schema);
/* One member of an object as schema_project conforms it (to the member's
 * property schema): for callers that find the properties themselves. */
cJSON *schema_conform_member(const cJSON *value, const cJSON *schema);

/* The item schema of an array schema (NULL if none). */
const cJSON *schema_items(const cJSON *schema);

#endif

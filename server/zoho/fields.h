/* jsonx.h -- reading request fields with Zoho's validation errors, and writing exact ids */
#ifndef ZM_JSONX_H
#define ZM_JSONX_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "model/model.h"
#include "zoho/request.h"

/* Field readers. Each returns true when the field is acceptable: present
 * with the right type, or absent and not required (then *present=false and
 * the output is left untouched). Otherwise it sets the reply to Zoho's
 * error naming the field ("The parameter x is mandatory." when missing,
 * "Invalid value passed for x" when the type or value is wrong) and
 * returns false. `present` may be NULL. A JSON null counts as absent. */
bool field_string(zm_reply *rep, const cJSON *obj, const char *name, bool required,
                  const char **out, bool *present);
/* An id: a string of 1-19 digits, or a JSON integer (exact up to 2^53). */
bool field_id(zm_reply *rep, const cJSON *obj, const char *name, bool required,
              zm_id out, bool *present);
/* A finite number of magnitude at most JSON_MAX_NUMBER (past any real
 * quantity or amount, and small enough that totals stay finite). */
#define JSON_MAX_NUMBER 1e15
bool field_number(zm_reply *rep, const cJSON *obj, const char *name, bool required,
                  double *out, bool *present);
bool field_bool(zm_reply *rep, const cJSON *obj, const char *name, bool required,
                bool *out, bool *present);
/* An array (possibly empty unless non_empty). */
bool field_array(zm_reply *rep, const cJSON *obj, const char *name, bool required,
                 bool non_empty, const cJSON **out, bool *present);
/* A YYYY-MM-DD calendar date. */
bool field_date(zm_reply *rep, const cJSON *obj, const char *name, bool required,
                char out[16], bool *present);

/* Nesting deeper than this is refused before cJSON sees it: civetweb's
 * worker threads have small fixed stacks, and cJSON parses, prints, frees
 * and duplicates recursively (its own limit, 1000, overflows them). Zoho's
 * bodies nest four levels at most. */
#define JSON_MAX_DEPTH 64

/* Parses JSON text a client (or a script) sent: NULL when malformed or
 * nested deeper than JSON_MAX_DEPTH. Thread-safe; text need not end in NUL. */
cJSON *json_parse(const char *text, size_t len);

/* Case-sensitive member look-up (cJSON_GetObjectItem ignores case). */
const cJSON *json_get(const cJSON *obj, const char *name);

/* True when s is 1-19 decimal digits. */
bool id_is_valid(const char *s);

/* Writers. Strings: NULL is written as "". */
void json_add_str(cJSON *obj, const char *name, const char *s);
/* An id as an exact JSON number (4815000000044100, never 4.8e15), the way
 * Zoho prints item adjustments; "" when the id is empty. */
void json_add_id_number(cJSON *obj, const char *name, const char *id);
void json_add_num(cJSON *obj, const char *name, double v);
void json_add_bool(cJSON *obj, const char *name, bool v);
/* A number, or null when !present (an uncounted quantity). */
void json_add_num_or_null(cJSON *obj, const char *name, bool present, double v);

#endif

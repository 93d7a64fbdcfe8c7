/* fields.h -- reading request fields with Zoho's validation errors (400 code 11 or 4 naming the field) */
#ifndef ZM_FIELDS_H
#define ZM_FIELDS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "model/model.h"
#include "util/json.h"
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

#endif

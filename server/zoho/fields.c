/* fields.c -- reading request fields with Zoho's validation errors */
#include "zoho/fields.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Looks the field up; absent (or null) -> *item NULL. Sets the "mandatory"
 * error when required and absent. */
static bool lookup(zm_reply *rep, const cJSON *obj, const char *name, bool required,
                   const cJSON **item, bool *present)
{
    const cJSON *it = json_get(obj, name);
    if (it && cJSON_IsNull(it)) it = NULL;
    if (present) *present = it != NULL;
    *item = it;
    if (!it && required) {
        reply_error(rep, ZE_PARAM_MANDATORY, name);
        return false;
    }
    return true;
}

static bool invalid(zm_reply *rep, const char *name)
{
    reply_error(rep, ZE_INVALID_FIELD, name);
    return false;
}

bool field_string(zm_reply *rep, const cJSON *obj, const char *name, bool required,
                  const char **out, bool *present)
{
    const cJSON *it;
    if (!lookup(rep, obj, name, required, &it, present)) return false;
    if (!it) return true;
    if (!cJSON_IsString(it)) return invalid(rep, name);
    if (required && !*it->valuestring) {
        reply_error(rep, ZE_PARAM_MANDATORY, name);
        return false;
    }
    *out = it->valuestring;
    return true;
}

bool field_id(zm_reply *rep, const cJSON *obj, const char *name, bool required,
              zm_id out, bool *present)
{
    const cJSON *it;
    if (!lookup(rep, obj, name, required, &it, present)) return false;
    if (!it) return true;
    if (cJSON_IsString(it)) {
        if (!*it->valuestring && !required) {
            if (present) *present = false;
            return true;
        }
        if (!id_is_valid(it->valuestring)) return invalid(rep, name);
        snprintf(out, ID_LEN, "%s", it->valuestring);
        return true;
    }
    if (cJSON_IsNumber(it)) {
        double v = it->valuedouble;
        /* Beyond 2^53 a JSON number cannot carry an exact id. */
        if (v < 0 || v != floor(v) || v > 9007199254740992.0) return invalid(rep, name);
        snprintf(out, ID_LEN, "%.0f", v);
        return true;
    }
    return invalid(rep, name);
}

bool field_number(zm_reply *rep, const cJSON *obj, const char *name, bool required,
                  double *out, bool *present)
{
    const cJSON *it;
    if (!lookup(rep, obj, name, required, &it, present)) return false;
    if (!it) return true;
    if (cJSON_IsNumber(it)) {
        if (!isfinite(it->valuedouble) || fabs(it->valuedouble) > JSON_MAX_NUMBER) return invalid(rep, name);
        *out = it->valuedouble;
        return true;
    }
    /* Zoho accepts numbers sent as strings ("10"). */
    if (cJSON_IsString(it) && *it->valuestring) {
        char *end;
        double v = strtod(it->valuestring, &end);
        if (*end || !isfinite(v) || fabs(v) > JSON_MAX_NUMBER) return invalid(rep, name);
        *out = v;
        return true;
    }
    return invalid(rep, name);
}

bool field_bool(zm_reply *rep, const cJSON *obj, const char *name, bool required,
                bool *out, bool *present)
{
    const cJSON *it;
    if (!lookup(rep, obj, name, required, &it, present)) return false;
    if (!it) return true;
    if (cJSON_IsBool(it)) {
        *out = cJSON_IsTrue(it);
        return true;
    }
    if (cJSON_IsString(it) && (!strcmp(it->valuestring, "true") || !strcmp(it->valuestring, "false"))) {
        *out = it->valuestring[0] == 't';
        return true;
    }
    return invalid(rep, name);
}

bool field_array(zm_reply *rep, const cJSON *obj, const char *name, bool required,
                 bool non_empty, const cJSON **out, bool *present)
{
    const cJSON *it;
    if (!lookup(rep, obj, name, required, &it, present)) return false;
    if (!it) return true;
    if (!cJSON_IsArray(it)) return invalid(rep, name);
    if (non_empty && cJSON_GetArraySize(it) == 0) {
        reply_error(rep, ZE_PARAM_MANDATORY, name);
        return false;
    }
    *out = it;
    return true;
}

bool field_date(zm_reply *rep, const cJSON *obj, const char *name, bool required,
                char out[16], bool *present)
{
    const char *s = NULL;
    bool here = false;
    if (!field_string(rep, obj, name, required, &s, &here)) return false;
    if (present) *present = here;
    if (!here) return true;
    int64_t day;
    if (clock_parse_date(s, &day) != 0) return invalid(rep, name);
    snprintf(out, 16, "%s", s);
    return true;
}


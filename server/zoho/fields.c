/* jsonx.c -- reading request fields with Zoho's validation errors, and writing exact ids */
#include "zoho/fields.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Deepest nesting of arrays and objects in the text, strings skipped. */
static int nesting_depth(const char *text, size_t len)
{
    int depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if (in_string) {
            if (ch == '\\') i++;
            else if (ch == '"') in_string = false;
        } else if (ch == '"') {
            in_string = true;
        } else if (ch == '[' || ch == '{') {
            if (++depth > deepest) deepest = depth;
        } else if (ch == ']' || ch == '}') {
            depth--;
        }
    }
    return deepest;
}

cJSON *json_parse(const char *text, size_t len)
{
    if (!text || nesting_depth(text, len) > JSON_MAX_DEPTH) return NULL;
    return cJSON_ParseWithLengthOpts(text, len, NULL, 0);
}

const cJSON *json_get(const cJSON *obj, const char *name)
{
    return obj ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
}

bool id_is_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 19) return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    return true;
}

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

void json_add_str(cJSON *obj, const char *name, const char *s)
{
    cJSON_AddStringToObject(obj, name, s ? s : "");
}

void json_add_id_number(cJSON *obj, const char *name, const char *id)
{
    if (id_is_valid(id)) {
        /* Raw keeps every digit: cJSON numbers are doubles. */
        char buf[ID_LEN];
        const char *p = id;
        while (*p == '0' && p[1]) p++;  /* a JSON number has no leading zeros */
        snprintf(buf, sizeof buf, "%s", p);
        cJSON_AddRawToObject(obj, name, buf);
    } else {
        cJSON_AddStringToObject(obj, name, "");
    }
}

void json_add_num(cJSON *obj, const char *name, double v)
{
    cJSON_AddNumberToObject(obj, name, v);
}

void json_add_bool(cJSON *obj, const char *name, bool v)
{
    cJSON_AddBoolToObject(obj, name, v);
}

void json_add_num_or_null(cJSON *obj, const char *name, bool present, double v)
{
    if (present) cJSON_AddNumberToObject(obj, name, v);
    else cJSON_AddNullToObject(obj, name);
}

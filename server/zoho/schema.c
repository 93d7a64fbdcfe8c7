/* schema.c -- Zoho's documented schemas at work: checking a request body, default records, answers that fit */
#include "zoho/schema.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/clock.h"
#include "util/json.h"
#include "zoho/spec.h"

#define SCHEMA_MAX_DEPTH 24

static const char *str_member(const cJSON *obj, const char *name)
{
    const cJSON *v = json_get(obj, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

const cJSON *schema_items(const cJSON *schema)
{
    return json_get(schema, "items");
}

/* ------------------------------------------------------------ checking */

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

static bool invalid(zm_reply *rep, const char *name)
{
    reply_error(rep, ZE_INVALID_FIELD, name);
    return false;
}

static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool in_enum(const cJSON *schema, const char *s)
{
    const cJSON *e = json_get(schema, "enum"), *v;
    if (!cJSON_IsArray(e)) return true;
    cJSON_ArrayForEach(v, e)
        if (cJSON_IsString(v) && strcmp(v->valuestring, s) == 0) return true;
    return false;
}

static bool is_empty(const cJSON *v)
{
    return !v || cJSON_IsNull(v) || (cJSON_IsString(v) && !*v->valuestring) ||
           (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 0);
}

static bool check_value(zm_reply *rep, const cJSON *schema, const cJSON *v, const char *name,
                        bool required, int depth);

static bool check_object(zm_reply *rep, const cJSON *schema, const cJSON *obj, bool required, int depth)
{
    if (required) {
        const cJSON *r;
        cJSON_ArrayForEach(r, json_get(schema, "required")) {
            if (!cJSON_IsString(r)) continue;
            if (is_empty(json_get(obj, r->valuestring))) {
                reply_error(rep, ZE_PARAM_MANDATORY, r->valuestring);
                return false;
            }
        }
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, obj) {
        const cJSON *ps = spec_property(schema, m->string);
        if (ps && !check_value(rep, ps, m, m->string, required, depth + 1)) return false;
    }
    return true;
}

static bool check_value(zm_reply *rep, const cJSON *schema, const cJSON *v, const char *name,
                        bool required, int depth)
{
    if (!v || cJSON_IsNull(v) || depth > SCHEMA_MAX_DEPTH) return true;
    const char *type = spec_type(schema);
    if (!type) return true;
    if (strcmp(type, "string") == 0) {
        if (cJSON_IsNumber(v) && ends_with(name, "_id")) {
            /* An id sent as a JSON integer: exact below 2^53, as field_id. */
            double d = v->valuedouble;
            if (d < 0 || d != floor(d) || d > 9007199254740992.0) return invalid(rep, name);
            return true;
        }
        if (!cJSON_IsString(v)) return invalid(rep, name);
        const char *s = v->valuestring;
        if (!*s) return true;
        if (!in_enum(schema, s)) return invalid(rep, name);
        const cJSON *max = json_get(schema, "maxLength");
        if (cJSON_IsNumber(max) && utf8_length(s) > (size_t)max->valuedouble) return invalid(rep, name);
        const char *format = str_member(schema, "format");
        int64_t day;
        if (format && strcmp(format, "date") == 0 && clock_parse_date(s, &day) != 0) return invalid(rep, name);
        return true;
    }
    if (strcmp(type, "number") == 0 || strcmp(type, "integer") == 0) {
        if (ends_with(name, "_id")) {
            /* An id the document types as an integer: a string of digits
             * (as every other id) or an integer exact in a double. */
            if (cJSON_IsString(v)) return !*v->valuestring || id_is_valid(v->valuestring) ? true : invalid(rep, name);
            if (!cJSON_IsNumber(v)) return invalid(rep, name);
            double d = v->valuedouble;
            return d >= 0 && d == floor(d) && d <= 9007199254740992.0 ? true : invalid(rep, name);
        }
        if (!cJSON_IsNumber(v)) return invalid(rep, name);
        double d = v->valuedouble;
        if (ends_with(name, "_id")) {
            /* An id the document types as an integer (int64): whole, exact below 2^53. */
            if (d < 0 || d != floor(d) || d > 9007199254740992.0) return invalid(rep, name);
            return true;
        }
        if (!isfinite(d) || fabs(d) > JSON_MAX_NUMBER) return invalid(rep, name);
        if (type[0] == 'i' && d != floor(d)) return invalid(rep, name);
        const cJSON *min = json_get(schema, "minimum");
        if (cJSON_IsNumber(min) && d < min->valuedouble) return invalid(rep, name);
        return true;
    }
    if (strcmp(type, "boolean") == 0) return cJSON_IsBool(v) ? true : invalid(rep, name);
    if (strcmp(type, "array") == 0) {
        if (!cJSON_IsArray(v)) return invalid(rep, name);
        const cJSON *items = schema_items(schema), *e;
        if (!items) return true;
        cJSON_ArrayForEach(e, v)
            if (!check_value(rep, items, e, name, required, depth + 1)) return false;
        return true;
    }
    if (strcmp(type, "object") == 0) {
        if (!cJSON_IsObject(v)) return invalid(rep, name);
        return check_object(rep, schema, v, required, depth);
    }
    return true;
}

bool schema_check_body(zm_reply *rep, const cJSON *schema, const cJSON *body, bool required)
{
    if (!schema || !body) return true;
    const char *type = spec_type(schema);
    if (type && strcmp(type, "object") == 0) return check_object(rep, schema, body, required, 0);
    return check_value(rep, schema, body, "JSONString", required, 0);
}

/* ------------------------------------------------------------ defaults */

static cJSON *default_at(const cJSON *schema, int depth);

/* Every property of an object schema, its allOf parts' (nested) too. */
static void add_defaults(cJSON *obj, const cJSON *schema, int depth)
{
    const cJSON *p, *part;
    cJSON_ArrayForEach(p, json_get(schema, "properties"))
        if (!json_get(obj, p->string)) cJSON_AddItemToObject(obj, p->string, default_at(p, depth + 1));
    if (depth < SCHEMA_MAX_DEPTH)
        cJSON_ArrayForEach(part, json_get(schema, "allOf")) add_defaults(obj, part, depth + 1);
}

static cJSON *default_at(const cJSON *schema, int depth)
{
    const cJSON *def = json_get(schema, "default");
    const char *type = spec_type(schema);
    if (def && type && (strcmp(type, "object") != 0 && strcmp(type, "array") != 0)) {
        cJSON *copy = cJSON_Duplicate(def, true);
        /* A default of the wrong type would not validate: fall through. */
        if ((strcmp(type, "string") == 0 && cJSON_IsString(copy)) ||
            ((strcmp(type, "number") == 0 || strcmp(type, "integer") == 0) && cJSON_IsNumber(copy)) ||
            (strcmp(type, "boolean") == 0 && cJSON_IsBool(copy)))
            return copy;
        cJSON_Delete(copy);
    }
    if (!type) return cJSON_CreateString("");
    if (strcmp(type, "string") == 0) {
        const cJSON *e = json_get(schema, "enum");
        if (cJSON_IsArray(e) && cJSON_IsString(e->child)) return cJSON_CreateString(e->child->valuestring);
        return cJSON_CreateString("");
    }
    if (strcmp(type, "number") == 0 || strcmp(type, "integer") == 0) {
        const cJSON *e = json_get(schema, "enum");
        return cJSON_CreateNumber(cJSON_IsArray(e) && cJSON_IsNumber(e->child) ? e->child->valuedouble : 0);
    }
    if (strcmp(type, "boolean") == 0) return cJSON_CreateFalse();
    if (strcmp(type, "array") == 0) return cJSON_CreateArray();
    cJSON *obj = cJSON_CreateObject();
    if (depth < SCHEMA_MAX_DEPTH) add_defaults(obj, schema, depth);
    return obj;
}

cJSON *schema_default(const cJSON *schema)
{
    return default_at(schema, 0);
}

/* ---------------------------------------------------------- conforming */

static bool exact_number(const char *s, double *out)
{
    if (!s || !*s) return false;
    char *end = NULL;
    double d = strtod(s, &end);
    if (*end || !isfinite(d)) return false;
    *out = d;
    return true;
}

/* A whole number of 16 to 19 digits (a string of digits, a raw number, or
 * a double cJSON would print with an exponent) as a raw JSON number of
 * exactly those digits; NULL for anything else. */
static cJSON *big_integer(const cJSON *v)
{
    char buf[32];
    const char *s = NULL;
    if (cJSON_IsString(v) || cJSON_IsRaw(v)) {
        s = v->valuestring;
    } else if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) && fabs(v->valuedouble) >= 1e15 &&
               fabs(v->valuedouble) < 1e19) {
        snprintf(buf, sizeof buf, "%.0f", v->valuedouble);
        s = buf;
    }
    if (!s) return NULL;
    while (*s == '0' && s[1]) s++;
    size_t n = strspn(s, "0123456789");
    if (s[n] || n < 16 || n > 19) return NULL;
    return cJSON_CreateRaw(s);
}

static cJSON *conform_at(const cJSON *v, const cJSON *schema, int depth)
{
    const char *type = spec_type(schema);
    if (!type || depth > SCHEMA_MAX_DEPTH) return cJSON_Duplicate(v, true);
    if (strcmp(type, "string") == 0) {
        if (cJSON_IsString(v)) return cJSON_CreateString(v->valuestring);
        if (cJSON_IsRaw(v)) return cJSON_CreateString(v->valuestring);
        if (cJSON_IsNumber(v)) {
            char buf[64];
            double d = v->valuedouble;
            if (d == floor(d) && fabs(d) < 1e17) snprintf(buf, sizeof buf, "%.0f", d);
            else snprintf(buf, sizeof buf, "%.15g", d);
            return cJSON_CreateString(buf);
        }
        if (cJSON_IsBool(v)) return cJSON_CreateString(cJSON_IsTrue(v) ? "true" : "false");
        return default_at(schema, depth);
    }
    if (strcmp(type, "number") == 0 || strcmp(type, "integer") == 0) {
        /* Ids the documents type as integers (putaway_id, int64): their
         * digits as they are, never 4.8150000001e+15 nor rounded. */
        cJSON *exact = big_integer(v);
        if (exact) return exact;
        double d = 0;
        bool ok = cJSON_IsNumber(v) ? (d = v->valuedouble, true)
                : cJSON_IsString(v) ? exact_number(v->valuestring, &d) : false;
        if (!ok) return default_at(schema, depth);
        if (type[0] == 'i') d = round(d);
        return cJSON_CreateNumber(d);
    }
    if (strcmp(type, "boolean") == 0) {
        if (cJSON_IsBool(v)) return cJSON_CreateBool(cJSON_IsTrue(v));
        if (cJSON_IsString(v)) return cJSON_CreateBool(strcmp(v->valuestring, "true") == 0);
        if (cJSON_IsNumber(v)) return cJSON_CreateBool(v->valuedouble != 0);
        return cJSON_CreateFalse();
    }
    if (strcmp(type, "array") == 0) {
        /* An object where the document says array: the document typed the
         * element and meant the list, or the reverse; the value is kept,
         * conformed to the element (a nested mismatch loses no data, as
         * the top one does not). */
        if (cJSON_IsObject(v) && schema_items(schema)) return conform_at(v, schema_items(schema), depth + 1);
        if (!cJSON_IsArray(v)) return cJSON_CreateArray();
        cJSON *out = cJSON_CreateArray();
        const cJSON *items = schema_items(schema), *e;
        cJSON_ArrayForEach(e, v) cJSON_AddItemToArray(out, items ? conform_at(e, items, depth + 1) : cJSON_Duplicate(e, true));
        return out;
    }
    if (cJSON_IsArray(v) && json_get(schema, "properties")) {
        /* A list where the document says object (itemgroups' "items"). */
        cJSON *out = cJSON_CreateArray();
        const cJSON *e;
        cJSON_ArrayForEach(e, v) cJSON_AddItemToArray(out, conform_at(e, schema, depth + 1));
        return out;
    }
    if (!cJSON_IsObject(v)) return default_at(schema, depth);
    cJSON *out = cJSON_CreateObject();
    const cJSON *m;
    cJSON_ArrayForEach(m, v) {
        const cJSON *ps = spec_property(schema, m->string);
        cJSON_AddItemToObject(out, m->string, ps ? conform_at(m, ps, depth + 1) : cJSON_Duplicate(m, true));
    }
    return out;
}

cJSON *schema_conform(const cJSON *value, const cJSON *schema)
{
    if (!value) return NULL;
    return conform_at(value, schema, 0);
}

cJSON *schema_conform_member(const cJSON *value, const cJSON *schema)
{
    return value ? conform_at(value, schema, 1) : NULL;
}

cJSON *schema_project(const cJSON *value, const cJSON *schema)
{
    if (!cJSON_IsObject(value) || !json_get(schema, "properties")) return schema_conform(value, schema);
    cJSON *out = cJSON_CreateObject();
    const cJSON *m;
    cJSON_ArrayForEach(m, value) {
        const cJSON *ps = spec_property(schema, m->string);
        if (ps) cJSON_AddItemToObject(out, m->string, conform_at(m, ps, 1));
    }
    return out;
}

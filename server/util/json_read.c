/* json_read.c -- reading a trusted-shape JSON document (a saved state) member by member, with the path of the first error */
#include "util/json_read.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/json.h"

void jr_init(zm_jr *r, const char *root)
{
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", root ? root : "");
}

bool jr_failed(const zm_jr *r) { return r->failed; }

void jr_fail(zm_jr *r, const char *member, const char *what)
{
    if (r->failed) return;
    r->failed = true;
    snprintf(r->error, sizeof r->error, "%s%s%s: %s", r->path, *r->path && member ? "." : "",
             member ? member : "", what);
}

void jr_enter(zm_jr *r, const char *name, int index)
{
    size_t len = strlen(r->path);
    if (r->depth < (int)(sizeof r->depth_len / sizeof r->depth_len[0])) r->depth_len[r->depth] = len;
    r->depth++;
    if (index >= 0)
        snprintf(r->path + len, sizeof r->path - len, "%s%s[%d]", len && name ? "." : "", name ? name : "", index);
    else
        snprintf(r->path + len, sizeof r->path - len, "%s%s", len ? "." : "", name);
}

void jr_leave(zm_jr *r)
{
    if (r->depth <= 0) return;
    r->depth--;
    if (r->depth < (int)(sizeof r->depth_len / sizeof r->depth_len[0])) r->path[r->depth_len[r->depth]] = '\0';
}

/* The member, or NULL after recording why (absent / not an object to look in). */
static const cJSON *member(zm_jr *r, const cJSON *obj, const char *name)
{
    if (!cJSON_IsObject(obj)) {
        jr_fail(r, NULL, "expected an object");
        return NULL;
    }
    const cJSON *m = json_get(obj, name);
    if (!m) jr_fail(r, name, "missing");
    return m;
}

const char *jr_str(zm_jr *r, const cJSON *obj, const char *name)
{
    const cJSON *m = member(r, obj, name);
    if (m && cJSON_IsString(m)) return m->valuestring;
    if (m) jr_fail(r, name, "expected a string");
    return "";
}

const char *jr_str_or_null(zm_jr *r, const cJSON *obj, const char *name)
{
    const cJSON *m = cJSON_IsObject(obj) ? json_get(obj, name) : NULL;
    if (!m || cJSON_IsNull(m)) return NULL;
    if (cJSON_IsString(m)) return m->valuestring;
    jr_fail(r, name, "expected a string or null");
    return NULL;
}

void jr_id(zm_jr *r, const cJSON *obj, const char *name, bool allow_empty, char *out)
{
    const char *s = jr_str(r, obj, name);
    out[0] = '\0';
    if (r->failed) return;
    if (!(allow_empty && !*s) && !id_is_valid(s)) {
        jr_fail(r, name, allow_empty ? "expected a string of digits or \"\"" : "expected a string of digits");
        return;
    }
    snprintf(out, ID_LEN, "%s", s);
}

double jr_num(zm_jr *r, const cJSON *obj, const char *name)
{
    const cJSON *m = member(r, obj, name);
    if (m && cJSON_IsNumber(m) && isfinite(m->valuedouble)) return m->valuedouble;
    if (m) jr_fail(r, name, "expected a number");
    return 0;
}

int64_t jr_int(zm_jr *r, const cJSON *obj, const char *name)
{
    double v = jr_num(r, obj, name);
    if (r->failed) return 0;
    if (v != floor(v) || fabs(v) > 9007199254740992.0) {
        jr_fail(r, name, "expected a whole number");
        return 0;
    }
    return (int64_t)v;
}

uint64_t jr_u64(zm_jr *r, const cJSON *obj, const char *name)
{
    const char *s = jr_str(r, obj, name);
    if (r->failed) return 0;
    uint64_t v = 0;
    bool ok = *s && strlen(s) <= 19;
    for (const char *p = s; ok && *p; p++) {
        ok = *p >= '0' && *p <= '9';
        v = v * 10 + (uint64_t)(*p - '0');
    }
    if (!ok) jr_fail(r, name, "expected a string of at most 19 digits");
    return ok ? v : 0;
}

bool jr_bool(zm_jr *r, const cJSON *obj, const char *name)
{
    const cJSON *m = member(r, obj, name);
    if (m && cJSON_IsBool(m)) return cJSON_IsTrue(m);
    if (m) jr_fail(r, name, "expected true or false");
    return false;
}

static const cJSON *empty_of(int type)
{
    static cJSON empty_array = {.type = cJSON_Array}, empty_object = {.type = cJSON_Object};
    return type == cJSON_Array ? &empty_array : &empty_object;
}

const cJSON *jr_array(zm_jr *r, const cJSON *obj, const char *name)
{
    const cJSON *m = member(r, obj, name);
    if (m && cJSON_IsArray(m)) return m;
    if (m) jr_fail(r, name, "expected an array");
    return empty_of(cJSON_Array);
}

const cJSON *jr_object(zm_jr *r, const cJSON *obj, const char *name)
{
    const cJSON *m = member(r, obj, name);
    if (m && cJSON_IsObject(m)) return m;
    if (m) jr_fail(r, name, "expected an object");
    return empty_of(cJSON_Object);
}

const cJSON *jr_opt(zm_jr *r, const cJSON *obj, const char *name, int cjson_type)
{
    const cJSON *m = cJSON_IsObject(obj) ? json_get(obj, name) : NULL;
    if (!m || cJSON_IsNull(m)) return NULL;
    if ((m->type & 0xFF) == cjson_type) return m;
    jr_fail(r, name, cjson_type == cJSON_Array ? "expected an array" : cjson_type == cJSON_Object ? "expected an object" : "of the wrong type");
    return NULL;
}

void jw_u64(cJSON *obj, const char *name, uint64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    cJSON_AddStringToObject(obj, name, buf);
}

void jw_str_or_null(cJSON *obj, const char *name, const char *s)
{
    if (s) cJSON_AddStringToObject(obj, name, s);
    else cJSON_AddNullToObject(obj, name);
}

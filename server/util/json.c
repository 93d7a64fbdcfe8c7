/* json.c -- parsing client JSON safely, case-sensitive look-ups, and writers (exact ids included) */
#include "util/json.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

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

char *json_print_pretty(const cJSON *item)
{
    char *s = cJSON_Print(item);
    if (!s) alloc_out_of_memory(0);
    return s;
}

void json_replace(cJSON *obj, cJSON *old, cJSON *value)
{
    if (!(old->type & cJSON_StringIsConst) && old->string) {
        free(value->string);
        value->string = xstrdup(old->string);
        value->type &= ~cJSON_StringIsConst;
    }
    cJSON_ReplaceItemViaPointer(obj, old, value);
}

void json_set(cJSON *obj, const char *name, cJSON *value)
{
    cJSON *cur = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (cur) json_replace(obj, cur, value);
    else cJSON_AddItemToObject(obj, name, value);
}

void json_add_str(cJSON *obj, const char *name, const char *s)
{
    cJSON_AddStringToObject(obj, name, s ? s : "");
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

/* json.c -- parsing client JSON safely, case-sensitive look-ups, and writers (exact ids included) */
#include "util/json.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/utf8.h"

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

/* The four hex digits at s, or -1. */
static long hex4(const char *s, size_t n)
{
    if (n < 4) return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int c = s[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Scans the string whose text starts at i (after its opening quote); *end
 * is its closing quote (or len). False when it holds something no client
 * string should: see json_strings_ok. */
static bool string_ok(const char *text, size_t len, size_t i, size_t *end)
{
    const unsigned char *s = (const unsigned char *)text;
    while (i < len && s[i] != '"') {
        if (s[i] < 0x20) return false;
        if (s[i] >= 0x80) {
            size_t k = utf8_sequence(s + i, len - i);
            if (!k) return false;
            i += k;
        } else if (s[i] == '\\' && i + 1 < len && s[i + 1] == 'u') {
            long cp = hex4(text + i + 2, len - i - 2);
            if (cp <= 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;     /* not hex, NUL, a low half */
            i += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF) {     /* a high surrogate needs its low half */
                long low = i + 1 < len && s[i] == '\\' && s[i + 1] == 'u' ? hex4(text + i + 2, len - i - 2) : -1;
                if (low < 0xDC00 || low > 0xDFFF) return false;
                i += 6;
            }
        } else if (s[i] == '\\') {
            /* Only JSON's escapes: a backslash must not hide a byte from the checks above. */
            if (i + 1 < len && (!s[i + 1] || !strchr("\"\\/bfnrt", s[i + 1]))) return false;
            i += 2;
        } else {
            i++;
        }
    }
    *end = i < len ? i : len;
    return true;
}

bool json_strings_ok(const char *text, size_t len, char *field, size_t fieldlen)
{
    struct frame {
        bool object;
        const char *key;
        size_t key_len;
    } stack[JSON_MAX_DEPTH];
    int depth = 0;
    bool expect_key = false;
    for (size_t i = 0; text && i < len; i++) {
        char ch = text[i];
        if (ch == '"') {
            size_t end = len;
            bool is_key = depth > 0 && stack[depth - 1].object && expect_key;
            bool ok = string_ok(text, len, i + 1, &end);
            if (ok && is_key) {
                stack[depth - 1].key = text + i + 1;
                stack[depth - 1].key_len = end - i - 1;
            }
            if (!ok) {
                const struct frame *owner = NULL;
                for (int d = depth - 1; !is_key && d >= 0 && !owner; d--)
                    if (stack[d].object && stack[d].key) owner = &stack[d];
                if (owner) snprintf(field, fieldlen, "%.*s", (int)utf8_cut(owner->key, owner->key_len, 128), owner->key);
                else snprintf(field, fieldlen, "JSONString");
                return false;
            }
            i = end;
        } else if (ch == '{' || ch == '[') {
            if (depth == JSON_MAX_DEPTH) return true;   /* json_parse refuses it */
            stack[depth++] = (struct frame){ch == '{', NULL, 0};
            expect_key = ch == '{';
        } else if (ch == '}' || ch == ']') {
            if (depth) depth--;
            expect_key = false;
        } else if (ch == ':') {
            expect_key = false;
        } else if (ch == ',') {
            expect_key = depth > 0 && stack[depth - 1].object;
        }
    }
    return true;
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

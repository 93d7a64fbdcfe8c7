/* json_write.c -- serialising a cJSON tree fast: one growing buffer, integers without printf, byte for byte what cJSON_PrintUnformatted writes */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/json.h"

/* cJSON_PrintUnformatted grows its buffer by copying (our allocation hooks
 * have no realloc), prints every number through sprintf and sscanf, and
 * copies the result once more; on a 200-row list page that was a third of
 * the request. This writer keeps cJSON's output exactly (the contracts
 * compare bytes): the same escapes, the same number forms. */

typedef zm_json_buf out;

static void reserve(out *o, size_t more)
{
    if (o->len + more + 1 <= o->cap) return;
    size_t cap = o->cap ? o->cap : 1024;
    while (o->len + more + 1 > cap) cap *= 2;
    o->buf = xrealloc(o->buf, cap);
    o->cap = cap;
}

static void put(out *o, const char *s, size_t n)
{
    reserve(o, n);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void put_char(out *o, char c)
{
    reserve(o, 1);
    o->buf[o->len++] = c;
}

/* As cJSON's print_string_ptr: " \\ and \b \f \n \r \t escaped, other
 * bytes below 0x20 as \u00xx, everything else (UTF-8 too) as is. */
static void put_string(out *o, const char *s)
{
    if (!s) s = "";
    size_t n = strlen(s);
    reserve(o, n + 2);
    o->buf[o->len++] = '"';
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        put(o, run, (size_t)(p - run));
        run = p + 1;
        char esc[8];
        switch (c) {
        case '"': put(o, "\\\"", 2); break;
        case '\\': put(o, "\\\\", 2); break;
        case '\b': put(o, "\\b", 2); break;
        case '\f': put(o, "\\f", 2); break;
        case '\n': put(o, "\\n", 2); break;
        case '\r': put(o, "\\r", 2); break;
        case '\t': put(o, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(o, esc, 6);
        }
    }
    put(o, run, strlen(run));
    put_char(o, '"');
}

static void put_int(out *o, int v)
{
    char tmp[16];
    size_t n = 0;
    unsigned int u = v < 0 ? 0u - (unsigned int)v : (unsigned int)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    reserve(o, n + 1);
    if (v < 0) o->buf[o->len++] = '-';
    while (n) o->buf[o->len++] = tmp[--n];
}

/* As cJSON's print_number: null for NaN and infinities; the int when the
 * double equals cJSON's valueint; else 15 significant digits, 17 when 15
 * do not read back as the same double. */
static void put_number(out *o, const cJSON *item)
{
    double d = item->valuedouble;
    if (isnan(d) || isinf(d)) {
        put(o, "null", 4);
        return;
    }
    if (d == (double)item->valueint) {
        put_int(o, item->valueint);
        return;
    }
    char num[32];
    int n = snprintf(num, sizeof num, "%1.15g", d);
    double back = strtod(num, NULL);
    double larger = fabs(back) > fabs(d) ? fabs(back) : fabs(d);
    if (!(fabs(back - d) <= larger * DBL_EPSILON)) n = snprintf(num, sizeof num, "%1.17g", d);
    put(o, num, (size_t)n);
}

static void put_value(out *o, const cJSON *item)
{
    switch (item->type & 0xFF) {
    case cJSON_NULL: put(o, "null", 4); break;
    case cJSON_False: put(o, "false", 5); break;
    case cJSON_True: put(o, "true", 4); break;
    case cJSON_Number: put_number(o, item); break;
    case cJSON_Raw:
        if (item->valuestring) put(o, item->valuestring, strlen(item->valuestring));
        break;
    case cJSON_String: put_string(o, item->valuestring); break;
    case cJSON_Array:
        put_char(o, '[');
        for (const cJSON *e = item->child; e; e = e->next) {
            put_value(o, e);
            if (e->next) put_char(o, ',');
        }
        put_char(o, ']');
        break;
    case cJSON_Object:
        put_char(o, '{');
        for (const cJSON *e = item->child; e; e = e->next) {
            put_string(o, e->string);
            put_char(o, ':');
            put_value(o, e);
            if (e->next) put_char(o, ',');
        }
        put_char(o, '}');
        break;
    default: break;
    }
}

void json_buf_append(zm_json_buf *b, const cJSON *item)
{
    if (item) put_value(b, item);
}

void json_buf_append_member(zm_json_buf *b, const char *name, const cJSON *value)
{
    put_string(b, name);
    put_char(b, ':');
    if (value) put_value(b, value);
}

void json_buf_append_text(zm_json_buf *b, const char *text, size_t len)
{
    put(b, text, len);
}

cJSON *json_buf_to_raw(zm_json_buf *b)
{
    reserve(b, 0);
    b->buf[b->len] = '\0';
    cJSON *raw = cJSON_CreateRaw("");
    free(raw->valuestring);
    raw->valuestring = b->buf;
    memset(b, 0, sizeof *b);
    return raw;
}

char *json_print(const cJSON *item)
{
    out o = {NULL, 0, 0};
    reserve(&o, 0);
    if (item) put_value(&o, item);
    o.buf[o.len] = '\0';
    return o.buf;
}

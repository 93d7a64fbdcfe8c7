/* base64.c -- bytes as base64 text and back (RFC 4648, with padding), for files kept in JSON */
#include "util/base64.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *base64_encode(const unsigned char *data, size_t len)
{
    char *out = xmalloc((len + 2) / 3 * 4 + 1), *o = out;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)data[i] << 16;
        if (i + 1 < len) v |= (unsigned)data[i + 1] << 8;
        if (i + 2 < len) v |= data[i + 2];
        *o++ = alphabet[(v >> 18) & 63];
        *o++ = alphabet[(v >> 12) & 63];
        *o++ = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
        *o++ = i + 2 < len ? alphabet[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

static int digit(char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

bool base64_decode(const char *text, unsigned char **out, size_t *len)
{
    size_t n = strlen(text);
    if (n % 4) return false;
    unsigned char *buf = xmalloc(n / 4 * 3 + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i += 4) {
        int pad = (text[i + 3] == '=') + (text[i + 2] == '=');
        bool last = i + 4 == n;
        int a = digit(text[i]), b = digit(text[i + 1]);
        int c = pad >= 2 ? 0 : digit(text[i + 2]), d = pad >= 1 ? 0 : digit(text[i + 3]);
        if (a < 0 || b < 0 || c < 0 || d < 0 || (pad && !last) || (pad == 1 && text[i + 2] == '=')) {
            free(buf);
            return false;
        }
        unsigned v = (unsigned)a << 18 | (unsigned)b << 12 | (unsigned)c << 6 | (unsigned)d;
        buf[k++] = (unsigned char)(v >> 16);
        if (pad < 2) buf[k++] = (unsigned char)(v >> 8);
        if (pad < 1) buf[k++] = (unsigned char)v;
    }
    buf[k] = '\0';
    *out = buf;
    *len = k;
    return true;
}

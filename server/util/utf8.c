/* utf8.c -- checking text is UTF-8 (strictly) and making it so for display */
#include "util/utf8.h"

#include <stdint.h>
#include <string.h>

#include "util/alloc.h"

size_t utf8_sequence(const unsigned char *s, size_t n)
{
    if (n == 0) return 0;
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;     /* bounds of the second byte */
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;             /* no overlongs */
    else if (c == 0xED) len = 3, hi = 0x9F;             /* no surrogates */
    else if (c >= 0xE1 && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;             /* no overlongs */
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;             /* at most U+10FFFF */
    else return 0;
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return len;
}

/* Where the run of ASCII bytes other than NUL that starts at i ends: eight
 * bytes at a time while no byte has its high bit set or is zero. */
static size_t ascii_run_end(const unsigned char *p, size_t i, size_t n)
{
    const uint64_t high = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
    for (uint64_t w; i + 8 <= n; i += 8) {
        memcpy(&w, p + i, 8);
        if ((w & high) || ((w - ones) & ~w & high)) break;
    }
    while (i < n && p[i] && p[i] < 0x80) i++;
    return i;
}

bool utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = ascii_run_end(p, 0, n); i < n; i = ascii_run_end(p, i, n)) {
        size_t k = p[i] ? utf8_sequence(p + i, n - i) : 0;
        if (!k) return false;
        i += k;
    }
    return true;
}

size_t utf8_cut(const char *s, size_t n, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t at = 0;
    while (at < n) {
        size_t k = p[at] && p[at] < 0x80 ? 1 : utf8_sequence(p + at, n - at);
        if (!k || at + k > max) break;      /* a sequence cut short (or not one): the end */
        at += k;
    }
    return at;
}

char *utf8_sanitize(const char *s, size_t n)
{
    if (utf8_valid(s, n)) return xstrndup(s, n);     /* nearly always */
    const unsigned char *p = (const unsigned char *)s;
    size_t need = 0;
    for (size_t i = 0; i < n;) {
        size_t k = p[i] ? utf8_sequence(p + i, n - i) : 0;
        need += k ? k : 3;          /* a bad byte becomes U+FFFD, 3 bytes */
        i += k ? k : 1;
    }
    char *out = xmalloc(need + 1);
    size_t len = 0;
    for (size_t i = 0; i < n;) {
        size_t k = p[i] ? utf8_sequence(p + i, n - i) : 0;
        if (k) {
            memcpy(out + len, p + i, k);
            len += k;
            i += k;
        } else {
            memcpy(out + len, "\xEF\xBF\xBD", 3);
            len += 3;
            i++;
        }
    }
    out[len] = '\0';
    return out;
}

/* utf8.h -- checking text is UTF-8 (strictly) and making it so for display */
#ifndef ZM_UTF8_H
#define ZM_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the well-formed UTF-8 sequence at s[0] (1-4), or 0 when it is
 * not one: a stray continuation byte, an overlong form, a surrogate, a
 * code point past U+10FFFF, or a sequence cut off by the end (n bytes). */
size_t utf8_sequence(const unsigned char *s, size_t n);

/* True when the n bytes are UTF-8 and contain no NUL. */
bool utf8_valid(const char *s, size_t n);

/* The length of the longest start of s (n bytes) that is at most max
 * bytes of well-formed UTF-8 without NUL: where to cut text that must
 * stay UTF-8 (a character cut in two, or anything after a byte that is
 * not UTF-8, goes). */
size_t utf8_cut(const char *s, size_t n, size_t max);

/* A NUL-terminated copy of the n bytes where every byte that is not part
 * of a well-formed sequence, and every NUL, becomes U+FFFD: text that can
 * always be printed as JSON (the journal, recordings). free() it. */
char *utf8_sanitize(const char *s, size_t n);

#endif

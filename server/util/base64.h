/* base64.h -- bytes as base64 text and back (RFC 4648, with padding), for files kept in JSON */
#ifndef ZM_BASE64_H
#define ZM_BASE64_H

#include <stdbool.h>
#include <stddef.h>

/* The text of len bytes, NUL-terminated (free() it). */
char *base64_encode(const unsigned char *data, size_t len);
/* The bytes of text (NUL-terminated, +1 byte not counted; free() them) and
 * their count in *len; false when text is not base64. */
bool base64_decode(const char *text, unsigned char **out, size_t *len);

#endif

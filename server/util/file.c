/* file.c -- reading a whole file into memory */
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

char *file_read(const char *path, size_t max_len, size_t *len, bool *too_large, char *why,
                size_t whylen)
{
    if (too_large) *too_large = false;
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f) {
        snprintf(why, whylen, "%s", strerror(path ? errno : EINVAL));
        return NULL;
    }
    size_t cap = 8192, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) buf = xrealloc(buf, cap *= 2);
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (max_len && n > max_len) {
            snprintf(why, whylen, "larger than %zu bytes", max_len);
            if (too_large) *too_large = true;
            fclose(f);
            free(buf);
            return NULL;
        }
        if (got == 0) break;
    }
    bool failed = ferror(f);
    int saved = errno;
    fclose(f);
    if (failed) {
        snprintf(why, whylen, "%s", strerror(saved));
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

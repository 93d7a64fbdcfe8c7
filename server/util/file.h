/* file.h -- reading a whole file into memory */
#ifndef ZM_FILE_H
#define ZM_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* The whole file, NUL-terminated, its length in *len (may be NULL). NULL
 * on failure, with errno's text in why ("No such file or directory"); more
 * than max_len bytes (0: no limit) fails with *too_large set (may be NULL). */
char *file_read(const char *path, size_t max_len, size_t *len, bool *too_large, char *why,
                size_t whylen);

#endif

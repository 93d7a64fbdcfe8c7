/* file.h -- reading a whole file into memory, and writing one so that a crash leaves the old or the new */
#ifndef ZM_FILE_H
#define ZM_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* The whole file, NUL-terminated, its length in *len (may be NULL). NULL
 * on failure, with errno's text in why ("No such file or directory"); more
 * than max_len bytes (0: no limit) fails with *too_large set (may be NULL). */
char *file_read(const char *path, size_t max_len, size_t *len, bool *too_large, char *why,
                size_t whylen);

/* Replaces path with data as one step: written to "<path>.tmp" (mode, e.g.
 * 0600), fsync'd, renamed over path, the folder fsync'd. A crash at any
 * point leaves the old file or the new one, never a mix. 0, or -1 with
 * errno's text in why. */
int file_write_durable(const char *path, const void *data, size_t len, int mode, char *why, size_t whylen);
/* fsync of the folder holding path (a rename or a new file in it lasts). */
int file_sync_dir(const char *path);

#endif

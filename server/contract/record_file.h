/* record_file.h -- a JSON document on disk that grows by appending to its last array, O(1) per element and kill-safe */
#ifndef ZM_RECORD_FILE_H
#define ZM_RECORD_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

/* The document is an object whose last member is an array (a contract's
 * or a pact's "interactions"). On disk it ends with `]}` and a newline.
 * Appending an element writes the element and a new `]}` after the end,
 * then turns the old `]}` into `, ` with one write of two bytes that never
 * crosses a page: a kill at any moment leaves a file whose first JSON
 * value is the document with every element appended before, followed at
 * worst by a torn tail (the element being appended), which readers
 * ignore (record_file_parse). Nothing is rewritten: an append costs
 * the size of its element, however long the file. */
typedef struct record_file {
    int fd;
    off_t trailer;              /* offset of the closing `]}` */
    size_t count;               /* elements in the array */
} record_file;

/* Opens path. A new file gets head (an object) with an empty array named
 * array_name as its last member. An existing one is parsed (torn tail
 * ignored) and, when its array_name is an array, continued: rewritten
 * once in the appendable layout through a temporary file and rename, and
 * returned in *existing (the caller frees it; NULL for a new file). One
 * that does not parse or lacks the array is kept aside as <path>.invalid
 * and a new file is started. 0, or -1 with err set. */
int record_file_open(record_file *f, const char *path, const cJSON *head, const char *array_name,
                     cJSON **existing, char *err, size_t errlen);

/* Appends one element (JSON text). 0, or -1 with err set (the file is
 * still valid; the element is not in it). */
int record_file_append(record_file *f, const char *element, char *err, size_t errlen);

void record_file_close(record_file *f);

/* Parses a document the way a recording is read: its first JSON value,
 * bytes after it ignored; *ignored (may be NULL) says how many of them
 * were not whitespace (a torn tail). NULL when there is no JSON value;
 * *error_at (may be NULL) is then the offset where parsing stopped. */
cJSON *record_file_parse(const char *text, size_t len, size_t *ignored, size_t *error_at);

#endif

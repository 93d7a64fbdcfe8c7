/* json_read.h -- reading a trusted-shape JSON document (a saved state) member by member, with the path of the first error */
#ifndef ZM_JSON_READ_H
#define ZM_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/* A reader keeps where it is ("organizations[0].items[3]") and the first
 * thing that was wrong. Every read of a missing or mistyped member sets the
 * error (once) and returns a harmless default, so a deserializer reads on
 * and checks jr_failed() at the end; nothing it built is used then.
 * Zero-initialise, or jr_init with a root name. */
typedef struct zm_jr {
    char path[512];
    size_t depth_len[32];       /* path lengths to restore on jr_leave */
    int depth;
    bool failed;
    char error[768];            /* "<path>.<member>: expected a string" */
} zm_jr;

void jr_init(zm_jr *r, const char *root);
bool jr_failed(const zm_jr *r);
/* Records an error at the current path (the first one wins). */
void jr_fail(zm_jr *r, const char *member, const char *what);

/* Into member `name` (index >= 0: its element) / back out. */
void jr_enter(zm_jr *r, const char *name, int index);
void jr_leave(zm_jr *r);

/* Required members. Strings are returned as they are in the tree (""
 * on error); copies are the caller's (xstrdup). */
const char *jr_str(zm_jr *r, const cJSON *obj, const char *name);
/* A string or null (NULL); absent counts as null. */
const char *jr_str_or_null(zm_jr *r, const cJSON *obj, const char *name);
/* An id (digits, or "" when allow_empty) copied into out (ID_LEN). */
void jr_id(zm_jr *r, const cJSON *obj, const char *name, bool allow_empty, char *out);
double jr_num(zm_jr *r, const cJSON *obj, const char *name);
/* A whole number within +-2^53. */
int64_t jr_int(zm_jr *r, const cJSON *obj, const char *name);
/* A whole number written as a string of digits (counters past 2^53). */
uint64_t jr_u64(zm_jr *r, const cJSON *obj, const char *name);
bool jr_bool(zm_jr *r, const cJSON *obj, const char *name);
/* An array / an object (an empty one, never NULL, on error). */
const cJSON *jr_array(zm_jr *r, const cJSON *obj, const char *name);
const cJSON *jr_object(zm_jr *r, const cJSON *obj, const char *name);
/* Optional: the member when present (and of the type), else NULL; a
 * present member of another type is an error. */
const cJSON *jr_opt(zm_jr *r, const cJSON *obj, const char *name, int cjson_type);

/* Writers for what the readers read. */
void jw_u64(cJSON *obj, const char *name, uint64_t v);
void jw_str_or_null(cJSON *obj, const char *name, const char *s);

#endif

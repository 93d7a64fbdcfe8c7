/* json.h -- parsing client JSON safely, case-sensitive look-ups, and writers (exact ids included) */
#ifndef ZM_JSON_H
#define ZM_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* Ids are decimal strings everywhere inside the server (Zoho's ids are
 * 16-19 digits, past what a double holds exactly). */
#define ID_LEN 24

/* A finite number of magnitude at most JSON_MAX_NUMBER (past any real
 * quantity or amount, and small enough that totals stay finite). */
#define JSON_MAX_NUMBER 1e15
/* Nesting deeper than this is refused before cJSON sees it: civetweb's
 * worker threads have small fixed stacks, and cJSON parses, prints, frees
 * and duplicates recursively (its own limit, 1000, overflows them). Zoho's
 * bodies nest four levels at most. */
#define JSON_MAX_DEPTH 64

/* Parses JSON text a client (or a script) sent: NULL when malformed or
 * nested deeper than JSON_MAX_DEPTH. Thread-safe; text need not end in NUL. */
cJSON *json_parse(const char *text, size_t len);

/* Checks every string of the JSON text, keys included: UTF-8, no control
 * characters, no NUL (raw or \u0000, which cJSON would silently cut the
 * string at), no lone surrogate escapes. True when all are fine (or the
 * text is not JSON: json_parse says so). Else false, and field names the
 * member the bad string belongs to (its key, or the key of the array
 * holding it), "JSONString" when it is a key or at the top. */
bool json_strings_ok(const char *text, size_t len, char *field, size_t fieldlen);

/* Case-sensitive member look-up (cJSON_GetObjectItem ignores case). */
const cJSON *json_get(const cJSON *obj, const char *name);

/* True when s is 1-19 decimal digits. */
bool id_is_valid(const char *s);

/* The compact text of a tree, in memory from xmalloc (free() it). */
char *json_print(const cJSON *item);
/* The indented text, the same way. */
char *json_print_pretty(const cJSON *item);

/* Puts value (owned) in place of the member old of obj, under old's name
 * (cJSON_ReplaceItemViaPointer alone leaves the new member nameless). */
void json_replace(cJSON *obj, cJSON *old, cJSON *value);
/* Sets obj's member name to value (owned): replaces it, or adds it. */
void json_set(cJSON *obj, const char *name, cJSON *value);
/* JSON text built a piece at a time (util/json_write.c), in the bytes
 * json_print writes. A list page prints each row as soon as it is made and
 * frees its tree, instead of holding 200 rows' trees (thousands of small
 * blocks) until the whole answer is printed. Zero-initialise. */
typedef struct zm_json_buf {
    char *buf;
    size_t len, cap;
} zm_json_buf;
void json_buf_append(zm_json_buf *b, const cJSON *item);
/* "name":value, as an object's member prints (rows written member by member). */
void json_buf_append_member(zm_json_buf *b, const char *name, const cJSON *value);
void json_buf_append_text(zm_json_buf *b, const char *text, size_t len);
/* A cJSON_Raw node that takes the text over (b is empty afterwards): json_print
 * copies it verbatim; scenario/lua.c reads it back as JSON. */
cJSON *json_buf_to_raw(zm_json_buf *b);

/* Writers. Strings: NULL is written as "". */
void json_add_str(cJSON *obj, const char *name, const char *s);
void json_add_num(cJSON *obj, const char *name, double v);
void json_add_bool(cJSON *obj, const char *name, bool v);
/* A number, or null when !present (an uncounted quantity). */
void json_add_num_or_null(cJSON *obj, const char *name, bool present, double v);

#endif

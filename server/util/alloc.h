/* alloc.h -- the one allocation discipline: every allocation is checked, out of memory has one path */
#ifndef ZM_ALLOC_H
#define ZM_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Each of these returns usable memory or never returns: on failure
 * alloc_out_of_memory() prints one line and aborts. A mock server that ran
 * out of memory cannot answer faithfully, and a crash is easier to see in
 * CI than a wrong answer. (The Lua sandbox's allocator is the one
 * exception: it refuses past its cap and Lua reports that as the
 * script's own memory error; scenario/lua.c.) */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* strdup that maps NULL to "". */
char *xstrdup(const char *s);
/* At most n bytes of s, NUL-terminated. */
char *xstrndup(const char *s, size_t n);
/* Replaces *dst with a copy of src (NULL -> ""), freeing the old one. */
void xstrset(char **dst, const char *src);
/* printf into a new string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* The out-of-memory path: one line on stderr, then abort(). */
_Noreturn void alloc_out_of_memory(size_t size);

/* Hooks cJSON to xmalloc and free, so JSON trees follow the same
 * discipline. Call once before any cJSON use (server_start does). */
void alloc_init(void);

#endif

/* text.h -- text built a piece at a time: a growing string, always NUL-terminated */
#ifndef ZM_TEXT_H
#define ZM_TEXT_H

#include <stddef.h>

/* Zero-initialise; s stays NULL until the first piece. The caller frees s
 * (or takes it over). */
typedef struct zm_text {
    char *s;
    size_t len, cap;
} zm_text;

/* Appends n bytes of s. */
void text_add(zm_text *t, const char *s, size_t n);
/* Appends the string s. */
void text_add_str(zm_text *t, const char *s);
/* Appends what printf would write. */
void text_addf(zm_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text, "" when nothing was added, for the caller to free; t is
 * empty afterwards. */
char *text_take(zm_text *t);

#endif

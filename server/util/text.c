/* text.c -- text built a piece at a time: a growing string, always NUL-terminated */
#include "util/text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

void text_add(zm_text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = xrealloc(t->s, t->cap);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

void text_add_str(zm_text *t, const char *s)
{
    text_add(t, s, strlen(s));
}

char *text_take(zm_text *t)
{
    char *s = t->s ? t->s : xstrdup("");
    t->s = NULL;
    t->len = t->cap = 0;
    return s;
}

void text_addf(zm_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    text_add(t, s, strlen(s));
    free(s);
}

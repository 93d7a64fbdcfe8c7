/* form.c -- the JSONString field of a multipart/form-data body */
#include "http/form.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The boundary parameter of the Content-Type (quoted or not, 1-70
 * characters, RFC 2046); 0 when there is none. */
static size_t boundary_of(const char *content_type, char *out, size_t size)
{
    const char *p = strcasestr(content_type, "boundary=");
    if (!p) return 0;
    p += 9;
    size_t n;
    if (*p == '"') {
        const char *q = strchr(++p, '"');
        if (!q) return 0;
        n = (size_t)(q - p);
    } else {
        n = strcspn(p, "; \t");
    }
    if (n == 0 || n > 70 || n + 3 > size) return 0;
    out[0] = out[1] = '-';
    memcpy(out + 2, p, n);
    out[n + 2] = '\0';
    return n + 2;
}

/* Is this part's Content-Disposition a form-data field called name? */
static int part_is_named(const char *headers, size_t len, const char *name)
{
    const char *end = headers + len;
    for (const char *line = headers; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *e = nl ? nl : end;
        if ((size_t)(e - line) > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
            char disposition[512];
            size_t n = (size_t)(e - line) < sizeof disposition ? (size_t)(e - line) : sizeof disposition - 1;
            memcpy(disposition, line, n);
            disposition[n] = '\0';
            char want[128];
            snprintf(want, sizeof want, "name=\"%s\"", name);
            if (strstr(disposition, want)) return 1;
            snprintf(want, sizeof want, "name=%s", name);
            const char *at = strstr(disposition, want);
            return at && strchr("; \t\r", at[strlen(want)]) != NULL;
        }
        line = nl ? nl + 1 : end;
    }
    return 0;
}

int form_multipart_field(const char *content_type, const char *body, size_t body_len,
                         const char *name, const char **value, size_t *len)
{
    char delim[80];
    size_t dlen = boundary_of(content_type, delim, sizeof delim);
    if (!dlen) return -1;
    const char *end = body + body_len;
    const char *p = memmem(body, body_len, delim, dlen);
    if (!p) return -1;
    for (;;) {
        p += dlen;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') return 0;       /* the closing delimiter */
        const char *hdr = memchr(p, '\n', (size_t)(end - p));
        if (!hdr) return -1;
        hdr++;
        const char *content;
        size_t headers_len = 0;
        if (end - hdr >= 2 && hdr[0] == '\r' && hdr[1] == '\n') {
            content = hdr + 2;      /* a part without headers */
        } else {
            const char *blank = memmem(hdr, (size_t)(end - hdr), "\r\n\r\n", 4);
            if (!blank) return -1;
            headers_len = (size_t)(blank - hdr);
            content = blank + 4;
        }
        /* The content ends at CRLF and the next delimiter. */
        const char *next = content;
        for (;;) {
            next = memmem(next, (size_t)(end - next), delim, dlen);
            if (!next) return -1;
            if (next - content >= 2 && next[-2] == '\r' && next[-1] == '\n') break;
            next += 1;
        }
        if (part_is_named(hdr, headers_len, name)) {
            *value = content;
            *len = (size_t)(next - 2 - content);
            return 1;
        }
        p = next;
    }
}

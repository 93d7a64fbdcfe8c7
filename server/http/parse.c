/* parse.c -- reading HTTP/1.x requests from bytes: request line, headers, body framing, chunked bodies */
#include "http/parse.h"

#include <string.h>
#include <strings.h>

bool http_span_is(http_span s, const char *text)
{
    return strlen(text) == s.n && strncasecmp(s.p, text, s.n) == 0;
}

/* RFC 9110 token characters (method and header names). */
static bool is_tchar(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

static http_status bad(http_head *h, const char *why)
{
    h->why = why;
    return HTTP_BAD_REQUEST;
}

/* The end of the line starting at p (its '\n'), or NULL. */
static const char *line_end(const char *p, const char *end)
{
    return memchr(p, '\n', (size_t)(end - p));
}

/* Trims the '\r' before a line's '\n' and the spaces around a value. */
static http_span trimmed(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t')) p++;
    while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
    return (http_span){p, (size_t)(e - p)};
}

/* Does a comma-separated header value list the token? */
static bool lists_token(http_span v, const char *token)
{
    const char *p = v.p, *end = v.p + v.n;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *e = comma ? comma : end;
        if (http_span_is(trimmed(p, e), token)) return true;
        p = comma ? comma + 1 : end;
    }
    return false;
}

static http_status parse_request_line(const char *p, const char *e, http_head *h)
{
    if (e > p && e[-1] == '\r') e--;
    const char *sp1 = memchr(p, ' ', (size_t)(e - p));
    if (!sp1 || sp1 == p) return bad(h, "the request line is not METHOD TARGET HTTP/1.x");
    for (const char *c = p; c < sp1; c++)
        if (!is_tchar((unsigned char)*c)) return bad(h, "the method is not a token");
    const char *t = sp1 + 1;
    const char *sp2 = memchr(t, ' ', (size_t)(e - t));
    if (!sp2 || sp2 == t) return bad(h, "the request line is not METHOD TARGET HTTP/1.x");
    for (const char *c = t; c < sp2; c++)
        if ((unsigned char)*c <= 0x20 || *c == 0x7F) return bad(h, "the target has a control character or space");
    if (*t != '/' && strncasecmp(t, "http://", 7) != 0 && strncasecmp(t, "https://", 8) != 0 &&
        !(sp2 - t == 1 && *t == '*'))
        return bad(h, "the target is not a path");
    const char *v = sp2 + 1;
    if (e - v != 8 || memcmp(v, "HTTP/1.", 7) != 0 || (v[7] != '0' && v[7] != '1'))
        return bad(h, "only HTTP/1.0 and HTTP/1.1 are spoken here");
    h->method = (http_span){p, (size_t)(sp1 - p)};
    h->target = (http_span){t, (size_t)(sp2 - t)};
    h->minor_version = v[7] - '0';
    h->keep_alive = h->minor_version == 1;
    return HTTP_DONE;
}

/* What the framing and connection headers say. */
static http_status interpret_header(http_head *h, http_span name, http_span value, bool *has_te)
{
    if (http_span_is(name, "Content-Length")) {
        if (value.n == 0 || value.n > 18) return bad(h, "the Content-Length is not a number");
        unsigned long long n = 0;
        for (size_t i = 0; i < value.n; i++) {
            if (value.p[i] < '0' || value.p[i] > '9') return bad(h, "the Content-Length is not a number");
            n = n * 10 + (unsigned)(value.p[i] - '0');
        }
        if (h->has_length && n != h->content_length) return bad(h, "two different Content-Length headers");
        h->has_length = true;
        h->content_length = n;
    } else if (http_span_is(name, "Transfer-Encoding")) {
        if (*has_te || !http_span_is(value, "chunked"))
            return bad(h, "the only Transfer-Encoding understood is chunked");
        *has_te = h->chunked = true;
    } else if (http_span_is(name, "Connection")) {
        if (lists_token(value, "close")) h->keep_alive = false;
        else if (lists_token(value, "keep-alive")) h->keep_alive = true;
    } else if (http_span_is(name, "Expect")) {
        h->expect_continue = http_span_is(value, "100-continue");
    }
    return HTTP_DONE;
}

http_status http_parse_head(const char *buf, size_t len, http_head *h)
{
    memset(h, 0, sizeof *h);
    size_t scan = len < HTTP_MAX_HEAD ? len : HTTP_MAX_HEAD;
    const char *p = buf, *end = buf + scan;
    /* Blank lines before a request are ignored (RFC 9112 2.2). */
    while (p < end && (*p == '\r' || *p == '\n')) p++;
    /* The head ends at the first empty line. */
    const char *head_end = NULL;
    for (const char *q = p, *nl; q < end && (nl = line_end(q, end)) != NULL; q = nl + 1) {
        const char *next = nl + 1;
        if (next < end && *next == '\n') head_end = next + 1;
        else if (next + 1 < end && next[0] == '\r' && next[1] == '\n') head_end = next + 2;
        if (head_end) break;
    }
    if (memchr(buf, '\0', (size_t)((head_end ? head_end : end) - buf)))
        return bad(h, "a NUL byte in the request head");
    if (!head_end) return len >= HTTP_MAX_HEAD ? HTTP_HEAD_TOO_LARGE : HTTP_MORE;

    const char *nl = line_end(p, head_end);
    http_status st = parse_request_line(p, nl, h);
    if (st != HTTP_DONE) return st;
    bool has_te = false;
    for (const char *q = nl + 1; q < head_end;) {
        const char *e = line_end(q, head_end);
        const char *content_end = e > q && e[-1] == '\r' ? e - 1 : e;
        if (content_end == q) break;        /* the blank line */
        if (*q == ' ' || *q == '\t') return bad(h, "a folded header line");
        const char *colon = memchr(q, ':', (size_t)(content_end - q));
        if (!colon || colon == q) return bad(h, "a header line without a name");
        for (const char *c = q; c < colon; c++)
            if (!is_tchar((unsigned char)*c)) return bad(h, "a header name is not a token");
        for (const char *c = colon + 1; c < content_end; c++)
            if (((unsigned char)*c < 0x20 && *c != '\t') || *c == 0x7F)
                return bad(h, "a control character in a header value");
        if (h->num_headers == REQUEST_MAX_HEADERS) return HTTP_TOO_MANY_HEADERS;
        http_span name = {q, (size_t)(colon - q)}, value = trimmed(colon + 1, content_end);
        h->names[h->num_headers] = name;
        h->values[h->num_headers] = value;
        h->num_headers++;
        if ((st = interpret_header(h, name, value, &has_te)) != HTTP_DONE) return st;
        q = e + 1;
    }
    if (has_te && h->has_length) return bad(h, "both Content-Length and Transfer-Encoding");
    h->head_len = (size_t)(head_end - buf);
    return HTTP_DONE;
}

/* ------------------------------------------------------------- chunked */

enum { CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, CHUNK_TRAILER };

/* Longest chunk-size line or trailer line read. */
#define CHUNK_LINE_MAX 1024

void http_chunked_init(http_chunked *c, size_t start)
{
    memset(c, 0, sizeof *c);
    c->raw = c->out = c->start = start;
    c->phase = CHUNK_SIZE;
}

http_status http_chunked_step(char *buf, size_t len, http_chunked *c, size_t max_body)
{
    for (;;) {
        if (c->phase == CHUNK_DATA) {
            size_t n = len - c->raw < c->left ? len - c->raw : c->left;
            memmove(buf + c->out, buf + c->raw, n);
            c->out += n;
            c->raw += n;
            c->left -= n;
            if (c->left) return HTTP_MORE;
            c->phase = CHUNK_DATA_END;
            continue;
        }
        const char *p = buf + c->raw;
        const char *nl = memchr(p, '\n', len - c->raw);
        if (!nl) return len - c->raw > CHUNK_LINE_MAX ? HTTP_BAD_REQUEST : HTTP_MORE;
        size_t line = (size_t)(nl - p);
        if (line > CHUNK_LINE_MAX) return HTTP_BAD_REQUEST;
        if (line && p[line - 1] == '\r') line--;
        c->raw += (size_t)(nl - p) + 1;
        if (c->phase == CHUNK_DATA_END) {
            if (line) return HTTP_BAD_REQUEST;      /* data longer than its size said */
            c->phase = CHUNK_SIZE;
        } else if (c->phase == CHUNK_TRAILER) {
            if (!line) return HTTP_DONE;
        } else {
            unsigned long long size = 0;
            size_t i = 0;
            for (; i < line; i++) {
                char ch = p[i];
                int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                      : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
                if (d < 0) break;
                if (i == 15) return HTTP_BAD_REQUEST;
                size = size * 16 + (unsigned)d;
            }
            if (i == 0 || (i < line && p[i] != ';' && p[i] != ' ' && p[i] != '\t')) return HTTP_BAD_REQUEST;
            if (size > max_body || c->out - c->start + size > max_body) return HTTP_BODY_TOO_LARGE;
            c->left = (size_t)size;
            c->phase = size ? CHUNK_DATA : CHUNK_TRAILER;
        }
    }
}

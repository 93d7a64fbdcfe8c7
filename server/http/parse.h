/* parse.h -- reading HTTP/1.x requests from bytes: request line, headers, body framing, chunked bodies */
#ifndef ZM_HTTP_PARSE_H
#define ZM_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "zoho/request.h"

/* Request line and headers together, at most (civetweb's default was 16 KB). */
#define HTTP_MAX_HEAD (32u * 1024u)
/* Largest request body accepted (a 5000-line count is well below it). */
#define HTTP_MAX_BODY (32u * 1024u * 1024u)

/* What a request's head says, as spans of the buffer it was parsed from. */
typedef struct http_span {
    const char *p;
    size_t n;
} http_span;

typedef struct http_head {
    http_span method, target;
    int minor_version;                      /* HTTP/1.<minor> */
    http_span names[REQUEST_MAX_HEADERS];
    http_span values[REQUEST_MAX_HEADERS];
    int num_headers;
    size_t head_len;                        /* bytes through the blank line */
    bool has_length;
    unsigned long long content_length;
    bool chunked;
    bool keep_alive;                        /* the client wants the connection kept */
    bool expect_continue;                   /* Expect: 100-continue */
    const char *why;                        /* what is wrong, for HTTP_BAD_REQUEST */
} http_head;

typedef enum http_status {
    HTTP_DONE = 1,                  /* complete */
    HTTP_MORE = 0,                  /* not yet: read more */
    HTTP_BAD_REQUEST = -1,          /* not HTTP/1.x as this server reads it: 400 (why says more) */
    HTTP_HEAD_TOO_LARGE = -2,       /* head past HTTP_MAX_HEAD: 431 */
    HTTP_TOO_MANY_HEADERS = -3,     /* more than REQUEST_MAX_HEADERS fields: 431 */
    HTTP_BODY_TOO_LARGE = -4,       /* body past HTTP_MAX_BODY: 413 */
} http_status;

/* Parses the head at the start of buf (len bytes). HTTP_DONE with h filled
 * (spans into buf); HTTP_MORE; or an error. Lenient where clients differ
 * harmlessly (bare LF line ends, blank lines before the request line);
 * strict where a mistake could hide another request: NUL and control
 * bytes, folded header lines, a malformed or repeated Content-Length,
 * Content-Length together with Transfer-Encoding, any transfer coding
 * but chunked. */
http_status http_parse_head(const char *buf, size_t len, http_head *h);

/* Decodes a chunked body in place: the chunks' data is moved down over
 * the chunk framing, so the body ends up contiguous from where it began. */
typedef struct http_chunked {
    size_t start;       /* where the body begins */
    size_t raw;         /* next byte of the buffer to read */
    size_t out;         /* end of the decoded body in the buffer */
    size_t left;        /* bytes left in the current chunk */
    int phase;
} http_chunked;

/* Starts decoding a body that begins at offset start. */
void http_chunked_init(http_chunked *c, size_t start);
/* Decodes what has arrived of buf (len bytes). HTTP_DONE when the last
 * chunk and trailers are in (c->raw is then the end of the request);
 * HTTP_MORE; HTTP_BAD_REQUEST; HTTP_BODY_TOO_LARGE past max_body. */
http_status http_chunked_step(char *buf, size_t len, http_chunked *c, size_t max_body);

/* Case-insensitive comparison of a span with a NUL-terminated string. */
bool http_span_is(http_span s, const char *text);

#endif

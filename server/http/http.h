/* http.h -- the civetweb glue: listening, reading requests, writing each response in one piece */
#ifndef ZM_HTTP_H
#define ZM_HTTP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct zm_http_options {
    const char *bind;           /* "127.0.0.1" */
    int port;                   /* 0: any free port */
    int threads;                /* worker threads */
    bool quiet;                 /* no per-request log line */
} zm_http_options;

/* Starts serving; returns the port listened on, or -1 with err set. */
int http_start(const zm_http_options *opts, char *err, size_t errlen);
void http_stop(void);

/* Largest request body accepted (a 5000-line count is well below it). */
#define HTTP_MAX_BODY (32u * 1024u * 1024u)

#endif

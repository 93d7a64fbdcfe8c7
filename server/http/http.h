/* http.h -- the civetweb glue: listening, reading requests, writing each response in one piece, faults and delays */
#ifndef ZM_HTTP_H
#define ZM_HTTP_H

#include <stdbool.h>
#include <stddef.h>

/* civetweb gives each connection a worker thread from its first byte to
 * its close: the pool is the number of clients served at once, stalled or
 * idle ones included, and half of it at most may wait out scenario delays
 * and hangs (scenario_waits_limit). */
#define HTTP_DEFAULT_THREADS 256
/* A request's line and headers must arrive within this of its start. */
#define HTTP_REQUEST_TIMEOUT_MS 5000
/* A keep-alive connection idle this long is closed. */
#define HTTP_IDLE_TIMEOUT_MS 5000
/* Request line and headers together, at most. */
#define HTTP_MAX_HEAD_TEXT "16384"

typedef struct zm_http_options {
    const char *bind;           /* "127.0.0.1" */
    int port;                   /* 0: any free port */
    int threads;                /* worker threads */
    int request_timeout_ms;     /* 0: HTTP_REQUEST_TIMEOUT_MS */
    int idle_timeout_ms;        /* 0: HTTP_IDLE_TIMEOUT_MS */
    bool quiet;                 /* no per-request log line */
} zm_http_options;

/* Starts serving; returns the port listened on, or -1 with err set. */
int http_start(const zm_http_options *opts, char *err, size_t errlen);
void http_stop(void);

/* Largest request body accepted (a 5000-line count is well below it). */
#define HTTP_MAX_BODY (32u * 1024u * 1024u)

#endif

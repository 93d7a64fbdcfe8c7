/* http.h -- from a request read off a connection to the bytes of its answer: the request, dispatch, faults, delays */
#ifndef ZM_HTTP_H
#define ZM_HTTP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct zm_http_options {
    const char *bind;           /* "127.0.0.1" */
    int port;                   /* 0: any free port */
    int threads;                /* worker threads */
    int max_connections;        /* 0: as the descriptor limit allows (at most 10000) */
    int request_timeout_ms;     /* 0: 5000; a request's head must be in this long after its first byte */
    int idle_timeout_ms;        /* 0: 15000; an idle keep-alive connection is closed after this */
    bool quiet;                 /* no per-request log line */
} zm_http_options;

/* Starts serving (http/loop.h says how); returns the port listened on,
 * or -1 with err set. */
int http_start(const zm_http_options *opts, char *err, size_t errlen);
/* Stops: requests being served finish, every connection closes (delays
 * and hangs end now). */
void http_stop(void);

#endif

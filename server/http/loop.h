/* loop.h -- the connections: accepting, reading and writing without blocking, worker threads, deadlines */
#ifndef ZM_HTTP_LOOP_H
#define ZM_HTTP_LOOP_H

/* Every socket is non-blocking and watched by one epoll set. Worker
 * threads take whichever connection is ready, read what has arrived and
 * go on to the next; only a request that has arrived whole is served (on
 * the worker that completed it). A slow or stalled client therefore costs
 * a descriptor and a buffer, never a thread, and so do idle keep-alive
 * connections, answers waiting out a scenario's delay and hangs. One
 * timer thread enforces the deadlines: a request whose head is not in
 * within request_timeout_ms of its first byte (or whose body is silent
 * that long) is dropped, idle connections are closed after
 * idle_timeout_ms, delayed answers go out when due. */

#include <stdbool.h>
#include <stddef.h>

#include "http/parse.h"

typedef struct loop_options {
    const char *bind;
    int port;                   /* 0: any free port */
    int threads;                /* workers */
    int max_connections;        /* open at once; 0: as many as the descriptor limit allows (at most 10000) */
    int request_timeout_ms;     /* head within this of the first byte; no body silence longer */
    int idle_timeout_ms;        /* an idle keep-alive connection, or a client not reading its answer */
} loop_options;

/* One request as it arrived, for the server's answer. */
typedef struct loop_request {
    int status;                 /* HTTP_DONE, or what was wrong (http_status) */
    const http_head *head;      /* NULL when the head itself could not be read */
    const char *why;            /* what was wrong, when status says HTTP_BAD_REQUEST */
    const char *body;           /* the body (chunks decoded); not NUL-terminated */
    size_t body_len;
} loop_request;

typedef enum loop_action {
    LOOP_SEND,                  /* write bytes */
    LOOP_RESET,                 /* close with a TCP reset, nothing written */
    LOOP_CLOSE,                 /* close (FIN), nothing written */
    LOOP_HANG,                  /* write nothing until the client closes or wait_ms pass, then close */
} loop_action;

/* What to do with the connection, filled by the server's serve function. */
typedef struct loop_answer {
    loop_action action;
    char *bytes;                /* LOOP_SEND: the response as sent; the loop free()s it */
    size_t len;
    bool close_after;           /* close (after the bytes) instead of reading the next request */
    int wait_ms;                /* first wait this long (no thread waits) */
    void (*done)(void *ctx);    /* called once the exchange is over, whichever way */
    void *ctx;
} loop_answer;

typedef void (*loop_serve_fn)(const loop_request *req, loop_answer *ans);

/* Listens and starts the threads. The port, or -1 with err set. */
int loop_start(const loop_options *opts, loop_serve_fn serve, char *err, size_t errlen);
/* Stops accepting, lets each worker finish the request it is serving,
 * closes every connection (waits and hangs end now). */
void loop_stop(void);
/* How many connections are open now (for tests and health). */
int loop_open_connections(void);

#endif

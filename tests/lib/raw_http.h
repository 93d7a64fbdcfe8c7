/* raw_http.h -- test helper: HTTP over a plain socket, for what libcurl hides (stalls, faults, framing) */
#ifndef ZM_TEST_RAW_HTTP_H
#define ZM_TEST_RAW_HTTP_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "http_client.h"

static inline double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* A short pause between polls (never to synchronise by itself). */
static inline void poll_pause(void)
{
    struct timespec ts = {0, 10 * 1000000L};
    nanosleep(&ts, NULL);
}

typedef struct raw_result {
    char data[65536];
    size_t len;
    bool eof;           /* the server closed (orderly) */
    bool timed_out;     /* nothing more within the time limit */
    int error;          /* errno of a failing recv (ECONNRESET...), 0 if none */
} raw_result;

static inline int raw_connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert(fd >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)tserver_port());
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0, "connect: %s", strerror(errno));
    return fd;
}

/* Sends GET path (keep-alive: only the server's own close ends it). */
static inline int raw_send(const char *path, const char *token)
{
    int fd = raw_connect();
    char req[1024];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Zoho-oauthtoken %s\r\n\r\n",
                     path, token);
    cr_assert_eq(send(fd, req, (size_t)n, 0), n);
    return fd;
}

/* Reads until the server closes, fails, or sends nothing for timeout_ms;
 * stops early once a whole response (per Content-Length, or an interim
 * 1xx one) has arrived. */
static inline void raw_read(int fd, int timeout_ms, raw_result *out)
{
    memset(out, 0, sizeof *out);
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, timeout_ms);
        if (r == 0) {
            out->timed_out = true;
            return;
        }
        ssize_t k = recv(fd, out->data + out->len, sizeof out->data - 1 - out->len, 0);
        if (k < 0) {
            out->error = errno;
            return;
        }
        if (k == 0) {
            out->eof = true;
            return;
        }
        out->len += (size_t)k;
        out->data[out->len] = '\0';
        const char *hdr_end = strstr(out->data, "\r\n\r\n");
        const char *cl = strcasestr(out->data, "Content-Length:");
        if (hdr_end && strncmp(out->data, "HTTP/1.1 1", 10) == 0) return;     /* 1xx: no body */
        if (hdr_end && cl && cl < hdr_end) {
            size_t want = (size_t)strtoul(cl + 15, NULL, 10);
            if (out->len - (size_t)(hdr_end + 4 - out->data) >= want) return;
        }
    }
}

/* The body of a raw response ("" when none). */
static inline const char *raw_body(const raw_result *r)
{
    const char *e = strstr(r->data, "\r\n\r\n");
    return e ? e + 4 : "";
}

static inline long raw_content_length(const raw_result *r)
{
    const char *cl = strcasestr(r->data, "Content-Length:");
    return cl ? strtol(cl + 15, NULL, 10) : -1;
}

/* Sends all of text. */
static inline void raw_write(int fd, const char *text, size_t len)
{
    for (size_t sent = 0; sent < len;) {
        ssize_t n = send(fd, text + sent, len - sent, MSG_NOSIGNAL);
        cr_assert(n > 0, "send: %s", strerror(errno));
        sent += (size_t)n;
    }
}

/* Sends text and reads the answer into res (see raw_read). */
static inline void raw_ask(int fd, const char *text, size_t len, int timeout_ms, raw_result *res)
{
    raw_write(fd, text, len);
    raw_read(fd, timeout_ms, res);
}

/* Waits for the server to close the connection (an orderly close or a
 * reset), dropping whatever it sends first. The milliseconds it took, or
 * -1 when it was still open after timeout_ms. */
static inline double raw_closed_within(int fd, int timeout_ms)
{
    double start = now_ms(), end = start + timeout_ms;
    char sink[4096];
    for (double left; (left = end - now_ms()) > 0;) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, (int)left + 1) <= 0) continue;
        ssize_t k = recv(fd, sink, sizeof sink, 0);
        if (k <= 0) return now_ms() - start;
    }
    return -1;
}

#endif

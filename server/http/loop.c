/* loop.c -- the connections: accepting, reading and writing without blocking, worker threads, deadlines */
#include "http/loop.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "model/clock.h"
#include "util/alloc.h"

/* Ownership: a connection is owned by whoever moved it to C_BUSY (a worker
 * that took its epoll event, or the timer thread that found its deadline
 * past), and only the owner touches its socket and buffers. The owner
 * gives it back by setting another state and deadline and re-arming its
 * one-shot epoll registration, all under the connection's mutex. Epoll
 * events carry the slot and a generation: an event for a connection
 * closed since (its slot reused) is recognised and dropped. */
enum conn_state { C_FREE, C_READING, C_BUSY, C_WRITING, C_WAITING, C_DRAINING };

#define KEY_LISTEN UINT32_MAX
#define KEY_STOP (UINT32_MAX - 1)
#define MAX_CONNECTIONS_CAP 10000
#define LINGER_MS 1000              /* reading what a client still sends after our close */
#define READ_CHUNK 16384
#define BUFFER_KEEP (64 * 1024)     /* an idle connection's buffer, larger ones are freed */
#define BUFFER_MAX (HTTP_MAX_HEAD + HTTP_MAX_BODY + 2 * READ_CHUNK)

typedef struct conn {
    pthread_mutex_t mu;
    uint32_t index, gen;
    int fd;
    int state;
    double deadline;                /* monotonic ms; 0: none */

    /* The request being read. */
    char *in;
    size_t in_len, in_cap;
    double request_started;         /* its first byte; 0: none yet */
    bool head_done, chunked, continue_sent, expect_continue;
    size_t head_len;
    unsigned long long content_length;
    http_chunked chunk;

    /* The answer being given. */
    bool answering;
    loop_answer ans;
    size_t out_off;
} conn;

/* What a step of reading or writing left the connection as. */
typedef enum { STEP_MORE, STEP_NEXT, STEP_GONE } step;

static struct {
    loop_options opt;
    loop_serve_fn serve;
    int epfd, listen_fd, stop_fd;
    atomic_bool stopping;

    conn **slots;
    uint32_t max;
    pthread_mutex_t slots_mu;       /* free list and the count of slots made */
    uint32_t *free_list, free_n;
    _Atomic uint32_t made;
    atomic_int open;

    pthread_mutex_t listen_mu;
    bool listen_paused;
    double listen_resume_at;        /* 0: when a slot frees */

    pthread_t *workers;
    int num_workers;
    pthread_t timer;
    bool timer_running;
    pthread_mutex_t timer_mu;
    pthread_cond_t timer_cv;
    double timer_next;
    bool timer_kick;
} L = {
    .slots_mu = PTHREAD_MUTEX_INITIALIZER,
    .listen_mu = PTHREAD_MUTEX_INITIALIZER,
    .timer_mu = PTHREAD_MUTEX_INITIALIZER,
};

static double now_ms(void) { return clock_monotonic_ms(); }

static uint64_t conn_key(const conn *c) { return (uint64_t)c->gen << 32 | c->index; }

/* ------------------------------------------------------------ the timer */

/* Wakes the timer thread when a deadline comes before its next look (or
 * while it is looking: it may have passed the connection already). */
static void timer_wake(double deadline)
{
    pthread_mutex_lock(&L.timer_mu);
    if (L.timer_next == 0 || deadline < L.timer_next) {
        L.timer_kick = true;
        pthread_cond_signal(&L.timer_cv);
    }
    pthread_mutex_unlock(&L.timer_mu);
}

/* ------------------------------------------------------------ ownership */

/* Gives the connection back: waiting in state for events (0: none) until
 * deadline. Called by the owner. */
static void conn_hand_back(conn *c, int state, uint32_t events, double deadline)
{
    pthread_mutex_lock(&c->mu);
    c->state = state;
    c->deadline = deadline;
    if (events) {
        struct epoll_event ev = {.events = events | EPOLLONESHOT, .data.u64 = conn_key(c)};
        epoll_ctl(L.epfd, EPOLL_CTL_MOD, c->fd, &ev);
    }
    pthread_mutex_unlock(&c->mu);
    if (state == C_WAITING) timer_wake(deadline);
}

static void listener_arm(void)
{
    struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT, .data.u64 = KEY_LISTEN};
    epoll_ctl(L.epfd, EPOLL_CTL_MOD, L.listen_fd, &ev);
}

/* Stops accepting until resume_at (0: until a connection closes). */
static void listener_pause(double resume_at)
{
    pthread_mutex_lock(&L.listen_mu);
    L.listen_paused = true;
    L.listen_resume_at = resume_at;
    pthread_mutex_unlock(&L.listen_mu);
    if (resume_at) timer_wake(resume_at);
}

/* Accepts again if paused and due (a slot freed: slot_freed). */
static void listener_resume(bool slot_freed)
{
    pthread_mutex_lock(&L.listen_mu);
    bool due = L.listen_paused && (L.listen_resume_at ? L.listen_resume_at <= now_ms() : slot_freed);
    if (due) {
        L.listen_paused = false;
        listener_arm();
    }
    pthread_mutex_unlock(&L.listen_mu);
}

/* A free slot, or NULL when max_connections are open. */
static conn *slot_take(void)
{
    conn *c = NULL;
    pthread_mutex_lock(&L.slots_mu);
    if (L.free_n) {
        c = L.slots[L.free_list[--L.free_n]];
    } else if (L.made < L.max) {
        c = xcalloc(1, sizeof *c);
        pthread_mutex_init(&c->mu, NULL);
        c->index = L.made;
        c->fd = -1;
        L.slots[c->index] = c;
        atomic_store(&L.made, L.made + 1);
    }
    pthread_mutex_unlock(&L.slots_mu);
    return c;
}

static void slot_give_back(conn *c)
{
    pthread_mutex_lock(&L.slots_mu);
    L.free_list[L.free_n++] = c->index;
    pthread_mutex_unlock(&L.slots_mu);
    listener_resume(true);
}

/* The exchange is over: the answer's bytes go, its done callback runs. */
static void exchange_end(conn *c)
{
    if (!c->answering) return;
    c->answering = false;
    free(c->ans.bytes);
    c->ans.bytes = NULL;
    if (c->ans.done) c->ans.done(c->ans.ctx);
}

static void request_forget(conn *c)
{
    c->head_done = c->chunked = c->continue_sent = c->expect_continue = false;
    c->head_len = 0;
    c->content_length = 0;
    c->request_started = c->in_len ? now_ms() : 0;
}

/* Closes (with a TCP reset when reset) and frees the slot. By the owner. */
static void conn_close(conn *c, bool reset)
{
    if (reset) {
        struct linger lg = {1, 0};
        setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    epoll_ctl(L.epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    exchange_end(c);
    free(c->in);
    c->in = NULL;
    c->in_len = c->in_cap = 0;
    request_forget(c);
    pthread_mutex_lock(&c->mu);
    c->gen++;
    c->fd = -1;
    c->state = C_FREE;
    c->deadline = 0;
    pthread_mutex_unlock(&c->mu);
    atomic_fetch_sub(&L.open, 1);
    slot_give_back(c);
}

/* After the last answer: stop sending, read (and drop) what the client
 * still sends for a moment, so that closing does not reset the
 * connection before the client has read the answer. */
static void conn_linger(conn *c)
{
    shutdown(c->fd, SHUT_WR);
    c->in_len = 0;
    request_forget(c);
    conn_hand_back(c, C_DRAINING, EPOLLIN | EPOLLRDHUP, now_ms() + LINGER_MS);
}

static void conn_drain(conn *c)
{
    char sink[4096];
    for (;;) {
        ssize_t n = recv(c->fd, sink, sizeof sink, 0);
        if (n > 0) continue;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        conn_close(c, false);
        return;
    }
    pthread_mutex_lock(&c->mu);
    double deadline = c->deadline;
    pthread_mutex_unlock(&c->mu);
    conn_hand_back(c, C_DRAINING, EPOLLIN | EPOLLRDHUP, deadline);
}

/* ------------------------------------------------------------- writing */

/* Writes what is left of the answer. STEP_NEXT when all of it went and
 * the connection reads on; STEP_GONE otherwise (waiting to write more,
 * lingering, or closed). */
static step conn_write_some(conn *c)
{
    while (c->out_off < c->ans.len) {
        ssize_t n = send(c->fd, c->ans.bytes + c->out_off, c->ans.len - c->out_off, MSG_NOSIGNAL);
        if (n > 0) {
            c->out_off += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            conn_hand_back(c, C_WRITING, EPOLLOUT, now_ms() + L.opt.idle_timeout_ms);
            return STEP_GONE;
        } else {
            conn_close(c, false);
            return STEP_GONE;
        }
    }
    bool close_after = c->ans.close_after;
    exchange_end(c);
    if (close_after) {
        conn_linger(c);
        return STEP_GONE;
    }
    return STEP_NEXT;
}

/* The answer's action, once any wait is over. */
static step conn_act(conn *c)
{
    switch (c->ans.action) {
    case LOOP_SEND:
        return conn_write_some(c);
    case LOOP_RESET:
        conn_close(c, true);
        return STEP_GONE;
    case LOOP_CLOSE:
    case LOOP_HANG:
        shutdown(c->fd, SHUT_WR);
        conn_close(c, false);
        return STEP_GONE;
    }
    return STEP_GONE;
}

/* Takes the serve function's answer; waits first when it says so. */
static step conn_answer(conn *c, const loop_answer *ans)
{
    c->ans = *ans;
    c->answering = true;
    c->out_off = 0;
    if (ans->action == LOOP_HANG) {
        /* Watch for the client giving up; nothing else. */
        conn_hand_back(c, C_WAITING, EPOLLRDHUP, now_ms() + (ans->wait_ms > 0 ? ans->wait_ms : 0));
        return STEP_GONE;
    }
    if (ans->wait_ms > 0) {
        conn_hand_back(c, C_WAITING, 0, now_ms() + ans->wait_ms);
        return STEP_GONE;
    }
    return conn_act(c);
}

/* ------------------------------------------------------------- reading */

/* Serves a request read whole (status HTTP_DONE), or answers what was
 * wrong with it and closes after. consumed: its bytes in the buffer. */
static step conn_serve(conn *c, http_status status, const http_head *head, const char *why,
                       size_t body_len, size_t consumed)
{
    loop_request req = {status, head, why, head ? c->in + head->head_len : NULL, head ? body_len : 0};
    loop_answer ans;
    memset(&ans, 0, sizeof ans);
    L.serve(&req, &ans);
    if (status != HTTP_DONE) {
        ans.close_after = true;
        consumed = c->in_len;           /* the rest cannot be trusted */
    }
    memmove(c->in, c->in + consumed, c->in_len - consumed);
    c->in_len -= consumed;
    request_forget(c);
    return conn_answer(c, &ans);
}

/* Looks at what has arrived: STEP_MORE when the request is not whole yet. */
static step conn_take_request(conn *c)
{
    http_head head;
    if (!c->head_done) {
        if (c->in_len == 0) return STEP_MORE;
        if (!c->request_started) c->request_started = now_ms();
        http_status st = http_parse_head(c->in, c->in_len, &head);
        if (st == HTTP_MORE) return STEP_MORE;
        if (st != HTTP_DONE) return conn_serve(c, st, NULL, head.why, 0, 0);
        c->head_done = true;
        c->head_len = head.head_len;
        c->chunked = head.chunked;
        c->content_length = head.has_length ? head.content_length : 0;
        c->expect_continue = head.expect_continue;
        if (!c->chunked && c->content_length > HTTP_MAX_BODY)
            return conn_serve(c, HTTP_BODY_TOO_LARGE, &head, NULL, 0, 0);
        if (c->chunked) http_chunked_init(&c->chunk, c->head_len);
    }
    size_t body_len, consumed;
    bool whole;
    if (c->chunked) {
        http_status st = http_chunked_step(c->in, c->in_len, &c->chunk, HTTP_MAX_BODY);
        if (st < 0) {
            http_parse_head(c->in, c->head_len, &head);
            return conn_serve(c, st, &head, "a malformed chunked body", 0, 0);
        }
        whole = st == HTTP_DONE;
        body_len = c->chunk.out - c->head_len;
        consumed = c->chunk.raw;
        if (!whole && c->chunk.raw > c->chunk.out) {
            /* Keep the buffer to the decoded body and what is still raw. */
            memmove(c->in + c->chunk.out, c->in + c->chunk.raw, c->in_len - c->chunk.raw);
            c->in_len -= c->chunk.raw - c->chunk.out;
            c->chunk.raw = c->chunk.out;
        }
    } else {
        body_len = (size_t)c->content_length;
        consumed = c->head_len + body_len;
        whole = c->in_len >= consumed;
    }
    if (!whole) {
        if (c->expect_continue && !c->continue_sent) {
            static const char go_on[] = "HTTP/1.1 100 Continue\r\n\r\n";
            send(c->fd, go_on, sizeof go_on - 1, MSG_NOSIGNAL);
            c->continue_sent = true;
        }
        return STEP_MORE;
    }
    http_parse_head(c->in, c->head_len, &head);   /* spans into the buffer as it is now */
    return conn_serve(c, HTTP_DONE, &head, NULL, body_len, consumed);
}

/* Reads what the socket has: >0 bytes, 0 at the end, -1 nothing now, -2 an error. */
static ssize_t conn_fill(conn *c)
{
    if (c->in_cap - c->in_len < READ_CHUNK) {
        size_t cap = c->in_cap ? c->in_cap * 2 : 2 * READ_CHUNK;
        if (cap > BUFFER_MAX) cap = BUFFER_MAX;
        if (cap <= c->in_len) return -2;    /* cannot happen: the parser refuses first */
        c->in = xrealloc(c->in, cap);
        c->in_cap = cap;
    }
    for (;;) {
        ssize_t n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
        if (n > 0) {
            c->in_len += (size_t)n;
            return n;
        }
        if (n == 0) return 0;
        if (errno == EINTR) continue;
        return errno == EAGAIN || errno == EWOULDBLOCK ? -1 : -2;
    }
}

/* Waits for more of the request, or for the next one. */
static void conn_wait_to_read(conn *c)
{
    double now = now_ms(), deadline;
    if (c->in_len == 0 && !c->head_done) {
        if (c->in_cap > BUFFER_KEEP) {
            free(c->in);
            c->in = NULL;
            c->in_cap = 0;
        }
        deadline = now + L.opt.idle_timeout_ms;
    } else if (!c->head_done) {
        deadline = c->request_started + L.opt.request_timeout_ms;
    } else {
        deadline = now + L.opt.request_timeout_ms;     /* the body must keep coming */
    }
    conn_hand_back(c, C_READING, EPOLLIN, deadline);
}

/* Reads and serves requests until the socket has nothing more for now. */
static void conn_read(conn *c)
{
    for (;;) {
        if (atomic_load(&L.stopping)) {
            conn_close(c, false);
            return;
        }
        step s = conn_take_request(c);
        if (s == STEP_GONE) return;
        if (s == STEP_NEXT) {
            if (c->in_len == 0) {
                conn_wait_to_read(c);
                return;
            }
            continue;
        }
        ssize_t n = conn_fill(c);
        if (n > 0) continue;
        if (n == -1) {
            conn_wait_to_read(c);
            return;
        }
        conn_close(c, false);
        return;
    }
}

/* ------------------------------------------------------------ accepting */

static void conn_accept_all(void)
{
    for (;;) {
        conn *c = slot_take();
        if (!c) {
            listener_pause(0);
            return;
        }
        int fd = accept4(L.listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            int e = errno;
            slot_give_back(c);
            if (e == EINTR || e == ECONNABORTED) continue;
            if (e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM) {
                listener_pause(now_ms() + 100);
                return;
            }
            break;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        atomic_fetch_add(&L.open, 1);
        pthread_mutex_lock(&c->mu);
        c->fd = fd;
        c->state = C_READING;
        c->deadline = now_ms() + L.opt.idle_timeout_ms;
        struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT, .data.u64 = conn_key(c)};
        int added = epoll_ctl(L.epfd, EPOLL_CTL_ADD, fd, &ev);
        pthread_mutex_unlock(&c->mu);
        if (added != 0) {
            pthread_mutex_lock(&c->mu);
            c->state = C_BUSY;
            pthread_mutex_unlock(&c->mu);
            conn_close(c, false);
        }
    }
    listener_arm();
}

/* ------------------------------------------------------------- threads */

static void on_event(uint64_t key, uint32_t events)
{
    (void)events;
    uint32_t index = (uint32_t)key, gen = (uint32_t)(key >> 32);
    if (index >= atomic_load(&L.made)) return;
    conn *c = L.slots[index];
    pthread_mutex_lock(&c->mu);
    int was = c->state;
    bool mine = c->gen == gen && c->fd >= 0 && was != C_BUSY && was != C_FREE;
    if (mine) c->state = C_BUSY;
    pthread_mutex_unlock(&c->mu);
    if (!mine) return;
    switch (was) {
    case C_READING:
        conn_read(c);
        break;
    case C_WRITING:
        if (conn_write_some(c) == STEP_NEXT) conn_read(c);
        break;
    case C_WAITING:     /* a hang's client gave up */
        conn_close(c, false);
        break;
    case C_DRAINING:
        conn_drain(c);
        break;
    }
}

static void *worker_main(void *arg)
{
    (void)arg;
    while (!atomic_load(&L.stopping)) {
        struct epoll_event ev;
        int n = epoll_wait(L.epfd, &ev, 1, -1);
        if (n <= 0 || atomic_load(&L.stopping)) continue;
        if (ev.data.u64 == KEY_STOP) continue;
        if (ev.data.u64 == KEY_LISTEN) conn_accept_all();
        else on_event(ev.data.u64, ev.events);
    }
    return NULL;
}

/* A connection whose deadline passed, now owned by the timer. */
static void conn_expire(conn *c, int was)
{
    if (was == C_WAITING && c->ans.action == LOOP_SEND) {
        conn_hand_back(c, C_WRITING, EPOLLOUT, now_ms() + L.opt.idle_timeout_ms);
    } else if (was == C_WAITING) {
        conn_act(c);
    } else {
        conn_close(c, false);   /* a stalled request, an idle connection, a client not reading */
    }
}

static void *timer_main(void *arg)
{
    (void)arg;
    while (!atomic_load(&L.stopping)) {
        double now = now_ms(), next = now + 1000;
        uint32_t made = atomic_load(&L.made);
        for (uint32_t i = 0; i < made; i++) {
            conn *c = L.slots[i];
            pthread_mutex_lock(&c->mu);
            int was = c->state;
            bool due = c->fd >= 0 && was != C_BUSY && was != C_FREE && c->deadline > 0;
            if (due && c->deadline > now) {
                if (c->deadline < next) next = c->deadline;
                due = false;
            }
            if (due) c->state = C_BUSY;
            pthread_mutex_unlock(&c->mu);
            if (due) conn_expire(c, was);
        }
        listener_resume(false);
        pthread_mutex_lock(&L.listen_mu);
        if (L.listen_paused && L.listen_resume_at && L.listen_resume_at < next) next = L.listen_resume_at;
        pthread_mutex_unlock(&L.listen_mu);

        pthread_mutex_lock(&L.timer_mu);
        L.timer_next = next;
        while (!L.timer_kick && !atomic_load(&L.stopping) && now_ms() < next) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            double wait = next - now_ms();
            if (wait < 0) wait = 0;
            ts.tv_sec += (time_t)(wait / 1000);
            ts.tv_nsec += (long)((wait - (double)(long)(wait / 1000) * 1000) * 1e6) + 1000000;
            if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
            pthread_cond_timedwait(&L.timer_cv, &L.timer_mu, &ts);
        }
        L.timer_kick = false;
        L.timer_next = 0;       /* looking now: a deadline set meanwhile makes it look again */
        pthread_mutex_unlock(&L.timer_mu);
    }
    return NULL;
}

/* ------------------------------------------------------------ lifecycle */

/* As many connections as the descriptor limit allows (raised to its hard
 * limit), leaving room for files, the journal and recordings. */
static uint32_t connection_limit(int wanted)
{
    struct rlimit rl;
    rlim_t fds = 1024;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        if (rl.rlim_cur < rl.rlim_max) {
            rlim_t old = rl.rlim_cur;
            rl.rlim_cur = rl.rlim_max;
            if (setrlimit(RLIMIT_NOFILE, &rl) != 0) rl.rlim_cur = old;
        }
        fds = rl.rlim_cur;
    }
    rlim_t room = fds > 128 ? fds - 64 : fds / 2;
    rlim_t n = wanted > 0 ? (rlim_t)wanted : MAX_CONNECTIONS_CAP;
    if (n > room) n = room;
    return n < 1 ? 1 : (uint32_t)n;
}

static int listen_socket(const char *bind_addr, int port, char *err, size_t errlen)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    int rc = getaddrinfo(bind_addr, service, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", bind_addr, port, gai_strerror(rc));
        return -1;
    }
    int fd = -1, why = 0;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            why = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
            why = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) snprintf(err, errlen, "cannot listen on %s:%d: %s", bind_addr, port, strerror(why));
    return fd;
}

static int bound_port(int fd)
{
    struct sockaddr_storage a;
    socklen_t len = sizeof a;
    if (getsockname(fd, (struct sockaddr *)&a, &len) != 0) return -1;
    if (a.ss_family == AF_INET) return ntohs(((struct sockaddr_in *)&a)->sin_port);
    return ntohs(((struct sockaddr_in6 *)&a)->sin6_port);
}

int loop_start(const loop_options *opts, loop_serve_fn serve, char *err, size_t errlen)
{
    memset(&L.opt, 0, sizeof L.opt);
    L.opt = *opts;
    if (L.opt.threads < 1) L.opt.threads = 1;
    if (L.opt.request_timeout_ms < 1) L.opt.request_timeout_ms = 5000;
    if (L.opt.idle_timeout_ms < 1) L.opt.idle_timeout_ms = 15000;
    L.serve = serve;
    atomic_store(&L.stopping, false);
    L.listen_fd = listen_socket(opts->bind, opts->port, err, errlen);
    if (L.listen_fd < 0) return -1;
    int port = bound_port(L.listen_fd);
    L.epfd = epoll_create1(EPOLL_CLOEXEC);
    L.stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    struct epoll_event lev = {.events = EPOLLIN | EPOLLONESHOT, .data.u64 = KEY_LISTEN};
    struct epoll_event sev = {.events = EPOLLIN, .data.u64 = KEY_STOP};
    if (L.epfd < 0 || L.stop_fd < 0 || epoll_ctl(L.epfd, EPOLL_CTL_ADD, L.listen_fd, &lev) != 0 ||
        epoll_ctl(L.epfd, EPOLL_CTL_ADD, L.stop_fd, &sev) != 0) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", opts->bind, opts->port, strerror(errno));
        if (L.epfd >= 0) close(L.epfd);
        if (L.stop_fd >= 0) close(L.stop_fd);
        close(L.listen_fd);
        return -1;
    }
    L.max = connection_limit(opts->max_connections);
    L.slots = xcalloc(L.max, sizeof *L.slots);
    L.free_list = xcalloc(L.max, sizeof *L.free_list);
    L.free_n = 0;
    atomic_store(&L.made, 0);
    atomic_store(&L.open, 0);
    L.listen_paused = false;
    L.timer_next = 0;
    L.timer_kick = false;

    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&L.timer_cv, &ca);
    pthread_condattr_destroy(&ca);
    L.timer_running = pthread_create(&L.timer, NULL, timer_main, NULL) == 0;
    L.workers = xcalloc((size_t)L.opt.threads, sizeof *L.workers);
    L.num_workers = 0;
    for (int i = 0; i < L.opt.threads; i++)
        if (pthread_create(&L.workers[L.num_workers], NULL, worker_main, NULL) == 0) L.num_workers++;
    if (!L.timer_running || L.num_workers == 0) {
        snprintf(err, errlen, "cannot start threads: %s", strerror(errno));
        loop_stop();
        return -1;
    }
    return port;
}

void loop_stop(void)
{
    if (!L.slots) return;
    atomic_store(&L.stopping, true);
    uint64_t one = 1;
    if (write(L.stop_fd, &one, sizeof one) < 0) { /* the flag alone stops them on their next event */ }
    pthread_mutex_lock(&L.timer_mu);
    L.timer_kick = true;
    pthread_cond_signal(&L.timer_cv);
    pthread_mutex_unlock(&L.timer_mu);
    for (int i = 0; i < L.num_workers; i++) pthread_join(L.workers[i], NULL);
    if (L.timer_running) pthread_join(L.timer, NULL);
    L.timer_running = false;
    free(L.workers);
    L.workers = NULL;
    L.num_workers = 0;
    uint32_t made = atomic_load(&L.made);
    for (uint32_t i = 0; i < made; i++) {
        conn *c = L.slots[i];
        if (c->fd >= 0) conn_close(c, false);
    }
    for (uint32_t i = 0; i < made; i++) {
        pthread_mutex_destroy(&L.slots[i]->mu);
        free(L.slots[i]);
    }
    free(L.slots);
    free(L.free_list);
    L.slots = NULL;
    L.free_list = NULL;
    pthread_cond_destroy(&L.timer_cv);
    close(L.listen_fd);
    close(L.stop_fd);
    close(L.epfd);
}

int loop_open_connections(void) { return atomic_load(&L.open); }

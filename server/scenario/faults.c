/* faults.c -- what a scenario does to the socket: delays, hangs, resets and closes without a response */
#include <arpa/inet.h>
#include <civetweb.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "model/clock.h"
#include "scenario/scenario.h"

/* civetweb 1.15 has no public accessor for a connection's socket. The
 * socket is found instead among the process's descriptors as the one whose
 * peer is the request's remote address and port and whose local port is
 * the server port: exactly one socket matches while the request is being
 * handled. To end the connection without closing civetweb's descriptor
 * under it (a double close could hit a reused number), dup2 puts a fresh,
 * unconnected socket at that number: the connection's last reference goes,
 * the kernel sends FIN (or RST with SO_LINGER 0), and civetweb's later
 * reads, writes and close act on the harmless stand-in. */

static atomic_bool waits_stopping;

void scenario_waits_stop(bool stopping) { atomic_store(&waits_stopping, stopping); }

/* Each delay and hang holds a worker thread while it waits: at most
 * waits_limit of them at once, so that they can never take the workers
 * other requests need. */
static atomic_int waits_now, waits_limit = 1;

void scenario_waits_limit(int limit) { atomic_store(&waits_limit, limit > 0 ? limit : 1); }

int scenario_waits_max(void) { return atomic_load(&waits_limit); }

bool scenario_wait_take(void)
{
    int now = atomic_load(&waits_now);
    do {
        if (now >= atomic_load(&waits_limit)) return false;
    } while (!atomic_compare_exchange_weak(&waits_now, &now, now + 1));
    return true;
}

void scenario_wait_give(void) { atomic_fetch_sub(&waits_now, 1); }

static const char *const fault_names[] = {
    [FAULT_NONE] = "none", [FAULT_RESET] = "reset", [FAULT_EMPTY] = "empty",
    [FAULT_MALFORMED] = "malformed", [FAULT_TRUNCATE] = "truncate", [FAULT_HANG] = "hang",
};

int scenario_fault_parse(const char *name)
{
    for (int f = FAULT_RESET; f <= FAULT_HANG; f++)
        if (strcmp(name, fault_names[f]) == 0) return f;
    return -1;
}

const char *scenario_fault_name(zm_fault fault)
{
    return fault >= FAULT_NONE && fault <= FAULT_HANG ? fault_names[fault] : "none";
}

/* ------------------------------------------------------------- waiting */

static void sleep_slice(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

void scenario_sleep_ms(int ms)
{
    double end = clock_monotonic_ms() + ms;
    for (;;) {
        double left = end - clock_monotonic_ms();
        if (left <= 0 || atomic_load(&waits_stopping)) return;
        sleep_slice(left > 50 ? 50 : (int)left + 1);
    }
}

/* ---------------------------------------------------- finding the socket */

static bool socket_matches(int fd, const struct mg_request_info *ri)
{
    struct sockaddr_storage peer, local;
    socklen_t plen = sizeof peer, llen = sizeof local;
    if (getpeername(fd, (struct sockaddr *)&peer, &plen) != 0) return false;
    if (getsockname(fd, (struct sockaddr *)&local, &llen) != 0) return false;
    char addr[INET6_ADDRSTRLEN] = "";
    int peer_port, local_port;
    if (peer.ss_family == AF_INET) {
        const struct sockaddr_in *p = (const struct sockaddr_in *)&peer;
        inet_ntop(AF_INET, &p->sin_addr, addr, sizeof addr);
        peer_port = ntohs(p->sin_port);
        local_port = ntohs(((const struct sockaddr_in *)&local)->sin_port);
    } else if (peer.ss_family == AF_INET6) {
        const struct sockaddr_in6 *p = (const struct sockaddr_in6 *)&peer;
        inet_ntop(AF_INET6, &p->sin6_addr, addr, sizeof addr);
        peer_port = ntohs(p->sin6_port);
        local_port = ntohs(((const struct sockaddr_in6 *)&local)->sin6_port);
    } else {
        return false;
    }
    return peer_port == ri->remote_port && local_port == ri->server_port &&
           strcmp(addr, ri->remote_addr) == 0;
}

/* The connection's descriptor, or -1. */
static int connection_fd(struct mg_connection *conn)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    if (!ri) return -1;
    int found = -1;
    DIR *d = opendir("/proc/self/fd");
    if (d) {
        int dir_fd = dirfd(d);
        struct dirent *e;
        while (found < 0 && (e = readdir(d)) != NULL) {
            char *end;
            long fd = strtol(e->d_name, &end, 10);
            if (*end || end == e->d_name || fd == dir_fd) continue;
            if (socket_matches((int)fd, ri)) found = (int)fd;
        }
        closedir(d);
        return found;
    }
    for (int fd = 3; fd < 4096 && found < 0; fd++)
        if (socket_matches(fd, ri)) found = fd;
    return found;
}

/* ------------------------------------------------------------- faults */

int scenario_close_connection(struct mg_connection *conn, bool reset)
{
    int fd = connection_fd(conn);
    if (fd < 0) {
        fprintf(stderr, "zoho-mock: scenario fault: the connection's socket was not found\n");
        return -1;
    }
    if (reset) {
        struct linger lg = {1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    } else {
        shutdown(fd, SHUT_WR);
    }
    int stand_in = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (stand_in >= 0 && dup2(stand_in, fd) >= 0) {
        close(stand_in);
        return 0;
    }
    if (stand_in >= 0) close(stand_in);
    shutdown(fd, SHUT_RDWR);
    return 0;
}

void scenario_hang(struct mg_connection *conn, int ms)
{
    int fd = connection_fd(conn);
    double end = clock_monotonic_ms() + ms;
    for (;;) {
        double left = end - clock_monotonic_ms();
        if (left <= 0 || atomic_load(&waits_stopping)) return;
        int slice = left > 50 ? 50 : (int)left + 1;
        if (fd < 0) {
            sleep_slice(slice);
            continue;
        }
        struct pollfd p = {fd, POLLIN | POLLRDHUP, 0};
        int r = poll(&p, 1, slice);
        if (r <= 0) continue;
        if (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) return;   /* the client gave up */
        char c;
        ssize_t k = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
        if (k == 0) return;
        sleep_slice(slice);     /* it sent more: wait on without spinning */
    }
}

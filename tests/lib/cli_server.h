/* cli_server.h -- test helper: the real zoho-mock binary started with flags, and requests to it */
#ifndef ZM_TEST_CLI_SERVER_H
#define ZM_TEST_CLI_SERVER_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <criterion/criterion.h>

#include "tmpdir.h"

/* The binary under test: make passes the sanitizer build's path. */
static inline const char *binary(void)
{
    const char *b = getenv("ZOHO_MOCK_BIN");
    return b ? b : "build/zoho-mock";
}

typedef struct running {
    pid_t pid;
    int port;           /* 0 when it did not start */
    int exit_code;      /* when it exited at start */
    char out[4096];     /* stdout up to the ready line (or all of it) */
    char err_path[512];
} running;

/* Starts the binary with --port 0 --quiet and args; waits (bounded) for the
 * ready line or for the exit. */
static inline void spawn(running *r, const char *const *args)
{
    memset(r, 0, sizeof *r);
    snprintf(r->err_path, sizeof r->err_path, "%s/zm-scn-cli-%d-%d", ttmpdir(), getpid(), rand());
    int pipefd[2];
    cr_assert_eq(pipe(pipefd), 0);
    const char *argv[32] = {binary(), "--port", "0", "--quiet"};
    int argc = 4;
    for (int i = 0; args[i] && argc < 31; i++) argv[argc++] = args[i];
    argv[argc] = NULL;
    r->pid = fork();
    cr_assert(r->pid >= 0);
    if (r->pid == 0) {
        dup2(pipefd[1], 1);
        FILE *e = fopen(r->err_path, "w");
        if (e) dup2(fileno(e), 2);
        close(pipefd[0]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(pipefd[1]);
    size_t len = 0;
    for (;;) {
        struct pollfd p = {pipefd[0], POLLIN, 0};
        if (poll(&p, 1, 20000) <= 0) break;
        ssize_t k = read(pipefd[0], r->out + len, sizeof r->out - 1 - len);
        if (k <= 0) break;
        len += (size_t)k;
        r->out[len] = '\0';
        const char *at = strstr(r->out, "listening on http://");
        const char *eol = at ? strchr(at, '\n') : NULL;
        if (eol) {
            const char *colon = at;
            for (const char *c = at + 20; c < eol && *c != ' '; c++)
                if (*c == ':') colon = c;
            r->port = atoi(colon + 1);
            break;
        }
    }
    close(pipefd[0]);
    if (!r->port) {
        int status = 0;
        waitpid(r->pid, &status, 0);
        r->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r->pid = 0;
    }
}

static inline void stop_running(running *r)
{
    if (r->pid > 0) {
        kill(r->pid, SIGTERM);
        int status = 0;
        waitpid(r->pid, &status, 0);
        r->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r->pid = 0;
    }
}

static inline void read_err(const running *r, char *buf, size_t size)
{
    buf[0] = '\0';
    FILE *f = fopen(r->err_path, "r");
    if (!f) return;
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
    unlink(r->err_path);
}

/* One request to port with Connection: close: method, path, extra header
 * lines ("Name: value\r\n"..., or NULL) and body (or NULL). The status in
 * *status, the response's header block in headers (when given), the body
 * parsed as JSON (or NULL). */
static inline cJSON *cli_request(int port, const char *method, const char *path, const char *header_lines,
                                 const char *body, int *status, char *headers, size_t headers_size)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert(fd >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0, "%s", strerror(errno));
    char req[4096];
    int n = snprintf(req, sizeof req, "%s %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%sContent-Length: %zu\r\n\r\n%s",
                     method, path, header_lines ? header_lines : "", body ? strlen(body) : 0, body ? body : "");
    cr_assert_eq(send(fd, req, (size_t)n, 0), n);
    static char buf[1 << 16];
    size_t len = 0;
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 10000) <= 0) break;
        ssize_t k = recv(fd, buf + len, sizeof buf - 1 - len, 0);
        if (k <= 0) break;
        len += (size_t)k;
    }
    buf[len] = '\0';
    close(fd);
    *status = len > 12 ? atoi(buf + 9) : 0;
    const char *end = strstr(buf, "\r\n\r\n");
    if (headers) snprintf(headers, headers_size, "%.*s", end ? (int)(end - buf) : (int)len, buf);
    return end ? cJSON_Parse(end + 4) : NULL;
}

/* GET path on port with Connection: close; the parsed JSON body (or NULL). */
static inline cJSON *get_json(int port, const char *path, const char *token, int *status)
{
    char auth[512] = "";
    if (token) snprintf(auth, sizeof auth, "Authorization: Zoho-oauthtoken %s\r\n", token);
    return cli_request(port, "GET", path, auth, NULL, status, NULL, 0);
}

#endif

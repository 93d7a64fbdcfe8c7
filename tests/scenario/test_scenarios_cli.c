/* test_scenarios_cli.c -- --scenario and --seed on the real binary: activation at start, load failures, repeatable randomness */
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
static const char *binary(void)
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
static void spawn(running *r, const char *const *args)
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
        const char *at = strstr(r->out, "listening on http://127.0.0.1:");
        if (at && strchr(at, '\n')) {
            r->port = atoi(at + strlen("listening on http://127.0.0.1:"));
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

static void stop_running(running *r)
{
    if (r->pid > 0) {
        kill(r->pid, SIGTERM);
        int status = 0;
        waitpid(r->pid, &status, 0);
        r->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r->pid = 0;
    }
}

static void read_err(const running *r, char *buf, size_t size)
{
    buf[0] = '\0';
    FILE *f = fopen(r->err_path, "r");
    if (!f) return;
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
    unlink(r->err_path);
}

/* GET path on port with Connection: close; the parsed JSON body (or NULL). */
static cJSON *get_json(int port, const char *path, const char *token, int *status)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert(fd >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0, "%s", strerror(errno));
    char req[1024];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%s%s%s\r\n", path,
                     token ? "Authorization: Zoho-oauthtoken " : "", token ? token : "", token ? "\r\n" : "");
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
    const char *body = strstr(buf, "\r\n\r\n");
    return body ? cJSON_Parse(body + 4) : NULL;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* Three zoho.random values of a server started with these args. */
static void random_values(const char *const *args, char *out, size_t size)
{
    running r;
    spawn(&r, args);
    cr_assert_gt(r.port, 0, "did not start: %s", r.out);
    out[0] = '\0';
    for (int i = 0; i < 3; i++) {
        int status;
        cJSON *j = get_json(r.port, "/inventory/v1/users?organization_id=10234695", "1000.full.john", &status);
        cr_assert_eq(status, 200);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "r");
        cr_assert(cJSON_IsNumber(v));
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%.0f,", v->valuedouble);
        cJSON_Delete(j);
    }
    stop_running(&r);
    cr_assert_eq(r.exit_code, 0);
    char err[4096];
    read_err(&r, err, sizeof err);
}

Test(scenarios_cli, seed_makes_zoho_random_repeat, .timeout = 120)
{
    char script[512];
    snprintf(script, sizeof script, "%s/zm-seed-%d.lua", ttmpdir(), getpid());
    write_file(script, "function on_request(req) return {status = 200, body = {r = zoho.random(1000000000)}} end\n");
    char a[256], b[256], c[256], d[256], e[256];
    random_values((const char *const[]){"--scenario", script, "--seed", "7", NULL}, a, sizeof a);
    random_values((const char *const[]){"--seed", "7", "--scenario", script, NULL}, b, sizeof b);
    random_values((const char *const[]){"--scenario", script, "--seed", "8", NULL}, c, sizeof c);
    random_values((const char *const[]){"--scenario", script, NULL}, d, sizeof d);
    random_values((const char *const[]){"--scenario", script, "--seed", "0", NULL}, e, sizeof e);
    unlink(script);
    cr_assert_str_eq(a, b);
    cr_assert_str_neq(a, c);
    cr_assert_str_eq(d, e, "the default seed is 0");
}

Test(scenarios_cli, scenarios_given_at_start_are_active, .timeout = 60)
{
    running r;
    spawn(&r, (const char *const[]){"--scenario", "scenarios/small_pages.lua", "--scenario",
                                    "scenarios/flaky_then_ok.lua", NULL});
    cr_assert_gt(r.port, 0, "did not start: %s", r.out);
    int status;
    cJSON *j = get_json(r.port, "/__admin/scenarios", NULL, &status);
    cr_assert_eq(status, 200);
    cJSON *list = cJSON_GetObjectItemCaseSensitive(j, "scenarios");
    cr_assert_eq(cJSON_GetArraySize(list), 2);
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(list, 0), "name")->valuestring,
                     "small_pages.lua");
    cJSON_Delete(j);
    j = get_json(r.port, "/inventory/v1/items?organization_id=10234695", "1000.full.john", &status);
    cr_assert_eq(status, 500);
    cJSON_Delete(j);
    stop_running(&r);
    cr_assert_eq(r.exit_code, 0);
    char err[4096];
    read_err(&r, err, sizeof err);
}

Test(scenarios_cli, a_scenario_that_fails_to_load_stops_the_start, .timeout = 60)
{
    char script[512];
    snprintf(script, sizeof script, "%s/zm-bad-%d.lua", ttmpdir(), getpid());
    write_file(script, "-- a broken scenario\nfunction on_request(req\nend\n");
    running r;
    spawn(&r, (const char *const[]){"--scenario", script, NULL});
    unlink(script);
    cr_assert_eq(r.port, 0, "it started");
    cr_assert_eq(r.exit_code, 2);
    char err[4096];
    read_err(&r, err, sizeof err);
    /* Lua shortens a long chunk name from the left: the file's name and the
     * line are always there. */
    char want[1200];
    snprintf(want, sizeof want, "zoho-mock: scenario %s: ", script);
    cr_assert(strstr(err, want), "%s", err);
    snprintf(want, sizeof want, "%s:3:", strrchr(script, '/') + 1);
    cr_assert(strstr(err, want), "%s", err);

    spawn(&r, (const char *const[]){"--scenario", "/no/such/file.lua", NULL});
    cr_assert_eq(r.exit_code, 2);
    read_err(&r, err, sizeof err);
    cr_assert(strstr(err, "cannot read /no/such/file.lua"), "%s", err);

    spawn(&r, (const char *const[]){"--seed", "-3", NULL});
    cr_assert_eq(r.exit_code, 2);
    read_err(&r, err, sizeof err);
    cr_assert(strstr(err, "--seed needs a whole number"), "%s", err);
}

/* test_cli.c -- the zoho-mock command line: flags, exit codes, the ready line, clean stop on SIGTERM */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "http/router.h"
#include "http/server.h"
#include "http_client.h"
#include "tmpdir.h"

/* The binary under test: make passes the sanitizer build's path. */
static const char *binary(void)
{
    const char *b = getenv("ZOHO_MOCK_BIN");
    return b ? b : "build/zoho-mock";
}

typedef struct run_result {
    int exit_code;
    char out[4096];
    char err[4096];
} run_result;

/* Runs the binary with up to 8 arguments to completion. */
static run_result run(const char *const *args)
{
    run_result r;
    memset(&r, 0, sizeof r);
    char cmd[4096], path[512];
    snprintf(path, sizeof path, "%s/zm-cli-err-%d", ttmpdir(), getpid());
    int n = snprintf(cmd, sizeof cmd, "%s", binary());
    for (int i = 0; args[i]; i++) n += snprintf(cmd + n, sizeof cmd - (size_t)n, " '%s'", args[i]);
    snprintf(cmd + n, sizeof cmd - (size_t)n, " 2>'%s'", path);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t got = fread(r.out, 1, sizeof r.out - 1, p);
    r.out[got] = '\0';
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    FILE *e = fopen(path, "r");
    if (e) {
        got = fread(r.err, 1, sizeof r.err - 1, e);
        r.err[got] = '\0';
        fclose(e);
        unlink(path);
    }
    return r;
}

Test(cli, help_and_version)
{
    run_result r = run((const char *const[]){"--help", NULL});
    cr_assert_eq(r.exit_code, 0);
    cr_assert_not_null(strstr(r.out, "--fixtures FILE"));
    cr_assert_not_null(strstr(r.out, "--port N"));
    r = run((const char *const[]){"--version", NULL});
    cr_assert_eq(r.exit_code, 0);
    cr_assert(strncmp(r.out, "zoho-mock ", 10) == 0, "%s", r.out);
}

typedef struct bad_args {
    int argc;
    char args[4][64];
    char expect[96];
} bad_args;

ParameterizedTestParameters(cli, bad_input_exits_2_with_one_message)
{
    static bad_args cases[] = {
        {1, {"--frobnicate"}, "unknown option '--frobnicate'"},
        {2, {"--port", "70000"}, "--port needs a number from 0 to 65535"},
        {2, {"--port", "eighty"}, "--port needs a number"},
        {1, {"--port"}, "--port needs a number"},
        {2, {"--threads", "0"}, "--threads needs a number"},
        {2, {"--fixtures", "/nonexistent/zm.json"}, "/nonexistent/zm.json: cannot read"},
        {2, {"--fixtures", "tests/cli/test_cli.c"}, "tests/cli/test_cli.c: invalid JSON"},
        {4, {"--bind", "300.1.1.1", "--port", "0"}, "cannot listen on 300.1.1.1"},
        {2, {"routes", "--json"}, "unknown routes option '--json'"},
    };
    return cr_make_param_array(bad_args, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(bad_args *c, cli, bad_input_exits_2_with_one_message)
{
    const char *args[5] = {NULL};
    for (int i = 0; i < c->argc; i++) args[i] = c->args[i];
    run_result r = run(args);
    cr_assert_eq(r.exit_code, 2, "exit %d for %s: %s", r.exit_code, c->args[0], r.err);
    cr_assert_not_null(strstr(r.err, c->expect), "stderr: %s", r.err);
    cr_assert_eq(strchr(r.err, '\n'), r.err + strlen(r.err) - 1, "one line: %s", r.err);
    cr_assert_null(strstr(r.out, "listening"), "nothing started");
}

Test(cli, port_0_prints_the_port_and_sigterm_stops_cleanly, .timeout = 30)
{
    int out[2];
    cr_assert_eq(pipe(out), 0);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        execl(binary(), binary(), "--port", "0", NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[512] = "", curl_line[512] = "";
    /* Blocks until the server says it listens: no sleeping. */
    cr_assert_not_null(fgets(line, sizeof line, f));
    cr_assert_not_null(fgets(curl_line, sizeof curl_line, f));
    int port = 0;
    const char *p = strstr(line, "http://127.0.0.1:");
    cr_assert_not_null(p, "%s", line);
    port = atoi(p + strlen("http://127.0.0.1:"));
    cr_assert_gt(port, 0);
    cr_assert_not_null(strstr(curl_line, "curl"), "%s", curl_line);
    cr_assert_not_null(strstr(curl_line, "Zoho-oauthtoken"), "%s", curl_line);

    /* The server answers on that port, and logs the request. */
    char cmd[256];
    snprintf(cmd, sizeof cmd, "curl -s http://127.0.0.1:%d/__admin/health", port);
    FILE *c = popen(cmd, "r");
    char body[512] = "";
    size_t got = fread(body, 1, sizeof body - 1, c);
    body[got] = '\0';
    pclose(c);
    cr_assert_not_null(strstr(body, "\"code\":0"), "%s", body);
    cr_assert_not_null(fgets(line, sizeof line, f));
    cr_assert_not_null(strstr(line, "GET /__admin/health 200"), "log line: %s", line);
    cr_assert_not_null(strstr(line, "ms"), "log line has the duration: %s", line);

    kill(pid, SIGTERM);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "clean exit, status %d", status);
    fclose(f);
}

Test(cli, quiet_logs_nothing_per_request, .timeout = 30)
{
    int out[2];
    cr_assert_eq(pipe(out), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        execl(binary(), binary(), "--port", "0", "--quiet", NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[512];
    cr_assert_not_null(fgets(line, sizeof line, f));
    int port = atoi(strstr(line, "http://127.0.0.1:") + strlen("http://127.0.0.1:"));
    cr_assert_not_null(fgets(line, sizeof line, f)); /* the curl line */
    char cmd[256];
    snprintf(cmd, sizeof cmd, "curl -s -o /dev/null http://127.0.0.1:%d/__admin/health", port);
    cr_assert_eq(system(cmd), 0);
    kill(pid, SIGINT);
    int status;
    waitpid(pid, &status, 0);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* After the two start-up lines, nothing: the pipe is at EOF. */
    cr_assert_null(fgets(line, sizeof line, f), "unexpected output: %s", line);
    fclose(f);
}

/* `zoho-mock routes`: one line per route (method, pattern, name, scope),
 * as many as the router has; --markdown: the Zoho routes as table rows. */
Test(cli, routes_lists_every_route)
{
    char err[256];
    cr_assert_eq(server_routes_ready(err, sizeof err), 0, "%s", err);
    for (int markdown = 0; markdown <= 1; markdown++) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "%s routes%s", binary(), markdown ? " --markdown" : "");
        FILE *p = popen(cmd, "r");
        cr_assert_not_null(p);
        char line[1024];
        size_t lines = 0, expected = 0;
        bool create = false, admin = false;
        while (fgets(line, sizeof line, p)) {
            char method[16], pattern[256], name[128], scope[128];
            lines++;
            if (markdown) {
                create |= strcmp(line, "| `salesorders.create` | POST | `/inventory/v1/salesorders` | "
                                       "ZohoInventory.salesorders.CREATE |\n") == 0;
                admin |= strstr(line, "__admin") != NULL;
                continue;
            }
            cr_assert_eq(sscanf(line, "%15s %255s %127s %127s", method, pattern, name, scope), 4, "%s", line);
            create |= !strcmp(method, "POST") && !strcmp(pattern, "/inventory/v1/salesorders") &&
                      !strcmp(name, "salesorders.create") && !strcmp(scope, "ZohoInventory.salesorders.CREATE");
            admin |= !strcmp(name, "admin.reset") && !strcmp(scope, "-");
        }
        cr_assert_eq(pclose(p), 0);
        for (size_t i = 0; i < router_count(); i++) expected += !markdown || router_route(i)->kind != ROUTE_PUBLIC;
        cr_assert_eq(lines, expected, "%zu lines for %zu routes", lines, expected);
        cr_assert(create, "salesorders.create is listed");
        cr_assert(markdown ? !admin : admin, "the admin routes are listed without --markdown only");
    }
}

/* test_cli.c -- the zoho-mock command line: flags, subcommands, exit codes, the ready line, clean stop on SIGTERM */
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "http/router.h"
#include "http/server.h"
#include "http_client.h"
#include "tmpdir.h"
#include "util/file.h"

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

/* Runs the binary with up to 8 arguments to completion; keeps the first 4 KB of stdout. */
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
    char rest[4096];    /* the output beyond what is kept, read to its end */
    while (fread(rest, 1, sizeof rest, p) > 0) continue;
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
    cr_assert_not_null(strstr(r.out, "zoho-mock fixtures | scenarios [NAME]"));
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

/* ------------------------------------------------ the built-in files */

/* The whole of a file of the checkout (the caller frees it). */
static char *slurp(const char *path, size_t *len)
{
    char why[256];
    char *text = file_read(path, 0, len, NULL, why, sizeof why);
    cr_assert_not_null(text, "%s: %s", path, why);
    return text;
}

Test(cli, fixtures_prints_the_built_in_default_fixture)
{
    run_result r = run((const char *const[]){"fixtures", NULL});
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    size_t len;
    char *file = slurp("fixtures/default.json", &len);
    /* run() keeps 4 KB of output: the start of the file, byte for byte. */
    cr_assert_gt(strlen(r.out), 1000);
    cr_assert_eq(strncmp(r.out, file, strlen(r.out)), 0, "not the file's text: %.200s", r.out);
    free(file);
    r = run((const char *const[]){"fixtures", "extra", NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_assert_not_null(strstr(r.err, "fixtures takes no argument"), "%s", r.err);
}

Test(cli, scenarios_lists_every_example_and_prints_one)
{
    run_result r = run((const char *const[]){"scenarios", NULL});
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    glob_t g;
    cr_assert_eq(glob("scenarios/*.lua", 0, NULL, &g), 0);
    cr_assert_gt(g.gl_pathc, 0);
    int lines = 0;
    for (const char *p = r.out; *p; p++) lines += *p == '\n';
    cr_assert_eq((size_t)lines, g.gl_pathc, "one line per example:\n%s", r.out);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        /* "rate_limit.lua  Zoho's API limits: ..." from "-- rate_limit.lua -- Zoho's API limits: ..." */
        const char *name = g.gl_pathv[i] + strlen("scenarios/");
        size_t len;
        char *src = slurp(g.gl_pathv[i], &len);
        char summary[256];
        const char *start = strstr(src, " -- ");
        cr_assert_not_null(start, "%s has a first comment line", name);
        snprintf(summary, sizeof summary, "%.*s", (int)strcspn(start + 4, "\n"), start + 4);
        const char *line = strstr(r.out, name);
        cr_assert_not_null(line, "%s is listed:\n%s", name, r.out);
        cr_assert(line == r.out || line[-1] == '\n', "the name starts its line");
        const char *eol = strchr(line, '\n');
        cr_assert_not_null(strstr(line, summary), "%s: %s", name, summary);
        cr_assert_lt(strstr(line, summary), eol, "%s's summary on its own line", name);

        run_result one = run((const char *const[]){"scenarios", name, NULL});
        cr_assert_eq(one.exit_code, 0);
        cr_assert_eq(strncmp(one.out, src, strlen(one.out)), 0, "%s prints its source", name);
        free(src);
    }
    globfree(&g);
    r = run((const char *const[]){"scenarios", "scenarios/slow.lua", NULL});
    cr_assert_eq(r.exit_code, 0);
    cr_assert_not_null(strstr(r.out, "-- slow.lua --"));
    r = run((const char *const[]){"scenarios", "nope.lua", NULL});
    cr_assert_eq(r.exit_code, 2);
    cr_assert_not_null(strstr(r.err, "no built-in scenario named 'nope.lua'"), "%s", r.err);
}

/* ---------------------------------------------- from any folder */

typedef struct spawned {
    pid_t pid;
    int port;
    FILE *out;
    char ready[512], try_line[512];
} spawned;

/* The binary started in folder dir with up to 4 arguments; returns once it
 * printed its two start-up lines (blocking reads: no sleeping). */
static spawned spawn_in(const char *dir, const char *const *args)
{
    char bin[PATH_MAX];
    cr_assert_not_null(realpath(binary(), bin), "%s", binary());
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    spawned s = {.pid = fork()};
    cr_assert_neq(s.pid, -1);
    if (s.pid == 0) {
        dup2(fds[1], 1);
        for (int fd = 3; fd < 1024; fd++) close(fd);
        if (chdir(dir) != 0) _exit(126);
        const char *argv[8] = {bin, "--port", "0", "--quiet"};
        for (int i = 0; args[i] && i < 4; i++) argv[4 + i] = args[i];
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    s.out = fdopen(fds[0], "r");
    cr_assert_not_null(fgets(s.ready, sizeof s.ready, s.out), "%s did not start in %s", bin, dir);
    const char *p = strstr(s.ready, "http://127.0.0.1:");
    cr_assert_not_null(p, "%s", s.ready);
    s.port = atoi(p + strlen("http://127.0.0.1:"));
    cr_assert_gt(s.port, 0);
    cr_assert_not_null(fgets(s.try_line, sizeof s.try_line, s.out));
    return s;
}

static void stop_spawned(spawned *s)
{
    kill(s->pid, SIGTERM);
    int status;
    cr_assert_eq(waitpid(s->pid, &status, 0), s->pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "clean exit, status %d", status);
    fclose(s->out);
}

/* curl's answer: "<status>\n" after the body (headers too with -i in opts). */
static void curl_to(int port, const char *opts, const char *path, char *out, size_t size)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "curl -s %s -w '\\n%%{http_code}' 'http://127.0.0.1:%d%s'", opts, port, path);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t got = fread(out, 1, size - 1, p);
    out[got] = '\0';
    pclose(p);
}

/* GET path with John's full-access token, headers included. */
static void get_as_john(int port, const char *path, char *out, size_t size)
{
    curl_to(port, "-i -H 'Authorization: Zoho-oauthtoken 1000.full.john'", path, out, size);
}

static int status_of(const char *answer)
{
    const char *nl = strrchr(answer, '\n');
    return nl ? atoi(nl + 1) : 0;
}

Test(cli, runs_from_any_folder_with_the_built_in_fixture_and_examples, .timeout = 30)
{
    spawned s = spawn_in(ttmpdir(), (const char *const[]){"--scenario", "rate_limit.lua", NULL});
    cr_assert_not_null(strstr(s.ready, "(fixtures built-in)"), "%s", s.ready);
    cr_assert_not_null(strstr(s.try_line, "Zoho-oauthtoken 1000.full.john"), "%s", s.try_line);

    char answer[65536];
    /* The default fixture's data, under the named example's rate limit. */
    get_as_john(s.port, "/inventory/v1/items/4815000000033024?organization_id=10234695", answer, sizeof answer);
    cr_assert_eq(status_of(answer), 200, "%s", answer);
    cr_assert_not_null(strstr(answer, "Surge Protector 6-outlet"), "%s", answer);
    cr_assert_not_null(strstr(answer, "X-Rate-Limit-Limit"), "rate_limit.lua is active: %s", answer);

    /* An example by name through the admin API; traversal is still refused. */
    curl_to(s.port, "-X POST -d '{\"file\":\"flaky_then_ok.lua\"}'", "/__admin/scenarios", answer, sizeof answer);
    cr_assert_eq(status_of(answer), 201, "%s", answer);
    cr_assert_not_null(strstr(answer, "\"built_in\":true"), "%s", answer);
    curl_to(s.port, "-X POST -d '{\"file\":\"../rate_limit.lua\"}'", "/__admin/scenarios", answer, sizeof answer);
    cr_assert_eq(status_of(answer), 400, "%s", answer);
    curl_to(s.port, "-X POST -d '{\"file\":\"nope.lua\"}'", "/__admin/scenarios", answer, sizeof answer);
    cr_assert_eq(status_of(answer), 400, "%s", answer);
    cr_assert_not_null(strstr(answer, "no built-in example has that name"), "%s", answer);

    /* Health names the fixtures and the credentials the try line shows. */
    curl_to(s.port, "", "/__admin/health", answer, sizeof answer);
    cr_assert_not_null(strstr(answer, "\"fixtures\":\"built-in\""), "%s", answer);
    cr_assert_not_null(strstr(answer, "\"credentials\":{\"organization_id\":\"10234695\",\"token\":\"1000.full.john\"}"),
                       "%s", answer);

    /* Reset restores the built-in data: an adjustment made, then gone. */
    curl_to(s.port, "-X DELETE", "/__admin/scenarios", answer, sizeof answer);
    curl_to(s.port, "-X POST -H 'Authorization: Zoho-oauthtoken 1000.full.john' -H 'Content-Type: application/json' "
            "-d '{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
            "\"line_items\":[{\"item_id\":\"4815000000033024\",\"quantity_adjusted\":-4}]}'",
            "/inventory/v1/inventoryadjustments?organization_id=10234695", answer, sizeof answer);
    cr_assert_eq(status_of(answer), 201, "%s", answer);
    get_as_john(s.port, "/inventory/v1/items/4815000000033024?organization_id=10234695", answer, sizeof answer);
    cr_assert_not_null(strstr(answer, "\"stock_on_hand\":49"), "45 + 8 - 4: %s", answer);
    curl_to(s.port, "-X POST", "/__admin/reset", answer, sizeof answer);
    cr_assert_eq(status_of(answer), 200, "%s", answer);
    get_as_john(s.port, "/inventory/v1/items/4815000000033024?organization_id=10234695", answer, sizeof answer);
    cr_assert_not_null(strstr(answer, "\"stock_on_hand\":53"), "back to 45 + 8: %s", answer);
    stop_spawned(&s);
}

Test(cli, a_file_on_disk_wins_over_the_example_of_its_name, .timeout = 30)
{
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/zm-cli-disk-%d", ttmpdir(), getpid());
    cr_assert_eq(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/rate_limit.lua", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("function on_request(req) return zoho.error(503, 9, \"mine\") end\n", f);
    fclose(f);
    char fixtures[600];
    snprintf(fixtures, sizeof fixtures, "%s/fixtures.json", dir);
    size_t len;
    char *text = slurp("fixtures/default.json", &len);
    f = fopen(fixtures, "w");
    cr_assert_not_null(f);
    fwrite(text, 1, len, f);
    fclose(f);
    free(text);

    spawned s = spawn_in(dir, (const char *const[]){"--scenario", "rate_limit.lua", "--fixtures", "fixtures.json", NULL});
    cr_assert_not_null(strstr(s.ready, "(fixtures fixtures.json)"), "%s", s.ready);
    char answer[8192];
    get_as_john(s.port, "/inventory/v1/items?organization_id=10234695", answer, sizeof answer);
    cr_assert_eq(status_of(answer), 503, "the script in the folder answers: %s", answer);
    cr_assert_not_null(strstr(answer, "\"mine\""), "%s", answer);
    curl_to(s.port, "", "/__admin/health", answer, sizeof answer);
    cr_assert_not_null(strstr(answer, "\"fixtures\":\"fixtures.json\""), "%s", answer);
    stop_spawned(&s);
    unlink(path);
    unlink(fixtures);
    rmdir(dir);
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

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

#include "cli_server.h"
#include "tmpdir.h"

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

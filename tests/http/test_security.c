/* test_security.c -- who may call what: the admin token, CORS, loopback by default, secrets kept out of answers, journal and recordings */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "cli_server.h"
#include "http/router.h"
#include "http/server.h"
#include "http_client.h"
#include "tmpdir.h"

#define ORG_A "10234695"
#define QA "?organization_id=" ORG_A
#define JOHN "1000.full.john"
#define V1 "/inventory/v1"
#define ADMIN_TOKEN "s3cret-admin-token"
#define APP "http://localhost:3000"

static void stop(void) { tserver_stop(); }

TestSuite(security, .fini = stop, .timeout = 60);

static void start_with(const char *admin_token, const char *const *origins, size_t n, const char *record_dir)
{
    zm_server_options o = {.admin_token = admin_token, .cors_origins = origins, .num_cors_origins = n,
                           .record_dir = record_dir};
    tserver_start_opts(&o);
}

/* The value of a response header (case-insensitive), or NULL. */
static const char *header(const tresponse *r, const char *name, char *buf, size_t size)
{
    char key[128];
    snprintf(key, sizeof key, "\n%s:", name);
    const char *at = strcasestr(r->headers, key);
    if (!at) return NULL;
    at += strlen(key);
    while (*at == ' ') at++;
    size_t n = strcspn(at, "\r\n");
    snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), at);
    return buf;
}

/* ------------------------------------------------------- admin token */

Test(security, the_admin_token_guards_every_admin_route)
{
    start_with(ADMIN_TOKEN, NULL, 0, NULL);
    char buf[256];
    size_t guarded = 0;
    for (size_t i = 0; i < g_routes_count; i++) {
        const zm_route *route = &g_routes[i];
        if (strncmp(route->pattern, "/__admin", 8) != 0) continue;
        char path[256];
        snprintf(path, sizeof path, "%s", route->pattern);
        char *param = strchr(path, '{');
        if (param) strcpy(param, "x");
        tresponse r = treq(route->method, path, NULL, strcmp(route->method, "GET") ? "{}" : NULL);
        expect_error_part(&r, 401, 57, "Authorization: Bearer");
        cr_assert_not_null(header(&r, "WWW-Authenticate", buf, sizeof buf), "%s %s", route->method, path);
        cr_assert(strstr(buf, "Bearer"), "%s", buf);
        cr_assert_null(strstr(r.body, ADMIN_TOKEN));
        tresponse_free(&r);
        guarded++;
    }
    cr_assert_gt(guarded, 10);

    const char *wrong[] = {"Authorization: Bearer nope", "Authorization: Bearer " ADMIN_TOKEN "x",
                           "Authorization: Zoho-oauthtoken " ADMIN_TOKEN, NULL};
    for (size_t i = 0; wrong[i]; i++) {
        const char *h[] = {wrong[i], NULL};
        tresponse r = treq_headers("GET", "/__admin/health", NULL, NULL, NULL, h);
        expect_error(&r, 401, 57, NULL);
        tresponse_free(&r);
    }
    const char *right[] = {"Authorization: Bearer " ADMIN_TOKEN, NULL};
    tresponse r = treq_headers("GET", "/__admin/health", NULL, NULL, NULL, right);
    expect_ok(&r, 200, "ok");
    tresponse_free(&r);
    /* The Zoho API is not the admin API: its tokens, as before. */
    r = treq("GET", V1 "/items" QA, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
}

Test(security, an_admin_call_without_the_token_changes_nothing)
{
    start_with(ADMIN_TOKEN, NULL, 0, NULL);
    tresponse r = treq("POST", V1 "/inventoryadjustments" QA, JOHN,
                       "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
                       "\"line_items\":[{\"item_id\":\"4815000000033024\",\"quantity_adjusted\":-1}]}");
    expect_ok(&r, 201, NULL);
    char path[128];
    snprintf(path, sizeof path, V1 "/inventoryadjustments/%s" QA,
             tjson_str(r.json, "inventory_adjustment.inventory_adjustment_id"));
    tresponse_free(&r);
    r = treq("POST", "/__admin/reset", NULL, NULL);
    expect_error(&r, 401, 57, NULL);
    tresponse_free(&r);
    r = treq("GET", path, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
}

Test(security, without_an_admin_token_the_admin_api_is_open)
{
    start_with(NULL, NULL, 0, NULL);
    tresponse r = treq("GET", "/__admin/health", NULL, NULL);
    expect_ok(&r, 200, "ok");
    tresponse_free(&r);
}

/* --------------------------------------------------------------- CORS */

static tresponse preflight(const char *origin, const char *path)
{
    char o[256];
    snprintf(o, sizeof o, "Origin: %s", origin);
    const char *h[] = {o, "Access-Control-Request-Method: GET",
                       "Access-Control-Request-Headers: authorization,x-com-zoho-inventory-organizationid", NULL};
    return treq_headers("OPTIONS", path, NULL, NULL, NULL, h);
}

static tresponse get_from(const char *origin, const char *path, const char *token)
{
    char o[256];
    snprintf(o, sizeof o, "Origin: %s", origin);
    const char *h[] = {o, NULL};
    return treq_headers("GET", path, token, NULL, NULL, h);
}

Test(security, cors_is_off_by_default)
{
    start_with(NULL, NULL, 0, NULL);
    char buf[256];
    tresponse r = get_from(APP, V1 "/items" QA, JOHN);
    expect_ok(&r, 200, NULL);
    cr_assert_null(header(&r, "Access-Control-Allow-Origin", buf, sizeof buf), "%s", r.headers);
    tresponse_free(&r);
    r = preflight(APP, V1 "/items" QA);
    expect_error_part(&r, 403, 57, "start zoho-mock with --cors " APP);
    cr_assert_null(header(&r, "Access-Control-Allow-Origin", buf, sizeof buf));
    tresponse_free(&r);
}

Test(security, cors_lets_the_named_origin_call)
{
    static const char *const origins[] = {APP};
    start_with(ADMIN_TOKEN, origins, 1, NULL);
    char buf[256];
    /* The preflight: no token needed (browsers send none), even for /__admin. */
    const char *paths[] = {V1 "/items" QA, "/__admin/health"};
    for (size_t i = 0; i < 2; i++) {
        tresponse r = preflight(APP, paths[i]);
        cr_assert_eq(r.status, 204, "%s: %s", paths[i], r.body);
        cr_assert_str_eq(header(&r, "Access-Control-Allow-Origin", buf, sizeof buf), APP);
        cr_assert(strstr(header(&r, "Access-Control-Allow-Methods", buf, sizeof buf), "GET"));
        cr_assert(strstr(header(&r, "Access-Control-Allow-Headers", buf, sizeof buf), "authorization"));
        cr_assert_not_null(header(&r, "Access-Control-Max-Age", buf, sizeof buf));
        cr_assert_str_eq(r.body, "");
        tresponse_free(&r);
    }
    /* The call itself carries the origin and the headers a client reads. */
    tresponse r = get_from(APP, V1 "/items" QA, JOHN);
    expect_ok(&r, 200, NULL);
    cr_assert_str_eq(header(&r, "Access-Control-Allow-Origin", buf, sizeof buf), APP);
    cr_assert_str_eq(header(&r, "Vary", buf, sizeof buf), "Origin");
    cr_assert(strstr(header(&r, "Access-Control-Expose-Headers", buf, sizeof buf), "X-Rate-Limit-Remaining"));
    tresponse_free(&r);
    /* Errors too, so the page can read them. */
    r = get_from(APP, V1 "/items" QA, NULL);
    expect_error(&r, 401, 14, NULL);
    cr_assert_str_eq(header(&r, "Access-Control-Allow-Origin", buf, sizeof buf), APP);
    tresponse_free(&r);
    /* Another origin gets nothing. */
    r = get_from("http://evil.example", V1 "/items" QA, JOHN);
    cr_assert_null(header(&r, "Access-Control-Allow-Origin", buf, sizeof buf), "%s", r.headers);
    tresponse_free(&r);
    r = preflight("http://evil.example", V1 "/items" QA);
    expect_error_part(&r, 403, 57, "http://evil.example");
    tresponse_free(&r);
}

Test(security, cors_star_lets_any_origin_call)
{
    static const char *const origins[] = {"*"};
    start_with(NULL, origins, 1, NULL);
    char buf[256];
    tresponse r = get_from("http://anything.example:8000", V1 "/items" QA, JOHN);
    cr_assert_str_eq(header(&r, "Access-Control-Allow-Origin", buf, sizeof buf), "http://anything.example:8000");
    tresponse_free(&r);
}

/* ------------------------------------------------------------ secrets */

#define CLIENT "client_id=1000.CLIENTJOHN&client_secret=secret-john&refresh_token=1000.refresh.john"

/* Every secret of the exchange below, none of which may show again. */
static void expect_no_secret(const char *where, const char *text, const char *issued)
{
    const char *secrets[] = {"secret-john", "1000.refresh.john", "hunter2", JOHN, issued, NULL};
    for (size_t i = 0; secrets[i]; i++)
        cr_assert_null(strstr(text, secrets[i]), "%s shows %s: %s", where, secrets[i], text);
}

/* OAuth on the query and in a form, the issued token used, and a body
 * that carries the caller's token and a password. The issued token. */
static char *exchange_secrets(void)
{
    tresponse r = treq("POST", "/oauth/v2/token?grant_type=refresh_token&" CLIENT, NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    char *issued = strdup(tjson_str(r.json, "access_token"));
    tresponse_free(&r);
    r = treq_ct("POST", "/oauth/v2/token", NULL, "application/x-www-form-urlencoded",
                "grant_type=refresh_token&" CLIENT);
    cr_assert_eq(r.status, 200, "%s", r.body);
    tresponse_free(&r);
    r = treq("GET", V1 "/items" QA, issued, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = treq("PUT", V1 "/settings/inventorycounts" QA, JOHN,
             "{\"password\":\"hunter2\",\"note\":\"" JOHN "\",\"prefix_string\":\"IC-\"}");
    cr_assert_lt(r.status, 500, "%s", r.body);
    tresponse_free(&r);
    /* A token the server does not know is not echoed either. */
    r = treq("GET", V1 "/items" QA, "1000.leaked.hunter2", NULL);
    expect_error(&r, 401, 57, NULL);
    expect_no_secret("a refusal", r.body, issued);
    tresponse_free(&r);
    return issued;
}

Test(security, the_journal_and_admin_answers_never_show_a_token_or_secret)
{
    start_with(NULL, NULL, 0, NULL);
    char *issued = exchange_secrets();
    tresponse r = treq("GET", "/__admin/requests", NULL, NULL);
    expect_ok(&r, 200, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "requests")), 5, "%s", r.body);
    expect_no_secret("the journal", r.body, issued);
    cr_assert(strstr(r.body, "[redacted]"), "nothing was redacted: %s", r.body);
    tresponse_free(&r);
    const char *admin[] = {"/__admin/health", "/__admin/scenarios", "/__admin/background", "/__admin/clock", NULL};
    for (size_t i = 0; admin[i]; i++) {
        r = treq("GET", admin[i], NULL, NULL);
        /* Health names a token of the fixtures on purpose (the test kits'
         * credentials, README); nothing a client sent or was issued. */
        cJSON_DeleteItemFromObjectCaseSensitive(r.json, "credentials");
        char *text = cJSON_PrintUnformatted(r.json);
        expect_no_secret(admin[i], text, issued);
        free(text);
        tresponse_free(&r);
    }
    free(issued);
}

/* Appends every file of dir to out. */
static void read_all(const char *dir, char *out, size_t size)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    size_t len = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.') continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        len += fread(out + len, 1, size - 1 - len, f);
        fclose(f);
        unlink(path);
    }
    out[len] = '\0';
    closedir(d);
}

Test(security, recordings_never_show_a_token_or_secret)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/zm-sec-rec-%d", ttmpdir(), getpid());
    start_with(NULL, NULL, 0, dir);
    char *issued = exchange_secrets();
    tserver_stop();     /* every interaction is written */
    static char all[1 << 20];
    read_all(dir, all, sizeof all);
    rmdir(dir);
    cr_assert(strstr(all, "/oauth/v2/token"), "the exchange was not recorded: %.500s", all);
    expect_no_secret("a recording", all, issued);
    free(issued);
}

/* ------------------------------------------------ the command line */

Test(security, loopback_by_default_and_a_warning_otherwise)
{
    running r;
    char err[4096];
    spawn(&r, (const char *const[]){NULL});
    cr_assert_gt(r.port, 0, "did not start: %s", r.out);
    cr_assert(strstr(r.out, "listening on http://127.0.0.1:"), "%s", r.out);
    stop_running(&r);
    read_err(&r, err, sizeof err);
    cr_assert_null(strstr(err, "warning"), "%s", err);

    spawn(&r, (const char *const[]){"--bind", "0.0.0.0", NULL});
    cr_assert_gt(r.port, 0, "did not start: %s", r.out);
    stop_running(&r);
    read_err(&r, err, sizeof err);
    cr_assert(strstr(err, "warning: listening on 0.0.0.0, not loopback"), "%s", err);
    cr_assert(strstr(err, "--admin-token"), "the warning does not suggest --admin-token: %s", err);

    spawn(&r, (const char *const[]){"--bind", "0.0.0.0", "--admin-token", ADMIN_TOKEN, NULL});
    cr_assert_gt(r.port, 0);
    stop_running(&r);
    read_err(&r, err, sizeof err);
    cr_assert(strstr(err, "warning: listening on 0.0.0.0"), "%s", err);
    cr_assert_null(strstr(err, "consider --admin-token"), "%s", err);
    cr_assert_eq(r.exit_code, 0);
}

Test(security, admin_token_and_cors_from_the_command_line_and_environment)
{
    running r;
    int status;
    char headers[2048];
    spawn(&r, (const char *const[]){"--admin-token", ADMIN_TOKEN, "--cors", APP, NULL});
    cr_assert_gt(r.port, 0, "did not start: %s", r.out);
    cJSON *j = cli_request(r.port, "GET", "/__admin/health", NULL, NULL, &status, NULL, 0);
    cr_assert_eq(status, 401);
    cJSON_Delete(j);
    j = cli_request(r.port, "GET", "/__admin/health", "Authorization: Bearer " ADMIN_TOKEN "\r\n", NULL, &status,
                    NULL, 0);
    cr_assert_eq(status, 200);
    cJSON_Delete(j);
    j = cli_request(r.port, "OPTIONS", "/inventory/v1/items",
                    "Origin: " APP "\r\nAccess-Control-Request-Method: GET\r\n", NULL, &status, headers,
                    sizeof headers);
    cr_assert_eq(status, 204, "%s", headers);
    cr_assert(strcasestr(headers, "Access-Control-Allow-Origin: " APP), "%s", headers);
    cJSON_Delete(j);
    stop_running(&r);
    char err[4096];
    read_err(&r, err, sizeof err);

    setenv("ZOHO_MOCK_ADMIN_TOKEN", ADMIN_TOKEN, 1);
    spawn(&r, (const char *const[]){NULL});
    unsetenv("ZOHO_MOCK_ADMIN_TOKEN");
    cr_assert_gt(r.port, 0);
    j = cli_request(r.port, "POST", "/__admin/reset", NULL, NULL, &status, NULL, 0);
    cr_assert_eq(status, 401);
    cJSON_Delete(j);
    stop_running(&r);
    read_err(&r, err, sizeof err);
}

/* Runs `zoho-mock verify` with the arguments; its exit code and output. */
static int verify_run_cli(const char *args, char *out, size_t size)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s verify %s 2>&1", binary(), args);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t n = fread(out, 1, size - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Test(security, verify_against_a_guarded_target_needs_its_admin_token)
{
    running r;
    spawn(&r, (const char *const[]){"--admin-token", ADMIN_TOKEN, NULL});
    cr_assert_gt(r.port, 0, "did not start: %s", r.out);
    char args[512], out[8192];
    snprintf(args, sizeof args, "--target http://127.0.0.1:%d contracts/endpoints/05-inventorycounts-get.json",
             r.port);
    cr_assert_eq(verify_run_cli(args, out, sizeof out), 1, "%s", out);
    cr_assert(strstr(out, "verify --admin-token"), "%s", out);
    snprintf(args, sizeof args,
             "--target http://127.0.0.1:%d --admin-token " ADMIN_TOKEN " contracts/endpoints/05-inventorycounts-get.json",
             r.port);
    cr_assert_eq(verify_run_cli(args, out, sizeof out), 0, "%s", out);
    stop_running(&r);
    char err[4096];
    read_err(&r, err, sizeof err);
}

/* test_contracts.c -- contracts: match rules, capture, redaction, record/verify round trips, proxy recording, kill -9 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <curl/curl.h>

#include "contract/contract.h"
#include "contract/jsonpath.h"
#include "contract/record_file.h"
#include "http/server.h"
#include "model/model.h"
#include "tmpdir.h"
#include "verify/verify.h"

#define JOHN "1000.full.john"
#define ORGQ "?organization_id=10234695"
#define SURGE "4815000000033024"
#define MOUSE "4815000000033003"
#define MAIN_WH "4815000000038080"
#define ADJ_BODY                                                                              \
    "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\"," \
    "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":-4,\"warehouse_id\":\"" MAIN_WH "\"}]}"

/* ------------------------------------------------------------ helpers */

static const char *binary(void)
{
    const char *b = getenv("ZOHO_MOCK_BIN");
    return b ? b : "build/zoho-mock";
}

static char *temp_dir(void)
{
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/zm-contracts-XXXXXX", ttmpdir());
    cr_assert_not_null(mkdtemp(tmpl));
    return strdup(tmpl);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

/* A recording as readers take it: its first JSON value (a kill between
 * an append's two writes leaves a torn tail after it; record_file.h).
 * *torn (may be NULL) gets how many bytes were ignored. */
static cJSON *read_recording(const char *path, size_t *torn)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, mem);
    fclose(f);
    fclose(mem);
    cJSON *j = record_file_parse(text, len, torn, NULL);
    free(text);
    return j;
}

/* A file that must be whole JSON, nothing after it. */
static cJSON *read_json(const char *path)
{
    size_t torn = 0;
    cJSON *j = read_recording(path, &torn);
    cr_assert_eq(torn, 0, "%s: %zu bytes after the document", path, torn);
    return j;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot read %s", path);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) fwrite(buf, 1, n, mem);
    fclose(f);
    fclose(mem);
    return text;
}

static int interactions_in(const char *path)
{
    cJSON *doc = read_json(path);
    int n = doc ? cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "interactions")) : -1;
    cJSON_Delete(doc);
    return n;
}

/* One request to 127.0.0.1:port; token NULL = no Authorization. */
static contract_http http(int port, const char *method, const char *path, const char *token,
                          const char *json)
{
    char url[1024], auth[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
    snprintf(auth, sizeof auth, "Authorization: Zoho-oauthtoken %s", token ? token : "");
    const char *headers[] = {"Content-Type: application/json", token ? auth : NULL, NULL};
    CURL *c = curl_easy_init();
    contract_http h;
    contract_http_call(c, method, url, headers, json, json ? strlen(json) : 0, &h);
    curl_easy_cleanup(c);
    return h;
}

static cJSON *http_json(int port, const char *method, const char *path, const char *token,
                        const char *json, long want_status)
{
    contract_http h = http(port, method, path, token, json);
    cr_assert_eq(h.status, want_status, "%s %s: %ld %s", method, path, h.status, h.body);
    cJSON *j = cJSON_Parse(h.body);
    contract_http_free(&h);
    return j;
}

/* verify, its report captured. Returns the exit code. */
static int verify(const char *const *paths, int n, const char *junit, char **report)
{
    size_t len = 0;
    FILE *out = open_memstream(report, &len);
    verify_options o = {.out = out, .junit = junit};
    int rc = verify_run(&o, paths, n);
    fclose(out);
    return rc;
}

/* verify of one contract file passes, all n interactions of it. */
static void expect_verified(const char *file, int n)
{
    char *report = NULL, summary[64];
    const char *paths[] = {file};
    int rc = verify(paths, 1, NULL, &report);
    snprintf(summary, sizeof summary, "\n%d passed, 0 failed\n", n);
    cr_assert_eq(rc, 0, "%s", report);
    cr_assert(strstr(report, summary), "%s", report);
    free(report);
}

static int start_server(const char *record_dir, const char *proxy)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    zm_server_options o = {.bind = "127.0.0.1", .port = 0, .threads = 4, .quiet = true,
                           .fixtures = "fixtures/default.json", .record_dir = record_dir,
                           .proxy_url = proxy};
    char err[512] = "";
    int port = server_start(&o, err, sizeof err);
    cr_assert_gt(port, 0, "server_start: %s", err);
    return port;
}

typedef struct child {
    pid_t pid;
    int port;
    FILE *out;
} child;

/* build/zoho-mock --port 0 --quiet [args]: the port comes from its first line. */
static child spawn_mock4(const char *arg1, const char *arg2, const char *arg3, const char *arg4)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    child c = {fork(), 0, NULL};
    cr_assert_neq(c.pid, -1);
    if (c.pid == 0) {
        dup2(fds[1], 1);
        /* Nothing of the test runner's (its pipes) goes to the server. */
        for (int fd = 3; fd < 1024; fd++) close(fd);
        execl(binary(), binary(), "--port", "0", "--quiet", arg1, arg2, arg3, arg4, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    c.out = fdopen(fds[0], "r");
    char line[512] = "";
    cr_assert_not_null(fgets(line, sizeof line, c.out), "%s did not start", binary());
    const char *p = strstr(line, "http://127.0.0.1:");
    cr_assert_not_null(p, "%s", line);
    c.port = atoi(p + strlen("http://127.0.0.1:"));
    cr_assert_gt(c.port, 0);
    return c;
}

static child spawn_mock(const char *arg1, const char *arg2)
{
    return spawn_mock4(arg1, arg2, NULL, NULL);
}

static int stop_child(child *c, int sig)
{
    kill(c->pid, sig);
    int status = 0;
    cr_assert_eq(waitpid(c->pid, &status, 0), c->pid);
    fclose(c->out);
    return status;
}

/* ------------------------------------------------------------ matcher */

typedef struct match_case {
    char name[48];
    char expected[200];
    char actual[200];
    char rules[120];
    bool passes;
    char diff[120];     /* a line of the diff must contain this (failures) */
} match_case;

ParameterizedTestParameters(contract_match, rules_one_by_one)
{
    static match_case cases[] = {
        {"equal", "{\"a\":1,\"b\":\"x\",\"c\":[1,{\"d\":true}],\"e\":null}",
         "{\"a\":1,\"b\":\"x\",\"c\":[1,{\"d\":true}],\"e\":null}", "", true, ""},
        {"extra actual fields", "{\"a\":{\"b\":1}}", "{\"a\":{\"b\":1,\"z\":2},\"y\":3}", "", true, ""},
        {"missing field", "{\"a\":{\"b\":1}}", "{\"a\":{}}", "", false, "$.a.b: expected 1, actual absent"},
        {"different value", "{\"a\":\"x\"}", "{\"a\":\"y\"}", "", false, "$.a: expected \"x\", actual \"y\""},
        {"number vs string", "{\"a\":1}", "{\"a\":\"1\"}", "", false, "$.a: expected 1, actual \"1\""},
        {"case of names", "{\"a\":1}", "{\"A\":1}", "", false, "$.a: expected 1, actual absent"},
        {"array length", "{\"a\":[1,2]}", "{\"a\":[1,2,3]}", "", false, "$.a: expected 2 elements, actual 3"},
        {"array element", "{\"a\":[{\"x\":1},{\"x\":2}]}", "{\"a\":[{\"x\":1},{\"x\":5}]}", "", false,
         "$.a[1].x: expected 2, actual 5"},
        {"big integers exactly", "{\"a\":4815000000044897}", "{\"a\":4815000000100001}", "", false,
         "$.a: expected 4815000000044897, actual 4815000000100001"},
        {"fractions up to rounding", "{\"a\":0.3}", "{\"a\":0.30000000000000004}", "", true, ""},
        {"bool", "{\"a\":true}", "{\"a\":false}", "", false, "$.a: expected true, actual false"},
        {"type ok", "{\"a\":\"x\"}", "{\"a\":\"y\"}", "\"$.a\":\"type\"", true, ""},
        {"type fails", "{\"a\":\"x\"}", "{\"a\":7}", "\"$.a\":\"type\"", false, "$.a: expected a string, actual 7"},
        {"type absent", "{\"a\":\"x\"}", "{}", "\"$.a\":\"type\"", false, "$.a: expected a string, actual absent"},
        {"id string", "{\"a\":\"1\"}", "{\"a\":\"4815000000100000\"}", "\"$.a\":\"id\"", true, ""},
        {"id number", "{\"a\":\"1\"}", "{\"a\":4815000000100000}", "\"$.a\":\"id\"", true, ""},
        {"id fails", "{\"a\":\"1\"}", "{\"a\":\"IC-1\"}", "\"$.a\":\"id\"", false, "$.a: expected an id, actual \"IC-1\""},
        {"id fraction", "{\"a\":\"1\"}", "{\"a\":1.5}", "\"$.a\":\"id\"", false, "$.a: expected an id, actual 1.5"},
        {"number ok", "{\"a\":1}", "{\"a\":2.5}", "\"$.a\":\"number\"", true, ""},
        {"number fails", "{\"a\":1}", "{\"a\":\"2\"}", "\"$.a\":\"number\"", false, "$.a: expected a number, actual \"2\""},
        {"date ok", "{\"a\":\"\"}", "{\"a\":\"2025-06-15\"}", "\"$.a\":\"date\"", true, ""},
        {"date fails", "{\"a\":\"\"}", "{\"a\":\"2025-02-30\"}", "\"$.a\":\"date\"", false, "$.a: expected a date"},
        {"datetime ok", "{\"a\":\"\"}", "{\"a\":\"2025-06-15T09:00:00+0530\"}", "\"$.a\":\"datetime\"", true, ""},
        {"datetime fails", "{\"a\":\"\"}", "{\"a\":\"2025-06-15\"}", "\"$.a\":\"datetime\"", false,
         "$.a: expected a datetime"},
        {"regex ok", "{\"a\":\"\"}", "{\"a\":\"IC-00012\"}", "\"$.a\":\"regex:IC-[0-9]{5}\"", true, ""},
        {"regex anchored", "{\"a\":\"\"}", "{\"a\":\"XIC-00012\"}", "\"$.a\":\"regex:IC-[0-9]{5}\"", false,
         "$.a: expected a match of /IC-[0-9]{5}/, actual \"XIC-00012\""},
        {"regex number", "{\"a\":0}", "{\"a\":42}", "\"$.a\":\"regex:4[0-9]\"", true, ""},
        {"regex invalid", "{\"a\":\"\"}", "{\"a\":\"x\"}", "\"$.a\":\"regex:(\"", false, "match $.a: invalid regex"},
        {"ignore", "{\"a\":\"x\",\"b\":1}", "{\"b\":1}", "\"$.a\":\"ignore\"", true, ""},
        {"unknown rule", "{\"a\":1}", "{\"a\":1}", "\"$.a\":\"roughly\"", false, "match $.a: unknown rule 'roughly'"},
        {"bad rule path", "{\"a\":1}", "{\"a\":1}", "\"a\":\"id\"", false, "match a: not a JSONPath"},
        {"wildcard ok", "{\"l\":[{\"i\":\"1\"},{\"i\":\"2\"}]}", "{\"l\":[{\"i\":\"77\"},{\"i\":\"78\"}]}",
         "\"$.l[*].i\":\"id\"", true, ""},
        {"wildcard names element", "{\"l\":[{\"i\":\"1\"},{\"i\":\"2\"}]}", "{\"l\":[{\"i\":\"77\"},{\"i\":\"x\"}]}",
         "\"$.l[*].i\":\"id\"", false, "$.l[1].i: expected an id, actual \"x\""},
        {"rule beyond expected", "{}", "{\"t\":\"2025-06-15T09:00:00+0530\"}", "\"$.t\":\"datetime\"", true, ""},
        {"rule beyond expected absent", "{}", "{}", "\"$.t\":\"datetime\"", false, "$.t: expected a datetime"},
        {"rule beyond expected wrong", "{}", "{\"l\":[{\"t\":\"no\"}]}", "\"$.l[*].t\":\"date\"", false,
         "$.l[0].t: expected a date"},
    };
    return cr_make_param_array(match_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(match_case *c, contract_match, rules_one_by_one)
{
    char rules_text[160];
    snprintf(rules_text, sizeof rules_text, "{%s}", c->rules);
    cJSON *e = cJSON_Parse(c->expected), *a = cJSON_Parse(c->actual), *r = cJSON_Parse(rules_text);
    cr_assert(e && a && r, "%s: test data must parse", c->name);
    contract_diff d = {{NULL, 0, 0}};
    bool ok = contract_match(e, a, r, &d);
    cr_assert_eq(ok, c->passes, "%s: %s (%zu lines, first: %s)", c->name, ok ? "passed" : "failed",
                 d.lines.n, d.lines.n ? d.lines.v[0] : "-");
    cr_assert_eq(ok, d.lines.n == 0, "%s", c->name);
    if (!c->passes) {
        bool found = false;
        for (size_t i = 0; i < d.lines.n; i++) found |= strstr(d.lines.v[i], c->diff) != NULL;
        cr_assert(found, "%s: no diff line contains '%s' (first: %s)", c->name, c->diff, d.lines.v[0]);
    }
    contract_diff_free(&d);
    cJSON_Delete(e);
    cJSON_Delete(a);
    cJSON_Delete(r);
}

/* -------------------------------------------------- capture, variables */

Test(contract_vars, capture_then_substitute_keeping_types)
{
    cJSON *vars = cJSON_Parse("{\"organization_id\":\"10234695\"}");
    cJSON *body = cJSON_Parse("{\"a\":{\"id\":\"4815000000100000\",\"n\":4815000000100001,"
                              "\"l\":[{\"x\":1},{\"x\":\"second\"}]}}");
    cJSON *caps = cJSON_Parse("{\"count_id\":\"$.a.id\",\"num\":\"$.a.n\",\"second\":\"$.a.l[1].x\"}");
    contract_diff d = {{NULL, 0, 0}};
    cr_assert(contract_capture(caps, body, vars, &d));
    cr_assert_eq(d.lines.n, 0);
    cr_assert_str_eq(cJSON_GetObjectItem(vars, "count_id")->valuestring, "4815000000100000");

    char err[256] = "";
    cJSON *tmpl = cJSON_Parse("{\"path\":\"/x/{{count_id}}/start?o={{ organization_id }}\","
                              "\"id\":\"{{count_id}}\",\"n\":\"{{num}}\",\"s\":[\"{{second}}\"],"
                              "\"k{{num}}\":\"n={{num}}\",\"plain\":\"{ {x} }\"}");
    cJSON *out = contract_substitute(tmpl, vars, err, sizeof err);
    cr_assert_not_null(out, "%s", err);
    cr_assert_eq(cJSON_GetObjectItem(out, "n")->valuedouble, 4815000000100001.0, "a number stays a number");
    cJSON_DeleteItemFromObject(out, "n");
    char *text = cJSON_PrintUnformatted(out);
    cr_assert_str_eq(text,
                     "{\"path\":\"/x/4815000000100000/start?o=10234695\",\"id\":\"4815000000100000\","
                     "\"s\":[\"second\"],\"k{{num}}\":\"n=4815000000100001\",\"plain\":\"{ {x} }\"}");
    cJSON_free(text);
    cJSON_Delete(out);

    /* An unknown variable and a capture that selects nothing are errors. */
    cJSON *bad = cJSON_Parse("{\"p\":\"/x/{{nope}}\"}");
    cr_assert_null(contract_substitute(bad, vars, err, sizeof err));
    cr_assert_str_eq(err, "unknown variable {{nope}}");
    char *t = contract_substitute_text("{{count_id", vars, err, sizeof err);
    cr_assert_null(t);
    cr_assert(strstr(err, "unclosed"), "%s", err);
    cJSON *missing = cJSON_Parse("{\"z\":\"$.a.zzz\",\"y\":\"not a path\"}");
    cr_assert_not(contract_capture(missing, body, vars, &d));
    cr_assert_eq(d.lines.n, 2);
    cr_assert_str_eq(d.lines.v[0], "capture z: $.a.zzz selects nothing in the response");
    cr_assert_null(cJSON_GetObjectItem(vars, "z"));
    contract_diff_free(&d);
    cJSON_Delete(missing);
    cJSON_Delete(bad);
    cJSON_Delete(tmpl);
    cJSON_Delete(caps);
    cJSON_Delete(body);
    cJSON_Delete(vars);
}

/* ------------------------------------------------ verify: a wrong contract */

/* verify --target against a zoho-mock that runs the default fixtures in
 * real time: the contracts' earlier clock comes with the reset. */
Test(contract_verify, target_a_running_zoho_mock_in_real_time)
{
    child up = spawn_mock(NULL, NULL);
    char target[64], cmd[2048], path[512];
    snprintf(target, sizeof target, "http://127.0.0.1:%d", up.port);
    snprintf(path, sizeof path, "%s/zm-verify-target-%d.txt", ttmpdir(), getpid());
    snprintf(cmd, sizeof cmd, "%s verify --target %s contracts/flows/stock-count-lifecycle.json "
             "contracts/flows/recurring-generation.json > '%s' 2>&1",
             binary(), target, path);
    int rc = system(cmd);
    char *report = read_text(path);
    unlink(path);
    cr_assert_eq(WEXITSTATUS(rc), 0, "%s", report);
    cr_assert_not_null(strstr(report, " passed, 0 failed"), "%s", report);
    free(report);
    stop_child(&up, SIGTERM);
}

static const char *wrong_contract =
    "{\"name\":\"deliberately wrong\",\"clock\":\"2025-06-15T09:00:00+0530\",\"interactions\":[\n"
    " {\"description\":\"create a count\",\n"
    "  \"request\":{\"method\":\"POST\",\"path\":\"/inventory/v1/inventorycounts\","
    "   \"query\":{\"organization_id\":\"{{organization_id}}\"},"
    "   \"headers\":{\"Authorization\":\"Zoho-oauthtoken {{token}}\"},"
    "   \"body\":{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}},\n"
    "  \"response\":{\"status\":201,\"body\":{\"code\":0,\"inventorycount\":{\"status\":\"counting\","
    "   \"count_date\":\"2025-06-15\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"system_quantity\":45}]}}},\n"
    "  \"match\":{\"$.inventorycount.inventorycount_id\":\"id\",\"$.inventorycount.created_time\":\"date\"},\n"
    "  \"capture\":{\"count_id\":\"$.inventorycount.inventorycount_id\"}},\n"
    " {\"description\":\"read it back\",\n"
    "  \"request\":{\"path\":\"/inventory/v1/inventorycounts/{{count_id}}\","
    "   \"query\":{\"organization_id\":\"{{organization_id}}\"},"
    "   \"headers\":{\"Authorization\":\"Zoho-oauthtoken {{token}}\"}},\n"
    "  \"response\":{\"status\":200,\"body\":{\"inventorycount\":{\"inventorycount_id\":\"{{count_id}}\","
    "   \"status\":\"yet_to_start\"}}}}\n"
    "]}\n";

Test(contract_verify, a_wrong_contract_fails_with_a_diff_naming_the_path)
{
    char *dir = temp_dir(), file[256], junit[256];
    snprintf(file, sizeof file, "%s/wrong.json", dir);
    snprintf(junit, sizeof junit, "%s/junit.xml", dir);
    write_text(file, wrong_contract);
    char *report = NULL;
    const char *paths[] = {file};
    int rc = verify(paths, 1, junit, &report);
    cr_assert_eq(rc, 1, "%s", report);
    char line[512];
    snprintf(line, sizeof line, "FAIL  %s: #1 create a count\n", file);
    cr_assert(strstr(report, line), "%s", report);
    cr_assert(strstr(report, "      $.inventorycount.status: expected \"counting\", actual \"yet_to_start\"\n"),
              "%s", report);
    cr_assert(strstr(report, "      $.inventorycount.created_time: expected a date (YYYY-MM-DD), actual \"2025-06-15T09:00:00+0530\""),
              "the rule checks, the clock is the contract's: %s", report);
    cr_assert_null(strstr(report, "count_date"), "equal under the contract's clock: %s", report);
    cr_assert_null(strstr(report, "system_quantity"), "%s", report);
    snprintf(line, sizeof line, "pass  %s: #2 read it back\n", file);
    cr_assert(strstr(report, line), "the capture fed the second request: %s", report);
    cr_assert(strstr(report, "\n1 passed, 1 failed\n"), "%s", report);

    char *xml = read_text(junit);
    cr_assert(strstr(xml, "<testsuites name=\"zoho-mock verify\" tests=\"2\" failures=\"1\">"), "%s", xml);
    cr_assert(strstr(xml, "<failure message=\"$.inventorycount.status: expected &quot;counting&quot;, actual &quot;yet_to_start&quot;\">"),
              "%s", xml);
    cr_assert(strstr(xml, "name=\"#2 read it back\" time="), "%s", xml);
    free(xml);
    free(report);

    /* The command line: exit 1 and the summary alone on its line. */
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s verify '%s' 2>&1", binary(), file);
    FILE *p = popen(cmd, "r");
    char out[8192] = "";
    size_t got = fread(out, 1, sizeof out - 1, p);
    out[got] = '\0';
    int status = pclose(p);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 1, "exit %d: %s", status, out);
    cr_assert(strstr(out, "\n1 passed, 1 failed\n"), "%s", out);

    /* A missing file and a malformed one are failures too, not crashes. */
    snprintf(file, sizeof file, "%s/bad.json", dir);
    write_text(file, "{\"interactions\":[{\"request\":{\"path\":\"no-slash\"}}]}");
    const char *more[] = {file, "/nonexistent/contracts"};
    rc = verify(more, 2, NULL, &report);
    cr_assert_eq(rc, 1);
    cr_assert(strstr(report, "$.interactions[0].request.path: expected a path starting with /"), "%s", report);
    cr_assert(strstr(report, "FAIL  /nonexistent/contracts: load"), "%s", report);
    cr_assert(strstr(report, "\n0 passed, 2 failed\n"), "%s", report);
    free(report);
    free(dir);
}

/* ------------------------------------------- record, then verify again */

/* A stock count and an adjustment, each step's ids taken from answers. */
static int drive_flow(int port)
{
    cJSON *c = http_json(port, "POST", "/inventory/v1/inventorycounts" ORGQ, JOHN,
                         "{\"description\":\"cycle\",\"location_id\":\"" MAIN_WH "\",\"line_items\":["
                         "{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" MOUSE "\"}]}",
                         201);
    const cJSON *count = cJSON_GetObjectItem(c, "inventorycount");
    char id[64], line[64], path[256], body[512];
    snprintf(id, sizeof id, "%s", cJSON_GetObjectItem(count, "inventorycount_id")->valuestring);
    snprintf(line, sizeof line, "%s",
             cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(count, "line_items"), 0),
                                 "line_item_id")->valuestring);
    cJSON_Delete(c);
    snprintf(path, sizeof path, "/inventory/v1/inventorycounts/%s/start" ORGQ, id);
    cJSON_Delete(http_json(port, "POST", path, JOHN, NULL, 200));
    snprintf(path, sizeof path, "/inventory/v1/inventorycounts/%s/count" ORGQ, id);
    snprintf(body, sizeof body, "{\"line_items\":[{\"line_item_id\":\"%s\",\"counted_quantity\":40}]}", line);
    cJSON_Delete(http_json(port, "PUT", path, JOHN, body, 200));
    snprintf(path, sizeof path, "/inventory/v1/inventorycounts/%s" ORGQ, id);
    cJSON_Delete(http_json(port, "GET", path, JOHN, NULL, 200));

    cJSON *a = http_json(port, "POST", "/inventory/v1/inventoryadjustments" ORGQ, JOHN, ADJ_BODY, 201);
    snprintf(path, sizeof path, "/inventory/v1/inventoryadjustments/%s" ORGQ,
             cJSON_GetObjectItem(cJSON_GetObjectItem(a, "inventory_adjustment"), "inventory_adjustment_id")->valuestring);
    cJSON_Delete(a);
    cJSON_Delete(http_json(port, "GET", path, JOHN, NULL, 200));
    cJSON_Delete(http_json(port, "GET", "/inventory/v1/inventoryadjustments" ORGQ, JOHN, NULL, 200));
    cJSON_Delete(http_json(port, "GET", "/inventory/v1/inventorycounts/1234567" ORGQ, JOHN, NULL, 404));
    return 8;
}

Test(contract_record, recording_the_mock_then_verifying_against_a_fresh_one_passes)
{
    char *dir = temp_dir(), file[256];
    int port = start_server(dir, NULL);
    int n = drive_flow(port);
    cJSON_Delete(http_json(port, "GET", "/inventory/v1/items", NULL, NULL, 401));
    cJSON_Delete(http_json(port, "GET", "/__admin/health", NULL, NULL, 200));
    server_stop();
    curl_global_cleanup();

    snprintf(file, sizeof file, "%s/10234695.json", dir);
    cr_assert_eq(interactions_in(file), n);
    snprintf(file, sizeof file, "%s/no-organization.json", dir);
    cr_assert_eq(interactions_in(file), 1, "the 401 without an organization; /__admin is left out");

    /* Ids the server made became captures and variables; timestamps rules. */
    snprintf(file, sizeof file, "%s/10234695.json", dir);
    cJSON *doc = read_json(file);
    const cJSON *its = cJSON_GetObjectItem(doc, "interactions");
    const cJSON *first = cJSON_GetArrayItem(its, 0), *second = cJSON_GetArrayItem(its, 1);
    const cJSON *match = cJSON_GetObjectItem(first, "match");
    cr_assert_str_eq(cJSON_GetObjectItem(match, "$.inventorycount.inventorycount_id")->valuestring, "id");
    cr_assert_str_eq(cJSON_GetObjectItem(match, "$.inventorycount.created_time")->valuestring, "datetime");
    cr_assert_str_eq(cJSON_GetObjectItem(match, "$.inventorycount.line_items[*].line_item_id")->valuestring, "id");
    cr_assert_null(cJSON_GetObjectItem(match, "$.inventorycount.line_items[*].item_id"), "echoed, exact");
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(first, "capture"), "inventorycount_id")->valuestring,
                     "$.inventorycount.inventorycount_id");
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(second, "request"), "path")->valuestring,
                     "/inventory/v1/inventorycounts/{{inventorycount_id}}/start");
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(second, "request"), "query"),
                                         "organization_id")->valuestring,
                     "{{organization_id}}");
    cJSON_Delete(doc);

    char *report = NULL;
    const char *paths[] = {dir};
    int rc = verify(paths, 1, NULL, &report);
    char summary[64];
    snprintf(summary, sizeof summary, "\n%d passed, 0 failed\n", n + 1);
    cr_assert_eq(rc, 0, "%s", report);
    cr_assert(strstr(report, summary), "%s", report);
    free(report);

    /* The same recording, one expectation changed: verify sees the drift. */
    char *text = read_text(file);
    char *at = strstr(text, "\"IC-00001\"");
    cr_assert_not_null(at);
    memcpy(at, "\"IC-00009\"", 10);
    write_text(file, text);
    free(text);
    rc = verify(paths, 1, NULL, &report);
    cr_assert_eq(rc, 1, "%s", report);
    cr_assert(strstr(report, "$.inventorycount.inventorycount_number: expected \"IC-00009\", actual \"IC-00001\""),
              "%s", report);
    free(report);
    free(dir);
}

Test(contract_record, a_recording_of_the_built_in_fixture_names_none_and_verifies)
{
    char *dir = temp_dir(), file[256];
    curl_global_init(CURL_GLOBAL_DEFAULT);
    zm_server_options o = {.bind = "127.0.0.1", .port = 0, .threads = 4, .quiet = true, .record_dir = dir};
    char err[512] = "";
    int port = server_start(&o, err, sizeof err);   /* no fixtures: the built-in copy */
    cr_assert_gt(port, 0, "server_start: %s", err);
    cJSON_Delete(http_json(port, "GET", "/inventory/v1/items/" SURGE ORGQ, JOHN, NULL, 200));
    server_stop();
    curl_global_cleanup();

    snprintf(file, sizeof file, "%s/10234695.json", dir);
    cJSON *doc = read_json(file);
    cr_assert_null(cJSON_GetObjectItem(doc, "fixtures"), "verify's default is the built-in fixture");
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "interactions")), 1);
    cJSON_Delete(doc);
    expect_verified(file, 1);
    free(dir);
}

Test(contract_record, tokens_and_secrets_are_redacted)
{
    char *dir = temp_dir(), file[256];
    int port = start_server(dir, NULL);
    /* The token also inside a body and a query value. */
    cJSON_Delete(http_json(port, "POST", "/inventory/v1/inventoryadjustments" ORGQ "&note=" JOHN, JOHN,
                           "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"description\":\"" JOHN "\","
                           "\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\"" SURGE
                           "\",\"quantity_adjusted\":-1}]}",
                           201));
    cJSON *tok = http_json(port, "POST",
                           "/oauth/v2/token?grant_type=refresh_token&refresh_token=1000.refresh.john"
                           "&client_id=1000.CLIENTJOHN&client_secret=secret-john",
                           NULL, NULL, 200);
    const cJSON *access = cJSON_GetObjectItem(tok, "access_token");
    cr_assert(cJSON_IsString(access), "the OAuth exchange works");
    char issued[256];
    snprintf(issued, sizeof issued, "%s", access->valuestring);
    cJSON_Delete(tok);
    /* The same exchange as a form body, the way OAuth clients send it. */
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/oauth/v2/token", port);
    const char *form = "grant_type=refresh_token&refresh_token=1000.refresh.john"
                       "&client_id=1000.CLIENTJOHN&client_secret=secret-john";
    const char *form_headers[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
    CURL *c = curl_easy_init();
    contract_http h;
    contract_http_call(c, "POST", url, form_headers, form, strlen(form), &h);
    curl_easy_cleanup(c);
    cr_assert_eq(h.status, 200, "%s", h.body);
    contract_http_free(&h);
    server_stop();
    curl_global_cleanup();

    snprintf(file, sizeof file, "%s/10234695.json", dir);
    char *text = read_text(file);
    cr_assert_null(strstr(text, JOHN), "the token is nowhere: %s", text);
    cr_assert(strstr(text, "\"Authorization\":\t\"Zoho-oauthtoken {{token}}\""), "%s", text);
    cr_assert(strstr(text, "\"description\":\t\"{{token}}\""), "%s", text);
    cr_assert(strstr(text, "\"note\":\t\"{{token}}\""), "%s", text);
    free(text);
    snprintf(file, sizeof file, "%s/no-organization.json", dir);
    text = read_text(file);
    cr_assert_null(strstr(text, "secret-john"), "%s", text);
    cr_assert_null(strstr(text, "1000.refresh.john"), "%s", text);
    cr_assert_null(strstr(text, issued), "%s", text);
    cr_assert(strstr(text, "\"access_token\":\t\"[redacted]\""), "%s", text);
    cr_assert(strstr(text, "grant_type=refresh_token&refresh_token=[redacted]&client_id=1000.CLIENTJOHN"
                           "&client_secret=[redacted]"), "the form body, its secrets redacted: %s", text);
    free(text);
    free(dir);
}

/* ----------------------------------------------------------------- proxy */

Test(contract_proxy, recording_through_a_second_zoho_mock_as_upstream)
{
    char *dir = temp_dir(), file[256], upstream[64];
    child up = spawn_mock(NULL, NULL);
    snprintf(upstream, sizeof upstream, "http://127.0.0.1:%d/", up.port);
    int port = start_server(dir, upstream);

    cJSON *a = http_json(port, "POST", "/inventory/v1/inventoryadjustments" ORGQ, JOHN, ADJ_BODY, 201);
    char path[256];
    snprintf(path, sizeof path, "/inventory/v1/inventoryadjustments/%s" ORGQ,
             cJSON_GetObjectItem(cJSON_GetObjectItem(a, "inventory_adjustment"), "inventory_adjustment_id")->valuestring);
    cJSON_Delete(a);
    cJSON_Delete(http_json(port, "GET", path, JOHN, NULL, 200));
    cJSON_Delete(http_json(port, "GET", "/inventory/v1/inventoryadjustments/999999999" ORGQ, JOHN, NULL, 404));
    cJSON_Delete(http_json(port, "GET", "/inventory/v1/items/" SURGE ORGQ, JOHN, NULL, 200));

    /* The model here was bypassed: the upstream holds the adjustment. */
    model_lock();
    size_t local = model_find_org("10234695")->adjustments.n;
    model_unlock();
    cr_assert_eq(local, 0);
    cJSON *count = http_json(up.port, "POST", "/__admin/requests/count", NULL,
                             "{\"path\":\"/inventory/v1/inventoryadjustments*\"}", 200);
    cr_assert_eq(cJSON_GetObjectItem(count, "count")->valuedouble, 3);
    cJSON_Delete(count);
    server_stop();
    cr_assert(WIFEXITED(stop_child(&up, SIGTERM)));

    snprintf(file, sizeof file, "%s/10234695.json", dir);
    cr_assert_eq(interactions_in(file), 4);

    /* Upstream gone: 502, and nothing of it recorded. */
    port = start_server(dir, upstream);
    contract_http h = http(port, "GET", "/inventory/v1/items" ORGQ, JOHN, NULL);
    cr_assert_eq(h.status, 502, "%ld %s", h.status, h.body);
    cr_assert(strstr(h.body, "zoho-mock --proxy"), "%s", h.body);
    contract_http_free(&h);
    server_stop();
    curl_global_cleanup();
    cr_assert_eq(interactions_in(file), 4);

    /* What the upstream answered, verified against a fresh zoho-mock. */
    expect_verified(file, 4);
    free(dir);
}

/* --------------------------------------------------------------- kill -9 */

typedef struct hammer {
    int port;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int completed;
    bool done;
} hammer;

/* Reads until the server stops answering, counting whole answers. */
static void *hammer_run(void *arg)
{
    hammer *h = arg;
    for (;;) {
        contract_http r = http(h->port, "POST", "/inventory/v1/inventoryadjustments" ORGQ, JOHN, ADJ_BODY);
        long status = r.status;
        contract_http_free(&r);
        pthread_mutex_lock(&h->mu);
        if (status == 201) h->completed++;
        else h->done = true;
        pthread_cond_signal(&h->cv);
        pthread_mutex_unlock(&h->mu);
        if (status != 201) return NULL;
    }
}

/* Hammers a recording server, kills it with -9 mid-stream; returns how
 * many answers the client had seen. */
static int record_then_kill_9(const char *format, const char *dir, const char *file)
{
    child server = spawn_mock4("--record", dir, format ? "--format" : NULL, format);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    /* Every answered interaction is on disk by the time its answer arrives. */
    for (int i = 1; i <= 3; i++) {
        cJSON_Delete(http_json(server.port, "GET", "/inventory/v1/inventoryadjustments" ORGQ, JOHN, NULL, 200));
        cr_assert_eq(interactions_in(file), i);
    }

    hammer h = {server.port, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, false};
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, hammer_run, &h), 0);
    pthread_mutex_lock(&h.mu);
    while (h.completed < 150 && !h.done) pthread_cond_wait(&h.cv, &h.mu);
    pthread_mutex_unlock(&h.mu);
    int status = stop_child(&server, SIGKILL);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    pthread_join(t, NULL);
    curl_global_cleanup();
    cr_assert_geq(h.completed, 150);
    return 3 + h.completed;
}

/* What a kill left is read whole (a torn tail ignored), and replays. */
static void expect_readable_recording(const char *file, int answered, const char *last_status_path)
{
    size_t torn = 0;
    cJSON *doc = read_recording(file, &torn);
    cr_assert_not_null(doc, "the file parses after kill -9");
    int n = cJSON_GetArraySize(cJSON_GetObjectItem(doc, "interactions"));
    cr_assert_geq(n, answered, "%d recorded, %d answered", n, answered);
    /* The last one is whole, not cut off. */
    const cJSON *last = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "interactions"), n - 1);
    cr_assert_eq(jsonpath_get(last, last_status_path)->valuedouble, 201);
    cJSON_Delete(doc);
    char *report = NULL;
    const char *paths[] = {file};
    int rc = verify(paths, 1, NULL, &report);
    char summary[64];
    snprintf(summary, sizeof summary, "\n%d passed, 0 failed\n", n);
    cr_assert_eq(rc, 0, "%s", report);
    cr_assert(strstr(report, summary), "%s", report);
    free(report);
}

Test(contract_record, kill_9_while_recording_leaves_a_readable_file, .timeout = 60)
{
    char *dir = temp_dir(), file[256];
    snprintf(file, sizeof file, "%s/10234695.json", dir);
    int answered = record_then_kill_9(NULL, dir, file);
    expect_readable_recording(file, answered, "$.response.status");
    free(dir);
}

Test(contract_record, kill_9_while_recording_a_pact_leaves_a_readable_pact, .timeout = 60)
{
    char *dir = temp_dir(), file[256];
    snprintf(file, sizeof file, "%s/zoho-inventory-client-zoho-inventory-10234695.json", dir);
    int answered = record_then_kill_9("pact", dir, file);
    expect_readable_recording(file, answered, "$.response.status");
    free(dir);
}

/* ------------------------------------------------- appending, torn tails */

Test(contract_record, appending_never_rewrites_and_a_torn_tail_is_dropped)
{
    char *dir = temp_dir(), path[256];
    snprintf(path, sizeof path, "%s/doc.json", dir);
    cJSON *head = cJSON_Parse("{\"name\":\"t\"}");
    record_file f;
    char err[256] = "";
    cr_assert_eq(record_file_open(&f, path, head, "interactions", NULL, err, sizeof err), 0, "%s", err);
    struct stat before;
    cr_assert_eq(stat(path, &before), 0);
    char *first = NULL;
    for (int i = 0; i < 500; i++) {
        char element[64];
        snprintf(element, sizeof element, "{\"i\": %d}", i);
        cr_assert_eq(record_file_append(&f, element, err, sizeof err), 0, "%s", err);
        if (i == 0) first = read_text(path);
    }
    /* The same file (no rename), its start as it was after the first append
     * but for the first `]}` (now a separator): nothing was rewritten. */
    struct stat after;
    cr_assert_eq(stat(path, &after), 0);
    cr_assert_eq(before.st_ino, after.st_ino);
    char *now = read_text(path);
    char *old_end = strstr(first, "}\n]}");   /* up to the first element's end */
    cr_assert_not_null(old_end, "%s", first);
    size_t keep = (size_t)(old_end - first) + 2;
    cr_assert_eq(strncmp(first, now, keep), 0);
    cr_assert_eq(interactions_in(path), 500);
    free(first);
    free(now);
    record_file_close(&f);

    /* A kill between an append's two writes: an element and `]}` after the
     * document. Readers take the document; opening again drops the tail. */
    FILE *out = fopen(path, "a");
    fputs("{\"i\": 500}\n]}\n", out);
    fclose(out);
    size_t torn = 0;
    cJSON *doc = read_recording(path, &torn);
    cr_assert_eq(torn, strlen("{\"i\":500}]}"), "the torn tail's bytes");
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "interactions")), 500);
    cJSON_Delete(doc);
    cJSON *existing = NULL;
    cr_assert_eq(record_file_open(&f, path, head, "interactions", &existing, err, sizeof err), 0, "%s", err);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(existing, "interactions")), 500);
    cJSON_Delete(existing);
    cr_assert_eq(record_file_append(&f, "{\"i\": 500}", err, sizeof err), 0);
    record_file_close(&f);
    cr_assert_eq(interactions_in(path), 501, "whole JSON again: the tail is gone");
    cJSON_Delete(head);
    unlink(path);
    free(dir);
}

/* test_verify_openapi.c -- `zoho-mock verify --openapi`: recordings of the mock (--record, both formats) and edited copies, checked against Zoho's facts, Zoho's YAML and the mock's own document */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <cjson/cJSON.h>

#include "contract/record.h"
#include "http/server.h"
#include "tmpdir.h"
#include "util/file.h"

#define ORG "10234695"
#define TOKEN "Authorization: Zoho-oauthtoken 1000.full.john"

static const char *binary(void)
{
    const char *b = getenv("ZOHO_MOCK_BIN");
    return b ? b : "build/zoho-mock";
}

/* A fresh folder under $TMPDIR; rm_tree removes it. */
static char *make_dir(const char *name)
{
    char *path = NULL;
    cr_assert(asprintf(&path, "%s/%s-%d", ttmpdir(), name, getpid()) > 0);
    cr_assert_eq(mkdir(path, 0700), 0, "mkdir %s", path);
    return path;
}

static void rm_tree(char *path)
{
    char *cmd = NULL;
    cr_assert(asprintf(&cmd, "rm -rf '%s'", path) > 0);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
    free(path);
}

/* ------------------------------------------------------- the command */

typedef struct run_result {
    int exit_code;
    char *out;              /* stdout and stderr, whole */
} run_result;

/* `zoho-mock verify --openapi SPEC PATH` (and extra arguments before them). */
static run_result verify(const char *extra, const char *spec, const char *path)
{
    char *cmd = NULL;
    cr_assert(asprintf(&cmd, "%s verify %s --openapi '%s' '%s' 2>&1", binary(), extra, spec, path) > 0);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    run_result r = {0, NULL};
    size_t len = 0, cap = 0;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            r.out = realloc(r.out, cap);
            cr_assert_not_null(r.out);
        }
        memcpy(r.out + len, buf, n);
        len += n;
    }
    if (!r.out) r.out = calloc(1, 1);
    r.out[len] = '\0';
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    free(cmd);
    return r;
}

static void expect_line(const run_result *r, const char *line)
{
    char *want = NULL;
    cr_assert(asprintf(&want, "\n%s\n", line) > 0);
    cr_expect_not_null(strstr(r->out, want), "no line \"%s\" in:\n%s", line, r->out);
    free(want);
}

/* --------------------------------------------------- recording the mock */

/* A mock in this process that records what it answers into record_dir,
 * as `zoho-mock --record DIR [--format pact]` does; its port. */
static int start_mock(const char *record_dir, bool pact)
{
    zm_server_options o = {.bind = "127.0.0.1", .port = 0, .threads = 4, .quiet = true, .record_dir = record_dir,
                           .record_format = pact ? RECORD_FORMAT_PACT : RECORD_FORMAT_CONTRACT};
    char err[512] = "";
    int port = server_start(&o, err, sizeof err);
    cr_assert_gt(port, 0, "zoho-mock did not start: %s", err);
    return port;
}

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    char **buf = userdata;
    size_t old = *buf ? strlen(*buf) : 0, n = size * nmemb;
    *buf = realloc(*buf, old + n + 1);
    cr_assert_not_null(*buf);
    memcpy(*buf + old, ptr, n);
    (*buf)[old + n] = '\0';
    return n;
}

/* One call to the mock; its JSON answer (the caller deletes it). */
static cJSON *call(int port, const char *method, const char *path, const char *body, long *status)
{
    char url[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s%s", port, path, strchr(path, '?') ? "" : "?organization_id=" ORG);
    CURL *c = curl_easy_init();
    cr_assert_not_null(c);
    struct curl_slist *h = curl_slist_append(NULL, TOKEN);
    h = curl_slist_append(h, "Content-Type: application/json");
    char *text = NULL;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (body) curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &text);
    cr_assert_eq(curl_easy_perform(c), CURLE_OK, "%s %s", method, url);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    cJSON *json = text ? cJSON_Parse(text) : NULL;
    free(text);
    return json;
}

static void call_expect(int port, const char *method, const char *path, const char *body, long want)
{
    long status = 0;
    cJSON_Delete(call(port, method, path, body, &status));
    cr_assert_eq(status, want, "%s %s answered %ld", method, path, status);
}

/* The mock's own OpenAPI document, saved to file. */
static void save_document(int port, const char *file)
{
    long status = 0;
    cJSON *doc = call(port, "GET", "/__admin/openapi.json?", NULL, &status);
    cr_assert_eq(status, 200);
    char *text = cJSON_PrintUnformatted(doc);
    FILE *f = fopen(file, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    cJSON_free(text);
    cJSON_Delete(doc);
}

/* The recorded session: reads Zoho documents describe (the current user,
 * a tax made, read and deleted), a stock count (not in Zoho's documents)
 * and an unknown path. With doc_file, the mock's own OpenAPI document is
 * saved there. */
static void record_session(const char *dir, bool pact, const char *doc_file)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int port = start_mock(dir, pact);
    long status = 0;
    call_expect(port, "GET", "/inventory/v1/users/me", NULL, 200);
    cJSON *made = call(port, "POST", "/inventory/v1/settings/taxes", "{\"tax_name\":\"VAT 7\",\"tax_percentage\":7}", &status);
    cr_assert_eq(status, 201);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(made, "tax"), "tax_id");
    cr_assert(cJSON_IsString(id));
    char path[256];
    snprintf(path, sizeof path, "/inventory/v1/settings/taxes/%s", id->valuestring);
    cJSON_Delete(made);
    call_expect(port, "GET", path, NULL, 200);
    call_expect(port, "DELETE", path, NULL, 200);
    call_expect(port, "POST", "/inventory/v1/inventorycounts",
                "{\"location_id\":\"4815000000038080\",\"line_items\":[{\"item_id\":\"4815000000033024\"}]}", 201);
    call_expect(port, "GET", "/inventory/v1/inventorycounts", NULL, 200);
    call_expect(port, "GET", "/inventory/v1/nothing/here", NULL, 404);
    if (doc_file) save_document(port, doc_file);
    server_stop();
    curl_global_cleanup();
}

/* The file --record wrote into dir (there is one organization). */
static char *recorded_file(const char *dir, bool pact)
{
    char *path = NULL;
    cr_assert(asprintf(&path, pact ? "%s/zoho-inventory-client-zoho-inventory-" ORG ".json" : "%s/" ORG ".json", dir) > 0);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0, "%s was not recorded", path);
    return path;
}

/* The lines every report of that session against Zoho's documents has. */
static void expect_zoho_report(const run_result *r)
{
    expect_line(r, "drift  GET /users/me (users: get_current_user): 1 answer\n"
                   "       $.user.email: extra: in the answer, not documented (1 of 1)");
    expect_line(r, "drift  GET /settings/taxes/{tax_id} (taxes: get_tax): 1 answer\n"
                   "       $.tax: type: documented array, recorded object (1 of 1)");
    expect_line(r, "agree  DELETE /settings/taxes/{tax_id} (taxes: delete_tax): 1 answer");
    expect_line(r, "note   POST /inventory/v1/inventorycounts: 1 answer, no documented operation");
    expect_line(r, "note   GET /inventory/v1/nothing/here: 1 answer, no documented operation");
}

/* ------------------------------------------------------------- tests */

Test(verify_openapi, a_recording_of_the_mock_against_zoho_facts, .timeout = 60)
{
    char *dir = make_dir("rec");
    record_session(dir, false, NULL);
    run_result r = verify("", "spec/zoho", dir);
    cr_assert_eq(r.exit_code, 1, "drift is exit 1:\n%s", r.out);
    static const char first[] = "openapi  spec/zoho: 37 documents, 504 operations; 7 answers recorded\n";
    cr_assert(strncmp(r.out, first, sizeof first - 1) == 0, "first line:\n%s", r.out);
    expect_zoho_report(&r);
    /* The create's answer: Zoho documents a tax as an array there too. */
    cr_expect_not_null(strstr(r.out, "drift  POST /settings/taxes (taxes: create_tax): 1 answer\n"
                                     "       $.tax: type: documented array, recorded object (1 of 1)"), "%s", r.out);
    expect_line(&r, "4 operations: 1 agree, 3 drift; 4 answers checked, 3 outside the documents");
    free(r.out);
    rm_tree(dir);
}

/* Edits the recorded answers: the deletion loses its code, gets a
 * message of the wrong type and a field Zoho does not document; the
 * current user answers a status Zoho does not document; and the file
 * ends as a kill leaves it, an interaction cut off after the document. */
static void edit_copy(const char *from, const char *to)
{
    size_t len;
    char why[256];
    char *text = file_read(from, 0, &len, NULL, why, sizeof why);
    cr_assert_not_null(text, "%s", why);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    cr_assert_not_null(doc);
    int edited = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "interactions")) {
        cJSON *req = cJSON_GetObjectItemCaseSensitive(it, "request");
        cJSON *res = cJSON_GetObjectItemCaseSensitive(it, "response");
        const char *method = cJSON_GetObjectItemCaseSensitive(req, "method")->valuestring;
        const char *path = cJSON_GetObjectItemCaseSensitive(req, "path")->valuestring;
        cJSON *body = cJSON_GetObjectItemCaseSensitive(res, "body");
        if (!strcmp(method, "DELETE") && strstr(path, "/settings/taxes/")) {
            cJSON_DeleteItemFromObjectCaseSensitive(body, "code");
            cJSON_ReplaceItemInObjectCaseSensitive(body, "message", cJSON_CreateNumber(5));
            cJSON_AddNumberToObject(body, "deleted_count", 1);
            edited++;
        } else if (!strcmp(path, "/inventory/v1/users/me")) {
            cJSON_ReplaceItemInObjectCaseSensitive(res, "status", cJSON_CreateNumber(202));
            edited++;
        }
    }
    cr_assert_eq(edited, 2);
    char *out = cJSON_Print(doc);
    FILE *f = fopen(to, "w");
    cr_assert_not_null(f);
    fprintf(f, "%s\n, {\"description\": \"GET /inventory/v1/items (200)\", \"request\": {\"meth", out);
    fclose(f);
    cJSON_free(out);
    cJSON_Delete(doc);
}

Test(verify_openapi, an_edited_copy_drifts_line_by_line, .timeout = 60)
{
    char *dir = make_dir("rec"), *edited = make_dir("edited");
    record_session(dir, false, NULL);
    char *file = recorded_file(dir, false), *copy = NULL;
    cr_assert(asprintf(&copy, "%s/edited.json", edited) > 0);
    edit_copy(file, copy);
    run_result r = verify("", "spec/zoho", edited);
    cr_assert_eq(r.exit_code, 1, "%s", r.out);
    expect_line(&r, "drift  DELETE /settings/taxes/{tax_id} (taxes: delete_tax): 1 answer\n"
                    "       $.message: type: documented string, recorded integer (1 of 1)\n"
                    "       $.code: missing: documented, not in the answer (1 of 1)\n"
                    "       $.deleted_count: extra: in the answer, not documented (1 of 1)");
    expect_line(&r, "drift  GET /users/me (users: get_current_user): 1 answer\n"
                    "       status 202: not documented (documented: 200) (1 of 1)");
    expect_line(&r, "4 operations: 0 agree, 4 drift; 4 answers checked, 3 outside the documents");
    free(r.out);

    /* The original still agrees where the copy drifts. */
    r = verify("", "spec/zoho", file);
    expect_line(&r, "agree  DELETE /settings/taxes/{tax_id} (taxes: delete_tax): 1 answer");
    free(r.out);
    free(file);
    free(copy);
    rm_tree(dir);
    rm_tree(edited);
}

Test(verify_openapi, a_recorded_pact_against_zoho_facts, .timeout = 60)
{
    char *dir = make_dir("pact");
    record_session(dir, true, NULL);
    free(recorded_file(dir, true));
    run_result r = verify("", "spec/zoho", dir);
    cr_assert_eq(r.exit_code, 1, "%s", r.out);
    expect_zoho_report(&r);
    free(r.out);
    rm_tree(dir);
}

/* The mock's own document, as YAML: the stock counts Zoho's documents
 * lack are described there, and the mock's answers agree with it. */
Test(verify_openapi, the_mock_against_its_own_document_as_yaml, .timeout = 60)
{
    char *dir = make_dir("rec"), *docs = make_dir("docs");
    char *json = NULL, *cmd = NULL;
    cr_assert(asprintf(&json, "%s/openapi.json", dir) > 0);
    record_session(dir, false, json);
    cr_assert(asprintf(&cmd, "python3 -c 'import json, sys, yaml; yaml.safe_dump(json.load(open(sys.argv[1])), "
                             "open(sys.argv[2], \"w\"), sort_keys=False)' '%s' '%s/zoho-mock.yaml'", json, docs) > 0);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    unlink(json);
    run_result r = verify("", docs, dir);
    cr_assert(strncmp(r.out, "openapi  ", 9) == 0 && strstr(r.out, ": 1 documents, "), "%s", r.out);
    expect_line(&r, "agree  POST /inventory/v1/inventorycounts (zoho-mock: inventorycounts.create): 1 answer");
    expect_line(&r, "agree  GET /inventory/v1/inventorycounts (zoho-mock: inventorycounts.list): 1 answer");
    /* Zoho's document's shape, described by the mock too: the same drift. */
    expect_line(&r, "drift  GET /inventory/v1/users/me (zoho-mock: get_current_user): 1 answer\n"
                    "       $.user.email: extra: in the answer, not documented (1 of 1)");
    /* The mock documents its error answers. */
    expect_line(&r, "note   GET /inventory/v1/nothing/here: 1 answer, no documented operation");
    free(r.out);
    free(json);
    free(cmd);
    rm_tree(dir);
    rm_tree(docs);
}

/* Zoho's original YAML documents give the report spec/zoho's facts give
 * (where the machine has them: ZOHO_OAS_DIR, default /work/shared/zoho-oas). */
Test(verify_openapi, zoho_yaml_originals_report_what_the_facts_report, .timeout = 120)
{
    const char *oas = getenv("ZOHO_OAS_DIR") ? getenv("ZOHO_OAS_DIR") : "/work/shared/zoho-oas";
    struct stat st;
    if (stat(oas, &st) != 0) cr_skip_test("no Zoho OpenAPI documents at %s (ZOHO_OAS_DIR)", oas);
    char *dir = make_dir("rec");
    record_session(dir, false, NULL);
    run_result facts = verify("", "spec/zoho", dir), yaml = verify("", oas, dir);
    cr_assert_eq(yaml.exit_code, facts.exit_code, "%s", yaml.out);
    cr_assert(strstr(yaml.out, ": 37 documents, 504 operations; 7 answers recorded\n"), "%s", yaml.out);
    cr_assert_str_eq(strchr(yaml.out, '\n'), strchr(facts.out, '\n'));
    expect_zoho_report(&yaml);
    free(facts.out);
    free(yaml.out);
    rm_tree(dir);
}

Test(verify_openapi, bad_input_says_what_is_wrong, .timeout = 60)
{
    char *dir = make_dir("bad");
    run_result r = verify("", "/nonexistent/oas", dir);
    cr_assert_eq(r.exit_code, 2, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "zoho-mock verify --openapi: /nonexistent/oas: no such file or folder"), "%s", r.out);
    free(r.out);

    r = verify("", dir, dir);      /* a folder without documents */
    cr_assert_eq(r.exit_code, 2, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "no OpenAPI document or spec/zoho facts"), "%s", r.out);
    free(r.out);

    char *junk = NULL;
    cr_assert(asprintf(&junk, "%s/junk.json", dir) > 0);
    FILE *f = fopen(junk, "w");
    fputs("{\"interactions\": [", f);
    fclose(f);
    r = verify("", "spec/zoho", dir);
    cr_assert_eq(r.exit_code, 1, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "\nerror  "), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "junk.json: "), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "0 operations: 0 agree, 0 drift; 0 answers checked, 0 outside the documents, "
                                     "1 files unreadable"), "%s", r.out);
    free(r.out);

    r = verify("--target http://127.0.0.1:9", "spec/zoho", dir);
    cr_assert_eq(r.exit_code, 2, "%s", r.out);
    cr_assert_not_null(strstr(r.out, "--target, --token, --organization, --junit, --states and --admin-token do not go with it"),
                       "%s", r.out);
    free(r.out);
    free(junk);
    rm_tree(dir);
}

/* The project's contracts replayed through a recording mock: every answer
 * of a hand-written route (stock counts, recurring counts, settings)
 * agrees with the mock's own description of it (spec/mock/openapi.json).
 * Those operations are named by their route name ("inventorycounts.create");
 * Zoho's documented ones by Zoho's operationId. */
Test(verify_openapi, the_mock_answers_as_its_document_says, .timeout = 120)
{
    char *dir = make_dir("rec"), *docs = make_dir("docs");
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int port = start_mock(dir, false);
    char *file = NULL, *cmd = NULL;
    cr_assert(asprintf(&file, "%s/openapi.json", docs) > 0);
    save_document(port, file);
    cr_assert(asprintf(&cmd, "%s verify --target http://127.0.0.1:%d contracts/endpoints/ contracts/flows/ "
                             ">/dev/null 2>&1", binary(), port) > 0);
    int replayed = system(cmd);
    cr_assert(WIFEXITED(replayed), "%s", cmd);
    server_stop();
    curl_global_cleanup();

    run_result r = verify("", file, dir);
    cr_assert(strstr(r.out, "agree  POST /inventory/v1/inventorycounts/{inventorycount_id}/start "
                            "(openapi: inventorycounts.start): "), "%s", r.out);
    int hand_written = 0;
    for (char *line = r.out; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        char label[256];
        if (sscanf(line, "%*s %*s %*s (openapi: %255[^)])", label) != 1 || !strchr(label, '.')) continue;
        hand_written++;
        cr_expect(strncmp(line, "agree  ", 7) == 0, "the mock's description and its handler disagree:\n%.600s", line);
    }
    cr_assert_gt(hand_written, 15, "%s", r.out);
    free(r.out);
    free(file);
    free(cmd);
    rm_tree(dir);
    rm_tree(docs);
}

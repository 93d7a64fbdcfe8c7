/* verify.c -- verify: load contract files, set each one's server up, replay its interactions, report */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "contract/contract.h"
#include "contract/pact.h"
#include "contract/record_file.h"
#include "http/dispatch.h"
#include "http/server.h"
#include "model/clock.h"
#include "model/fixtures.h"
#include "model/model.h"
#include "util/curl_lazy.h"
#include "util/file.h"
#include "util/text.h"
#include "verify/verify_impl.h"
#include "zoho/auth.h"
#include "zoho/fields.h"

/* ------------------------------------------------------------ text */

/* A scalar as text (query values, header values): strings as they are. */
char *verify_scalar_text(const cJSON *v)
{
    if (cJSON_IsString(v)) return xstrdup(v->valuestring);
    return contract_show(v);
}

/* ------------------------------------------------------------ files */

static int skip_hidden(const struct dirent *d) { return d->d_name[0] != '.'; }

/* Files of the path: itself, or a folder's *.json in name order,
 * sub-folders included. -1 when it does not exist. */
static int collect(const char *path, string_list *files)
{
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    if (!S_ISDIR(st.st_mode)) {
        VEC_PUSH(*files, xstrdup(path));
        return 0;
    }
    struct dirent **names = NULL;
    int n = scandir(path, &names, skip_hidden, alphasort);
    for (int i = 0; i < n; i++) {
        char *child = NULL;
        size_t plen = strlen(path);
        child = xasprintf("%s%s%s", path, plen && path[plen - 1] == '/' ? "" : "/", names[i]->d_name);
        struct stat cs;
        size_t len = strlen(child);
        /* A folder's states.json is the provider states of its pacts, not a contract. */
        bool states = strcmp(names[i]->d_name, VERIFY_STATES_NAME) == 0;
        if (stat(child, &cs) == 0 && !states &&
            (S_ISDIR(cs.st_mode) || (len > 5 && strcmp(child + len - 5, ".json") == 0)))
            collect(child, files);
        free(child);
        free(names[i]);
    }
    free(names);
    return 0;
}

/* ----------------------------------------------------------- loading */

static bool optional_type(const cJSON *doc, const char *name, cJSON_bool (*is)(const cJSON *),
                          const char *what, char *err, size_t errlen)
{
    const cJSON *v = json_get(doc, name);
    if (!v || is(v)) return true;
    snprintf(err, errlen, "$.%s: expected %s", name, what);
    return false;
}

static bool check_interaction(const cJSON *it, int i, char *err, size_t errlen)
{
    const cJSON *req = json_get(it, "request");
    const cJSON *path = req ? json_get(req, "path") : NULL;
    char where[64];
    snprintf(where, sizeof where, "$.interactions[%d]", i);
    if (!cJSON_IsObject(it) || !cJSON_IsObject(req)) {
        snprintf(err, errlen, "%s.request: expected an object", where);
        return false;
    }
    if (!cJSON_IsString(path) || path->valuestring[0] != '/') {
        snprintf(err, errlen, "%s.request.path: expected a path starting with /", where);
        return false;
    }
    const cJSON *repeat = json_get(it, "repeat");
    if (repeat && (!cJSON_IsNumber(repeat) || repeat->valuedouble < 1 || repeat->valuedouble > 100000 ||
                   repeat->valuedouble != (int)repeat->valuedouble)) {
        snprintf(err, errlen, "%s.repeat: expected a whole number from 1 to 100000", where);
        return false;
    }
    const char *objects[] = {"response", "match", "capture"};
    for (size_t k = 0; k < 3; k++) {
        const cJSON *v = json_get(it, objects[k]);
        if (v && !cJSON_IsObject(v)) {
            snprintf(err, errlen, "%s.%s: expected an object", where, objects[k]);
            return false;
        }
    }
    return true;
}

/* Parses contract text (a recording's torn tail, what a kill left after
 * its last whole interaction, is ignored and its length put in *torn, when
 * given) and checks its shape; NULL with err set. */
static cJSON *parse_contract(const char *text, size_t len, size_t *torn, char *err, size_t errlen)
{
    size_t ignored = 0, error_at = 0;
    cJSON *doc = record_file_parse(text, len, &ignored, &error_at);
    if (!doc) {
        int line = 1;
        for (size_t i = 0; i < error_at && i < len; i++) line += text[i] == '\n';
        snprintf(err, errlen, "invalid JSON near line %d", line);
        return NULL;
    }
    if (ignored && torn) *torn = ignored;
    if (pact_detect(doc)) return doc;   /* verify_pact.c checks its own shape */
    const cJSON *its = json_get(doc, "interactions");
    bool ok = cJSON_IsObject(doc);
    if (!ok) snprintf(err, errlen, "$: expected an object");
    else if (!cJSON_IsArray(its)) ok = false, snprintf(err, errlen, "$.interactions: expected an array");
    ok = ok && optional_type(doc, "name", cJSON_IsString, "a string", err, errlen) &&
         optional_type(doc, "fixtures", cJSON_IsString, "a file name", err, errlen) &&
         optional_type(doc, "clock", cJSON_IsString, "a datetime", err, errlen) &&
         optional_type(doc, "scenarios", cJSON_IsArray, "an array", err, errlen) &&
         optional_type(doc, "variables", cJSON_IsObject, "an object", err, errlen);
    int i = 0;
    for (const cJSON *it = ok ? its->child : NULL; it && ok; it = it->next, i++)
        ok = check_interaction(it, i, err, errlen);
    if (!ok) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

cJSON *verify_parse_contract(const char *text, char *err, size_t errlen)
{
    return parse_contract(text, strlen(text), NULL, err, errlen);
}

/* Reads the file and checks its shape; NULL with err set. */
static cJSON *load_contract(const char *file, size_t *torn, char *err, size_t errlen)
{
    char why[256];
    size_t len = 0;
    char *text = file_read(file, 0, &len, NULL, why, sizeof why);
    if (!text) {
        snprintf(err, errlen, "cannot read: %s", why);
        return NULL;
    }
    cJSON *doc = parse_contract(text, len, torn, err, errlen);
    free(text);
    return doc;
}

/* ---------------------------------------------------------- reporting */

void verify_print_case(run *r, const char *name, const contract_diff *diff, double seconds)
{
    zm_text text = {0};
    for (size_t i = 0; i < diff->lines.n; i++) {
        if (i) text_add_str(&text, "\n");
        text_add_str(&text, diff->lines.v[i]);
    }
    fprintf(r->out, "%s  %s: %s\n", diff->lines.n ? "FAIL" : "pass", r->file, name);
    for (size_t i = 0; i < diff->lines.n; i++) fprintf(r->out, "      %s\n", diff->lines.v[i]);
    report_case(r->report, name, diff->lines.n ? text.s : NULL, seconds);
    free(text.s);
}

/* A failure that is not an interaction (loading, setting up). */
void verify_file_failure(run *r, const char *name, const char *fmt, ...)
{
    contract_diff d = {{NULL, 0, 0}};
    va_list ap;
    va_start(ap, fmt);
    char *line = NULL;
    line = xvasprintf(fmt, ap);
    va_end(ap);
    VEC_PUSH(d.lines, line);
    verify_print_case(r, name, &d, 0);
    contract_diff_free(&d);
}

/* ----------------------------------------------------------- exchange */

void verify_call(run *r, const char *method, const char *path_and_query,
                 const char *const *headers, const char *body, contract_http *out)
{
    char *url = NULL;
    url = xasprintf("%s%s", r->base, path_and_query);
    contract_http_call(r->curl, method, url, headers, body, body ? strlen(body) : 0, out);
    free(url);
}

/* An admin call of the setup: true on a 2xx answer, else err says why. */
bool verify_admin_call(run *r, const char *method, const char *path, const char *json, char *err,
                       size_t errlen)
{
    char *auth = r->opts->admin_token ? xasprintf("Authorization: Bearer %s", r->opts->admin_token) : NULL;
    const char *headers[] = {"Content-Type: application/json", auth, NULL};
    contract_http h;
    verify_call(r, method, path, headers, json, &h);
    free(auth);
    bool ok = h.status >= 200 && h.status < 300;
    if (!ok && h.status == 0) snprintf(err, errlen, "%s %s: %s", method, path, h.error);
    else if (!ok)
        snprintf(err, errlen, "%s %s answered %ld: %.200s", method, path, h.status, h.body);
    contract_http_free(&h);
    return ok;
}

void verify_set_var(cJSON *vars, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(vars, name);
    cJSON_AddStringToObject(vars, name, value);
}

/* From the loaded model: {{organization_id}} and {{token}} where neither the command line nor the file set them. */
void verify_fixture_defaults(run *r)
{
    model_lock();
    const cJSON *org = json_get(r->vars, "organization_id");
    if (!org && g_model.orgs.n) verify_set_var(r->vars, "organization_id", g_model.orgs.v[0]->organization_id);
    org = json_get(r->vars, "organization_id");
    zm_org *o = cJSON_IsString(org) ? model_find_org(org->valuestring) : NULL;
    const zm_token *best = json_get(r->vars, "token") ? NULL : auth_default_token(o);
    if (best) verify_set_var(r->vars, "token", best->token);
    model_unlock();
}

bool verify_set_clock_in_process(const char *clock, char *err, size_t errlen)
{
    int64_t t;
    int off;
    if (clock_parse_datetime(clock, &t, &off) != 0) {
        snprintf(err, errlen, "$.clock: expected a datetime like 2025-06-15T09:00:00+0530");
        return false;
    }
    model_lock();
    for (size_t i = 0; i < g_model.orgs.n; i++) {
        clock_freeze_at(&g_model.orgs.v[i]->clock, t);
    }
    model_unlock();
    return true;
}

/* Resets a zoho-mock target, its clocks frozen at the contract's when it
 * has one (a reset may start earlier than the target's clock; a clock
 * move may not). */
bool verify_reset_target(run *r, const cJSON *clock, char *err, size_t errlen)
{
    if (!clock) return verify_admin_call(r, "POST", "/__admin/reset", NULL, err, errlen);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "clock", clock->valuestring);
    char *json = json_print(body);
    bool ok = verify_admin_call(r, "POST", "/__admin/reset", json, err, errlen);
    free(json);
    cJSON_Delete(body);
    return ok;
}

bool verify_start_scenarios(run *r, const cJSON *scenarios, char *err, size_t errlen)
{
    for (const cJSON *s = scenarios ? scenarios->child : NULL; s; s = s->next) {
        cJSON *body = cJSON_IsString(s) ? cJSON_CreateObject() : cJSON_Duplicate(s, true);
        if (cJSON_IsString(s)) cJSON_AddStringToObject(body, "file", s->valuestring);
        char *json = json_print(body);
        bool ok = verify_admin_call(r, "POST", "/__admin/scenarios", json, err, errlen);
        free(json);
        cJSON_Delete(body);
        if (!ok) return false;
    }
    return true;
}

/* ---------------------------------------------------------- one step */

/* "?a=1&b=x" from the query object, escaped, after whatever the path has. */
static void add_query(run *r, zm_text *url, const cJSON *query)
{
    bool first = !strchr(url->s, '?');
    for (const cJSON *q = query ? query->child : NULL; q; q = q->next) {
        char *value = verify_scalar_text(q);
        char *k = curl_easy_escape(r->curl, q->string, 0), *v = curl_easy_escape(r->curl, value, 0);
        text_add_str(url, first ? "?" : "&");
        text_add_str(url, k);
        text_add_str(url, "=");
        text_add_str(url, v);
        curl_free(k);
        curl_free(v);
        free(value);
        first = false;
    }
}

static void check_response(const cJSON *expected, const cJSON *rules, const contract_http *h,
                           const cJSON *actual, contract_diff *diff)
{
    const cJSON *status = json_get(expected, "status");
    if (cJSON_IsNumber(status) && (long)status->valuedouble != h->status)
        contract_diff_add(diff, "status: expected %ld, actual %ld", (long)status->valuedouble,
                          h->status);
    const cJSON *headers = json_get(expected, "headers");
    for (const cJSON *e = headers ? headers->child : NULL; e; e = e->next) {
        const char *got = contract_http_header(h, e->string);
        char *want = verify_scalar_text(e);
        if (!got || strcmp(got, want) != 0)
            contract_diff_add(diff, "header %s: expected \"%s\", actual %s%s%s", e->string, want,
                              got ? "\"" : "", got ? got : "absent", got ? "\"" : "");
        free(want);
    }
    const cJSON *body = json_get(expected, "body");
    if (!actual && cJSON_IsString(body)) {
        if (strcmp(body->valuestring, h->body) != 0)
            contract_diff_add(diff, "body: expected \"%.120s\", actual \"%.120s\"",
                              body->valuestring, h->body);
    } else if (!actual && (body || rules)) {
        contract_diff_add(diff, "$: expected a JSON body, actual \"%.120s\"", h->body);
    } else {
        contract_match(body, actual, rules, diff);
    }
}

/* The interaction's name: its description, else method and path. */
static char *interaction_name(const cJSON *it, int index)
{
    const cJSON *d = json_get(it, "description");
    const cJSON *req = json_get(it, "request");
    const cJSON *m = json_get(req, "method");
    char *name = NULL;
    if (cJSON_IsString(d))
        name = xasprintf("#%d %s", index + 1, d->valuestring);
    if (!name)
        name = xasprintf("#%d %s %s", index + 1, cJSON_IsString(m) ? m->valuestring : "GET",
                         json_get(req, "path")->valuestring);
    return name;
}

void verify_run_interaction(run *r, const cJSON *it, contract_diff *diff)
{
    char err[512];
    cJSON *req = contract_substitute(json_get(it, "request"), r->vars, err, sizeof err);
    if (!req) {
        contract_diff_add(diff, "request: %s", err);
        return;
    }
    const cJSON *m = json_get(req, "method"), *body = json_get(req, "body");
    const char *method = cJSON_IsString(m) ? m->valuestring : "GET";
    zm_text url = {0};
    text_add_str(&url, json_get(req, "path")->valuestring);
    add_query(r, &url, json_get(req, "query"));

    string_list headers = {NULL, 0, 0};
    bool has_type = false;
    const cJSON *hdrs = json_get(req, "headers");
    for (const cJSON *e = cJSON_IsObject(hdrs) ? hdrs->child : NULL; e; e = e->next) {
        char *value = verify_scalar_text(e), *line = NULL;
        line = xasprintf("%s: %s", e->string, value);
        free(value);
        VEC_PUSH(headers, line);
        has_type |= strcasecmp(e->string, "Content-Type") == 0;
    }
    char *body_text = NULL;
    if (cJSON_IsString(body)) {
        body_text = xstrdup(body->valuestring);
    } else if (body) {
        contract_exact_integers(req);
        body = json_get(req, "body");
        body_text = json_print(body);
        if (!has_type) VEC_PUSH(headers, xstrdup("Content-Type: application/json"));
    }
    VEC_PUSH(headers, NULL);

    contract_http h;
    verify_call(r, method, url.s, (const char *const *)headers.v, body_text, &h);
    if (h.status == 0) {
        contract_diff_add(diff, "%s %s%s: no answer: %s", method, r->base, url.s, h.error);
    } else {
        cJSON *actual = cJSON_ParseWithLength(h.body, h.body_len);
        const cJSON *resp = json_get(it, "response");
        cJSON *expected = resp ? contract_substitute(resp, r->vars, err, sizeof err) : NULL;
        if (resp && !expected) contract_diff_add(diff, "response: %s", err);
        else check_response(expected, json_get(it, "match"), &h, actual, diff);
        contract_capture(json_get(it, "capture"), actual, r->vars, diff);
        cJSON_Delete(expected);
        cJSON_Delete(actual);
    }
    contract_http_free(&h);
    for (size_t i = 0; i < headers.n; i++) free(headers.v[i]);
    VEC_FREE(headers);
    free(body_text);
    free(url.s);
    cJSON_Delete(req);
}

/* "repeat": N sends the interaction N times (a rate limit's 100 calls);
 * it stops at the first repetition that differs, and says which. */
static void run_repeated(run *r, const cJSON *it, contract_diff *diff)
{
    const cJSON *rep = json_get(it, "repeat");
    int n = cJSON_IsNumber(rep) ? (int)rep->valuedouble : 1;
    for (int k = 1; k <= n && diff->lines.n == 0; k++) {
        verify_run_interaction(r, it, diff);
        if (diff->lines.n && n > 1) contract_diff_add(diff, "(repetition %d of %d)", k, n);
    }
}

/* ---------------------------------------------------------- one file */

bool verify_setup_server(run *r, const char *fixtures, const cJSON *clock, const cJSON *scenarios,
                         bool *started, char *err, size_t errlen)
{
    if (!r->opts->target) {
        zm_server_options so = {.bind = "127.0.0.1", .port = 0, .threads = 4, .quiet = true,
                                .fixtures = fixtures};
        int port = server_start(&so, err, errlen);
        if (port < 0) return false;
        *started = true;
        snprintf(r->base, sizeof r->base, "http://127.0.0.1:%d", port);
        verify_fixture_defaults(r);
        if (clock && !verify_set_clock_in_process(clock->valuestring, err, errlen)) return false;
        return verify_start_scenarios(r, scenarios, err, errlen);
    }
    snprintf(r->base, sizeof r->base, "%s", r->opts->target);
    size_t n = strlen(r->base);
    while (n && r->base[n - 1] == '/') r->base[--n] = '\0';
    /* The fixtures only give defaults here: the target has its own data. */
    char ignored[512];
    /* Organizations come and go only under the global lock, exclusive. */
    model_write_lock();
    bool own = g_model.orgs.n == 0; /* else a server of this process holds the model */
    int loaded = own ? fixtures_load(fixtures, ignored, sizeof ignored) : 0;
    model_global_unlock();
    if (loaded == 0) verify_fixture_defaults(r);
    model_write_lock();
    if (own && loaded == 0) model_clear();
    model_global_unlock();
    bool is_mock = verify_admin_call(r, "GET", "/__admin/health", NULL, ignored, sizeof ignored);
    if (!is_mock && strstr(ignored, "answered 401") && strstr(ignored, "Bearer")) {
        snprintf(err, errlen, "the target's admin API needs its token: verify --admin-token T "
                              "(or ZOHO_MOCK_ADMIN_TOKEN)");
        return false;
    }
    if (!is_mock) {
        if ((clock || cJSON_GetArraySize(scenarios) > 0) && !r->noted)
            fprintf(r->out, "note  %s: the target is not a zoho-mock: clock and scenarios not set\n",
                    r->file);
        r->noted = true;
        r->target_is_mock = false;
        return true;
    }
    r->target_is_mock = true;
    return verify_reset_target(r, clock, err, errlen) &&
           verify_admin_call(r, "DELETE", "/__admin/scenarios", NULL, err, errlen) &&
           verify_start_scenarios(r, scenarios, err, errlen);
}

/* Sets the server up for a contract of the project's format. */
static bool setup(run *r, const cJSON *doc, bool *started, char *err, size_t errlen)
{
    const cJSON *fx = json_get(doc, "fixtures");
    return verify_setup_server(r, cJSON_IsString(fx) ? fx->valuestring : NULL,   /* NULL: the built-in */
                               json_get(doc, "clock"), json_get(doc, "scenarios"), started, err,
                               errlen);
}

static void run_file(run *r, const char *file)
{
    r->file = file;
    report_suite(r->report, file);
    char err[1024] = "";
    size_t torn = 0;
    cJSON *doc = load_contract(file, &torn, err, sizeof err);
    if (!doc) {
        verify_file_failure(r, "load", "%s", err);
        return;
    }
    if (torn)
        fprintf(r->out, "note  %s: %zu bytes after the JSON document ignored (a recording cut off "
                        "by a kill)\n", file, torn);
    r->noted = false;
    if (pact_detect(doc)) {
        verify_pact_file(r, doc);
        cJSON_Delete(doc);
        return;
    }
    const cJSON *vars = json_get(doc, "variables");
    r->vars = vars ? cJSON_Duplicate(vars, true) : cJSON_CreateObject();
    if (r->opts->organization) verify_set_var(r->vars, "organization_id", r->opts->organization);
    if (r->opts->token) verify_set_var(r->vars, "token", r->opts->token);
    bool started = false;
    /* A handle per file: its connections close before the server stops. */
    r->curl = curl_easy_init();
    if (!r->curl) alloc_out_of_memory(0);
    if (!setup(r, doc, &started, err, sizeof err)) {
        verify_file_failure(r, "setup", "%s", err);
    } else {
        int i = 0;
        for (const cJSON *it = json_get(doc, "interactions")->child; it; it = it->next, i++) {
            contract_diff diff = {{NULL, 0, 0}};
            double t0 = clock_monotonic_ms();
            run_repeated(r, it, &diff);
            char *name = interaction_name(it, i);
            verify_print_case(r, name, &diff, (clock_monotonic_ms() - t0) / 1000.0);
            free(name);
            contract_diff_free(&diff);
        }
    }
    curl_easy_cleanup(r->curl);
    r->curl = NULL;
    if (started) server_stop();
    cJSON_Delete(r->vars);
    r->vars = NULL;
    cJSON_Delete(doc);
}

int verify_run(const verify_options *opts, const char *const *paths, int npaths)
{
    contract_report report;
    memset(&report, 0, sizeof report);
    run r;
    memset(&r, 0, sizeof r);
    r.opts = opts;
    r.out = opts->out ? opts->out : stdout;
    r.report = &report;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    for (int i = 0; i < npaths; i++) {
        string_list files = {NULL, 0, 0};
        if (collect(paths[i], &files) != 0) {
            r.file = paths[i];
            report_suite(&report, paths[i]);
            verify_file_failure(&r, "load", "cannot read: %s", strerror(ENOENT));
        }
        for (size_t k = 0; k < files.n; k++) {
            run_file(&r, files.v[k]);
            free(files.v[k]);
        }
        VEC_FREE(files);
    }
    curl_global_cleanup();
    verify_states_free(&r);
    if (r.skipped) fprintf(r.out, "%d passed, %d failed, %d skipped\n", report.passed, report.failed, r.skipped);
    else fprintf(r.out, "%d passed, %d failed\n", report.passed, report.failed);
    int rc = report.failed ? 1 : 0;
    char err[512];
    if (opts->junit && contract_junit_write(&report, opts->junit, err, sizeof err) != 0) {
        fprintf(stderr, "zoho-mock: %s\n", err);
        rc = 1;
    }
    fflush(r.out);
    report_free(&report);
    return rc;
}

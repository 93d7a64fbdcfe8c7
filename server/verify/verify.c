/* verify.c -- verify: load contract files, set each one's server up, replay its interactions, report */
#include "verify/verify.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <curl/curl.h>

#include "contract/contract.h"
#include "http/dispatch.h"
#include "http/server.h"
#include "model/clock.h"
#include "model/fixtures.h"
#include "model/model.h"
#include "util/file.h"
#include "zoho/auth.h"
#include "zoho/fields.h"

#define DEFAULT_FIXTURES "fixtures/default.json"

typedef VEC(char *) string_list;

/* One contract file being replayed. */
typedef struct run {
    const verify_options *opts;
    FILE *out;
    contract_report *report;
    const char *file;
    CURL *curl;
    char base[1024];            /* "http://127.0.0.1:PORT", no trailing slash */
    cJSON *vars;
} run;

/* ------------------------------------------------------------ text */

typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *text, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        char *grown = xrealloc(b->s, b->cap);
        b->s = grown;
    }
    memcpy(b->s + b->len, text, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *text) { sb_add(b, text, strlen(text)); }

/* A scalar as text (query values, header values): strings as they are. */
static char *scalar_text(const cJSON *v)
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
        if (stat(child, &cs) == 0 &&
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

cJSON *verify_parse_contract(const char *text, char *err, size_t errlen)
{
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithOpts(text, &end, true);
    if (!doc) {
        int line = 1;
        for (const char *p = text; end && p < end; p++) line += *p == '\n';
        snprintf(err, errlen, "invalid JSON near line %d", line);
        return NULL;
    }
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

/* Reads the file and checks its shape; NULL with err set. */
static cJSON *load_contract(const char *file, char *err, size_t errlen)
{
    char why[256];
    char *text = file_read(file, 0, NULL, NULL, why, sizeof why);
    if (!text) {
        snprintf(err, errlen, "cannot read: %s", why);
        return NULL;
    }
    cJSON *doc = verify_parse_contract(text, err, errlen);
    free(text);
    return doc;
}

/* ---------------------------------------------------------- reporting */

static void print_case(run *r, const char *name, const contract_diff *diff, double seconds)
{
    sbuf text = {NULL, 0, 0};
    for (size_t i = 0; i < diff->lines.n; i++) {
        if (i) sb_str(&text, "\n");
        sb_str(&text, diff->lines.v[i]);
    }
    fprintf(r->out, "%s  %s: %s\n", diff->lines.n ? "FAIL" : "pass", r->file, name);
    for (size_t i = 0; i < diff->lines.n; i++) fprintf(r->out, "      %s\n", diff->lines.v[i]);
    report_case(r->report, name, diff->lines.n ? text.s : NULL, seconds);
    free(text.s);
}

/* A failure that is not an interaction (loading, setting up). */
static void file_failure(run *r, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void file_failure(run *r, const char *name, const char *fmt, ...)
{
    contract_diff d = {{NULL, 0, 0}};
    va_list ap;
    va_start(ap, fmt);
    char *line = NULL;
    line = xvasprintf(fmt, ap);
    va_end(ap);
    VEC_PUSH(d.lines, line);
    print_case(r, name, &d, 0);
    contract_diff_free(&d);
}

/* ----------------------------------------------------------- exchange */

static void call(run *r, const char *method, const char *path_and_query,
                 const char *const *headers, const char *body, contract_http *out)
{
    char *url = NULL;
    url = xasprintf("%s%s", r->base, path_and_query);
    contract_http_call(r->curl, method, url, headers, body, body ? strlen(body) : 0, out);
    free(url);
}

/* An admin call of the setup: true on a 2xx answer, else err says why. */
static bool admin_call(run *r, const char *method, const char *path, const char *json, char *err,
                       size_t errlen)
{
    char *auth = r->opts->admin_token ? xasprintf("Authorization: Bearer %s", r->opts->admin_token) : NULL;
    const char *headers[] = {"Content-Type: application/json", auth, NULL};
    contract_http h;
    call(r, method, path, headers, json, &h);
    free(auth);
    bool ok = h.status >= 200 && h.status < 300;
    if (!ok && h.status == 0) snprintf(err, errlen, "%s %s: %s", method, path, h.error);
    else if (!ok)
        snprintf(err, errlen, "%s %s answered %ld: %.200s", method, path, h.status, h.body);
    contract_http_free(&h);
    return ok;
}

static void set_var(cJSON *vars, const char *name, const char *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(vars, name);
    cJSON_AddStringToObject(vars, name, value);
}

/* From the loaded model: {{organization_id}} and {{token}} where neither the command line nor the file set them. */
static void fixture_defaults(run *r)
{
    model_lock();
    const cJSON *org = json_get(r->vars, "organization_id");
    if (!org && g_model.orgs.n) set_var(r->vars, "organization_id", g_model.orgs.v[0]->organization_id);
    org = json_get(r->vars, "organization_id");
    zm_org *o = cJSON_IsString(org) ? model_find_org(org->valuestring) : NULL;
    const zm_token *best = json_get(r->vars, "token") ? NULL : auth_default_token(o);
    if (best) set_var(r->vars, "token", best->token);
    model_unlock();
}

static bool set_clock_in_process(const char *clock, char *err, size_t errlen)
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
static bool reset_target(run *r, const cJSON *clock, char *err, size_t errlen)
{
    if (!clock) return admin_call(r, "POST", "/__admin/reset", NULL, err, errlen);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "clock", clock->valuestring);
    char *json = json_print(body);
    bool ok = admin_call(r, "POST", "/__admin/reset", json, err, errlen);
    free(json);
    cJSON_Delete(body);
    return ok;
}

static bool start_scenarios(run *r, const cJSON *scenarios, char *err, size_t errlen)
{
    for (const cJSON *s = scenarios ? scenarios->child : NULL; s; s = s->next) {
        cJSON *body = cJSON_IsString(s) ? cJSON_CreateObject() : cJSON_Duplicate(s, true);
        if (cJSON_IsString(s)) cJSON_AddStringToObject(body, "file", s->valuestring);
        char *json = json_print(body);
        bool ok = admin_call(r, "POST", "/__admin/scenarios", json, err, errlen);
        free(json);
        cJSON_Delete(body);
        if (!ok) return false;
    }
    return true;
}

/* ---------------------------------------------------------- one step */

/* "?a=1&b=x" from the query object, escaped, after whatever the path has. */
static void add_query(run *r, sbuf *url, const cJSON *query)
{
    bool first = !strchr(url->s, '?');
    for (const cJSON *q = query ? query->child : NULL; q; q = q->next) {
        char *value = scalar_text(q);
        char *k = curl_easy_escape(r->curl, q->string, 0), *v = curl_easy_escape(r->curl, value, 0);
        sb_str(url, first ? "?" : "&");
        sb_str(url, k);
        sb_str(url, "=");
        sb_str(url, v);
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
        char *want = scalar_text(e);
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

static void run_interaction(run *r, const cJSON *it, contract_diff *diff)
{
    char err[512];
    cJSON *req = contract_substitute(json_get(it, "request"), r->vars, err, sizeof err);
    if (!req) {
        contract_diff_add(diff, "request: %s", err);
        return;
    }
    const cJSON *m = json_get(req, "method"), *body = json_get(req, "body");
    const char *method = cJSON_IsString(m) ? m->valuestring : "GET";
    sbuf url = {NULL, 0, 0};
    sb_str(&url, json_get(req, "path")->valuestring);
    add_query(r, &url, json_get(req, "query"));

    string_list headers = {NULL, 0, 0};
    bool has_type = false;
    const cJSON *hdrs = json_get(req, "headers");
    for (const cJSON *e = cJSON_IsObject(hdrs) ? hdrs->child : NULL; e; e = e->next) {
        char *value = scalar_text(e), *line = NULL;
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
    call(r, method, url.s, (const char *const *)headers.v, body_text, &h);
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
        run_interaction(r, it, diff);
        if (diff->lines.n && n > 1) contract_diff_add(diff, "(repetition %d of %d)", k, n);
    }
}

/* ---------------------------------------------------------- one file */

/* Sets the server up: in-process (fresh, with the file's fixtures) or
 * the target (reset, no scenarios but the file's, its clock, when it is a
 * zoho-mock). */
static bool setup(run *r, const cJSON *doc, bool *started, char *err, size_t errlen)
{
    const cJSON *fx = json_get(doc, "fixtures");
    const char *fixtures = cJSON_IsString(fx) ? fx->valuestring : DEFAULT_FIXTURES;
    const cJSON *clock = json_get(doc, "clock"), *scenarios = json_get(doc, "scenarios");
    if (!r->opts->target) {
        zm_server_options so = {.bind = "127.0.0.1", .port = 0, .threads = 4, .quiet = true,
                                .fixtures = fixtures};
        int port = server_start(&so, err, errlen);
        if (port < 0) return false;
        *started = true;
        snprintf(r->base, sizeof r->base, "http://127.0.0.1:%d", port);
        fixture_defaults(r);
        if (clock && !set_clock_in_process(clock->valuestring, err, errlen)) return false;
        return start_scenarios(r, scenarios, err, errlen);
    }
    snprintf(r->base, sizeof r->base, "%s", r->opts->target);
    size_t n = strlen(r->base);
    while (n && r->base[n - 1] == '/') r->base[--n] = '\0';
    /* The fixtures only give defaults here: the target has its own data. */
    char ignored[512];
    model_lock();
    bool own = g_model.orgs.n == 0; /* else a server of this process holds the model */
    int loaded = own ? fixtures_load(fixtures, ignored, sizeof ignored) : 0;
    model_unlock();
    if (loaded == 0) fixture_defaults(r);
    model_lock();
    if (own && loaded == 0) model_clear();
    model_unlock();
    bool is_mock = admin_call(r, "GET", "/__admin/health", NULL, ignored, sizeof ignored);
    if (!is_mock && strstr(ignored, "answered 401") && strstr(ignored, "Bearer")) {
        snprintf(err, errlen, "the target's admin API needs its token: verify --admin-token T "
                              "(or ZOHO_MOCK_ADMIN_TOKEN)");
        return false;
    }
    if (!is_mock) {
        if (clock || cJSON_GetArraySize(scenarios) > 0)
            fprintf(r->out, "note  %s: the target is not a zoho-mock: clock and scenarios not set\n",
                    r->file);
        return true;
    }
    return reset_target(r, clock, err, errlen) &&
           admin_call(r, "DELETE", "/__admin/scenarios", NULL, err, errlen) &&
           start_scenarios(r, scenarios, err, errlen);
}

static void run_file(run *r, const char *file)
{
    r->file = file;
    report_suite(r->report, file);
    char err[1024] = "";
    cJSON *doc = load_contract(file, err, sizeof err);
    if (!doc) {
        file_failure(r, "load", "%s", err);
        return;
    }
    const cJSON *vars = json_get(doc, "variables");
    r->vars = vars ? cJSON_Duplicate(vars, true) : cJSON_CreateObject();
    if (r->opts->organization) set_var(r->vars, "organization_id", r->opts->organization);
    if (r->opts->token) set_var(r->vars, "token", r->opts->token);
    bool started = false;
    /* A handle per file: its connections close before the server stops. */
    r->curl = curl_easy_init();
    if (!r->curl) alloc_out_of_memory(0);
    if (!setup(r, doc, &started, err, sizeof err)) {
        file_failure(r, "setup", "%s", err);
    } else {
        int i = 0;
        for (const cJSON *it = json_get(doc, "interactions")->child; it; it = it->next, i++) {
            contract_diff diff = {{NULL, 0, 0}};
            double t0 = clock_monotonic_ms();
            run_repeated(r, it, &diff);
            char *name = interaction_name(it, i);
            print_case(r, name, &diff, (clock_monotonic_ms() - t0) / 1000.0);
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
            file_failure(&r, "load", "cannot read: %s", strerror(ENOENT));
        }
        for (size_t k = 0; k < files.n; k++) {
            run_file(&r, files.v[k]);
            free(files.v[k]);
        }
        VEC_FREE(files);
    }
    curl_global_cleanup();
    fprintf(r.out, "%d passed, %d failed\n", report.passed, report.failed);
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

/* scenario.c -- the registry of active Lua scenarios and their place in the request pipeline */
#include "scenario/scenario.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "inventory/counts.h"
#include "scenario/scenario_impl.h"
#include "util/embedded.h"
#include "util/file.h"
#include "zoho/fields.h"

#define SCENARIO_DIR "scenarios"
#define SCENARIO_MAX_SOURCE (1024u * 1024u)

/* The registry: active scenarios in activation order. Each holds a
 * reference; each request holds one on every scenario it runs (so a
 * scenario deactivated mid-request lives until that request ends). */
static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
static VEC(zm_scenario *) registry;
/* registry.n, readable without registry_mu: a call while no scenario is
 * active takes no scenario lock at all. Stored under registry_mu after
 * every change (registry_counted). */
static atomic_size_t registry_size;

static void registry_counted(void)
{
    atomic_store(&registry_size, registry.n);
}

bool scenario_any_active(void)
{
    return atomic_load(&registry_size) > 0;
}
static uint64_t scenario_seed;
static unsigned long inline_serial;

/* The request this worker thread is handling (set by http.c around it). */
static _Thread_local zm_scenario_call *current_call;

/* ---------------------------------------------------------- life of one */

static zm_scenario *scenario_new(const char *name, const char *org_id, const char *file,
                                 const char *source, size_t len, const char *chunkname)
{
    zm_scenario *s = xcalloc(1, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->org_id, sizeof s->org_id, "%s", org_id ? org_id : "");
    s->file = file ? xstrdup(file) : NULL;
    s->source = xmalloc(len + 1);
    memcpy(s->source, source, len);
    s->source[len] = '\0';
    s->source_len = len;
    s->chunkname = xstrdup(chunkname);
    s->seed = scenario_seed;
    atomic_init(&s->refs, 1);
    atomic_init(&s->page_size, 0);
    pthread_mutex_init(&s->mu, NULL);
    return s;
}

static void scenario_unref(zm_scenario *s)
{
    if (atomic_fetch_sub(&s->refs, 1) != 1) return;
    scenario_lua_close(s);
    ratelimit_free(&s->rl);
    VEC_FREE(s->routes);
    VEC_FREE(s->background);
    pthread_mutex_destroy(&s->mu);
    free(s->file);
    free(s->source);
    free(s->chunkname);
    free(s);
}

/* A fresh scenario with the same source and scope (for reset). */
static zm_scenario *scenario_clone(const zm_scenario *s)
{
    zm_scenario *c = scenario_new(s->name, s->org_id, s->file, s->source, s->source_len, s->chunkname);
    c->builtin = s->builtin;
    return c;
}

/* Turns off the background switches the scenario turned on (its lock,
 * then each organization's: the order of model/model.h). */
static void undo_background(zm_scenario *s)
{
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->background.n; i++) {
        zm_org *org = model_find_org(s->background.v[i].org_id);
        if (!org) continue;
        org_lock(org);
        counts_background_set(org, s->background.v[i].action, 0, 0);
        org_unlock(org);
    }
    pthread_mutex_unlock(&s->mu);
}

static void record_error(zm_scenario *s, const char *err)
{
    s->errors++;
    snprintf(s->last_error, sizeof s->last_error, "%s", err);
}

/* ------------------------------------------------------------ registry */

void scenario_init(uint64_t seed)
{
    scenario_seed = seed;
    scenario_waits_stop(false);
}

void scenario_shutdown(void)
{
    pthread_mutex_lock(&registry_mu);
    for (size_t i = 0; i < registry.n; i++) scenario_unref(registry.v[i]);
    VEC_FREE(registry);
    registry_counted();
    pthread_mutex_unlock(&registry_mu);
}

/* Loads s and puts it in the registry, replacing one of the same name and
 * scope. Takes ownership of s. */
static int activate(zm_scenario *s, char *err, size_t errlen)
{
    if (scenario_lua_load(s, err, errlen) != 0) {
        scenario_unref(s);
        return -1;
    }
    zm_scenario *replaced = NULL;
    bool full = false;
    pthread_mutex_lock(&registry_mu);
    size_t i;
    for (i = 0; i < registry.n; i++)
        if (strcmp(registry.v[i]->name, s->name) == 0 && strcmp(registry.v[i]->org_id, s->org_id) == 0) break;
    if (i < registry.n) {
        replaced = registry.v[i];
        registry.v[i] = s;
    } else if (registry.n >= SCENARIO_MAX_ACTIVE) {
        full = true;
    } else {
        VEC_PUSH(registry, s);
    }
    registry_counted();
    pthread_mutex_unlock(&registry_mu);
    if (full) {
        snprintf(err, errlen, "at most %d scenarios can be active at once", SCENARIO_MAX_ACTIVE);
        undo_background(s);
        scenario_unref(s);
        return -1;
    }
    /* The new one set its switches again: nothing to undo for the old. */
    if (replaced) scenario_unref(replaced);
    return 0;
}

/* An example compiled into the binary, under its own name. */
static int activate_example(const zm_embedded_file *f, const char *organization_id, char *err, size_t errlen)
{
    char chunk[SCENARIO_NAME_MAX + sizeof SCENARIO_DIR + 8];
    snprintf(chunk, sizeof chunk, "@%s", f->name);
    zm_scenario *s = scenario_new(strrchr(f->name, '/') + 1, organization_id, f->name,
                                  (const char *)f->data, f->len, chunk);
    s->builtin = true;
    return activate(s, err, errlen);
}

int scenario_activate_path(const char *path, const char *organization_id, char *err, size_t errlen)
{
    const zm_embedded_file *example = embedded_fallback(path, SCENARIO_DIR);
    if (example) return activate_example(example, organization_id, err, errlen);
    size_t len = 0;
    char why[256];
    bool too_large = false;
    char *src = file_read(path, SCENARIO_MAX_SOURCE, &len, &too_large, why, sizeof why);
    if (!src) {
        if (too_large) snprintf(err, errlen, "%s is larger than 1 MB", path);
        else if (access(path, F_OK) != 0)
            snprintf(err, errlen, "cannot read %s: %s, and no built-in example has that name"
                     " (zoho-mock scenarios lists them)", path, why);
        else snprintf(err, errlen, "cannot read %s: %s", path, why);
        return -1;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char chunk[1100];
    snprintf(chunk, sizeof chunk, "@%s", path);
    zm_scenario *s = scenario_new(base, organization_id, path, src, len, chunk);
    free(src);
    return activate(s, err, errlen);
}

/* "rate_limit.lua" or "scenarios/rate_limit.lua", nothing else: no
 * absolute path, no "..", no backslash, no other folder's file. */
static bool file_name_ok(const char *file)
{
    size_t n = strlen(file);
    if (n == 0 || n >= SCENARIO_NAME_MAX + sizeof SCENARIO_DIR) return false;
    if (file[0] == '/' || strstr(file, "..") || strchr(file, '\\')) return false;
    for (const char *p = file; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("._-/", *p)) return false;
    return true;
}

int scenario_activate_file(const char *file, const char *organization_id, char *err, size_t errlen)
{
    if (!file_name_ok(file)) {
        snprintf(err, errlen, "%s is not a file under " SCENARIO_DIR "/", file);
        return -1;
    }
    char path[256];
    if (strncmp(file, SCENARIO_DIR "/", sizeof SCENARIO_DIR) == 0) snprintf(path, sizeof path, "%s", file);
    else snprintf(path, sizeof path, SCENARIO_DIR "/%s", file);
    if (strchr(path + sizeof SCENARIO_DIR, '/')) {
        snprintf(err, errlen, "%s is not a file under " SCENARIO_DIR "/", file);
        return -1;
    }
    return scenario_activate_path(path, organization_id, err, errlen);
}

int scenario_activate_source(const char *name, const char *source, size_t len,
                             const char *organization_id, char *err, size_t errlen)
{
    char chunk[SCENARIO_NAME_MAX + 2];
    snprintf(chunk, sizeof chunk, "=%s", name);
    zm_scenario *s = scenario_new(name, organization_id, NULL, source, len, chunk);
    return activate(s, err, errlen);
}

size_t scenario_deactivate(const char *name, const char *organization_id)
{
    zm_scenario *gone[SCENARIO_MAX_ACTIVE];
    size_t n = 0;
    pthread_mutex_lock(&registry_mu);
    for (size_t i = 0; i < registry.n;) {
        zm_scenario *s = registry.v[i];
        if ((!name || strcmp(s->name, name) == 0) &&
            (!organization_id || strcmp(s->org_id, organization_id) == 0)) {
            gone[n++] = s;
            VEC_REMOVE(registry, i);
        } else {
            i++;
        }
    }
    registry_counted();
    pthread_mutex_unlock(&registry_mu);
    for (size_t i = 0; i < n; i++) {
        undo_background(gone[i]);
        scenario_unref(gone[i]);
    }
    return n;
}

void scenario_reset(const char *organization_id)
{
    zm_scenario *old[SCENARIO_MAX_ACTIVE];
    zm_scenario *global[SCENARIO_MAX_ACTIVE];
    size_t n = 0, ng = 0;
    pthread_mutex_lock(&registry_mu);
    for (size_t i = 0; i < registry.n; i++) {
        zm_scenario *s = registry.v[i];
        atomic_fetch_add(&s->refs, 1);
        if (!organization_id || strcmp(s->org_id, organization_id) == 0) old[n++] = s;
        else if (!s->org_id[0]) global[ng++] = s;
        else atomic_fetch_sub(&s->refs, 1);
    }
    pthread_mutex_unlock(&registry_mu);

    for (size_t i = 0; i < n; i++) {
        char err[SCENARIO_ERROR_MAX];
        zm_scenario *fresh = scenario_clone(old[i]);
        int rc = scenario_lua_load(fresh, err, sizeof err);
        pthread_mutex_lock(&registry_mu);
        size_t at;
        for (at = 0; at < registry.n && registry.v[at] != old[i]; at++) {
        }
        bool present = at < registry.n;
        if (present && rc == 0) registry.v[at] = fresh;
        else if (present) VEC_REMOVE(registry, at);
        registry_counted();
        pthread_mutex_unlock(&registry_mu);
        if (rc != 0) fprintf(stderr, "zoho-mock: scenario %s: dropped at reset: %s\n", old[i]->name, err);
        if (present) scenario_unref(old[i]);             /* the registry's reference */
        if (!present || rc != 0) scenario_unref(fresh);
        scenario_unref(old[i]);                          /* ours */
    }

    /* One organization reset: a global scenario keeps its script state, but
     * that organization's counters restart and the background switches it
     * set there (cleared by the fixture reset) come back. */
    for (size_t i = 0; i < ng; i++) {
        zm_scenario *s = global[i];
        pthread_mutex_lock(&s->mu);
        zm_org *org = model_find_org(organization_id);
        if (org) org_lock(org);
        for (size_t k = 0; org && k < s->background.n; k++) {
            const zm_background_applied *a = &s->background.v[k];
            if (strcmp(a->org_id, organization_id) == 0)
                counts_background_set(org, a->action, a->after_reads, a->after_seconds);
        }
        if (org) org_unlock(org);
        for (size_t k = 0; k < s->rl.orgs.n; k++) {
            zm_ratelimit_org *o = &s->rl.orgs.v[k];
            if (strcmp(o->org_id, organization_id) == 0) {
                o->minute_count = o->day_count = 0;
                o->minute = o->day = 0;
            }
        }
        pthread_mutex_unlock(&s->mu);
        scenario_unref(s);
    }
}

/* ------------------------------------------------------------- listing */

static cJSON *scenario_json(zm_scenario *s)
{
    cJSON *j = cJSON_CreateObject();
    pthread_mutex_lock(&s->mu);
    json_add_str(j, "name", s->name);
    if (s->org_id[0]) json_add_str(j, "organization_id", s->org_id);
    else cJSON_AddNullToObject(j, "organization_id");
    if (s->file) json_add_str(j, "file", s->file);
    else cJSON_AddNullToObject(j, "file");
    cJSON_AddBoolToObject(j, "built_in", s->builtin);
    cJSON *hooks = cJSON_AddArrayToObject(j, "hooks");
    if (s->has_on_request) cJSON_AddItemToArray(hooks, cJSON_CreateString("on_request"));
    if (s->has_on_response) cJSON_AddItemToArray(hooks, cJSON_CreateString("on_response"));
    json_add_num(j, "calls", (double)s->calls);
    cJSON *routes = cJSON_AddObjectToObject(j, "routes");
    for (size_t i = 0; i < s->routes.n; i++) json_add_num(routes, s->routes.v[i].route, (double)s->routes.v[i].n);
    json_add_num(j, "errors", (double)s->errors);
    if (s->last_error[0]) json_add_str(j, "last_error", s->last_error);
    else cJSON_AddNullToObject(j, "last_error");
    int ps = atomic_load(&s->page_size);
    if (ps) json_add_num(j, "page_size", ps);
    else cJSON_AddNullToObject(j, "page_size");
    cJSON_AddItemToObject(j, "rate_limit", ratelimit_to_json(s));
    json_add_num(j, "memory_bytes", (double)s->mem_used);
    pthread_mutex_unlock(&s->mu);
    return j;
}

cJSON *scenario_list_json(void)
{
    cJSON *list = cJSON_CreateArray();
    pthread_mutex_lock(&registry_mu);
    for (size_t i = 0; i < registry.n; i++) cJSON_AddItemToArray(list, scenario_json(registry.v[i]));
    pthread_mutex_unlock(&registry_mu);
    return list;
}

int scenario_page_size_cap(const zm_org *org)
{
    if (!org || !scenario_any_active()) return 0;
    int cap = 0;
    pthread_mutex_lock(&registry_mu);
    for (size_t i = 0; i < registry.n; i++) {
        zm_scenario *s = registry.v[i];
        if (s->org_id[0] && strcmp(s->org_id, org->organization_id) != 0) continue;
        int ps = atomic_load(&s->page_size);
        if (ps > 0 && (cap == 0 || ps < cap)) cap = ps;
    }
    pthread_mutex_unlock(&registry_mu);
    return cap;
}

/* ------------------------------------------------------------- pipeline */

bool scenario_header_allowed(const char *name)
{
    if (!*name) return false;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("!#$%&'*+-.^_`|~", *p)) return false;
    static const char *const owned[] = {"content-length", "transfer-encoding", "connection", NULL};
    for (size_t i = 0; owned[i]; i++)
        if (strcasecmp(name, owned[i]) == 0) return false;
    return true;
}

void scenario_call_begin(zm_scenario_call *call)
{
    memset(call, 0, sizeof *call);
    current_call = call;
}

void scenario_call_end(zm_scenario_call *call)
{
    for (size_t i = 0; i < call->n; i++) {
        zm_scenario *s = call->held[i];
        if (call->inflight[i]) {
            pthread_mutex_lock(&s->mu);
            ratelimit_done(s, call->org_id);
            pthread_mutex_unlock(&s->mu);
        }
        scenario_unref(s);
    }
    for (size_t i = 0; i < call->headers.n; i++) {
        free(call->headers.v[i].name);
        free(call->headers.v[i].value);
    }
    VEC_FREE(call->headers);
    call->n = 0;
    if (current_call == call) current_call = NULL;
}

/* The n of this route for s (s->mu held), counting this request. */
static unsigned long count_route(zm_scenario *s, const char *route)
{
    s->calls++;
    for (size_t i = 0; i < s->routes.n; i++)
        if (strcmp(s->routes.v[i].route, route) == 0) return ++s->routes.v[i].n;
    zm_route_count rc = {route, 1};
    VEC_PUSH(s->routes, rc);
    return 1;
}

/* A hook failed: 500 code 1000, the message in a header. */
static void hook_failed(zm_reply *rep, const zm_scenario *s, const char *err)
{
    reply_error(rep, ZE_INTERNAL);
    char value[SCENARIO_ERROR_MAX + SCENARIO_NAME_MAX + 4];
    snprintf(value, sizeof value, "%s: %s", s->name, err);
    for (char *p = value; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = ' ';
    reply_header(rep, "X-Zoho-Mock-Scenario-Error", value);
}

static void add_delay(zm_scenario_call *call, int ms)
{
    long total = (long)call->delay_ms + ms;
    call->delay_ms = total > SCENARIO_MAX_DELAY_MS ? SCENARIO_MAX_DELAY_MS : (int)total;
}

/* Notes on the request what a scenario did to it (the journal shows it):
 * {"name","organization_id","hook"} and whatever the caller adds. */
static cJSON *note_action(zm_request *req, const zm_scenario *s, const char *hook)
{
    if (!req->scenario_actions) req->scenario_actions = cJSON_CreateArray();
    cJSON *a = cJSON_CreateObject();
    json_add_str(a, "name", s->name);
    if (s->org_id[0]) json_add_str(a, "organization_id", s->org_id);
    else cJSON_AddNullToObject(a, "organization_id");
    json_add_str(a, "hook", hook);
    cJSON_AddItemToArray(req->scenario_actions, a);
    return a;
}

/* A hook's returned table, as the journal shows it: the status it
 * answered with, its delay, fault and headers. */
static void note_result(zm_request *req, const zm_scenario *s, const char *hook,
                        const zm_hook_result *r, int status)
{
    if (!r->returned) return;
    if (!r->has_status && !r->has_body && !r->delay_ms && !r->fault && !r->headers.n && !r->has_headers)
        return;
    cJSON *a = note_action(req, s, hook);
    if (r->has_status || r->has_body) json_add_num(a, "status", status);
    if (r->delay_ms) json_add_num(a, "delay_ms", r->delay_ms);
    if (r->fault) json_add_str(a, "fault", scenario_fault_name(r->fault));
    if (r->headers.n || r->has_headers) json_add_bool(a, "headers", true);
}

static void note_error(zm_request *req, const zm_scenario *s, const char *hook, const char *err)
{
    json_add_str(note_action(req, s, hook), "error", err);
}

/* Status and body of a script's table replace the reply's. */
static void apply_answer(zm_reply *rep, zm_hook_result *r, int default_status)
{
    int status = r->has_status ? r->status : default_status;
    if (r->has_body) {
        if (r->raw_body) {
            reply_json(rep, status, NULL);
            rep->raw_body = r->raw_body;
            r->raw_body = NULL;
        } else {
            reply_json(rep, status, r->body);
            r->body = NULL;
        }
    } else if (!rep->body && !rep->raw_body) {
        reply_json(rep, status, NULL);
        rep->raw_body = xstrdup("");
    }
    rep->status = status;
}

/* The rate-limit headers of every limited scenario, on every answer. */
static void finish_reply(zm_scenario_call *call, zm_request *req, zm_reply *rep)
{
    if (!req->org) return;
    for (size_t i = 0; i < call->n; i++) {
        zm_scenario *s = call->held[i];
        pthread_mutex_lock(&s->mu);
        ratelimit_headers(s, req->org, rep);
        pthread_mutex_unlock(&s->mu);
    }
}

bool scenario_on_request(zm_request *req, zm_reply *rep)
{
    zm_scenario_call *call = current_call;
    if (!call || !req->route) return true;
    const char *org_id = req->org ? req->org->organization_id : "";
    snprintf(call->org_id, sizeof call->org_id, "%s", org_id);
    if (!scenario_any_active()) return true;
    pthread_mutex_lock(&registry_mu);
    for (size_t i = 0; i < registry.n && call->n < SCENARIO_MAX_ACTIVE; i++) {
        zm_scenario *s = registry.v[i];
        if (s->org_id[0] && strcmp(s->org_id, org_id) != 0) continue;
        atomic_fetch_add(&s->refs, 1);
        call->inflight[call->n] = false;
        call->held[call->n++] = s;
    }
    pthread_mutex_unlock(&registry_mu);
    if (!call->n) return true;

    if (req->org) {
        for (size_t i = 0; i < call->n; i++) {
            zm_scenario *s = call->held[i];
            pthread_mutex_lock(&s->mu);
            bool ok = ratelimit_admit(s, req->org, rep, &call->inflight[i]);
            pthread_mutex_unlock(&s->mu);
            if (!ok) {
                json_add_num(note_action(req, s, "rate_limit"), "status", rep->status);
                finish_reply(call, req, rep);
                return false;
            }
        }
    }

    for (size_t i = 0; i < call->n; i++) {
        zm_scenario *s = call->held[i];
        zm_hook_result r;
        memset(&r, 0, sizeof r);
        char err[SCENARIO_ERROR_MAX];
        pthread_mutex_lock(&s->mu);
        unsigned long n = count_route(s, req->route->name);
        int rc = s->has_on_request ? scenario_lua_hook(s, req, n, NULL, &r, err, sizeof err) : 0;
        if (rc != 0) record_error(s, err);
        pthread_mutex_unlock(&s->mu);
        if (rc != 0) {
            note_error(req, s, "on_request", err);
            hook_result_free(&r);
            hook_failed(rep, s, err);
            finish_reply(call, req, rep);
            return false;
        }
        if (!r.returned) continue;
        note_result(req, s, "on_request", &r, r.has_status ? r.status : 200);
        if (r.delay_ms) add_delay(call, r.delay_ms);
        if (r.fault) call->fault = r.fault;
        if (r.has_status || r.has_body) {
            apply_answer(rep, &r, 200);
            for (size_t h = 0; h < r.headers.n; h++) reply_header(rep, r.headers.v[h].name, r.headers.v[h].value);
            hook_result_free(&r);
            finish_reply(call, req, rep);
            return false;
        }
        /* Headers for the model's answer. */
        for (size_t h = 0; h < r.headers.n; h++) VEC_PUSH(call->headers, r.headers.v[h]);
        r.headers.n = 0;
        hook_result_free(&r);
    }
    return true;
}

void scenario_on_response(zm_request *req, zm_reply *rep)
{
    zm_scenario_call *call = current_call;
    if (!call || !call->n) return;
    for (size_t h = 0; h < call->headers.n; h++) reply_header(rep, call->headers.v[h].name, call->headers.v[h].value);
    for (size_t i = 0; i < call->n; i++) {
        zm_scenario *s = call->held[i];
        zm_hook_result r;
        memset(&r, 0, sizeof r);
        char err[SCENARIO_ERROR_MAX];
        pthread_mutex_lock(&s->mu);
        unsigned long n = 0;
        for (size_t k = 0; k < s->routes.n; k++)
            if (strcmp(s->routes.v[k].route, req->route->name) == 0) n = s->routes.v[k].n;
        int rc = s->has_on_response ? scenario_lua_hook(s, req, n, rep, &r, err, sizeof err) : 0;
        if (rc != 0) record_error(s, err);
        pthread_mutex_unlock(&s->mu);
        if (rc != 0) {
            note_error(req, s, "on_response", err);
            hook_result_free(&r);
            hook_failed(rep, s, err);
            break;
        }
        note_result(req, s, "on_response", &r, r.has_status ? r.status : rep->status);
        if (r.returned) {
            if (r.delay_ms) add_delay(call, r.delay_ms);
            if (r.fault) call->fault = r.fault;
            if (r.has_status || r.has_body) apply_answer(rep, &r, rep->status);
            if (r.has_headers) {
                for (size_t h = 0; h < rep->headers.n; h++) {
                    free(rep->headers.v[h].name);
                    free(rep->headers.v[h].value);
                }
                rep->headers.n = 0;
                for (size_t h = 0; h < r.headers.n; h++) reply_header(rep, r.headers.v[h].name, r.headers.v[h].value);
            }
        }
        hook_result_free(&r);
    }
    finish_reply(call, req, rep);
}

/* ------------------------------------------------- for the admin API */

bool scenario_file_name_ok(const char *file)
{
    if (!file_name_ok(file)) return false;
    const char *rest = strncmp(file, SCENARIO_DIR "/", sizeof SCENARIO_DIR) == 0 ? file + sizeof SCENARIO_DIR : file;
    return strchr(rest, '/') == NULL;
}

bool scenario_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= SCENARIO_NAME_MAX) return false;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("._-", *p)) return false;
    return true;
}

void scenario_inline_name(char *out, size_t size)
{
    pthread_mutex_lock(&registry_mu);
    snprintf(out, size, "inline-%lu", ++inline_serial);
    pthread_mutex_unlock(&registry_mu);
}

cJSON *scenario_entry_json(const char *name, const char *organization_id)
{
    cJSON *found = NULL;
    pthread_mutex_lock(&registry_mu);
    for (size_t i = 0; i < registry.n && !found; i++) {
        zm_scenario *sc = registry.v[i];
        if (strcmp(sc->name, name) == 0 && strcmp(sc->org_id, organization_id ? organization_id : "") == 0)
            found = scenario_json(sc);
    }
    pthread_mutex_unlock(&registry_mu);
    return found;
}

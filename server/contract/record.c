/* record.c -- --record: every answered interaction appended to a contract file per organization, crash-safe */
#include "contract/record.h"

#include <civetweb.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contract/contract.h"
#include "contract/jsonpath.h"
#include "model/clock.h"
#include "util/file.h"
#include "zoho/fields.h"
#include "zoho/secrets.h"

#define NO_ORG "no-organization"

/* One contract file being written: the whole document stays in memory
 * and each interaction rewrites the file through a rename. */
typedef struct rec_file {
    char *key;                  /* organization id, or NO_ORG */
    char *path;
    cJSON *doc;
    cJSON *known;               /* captured values by variable name, for later requests */
} rec_file;

/* A leaf lock: taken after the model lock is released, never with another
 * (order: model/model.h). */
static pthread_mutex_t rec_mutex = PTHREAD_MUTEX_INITIALIZER;
static char *rec_dir, *rec_fixtures;
static VEC(rec_file) rec_files;
static cJSON *fixture_ids;      /* ids of the fixtures: {"<id>": true}, never new */

static bool id_like(const cJSON *v);

/* Every id-like value of the fixtures, so that only ids the server made
 * get an `id` rule and a capture. */
static void collect_ids(const cJSON *node, cJSON *set)
{
    for (const cJSON *c = node ? node->child : NULL; c; c = c->next) {
        collect_ids(c, set);
        char text[32];
        if (!id_like(c)) continue;
        if (cJSON_IsString(c)) snprintf(text, sizeof text, "%.31s", c->valuestring);
        else snprintf(text, sizeof text, "%.0f", c->valuedouble);
        if (!json_get(set, text)) cJSON_AddTrueToObject(set, text);
    }
}

int contract_record_start(const char *dir, const char *fixtures, char *err, size_t errlen)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "--record %s: cannot create: %s", dir, strerror(errno));
        return -1;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        snprintf(err, errlen, "--record %s: not a writable folder: %s", dir, strerror(errno));
        return -1;
    }
    cJSON *ids = cJSON_CreateObject();
    model_lock();
    collect_ids(g_model.fixture_root, ids);
    model_unlock();
    pthread_mutex_lock(&rec_mutex);
    free(rec_dir);
    free(rec_fixtures);
    cJSON_Delete(fixture_ids);
    rec_dir = xstrdup(dir);
    rec_fixtures = xstrdup(fixtures ? fixtures : "fixtures/default.json");
    fixture_ids = ids;
    pthread_mutex_unlock(&rec_mutex);
    return 0;
}

void contract_record_stop(void)
{
    pthread_mutex_lock(&rec_mutex);
    for (size_t i = 0; i < rec_files.n; i++) {
        free(rec_files.v[i].key);
        free(rec_files.v[i].path);
        cJSON_Delete(rec_files.v[i].doc);
        cJSON_Delete(rec_files.v[i].known);
    }
    VEC_FREE(rec_files);
    free(rec_dir);
    free(rec_fixtures);
    rec_dir = rec_fixtures = NULL;
    cJSON_Delete(fixture_ids);
    fixture_ids = NULL;
    pthread_mutex_unlock(&rec_mutex);
}

/* The organization a request names (?organization_id= or the
 * X-com-zoho-inventory-organizationid header), or NULL. */
static const char *request_org(const zm_request *req, char *buf, size_t buflen)
{
    if (request_query(req, "organization_id", buf, buflen) > 0) return buf;
    const char *h = request_header(req, "X-com-zoho-inventory-organizationid");
    if (!h || !*h) return NULL;
    snprintf(buf, buflen, "%s", h);
    return buf;
}

/* ----------------------------------------------------------- the file */

/* Writes the document to a temporary file and renames it over the old
 * one: a kill at any moment leaves either the old or the new file. */
static void save(const rec_file *f)
{
    char *text = json_print_pretty(f->doc);
    char *tmp = xasprintf("%s.tmp", f->path);
    FILE *out = fopen(tmp, "w");
    bool ok = out && fputs(text, out) >= 0 && fputc('\n', out) != EOF;
    if (out && fclose(out) != 0) ok = false;
    if (!ok || rename(tmp, f->path) != 0) {
        fprintf(stderr, "zoho-mock: --record: cannot write %s: %s\n", f->path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    cJSON_free(text);
}

/* An existing recording is continued; one that does not parse is kept
 * aside as <file>.invalid. */
static cJSON *load_existing(const char *path)
{
    char why[256];
    char *text = file_read(path, 0, NULL, NULL, why, sizeof why);
    if (!text) return NULL;
    cJSON *doc = cJSON_Parse(text);
    free(text);
    if (doc && cJSON_IsArray(json_get(doc, "interactions"))) return doc;
    cJSON_Delete(doc);
    char *aside = NULL;
    aside = xasprintf("%s.invalid", path);
    rename(path, aside);
    free(aside);
    return NULL;
}

static rec_file *file_for(const char *key, const zm_org *org)
{
    for (size_t i = 0; i < rec_files.n; i++)
        if (strcmp(rec_files.v[i].key, key) == 0) return &rec_files.v[i];
    rec_file f;
    memset(&f, 0, sizeof f);
    f.key = xstrdup(key);
    f.path = xasprintf("%s/%s.json", rec_dir, key);
    f.known = cJSON_CreateObject();
    f.doc = load_existing(f.path);
    if (!f.doc) {
        f.doc = cJSON_CreateObject();
        char name[128];
        snprintf(name, sizeof name, "recorded: %s", strcmp(key, NO_ORG) ? key : "no organization");
        cJSON_AddStringToObject(f.doc, "name", name);
        cJSON_AddStringToObject(f.doc, "fixtures", rec_fixtures);
        char now[32] = "";
        model_lock();
        if (org && org->clock.frozen) clock_format_datetime(&org->clock, clock_now(&org->clock), now);
        model_unlock();
        if (now[0]) cJSON_AddStringToObject(f.doc, "clock", now);
        cJSON *vars = cJSON_AddObjectToObject(f.doc, "variables");
        if (strcmp(key, NO_ORG) != 0) cJSON_AddStringToObject(vars, "organization_id", key);
        cJSON_AddArrayToObject(f.doc, "interactions");
    }
    VEC_PUSH(rec_files, f);
    return &rec_files.v[rec_files.n - 1];
}

/* ------------------------------------------------------- templating */

/* What turns recorded values into {{variables}} and rules. */
typedef struct rec_ctx {
    rec_file *file;
    const char *token;          /* the caller's token, or NULL */
    const char *request_text;   /* path, query and body, to tell echoed values */
    bool creates;               /* not a GET: new ids are captured */
    cJSON *match, *capture;     /* of the interaction being built */
} rec_ctx;

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The variable holding this value, or NULL: in JSON of the same type
 * (a number does not stand for a string); in text (paths, query values)
 * by its digits. */
static const char *known_name(const rec_file *f, const cJSON *v, bool text)
{
    for (const cJSON *k = f->known->child; k; k = k->next) {
        if (cJSON_IsString(v) && cJSON_IsString(k) && strcmp(v->valuestring, k->valuestring) == 0)
            return k->string;
        if (cJSON_IsNumber(v) && cJSON_IsNumber(k) && v->valuedouble == k->valuedouble)
            return k->string;
        char digits[32];
        snprintf(digits, sizeof digits, "%.0f", cJSON_IsNumber(k) ? k->valuedouble : 0);
        if (text && cJSON_IsString(v) && cJSON_IsNumber(k) && strcmp(v->valuestring, digits) == 0)
            return k->string;
    }
    return NULL;
}

/* Replaces node (a member or element of parent) by a string. */
static void set_text(cJSON *parent, cJSON *node, const char *text)
{
    cJSON *s = cJSON_CreateString(text);
    if (node->string) s->string = xstrdup(node->string);
    cJSON_ReplaceItemViaPointer(parent, node, s);
}

static void add_rule(rec_ctx *c, const char *concrete, const char *rule)
{
    char general[4096];
    jsonpath_generalize(general, sizeof general, concrete);
    if (!json_get(c->match, general)) cJSON_AddStringToObject(c->match, general, rule);
}

/* A new id of a creating call becomes a variable later calls refer to. */
static void capture_new_id(rec_ctx *c, const char *key, const cJSON *v, const char *concrete)
{
    char name[128];
    snprintf(name, sizeof name, "%s", key);
    for (int i = 2; json_get(c->file->known, name) || !strcmp(name, "token") ||
                    !strcmp(name, "organization_id");
         i++)
        snprintf(name, sizeof name, "%s_%d", key, i);
    cJSON_AddItemToObject(c->file->known, name, cJSON_Duplicate(v, true));
    cJSON_AddStringToObject(c->capture, name, concrete);
}

static bool id_like(const cJSON *v)
{
    if (cJSON_IsString(v)) return strlen(v->valuestring) >= 6 && id_is_valid(v->valuestring);
    return cJSON_IsNumber(v) && v->valuedouble >= 100000 && v->valuedouble == floor(v->valuedouble);
}

/* One leaf of a recorded body. Requests: secrets, the token, known
 * values and the organization become variables. Responses also get
 * rules for timestamps and server-made ids. */
static void template_leaf(rec_ctx *c, cJSON *parent, cJSON *v, const char *key,
                          const char *concrete, bool response, bool text_context)
{
    const char *var;
    int64_t t;
    int off;
    char text[64], tmpl[160];
    if (key && secret_key(key) && cJSON_IsString(v)) {
        set_text(parent, v, SECRET_REDACTED);
        if (response) add_rule(c, concrete, "type");
    } else if (cJSON_IsString(v) && c->token && strcmp(v->valuestring, c->token) == 0) {
        set_text(parent, v, "{{token}}");
    } else if ((var = known_name(c->file, v, text_context))) {
        snprintf(tmpl, sizeof tmpl, "{{%s}}", var);
        set_text(parent, v, tmpl);
    } else if (key && !strcmp(key, "organization_id") && cJSON_IsString(v) &&
               !strcmp(v->valuestring, c->file->key)) {
        set_text(parent, v, "{{organization_id}}");
    } else if (!response) {
        return;
    } else if (cJSON_IsString(v) && clock_parse_datetime(v->valuestring, &t, &off) == 0) {
        add_rule(c, concrete, "datetime");
    } else if (cJSON_IsString(v) && clock_parse_date(v->valuestring, &t) == 0 &&
               !strstr(c->request_text, v->valuestring)) {
        add_rule(c, concrete, "date");
    } else if (key && ends_with(key, "_id") && id_like(v)) {
        if (cJSON_IsString(v)) snprintf(text, sizeof text, "%s", v->valuestring);
        else snprintf(text, sizeof text, "%.0f", v->valuedouble);
        if (strstr(c->request_text, text) || json_get(fixture_ids, text)) return;
        add_rule(c, concrete, "id");
        if (c->creates) capture_new_id(c, key, v, concrete);
    }
}

static void template_tree(rec_ctx *c, cJSON *node, const char *path, bool response)
{
    char child[4096];
    int i = 0;
    for (cJSON *v = node->child, *next; v; v = next, i++) {
        next = v->next; /* v may be replaced */
        if (cJSON_IsObject(node)) jsonpath_child_key(child, sizeof child, path, v->string);
        else jsonpath_child_index(child, sizeof child, path, i);
        if (cJSON_IsObject(v) || cJSON_IsArray(v)) template_tree(c, v, child, response);
        else template_leaf(c, node, v, cJSON_IsObject(node) ? v->string : NULL, child, response, false);
    }
}

/* A text value (path segment, query value, header): the token, a known
 * value or the organization as a variable. The caller frees it. */
static char *template_text(rec_ctx *c, const char *text)
{
    cJSON *box = cJSON_CreateObject();
    cJSON_AddStringToObject(box, "v", text);
    template_leaf(c, box, box->child, NULL, "$.v", false, true);
    char *out = xstrdup(box->child->valuestring);
    cJSON_Delete(box);
    if (!strcmp(out, text) && !strcmp(text, c->file->key)) {
        free(out);
        out = xstrdup("{{organization_id}}");
    }
    return out;
}

/* ---------------------------------------------------------- building */

static cJSON *record_path(rec_ctx *c, const char *path)
{
    char *copy = xstrdup(path), *save_ptr = NULL;
    size_t cap = strlen(path) * 2 + 64, len = 0;
    char *out = xmalloc(cap);
    out[0] = '\0';
    for (char *seg = strtok_r(copy, "/", &save_ptr); seg; seg = strtok_r(NULL, "/", &save_ptr)) {
        char *t = template_text(c, seg);
        size_t n = strlen(t);
        if (len + n + 2 > cap) {
            cap = (len + n + 2) * 2;
            char *grown = xrealloc(out, cap);
            out = grown;
        }
        out[len++] = '/';
        memcpy(out + len, t, n + 1);
        len += n;
        free(t);
    }
    if (!len) strcpy(out, "/");
    cJSON *s = cJSON_CreateString(out);
    free(out);
    free(copy);
    return s;
}

static char *url_decode(const char *s, size_t n)
{
    char *out = xmalloc(n + 1);
    int got = mg_url_decode(s, (int)n, out, (int)n + 1, 1);
    out[got < 0 ? 0 : got] = '\0';
    return out;
}

static cJSON *record_query(rec_ctx *c, const char *query)
{
    cJSON *q = cJSON_CreateObject();
    for (const char *p = query; p && *p;) {
        const char *amp = strchr(p, '&'), *end = amp ? amp : p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        char *k = url_decode(p, (size_t)((eq ? eq : end) - p));
        char *v = eq ? url_decode(eq + 1, (size_t)(end - eq - 1)) : xstrdup("");
        if (*k) {
            char *t = secret_key(k) ? xstrdup(SECRET_REDACTED) : template_text(c, v);
            cJSON_AddStringToObject(q, k, t);
            free(t);
        }
        free(k);
        free(v);
        p = amp ? amp + 1 : end;
    }
    return q;
}

/* The body as the client meant it: the JSON (also a form's JSONString),
 * else the text with its Content-Type. */
static void record_body(rec_ctx *c, const zm_request *req, cJSON *request, cJSON *headers)
{
    const char *ct = request_header(req, "Content-Type");
    bool form = ct && (strncasecmp(ct, "multipart/form-data", 19) == 0 ||
                       strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0);
    cJSON *json = NULL;
    if (form && req->form_json) json = json_parse(req->form_json, strlen(req->form_json));
    else if (req->raw_body && req->raw_body_len) json = json_parse(req->raw_body, req->raw_body_len);
    if (json) {
        if (cJSON_IsObject(json) || cJSON_IsArray(json)) template_tree(c, json, "$", false);
        cJSON_AddItemToObject(request, "body", json);
        return;
    }
    if (!req->raw_body || !req->raw_body_len) return;
    char *text = xstrndup(req->raw_body, req->raw_body_len);
    char *redacted = secrets_redact_form(text);
    cJSON_AddStringToObject(request, "body", redacted);
    if (ct) cJSON_AddStringToObject(headers, "Content-Type", ct);
    free(redacted);
    free(text);
}

static cJSON *build_interaction(rec_ctx *c, const zm_request *req, const zm_reply *rep,
                                const char *body_text)
{
    cJSON *it = cJSON_CreateObject();
    cJSON *desc = cJSON_AddStringToObject(it, "description", "");
    cJSON *request = cJSON_AddObjectToObject(it, "request");
    cJSON_AddStringToObject(request, "method", req->method);
    cJSON *path = record_path(c, req->path);
    cJSON_AddItemToObject(request, "path", path);
    if (req->query && *req->query) cJSON_AddItemToObject(request, "query", record_query(c, req->query));
    cJSON *headers = cJSON_AddObjectToObject(request, "headers");
    const char *auth = request_header(req, "Authorization");
    if (auth) {
        bool zoho = strncasecmp(auth, "Zoho-oauthtoken ", 16) == 0;
        cJSON_AddStringToObject(headers, "Authorization",
                                zoho ? "Zoho-oauthtoken {{token}}" : SECRET_REDACTED);
    }
    const char *org_header = request_header(req, "X-com-zoho-inventory-organizationid");
    if (org_header) {
        char *t = template_text(c, org_header);
        cJSON_AddStringToObject(headers, "X-com-zoho-inventory-organizationid", t);
        free(t);
    }
    record_body(c, req, request, headers);
    if (!headers->child) cJSON_DeleteItemFromObjectCaseSensitive(request, "headers");

    cJSON *response = cJSON_AddObjectToObject(it, "response");
    cJSON_AddNumberToObject(response, "status", rep->status);
    cJSON *body = body_text && *body_text ? json_parse(body_text, strlen(body_text)) : NULL;
    if (body && (cJSON_IsObject(body) || cJSON_IsArray(body))) template_tree(c, body, "$", true);
    if (body) cJSON_AddItemToObject(response, "body", body);
    else if (body_text && *body_text) cJSON_AddStringToObject(response, "body", body_text);
    if (c->match->child) cJSON_AddItemToObject(it, "match", c->match);
    else cJSON_Delete(c->match);
    if (c->capture->child) cJSON_AddItemToObject(it, "capture", c->capture);
    else cJSON_Delete(c->capture);

    contract_exact_integers(it);
    char *d = NULL;
    d = xasprintf("%s %s (%d)", req->method, path->valuestring, rep->status);
    cJSON_SetValuestring(desc, d);
    free(d);
    return it;
}

void contract_record_interaction(const zm_request *req, const zm_reply *rep, const char *body_text)
{
    if (strncmp(req->path, "/__admin", 8) == 0 || contract_proxy_failed(rep)) return;
    /* A request refused for text that is not UTF-8 cannot be written
     * into a contract (JSON) as it was sent: it is in the journal only. */
    char bad_field[160];
    if (!request_text_ok(req, bad_field, sizeof bad_field)) return;
    pthread_mutex_lock(&rec_mutex);
    if (!rec_dir) {
        pthread_mutex_unlock(&rec_mutex);
        return;
    }
    char buf[64];
    const char *org = req->org ? req->org->organization_id : request_org(req, buf, sizeof buf);
    rec_file *f = file_for(org && id_is_valid(org) ? org : NO_ORG, req->org);

    const char *auth = request_header(req, "Authorization");
    char *request_text = NULL;
    request_text = xasprintf("%s?%s %.*s", req->path, req->query ? req->query : "",
                             (int)req->raw_body_len, req->raw_body ? req->raw_body : "");
    rec_ctx c = {
        .file = f,
        .token = auth && strncasecmp(auth, "Zoho-oauthtoken ", 16) == 0 ? auth + 16 : NULL,
        .request_text = request_text,
        .creates = strcmp(req->method, "GET") != 0,
        .match = cJSON_CreateObject(),
        .capture = cJSON_CreateObject(),
    };
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(f->doc, "interactions"),
                         build_interaction(&c, req, rep, body_text));
    save(f);
    free(request_text);
    pthread_mutex_unlock(&rec_mutex);
}

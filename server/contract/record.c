/* record.c -- --record: every answered interaction appended to a contract or a pact per organization, crash-safe */
#include "contract/record.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contract/record_file.h"
#include "contract/record_impl.h"
#include "model/clock.h"
#include "util/json.h"
#include "util/vec.h"

#define NO_ORG "no-organization"

/* One file being written, kept open: each interaction is appended. */
typedef struct rec_file {
    char *key;                  /* organization id, or NO_ORG */
    char *path;
    record_file out;
    rec_known known;            /* contract format: captured values */
    bool fresh;                 /* pact: the next interaction starts from the fixtures */
} rec_file;

/* A leaf lock: taken after the model lock is released, never with another
 * (order: model/model.h). */
static pthread_mutex_t rec_mutex = PTHREAD_MUTEX_INITIALIZER;
static contract_record_options rec_opts;    /* strings owned */
static bool recording;
static VEC(rec_file *) rec_files;
static rec_ids fixture_ids;     /* ids of the fixtures: never new */

int contract_record_start(const contract_record_options *o, char *err, size_t errlen)
{
    const char *dir = o->dir;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "--record %s: cannot create: %s", dir, strerror(errno));
        return -1;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        snprintf(err, errlen, "--record %s: not a writable folder: %s", dir, strerror(errno));
        return -1;
    }
    rec_ids ids;
    model_lock();
    record_ids_init(&ids, g_model.fixture_root);
    model_unlock();
    contract_record_stop();
    pthread_mutex_lock(&rec_mutex);
    rec_opts.format = o->format;
    rec_opts.dir = xstrdup(dir);
    rec_opts.fixtures = o->fixtures ? xstrdup(o->fixtures) : NULL;
    rec_opts.pact_consumer = xstrdup(o->pact_consumer ? o->pact_consumer : CONTRACT_PACT_CONSUMER);
    rec_opts.pact_provider = xstrdup(o->pact_provider ? o->pact_provider : CONTRACT_PACT_PROVIDER);
    fixture_ids = ids;
    recording = true;
    pthread_mutex_unlock(&rec_mutex);
    return 0;
}

void contract_record_stop(void)
{
    pthread_mutex_lock(&rec_mutex);
    for (size_t i = 0; i < rec_files.n; i++) {
        rec_file *f = rec_files.v[i];
        record_file_close(&f->out);
        free(f->key);
        free(f->path);
        record_known_free(&f->known);
        free(f);
    }
    VEC_FREE(rec_files);
    free((char *)rec_opts.dir);
    free((char *)rec_opts.fixtures);
    free((char *)rec_opts.pact_consumer);
    free((char *)rec_opts.pact_provider);
    memset(&rec_opts, 0, sizeof rec_opts);
    recording = false;
    record_ids_free(&fixture_ids);
    pthread_mutex_unlock(&rec_mutex);
}

void contract_record_reset(const char *organization_id)
{
    pthread_mutex_lock(&rec_mutex);
    for (size_t i = 0; i < rec_files.n; i++)
        if (!organization_id || strcmp(rec_files.v[i]->key, organization_id) == 0)
            rec_files.v[i]->fresh = true;
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

/* The organization's clock when it is frozen ("" otherwise). Takes the
 * organization's lock: called before the recorder's, outside any other. */
static void frozen_clock(const zm_org *org, char out[32])
{
    out[0] = '\0';
    if (!org) return;
    org_lock(org);
    if (org->clock.frozen) clock_format_datetime(&org->clock, clock_now(&org->clock), out);
    org_unlock(org);
}

/* The head of a new contract file: name, fixtures, clock, variables. */
static cJSON *contract_head(const char *key, const char *now)
{
    cJSON *head = cJSON_CreateObject();
    char name[128];
    snprintf(name, sizeof name, "recorded: %s", strcmp(key, NO_ORG) ? key : "no organization");
    cJSON_AddStringToObject(head, "name", name);
    if (rec_opts.fixtures) cJSON_AddStringToObject(head, "fixtures", rec_opts.fixtures);
    if (now[0]) cJSON_AddStringToObject(head, "clock", now);
    cJSON *vars = cJSON_AddObjectToObject(head, "variables");
    if (strcmp(key, NO_ORG) != 0) cJSON_AddStringToObject(vars, "organization_id", key);
    return head;
}

/* The file of an organization, opened (and an existing one continued) on
 * first use; NULL when it cannot be written. */
static rec_file *file_for(const char *key, const char *now)
{
    for (size_t i = 0; i < rec_files.n; i++)
        if (strcmp(rec_files.v[i]->key, key) == 0) return rec_files.v[i];
    rec_file *f = xcalloc(1, sizeof *f);
    f->key = xstrdup(key);
    record_known_init(&f->known);
    f->fresh = true;
    bool pact = rec_opts.format == RECORD_FORMAT_PACT;
    if (pact) f->path = xasprintf("%s/%s-%s-%s.json", rec_opts.dir, rec_opts.pact_consumer,
                                  rec_opts.pact_provider, key);
    else f->path = xasprintf("%s/%s.json", rec_opts.dir, key);
    cJSON *head = pact ? pact_record_head(rec_opts.pact_consumer, rec_opts.pact_provider,
                                          rec_opts.fixtures)
                       : contract_head(key, now);
    char err[512];
    int rc = record_file_open(&f->out, f->path, head, "interactions", NULL, err, sizeof err);
    cJSON_Delete(head);
    if (rc != 0) {
        fprintf(stderr, "zoho-mock: --record: %s\n", err);
        free(f->key);
        free(f->path);
        record_known_free(&f->known);
        free(f);
        return NULL;
    }
    VEC_PUSH(rec_files, f);
    return f;
}

/* What is appended for one interaction, as text. */
static char *interaction_text(rec_file *f, const zm_request *req, const zm_reply *rep,
                              const char *body_text, const char *now)
{
    const char *auth = request_header(req, "Authorization");
    char *request_text = xasprintf("%s?%s %.*s", req->path, req->query ? req->query : "",
                                   (int)req->raw_body_len, req->raw_body ? req->raw_body : "");
    bool pact = rec_opts.format == RECORD_FORMAT_PACT;
    rec_ctx c = {
        .org_key = f->key,
        .known = &f->known,
        .fixture_ids = &fixture_ids,
        .token = auth && strncasecmp(auth, "Zoho-oauthtoken ", 16) == 0 ? auth + 16 : NULL,
        .request_text = request_text,
        .creates = strcmp(req->method, "GET") != 0,
        .literal = pact,
        .match = cJSON_CreateObject(),
        .capture = cJSON_CreateObject(),
    };
    cJSON *it = record_build_interaction(&c, req, rep, body_text);
    free(request_text);
    if (pact) {
        cJSON *p = pact_record_interaction(it, rep, f->out.count + 1, f->key, f->fresh, now);
        cJSON_Delete(it);
        it = p;
        f->fresh = false;
    }
    char *text = json_print_pretty(it);
    cJSON_Delete(it);
    return text;
}

void contract_record_interaction(const zm_request *req, const zm_reply *rep, const char *body_text)
{
    if (strncmp(req->path, "/__admin", 8) == 0 || contract_proxy_failed(rep)) return;
    char now[32];
    frozen_clock(req->org, now);
    pthread_mutex_lock(&rec_mutex);
    if (!recording) {
        pthread_mutex_unlock(&rec_mutex);
        return;
    }
    char buf[64];
    const char *org = req->org ? req->org->organization_id : request_org(req, buf, sizeof buf);
    rec_file *f = file_for(org && id_is_valid(org) ? org : NO_ORG, now);
    if (f) {
        char *text = interaction_text(f, req, rep, body_text, now);
        char err[256];
        if (record_file_append(&f->out, text, err, sizeof err) != 0)
            fprintf(stderr, "zoho-mock: --record: cannot write %s: %s\n", f->path, err);
        free(text);
    }
    pthread_mutex_unlock(&rec_mutex);
}

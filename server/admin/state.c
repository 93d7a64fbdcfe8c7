/* state.c -- --state FILE: the model loaded from a snapshot and its journal at start, compacted while serving and at stop */
#include "admin/state.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventory/counts.h"
#include "inventory/org_snapshot.h"
#include "inventory/scheduler.h"
#include "model/fixtures.h"
#include "model/model.h"
#include "model/org_state.h"
#include "model/state_log.h"
#include "util/file.h"
#include "util/json.h"
#include "util/json_read.h"
#include "util/version.h"

#define STATE_COMPACT_DEFAULT (16u << 20)

static char *state_path;            /* FILE; NULL without --state */
static char *journal_path;          /* FILE.journal */
static uint64_t compact_limit;
static pthread_mutex_t compact_mu = PTHREAD_MUTEX_INITIALIZER;

bool state_enabled(void) { return state_path != NULL; }

/* ------------------------------------------------------------- snapshot */

/* Every lock of the model held. */
static cJSON *snapshot_all(uint64_t through)
{
    cJSON *s = cJSON_CreateObject();
    json_add_num(s, "zoho_mock_state", ZM_STATE_FORMAT);
    json_add_str(s, "version", ZM_VERSION);
    jw_u64(s, "through", through);
    json_add_str(s, "fixtures", g_model.fixture_path);
    cJSON_AddItemToObject(s, "auth", auth_to_state());
    cJSON *orgs = cJSON_AddArrayToObject(s, "organizations");
    for (size_t i = 0; i < g_model.orgs.n; i++) cJSON_AddItemToArray(orgs, org_snapshot(g_model.orgs.v[i]));
    return s;
}

/* The snapshot written to FILE and the journal trimmed to what came after
 * it. compact_mu held. */
static int compact_locked(char *err, size_t errlen, uint64_t *bytes, uint64_t *through)
{
    model_lock();
    uint64_t last = state_log_last_n(), offset = state_log_offset();
    cJSON *snap = snapshot_all(last);
    model_unlock();
    char *text = json_print(snap);
    cJSON_Delete(snap);
    size_t len = strlen(text);
    char why[256];
    int rc = file_write_durable(state_path, text, len, 0600, why, sizeof why);
    free(text);
    if (rc != 0) snprintf(err, errlen, "%s: %s", state_path, why);
    else if (state_log_trim(offset, why, sizeof why) != 0) snprintf(err, errlen, "%s: %s", journal_path, why);
    else rc = 0;
    if (rc != 0 && !err[0]) snprintf(err, errlen, "%s: cannot be trimmed", journal_path);
    if (bytes) *bytes = len;
    if (through) *through = last;
    return rc;
}

int state_save(char *err, size_t errlen, uint64_t *bytes, uint64_t *through)
{
    if (!state_path) {
        snprintf(err, errlen, "the server keeps no state: start it with --state FILE");
        return -1;
    }
    err[0] = '\0';
    pthread_mutex_lock(&compact_mu);
    int rc = compact_locked(err, errlen, bytes, through);
    pthread_mutex_unlock(&compact_mu);
    return rc;
}

void state_compact_if_grown(void)
{
    if (!state_path || state_log_bytes() < compact_limit) return;
    if (pthread_mutex_trylock(&compact_mu) != 0) return;      /* another thread does it */
    char err[512] = "";
    if (state_log_bytes() >= compact_limit && compact_limit && compact_locked(err, sizeof err, NULL, NULL) != 0)
        fprintf(stderr, "zoho-mock: warning: state not compacted: %s\n", err);
    pthread_mutex_unlock(&compact_mu);
}

/* --------------------------------------------------------------- replay */

typedef struct replay_ctx {
    uint64_t through;           /* the snapshot's last change */
    uint64_t last;              /* the last change applied */
    size_t applied, failed;
    bool broken;                /* the journal does not follow the snapshot */
    char broken_why[256];
    zm_replay_call_fn call;
} replay_ctx;

static zm_org *record_org(const cJSON *rec)
{
    const cJSON *o = json_get(rec, "org");
    return cJSON_IsString(o) ? model_find_org(o->valuestring) : NULL;
}

static int64_t record_int(const cJSON *rec, const char *name)
{
    const cJSON *v = json_get(rec, name);
    return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
}

/* What fell due, or the clock moved: org_run_due at the record's instant. */
static bool replay_org_event(const cJSON *rec, bool with_clock, char *why, size_t whylen)
{
    zm_org *org = record_org(rec);
    if (!org) {
        snprintf(why, whylen, "no such organization");
        return false;
    }
    zm_jr r;
    jr_init(&r, "clock");
    zm_clock clock = org->clock;
    if (with_clock) clock_from_state(&r, json_get(rec, "clock"), &clock);
    if (jr_failed(&r)) {
        snprintf(why, whylen, "%s", r.error);
        return false;
    }
    clock_pin_wall(record_int(rec, "wall"));
    org_lock(org);
    org->clock = clock;
    org_run_due(org);
    org_unlock(org);
    clock_unpin_wall();
    return true;
}

static bool replay_background(const cJSON *rec, char *why, size_t whylen)
{
    zm_org *org = record_org(rec);
    const cJSON *action = json_get(rec, "action");
    if (!org || !cJSON_IsString(action)) {
        snprintf(why, whylen, "no such organization or action");
        return false;
    }
    org_lock(org);
    int rc = counts_background_set(org, action->valuestring, (int)record_int(rec, "after_reads"),
                                   (int)record_int(rec, "after_seconds"));
    org_unlock(org);
    if (rc != 0) snprintf(why, whylen, "not a background switch");
    return rc == 0;
}

/* token, grant, grant_gone, revoke: the global lock exclusive. */
static bool replay_auth(const char *kind, const cJSON *rec, char *why, size_t whylen)
{
    zm_jr r;
    jr_init(&r, kind);
    bool ok = true;
    model_write_lock();
    if (!strcmp(kind, "token") || !strcmp(kind, "grant")) {
        uint64_t serial = jr_u64(&r, rec, "serial");
        if (!strcmp(kind, "token")) {
            zm_token *t = token_from_state(&r, jr_object(&r, rec, "token"));
            if (t) VEC_PUSH(g_model.tokens, t);
        } else {
            zm_grant *g = grant_from_state(&r, jr_object(&r, rec, "grant"));
            if (g) VEC_PUSH(g_model.grants, g);
        }
        if (!jr_failed(&r)) g_model.token_serial = serial;
    } else if (!strcmp(kind, "grant_gone")) {
        const char *value = jr_str(&r, rec, "value");
        for (size_t i = 0; !jr_failed(&r) && i < g_model.grants.n; i++) {
            if (!strcmp(g_model.grants.v[i]->value, value)) {
                grant_free(g_model.grants.v[i]);
                VEC_REMOVE(g_model.grants, i);
                break;
            }
        }
    } else {
        const char *token = jr_str(&r, rec, "token");
        if (!jr_failed(&r)) model_revoke_token(token);
    }
    model_global_unlock();
    if (jr_failed(&r)) {
        snprintf(why, whylen, "%s", r.error);
        ok = false;
    }
    return ok;
}

static bool replay_one(replay_ctx *ctx, const char *kind, const cJSON *rec, char *why, size_t whylen)
{
    if (!strcmp(kind, "call")) return ctx->call(rec, why, whylen);
    if (!strcmp(kind, "due")) return replay_org_event(rec, false, why, whylen);
    if (!strcmp(kind, "clock")) return replay_org_event(rec, true, why, whylen);
    if (!strcmp(kind, "background")) return replay_background(rec, why, whylen);
    if (!strcmp(kind, "token") || !strcmp(kind, "grant") || !strcmp(kind, "grant_gone") || !strcmp(kind, "revoke"))
        return replay_auth(kind, rec, why, whylen);
    snprintf(why, whylen, "unknown kind of change '%s'", kind);
    return false;
}

static void apply_record(const cJSON *rec, void *vctx)
{
    replay_ctx *ctx = vctx;
    const cJSON *n = json_get(rec, "n"), *t = json_get(rec, "t");
    if (ctx->broken) return;
    uint64_t number = cJSON_IsNumber(n) && n->valuedouble >= 1 ? (uint64_t)n->valuedouble : 0;
    if (number && number <= ctx->through) return;      /* in the snapshot already */
    if (number != ctx->last + 1 || !cJSON_IsString(t)) {
        ctx->broken = true;
        snprintf(ctx->broken_why, sizeof ctx->broken_why,
                 "change %llu follows change %llu: the journal does not continue the snapshot",
                 (unsigned long long)number, (unsigned long long)ctx->last);
        return;
    }
    ctx->last = number;
    char why[1024] = "";
    if (replay_one(ctx, t->valuestring, rec, why, sizeof why)) {
        ctx->applied++;
        return;
    }
    ctx->failed++;
    fprintf(stderr, "zoho-mock: warning: state %s: change %llu (%s) replayed differently: %s\n", journal_path,
            (unsigned long long)number, t->valuestring, why);
}

/* ---------------------------------------------------------- loading */

int state_build_orgs(const cJSON *state, const zm_org *only, zm_org_list *built, char *err, size_t errlen)
{
    zm_jr r;
    jr_init(&r, "");
    const cJSON *format = json_get(state, "zoho_mock_state");
    if (format && !(cJSON_IsNumber(format) && format->valuedouble == ZM_STATE_FORMAT))
        jr_fail(&r, "zoho_mock_state", "a format this version does not read");
    const cJSON *list = jr_array(&r, state, "organizations"), *o;
    int i = 0;
    cJSON_ArrayForEach(o, list) {
        if (jr_failed(&r)) break;
        char where[64];
        snprintf(where, sizeof where, "organizations[%d]", i++);
        const cJSON *id = json_get(o, "organization_id");
        zm_org *org = cJSON_IsString(id) ? model_find_org(id->valuestring) : NULL;
        jr_enter(&r, where, -1);
        if (!org) jr_fail(&r, "organization_id", "not an organization of this server's fixtures");
        for (size_t k = 0; org && k < built->n; k++)
            if (!strcmp(built->v[k]->organization_id, org->organization_id))
                jr_fail(&r, "organization_id", "a second state of this organization");
        jr_leave(&r);
        if (jr_failed(&r)) break;
        if (only && org != only) continue;
        zm_org *fresh = org_from_snapshot(org, o, where, r.error, sizeof r.error);
        if (!fresh) {
            r.failed = true;
            break;
        }
        VEC_PUSH(*built, fresh);
    }
    if (!jr_failed(&r) && only && built->n == 0)
        jr_fail(&r, "organizations", "no state of the organization organization_id names");
    if (!jr_failed(&r)) return 0;
    snprintf(err, errlen, "%s", r.error[0] == ':' ? r.error + 2 : r.error);
    for (size_t k = 0; k < built->n; k++) org_free(built->v[k]);
    VEC_FREE(*built);
    return -1;
}

/* FILE's snapshot into the model: every organization built aside first,
 * nothing changes unless all are good. 0 (with *through), or -1 with err. */
static int load_snapshot(const char *text, size_t len, uint64_t *through, size_t *orgs, char *err, size_t errlen)
{
    cJSON *root = json_parse(text, len);
    if (!cJSON_IsObject(root) || !json_get(root, "zoho_mock_state")) {
        cJSON_Delete(root);
        snprintf(err, errlen, "%s: not a zoho-mock state (zoho_mock_state missing or invalid JSON)", state_path);
        return -1;
    }
    zm_jr r;
    jr_init(&r, "");
    *through = jr_u64(&r, root, "through");
    zm_org_list fresh = {0};
    char why[768];
    if (!jr_failed(&r) && state_build_orgs(root, NULL, &fresh, why, sizeof why) != 0)
        snprintf(r.error, sizeof r.error, "%s", why), r.failed = true;
    if (!jr_failed(&r)) {
        model_lock();
        jr_enter(&r, "auth", -1);
        auth_from_state(&r, jr_object(&r, root, "auth"));
        jr_leave(&r);
        for (size_t k = 0; !jr_failed(&r) && k < fresh.n; k++) {
            org_take_contents(model_find_org(fresh.v[k]->organization_id), fresh.v[k]);
            fresh.v[k] = NULL;
        }
        model_unlock();
    }
    for (size_t k = 0; k < fresh.n; k++) org_free(fresh.v[k]);
    *orgs = fresh.n;
    VEC_FREE(fresh);
    cJSON_Delete(root);
    if (jr_failed(&r)) {
        snprintf(err, errlen, "%s: %s", state_path, r.error[0] == ':' ? r.error + 2 : r.error);
        return -1;
    }
    return 0;
}

static void forget_paths(void)
{
    free(state_path);
    free(journal_path);
    state_path = journal_path = NULL;
}

int state_start(const char *path, uint64_t compact_bytes, zm_replay_call_fn replay_call, char *err, size_t errlen)
{
    state_path = xstrdup(path);
    journal_path = xasprintf("%s.journal", path);
    compact_limit = compact_bytes ? compact_bytes : STATE_COMPACT_DEFAULT;
    replay_ctx ctx = {.call = replay_call};
    size_t len = 0, orgs = 0;
    char why[512];
    char *text = NULL;
    if (access(path, F_OK) == 0 && !(text = file_read(path, 0, &len, NULL, why, sizeof why))) {
        snprintf(err, errlen, "%s: cannot read: %s", path, why);
        forget_paths();
        return -1;
    }
    if (text && len && load_snapshot(text, len, &ctx.through, &orgs, err, errlen) != 0) {
        free(text);
        forget_paths();
        return -1;
    }
    free(text);
    ctx.last = ctx.through;
    size_t dropped = 0;
    if (access(journal_path, F_OK) == 0 &&
        state_log_read(journal_path, apply_record, &ctx, &dropped, why, sizeof why) != 0) {
        snprintf(err, errlen, "%s: %s", journal_path, why);
        forget_paths();
        return -1;
    }
    if (ctx.broken) {
        snprintf(err, errlen, "%s: %s", journal_path, ctx.broken_why);
        forget_paths();
        return -1;
    }
    if (dropped)
        fprintf(stderr, "zoho-mock: warning: state %s: its last %zu bytes are a torn record (a write the stop cut short, never acknowledged): ignored\n",
                journal_path, dropped);
    if (len || ctx.applied || ctx.failed)
        fprintf(stderr, "zoho-mock: state %s: %zu organizations from the snapshot, %zu changes replayed%s\n", path,
                orgs, ctx.applied, ctx.failed ? " (some differently: see the warnings above)" : "");
    /* A fresh snapshot of all that, then an empty journal numbered on. */
    model_lock();
    cJSON *snap = snapshot_all(ctx.last);
    model_unlock();
    char *out = json_print(snap);
    cJSON_Delete(snap);
    int rc = file_write_durable(path, out, strlen(out), 0600, why, sizeof why);
    free(out);
    if (rc != 0 || state_log_open(journal_path, ctx.last + 1, why, sizeof why) != 0) {
        snprintf(err, errlen, "%s: cannot write: %s", rc != 0 ? path : journal_path, why);
        forget_paths();
        return -1;
    }
    return 0;
}

void state_stop(void)
{
    if (!state_path) return;
    char err[512] = "";
    if (state_save(err, sizeof err, NULL, NULL) != 0) fprintf(stderr, "zoho-mock: warning: state not saved at stop: %s\n", err);
    state_log_close();
    forget_paths();
}

/* pact_states.c -- verify: a pact's provider states, resolved through contracts/states.json into fixtures, organization, clock, scenarios and setup calls */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "contract/pact.h"
#include "contract/record_file.h"
#include "util/file.h"
#include "util/json.h"
#include "verify/verify_impl.h"

/* What a states file entry may hold. */
static const char *const entry_keys[] = {"description", "organization_id", "fixtures", "token",
                                         "clock",       "scenarios",       "setup"};

static bool check_entry(const char *name, const cJSON *e, char *err, size_t errlen)
{
    if (!cJSON_IsObject(e)) {
        snprintf(err, errlen, "$.states['%s']: expected an object", name);
        return false;
    }
    for (const cJSON *m = e->child; m; m = m->next) {
        bool known = false;
        for (size_t i = 0; i < sizeof entry_keys / sizeof entry_keys[0]; i++)
            known |= strcmp(m->string, entry_keys[i]) == 0;
        bool array = !strcmp(m->string, "scenarios") || !strcmp(m->string, "setup");
        const char *why = !known ? "unknown key (description, organization_id, fixtures, token, "
                                   "clock, scenarios, setup)"
                          : array && !cJSON_IsArray(m) ? "expected an array"
                          : !array && !cJSON_IsString(m) ? "expected a string"
                          : NULL;
        if (why) {
            snprintf(err, errlen, "$.states['%s'].%s: %s", name, m->string, why);
            return false;
        }
    }
    const cJSON *setup = json_get(e, "setup");
    int i = 0;
    for (const cJSON *s = setup ? setup->child : NULL; s; s = s->next, i++) {
        const cJSON *path = json_get(json_get(s, "request"), "path");
        if (!cJSON_IsString(path) || path->valuestring[0] != '/') {
            snprintf(err, errlen, "$.states['%s'].setup[%d].request.path: expected a path starting with /",
                     name, i);
            return false;
        }
    }
    return true;
}

/* Loads the states file once per run: --states (which must exist), else
 * contracts/states.json when there is one. */
static void load_states(run *r)
{
    if (r->states_loaded) return;
    r->states_loaded = true;
    const char *path = r->opts->states;
    if (!path) {
        if (access(VERIFY_STATES_DEFAULT, F_OK) != 0) return;
        path = VERIFY_STATES_DEFAULT;
    }
    char why[256];
    size_t len = 0;
    char *text = file_read(path, 0, &len, NULL, why, sizeof why);
    if (!text) {
        r->states_error = xasprintf("%s: cannot read: %s", path, why);
        return;
    }
    cJSON *doc = record_file_parse(text, len, NULL, NULL);
    free(text);
    const cJSON *states = json_get(doc, "states");
    char err[512] = "";
    if (!doc) snprintf(err, sizeof err, "invalid JSON");
    else if (!cJSON_IsObject(states)) snprintf(err, sizeof err, "$.states: expected an object");
    for (const cJSON *e = cJSON_IsObject(states) ? states->child : NULL; e && !err[0]; e = e->next)
        check_entry(e->string, e, err, sizeof err);
    if (err[0]) {
        r->states_error = xasprintf("%s: %s", path, err);
        cJSON_Delete(doc);
        return;
    }
    r->states = doc;
}

void verify_states_free(run *r)
{
    cJSON_Delete(r->states);
    free(r->states_error);
    r->states = NULL;
    r->states_error = NULL;
    r->states_loaded = false;
}

void pact_setup_free(pact_setup *s)
{
    free(s->fixtures);
    free(s->organization);
    free(s->token);
    free(s->clock);
    free(s->given);
    cJSON_Delete(s->scenarios);
    cJSON_Delete(s->steps);
    cJSON_Delete(s->params);
    memset(s, 0, sizeof *s);
}

/* Sets a string of the setup; two states that disagree are an error. */
static bool merge_text(char **slot, const cJSON *v, const char *what, const char *state, char *err,
                       size_t errlen)
{
    if (!cJSON_IsString(v)) return true;
    if (*slot && strcmp(*slot, v->valuestring) != 0) {
        snprintf(err, errlen, "provider state \"%s\": its %s %s differs from another state's %s", state,
                 what, v->valuestring, *slot);
        return false;
    }
    if (!*slot) *slot = xstrdup(v->valuestring);
    return true;
}

static void append_all(cJSON *to, const cJSON *from)
{
    for (const cJSON *c = from ? from->child : NULL; c; c = c->next)
        cJSON_AddItemToArray(to, cJSON_Duplicate(c, true));
}

static void add_given(pact_setup *out, const char *name)
{
    char *g = out->given ? xasprintf("%s, \"%s\"", out->given, name) : xasprintf("\"%s\"", name);
    free(out->given);
    out->given = g;
}

bool pact_states_resolve(run *r, const cJSON *states, const char *fixtures, pact_setup *out,
                         char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->fresh = true;
    out->scenarios = cJSON_CreateArray();
    out->steps = cJSON_CreateArray();
    out->params = cJSON_CreateObject();
    load_states(r);
    bool only_continue = states && states->child;
    for (const cJSON *s = states ? states->child : NULL; s; s = s->next) {
        const char *name = json_get(s, "name")->valuestring;
        const cJSON *params = json_get(s, "params");
        for (const cJSON *p = params ? params->child : NULL; p; p = p->next) {
            cJSON_DeleteItemFromObjectCaseSensitive(out->params, p->string);
            cJSON_AddItemToObject(out->params, p->string, cJSON_Duplicate(p, true));
        }
        const cJSON *entry = json_get(json_get(r->states, "states"), name);
        if (!entry && !strcmp(name, PACT_STATE_CONTINUE)) continue;
        only_continue = false;
        if (!entry && !strcmp(name, PACT_STATE_RESET)) entry = params;     /* organization_id, clock */
        else add_given(out, name);
        if (!entry) {
            const char *file = r->opts->states ? r->opts->states : VERIFY_STATES_DEFAULT;
            if (r->states_error) snprintf(err, errlen, "provider state \"%s\": %s", name, r->states_error);
            else snprintf(err, errlen, "provider state \"%s\" is not in %s (add it: organization_id, "
                                       "fixtures, clock, scenarios, setup)", name, file);
            return false;
        }
        if (!merge_text(&out->fixtures, json_get(entry, "fixtures"), "fixtures", name, err, errlen) ||
            !merge_text(&out->organization, json_get(entry, "organization_id"), "organization", name,
                        err, errlen) ||
            !merge_text(&out->token, json_get(entry, "token"), "token", name, err, errlen) ||
            !merge_text(&out->clock, json_get(entry, "clock"), "clock", name, err, errlen))
            return false;
        append_all(out->scenarios, json_get(entry, "scenarios"));
        append_all(out->steps, json_get(entry, "setup"));
    }
    out->fresh = !only_continue;
    if (!out->fixtures && fixtures) out->fixtures = xstrdup(fixtures);
    return true;
}

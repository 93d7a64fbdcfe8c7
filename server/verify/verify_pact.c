/* verify_pact.c -- verify: a pact's HTTP interactions, each from its provider states, checked with the pact's matching rules */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contract/pact.h"
#include "http/server.h"
#include "model/clock.h"
#include "util/curl_lazy.h"
#include "util/json.h"
#include "verify/verify_impl.h"

/* The fixtures a pact names (a recorded one: metadata["zoho-mock"].fixtures);
 * NULL: the built-in default. */
static const char *pact_fixtures(const cJSON *doc)
{
    const cJSON *f = json_get(json_get(json_get(doc, "metadata"), "zoho-mock"), "fixtures");
    return cJSON_IsString(f) ? f->valuestring : NULL;
}

/* A handle's keep-alive connections end before its server stops. */
static void stop_server(run *r, bool *started)
{
    curl_easy_cleanup(r->curl);
    r->curl = curl_easy_init();
    if (!r->curl) alloc_out_of_memory(0);
    if (*started) server_stop();
    *started = false;
}

/* ------------------------------------------------------------ setup */

/* A fresh server for the states, their values in r->vars, their setup
 * calls made. false with the reason in diff. */
static bool fresh_server(run *r, const pact_setup *ps, bool *started, contract_diff *diff)
{
    stop_server(r, started);
    cJSON_Delete(r->vars);
    r->vars = cJSON_Duplicate(ps->params, true);
    if (ps->organization) verify_set_var(r->vars, "organization_id", ps->organization);
    if (ps->token) verify_set_var(r->vars, "token", ps->token);
    if (r->opts->organization) verify_set_var(r->vars, "organization_id", r->opts->organization);
    if (r->opts->token) verify_set_var(r->vars, "token", r->opts->token);
    char err[1024];
    cJSON *clock = ps->clock ? cJSON_CreateString(ps->clock) : NULL;
    bool ok = verify_setup_server(r, ps->fixtures, clock, ps->scenarios, started, err, sizeof err);
    cJSON_Delete(clock);
    if (!ok) {
        contract_diff_add(diff, "provider state%s%s: %s", ps->given ? " " : "",
                          ps->given ? ps->given : "", err);
        return false;
    }
    int i = 0;
    for (const cJSON *step = ps->steps->child; step; step = step->next, i++) {
        contract_diff sd = {{NULL, 0, 0}};
        verify_run_interaction(r, step, &sd);
        for (size_t k = 0; k < sd.lines.n; k++)
            contract_diff_add(diff, "provider state %s: setup #%d: %s", ps->given ? ps->given : "",
                              i + 1, sd.lines.v[k]);
        bool failed = sd.lines.n > 0;
        contract_diff_free(&sd);
        if (failed) return false;
    }
    return true;
}

/* --------------------------------------------------------- exchange */

static void add_query(run *r, FILE *url, const cJSON *req)
{
    const cJSON *q = json_get(req, "query"), *text = json_get(req, "query_text");
    bool first = true;
    if (cJSON_IsString(text)) {
        fprintf(url, "?%s", text->valuestring);
        first = false;
    }
    for (const cJSON *p = q ? q->child : NULL; p; p = p->next)
        for (const cJSON *v = p->child; v; v = v->next) {
            char *k = curl_easy_escape(r->curl, p->string, 0);
            char *e = curl_easy_escape(r->curl, cJSON_IsString(v) ? v->valuestring : "", 0);
            fprintf(url, "%s%s=%s", first ? "?" : "&", k, e);
            curl_free(k);
            curl_free(e);
            first = false;
        }
}

static void exchange(run *r, const cJSON *it, contract_diff *diff)
{
    char err[512];
    cJSON *req = cJSON_Duplicate(json_get(it, "request"), true);
    cJSON *expected = cJSON_Duplicate(json_get(it, "response"), true);
    if (pact_generate(req, r->vars, err, sizeof err) != 0 ||
        pact_generate(expected, r->vars, err, sizeof err) != 0) {
        contract_diff_add(diff, "%s", err);
        cJSON_Delete(req);
        cJSON_Delete(expected);
        return;
    }
    char *url = NULL;
    size_t url_len = 0;
    FILE *u = open_memstream(&url, &url_len);
    fputs(json_get(req, "path")->valuestring, u);
    add_query(r, u, req);
    fclose(u);

    string_list headers = {NULL, 0, 0};
    bool has_type = false;
    const cJSON *hdrs = json_get(req, "headers");
    for (const cJSON *h = hdrs ? hdrs->child : NULL; h; h = h->next) {
        VEC_PUSH(headers, xasprintf("%s: %s", h->string, cJSON_IsString(h) ? h->valuestring : ""));
        has_type |= strcasecmp(h->string, "Content-Type") == 0;
    }
    char *body = NULL;
    const cJSON *json = json_get(req, "body"), *text = json_get(req, "body_text");
    if (cJSON_IsString(text)) {
        body = xstrdup(text->valuestring);
    } else if (json) {
        cJSON *box = cJSON_Duplicate(json, true);
        cJSON *wrap = cJSON_CreateArray();
        cJSON_AddItemToArray(wrap, box);
        contract_exact_integers(wrap);
        body = json_print(wrap->child);
        cJSON_Delete(wrap);
        if (!has_type) VEC_PUSH(headers, xstrdup("Content-Type: application/json"));
    }
    VEC_PUSH(headers, NULL);
    const char *method = json_get(req, "method")->valuestring;
    contract_http h;
    verify_call(r, method, url, (const char *const *)headers.v, body, &h);
    if (h.status == 0) contract_diff_add(diff, "%s %s%s: no answer: %s", method, r->base, url, h.error);
    else pact_match_response(expected, &h, diff);
    contract_http_free(&h);
    for (size_t i = 0; i < headers.n; i++) free(headers.v[i]);
    VEC_FREE(headers);
    free(body);
    free(url);
    cJSON_Delete(req);
    cJSON_Delete(expected);
}

/* --------------------------------------------------------- the file */

/* "#N description (given "state")"; a description that starts with its
 * own "#N " (a recorded pact's) is not numbered twice. */
static char *case_name(const cJSON *it, int index, const char *given)
{
    const char *d = json_get(it, "description")->valuestring;
    char number[24];
    snprintf(number, sizeof number, "#%d ", index + 1);
    const char *prefix = strncmp(d, number, strlen(number)) == 0 ? "" : number;
    if (given) return xasprintf("%s%s (given %s)", prefix, d, given);
    return xasprintf("%s%s", prefix, d);
}

void verify_pact_file(run *r, const cJSON *doc)
{
    char err[1024];
    cJSON *pact = pact_read(doc, err, sizeof err);
    if (!pact) {
        verify_file_failure(r, "load", "%s", err);
        return;
    }
    r->curl = curl_easy_init();
    if (!r->curl) alloc_out_of_memory(0);
    r->vars = cJSON_CreateObject();
    bool started = false, have_server = false;
    int i = 0;
    for (const cJSON *it = json_get(pact, "interactions")->child; it; it = it->next, i++) {
        const cJSON *skip = json_get(it, "skip");
        if (skip) {
            char *name = case_name(it, i, NULL);
            fprintf(r->out, "skip  %s: %s: %s\n", r->file, name, skip->valuestring);
            free(name);
            r->skipped++;
            continue;
        }
        double t0 = clock_monotonic_ms();
        contract_diff diff = {{NULL, 0, 0}};
        pact_setup ps;
        bool ready = pact_states_resolve(r, json_get(it, "states"), pact_fixtures(doc), &ps, err,
                                         sizeof err);
        if (!ready) {
            contract_diff_add(&diff, "%s", err);
        } else if (ps.fresh || !have_server) {
            ready = have_server = fresh_server(r, &ps, &started, &diff);
        } else {
            for (const cJSON *p = ps.params->child; p; p = p->next)
                if (!json_get(r->vars, p->string))
                    cJSON_AddItemToObject(r->vars, p->string, cJSON_Duplicate(p, true));
        }
        if (ready) exchange(r, it, &diff);
        char *name = case_name(it, i, ps.given);
        verify_print_case(r, name, &diff, (clock_monotonic_ms() - t0) / 1000.0);
        free(name);
        contract_diff_free(&diff);
        pact_setup_free(&ps);
    }
    stop_server(r, &started);
    curl_easy_cleanup(r->curl);
    r->curl = NULL;
    cJSON_Delete(r->vars);
    r->vars = NULL;
    cJSON_Delete(pact);
}

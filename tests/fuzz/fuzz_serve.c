/* fuzz_serve.c -- what the fuzz targets share: the server's state in-process, and one request through dispatch */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/journal.h"
#include "fuzz.h"
#include "http/dispatch.h"
#include "http/intake.h"
#include "http/server.h"
#include "model/fixtures.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/utf8.h"

void fuzz_server_state(void)
{
    alloc_init();
    char err[512];
    if (server_routes_ready(err, sizeof err) != 0) {
        fprintf(stderr, "fuzz: %s\n", err);
        abort();
    }
    model_lock();
    int rc = fixtures_load("fixtures/default.json", err, sizeof err);
    model_unlock();
    if (rc != 0) {
        fprintf(stderr, "fuzz: %s (run from the repository's root)\n", err);
        abort();
    }
    journal_init(16);
    scenario_init(0);
}

/* An answer must be there, and be UTF-8 (JSON, unless a scenario sent
 * raw text on purpose). */
static void check_answer(const zm_reply *rep, const char *text)
{
    const char *wrong = !rep->body && !rep->raw_body ? "no answer"
                      : rep->status < 100 || rep->status > 599 ? "not an HTTP status"
                      : !utf8_valid(text, strlen(text)) && !rep->raw_body ? "an answer that is not UTF-8"
                      : NULL;
    if (!wrong) return;
    fprintf(stderr, "fuzz: %s (status %d): %s\n", wrong, rep->status, text);
    abort();
}

void fuzz_serve(const char *method, const char *raw_path, const char *query, const char *header_lines,
                const char *body, size_t body_len)
{
    zm_header headers[REQUEST_MAX_HEADERS];
    char *lines = xstrdup(header_lines ? header_lines : "");
    int n = 0;
    for (char *save = NULL, *line = strtok_r(lines, "\n", &save); line && n < REQUEST_MAX_HEADERS;
         line = strtok_r(NULL, "\n", &save)) {
        char *colon = strchr(line, ':');
        if (!colon || colon == line) continue;
        *colon = '\0';
        char *value = colon + 1;
        while (*value == ' ') value++;
        headers[n++] = (zm_header){line, value};
    }
    zm_request req = {.method = NULL};
    zm_reply rep = {.status = 0};
    zm_scenario_call call;
    scenario_call_begin(&call);     /* as http.c's handle_request does around a request */
    bool path_ok = intake_request(&req, method, raw_path, query, headers, n);
    char *copy = NULL;
    if (body) {
        copy = xmalloc(body_len + 1);
        memcpy(copy, body, body_len);
        copy[body_len] = '\0';
    }
    intake_body(&req, copy, body_len);
    if (path_ok) dispatch_request(&req, &rep);
    else reply_error(&rep, ZE_INVALID_FIELD, "the URL path");
    char *text = rep.raw_body ? xstrdup(rep.raw_body) : rep.body ? json_print(rep.body) : xstrdup("");
    check_answer(&rep, text);
    dispatch_finished(&req, &rep, text, 0, true);
    free(text);
    scenario_call_end(&call);
    reply_free(&rep);
    request_free(&req);
    free(lines);
}

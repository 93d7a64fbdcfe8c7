/* http_client.c -- test helper: an in-process zoho-mock and a small libcurl client for it */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <curl/curl.h>

#include "http/server.h"
#include "http_client.h"

static int server_port;
static bool in_process;         /* server_port is this process's server (tserver_start) */
static _Thread_local bool no_answer_expected;   /* tclient_expect_no_answer */

void tserver_start_opts(const zm_server_options *given)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    zm_server_options opts = *given;
    if (!opts.bind) opts.bind = "127.0.0.1";
    if (!opts.threads) opts.threads = 4;
    if (!opts.fixtures) opts.fixtures = "fixtures/default.json";
    /* POST /__admin/verify runs zoho-mock, not this test binary. */
    if (!opts.verify_program) opts.verify_program = getenv("ZOHO_MOCK_BIN");
    opts.port = 0;
    opts.quiet = true;
    char err[512] = "";
    server_port = server_start(&opts, err, sizeof err);
    in_process = server_port > 0;
    if (server_port <= 0) cr_assert_fail("zoho-mock did not start: %s", err);
}

void tserver_start(const char *fixtures)
{
    zm_server_options opts = {.fixtures = fixtures};
    tserver_start_opts(&opts);
}

void tserver_stop(void)
{
    if (in_process) server_stop();
    server_port = 0;
    in_process = false;
    curl_global_cleanup();
}

void tclient_expect_no_answer(void) { no_answer_expected = true; }

void tclient_target(int port)
{
    if (!in_process) server_port = port;
}

int tserver_port(void) { return server_port; }

/* ------------------------------------------------------------ requests */

typedef struct growbuf {
    char *data;
    size_t len;
} growbuf;

static size_t append(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    growbuf *b = userdata;
    size_t n = size * nmemb;
    char *grown = realloc(b->data, b->len + n + 1);
    if (!grown) abort();
    memcpy(grown + b->len, ptr, n);
    b->len += n;
    grown[b->len] = '\0';
    b->data = grown;
    return n;
}

static tresponse request(const char *method, const char *path, const char *token, const char *content_type,
                         const char *body, size_t body_len, const char *const *extra_headers)
{
    tresponse r = {0, NULL, 0, NULL, NULL};
    growbuf out = {NULL, 0}, hdr = {NULL, 0};
    char url[4096], line[1024];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", server_port, path);

    CURL *c = curl_easy_init();
    if (!c) abort();
    struct curl_slist *headers = NULL;
    /* No "Expect: 100-continue" round trip for larger bodies. */
    headers = curl_slist_append(headers, "Expect:");
    if (token) {
        snprintf(line, sizeof line, "Authorization: Zoho-oauthtoken %s", token);
        headers = curl_slist_append(headers, line);
    }
    if (content_type) {
        snprintf(line, sizeof line, "Content-Type: %s", content_type);
        headers = curl_slist_append(headers, line);
    } else {
        headers = curl_slist_append(headers, "Content-Type:");
    }
    for (size_t i = 0; extra_headers && extra_headers[i]; i++)
        headers = curl_slist_append(headers, extra_headers[i]);

    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
    } else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        /* An empty body with Content-Length: 0, as clients send it. */
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, 0L);
    }
    if (strcmp(method, "HEAD") == 0) curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, append);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &hdr);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);

    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    else if (!no_answer_expected) cr_log_error("%s %s: %s", method, path, curl_easy_strerror(rc));
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);

    r.body = out.data ? out.data : strdup("");
    r.len = out.len;
    r.headers = hdr.data ? hdr.data : strdup("");
    if (!r.body || !r.headers) abort();
    r.json = cJSON_Parse(r.body);
    return r;
}

tresponse treq_headers(const char *method, const char *path, const char *token,
                       const char *content_type, const char *body,
                       const char *const *extra_headers)
{
    return request(method, path, token, content_type, body, body ? strlen(body) : 0, extra_headers);
}

tresponse treq_bytes(const char *method, const char *path, const char *token, const char *content_type,
                     const void *body, size_t len)
{
    return request(method, path, token, content_type, body, len, NULL);
}

tresponse treq_ct(const char *method, const char *path, const char *token, const char *content_type,
                  const char *body)
{
    return treq_headers(method, path, token, content_type, body, NULL);
}

tresponse treq(const char *method, const char *path, const char *token, const char *json_body)
{
    return treq_headers(method, path, token, json_body ? "application/json" : NULL, json_body, NULL);
}

double ttime_scale(void)
{
    const char *s = getenv("ZM_TEST_TIME_SCALE");
    double v = s ? strtod(s, NULL) : 1;
    return v >= 1 ? v : 1;
}

void tresponse_free(tresponse *r)
{
    free(r->body);
    free(r->headers);
    cJSON_Delete(r->json);
    memset(r, 0, sizeof *r);
}

/* ----------------------------------------------------------- JSON paths */

const cJSON *tjson_get(const cJSON *obj, const char *dotted_path)
{
    const cJSON *cur = obj;
    const char *p = dotted_path;
    char key[256];
    while (cur && p && *p) {
        size_t n = strcspn(p, ".");
        if (n >= sizeof key) return NULL;
        memcpy(key, p, n);
        key[n] = '\0';
        p += n;
        if (*p == '.') p++;
        if (cJSON_IsArray(cur)) {
            char *end = NULL;
            long idx = strtol(key, &end, 10);
            if (!n || *end || idx < 0) return NULL;
            cur = cJSON_GetArrayItem(cur, (int)idx);
        } else if (cJSON_IsObject(cur)) {
            cur = cJSON_GetObjectItemCaseSensitive(cur, key);
        } else {
            return NULL;
        }
    }
    return cur;
}

const char *tjson_str(const cJSON *obj, const char *dotted_path)
{
    const cJSON *v = tjson_get(obj, dotted_path);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

double tjson_num(const cJSON *obj, const char *dotted_path)
{
    const cJSON *v = tjson_get(obj, dotted_path);
    if (cJSON_IsNumber(v)) return v->valuedouble;
    if (cJSON_IsBool(v)) return cJSON_IsTrue(v) ? 1 : 0;
    return NAN;
}

double tstock_at(const char *token, const char *organization_id, const char *item_id,
                 const char *location_id)
{
    char path[192];
    snprintf(path, sizeof path, "/inventory/v1/items/%s?organization_id=%s", item_id, organization_id);
    tresponse r = treq("GET", path, token, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    double q = NAN;
    const cJSON *loc;
    cJSON_ArrayForEach(loc, tjson_get(r.json, "item.locations")) {
        if (strcmp(tjson_str(loc, "location_id"), location_id) != 0) continue;
        q = tjson_figure(loc, "location_stock_on_hand");
    }
    tresponse_free(&r);
    cr_assert(!isnan(q), "location %s missing from item %s", location_id, item_id);
    return q;
}

double tjson_figure(const cJSON *obj, const char *dotted_path)
{
    const char *text = tjson_str(obj, dotted_path);
    if (text) {
        char *end = NULL;
        double v = strtod(text, &end);
        return *text && !*end ? v : NAN;
    }
    return tjson_num(obj, dotted_path);
}

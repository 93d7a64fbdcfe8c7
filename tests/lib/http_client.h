/* http_client.h -- test helper: an in-process zoho-mock and a small libcurl client for it */
#ifndef ZM_TEST_HTTP_CLIENT_H
#define ZM_TEST_HTTP_CLIENT_H

#include <cjson/cJSON.h>

/* Starts an in-process zoho-mock on 127.0.0.1:0 with the given fixtures
 * (NULL = fixtures/default.json), quiet, 4 threads. Fails the current test
 * when the server cannot start. */
void tserver_start(const char *fixtures);
/* The same with any of the server's options (port 0, quiet, 4 threads and
 * the default fixtures unless given). */
struct zm_server_options;
void tserver_start_opts(const struct zm_server_options *opts);
void tserver_stop(void);
int tserver_port(void);
/* Points the requests below at a server this process did not start (the
 * real binary: cli_server.h spawn) on port; no-op while an in-process
 * server runs. curl_global_init is the caller's (tserver_stop cleans up). */
void tclient_target(int port);
/* This thread's requests may find no server (a test kills it on purpose:
 * status 0), unlogged: Criterion counts a log from another thread as the
 * test's error. */
void tclient_expect_no_answer(void);

typedef struct {
    long status;        /* HTTP status, 0 when the request failed */
    char *body;         /* the response body, NUL-terminated ("" when none) */
    size_t len;         /* its length (a binary body may hold NULs) */
    cJSON *json;        /* the body parsed, NULL when it is not JSON */
    char *headers;      /* the raw header block, status line included */
} tresponse;

/* method, path (with query), token (NULL = no Authorization header), body
 * (NULL = none; sent as application/json). The token goes out as
 * "Authorization: Zoho-oauthtoken <token>". */
tresponse treq(const char *method, const char *path, const char *token, const char *json_body);
/* The same with a given content type (form posts); NULL = none. */
tresponse treq_ct(const char *method, const char *path, const char *token, const char *content_type,
                  const char *body);
/* The same with extra request headers ("Name: value"), NULL-terminated
 * (extra_headers itself may be NULL). */
tresponse treq_headers(const char *method, const char *path, const char *token,
                       const char *content_type, const char *body,
                       const char *const *extra_headers);
/* A body of len bytes (binary: a multipart upload), with its content type. */
tresponse treq_bytes(const char *method, const char *path, const char *token, const char *content_type,
                     const void *body, size_t len);
void tresponse_free(tresponse *r);

/* How much longer than usual things may take: $ZM_TEST_TIME_SCALE (make
 * valgrind sets it; 1 otherwise). Upper bounds on durations are scaled by it. */
double ttime_scale(void);

/* Walks "inventory_adjustment.line_items.0.item_id": object members by name
 * (case-sensitive), array elements by index. tjson_str gives the string
 * value (NULL when absent or not a string); tjson_num the number (true and
 * false as 1 and 0; NAN when absent or anything else). */
/* Stock of an item at a location, read through GET /items/{id} with the
 * token and organization; fails the test when the location is missing. */
double tstock_at(const char *token, const char *organization_id, const char *item_id,
                 const char *location_id);

const cJSON *tjson_get(const cJSON *obj, const char *dotted_path);
const char *tjson_str(const cJSON *obj, const char *dotted_path);
double tjson_num(const cJSON *obj, const char *dotted_path);
/* A figure printed as a number or, as Zoho's documents type some, as a
 * string of one ("17"); NAN when absent or anything else. */
double tjson_figure(const cJSON *obj, const char *dotted_path);

#endif

/* http.c -- the civetweb glue: listening, reading requests, writing each response in one piece */
#include "http/http.h"

#include <arpa/inet.h>
#include <civetweb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http/dispatch.h"
#include "model/clock.h"
#include "scenario/scenario.h"
#include "zoho/request.h"

static struct mg_context *server_ctx;
static bool server_quiet;

/* Where the server listens, to wake it when stopping (http_stop). */
static struct {
    int port;
    bool ipv4;
    struct in_addr addr;
    atomic_bool stopped;
} wake;

/* -------------------------------------------------------- reading bodies */

/* Collects the JSONString field of a multipart form, through civetweb's own
 * form parser. */
typedef struct form_state {
    zm_request *req;
    bool in_json_field;
    size_t len;
} form_state;

static int form_field_found(const char *key, const char *filename, char *path,
                            size_t pathlen, void *user_data)
{
    (void)filename; (void)path; (void)pathlen;
    form_state *st = user_data;
    st->in_json_field = key && strcmp(key, "JSONString") == 0;
    return st->in_json_field ? MG_FORM_FIELD_STORAGE_GET : MG_FORM_FIELD_STORAGE_SKIP;
}

static int form_field_get(const char *key, const char *value, size_t valuelen, void *user_data)
{
    (void)key;
    form_state *st = user_data;
    if (!st->in_json_field || st->len + valuelen > HTTP_MAX_BODY) return MG_FORM_FIELD_HANDLE_NEXT;
    char *grown = xrealloc(st->req->form_json, st->len + valuelen + 1);
    memcpy(grown + st->len, value, valuelen);
    st->len += valuelen;
    grown[st->len] = '\0';
    st->req->form_json = grown;
    return MG_FORM_FIELD_HANDLE_GET;
}

static int form_field_store(const char *path, long long file_size, void *user_data)
{
    (void)path; (void)file_size; (void)user_data;
    return MG_FORM_FIELD_HANDLE_NEXT;
}

/* Reads the whole body (chunked or not). Returns false when too large. */
static bool read_raw_body(struct mg_connection *conn, zm_request *req)
{
    /* No Content-Length (or 0) and not chunked: no body, nothing to allocate. */
    const struct mg_request_info *ri = mg_get_request_info(conn);
    if (ri->content_length == 0 || (ri->content_length < 0 && !request_header(req, "Transfer-Encoding")))
        return true;
    size_t cap = 0, len = 0;
    char *buf = NULL;
    for (;;) {
        if (len + 8192 + 1 > cap) {
            cap = cap ? cap * 2 : 16384;
            char *grown = xrealloc(buf, cap);
            buf = grown;
        }
        int n = mg_read(conn, buf + len, cap - len - 1);
        if (n <= 0) break;
        len += (size_t)n;
        if (len > HTTP_MAX_BODY) {
            free(buf);
            return false;
        }
    }
    if (buf) buf[len] = '\0';
    req->raw_body = buf;
    req->raw_body_len = len;
    return true;
}

/* JSONString=... of an urlencoded form, decoded. */
static char *form_var(const char *data, size_t len, const char *name)
{
    char *out = xmalloc(len + 1);
    int n = mg_get_var2(data, len, name, out, len + 1, 0);
    if (n < 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* Reads the body the way its Content-Type says. */
static bool read_body(struct mg_connection *conn, zm_request *req)
{
    const char *ct = request_header(req, "Content-Type");
    if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0) {
        form_state st = {req, false, 0};
        struct mg_form_data_handler fdh = {form_field_found, form_field_get, form_field_store, &st};
        /* civetweb refuses some forms it cannot parse (a boundary under
         * four characters, for one): the body then counts as malformed. */
        if (mg_handle_form_request(conn, &fdh) < 0) {
            req->body_parsed = true;
            req->body_malformed = true;
        }
        if (req->form_json) {
            req->raw_body = xstrdup(req->form_json);
            req->raw_body_len = strlen(req->raw_body);
        }
        return true;
    }
    if (!read_raw_body(conn, req)) return false;
    if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 && req->raw_body)
        req->form_json = form_var(req->raw_body, req->raw_body_len, "JSONString");
    return true;
}

static void read_request(struct mg_connection *conn, zm_request *req)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    req->started_ms = clock_monotonic_ms();
    req->method = xstrdup(ri->request_method);
    req->path = xstrdup(ri->local_uri ? ri->local_uri : "/");
    req->query = xstrdup(ri->query_string ? ri->query_string : "");
    for (int i = 0; i < ri->num_headers && i < REQUEST_MAX_HEADERS; i++) {
        req->headers[i].name = xstrdup(ri->http_headers[i].name);
        req->headers[i].value = xstrdup(ri->http_headers[i].value);
        req->num_headers++;
    }
    /* Zoho also takes JSONString on the query string. */
    if (*req->query) req->form_json = form_var(req->query, strlen(req->query), "JSONString");
}

/* ------------------------------------------------------- writing replies */

static const char *status_text(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return mg_get_response_code_text(NULL, status);
    }
}

/* The serialised body; the caller frees it with free(). */
static char *reply_text(const zm_reply *rep)
{
    if (rep->raw_body) return xstrdup(rep->raw_body);
    if (rep->body) {
        return json_print(rep->body);
    }
    return xstrdup("");
}

/* Status line, headers and body go out in one mg_write: with tcp_nodelay
 * set, nothing waits on a delayed ACK between a header and a body. Sends
 * the first send_len bytes of the body (less than its length only for a
 * scenario's "truncate" fault); a Content-Type among the reply's headers
 * (a scenario's) replaces the JSON one. */
static void write_reply(struct mg_connection *conn, const zm_reply *rep, const char *body,
                        size_t send_len)
{
    size_t body_len = strlen(body);
    if (send_len > body_len) send_len = body_len;
    bool own_type = false;
    for (size_t i = 0; i < rep->headers.n; i++)
        own_type = own_type || strcasecmp(rep->headers.v[i].name, "Content-Type") == 0;
    size_t extra = 0;
    for (size_t i = 0; i < rep->headers.n; i++)
        extra += strlen(rep->headers.v[i].name) + strlen(rep->headers.v[i].value) + 4;
    size_t cap = 256 + extra + body_len;
    char *buf = xmalloc(cap);
    int n = snprintf(buf, cap,
                     "HTTP/1.1 %d %s\r\n"
                     "%s"
                     "Content-Length: %zu\r\n"
                     "Cache-Control: no-cache\r\n",
                     rep->status, status_text(rep->status),
                     own_type ? "" : "Content-Type: application/json;charset=UTF-8\r\n", body_len);
    size_t len = (size_t)n;
    for (size_t i = 0; i < rep->headers.n; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s: %s\r\n", rep->headers.v[i].name,
                                rep->headers.v[i].value);
    memcpy(buf + len, "\r\n", 2);
    len += 2;
    memcpy(buf + len, body, send_len);
    len += send_len;
    mg_write(conn, buf, len);
    free(buf);
}

/* Writes the reply, after a scenario's delay and through its fault. No
 * lock is held here: a slow or hanging answer stalls nobody else. */
static void send_reply(struct mg_connection *conn, zm_reply *rep, char **body,
                       const zm_scenario_call *call)
{
    size_t len = strlen(*body);
    if (call->fault != FAULT_HANG && call->delay_ms > 0) scenario_sleep_ms(call->delay_ms);
    switch (call->fault) {
    case FAULT_NONE:
        write_reply(conn, rep, *body, len);
        break;
    case FAULT_MALFORMED: {
        /* Half the JSON and an HTML tail, as a failing proxy sends. */
        static const char tail[] = "<html><body>502 Bad Gateway</body></html>";
        char *bad = xmalloc(len / 2 + sizeof tail);
        memcpy(bad, *body, len / 2);
        memcpy(bad + len / 2, tail, sizeof tail);
        free(*body);
        *body = bad;
        write_reply(conn, rep, *body, strlen(*body));
        break;
    }
    case FAULT_TRUNCATE:
        write_reply(conn, rep, *body, len / 2);
        scenario_close_connection(conn, false);
        break;
    case FAULT_RESET:
        scenario_close_connection(conn, true);
        break;
    case FAULT_EMPTY:
        scenario_close_connection(conn, false);
        break;
    case FAULT_HANG:
        scenario_hang(conn, call->delay_ms > 0 ? call->delay_ms : SCENARIO_DEFAULT_HANG_MS);
        scenario_close_connection(conn, false);
        break;
    }
}

/* ------------------------------------------------------- one request */

static int handle_request(struct mg_connection *conn, void *cbdata)
{
    (void)cbdata;
    zm_request req;
    zm_reply rep;
    memset(&req, 0, sizeof req);
    memset(&rep, 0, sizeof rep);
    zm_scenario_call call;
    scenario_call_begin(&call);
    read_request(conn, &req);
    if (!read_body(conn, &req)) {
        char limit[32];
        snprintf(limit, sizeof limit, "%u", HTTP_MAX_BODY);
        reply_error(&rep, ZE_BODY_TOO_LARGE, limit);
    } else {
        dispatch_request(&req, &rep);
    }
    char *body = reply_text(&rep);
    /* Journal and recording first: a client that has its answer finds it
     * there (and a kill right after the answer loses no recording). */
    dispatch_finished(&req, &rep, body, clock_monotonic_ms() - req.started_ms, server_quiet);
    send_reply(conn, &rep, &body, &call);
    scenario_call_end(&call);
    int status = rep.status;
    free(body);
    reply_free(&rep);
    request_free(&req);
    return status;
}

/* ---------------------------------------------------------- lifecycle */

/* While starting, civetweb's first complaint is kept for the one error
 * line main prints; afterwards its messages go to stderr. */
static bool server_starting;
static char startup_problem[256];

static int log_civetweb_message(const struct mg_connection *conn, const char *message)
{
    (void)conn;
    if (server_starting) {
        if (!startup_problem[0]) snprintf(startup_problem, sizeof startup_problem, "%s", message);
    } else {
        fprintf(stderr, "zoho-mock: civetweb: %s\n", message);
    }
    return 1;
}

int http_start(const zm_http_options *opts, char *err, size_t errlen)
{
    char ports[128], threads[16];
    /* An IPv6 address needs brackets in civetweb's listening_ports. */
    if (strchr(opts->bind, ':')) snprintf(ports, sizeof ports, "[%s]:%d", opts->bind, opts->port);
    else snprintf(ports, sizeof ports, "%s:%d", opts->bind, opts->port);
    snprintf(threads, sizeof threads, "%d", opts->threads);
    const char *options[] = {
        "listening_ports", ports,
        "num_threads", threads,
        "enable_keep_alive", "yes",
        "keep_alive_timeout_ms", "30000",
        "tcp_nodelay", "1",
        "request_timeout_ms", "60000",
        NULL,
    };
    struct mg_callbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.log_message = log_civetweb_message;
    mg_init_library(0);
    struct mg_init_data init = {&callbacks, NULL, options};
    struct mg_error_data error = {0};
    char errbuf[256] = "";
    error.text = errbuf;
    error.text_buffer_size = sizeof errbuf;
    server_starting = true;
    startup_problem[0] = '\0';
    server_ctx = mg_start2(&init, &error);
    server_starting = false;
    if (!server_ctx) {
        snprintf(err, errlen, "cannot listen on %s: %s", ports,
                 startup_problem[0] ? startup_problem : errbuf[0] ? errbuf : "unknown error");
        mg_exit_library();
        return -1;
    }
    server_quiet = opts->quiet;
    mg_set_request_handler(server_ctx, "/", handle_request, NULL);
    struct mg_server_port sp[4];
    int n = mg_get_server_ports(server_ctx, 4, sp);
    wake.port = n > 0 ? sp[0].port : opts->port;
    wake.ipv4 = inet_pton(AF_INET, strcmp(opts->bind, "0.0.0.0") ? opts->bind : "127.0.0.1",
                          &wake.addr) == 1;
    return wake.port;
}

/* civetweb's master thread notices mg_stop only when its poll of the
 * listening socket returns, up to 2 s later. Connections opened and closed
 * at once wake it, so that a stop takes milliseconds (verify starts and
 * stops a server per contract file). */
static void *wake_listener(void *arg)
{
    (void)arg;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)wake.port),
                            .sin_addr = wake.addr};
    while (!atomic_load(&wake.stopped)) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        if (s >= 0) {
            connect(s, (struct sockaddr *)&a, sizeof a);
            close(s);
        }
        nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    }
    return NULL;
}

void http_stop(void)
{
    if (!server_ctx) return;
    pthread_t waker;
    atomic_store(&wake.stopped, false);
    bool waking = wake.ipv4 && pthread_create(&waker, NULL, wake_listener, NULL) == 0;
    mg_stop(server_ctx);
    atomic_store(&wake.stopped, true);
    if (waking) pthread_join(waker, NULL);
    server_ctx = NULL;
    mg_exit_library();
}

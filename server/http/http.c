/* http.c -- the civetweb glue: listening, reading requests, writing each response in one piece, faults and delays */
#include "http/http.h"

#include <arpa/inet.h>
#include <civetweb.h>
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http/access.h"
#include "http/dispatch.h"
#include "http/ui.h"
#include "http/intake.h"
#include "model/clock.h"
#include "scenario/scenario.h"
#include "util/utf8.h"
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

/* Reads a multipart form through civetweb's own parser: the JSONString
 * field (the body, Zoho's legacy convention) and every file part, kept in
 * memory as req->uploads (zoho/request.h). Other plain fields are skipped.
 * Everything kept adds up to HTTP_MAX_BODY at most; past it the form is
 * too large. */
typedef struct form_state {
    zm_request *req;
    bool in_json_field;
    zm_upload *file;            /* the file part being read, or NULL */
    size_t len;                 /* of the JSONString field */
    size_t total;               /* bytes kept from every part */
    bool too_large;
} form_state;

/* A file's content type from its name's extension. */
static const char *guess_content_type(const char *file_name)
{
    static const struct { const char *ext, *type; } types[] = {
        {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"gif", "image/gif"},
        {"webp", "image/webp"}, {"bmp", "image/bmp"}, {"svg", "image/svg+xml"}, {"tif", "image/tiff"},
        {"tiff", "image/tiff"}, {"pdf", "application/pdf"}, {"txt", "text/plain"}, {"csv", "text/csv"},
        {"json", "application/json"}, {"xml", "application/xml"}, {"zip", "application/zip"},
        {"doc", "application/msword"}, {"xls", "application/vnd.ms-excel"},
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    };
    const char *dot = file_name ? strrchr(file_name, '.') : NULL;
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp(dot + 1, types[i].ext) == 0) return types[i].type;
    return "application/octet-stream";
}

static int form_field_found(const char *key, const char *filename, char *path,
                            size_t pathlen, void *user_data)
{
    (void)path; (void)pathlen;
    form_state *st = user_data;
    st->in_json_field = key && strcmp(key, "JSONString") == 0 && !(filename && *filename);
    st->file = NULL;
    if (filename && *filename) {
        zm_upload u = {xstrdup(key ? key : ""), xstrdup(filename), xstrdup(guess_content_type(filename)),
                       xcalloc(1, 1), 0};
        VEC_PUSH(st->req->uploads, u);
        st->file = &st->req->uploads.v[st->req->uploads.n - 1];
        return MG_FORM_FIELD_STORAGE_GET;
    }
    return st->in_json_field ? MG_FORM_FIELD_STORAGE_GET : MG_FORM_FIELD_STORAGE_SKIP;
}

/* Appends a chunk to *buf (of *len bytes), NUL-terminated. */
static void append(char **buf, size_t *len, const char *value, size_t valuelen)
{
    char *grown = xrealloc(*buf, *len + valuelen + 1);
    memcpy(grown + *len, value, valuelen);
    *len += valuelen;
    grown[*len] = '\0';
    *buf = grown;
}

static int form_field_get(const char *key, const char *value, size_t valuelen, void *user_data)
{
    (void)key;
    form_state *st = user_data;
    if (!st->in_json_field && !st->file) return MG_FORM_FIELD_HANDLE_NEXT;
    if (st->total + valuelen > HTTP_MAX_BODY) {
        st->too_large = true;
        return MG_FORM_FIELD_HANDLE_ABORT;
    }
    st->total += valuelen;
    if (st->file) {
        char *data = (char *)st->file->data;
        append(&data, &st->file->len, value, valuelen);
        st->file->data = (unsigned char *)data;
    } else {
        append(&st->req->form_json, &st->len, value, valuelen);
    }
    return MG_FORM_FIELD_HANDLE_GET;
}

static int form_field_store(const char *path, long long file_size, void *user_data)
{
    (void)path; (void)file_size; (void)user_data;
    return MG_FORM_FIELD_HANDLE_NEXT;
}

typedef enum body_result { BODY_OK, BODY_TOO_LARGE, BODY_BROKEN } body_result;

/* Reads the whole body (chunked or not): BODY_BROKEN when it stops short
 * of its Content-Length (the client stalled past request_timeout_ms or
 * closed) or a chunk is malformed. */
static body_result read_raw_body(struct mg_connection *conn, char **body, size_t *body_len)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    size_t cap = 0, len = 0;
    char *buf = NULL;
    body_result result = BODY_OK;
    for (;;) {
        if (len + 8192 + 1 > cap) {
            cap = cap ? cap * 2 : 16384;
            buf = xrealloc(buf, cap);
        }
        int n = mg_read(conn, buf + len, cap - len - 1);
        if (n < 0) result = BODY_BROKEN;
        if (n <= 0) break;
        len += (size_t)n;
        if (len > HTTP_MAX_BODY) {
            result = BODY_TOO_LARGE;
            break;
        }
    }
    if (ri->content_length >= 0 && (long long)len < ri->content_length && result == BODY_OK)
        result = BODY_BROKEN;
    if (result != BODY_OK) {
        free(buf);
        return result;
    }
    if (buf) buf[len] = '\0';
    *body = buf;
    *body_len = len;
    return BODY_OK;
}

/* Reads the body the way its Content-Type says. */
static body_result read_body(struct mg_connection *conn, zm_request *req)
{
    const char *ct = request_header(req, "Content-Type");
    if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0) {
        free(req->form_json);       /* the body's JSONString wins over the query's */
        req->form_json = NULL;
        form_state st = {req, false, NULL, 0, 0, false};
        struct mg_form_data_handler fdh = {form_field_found, form_field_get, form_field_store, &st};
        /* civetweb refuses some forms it cannot parse (a boundary under
         * four characters, for one): the body then counts as malformed. */
        int parsed = mg_handle_form_request(conn, &fdh);
        if (st.too_large) return false;
        if (parsed < 0) {
            req->body_parsed = true;
            req->body_malformed = true;
        }
        if (req->form_json) {
            req->raw_body = xstrdup(req->form_json);
            req->raw_body_len = strlen(req->raw_body);
        }
        return BODY_OK;
    }
    char *body = NULL;
    size_t len = 0;
    body_result r = read_raw_body(conn, &body, &len);
    if (r == BODY_OK) intake_body(req, body, len);
    return r;
}

/* Reads method, path, query and headers. False when the path is unusable. */
static bool read_request(struct mg_connection *conn, zm_request *req)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    zm_header headers[REQUEST_MAX_HEADERS];
    int n = 0;
    for (; n < ri->num_headers && n < REQUEST_MAX_HEADERS; n++)
        headers[n] = (zm_header){(char *)ri->http_headers[n].name, (char *)ri->http_headers[n].value};
    return intake_request(req, ri->request_method, ri->local_uri, ri->query_string, headers, n);
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
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 431: return "Request Header Fields Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return mg_get_response_code_text(NULL, status);
    }
}

/* The serialised body and its length; the caller frees it with free(). A
 * binary body (reply_bytes) may hold NULs: its length is the reply's. */
static char *reply_text(const zm_reply *rep, size_t *len)
{
    char *text;
    if (rep->raw_body && rep->raw_body_len) {
        text = xmalloc(rep->raw_body_len + 1);
        memcpy(text, rep->raw_body, rep->raw_body_len + 1);
        *len = rep->raw_body_len;
        return text;
    }
    if (rep->raw_body) text = xstrdup(rep->raw_body);
    else if (rep->body) text = json_print(rep->body);
    else text = xstrdup("");
    *len = strlen(text);
    return text;
}

/* What the journal and the recorder keep of a binary body: a line saying
 * what it was (they keep text). NULL for a text body. */
static char *binary_summary(const zm_reply *rep)
{
    if (!rep->raw_body || !rep->raw_body_len) return NULL;
    const char *type = "application/octet-stream";
    for (size_t i = 0; i < rep->headers.n; i++)
        if (strcasecmp(rep->headers.v[i].name, "Content-Type") == 0) type = rep->headers.v[i].value;
    return xasprintf("[%zu bytes of %s]", rep->raw_body_len, type);
}

/* What civetweb will do with the connection after this answer, said the
 * way HTTP/1.0 and HTTP/1.1 clients expect: "Connection: close" when the
 * client asked to close (or spoke HTTP/1.0 without keep-alive), and
 * "Connection: keep-alive" to an HTTP/1.0 client that asked to keep it. */
static const char *connection_header(struct mg_connection *conn)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    const char *asked = mg_get_header(conn, "Connection");
    bool http10 = ri->http_version && strcmp(ri->http_version, "1.0") == 0;
    if (asked && strcasestr(asked, "close")) return "Connection: close\r\n";
    if (http10) return asked && strcasestr(asked, "keep-alive") ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    return "";
}

/* Status line, headers and body go out in one mg_write: with tcp_nodelay
 * set, nothing waits on a delayed ACK between a header and a body. Sends
 * the first send_len bytes of the body (less than its length only for a
 * scenario's "truncate" fault); a Content-Type among the reply's headers
 * (a scenario's) replaces the JSON one. */
static void write_reply(struct mg_connection *conn, const zm_reply *rep, const char *body,
                        size_t body_len, size_t send_len)
{
    if (send_len > body_len) send_len = body_len;
    const char *method = mg_get_request_info(conn)->request_method;
    if (method && strcmp(method, "HEAD") == 0) send_len = 0;
    bool own_connection = false;
    for (size_t i = 0; i < rep->headers.n; i++)
        own_connection = own_connection || strcasecmp(rep->headers.v[i].name, "Connection") == 0;
    const char *type = reply_content_type(rep);
    size_t extra = strlen(type);
    for (size_t i = 0; i < rep->headers.n; i++)
        extra += strlen(rep->headers.v[i].name) + strlen(rep->headers.v[i].value) + 4;
    size_t cap = 256 + extra + body_len;
    char *buf = xmalloc(cap);
    int n = snprintf(buf, cap,
                     "HTTP/1.1 %d %s\r\n"
                     "Content-Type: %s\r\n"
                     "Content-Length: %zu\r\n"
                     "Cache-Control: no-cache\r\n%s",
                     rep->status, status_text(rep->status), type, body_len,
                     own_connection ? "" : connection_header(conn));
    size_t len = (size_t)n;
    for (size_t i = 0; i < rep->headers.n; i++) {
        if (strcasecmp(rep->headers.v[i].name, "Content-Type") == 0) continue;
        len += (size_t)snprintf(buf + len, cap - len, "%s: %s\r\n", rep->headers.v[i].name,
                                rep->headers.v[i].value);
    }
    memcpy(buf + len, "\r\n", 2);
    len += 2;
    memcpy(buf + len, body, send_len);
    len += send_len;
    mg_write(conn, buf, len);
    free(buf);
}

/* Writes the reply, after a scenario's delay and through its fault. No
 * lock is held here: a slow or hanging answer stalls nobody else. Each
 * delay and hang holds this worker, so only so many may wait at once
 * (scenario_waits_limit): past that, the answer goes out at once (with
 * X-Zoho-Mock-Delay-Skipped saying why) and a hang closes at once. */
static void send_reply(struct mg_connection *conn, zm_reply *rep, char **body, size_t len,
                       const zm_scenario_call *call)
{
    bool wants_wait = call->fault == FAULT_HANG || call->delay_ms > 0;
    bool may_wait = wants_wait && scenario_wait_take();
    if (wants_wait && !may_wait) {
        char why[96];
        snprintf(why, sizeof why, "%d delays and hangs are already waiting", scenario_waits_max());
        reply_header(rep, "X-Zoho-Mock-Delay-Skipped", why);
    }
    if (may_wait && call->fault != FAULT_HANG && call->delay_ms > 0) scenario_sleep_ms(call->delay_ms);
    switch (call->fault) {
    case FAULT_NONE:
        write_reply(conn, rep, *body, len, len);
        break;
    case FAULT_MALFORMED: {
        /* Half the JSON and an HTML tail, as a failing proxy sends. */
        static const char tail[] = "<html><body>502 Bad Gateway</body></html>";
        char *bad = xmalloc(len / 2 + sizeof tail);
        memcpy(bad, *body, len / 2);
        memcpy(bad + len / 2, tail, sizeof tail);
        free(*body);
        *body = bad;
        write_reply(conn, rep, *body, strlen(*body), strlen(*body));
        break;
    }
    case FAULT_TRUNCATE:
        write_reply(conn, rep, *body, len, len / 2);
        scenario_close_connection(conn, false);
        break;
    case FAULT_RESET:
        scenario_close_connection(conn, true);
        break;
    case FAULT_EMPTY:
        scenario_close_connection(conn, false);
        break;
    case FAULT_HANG:
        if (may_wait) scenario_hang(conn, call->delay_ms > 0 ? call->delay_ms : SCENARIO_DEFAULT_HANG_MS);
        scenario_close_connection(conn, false);
        break;
    }
    if (may_wait) scenario_wait_give();
}

/* ------------------------------------------------------- one request */

/* What civetweb lets through but would desynchronise a connection or
 * hide a refusal: a head with as many fields as civetweb keeps (it drops
 * the rest), Content-Length with Transfer-Encoding, two different
 * Content-Lengths, a declared body past the limit. Replies and returns
 * true for such a request. */
static bool framing_refused(const struct mg_request_info *ri, zm_request *req, zm_reply *rep)
{
    char limit[32];
    const char *length = NULL;
    bool two_lengths = false;
    for (int i = 0; i < req->num_headers; i++) {
        if (strcasecmp(req->headers[i].name, "Content-Length") != 0) continue;
        two_lengths = two_lengths || (length && strcmp(length, req->headers[i].value) != 0);
        length = req->headers[i].value;
    }
    if (ri->num_headers >= MG_MAX_HEADERS) {
        snprintf(limit, sizeof limit, "%d", MG_MAX_HEADERS - 1);
        reply_error(rep, ZE_TOO_MANY_HEADERS, limit);
    } else if (two_lengths) {
        reply_error(rep, ZE_BAD_HTTP, "two different Content-Length headers");
    } else if (length && request_header(req, "Transfer-Encoding")) {
        reply_error(rep, ZE_BAD_HTTP, "both Content-Length and Transfer-Encoding");
    } else if (ri->content_length > (long long)HTTP_MAX_BODY) {
        snprintf(limit, sizeof limit, "%u", HTTP_MAX_BODY);
        reply_error(rep, ZE_BODY_TOO_LARGE, limit);
    } else {
        return false;
    }
    return true;
}

/* "Expect: 100-continue": the client waits for the go-ahead before it
 * sends the body (civetweb leaves that to the handler). */
static void go_ahead_if_expected(struct mg_connection *conn)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    const char *expect = mg_get_header(conn, "Expect");
    if (expect && strcasecmp(expect, "100-continue") == 0 && ri->content_length != 0) {
        static const char go_ahead[] = "HTTP/1.1 100 Continue\r\n\r\n";
        mg_write(conn, go_ahead, sizeof go_ahead - 1);
    }
}

/* A refusal after which the connection cannot be trusted to be in step:
 * it closes once the answer is out. */
static void close_after_reply(struct mg_connection *conn, zm_reply *rep)
{
    mg_disable_connection_keep_alive(conn);
    reply_header(rep, "Connection", "close");
}

static int handle_request(struct mg_connection *conn, void *cbdata)
{
    (void)cbdata;
    zm_request req;
    zm_reply rep;
    memset(&req, 0, sizeof req);
    memset(&rep, 0, sizeof rep);
    zm_scenario_call call;
    scenario_call_begin(&call);
    bool path_ok = read_request(conn, &req);
    body_result body_read = BODY_OK;
    char limit[32];
    bool dispatched = false;
    if (framing_refused(mg_get_request_info(conn), &req, &rep)) {
        close_after_reply(conn, &rep);
    } else if (go_ahead_if_expected(conn), (body_read = read_body(conn, &req)) == BODY_TOO_LARGE) {
        snprintf(limit, sizeof limit, "%u", HTTP_MAX_BODY);
        reply_error(&rep, ZE_BODY_TOO_LARGE, limit);
        close_after_reply(conn, &rep);
    } else if (body_read == BODY_BROKEN) {
        reply_error(&rep, ZE_BAD_HTTP, "the body is malformed or stopped before its end");
        close_after_reply(conn, &rep);
    } else if (!path_ok) {
        reply_error(&rep, ZE_INVALID_FIELD, "the URL path");
    } else {
        dispatch_request(&req, &rep);
        dispatched = true;
    }
    if (!dispatched) access_cors_headers(&req, &rep);
    size_t len;
    char *body = reply_text(&rep, &len);
    char *summary = binary_summary(&rep);
    /* Journal and recording first: a client that has its answer finds it
     * there (and a kill right after the answer loses no recording). */
    dispatch_finished(&req, &rep, summary ? summary : body, clock_monotonic_ms() - req.started_ms, server_quiet);
    free(summary);
    send_reply(conn, &rep, &body, len, &call);
    scenario_call_end(&call);
    dispatch_after_reply();
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

/* civetweb's own refusals (a malformed request line, a head past
 * max_request_size, ...) as Zoho-style JSON like every other answer. */
static int civetweb_error(struct mg_connection *conn, int status, const char *message)
{
    zm_reply rep;
    memset(&rep, 0, sizeof rep);
    char *why = utf8_sanitize(message ? message : "", message ? strcspn(message, "\r\n") : 0);
    size_t n = strlen(why);
    while (n && (why[n - 1] == '.' || why[n - 1] == ' ')) why[--n] = '\0';
    if (status == 413 || status == 431) {
        reply_error(&rep, ZE_HEADERS_TOO_LARGE, HTTP_MAX_HEAD_TEXT);
    } else {
        /* civetweb says "Malformed message" for a head too large too. */
        char text[160];
        snprintf(text, sizeof text, "%s%s%s%s", *why ? why : "malformed",
                 strcasestr(why, "malformed") ? " (or a head past " : "",
                 strcasestr(why, "malformed") ? HTTP_MAX_HEAD_TEXT : "",
                 strcasestr(why, "malformed") ? " bytes)" : "");
        reply_error(&rep, ZE_BAD_HTTP, text);
        rep.status = status >= 400 && status < 600 ? status : 400;
    }
    size_t len;
    char *body = reply_text(&rep, &len);
    write_reply(conn, &rep, body, len, len);
    free(body);
    free(why);
    reply_free(&rep);
    return 0;
}

int http_start(const zm_http_options *opts, char *err, size_t errlen)
{
    char ports[128], threads[16], request_timeout[16], idle_timeout[16];
    /* An IPv6 address needs brackets in civetweb's listening_ports. */
    if (strchr(opts->bind, ':')) snprintf(ports, sizeof ports, "[%s]:%d", opts->bind, opts->port);
    else snprintf(ports, sizeof ports, "%s:%d", opts->bind, opts->port);
    snprintf(threads, sizeof threads, "%d", opts->threads);
    snprintf(request_timeout, sizeof request_timeout, "%d",
             opts->request_timeout_ms > 0 ? opts->request_timeout_ms : HTTP_REQUEST_TIMEOUT_MS);
    snprintf(idle_timeout, sizeof idle_timeout, "%d",
             opts->idle_timeout_ms > 0 ? opts->idle_timeout_ms : HTTP_IDLE_TIMEOUT_MS);
    /* Every connection holds a worker thread from its first byte to its
     * close, so the pool is large, a request must be read within
     * request_timeout_ms of its start (a stalled client lets go of its
     * worker then) and an idle keep-alive connection is closed after
     * keep_alive_timeout_ms. Connections accepted while every worker is
     * busy wait in connection_queue, then in the listen backlog. */
    const char *options[] = {
        "listening_ports", ports,
        "num_threads", threads,
        "enable_keep_alive", "yes",
        "keep_alive_timeout_ms", idle_timeout,
        "request_timeout_ms", request_timeout,
        "connection_queue", "128",
        "listen_backlog", "1024",
        "max_request_size", HTTP_MAX_HEAD_TEXT,
        "decode_url", "no",         /* read_request decodes, refusing %00 */
        /* CORS is ours (http/access.c, --cors), off by default: civetweb
         * would answer every preflight with "*" itself. */
        "access_control_allow_origin", "",
        "tcp_nodelay", "1",
        NULL,
    };
    struct mg_callbacks callbacks;
    memset(&callbacks, 0, sizeof callbacks);
    callbacks.log_message = log_civetweb_message;
    callbacks.http_error = civetweb_error;
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
    scenario_waits_limit(opts->threads / 2);
    mg_set_request_handler(server_ctx, "/", handle_request, NULL);
    mg_set_request_handler(server_ctx, UI_PREFIX, ui_serve, NULL);   /* and UI_PREFIX/... */
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

/* The port of a socket address, IPv4 or IPv6; -1 for anything else. */
static int port_of(const struct sockaddr_storage *a)
{
    if (a->ss_family == AF_INET) return ntohs(((const struct sockaddr_in *)a)->sin_port);
    if (a->ss_family == AF_INET6) return ntohs(((const struct sockaddr_in6 *)a)->sin6_port);
    return -1;
}

/* A client's idle keep-alive connection holds a worker in civetweb's poll,
 * which looks at the stop flag only every 2 s (test suites' HTTP clients,
 * Node's fetch among them, keep connections open). Every connection the
 * server accepted (local port: the server's; connected) is shut for
 * reading: an idle worker sees the end at once, a busy one still writes
 * its answer. */
static void end_idle_connections(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        char *end;
        long fd = strtol(e->d_name, &end, 10);
        if (*end || end == e->d_name || fd == dirfd(d)) continue;
        struct sockaddr_storage local, peer;
        socklen_t llen = sizeof local, plen = sizeof peer;
        if (getsockname((int)fd, (struct sockaddr *)&local, &llen) != 0 || port_of(&local) != wake.port ||
            getpeername((int)fd, (struct sockaddr *)&peer, &plen) != 0)
            continue;
        shutdown((int)fd, SHUT_RD);
    }
    closedir(d);
}

void http_stop(void)
{
    if (!server_ctx) return;
    end_idle_connections();
    pthread_t waker;
    atomic_store(&wake.stopped, false);
    bool waking = wake.ipv4 && pthread_create(&waker, NULL, wake_listener, NULL) == 0;
    mg_stop(server_ctx);
    atomic_store(&wake.stopped, true);
    if (waking) pthread_join(waker, NULL);
    server_ctx = NULL;
    mg_exit_library();
}

/* http.c -- from a request read off a connection to the bytes of its answer: the request, dispatch, faults, delays */
#include "http/http.h"

#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/access.h"
#include "http/dispatch.h"
#include "http/form.h"
#include "http/loop.h"
#include "model/clock.h"
#include "scenario/scenario.h"
#include "zoho/request.h"

static bool server_quiet;

/* -------------------------------------------------------- the request */

/* RFC 3986 5.2.4 on an absolute path: "." and ".." segments go. */
static char *without_dot_segments(const char *path)
{
    size_t o = 0;
    char *out = xmalloc(strlen(path) + 2);
    for (const char *s = path; *s == '/';) {
        const char *seg = s + 1, *e = strchr(seg, '/');
        if (!e) e = seg + strlen(seg);
        size_t len = (size_t)(e - seg);
        if (len == 1 && seg[0] == '.') {
            if (!*e) out[o++] = '/';
        } else if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
            if (!*e) out[o++] = '/';
        } else {
            out[o++] = '/';
            memcpy(out + o, seg, len);
            o += len;
        }
        s = e;
    }
    if (o == 0) out[o++] = '/';
    out[o] = '\0';
    return out;
}

/* Path (percent-decoded, dot segments removed) and raw query of the
 * target, origin-form or absolute-form. False when the path decodes to a
 * NUL byte. */
static bool split_target(http_span target, char **path, char **query)
{
    const char *p = target.p, *end = target.p + target.n;
    if (target.n && *p != '/' && *p != '*') {         /* http://host/path */
        const char *scheme_end = memchr(p, ':', target.n);
        p = scheme_end ? scheme_end + 3 : p;
        const char *slash = p < end ? memchr(p, '/', (size_t)(end - p)) : NULL;
        const char *q = p < end ? memchr(p, '?', (size_t)(end - p)) : NULL;
        p = slash && (!q || slash < q) ? slash : q ? q : end;
    }
    const char *hash = memchr(p, '#', (size_t)(end - p));
    if (hash) end = hash;
    const char *q = memchr(p, '?', (size_t)(end - p));
    const char *path_end = q ? q : end;
    *query = q ? xstrndup(q + 1, (size_t)(end - q - 1)) : xstrdup("");
    size_t n = (size_t)(path_end - p);
    char *decoded = xmalloc(n + 2);
    int got = n ? mg_url_decode(p, (int)n, decoded, (int)n + 1, 0) : 0;
    if (got <= 0 || decoded[0] != '/') {
        memcpy(decoded, got > 0 && decoded[0] == '*' ? "*" : "/", 2);
        got = (int)strlen(decoded);
    }
    bool ok = memchr(decoded, '\0', (size_t)got) == NULL;
    *path = decoded[0] == '*' ? xstrdup(decoded) : without_dot_segments(decoded);
    free(decoded);
    return ok;
}

/* JSONString of urlencoded text; a NUL in it makes the body malformed. */
static void take_form_json(zm_request *req, const char *data, size_t len)
{
    char *out = xmalloc(len + 1);
    int n = mg_get_var2(data, len, "JSONString", out, len + 1, 0);
    if (n >= 0 && (size_t)n != strlen(out)) {
        req->body_parsed = req->body_malformed = true;
    } else if (n >= 0) {
        free(req->form_json);
        req->form_json = out;
        return;
    }
    free(out);
}

/* The body the way its Content-Type says: JSON as sent, or the JSONString
 * field of a form (multipart or urlencoded). */
static void take_body(zm_request *req, const char *body, size_t len)
{
    const char *ct = request_header(req, "Content-Type");
    if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0) {
        const char *value;
        size_t n;
        int found = form_multipart_field(ct, body, len, "JSONString", &value, &n);
        if (found < 0) req->body_parsed = req->body_malformed = true;
        if (found > 0) {
            free(req->form_json);
            req->form_json = xstrndup(value, n);
            req->raw_body = xstrndup(value, n);
            req->raw_body_len = n;
        }
        return;
    }
    if (!len) return;
    req->raw_body = xmalloc(len + 1);
    memcpy(req->raw_body, body, len);
    req->raw_body[len] = '\0';
    req->raw_body_len = len;
    if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
        take_form_json(req, body, len);
}

/* Fills req from what was read. False when the path is unusable. */
static bool take_request(zm_request *req, const http_head *h, const char *body, size_t body_len)
{
    req->method = xstrndup(h->method.p, h->method.n);
    bool path_ok = split_target(h->target, &req->path, &req->query);
    for (int i = 0; i < h->num_headers; i++) {
        req->headers[i].name = xstrndup(h->names[i].p, h->names[i].n);
        req->headers[i].value = xstrndup(h->values[i].p, h->values[i].n);
        req->num_headers++;
    }
    /* Zoho also takes JSONString on the query string. */
    if (*req->query) take_form_json(req, req->query, strlen(req->query));
    if (body) take_body(req, body, body_len);
    return path_ok;
}

/* ------------------------------------------------------ writing replies */

static const char *status_text(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status >= 200 && status < 300 ? "OK" : "Error";
    }
}

/* The serialised body; the caller frees it with free(). */
static char *reply_text(const zm_reply *rep)
{
    if (rep->raw_body) return xstrdup(rep->raw_body);
    if (rep->body) return json_print(rep->body);
    return xstrdup("");
}

/* How the response goes out. */
typedef struct framing {
    bool keep_alive;        /* else "Connection: close" */
    bool http10;            /* an HTTP/1.0 client that asked for keep-alive is told so */
    bool head_only;         /* HEAD: the headers alone */
} framing;

/* Status line, headers and body in one buffer (one write: with
 * TCP_NODELAY nothing waits on a delayed ACK between them). Sends the
 * first send_len bytes of the body, fewer than its length only for a
 * scenario's "truncate"; a Content-Type among the reply's headers (a
 * scenario's) replaces the JSON one. */
static char *response_bytes(const zm_reply *rep, const char *body, size_t send_len,
                            const framing *f, size_t *out_len)
{
    size_t body_len = strlen(body);
    if (send_len > body_len) send_len = body_len;
    if (f->head_only) send_len = 0;
    bool own_type = false, no_content = rep->status == 204;
    size_t extra = 0;
    for (size_t i = 0; i < rep->headers.n; i++) {
        own_type = own_type || strcasecmp(rep->headers.v[i].name, "Content-Type") == 0;
        extra += strlen(rep->headers.v[i].name) + strlen(rep->headers.v[i].value) + 4;
    }
    size_t cap = 320 + extra + send_len;
    char *buf = xmalloc(cap);
    size_t len = (size_t)snprintf(buf, cap, "HTTP/1.1 %d %s\r\n", rep->status, status_text(rep->status));
    if (!no_content) {
        len += (size_t)snprintf(buf + len, cap - len, "%sContent-Length: %zu\r\n",
                                own_type ? "" : "Content-Type: application/json;charset=UTF-8\r\n",
                                body_len);
    }
    len += (size_t)snprintf(buf + len, cap - len, "Cache-Control: no-cache\r\n%s",
                            !f->keep_alive ? "Connection: close\r\n"
                            : f->http10 ? "Connection: keep-alive\r\n" : "");
    for (size_t i = 0; i < rep->headers.n; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s: %s\r\n", rep->headers.v[i].name,
                                rep->headers.v[i].value);
    memcpy(buf + len, "\r\n", 2);
    len += 2;
    if (!no_content) {
        memcpy(buf + len, body, send_len);
        len += send_len;
    }
    *out_len = len;
    return buf;
}

/* What the connection does with the reply, after a scenario's delay and
 * through its fault. Nothing waits on a thread: the loop holds the
 * connection meanwhile. */
static void plan_answer(const zm_reply *rep, char **body, const zm_scenario_call *call,
                        framing *f, loop_answer *ans)
{
    size_t len = strlen(*body);
    ans->action = LOOP_SEND;
    ans->wait_ms = call->delay_ms > 0 ? call->delay_ms : 0;
    ans->close_after = !f->keep_alive;
    switch (call->fault) {
    case FAULT_NONE:
        break;
    case FAULT_MALFORMED: {
        /* Half the JSON and an HTML tail, as a failing proxy sends. */
        static const char tail[] = "<html><body>502 Bad Gateway</body></html>";
        char *bad = xmalloc(len / 2 + sizeof tail);
        memcpy(bad, *body, len / 2);
        memcpy(bad + len / 2, tail, sizeof tail);
        free(*body);
        *body = bad;
        len = strlen(bad);
        break;
    }
    case FAULT_TRUNCATE:
        f->keep_alive = false;
        ans->close_after = true;
        len /= 2;
        break;
    case FAULT_RESET:
        ans->action = LOOP_RESET;
        return;
    case FAULT_EMPTY:
        ans->action = LOOP_CLOSE;
        return;
    case FAULT_HANG:
        ans->action = LOOP_HANG;
        if (!ans->wait_ms) ans->wait_ms = SCENARIO_DEFAULT_HANG_MS;
        return;
    }
    ans->bytes = response_bytes(rep, *body, len, f, &ans->len);
}

/* ------------------------------------------------------- one request */

/* The exchange is over (sent, or the connection closed). */
static void call_done(void *ctx)
{
    scenario_call_end(ctx);
    free(ctx);
}

/* The answer to what the loop read: a whole request, or what was wrong. */
static void refuse(const loop_request *in, zm_reply *rep)
{
    char limit[32];
    switch (in->status) {
    case HTTP_BODY_TOO_LARGE:
        snprintf(limit, sizeof limit, "%u", HTTP_MAX_BODY);
        reply_error(rep, ZE_BODY_TOO_LARGE, limit);
        break;
    case HTTP_HEAD_TOO_LARGE:
        snprintf(limit, sizeof limit, "%u", HTTP_MAX_HEAD);
        reply_error(rep, ZE_HEADERS_TOO_LARGE, limit);
        break;
    case HTTP_TOO_MANY_HEADERS:
        snprintf(limit, sizeof limit, "%d", REQUEST_MAX_HEADERS);
        reply_error(rep, ZE_TOO_MANY_HEADERS, limit);
        break;
    default:
        reply_error(rep, ZE_BAD_HTTP, in->why ? in->why : "malformed");
        break;
    }
}

static void serve(const loop_request *in, loop_answer *ans)
{
    zm_request req;
    zm_reply rep;
    memset(&req, 0, sizeof req);
    memset(&rep, 0, sizeof rep);
    zm_scenario_call *call = xmalloc(sizeof *call);
    scenario_call_begin(call);
    req.started_ms = clock_monotonic_ms();
    bool whole = in->status == HTTP_DONE && in->head;
    bool path_ok = in->head ? take_request(&req, in->head, whole ? in->body : NULL, in->body_len) : true;
    if (!whole) refuse(in, &rep);
    else if (!path_ok) reply_error(&rep, ZE_INVALID_FIELD, "the URL path");
    else if (!access_preflight(&req, &rep)) dispatch_request(&req, &rep);
    if (in->head) access_cors_headers(&req, &rep);
    char *body = reply_text(&rep);
    /* Journal and recording first: a client that has its answer finds it
     * there (and a kill right after the answer loses no recording). */
    if (in->head)
        dispatch_finished(&req, &rep, body, clock_monotonic_ms() - req.started_ms, server_quiet);
    framing f = {whole && in->head->keep_alive, in->head && in->head->minor_version == 0,
                 req.method && strcmp(req.method, "HEAD") == 0};
    plan_answer(&rep, &body, call, &f, ans);
    ans->done = call_done;
    ans->ctx = call;
    free(body);
    reply_free(&rep);
    request_free(&req);
}

/* ---------------------------------------------------------- lifecycle */

int http_start(const zm_http_options *opts, char *err, size_t errlen)
{
    server_quiet = opts->quiet;
    loop_options lo = {
        .bind = opts->bind,
        .port = opts->port,
        .threads = opts->threads,
        .max_connections = opts->max_connections,
        .request_timeout_ms = opts->request_timeout_ms,
        .idle_timeout_ms = opts->idle_timeout_ms,
    };
    return loop_start(&lo, serve, err, errlen);
}

void http_stop(void) { loop_stop(); }

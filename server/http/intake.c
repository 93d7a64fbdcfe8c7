/* intake.c -- an HTTP request's parts, as received, into a zm_request: the path decoded, JSONString from the query and forms */
#include "http/intake.h"

#include <civetweb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/clock.h"

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

/* The path as the handlers see it: percent-decoded here (civetweb is
 * told not to: its decoding would end the path at a %00), dot segments
 * removed. False when it decodes to a NUL byte. */
static bool decoded_path(const char *raw, char **path)
{
    size_t n = strlen(raw);
    char *decoded = xmalloc(n + 1);
    int got = mg_url_decode(raw, (int)n, decoded, (int)n + 1, 0);
    bool ok = got >= 0 && memchr(decoded, '\0', (size_t)got) == NULL;
    if (got < 0) got = 0;
    decoded[got] = '\0';
    *path = decoded[0] == '/' ? without_dot_segments(decoded) : xstrdup("/");
    free(decoded);
    return ok;
}

/* JSONString=... of urlencoded text, decoded into req->form_json (which
 * it replaces); a NUL in it makes the body malformed. */
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

bool intake_request(zm_request *req, const char *method, const char *raw_path, const char *query,
                    const zm_header *headers, int num_headers)
{
    req->started_ms = clock_monotonic_ms();
    req->method = xstrdup(method);
    bool path_ok = decoded_path(raw_path ? raw_path : "/", &req->path);
    req->query = xstrdup(query ? query : "");
    for (int i = 0; i < num_headers && i < REQUEST_MAX_HEADERS; i++) {
        req->headers[i].name = xstrdup(headers[i].name);
        req->headers[i].value = xstrdup(headers[i].value);
        req->num_headers++;
    }
    /* Zoho also takes JSONString on the query string. */
    if (*req->query) take_form_json(req, req->query, strlen(req->query));
    return path_ok;
}

void intake_body(zm_request *req, char *body, size_t len)
{
    req->raw_body = body;
    req->raw_body_len = body ? len : 0;
    const char *ct = request_header(req, "Content-Type");
    if (body && ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
        take_form_json(req, body, len);
}

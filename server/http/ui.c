/* ui.c -- the dashboard's static files at /__admin/ui, served from the binary (ui/ in the checkout) */
#include "http/ui.h"

#include <civetweb.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/embedded.h"
#include "zoho/request.h"

/* Everything the page loads is its own: no inline script, nothing from
 * another origin. The connection closes after each file: civetweb gives
 * an open connection a worker thread, and a browser would keep several
 * idle for minutes (see also dispatch.c). */
#define UI_SECURITY_HEADERS                                                                   \
    "Connection: close\r\n"                                                                   \
    "X-Content-Type-Options: nosniff\r\n"                                                     \
    "Referrer-Policy: no-referrer\r\n"                                                        \
    "Content-Security-Policy: default-src 'self'; img-src 'self' data:; style-src 'self'; "   \
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "        \
    "form-action 'none'\r\n"

static const char *content_type(const char *name)
{
    static const struct { const char *ext, *type; } types[] = {
        {".html", "text/html; charset=utf-8"},  {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".svg", "image/svg+xml"},
        {".png", "image/png"},                 {".json", "application/json"},
        {".ico", "image/x-icon"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0) return types[i].type;
    return "application/octet-stream";
}

/* Each embedded file's entity tag (FNV-1a of its bytes), computed once:
 * a browser revalidates with If-None-Match and gets a 304 until the binary
 * changes. */
static char (*etags)[24];
static pthread_once_t etags_once = PTHREAD_ONCE_INIT;

static void compute_etags(void)
{
    size_t n = 0;
    while (zm_embedded_files[n].name) n++;
    etags = xcalloc(n + 1, sizeof *etags);
    for (size_t i = 0; i < n; i++) {
        uint64_t h = 1469598103934665603ULL;
        for (size_t k = 0; k < zm_embedded_files[i].len; k++)
            h = (h ^ zm_embedded_files[i].data[k]) * 1099511628211ULL;
        snprintf(etags[i], sizeof etags[i], "\"%016" PRIx64 "\"", h);
    }
}

/* A Zoho-style error, as the rest of the server answers one. */
static int send_error(struct mg_connection *conn, zoho_error_id id, const char *arg)
{
    zm_reply rep;
    memset(&rep, 0, sizeof rep);
    reply_error(&rep, id, arg);
    char *body = json_print(rep.body);
    mg_printf(conn,
              "HTTP/1.1 %d %s\r\nContent-Type: application/json;charset=UTF-8\r\n"
              "Content-Length: %zu\r\nCache-Control: no-cache\r\nConnection: close\r\n%s\r\n%s",
              rep.status, mg_get_response_code_text(NULL, rep.status), strlen(body),
              id == ZE_METHOD_NOT_ALLOWED ? "Allow: GET, HEAD\r\n" : "", body);
    int status = rep.status;
    free(body);
    reply_free(&rep);
    return status;
}

int ui_serve(struct mg_connection *conn, void *cbdata)
{
    (void)cbdata;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    bool head = strcmp(ri->request_method, "HEAD") == 0;
    if (!head && strcmp(ri->request_method, "GET") != 0)
        return send_error(conn, ZE_METHOD_NOT_ALLOWED, ri->request_method);
    const char *rest = ri->local_uri ? ri->local_uri + strlen(UI_PREFIX) : "";
    if (*rest == '/') rest++;
    char name[256];
    snprintf(name, sizeof name, "ui/%s", *rest ? rest : "index.html");
    const zm_embedded_file *f = strstr(name, "..") ? NULL : embedded_find(name);
    if (!f) return send_error(conn, ZE_INVALID_URL, NULL);
    pthread_once(&etags_once, compute_etags);
    const char *etag = etags[f - zm_embedded_files];
    const char *if_none = mg_get_header(conn, "If-None-Match");
    if (if_none && strstr(if_none, etag)) {
        mg_printf(conn, "HTTP/1.1 304 Not Modified\r\nETag: %s\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n", etag);
        return 304;
    }
    mg_printf(conn,
              "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
              "Cache-Control: no-cache\r\nETag: %s\r\n" UI_SECURITY_HEADERS "\r\n",
              content_type(f->name), f->len, etag);
    if (!head) mg_write(conn, f->data, f->len);
    return 200;
}

/* proxy.c -- --proxy: every request forwarded to the upstream through libcurl (TLS verified), its answer returned */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contract/contract.h"
#include "contract/record.h"
#include "util/curl_lazy.h"

/* Set before the server starts, cleared after it stopped: read without a lock. */
static char *upstream;

/* A proxied reply that is not the upstream's answer carries this header;
 * the recorder leaves such replies out. */
#define PROXY_FAILURE_HEADER "X-Zoho-Mock-Proxy-Error"

int contract_proxy_start(const char *url, char *err, size_t errlen)
{
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        snprintf(err, errlen, "--proxy needs an http:// or https:// URL, not '%s'", url);
        return -1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    free(upstream);
    upstream = xstrdup(url);
    size_t n = strlen(upstream);
    while (n > 8 && upstream[n - 1] == '/') upstream[--n] = '\0';
    return 0;
}

bool contract_proxy_active(void) { return upstream != NULL; }

void contract_proxy_stop(void)
{
    if (!upstream) return;
    free(upstream);
    upstream = NULL;
    curl_global_cleanup();
}

bool contract_proxy_failed(const zm_reply *rep)
{
    for (size_t i = 0; i < rep->headers.n; i++)
        if (strcasecmp(rep->headers.v[i].name, PROXY_FAILURE_HEADER) == 0) return true;
    return false;
}

/* Headers that belong to one connection, or that the mock writes itself. */
static bool hop_header(const char *name)
{
    static const char *const names[] = {"Host", "Content-Length", "Connection", "Keep-Alive",
                                        "Transfer-Encoding", "Expect", "Accept-Encoding",
                                        "Content-Type", "Cache-Control", "Date", "Server",
                                        "Set-Cookie", "Content-Encoding", "Upgrade"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i]) == 0) return true;
    return false;
}

/* The path as sent again: the mock holds it URL-decoded. */
static char *encode_path(CURL *c, const char *path)
{
    size_t cap = strlen(path) * 3 + 1, len = 0;
    char *out = xmalloc(cap);
    for (const char *p = path; *p; p++) {
        if (*p == '/') {
            out[len++] = '/';
            continue;
        }
        char *e = curl_easy_escape(c, p, 1);
        size_t n = strlen(e);
        memcpy(out + len, e, n);
        len += n;
        curl_free(e);
    }
    out[len] = '\0';
    return out;
}

void contract_proxy_forward(const zm_request *req, zm_reply *rep)
{
    CURL *c = curl_easy_init();
    if (!c) alloc_out_of_memory(0);
    char *path = encode_path(c, req->path), *url = NULL;
    url = xasprintf("%s%s%s%s", upstream, path, *req->query ? "?" : "", req->query);
    free(path);

    /* A multipart form arrives here as its JSONString: it goes on as an
     * urlencoded form, which Zoho reads the same way. */
    const char *ct = request_header(req, "Content-Type");
    bool multipart = ct && strncasecmp(ct, "multipart/form-data", 19) == 0;
    char *body = NULL;
    size_t body_len = req->raw_body_len;
    if (multipart && req->raw_body) {
        char *e = curl_easy_escape(c, req->raw_body, (int)req->raw_body_len);
        body = xasprintf("JSONString=%s", e);
        curl_free(e);
        body_len = strlen(body);
    }
    const char **headers = xcalloc((size_t)req->num_headers + 2, sizeof *headers);
    char **owned = xcalloc((size_t)req->num_headers + 2, sizeof *owned);
    int n = 0;
    for (int i = 0; i < req->num_headers; i++) {
        const zm_header *h = &req->headers[i];
        if (hop_header(h->name) && strcasecmp(h->name, "Content-Type") != 0) continue;
        if (multipart && strcasecmp(h->name, "Content-Type") == 0) continue;
        owned[n] = xasprintf("%s: %s", h->name, h->value);
        headers[n] = owned[n];
        n++;
    }
    if (multipart) headers[n++] = "Content-Type: application/x-www-form-urlencoded";

    contract_http h;
    contract_http_call(c, req->method, url, headers, body ? body : req->raw_body,
                       req->raw_body ? body_len : 0, &h);
    if (h.status == 0) {
        reply_error(rep, ZE_PROXY_UNREACHABLE, upstream, h.error);
        reply_header(rep, PROXY_FAILURE_HEADER, "unreachable");
    } else {
        rep->status = (int)h.status;
        rep->raw_body = xstrdup(h.body);
        for (size_t i = 0; i < h.headers.n; i++)
            if (!hop_header(h.headers.v[i].name))
                reply_header(rep, h.headers.v[i].name, h.headers.v[i].value);
    }
    contract_http_free(&h);
    for (int i = 0; i < n; i++) free(owned[i]);
    free(owned);
    free(headers);
    free(body);
    free(url);
    curl_easy_cleanup(c);
}

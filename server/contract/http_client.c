/* http_client.c -- the libcurl exchange verify and the proxy share: request out, status, headers and body back */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "contract/contract.h"
#include "util/curl_lazy.h"

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    contract_http *h = userdata;
    size_t n = size * nmemb;
    char *grown = xrealloc(h->body, h->body_len + n + 1);
    memcpy(grown + h->body_len, ptr, n);
    h->body_len += n;
    grown[h->body_len] = '\0';
    h->body = grown;
    return n;
}

static void clear_headers(contract_http *h)
{
    for (size_t i = 0; i < h->headers.n; i++) {
        free(h->headers.v[i].name);
        free(h->headers.v[i].value);
    }
    h->headers.n = 0;
}

/* One header line; a status line starts a new header block (after a
 * 100 Continue, only the final response's headers are kept). */
static size_t on_header(char *line, size_t size, size_t nmemb, void *userdata)
{
    contract_http *h = userdata;
    size_t n = size * nmemb;
    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
        clear_headers(h);
        return n;
    }
    const char *colon = memchr(line, ':', n);
    if (!colon) return n;
    size_t name_len = (size_t)(colon - line);
    const char *v = colon + 1, *end = line + n;
    while (v < end && (*v == ' ' || *v == '\t')) v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ')) end--;
    zm_header hd = {xstrndup(line, name_len), xstrndup(v, (size_t)(end - v))};
    VEC_PUSH(h->headers, hd);
    return n;
}

void contract_http_call(void *curl, const char *method, const char *url,
                        const char *const *headers, const char *body, size_t body_len,
                        contract_http *out)
{
    memset(out, 0, sizeof *out);
    out->body = xstrdup("");
    CURL *c = curl;
    curl_easy_reset(c);
    struct curl_slist *list = curl_slist_append(NULL, "Expect:");
    for (size_t i = 0; headers && headers[i]; i++) list = curl_slist_append(list, headers[i]);
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (strcmp(method, "HEAD") == 0) curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    /* A POST or PUT without a body still says Content-Length: 0. */
    if (!body && (!strcmp(method, "POST") || !strcmp(method, "PUT") || !strcmp(method, "PATCH"))) {
        body = "";
        body_len = 0;
    }
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    } else {
        out->status = 0;
        snprintf(out->error, sizeof out->error, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    }
    curl_slist_free_all(list);
}

const char *contract_http_header(const contract_http *h, const char *name)
{
    for (size_t i = 0; i < h->headers.n; i++)
        if (strcasecmp(h->headers.v[i].name, name) == 0) return h->headers.v[i].value;
    return NULL;
}

void contract_http_free(contract_http *h)
{
    clear_headers(h);
    VEC_FREE(h->headers);
    free(h->body);
    h->body = NULL;
    h->body_len = 0;
}

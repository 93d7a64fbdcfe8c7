/* request.c -- reading an API call's headers, query, path parameters and body */
#include "zoho/request.h"

#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"
#include "zoho/fields.h"

const char *request_header(const zm_request *req, const char *name)
{
    for (int i = 0; i < req->num_headers; i++)
        if (strcasecmp(req->headers[i].name, name) == 0) return req->headers[i].value;
    return NULL;
}

const char *request_param(const zm_request *req, const char *name)
{
    for (int i = 0; i < req->num_params; i++)
        if (strcmp(req->param_names[i], name) == 0) return req->param_values[i];
    return NULL;
}

int request_query(const zm_request *req, const char *name, char *buf, size_t size)
{
    if (!req->query || !*req->query) return -1;
    int n = mg_get_var2(req->query, strlen(req->query), name, buf, size, 0);
    if (n == -2) return -2;
    return n < 0 ? -1 : n;
}

bool request_query_bool(const zm_request *req, zm_reply *rep, const char *name,
                        bool absent, bool *out)
{
    char buf[16];
    int n = request_query(req, name, buf, sizeof buf);
    if (n == -1) {
        *out = absent;
        return true;
    }
    if (n >= 0 && strcasecmp(buf, "true") == 0) *out = true;
    else if (n >= 0 && strcasecmp(buf, "false") == 0) *out = false;
    else {
        reply_error(rep, ZE_INVALID_PARAM, name);
        return false;
    }
    return true;
}

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return false;
    return true;
}

/* The JSON text the client sent: JSONString from a form or the query wins
 * (Zoho's legacy convention), else the raw body. */
static void body_text(const zm_request *req, const char **text, size_t *len)
{
    if (req->form_json) {
        *text = req->form_json;
        *len = strlen(req->form_json);
    } else {
        *text = req->raw_body;
        *len = req->raw_body_len;
    }
}

cJSON *request_body(zm_request *req, zm_reply *rep, bool required)
{
    cJSON *body = request_body_json(req, rep, required);
    if (body && !cJSON_IsObject(body)) {
        reply_error(rep, ZE_INVALID_FIELD, "JSONString");
        return NULL;
    }
    return body;
}

cJSON *request_body_json(zm_request *req, zm_reply *rep, bool required)
{
    if (!req->body_parsed) {
        req->body_parsed = true;
        const char *text;
        size_t len;
        body_text(req, &text, &len);
        if (text && len && !is_blank(text, len)) {
            /* ParseWithLengthOpts is thread-safe and needs no NUL. */
            req->body = json_parse(text, len);
            if (!req->body || !(cJSON_IsObject(req->body) || cJSON_IsArray(req->body))) {
                cJSON_Delete(req->body);
                req->body = NULL;
                req->body_malformed = true;
            }
        }
    }
    if (req->body_malformed) {
        reply_error(rep, ZE_INVALID_FIELD, "JSONString");
        return NULL;
    }
    if (!req->body) {
        if (required) {
            reply_error(rep, ZE_PARAM_MANDATORY, "JSONString");
            return NULL;
        }
        req->body = cJSON_CreateObject();
    }
    return req->body;
}

/* A query string's parameters, each decoded: UTF-8 without NUL. On the
 * first bad one, names it in field (its decoded name when that is fine). */
static bool query_ok(const char *query, char *field, size_t fieldlen)
{
    for (const char *p = query; p && *p;) {
        const char *amp = strchr(p, '&'), *end = amp ? amp : p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        size_t klen = (size_t)((eq ? eq : end) - p), vlen = eq ? (size_t)(end - eq - 1) : 0;
        char *key = xmalloc(klen + 1), *value = xmalloc(vlen + 1);
        int kn = mg_url_decode(p, (int)klen, key, (int)klen + 1, 1);
        int vn = eq ? mg_url_decode(eq + 1, (int)vlen, value, (int)vlen + 1, 1) : 0;
        bool key_ok = kn >= 0 && utf8_valid(key, (size_t)kn);
        bool ok = key_ok && vn >= 0 && utf8_valid(value, (size_t)vn);
        if (!ok && key_ok && kn > 0) snprintf(field, fieldlen, "%.*s", (int)utf8_cut(key, (size_t)kn, fieldlen - 1), key);
        else if (!ok) snprintf(field, fieldlen, "the query string");
        free(key);
        free(value);
        if (!ok) return false;
        p = amp ? amp + 1 : end;
    }
    return true;
}

bool request_text_ok(const zm_request *req, char *field, size_t fieldlen)
{
    bool ok = true;
    for (const char *c = req->path; ok && *c; c++)
        ok = (unsigned char)*c >= 0x20 && *c != 0x7F;
    if (!ok || !utf8_valid(req->path, strlen(req->path))) {
        snprintf(field, fieldlen, "the URL path");
        return false;
    }
    if (!query_ok(req->query, field, fieldlen)) return false;
    for (int i = 0; i < req->num_headers; i++) {
        const char *name = req->headers[i].name;
        bool name_ok = utf8_valid(name, strlen(name));
        if (!name_ok || !utf8_valid(req->headers[i].value, strlen(req->headers[i].value))) {
            if (name_ok) snprintf(field, fieldlen, "%.*s", (int)utf8_cut(name, strlen(name), 128), name);
            else snprintf(field, fieldlen, "a header name");
            return false;
        }
    }
    /* Lua source (the scenario API's text/x-lua) is code, not JSON. */
    const char *ct = request_header(req, "Content-Type");
    if (ct && strncasecmp(ct, "text/x-lua", 10) == 0) return true;
    const char *text;
    size_t len;
    body_text(req, &text, &len);
    return json_strings_ok(text, len, field, fieldlen);
}

bool request_check_text(zm_request *req, zm_reply *rep)
{
    char field[160] = "";
    if (request_text_ok(req, field, sizeof field)) return true;
    reply_error(rep, ZE_INVALID_FIELD, field);
    req->body_parsed = req->body_malformed = true;
    return false;
}

void request_free(zm_request *req)
{
    free(req->method);
    free(req->path);
    free(req->query);
    for (int i = 0; i < req->num_headers; i++) {
        free(req->headers[i].name);
        free(req->headers[i].value);
    }
    for (int i = 0; i < req->num_params; i++) {
        free(req->param_names[i]);
        free(req->param_values[i]);
    }
    free(req->raw_body);
    free(req->form_json);
    for (size_t i = 0; i < req->uploads.n; i++) {
        free(req->uploads.v[i].field);
        free(req->uploads.v[i].file_name);
        free(req->uploads.v[i].content_type);
        free(req->uploads.v[i].data);
    }
    VEC_FREE(req->uploads);
    cJSON_Delete(req->body);
    cJSON_Delete(req->scenario_actions);
    memset(req, 0, sizeof *req);
}

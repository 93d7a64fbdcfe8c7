/* request_record.c -- an API call as the state journal keeps it, and back, for replay (--state) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/state_log.h"
#include "util/base64.h"
#include "util/json.h"
#include "util/utf8.h"
#include "zoho/request.h"

/* bytes as "<name>" when UTF-8, else as "<name>_b64". */
static void add_bytes(cJSON *rec, const char *name, const char *b64_name, const void *data, size_t len)
{
    if (utf8_valid(data, len)) {
        char *text = xstrndup(data, len);
        json_add_str(rec, name, text);
        free(text);
        return;
    }
    char *b64 = base64_encode(data, len);
    json_add_str(rec, b64_name, b64);
    free(b64);
}

/* The bytes of "<name>" or "<name>_b64"; false when neither is usable. */
static bool get_bytes(const cJSON *rec, const char *name, const char *b64_name, char **out, size_t *len)
{
    const cJSON *s = json_get(rec, name), *b = json_get(rec, b64_name);
    if (cJSON_IsString(s)) {
        *len = strlen(s->valuestring);
        *out = xstrndup(s->valuestring, *len);
        return true;
    }
    unsigned char *data;
    if (cJSON_IsString(b) && base64_decode(b->valuestring, &data, len)) {
        *out = (char *)data;
        return true;
    }
    return false;
}

cJSON *request_to_record(const zm_request *req)
{
    cJSON *rec = cJSON_CreateObject();
    json_add_str(rec, "method", req->method);
    json_add_str(rec, "path", req->path);
    json_add_str(rec, "query", req->query ? req->query : "");
    cJSON *headers = cJSON_AddArrayToObject(rec, "headers");
    for (int i = 0; i < req->num_headers; i++) {
        const zm_header *h = &req->headers[i];
        if (!strcasecmp(h->name, "Authorization") || !strcasecmp(h->name, "Cookie")) continue;
        if (!utf8_valid(h->name, strlen(h->name)) || !utf8_valid(h->value, strlen(h->value))) continue;
        cJSON *pair = cJSON_CreateArray();
        cJSON_AddItemToArray(pair, cJSON_CreateString(h->name));
        cJSON_AddItemToArray(pair, cJSON_CreateString(h->value));
        cJSON_AddItemToArray(headers, pair);
    }
    if (req->raw_body) add_bytes(rec, "body", "body_b64", req->raw_body, req->raw_body_len);
    if (req->form_json) add_bytes(rec, "form_json", "form_json_b64", req->form_json, strlen(req->form_json));
    if (req->body_parsed && req->body_malformed) json_add_bool(rec, "body_malformed", true);
    if (req->uploads.n) {
        cJSON *uploads = cJSON_AddArrayToObject(rec, "uploads");
        for (size_t i = 0; i < req->uploads.n; i++) {
            const zm_upload *u = &req->uploads.v[i];
            cJSON *x = cJSON_CreateObject();
            json_add_str(x, "field", u->field);
            json_add_str(x, "file_name", u->file_name);
            json_add_str(x, "content_type", u->content_type);
            char *b64 = base64_encode(u->data, u->len);
            json_add_str(x, "data_b64", b64);
            free(b64);
            cJSON_AddItemToArray(uploads, x);
        }
    }
    return rec;
}

static bool str_of(const cJSON *rec, const char *name, char **out)
{
    const cJSON *s = json_get(rec, name);
    if (!cJSON_IsString(s)) return false;
    *out = xstrdup(s->valuestring);
    return true;
}

bool request_from_record(const cJSON *rec, zm_request *req)
{
    memset(req, 0, sizeof *req);
    if (!str_of(rec, "method", &req->method) || !str_of(rec, "path", &req->path) ||
        !str_of(rec, "query", &req->query))
        return false;
    const cJSON *headers = json_get(rec, "headers"), *pair;
    cJSON_ArrayForEach(pair, headers) {
        const cJSON *name = cJSON_GetArrayItem(pair, 0), *value = cJSON_GetArrayItem(pair, 1);
        if (!cJSON_IsString(name) || !cJSON_IsString(value) || req->num_headers == REQUEST_MAX_HEADERS) return false;
        req->headers[req->num_headers++] = (zm_header){xstrdup(name->valuestring), xstrdup(value->valuestring)};
    }
    if ((json_get(rec, "body") || json_get(rec, "body_b64")) &&
        !get_bytes(rec, "body", "body_b64", &req->raw_body, &req->raw_body_len))
        return false;
    size_t len;
    if ((json_get(rec, "form_json") || json_get(rec, "form_json_b64")) &&
        !get_bytes(rec, "form_json", "form_json_b64", &req->form_json, &len))
        return false;
    if (cJSON_IsTrue(json_get(rec, "body_malformed"))) req->body_parsed = req->body_malformed = true;
    const cJSON *uploads = json_get(rec, "uploads"), *u;
    cJSON_ArrayForEach(u, uploads) {
        zm_upload up;
        memset(&up, 0, sizeof up);
        const cJSON *data = json_get(u, "data_b64");
        bool ok = str_of(u, "field", &up.field) && str_of(u, "file_name", &up.file_name) &&
                  str_of(u, "content_type", &up.content_type) && cJSON_IsString(data) &&
                  base64_decode(data->valuestring, &up.data, &up.len);
        VEC_PUSH(req->uploads, up);     /* freed with the request either way */
        if (!ok) return false;
    }
    return true;
}

void request_journal(const zm_request *req, int status)
{
    if (!state_log_active()) return;
    cJSON *rec = cJSON_CreateObject();
    json_add_str(rec, "t", "call");
    if (req->org) json_add_str(rec, "org", req->org->organization_id);
    if (req->user) json_add_str(rec, "user", req->user->user_id);
    json_add_num(rec, "wall", (double)clock_wall());
    if (req->page_size_cap) json_add_num(rec, "cap", req->page_size_cap);
    json_add_num(rec, "status", status);
    cJSON_AddItemToObject(rec, "request", request_to_record(req));
    state_log_append(rec);
}

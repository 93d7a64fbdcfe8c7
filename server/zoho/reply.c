/* reply.c -- building a response: success envelopes, Zoho errors from the table, headers */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"
#include "zoho/request.h"

cJSON *reply_success(zm_reply *rep, int status, const char *message)
{
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "code", 0);
    cJSON_AddStringToObject(body, "message", message);
    reply_json(rep, status, body);
    return body;
}

void reply_error(zm_reply *rep, zoho_error_id id, ...)
{
    const zoho_error *e = zoho_error_get(id);
    char message[1024];
    va_list ap;
    va_start(ap, id);
    vsnprintf(message, sizeof message, e->message_format, ap);
    va_end(ap);
    message[utf8_cut(message, strlen(message), sizeof message - 1)] = '\0';   /* not inside a character */
    cJSON *body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "code", e->code);
    cJSON_AddStringToObject(body, "message", message);
    reply_json(rep, e->http_status, body);
}

void reply_json(zm_reply *rep, int status, cJSON *body)
{
    cJSON_Delete(rep->body);
    free(rep->raw_body);
    rep->raw_body = NULL;
    rep->raw_body_len = 0;
    rep->status = status;
    rep->body = body;
}

void reply_bytes(zm_reply *rep, int status, const char *content_type, const void *data, size_t len)
{
    cJSON_Delete(rep->body);
    rep->body = NULL;
    free(rep->raw_body);
    rep->raw_body = xmalloc(len + 1);
    if (len) memcpy(rep->raw_body, data, len);
    rep->raw_body[len] = '\0';
    rep->raw_body_len = len;
    rep->status = status;
    reply_header(rep, "Content-Type", content_type);
}

void reply_header(zm_reply *rep, const char *name, const char *value)
{
    for (size_t i = 0; i < rep->headers.n; i++) {
        if (strcasecmp(rep->headers.v[i].name, name) == 0) {
            free(rep->headers.v[i].value);
            rep->headers.v[i].value = xstrdup(value);
            return;
        }
    }
    zm_header h = {xstrdup(name), xstrdup(value)};
    VEC_PUSH(rep->headers, h);
}

const char *reply_content_type(const zm_reply *rep)
{
    for (size_t i = 0; i < rep->headers.n; i++)
        if (strcasecmp(rep->headers.v[i].name, "Content-Type") == 0) return rep->headers.v[i].value;
    return "application/json;charset=UTF-8";
}

void reply_free(zm_reply *rep)
{
    cJSON_Delete(rep->body);
    free(rep->raw_body);
    for (size_t i = 0; i < rep->headers.n; i++) {
        free(rep->headers.v[i].name);
        free(rep->headers.v[i].value);
    }
    VEC_FREE(rep->headers);
    memset(rep, 0, sizeof *rep);
}

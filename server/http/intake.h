/* intake.h -- an HTTP request's parts, as received, into a zm_request: the path decoded, JSONString from the query and forms */
#ifndef ZM_HTTP_INTAKE_H
#define ZM_HTTP_INTAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "zoho/request.h"

/* Fills req (zeroed) from the request line and headers: raw_path as it
 * came (percent-encoded; decoded here, dot segments removed), query raw
 * (NULL: none; its JSONString, if any, becomes req->form_json), the
 * headers copied (at most REQUEST_MAX_HEADERS). False when the path
 * decodes to a NUL byte: the caller refuses the request. */
bool intake_request(zm_request *req, const char *method, const char *raw_path, const char *query,
                    const zm_header *headers, int num_headers);

/* Takes body (owned, NUL-terminated after len bytes; NULL: none) as the
 * request's raw body; an urlencoded form's JSONString becomes
 * req->form_json (a NUL in it makes the body malformed). */
void intake_body(zm_request *req, char *body, size_t len);

#endif

/* access.h -- who may call what: the admin token (--admin-token) and the browser origins allowed (--cors) */
#ifndef ZM_HTTP_ACCESS_H
#define ZM_HTTP_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "zoho/request.h"

/* At start: the token every /__admin call must carry as
 * "Authorization: Bearer <token>" (NULL: the admin API is open), and the
 * origins a browser may call from ("https://app.example.com", or "*" for
 * any; none: CORS off). Copies them. */
void access_configure(const char *admin_token, const char *const *cors_origins, size_t n);
void access_clear(void);
/* Whether the admin API wants a bearer token (--admin-token). */
bool access_admin_guarded(void);

/* True for anything but /__admin, and for /__admin with the token; else
 * false after replying 401 (code 57, WWW-Authenticate: Bearer). */
bool access_admin_allowed(const zm_request *req, zm_reply *rep);

/* A CORS preflight (OPTIONS with Origin and Access-Control-Request-Method)
 * is answered here: 204 with the Access-Control-Allow-* headers for an
 * allowed origin, 403 (code 57, naming the --cors to give) otherwise.
 * False when the request is not a preflight. */
bool access_preflight(const zm_request *req, zm_reply *rep);

/* Access-Control-Allow-Origin (the origin itself), Vary and
 * Access-Control-Expose-Headers on an answer to an allowed origin. */
void access_cors_headers(const zm_request *req, zm_reply *rep);

#endif

/* secrets.h -- what must never be shown again: token and client-secret fields, redacted in forms, queries and JSON */
#ifndef ZM_SECRETS_H
#define ZM_SECRETS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#define SECRET_REDACTED "[redacted]"

/* access_token, refresh_token, client_secret, id_token, password (any case). */
bool secret_key(const char *name);

/* A copy of an urlencoded form or query string ("a=1&client_secret=x")
 * with the values of secret keys replaced by [redacted]. free() it. */
char *secrets_redact_form(const char *text);

/* Replaces, in place, every string value under a secret key anywhere in
 * the tree, and every string equal to secret (the caller's token; NULL
 * for none), by [redacted]. */
void secrets_redact_json(cJSON *node, const char *secret);

/* A copy of text where every occurrence of secret (when non-empty) is
 * [redacted]. free() it. */
char *secrets_redact_text(const char *text, const char *secret);

/* False when text cannot hold a secret: no secret key name and no secret
 * in it (a cheap test before parsing it). */
bool secrets_maybe_in(const char *text, const char *secret);

#endif

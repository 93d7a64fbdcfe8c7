/* secrets.c -- what must never be shown again: token and client-secret fields, redacted in forms, queries and JSON */
#include "zoho/secrets.h"

#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/alloc.h"
#include "util/text.h"

/* Fields whose values are secrets wherever they appear: OAuth's requests
 * and answers, and anything called a password. */
static const char *const secret_keys[] = {"access_token", "refresh_token", "client_secret",
                                          "id_token", "password"};

bool secret_key(const char *name)
{
    for (size_t i = 0; name && i < sizeof secret_keys / sizeof secret_keys[0]; i++)
        if (strcasecmp(name, secret_keys[i]) == 0) return true;
    return false;
}

char *secrets_redact_form(const char *text)
{
    zm_text out = {0};
    for (const char *p = text; *p;) {
        const char *amp = strchr(p, '&'), *end = amp ? amp : p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        size_t key_len = (size_t)((eq ? eq : end) - p);
        char *key = xmalloc(key_len + 1);
        int got = mg_url_decode(p, (int)key_len, key, (int)key_len + 1, 1);
        key[got < 0 ? 0 : got] = '\0';
        bool hide = eq && secret_key(key);
        free(key);
        if (hide) text_addf(&out, "%.*s=%s", (int)key_len, p, SECRET_REDACTED);
        else text_add(&out, p, (size_t)(end - p));
        if (amp) text_add(&out, "&", 1);
        p = amp ? amp + 1 : end;
    }
    return text_take(&out);
}

void secrets_redact_json(cJSON *node, const char *secret)
{
    for (cJSON *c = node ? node->child : NULL; c; c = c->next) {
        bool hide = cJSON_IsString(c) && ((cJSON_IsObject(node) && secret_key(c->string)) ||
                                          (secret && *secret && strcmp(c->valuestring, secret) == 0));
        if (hide) cJSON_SetValuestring(c, SECRET_REDACTED);
        else secrets_redact_json(c, secret);
    }
}

char *secrets_redact_text(const char *text, const char *secret)
{
    size_t slen = secret ? strlen(secret) : 0;
    if (!slen || !strstr(text, secret)) return xstrdup(text);
    size_t cap = strlen(text) + (strlen(text) / slen + 1) * sizeof SECRET_REDACTED + 1;
    char *out = xmalloc(cap), *o = out;
    for (const char *p = text, *hit; *p; ) {
        hit = strstr(p, secret);
        size_t n = hit ? (size_t)(hit - p) : strlen(p);
        memcpy(o, p, n);
        o += n;
        if (!hit) break;
        memcpy(o, SECRET_REDACTED, strlen(SECRET_REDACTED));
        o += strlen(SECRET_REDACTED);
        p = hit + slen;
    }
    *o = '\0';
    return out;
}

/* Whether text[0..len) holds `word` (lower case), case aside: memchr finds
 * the word's rarer letter word[anchor] in either case, and the rest is
 * compared around it (most of a JSON body is skipped at memchr's speed). */
static bool has_word(const char *text, size_t len, const char *word, size_t anchor)
{
    size_t wlen = strlen(word);
    const char letters[2] = {word[anchor], (char)(word[anchor] - 'a' + 'A')};
    for (int k = 0; k < 2; k++) {
        const char *end = text + len;
        for (const char *p = text; (p = memchr(p, letters[k], (size_t)(end - p))) != NULL; p++)
            if ((size_t)(p - text) >= anchor && (size_t)(end - p) >= wlen - anchor &&
                !strncasecmp(p - anchor, word, wlen))
                return true;
    }
    return false;
}

bool secrets_maybe_in(const char *text, const char *secret)
{
    if (!text) return false;
    if (secret && *secret && strstr(text, secret)) return true;
    /* Every secret key ends in one of these words. */
    size_t len = strlen(text);
    return has_word(text, len, "token", 2) || has_word(text, len, "secret", 2) || has_word(text, len, "password", 4);
}

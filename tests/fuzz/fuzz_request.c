/* fuzz_request.c -- fuzz target: any request (route, parameters, query, headers, JSON or JSONString body) through dispatch to an answer */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "http/router.h"
#include "model/fixtures.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include "util/alloc.h"

/* The input: three bytes, then the parts.
 *   [0] the route (of the route table, so every handler is reached)
 *   [1] bits 0-2 the token, 3-4 the organization, 5-6 the body's form,
 *       7 another method than the route's
 *   [2] which known id each path parameter takes (0xff: the first part)
 *   parts, separated by NUL bytes: a path parameter, the query, header
 *   lines ("Name: value", '\n' between), and the body (the rest) */
static const char *const tokens[] = {NULL, "1000.full.john", "1000.readonly.john", "1000.adjustments.john",
                                     "1000.full.jane", "1000.full.arjun", "1000.nobody", "Bearer x"};
static const char *const ids[] = {
    "4815000000033001", "4815000000033002", "4815000000033024", "4815000000038080", "4815000000050010",
    "4815000000100000", "4815000000100001", "4815000000100002", "4815000000100003", "4816000000033003",
    "4816000000100000", "4815000000012345", "inline-1", "0", "99999999999999999999", "%2e%2e",
};

static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = xrealloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

/* The route's pattern with each {parameter} filled. */
static char *fill_path(const char *pattern, unsigned choice, const char *param)
{
    char *out = NULL;
    size_t len = 0, cap = 0;
    append(&out, &len, &cap, "", 0);
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            const char *value = choice == 0xff ? param : ids[choice++ % (sizeof ids / sizeof ids[0])];
            append(&out, &len, &cap, value, strlen(value));
            const char *close = strchr(p, '}');
            p = close ? close + 1 : p + strlen(p);
        } else {
            append(&out, &len, &cap, p, 1);
            p++;
        }
    }
    return out;
}

/* Percent-encodes every byte but letters and digits (a form value). */
static char *form_encoded(const char *s, size_t n)
{
    char *out = xmalloc(n * 3 + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) *o++ = (char)c;
        else o += sprintf(o, "%%%02X", c);
    }
    *o = '\0';
    return out;
}

void fuzz_request_init(void) { fuzz_server_state(); }

int fuzz_request_one(const uint8_t *data, size_t size)
{
    if (size < 3) return 0;
    const zm_route *route = &g_routes[data[0] % g_routes_count];
    unsigned flags = data[1], choice = data[2];
    /* Parts: a path parameter, the query and header lines end at a NUL;
     * the body is the rest (NULs included). */
    const char *part[4];
    size_t part_len[4];
    char *rest = xmalloc(size - 3 + 1);
    memcpy(rest, data + 3, size - 3);
    rest[size - 3] = '\0';
    const char *p = rest, *end = rest + (size - 3);
    for (int k = 0; k < 3; k++) {
        const char *nul = memchr(p, '\0', (size_t)(end - p));
        part[k] = p;
        part_len[k] = nul ? (size_t)(nul - p) : (size_t)(end - p);
        p = nul ? nul + 1 : end;
    }
    part[3] = p;
    part_len[3] = (size_t)(end - p);

    char *path = fill_path(route->pattern, choice, part[0]);
    char *query = NULL, *headers = NULL, *encoded = NULL;
    size_t qlen = 0, qcap = 0, hlen = 0, hcap = 0;
    static const char *const orgs[] = {"", "organization_id=10234695&", "organization_id=10234700&", ""};
    append(&query, &qlen, &qcap, orgs[(flags >> 3) & 3], strlen(orgs[(flags >> 3) & 3]));
    append(&query, &qlen, &qcap, part[1], part_len[1]);
    append(&headers, &hlen, &hcap, "", 0);
    const char *token = tokens[flags & 7];
    char line[256];
    if (token) {
        snprintf(line, sizeof line, "Authorization: %s%s\n", strncmp(token, "Bearer", 6) ? "Zoho-oauthtoken " : "", token);
        append(&headers, &hlen, &hcap, line, strlen(line));
    }
    if (((flags >> 3) & 3) == 3) {
        static const char org_header[] = "X-com-zoho-inventory-organizationid: 10234695\n";
        append(&headers, &hlen, &hcap, org_header, sizeof org_header - 1);
    }
    const char *body = part[3];
    size_t body_len = part_len[3];
    switch ((flags >> 5) & 3) {
    case 0:     /* JSON */
        append(&headers, &hlen, &hcap, "Content-Type: application/json\n", 31);
        break;
    case 1:     /* an urlencoded form's JSONString */
        append(&headers, &hlen, &hcap, "Content-Type: application/x-www-form-urlencoded\n", 48);
        encoded = form_encoded(body, body_len);
        body = NULL;
        break;
    case 2:     /* JSONString on the query */
        encoded = form_encoded(body, body_len);
        append(&query, &qlen, &qcap, "&JSONString=", 12);
        append(&query, &qlen, &qcap, encoded, strlen(encoded));
        free(encoded);
        encoded = NULL;
        body = NULL;
        break;
    default:    /* no Content-Type */
        break;
    }
    if (encoded) {
        static const char field[] = "JSONString=";
        char *form = xasprintf("%s%s", field, encoded);
        free(encoded);
        encoded = form;
        body = form;
        body_len = strlen(form);
    }
    append(&headers, &hlen, &hcap, part[2], part_len[2]);

    fuzz_serve(flags & 0x80 ? "PATCH" : route->method, path, query, headers, body, body ? body_len : 0);

    /* Every input starts from the same state. */
    scenario_deactivate(NULL, NULL);
    model_lock();
    fixtures_reset(NULL);
    model_unlock();
    free(encoded);
    free(path);
    free(query);
    free(headers);
    free(rest);
    return 0;
}

FUZZ_TARGET(request)

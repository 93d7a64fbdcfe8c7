/* router.c -- matching a request's method and path against the route table */
#include "http/router.h"

#include <string.h>

/* Compares one pattern with the path segment by segment; "{name}"
 * segments capture. Returns true on a match and fills the params. */
static bool pattern_matches(const char *pattern, const char *path, zm_request *req)
{
    const char *names[REQUEST_MAX_PARAMS];
    const char *values[REQUEST_MAX_PARAMS];
    size_t lens[REQUEST_MAX_PARAMS];
    int count = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p != '/' || *s != '/') return false;
        p++, s++;
        const char *pe = strchr(p, '/'), *se = strchr(s, '/');
        size_t pl = pe ? (size_t)(pe - p) : strlen(p);
        size_t sl = se ? (size_t)(se - s) : strlen(s);
        if (pl >= 2 && p[0] == '{') {
            if (sl == 0 || count == REQUEST_MAX_PARAMS) return false;
            names[count] = p + 1;
            values[count] = s;
            lens[count] = sl;
            count++;
        } else if (pl != sl || strncmp(p, s, pl) != 0) {
            return false;
        }
        p += pl, s += sl;
    }
    /* A trailing slash on the request is tolerated. */
    if (*s == '/' && s[1] == '\0') s++;
    if (*p || *s) return false;
    if (req) {
        for (int i = 0; i < count; i++) {
            const char *end = strchr(names[i], '}');
            req->param_names[i] = xstrndup(names[i], (size_t)(end - names[i]));
            req->param_values[i] = xstrndup(values[i], lens[i]);
        }
        req->num_params = count;
    }
    return true;
}

zm_route_match router_match(zm_request *req)
{
    bool path_known = false;
    for (size_t i = 0; i < g_routes_count; i++) {
        const zm_route *r = &g_routes[i];
        if (!pattern_matches(r->pattern, req->path, NULL)) continue;
        path_known = true;
        if (strcmp(r->method, req->method) != 0) continue;
        pattern_matches(r->pattern, req->path, req);
        req->route = r;
        return ROUTE_FOUND;
    }
    return path_known ? ROUTE_WRONG_METHOD : ROUTE_NOT_FOUND;
}

/* router.c -- the route table and the router: method and path to handler, scope and stable route name */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "inventory/engine.h"
#include "util/alloc.h"
#include "util/vec.h"
#include "zoho/spec.h"

/* How it works. Every route's pattern is cut into segments and stored in a
 * tree: a node per segment, literal children before the one parameter
 * child, and at each node the routes that end there (one per method).
 * Matching walks the request's segments depth-first, literals first, and
 * backs up when a branch dead-ends, so "/items/batches" finds the batches
 * routes and "/items/4815/image" the item's. */

typedef struct node node;
struct node {
    char *segment;                  /* literal text; NULL for a {param} node */
    VEC(node *) literals;
    node *param;
    VEC(const zm_route *) routes;   /* routes whose pattern ends here */
};

static node root;
static VEC(zm_route *) all;         /* every route, owned (hand-written ones copied) */
static bool built;

static node *child(node *n, const char *seg, size_t len, bool is_param)
{
    if (is_param) {
        if (!n->param) n->param = xcalloc(1, sizeof *n->param);
        return n->param;
    }
    for (size_t i = 0; i < n->literals.n; i++) {
        node *c = n->literals.v[i];
        if (strlen(c->segment) == len && strncmp(c->segment, seg, len) == 0) return c;
    }
    node *c = xcalloc(1, sizeof *c);
    c->segment = xstrndup(seg, len);
    VEC_PUSH(n->literals, c);
    return c;
}

/* Adds r unless a route of the same method and pattern exists (the
 * hand-written one, added first, wins). */
static void insert(zm_route *r)
{
    node *n = &root;
    const char *p = r->pattern;
    while (*p == '/') {
        p++;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        n = child(n, p, len, len >= 2 && p[0] == '{');
        p += len;
    }
    for (size_t i = 0; i < n->routes.n; i++) {
        if (strcmp(n->routes.v[i]->method, r->method) == 0) {
            if (r->op) free((char *)r->pattern);    /* made by router_build */
            free(r);
            return;
        }
    }
    VEC_PUSH(n->routes, r);
    VEC_PUSH(all, r);
}

int router_build(char *err, size_t errlen)
{
    if (built) return 0;
    for (size_t i = 0; i < g_routes_count; i++) {
        zm_route *r = xmalloc(sizeof *r);
        *r = g_routes[i];
        insert(r);
    }
    for (size_t i = 0; i < spec_count(); i++) {
        const zm_op *op = spec_op(i);
        zm_route *r = xcalloc(1, sizeof *r);
        r->method = op->method;
        r->pattern = xasprintf("/inventory/v1%s", op->path);
        r->name = engine_route_name(op);
        r->scope = op->scope;
        r->handler = engine_handle;
        r->kind = strcmp(op->collection, "organizations") == 0 && op->kind == OP_LIST ? ROUTE_NO_ORG : ROUTE_ZOHO;
        r->op = op;
        insert(r);
    }
    for (size_t i = 0; i < all.n; i++) {
        for (size_t k = i + 1; k < all.n; k++) {
            if (strcmp(all.v[i]->name, all.v[k]->name) == 0) {
                snprintf(err, errlen, "two routes are named %s (%s %s and %s %s)", all.v[i]->name,
                         all.v[i]->method, all.v[i]->pattern, all.v[k]->method, all.v[k]->pattern);
                return -1;
            }
        }
    }
    built = true;
    return 0;
}

size_t router_count(void) { return all.n; }

const zm_route *router_route(size_t index) { return index < all.n ? all.v[index] : NULL; }

static const char *scope_prefix(const zm_route *r)
{
    return r->scope && strncmp(r->scope, "ZohoInventory.", 14) != 0 ? "ZohoInventory." : "";
}

void router_print(FILE *out, bool markdown)
{
    int wm = 0, wp = 0, wn = 0;
    for (size_t i = 0; i < all.n; i++) {
        const zm_route *r = all.v[i];
        int m = (int)strlen(r->method), p = (int)strlen(r->pattern), n = (int)strlen(r->name);
        wm = m > wm ? m : wm;
        wp = p > wp ? p : wp;
        wn = n > wn ? n : wn;
    }
    for (size_t i = 0; i < all.n; i++) {
        const zm_route *r = all.v[i];
        if (markdown) {
            if (r->kind == ROUTE_PUBLIC) continue;
            fprintf(out, "| `%s` | %s | `%s` | %s%s |\n", r->name, r->method, r->pattern, scope_prefix(r),
                    r->scope ? r->scope : "");
        } else {
            fprintf(out, "%-*s  %-*s  %-*s  %s%s\n", wm, r->method, wp, r->pattern, wn, r->name, scope_prefix(r),
                    r->scope ? r->scope : "-");
        }
    }
}

/* ---------------------------------------------------------- matching */

typedef struct walk {
    const char *segs[32];
    size_t lens[32];
    size_t nsegs;
    const char *method;
    const char *values[REQUEST_MAX_PARAMS];
    size_t value_lens[REQUEST_MAX_PARAMS];
    int nvalues;
    bool path_known;                /* some route ends where the path does */
    const zm_route *found;
    const char *found_values[REQUEST_MAX_PARAMS];
    size_t found_lens[REQUEST_MAX_PARAMS];
    int found_nvalues;
} walk;

static bool descend(walk *w, const node *n, size_t depth)
{
    if (depth == w->nsegs) {
        if (!n->routes.n) return false;
        w->path_known = true;
        for (size_t i = 0; i < n->routes.n; i++) {
            if (strcmp(n->routes.v[i]->method, w->method) != 0) continue;
            w->found = n->routes.v[i];
            memcpy(w->found_values, w->values, sizeof w->values);
            memcpy(w->found_lens, w->value_lens, sizeof w->value_lens);
            w->found_nvalues = w->nvalues;
            return true;
        }
        return false;
    }
    const char *seg = w->segs[depth];
    size_t len = w->lens[depth];
    for (size_t i = 0; i < n->literals.n; i++) {
        const node *c = n->literals.v[i];
        if (strlen(c->segment) == len && strncmp(c->segment, seg, len) == 0 && descend(w, c, depth + 1))
            return true;
    }
    if (n->param && len > 0 && w->nvalues < REQUEST_MAX_PARAMS) {
        w->values[w->nvalues] = seg;
        w->value_lens[w->nvalues] = len;
        w->nvalues++;
        bool ok = descend(w, n->param, depth + 1);
        w->nvalues--;
        if (ok) return true;
    }
    return false;
}

/* The parameter names of a pattern, in order. */
static int param_names(const char *pattern, const char *names[], size_t lens[])
{
    int n = 0;
    for (const char *p = strchr(pattern, '{'); p && n < REQUEST_MAX_PARAMS; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        if (!end) break;
        names[n] = p + 1;
        lens[n] = (size_t)(end - p - 1);
        n++;
    }
    return n;
}

zm_route_match router_match(zm_request *req)
{
    walk w;
    memset(&w, 0, sizeof w);
    w.method = req->method;
    const char *p = req->path;
    while (*p == '/') {
        p++;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0 && !end) break;        /* a trailing slash is tolerated */
        if (w.nsegs == sizeof w.segs / sizeof w.segs[0]) return ROUTE_NOT_FOUND;
        w.segs[w.nsegs] = p;
        w.lens[w.nsegs] = len;
        w.nsegs++;
        p += len;
    }
    if (*p) return ROUTE_NOT_FOUND;         /* a path that does not start with '/' */
    if (!descend(&w, &root, 0)) return w.path_known ? ROUTE_WRONG_METHOD : ROUTE_NOT_FOUND;
    const char *names[REQUEST_MAX_PARAMS];
    size_t name_lens[REQUEST_MAX_PARAMS];
    int n = param_names(w.found->pattern, names, name_lens);
    for (int i = 0; i < n && i < w.found_nvalues; i++) {
        req->param_names[i] = xstrndup(names[i], name_lens[i]);
        req->param_values[i] = xstrndup(w.found_values[i], w.found_lens[i]);
    }
    req->num_params = n < w.found_nvalues ? n : w.found_nvalues;
    req->route = w.found;
    return ROUTE_FOUND;
}

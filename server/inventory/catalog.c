/* catalog.c -- read-only organizations and users, shaped like Zoho's public API */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/handlers.h"
#include "zoho/fields.h"
#include "zoho/listing.h"

/* Zoho's organization objects carry a currency; the fixtures have none. */
#define CATALOG_CURRENCY "INR"

/* Items and users are all active: "Status.Inactive" is accepted (Zoho
 * offers it) and lists nothing. */
static const char *const status_filters[] = {"Status.All", "Status.Active", "Status.Inactive", NULL};

/* ------------------------------------------------------- organizations */

/* "+0530" / "-0800" from minutes east of UTC. */
static void format_utc_offset(int minutes, char out[8])
{
    char sign = minutes < 0 ? '-' : '+';
    int m = minutes < 0 ? -minutes : minutes;
    snprintf(out, 8, "%c%02d%02d", sign, (m / 60) % 100, m % 60);
}

void catalog_organizations(zm_request *req, zm_reply *rep)
{
    cJSON *body = reply_success(rep, 200, "success");
    cJSON *arr = cJSON_AddArrayToObject(body, "organizations");
    bool first = true;
    for (size_t i = 0; i < g_model.orgs.n; i++) {
        const zm_org *o = g_model.orgs.v[i];
        if (!model_user_in_org(o, req->user->user_id)) continue;
        char tz[8];
        format_utc_offset(o->clock.utc_offset_minutes, tz);
        cJSON *e = cJSON_CreateObject();
        json_add_str(e, "organization_id", o->organization_id);
        json_add_str(e, "name", o->name);
        json_add_str(e, "contact_name", req->user->name);
        json_add_str(e, "email", req->user->email);
        json_add_bool(e, "is_default_org", first);
        json_add_str(e, "time_zone", tz);
        json_add_str(e, "currency_code", CATALOG_CURRENCY);
        cJSON_AddItemToArray(arr, e);
        first = false;
    }
}

/* --------------------------------------------------------------- users */

typedef struct user_sort {
    bool by_email;
    bool descending;
    zm_user *const *users;
} user_sort;

static int compare_users(const void *a, const void *b, void *ctx)
{
    const user_sort *s = ctx;
    size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
    const zm_user *x = s->users[ia], *y = s->users[ib];
    int c = s->by_email ? strcasecmp(x->email ? x->email : "", y->email ? y->email : "")
                        : strcasecmp(x->name ? x->name : "", y->name ? y->name : "");
    if (s->descending) c = -c;
    if (c) return c;
    return (ia > ib) - (ia < ib);
}

/* The organization's members; search_text matches name or email. */
void catalog_users(zm_request *req, zm_reply *rep)
{
    static const char *const columns[] = {"name", "email", NULL};
    static const zm_list_spec spec = {columns, "name", status_filters, "Status.All"};
    zm_list_params p;
    if (!list_parse(req, rep, &spec, &p)) return;

    const zm_org *org = req->org;
    size_t *rows = xmalloc((org->users.n ? org->users.n : 1) * sizeof *rows);
    size_t n = 0;
    bool none = strcmp(p.filter_by, "Status.Inactive") == 0;
    for (size_t i = 0; i < org->users.n && !none; i++) {
        const zm_user *u = org->users.v[i];
        if (list_text_matches(u->name, p.search_text) || list_text_matches(u->email, p.search_text))
            rows[n++] = i;
    }
    user_sort s = {strcmp(p.sort_column, "email") == 0, p.descending, org->users.v};
    qsort_r(rows, n, sizeof *rows, compare_users, &s);

    size_t first, last;
    bool more;
    list_window(&p, n, &first, &last, &more);
    cJSON *body = reply_success(rep, 200, "success");
    cJSON *arr = cJSON_AddArrayToObject(body, "users");
    for (size_t k = first; k < last; k++) {
        const zm_user *u = org->users.v[rows[k]];
        cJSON *e = cJSON_CreateObject();
        json_add_str(e, "user_id", u->user_id);
        json_add_str(e, "name", u->name);
        json_add_str(e, "email", u->email);
        json_add_str(e, "status", "active");
        json_add_str(e, "user_role", "admin");
        cJSON_AddItemToArray(arr, e);
    }
    list_add_page_context(body, &p, more);
    free(rows);
}

/* catalog.c -- read-only organizations, items, locations and users, shaped like Zoho's public API */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/handlers.h"
#include "model/ledger.h"
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

/* --------------------------------------------------------------- items */

static bool item_has_bins(const zm_item *item)
{
    for (size_t i = 0; i < item->stock.n; i++)
        if (item->stock.v[i].storage_id[0]) return true;
    return false;
}

/* The fields a list row and the detail share. */
static cJSON *item_summary(const zm_item *item)
{
    cJSON *e = cJSON_CreateObject();
    json_add_str(e, "item_id", item->item_id);
    json_add_str(e, "name", item->name);
    json_add_str(e, "sku", item->sku);
    json_add_str(e, "unit", item->unit);
    json_add_num(e, "rate", item->rate);
    json_add_str(e, "status", "active");
    json_add_bool(e, "track_serial_number", item->track_serial_number);
    json_add_bool(e, "track_batch_number", item->track_batch_number);
    json_add_bool(e, "is_storage_location_enabled", item_has_bins(item));
    /* Zoho's three figures (model/ledger.h): accounting stock, physical
     * stock, and physical stock less what confirmed orders commit. */
    double physical = item_physical_at(item, NULL);
    json_add_num(e, "stock_on_hand", item_accounting_at(item, NULL));
    json_add_num(e, "available_stock", physical);
    json_add_num(e, "actual_available_stock", physical - item_committed_at(item, NULL));
    return e;
}

typedef struct item_sort {
    const char *column;
    bool descending;
    const zm_item *items;
} item_sort;

/* Orders indices into the item array: the column (names and SKUs without
 * regard to case), the direction, then fixture order for ties. */
static int compare_items(const void *a, const void *b, void *ctx)
{
    const item_sort *s = ctx;
    size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
    const zm_item *x = &s->items[ia], *y = &s->items[ib];
    int c;
    if (strcmp(s->column, "rate") == 0) c = (x->rate > y->rate) - (x->rate < y->rate);
    else if (strcmp(s->column, "sku") == 0) c = strcasecmp(x->sku ? x->sku : "", y->sku ? y->sku : "");
    else c = strcasecmp(x->name ? x->name : "", y->name ? y->name : "");
    if (s->descending) c = -c;
    if (c) return c;
    return (ia > ib) - (ia < ib);
}

/* Sort order defaults to D, as on every list of this mock (listing.h). */
void catalog_items_list(zm_request *req, zm_reply *rep)
{
    static const char *const columns[] = {"name", "sku", "rate", NULL};
    static const zm_list_spec spec = {columns, "name", status_filters, "Status.All"};
    zm_list_params p;
    if (!list_parse(req, rep, &spec, &p)) return;

    const zm_org *org = req->org;
    size_t *rows = xmalloc((org->items.n ? org->items.n : 1) * sizeof *rows);
    size_t n = 0;
    bool none = strcmp(p.filter_by, "Status.Inactive") == 0;
    for (size_t i = 0; i < org->items.n && !none; i++) {
        const zm_item *it = &org->items.v[i];
        if (list_text_matches(it->name, p.search_text) || list_text_matches(it->sku, p.search_text))
            rows[n++] = i;
    }
    item_sort s = {p.sort_column, p.descending, org->items.v};
    qsort_r(rows, n, sizeof *rows, compare_items, &s);

    size_t first, last;
    bool more;
    list_window(&p, n, &first, &last, &more);
    cJSON *body = reply_success(rep, 200, "success");
    cJSON *arr = cJSON_AddArrayToObject(body, "items");
    for (size_t k = first; k < last; k++) cJSON_AddItemToArray(arr, item_summary(&org->items.v[rows[k]]));
    list_add_page_context(body, &p, more);
    free(rows);
}

/* Per-location stock, once with location_* names and once with the legacy
 * warehouse_* names. */
static void add_location_stock(cJSON *item_json, zm_org *org, const zm_item *item)
{
    cJSON *locs = cJSON_AddArrayToObject(item_json, "locations");
    cJSON *whs = cJSON_AddArrayToObject(item_json, "warehouses");
    for (size_t i = 0; i < org->locations.n; i++) {
        const zm_location *l = &org->locations.v[i];
        double accounting = item_accounting_at(item, l->location_id);
        double physical = item_physical_at(item, l->location_id);
        double actual = physical - item_committed_at(item, l->location_id);

        cJSON *e = cJSON_CreateObject();
        json_add_str(e, "location_id", l->location_id);
        json_add_str(e, "location_name", l->location_name);
        json_add_str(e, "status", "active");
        json_add_bool(e, "is_primary", i == 0);
        json_add_num(e, "location_stock_on_hand", accounting);
        json_add_num(e, "location_available_stock", physical);
        json_add_num(e, "location_actual_available_stock", actual);
        cJSON_AddItemToArray(locs, e);

        cJSON *w = cJSON_CreateObject();
        json_add_str(w, "warehouse_id", l->location_id);
        json_add_str(w, "warehouse_name", l->location_name);
        json_add_str(w, "status", "active");
        json_add_bool(w, "is_primary", i == 0);
        json_add_num(w, "warehouse_stock_on_hand", accounting);
        json_add_num(w, "warehouse_available_stock", physical);
        json_add_num(w, "warehouse_actual_available_stock", actual);
        cJSON_AddItemToArray(whs, w);
    }
}

/* Bins, serial numbers and batches, in stock-row order. */
static void add_bin_detail(cJSON *item_json, zm_org *org, const zm_item *item)
{
    cJSON *storages = cJSON_AddArrayToObject(item_json, "storages");
    cJSON *serials = item->track_serial_number ? cJSON_AddArrayToObject(item_json, "serial_numbers") : NULL;
    cJSON *batches = item->track_batch_number ? cJSON_AddArrayToObject(item_json, "batches") : NULL;
    for (size_t i = 0; i < item->stock.n; i++) {
        const zm_stock_row *r = &item->stock.v[i];
        if (r->storage_id[0]) {
            zm_location *l = org_find_location(org, r->location_id);
            zm_storage *st = l ? location_find_storage(l, r->storage_id) : NULL;
            cJSON *e = cJSON_CreateObject();
            json_add_str(e, "storage_id", r->storage_id);
            json_add_str(e, "storage_name", st ? st->storage_name : "");
            json_add_str(e, "location_id", r->location_id);
            json_add_num(e, "quantity", r->quantity);
            cJSON_AddItemToArray(storages, e);
        }
        for (size_t k = 0; serials && k < r->serial_numbers.n; k++) {
            cJSON *e = cJSON_CreateObject();
            json_add_str(e, "serial_number", r->serial_numbers.v[k]);
            json_add_str(e, "location_id", r->location_id);
            json_add_str(e, "storage_id", r->storage_id);
            cJSON_AddItemToArray(serials, e);
        }
        for (size_t k = 0; batches && k < r->batches.n; k++) {
            cJSON *e = cJSON_CreateObject();
            json_add_str(e, "batch_number", r->batches.v[k].batch_number);
            json_add_str(e, "location_id", r->location_id);
            json_add_str(e, "storage_id", r->storage_id);
            json_add_num(e, "quantity", r->batches.v[k].quantity);
            cJSON_AddItemToArray(batches, e);
        }
    }
}

void catalog_items_get(zm_request *req, zm_reply *rep)
{
    const char *id = request_param(req, "item_id");
    zm_item *item = id ? org_find_item(req->org, id) : NULL;
    if (!item) {
        reply_error(rep, ZE_NOT_FOUND, "Item");
        return;
    }
    cJSON *body = reply_success(rep, 200, "success");
    cJSON *e = item_summary(item);
    add_location_stock(e, req->org, item);
    add_bin_detail(e, req->org, item);
    cJSON_AddItemToObject(body, "item", e);
}

/* ----------------------------------------------------------- locations */

void catalog_locations(zm_request *req, zm_reply *rep)
{
    cJSON *body = reply_success(rep, 200, "success");
    cJSON *arr = cJSON_AddArrayToObject(body, "locations");
    const zm_org *org = req->org;
    for (size_t i = 0; i < org->locations.n; i++) {
        const zm_location *l = &org->locations.v[i];
        cJSON *e = cJSON_CreateObject();
        json_add_str(e, "location_id", l->location_id);
        json_add_str(e, "location_name", l->location_name);
        json_add_str(e, "type", "general");
        json_add_bool(e, "is_primary", i == 0);
        json_add_str(e, "status", "active");
        json_add_bool(e, "is_storage_location_enabled", l->storages.n > 0);
        cJSON *st = cJSON_AddArrayToObject(e, "storages");
        for (size_t k = 0; k < l->storages.n; k++) {
            cJSON *s = cJSON_CreateObject();
            json_add_str(s, "storage_id", l->storages.v[k].storage_id);
            json_add_str(s, "storage_name", l->storages.v[k].storage_name);
            cJSON_AddItemToArray(st, s);
        }
        cJSON_AddItemToArray(arr, e);
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

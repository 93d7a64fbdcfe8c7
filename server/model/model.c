/* model.c -- the in-memory model: look-ups, stock arithmetic, ids, and freeing */
#include "model/model.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/docs.h"

zm_model g_model;

/* Writers first: readers hold it for microseconds (authentication), and a
 * token being issued must not wait behind a stream of them. */
static pthread_rwlock_t global_lock = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;

void model_read_lock(void) { pthread_rwlock_rdlock(&global_lock); }
void model_write_lock(void) { pthread_rwlock_wrlock(&global_lock); }
void model_global_unlock(void) { pthread_rwlock_unlock(&global_lock); }

pthread_mutex_t *org_lock_new(void)
{
    pthread_mutex_t *m = xmalloc(sizeof *m);
    pthread_mutex_init(m, NULL);
    return m;
}

void org_lock(const zm_org *org) { pthread_mutex_lock(org->lock); }
void org_unlock(const zm_org *org) { pthread_mutex_unlock(org->lock); }

void model_lock_orgs(void)
{
    for (size_t i = 0; i < g_model.orgs.n; i++) org_lock(g_model.orgs.v[i]);
}

void model_unlock_orgs(void)
{
    for (size_t i = g_model.orgs.n; i-- > 0;) org_unlock(g_model.orgs.v[i]);
}

void model_lock(void)
{
    model_write_lock();
    model_lock_orgs();
}

void model_unlock(void)
{
    model_unlock_orgs();
    model_global_unlock();
}

/* ------------------------------------------------------------ look-ups */

zm_org *model_find_org(const char *organization_id)
{
    for (size_t i = 0; i < g_model.orgs.n; i++)
        if (strcmp(g_model.orgs.v[i]->organization_id, organization_id) == 0) return g_model.orgs.v[i];
    return NULL;
}

zm_user *model_find_user(const char *user_id)
{
    for (size_t i = 0; i < g_model.users.n; i++)
        if (strcmp(g_model.users.v[i]->user_id, user_id) == 0) return g_model.users.v[i];
    return NULL;
}

zm_token *model_find_token(const char *token)
{
    for (size_t i = 0; i < g_model.tokens.n; i++)
        if (strcmp(g_model.tokens.v[i]->token, token) == 0) return g_model.tokens.v[i];
    return NULL;
}

zm_user *org_find_user(zm_org *org, const char *user_id)
{
    for (size_t i = 0; i < org->users.n; i++)
        if (strcmp(org->users.v[i]->user_id, user_id) == 0) return org->users.v[i];
    return NULL;
}

bool model_user_in_org(const zm_org *org, const char *user_id)
{
    return org_find_user((zm_org *)org, user_id) != NULL;
}

zm_location *org_find_location(zm_org *org, const char *location_id)
{
    for (size_t i = 0; i < org->locations.n; i++)
        if (strcmp(org->locations.v[i].location_id, location_id) == 0) return &org->locations.v[i];
    return NULL;
}

zm_storage *location_find_storage(zm_location *loc, const char *storage_id)
{
    for (size_t i = 0; i < loc->storages.n; i++)
        if (strcmp(loc->storages.v[i].storage_id, storage_id) == 0) return &loc->storages.v[i];
    return NULL;
}

/* org->items by id: open addressing over their places, no keys of its
 * own (a slot's id is its item's), so the vector may move. Items are
 * added at the end (org_add_item, fixtures): the new ones are put in on
 * the next look-up; a removal shifts places, and the hash is made again. */
static uint64_t id_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static void items_hash_put(zm_org *org, size_t index)
{
    size_t mask = org->items_by_id.cap - 1, i = (size_t)id_hash(org->items.v[index].item_id) & mask;
    while (org->items_by_id.slots[i]) i = (i + 1) & mask;
    org->items_by_id.slots[i] = (uint32_t)(index + 1);
}

static void items_hash_cover(zm_org *org)
{
    size_t n = org->items.n;
    if (org->items_by_id.covers > n || (n + 1) * 2 > org->items_by_id.cap) {
        size_t cap = 64;
        while ((n + 1) * 2 > cap) cap *= 2;
        free(org->items_by_id.slots);
        org->items_by_id.slots = xcalloc(cap, sizeof *org->items_by_id.slots);
        org->items_by_id.cap = cap;
        org->items_by_id.covers = 0;
    }
    while (org->items_by_id.covers < n) items_hash_put(org, org->items_by_id.covers++);
}

zm_item *org_find_item(zm_org *org, const char *item_id)
{
    if (!item_id || org->items.n > UINT32_MAX - 1) return NULL;
    items_hash_cover(org);
    size_t mask = org->items_by_id.cap - 1;
    for (size_t i = (size_t)id_hash(item_id) & mask; org->items_by_id.slots[i]; i = (i + 1) & mask) {
        zm_item *it = &org->items.v[org->items_by_id.slots[i] - 1];
        if (strcmp(it->item_id, item_id) == 0) return it;
    }
    return NULL;
}

zm_reason *org_find_reason(zm_org *org, const char *reason_id)
{
    for (size_t i = 0; i < org->reasons.n; i++)
        if (strcmp(org->reasons.v[i].reason_id, reason_id) == 0) return &org->reasons.v[i];
    return NULL;
}

zm_reason *org_find_reason_by_text(zm_org *org, const char *reason)
{
    for (size_t i = 0; i < org->reasons.n; i++)
        if (strcasecmp(org->reasons.v[i].reason, reason) == 0) return &org->reasons.v[i];
    return NULL;
}

zm_account *org_find_account(zm_org *org, const char *account_id)
{
    for (size_t i = 0; i < org->accounts.n; i++)
        if (strcmp(org->accounts.v[i].account_id, account_id) == 0) return &org->accounts.v[i];
    return NULL;
}

/* ----------------------------------------------------- the adjustments' table */

static void adj_created(const void *row, zm_index_key *k) { k->i = ((const zm_adjustment *)row)->created_time; }
static void adj_date(const void *row, zm_index_key *k) { k->s = ((const zm_adjustment *)row)->date; }
static void adj_modified(const void *row, zm_index_key *k) { k->i = ((const zm_adjustment *)row)->last_modified_time; }
static const char *adj_id(const void *row) { return ((const zm_adjustment *)row)->inventory_adjustment_id; }
static uint64_t adj_seq(const void *row) { return ((const zm_adjustment *)row)->seq; }

/* search_text looks in the reference number, the reason and the description. */
static size_t adj_texts(const void *row, const char *out[INDEX_MAX_TEXTS])
{
    const zm_adjustment *a = row;
    out[0] = a->reference_number;
    out[1] = a->reason;
    out[2] = a->description;
    return 3;
}

static const zm_index_column adjustment_columns[] = {
    {"created_time", INDEX_INT, adj_created},
    {"date", INDEX_TEXT, adj_date},
    {"last_modified_time", INDEX_INT, adj_modified},
    {NULL, 0, NULL},
};
static const zm_index_unique adjustment_uniques[] = {{"inventory_adjustment_id", adj_id}, {NULL, NULL}};
static const zm_table_def adjustment_table_def = {adjustment_columns, adjustment_uniques, adj_seq, adj_texts};

zm_table *org_adjustments_table(zm_org *org) { return table_ensure(&org->adjustments_table, &adjustment_table_def); }

void org_add_adjustment(zm_org *org, zm_adjustment *a)
{
    VEC_PUSH(org->adjustments, a);
    table_insert(org_adjustments_table(org), a);
}

void org_remove_adjustment(zm_org *org, zm_adjustment *a)
{
    table_remove(org_adjustments_table(org), a);
    VEC_REMOVE_ITEM(org->adjustments, a);
}

zm_adjustment *org_find_adjustment(zm_org *org, const char *id, size_t *index)
{
    zm_adjustment *a = table_find(org_adjustments_table(org), 0, id);
    if (a && index) {
        for (size_t i = 0; i < org->adjustments.n; i++)
            if (org->adjustments.v[i] == a) *index = i;
    }
    return a;
}

/* --------------------------------------------------------------- stock */

double item_stock_at(const zm_item *item, const char *location_id)
{
    double sum = 0;
    for (size_t i = 0; i < item->stock.n; i++)
        if (!location_id || strcmp(item->stock.v[i].location_id, location_id) == 0)
            sum += item->stock.v[i].quantity;
    return sum;
}

zm_stock_row *item_stock_row(zm_item *item, const char *location_id, const char *storage_id)
{
    if (!storage_id) storage_id = "";
    for (size_t i = 0; i < item->stock.n; i++) {
        zm_stock_row *r = &item->stock.v[i];
        if (strcmp(r->location_id, location_id) == 0 && strcmp(r->storage_id, storage_id) == 0) return r;
    }
    zm_stock_row row;
    memset(&row, 0, sizeof row);
    snprintf(row.location_id, ID_LEN, "%s", location_id);
    snprintf(row.storage_id, ID_LEN, "%s", storage_id);
    VEC_PUSH(item->stock, row);
    return &item->stock.v[item->stock.n - 1];
}

void item_adjust_stock(zm_item *item, const char *location_id, const char *storage_id, double delta)
{
    zm_stock_row *r = item_stock_row(item, location_id, storage_id);
    r->quantity += delta;
    r->accounting += delta;
}

bool item_is_bin_tracked_at(const zm_item *item, const char *location_id)
{
    for (size_t i = 0; i < item->stock.n; i++)
        if (strcmp(item->stock.v[i].location_id, location_id) == 0 && item->stock.v[i].storage_id[0])
            return true;
    return false;
}

/* --------------------------------------------- growing and shrinking it */

static void item_free_fields(zm_item *it)
{
    free(it->name);
    free(it->sku);
    free(it->unit);
    for (size_t k = 0; k < it->stock.n; k++) stock_row_free(&it->stock.v[k]);
    VEC_FREE(it->stock);
}

static void location_free_fields(zm_location *l)
{
    free(l->location_name);
    for (size_t k = 0; k < l->storages.n; k++) free(l->storages.v[k].storage_name);
    VEC_FREE(l->storages);
}

zm_item *org_add_item(zm_org *org, const char *item_id)
{
    zm_item *found = org_find_item(org, item_id);
    if (found) return found;
    zm_item it;
    memset(&it, 0, sizeof it);
    snprintf(it.item_id, ID_LEN, "%s", item_id);
    it.name = xstrdup("");
    it.sku = xstrdup("");
    it.unit = xstrdup("");
    VEC_PUSH(org->items, it);
    return &org->items.v[org->items.n - 1];
}

void org_remove_item(zm_org *org, const char *item_id)
{
    for (size_t i = 0; i < org->items.n; i++) {
        if (strcmp(org->items.v[i].item_id, item_id) == 0) {
            item_free_fields(&org->items.v[i]);
            VEC_REMOVE(org->items, i);
            org->items_by_id.covers = SIZE_MAX;      /* places moved: made again */
            return;
        }
    }
}

zm_location *org_add_location(zm_org *org, const char *location_id, const char *location_name)
{
    zm_location *found = org_find_location(org, location_id);
    if (found) return found;
    zm_location l;
    memset(&l, 0, sizeof l);
    snprintf(l.location_id, ID_LEN, "%s", location_id);
    l.location_name = xstrdup(location_name ? location_name : "");
    l.is_warehouse = true;
    VEC_PUSH(org->locations, l);
    return &org->locations.v[org->locations.n - 1];
}

/* Drops the stock rows of every item at the location (and in the bin,
 * when storage_id is not NULL). */
static void drop_stock_rows(zm_org *org, const char *location_id, const char *storage_id)
{
    for (size_t i = 0; i < org->items.n; i++) {
        zm_item *it = &org->items.v[i];
        for (size_t k = it->stock.n; k-- > 0;) {
            zm_stock_row *r = &it->stock.v[k];
            if (strcmp(r->location_id, location_id) != 0) continue;
            if (storage_id && strcmp(r->storage_id, storage_id) != 0) continue;
            stock_row_free(r);
            VEC_REMOVE(it->stock, k);
        }
    }
}

void org_remove_location(zm_org *org, const char *location_id)
{
    for (size_t i = 0; i < org->locations.n; i++) {
        if (strcmp(org->locations.v[i].location_id, location_id) == 0) {
            drop_stock_rows(org, location_id, NULL);
            location_free_fields(&org->locations.v[i]);
            VEC_REMOVE(org->locations, i);
            return;
        }
    }
}

zm_storage *location_add_storage(zm_location *loc, const char *storage_id, const char *storage_name)
{
    zm_storage *found = location_find_storage(loc, storage_id);
    if (found) return found;
    zm_storage st;
    memset(&st, 0, sizeof st);
    snprintf(st.storage_id, ID_LEN, "%s", storage_id);
    st.storage_name = xstrdup(storage_name ? storage_name : "");
    VEC_PUSH(loc->storages, st);
    return &loc->storages.v[loc->storages.n - 1];
}

void org_remove_storage(zm_org *org, zm_location *loc, const char *storage_id)
{
    for (size_t i = 0; i < loc->storages.n; i++) {
        if (strcmp(loc->storages.v[i].storage_id, storage_id) == 0) {
            drop_stock_rows(org, loc->location_id, storage_id);
            free(loc->storages.v[i].storage_name);
            VEC_REMOVE(loc->storages, i);
            return;
        }
    }
}

/* ------------------------------------------------------- shared texts */

static void text_order(const void *row, zm_index_key *k) { (void)row; k->i = 0; }
static const char *text_value(const void *row) { return row; }
static uint64_t text_seq(const void *row) { return (uint64_t)(uintptr_t)row; }
static const zm_index_column text_columns[] = {{"value", INDEX_INT, text_order}, {NULL, 0, NULL}};
static const zm_index_unique text_uniques[] = {{"value", text_value}, {NULL, NULL}};
static const zm_table_def text_table_def = {text_columns, text_uniques, text_seq, NULL};

const char *org_intern(zm_org *org, const char *s)
{
    if (!s || !*s) return "";
    char *found = table_find(table_ensure(&org->strings, &text_table_def), 0, s);
    if (found) return found;
    char *copy = xstrdup(s);
    table_insert(&org->strings, copy);
    return copy;
}

static bool free_text(void *row, void *ctx)
{
    (void)ctx;
    free(row);
    return true;
}

int64_t org_clock_now(const zm_org *org)
{
    org_lock(org);
    int64_t now = clock_now(&org->clock);
    org_unlock(org);
    return now;
}

/* ------------------------------------------------------------------ ids */

void org_new_id(zm_org *org, zm_id out)
{
    snprintf(out, ID_LEN, "%llu", (unsigned long long)org->next_id++);
}

uint64_t org_next_seq(zm_org *org)
{
    return ++org->next_seq;
}

/* -------------------------------------------------------------- freeing */

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
}

void adjustment_lines_clear(zm_adjustment *a)
{
    for (size_t i = 0; i < a->lines.n; i++) {
        zm_adjustment_line *l = &a->lines.v[i];
        free(l->name);
        free(l->description);
        free(l->unit);
        free(l->adjustment_account_name);
        free(l->warehouse_name);
        free_strings(l->serials_added.v, l->serials_added.n);
        VEC_FREE(l->serials_added);
        free_strings(l->serials_removed.v, l->serials_removed.n);
        VEC_FREE(l->serials_removed);
        for (size_t k = 0; k < l->batches.n; k++) free(l->batches.v[k].batch_number);
        VEC_FREE(l->batches);
        for (size_t k = 0; k < l->moves.n; k++) {
            free(l->moves.v[k].serial_number);
            free(l->moves.v[k].batch_number);
        }
        VEC_FREE(l->moves);
    }
    VEC_FREE(a->lines);
}

void adjustment_free(zm_adjustment *a)
{
    if (!a) return;
    adjustment_lines_clear(a);
    cJSON_Delete(a->custom_fields);
    free(a->rejection_reason);
    free(a->reason);
    free(a->description);
    free(a->reference_number);
    free(a);
}

void stock_row_free(zm_stock_row *r)
{
    free_strings(r->serial_numbers.v, r->serial_numbers.n);
    VEC_FREE(r->serial_numbers);
    for (size_t k = 0; k < r->batches.n; k++) free(r->batches.v[k].batch_number);
    VEC_FREE(r->batches);
}

static VEC(zm_org_clear_fn) org_clear_fns;

void model_register_clear(zm_org_clear_fn fn)
{
    for (size_t i = 0; i < org_clear_fns.n; i++)
        if (org_clear_fns.v[i] == fn) return;
    VEC_PUSH(org_clear_fns, fn);
}

static zm_org_seed_fn org_seed_fn;

void model_register_seed(zm_org_seed_fn fn) { org_seed_fn = fn; }

int model_seed_org(zm_org *org, const cJSON *fixture, const char *json_path, char *err, size_t errlen)
{
    return org_seed_fn ? org_seed_fn(org, fixture, json_path, err, errlen) : 0;
}

void org_free(zm_org *org)
{
    if (!org) return;
    free(org->name);
    VEC_FREE(org->users);
    for (size_t i = 0; i < org->locations.n; i++) location_free_fields(&org->locations.v[i]);
    VEC_FREE(org->locations);
    for (size_t i = 0; i < org->items.n; i++) item_free_fields(&org->items.v[i]);
    VEC_FREE(org->items);
    free(org->items_by_id.slots);
    for (size_t i = 0; i < org->reasons.n; i++) free(org->reasons.v[i].reason);
    VEC_FREE(org->reasons);
    for (size_t i = 0; i < org->accounts.n; i++) free(org->accounts.v[i].account_name);
    VEC_FREE(org->accounts);
    free(org->settings.prefix_string);
    free(org->settings.next_number);
    for (size_t i = 0; i < org->adjustments.n; i++) adjustment_free(org->adjustments.v[i]);
    VEC_FREE(org->adjustments);
    table_free(&org->adjustments_table);
    for (size_t i = 0; i < org_clear_fns.n; i++) org_clear_fns.v[i](org);
    docs_clear(org);
    table_each(&org->strings, 0, false, free_text, NULL);    /* after the counts that use them */
    table_free(&org->strings);
    if (org->lock) {
        pthread_mutex_destroy(org->lock);
        free(org->lock);
    }
    free(org);
}

zm_org *org_new_like(const zm_org *org)
{
    zm_org *fresh = xcalloc(1, sizeof *fresh);
    fresh->lock = org_lock_new();
    snprintf(fresh->organization_id, ID_LEN, "%s", org->organization_id);
    fresh->name = xstrdup(org->name);
    for (size_t i = 0; i < org->users.n; i++) VEC_PUSH(fresh->users, org->users.v[i]);
    fresh->fixture = org->fixture;
    return fresh;
}

void org_take_contents(zm_org *org, zm_org *fresh)
{
    zm_org old = *org;
    *org = *fresh;
    *fresh = old;
    pthread_mutex_t *held = fresh->lock;
    fresh->lock = org->lock;
    org->lock = held;
    char *name = fresh->name;
    fresh->name = org->name;
    org->name = name;
    zm_org members = *fresh;
    fresh->users = org->users;
    org->users = members.users;
    org_free(fresh);
}

void model_auth_reset(void)
{
    for (size_t i = 0; i < g_model.tokens.n;) {
        if (g_model.tokens.v[i]->issued) {
            token_free(g_model.tokens.v[i]);
            VEC_REMOVE(g_model.tokens, i);
        } else {
            i++;
        }
    }
    for (size_t i = 0; i < g_model.grants.n; i++) grant_free(g_model.grants.v[i]);
    VEC_FREE(g_model.grants);
    for (size_t i = 0; i < g_model.clients.n; i++) g_model.clients.v[i]->refresh_revoked = false;
}

bool model_revoke_token(const char *token)
{
    bool found = false;
    for (size_t i = 0; i < g_model.grants.n; i++) {
        zm_grant *g = g_model.grants.v[i];
        if (!g->is_code && !strcmp(g->value, token)) {
            VEC_REMOVE(g_model.grants, i);
            grant_free(g);
            found = true;
            break;
        }
    }
    for (size_t i = 0; i < g_model.clients.n; i++) {
        if (!strcmp(g_model.clients.v[i]->refresh_token, token)) {
            g_model.clients.v[i]->refresh_revoked = true;
            found = true;
        }
    }
    for (size_t i = 0; i < g_model.tokens.n;) {
        zm_token *t = g_model.tokens.v[i];
        bool from_it = t->refresh_token && !strcmp(t->refresh_token, token);
        if (t->issued && (from_it || !strcmp(t->token, token))) {
            found = true;
            token_free(t);
            VEC_REMOVE(g_model.tokens, i);
        } else {
            i++;
        }
    }
    return found;
}

void token_free(zm_token *t)
{
    if (!t) return;
    free(t->token);
    free(t->refresh_token);
    free_strings(t->scopes.v, t->scopes.n);
    VEC_FREE(t->scopes);
    free(t);
}

void grant_free(zm_grant *g)
{
    if (!g) return;
    free(g->value);
    free(g->redirect_uri);
    free_strings(g->scopes.v, g->scopes.n);
    VEC_FREE(g->scopes);
    free(g);
}

void client_free(zm_client *c)
{
    if (!c) return;
    free(c->client_id);
    free(c->client_secret);
    free(c->refresh_token);
    free_strings(c->scopes.v, c->scopes.n);
    VEC_FREE(c->scopes);
    free(c);
}

void user_free(zm_user *u)
{
    if (!u) return;
    free(u->name);
    free(u->email);
    free(u);
}

void model_clear(void)
{
    for (size_t i = 0; i < g_model.orgs.n; i++) org_free(g_model.orgs.v[i]);
    VEC_FREE(g_model.orgs);
    for (size_t i = 0; i < g_model.users.n; i++) user_free(g_model.users.v[i]);
    VEC_FREE(g_model.users);
    for (size_t i = 0; i < g_model.tokens.n; i++) token_free(g_model.tokens.v[i]);
    VEC_FREE(g_model.tokens);
    for (size_t i = 0; i < g_model.grants.n; i++) grant_free(g_model.grants.v[i]);
    VEC_FREE(g_model.grants);
    for (size_t i = 0; i < g_model.clients.n; i++) client_free(g_model.clients.v[i]);
    VEC_FREE(g_model.clients);
    cJSON_Delete(g_model.fixture_root);
    free(g_model.fixture_path);
    memset(&g_model, 0, sizeof g_model);
}

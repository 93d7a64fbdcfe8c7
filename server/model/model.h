/* model.h -- the in-memory model: organizations, users, tokens, locations, items and their stock */
#ifndef ZM_MODEL_H
#define ZM_MODEL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "model/clock.h"
#include "model/index.h"
#include "util/alloc.h"
#include "util/json.h"
#include "util/vec.h"

/* Ids are decimal strings everywhere inside the server (ID_LEN: util/json.h). */
typedef char zm_id[ID_LEN];

/* ---------------------------------------------------------------- people */

typedef struct zm_user {
    zm_id user_id;
    char *name;
    char *email;
} zm_user;

/* An access token: fixture tokens never expire; tokens issued by
 * /oauth/v2/token expire `expires_at` on the clock of `clock_org`. */
typedef struct zm_token {
    char *token;
    zm_id user_id;
    VEC(char *) scopes;
    int64_t expires_at;         /* 0: never */
    struct zm_org *clock_org;   /* whose clock decides expiry */
    bool issued;                /* made by /oauth/v2/token (dropped on full reset) */
    char *refresh_token;        /* the refresh token it was issued for, or NULL */
} zm_token;

/* An OAuth client with the refresh token that /oauth/v2/token exchanges. */
typedef struct zm_client {
    char *client_id;
    char *client_secret;
    char *refresh_token;
    zm_id user_id;
    VEC(char *) scopes;
    struct zm_org *org;
    bool refresh_revoked;       /* its refresh token was revoked (until a full reset) */
} zm_client;

/* What /oauth/v2/auth and the token endpoint hand out besides access
 * tokens: an authorization code (one use, minutes) or the refresh token an
 * offline code was exchanged for. Dropped on full reset. */
typedef struct zm_grant {
    char *value;
    bool is_code;
    const zm_client *client;    /* g_model.clients keeps it for the server's life */
    char *redirect_uri;         /* codes: the redirect_uri they were issued for */
    zm_strings scopes;
    int64_t expires_at;         /* codes, on the client organization's clock */
    bool offline;               /* codes: access_type=offline (a refresh token follows) */
} zm_grant;

/* ------------------------------------------------------------- inventory */

typedef struct zm_storage {
    zm_id storage_id;
    char *storage_name;
} zm_storage;

typedef struct zm_location {
    zm_id location_id;
    char *location_name;
    bool is_warehouse;
    VEC(zm_storage) storages;
} zm_location;

typedef struct zm_batch {
    char *batch_number;
    double quantity;
} zm_batch;

/* Stock of one item at one location, and at one bin of it when storage_id
 * is non-empty. Serial numbers and batches belong to the row they sit in.
 * The three figures Zoho keeps (model/ledger.h): a location's figure is
 * the sum over its rows. */
typedef struct zm_stock_row {
    zm_id location_id;
    zm_id storage_id;           /* "" when not in a bin */
    double quantity;            /* physical stock (available_stock) */
    double accounting;          /* accounting stock (stock_on_hand) */
    double committed;           /* committed by confirmed sales orders (kept in the "" row) */
    VEC(char *) serial_numbers;
    VEC(zm_batch) batches;
} zm_stock_row;

typedef struct zm_item {
    zm_id item_id;
    char *name;
    char *sku;
    char *unit;
    double rate;
    bool track_serial_number;
    bool track_batch_number;
    VEC(zm_stock_row) stock;
} zm_item;

typedef struct zm_reason {
    zm_id reason_id;
    char *reason;
} zm_reason;

typedef struct zm_account {
    zm_id account_id;
    char *account_name;
} zm_account;

typedef struct zm_count_settings {
    char *prefix_string;        /* "IC-" */
    char *next_number;          /* "00001": digits, width kept when advancing */
    zm_id default_reason_id;
    zm_id default_adjustment_account;
} zm_count_settings;

/* --------------------------------------------------------- transactions */

/* One change an adjustment line made to one stock row's tracking, as it
 * was applied (so that deleting the adjustment undoes exactly that):
 * a serial number added (+1) or removed (-1), or a batch's quantity
 * changed by a signed amount. */
typedef struct zm_tracking_move {
    char *serial_number;        /* NULL for a batch move */
    char *batch_number;         /* NULL for a serial move */
    zm_id storage_id;           /* the row at the line's location ("" not in a bin) */
    double quantity;
} zm_tracking_move;

typedef struct zm_adjustment_line {
    zm_id line_item_id;
    zm_id item_id;
    char *name;
    char *description;
    double quantity_adjusted;
    double value_adjusted;
    double item_total;
    char *unit;
    zm_id adjustment_account_id;
    char *adjustment_account_name;
    zm_id warehouse_id;
    char *warehouse_name;
    zm_id storage_id;           /* "" unless the stock moved in a bin */
    bool track_serial_number;   /* the item's tracking when the line was made */
    bool track_batch_number;
    VEC(char *) serials_added;  /* tracking asked for (adjustments.h) */
    VEC(char *) serials_removed;
    VEC(zm_batch) batches;      /* signed change per batch */
    VEC(zm_tracking_move) moves;/* what it did to the stock rows */
} zm_adjustment_line;

typedef struct zm_adjustment {
    zm_id inventory_adjustment_id;
    char date[16];
    char *reason;
    zm_id reason_id;
    char *description;
    char *reference_number;
    bool is_value;              /* adjustment_type value, else quantity */
    char status[24];            /* "adjusted" (its stock moved), "draft", "pending_approval",
                                   "rejected" (no stock moved) */
    zm_id location_id;          /* the body's location_id ("" when only the lines name one) */
    cJSON *custom_fields;       /* [{customfield_id, label, value}]; NULL: none */
    char *rejection_reason;     /* the reason of the last reject; NULL: none */
    VEC(zm_adjustment_line) lines;
    double total;
    zm_id inventorycount_id;    /* "" unless made by a stock count approval */
    int64_t created_time;
    int64_t last_modified_time;
    zm_id created_by_id;
    uint64_t seq;               /* creation order, breaks time ties */
} zm_adjustment;

struct zm_stock_count;          /* counts.h */

/* Stock counts' background states (counts_background.c): one switch per
 * action, indexed start=0, submit=1, approve=2; both 0: off. */
typedef struct zm_count_background {
    int after_reads;
    int after_seconds;
} zm_count_background;

struct zm_recurring;            /* recurring.h */

/* -------------------------------------------------------- organization */

typedef struct zm_org {
    pthread_mutex_t *lock;      /* this organization's lock (org_lock); stays with the address across resets */
    zm_id organization_id;
    char *name;
    bool extended_line_item_limit;
    zm_clock clock;
    uint64_t next_id;           /* generated ids, deterministic per org */
    uint64_t next_seq;          /* creation order of anything */

    VEC(zm_user *) users;       /* members; pointers into the global users */
    VEC(zm_location) locations;
    VEC(zm_item) items;
    struct {                    /* org_find_item's hash of the items' places (model.c) */
        uint32_t *slots;        /* 1 + an index into items; 0: empty */
        size_t cap, covers;     /* covers: items[0 .. covers-1] are in it */
    } items_by_id;
    VEC(zm_reason) reasons;
    VEC(zm_account) accounts;
    zm_count_settings settings;

    VEC(zm_adjustment *) adjustments;         /* creation order; add and remove with org_add_adjustment / org_remove_adjustment */
    zm_table adjustments_table;                /* their list order and ids (org_adjustments_table) */
    VEC(struct zm_stock_count *) counts;
    zm_table counts_table;                     /* the counts' list order, ids, numbers (inventory/counts.c) */
    zm_count_background count_background[3];    /* off after a reset */
    size_t counts_in_background;    /* counts with a pending background action:
                                       while 0, requests skip scanning the counts */
    VEC(struct zm_recurring *) recurring;       /* recurring stock count profiles */
    zm_table recurring_table;                   /* their list order and ids (inventory/recurring.c) */
    zm_table strings;                           /* org_intern's shared texts */

    struct zm_collection *collections[96];  /* the Zoho modules' records by engine slot (docs.h: DOCS_MAX_MODULES) */
    cJSON *preferences;         /* /settings/preferences and the organization's own fields */
    VEC(cJSON *) outbox;        /* emails the API was asked to send, newest last */
    bool numeric_ids;           /* print ids as JSON numbers (the reference pages' form) */

    const cJSON *fixture;       /* this org's fixture object, for reset */
} zm_org;

typedef struct zm_model {
    VEC(zm_org *) orgs;
    VEC(zm_user *) users;       /* every user of every organization, once */
    VEC(zm_token *) tokens;
    VEC(zm_client *) clients;
    VEC(zm_grant *) grants;
    cJSON *fixture_root;        /* the parsed fixture file, owned */
    char *fixture_path;         /* the file, or "built-in fixtures/default.json" */
    bool fixture_builtin;       /* the fixture text compiled into the binary */
    uint64_t token_serial;      /* issued access tokens, for deterministic values */
} zm_model;

/* The one model of the process.
 *
 * Locks. The global structures -- the organization list, users, tokens,
 * OAuth clients, token_serial, the fixture tree -- have one reader-writer
 * lock (model_read_lock / model_write_lock). Each organization has its own
 * mutex (org_lock), which guards everything in its zm_org: clock, items,
 * stock, adjustments, counts, profiles, tables, settings, its users list.
 * The organization list itself is fixed while the server serves (built
 * before HTTP starts, freed after it stops, organizations reset in place),
 * so model_find_org and the zm_org pointers need no lock; nor do an
 * organization's organization_id, name and users (members), which a reset
 * keeps, nor g_model.users (users are found again, not added, at reset).
 *
 * A Zoho API call (http/dispatch.c): the global lock shared while it
 * authenticates (token, user, organization), released; then its
 * organization's lock around what fell due and around the handler. Lua
 * scenario hooks run between those, holding no model lock: a helper that
 * reads or moves the model (zoho.get, zoho.advance...) takes the lock of
 * the one organization it touches, for that moment. So one organization's
 * handler or scenario, however slow, never waits for another's.
 *
 * Lock order: every lock of the process, in the order it may be taken;
 * a thread holding one may take only those below it:
 *   0. the --state compaction's (admin/state.c), taken with no other held
 *   1. the global model lock (model_read_lock / model_write_lock)
 *   2. the scenario registry lock (scenario/scenario.c, registry_mu)
 *   3. one scenario's lock (scenario/scenario_impl.h, zm_scenario.mu)
 *   4. organization locks (org_lock); several only in the order of
 *      g_model.orgs (model_lock_orgs does that)
 *   5. leaf locks, each held without taking any other: the journal's
 *      (admin/journal.c), the recorder's (contract/record.c, taken after
 *      the model locks are released), the --state journal's
 *      (model/state_log.c: appended to under the lock of what changed).
 * A call that touches every organization (reset all, the clock or the
 * background switches of all, fixture load and server stop) takes
 * model_lock(): the global lock exclusive, then every organization's in
 * order. Nothing holds a lock while it sleeps, hangs or writes to a socket. */
extern zm_model g_model;
void model_read_lock(void);
void model_write_lock(void);
void model_global_unlock(void);
void org_lock(const zm_org *org);
void org_unlock(const zm_org *org);
/* Every organization's lock, in g_model.orgs order / released. */
void model_lock_orgs(void);
void model_unlock_orgs(void);
/* Everything: the global lock exclusive, then every organization. */
void model_lock(void);
void model_unlock(void);
/* An organization's lock, made with it (fixtures.c) and freed by org_free. */
pthread_mutex_t *org_lock_new(void);

/* Frees everything the model holds. */
void model_clear(void);

/* ------------------------------------------------------------ look-ups */

zm_org *model_find_org(const char *organization_id);
zm_user *model_find_user(const char *user_id);
zm_token *model_find_token(const char *token);
bool model_user_in_org(const zm_org *org, const char *user_id);
zm_user *org_find_user(zm_org *org, const char *user_id);
zm_location *org_find_location(zm_org *org, const char *location_id);
zm_storage *location_find_storage(zm_location *loc, const char *storage_id);
zm_item *org_find_item(zm_org *org, const char *item_id);
zm_reason *org_find_reason(zm_org *org, const char *reason_id);
zm_reason *org_find_reason_by_text(zm_org *org, const char *reason);
zm_account *org_find_account(zm_org *org, const char *account_id);
/* By id, through the adjustments table; *index (when asked) is its place
 * in org->adjustments. */
zm_adjustment *org_find_adjustment(zm_org *org, const char *id, size_t *index);
/* The adjustments' table (sort columns created_time, date,
 * last_modified_time; unique inventory_adjustment_id). */
zm_table *org_adjustments_table(zm_org *org);
/* An adjustment joins the organization / leaves it (the caller frees it). */
void org_add_adjustment(zm_org *org, zm_adjustment *a);
void org_remove_adjustment(zm_org *org, zm_adjustment *a);

/* --------------------------------------------------------------- stock */

/* Quantity of an item at a location (every bin and none), or everywhere
 * when location_id is NULL. */
double item_stock_at(const zm_item *item, const char *location_id);
/* The stock row for (location, bin), created empty if missing. */
zm_stock_row *item_stock_row(zm_item *item, const char *location_id, const char *storage_id);
/* Adds delta to the row's physical and accounting stock, as adjustments,
 * opening stock and stock count approvals do (negative stock is allowed,
 * as in a Zoho organization that has not turned on "prevent negative
 * stock"). */
void item_adjust_stock(zm_item *item, const char *location_id, const char *storage_id, double delta);
/* True when the item sits in a bin anywhere at that location. */
bool item_is_bin_tracked_at(const zm_item *item, const char *location_id);

/* ------------------------------------------- growing and shrinking it */

/* The API creates and deletes items, locations and bins (inventory/items.c,
 * locations.c keep their records and these structs in step). Adding
 * returns the new element (empty strings, no stock), or the existing one of
 * that id; pointers into the arrays are invalid after any add or remove.
 * Removing a location drops its stock rows from every item. */
zm_item *org_add_item(zm_org *org, const char *item_id);
void org_remove_item(zm_org *org, const char *item_id);
zm_location *org_add_location(zm_org *org, const char *location_id, const char *location_name);
void org_remove_location(zm_org *org, const char *location_id);
zm_storage *location_add_storage(zm_location *loc, const char *storage_id, const char *storage_name);
/* Removing a bin drops the item stock rows in it. */
void org_remove_storage(zm_org *org, zm_location *loc, const char *storage_id);

/* ------------------------------------------------------- generating ids */

/* Next 16-digit id of the organization: same fixtures and same calls give
 * the same ids, so recorded contracts repeat. */
void org_new_id(zm_org *org, zm_id out);
uint64_t org_next_seq(zm_org *org);

/* What a module above the model keeps in an organization (stock counts,
 * recurring profiles, ...) is freed by that module: it registers a clear
 * function at start-up (inventory/inventory.c), which org_free calls
 * before freeing what the model itself owns. Registering twice is a no-op. */
typedef void (*zm_org_clear_fn)(zm_org *org);
void model_register_clear(zm_org_clear_fn fn);

/* The same for building: a module above the model builds its part of an
 * organization from the organization's fixture object (json_path names it
 * in messages), at load and at reset. 0, or -1 with "<json path>: <what is
 * wrong>" in err. One seed function (the inventory engine's). */
typedef int (*zm_org_seed_fn)(zm_org *org, const cJSON *fixture, const char *json_path, char *err,
                              size_t errlen);
void model_register_seed(zm_org_seed_fn fn);
int model_seed_org(zm_org *org, const cJSON *fixture, const char *json_path, char *err, size_t errlen);
/* One shared copy per distinct text in the organization (item names,
 * SKUs, units that every count line repeats), freed with the organization;
 * never NULL ("" for NULL). The texts are never changed in place. */
const char *org_intern(zm_org *org, const char *s);

/* The organization's clock now, under its lock (for code that does not
 * hold it: rate limits, token expiry, the recorder). */
int64_t org_clock_now(const zm_org *org);

/* An empty organization with org's identity (id, name, members, fixture
 * object, a lock of its own), for building new contents aside: a reset, an
 * import of a saved state (admin/state.c). */
zm_org *org_new_like(const zm_org *org);
/* org takes fresh's contents and fresh org's old ones, then fresh is freed.
 * What stays with org's address: its lock (the caller holds it), name and
 * members, so code without the organization's lock may read them. */
void org_take_contents(zm_org *org, zm_org *fresh);

/* What a full reset drops: issued access tokens, grants, revoked refresh
 * tokens (fixtures.c, a saved state's auth part). The global lock is held
 * exclusively. */
void model_auth_reset(void);
/* POST /oauth/v2/token/revoke: a refresh token ends (a grant's, or a fixture
 * client's until the next full reset) with the access tokens issued for it,
 * or one issued access token ends. False when it names nothing. The global
 * lock is held exclusively. */
bool model_revoke_token(const char *token);

/* Freeing single objects (the model owns them, or its modules: above). */
void org_free(zm_org *org);
void adjustment_free(zm_adjustment *a);
/* Frees an adjustment's lines and empties the list (an update replaces them). */
void adjustment_lines_clear(zm_adjustment *a);
void stock_row_free(zm_stock_row *r);
void token_free(zm_token *t);
void client_free(zm_client *c);
void grant_free(zm_grant *g);
void user_free(zm_user *u);


#endif

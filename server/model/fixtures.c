/* fixtures.c -- loading and validating the JSON seed data into the model, and restoring it on reset */
#include "model/fixtures.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "model/model.h"
#include "util/alloc.h"
#include "util/embedded.h"
#include "util/file.h"

/* Room for the JSON path of any field ("$.organizations[1].items[12].stock[0].batches[3].batch_number"). */
#define JP_LEN 256

/* Where errors go while building: the file name and the caller's buffer. */
typedef struct fx_ctx {
    const char *file;
    char *err;
    size_t errlen;
} fx_ctx;

/* Writes "<file>: <path>: <message>" (or "<file>: <message>" without a
 * path) as one line into the error buffer, and returns -1. */
static int fail(const fx_ctx *c, const char *jp, const char *fmt, ...)
{
    if (!c->err || c->errlen == 0) return -1;
    int n = jp ? snprintf(c->err, c->errlen, "%s: %s: ", c->file, jp)
               : snprintf(c->err, c->errlen, "%s: ", c->file);
    if (n >= 0 && (size_t)n < c->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    for (char *p = c->err; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    return -1;
}

/* A too-long path (never in practice) ends in "...". */
static void jp_fit(char out[JP_LEN], int n)
{
    if (n < 0 || n >= JP_LEN) memcpy(out + JP_LEN - 4, "...", 4);
}

static void jp_key(char out[JP_LEN], const char *jp, const char *key)
{
    jp_fit(out, snprintf(out, JP_LEN, "%s.%s", jp, key));
}

static void jp_idx(char out[JP_LEN], const char *jp, size_t i)
{
    jp_fit(out, snprintf(out, JP_LEN, "%s[%zu]", jp, i));
}

/* ------------------------------------------------------------ fields */

/* A member of obj; JSON null counts as absent. */
static const cJSON *member(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNull(v) ? NULL : v;
}

static bool is_digits(const char *s, size_t max_len)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (s[n] < '0' || s[n] > '9') return false;
    return n >= 1 && n <= max_len;
}

/* An id: a string of 1-19 digits, or a non-negative JSON integer below
 * 2^53 (exact in a double). Returns 0 and fills out, or -1. */
static int id_from_json(const cJSON *v, zm_id out)
{
    if (cJSON_IsString(v)) {
        if (!is_digits(v->valuestring, 19)) return -1;
        snprintf(out, ID_LEN, "%s", v->valuestring);
        return 0;
    }
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (!(d >= 0 && d < 9007199254740992.0) || (double)(uint64_t)d != d) return -1;
        snprintf(out, ID_LEN, "%llu", (unsigned long long)(uint64_t)d);
        return 0;
    }
    return -1;
}

/* Each reader: 0 when the field is acceptable (absent and optional leaves
 * the default), else an error naming the field and -1. Required strings
 * must not be empty. */
static int get_string(const fx_ctx *c, const cJSON *obj, const char *jp, const char *key,
                      bool required, const char **out)
{
    char p[JP_LEN];
    jp_key(p, jp, key);
    const cJSON *v = member(obj, key);
    if (!v) return required ? fail(c, p, "is required (a string)") : 0;
    if (!cJSON_IsString(v)) return fail(c, p, "expected a string");
    if (required && !v->valuestring[0]) return fail(c, p, "must not be empty");
    *out = v->valuestring;
    return 0;
}

static int get_id(const fx_ctx *c, const cJSON *obj, const char *jp, const char *key,
                  bool required, zm_id out)
{
    char p[JP_LEN];
    jp_key(p, jp, key);
    const cJSON *v = member(obj, key);
    out[0] = '\0';
    if (!v) return required ? fail(c, p, "is required (a string of digits)") : 0;
    if (id_from_json(v, out) != 0) {
        out[0] = '\0';
        if (cJSON_IsString(v) && is_digits(v->valuestring, SIZE_MAX))
            return fail(c, p, "expected a string of digits, at most 19");
        if (cJSON_IsNumber(v)) return fail(c, p, "expected a string of digits (numbers only below 2^53)");
        return fail(c, p, "expected a string of digits");
    }
    return 0;
}

static int get_bool(const fx_ctx *c, const cJSON *obj, const char *jp, const char *key, bool *out)
{
    char p[JP_LEN];
    jp_key(p, jp, key);
    const cJSON *v = member(obj, key);
    if (!v) return 0;
    if (!cJSON_IsBool(v)) return fail(c, p, "expected true or false");
    *out = cJSON_IsTrue(v);
    return 0;
}

static int get_number(const fx_ctx *c, const cJSON *obj, const char *jp, const char *key,
                      bool required, double *out)
{
    char p[JP_LEN];
    jp_key(p, jp, key);
    const cJSON *v = member(obj, key);
    if (!v) return required ? fail(c, p, "is required (a number)") : 0;
    if (!cJSON_IsNumber(v)) return fail(c, p, "expected a number");
    *out = v->valuedouble;
    return 0;
}

static int get_array(const fx_ctx *c, const cJSON *obj, const char *jp, const char *key,
                     bool required, const cJSON **out)
{
    char p[JP_LEN];
    jp_key(p, jp, key);
    const cJSON *v = member(obj, key);
    *out = NULL;
    if (!v) return required ? fail(c, p, "is required (an array)") : 0;
    if (!cJSON_IsArray(v)) return fail(c, p, "expected an array");
    *out = v;
    return 0;
}

/* An array whose elements are all non-empty strings. */
static int get_string_array(const fx_ctx *c, const cJSON *obj, const char *jp, const char *key,
                            bool required, const cJSON **out)
{
    if (get_array(c, obj, jp, key, required, out) != 0) return -1;
    char p[JP_LEN], pe[JP_LEN];
    jp_key(p, jp, key);
    size_t i = 0;
    const cJSON *el;
    cJSON_ArrayForEach(el, *out) {
        jp_idx(pe, p, i++);
        if (!cJSON_IsString(el)) return fail(c, pe, "expected a string");
        if (!el->valuestring[0]) return fail(c, pe, "must not be empty");
    }
    return 0;
}

/* Element i of an array must be an object. */
static int check_object(const fx_ctx *c, const cJSON *el, const char *jp)
{
    return cJSON_IsObject(el) ? 0 : fail(c, jp, "expected an object");
}

/* Adds every string of arr to a VEC(char *) that does not hold it yet. */
#define ADD_STRINGS(vec, arr)                                                  \
    do {                                                                       \
        const cJSON *as_el_;                                                   \
        cJSON_ArrayForEach(as_el_, (arr)) {                                    \
            bool as_have_ = false;                                             \
            for (size_t as_i_ = 0; as_i_ < (vec).n; as_i_++)                   \
                if (strcmp((vec).v[as_i_], as_el_->valuestring) == 0) as_have_ = true; \
            if (!as_have_) VEC_PUSH((vec), xstrdup(as_el_->valuestring));      \
        }                                                                      \
    } while (0)

/* ---------------------------------------------------------- sections */

static int build_users(const fx_ctx *c, const cJSON *o, const char *jp, zm_org *org)
{
    const cJSON *arr, *u;
    char p[JP_LEN], pe[JP_LEN];
    if (get_array(c, o, jp, "users", false, &arr) != 0) return -1;
    jp_key(p, jp, "users");
    size_t i = 0;
    cJSON_ArrayForEach(u, arr) {
        jp_idx(pe, p, i++);
        zm_id id;
        const char *name = NULL, *email = NULL;
        if (check_object(c, u, pe) || get_id(c, u, pe, "user_id", true, id) ||
            get_string(c, u, pe, "name", true, &name) || get_string(c, u, pe, "email", false, &email))
            return -1;
        if (org_find_user(org, id)) {
            char pid[JP_LEN];
            jp_key(pid, pe, "user_id");
            return fail(c, pid, "duplicate user_id %s in this organization", id);
        }
        zm_user *g = model_find_user(id);
        if (!g) {                       /* users are global: first definition wins */
            g = xcalloc(1, sizeof *g);
            snprintf(g->user_id, ID_LEN, "%s", id);
            g->name = xstrdup(name);
            g->email = xstrdup(email);
            VEC_PUSH(g_model.users, g);
        }
        VEC_PUSH(org->users, g);
    }
    return 0;
}

static int build_locations(const fx_ctx *c, const cJSON *o, const char *jp, zm_org *org)
{
    const cJSON *arr, *l;
    char p[JP_LEN], pe[JP_LEN];
    if (get_array(c, o, jp, "locations", false, &arr) != 0) return -1;
    jp_key(p, jp, "locations");
    size_t i = 0;
    cJSON_ArrayForEach(l, arr) {
        jp_idx(pe, p, i++);
        zm_id id;
        const char *name = NULL;
        bool is_warehouse = false;
        const cJSON *sarr, *s;
        if (check_object(c, l, pe) || get_id(c, l, pe, "location_id", true, id) ||
            get_string(c, l, pe, "location_name", true, &name) ||
            get_bool(c, l, pe, "is_warehouse", &is_warehouse) ||
            get_array(c, l, pe, "storages", false, &sarr))
            return -1;
        if (org_find_location(org, id)) {
            char pid[JP_LEN];
            jp_key(pid, pe, "location_id");
            return fail(c, pid, "duplicate location_id %s in this organization", id);
        }
        if (cJSON_GetArraySize(sarr) > 0 && !is_warehouse) {
            char ps[JP_LEN];
            jp_key(ps, pe, "storages");
            return fail(c, ps, "bins (storages) need \"is_warehouse\": true");
        }
        zm_location loc;
        memset(&loc, 0, sizeof loc);
        snprintf(loc.location_id, ID_LEN, "%s", id);
        loc.location_name = xstrdup(name);
        loc.is_warehouse = is_warehouse;
        VEC_PUSH(org->locations, loc);
        zm_location *lp = &org->locations.v[org->locations.n - 1];

        char ps[JP_LEN], pse[JP_LEN];
        jp_key(ps, pe, "storages");
        size_t k = 0;
        cJSON_ArrayForEach(s, sarr) {
            jp_idx(pse, ps, k++);
            zm_id sid;
            const char *sname = NULL;
            if (check_object(c, s, pse) || get_id(c, s, pse, "storage_id", true, sid) ||
                get_string(c, s, pse, "storage_name", true, &sname))
                return -1;
            for (size_t a = 0; a < org->locations.n; a++) {
                if (location_find_storage(&org->locations.v[a], sid)) {
                    char pid[JP_LEN];
                    jp_key(pid, pse, "storage_id");
                    return fail(c, pid, "duplicate storage_id %s in this organization", sid);
                }
            }
            zm_storage st;
            memset(&st, 0, sizeof st);
            snprintf(st.storage_id, ID_LEN, "%s", sid);
            st.storage_name = xstrdup(sname);
            VEC_PUSH(lp->storages, st);
        }
    }
    return 0;
}

static bool item_has_serial(const zm_item *it, const char *serial)
{
    for (size_t r = 0; r < it->stock.n; r++)
        for (size_t k = 0; k < it->stock.v[r].serial_numbers.n; k++)
            if (strcmp(it->stock.v[r].serial_numbers.v[k], serial) == 0) return true;
    return false;
}

static int build_stock_row(const fx_ctx *c, const cJSON *s, const char *pe, zm_org *org, zm_item *it)
{
    zm_id lid, sid;
    double qty = 0;
    const cJSON *serials, *batches;
    char p[JP_LEN];
    if (check_object(c, s, pe) || get_id(c, s, pe, "location_id", true, lid) ||
        get_id(c, s, pe, "storage_id", false, sid) || get_number(c, s, pe, "quantity", true, &qty) ||
        get_string_array(c, s, pe, "serial_numbers", false, &serials) ||
        get_array(c, s, pe, "batches", false, &batches))
        return -1;
    zm_location *loc = org_find_location(org, lid);
    if (!loc) {
        jp_key(p, pe, "location_id");
        return fail(c, p, "location %s is not a location of this organization", lid);
    }
    if (sid[0] && !location_find_storage(loc, sid)) {
        jp_key(p, pe, "storage_id");
        return fail(c, p, "storage %s is not a storage (bin) of location %s", sid, lid);
    }
    for (size_t r = 0; r < it->stock.n; r++) {
        if (strcmp(it->stock.v[r].location_id, lid) == 0 && strcmp(it->stock.v[r].storage_id, sid) == 0) {
            if (!sid[0]) {
                jp_key(p, pe, "location_id");
                return fail(c, p, "duplicate stock row for location %s (no bin)", lid);
            }
            jp_key(p, pe, "storage_id");
            return fail(c, p, "duplicate stock row for location %s, bin %s", lid, sid);
        }
    }
    if (serials && !it->track_serial_number) {
        jp_key(p, pe, "serial_numbers");
        return fail(c, p, "the item does not track serial numbers (\"track_serial_number\": true)");
    }
    if (batches && !it->track_batch_number) {
        jp_key(p, pe, "batches");
        return fail(c, p, "the item does not track batches (\"track_batch_number\": true)");
    }

    zm_stock_row row;
    memset(&row, 0, sizeof row);
    snprintf(row.location_id, ID_LEN, "%s", lid);
    snprintf(row.storage_id, ID_LEN, "%s", sid);
    row.quantity = qty;
    row.accounting = qty;
    VEC_PUSH(it->stock, row);
    zm_stock_row *rp = &it->stock.v[it->stock.n - 1];

    if (serials) {
        char ps[JP_LEN], pse[JP_LEN];
        jp_key(ps, pe, "serial_numbers");
        size_t k = 0;
        const cJSON *el;
        cJSON_ArrayForEach(el, serials) {
            jp_idx(pse, ps, k++);
            if (item_has_serial(it, el->valuestring))
                return fail(c, pse, "duplicate serial number %s in this item", el->valuestring);
            VEC_PUSH(rp->serial_numbers, xstrdup(el->valuestring));
        }
        if ((double)rp->serial_numbers.n != qty) {
            jp_key(p, pe, "quantity");
            return fail(c, p, "%g does not match the %zu serial numbers of the row", qty, rp->serial_numbers.n);
        }
    }
    if (batches) {
        char pb[JP_LEN], pbe[JP_LEN];
        jp_key(pb, pe, "batches");
        size_t k = 0;
        double sum = 0;
        const cJSON *b;
        cJSON_ArrayForEach(b, batches) {
            jp_idx(pbe, pb, k++);
            const char *num = NULL;
            double bq = 0;
            if (check_object(c, b, pbe) || get_string(c, b, pbe, "batch_number", true, &num) ||
                get_number(c, b, pbe, "quantity", true, &bq))
                return -1;
            for (size_t a = 0; a < rp->batches.n; a++) {
                if (strcmp(rp->batches.v[a].batch_number, num) == 0) {
                    jp_key(p, pbe, "batch_number");
                    return fail(c, p, "duplicate batch %s in this stock row", num);
                }
            }
            zm_batch bt = {xstrdup(num), bq};
            VEC_PUSH(rp->batches, bt);
            sum += bq;
        }
        double diff = sum - qty;
        if (diff > 1e-9 || diff < -1e-9) {
            jp_key(p, pe, "quantity");
            return fail(c, p, "%g does not match the sum of the batch quantities (%g)", qty, sum);
        }
    }
    return 0;
}

static int build_items(const fx_ctx *c, const cJSON *o, const char *jp, zm_org *org)
{
    const cJSON *arr, *el;
    char p[JP_LEN], pe[JP_LEN];
    if (get_array(c, o, jp, "items", false, &arr) != 0) return -1;
    jp_key(p, jp, "items");
    size_t i = 0;
    cJSON_ArrayForEach(el, arr) {
        jp_idx(pe, p, i++);
        zm_id id;
        const char *name = NULL, *sku = NULL, *unit = NULL;
        double rate = 0;
        bool serial = false, batch = false;
        const cJSON *stock, *s;
        if (check_object(c, el, pe) || get_id(c, el, pe, "item_id", true, id) ||
            get_string(c, el, pe, "name", true, &name) || get_string(c, el, pe, "sku", false, &sku) ||
            get_string(c, el, pe, "unit", false, &unit) || get_number(c, el, pe, "rate", false, &rate) ||
            get_bool(c, el, pe, "track_serial_number", &serial) ||
            get_bool(c, el, pe, "track_batch_number", &batch) ||
            get_array(c, el, pe, "stock", false, &stock))
            return -1;
        if (org_find_item(org, id)) {
            jp_key(p, pe, "item_id");
            return fail(c, p, "duplicate item_id %s in this organization", id);
        }
        if (serial && batch) {
            jp_key(p, pe, "track_batch_number");
            return fail(c, p, "an item tracks serial numbers or batches, not both");
        }
        if (rate < 0) {
            jp_key(p, pe, "rate");
            return fail(c, p, "must not be negative");
        }
        zm_item it;
        memset(&it, 0, sizeof it);
        snprintf(it.item_id, ID_LEN, "%s", id);
        it.name = xstrdup(name);
        it.sku = xstrdup(sku);
        it.unit = xstrdup(unit);
        it.rate = rate;
        it.track_serial_number = serial;
        it.track_batch_number = batch;
        VEC_PUSH(org->items, it);
        zm_item *ip = &org->items.v[org->items.n - 1];

        char ps[JP_LEN], pse[JP_LEN];
        jp_key(ps, pe, "stock");
        size_t k = 0;
        cJSON_ArrayForEach(s, stock) {
            jp_idx(pse, ps, k++);
            if (build_stock_row(c, s, pse, org, ip) != 0) return -1;
        }
    }
    return 0;
}

static int build_reasons(const fx_ctx *c, const cJSON *o, const char *jp, zm_org *org)
{
    const cJSON *arr, *el;
    char p[JP_LEN], pe[JP_LEN];
    if (get_array(c, o, jp, "reasons", false, &arr) != 0) return -1;
    jp_key(p, jp, "reasons");
    size_t i = 0;
    cJSON_ArrayForEach(el, arr) {
        jp_idx(pe, p, i++);
        zm_id id;
        const char *text = NULL;
        if (check_object(c, el, pe) || get_id(c, el, pe, "reason_id", true, id) ||
            get_string(c, el, pe, "reason", true, &text))
            return -1;
        if (org_find_reason(org, id)) {
            jp_key(p, pe, "reason_id");
            return fail(c, p, "duplicate reason_id %s in this organization", id);
        }
        if (org_find_reason_by_text(org, text)) {
            jp_key(p, pe, "reason");
            return fail(c, p, "duplicate reason \"%s\" in this organization", text);
        }
        zm_reason r;
        snprintf(r.reason_id, ID_LEN, "%s", id);
        r.reason = xstrdup(text);
        VEC_PUSH(org->reasons, r);
    }
    return 0;
}

static int build_accounts(const fx_ctx *c, const cJSON *o, const char *jp, zm_org *org)
{
    const cJSON *arr, *el;
    char p[JP_LEN], pe[JP_LEN];
    if (get_array(c, o, jp, "accounts", false, &arr) != 0) return -1;
    jp_key(p, jp, "accounts");
    size_t i = 0;
    cJSON_ArrayForEach(el, arr) {
        jp_idx(pe, p, i++);
        zm_id id;
        const char *name = NULL;
        if (check_object(c, el, pe) || get_id(c, el, pe, "account_id", true, id) ||
            get_string(c, el, pe, "account_name", true, &name))
            return -1;
        if (org_find_account(org, id)) {
            jp_key(p, pe, "account_id");
            return fail(c, p, "duplicate account_id %s in this organization", id);
        }
        zm_account a;
        snprintf(a.account_id, ID_LEN, "%s", id);
        a.account_name = xstrdup(name);
        VEC_PUSH(org->accounts, a);
    }
    return 0;
}

static int build_settings(const fx_ctx *c, const cJSON *o, const char *jp, zm_org *org)
{
    char p[JP_LEN], pf[JP_LEN];
    jp_key(p, jp, "settings");
    const cJSON *s = member(o, "settings");
    if (s && !cJSON_IsObject(s)) return fail(c, p, "expected an object");
    const char *prefix = "IC-", *next = "00001";
    zm_id reason, account;
    if (get_string(c, s, p, "prefix_string", false, &prefix) ||
        get_string(c, s, p, "next_number", false, &next) ||
        get_id(c, s, p, "default_reason_id", false, reason) ||
        get_id(c, s, p, "default_adjustment_account", false, account))
        return -1;
    if (!is_digits(next, 19)) {
        jp_key(pf, p, "next_number");
        return fail(c, pf, "expected a string of digits, like \"00001\"");
    }
    if (reason[0] && !org_find_reason(org, reason)) {
        jp_key(pf, p, "default_reason_id");
        return fail(c, pf, "reason %s is not a reason of this organization", reason);
    }
    if (account[0] && !org_find_account(org, account)) {
        jp_key(pf, p, "default_adjustment_account");
        return fail(c, pf, "account %s is not an account of this organization", account);
    }
    if (!reason[0] && org->reasons.n) snprintf(reason, ID_LEN, "%s", org->reasons.v[0].reason_id);
    if (!account[0] && org->accounts.n) snprintf(account, ID_LEN, "%s", org->accounts.v[0].account_id);
    org->settings.prefix_string = xstrdup(prefix);
    org->settings.next_number = xstrdup(next);
    snprintf(org->settings.default_reason_id, ID_LEN, "%s", reason);
    snprintf(org->settings.default_adjustment_account, ID_LEN, "%s", account);
    return 0;
}

/* Fixture tokens are global: the same token in several organizations must
 * name the same user, and gets the union of the scopes. */
static int build_tokens(const fx_ctx *c, const cJSON *o, const char *jp, zm_org *org)
{
    const cJSON *arr, *el, *scopes;
    char p[JP_LEN], pe[JP_LEN];
    if (get_array(c, o, jp, "tokens", false, &arr) != 0) return -1;
    jp_key(p, jp, "tokens");
    size_t i = 0;
    cJSON_ArrayForEach(el, arr) {
        jp_idx(pe, p, i++);
        const char *tok = NULL;
        zm_id uid;
        if (check_object(c, el, pe) || get_string(c, el, pe, "token", true, &tok) ||
            get_id(c, el, pe, "user_id", true, uid) ||
            get_string_array(c, el, pe, "scopes", true, &scopes))
            return -1;
        if (!org_find_user(org, uid)) {
            jp_key(p, pe, "user_id");
            return fail(c, p, "user %s is not a user of this organization", uid);
        }
        zm_token *t = model_find_token(tok);
        if (t && strcmp(t->user_id, uid) != 0) {
            jp_key(p, pe, "token");
            return fail(c, p, "token %s already belongs to user %s", tok, t->user_id);
        }
        if (!t) {
            t = xcalloc(1, sizeof *t);
            t->token = xstrdup(tok);
            snprintf(t->user_id, ID_LEN, "%s", uid);
            t->expires_at = 0;
            t->issued = false;
            t->clock_org = org;
            VEC_PUSH(g_model.tokens, t);
        }
        ADD_STRINGS(t->scopes, scopes);
    }
    return 0;
}

static int build_clients(const fx_ctx *c, const cJSON *o, const char *jp, zm_org *org)
{
    const cJSON *arr, *el, *scopes;
    char p[JP_LEN], pe[JP_LEN];
    if (get_array(c, o, jp, "clients", false, &arr) != 0) return -1;
    jp_key(p, jp, "clients");
    size_t i = 0;
    cJSON_ArrayForEach(el, arr) {
        jp_idx(pe, p, i++);
        const char *id = NULL, *secret = NULL, *refresh = NULL;
        zm_id uid;
        if (check_object(c, el, pe) || get_string(c, el, pe, "client_id", true, &id) ||
            get_string(c, el, pe, "client_secret", true, &secret) ||
            get_string(c, el, pe, "refresh_token", true, &refresh) ||
            get_id(c, el, pe, "user_id", true, uid) ||
            get_string_array(c, el, pe, "scopes", true, &scopes))
            return -1;
        for (size_t k = 0; k < g_model.clients.n; k++) {
            if (strcmp(g_model.clients.v[k]->client_id, id) == 0) {
                jp_key(p, pe, "client_id");
                return fail(c, p, "duplicate client_id %s", id);
            }
            if (strcmp(g_model.clients.v[k]->refresh_token, refresh) == 0) {
                jp_key(p, pe, "refresh_token");
                return fail(c, p, "duplicate refresh_token %s", refresh);
            }
        }
        if (!org_find_user(org, uid)) {
            jp_key(p, pe, "user_id");
            return fail(c, p, "user %s is not a user of this organization", uid);
        }
        zm_client *cl = xcalloc(1, sizeof *cl);
        cl->client_id = xstrdup(id);
        cl->client_secret = xstrdup(secret);
        cl->refresh_token = xstrdup(refresh);
        snprintf(cl->user_id, ID_LEN, "%s", uid);
        cl->org = org;
        VEC_PUSH(g_model.clients, cl);
        ADD_STRINGS(cl->scopes, scopes);
    }
    return 0;
}

static int build_clock(const fx_ctx *c, const cJSON *o, const char *jp, zm_org *org)
{
    const char *clock = NULL, *zone = NULL;
    char p[JP_LEN];
    int64_t t = 0;
    int clock_off = 0, zone_off = 0;
    if (get_string(c, o, jp, "clock", false, &clock) || get_string(c, o, jp, "utc_offset", false, &zone))
        return -1;
    if (clock && clock_parse_datetime(clock, &t, &clock_off) != 0) {
        jp_key(p, jp, "clock");
        return fail(c, p, "expected a date-time like \"2025-06-15T09:00:00+0530\"");
    }
    if (zone) {
        char probe[64];
        int64_t ignored;
        snprintf(probe, sizeof probe, "2000-01-01T00:00:00%.40s", zone);
        jp_key(p, jp, "utc_offset");
        if (!zone[0] || zone[0] == 'Z' || clock_parse_datetime(probe, &ignored, &zone_off) != 0)
            return fail(c, p, "expected a UTC offset like \"+0530\"");
        if (clock && zone_off != clock_off)
            return fail(c, p, "%s disagrees with the offset of \"clock\"", zone);
    }
    memset(&org->clock, 0, sizeof org->clock);
    if (clock) {
        org->clock.frozen = true;
        org->clock.frozen_at = t;
        org->clock.utc_offset_minutes = clock_off;
    } else {
        org->clock.utc_offset_minutes = zone_off;
    }
    return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The largest id (a member named *_id) anywhere under node. */
static void max_id(const cJSON *node, uint64_t *max)
{
    for (const cJSON *ch = node->child; ch; ch = ch->next) {
        zm_id id;
        if (ch->string && ends_with(ch->string, "_id") && id_from_json(ch, id) == 0) {
            uint64_t v = strtoull(id, NULL, 10);
            if (v > *max) *max = v;
        }
        if (cJSON_IsObject(ch) || cJSON_IsArray(ch)) max_id(ch, max);
    }
}

/* Builds one organization from its fixture object (validating it). With
 * globals, also registers its tokens and clients in g_model (load and full
 * reset); without, only the organization is made (reset of one org).
 * Users are found or added in g_model either way. */
static int build_org(const fx_ctx *c, const cJSON *o, const char *jp, bool globals, zm_org **out)
{
    *out = NULL;
    if (check_object(c, o, jp) != 0) return -1;
    zm_id id;
    const char *name = NULL;
    if (get_id(c, o, jp, "organization_id", true, id) || get_string(c, o, jp, "name", true, &name))
        return -1;
    if (globals && model_find_org(id)) {
        char p[JP_LEN];
        jp_key(p, jp, "organization_id");
        return fail(c, p, "duplicate organization_id %s", id);
    }
    zm_org *org = xcalloc(1, sizeof *org);
    org->lock = org_lock_new();
    snprintf(org->organization_id, ID_LEN, "%s", id);
    org->name = xstrdup(name);
    org->fixture = o;
    if (get_bool(c, o, jp, "extended_line_item_limit", &org->extended_line_item_limit) ||
        get_bool(c, o, jp, "numeric_ids", &org->numeric_ids) ||
        build_clock(c, o, jp, org) || build_users(c, o, jp, org) ||
        build_locations(c, o, jp, org) || build_items(c, o, jp, org) ||
        build_reasons(c, o, jp, org) || build_accounts(c, o, jp, org) ||
        build_settings(c, o, jp, org) ||
        (globals && (build_tokens(c, o, jp, org) || build_clients(c, o, jp, org)))) {
        org_free(org);
        return -1;
    }
    uint64_t max = 0;
    max_id(o, &max);
    org->next_id = (max / 100000 + 1) * 100000;
    org->next_seq = 0;
    char why[512];
    if (model_seed_org(org, o, jp, why, sizeof why) != 0) {
        org_free(org);
        return fail(c, NULL, "%s", why);
    }
    *out = org;
    return 0;
}

/* Builds every organization of g_model.fixture_root into g_model. */
static int build_all(const fx_ctx *c)
{
    const cJSON *root = g_model.fixture_root, *orgs, *o;
    if (!cJSON_IsObject(root)) return fail(c, "$", "expected an object with \"organizations\"");
    if (get_array(c, root, "$", "organizations", true, &orgs) != 0) return -1;
    if (cJSON_GetArraySize(orgs) == 0) return fail(c, "$.organizations", "at least one organization is required");
    size_t i = 0;
    cJSON_ArrayForEach(o, orgs) {
        char p[JP_LEN];
        jp_idx(p, "$.organizations", i++);
        zm_org *org;
        if (build_org(c, o, p, true, &org) != 0) return -1;
        VEC_PUSH(g_model.orgs, org);
    }
    return 0;
}

/* ------------------------------------------------------------- entry */

/* Loads fixture text (a file's or the built-in copy) into the empty model. */
static int load_text(const char *name, const char *text, size_t len, bool builtin, char *err, size_t errlen)
{
    model_clear();
    fx_ctx c = {name ? name : "(no file)", err, errlen};
    if (err && errlen) err[0] = '\0';
    char field[160];
    if (!json_strings_ok(text, len, field, sizeof field))
        return fail(&c, NULL, "a string of %s is not UTF-8 text (or holds a NUL or control character)",
                    strcmp(field, "JSONString") ? field : "a key");
    char *buf = xmalloc(len + 1);
    memcpy(buf, text, len);
    buf[len] = '\0';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(buf, len + 1, &end, true);  /* + 1: the NUL ends it */
    if (!root) {
        int line = 1;
        for (const char *p = buf; end && p < end && p < buf + len; p++)
            if (*p == '\n') line++;
        free(buf);
        return fail(&c, NULL, "invalid JSON near line %d", line);
    }
    free(buf);
    g_model.fixture_root = root;
    g_model.fixture_path = xstrdup(c.file);
    g_model.fixture_builtin = builtin;
    if (build_all(&c) != 0) {
        model_clear();
        return -1;
    }
    return 0;
}

int fixtures_load_text(const char *name, const char *text, size_t len, char *err, size_t errlen)
{
    return load_text(name, text, len, false, err, errlen);
}

int fixtures_load(const char *path, char *err, size_t errlen)
{
    model_clear();
    if (err && errlen) err[0] = '\0';
    const zm_embedded_file *builtin = path ? embedded_fallback(path, "fixtures") : embedded_find(FIXTURES_DEFAULT);
    if (builtin) {
        char *name = xasprintf("built-in %s", builtin->name);
        int rc = load_text(name, (const char *)builtin->data, builtin->len, true, err, errlen);
        free(name);
        return rc;
    }
    fx_ctx c = {path ? path : "(no file)", err, errlen};
    size_t len = 0;
    char why[256];
    char *buf = path ? file_read(path, 0, &len, NULL, why, sizeof why) : NULL;
    if (!buf) return fail(&c, NULL, "cannot read: %s", path ? why : "no file named");
    int rc = load_text(path, buf, len, false, err, errlen);
    free(buf);
    return rc;
}

bool fixtures_builtin(void)
{
    return g_model.fixture_builtin;
}

/* Rebuilds one organization from its fixture object. The old struct keeps
 * its address and takes the fresh contents (org_take_contents). */
static int reset_org(fx_ctx *c, zm_org *org)
{
    if (!org->fixture) return -1;
    size_t index = 0;
    while (index < g_model.orgs.n && g_model.orgs.v[index] != org) index++;
    char p[JP_LEN];
    jp_idx(p, "$.organizations", index);
    zm_org *fresh;
    if (build_org(c, org->fixture, p, false, &fresh) != 0) return -1;
    org_take_contents(org, fresh);
    return 0;
}

int fixtures_reset(const char *organization_id)
{
    fx_ctx c = {g_model.fixture_path ? g_model.fixture_path : "(no file)", NULL, 0};
    if (organization_id) {
        zm_org *org = model_find_org(organization_id);
        return org ? reset_org(&c, org) : -1;
    }
    /* Everything: every organization in place (the fixture file, and so
     * the set of organizations, users and clients, is the same as at load),
     * so an org pointer held outside the model lock -- by a request being
     * journaled, a scenario -- never dangles. Issued OAuth tokens go. */
    for (size_t i = 0; i < g_model.orgs.n; i++)
        if (reset_org(&c, g_model.orgs.v[i]) != 0) return -1;  /* valid at load: cannot happen */
    model_auth_reset();
    g_model.token_serial = 0;
    return 0;
}

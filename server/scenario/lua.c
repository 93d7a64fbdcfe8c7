/* lua.c -- a scenario's sandboxed Lua 5.4 state: libraries, the zoho table, hooks, JSON <-> tables */
#include <civetweb.h>
#include <ctype.h>
#include <lauxlib.h>
#include <lualib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/adjustments.h"
#include "inventory/counts.h"
#include "inventory/recurring.h"
#include "inventory/scheduler.h"
#include "model/org_state.h"
#include "scenario/scenario_impl.h"
#include "zoho/fields.h"

/* The sandbox, after Redis's scripting engine: only base, table, string,
 * math and utf8 (and os.time/clock/date); no load, dofile, loadfile,
 * string.dump, collectgarbage (but "count"), require, io or debug; sources
 * load in text mode, so bytecode is refused. Every call runs under
 * lua_pcall with a traceback handler, a count hook that stops it after
 * SCENARIO_INSTRUCTION_BUDGET instructions, and an allocator capped at
 * SCENARIO_MEMORY_LIMIT. Once over budget the hook fires on every line and
 * instruction, so a script's own pcall cannot swallow the stop.
 *
 * No Lua API call that may allocate runs outside lua_pcall: an error there
 * would reach the panic handler. C resources made while Lua may still raise
 * an error (cJSON trees) hang off a context the caller frees afterwards. */

#define HOOK_EVERY 1000
#define MAX_SAFE_INTEGER 9007199254740992LL     /* 2^53 */

static char ctx_key;        /* registry: the current call's lua_ctx (light userdata) */
static char array_mt_key;   /* registry: the metatable marking JSON arrays */

/* The current call, reachable from the registry. */
typedef struct lua_ctx {
    zm_scenario *s;
    zm_request *req;        /* NULL at the top level */
    cJSON *pending;         /* a tree being pushed; freed by the caller after an error */
} lua_ctx;

/* ------------------------------------------------------- allocator, hook */

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    zm_scenario *s = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        s->mem_used -= old;
        return NULL;
    }
    if (nsize > old && s->mem_used + (nsize - old) > s->mem_limit) return NULL;
    void *p = realloc(ptr, nsize);
    if (!p) return NULL;
    s->mem_used = s->mem_used - old + nsize;
    return p;
}

static void budget_hook(lua_State *L, lua_Debug *ar)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    zm_scenario *s = ud;
    if (ar->event == LUA_HOOKCOUNT && !s->over_budget) s->instructions += HOOK_EVERY;
    if (s->instructions > SCENARIO_INSTRUCTION_BUDGET || s->over_budget) {
        if (!s->over_budget) {
            s->over_budget = true;
            /* Re-armed tighter: every later line and instruction fails too. */
            lua_sethook(L, budget_hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
        }
        luaL_error(L, "instruction budget exceeded (%I per call)", (lua_Integer)SCENARIO_INSTRUCTION_BUDGET);
    }
}

static void budget_arm(zm_scenario *s)
{
    s->instructions = 0;
    s->over_budget = false;
    lua_sethook(s->L, budget_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

static int on_panic(lua_State *L)
{
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
    fprintf(stderr, "zoho-mock: scenario: unprotected Lua error: %s\n", msg);
    abort();
}

/* ---------------------------------------------------------- the context */

static lua_ctx *ctx_get(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &ctx_key);
    lua_ctx *c = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (!c) luaL_error(L, "zoho helpers are not available here");
    return c;
}

/* Hooks run holding no model lock (model/model.h): a helper takes the
 * lock of each organization it touches, one at a time, and raises no Lua
 * error while holding it (that would leave it held). */

/* The organization a helper acts on: an explicit id, the request's, the
 * scenario's scope; NULL when none applies. (The organization list is
 * fixed while serving: no lock needed to find one.) */
static zm_org *target_org(const lua_ctx *c, const char *explicit_id)
{
    if (explicit_id) return model_find_org(explicit_id);
    if (c->req && c->req->org) return c->req->org;
    if (c->s->org_id[0]) return model_find_org(c->s->org_id);
    return NULL;
}

/* ------------------------------------------------------ JSON <-> tables */

static void push_json(lua_State *L, const cJSON *j, int depth);

/* A tree parsed while pushing (a list page's rows) lives in a userdata
 * whose __gc frees it: a Lua error half way through loses nothing. */
static int raw_tree_gc(lua_State *L)
{
    cJSON **box = lua_touserdata(L, 1);
    if (box && *box) {
        cJSON_Delete(*box);
        *box = NULL;
    }
    return 0;
}

static void push_raw_parsed(lua_State *L, const char *text, int depth)
{
    cJSON **box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = NULL;
    if (luaL_newmetatable(L, "zoho-mock.raw-tree")) {
        lua_pushcfunction(L, raw_tree_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    *box = json_parse(text, strlen(text));
    if (*box) push_json(L, *box, depth);
    else lua_pushstring(L, text);
    cJSON_Delete(*box);
    *box = NULL;
    lua_remove(L, -2);
}

static void push_json(lua_State *L, const cJSON *j, int depth)
{
    if (depth > JSON_MAX_DEPTH) luaL_error(L, "JSON nested more than %d deep", JSON_MAX_DEPTH);
    luaL_checkstack(L, 4, "JSON nested too deeply");
    switch (j->type & 0xFF) {
    case cJSON_False: lua_pushboolean(L, 0); break;
    case cJSON_True: lua_pushboolean(L, 1); break;
    case cJSON_NULL: lua_pushlightuserdata(L, NULL); break;
    case cJSON_Number: {
        double d = j->valuedouble;
        if (d == floor(d) && fabs(d) <= (double)MAX_SAFE_INTEGER) lua_pushinteger(L, (lua_Integer)d);
        else lua_pushnumber(L, d);
        break;
    }
    case cJSON_Raw:
        /* A list page's rows, printed as they were made (json_buf_to_raw):
         * the script sees them as JSON again. */
        if (j->valuestring && (j->valuestring[0] == '[' || j->valuestring[0] == '{')) {
            push_raw_parsed(L, j->valuestring, depth);
            break;
        }
        /* Exact ids as raw digits (a numeric_ids organization's answers). */
        if (!j->valuestring || !lua_stringtonumber(L, j->valuestring)) lua_pushstring(L, j->valuestring ? j->valuestring : "");
        break;
    case cJSON_String: lua_pushstring(L, j->valuestring ? j->valuestring : ""); break;
    case cJSON_Array: {
        lua_createtable(L, cJSON_GetArraySize(j), 0);
        lua_Integer i = 1;
        for (const cJSON *e = j->child; e; e = e->next) {
            push_json(L, e, depth + 1);
            lua_rawseti(L, -2, i++);
        }
        lua_rawgetp(L, LUA_REGISTRYINDEX, &array_mt_key);
        lua_setmetatable(L, -2);
        break;
    }
    case cJSON_Object:
        lua_createtable(L, 0, cJSON_GetArraySize(j));
        for (const cJSON *e = j->child; e; e = e->next) {
            if (!e->string) continue;
            lua_pushstring(L, e->string);
            push_json(L, e, depth + 1);
            lua_rawset(L, -3);
        }
        break;
    default: lua_pushnil(L); break;
    }
}

/* A table is a JSON array when marked by zoho.array (or decoded from
 * one), or when its keys are exactly 1..n with n >= 1. */
static bool table_is_array(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    if (lua_getmetatable(L, idx)) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &array_mt_key);
        bool marked = lua_rawequal(L, -1, -2);
        lua_pop(L, 2);
        if (marked) return true;
    }
    lua_Integer count = 0, max = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1) {
            lua_pop(L, 1);
            return false;
        }
        lua_Integer k = lua_tointeger(L, -1);
        if (k > max) max = k;
        count++;
    }
    return count > 0 && max == count;
}

/* The node for the value at idx: a scalar, or an empty array or object
 * that fill_json fills once the node is attached to its parent (so an
 * error half way leaves nothing unowned). */
static cJSON *json_node(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    cJSON *node = NULL;
    switch (lua_type(L, idx)) {
    case LUA_TNIL: node = cJSON_CreateNull(); break;
    case LUA_TBOOLEAN: node = cJSON_CreateBool(lua_toboolean(L, idx)); break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            lua_Integer v = lua_tointeger(L, idx);
            if (v > MAX_SAFE_INTEGER || v < -MAX_SAFE_INTEGER) {
                char buf[32];
                snprintf(buf, sizeof buf, "%lld", (long long)v);
                node = cJSON_CreateRaw(buf);
            } else {
                node = cJSON_CreateNumber((double)v);
            }
        } else {
            double d = lua_tonumber(L, idx);
            node = isfinite(d) ? cJSON_CreateNumber(d) : cJSON_CreateNull();
        }
        break;
    case LUA_TSTRING: node = cJSON_CreateString(lua_tostring(L, idx)); break;
    case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L, idx) != NULL) luaL_error(L, "cannot encode a userdata value as JSON");
        node = cJSON_CreateNull();
        break;
    case LUA_TTABLE: node = table_is_array(L, idx) ? cJSON_CreateArray() : cJSON_CreateObject(); break;
    default: luaL_error(L, "cannot encode a %s value as JSON", luaL_typename(L, idx));
    }
    if (!node) alloc_out_of_memory(sizeof(cJSON));
    return node;
}

static void fill_json(lua_State *L, int idx, cJSON *node, int depth)
{
    if (depth > JSON_MAX_DEPTH) luaL_error(L, "table nested more than %d deep (a cycle?)", JSON_MAX_DEPTH);
    luaL_checkstack(L, 4, "table nested too deeply");
    idx = lua_absindex(L, idx);
    if (cJSON_IsArray(node)) {
        lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, idx, i);
            cJSON *child = json_node(L, -1);
            cJSON_AddItemToArray(node, child);
            if (lua_type(L, -1) == LUA_TTABLE) fill_json(L, -1, child, depth + 1);
            lua_pop(L, 1);
        }
        return;
    }
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        char keybuf[32];
        const char *key;
        if (lua_type(L, -2) == LUA_TSTRING) {
            key = lua_tostring(L, -2);
        } else if (lua_isinteger(L, -2)) {
            snprintf(keybuf, sizeof keybuf, "%lld", (long long)lua_tointeger(L, -2));
            key = keybuf;
        } else {
            luaL_error(L, "cannot encode a table key of type %s as JSON", luaL_typename(L, -2));
            return;
        }
        cJSON *child = json_node(L, -1);
        cJSON_AddItemToObject(node, key, child);
        if (lua_type(L, -1) == LUA_TTABLE) fill_json(L, -1, child, depth + 1);
        lua_pop(L, 1);
    }
}

/* Converts the value at idx into *slot (owned by whoever owns the slot). */
static void to_json(lua_State *L, int idx, cJSON **slot)
{
    *slot = json_node(L, idx);
    if (lua_type(L, idx) == LUA_TTABLE) fill_json(L, idx, *slot, 1);
}

/* ------------------------------------------------------ the zoho table */

/* Appends fmt with each "%s" replaced by the next argument (from index
 * first to last; "" when there are no more). Never a printf of script
 * data. last is taken before luaL_buffinit, which may push a placeholder. */
static void format_message(lua_State *L, luaL_Buffer *b, const char *fmt, int first, int last)
{
    int arg = first, top = last;
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            if (arg <= top) {
                luaL_tolstring(L, arg++, NULL);
                luaL_addvalue(b);
            }
            p++;
        } else if (p[0] == '%' && p[1] == '%') {
            luaL_addchar(b, '%');
            p++;
        } else {
            luaL_addchar(b, *p);
        }
    }
}

/* zoho.error(code [, args...]) or zoho.error(status, code [, message]). */
static int z_error(lua_State *L)
{
    lua_Integer status, code;
    if (lua_type(L, 1) == LUA_TNUMBER && lua_type(L, 2) == LUA_TNUMBER) {
        status = luaL_checkinteger(L, 1);
        code = luaL_checkinteger(L, 2);
        if (status < 100 || status > 599) return luaL_error(L, "zoho.error: status %d is not an HTTP status", (int)status);
        const zoho_error *e = zoho_error_by_code((int)code);
        const char *message = luaL_optstring(L, 3, NULL);
        if (message) lua_pushstring(L, message);
        else if (e) {
            int last = lua_gettop(L);
            luaL_Buffer b;
            luaL_buffinit(L, &b);
            format_message(L, &b, e->message_format, 4, last);
            luaL_pushresult(&b);
        } else lua_pushliteral(L, "");
    } else {
        code = luaL_checkinteger(L, 1);
        const zoho_error *e = zoho_error_by_code((int)code);
        if (!e)
            return luaL_error(L, "zoho.error: code %d is not in the error table (use zoho.error(status, code, message))",
                              (int)code);
        status = e->http_status;
        int last = lua_gettop(L);
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        format_message(L, &b, e->message_format, 2, last);
        luaL_pushresult(&b);
    }
    /* message is on top */
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, status);
    lua_setfield(L, -2, "status");
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, code);
    lua_setfield(L, -2, "code");
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "message");
    lua_setfield(L, -2, "body");
    return 1;
}

/* A non-negative integer field of the table at idx (0 when absent). */
static int opt_count_field(lua_State *L, int idx, const char *name, const char *fn)
{
    lua_getfield(L, idx, name);
    int v = 0;
    if (!lua_isnil(L, -1)) {
        int isnum = 0;
        lua_Integer n = lua_tointegerx(L, -1, &isnum);
        if (!isnum || n < 0 || n > 1000000000) return luaL_error(L, "%s: %s must be a whole number >= 0", fn, name);
        v = (int)n;
    }
    lua_pop(L, 1);
    return v;
}

/* Refuses fields other than the allowed ones (typos fail loudly). */
static void check_fields(lua_State *L, int idx, const char *fn, const char *const *allowed)
{
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        bool ok = false;
        if (lua_type(L, -1) == LUA_TSTRING)
            for (size_t i = 0; allowed[i]; i++) ok = ok || strcmp(lua_tostring(L, -1), allowed[i]) == 0;
        if (!ok) luaL_error(L, "%s: unknown field '%s'", fn, luaL_tolstring(L, -1, NULL));
    }
}

/* zoho.rate_limit{per_minute=, per_day=, concurrent=}; nil turns it off. */
static int z_rate_limit(lua_State *L)
{
    lua_ctx *c = ctx_get(L);
    int pm = 0, pd = 0, cc = 0;
    if (!lua_isnoneornil(L, 1)) {
        luaL_checktype(L, 1, LUA_TTABLE);
        static const char *const fields[] = {"per_minute", "per_day", "concurrent", NULL};
        check_fields(L, 1, "zoho.rate_limit", fields);
        pm = opt_count_field(L, 1, "per_minute", "zoho.rate_limit");
        pd = opt_count_field(L, 1, "per_day", "zoho.rate_limit");
        cc = opt_count_field(L, 1, "concurrent", "zoho.rate_limit");
    }
    ratelimit_configure(c->s, pm, pd, cc);
    return 0;
}

/* zoho.page_size(n): per_page at most n on list endpoints; nil or 0: off. */
static int z_page_size(lua_State *L)
{
    lua_ctx *c = ctx_get(L);
    lua_Integer n = luaL_optinteger(L, 1, 0);
    if (n < 0 || n > 200) return luaL_error(L, "zoho.page_size: %d is not from 1 to 200 (0 or nil: no cap)", (int)n);
    atomic_store(&c->s->page_size, (int)n);
    return 0;
}

/* zoho.background(action, {after_reads=N} | {after_seconds=S} | nil). */
static int z_background(lua_State *L)
{
    lua_ctx *c = ctx_get(L);
    const char *action = luaL_checkstring(L, 1);
    int reads = 0, seconds = 0;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        static const char *const fields[] = {"after_reads", "after_seconds", NULL};
        check_fields(L, 2, "zoho.background", fields);
        reads = opt_count_field(L, 2, "after_reads", "zoho.background");
        seconds = opt_count_field(L, 2, "after_seconds", "zoho.background");
    }
    if (strlen(action) >= sizeof(((zm_background_applied *)0)->action))
        return luaL_error(L, "zoho.background: unknown action '%s' (start, submit or approve)", action);
    int rc = 0, orgs = 0;
    zm_org *one = target_org(c, NULL);
    for (size_t i = 0; i < g_model.orgs.n && rc == 0; i++) {
        zm_org *org = g_model.orgs.v[i];
        if (one ? org != one : c->s->org_id[0] != '\0') continue;
        org_lock(org);
        rc = counts_background_set(org, action, reads, seconds);
        org_unlock(org);
        if (rc == 0) {
            zm_background_applied a;
            memset(&a, 0, sizeof a);
            snprintf(a.org_id, sizeof a.org_id, "%s", org->organization_id);
            snprintf(a.action, sizeof a.action, "%s", action);
            a.after_reads = reads;
            a.after_seconds = seconds;
            VEC_PUSH(c->s->background, a);
            orgs++;
        }
    }
    if (rc != 0) return luaL_error(L, "zoho.background: unknown action '%s' (start, submit or approve)", action);
    if (orgs == 0) return luaL_error(L, "zoho.background: no organization to apply it to");
    return 0;
}

/* zoho.now([organization_id]): the organization's clock, epoch seconds. */
static int z_now(lua_State *L)
{
    lua_ctx *c = ctx_get(L);
    const char *id = luaL_optstring(L, 1, NULL);
    bool found = false;
    int64_t now = 0;
    zm_org *org = target_org(c, id);
    if (!org && !id && g_model.orgs.n) org = g_model.orgs.v[0];
    if (org) {
        now = org_clock_now(org);
        found = true;
    }
    if (!found) return luaL_error(L, "zoho.now: no such organization");
    lua_pushinteger(L, (lua_Integer)now);
    return 1;
}

/* zoho.advance(seconds [, organization_id]): moves the clock forward and
 * runs what fell due (scheduler.c); a global scenario outside a request
 * moves every organization's. Returns the new now. */
static int z_advance(lua_State *L)
{
    lua_ctx *c = ctx_get(L);
    lua_Integer seconds = luaL_checkinteger(L, 1);
    const char *id = luaL_optstring(L, 2, NULL);
    /* Forward only, like PUT /__admin/clock: what fell due has happened. */
    if (seconds < 0 || seconds > 3153600000LL)
        return luaL_error(L, "zoho.advance: %I seconds: the clock moves forward only (0 to 100 years)", seconds);
    bool found = false;
    int64_t now = 0;
    zm_org *one = target_org(c, id);
    /* One instant for the move and what falls due, which the state
     * journal keeps with it (--state: model/clock.h). */
    bool pinned = clock_wall_pinned();
    clock_pin_wall(clock_wall());
    for (size_t i = 0; i < g_model.orgs.n; i++) {
        zm_org *org = g_model.orgs.v[i];
        if (one ? org != one : (id != NULL || c->s->org_id[0] != '\0')) continue;
        org_lock(org);
        int64_t t = clock_now(&org->clock) + seconds;
        clock_set(&org->clock, t);
        org_run_due(org);
        org_journal_clock(org);
        org_unlock(org);
        if (!found) now = t;
        found = true;
    }
    if (!pinned) clock_unpin_wall();
    if (!found) return luaL_error(L, "zoho.advance: no such organization");
    lua_pushinteger(L, (lua_Integer)now);
    return 1;
}

/* A JSON copy of one item (its organization's lock held). */
static cJSON *item_json(const zm_item *it)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "item_id", it->item_id);
    cJSON_AddStringToObject(j, "name", it->name ? it->name : "");
    cJSON_AddStringToObject(j, "sku", it->sku ? it->sku : "");
    cJSON_AddStringToObject(j, "unit", it->unit ? it->unit : "");
    cJSON_AddNumberToObject(j, "rate", it->rate);
    cJSON_AddBoolToObject(j, "track_serial_number", it->track_serial_number);
    cJSON_AddBoolToObject(j, "track_batch_number", it->track_batch_number);
    cJSON_AddNumberToObject(j, "stock_on_hand", item_stock_at(it, NULL));
    cJSON *rows = cJSON_AddArrayToObject(j, "stock");
    for (size_t i = 0; i < it->stock.n; i++) {
        const zm_stock_row *r = &it->stock.v[i];
        cJSON *row = cJSON_CreateObject();
        cJSON_AddStringToObject(row, "location_id", r->location_id);
        cJSON_AddStringToObject(row, "storage_id", r->storage_id);
        cJSON_AddNumberToObject(row, "quantity", r->quantity);
        cJSON_AddItemToArray(rows, row);
    }
    return j;
}

/* zoho.get(kind, id [, organization_id]): a read-only copy, or nil. */
static int z_get(lua_State *L)
{
    lua_ctx *c = ctx_get(L);
    const char *kind = luaL_checkstring(L, 1);
    const char *id = luaL_checkstring(L, 2);
    const char *org_id = luaL_optstring(L, 3, NULL);
    enum { K_COUNT, K_ADJUSTMENT, K_ITEM, K_PROFILE, K_UNKNOWN } k = K_UNKNOWN;
    if (!strcmp(kind, "count") || !strcmp(kind, "inventorycount")) k = K_COUNT;
    else if (!strcmp(kind, "adjustment") || !strcmp(kind, "inventoryadjustment")) k = K_ADJUSTMENT;
    else if (!strcmp(kind, "item")) k = K_ITEM;
    else if (!strcmp(kind, "profile") || !strcmp(kind, "recurringinventorycount")) k = K_PROFILE;
    if (k == K_UNKNOWN) return luaL_error(L, "zoho.get: unknown kind '%s' (count, profile, adjustment, item)", kind);
    bool no_org = false;
    cJSON *copy = NULL;
    zm_org *org = target_org(c, org_id);
    if (org) org_lock(org);
    if (!org) {
        no_org = true;
    } else if (k == K_COUNT) {
        zm_stock_count *sc = org_find_count(org, id);
        if (sc) copy = count_to_json(org, sc, true);
    } else if (k == K_PROFILE) {
        zm_recurring *r = org_find_recurring(org, id, NULL);
        if (r) copy = recurring_to_json(org, r);
    } else if (k == K_ADJUSTMENT) {
        zm_adjustment *a = org_find_adjustment(org, id, NULL);
        if (a) copy = adjustment_to_json(org, a, true);
    } else {
        zm_item *it = org_find_item(org, id);
        if (it) copy = item_json(it);
    }
    if (org) org_unlock(org);
    if (no_org) return luaL_error(L, "zoho.get: no organization (pass organization_id as the third argument)");
    if (!copy) {
        lua_pushnil(L);
        return 1;
    }
    c->pending = copy;
    push_json(L, copy, 0);
    c->pending = NULL;
    cJSON_Delete(copy);
    return 1;
}

/* splitmix64: small, seedable, and the same on every platform. */
static uint64_t next_random(zm_scenario *s)
{
    uint64_t z = (s->rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* zoho.random() in [0,1); zoho.random(n) in 1..n; zoho.random(m, n). */
static int z_random(lua_State *L)
{
    lua_ctx *c = ctx_get(L);
    uint64_t r = next_random(c->s);
    if (lua_isnoneornil(L, 1)) {
        lua_pushnumber(L, (double)(r >> 11) * (1.0 / 9007199254740992.0));
        return 1;
    }
    lua_Integer lo = 1, hi;
    if (lua_isnoneornil(L, 2)) hi = luaL_checkinteger(L, 1);
    else {
        lo = luaL_checkinteger(L, 1);
        hi = luaL_checkinteger(L, 2);
    }
    if (lo > hi) return luaL_error(L, "zoho.random: interval is empty");
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;
    lua_pushinteger(L, span ? (lua_Integer)((uint64_t)lo + r % span) : (lua_Integer)r);
    return 1;
}

/* zoho.log(...): one line on the server log (stderr). */
static int z_log(lua_State *L)
{
    lua_ctx *c = ctx_get(L);
    int n = lua_gettop(L);      /* before luaL_buffinit, which may push */
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    fprintf(stderr, "zoho-mock: scenario %s: %.2000s\n", c->s->name, lua_tostring(L, -1));
    return 0;
}

/* zoho.array([t]): marks t (or a new table) to encode as a JSON array. */
static int z_array(lua_State *L)
{
    if (lua_isnoneornil(L, 1)) lua_newtable(L);
    else luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &array_mt_key);
    lua_setmetatable(L, 1);
    return 1;
}

/* collectgarbage("count") only: the rest could stop the collector or
 * spend unbounded time per call. */
static int safe_collectgarbage(lua_State *L)
{
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L, "collectgarbage('%s') is not available in scenarios", opt);
    int kb = lua_gc(L, LUA_GCCOUNT), b = lua_gc(L, LUA_GCCOUNTB);
    lua_pushnumber(L, (lua_Number)kb + (lua_Number)b / 1024);
    return 1;
}

static const luaL_Reg zoho_functions[] = {
    {"error", z_error},
    {"rate_limit", z_rate_limit},
    {"page_size", z_page_size},
    {"background", z_background},
    {"now", z_now},
    {"advance", z_advance},
    {"get", z_get},
    {"random", z_random},
    {"log", z_log},
    {"array", z_array},
    {NULL, NULL},
};

/* ---------------------------------------------------- protected calls */

static int traceback_handler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (!msg) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) msg = lua_tostring(L, -1);
        else msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Runs fn(arg) protected, with the budget armed and ctx reachable. 0, or
 * -1 with the message (no traceback) in err; the traceback is logged. */
static int run_protected(zm_scenario *s, lua_ctx *ctx, bool set_ctx, lua_CFunction fn, void *arg,
                         char *err, size_t errlen)
{
    lua_State *L = s->L;
    int base = lua_gettop(L);
    /* The registry slot exists once setup_and_run made it (inside its own
     * protected call), so this does not allocate. */
    if (set_ctx) {
        lua_pushlightuserdata(L, ctx);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &ctx_key);
    }
    budget_arm(s);
    lua_pushcfunction(L, traceback_handler);
    lua_pushcfunction(L, fn);
    lua_pushlightuserdata(L, arg);
    int rc = lua_pcall(L, 1, 0, base + 1);
    int result = 0;
    if (rc != LUA_OK) {
        const char *full = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        if (rc == LUA_ERRMEM || !full) {
            snprintf(err, errlen, "not enough memory (a scenario's Lua state is capped at %u MB)",
                     SCENARIO_MEMORY_LIMIT / (1024u * 1024u));
            full = err;
        } else {
            const char *tb = strstr(full, "\nstack traceback:");
            size_t len = tb ? (size_t)(tb - full) : strlen(full);
            snprintf(err, errlen, "%.*s", (int)len, full);
        }
        fprintf(stderr, "zoho-mock: scenario %s: %s\n", s->name, full);
        result = -1;
    } else if (s->over_budget) {
        snprintf(err, errlen, "instruction budget exceeded (%llu per call; the script caught the error)",
                 (unsigned long long)SCENARIO_INSTRUCTION_BUDGET);
        fprintf(stderr, "zoho-mock: scenario %s: %s\n", s->name, err);
        result = -1;
    }
    lua_settop(L, base);
    if (set_ctx || result == 0) {   /* the slot exists: no allocation */
        lua_pushlightuserdata(L, NULL);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &ctx_key);
    }
    budget_arm(s);
    if (ctx->pending) {
        cJSON_Delete(ctx->pending);
        ctx->pending = NULL;
    }
    return result;
}

/* ------------------------------------------------------------- loading */

static const luaL_Reg safe_libs[] = {
    {LUA_GNAME, luaopen_base},
    {LUA_TABLIBNAME, luaopen_table},
    {LUA_STRLIBNAME, luaopen_string},
    {LUA_MATHLIBNAME, luaopen_math},
    {LUA_UTF8LIBNAME, luaopen_utf8},
    {NULL, NULL},
};

/* Opens the sandbox, then loads and runs the script's top level. */
static int setup_and_run(lua_State *L)
{
    zm_scenario *s = ((lua_ctx *)lua_touserdata(L, 1))->s;
    lua_pushvalue(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &ctx_key);
    lua_newtable(L);
    lua_pushliteral(L, "zoho.array");
    lua_setfield(L, -2, "__name");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &array_mt_key);

    for (const luaL_Reg *lib = safe_libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    /* os: time, clock and date only. */
    luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 0);
    lua_createtable(L, 0, 3);
    static const char *const os_keep[] = {"time", "clock", "date"};
    for (size_t i = 0; i < 3; i++) {
        lua_getfield(L, -2, os_keep[i]);
        lua_setfield(L, -2, os_keep[i]);
    }
    lua_setglobal(L, "os");
    lua_pop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushnil(L);
    lua_setfield(L, -2, LUA_OSLIBNAME);
    lua_pop(L, 1);

    static const char *const removed[] = {"dofile", "loadfile", "load", "require", NULL};
    for (size_t i = 0; removed[i]; i++) {
        lua_pushnil(L);
        lua_setglobal(L, removed[i]);
    }
    lua_getglobal(L, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    lua_pop(L, 1);
    lua_pushcfunction(L, safe_collectgarbage);
    lua_setglobal(L, "collectgarbage");
    lua_pushcfunction(L, z_log);
    lua_setglobal(L, "print");

    /* Seeded: math.random repeats run to run like zoho.random. */
    lua_getglobal(L, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, (lua_Integer)s->seed);
    lua_call(L, 1, 0);
    lua_pop(L, 1);

    luaL_newlib(L, zoho_functions);
    lua_pushlightuserdata(L, NULL);
    lua_setfield(L, -2, "null");
    lua_setglobal(L, "zoho");

    if (luaL_loadbufferx(L, s->source, s->source_len, s->chunkname, "t") != LUA_OK) return lua_error(L);
    lua_call(L, 0, 0);

    lua_getglobal(L, "on_request");
    s->has_on_request = lua_isfunction(L, -1);
    lua_getglobal(L, "on_response");
    s->has_on_response = lua_isfunction(L, -1);
    return 0;
}

int scenario_lua_load(zm_scenario *s, char *err, size_t errlen)
{
    s->mem_used = 0;
    s->mem_limit = SCENARIO_MEMORY_LIMIT;
    s->rng = s->seed;
    s->L = lua_newstate(capped_alloc, s);
    if (!s->L) {
        snprintf(err, errlen, "cannot create a Lua state");
        return -1;
    }
    lua_atpanic(s->L, on_panic);
    lua_ctx ctx = {s, NULL, NULL};
    if (run_protected(s, &ctx, false, setup_and_run, &ctx, err, errlen) != 0) {
        scenario_lua_close(s);
        return -1;
    }
    return 0;
}

void scenario_lua_close(zm_scenario *s)
{
    if (!s->L) return;
    budget_arm(s);      /* finalizers run under the budget too */
    lua_close(s->L);
    s->L = NULL;
}

/* --------------------------------------------------------------- hooks */

typedef struct hook_job {
    lua_ctx *ctx;
    const char *hook;           /* "on_request" / "on_response" */
    cJSON *req_json;            /* owned by the caller */
    cJSON *res_json;            /* NULL for on_request */
    zm_hook_result *out;
} hook_job;

/* Reads a response table (at idx) into out. */
static void read_result(lua_State *L, int idx, const char *hook, zm_hook_result *out)
{
    out->returned = true;
    lua_getfield(L, idx, "status");
    if (!lua_isnil(L, -1)) {
        int isnum = 0;
        lua_Integer st = lua_tointegerx(L, -1, &isnum);
        if (!isnum || st < 100 || st > 599) luaL_error(L, "%s: status must be an HTTP status (100-599)", hook);
        out->has_status = true;
        out->status = (int)st;
    }
    lua_pop(L, 1);

    lua_getfield(L, idx, "body");
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t len;
        const char *b = lua_tolstring(L, -1, &len);
        out->raw_body = xmalloc(len + 1);
        memcpy(out->raw_body, b, len);
        out->raw_body[len] = '\0';
        out->has_body = true;
    } else if (lua_type(L, -1) == LUA_TTABLE) {
        out->has_body = true;
        to_json(L, -1, &out->body);
    } else if (!lua_isnil(L, -1)) {
        luaL_error(L, "%s: body must be a table or a string, not a %s", hook, luaL_typename(L, -1));
    }
    lua_pop(L, 1);

    lua_getfield(L, idx, "headers");
    if (lua_type(L, -1) == LUA_TTABLE) {
        out->has_headers = true;
        int h = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, h)) {
            if (lua_type(L, -2) != LUA_TSTRING) luaL_error(L, "%s: header names must be strings", hook);
            if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER)
                luaL_error(L, "%s: header %s must be a string or a number", hook, lua_tostring(L, -2));
            const char *name = lua_tostring(L, -2);
            if (!scenario_header_allowed(name))
                luaL_error(L, "%s: header '%s' cannot be set by a scenario", hook, name);
            lua_pushvalue(L, -1);
            const char *value = lua_tostring(L, -1);
            zm_header hd = {xstrdup(name), xstrdup(value)};
            for (char *p = hd.value; *p; p++)
                if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = ' ';
            VEC_PUSH(out->headers, hd);
            lua_pop(L, 2);
        }
    } else if (!lua_isnil(L, -1)) {
        luaL_error(L, "%s: headers must be a table", hook);
    }
    lua_pop(L, 1);

    lua_getfield(L, idx, "delay_ms");
    if (!lua_isnil(L, -1)) {
        int isnum = 0;
        lua_Number ms = lua_tonumberx(L, -1, &isnum);
        if (!isnum || !(ms >= 0)) luaL_error(L, "%s: delay_ms must be a number >= 0", hook);
        out->delay_ms = ms > SCENARIO_MAX_DELAY_MS ? SCENARIO_MAX_DELAY_MS : (int)ms;
    }
    lua_pop(L, 1);

    lua_getfield(L, idx, "fault");
    if (!lua_isnil(L, -1)) {
        const char *f = lua_tostring(L, -1);
        int fault = f ? scenario_fault_parse(f) : -1;
        if (fault < 0) luaL_error(L, "%s: unknown fault '%s' (reset, empty, malformed, truncate, hang)", hook, f ? f : "?");
        out->fault = (zm_fault)fault;
    }
    lua_pop(L, 1);
}

static int hook_body(lua_State *L)
{
    hook_job *job = lua_touserdata(L, 1);
    if (lua_getglobal(L, job->hook) != LUA_TFUNCTION) return 0;
    push_json(L, job->req_json, 0);
    int nargs = 1;
    if (job->res_json) {
        push_json(L, job->res_json, 0);
        nargs = 2;
    }
    lua_call(L, nargs, 1);
    if (lua_isnil(L, -1)) return 0;
    if (!lua_istable(L, -1)) return luaL_error(L, "%s must return a table or nil, not a %s", job->hook, luaL_typename(L, -1));
    read_result(L, lua_gettop(L), job->hook, job->out);
    return 0;
}

/* ?a=1&b=x%20y as {"a":"1","b":"x y"}. */
static cJSON *query_json(const char *query)
{
    cJSON *q = cJSON_CreateObject();
    size_t len = strlen(query);
    char *key = xmalloc(len + 1), *val = xmalloc(len + 1);
    for (const char *p = query; *p;) {
        size_t n = strcspn(p, "&");
        const char *eq = memchr(p, '=', n);
        size_t kl = eq ? (size_t)(eq - p) : n;
        if (kl > 0) {
            mg_url_decode(p, (int)kl, key, (int)len + 1, 1);
            if (eq) mg_url_decode(eq + 1, (int)(n - kl - 1), val, (int)len + 1, 1);
            else val[0] = '\0';
            cJSON_DeleteItemFromObjectCaseSensitive(q, key);
            cJSON_AddStringToObject(q, key, val);
        }
        p += n;
        if (*p == '&') p++;
    }
    free(key);
    free(val);
    return q;
}

static cJSON *request_json(const zm_request *req, unsigned long n)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "method", req->method ? req->method : "");
    cJSON_AddStringToObject(r, "path", req->path ? req->path : "");
    cJSON_AddStringToObject(r, "route", req->route && req->route->name ? req->route->name : "");
    cJSON *params = cJSON_AddObjectToObject(r, "params");
    for (int i = 0; i < req->num_params; i++)
        cJSON_AddStringToObject(params, req->param_names[i], req->param_values[i]);
    cJSON_AddItemToObject(r, "query", query_json(req->query ? req->query : ""));
    cJSON *headers = cJSON_AddObjectToObject(r, "headers");
    for (int i = 0; i < req->num_headers; i++) {
        char *name = xstrdup(req->headers[i].name);
        for (char *p = name; *p; p++) *p = (char)tolower((unsigned char)*p);
        cJSON_DeleteItemFromObjectCaseSensitive(headers, name);
        cJSON_AddStringToObject(headers, name, req->headers[i].value ? req->headers[i].value : "");
        free(name);
    }
    const char *text = req->form_json ? req->form_json : req->raw_body;
    size_t text_len = req->form_json ? strlen(req->form_json) : req->raw_body_len;
    if (text && text_len) {
        cJSON *body = json_parse(text, text_len);
        if (body) cJSON_AddItemToObject(r, "body", body);
    }
    if (req->org) cJSON_AddStringToObject(r, "organization_id", req->org->organization_id);
    if (req->user) cJSON_AddStringToObject(r, "user_id", req->user->user_id);
    cJSON_AddNumberToObject(r, "n", (double)n);
    return r;
}

static cJSON *response_json(const zm_reply *rep)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddNumberToObject(r, "status", rep->status);
    cJSON *headers = cJSON_AddObjectToObject(r, "headers");
    for (size_t i = 0; i < rep->headers.n; i++)
        cJSON_AddStringToObject(headers, rep->headers.v[i].name, rep->headers.v[i].value);
    if (rep->raw_body) cJSON_AddStringToObject(r, "body", rep->raw_body);
    else if (rep->body) cJSON_AddItemReferenceToObject(r, "body", rep->body);
    return r;
}

int scenario_lua_hook(zm_scenario *s, zm_request *req, unsigned long n, const zm_reply *res,
                      zm_hook_result *out, char *err, size_t errlen)
{
    if (!s->L) return 0;
    lua_ctx ctx = {s, req, NULL};
    hook_job job = {&ctx, res ? "on_response" : "on_request", request_json(req, n),
                    res ? response_json(res) : NULL, out};
    int rc = run_protected(s, &ctx, true, hook_body, &job, err, errlen);
    cJSON_Delete(job.req_json);
    cJSON_Delete(job.res_json);
    return rc;
}

void hook_result_free(zm_hook_result *r)
{
    cJSON_Delete(r->body);
    free(r->raw_body);
    for (size_t i = 0; i < r->headers.n; i++) {
        free(r->headers.v[i].name);
        free(r->headers.v[i].value);
    }
    VEC_FREE(r->headers);
    memset(r, 0, sizeof *r);
}

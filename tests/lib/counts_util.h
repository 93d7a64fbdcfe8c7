/* counts_util.h -- helpers shared by the stock count tests: driving a count over HTTP */
#ifndef ZM_TEST_COUNTS_UTIL_H
#define ZM_TEST_COUNTS_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http_client.h"

#define ORG "?organization_id=10234695"
#define ORGQ "organization_id=10234695"
#define JOHN "1000.full.john"
#define JANE "1000.full.jane"
#define RAVI "1000.full.ravi"
#define JOHN_ID "4815000000012345"
#define JANE_ID "4815000000012300"
#define IC "/inventory/v1/inventorycounts"
#define MAIN_WH "4815000000038080"

/* From fixtures/default.json, organization 10234695, Main Warehouse: */
#define LAPTOP15 "4815000000033001"   /* batch tracked, 2 bins: 12 (LAP-B2025-01 8, -02 4) + 5 (-03 5) */
#define LAPTOP13 "4815000000033002"   /* serial tracked, 1 bin: LAP13-SN-0001..0004 */
#define MOUSE "4815000000033003"      /* plain, 1 bin (4815000000050020): 120 */
#define SURGE "4815000000033024"      /* plain, no bin: 45 */
#define MOUSE_BIN "4815000000050020"
#define DOCK_BIN "4815000000050030"   /* a Main Warehouse bin that holds no mouse */
#define REASON_DEFAULT "4815000000000388"
#define REASON_DAMAGED "4815000000000389"

/* POST /inventorycounts with the given line items ("[...]") and extra body
 * members (",\"description\":\"x\"" or ""); returns the new id (free it). */
static inline char *count_create_as(const char *token, const char *lines, const char *extra)
{
    char *body = malloc(strlen(lines) + strlen(extra) + 128);
    sprintf(body, "{\"location_id\":\"" MAIN_WH "\",\"line_items\":%s%s}", lines, extra);
    tresponse r = treq("POST", IC ORG, token, body);
    free(body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "code"), 0);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock count has been saved.");
    char *id = strdup(tjson_str(r.json, "inventorycount.inventorycount_id"));
    tresponse_free(&r);
    return id;
}

static inline char *count_create(const char *lines) { return count_create_as(JOHN, lines, ""); }

/* METHOD /inventorycounts/{id}{suffix}?organization_id=...{query} */
static inline tresponse count_call(const char *method, const char *id, const char *suffix, const char *query,
                                   const char *token, const char *body)
{
    char path[512];
    snprintf(path, sizeof path, IC "/%s%s" ORG "%s", id, suffix, query);
    return treq(method, path, token, body);
}

/* The action answered 200 "Stock count has been saved." with the status. */
static inline void count_ok(const char *method, const char *id, const char *suffix, const char *body,
                            const char *status)
{
    tresponse r = count_call(method, id, suffix, "", JOHN, body);
    cr_assert_eq(r.status, 200, "%s %s: %s", method, suffix, r.body);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Stock count has been saved.");
    cr_assert_str_eq(tjson_str(r.json, "inventorycount.status"), status, "%s", r.body);
    tresponse_free(&r);
}

/* GET /inventorycounts/{id}: the whole response (free it). */
static inline tresponse count_get(const char *id)
{
    tresponse r = count_call("GET", id, "", "", JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    return r;
}

static inline char *count_status(const char *id)
{
    tresponse r = count_get(id);
    char *s = strdup(tjson_str(r.json, "inventorycount.status"));
    tresponse_free(&r);
    return s;
}

/* The line of `item_id` in a count object. */
static inline const cJSON *count_line(const cJSON *count, const char *item_id)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, tjson_get(count, "line_items")) {
        if (strcmp(tjson_str(l, "item_id"), item_id) == 0) return l;
    }
    cr_assert_fail("item %s is not a line of the count", item_id);
    return NULL;
}

/* line_item_id of item_id in count id (free it). */
static inline char *count_line_id(const char *id, const char *item_id)
{
    tresponse r = count_get(id);
    char *s = strdup(tjson_str(count_line(tjson_get(r.json, "inventorycount"), item_id), "line_item_id"));
    tresponse_free(&r);
    return s;
}

/* Stock of an item at a location, from GET /items/{id}. */
static inline double stock_at(const char *item_id, const char *location_id)
{
    return tstock_at(JOHN, "10234695", item_id, location_id);
}

static inline int adjustments_total(void)
{
    tresponse r = treq("GET", "/inventory/v1/inventoryadjustments" ORG, JOHN, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    int n = cJSON_GetArraySize(tjson_get(r.json, "inventory_adjustments"));
    tresponse_free(&r);
    return n;
}

static inline void admin_background(const char *body)
{
    tresponse r = treq("PUT", "/__admin/background", NULL, body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "message"), "Background settings have been updated.");
    tresponse_free(&r);
}

#endif

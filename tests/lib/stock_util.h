/* stock_util.h -- test helper: an item's stock as GET /items/{id} prints it (per location, bin, serial, batch), checked in one line */
#ifndef ZM_TEST_STOCK_UTIL_H
#define ZM_TEST_STOCK_UTIL_H

#include <math.h>
#include <string.h>

#include <criterion/criterion.h>

#include "api_util.h"

/* Accounting (stock_on_hand) and physical (available_stock) stock. */
typedef struct figures {
    double accounting, physical;
} figures;

/* GET /items/{id} (or /compositeitems/{id}, whose answer is flat) as John. */
static inline tresponse stock_item(const char *item_id)
{
    tresponse r = tapi("GET", tpath("/items/%s", item_id), NULL);
    expect_ok(&r, 200, NULL);
    return r;
}

/* The item's figures at a location: location_stock_on_hand and
 * location_available_stock of its locations[] (strings, as documented). */
static inline figures stock_at(const char *item_id, const char *location_id)
{
    tresponse r = stock_item(item_id);
    figures f = {NAN, NAN};
    const cJSON *loc;
    cJSON_ArrayForEach(loc, tjson_get(r.json, "item.locations")) {
        if (strcmp(tjson_str(loc, "location_id"), location_id) != 0) continue;
        cr_assert(cJSON_IsString(tjson_get(loc, "location_stock_on_hand")), "%s", r.body);
        f.accounting = tjson_figure(loc, "location_stock_on_hand");
        f.physical = tjson_figure(loc, "location_available_stock");
    }
    tresponse_free(&r);
    cr_assert(!isnan(f.accounting), "location %s missing from item %s", location_id, item_id);
    return f;
}

static inline void expect_figures(const char *item_id, const char *location_id, double accounting, double physical)
{
    figures f = stock_at(item_id, location_id);
    cr_assert_eq(f.accounting, accounting, "%s at %s: accounting %g, expected %g", item_id, location_id, f.accounting,
                 accounting);
    cr_assert_eq(f.physical, physical, "%s at %s: physical %g, expected %g", item_id, location_id, f.physical,
                 physical);
}

/* The item's totals: stock_on_hand and available_stock. */
static inline void expect_totals(const char *item_id, double accounting, double physical)
{
    tresponse r = stock_item(item_id);
    cr_assert_eq(tjson_num(r.json, "item.stock_on_hand"), accounting, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "item.available_stock"), physical, "%s", r.body);
    tresponse_free(&r);
}

/* The sum of `field` over the elements of the array at `path` whose `key` is `value`. */
static inline double tjson_sum_where(const cJSON *json, const char *path, const char *key, const char *value,
                                     const char *field)
{
    double q = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, tjson_get(json, path))
        if (!strcmp(tjson_str(e, key), value)) q += tjson_num(e, field);
    return q;
}

/* Physical stock in a bin, from the retrieve's storages[] (0 when not listed). */
static inline double stock_in_bin(const char *item_id, const char *storage_id)
{
    tresponse r = stock_item(item_id);
    double q = tjson_sum_where(r.json, "item.storages", "storage_id", storage_id, "quantity");
    tresponse_free(&r);
    return q;
}

/* Where a serial number is, from the retrieve's serial_numbers[]: its
 * location and bin ("" outside bins); false when it is not in stock. */
static inline bool serial_place(const char *item_id, const char *serial, char location[32], char bin[32])
{
    tresponse r = stock_item(item_id);
    bool found = false;
    const cJSON *s;
    cJSON_ArrayForEach(s, tjson_get(r.json, "item.serial_numbers")) {
        if (strcmp(tjson_str(s, "serial_number"), serial) != 0) continue;
        snprintf(location, 32, "%s", tjson_str(s, "location_id"));
        snprintf(bin, 32, "%s", tjson_str(s, "storage_id"));
        found = true;
    }
    tresponse_free(&r);
    return found;
}

static inline void expect_serial_at(const char *item_id, const char *serial, const char *location, const char *bin)
{
    char loc[32], in_bin[32];
    cr_assert(serial_place(item_id, serial, loc, in_bin), "%s is not in stock", serial);
    cr_assert_str_eq(loc, location, "%s", serial);
    cr_assert_str_eq(in_bin, bin, "%s", serial);
}

/* Quantity of a batch at a location and bin, from the retrieve's batches[]. */
static inline double batch_in(const char *item_id, const char *batch, const char *location, const char *bin)
{
    tresponse r = stock_item(item_id);
    double q = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, tjson_get(r.json, "item.batches"))
        if (!strcmp(tjson_str(b, "batch_number"), batch) && !strcmp(tjson_str(b, "location_id"), location) &&
            !strcmp(tjson_str(b, "storage_id"), bin))
            q += tjson_num(b, "quantity");
    tresponse_free(&r);
    return q;
}

/* PUT /settings/preferences {"is_negative_stock_allowed": allowed}. */
static inline void allow_negative_stock(bool allowed)
{
    tapi_expect(tapi("PUT", "/settings/preferences", "{\"is_negative_stock_allowed\":%s}", allowed ? "true" : "false"),
                200, 0, "Preferences have been saved.");
}

#endif

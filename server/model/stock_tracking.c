/* stock_tracking.c -- serial numbers and batches in stock rows: look-ups, and the moves an adjustment makes */
#include "model/stock_tracking.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool strings_find(char *const *v, size_t n, const char *s, size_t *index)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i], s) == 0) {
            if (index) *index = i;
            return true;
        }
    }
    return false;
}

bool batches_contain(const zm_batch *v, size_t n, const char *batch_number)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].batch_number, batch_number) == 0) return true;
    return false;
}

double batches_quantity(const zm_batch *v, size_t n, const char *batch_number)
{
    double q = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].batch_number, batch_number) == 0) q += v[i].quantity;
    return q;
}

static bool row_find_serial(const zm_stock_row *r, const char *serial, size_t *index)
{
    return strings_find(r->serial_numbers.v, r->serial_numbers.n, serial, index);
}

/* The row of the item at location_id holding the serial: the row of
 * storage_id first, then any; NULL when none. */
zm_stock_row *item_serial_holder(zm_item *item, const char *location_id, const char *storage_id,
                                   const char *serial)
{
    zm_stock_row *any = NULL;
    for (size_t i = 0; i < item->stock.n; i++) {
        zm_stock_row *r = &item->stock.v[i];
        if (strcmp(r->location_id, location_id) != 0 || !row_find_serial(r, serial, NULL)) continue;
        if (strcmp(r->storage_id, storage_id) == 0) return r;
        if (!any) any = r;
    }
    return any;
}

/* Makes one move (sign -1: its opposite) on the item's rows at location_id. */
static void move_apply(zm_item *item, const char *location_id, const zm_tracking_move *m, int sign)
{
    double q = sign * m->quantity;
    if (m->serial_number) {
        if (q > 0) {
            zm_stock_row *r = item_stock_row(item, location_id, m->storage_id);
            if (!row_find_serial(r, m->serial_number, NULL))
                VEC_PUSH(r->serial_numbers, xstrdup(m->serial_number));
            return;
        }
        zm_stock_row *r = item_serial_holder(item, location_id, m->storage_id, m->serial_number);
        size_t i;
        if (r && row_find_serial(r, m->serial_number, &i)) {
            free(r->serial_numbers.v[i]);
            VEC_REMOVE(r->serial_numbers, i);
        }
        return;
    }
    zm_stock_row *r = item_stock_row(item, location_id, m->storage_id);
    size_t i = 0;
    while (i < r->batches.n && strcmp(r->batches.v[i].batch_number, m->batch_number) != 0) i++;
    if (i == r->batches.n) {
        zm_batch b = {xstrdup(m->batch_number), 0};
        VEC_PUSH(r->batches, b);
    }
    r->batches.v[i].quantity += q;
    if (fabs(r->batches.v[i].quantity) < QTY_EPSILON) {
        free(r->batches.v[i].batch_number);
        VEC_REMOVE(r->batches, i);
    }
}

static void move_push(zm_adjustment_line *l, const char *serial, const char *batch, const char *storage_id,
                      double quantity)
{
    zm_tracking_move m = {serial ? xstrdup(serial) : NULL, batch ? xstrdup(batch) : NULL, "", quantity};
    snprintf(m.storage_id, ID_LEN, "%s", storage_id);
    VEC_PUSH(l->moves, m);
}

/* The one place tracking changes stock. sign +1: works the line's asked
 * tracking (serials_added / serials_removed / batches) out into moves on
 * the item's rows at the line's location, by the rules in adjustments.h,
 * records them on the line and makes them. sign -1 (deleting the
 * adjustment): makes the recorded moves' opposites, last first. */
void tracking_apply(zm_item *item, zm_adjustment_line *l, int sign)
{
    const char *loc = l->warehouse_id;
    if (sign < 0) {
        for (size_t k = l->moves.n; k-- > 0;) move_apply(item, loc, &l->moves.v[k], -1);
        return;
    }
    for (size_t i = 0; i < l->serials_removed.n; i++) {
        const zm_stock_row *r = item_serial_holder(item, loc, l->storage_id, l->serials_removed.v[i]);
        if (r) move_push(l, l->serials_removed.v[i], NULL, r->storage_id, -1);
    }
    for (size_t i = 0; i < l->serials_added.n; i++) move_push(l, l->serials_added.v[i], NULL, l->storage_id, 1);
    for (size_t i = 0; i < l->batches.n; i++) {
        const char *number = l->batches.v[i].batch_number;
        double q = l->batches.v[i].quantity;
        if (q >= 0) {
            move_push(l, NULL, number, l->storage_id, q);
            continue;
        }
        /* Taken from the line's row, then the location's other rows. */
        double left = -q;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t k = 0; k < item->stock.n && left > QTY_EPSILON; k++) {
                const zm_stock_row *r = &item->stock.v[k];
                bool own = strcmp(r->storage_id, l->storage_id) == 0;
                if (strcmp(r->location_id, loc) != 0 || own != (pass == 0)) continue;
                double have = batches_quantity(r->batches.v, r->batches.n, number);
                if (have <= QTY_EPSILON) continue;
                double take = have < left ? have : left;
                move_push(l, NULL, number, r->storage_id, -take);
                left -= take;
            }
        }
        if (left > QTY_EPSILON) move_push(l, NULL, number, l->storage_id, -left);
    }
    for (size_t k = 0; k < l->moves.n; k++) move_apply(item, loc, &l->moves.v[k], 1);
}


/* ledger.c -- stock moves made by documents: physical, accounting and committed stock, serials and batches, all or none */
#include "model/ledger.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/stock_tracking.h"
#include "util/alloc.h"

/* ---------------------------------------------------------------- lists */

zm_stock_move *moves_add(zm_stock_moves *m, const char *item_id, const char *location_id,
                         const char *storage_id, double physical, double accounting, double committed)
{
    zm_stock_move mv;
    memset(&mv, 0, sizeof mv);
    snprintf(mv.item_id, ID_LEN, "%s", item_id ? item_id : "");
    snprintf(mv.location_id, ID_LEN, "%s", location_id ? location_id : "");
    snprintf(mv.storage_id, ID_LEN, "%s", storage_id ? storage_id : "");
    mv.physical = physical;
    mv.accounting = accounting;
    mv.committed = committed;
    VEC_PUSH(*m, mv);
    return &m->v[m->n - 1];
}

void move_add_serial(zm_stock_move *mv, const char *serial)
{
    VEC_PUSH(mv->serials, xstrdup(serial));
}

void move_add_batch(zm_stock_move *mv, const char *batch_number, double quantity)
{
    zm_batch b = {xstrdup(batch_number), quantity};
    VEC_PUSH(mv->batches, b);
}

void moves_append_opposite(zm_stock_moves *to, const zm_stock_moves *from)
{
    for (size_t i = 0; i < from->n; i++) {
        const zm_stock_move *f = &from->v[i];
        zm_stock_move *mv = moves_add(to, f->item_id, f->location_id, f->storage_id, -f->physical,
                                      -f->accounting, -f->committed);
        for (size_t k = 0; k < f->serials.n; k++) move_add_serial(mv, f->serials.v[k]);
        for (size_t k = 0; k < f->batches.n; k++) move_add_batch(mv, f->batches.v[k].batch_number, -f->batches.v[k].quantity);
    }
}

void moves_free(zm_stock_moves *m)
{
    for (size_t i = 0; i < m->n; i++) {
        for (size_t k = 0; k < m->v[i].serials.n; k++) free(m->v[i].serials.v[k]);
        VEC_FREE(m->v[i].serials);
        for (size_t k = 0; k < m->v[i].batches.n; k++) free(m->v[i].batches.v[k].batch_number);
        VEC_FREE(m->v[i].batches);
    }
    VEC_FREE(*m);
}

/* -------------------------------------------------------------- figures */

double item_physical_at(const zm_item *item, const char *location_id)
{
    return item_stock_at(item, location_id);
}

double item_accounting_at(const zm_item *item, const char *location_id)
{
    double sum = 0;
    for (size_t i = 0; i < item->stock.n; i++)
        if (!location_id || !strcmp(item->stock.v[i].location_id, location_id)) sum += item->stock.v[i].accounting;
    return sum;
}

double item_committed_at(const zm_item *item, const char *location_id)
{
    double sum = 0;
    for (size_t i = 0; i < item->stock.n; i++)
        if (!location_id || !strcmp(item->stock.v[i].location_id, location_id)) sum += item->stock.v[i].committed;
    return sum;
}

/* ------------------------------------------------------------- applying */

/* How it works. Moves are made one after another, each step written to
 * an undo log (by item and row index: rows may be added, and the vector
 * may move, while moves are made). When a step is refused, or the totals
 * end negative where that is forbidden, the log is played backwards and
 * nothing has changed. */

typedef enum { UNDO_FIGURES, UNDO_SERIAL_ADDED, UNDO_SERIAL_REMOVED, UNDO_BATCH } undo_kind;

typedef struct undo_step {
    undo_kind kind;
    zm_item *item;
    size_t row;
    double physical, accounting, committed, batch_delta;
    char *text;                 /* serial or batch number */
} undo_step;

typedef VEC(undo_step) undo_log;

static size_t row_index(zm_item *item, const char *location_id, const char *storage_id)
{
    zm_stock_row *r = item_stock_row(item, location_id, storage_id);
    return (size_t)(r - item->stock.v);
}

static void rollback(undo_log *log)
{
    for (size_t i = log->n; i-- > 0;) {
        undo_step *u = &log->v[i];
        zm_stock_row *r = &u->item->stock.v[u->row];
        switch (u->kind) {
        case UNDO_FIGURES:
            r->quantity -= u->physical;
            r->accounting -= u->accounting;
            r->committed -= u->committed;
            break;
        case UNDO_SERIAL_ADDED: {
            size_t k;
            if (strings_find(r->serial_numbers.v, r->serial_numbers.n, u->text, &k)) {
                free(r->serial_numbers.v[k]);
                VEC_REMOVE(r->serial_numbers, k);
            }
            break;
        }
        case UNDO_SERIAL_REMOVED:
            VEC_PUSH(r->serial_numbers, xstrdup(u->text));
            break;
        case UNDO_BATCH:
            for (size_t k = 0; k < r->batches.n; k++) {
                if (!strcmp(r->batches.v[k].batch_number, u->text)) {
                    r->batches.v[k].quantity -= u->batch_delta;
                    break;
                }
            }
            break;
        }
    }
}

static void log_free(undo_log *log)
{
    for (size_t i = 0; i < log->n; i++) free(log->v[i].text);
    VEC_FREE(*log);
}

static void log_push(undo_log *log, undo_kind kind, zm_item *item, size_t row, const char *text)
{
    undo_step u;
    memset(&u, 0, sizeof u);
    u.kind = kind;
    u.item = item;
    u.row = row;
    u.text = text ? xstrdup(text) : NULL;
    VEC_PUSH(*log, u);
}

static bool item_holds_serial(const zm_item *item, const char *serial)
{
    for (size_t i = 0; i < item->stock.n; i++)
        if (strings_find(item->stock.v[i].serial_numbers.v, item->stock.v[i].serial_numbers.n, serial, NULL))
            return true;
    return false;
}

static int move_serial(zm_item *item, const zm_stock_move *mv, const char *serial, bool in, undo_log *log,
                       char *err, size_t errlen)
{
    if (in) {
        if (item_holds_serial(item, serial)) {
            snprintf(err, errlen, "the serial number %s of %s is already in stock", serial, item->name);
            return -1;
        }
        size_t row = row_index(item, mv->location_id, mv->storage_id);
        VEC_PUSH(item->stock.v[row].serial_numbers, xstrdup(serial));
        log_push(log, UNDO_SERIAL_ADDED, item, row, serial);
        return 0;
    }
    zm_stock_row *holder = item_serial_holder(item, mv->location_id, mv->storage_id, serial);
    size_t k;
    if (!holder || !strings_find(holder->serial_numbers.v, holder->serial_numbers.n, serial, &k)) {
        snprintf(err, errlen, "the serial number %s of %s is not in stock at that location", serial, item->name);
        return -1;
    }
    free(holder->serial_numbers.v[k]);
    VEC_REMOVE(holder->serial_numbers, k);
    log_push(log, UNDO_SERIAL_REMOVED, item, (size_t)(holder - item->stock.v), serial);
    return 0;
}

static zm_batch *row_batch(zm_stock_row *r, const char *number, bool create)
{
    for (size_t k = 0; k < r->batches.n; k++)
        if (!strcmp(r->batches.v[k].batch_number, number)) return &r->batches.v[k];
    if (!create) return NULL;
    zm_batch b = {xstrdup(number), 0};
    VEC_PUSH(r->batches, b);
    return &r->batches.v[r->batches.n - 1];
}

static int move_batch(zm_item *item, const zm_stock_move *mv, const zm_batch *b, undo_log *log, char *err,
                      size_t errlen)
{
    double q = b->quantity;
    if (q >= 0) {
        size_t row = row_index(item, mv->location_id, mv->storage_id);
        row_batch(&item->stock.v[row], b->batch_number, true)->quantity += q;
        log_push(log, UNDO_BATCH, item, row, b->batch_number);
        log->v[log->n - 1].batch_delta = q;
        return 0;
    }
    /* Out: from the move's own row, then the location's other rows. */
    double need = -q;
    for (int pass = 0; pass < 2 && need > QTY_EPSILON; pass++) {
        for (size_t i = 0; i < item->stock.n && need > QTY_EPSILON; i++) {
            zm_stock_row *r = &item->stock.v[i];
            if (strcmp(r->location_id, mv->location_id) != 0) continue;
            if ((pass == 0) != (strcmp(r->storage_id, mv->storage_id) == 0)) continue;
            zm_batch *have = row_batch(r, b->batch_number, false);
            if (!have || have->quantity <= QTY_EPSILON) continue;
            double take = have->quantity < need ? have->quantity : need;
            have->quantity -= take;
            need -= take;
            log_push(log, UNDO_BATCH, item, i, b->batch_number);
            log->v[log->n - 1].batch_delta = -take;
        }
    }
    if (need > QTY_EPSILON) {
        snprintf(err, errlen, "the batch %s of %s has not %g in stock at that location", b->batch_number, item->name, -q);
        return -1;
    }
    return 0;
}

int stock_apply(zm_org *org, const zm_stock_moves *m, bool forbid_negative, char *err, size_t errlen)
{
    undo_log log = {0};
    int rc = 0;
    for (size_t i = 0; i < m->n && rc == 0; i++) {
        const zm_stock_move *mv = &m->v[i];
        zm_item *item = org_find_item(org, mv->item_id);
        if (!item) {
            snprintf(err, errlen, "the item %s does not exist", mv->item_id);
            rc = -1;
            break;
        }
        /* Committed stock sits in the location's "" row. */
        size_t row = row_index(item, mv->location_id, mv->storage_id);
        item->stock.v[row].quantity += mv->physical;
        item->stock.v[row].accounting += mv->accounting;
        log_push(&log, UNDO_FIGURES, item, row, NULL);
        log.v[log.n - 1].physical = mv->physical;
        log.v[log.n - 1].accounting = mv->accounting;
        if (mv->committed != 0) {
            size_t crow = row_index(item, mv->location_id, "");
            item->stock.v[crow].committed += mv->committed;
            log_push(&log, UNDO_FIGURES, item, crow, NULL);
            log.v[log.n - 1].committed = mv->committed;
        }
        bool in = mv->physical > 0 || (mv->physical == 0 && mv->accounting > 0);
        for (size_t k = 0; k < mv->serials.n && rc == 0; k++)
            rc = move_serial(item, mv, mv->serials.v[k], in, &log, err, errlen);
        for (size_t k = 0; k < mv->batches.n && rc == 0; k++)
            rc = move_batch(item, mv, &mv->batches.v[k], &log, err, errlen);
    }
    for (size_t i = 0; rc == 0 && forbid_negative && i < m->n; i++) {
        const zm_stock_move *mv = &m->v[i];
        if (mv->physical >= 0 && mv->accounting >= 0) continue;
        const zm_item *item = org_find_item(org, mv->item_id);
        if (item_physical_at(item, mv->location_id) < -QTY_EPSILON ||
            item_accounting_at(item, mv->location_id) < -QTY_EPSILON) {
            snprintf(err, errlen, "%s would go below zero at that location", item->name);
            rc = -1;
        }
    }
    if (rc != 0) rollback(&log);
    log_free(&log);
    return rc;
}

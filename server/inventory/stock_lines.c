/* stock_lines.c -- what a warehouse document's line moves at one place: bins, serial numbers and batches, checked, then as ledger moves */
#include "inventory/stock_lines.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "inventory/purchases.h"
#include "inventory/record_ids.h"
#include "model/stock_tracking.h"
#include "util/json.h"

/* ------------------------------------------------------------ reading */

const char *stock_serial_text(const cJSON *e)
{
    if (cJSON_IsString(e)) return e->valuestring;
    const cJSON *s = json_get(e, "serial_number");
    return cJSON_IsString(s) ? s->valuestring : "";
}

/* A quantity member, else the plain "quantity" a client may send instead. */
static double qty_of(const cJSON *obj, const char *name)
{
    if (name && json_get(obj, name)) return rec_num(obj, name);
    return rec_num(obj, "quantity");
}

static bool near(double a, double b) { return fabs(a - b) < QTY_EPSILON * 1000; }

void stock_lines_keep(cJSON *record, const cJSON *body, const char *const *names)
{
    const cJSON *sent = json_get(body, "line_items");
    cJSON *line;
    int i = 0;
    cJSON_ArrayForEach(line, cJSON_GetObjectItemCaseSensitive(record, "line_items")) {
        const cJSON *s = cJSON_GetArrayItem(sent, i++);
        for (size_t k = 0; s && names[k]; k++) {
            const cJSON *v = json_get(s, names[k]);
            if (v && !cJSON_IsNull(v)) json_set(line, names[k], cJSON_Duplicate(v, true));
        }
    }
}

/* ------------------------------------------------------------ checking */

typedef struct side_check {
    zm_ctx *x;
    const stock_side *s;
    const zm_item *item;
    zm_location *loc;
} side_check;

static bool refuse(side_check *c, const char *field, const char *why, const char *what)
{
    return doc_refuse(c->x, "Invalid value passed for %s: %s%s", field, why, what ? what : "");
}

static bool array_or_absent(side_check *c, const cJSON *v, const char *field)
{
    if (!v || cJSON_IsNull(v) || cJSON_IsArray(v)) return true;
    reply_error(c->x->rep, ZE_INVALID_FIELD, field);
    return false;
}

/* Bins of the side's location with positive quantities; their sum in *sum. */
static bool check_bins(side_check *c, const cJSON *bins, const char *qty, double *sum)
{
    const cJSON *b;
    *sum = 0;
    if (!array_or_absent(c, bins, "storages")) return false;
    cJSON_ArrayForEach(b, bins) {
        char id[ID_LEN];
        if (!c->loc || !location_find_storage(c->loc, rec_id(b, "storage_id", id)))
            return refuse(c, "storage_id", "not a bin of ", c->loc ? c->loc->location_name : "the location");
        double q = qty_of(b, qty);
        if (!(q > 0) || q > 1e12) return refuse(c, "storage_id", "a bin's quantity must be more than zero", NULL);
        *sum += q;
    }
    return true;
}

/* One serial number: a text, the item tracks serials, not named before. */
static bool check_serial(side_check *c, const cJSON *e, cJSON *seen)
{
    const char *sn = stock_serial_text(e);
    if (!*sn) return refuse(c, "serial_numbers", "not a serial number", NULL);
    if (!c->item->track_serial_number)
        return refuse(c, "serial_numbers", "the item does not track serial numbers: ", c->item->name);
    const cJSON *o;
    cJSON_ArrayForEach(o, seen)
        if (!strcmp(o->valuestring, sn)) return refuse(c, "serial_numbers", "named twice: ", sn);
    cJSON_AddItemToArray(seen, cJSON_CreateString(sn));
    return true;
}

/* The line's serials, and the bins' own (each among the line's when the
 * line lists any): as many as the quantity when there are any. */
static bool check_serials(side_check *c)
{
    const stock_side *s = c->s;
    if (!array_or_absent(c, s->serials, "serial_numbers")) return false;
    cJSON *line = cJSON_CreateArray(), *in_bins = cJSON_CreateArray();
    bool ok = true;
    const cJSON *e, *b;
    cJSON_ArrayForEach(e, s->serials) if (ok) ok = check_serial(c, e, line);
    cJSON_ArrayForEach(b, s->bins) {
        const cJSON *own = json_get(b, "serial_numbers");
        if (ok) ok = array_or_absent(c, own, "serial_numbers");
        cJSON_ArrayForEach(e, own) {
            if (!ok) break;
            const char *sn = stock_serial_text(e);
            bool listed = false;
            const cJSON *o;
            cJSON_ArrayForEach(o, line) listed = listed || !strcmp(o->valuestring, sn);
            if (cJSON_GetArraySize(s->serials) && !listed)
                ok = refuse(c, "serial_numbers", "a bin's serial number is not among the line's: ", sn);
            else if (ok) ok = check_serial(c, e, in_bins);
        }
    }
    int n = cJSON_GetArraySize(line) ? cJSON_GetArraySize(line) : cJSON_GetArraySize(in_bins);
    if (ok && n > 0 && !near((double)n, s->quantity))
        ok = refuse(c, "serial_numbers", "as many serial numbers as the quantity are needed for ", c->item->name);
    cJSON_Delete(line);
    cJSON_Delete(in_bins);
    return ok;
}

/* The batch's number: its batch_number, else that of the item's batch
 * record its batch_id names (written beside it). */
static bool batch_number_of(side_check *c, cJSON *batch)
{
    if (*rec_str(batch, "batch_number")) return true;
    char id[ID_LEN];
    if (!*rec_id(batch, "batch_id", id)) {
        reply_error(c->x->rep, ZE_PARAM_MANDATORY, "batch_number");
        return false;
    }
    zm_doc *rec = module_find(c->x, "batches", id);
    if (!rec || strcmp(rec_str(rec->json, "item_id"), c->item->item_id) != 0)
        return refuse(c, "batch_id", "not a batch of ", c->item->name);
    rec_set_str(batch, "batch_number", rec_str(rec->json, "batch_number"));
    return true;
}

static bool check_batches(side_check *c, cJSON *batches)
{
    const stock_side *s = c->s;
    if (!array_or_absent(c, batches, "batches")) return false;
    if (!cJSON_GetArraySize(batches)) return true;
    if (!c->item->track_batch_number) return refuse(c, "batches", "the item does not track batches: ", c->item->name);
    double sum = 0;
    cJSON *b;
    cJSON_ArrayForEach(b, batches) {
        if (!cJSON_IsObject(b)) {
            reply_error(c->x->rep, ZE_INVALID_FIELD, "batches");
            return false;
        }
        if (!batch_number_of(c, b)) return false;
        double q = qty_of(b, s->batch_qty), in_bins;
        if (!(q > 0) || q > 1e12) return refuse(c, "batches", "a batch's quantity must be more than zero", NULL);
        const cJSON *own = s->batch_bins ? json_get(b, s->batch_bins) : NULL;
        if (!check_bins(c, own, s->batch_bin_qty, &in_bins)) return false;
        if (cJSON_GetArraySize(own) && !near(in_bins, q))
            return refuse(c, "batches", "the bins do not add up to the batch's quantity: ", rec_str(b, "batch_number"));
        sum += q;
    }
    if (!near(sum, s->quantity)) return refuse(c, "batches", "the batches do not add up to the line's quantity", NULL);
    return true;
}

bool stock_side_check(zm_ctx *x, const stock_side *s, cJSON *batches)
{
    side_check c = {x, s, org_find_item(x->org, s->item_id), org_find_location(x->org, s->location_id)};
    if (!c.item || !c.loc) return true;     /* the document checked its item and places */
    if (c.item->track_serial_number && s->quantity != floor(s->quantity))
        return refuse(&c, "quantity", "an item tracked by serial numbers moves in whole units: ", c.item->name);
    double in_bins;
    if (!check_bins(&c, s->bins, s->bin_qty, &in_bins)) return false;
    if (cJSON_GetArraySize(s->bins) && !near(in_bins, s->quantity))
        return refuse(&c, "storages", "the bins do not add up to the line's quantity", NULL);
    return check_serials(&c) && check_batches(&c, batches);
}

/* --------------------------------------------------------------- moves */

/* A piece of the side's stock: a bin (or none), a quantity, a batch. */
typedef struct piece {
    zm_id storage_id;
    double quantity;
    const char *batch;          /* NULL: no batch */
    size_t move;                /* its move in the output */
    double serial_room;         /* serials it can still take */
} piece;

typedef VEC(piece) pieces;

static void add_piece(pieces *p, const char *storage_id, double quantity, const char *batch)
{
    piece e;
    memset(&e, 0, sizeof e);
    snprintf(e.storage_id, ID_LEN, "%s", storage_id ? storage_id : "");
    e.quantity = quantity;
    e.batch = batch;
    e.serial_room = floor(quantity + 1e-6);
    VEC_PUSH(*p, e);
}

/* A batch of q laid over the line's bins in order, each up to what is
 * left of it (room: per bin); what does not fit stays outside bins. */
static void lay_batch(const stock_side *s, pieces *p, double *room, const char *batch, double q)
{
    int i = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, s->bins) {
        double take = room[i] < q ? room[i] : q;
        if (take > QTY_EPSILON) {
            char id[ID_LEN];
            add_piece(p, rec_id(b, "storage_id", id), take, batch);
            room[i] -= take;
            q -= take;
        }
        i++;
    }
    if (q > QTY_EPSILON) add_piece(p, "", q, batch);
}

static const char *batch_name(const stock_side *s, const cJSON *b)
{
    const char *renamed = s->batch_rename ? rec_str(b, s->batch_rename) : "";
    return *renamed ? renamed : rec_str(b, "batch_number");
}

static void cut(const stock_side *s, pieces *p)
{
    const cJSON *b, *bin;
    int nbins = cJSON_GetArraySize(s->bins);
    double in_bins = 0;
    if (cJSON_GetArraySize(s->batches)) {
        double *room = xcalloc((size_t)nbins + 1, sizeof *room);
        int i = 0;
        cJSON_ArrayForEach(bin, s->bins) room[i++] = qty_of(bin, s->bin_qty);
        cJSON_ArrayForEach(b, s->batches) {
            const cJSON *own = s->batch_bins ? json_get(b, s->batch_bins) : NULL;
            const char *name = batch_name(s, b);
            if (cJSON_GetArraySize(own)) {
                cJSON_ArrayForEach(bin, own) {
                    char id[ID_LEN];
                    add_piece(p, rec_id(bin, "storage_id", id), qty_of(bin, s->batch_bin_qty), name);
                }
            } else {
                lay_batch(s, p, room, name, qty_of(b, s->batch_qty));
            }
        }
        free(room);
        return;
    }
    cJSON_ArrayForEach(bin, s->bins) {
        char id[ID_LEN];
        double q = qty_of(bin, s->bin_qty);
        add_piece(p, rec_id(bin, "storage_id", id), q, NULL);
        in_bins += q;
    }
    if (s->quantity - in_bins > QTY_EPSILON || !p->n) add_piece(p, "", s->quantity - in_bins, NULL);
}

static bool serial_in(const cJSON *list, const char *sn)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
        if (!strcmp(stock_serial_text(e), sn)) return true;
    return false;
}

/* A bin's own serials go to that bin's first piece; the others fill the
 * pieces in order. */
static void place_serials(const stock_side *s, pieces *p, zm_stock_moves *out)
{
    const cJSON *bin, *e;
    cJSON *placed = cJSON_CreateArray();
    cJSON_ArrayForEach(bin, s->bins) {
        char id[ID_LEN];
        rec_id(bin, "storage_id", id);
        piece *at = NULL;
        for (size_t i = 0; i < p->n && !at; i++)
            if (!strcmp(p->v[i].storage_id, id)) at = &p->v[i];
        cJSON_ArrayForEach(e, json_get(bin, "serial_numbers")) {
            const char *sn = stock_serial_text(e);
            if (!at || !*sn || serial_in(placed, sn)) continue;
            move_add_serial(&out->v[at->move], sn);
            at->serial_room--;
            cJSON_AddItemToArray(placed, cJSON_CreateString(sn));
        }
    }
    size_t next = 0;
    cJSON_ArrayForEach(e, s->serials) {
        const char *sn = stock_serial_text(e);
        if (!*sn || serial_in(placed, sn)) continue;
        while (next + 1 < p->n && p->v[next].serial_room < 1) next++;
        move_add_serial(&out->v[p->v[next].move], sn);
        p->v[next].serial_room--;
    }
    cJSON_Delete(placed);
}

void stock_side_moves(const stock_side *s, double sign, zm_stock_moves *out)
{
    if (!*s->item_id || !*s->location_id || !(s->quantity > 0)) return;
    pieces p = {0};
    cut(s, &p);
    for (size_t i = 0; i < p.n; i++) {
        double q = sign * p.v[i].quantity;
        zm_stock_move *mv = moves_add(out, s->item_id, s->location_id, p.v[i].storage_id, q, q, 0);
        if (p.v[i].batch) move_add_batch(mv, p.v[i].batch, q);
        p.v[i].move = out->n - 1;
    }
    if (p.n) place_serials(s, &p, out);
    VEC_FREE(p);
}

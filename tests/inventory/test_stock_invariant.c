/* test_stock_invariant.c -- a long random sequence of stock documents in three organizations: every figure equals the fixture's plus what the surviving documents moved */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http_client.h"

/* How it works. Each organization's plain items start from what GET
 * /items/{id} prints (per location, per bin). A seeded sequence of calls
 * then makes, moves and deletes transfer orders (transferred, in transit,
 * drafts), move orders, putaways, item adjustments, vendor credits,
 * bundles, opening stock, sales orders (draft, confirmed, packed and
 * shipped), invoices (draft, sent), credit notes, purchase receives of
 * issued orders and bills; the test keeps each surviving document with
 * what its status moves. At the end every item's accounting, physical and
 * committed stock at every location and bin must equal its start plus the sum of those moves,
 * and a stock count started then must show as system quantity the figure
 * the organization's preference names. */

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(stock_invariant, .init = start, .fini = stop, .timeout = 120);

#define MAX_ITEMS 4
#define MAX_LOCS 3
#define MAX_BINS 4
#define MAX_DOCS 600

typedef struct org_def {
    const char *id, *token;
    const char *items[MAX_ITEMS];
    const char *locs[MAX_LOCS];
    const char *bins[MAX_LOCS][MAX_BINS];
    const char *stock_tracking_mode;
    const char *account;
} org_def;

static const org_def orgs[] = {
    {"10234695", "1000.full.john",
     {"4815000000033024", "4815000000033005", "4815000000033003", "4815000000033017"},
     {"4815000000038080", "4815000000038090", "4815000000038100"},
     {{"4815000000050000", "4815000000050010", "4815000000050020", "4815000000050030"},
      {"4815000000050100", "4815000000050110", "4815000000050120"},
      {NULL}},
     "accounting", "4815000000000400"},
    {"10234700", "1000.full.arjun",
     {"4816000000033002", "4816000000033004"},
     {"4816000000038080", "4816000000038090"},
     {{"4816000000050000", "4816000000050010"}, {NULL}},
     "physical", "4816000000000400"},
    {"20246810", "1000.full.meera",
     {"2251466000000033001"},
     {"2251466000000038080", "2251466000000038090"},
     {{"2251466000000050000", "2251466000000050010"}, {NULL}},
     "physical", "2251466000000000400"},
};
#define N_ORGS (sizeof orgs / sizeof orgs[0])

typedef enum {
    D_TRANSFER, D_MOVE, D_PUTAWAY, D_ADJUST, D_CREDIT, D_BUNDLE, D_ORDER, D_INVOICE, D_CREDIT_NOTE, D_RECEIVE, D_BILL,
    D_OPENING
} doc_kind;

/* A surviving document and what it names; its status says what it moves. */
typedef struct doc {
    doc_kind kind;
    char id[32];
    char status[24];
    int item, from, to;         /* indexes into the org's lists; to: -1 when one place */
    int from_bin, to_bin;       /* -1: outside bins */
    double quantity;            /* a bundle: of its composite */
    double consumed;            /* a bundle: of its part, in all */
    char parent[32];            /* a receive: its purchase order */
    char package[32], shipment[32];     /* a shipped sales order's */
    bool live;
} doc;

/* Figures of one (item, location, bin): bin -1 is the location's total. */
typedef struct figures {
    double accounting, physical, committed;     /* committed: per location only */
} figures;

#define W_ITEMS (MAX_ITEMS + 1)     /* the fixture's and one the test makes */

typedef struct world {
    const org_def *o;
    const char *items[W_ITEMS];
    char own_item[32];
    char kit[32];               /* a composite item the bundles make */
    int n_items, n_locs, n_bins[MAX_LOCS];
    figures base[W_ITEMS][MAX_LOCS][MAX_BINS + 1];     /* [..][..][0] the location, [b+1] bin b */
    doc docs[MAX_DOCS];
    int n_docs;
    char vendor[32], customer[32];
    char account[32];
} world;

static unsigned long rng = 20250615;
static int pick(int n)
{
    rng = rng * 6364136223846793005UL + 1442695040888963407UL;
    return (int)((rng >> 33) % (unsigned long)n);
}

/* METHOD /inventory/v1<path> in the organization, the body made with printf. */
static tresponse call(const world *w, const char *method, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static tresponse call(const world *w, const char *method, const char *path, const char *fmt, ...)
{
    char url[1024], *body = NULL;
    snprintf(url, sizeof url, "/inventory/v1%s%corganization_id=%s", path, strchr(path, '?') ? '&' : '?', w->o->id);
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        cr_assert(vasprintf(&body, fmt, ap) >= 0);
        va_end(ap);
    }
    tresponse r = treq(method, url, w->o->token, body);
    free(body);
    return r;
}

static void ok(tresponse r, const char *what)
{
    cr_assert(r.status == 200 || r.status == 201, "%s: %ld %s", what, r.status, r.body);
    cr_assert_eq(tjson_num(r.json, "code"), 0, "%s: %s", what, r.body);
    tresponse_free(&r);
}

/* The id at the dotted path of a success: a string, or a number the
 * document types so, read from the text (19 digits do not fit a double). */
static void id_of(tresponse r, const char *path, char out[32], const char *what)
{
    cr_assert_eq(tjson_num(r.json, "code"), 0, "%s: %s", what, r.body);
    const cJSON *v = tjson_get(r.json, path);
    if (cJSON_IsNumber(v)) {
        char key[64];
        snprintf(key, sizeof key, "\"%s\":", strrchr(path, '.') + 1);
        const char *at = strstr(r.body, key);
        cr_assert_not_null(at, "%s", r.body);
        snprintf(out, 32, "%.*s", (int)strspn(at + strlen(key), "0123456789"), at + strlen(key));
    } else {
        snprintf(out, 32, "%s", tjson_str(r.json, path));
    }
    cr_assert(*out, "%s: no %s in %s", what, path, r.body);
    tresponse_free(&r);
}

static const char *bin_id(const world *w, int loc, int bin)
{
    return bin < 0 ? "" : w->o->bins[loc][bin];
}

/* ------------------------------------------------------------ reading */

static void read_item(const world *w, int item, figures out[MAX_LOCS][MAX_BINS + 1])
{
    char path[96];
    snprintf(path, sizeof path, "/items/%s", w->items[item]);
    tresponse r = call(w, "GET", path, NULL);
    expect_ok(&r, 200, NULL);
    memset(out, 0, sizeof(figures) * MAX_LOCS * (MAX_BINS + 1));
    const cJSON *e;
    cJSON_ArrayForEach(e, tjson_get(r.json, "item.locations")) {
        for (int l = 0; l < w->n_locs; l++) {
            if (strcmp(tjson_str(e, "location_id"), w->o->locs[l]) != 0) continue;
            out[l][0].accounting = tjson_figure(e, "location_stock_on_hand");
            out[l][0].physical = tjson_figure(e, "location_available_stock");
            out[l][0].committed = out[l][0].physical - tjson_figure(e, "location_actual_available_stock");
        }
    }
    cJSON_ArrayForEach(e, tjson_get(r.json, "item.storages")) {
        for (int l = 0; l < w->n_locs; l++)
            for (int b = 0; b < w->n_bins[l]; b++)
                if (!strcmp(tjson_str(e, "storage_id"), w->o->bins[l][b])) {
                    out[l][b + 1].accounting += tjson_num(e, "stock_on_hand");
                    out[l][b + 1].physical += tjson_num(e, "quantity");
                }
    }
    tresponse_free(&r);
}

/* ------------------------------------------------------------ the model */

static void add(figures f[W_ITEMS][MAX_LOCS][MAX_BINS + 1], int item, int loc, int bin, double accounting, double physical)
{
    f[item][loc][0].accounting += accounting;
    f[item][loc][0].physical += physical;
    if (bin >= 0) {
        f[item][loc][bin + 1].accounting += accounting;
        f[item][loc][bin + 1].physical += physical;
    }
}

/* What the surviving documents moved, added to the start. */
static void expected(const world *w, figures f[W_ITEMS][MAX_LOCS][MAX_BINS + 1])
{
    memcpy(f, w->base, sizeof w->base);
    for (int i = 0; i < w->n_docs; i++) {
        const doc *d = &w->docs[i];
        double q = d->quantity;
        if (!d->live) continue;
        switch (d->kind) {
        case D_TRANSFER:
            if (!strcmp(d->status, "in_transit") || !strcmp(d->status, "transferred")) add(f, d->item, d->from, d->from_bin, -q, -q);
            if (!strcmp(d->status, "transferred")) add(f, d->item, d->to, d->to_bin, q, q);
            break;
        case D_MOVE:
            if (!strcmp(d->status, "completed")) {
                add(f, d->item, d->from, d->from_bin, -q, -q);
                add(f, d->item, d->from, d->to_bin, q, q);
            }
            break;
        case D_PUTAWAY:
            add(f, d->item, d->from, -1, -q, -q);
            add(f, d->item, d->from, d->to_bin, q, q);
            break;
        case D_ADJUST: add(f, d->item, d->from, d->from_bin, q, q); break;
        case D_CREDIT: add(f, d->item, d->from, -1, -q, 0); break;
        case D_OPENING: add(f, d->item, d->from, -1, q, q); break;
        case D_BUNDLE:
            if (!strcmp(d->status, "bundled")) add(f, d->item, d->from, -1, -d->consumed, -d->consumed);
            break;
        case D_ORDER:
            if (!strcmp(d->status, "confirmed")) f[d->item][d->from][0].committed += q;
            if (!strcmp(d->status, "shipped")) add(f, d->item, d->from, -1, 0, -q);
            break;
        case D_INVOICE:
            if (!strcmp(d->status, "sent")) add(f, d->item, d->from, -1, -q, 0);
            break;
        case D_CREDIT_NOTE: add(f, d->item, d->from, -1, q, 0); break;
        case D_RECEIVE: add(f, d->item, d->from, -1, 0, q); break;
        case D_BILL: add(f, d->item, d->from, -1, q, 0); break;
        }
    }
}

/* ------------------------------------------------------------ the steps */

static doc *new_doc(world *w, doc_kind kind)
{
    cr_assert_lt(w->n_docs, MAX_DOCS);
    doc *d = &w->docs[w->n_docs++];
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->live = true;
    d->to = d->from_bin = d->to_bin = -1;
    d->item = pick(w->n_items);
    d->from = pick(w->n_locs);
    d->quantity = 1 + pick(5);
    return d;
}

static int some_bin(const world *w, int loc)
{
    return w->n_bins[loc] && pick(3) ? pick(w->n_bins[loc]) : -1;
}

static void transfer(world *w)
{
    doc *d = new_doc(w, D_TRANSFER);
    d->to = (d->from + 1 + pick(w->n_locs - 1)) % w->n_locs;
    d->from_bin = some_bin(w, d->from);
    d->to_bin = some_bin(w, d->to);
    static const char *const how[] = {"", ",\"is_intransit_order\":true", ",\"status\":\"draft\""};
    static const char *const status[] = {"transferred", "in_transit", "draft"};
    int k = pick(3);
    char from_bins[160] = "", to_bins[160] = "";
    if (d->from_bin >= 0)
        snprintf(from_bins, sizeof from_bins, ",\"from_storages\":[{\"storage_id\":\"%s\",\"out_quantity\":%g}]",
                 bin_id(w, d->from, d->from_bin), d->quantity);
    if (d->to_bin >= 0)
        snprintf(to_bins, sizeof to_bins, ",\"to_storages\":[{\"storage_id\":\"%s\",\"in_quantity\":%g}]",
                 bin_id(w, d->to, d->to_bin), d->quantity);
    id_of(call(w, "POST", "/transferorders",
               "{\"date\":\"2025-06-15\",\"from_location_id\":\"%s\",\"to_location_id\":\"%s\"%s,\"line_items\":"
               "[{\"item_id\":\"%s\",\"name\":\"x\",\"quantity_transfer\":%g%s%s}]}",
               w->o->locs[d->from], w->o->locs[d->to], how[k], w->items[d->item], d->quantity, from_bins, to_bins),
          "transfer_order.transfer_order_id", d->id, "transfer");
    snprintf(d->status, sizeof d->status, "%s", status[k]);
}

static void move_order(world *w)
{
    doc *d = new_doc(w, D_MOVE);
    if (w->n_bins[d->from] < 2) {
        w->n_docs--;
        return;
    }
    d->from_bin = pick(w->n_bins[d->from]);
    d->to_bin = (d->from_bin + 1 + pick(w->n_bins[d->from] - 1)) % w->n_bins[d->from];
    id_of(call(w, "POST", "/moveorders",
               "{\"date\":\"2025-06-15\",\"location_id\":\"%s\",\"line_items\":[{\"item_id\":\"%s\",\"quantity_transferred\":%g,"
               "\"from_storages\":[{\"storage_id\":\"%s\",\"quantity\":%g}],\"to_storages\":[{\"storage_id\":\"%s\",\"quantity\":%g}]}]}",
               w->o->locs[d->from], w->items[d->item], d->quantity, bin_id(w, d->from, d->from_bin), d->quantity,
               bin_id(w, d->from, d->to_bin), d->quantity),
          "moveorder.moveorder_id", d->id, "move order");
    snprintf(d->status, sizeof d->status, "draft");
}

static void putaway(world *w)
{
    doc *d = new_doc(w, D_PUTAWAY);
    if (!w->n_bins[d->from]) {
        w->n_docs--;
        return;
    }
    d->to_bin = pick(w->n_bins[d->from]);
    id_of(call(w, "POST", "/putaways",
               "{\"date\":\"2025-06-15\",\"location_id\":\"%s\",\"line_items\":[{\"item_id\":\"%s\",\"quantity_transferred\":%g,"
               "\"storages\":[{\"storage_id\":\"%s\",\"quantity\":%g}]}]}",
               w->o->locs[d->from], w->items[d->item], d->quantity, bin_id(w, d->from, d->to_bin), d->quantity),
          "putaway.putaway_id", d->id, "putaway");
}

static void adjustment(world *w)
{
    doc *d = new_doc(w, D_ADJUST);
    d->from_bin = some_bin(w, d->from);
    if (pick(2)) d->quantity = -d->quantity;
    char bin[64] = "";
    if (d->from_bin >= 0) snprintf(bin, sizeof bin, ",\"storage_id\":\"%s\"", bin_id(w, d->from, d->from_bin));
    id_of(call(w, "POST", "/inventoryadjustments",
               "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\",\"line_items\":"
               "[{\"item_id\":\"%s\",\"location_id\":\"%s\",\"quantity_adjusted\":%g%s}]}",
               w->items[d->item], w->o->locs[d->from], d->quantity, bin),
          "inventory_adjustment.inventory_adjustment_id", d->id, "adjustment");
}

static void vendor_credit(world *w)
{
    doc *d = new_doc(w, D_CREDIT);
    id_of(call(w, "POST", "/vendorcredits",
               "{\"vendor_id\":\"%s\",\"location_id\":\"%s\",\"line_items\":[{\"item_id\":\"%s\",\"quantity\":%g,\"rate\":1}]}",
               w->vendor, w->o->locs[d->from], w->items[d->item], d->quantity),
          "vendor_credit.vendor_credit_id", d->id, "vendor credit");
}

/* A bundle of the kit at one location, from one part: bundled at once or a draft. */
static void bundle(world *w)
{
    doc *d = new_doc(w, D_BUNDLE);
    double per_kit = 1 + pick(2);
    d->consumed = per_kit * d->quantity;
    bool now = pick(2);
    id_of(call(w, "POST", "/bundles",
               "{\"date\":\"2025-06-15\",\"composite_item_id\":\"%s\",\"composite_item_name\":\"Kit\",\"quantity_to_bundle\":%g,"
               "\"is_completed\":%s,\"location_id\":\"%s\",\"line_items\":[{\"item_id\":\"%s\",\"name\":\"x\",\"quantity_consumed\":%g,"
               "\"account_id\":\"%s\",\"location_id\":\"%s\"}]}",
               w->kit, d->quantity, now ? "true" : "false", w->o->locs[d->from], w->items[d->item], per_kit, w->account,
               w->o->locs[d->from]),
          "bundle_id", d->id, "bundle");
    snprintf(d->status, sizeof d->status, "%s", now ? "bundled" : "draft");
}

/* The org's own item (its last) gets a new opening stock at one location. */
static void opening(world *w)
{
    doc *d = new_doc(w, D_OPENING);
    d->item = w->n_items - 1;
    for (int i = 0; i < w->n_docs - 1; i++)
        if (w->docs[i].kind == D_OPENING) w->docs[i].live = false;      /* replaced */
    char path[96];
    snprintf(path, sizeof path, "/variants/%s/openingstock", w->items[d->item]);
    ok(call(w, "PUT", path, "{\"locations\":[{\"location_id\":\"%s\",\"initial_stock\":%g}]}", w->o->locs[d->from], d->quantity),
       "opening stock");
    snprintf(d->id, sizeof d->id, "opening");
}

/* A sales order of one line at one location, confirmed at once or a draft. */
static void sales_order(world *w)
{
    doc *d = new_doc(w, D_ORDER);
    bool now = pick(2);
    id_of(call(w, "POST", "/salesorders",
               "{\"customer_id\":\"%s\",\"date\":\"2025-06-15\",\"line_items\":[{\"item_id\":\"%s\",\"quantity\":%g,"
               "\"rate\":3,\"location_id\":\"%s\"}]}",
               w->customer, w->items[d->item], d->quantity, w->o->locs[d->from]),
          "sales_order.salesorder_id", d->id, "sales order");
    snprintf(d->status, sizeof d->status, "draft");
    if (now) {
        char path[96];
        snprintf(path, sizeof path, "/salesorders/%s/status/confirmed", d->id);
        ok(call(w, "POST", path, NULL), path);
        snprintf(d->status, sizeof d->status, "confirmed");
    }
}

/* A confirmed order is packed whole and shipped. */
static void ship_order(world *w, doc *d)
{
    char path[128], line[32];
    snprintf(path, sizeof path, "/salesorders/%s", d->id);
    id_of(call(w, "GET", path, NULL), "salesorder.line_items.0.line_item_id", line, "order line");
    snprintf(path, sizeof path, "/packages?salesorder_id=%s", d->id);
    id_of(call(w, "POST", path, "{\"date\":\"2025-06-16\",\"line_items\":[{\"so_line_item_id\":\"%s\",\"quantity\":%g}]}",
               line, d->quantity),
          "package.package_id", d->package, "package");
    snprintf(path, sizeof path, "/shipmentorders?package_ids=%s&salesorder_id=%s", d->package, d->id);
    id_of(call(w, "POST", path, "{\"date\":\"2025-06-17\",\"delivery_method\":\"DHL\",\"tracking_number\":\"T\"}"),
          "shipment_order.shipment_id", d->shipment, "shipment");
    snprintf(d->status, sizeof d->status, "shipped");
}

/* A direct invoice of one line: sent at once or a draft. */
static void invoice(world *w)
{
    doc *d = new_doc(w, D_INVOICE);
    bool now = pick(2);
    id_of(call(w, "POST", now ? "/invoices?send=true" : "/invoices",
               "{\"customer_id\":\"%s\",\"location_id\":\"%s\",\"line_items\":[{\"item_id\":\"%s\",\"quantity\":%g,\"rate\":3}]}",
               w->customer, w->o->locs[d->from], w->items[d->item], d->quantity),
          "invoice.invoice_id", d->id, "invoice");
    snprintf(d->status, sizeof d->status, "%s", now ? "sent" : "draft");
}

static void credit_note(world *w)
{
    doc *d = new_doc(w, D_CREDIT_NOTE);
    id_of(call(w, "POST", "/creditnotes",
               "{\"customer_id\":\"%s\",\"date\":\"2025-06-18\",\"line_items\":[{\"item_id\":\"%s\",\"quantity\":%g,"
               "\"rate\":3,\"location_id\":\"%s\"}]}",
               w->customer, w->items[d->item], d->quantity, w->o->locs[d->from]),
          "creditnote.creditnote_id", d->id, "credit note");
}

/* An issued purchase order of one line, and a receive of all of it. */
static void receive(world *w)
{
    doc *d = new_doc(w, D_RECEIVE);
    char path[128], line[32];
    id_of(call(w, "POST", "/purchaseorders",
               "{\"vendor_id\":\"%s\",\"date\":\"2025-06-15\",\"line_items\":[{\"item_id\":\"%s\",\"quantity\":%g,"
               "\"rate\":2,\"location_id\":\"%s\"}]}",
               w->vendor, w->items[d->item], d->quantity, w->o->locs[d->from]),
          "purchase_order.purchaseorder_id", d->parent, "purchase order");
    snprintf(path, sizeof path, "/purchaseorders/%s/status/issued", d->parent);
    ok(call(w, "POST", path, NULL), path);
    snprintf(path, sizeof path, "/purchaseorders/%s", d->parent);
    id_of(call(w, "GET", path, NULL), "purchase_order.line_items.0.line_item_id", line, "order line");
    snprintf(path, sizeof path, "/purchasereceives?purchaseorder_id=%s", d->parent);
    id_of(call(w, "POST", path, "{\"date\":\"2025-06-16\",\"line_items\":[{\"line_item_id\":\"%s\",\"quantity\":%g}]}",
               line, d->quantity),
          "purchase_receive.receive_id", d->id, "receive");
}

static void bill(world *w)
{
    doc *d = new_doc(w, D_BILL);
    static int number;
    id_of(call(w, "POST", "/bills",
               "{\"vendor_id\":\"%s\",\"bill_number\":\"INV-BILL-%d\",\"date\":\"2025-06-17\",\"due_date\":\"2025-07-17\","
               "\"location_id\":\"%s\",\"line_items\":[{\"item_id\":\"%s\",\"quantity\":%g,\"rate\":2,\"account_id\":\"%s\","
               "\"location_id\":\"%s\"}]}",
               w->vendor, ++number, w->o->locs[d->from], w->items[d->item], d->quantity, w->account, w->o->locs[d->from]),
          "bill.bill_id", d->id, "bill");
}

/* A surviving document of the kind, at random; NULL when none. */
static doc *some_doc(world *w, doc_kind kind)
{
    int n = 0;
    for (int i = 0; i < w->n_docs; i++) n += w->docs[i].live && w->docs[i].kind == kind;
    if (!n) return NULL;
    int k = pick(n);
    for (int i = 0; i < w->n_docs; i++)
        if (w->docs[i].live && w->docs[i].kind == kind && k-- == 0) return &w->docs[i];
    return NULL;
}

static const char *collection(doc_kind kind)
{
    static const char *const names[] = {"/transferorders", "/moveorders", "/putaways", "/inventoryadjustments", "/vendorcredits",
                                        "/bundles", "/salesorders", "/invoices", "/creditnotes", "/purchasereceives",
                                        "/bills", ""};
    return names[kind];
}

static void delete_one(world *w)
{
    static const doc_kind kinds[] = {D_TRANSFER, D_MOVE, D_PUTAWAY, D_ADJUST,  D_CREDIT, D_BUNDLE,
                                     D_ORDER,    D_INVOICE, D_CREDIT_NOTE, D_RECEIVE, D_BILL};
    doc *d = some_doc(w, kinds[pick((int)(sizeof kinds / sizeof kinds[0]))]);
    if (!d) return;
    char path[96];
    /* A shipped order goes after its shipment and package (each refused while a later one stands). */
    if (*d->shipment) {
        snprintf(path, sizeof path, "/shipmentorders/%s", d->shipment);
        ok(call(w, "DELETE", path, NULL), path);
        snprintf(path, sizeof path, "/packages/%s", d->package);
        ok(call(w, "DELETE", path, NULL), path);
    }
    snprintf(path, sizeof path, "%s/%s", collection(d->kind), d->id);
    ok(call(w, "DELETE", path, NULL), path);
    d->live = false;
}

static void advance(world *w)
{
    if (!pick(4)) {
        if (pick(2)) {
            doc *d = some_doc(w, D_INVOICE);
            if (!d || !strcmp(d->status, "sent")) return;
            char path[96];
            snprintf(path, sizeof path, "/invoices/%s/status/sent", d->id);
            ok(call(w, "POST", path, NULL), path);
            snprintf(d->status, sizeof d->status, "sent");
            return;
        }
        doc *d = some_doc(w, D_ORDER);
        if (!d || !strcmp(d->status, "shipped")) return;
        if (!strcmp(d->status, "confirmed")) {
            ship_order(w, d);
            return;
        }
        char path[96];
        snprintf(path, sizeof path, "/salesorders/%s/status/confirmed", d->id);
        ok(call(w, "POST", path, NULL), path);
        snprintf(d->status, sizeof d->status, "confirmed");
        return;
    }
    if (!pick(3)) {
        doc *d = some_doc(w, D_BUNDLE);
        if (!d || !strcmp(d->status, "bundled")) return;
        char path[96];
        snprintf(path, sizeof path, "/bundles/%s/bundled", d->id);
        ok(call(w, "POST", path, NULL), path);
        snprintf(d->status, sizeof d->status, "bundled");
        return;
    }
    if (pick(2)) {
        doc *d = some_doc(w, D_TRANSFER);
        if (!d || !strcmp(d->status, "transferred")) return;
        const char *verb = !strcmp(d->status, "draft") && pick(2) ? "intransit" : "markastransferred";
        char path[96];
        snprintf(path, sizeof path, "/transferorders/%s/%s", d->id, verb);
        ok(call(w, "POST", path, NULL), path);
        snprintf(d->status, sizeof d->status, "%s", !strcmp(verb, "intransit") ? "in_transit" : "transferred");
        return;
    }
    doc *d = some_doc(w, D_MOVE);
    if (!d || !strcmp(d->status, "completed")) return;
    const char *verb = !strcmp(d->status, "draft") ? "markasconfirmed" : "markascompleted";
    char path[96];
    snprintf(path, sizeof path, "/moveorders/%s/%s", d->id, verb);
    ok(call(w, "POST", path, NULL), path);
    snprintf(d->status, sizeof d->status, "%s", !strcmp(verb, "markasconfirmed") ? "confirmed" : "completed");
}

/* ------------------------------------------------------------ checking */

static void setup(world *w, const org_def *o)
{
    memset(w, 0, sizeof *w);
    w->o = o;
    while (w->n_items < MAX_ITEMS && o->items[w->n_items]) {
        w->items[w->n_items] = o->items[w->n_items];
        w->n_items++;
    }
    while (w->n_locs < MAX_LOCS && o->locs[w->n_locs]) w->n_locs++;
    for (int l = 0; l < w->n_locs; l++)
        while (w->n_bins[l] < MAX_BINS && o->bins[l][w->n_bins[l]]) w->n_bins[l]++;
    id_of(call(w, "POST", "/contacts", "{\"contact_name\":\"Invariant Supplies\",\"contact_type\":\"vendor\"}"),
          "contact.contact_id", w->vendor, "vendor");
    id_of(call(w, "POST", "/contacts", "{\"contact_name\":\"Invariant Buyers\",\"contact_type\":\"customer\"}"),
          "contact.contact_id", w->customer, "customer");
    /* An item of the test's own, with an opening stock it will change. */
    id_of(call(w, "POST", "/items", "{\"name\":\"Invariant Widget\",\"locations\":[{\"location_id\":\"%s\",\"initial_stock\":7}]}",
               o->locs[0]),
          "item.item_id", w->own_item, "item");
    w->items[w->n_items++] = w->own_item;
    id_of(call(w, "POST", "/compositeitems",
               "{\"name\":\"Invariant Kit\",\"sku\":\"INV-KIT\",\"rate\":9,\"item_type\":\"inventory\",\"product_type\":\"goods\","
               "\"mapped_items\":[{\"item_id\":\"%s\",\"quantity\":1}]}", w->items[0]),
          "composite_item.composite_item_id", w->kit, "composite item");
    snprintf(w->account, sizeof w->account, "%s", o->account);
    for (int i = 0; i < w->n_items; i++) read_item(w, i, w->base[i]);
    /* Its opening stock is a document the sequence replaces. */
    doc *d = &w->docs[w->n_docs++];
    memset(d, 0, sizeof *d);
    *d = (doc){.kind = D_OPENING, .id = "opening", .item = w->n_items - 1, .from = 0, .to = -1, .from_bin = -1,
               .to_bin = -1, .quantity = 7, .live = true};
    add(w->base, d->item, 0, -1, -7, -7);
}

static void check(const world *w, int step)
{
    static figures want[W_ITEMS][MAX_LOCS][MAX_BINS + 1];
    expected(w, want);
    /* The kit: what its bundled bundles made. */
    double kits = 0;
    for (int i = 0; i < w->n_docs; i++)
        if (w->docs[i].live && w->docs[i].kind == D_BUNDLE && !strcmp(w->docs[i].status, "bundled")) kits += w->docs[i].quantity;
    char path[96];
    snprintf(path, sizeof path, "/compositeitems/%s", w->kit);
    tresponse r = call(w, "GET", path, NULL);
    cr_assert_eq(tjson_num(r.json, "stock_on_hand"), kits, "org %s step %d: kits %s", w->o->id, step, r.body);
    cr_assert_eq(tjson_num(r.json, "available_stock"), kits, "org %s step %d: kits %s", w->o->id, step, r.body);
    tresponse_free(&r);
    for (int i = 0; i < w->n_items; i++) {
        figures got[MAX_LOCS][MAX_BINS + 1];
        read_item(w, i, got);
        for (int l = 0; l < w->n_locs; l++)
            for (int b = 0; b <= w->n_bins[l]; b++) {
                cr_assert_float_eq(got[l][b].accounting, want[i][l][b].accounting, 1e-9,
                                   "org %s step %d: item %s at %s bin %s: accounting %g, expected %g", w->o->id, step,
                                   w->items[i], w->o->locs[l], b ? w->o->bins[l][b - 1] : "(all)", got[l][b].accounting,
                                   want[i][l][b].accounting);
                cr_assert_float_eq(got[l][b].physical, want[i][l][b].physical, 1e-9,
                                   "org %s step %d: item %s at %s bin %s: physical %g, expected %g", w->o->id, step,
                                   w->items[i], w->o->locs[l], b ? w->o->bins[l][b - 1] : "(all)", got[l][b].physical,
                                   want[i][l][b].physical);
            }
        for (int l = 0; l < w->n_locs; l++)
            cr_assert_float_eq(got[l][0].committed, want[i][l][0].committed, 1e-9,
                               "org %s step %d: item %s at %s: committed %g, expected %g", w->o->id, step, w->items[i],
                               w->o->locs[l], got[l][0].committed, want[i][l][0].committed);
    }
}

/* A count of every item at the first location shows the figure the organization counts. */
static void count_shows(const world *w)
{
    static figures want[W_ITEMS][MAX_LOCS][MAX_BINS + 1];
    expected(w, want);
    ok(call(w, "PUT", "/settings/preferences", "{\"stock_tracking_mode\":\"%s\"}", w->o->stock_tracking_mode), "preference");
    char lines[1024] = "";
    size_t n = 0;
    for (int i = 0; i < w->n_items; i++)
        n += (size_t)snprintf(lines + n, sizeof lines - n, "%s{\"item_id\":\"%s\"}", i ? "," : "", w->items[i]);
    char count[32], path[96];
    id_of(call(w, "POST", "/inventorycounts", "{\"location_id\":\"%s\",\"line_items\":[%s]}", w->o->locs[0], lines),
          "inventorycount.inventorycount_id", count, "count");
    snprintf(path, sizeof path, "/inventorycounts/%s/start", count);
    ok(call(w, "POST", path, NULL), path);
    snprintf(path, sizeof path, "/inventorycounts/%s", count);
    tresponse r = call(w, "GET", path, NULL);
    bool accounting = !strcmp(w->o->stock_tracking_mode, "accounting");
    const cJSON *l;
    cJSON_ArrayForEach(l, tjson_get(r.json, "inventorycount.line_items")) {
        for (int i = 0; i < w->n_items; i++) {
            if (strcmp(tjson_str(l, "item_id"), w->items[i]) != 0) continue;
            double figure = accounting ? want[i][0][0].accounting : want[i][0][0].physical;
            cr_assert_float_eq(tjson_num(l, "system_quantity"), figure, 1e-9, "org %s item %s: system quantity %g, %s %g",
                               w->o->id, w->items[i], tjson_num(l, "system_quantity"), w->o->stock_tracking_mode, figure);
        }
    }
    tresponse_free(&r);
}

Test(stock_invariant, every_figure_is_the_start_plus_what_surviving_documents_moved)
{
    static world worlds[N_ORGS];
    for (size_t k = 0; k < N_ORGS; k++) {
        setup(&worlds[k], &orgs[k]);
        check(&worlds[k], 0);
    }
    for (int step = 1; step <= 900; step++) {
        world *w = &worlds[pick((int)N_ORGS)];
        switch (pick(17)) {
        case 0:
        case 1: transfer(w); break;
        case 2: move_order(w); break;
        case 3: putaway(w); break;
        case 4: adjustment(w); break;
        case 5: vendor_credit(w); break;
        case 6: opening(w); break;
        case 7: bundle(w); break;
        case 8: sales_order(w); break;
        case 9: invoice(w); break;
        case 10: credit_note(w); break;
        case 11: receive(w); break;
        case 12: bill(w); break;
        case 13: delete_one(w); break;
        default: advance(w); break;
        }
        if (step % 150 == 0)
            for (size_t k = 0; k < N_ORGS; k++) check(&worlds[k], step);
    }
    for (size_t k = 0; k < N_ORGS; k++) count_shows(&worlds[k]);
    /* The sequence made, moved and deleted documents of every kind. */
    int made[D_OPENING + 1] = {0}, gone = 0, arrived = 0, completed = 0, shipped = 0;
    for (size_t k = 0; k < N_ORGS; k++)
        for (int i = 0; i < worlds[k].n_docs; i++) {
            const doc *d = &worlds[k].docs[i];
            made[d->kind]++;
            gone += !d->live;
            arrived += d->live && !strcmp(d->status, "transferred");
            completed += d->live && !strcmp(d->status, "completed");
            shipped += d->live && !strcmp(d->status, "shipped");
        }
    for (int kind = D_TRANSFER; kind <= D_OPENING; kind++) cr_assert_gt(made[kind], 5, "kind %d: %d made", kind, made[kind]);
    cr_assert_gt(gone, 20);
    cr_assert_gt(arrived, 5);
    cr_assert_gt(completed, 0);
    cr_assert_gt(shipped, 0);
}

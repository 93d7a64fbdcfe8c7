/* module.h -- a Zoho module as the engine serves it: its records, numbers, statuses, and the hooks that make it behave */
#ifndef ZM_MODULE_H
#define ZM_MODULE_H

/* The engine (engine.h) answers every documented operation of a module
 * from the module's table entry (modules.c) and the facts of Zoho's
 * documents (zoho/spec.h): it validates bodies against the documented
 * schema, builds records with every field of the documented record,
 * stores them per organization (model/docs.h), lists, sorts, filters and
 * pages them, moves them through statuses, keeps their comments, files and
 * sub-records, and answers in the documented shape. A module adds only what
 * is its own, through the hooks below; a module whose operations need a
 * hand-written answer lists them in `specials`. */

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "model/docs.h"
#include "model/ledger.h"
#include "model/model.h"
#include "zoho/request.h"
#include "zoho/spec.h"

struct zm_module;

/* One call as the engine and the hooks see it. */
typedef struct zm_ctx {
    zm_request *req;
    zm_reply *rep;
    zm_org *org;
    const zm_op *op;
    const struct zm_module *mod;
    zm_collection *coll;        /* the module's records in org */
} zm_ctx;

/* An action that moves a record's status: POST /coll/{id}/<verb>. */
typedef struct zm_transition {
    const char *verb;           /* op->verb: "status/confirmed", "void", "markastransferred" */
    const char *to;             /* the status after; NULL leaves the status as it is */
    const char *from[12];       /* statuses it is allowed from; none listed: any */
} zm_transition;

/* An operation the module answers by hand instead of the engine. */
typedef struct zm_special {
    const char *method;         /* "GET" */
    const char *path;           /* the documented path: "/invoices/{invoice_id}/email" */
    void (*answer)(zm_ctx *x);
} zm_special;

typedef struct zm_module {
    const char *name;               /* "salesorders": route names, fixture section, admin listing */
    const char *collections[4];     /* the documented collections it serves ("bills", "bill") */
    const char *id_field;           /* "salesorder_id" */
    const char *label;              /* "Sales Order": "<label> does not exist." */
    const char *report_name;        /* page_context.report_name: "Sales Orders" */
    const char *number_field;       /* "salesorder_number", or NULL */
    const char *number_prefix;      /* "SO-" */
    int number_digits;              /* 5: SO-00001 */
    const char *search_fields[8];   /* search_text looks in these (first: the record's name) */
    const char *default_sort;       /* sort_column when none is given; NULL: creation order */
    bool ascending;                 /* the default sort_order is A */
    const char *default_status;     /* a new record's status; NULL: none */
    const char *row_extras[8];      /* record members list rows keep though the documented
                                       row does not declare them (an item's unit, tracking) */
    const zm_transition *transitions;   /* ends with a NULL verb; NULL: the engine's defaults */
    const zm_special *specials;     /* ends with a NULL method */
    bool core;                      /* its records mirror the core model (items, locations,
                                       users): its fixture section is model/fixtures.c's */
    bool seed_hooks;                /* its fixture records also go through check and apply,
                                       once every fixture record exists (their figures come
                                       from other records: an order's packed quantities);
                                       the hooks then see the record already kept */

    /* Hooks; each optional. A hook that refuses replies (reply_error) and
     * returns false, and the engine changes nothing. */

    /* After the body is merged into the record (create: existing NULL),
     * before anything is stored: refusals beyond the schema, and fields
     * the module sets itself. */
    bool (*check)(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
    /* Every change of a record, before it is kept: before is NULL on
     * create, after is NULL on delete. What the record does to the rest
     * of the model (stock, the status of its order) happens here. */
    bool (*apply)(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
    /* What the record moves in stock in this state (model/ledger.h). The
     * engine applies the difference between the moves before and after
     * every change, all or nothing: the change is refused (400) when the
     * ledger refuses (a serial not in stock, a batch below zero, negative
     * stock the organization forbids). Runs before `apply`. */
    void (*moves)(zm_ctx *x, const cJSON *record, zm_stock_moves *out);
    /* Deleting d: refuse while later documents depend on it. */
    bool (*deleting)(zm_ctx *x, const zm_doc *d);
    /* Live figures added to a record as it is printed (an item's stock). */
    void (*print)(zm_ctx *x, const zm_doc *d, cJSON *out);
    /* The members print sets, when it says: a list row whose schema
     * declares none of them is the record's alone (print is not run for
     * it, and the row is kept as a hook-free module's). Empty: any. */
    const char *print_sets[8];
    /* What print reads for a list row besides the record, so that rows can
     * be kept as text (inventory/engine_rows.c): row_state appends to out
     * the state d's row is printed from (an item's stock rows), list_state
     * the state every row of the organization is printed from (locations,
     * their names and statuses). A kept row is written again while both
     * are byte for byte what they were when it was printed. A module with
     * a print hook and no row_state prints its rows afresh every time. */
    void (*row_state)(zm_ctx *x, const zm_doc *d, zm_json_buf *out);
    void (*list_state)(zm_ctx *x, zm_json_buf *out);
    /* A list filter the engine cannot apply from the record's fields alone
     * (a filter_by value, a parameter naming no field): 1 keeps d, 0 drops
     * it, -1 "not mine" (the engine then compares the field of that name). */
    int (*filter)(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
    /* Creates the records the organization's core model already holds
     * (items, locations, users, bins) before the fixture's own sections. */
    void (*seed)(struct zm_module *m, zm_org *org, zm_collection *c);

    /* Filled in at start-up (engine_init). */
    int slot;                       /* its collection in every organization */
    const cJSON *record_schema;     /* the documented record: the get answer's, else the create answer's */
    const cJSON *row_schema;        /* a list row's, when the module has a list */
    const zm_op *list_op;           /* its list operation, or NULL */
} zm_module;

/* --------------------------------------------------------- the modules */

/* Every module, ending with NULL (modules.c; each defined in its area's
 * mod_<area>.c). */
extern zm_module *const g_modules[];

zm_module *module_by_name(const char *name);
/* The module serving a documented collection ("settings/taxes"); NULL if none. */
zm_module *module_for_collection(const char *collection);

/* ---------------------------------------------- helpers for the hooks */

/* The record of a module by id in x->org; NULL when absent. */
zm_doc *module_find(zm_ctx *x, const char *module_name, const char *id);
/* A string member ("" when absent or not a string). */
const char *rec_str(const cJSON *rec, const char *name);
double rec_num(const cJSON *rec, const char *name);
/* Sets a member only when the record's schema declares it or it exists. */
void rec_set_str(cJSON *rec, const char *name, const char *value);
void rec_set_num(cJSON *rec, const char *name, double value);
void rec_set_bool(cJSON *rec, const char *name, bool value);

#endif

/* counts.h -- stock counts (inventory counts): the model, its JSON, look-ups and background states */
#ifndef ZM_COUNTS_H
#define ZM_COUNTS_H

/* list/tracking/storages/autocomplete handlers live in counts_reading.c
 * (endpoints 2, 19, 20, 21, 22). The rest of the feature:
 *   counts.c             the model: names, tallies, JSON, look-ups, freeing
 *   counts_api.c         create, update, retrieve, delete, bulk delete (1, 3-6)
 *   counts_flow.c        start, count, submit, approve, cancel (7-11)
 *   counts_background.c background states and PUT/GET /__admin/background
 *   count_settings.c     PUT /settings/inventorycounts and .../preferences (23, 24)
 *
 * Every function here runs under the organization's lock (org_lock, model/model.h). */

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "model/model.h"
#include "zoho/request.h"

/* ------------------------------------------------------------- statuses */

/* Every status the list endpoint's `status` filter names, in the page's
 * order. PROCESSING and EXPIRED are never produced by this mock (they come
 * from recurring profiles and Zoho-side jobs), but are valid filter values. */
typedef enum zm_count_status {
    COUNT_YET_TO_START,
    COUNT_COUNTING,
    COUNT_SUBMITTED,
    COUNT_PROCESSING,
    COUNT_COMPLETED,
    COUNT_CANCELLED,
    COUNT_EXPIRED,
    COUNT_APPROVAL_IN_PROGRESS,
    COUNT_START_IN_PROGRESS,
    COUNT_SUBMISSION_IN_PROGRESS,
    COUNT__STATUS_N
} zm_count_status;

/* "yet_to_start", "counting", ... */
const char *count_status_name(zm_count_status s);
/* The status named s; false when s is not one of the names above. */
bool count_status_parse(const char *s, zm_count_status *out);

/* A line item's own status ("status" of a line in the JSON):
 *   draft    not counted (yet), count not submitted
 *   counted  a counted quantity is recorded (and awaiting approval once submitted)
 *   skipped  submitted while uncounted: no adjustment will be made for it
 *   approved approved by PUT .../approve (final)
 *   rejected rejected by PUT .../approve: counted quantity cleared, awaits a recount */
typedef enum zm_count_line_status {
    LINE_DRAFT,
    LINE_COUNTED,
    LINE_SKIPPED,
    LINE_APPROVED,
    LINE_REJECTED,
} zm_count_line_status;
const char *count_line_status_name(zm_count_line_status s);

/* approval_status of a line: "" until decided, then approved|rejected. */
typedef enum zm_approval_status {
    APPROVAL_NONE,
    APPROVAL_APPROVED,
    APPROVAL_REJECTED,
} zm_approval_status;
const char *count_approval_name(zm_approval_status s);

/* ------------------------------------------------------------ the model */

/* One bin (storage) of a bin-tracked line. Bins are captured at start: one
 * per stock row of the item in a bin of the count's location; counting a
 * bin of the location that held none of the item adds a row (is_new,
 * system 0). Per-bin counting is optional: see counts_flow.c. */
typedef struct zm_count_bin {
    zm_id storage_id;
    char *storage_name;
    double system_quantity;
    bool counted;
    double counted_quantity;          /* meaningful when counted */
    bool is_new;                      /* not holding the item at start */
    VEC(char *) system_serial_numbers;/* of this bin, at start */
    VEC(zm_batch) system_batches;     /* of this bin, at start */
} zm_count_bin;

typedef struct zm_count_line {
    /* (Fields grouped by size: a count line is the model's most numerous
     * struct -- a million at 100,000 counts of 10 lines -- and scattered
     * bools cost it 40 bytes of padding.) */
    zm_id line_item_id;
    zm_id item_id;
    const char *item_name;            /* item's name, sku, unit, tracking: copied when */
    const char *sku;                  /*   the line is made; the texts are the org's */
    const char *unit;                 /*   shared copies (org_intern), not the line's */
    int item_order;
    bool track_serial_number;
    bool track_batch_number;

    /* Captured at start (before start: 0, empty; the JSON shows the live
     * stock instead). */
    bool captured;
    bool is_bin_tracked;              /* the item sat in a bin at the location */
    double system_quantity;
    VEC(char *) system_serial_numbers;
    VEC(zm_batch) system_batches;     /* merged over the location's rows */
    VEC(zm_count_bin) bins;

    /* Counting. */
    bool counted;                     /* false: uncounted (counted_quantity null) */
    bool bins_counted;                /* counted per bin (via "storages") */
    zm_count_line_status status;      /* (approval below) */
    double counted_quantity;
    VEC(char *) counted_serial_numbers;
    VEC(zm_batch) counted_batches;

    /* Approval. */
    zm_approval_status approval_status;
    zm_id reason_id;                  /* "" until approved (or given) */
    zm_id adjustment_id;              /* the adjustment made for it, "" if none */
} zm_count_line;

/* A background action waiting to finish (counts_background.c). */
typedef enum zm_count_action {
    COUNT_ACTION_NONE = 0,            /* zero: a calloc'd count has nothing pending */
    COUNT_ACTION_START = 1,           /* org->count_background[action - 1] */
    COUNT_ACTION_SUBMIT = 2,
    COUNT_ACTION_APPROVE = 3,
} zm_count_action;

/* One decision of an approve call, validated. */
typedef struct zm_count_decision {
    size_t line_index;
    bool approve;
    zm_id reason_id;                  /* resolved (default applied) */
} zm_count_decision;

typedef struct zm_count_pending {
    zm_count_action action;           /* COUNT_ACTION_NONE: nothing pending */
    int reads_left;                   /* 0: not by reads */
    int64_t due_at;                   /* org clock; 0: not by time */
    zm_count_status previous_status;  /* status before the action */
    zm_id user_id;                    /* who asked */
    bool set_uncounted_as_zero;       /* submit */
    VEC(zm_count_decision) decisions; /* approve */
} zm_count_pending;

typedef struct zm_stock_count {
    zm_id inventorycount_id;
    char *inventorycount_number;
    bool manual_number;               /* created with ignore_auto_number_generation=true */
    char count_date[16];
    char *description;
    zm_count_status status;
    zm_id location_id;
    zm_id assignee_id;
    VEC(zm_count_line) line_items;

    int64_t created_time;
    int64_t last_modified_time;
    zm_id created_by_id;
    zm_id last_modified_by_id;
    uint64_t seq;                     /* creation order, breaks time ties */

    zm_count_pending pending;
} zm_stock_count;

/* -------------------------------------------------------------- tallies */

typedef struct zm_count_tally {
    size_t items;                     /* number_of_items */
    size_t counted;                   /* lines with a counted quantity */
    size_t skipped;                   /* status skipped */
    size_t adjusted;                  /* lines that made an adjustment */
    size_t approved;
    size_t rejected;
    double accuracy;                  /* see counts.c */
} zm_count_tally;
void count_tally(const zm_stock_count *c, zm_count_tally *out);

/* ------------------------------------------------------------- look-ups */

/* The organization's counts table (model/index.h): sort columns
 * created_time, count_date, inventorycount_number, last_modified_time, in
 * that order; unique keys the id and the number. count_touch updates it;
 * counts join and leave through counts_add / counts_remove. */
zm_table *counts_table(zm_org *org);
enum { COUNT_UNIQUE_ID = 0, COUNT_UNIQUE_NUMBER = 1 };
void counts_add(zm_org *org, zm_stock_count *c);
void counts_remove(zm_org *org, zm_stock_count *c);     /* the caller frees it */

zm_stock_count *org_find_count(zm_org *org, const char *id);
zm_stock_count *org_find_count_by_number(zm_org *org, const char *number);
/* The line with this line_item_id in any count of the org; *count_out gets
 * its count (may be NULL). */
zm_count_line *org_find_count_line(zm_org *org, const char *line_item_id, zm_stock_count **count_out);
/* The line of count c for line_item_id / item_id; NULL when none. */
zm_count_line *count_find_line(zm_stock_count *c, const char *line_item_id);
zm_count_line *count_find_line_by_item(zm_stock_count *c, const char *item_id);
/* The adjustments made by approving count c, in creation order (the caller
 * frees the array, not the adjustments). Returns how many. */
size_t count_adjustments(zm_org *org, const zm_stock_count *c, zm_adjustment ***out);

/* Derived line values. */
double count_line_variance(const zm_count_line *l);       /* counted - system; 0 if uncounted */
bool count_line_is_matched(const zm_count_line *l);        /* counted and variance 0 */
bool count_line_tracking_mismatch(const zm_count_line *l); /* counted tracking != system's */
/* system_quantity as shown: captured once started, else the live stock. */
double count_line_system_quantity(const zm_org *org, const zm_stock_count *c, const zm_count_line *l);
/* The counted quantity of bin bin_index of a bin-tracked line, the one
 * rule that approval, the retrieve and the reading endpoints share.
 * Counted per bin: the bin's own count (false when that bin is not
 * counted yet; approval takes it as 0). Counted as a whole line: the
 * quantity approval will leave in the bin -- a surplus in the first bin,
 * a shortage taken from the bins in order, each down to 0. Uncounted
 * line: false. */
bool count_bin_counted_quantity(const zm_count_line *l, size_t bin_index, double *out);

/* ----------------------------------------------------------------- JSON */

/* full: the retrieve/action shape (header, summary numbers, line_items with
 * storages and tracking details, inventory_adjustments with their
 * line_items). Not full: the list row of the page (number_of_items*,
 * accuracy, names, times). */
cJSON *count_to_json(const zm_org *org, const zm_stock_count *c, bool full);
cJSON *count_line_to_json(const zm_org *org, const zm_stock_count *c, const zm_count_line *l);

/* ----------------------------------------------------- background states */

/* Call on every access of a count before reading it (list, tracking,
 * storages, autocomplete: is_read=false). Finishes a pending background
 * action whose due time has passed on the org clock. With is_read=true
 * (only the retrieve, GET /inventorycounts/{id}, after it built its
 * answer) the access also counts as one read toward after_reads. */
void count_settle_background(zm_org *org, zm_stock_count *c, bool is_read);
/* Settles every count of the org (before listing). */
void counts_settle_all(zm_org *org);

/* The per-organization switch: action "start", "submit" or "approve";
 * after_reads and after_seconds both 0 turn it off. Returns 0, or -1 for
 * an unknown action or a negative value. Used by PUT /__admin/background
 * and the Lua scenarios. */
int counts_background_set(zm_org *org, const char *action, int after_reads, int after_seconds);
/* "start", "submit", "approve" for 0, 1, 2 (org->count_background's
 * index); NULL otherwise. */
const char *counts_background_action_name(int action);

/* Creates a stock count as POST /inventorycounts would (numbering,
 * count_date today by the org clock, status yet_to_start), for a recurring
 * profile. item_ids: n existing items of the org. Returns the count. */
zm_stock_count *count_create_generated(zm_org *org, const char *location_id, const char *assignee_id,
                                       const char *created_by_id, const char *description,
                                       const char *const *item_ids, size_t n);

/* ----------------------------------------------------------- saved state */

/* counts_state.c (--state, /__admin/state): every field of the struct,
 * enumerations as their numbers, a pending background action with its
 * decisions. Reading one into org (counts_add; a pending action counted in
 * org->counts_in_background) checks ids and numbers unique and its location
 * and items the organization's; the first problem goes to r. */
struct zm_jr;
cJSON *count_to_state(const zm_stock_count *c);
void count_from_state(struct zm_jr *r, const cJSON *j, zm_org *org);

/* Frees one count / every count of the organization (reset, shutdown). */
void count_free(zm_stock_count *c);
void counts_free_all(zm_org *org);

#endif

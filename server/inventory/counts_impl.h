/* counts_impl.h -- what the stock count files share among themselves (not an interface for other features) */
#ifndef ZM_COUNTS_IMPL_H
#define ZM_COUNTS_IMPL_H

#include "inventory/counts.h"

/* counts.c */
void count_line_free(zm_count_line *l);
/* The figure of a stock row a count works with: accounting stock when the
 * organization's stock_tracking_mode is "accounting", else physical (the
 * default; inventory/settings.c). */
double count_row_figure(zm_org *org, const zm_stock_row *r);
/* Forgets the line's counted quantity, per-bin counts and tracking details. */
void count_line_clear_counted(zm_count_line *l);

/* counts_api.c: plumbing every count handler uses */
/* The count named by {inventorycount_id}, settled; 404 when unknown. */
zm_stock_count *count_from_path(zm_request *req, zm_reply *rep);
/* False (with ZE_COUNT_IN_PROGRESS) while a background action runs. */
bool count_check_idle(zm_reply *rep, const zm_stock_count *c);
/* ZE_COUNT_STATUS: "<number> is <status>: only a stock count in <allowed> can be <verb>." */
void count_refuse_status(zm_reply *rep, const zm_stock_count *c, const char *verb, const char *allowed);
/* ZE_COUNT_NOT_ASSIGNEE unless the caller is the assignee. */
bool count_check_assignee(zm_request *req, zm_reply *rep, const zm_stock_count *c, const char *verb);
void count_touch(zm_org *org, zm_stock_count *c, const char *user_id);
/* {"code":0,"message":...,"inventorycount":{full}} */
void count_reply(zm_reply *rep, zm_org *org, const zm_stock_count *c, int status, const char *message);

/* counts_flow.c: the effects of each transition, validated beforehand */
void count_do_start(zm_org *org, zm_stock_count *c);
void count_do_submit(zm_org *org, zm_stock_count *c, bool set_uncounted_as_zero);
void count_do_approve(zm_org *org, zm_stock_count *c, const zm_count_decision *d, size_t n,
                      const char *user_id);

/* counts_background.c */
/* When the org's switch for `action` is on: marks c in progress (status
 * *_in_progress, due after reads/seconds) and returns true; the caller
 * answers with the scheduled message. Off: false, nothing changes. */
bool count_defer(zm_org *org, zm_stock_count *c, zm_count_action action, const char *user_id);
/* "Stock count start has been scheduled in background." etc. */
const char *count_scheduled_message(zm_count_action action);

#endif

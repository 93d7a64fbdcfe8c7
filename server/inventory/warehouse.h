/* warehouse.h -- the warehouse modules' behaviour: their hooks and hand answers, for their table entries (mod_warehouse.c) */
#ifndef ZM_WAREHOUSE_H
#define ZM_WAREHOUSE_H

#include <stdbool.h>

#include "inventory/module.h"

/* locations.c: locations (synced with zm_location), the legacy warehouse
 * lists and the switches that enable locations and bins. */
bool locations_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool locations_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
bool locations_deleting(zm_ctx *x, const zm_doc *d);
void locations_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int locations_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
void locations_mark_primary(zm_ctx *x);     /* POST /locations/{id}/markasprimary */
void locations_users(zm_ctx *x);            /* GET /locations/{id}/users */
void locations_enable(zm_ctx *x);           /* POST /settings/locations/enable */
void locations_bins_switch(zm_ctx *x);      /* POST /locations/{id}/storagelocations/enable|disable (and /settings/warehouses/...) */

/* bins.c: bins (storage locations, synced with zm_storage) and zones */
bool bins_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool bins_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
bool bins_deleting(zm_ctx *x, const zm_doc *d);
void bins_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int bins_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
bool zones_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool zones_deleting(zm_ctx *x, const zm_doc *d);
int zones_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);

/* stock_orders.c: transfer orders, move orders, putaways, picklists */
bool transferorders_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool moveorders_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool putaways_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool picklists_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
int stock_orders_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);

/* stock_order_moves.c: the stock they move (their `moves` hooks), and the
 * checks of their lines' bins, serials and batches */
extern const char *const stock_order_line_detail[];     /* what their lines keep beyond the record line */
bool transferorders_check_stock(zm_ctx *x, cJSON *record);
void transferorders_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);
bool moveorders_check_stock(zm_ctx *x, cJSON *record);
void moveorders_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);
bool putaways_check_stock(zm_ctx *x, cJSON *record);
void putaways_moves(zm_ctx *x, const cJSON *record, zm_stock_moves *out);
void picklists_set_status(zm_ctx *x);       /* POST /picklists/{id}/setstatus, /picklists/setstatus */
void picklists_search(zm_ctx *x);           /* GET /picklists/searchso, searchsolineitems, searchprlineitems */
void picklists_tracking_get(zm_ctx *x);     /* GET /picklists/{id}/advancedtrackingdetails */
void picklists_tracking_put(zm_ctx *x);     /* PUT /picklists/{id}/advancedtrackingdetails */

/* replenishment.c: replenishment configurations and their tasks */
bool replenishments_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
void replenishments_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int replenishments_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
void replenishments_bulk_update(zm_ctx *x);     /* PUT /replenishments */
void replenishments_pause(zm_ctx *x);           /* PUT /replenishments/{id}/pause, /replenishments/pause */
void replenishments_resume(zm_ctx *x);          /* PUT /replenishments/{id}/resume, /replenishments/resume */
void replenishments_generate(zm_ctx *x);        /* POST /replenishments/{id}/tasks/generate, /replenishments/tasks/generate */
void replenishments_orders(zm_ctx *x);          /* GET /replenishments/orders */
void replenishments_report(zm_ctx *x);          /* GET /reports/replenishments/tasks */
void replenishments_of_item(zm_ctx *x);         /* GET /items/{id}/locations/replenishments (and warehouses) */
void replenishment_tasks_details(zm_ctx *x);    /* GET /replenishments/tasks/details */
bool replenishment_tasks_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
int replenishment_tasks_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);

#endif

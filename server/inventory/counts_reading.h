/* counts_reading.h -- stock counts' read endpoints: list, tracking details, item storages, autocomplete (2, 19-22) */
#ifndef ZM_COUNTS_READING_H
#define ZM_COUNTS_READING_H

#include "zoho/request.h"

/* GET /inventorycounts */
void counts_list(zm_request *req, zm_reply *rep);
/* GET /inventorycountitems/{line_item_id}/trackingdetails */
void counts_tracking_details(zm_request *req, zm_reply *rep);
/* GET /inventorycounts/{inventorycount_id}/items/{item_id}/storages */
void counts_item_storages(zm_request *req, zm_reply *rep);
/* GET /autocomplete/inventorycounts/items */
void counts_autocomplete_items(zm_request *req, zm_reply *rep);
/* GET /autocomplete/inventorycounts/storages */
void counts_autocomplete_storages(zm_request *req, zm_reply *rep);

#endif

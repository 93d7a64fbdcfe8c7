/* outbox.c -- the outbox admin API: the e-mails the Zoho API was asked to send, per organization, and clearing them */
#include <stdlib.h>

#include "admin/admin.h"
#include "http/handlers.h"

/* Nothing leaves the mock: POST /invoices/{id}/email and the other mail
 * endpoints keep their messages in the organization's outbox (model.h),
 * oldest first, until a reset or DELETE /__admin/outbox. */

/* GET /__admin/outbox[?organization_id=]: {"outbox": [message...], "count"} */
void admin_outbox_list(zm_request *req, zm_reply *rep)
{
    zm_org *org;
    model_lock();
    if (admin_org_query(req, rep, &org) >= 0) {
        cJSON *out = reply_success(rep, 200, "success");
        cJSON *arr = cJSON_AddArrayToObject(out, "outbox");
        for (size_t i = 0; i < g_model.orgs.n; i++) {
            const zm_org *o = g_model.orgs.v[i];
            if (org && o != org) continue;
            for (size_t k = 0; k < o->outbox.n; k++) cJSON_AddItemToArray(arr, cJSON_Duplicate(o->outbox.v[k], true));
        }
        cJSON_AddNumberToObject(out, "count", cJSON_GetArraySize(arr));
    }
    model_unlock();
}

/* DELETE /__admin/outbox[?organization_id=]: empties it. */
void admin_outbox_clear(zm_request *req, zm_reply *rep)
{
    zm_org *org;
    model_lock();
    if (admin_org_query(req, rep, &org) >= 0) {
        size_t removed = 0;
        for (size_t i = 0; i < g_model.orgs.n; i++) {
            zm_org *o = g_model.orgs.v[i];
            if (org && o != org) continue;
            for (size_t k = 0; k < o->outbox.n; k++) cJSON_Delete(o->outbox.v[k]);
            removed += o->outbox.n;
            VEC_FREE(o->outbox);
        }
        request_journal(req, 200);  /* --state: replayed through here */
        cJSON *out = reply_success(rep, 200, "The outbox has been emptied.");
        cJSON_AddNumberToObject(out, "removed", (double)removed);
    }
    model_unlock();
}

/* seed.c -- POST /__admin/seed: many stock counts, adjustments and documents of any module in one call, for benchmarks and load tests */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "http/handlers.h"
#include "inventory/seed.h"
#include "zoho/fields.h"

/* A whole number from 0 to max; absent: 0 (or `absent`). */
static bool read_amount(zm_reply *rep, const cJSON *body, const char *name, size_t absent, size_t max, size_t *out)
{
    double v = 0;
    bool present = false;
    if (!field_number(rep, body, name, false, &v, &present)) return false;
    if (present && (v < 0 || v > (double)max || v != (double)(size_t)v)) {
        reply_error(rep, ZE_INVALID_FIELD, name);
        return false;
    }
    *out = present ? (size_t)v : absent;
    return true;
}

/* {"organization_id", "inventorycounts": N, "line_items": L (default 10),
 * "item_ids"?: [...], "adjustments": N, "assignee_id"?, "description"?,
 * "documents"?: [{"module", "count", "body", "vary"}]}:
 * N stock counts (yet_to_start, L line items each -- the items vary from
 * count to count, or are item_ids in every one -- assigned to assignee_id
 * or the organization's first user), N quantity adjustments of +1, and
 * `count` documents of each module listed (inventory/seed.h: the create
 * body, fields varied from document to document, "{n}" numbering texts),
 * made as the API makes them, in one call under the organization's lock.
 * Answers the new ids: "inventorycount_ids", "inventory_adjustment_ids",
 * "document_ids": {"<module>": [...]}. */
void admin_seed(zm_request *req, zm_reply *rep)
{
    cJSON *body = request_body(req, rep, true);
    if (!body) return;
    if (!cJSON_IsObject(body)) {
        reply_error(rep, ZE_INVALID_FIELD, "JSONString");
        return;
    }
    zm_id org_id, assignee;
    bool has_assignee = false;
    const char *description = NULL;
    zm_seed s = {0};
    if (!field_id(rep, body, "organization_id", true, org_id, NULL) ||
        !read_amount(rep, body, "inventorycounts", 0, SEED_MAX_ROWS, &s.counts) ||
        !read_amount(rep, body, "line_items", 10, 5000, &s.lines) ||
        !read_amount(rep, body, "adjustments", 0, SEED_MAX_ROWS, &s.adjustments) ||
        !field_id(rep, body, "assignee_id", false, assignee, &has_assignee) ||
        !field_string(rep, body, "description", false, &description, NULL))
        return;
    zm_org *org = model_find_org(org_id);
    if (!org) {
        reply_error(rep, ZE_NOT_FOUND, "Organization");
        return;
    }
    const cJSON *items = NULL;
    bool has_items = false;
    if (!field_array(rep, body, "item_ids", false, false, &items, &has_items)) return;
    const char *item_ids[5000];
    if (has_items) {
        s.lines = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, items) {
            if (!cJSON_IsString(it) || !id_is_valid(it->valuestring) || s.lines == 5000) {
                reply_error(rep, ZE_INVALID_FIELD, "item_ids");
                return;
            }
            item_ids[s.lines++] = it->valuestring;
        }
        s.item_ids = item_ids;
    }
    s.assignee_id = has_assignee ? assignee : NULL;
    s.description = description;
    const cJSON *documents = cJSON_GetObjectItemCaseSensitive(body, "documents");
    char why[512];
    if (documents && inventory_seed_documents_check(documents, why, sizeof why) != 0) {
        reply_error(rep, ZE_VALIDATION, why);
        return;
    }
    cJSON *counts = cJSON_CreateArray(), *adjustments = cJSON_CreateArray(), *docs = cJSON_CreateObject();
    org_lock(org);
    int rc = inventory_seed(org, &s, counts, adjustments, why, sizeof why);
    if (rc == 0 && documents) rc = inventory_seed_documents(org, documents, docs, why, sizeof why);
    request_journal(req, rc == 0 ? 201 : 400);  /* --state: replayed through here */
    org_unlock(org);
    if (rc != 0) {
        cJSON_Delete(counts);
        cJSON_Delete(adjustments);
        cJSON_Delete(docs);
        reply_error(rep, ZE_VALIDATION, why);
        return;
    }
    cJSON *out = reply_success(rep, 201, "Seeded.");
    cJSON_AddItemToObject(out, "inventorycount_ids", counts);
    cJSON_AddItemToObject(out, "inventory_adjustment_ids", adjustments);
    cJSON_AddItemToObject(out, "document_ids", docs);
}

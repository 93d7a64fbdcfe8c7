/* custom_fields.c -- custom fields sent in a body, merged into the list a record keeps */
#include "inventory/custom_fields.h"

#include <stdio.h>
#include <string.h>

#include "util/json.h"

static const char *text_of(const cJSON *f, const char *name, char buf[32])
{
    const cJSON *v = json_get(f, name);
    if (cJSON_IsString(v)) return v->valuestring;
    if (cJSON_IsNumber(v)) {
        snprintf(buf, 32, "%.0f", v->valuedouble);
        return buf;
    }
    return "";
}

static cJSON *find_field(cJSON *into, const char *id, const char *label)
{
    cJSON *e;
    cJSON_ArrayForEach(e, into) {
        const cJSON *eid = json_get(e, "customfield_id"), *elabel = json_get(e, "label");
        if (*id && cJSON_IsString(eid) && !strcmp(eid->valuestring, id)) return e;
        if (!*id && *label && cJSON_IsString(elabel) && !strcmp(elabel->valuestring, label)) return e;
    }
    return NULL;
}

static bool merge_one(zm_org *org, zm_reply *rep, cJSON *into, const cJSON *f)
{
    char idbuf[32];
    if (!cJSON_IsObject(f)) {
        reply_error(rep, ZE_INVALID_FIELD, "custom_fields");
        return false;
    }
    const char *id = text_of(f, "customfield_id", idbuf);
    const char *label = cJSON_IsString(json_get(f, "label")) ? json_get(f, "label")->valuestring : "";
    if (*id && !id_is_valid(id)) {
        reply_error(rep, ZE_INVALID_FIELD, "customfield_id");
        return false;
    }
    if (!*id && !*label) {
        reply_error(rep, ZE_PARAM_MANDATORY, "customfield_id");
        return false;
    }
    cJSON *e = find_field(into, id, label);
    if (!e && *id) {
        reply_error(rep, ZE_INVALID_FIELD, "customfield_id");
        return false;
    }
    if (!e) {
        zm_id new_id;
        org_new_id(org, new_id);
        e = cJSON_CreateObject();
        json_add_str(e, "customfield_id", new_id);
        json_add_str(e, "label", label);
        cJSON_AddItemToArray(into, e);
    }
    if (*label) json_set(e, "label", cJSON_CreateString(label));
    const cJSON *value = json_get(f, "value");
    if (value && !cJSON_IsObject(value) && !cJSON_IsArray(value)) json_set(e, "value", cJSON_Duplicate(value, true));
    return true;
}

bool custom_fields_merge(zm_org *org, zm_reply *rep, cJSON *into, const cJSON *fields)
{
    if (cJSON_IsObject(fields)) return merge_one(org, rep, into, fields);
    if (!cJSON_IsArray(fields)) {
        reply_error(rep, ZE_INVALID_FIELD, "custom_fields");
        return false;
    }
    /* All or nothing: the fields go into a copy first. */
    cJSON *copy = cJSON_Duplicate(into, true);
    const cJSON *f;
    cJSON_ArrayForEach(f, fields) {
        if (!merge_one(org, rep, copy, f)) {
            cJSON_Delete(copy);
            return false;
        }
    }
    while (cJSON_GetArraySize(into)) cJSON_DeleteItemFromArray(into, 0);
    cJSON *e;
    while ((e = copy->child)) cJSON_AddItemToArray(into, cJSON_DetachItemViaPointer(copy, e));
    cJSON_Delete(copy);
    return true;
}

/* record_ids.h -- reading an id member of a record, whatever JSON type its document gives it */
#ifndef ZM_RECORD_IDS_H
#define ZM_RECORD_IDS_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "util/json.h"

/* Most documents type ids as strings; some as integers, which records
 * keep as numbers (exact raw digits past 2^53: zoho/schema.h). The id
 * as a string in buf either way; "" when absent, 0 (an unset integer id)
 * or not an id. */
static inline const char *rec_id(const cJSON *rec, const char *name, char buf[ID_LEN])
{
    const cJSON *v = json_get(rec, name);
    buf[0] = '\0';
    if (cJSON_IsString(v) || cJSON_IsRaw(v)) snprintf(buf, ID_LEN, "%s", v->valuestring);
    else if (cJSON_IsNumber(v) && v->valuedouble > 0 && v->valuedouble < 9007199254740992.0)
        snprintf(buf, ID_LEN, "%.0f", v->valuedouble);     /* 0: the default of an unset id */
    return buf;
}

#endif

/* record_ids.h -- ids in records (whatever JSON type the document gives them) and in comma-separated lists */
#ifndef ZM_RECORD_IDS_H
#define ZM_RECORD_IDS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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

/* Whether the comma-separated list ("a,b,c", a query's item_ids) holds s. */
static inline bool id_listed(const char *list, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = n ? strstr(list, s) : NULL; p; p = strstr(p + 1, s))
        if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n])) return true;
    return false;
}

#endif

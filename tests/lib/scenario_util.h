/* scenario_util.h -- helpers of the Lua scenario tests: activating scripts, headers, polling (raw sockets: raw_http.h) */
#ifndef ZM_TEST_SCENARIO_UTIL_H
#define ZM_TEST_SCENARIO_UTIL_H

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http_client.h"
#include "raw_http.h"

#define ORG_A "10234695"    /* John, Jane and Ravi */
#define ORG_B "10234700"    /* Jane and Arjun */
#define QA "?organization_id=" ORG_A
#define QB "?organization_id=" ORG_B
#define JOHN "1000.full.john"
#define JANE "1000.full.jane"
#define ARJUN "1000.full.arjun"
#define V1 "/inventory/v1"

/* The value of a response header (case-insensitive name), copied into buf;
 * NULL when absent. */
static inline const char *header_value(const tresponse *r, const char *name, char *buf, size_t size)
{
    size_t nl = strlen(name);
    for (const char *line = r->headers; line && *line;) {
        const char *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > nl && strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ') v++;
            snprintf(buf, size, "%.*s", (int)(len - (size_t)(v - line)), v);
            return buf;
        }
        line = end ? end + 2 : NULL;
    }
    return NULL;
}

static inline long header_long(const tresponse *r, const char *name)
{
    char buf[64];
    const char *v = header_value(r, name, buf, sizeof buf);
    return v ? strtol(v, NULL, 10) : -1;
}

/* POST /__admin/scenarios with Lua source; org may be NULL. Returns the
 * response (free it). */
static inline tresponse scenario_post_source(const char *name, const char *org, const char *source)
{
    char path[256];
    snprintf(path, sizeof path, "/__admin/scenarios?name=%s%s%s", name, org ? "&organization_id=" : "",
             org ? org : "");
    return treq_ct("POST", path, NULL, "text/x-lua", source);
}

static inline void scenario_source(const char *name, const char *org, const char *source)
{
    tresponse r = scenario_post_source(name, org, source);
    cr_assert_eq(r.status, 201, "activating %s: %s", name, r.body);
    cr_assert_str_eq(tjson_str(r.json, "scenario.name"), name);
    tresponse_free(&r);
}

static inline tresponse scenario_post_file(const char *file, const char *org)
{
    char body[512];
    if (org) snprintf(body, sizeof body, "{\"file\":\"%s\",\"organization_id\":\"%s\"}", file, org);
    else snprintf(body, sizeof body, "{\"file\":\"%s\"}", file);
    return treq("POST", "/__admin/scenarios", NULL, body);
}

static inline void scenario_file(const char *file, const char *org)
{
    tresponse r = scenario_post_file(file, org);
    cr_assert_eq(r.status, 201, "activating %s: %s", file, r.body);
    tresponse_free(&r);
}

/* The listing entry of scenario name (in scope org, NULL: global), as a
 * copy (free with cJSON_Delete); NULL when not listed. */
static inline cJSON *scenario_entry(const char *name, const char *org)
{
    tresponse r = treq("GET", "/__admin/scenarios", NULL, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cJSON *found = NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, tjson_get(r.json, "scenarios")) {
        const char *o = tjson_str(e, "organization_id");
        if (strcmp(tjson_str(e, "name"), name) == 0 && (org ? o && strcmp(o, org) == 0 : !o)) {
            found = cJSON_Duplicate(e, 1);
            break;
        }
    }
    tresponse_free(&r);
    return found;
}

/* A number of the listing entry ("calls", "routes.items.list", ...); -1
 * when the scenario is not listed. */
static inline double scenario_number(const char *name, const char *org, const char *path)
{
    cJSON *e = scenario_entry(name, org);
    double v = e ? tjson_num(e, path) : -1;
    cJSON_Delete(e);
    return v;
}

/* The n of one route in the listing entry (route names hold dots). */
static inline double scenario_route_n(const char *name, const char *org, const char *route)
{
    cJSON *e = scenario_entry(name, org);
    const cJSON *v = e ? cJSON_GetObjectItemCaseSensitive(tjson_get(e, "routes"), route) : NULL;
    double n = cJSON_IsNumber(v) ? v->valuedouble : -1;
    cJSON_Delete(e);
    return n;
}

/* Polls until the scenario's number reaches want (bounded: 10 s). */
static inline bool wait_for_number(const char *name, const char *org, const char *path, double want)
{
    double end = now_ms() + 10000;
    while (now_ms() < end) {
        if (scenario_number(name, org, path) == want) return true;
        poll_pause();
    }
    return false;
}

#endif

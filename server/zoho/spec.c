/* spec.c -- Zoho's documented operations (spec/zoho, compiled in): paths, scopes, parameters, schemas */
#include "zoho/spec.h"

#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/embedded.h"
#include "util/json.h"
#include "util/vec.h"

static VEC(zm_op) ops;
static VEC(cJSON *) docs;       /* the parsed files, kept for the process */
static bool loaded;

static const struct { const char *name; zm_op_kind kind; } kinds[] = {
    {"create", OP_CREATE}, {"list", OP_LIST}, {"get", OP_GET}, {"update", OP_UPDATE},
    {"delete", OP_DELETE}, {"bulk_delete", OP_BULK_DELETE}, {"bulk_update", OP_BULK_UPDATE},
    {"action", OP_ACTION}, {"bulk_action", OP_BULK_ACTION}, {"sub_list", OP_SUB_LIST},
    {"sub_create", OP_SUB_CREATE}, {"sub_get", OP_SUB_GET}, {"sub_update", OP_SUB_UPDATE},
    {"sub_delete", OP_SUB_DELETE}, {"other", OP_OTHER},
};

static const char *str_or_null(const cJSON *obj, const char *name)
{
    const cJSON *v = json_get(obj, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The part of the path after the collection (and its id): what an action,
 * a bulk action or another operation does ("status/confirmed"). Kept in a
 * buffer the op owns for the process. */
static const char *verb_of(const char *path, const char *collection, const char *id_param)
{
    const char *p = path + 1 + strlen(collection);     /* "/coll" */
    if (*p == '/' && id_param && p[1] == '{') p = strchr(p + 1, '}') + 1;
    if (*p == '/') p++;
    return *p ? xstrdup(p) : NULL;
}

static int add_ops(const cJSON *doc, char *err, size_t errlen)
{
    const char *module = str_or_null(doc, "module");
    const cJSON *list = json_get(doc, "operations");
    const cJSON *o;
    cJSON_ArrayForEach(o, list) {
        zm_op op;
        memset(&op, 0, sizeof op);
        op.operation_id = str_or_null(o, "operation_id");
        op.doc = module;
        op.method = str_or_null(o, "method");
        op.path = str_or_null(o, "path");
        op.collection = str_or_null(o, "collection");
        op.id_param = str_or_null(o, "id_param");
        op.sub = str_or_null(o, "sub");
        op.sub_id_param = str_or_null(o, "sub_id_param");
        op.response_key = str_or_null(o, "response_key");
        op.response_flat = cJSON_IsTrue(json_get(o, "response_flat"));
        op.message = str_or_null(o, "message");
        op.body_content = str_or_null(o, "body_content");
        op.body_required = cJSON_IsTrue(json_get(o, "body_required"));
        op.response_content = str_or_null(o, "response_content");
        op.query = json_get(o, "query");
        op.body = json_get(o, "body");
        op.response = json_get(o, "response");
        if (op.body && cJSON_IsNull(op.body)) op.body = NULL;
        if (op.response && cJSON_IsNull(op.response)) op.response = NULL;
        const cJSON *status = json_get(o, "status");
        op.status = cJSON_IsNumber(status) ? status->valueint : 200;
        const char *scope = str_or_null(o, "scope");
        if (scope && strncmp(scope, "ZohoInventory.", 14) == 0) scope += 14;
        op.scope = scope;
        const char *kind = str_or_null(o, "kind");
        bool known = false;
        for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
            if (strcmp(kinds[i].name, kind) == 0) op.kind = kinds[i].kind, known = true;
        if (!op.operation_id || !op.method || !op.path || !op.collection || !known) {
            snprintf(err, errlen, "spec/zoho/%s.json: an operation lacks method, path, collection or kind",
                     module ? module : "?");
            return -1;
        }
        if (op.kind == OP_ACTION || op.kind == OP_BULK_ACTION || op.kind == OP_OTHER)
            op.verb = verb_of(op.path, op.collection, op.id_param);
        VEC_PUSH(ops, op);
    }
    return 0;
}

int spec_load(char *err, size_t errlen)
{
    if (loaded) return 0;
    for (const zm_embedded_file *f = zm_embedded_files; f->name; f++) {
        if (strncmp(f->name, "spec/zoho/", 10) != 0 || strcmp(f->name, "spec/zoho/index.json") == 0) continue;
        cJSON *doc = cJSON_ParseWithLength((const char *)f->data, f->len);
        if (!doc) {
            snprintf(err, errlen, "%s: invalid JSON", f->name);
            return -1;
        }
        VEC_PUSH(docs, doc);
        if (add_ops(doc, err, errlen) != 0) return -1;
    }
    if (!ops.n) {
        snprintf(err, errlen, "no Zoho operations compiled in (spec/zoho)");
        return -1;
    }
    loaded = true;
    return 0;
}

size_t spec_count(void) { return ops.n; }

const zm_op *spec_op(size_t index) { return index < ops.n ? &ops.v[index] : NULL; }

const zm_op *spec_find(const char *method, const char *path)
{
    for (size_t i = 0; i < ops.n; i++)
        if (strcmp(ops.v[i].method, method) == 0 && strcmp(ops.v[i].path, path) == 0) return &ops.v[i];
    return NULL;
}

const cJSON *spec_query_param(const zm_op *op, const char *name)
{
    const cJSON *q;
    cJSON_ArrayForEach(q, op->query) {
        const cJSON *n = json_get(q, "name");
        if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0) return q;
    }
    return NULL;
}

/* allOf nests (a picklist is an allOf of an allOf): followed this deep. */
#define SPEC_MAX_ALLOF_DEPTH 4

static const cJSON *property_at(const cJSON *schema, const char *name, int depth)
{
    if (!schema || depth > SPEC_MAX_ALLOF_DEPTH) return NULL;
    const cJSON *p = json_get(json_get(schema, "properties"), name);
    if (p) return p;
    const cJSON *part;
    cJSON_ArrayForEach(part, json_get(schema, "allOf")) {
        p = property_at(part, name, depth + 1);
        if (p) return p;
    }
    return NULL;
}

const cJSON *spec_property(const cJSON *schema, const char *name)
{
    return property_at(schema, name, 0);
}

const char *spec_type(const cJSON *schema)
{
    if (!schema) return NULL;
    const char *t = str_or_null(schema, "type");
    if (t) return t;
    if (json_get(schema, "properties") || json_get(schema, "allOf")) return "object";
    if (json_get(schema, "items")) return "array";
    return NULL;
}

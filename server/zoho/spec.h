/* spec.h -- Zoho's documented operations (spec/zoho, compiled in): paths, scopes, parameters, schemas */
#ifndef ZM_SPEC_H
#define ZM_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* What an operation does, as tools/zoho_oas_extract.py classified it from
 * its method and path (spec/README.md, "Kind"). */
typedef enum zm_op_kind {
    OP_CREATE,          /* POST /coll */
    OP_LIST,            /* GET /coll */
    OP_GET,             /* GET /coll/{id} */
    OP_UPDATE,          /* PUT /coll/{id} */
    OP_DELETE,          /* DELETE /coll/{id} */
    OP_BULK_DELETE,     /* DELETE /coll */
    OP_BULK_UPDATE,     /* PUT /coll */
    OP_ACTION,          /* POST|PUT /coll/{id}/verb[/verb] */
    OP_BULK_ACTION,     /* POST|PUT /coll/verb[/verb] */
    OP_SUB_LIST,        /* GET /coll/{id}/sub */
    OP_SUB_CREATE,      /* POST /coll/{id}/sub */
    OP_SUB_GET,         /* GET /coll/{id}/sub/{sub_id} (or /coll/{id}/sub) */
    OP_SUB_UPDATE,      /* PUT /coll/{id}/sub[/{sub_id}] */
    OP_SUB_DELETE,      /* DELETE /coll/{id}/sub[/{sub_id}] */
    OP_OTHER,           /* anything else (pdf, transactions, templates, me, ...) */
} zm_op_kind;

/* One documented operation. Strings and trees belong to the loaded spec and
 * live as long as the process. */
typedef struct zm_op {
    const char *operation_id;   /* "create_sales_order" */
    const char *doc;            /* the document it comes from: "salesorders", "credit-notes" */
    const char *method;         /* "POST" */
    const char *path;           /* "/salesorders/{salesorder_id}/status/confirmed" (after /inventory/v1) */
    zm_op_kind kind;
    const char *collection;     /* "salesorders", "settings/taxes", "items/batches" */
    const char *id_param;       /* "salesorder_id", or NULL */
    const char *sub;            /* sub_* kinds: "comments", "address/billing"; else NULL */
    const char *sub_id_param;   /* "comment_id", or NULL */
    const char *verb;           /* action/bulk_action/other: the path after the collection (and id): "status/confirmed" */
    const char *scope;          /* "salesorders.CREATE" (without "ZohoInventory.") */
    int status;                 /* 200 or 201 */
    const char *response_key;   /* "salesorder", or NULL */
    bool response_flat;         /* the record's fields sit beside code/message */
    const char *message;        /* the success message, or NULL */
    const char *body_content;   /* "application/json", "multipart/form-data" or NULL */
    bool body_required;         /* the document states requestBody.required: true */
    const char *response_content; /* "application/json", "application/pdf", ... or NULL */
    const cJSON *query;         /* [{"name","type","enum",...}] */
    const cJSON *body;          /* request body schema, or NULL */
    const cJSON *response;      /* success response schema, or NULL */
} zm_op;

/* Loads the embedded spec once (later calls return at once). 0, or -1
 * with the reason in err (a broken build). */
int spec_load(char *err, size_t errlen);

/* The operations, in spec order. */
size_t spec_count(void);
const zm_op *spec_op(size_t index);

/* The operation of that method and path pattern; NULL if none. */
const zm_op *spec_find(const char *method, const char *path);

/* A documented query parameter of the operation; NULL if not declared. */
const cJSON *spec_query_param(const zm_op *op, const char *name);

/* The schema of a property of an object schema (following allOf, nested
 * too); NULL when absent. */
const cJSON *spec_property(const cJSON *schema, const char *name);

/* The schema's "type" ("object", "array", "string", "number", "integer",
 * "boolean"), guessed from properties/items when absent; NULL if unknown. */
const char *spec_type(const cJSON *schema);

#endif

/* request.h -- one API call as handlers see it (inputs, caller) and the reply they build */
#ifndef ZM_REQUEST_H
#define ZM_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "model/model.h"
#include "util/vec.h"
#include "zoho/errors.h"

#define REQUEST_MAX_HEADERS 64
#define REQUEST_MAX_PARAMS 4

typedef struct zm_request zm_request;
typedef struct zm_reply zm_reply;
typedef void (*zm_handler)(zm_request *req, zm_reply *rep);

/* A route of the table (http/routes.c): what a request matched. */
enum {
    ROUTE_ZOHO = 0,        /* Zoho auth, scope and organization */
    ROUTE_NO_ORG = 1,      /* Zoho auth and scope, no organization (GET /organizations) */
    ROUTE_PUBLIC = 2,      /* no Zoho auth: /__admin and /oauth */
};

typedef struct zm_route {
    const char *method;
    const char *pattern;    /* "/inventory/v1/inventorycounts/{inventorycount_id}/start" */
    const char *name;       /* "inventorycounts.start", stable for scenarios */
    const char *scope;      /* "inventorycount.UPDATE"; NULL for public routes */
    zm_handler handler;
    int kind;
    const struct zm_op *op;     /* the documented operation (zoho/spec.h), NULL for hand-written routes */
} zm_route;

typedef struct zm_header {
    char *name;
    char *value;
} zm_header;

/* A file part of a multipart/form-data request (http.c keeps every one in
 * memory): an item image, an attachment. civetweb does not hand a part's
 * own Content-Type over, so content_type is guessed from the file name's
 * extension ("image/png"; "application/octet-stream" when unknown). */
typedef struct zm_upload {
    char *field;                /* the form field's name: "image", "attachment" */
    char *file_name;            /* as the client sent it */
    char *content_type;
    unsigned char *data;        /* the bytes (NUL-terminated for convenience, not counted) */
    size_t len;
} zm_upload;

struct zm_request {
    /* As received (owned by the request). */
    char *method;
    char *path;                 /* URL-decoded path, no query */
    char *query;                /* raw query string, "" when none */
    zm_header headers[REQUEST_MAX_HEADERS];
    int num_headers;
    char *raw_body;             /* the body as sent (JSONString's value for forms) */
    size_t raw_body_len;
    char *form_json;            /* JSONString from a form or the query, if any */
    VEC(zm_upload) uploads;     /* multipart file parts, in the order sent */

    /* Routing. */
    const struct zm_route *route;
    char *param_names[REQUEST_MAX_PARAMS];
    char *param_values[REQUEST_MAX_PARAMS];
    int num_params;

    /* The caller, once authenticated (NULL for admin and oauth routes). */
    zm_org *org;
    zm_user *user;
    zm_token *token;            /* only during authentication (global lock held); NULL after */

    /* Decoded body: parsed lazily by request_body(). */
    cJSON *body;
    bool body_parsed;
    bool body_malformed;

    int page_size_cap;          /* per_page at most this (a scenario's zoho.page_size); 0: none */
    double started_ms;          /* monotonic, for the log and journal */

    /* For the journal (admin/journal.c). */
    int64_t org_time;           /* req->org's clock when answered (set by dispatch), */
    int org_utc_offset;         /* and its zone in minutes */
    cJSON *scenario_actions;    /* what scenarios did to this call, NULL when none (owned):
                                   [{"name","organization_id","hook","status"|"delay_ms"|"fault"|"error"...}] */
    bool peek;                  /* an admin read (/__admin/peek), not a client's retrieve */
};

struct zm_reply {
    int status;
    cJSON *body;                /* owned; serialised once by http.c */
    char *raw_body;             /* owned; sent as-is instead of body when set */
    size_t raw_body_len;        /* raw_body's length when it is binary (reply_bytes); 0: a C string */
    VEC(zm_header) headers;     /* extra response headers, owned */
};

/* ------------------------------------------------------------- request */

/* Case-insensitive header look-up; NULL when absent. */
const char *request_header(const zm_request *req, const char *name);
/* Path parameter by the name in the route pattern ({inventorycount_id}). */
const char *request_param(const zm_request *req, const char *name);
/* Copies the URL-decoded query parameter into buf. Returns its length, or
 * -1 when absent (-2 when longer than size-1: treated as invalid). */
int request_query(const zm_request *req, const char *name, char *buf, size_t size);
/* true/false query flag; an absent parameter gives `absent`. Returns false
 * (and sets the error) when the value is neither true nor false. */
bool request_query_bool(const zm_request *req, zm_reply *rep, const char *name,
                        bool absent, bool *out);

/* The decoded JSON body (application/json, or the JSONString form field,
 * urlencoded or multipart, or ?JSONString=). When the endpoint requires a
 * body and there is none, sets 400 code 11 and returns NULL; when it is
 * malformed, sets 400 "Invalid value passed for JSONString" and returns
 * NULL. With required=false an absent body gives an empty object. */
cJSON *request_body(zm_request *req, zm_reply *rep, bool required);
/* The same, where the document types the body as an array (PUT
 * /invoice/{id}/customfields, PUT /tasks): an array is returned too. */
cJSON *request_body_json(zm_request *req, zm_reply *rep, bool required);

/* Before anything reads the request: its path, every query parameter and
 * header value, and every string of its JSON body (or JSONString) must be
 * UTF-8 without NUL (no control characters in the path). False after
 * replying 400 code 4 "Invalid value passed for <the parameter, header
 * or body field>". */
bool request_check_text(zm_request *req, zm_reply *rep);
/* The same check without replying: false with the field named. */
bool request_text_ok(const zm_request *req, char *field, size_t fieldlen);

void request_free(zm_request *req);

/* request_record.c: the call as the state journal keeps it (--state,
 * admin/state.c), to be replayed through its route's handler: method,
 * path, query, headers (without Authorization and Cookie: a replay is
 * not authenticated again), the body as sent (base64 when it is not
 * UTF-8), a form's JSONString and file parts. request_from_record fills an
 * empty request (routing, caller and clock are the replayer's); false
 * when the record is not one. */
cJSON *request_to_record(const zm_request *req);
bool request_from_record(const cJSON *record, zm_request *req);
/* Appends the call to the state journal, to be replayed through its
 * handler: {"t":"call", "org" and "user" (a Zoho call's caller), "wall"
 * (the instant pinned for it: model/clock.h), "cap" (its page size cap),
 * "status" (what it answered), "request"}. The caller holds the locks of
 * what the call changed (model/state_log.h); a no-op without --state. */
void request_journal(const zm_request *req, int status);

/* --------------------------------------------------------------- reply */

/* {"code":0,"message":message} with the status; returns the object so the
 * handler can add its payload (the reply owns it). */
cJSON *reply_success(zm_reply *rep, int status, const char *message);
/* The one place error JSON is made: {"code","message"} from the table,
 * the message formatted with the arguments. Replaces any earlier body. */
void reply_error(zm_reply *rep, zoho_error_id id, ...);
/* A body the handler built whole (takes ownership). */
void reply_json(zm_reply *rep, int status, cJSON *body);
void reply_header(zm_reply *rep, const char *name, const char *value);
/* The Content-Type the reply goes out with: its own header (a scenario's),
 * else Zoho's JSON one. */
const char *reply_content_type(const zm_reply *rep);
/* A body that is not JSON (an image, a PDF): the bytes (copied) with
 * their Content-Type. */
void reply_bytes(zm_reply *rep, int status, const char *content_type, const void *data, size_t len);
void reply_free(zm_reply *rep);

#endif

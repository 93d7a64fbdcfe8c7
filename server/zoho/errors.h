/* errors.h -- the one table of Zoho's error codes, HTTP statuses and messages */
#ifndef ZM_ZOHO_ERRORS_H
#define ZM_ZOHO_ERRORS_H

/* Every error the server can answer with. Handlers name one of these and
 * its message arguments (reply_error in reply.h); nothing else formats
 * error JSON. The table itself, with the evidence for each entry, is in
 * zoho_errors.c. */
typedef enum zoho_error_id {
    ZE_INVALID_URL,            /* 404  5    Invalid URL Passed */
    ZE_METHOD_NOT_ALLOWED,     /* 405  37   The HTTP method %s is not allowed ... */
    ZE_AUTH_MISSING,           /* 401  14   no Authorization header */
    ZE_NOT_AUTHORIZED,         /* 401  57   unknown/expired token, missing scope */
    ZE_ORG_REQUIRED,           /* 400  6024 user in several organizations */
    ZE_ORG_NOT_ASSOCIATED,     /* 400  6041 organization the user is not in */
    ZE_PARAM_MANDATORY,        /* 400  11   The parameter %s is mandatory. */
    ZE_INVALID_PARAM,          /* 400  2    Invalid value passed for %s (query) */
    ZE_INVALID_FIELD,          /* 400  4    Invalid value passed for %s (body) */
    ZE_NOT_FOUND,              /* 404  1002 %s does not exist. */
    ZE_BODY_TOO_LARGE,         /* 413  4    request body too large */
    ZE_INTERNAL,               /* 500  1000 Internal error */
    ZE_RATE_LIMIT_MINUTE,      /* 429  44   per-minute limit */
    ZE_RATE_LIMIT_DAY,         /* 429  45   per-day limit */
    ZE_RATE_LIMIT_CONCURRENT,  /* 429  1070 concurrency limit */
    /* Stock counts (issue 3) and later resources add their entries here. */
    ZE_COUNT_STATUS,           /* 400  4210 action not allowed in this status */
    ZE_COUNT_NOT_ASSIGNEE,     /* 400  4211 only the assignee may do this */
    ZE_COUNT_IN_PROGRESS,      /* 400  4212 a background action is running */
    ZE_COUNT_HAS_ADJUSTMENTS,  /* 400  4213 cannot delete: adjustments exist */
    ZE_DUPLICATE_ITEM,         /* 400  4214 duplicate item in line items */
    ZE_LINE_ITEM_LIMIT,        /* 400  4215 too many line items */
    ZE_DUPLICATE_NUMBER,       /* 400  4216 number already used */
    ZE_VALIDATION,             /* 400  4    free-form message naming the field */
    ZE_COUNT_LINE_UNKNOWN,     /* 400  4217 line item not in the count (body) */
    /* Recurring stock count profiles and the clock admin API (issue 4). */
    ZE_RECURRING_STATUS,       /* 400  4220 active/inactive not allowed in this status */
    ZE_RECURRING_START_LOCKED, /* 400  4221 start_date fixed after the first count */
    ZE_RECURRING_ACTIVE_COUNT, /* 400  4222 next date today while its count is active */
    ZE_RECURRING_LINE_LIMIT,   /* 400  4223 too many line items */
    ZE_CLOCK_BACKWARDS,        /* 400  4230 the clock cannot move backwards */
    ZE_SCENARIO_LOAD,          /* 400  4240 a Lua scenario failed to load (admin API) */
    /* Every documented module (the generic engine). */
    ZE_NUMBER_TAKEN,           /* 400  1001 a document number already used */
    ZE_STATUS_MOVE,            /* 400  4250 an action not allowed in the record's status */
    ZE_IN_USE,                 /* 400  4251 a record later documents depend on */
    ZE_STOCK,                  /* 400  4252 the stock a document moves cannot move */
    /* The HTTP layer and access control (issue 13). */
    ZE_BAD_HTTP,               /* 400  4    not HTTP/1.x as the server reads it */
    ZE_HEADERS_TOO_LARGE,      /* 431  4    request head past its limit */
    ZE_TOO_MANY_HEADERS,       /* 431  4    more header fields than the limit */
    ZE_ADMIN_TOKEN,            /* 401  57   /__admin without the --admin-token */
    ZE_CORS_ORIGIN,            /* 403  57   a preflight from an origin not allowed */
    ZE_PROXY_UNREACHABLE,      /* 502  -1   --proxy: the upstream did not answer */
    ZE__COUNT
} zoho_error_id;

typedef struct zoho_error {
    int http_status;
    int code;
    const char *message_format; /* printf format; arguments come from the caller */
} zoho_error;

const zoho_error *zoho_error_get(zoho_error_id id);

/* Finds the table entry for a Zoho code (used by scenarios' zoho.error(code));
 * NULL when the code is not in the table. */
const zoho_error *zoho_error_by_code(int code);

#endif

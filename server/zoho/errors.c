/* errors.c -- the one table of Zoho's error codes, HTTP statuses and messages */
#include "zoho/errors.h"

#include <stddef.h>

/* Evidence. Codes 0, 1000 and 1002 ("<Resource> does not exist.") are on
 * Zoho's published error pages for Inventory and Books. 5 "Invalid URL
 * Passed", 14 (missing token), 57, 6024, 6041 and 11 are the codes that
 * live responses are reported to carry and that the project's issue names.
 * 37 for a wrong method, 2 (query parameter) and 4 (body field) with
 * "Invalid value passed for <name>" follow Zoho Books' reported answers.
 * The 42xx stock-count codes are this mock's own: Zoho's page names the
 * refusals but not their codes, so each gets a distinct code in Zoho's
 * style, and the message says exactly what was refused. */
static const zoho_error table[ZE__COUNT] = {
    [ZE_INVALID_URL]           = {404, 5, "Invalid URL Passed"},
    [ZE_METHOD_NOT_ALLOWED]    = {405, 37, "The HTTP method %s is not allowed for the requested resource"},
    [ZE_AUTH_MISSING]          = {401, 14, "Invalid value passed for authtoken."},
    [ZE_NOT_AUTHORIZED]        = {401, 57, "You are not authorized to perform this operation"},
    [ZE_ORG_REQUIRED]          = {400, 6024, "The user belongs to more than one organization. Please pass organization_id."},
    [ZE_ORG_NOT_ASSOCIATED]    = {400, 6041, "This user is not associated with the CompanyID/CompanyName: %s."},
    [ZE_PARAM_MANDATORY]       = {400, 11, "The parameter %s is mandatory."},
    [ZE_INVALID_PARAM]         = {400, 2, "Invalid value passed for %s"},
    [ZE_INVALID_FIELD]         = {400, 4, "Invalid value passed for %s"},
    [ZE_NOT_FOUND]             = {404, 1002, "%s does not exist."},
    [ZE_BODY_TOO_LARGE]        = {413, 4, "The request body is larger than %s bytes."},
    [ZE_INTERNAL]              = {500, 1000, "Internal error"},
    [ZE_RATE_LIMIT_MINUTE]     = {429, 44, "You have made too many requests continuously. Please try again after some time."},
    [ZE_RATE_LIMIT_DAY]        = {429, 45, "You have exceeded the maximum number of API calls allowed per day for your organization."},
    [ZE_RATE_LIMIT_CONCURRENT] = {429, 1070, "You have exceeded the maximum number of concurrent API calls allowed for your organization."},
    [ZE_COUNT_STATUS]          = {400, 4210, "%s"},
    [ZE_COUNT_NOT_ASSIGNEE]    = {400, 4211, "Only the assignee of the stock count can %s it."},
    [ZE_COUNT_IN_PROGRESS]     = {400, 4212, "The stock count is being processed in the background (%s). Please try again after some time."},
    [ZE_COUNT_HAS_ADJUSTMENTS] = {400, 4213, "The stock count %s cannot be deleted as inventory adjustments are associated with it."},
    [ZE_DUPLICATE_ITEM]        = {400, 4214, "Duplicate products are not allowed: item %s appears more than once."},
    [ZE_LINE_ITEM_LIMIT]       = {400, 4215, "A stock count can have at most %s line items."},
    [ZE_DUPLICATE_NUMBER]      = {400, 4216, "The stock count number %s already exists."},
    [ZE_VALIDATION]            = {400, 4, "%s"},
    /* A line_item_id (or item_id) in a count/approve/update body that is not
     * a line of the count: a body value, hence 400 rather than 404. */
    [ZE_COUNT_LINE_UNKNOWN]    = {400, 4217, "The line item %s is not part of the stock count %s."},
    /* Recurring profiles: the page names these refusals (start_date locked
     * once executed, next date not today while a count it generated is
     * active, the line item limit) without their codes; 4220-4223 are this
     * mock's own, like the 421x stock count codes. 4230 answers the admin
     * clock API (not Zoho's) when asked to move backwards. */
    [ZE_RECURRING_STATUS]       = {400, 4220, "%s"},
    [ZE_RECURRING_START_LOCKED] = {400, 4221, "The start_date cannot be changed: this recurring stock count profile has already created %s stock count(s)."},
    [ZE_RECURRING_ACTIVE_COUNT] = {400, 4222, "The next count date cannot be today (%s) while the stock count %s created by this profile is still active."},
    [ZE_RECURRING_LINE_LIMIT]   = {400, 4223, "A recurring stock count profile can have at most %s line items."},
    [ZE_CLOCK_BACKWARDS]        = {400, 4230, "The clock of organization %s cannot move backwards: %s is before its current time %s."},
    /* The mock's own admin API: the Lua message carries file and line. */
    [ZE_SCENARIO_LOAD]          = {400, 4240, "The scenario %s could not be loaded: %s"},
    /* Every other module. 1001 "... already exists." is the code Zoho's
     * answers are reported to carry for a duplicate number; 4250-4251 are
     * this mock's own, in the style of 421x: the message names the status
     * (or the documents) that forbid the action. */
    [ZE_NUMBER_TAKEN]           = {400, 1001, "The %s %s already exists."},
    [ZE_STATUS_MOVE]            = {400, 4250, "%s cannot be %s: its status is %s."},
    [ZE_IN_USE]                 = {400, 4251, "%s cannot be deleted: %s."},
    [ZE_STOCK]                  = {400, 4252, "The stock of this %s cannot move: %s."},
    /* Refusals before any endpoint sees the request, and the mock's own
     * access control: Zoho's codes for an invalid value (4) and for a
     * caller not allowed (57), with messages that say what to change. */
    [ZE_BAD_HTTP]               = {400, 4, "The request is not valid HTTP: %s."},
    [ZE_HEADERS_TOO_LARGE]      = {431, 4, "The request line and headers are larger than %s bytes."},
    [ZE_TOO_MANY_HEADERS]       = {431, 4, "The request has more than %s header fields."},
    [ZE_ADMIN_TOKEN]            = {401, 57, "The admin API needs the header Authorization: Bearer <token given to --admin-token>."},
    [ZE_CORS_ORIGIN]            = {403, 57, "The origin %s may not call this server: start zoho-mock with --cors %s."},
    /* --proxy: no answer from the upstream; -1, a code Zoho never sends. */
    [ZE_PROXY_UNREACHABLE]      = {502, -1, "zoho-mock --proxy: %s: %s"},
};

const zoho_error *zoho_error_get(zoho_error_id id)
{
    if ((int)id < 0 || id >= ZE__COUNT) id = ZE_INTERNAL;
    return &table[id];
}

const zoho_error *zoho_error_by_code(int code)
{
    for (size_t i = 0; i < ZE__COUNT; i++)
        if (table[i].code == code && table[i].message_format) return &table[i];
    return NULL;
}

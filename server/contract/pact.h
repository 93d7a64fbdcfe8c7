/* pact.h -- Pact files (specification V2, V3, V4; HTTP interactions): reading them, their matching rules, their generators */
#ifndef ZM_PACT_H
#define ZM_PACT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "contract/contract.h"

/* The provider states of a pact zoho-mock recorded (--record --format
 * pact), known to `zoho-mock verify` without a states file: the first
 * interaction after a start or a reset starts from the fixtures (params:
 * organization_id, and clock when it was frozen); the others continue
 * on the server as the interaction before left it. */
#define PACT_STATE_RESET "zoho-mock reset to its fixtures"
#define PACT_STATE_CONTINUE "zoho-mock as the previous interaction left it"

/* ------------------------------------------------------------ reading */

/* True when a parsed document is a pact rather than a contract of the
 * project's format: it names a consumer or a provider, or its metadata
 * names a Pact specification. */
bool pact_detect(const cJSON *doc);

/* A pact in one shape whatever its version (pact.c), or NULL with err
 * set. The caller deletes it.
 *
 *   {"consumer", "provider", "version": 2|3|4, "interactions": [
 *     {"description", "states": [{"name", "params": {}}], "pending": bool,
 *      "skip": "why" (not an HTTP interaction),
 *      "request":  {"method", "path", "query": {"name": ["v"]} or "query_text",
 *                   "headers": {"Name": "v"}, "body" (JSON) or "body_text",
 *                   "generators": {"path": g, "query": {}, "header": {}, "body": {}}},
 *      "response": {"status" (absent: any), "headers": {"Name": "v"},
 *                   "body" (JSON) or "body_text",
 *                   "rules": {"body": {"$.path": R}, "header": {"Name": R}, "status": R},
 *                   "generators": {"header": {}, "body": {}}}}]}
 *
 * where R is {"combine": "AND"|"OR", "matchers": [{"match": ..., ...}]}
 * (V2's "$.body..." and "$.headers..." rules are sorted into these). */
cJSON *pact_read(const cJSON *doc, char *err, size_t errlen);

/* ----------------------------------------------------------- matching */

/* Checks an answer against a read interaction's "response": the status
 * (exact, or the status rule), every expected header (Content-Type by
 * media type and the parameters the pact names; others by value; header
 * rules instead where given), and the body with Pact's semantics:
 * expected members must be present, extra ones are fine; arrays match
 * element by element with the expected length; a rule at a path, or at
 * a path above it (rules cascade; the most specific wins), replaces
 * equality: type, regex, number, integer, decimal, boolean, null,
 * include, date/time/datetime formats, min/max (arrays: every element
 * against the first expected one, eachLike), equality, notEmpty, semver,
 * values, eachKey, eachValue, arrayContains. Adds one readable line per
 * difference ("$.item.rate: expected a decimal number, actual 29"). */
void pact_match_response(const cJSON *expected, const contract_http *actual, contract_diff *diff);

/* The body part alone: rules are the "body" category. */
bool pact_match_body(const cJSON *expected, const cJSON *actual, const cJSON *rules,
                     contract_diff *diff);

/* True when value fits a Java-style date/time pattern (yyyy-MM-dd,
 * HH:mm:ss.SSS, yyyy-MM-dd'T'HH:mm:ssXXX, EEE, MMM, a, Z, X, z, 'literal'),
 * a real calendar date included. */
bool pact_time_matches(const char *pattern, const char *value);
/* The format a date, time or datetime matcher without one uses. */
const char *pact_time_default_format(const char *match);

/* PCRE2 (the syntax Pact's own matchers use: \d, (?:...), lazy
 * quantifiers), searched anywhere in text as pact_ffi does. 1 match,
 * 0 no match, -1 with err set when the regex does not compile. */
int pact_regex_search(const char *regex, const char *text, char *err, size_t errlen);

/* --------------------------------------------------------- generators */

/* Applies the ProviderState generators of a read request or response
 * (its "generators") in place: each `${name}` of an expression takes the
 * value of name in values (an expression that is one `${name}` keeps
 * the value's type). Other generators keep the pact's example. 0, or
 * -1 with err set (an unknown name). */
int pact_generate(cJSON *part, const cJSON *values, char *err, size_t errlen);

#endif

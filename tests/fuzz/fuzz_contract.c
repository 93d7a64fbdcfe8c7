/* fuzz_contract.c -- fuzz target: any text as a contract file, read, checked, substituted, matched and captured */
#include <stdlib.h>
#include <string.h>

#include "contract/contract.h"
#include "fuzz.h"
#include "util/alloc.h"
#include "util/json.h"
#include "verify/verify.h"

void fuzz_contract_init(void) { alloc_init(); }

/* One interaction the way verify uses it, without the network: its
 * request templated, its expected body matched against itself under its
 * rules, its captures taken from it. */
static void exercise(const cJSON *it, cJSON *vars)
{
    char err[512];
    cJSON *request = contract_substitute(json_get(it, "request"), vars, err, sizeof err);
    cJSON_Delete(request);
    const cJSON *match = json_get(it, "match");
    for (const cJSON *rule = match ? match->child : NULL; rule; rule = rule->next)
        if (cJSON_IsString(rule)) contract_rule_valid(rule->valuestring, err, sizeof err);
    const cJSON *body = json_get(json_get(it, "response"), "body");
    contract_diff diff = {{NULL, 0, 0}};
    if (body) {
        cJSON *actual = cJSON_Duplicate(body, true);
        contract_exact_integers(actual);
        contract_match(body, actual, match, &diff);
        cJSON_Delete(actual);
    }
    const cJSON *capture = json_get(it, "capture");
    if (cJSON_IsObject(capture)) contract_capture(capture, body, vars, &diff);
    for (size_t i = 0; i < diff.lines.n; i++)
        if (!diff.lines.v[i]) abort();
    contract_diff_free(&diff);
}

int fuzz_contract_one(const uint8_t *data, size_t size)
{
    char *text = xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    char err[512];
    cJSON *doc = verify_parse_contract(text, err, sizeof err);
    if (!doc && !err[0]) abort();       /* a refusal always says why */
    if (doc) {
        const cJSON *given = json_get(doc, "variables");
        cJSON *vars = given ? cJSON_Duplicate(given, true) : cJSON_CreateObject();
        if (!json_get(vars, "token")) cJSON_AddStringToObject(vars, "token", "1000.full.john");
        if (!json_get(vars, "organization_id")) cJSON_AddStringToObject(vars, "organization_id", "10234695");
        /* A pact is accepted whole here (its reader checks its shape later):
         * its interactions may be missing. */
        const cJSON *its = json_get(doc, "interactions");
        for (const cJSON *it = cJSON_IsArray(its) ? its->child : NULL; it; it = it->next) exercise(it, vars);
        cJSON_Delete(vars);
        cJSON_Delete(doc);
    }
    free(text);
    return 0;
}

FUZZ_TARGET(contract)

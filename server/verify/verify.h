/* verify.h -- `zoho-mock verify`: replays contract files against a fresh in-process mock or a target */
#ifndef ZM_VERIFY_H
#define ZM_VERIFY_H

#include <stdio.h>

#include <cjson/cJSON.h>

typedef struct verify_options {
    const char *target;         /* base URL; NULL: a fresh in-process server per file */
    const char *token;          /* {{token}}; NULL: a full-access token of the fixtures */
    const char *organization;   /* {{organization_id}}; NULL: the file's, else the fixtures' first */
    const char *junit;          /* JUnit XML file to write, or NULL */
    const char *states;         /* pacts' provider states; NULL: contracts/states.json if present */
    const char *admin_token;    /* a --target's --admin-token (its /__admin calls), or NULL */
    FILE *out;                  /* the report (stdout when NULL) */
} verify_options;

/* Replays every contract of the paths (files, or folders searched for
 * *.json in name order) and prints one line per interaction, the
 * differences of each failure and "N passed, N failed". Returns 0 when
 * everything passed, 1 otherwise. */
int verify_run(const verify_options *opts, const char *const *paths, int npaths);

/* A contract's text parsed and its shape checked (contracts/README.md):
 * the document, or NULL with err set ("$.interactions[2].request.path:
 * expected a path starting with /"). */
cJSON *verify_parse_contract(const char *text, char *err, size_t errlen);
/* verify --openapi: checks the recorded answers of the paths (contract or
 * Pact files, or folders of them) against the OpenAPI documents of spec
 * (a folder or a file: YAML or JSON documents, or spec/zoho's facts) and
 * prints the drift report (verify_openapi.c runs the tool that does it).
 * Returns 0 when every answer agrees with its document, 1 on drift or an
 * unreadable recording, 2 when the documents cannot be read or python3
 * with python3-jsonschema is missing. */
int verify_openapi_run(const char *spec, const char *const *paths, int npaths);

#endif

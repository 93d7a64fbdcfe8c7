/* engine.h -- the generic engine: every documented Zoho operation answered from the module table and Zoho's facts */
#ifndef ZM_ENGINE_H
#define ZM_ENGINE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "model/model.h"
#include "zoho/request.h"
#include "zoho/spec.h"

/* Ties each documented operation to its module, gives modules their
 * collection slots and record schemas. Idempotent; after spec_load, before
 * router_build. 0, or -1 with err set (a module table that does not fit
 * the documents: a programming error). */
int engine_init(char *err, size_t errlen);

/* The handler of every route made from a documented operation
 * (req->route->op). Runs with the model lock held, as every Zoho handler. */
void engine_handle(zm_request *req, zm_reply *rep);

/* The route's stable name: "<module>.<action>" ("salesorders.create",
 * "salesorders.status_confirmed", "invoices.comments_create"). */
const char *engine_route_name(const zm_op *op);

/* Builds the records of an organization's fixture sections named after the
 * modules ("contacts": [...], "taxes": [...]): each record goes through the
 * checks POST would make. 0, or -1 with "<json path>: <what is wrong>" in err. */
int engine_seed(zm_org *org, const cJSON *fixture, const char *json_path, char *err, size_t errlen);

/* Creates one record of the module in org (its lock held) from body as
 * POST would (the module's own answer when it has one, else the engine's:
 * checks, number, references, stock, hooks), as the organization's first
 * user, outside any HTTP call: bulk seeding. The new record, or NULL with
 * the refusal in rep (the caller frees rep either way). */
struct zm_module;
struct zm_doc;
const struct zm_doc *engine_create_document(zm_org *org, const struct zm_module *m, cJSON *body, zm_reply *rep);

#endif

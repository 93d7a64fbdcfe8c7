/* fixtures.h -- loading the JSON seed data into the model, and restoring it on reset */
#ifndef ZM_FIXTURES_H
#define ZM_FIXTURES_H

#include <stdbool.h>
#include <stddef.h>

/* The default fixture, compiled into the binary under this name. */
#define FIXTURES_DEFAULT "fixtures/default.json"

/* Reads and validates the fixture file and builds g_model from it (g_model
 * must be empty). path NULL is the built-in default fixture; so is a path
 * that names no file on disk but an embedded one ("fixtures/default.json",
 * "default.json" from any folder). On failure returns -1, leaves g_model
 * empty, and writes one line into err: "<file>: <JSON path>: <what is wrong>", e.g.
 * "fixtures/x.json: $.organizations[0].items[3].item_id: expected a string of digits". */
int fixtures_load(const char *path, char *err, size_t errlen);
/* The loaded fixtures are the built-in copy (the caller holds the model lock). */
bool fixtures_builtin(void);
/* The same from text already in memory; name stands for the file in
 * messages and in g_model.fixture_path. */
int fixtures_load_text(const char *name, const char *text, size_t len, char *err, size_t errlen);

/* Restores fixture state, generated-id sequence and clock: of one
 * organization, or of every one when organization_id is NULL (issued
 * OAuth tokens are then dropped too). Organizations are restored in place:
 * a zm_org pointer stays valid until the server stops, so code running
 * outside the model locks (journal, scenarios) may keep one. The caller
 * holds model_lock() (every lock: model/model.h).
 * Returns 0, or -1 when the organization is unknown. */
int fixtures_reset(const char *organization_id);

#endif

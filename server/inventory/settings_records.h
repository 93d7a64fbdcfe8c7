/* settings_records.h -- the hooks of the settings modules: taxes and their groups, authorities, exemptions, currencies, units, reporting tags, tasks */
#ifndef ZM_SETTINGS_RECORDS_H
#define ZM_SETTINGS_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "inventory/module.h"

/* ---------------------------------------------- settings_common.c */

/* Another record of the module already has `value` in `field` (compared
 * without regard to case): replies 400 code 1001 "The <field> <value>
 * already exists." and returns true. */
bool settings_taken(zm_ctx *x, const cJSON *record, const char *field, const zm_doc *self);
/* The first record of any module whose `field` (top level, or in its
 * line_items) is `id`: "<label> <number or name>" in `by`. */
bool settings_used_by(zm_ctx *x, const char *field, const char *id, char *by, size_t size);
/* Replies 400 4251 "<label> <name> cannot be deleted: it is used by <by>."
 * when settings_used_by finds one; false then. */
bool settings_refuse_in_use(zm_ctx *x, const zm_doc *d, const char *field, const char *name_field);

/* ------------------------------------------------------- taxes.c */

bool taxes_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool taxes_deleting(zm_ctx *x, const zm_doc *d);
bool taxes_apply(zm_ctx *x, const char *id, const cJSON *before, const cJSON *after);
bool taxgroups_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
void taxgroups_print(zm_ctx *x, const zm_doc *d, cJSON *out);
bool taxgroups_deleting(zm_ctx *x, const zm_doc *d);
bool taxauthorities_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool taxauthorities_deleting(zm_ctx *x, const zm_doc *d);
bool taxexemptions_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool taxexemptions_deleting(zm_ctx *x, const zm_doc *d);

/* ---------------------------------------------------- currencies.c */

bool currencies_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool currencies_deleting(zm_ctx *x, const zm_doc *d);
int currencies_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);

/* --------------------------------------------------------- units.c */

bool units_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
bool units_deleting(zm_ctx *x, const zm_doc *d);
void units_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int units_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);
extern const zm_special units_specials[];
bool unitgroups_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
void unitgroups_print(zm_ctx *x, const zm_doc *d, cJSON *out);

/* ------------------------------------------------- reportingtags.c */

bool reportingtags_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
extern const zm_special reportingtags_specials[];

/* --------------------------------------------------------- tasks.c */

bool tasks_check(zm_ctx *x, cJSON *record, const cJSON *body, const zm_doc *existing);
void tasks_print(zm_ctx *x, const zm_doc *d, cJSON *out);
int tasks_filter(zm_ctx *x, const zm_doc *d, const char *param, const char *value);

#endif

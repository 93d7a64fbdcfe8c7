/* engine_index.c -- what the engine works out once per module: list tables (columns, keys and search texts read from records), row properties by name, empty records */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "inventory/engine_impl.h"
#include "util/alloc.h"
#include "util/json.h"
#include "zoho/schema.h"

/* How it works. Every module's collection in every organization keeps a
 * table (model/index.h, model/docs.h) so that a list walks its page in
 * the sort column's order instead of sorting every record. The columns
 * are what the module's list can be asked to sort by: creation order (no
 * default sort), the default sort, the documented sort_column values, and
 * -- where the document lists none, so that any field of a row is
 * accepted -- the fields lists are usually sorted by (created and modified
 * times, the date, the number, the search fields: names, references). Other columns are sorted the old
 * way (engine_list.c), as are live figures the records do not hold. Keys
 * keep the order the engine always had: two numbers by value, anything
 * else by strcasecmp of its text ("" when not a string), ties in creation
 * order. The number and the SKU are unique keys (engine_key_taken);
 * search_text looks in the module's search fields and its number. */

/* Order-keeping code of a double: a < b exactly when code(a) < code(b). */
static int64_t number_code(double v)
{
    if (v == 0) v = 0;              /* -0 and 0 are equal */
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    u = u >> 63 ? ~u : u | (UINT64_C(1) << 63);
    return (int64_t)(u ^ (UINT64_C(1) << 63));
}

/* An INDEX_VALUE key of a JSON value: numbers as "" and their code (after
 * every "" text, whose code is the smallest), texts as themselves. */
static void value_key(const cJSON *v, zm_index_key *out)
{
    out->s = "";
    out->i = INT64_MIN;
    if (cJSON_IsNumber(v)) out->i = number_code(v->valuedouble);
    else if (cJSON_IsString(v)) out->s = v->valuestring;
}

static void creation_key(const void *row, zm_index_key *out)
{
    (void)row;
    out->i = 0;                     /* every row equal: creation order decides */
}

/* ------------------------------------------------------------ the table */

#define MAX_COLUMNS 24

/* What a module's collections index; the key functions find it by the
 * record's slot (they are handed the row alone). */
/* A schema's properties by name: open addressing, names borrowed from
 * the compiled-in documents. */
typedef struct property_slot {
    const char *name;
    const cJSON *schema;
    zm_row_kind kind;
} property_slot;

typedef struct module_table {
    const zm_module *module;
    zm_index_column columns[MAX_COLUMNS + 1];
    size_t ncolumns;
    zm_index_unique uniques[3];
    zm_table_def def;
    property_slot *row_properties;      /* NULL: the row schema has none of its own */
    size_t row_properties_cap;
} module_table;

static module_table *tables[DOCS_MAX_MODULES];

static const module_table *table_of(const void *row)
{
    return tables[((const zm_doc *)row)->slot];
}

/* Column k's key: the record's field named as the column. */
static void field_key(const void *row, size_t k, zm_index_key *out)
{
    value_key(json_get(((const zm_doc *)row)->json, table_of(row)->columns[k].name), out);
}

#define COLUMN_KEY(k) \
    static void column_key_##k(const void *row, zm_index_key *out) { field_key(row, k, out); }
COLUMN_KEY(1) COLUMN_KEY(2) COLUMN_KEY(3) COLUMN_KEY(4) COLUMN_KEY(5) COLUMN_KEY(6) COLUMN_KEY(7)
COLUMN_KEY(8) COLUMN_KEY(9) COLUMN_KEY(10) COLUMN_KEY(11) COLUMN_KEY(12) COLUMN_KEY(13) COLUMN_KEY(14)
COLUMN_KEY(15) COLUMN_KEY(16) COLUMN_KEY(17) COLUMN_KEY(18) COLUMN_KEY(19) COLUMN_KEY(20) COLUMN_KEY(21)
COLUMN_KEY(22) COLUMN_KEY(23)
static void (*const column_keys[MAX_COLUMNS])(const void *row, zm_index_key *out) = {
    NULL, column_key_1, column_key_2, column_key_3, column_key_4, column_key_5, column_key_6,
    column_key_7, column_key_8, column_key_9, column_key_10, column_key_11, column_key_12,
    column_key_13, column_key_14, column_key_15, column_key_16, column_key_17, column_key_18,
    column_key_19, column_key_20, column_key_21, column_key_22, column_key_23,
};

static const char *number_key(const void *row)
{
    return rec_str(((const zm_doc *)row)->json, table_of(row)->module->number_field);
}

/* SKUs are unique ASCII case aside: the key is the lower-cased SKU (the
 * table copies it at once); one too long for the buffer is kept as it is,
 * and looked for by a scan (engine_key_taken). */
#define FOLDED_MAX 256
static _Thread_local char folded[FOLDED_MAX];

static const char *fold(const char *s)
{
    size_t n = strlen(s);
    if (n >= FOLDED_MAX) return s;
    for (size_t i = 0; i <= n; i++) folded[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    return folded;
}

static const char *sku_key(const void *row)
{
    return fold(rec_str(((const zm_doc *)row)->json, "sku"));
}

static uint64_t doc_seq(const void *row)
{
    return ((const zm_doc *)row)->seq;
}

/* search_text's places: the search fields that hold text, and the number. */
static size_t doc_texts(const void *row, const char *out[INDEX_MAX_TEXTS])
{
    const zm_module *m = table_of(row)->module;
    const cJSON *rec = ((const zm_doc *)row)->json;
    size_t n = 0;
    for (size_t i = 0; i < 8 && m->search_fields[i] && n + 1 < INDEX_MAX_TEXTS; i++) {
        const cJSON *v = json_get(rec, m->search_fields[i]);
        out[n++] = cJSON_IsString(v) ? v->valuestring : NULL;
    }
    /* The number (when no search field is already it). */
    bool listed = false;
    for (size_t i = 0; i < 8 && m->search_fields[i] && m->number_field && !listed; i++)
        listed = !strcmp(m->search_fields[i], m->number_field);
    if (m->number_field && !listed) out[n++] = rec_str(rec, m->number_field);
    return n;
}

/* ----------------------------------------------------- row properties */

static uint64_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static size_t count_properties(const cJSON *schema, int depth)
{
    size_t n = (size_t)cJSON_GetArraySize(json_get(schema, "properties"));
    const cJSON *part;
    if (depth < 4) cJSON_ArrayForEach(part, json_get(schema, "allOf")) n += count_properties(part, depth + 1);
    return n;
}

static zm_row_kind kind_of(const cJSON *schema)
{
    const char *type = spec_type(schema);
    if (!type) return ROW_ANY;
    if (!strcmp(type, "string")) return ROW_STRING;
    if (!strcmp(type, "number")) return ROW_NUMBER;
    if (!strcmp(type, "integer")) return ROW_INTEGER;
    if (!strcmp(type, "boolean")) return ROW_BOOLEAN;
    return ROW_OTHER;
}

/* In spec_property's order: the schema's own properties, then each allOf
 * part's; the first of a name wins. */
static void add_properties(module_table *mt, const cJSON *schema, int depth)
{
    const cJSON *p, *part;
    size_t mask = mt->row_properties_cap - 1;
    cJSON_ArrayForEach(p, json_get(schema, "properties")) {
        size_t i = (size_t)name_hash(p->string) & mask;
        while (mt->row_properties[i].name && strcmp(mt->row_properties[i].name, p->string) != 0) i = (i + 1) & mask;
        if (!mt->row_properties[i].name) mt->row_properties[i] = (property_slot){p->string, p, kind_of(p)};
    }
    if (depth < 4) cJSON_ArrayForEach(part, json_get(schema, "allOf")) add_properties(mt, part, depth + 1);
}

static void define_row_properties(module_table *mt, const cJSON *row_schema)
{
    if (!json_get(row_schema, "properties")) return;
    size_t cap = 16;
    while (cap < 2 * count_properties(row_schema, 0) + 2) cap *= 2;
    mt->row_properties = xcalloc(cap, sizeof *mt->row_properties);
    mt->row_properties_cap = cap;
    add_properties(mt, row_schema, 0);
}

const cJSON *engine_row_property(const zm_module *m, const char *name, zm_row_kind *kind)
{
    const module_table *mt = m->slot >= 0 && m->slot < DOCS_MAX_MODULES ? tables[m->slot] : NULL;
    if (!mt || !mt->row_properties) {
        const cJSON *ps = m->row_schema ? spec_property(m->row_schema, name) : NULL;
        if (kind) *kind = ps ? kind_of(ps) : ROW_OTHER;
        return ps;
    }
    size_t mask = mt->row_properties_cap - 1;
    for (size_t i = (size_t)name_hash(name) & mask; mt->row_properties[i].name; i = (i + 1) & mask) {
        if (!strcmp(mt->row_properties[i].name, name)) {
            if (kind) *kind = mt->row_properties[i].kind;
            return mt->row_properties[i].schema;
        }
    }
    return NULL;
}

bool engine_row_properties_known(const zm_module *m)
{
    return m->slot >= 0 && m->slot < DOCS_MAX_MODULES && tables[m->slot] && tables[m->slot]->row_properties;
}

/* ------------------------------------------------------ empty records */

/* schema_default of the records' schemas and of the objects inside them
 * (lines, addresses), each made the first time it is asked for: a create
 * copies one instead of walking the schema again. Keyed by the schema's
 * address (the compiled-in documents live as long as the process); shared
 * by every organization, so behind a lock held only to find or add one. */
typedef struct default_slot {
    const cJSON *schema;
    cJSON *value;
} default_slot;

static pthread_mutex_t defaults_lock = PTHREAD_MUTEX_INITIALIZER;
static default_slot *defaults;
static size_t defaults_cap, defaults_n;

static size_t default_place(const cJSON *schema)
{
    uint64_t h = (uint64_t)(uintptr_t)schema * 0x9E3779B97F4A7C15ULL;
    size_t mask = defaults_cap - 1, i = (size_t)(h >> 20) & mask;
    while (defaults[i].schema && defaults[i].schema != schema) i = (i + 1) & mask;
    return i;
}

/* The kept default of schema, made now when missing (defaults_lock held). */
static const cJSON *kept_default(const cJSON *schema)
{
    if ((defaults_n + 1) * 2 > defaults_cap) {
        default_slot *old = defaults;
        size_t old_cap = defaults_cap;
        defaults_cap = defaults_cap ? defaults_cap * 2 : 256;
        defaults = xcalloc(defaults_cap, sizeof *defaults);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].schema) defaults[default_place(old[i].schema)] = old[i];
        free(old);
    }
    size_t i = default_place(schema);
    if (!defaults[i].schema) {
        defaults[i] = (default_slot){schema, schema_default(schema)};
        defaults_n++;
    }
    return defaults[i].value;
}

cJSON *engine_default(const cJSON *schema)
{
    const char *type = spec_type(schema);
    if (!schema || !type || strcmp(type, "object") != 0) return schema_default(schema);
    pthread_mutex_lock(&defaults_lock);
    const cJSON *kept = kept_default(schema);       /* never changed once made */
    pthread_mutex_unlock(&defaults_lock);
    return cJSON_Duplicate(kept, true);
}

/* ------------------------------------------------------------ defining */

static void add_column(module_table *mt, const char *field)
{
    const zm_module *m = mt->module;
    if (!field || !*field || mt->ncolumns == MAX_COLUMNS) return;
    if (m->record_schema && !spec_property(m->record_schema, field)) return;
    for (size_t i = 0; i < mt->ncolumns; i++)
        if (!strcmp(mt->columns[i].name, field)) return;
    mt->columns[mt->ncolumns] = (zm_index_column){field, INDEX_VALUE, column_keys[mt->ncolumns]};
    mt->ncolumns++;
}

void engine_index_define(const zm_module *m, const zm_op *list)
{
    if (m->slot < 0 || m->slot >= DOCS_MAX_MODULES || tables[m->slot]) return;
    module_table *mt = xcalloc(1, sizeof *mt);
    mt->module = m;
    mt->columns[0] = (zm_index_column){"", INDEX_INT, creation_key};
    mt->ncolumns = 1;
    add_column(mt, m->default_sort);
    const cJSON *sorts = json_get(list ? spec_query_param(list, "sort_column") : NULL, "enum"), *s;
    if (cJSON_IsArray(sorts)) {
        cJSON_ArrayForEach(s, sorts)
            if (cJSON_IsString(s)) add_column(mt, s->valuestring);
    } else {
        static const char *const usual[] = {"created_time", "last_modified_time", "date", NULL};
        for (size_t i = 0; usual[i]; i++) add_column(mt, usual[i]);
        add_column(mt, m->number_field);
        for (size_t i = 0; i < 8 && m->search_fields[i]; i++) add_column(mt, m->search_fields[i]);
    }
    size_t u = 0;
    if (m->number_field) mt->uniques[u++] = (zm_index_unique){m->number_field, number_key};
    if (m->record_schema && spec_property(m->record_schema, "sku") && !(m->number_field && !strcmp(m->number_field, "sku")))
        mt->uniques[u++] = (zm_index_unique){"sku", sku_key};
    mt->def = (zm_table_def){mt->columns, mt->uniques, doc_seq, doc_texts};
    define_row_properties(mt, m->row_schema);
    tables[m->slot] = mt;
    docs_define_table(m->slot, &mt->def);
}

/* ---------------------------------------------------------- unique keys */

static int unique_index(const zm_table *t, const char *field)
{
    for (size_t u = 0; t->def->uniques && t->def->uniques[u].name; u++)
        if (!strcmp(t->def->uniques[u].name, field)) return (int)u;
    return -1;
}

bool engine_key_taken(zm_ctx *x, const char *field, const char *value, const char *self_id)
{
    if (!value || !*value) return false;
    bool caseless = !strcmp(field, "sku");
    zm_table *t = docs_table(x->coll);
    int u = t ? unique_index(t, field) : -1;
    const char *key = caseless ? fold(value) : value;      /* after docs_table: it folds too */
    bool probe = u >= 0 && (!caseless || key != value);
    if (probe) {
        const zm_doc *found = table_find(t, (size_t)u, key);
        if (!found) return false;
        if (!self_id || strcmp(found->id, self_id) != 0) return true;
    }
    /* No table, a key too long to fold, or the record itself found (two
     * records share the key: only a fixture can do that): every record. */
    for (size_t i = 0; i < x->coll->docs.n; i++) {
        const zm_doc *d = x->coll->docs.v[i];
        if (self_id && !strcmp(d->id, self_id)) continue;
        const char *v = rec_str(d->json, field);
        if (caseless ? !strcasecmp(v, value) : !strcmp(v, value)) return true;
    }
    return false;
}

/* test_jsonpath.c -- the JSONPath subset of contracts: parsing, selecting, matching concrete paths, building them */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "contract/jsonpath.h"

static const char *doc_text =
    "{\"code\":0,\"inventorycount\":{\"inventorycount_id\":\"4815000000100000\","
    "\"line_items\":[{\"item_id\":\"1\",\"qty\":2},{\"item_id\":\"3\",\"qty\":4}],"
    "\"odd key\":{\"it's\":true}}}";

typedef struct collected {
    int n;
    char paths[8][128];
    char values[8][64];
} collected;

static void collect(const cJSON *v, const char *concrete, void *ud)
{
    collected *c = ud;
    if (c->n == 8) return;
    snprintf(c->paths[c->n], sizeof c->paths[0], "%s", concrete);
    char *s = cJSON_PrintUnformatted(v);
    snprintf(c->values[c->n], sizeof c->values[0], "%s", s);
    cJSON_free(s);
    c->n++;
}

Test(jsonpath, valid_and_malformed_paths)
{
    const char *good[] = {"$", "$.a", "$.a.b", "$.a[0].b", "$.a[*].b", "$.*", "$['odd key']",
                          "$.line_items[12]", "$.a-b_c"};
    const char *bad[] = {"", "a.b", "$.", "$..a", "$.a[", "$.a[x]", "$.a[-1]", "$['x'", "$.a b",
                         "$[*", NULL};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        cr_assert(jsonpath_valid(good[i]), "%s should be valid", good[i]);
    for (size_t i = 0; bad[i]; i++) cr_assert_not(jsonpath_valid(bad[i]), "'%s' should be malformed", bad[i]);
    cr_assert_not(jsonpath_valid(NULL));
}

Test(jsonpath, selects_members_indices_and_wildcards_with_concrete_paths)
{
    cJSON *doc = cJSON_Parse(doc_text);
    collected c = {0};
    cr_assert_eq(jsonpath_select(doc, "$.inventorycount.line_items[*].item_id", collect, &c), 2);
    cr_assert_str_eq(c.paths[0], "$.inventorycount.line_items[0].item_id");
    cr_assert_str_eq(c.paths[1], "$.inventorycount.line_items[1].item_id");
    cr_assert_str_eq(c.values[1], "\"3\"");

    cr_assert_str_eq(jsonpath_get(doc, "$.inventorycount.line_items[1].qty")->string, "qty");
    cr_assert_eq(jsonpath_get(doc, "$.inventorycount.line_items[1].qty")->valuedouble, 4);
    cr_assert_eq(jsonpath_get(doc, "$"), doc);
    cr_assert(cJSON_IsTrue(jsonpath_get(doc, "$.inventorycount['odd key']['it\\'s']")));

    /* Nothing there: wrong index, wrong type, missing key, case differs. */
    cr_assert_null(jsonpath_get(doc, "$.inventorycount.line_items[2]"));
    cr_assert_null(jsonpath_get(doc, "$.code[0]"));
    cr_assert_null(jsonpath_get(doc, "$.inventorycount.nope"));
    cr_assert_null(jsonpath_get(doc, "$.InventoryCount"));
    cr_assert_eq(jsonpath_select(doc, "$.x[*]", NULL, NULL), 0);
    cr_assert_eq(jsonpath_select(doc, "$..x", NULL, NULL), -1);

    memset(&c, 0, sizeof c);
    cr_assert_eq(jsonpath_select(doc, "$.inventorycount.*", collect, &c), 3);
    cr_assert_str_eq(c.paths[2], "$.inventorycount['odd key']");
    cJSON_Delete(doc);
}

Test(jsonpath, pattern_matches_concrete_paths)
{
    cr_assert(jsonpath_matches("$.a[*].b", "$.a[3].b"));
    cr_assert(jsonpath_matches("$.a[3].b", "$.a[3].b"));
    cr_assert(jsonpath_matches("$.*.b", "$.x.b"));
    cr_assert(jsonpath_matches("$['a'].b", "$.a.b"));
    cr_assert_not(jsonpath_matches("$.a[2].b", "$.a[3].b"));
    cr_assert_not(jsonpath_matches("$.a[*].b", "$.a[3].c"));
    cr_assert_not(jsonpath_matches("$.a[*]", "$.a[3].b"), "a prefix is not a match");
    cr_assert_not(jsonpath_matches("$.a.b", "$.a[0]"));
    cr_assert_not(jsonpath_matches("$.a", "$.A"));
    cr_assert_not(jsonpath_matches("$..a", "$.a"));
}

Test(jsonpath, builds_and_generalizes_concrete_paths)
{
    char a[128], b[128], g[128];
    jsonpath_child_key(a, sizeof a, "$", "line_items");
    jsonpath_child_index(b, sizeof b, a, 12);
    jsonpath_child_key(a, sizeof a, b, "it's odd");
    cr_assert_str_eq(a, "$.line_items[12]['it\\'s odd']");
    cr_assert(jsonpath_valid(a));
    jsonpath_generalize(g, sizeof g, a);
    cr_assert_str_eq(g, "$.line_items[*]['it\\'s odd']");
    jsonpath_generalize(g, sizeof g, "$['x[1]'][2][30].y");
    cr_assert_str_eq(g, "$['x[1]'][*][*].y");
    cJSON *doc = cJSON_Parse("{\"line_items\":[{\"it's odd\":1}]}");
    cr_assert(jsonpath_matches(g, "$['x[1]'][0][5].y"));
    cr_assert_not_null(jsonpath_get(doc, "$.line_items[*]['it\\'s odd']"));
    cJSON_Delete(doc);
}

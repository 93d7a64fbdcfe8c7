/* test_settings_records.c -- taxes, tax groups, currencies, units and conversions, reporting tags, tasks: CRUD with sub-records */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "api_util.h"

#define GST18 "4815000000000600"
#define GST5 "4815000000000601"
#define INR "4815000000000500"
#define VENDOR "4815000000000702"
#define SURGE "4815000000033024"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(settings_records, .init = start, .fini = stop);

Test(settings_records, tax_groups_are_made_of_live_taxes)
{
    char *cgst = tapi_id(tapi("POST", "/settings/taxes", "{\"tax_name\":\"CGST 9\",\"tax_percentage\":9}"),
        "tax.tax_id");
    tapi_expect(tapi("POST", "/settings/taxes", "{\"tax_name\":\"cgst 9\",\"tax_percentage\":9}"), 400, 1001,
                    "The tax_name cgst 9 already exists.");
    tapi_expect(tapi("POST", "/settings/taxes", "{\"tax_name\":\"Odd\",\"tax_percentage\":120}"), 400, 4,
                    "Invalid value passed for tax_percentage");
    tapi_expect(tapi("POST", "/settings/taxes", "{\"tax_name\":\"Odd\"}"),
        400, 11, "The parameter tax_percentage is mandatory.");
    char *group = tapi_id(tapi("POST", "/settings/taxgroups",
        "{\"tax_group_name\":\"GST + CGST\",\"taxes\":\"" GST5 ",%s\"}", cgst),
                        "tax_group.tax_group_id");
    tapi_expect(tapi("POST", "/settings/taxgroups", "{\"tax_group_name\":\"Bad\",\"taxes\":\"4815000000099999\"}"),
        400, 4,
                    "Invalid value passed for taxes");
    char path[128];
    snprintf(path, sizeof path, "/settings/taxes/%s", cgst);
    tapi_expect(tapi("PUT", path, "{\"tax_percentage\":7}"), 200, 0, "Tax information has been saved.");
    snprintf(path, sizeof path, "/settings/taxgroups/%s", group);
    tresponse r = tapi("GET", path, NULL);
    expect_ok(&r, 200, "success");
    cr_assert_eq(tjson_num(r.json, "tax_group.tax_group_percentage"), 12, "%s", r.body);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "tax_group.taxes")), 2, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "tax_group.taxes.1.tax_name"), "CGST 9");
    cr_assert_eq(tjson_num(r.json, "tax_group.taxes.1.tax_percentage"), 7);
    tresponse_free(&r);
    /* A tax in a group, or on a document, stays. */
    snprintf(path, sizeof path, "/settings/taxes/%s", cgst);
    tapi_expect(tapi("DELETE", path, NULL),
        400, 4251, "Tax CGST 9 cannot be deleted: it is in the tax group GST + CGST.");
    r = tapi("POST", "/purchaseorders",
             "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1,\"tax_id\":\"" GST18 "\"}]}");
    expect_ok(&r, 201, NULL);
    cr_assert_str_eq(tjson_str(r.json, "purchase_order.line_items.0.tax_name"), "GST 18");
    tresponse_free(&r);
    tapi_expect(tapi("DELETE", "/settings/taxes/" GST18, NULL), 400, 4251,
                    "Tax GST 18 cannot be deleted: it is used by Purchase Order PO-00001.");
    /* A line may name the group: its name and percentage are the line's tax. */
    r = tapi("POST", "/purchaseorders",
             "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1,\"rate\":100,"
             "\"tax_id\":\"%s\"}]}", group);
    expect_ok(&r, 201, NULL);
    cr_assert_str_eq(tjson_str(r.json, "purchase_order.line_items.0.tax_name"), "GST + CGST", "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "purchase_order.tax_total"), 12, "%s", r.body);
    char *po = strdup(tjson_str(r.json, "purchase_order.purchaseorder_id"));
    tresponse_free(&r);
    tapi_expect(tapi("DELETE", tpath("/settings/taxgroups/%s", group), NULL), 400, 4251,
                "Tax group GST + CGST cannot be deleted: it is used by Purchase Order PO-00002.");
    tapi_expect(tapi("DELETE", tpath("/purchaseorders/%s", po), NULL), 200, 0, NULL);
    free(po);
    /* The group changes its taxes by the same comma list. */
    snprintf(path, sizeof path, "/settings/taxgroups/%s", group);
    r = tapi("PUT", path, "{\"taxes\":\"%s\"}", cgst);
    expect_ok(&r, 200, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "tax_group.taxes")), 1, "%s", r.body);
    tresponse_free(&r);
    tapi_expect(tapi("DELETE", path, NULL), 200, 0, "The tax group has been deleted.");
    snprintf(path, sizeof path, "/settings/taxes/%s", cgst);
    tapi_expect(tapi("DELETE", path, NULL), 200, 0, "The record has been deleted.");
    free(cgst), free(group);
}

Test(settings_records, authorities_and_exemptions)
{
    char *auth = tapi_id(tapi("POST", "/settings/taxauthorities", "{\"tax_authority_name\":\"State Board\"}"),
                       "tax_authority.tax_authority_id");
    tresponse r = tapi("POST", "/settings/taxes",
        "{\"tax_name\":\"SB 2\",\"tax_percentage\":2,\"tax_authority_name\":\"State Board\"}");
    expect_ok(&r, 201, "The tax has been added.");
    cr_assert_str_eq(tjson_str(r.json, "tax.tax_authority_id"), auth, "%s", r.body);
    tresponse_free(&r);
    char path[128];
    snprintf(path, sizeof path, "/settings/taxauthorities/%s", auth);
    tapi_expect(tapi("DELETE", path, NULL), 400, 4251, NULL);
    tapi_expect(tapi("POST", "/settings/taxexemptions", "{\"tax_exemption_code\":\"EXP\",\"type\":\"planet\"}"), 400, 4,
                    "Invalid value passed for type");
    char *ex = tapi_id(tapi("POST", "/settings/taxexemptions",
        "{\"tax_exemption_code\":\"EXP\",\"type\":\"customer\"}"),
                     "tax_exemption.tax_exemption_id");
    r = tapi("GET", "/settings/taxexemptions", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "tax_exemptions")), 1, "%s", r.body);
    tresponse_free(&r);
    snprintf(path, sizeof path, "/settings/taxexemptions/%s", ex);
    tapi_expect(tapi("DELETE", path, NULL), 200, 0, "Tax exemption has been deleted successfully.");
    free(auth), free(ex);
}

Test(settings_records, currencies_by_iso_code_and_the_base_stays)
{
    tresponse r = tapi("POST", "/settings/currencies", "{\"currency_code\":\"EUR\",\"currency_symbol\":\"E\"}");
    expect_ok(&r, 201, "The currency has been added.");
    cr_assert_str_eq(tjson_str(r.json, "currency.currency_name"), "Euro", "%s", r.body);
    char *eur = strdup(tjson_str(r.json, "currency.currency_id"));
    tresponse_free(&r);
    tapi_expect(tapi("POST", "/settings/currencies", "{\"currency_code\":\"EUR\",\"currency_symbol\":\"E\"}"), 400,
        1001,
                    "The currency_code EUR already exists.");
    tapi_expect(tapi("POST", "/settings/currencies", "{\"currency_code\":\"euro\",\"currency_symbol\":\"E\"}"), 400, 4,
                    "Invalid value passed for currency_code");
    r = tapi("GET", "/settings/currencies?filter_by=Currencies.ExcludeBaseCurrency", NULL);
    const cJSON *c;
    cJSON_ArrayForEach(c, tjson_get(r.json, "currencies")) cr_assert(!cJSON_IsTrue(cJSON_GetObjectItem(c,
        "is_base_currency")));
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "currencies")), 2, "%s", r.body);
    tresponse_free(&r);
    tapi_expect(tapi("DELETE", "/settings/currencies/" INR, NULL), 400, 4251,
                    "Currency INR cannot be deleted: it is the organization's base currency.");
    char path[128];
    snprintf(path, sizeof path, "/settings/currencies/%s", eur);
    tapi_expect(tapi("DELETE", path, NULL), 200, 0, "The currency has been deleted.");
    free(eur);
}

Test(settings_records, unit_conversions_are_sub_records)
{
    char *pcs = tapi_id(tapi("POST", "/units", "{\"name\":\"Pieces\",\"unit\":\"pcs\"}"), "unit.unit_id");
    char *box = tapi_id(tapi("POST", "/units", "{\"name\":\"Box\",\"unit\":\"box\"}"), "unit.unit_id");
    tapi_expect(tapi("POST", "/units", "{\"name\":\"Other pieces\",\"unit\":\"PCS\"}"), 400, 1001, NULL);
    char path[160];
    snprintf(path, sizeof path, "/units/%s/unitconversions", box);
    tapi_expect(tapi("POST", path, "{\"target_unit_id\":\"%s\",\"conversion_rate\":12}", box), 400, 4,
                    "Invalid value passed for target_unit_id");
    tresponse r = tapi("POST", path, "{\"target_unit_id\":\"%s\",\"conversion_rate\":12}", pcs);
    expect_ok(&r, 200, "Unit conversion has been added.");
    cr_assert_str_eq(tjson_str(r.json, "unit_conversion.target_unit"), "pcs", "%s", r.body);
    char *conv = strdup(tjson_str(r.json, "unit_conversion.unit_conversion_id"));
    tresponse_free(&r);
    char one[200];
    snprintf(one, sizeof one, "/units/%s/unitconversions/%s", box, conv);
    tapi_expect(tapi("PUT", one, "{\"conversion_rate\":24}"), 200, 0, "Unit conversion has been updated.");
    r = tapi("GET", "/units?include_unit_conversions=true", NULL);
    expect_ok(&r, 200, "success");
    const cJSON *u;
    double rate = 0;
    cJSON_ArrayForEach(u, tjson_get(r.json, "units"))
        if (!strcmp(tjson_str(u, "unit_id"), box)) rate = tjson_num(u, "unit_conversions.0.conversion_rate");
    cr_assert_eq(rate, 24, "%s", r.body);
    tresponse_free(&r);
    r = tapi("GET", "/units", NULL);
    cJSON_ArrayForEach(u, tjson_get(r.json, "units")) cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(u,
        "unit_conversions")), 0);
    tresponse_free(&r);
    /* The target is needed while converted to. */
    snprintf(path, sizeof path, "/units/%s", pcs);
    tapi_expect(tapi("DELETE", path, NULL), 400, 4251, "Unit pcs cannot be deleted: the unit Box converts to it.");
    /* A unit group on the base unit. */
    r = tapi("POST", "/unitgroups", "{\"unit_group_name\":\"Count\",\"base_unit_id\":\"%s\","
                                    "\"unit_conversions\":[{\"target_unit_id\":\"%s\",\"conversion_rate\":0.5}]}",
                                        pcs, box);
    expect_ok(&r, 200, "Unit group has been added.");
    cr_assert_str_eq(tjson_str(r.json, "unit_group.base_unit"), "pcs", "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "unit_group.unit_conversions.0.target_unit_name"), "Box", "%s", r.body);
    cr_assert(*tjson_str(r.json, "unit_group.unit_conversions.0.unit_conversion_id"));
    tresponse_free(&r);
    r = tapi("GET", "/unitgroups", NULL);
    cr_assert_eq(tjson_num(r.json, "unit_groups.0.unit_conversion_count"), 1, "%s", r.body);
    tresponse_free(&r);
    tapi_expect(tapi("DELETE", one, NULL), 200, 0, "The unit conversion has been deleted.");
    snprintf(path, sizeof path, "/units/%s/unitconversions", box);
    r = tapi("GET", path, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "unit_conversions")), 0, "%s", r.body);
    tresponse_free(&r);
    free(pcs), free(box), free(conv);
}

Test(settings_records, reporting_tag_options_defaults_and_order)
{
    static const char *const tag_body =
        "{\"tag_name\":\"%s\",\"entities\":[{\"entity_name\":\"items\",\"is_enabled\":true}],"
        "\"multi_preference_entities\":{\"preference\":\"all\",\"entities\":[{\"entity_name\":\"Sales\",\"is_enabled\":true}]}}";
    char *region = tapi_id(tapi("POST", "/reportingtags", tag_body, "Region"), "tag.tag_id");
    char *channel = tapi_id(tapi("POST", "/reportingtags", tag_body, "Channel"), "tag.tag_id");
    char path[160];
    snprintf(path, sizeof path, "/reportingtags/%s/options", region);
    tapi_expect(tapi("PUT", path, "{\"options\":[{\"option_name\":\"North\"},{\"option_name\":\"north\"}]}"), 400, 4,
                    "Invalid value passed for option_name");
    tapi_expect(tapi("PUT", path, "{\"options\":[{\"option_name\":\"North\",\"children\":[{\"option_name\":\"Delhi\"}]},"
                                      "{\"option_name\":\"South\"}]}"),
                    200, 0, "Options updated successfully");
    snprintf(path, sizeof path, "/reportingtags/options?tag_id=%s", region);
    tresponse r = tapi("GET", path, NULL);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "options.0.children.0.option_name"), "Delhi", "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "options.0.children.0.parent_name"), "North");
    char *south = strdup(tjson_str(r.json, "options.1.option_id"));
    char *north = strdup(tjson_str(r.json, "options.0.option_id"));
    tresponse_free(&r);
    /* Options sent with their ids stay the same options. */
    snprintf(path, sizeof path, "/reportingtags/%s/options", region);
    tapi_expect(tapi("PUT", path, "{\"options\":[{\"option_id\":\"%s\",\"option_name\":\"Southern\"}]}", south),
        200, 0, NULL);
    snprintf(path, sizeof path, "/reportingtags/%s?default_option_id=%s", region, south);
    tapi_expect(tapi("POST", path, NULL), 200, 0, "The option has been marked as default.");
    snprintf(path, sizeof path, "/reportingtags/%s?default_option_id=%s", region, north);
    tapi_expect(tapi("POST", path, NULL), 400, 2, "Invalid value passed for default_option_id");
    snprintf(path, sizeof path, "/reportingtags/%s/option/%s/inactive", region, south);
    tapi_expect(tapi("POST", path, NULL), 200, 0, "The reporting tag option has been deactivated.");
    snprintf(path, sizeof path, "/reportingtags/%s/options/all", region);
    r = tapi("GET", path, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "results")), 1, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "results.0.option_name"), "Southern");
    tresponse_free(&r);
    snprintf(path, sizeof path, "/reportingtags/options?tag_id=%s", region);
    r = tapi("GET", path, NULL);
    cr_assert(cJSON_IsTrue(tjson_get(r.json, "options.0.is_default")), "%s", r.body);
    cr_assert(cJSON_IsFalse(tjson_get(r.json, "options.0.is_active")), "%s", r.body);
    tresponse_free(&r);
    /* Reorder: Channel first. */
    r = tapi("PUT", "/reportingtags/reorder", "{\"tag_ids\":[\"%s\"]}", channel);
    expect_ok(&r, 200, "The reporting tags have been reordered successfully.");
    tresponse_free(&r);
    r = tapi("GET", "/reportingtags", NULL);
    cr_assert_str_eq(tjson_str(r.json, "reporting_tags.0.tag_id"), channel, "%s", r.body);
    cr_assert_eq(tjson_num(r.json, "reporting_tags.1.tag_order"), 2, "%s", r.body);
    tresponse_free(&r);
    snprintf(path, sizeof path, "/reportingtags/%s/inactive", region);
    tapi_expect(tapi("POST", path, NULL), 200, 0, "The reporting tag has been deactivated.");
    r = tapi("GET", "/reportingtags", NULL);
    cr_assert(cJSON_IsFalse(tjson_get(r.json, "reporting_tags.1.is_active")), "%s", r.body);
    tresponse_free(&r);
    free(region), free(channel), free(south), free(north);
}

Test(settings_records, tasks_keep_status_and_completion_together)
{
    tapi_expect(tapi("POST", "/tasks", "{\"due_date\":\"2020-01-01\"}"), 400, 11, "The parameter title is mandatory.");
    tapi_expect(tapi("POST", "/tasks", "{\"title\":\"x\",\"owner_id\":\"4815000000099999\"}"), 400, 4,
                    "Invalid value passed for owner_id");
    char *late = tapi_id(tapi("POST", "/tasks",
        "{\"title\":\"Chase Volt\",\"due_date\":\"2020-01-01\",\"priority\":\"high\"}"),
                       "task.task_id");
    char *later = tapi_id(tapi("POST", "/tasks", "{\"title\":\"Plan\",\"due_date\":\"2999-01-01\"}"), "task.task_id");
    char path[128];
    snprintf(path, sizeof path, "/tasks/%s/percentage", late);
    tresponse r = tapi("POST", path, "{\"completion_percentage\":40}");
    expect_ok(&r, 200, "Task percentage updated");
    cr_assert_str_eq(tjson_str(r.json, "task.status"), "ongoing", "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "task.owner_name"), "John Smith", "%s", r.body);
    tresponse_free(&r);
    r = tapi("GET", "/tasks?filter_by=TaskStatus.PriorityOverdue", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "tasks")), 1, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "tasks.0.task_id"), late);
    tresponse_free(&r);
    snprintf(path, sizeof path, "/tasks/%s/markascompleted", late);
    tapi_expect(tapi("POST", path, NULL), 200, 0, "Task status updated");
    snprintf(path, sizeof path, "/tasks/%s", late);
    r = tapi("GET", path, NULL);
    cr_assert_eq(tjson_num(r.json, "task.completion_percentage"), 100, "%s", r.body);
    cr_assert(cJSON_IsFalse(tjson_get(r.json, "task.is_overdue")), "%s", r.body);
    tresponse_free(&r);
    r = tapi("GET", "/tasks?filter_by=TaskStatus.YetToStarted", NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "tasks")), 1, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "tasks.0.task_id"), later);
    tresponse_free(&r);
    snprintf(path, sizeof path, "/tasks/%s/percentage", later);
    tapi_expect(tapi("POST", path, "{\"completion_percentage\":101}"),
        400, 4, "Invalid value passed for completion_percentage");
    free(late), free(later);
}

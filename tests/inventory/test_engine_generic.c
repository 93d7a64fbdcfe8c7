/* test_engine_generic.c -- what the generic engine does for every module alike, as the conformance walk found it wanting: sub-resource ids, bodies, answers */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "asserts.h"
#include "http_client.h"

#define ORG "10234695"
#define JOHN "1000.full.john"
#define V1 "/inventory/v1"
#define Q "?organization_id=" ORG
#define LAPTOP "4815000000033001"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(engine_generic, .init = start, .fini = stop);

/* POSTs body to path and returns the string at id_path of the answer (freed by the caller). */
static char *create(const char *path, const char *body, const char *id_path)
{
    tresponse r = treq("POST", path, JOHN, body);
    cr_assert(r.status == 200 || r.status == 201, "%s: %ld %s", path, r.status, r.body);
    const char *id = tjson_str(r.json, id_path);
    cr_assert_not_null(id, "%s: no %s in %s", path, id_path, r.body);
    char *copy = strdup(id);
    cr_assert_not_null(copy);
    tresponse_free(&r);
    return copy;
}

static char *new_invoice(void)
{
    char *customer = create(V1 "/contacts" Q, "{\"contact_name\":\"Generic Customer\",\"contact_type\":\"customer\"}",
                            "contact.contact_id");
    char body[256];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" LAPTOP "\",\"quantity\":1,\"rate\":10}]}",
             customer);
    free(customer);
    return create(V1 "/invoices" Q, body, "invoice.invoice_id");
}

/* POST /invoices/{id}/comments answers code and message only; the comment
 * it made gets the id that PUT and DELETE .../comments/{comment_id} name,
 * and the fields the list documents. */
Test(engine_generic, a_comment_created_without_an_answer_key_has_the_id_its_siblings_use)
{
    char *invoice = new_invoice();
    char path[256];
    snprintf(path, sizeof path, V1 "/invoices/%s/comments" Q, invoice);
    tresponse r = treq("POST", path, JOHN, "{\"description\":\"Call before delivery\"}");
    expect_ok(&r, 200, "Comments added.");
    tresponse_free(&r);
    r = treq("GET", path, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    const char *comment = tjson_str(r.json, "comments.0.comment_id");
    cr_assert(comment && *comment, "the comment has an id: %s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "comments.0.description"), "Call before delivery");
    cr_assert_not_null(tjson_get(r.json, "comments.0.commented_by"), "a documented field of the list: %s", r.body);
    char one[256];
    snprintf(one, sizeof one, V1 "/invoices/%s/comments/%s" Q, invoice, comment);
    tresponse_free(&r);
    r = treq("PUT", one, JOHN, "{\"description\":\"Call after delivery\"}");
    expect_ok(&r, 200, NULL);
    cr_assert_str_eq(tjson_str(r.json, "description"), "Call after delivery", "%s", r.body);
    tresponse_free(&r);
    r = treq("DELETE", one, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = treq("GET", path, JOHN, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "comments")), 0, "%s", r.body);
    tresponse_free(&r);
    r = treq("DELETE", one, JOHN, NULL);
    expect_zoho(&r, 404, 1002);
    tresponse_free(&r);
    free(invoice);
}

/* A read of one object nothing was stored for answers that object, in the
 * documented shape (GET /invoices/{id}/email: `data`, not an empty array;
 * a flat answer: the documented fields beside code and message). */
/* GET format (with the record's id) answers a string at string_path. */
static void expect_string_at(const char *format, const char *id, const char *string_path)
{
    char path[256];
    snprintf(path, sizeof path, format, id);
    tresponse r = treq("GET", path, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    cr_assert(cJSON_IsString(tjson_get(r.json, string_path)), "%s: no %s in %s", path, string_path, r.body);
    tresponse_free(&r);
}

Test(engine_generic, reads_of_one_object_answer_the_documented_object)
{
    char *invoice = new_invoice();
    expect_string_at(V1 "/invoices/%s/email" Q, invoice, "data.subject");      /* data is an object */
    free(invoice);
    char *customer = create(V1 "/contacts" Q, "{\"contact_name\":\"Statement Customer\"}", "contact.contact_id");
    expect_string_at(V1 "/contacts/%s/statements/email" Q, customer, "subject");  /* flat */
    free(customer);
}

/* Bodies the document types as arrays are taken as arrays: custom fields
 * (PUT /invoice/{id}/customfields) are kept on the record. */
Test(engine_generic, array_bodies_are_accepted_where_documented)
{
    char *invoice = new_invoice();
    char path[256];
    snprintf(path, sizeof path, V1 "/invoice/%s/customfields" Q, invoice);
    tresponse r = treq("PUT", path, JOHN, "[{\"customfield_id\":\"4815000000070001\",\"value\":\"Rush\"}]");
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    snprintf(path, sizeof path, V1 "/invoices/%s" Q, invoice);
    r = treq("GET", path, JOHN, NULL);
    cr_assert_str_eq(tjson_str(r.json, "invoice.custom_fields.0.value"), "Rush", "%s", r.body);
    tresponse_free(&r);
    /* Where the document wants an object, an array is still refused. */
    r = treq("PUT", path, JOHN, "[{\"reference_number\":\"x\"}]");
    expect_error(&r, 400, 4, "Invalid value passed for JSONString");
    tresponse_free(&r);
    free(invoice);
}

/* An update the document gives no body (query parameters only) needs none. */
Test(engine_generic, updates_documented_without_a_body_need_none)
{
    tresponse r = treq("PUT", V1 "/items/" LAPTOP "/locations/permissions" Q "&associated_with_all_locations=true", JOHN, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
}

/* PUT /tasks changes every named task as PUT /tasks/{id} would, answers
 * them under the documented key, and changes none when one is unknown. */
Test(engine_generic, bulk_updates_change_every_named_record_or_none)
{
    char *a = create(V1 "/tasks" Q, "{\"title\":\"Count shelf A\"}", "task.task_id");
    char *b = create(V1 "/tasks" Q, "{\"title\":\"Count shelf B\"}", "task.task_id");
    char body[512];
    snprintf(body, sizeof body, "[{\"task_id\":\"%s\",\"title\":\"Recount A\"},{\"task_id\":\"%s\",\"title\":\"Recount B\"}]", a, b);
    tresponse r = treq("PUT", V1 "/tasks" Q "&bulk_update=true", JOHN, body);
    expect_ok(&r, 200, NULL);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "tasks")), 2, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "tasks.1.title"), "Recount B", "%s", r.body);
    tresponse_free(&r);
    snprintf(body, sizeof body, "[{\"task_id\":\"%s\",\"title\":\"Third count\"},{\"task_id\":\"4815000000999999\",\"title\":\"x\"}]", a);
    r = treq("PUT", V1 "/tasks" Q "&bulk_update=true", JOHN, body);
    expect_zoho(&r, 404, 1002);
    tresponse_free(&r);
    char path[256];
    snprintf(path, sizeof path, V1 "/tasks/%s" Q, a);
    r = treq("GET", path, JOHN, NULL);
    cr_assert_str_eq(tjson_str(r.json, "task.title"), "Recount A", "unchanged: %s", r.body);
    tresponse_free(&r);
    r = treq("PUT", V1 "/tasks" Q "&bulk_update=true", JOHN, "[{\"title\":\"no id\"}]");
    expect_error(&r, 400, 11, "The parameter task_id is mandatory.");
    tresponse_free(&r);
    free(a);
    free(b);
}

/* A bulk action answers its documented key; one whose document names no
 * records (enabling locations for the organization) needs no ids. */
Test(engine_generic, bulk_actions_answer_their_documented_key)
{
    char *customer = create(V1 "/contacts" Q, "{\"contact_name\":\"Bulk Customer\",\"contact_type\":\"customer\"}",
                            "contact.contact_id");
    char body[256];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" LAPTOP "\",\"quantity\":1,\"rate\":10}]}",
             customer);
    char *so = create(V1 "/salesorders" Q, body, "sales_order.salesorder_id");
    char path[256];
    snprintf(path, sizeof path, V1 "/salesorders/status/confirmed" Q "&salesorder_ids=%s", so);
    tresponse r = treq("POST", path, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    cr_assert(cJSON_IsObject(tjson_get(r.json, "data")), "%s", r.body);
    tresponse_free(&r);
    r = treq("POST", V1 "/settings/locations/enable" Q, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    free(customer);
    free(so);
}

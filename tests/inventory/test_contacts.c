/* test_contacts.c -- contacts and contact persons over HTTP: persons kept in step, primary, addresses, deletes, lists, mail */
#include <strings.h>

#include <criterion/criterion.h>

#include "sales_util.h"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(contacts, .init = start, .fini = stop);

static char *acme(void)
{
    return sales_create("/contacts",
                        "{\"contact_name\":\"Acme Ltd\",\"company_name\":\"Acme\",\"payment_terms\":30,"
                        "\"billing_address\":{\"address\":\"1 Main St\",\"city\":\"Springfield\"},"
                        "\"contact_persons\":[{\"first_name\":\"Ann\",\"last_name\":\"Lee\",\"email\":\"ann@acme.test\"},"
                        "{\"first_name\":\"Bob\",\"email\":\"bob@acme.test\"}]}",
                        "contact.contact_id");
}

Test(contacts, create_defaults_and_primary_person)
{
    tresponse r = sales_call("POST", "/contacts", "{\"company_name\":\"x\"}");
    expect_error(&r, 400, 11, "The parameter contact_name is mandatory.");
    tresponse_free(&r);
    r = sales_call("POST", "/contacts", "{\"contact_name\":\"x\",\"contact_type\":\"robot\"}");
    expect_error(&r, 400, 4, "Invalid value passed for contact_type");
    tresponse_free(&r);
    char *id = acme();
    r = sales_callf("GET", NULL, "/contacts/%s", id);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "contact.contact_type"), "customer");
    cr_assert_str_eq(tjson_str(r.json, "contact.status"), "active");
    cr_assert_str_eq(tjson_str(r.json, "contact.payment_terms_label"), "Net 30");
    cr_assert_eq(tjson_num(r.json, "contact.contact_persons.0.is_primary_contact"), 1);
    cr_assert_eq(tjson_num(r.json, "contact.contact_persons.1.is_primary_contact"), 0);
    cr_assert_str_eq(tjson_str(r.json, "contact.primary_contact_id"), tjson_str(r.json, "contact.contact_persons.0.contact_person_id"));
    cr_assert_eq(tjson_num(r.json, "contact.has_transaction"), 0);
    tresponse_free(&r);
    /* Zoho's list rows print the primary person's name and e-mail. */
    r = sales_call("GET", "/contacts", NULL);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "contacts.0.email"), "ann@acme.test", "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "contacts.0.first_name"), "Ann");
    tresponse_free(&r);
    free(id);
}

Test(contacts, persons_on_their_own_and_in_the_contact_stay_in_step)
{
    char *id = acme();
    char body[256];
    snprintf(body, sizeof body, "{\"contact_id\":\"%s\",\"first_name\":\"Cy\",\"email\":\"cy@acme.test\"}", id);
    tresponse r = sales_call("POST", "/contacts/contactpersons", body);
    expect_ok(&r, 201, NULL);
    char *cy = sales_str(&r, "contact_person.contact_person_id");
    cr_assert_eq(tjson_num(r.json, "contact_person.is_primary_contact"), 0);
    tresponse_free(&r);
    r = sales_call("POST", "/contacts/contactpersons", "{\"first_name\":\"Nobody\"}");
    expect_error(&r, 400, 11, "The parameter contact_id is mandatory.");
    tresponse_free(&r);
    r = sales_call("POST", "/contacts/contactpersons", "{\"contact_id\":\"4815000000999999\",\"first_name\":\"X\"}");
    expect_error(&r, 400, 4, "Invalid value passed for contact_id");
    tresponse_free(&r);

    r = sales_callf("PUT", "{\"last_name\":\"Young\",\"phone\":\"555\"}", "/contacts/contactpersons/%s", cy);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = sales_callf("POST", NULL, "/contacts/contactpersons/%s/primary", cy);
    expect_ok(&r, 200, "This contact person has been marked as your primary contact person.");
    tresponse_free(&r);

    r = sales_callf("GET", NULL, "/contacts/%s", id);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "contact.contact_persons")), 3, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "contact.contact_persons.2.last_name"), "Young");
    cr_assert_eq(tjson_num(r.json, "contact.contact_persons.2.is_primary_contact"), 1);
    cr_assert_eq(tjson_num(r.json, "contact.contact_persons.0.is_primary_contact"), 0);
    cr_assert_str_eq(tjson_str(r.json, "contact.primary_contact_id"), cy);
    char *ann = sales_str(&r, "contact.contact_persons.0.contact_person_id");
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/contacts/%s/contactpersons/%s", id, cy);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "contact_person.phone"), "555");
    cr_assert_eq(tjson_num(r.json, "contact_person.is_primary_contact"), 1);
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/contacts/%s/contactpersons/%s", id, ann);
    cr_assert_eq(tjson_num(r.json, "contact_person.is_primary_contact"), 0, "%s", r.body);
    tresponse_free(&r);

    /* Saving the contact with its persons replaces them as lines are. */
    snprintf(body, sizeof body, "{\"contact_persons\":[{\"contact_person_id\":\"%s\",\"first_name\":\"Annie\"}]}", ann);
    r = sales_callf("PUT", body, "/contacts/%s", id);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/contacts/%s/contactpersons", id);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "contact_persons")), 1, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "contact_persons.0.first_name"), "Annie");
    cr_assert_str_eq(tjson_str(r.json, "contact_persons.0.email"), "ann@acme.test", "kept what was not sent");
    cr_assert_eq(tjson_num(r.json, "contact_persons.0.is_primary_contact"), 1, "the only one is primary");
    tresponse_free(&r);
    r = sales_callf("PUT", "{\"first_name\":\"Ghost\"}", "/contacts/contactpersons/%s", cy);
    expect_error(&r, 404, 1002, "Contact person does not exist.");
    tresponse_free(&r);
    r = sales_callf("DELETE", NULL, "/contacts/contactpersons/%s", ann);
    expect_ok(&r, 200, "The contact person has been deleted.");
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/contacts/%s", id);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "contact.contact_persons")), 0, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "contact.primary_contact_id"), "");
    tresponse_free(&r);
    free(id), free(cy), free(ann);
}

Test(contacts, addresses_history_and_deletes)
{
    char *id = acme();
    tresponse r = sales_callf("GET", NULL, "/contacts/%s/address", id);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "addresses")), 2);
    cr_assert_str_eq(tjson_str(r.json, "addresses.0.city"), "Springfield");
    tresponse_free(&r);
    char body[256];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}", id);
    char *order = sales_create("/salesorders", body, "sales_order.salesorder_id");
    r = sales_callf("GET", NULL, "/contacts/%s/comments", id);
    expect_ok(&r, 200, "success");
    cr_assert_eq(cJSON_GetArraySize(tjson_get(r.json, "contact_comments")), 2, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "contact_comments.1.description"), "Sales Order SO-00001 created");
    cr_assert_str_eq(tjson_str(r.json, "contact_comments.1.transaction_id"), order);
    tresponse_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/contacts/%s", id);
    cr_assert_eq(sales_get_num(path, "contact.has_transaction"), 1);
    r = sales_call("DELETE", path, NULL);
    expect_error(&r, 400, 4251, "Contact cannot be deleted: it has transactions.");
    tresponse_free(&r);
    r = sales_callf("DELETE", NULL, "/salesorders/%s", order);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    r = sales_callf("GET", NULL, "/contacts/%s/contactpersons", id);
    char *person = sales_str(&r, "contact_persons.0.contact_person_id");
    tresponse_free(&r);
    r = sales_call("DELETE", path, NULL);
    expect_ok(&r, 200, "The contact has been deleted.");
    tresponse_free(&r);
    r = sales_callf("DELETE", NULL, "/contacts/contactpersons/%s", person);
    expect_error(&r, 404, 1002, "Contact person does not exist.");
    tresponse_free(&r);
    free(id), free(order), free(person);
}

static int listed(const char *query)
{
    char path[160];
    snprintf(path, sizeof path, "/contacts?%s", query);
    tresponse r = sales_call("GET", path, NULL);
    expect_ok(&r, 200, "success");
    int n = cJSON_GetArraySize(tjson_get(r.json, "contacts"));
    tresponse_free(&r);
    return n;
}

Test(contacts, lists_filter_by_status_names_and_addresses)
{
    /* What the fixture's own contacts add to each count. */
    static const struct { const char *query; int added; } cases[] = {
        {"filter_by=Status.Inactive", 1}, {"filter_by=Status.Active", 2}, {"filter_by=Status.Duplicate", 2},
        {"contact_name_startswith=Acme", 2}, {"first_name=Ann", 1}, {"email_contains=acme.test", 1},
        {"address_contains=Springfield", 1}, {"company_name=Acme", 1}, {"search_text=Betamax", 1},
    };
    int before[sizeof cases / sizeof cases[0]];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) before[i] = listed(cases[i].query);
    char *a = acme();
    char *b = sales_create("/contacts", "{\"contact_name\":\"Betamax\",\"contact_type\":\"vendor\"}", "contact.contact_id");
    char *c = sales_create("/contacts", "{\"contact_name\":\"acme ltd\"}", "contact.contact_id");
    tresponse r = sales_callf("POST", NULL, "/contacts/%s/inactive", b);
    expect_ok(&r, 200, "The contact has been marked as inactive.");
    tresponse_free(&r);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_assert_eq(listed(cases[i].query) - before[i], cases[i].added, "%s", cases[i].query);
    r = sales_call("GET", "/contacts?filter_by=Status.Nope", NULL);
    expect_error(&r, 400, 2, "Invalid value passed for filter_by");
    tresponse_free(&r);
    r = sales_call("GET", "/contacts?sort_column=contact_name&sort_order=D", NULL);
    const cJSON *rows = tjson_get(r.json, "contacts"), *row;
    const char *previous = NULL;
    cJSON_ArrayForEach(row, rows) {
        const char *name = tjson_str(row, "contact_name");
        if (previous) cr_assert_geq(strcasecmp(previous, name), 0, "%s before %s", previous, name);
        previous = name;
    }
    tresponse_free(&r);
    free(a), free(b), free(c);
}

Test(contacts, statements_and_messages_go_to_the_outbox)
{
    char *id = acme();
    tresponse r = sales_callf("GET", NULL, "/contacts/%s/statements/email", id);
    expect_ok(&r, 200, "success");
    cr_assert_str_eq(tjson_str(r.json, "to_contacts.0.email"), "ann@acme.test");
    cr_assert_eq(tjson_num(r.json, "to_contacts.0.selected"), 1);
    cr_assert_str_eq(tjson_str(r.json, "from_emails.0.email"), "john.smith@zylker.com");
    cr_assert_str_eq(tjson_str(r.json, "contact_id"), id);
    tresponse_free(&r);
    r = sales_callf("POST", "{\"to_mail_ids\":[\"not-an-address\"],\"subject\":\"s\",\"body\":\"b\"}", "/contacts/%s/email", id);
    expect_error(&r, 400, 4, "Invalid value passed for to_mail_ids");
    tresponse_free(&r);
    r = sales_callf("POST", "{\"to_mail_ids\":[\"bob@acme.test\"],\"subject\":\"Hello\",\"body\":\"Hi Bob\"}",
                    "/contacts/%s/email", id);
    expect_ok(&r, 200, "Email has been sent.");
    tresponse_free(&r);
    r = sales_callf("POST", "{\"to_mail_ids\":[\"ann@acme.test\"],\"subject\":\"Your statement\",\"body\":\"See attached\"}",
                    "/contacts/%s/statements/email", id);
    expect_ok(&r, 200, "Statement has been sent to the customer.");
    tresponse_free(&r);
    r = treq("GET", "/__admin/outbox?organization_id=" ORG_ID, NULL, NULL);
    expect_ok(&r, 200, NULL);
    cr_assert_eq(tjson_num(r.json, "count"), 2, "%s", r.body);
    cr_assert_str_eq(tjson_str(r.json, "outbox.0.to.0"), "bob@acme.test");
    cr_assert_str_eq(tjson_str(r.json, "outbox.0.subject"), "Hello");
    cr_assert_str_eq(tjson_str(r.json, "outbox.1.attachments.0"), "statement.pdf");
    cr_assert_str_eq(tjson_str(r.json, "outbox.1.from"), "john.smith@zylker.com");
    tresponse_free(&r);
    r = treq("GET", "/__admin/outbox?organization_id=10234700", NULL, NULL);
    cr_assert_eq(tjson_num(r.json, "count"), 0, "another organization's outbox: %s", r.body);
    tresponse_free(&r);
    r = treq("DELETE", "/__admin/outbox", NULL, NULL);
    expect_ok(&r, 200, NULL);
    cr_assert_eq(tjson_num(r.json, "removed"), 2);
    tresponse_free(&r);
    r = treq("GET", "/__admin/outbox", NULL, NULL);
    cr_assert_eq(tjson_num(r.json, "count"), 0);
    tresponse_free(&r);
    r = treq("GET", "/__admin/outbox?organization_id=1", NULL, NULL);
    expect_error(&r, 404, 1002, "Organization does not exist.");
    tresponse_free(&r);
    free(id);
}

/* test_bad_input.c -- one table of hostile or mistaken requests: each is refused clearly and changes nothing */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "asserts.h"
#include "http_client.h"
#include "raw_http.h"
#include "util/utf8.h"

/* ------------------------------------------------------------- the table
 *
 * A row is one request and the refusal it must get: HTTP status, Zoho
 * code and a part of the message. Either method/path/token/content
 * type/body/headers (sent by libcurl), or raw: the bytes as they go on the
 * wire, for what libcurl will not send. In paths and bodies, {B_ADJ},
 * {B_COUNT} and {B_PROFILE} are documents of the other organization,
 * {A_COUNT} a started count of John's, {A_SO} a confirmed sales order of
 * John's and {A_SO_LINE} its line, {C_CONTACT} and {C_SO} a customer and an
 * order of organization 20246810 (19-digit ids), all made before the rows.
 * After each row, the state of both organizations must be exactly as
 * before, and so must what the row's `read` answers (its module's list or
 * record); the answer and the journal must be valid UTF-8 JSON.
 *
 * To add a row: copy one of its module's and change what it sends and
 * expects; a new module's first row names the list it must leave alone
 * in `read`, and the module goes into the_table_covers_every_module. */
typedef struct bad_input {
    const char *what;
    const char *method;
    const char *path;
    const char *token;
    const char *content_type;       /* NULL with a body: application/json */
    const char *body;
    const char *headers[3];         /* extra "Name: value" lines */
    const char *raw;                /* instead of the above: sent as is */
    size_t raw_len;                 /* 0: strlen(raw) (set it for NUL bytes) */
    long status;
    int code;
    const char *message;            /* a part of the message */
    const char *read;               /* a GET (list or record) that must answer the same after */
} bad_input;

#define ORG_A "10234695"
#define ORG_B "10234700"
#define QA "?organization_id=" ORG_A
#define QB "?organization_id=" ORG_B
#define JOHN "1000.full.john"
#define JANE "1000.full.jane"
#define V1 "/inventory/v1"
#define SURGE "4815000000033024"        /* plain item */
#define LAPTOP13 "4815000000033002"     /* serial-tracked */
#define MAIN_WH "4815000000038080"
#define B_ITEM "4816000000033002"
#define B_WH "4816000000038080"
#define B_USER "4816000000012400"
#define FORM "application/x-www-form-urlencoded"
#define ORG_C "20246810"                /* 19-digit ids */
#define QC "?organization_id=" ORG_C
#define MEERA "1000.full.meera"
#define C_ITEM "2251466000000033001"
#define C_WH "2251466000000038080"
#define CUSTOMER "4815000000000700"
#define VENDOR "4815000000000702"
#define BLR_WH "4815000000038090"
#define LAPTOP15 "4815000000033001"     /* batch-tracked */
/* A sales order of Bowman's for two surge protectors; line is the line's tail. */
#define ORDER(extra, line)                                                                         \
    "{\"customer_id\":\"" CUSTOMER "\"" extra ",\"line_items\":[{\"item_id\":\"" SURGE "\"" line "}]}"
#define BILL(line)                                                                                 \
    "{\"vendor_id\":\"" VENDOR "\",\"bill_number\":\"BAD-1\",\"date\":\"2025-06-15\","                \
    "\"due_date\":\"2025-07-15\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"rate\":1" line "}]}"
#define TRANSFER(to, item, qty)                                                                    \
    "{\"date\":\"2025-06-15\",\"from_location_id\":\"" MAIN_WH "\",\"to_location_id\":\"" to "\","         \
    "\"line_items\":[{\"item_id\":\"" item "\",\"name\":\"x\",\"quantity_transfer\":" qty "}]}"
#define PRICEBOOK(extra)                                                                           \
    "{\"name\":\"Bad book\",\"pricebook_type\":\"fixed_percentage\",\"sales_or_purchase_type\":\"sales\"" extra "}"
/* The lists (and records) rows must leave as they were. */
#define R_ITEMS V1 "/items" QA "&per_page=200"
#define R_CONTACTS V1 "/contacts" QA "&per_page=200"
#define R_ORDERS V1 "/salesorders" QA "&per_page=200"
#define R_INVOICES V1 "/invoices" QA "&per_page=200"
#define R_POS V1 "/purchaseorders" QA "&per_page=200"
#define R_BILLS V1 "/bills" QA "&per_page=200"
#define R_TRANSFERS V1 "/transferorders" QA "&per_page=200"
#define R_BATCHES V1 "/items/batches" QA "&item_id=" LAPTOP15
#define R_LOCATIONS V1 "/locations" QA
#define R_TAXES V1 "/settings/taxes" QA
#define R_PRICEBOOKS V1 "/pricebooks" QA "&per_page=200"
#define R_TASKS V1 "/tasks" QA "&per_page=200"

/* An item adjustment body with one line; extra goes into the line. */
#define ADJ(reason, extra)                                                                         \
    "{\"date\":\"2025-06-15\",\"reason\":\"" reason "\",\"adjustment_type\":\"quantity\","        \
    "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":-1" extra "}]}"
#define ADJ_LINE(line)                                                                             \
    "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","     \
    "\"line_items\":[" line "]}"
/* A count of {A_COUNT}'s lines. */
#define COUNT_LINE(item, qty) "{\"line_items\":[{\"item_id\":\"" item "\",\"counted_quantity\":" qty "}]}"
/* A weekly recurring profile; extra adds or overrides fields. */
#define PROFILE(extra)                                                                             \
    "{\"title\":\"Weekly\",\"location_id\":\"" MAIN_WH "\",\"start_date\":\"2099-07-01\","        \
    "\"recurrence_frequency\":\"weeks\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]" extra "}"
#define MULTIPART "multipart/form-data; boundary=zm-boundary"
#define HEAD_OF(method, path) method " " path " HTTP/1.1\r\nHost: 127.0.0.1\r\n"

/* Header floods, by repetition. */
#define H4 "X-F: 1\r\nX-F: 1\r\nX-F: 1\r\nX-F: 1\r\n"
#define H16 H4 H4 H4 H4
#define H64 H16 H16 H16 H16
#define A64 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define A1K A64 A64 A64 A64 A64 A64 A64 A64 A64 A64 A64 A64 A64 A64 A64 A64
#define A8K A1K A1K A1K A1K A1K A1K A1K A1K
#define A17K A8K A8K A1K
#define E8 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
#define E600 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 \
             E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 \
             E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8 E8

static const bad_input rows[] = {
    /* ---------------------------------------- text: invalid UTF-8 and NUL, anywhere */
    {"invalid UTF-8 in a body string", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ("Dam\xffged", ""), .status = 400, .code = 4, .message = "Invalid value passed for reason"},
    {"invalid UTF-8 in a line item's string", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ("Damaged goods", ",\"description\":\"\xc3\x28\""), .status = 400, .code = 4,
     .message = "Invalid value passed for description"},
    {"an overlong UTF-8 form", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ("a\xc0\xaf", ""), .status = 400, .code = 4, .message = "Invalid value passed for reason"},
    {"a UTF-16 surrogate encoded as UTF-8", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ("a\xed\xa0\x80", ""), .status = 400, .code = 4, .message = "Invalid value passed for reason"},
    {"\\u0000 in a string", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ("Damaged\\u0000 goods", ""), .status = 400, .code = 4, .message = "Invalid value passed for reason"},
    {"a raw control byte in a string", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ("Damaged\x01 goods", ""), .status = 400, .code = 4, .message = "Invalid value passed for reason"},
    {"a lone surrogate escape", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ("\\ud800 goods", ""), .status = 400, .code = 4, .message = "Invalid value passed for reason"},
    {"invalid UTF-8 in a key", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     "{\"re\xffson\":\"x\",\"date\":\"2025-06-15\"}", .status = 400, .code = 4,
     .message = "Invalid value passed for JSONString"},
    {"a key hiding a byte behind a backslash", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     "{\"k\\\xdc\":[\"\xff\"]}", .status = 400, .code = 4,
     .message = "Invalid value passed for JSONString"},
    {"an escape JSON does not have", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ("Damaged \\q goods", ""), .status = 400, .code = 4, .message = "Invalid value passed for reason"},
    {"invalid UTF-8 in an array of strings", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ_LINE("{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":1,\"serial_numbers\":[\"\xff\"]}"),
     .status = 400, .code = 4, .message = "Invalid value passed for serial_numbers"},
    {"invalid UTF-8 in an urlencoded JSONString", "POST", V1 "/inventoryadjustments" QA, JOHN, FORM,
     "JSONString=%7B%22reason%22%3A%22%FF%22%7D", .status = 400, .code = 4,
     .message = "Invalid value passed for reason"},
    {"a NUL in an urlencoded JSONString", "POST", V1 "/inventoryadjustments" QA, JOHN, FORM,
     "JSONString=%7B%22reason%22%3A%22a%00b%22%7D", .status = 400, .code = 4,
     .message = "Invalid value passed for JSONString"},
    {"invalid UTF-8 in a multipart JSONString", "POST", V1 "/inventoryadjustments" QA, JOHN, MULTIPART,
     "--zm-boundary\r\nContent-Disposition: form-data; name=\"JSONString\"\r\n\r\n" ADJ("\xfe", "") "\r\n--zm-boundary--\r\n",
     .status = 400, .code = 4, .message = "Invalid value passed for reason"},
    {"invalid UTF-8 in JSONString on the query", "POST",
     V1 "/inventoryadjustments" QA "&JSONString=%7B%22reason%22%3A%22%FF%22%7D", JOHN, .status = 400,
     .code = 4, .message = "Invalid value passed for JSONString"},
    {"invalid UTF-8 in a query value", "GET", V1 "/items" QA "&search_text=%FF", JOHN, .status = 400,
     .code = 4, .message = "Invalid value passed for search_text"},
    {"a NUL in a query value", "GET", V1 "/items" QA "&search_text=a%00b", JOHN, .status = 400, .code = 4,
     .message = "Invalid value passed for search_text"},
    {"invalid UTF-8 in a query name", "GET", V1 "/items" QA "&%FF=1", JOHN, .status = 400, .code = 4,
     .message = "Invalid value passed for the query string"},
    {"invalid UTF-8 in a header", "GET", V1 "/items" QA, JOHN, .headers = {"X-Client-Note: caf\xe9"},
     .status = 400, .code = 4, .message = "Invalid value passed for X-Client-Note"},
    {"invalid UTF-8 in the organization header", "GET", V1 "/items", JOHN,
     .headers = {"X-com-zoho-inventory-organizationid: \xff\xfe"}, .status = 400, .code = 4,
     .message = "Invalid value passed for X-com-zoho-inventory-organizationid"},
    {"invalid UTF-8 in a header's name", .raw = HEAD_OF("GET", V1 "/items" QA)
     "Authorization: Zoho-oauthtoken " JOHN "\r\nX-Caf\xe9: 1\r\n\r\n", .status = 400, .code = 4},
    {"an organization header too long for the message, cut inside no character", "GET", V1 "/items", JOHN,
     .headers = {"X-com-zoho-inventory-organizationid: " E600}, .status = 400, .code = 6041,
     .message = "This user is not associated with the CompanyID/CompanyName: \xc3\xa9"},
    {"invalid UTF-8 in the token", "GET", V1 "/items" QA, NULL,
     .headers = {"Authorization: Zoho-oauthtoken 1000.\xff"}, .status = 400, .code = 4,
     .message = "Invalid value passed for Authorization"},
    {"invalid UTF-8 in the path", "GET", V1 "/items/%FF" QA, JOHN, .status = 400, .code = 4,
     .message = "Invalid value passed for the URL path"},
    {"a NUL in the path", "GET", V1 "/items/4815000000033024%00" QA, JOHN, .status = 400, .code = 4,
     .message = "Invalid value passed for the URL path"},
    {"a line feed in the path", "GET", V1 "/items/%0Afake" QA, JOHN, .status = 400, .code = 4,
     .message = "Invalid value passed for the URL path"},
    {"invalid UTF-8 in an admin body", "PUT", "/__admin/clock", NULL, NULL,
     "{\"organization_id\":\"" ORG_B "\",\"now\":\"2030-01-01\xff\"}", .status = 400, .code = 4,
     .message = "Invalid value passed for now"},

    /* ---------------------------------------- HTTP: floods, limits, framing */
    {"a flood of header fields", .raw = HEAD_OF("GET", "/__admin/health") H64 "\r\n", .status = 431,
     .code = 4, .message = "The request has more than 63 header fields."},
    {"a head past 16 KB", .raw = HEAD_OF("GET", "/__admin/health") "X-Big: " A17K "\r\n\r\n",
     .status = 400, .code = 4, .message = "past 16384 bytes"},
    {"a body past the limit", .raw = HEAD_OF("POST", V1 "/inventoryadjustments" QA)
     "Authorization: Zoho-oauthtoken " JOHN "\r\nContent-Length: 40000000\r\n\r\n",
     .status = 413, .code = 4, .message = "The request body is larger than 33554432 bytes."},
    {"a NUL byte in a header", .raw = HEAD_OF("GET", "/__admin/health") "X-A: a\0b\r\n\r\n",
     .raw_len = sizeof(HEAD_OF("GET", "/__admin/health") "X-A: a\0b\r\n\r\n") - 1, .status = 400, .code = 4,
     .message = "The request is not valid HTTP"},
    {"HTTP/2 on the request line", .raw = "GET /__admin/health HTTP/2.0\r\n\r\n", .status = 505, .code = 4,
     .message = "Bad HTTP version"},
    {"Content-Length with Transfer-Encoding", .raw = HEAD_OF("POST", "/__admin/reset")
     "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .status = 400, .code = 4,
     .message = "both Content-Length and Transfer-Encoding"},
    {"two different Content-Lengths", .raw = HEAD_OF("POST", "/__admin/reset")
     "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", .status = 400, .code = 4,
     .message = "two different Content-Length headers"},
    {"a transfer coding other than chunked", .raw = HEAD_OF("POST", "/__admin/reset")
     "Transfer-Encoding: gzip\r\n\r\n", .status = 400, .code = 4, .message = "The request is not valid HTTP"},
    {"a malformed chunk", .raw = HEAD_OF("POST", "/__admin/reset") "Transfer-Encoding: chunked\r\n\r\nzz\r\n",
     .status = 400, .code = 4, .message = "the body is malformed or stopped before its end"},
    {"a control byte in the target", .raw = "GET /__admin/\x01health HTTP/1.1\r\n\r\n", .status = 400,
     .code = 4, .message = "The request is not valid HTTP"},

    /* ---------------------------------------- item adjustments */
    {"a quantity that is not a number", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ_LINE("{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":\"abc\"}"), .status = 400, .code = 4,
     .message = "Invalid value passed for quantity_adjusted"},
    {"a number where the reason text goes", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     "{\"date\":\"2025-06-15\",\"reason\":5,\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\""
     SURGE "\",\"quantity_adjusted\":1}]}", .status = 400, .code = 4, .message = "Invalid value passed for reason"},
    {"a number as the date", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     "{\"date\":20250615,\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":[{\"item_id\":\""
     SURGE "\",\"quantity_adjusted\":1}]}", .status = 400, .code = 4, .message = "Invalid value passed for date"},
    {"true as an item id", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ_LINE("{\"item_id\":true,\"quantity_adjusted\":1}"), .status = 400, .code = 4,
     .message = "Invalid value passed for item_id"},
    {"a negative item id", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ_LINE("{\"item_id\":-4815000000033024,\"quantity_adjusted\":1}"), .status = 400, .code = 4,
     .message = "Invalid value passed for item_id"},
    {"line_items as a string", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     "{\"date\":\"2025-06-15\",\"reason\":\"x\",\"adjustment_type\":\"quantity\",\"line_items\":\"abc\"}",
     .status = 400, .code = 4, .message = "Invalid value passed for line_items"},
    {"a fractional quantity of a serial-tracked item", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ_LINE("{\"item_id\":\"" LAPTOP13 "\",\"quantity_adjusted\":1.5}"), .status = 400, .code = 4,
     .message = "whole units"},
    {"a quantity past 10^15", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ_LINE("{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":1e308}"), .status = 400, .code = 4,
     .message = "Invalid value passed for quantity_adjusted"},
    {"an item of the other organization", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ_LINE("{\"item_id\":\"" B_ITEM "\",\"quantity_adjusted\":1}"), .status = 400, .code = 4,
     .message = "Invalid value passed for item_id"},
    {"a location of the other organization", "POST", V1 "/inventoryadjustments" QA, JOHN, NULL,
     ADJ_LINE("{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":1,\"location_id\":\"" B_WH "\"}"),
     .status = 400, .code = 4, .message = "Invalid value passed for location_id"},
    {"reading the other organization's adjustment", "GET", V1 "/inventoryadjustments/{B_ADJ}" QA, JANE,
     .status = 404, .code = 1002, .message = "Inventory Adjustment does not exist."},
    {"deleting the other organization's adjustment", "DELETE", V1 "/inventoryadjustments/{B_ADJ}" QA, JANE,
     .status = 404, .code = 1002, .message = "Inventory Adjustment does not exist."},
    {"a negative page", "GET", V1 "/inventoryadjustments" QA "&page=-1", JOHN, .status = 400, .code = 2,
     .message = "Invalid value passed for page"},
    {"a fractional per_page", "GET", V1 "/inventoryadjustments" QA "&per_page=1.5", JOHN, .status = 400,
     .code = 2, .message = "Invalid value passed for per_page"},

    /* ---------------------------------------- stock counts */
    {"a negative counted quantity", "PUT", V1 "/inventorycounts/{A_COUNT}/count" QA, JOHN, NULL,
     COUNT_LINE(SURGE, "-1"), .status = 400, .code = 4, .message = "cannot be negative"},
    {"a fractional count of a serial-tracked item", "PUT", V1 "/inventorycounts/{A_COUNT}/count" QA, JOHN,
     NULL, COUNT_LINE(LAPTOP13, "1.5"), .status = 400, .code = 4, .message = "whole units"},
    {"a counted quantity in words", "PUT", V1 "/inventorycounts/{A_COUNT}/count" QA, JOHN, NULL,
     COUNT_LINE(SURGE, "\"ten\""), .status = 400, .code = 4, .message = "Invalid value passed for counted_quantity"},
    {"true as a counted quantity", "PUT", V1 "/inventorycounts/{A_COUNT}/count" QA, JOHN, NULL,
     COUNT_LINE(SURGE, "true"), .status = 400, .code = 4, .message = "Invalid value passed for counted_quantity"},
    {"a fractional location id", "POST", V1 "/inventorycounts" QA, JOHN, NULL,
     "{\"location_id\":4815000000038.5,\"line_items\":[{\"item_id\":\"" SURGE "\"}]}", .status = 400,
     .code = 4, .message = "Invalid value passed for location_id"},
    {"a count at the other organization's location", "POST", V1 "/inventorycounts" QA, JOHN, NULL,
     "{\"location_id\":\"" B_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\"}]}", .status = 400, .code = 4,
     .message = "Invalid value passed for location_id"},
    {"a count of the other organization's item", "POST", V1 "/inventorycounts" QA, JOHN, NULL,
     "{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" B_ITEM "\"}]}", .status = 400,
     .code = 4, .message = "does not exist"},
    {"an assignee of the other organization", "POST", V1 "/inventorycounts" QA, JOHN, NULL,
     "{\"location_id\":\"" MAIN_WH "\",\"assignee_id\":\"" B_USER "\",\"line_items\":[{\"item_id\":\"" SURGE
     "\"}]}", .status = 400, .code = 4, .message = "not a user of this organization"},
    {"reading the other organization's count", "GET", V1 "/inventorycounts/{B_COUNT}" QA, JANE,
     .status = 404, .code = 1002, .message = "does not exist"},
    {"starting the other organization's count", "POST", V1 "/inventorycounts/{B_COUNT}/start" QA, JANE,
     .status = 404, .code = 1002, .message = "does not exist"},
    {"a negative next number", "PUT", V1 "/settings/inventorycounts" QA, JOHN, NULL,
     "{\"next_number\":\"-1\"}", .status = 400, .code = 4, .message = "Invalid value passed for next_number"},
    {"a fractional next number", "PUT", V1 "/settings/inventorycounts" QA, JOHN, NULL,
     "{\"next_number\":1.5}", .status = 400, .code = 4, .message = "Invalid value passed for next_number"},
    {"a negative page of counts", "GET", V1 "/inventorycounts" QA "&page=-3", JOHN, .status = 400, .code = 2,
     .message = "Invalid value passed for page"},

    /* ---------------------------------------- recurring stock count profiles */
    {"a negative repeat_every", "POST", V1 "/recurringinventorycounts" QA, JOHN, NULL,
     PROFILE(",\"repeat_every\":-1"), .status = 400, .code = 4, .message = "repeat_every must be a whole number"},
    {"a fractional repeat_every", "POST", V1 "/recurringinventorycounts" QA, JOHN, NULL,
     PROFILE(",\"repeat_every\":1.5"), .status = 400, .code = 4, .message = "repeat_every must be a whole number"},
    {"repeat_every in words", "POST", V1 "/recurringinventorycounts" QA, JOHN, NULL,
     PROFILE(",\"repeat_every\":\"two\""), .status = 400, .code = 4,
     .message = "Invalid value passed for repeat_every"},
    {"a fractional number of cycles", "POST", V1 "/recurringinventorycounts" QA, JOHN, NULL,
     PROFILE(",\"no_of_cycles\":2.5"), .status = 400, .code = 4, .message = "no_of_cycles must be a whole number"},
    {"a negative number of cycles", "POST", V1 "/recurringinventorycounts" QA, JOHN, NULL,
     PROFILE(",\"no_of_cycles\":-2"), .status = 400, .code = 4, .message = "no_of_cycles must be a whole number"},
    {"a number as the title", "POST", V1 "/recurringinventorycounts" QA, JOHN, NULL,
     "{\"title\":7,\"location_id\":\"" MAIN_WH "\",\"start_date\":\"2099-07-01\",\"line_items\":[{\"item_id\":\""
     SURGE "\"}]}", .status = 400, .code = 4, .message = "Invalid value passed for title"},
    {"reading the other organization's profile", "GET", V1 "/recurringinventorycounts/{B_PROFILE}" QA, JANE,
     .status = 404, .code = 1002, .message = "does not exist"},
    {"deactivating the other organization's profile", "POST",
     V1 "/recurringinventorycounts/{B_PROFILE}/inactive" QA, JANE, .status = 404, .code = 1002,
     .message = "does not exist"},

    /* ---------------------------------------- catalog */
    {"the other organization's item", "GET", V1 "/items/" B_ITEM QA, JANE, .status = 404, .code = 1002,
     .message = "Item does not exist."},
    {"per_page in words", "GET", V1 "/items" QA "&per_page=abc", JOHN, .status = 400, .code = 2,
     .message = "Invalid value passed for per_page"},
    {"an organization id that is not a number", "GET", V1 "/items?organization_id=abc", JOHN, .status = 400,
     .code = 6041},
    {"path traversal as the organization", "GET", V1 "/items", JOHN,
     .headers = {"X-com-zoho-inventory-organizationid: ../../etc"}, .status = 400, .code = 6041},

    /* ---------------------------------------- the every-endpoint modules: one family a block */
    /* items */
    {"a number as a string for an item's rate", "POST", V1 "/items" QA, JOHN, NULL, "{\"name\":\"Bad rate\",\"rate\":\"12.5\"}",
     .status = 400, .code = 4, .message = "Invalid value passed for rate", .read = R_ITEMS},
    {"a number as an item's name", "POST", V1 "/items" QA, JOHN, NULL, "{\"name\":5}", .status = 400, .code = 4,
     .message = "Invalid value passed for name", .read = R_ITEMS},
    {"a negative opening stock", "POST", V1 "/items" QA, JOHN, NULL,
     "{\"name\":\"Bad stock\",\"locations\":[{\"location_id\":\"" MAIN_WH "\",\"initial_stock\":-3}]}", .status = 400,
     .code = 4, .message = "Invalid value passed for initial_stock", .read = R_ITEMS},
    {"an item of the 19-digit organization", "GET", V1 "/items/" C_ITEM QA, JOHN, .status = 404, .code = 1002,
     .message = "Item does not exist.", .read = V1 "/items/" C_ITEM QC},
    /* contacts */
    {"payment terms in words", "POST", V1 "/contacts" QA, JOHN, NULL,
     "{\"contact_name\":\"Bad terms\",\"payment_terms\":\"fifteen\"}", .status = 400, .code = 4,
     .message = "Invalid value passed for payment_terms", .read = R_CONTACTS},
    {"negative payment terms", "POST", V1 "/contacts" QA, JOHN, NULL, "{\"contact_name\":\"Bad terms\",\"payment_terms\":-15}",
     .status = 400, .code = 4, .message = "Invalid value passed for payment_terms", .read = R_CONTACTS},
    {"fractional payment terms", "POST", V1 "/contacts" QA, JOHN, NULL, "{\"contact_name\":\"Bad terms\",\"payment_terms\":1.5}",
     .status = 400, .code = 4, .message = "Invalid value passed for payment_terms", .read = R_CONTACTS},
    {"a number as a contact's name", "POST", V1 "/contacts" QA, JOHN, NULL, "{\"contact_name\":7}", .status = 400, .code = 4,
     .message = "Invalid value passed for contact_name", .read = R_CONTACTS},
    {"a contact of the 19-digit organization", "GET", V1 "/contacts/{C_CONTACT}" QA, JOHN, .status = 404, .code = 1002,
     .message = "Contact does not exist.", .read = V1 "/contacts/{C_CONTACT}" QC},
    {"invalid UTF-8 in a contacts search", "GET", V1 "/contacts" QA "&search_text=caf%E9", JOHN, .status = 400, .code = 4,
     .message = "Invalid value passed for search_text", .read = R_CONTACTS},
    /* sales orders */
    {"a negative quantity ordered", "POST", V1 "/salesorders" QA, JOHN, NULL, ORDER("", ",\"quantity\":-2"), .status = 400,
     .code = 4, .message = "Invalid value passed for quantity", .read = R_ORDERS},
    {"a quantity ordered as a string", "POST", V1 "/salesorders" QA, JOHN, NULL, ORDER("", ",\"quantity\":\"2\""),
     .status = 400, .code = 4, .message = "Invalid value passed for quantity", .read = R_ORDERS},
    {"1.5 serial-numbered laptops ordered", "POST", V1 "/salesorders" QA, JOHN, NULL,
     "{\"customer_id\":\"" CUSTOMER "\",\"line_items\":[{\"item_id\":\"" LAPTOP13 "\",\"quantity\":1.5}]}", .status = 400,
     .code = 4, .message = "whole units", .read = R_ORDERS},
    {"1.5 serial-numbered laptops invoiced", "POST", V1 "/invoices" QA, JOHN, NULL,
     "{\"customer_id\":\"" CUSTOMER "\",\"line_items\":[{\"item_id\":\"" LAPTOP13 "\",\"quantity\":1.5}]}", .status = 400,
     .code = 4, .message = "whole units", .read = R_INVOICES},
    {"an order of the 19-digit organization's item", "POST", V1 "/salesorders" QA, JOHN, NULL,
     "{\"customer_id\":\"" CUSTOMER "\",\"line_items\":[{\"item_id\":\"" C_ITEM "\",\"quantity\":2}]}", .status = 400,
     .code = 4, .message = "Invalid value passed for item_id", .read = R_ORDERS},
    {"an order from the 19-digit organization's location", "POST", V1 "/salesorders" QA, JOHN, NULL,
     ORDER(",\"location_id\":\"" C_WH "\"", ",\"quantity\":2"), .status = 400, .code = 4,
     .message = "Invalid value passed for location_id", .read = R_ORDERS},
    {"an order for the 19-digit organization's customer", "POST", V1 "/salesorders" QA, JOHN, NULL,
     "{\"customer_id\":\"{C_CONTACT}\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":2}]}", .status = 400,
     .code = 4, .message = "Invalid value passed for customer_id", .read = R_ORDERS},
    {"invalid UTF-8 in an order's reference", "POST", V1 "/salesorders" QA, JOHN, NULL,
     ORDER(",\"reference_number\":\"PO-\xff\"", ",\"quantity\":2"), .status = 400, .code = 4,
     .message = "Invalid value passed for reference_number", .read = R_ORDERS},
    {"invalid UTF-8 in a header of an order's call", "POST", V1 "/salesorders" QA, JOHN, NULL, ORDER("", ",\"quantity\":2"),
     .headers = {"X-Client-Note: caf\xe9"}, .status = 400, .code = 4, .message = "Invalid value passed for X-Client-Note",
     .read = R_ORDERS},
    {"reading the 19-digit organization's order", "GET", V1 "/salesorders/{C_SO}" QA, JOHN, .status = 404, .code = 1002,
     .message = "does not exist", .read = V1 "/salesorders/{C_SO}" QC},
    {"confirming the 19-digit organization's order", "POST", V1 "/salesorders/{C_SO}/status/confirmed" QA, JOHN,
     .status = 404, .code = 1002, .message = "does not exist", .read = V1 "/salesorders/{C_SO}" QC},
    {"the 19-digit organization reading an order of another", "GET", V1 "/salesorders/{A_SO}" QC, MEERA, .status = 404,
     .code = 1002, .message = "does not exist", .read = V1 "/salesorders/{A_SO}" QA},
    /* invoices */
    {"a negative quantity invoiced", "POST", V1 "/invoices" QA, JOHN, NULL,
     "{\"customer_id\":\"" CUSTOMER "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":-1,\"rate\":1}]}",
     .status = 400, .code = 4, .message = "Invalid value passed for quantity", .read = R_INVOICES},
    {"a rate in words", "POST", V1 "/invoices" QA, JOHN, NULL,
     "{\"customer_id\":\"" CUSTOMER "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":1,\"rate\":\"ten\"}]}",
     .status = 400, .code = 4, .message = "Invalid value passed for rate", .read = R_INVOICES},
    /* packages */
    {"a negative quantity packed", "POST", V1 "/packages" QA "&salesorder_id={A_SO}", JOHN, NULL,
     "{\"date\":\"2025-06-16\",\"line_items\":[{\"so_line_item_id\":\"{A_SO_LINE}\",\"quantity\":-1}]}", .status = 400,
     .code = 4, .message = "Invalid value passed for quantity", .read = V1 "/salesorders/{A_SO}" QA},
    {"a quantity packed in words", "POST", V1 "/packages" QA "&salesorder_id={A_SO}", JOHN, NULL,
     "{\"date\":\"2025-06-16\",\"line_items\":[{\"so_line_item_id\":\"{A_SO_LINE}\",\"quantity\":\"two\"}]}",
     .status = 400, .code = 4, .message = "Invalid value passed for quantity", .read = V1 "/salesorders/{A_SO}" QA},
    /* purchase orders */
    {"a negative quantity ordered from a vendor", "POST", V1 "/purchaseorders" QA, JOHN, NULL,
     "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":-3}]}", .status = 400,
     .code = 4, .message = "Invalid value passed for quantity", .read = R_POS},
    {"1.5 serial-numbered laptops ordered from a vendor", "POST", V1 "/purchaseorders" QA, JOHN, NULL,
     "{\"vendor_id\":\"" VENDOR "\",\"line_items\":[{\"item_id\":\"" LAPTOP13 "\",\"quantity\":1.5}]}", .status = 400,
     .code = 4, .message = "whole units", .read = R_POS},
    {"a vendor of the 19-digit organization", "POST", V1 "/purchaseorders" QA, JOHN, NULL,
     "{\"vendor_id\":\"{C_CONTACT}\",\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity\":3}]}", .status = 400,
     .code = 4, .message = "Invalid value passed for vendor_id", .read = R_POS},
    /* bills */
    {"a quantity billed in words", "POST", V1 "/bills" QA, JOHN, NULL, BILL(",\"quantity\":\"three\""), .status = 400,
     .code = 4, .message = "Invalid value passed for quantity", .read = R_BILLS},
    {"a negative quantity billed", "POST", V1 "/bills" QA, JOHN, NULL, BILL(",\"quantity\":-3"), .status = 400, .code = 4,
     .message = "Invalid value passed for quantity", .read = R_BILLS},
    /* transfer orders */
    {"a negative quantity transferred", "POST", V1 "/transferorders" QA, JOHN, NULL, TRANSFER(BLR_WH, SURGE, "-2"),
     .status = 400, .code = 4, .message = "Invalid value passed for quantity_transfer", .read = R_TRANSFERS},
    {"a fractional transfer of a serial-tracked item", "POST", V1 "/transferorders" QA, JOHN, NULL,
     TRANSFER(BLR_WH, LAPTOP13, "1.5"), .status = 400, .code = 4, .message = "whole units", .read = R_TRANSFERS},
    {"a transfer to the 19-digit organization's location", "POST", V1 "/transferorders" QA, JOHN, NULL,
     TRANSFER(C_WH, SURGE, "2"), .status = 400, .code = 4, .message = "Invalid value passed for to_location_id",
     .read = R_TRANSFERS},
    /* batches and serial numbers */
    {"a batch's rate in words", "POST", V1 "/items/batches" QA, JOHN, NULL,
     "{\"item_id\":\"" LAPTOP15 "\",\"batch_number\":\"BAD-1\",\"sales_rate\":\"abc\"}", .status = 400, .code = 4,
     .message = "Invalid value passed for sales_rate", .read = R_BATCHES},
    {"a number as a batch number", "POST", V1 "/items/batches" QA, JOHN, NULL,
     "{\"item_id\":\"" LAPTOP15 "\",\"batch_number\":9}", .status = 400, .code = 4,
     .message = "Invalid value passed for batch_number", .read = R_BATCHES},
    {"a batch of the 19-digit organization's item", "POST", V1 "/items/batches" QA, JOHN, NULL,
     "{\"item_id\":\"" C_ITEM "\",\"batch_number\":\"BAD-2\"}", .status = 400, .code = 4,
     .message = "Invalid value passed for item_id", .read = R_BATCHES},
    {"a fractional page of serial numbers", "GET", V1 "/items/serialnumbers" QA "&item_id=" LAPTOP13 "&per_page=1.5", JOHN,
     .status = 400, .code = 2, .message = "Invalid value passed for per_page"},
    /* locations */
    {"a number as a location's name", "POST", V1 "/locations" QA, JOHN, NULL,
     "{\"location_name\":9,\"tax_settings_id\":\"1\"}", .status = 400, .code = 4,
     .message = "Invalid value passed for location_name", .read = R_LOCATIONS},
    {"yes for a boolean", "POST", V1 "/locations" QA, JOHN, NULL,
     "{\"location_name\":\"Bad\",\"tax_settings_id\":\"1\",\"is_all_users_selected\":\"yes\"}", .status = 400, .code = 4,
     .message = "Invalid value passed for is_all_users_selected", .read = R_LOCATIONS},
    /* taxes */
    {"a tax percentage as a string", "POST", V1 "/settings/taxes" QA, JOHN, NULL,
     "{\"tax_name\":\"Bad\",\"tax_percentage\":\"5\"}", .status = 400, .code = 4,
     .message = "Invalid value passed for tax_percentage", .read = R_TAXES},
    {"a negative tax percentage", "POST", V1 "/settings/taxes" QA, JOHN, NULL, "{\"tax_name\":\"Bad\",\"tax_percentage\":-5}",
     .status = 400, .code = 4, .message = "Invalid value passed for tax_percentage", .read = R_TAXES},
    /* price lists */
    {"a price list's percentage in words", "POST", V1 "/pricebooks" QA, JOHN, NULL, PRICEBOOK(",\"percentage\":\"ten\""),
     .status = 400, .code = 4, .message = "Invalid value passed for percentage", .read = R_PRICEBOOKS},
    {"a fractional number of decimal places", "POST", V1 "/pricebooks" QA, JOHN, NULL,
     PRICEBOOK(",\"percentage\":10,\"decimal_place\":1.5"), .status = 400, .code = 4,
     .message = "Invalid value passed for decimal_place", .read = R_PRICEBOOKS},
    /* tasks */
    {"a fractional completion percentage", "POST", V1 "/tasks" QA, JOHN, NULL,
     "{\"title\":\"Bad\",\"completion_percentage\":1.5}", .status = 400, .code = 4,
     .message = "Invalid value passed for completion_percentage", .read = R_TASKS},
    {"a negative completion percentage", "POST", V1 "/tasks" QA, JOHN, NULL, "{\"title\":\"Bad\",\"completion_percentage\":-10}",
     .status = 400, .code = 4, .message = "Invalid value passed for completion_percentage", .read = R_TASKS},
    {"a number as a task's title", "POST", V1 "/tasks" QA, JOHN, NULL, "{\"title\":3}", .status = 400, .code = 4,
     .message = "Invalid value passed for title", .read = R_TASKS},

    /* ---------------------------------------- admin */
    {"a scenario file outside scenarios/", "POST", "/__admin/scenarios", NULL, NULL,
     "{\"file\":\"../fixtures/default.json\"}", .status = 400, .code = 4, .message = "Invalid value passed for file"},
    {"an absolute scenario file", "POST", "/__admin/scenarios", NULL, NULL, "{\"file\":\"/etc/passwd\"}",
     .status = 400, .code = 4, .message = "Invalid value passed for file"},
    {"a scenario file climbing out of scenarios/", "POST", "/__admin/scenarios", NULL, NULL,
     "{\"file\":\"scenarios/../../etc/passwd\"}", .status = 400, .code = 4,
     .message = "Invalid value passed for file"},
    {"a scenario file with backslashes", "POST", "/__admin/scenarios", NULL, NULL,
     "{\"file\":\"scenarios\\\\..\\\\x.lua\"}", .status = 400, .code = 4, .message = "Invalid value passed for file"},
    {"a number as the scenario file", "POST", "/__admin/scenarios", NULL, NULL, "{\"file\":5}", .status = 400,
     .code = 4, .message = "Invalid value passed for file"},
    {"path traversal as a scenario name", "POST", "/__admin/scenarios?name=../../x", NULL, "text/x-lua",
     "x = 1", .status = 400, .code = 2, .message = "Invalid value passed for name"},
    {"path traversal in the scenario path", "DELETE", "/__admin/scenarios/..%2F..%2Fetc", NULL, .status = 404,
     .code = 5, .message = "Invalid URL Passed"},
    {"path traversal as the organization to reset", "POST", "/__admin/reset?organization_id=../x", NULL,
     .status = 400, .code = 2, .message = "Invalid value passed for organization_id"},
    {"clock seconds in words", "PUT", "/__admin/clock", NULL, NULL,
     "{\"organization_id\":\"" ORG_B "\",\"advance_seconds\":\"abc\"}", .status = 400, .code = 4,
     .message = "Invalid value passed for advance_seconds"},
    {"fractional clock seconds", "PUT", "/__admin/clock", NULL, NULL,
     "{\"organization_id\":\"" ORG_B "\",\"advance_seconds\":1.5}", .status = 400, .code = 4,
     .message = "Invalid value passed for advance_seconds"},
    {"a clock moved backwards", "PUT", "/__admin/clock", NULL, NULL,
     "{\"organization_id\":\"" ORG_B "\",\"advance_seconds\":-5}", .status = 400, .code = 4230,
     .message = "cannot move backwards"},
    {"a number as the clock's instant", "PUT", "/__admin/clock", NULL, NULL,
     "{\"organization_id\":\"" ORG_B "\",\"now\":5}", .status = 400, .code = 4,
     .message = "Invalid value passed for now"},
    {"a fractional journal limit", "GET", "/__admin/requests?limit=1.5", NULL, .status = 400, .code = 2,
     .message = "Invalid value passed for limit"},
    {"a number as the method to count", "POST", "/__admin/requests/count", NULL, NULL, "{\"method\":5}",
     .status = 400, .code = 4, .message = "Invalid value passed for method"},
    {"a background switch in words", "PUT", "/__admin/background", NULL, NULL,
     "{\"organization_id\":\"" ORG_B "\",\"start\":\"abc\"}", .status = 400, .code = 4,
     .message = "Invalid value passed for start"},

    /* ---------------------------------------- oauth */
    {"invalid UTF-8 in a token request", "POST", "/oauth/v2/token?grant_type=%FF", NULL, .status = 400,
     .code = 4, .message = "Invalid value passed for grant_type"},
};

#define ROWS (sizeof rows / sizeof rows[0])

/* --------------------------------------------------------- the fixture */

static char b_adj[32], b_count[32], b_profile[32], a_count[32], a_so[32], a_so_line[32], c_contact[32], c_so[32];

/* POSTs body and copies the created document's id_field into out. */
static void create(const char *path, const char *token, const char *body, const char *key,
                   const char *id_field, char *out)
{
    tresponse r = treq("POST", path, token, body);
    cr_assert(r.status == 201 || r.status == 200, "setting up %s: %s", path, r.body);
    char dotted[128];
    snprintf(dotted, sizeof dotted, "%s.%s", key, id_field);
    const cJSON *id = tjson_get(r.json, dotted);
    if (cJSON_IsString(id)) snprintf(out, 32, "%s", id->valuestring);
    else snprintf(out, 32, "%.0f", id ? id->valuedouble : 0);
    tresponse_free(&r);
}

static void start(void)
{
    tserver_start(NULL);
    create(V1 "/inventoryadjustments" QB, JANE,
           "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
           "\"line_items\":[{\"item_id\":\"" B_ITEM "\",\"quantity_adjusted\":-1}]}",
           "inventory_adjustment", "inventory_adjustment_id", b_adj);
    create(V1 "/inventorycounts" QB, JANE,
           "{\"location_id\":\"" B_WH "\",\"line_items\":[{\"item_id\":\"" B_ITEM "\"}]}", "inventorycount",
           "inventorycount_id", b_count);
    create(V1 "/recurringinventorycounts" QB, JANE,
           "{\"title\":\"B weekly\",\"location_id\":\"" B_WH "\",\"start_date\":\"2025-07-01\","
           "\"recurrence_frequency\":\"weeks\",\"line_items\":[{\"item_id\":\"" B_ITEM "\"}]}",
           "recurringinventorycount", "recurringinventorycount_id", b_profile);
    create(V1 "/inventorycounts" QA, JOHN,
           "{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" SURGE "\"},{\"item_id\":\"" LAPTOP13
           "\"}]}", "inventorycount", "inventorycount_id", a_count);
    char path[128];
    snprintf(path, sizeof path, V1 "/inventorycounts/%s/start" QA, a_count);
    tresponse r = treq("POST", path, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    create(V1 "/salesorders" QA, JOHN, ORDER("", ",\"quantity\":2"), "sales_order", "salesorder_id", a_so);
    snprintf(path, sizeof path, V1 "/salesorders/%s/status/confirmed" QA, a_so);
    r = treq("POST", path, JOHN, NULL);
    expect_ok(&r, 200, NULL);
    tresponse_free(&r);
    snprintf(path, sizeof path, V1 "/salesorders/%s" QA, a_so);
    r = treq("GET", path, JOHN, NULL);
    const char *line = tjson_str(r.json, "salesorder.line_items.0.line_item_id");
    cr_assert_not_null(line, "%s", r.body);
    snprintf(a_so_line, sizeof a_so_line, "%s", line);
    tresponse_free(&r);
    create(V1 "/contacts" QC, MEERA, "{\"contact_name\":\"Wholesale buyer\",\"contact_type\":\"customer\"}", "contact",
           "contact_id", c_contact);
    char body[256];
    snprintf(body, sizeof body, "{\"customer_id\":\"%s\",\"line_items\":[{\"item_id\":\"" C_ITEM "\",\"quantity\":1}]}",
             c_contact);
    create(V1 "/salesorders" QC, MEERA, body, "sales_order", "salesorder_id", c_so);
}

static void stop(void) { tserver_stop(); }

TestSuite(bad_input, .init = start, .fini = stop);

static char *expand(const char *text);

/* Everything a refusal must leave as it was, as one text: both
 * organizations' stock documents, and what the row's read answers (with
 * the token of the organization it names). */
static char *state_of_both_organizations(const char *row_read)
{
    static const char *const reads[] = {
        V1 "/inventoryadjustments?per_page=200&organization_id=", V1 "/inventorycounts?per_page=200&organization_id=",
        V1 "/recurringinventorycounts?per_page=200&organization_id=", V1 "/items?per_page=200&organization_id=",
        V1 "/locations?organization_id=", "/__admin/background?organization_id=",
    };
    static const char *const orgs[] = {ORG_A, ORG_B};
    size_t cap = 1 << 20, len = 0;
    char *all = malloc(cap);
    cr_assert_not_null(all);
    all[0] = '\0';
    char path[256];
    for (size_t o = 0; o < 2; o++) {
        for (size_t i = 0; i < sizeof reads / sizeof reads[0] + 1; i++) {
            if (i < sizeof reads / sizeof reads[0]) snprintf(path, sizeof path, "%s%s", reads[i], orgs[o]);
            else snprintf(path, sizeof path, V1 "/inventorycounts/%s?organization_id=%s", o ? b_count : a_count, orgs[o]);
            tresponse r = treq("GET", path, JANE, NULL);
            cr_assert_eq(r.status, 200, "%s: %s", path, r.body);
            size_t n = strlen(r.body);
            while (len + n + 2 > cap) {
                cap *= 2;
                all = realloc(all, cap);
                cr_assert_not_null(all);
            }
            memcpy(all + len, r.body, n);
            len += n;
            all[len++] = '\n';
            all[len] = '\0';
            tresponse_free(&r);
        }
    }
    char *read = row_read ? expand(row_read) : NULL;
    const char *more[] = {"/__admin/scenarios", "/__admin/clock?organization_id=" ORG_B, read};
    for (size_t i = 0; i < 3 && more[i]; i++) {
        const char *token = i < 2 ? NULL : strstr(more[i], QC) ? MEERA : JANE;
        tresponse r = treq("GET", more[i], token, NULL);
        if (i == 2) cr_assert_eq(r.status, 200, "%s: %s", more[i], r.body);
        size_t n = strlen(r.body);
        all = realloc(all, len + n + 2);
        cr_assert_not_null(all);
        memcpy(all + len, r.body, n + 1);
        len += n;
        tresponse_free(&r);
    }
    free(read);
    return all;
}

/* {B_ADJ} and its kind replaced by this run's ids. */
static char *expand(const char *text)
{
    const struct { const char *name, *value; } vars[] = {
        {"{B_ADJ}", b_adj}, {"{B_COUNT}", b_count}, {"{B_PROFILE}", b_profile}, {"{A_COUNT}", a_count},
        {"{A_SO_LINE}", a_so_line}, {"{A_SO}", a_so}, {"{C_CONTACT}", c_contact}, {"{C_SO}", c_so},
    };
    size_t cap = strlen(text) + 256;
    char *out = malloc(cap);
    cr_assert_not_null(out);
    size_t o = 0;
    for (const char *p = text; *p;) {
        bool replaced = false;
        for (size_t v = 0; v < sizeof vars / sizeof vars[0] && !replaced; v++) {
            size_t n = strlen(vars[v].name);
            if (strncmp(p, vars[v].name, n) == 0) {
                o += (size_t)sprintf(out + o, "%s", vars[v].value);
                p += n;
                replaced = true;
            }
        }
        if (!replaced) out[o++] = *p++;
    }
    out[o] = '\0';
    return out;
}

/* The raw bytes sent; the answer read back as a tresponse. */
static tresponse raw_exchange(const char *bytes, size_t len)
{
    int fd = raw_connect();
    raw_write(fd, bytes, len);
    raw_result *res = malloc(sizeof *res);
    cr_assert_not_null(res);
    raw_read(fd, 5000, res);
    close(fd);
    tresponse r;
    memset(&r, 0, sizeof r);
    if (strncmp(res->data, "HTTP/1.1 ", 9) == 0) r.status = strtol(res->data + 9, NULL, 10);
    r.body = strdup(raw_body(res));
    r.len = strlen(r.body);
    const char *end = strstr(res->data, "\r\n\r\n");
    r.headers = strndup(res->data, end ? (size_t)(end - res->data) : res->len);
    r.json = cJSON_Parse(r.body);
    free(res);
    return r;
}

static tresponse send_row(const bad_input *c)
{
    if (c->raw) return raw_exchange(c->raw, c->raw_len ? c->raw_len : strlen(c->raw));
    char *path = expand(c->path), *body = c->body ? expand(c->body) : NULL;
    const char *ct = c->content_type ? c->content_type : body ? "application/json" : NULL;
    tresponse r = treq_headers(c->method, path, c->token, ct, body, c->headers[0] ? c->headers : NULL);
    free(path);
    free(body);
    return r;
}

static size_t row_index[ROWS];

ParameterizedTestParameters(bad_input, is_refused_clearly_and_changes_nothing)
{
    for (size_t i = 0; i < ROWS; i++) row_index[i] = i;
    return cr_make_param_array(size_t, row_index, ROWS);
}

ParameterizedTest(size_t *i, bad_input, is_refused_clearly_and_changes_nothing)
{
    const bad_input *c = &rows[*i];
    cr_log_info("row %zu: %s", *i, c->what);
    char *before = state_of_both_organizations(c->read);
    tresponse r = send_row(c);
    cr_assert_eq(r.status, c->status, "%s: status %ld, expected %ld: %s", c->what, r.status, c->status, r.body);
    cr_assert_not_null(r.json, "%s: not JSON: %s", c->what, r.body);
    cr_assert_eq(tjson_num(r.json, "code"), c->code, "%s: %s", c->what, r.body);
    const char *m = tjson_str(r.json, "message");
    cr_assert(m && (!c->message || strstr(m, c->message)), "%s: message lacks \"%s\": %s", c->what,
              c->message ? c->message : "", r.body);
    cr_assert(utf8_valid(r.body, strlen(r.body)), "%s: the answer is not UTF-8", c->what);
    tresponse_free(&r);

    char *after = state_of_both_organizations(c->read);
    cr_assert_str_eq(after, before, "%s changed the state", c->what);
    free(before);
    free(after);

    /* The journal shows the refused request as valid UTF-8 JSON. */
    r = treq("GET", "/__admin/requests?limit=3", NULL, NULL);
    cr_assert_eq(r.status, 200);
    cr_assert_not_null(r.json, "%s: the journal is not JSON: %s", c->what, r.body);
    cr_assert(utf8_valid(r.body, strlen(r.body)), "%s: the journal is not UTF-8", c->what);
    tresponse_free(&r);
}

Test(bad_input, the_table_covers_every_module)
{
    static const char *const modules[] = {
        "/inventoryadjustments", "/inventorycounts", "/recurringinventorycounts", "/items", "/contacts", "/salesorders",
        "/invoices", "/packages", "/purchaseorders", "/bills", "/transferorders", "/items/batches",
        "/items/serialnumbers", "/locations", "/settings/taxes", "/pricebooks", "/tasks", "/__admin/", "/oauth/",
    };
    for (size_t m = 0; m < sizeof modules / sizeof modules[0]; m++) {
        size_t n = 0;
        for (size_t i = 0; i < ROWS; i++)
            if ((rows[i].path && strstr(rows[i].path, modules[m])) || (rows[i].raw && strstr(rows[i].raw, modules[m]))) n++;
        cr_expect_gt(n, 0, "no row for %s", modules[m]);
    }
}

/* test_pdf.c -- util/pdf.c: the PDF it writes is well formed and reads back as the text it was given */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "pdf_check.h"
#include "util/pdf.h"

Test(pdf, one_page_of_lines_reads_back)
{
    zm_pdf *p = pdf_new("Invoice INV-000001");
    pdf_line(p, 1, "Invoice %s", "INV-000001");
    pdf_line(p, 0, "Customer: %s", "Acme Ltd");
    pdf_gap(p);
    pdf_line(p, 0, "Total %.2f", 1234.5);
    size_t len;
    char *pdf = pdf_finish(p, &len);
    cr_assert_eq(strlen(pdf), len, "the file holds a NUL");
    cr_assert_not_null(strstr(pdf, "/Title (Invoice INV-000001)"));
    expect_pdf(pdf, len, "Invoice INV-000001", "Customer: Acme Ltd", "Total 1234.50", NULL);
    free(pdf);
}

Test(pdf, parentheses_backslashes_and_latin1_survive)
{
    zm_pdf *p = pdf_new("odd (title) \\ here");
    pdf_line(p, 0, "Note (draft) C:\\path");
    pdf_line(p, 0, "Caf\xc3\xa9 M\xc3\xbcller \xe2\x82\xac 5");     /* é, ü, € (not Latin-1) */
    size_t len;
    char *pdf = pdf_finish(p, &len);
    for (size_t i = 0; i < len; i++) cr_assert((unsigned char)pdf[i] < 0x80, "byte %zu is not 7-bit", i);
    expect_pdf(pdf, len, "Note (draft) C:\\path", "Caf\xc3\xa9 M\xc3\xbcller ? 5", NULL);
    free(pdf);
}

Test(pdf, long_documents_break_into_pages)
{
    zm_pdf *p = pdf_new("Many lines");
    for (int i = 1; i <= 130; i++) pdf_line(p, 0, "Line number %03d", i);
    pdf_page(p);
    pdf_line(p, 1, "Second document");
    size_t len;
    char *pdf = pdf_finish(p, &len);
    /* 130 lines at 53 a page make 3 pages, then the one asked for. */
    cr_assert_not_null(strstr(pdf, "/Count 4"), "%.400s", pdf);
    expect_pdf(pdf, len, "Line number 001", "Line number 130", "Second document", NULL);
    free(pdf);
}

Test(pdf, an_empty_document_is_one_blank_page)
{
    size_t len;
    char *pdf = pdf_finish(pdf_new(""), &len);
    cr_assert_not_null(strstr(pdf, "/Count 1"));
    expect_pdf(pdf, len, NULL);
    free(pdf);
}

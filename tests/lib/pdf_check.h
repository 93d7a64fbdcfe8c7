/* pdf_check.h -- test helper: is this a PDF a reader opens, and does it say what it should */
#ifndef ZM_TEST_PDF_CHECK_H
#define ZM_TEST_PDF_CHECK_H

#include <stddef.h>

/* Fails the current test unless data[0..len) is a well-formed PDF: the
 * header, an xref table whose every in-use entry points at its "N 0 obj",
 * trailer /Size matching the table, startxref pointing at the table,
 * %%EOF; and unless the text poppler's pdftotext reads from it contains
 * each of the strings given (NULL-terminated list). */
void expect_pdf(const char *data, size_t len, ...);

#endif

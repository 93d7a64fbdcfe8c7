/* pdf.h -- a minimal valid PDF of text lines: what a printed Zoho document is to a client that opens it */
#ifndef ZM_PDF_H
#define ZM_PDF_H

#include <stddef.h>

/* A PDF 1.4 file of A4 pages in Helvetica: each line of text below the
 * last, a new page when one is full or when asked. The output is plain
 * 7-bit text (no NUL: it travels as a C string), with an exact
 * cross-reference table, so any reader (pdftotext, a browser) opens it.
 * Latin-1 characters of UTF-8 text print as themselves (WinAnsiEncoding),
 * anything else as '?'. */
typedef struct zm_pdf zm_pdf;

/* A document whose Info /Title is title (shown by viewers). */
zm_pdf *pdf_new(const char *title);
/* Starts a new page (the first line of a document starts one itself). */
void pdf_page(zm_pdf *p);
/* One line of text in the body font; bold=1 prints it larger and bold
 * (headings). Long lines are cut at what fits the page. */
void pdf_line(zm_pdf *p, int bold, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An empty line. */
void pdf_gap(zm_pdf *p);
/* The file, NUL-terminated, from xmalloc (free() it); *len its length.
 * Frees p. */
char *pdf_finish(zm_pdf *p, size_t *len);

#endif

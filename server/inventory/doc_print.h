/* doc_print.h -- records printed: the PDF (or HTML) of documents that Zoho's print endpoints and accept=pdf answer */
#ifndef ZM_DOC_PRINT_H
#define ZM_DOC_PRINT_H

#include <stddef.h>

#include "inventory/module.h"

/* What the call asks for, from the parameters its operation declares:
 * accept=pdf (DOC_PDF), accept=html (DOC_HTML), print=true (DOC_PDF),
 * else DOC_JSON; DOC_REFUSED after replying 400 code 2 (an accept value
 * the document does not list, a print that is not a boolean). */
typedef enum doc_format { DOC_REFUSED = -1, DOC_JSON = 0, DOC_PDF, DOC_HTML } doc_format;
doc_format doc_print_wanted(zm_ctx *x);

/* Answers the documents, one after the other (a page each, at least), as
 * a PDF or an HTML page: each titled with its module's label and number
 * ("Invoice INV-000001"), then its party, dates, status, lines and
 * totals. */
void doc_print_answer(zm_ctx *x, const zm_doc *const *docs, size_t n, doc_format format);

/* GET /invoices/pdf?invoice_ids=a,b (print, packages/print...): the
 * records of x->mod named by the query parameter, all of which must
 * exist, printed as one PDF. */
void doc_print_ids(zm_ctx *x, const char *param);

#endif

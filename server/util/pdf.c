/* pdf.c -- a minimal valid PDF of text lines: what a printed Zoho document is to a client that opens it */
#include "util/pdf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/text.h"
#include "util/vec.h"

/* How it works. Each page's content stream is text drawn line by line
 * from the top margin down; pdf_finish writes the objects in order
 * (catalog, page tree, two fonts, info, then each page and its content),
 * remembering each one's byte offset for the cross-reference table. */

#define PAGE_WIDTH 595          /* A4 in points */
#define PAGE_HEIGHT 842
#define MARGIN_LEFT 50
#define TOP 792
#define BOTTOM 50
#define BODY_SIZE 10
#define BODY_LEADING 14
#define HEAD_SIZE 14
#define HEAD_LEADING 22
#define MAX_CHARS 92            /* what fits the width in the body font */

struct zm_pdf {
    char *title;
    VEC(zm_text) pages;         /* content streams */
    int y;                      /* baseline of the next line on the last page */
};

zm_pdf *pdf_new(const char *title)
{
    zm_pdf *p = xcalloc(1, sizeof *p);
    p->title = xstrdup(title);
    return p;
}

void pdf_page(zm_pdf *p)
{
    zm_text empty = {0};
    text_add(&empty, "", 0);
    VEC_PUSH(p->pages, empty);
    p->y = TOP;
}

/* The next code point of UTF-8 text (advancing *s); invalid bytes are
 * taken one by one as 0xFFFD. */
static unsigned next_code_point(const unsigned char **s)
{
    const unsigned char *c = *s;
    unsigned cp;
    int extra;
    if (c[0] < 0x80) { cp = c[0]; extra = 0; }
    else if ((c[0] & 0xE0) == 0xC0) { cp = c[0] & 0x1F; extra = 1; }
    else if ((c[0] & 0xF0) == 0xE0) { cp = c[0] & 0x0F; extra = 2; }
    else if ((c[0] & 0xF8) == 0xF0) { cp = c[0] & 0x07; extra = 3; }
    else { *s = c + 1; return 0xFFFD; }
    for (int i = 1; i <= extra; i++) {
        if ((c[i] & 0xC0) != 0x80) { *s = c + 1; return 0xFFFD; }
        cp = (cp << 6) | (c[i] & 0x3F);
    }
    *s = c + 1 + extra;
    return cp;
}

/* text as a PDF string literal's inside: \ ( ) escaped, Latin-1 as
 * octal escapes (WinAnsiEncoding), control characters and the rest '?'. */
static void add_escaped(zm_text *b, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    int chars = 0;
    while (*s && chars < MAX_CHARS) {
        unsigned cp = next_code_point(&s);
        char out[8];
        if (cp == '\\' || cp == '(' || cp == ')') snprintf(out, sizeof out, "\\%c", (char)cp);
        else if (cp >= 0x20 && cp < 0x7F) snprintf(out, sizeof out, "%c", (char)cp);
        else if (cp >= 0xA0 && cp <= 0xFF) snprintf(out, sizeof out, "\\%03o", cp);
        else snprintf(out, sizeof out, "?");
        text_add(b, out, strlen(out));
        chars++;
    }
}

static void add_line(zm_pdf *p, int bold, const char *text)
{
    int leading = bold ? HEAD_LEADING : BODY_LEADING;
    if (!p->pages.n || p->y - leading < BOTTOM) pdf_page(p);
    zm_text *b = &p->pages.v[p->pages.n - 1];
    text_addf(b, "BT /%s %d Tf %d %d Td (", bold ? "F2" : "F1", bold ? HEAD_SIZE : BODY_SIZE,
              MARGIN_LEFT, p->y);
    add_escaped(b, text);
    text_add(b, ") Tj ET\n", 8);
    p->y -= leading;
}

void pdf_line(zm_pdf *p, int bold, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    add_line(p, bold, s);
    free(s);
}

void pdf_gap(zm_pdf *p)
{
    if (!p->pages.n) pdf_page(p);
    p->y -= BODY_LEADING;
}

char *pdf_finish(zm_pdf *p, size_t *len)
{
    if (!p->pages.n) pdf_page(p);
    size_t pages = p->pages.n;
    /* Objects: 1 catalog, 2 page tree, 3 and 4 fonts, 5 info, then page
     * k (0-based) is 6 + 2k and its content 7 + 2k. */
    size_t count = 5 + 2 * pages;
    size_t *offset = xcalloc(count + 1, sizeof *offset);
    zm_text out = {0};
    text_add(&out, "%PDF-1.4\n", 9);

    offset[1] = out.len;
    text_addf(&out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    offset[2] = out.len;
    text_addf(&out, "2 0 obj\n<< /Type /Pages /Count %zu /Kids [", pages);
    for (size_t k = 0; k < pages; k++) text_addf(&out, "%s%zu 0 R", k ? " " : "", 6 + 2 * k);
    text_addf(&out, "] >>\nendobj\n");
    offset[3] = out.len;
    text_addf(&out, "3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                    "/Encoding /WinAnsiEncoding >>\nendobj\n");
    offset[4] = out.len;
    text_addf(&out, "4 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
                    "/Encoding /WinAnsiEncoding >>\nendobj\n");
    offset[5] = out.len;
    text_addf(&out, "5 0 obj\n<< /Title (");
    add_escaped(&out, p->title);
    text_addf(&out, ") /Producer (zoho-mock) >>\nendobj\n");
    for (size_t k = 0; k < pages; k++) {
        size_t page_obj = 6 + 2 * k, content_obj = page_obj + 1;
        offset[page_obj] = out.len;
        text_addf(&out,
                  "%zu 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                  "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %zu 0 R >>\nendobj\n",
                  page_obj, PAGE_WIDTH, PAGE_HEIGHT, content_obj);
        offset[content_obj] = out.len;
        const zm_text *c = &p->pages.v[k];
        text_addf(&out, "%zu 0 obj\n<< /Length %zu >>\nstream\n", content_obj, c->len);
        text_add(&out, c->s, c->len);
        text_addf(&out, "\nendstream\nendobj\n");
    }
    size_t xref = out.len;
    text_addf(&out, "xref\n0 %zu\n0000000000 65535 f \n", count + 1);
    for (size_t i = 1; i <= count; i++) text_addf(&out, "%010zu 00000 n \n", offset[i]);
    text_addf(&out, "trailer\n<< /Size %zu /Root 1 0 R /Info 5 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
              count + 1, xref);

    for (size_t k = 0; k < pages; k++) free(p->pages.v[k].s);
    VEC_FREE(p->pages);
    free(p->title);
    free(p);
    free(offset);
    *len = out.len;
    return out.s;
}

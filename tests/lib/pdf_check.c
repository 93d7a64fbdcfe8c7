/* pdf_check.c -- test helper: is this a PDF a reader opens, and does it say what it should */
#include "pdf_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "tmpdir.h"

static const char *find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(hay + i, needle, n)) return hay + i;
    return NULL;
}

static const char *find_last(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
        if (!memcmp(hay + i, needle, n)) return hay + i;
    return NULL;
}

static void check_structure(const char *data, size_t len)
{
    cr_assert(len > 64 && !memcmp(data, "%PDF-1.", 7), "no PDF header");
    const char *sx = find_last(data, len, "startxref");
    cr_assert_not_null(sx, "no startxref");
    long xref = strtol(sx + 9, NULL, 10);
    cr_assert(xref > 0 && (size_t)xref < len, "startxref %ld outside the file", xref);
    cr_assert(!memcmp(data + xref, "xref\n", 5), "startxref does not point at the xref table");
    cr_assert_not_null(find_last(data, len, "%%EOF"), "no %%%%EOF");
    int first = -1, count = -1;
    cr_assert_eq(sscanf(data + xref + 5, "%d %d", &first, &count), 2, "xref subsection header");
    cr_assert_eq(first, 0);
    const char *entry = strchr(data + xref + 5, '\n') + 1;
    for (int i = 0; i < count; i++, entry += 20) {
        cr_assert((size_t)(entry - data) + 20 <= len, "xref runs past the file");
        cr_assert(entry[18] == '\r' || entry[18] == ' ', "xref entry %d is not 20 bytes", i);
        cr_assert_eq(entry[19], '\n', "xref entry %d is not 20 bytes", i);
        if (i == 0) {
            cr_assert_eq(entry[17], 'f', "object 0 must be free");
            continue;
        }
        cr_assert_eq(entry[17], 'n', "object %d not in use", i);
        long off = strtol(entry, NULL, 10);
        char want[32];
        int w = snprintf(want, sizeof want, "%d 0 obj", i);
        cr_assert((size_t)off + (size_t)w <= len && !memcmp(data + off, want, (size_t)w),
                  "xref entry %d (offset %ld) does not point at \"%s\"", i, off, want);
    }
    const char *trailer = find(entry, len - (size_t)(entry - data), "trailer");
    cr_assert_not_null(trailer, "no trailer after the xref table");
    const char *size = strstr(trailer, "/Size ");
    cr_assert(size && atoi(size + 6) == count, "trailer /Size differs from the xref table");
    cr_assert_not_null(strstr(trailer, "/Root 1 0 R"), "no /Root");
}

static char *pdf_text(const char *data, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/zm-test-%d.pdf", ttmpdir(), (int)getpid());
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "pdftotext -q '%s' - 2>&1", path);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "cannot run pdftotext");
    size_t cap = 1 << 16, n = 0;
    char *text = malloc(cap);
    size_t got;
    while ((got = fread(text + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 >= cap) text = realloc(text, cap *= 2);
    }
    text[n] = '\0';
    int rc = pclose(p);
    unlink(path);
    cr_assert_eq(rc, 0, "pdftotext failed (is poppler-utils installed? make deps): %s", text);
    return text;
}

void expect_pdf(const char *data, size_t len, ...)
{
    check_structure(data, len);
    char *text = pdf_text(data, len);
    va_list ap;
    va_start(ap, len);
    for (const char *want = va_arg(ap, const char *); want; want = va_arg(ap, const char *))
        cr_assert_not_null(strstr(text, want), "the PDF's text lacks \"%s\":\n%s", want, text);
    va_end(ap);
    free(text);
}

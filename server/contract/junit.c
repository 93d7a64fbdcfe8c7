/* junit.c -- verify's results: one suite per contract file, one case per interaction, as JUnit XML */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract/contract.h"

void report_suite(contract_report *r, const char *name)
{
    contract_suite s;
    memset(&s, 0, sizeof s);
    s.name = xstrdup(name);
    VEC_PUSH(r->suites, s);
}

void report_case(contract_report *r, const char *name, const char *failure, double seconds)
{
    if (!r->suites.n) report_suite(r, "contracts");
    contract_suite *s = &r->suites.v[r->suites.n - 1];
    contract_case c = {xstrdup(name), failure ? xstrdup(failure) : NULL, seconds};
    VEC_PUSH(s->cases, c);
    if (failure) r->failed++;
    else r->passed++;
}

void report_free(contract_report *r)
{
    for (size_t i = 0; i < r->suites.n; i++) {
        contract_suite *s = &r->suites.v[i];
        for (size_t k = 0; k < s->cases.n; k++) {
            free(s->cases.v[k].name);
            free(s->cases.v[k].failure);
        }
        VEC_FREE(s->cases);
        free(s->name);
    }
    VEC_FREE(r->suites);
    r->passed = r->failed = 0;
}

/* Text as XML character data or attribute value; control characters
 * other than tab and newline cannot appear in XML 1.0 and are dropped. */
static void xml_text(FILE *f, const char *s, size_t max)
{
    for (size_t i = 0; s[i] && i < max; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default:
            if (c >= 0x20 || c == '\t' || c == '\n') fputc(c, f);
        }
    }
}

static size_t suite_failures(const contract_suite *s)
{
    size_t n = 0;
    for (size_t k = 0; k < s->cases.n; k++) n += s->cases.v[k].failure != NULL;
    return n;
}

int contract_junit_write(const contract_report *r, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f, "<testsuites name=\"zoho-mock verify\" tests=\"%d\" failures=\"%d\">\n",
            r->passed + r->failed, r->failed);
    for (size_t i = 0; i < r->suites.n; i++) {
        const contract_suite *s = &r->suites.v[i];
        double total = 0;
        for (size_t k = 0; k < s->cases.n; k++) total += s->cases.v[k].seconds;
        fputs("  <testsuite name=\"", f);
        xml_text(f, s->name, SIZE_MAX);
        fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" time=\"%.3f\">\n", s->cases.n,
                suite_failures(s), total);
        for (size_t k = 0; k < s->cases.n; k++) {
            const contract_case *c = &s->cases.v[k];
            fputs("    <testcase classname=\"", f);
            xml_text(f, s->name, SIZE_MAX);
            fputs("\" name=\"", f);
            xml_text(f, c->name, SIZE_MAX);
            fprintf(f, "\" time=\"%.3f\"", c->seconds);
            if (!c->failure) {
                fputs("/>\n", f);
                continue;
            }
            fputs(">\n      <failure message=\"", f);
            xml_text(f, c->failure, strcspn(c->failure, "\n"));
            fputs("\">", f);
            xml_text(f, c->failure, SIZE_MAX);
            fputs("</failure>\n    </testcase>\n", f);
        }
        fputs("  </testsuite>\n", f);
    }
    fputs("</testsuites>\n", f);
    if (ferror(f) | (fclose(f) != 0)) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

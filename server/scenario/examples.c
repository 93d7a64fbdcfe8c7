/* examples.c -- the example scenarios compiled into the binary: finding one by its name, listing them */
#include <stdio.h>
#include <string.h>

#include "scenario/scenario.h"
#include "util/embedded.h"

#define EXAMPLE_DIR "scenarios/"
#define EXAMPLE_DIR_LEN (sizeof EXAMPLE_DIR - 1)

static bool is_example(const zm_embedded_file *f)
{
    size_t n = strlen(f->name);
    return strncmp(f->name, EXAMPLE_DIR, EXAMPLE_DIR_LEN) == 0 && n > 4 && strcmp(f->name + n - 4, ".lua") == 0;
}

const zm_embedded_file *scenario_example(const char *name)
{
    if (!name) return NULL;
    if (strncmp(name, EXAMPLE_DIR, EXAMPLE_DIR_LEN) == 0) name += EXAMPLE_DIR_LEN;
    if (!*name || strchr(name, '/')) return NULL;
    for (const zm_embedded_file *f = zm_embedded_files; f->name; f++)
        if (is_example(f) && strcmp(f->name + EXAMPLE_DIR_LEN, name) == 0) return f;
    return NULL;
}

/* The first line of the script, without the comment dashes and the
 * leading "<name> --": "-- rate_limit.lua -- Zoho's API limits: ..." ->
 * "Zoho's API limits: ...". */
static void summary(const zm_embedded_file *f, char *out, size_t size)
{
    const char *s = (const char *)f->data, *base = f->name + EXAMPLE_DIR_LEN;
    while (*s == '-') s++;
    while (*s == ' ') s++;
    size_t n = strlen(base);
    if (strncmp(s, base, n) == 0 && strncmp(s + n, " -- ", 4) == 0) s += n + 4;
    size_t len = strcspn(s, "\r\n");
    snprintf(out, size, "%.*s", (int)len, s);
}

void scenario_examples_print(FILE *out)
{
    int width = 0;
    for (const zm_embedded_file *f = zm_embedded_files; f->name; f++)
        if (is_example(f) && (int)strlen(f->name + EXAMPLE_DIR_LEN) > width) width = (int)strlen(f->name + EXAMPLE_DIR_LEN);
    for (const zm_embedded_file *f = zm_embedded_files; f->name; f++) {
        if (!is_example(f)) continue;
        char line[512];
        summary(f, line, sizeof line);
        fprintf(out, "%-*s  %s\n", width, f->name + EXAMPLE_DIR_LEN, line);
    }
}

/* embedded.c -- files compiled into the binary (tools/embed.sh): Zoho's facts, the default fixture, the example scenarios */
#include "util/embedded.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

const zm_embedded_file *embedded_find(const char *name)
{
    for (const zm_embedded_file *f = zm_embedded_files; name && f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

const zm_embedded_file *embedded_fallback(const char *name, const char *dir)
{
    if (!name || !*name || !dir || access(name, F_OK) == 0) return NULL;
    size_t n = strlen(dir);
    if (strncmp(name, dir, n) == 0 && name[n] == '/') return embedded_find(name);
    if (strchr(name, '/')) return NULL;
    char path[512];
    int len = snprintf(path, sizeof path, "%s/%s", dir, name);
    return len > 0 && (size_t)len < sizeof path ? embedded_find(path) : NULL;
}

/* embedded.c -- files compiled into the binary (tools/embed.sh): Zoho's facts, the default fixture, the example scenarios */
#include "util/embedded.h"

#include <string.h>

const zm_embedded_file *embedded_find(const char *name)
{
    for (const zm_embedded_file *f = zm_embedded_files; name && f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

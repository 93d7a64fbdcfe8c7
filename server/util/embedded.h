/* embedded.h -- files compiled into the binary (tools/embed.sh): Zoho's facts, the default fixture, the example scenarios */
#ifndef ZM_EMBEDDED_H
#define ZM_EMBEDDED_H

#include <stddef.h>

typedef struct zm_embedded_file {
    const char *name;               /* its path in the checkout: "spec/zoho/items.json" */
    const unsigned char *data;      /* the bytes, followed by a NUL */
    size_t len;
} zm_embedded_file;

/* Every embedded file, ending with a NULL name (generated). */
extern const zm_embedded_file zm_embedded_files[];

/* The file of that name; NULL when none. */
const zm_embedded_file *embedded_find(const char *name);

/* The embedded file of folder dir that a name given by a user stands for
 * when no file of that name exists on disk: "scenarios/rate_limit.lua", or
 * the bare "rate_limit.lua" (dir "scenarios"). NULL when the file exists on
 * disk (the disk wins) or nothing embedded in dir matches. */
const zm_embedded_file *embedded_fallback(const char *name, const char *dir);

#endif

/* tmpdir.c -- test helper: where a suite may write its temporary files */
#include <stdlib.h>

#include "tmpdir.h"

const char *ttmpdir(void)
{
    const char *d = getenv("TMPDIR");
    return d && *d ? d : "/tmp";
}

/* faults.c -- the faults a scenario may ask for, by name (http/http.c applies them to the connection) */
#include <string.h>

#include "scenario/scenario.h"

static const char *const fault_names[] = {
    [FAULT_NONE] = "none", [FAULT_RESET] = "reset", [FAULT_EMPTY] = "empty",
    [FAULT_MALFORMED] = "malformed", [FAULT_TRUNCATE] = "truncate", [FAULT_HANG] = "hang",
};

int scenario_fault_parse(const char *name)
{
    for (int f = FAULT_RESET; f <= FAULT_HANG; f++)
        if (strcmp(name, fault_names[f]) == 0) return f;
    return -1;
}

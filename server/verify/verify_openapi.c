/* verify_openapi.c -- `zoho-mock verify --openapi SPEC PATH...`: the drift report, by the Python tool compiled into the binary */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/embedded.h"
#include "verify/verify.h"

/* Validating recorded answers against JSON Schemas is python3-jsonschema's
 * job (Debian has no JSON Schema validator for C); the tool is compiled in
 * and run with the system's python3 (-I: isolated from PYTHONPATH, the user's
 * site-packages and the working folder). */
#define DRIFT_TOOL "server/verify/openapi_drift.py"

int verify_openapi_run(const char *spec, const char *const *paths, int npaths)
{
    const zm_embedded_file *tool = embedded_find(DRIFT_TOOL);
    if (!tool) {
        fprintf(stderr, "zoho-mock: %s is not compiled in\n", DRIFT_TOOL);
        return 2;
    }
    char **argv = xcalloc((size_t)npaths + 6, sizeof *argv);
    int n = 0;
    argv[n++] = "python3";
    argv[n++] = "-I";
    argv[n++] = "-c";
    argv[n++] = (char *)tool->data;
    argv[n++] = (char *)spec;
    for (int i = 0; i < npaths; i++) argv[n++] = (char *)paths[i];
    fflush(stdout);
    fflush(stderr);
    pid_t pid;
    int rc = posix_spawnp(&pid, "python3", NULL, NULL, argv, environ);
    free(argv);
    if (rc != 0) {
        fprintf(stderr, "zoho-mock: verify --openapi runs python3, which cannot start: %s "
                        "(Debian: apt-get install python3 python3-jsonschema python3-yaml)\n", strerror(rc));
        return 2;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

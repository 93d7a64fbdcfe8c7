/* contracts.c -- POST /__admin/verify: `zoho-mock verify` on a contract file or folder, in a child process */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "admin/admin.h"
#include "http/handlers.h"
#include "util/file.h"
#include "zoho/fields.h"

#define VERIFY_TIMEOUT_MS (600 * 1000)      /* a run that takes longer is killed */
#define VERIFY_OUTPUT_MAX (1024 * 1024)     /* the report text kept, at most */

/* The program run as `PROGRAM verify`: this very binary, unless the
 * server was started from a test process (http/server.c sets it). */
static const char *verify_program = "/proc/self/exe";

void admin_set_verify_program(const char *path)
{
    verify_program = path && *path ? path : "/proc/self/exe";
}

/* ------------------------------------------------------------ the child */

typedef struct verify_result {
    int exit_code;          /* -1: killed or not started */
    char *output;           /* its stdout and stderr */
    size_t len;
    bool timed_out;
} verify_result;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

/* Reads the child's output until it closes it or the deadline passes. */
static void collect_output(int fd, verify_result *r)
{
    size_t cap = 4096;
    r->output = xmalloc(cap);
    double deadline = now_ms() + VERIFY_TIMEOUT_MS;
    for (;;) {
        double left = deadline - now_ms();
        if (left <= 0) {
            r->timed_out = true;
            break;
        }
        struct pollfd p = {fd, POLLIN, 0};
        int ready = poll(&p, 1, (int)(left < 1000 ? left + 1 : 1000));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) continue;
        char buf[8192];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        size_t keep = r->len + (size_t)n > VERIFY_OUTPUT_MAX ? VERIFY_OUTPUT_MAX - r->len : (size_t)n;
        if (r->len + keep + 1 > cap) {
            while (r->len + keep + 1 > cap) cap *= 2;
            r->output = xrealloc(r->output, cap);
        }
        memcpy(r->output + r->len, buf, keep);
        r->len += keep;
    }
    r->output[r->len] = '\0';
}

/* `PROGRAM verify --junit JUNIT PATH`, its output collected. */
static int run_verify(const char *path, const char *junit, verify_result *r, char *err, size_t errlen)
{
    int fds[2];
    memset(r, 0, sizeof *r);
    r->exit_code = -1;
    if (pipe2(fds, O_CLOEXEC) != 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    char *argv[] = {"zoho-mock", "verify", "--junit", (char *)junit, (char *)path, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, verify_program, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        snprintf(err, errlen, "cannot run %s: %s", verify_program, strerror(rc));
        return -1;
    }
    collect_output(fds[0], r);
    close(fds[0]);
    if (r->timed_out) kill(pid, SIGKILL);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return 0;
}

/* ------------------------------------------------- reading its JUnit XML */

/* XML character data back to text (the five entities junit.c writes). */
static char *xml_unescape(const char *s, size_t n)
{
    static const struct { const char *entity; char c; } entities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''},
    };
    char *out = xmalloc(n + 1), *o = out;
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        if (s[i] == '&')
            for (; k < sizeof entities / sizeof entities[0]; k++)
                if (strncmp(s + i, entities[k].entity, strlen(entities[k].entity)) == 0) break;
        if (s[i] == '&' && k < sizeof entities / sizeof entities[0]) {
            *o++ = entities[k].c;
            i += strlen(entities[k].entity);
        } else {
            *o++ = s[i++];
        }
    }
    *o = '\0';
    return out;
}

/* The attribute of the tag that runs from tag to tag_end; NULL when absent. */
static char *xml_attr(const char *tag, const char *tag_end, const char *name)
{
    char key[32];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *at = strstr(tag, key);
    if (!at || at > tag_end) return NULL;
    at += strlen(key);
    const char *close = strchr(at, '"');
    return close && close <= tag_end ? xml_unescape(at, (size_t)(close - at)) : NULL;
}

/* One <testcase>: {"name","passed","failure","seconds"}; *next past it. */
static cJSON *testcase_json(const char *tag, const char *limit, const char **next)
{
    const char *tag_end = strchr(tag, '>');
    if (!tag_end || tag_end > limit) return NULL;
    cJSON *c = cJSON_CreateObject();
    char *name = xml_attr(tag, tag_end, "name"), *time = xml_attr(tag, tag_end, "time");
    json_add_str(c, "name", name ? name : "");
    json_add_num(c, "seconds", time ? atof(time) : 0);
    free(name);
    free(time);
    *next = tag_end + 1;
    const char *failure = tag_end[-1] == '/' ? NULL : strstr(tag_end, "<failure");
    const char *case_end = strstr(tag_end, "</testcase>");
    if (failure && case_end && failure < case_end && failure < limit) {
        const char *text = strchr(failure, '>'), *text_end = strstr(failure, "</failure>");
        char *msg = text && text_end && text < text_end ? xml_unescape(text + 1, (size_t)(text_end - text - 1))
                                                        : xstrdup("failed");
        json_add_bool(c, "passed", false);
        json_add_str(c, "failure", msg);
        free(msg);
        *next = case_end + strlen("</testcase>");
    } else {
        json_add_bool(c, "passed", true);
        cJSON_AddNullToObject(c, "failure");
    }
    return c;
}

/* [{"file","interactions":[...]}], one per <testsuite>. */
static cJSON *junit_files(const char *xml)
{
    cJSON *files = cJSON_CreateArray();
    const char *p = xml;
    while ((p = strstr(p, "<testsuite ")) != NULL) {
        const char *tag_end = strchr(p, '>');
        const char *suite_end = tag_end ? strstr(tag_end, "</testsuite>") : NULL;
        if (!suite_end) break;
        cJSON *f = cJSON_CreateObject();
        char *name = xml_attr(p, tag_end, "name");
        json_add_str(f, "file", name ? name : "");
        free(name);
        cJSON *cases = cJSON_AddArrayToObject(f, "interactions");
        const char *c = tag_end;
        while ((c = strstr(c, "<testcase ")) != NULL && c < suite_end) {
            cJSON *one = testcase_json(c, suite_end, &c);
            if (!one) break;
            cJSON_AddItemToArray(cases, one);
        }
        cJSON_AddItemToArray(files, f);
        p = suite_end;
    }
    return files;
}

/* ------------------------------------------------------------- handler */

/* POST /__admin/verify {"path": "contracts/flows"}: a file or folder the
 * server can read (relative to its working directory), replayed by a
 * fresh `zoho-mock verify` process against its own in-process mock: the
 * running server's state is never touched. Answers each file's
 * interactions with pass/fail and differences, the counts, the exit code
 * and the report text. */
void admin_verify(zm_request *req, zm_reply *rep)
{
    cJSON *body = request_body(req, rep, true);
    const char *path = NULL;
    if (!body || !field_string(rep, body, "path", true, &path, NULL)) return;
    if (!*path || path[0] == '-') {
        reply_error(rep, ZE_INVALID_FIELD, "path");
        return;
    }
    const char *tmp = getenv("TMPDIR");
    char *junit = xasprintf("%s/zoho-mock-verify-XXXXXX.xml", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemps(junit, 4);
    if (fd < 0) {
        free(junit);
        reply_error(rep, ZE_INTERNAL);
        return;
    }
    close(fd);
    verify_result r;
    char err[512];
    if (run_verify(path, junit, &r, err, sizeof err) != 0) {
        fprintf(stderr, "zoho-mock: /__admin/verify: %s\n", err);
        unlink(junit);
        free(junit);
        reply_error(rep, ZE_INTERNAL);
        return;
    }
    size_t len = 0;
    char why[128];
    char *xml = file_read(junit, 64u * 1024 * 1024, &len, NULL, why, sizeof why);  /* NULL: no report */
    unlink(junit);
    free(junit);
    cJSON *files = junit_files(xml ? xml : "");
    free(xml);
    int passed = 0, failed = 0;
    const cJSON *f, *c;
    cJSON_ArrayForEach(f, files) {
        cJSON_ArrayForEach(c, json_get(f, "interactions")) {
            if (cJSON_IsTrue(json_get(c, "passed"))) passed++;
            else failed++;
        }
    }
    cJSON *out = reply_success(rep, 200, r.timed_out ? "verify took too long and was stopped." : "success");
    json_add_str(out, "path", path);
    json_add_num(out, "passed", passed);
    json_add_num(out, "failed", failed);
    json_add_num(out, "exit_code", r.exit_code);
    json_add_str(out, "output", r.output);
    cJSON_AddItemToObject(out, "files", files);
    free(r.output);
}

/* main.c -- zoho-mock's command line: parse flags and subcommands, start the server, stop on SIGINT/SIGTERM */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contract/record.h"
#include "http/router.h"
#include "http/server.h"
#include "model/fixtures.h"
#include "scenario/scenario.h"
#include "util/alloc.h"
#include "util/embedded.h"
#include "util/version.h"
#include "verify/verify.h"

static const char usage[] =
    "usage: zoho-mock [--port N] [--bind ADDR] [--fixtures FILE] [--threads N] [--quiet]\n"
    "                 [--record DIR [--format contract|pact] [--pact-consumer NAME]\n"
    "                 [--pact-provider NAME]] [--proxy URL] [--scenario FILE]... [--seed N]\n"
    "                 [--admin-token T] [--cors ORIGIN]... [--request-timeout MS]\n"
    "                 [--idle-timeout MS] [--state FILE [--state-compact BYTES]]\n"
    "       zoho-mock verify [--target URL] [--token T] [--organization ID] [--junit FILE]\n"
    "                        [--states FILE] [--admin-token T] PATH...\n"
    "       zoho-mock verify --openapi SPEC PATH...\n"
    "       zoho-mock fixtures | scenarios [NAME]\n"
    "       zoho-mock routes [--markdown]\n"
    "       zoho-mock --help | --version\n"
    "\n"
    "A sandbox server that stands in for the Zoho Inventory API.\n"
    "\n"
    "  --port N         port to listen on (default 8080; 0 picks a free port)\n"
    "  --bind ADDR      address to listen on (default 127.0.0.1)\n"
    "  --fixtures FILE  seed data (default: the built-in fixtures/default.json)\n"
    "  --threads N      worker threads, one per open connection (default 256)\n"
    "  --quiet          no log line per request\n"
    "  --record DIR     append every answered interaction to DIR/<organization_id>.json\n"
    "  --format F       what --record writes: contract (default) or pact (a Pact V4 file per\n"
    "                   organization, DIR/<consumer>-<provider>-<organization_id>.json)\n"
    "  --pact-consumer NAME, --pact-provider NAME\n"
    "                   the pact's names (default " CONTRACT_PACT_CONSUMER " and " CONTRACT_PACT_PROVIDER ")\n"
    "  --proxy URL      forward every request to URL instead of the model (with --record:\n"
    "                   record the real service)\n"
    "  --scenario FILE  activate a Lua scenario at start (repeatable): a file, or the name\n"
    "                   of a built-in example (rate_limit.lua)\n"
    "  --seed N         seed of zoho.random and math.random in scenarios (default 0)\n"
    "  --admin-token T  every /__admin call needs 'Authorization: Bearer T'\n"
    "                   (or set ZOHO_MOCK_ADMIN_TOKEN, which keeps it out of ps)\n"
    "  --cors ORIGIN    let a browser page from ORIGIN call the server (repeatable; * = any)\n"
    "  --request-timeout MS a request's line and headers must arrive within MS, and its body\n"
    "                   may not pause longer (default 5000)\n"
    "  --idle-timeout MS    an idle keep-alive connection is closed after MS (default 5000)\n"
    "  --state FILE     keep the model in FILE: loaded at start, every change journaled to\n"
    "                   FILE.journal (on disk before its answer), compacted into FILE at stop\n"
    "  --state-compact BYTES\n"
    "                   compact the journal into FILE when it passes BYTES (default 16777216)\n"
    "  verify           replay contract or Pact files (or folders of them); exit 1 on any\n"
    "                   failure; --states: provider states (default contracts/states.json);\n"
    "                   --admin-token: a guarded --target's token\n"
    "                   --openapi SPEC: check recorded answers against the OpenAPI documents\n"
    "                   of SPEC (a folder of YAML or JSON, or spec/zoho) and print the drift\n"
    "                   report (python3 with python3-jsonschema; python3-yaml for YAML)\n"
    "  fixtures         print the built-in default fixture (to start one's own from it)\n"
    "  scenarios [NAME] list the built-in example scenarios, or print one\n"
    "  routes           every route: method, path, route name (scenarios' req.route), scope;\n"
    "                   --markdown: the Zoho routes as scenarios/README.md's table rows\n"
    "  --help           this text\n"
    "  --version        the version\n";

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* Exit code 2 with one clear message: bad usage or bad input. */
static int fail(const char *fmt, const char *arg)
{
    fprintf(stderr, "zoho-mock: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    return 2;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || errno || v < lo || v > hi) return -1;
    *out = (int)v;
    return 0;
}

/* zoho-mock verify [--target URL] [--token T] [--organization ID] [--junit FILE] [--states FILE] [--admin-token T] PATH...
 * zoho-mock verify --openapi SPEC PATH... */
static int verify_main(int argc, char **argv)
{
    verify_options vo = {0};
    const char *openapi = NULL;
    const char **paths = xcalloc((size_t)argc + 1, sizeof *paths);
    int npaths = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = !strcmp(a, "--target") ? &vo.target
                          : !strcmp(a, "--token") ? &vo.token
                          : !strcmp(a, "--organization") ? &vo.organization
                          : !strcmp(a, "--junit") ? &vo.junit
                          : !strcmp(a, "--states") ? &vo.states
                          : !strcmp(a, "--admin-token") ? &vo.admin_token
                          : !strcmp(a, "--openapi") ? &openapi : NULL;
        if (slot) {
            if (!v || !*v) {
                free(paths);
                return fail("%s needs a value", a);
            }
            *slot = v;
            i++;
        } else if (a[0] == '-' && a[1] == '-') {
            free(paths);
            return fail("unknown verify option '%s' (see --help)", a);
        } else {
            paths[npaths++] = a;
        }
    }
    if (!npaths) {
        free(paths);
        return fail("verify needs a contract file or folder%s", "");
    }
    if (openapi && (vo.target || vo.token || vo.organization || vo.junit || vo.states || vo.admin_token)) {
        free(paths);
        return fail("verify --openapi checks recordings against documents: it replays nothing, so "
                    "--target, --token, --organization, --junit, --states and --admin-token do not go with it%s", "");
    }
    const char *env_token = getenv("ZOHO_MOCK_ADMIN_TOKEN");
    if (!vo.admin_token && env_token && *env_token) vo.admin_token = env_token;
    int rc = openapi ? verify_openapi_run(openapi, paths, npaths) : verify_run(&vo, paths, npaths);
    free(paths);
    return rc;
}

/* zoho-mock fixtures: the built-in default fixture, as it was compiled in. */
static int fixtures_main(int argc, char **argv)
{
    if (argc > 1) return fail("fixtures takes no argument, not '%s'", argv[1]);
    const zm_embedded_file *f = embedded_find(FIXTURES_DEFAULT);
    if (!f) return fail("no built-in fixture%s", "");
    fwrite(f->data, 1, f->len, stdout);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* zoho-mock scenarios [NAME]: the built-in examples, or one's source. */
static int scenarios_main(int argc, char **argv)
{
    if (argc > 2) return fail("scenarios takes at most one name, not '%s'", argv[2]);
    if (argc == 1) {
        scenario_examples_print(stdout);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    const zm_embedded_file *f = scenario_example(argv[1]);
    if (!f) return fail("no built-in scenario named '%s' (zoho-mock scenarios lists them)", argv[1]);
    fwrite(f->data, 1, f->len, stdout);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* zoho-mock routes [--markdown] */
static int routes_main(int argc, char **argv)
{
    bool markdown = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--markdown")) markdown = true;
        else return fail("unknown routes option '%s' (see --help)", argv[i]);
    }
    char err[1024];
    if (server_routes_ready(err, sizeof err) != 0) return fail("%s", err);
    router_print(stdout, markdown);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* Loopback addresses only reach this machine; anything else is worth a warning. */
static bool is_loopback(const char *addr)
{
    return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0 || strcmp(addr, "localhost") == 0 ||
           strcmp(addr, "[::1]") == 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "verify")) return verify_main(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "fixtures")) return fixtures_main(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "scenarios")) return scenarios_main(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "routes")) return routes_main(argc - 1, argv + 1);
    zm_server_options opts = {.bind = "127.0.0.1", .port = 8080, .threads = 0};
    bool format_given = false, pact_names_given = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(a, "--version")) {
            printf("zoho-mock %s\n", ZM_VERSION);
            return 0;
        } else if (!strcmp(a, "--quiet")) {
            opts.quiet = true;
        } else if (!strcmp(a, "--port")) {
            if (parse_int(v, 0, 65535, &opts.port)) return fail("--port needs a number from 0 to 65535, not '%s'", v ? v : "");
            i++;
        } else if (!strcmp(a, "--threads")) {
            if (parse_int(v, 2, 1024, &opts.threads)) return fail("--threads needs a number from 2 to 1024, not '%s'", v ? v : "");
            i++;
        } else if (!strcmp(a, "--bind")) {
            if (!v || !*v) return fail("--bind needs an address%s", "");
            opts.bind = v;
            i++;
        } else if (!strcmp(a, "--record") || !strcmp(a, "--proxy")) {
            if (!v || !*v) return fail("%s needs a value", a);
            *(a[2] == 'r' ? &opts.record_dir : &opts.proxy_url) = v;
            i++;
        } else if (!strcmp(a, "--format")) {
            if (!v || (strcmp(v, "contract") && strcmp(v, "pact")))
                return fail("--format needs contract or pact, not '%s'", v ? v : "");
            opts.record_format = strcmp(v, "pact") ? RECORD_FORMAT_CONTRACT : RECORD_FORMAT_PACT;
            format_given = true;
            i++;
        } else if (!strcmp(a, "--pact-consumer") || !strcmp(a, "--pact-provider")) {
            if (!v || !*v || strchr(v, '/')) return fail("%s needs a name (no /)", a);
            *(a[7] == 'c' ? &opts.pact_consumer : &opts.pact_provider) = v;
            pact_names_given = true;
            i++;
        } else if (!strcmp(a, "--scenario")) {
            static const char *scenario_files[32];
            if (!v || !*v) return fail("--scenario needs a file%s", "");
            if (opts.num_scenarios == 32) return fail("at most 32 --scenario files%s", "");
            scenario_files[opts.num_scenarios++] = v;
            opts.scenarios = scenario_files;
            i++;
        } else if (!strcmp(a, "--seed")) {
            char *end = NULL;
            errno = 0;
            unsigned long long seed = v && *v != '-' ? strtoull(v, &end, 10) : 0;
            if (!v || !*v || *v == '-' || *end || errno) return fail("--seed needs a whole number >= 0, not '%s'", v ? v : "");
            opts.seed = seed;
            i++;
        } else if (!strcmp(a, "--admin-token")) {
            if (!v || !*v) return fail("--admin-token needs a value%s", "");
            opts.admin_token = v;
            i++;
        } else if (!strcmp(a, "--cors")) {
            static const char *origins[32];
            if (!v || !*v) return fail("--cors needs an origin such as http://localhost:3000, or *%s", "");
            if (opts.num_cors_origins == 32) return fail("at most 32 --cors origins%s", "");
            origins[opts.num_cors_origins++] = v;
            opts.cors_origins = origins;
            i++;
        } else if (!strcmp(a, "--request-timeout")) {
            if (parse_int(v, 1, 3600000, &opts.request_timeout_ms)) return fail("--request-timeout needs milliseconds from 1 to 3600000, not '%s'", v ? v : "");
            i++;
        } else if (!strcmp(a, "--idle-timeout")) {
            if (parse_int(v, 1, 3600000, &opts.idle_timeout_ms)) return fail("--idle-timeout needs milliseconds from 1 to 3600000, not '%s'", v ? v : "");
            i++;
        } else if (!strcmp(a, "--state")) {
            if (!v || !*v) return fail("--state needs a file%s", "");
            opts.state_path = v;
            i++;
        } else if (!strcmp(a, "--state-compact")) {
            int bytes = 0;
            if (parse_int(v, 1, 2000000000, &bytes)) return fail("--state-compact needs bytes from 1 to 2000000000, not '%s'", v ? v : "");
            opts.state_compact_bytes = (unsigned long long)bytes;
            i++;
        } else if (!strcmp(a, "--fixtures")) {
            if (!v || !*v) return fail("--fixtures needs a file%s", "");
            opts.fixtures = v;
            i++;
        } else {
            return fail("unknown option '%s' (see --help)", a);
        }
    }

    if (opts.state_compact_bytes && !opts.state_path) return fail("--state-compact goes with --state FILE%s", "");
    if (format_given && !opts.record_dir) return fail("--format goes with --record DIR%s", "");
    if (pact_names_given && opts.record_format != RECORD_FORMAT_PACT)
        return fail("--pact-consumer and --pact-provider go with --record DIR --format pact%s", "");
    const char *env_token = getenv("ZOHO_MOCK_ADMIN_TOKEN");
    if (!opts.admin_token && env_token && *env_token) opts.admin_token = env_token;

    /* SIGINT and SIGTERM are blocked before any thread starts (threads
     * inherit the mask), so only the main thread takes them, inside
     * sigsuspend: none is lost, and one sent the moment the server is up
     * (test helpers do) stops it cleanly. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &old);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    char err[1024];
    int port = server_start(&opts, err, sizeof err);
    if (port < 0) return fail("%s", err);
    if (!is_loopback(opts.bind))
        fprintf(stderr, "zoho-mock: warning: listening on %s, not loopback: other machines can reach "
                        "this server%s\n", opts.bind,
                opts.admin_token ? "" : " and its admin API (consider --admin-token)");

    /* The ready line: test helpers parse the port, and "fixtures built-in"
     * or "fixtures FILE", from it. */
    printf("zoho-mock %s listening on http://%s:%d (fixtures %s)\n", ZM_VERSION, opts.bind, port,
           server_fixtures_builtin() ? "built-in" : opts.fixtures);
    char org[64], token[256];
    if (server_example_credentials(org, sizeof org, token, sizeof token) == 0)
        printf("try: curl -s 'http://%s:%d/inventory/v1/inventoryadjustments?organization_id=%s'"
               " -H 'Authorization: Zoho-oauthtoken %s'\n",
               opts.bind, port, org, token);
    fflush(stdout);

    while (!stop_requested) sigsuspend(&old);

    server_stop();
    if (!opts.quiet) printf("zoho-mock stopped\n");
    return 0;
}

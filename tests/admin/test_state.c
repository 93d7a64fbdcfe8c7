/* test_state.c -- --state FILE through the real binary: restarts and kill -9 keep every acknowledged change, a torn journal tail is ignored, /__admin/state exports and imports */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include <curl/curl.h>

#include "cli_server.h"
#include "counts_util.h"

#define BOWMAN "4815000000000700"       /* a customer of fixtures/default.json */
#define ADJ "/inventory/v1/inventoryadjustments"
#define SO "/inventory/v1/salesorders"

static void setup(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }
static void teardown(void) { tserver_stop(); }

TestSuite(state, .init = setup, .fini = teardown, .timeout = 120);

/* ------------------------------------------------------------- helpers */

static char *tmp_path(const char *name)
{
    char *p = malloc(600);
    snprintf(p, 600, "%s/%s-%d", ttmpdir(), name, getpid());
    return p;
}

static void remove_state(const char *path)
{
    char j[700];
    snprintf(j, sizeof j, "%s.journal", path);
    unlink(path);
    unlink(j);
}

/* The binary with --state path, the client pointed at it. */
static void start(running *r, const char *path)
{
    const char *args[] = {"--state", path, NULL};
    spawn(r, args);
    char err[4096];
    if (!r->port) {
        read_err(r, err, sizeof err);
        cr_assert_fail("zoho-mock --state %s did not start (exit %d): %s", path, r->exit_code, err);
    }
    tclient_target(r->port);
}

/* kill -9, or SIGTERM (stop); its stderr file goes. */
static void kill9(running *r)
{
    kill(r->pid, SIGKILL);
    int status = 0;
    waitpid(r->pid, &status, 0);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    r->pid = 0;
    unlink(r->err_path);
}

static void stop(running *r)
{
    stop_running(r);
    unlink(r->err_path);
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

/* GET /__admin/state for the organization: its "state" (cJSON_Delete it). */
static cJSON *export_org(const char *org)
{
    char path[128];
    snprintf(path, sizeof path, "/__admin/state?organization_id=%s", org);
    tresponse r = treq("GET", path, NULL, NULL);
    expect_ok(&r, 200, "success");
    cJSON *s = cJSON_DetachItemFromObjectCaseSensitive(r.json, "state");
    tresponse_free(&r);
    cr_assert(cJSON_IsObject(s));
    return s;
}

static void expect_same_state(const cJSON *before, const cJSON *after, const char *when)
{
    if (cJSON_Compare(before, after, true)) return;
    char *a = cJSON_Print(before), *b = cJSON_Print(after);
    FILE *fa = fopen(tmp_path("before.json"), "w"), *fb = fopen(tmp_path("after.json"), "w");
    if (fa) fputs(a, fa), fclose(fa);
    if (fb) fputs(b, fb), fclose(fb);
    cr_assert_fail("%s: the organization's state differs (%zu and %zu bytes; both written to %s)", when,
                   strlen(a), strlen(b), ttmpdir());
}

/* METHOD path of the organization; the answer's status must be `status`;
 * the string at `dotted` (NULL: none) is returned (free it). */
static char *call(const char *method, const char *path, const char *body, long status, const char *dotted)
{
    char url[512];
    snprintf(url, sizeof url, "%s%s" ORGQ, path, strchr(path, '?') ? "&" : "?");
    tresponse r = treq(method, url, JOHN, body);
    cr_assert_eq(r.status, status, "%s %s: %ld %s", method, path, r.status, r.body);
    char *out = dotted ? strdup(tjson_str(r.json, dotted)) : NULL;
    tresponse_free(&r);
    return out;
}

static char *adjust(const char *item, int quantity)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
             "\"line_items\":[{\"item_id\":\"%s\",\"quantity_adjusted\":%d,\"warehouse_id\":\"" MAIN_WH "\"}]}",
             item, quantity);
    return call("POST", ADJ, body, 201, "inventory_adjustment.inventory_adjustment_id");
}

static char *sales_order(int quantity)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"customer_id\":\"" BOWMAN "\",\"line_items\":[{\"item_id\":\"" MOUSE "\",\"quantity\":%d,\"rate\":10}]}",
             quantity);
    return call("POST", SO, body, 201, "sales_order.salesorder_id");
}

static char *status_of(const char *path, const char *dotted)
{
    return call("GET", path, NULL, 200, dotted);
}

/* ------------------------------------------------- restart keeps changes */

Test(state, a_restart_after_kill_9_or_sigterm_keeps_every_kind_of_change)
{
    char *path = tmp_path("every.json"), *journal = malloc(700);
    snprintf(journal, 700, "%s.journal", path);
    remove_state(path);
    running r;
    start(&r, path);

    tresponse t = treq("PUT", "/__admin/clock", NULL,
                       "{\"organization_id\":\"10234695\",\"now\":\"2030-03-01T09:00:00Z\",\"frozen\":true}");
    cr_assert_eq(t.status, 200, "%s", t.body);
    tresponse_free(&t);
    char *adj = adjust(SURGE, -4);
    /* A stock count approved (it adjusts), another left counting. */
    char *done = count_create("[{\"item_id\":\"" MOUSE "\"}]");
    count_ok("POST", done, "/start", NULL, "counting");
    count_ok("PUT", done, "/count", "{\"line_items\":[{\"item_id\":\"" MOUSE "\",\"counted_quantity\":117}]}", "counting");
    count_ok("POST", done, "/submit", NULL, "submitted");
    count_ok("PUT", done, "/approve", "{\"line_items\":[{\"item_id\":\"" MOUSE "\",\"approval_status\":\"approved\"}]}",
             "completed");
    char *open = count_create("[{\"item_id\":\"" SURGE "\"}]");
    count_ok("POST", open, "/start", NULL, "counting");
    /* Engine documents: an item, a contact, a confirmed sales order. */
    char *item = call("POST", "/inventory/v1/items", "{\"name\":\"Kept Cable\",\"rate\":3,\"sku\":\"KEPT-1\"}", 200,
                      "item.item_id");
    char *contact = call("POST", "/inventory/v1/contacts", "{\"contact_name\":\"Kept Customer\"}", 201,
                         "contact.contact_id");
    char *so = sales_order(3);
    char so_path[128];
    snprintf(so_path, sizeof so_path, SO "/%s/status/confirmed", so);
    free(call("POST", so_path, NULL, 200, NULL));

    double surge = stock_at(SURGE, MAIN_WH), mouse = stock_at(MOUSE, MAIN_WH);
    cr_assert_eq(surge, 41);
    cr_assert_eq(mouse, 117);
    cr_assert_gt(file_size(journal), 0, "the changes are journaled");
    /* Without the caller's token: a replay is not authenticated again. */
    size_t jlen = 0;
    FILE *jf = fopen(journal, "rb");
    cr_assert_not_null(jf);
    char *jtext = calloc(1, (size_t)file_size(journal) + 1);
    jlen = fread(jtext, 1, (size_t)file_size(journal), jf);
    fclose(jf);
    cr_assert_gt(jlen, 0);
    cr_assert_null(strstr(jtext, JOHN), "the journal holds no Authorization token");
    cr_assert_not_null(strstr(jtext, "Kept Customer"), "the journal holds the calls");
    free(jtext);
    cJSON *before = export_org("10234695");

    kill9(&r);
    start(&r, path);
    cJSON *after = export_org("10234695");
    expect_same_state(before, after, "after kill -9");
    cr_assert_eq(stock_at(SURGE, MAIN_WH), surge);
    cr_assert_eq(stock_at(MOUSE, MAIN_WH), mouse);
    char *s = count_status(done);
    cr_assert_str_eq(s, "completed");
    free(s);
    s = count_status(open);
    cr_assert_str_eq(s, "counting");
    free(s);
    snprintf(so_path, sizeof so_path, SO "/%s", so);
    s = status_of(so_path, "salesorder.status");
    cr_assert_str_eq(s, "confirmed");
    free(s);
    char p[128];
    snprintf(p, sizeof p, "/inventory/v1/items/%s", item);
    s = status_of(p, "item.name");
    cr_assert_str_eq(s, "Kept Cable");
    free(s);
    snprintf(p, sizeof p, "/inventory/v1/contacts/%s", contact);
    s = status_of(p, "contact.contact_name");
    cr_assert_str_eq(s, "Kept Customer");
    free(s);
    snprintf(p, sizeof p, ADJ "/%s", adj);
    s = status_of(p, "inventory_adjustment.status");
    cr_assert_str_eq(s, "adjusted");
    free(s);
    t = treq("GET", "/__admin/clock?organization_id=10234695", NULL, NULL);
    cr_assert_eq(t.status, 200, "%s", t.body);
    cr_assert_str_eq(tjson_str(t.json, "clock.now"), "2030-03-01T14:30:00+0530", "the clock kept: %s", t.body);
    cr_assert(cJSON_IsTrue(tjson_get(t.json, "clock.frozen")), "%s", t.body);
    tresponse_free(&t);

    /* SIGTERM compacts: the snapshot holds it all, the journal is empty. */
    stop(&r);
    cr_assert_eq(r.exit_code, 0);
    cr_assert_eq(file_size(journal), 0);
    start(&r, path);
    cJSON *again = export_org("10234695");
    expect_same_state(before, again, "after SIGTERM");
    stop(&r);

    cJSON_Delete(before);
    cJSON_Delete(after);
    cJSON_Delete(again);
    remove_state(path);
    free(adj); free(done); free(open); free(item); free(contact); free(so); free(path); free(journal);
}

Test(state, save_compacts_now_and_the_journal_compacts_itself_past_its_limit)
{
    char *path = tmp_path("compact.json"), journal[700];
    snprintf(journal, sizeof journal, "%s.journal", path);
    remove_state(path);
    running r;
    start(&r, path);
    free(adjust(SURGE, 1));
    cr_assert_gt(file_size(journal), 0);
    tresponse t = treq("POST", "/__admin/state/save", NULL, NULL);
    expect_ok(&t, 200, "The state has been saved.");
    cr_assert_gt(tjson_num(t.json, "state.bytes"), 0);
    tresponse_free(&t);
    cr_assert_eq(file_size(journal), 0);
    stop(&r);

    /* --state-compact 1: every change compacts after its answer. */
    const char *args[] = {"--state", path, "--state-compact", "1", NULL};
    spawn(&r, args);
    cr_assert_gt(r.port, 0);
    tclient_target(r.port);
    long snapshot = file_size(path);
    free(adjust(SURGE, 1));
    /* Compacting follows the answer: wait for it (bounded). */
    for (int i = 0; i < 500 && file_size(journal) != 0; i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    cr_assert_eq(file_size(journal), 0, "the journal was compacted");
    cr_assert_neq(file_size(path), snapshot);
    kill9(&r);
    start(&r, path);
    cr_assert_eq(stock_at(SURGE, MAIN_WH), 47);
    stop(&r);

    /* Without --state, save says how to get it. */
    const char *none[] = {NULL};
    spawn(&r, none);
    tclient_target(r.port);
    t = treq("POST", "/__admin/state/save", NULL, NULL);
    expect_error_part(&t, 400, 4, "--state FILE");
    tresponse_free(&t);
    stop(&r);
    remove_state(path);
    free(path);
}

/* ----------------------------------------------------------- torn tail */

Test(state, a_torn_last_record_is_ignored_and_a_damaged_middle_one_is_a_clear_error)
{
    char *path = tmp_path("torn.json"), journal[700];
    snprintf(journal, sizeof journal, "%s.journal", path);
    remove_state(path);
    running r;
    start(&r, path);
    char *adj = adjust(SURGE, -2);
    kill9(&r);
    /* A write the kill cut short: no newline, a wrong checksum. */
    FILE *f = fopen(journal, "ab");
    cr_assert_not_null(f);
    fputs("0badc0de {\"n\":2,\"t\":\"call\",\"org\":\"10234", f);
    fclose(f);
    start(&r, path);
    cr_assert_eq(stock_at(SURGE, MAIN_WH), 43, "the acknowledged change is there");
    char p[128];
    snprintf(p, sizeof p, ADJ "/%s", adj);
    free(call("GET", p, NULL, 200, NULL));
    char err[4096];
    read_err(&r, err, sizeof err);
    cr_assert(strstr(err, "torn record") && strstr(err, "ignored"), "a warning says so: %s", err);
    free(adjust(SURGE, -1));
    free(adjust(SURGE, -1));
    kill9(&r);

    /* A damaged first record with whole records after it: not a torn
     * write; the start fails naming the file and the offset. */
    f = fopen(journal, "r+b");
    cr_assert_not_null(f);
    fseek(f, 20, SEEK_SET);
    int c = fgetc(f);
    fseek(f, 20, SEEK_SET);
    fputc(c == 'x' ? 'y' : 'x', f);
    fclose(f);
    const char *args[] = {"--state", path, NULL};
    spawn(&r, args);
    cr_assert_eq(r.port, 0, "a damaged journal does not start");
    cr_assert_neq(r.exit_code, 0);
    read_err(&r, err, sizeof err);
    cr_assert(strstr(err, journal) && strstr(err, "byte offset 0"), "names the file and the offset: %s", err);
    remove_state(path);
    free(adj);
    free(path);
}

/* ------------------------------------------------------ export, import */

Test(state, an_export_imports_into_another_server_and_bad_imports_change_nothing)
{
    char *a_path = tmp_path("a.json"), *b_path = tmp_path("b.json");
    remove_state(a_path);
    remove_state(b_path);
    running a, b;
    start(&a, a_path);
    free(adjust(SURGE, -5));
    char *so = sales_order(2);
    char *count = count_create("[{\"item_id\":\"" SURGE "\"}]");
    count_ok("POST", count, "/start", NULL, "counting");
    tresponse t = treq("GET", "/__admin/state?organization_id=10234695", NULL, NULL);
    expect_ok(&t, 200, "success");
    char *exported = strdup(t.body);
    cJSON *state_a = cJSON_Duplicate(tjson_get(t.json, "state"), true);
    tresponse_free(&t);
    cr_assert_eq(cJSON_GetArraySize(tjson_get(state_a, "organizations")), 1);

    start(&b, b_path);
    cJSON *fresh = export_org("10234695");
    cr_assert(!cJSON_Compare(fresh, state_a, true), "server b starts from the fixtures");

    /* Refusals first: each a Zoho error, b's state untouched. */
    static const struct {
        const char *body;
        long status;
        int code;
        const char *part;
    } bad[] = {
        {"{\"organizations\":[{\"organization_id\":\"999\"}]}", 400, 4, "organization_id"},
        {"{\"organizations\":\"x\"}", 400, 4, "organizations"},
        {"{\"zoho_mock_state\":7,\"organizations\":[]}", 400, 4, "zoho_mock_state"},
        {"[1,2]", 400, 4, NULL},
        {"{\"organizations\":[{\"organization_id\":\"10234695\",\"items\":[{\"item_id\":1}]}]}", 400, 4, NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = treq("PUT", "/__admin/state?organization_id=10234695", NULL, bad[i].body);
        cr_assert_eq(t.status, bad[i].status, "%s: %s", bad[i].body, t.body);
        cr_assert_eq(tjson_num(t.json, "code"), bad[i].code, "%s: %s", bad[i].body, t.body);
        if (bad[i].part) cr_assert(strstr(tjson_str(t.json, "message"), bad[i].part), "%s", t.body);
        tresponse_free(&t);
        cJSON *now = export_org("10234695");
        cr_assert(cJSON_Compare(now, fresh, true), "refused import %zu changed nothing", i);
        cJSON_Delete(now);
    }
    /* A truncated export (a damaged hand-over) is refused the same way. */
    char *cut = strndup(exported, strlen(exported) / 2);
    t = treq("PUT", "/__admin/state", NULL, cut);
    cr_assert_eq(t.status, 400, "%s", t.body);
    tresponse_free(&t);
    free(cut);

    /* The whole export in: b holds what a holds, and keeps it over a kill. */
    t = treq("PUT", "/__admin/state?organization_id=10234695", NULL, exported);
    expect_ok(&t, 200, "The state has been imported.");
    tresponse_free(&t);
    cJSON *state_b = export_org("10234695");
    expect_same_state(state_a, state_b, "imported");
    cr_assert_eq(stock_at(SURGE, MAIN_WH), 40);
    char p[128];
    snprintf(p, sizeof p, SO "/%s", so);
    char *s = status_of(p, "salesorder.status");
    cr_assert_str_eq(s, "draft");
    free(s);
    kill9(&b);
    start(&b, b_path);
    cJSON *kept = export_org("10234695");
    expect_same_state(state_a, kept, "imported, then kill -9");
    s = count_status(count);
    cr_assert_str_eq(s, "counting");
    free(s);

    stop(&a);
    stop(&b);
    cJSON_Delete(state_a); cJSON_Delete(state_b); cJSON_Delete(fresh); cJSON_Delete(kept);
    remove_state(a_path);
    remove_state(b_path);
    free(exported); free(so); free(count); free(a_path); free(b_path);
}

/* ------------------------------------------------- kill -9 at any time */

/* What the client saw acknowledged, as the server must have it. */
#define MAX_DOCS 512
typedef struct acked {
    char id[32];
    char kind;                  /* 'a' adjustment, 'c' count, 's' sales order */
    char status[24];            /* the last status acknowledged; "gone" once deleted */
    char pending[24];           /* the status a change sent but not acknowledged would give */
} acked;

typedef struct client {
    acked docs[MAX_DOCS];
    atomic_int n;               /* docs filled */
    atomic_int acks;            /* answers received that acknowledged a change */
    atomic_bool stop;
    atomic_bool done;           /* client_run returned */
    char error[512];            /* an answer that was not a success, if one ended it */
} client;

/* One change; false when the server did not answer (killed). */
static bool change(client *cl, const char *method, const char *path, const char *body, const char *id_path,
                   char *id_out)
{
    char url[512];
    snprintf(url, sizeof url, "%s%s" ORGQ, path, strchr(path, '?') ? "&" : "?");
    tresponse r = treq(method, url, JOHN, body);
    bool ok = r.status == 200 || r.status == 201;
    if (r.status != 0 && !ok) snprintf(cl->error, sizeof cl->error, "%s %s: %ld %s", method, path, r.status, r.body);
    if (ok && id_path) snprintf(id_out, 32, "%s", tjson_str(r.json, id_path));
    tresponse_free(&r);
    if (ok) atomic_fetch_add(&cl->acks, 1);
    return ok;
}

static acked *remember(client *cl, char kind, const char *id, const char *status)
{
    int i = atomic_load(&cl->n);
    if (i >= MAX_DOCS) return NULL;
    acked *a = &cl->docs[i];
    snprintf(a->id, sizeof a->id, "%s", id);
    a->kind = kind;
    snprintf(a->status, sizeof a->status, "%s", status);
    atomic_store(&cl->n, i + 1);
    return a;
}

/* A change of doc's status: the answer acknowledges `to`; until then the
 * server may have it or not (killed while it ran). */
static bool move(client *cl, acked *doc, const char *to, const char *method, const char *path, const char *body)
{
    snprintf(doc->pending, sizeof doc->pending, "%s", to);
    if (!change(cl, method, path, body, NULL, NULL)) return false;
    snprintf(doc->status, sizeof doc->status, "%s", to);
    doc->pending[0] = '\0';
    return true;
}

/* Lifecycles until the server stops answering: adjustments made and
 * deleted, stock counts through approval, sales orders confirmed. */
static void *client_run(void *arg)
{
    client *cl = arg;
    tclient_expect_no_answer();
    char id[32], path[160], body[512];
    for (int i = 0; !atomic_load(&cl->stop) && atomic_load(&cl->n) < MAX_DOCS - 4; i++) {
        snprintf(body, sizeof body,
                 "{\"date\":\"2025-06-15\",\"reason\":\"Damaged goods\",\"adjustment_type\":\"quantity\","
                 "\"line_items\":[{\"item_id\":\"" SURGE "\",\"quantity_adjusted\":%d,\"warehouse_id\":\"" MAIN_WH "\"}]}",
                 i % 2 ? 2 : -1);
        if (!change(cl, "POST", ADJ, body, "inventory_adjustment.inventory_adjustment_id", id)) break;
        acked *adj = remember(cl, 'a', id, "adjusted");
        if (i % 3 == 2) {
            snprintf(path, sizeof path, ADJ "/%s", id);
            if (!move(cl, adj, "gone", "DELETE", path, NULL)) break;
        }
        snprintf(body, sizeof body, "{\"location_id\":\"" MAIN_WH "\",\"line_items\":[{\"item_id\":\"" MOUSE "\"}]}");
        if (!change(cl, "POST", IC, body, "inventorycount.inventorycount_id", id)) break;
        acked *count = remember(cl, 'c', id, "yet_to_start");
        snprintf(path, sizeof path, IC "/%s/start", id);
        if (!move(cl, count, "counting", "POST", path, NULL)) break;
        snprintf(path, sizeof path, IC "/%s/count", id);
        snprintf(body, sizeof body,
                 "{\"next_action\":\"submit\",\"line_items\":[{\"item_id\":\"" MOUSE "\",\"counted_quantity\":%d}]}",
                 100 + i % 7);
        if (!move(cl, count, "submitted", "PUT", path, body)) break;
        snprintf(path, sizeof path, IC "/%s/approve", id);
        snprintf(body, sizeof body, "{\"line_items\":[{\"item_id\":\"" MOUSE "\",\"approval_status\":\"approved\"}]}");
        if (!move(cl, count, "completed", "PUT", path, body)) break;
        snprintf(body, sizeof body,
                 "{\"customer_id\":\"" BOWMAN "\",\"line_items\":[{\"item_id\":\"" MOUSE "\",\"quantity\":1,\"rate\":5}]}");
        if (!change(cl, "POST", SO, body, "sales_order.salesorder_id", id)) break;
        acked *so = remember(cl, 's', id, "draft");
        snprintf(path, sizeof path, SO "/%s/status/confirmed", id);
        if (!move(cl, so, "confirmed", "POST", path, NULL)) break;
    }
    atomic_store(&cl->done, true);
    return NULL;
}

/* Every change acknowledged is there; one sent and not acknowledged may
 * be or not. The client then goes on from what the server holds. */
static void expect_acknowledged(client *cl, int round, unsigned seed)
{
    char path[160];
    int n = atomic_load(&cl->n);
    for (int i = 0; i < n; i++) {
        acked *a = &cl->docs[i];
        const char *base = a->kind == 'a' ? ADJ : a->kind == 'c' ? IC : SO;
        const char *status_path = a->kind == 'a' ? "inventory_adjustment.status"
                                  : a->kind == 'c' ? "inventorycount.status" : "salesorder.status";
        snprintf(path, sizeof path, "%s/%s" ORG, base, a->id);
        tresponse r = treq("GET", path, JOHN, NULL);
        const char *now = r.status == 404 ? "gone" : r.status == 200 ? tjson_str(r.json, status_path) : "?";
        bool ok = !strcmp(now, a->status) || (a->pending[0] && !strcmp(now, a->pending));
        cr_assert(ok, "round %d (seed %u): %s acknowledged %s%s%s, the server has %s (%ld %s)", round, seed, path,
                  a->status, a->pending[0] ? ", maybe " : "", a->pending, now, r.status, r.body);
        snprintf(a->status, sizeof a->status, "%s", now);
        a->pending[0] = '\0';
        tresponse_free(&r);
    }
}

/* The surge protector's stock is its fixture's 45 plus what every
 * adjustment the server holds moved (acknowledged or not, all or nothing). */
static void expect_stock_matches_adjustments(int round, unsigned seed)
{
    double moved = 0;
    for (int page = 1;; page++) {
        char path[160];
        snprintf(path, sizeof path, ADJ ORG "&per_page=200&page=%d", page);
        tresponse r = treq("GET", path, JOHN, NULL);
        cr_assert_eq(r.status, 200, "%s", r.body);
        const cJSON *a;
        cJSON_ArrayForEach(a, tjson_get(r.json, "inventory_adjustments")) {
            char one[160];
            snprintf(one, sizeof one, ADJ "/%s" ORG, tjson_str(a, "inventory_adjustment_id"));
            tresponse d = treq("GET", one, JOHN, NULL);
            cr_assert_eq(d.status, 200, "%s", d.body);
            const cJSON *l;
            cJSON_ArrayForEach(l, tjson_get(d.json, "inventory_adjustment.line_items"))
                if (!strcmp(tjson_str(l, "item_id"), SURGE)) moved += tjson_num(l, "quantity_adjusted");
            tresponse_free(&d);
        }
        bool more = cJSON_IsTrue(tjson_get(r.json, "page_context.has_more_page"));
        tresponse_free(&r);
        if (!more) break;
    }
    cr_assert_eq(stock_at(SURGE, MAIN_WH), 45 + moved, "round %d (seed %u)", round, seed);
}

Test(state, kill_9_at_random_points_loses_no_acknowledged_change)
{
    char *path = tmp_path("kill.json");
    remove_state(path);
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    srand(seed);
    static client cl;
    memset(&cl, 0, sizeof cl);
    running r;
    for (int round = 1; round <= 4; round++) {
        start(&r, path);
        expect_acknowledged(&cl, round, seed);
        expect_stock_matches_adjustments(round, seed);
        /* Kill after a random number of acknowledged changes, mid-lifecycle. */
        int target = atomic_load(&cl.acks) + 3 + rand() % 25;
        atomic_store(&cl.stop, false);
        atomic_store(&cl.done, false);
        pthread_t th;
        cr_assert_eq(pthread_create(&th, NULL, client_run, &cl), 0);
        double waited = 0;
        while (atomic_load(&cl.acks) < target && !atomic_load(&cl.done) && waited < 60000 * ttime_scale()) {
            struct timespec ts = {0, 200 * 1000};
            nanosleep(&ts, NULL);
            waited += 0.2;
        }
        cr_assert_geq(atomic_load(&cl.acks), target, "round %d: the client made progress %s", round, cl.error);
        kill9(&r);
        atomic_store(&cl.stop, true);
        pthread_join(th, NULL);
    }
    start(&r, path);
    expect_acknowledged(&cl, 5, seed);
    expect_stock_matches_adjustments(5, seed);
    stop(&r);
    remove_state(path);
    free(path);
}

/* test_org_isolation.c -- one organization's looping scenario adds under 100 ms to another organization's requests (per-organization locks) */
#include <pthread.h>
#include <stdatomic.h>

#include "scenario_util.h"

static void start(void) { tserver_start(NULL); }
static void stop(void) { tserver_stop(); }

TestSuite(org_isolation, .init = start, .fini = stop, .timeout = 120);

/* Organization A's load: requests whose scenario loops until the
 * instruction budget stops it, one after another, until told to stop. */
typedef struct looping_load {
    atomic_bool stop;
    atomic_int in_flight;       /* A's requests being answered right now */
    atomic_int answered;
    atomic_int budget_errors;   /* 500s naming the instruction budget */
} looping_load;

static void *load_org_a(void *arg)
{
    looping_load *l = arg;
    while (!atomic_load(&l->stop)) {
        atomic_fetch_add(&l->in_flight, 1);
        tresponse r = treq("GET", V1 "/items" QA, JOHN, NULL);
        atomic_fetch_sub(&l->in_flight, 1);
        char err[600];
        if (r.status == 500 && header_value(&r, "X-Zoho-Mock-Scenario-Error", err, sizeof err) &&
            strstr(err, "instruction budget exceeded"))
            atomic_fetch_add(&l->budget_errors, 1);
        atomic_fetch_add(&l->answered, 1);
        tresponse_free(&r);
    }
    return NULL;
}

/* Milliseconds one GET of organization B's items takes (answered 200). */
static double time_org_b(void)
{
    double t0 = now_ms();
    tresponse r = treq("GET", V1 "/items" QB, ARJUN, NULL);
    double ms = now_ms() - t0;
    cr_assert_eq(r.status, 200, "organization B: %ld %s", r.status, r.body);
    tresponse_free(&r);
    return ms;
}

static int compare_ms(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

Test(org_isolation, a_looping_scenario_in_one_organization_leaves_the_other_alone)
{
    /* Organization B alone, for reference. */
    double base[10];
    for (int i = 0; i < 10; i++) base[i] = time_org_b();
    qsort(base, 10, sizeof *base, compare_ms);
    double base_max = base[9];

    /* A's scenario loops forever; the budget still stops every call. */
    /* Each turn of the loop makes a table: a call lasts long on any machine
     * before the budget stops it. */
    scenario_source("spin", ORG_A, "function on_request(req) while true do local t = {} end end");
    double t0 = now_ms();
    tresponse r = treq("GET", V1 "/items" QA, JOHN, NULL);
    double loop_ms = now_ms() - t0;
    expect_zoho(&r, 500, 1000);
    char err[600];
    cr_assert(header_value(&r, "X-Zoho-Mock-Scenario-Error", err, sizeof err));
    cr_assert(strstr(err, "instruction budget exceeded"), "%s", err);
    tresponse_free(&r);
    /* The bound below means something only if A's calls take long. */
    cr_assert_gt(loop_ms, 100, "one looping call took %.0f ms: too short to show anything", loop_ms);
    fprintf(stderr, "one looping call: %.0f ms\n", loop_ms);

    looping_load load = {0};
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, load_org_a, &load), 0);
    /* B's requests while A's loop is running: each waits for no lock of A. */
    double during[20];
    int measured = 0;
    double deadline = now_ms() + 60000;
    while (measured < 20 && now_ms() < deadline) {
        if (atomic_load(&load.in_flight) == 0) {
            poll_pause();
            continue;
        }
        during[measured++] = time_org_b();
    }
    atomic_store(&load.stop, true);
    pthread_join(t, NULL);
    cr_assert_eq(measured, 20, "organization A's load never ran");
    qsort(during, 20, sizeof *during, compare_ms);
    cr_assert_gt(atomic_load(&load.budget_errors), 0);
    cr_assert_eq(atomic_load(&load.budget_errors), atomic_load(&load.answered),
                 "every one of A's calls ends at the instruction budget");
    /* The median and the worst both stay within 100 ms of B alone. */
    cr_assert_lt(during[10] - base[5], 100, "B's median went from %.1f to %.1f ms (A's call: %.0f ms)",
                 base[5], during[10], loop_ms);
    cr_assert_lt(during[19] - base_max, 100, "B's worst went from %.1f to %.1f ms (A's call: %.0f ms)",
                 base_max, during[19], loop_ms);
}

Test(org_isolation, reset_of_one_organization_does_not_wait_for_the_other_s_loop)
{
    /* Each turn of the loop makes a table: a call lasts long on any machine
     * before the budget stops it. */
    scenario_source("spin", ORG_A, "function on_request(req) while true do local t = {} end end");
    looping_load load = {0};
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, load_org_a, &load), 0);
    double deadline = now_ms() + 30000;
    while (atomic_load(&load.in_flight) == 0 && now_ms() < deadline) poll_pause();
    cr_assert_gt(atomic_load(&load.in_flight), 0);
    /* An admin call on B only (its reset, its clock) takes B's lock alone. */
    double t0 = now_ms();
    tresponse r = treq("POST", "/__admin/reset?organization_id=" ORG_B, NULL, NULL);
    double reset_ms = now_ms() - t0;
    expect_zoho(&r, 200, 0);
    tresponse_free(&r);
    t0 = now_ms();
    r = treq("PUT", "/__admin/clock", NULL, "{\"organization_id\":\"" ORG_B "\",\"advance\":\"PT1H\"}");
    double clock_ms = now_ms() - t0;
    expect_zoho(&r, 200, 0);
    tresponse_free(&r);
    atomic_store(&load.stop, true);
    pthread_join(t, NULL);
    cr_assert_lt(reset_ms, 100, "B's reset took %.0f ms", reset_ms);
    cr_assert_lt(clock_ms, 100, "B's clock took %.0f ms", clock_ms);
}

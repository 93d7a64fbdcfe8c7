/* test_ledger.c -- unit tests of stock moves: the three figures, serials, batches, all or none (ledger.c) */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "model/fixtures.h"
#include "model/ledger.h"
#include "model/model.h"
#include "model/stock_tracking.h"

#define ORG1 "10234695"
#define MAIN_WH "4815000000038080"
#define EAST_WH "4815000000038100"
#define BIN_A1 "4815000000050010"
#define BIN_A0 "4815000000050000"
#define LAPTOP15 "4815000000033001"     /* batches: A1 LAP-B2025-01 8, -02 4; A0 -03 5 */
#define LAPTOP13 "4815000000033002"     /* serials: A1 SN-0001..0004; East SN-0005, -0006 */
#define MOUSE "4815000000033003"

static zm_org *org;

static void setup(void)
{
    char path[4096], err[512] = "";
    const char *slash = strrchr(__FILE__, '/');
    snprintf(path, sizeof path, "%.*s/../../fixtures/default.json", (int)(slash - __FILE__), __FILE__);
    cr_assert_eq(fixtures_load(path, err, sizeof err), 0, "%s", err);
    org = model_find_org(ORG1);
    cr_assert_not_null(org);
}

static void teardown(void)
{
    model_clear();
}

TestSuite(ledger, .init = setup, .fini = teardown);

static zm_item *item(const char *id)
{
    zm_item *it = org_find_item(org, id);
    cr_assert_not_null(it, "%s", id);
    return it;
}

Test(ledger, the_three_figures_move_on_their_own)
{
    double phys = item_physical_at(item(MOUSE), MAIN_WH), acct = item_accounting_at(item(MOUSE), MAIN_WH);
    cr_assert_eq(phys, acct, "fixture stock is both physical and accounting");
    zm_stock_moves m = {0};
    moves_add(&m, MOUSE, MAIN_WH, "", -3, 0, 0);     /* a shipment */
    moves_add(&m, MOUSE, MAIN_WH, "", 0, -2, 0);     /* an invoice */
    moves_add(&m, MOUSE, MAIN_WH, "", 0, 0, 5);      /* a confirmed order */
    char err[256];
    cr_assert_eq(stock_apply(org, &m, false, err, sizeof err), 0, "%s", err);
    cr_assert_float_eq(item_physical_at(item(MOUSE), MAIN_WH), phys - 3, 1e-9);
    cr_assert_float_eq(item_accounting_at(item(MOUSE), MAIN_WH), acct - 2, 1e-9);
    cr_assert_float_eq(item_committed_at(item(MOUSE), MAIN_WH), 5, 1e-9);
    /* Their opposites give everything back. */
    zm_stock_moves undo = {0};
    moves_append_opposite(&undo, &m);
    cr_assert_eq(stock_apply(org, &undo, false, err, sizeof err), 0, "%s", err);
    cr_assert_float_eq(item_physical_at(item(MOUSE), MAIN_WH), phys, 1e-9);
    cr_assert_float_eq(item_accounting_at(item(MOUSE), MAIN_WH), acct, 1e-9);
    cr_assert_float_eq(item_committed_at(item(MOUSE), MAIN_WH), 0, 1e-9);
    moves_free(&m);
    moves_free(&undo);
}

Test(ledger, a_refused_move_undoes_the_ones_before_it)
{
    double mouse = item_physical_at(item(MOUSE), MAIN_WH);
    zm_stock_moves m = {0};
    moves_add(&m, MOUSE, MAIN_WH, "", -10, -10, 0);
    zm_stock_move *mv = moves_add(&m, LAPTOP13, MAIN_WH, BIN_A1, -1, -1, 0);
    move_add_serial(mv, "LAP13-SN-0005");           /* it is at East, not Main */
    char err[256] = "";
    cr_assert_eq(stock_apply(org, &m, false, err, sizeof err), -1);
    cr_assert(strstr(err, "LAP13-SN-0005"), "%s", err);
    cr_assert_float_eq(item_physical_at(item(MOUSE), MAIN_WH), mouse, 1e-9);
    cr_assert_float_eq(item_physical_at(item(LAPTOP13), MAIN_WH), 4, 1e-9);
    cr_assert_not_null(item_serial_holder(item(LAPTOP13), EAST_WH, "", "LAP13-SN-0005"));
    moves_free(&m);
}

Test(ledger, serials_leave_and_arrive_in_one_place_only)
{
    zm_stock_moves out = {0}, in = {0}, twice = {0};
    zm_stock_move *mv = moves_add(&out, LAPTOP13, MAIN_WH, BIN_A1, -1, 0, 0);
    move_add_serial(mv, "LAP13-SN-0002");
    char err[256];
    cr_assert_eq(stock_apply(org, &out, false, err, sizeof err), 0, "%s", err);
    cr_assert_null(item_serial_holder(item(LAPTOP13), MAIN_WH, BIN_A1, "LAP13-SN-0002"));
    mv = moves_add(&twice, LAPTOP13, EAST_WH, "", 1, 0, 0);
    move_add_serial(mv, "LAP13-SN-0005");           /* East holds it already */
    cr_assert_eq(stock_apply(org, &twice, false, err, sizeof err), -1);
    mv = moves_add(&in, LAPTOP13, EAST_WH, "", 1, 0, 0);
    move_add_serial(mv, "LAP13-SN-0002");
    cr_assert_eq(stock_apply(org, &in, false, err, sizeof err), 0, "%s", err);
    cr_assert_not_null(item_serial_holder(item(LAPTOP13), EAST_WH, "", "LAP13-SN-0002"));
    moves_free(&out);
    moves_free(&in);
    moves_free(&twice);
}

Test(ledger, batches_leave_their_bin_first_and_never_go_below_zero)
{
    zm_stock_moves m = {0}, too_many = {0};
    /* 6 of LAP-B2025-02 asked from bin A0, which holds none of it: A1's 4
     * are the location's, then 2 short. */
    zm_stock_move *mv = moves_add(&too_many, LAPTOP15, MAIN_WH, BIN_A0, -6, -6, 0);
    move_add_batch(mv, "LAP-B2025-02", -6);
    char err[256] = "";
    cr_assert_eq(stock_apply(org, &too_many, false, err, sizeof err), -1);
    cr_assert(strstr(err, "LAP-B2025-02"), "%s", err);
    zm_item *it = item(LAPTOP15);
    cr_assert_float_eq(batches_quantity(item_stock_row(it, MAIN_WH, BIN_A1)->batches.v,
                                        item_stock_row(it, MAIN_WH, BIN_A1)->batches.n, "LAP-B2025-02"), 4, 1e-9);
    mv = moves_add(&m, LAPTOP15, MAIN_WH, BIN_A0, -3, -3, 0);
    move_add_batch(mv, "LAP-B2025-02", -3);
    cr_assert_eq(stock_apply(org, &m, false, err, sizeof err), 0, "%s", err);
    it = item(LAPTOP15);
    cr_assert_float_eq(batches_quantity(item_stock_row(it, MAIN_WH, BIN_A1)->batches.v,
                                        item_stock_row(it, MAIN_WH, BIN_A1)->batches.n, "LAP-B2025-02"), 1, 1e-9);
    moves_free(&m);
    moves_free(&too_many);
}

Test(ledger, negative_stock_only_where_the_organization_allows_it)
{
    double have = item_physical_at(item(MOUSE), MAIN_WH);
    zm_stock_moves m = {0};
    moves_add(&m, MOUSE, MAIN_WH, "", -(have + 1), 0, 0);
    char err[256] = "";
    cr_assert_eq(stock_apply(org, &m, true, err, sizeof err), -1);
    cr_assert(strstr(err, "below zero"), "%s", err);
    cr_assert_float_eq(item_physical_at(item(MOUSE), MAIN_WH), have, 1e-9);
    cr_assert_eq(stock_apply(org, &m, false, err, sizeof err), 0, "%s", err);
    cr_assert_float_eq(item_physical_at(item(MOUSE), MAIN_WH), -1, 1e-9);
    moves_free(&m);
}

Test(ledger, an_unknown_item_is_refused)
{
    zm_stock_moves m = {0};
    moves_add(&m, "4815000000099999", MAIN_WH, "", 1, 1, 0);
    char err[256] = "";
    cr_assert_eq(stock_apply(org, &m, false, err, sizeof err), -1);
    cr_assert(strstr(err, "4815000000099999"), "%s", err);
    moves_free(&m);
}

#!/usr/bin/python3
# conformance.py -- walks every documented Zoho operation on a fresh zoho-mock and reports, per module, routed / code 0 / schema-valid
"""Usage: tests/conformance/conformance.py [--binary PATH] [--module NAME]... [--verbose]
                                          [--json] [--check THRESHOLDS] [--spec DIR] [--fixtures FILE]

Starts BINARY (default build/zoho-mock) with --port 0, freezes its clock,
and calls every operation of spec/zoho once through the create-first chain
(chain.py, chain.json). An answer is
  routed        when it is not 404 code 5 and not 405;
  code 0        when it is the documented status with code 0 (a download:
                2xx with bytes);
  schema-valid  when it also validates against the documented response
                schema (python3-jsonschema), carries its response key and,
                for create/get/update, the record's id (a download: the
                documented content type, the uploaded bytes).
Prints a table per module, the totals and every operation that is not
schema-valid with the reason. --check FILE exits 1 when a total is below
the thresholds in FILE (percentages). Exit 2 on bad usage or when the server
dies."""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True     # nothing written into the checkout
sys.path.insert(0, HERE)

from chain import Spec, Walk  # noqa: E402
from mock import Mock, ServerDied  # noqa: E402

CLOCK = "2025-06-15T12:00:00+0000"


def pick_token(org):
    """The token of the organization with the widest scopes."""
    best = None
    for t in org.get("tokens", []):
        scopes = t.get("scopes", [])
        if "ZohoInventory.FullAccess.all" in scopes:
            return t["token"]
        if best is None or len(scopes) > len(best.get("scopes", [])):
            best = t
    return best["token"] if best else None


def percent(n, total):
    return 100.0 * n / total if total else 100.0


def table(results):
    by_module = {}
    for r in results:
        by_module.setdefault(r.op.module, []).append(r)
    rows = []
    for module in sorted(by_module):
        rs = by_module[module]
        rows.append((module, len(rs), sum(r.routed for r in rs), sum(r.code0 for r in rs), sum(r.valid for r in rs)))
    total = ("total", sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows), sum(r[4] for r in rows))
    return rows, total


def print_table(rows, total, out):
    width = max([len(r[0]) for r in rows] + [6])
    head = "%-*s %10s %10s %16s %16s" % (width, "module", "operations", "routed", "code 0", "schema-valid")
    out.write(head + "\n" + "-" * len(head) + "\n")
    for row in rows + [None, total]:
        if row is None:
            out.write("-" * len(head) + "\n")
            continue
        name, n, routed, code0, valid = row
        out.write("%-*s %10d %10d %8d %6.1f%% %8d %6.1f%%\n"
                  % (width, name, n, routed, code0, percent(code0, n), valid, percent(valid, n)))


def print_failures(results, out):
    failing = [r for r in results if not r.valid]
    if not failing:
        return
    out.write("\nnot schema-valid (%d):\n" % len(failing))
    for r in failing:
        out.write("  %-20s %-6s %-60s %s\n" % (r.op.module, r.op.method, r.op.path, r.reason))


def check_thresholds(path, total, out):
    limits = json.load(open(path))
    _, n, routed, code0, valid = total
    measured = {"routed": percent(routed, n), "code_0": percent(code0, n), "schema_valid": percent(valid, n)}
    ok = True
    for name, value in measured.items():
        want = limits.get(name, 0)
        if value + 1e-9 < want:
            out.write("conformance: %s %.1f%% is below the threshold %.1f%% (%s)\n" % (name, value, want, path))
            ok = False
    return ok


def main(argv):
    ap = argparse.ArgumentParser(prog="conformance.py", description=__doc__.split("\n\n")[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "zoho-mock"))
    ap.add_argument("--spec", default=os.path.join(ROOT, "spec", "zoho"))
    ap.add_argument("--fixtures", default=os.path.join(ROOT, "fixtures", "default.json"))
    ap.add_argument("--chain", default=os.path.join(HERE, "chain.json"))
    ap.add_argument("--module", action="append", default=[], help="walk only this module (repeatable)")
    ap.add_argument("--verbose", action="store_true", help="print every call and what it answered")
    ap.add_argument("--json", action="store_true", help="machine output: totals, modules and every result")
    ap.add_argument("--check", metavar="THRESHOLDS", help="exit 1 when a total percentage is below these")
    args = ap.parse_args(argv)

    spec = Spec(args.spec)
    unknown = [m for m in args.module if m not in spec.modules]
    if unknown:
        sys.stderr.write("conformance: unknown module %s (modules: %s)\n" % (", ".join(unknown), " ".join(sorted(spec.modules))))
        return 2
    config = json.load(open(args.chain))
    fixtures = json.load(open(args.fixtures))
    org = fixtures["organizations"][0]
    token = pick_token(org)
    log = (lambda text: sys.stderr.write(text + "\n")) if args.verbose else None

    started = time.time()
    try:
        mock = Mock(args.binary, args.fixtures, workdir=ROOT)
    except (ServerDied, OSError) as e:
        sys.stderr.write("conformance: %s\n" % e)
        return 2
    died = None
    try:
        mock.admin("POST", "/__admin/reset", {"clock": CLOCK})
        walk = Walk(mock, spec, config, org, token, CLOCK, log)
        try:
            results = walk.walk(set(args.module))
        except ServerDied as e:
            died = str(e)
            results = [walk.results[op.key] for op in spec.ops if op.key in walk.results
                       and (not args.module or op.module in args.module)]
    finally:
        rc = mock.stop()
    errors = mock.stderr_text()
    if rc not in (0, None) and not died:
        died = "zoho-mock exited with %s" % rc
    if "ERROR: AddressSanitizer" in errors or "ERROR: LeakSanitizer" in errors or "runtime error:" in errors:
        died = (died or "the sanitizers reported an error") + "\n" + errors[-6000:]

    rows, total = table(results)
    out = sys.stdout
    if args.json:
        json.dump({"totals": dict(zip(("operations", "routed", "code_0", "schema_valid"), total[1:])),
                   "modules": [dict(zip(("module", "operations", "routed", "code_0", "schema_valid"), r)) for r in rows],
                   "results": [r.as_dict() for r in results], "server_died": died}, out, indent=1)
        out.write("\n")
    else:
        print_table(rows, total, out)
        print_failures(results, out)
        out.write("\n%d operations in %.1fs\n" % (total[1], time.time() - started))
    if died:
        sys.stderr.write("conformance: %s\n" % died)
        return 2
    if args.check and not check_thresholds(args.check, total, sys.stderr):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

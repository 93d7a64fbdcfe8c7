#!/usr/bin/python3
# module_contracts.py -- writes contracts/modules/<module>.json: each module's happy path (create, get, list, update, action, delete) recorded by zoho-mock --record and curated
"""Usage: tests/conformance/module_contracts.py [--binary PATH] [--out DIR] [MODULE...]

For each module (default: every module of spec/zoho), a fresh zoho-mock
records (--record) the conformance chain's happy path of the module's main
collection: create (with the records it refers to made first), get, list,
update, one action (after the ones chain.json's `before` names), delete.
The recording is curated: an answer keeps code, message and, of its record,
the ids, numbers, status, names and the fields the request sent (a list:
only that it is there); the recorder's id/date rules and captures stay, so
the file replays on any fresh server (`zoho-mock verify`). A module whose
path does not answer code 0 at every step gets no file; the reason is
printed. Exit 1 when a module was skipped."""

import argparse
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)

import bodies  # noqa: E402
from chain import Spec, Walk, describe  # noqa: E402
from conformance import CLOCK, pick_token  # noqa: E402
from mock import Mock  # noqa: E402

KEEP_SUFFIXES = ("_id", "_number", "_name")
KEEP_NAMES = {"status", "name", "code", "message"}


def happy_path(walk, module):
    """Calls the module's flow; [(step, answer)] or raises ValueError(why)."""
    spec = walk.spec
    ops = spec.modules[module]
    collection = next((o.collection for o in ops if o.kind == "create"), None)
    if collection is None:
        raise ValueError("no create operation")
    mine = [o for o in ops if o.collection == collection]
    pick = {kind: next((o for o in mine if o.kind == kind), None) for kind in ("create", "get", "list", "update", "delete")}
    steps = []

    def step(name, op, **kw):
        answer = walk.measure(op, **kw)
        if not walk.ok(answer):
            raise ValueError("%s (%s %s): %s" % (name, op.method, op.path, describe(answer)))
        steps.append((name, op))
        return answer

    answer = step("create", pick["create"])
    rid = walk.record_id(walk.alias(collection), walk.payload(pick["create"], answer), None)
    if not rid:
        raise ValueError("create answered no id")
    walk.own[walk.alias(collection)] = rid
    for kind in ("get", "list", "update"):
        if pick[kind]:
            step(kind, pick[kind], record=rid)
    actions = [o for o in mine if o.kind == "action" and not o.d.get("body_content") == "multipart/form-data"]
    # A status move first, one needing no preparation first; emails and reminders last.
    actions.sort(key=lambda o: ("email" in o.verb() or "reminder" in o.verb(),
                                len(walk.config.get("before", {}).get(o.verb(), []))))
    for op in actions:
        walk.prepare(walk.alias(collection), rid, op.verb())
        answer = walk.measure(op, record=rid)
        if walk.ok(answer):
            steps.append((op.verb(), op))
            break
    if pick["delete"]:
        step("delete", pick["delete"], record=rid)
    return steps


def curate_value(body, sent, depth=0):
    """What of an answer a contract asserts (see the module's docstring)."""
    if isinstance(body, dict):
        out = {}
        for k, v in body.items():
            if isinstance(v, (dict, list)):
                if isinstance(v, list) and depth == 0:
                    continue        # a list's rows depend on the fixtures: only that it is there
                # The record under the answer's key is what the request sent.
                inner = sent if depth == 0 else (sent.get(k) if isinstance(sent, dict) else None)
                sub = curate_value(v, inner, depth + 1)
                if sub not in ({}, []):
                    out[k] = sub
            elif k == "code" or (depth > 0 and isinstance(sent, dict) and k in sent):
                out[k] = v
            elif (k in KEEP_NAMES or k.endswith(KEEP_SUFFIXES)) and v not in ("", 0, None, False):
                out[k] = v
        return out
    if isinstance(body, list):
        return [curate_value(e, sent[i] if isinstance(sent, list) and i < len(sent) else None, depth + 1)
                for i, e in enumerate(body)]
    return body


def curate(interaction):
    resp = interaction["response"]
    body = resp.get("body")
    sent = interaction["request"].get("body")
    if isinstance(body, dict):
        curated = curate_value(body, sent if isinstance(sent, dict) else None)
        for k, v in body.items():
            if isinstance(v, list):
                interaction.setdefault("match", {})["$." + k] = "type"
        # The line items' own ids are the server's; the contract keeps their count.
        resp["body"] = curated
    return interaction


def label(spec, interaction, flow):
    method = interaction["request"]["method"]
    path = interaction["request"]["path"]
    for name, op in flow:
        if op.method == method and matches(op.path, path):
            return name
    return None


def matches(pattern, path):
    a = ("/inventory/v1" + pattern).strip("/").split("/")
    b = path.split("?")[0].strip("/").split("/")
    return len(a) == len(b) and all(x.startswith("{") or x == y for x, y in zip(a, b))


def record_module(args, spec, config, fixtures, module):
    bodies.restart_numbering()     # the same names and numbers whichever modules run
    org = fixtures["organizations"][0]
    tmp = tempfile.mkdtemp(prefix="zm-contract-", dir=os.environ.get("TMPDIR"))
    try:
        mock = Mock(args.binary, args.fixtures, workdir=ROOT, extra=["--record", tmp])
        try:
            mock.admin("POST", "/__admin/reset", {"clock": CLOCK})
            walk = Walk(mock, spec, config, org, pick_token(org), CLOCK)
            flow = happy_path(walk, module)
        finally:
            mock.stop()
        recorded = json.load(open(os.path.join(tmp, "%s.json" % org["organization_id"])))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    steps = ", ".join(name for name, _ in flow)
    contract = {"name": "%s: %s" % (module, steps), "fixtures": os.path.relpath(args.fixtures, ROOT)}
    for k in ("clock", "variables"):
        if k in recorded:
            contract[k] = recorded[k]
    interactions = []
    for i in recorded["interactions"]:
        name = label(spec, i, flow)
        i["description"] = "%s: %s" % (name, i["description"]) if name else "prepare: " + i["description"]
        interactions.append(curate(i))
    contract["interactions"] = interactions
    return contract, steps


def main(argv):
    ap = argparse.ArgumentParser(prog="module_contracts.py", description=__doc__.split("\n\n")[1])
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "zoho-mock"))
    ap.add_argument("--spec", default=os.path.join(ROOT, "spec", "zoho"))
    ap.add_argument("--fixtures", default=os.path.join(ROOT, "fixtures", "default.json"))
    ap.add_argument("--chain", default=os.path.join(HERE, "chain.json"))
    ap.add_argument("--out", default=os.path.join(ROOT, "contracts", "modules"))
    ap.add_argument("modules", nargs="*")
    args = ap.parse_args(argv)
    spec = Spec(args.spec)
    config = json.load(open(args.chain))
    fixtures = json.load(open(args.fixtures))
    os.makedirs(args.out, exist_ok=True)
    skipped = 0
    for module in args.modules or sorted(spec.modules):
        if module not in spec.modules:
            sys.stderr.write("module_contracts.py: unknown module %s\n" % module)
            return 2
        try:
            contract, steps = record_module(args, spec, config, fixtures, module)
        except ValueError as e:
            print("skip  %-22s %s" % (module, e))
            skipped += 1
            continue
        path = os.path.join(args.out, "%s.json" % module)
        with open(path, "w") as f:
            json.dump(contract, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print("wrote %-22s %s (%d interactions)" % (os.path.relpath(path, ROOT), steps, len(contract["interactions"])))
    return 1 if skipped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

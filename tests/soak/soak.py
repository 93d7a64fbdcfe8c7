#!/usr/bin/env python3
"""soak.py -- many keep-alive clients run stock lifecycles in three organizations at once (one with faults), then the invariants are checked

Usage: soak.py [BINARY]   (default $ZOHO_MOCK_BIN, else build/zoho-mock)
Environment: SOAK_SECONDS (60), SOAK_CLIENTS (12), SOAK_SEED (1),
SOAK_THREADS (the server's --threads, 32), SOAK_RSS_GROWTH_KB (the bound
on RSS growth after warm-up, 8192).

Why 32 threads: each civetweb worker thread touches its own stack and
malloc cache the first time a connection reaches it, and which thread
gets a new connection is civetweb's choice; with the default 256, RSS
climbs for minutes (about 25 MB) as reconnections reach fresh threads,
which would hide a leak. 32 (more than the clients and checkers) are all
warm within the warm-up.
Exit 0 when every invariant holds, 1 otherwise; the figures go to stdout.
"""
import json
import os
import sys
import threading
import time
import urllib.request

sys.dont_write_bytecode = True     # run from a checkout: leave no __pycache__ in it
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import checks  # noqa: E402
from client import Client, Refused, Tally  # noqa: E402
from flows import Runner, new_rng  # noqa: E402
from server import Sampler, Server  # noqa: E402

# Organizations of the default fixture, their token and the plain items
# (neither serial- nor batch-tracked) the lifecycles move. The second one
# runs with the fault scenario.
ORGS = [
    {"id": "10234695", "token": "1000.full.john",
     "items": ["4815000000033024", "4815000000033005", "4815000000033003", "4815000000033017", "4815000000033011"],
     "locations": ["4815000000038080", "4815000000038090", "4815000000038100"]},
    {"id": "10234700", "token": "1000.full.arjun", "faulted": True,
     "items": ["4816000000033002", "4816000000033004", "4816000000033006"],
     "locations": ["4816000000038080", "4816000000038090"]},
    {"id": "20246810", "token": "1000.full.meera",
     "items": ["2251466000000033001"],
     "locations": ["2251466000000038080", "2251466000000038090"]},
]
SCENARIO = "soak-faults"


def admin(port, method, path, body=None, content_type="application/json"):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, data=body,
                                 headers={"Content-Type": content_type})
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read())


def setup(org, client):
    """A customer and a vendor of the soak's own."""
    for kind in ("customer", "vendor"):
        a = client.ok("POST", "/contacts", {"contact_name": f"Soak {kind}", "contact_type": kind})
        org[kind] = a["contact"]["contact_id"]


def worker(name, port, org, tally, seed, warm_until, deadline, runners):
    client = Client(port, org["id"], org["token"], tally, org.get("faulted", False))
    runner = Runner(name, client, org, new_rng(seed), warm_until)
    runners.append(runner)
    while time.monotonic() < deadline:
        try:
            runner.step()
        except Refused:
            pass
        except (KeyError, IndexError, TypeError, ValueError) as e:
            tally.count("wrong shape")
            tally.fail(f"{name}: an answer without what Zoho's document promises: {e!r}")
    client.close()


def wait_for(condition, seconds):
    """Polls condition until it holds or seconds pass; its last value."""
    end = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > end:
            return value
        time.sleep(0.05)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ZOHO_MOCK_BIN", "build/zoho-mock")
    seconds = float(os.environ.get("SOAK_SECONDS", "60"))
    n_clients = int(os.environ.get("SOAK_CLIENTS", "12"))
    seed = int(os.environ.get("SOAK_SEED", "1"))
    threads = int(os.environ.get("SOAK_THREADS", "32"))
    rss_bound = int(os.environ.get("SOAK_RSS_GROWTH_KB", "8192"))
    tally = Tally()
    server = Server(binary, threads)
    print(f"soak: {binary} pid {server.pid} port {server.port} ({threads} threads), {n_clients} clients, "
          f"{seconds:g} s, seed {seed}")

    checkers = {o["id"]: Client(server.port, o["id"], o["token"], tally, False) for o in ORGS}
    base, totals = {}, {}
    for o in ORGS:
        setup(o, checkers[o["id"]])
        base[o["id"]], _ = checks.figures(checkers[o["id"]])
        totals[o["id"]] = checks.list_totals(checkers[o["id"]])
    faulted = [o["id"] for o in ORGS if o.get("faulted")]
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "faults.lua"), "rb") as f:
        for org in faulted:
            admin(server.port, "POST", f"/__admin/scenarios?name={SCENARIO}&organization_id={org}", f.read(),
                  "text/x-lua")
    fds_idle = server.open_files()

    sampler = Sampler(server)
    sampler.start()
    started = time.monotonic()
    deadline = started + seconds
    warm_until = started + seconds / 3
    runners = []
    threads = []
    for k in range(n_clients):
        org = ORGS[k % len(ORGS)]
        t = threading.Thread(target=worker, args=(f"c{k}", server.port, org, tally, seed * 1000 + k, warm_until,
                                                   deadline, runners))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    sampler.stop()
    requests_during_load = tally.requests
    load_kinds = dict(tally.kinds)

    # The fault scenario goes; every check reads a quiet server.
    for org in faulted:
        admin(server.port, "DELETE", f"/__admin/scenarios/{SCENARIO}?organization_id={org}")
    fds_after = wait_for(lambda: server.open_files() <= fds_idle + len(checkers) and server.open_files(), 10)

    print(f"soak: {requests_during_load} requests in {elapsed:.1f} s, {requests_during_load / elapsed:.0f} req/s")
    items = documents = 0
    for o in ORGS:
        mine = [r for r in runners if r.org is o]
        docs = [d for r in mine for d in r.documents()]
        created, deleted = {}, {}
        for r in mine:
            for m, n in r.created.items():
                created[m] = created.get(m, 0) + n
            for m, n in r.deleted.items():
                deleted[m] = deleted.get(m, 0) + n
        try:
            n, _ = checks.check_figures(checkers[o["id"]], base[o["id"]], docs, tally, o["id"])
            items += n
            documents += checks.check_documents(checkers[o["id"]], docs, tally, o["id"])
            after = checks.check_totals(checkers[o["id"]], totals[o["id"]], created, deleted, tally, o["id"])
        except Refused:
            continue
        print(f"soak: org {o['id']}{' (faults)' if o.get('faulted') else ''}: "
              f"{sum(created.values())} documents made, {sum(deleted.values())} deleted; lists now "
              + ", ".join(f"{m} {n}" for m, n in after.items() if n))
    print(f"soak: checked {items} item-location figures and {documents} documents")

    # Memory: flat after warm-up (the first third of the run).
    samples = sampler.samples
    if os.environ.get("SOAK_TRACE"):
        print("soak: RSS kB every 5 s: " + " ".join(str(s[1]) for s in samples[::10]))
    warm = [s for s in samples if s[0] >= seconds / 3] or samples[-1:]
    rss_start, rss_warm, rss_end = samples[0][1], warm[0][1], samples[-1][1]
    rss_peak = max(s[1] for s in warm)
    fds_peak = max(s[2] for s in samples)
    print(f"soak: RSS start {rss_start} kB, after warm-up {rss_warm} kB, end {rss_end} kB (peak {rss_peak} kB; "
          f"bound: warm-up + {rss_bound} kB); open files idle {fds_idle}, peak {fds_peak}, after {fds_after}")
    if rss_peak > rss_warm + rss_bound:
        tally.fail(f"RSS grew from {rss_warm} kB to {rss_peak} kB after warm-up (bound {rss_bound} kB)")
    if fds_peak > fds_idle + n_clients + len(checkers) + 8:
        tally.fail(f"open files: {fds_idle} before the load, {fds_peak} during it with {n_clients} clients")
    if fds_after is False or fds_after > fds_idle + len(checkers):
        tally.fail(f"open files: {fds_idle} before the load, {server.open_files()} after it")

    for c in checkers.values():
        c.close()
    code = server.stop()
    if code != 0:
        tally.fail(f"the server exited with {code}: {''.join(server.stderr_tail)[-500:]}")
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(load_kinds.items())) or "none"
    print(f"soak: answers other than success during the load, by kind: {kinds}")
    if tally.failures:
        print("soak: FAILED")
        for f in tally.failures:
            print("  " + f)
        return 1
    print("soak: every invariant holds")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# bench.py -- make bench: zoho-mock under wrk beside a bare civetweb floor and WireMock, one table, bench/RESULTS.md
#
# Usage (make bench does this): bench/bench.py BUILD_DIR
# Needs wrk and java on PATH and build/bench/node_modules/wiremock (make bench installs them).
# Every server listens on 127.0.0.1 only; every load is bounded in time.
import atexit
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build"))
MOCK = os.path.join(BUILD, "zoho-mock")
FLOOR = os.path.join(BUILD, "bench-floor")
JAR_DIR = os.path.join(BUILD, "bench", "node_modules", "wiremock", "build")

ORG_A, ORG_B = "10234695", "10234700"
TOKEN = "1000.full.jane"            # a member of both organizations
AUTH = "Authorization: Zoho-oauthtoken " + TOKEN
V1 = "/inventory/v1"
THREADS, CONNECTIONS = 2, 32        # wrk -t2 -c32, as in issue 12
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
# BENCH_ONLY=engine: the floor and the engine's cases only, printed (RESULTS.md untouched).
ONLY = os.environ.get("BENCH_ONLY", "")
WORK = tempfile.mkdtemp(prefix="zoho-bench-")
LOAD_AT_START = os.getloadavg()
LAST_START_CPU_MS = 0.0
STARTED = []        # every server started: none outlives the bench, even when it fails


@atexit.register
def stop_all():
    for proc in STARTED:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def http(port, method, path, body=None, headers=None, timeout=600):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode())
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def zoho(port, method, path, body=None, org=ORG_A):
    sep = "&" if "?" in path else "?"
    status, raw = http(port, method, f"{V1}{path}{sep}organization_id={org}", body,
                       {"Authorization": "Zoho-oauthtoken " + TOKEN})
    return status, json.loads(raw) if raw else None


def first_200_ms(argv, port, path="/__admin/health"):
    """Starts argv; milliseconds until the first 200 on path. Returns (process, ms).
    LAST_START_CPU_MS gets the CPU the process used until then."""
    global LAST_START_CPU_MS
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    STARTED.append(proc)
    request = f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"bench: {argv[0]} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(request)
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    ms = (time.perf_counter() - t0) * 1000
                    LAST_START_CPU_MS = cpu_ns_exact(proc.pid) / 1e6
                    return proc, ms
        except OSError:
            pass
        if time.perf_counter() - t0 > 120:
            raise SystemExit(f"bench: {argv[0]} did not answer within 120 s")
        time.sleep(0.0002)


def start_mock():
    port = free_port()
    # civetweb serves one keep-alive connection per worker thread: as many
    # threads as wrk's connections, or the extra connections wait.
    proc, ms = first_200_ms([MOCK, "--port", str(port), "--quiet", "--threads", str(CONNECTIONS)], port)
    SERVER_PID[port] = proc.pid
    return proc, port, ms


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class PeakRss:
    """Samples a process's RSS every 50 ms while a load runs."""

    def __init__(self, pid):
        self.pid, self.peak, self.running = pid, 0.0, True
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self):
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.05)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, rss_mb(self.pid))


def cpu_seconds(pid):
    """User + system CPU the process has used (from /proc)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_ns_exact(pid):
    """CPU time of every thread of the process in nanoseconds (schedstat)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total


SERVER_PID = {}     # port -> pid, for the CPU column


def wrk(port, path, script="plain.lua", threads=THREADS, connections=CONNECTIONS, seconds=SECONDS,
        headers=(AUTH,), env=None, measure_cpu=True):
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
            "-s", os.path.join(HERE, "wrk", script)]
    for h in headers:
        argv += ["-H", h]
    argv.append(f"http://127.0.0.1:{port}{path}")
    e = dict(os.environ, BENCH_DIR=HERE, BENCH_WORK=WORK, BENCH_THREADS=str(threads),
             BENCH_CONNECTIONS=str(connections), **(env or {}))
    pid = SERVER_PID.get(port) if measure_cpu else None
    cpu0 = cpu_seconds(pid) if pid else None
    out = subprocess.run(argv, capture_output=True, text=True, env=e, timeout=seconds + 120)
    for line in out.stdout.splitlines():
        if line.startswith("BENCH "):
            r = json.loads(line[6:])
            if pid and r["requests"]:
                # The server's own CPU per request: what the machine's other
                # load does not change much (wall latencies it does).
                r["cpu_us"] = (cpu_seconds(pid) - cpu0) * 1e6 / r["requests"]
            return r
    raise SystemExit(f"bench: wrk gave no report:\n{out.stdout}\n{out.stderr}")


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        f.write(text)
    return path


# ------------------------------------------------------------------ the cases

rows = []           # (label, wrk report or None, notes)
memory = []         # (label, value)


def row(label, report, note=""):
    rows.append((label, report, note))
    r = report
    print(f"  {label}: {r['rps']:.0f} req/s, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
          f"CPU {r.get('cpu_us', 0):.0f} us/req"
          f"{', ' + str(r['non2xx']) + ' non-2xx' if r['non2xx'] else ''} {note}", flush=True)


def plain_items(port):
    status, items = zoho(port, "GET", "/items")
    plain = [i["item_id"] for i in items["items"]
             if not i.get("track_serial_number") and not i.get("track_batch_number")]
    return plain[:5]


def seed(port, org, counts=0, lines=10, adjustments=0, item_ids=None, assignee=None):
    body = {"organization_id": org, "inventorycounts": counts, "line_items": lines, "adjustments": adjustments}
    if item_ids:
        body["item_ids"] = item_ids
    if assignee:
        body["assignee_id"] = assignee
    status, raw = http(port, "POST", "/__admin/seed", body)
    if status != 201:
        raise SystemExit(f"bench: seed failed: {status} {raw[:300]}")
    return json.loads(raw)


def seed_documents(port, org, documents):
    """POST /__admin/seed {"documents": [...]}: the new ids by module."""
    status, raw = http(port, "POST", "/__admin/seed", {"organization_id": org, "documents": documents})
    if status != 201:
        raise SystemExit(f"bench: seeding documents failed: {status} {raw[:300]}")
    return json.loads(raw)["document_ids"]


def fresh_pages(port, path_format, first, last):
    """GET path_format.format(page) once for each page, one client: a wrk-like
    report (latency percentiles, the server's CPU per request)."""
    pid = SERVER_PID[port]
    cpu0, t0, times = cpu_ns_exact(pid), time.perf_counter(), []
    headers = {"Authorization": "Zoho-oauthtoken " + TOKEN}
    for page in range(first, last + 1):
        t = time.perf_counter()
        status, _ = http(port, "GET", path_format.format(page), headers=headers)
        times.append((time.perf_counter() - t) * 1000)
        if status != 200:
            raise SystemExit(f"bench: page {page}: {status}")
    seconds = time.perf_counter() - t0
    times.sort()
    return {"requests": len(times), "rps": len(times) / seconds, "p50_ms": times[len(times) // 2],
            "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))], "max_ms": times[-1], "non2xx": 0,
            "cpu_us": (cpu_ns_exact(pid) - cpu0) / 1e3 / len(times)}


def engine_cases():
    """The generic engine's modules at 10,000 documents each: list page 1,
    another sort, a 10-row search, create a sales order."""
    proc, port, _ = start_mock()
    base = rss_mb(proc.pid)
    items = plain_items(port)
    status, contacts = zoho(port, "GET", "/contacts")
    customers = [c["contact_id"] for c in contacts["contacts"] if c.get("contact_type") == "customer"]
    dates = [f"2025-{m:02d}-{d:02d}" for m in range(1, 13) for d in (3, 11, 19, 27)]
    lines = [[{"item_id": items[(k + j) % len(items)], "quantity": 1 + j, "rate": 10 + 5 * j} for j in range(3)]
             for k in range(len(items))]
    n = 10000
    t0 = time.perf_counter()
    seed_documents(port, ORG_A, [
        {"module": "contacts", "count": n,
         "body": {"contact_name": "Customer {n:5}", "company_name": "Company {n}",
                  "email": "buyer{n}@example.com", "contact_type": "customer"}},
        {"module": "items", "count": n, "body": {"name": "Bench item {n:5}", "sku": "BENCH-{n:5}", "rate": 12.5}},
        {"module": "salesorders", "count": n, "body": {"reference_number": "REF-{n:5}"},
         "vary": {"customer_id": customers, "date": dates, "line_items": lines}},
    ])
    seeded = time.perf_counter() - t0
    time.sleep(0.2)
    model = rss_mb(proc.pid)
    memory.append((f"{n:,} contacts, {n:,} items, {n:,} sales orders (3 lines): seeding, RSS",
                   f"{seeded:.1f} s ({seeded / (3 * n) * 1e6:.0f} µs a document); "
                   f"{base:.0f} MB before, {model:.0f} MB after"))

    def page_kb(path):
        return len(http(port, "GET", path, headers={"Authorization": "Zoho-oauthtoken " + TOKEN})[1]) / 1024

    for module in ("salesorders", "items", "contacts"):
        path = f"{V1}/{module}?organization_id={ORG_A}"
        r = wrk(port, path, threads=1, connections=1)
        row(f"zoho-mock list page 1 (200 rows) over {n:,} {module}, 1 client", r, f"{page_kb(path):.0f} KB")
    path = f"{V1}/salesorders?organization_id={ORG_A}&sort_column=date&sort_order=A&page=3"
    r = wrk(port, path, threads=1, connections=1)
    row(f"zoho-mock list page 3 of {n:,} sales orders by date, 1 client", r)
    path = f"{V1}/salesorders?organization_id={ORG_A}&sort_column=customer_name&sort_order=D"
    r = wrk(port, path, threads=1, connections=1)
    row(f"zoho-mock list page 1 of {n:,} sales orders by customer_name, 1 client", r)
    r = fresh_pages(port, f"{V1}/salesorders?organization_id={ORG_A}&sort_column=date&sort_order=A&page={{}}", 2, 41)
    row(f"zoho-mock list pages 2-41 of {n:,} sales orders by date, each once (rows printed afresh), 1 client", r)
    path = f"{V1}/salesorders?organization_id={ORG_A}&sort_column=total"
    r = wrk(port, path, threads=1, connections=1)
    row(f"zoho-mock list page 1 of {n:,} sales orders by total (a column no table keeps: all sorted), 1 client", r)
    path = f"{V1}/salesorders?organization_id={ORG_A}&search_text=REF-0123"
    found = len(zoho(port, "GET", "/salesorders?search_text=REF-0123")[1]["salesorders"])
    r = wrk(port, path, threads=1, connections=1)
    row(f"zoho-mock list, search_text finding {found} of {n:,} sales orders, 1 client", r)
    path = f"{V1}/contacts?organization_id={ORG_A}&search_text=customer%200123"
    found = len(zoho(port, "GET", "/contacts?search_text=customer%200123")[1]["contacts"])
    r = wrk(port, path, threads=1, connections=1)
    row(f"zoho-mock list, search_text finding {found} of {n:,} contacts, 1 client", r)

    write("salesorder.json", json.dumps({"customer_id": customers[0], "line_items": lines[0],
                                         "reference_number": "bench"}))
    r = wrk(port, f"{V1}/salesorders?organization_id={ORG_A}",
            env={"BENCH_METHOD": "POST", "BENCH_BODY_FILE": os.path.join(WORK, "salesorder.json")})
    row("zoho-mock POST create sales order (3 lines)", r, f"onto {n:,}; {r['requests']:,} made")
    stop(proc)


def raw_page(port):
    return http(port, "GET", list_path(ORG_A), headers={"Authorization": "Zoho-oauthtoken " + TOKEN})[1]


def list_path(org, extra=""):
    return f"{V1}/inventorycounts?organization_id={org}{extra}"


def main():
    for tool in ("wrk", "java"):
        if subprocess.run(["sh", "-c", f"command -v {tool}"], capture_output=True).returncode:
            raise SystemExit(f"bench: {tool} is missing (make bench installs it)")
    print(f"bench: {SECONDS} s per case, wrk -t{THREADS} -c{CONNECTIONS}", flush=True)

    # Start to first 200 and idle RSS, as users start it (default options):
    # the median of five starts, wall clock and the process's own CPU.
    starts, start_cpus, idles = [], [], []
    for _ in range(5):
        port = free_port()
        proc, ms = first_200_ms([MOCK, "--port", str(port), "--quiet"], port)
        start_cpus.append(LAST_START_CPU_MS)
        time.sleep(0.3)
        idles.append(rss_mb(proc.pid))
        starts.append(ms)
        stop(proc)
    floor_starts, floor_cpus = [], []

    proc, port, _ = start_mock()
    items = plain_items(port)
    # A count whose retrieve is about 3.4 KB: the body every server answers.
    lines = [{"item_id": i} for i in items]
    create = {"location_id": "4815000000038080", "line_items": lines, "description": "bench"}
    write("create.json", json.dumps(create))
    write("count.json", json.dumps({"line_items": [{"item_id": i, "counted_quantity": 7} for i in items]}))
    write("approve.json", json.dumps({"line_items": [{"item_id": i, "approval_status": "approved"} for i in items]}))
    status, made = zoho(port, "POST", "/inventorycounts", create)
    count_id = made["inventorycount"]["inventorycount_id"]
    get_path = f"{V1}/inventorycounts/{count_id}?organization_id={ORG_A}"
    status, raw = http(port, "GET", get_path, headers={"Authorization": "Zoho-oauthtoken " + TOKEN})
    body_file = write("body.json", raw.decode())
    body_kb = len(raw) / 1024

    # The floor: a bare civetweb handler with the same body.
    fport = free_port()
    for _ in range(5):
        fproc, ms = first_200_ms([FLOOR, str(fport), body_file], fport)
        floor_starts.append(ms)
        floor_cpus.append(LAST_START_CPU_MS)
        stop(fproc)
    fproc, _ = first_200_ms([FLOOR, str(fport), body_file], fport)
    SERVER_PID[fport] = fproc.pid
    with PeakRss(fproc.pid) as peak:
        floor = wrk(fport, get_path, headers=())
    row("bare civetweb, fixed body (the floor)", floor, f"{body_kb:.1f} KB; start {statistics.median(floor_starts):.1f} ms, RSS {peak.peak:.1f} MB")
    stop(fproc)

    with PeakRss(proc.pid) as peak:
        get = wrk(port, get_path)
    row("zoho-mock GET /inventorycounts/{id}", get, f"same {body_kb:.1f} KB body; RSS under load {peak.peak:.1f} MB")
    if ONLY == "engine":
        stop(proc)
        engine_cases()
        print_table(floor)
        return

    # WireMock: the same body at the same path, JIT warmed first.
    jars = [j for j in os.listdir(JAR_DIR) if j.endswith(".jar")] if os.path.isdir(JAR_DIR) else []
    wm = None
    if jars:
        wport = free_port()
        wproc, wstart = first_200_ms(["java", "-jar", os.path.join(JAR_DIR, jars[0]), "--port", str(wport),
                                      "--bind-address", "127.0.0.1", "--disable-banner", "--no-request-journal"],
                                     wport, "/__admin/health")
        widle = rss_mb(wproc.pid)
        SERVER_PID[wport] = wproc.pid
        http(wport, "POST", "/__admin/mappings", {
            "request": {"method": "GET", "url": get_path},
            "response": {"status": 200, "body": raw.decode(),
                         "headers": {"Content-Type": "application/json;charset=UTF-8", "Cache-Control": "no-cache"}}})
        wrk(wport, get_path, seconds=10)        # JIT warm-up, not measured
        with PeakRss(wproc.pid) as peak:
            wm = wrk(wport, get_path)
        row("WireMock 3.13.2, same body (JIT warmed)", wm, f"start {wstart:.0f} ms, RSS idle {widle:.0f} / load {peak.peak:.0f} MB")
        stop(wproc)

    # Create (5 lines), then each lifecycle step over seeded counts, then the whole flow.
    create_r = wrk(port, f"{V1}/inventorycounts?organization_id={ORG_A}",
                   env={"BENCH_METHOD": "POST", "BENCH_BODY_FILE": os.path.join(WORK, "create.json")})
    row("zoho-mock POST create count (5 lines)", create_r)
    jane = "4815000000012300"
    ids = seed(port, ORG_A, counts=60000, lines=len(items), item_ids=items, assignee=jane)["inventorycount_ids"]
    ids_file = write("ids-start.txt", "\n".join(ids) + "\n")
    bodies = {"count": os.path.join(WORK, "count.json"), "approve": os.path.join(WORK, "approve.json")}
    for step in ("start", "count", "submit", "approve"):
        done_file = os.path.join(WORK, f"ids-{step}-done.txt")
        env = {"BENCH_STEP": step, "BENCH_IDS": ids_file, "BENCH_DONE": done_file,
               "BENCH_PREFIX": f"{V1}/inventorycounts/", "BENCH_QUERY": f"?organization_id={ORG_A}"}
        if step in bodies:
            env["BENCH_BODY_FILE"] = bodies[step]
        r = wrk(port, "/", script="steps.lua", seconds=3, env=env)
        pool = sum(1 for _ in open(ids_file))
        note = f"{r['ok']} of {pool} counts"
        if r["ok"] >= pool:
            # The ids ran out before the 3 s: wrk's req/s counts the idle tail.
            r = dict(r, rps=r["little_rps"])
            note += "; all done early: req/s = connections / mean latency"
        row(f"zoho-mock lifecycle step: {step}", r, note)
        ids_file = done_file
    flow = wrk(port, "/", script="flow.lua", threads=4, connections=4,
               env={"BENCH_PREFIX": f"{V1}/inventorycounts", "BENCH_QUERY": f"?organization_id={ORG_A}"})
    row("zoho-mock five-step lifecycle (4 clients)", flow, f"{flow['flows_per_s']:.0f} flows/s")
    stop(proc)

    # Lists: page 1 (200 rows) at 1k, 10k (and with 100k in another organization), 100k.
    proc, port, _ = start_mock()
    base = rss_mb(proc.pid)
    have = 0
    for size in (1000, 10000):
        seed(port, ORG_A, counts=size - have)
        have = size
        time.sleep(0.2)
        model = rss_mb(proc.pid)
        one = wrk(port, list_path(ORG_A), threads=1, connections=1)
        with PeakRss(proc.pid) as peak:
            r = wrk(port, list_path(ORG_A))
        row(f"zoho-mock list page 1 (200 rows) over {size:,} counts, 1 client", one, f"{len(raw_page(port))/1024:.0f} KB")
        row(f"zoho-mock list page 1 (200 rows) over {size:,} counts, 32 connections", r,
            f"RSS {model:.0f} MB at rest, {peak.peak:.0f} MB under this load ({peak.peak / model:.2f}x)")
        memory.append((f"{size:,} counts x 10 lines: RSS at rest / under list load",
                       f"{model:.0f} / {peak.peak:.0f} MB ({peak.peak / model:.2f}x)"))
    # A search that finds 10 of them: ten counts with their own description.
    for _ in range(10):
        zoho(port, "POST", "/inventorycounts", dict(create, description="needle-search"))
    r = wrk(port, list_path(ORG_A, "&search_text=needle-search"), threads=1, connections=1)
    row("zoho-mock list, search_text finding 10 of 10,010, 1 client", r)
    r = wrk(port, list_path(ORG_A, "&status=counting"), threads=1, connections=1)
    row("zoho-mock list, status filter finding 0 of 10,010, 1 client", r)
    # Another organization's data does not change this one's cost.
    seed(port, ORG_B, counts=100000, lines=6)     # Zylker Retail has 6 items
    r = wrk(port, list_path(ORG_A), threads=1, connections=1)
    row("zoho-mock list page 1 over 10,010 counts, 100,000 in another org, 1 client", r)
    # Two organizations from two clients vs one (the list page, 200 rows each).
    one = wrk(port, list_path(ORG_B), threads=1, connections=16)
    results = {}

    def load(org):
        results[org] = wrk(port, list_path(org), threads=1, connections=16, measure_cpu=False)
    pair = [threading.Thread(target=load, args=(o,)) for o in (ORG_A, ORG_B)]
    cpu0 = cpu_seconds(proc.pid)
    for t in pair:
        t.start()
    for t in pair:
        t.join()
    both = results[ORG_A]["rps"] + results[ORG_B]["rps"]
    served = results[ORG_A]["requests"] + results[ORG_B]["requests"]
    pair_cpu = (cpu_seconds(proc.pid) - cpu0) * 1e6 / max(served, 1)
    row("zoho-mock list, one org from one client (-t1 -c16)", one,
        f"server CPU {one['cpu_us'] * one['rps'] / 1e6:.2f} cores")
    rows.append(("zoho-mock list, two orgs from two clients (sum)", dict(results[ORG_A], rps=both, cpu_us=pair_cpu),
                 f"{both / one['rps']:.2f}x one organization; server CPU {pair_cpu * both / 1e6:.2f} cores"))
    print(f"  two organizations: {both:.0f} req/s = {both / one['rps']:.2f}x one", flush=True)
    stop(proc)

    proc, port, _ = start_mock()
    seed(port, ORG_A, counts=100000)
    time.sleep(0.2)
    model = rss_mb(proc.pid)
    one = wrk(port, list_path(ORG_A), threads=1, connections=1)
    with PeakRss(proc.pid) as peak:
        r = wrk(port, list_path(ORG_A))
    row("zoho-mock list page 1 (200 rows) over 100,000 counts, 1 client", one)
    row("zoho-mock list page 1 (200 rows) over 100,000 counts, 32 connections", r,
        f"RSS {model:.0f} MB at rest, {peak.peak:.0f} MB under this load ({peak.peak / model:.2f}x)")
    memory.append(("100,000 counts x 10 lines: RSS at rest / under list load",
                   f"{model:.0f} / {peak.peak:.0f} MB ({peak.peak / model:.2f}x)"))
    stop(proc)

    engine_cases()

    memory.insert(0, ("start to first 200 (median of 5, default options)",
                      f"{statistics.median(starts):.1f} ms, {statistics.median(start_cpus):.1f} ms of CPU "
                      f"(floor {statistics.median(floor_starts):.1f} ms, {statistics.median(floor_cpus):.1f} ms of CPU)"))
    memory.insert(1, ("idle RSS (default fixtures)", f"{statistics.median(idles):.1f} MB"))
    report(floor, get, wm, body_kb)


def table_lines(floor):
    lines = ["| case | req/s | vs floor | p50 ms | p99 ms | max ms | server CPU per request | notes |",
             "|---|---|---|---|---|---|---|---|"]
    for label, r, note in rows:
        vs = f"{100 * r['rps'] / floor['rps']:.0f}%"
        bad = f"; {r['non2xx']} non-2xx" if r.get("non2xx") else ""
        cpu = f"{r['cpu_us']:,.0f} µs" if r.get("cpu_us") else ""
        lines.append(f"| {label} | {r['rps']:,.0f} | {vs} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                     f"{r['max_ms']:.1f} | {cpu} | {note}{bad} |")
    lines += ["", "| memory and start | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in memory]
    return lines


def print_table(floor):
    load = os.getloadavg()
    print(f"\nload average {LOAD_AT_START[0]:.1f} at the start, {load[0]:.1f} at the end\n")
    print("\n".join(table_lines(floor)))


def report(floor, get, wm, body_kb):
    load = os.getloadavg()
    machine = (f"{cpu_model()}, {os.cpu_count()} cores, {mem_gb():.0f} GB, Linux {platform.release()}; "
               f"load average {LOAD_AT_START[0]:.1f} at the start, {load[0]:.1f} at the end")
    lines = ["# make bench: results", "",
             f"One run of `make bench` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
             f"commit {commit()}), "
             f"replaced by the next. Machine: {machine}. "
             f"Load: wrk -t{THREADS} -c{CONNECTIONS} for {SECONDS} s per case unless the case says otherwise, "
             f"keep-alive, loopback; the server under test shares the 2 cores with wrk.", ""]
    lines += table_lines(floor)
    if wm:
        lines += ["", f"GET one resource: zoho-mock {get['rps'] / floor['rps']:.0%} of the floor, "
                  f"{get['rps'] / wm['rps']:.1f}x WireMock."]
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    analysis = os.path.join(HERE, "ANALYSIS.md")
    with open(os.path.join(HERE, "RESULTS.md"), "w") as f:
        f.write(text)
        if os.path.exists(analysis):
            f.write("\n" + open(analysis).read())


def commit():
    out = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def mem_gb():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0


if __name__ == "__main__":
    main()

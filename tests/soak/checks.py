"""checks.py -- the soak's invariants: stock figures, document statuses and list totals, read back through the API"""
from client import Refused

# The lists the soak's documents count in, and the key of their rows.
LISTS = {
    "inventoryadjustments": "inventory_adjustments", "inventorycounts": "inventorycounts",
    "transferorders": "transfer_orders", "salesorders": "salesorders", "packages": "packages",
    "invoices": "invoices", "salesreturns": "salesreturns", "creditnotes": "creditnotes",
    "purchaseorders": "purchaseorders", "bills": "bills", "vendorcredits": "vendorcredits",
}
EPSILON = 1e-6


def figures(client):
    """{(item, location): [accounting, physical, committed]} of every item
    of the organization, as GET /items/{id} prints them per location, and
    {item: committed_stock}."""
    out, committed = {}, {}
    for item in item_ids(client):
        it = client.ok("GET", f"/items/{item}")["item"]
        committed[item] = float(it.get("committed_stock") or 0)
        for loc in it.get("locations") or []:
            physical = float(loc["location_available_stock"])
            out[(item, loc["location_id"])] = [float(loc["location_stock_on_hand"]), physical,
                                               physical - float(loc["location_actual_available_stock"])]
    return out, committed


def item_ids(client):
    return [row["item_id"] for row in rows(client, "items", "items")]


def rows(client, module, key):
    """Every row of a list, page by page (page_context.has_more_page)."""
    out, page = [], 1
    while True:
        a = client.ok("GET", f"/{module}", query=f"per_page=200&page={page}")
        if not isinstance(a.get(key), list) or not isinstance(a.get("page_context"), dict):
            client.tally.fail(f"GET /{module}: no list {key} with page_context: {str(a)[:200]}")
            return out
        out += a[key]
        if not a["page_context"].get("has_more_page"):
            return out
        page += 1


def list_totals(client):
    return {module: len(rows(client, module, key)) for module, key in LISTS.items()}


def expected_figures(base, docs):
    """The start plus what every surviving document moves."""
    want = {k: list(v) for k, v in base.items()}
    for d in docs:
        if not d.live:
            continue
        for item, loc, accounting, physical in d.moves:
            f = want.setdefault((item, loc), [0.0, 0.0, 0.0])
            f[0] += accounting
            f[1] += physical
        for item, loc, committed in getattr(d, "committed", lambda: [])():
            want.setdefault((item, loc), [0.0, 0.0, 0.0])[2] += committed
    return want


def check_figures(client, base, docs, tally, org):
    got, committed = figures(client)
    want = expected_figures(base, docs)
    bad = 0
    for key in sorted(set(want) | set(got)):
        w, g = want.get(key, [0, 0, 0]), got.get(key, [0, 0, 0])
        for name, a, b in zip(("accounting", "physical", "committed"), g, w):
            if abs(a - b) > EPSILON:
                bad += 1
                tally.fail(f"org {org}: item {key[0]} at {key[1]}: {name} {a:g}, expected {b:g}")
    for item, c in committed.items():
        w = sum(v[2] for (i, _), v in want.items() if i == item)
        if abs(c - w) > EPSILON:
            bad += 1
            tally.fail(f"org {org}: item {item}: committed_stock {c:g}, expected {w:g}")
    return len(got), bad


def record_of(answer):
    """The record of a retrieve: the one object beside code and message."""
    objs = [v for k, v in answer.items() if isinstance(v, dict) and k not in ("page_context",)]
    return objs[0] if len(objs) == 1 else None


def check_documents(client, docs, tally, org):
    """Each surviving document is there in the status its history allows;
    each deleted one answers 404 code 1002."""
    checked = 0
    for d in docs:
        if not d.readable:
            continue
        try:
            status, a = client.call("GET", f"{d.path}/{d.id}")
        except Refused:
            continue
        checked += 1
        if not d.live:
            if status != 404 or a.get("code") != 1002:
                tally.fail(f"org {org}: deleted {d.module} {d.id} answers {status} {a.get('code')}")
            continue
        rec = record_of(a) if status == 200 else None
        if rec is None:
            tally.fail(f"org {org}: {d.module} {d.id}: {status} {str(a)[:200]}")
            continue
        allowed = d.allowed_statuses()
        if allowed is not None and rec.get("status") not in allowed:
            tally.fail(f"org {org}: {d.module} {d.id} is {rec.get('status')}, its history allows {' or '.join(allowed)}")
    return checked


def check_totals(client, before, created, deleted, tally, org):
    after = list_totals(client)
    for module, n in after.items():
        want = before[module] + created.get(module, 0) - deleted.get(module, 0)
        if n != want:
            tally.fail(f"org {org}: {module} lists {n}, expected {before[module]} + {created.get(module, 0)} created"
                       f" - {deleted.get(module, 0)} deleted = {want}")
    return after

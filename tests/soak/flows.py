"""flows.py -- the soak's documents: the lifecycles one client runs, what each surviving document moves, the status its history allows"""
import random
import time

from client import Refused

DATE = "2025-06-15"


class Doc:
    """A document the soak made. `moves` lists (item, location, accounting,
    physical) it moves while it lives in its status; `status` is the one its
    history led to, `also` statuses the clock may have turned it into
    (overdue); `module` the list it counts in."""

    def __init__(self, module, path, id_, status=None, also=()):
        self.module, self.path, self.id, self.status, self.also = module, path, id_, status, also
        self.live = True
        self.moves = []
        self.readable = True     # Zoho documents a retrieve for it

    def allowed_statuses(self):
        """The statuses its history allows; None: not checked."""
        return None if self.status is None else (self.status,) + tuple(self.also)


class Order(Doc):
    """A sales order: commits, at its location, what its lines have not shipped."""

    def __init__(self, id_, location, lines):
        super().__init__("salesorders", "/salesorders", id_, "draft")
        self.location, self.lines = location, lines          # lines: [{item, qty, line_id}]
        self.packages, self.invoices = [], []

    def shipped(self, line_id):
        return sum(q for p in self.packages if p.live and p.shipment and p.shipment.live
                   for lid, q in p.lines if lid == line_id)

    def invoiced(self, line_id):
        return sum(q for inv in self.invoices if inv.live for lid, q in inv.order_lines if lid == line_id)

    def committed(self):
        if not self.live or self.status in ("draft", "void"):
            return []
        return [(l["item"], self.location, l["qty"] - self.shipped(l["line_id"])) for l in self.lines]

    def allowed_statuses(self):
        if self.status != "confirmed":
            return (self.status,)
        done = all(self.shipped(l["line_id"]) == l["qty"] and self.invoiced(l["line_id"]) == l["qty"]
                   for l in self.lines)
        return ("closed",) if done else ("confirmed",)


class Package(Doc):
    def __init__(self, id_, lines):
        super().__init__("packages", "/packages", id_)
        self.lines = lines       # [(order line id, qty)]
        self.shipment = None

    def allowed_statuses(self):
        return ("shipped",) if self.shipment and self.shipment.live else ("not_shipped",)


class Purchase(Doc):
    """A purchase order: its status follows what was received and billed."""

    def __init__(self, id_, qty, line_id):
        super().__init__("purchaseorders", "/purchaseorders", id_, "draft")
        self.qty, self.line_id = qty, line_id
        self.receives, self.bills = [], []

    def allowed_statuses(self):
        if self.status != "issued":
            return (self.status,)
        received = sum(d.qty for d in self.receives if d.live)
        billed = sum(d.qty for d in self.bills if d.live)
        if received == self.qty and billed == self.qty:
            return ("closed",)
        if received == self.qty:
            return ("received",)
        return ("partially_received",) if received else ("issued",)


class Flow:
    """One lifecycle of one client: its documents and how to undo it, step by
    step, last step first (which is the order Zoho's dependencies allow)."""

    def __init__(self, kind):
        self.kind = kind
        self.docs = []
        self.undo = []           # callables, the last is undone first

    def add(self, doc):
        self.docs.append(doc)
        return doc


class Runner:
    """The lifecycles of one client in one organization."""

    MAX_FLOWS = 10               # flows a client keeps; older ones are undone

    def __init__(self, name, client, org, rng, permanent_until):
        self.name, self.c, self.org, self.rng = name, client, org, rng
        self.permanent_until = permanent_until
        self.bills_made = 0
        self.flows = []
        self.created, self.deleted = {}, {}

    # --------------------------------------------------------- helpers

    def _made(self, module):
        self.created[module] = self.created.get(module, 0) + 1

    def _keep(self, flow, doc):
        """A document just made: part of the flow, counted, undone by its delete."""
        flow.add(doc)
        self._made(doc.module)
        flow.undo.append(lambda: self._delete(doc))
        return doc

    def _delete(self, doc):
        self.c.ok("DELETE", f"{doc.path}/{doc.id}")
        doc.live = False
        self.deleted[doc.module] = self.deleted.get(doc.module, 0) + 1

    def _item(self):
        return self.rng.choice(self.org["items"])

    def _loc(self):
        return self.rng.choice(self.org["locations"])

    # ------------------------------------------------------- lifecycles

    def adjustment(self, flow):
        item, loc, q = self._item(), self._loc(), self.rng.choice([-3, -2, -1, 1, 2, 3])
        a = self.c.ok("POST", "/inventoryadjustments", {
            "date": DATE, "reason": "Damaged goods", "adjustment_type": "quantity",
            "line_items": [{"item_id": item, "location_id": loc, "quantity_adjusted": q}]})
        doc = self._keep(flow, Doc("inventoryadjustments", "/inventoryadjustments",
                                   a["inventory_adjustment"]["inventory_adjustment_id"], "adjusted"))
        doc.moves = [(item, loc, q, q)]

    def stock_count(self, flow):
        loc = self._loc()
        items = self.rng.sample(self.org["items"], min(2, len(self.org["items"])))
        a = self.c.ok("POST", "/inventorycounts", {"location_id": loc, "line_items": [{"item_id": i} for i in items]})
        doc = self._keep(flow, Doc("inventorycounts", "/inventorycounts", a["inventorycount"]["inventorycount_id"], "yet_to_start"))
        if self.rng.random() < 0.2:
            return
        self.c.ok("POST", f"/inventorycounts/{doc.id}/start")
        doc.status = "counting"
        if self.rng.random() < 0.15:
            self.c.ok("POST", f"/inventorycounts/{doc.id}/cancel")
            doc.status = "cancelled"
            return
        lines = self.c.ok("GET", f"/inventorycounts/{doc.id}")["inventorycount"]["line_items"]
        # A variance makes an adjustment Zoho never deletes (nor the count):
        # only during warm-up, so that the data stays bounded afterwards.
        permanent = time.monotonic() < self.permanent_until and self.rng.random() < 0.5
        if not permanent and any(float(l["system_quantity"]) < 0 for l in lines):
            self.c.ok("POST", f"/inventorycounts/{doc.id}/cancel")      # a count cannot be negative
            doc.status = "cancelled"
            return
        counted = []
        for line in lines:
            system = float(line["system_quantity"])
            want = max(0, system + (self.rng.choice([-2, -1, 1, 2]) if permanent else 0))
            counted.append((line["item_id"], want, want - system))
        self.c.ok("PUT", f"/inventorycounts/{doc.id}/count", {
            "next_action": "submit",
            "line_items": [{"item_id": i, "counted_quantity": q} for i, q, _ in counted]})
        doc.status = "submitted"
        a = self.c.ok("PUT", f"/inventorycounts/{doc.id}/approve", {
            "line_items": [{"item_id": i, "approval_status": "approved"} for i, _, _ in counted]})
        doc.status = "completed"
        made = a["inventorycount"].get("inventory_adjustments") or []
        variances = [(i, loc, v, v) for i, _, v in counted if v]
        adjusted = [(l["item_id"], loc, l["quantity_adjusted"], l["quantity_adjusted"])
                    for adj in made for l in adj["line_items"]]
        if sorted(adjusted) != sorted(variances):
            self.c.tally.fail(f"count {doc.id}: variances {variances}, its adjustments moved {adjusted}")
        for adj in made:         # the approval's own adjustment, which stays
            rec = flow.add(Doc("inventoryadjustments", "/inventoryadjustments", adj["inventory_adjustment_id"], "adjusted"))
            rec.moves = variances
            self._made(rec.module)
        if made:
            flow.undo.clear()    # a count with adjustments is not deleted

    def transfer(self, flow):
        item = self._item()
        src, dst = self.rng.sample(self.org["locations"], 2)
        q = self.rng.randint(1, 4)
        how = self.rng.choice(["transferred", "in_transit", "draft"])
        body = {"date": DATE, "from_location_id": src, "to_location_id": dst,
                "line_items": [{"item_id": item, "name": "x", "quantity_transfer": q}]}
        if how == "in_transit":
            body["is_intransit_order"] = True
        elif how == "draft":
            body["status"] = "draft"
        a = self.c.ok("POST", "/transferorders", body)
        doc = self._keep(flow, Doc("transferorders", "/transferorders", a["transfer_order"]["transfer_order_id"], how))

        def set_moves():
            doc.moves = []
            if doc.status in ("in_transit", "transferred"):
                doc.moves.append((item, src, -q, -q))
            if doc.status == "transferred":
                doc.moves.append((item, dst, q, q))
        set_moves()
        if doc.status != "transferred" and self.rng.random() < 0.6:
            verb = "intransit" if doc.status == "draft" and self.rng.random() < 0.5 else "markastransferred"
            self.c.ok("POST", f"/transferorders/{doc.id}/{verb}")
            doc.status = "in_transit" if verb == "intransit" else "transferred"
            set_moves()

    def order_to_cash(self, flow):
        loc = self._loc()
        items = self.rng.sample(self.org["items"], min(2, len(self.org["items"])))
        a = self.c.ok("POST", "/salesorders", {
            "customer_id": self.org["customer"], "date": DATE, "location_id": loc,
            "line_items": [{"item_id": i, "quantity": self.rng.randint(2, 6), "rate": 10} for i in items]})
        so = a["sales_order"]
        order = self._keep(flow, Order(so["salesorder_id"], loc, [
                                   {"item": l["item_id"], "qty": l["quantity"], "line_id": l["line_item_id"]}
                                   for l in so["line_items"]]))
        if self.rng.random() < 0.1:
            return
        self.c.ok("POST", f"/salesorders/{order.id}/status/confirmed")
        order.status = "confirmed"

        def void():
            self.c.ok("POST", f"/salesorders/{order.id}/status/void")
            order.status = "void"
        flow.undo.append(void)
        if self.rng.random() < 0.15:
            return

        # A package of part of each line, then its shipment.
        packed = [(l["line_id"], self.rng.randint(1, l["qty"]), l["item"]) for l in order.lines]
        a = self.c.ok("POST", "/packages", {"date": DATE, "line_items": [
            {"so_line_item_id": lid, "quantity": q} for lid, q, _ in packed]}, query=f"salesorder_id={order.id}")
        pkg = self._keep(flow, Package(a["package"]["package_id"], [(lid, q) for lid, q, _ in packed]))
        order.packages.append(pkg)
        a = self.c.ok("POST", "/shipmentorders", {"date": DATE, "delivery_method": "DHL", "tracking_number": "SOAK"},
                      query=f"package_ids={pkg.id}&salesorder_id={order.id}")
        ship = self._keep(flow, Doc("shipmentorders", "/shipmentorders", a["shipment_order"]["shipment_id"], "shipped"))
        ship.moves = [(item, loc, 0, -q) for _, q, item in packed]
        pkg.shipment = ship
        if self.rng.random() < 0.15:
            return

        # An invoice of part of each line, sent.
        billed = [(l["line_id"], self.rng.randint(1, l["qty"]), l["item"]) for l in order.lines]
        a = self.c.ok("POST", "/invoices", {"customer_id": self.org["customer"], "date": DATE, "line_items": [
            {"item_id": item, "quantity": q, "rate": 10, "salesorder_item_id": lid} for lid, q, item in billed]},
            query="send=true")
        inv = self._keep(flow, Doc("invoices", "/invoices", a["invoice"]["invoice_id"], "sent", ("overdue",)))
        inv.order_lines = [(lid, q) for lid, q, _ in billed]
        inv.moves = [(item, loc, -q, 0) for _, q, item in billed]
        order.invoices.append(inv)
        if self.rng.random() < 0.2:
            return

        # Part of what shipped comes back: the return, its receive, its credit note.
        back = [(lid, self.rng.randint(1, q), item) for lid, q, item in packed]
        a = self.c.ok("POST", "/salesreturns", {"date": DATE, "line_items": [
            {"salesorder_item_id": lid, "quantity": q} for lid, q, _ in back]}, query=f"salesorder_id={order.id}")
        ret = self._keep(flow, Doc("salesreturns", "/salesreturns", a["salesreturn"]["salesreturn_id"]))
        rlines = {l["salesorder_item_id"]: l["line_item_id"] for l in a["salesreturn"]["line_items"]}
        a = self.c.ok("POST", "/salesreturnreceives", {"date": DATE, "line_items": [
            {"line_item_id": rlines[lid], "quantity": q} for lid, q, _ in back]}, query=f"salesreturn_id={ret.id}")
        rcv = self._keep(flow, Doc("salesreturnreceives", "/salesreturnreceives", a["salesreturn"]["receive_id"]))
        rcv.readable = False
        rcv.moves = [(item, loc, 0, q) for _, q, item in back]
        a = self.c.ok("POST", "/creditnotes", {"customer_id": self.org["customer"], "date": DATE, "line_items": [
            {"item_id": item, "quantity": q, "rate": 10, "salesreturn_item_id": rlines[lid]} for lid, q, item in back]})
        cn = self._keep(flow, Doc("creditnotes", "/creditnotes", a["creditnote"]["creditnote_id"], "open"))
        cn.moves = [(item, loc, q, 0) for _, q, item in back]

    def procure_to_pay(self, flow):
        item, loc, q = self._item(), self._loc(), self.rng.randint(2, 6)
        vendor = self.org["vendor"]
        a = self.c.ok("POST", "/purchaseorders", {"vendor_id": vendor, "date": DATE, "line_items": [
            {"item_id": item, "quantity": q, "rate": 5, "location_id": loc}]})
        po = a["purchase_order"]
        order = self._keep(flow, Purchase(po["purchaseorder_id"], q, po["line_items"][0]["line_item_id"]))
        if self.rng.random() < 0.1:
            return
        self.c.ok("POST", f"/purchaseorders/{order.id}/status/issued")
        order.status = "issued"
        received = 0
        for _ in range(self.rng.randint(1, 2)):
            r = self.rng.randint(1, q - received)
            a = self.c.ok("POST", "/purchasereceives", {"date": DATE, "line_items": [
                {"line_item_id": order.line_id, "quantity": r}]}, query=f"purchaseorder_id={order.id}")
            rcv = self._keep(flow, Doc("purchasereceives", "/purchasereceives", a["purchase_receive"]["receive_id"], "received"))
            rcv.qty, rcv.moves = r, [(item, loc, 0, r)]
            order.receives.append(rcv)
            received += r
            if received == q:
                break
        if self.rng.random() < 0.2:
            return
        b = self.rng.randint(1, q)
        self.bills_made += 1
        number = f"SOAK-{self.name}-{self.bills_made}"
        a = self.c.ok("POST", "/bills", {
            "vendor_id": vendor, "bill_number": number, "date": DATE, "due_date": "2025-07-15",
            "purchaseorder_id": order.id, "line_items": [
                {"purchaseorder_item_id": order.line_id, "quantity": b, "rate": 5}]})
        bill = self._keep(flow, Doc("bills", "/bills", a["bill"]["bill_id"], "open", ("overdue",)))
        bill.qty, bill.moves = b, [(item, loc, b, 0)]
        order.bills.append(bill)
        if self.rng.random() < 0.3:
            return
        v = self.rng.randint(1, b)
        a = self.c.ok("POST", "/vendorcredits", {"vendor_id": vendor, "location_id": loc, "line_items": [
            {"item_id": item, "quantity": v, "rate": 5}]})
        vc = self._keep(flow, Doc("vendorcredits", "/vendorcredits", a["vendor_credit"]["vendor_credit_id"], "open"))
        vc.moves = [(item, loc, -v, 0)]

    KINDS = [("order_to_cash", 4), ("procure_to_pay", 3), ("transfer", 2), ("adjustment", 2), ("stock_count", 1)]

    # ------------------------------------------------------------ step

    def _undo(self, flow, steps):
        while flow.undo and steps:
            flow.undo.pop()()
            steps -= 1

    def step(self):
        """One lifecycle, or one flow partly or wholly undone. A refusal
        (already tallied as a failure) leaves the flow as far as it got."""
        roll = self.rng.random()
        if self.flows and roll < 0.25:
            flow = self.rng.choice(self.flows)
            self._undo(flow, self.rng.randint(1, 3))
            return
        kinds = [k for k, w in self.KINDS for _ in range(w)]
        flow = Flow(self.rng.choice(kinds))
        self.flows.append(flow)
        try:
            getattr(self, flow.kind)(flow)
        except Refused:
            pass
        # Bounded: the oldest flow still undoable is undone whole.
        live = [f for f in self.flows if f.undo]
        if len(live) > self.MAX_FLOWS:
            self._undo(live[0], len(live[0].undo))

    def documents(self):
        return [d for f in self.flows for d in f.docs]


def new_rng(seed):
    return random.Random(seed)

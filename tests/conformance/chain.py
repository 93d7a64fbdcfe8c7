# chain.py -- the create-first walk: every documented operation called once, with ids made by the calls before it
"""How it works. Modules are walked in chain.json's `module_order`; in a
module, each collection (spec's `collection`) in the order create, get,
list, read-only others, update, sub-resources (every create first, every
delete last), actions, bulk actions, other writes, bulk delete, delete.

Ids come from the walk itself:
- a path's record id is the collection's own record (the one its create
  made), or any live record of it, made on demand with the collection's
  create (unmeasured) when there is none;
- an action runs on a fresh record, after the actions chain.json's
  `before` names (approve after submit); bulk operations on two fresh ones;
- a sub-resource's id (comment_id...) comes from what was created under the
  same record, else from the record itself (GET), else from any answer;
- a body or query field `<x>_id` is resolved by chain.json's `references`
  (fixture records, `@customer`-like makers, `<collection>:<path>` values),
  else by the collection whose path parameter it is, else from any answer.

Only the one call per operation is measured; the calls that prepare it
(records made on demand, prerequisite actions) are not."""

import json
import re
import struct
import urllib.parse
import zlib

from bodies import BodyMaker, singular_id
from mock import ServerDied
from schemas import ResponseChecker, short

BASE = "/inventory/v1"
KIND_RANK = {"create": 0, "get": 1, "list": 2, "update": 4, "sub_create": 5, "sub_list": 6, "sub_get": 7,
             "sub_update": 8, "sub_delete": 9, "action": 10, "bulk_action": 11, "bulk_update": 11,
             "bulk_delete": 13, "delete": 14}
PLACEHOLDER_ID = "4815999999999999"
# An id printed as a fraction or with an exponent: 4.8150000001e+15 is not 4815000000100000 to every client.
INEXACT_ID = re.compile(r'"(\w+_id)"\s*:\s*(-?\d+\.\d*(?:[eE][-+]?\d+)?|-?\d+[eE][-+]?\d+)')


def tiny_png():
    """A valid 1x1 PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


TINY_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


class Op:
    def __init__(self, module, d):
        self.module = module
        self.d = d
        self.method = d["method"]
        self.path = d["path"]
        self.kind = d["kind"]
        self.collection = d["collection"]
        self.key = "%s %s" % (self.method, self.path)
        self.checker = None

    def verb(self):
        """What follows the record id (actions) or the collection (bulk):
        "status/confirmed", "approve/final"."""
        segs = self.path.strip("/").split("/")
        if self.kind == "action" and self.d.get("id_param"):
            i = segs.index("{%s}" % self.d["id_param"])
            return "/".join(segs[i + 1:])
        n = len(self.collection.split("/"))
        return "/".join(segs[n:])

    def response_checker(self):
        if self.checker is None and self.d.get("response"):
            self.checker = ResponseChecker(self.d["response"])
        return self.checker


class Result:
    def __init__(self, op):
        self.op = op
        self.routed = False
        self.code0 = False
        self.valid = False
        self.reason = "not run"
        self.request = None
        self.status = None
        self.code = None

    def as_dict(self):
        return {"module": self.op.module, "method": self.op.method, "path": self.op.path, "kind": self.op.kind,
                "routed": self.routed, "code0": self.code0, "schema_valid": self.valid,
                "status": self.status, "code": self.code, "reason": None if self.valid else self.reason,
                "request": self.request}


class Spec:
    def __init__(self, spec_dir):
        index = json.load(open("%s/index.json" % spec_dir))
        self.modules = {}
        for m in index["modules"]:
            d = json.load(open("%s/%s" % (spec_dir, m["file"]), encoding="utf-8"))
            self.modules[m["module"]] = [Op(m["module"], o) for o in d["operations"]]
        self.ops = [o for ops in self.modules.values() for o in ops]
        # A path parameter's name -> the collection whose records it names.
        self.id_collection = {}
        for kinds in (("get", "update", "delete"), tuple(KIND_RANK) + ("other",)):
            for o in self.ops:
                p = o.d.get("id_param")
                if p and o.kind in kinds and p not in self.id_collection:
                    self.id_collection[p] = o.collection

    def first(self, collection, kind):
        for o in self.ops:
            if o.collection == collection and o.kind == kind:
                return o
        return None

    def id_field(self, collection):
        for kind in ("get", "update", "delete", "action"):
            o = self.first(collection, kind)
            if o and o.d.get("id_param"):
                return o.d["id_param"]
        return None


class Walk:
    def __init__(self, mock, spec, config, fixture_org, token, clock, log=None):
        self.mock = mock
        self.spec = spec
        self.config = config
        self.fixture = fixture_org
        self.org = str(fixture_org["organization_id"])
        self.token = token
        self.today = clock[:10]
        self.now = clock
        self.log = log or (lambda text: None)
        self.aliases = config.get("aliases", {})
        self.live = {}          # collection (or @maker) -> ids, first the one references use
        self.own = {}           # collection -> the record its walk made
        self.records = {}       # (collection, id) -> last payload seen
        self.captures = {}      # any *_id seen in an answer -> its last value
        self.under = {}         # (collection, parent id) -> {name: value} from its sub-resources
        self.uploads = {}       # (collection, parent id) -> [(content type, bytes)]
        self.making = set()
        self.naming = None      # the path parameters of the call being made
        self.results = {}
        self.maker = BodyMaker(config, self.resolve, self.today, self.now)

    # ------------------------------------------------------------ calls

    def call(self, op, params, query=None, body=None, files=None):
        path = op.path
        for name, value in params.items():
            path = path.replace("{%s}" % name, str(value))
        q = {"organization_id": self.org}
        q.update(query or {})
        headers = {"Authorization": "Zoho-oauthtoken %s" % self.token}
        data = None
        shown = body
        if files:
            data, ctype = multipart(files)
            headers["Content-Type"] = ctype
            shown = {name: "<%d bytes %s>" % (len(b), t) for name, (t, b) in files.items()}
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        answer = self.mock.request(op.method, BASE + path, q, headers, data)
        answer.sent = {"method": op.method, "path": BASE + path, "query": q, "body": shown}
        if answer.json is not None:
            self.capture(answer.json, 0)
        return answer

    def capture(self, v, depth):
        if depth > 6:
            return
        if isinstance(v, dict):
            for k, x in v.items():
                if k.endswith("_id") and isinstance(x, (str, int)) and not isinstance(x, bool) and str(x) not in ("", "0"):
                    self.captures[k] = str(x)
                elif isinstance(x, (dict, list)):
                    self.capture(x, depth + 1)
        elif isinstance(v, list):
            for x in v[:3]:
                self.capture(x, depth + 1)

    @staticmethod
    def ok(answer):
        return 200 <= answer.status < 300 and answer.code() in (0, None)

    def payload(self, op, answer):
        """The record an answer carries (the first one of a list)."""
        j = answer.json
        if not isinstance(j, dict):
            return None
        key = op.d.get("response_key")
        v = j.get(key) if key else (j if op.d.get("response_flat") else None)
        if isinstance(v, list):
            v = v[0] if v else None
        return v if isinstance(v, dict) else None

    # ------------------------------------------------------------ ids

    def alias(self, collection):
        return self.aliases.get(collection, collection)

    def remember(self, collection, rid, payload, front=False):
        ids = self.live.setdefault(collection, [])
        if rid not in ids:
            ids.insert(0, rid) if front else ids.append(rid)
        if payload is not None:
            self.records[(collection, rid)] = payload

    def forget(self, collection, rid):
        for ids in self.live.values():
            if rid in ids:
                ids.remove(rid)
        if self.own.get(collection) == rid:
            del self.own[collection]

    def make(self, collection, extra=None, op=None):
        """Creates a record of the collection; (id, answer), id None on failure."""
        collection = self.alias(collection)
        op = op or self.spec.first(collection, "create")
        if op is None or (collection in self.making and op is None):
            return None, None
        if collection in self.making:
            return None, None
        self.making.add(collection)
        try:
            body = self.body_for(op, extra)
            query = self.query_for(op)
            files = self.files_for(op)
            answer = self.call(op, self.path_params(op), query, None if files else body, files)
        finally:
            self.making.discard(collection)
        rid = None
        if self.ok(answer):
            p = self.payload(op, answer)
            rid = self.record_id(collection, p, body)
            if rid:
                self.remember(collection, rid, p)
        if rid is None:
            self.log("  could not make a %s record: %s" % (collection, describe(answer)))
        return rid, answer

    def id_name(self, collection):
        """The member carrying a record's id: chain.json's `id_fields`, else
        the path parameter naming it."""
        return self.config.get("id_fields", {}).get(collection) or self.spec.id_field(collection)

    def record_id(self, collection, payload, sent):
        """The id of the record an answer carries; None when there is none."""
        if not isinstance(payload, dict):
            return None
        field = self.id_name(collection)
        if field and payload.get(field) not in (None, ""):
            return id_text(payload[field])
        return None

    def ensure(self, collection):
        """A live record of the collection: one the walk has, else a new one,
        else the first its list shows."""
        collection = self.alias(collection)
        if self.live.get(collection):
            return self.live[collection][0]
        rid, _ = self.make(collection)
        if rid:
            self.make_ready(collection, rid)
            return rid
        lst = self.spec.first(collection, "list")
        field = self.id_name(collection)
        if lst and field and collection not in self.making:
            self.making.add(collection)
            try:
                answer = self.call(lst, self.path_params(lst), self.query_for(lst))
            finally:
                self.making.discard(collection)
            rows = (answer.json or {}).get(lst.d.get("response_key") or "", []) if isinstance(answer.json, dict) else []
            if isinstance(rows, list):
                for row in rows:
                    if isinstance(row, dict) and row.get(field) not in (None, ""):
                        self.remember(collection, id_text(row[field]), None)
                        return id_text(row[field])
        return None

    def fixture_id(self, what):
        kind, _, n = what.partition("#")
        n = int(n or 0)
        if kind == "organization":
            return self.org
        if kind == "storages":
            rows = [s for loc in self.fixture.get("locations", []) for s in loc.get("storages", [])]
            field = "storage_id"
        else:
            rows = self.fixture.get(kind, [])
            field = kind[:-1] + "_id"
        if not rows:
            return None
        row = rows[min(n, len(rows) - 1)]
        return str(row.get(field) or next((v for k, v in row.items() if k.endswith("_id")), ""))

    def reference(self, spec):
        if spec.startswith("fixture:"):
            return self.fixture_id(spec[8:])
        if spec.startswith("+"):
            # A new record of the collection each time (a location of its own
            # for each replenishment configuration of one item).
            rid, _ = self.make(spec[1:])
            return rid
        if spec.startswith("GET "):
            # A value read from an answer when it is needed: "GET /path[?query]:json.path".
            key, _, path = spec.partition(":")
            key, _, extra = key.partition("?")
            o = next((o for o in self.spec.ops if o.key == key), None)
            if o is None:
                return None
            query = self.query_for(o)
            query.update(urllib.parse.parse_qsl(extra))
            answer = self.call(o, self.path_params(o, given=self.naming), query)
            value = dig(answer.json, path) if self.ok(answer) else None
            return None if value is None else str(value)
        if spec.startswith("@"):
            spec, _, path = spec.partition(":")
            maker = self.config.get("makers", {}).get(spec[1:])
            if not maker:
                return None
            rid = self.live[spec][0] if self.live.get(spec) else self.make_named(spec, maker)
            if not path or rid is None:
                return rid
            value = dig(self.record_json(maker["collection"], rid), path)
            return None if value is None else str(value)
        collection, _, path = spec.partition(":")
        rid = self.ensure(collection)
        if not path or rid is None:
            return rid
        value = dig(self.record_json(collection, rid), path)
        return None if value is None else str(value)

    def make_named(self, spec, maker):
        """A record chain.json's `makers` describes: made with its body, then
        moved by its `actions` (an issued purchase order)."""
        collection = self.alias(maker["collection"])
        rid, _ = self.make(collection, maker.get("body"))
        if rid:
            self.live[spec] = [rid]
            self.remember(collection, rid, None, front=True)
            for verb in maker.get("actions", []):
                self.run_action(collection, rid, verb, "maker %s" % spec)
            self.records.pop((collection, rid), None)     # read it again after its actions
        return rid

    def record_json(self, collection, rid):
        collection = self.alias(collection)
        rec = self.records.get((collection, rid))
        if rec is None:
            get = self.spec.first(collection, "get")
            if get:
                answer = self.call(get, {get.d["id_param"]: rid})
                rec = self.payload(get, answer)
                if rec is not None:
                    self.records[(collection, rid)] = rec
        return rec

    def resolve(self, name):
        """An id for a field or parameter called name."""
        spec = self.config.get("references", {}).get(name)
        if spec:
            v = self.reference(spec)
            if v is not None:
                return v
        collection = self.spec.id_collection.get(name)
        if collection:
            v = self.ensure(collection)
            if v is not None:
                return v
        return self.captures.get(name)

    def record_for(self, op):
        """The record an id path of op names: the collection's own, else the
        record `references` names for the path parameter when a maker of the
        collection makes it (a landed cost's open bill), else any live one."""
        collection = self.alias(op.collection)
        if self.own.get(collection):
            return self.own[collection]
        spec = self.config.get("references", {}).get(op.d.get("id_param") or "", "")
        maker = self.config.get("makers", {}).get(spec[1:]) if spec.startswith("@") and ":" not in spec else None
        if maker and self.alias(maker["collection"]) == collection:
            rid = self.reference(spec)
            if rid:
                return rid
        return self.ensure(collection)

    def sub_id(self, op, parent, name):
        collection = self.alias(op.collection)
        found = self.under.get((collection, parent), {}).get(name)
        if found:
            return found
        # The newest element the sub-resource's list shows.
        for o in self.spec.ops:
            prefix = o.path + "/{%s}" % name
            if o.kind == "sub_list" and o.collection == op.collection and op.path.startswith(prefix):
                answer = self.call(o, {o.d["id_param"]: parent})
                rows = (answer.json or {}).get(o.d.get("response_key") or "") if isinstance(answer.json, dict) else None
                for row in reversed(rows if isinstance(rows, list) else []):
                    found = find_key(row, name)
                    if found is not None:
                        return found
        rec = self.record_json(collection, parent)
        self.records.pop((collection, parent), None)     # read it fresh next time
        found = find_key(rec, name)
        return found if found is not None else self.resolve(name)

    def path_params(self, op, record=None, given=None):
        """The path's parameters: given ones, chain.json's `paths`, the
        record (id_param), its sub-resource's id, else resolved by name.
        While they are made, and while the body of the call is, the ones
        made so far are what "GET" references read about."""
        params = {}
        templates = self.config.get("paths", {}).get(op.key, {})
        outer = self.naming
        self.naming = params
        try:
            for p in op.d["path_params"]:
                name = p["name"]
                if given and given.get(name):
                    params[name] = given[name]
                elif name in templates:
                    params[name] = self.maker.expand(templates[name])
                elif name == op.d.get("id_param"):
                    params[name] = record or self.record_for(op)
                elif name == op.d.get("sub_id_param"):
                    parent = params.get(op.d.get("id_param")) or record or self.record_for(op)
                    params[name] = self.sub_id(op, parent, name)
                else:
                    params[name] = self.resolve(name)
                if params[name] is None:
                    params[name] = PLACEHOLDER_ID
        finally:
            self.naming = outer
        return params

    # ------------------------------------------------------ bodies, queries

    def body_for(self, op, extra=None):
        if op.d["body_content"] != "application/json" or not op.d.get("body"):
            return None
        given = self.config.get("bodies", {}).get(op.key, {})
        if isinstance(given, list):     # a body the document types as an array, given whole
            return self.maker.expand(given)
        overrides = dict(extra or {})
        overrides.update(given)
        return self.maker.body(op.d["body"], overrides)

    def query_for(self, op, ids=None):
        q = {}
        for p in op.d["query"]:
            name = p["name"]
            if name.endswith("_ids") and ids is not None:
                q[name] = ",".join(ids)
            elif p.get("required"):
                v = self.maker.value(name, p)
                if isinstance(v, bool):
                    v = "true" if v else "false"
                if isinstance(v, list):
                    v = ",".join(str(x) for x in v)
                if v is not None:
                    q[name] = str(v)
        for name, v in self.config.get("queries", {}).get(op.key, {}).items():
            q[name] = str(self.maker.expand(v))
        return q

    def files_for(self, op):
        # Zoho takes every attachment as a multipart file part named
        # "attachment", also where its document describes no body.
        if op.d.get("sub") == "attachment" and op.d["method"] == "POST" and op.d["body_content"] != "multipart/form-data":
            return {"attachment": ("application/pdf", TINY_PDF)}
        if op.d["body_content"] != "multipart/form-data":
            return None
        props = (op.d.get("body") or {}).get("properties", {})
        files = {}
        for name, s in props.items():
            if s.get("format") == "binary":
                files[name] = ("image/png", tiny_png()) if "image" in name else ("application/pdf", TINY_PDF)
        return files or None

    # ----------------------------------------------------------- measuring

    def measure(self, op, params=None, query=None, body=None, files=None, record=None):
        r = self.results.setdefault(op.key, Result(op))
        if params is None:
            params = self.path_params(op, record)
        outer, self.naming = self.naming, params
        try:
            if query is None:
                query = self.query_for(op)
            if body is None and files is None:
                files = self.files_for(op)
                body = None if files else self.body_for(op)
        finally:
            self.naming = outer
        answer = self.call(op, params, query, body, files)
        r.request = answer.sent
        r.status = answer.status
        r.code = answer.code()
        judge(self, op, answer, r, params)
        self.log("%-6s %s -> %s %s%s" % (op.method, answer.sent["path"], answer.status,
                                        "code %s" % r.code if r.code is not None else answer.content_type(),
                                        "" if r.valid else "  [%s]" % r.reason))
        if files and self.ok(answer):
            parent = params.get(op.d.get("id_param"))
            self.uploads.setdefault((self.alias(op.collection), parent), []).extend(files.values())
        return answer

    # --------------------------------------------------------------- walk

    def walk(self, modules):
        order = [m for m in self.config["module_order"] if m in self.spec.modules]
        order += [m for m in self.spec.modules if m not in order]
        for module in order:
            if modules and module not in modules:
                continue
            try:
                self.walk_module(module)
            except ServerDied as e:
                for op in self.spec.ops:
                    r = self.results.setdefault(op.key, Result(op))
                    if r.reason == "not run":
                        r.reason = "server died"
                raise e
        return [self.results.setdefault(op.key, Result(op)) for op in self.spec.ops
                if not modules or op.module in modules]

    def walk_module(self, module):
        ops = self.spec.modules[module]
        collections = []
        for op in ops:
            if op.collection not in collections:
                collections.append(op.collection)
        for c in collections:
            self.walk_collection([o for o in ops if o.collection == c])

    def walk_collection(self, ops):
        def rank(o):
            if o.kind == "other":
                return 3 if o.method == "GET" else 12
            return KIND_RANK[o.kind]
        ops = sorted(ops, key=rank)
        collection = self.alias(ops[0].collection)
        for op in ops:
            if op.kind == "create":
                answer = self.measure(op)
                p = self.payload(op, answer)
                rid = self.record_id(collection, p, None) if self.ok(answer) else None
                if rid:
                    self.remember(collection, rid, p)
                    self.own.setdefault(collection, rid)
                    for verb in self.config.get("own", {}).get(collection, []):
                        self.run_action(collection, rid, verb, "own %s" % collection)
                        self.records.pop((collection, rid), None)
            elif op.kind in ("action", "bulk_action", "bulk_update", "bulk_delete"):
                getattr(self, "walk_" + op.kind)(op)
            elif op.kind == "sub_create":
                parent = self.record_for(op)
                answer = self.measure(op, record=parent)
                self.keep_sub_ids(op, parent, answer)
            elif op.kind == "delete":
                rid = self.record_for(op)
                answer = self.measure(op, record=rid)
                if self.ok(answer):
                    self.forget(collection, rid)
            else:
                answer = self.measure(op)
                if op.kind == "update" and self.ok(answer):
                    p = self.payload(op, answer)
                    rid = self.record_for(op)
                    if p is not None:
                        self.records[(collection, rid)] = p

    def keep_sub_ids(self, op, parent, answer):
        if not self.ok(answer) or not isinstance(answer.json, dict):
            return
        names = {o.d.get("sub_id_param") for o in self.spec.ops
                 if o.collection == op.collection and o.d.get("sub_id_param")}
        kept = self.under.setdefault((self.alias(op.collection), parent), {})
        for name in names:
            v = find_key(answer.json, name)
            if v is not None:
                kept[name] = v
        p = self.payload(op, answer)
        if p:
            parent_field = op.d.get("id_param")
            for k, v in p.items():
                if k.endswith("_id") and k != parent_field and isinstance(v, (str, int)) and str(v):
                    kept.setdefault(k, str(v))

    def fresh(self, op):
        """A new record of op's collection for an action, else the own one."""
        collection = self.alias(op.collection)
        rid, _ = self.make(collection, self.config.get("fresh", {}).get(collection))
        return rid or self.record_for(op)

    def run_action(self, collection, rid, verb, why):
        """Runs the action verb on rid (not measured), or the operation
        "METHOD /path" of the collection (an upload); logs a refusal."""
        if " " in verb:
            o = next((o for o in self.spec.ops if o.key == verb), None)
        else:
            o = self.action_op(collection, verb)
        if o:
            params = self.path_params(o, rid)
            files = self.files_for(o)
            answer = self.call(o, params, self.query_for(o), None if files else self.body_for(o), files)
            if not self.ok(answer):
                self.log("  %s: %s %s failed: %s" % (why, o.method, o.path, describe(answer)))

    def action_op(self, collection, verb):
        for o in self.spec.ops:
            if self.alias(o.collection) == collection and o.kind == "action" and o.verb() == verb:
                return o
        return None

    def make_ready(self, collection, rid):
        """Runs the actions chain.json's `ready` lists for a collection on a
        record made for others to refer to (a package needs a confirmed sales
        order, a payment a sent invoice)."""
        for verb in self.config.get("ready", {}).get(collection, []):
            self.prepare(collection, rid, verb)
            self.run_action(collection, rid, verb, "ready %s" % collection)

    def prepare(self, collection, rid, verb, depth=0):
        """Runs the actions chain.json's `before` lists for verb on rid."""
        if depth > 3:
            return
        for step in self.config.get("before", {}).get(verb, []):
            self.prepare(collection, rid, step, depth + 1)
            self.run_action(collection, rid, step, "before %s" % verb)

    def walk_action(self, op):
        rid = self.fresh(op)
        self.prepare(self.alias(op.collection), rid, op.verb())
        self.measure(op, record=rid)

    def bulk_ids(self, op):
        """(query parameter or None, ids) for a bulk call on fresh records."""
        collection = self.alias(op.collection)
        ids = []
        for _ in range(2):
            rid, _ = self.make(collection, self.config.get("fresh", {}).get(collection))
            if rid:
                self.prepare(collection, rid, op.verb())
                ids.append(rid)
        if not ids:
            rid = self.ensure(collection)
            ids = [rid] if rid else []
        return ids

    def bulk_query(self, op, ids):
        q = self.query_for(op)
        own_field = self.spec.id_field(self.alias(op.collection))
        given = self.config.get("queries", {}).get(op.key, {})
        params = [p["name"] for p in op.d["query"] if p["name"].endswith("_ids")]
        for name in params:
            if name in given:
                continue        # chain.json's queries name them
            target = self.spec.id_collection.get(singular_id(name) or "")
            mine = (target and self.alias(target) == self.alias(op.collection)) or singular_id(name) == own_field
            if mine or (len(params) == 1 and not target):
                q[name] = ",".join(ids)
        body_props = ((op.d.get("body") or {}).get("properties") or {})
        if not params and own_field and not any(k.endswith("_ids") for k in body_props):
            q[own_field + "s"] = ",".join(ids)
        return q

    def walk_bulk_action(self, op):
        ids = self.bulk_ids(op)
        body = self.body_for(op)
        if isinstance(body, dict):
            for k, s in ((op.d.get("body") or {}).get("properties") or {}).items():
                if k.endswith("_ids"):
                    body[k] = ids if s.get("type") == "array" else ",".join(ids)
        self.measure(op, query=self.bulk_query(op, ids), body=body)

    def walk_bulk_update(self, op):
        """The records of the body (an array, or the array in it) name fresh records."""
        ids = self.bulk_ids(op)
        field = self.id_name(self.alias(op.collection))
        body = self.body_for(op) if op.d.get("body") else None
        elements = body if isinstance(body, list) else next(
            (v for v in (body or {}).values() if isinstance(v, list) and v and isinstance(v[0], dict)), None)
        if elements is not None and ids:
            template = elements[0]
            elements[:] = [dict(template, **{field: rid}) for rid in ids]
        elif isinstance(body, dict) and ids:
            body[field] = ids[0]
        self.measure(op, query=self.bulk_query(op, ids), body=body)

    def walk_bulk_delete(self, op):
        ids = self.bulk_ids(op)
        answer = self.measure(op, query=self.bulk_query(op, ids))
        if self.ok(answer):
            for rid in ids:
                self.forget(self.alias(op.collection), rid)


# --------------------------------------------------------------- judging

def judge(walk, op, answer, r, params):
    """Fills r.routed, r.code0, r.valid and r.reason for one answer."""
    r.routed = not ((answer.status == 404 and answer.code() == 5) or answer.status == 405)
    if not r.routed:
        r.reason = "not routed: " + describe(answer)
        return
    documented = op.d.get("response_content")
    accepted = walk.config.get("downloads", {}).get(op.key, [])
    ctype = answer.content_type().split(";")[0].strip().lower()
    if documented != "application/json" or (ctype in accepted and answer.json is None):
        judge_download(walk, op, answer, r, params, ctype)
        return
    expected = op.d["status"]
    code = answer.code()
    documents_code = "code" in ((op.d.get("response") or {}).get("properties") or {})
    if answer.json is None:
        r.reason = "status %s, not JSON (%s)" % (answer.status, answer.content_type() or "no content type")
        return
    if not (code == 0 or (code is None and not documents_code and 200 <= answer.status < 300)):
        r.reason = describe(answer)
        return
    if answer.status != expected:
        r.reason = "status %s, documented %s" % (answer.status, expected)
        return
    r.code0 = True
    checker = op.response_checker()
    if checker:
        error = checker.first_error(answer.json)
        if error:
            r.reason = "schema %s: %s" % error
            return
    inexact = INEXACT_ID.search(answer.data.decode("utf-8", "replace"))
    if inexact:
        r.reason = "schema: %s printed as %s (not an exact id)" % (inexact.group(1), inexact.group(2))
        return
    key = op.d.get("response_key")
    if op.d.get("response_flat") and isinstance(answer.json, dict) and not set(answer.json) - {"code", "message"}:
        r.reason = "schema $: no field of the record beside code and message (a flat answer)"
        return
    if key and isinstance(answer.json, dict) and key not in answer.json:
        r.reason = "schema $.%s: missing" % key
        return
    if op.kind in ("create", "get", "update") and key:
        field = walk.spec.id_field(walk.alias(op.collection))
        rec_schema = schema_of_payload(op)
        p = walk.payload(op, answer)
        if field and rec_schema and field in (rec_schema.get("properties") or {}) and (not p or p.get(field) in (None, "")):
            r.reason = "schema $.%s.%s: empty (the record's id)" % (key, field)
            return
    r.valid = True
    r.reason = ""


def judge_download(walk, op, answer, r, params, ctype):
    documented = op.d.get("response_contents") or ([op.d["response_content"]] if op.d.get("response_content") else [])
    accepted = walk.config.get("downloads", {}).get(op.key, [])
    if not 200 <= answer.status < 300 or (answer.json is not None and answer.code() not in (0, None)):
        r.reason = describe(answer)
        return
    if not answer.data:
        r.reason = "status %s, no bytes" % answer.status
        return
    r.code0 = True
    uploads = walk.uploads.get((walk.alias(op.collection), params.get(op.d.get("id_param"))), [])
    if uploads and not any(answer.data == b for _, b in uploads):
        r.reason = "download: not the bytes uploaded (%d bytes %s)" % (len(answer.data), ctype)
        return
    wanted = documented + accepted
    if not wanted:
        wanted = [t for t, _ in uploads] or ["image/", "application/pdf"]
    if not any(ctype.startswith(w) for w in wanted):
        r.reason = "download: content type %s, documented %s" % (ctype or "none", " or ".join(wanted))
        return
    magic = {"application/pdf": b"%PDF-", "image/png": b"\x89PNG", "image/jpeg": b"\xff\xd8"}
    if ctype in magic and not answer.data.startswith(magic[ctype]):
        r.reason = "download: %s bytes are not a %s" % (len(answer.data), ctype)
        return
    r.valid = True
    r.reason = ""


def schema_of_payload(op):
    resp = op.d.get("response") or {}
    key = op.d.get("response_key")
    s = (resp.get("properties") or {}).get(key) if key else None
    if isinstance(s, dict) and s.get("type") == "array":
        s = s.get("items")
    return s if isinstance(s, dict) else None


def describe(answer):
    if answer is None:
        return "no answer"
    text = "status %s" % answer.status
    if answer.code() is not None:
        text += " code %s" % answer.code()
    if answer.message():
        text += ": " + short(answer.message(), 90)
    return text


def id_text(v):
    """An id as the path wants it: 4815000000100000.0 -> "4815000000100000"."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def find_key(v, name, depth=0):
    """The first value of a member called name anywhere in v (as a string)."""
    if depth > 6 or v is None:
        return None
    if isinstance(v, dict):
        if name in v and isinstance(v[name], (str, int, float)) and not isinstance(v[name], bool) and str(v[name]):
            return id_text(v[name])
        items = v.values()
    elif isinstance(v, list):
        items = v
    else:
        return None
    for x in items:
        if isinstance(x, (dict, list)):
            found = find_key(x, name, depth + 1)
            if found is not None:
                return found
    return None


def dig(v, path):
    for part in path.split("."):
        if isinstance(v, list) and part.isdigit() and int(part) < len(v):
            v = v[int(part)]
        elif isinstance(v, dict):
            v = v.get(part)
        else:
            return None
    return v


def multipart(files):
    boundary = "conformance7d3f2a"
    out = b""
    for name, (ctype, data) in files.items():
        ext = "png" if ctype == "image/png" else "pdf"
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"conformance.%s\"\r\n"
                "Content-Type: %s\r\n\r\n" % (boundary, name, ext, ctype)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=%s" % boundary

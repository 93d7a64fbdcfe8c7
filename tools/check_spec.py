#!/usr/bin/python3
"""Sanity checks of spec/zoho/*.json (the output of tools/zoho_oas_extract.py).

Usage: tools/check_spec.py [SPEC_DIR] [--expect N]

SPEC_DIR defaults to spec/zoho next to this script's parent directory; N, the
number of operations expected, defaults to 504.  Prints one summary line and
exits 0, or prints every failure (then the summary) and exits 1.
Standard library only.
"""

import json
import os
import re
import sys
import time

METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"}
KINDS = {
    "create", "list", "bulk_delete", "bulk_update", "get", "update", "delete",
    "action", "bulk_action", "sub_list", "sub_create", "sub_get", "sub_update",
    "sub_delete", "other",
}
KIND_METHODS = {
    "create": {"POST"}, "list": {"GET"}, "bulk_delete": {"DELETE"}, "bulk_update": {"PUT"},
    "get": {"GET"}, "update": {"PUT"}, "delete": {"DELETE"}, "action": {"POST", "PUT"},
    "bulk_action": {"POST", "PUT"}, "sub_list": {"GET"}, "sub_get": {"GET"},
    "sub_create": {"POST"}, "sub_update": {"PUT"}, "sub_delete": {"DELETE"}, "other": METHODS,
}
ID_KINDS = {"get", "update", "delete", "action", "sub_list", "sub_create", "sub_get", "sub_update", "sub_delete"}
SUB_KINDS = {"sub_list", "sub_create", "sub_get", "sub_update", "sub_delete"}
OP_KEYS = [
    "operation_id", "method", "path", "documented_path", "kind", "collection",
    "id_param", "sub", "sub_id_param", "scope", "status", "path_params", "query",
    "body_content", "body_required", "response_content", "response_contents",
    "response_key", "response_flat", "message", "body", "response",
]
REQUIRED_OP_KEYS = [
    "operation_id", "method", "path", "kind", "collection", "scope", "status",
    "path_params", "query", "body_content", "response_content", "response_key",
    "message", "body", "response",
]
SCHEMA_KEYS = {
    "type", "format", "nullable", "enum", "default", "minimum", "maximum",
    "minLength", "maxLength", "pattern", "minItems", "maxItems", "required",
    "properties", "items", "additionalProperties", "oneOf", "anyOf", "allOf",
}
SCHEMA_TYPES = {"object", "array", "string", "number", "integer", "boolean"}
PARAM_KEYS = SCHEMA_KEYS | {"name", "required", "variants", "from_text"}
FORBIDDEN = {"description", "example", "examples", "summary", "title", "$ref", "readOnly", "writeOnly"}
SCOPE = re.compile(r"^ZohoInventory\.[a-z]+\.(CREATE|READ|UPDATE|DELETE|ALL)$")
PATH = re.compile(r"^(/([A-Za-z0-9_.-]+|\{[A-Za-z0-9_]+\}))+$")


class Checker:
    def __init__(self):
        self.errors = []

    def fail(self, where, msg):
        self.errors.append("%s: %s" % (where, msg))

    def forbidden_keys(self, node, where, in_properties=False):
        """No prose or $ref keys anywhere; the keys of a `properties` map are
        field names (a field may be called `description`) and are exempt."""
        if isinstance(node, dict):
            for key, val in node.items():
                if not in_properties and (key in FORBIDDEN or key.startswith("x-")):
                    self.fail(where, "forbidden key %r" % key)
                self.forbidden_keys(val, where, in_properties=(key == "properties" and not in_properties))
        elif isinstance(node, list):
            for val in node:
                self.forbidden_keys(val, where)

    def schema(self, s, where):
        if not isinstance(s, dict):
            self.fail(where, "schema is not an object")
            return
        for key in s:
            if key not in SCHEMA_KEYS:
                self.fail(where, "unexpected schema key %r" % key)
        if "type" in s and s["type"] not in SCHEMA_TYPES:
            self.fail(where, "unknown type %r" % s["type"])
        if "properties" in s:
            if not isinstance(s["properties"], dict):
                self.fail(where, "properties is not an object")
            else:
                for name, sub in s["properties"].items():
                    self.schema(sub, where + "." + name)
        if "items" in s:
            self.schema(s["items"], where + "[]")
        if isinstance(s.get("additionalProperties"), dict):
            self.schema(s["additionalProperties"], where + "{}")
        for key in ("oneOf", "anyOf", "allOf"):
            if key in s:
                if not isinstance(s[key], list) or not s[key]:
                    self.fail(where, "%s is not a non-empty list" % key)
                else:
                    for i, sub in enumerate(s[key]):
                        self.schema(sub, "%s/%s[%d]" % (where, key, i))
        if "required" in s:
            req = s["required"]
            if not isinstance(req, list) or req != sorted(set(req)):
                self.fail(where, "required is not a sorted list of unique names")
        if "enum" in s and (not isinstance(s["enum"], list) or not s["enum"]):
            self.fail(where, "enum is not a non-empty list")

    def operation(self, op, where):
        for key in REQUIRED_OP_KEYS:
            if key not in op:
                self.fail(where, "missing %r" % key)
        for key in op:
            if key not in OP_KEYS:
                self.fail(where, "unexpected key %r" % key)
        if [k for k in OP_KEYS if k in op] != list(op):
            self.fail(where, "keys out of order")
        if any(k not in op for k in REQUIRED_OP_KEYS):
            return
        if not isinstance(op["operation_id"], str) or not op["operation_id"]:
            self.fail(where, "operation_id")
        if op["method"] not in METHODS:
            self.fail(where, "method %r" % op["method"])
        path = op["path"]
        if not isinstance(path, str) or not PATH.match(path):
            self.fail(where, "path %r is not plain segments and {params}" % path)
            return
        if "documented_path" in op and op["documented_path"] == path:
            self.fail(where, "documented_path equals path")
        if not isinstance(op["scope"], str) or not SCOPE.match(op["scope"]):
            self.fail(where, "scope %r" % op["scope"])
        if not isinstance(op["status"], int) or not 200 <= op["status"] < 300:
            self.fail(where, "status %r" % op["status"])

        # Path parameters: exactly the {x} of the path, in order.
        in_path = re.findall(r"\{([^}]+)\}", path)
        if len(set(in_path)) != len(in_path):
            self.fail(where, "path names a parameter twice")
        declared = [p.get("name") for p in op["path_params"]]
        if declared != in_path:
            self.fail(where, "path_params %r != path's %r" % (declared, in_path))
        for p in op["path_params"]:
            if not isinstance(p.get("type"), str):
                self.fail(where, "path param %r without type" % p.get("name"))
            for key in p:
                if key not in PARAM_KEYS or key == "required":
                    self.fail(where, "path param key %r" % key)

        names = set()
        for q in op["query"]:
            n = q.get("name")
            if not isinstance(n, str) or not n:
                self.fail(where, "query parameter without name")
                continue
            if n in names:
                self.fail(where, "query parameter %r twice" % n)
            names.add(n)
            if n == "organization_id":
                self.fail(where, "organization_id in query")
            if n in in_path:
                self.fail(where, "query parameter %r is also a path parameter" % n)
            if not isinstance(q.get("required"), bool):
                self.fail(where, "query %r: required is not a boolean" % n)
            for key in q:
                if key not in PARAM_KEYS:
                    self.fail(where, "query %r: key %r" % (n, key))
            for key in q.get("from_text", []):
                if key not in q:
                    self.fail(where, "query %r: from_text names absent %r" % (n, key))
            if "items" in q:
                self.schema(q["items"], where + " query " + n + "[]")

        # Body.
        if (op["body_content"] is None) != (op["body"] is None):
            self.fail(where, "body and body_content disagree")
        if op["body"] is not None:
            self.schema(op["body"], where + " body")

        # Response.
        rc = op["response_content"]
        if rc == "application/json":
            if not isinstance(op["response"], dict):
                self.fail(where, "JSON response without schema")
            else:
                self.schema(op["response"], where + " response")
        elif op["response"] is not None and rc is None:
            self.fail(where, "response schema without content type")
        if "response_contents" in op:
            rcs = op["response_contents"]
            if not isinstance(rcs, list) or len(rcs) < 2 or rcs[0] != rc:
                self.fail(where, "response_contents")
        key = op["response_key"]
        if key is not None:
            props = (op["response"] or {}).get("properties") or {}
            if key not in props:
                self.fail(where, "response_key %r not a response property" % key)
            if op.get("response_flat"):
                self.fail(where, "response_flat with a response_key")
        if op["message"] is not None and not isinstance(op["message"], str):
            self.fail(where, "message is not a string")

        # Kind.
        kind = op["kind"]
        if kind not in KINDS:
            self.fail(where, "kind %r" % kind)
        elif op["method"] not in KIND_METHODS[kind]:
            self.fail(where, "kind %s with method %s" % (kind, op["method"]))
        coll = op["collection"]
        if not isinstance(coll, str) or not path.startswith("/" + coll):
            self.fail(where, "collection %r is not the path's start" % coll)
        if kind in ID_KINDS:
            if op.get("id_param") not in in_path:
                self.fail(where, "%s without an id_param of the path" % kind)
        elif "id_param" in op:
            self.fail(where, "id_param on kind %s" % kind)
        if kind in SUB_KINDS:
            if not op.get("sub"):
                self.fail(where, "%s without sub" % kind)
        elif "sub" in op or "sub_id_param" in op:
            self.fail(where, "sub on kind %s" % kind)
        if "sub_id_param" in op and op["sub_id_param"] not in in_path:
            self.fail(where, "sub_id_param not in path")

        self.forbidden_keys(op, where)


def main(argv):
    args = argv[1:]
    expect = 504
    if "--expect" in args:
        i = args.index("--expect")
        expect = int(args[i + 1])
        del args[i:i + 2]
    if len(args) > 1:
        sys.stderr.write(__doc__)
        return 2
    spec_dir = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "spec", "zoho")

    c = Checker()
    files = sorted(f for f in os.listdir(spec_dir) if f.endswith(".json"))
    size = sum(os.path.getsize(os.path.join(spec_dir, f)) for f in files)
    t0 = time.perf_counter()
    docs = {}
    for f in files:
        with open(os.path.join(spec_dir, f), encoding="utf-8") as fh:
            docs[f] = json.load(fh)
    load_ms = (time.perf_counter() - t0) * 1000

    index = docs.pop("index.json", None)
    if index is None:
        c.fail("index.json", "missing")
        index = {"modules": [], "operations": 0}
    listed = {m["file"]: m for m in index.get("modules", [])}
    if sorted(listed) != sorted(docs):
        c.fail("index.json", "modules %s != files %s" % (sorted(listed), sorted(docs)))
    if [m["module"] for m in index.get("modules", [])] != sorted(m["module"] for m in index.get("modules", [])):
        c.fail("index.json", "modules not sorted")

    total = 0
    seen_routes = {}
    seen_ids = {}
    kinds = {}
    for f, doc in sorted(docs.items()):
        module = f[:-5]
        if doc.get("module") != module:
            c.fail(f, "module %r" % doc.get("module"))
        ops = doc.get("operations") or []
        if f in listed and listed[f].get("operations") != len(ops):
            c.fail(f, "index says %s operations, file has %d" % (listed[f].get("operations"), len(ops)))
        for op in ops:
            total += 1
            where = "%s %s %s" % (module, op.get("method"), op.get("path"))
            c.operation(op, where)
            route = (op.get("method"), op.get("path"))
            if route in seen_routes:
                c.fail(where, "also in %s" % seen_routes[route])
            seen_routes[route] = module
            oid = op.get("operation_id")
            if oid in seen_ids:
                c.fail(where, "operation_id %r also in %s" % (oid, seen_ids[oid]))
            seen_ids[oid] = module
            kinds[op.get("kind")] = kinds.get(op.get("kind"), 0) + 1
    if total != index.get("operations"):
        c.fail("index.json", "operations %s != %d counted" % (index.get("operations"), total))
    if total != expect:
        c.fail(spec_dir, "%d operations, expected %d" % (total, expect))

    for e in c.errors:
        print("FAIL " + e)
    status = "OK" if not c.errors else "%d FAILURES" % len(c.errors)
    print("check_spec: %s: %d modules, %d operations, %d kinds, %d bytes, json load %.1f ms: %s"
          % (os.path.normpath(spec_dir), len(docs), total, len(kinds), size, load_ms, status))
    return 0 if not c.errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

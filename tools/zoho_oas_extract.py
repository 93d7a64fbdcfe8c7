#!/usr/bin/python3
"""Extract the facts of Zoho Inventory's OpenAPI documents into spec/zoho/*.json.

Usage: tools/zoho_oas_extract.py SRC_DIR OUT_DIR

SRC_DIR holds Zoho's OpenAPI 3.0 documents (one <module>.yml per module).
OUT_DIR receives <module>.json per document and index.json.  The format and
every normalisation are described in spec/README.md.

Only facts are written: paths, methods, scopes, parameter names/types/enums,
field names, types, required lists, enums, formats, defaults, response keys,
success messages, status codes and content types.  Descriptions, summaries,
titles and examples are never copied; the one exception is the example of the
success response's `message` property, which is the message the mock answers.

Standard library + PyYAML only.  Output is deterministic: running it twice
gives identical bytes.
"""

import json
import os
import re
import sys

import yaml

METHODS = ("get", "post", "put", "delete", "patch")

# Schema keywords kept in a compact schema; everything else (description,
# example, examples, title, readOnly, writeOnly, x-*, ...) is dropped.
SCHEMA_KEYS = (
    "type", "format", "nullable", "enum", "default",
    "minimum", "maximum", "minLength", "maxLength", "pattern",
    "minItems", "maxItems",
    "required", "properties", "items", "additionalProperties",
    "oneOf", "anyOf", "allOf",
)

# Words that make a trailing path segment an action rather than a sub-resource
# (see spec/README.md, "kind").  `status/<x>` and `markas<x>` are actions too.
ACTION_WORDS = frozenset("""
    active inactive submit approve final reject void draft converttoopen
    intransit invite percentage writeoff cancel enable disable setstatus
    dismiss pause resume generate validate validateandmap reorder primary
    confirmed bundled email return ungroup enablestoragelocation
    disablestoragelocation
""".split())

ENVELOPE_KEYS = ("code", "message", "page_context")
SCALAR_TYPES = ("string", "number", "integer", "boolean")

# Response keys the documents misspell, per (module, key): real Zoho answers
# the corrected key, and clients read it.
RESPONSE_KEY_TYPOS = {("packages", "packagea"): "packages"}

# Regex path segments, e.g. `(\d+)`.
REGEX_SEGMENT = re.compile(r"[()\\\[\]*+?]")
PARAM_SEGMENT = re.compile(r"^\{([^{}]+)\}$")


class ExtractError(Exception):
    pass


def warn(msg):
    sys.stderr.write("zoho_oas_extract: " + msg + "\n")


# --------------------------------------------------------------------------
# $ref resolution and compact schemas


class Document:
    def __init__(self, module, data):
        self.module = module
        self.data = data

    def lookup(self, ref):
        if not ref.startswith("#/"):
            raise ExtractError("%s: external $ref not supported: %s" % (self.module, ref))
        node = self.data
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise ExtractError("%s: unresolved $ref %s" % (self.module, ref))
            node = node[part]
        return node

    def deref(self, node, stack=()):
        """Follow $ref chains of a parameter/requestBody/response object."""
        seen = set(stack)
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise ExtractError("%s: $ref cycle at %s" % (self.module, ref))
            seen.add(ref)
            node = self.lookup(ref)
        return node

    def compact(self, schema, stack=()):
        """Compact schema: $refs inlined, only SCHEMA_KEYS kept.

        A $ref already being expanded on the current path becomes {}."""
        if schema is None:
            return {}
        if not isinstance(schema, dict):
            raise ExtractError("%s: schema is not an object: %r" % (self.module, schema))
        if "$ref" in schema:
            # OpenAPI 3.0: siblings of $ref are ignored.
            ref = schema["$ref"]
            if ref in stack:
                return {}
            return self.compact(self.lookup(ref), stack + (ref,))
        out = {}
        for key in SCHEMA_KEYS:
            if key not in schema:
                continue
            val = schema[key]
            if key == "properties":
                out[key] = {name: self.compact(sub, stack) for name, sub in (val or {}).items()}
            elif key in ("items",):
                out[key] = self.compact(val, stack)
            elif key == "additionalProperties":
                out[key] = val if isinstance(val, bool) else self.compact(val, stack)
            elif key in ("oneOf", "anyOf", "allOf"):
                out[key] = [self.compact(sub, stack) for sub in val]
            elif key == "required":
                if isinstance(val, list):
                    out[key] = sorted(val)
            else:
                out[key] = val
        return out


def is_object_like(schema):
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "object" or "properties" in schema:
        return True
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema and any(is_object_like(s) or is_array_like(s) for s in schema[key]):
            return True
    return False


def is_array_like(schema):
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "array":
        return True
    for key in ("allOf", "oneOf", "anyOf"):
        if key in schema and any(is_array_like(s) for s in schema[key]):
            return True
    return False


# --------------------------------------------------------------------------
# Facts stated in a query parameter's description text
#
# Several list endpoints state their sort columns, filters, maximum lengths and
# variant parameter names only in the description.  Those lists are facts; we
# read the values out of the text (never the text itself).

_ALLOWED = re.compile(r"allowed\s+values?\b(?:\s+(?:are|is|include))?\s*:?|it can have values as", re.I)
_VARIANTS = re.compile(r"variants\s*:?", re.I)
_MAXLEN = re.compile(r"max(?:imum)?[\s_-]*length(?:\s+(?:to\s+be\s+)?allowed)?\s*\[?(\d+)\]?", re.I)
_CODE = re.compile(r"<code>(.*?)</code>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_TOKEN_OK = re.compile(r"^[A-Za-z0-9_.\-]+$")
# End of the sentence that holds a list: a period followed by whitespace or
# the end, a line break tag, or the start of another marker.
_SENTENCE_END = re.compile(r"\.(?=\s|$)|<br\s*/?>|</br>|\bvariants\b|max(?:imum)?[\s_-]*length", re.I)


def _list_after(text, marker):
    """Values listed after `marker` in `text`, or None.

    Returns (values, clean) where clean is False when a value is not a plain
    token (e.g. 'any custom status'), meaning the list is not a closed set."""
    m = marker.search(text)
    if not m:
        return None
    rest = text[m.end():]
    # Cut at the end of the sentence, ignoring periods inside <code>...</code>.
    masked = _CODE.sub(lambda c: "#" * len(c.group(0)), rest)
    end = _SENTENCE_END.search(masked)
    seg = rest[: end.start()] if end else rest
    codes = _CODE.findall(seg)
    parts = codes if codes else [_TAG.sub(" ", seg)]
    values = []
    for part in parts:
        part = _TAG.sub(" ", part)
        for tok in re.split(r",|\|| and |\s{2,}", " " + part + " "):
            tok = tok.strip()
            if tok.startswith("and "):
                tok = tok[4:].strip()
            if tok:
                values.append(tok)
    if not values:
        return None
    clean = all(_TOKEN_OK.match(v) for v in values)
    seen, uniq = set(), []
    for v in values:
        if v not in seen:
            seen.add(v)
            uniq.append(v)
    return uniq, clean


def text_facts(desc):
    """(enum, enum_clean, variants, maxLength) stated in a description."""
    if not isinstance(desc, str):
        return None, True, None, None
    enum = variants = maxlen = None
    clean = True
    got = _list_after(desc, _ALLOWED)
    if got:
        enum, clean = got
    got = _list_after(desc, _VARIANTS)
    if got and got[1]:
        variants = got[0]
    m = _MAXLEN.search(desc)
    if m:
        maxlen = int(m.group(1))
    return enum, clean, variants, maxlen


# --------------------------------------------------------------------------
# Paths


def split_path(path):
    return [s for s in path.strip("/").split("/")]


def param_name(seg):
    m = PARAM_SEGMENT.match(seg)
    return m.group(1) if m else None


def is_param(seg):
    return param_name(seg) is not None or bool(REGEX_SEGMENT.search(seg))


def prefix_key(segs, i):
    return "/" + "/".join("{}" if is_param(s) else s for s in segs[:i])


def damerau(a, b):
    """Optimal string alignment distance."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


TYPO_DISTANCE = 2


# --------------------------------------------------------------------------
# Extraction


def merged_parameters(doc, path_item, op):
    """Path-level then operation-level parameters, $refs resolved; an
    operation-level parameter replaces a path-level one of the same (in, name);
    later duplicates are dropped."""
    out = []
    index = {}
    for level, plist in (("path", path_item.get("parameters") or []), ("op", op.get("parameters") or [])):
        seen_here = set()
        for raw in plist:
            prm = doc.deref(raw)
            key = (prm.get("in"), prm.get("name"))
            if key in seen_here:
                continue
            seen_here.add(key)
            if key in index:
                if level == "op":
                    out[index[key]] = prm
                continue
            index[key] = len(out)
            out.append(prm)
    return out


def flat_param(doc, prm, with_required):
    """{"name", "type", ...} from a parameter object."""
    schema = doc.compact(prm.get("schema") or {})
    entry = {"name": prm["name"]}
    if "type" in schema:
        entry["type"] = schema["type"]
    if with_required:
        entry["required"] = bool(prm.get("required", False))
    for key in SCHEMA_KEYS:
        if key in schema and key not in entry:
            entry[key] = schema[key]
    return entry


def query_entry(doc, prm, stats):
    entry = flat_param(doc, prm, True)
    enum, clean, variants, maxlen = text_facts(prm.get("description"))
    from_text = []
    ptype = entry.get("type")
    if enum is not None and "enum" not in entry:
        if ptype == "boolean":
            extra = [v for v in enum if v not in ("true", "false")]
            if extra:
                stats["boolean_extra"].append((doc.module, prm["name"], extra))
        elif not clean:
            stats["open_enum"].append((doc.module, prm["name"], enum))
        elif ptype in (None, "string"):
            entry["enum"] = enum
            from_text.append("enum")
        else:
            stats["typed_enum_skipped"].append((doc.module, prm["name"], ptype, enum))
    if maxlen is not None and "maxLength" not in entry and ptype in (None, "string"):
        entry["maxLength"] = maxlen
        from_text.append("maxLength")
    if variants:
        entry["variants"] = variants
        from_text.append("variants")
    if from_text:
        entry["from_text"] = from_text
    return entry


def one_content(content):
    """(first content type, list of all) of a content map, or (None, [])."""
    if not content:
        return None, []
    types = list(content)
    return types[0], types


def normalise_paths(docs):
    """Return {(module, documented_path): (path, renames)} where renames maps a
    documented parameter name/segment to the normalised parameter name."""
    # Names used at each parameter position, across all documents.
    names_at = {}
    for doc in docs:
        for path in doc.data["paths"]:
            segs = split_path(path)
            for i, s in enumerate(segs):
                n = param_name(s)
                if n:
                    names_at.setdefault(prefix_key(segs, i), {}).setdefault(n, 0)
                    names_at[prefix_key(segs, i)][n] += 1

    # Obvious typos: two names at the same position within TYPO_DISTANCE edits;
    # the name used by fewer paths takes the other's name.
    typo_fix = {}
    for key, counts in sorted(names_at.items()):
        names = sorted(counts, key=lambda n: (-counts[n], n))
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if damerau(a, b) <= TYPO_DISTANCE:
                    if counts[a] == counts[b]:
                        raise ExtractError("cannot unify %s: {%s} and {%s} used equally" % (key, a, b))
                    typo_fix[(key, b)] = a

    result = {}
    for doc in docs:
        for path, item in doc.data["paths"].items():
            segs = split_path(path)
            # Path parameters declared for any operation of the path.
            declared = []
            for plist in [item.get("parameters") or []] + [
                (item[m].get("parameters") or []) for m in METHODS if m in item
            ]:
                for raw in plist:
                    prm = doc.deref(raw)
                    if prm.get("in") == "path" and prm["name"] not in declared:
                        declared.append(prm["name"])
            used = [param_name(s) for s in segs if param_name(s)]
            unused = [n for n in declared if n not in used]
            new = []
            renames = {}
            for i, s in enumerate(segs):
                key = prefix_key(segs, i)
                n = param_name(s)
                if n is not None:
                    fixed = typo_fix.get((key, n), n)
                    if fixed != n:
                        renames[n] = fixed
                    new.append("{%s}" % fixed)
                elif REGEX_SEGMENT.search(s):
                    if len(unused) >= 1:
                        name = unused.pop(0)
                    else:
                        siblings = sorted(set(names_at.get(key, {})))
                        if len(siblings) != 1:
                            raise ExtractError("%s %s: cannot name regex segment %s" % (doc.module, path, s))
                        name = siblings[0]
                    renames[s] = name
                    new.append("{%s}" % name)
                else:
                    new.append(s)
            result[(doc.module, path)] = ("/" + "/".join(new), renames)
    return result, typo_fix


def classify(ops_by_path):
    """Add kind/collection/id_param/sub/sub_id_param to every operation.

    ops_by_path: {path: {METHOD: op}} over all modules (normalised paths)."""
    paths = {p: split_path(p) for p in ops_by_path}

    def methods(segs):
        return ops_by_path.get("/" + "/".join(segs), {})

    def has_item_path(prefix):
        n = len(prefix)
        return any(len(s) > n and s[:n] == prefix and param_name(s[n]) for s in paths.values())

    def has_item_path_get(prefix):
        n = len(prefix)
        return any(
            len(s) == n + 1 and s[:n] == prefix and param_name(s[n]) and "GET" in ops_by_path[p]
            for p, s in paths.items()
        )

    def is_collection(prefix):
        return has_item_path(prefix) or "POST" in methods(prefix)

    def is_nested_collection(prefix):
        # /a/b is a collection of its own when /a/b/{id} exists and /a/b can
        # be created or read (e.g. /items/batches, /contacts/contactpersons).
        m = methods(prefix)
        return has_item_path(prefix) and ("POST" in m or "GET" in m or has_item_path_get(prefix))

    def is_action(lits):
        last = lits[-1]
        return last in ACTION_WORDS or last.startswith("markas") or (len(lits) >= 2 and lits[-2] == "status")

    for path, by_method in ops_by_path.items():
        segs = paths[path]
        # Collection prefix.
        if segs[0] == "settings" and len(segs) >= 2:
            n = 2
        elif len(segs) >= 2 and not param_name(segs[1]) and is_nested_collection(segs[:2]):
            n = 2
        else:
            n = 1
        coll_segs = segs[:n]
        rest = segs[n:]
        collection = "/".join(coll_segs)
        coll_ok = is_collection(coll_segs)
        for method, op in by_method.items():
            kind, id_param, sub, sub_id = "other", None, None, None
            pnames = [param_name(s) for s in rest]
            if not rest:
                if coll_ok:
                    kind = {"GET": "list", "POST": "create", "DELETE": "bulk_delete",
                            "PUT": "bulk_update"}.get(method, "other")
            elif pnames[0]:
                id_param = pnames[0]
                tail = rest[1:]
                tail_params = [param_name(s) for s in tail]
                if not tail:
                    kind = {"GET": "get", "PUT": "update", "DELETE": "delete"}.get(method, "other")
                elif not any(tail_params):
                    sub = "/".join(tail)
                    if method in ("POST", "PUT") and is_action(tail):
                        kind, sub = "action", None
                    elif method == "GET":
                        # A list when the sub-resource has items of its own
                        # (/coll/{id}/sub/{sub_id}) or the payload is an array.
                        listy = op["_payload_array"] or has_item_path(coll_segs + [rest[0]] + tail)
                        kind = "sub_list" if listy else "sub_get"
                    else:
                        kind = {"POST": "sub_create", "PUT": "sub_update", "DELETE": "sub_delete"}.get(method, "other")
                elif len(tail) >= 2 and not tail_params[0] and tail_params[-1] and not any(tail_params[:-1]):
                    sub = "/".join(tail[:-1])
                    sub_id = tail_params[-1]
                    kind = {"GET": "sub_get", "PUT": "sub_update", "DELETE": "sub_delete"}.get(method, "other")
                if kind == "other":
                    sub = sub_id = None
            else:
                if not any(pnames) and method in ("POST", "PUT") and is_action(rest):
                    kind = "bulk_action"
            if kind == "other":
                id_param = None
            op["kind"] = kind
            op["collection"] = collection
            if id_param:
                op["id_param"] = id_param
            if sub:
                op["sub"] = sub
            if sub_id:
                op["sub_id_param"] = sub_id


def extract_operation(doc, path, item, method, op, norm_path, renames, stats):
    params = merged_parameters(doc, item, op)

    # Path parameters, in path order.
    declared = {}
    for prm in params:
        if prm.get("in") == "path":
            name = renames.get(prm["name"], prm["name"])
            declared.setdefault(name, prm)
    query_by_name = {p["name"]: p for p in params if p.get("in") == "query"}
    path_params = []
    for seg in split_path(norm_path):
        name = param_name(seg)
        if not name:
            continue
        prm = declared.get(name) or query_by_name.get(name)
        if prm is None:
            entry = {"name": name, "type": "string"}
        else:
            entry = flat_param(doc, prm, False)
            entry["name"] = name
        path_params.append(entry)
    path_param_names = {p["name"] for p in path_params}

    query = []
    for prm in params:
        if prm.get("in") != "query":
            continue
        if prm["name"] == "organization_id":
            continue
        if prm["name"] in path_param_names:
            # The regex segment now carries it (see spec/README.md).
            stats["query_moved_to_path"].append((doc.module, path, prm["name"]))
            continue
        query.append(query_entry(doc, prm, stats))
    for prm in params:
        if prm.get("in") not in ("query", "path"):
            stats["other_params"].append((doc.module, path, prm.get("in"), prm.get("name")))

    # Security scope.
    scope = None
    security = op.get("security", doc.data.get("security")) or []
    for req in security:
        for _scheme, scopes in req.items():
            if scopes and scope is None:
                scope = scopes[0]

    # Request body.
    body_content = body = None
    body_required = None
    if "requestBody" in op:
        rb = doc.deref(op["requestBody"])
        body_content, types = one_content(rb.get("content"))
        if len(types) > 1:
            stats["multi_body"].append((doc.module, path, types))
        if body_content:
            body = doc.compact(rb["content"][body_content].get("schema"))
        if "required" in rb:
            body_required = bool(rb["required"])

    # Success response.
    codes = sorted(c for c in op["responses"] if str(c).isdigit() and 200 <= int(c) < 300)
    if not codes:
        raise ExtractError("%s %s %s: no 2xx response" % (doc.module, method, path))
    status = int(codes[0])
    resp = doc.deref(op["responses"][codes[0]])
    response_content, rtypes = one_content(resp.get("content"))
    response = None
    if response_content:
        response = doc.compact(resp["content"][response_content].get("schema"))
        if response == {}:
            response = None

    response_key = None
    response_flat = False
    message = None
    payload_array = False
    if response_content == "application/json" and response:
        props = response.get("properties") or {}
        payload = [(n, s) for n, s in props.items() if n not in ENVELOPE_KEYS]
        if any(s.get("type") in SCALAR_TYPES for _n, s in payload):
            # The entity's own fields sit next to code/message: no wrapper key.
            response_flat = True
        else:
            for name, sub in payload:
                if is_object_like(sub) or is_array_like(sub):
                    response_key = name
                    payload_array = is_array_like(sub)
                    break
        fixed = RESPONSE_KEY_TYPOS.get((doc.module, response_key))
        if fixed:
            warn("response key typo: %s %s %s -> %s" % (method.upper(), path, response_key, fixed))
            response["properties"] = {fixed if n == response_key else n: s for n, s in props.items()}
            response_key = fixed
        # The success message: example of the `message` property.
        raw = doc.deref(resp["content"][response_content].get("schema") or {})
        msg_schema = doc.deref((raw.get("properties") or {}).get("message") or {})
        if isinstance(msg_schema.get("example"), str):
            message = msg_schema["example"]

    out = {
        "operation_id": op.get("operationId"),
        "method": method.upper(),
        "path": norm_path,
    }
    if norm_path != path:
        out["documented_path"] = path
    out.update({
        "kind": None,
        "collection": None,
        "scope": scope,
        "status": status,
        "path_params": path_params,
        "query": query,
        "body_content": body_content,
    })
    if body_required is not None:
        out["body_required"] = body_required
    out["response_content"] = response_content
    if len(rtypes) > 1:
        out["response_contents"] = rtypes
    if response_flat:
        out["response_flat"] = True
    out.update({
        "response_key": response_key,
        "message": message,
        "body": body,
        "response": response,
        "_payload_array": payload_array,
    })
    return out


KEY_ORDER = (
    "operation_id", "method", "path", "documented_path", "kind", "collection",
    "id_param", "sub", "sub_id_param", "scope", "status", "path_params", "query",
    "body_content", "body_required", "response_content", "response_contents",
    "response_key", "response_flat", "message", "body", "response",
)


def ordered(op):
    return {k: op[k] for k in KEY_ORDER if k in op}


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: %s SRC_DIR OUT_DIR\n" % argv[0])
        return 2
    src, out_dir = argv[1], argv[2]
    files = sorted(f for f in os.listdir(src) if f.endswith((".yml", ".yaml")))
    if not files:
        sys.stderr.write("%s: no .yml documents\n" % src)
        return 2
    docs = []
    for f in files:
        with open(os.path.join(src, f), encoding="utf-8") as fh:
            docs.append(Document(os.path.splitext(f)[0], yaml.safe_load(fh)))

    stats = {k: [] for k in (
        "query_moved_to_path", "other_params", "multi_body", "open_enum",
        "boolean_extra", "typed_enum_skipped",
    )}
    norm, typo_fix = normalise_paths(docs)
    for (key, old), new in sorted(typo_fix.items()):
        warn("typo: %s/{%s} -> {%s}" % (key, old, new))

    modules = []
    by_path = {}
    for doc in docs:
        ops = []
        for path, item in doc.data["paths"].items():
            norm_path, renames = norm[(doc.module, path)]
            for method in METHODS:
                if method not in item:
                    continue
                op = extract_operation(doc, path, item, method, item[method], norm_path, renames, stats)
                slot = by_path.setdefault(norm_path, {})
                if op["method"] in slot:
                    raise ExtractError("duplicate %s %s (%s)" % (op["method"], norm_path, doc.module))
                slot[op["method"]] = op
                ops.append(op)
        modules.append((doc.module, ops))

    classify(by_path)

    os.makedirs(out_dir, exist_ok=True)
    index = {"modules": [], "operations": 0}
    for module, ops in modules:
        data = {"module": module, "operations": [ordered(op) for op in ops]}
        fname = module + ".json"
        write_json(os.path.join(out_dir, fname), data)
        index["modules"].append({"module": module, "file": fname, "operations": len(ops)})
        index["operations"] += len(ops)
    write_json(os.path.join(out_dir, "index.json"), index)

    for mod, path, name in stats["query_moved_to_path"]:
        warn("%s %s: query parameter %s is the path segment now" % (mod, path, name))
    for entry in stats["other_params"]:
        warn("parameter in %s ignored: %s %s %s" % (entry[2], entry[0], entry[1], entry[3]))
    for mod, name, enum in stats["open_enum"]:
        warn("%s: %s: allowed values not a closed list, no enum: %s" % (mod, name, enum))
    for mod, name, extra in stats["boolean_extra"]:
        warn("%s: %s: boolean parameter also allows %s" % (mod, name, extra))
    for mod, name, ptype, enum in stats["typed_enum_skipped"]:
        warn("%s: %s: %s parameter, text enum skipped: %s" % (mod, name, ptype, enum))
    sys.stderr.write("zoho_oas_extract: %d modules, %d operations -> %s\n"
                     % (len(modules), index["operations"], out_dir))
    return 0


def write_json(path, data):
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except ExtractError as exc:
        sys.stderr.write("zoho_oas_extract: %s\n" % exc)
        sys.exit(1)

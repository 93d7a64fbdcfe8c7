# openapi_drift.py -- `zoho-mock verify --openapi SPEC RECORDED...`: recorded answers checked against OpenAPI documents, the drift report
#
# zoho-mock runs this file (compiled into the binary) with python3:
#
#   python3 -c <this file> SPEC RECORDED...
#
# SPEC is a folder (or one file) of OpenAPI 3.0 documents -- YAML (Zoho's
# originals, read with python3-yaml) or JSON (zoho-mock's own
# /__admin/openapi.json) -- or of the project's facts (spec/zoho/*.json).
# RECORDED are contract files as `zoho-mock --record` writes them (the
# project's format, or Pact V2/V3/V4), or folders of them.
#
# Each recorded answer is matched to its documented operation (method and
# path template, literal segments before parameters) and validated with
# python3-jsonschema against the documented answer of its status. To see
# every difference, the documented schemas are made strict first: no
# undocumented field allowed (an extra one is reported), and where an
# object lists no required fields (Zoho's documents, mostly) every field
# it documents expected (a missing one is reported; an object that lists
# its required fields is taken at its word). Findings are grouped by
# operation: one line per operation (agree / drift), the differences
# below it with how many of its answers show each, then a summary line.
# Exit status: 0 no drift; 1 drift, or a recording that cannot be read;
# 2 a document that cannot be read, or python3-jsonschema / python3-yaml
# missing.

import json
import os
import re
import sys
import urllib.parse

PROG = "zoho-mock verify --openapi"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
PLACEHOLDER = re.compile(r"^\{\{[A-Za-z0-9_.-]+\}\}$")
KIND_ORDER = {"status": 0, "body": 1, "type": 2, "missing": 3, "extra": 4, "value": 5, "shape": 6, "constraint": 7}


class Unreadable(Exception):
    pass


def fail(message, code=2):
    print("%s: %s" % (PROG, message), file=sys.stderr)
    sys.exit(code)


try:
    import jsonschema
except ImportError:
    fail("needs python3-jsonschema (Debian: apt-get install python3-jsonschema)")


# ------------------------------------------------------------ documents

class Operation:
    def __init__(self, method, base, template, doc, operation_id, responses):
        self.method = method.upper()
        self.template = template                    # as documented, after the server's base path
        self.doc = doc
        self.operation_id = operation_id
        self.responses = responses                  # "200" / "2XX" / "default" -> JSON schema or None
        self.segments = split_path(base.rstrip("/") + template)
        self.validators = {}

    def name(self):
        return "%s %s" % (self.method, self.template)


def split_path(path):
    return [s for s in path.split("/") if s != ""]


def load_yaml(path):
    try:
        import yaml
    except ImportError:
        fail("reading %s needs python3-yaml (Debian: apt-get install python3-yaml)" % path)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=loader)


def resolve_refs(node, root, stack=()):
    """The schema with every local $ref inlined (a $ref met again inside
    itself becomes {}: any value)."""
    if isinstance(node, list):
        return [resolve_refs(x, root, stack) for x in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in stack or not ref.startswith("#/"):
            return {}
        target = root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                raise Unreadable("unresolvable $ref %s" % ref)
            target = target[part]
        return resolve_refs(target, root, stack + (ref,))
    return {k: resolve_refs(v, root, stack) for k, v in node.items()}


def json_schema_of(response, root):
    """A response object's JSON schema; None when it documents no JSON body."""
    if not isinstance(response, dict):
        return None
    response = resolve_refs(response, root)
    for media, content in (response.get("content") or {}).items():
        if media.split(";")[0].strip().endswith("json") and isinstance(content, dict):
            return content.get("schema", {})
    return None


def openapi_operations(doc, name):
    servers = doc.get("servers") or [{}]
    base = urllib.parse.urlparse(str(servers[0].get("url", ""))).path
    ops = []
    for template, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            responses = {str(status): json_schema_of(r, doc) for status, r in (op.get("responses") or {}).items()}
            ops.append(Operation(method, base, template, name, op.get("operationId", ""), responses))
    return ops


def facts_operations(doc, name):
    """spec/zoho/<module>.json: the project's facts of Zoho's documents."""
    ops = []
    for op in doc["operations"]:
        content = op.get("response_content")
        schema = op.get("response") if content == "application/json" else None
        if content == "application/json" and schema is None:
            schema = {}
        ops.append(Operation(op["method"], "/inventory/v1", op["path"], doc.get("module", name),
                             op.get("operation_id", ""), {str(op.get("status", 200)): schema}))
    return ops


def load_documents(spec):
    if os.path.isdir(spec):
        files = [os.path.join(spec, f) for f in sorted(os.listdir(spec)) if not f.startswith(".")]
        files = [f for f in files if os.path.isfile(f) and f.endswith((".yml", ".yaml", ".json"))]
    elif os.path.isfile(spec):
        files = [spec]
    else:
        fail("%s: no such file or folder" % spec)
    ops, documents = [], 0
    for path in files:
        name = os.path.splitext(os.path.basename(path))[0]
        try:
            if path.endswith(".json"):
                with open(path, encoding="utf-8") as f:
                    doc = json.load(f)
            else:
                doc = load_yaml(path)
        except (OSError, ValueError) as e:
            fail("%s: cannot read: %s" % (path, e))
        except Exception as e:          # a YAML syntax error
            fail("%s: cannot read: %s" % (path, " ".join(str(e).split())))
        try:
            if isinstance(doc, dict) and "openapi" in doc:
                ops += openapi_operations(doc, name)
            elif isinstance(doc, dict) and isinstance(doc.get("operations"), list):
                ops += facts_operations(doc, name)
            elif isinstance(doc, dict) and "modules" in doc:
                continue                # spec/zoho/index.json
            else:
                continue                # not a document of either kind
        except (Unreadable, KeyError, TypeError, AttributeError) as e:
            fail("%s: %s" % (path, e))
        documents += 1
    if not ops:
        fail("%s: no OpenAPI document or spec/zoho facts with operations" % spec)
    return ops, documents


# ----------------------------------------------------------- matching

def segment_matches(template, segment):
    if template.startswith("{") and template.endswith("}"):
        return 1
    if template.startswith("("):                # Zoho's regex segments: (\d+)
        try:
            return 1 if re.fullmatch(template, segment) else None
        except re.error:
            return None
    return 0 if template == segment else None


def find_operation(ops, method, path):
    """The operation of the method whose template matches the path; where
    several do, the one with literal segments furthest left."""
    segments = split_path(path.split("?")[0])
    best, best_key = None, None
    for op in ops:
        if op.method != method or len(op.segments) != len(segments):
            continue
        key = []
        for t, s in zip(op.segments, segments):
            k = segment_matches(t, s)
            if k is None:
                break
            key.append(k)
        else:
            if best_key is None or key < best_key:
                best, best_key = op, key
    return best


# ------------------------------------------------------------ schemas

def is_object_schema(s):
    return isinstance(s, dict) and (s.get("type") == "object" or "properties" in s) and \
        not any(k in s for k in ("oneOf", "anyOf", "not"))


def strict(s):
    """The OpenAPI schema as a JSON Schema that reports every difference:
    nullable as a type with null, allOf of objects merged into one object,
    objects closed (additionalProperties false unless documented), and an
    object that lists no required fields (Zoho's, mostly) read as carrying
    every field it documents; one that lists them is taken at its word."""
    if isinstance(s, list):
        return [strict(x) for x in s]
    if not isinstance(s, dict):
        return s
    s = dict(s)
    parts = s.get("allOf")
    if isinstance(parts, list) and parts and all(is_object_schema(p) for p in parts):
        del s["allOf"]
        props, required = dict(s.get("properties") or {}), list(s.get("required") or [])
        for p in parts:
            props.update(p.get("properties") or {})
            required += [r for r in p.get("required") or [] if r not in required]
        s.update(type="object", properties=props)
        if required:
            s["required"] = required
    out = {}
    for k, v in s.items():
        if k == "properties" and isinstance(v, dict):
            out[k] = {name: strict(sub) for name, sub in v.items()}
        elif k in ("items", "additionalProperties", "not") and isinstance(v, dict):
            out[k] = strict(v)
        elif k in ("allOf", "oneOf", "anyOf") and isinstance(v, list):
            out[k] = [strict(x) for x in v] if k != "allOf" else [open_object(strict(x)) for x in v]
        elif k == "nullable" or k.startswith("x-") or k in ("example", "examples", "discriminator", "xml",
                                                             "externalDocs", "readOnly", "writeOnly", "deprecated"):
            continue
        else:
            out[k] = v
    if s.get("nullable") is True:
        t = out.get("type")
        if isinstance(t, str):
            out["type"] = [t, "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = out["enum"] + [None]
    if isinstance(out.get("properties"), dict) and "allOf" not in out:
        out.setdefault("additionalProperties", False)
        if "required" not in out:
            out["required"] = list(out["properties"])
    return out


def open_object(s):
    """A part of an allOf that could not be merged: closing it would
    refuse the other parts' fields."""
    if isinstance(s, dict) and s.get("additionalProperties") is False:
        s = dict(s)
        del s["additionalProperties"]
    return s


def validator_for(op, status):
    key = status
    if key not in op.validators:
        schema = op.responses[status]
        op.validators[key] = None if schema is None else jsonschema.Draft4Validator(strict(schema))
    return op.validators[key]


def documented_status(op, status):
    """The documented response an answer of this status falls under."""
    for key in (str(status), "%dXX" % (status // 100), "%dxx" % (status // 100)):
        if key in op.responses:
            return key
    return "default" if "default" in op.responses and status >= 400 else None


# ---------------------------------------------------------- findings

def json_path(parts):
    out = "$"
    for p in parts:
        if isinstance(p, int):
            out += "[*]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", str(p)):
            out += "." + str(p)
        else:
            out += "['%s']" % str(p).replace("'", "\\'")
    return out


JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object",
              type(None): "null"}


def json_type(v):
    """The JSON type of a value json.load made."""
    return JSON_TYPES.get(type(v), type(v).__name__)


def shown(v):
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def documented_type(t):
    return " or ".join(t) if isinstance(t, list) else str(t)


def findings_of(error):
    """(kind, path, detail) for one jsonschema error; nothing for a value
    the recording left as a {{variable}}."""
    v = error.instance
    if isinstance(v, str) and PLACEHOLDER.match(v):
        return []
    path = list(error.absolute_path)
    if error.validator == "type":
        if isinstance(v, str) and isinstance(error.validator_value, (str, list)) and "{{" in v:
            return []
        return [("type", json_path(path), "documented %s, recorded %s" %
                 (documented_type(error.validator_value), json_type(v)))]
    if error.validator == "required" and isinstance(v, dict):
        return [("missing", json_path(path + [name]), "documented, not in the answer")
                for name in error.validator_value if name not in v]
    if error.validator == "additionalProperties" and isinstance(v, dict):
        known = error.schema.get("properties") or {}
        return [("extra", json_path(path + [name]), "in the answer, not documented")
                for name in v if name not in known]
    if error.validator == "enum":
        values = ", ".join(shown(x) for x in error.validator_value[:6])
        more = ", ..." if len(error.validator_value) > 6 else ""
        return [("value", json_path(path), "%s is not a documented value (%s%s)" % (shown(v), values, more))]
    if error.validator in ("oneOf", "anyOf"):
        return [("shape", json_path(path), "matches none of the documented alternatives (%s)" % error.validator)]
    return [("constraint", json_path(path), "%s: %s" % (error.validator, " ".join(error.message.split())[:120]))]


# --------------------------------------------------------- recordings

class Answer:
    def __init__(self, file, method, path, status, body, has_json):
        self.file, self.method, self.path, self.status = file, method, path, status
        self.body, self.has_json = body, has_json


def read_json_prefix(path):
    """The JSON document a file starts with (a recording cut by a kill may
    have an unfinished interaction after it)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    doc, end = json.JSONDecoder().raw_decode(text.lstrip())
    return doc


def substitute(node, variables):
    if isinstance(node, dict):
        return {k: substitute(v, variables) for k, v in node.items()}
    if isinstance(node, list):
        return [substitute(x, variables) for x in node]
    if isinstance(node, str) and "{{" in node:
        m = PLACEHOLDER.match(node)
        if m and node[2:-2] in variables:
            return variables[node[2:-2]]
        return re.sub(r"\{\{([A-Za-z0-9_.-]+)\}\}",
                      lambda g: str(variables[g.group(1)]) if g.group(1) in variables else g.group(0), node)
    return node


def jsonpath_get(doc, path):
    """The value at a JSONPath of the contracts' subset ($, .name, ['name'], [N]); None when absent."""
    if not path.startswith("$"):
        return None
    cur, i = doc, 1
    for m in re.finditer(r"\.([A-Za-z0-9_-]+)|\['([^']*)'\]|\[(\d+)\]", path[1:]):
        if m.start() + 1 != i:
            return None
        i = m.end() + 1
        key = m.group(1) or m.group(2)
        if m.group(3) is not None:
            idx = int(m.group(3))
            cur = cur[idx] if isinstance(cur, list) and idx < len(cur) else None
        else:
            cur = cur.get(key) if isinstance(cur, dict) else None
        if cur is None:
            return None
    return cur if i == len(path) else None


def contract_answers(file, doc):
    variables = dict(doc.get("variables") or {}) if isinstance(doc.get("variables"), dict) else {}
    out = []
    for it in doc.get("interactions") or []:
        req, res = it.get("request") or {}, it.get("response") or {}
        if not isinstance(req, dict) or not isinstance(req.get("path"), str) or not isinstance(res, dict):
            continue
        status = res.get("status")
        body = substitute(res.get("body"), variables)
        if isinstance(status, int):
            path = substitute(req["path"], variables)
            out.append(Answer(file, str(req.get("method", "GET")).upper(), path, status, body,
                              isinstance(body, (dict, list))))
        for name, where in (it.get("capture") or {}).items():
            value = jsonpath_get(body, where) if isinstance(where, str) else None
            if value is not None:
                variables[name] = value
    return out


def pact_body(body):
    """A pact's body as JSON: V4 {"content", "contentType", "encoded"}, V2/V3 the value itself."""
    if isinstance(body, dict) and "content" in body and ("contentType" in body or "encoded" in body):
        if body.get("encoded") not in (None, False):
            return None, False
        content = body.get("content")
        if isinstance(content, str) and "json" in str(body.get("contentType", "")):
            try:
                content = json.loads(content)
            except ValueError:
                return content, False
        return content, isinstance(content, (dict, list))
    return body, isinstance(body, (dict, list))


def pact_answers(file, doc):
    out = []
    for it in doc.get("interactions") or []:
        if not isinstance(it, dict) or it.get("type", "Synchronous/HTTP") != "Synchronous/HTTP":
            continue
        req, res = it.get("request") or {}, it.get("response") or {}
        if not isinstance(req.get("path"), str) or not isinstance(res.get("status"), int):
            continue
        body, has_json = pact_body(res.get("body"))
        out.append(Answer(file, str(req.get("method", "GET")).upper(), req["path"], res["status"], body, has_json))
    return out


def is_pact(doc):
    meta = doc.get("metadata")
    return isinstance(meta, dict) and ("pactSpecification" in meta or "pact-specification" in meta) or \
        ("consumer" in doc and "provider" in doc)


def recorded_files(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files += [os.path.join(root, n) for n in sorted(names)
                          if n.endswith(".json") and not n.startswith(".") and n != "states.json"]
        else:
            files.append(p)
    return files


def load_answers(paths):
    answers, unreadable = [], []
    for file in recorded_files(paths):
        try:
            doc = read_json_prefix(file)
            if not isinstance(doc, dict) or not isinstance(doc.get("interactions"), list):
                raise ValueError("not a contract or pact: no interactions")
        except (OSError, ValueError) as e:
            unreadable.append("%s: %s" % (file, " ".join(str(e).split())))
            continue
        answers += pact_answers(file, doc) if is_pact(doc) else contract_answers(file, doc)
    return answers, unreadable


# -------------------------------------------------------------- report

def check(op, answer):
    """The findings of one answer: a set of (kind, path, detail)."""
    key = documented_status(op, answer.status)
    if key is None:
        statuses = ", ".join(sorted(op.responses)) or "none"
        return {("status", "status %d" % answer.status, "documented: %s" % statuses)}
    validator = validator_for(op, key)
    if validator is None:
        return set()
    if not answer.has_json:
        return {("body", "$", "documented JSON, recorded %s" % ("no body" if answer.body in (None, "") else "text"))}
    found = set()
    for error in validator.iter_errors(answer.body):
        found.update(findings_of(error))
    return found


def general_path(path):
    """The path with its ids (digits, or {{variables}} of a recording) as {id}."""
    segments = path.split("?")[0].split("/")
    return "/".join("{id}" if re.fullmatch(r"[0-9]+|\{\{[A-Za-z0-9_.-]+\}\}", s) else s for s in segments)


def main(argv):
    if len(argv) < 3:
        fail("usage: %s SPEC RECORDED..." % PROG)
    ops, documents = load_documents(argv[1])
    answers, unreadable = load_answers(argv[2:])
    by_op, outside = {}, {}
    for a in answers:
        op = find_operation(ops, a.method, a.path)
        if op is None:
            key = "%s %s" % (a.method, general_path(a.path))
            outside[key] = outside.get(key, 0) + 1
            continue
        by_op.setdefault(id(op), (op, []))[1].append(check(op, a))
    out = sys.stdout
    out.write("openapi  %s: %d documents, %d operations; %d answers recorded\n" %
              (argv[1], documents, len(ops), len(answers)))
    drifting = 0
    for op, results in sorted(by_op.values(), key=lambda e: (e[0].template, e[0].method)):
        counts = {}
        for found in results:
            for f in found:
                counts[f] = counts.get(f, 0) + 1
        n = len(results)
        label = "%s (%s%s)" % (op.name(), op.doc, ": " + op.operation_id if op.operation_id else "")
        answers_text = "%d answer%s" % (n, "" if n == 1 else "s")
        if not counts:
            out.write("agree  %s: %s\n" % (label, answers_text))
            continue
        drifting += 1
        out.write("drift  %s: %s\n" % (label, answers_text))
        for (kind, where, detail), k in sorted(counts.items(), key=lambda e: (KIND_ORDER[e[0][0]], e[0][1], e[0][2])):
            what = "not documented (%s)" % detail if kind == "status" else "%s: %s" % (kind, detail)
            out.write("       %s: %s (%d of %d)\n" % (where, what, k, n))
    for key, k in sorted(outside.items()):
        out.write("note   %s: %d answer%s, no documented operation\n" % (key, k, "" if k == 1 else "s"))
    for line in unreadable:
        out.write("error  %s\n" % line)
    checked = sum(len(r) for _, r in by_op.values())
    out.write("%d operations: %d agree, %d drift; %d answers checked, %d outside the documents%s\n" %
              (len(by_op), len(by_op) - drifting, drifting, checked, sum(outside.values()),
               ", %d files unreadable" % len(unreadable) if unreadable else ""))
    out.flush()
    return 1 if drifting or unreadable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

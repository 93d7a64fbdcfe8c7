# bodies.py -- request bodies and query values made from Zoho's documented request schemas
"""A body holds the schema's required fields, the fields chain.json's
`fill` names whenever the schema declares them, and sensible values:
ids from the walk (resolve), dates of the server's frozen day, enums'
first value, unique names and numbers."""

import copy
import itertools
import re

_counter = itertools.count(1)


def restart_numbering():
    """Unique names and numbers start again from 1."""
    global _counter
    _counter = itertools.count(1)


def singular_id(name):
    """item_ids -> item_id; to_mail_ids -> None (not ids of records)."""
    if name.endswith("_ids") and "mail" not in name:
        return name[:-1]
    return None


class BodyMaker:
    def __init__(self, config, resolve, today, now):
        """resolve(name) -> an id string for a field called name, or None."""
        self.fill = set(config.get("fill", []))
        self.values = config.get("values", {})
        self.resolve = resolve
        self.today = today
        self.now = now

    def body(self, schema, overrides=None):
        value = self.value("", schema, top=True)
        if overrides:
            value = merge(value, self.expand(overrides))
        return value

    def expand(self, v):
        """Templates in chain.json's bodies and queries: "{{item_id}}",
        "{{today}}", "{{now}}", "{{unique}}"."""
        if isinstance(v, dict):
            return {k: self.expand(x) for k, x in v.items()}
        if isinstance(v, list):
            return [self.expand(x) for x in v]
        if isinstance(v, str):
            m = re.fullmatch(r"\{\{(\w+)\}\}", v)
            if m:
                return self.named(m.group(1))
        return v

    def named(self, name):
        if name == "today":
            return self.today
        if name == "now":
            return self.now
        if name == "unique":
            return "C%d" % next(_counter)
        return self.resolve(name)

    def value(self, name, s, top=False):
        if not isinstance(s, dict):
            return None
        for key in ("allOf", "oneOf", "anyOf"):
            if key in s and s[key]:
                merged = {}
                for part in s[key] if key == "allOf" else s[key][:1]:
                    merged = merge_schemas(merged, part)
                return self.value(name, merged, top)
        t = s.get("type")
        if t is None:
            t = "object" if "properties" in s else ("array" if "items" in s else "string")
        if t == "object":
            return self.object(s)
        if t == "array":
            return self.array(name, s)
        if name in self.values and not top:
            v = self.values[name]
            return convert(v, t)
        if s.get("enum"):
            firsts = [e for e in s["enum"] if e not in ("", None)]
            return firsts[0] if firsts else s["enum"][0]
        if t in ("integer", "number"):
            if name.endswith("_id"):
                # An id the document types as a number (putaways' int64 ids).
                v = self.resolve(name)
                if v is not None and v.isdigit():
                    return int(v)
            return self.number(name, s, t)
        if t == "boolean":
            return False
        return self.string(name, s)

    def object(self, s):
        props = s.get("properties") or {}
        want = list(s.get("required") or [])
        want += [p for p in props if p in self.fill and p not in want]
        out = {}
        for p in want:
            v = self.value(p, props.get(p, {"type": "string"}))
            if v is not None:
                out[p] = v
        return out

    def array(self, name, s):
        items = s.get("items") or {"type": "string"}
        if items.get("type") in (None, "string") and not items.get("properties"):
            one = self.value(name[:-1] if name.endswith("s") else name, items)
            if singular_id(name):
                one = self.resolve(singular_id(name))
            if "mail" in name:
                one = "conformance@example.com"
            return [one] if one is not None else []
        v = self.value(name, items)
        return [v] if v is not None else []

    def number(self, name, s, t):
        v = 1
        if "minimum" in s and s["minimum"] > v:
            v = s["minimum"]
        if "maximum" in s and s["maximum"] < v:
            v = s["maximum"]
        return int(v) if t == "integer" else v

    def string(self, name, s):
        fmt = s.get("format", "")
        if name.endswith("_id"):
            v = self.resolve(name)
            if v is not None:
                return v
        if singular_id(name):
            v = self.resolve(singular_id(name))
            if v is not None:
                return v
        if fmt == "date" or name == "date" or name.endswith("_date"):
            return self.today
        if fmt == "date-time" or name.endswith("_time"):
            return self.now
        if "email" in name or "mail_id" in name:
            return "conformance%d@example.com" % next(_counter)
        if name in self.values:
            return str(self.values[name])
        text = "%s %d" % (name.replace("_", " ") or "value", next(_counter))
        if name.endswith("_number"):
            text = "CONF-%05d" % next(_counter)
        limit = s.get("maxLength")
        return text[:limit] if limit else text


def convert(v, t):
    if t == "string":
        return str(v)
    if t == "integer" and isinstance(v, (int, float)):
        return int(v)
    return v


def merge(base, extra):
    """extra's members over base's; objects merged member by member."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = merge(base.get(k), v) if k in base else copy.deepcopy(v)
        return out
    return copy.deepcopy(extra)


def merge_schemas(a, b):
    out = dict(a)
    for k, v in (b or {}).items():
        if k == "properties":
            out[k] = {**out.get(k, {}), **v}
        elif k == "required":
            out[k] = sorted(set(out.get(k, [])) | set(v))
        else:
            out.setdefault(k, v)
    return out

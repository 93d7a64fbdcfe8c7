#!/usr/bin/env python3
"""fuzz_seeds.py -- writes the fuzz targets' seed corpora (tests/fuzz/corpus/) from the route table, the contracts and the fixtures.

Run from the repository's root after the route table or the contracts
change; the seeds are committed, so `make test` and `make fuzz` need no
Python. Formats: tests/fuzz/fuzz_request.c and fuzz_lua.c say how an input
is read."""
import glob
import json
import os
import re
import urllib.parse

ROOT = "tests/fuzz/corpus"
JOHN, ORG_A = 1, 1 << 3          # fuzz_request.c: token 1 is John's, organization 1 is 10234695


def routes():
    """[(method, pattern, name)] in the order of the table in server/http/routes.c."""
    text = open("server/http/routes.c").read()
    out = []
    for m in re.finditer(r'\{"(GET|POST|PUT|DELETE)",\s*(V1 )?"([^"]+)",\s*"([^"]+)"', text):
        method, v1, path, name = m.groups()
        out.append((method, ("/inventory/v1" if v1 else "") + path, name))
    return out


def pattern_matches(pattern, path):
    p, s = pattern.strip("/").split("/"), path.strip("/").split("/")
    return len(p) == len(s) and all(a.startswith("{") or a == b for a, b in zip(p, s))


def fill(value, variables):
    """{{name}} templates of a contract replaced by plausible values."""
    if isinstance(value, str):
        return re.sub(r"\{\{(\w+)\}\}", lambda m: variables.get(m.group(1), "4815000000100000"), value)
    if isinstance(value, list):
        return [fill(v, variables) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, variables) for k, v in value.items()}
    return value


def write(folder, name, data):
    os.makedirs(os.path.join(ROOT, folder), exist_ok=True)
    with open(os.path.join(ROOT, folder, re.sub(r"[^A-Za-z0-9_.-]", "_", name)), "wb") as f:
        f.write(data)


def request_seed(index, flags, param, query, headers, body):
    return bytes([index, flags, 0xFF]) + b"\0".join([param.encode(), query.encode(), headers.encode(), body])


def request_seeds():
    table = routes()
    for i, (method, pattern, name) in enumerate(table):
        write("request", f"route-{name}", request_seed(i, JOHN | ORG_A, "4815000000100000", "", "", b"{}"))
    variables = {"organization_id": "10234695", "token": "1000.full.john"}
    for file in sorted(glob.glob("contracts/**/*.json", recursive=True)):
        doc = json.load(open(file))
        variables.update({k: str(v) for k, v in doc.get("variables", {}).items()})
        for n, it in enumerate(doc.get("interactions", [])):
            req = it["request"]
            path = fill(req["path"], variables)
            index = next((i for i, r in enumerate(table) if r[0] == req["method"] and pattern_matches(r[1], path)), None)
            if index is None:
                continue
            params = [s for p, s in zip(table[index][1].split("/"), path.split("/")) if p.startswith("{")]
            query = {k: fill(v, variables) for k, v in req.get("query", {}).items() if k != "organization_id"}
            body = json.dumps(fill(req["body"], variables)).encode() if "body" in req else b""
            base = os.path.basename(file)[:-5]
            seed = request_seed(index, JOHN | ORG_A, params[0] if params else "", urllib.parse.urlencode(query), "", body)
            write("request", f"{base}-{n}", seed)
            if body:    # the same as a form's JSONString (body form 1)
                write("request", f"{base}-{n}-form", bytes([seed[0], seed[1] | 1 << 5]) + seed[2:])


def fixture_seeds():
    write("fixtures", "default.json", open("fixtures/default.json", "rb").read())
    tiny = {"organizations": [{"organization_id": "1", "name": "One",
                               "users": [{"user_id": "11", "name": "U", "email": "u@example.com"}],
                               "tokens": [{"token": "t", "user_id": "11", "scopes": ["ZohoInventory.FullAccess.all"]}],
                               "locations": [{"location_id": "21", "location_name": "L", "is_warehouse": True,
                                              "storages": [{"storage_id": "31", "storage_name": "B"}]}],
                               "items": [{"item_id": "41", "name": "I", "stock": [{"location_id": "21", "storage_id": "31", "quantity": 2}]},
                                         {"item_id": "42", "name": "S", "track_serial_number": True,
                                          "stock": [{"location_id": "21", "quantity": 1, "serial_numbers": ["A"]}]},
                                         {"item_id": "43", "name": "B", "track_batch_number": True,
                                          "stock": [{"location_id": "21", "quantity": 3, "batches": [{"batch_number": "X", "quantity": 3}]}]}],
                               "reasons": [{"reason_id": "51", "reason": "R"}],
                               "accounts": [{"account_id": "61", "account_name": "A"}],
                               "clock": "2025-06-15T09:00:00+0530"}]}
    write("fixtures", "tiny.json", json.dumps(tiny).encode())
    write("fixtures", "empty.json", b'{"organizations": []}')


def contract_seeds():
    for file in sorted(glob.glob("contracts/**/*.json", recursive=True)):
        write("contract", os.path.basename(file), open(file, "rb").read())


def lua_seeds():
    answers = [
        {"status": 201, "body": {"a": [1, 2.5, {"b": None, "c": True}], "id": 4815000000100000}, "headers": {"X-A": "1"}},
        {"status": 429, "body": "plain text", "delay_ms": 5, "fault": "truncate"},
        {"body": {"empty": [], "nested": {"deep": [[[]]]}}, "headers": {"Retry-After": 3}},
        {"status": 99},
        {"fault": "nonsense"},
    ]
    for mode in range(3):
        for n, a in enumerate(answers):
            write("lua", f"mode{mode}-{n}", bytes([mode]) + json.dumps(a).encode())


def dictionary():
    """tests/fuzz/request.dict: the field names of the contracts' bodies and query parameters, JSON punctuation."""
    words = set()

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                words.add(json.dumps(k))
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    for file in glob.glob("contracts/**/*.json", recursive=True):
        for it in json.load(open(file)).get("interactions", []):
            walk(it["request"].get("body"))
            words.update(f"{k}=" for k in it["request"].get("query", {}))
    # libFuzzer's escapes: \\ is a backslash, \xFF a byte.
    words.update([r'"{"', r'"}"', r'"["', r'"]"', r'":"', r'","', r'"null"', r'"true"', r'"false"', r'"-1"',
                  r'"1.5"', r'"1e308"', r'"\\u0000"', r'"\\ud800"', r'"\xff"', r'"\xc0\xaf"', r'"JSONString="',
                  r'"%00"', r'"%FF"'])
    with open("tests/fuzz/request.dict", "w") as f:
        for w in sorted(words):
            f.write((w if w.startswith('"') else json.dumps(w)) + "\n")


if __name__ == "__main__":
    dictionary()
    request_seeds()
    fixture_seeds()
    contract_seeds()
    lua_seeds()

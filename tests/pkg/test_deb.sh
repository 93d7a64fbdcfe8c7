#!/bin/sh
# test_deb.sh -- the Debian package: its metadata, its files, and the packaged binary
# serving the built-in fixture and a named example scenario from an unrelated folder
#
#   tests/pkg/test_deb.sh PACKAGE.deb VERSION fixtures/default.json CONTRACT.json
#
# CONTRACT.json names "fixtures/default.json" and an example scenario: copied
# into the unrelated folder, `zoho-mock verify` must pass it with the built-in copies.
#
# Works under $TMPDIR (make gives it its own folder) and removes what it made.
set -eu
deb=$(realpath "$1") version=$2 fixture=$(realpath "$3") contract=$(realpath "$4")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_deb.XXXXXX")
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "test_deb: $*" >&2; [ -f "$tmp/out" ] && sed 's/^/  server: /' "$tmp/out" "$tmp/err" >&2; exit 1; }
checks=0
ok() { checks=$((checks + 1)); }

# ---------------------------------------------------------------- metadata
[ "$(dpkg-deb -f "$deb" Package)" = zoho-mock ] || fail "Package is not zoho-mock"; ok
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is not $version (server/util/version.h)"; ok
[ "$(dpkg-deb -f "$deb" Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture"; ok
depends=$(dpkg-deb -f "$deb" Depends)
for p in libcivetweb libcjson liblua5.4 libcurl; do
    echo "$depends" | grep -Eq "(^|, )$p[0-9a-z.-]* \(>= " || fail "Depends lacks $p: $depends"; ok
done
# verify --openapi's tool: python3 with python3-jsonschema, python3-yaml for YAML documents.
for p in python3 python3-jsonschema python3-yaml; do
    echo "$depends" | grep -Eq "(^|, )$p(,|\$)" || fail "Depends lacks $p: $depends"; ok
done
# Each dependency is an installed package (a library the binary links, or the Python verify --openapi runs).
for p in $(echo "$depends" | sed 's/ ([^)]*)//g; s/,/ /g'); do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || fail "Depends names $p, not installed here"; ok
done
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/zoho-mock ./usr/share/man/man1/zoho-mock.1.gz ./usr/share/doc/zoho-mock/copyright; do
    echo "$contents" | grep -q " $f\$" || fail "$f is not in the package"; ok
done
echo "$contents" | awk '{print $2}' | grep -vqx 'root/root' && fail "files not owned by root"; ok

# ------------------------------------------------- unpacked, run elsewhere
dpkg-deb -x "$deb" "$tmp/root"
bin=$tmp/root/usr/bin/zoho-mock
mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere"
[ "$("$bin" --version)" = "zoho-mock $version" ] || fail "--version"; ok
"$bin" fixtures | cmp -s - "$fixture" || fail "zoho-mock fixtures is not $fixture"; ok
"$bin" scenarios | grep -q '^rate_limit.lua  *Zoho' || fail "zoho-mock scenarios does not list rate_limit.lua"; ok
zcat "$tmp/root/usr/share/man/man1/zoho-mock.1.gz" | groff -man -Tascii -P-cbou 2>/dev/null |
    grep -q -- '--fixtures FILE' || fail "the packaged man page does not render"; ok

cp "$contract" .
"$bin" verify "$(basename "$contract")" >"$tmp/verify" 2>&1 || fail "verify $(basename "$contract"): $(cat "$tmp/verify")"; ok

# verify --openapi: the tool compiled into the packaged binary runs with the packaged dependencies.
cat > oas.yaml <<'OAS'
openapi: 3.0.3
info: {title: a thing, version: "1"}
servers: [{url: "https://www.zohoapis.com/inventory/v1"}]
paths:
  /things/{thing_id}:
    get:
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/thing"}
components:
  schemas:
    thing: {type: object, properties: {code: {type: integer}, thing: {type: object, properties: {name: {type: string}}}}}
OAS
printf '%s\n' '{"interactions": [{"request": {"method": "GET", "path": "/inventory/v1/things/42"},' \
    '"response": {"status": 200, "body": {"code": 0, "thing": {"name": 7}}}}]}' > recorded.json
rc=0; "$bin" verify --openapi oas.yaml recorded.json >"$tmp/drift" 2>&1 || rc=$?
[ $rc = 1 ] && grep -qxF '       $.thing.name: type: documented string, recorded integer (1 of 1)' "$tmp/drift" ||
    fail "verify --openapi (exit $rc): $(cat "$tmp/drift")"; ok

"$bin" --port 0 --scenario rate_limit.lua >"$tmp/out" 2>"$tmp/err" &
pid=$!
# The ready line, polled with a deadline of 10 s.
i=0
until grep -q 'listening on' "$tmp/out" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || fail "the packaged binary exited"
    i=$((i + 1)); [ $i -le 200 ] || fail "no ready line after 10 s"
    sleep 0.05
done
ready=$(head -1 "$tmp/out")
echo "$ready" | grep -q '(fixtures built-in)$' || fail "ready line: $ready"; ok
port=$(echo "$ready" | sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\) .*|\1|p')
[ -n "$port" ] || fail "no port in: $ready"
base=http://127.0.0.1:$port

# The built-in fixture's data with its token, under the named example's limits.
code=$(curl -s -D "$tmp/headers" -o "$tmp/body" -w '%{http_code}' \
    -H 'Authorization: Zoho-oauthtoken 1000.full.john' "$base/inventory/v1/items/4815000000033024?organization_id=10234695")
[ "$code" = 200 ] || fail "GET item answered $code: $(cat "$tmp/body")"; ok
grep -q '"name":"Surge Protector 6-outlet"' "$tmp/body" || fail "not the built-in item: $(cat "$tmp/body")"; ok
grep -qi '^X-Rate-Limit-Limit: 1000' "$tmp/headers" || fail "rate_limit.lua is not active: $(cat "$tmp/headers")"; ok

# Another example, by name, through the admin API.
code=$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST -d '{"file":"flaky_then_ok.lua"}' "$base/__admin/scenarios")
[ "$code" = 201 ] || fail "POST /__admin/scenarios answered $code: $(cat "$tmp/body")"; ok
grep -q '"built_in":true' "$tmp/body" || fail "not the built-in example: $(cat "$tmp/body")"; ok
code=$(curl -s -o "$tmp/body" -w '%{http_code}' -H 'Authorization: Zoho-oauthtoken 1000.full.john' \
    "$base/inventory/v1/items?organization_id=10234695")
[ "$code" = 500 ] && grep -q '"code":1000' "$tmp/body" || fail "flaky_then_ok.lua did not answer: $code $(cat "$tmp/body")"; ok

kill -TERM "$pid"
wait "$pid" || fail "the packaged binary did not stop cleanly"
pid=""; ok
echo "$(basename "$deb"), $checks checks"

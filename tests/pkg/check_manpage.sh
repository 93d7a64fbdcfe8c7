#!/bin/sh
# check_manpage.sh -- the man page renders without a warning and names every flag and
# command of `zoho-mock --help` and every /__admin route of the route table
#
#   tests/pkg/check_manpage.sh BINARY doc/zoho-mock.1 server/http/routes.c
set -eu
bin=$1 page=$2 routes=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check_manpage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
groff -man -Tascii -ww -P-cbou "$page" >"$tmp/text" 2>"$tmp/warnings"
if [ -s "$tmp/warnings" ]; then echo "$page: groff warns:"; cat "$tmp/warnings"; exit 1; fi
"$bin" --help >"$tmp/help"
missing=""
# Flags: every --word of --help, as a word of the page.
flags=$(grep -o -- '--[a-z][a-z0-9-]*' "$tmp/help" | sort -u)
for f in $flags; do
    grep -Eq -- "(^|[^a-z0-9-])$f([^a-z0-9-]|\$)" "$tmp/text" || missing="$missing $f"
done
# Commands: the lines of --help that start with a lower-case word ("  verify  ...").
commands=$(sed -n 's/^  \([a-z][a-z]*\)\( .*\)\{0,1\}$/\1/p' "$tmp/help" | sort -u)
for c in $commands; do
    grep -q "zoho-mock $c" "$tmp/text" || missing="$missing 'zoho-mock $c'"
done
# The admin API: "METHOD /__admin/..." as an entry of its own.
sed -n 's|.*{"\([A-Z]*\)", *"\(/__admin[^"]*\)".*|\1 \2|p' "$routes" >"$tmp/admin"
n_admin=$(wc -l <"$tmp/admin")
while read -r method path; do
    grep -Eq "^ +$method $path *\$" "$tmp/text" || missing="$missing '$method $path'"
done <"$tmp/admin"
if [ -n "$missing" ]; then
    echo "$page does not document:$missing"
    echo "(add them to doc/zoho-mock.1: OPTIONS, COMMANDS or ADMIN API)"
    exit 1
fi
echo "$(echo "$flags" | wc -l) flags, $(echo "$commands" | wc -l) commands, $n_admin admin routes"

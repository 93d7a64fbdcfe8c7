#!/bin/sh
# make_deb.sh -- turns a tree made by `make install PREFIX=/usr` into a Debian package with dpkg-deb
#
#   tools/make_deb.sh WORK VERSION OUT.deb
#
# WORK/debian/zoho-mock holds the installed files (usr/bin/zoho-mock,
# usr/share/man/man1/zoho-mock.1). This strips the binary, compresses the man
# page, adds the copyright file and DEBIAN/control, and builds OUT.deb (owned
# by root, without fakeroot). Depends comes from dpkg-shlibdeps: the Debian
# packages of the libraries the binary links (libcivetweb1, libcjson1,
# liblua5.4-0, libcurl4, libc6), with the versions their symbols need; and
# python3, python3-jsonschema, python3-yaml for verify --openapi.
set -eu
work=$1 version=$2 out=$3
root=$work/debian/zoho-mock
maintainer=${DEB_MAINTAINER:-"zoho-mock developers <zoho-mock@invalid>"}

strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/zoho-mock"
gzip -9nf "$root/usr/share/man/man1/zoho-mock.1"
mkdir -p "$root/usr/share/doc/zoho-mock"
cat > "$root/usr/share/doc/zoho-mock/copyright" <<COPYRIGHT
zoho-mock $version: a sandbox server that stands in for the Zoho Inventory API.
Built from the zoho-mock source tree; its README documents the served API,
the fixtures, the scenarios and the test helpers. No license is stated in
the source tree.
COPYRIGHT
chmod 0644 "$root/usr/share/doc/zoho-mock/copyright"

# dpkg-shlibdeps reads debian/control and wants the binary in its package's
# folder (the one with DEBIAN/).
mkdir -p "$root/DEBIAN"
printf 'Source: zoho-mock\n\nPackage: zoho-mock\nArchitecture: any\n' > "$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O debian/zoho-mock/usr/bin/zoho-mock | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "make_deb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
# libcurl is loaded with dlopen on first use (util/curl_lazy.c): shlibdeps cannot see it.
depends="$depends, libcurl4 (>= 7.58.0)"
# verify --openapi runs its compiled-in Python tool: JSON Schema validation is
# python3-jsonschema's (Debian has no C validator), YAML documents python3-yaml's.
depends="$depends, python3, python3-jsonschema, python3-yaml"

cat > "$root/DEBIAN/control" <<CONTROL
Package: zoho-mock
Version: $version
Architecture: $(dpkg --print-architecture)
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Section: devel
Priority: optional
Description: sandbox server that stands in for the Zoho Inventory API
 zoho-mock answers like Zoho Inventory (same paths, bodies, error codes and
 messages) from an in-memory, stateful model: item adjustments, stock counts,
 recurring counts, items, locations, OAuth tokens. Tests reset it, move its
 clock, read its request journal and make it misbehave with Lua scenarios
 (rate limits, faults, latency, expiring tokens) through an admin API.
 The default fixture and the example scenarios are built in.
CONTROL
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null

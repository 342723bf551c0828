#!/usr/bin/env bash
# tools/deps.sh build|test -- installs the Debian 12 packages sklaida needs
# (as root), or prints the one apt-get line to run (as another user).
# "test" adds what the test-suite needs: PostgreSQL 15, clang/libFuzzer,
# Chromium, Node.js, SMTP/iCalendar/feed/XLSX parsers, wrk and nginx.
set -eu
BUILD_PKGS="build-essential pkg-config python3 gettext sqlite3 curl ca-certificates
  libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev libicu-dev
  libcurl4-openssl-dev libical-dev libxml2-dev libstemmer-dev libhunspell-dev hunspell-lt
  libmd4c-dev libmd4c-html0-dev hunspell-en-us libzip-dev libgmime-3.0-dev libmagic-dev libvips-dev zlib1g-dev"
TEST_PKGS="postgresql-15 postgresql-client-15 clang libclang-rt-14-dev chromium
  python3-aiosmtpd python3-icalendar python3-vobject python3-feedparser python3-openpyxl wrk nginx-light
  psmisc procps iproute2 fonts-dejavu-core"
pkgs=$BUILD_PKGS
[ "${1:-build}" = test ] && pkgs="$BUILD_PKGS $TEST_PKGS"
missing=""
# Node.js: Debian's nodejs+npm unless a node with npm is already there
# (e.g. NodeSource's, which conflicts with Debian's npm package)
if [ "${1:-build}" = test ] && ! { command -v node >/dev/null && command -v npm >/dev/null; }; then
	missing="$missing nodejs npm"
fi
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "sklaida needs these Debian packages; run as root:"
	echo "  apt-get install -y$missing"
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# the package lists may be missing on a fresh machine
if ! apt-get install -y -qq $missing >/tmp/sklaida-apt.log 2>&1; then
	apt-get update -qq >/dev/null
	apt-get install -y -qq $missing >/tmp/sklaida-apt.log 2>&1 || { tail -30 /tmp/sklaida-apt.log; exit 1; }
fi

#!/usr/bin/env bash
# tools/run-demo.sh -- `make run`: creates var/ with a SQLite database and
# the demo data on first start (printing the generated logins, also kept in
# var/demo-logins.txt, mode 0600), then serves http://127.0.0.1:8080.
set -eu
cd "$(dirname "$0")/.."
BIN=build/sklaida
mkdir -p var
if [ ! -f var/sklaida.db ]; then
	echo "First start: creating var/sklaida.db with the demo data..."
	umask 077
	"$BIN" --db sqlite:var/sklaida.db demo > var/demo-logins.txt
fi
echo
echo "Demo logins (also in var/demo-logins.txt):"
cat var/demo-logins.txt
echo
echo "sklaida is serving http://127.0.0.1:${SKLAIDA_PORT:-8080}/  (Ctrl-C stops it)"
exec "$BIN" --db sqlite:var/sklaida.db serve

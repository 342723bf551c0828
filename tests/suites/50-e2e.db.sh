#!/usr/bin/env bash
# Browser tests (tests/e2e/run.mjs): Debian's Chromium driven by
# playwright-core, accessibility checked with axe-core, on the backend in
# $SK_DB. Installs the pinned node packages (npm ci, from the local cache
# when it can), creates a fresh database, loads `sklaida demo` into it,
# serves it on a free loopback port and runs the tests against it.
# Screenshots land in tests/e2e/screenshots/$SK_DB/ (git-ignored).
set -u
ROOT=${SK_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${SK_BIN:-$ROOT/build/sklaida}
DB_KIND=${SK_DB:-sqlite}
E2E=$ROOT/tests/e2e

fail() { # name, why, [log file]
	echo "FAIL $1: $2"
	[ -n "${3:-}" ] && [ -f "$3" ] && tail -40 "$3" | sed 's/^/    /'
	exit 1
}

command -v node >/dev/null || fail e2e-setup "node is missing (apt-get install nodejs npm)"
[ -x "${SK_CHROMIUM:-/usr/bin/chromium}" ] || fail e2e-setup "no Chromium at ${SK_CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)"
[ -x "$BIN" ] || fail e2e-setup "no binary at $BIN"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sklaida-e2e.XXXXXX")
PID=
cleanup() {
	if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
		kill "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

# the node packages, pinned by package-lock.json; one install serves both
# backends (a lock keeps two runs from installing at once)
if [ ! -f "$E2E/node_modules/playwright-core/package.json" ] || [ ! -f "$E2E/node_modules/axe-core/axe.min.js" ]; then
	(
		flock 9
		if [ ! -f "$E2E/node_modules/playwright-core/package.json" ] || [ ! -f "$E2E/node_modules/axe-core/axe.min.js" ]; then
			cd "$E2E" && npm ci --no-audit --no-fund --prefer-offline >"$TMP/npm-ci.log" 2>&1
		fi
	) 9>"${TMPDIR:-/tmp}/sklaida-e2e-npm.lock" || fail e2e-setup "npm ci failed in tests/e2e" "$TMP/npm-ci.log"
fi

case $DB_KIND in
sqlite) DB=sqlite:$TMP/e2e.db ;;
pg) DB=$("$ROOT/tests/lib/pg.sh" createdb sk_e2e) || fail e2e-setup "cannot create the PostgreSQL database" ;;
*) fail e2e-setup "unknown SK_DB '$DB_KIND'" ;;
esac

mkdir -p "$TMP/var"
if ! "$BIN" --db "$DB" demo >"$TMP/logins.txt" 2>"$TMP/demo.log"; then
	fail e2e-demo "sklaida demo failed" "$TMP/demo.log"
fi
[ "$(wc -l <"$TMP/logins.txt")" -ge 20 ] || fail e2e-demo "sklaida demo printed $(wc -l <"$TMP/logins.txt") logins" "$TMP/logins.txt"

PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
SKLAIDA_VAR=$TMP/var SKLAIDA_BASE_URL=$BASE SKLAIDA_SMTP_URL= \
	"$BIN" --db "$DB" serve --port "$PORT" --workers 1 >"$TMP/server.log" 2>&1 &
PID=$!
# readiness: the server answers /healthz (bounded, not a timing test)
for _ in $(seq 1 150); do
	curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
	kill -0 "$PID" 2>/dev/null || fail e2e-server "sklaida serve exited" "$TMP/server.log"
	sleep 0.2
done
curl -fs "$BASE/healthz" >/dev/null 2>&1 || fail e2e-server "no answer on $BASE/healthz" "$TMP/server.log"

SHOTS=$E2E/screenshots/$DB_KIND
rm -rf "$SHOTS"
cd "$E2E" || exit 1
SK_E2E_BASE=$BASE SK_E2E_DB=$DB SK_E2E_VAR=$TMP/var SK_E2E_LOGINS=$TMP/logins.txt SK_E2E_SHOTS=$SHOTS SK_BIN=$BIN \
	SK_E2E_SERVER_LOG=$TMP/server.log \
	node run.mjs
rc=$?
if ! kill -0 "$PID" 2>/dev/null; then
	echo "FAIL e2e-server-alive: sklaida serve died during the browser tests"
	tail -40 "$TMP/server.log" | sed 's/^/    /'
	rc=1
elif [ $rc -ne 0 ]; then
	echo "    server log (last 30 lines):"
	tail -30 "$TMP/server.log" | sed 's/^/    /'
fi
exit $rc

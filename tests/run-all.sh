#!/usr/bin/env bash
# tests/run-all.sh -- every test of sklaida, on SQLite and on PostgreSQL.
#
# Suites are executables in tests/suites/, run in name order:
#   NN-name.db.sh  runs once per backend with SK_DB=sqlite|pg
#   NN-name.sh     runs once
# A suite prints one line per test, "ok NAME" or "FAIL NAME: why", and may
# print anything else (indented detail). This script counts those lines
# and ends with the single line "N passed, N failed".
#
# Environment: SK_ONLY=regex runs matching suites only; SK_DBS="sqlite"
# restricts the backends (default "sqlite pg").
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
export SK_ROOT=$ROOT
export SK_BIN=$ROOT/build/sklaida
export PY=/usr/bin/python3
OUT=$ROOT/build/test-output
rm -rf "$OUT"; mkdir -p "$OUT"
DBS=${SK_DBS:-sqlite pg}

echo "== building"
if ! make -s all build/sk-unit >"$OUT/build.log" 2>&1; then
	cat "$OUT/build.log"
	echo "FAIL build"
	echo "0 passed, 1 failed"
	exit 1
fi

# throwaway PostgreSQL for the whole run
if [[ " $DBS " == *" pg "* ]]; then
	export SK_PG_STATE=$OUT/pg.env
	PGDIR=$(mktemp -d /tmp/sklaida-pg.XXXXXX)
	PGPORT=$((20000 + RANDOM % 20000))
	if ! tests/lib/pg.sh start "$PGDIR" "$PGPORT" >"$OUT/pg-start.log" 2>&1; then
		cat "$OUT/pg-start.log"
		echo "FAIL postgresql-start"
		echo "0 passed, 1 failed"
		exit 1
	fi
	trap 'tests/lib/pg.sh stop "$PGDIR" >/dev/null 2>&1; rm -rf "$PGDIR"' EXIT
fi

run_suite() { # name logfile [env...]
	local s=$1 log=$2
	shift 2
	local t0=$SECONDS
	env "$@" timeout 1800 "$s" >"$log" 2>&1
	local rc=$?
	grep -E '^(ok|FAIL) ' "$log" | sed 's/^/  /'
	if ! grep -qE '^(ok|FAIL) ' "$log" || { [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$log"; }; then
		echo "FAIL $(basename "$s") exited $rc without reporting a failure" | tee -a "$log" | sed 's/^/  /'
		tail -30 "$log" | sed 's/^/    /'
	elif grep -q '^FAIL ' "$log"; then
		# show detail of failures
		grep -A25 '^FAIL ' "$log" | sed 's/^/    /' | head -120
	fi
	echo "  ($(basename "$s"): $((SECONDS - t0))s)"
}

for s in tests/suites/*; do
	[ -x "$s" ] || continue
	name=$(basename "$s")
	if [ -n "${SK_ONLY:-}" ] && ! [[ $name =~ $SK_ONLY ]]; then continue; fi
	if [[ $name == *.db.sh ]]; then
		for db in $DBS; do
			echo "== $name [$db]"
			run_suite "$s" "$OUT/$name.$db.log" SK_DB="$db"
		done
	else
		echo "== $name"
		run_suite "$s" "$OUT/$name.log"
	fi
done

passed=$(cat "$OUT"/*.log | grep -cE '^ok ' || true)
failed=$(cat "$OUT"/*.log | grep -cE '^FAIL ' || true)
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

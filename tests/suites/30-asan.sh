#!/usr/bin/env bash
# Sanitizer tier (RELIABILITY.md P2/P5/P6 under ASan+UBSan+LSan):
#   make asan -> build-asan/sklaida, build-asan/sk-unit (clang 14)
#   build-asan/sk-unit
#   tests/py/test_smoke.py, test_malformed.py, test_framing.py with
#   --bin build-asan/sklaida on every backend in $SK_DBS (default
#   "sqlite pg"), then every server log is searched for sanitizer
#   reports. Servers are stopped with SIGTERM (Server.stop) so that
#   LeakSanitizer runs at their exit and its report lands in the log.
#
# Test names are prefixed "asan:" so they do not collide with the same
# tests of the normal build. Prints ok/FAIL lines; exit 1 on any FAIL.
# Leaks inside third-party libraries only may be suppressed in
# tests/fuzz/lsan.supp (never our code).
set -u
ROOT=${SK_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT"
PY=${PY:-/usr/bin/python3}
DBS=${SK_DBS:-sqlite pg}
ASAN_BIN=$ROOT/build-asan/sklaida

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:disable_coredump=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [ -f "$ROOT/tests/fuzz/lsan.supp" ]; then
	export LSAN_OPTIONS=suppressions=$ROOT/tests/fuzz/lsan.supp:print_suppressions=0
fi

WORK=$(mktemp -d /tmp/sk-asan.XXXXXX)
OWN_PG=""
cleanup() {
	if [ -n "$OWN_PG" ]; then
		tests/lib/pg.sh stop "$OWN_PG" >/dev/null 2>&1
		rm -rf "$OWN_PG"
	fi
	if [ "${rc:-0}" -eq 0 ] || [ -n "${SK_ASAN_CLEAN:-}" ]; then
		rm -rf "$WORK"
	else
		echo "    (logs kept in $WORK)"
	fi
}
trap cleanup EXIT
rc=0

if ! make -s asan >"$WORK/build.log" 2>&1; then
	echo "FAIL asan:build: make asan failed"
	tail -40 "$WORK/build.log" | sed 's/^/    /'
	exit 1
fi
echo "ok asan:build"

# C unit tests under the sanitizers; their own ok/FAIL lines, prefixed
"$ROOT/build-asan/sk-unit" >"$WORK/unit.log" 2>&1
urc=$?
grep -E '^(ok|FAIL) ' "$WORK/unit.log" | sed -E 's/^(ok|FAIL) /\1 asan:/'
if [ $urc -ne 0 ]; then
	rc=1
	if ! grep -q '^FAIL ' "$WORK/unit.log"; then
		echo "FAIL asan:sk-unit exited $urc"
	fi
	grep -E 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer' -A25 "$WORK/unit.log" | head -60 | sed 's/^/    /'
fi

# PostgreSQL: the cluster of tests/run-all.sh, else one of our own
if [[ " $DBS " == *" pg "* ]]; then
	state=${SK_PG_STATE:-${TMPDIR:-/tmp}/sklaida-pg-$(id -u).env}
	if [ ! -f "$state" ] || ! tests/lib/pg.sh createdb "asanprobe$$" >/dev/null 2>&1; then
		OWN_PG=$(mktemp -d /tmp/sk-asan-pg.XXXXXX)
		export SK_PG_STATE=$WORK/pg.env
		if ! tests/lib/pg.sh start "$OWN_PG" $((20000 + RANDOM % 20000)) >"$WORK/pg.log" 2>&1; then
			echo "FAIL asan:postgresql-start"
			sed 's/^/    /' "$WORK/pg.log" | tail -20
			DBS=${DBS//pg/}
			rc=1
		fi
	fi
fi

for db in $DBS; do
	# each test's temp dir (and so its server-*.log) lands under $logs
	logs=$WORK/py-$db
	mkdir -p "$logs"
	for t in test_smoke test_malformed test_framing; do
		# SK_KEEP_TMP: sk.py keeps each test's temp dir (server logs) for the scan below
		SK_KEEP_TMP=1 TMPDIR=$logs $PY "tests/py/$t.py" --db "$db" --bin "$ASAN_BIN" >"$WORK/$t.$db.log" 2>&1
		trc=$?
		grep -E '^(ok|FAIL) ' "$WORK/$t.$db.log" | sed -E 's/^(ok|FAIL) /\1 asan:/'
		if grep -q '^FAIL ' "$WORK/$t.$db.log"; then
			rc=1
			grep -A30 '^FAIL ' "$WORK/$t.$db.log" | grep -v '^ok ' | head -60 | sed 's/^/    /'
		elif [ $trc -ne 0 ]; then
			rc=1
			echo "FAIL asan:$t[$db] exited $trc"
			tail -30 "$WORK/$t.$db.log" | sed 's/^/    /'
		fi
	done
	# sanitizer reports anywhere in the servers' logs (written at exit)
	bad=$(grep -lE 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer' -r "$logs" --include='server-*.log' 2>/dev/null)
	if [ -n "$bad" ]; then
		rc=1
		echo "FAIL asan:sanitizer-reports[$db]: $(echo "$bad" | wc -l) server log(s) with reports"
		# one line per distinct report: kind and the first frame in our code
		$PY - "$logs" "$ROOT" <<'PYEOF' | head -30
import collections, os, re, sys
root, src = sys.argv[1], sys.argv[2]
seen = collections.Counter()
example = {}
wrappers = {"xmalloc", "xcalloc", "xrealloc", "xstrdup"}
for d, _, files in os.walk(root):
    for f in files:
        if not f.startswith("server-"):
            continue
        path = os.path.join(d, f)
        text = open(path, errors="replace").read()
        for blk in re.split(r"\n\s*\n", text):
            m = re.search(r"ERROR: AddressSanitizer: [\w-]+|runtime error: [^\n]{0,80}|(?:Direct|Indirect) leak", blk)
            if not m:
                continue
            frame = "(library frames only)"
            for fn, loc in re.findall(r"#\d+ 0x[0-9a-f]+ in (\w+) (\S+)", blk):
                if loc.startswith(src + "/") and fn not in wrappers:
                    frame = f"{fn} {os.path.relpath(loc, src)}"
                    break
            key = (m.group(0), frame)
            seen[key] += 1
            example.setdefault(key, path)
for (kind, frame), n in seen.most_common():
    print(f"    {n:4d} x {kind} at {frame}   (e.g. {example[(kind, frame)]})")
PYEOF
	else
		n=$(find "$logs" -name 'server-*.log' | wc -l)
		if [ "$n" -eq 0 ]; then
			rc=1
			echo "FAIL asan:sanitizer-reports[$db]: no server log found under $logs (nothing was checked)"
		else
			echo "ok asan:sanitizer-reports[$db] ($n server logs clean)"
		fi
	fi
done
exit $rc

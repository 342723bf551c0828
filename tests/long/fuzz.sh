#!/usr/bin/env bash
# tests/long/fuzz.sh -- long libFuzzer runs (RELIABILITY.md P4), before a
# release or nightly. Each target of tests/fuzz/ runs SK_LONG_FUZZ_SECONDS
# (default 600) on a copy of its corpus; afterwards the inputs that add
# coverage are merged into tests/fuzz/corpus/<target>/ (-merge=1, files
# named by their SHA-1) for review and commit. A crash is copied to
# tests/fuzz/regressions/<target>/ -- the CI suite (tests/suites/40-fuzz.sh)
# replays that directory, so once the bug is fixed the reproducer keeps it
# fixed.
#
#   tests/long/fuzz.sh                      all targets, 10 min each
#   SK_LONG_FUZZ_SECONDS=3600 tests/long/fuzz.sh dispatch
#   SK_LONG_FUZZ_JOBS=2 tests/long/fuzz.sh  two fuzzing processes per target
#
# Prints "ok fuzz-long/<target> ..." or "FAIL fuzz-long/<target>: ...";
# exit 1 on any failure.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SECS=${SK_LONG_FUZZ_SECONDS:-600}
JOBS=${SK_LONG_FUZZ_JOBS:-1}
TARGETS=${*:-guard urlencoded multipart cookies dispatch}
WORK=$(mktemp -d /tmp/sk-longfuzz.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:disable_coredump=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
[ -f tests/fuzz/lsan.supp ] && export LSAN_OPTIONS=suppressions=$ROOT/tests/fuzz/lsan.supp

if ! make -s -j2 -f tests/fuzz/fuzz.mk >"$WORK/build.log" 2>&1; then
	echo "FAIL fuzz-long/build"
	tail -40 "$WORK/build.log"
	exit 1
fi
rc=0
for t in $TARGETS; do
	bin=build-fuzz/fuzz_$t
	dict=tests/fuzz/http.dict
	[ "$t" = multipart ] && dict=tests/fuzz/multipart.dict
	mkdir -p "$WORK/c-$t" "$WORK/a-$t"
	cp -r "tests/fuzz/corpus/$t"/. "$WORK/c-$t/"
	before=$(find "tests/fuzz/corpus/$t" -type f | wc -l)
	args=(-timeout=5 -rss_limit_mb=2048 -max_len=65536 -dict="$ROOT/$dict" -max_total_time="$SECS"
		-artifact_prefix="$WORK/a-$t/" -print_final_stats=1)
	if [ "$JOBS" -gt 1 ]; then
		args+=(-fork="$JOBS" -ignore_crashes=0)
	fi
	echo "== $t: fuzzing ${SECS}s"
	(cd "$WORK" && "$ROOT/$bin" "${args[@]}" "$WORK/c-$t") >"$WORK/$t.log" 2>&1
	frc=$?
	crashes=$(find "$WORK/a-$t" -type f | wc -l)
	if [ $frc -ne 0 ] || [ "$crashes" -gt 0 ]; then
		rc=1
		mkdir -p "tests/fuzz/regressions/$t"
		cp "$WORK/a-$t"/* "tests/fuzz/regressions/$t/" 2>/dev/null
		echo "FAIL fuzz-long/$t: exit $frc, $crashes reproducer(s) copied to tests/fuzz/regressions/$t/"
		grep -m1 -E 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|FUZZ_CHECK failed|ERROR: libFuzzer|fuzz_dispatch: status' \
			-A20 "$WORK/$t.log" | sed 's/^/    /'
	fi
	# keep what adds coverage, even after a crash
	"$ROOT/$bin" -merge=1 -timeout=5 -rss_limit_mb=2048 -max_len=65536 "tests/fuzz/corpus/$t" "$WORK/c-$t" \
		>"$WORK/$t.merge.log" 2>&1 || echo "    (merge for $t failed, see nothing merged)"
	after=$(find "tests/fuzz/corpus/$t" -type f | wc -l)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$t.log" | tail -1)
	[ $frc -eq 0 ] && [ "$crashes" -eq 0 ] &&
		echo "ok fuzz-long/$t (${runs:-?} runs in ${SECS}s; corpus $before -> $after files, $((after - before)) merged)"
done
echo "review and commit the merged corpus files: git status tests/fuzz/corpus tests/fuzz/regressions"
exit $rc

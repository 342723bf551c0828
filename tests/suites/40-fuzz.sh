#!/usr/bin/env bash
# libFuzzer tier (RELIABILITY.md P3): builds the targets of tests/fuzz/
# (make -f tests/fuzz/fuzz.mk -> build-fuzz/fuzz_<target>, clang 14 with
# ASan+UBSan), replays each checked-in corpus tests/fuzz/corpus/<target>/
# plus any saved reproducers tests/fuzz/regressions/<target>/ (-runs=0),
# then fuzzes each target for SK_FUZZ_SECONDS (default 30) on a copy of
# its corpus in a temp dir, so CI never modifies the repository.
#
# Prints "ok fuzz/<target>" or "FAIL fuzz/<target>: <phase> <crash file>"
# followed by the first lines of the sanitizer/libFuzzer report. A crash
# file is kept in build-fuzz/crashes/ for replay:
#   build-fuzz/fuzz_<target> build-fuzz/crashes/<file>
# Whole suite: about 3 min on 2 cores (build ~40 s fresh, replays, 5 x 30 s).
set -u
ROOT=${SK_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT"
SECS=${SK_FUZZ_SECONDS:-30}
TARGETS=${SK_FUZZ_TARGETS:-guard urlencoded multipart cookies dispatch dsn}
OUT=$ROOT/build-fuzz
WORK=$(mktemp -d /tmp/sk-fuzz.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:disable_coredump=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ -f tests/fuzz/lsan.supp ]; then
	export LSAN_OPTIONS=suppressions=$ROOT/tests/fuzz/lsan.supp:print_suppressions=0
fi

if ! make -s -j2 -f tests/fuzz/fuzz.mk >"$WORK/build.log" 2>&1; then
	echo "FAIL fuzz/build: make -f tests/fuzz/fuzz.mk failed"
	grep -v '^  FUZZ' "$WORK/build.log" | tail -40 | sed 's/^/    /'
	exit 1
fi

dict_of() {
	case $1 in
	multipart) echo "$ROOT/tests/fuzz/multipart.dict" ;;
	dsn) echo "$ROOT/tests/fuzz/dsn.dict" ;;
	*) echo "$ROOT/tests/fuzz/http.dict" ;;
	esac
}

# report TARGET PHASE LOG: the crash file and the first report lines
report() {
	local t=$1 phase=$2 log=$3 crash
	crash=$(ls -t "$WORK/$t"-* 2>/dev/null | head -1)
	if [ -n "$crash" ]; then
		mkdir -p "$OUT/crashes"
		cp "$crash" "$OUT/crashes/"
		crash="build-fuzz/crashes/$(basename "$crash")"
	fi
	echo "FAIL fuzz/$t: $phase ${crash:-(no crash file)}"
	grep -nE 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|FUZZ_CHECK failed|ERROR: libFuzzer|fuzz_dispatch: status|deadly signal|out-of-memory|timeout after' "$log" |
		head -3 | sed 's/^/    /'
	grep -m1 -nE 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|FUZZ_CHECK failed|ERROR: libFuzzer' -A14 "$log" |
		tail -n +2 | sed 's/^/    /'
}

rc=0
for t in $TARGETS; do
	bin=$OUT/fuzz_$t
	corpus=tests/fuzz/corpus/$t
	if [ ! -x "$bin" ] || [ ! -d "$corpus" ]; then
		echo "FAIL fuzz/$t: missing $bin or $corpus"
		rc=1
		continue
	fi
	common=(-timeout=5 -rss_limit_mb=2048 -max_len=65536 "-artifact_prefix=$WORK/$t-")
	# 1. replay the corpus and past reproducers
	dirs=("$corpus")
	[ -d "tests/fuzz/regressions/$t" ] && dirs+=("tests/fuzz/regressions/$t")
	if ! (cd "$WORK" && "$bin" "${common[@]}" -runs=0 "${dirs[@]/#/$ROOT/}") >"$WORK/$t.replay.log" 2>&1; then
		report "$t" "replay of $corpus" "$WORK/$t.replay.log"
		rc=1
		continue
	fi
	n_seed=$(find "$corpus" -type f | wc -l)
	# 2. a short fuzzing run on a temporary copy of the corpus
	mkdir -p "$WORK/corpus-$t"
	cp -r "$corpus"/. "$WORK/corpus-$t/"
	if ! (cd "$WORK" && "$bin" "${common[@]}" -max_total_time="$SECS" -dict="$(dict_of "$t")" \
		-print_final_stats=1 "$WORK/corpus-$t") >"$WORK/$t.fuzz.log" 2>&1; then
		report "$t" "fuzzing (${SECS}s)" "$WORK/$t.fuzz.log"
		rc=1
		continue
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$t.fuzz.log")
	cov=$(grep -oE 'cov: [0-9]+' "$WORK/$t.fuzz.log" | tail -1)
	n_new=$(find "$WORK/corpus-$t" -type f | wc -l)
	echo "ok fuzz/$t ($n_seed seeds replayed; ${runs:-?} runs in ${SECS}s, $cov, corpus $n_seed -> $n_new)"
done
exit $rc

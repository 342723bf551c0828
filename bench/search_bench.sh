#!/usr/bin/env bash
# Search latency (X7): loads N generated Lithuanian-like documents into a
# fresh database (bulk path of `sklaida search-bench`) and times each query
# kind in-process (search_run with ranking and snippets, 20 hits,
# p50/p95/max ms). Results: bench/SEARCH_RESULTS.md.
#   bench/search_bench.sh [sqlite|pg] [DOCS] [RUNS]
# pg needs SK_PG_STATE (tests/lib/pg.sh start ...). With SK_SBENCH_DB=URL
# the documents are loaded into (or, when that database already has an
# institution pavb, only timed in) that database and kept there, so that
# a million documents are loaded once and timed as often as needed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${SK_BIN:-$ROOT/build/sklaida}
KIND=${1:-sqlite}
DOCS=${2:-100000}
RUNS=${3:-20}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sklaida-sbench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
filter() { tr '\r' '\n' | grep -v 'level=info' >&2; }
if [ -n "${SK_SBENCH_DB:-}" ]; then
	URL=$SK_SBENCH_DB
	if "$BIN" --db "$URL" institution add pavb "Panevėžio biblioteka" county >/dev/null 2>&1; then
		"$BIN" --db "$URL" search-bench --inst pavb --docs "$DOCS" --runs "$RUNS" --keep 2> >(filter)
	else
		"$BIN" --db "$URL" search-bench --inst pavb --runs "$RUNS" --keep --no-load 2> >(filter)
	fi
	exit
fi
if [ "$KIND" = pg ]; then
	URL=$("$ROOT/tests/lib/pg.sh" createdb "sbench_$$" | tail -1)
else
	URL="sqlite:$TMP/bench.db"
fi
"$BIN" --db "$URL" institution add pavb "Panevėžio biblioteka" county >/dev/null 2>&1
"$BIN" --db "$URL" search-bench --inst pavb --docs "$DOCS" --runs "$RUNS" 2> >(filter)

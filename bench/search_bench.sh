#!/usr/bin/env bash
# Search latency (X7): loads N generated Lithuanian-like documents into a
# fresh database and times each query kind in-process (`sklaida
# search-bench`: search_run with snippets, 20 hits, p50/p95/max ms).
#   bench/search_bench.sh [sqlite|pg] [DOCS] [RUNS]
# pg needs SK_PG_STATE (tests/lib/pg.sh start ...). Results: stdout.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${SK_BIN:-$ROOT/build/sklaida}
KIND=${1:-sqlite}
DOCS=${2:-100000}
RUNS=${3:-20}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sklaida-sbench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
if [ "$KIND" = pg ]; then
	URL=$("$ROOT/tests/lib/pg.sh" createdb "sbench_$$" | tail -1)
else
	URL="sqlite:$TMP/bench.db"
fi
"$BIN" --db "$URL" institution add pavb "Panevėžio biblioteka" county >/dev/null 2>&1
"$BIN" --db "$URL" search-bench --inst pavb --docs "$DOCS" --runs "$RUNS" 2> >(grep -v 'level=info' >&2)

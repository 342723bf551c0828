#!/usr/bin/env bash
# The release binary is hardened (RELIABILITY P1, ASVS 14.1.2): PIE, full
# RELRO with BIND_NOW, stack protector, fortified libc calls; the house
# rules (tools/codecheck.py) hold; every declared statement prepares.
cd "$SK_ROOT"
B=build/sklaida
chk() { if eval "$2"; then echo "ok build/$1"; else echo "FAIL build/$1: $3"; fi; }
chk pie "readelf -h $B | grep -q 'DYN'" "not a position-independent executable"
chk relro "readelf -l $B | grep -q GNU_RELRO" "no GNU_RELRO segment"
chk bind-now "readelf -d $B | grep -qE 'BIND_NOW|FLAGS_1.*NOW'" "lazy binding"
chk stack-protector "nm -D $B | grep -q __stack_chk_fail" "no stack protector"
chk fortify "nm -D $B | grep -qE '__(memcpy|snprintf|vsnprintf|fprintf)_chk'" "no _FORTIFY_SOURCE calls"
chk no-executable-stack "! readelf -lW $B | grep GNU_STACK | grep -q RWE" "executable stack"
chk codecheck "$PY tools/codecheck.py src" "house rules broken"
d=$(mktemp -d)
chk check-sql-sqlite "$B --db sqlite:$d/x.db check-sql >/dev/null 2>&1" "a statement does not prepare on SQLite: $($B --db sqlite:$d/x.db check-sql 2>&1 | tail -5)"
rm -rf "$d"
if [ -n "${SK_PG_STATE:-}" ] && [ -f "$SK_PG_STATE" ]; then
	url=$(tests/lib/pg.sh createdb "checksql$$" 2>/dev/null | tail -1)
	chk check-sql-postgresql "$B --db '$url' check-sql >/dev/null 2>&1" "a statement does not prepare on PostgreSQL: $($B --db "$url" check-sql 2>&1 | tail -5)"
fi

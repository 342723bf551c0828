#!/usr/bin/env bash
# Python integration tests: every tests/py/test_*.py against a live server
# and test-http, on the backend in $SK_DB.
cd "$SK_ROOT"
rc=0
for t in tests/py/test_*.py; do
	$PY "$t" --db "$SK_DB" --bin "$SK_BIN" || rc=1
done
exit $rc

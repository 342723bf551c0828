#!/usr/bin/env bash
# Message catalogs: every po file passes msgfmt -c (formats match their
# msgids), and every msgid used in src/ has a Lithuanian translation.
cd "$SK_ROOT"
if out=$(tools/po-check.sh 2>&1); then echo "ok catalogs/po-check"; else echo "FAIL catalogs/po-check: $out"; fi
if out=$($PY tools/po-missing.py 2>&1); then echo "ok catalogs/lithuanian-complete"; else echo "FAIL catalogs/lithuanian-complete: untranslated msgids:"; echo "$out" | head -80; fi

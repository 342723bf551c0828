#!/bin/sh
# po-check.sh [FILE.po...] -- check the message catalogs before they are
# embedded (default: every po/**/*.po). Exit 1 on any problem.
#
#  1. msgfmt -c --check-format: syntax, header fields, plural count, and
#     that each msgstr has the printf conversions of its msgid -- but
#     only for entries flagged "#, c-format".
#  2. So: an entry whose msgid has a printf conversion must say
#     "#, c-format" (or "#, no-c-format"); otherwise a msgstr with "%s"
#     for "%d" would pass here and crash at run time.
#  3. The files of one language are merged at run time (first wins): a
#     msgid translated differently in two files is an error.
set -u
cd "$(dirname "$0")/.." || exit 2

if [ $# -eq 0 ]; then
	set -- $(find po -name '*.po' | sort)
fi
if [ $# -eq 0 ]; then
	echo "po-check: no .po files" >&2
	exit 1
fi
if ! command -v msgfmt >/dev/null 2>&1; then
	echo "po-check: msgfmt not found (apt-get install gettext)" >&2
	exit 2
fi

status=0
for f in "$@"; do
	if ! msgfmt -c --check-format -o /dev/null "$f"; then
		echo "po-check: $f: msgfmt -c failed" >&2
		status=1
	fi
done

python3 - "$@" <<'EOF' || status=1
import importlib.util, os, re, sys
spec = importlib.util.spec_from_file_location("pomissing", "tools/po-missing.py")
pm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pm)

bad = 0
first = {}  # (lang, ctxt, msgid) -> (strs, where)
for path in sys.argv[1:]:
    lang = os.path.relpath(path, "po").split(os.sep)[0]
    try:
        entries = pm.read_po(path)
    except ValueError as e:
        print(f"po-check: {e}", file=sys.stderr)
        bad += 1
        continue
    for e in entries:
        if e["id"] == "" and e["ctxt"] is None:
            continue
        where = f"{path}:{e['line']}"
        texts = [e["id"]] + ([e["plural"]] if e["plural"] else [])
        if (any(pm.C_FORMAT.search(t.replace("%%", "")) for t in texts)
                and not e["flags"] & {"c-format", "no-c-format"}):
            print(f"po-check: {where}: msgid has printf conversions; add '#, c-format'",
                  file=sys.stderr)
            bad += 1
        if "fuzzy" in e["flags"] or not any(e["strs"]):
            continue
        key = (lang, e["ctxt"], e["id"])
        if key in first and first[key][0] != e["strs"]:
            print(f"po-check: {where}: {e['id']!r} is translated differently in {first[key][1]}",
                  file=sys.stderr)
            bad += 1
        first.setdefault(key, (e["strs"], where))
sys.exit(1 if bad else 0)
EOF

if [ $status -eq 0 ]; then
	echo "po-check: $# file(s) ok" >&2
fi
exit $status

#!/usr/bin/env python3
"""po-missing.py [--lang lt] [DIR_OR_FILE...] -- msgids used in the C
sources that have no translation in po/<lang>/*.po.

Scans src/ (or the given directories/files) for literal msgids in
T(r, "..."), TN(r, "...", "...", n), tr(l, "..."), trn(l, "...", "...", n)
and N_("..."): adjacent string literals are concatenated and C escapes
decoded, comments are skipped. A msgid counts as translated when a
non-fuzzy entry has a non-empty msgstr (for TN/trn: msgid_plural and every
msgstr[0..nplurals-1] non-empty). English needs no entries: the msgids are
English.

Prints each missing msgid as a ready-to-paste po entry with an empty
msgstr (plus "#, c-format" when it has printf conversions, so msgfmt -c
checks the translation) and exits 1; exits 0 when nothing is missing.
Entries that exist but are fuzzy or incomplete are named, not repeated:
pasting them again would make a duplicate.

read_po() is also used by tools/po-check.sh.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# printf conversions, as xgettext recognises them for "#, c-format"
C_FORMAT = re.compile(r"%(\d+\$)?[-+ #0']*(\*|\d+)?(\.(\*|\d+))?"
                      r"(hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspn]")

CALLS = {  # name -> indexes of the msgid arguments
    "T": (1,), "tr": (1,), "TN": (1, 2), "trn": (1, 2), "N_": (0,),
}

# ---- C sources ---------------------------------------------------------

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<str>(?:u8|u|U|L)?"(?:[^"\\\n]|\\.)*")
  | (?P<chr>(?:u8|u|U|L)?'(?:[^'\\\n]|\\.)*')
  | (?P<id>[A-Za-z_]\w*)
  | (?P<num>\.?\d(?:[\w.]|[eEpP][-+])*)
  | (?P<punct>.)
""", re.S | re.X)

SIMPLE_ESC = {"n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "f": 12, "v": 11,
              "\\": 92, '"': 34, "'": 39, "?": 63}


def decode_c_string(lit):
    """Body of a C string literal (source text between the quotes) -> str."""
    out = bytearray()
    src = lit.encode("utf-8")
    i = 0
    while i < len(src):
        c = src[i]
        if c != 0x5C:  # backslash
            out.append(c)
            i += 1
            continue
        i += 1
        e = chr(src[i])
        if e in SIMPLE_ESC:
            out.append(SIMPLE_ESC[e])
            i += 1
        elif e in "01234567":
            j = i
            while j < len(src) and j < i + 3 and chr(src[j]) in "01234567":
                j += 1
            out.append(int(src[i:j], 8) & 0xFF)
            i = j
        elif e == "x":
            j = i + 1
            while j < len(src) and chr(src[j]) in "0123456789abcdefABCDEF":
                j += 1
            out.append(int(src[i + 1:j], 16) & 0xFF)
            i = j
        elif e in "uU":
            n = 4 if e == "u" else 8
            out += chr(int(src[i + 1:i + 1 + n], 16)).encode("utf-8")
            i += 1 + n
        else:  # unknown escape: keep it as the compiler would warn anyway
            out.append(src[i])
            i += 1
    return out.decode("utf-8", "surrogateescape")


def tokens(text):
    """(kind, value, line) for the significant tokens of a C file."""
    line = 1
    for m in TOKEN.finditer(text):
        kind, val = m.lastgroup, m.group()
        if kind not in ("ws", "comment"):
            yield kind, val, line
        line += val.count("\n")


def literal(arg):
    """The msgid of an argument made only of string literals, else None."""
    if not arg or any(k != "str" for k, _, _ in arg):
        return None
    parts = []
    for _, v, _ in arg:
        if v.startswith(("u\"", "U\"", "L\"")):
            return None  # not a char string: not a msgid
        parts.append(decode_c_string(v[v.index('"') + 1:-1]))
    return "".join(parts)


def scan_file(path, found):
    """Adds {msgid: {"plural": str|None, "where": [file:line]}} to found."""
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        toks = list(tokens(f.read()))
    rel = os.path.relpath(path, ROOT)
    for i, (kind, val, line) in enumerate(toks):
        if kind != "id" or val not in CALLS or i + 1 >= len(toks) or toks[i + 1][1] != "(":
            continue
        if i > 0 and toks[i - 1][1] in (".", "->", "#"):
            continue  # a member, or "#define T(...)"
        if i > 1 and toks[i - 2][1] == "#" and toks[i - 1][1] == "define":
            continue
        args, cur, depth = [], [], 0
        for t in toks[i + 2:]:
            if t[1] in "([{":
                depth += 1
            elif t[1] in ")]}":
                if depth == 0:
                    args.append(cur)
                    break
                depth -= 1
            elif t[1] == "," and depth == 0:
                args.append(cur)
                cur = []
                continue
            cur.append(t)
        want = CALLS[val]
        if len(args) <= max(want):
            continue
        ids = [literal(args[k]) for k in want]
        if ids[0] is None:
            continue
        plural = ids[1] if len(ids) > 1 else None
        e = found.setdefault(ids[0], {"plural": None, "where": []})
        if plural is not None:
            e["plural"] = plural
        e["where"].append(f"{rel}:{line}")


def scan(paths):
    found = {}
    for p in paths:
        if os.path.isfile(p):
            scan_file(p, found)
            continue
        for d, dirs, files in os.walk(p):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".c", ".h")):
                    scan_file(os.path.join(d, name), found)
    return found

# ---- po files ------------------------------------------------------------

PO_STR = re.compile(r'"((?:[^"\\]|\\.)*)"')
PO_KEY = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$")


def read_po(path):
    """Entries of a po file: dicts with ctxt, id, plural, strs (list),
    flags (set), line. The header is the entry with id "" and no ctxt.
    Obsolete (#~) entries are skipped. Raises ValueError on bad syntax
    (msgfmt -c reports the details)."""
    entries, cur, flags, target = [], None, set(), None

    def finish():
        nonlocal cur
        if cur is not None:
            entries.append(cur)
        cur = None

    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            s = raw.strip()
            if not s:
                continue
            if s.startswith("#"):
                if cur is not None and cur["strs"]:
                    finish()
                if s.startswith("#,"):
                    flags |= {x.strip() for x in s[2:].split(",")}
                continue
            if s.startswith('"'):
                if target is None:
                    raise ValueError(f"{path}:{n}: string without keyword")
                target[0][target[1]] += "".join(decode_c_string(x) for x in PO_STR.findall(s))
                continue
            m = PO_KEY.match(s)
            if not m:
                raise ValueError(f"{path}:{n}: cannot parse")
            key, idx, rest = m.group(1), m.group(2), m.group(3)
            val = "".join(decode_c_string(x) for x in PO_STR.findall(rest))
            if key in ("msgctxt", "msgid") and cur is not None and (cur["strs"] or key == "msgctxt" or cur["id"] is not None):
                finish()
            if cur is None:
                cur = {"ctxt": None, "id": None, "plural": None, "strs": [],
                       "flags": flags, "line": n, "file": path}
                flags = set()
            if key == "msgctxt":
                cur["ctxt"] = val
                target = (cur, "ctxt")
            elif key == "msgid":
                cur["id"] = val
                target = (cur, "id")
            elif key == "msgid_plural":
                cur["plural"] = val
                target = (cur, "plural")
            else:
                cur["strs"].append(val)
                target = (cur["strs"], len(cur["strs"]) - 1)
    finish()
    return entries


def nplurals(entries, default):
    for e in entries:
        if e["id"] == "" and e["ctxt"] is None and e["strs"]:
            m = re.search(r"nplurals\s*=\s*(\d+)", e["strs"][0])
            if m:
                return int(m.group(1))
    return default


def po_quote(s):
    """A po string, split after each \\n the way gettext writes it."""
    esc = (s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
           .replace("\r", "\\r"))
    parts = esc.split("\n")
    pieces = [p + "\\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    if len(pieces) <= 1:
        return f'"{pieces[0] if pieces else ""}"'
    return '""\n' + "\n".join(f'"{p}"' for p in pieces)


def main(argv):
    lang = "lt"
    paths = []
    i = 0
    while i < len(argv):
        if argv[i] == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
            i += 2
            continue
        if argv[i] in ("-h", "--help"):
            print(__doc__)
            return 0
        paths.append(argv[i])
        i += 1
    if not paths:
        paths = [os.path.join(ROOT, "src")]
    used = scan(paths)

    podir = os.path.join(ROOT, "po", lang)
    have = {}  # msgid -> entry (the first one, as at run time)
    np = 3 if lang == "lt" else 2
    if os.path.isdir(podir):
        for name in sorted(os.listdir(podir)):
            if not name.endswith(".po"):
                continue
            try:
                ents = read_po(os.path.join(podir, name))
            except ValueError as e:
                print(f"po-missing: {e}", file=sys.stderr)
                return 2
            np = nplurals(ents, np)
            for e in ents:
                if e["ctxt"] is None and e["id"]:
                    have.setdefault(e["id"], e)

    missing = 0
    for msgid, u in used.items():
        e = have.get(msgid)
        plural = u["plural"]
        if e and "fuzzy" not in e["flags"]:
            if plural is None and e["strs"] and e["strs"][0]:
                continue
            if plural is not None and e["plural"] is not None and len(e["strs"]) >= np \
                    and all(e["strs"][:np]):
                continue
        missing += 1
        if e:
            rel = os.path.relpath(e["file"], ROOT)
            why = ("fuzzy" if "fuzzy" in e["flags"] else
                   "without msgid_plural" if plural is not None and e["plural"] is None else
                   "untranslated")
            print(f"# {po_quote(msgid)} is {why} in {rel}:{e['line']} (used at {u['where'][0]})\n")
            continue
        print("#: " + " ".join(u["where"][:4]))
        if C_FORMAT.search(msgid.replace("%%", "")) or (plural and C_FORMAT.search(plural.replace("%%", ""))):
            print("#, c-format")
        print(f"msgid {po_quote(msgid)}")
        if plural is None:
            print('msgstr ""')
        else:
            print(f"msgid_plural {po_quote(plural)}")
            for k in range(np):
                print(f'msgstr[{k}] ""')
        print()
    if missing:
        print(f"po-missing: {missing} of {len(used)} msgid(s) lack a translation in po/{lang}/",
              file=sys.stderr)
        return 1
    print(f"po-missing: all {len(used)} msgid(s) are translated in po/{lang}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

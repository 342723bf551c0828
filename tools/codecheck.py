#!/usr/bin/env python3
"""codecheck.py SRC_DIR -- house rules checked on every build (Fossil's
codecheck1 idea). Exit 1 with file:line messages when a rule is broken.

Rules
 1. Banned C functions: strcpy strcat sprintf vsprintf gets atoi atol strtok.
 2. HTML output goes through html(r, "literal format", ...) -- whose %s
    conversions are always escaped -- or html_raw(r, TRUSTED) where
    TRUSTED is a string literal, or an expression naming a producer of
    trusted markup: an identifier or call whose name ends in `_html`.
    (GCC's -Wformat-nonliteral, enabled by -Wformat=2, rejects a
    non-literal html() format; this script rejects html_raw of input.)
 3. Only the output module may write to the response buffer directly
    (buf_* on r->out / &r->out).
 4. SQL text only in declared statements: no sqlite3_exec / sqlite3_prepare
    / PQexec / PQprepare outside src/db/, no printf-built SQL anywhere.
 5. T(r, ...) takes a string literal, so catalogs can be checked.
"""
import os, re, sys

BANNED = re.compile(r'\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|strtok)\s*\(')
RAW = re.compile(r'\bhtml_raw\s*\(')
OUTBUF = re.compile(r'\bbuf_\w+\s*\(\s*&?\s*\w+\s*->\s*out\b')
DBCALL = re.compile(r'\b(sqlite3_exec|sqlite3_prepare\w*|PQexec\w*|PQprepare|PQsendQuery\w*)\s*\(')
SQLFMT = re.compile(r'(printf|snprintf|buf_printf|arena_printf)\s*\([^;]*"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP)\b[^"]*%', re.S)
TCALL = re.compile(r'\bTN?\s*\(\s*\w+\s*,\s*([^\s])')
OUT_ALLOWED = {"src/core/html.c", "src/http/dispatch.c"}


def strip_comments(src):
    # keep line structure: replace comment bodies with spaces
    def rep(m):
        return re.sub(r'[^\n]', ' ', m.group(0))
    return re.sub(r'/\*.*?\*/|//[^\n]*', rep, src, flags=re.S)


def call_args(text, start):
    """text[start] is just after '(' ; returns list of top-level args."""
    depth, i, args, cur, in_str, esc = 0, start, [], [], None, False
    while i < len(text):
        c = text[i]
        if in_str:
            cur.append(c)
            if esc:
                esc = False
            elif c == '\\':
                esc = True
            elif c == in_str:
                in_str = None
        elif c in '"\'':
            in_str = c
            cur.append(c)
        elif c in '([{':
            depth += 1
            cur.append(c)
        elif c in ')]}':
            if depth == 0:
                args.append(''.join(cur).strip())
                return args
            depth -= 1
            cur.append(c)
        elif c == ',' and depth == 0:
            args.append(''.join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    return args


def trusted(expr):
    e = expr.strip()
    if re.fullmatch(r'("([^"\\]|\\.)*"\s*)+', e):
        return True
    # name of the outermost identifier/call: foo_html, x->body_html, foo_html(...)
    m = re.match(r'^[\w\s\->.&*()]*?(\w+)\s*(\(.*\))?$', e, re.S)
    return bool(m and m.group(1).endswith('_html'))


def main(root):
    errors = []
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith(('.c', '.h')):
                continue
            path = os.path.join(d, f)
            rel = os.path.relpath(path, os.path.dirname(os.path.abspath(root)) if False else '.')
            src = strip_comments(open(path, encoding='utf-8').read())
            lines = src.split('\n')

            def line_of(pos):
                return src.count('\n', 0, pos) + 1

            for m in BANNED.finditer(src):
                errors.append(f"{rel}:{line_of(m.start())}: banned function {m.group(1)}()")
            for m in RAW.finditer(src):
                if 'define' in lines[line_of(m.start()) - 1] or f == 'html.h':
                    continue
                args = call_args(src, m.end())
                if rel.replace('\\', '/') == 'src/core/html.c':
                    continue
                if len(args) != 2 or not trusted(args[1]):
                    errors.append(f"{rel}:{line_of(m.start())}: html_raw() of a value that is not a literal or *_html producer: {args[1:] }")
            if rel not in OUT_ALLOWED:
                for m in OUTBUF.finditer(src):
                    errors.append(f"{rel}:{line_of(m.start())}: direct write to the response buffer; use html()/json output helpers")
            if not rel.startswith('src/db/'):
                for m in DBCALL.finditer(src):
                    errors.append(f"{rel}:{line_of(m.start())}: {m.group(1)} outside src/db/: use declared statements")
            for m in SQLFMT.finditer(src):
                errors.append(f"{rel}:{line_of(m.start())}: SQL built with a format string")
            for m in TCALL.finditer(src):
                if m.group(1) != '"' and 'define' not in lines[line_of(m.start()) - 1]:
                    errors.append(f"{rel}:{line_of(m.start())}: T()/TN() needs a string literal msgid")
    for e in sorted(errors):
        print(e, file=sys.stderr)
    if errors:
        print(f"codecheck: {len(errors)} problem(s)", file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'src')

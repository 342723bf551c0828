"""HTTP transcripts: every tests/http/*.http file is one test. Each exchange
in it is sent twice -- through `sklaida test-http` (sk.raw, no socket) and
to a live `sklaida serve` over a TCP socket, byte for byte -- and both
answers must meet the same expectations.

Transcript format (UTF-8 text; one file holds one or more exchanges):

    # A comment: any line starting with '#' outside a request block.
    @setup institution add pavb "Panevėžio biblioteka" county
        -- before any request, runs `sklaida <args>` (shlex-split) on the
           test's fresh database; several @setup lines run in order.

    >>>                      -- a request block starts; every line up to
    GET /healthz HTTP/1.1       the "<<<" line is the request. Header lines
    Host: sk.test               are sent with CRLF endings, the empty line
    Content-Length: auto        ends the headers, lines after it form the
                                body (joined with CRLF, no final CRLF).
    <<<                         "Content-Length: auto" becomes the body's
                                length in bytes. Escapes in request lines:
                                \\r \\n \\t \\\\ and \\xHH (a raw byte, e.g.
                                \\xff for invalid UTF-8).
    status 200               -- expectations, one per line, until the next
    header Content-Type: application/json
                             -- the header is present and its value
                                contains the text after ": " (the name is
                                case-insensitive; any of several same-name
                                headers may match)
    header Allow             -- the header is present
    no-header Server         -- the header is absent
    no-header Cache-Control: public
                             -- no header of that name contains the text
    body "status":"ok"       -- the body contains the text
    no-body <script          -- the body does not contain the text
    body-empty               -- the body is empty (e.g. HEAD)

    ">>> raw-only" or ">>> live-only" restricts an exchange to one path
    (only for answers the two paths legitimately produce differently).
    Expectation texts take the same escapes as request lines.

Each live answer is read with its Content-Length; for HEAD the runner also
checks that no body bytes follow the headers.
"""
import glob
import os
import re
import shlex
import socket

from sk import test, run, check, Fail, ROOT, parse_raw_response
import seclib

HTTP_DIR = os.path.join(ROOT, "tests", "http")


def unescape(s):
    """\\r \\n \\t \\\\ \\xHH -> bytes; everything else as UTF-8."""
    out = bytearray()
    i = 0
    b = s.encode("utf-8")
    while i < len(b):
        c = b[i:i + 1]
        if c == b"\\" and i + 1 < len(b):
            n = b[i + 1:i + 2]
            if n == b"r":
                out += b"\r"; i += 2; continue
            if n == b"n":
                out += b"\n"; i += 2; continue
            if n == b"t":
                out += b"\t"; i += 2; continue
            if n == b"\\":
                out += b"\\"; i += 2; continue
            if n == b"x" and re.fullmatch(rb"[0-9a-fA-F]{2}", b[i + 2:i + 4]):
                out.append(int(b[i + 2:i + 4], 16)); i += 4; continue
        out += c
        i += 1
    return bytes(out)


class Exchange:
    def __init__(self, where, mode):
        self.where = where          # "file.http:LINE"
        self.mode = mode            # "", "raw-only", "live-only"
        self.lines = []             # request lines (text)
        self.expect = []            # (directive, arg, line number)

    def request_bytes(self):
        if not self.lines:
            raise Fail(f"{self.where}: empty request")
        try:
            blank = self.lines.index("")
        except ValueError:
            blank = len(self.lines)
        head = [unescape(x) for x in self.lines[:blank]]
        body = b"\r\n".join(unescape(x) for x in self.lines[blank + 1:])
        head = [b"Content-Length: %d" % len(body) if h.lower() == b"content-length: auto" else h for h in head]
        return b"".join(h + b"\r\n" for h in head) + b"\r\n" + body

    @property
    def method(self):
        return self.lines[0].split(" ", 1)[0] if self.lines else ""


DIRECTIVES = {"status", "header", "no-header", "body", "no-body", "body-empty"}


def parse_transcript(path):
    name = os.path.basename(path)
    setup, exchanges, cur, state = [], [], None, "top"
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            where = f"{name}:{no}"
            if line.startswith(">>>"):
                mode = line[3:].strip()
                if mode not in ("", "raw-only", "live-only"):
                    raise Fail(f"{where}: unknown request mode {mode!r}")
                cur = Exchange(where, mode)
                exchanges.append(cur)
                state = "request"
                continue
            if state == "request":
                if line == "<<<":
                    state = "expect"
                else:
                    cur.lines.append(line)
                continue
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("@setup "):
                if state != "top":
                    raise Fail(f"{where}: @setup after the first request")
                setup.append(shlex.split(line[7:]))
                continue
            if state != "expect":
                raise Fail(f"{where}: text outside a request block: {line!r}")
            d, _, arg = line.partition(" ")
            if d not in DIRECTIVES:
                raise Fail(f"{where}: unknown expectation {d!r}")
            cur.expect.append((d, arg, where))
    if not exchanges:
        raise Fail(f"{name}: no exchanges")
    for e in exchanges:
        if not e.expect:
            raise Fail(f"{e.where}: a request without expectations")
        if not any(d == "status" for d, _, _ in e.expect):
            raise Fail(f"{e.where}: every exchange states its status")
    return setup, exchanges


def live(port, data, head):
    """Sends raw bytes over TCP, reads one response (Content-Length framed,
    else to EOF); for HEAD also collects any bytes after the headers."""
    s = socket.create_connection(("127.0.0.1", port), timeout=15)
    try:
        s.sendall(data)
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
        hdr, _, rest = buf.partition(b"\r\n\r\n")
        resp = parse_raw_response(hdr + b"\r\n\r\n")
        cl = resp.header("Content-Length")
        if head or resp.status in (204, 304):
            s.settimeout(0.5)
            try:
                extra = s.recv(65536)
            except socket.timeout:
                extra = b""
            resp.body = rest + extra
        elif cl is not None and cl.isdigit():
            while len(rest) < int(cl):
                chunk = s.recv(65536)
                if not chunk:
                    break
                rest += chunk
            resp.body = rest[:int(cl)]
        else:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                rest += chunk
            resp.body = rest
        return resp
    finally:
        s.close()


def check_expect(resp, ex, label):
    bad = []
    for d, arg, where in ex.expect:
        if d == "status":
            if str(resp.status) != arg.strip():
                bad.append(f"{where} [{label}] status {resp.status}, want {arg.strip()}")
        elif d in ("header", "no-header"):
            hname, sep, frag = arg.partition(":")
            hname, frag = hname.strip(), unescape(frag.strip()).decode("utf-8", "replace") if sep else None
            vals = resp.headers_all(hname)
            hit = any(frag in v for v in vals) if frag is not None else bool(vals)
            if d == "header" and not hit:
                bad.append(f"{where} [{label}] no header {hname}{': ' + frag if frag else ''} (have {vals})")
            if d == "no-header" and hit:
                bad.append(f"{where} [{label}] unwanted header {hname}: {vals}")
        elif d == "body":
            if unescape(arg) not in resp.body:
                bad.append(f"{where} [{label}] body lacks {arg!r}: {resp.body[:200]!r}")
        elif d == "no-body":
            if unescape(arg) in resp.body:
                bad.append(f"{where} [{label}] body contains {arg!r}")
        elif d == "body-empty":
            if resp.body:
                bad.append(f"{where} [{label}] body not empty: {resp.body[:120]!r}")
    return bad


def make_test(path):
    def fn(sk):
        setup, exchanges = parse_transcript(path)
        for args in setup:
            sk.cli(*args)
        srv = sk.server() if any(e.mode != "raw-only" for e in exchanges) else None
        bad = []
        for ex in exchanges:
            data = ex.request_bytes()
            head = ex.method == "HEAD"
            if ex.mode != "live-only":
                bad += check_expect(sk.raw(data), ex, "test-http")
            if ex.mode != "raw-only":
                bad += check_expect(live(srv.port, data, head), ex, "live")
        print(f"    {len(exchanges)} exchange(s)")
        check(not bad, seclib.report("transcript expectations not met", bad))
    fn.__name__ = os.path.splitext(os.path.basename(path))[0].replace("-", "_")
    return fn


@test
def transcripts_parse(sk):
    """Every transcript file is well-formed (also guards against an empty
    directory silently testing nothing)."""
    files = sorted(glob.glob(os.path.join(HTTP_DIR, "*.http")))
    check(len(files) >= 9, f"expected the transcripts of tests/http/, found {len(files)}")
    n = 0
    for f in files:
        n += len(parse_transcript(f)[1])
    print(f"    {len(files)} files, {n} exchanges")


for _path in sorted(glob.glob(os.path.join(HTTP_DIR, "*.http"))):
    test(make_test(_path))

run()

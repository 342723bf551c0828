"""Request framing (RELIABILITY.md §0.1 table, P6, P8): every ambiguous
request is answered 400 (413 where libmicrohttpd itself refuses a size)
and the connection is closed, so the request sent after it on the same
connection (GET /smuggled) is never parsed, let alone routed. Valid
framing keeps working (pipelining, bare LF, obs-fold, chunked bodies).
Slow headers are cut off by the connection timeout; body and header caps
answer 413/431 and close; the server stays healthy throughout.

"Routed" is read from the server log: the dispatcher writes one
`event=request` line per request it routes (an unknown path too, with
route="-"), before the response is queued. A probe must not add any.
Each probe runs on its own connection against a live `sklaida serve`.

Run: /usr/bin/python3 tests/py/test_framing.py --db sqlite|pg --bin build/sklaida
"""
import re
import select
import socket
import time

from sk import test, run, eq, check, Fail

SMUGGLED = b"GET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
STATUS_RE = re.compile(rb"HTTP/1\.[01] (\d{3}) ")


def exchange(port, raw, timeout=5.0, chunks=None):
    """Sends raw (then the optional iterator of further chunks), reads
    until the server closes or `timeout` passes. Returns (data, closed):
    closed is True when recv returned b'' or the peer reset."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    data = b""
    closed = False
    deadline = time.time() + timeout
    try:
        try:
            s.sendall(raw)
            for c in chunks or ():
                if time.time() > deadline:
                    break
                s.sendall(c)
                # read what has arrived so a reset cannot discard it
                r, _, _ = select.select([s], [], [], 0)
                if r:
                    d = s.recv(65536)
                    if not d:
                        return data, True
                    data += d
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server refused early; read what it answered
        while time.time() < deadline:
            s.settimeout(max(0.05, deadline - time.time()))
            try:
                d = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not d:
                closed = True
                break
            data += d
    finally:
        s.close()
    return data, closed


def statuses(data):
    return [int(x) for x in STATUS_RE.findall(data)]


def routed(srv):
    return srv.logtext().count(" event=request ")


def healthy(srv):
    check(srv.proc.poll() is None, "server process died")
    r = srv.client().get("/healthz")
    eq(r.status, 200, "/healthz after the probe")


def expect_refused(srv, raw, want, follow=True):
    """raw (+ GET /smuggled) -> only `want` status lines, connection
    closed within 5 s, nothing routed."""
    before = routed(srv)
    data, closed = exchange(srv.port, raw + (SMUGGLED if follow else b""))
    st = statuses(data)
    check(st, f"no response at all; got {data[:200]!r}")
    # libmicrohttpd 0.9.75 repeats the status line + headers of its own
    # error responses (seen for a bad Content-Length), so several lines
    # with the same status are allowed; any other status is not
    check(all(x == want for x in st), f"statuses {st}, want only {want}; response {data[:300]!r}")
    check(closed, f"connection not closed within 5 s after {want}")
    eq(routed(srv) - before, 0, "requests routed during the probe (smuggled request reached the dispatcher):")
    healthy(srv)


# (name, request, expected status). Each is followed by GET /smuggled.
PROBES = [
    ("duplicate_content_length",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 30\r\n\r\nAAAAA", 400),
    ("duplicate_content_length_same_value",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nAAAAA", 400),
    ("content_length_and_transfer_encoding",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    ("transfer_encoding_gzip_chunked",
     b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 400),
    ("transfer_encoding_xchunked_with_cl",
     b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\nContent-Length: 5\r\n\r\nAAAAA", 400),
    ("transfer_encoding_chunked_identity",
     b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", 400),
    ("two_transfer_encoding_headers",
     b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    ("transfer_encoding_in_http10",
     b"POST /login HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    ("content_length_negative",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
    ("content_length_plus",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nAAAAA", 400),
    ("content_length_hex",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 0x5\r\n\r\nAAAAA", 400),
    ("content_length_list",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nAAAAA", 400),
    ("http11_without_host",
     b"GET / HTTP/1.1\r\n\r\n", 400),
    ("two_host_headers",
     b"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400),
    ("header_name_with_space",
     b"GET / HTTP/1.1\r\nHost: x\r\nFoo Bar: x\r\n\r\n", 400),
    ("content_length_space_before_colon",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nAAAAA", 400),
    ("content_length_tab_before_colon",
     b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length\t: 5\r\n\r\nAAAAA", 400),
    ("host_space_before_colon",
     b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
    ("header_line_starting_with_space",
     b"GET / HTTP/1.1\r\n Host: x\r\n\r\n", 400),
    ("bare_cr_in_header_value",
     b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400),
    ("chunk_size_overflow",
     b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF1\r\nAAAA\r\n0\r\n\r\n", 413),
    ("absolute_form_target",
     b"GET http://evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    ("request_line_without_version",
     b"GET /\r\n\r\n", 400),
]


def make_probe(name, raw, want):
    def probe(sk):
        srv = sk.server()
        expect_refused(srv, raw, want)
    probe.__name__ = name
    return probe


for _name, _raw, _want in PROBES:
    test(make_probe(_name, _raw, _want))


@test
def nul_in_content_length_never_routes_the_body(sk):
    # libmicrohttpd 0.9.75 cuts a header value at a NUL byte (and reports
    # the cut length), so "Content-Length: 0\0 5" reaches the guard as
    # "0": the body "AAAAA..." is then parsed as the next request line.
    # The app cannot see the NUL (no raw header access in 0.9.75); what
    # must hold is that the body is never routed as a request to a
    # handler: at most the first request and an unknown-method 405.
    srv = sk.server()
    before = srv.logtext()
    data, closed = exchange(srv.port, b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 0\x005\r\n\r\n"
                            b"AAAAAGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    new = srv.logtext()[len(before):]
    lines = [ln for ln in new.splitlines() if " event=request " in ln]
    check(not any('route="/healthz"' in ln for ln in lines),
          f"the body was routed as GET /healthz: {lines}")
    check(200 not in statuses(data), f"a 200 for the smuggled request: {statuses(data)}")
    healthy(srv)


# ---- valid framing still works ----

def parse_responses(data):
    """Splits a byte stream into (status, headers dict, body) using
    Content-Length (every sklaida response carries one)."""
    out = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            raise Fail(f"incomplete response: {data[:200]!r}")
        lines = head.decode("latin-1").split("\r\n")
        m = re.match(r"HTTP/1\.[01] (\d{3})", lines[0])
        if not m:
            raise Fail(f"bad status line {lines[0]!r}")
        h = {}
        for ln in lines[1:]:
            k, _, v = ln.partition(":")
            h[k.strip().lower()] = v.strip()
        n = int(h.get("content-length", "0"))
        out.append((int(m.group(1)), h, rest[:n]))
        data = rest[n:]
    return out


def keepalive_exchange(port, raw, n_responses, timeout=5.0):
    """Reads until n_responses complete responses arrived (or timeout)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(raw)
    data = b""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            got = parse_responses(data)
            if len(got) >= n_responses:
                break
        except Fail:
            pass
        s.settimeout(max(0.05, deadline - time.time()))
        try:
            d = s.recv(65536)
        except socket.timeout:
            break
        if not d:
            break
        data += d
    s.close()
    return parse_responses(data)


@test
def pipelined_valid_requests(sk):
    srv = sk.server()
    before = routed(srv)
    req = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    rs = keepalive_exchange(srv.port, req * 3 + b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", 4)
    eq([r[0] for r in rs], [200, 200, 200, 404], "pipelined statuses")
    check(b'"status":"ok"' in rs[0][2], "healthz body")
    eq(routed(srv) - before, 4, "routed requests")
    healthy(srv)


@test
def bare_lf_and_obs_fold(sk):
    srv = sk.server()
    rs = keepalive_exchange(srv.port, b"GET /healthz HTTP/1.1\nHost: x\n\n", 1)
    eq(rs[0][0], 200, "bare LF request")
    rs = keepalive_exchange(srv.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 1)
    eq(rs[0][0], 200, "obs-fold header")
    healthy(srv)


def reset_form(token):
    return f"email=nobody%40example.org&_csrf={token}".encode()


@test
def valid_bodies_content_length_and_chunked(sk):
    srv = sk.server()
    tok = "t" * 32
    body = reset_form(tok)
    head = (b"POST /password-reset HTTP/1.1\r\nHost: x\r\nCookie: csrf=" + tok.encode() +
            b"\r\nContent-Type: application/x-www-form-urlencoded\r\n")
    # Content-Length body, then a pipelined GET on the same connection
    raw = head + b"Content-Length: %d\r\n\r\n" % len(body) + body + b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    rs = keepalive_exchange(srv.port, raw, 2)
    eq([r[0] for r in rs], [200, 200], "CL body + pipelined GET")
    # the same body chunked in three pieces, with a chunk extension
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (body[:7], body[7:20], body[20:]))
    raw = head + b"Transfer-Encoding: chunked\r\n\r\n" + chunked.replace(b"\r\n", b";ext=1\r\n", 1) + b"0\r\n\r\n"
    raw += b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    rs = keepalive_exchange(srv.port, raw, 2)
    eq([r[0] for r in rs], [200, 200], "chunked body + pipelined GET")
    check("Check your mailbox" in rs[0][2].decode() or "pašto dėžutę" in rs[0][2].decode()
          or "<h1>" in rs[0][2].decode(), "reset page rendered")
    healthy(srv)


# ---- slow clients ----

@test
def slow_header_is_closed(sk):
    srv = sk.server(env={"SKLAIDA_CONN_TIMEOUT": "2"})
    # headers never finished; generous 20 s read limit: assert the close,
    # not the time
    data, closed = exchange(srv.port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a", timeout=20)
    check(closed, "connection with an unfinished header block was not closed")
    data, closed = exchange(srv.port, b"", timeout=20)
    check(closed, "idle connection was not closed")
    healthy(srv)


# ---- body and header caps ----

@test
def announced_10gb_body_refused_before_body(sk):
    srv = sk.server()
    expect_refused(srv, b"POST /password-reset HTTP/1.1\r\nHost: x\r\nContent-Length: 10737418240\r\n"
                        b"Content-Type: application/x-www-form-urlencoded\r\n\r\n", 413, follow=False)


@test
def announced_body_over_cap_refused(sk):
    srv = sk.server(env={"SKLAIDA_BODY_CAP": "65536"})
    expect_refused(srv, b"POST /password-reset HTTP/1.1\r\nHost: x\r\nContent-Length: 65537\r\n"
                        b"Content-Type: application/x-www-form-urlencoded\r\n\r\n", 413, follow=False)


def chunk_stream(total, piece=8192):
    sent = 0
    while sent < total:
        yield b"%x\r\n%s\r\n" % (piece, b"a" * piece)
        sent += piece
        time.sleep(0.001)


@test
def streamed_chunked_body_over_cap(sk):
    # no Content-Length to refuse early: the cap is crossed while the body
    # streams in. A finite body (4 x the cap) is answered 413 + close.
    # (libmicrohttpd 0.9.75 accepts a response only before the body or
    # after all of it: the server has to read and drop the rest first.)
    srv = sk.server(env={"SKLAIDA_BODY_CAP": "65536"})
    before = routed(srv)
    body = b"".join(chunk_stream(4 * 65536)) + b"0\r\n\r\n"
    data, closed = exchange(srv.port, b"POST /password-reset HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                            b"Content-Type: application/x-www-form-urlencoded\r\n\r\n", chunks=[body], timeout=10)
    eq(statuses(data)[:1], [413], f"chunked body of 4 x the cap: {data[:200]!r}")
    check(closed, "connection not closed after 413")
    eq(routed(srv) - before, 0, "routed")
    healthy(srv)


@test
def endless_chunked_upload_is_cut_off(sk):
    # a client that never stops: the server must close the connection
    # (with a 413 if it can), never route it, never buffer it all
    srv = sk.server(env={"SKLAIDA_BODY_CAP": "65536"})
    before = routed(srv)
    data, closed = exchange(srv.port, b"POST /password-reset HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                            b"Content-Type: application/x-www-form-urlencoded\r\n\r\n",
                            chunks=chunk_stream(64 << 20), timeout=10)
    check(closed, "the endless upload was not cut off (64 MB accepted)")
    check(all(x == 413 for x in statuses(data)), f"statuses {statuses(data)}")
    eq(routed(srv) - before, 0, "routed")
    healthy(srv)


@test
def streamed_body_longer_than_announced_cap(sk):
    # Content-Length within the cap but the client keeps sending: the
    # extra bytes are the next "request", which must not be routed as
    # anything but garbage (400 / close), never crash the server
    srv = sk.server(env={"SKLAIDA_BODY_CAP": "65536"})
    data, closed = exchange(srv.port, b"POST /password-reset HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
                            b"Content-Type: application/x-www-form-urlencoded\r\n\r\n",
                            chunks=chunk_stream(1 << 20), timeout=10)
    st = statuses(data)
    check(st and st[0] in (200, 403), f"first response {st}")
    check(all(x < 500 for x in st), f"server error among {st}")
    healthy(srv)


@test
def two_thousand_headers(sk):
    srv = sk.server()
    raw = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(2000)) + b"\r\n"
    before = routed(srv)
    data, closed = exchange(srv.port, raw)
    st = statuses(data)
    check(st and st[0] in (400, 413, 431), f"2,000 headers answered {st}")
    check(closed, "connection not closed")
    eq(routed(srv) - before, 0, "routed")
    healthy(srv)


@test
def header_line_of_200kb(sk):
    srv = sk.server()
    raw = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200000 + b"\r\n\r\n"
    before = routed(srv)
    data, closed = exchange(srv.port, raw)
    st = statuses(data)
    check(st and st[0] in (400, 413, 431), f"200 KB header line answered {st}")
    check(closed, "connection not closed")
    eq(routed(srv) - before, 0, "routed")
    healthy(srv)


@test
def browser_sized_headers_pass_on_keep_alive(sk):
    """What browsers send stays well inside the 16 KiB per-connection pool
    (SKLAIDA_CONN_MEMORY): a 4 KB cookie, a long Accept-Language and an 8 KB
    header block altogether, three requests on one connection."""
    srv = sk.server()
    one = (b"GET /healthz HTTP/1.1\r\nHost: x\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) Chromium/120.0\r\n"
           b"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
           b"Accept-Language: lt-LT,lt;q=0.9,en-US;q=0.8,en;q=0.7,ru;q=0.6,pl;q=0.5\r\n"
           b"Cookie: analytics=" + b"c" * 4000 + b"\r\nX-Forwarded-Extra: " + b"e" * 3000 + b"\r\n\r\n")
    data, closed = exchange(srv.port, one * 3)
    eq(statuses(data), [200, 200, 200])
    healthy(srv)


run()

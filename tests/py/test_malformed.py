"""Malformed requests (RELIABILITY.md P5): the hand-written corpus in
tests/data/malformed/ plus >= 1,000 requests mutated from valid ones
with a fixed seed (byte flips, truncation, CRLF injection, huge and
negative numbers, invalid UTF-8, NULs, random methods, absurd paths,
broken multipart bodies, cookies and JSON), each on its own connection
against a live server with a 5 s limit.

Every request must be answered with a syntactically valid status line,
or the connection must be closed; no 500 (nor any 5xx but 503 overload
and 505 version refused); no `level=error` line in the
server log (a database or handler error caused by input is a bug);
GET /healthz answers 200 after every 100 requests; the process is alive
at the end. The valid requests are derived from the live route table
(`sklaida routes`), so routes added later are mutated too; requests
carry a real session cookie and CSRF token of a superadmin so that
mutations reach handlers behind the login.

On failure the offending request is written to the test's temp dir as
fail-N.http (kept with SK_KEEP_TMP=1; replay: nc 127.0.0.1 PORT <
fail-N.http, or `sklaida test-http < fail-N.http`).

Run: /usr/bin/python3 tests/py/test_malformed.py --db sqlite|pg --bin build/sklaida
Env: SK_MALFORMED_N (default 1100) mutated requests, SK_MALFORMED_SEED (default 20261122).
"""
import concurrent.futures
import json
import os
import random
import re
import socket
import subprocess
import time

from sk import test, run, eq, check, Fail, ROOT

N_MUTATED = int(os.environ.get("SK_MALFORMED_N", "1100"))
SEED = int(os.environ.get("SK_MALFORMED_SEED", "20261122"))
CORPUS = os.path.join(ROOT, "tests/data/malformed")
STATUS_LINE = re.compile(rb"^HTTP/1\.[01] [1-5]\d\d [^\r\n]*\r?\n")


def send_one(port, raw, timeout=5.0):
    """Returns (data, closed, error). Reads until one complete response
    (by Content-Length), the peer closes, or the time limit."""
    data = b""
    closed = False
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except OSError as e:
        return b"", False, f"connect: {e}"
    deadline = time.time() + timeout
    try:
        try:
            s.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass
        while time.time() < deadline:
            if response_complete(data):
                break
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
    return data, closed, None


def response_complete(data):
    head, sep, rest = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    m = re.search(rb"\r\ncontent-length:\s*(\d+)", head, re.I)
    return bool(m) and len(rest) >= int(m.group(1))


def judge(data, closed):
    """None if acceptable, else the reason."""
    if data:
        if not STATUS_LINE.match(data):
            return f"invalid status line: {data[:80]!r}"
        status = int(data[9:12])
        # 503 = overload (the password-hash queue is full: mutated logins
        # carry real credentials), 505 = libmicrohttpd refusing a version
        if status >= 500 and status not in (503, 505):
            return f"server error {status}: {data[:300]!r}"
        if not closed and not response_complete(data):
            return f"incomplete response, connection open: {data[:120]!r}"
        return None
    if closed:
        return None
    return "no response and the connection stayed open for 5 s"


# ---------------------------------------------------------------- inputs

def route_table(sk):
    out = sk.cli("routes").stdout
    routes = []
    for ln in out.splitlines():
        parts = ln.split("\t")
        if len(parts) >= 4:
            routes.append((parts[0], parts[1], parts[3]))
    return routes


def fill(pattern, rnd):
    def var(m):
        name = m.group(1)
        if name == "inst":
            return "pavb"
        if name.startswith("*"):
            return rnd.choice(["app.css", "favicon.svg", "x/y/z", "..%2f..%2fetc%2fpasswd"])
        if "id" in name:
            return str(rnd.choice([1, 2, 0, -1, 999999999999]))
        return rnd.choice(["abc", "A" * 43, "%2e%2e", "x"])
    return re.sub(r"\{([^}]+)\}", var, pattern)


def form_body(rnd, csrf):
    fields = {"_csrf": csrf, "email": rnd.choice(["admin@example.org", "a@b.lt", "x"]),
              "password": "correct horse battery", "name": "Vardas Pavardė", "password2": "correct horse battery",
              "slug": "naujas", "title": "Antraštė", "lang": "en"}
    keys = rnd.sample(sorted(fields), rnd.randint(1, len(fields)))
    if "_csrf" not in keys:
        keys.append("_csrf")
    return "&".join(f"{k}={fields[k]}" for k in keys).replace("@", "%40").replace(" ", "+").encode()


def multipart_body(rnd, csrf, boundary):
    parts = [(b"_csrf", csrf.encode(), None), (b"email", b"a@b.lt", None),
             (b"file", b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(40)), b"a.png")]
    out = b""
    for name, val, fn in parts:
        out += b"--" + boundary + b"\r\nContent-Disposition: form-data; name=\"" + name + b"\""
        if fn:
            out += b"; filename=\"" + fn + b"\"\r\nContent-Type: image/png"
        out += b"\r\n\r\n" + val + b"\r\n"
    return out + b"--" + boundary + b"--\r\n"


def build(method, target, headers, body=b""):
    h = b"".join(k + b": " + v + b"\r\n" for k, v in headers)
    if body or method == b"POST":
        h += b"Content-Length: %d\r\n" % len(body)
    return method + b" " + target + b" HTTP/1.1\r\n" + h + b"\r\n" + body


def valid_request(rnd, routes, sess):
    """A well-formed request to a route of the table, as a list of parts
    (method, target, headers, body) so the mutators can work on fields."""
    method, pattern, flags = rnd.choice(routes)
    target = fill(pattern, rnd)
    if rnd.random() < 0.3:
        target += "?" + rnd.choice(["lang=en", "next=/staff", "page=2", "q=biblioteka", "lang=lt&x=1"])
    headers = [(b"Host", b"127.0.0.1"), (b"User-Agent", b"sk-malformed/1")]
    csrf = sess["csrf"]
    cookie = b"sid=" + sess["sid"].encode() + b"; csrf=" + sess["anon"].encode()
    if rnd.random() < 0.8:
        headers.append((b"Cookie", cookie))
    body = b""
    if method == "POST":
        headers.append((b"Origin", b"http://127.0.0.1"))
        kind = rnd.random()
        if "json" in flags or kind < 0.15:
            headers.append((b"Content-Type", b"application/json"))
            headers.append((b"X-CSRF-Token", csrf.encode()))
            body = json.dumps({"email": "a@b.lt", "name": "Vardas", "n": 1, "list": [1, 2, {"a": None}]}).encode()
        elif kind < 0.35:
            bnd = b"----sk" + str(rnd.randrange(10 ** 9)).encode()
            headers.append((b"Content-Type", b"multipart/form-data; boundary=" + bnd))
            body = multipart_body(rnd, csrf, bnd)
        else:
            headers.append((b"Content-Type", b"application/x-www-form-urlencoded"))
            body = form_body(rnd, csrf)
    return [method.encode(), target.encode(), headers, body]


HUGE = [b"-1", b"-0", b"99999999999999999999999999", b"18446744073709551616", b"9223372036854775808",
        b"4294967296", b"1e9", b"0x10", b"1.5", b"", b" ", b"+1", b"\xff"]
BAD_UTF8 = [b"\xff", b"\xfe\xfe", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc3",
            b"%ff", b"%c0%af", b"%ed%a0%80", b"%e2%82"]
METHODS = [b"FOO", b"get", b"PUT", b"DELETE", b"PATCH", b"TRACE", b"OPTIONS", b"CONNECT", b"PROPFIND",
           b"G\x00ET", b"GET\x7f", b"X" * 3000, b"", b"POST\t", b"\xc4\x85"]
PATHS = [b"/" * 5000, b"/../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd", b"//evil.example", b"/\\evil",
         b"/" + b"a" * 30000, b"/%", b"/%zz", b"/?&&&==&", b"/staff/%2Fpavb", b"/static/../../etc/passwd",
         b"/static/%2e%2e/%2e%2e/etc/passwd", b"/%00", b"/a%00b", b"*", b"http://x/", b"/\xc4\x85\xc5\xbe",
         b"/staff/" + b"x" * 300, b"/pavb/" + b"%41" * 2000, b"/;/;/", b"/./././healthz", b"/healthz/",
         b"/HEALTHZ", b"/login?next=" + b"%2F" * 1000, b"/?" + b"a=1&" * 2000]
COOKIES = [b";;;;", b"sid=", b"=x", b"sid=a; sid=b", b"sid=" + b"a" * 8000, b"sid=\"", b"sid=\"\"\"",
           b"lang=\xff; csrf=\x01", b"; ".join(b"c%d=v" % i for i in range(500)), b"sid", b"\"sid\"=x",
           b"csrf=" + b"c" * 19, b"csrf=" + b"c" * 65, b"sid=%00", b"lang=lt; lang=en"]
JSONS = [b"{", b"}", b"[" * 5000, b"{\"a\":" * 3000, b"\"\\ud800\"", b"{\"email\": 1e999999}",
         b"{\"a\": \"\x00\"}", b"\xef\xbb\xbf{}", b"null", b"{\"email\": [\"a\"], \"email\": {}}",
         b"{\"a\":\"" + b"\\u0000" * 100 + b"\"}", b"1" * 10000, b"{\"a\": \"\xff\"}", b"[]" * 4000]


def serialize(parts):
    m, t, h, b = parts
    return build(m, t, h, b)


def mutate(rnd, parts):
    """Applies 1-3 mutators; returns raw bytes."""
    m, t, h, b = parts
    h = list(h)
    raw_ops = []
    for _ in range(rnd.randint(1, 3)):
        op = rnd.randrange(16)
        if op == 0:      # random method
            m = rnd.choice(METHODS)
        elif op == 1:    # absurd path
            t = rnd.choice(PATHS)
        elif op == 2:    # huge / negative numbers
            which = rnd.random()
            if which < 0.5:
                h = [(k, v) for k, v in h if k.lower() != b"content-length"]
                raw_ops.append(("cl", rnd.choice(HUGE)))
            else:
                t = t + (b"&" if b"?" in t else b"?") + rnd.choice([b"page=", b"id=", b"n=", b"offset="]) + rnd.choice(HUGE)
        elif op == 3:    # invalid UTF-8 in path, query, body or a header value
            bad = rnd.choice(BAD_UTF8)
            where = rnd.randrange(4)
            if where == 0:
                t = t + bad
            elif where == 1:
                t = t + (b"&q=" if b"?" in t else b"?q=") + bad
            elif where == 2:
                b = b + b"&name=" + bad
            else:
                h.append((b"X-Note", bad))
        elif op == 4:    # NULs
            where = rnd.randrange(3)
            if where == 0:
                t = t + rnd.choice([b"%00", b"\x00"])
            elif where == 1 and b:
                i = rnd.randrange(len(b))
                b = b[:i] + b"\x00" + b[i:]
            else:
                h.append((b"X-Nul", b"a\x00b"))
        elif op == 5:    # broken cookies
            h = [(k, v) for k, v in h if k != b"Cookie"] + [(b"Cookie", rnd.choice(COOKIES))]
        elif op == 6:    # broken JSON
            h = [(k, v) for k, v in h if k != b"Content-Type"] + [(b"Content-Type", b"application/json")]
            b = rnd.choice(JSONS)
            m = b"POST"
        elif op == 7:    # broken multipart
            bnd = rnd.choice([b"B", b"a\x00b", b"", b"\"unterminated", b"x" * 300, b"B; boundary=C"])
            h = [(k, v) for k, v in h if k != b"Content-Type"]
            h.append((b"Content-Type", b"multipart/form-data; boundary=" + bnd))
            body = rnd.choice([
                b"--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv",            # no closing
                b"--B\r\n\r\n\r\n--B--",                                                 # no name
                b"--B\r\nContent-Disposition: form-data; name=\"a\"; filename=\"../../x\"\r\n\r\n\x00\xff\r\n--B--",
                b"--Bxx\r\n--B--",
                b"--B--",
                b"preamble only",
                b"--B\r\nContent-Disposition: form-data; name=\"" + b"n" * 5000 + b"\"\r\n\r\nv\r\n--B--",
                b"".join(b"--B\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n" % i for i in range(250)) + b"--B--",
                b"--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\xfe\r\n--B--",
            ])
            b = body
            m = b"POST"
        elif op == 8:    # CRLF injection
            inj = rnd.choice([b"\r\n", b"\r\nX-Injected: 1\r\n", b"\r\n\r\n", b"\r", b"\n", b"\r\nContent-Length: 5\r\n",
                              b"\r\nTransfer-Encoding: chunked\r\n"])
            where = rnd.randrange(3)
            if where == 0:
                t = t + inj
            elif where == 1 and h:
                i = rnd.randrange(len(h))
                h[i] = (h[i][0], h[i][1] + inj)
            else:
                b = inj + b
        elif op == 9:    # duplicate / remove headers
            if h and rnd.random() < 0.5:
                h.append(rnd.choice(h))
            elif h:
                h.pop(rnd.randrange(len(h)))
        elif op == 10:   # weird header names and many headers
            h.append(rnd.choice([(b"X Y", b"z"), (b"", b"v"), (b"X\x00", b"v"), (b"\xc4\x85", b"v"),
                                 (b"Content-Length ", b"0"), (b"X-" + b"h" * 5000, b"v")]))
            if rnd.random() < 0.2:
                h += [(b"X-Many-%d" % i, b"v") for i in range(rnd.choice([50, 200, 800]))]
        elif op == 11:   # version
            raw_ops.append(("version", rnd.choice([b"HTTP/1.2", b"HTTP/9.9", b"HTTP/1.1x", b"http/1.1", b"HTTP/1.1 extra",
                                                    b"HTTP/0.9", b"HTTP/2", b"", b"HTTP/1.01"])))
        elif op == 12:   # huge header value
            h.append((b"X-Big", b"v" * rnd.choice([4000, 30000, 70000])))
        elif op == 13:   # byte flips (on the serialized request, at the end)
            raw_ops.append(("flip", rnd.randint(1, 8)))
        elif op == 14:   # truncation
            raw_ops.append(("truncate", rnd.random()))
        else:            # Transfer-Encoding games
            h = [(k, v) for k, v in h if k.lower() != b"content-length"]
            h.append((b"Transfer-Encoding", rnd.choice([b"chunked", b"chunked, gzip", b"identity", b"CHUNKED", b""])))
            chunks = rnd.choice([b"5\r\nAAAAA\r\n0\r\n\r\n", b"zz\r\n", b"FFFFFFFFFFFFFFFF\r\n", b"5\r\nAA", b"0\r\n",
                                 b"-1\r\n\r\n", b"5;" + b"e" * 5000 + b"\r\nAAAAA\r\n0\r\n\r\n"])
            raw_ops.append(("chunked", chunks))
    version = b"HTTP/1.1"
    raw_body = b
    cl = None
    for kind, arg in raw_ops:
        if kind == "version":
            version = arg
        elif kind == "cl":
            cl = arg
    hdr = b"".join(k + b": " + v + b"\r\n" for k, v in h)
    if cl is not None:
        hdr += b"Content-Length: " + cl + b"\r\n"
    elif not any(k.lower() in (b"content-length", b"transfer-encoding") for k, _ in h) and (raw_body or m == b"POST"):
        hdr += b"Content-Length: %d\r\n" % len(raw_body)
    for kind, arg in raw_ops:
        if kind == "chunked":
            raw_body = arg
    raw = m + b" " + t + (b" " + version if version else b"") + b"\r\n" + hdr + b"\r\n" + raw_body
    for kind, arg in raw_ops:
        if kind == "flip" and raw:
            ba = bytearray(raw)
            for _ in range(arg):
                ba[rnd.randrange(len(ba))] ^= 1 << rnd.randrange(8)
            raw = bytes(ba)
        elif kind == "truncate" and raw:
            raw = raw[:max(1, int(len(raw) * arg))]
    return raw


# ---------------------------------------------------------------- the test

def setup(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    pw = sk.add_user("admin@example.org", "Admin", superadmin=True)
    sk.add_user("staff@example.org", "Darbuotoja", inst="pavb", roles=["STAFF"])
    srv = sk.server(env={"SKLAIDA_CONN_TIMEOUT": "2"})
    c = srv.client()
    c.login("admin@example.org", pw)
    sess = {"sid": c.cookies.get("sid", ""), "csrf": c.csrf or "", "anon": "c" * 32}
    check(sess["sid"] and sess["csrf"], "logged-in session for the mutated requests")
    return srv, sess


def run_batch(srv, reqs, fails, tmp):
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as ex:
        futs = {ex.submit(send_one, srv.port, raw): (label, raw) for label, raw in reqs}
        for f in concurrent.futures.as_completed(futs):
            label, raw = futs[f]
            data, closed, err = f.result()
            why = err or judge(data, closed)
            if why:
                path = os.path.join(tmp, f"fail-{len(fails)}.http")
                with open(path, "wb") as fh:
                    fh.write(raw)
                fails.append(f"{label}: {why} (request saved as {path})")


def check_health(srv, after):
    check(srv.proc.poll() is None, f"server died after {after} requests")
    r = srv.client().get("/healthz")
    eq(r.status, 200, f"/healthz after {after} requests:")


def stop_term(srv, timeout=60):
    """SIGTERM and wait, keeping the log open for reading (Server.stop
    closes it); returns the exit status."""
    srv.proc.terminate()
    try:
        return srv.proc.wait(timeout)
    except subprocess.TimeoutExpired:
        srv.proc.kill()
        srv.proc.wait()
        raise Fail(f"server did not exit within {timeout} s of SIGTERM")


def error_lines(srv):
    return [ln for ln in srv.logtext().splitlines()
            if " level=error " in ln or "ERROR: AddressSanitizer" in ln or "runtime error:" in ln
            or "ERROR: LeakSanitizer" in ln or "leak of" in ln]


@test
def malformed_corpus_and_mutations(sk):
    srv, sess = setup(sk)
    routes = route_table(sk)
    check(len(routes) >= 5, f"route table: {routes}")
    rnd = random.Random(SEED)
    reqs = []
    for name in sorted(os.listdir(CORPUS)):
        with open(os.path.join(CORPUS, name), "rb") as fh:
            reqs.append((f"corpus/{name}", fh.read()))
    check(len(reqs) >= 50, "hand-written corpus present")
    for i in range(N_MUTATED):
        reqs.append((f"mutant#{i}", mutate(rnd, valid_request(rnd, routes, sess))))
    check(len(reqs) >= 1000, "at least 1,000 malformed requests")
    fails = []
    for start in range(0, len(reqs), 100):
        run_batch(srv, reqs[start:start + 100], fails, sk.tmp)
        check_health(srv, start + 100)
    rc = stop_term(srv)  # SIGTERM: a sanitizer build reports leaks at exit
    errs = error_lines(srv)
    problems = fails + [f"log: {e}" for e in errs[:20]]
    if problems:
        raise Fail(f"{len(fails)} of {len(reqs)} requests failed, {len(errs)} error log lines:\n    " +
                   "\n    ".join(problems[:40]))
    eq(rc, 0, "server exit status after SIGTERM")


@test
def parameter_floods(sk):
    # Many distinct names in one request: the dispatcher checks for
    # duplicate parameters (400) and query/body name clashes; that check
    # must not cost more than the 5 s limit for what the caps admit: a
    # form body just under the 1 MB cap, a query string and a Cookie
    # header within libmicrohttpd's 64 KB per connection.
    srv = sk.server(env={"SKLAIDA_CONN_TIMEOUT": "2"})
    body = "&".join(f"f{i}=" for i in range(110000)).encode()
    floods = [
        ("form body with 110,000 distinct fields (%d bytes)" % len(body),
         b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
         b"Content-Length: %d\r\n\r\n" % len(body) + body),
        ("query string with 6,000 distinct parameters",
         b"GET /?" + "&".join(f"q{i}=1" for i in range(6000)).encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("query and body with 3,000 names each, no clash",
         b"POST /login?" + "&".join(f"q{i}=1" for i in range(3000)).encode() +
         b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n"
         % len(body[:30000]) + body[:30000]),
        ("Cookie header with 2,500 cookies",
         b"GET / HTTP/1.1\r\nHost: x\r\nCookie: " + "; ".join(f"c{i}=v" for i in range(2500)).encode() + b"\r\n\r\n"),
    ]
    fails = []
    for label, raw in floods:
        data, closed, err = send_one(srv.port, raw)
        why = err or judge(data, closed)
        if why:
            fails.append(f"{label}: {why}")
        elif data:
            print(f"    {label}: {data[:12].decode('latin-1')}", flush=True)
    if fails:
        raise Fail("\n    ".join(fails))
    check_health(srv, len(floods))


@test
def malformed_through_test_http(sk):
    # the same corpus through `sklaida test-http` (no socket, no MHD):
    # our own request-line/header reader, guard, parsers and dispatcher
    sk.add_inst("pavb", "Panevėžio apskrities biblioteka", "county")
    e = dict(os.environ)
    e.update(sk.env)

    def one(name):
        with open(os.path.join(CORPUS, name), "rb") as fh:
            raw = fh.read()
        r = subprocess.run([sk.bin, "--db", sk.db_url, "test-http"], input=raw, capture_output=True,
                           env=e, cwd=sk.tmp, timeout=60)
        if r.returncode != 0:
            return f"{name}: exit {r.returncode}: {r.stderr[-300:]!r}"
        if not STATUS_LINE.match(r.stdout):
            return f"{name}: no status line: {r.stdout[:100]!r}"
        st = int(r.stdout[9:12])
        if st >= 500:
            return f"{name}: status {st}"
        bad = [ln for ln in r.stderr.decode("utf-8", "replace").splitlines()
               if " level=error " in ln or "AddressSanitizer" in ln or "runtime error:" in ln]
        if bad:
            return f"{name}: {bad[:3]}"
        return None

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
        fails = [f for f in ex.map(one, sorted(os.listdir(CORPUS))) if f]
    if fails:
        raise Fail("\n    ".join(fails))


run()

"""sk.py -- shared harness for sklaida's Python integration tests.

A test file is run as
    /usr/bin/python3 tests/py/test_NAME.py --db sqlite|pg [--bin build/sklaida]
and prints one line per test: "ok NAME" or "FAIL NAME: reason" (the
orchestrator tests/run-all.sh counts them), then exits 1 if any failed.

    from sk import test, run, Sk
    @test
    def login_works(sk):          # sk: a fresh database + helpers
        srv = sk.server()         # live `sklaida serve` on a free port
        c = srv.client()
        ...
    run()

Only the standard library is used (Debian's /usr/bin/python3).
"""
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_tests = []


def test(fn):
    _tests.append(fn)
    return fn


class Fail(AssertionError):
    pass


def check(cond, msg="check failed"):
    if not cond:
        raise Fail(msg)


def eq(got, want, msg=""):
    if got != want:
        raise Fail(f"{msg} got {got!r}, want {want!r}")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers          # list of (name, value)
        self.body = body                # bytes

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    def csrf(self):
        m = re.search(r'name="_csrf" value="([^"]+)"', self.text)
        return m.group(1) if m else None


class Client:
    """A browser-like client: keeps cookies, sends same-origin headers,
    does not follow redirects (tests look at them)."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.cookies = {}
        self.csrf = None

    def _cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method, path, body=None, headers=None, ctype=None):
        h = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            h["Cookie"] = self._cookie_header()
        if body is not None:
            if isinstance(body, dict):
                body = urllib.parse.urlencode(body, doseq=True).encode()  # a list value: the key repeated
                ctype = ctype or "application/x-www-form-urlencoded"
            elif isinstance(body, str):
                body = body.encode()
            h["Content-Type"] = ctype or "application/octet-stream"
        if method == "POST":
            h.setdefault("Origin", f"http://{self.host}:{self.port}")
            h.setdefault("Sec-Fetch-Site", "same-origin")
        h.update(headers or {})
        c = http.client.HTTPConnection(self.host, self.port, timeout=30)
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        resp = Response(r.status, r.getheaders(), data)
        c.close()
        for v in resp.headers_all("Set-Cookie"):
            kv = v.split(";")[0]
            k, _, val = kv.partition("=")
            if "Max-Age=0" in v:
                self.cookies.pop(k.strip(), None)
            else:
                self.cookies[k.strip()] = val.strip()
        t = resp.csrf() if resp.header("Content-Type", ) and "html" in (resp.header("Content-Type") or "") else None
        if t:
            self.csrf = t
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, data=None, csrf=True, **kw):
        data = dict(data or {})
        if csrf and "_csrf" not in data:
            if not self.csrf:
                # fetch a form first to get a token
                self.get(path if "{" not in path else "/login")
            data["_csrf"] = self.csrf or ""
        return self.request("POST", path, body=data, **kw)

    def login(self, email, password):
        self.get("/login")
        r = self.post("/login", {"email": email, "password": password})
        check(r.status == 303, f"login of {email} failed: {r.status} {r.text[:300]}")
        # the anonymous token is dead now: fetch a staff page to get the
        # session's (/staff may redirect to the only institution)
        self.csrf = None
        p = self.get("/staff")
        if p.status == 303 and p.header("Location"):
            self.get(p.header("Location"))
        return r


class Server:
    def __init__(self, sk, env=None, args=None):
        self.sk = sk
        self.port = free_port()
        self.log = open(os.path.join(sk.tmp, f"server-{self.port}.log"), "wb")
        e = dict(os.environ)
        e.update(sk.env)
        e.update(env or {})
        e["SKLAIDA_PORT"] = str(self.port)
        extra = list(args or [])
        if "--workers" not in extra:   # a test may run its jobs itself (--workers 0)
            extra = ["--workers", "1"] + extra
        self.proc = subprocess.Popen([sk.bin, "--db", sk.db_url, "serve"] + extra,
                                     stdout=self.log, stderr=subprocess.STDOUT, env=e, cwd=sk.tmp)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
        raise Fail(f"server did not start; log: {open(self.log.name).read()[-2000:]}")

    def client(self):
        return Client("127.0.0.1", self.port)

    def stop(self, sig=15):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def logtext(self):
        if not self.log.closed:
            self.log.flush()
        return open(self.log.name, encoding="utf-8", errors="replace").read()


class Sk:
    """One test's world: a fresh database on the chosen backend, the
    binary, a temp dir (cwd of every command, so var/ lands there)."""

    counter = 0

    def __init__(self, kind, binary):
        self.kind = kind
        self.bin = os.path.abspath(binary)
        self.tmp = tempfile.mkdtemp(prefix="sk-test-")
        Sk.counter += 1
        if kind == "sqlite":
            self.db_url = f"sqlite:{self.tmp}/test.db"
        else:
            name = f"t{os.getpid()}_{Sk.counter}"
            out = subprocess.run([os.path.join(ROOT, "tests/lib/pg.sh"), "createdb", name],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                raise Fail(f"createdb failed: {out.stderr}")
            self.db_url = out.stdout.strip().splitlines()[-1]
        self.env = {"SKLAIDA_VAR": os.path.join(self.tmp, "var"), "SKLAIDA_LOG_REQUESTS": "1",
                    "SKLAIDA_BASE_URL": "http://127.0.0.1"}
        self.servers = []
        self.cli("migrate")

    def cli(self, *args, input=None, check_rc=True, env=None):
        e = dict(os.environ)
        e.update(self.env)
        e.update(env or {})
        r = subprocess.run([self.bin, "--db", self.db_url] + list(args), input=input,
                           capture_output=True, text=True, env=e, cwd=self.tmp, timeout=120)
        if check_rc and r.returncode != 0:
            raise Fail(f"sklaida {' '.join(args)} failed ({r.returncode}): {r.stderr[-1500:]}")
        return r

    def raw(self, request_bytes, env=None):
        """One raw request through `sklaida test-http`; returns Response."""
        e = dict(os.environ)
        e.update(self.env)
        e.update(env or {})
        r = subprocess.run([self.bin, "--db", self.db_url, "test-http"], input=request_bytes,
                           capture_output=True, env=e, cwd=self.tmp, timeout=60)
        return parse_raw_response(r.stdout)

    def server(self, **kw):
        s = Server(self, **kw)
        self.servers.append(s)
        return s

    def sql(self, query):
        """Read-only inspection of the database (tests only)."""
        if self.kind == "sqlite":
            out = subprocess.run(["sqlite3", "-batch", "-noheader", self.db_url[7:], query],
                                 capture_output=True, text=True)
        else:
            out = subprocess.run(["psql", "-At", "-F", "|", self.db_url, "-c", query],
                                 capture_output=True, text=True)
        if out.returncode != 0:
            raise Fail(f"sql failed: {out.stderr}")
        return [line.split("|") for line in out.stdout.splitlines() if line]

    def write_sql(self, query):
        """A write by another process, as the sqlite3 / psql client makes
        it (tests only: fixtures, or the passage of time; the app's own
        code never runs ad-hoc SQL)."""
        if self.kind == "sqlite":
            cmd = ["sqlite3", "-batch", "-cmd", ".timeout 10000", self.db_url[7:], query]
        else:
            cmd = ["psql", "-q", "-At", self.db_url, "-c", query]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            raise Fail(f"sql write failed: {out.stderr}")

    def add_user(self, email, name="Test User", inst=None, roles=(), password="correct horse battery", superadmin=False):
        args = ["user", "add", email, name]
        for r in roles:
            args += ["--role", f"{inst}:{r}"]
        if superadmin:
            args.append("--superadmin")
        self.cli(*args, input=password + "\n")
        return password

    def add_inst(self, slug, name, typ="county", parent=None):
        args = ["institution", "add", slug, name, typ]
        if parent:
            args += ["--parent", parent]
        self.cli(*args)

    def close(self):
        for s in self.servers:
            s.stop()
        if self.kind == "pg":
            subprocess.run(["psql", "-q", self.db_url.rsplit("/", 1)[0] + "/postgres", "-c",
                            f"DROP DATABASE IF EXISTS \"{self.db_url.rsplit('/', 1)[1]}\" WITH (FORCE)"],
                           capture_output=True)
        if not os.environ.get("SK_KEEP_TMP"):
            import shutil
            shutil.rmtree(self.tmp, ignore_errors=True)



# ---- helpers the page tests share ----------------------------------------

TEST_PW = "correct horse battery"   # what add_user() gives everyone


def login(c, mail, password=TEST_PW):
    """log c in through the login form; c then holds its session's CSRF token"""
    c.get("/login")
    r = c.post("/login", {"email": mail, "password": password})
    check(r.status == 303, f"login of {mail} failed: {r.status}")
    c.csrf = None
    c.get("/profile")
    check(c.csrf, "no CSRF token after login")
    return c


def token_for(srv, mail):
    """an API token of mail's, made on the profile page"""
    c = login(srv.client(), mail)
    r = c.post("/profile/tokens", {"token_name": "testai"})
    eq(r.status, 201)
    return re.search(r'readonly value="(sk_[^"]+)"', r.text).group(1)


def one(sk, q):
    """the first column of the first row of q, None when there is none"""
    rows = sk.sql(q)
    return rows[0][0] if rows else None


def png(r, g, b, w=4, h=3):
    """a small valid PNG of one colour (test uploads)"""
    import struct
    import zlib

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes([r, g, b]) * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def multipart(c, path, fields, files):
    """POST multipart/form-data with the client's CSRF token; fields may hold lists (name[])"""
    import uuid
    bnd = uuid.uuid4().hex
    parts = []
    items = []
    for k, v in list(fields.items()) + [("_csrf", c.csrf)]:
        items += [(k, x) for x in v] if isinstance(v, list) else [(k, v)]
    for k, v in items:
        parts.append(f'--{bnd}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for k, (name, data, ctype) in files.items():
        parts.append(f'--{bnd}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                     f'Content-Type: {ctype}\r\n\r\n'.encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{bnd}--\r\n".encode()
    return c.request("POST", path, body=body, ctype=f"multipart/form-data; boundary={bnd}")


def parse_raw_response(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.\d (\d+)", lines[0] if lines else "")
    status = int(m.group(1)) if m else 0
    headers = []
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        headers.append((k.strip(), v.strip()))
    return Response(status, headers, body)


def run():
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="sqlite", choices=["sqlite", "pg"])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build/sklaida"))
    ap.add_argument("-k", default="")
    a = ap.parse_args()
    prefix = os.path.splitext(os.path.basename(sys.argv[0]))[0].replace("test_", "")
    failed = 0
    for fn in _tests:
        if a.k and a.k not in fn.__name__:
            continue
        name = f"{prefix}/{fn.__name__}[{a.db}]"
        sk = None
        t0 = time.time()
        try:
            sk = Sk(a.db, a.bin)
            fn(sk)
            print(f"ok {name} ({time.time() - t0:.1f}s)", flush=True)
        except Exception as e:  # noqa: BLE001 -- report every failure kind
            failed += 1
            detail = str(e) if isinstance(e, Fail) else traceback.format_exc()
            print(f"FAIL {name}: {detail}", flush=True)
            if sk:
                for s in sk.servers:
                    tail = s.logtext()[-1500:]
                    print("    server log tail:\n    " + tail.replace("\n", "\n    "), flush=True)
        finally:
            if sk:
                sk.close()
    sys.exit(1 if failed else 0)

"""The HTTP surface, walked over the route table (`sklaida routes`):

- security headers on every GET route (public ones anonymously, staff ones
  logged in): CSP (a fresh nonce on HTML), nosniff, frame-ancestors and
  X-Frame-Options, Referrer-Policy, no-store on authenticated pages, no
  Server header with a version; also on early errors (400/413);
- TRACE/PUT/DELETE/OPTIONS/PATCH/FOO on every route: 405 (or 400/501),
  never 2xx;
- paths that must never serve files: /.git/HEAD, /var/sklaida.db,
  /static/../README.md and encoded variants: 404;
- HTTP parameter pollution (a name twice in the query, in the body, or in
  both): 400;
- open redirects through /login?next=: always to /staff;
- XSS: a user and an institution named with a script/attribute payload
  appear only escaped on every page, as do reflected query values;
- SQL injection probes in institution and user names and in query
  parameters are stored and handled literally; the schema is unchanged.
"""
import http.client
import re
import urllib.parse
from html.parser import HTMLParser

from sk import test, run, check, eq
import seclib

PW = "correct horse battery"
ODD_METHODS = ["TRACE", "PUT", "DELETE", "OPTIONS", "PATCH", "FOO"]
XSS = "<script>document.documentElement.dataset.xss=1</script>\"'><img src=x onerror=alert(1)>"
XSS_SHORT = "\"'><img src=x onerror=alert(2)>"  # fits 40-character fields
XSS_RAW = ["<script>document.documentElement", "<img src=x onerror", "\"'><img"]
SQLI_INST = "'); DROP TABLE users;--"
SQLI_USER = "Robert'); DROP TABLE institutions;--"
SQLI_Q = "' OR 1=1--"


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def setup(sk):
    sk.add_inst("pavb", "Panevėžio apskrities viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("root@sk.test", "Root Admin", superadmin=True, password=PW)
    sk.add_user("jonas@pavb.lt", "Jonas Jonaitis", inst="pavb", roles=["ADMIN"], password=PW)


def raw_request(srv, method, path, headers=None, body=None):
    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    h = {"Host": f"127.0.0.1:{srv.port}"}
    h.update(headers or {})
    c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for k, v in h.items():
        c.putheader(k, v)
    if body is not None:
        c.putheader("Content-Length", str(len(body)))
    c.endheaders(body)
    r = c.getresponse()
    data = r.read() if method != "HEAD" else b""
    out = seclib.skmod.Response(r.status, r.getheaders(), data)
    c.close()
    return out


def header_problems(resp, authenticated, embeddable=False):
    """embeddable: a public route flagged R_FRAME ("frame" in `sklaida
    routes`) that other sites may frame: frame-ancestors * and no
    X-Frame-Options; every other response refuses framing."""
    p = []
    ctype = resp.header("Content-Type") or ""
    csp = resp.header("Content-Security-Policy") or ""
    if not csp:
        p.append("no Content-Security-Policy")
    if embeddable:
        if not csp.rstrip().endswith("frame-ancestors *"):
            p.append(f"embeddable widget without frame-ancestors *: {csp}")
    elif "frame-ancestors 'none'" not in csp and "frame-ancestors 'self'" not in csp:
        p.append(f"CSP without frame-ancestors: {csp}")
    if "text/html" in ctype:
        m = re.search(r"script-src [^;]*'nonce-([A-Za-z0-9_+/=-]{16,})'", csp)
        if not m:
            p.append(f"HTML without a script nonce in the CSP: {csp}")
        else:
            for n in re.findall(r'<script[^>]*\snonce="([^"]*)"', resp.text):
                if n != m.group(1):
                    p.append(f"script nonce {n} differs from the CSP's {m.group(1)}")
        if "'unsafe-inline'" in csp.split("script-src", 1)[-1].split(";")[0]:
            p.append("script-src allows 'unsafe-inline'")
    elif csp and "default-src 'none'" not in csp and "sandbox" not in csp:
        p.append(f"non-HTML response without a restrictive CSP: {csp}")
    if (resp.header("X-Content-Type-Options") or "").lower() != "nosniff":
        p.append("no X-Content-Type-Options: nosniff")
    if embeddable:
        if resp.header("X-Frame-Options"):
            p.append("embeddable widget with X-Frame-Options")
    elif (resp.header("X-Frame-Options") or "").upper() not in ("DENY", "SAMEORIGIN"):
        p.append(f"X-Frame-Options: {resp.header('X-Frame-Options')}")
    if not resp.header("Referrer-Policy"):
        p.append("no Referrer-Policy")
    srv_h = resp.header("Server")
    if srv_h and (re.search(r"\d", srv_h) or "microhttpd" in srv_h.lower()):
        p.append(f"Server header reveals a version: {srv_h}")
    if resp.header("X-Powered-By"):
        p.append("X-Powered-By header")
    if authenticated and "no-store" not in (resp.header("Cache-Control") or ""):
        p.append(f"authenticated page without Cache-Control: no-store ({resp.header('Cache-Control')})")
    return p


@test
def security_headers_on_every_get_route(sk):
    setup(sk)
    rs = [r for r in seclib.routes(sk) if r.method == "GET"]
    srv = sk.server()
    anon = srv.client()
    root = seclib.login(srv.client(), "root@sk.test", PW)
    seclib.populate(sk, root, ["pavb"])
    bad, n, nonces = [], 0, set()
    for rt in rs:
        path, _ = seclib.fill(sk, rt.pattern, "pavb", "root@sk.test")
        who = [("anonymous", anon, False)] if rt.public else []
        who.append(("logged in", root, True))
        for name, c, logged in who:
            r = c.get(path)
            n += 1
            # authenticated: a staff route, or any page showing the session
            authenticated = logged and (not rt.public or "/logout" in r.text)
            embeddable = rt.public and "frame" in rt.flags
            for p in header_problems(r, authenticated, embeddable):
                bad.append(f"{name} GET {path} ({r.status}): {p}")
            m = re.search(r"'nonce-([^']+)'", r.header("Content-Security-Policy") or "")
            if m:
                nonces.add(m.group(1))
    # error pages too
    for path in ("/no/such/page", "/staff/nope/"):
        for name, c, logged in (("anonymous", anon, False), ("logged in", root, True)):
            r = c.get(path)
            n += 1
            for p in header_problems(r, logged and "/logout" in r.text):
                bad.append(f"{name} GET {path} ({r.status}): {p}")
    print(f"    {n} responses checked, {len(nonces)} distinct nonces")
    check(len(nonces) >= 3, "CSP nonces are fresh per response")
    check(not bad, seclib.report("header problems", bad))


@test
def early_error_responses_carry_security_headers(sk):
    """400 for a malformed target and 413 for a too large body are sent
    before the dispatcher runs; they are responses too."""
    setup(sk)
    srv = sk.server(env={"SKLAIDA_BODY_CAP": "1000"})
    bad = []
    r = raw_request(srv, "GET", "/a%zz")
    eq(r.status, 400, "bad escape:")
    bad += [f"400: {p}" for p in header_problems(r, False)]
    r = raw_request(srv, "POST", "/login", {"Content-Type": "application/x-www-form-urlencoded"}, b"x" * 5000)
    eq(r.status, 413, "body over the cap:")
    bad += [f"413: {p}" for p in header_problems(r, False)]
    check(not bad, seclib.report("early errors without security headers", bad))


@test
def odd_methods_never_succeed(sk):
    setup(sk)
    rs = seclib.routes(sk)
    srv = sk.server()
    root = seclib.login(srv.client(), "root@sk.test", PW)
    cookie = "; ".join(f"{k}={v}" for k, v in root.cookies.items())
    bad, n = [], 0
    paths = sorted({seclib.fill(sk, r.pattern, "pavb", "root@sk.test")[0] for r in rs})
    for path in paths:
        for m in ODD_METHODS:
            for hdr in ({}, {"Cookie": cookie}):
                r = raw_request(srv, m, path, hdr)
                n += 1
                if r.status not in (405, 400, 501):
                    bad.append(f"{m} {path}: {r.status}")
                if m == "TRACE" and b"Cookie" in r.body:
                    bad.append(f"TRACE {path} echoes the request")
    # a path only POST routes match refuses GET/HEAD, and the other way round
    for rt in rs:
        path = seclib.fill(sk, rt.pattern, "pavb", "root@sk.test")[0]
        others = {x.method for x in rs if seclib.matches(x.pattern, path)}
        if "GET" not in others:
            for m in ("GET", "HEAD"):
                r = raw_request(srv, m, path, {"Cookie": cookie})
                n += 1
                if r.status != 405:
                    bad.append(f"{m} on POST-only {path}: {r.status}")
        if "POST" not in others:
            st, _ = seclib.post(root, path, root.csrf, {})
            n += 1
            if st != 405:
                bad.append(f"POST on GET-only {path}: {st}")
    print(f"    {len(paths)} paths, {n} requests")
    check(not bad, seclib.report("methods not refused", bad))


@test
def method_not_allowed_names_the_allowed_methods(sk):
    """405 carries Allow with the methods the path does support."""
    setup(sk)
    rs = seclib.routes(sk)
    srv = sk.server()
    bad = []
    for rt in rs:
        path = seclib.fill(sk, rt.pattern, "pavb", "root@sk.test")[0]
        allowed = {x.method for x in rs if seclib.matches(x.pattern, path)}
        for m in ["PUT", "DELETE"] + (["POST"] if "POST" not in allowed else []):
            r = raw_request(srv, m, path, {"Content-Length": "0"} if m == "POST" else {})
            if r.status != 405:
                continue  # covered by odd_methods_never_succeed
            got = {x.strip() for x in (r.header("Allow") or "").split(",") if x.strip()}
            if not allowed <= got:
                bad.append(f"{m} {path}: Allow {r.header('Allow')!r}, want {sorted(allowed)}")
    check(not bad, seclib.report("405 without a correct Allow header", bad))


@test
def no_files_outside_the_embedded_assets(sk):
    setup(sk)
    srv = sk.server()
    root = seclib.login(srv.client(), "root@sk.test", PW)
    probes = ["/.git/HEAD", "/.git/config", "/var/sklaida.db", "/var/sklaida.db-wal", "/static/../README.md",
              "/static/..%2FREADME.md", "/static/%2e%2e/README.md", "/static/%2E%2E%2FMakefile",
              "/static/../../../../etc/passwd", "/static//etc/passwd", "/static/./app.css/../../README.md",
              "/README.md", "/Makefile", "/src/main.c", "/.env", "/static/..\\README.md"]
    bad = []
    for c in (srv.client(), root):
        for p in probes:
            r = raw_request(srv, "GET", p, {"Cookie": "; ".join(f"{k}={v}" for k, v in c.cookies.items())})
            if r.status != 404:
                bad.append(f"GET {p}: {r.status}")
            for leak in (b"ref: refs/", b"SQLite format", b"root:x:0:0", b"CFLAGS", b"#include"):
                if leak in r.body:
                    bad.append(f"GET {p}: body leaks {leak!r}")
    eq(raw_request(srv, "GET", "/static/app.css").status, 200, "the real asset is served:")
    check(not bad, seclib.report("paths outside the assets", bad))


@test
def parameter_pollution_is_refused(sk):
    setup(sk)
    srv = sk.server()
    anon = srv.client()
    eq(anon.get("/?lang=en").status, 200, "control: one lang parameter:")
    eq(anon.get("/?lang=en&lang=lt").status, 400, "lang twice in the query:")
    eq(anon.get("/login?next=%2Fstaff&next=%2F%2Fevil").status, 400, "next twice:")
    anon.get("/login")
    st, _ = seclib.post(anon, "/login?email=jonas%40pavb.lt", anon.csrf, {})
    eq(st, 400, "the same name in the query and the body:")
    # a name twice in the body
    h = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{srv.port}",
         "Sec-Fetch-Site": "same-origin", "Cookie": f"csrf={anon.cookies['csrf']}"}
    body = urllib.parse.urlencode([("_csrf", anon.csrf), ("email", "jonas@pavb.lt"), ("email", "x@y.lt"),
                                   ("password", PW)]).encode()
    r = raw_request(srv, "POST", "/login", h, body)
    eq(r.status, 400, "email twice in the body:")
    body = urllib.parse.urlencode([("_csrf", anon.csrf), ("_csrf", anon.csrf), ("email", "jonas@pavb.lt"),
                                   ("password", PW)]).encode()
    eq(raw_request(srv, "POST", "/login", h, body).status, 400, "_csrf twice:")
    root = seclib.login(srv.client(), "root@sk.test", PW)
    for rt in seclib.routes(sk):
        if rt.method == "GET" and not rt.public:
            path = seclib.fill(sk, rt.pattern, "pavb", "root@sk.test")[0]
            r = root.get(path + "?q=a&q=b")
            check(r.status == 400, f"GET {path}?q=a&q=b: {r.status}")


def login_with_next(srv, nxt, raw=False):
    c = srv.client()
    qs = "next=" + (nxt if raw else urllib.parse.quote(nxt, safe=""))
    r = c.get("/login?" + qs)
    eq(r.status, 200, f"login form with next={nxt!r}:")
    r = c.request("POST", "/login?" + qs, body={"_csrf": c.csrf, "email": "jonas@pavb.lt", "password": PW})
    eq(r.status, 303, f"login with next={nxt!r}:")
    return c, r.header("Location")


@test
def login_next_is_not_an_open_redirect(sk):
    setup(sk)
    srv = sk.server()
    c, loc = login_with_next(srv, "/staff/pavb/")
    eq(loc, "/staff/pavb/", "control: a local next is followed:")
    evil = ["https://evil.example", "//evil", "/\\evil", "\\\\evil", "///evil", "/\t/evil", "http:evil",
            "javascript:alert(1)", "evil.example", "\r\nLocation: https://evil.example",
            "/staff\r\nSet-Cookie: sid=x", "https:/\\evil.example", " //evil"]
    bad = []
    for e in evil:
        c, loc = login_with_next(srv, e)
        if loc != "/staff":
            bad.append(f"next={e!r} -> {loc!r}")
    for e in ("//evil", "/\\evil", "https://evil.example"):
        c, loc = login_with_next(srv, e, raw=True)
        if loc != "/staff":
            bad.append(f"raw next={e} -> {loc!r}")
    # already logged in: GET /login?next=... redirects at once
    for e in ("https://evil.example", "//evil", "/\\evil"):
        r = c.get("/login?next=" + urllib.parse.quote(e, safe=""))
        if r.status != 303 or r.header("Location") != "/staff":
            bad.append(f"logged in, GET /login?next={e!r} -> {r.status} {r.header('Location')!r}")
    check(not bad, seclib.report("open redirects", bad))


def crawl(sk, srv, clients, insts):
    """GET every GET route for every institution as every client; yields
    (who, path, response)."""
    rs = [r for r in seclib.routes(sk) if r.method == "GET"]
    seen = set()
    for rt in rs:
        for inst in insts:
            for who, (email, c) in clients.items():
                path, _ = seclib.fill(sk, rt.pattern, inst, email)
                if (who, path) in seen:
                    continue
                seen.add((who, path))
                yield who, path, c.get(path)


@test
def xss_payload_in_names_is_escaped_everywhere(sk):
    setup(sk)
    sk.cli("institution", "add", "xss", XSS, "municipal", "--parent", "pavb", "--name-en", XSS)
    sk.add_user("xss@pavb.lt", XSS, inst="xss", roles=["ADMIN"], password=PW)
    sk.cli("user", "add", "xss2@pavb.lt", XSS, "--role", "pavb:ADMIN", "--lang", "en", input=PW + "\n")
    eq(sk.sql("SELECT name_lt FROM institutions WHERE slug = 'xss'")[0][0], XSS, "stored as typed:")
    srv = sk.server()
    clients = {"anonymous": (None, srv.client()),
               "root": ("root@sk.test", seclib.populate_login(sk, srv, "root@sk.test", PW, ["xss", "pavb"])),
               "xss user": ("xss@pavb.lt", seclib.login(srv.client(), "xss@pavb.lt", PW)),
               "pavb admin (en)": ("xss2@pavb.lt", seclib.login(srv.client(), "xss2@pavb.lt", PW))}
    bad, shown, n = [], set(), 0
    for who, path, r in crawl(sk, srv, clients, ("xss", "pavb")):
        n += 1
        if "text/html" not in (r.header("Content-Type") or ""):
            continue
        for frag in XSS_RAW:
            if frag in r.text:
                bad.append(f"{who} GET {path}: raw {frag!r}")
        if esc(XSS) in r.text:
            shown.add(path)
    print(f"    {n} pages; the escaped payload shown on: {', '.join(sorted(shown))}")
    check(not bad, seclib.report("unescaped payload", bad))
    for must in ("/", "/xss/", "/staff", "/staff/xss/"):
        check(must in shown, f"{must} does not show the (escaped) name at all; the crawl would prove nothing")


class Forms(HTMLParser):
    """The POST forms of a page: action and fields (name, type, value)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.cur, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.cur = {"action": a.get("action") or "", "fields": []}
            self.forms.append(self.cur)
        elif self.cur is None:
            return
        elif tag == "input" and a.get("name"):
            self.cur["fields"].append((a["name"], (a.get("type") or "text").lower(), a.get("value") or "",
                                       "checked" in a))
        elif tag == "textarea" and a.get("name"):
            self.cur["fields"].append((a["name"], "textarea", "", False))
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
        elif tag == "option" and self.select:
            self.cur["fields"].append((self.select, "select", a.get("value") or "", False))
            self.select = None

    def handle_endtag(self, tag):
        if tag == "form":
            self.cur = None
        elif tag == "select":
            self.select = None


SKIP_ACTIONS = ("/logout", "/delete", "/remove", "/revoke", "/end", "/disable", "/password", "/reset", "/invite")


def fill_form(form, n):
    """Form data with the XSS payload in every free-text field."""
    data, seen = [], set()
    for name, typ, value, checked in form["fields"]:
        if typ in ("submit", "button", "image", "file"):
            continue
        if typ in ("checkbox", "radio"):
            if name not in seen and (checked or name.endswith("[]") or typ == "radio"):
                data.append((name, value or "1"))
                seen.add(name)
            continue
        if name in seen:
            continue
        seen.add(name)
        if typ == "hidden" or typ == "select":
            data.append((name, value))
        elif typ == "email":
            data.append((name, f"xss{n}@pavb.lt"))
        elif typ == "url":
            data.append((name, "https://example.lt/"))
        elif typ == "number":
            data.append((name, "1"))
        elif typ == "tel":
            data.append((name, "+370 45 123 456"))
        elif typ == "date":
            data.append((name, "2026-12-01"))
        elif typ == "password":
            data.append((name, "xss form password 123"))
        elif name in ("slug",) or name.endswith("_slug"):
            data.append((name, f"xss-{n}"))
        else:
            data.append((name, XSS))
    return data


@test
def xss_payload_in_every_form_field(sk):
    """Every POST form of every page (as the superadmin) is submitted with
    the payload in each free-text field; afterwards no page shows it raw,
    and neither do the answers to the submissions themselves."""
    setup(sk)
    srv = sk.server()
    root = seclib.populate_login(sk, srv, "root@sk.test", PW, ["pavb"])
    rs = [r for r in seclib.routes(sk) if r.method == "GET"]
    forms = {}
    for rt in rs:
        for inst in ("pavb", "birzai"):
            path = seclib.fill(sk, rt.pattern, inst, "root@sk.test")[0]
            r = root.get(path)
            if "text/html" not in (r.header("Content-Type") or ""):
                continue
            f = Forms()
            f.feed(r.text)
            for form in f.forms:
                act = form["action"].split("?")[0]
                if act and not any(x in act for x in SKIP_ACTIONS):
                    forms.setdefault(form["action"], form)
    check(forms, "no forms found on any page")
    bad, accepted = [], []
    h = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{srv.port}",
         "Sec-Fetch-Site": "same-origin"}
    for n, (action, form) in enumerate(sorted(forms.items())):
        data = fill_form(form, n)
        if not any(v == XSS for _, v in data):
            continue
        hh = dict(h, Cookie="; ".join(f"{k}={v}" for k, v in root.cookies.items()))
        # the full payload first; fields with short limits (40 characters)
        # refuse it, so a rejected form is sent again with a short payload
        for attempt in (data, [(k, XSS_SHORT if v == XSS else v) for k, v in data]):
            r = raw_request(srv, "POST", action, hh, urllib.parse.urlencode(attempt).encode())
            for frag in XSS_RAW:
                if frag in r.text:
                    bad.append(f"POST {action} ({r.status}) answers with raw {frag!r}")
            if r.status in (200, 201, 303):
                accepted.append(action)
                break
    shown = set()
    anon = srv.client()
    for who, path, r in crawl(sk, srv, {"anonymous": (None, anon), "root": ("root@sk.test", root)},
                              ("pavb", "birzai")):
        if "text/html" not in (r.header("Content-Type") or ""):
            continue
        for frag in XSS_RAW:
            if frag in r.text:
                bad.append(f"{who} GET {path}: raw {frag!r}")
        if esc(XSS) in r.text or esc(XSS_SHORT) in r.text:
            shown.add(path)
    print(f"    {len(forms)} forms, {len(accepted)} accepted the payload: {', '.join(accepted)}")
    print(f"    escaped payload shown on: {', '.join(sorted(shown))}")
    check(not bad, seclib.report("unescaped payload from form fields", bad))
    check(accepted and shown, "no form stored the payload anywhere; the test would prove nothing")


@test
def reflected_input_is_escaped(sk):
    setup(sk)
    srv = sk.server()
    root = seclib.login(srv.client(), "root@sk.test", PW)
    q = urllib.parse.quote(XSS, safe="")
    bad, n = [], 0
    rs = [r for r in seclib.routes(sk) if r.method == "GET"]
    for c, email in ((srv.client(), None), (root, "root@sk.test")):
        for rt in rs:
            path = seclib.fill(sk, rt.pattern, "pavb", email)[0]
            for url in (f"{path}?q={q}", f"{path}?next={q}", f"{path}?lang={q}"):
                r = c.get(url)
                n += 1
                if "text/html" in (r.header("Content-Type") or ""):
                    for frag in XSS_RAW:
                        if frag in r.text:
                            bad.append(f"GET {url[:60]}...: raw {frag!r}")
        for url in (f"/{q}/", f"/staff/{q}/", f"/static/{q}", f"/password-reset/{q}"):
            r = c.get(url)
            n += 1
            for frag in XSS_RAW:
                if frag in r.text:
                    bad.append(f"GET {url[:60]}...: raw {frag!r}")
    # the login form keeps the typed e-mail, escaped
    anon = srv.client()
    anon.get("/login")
    r = anon.post("/login", {"email": XSS, "password": "whatever password"})
    check(r.status in (401, 422), f"login with the payload as e-mail: {r.status}")
    for frag in XSS_RAW:
        check(frag not in r.text, f"login form reflects raw {frag!r}")
    print(f"    {n} requests with the payload in the query or path")
    check(not bad, seclib.report("reflected payload", bad))


@test
def sql_injection_probes_are_data(sk):
    setup(sk)
    schema = seclib.schema(sk)
    sk.cli("institution", "add", "sqli", SQLI_INST, "municipal", "--parent", "pavb", "--name-en", SQLI_Q)
    sk.add_user("sqli@pavb.lt", SQLI_USER, inst="sqli", roles=["ADMIN"], password=PW)
    eq(sk.sql("SELECT name_lt, name_en FROM institutions WHERE slug = 'sqli'")[0], [SQLI_INST, SQLI_Q],
       "institution names stored literally:")
    eq(sk.sql("SELECT name FROM users WHERE email = 'sqli@pavb.lt'")[0][0], SQLI_USER, "user name stored literally:")
    eq(seclib.schema(sk), schema, "schema unchanged by the CLI:")
    srv = sk.server()
    anon = srv.client()
    r = anon.get("/")
    check(esc(SQLI_INST) in r.text, "the institution is listed under its literal name")
    root = seclib.login(srv.client(), "root@sk.test", PW)
    sq = seclib.login(srv.client(), "sqli@pavb.lt", PW)
    base = seclib.fingerprint(sk)
    qv = urllib.parse.quote(SQLI_Q, safe="")
    qs = "&".join(f"{k}={qv}" for k in ("q", "role", "dept", "status", "page", "action", "actor", "from", "to",
                                         "before", "after", "inst", "sort", "id", "lang", "next"))
    bad, n = [], 0
    for c, email in ((anon, None), (root, "root@sk.test"), (sq, "sqli@pavb.lt")):
        for rt in seclib.routes(sk):
            if rt.method != "GET":
                continue
            for inst in ("pavb", "sqli"):
                path = seclib.fill(sk, rt.pattern, inst, email)[0]
                r = c.get(f"{path}?{qs}")
                n += 1
                if r.status >= 500:
                    bad.append(f"GET {path}?...: {r.status}")
        for p in ("/staff/pavb/users/1%20OR%201=1", "/staff/pavb/users/1'%20OR%20'1'='1", "/'%20OR%201=1--/",
                  "/staff/'%20OR%201=1--/"):
            r = c.get(p)
            n += 1
            if r.status not in (403, 404, 303):
                bad.append(f"GET {p}: {r.status}")
    eq(seclib.schema(sk), schema, "schema unchanged after the probes:")
    fp = seclib.fingerprint(sk)
    check(fp == base, f"GET probes changed data: {base.diff(fp)}")
    print(f"    {n} requests with SQL-looking values")
    check(not bad, seclib.report("server errors on SQL-looking input", bad))


run()

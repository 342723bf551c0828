"""seclib.py -- helpers shared by the security tests (test_csrf, test_perms,
test_session, test_auth, test_headers, test_transcripts).

- routes(sk): the route table from `sklaida routes` (method, pattern,
  permission, flags, file), so tests walk every route that exists,
  including routes added after these tests were written.
- fill(sk, pattern, inst, user_email): a concrete path for a pattern, each
  {variable} replaced by a real object of that kind in that institution
  where one exists (see fill() for the mapping).
- fingerprint(sk): row counts, max ids and a hash of every table's rows
  except the ones ordinary requests legitimately touch (sessions,
  auth_failures, audit_log); schema(sk): the schema text.
- po_lt(msgid): the Lithuanian translation from po/lt/*.po.
- SmtpSink: a real SMTP server (aiosmtpd) that keeps what it receives.
- server_on_port(): start a server whose port is known before it starts
  (for SKLAIDA_BASE_URL).

Only the standard library and Debian's python3-aiosmtpd are used.
"""
import glob
import hashlib
import http.client
import os
import re
import threading
import time
import urllib.parse

import sk as skmod
from sk import Fail, ROOT

# Tables that requests change as a matter of course: session touches,
# failed-login counters and the audit trail of denials.
VOLATILE = {"sessions", "auth_failures", "audit_log"}


class Route:
    def __init__(self, method, pattern, perm, flags, file):
        self.method, self.pattern, self.file = method, pattern, file
        self.perm = None if perm in ("", "-") else perm
        self.flags = set(flags.split())

    @property
    def public(self):
        return "public" in self.flags

    @property
    def json(self):
        return "json" in self.flags

    @property
    def super(self):
        return "super" in self.flags

    def __repr__(self):
        return f"{self.method} {self.pattern}"


def routes(sk):
    """Parses `sklaida routes`: exactly five tab-separated columns."""
    out = sk.cli("routes").stdout
    rs = []
    for line in out.splitlines():
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) != 5:
            raise Fail(f"`sklaida routes` line is not 5 tab-separated columns "
                       f"(method, pattern, permission, flags, file): {line!r}")
        rs.append(Route(*cols))
    if not rs:
        raise Fail("`sklaida routes` printed no routes")
    return rs


def report(title, bad, limit=30):
    """A failure message: the title, the first `limit` problems, a count."""
    more = f"\n      ... and {len(bad) - limit} more" if len(bad) > limit else ""
    return f"{title} ({len(bad)}):\n      " + "\n      ".join(bad[:limit]) + more


# ---- requests ----------------------------------------------------------

def login(client, email, password):
    """Logs in and makes sure client.csrf is the new session's token (not
    the anonymous one of the login form): /staff redirects people with one
    institution to its dashboard, so follow that to a page with a form."""
    client.get("/login")
    r = client.post("/login", {"email": email, "password": password})
    if r.status != 303:
        raise Fail(f"login of {email} failed: {r.status} {r.text[:300]}")
    client.csrf = None
    r = client.get("/staff")
    if r.status in (302, 303) and r.header("Location"):
        client.get(r.header("Location"))
    if not client.csrf:
        raise Fail(f"no CSRF token found after logging in as {email}")
    return client


def post(client, path, token, extra, cookies=None):
    """One POST with exact control over the headers: the client's cookies
    (or `cookies`), a same-origin Origin and Sec-Fetch-Site unless `extra`
    overrides or removes them (value None), the token in the form field and
    in X-CSRF-Token."""
    cookies = client.cookies if cookies is None else cookies
    origin = f"http://{client.host}:{client.port}"
    h = {"Host": f"{client.host}:{client.port}", "Origin": origin, "Sec-Fetch-Site": "same-origin",
         "Content-Type": "application/x-www-form-urlencoded"}
    if cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    form = {"name": "csrf probe", "email": "probe@example.lt", "password": "probe password 123"}
    if token:
        form["_csrf"] = token
        h["X-CSRF-Token"] = token
    for k, v in extra.items():
        if v is None:
            h.pop(k, None)
        else:
            h[k] = v
    body = urllib.parse.urlencode(form).encode()
    c = http.client.HTTPConnection(client.host, client.port, timeout=30)
    c.request("POST", path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data



def matches(pattern, path):
    """Whether a route pattern matches a path, as the dispatcher's
    pattern_match does: {var} is one non-empty segment, {*var} the rest."""
    rx = ""
    for part in re.split(r"(\{\*?[A-Za-z_][A-Za-z0-9_]*\})", pattern):
        if part.startswith("{*"):
            rx += ".+"
        elif part.startswith("{"):
            rx += "[^/]+"
        else:
            rx += re.escape(part)
    return re.fullmatch(rx, path) is not None


# ---- database inspection -------------------------------------------------

def tables(sk):
    if sk.kind == "sqlite":
        # virtual tables left out: the sqlite3 shell cannot open search_fts
        # (our FTS5 tokenizer, migration 170); its shadow tables
        # (search_fts_data, _idx, _docsize, _config) hold its state and stay in
        rows = sk.sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                      "AND COALESCE(sql, '') NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
    else:
        rows = sk.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                      "AND table_type = 'BASE TABLE' ORDER BY table_name")
    return [r[0] for r in rows]


def columns(sk, table):
    if sk.kind == "sqlite":
        rows = sk.sql(f"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
    else:
        rows = sk.sql("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                      f"AND table_name = '{table}' ORDER BY ordinal_position")
    return [r[0] for r in rows]


def schema(sk):
    """The schema as text (tables, columns, indexes, triggers)."""
    if sk.kind == "sqlite":
        rows = sk.sql("SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master ORDER BY type, name")
    else:
        rows = sk.sql("SELECT 'col', table_name, column_name, data_type FROM information_schema.columns "
                      "WHERE table_schema = current_schema() UNION ALL "
                      "SELECT 'idx', tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                      "UNION ALL SELECT 'trg', event_object_table, trigger_name, action_statement "
                      "FROM information_schema.triggers WHERE trigger_schema = current_schema() ORDER BY 1, 2, 3")
    return "\n".join("|".join(r) for r in rows)


class Fingerprint:
    def __init__(self, counts, maxids, digest):
        self.counts, self.maxids, self.digest = counts, maxids, digest

    def __eq__(self, other):
        return (self.counts, self.maxids, self.digest) == (other.counts, other.maxids, other.digest)

    def diff(self, other):
        d = []
        for t in sorted(set(self.counts) | set(other.counts)):
            a, b = self.counts.get(t), other.counts.get(t)
            if a != b:
                d.append(f"{t}: {a} -> {b} rows")
            a, b = self.maxids.get(t), other.maxids.get(t)
            if a != b:
                d.append(f"{t}: max id {a} -> {b}")
        if not d and self.digest != other.digest:
            d.append("same counts, but row contents changed")
        return "; ".join(d) or "no difference"


_colcache = {}


def fingerprint(sk, exclude=VOLATILE):
    """Counts, max ids and a content hash of every table not excluded,
    each taken with one query (the table list is cached per database)."""
    key = sk.db_url
    if key not in _colcache:
        _colcache[key] = {t: columns(sk, t) for t in tables(sk)}
    cols = {t: c for t, c in _colcache[key].items() if t not in exclude}
    if not cols:
        raise Fail("no tables found for the fingerprint")
    parts, stats = [], []
    for t, cs in sorted(cols.items()):
        if sk.kind == "sqlite":
            row = " || '|' || ".join(f"quote(\"{c}\")" for c in cs)
            parts.append(f"SELECT '{t}|' || {row} FROM \"{t}\"")
        else:
            parts.append(f"SELECT '{t}|' || (x.*)::text FROM \"{t}\" x")
        mx = "COALESCE(MAX(id), 0)" if "id" in cs else "0"
        stats.append(f"SELECT '{t}', COUNT(*), {mx} FROM \"{t}\"")
    rows = sk.sql(" UNION ALL ".join(parts))
    lines = sorted("|".join(r) for r in rows)
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    counts, maxids = {}, {}
    for t, n, m in sk.sql(" UNION ALL ".join(stats)):
        counts[t], maxids[t] = int(n), int(m)
    return Fingerprint(counts, maxids, digest)


def sql_one(sk, q):
    rows = sk.sql(q)
    return rows[0][0] if rows and rows[0] and rows[0][0] != "" else None


def q(s):
    """A quoted SQL literal (test data only; never user input)."""
    return "'" + str(s).replace("'", "''") + "'"


# ---- path variables ------------------------------------------------------

# literal segment (or variable name prefix) -> table holding such objects
KINDS = {
    "users": "users", "user": "users", "members": "users", "member": "users", "people": "users",
    "staff": "users", "accounts": "users", "invitations": "users", "invites": "users",
    "departments": "departments", "department": "departments", "depts": "departments", "dept": "departments",
    "institutions": "institutions", "institution": "institutions", "insts": "institutions",
    "tokens": "api_tokens", "token": "api_tokens", "api-tokens": "api_tokens",
    "sessions": "sessions", "session": "sessions",
    "jobs": "jobs", "job": "jobs",
    "audit": "audit_log", "audit-log": "audit_log",
}


def _object_id(sk, table, inst, user_email):
    if table == "users":
        # a member of the institution who is not the acting user
        return sql_one(sk, "SELECT MAX(m.user_id) FROM memberships m JOIN institutions i ON i.id = m.institution_id "
                           f"JOIN users u ON u.id = m.user_id WHERE i.slug = {q(inst)} AND u.email <> {q(user_email or '')}") \
            or sql_one(sk, "SELECT MAX(m.user_id) FROM memberships m JOIN institutions i ON i.id = m.institution_id "
                           f"WHERE i.slug = {q(inst)}")
    if table == "institutions":
        return sql_one(sk, f"SELECT id FROM institutions WHERE slug = {q(inst)}")
    if table in ("api_tokens", "sessions"):
        return sql_one(sk, f"SELECT MAX(t.id) FROM {table} t JOIN users u ON u.id = t.user_id "
                           f"WHERE u.email = {q(user_email or '')}")
    cols = _colcache.get(sk.db_url, {}).get(table)
    if cols is None:
        if table not in tables(sk):
            return None
        cols = columns(sk, table)
    if "id" not in cols:
        return None
    if "institution_id" in cols:
        return sql_one(sk, f"SELECT MAX(x.id) FROM \"{table}\" x JOIN institutions i ON i.id = x.institution_id "
                           f"WHERE i.slug = {q(inst)}")
    return sql_one(sk, f"SELECT MAX(id) FROM \"{table}\"")


def fill(sk, pattern, inst="pavb", user_email=None):
    """Returns (path, notes): pattern with every {var} filled. notes lists
    variables for which no real object exists (a placeholder was used)."""
    notes = []
    segs = pattern.split("/")
    out = []
    for i, s in enumerate(segs):
        m = re.fullmatch(r"\{(\*?)([A-Za-z_][A-Za-z0-9_]*)\}", s)
        if not m:
            out.append(s)
            continue
        rest, name = m.group(1), m.group(2)
        prev = segs[i - 1] if i > 0 else ""
        if name == "inst" or (name == "slug" and i == 1):
            out.append(inst)
        elif name == "slug":
            # an object's address (a news item): the newest published one
            v = sql_one(sk, f"SELECT c.slug FROM content_items c JOIN institutions i ON i.id = c.institution_id "
                            f"WHERE i.slug = {q(inst)} AND c.newsroom_at > 0 ORDER BY c.id DESC LIMIT 1") \
                if prev == "news" else None
            if not v:
                notes.append(f"{pattern}: no {prev} object for {{slug}}, used x")
                v = "x"
            out.append(v)
        elif rest:
            out.append("app.css" if "file" in name or "path" in name else "x")
        elif name == "token" or name.endswith("_token"):
            out.append("A" * 43)
            notes.append(f"{pattern}: a made-up {{{name}}} (no such token: 404 is right)")
        elif name == "role":
            out.append("ADMIN")
        elif name == "perm":
            out.append("dashboard.view")
        elif name == "lang":
            out.append("lt")
        else:
            base = name[:-3] if name.endswith("_id") else name
            table = KINDS.get(prev) or KINDS.get(base) or (prev.replace("-", "_") if prev else None)
            v = _object_id(sk, table, inst, user_email) if table else None
            if v is None:
                notes.append(f"{pattern}: no {table or name} object for {{{name}}}, used 1")
                v = "1"
            out.append(str(v))
    return "/".join(out), notes


def populate(sk, client, insts):
    """Creates through the UI the objects no CLI command makes, so that
    routes with {id} get real ids: a department in each institution and
    an API token of the logged-in client. Best effort by design: when the
    creating route does not exist (or its form changed) the object is
    missing and fill() reports its placeholder in a note. Returns notes."""
    notes = []
    pats = {(r.method, r.pattern) for r in routes(sk)}
    if ("POST", "/staff/{inst}/settings/departments") in pats:
        for inst in insts:
            client.post(f"/staff/{inst}/settings/departments",
                        {"dept_name_lt": f"Komunikacijos skyrius {inst}", "dept_name_en": "Communication"})
            cnt = sql_one(sk, "SELECT COUNT(*) FROM departments d JOIN institutions i ON i.id = d.institution_id "
                              f"WHERE i.slug = {q(inst)}")
            if cnt in (None, "0"):
                notes.append(f"could not create a department in {inst} through the UI")
    if ("POST", "/profile/tokens") in pats:
        n0 = sql_one(sk, "SELECT COUNT(*) FROM api_tokens")
        client.post("/profile/tokens", {"token_name": "security tests"})
        if sql_one(sk, "SELECT COUNT(*) FROM api_tokens") == n0:
            notes.append("could not create an API token through the UI")
    return notes


def create_token(client, name="security tests"):
    """A personal API token of the logged-in client, made through the
    profile page (POST /profile/tokens shows it once)."""
    r = client.post("/profile/tokens", {"token_name": name})
    m = re.search(r"sk_[A-Za-z0-9_-]{40,}", r.text)
    if not m:
        raise Fail(f"POST /profile/tokens showed no token: {r.status} {r.text[:200]}")
    return m.group(0)


def populate_login(sk, srv, email, password, insts):
    """A logged-in client of `email` after populate() for `insts`."""
    c = login(srv.client(), email, password)
    for n in populate(sk, c, insts):
        print("    note:", n)
    return c


# ---- translations -------------------------------------------------------

def _po_unquote(s):
    s = s.strip()
    if not (s.startswith('"') and s.endswith('"')):
        return ""
    return bytes(s[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def po_lt(msgid):
    """The Lithuanian msgstr for msgid from po/lt/*.po, or None."""
    for path in sorted(glob.glob(os.path.join(ROOT, "po", "lt", "*.po"))):
        mid, mstr, state = [], [], None
        entries = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("msgid "):
                    if state == "msgstr":
                        entries.append(("".join(mid), "".join(mstr)))
                    mid, mstr, state = [_po_unquote(line[6:])], [], "msgid"
                elif line.startswith("msgid_plural"):
                    state = "plural"
                elif line.startswith("msgstr ") or line.startswith("msgstr[0]"):
                    state = "msgstr"
                    mstr = [_po_unquote(line.split(" ", 1)[1])]
                elif line.startswith("msgstr["):
                    state = "other"
                elif line.startswith('"'):
                    if state == "msgid":
                        mid.append(_po_unquote(line))
                    elif state == "msgstr":
                        mstr.append(_po_unquote(line))
            if state == "msgstr":
                entries.append(("".join(mid), "".join(mstr)))
        for k, v in entries:
            if k == msgid and v:
                return v
    return None


# ---- servers ----------------------------------------------------------------

def server_on_port(sk, port, env=None):
    """sk.server() on a port chosen by the caller, so that settings such
    as SKLAIDA_BASE_URL can name it before the server starts."""
    orig = skmod.free_port
    skmod.free_port = lambda: port
    try:
        return sk.server(env=env)
    finally:
        skmod.free_port = orig


class SmtpSink:
    """A real SMTP server on loopback (aiosmtpd) that keeps every message:
    self.messages is a list of (mail_from, [rcpt_tos], raw bytes). Each
    message is also written to DIR/NNN.eml for post-mortems."""

    def __init__(self, directory):
        from aiosmtpd.controller import Controller
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        self.messages = []
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                with sink.lock:
                    n = len(sink.messages)
                    sink.messages.append((envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))
                with open(os.path.join(sink.dir, f"{n:03d}.eml"), "wb") as f:
                    f.write(bytes(envelope.content))
                return "250 OK"

        self.port = skmod.free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def wait(self, count, timeout=30):
        """Waits until at least `count` messages arrived; returns them."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.1)
        with self.lock:
            raise Fail(f"SMTP sink: {len(self.messages)} message(s) after {timeout} s, want {count}")

    def wait_for(self, pred, what, timeout=30):
        """Waits until some message satisfies pred((from, rcpts, raw))."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if any(pred(m) for m in self.messages):
                    return list(self.messages)
            time.sleep(0.1)
        raise Fail(f"SMTP sink: no message {what} after {timeout} s ({len(self.messages)} received)")

    def stop(self):
        self.controller.stop()

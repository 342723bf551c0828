"""Permissions: the route x role x institution matrix.

Institutions A (county) and B (municipal, parent A). People: one user per
role of the roles table in A, a NETLIB and an ADMIN of B, a user without
any membership, a superadmin, and the anonymous visitor. Every GET route
with {inst} in the route table (`sklaida routes`, so routes added later
are covered too) is requested by each of them for A and for B.

The expected answer is derived from the data, never hard-wired: the
person's memberships in that institution and the route's permission in
that institution's role_permissions (read with SQL); superadmins may do
everything, R_SUPER routes need a superadmin, the anonymous visitor is
sent to /login?next=... (HTML) or gets 401 (JSON); public routes are open.
Every cell must match; the summary line gives the counts.

Also: the same matrix through the JSON API with personal tokens; users of
B never get A's pages (403, never 200) and see none of A's data on their
own pages; ids of A's objects used under B's URL are not found, and a
state-changing request with such an id changes nothing; B's ADMIN cannot
disable or rename a person who also works in A; profile routes with an id
(sessions, tokens) never reach another user's objects.
"""
import urllib.parse

from sk import test, run, check, eq
import seclib

A, B = "apskr", "terit"
PW = "correct horse battery"


def world(sk, every_role=False):
    """A, B and their people; one A user per role of the roles table when
    every_role, else A's ADMIN, HEAD, COORD and STAFF (enough for the
    tests that are not the full matrix, and much faster to set up)."""
    sk.add_inst(A, "Apskrities viešoji biblioteka", "county")
    sk.add_inst(B, "Rajono savivaldybės viešoji biblioteka", "municipal", parent=A)
    roles = [r[0] for r in sk.sql("SELECT code FROM roles ORDER BY sort")]
    check(len(roles) >= 18, f"roles table has {len(roles)} roles")
    if not every_role:
        roles = [r for r in roles if r in ("ADMIN", "HEAD", "COORD", "STAFF")]
    people = {}
    for code in roles:
        e = f"{code.lower()}@{A}.lt"
        sk.add_user(e, f"{code} darbuotojas", inst=A, roles=[code])
        people[e] = code
    sk.add_user(f"netlib@{B}.lt", "Teritorijos darbuotojas", inst=B, roles=["NETLIB"])
    sk.add_user(f"admin@{B}.lt", "Teritorijos administratorius", inst=B, roles=["ADMIN"])
    sk.add_user("nobody@sk.test", "Be narystės")
    sk.add_user("root@sk.test", "Įdiegimo administratorius", superadmin=True)
    return [e for e in people] + [f"netlib@{B}.lt", f"admin@{B}.lt", "nobody@sk.test", "root@sk.test"]


class Data:
    """Memberships, superadmins and each institution's matrix, from SQL."""

    def __init__(self, sk):
        self.roles = {}
        for email, slug, role in sk.sql("SELECT u.email, i.slug, m.role_code FROM memberships m "
                                        "JOIN users u ON u.id = m.user_id JOIN institutions i ON i.id = m.institution_id"):
            self.roles.setdefault((email, slug), set()).add(role)
        self.supers = {r[0] for r in sk.sql("SELECT email FROM users WHERE is_superadmin = 1")}
        self.matrix = {}
        for slug, role, perm in sk.sql("SELECT i.slug, rp.role_code, rp.perm_code FROM role_permissions rp "
                                       "JOIN institutions i ON i.id = rp.institution_id"):
            self.matrix.setdefault((slug, role), set()).add(perm)

    def expected(self, rt, email, slug):
        if rt.public:
            return "allow"
        if email is None:
            return "401" if rt.json else "login"
        if email in self.supers:
            return "allow"
        if rt.super:
            return "deny"
        roles = self.roles.get((email, slug), set())
        if not roles:
            return "deny"
        if rt.perm is None:
            return "allow"
        held = set().union(*(self.matrix.get((slug, r), set()) for r in roles))
        return "allow" if rt.perm in held else "deny"


def classify(resp, path):
    st = resp.status
    if st == 403:
        return "deny"
    if st == 401:
        return "401"
    if st == 303 and (resp.header("Location") or "").startswith("/login"):
        want = "/login?next=" + urllib.parse.quote(path, safe="")
        return "login" if resp.header("Location") == want else f"login-redirect to {resp.header('Location')}"
    if st == 200 or st in (301, 302, 303, 307, 308):
        return "allow"
    if st == 404:
        return "notfound"
    return f"status {st}"


def clients(srv, emails):
    cs = {None: srv.client()}
    for e in emails:
        cs[e] = seclib.login(srv.client(), e, PW)
    return cs


@test
def route_role_institution_matrix(sk):
    emails = world(sk, every_role=True)
    data = Data(sk)
    rs = [r for r in seclib.routes(sk) if r.method == "GET" and "{inst}" in r.pattern]
    check(rs, "no GET routes with {inst}")
    srv = sk.server()
    cs = clients(srv, emails)
    notes = set(seclib.populate(sk, cs["root@sk.test"], [A, B]))
    counts, bad, cells = {}, [], 0
    paths = {(rt.pattern, slug): seclib.fill(sk, rt.pattern, slug) for rt in rs for slug in (A, B)}
    for rt in rs:
        for slug in (A, B):
            path, n = paths[(rt.pattern, slug)]
            for email, c in cs.items():
                want = data.expected(rt, email, slug)
                got = classify(c.get(path), path)
                cells += 1
                if got == "notfound" and want == "allow" and n:
                    got = "allow"  # no such object exists in this institution: a 404 is right
                    notes.update(n)
                counts[want] = counts.get(want, 0) + 1
                if got != want:
                    bad.append(f"{email or 'anonymous'} GET {path}: got {got}, want {want} (perm {rt.perm})")
    for n in sorted(notes):
        print("    note:", n)
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    print(f"    {len(rs)} routes x 2 institutions x {len(cs)} users = {cells} cells ({summary}); "
          f"{cells - len(bad)} match, {len(bad)} differ")
    check(not bad, seclib.report(f"cells differ (of {cells})", bad))


@test
def api_tokens_carry_exactly_the_users_permissions(sk):
    """The JSON API with personal tokens (Authorization: Bearer) answers
    as the UI does: the same matrix for every JSON route with {inst}."""
    world(sk)
    data = Data(sk)
    rs = [r for r in seclib.routes(sk) if r.method == "GET" and "{inst}" in r.pattern and r.json]
    check(rs, "no JSON GET routes with {inst}")
    srv = sk.server()
    who = [f"admin@{A}.lt", f"staff@{A}.lt", f"head@{A}.lt", f"netlib@{B}.lt", f"admin@{B}.lt", "nobody@sk.test",
           "root@sk.test"]
    tokens = {e: seclib.create_token(seclib.login(srv.client(), e, PW)) for e in who}
    tokens[None] = None
    bad, cells = [], 0
    api = srv.client()
    for rt in rs:
        for slug in (A, B):
            path, n = seclib.fill(sk, rt.pattern, slug)
            for email, tok in tokens.items():
                h = {"Authorization": f"Bearer {tok}"} if tok else {}
                r = api.get(path, headers=h)
                cells += 1
                got = classify(r, path)
                if got == "notfound" and n:
                    got = "allow"
                want = data.expected(rt, email, slug)
                if got != want:
                    bad.append(f"{email or 'no token'} GET {path}: got {got}, want {want}")
                if "json" not in (r.header("Content-Type") or ""):
                    bad.append(f"{email or 'no token'} GET {path}: not JSON ({r.header('Content-Type')})")
    # a token works only on the API: the HTML pages ignore it
    r = api.get(f"/staff/{A}/", headers={"Authorization": f"Bearer {tokens['root@sk.test']}"})
    check(r.status == 303, f"a bearer token on an HTML page: {r.status}")
    print(f"    {len(rs)} JSON routes x 2 institutions x {len(tokens)} callers = {cells} cells, {len(bad)} differ")
    check(not bad, seclib.report("API cells differ", bad))


@test
def territory_users_never_see_county_pages(sk):
    world(sk)
    rs = [r for r in seclib.routes(sk) if r.method == "GET" and "{inst}" in r.pattern and not r.public]
    srv = sk.server()
    bad, n = [], 0
    for email in (f"netlib@{B}.lt", f"admin@{B}.lt"):
        c = seclib.login(srv.client(), email, PW)
        for rt in rs:
            path, _ = seclib.fill(sk, rt.pattern, A, email)
            r = c.get(path)
            n += 1
            if r.status != 403:
                bad.append(f"{email} GET {path}: {r.status}")
            if f"/staff/{A}/" in path and A.encode() in r.body and r.status == 200:
                bad.append(f"{email} GET {path}: 200 with A's page")
    print(f"    {n} requests by B's users for A's pages")
    check(n > 0, "no staff routes with {inst}")
    check(not bad, seclib.report("B users reached A's pages", bad))


@test
def territory_pages_show_no_county_data(sk):
    """Everything B's people can open (HTML and JSON, B's pages, their
    own pages) is free of A's data: no A staff e-mail (all end in
    @apskr.lt), no A department."""
    world(sk)
    srv = sk.server()
    populated(sk, srv)
    markers = [f"@{A}.lt", f"Komunikacijos skyrius {A}"]
    rs = [r for r in seclib.routes(sk) if r.method == "GET"]
    bad, n = [], 0
    for email in (f"admin@{B}.lt", f"netlib@{B}.lt"):
        c = seclib.login(srv.client(), email, PW)
        for rt in rs:
            path, _ = seclib.fill(sk, rt.pattern, B, email)
            r = c.get(path)
            n += 1
            if r.status != 200:
                continue
            for m in markers:
                if m in r.text:
                    bad.append(f"{email} GET {path}: shows {m!r}")
    # control: the markers do show on A's own pages, for A's administrator
    c = seclib.login(srv.client(), f"admin@{A}.lt", PW)
    seen = set()
    for rt in rs:
        r = c.get(seclib.fill(sk, rt.pattern, A, f"admin@{A}.lt")[0])
        seen.update(m for m in markers if r.status == 200 and m in r.text)
    print(f"    {n} pages of B's people checked")
    check(not bad, seclib.report("county data on territory pages", bad))
    check(seen == set(markers), f"control: A's pages show {sorted(seen)} of the markers {markers}")


@test
def territory_admin_cannot_take_over_a_county_person(sk):
    """B's ADMIN adds a person who works in A (same e-mail) to B. B may
    then manage that person's roles in B, but not the account itself:
    disabling or renaming would reach into A."""
    world(sk)
    srv = sk.server()
    b = seclib.login(srv.client(), f"admin@{B}.lt", PW)
    victim = f"head@{A}.lt"
    r = b.post(f"/staff/{B}/users", [("email", victim), ("name", "Kitas Vardas"), ("roles[]", "STAFF")])
    check(r.status in (200, 201, 303), f"adding an existing person to B: {r.status}")
    uid = seclib.sql_one(sk, f"SELECT id FROM users WHERE email = {seclib.q(victim)}")
    check(seclib.sql_one(sk, "SELECT COUNT(*) FROM memberships m JOIN institutions i ON i.id = m.institution_id "
                             f"WHERE m.user_id = {uid} AND i.slug = '{B}'") == "1", "the person is now in B")
    before = sk.sql(f"SELECT name, disabled FROM users WHERE id = {uid}")
    a_roles = sk.sql("SELECT m.role_code FROM memberships m JOIN institutions i ON i.id = m.institution_id "
                     f"WHERE m.user_id = {uid} AND i.slug = '{A}' ORDER BY 1")
    attempts = []
    for rt in seclib.routes(sk):
        if rt.method == "POST" and rt.pattern.startswith("/staff/{inst}/users/{id}"):
            path = rt.pattern.replace("{inst}", B).replace("{id}", uid)
            forms = [{"disabled": "1", "name": "Perimta"}, {"name": "Perimta"}] if rt.pattern.endswith("{id}") else [{}]
            for data in forms:
                attempts.append(f"POST {path} {sorted(data)}: {b.post(path, data).status}")
    eq(sk.sql(f"SELECT name, disabled FROM users WHERE id = {uid}"), before, "the account itself is unchanged:")
    eq(sk.sql("SELECT m.role_code FROM memberships m JOIN institutions i ON i.id = m.institution_id "
              f"WHERE m.user_id = {uid} AND i.slug = '{A}' ORDER BY 1"), a_roles, "A's roles unchanged:")
    seclib.login(srv.client(), victim, PW)  # still able to work
    print("    " + "; ".join(attempts))


def populated(sk, srv):
    root = seclib.login(srv.client(), "root@sk.test", PW)
    for n in seclib.populate(sk, root, [A, B]):
        print("    note:", n)


def foreign_paths(sk, method, acting_inst, foreign_inst, email):
    """Paths of {inst} routes with further variables, under acting_inst's
    URL but with the ids of foreign_inst's objects."""
    out = []
    for rt in seclib.routes(sk):
        if rt.method != method or "{inst}" not in rt.pattern or rt.pattern.count("{") < 2:
            continue
        foreign, notes = seclib.fill(sk, rt.pattern, foreign_inst, email)
        if notes:
            continue  # no object of that kind in the foreign institution
        segs = foreign.split("/")
        pat = rt.pattern.split("/")
        path = "/".join(acting_inst if p == "{inst}" else s for p, s in zip(pat, segs))
        out.append((rt, path))
    return out


@test
def foreign_ids_are_not_found(sk):
    """ADMIN of B asks B's URLs with ids of A's objects (IDOR)."""
    world(sk)
    srv = sk.server()
    populated(sk, srv)
    c = seclib.login(srv.client(), f"admin@{B}.lt", PW)
    paths = foreign_paths(sk, "GET", B, A, f"admin@{B}.lt")
    bad = []
    for rt, path in paths:
        r = c.get(path)
        if r.status not in (403, 404):
            bad.append(f"GET {path}: {r.status}")
    print(f"    {len(paths)} GET routes with object ids probed with A's ids under B")
    check(not bad, seclib.report("A's objects reachable under B's URL", bad))


@test
def foreign_ids_in_state_changes_change_nothing(sk):
    world(sk)
    srv = sk.server()
    populated(sk, srv)
    c = seclib.login(srv.client(), f"admin@{B}.lt", PW)
    paths = foreign_paths(sk, "POST", B, A, f"admin@{B}.lt")
    base = seclib.fingerprint(sk)
    bad = []
    for rt, path in paths:
        st, body = seclib.post(c, path, c.csrf, {})
        if st not in (404, 422):
            bad.append(f"POST {path}: {st}")
        fp = seclib.fingerprint(sk)
        if fp != base:
            bad.append(f"POST {path}: database changed: {base.diff(fp)}")
            base = fp
    print(f"    {len(paths)} POST routes with object ids probed with A's ids under B")
    check(not bad, seclib.report("state changes reached A's objects through B's URL", bad))


@test
def other_peoples_sessions_and_tokens_are_out_of_reach(sk):
    """Routes outside an institution that take an id (profile sessions,
    API tokens) only ever act on the caller's own objects."""
    world(sk)
    srv = sk.server()
    victim = seclib.login(srv.client(), f"admin@{B}.lt", PW)
    for n in seclib.populate(sk, victim, []):
        print("    note:", n)
    attacker = seclib.login(srv.client(), f"netlib@{B}.lt", PW)
    vid = seclib.q(f"admin@{B}.lt")
    mine = lambda: (sk.sql(f"SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = {vid}")[0][0],
                    sk.sql(f"SELECT COUNT(*) FROM api_tokens t JOIN users u ON u.id = t.user_id "
                           f"WHERE u.email = {vid} AND t.revoked_at = 0")[0][0])
    before = mine()
    check(before[0] == "1", f"victim has one session: {before}")
    bad, n = [], 0
    for rt in seclib.routes(sk):
        if rt.method != "POST" or "{inst}" in rt.pattern or "{" not in rt.pattern or rt.public:
            continue
        path, notes = seclib.fill(sk, rt.pattern, B, f"admin@{B}.lt")  # the victim's ids
        if notes:
            print("    note:", *notes)
            continue
        st, _ = seclib.post(attacker, path, attacker.csrf, {})
        n += 1
        if st not in (404, 403, 422):
            bad.append(f"POST {path} with the victim's id: {st}")
        if mine() != before:
            bad.append(f"POST {path}: the victim's sessions/tokens changed {before} -> {mine()}")
            before = mine()
    eq(victim.get("/profile").status, 200, "the victim is still logged in:")
    print(f"    {n} POST routes probed with another user's ids")
    check(n > 0 or not any(r.method == "POST" and "{inst}" not in r.pattern and "{" in r.pattern and not r.public
                           for r in seclib.routes(sk)), "nothing probed")
    check(not bad, seclib.report("another user's objects reached", bad))


run()

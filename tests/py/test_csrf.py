"""CSRF: a walk over the route table (`sklaida routes`) that sends every
state-changing (POST) route -- including routes added after this file was
written -- with no token, with another user's session token, with a valid
token from a foreign Origin, and with valid tokens under the
Sec-Fetch-Site values a cross-site or sibling-site request carries. The
acting user is a superadmin, so the permission check is never the reason
for a refusal; every attempt must answer 403 and leave the database as it
was (fingerprint: row counts, max ids and a hash of every table except
sessions, auth_failures and audit_log).

Anonymous forms (log in, password reset) use a double-submit token in the
"csrf" cookie; they are walked the same way without a session.
"""
from sk import test, run, check, eq
import seclib

ATTACKS = [
    # name, which token, extra headers (None = header omitted)
    ("no token", None, {}),
    ("another user's token", "other", {}),
    ("valid token, Origin https://evil.example", "own", {"Origin": "https://evil.example", "Sec-Fetch-Site": None}),
    ("valid token, Sec-Fetch-Site cross-site", "own", {"Sec-Fetch-Site": "cross-site"}),
    ("valid token, Sec-Fetch-Site same-site", "own", {"Sec-Fetch-Site": "same-site"}),
]


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės viešoji biblioteka", "municipal", parent="pavb")
    pw = sk.add_user("root@sk.test", "Root Admin", superadmin=True)
    sk.add_user("other@pavb.lt", "Kitas Naudotojas", inst="pavb", roles=["ADMIN"], password=pw)
    sk.add_user("staff@pavb.lt", "Eilinis Darbuotojas", inst="pavb", roles=["STAFF"], password=pw)
    sk.add_user("netlib@birzai.lt", "Teritorijos Darbuotoja", inst="birzai", roles=["NETLIB"], password=pw)
    return pw


# The routes that may do without the CSRF token, and why. Nothing else.
NOCSRF_ALLOWED = {
    # RFC 8058 one-click unsubscribe: a mail client POSTs
    # "List-Unsubscribe=One-Click" to the link with no cookies; the
    # single-use token in the link is the authority (test_newsletter
    # checks that a wrong or missing token changes nothing)
    "POST /{inst}/newsletter/unsubscribe",
}


@test
def no_route_opts_out_of_csrf(sk):
    rs = seclib.routes(sk)
    opted = [str(r) for r in rs if "nocsrf" in r.flags]
    print(f"    {len(rs)} routes, {sum(r.method == 'POST' for r in rs)} POST; nocsrf: {opted or 'none'}")
    extra = [o for o in opted if o not in NOCSRF_ALLOWED]
    check(not extra, f"routes without CSRF protection: {extra}")


@test
def every_post_route_refuses_forged_requests(sk):
    pw = world(sk)
    rs = seclib.routes(sk)
    posts = [r for r in rs if r.method == "POST" and "nocsrf" not in r.flags]
    check(posts, "no POST routes in the route table")
    srv = sk.server()
    me = seclib.login(srv.client(), "root@sk.test", pw)
    other = seclib.login(srv.client(), "other@pavb.lt", pw)
    check(me.csrf and other.csrf and me.csrf != other.csrf, "two sessions with distinct CSRF tokens")
    tokens = {"own": me.csrf, "other": other.csrf}
    notes = seclib.populate(sk, me, ["pavb", "birzai"])

    # positive control: the same machinery with the valid token and
    # same-origin headers gets through (a public form, no data change)
    st, body = seclib.post(me, "/password-reset", me.csrf, {})
    eq(st, 200, "control: a valid token is accepted on POST /password-reset:")

    base = seclib.fingerprint(sk)
    bad = []
    for rt in posts:
        path, n = seclib.fill(sk, rt.pattern, "pavb", "root@sk.test")
        notes += n
        for name, which, extra in ATTACKS:
            st, body = seclib.post(me, path, tokens.get(which), extra)
            if st != 403:
                bad.append(f"POST {path} ({rt.file}) with {name}: {st} {body[:120]!r}")
        fp = seclib.fingerprint(sk)
        if fp != base:
            bad.append(f"POST {path}: database changed: {base.diff(fp)}")
            base = fp
    # the victim's session is untouched by all of it
    eq(me.get("/staff").status, 200, "superadmin still logged in:")
    for n in notes:
        print("    note:", n)
    print(f"    {len(posts)} POST routes x {len(ATTACKS)} forgeries = {len(posts) * len(ATTACKS)} requests, "
          f"{len(bad)} problems")
    check(not bad, seclib.report("forged requests not refused", bad))


@test
def anonymous_forms_need_the_double_submit_token(sk):
    world(sk)
    rs = seclib.routes(sk)
    posts = [r for r in rs if r.method == "POST" and r.public and "nocsrf" not in r.flags]
    check(posts, "no public POST routes (log in, password reset) in the route table")
    srv = sk.server()
    anon = srv.client()
    r = anon.get("/login")
    eq(r.status, 200)
    tok = anon.cookies.get("csrf")
    check(tok and r.csrf() == tok, "the login form embeds the token of the csrf cookie")
    cases = [
        ("no cookie, no token", {}, None, {}),
        ("cookie, no token", {"csrf": tok}, None, {}),
        ("token, no cookie", {}, tok, {}),
        ("token differs from cookie", {"csrf": tok}, tok[:-2] + ("AA" if not tok.endswith("AA") else "BB"), {}),
        ("valid pair, Origin https://evil.example", {"csrf": tok}, tok, {"Origin": "https://evil.example", "Sec-Fetch-Site": None}),
        ("valid pair, Origin null", {"csrf": tok}, tok, {"Origin": "null", "Sec-Fetch-Site": None}),
        ("valid pair, Sec-Fetch-Site cross-site", {"csrf": tok}, tok, {"Sec-Fetch-Site": "cross-site"}),
    ]
    base = seclib.fingerprint(sk)
    bad = []
    for rt in posts:
        path, _ = seclib.fill(sk, rt.pattern, "pavb")
        for name, cookies, token, extra in cases:
            st, body = seclib.post(anon, path, token, extra, cookies=cookies)
            if st != 403:
                bad.append(f"POST {path} anonymous with {name}: {st}")
    fp = seclib.fingerprint(sk)
    if fp != base:
        bad.append(f"database changed: {base.diff(fp)}")
    # control: the valid pair from the same origin passes the CSRF check
    # (wrong password -> 401, not 403)
    st, _ = seclib.post(anon, "/login", tok, {}, cookies={"csrf": tok})
    eq(st, 401, "control: valid anonymous token on POST /login with a wrong password:")
    check(not bad, seclib.report("anonymous forgeries not refused", bad))


@test
def csrf_refusal_does_not_end_the_session(sk):
    pw = world(sk)
    srv = sk.server()
    me = seclib.login(srv.client(), "root@sk.test", pw)
    st, _ = seclib.post(me, "/logout", None, {})
    eq(st, 403, "POST /logout without a token:")
    eq(me.get("/staff").status, 200, "still logged in after the forged logout:")
    rows = sk.sql("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'root@sk.test'")
    eq(rows[0][0], "1", "session row kept:")
    st, _ = seclib.post(me, "/logout", me.csrf, {})
    eq(st, 303, "POST /logout with the session token:")


run()

"""Session lifecycle: fixation, logout, idle and absolute timeouts,
password change and account disabling ending sessions, cookie attributes
(plain and behind TLS with the __Host- prefix), parallel sessions.

Timeouts run against a server started with SKLAIDA_SESSION_IDLE=2 (and
SKLAIDA_SESSION_ABSOLUTE=6, see that test) seconds. The tests sleep past a limit and
look at the outcome only; nothing asserts how long anything took. Times
in the database are whole seconds, so "past 2 s idle" means 3 s of clock
difference; the sleeps allow for that.
"""
import hashlib
import re
import time
import urllib.parse

from sk import test, run, check, eq
import seclib

EMAIL = "darbuotoja@pavb.lt"
PW = "correct horse battery"


def setup(sk):
    sk.add_inst("pavb", "Panevėžio apskrities viešoji biblioteka", "county")
    sk.add_user(EMAIL, "Darbuotoja", inst="pavb", roles=["STAFF"], password=PW)


def sid_of(c):
    return c.cookies.get("sid") or c.cookies.get("__Host-sid")


def token_hash(tok):
    # the server stores BLAKE2b-256 (libsodium crypto_generichash) hex
    return hashlib.blake2b(tok.encode(), digest_size=32).hexdigest()


def sessions_of(sk, email):
    return int(sk.sql("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id "
                      f"WHERE u.email = {seclib.q(email)}")[0][0])


HOME = "/staff/pavb/"  # the dashboard: 200 for a member, login redirect otherwise


def logged_out(resp, path=HOME):
    want = "/login?next=" + urllib.parse.quote(path, safe="")
    return resp.status == 303 and resp.header("Location") == want


def set_cookie(resp, name):
    for v in resp.headers_all("Set-Cookie"):
        if v.split("=", 1)[0].strip() == name:
            return v
    return None


@test
def fixation_cookie_before_login_is_not_the_session(sk):
    setup(sk)
    srv = sk.server()
    fixed = "attackerChosenSessionToken_" + "A" * 20
    victim = srv.client()
    victim.cookies["sid"] = fixed
    r = victim.get("/login")
    eq(r.status, 200, "the login page with a planted sid:")
    check("/logout" not in r.text, "a planted sid must not be a session")
    r = victim.post("/login", {"email": EMAIL, "password": PW})
    eq(r.status, 303, "login:")
    new = set_cookie(r, "sid")
    check(new, "login sets a new sid cookie")
    sid = sid_of(victim)
    check(sid != fixed, "the session cookie after login differs from the planted one")
    check(len(sid) >= 43, f"session token has >= 256 bits (got {len(sid)} chars)")
    eq(victim.get(HOME).status, 200, "victim logged in:")
    # the planted value gives the attacker nothing
    attacker = srv.client()
    attacker.cookies["sid"] = fixed
    check(logged_out(attacker.get(HOME)), "the planted sid is not a session")
    # only hashes are stored
    hashes = {row[0] for row in sk.sql("SELECT token_hash FROM sessions")}
    check(token_hash(sid) in hashes, "the session row holds the token's hash")
    check(sid not in hashes and token_hash(fixed) not in hashes, "no row for the planted token, no raw token")


@test
def logout_invalidates_server_side(sk):
    setup(sk)
    srv = sk.server()
    c = srv.client()
    seclib.login(c, EMAIL, PW)
    old = sid_of(c)
    eq(sessions_of(sk, EMAIL), 1, "one session after login:")
    r = c.post("/logout", {})
    eq(r.status, 303, "logout:")
    eq(r.header("Location"), "/login", "logout goes to the login page:")
    ck = set_cookie(r, "sid")
    check(ck and "Max-Age=0" in ck, f"logout clears the cookie: {ck}")
    eq(sessions_of(sk, EMAIL), 0, "session row gone:")
    replay = srv.client()
    replay.cookies["sid"] = old
    check(logged_out(replay.get(HOME)), "the old cookie replayed is not a session")


@test
def idle_timeout_ends_session(sk):
    setup(sk)
    srv = sk.server(env={"SKLAIDA_SESSION_IDLE": "2", "SKLAIDA_SESSION_ABSOLUTE": "3600"})
    c = srv.client()
    seclib.login(c, EMAIL, PW)
    eq(c.get(HOME).status, 200, "logged in:")
    time.sleep(3.3)
    check(logged_out(c.get(HOME)), "after more than 2 s idle the session is over")
    eq(sessions_of(sk, EMAIL), 0, "the expired session row is gone:")


@test
def activity_keeps_session_until_absolute_timeout(sk):
    """Requests every 0.4 s keep the session past the 2 s idle limit; the
    absolute limit ends it anyway. The absolute limit here is 6 s (not 4)
    so that "alive past idle" and "still before absolute" stay apart even
    when a login takes a second or two on a loaded machine."""
    setup(sk)
    srv = sk.server(env={"SKLAIDA_SESSION_IDLE": "2", "SKLAIDA_SESSION_ABSOLUTE": "6"})
    c = srv.client()
    t_before = time.time()
    seclib.login(c, EMAIL, PW)
    t_after = time.time()
    # the session was created in [t_before, t_after]: it is surely within
    # the absolute limit while t - t_before < 6 (whole seconds: < 5.5)
    alive_until = 0.0
    while time.time() - t_after < 3.6 and time.time() - t_before < 5.5:
        r = c.get(HOME)
        check(r.status == 200, f"active session ended {time.time() - t_after:.1f} s after login, before the "
                               f"absolute timeout: {r.status} {r.header('Location')}")
        alive_until = time.time() - t_after
        time.sleep(0.4)
    check(alive_until >= 3.0, f"could not observe the session past the idle limit (login took "
                              f"{t_after - t_before:.1f} s)")
    # keep going until the absolute limit has surely passed
    while time.time() - t_after < 7.2:
        c.get(HOME)
        time.sleep(0.4)
    check(logged_out(c.get(HOME)), "the session outlived the absolute timeout")
    eq(sessions_of(sk, EMAIL), 0, "the expired session row is gone:")


@test
def password_change_ends_sessions(sk):
    setup(sk)
    srv = sk.server()
    c1, c2 = srv.client(), srv.client()
    seclib.login(c1, EMAIL, PW)
    seclib.login(c2, EMAIL, PW)
    eq(sessions_of(sk, EMAIL), 2, "two sessions:")
    new = "a new and long passphrase"
    sk.cli("user", "passwd", EMAIL, input=new + "\n")
    check(logged_out(c1.get(HOME)), "session 1 ended by the password change")
    check(logged_out(c2.get(HOME)), "session 2 ended by the password change")
    eq(sessions_of(sk, EMAIL), 0, "no session rows left:")
    c3 = srv.client()
    c3.get("/login")
    eq(c3.post("/login", {"email": EMAIL, "password": PW}).status, 401, "old password refused:")
    seclib.login(c3, EMAIL, new)


@test
def disabled_user_loses_sessions_at_once(sk):
    setup(sk)
    srv = sk.server()
    c = srv.client()
    seclib.login(c, EMAIL, PW)
    eq(c.get(HOME).status, 200)
    sk.cli("user", "disable", EMAIL)
    eq(sessions_of(sk, EMAIL), 0, "disabling deletes the sessions:")
    check(logged_out(c.get(HOME)), "the disabled user's next request is not logged in")
    c2 = srv.client()
    c2.get("/login")
    r = c2.post("/login", {"email": EMAIL, "password": PW})
    eq(r.status, 401, "a disabled account cannot log in:")
    sk.cli("user", "disable", EMAIL, "--enable")
    seclib.login(c2, EMAIL, PW)


@test
def disabled_user_loses_api_tokens(sk):
    setup(sk)
    routes = {(r.method, r.pattern) for r in seclib.routes(sk)}
    check(("POST", "/profile/tokens") in routes and ("GET", "/api/v1/me") in routes,
          "token creation (POST /profile/tokens) and GET /api/v1/me exist")
    srv = sk.server()
    c = seclib.login(srv.client(), EMAIL, PW)
    r = c.post("/profile/tokens", {"token_name": "scripts"})
    m = re.search(r"sk_[A-Za-z0-9_-]{40,}", r.text)
    check(m, f"the new token is shown once: {r.status}")
    api = srv.client()
    bearer = {"Authorization": f"Bearer {m.group(0)}"}
    eq(api.get("/api/v1/me", headers=bearer).status, 200, "the token works:")
    sk.cli("user", "disable", EMAIL)
    eq(api.get("/api/v1/me", headers=bearer).status, 401, "a disabled user's token:")


@test
def cookie_attributes_plain(sk):
    setup(sk)
    srv = sk.server()
    c = srv.client()
    r = c.get("/login")
    ck = set_cookie(r, "csrf")
    check(ck, "the login form sets the anonymous csrf cookie")
    attrs = [a.strip() for a in ck.split(";")[1:]]
    for want in ("HttpOnly", "SameSite=Lax", "Path=/"):
        check(want in attrs, f"csrf cookie has {want}: {ck}")
    r = c.post("/login", {"email": EMAIL, "password": PW})
    ck = set_cookie(r, "sid")
    check(ck, "login sets sid")
    attrs = [a.strip() for a in ck.split(";")[1:]]
    for want in ("HttpOnly", "SameSite=Lax", "Path=/"):
        check(want in attrs, f"sid cookie has {want}: {ck}")
    check(not any(a.lower().startswith("domain") for a in attrs), f"no Domain attribute: {ck}")
    check(set_cookie(r, "__Host-sid") is None, "no __Host- cookie without TLS")


@test
def cookie_attributes_secure(sk):
    setup(sk)
    srv = sk.server(env={"SKLAIDA_SECURE_COOKIES": "1"})
    c = srv.client()
    c.get("/login")
    r = c.post("/login", {"email": EMAIL, "password": PW})
    eq(r.status, 303, "login:")
    ck = set_cookie(r, "__Host-sid")
    check(ck, f"the session cookie is __Host-sid: {r.headers_all('Set-Cookie')}")
    attrs = [a.strip() for a in ck.split(";")[1:]]
    for want in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        check(want in attrs, f"__Host-sid has {want}: {ck}")
    check(not any(a.lower().startswith("domain") for a in attrs), f"__Host- cookies carry no Domain: {ck}")
    check(set_cookie(r, "sid") is None, "no plain sid cookie behind TLS")
    eq(c.get(HOME).status, 200, "the __Host-sid session works:")
    check(r.header("Strict-Transport-Security") is not None, "HSTS behind TLS")
    # a plain "sid" cookie is not accepted where __Host-sid is expected
    other = srv.client()
    other.cookies["sid"] = c.cookies["__Host-sid"]
    check(logged_out(other.get(HOME)), "the session token under the plain name is ignored")


@test
def two_parallel_sessions_both_work(sk):
    setup(sk)
    srv = sk.server()
    c1, c2 = srv.client(), srv.client()
    seclib.login(c1, EMAIL, PW)
    seclib.login(c2, EMAIL, PW)
    check(sid_of(c1) != sid_of(c2), "distinct session tokens")
    check(c1.csrf != c2.csrf, "distinct CSRF tokens")
    for _ in range(3):
        eq(c1.get(HOME).status, 200, "session 1:")
        eq(c2.get(HOME).status, 200, "session 2:")
    # each session's token is its own: session 1's token does not work in 2
    st, _ = seclib.post(c2, "/logout", c1.csrf, {})
    eq(st, 403, "session 1's CSRF token in session 2:")
    eq(c2.post("/logout", {}).status, 303, "session 2 logs out:")
    eq(c1.get(HOME).status, 200, "session 1 still works after session 2 logged out:")
    check(logged_out(c2.get(HOME)), "session 2 is over")


run()

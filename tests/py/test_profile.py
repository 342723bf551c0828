"""The profile page (/profile): name and interface language, password
change ending the other sessions, the session list, personal API tokens
(created once, used with Bearer, revoked)."""
import re
import urllib.parse

from sk import test, run, check, eq

PW = "correct horse battery"


def login(c, mail, pw=PW):
    c.get("/login")
    r = c.post("/login", {"email": mail, "password": pw})
    check(r.status == 303, f"login of {mail} failed: {r.status} {r.text[:300]}")
    c.csrf = None
    c.get("/profile")
    check(c.csrf, "no CSRF token after login")
    return c


def one(sk, q):
    rows = sk.sql(q)
    check(len(rows) == 1, f"one row for {q!r}: {rows!r}")
    return rows[0][0] if len(rows[0]) == 1 else rows[0]


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_user("rasa@pavb.lt", "Rasa Rasaitė", inst="pavb", roles=["PR"])
    return sk.server()


@test
def language_switch_takes_effect_at_once(sk):
    srv = world(sk)
    c = login(srv.client(), "rasa@pavb.lt")
    page = c.get("/profile").text
    check('<html lang="lt"' in page and "Jūsų profilis" in page, "Lithuanian by default")
    r = c.post("/profile", {"name": "Rasa Rasaitė", "lang": "en"})
    eq(r.status, 303)
    eq(one(sk, "SELECT lang FROM users WHERE email = 'rasa@pavb.lt'"), "en")
    page = c.get("/profile").text
    check('<html lang="en"' in page and "Your profile" in page and "Jūsų profilis" not in page, "English now")
    check("Your details were saved." in page, "flash in the new language")
    dash = c.get("/staff/pavb/").text
    check("Dashboard" in dash and "Darbalaukis" not in dash, "other pages too")
    eq(c.post("/profile", {"name": "Rasa Rasaitė-Jonaitienė", "lang": "lt"}).status, 303)
    page = c.get("/profile").text
    check("Jūsų profilis" in page and "Rasa Rasaitė-Jonaitienė" in page)
    eq(one(sk, "SELECT name FROM users WHERE email = 'rasa@pavb.lt'"), "Rasa Rasaitė-Jonaitienė")
    eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'profile_updated' AND institution_id IS NULL"), "2")
    r = c.post("/profile", {"name": "", "lang": "fr"})
    eq(r.status, 422)
    check('id="e-name"' in r.text and 'id="e-lang"' in r.text)


@test
def password_change_ends_other_sessions(sk):
    srv = world(sk)
    a = login(srv.client(), "rasa@pavb.lt")
    b = login(srv.client(), "rasa@pavb.lt")
    eq(b.get("/staff/pavb/").status, 200)
    r = a.post("/profile/password", {"current": "wrong password here", "password": "Naujas slaptažodis 2026",
                                     "password2": "Naujas slaptažodis 2026"})
    eq(r.status, 422)
    check("Dabartinis slaptažodis neteisingas" in r.text)
    r = a.post("/profile/password", {"current": PW, "password": "Naujas slaptažodis 2026", "password2": "kitoks"})
    eq(r.status, 422)
    r = a.post("/profile/password", {"current": PW, "password": "trumpas", "password2": "trumpas"})
    eq(r.status, 422)
    eq(b.get("/staff/pavb/").status, 200, "failed attempts end nothing")
    r = a.post("/profile/password", {"current": PW, "password": "Naujas slaptažodis 2026",
                                     "password2": "Naujas slaptažodis 2026"})
    eq(r.status, 303, r.text[:300])
    r = b.get("/staff/pavb/")
    eq(r.status, 303, "the other session is gone")
    check((r.header("Location") or "").startswith("/login"))
    eq(a.get("/staff/pavb/").status, 200, "this session stays")
    eq(one(sk, "SELECT COUNT(*) FROM sessions"), "1")
    login(srv.client(), "rasa@pavb.lt", "Naujas slaptažodis 2026")
    c = srv.client()
    c.get("/login")
    eq(c.post("/login", {"email": "rasa@pavb.lt", "password": PW}).status, 401, "old password no longer works")
    eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'password_changed'"), "1")


@test
def wrong_current_password_is_rate_limited(sk):
    srv = world(sk)
    a = login(srv.client(), "rasa@pavb.lt")
    for _ in range(5):
        eq(a.post("/profile/password", {"current": "not the password", "password": "Naujas slaptažodis 2026",
                                        "password2": "Naujas slaptažodis 2026"}).status, 422)
    r = a.post("/profile/password", {"current": PW, "password": "Naujas slaptažodis 2026",
                                     "password2": "Naujas slaptažodis 2026"})
    eq(r.status, 429, "even the right password waits now")
    eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'password_changed'"), "0")


@test
def sessions_listed_and_ended(sk):
    srv = world(sk)
    a = login(srv.client(), "rasa@pavb.lt")
    b = srv.client()
    b.get("/login")
    b.post("/login", {"email": "rasa@pavb.lt", "password": PW},
           headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"})
    eq(b.get("/staff/pavb/").status, 200)
    page = a.get("/profile").text
    check("Firefox, Linux" in page, "browser summary")
    check("Ši naršyklė" in page, "current session marked")
    ends = re.findall(r'action="(/profile/sessions/\d+/end)"', page)
    eq(len(ends), 1, "one other session can be ended")
    eq(a.post(ends[0], {}).status, 303)
    eq(b.get("/staff/pavb/").status, 303, "ended")
    # another person's session id is not found and stays
    sk.add_user("kitas@pavb.lt", "Kitas", inst="pavb", roles=["PR"])
    login(srv.client(), "kitas@pavb.lt")
    sid = one(sk, "SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'kitas@pavb.lt'")
    eq(a.post(f"/profile/sessions/{sid}/end", {}).status, 404)
    eq(one(sk, f"SELECT COUNT(*) FROM sessions WHERE id = {sid}"), "1")


@test
def api_token_create_use_revoke(sk):
    srv = world(sk)
    a = login(srv.client(), "rasa@pavb.lt")
    r = a.post("/profile/tokens", {"token_name": "Statistikos scenarijus"})
    eq(r.status, 201)
    m = re.search(r'id="new-token" type="text" readonly value="(sk_[A-Za-z0-9_-]+)"', r.text)
    check(m, "token shown once")
    token = m.group(1)
    check("nonce=" in r.text, "copy button script carries the CSP nonce")
    page = a.get("/profile").text
    check(token not in page, "never shown again")
    check(token[:10] in page and "Statistikos scenarijus" in page, "listed by prefix and name")
    api = srv.client()
    r = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    eq(r.status, 200)
    eq(r.json()["user"]["email"], "rasa@pavb.lt")
    eq(r.json()["auth"], "token")
    check("csrf_token" not in r.json(), "token callers need no CSRF token")
    eq(api.get("/staff/pavb/", headers={"Authorization": f"Bearer {token}"}).status, 303,
       "tokens open the API, not the HTML pages")
    tid = one(sk, "SELECT id FROM api_tokens")
    # someone else cannot revoke it
    sk.add_user("kitas@pavb.lt", "Kitas", inst="pavb", roles=["PR"])
    k = login(srv.client(), "kitas@pavb.lt")
    eq(k.post(f"/profile/tokens/{tid}/revoke", {}).status, 404)
    eq(api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status, 200)
    eq(a.post(f"/profile/tokens/{tid}/revoke", {}).status, 303)
    r = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    eq(r.status, 401, "revoked")
    eq(r.json()["error"]["code"], "unauthenticated")
    check("Statistikos scenarijus" not in a.get("/profile").text, "no longer listed")
    eq([x[0] for x in sk.sql("SELECT action FROM audit_log WHERE entity = 'api_token' ORDER BY id")],
       ["api_token_created", "api_token_revoked"])
    eq(a.post("/profile/tokens", {"token_name": ""}).status, 422)


run()

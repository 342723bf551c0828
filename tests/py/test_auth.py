"""Authentication: argon2id parameters, the password length policy in every
place a password is set (CLI add, CLI passwd, the reset form), rate
limiting of failed logins, one message for unknown e-mail and wrong
password, SQL-looking input in the login form, and password reset end to
end through a real SMTP server (aiosmtpd on loopback): the mail job runs in
the server's worker thread, the message is parsed with Python's email
module, the link is followed, the new password works and every older
token is dead. Header injection through the reset form adds no recipient.
"""
import email
import email.policy
import re

from sk import test, run, check, eq
import seclib

PW = "correct horse battery"
ARGON = "$argon2id$v=19$m=65536,t=2,p=1$"
OK_PASSWORDS = {
    "12 characters": "abcdefghij12",
    "128 characters": ("Ilgas slaptažodis " * 8)[:128],
    "12 code points with emoji": "ąčęėįšųū🙂🙂🦊🦊",
}
BAD_PASSWORDS = {
    "11 characters": "abcdefghi12",
    "129 characters": ("Ilgas slaptažodis " * 8)[:128] + "x",
}


def esc(s):
    """What html() makes of a text (src/core/core.c esc_html)."""
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def error_summary(resp):
    m = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', resp.text, re.S)
    return m.group(1).strip() if m else None


def pw_hash(sk, email_addr):
    rows = sk.sql(f"SELECT pw_hash FROM users WHERE email = {seclib.q(email_addr)}")
    return rows[0][0] if rows else None


def setup(sk):
    sk.add_inst("pavb", "Panevėžio apskrities viešoji biblioteka", "county")
    sk.add_user("jonas@pavb.lt", "Jonas Jonaitis", inst="pavb", roles=["STAFF"], password=PW)
    sk.add_user("ona@pavb.lt", "Ona Onaitė", inst="pavb", roles=["PR"], password=PW)


def try_login(c, email_addr, password):
    c.get("/login")
    return c.post("/login", {"email": email_addr, "password": password})


@test
def password_hash_is_argon2id_interactive(sk):
    setup(sk)
    h = pw_hash(sk, "jonas@pavb.lt")
    check(h and h.startswith(ARGON), f"pw_hash {h[:40] if h else h!r}... does not start with {ARGON}")
    check(PW not in h, "the password is not stored")
    h2 = pw_hash(sk, "ona@pavb.lt")
    check(h != h2, "the same password hashes differently (salt)")
    sk.cli("user", "passwd", "jonas@pavb.lt", input="another fine password\n")
    h3 = pw_hash(sk, "jonas@pavb.lt")
    check(h3.startswith(ARGON) and h3 != h, "passwd stores a new argon2id hash")


@test
def password_length_policy_cli_add(sk):
    setup(sk)
    for name, pw in BAD_PASSWORDS.items():
        addr = f"bad{len(pw)}@pavb.lt"
        r = sk.cli("user", "add", addr, "Blogas", input=pw + "\n", check_rc=False)
        check(r.returncode != 0, f"user add accepted a password of {name}")
        eq(sk.sql(f"SELECT COUNT(*) FROM users WHERE email = {seclib.q(addr)}")[0][0], "0",
           f"no account created with a password of {name}:")
    srv = sk.server()
    for i, (name, pw) in enumerate(OK_PASSWORDS.items()):
        addr = f"ok{i}@pavb.lt"
        r = sk.cli("user", "add", addr, "Geras", "--role", "pavb:STAFF", input=pw + "\n", check_rc=False)
        eq(r.returncode, 0, f"user add with a password of {name}: {r.stderr}")
        seclib.login(srv.client(), addr, pw)


@test
def password_length_policy_cli_passwd(sk):
    setup(sk)
    for name, pw in BAD_PASSWORDS.items():
        r = sk.cli("user", "passwd", "jonas@pavb.lt", input=pw + "\n", check_rc=False)
        check(r.returncode != 0, f"passwd accepted a password of {name}")
    srv = sk.server()
    seclib.login(srv.client(), "jonas@pavb.lt", PW)  # unchanged
    for name, pw in OK_PASSWORDS.items():
        r = sk.cli("user", "passwd", "jonas@pavb.lt", input=pw + "\n", check_rc=False)
        eq(r.returncode, 0, f"passwd with a password of {name}: {r.stderr}")
        seclib.login(srv.client(), "jonas@pavb.lt", pw)


@test
def rate_limit_per_account(sk):
    setup(sk)
    srv = sk.server()
    c = srv.client()
    c.cookies["lang"] = "en"
    for i in range(5):
        r = try_login(c, "jonas@pavb.lt", f"wrong password {i}")
        eq(r.status, 401, f"wrong password #{i + 1}:")
    r = try_login(c, "jonas@pavb.lt", PW)
    eq(r.status, 429, "6th attempt, with the right password:")
    msg = "Too many failed attempts. Wait 15 minutes and try again, or reset your password."
    check(esc(msg) in r.text, f"a clear message on 429: {error_summary(r)}")
    check(not (c.cookies.get("sid") or c.cookies.get("__Host-sid")), "no session cookie after 429")
    # the Lithuanian interface says it in Lithuanian
    lt = srv.client()
    r = try_login(lt, "jonas@pavb.lt", PW)
    eq(r.status, 429, "still limited (Lithuanian client):")
    want = seclib.po_lt(msg)
    check(want, "po/lt has no translation of the rate-limit message")
    check(esc(want) in r.text, f"Lithuanian rate-limit message shown: {error_summary(r)}")
    # other accounts, from the same address, are unaffected
    seclib.login(srv.client(), "ona@pavb.lt", PW)


@test
def same_message_for_unknown_email_and_wrong_password(sk):
    setup(sk)
    sk.add_user("off@pavb.lt", "Išjungta", inst="pavb", roles=["STAFF"], password=PW)
    sk.cli("user", "disable", "off@pavb.lt")
    srv = sk.server()
    c = srv.client()
    a = try_login(c, "nobody@pavb.lt", PW)
    b = try_login(c, "jonas@pavb.lt", "wrong password here")
    d = try_login(c, "off@pavb.lt", PW)
    eq(a.status, 401, "unknown e-mail:")
    eq(b.status, 401, "wrong password:")
    eq(d.status, 401, "disabled account:")
    sa, sb, sd = error_summary(a), error_summary(b), error_summary(d)
    check(sa, "an error message is shown")
    eq(sa, sb, "unknown e-mail vs wrong password:")
    eq(sa, sd, "unknown e-mail vs disabled account:")


@test
def sql_in_login_form_is_data(sk):
    setup(sk)
    before = seclib.schema(sk)
    users = sk.sql("SELECT COUNT(*) FROM users")[0][0]
    srv = sk.server()
    c = srv.client()
    ref = error_summary(try_login(c, "nobody@pavb.lt", "x" * 12))
    for probe in ("' OR 1=1--", "jonas@pavb.lt' --", "jonas@pavb.lt' OR '1'='1", "'); DROP TABLE users;--",
                  "\" OR \"\"=\"", "jonas@pavb.lt\\'"):
        for pw in (probe, "' OR '1'='1"):
            r = try_login(c, probe, pw)
            eq(r.status, 401, f"login with e-mail {probe!r}:")
            eq(error_summary(r), ref, f"the usual message for {probe!r}:")
            check(not (c.cookies.get("sid")), f"no session for {probe!r}")
    eq(seclib.schema(sk), before, "schema unchanged:")
    eq(sk.sql("SELECT COUNT(*) FROM users")[0][0], users, "users unchanged:")


# ---- password reset through SMTP ----------------------------------------

def mail_server(sk):
    """A live sklaida with a worker thread delivering to an aiosmtpd sink;
    SKLAIDA_BASE_URL names the server's own port."""
    sink = seclib.SmtpSink(f"{sk.tmp}/smtp")
    port = seclib.skmod.free_port()
    srv = seclib.server_on_port(sk, port, env={
        "SKLAIDA_SMTP_URL": sink.url, "SKLAIDA_SMTP_TLS": "none",
        "SKLAIDA_BASE_URL": f"http://127.0.0.1:{port}", "SKLAIDA_MAIL_FROM": "sklaida@pavb.lt"})
    return sink, srv


def request_reset(c, addr):
    r = c.get("/password-reset")
    eq(r.status, 200, "reset form:")
    r = c.post("/password-reset", {"email": addr})
    eq(r.status, 200, f"reset request for {addr!r}:")
    return r


def parse(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


def reset_link(msg, srv):
    body = msg.get_content()
    m = re.search(r"http://127\.0\.0\.1:%d(/password-reset/[A-Za-z0-9_-]{20,})" % srv.port, body)
    check(m, f"no reset link to this server in the body:\n{body}")
    return m.group(1)


def set_password(c, path, pw, pw2=None):
    r = c.get(path)
    eq(r.status, 200, f"GET {path}:")
    return c.post(path, {"password": pw, "password2": pw if pw2 is None else pw2})


@test
def password_reset_end_to_end_smtp(sk):
    setup(sk)
    sink, srv = mail_server(sk)
    try:
        before = seclib.login(srv.client(), "jonas@pavb.lt", PW)  # a session the reset must end
        c = srv.client()
        request_reset(c, "jonas@pavb.lt")
        (mfrom, rcpts, raw), = sink.wait(1)
        msg = parse(raw)
        eq(rcpts, ["jonas@pavb.lt"], "envelope recipients:")
        eq(str(msg["To"]), "jonas@pavb.lt", "To:")
        check(msg["Cc"] is None and msg["Bcc"] is None, "no Cc/Bcc")
        want = seclib.po_lt("Password reset for sklaida")
        check(want, "po/lt has no translation of the reset mail subject")
        eq(str(msg["Subject"]), want, "Subject decodes to the Lithuanian text:")
        body = msg.get_content()
        check(PW not in body, "no password in the mail")
        check("Jonas Jonaitis" in body, "the mail addresses the user by name")
        path = reset_link(msg, srv)
        old_hash = pw_hash(sk, "jonas@pavb.lt")
        # the form refuses what the policy refuses, and keeps the token
        for name, bad in BAD_PASSWORDS.items():
            r = set_password(c, path, bad)
            eq(r.status, 422, f"reset form with a password of {name}:")
        r = set_password(c, path, "new password one", "new password two")
        eq(r.status, 422, "two different passwords:")
        eq(pw_hash(sk, "jonas@pavb.lt"), old_hash, "nothing changed yet:")
        new = OK_PASSWORDS["12 characters"]
        r = set_password(c, path, new)
        eq(r.status, 303, "new password saved:")
        eq(r.header("Location"), "/login")
        check(pw_hash(sk, "jonas@pavb.lt").startswith(ARGON), "argon2id after reset")
        r = before.get("/staff/pavb/")
        check(r.status == 303 and r.header("Location", ).startswith("/login"),
              f"the session from before the reset is over: {r.status}")
        seclib.login(srv.client(), "jonas@pavb.lt", new)
        eq(try_login(srv.client(), "jonas@pavb.lt", PW).status, 401, "old password refused:")
        # the used link is dead
        eq(c.get(path).status, 404, "used link GET:")
        r = c.post(path, {"password": "yet another password", "password2": "yet another password"})
        check(r.status in (404, 403), f"used link POST: {r.status}")
        seclib.login(srv.client(), "jonas@pavb.lt", new)
    finally:
        sink.stop()


@test
def password_reset_form_length_policy(sk):
    setup(sk)
    sink, srv = mail_server(sk)
    try:
        c = srv.client()
        for i, (name, pw) in enumerate(OK_PASSWORDS.items()):
            request_reset(c, "ona@pavb.lt")
            msgs = sink.wait(i + 1)
            path = reset_link(parse(msgs[i][2]), srv)
            r = set_password(c, path, pw)
            eq(r.status, 303, f"reset form with a password of {name}:")
            seclib.login(srv.client(), "ona@pavb.lt", pw)
    finally:
        sink.stop()


@test
def password_reset_lifts_the_login_lock(sk):
    """The 429 message says "wait 15 minutes ... or reset your password":
    after a completed reset the new password logs in at once."""
    setup(sk)
    sink, srv = mail_server(sk)
    try:
        c = srv.client()
        for i in range(5):
            try_login(c, "jonas@pavb.lt", f"wrong password {i}")
        eq(try_login(c, "jonas@pavb.lt", PW).status, 429, "locked:")
        request_reset(c, "jonas@pavb.lt")
        path = reset_link(parse(sink.wait(1)[0][2]), srv)
        new = "a password after the lock"
        eq(set_password(c, path, new).status, 303, "reset done:")
        r = try_login(srv.client(), "jonas@pavb.lt", new)
        eq(r.status, 303, "login with the new password right after the reset:")
    finally:
        sink.stop()


@test
def only_the_newest_reset_token_works(sk):
    setup(sk)
    sink, srv = mail_server(sk)
    try:
        c = srv.client()
        request_reset(c, "jonas@pavb.lt")
        first = reset_link(parse(sink.wait(1)[0][2]), srv)
        request_reset(c, "jonas@pavb.lt")
        second = reset_link(parse(sink.wait(2)[1][2]), srv)
        check(first != second, "two different links")
        eq(c.get(first).status, 404, "the older link:")
        eq(c.get(second).status, 200, "the newest link:")
        eq(set_password(c, second, "the newest works fine").status, 303, "set via the newest link:")
    finally:
        sink.stop()


@test
def reset_header_injection_adds_no_recipient(sk):
    setup(sk)
    sk.add_user("a@b.lt", "Injekcijos Taikinys", inst="pavb", roles=["STAFF"], password=PW)
    sink, srv = mail_server(sk)
    try:
        c = srv.client()
        probes = ["a@b.lt\r\nBcc: x@y.lt", "a@b.lt\nBcc: x@y.lt", "a@b.lt\rBcc: x@y.lt",
                  "a@b.lt\r\n\r\nBcc: x@y.lt", "a@b.lt, x@y.lt", "a@b.lt\tBcc: x@y.lt"]
        for p in probes:
            r = c.post("/password-reset", {"email": p})
            check(r.status in (200, 422), f"reset request {p!r}: {r.status}")
        # a control request after them: the single worker delivers in order,
        # so once it has arrived every earlier job has been run
        request_reset(c, "ona@pavb.lt")
        msgs = sink.wait_for(lambda m: m[1] == ["ona@pavb.lt"], "to ona@pavb.lt (the control request)")
        for mfrom, rcpts, raw in msgs:
            check("x@y.lt" not in " ".join(rcpts), f"injected recipient got mail: {rcpts}")
            eq(len(rcpts), 1, "one envelope recipient per mail:")
            msg = parse(raw)
            check(msg["Bcc"] is None and msg["Cc"] is None, f"no Bcc/Cc header: {raw[:300]!r}")
            check("x@y.lt" not in raw.decode("latin-1"), "the injected address appears nowhere in a message")
        jobs = sk.sql("SELECT payload FROM jobs")
        check(not any("x@y.lt" in j[0] for j in jobs), "no job carries the injected address")
    finally:
        sink.stop()


run()

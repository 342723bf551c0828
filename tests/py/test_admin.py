"""Staff administration (issue 2): users of an institution, invitations,
the permission matrix, institution profile and departments, the
institution tree, the audit log and its CSV export -- through the HTML
pages of a live server, checked against the database."""
import csv
import email
import email.policy
import glob
import io
import json
import os
import re
import subprocess
import time
import urllib.parse

from sk import test, run, check, eq, Fail

PW = "correct horse battery"
ENV = {"SKLAIDA_MAIL_FROM": "sklaida@pavb.lt"}
PAVB = "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka"


# ---- helpers -------------------------------------------------------------------

def login(c, mail, pw=PW):
    """Logs in and picks up the session's CSRF token from /profile (which
    always has forms; /staff may redirect without one)."""
    c.get("/login")
    r = c.post("/login", {"email": mail, "password": pw})
    check(r.status == 303, f"login of {mail} failed: {r.status} {r.text[:300]}")
    c.csrf = None
    c.get("/profile")
    check(c.csrf, f"no CSRF token after logging in as {mail}")
    return c


def post(c, path, pairs):
    """POST with repeated fields (roles[], p[]) and the session token."""
    body = urllib.parse.urlencode(list(pairs) + [("_csrf", c.csrf)])
    return c.request("POST", path, body=body, ctype="application/x-www-form-urlencoded")


def one(sk, q):
    rows = sk.sql(q)
    check(len(rows) == 1, f"expected one row for {q!r}, got {rows!r}")
    return rows[0][0] if len(rows[0]) == 1 else rows[0]


def uid(sk, mail):
    return int(one(sk, f"SELECT id FROM users WHERE email = '{mail}'"))


def roles_of(sk, mail, slug):
    return sorted(r[0] for r in sk.sql(
        "SELECT m.role_code FROM memberships m JOIN users u ON u.id = m.user_id JOIN institutions i "
        f"ON i.id = m.institution_id WHERE u.email = '{mail}' AND i.slug = '{slug}'"))


def wait_mail(sk, to, seen=(), timeout=30):
    """The first .eml to `to` not in `seen` written by the file adapter."""
    d = os.path.join(sk.tmp, "var", "mail")
    end = time.time() + timeout
    while time.time() < end:
        for f in sorted(glob.glob(os.path.join(d, "*.eml"))):
            if f in seen:
                continue
            msg = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
            if msg["To"] == to:
                return f, msg
        time.sleep(0.1)
    raise Fail(f"no mail to {to} in {d}")


def db_write_refused(sk, query):
    """Runs a writing statement directly against the database; returns the
    error text (the statement must fail)."""
    if sk.kind == "sqlite":
        out = subprocess.run(["sqlite3", "-batch", sk.db_url[7:], query], capture_output=True, text=True)
    else:
        out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", sk.db_url, "-c", query],
                             capture_output=True, text=True)
    check(out.returncode != 0, f"the database accepted {query!r}")
    return out.stderr


def world(sk):
    sk.add_inst("pavb", PAVB, "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_inst("rokiskis", "Rokiškio rajono savivaldybės Juozo Keliuočio viešoji biblioteka", "municipal",
                parent="pavb")
    sk.add_user("admin@pavb.lt", "Administratorė Aistė", inst="pavb", roles=["ADMIN"])
    # main.c creates var/ only for SQLite databases and the mail file
    # adapter does not create parents (reported); make it here
    os.makedirs(os.path.join(sk.tmp, "var", "mail"), exist_ok=True)
    srv = sk.server(env=ENV)
    return srv, login(srv.client(), "admin@pavb.lt")


def create_user(c, slug, mail, name, roles, dept="", lang="lt"):
    return post(c, f"/staff/{slug}/users", [("email", mail), ("name", name), ("lang", lang),
                                           ("department_id", dept), ("roles_sent", "1")] +
                [("roles[]", r) for r in roles])


# ---- tests ---------------------------------------------------------------------

@test
def create_user_sorted_lithuanian_and_invited(sk):
    srv, c = world(sk)
    r = c.get("/staff/pavb/users/new")
    eq(r.status, 200)
    for code in ("ADMIN", "HEAD", "COORD", "NETLIB", "MGMT"):
        check(f'value="{code}"' in r.text, f"role {code} offered")
    eq(len(re.findall(r'name="roles\[\]"', r.text)), int(one(sk, "SELECT COUNT(*) FROM roles")), "one box per role")
    for mail, name, roles in [("donelaitis@pavb.lt", "Donelaitis Kristijonas", ["PR"]),
                              ("ciurlionis@pavb.lt", "Čiurlionis Mikalojus", ["COORD", "SMM"]),
                              ("cvirka@pavb.lt", "Cvirka Petras", ["EDITOR"])]:
        r = create_user(c, "pavb", mail, name, roles)
        eq(r.status, 303, f"create {mail}: {r.text[:400]}")
        check(re.fullmatch(r"/staff/pavb/users/\d+", r.header("Location") or ""), "redirect to the user page")
    eq(roles_of(sk, "ciurlionis@pavb.lt", "pavb"), ["COORD", "SMM"])
    eq(one(sk, "SELECT length(pw_hash) FROM users WHERE email = 'ciurlionis@pavb.lt'"), "0", "no password yet")
    page = c.get("/staff/pavb/users").text
    order = [page.index(n) for n in ("Administratorė Aistė", "Cvirka Petras", "Čiurlionis Mikalojus",
                                     "Donelaitis Kristijonas")]
    eq(order, sorted(order), "Lithuanian order: Cvirka, then Čiurlionis, then Donelaitis")
    check("Komunikacijos koordinatorius" in page and "Socialinių medijų specialistas" in page, "role names shown")
    check("Pakviestas" in page or "Pakviesta" in page, "invited state shown in Lithuanian")
    # the role filter
    page = c.get("/staff/pavb/users?role=EDITOR").text
    check("Cvirka Petras" in page and "Čiurlionis Mikalojus" not in page, "filter by role")
    page = c.get("/staff/pavb/users?q=ciurl").text
    check("Čiurlionis Mikalojus" in page and "Cvirka" not in page, "search folds diacritics")
    # the invitation: follow the link, choose a password, log in
    _, msg = wait_mail(sk, "ciurlionis@pavb.lt")
    body = msg.get_body().get_content()
    check("Administratorė Aistė" in body, "mail names the inviter")
    m = re.search(r"http://127\.0\.0\.1(/password-reset/[A-Za-z0-9_-]+)", body)
    check(m, f"set-password link in the mail: {body!r}")
    anon = srv.client()
    r = anon.get(m.group(1))
    eq(r.status, 200, "invitation link opens")
    r = anon.post(m.group(1), {"password": "Vilnius gintaras 2026", "password2": "Vilnius gintaras 2026"})
    eq(r.status, 303, f"password chosen: {r.text[:300]}")
    u = login(srv.client(), "ciurlionis@pavb.lt", "Vilnius gintaras 2026")
    r = u.get("/staff/pavb/")
    eq(r.status, 200)
    check("Čiurlionis Mikalojus" in r.text)
    eq(anon.get(m.group(1)).status, 404, "the link works once")
    # audited with the roles
    after = one(sk, "SELECT after_json FROM audit_log WHERE action = 'user_created' AND entity_id = "
                    f"{uid(sk, 'ciurlionis@pavb.lt')}")
    check('"COORD"' in after and '"SMM"' in after, f"audit after_json has the roles: {after}")


@test
def existing_account_is_added_not_duplicated(sk):
    srv, c = world(sk)
    sk.add_user("jonas@birzai.lt", "Jonas Jonaitis", inst="birzai", roles=["STAFF"])
    r = create_user(c, "pavb", "Jonas@Birzai.lt", "Kitas Vardas", ["METH"])
    eq(r.status, 303, r.text[:400])
    eq(one(sk, "SELECT COUNT(*) FROM users WHERE email = 'jonas@birzai.lt'"), "1")
    eq(one(sk, "SELECT name FROM users WHERE email = 'jonas@birzai.lt'"), "Jonas Jonaitis", "name kept")
    eq(roles_of(sk, "jonas@birzai.lt", "pavb"), ["METH"])
    eq(roles_of(sk, "jonas@birzai.lt", "birzai"), ["STAFF"])
    _, msg = wait_mail(sk, "jonas@birzai.lt")
    check("/password-reset/" not in msg.get_body().get_content(), "an activated account gets no reset link")
    eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'member_added'"), "1")
    # adding again is refused with a message
    r = create_user(c, "pavb", "jonas@birzai.lt", "Jonas", ["PR"])
    eq(r.status, 422)
    check("jau dirba" in r.text, "already a member, in Lithuanian")
    eq(roles_of(sk, "jonas@birzai.lt", "pavb"), ["METH"])
    # the page shows the other institution; the name cannot be edited here
    page = c.get(f"/staff/pavb/users/{uid(sk, 'jonas@birzai.lt')}").text
    check("Biržų rajono" in page, "other institution listed")
    check('id="f-name"' not in page, "name not editable: the person works where this admin has no say")


@test
def validation_errors_keep_values(sk):
    srv, c = world(sk)
    r = create_user(c, "pavb", "ne-adresas", "", ["NOPE"])
    eq(r.status, 422)
    check('aria-invalid="true"' in r.text and 'class="error-summary"' in r.text)
    check('value="ne-adresas"' in r.text, "value kept")
    for f in ("email", "name", "roles"):
        check(f'id="e-{f}"' in r.text, f"error for {f}")
    r = create_user(c, "pavb", "nauja@pavb.lt", "Nauja Darbuotoja", [])
    eq(r.status, 422, "at least one role")
    eq(one(sk, "SELECT COUNT(*) FROM users WHERE email = 'nauja@pavb.lt'"), "0")


@test
def edit_roles_department_and_lockout_guards(sk):
    srv, c = world(sk)
    post(c, "/staff/pavb/settings/departments", [("dept_name_lt", "Komunikacijos skyrius"), ("is_comm", "1")])
    dept = one(sk, "SELECT id FROM departments WHERE name_lt = 'Komunikacijos skyrius'")
    sk.add_user("ona@pavb.lt", "Ona Onaitė", inst="pavb", roles=["PR"])
    ona = uid(sk, "ona@pavb.lt")
    r = post(c, f"/staff/pavb/users/{ona}", [("name", "Ona Onaitė-Petrauskienė"), ("department_id", dept),
                                             ("roles_sent", "1"), ("roles[]", "PR"), ("roles[]", "EDITOR")])
    eq(r.status, 303, r.text[:400])
    eq(roles_of(sk, "ona@pavb.lt", "pavb"), ["EDITOR", "PR"])
    eq(one(sk, "SELECT name FROM users WHERE email = 'ona@pavb.lt'"), "Ona Onaitė-Petrauskienė")
    eq({r[0] for r in sk.sql(f"SELECT department_id FROM memberships WHERE user_id = {ona}")}, {dept})
    before, after = one(sk, f"SELECT before_json, after_json FROM audit_log WHERE action = 'user_updated' AND entity_id = {ona}")
    check('"PR"' in before and '"EDITOR"' not in before and '"EDITOR"' in after, "before/after roles")
    check("Komunikacijos skyrius" in after, "department in the after state")
    # own ADMIN role cannot be dropped, own account cannot be disabled
    me = uid(sk, "admin@pavb.lt")
    r = post(c, f"/staff/pavb/users/{me}", [("name", "Administratorė Aistė"), ("department_id", ""),
                                            ("roles_sent", "1"), ("roles[]", "HEAD")])
    eq(r.status, 422)
    check("savo administratoriaus" in r.text, "explains the lock-out guard")
    eq(roles_of(sk, "admin@pavb.lt", "pavb"), ["ADMIN"])
    eq(post(c, f"/staff/pavb/users/{me}/disable", []).status, 422)
    eq(one(sk, f"SELECT disabled FROM users WHERE id = {me}"), "0")
    # only holders of permissions.manage hand out ADMIN: give HEAD users.manage
    sk.add_user("head@pavb.lt", "Skyriaus Vadovė", inst="pavb", roles=["HEAD"])
    pairs = [("p[]", f"{r_}:{p}") for r_, p in sk.sql(
        "SELECT rp.role_code, rp.perm_code FROM role_permissions rp JOIN institutions i ON i.id = rp.institution_id "
        "WHERE i.slug = 'pavb'")] + [("p[]", "HEAD:users.manage")]
    eq(post(c, "/staff/pavb/permissions", pairs).status, 303)
    h = login(srv.client(), "head@pavb.lt")
    r = post(h, f"/staff/pavb/users/{ona}", [("name", "Ona Onaitė-Petrauskienė"), ("department_id", dept),
                                             ("roles_sent", "1"), ("roles[]", "PR"), ("roles[]", "ADMIN")])
    eq(r.status, 422, "HEAD cannot grant ADMIN")
    eq(roles_of(sk, "ona@pavb.lt", "pavb"), ["EDITOR", "PR"])
    r = post(h, f"/staff/pavb/users/{ona}", [("name", "Ona Onaitė-Petrauskienė"), ("department_id", dept),
                                             ("roles_sent", "1"), ("roles[]", "PR")])
    eq(r.status, 303, "HEAD may change other roles")
    eq(roles_of(sk, "ona@pavb.lt", "pavb"), ["PR"])
    # the last active ADMIN cannot be removed even by a superadmin
    sk.add_user("root@sk.test", "Įdiegimo administratorius", superadmin=True)
    s = login(srv.client(), "root@sk.test")
    eq(post(s, f"/staff/pavb/users/{me}/remove", []).status, 422)
    eq(roles_of(sk, "admin@pavb.lt", "pavb"), ["ADMIN"])


@test
def disable_ends_sessions_and_enable(sk):
    srv, c = world(sk)
    sk.add_user("petras@pavb.lt", "Petras Petraitis", inst="pavb", roles=["PR"])
    p = login(srv.client(), "petras@pavb.lt")
    eq(p.get("/staff/pavb/").status, 200)
    pid = uid(sk, "petras@pavb.lt")
    r = post(c, f"/staff/pavb/users/{pid}/disable", [])
    eq(r.status, 303, r.text[:300])
    eq(one(sk, f"SELECT disabled FROM users WHERE id = {pid}"), "1")
    eq(one(sk, f"SELECT COUNT(*) FROM sessions WHERE user_id = {pid}"), "0")
    r = p.get("/staff/pavb/")
    eq(r.status, 303)
    check((r.header("Location") or "").startswith("/login"), "disabled user is logged out")
    check("Išjungta" in c.get("/staff/pavb/users").text, "disabled state shown")
    eq(post(c, f"/staff/pavb/users/{pid}/enable", []).status, 303)
    login(srv.client(), "petras@pavb.lt")
    eq([r_[0] for r_ in sk.sql(f"SELECT action FROM audit_log WHERE entity_id = {pid} AND action IN ('user_disabled', 'user_enabled') ORDER BY id")],
       ["user_disabled", "user_enabled"])
    # removed from the institution: the account stays, the roles go
    eq(post(c, f"/staff/pavb/users/{pid}/remove", []).status, 303)
    eq(roles_of(sk, "petras@pavb.lt", "pavb"), [])
    eq(c.get(f"/staff/pavb/users/{pid}").status, 404)


@test
def permission_change_takes_effect(sk):
    srv, c = world(sk)
    sk.add_user("smm@pavb.lt", "Socialinių Medijų", inst="pavb", roles=["SMM"])
    s = login(srv.client(), "smm@pavb.lt")
    eq(s.get("/staff/pavb/users").status, 403, "SMM cannot see users by default")
    check('href="/staff/pavb/users"' not in s.get("/staff/pavb/").text, "no nav entry")
    page = c.get("/staff/pavb/permissions")
    eq(page.status, 200)
    check('aria-label="Socialinių medijų specialistas: Matyti naudotojus"' in page.text, "labelled check box")
    check('<th scope="col"' in page.text and "<caption" in page.text, "accessible table")
    checked = set(re.findall(r'name="p\[\]" value="([^"]+)" aria-label="[^"]*" checked', page.text)) | \
        set(re.findall(r'type="hidden" name="p\[\]" value="([^"]+)"', page.text))
    check("ADMIN:users.manage" in checked and "SMM:users.view" not in checked, "page shows the matrix")
    version = re.search(r'name="_v" value="([^"]+)"', page.text).group(1)
    r = post(c, "/staff/pavb/permissions", [("_v", version)] + [("p[]", p) for p in sorted(checked | {"SMM:users.view"})])
    eq(r.status, 303, r.text[:300])
    eq(s.get("/staff/pavb/users").status, 200, "granted: the next request may open the page")
    check('href="/staff/pavb/users"' in s.get("/staff/pavb/").text, "nav entry appears")
    diff = one(sk, "SELECT after_json FROM audit_log WHERE action = 'permissions_changed'")
    check('"added":["SMM:users.view"]' in diff and '"removed":[]' in diff, f"diff audited: {diff}")
    # a stale form (old fingerprint) is refused, nothing changes
    r = post(c, "/staff/pavb/permissions", [("_v", version)] + [("p[]", p) for p in sorted(checked)])
    eq(r.status, 409)
    eq(s.get("/staff/pavb/users").status, 200)
    # removed again -> 403
    page = c.get("/staff/pavb/permissions")
    version = re.search(r'name="_v" value="([^"]+)"', page.text).group(1)
    eq(post(c, "/staff/pavb/permissions", [("_v", version)] + [("p[]", p) for p in sorted(checked)]).status, 303)
    eq(s.get("/staff/pavb/users").status, 403, "revoked: 403 on the next request")
    # ADMIN keeps permissions.manage whatever the form says
    r = post(c, "/staff/pavb/permissions", [("p[]", p) for p in sorted(checked - {"ADMIN:permissions.manage"})])
    eq(r.status, 422)
    eq(one(sk, "SELECT COUNT(*) FROM role_permissions rp JOIN institutions i ON i.id = rp.institution_id "
               "WHERE i.slug = 'pavb' AND rp.role_code = 'ADMIN' AND rp.perm_code = 'permissions.manage'"), "1")
    # unknown pairs are refused
    eq(post(c, "/staff/pavb/permissions", [("p[]", p) for p in sorted(checked | {"ADMIN:nope.nope"})]).status, 422)
    # the other institutions' matrices are untouched
    eq(one(sk, "SELECT COUNT(*) FROM role_permissions rp JOIN institutions i ON i.id = rp.institution_id "
               "WHERE i.slug = 'birzai'"), one(sk, "SELECT COUNT(*) FROM role_permission_defaults"))
    # reset to defaults: a grant made since is gone
    eq(post(c, "/staff/pavb/permissions", [("p[]", p) for p in sorted(checked | {"SMM:users.view"})]).status, 303)
    eq(s.get("/staff/pavb/users").status, 200)
    eq(post(c, "/staff/pavb/permissions/reset", []).status, 303)
    eq(s.get("/staff/pavb/users").status, 403)
    reset = one(sk, "SELECT after_json FROM audit_log WHERE action = 'permissions_reset'")
    check('"removed":["SMM:users.view"]' in reset, reset)


@test
def territory_admin_cannot_reach_other_library(sk):
    srv, c = world(sk)
    sk.add_user("admin@birzai.lt", "Biržų Administratorius", inst="birzai", roles=["ADMIN"])
    sk.add_user("jurga@rokiskis.lt", "Jurga Rokiškietė", inst="rokiskis", roles=["PR"])
    other = uid(sk, "jurga@rokiskis.lt")
    b = login(srv.client(), "admin@birzai.lt")
    eq(b.get("/staff/birzai/users").status, 200)
    page = b.get("/staff/birzai/users").text
    check("Jurga" not in page and "Administratorė Aistė" not in page, "only Biržai people listed")
    eq(b.get("/staff/rokiskis/users").status, 403)
    eq(b.get("/staff/pavb/users").status, 403, "not even the county library's")
    eq(b.get(f"/staff/birzai/users/{other}").status, 404)
    before = sk.sql("SELECT id, name, disabled FROM users ORDER BY id")
    roles_before = sk.sql("SELECT user_id, institution_id, role_code FROM memberships ORDER BY id")
    eq(post(b, f"/staff/birzai/users/{other}", [("name", "Pakeista"), ("roles_sent", "1"), ("roles[]", "ADMIN")]).status, 404)
    eq(post(b, f"/staff/birzai/users/{other}/disable", []).status, 404)
    eq(post(b, f"/staff/birzai/users/{other}/remove", []).status, 404)
    eq(post(b, f"/staff/rokiskis/users/{other}/disable", []).status, 403)
    eq(b.get(f"/api/v1/birzai/users/{other}").status, 404)
    eq(b.get("/api/v1/rokiskis/users").status, 403)
    eq(b.get("/staff/rokiskis/permissions").status, 403)
    eq(b.get("/staff/institutions").status, 403, "superadmin only")
    eq(b.get("/staff/audit").status, 403, "superadmin only")
    eq(sk.sql("SELECT id, name, disabled FROM users ORDER BY id"), before)
    eq(sk.sql("SELECT user_id, institution_id, role_code FROM memberships ORDER BY id"), roles_before)


@test
def institution_profile_and_departments(sk):
    srv, c = world(sk)
    page = c.get("/staff/pavb/settings")
    eq(page.status, 200)
    check("LT-12345" in page.text and "+370" in page.text, "format hints")
    form = {"name_lt": PAVB, "name_en": "Panevėžys County Library", "short_name": "PAVB",
            "address": "Respublikos g. 14, LT-35185 Panevėžys", "website": "https://www.pavb.lt",
            "email": "info@pavb.lt", "phone": "telefonas", "description_lt": "Apskrities biblioteka.",
            "description_en": ""}
    r = c.post("/staff/pavb/settings", form)
    eq(r.status, 422)
    check('id="e-phone"' in r.text and 'value="Respublikos g. 14, LT-35185 Panevėžys"' in r.text)
    form["phone"] = "+370 45 465 544"
    eq(c.post("/staff/pavb/settings", form).status, 303)
    eq(one(sk, "SELECT phone FROM institutions WHERE slug = 'pavb'"), "+370 45 465 544")
    b, a = one(sk, "SELECT before_json, after_json FROM audit_log WHERE action = 'institution_updated'")
    check('"phone":""' in b and '"phone":"+370 45 465 544"' in a, "diff audited")
    check("name_lt" not in a, "unchanged fields not in the diff")
    check("Respublikos g. 14" in c.get("/pavb/").text, "public home shows the address")
    # departments
    eq(c.post("/staff/pavb/settings/departments", {"dept_name_lt": "Komunikacijos skyrius", "is_comm": "1"}).status, 303)
    r = c.post("/staff/pavb/settings/departments", {"dept_name_lt": "komunikacijos SKYRIUS"})
    eq(r.status, 422, "same name up to case")
    did = one(sk, "SELECT id FROM departments WHERE name_lt = 'Komunikacijos skyrius'")
    eq(one(sk, f"SELECT is_comm FROM departments WHERE id = {did}"), "1")
    eq(c.post(f"/staff/pavb/settings/departments/{did}",
              {"dept_name_lt": "Komunikacijos ir kultūros skyrius", "dept_name_en": "Communication"}).status, 303)
    eq(one(sk, f"SELECT name_lt, is_comm FROM departments WHERE id = {did}"), ["Komunikacijos ir kultūros skyrius", "0"])
    sk.add_user("ona@pavb.lt", "Ona", inst="pavb", roles=["PR"])
    post(c, f"/staff/pavb/users/{uid(sk, 'ona@pavb.lt')}", [("name", "Ona"), ("department_id", did),
                                                           ("roles_sent", "1"), ("roles[]", "PR")])
    eq(c.post(f"/staff/pavb/settings/departments/{did}/delete", {}).status, 303)
    eq(one(sk, f"SELECT COUNT(*) FROM departments WHERE id = {did}"), "1", "in use: not deleted")
    post(c, f"/staff/pavb/users/{uid(sk, 'ona@pavb.lt')}", [("name", "Ona"), ("department_id", ""),
                                                           ("roles_sent", "1"), ("roles[]", "PR")])
    eq(c.post(f"/staff/pavb/settings/departments/{did}/delete", {}).status, 303)
    eq(one(sk, f"SELECT COUNT(*) FROM departments WHERE id = {did}"), "0")
    eq([x[0] for x in sk.sql("SELECT action FROM audit_log WHERE entity = 'department' ORDER BY id")],
       ["department_created", "department_updated", "department_deleted"])
    # another institution's department id is not found
    sk.add_user("admin@birzai.lt", "Biržai", inst="birzai", roles=["ADMIN"])
    bz = login(srv.client(), "admin@birzai.lt")
    bz.post("/staff/birzai/settings/departments", {"dept_name_lt": "Vaikų literatūros skyrius"})
    bd = one(sk, "SELECT id FROM departments WHERE name_lt = 'Vaikų literatūros skyrius'")
    eq(c.get(f"/staff/pavb/settings/departments/{bd}").status, 404)
    eq(c.post(f"/staff/pavb/settings/departments/{bd}/delete", {}).status, 404)
    eq(one(sk, f"SELECT COUNT(*) FROM departments WHERE id = {bd}"), "1")


@test
def superadmin_institution_tree(sk):
    srv, c = world(sk)
    sk.add_user("root@sk.test", "Įdiegimo administratorius", superadmin=True)
    s = login(srv.client(), "root@sk.test")
    page = s.get("/staff/institutions").text
    top = page.index(PAVB)
    check(page.index("Biržų rajono") > top and page.index("Rokiškio rajono") > top, "territory libraries below")
    check('href="/staff/institutions"' in page, "superadmin nav entry")
    r = s.post("/staff/institutions", {"slug": "kupiskis", "name_lt": "Kupiškio viešoji biblioteka",
                                       "name_en": "", "type": "municipal",
                                       "parent_id": one(sk, "SELECT id FROM institutions WHERE slug = 'pavb'")})
    eq(r.status, 303, r.text[:300])
    eq(r.header("Location"), "/staff/kupiskis/users/new")
    eq(one(sk, "SELECT p.slug FROM institutions i JOIN institutions p ON p.id = i.parent_id WHERE i.slug = 'kupiskis'"), "pavb")
    eq(one(sk, "SELECT COUNT(*) FROM role_permissions rp JOIN institutions i ON i.id = rp.institution_id "
               "WHERE i.slug = 'kupiskis'"), one(sk, "SELECT COUNT(*) FROM role_permission_defaults"))
    for bad in ("staff", "audit", "pavb", "Bad Slug"):
        r = s.post("/staff/institutions", {"slug": bad, "name_lt": "X", "type": "school"})
        eq(r.status, 422, f"slug {bad}")
    eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'institution_created' AND actor_user_id IS NOT NULL"), "1")
    # the installation audit log shows sign-ins (installation-level rows)
    page = s.get("/staff/audit?inst=-").text
    check("Prisijungė" in page, "login rows on the installation audit log")
    eq(c.get("/staff/institutions").status, 403, "institution admin is not a superadmin")


@test
def audit_log_pages_filters_csv_and_append_only(sk):
    srv, c = world(sk)
    for i in range(53):
        eq(c.post("/staff/pavb/settings/departments", {"dept_name_lt": f"Skyrius {i:02d}"}).status, 303)
    c.post("/staff/pavb/settings", {"name_lt": PAVB, "description_lt": 'Kabutės "ir" kabliataškis; =SUM(A1)'})
    n = int(one(sk, "SELECT COUNT(*) FROM audit_log WHERE institution_id = (SELECT id FROM institutions WHERE slug = 'pavb')"))
    check(n >= 54, f"{n} rows")
    page = c.get("/staff/pavb/audit")
    eq(page.status, 200)
    eq(len(re.findall(r"<tr><td><time", page.text)), 50, "50 per page")
    check("Įstaigos profilis pakeistas" in page.text, "newest first, action label in Lithuanian")
    check("Administratorė Aistė" in page.text, "actor name")
    check(re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", page.text), "local time")
    m = re.search(r'href="(/staff/pavb/audit\?[^"]*before=\d+)"', page.text)
    check(m, "older page link")
    older = c.get(m.group(1).replace("&amp;", "&")).text
    eq(len(re.findall(r"<tr><td><time", older)), n - 50)
    check("Skyrius 00" in older and "Skyrius 00" not in page.text, "the oldest on page two")
    m = re.search(r'href="(/staff/pavb/audit\?[^"]*after=\d+)"', older)
    check(m, "newer page link")
    eq(len(re.findall(r"<tr><td><time", c.get(m.group(1).replace("&amp;", "&")).text)), 50)
    # filters
    page = c.get("/staff/pavb/audit?action=institution_updated").text
    eq(len(re.findall(r"<tr><td><time", page)), 1)
    eq(c.get("/staff/pavb/audit?from=1999-99-99").status, 200, "bad date reported, not a crash")
    page = c.get("/staff/pavb/audit?from=2000-01-01&to=2000-01-31").text
    eq(len(re.findall(r"<tr><td><time", page)), 0)
    # CSV
    r = c.get("/staff/pavb/audit.csv")
    eq(r.status, 200)
    check((r.header("Content-Type") or "").startswith("text/csv"), "CSV type")
    check("attachment" in (r.header("Content-Disposition") or ""))
    check(r.body.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM")
    text = r.body[3:].decode("utf-8")
    check("\r\n" in text, "CRLF rows")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    eq(rows[0][0], "ID")
    check("Laikas (Europe/Vilnius)" in rows[0], f"Lithuanian header {rows[0]}")
    eq(len(rows), n + 1)
    prof = [x for x in rows if "institution_updated" in x]
    eq(len(prof), 1)
    eq(json.loads(prof[0][10])["description_lt"], 'Kabutės "ir" kabliataškis; =SUM(A1)', "quoted cell round-trips")
    eq(c.get("/staff/pavb/audit.csv?action=department_created").body[3:].decode().count("\r\n"), 54)
    # a cell Excel would run as a formula gets a leading apostrophe
    sk.add_user("formula@pavb.lt", "=HYPERLINK(1)", inst="pavb", roles=["ADMIN"])
    f = login(srv.client(), "formula@pavb.lt")
    eq(f.post("/staff/pavb/settings/departments", {"dept_name_lt": "Formulių skyrius"}).status, 303)
    rows = list(csv.reader(io.StringIO(c.get("/staff/pavb/audit.csv?action=department_created").body[3:].decode(),
                                       newline=""), delimiter=";"))
    eq(rows[1][2], "'=HYPERLINK(1)", "formula defused")
    check(';' in text.split("\r\n")[0], "semicolon delimiter")
    # another institution's log is not reachable
    sk.add_user("admin@birzai.lt", "Biržai", inst="birzai", roles=["ADMIN"])
    b = login(srv.client(), "admin@birzai.lt")
    check("Skyrius" not in b.get("/staff/birzai/audit").text, "scoped to the institution")
    eq(b.get("/staff/pavb/audit.csv").status, 403)
    # append-only in the database itself
    err = db_write_refused(sk, "UPDATE audit_log SET action = 'x'")
    check("append-only" in err, err)
    err = db_write_refused(sk, "DELETE FROM audit_log")
    check("append-only" in err, err)
    eq(int(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'x'")), 0)


run()

"""The command line: migrations (idempotent, refuse a newer schema),
backup, user and institution administration, route table, check-sql."""
import os
import subprocess

from sk import test, run, eq, check


@test
def migrate_is_idempotent_and_refuses_newer_schema(sk):
    r = sk.cli("migrate")
    check("schema 1" in r.stdout or "schema" in r.stdout, r.stdout)
    before = sk.sql("SELECT COUNT(*) FROM schema_migrations")[0][0]
    sk.cli("migrate")
    eq(sk.sql("SELECT COUNT(*) FROM schema_migrations")[0][0], before, "second migrate applied nothing")
    # pretend a newer program migrated this database
    if sk.kind == "sqlite":
        subprocess.run(["sqlite3", sk.db_url[7:], "INSERT INTO schema_migrations VALUES (999, '999_future.sql', 0)"], check=True)
    else:
        subprocess.run(["psql", "-q", sk.db_url, "-c", "INSERT INTO schema_migrations VALUES (999, '999_future.sql', 0)"], check=True)
    r = sk.cli("migrate", check_rc=False)
    check(r.returncode != 0, "migrate must refuse a newer schema")
    check("newer" in r.stderr, r.stderr)
    r = sk.cli("serve", check_rc=False, env={"SKLAIDA_PORT": "1"})
    check(r.returncode != 0 and "newer" in r.stderr, "serve must refuse a newer schema too")


@test
def backup_is_consistent_copy(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka")
    sk.add_user("a@pavb.lt", "Rūta Petrauskienė", inst="pavb", roles=["ADMIN"])
    out = os.path.join(sk.tmp, "backup.db")
    r = sk.cli("backup", out, check_rc=False)
    if sk.kind == "pg":
        check(r.returncode != 0 and "pg_dump" in r.stderr, "PostgreSQL backups are pg_dump's job: " + r.stderr)
        return
    eq(r.returncode, 0, r.stderr)
    ic = subprocess.run(["sqlite3", out, "PRAGMA integrity_check"], capture_output=True, text=True).stdout.strip()
    eq(ic, "ok")
    name = subprocess.run(["sqlite3", out, "SELECT name FROM users WHERE email='a@pavb.lt'"],
                          capture_output=True, text=True).stdout.strip()
    eq(name, "Rūta Petrauskienė")


@test
def user_commands(sk):
    sk.add_inst("pavb", "PAVB")
    # generated password is printed when stdin is empty
    r = sk.cli("user", "add", "Jonas@PAVB.lt", "Jonas Jonaitis", "--role", "pavb:PR", input="")
    email, pw = r.stdout.strip().split("\t")
    eq(email, "jonas@pavb.lt", "e-mail is stored in lower case")
    check(len(pw) >= 20, "generated password is long")
    c = sk.server().client()
    c.login("jonas@pavb.lt", pw)
    eq(c.get("/staff/pavb/").status, 200)
    # short password refused
    r = sk.cli("user", "add", "x@pavb.lt", "X", input="short\n", check_rc=False)
    check(r.returncode != 0 and "12" in r.stderr, r.stderr)
    # duplicate e-mail refused
    r = sk.cli("user", "add", "jonas@pavb.lt", "Dup", input="another long password\n", check_rc=False)
    check(r.returncode != 0 and "taken" in r.stderr, r.stderr)
    # unknown role refused, nothing half-created
    r = sk.cli("user", "add", "y@pavb.lt", "Y", "--role", "pavb:NOPE", input="another long password\n", check_rc=False)
    check(r.returncode != 0, "bad role refused")
    eq(sk.sql("SELECT COUNT(*) FROM users WHERE email='y@pavb.lt'")[0][0], "0", "no half-created user")
    # passwd and disable
    sk.cli("user", "passwd", "jonas@pavb.lt", input="a brand new password 1\n")
    c2 = sk.servers[0].client()
    c2.login("jonas@pavb.lt", "a brand new password 1")
    sk.cli("user", "disable", "jonas@pavb.lt")
    r = c2.get("/staff/pavb/")
    eq(r.status, 303, "disabled user loses the session")


@test
def institution_commands(sk):
    sk.add_inst("pavb", "PAVB", "county")
    r = sk.cli("institution", "add", "staff", "Reserved", "municipal", check_rc=False)
    check(r.returncode != 0, "reserved slug refused")
    r = sk.cli("institution", "add", "pavb", "Again", "county", check_rc=False)
    check(r.returncode != 0, "duplicate slug refused")
    r = sk.cli("institution", "add", "x", "Bad type", "castle", check_rc=False)
    check(r.returncode != 0, "bad type refused")
    sk.add_inst("birzai", "Biržų biblioteka", "municipal", parent="pavb")
    rows = sk.sql("SELECT COUNT(*) FROM role_permissions rp JOIN institutions i ON i.id = rp.institution_id WHERE i.slug='birzai'")
    check(int(rows[0][0]) > 0, "the new institution got the default permission matrix")


@test
def routes_and_statements(sk):
    r = sk.cli("routes")
    lines = [l.split("\t") for l in r.stdout.splitlines()]
    check(any(l[0] == "GET" and l[1] == "/healthz" for l in lines), "route table lists /healthz")
    check(all(l[0] in ("GET", "POST") for l in lines), "only GET and POST routes")
    r = sk.cli("check-sql")
    check("all prepare" in r.stdout, r.stdout)


run()

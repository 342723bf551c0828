"""Smoke: the server starts on a fresh database, answers /healthz with the
backend and schema, serves the public home, and test-http agrees."""
from sk import test, run, eq, check


@test
def healthz_live_and_raw(sk):
    srv = sk.server()
    r = srv.client().get("/healthz")
    eq(r.status, 200)
    j = r.json()
    eq(j["status"], "ok")
    eq(j["db"], "sqlite" if sk.kind == "sqlite" else "postgresql")
    check(j["schema"] >= 1, "schema version")
    raw = sk.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    eq(raw.status, 200)
    eq(raw.json()["db"], j["db"])


@test
def public_home_lists_institutions(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    srv = sk.server()
    c = srv.client()
    r = c.get("/")
    eq(r.status, 200)
    check("Panevėžio apskrities" in r.text, "county library listed")
    check('href="/birzai/"' in r.text, "territory library listed under it")
    r = c.get("/pavb/")
    eq(r.status, 200)
    check("Biržų rajono" in r.text)
    eq(c.get("/nope/").status, 404)


run()

"""The response cache of public pages (src/http/cache.c): a write is
visible on the next anonymous request, whoever made it -- a handler of
this server, another process (the CLI), or on PostgreSQL another node
within the TTL; logged-in people never get a cached page and never leave
theirs in the cache; languages are cached apart."""
import re
import time

from sk import test, run, check, eq

PW = "correct horse battery"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_user("admin@pavb.lt", "Administratorė Aistė", inst="pavb", roles=["ADMIN"])
    return sk.server()


def settle(sk):
    # another process's write: SQLite notices it at once (PRAGMA
    # data_version); PostgreSQL entries expire after SKLAIDA_CACHE_TTL_MS
    if sk.kind == "pg":
        time.sleep(1.2)


def until_hit(fetch, what):
    """Each pool thread's first request is a miss (its connection knows no
    history) and which thread takes a request is the kernel's choice: ask
    until one is a hit, as a returning visitor would."""
    for _ in range(40):
        r = fetch()
        if r.header("X-Cache") == "hit":
            return r
    check(False, f"{what}: no hit in 40 requests")


@test
def writes_show_on_the_next_anonymous_request(sk):
    srv = world(sk)
    anon = srv.client()
    a = anon.get("/pavb/")
    eq(a.status, 200)
    check(a.header("X-Cache") is None, "the first request cannot be a hit")
    # each pool thread's first request starts it afresh (its connection
    # knows no history); after a few requests every thread has one
    hits = [anon.get("/pavb/") for _ in range(12)]
    hits.append(until_hit(lambda: anon.get("/pavb/"), "repeated anonymous requests"))
    hits.append(until_hit(lambda: anon.get("/pavb/"), "repeated anonymous requests"))
    check(all(h.body == a.body for h in hits), "a repeated anonymous request changed")
    # a hit carries the same security headers; its CSP allows no inline
    # script (no cached page has one: pages with a nonce are not kept)
    csp_miss, csp_hit = a.header("Content-Security-Policy"), hits[-1].header("Content-Security-Policy")
    check("'nonce-" in csp_miss and "'nonce-" not in csp_hit and "unsafe-inline" not in csp_hit, csp_hit)
    eq(csp_hit.replace("script-src 'self';", ""), re.sub(r"script-src 'self' 'nonce-[^']+';", "", csp_miss))
    for h in ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
        eq(hits[-1].header(h), a.header(h), h)
    check("<script" not in a.text or "nonce=" not in a.text, "a cached page has no nonce'd script")
    check("Biržų" not in a.text, "no Territory library yet")
    # another process adds a Territory library
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    settle(sk)
    c = srv.client().get("/pavb/")
    check("Biržų rajono" in c.text and c.header("X-Cache") is None, "a CLI write is not visible on the cached page")
    check("Biržų rajono" in srv.client().get("/").text, "a CLI write is not visible on the cached start page")
    # a handler of this server changes the profile
    adm = srv.client()
    adm.login("admin@pavb.lt", PW)
    page = adm.get("/staff/pavb/settings")
    eq(page.status, 200)
    r = adm.post("/staff/pavb/settings", {
        "name_lt": "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka",
        "name_en": "", "short_name": "PAVB", "address": "Respublikos g. 18, Panevėžys", "website": "",
        "email": "", "phone": "+370 45 123456", "description_lt": "", "description_en": ""})
    check(r.status in (200, 303), f"settings save answered {r.status}: {r.text[:300]}")
    t = srv.client().get("/pavb/").text
    check("+370 45 123456" in t and "Respublikos g. 18" in t, "an in-process write is not visible on the cached page")


@test
def personal_pages_are_never_cached_or_served_from_cache(sk):
    srv = world(sk)
    anon = srv.client()
    anon.get("/pavb/")                      # an anonymous entry exists now
    adm = srv.client()
    adm.login("admin@pavb.lt", PW)
    mine = adm.get("/pavb/")
    eq(mine.status, 200)
    check("Administratorė Aistė" in mine.text and mine.header("X-Cache") is None,
          "the logged-in person got the anonymous cached page")
    check("no-store" in (mine.header("Cache-Control") or ""), "a personal page is not no-store")
    again = srv.client().get("/pavb/")
    check("Administratorė Aistė" not in again.text, "a personal page was stored in the cache")


@test
def languages_are_cached_apart(sk):
    srv = world(sk)
    lt = srv.client().get("/pavb/")
    en = srv.client().get("/pavb/?lang=en")
    check('lang="lt"' in lt.text and 'lang="en"' in en.text, "language markup")
    eq(srv.client().get("/pavb/").text, lt.text, "Lithuanian page after the English one")
    c = srv.client()
    c.cookies["lang"] = "en"
    check('lang="en"' in c.get("/pavb/").text, "the language cookie is part of the key")


@test
def hits_answer_alike_over_http_and_behind_https(sk):
    # a hit reuses the response built for the entry's first hit, one per
    # scheme (cache.c, kept): the headers must not leak from one request
    # to another -- HSTS only over HTTPS, the same body and headers else
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    srv = sk.server(env={"SKLAIDA_TRUST_PROXY": "1"})
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"}
    first = srv.client().get("/pavb/events.ics")
    eq(first.status, 200)
    plain = [srv.client().get("/pavb/events.ics") for _ in range(10)]
    plain.append(until_hit(lambda: srv.client().get("/pavb/events.ics"), "plain"))
    secure = [srv.client().get("/pavb/events.ics", headers=https) for _ in range(10)]
    secure.append(until_hit(lambda: srv.client().get("/pavb/events.ics", headers=https), "secure"))
    head = srv.client().request("HEAD", "/pavb/events.ics", headers=https)

    def shape(resp):
        return sorted((k.lower(), v) for k, v in resp.headers if k.lower() not in ("date", "x-cache"))

    check(plain[-1].header("X-Cache") == "hit" and secure[-1].header("X-Cache") == "hit", "no hits")
    for a in plain + secure:
        eq(a.body, first.body, "a hit's body")
    for a in plain:
        check(a.header("Strict-Transport-Security") is None, "HSTS over plain HTTP")
        eq(shape(a), shape(plain[-1]), "plain hits differ")
    for a in secure:
        eq(a.header("Strict-Transport-Security"), "max-age=31536000", "no HSTS behind HTTPS")
        eq(shape(a), shape(secure[-1]), "secure hits differ")
    eq(head.status, 200)
    eq(head.body, b"", "HEAD sent a body")
    eq(head.header("Content-Length"), str(len(first.body)), "HEAD's length")
    # the other order: an entry stored by a request behind HTTPS, then
    # plain hits (each scheme's slot starts empty, whichever came first)
    s1 = srv.client().get("/pavb/events.atom", headers=https)
    eq(s1.status, 200)
    later = [srv.client().get("/pavb/events.atom") for _ in range(10)]
    later.append(until_hit(lambda: srv.client().get("/pavb/events.atom"), "plain after secure"))
    check(later[-1].header("X-Cache") == "hit", "no plain hits after a secure store")
    for a in later:
        eq(a.body, s1.body, "a plain hit's body")
        check(a.header("Strict-Transport-Security") is None, "HSTS over plain HTTP after a secure store")


@test
def long_addresses_are_cached_apart(sk):
    # the key once had a 128-byte cap: two addresses that differ only
    # after it shared an entry, and the second got the first one's page
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    srv = sk.server()
    pad = "/pavb/events?from=2027-03-01&q=" + "skaitymai%20" * 20
    month, lst = pad + "&view=month", pad + "&view=list"
    a = [srv.client().get(month) for _ in range(8)]
    a.append(until_hit(lambda: srv.client().get(month), "month view"))
    check(a[-1].header("X-Cache") == "hit", "the month view is not cached")
    b = srv.client().get(lst)
    eq(b.status, 200)
    check(b.body != a[-1].body, "the list view got the month view's cached page")
    check("event-month" in a[-1].text and "event-month" not in b.text, "the list view is a month grid")


@test
def hits_come_gzipped_to_clients_that_take_it(sk):
    import gzip
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    srv = sk.server()
    plain = srv.client().get("/pavb/")
    eq(plain.status, 200)
    eq(plain.header("Vary"), "Accept-Encoding", "a miss of a cacheable page")
    check(plain.header("Content-Encoding") is None, "a miss is sent as it is")

    def get(ae, method="GET"):
        return srv.client().request(method, "/pavb/", headers={"Accept-Encoding": ae} if ae is not None else {})

    def hit(ae, method="GET"):
        # a HEAD miss stores nothing (it has no body): a GET before each
        # try puts the entry back if a commit of the in-process worker
        # emptied the cache meanwhile
        if method == "HEAD":
            return until_hit(lambda: (get(ae), get(ae, method))[1], ae + " HEAD")
        return until_hit(lambda: get(ae, method), ae)

    g = hit("gzip, deflate, br")
    eq(g.header("Content-Encoding"), "gzip")
    eq(g.header("Vary"), "Accept-Encoding")
    eq(gzip.decompress(g.body), plain.body, "the gzip'd hit is the page")
    check(len(g.body) < len(plain.body) / 2, f"{len(g.body)} bytes gzip'd of {len(plain.body)}")
    # the identity variant of the same entry is still served as it is
    for ae in (None, "identity", "gzip;q=0, identity", "GZIP; q=0.000", "br", "*;q=0", "deflate"):
        a = hit(ae)
        check(a.header("Content-Encoding") is None, f"{ae}: compressed for a client that refused it")
        eq(a.body, plain.body, f"{ae}: identity body")
        eq(a.header("Vary"), "Accept-Encoding", f"{ae}: Vary")
    for ae in ("*", "x-gzip", "br;q=1.0, gzip;q=0.5", "identity;q=0.1, gzip;q=0.01"):
        a = hit(ae)
        eq(a.header("Content-Encoding"), "gzip", ae)
        eq(gzip.decompress(a.body), plain.body, ae)
    h = hit("gzip", "HEAD")
    eq(h.header("Content-Encoding"), "gzip")
    eq(h.header("Content-Length"), str(len(g.body)), "HEAD's length is the gzip'd one")
    eq(h.body, b"")
    # a write: the next answer is fresh, compressed again once stored
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    settle(sk)
    first = get("gzip")
    check(first.header("X-Cache") is None and first.header("Content-Encoding") is None,
          "the first answer after a write is rendered, not an old entry")
    again = hit("gzip")
    eq(again.header("Content-Encoding"), "gzip")
    check("Biržų rajono".encode() in gzip.decompress(again.body), "the gzip'd entry is not the fresh page")
    # people who are logged in get their page as it is, never compressed
    sk.add_user("admin@pavb.lt", "Administratorė Aistė", inst="pavb", roles=["ADMIN"])
    adm = srv.client()
    adm.login("admin@pavb.lt", PW)
    mine = adm.request("GET", "/pavb/", headers={"Accept-Encoding": "gzip"})
    check(mine.header("Content-Encoding") is None and b"Administrator" in mine.body, "a personal page was gzip'd")


if __name__ == "__main__":
    run()

"""Event registration (issue 3, C8, S8): the public form on the event page,
capacity under concurrent registration (threads against a live server),
the waitlist with time-limited offers (promotion on cancel, expiry through
`sklaida registrations sweep`), the secret cancellation link, the
registration window, bad input (over capacity, no consent), the mails
(read from an aiosmtpd sink, in the visitor's language), event
cancellation, the staff list, CSV and attendance, the API, and isolation
between institutions -- checked against the database."""
import base64
import csv
import datetime as dt
import email
import email.policy
import io
import json
import re
import threading
import time

from aiosmtpd.controller import Controller

from sk import test, run, check, eq, free_port

PW = "correct horse battery"


class Sink:
    """An SMTP server on 127.0.0.1 that keeps every message."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                with sink.lock:
                    sink.messages.append((list(envelope.rcpt_tos), envelope.content))
                return "250 OK"

        self.port = free_port()
        self.ctl = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.ctl.start()

    def env(self):
        return {"SKLAIDA_SMTP_URL": f"smtp://127.0.0.1:{self.port}", "SKLAIDA_SMTP_TLS": "none",
                "SKLAIDA_MAIL_FROM": "renginiai@example.org"}

    def mails(self, to=None):
        out = []
        with self.lock:
            msgs = list(self.messages)
        for rcpt, data in msgs:
            m = email.message_from_bytes(data, policy=email.policy.default)
            if to is None or to in rcpt:
                out.append((str(m["Subject"]), m.get_content()))
        return out

    def wait(self, to, n=1, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            got = self.mails(to)
            if len(got) >= n:
                return got
            time.sleep(0.1)
        raise AssertionError(f"expected {n} mail(s) to {to}, got {self.mails(to)!r}")

    def stop(self):
        self.ctl.stop()


def login(c, mail, pw=PW):
    c.get("/login")
    r = c.post("/login", {"email": mail, "password": pw})
    check(r.status == 303, f"login of {mail} failed: {r.status}")
    c.csrf = None
    c.get("/profile")
    return c


def token_for(srv, mail):
    c = login(srv.client(), mail)
    r = c.post("/profile/tokens", {"token_name": "testai"})
    eq(r.status, 201)
    return re.search(r'readonly value="(sk_[^"]+)"', r.text).group(1)


class Api:
    def __init__(self, srv, token):
        self.c = srv.client()
        self.h = {"Authorization": f"Bearer {token}"}

    def get(self, path):
        return self.c.get(path, headers=self.h)

    def post(self, path, obj):
        return self.c.request("POST", path, body=json.dumps(obj), ctype="application/json", headers=self.h)


def one(sk, q):
    rows = sk.sql(q)
    check(len(rows) == 1, f"one row for {q!r}: {rows!r}")
    return rows[0][0] if len(rows[0]) == 1 else rows[0]


def world(sk, env=None, threads=None):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("renginiai@pavb.lt", "Renata Renginienė", inst="pavb", roles=["EVENT"])
    sk.add_user("staff@pavb.lt", "Stasys Darbuotojas", inst="pavb", roles=["STAFF"])
    sk.add_user("b@birzai.lt", "Birutė Biržietė", inst="birzai", roles=["EVENT"])
    e = dict(env or {})
    if threads:
        e["SKLAIDA_THREADS"] = str(threads)
    return sk.server(env=e)


def make_event(a, title="Knygos „Žalios lankos“ pristatymas", capacity=10, days=20, photo=False, rrule="",
               type_="book_presentation"):
    d = (dt.date.today() + dt.timedelta(days=days)).isoformat()
    body = {"title": title, "type": type_, "start_date": d, "start_time": "18:00", "end_time": "19:30",
            "capacity": capacity, "photo_notice": photo, "rrule": rrule}
    r = a.post("/api/v1/pavb/events", body)
    eq(r.status, 201, r.text[:300])
    eid = r.json()["id"]
    for st in ("planned", "confirmed", "published"):
        r = a.post(f"/api/v1/pavb/events/{eid}", {"state": st})
        eq(r.status, 200, f"{st}: {r.text[:300]}")
    return eid


def occ_of(c, eid):
    r = c.get(f"/pavb/events/{eid}/register")
    eq(r.status, 200, r.text[:300])
    m = re.search(r'name="occurs_at" value="(\d+)"', r.text) or re.search(r'<option value="(\d+)"', r.text)
    check(m, "an occurrence on the form")
    return m.group(1)


def with_csrf(c):
    """A visitor's CSRF token even where the page shows no form."""
    if not c.csrf:
        c.get("/login")
    return c


def register(srv, eid, occ, name, mail, places=1, consent=True, extra=None, lang=None):
    c = srv.client()
    c.get(f"/pavb/events/{eid}/register" + (f"?lang={lang}" if lang else ""))
    with_csrf(c)
    data = {"occurs_at": occ, "name": name, "email": mail, "places": str(places), "mode": "in_person"}
    if consent:
        data["consent"] = "1"
    data.update(extra or {})
    return c.post(f"/pavb/events/{eid}/register", data)


def manage_link(r):
    m = re.search(r'href="(/pavb/events/\d+/registration/[A-Za-z0-9_-]{20,})"', r.text)
    check(m, f"a link to the registration on the page: {r.text[:2000]}")
    return m.group(1)


def link_in(body):
    m = re.search(r"http://127\.0\.0\.1(/pavb/events/\d+/registration/[A-Za-z0-9_-]{20,})", body)
    check(m, f"a registration link in the mail: {body!r}")
    return m.group(1)


def statuses(sk, eid):
    return dict((k, int(v)) for k, v in sk.sql(
        f"SELECT status, SUM(places) FROM registrations WHERE event_id = {eid} GROUP BY status"))


@test
def register_confirm_mail_and_cancel_link(sk):
    sink = Sink()
    try:
        srv = world(sk, env=sink.env())
        a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
        eid = make_event(a, capacity=3)
        pub = srv.client()
        page = pub.get(f"/pavb/events/{eid}")
        eq(page.status, 200)
        check("Registracija" in page.text and "Liko 3 vietos" in page.text, f"block with places: {page.text[-3000:]}")
        check(f'action="/pavb/events/{eid}/register"' in page.text, "the form on the event page")
        occ = occ_of(pub, eid)
        r = register(srv, eid, occ, "Jonas Jonaitis", "jonas@example.org", places=2)
        eq(r.status, 200, r.text[:500])
        check("Jūs užsiregistravote" in r.text, r.text[:2000])
        eq(one(sk, f"SELECT status || ':' || places || ':' || lang FROM registrations WHERE event_id = {eid}"),
           "confirmed:2:lt")
        check(len(one(sk, "SELECT token_hash FROM registrations")) == 64, "the token is stored hashed")
        link = manage_link(r)
        check(link.rsplit("/", 1)[1] not in str(sk.sql("SELECT token_hash FROM registrations")), "not in clear")
        subj, body = sink.wait("jonas@example.org")[0]
        check("Registracija patvirtinta" in subj and "Žalios lankos" in subj, subj)
        check("2 vietos" in body and "Jonas Jonaitis" in body, body)
        eq(link_in(body), link, "the same link in the mail and on the page")
        # the places left went down
        check("Liko 1 vieta" in pub.get(f"/pavb/events/{eid}").text, "1 place left")
        # an English visitor gets English mail
        r = register(srv, eid, occ, "Jane Doe", "jane@example.org", lang="en")
        eq(r.status, 200, r.text[:500])
        check("You are registered" in r.text, r.text[:1500])
        subj, body = sink.wait("jane@example.org")[0]
        check(subj.startswith("Registration confirmed"), subj)
        check("1 place" in body and "To see or cancel your registration" in body, body)
        # the link: see, cancel (POST with CSRF), cannot cancel twice
        v = srv.client()
        p = v.get(link)
        eq(p.status, 200)
        check("Jonas Jonaitis" in p.text and "Vieta patvirtinta" in p.text, p.text[:3000])
        eq(v.post(link + "/cancel", {}, csrf=False).status, 403, "no CSRF, no cancel")
        p = v.post(link + "/cancel", {})
        eq(p.status, 200, p.text[:500])
        check("registracija atšaukta" in p.text, p.text[:3000])
        eq(statuses(sk, eid), {"cancelled": 2, "confirmed": 1})
        eq(v.post(link + "/cancel", {}).status, 409, "cancelled already")
        eq(v.get(link[:-4] + "AAAA").status, 404, "a wrong token")
        eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'registration.cancel'"), "1")
        check("jonas@example.org" not in str(sk.sql("SELECT before_json, after_json FROM audit_log")),
              "no personal data in the audit log")
    finally:
        sink.stop()


@test
def capacity_never_exceeded_under_concurrency(sk):
    srv = world(sk, threads=16)   # many requests in flight at once
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    eid = make_event(a, capacity=10)
    occ = occ_of(srv.client(), eid)
    # every visitor gets a form (and a CSRF token) first, then all post at once
    clients = []
    for i in range(32):
        c = srv.client()
        c.get(f"/pavb/events/{eid}/register")
        clients.append(c)
    go = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def one_visitor(i):
        go.wait()
        results[i] = clients[i].post(f"/pavb/events/{eid}/register",
                                     {"occurs_at": occ, "name": f"Lankytojas {i}", "email": f"l{i}@example.org",
                                      "places": "1", "mode": "in_person", "consent": "1"}).status

    ts = [threading.Thread(target=one_visitor, args=(i,)) for i in range(len(clients))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    eq(results, [200] * len(clients), "every request answered")
    eq(statuses(sk, eid), {"confirmed": 10, "waitlisted": 22})
    # the waiting list is in order of arrival: all confirmed ids come before the waitlisted
    rows = sk.sql(f"SELECT id, status FROM registrations WHERE event_id = {eid} ORDER BY id")
    eq([s for _, s in rows], ["confirmed"] * 10 + ["waitlisted"] * 22)
    page = srv.client().get(f"/pavb/events/{eid}").text
    check("Vietų nebėra; laukiančiųjų sąraše: 22 žmonės" in page, f"full, 22 waiting: {page[-3000:]}")


@test
def waitlist_offer_accept_and_expiry(sk):
    sink = Sink()
    try:
        srv = world(sk, env=sink.env())
        a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
        eid = make_event(a, capacity=1, title="Poezijos vakaras")
        occ = occ_of(srv.client(), eid)
        ra = register(srv, eid, occ, "Aldona", "a@example.org")
        rb = register(srv, eid, occ, "Bronius", "b@example.org")
        rc = register(srv, eid, occ, "Česlovas", "c@example.org")
        check("laukiančiųjų sąrašą" in rb.text, rb.text[:2000])
        eq(statuses(sk, eid), {"confirmed": 1, "waitlisted": 2})
        subj, body = sink.wait("b@example.org")[0]
        check("Laukiančiųjų sąraše" in subj and "(Nr. 1" in body, f"{subj}: {body}")
        check("(Nr. 2" in sink.wait("c@example.org")[0][1], "C is second")
        # A cancels: B gets an offer with a time limit, C still waits
        v = srv.client()
        v.get(manage_link(ra))
        eq(v.post(manage_link(ra) + "/cancel", {}).status, 200)
        eq(one(sk, f"SELECT status FROM registrations WHERE email = 'b@example.org'"), "offered")
        eq(one(sk, f"SELECT status FROM registrations WHERE email = 'c@example.org'"), "waitlisted")
        exp = int(one(sk, "SELECT offer_expires FROM registrations WHERE email = 'b@example.org'"))
        check(abs(exp - (time.time() + 24 * 3600)) < 120, f"24 h offer: {exp}")
        mails = sink.wait("b@example.org", 2)
        subj, body = mails[1]
        check("Jums atsirado vieta" in subj, subj)
        offer_b = link_in(body)
        check(offer_b != manage_link(rb), "the offer has its own link")
        eq(one(sk, "SELECT COUNT(*) FROM jobs WHERE kind = 'reg_offers' AND status = 'queued' "
                   "AND payload NOT LIKE '%daily%'"), "1", "the expiry job is queued")
        jid = one(sk, "SELECT id FROM jobs WHERE kind = 'reg_offers' AND payload NOT LIKE '%daily%'")
        sk.cli("job", "run", jid)   # run early by hand: the offer still holds
        eq(one(sk, "SELECT status FROM registrations WHERE email = 'b@example.org'"), "offered")
        eq(one(sk, "SELECT COUNT(*) FROM jobs WHERE kind = 'reg_daily' AND status = 'queued'"), "1",
           "and one daily sweep (kept queued by the worker)")
        # places held = capacity; nobody else gets in
        eq(statuses(sk, eid), {"cancelled": 1, "offered": 1, "waitlisted": 1})
        # a day later B has not answered: the sweep expires it and offers to C
        out = sk.cli("registrations", "sweep", "--at", str(exp + 5)).stdout
        check("1 offer(s) expired, 1 offer(s) made" in out, out)
        eq(one(sk, "SELECT status FROM registrations WHERE email = 'b@example.org'"), "expired")
        eq(one(sk, "SELECT status FROM registrations WHERE email = 'c@example.org'"), "offered")
        w = srv.client()
        w.get(offer_b)
        with_csrf(w)
        eq(w.post(offer_b + "/accept", {}).status, 409, "an expired offer cannot be taken")
        subj, body = sink.wait("c@example.org", 2)[1]
        offer_c = link_in(body)
        p = w.get(offer_c)
        check("Užimti vietą" in p.text, p.text[:3000])
        p = w.post(offer_c + "/accept", {})
        eq(p.status, 200, p.text[:500])
        check("Vieta jūsų" in p.text, p.text[:3000])
        eq(statuses(sk, eid), {"cancelled": 1, "expired": 1, "confirmed": 1})
        # the sweep has nothing more to do
        check("0 offer(s) expired, 0 offer(s) made" in sk.cli("registrations", "sweep").stdout, "idle sweep")
    finally:
        sink.stop()


@test
def window_and_bad_input(sk):
    srv = world(sk)
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    eid = make_event(a, capacity=5, photo=True)
    staff = login(srv.client(), "renginiai@pavb.lt")
    page = staff.get(f"/staff/pavb/events/{eid}/registrations")
    eq(page.status, 200)
    soon = (dt.datetime.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    r = staff.post(f"/staff/pavb/events/{eid}/registrations/settings",
                   {"enabled": "1", "opens": soon, "closes": "", "modes": "in_person", "offer_hours": "12"})
    eq(r.status, 303, r.text[:500])
    pub = srv.client()
    p = pub.get(f"/pavb/events/{eid}")
    check("Registracija prasidės" in p.text, p.text[-3000:])
    check(f'action="/pavb/events/{eid}/register"' not in p.text, "no form before the window")
    check("no-store" in (p.header("Cache-Control") or ""), "not cached: it changes when registration opens")
    occ = str(int(one(sk, f"SELECT starts_at FROM event_occurrences WHERE event_id = {eid}")))
    r = register(srv, eid, occ, "Per anksti", "early@example.org", extra={"photo_ack": "1"})
    eq(r.status, 422)
    check("Registracija prasidės" in r.text, r.text[:3000])
    past = (dt.datetime.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    r = staff.post(f"/staff/pavb/events/{eid}/registrations/settings",
                   {"enabled": "1", "opens": "", "closes": past, "modes": "in_person", "offer_hours": "12"})
    eq(r.status, 303)
    check("Registracija baigėsi" in pub.get(f"/pavb/events/{eid}").text, "closed")
    eq(register(srv, eid, occ, "Per vėlai", "late@example.org", extra={"photo_ack": "1"}).status, 422)
    r = staff.post(f"/staff/pavb/events/{eid}/registrations/settings",
                   {"enabled": "1", "opens": past, "closes": soon[:10] + "T00:00", "modes": "in_person",
                    "offer_hours": "0"})
    eq(r.status, 422, "offer hours 0")
    r = staff.post(f"/staff/pavb/events/{eid}/registrations/settings",
                   {"enabled": "1", "opens": "", "closes": "", "modes": "in_person", "offer_hours": "12"})
    eq(r.status, 303)
    eq(one(sk, "SELECT COUNT(*) FROM registrations"), "0", "nothing stored so far")
    # photography notice and consent are required
    r = register(srv, eid, occ, "Be sutikimo", "x@example.org", consent=False)
    eq(r.status, 422)
    check('id="consent-error"' in r.text or "consent" in r.text, r.text[:3000])
    check("Pažymėkite, kad perskaitėte" in r.text, "photo notice acknowledgement required")
    eq(register(srv, eid, occ, "Trys", "t@example.org", places=3, extra={"photo_ack": "1"}).status, 200)
    r = register(srv, eid, occ, "Dar trys", "d@example.org", places=3, extra={"photo_ack": "1"})
    eq(r.status, 422)
    check("Liko tik 2 vietos" in r.text, r.text[:3000])
    eq(register(srv, eid, occ, "Per daug", "m@example.org", places=11, extra={"photo_ack": "1"}).status, 422)
    eq(register(srv, eid, occ, "Bloga data", "bd@example.org", extra={"photo_ack": "1", "occurs_at": str(int(occ) + 60)}).status, 422)
    eq(register(srv, eid, occ, "Blogas paštas", "ne-pastas", extra={"photo_ack": "1"}).status, 422)
    eq(statuses(sk, eid), {"confirmed": 3}, "nothing half-stored")
    eq(one(sk, "SELECT photo_ack FROM registrations"), "1")


@test
def recurring_event_per_occurrence(sk):
    srv = world(sk)
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    eid = make_event(a, capacity=1, rrule="FREQ=WEEKLY;COUNT=3", title="Kūrybinės dirbtuvės", type_="education")
    occs = [o for (o,) in sk.sql(f"SELECT starts_at FROM event_occurrences WHERE event_id = {eid} ORDER BY starts_at")]
    eq(len(occs), 3)
    page = srv.client().get(f"/pavb/events/{eid}")
    eq(len(re.findall(r'<option value="\d+"', page.text)), 3, "a date to choose")
    eq(register(srv, eid, occs[0], "Pirma", "p1@example.org").status, 200)
    eq(register(srv, eid, occs[1], "Antra", "p2@example.org").status, 200)
    eq(register(srv, eid, occs[0], "Trečia", "p3@example.org").status, 200)
    eq(sorted(map(tuple, sk.sql(f"SELECT occurs_at, status FROM registrations ORDER BY id"))),
       sorted([(occs[0], "confirmed"), (occs[1], "confirmed"), (occs[0], "waitlisted")]))


@test
def hybrid_event_counts_the_hall_only(sk):
    srv = world(sk)
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    eid = make_event(a, capacity=2, title="Konferencija „Biblioteka 2030“", type_="conference")
    staff = login(srv.client(), "renginiai@pavb.lt")
    r = staff.post(f"/staff/pavb/events/{eid}/registrations/settings",
                   {"enabled": "1", "opens": "", "closes": "", "modes": "hybrid", "offer_hours": "6"})
    eq(r.status, 303, r.text[:500])
    page = srv.client().get(f"/pavb/events/{eid}").text
    check('name="mode"' in page and "Nuotoliu" in page, "the visitor chooses how to attend")
    occ = occ_of(srv.client(), eid)
    eq(register(srv, eid, occ, "Salėje", "hall@example.org", places=2).status, 200)
    eq(register(srv, eid, occ, "Dar salėje", "hall2@example.org").status, 200)
    eq(register(srv, eid, occ, "Nuotoliu", "online@example.org", places=5, extra={"mode": "online"}).status, 200)
    eq(sorted(map(tuple, sk.sql(f"SELECT email, status, mode FROM registrations WHERE event_id = {eid}"))),
       [("hall2@example.org", "waitlisted", "in_person"), ("hall@example.org", "confirmed", "in_person"),
        ("online@example.org", "confirmed", "online")])
    j = Api(srv, token_for(srv, "staff@pavb.lt")).get(f"/api/v1/pavb/events/{eid}/registrations").json()
    eq((j["modes"], j["offer_hours"], j["occurrences"][0]["held"], j["occurrences"][0]["left"]), ("hybrid", 6, 2, 0))
    # an event with only one mode refuses the other
    r = staff.post(f"/staff/pavb/events/{eid}/registrations/settings",
                   {"enabled": "1", "opens": "", "closes": "", "modes": "in_person", "offer_hours": "6"})
    eq(register(srv, eid, occ, "Nuotoliu 2", "online2@example.org", extra={"mode": "online"}).status, 422)
    # no settings at all on an event without a capacity: no registration
    plain = make_event(a, capacity=0, title="Paroda be registracijos", type_="exhibition")
    check('id="reg-h"' not in srv.client().get(f"/pavb/events/{plain}").text, "no registration block")
    eq(srv.client().get(f"/pavb/events/{plain}/register").status, 404)
    # ticked on, without a capacity: places are not limited
    r = staff.post(f"/staff/pavb/events/{plain}/registrations/settings",
                   {"enabled": "1", "opens": "", "closes": "", "modes": "in_person", "offer_hours": "24"})
    eq(r.status, 303)
    check("Vietų skaičius neribojamas" in srv.client().get(f"/pavb/events/{plain}").text, "unlimited")
    pocc = occ_of(srv.client(), plain)
    for i in range(3):
        eq(register(srv, plain, pocc, f"Lankytojas {i}", f"u{i}@example.org", places=10).status, 200)
    eq(statuses(sk, plain), {"confirmed": 30})


@test
def staff_list_csv_attendance_api_and_event_cancel(sk):
    sink = Sink()
    try:
        srv = world(sk, env=sink.env())
        a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
        eid = make_event(a, capacity=1, title="Susitikimas su rašytoju")
        occ = occ_of(srv.client(), eid)
        register(srv, eid, occ, "Ona Onaitė", "ona@example.org", extra={"phone": "+37060000000"})
        register(srv, eid, occ, "Petras Petraitis", "petras@example.org")
        staff = login(srv.client(), "renginiai@pavb.lt")
        check(f"/staff/pavb/events/{eid}/registrations" in staff.get(f"/staff/pavb/events/{eid}").text,
              "linked from the event")
        p = staff.get(f"/staff/pavb/events/{eid}/registrations")
        eq(p.status, 200)
        check("Ona Onaitė" in p.text and "+37060000000" in p.text and "Laukiančiųjų sąrašas" in p.text, p.text[-4000:])
        c = staff.get(f"/staff/pavb/events/{eid}/registrations.csv")
        eq(c.status, 200)
        rows = list(csv.reader(io.StringIO(c.body.decode("utf-8-sig")), delimiter=";"))
        eq(rows[0][:4], ["id", "date", "name", "email"])
        eq(sorted(r[2] for r in rows[1:]), ["Ona Onaitė", "Petras Petraitis"])
        # staff cancels Ona: Petras gets the offer
        rid = one(sk, "SELECT id FROM registrations WHERE email = 'ona@example.org'")
        eq(staff.post(f"/staff/pavb/events/{eid}/registrations/{rid}/cancel", {}).status, 303)
        eq(one(sk, "SELECT status FROM registrations WHERE email = 'petras@example.org'"), "offered")
        # STAFF may look but not change
        s = login(srv.client(), "staff@pavb.lt")
        eq(s.get(f"/staff/pavb/events/{eid}/registrations").status, 200)
        eq(s.post(f"/staff/pavb/events/{eid}/attendance", {"occurs_at": occ, "in_person": "1", "online": "0"}).status,
           403)
        # attendance from the page and the API
        r = staff.post(f"/staff/pavb/events/{eid}/attendance", {"occurs_at": occ, "in_person": "23", "online": "7"})
        eq(r.status, 303, r.text[:500])
        eq(one(sk, f"SELECT in_person || '/' || online FROM event_attendance WHERE event_id = {eid}"), "23/7")
        r = a.post(f"/api/v1/pavb/events/{eid}/attendance", {"occurs_at": int(occ), "in_person": 25, "online": -1})
        eq(r.status, 422, r.text)
        check("online" in r.text, r.text)
        r = a.post(f"/api/v1/pavb/events/{eid}/attendance", {"occurs_at": int(occ), "in_person": 25, "online": 9})
        eq(r.status, 200, r.text)
        eq(one(sk, f"SELECT in_person || '/' || online FROM event_attendance WHERE event_id = {eid}"), "25/9")
        j = a.get(f"/api/v1/pavb/events/{eid}/registrations").json()
        eq(j["capacity"], 1)
        eq(sorted(x["status"] for x in j["registrations"]), ["cancelled", "offered"])
        eq(j["occurrences"][0]["attendance"], {"in_person": 25, "online": 9})
        eq(j["occurrences"][0]["held"], 1)
        # cancelling the event tells the registrants and cancels their registrations
        r = a.post(f"/api/v1/pavb/events/{eid}", {"state": "cancelled", "cancel_reason": "Rašytojas susirgo"})
        eq(r.status, 200, r.text[:300])
        eq(statuses(sk, eid), {"cancelled": 2})
        subj, body = sink.wait("petras@example.org", 3)[-1]
        check("Renginys atšauktas" in subj and "Rašytojas susirgo" in body, f"{subj}: {body}")
        eq(len(sink.mails("ona@example.org")), 1, "Ona cancelled earlier: no mail about the event")
        # 90 days after the date the personal data are gone, the counts stay
        sk.cli("registrations", "sweep", "--at", str(int(occ) + 89 * 86400))
        eq(one(sk, "SELECT COUNT(*) FROM registrations"), "2")
        sk.cli("registrations", "sweep", "--at", str(int(occ) + 91 * 86400))
        eq(one(sk, "SELECT COUNT(*) FROM registrations"), "0")
        eq(one(sk, f"SELECT in_person || '/' || online FROM event_attendance WHERE event_id = {eid}"), "25/9")
    finally:
        sink.stop()


@test
def isolation_between_institutions(sk):
    srv = world(sk)
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    eid = make_event(a, capacity=5)
    occ = occ_of(srv.client(), eid)
    r = register(srv, eid, occ, "Slapta Asmenybė", "slapta@example.org")
    link = manage_link(r)
    b = login(srv.client(), "b@birzai.lt")
    check(b.get(f"/staff/pavb/events/{eid}/registrations").status in (403, 404), "no pavb page for birzai")
    check(b.get(f"/staff/pavb/events/{eid}/registrations.csv").status in (403, 404), "no pavb CSV")
    eq(b.get(f"/staff/birzai/events/{eid}/registrations").status, 404, "another institution's event")
    bt = Api(srv, token_for(srv, "b@birzai.lt"))
    check(bt.get(f"/api/v1/pavb/events/{eid}/registrations").status in (403, 404), "no pavb API")
    r = bt.get(f"/api/v1/birzai/events/{eid}/registrations")
    eq(r.status, 404, r.text)
    check("slapta" not in r.text.lower(), "nothing leaks")
    eq(srv.client().get(link.replace("/pavb/", "/birzai/")).status, 404, "the link only works in its institution")
    eq(srv.client().get(f"/birzai/events/{eid}/register").status, 404)


if __name__ == "__main__":
    run()

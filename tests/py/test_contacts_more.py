"""Media visits, press conferences, information requests and the GDPR
tooling of contacts (REQUIREMENTS C6, X15, S8 points 6 and 9) through the
staff pages of a live server, checked against the database, the mail
files and the staff calendar."""
import email
import email.policy
import glob
import os
import re
import time

from sk import test, run, check, eq, Fail

PW = "correct horse battery"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("pr@pavb.lt", "Ryšių Specialistė", "pavb", ["PR"])
    sk.add_user("head@pavb.lt", "Skyriaus Vadovė", "pavb", ["HEAD"])
    sk.add_user("admin@pavb.lt", "Administratorius", "pavb", ["ADMIN"])
    sk.add_user("pr@birzai.lt", "Biržų Ryšiai", "birzai", ["PR"])
    srv = sk.server()
    c = srv.client()
    c.login("pr@pavb.lt", PW)
    return srv, c


def client(srv, mail):
    c = srv.client()
    c.login(mail, PW)
    return c


def one(sk, q):
    rows = sk.sql(q)
    check(len(rows) == 1, f"{q}: {rows}")
    return rows[0][0] if len(rows[0]) == 1 else rows[0]


def person(c, slug="pavb", **kw):
    d = {"first_name": "Rasa", "last_name": "Testaitė", "legal_basis": "legitimate_interest"}
    d.update(kw)
    r = c.post(f"/staff/{slug}/contacts", d)
    check(r.status == 303, f"create failed: {r.status} {r.text[:500]}")
    return int(re.search(r"/contacts/(\d+)$", r.header("Location")).group(1))


def add_space(sk, srv, name):
    a = client(srv, "admin@pavb.lt")
    data = {"name": name, "kind": "room", "capacity": "30", "setup_min": "0", "teardown_min": "0",
            "price_hour": "", "price_day": "", "vat_rate": "21", "discount_ngo": "0", "discount_school": "0"}
    for d in range(7):
        data[f"open{d}"], data[f"close{d}"] = ("08:00", "20:00") if d < 5 else ("", "")
    r = a.post("/staff/pavb/spaces", data)
    eq(r.status, 303, r.text[:500])
    return int(one(sk, f"SELECT id FROM spaces WHERE name = '{name}'"))


def mails(sk, to):
    d = os.path.join(sk.tmp, "var", "mail")
    out = []
    for f in sorted(glob.glob(os.path.join(d, "*.eml"))):
        m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
        if m["To"] == to:
            out.append(m)
    return out


def wait_mail(sk, to, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        m = mails(sk, to)
        if m:
            return m
        time.sleep(0.1)
    raise Fail(f"no mail to {to}")


def org(c, name, kind="media", **kw):
    d = {"name": name, "kind": kind}
    d.update(kw)
    r = c.post("/staff/pavb/contacts/orgs", d)
    eq(r.status, 303, r.text[:400])
    return int(r.header("Location").rsplit("/", 1)[1])


# ---- media visits (AC-C6-3) -----------------------------------------------------------

@test
def media_visit_needs_head_approval_then_mails_and_calendar(sk):
    srv, c = world(sk)
    sid = add_space(sk, srv, "Konferencijų salė")
    oid = org(c, "LRT Panevėžio studija")
    a = person(c, first_name="Asta", last_name="Žemaitytė", email="asta@lrt.lt")
    b = person(c, first_name="Darius", last_name="Ylakis", email="darius@lrt.lt", do_not_contact="1")
    form = {"outlet": str(oid), "purpose": "filming", "requested_on": "2027-03-01", "visit_date": "2027-03-10",
            "start": "10:00", "end": "11:30", "space": str(sid), "areas": "Vaikų literatūros skyrius",
            "permissions": "Filmuoti galima skaityklose", "escort": "Ryšių specialistė"}
    # no journalist, end before start: field errors, nothing stored
    r = c.post("/staff/pavb/contacts/visits", dict(form, end="09:00"))
    eq(r.status, 422)
    check("e-person" in r.text and "e-end" in r.text, "field errors missing")
    eq(one(sk, "SELECT count(*) FROM media_visits"), "0")
    # one journalist
    eq(c.post("/staff/pavb/contacts/visits", dict(form, **{f"person-{a}": "1"}, visit_date="2027-05-10")).status, 303)
    # two journalists
    r = c.post("/staff/pavb/contacts/visits", dict(form, **{f"person-{a}": "1", f"person-{b}": "1"}))
    eq(r.status, 303, r.text[:600])
    vurl = r.header("Location")
    vid = int(vurl.rsplit("/", 1)[1])
    eq(one(sk, f"SELECT count(*) FROM media_visit_people WHERE visit_id = {vid}"), "2")
    # the first (one-journalist) registration also went through
    eq(one(sk, "SELECT count(*) FROM media_visits"), "2")
    # AC-C6-3: the PR specialist cannot confirm before the head approves, nor approve
    r = c.post(f"{vurl}/confirm", {})
    eq(r.status, 409, r.text[:300])
    eq(one(sk, f"SELECT status FROM media_visits WHERE id = {vid}"), "requested")
    eq(c.post(f"{vurl}/decide", {"decision": "approve"}).status, 403)
    eq(one(sk, "SELECT count(*) FROM bookings"), "0")
    check(not mails(sk, "asta@lrt.lt"), "mailed before the confirmation")
    h = client(srv, "head@pavb.lt")
    check('value="approve"' in h.get(vurl).text, "no approval form for the head")
    eq(h.post(f"{vurl}/decide", {"decision": "approve", "note": "Gerai"}).status, 303)
    eq(one(sk, f"SELECT status FROM media_visits WHERE id = {vid}"), "approved")
    eq(h.post(f"{vurl}/decide", {"decision": "decline"}).status, 409, "decided twice")
    r = c.post(f"{vurl}/confirm", {"message": "Susitiksime prie pagrindinio įėjimo."})
    eq(r.status, 303, r.text[:600])
    eq(one(sk, f"SELECT status FROM media_visits WHERE id = {vid}"), "confirmed")
    # the journalist gets the mail; the do-not-contact one does not
    m = wait_mail(sk, "asta@lrt.lt")[0]
    text = m.get_body().get_content()
    check("2027-03-10" in text and "10:00" in text and "Konferencijų salė" in text and "įėjimo" in text, text)
    time.sleep(0.5)
    check(not mails(sk, "darius@lrt.lt"), "mail sent to a do-not-contact person")
    # the booking and the staff calendar
    bk = one(sk, f"SELECT b.kind, b.status, b.space_id, b.title FROM bookings b JOIN media_visits v "
                 f"ON v.booking_id = b.id WHERE v.id = {vid}")
    eq(bk[:3], ["internal", "approved", str(sid)])
    cal = c.get("/staff/pavb/calendar?month=2027-03").text
    check("LRT Panevėžio studija" in cal, "visit not on the calendar")
    # interactions on each journalist: the request and the confirmation (a: also the May request)
    eq(one(sk, f"SELECT count(*) FROM contact_interactions WHERE person_id = {a} AND kind = 'media_visit'"), "3")
    eq(one(sk, f"SELECT count(*) FROM contact_interactions WHERE person_id = {b} AND kind = 'media_visit'"), "2")
    t = c.get(f"/staff/pavb/contacts/{a}").text
    check("Media visit confirmed" in t or "vizitas patvirtintas" in t, "interaction not on the person page")
    # outcome with clipping links
    r = c.post(f"{vurl}/outcome", {"outcome": "https://lrt.lt/naujienos/1\nhttps://lrt.lt/naujienos/2"})
    eq(r.status, 303)
    eq(one(sk, f"SELECT status FROM media_visits WHERE id = {vid}"), "done")
    check('href="https://lrt.lt/naujienos/2"' in c.get(vurl).text, "clipping link not shown")
    eq(one(sk, f"SELECT count(*) FROM contact_interactions WHERE person_id = {a} AND kind = 'media_visit'"), "4")
    acts = [x[0] for x in sk.sql(f"SELECT action FROM audit_log WHERE entity = 'media_visit' AND entity_id = {vid} "
                                 "ORDER BY id")]
    eq(acts, ["media_visit.create", "media_visit.approve", "media_visit.confirm", "media_visit.outcome"])
    # another institution sees nothing
    o = client(srv, "pr@birzai.lt")
    eq(o.get(f"/staff/birzai/contacts/visits/{vid}").status, 404)
    eq(o.post(f"/staff/birzai/contacts/visits/{vid}/cancel", {}).status, 404)
    check("LRT" not in o.get("/staff/birzai/contacts/visits").text, "listed in another institution")


@test
def media_visit_space_clash_and_decline(sk):
    srv, c = world(sk)
    sid = add_space(sk, srv, "Salė")
    a = person(c, first_name="Ieva", last_name="Juodytė", email="ieva@balsas.lt")
    h = client(srv, "head@pavb.lt")

    def visit(start, end):
        r = c.post("/staff/pavb/contacts/visits", {"purpose": "interview", "requested_on": "2027-04-01",
                                                    "visit_date": "2027-04-05", "start": start, "end": end,
                                                    "space": str(sid), f"person-{a}": "1"})
        eq(r.status, 303, r.text[:400])
        return r.header("Location")

    v1, v2, v3 = visit("10:00", "11:00"), visit("10:30", "12:00"), visit("13:00", "14:00")
    for v in (v1, v2):
        eq(h.post(f"{v}/decide", {"decision": "approve"}).status, 303)
    eq(c.post(f"{v1}/confirm", {}).status, 303)
    r = c.post(f"{v2}/confirm", {})
    eq(r.status, 409, "a clash in the space must stop the confirmation")
    check("conflicts with booking" in r.text or "užimta" in r.text, "clash not explained")
    eq(one(sk, f"SELECT status FROM media_visits WHERE id = {v2.rsplit('/', 1)[1]}"), "approved")
    eq(h.post(f"{v3}/decide", {"decision": "decline", "note": "Remontas"}).status, 303)
    eq(c.post(f"{v3}/confirm", {}).status, 409)
    # cancelling a confirmed visit frees the space
    eq(c.post(f"{v1}/cancel", {}).status, 303)
    eq(one(sk, f"SELECT b.status FROM bookings b JOIN media_visits v ON v.booking_id = b.id "
               f"WHERE v.id = {v1.rsplit('/', 1)[1]}"), "cancelled")
    eq(c.post(f"{v2}/confirm", {}).status, 303)


# ---- press conferences (AC-C6-4) ------------------------------------------------------

@test
def press_conference_invites_list_without_do_not_contact(sk):
    srv, c = world(sk)
    a = person(c, first_name="Rūta", last_name="Vaitkevičienė", email="ruta@sekunde.lt",
               salutation="Gerbiamoji Rūta", tags="žiniasklaida")
    b = person(c, first_name="Darius", last_name="Ylakis", email="darius@balsas.lt", tags="žiniasklaida",
               do_not_contact="1")
    d = person(c, first_name="Tomas", last_name="Čepulis", email="tomas@sekunde.lt", tags="žiniasklaida")
    # a saved-filter list and a static one with an overlap
    r = c.post("/staff/pavb/contacts/lists", {"name": "Žiniasklaida", "filter": "q=&tag=žiniasklaida&dnc=0"})
    eq(r.status, 303)
    fl = int(r.header("Location").rsplit("/", 1)[1])
    r = c.post("/staff/pavb/contacts/lists", {"name": "Kultūra"})
    sl = int(r.header("Location").rsplit("/", 1)[1])
    eq(c.post(f"/staff/pavb/contacts/lists/{sl}/members", {"person": str(a), "action": "add"}).status, 303)
    eq(c.post("/staff/pavb/contacts/press", {"title": "", "on_date": "2027-02-01", "start": "11:00"}).status, 422)
    r = c.post("/staff/pavb/contacts/press", {"title": "Bitės premijos laureato paskelbimas", "on_date": "2027-02-01",
                                              "start": "11:00", "place": "Konferencijų salė",
                                              "materials": "https://pavb.lt/pranesimas"})
    eq(r.status, 303, r.text[:500])
    purl = r.header("Location")
    pid = int(purl.rsplit("/", 1)[1])
    r = c.post(f"{purl}/invite", {"list": str(fl), "message": "Kviečiame dalyvauti."})
    eq(r.status, 303, r.text[:500])
    eq(c.post(f"{purl}/invite", {"list": str(sl)}).status, 303)  # a already invited: nothing twice
    rows = sorted(tuple(x) for x in sk.sql(f"SELECT person_id, excluded FROM press_conference_invitees "
                                           f"WHERE conf_id = {pid}"))
    eq(rows, sorted([(str(a), "0"), (str(b), "1"), (str(d), "0")]))
    # the do-not-contact person got nothing and the page says why
    m = wait_mail(sk, "ruta@sekunde.lt")
    eq(len(m), 1, "invited twice")
    body = m[0].get_body().get_content()
    check("Gerbiamoji Rūta" in body and "2027-02-01" in body and "Kviečiame" in body, body)
    wait_mail(sk, "tomas@sekunde.lt")
    time.sleep(0.5)
    check(not mails(sk, "darius@balsas.lt"), "invitation mailed to a do-not-contact person")
    t = c.get(purl).text
    i = t.find('class="pc-excluded"')
    check(i > 0 and "Ylakis" in t[i:i + 600] and ("Do not contact" in t[i:i + 600] or "Nekontaktuoti" in t[i:i + 600]),
          "the left-out person and the reason are not shown")
    eq(one(sk, f"SELECT count(*) FROM contact_interactions WHERE person_id = {b}"), "0")
    eq(one(sk, f"SELECT count(*) FROM contact_interactions WHERE person_id = {a} AND kind = 'press_conference'"), "1")
    # attendance: attending implies registration; an excluded person cannot be marked
    r = c.post(f"{purl}/attendance", {f"att-{a}": "1", f"reg-{d}": "1", f"att-{b}": "1"})
    eq(r.status, 303)
    rows = sorted(tuple(x) for x in sk.sql(f"SELECT person_id, registered, attended FROM press_conference_invitees "
                                           f"WHERE conf_id = {pid}"))
    eq(rows, sorted([(str(a), "1", "1"), (str(b), "0", "0"), (str(d), "1", "0")]))
    eq(one(sk, f"SELECT count(*) FROM contact_interactions WHERE person_id = {a} AND kind = 'press_conference'"), "2")
    c.post(f"{purl}/attendance", {f"att-{a}": "1", f"reg-{d}": "1"})
    eq(one(sk, f"SELECT count(*) FROM contact_interactions WHERE person_id = {a} AND kind = 'press_conference'"), "2",
       "attendance logged twice")
    r = c.post(f"{purl}/outcome", {"materials": "https://pavb.lt/pranesimas", "status": "held",
                                   "clippings": "https://sekunde.lt/bite-premija"})
    eq(r.status, 303)
    t = c.get(purl).text
    check('href="https://sekunde.lt/bite-premija"' in t, "clipping not shown")
    check(re.search(r"Bitės premijos laureato paskelbimas</a></th><td>2027-02-01 11:00</td><td>—</td><td>2</td><td>1</td>",
                    c.get("/staff/pavb/contacts/press").text), "list counts")
    o = client(srv, "pr@birzai.lt")
    eq(o.get(f"/staff/birzai/contacts/press/{pid}").status, 404)
    eq(o.post(f"/staff/birzai/contacts/press/{pid}/invite", {"list": str(fl)}).status, 404)
    # a list of another institution cannot be invited
    ol = int(o.post("/staff/birzai/contacts/lists", {"name": "Biržų"}).header("Location").rsplit("/", 1)[1])
    eq(c.post(f"{purl}/invite", {"list": str(ol)}).status, 404)


# ---- information requests (D0-F3) -----------------------------------------------------

def ireq(c, slug="pavb", **kw):
    d = {"regime": "media", "received": "2026-12-22", "subject": "Kiek lankytojų buvo per metus?"}
    d.update(kw)
    r = c.post(f"/staff/{slug}/contacts/info-requests", d)
    eq(r.status, 303, r.text[:600])
    return int(r.header("Location").rsplit("/", 1)[1])


@test
def info_request_due_in_working_days_around_christmas(sk):
    srv, c = world(sk)
    # 2026-12-22 Tue; 24, 25, 26 Dec and 1 Jan are public holidays (S1), weekends skipped
    a = ireq(c, requester="UAB Kultūros projektai", regime="media")
    b = ireq(c, requester="Petras Petraitis", regime="law")
    p = ireq(c, requester="Rokiškio biblioteka", regime="partner")
    got = {x[0]: x[1] for x in sk.sql("SELECT id, due FROM info_requests")}
    eq(got[str(a)], "20261231", "media: 5 working days")      # 23, 28, 29, 30, 31
    eq(got[str(b)], "20270122", "law: 20 working days")       # ... Jan 4-8, 11-15, 18-22
    eq(got[str(p)], "20270108", "partner: 10 working days")   # 23, 28-31, Jan 4-8
    # received on Christmas Eve itself
    x = ireq(c, requester="LRT", received="2026-12-24")
    eq(one(sk, f"SELECT due FROM info_requests WHERE id = {x}"), "20270104")  # 28, 29, 30, 31, Jan 4
    # the terms are per institution; a new term does not move registered requests
    eq(c.post("/staff/pavb/contacts/info-request-terms", {"days_media": "0", "days_law": "20",
                                                          "days_partner": "10"}).status, 422)
    eq(c.post("/staff/pavb/contacts/info-request-terms", {"days_media": "2", "days_law": "20",
                                                          "days_partner": "10"}).status, 303)
    y = ireq(c, requester="Sekundė", regime="media")
    eq(one(sk, f"SELECT due FROM info_requests WHERE id = {y}"), "20261228")
    eq(one(sk, f"SELECT due FROM info_requests WHERE id = {a}"), "20261231")
    o = client(srv, "pr@birzai.lt")
    z = ireq(o, slug="birzai", requester="Biržų laikraštis", regime="media")
    eq(one(sk, f"SELECT due FROM info_requests WHERE id = {z}"), "20261231", "another institution's terms changed")


@test
def info_request_assign_answer_overdue_and_dashboard(sk):
    srv, c = world(sk)
    pid = person(c, first_name="Kęstutis", last_name="Šimkus", email="k@lrt.lt")
    head = one(sk, "SELECT id FROM users WHERE email = 'head@pavb.lt'")
    # neither a person nor a requester
    r = c.post("/staff/pavb/contacts/info-requests", {"regime": "media", "received": "2026-01-05", "subject": "x"})
    eq(r.status, 422)
    check("e-requester" in r.text, "no requester error")
    late = ireq(c, person=str(pid), regime="media", received="2025-01-06", subject="Seniai užduotas klausimas")
    fresh = ireq(c, requester="Ūkininkų draugija", regime="partner", received="2099-01-05", subject="Ateities klausimas")
    eq(one(sk, f"SELECT kind || '/' || deadline FROM contact_interactions WHERE person_id = {pid}"),
       "info_request/" + one(sk, f"SELECT due FROM info_requests WHERE id = {late}"))
    t = c.get("/staff/pavb/contacts/info-requests").text
    i = t.find("Seniai") if "Seniai" in t else t.find("Šimkus")
    row = re.search(r'<tr class="ir-overdue"><th scope="row"><a href="/staff/pavb/contacts/info-requests/(\d+)"', t)
    check(row and int(row.group(1)) == late, "overdue request not highlighted")
    check(f'info-requests/{fresh}"' in t and f'<tr class="ir-overdue"><th scope="row"><a href="/staff/pavb/contacts/info-requests/{fresh}"' not in t,
          "a request due in 2099 is highlighted")
    # the dashboard panel lists the overdue one
    d = c.get("/staff/pavb/").text
    check('id="dash-ir"' in d and f"info-requests/{late}" in d and f"info-requests/{fresh}" not in d,
          "dashboard panel")
    # assign and answer
    u = f"/staff/pavb/contacts/info-requests/{late}"
    eq(c.post(u, {"assignee": head, "answer": "", "answered_on": "2025-01-08"}).status, 422)
    eq(c.post(u, {"assignee": head, "answer": "Atsakymas", "answered_on": "2025-01-01"}).status, 422)
    eq(c.post(u, {"assignee": head, "answer": "", "archived": "1"}).status, 422)
    eq(c.post(u, {"assignee": head, "answer": "Per metus – 412 000 apsilankymų.", "answered_on": "2025-01-08"}).status, 303)
    eq(one(sk, f"SELECT assignee_id, answered_on FROM info_requests WHERE id = {late}"), [head, "20250108"])
    eq(one(sk, f"SELECT count(*) FROM contact_interactions WHERE person_id = {pid} AND kind = 'info_request'"), "2")
    t = c.get("/staff/pavb/contacts/info-requests").text
    check('class="ir-overdue"' not in t, "an answered request is still overdue")
    check(f"info-requests/{late}" not in c.get("/staff/pavb/").text, "answered request on the dashboard")
    eq(c.post(u, {"assignee": head, "answer": "Per metus – 412 000 apsilankymų.", "answered_on": "2025-01-08",
                  "archived": "1"}).status, 303)
    check(f"info-requests/{late}\"" not in c.get("/staff/pavb/contacts/info-requests").text, "archived still listed")
    check(f"info-requests/{late}\"" in c.get("/staff/pavb/contacts/info-requests?archived=1").text, "not in the archive")
    # a member of another institution cannot be the assignee; nor see the request
    other = one(sk, "SELECT id FROM users WHERE email = 'pr@birzai.lt'")
    eq(c.post(u, {"assignee": other, "answer": "x", "answered_on": "2025-01-08"}).status, 422)
    o = client(srv, "pr@birzai.lt")
    eq(o.get(f"/staff/birzai/contacts/info-requests/{late}").status, 404)
    eq(o.post(f"/staff/birzai/contacts/info-requests/{late}", {"answer": "x"}).status, 404)
    r = o.post("/staff/birzai/contacts/info-requests", {"person": str(pid), "regime": "media",
                                                        "received": "2026-01-05", "subject": "x"})
    eq(r.status, 404, "a person of another institution")
    check("Ūkininkų" not in o.get("/staff/birzai/contacts/info-requests").text, "listed in another institution")


if __name__ == "__main__":
    run()

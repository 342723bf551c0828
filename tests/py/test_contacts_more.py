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


def upload(c, path, filename, data):
    b = "----skcontactsmore1"
    body = (f"--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{c.csrf}\r\n"
            f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{b}--\r\n".encode()
    return c.request("POST", path, body=body, ctype=f"multipart/form-data; boundary={b}")


# ---- AC-C6-1, AC-C6-2 ---------------------------------------------------------------

@test
def import_fifty_media_contacts_with_three_duplicates(sk):
    import csv
    import html
    import io
    srv, c = world(sk)
    person(c, first_name="Rūta", last_name="Vaitkevičienė", email="ruta.vaitkeviciene@sekunde.lt")
    person(c, first_name="Žydrūnas", last_name="Šimkus", email="zydrunas@lrt.lt")
    person(c, first_name="Eglė", last_name="Kairienė", email="egle.kairiene@balsas.lt")
    first = ["Asta", "Tomas", "Ieva", "Darius", "Gintarė", "Jurgis", "Laima", "Mantas", "Vilma", "Kęstutis"]
    last = ["Žemaitytė", "Čepulis", "Juodytė", "Ylakis", "Urbonienė", "Izraelis", "Dūkštienė", "Sakalas",
            "Ąžuolienė", "Šimonis"]
    rows = [["Vardas", "Pavardė", "El. paštas", "Telefonas", "Žymos"]]
    for i in range(47):
        rows.append([first[i % 10], f"{last[i % 10]}{'' if i < 10 else i}", f"zurnalistas{i}@media.lt",
                     f"8 612 {10000 + i}", "žiniasklaida"])
    # three e-mails of people already in the base: case and diacritics differ
    rows.insert(5, ["Ruta", "Vaitkeviciene", "RUTA.VAITKEVICIENE@SEKUNDE.LT", "", "žiniasklaida"])
    rows.insert(20, ["Žydrūnas", "Šimkus-Naujas", "Zydrunas@LRT.lt", "", "žiniasklaida"])
    rows.insert(40, ["Egle", "Kairiene", "EGLE.KAIRIENE@balsas.LT", "", "žiniasklaida"])
    eq(len(rows), 51)
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    r = upload(c, "/staff/pavb/contacts/import", "zurnalistai.csv", b"\xef\xbb\xbf" + out.getvalue().encode())
    eq(r.status, 200, r.text[:500])
    eq(r.text.count('class="row-duplicate"'), 3, "duplicates reported")
    eq(r.text.count('class="row-error"'), 0, "rows rejected")
    m = re.search(r'name="csv" value="([^"]*)"', r.text)
    eq(c.post("/staff/pavb/contacts/import", {"confirm": "1", "csv": html.unescape(m.group(1))}).status, 303)
    eq(one(sk, "SELECT count(*) FROM contact_people"), str(3 + 47), "47 persons created")


@test
def person_page_interactions_newest_first_from_every_source(sk):
    srv, c = world(sk)
    pid = person(c, first_name="Asta", last_name="Žemaitytė", email="asta@lrt.lt")
    c.post(f"/staff/pavb/contacts/{pid}/interactions", {"kind": "call", "on_date": "2026-01-05", "summary": "Skambutis-A"})
    ireq(c, person=str(pid), received="2026-02-10", subject="Užklausa-B")
    r = c.post("/staff/pavb/contacts/visits", {"purpose": "story", "requested_on": "2026-03-01", "visit_date": "2026-03-20",
                                               "start": "10:00", "end": "11:00", f"person-{pid}": "1"})
    eq(r.status, 303)
    c.post(f"/staff/pavb/contacts/{pid}/interactions", {"kind": "meeting", "on_date": "2025-12-01", "summary": "Susitikimas-C"})
    t = c.get(f"/staff/pavb/contacts/{pid}").text
    marks = ["2026-03-01", "Užklausa-B", "Skambutis-A", "Susitikimas-C"]
    pos = [t.find(m, t.find("<table")) for m in marks]
    check(all(p > 0 for p in pos) and pos == sorted(pos), f"not newest first: {list(zip(marks, pos))}")


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
    # a visit registered without a space gets one at the confirmation
    r = c.post("/staff/pavb/contacts/visits", {"purpose": "photo", "requested_on": "2027-04-01",
                                                "visit_date": "2027-04-06", "start": "09:00", "end": "09:30",
                                                f"person-{a}": "1"})
    v4 = r.header("Location")
    eq(h.post(f"{v4}/decide", {"decision": "approve"}).status, 303)
    eq(c.post(f"{v4}/confirm", {}).status, 422, "confirmed without a space")
    eq(c.post(f"{v4}/confirm", {"space": str(sid)}).status, 303)
    eq(one(sk, f"SELECT v.space_id, b.space_id FROM media_visits v JOIN bookings b ON b.id = v.booking_id "
               f"WHERE v.id = {v4.rsplit('/', 1)[1]}"), [str(sid), str(sid)])


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
    eq(re.findall(r'<tr><th scope="row"><a href="/staff/pavb/contacts/\d+">([^<]+)</a>', t),
       ["Tomas Čepulis", "Rūta Vaitkevičienė"], "invitees in Lithuanian order")
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


# ---- GDPR: retention review, consents, export (AC-C6-5, X15) --------------------------

@test
def retention_review_keep_and_anonymise(sk):
    srv, c = world(sk)
    old = person(c, first_name="Senas", last_name="Žurnalistas", email="senas@balsas.lt", phone="+370 612 00011",
                 salutation="Gerbiamasis Senai")
    keep = person(c, first_name="Vertingas", last_name="Partneris", email="v@muziejus.lt")
    new = person(c, first_name="Naujas", last_name="Kontaktas")
    for pid in (old, keep):
        c.post(f"/staff/pavb/contacts/{pid}/interactions", {"kind": "call", "on_date": "2023-05-04", "summary": "Skambutis"})
    c.post(f"/staff/pavb/contacts/{old}/interactions", {"kind": "mail", "on_date": "2023-06-01", "summary": "Laiškas"})
    t = c.get("/staff/pavb/contacts/review").text
    names = re.findall(r'<th scope="row"><a href="/staff/pavb/contacts/\d+">([^<,]+),', t)
    eq(sorted(names), ["Partneris", "Žurnalistas"], "review list")
    eq(c.post(f"/staff/pavb/contacts/{keep}/retention", {"action": "keep", "reason": ""}).status, 422)
    eq(c.post(f"/staff/pavb/contacts/{keep}/retention", {"action": "keep",
                                                          "reason": "Ilgalaikė parodų sutartis"}).status, 303)
    t = c.get("/staff/pavb/contacts/review").text
    eq(re.findall(r'<table class="data review">.*?</table>', t, re.S)[0].count("Partneris"), 0, "kept still listed")
    check("Ilgalaikė parodų sutartis" in t, "the reason is not shown")
    eq(c.post(f"/staff/pavb/contacts/{old}/retention", {"action": "anonymise"}).status, 303)
    row = one(sk, f"SELECT first_name, last_name, email, phone, salutation FROM contact_people WHERE id = {old}")
    eq(row, ["", "", "", "", ""], "personal fields left")
    eq(one(sk, f"SELECT count(*) FROM contact_interactions WHERE person_id = {old}"), "2", "interaction counts lost")
    t = c.get("/staff/pavb/contacts/review").text
    check("Žurnalistas" not in t and "senas@balsas.lt" not in t, "anonymised person shown")
    got = dict(re.findall(r'<span class="ikind">([a-z_]+)</span>: <span class="icount">(\d+)</span>', t))
    eq(got, {"call": "1", "mail": "1"}, "anonymised interaction counts")
    eq(one(sk, f"SELECT count(*) FROM audit_log WHERE action = 'contact.erase' AND entity_id = {old}"), "1")
    eq(one(sk, f"SELECT count(*) FROM audit_log WHERE action = 'contact.retention_keep' AND entity_id = {keep}"), "1")
    dump = "\n".join("|".join(x) for x in sk.sql("SELECT * FROM audit_log"))
    check("senas@balsas.lt" not in dump and "Senai" not in dump, "personal data in the audit log")
    o = client(srv, "pr@birzai.lt")
    eq(o.post(f"/staff/birzai/contacts/{keep}/retention", {"action": "anonymise"}).status, 404)
    check("Partneris" not in o.get("/staff/birzai/contacts/review").text, "another institution's review")
    eq(one(sk, f"SELECT first_name FROM contact_people WHERE id = {keep}"), "Vertingas")


@test
def consents_and_complete_export(sk):
    import csv
    import io
    srv, c = world(sk)
    pid = person(c, first_name="Aušra", last_name="Sutikimaitė", email="ausra@pb.lt", legal_basis="consent")
    eq(c.post(f"/staff/pavb/contacts/{pid}/consents", {"purpose": "", "text_version": "v1",
                                                        "given_on": "2026-01-10"}).status, 422)
    eq(c.post(f"/staff/pavb/contacts/{pid}/consents", {"purpose": "Pranešimai spaudai el. paštu",
                                                        "text_version": "2026-01", "given_on": "2026-01-10"}).status, 303)
    cid = one(sk, "SELECT id FROM contact_consents")
    w = f"/staff/pavb/contacts/{pid}/consents/{cid}/withdraw"
    eq(c.post(w, {"withdrawn_on": "2025-12-31"}).status, 422, "withdrawn before given")
    eq(c.post(w, {"withdrawn_on": "2026-03-01"}).status, 303)
    eq(c.post(w, {"withdrawn_on": "2026-03-02"}).status, 422, "withdrawn twice")
    eq(one(sk, f"SELECT given_on, withdrawn_on, text_version FROM contact_consents WHERE id = {cid}"),
       ["20260110", "20260301", "2026-01"])
    # rows about the person in other tables
    oid = org(c, "Panevėžio balsas")
    eq(c.post(f"/staff/pavb/contacts/{pid}/positions", {"org": str(oid), "title": "Redaktorė",
                                                        "from_date": "2024-01-01"}).status, 303)
    lid = int(c.post("/staff/pavb/contacts/lists", {"name": "Redaktoriai"}).header("Location").rsplit("/", 1)[1])
    c.post(f"/staff/pavb/contacts/lists/{lid}/members", {"person": str(pid), "action": "add"})
    ireq(c, person=str(pid), subject="Kiek knygų išduota?")
    c.post("/staff/pavb/contacts/requests", {"person": str(pid), "kind": "access", "received": "2026-04-01"})
    j = c.get(f"/staff/pavb/contacts/{pid}/export.json").json()
    eq(j["consents"], [{"purpose": "Pranešimai spaudai el. paštu", "text_version": "2026-01", "given_on": "20260110",
                        "withdrawn_on": "20260301"}])
    eq(j["positions"][0]["organisation"], "Panevėžio balsas")
    eq(j["lists"], [{"list": "Redaktoriai"}])
    eq(j["information_requests"][0]["subject"], "Kiek knygų išduota?")
    eq(j["data_subject_requests"][0]["due"], "20260501")
    check(int(j["created_at"]) > 0, "created_at")
    # every column of contact_people is in the export
    cols = [x[0] for x in sk.sql("SELECT name FROM pragma_table_info('contact_people')")] if sk.kind == "sqlite" else \
        [x[0] for x in sk.sql("SELECT column_name FROM information_schema.columns WHERE table_name = 'contact_people'")]
    for col in cols:
        if col in ("id", "institution_id", "created_by"):
            continue
        check(col in j, f"{col} missing from the export")
    r = c.get(f"/staff/pavb/contacts/{pid}/export.csv")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig")), delimiter=";"))
    flat = [x for row in rows for x in row]
    for v in ("Pranešimai spaudai el. paštu", "Panevėžio balsas", "Redaktoriai", "Kiek knygų išduota?", "20260501"):
        check(v in flat, f"{v!r} missing from the CSV export")
    o = client(srv, "pr@birzai.lt")
    eq(o.get(f"/staff/birzai/contacts/{pid}/consents").status, 404)
    eq(o.post(f"/staff/birzai/contacts/{pid}/consents/{cid}/withdraw", {"withdrawn_on": "2026-03-01"}).status, 404)


@test
def data_subject_requests_of_every_kind_with_one_month_due(sk):
    srv, c = world(sk)
    pid = person(c, first_name="Ona", last_name="Prieštaraujanti", email="ona@pb.lt")
    for kind, rec, due in [("objection", "2026-01-31", "20260228"), ("restriction", "2026-12-15", "20270115")]:
        eq(c.post("/staff/pavb/contacts/requests", {"person": str(pid), "kind": kind, "received": rec}).status, 303)
        eq(one(sk, f"SELECT due FROM contact_dsr WHERE kind = '{kind}'"), due)
    t = c.get("/staff/pavb/contacts/requests").text
    check(f'href="/staff/pavb/contacts/{pid}/export.json"' in t, "no export link on the request")
    check("Prieštaravimas" in t or "Objection" in t, "kind label")
    eq(c.post("/staff/pavb/contacts/requests", {"kind": "complaint", "received": "2026-01-01"}).status, 422)


@test
def erasure_reaches_the_new_tables(sk):
    srv, c = world(sk)
    pid = person(c, first_name="Gabija", last_name="Ištrinama", email="gabija@pb.lt")
    ireq(c, person=str(pid), requester="Gabija Ištrinama, „Panevėžio balsas“", subject="Klausimas")
    c.post(f"/staff/pavb/contacts/{pid}/interactions", {"kind": "call", "on_date": "2023-01-02", "summary": "x"})
    eq(c.post(f"/staff/pavb/contacts/{pid}/retention", {"action": "keep", "reason": "Gabija prašė palikti"}).status, 303)
    c.post(f"/staff/pavb/contacts/{pid}/consents", {"purpose": "Naujienos", "text_version": "v1", "given_on": "2026-01-01"})
    eq(c.post(f"/staff/pavb/contacts/{pid}/erase", {"confirm": "1"}).status, 303)
    dump = "\n".join("|".join(x) for t in ("contact_people", "info_requests", "contact_retention_keeps",
                                              "contact_consents", "contact_interactions", "audit_log")
                      for x in sk.sql(f"SELECT * FROM {t}"))
    for v in ("Gabija", "Ištrinama", "gabija@pb.lt"):
        check(v not in dump, f"{v!r} still stored after the erasure")
    eq(one(sk, f"SELECT count(*) FROM info_requests WHERE person_id = {pid}"), "1", "the request itself is kept")


# ---- organisations: type, country, agreements (AC-C6-6) -------------------------------

@test
def organisations_by_type_and_country_and_agreement_reminders(sk):
    import datetime as dt
    from zoneinfo import ZoneInfo
    srv, c = world(sk)
    today = dt.datetime.now(ZoneInfo("Europe/Vilnius")).date()
    d = lambda n: (today + dt.timedelta(days=n)).isoformat()
    ids = {}
    for name, kind, country, frm, to in [
            ("Rygos centrinė biblioteka", "partner", "LV", d(-300), d(30)),
            ("Biblioteka Narodowa", "partner", "PL", d(-10), d(400)),
            ("Tartu linnaraamatukogu", "partner", "EE", d(-800), d(-5)),     # ended
            ("Panevėžio kraštotyros muziejus", "museum", "LT", d(-100), d(20)),
            ("Latvijas Radio", "media", "LV", "", "")]:
        ids[name] = org(c, name, kind)
        r = c.post(f"/staff/pavb/contacts/orgs/{ids[name]}/agreement",
                   {"country": country.lower(), "agreement_ref": "Sutartis Nr. 7", "agreement_from": frm,
                    "agreement_to": to})
        eq(r.status, 303, r.text[:400])
    eq(c.post(f"/staff/pavb/contacts/orgs/{ids['Latvijas Radio']}/agreement", {"country": "Latvia"}).status, 422)
    eq(c.post(f"/staff/pavb/contacts/orgs/{ids['Latvijas Radio']}/agreement",
              {"country": "LV", "agreement_from": d(5), "agreement_to": d(1)}).status, 422)
    names = lambda t: re.findall(r'<th scope="row"><a href="/staff/pavb/contacts/orgs/\d+">([^<]+)</a>', t)
    eq(names(c.get("/staff/pavb/contacts/orgs?country=LV").text), ["Latvijas Radio", "Rygos centrinė biblioteka"])
    eq(names(c.get("/staff/pavb/contacts/orgs?country=LV&kind=partner").text), ["Rygos centrinė biblioteka"])
    eq(names(c.get("/staff/pavb/contacts/orgs?kind=museum").text), ["Panevėžio kraštotyros muziejus"])
    t = c.get("/staff/pavb/contacts/partners").text
    eq(names(t), ["Rygos centrinė biblioteka", "Biblioteka Narodowa"], "foreign partners with a valid agreement")
    check(d(30) in t and d(400) in t, "end dates")
    # the daily job: a reminder 60 days before the end, once
    jid = None
    for _ in range(100):
        rows = sk.sql("SELECT id FROM jobs WHERE kind = 'contact_agreements' AND status = 'queued'")
        if rows:
            jid = rows[0][0]
            break
        time.sleep(0.1)
    check(jid, "the daily job is not queued")
    sk.cli("job", "run", jid)
    tasks = sk.sql("SELECT title, related_type, related_id, due_date, dedupe_key FROM tasks")
    eq(len(tasks), 1, f"reminders: {tasks}")
    eq(tasks[0][1:4], ["contact_org", str(ids["Rygos centrinė biblioteka"]), d(30).replace("-", "")])
    check("Rygos centrinė biblioteka" in tasks[0][0], tasks[0][0])
    jid2 = sk.sql("SELECT id FROM jobs WHERE kind = 'contact_agreements' AND status = 'queued'")[0][0]
    sk.cli("job", "run", jid2)
    eq(one(sk, "SELECT count(*) FROM tasks"), "1", "the reminder made twice")
    o = client(srv, "pr@birzai.lt")
    eq(o.post(f"/staff/birzai/contacts/orgs/{ids['Biblioteka Narodowa']}/agreement", {"country": "LT"}).status, 404)
    check("Narodowa" not in o.get("/staff/birzai/contacts/partners").text, "another institution's partners")


if __name__ == "__main__":
    run()

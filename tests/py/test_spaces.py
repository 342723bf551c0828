"""Spaces and bookings (issue 3, REQUIREMENTS C9/C10): spaces through
the staff pages, bookings with setup/teardown buffers and opening hours,
50 concurrent attempts for one slot (exactly one wins, the others are
told which booking is in the way), rental prices, the public rental
form -> approval queue -> approved booking, the accounting CSV (parsed
with Python's csv module: BOM and ';'), homestead visits, the JSON API,
and institution isolation -- all through a live server, checked against
the database."""
import csv
import email
import email.policy
import glob
import os
import time
import json
import io
import re
import threading
import urllib.parse

from sk import test, run, check, eq, Fail

PW = "correct horse battery"
DAY = "2027-03-10"        # a Wednesday; default hours Mon-Fri 08:00-20:00
SAT = "2027-03-13"
SUN = "2027-03-14"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("rent@pavb.lt", "Rasa Nuomaitė", inst="pavb", roles=["RENT"])
    sk.add_user("staff@pavb.lt", "Stasys Darbuotojas", inst="pavb", roles=["STAFF"])
    sk.add_user("site@pavb.lt", "Saulius Gidas", inst="pavb", roles=["SITE"])
    sk.add_user("rent@birzai.lt", "Birutė Nuomaitė", inst="birzai", roles=["RENT"])
    srv = sk.server()
    return srv


def login(srv, mail):
    c = srv.client()
    c.login(mail, PW)
    c.csrf = None
    c.get("/profile")
    check(c.csrf, f"no CSRF token for {mail}")
    return c


def one(sk, q):
    rows = sk.sql(q)
    check(len(rows) == 1, f"expected one row for {q!r}, got {rows!r}")
    return rows[0][0] if len(rows[0]) == 1 else rows[0]


def add_space(sk, c, name, **kw):
    data = {"name": name, "kind": "room", "capacity": "80", "setup_min": "0", "teardown_min": "0",
            "price_hour": "", "price_day": "", "vat_rate": "21", "discount_ngo": "0", "discount_school": "0"}
    hours = ["08:00-20:00"] * 5 + ["10:00-16:00", ""]
    for d, h in enumerate(hours):
        o, _, cl = h.partition("-")
        data[f"open{d}"], data[f"close{d}"] = o, cl
    data.update(kw)
    r = c.post("/staff/pavb/spaces", data)
    eq(r.status, 303, f"space {name}: {r.text[:600]}")
    return int(one(sk, f"SELECT id FROM spaces WHERE name = '{name}'"))


def book(c, space, title, date=DAY, frm="10:00", to="12:00", inst="pavb", **kw):
    data = {"space_id": str(space), "title": title, "kind": "internal", "date": date, "from": frm, "to": to}
    data.update(kw)
    return c.post(f"/staff/{inst}/bookings", data)


def field_error(r, field):
    m = re.search(r'<p class="error" id="e-' + re.escape(field) + r'">(.*?)</p>', r.text, re.S)
    return m.group(1) if m else None


@test
def spaces_crud_and_permissions(sk):
    srv = world(sk)
    c = login(srv, "rent@pavb.lt")
    sid = add_space(sk, c, "Konferencijų salė", price_hour="30,00", price_day="150", rentable="1",
                    setup_min="30", teardown_min="15")
    row = one(sk, f"SELECT kind, capacity, setup_min, teardown_min, price_hour_cents, price_day_cents, hours, rentable "
                  f"FROM spaces WHERE id = {sid}")
    eq(row, ["room", "80", "30", "15", "3000", "15000",
             "480-1200,480-1200,480-1200,480-1200,480-1200,600-960,-", "1"])
    r = c.get("/staff/pavb/spaces")
    eq(r.status, 200)
    check("Konferencijų salė" in r.text and "30,00" in r.text, "list shows the space and its price")
    # bad hours and bad prices are field errors
    r = c.post(f"/staff/pavb/spaces/{sid}", {"name": "Konferencijų salė", "kind": "room", "open0": "18:00",
                                             "close0": "09:00", "price_hour": "abc"})
    eq(r.status, 422)
    check(field_error(r, "open0"), "closing before opening is a field error")
    check(field_error(r, "price_hour"), "a bad price is a field error")
    # audit row
    check(int(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'space.create'")) == 1, "audited")
    # STAFF sees, may not manage
    s = login(srv, "staff@pavb.lt")
    eq(s.get("/staff/pavb/spaces").status, 200)
    eq(s.get("/staff/pavb/spaces/new").status, 403)
    eq(book(s, sid, "Nope").status, 403)
    eq(s.get("/staff/pavb/bookings/queue").status, 403)


@test
def buffers_hours_and_conflicts(sk):
    srv = world(sk)
    c = login(srv, "rent@pavb.lt")
    sid = add_space(sk, c, "Muzikos erdvė", setup_min="30", teardown_min="30")
    other = add_space(sk, c, "Kino salė")
    r = book(c, sid, "Koncertas", frm="10:00", to="12:00")
    eq(r.status, 303, r.text[:500])
    eq(one(sk, "SELECT setup_min || '/' || teardown_min FROM bookings WHERE title = 'Koncertas'"), "30/30",
       "the space's buffers are copied")
    # 12:10 starts inside the teardown (12:00 + 30) -> conflict naming the other booking
    r = book(c, sid, "Repeticija", frm="12:10", to="13:00", setup_min="0")
    eq(r.status, 409)
    msg = field_error(r, "from")
    check(msg and "Koncertas" in msg and "10:00" in msg and "12:00" in msg, f"conflict message: {msg}")
    # its own setup (30 min before 12:45) reaches back into 12:30 -> still ok at 12:30 exactly
    r = book(c, sid, "Repeticija", frm="13:00", to="14:00")
    eq(r.status, 303, "13:00 with 30 min setup starts 12:30 = the end of the teardown")
    # without buffers, back to back is fine
    r = book(c, sid, "Be buferių", frm="16:00", to="17:00", setup_min="0", teardown_min="0")
    eq(r.status, 303)
    r = book(c, sid, "Vėl", frm="17:00", to="18:00")
    eq(r.status, 409, "the new booking's own default setup (30 min) reaches into 16:30-17:00")
    check("Be buferių" in field_error(r, "from"), "names the booking in the way")
    eq(book(c, sid, "Vėl", frm="17:00", to="18:00", setup_min="0").status, 303, "back to back without buffers")
    # cancelling frees the slot (audited); a cancelled booking cannot be cancelled again
    bid = one(sk, "SELECT id FROM bookings WHERE title = 'Koncertas'")
    eq(c.post(f"/staff/pavb/bookings/{bid}/cancel").status, 303)
    eq(one(sk, f"SELECT status FROM bookings WHERE id = {bid}"), "cancelled")
    eq(int(one(sk, f"SELECT COUNT(*) FROM audit_log WHERE action = 'booking.cancel' AND entity_id = {bid}")), 1)
    c.post(f"/staff/pavb/bookings/{bid}/cancel")
    eq(int(one(sk, f"SELECT COUNT(*) FROM audit_log WHERE action = 'booking.cancel'")), 1, "second cancel is refused")
    eq(book(c, sid, "Vietoj koncerto", frm="10:00", to="11:30").status, 303, "the slot is free again")
    eq(login(srv, "staff@pavb.lt").post(f"/staff/pavb/bookings/{bid}/cancel").status, 403)
    # another space is free at the same time
    eq(book(c, other, "Filmas", frm="10:00", to="12:00").status, 303)
    # opening hours: Sunday closed, Saturday 10-16, weekday before 08:00
    r = book(c, other, "Sekmadienis", date=SUN)
    eq(r.status, 422)
    check(field_error(r, "from"), "closed day is a field error")
    eq(book(c, other, "Šeštadienis vėlai", date=SAT, frm="15:00", to="17:00").status, 422)
    eq(book(c, other, "Šeštadienis", date=SAT, frm="10:00", to="16:00").status, 303)
    eq(book(c, other, "Anksti", frm="07:00", to="09:00").status, 422)
    # end before start
    r = book(c, other, "Atgal", frm="15:00", to="14:00")
    eq(r.status, 422)
    check(field_error(r, "to"), "end before start is a field error on 'to'")
    # week view lists the bookings of that week
    r = c.get(f"/staff/pavb/bookings?week={DAY}&space={sid}")
    eq(r.status, 200)
    check("Vietoj koncerto" in r.text and "Repeticija" in r.text and "Filmas" not in r.text, "filtered week view")
    eq(int(one(sk, "SELECT COUNT(*) FROM bookings WHERE status = 'approved'")), 6)


@test
def fifty_concurrent_bookings_one_wins(sk):
    srv = world(sk)
    c = login(srv, "rent@pavb.lt")
    sid = add_space(sk, c, "Konferencijų salė")
    results = [None] * 50

    def attempt(i):
        cl = srv.client()
        cl.cookies = dict(c.cookies)
        cl.csrf = c.csrf
        r = book(cl, sid, f"Bandymas {i}", frm="10:00", to="12:00")
        results[i] = (r.status, field_error(r, "from") if r.status != 303 else None)

    ts = [threading.Thread(target=attempt, args=(i,)) for i in range(50)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wins = [i for i, (st, _) in enumerate(results) if st == 303]
    eq(len(wins), 1, f"exactly one wins: {[s for s, _ in results]}")
    winner = f"Bandymas {wins[0]}"
    losers = [m for st, m in results if st != 303]
    eq(len(losers), 49)
    eq({st for st, _ in results if st != 303}, {409}, "the others get 409")
    for m in losers:
        check(m and f"„{winner}“" in m or (m and f"“{winner}”" in m), f"conflict names the winner {winner}: {m}")
    eq(int(one(sk, f"SELECT COUNT(*) FROM bookings WHERE space_id = {sid}")), 1)


@test
def isolation(sk):
    srv = world(sk)
    c = login(srv, "rent@pavb.lt")
    sid = add_space(sk, c, "Parodų erdvė")
    b = login(srv, "rent@birzai.lt")
    eq(b.get(f"/staff/birzai/spaces/{sid}").status, 404)
    r = book(b, sid, "Svetima", inst="birzai")
    check(r.status in (404, 422), f"booking another institution's space: {r.status}")
    eq(int(one(sk, "SELECT COUNT(*) FROM bookings")), 0)
    check("Parodų erdvė" not in b.get("/staff/birzai/spaces").text, "not listed")
    eq(b.get("/staff/pavb/spaces").status, 403, "no role in pavb")


def wait_mail(sk, to, subject_part, timeout=30):
    """The mail to `to` whose subject holds subject_part (file adapter)."""
    d = os.path.join(sk.tmp, "var", "mail")
    end = time.time() + timeout
    while time.time() < end:
        for f in sorted(glob.glob(os.path.join(d, "*.eml"))):
            msg = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
            if msg["To"] == to and subject_part in msg["Subject"]:
                return msg
        time.sleep(0.1)
    raise Fail(f"no mail to {to} about {subject_part!r} in {d}")


def rent(c, space, **kw):
    data = {"name": "Ona Onaitė", "organisation": "Asociacija „Šviesa“", "email": "ona@example.lt",
            "phone": "+370 600 00000", "purpose": "Seminaras", "date": DAY, "from": "10:00", "to": "13:00",
            "attendees": "40", "discount": "", "consent": "1"}
    data.update(kw)
    c.get(f"/pavb/rent/{space}")
    return c.post(f"/pavb/rent/{space}", data)


@test
def price_list_and_rental_flow(sk):
    srv = world(sk)
    c = login(srv, "rent@pavb.lt")
    # 30 EUR/h, 150 EUR/day, VAT 21 %, NGO -20 %, schools -50 %
    sid = add_space(sk, c, "Konferencijų salė", rentable="1", price_hour="30", price_day="150,00",
                    discount_ngo="20", discount_school="50", teardown_min="30")
    add_space(sk, c, "Vidinė salė")   # not rentable: not on the public page
    pub = srv.client()
    r = pub.get("/pavb/rent")
    eq(r.status, 200)
    check("Konferencijų salė" in r.text and "Vidinė salė" not in r.text, "only rentable spaces are listed")
    check("30,00" in r.text and "150,00" in r.text, "prices are shown")
    eq(pub.get("/pavb/rent/999999").status, 404)
    # 3 hours, no discount: 90.00 + 18.90 VAT
    r = rent(pub, sid)
    eq(r.status, 200, r.text[:800])
    check("90,00" in r.text and "18,90" in r.text and "108,90" in r.text, "confirmation shows the price")
    row = one(sk, "SELECT status, kind, price_cents, vat_cents, requester_email, attendees, teardown_min "
                  "FROM bookings WHERE requester_email = 'ona@example.lt'")
    eq(row, ["requested", "rental", "9000", "1890", "ona@example.lt", "40", "30"])
    b1 = one(sk, "SELECT id FROM bookings WHERE requester_email = 'ona@example.lt'")
    m = wait_mail(sk, "ona@example.lt", f"Nr. {b1}")
    body = m.get_content()
    check("90,00" in body and "18,90" in body and "108,90" in body and "Konferencijų salė" in body,
          f"the offer mail has the price: {body}")
    # 6 hours (14:00-20:00) = 180 > day price 150; NGO discount 20 % -> 120, VAT 25.20
    r = rent(pub, sid, email="ngo@example.lt", **{"from": "14:00", "to": "20:00", "discount": "ngo"})
    eq(r.status, 200, r.text[:800])
    eq(one(sk, "SELECT price_cents || '/' || vat_cents FROM bookings WHERE requester_email = 'ngo@example.lt'"),
       "12000/2520")
    # the held time is taken for the next requester (13:00 is inside the 30 min teardown)
    r = rent(pub, sid, email="late@example.lt", name="Petras", organisation="", **{"from": "13:00", "to": "14:00"})
    eq(r.status, 409)
    check(field_error(r, "from") and "Ona" not in r.text, "taken, without naming the other requester")
    # field-level validation
    r = rent(pub, sid, email="not-an-email", consent="", attendees="0", date="2027-02-30")
    eq(r.status, 422)
    for f in ("email", "consent", "attendees", "date"):
        check(field_error(r, f), f"field error on {f}")
    r = rent(pub, sid, email="x@example.lt", date="2020-01-08")
    check(field_error(r, "date"), "a past date is refused")
    r = rent(pub, sid, email="sun@example.lt", date=SUN)
    check(r.status == 422 and field_error(r, "from"), "closed day")
    r = rent(pub, sid, email="big@example.lt", attendees="81")
    check(field_error(r, "attendees"), "more than the capacity")
    r = pub.post(f"/pavb/rent/{sid}", {"name": "x"}, csrf=False)
    eq(r.status, 403, "public form needs the CSRF token")
    eq(int(one(sk, "SELECT COUNT(*) FROM bookings")), 2)

    # queue: approve one, decline the other with a reason
    q = c.get("/staff/pavb/bookings/queue")
    eq(q.status, 200)
    check("Ona Onaitė" in q.text and "108,90" in q.text, "the queue shows the requester and the price")
    b1 = one(sk, "SELECT id FROM bookings WHERE requester_email = 'ona@example.lt'")
    b2 = one(sk, "SELECT id FROM bookings WHERE requester_email = 'ngo@example.lt'")
    r = c.post(f"/staff/pavb/bookings/{b2}/decide", {"decision": "decline", "note": ""})
    eq(r.status, 422, "declining needs a reason")
    eq(c.post(f"/staff/pavb/bookings/{b1}/decide", {"decision": "approve"}).status, 303)
    eq(c.post(f"/staff/pavb/bookings/{b2}/decide", {"decision": "decline", "note": "Salė remontuojama"}).status, 303)
    eq(one(sk, f"SELECT status FROM bookings WHERE id = {b1}"), "approved")
    eq(one(sk, f"SELECT status || ':' || decision_note FROM bookings WHERE id = {b2}"), "declined:Salė remontuojama")
    eq(int(one(sk, f"SELECT COUNT(*) FROM audit_log WHERE action = 'booking.approve' AND entity_id = {b1}")), 1)
    check("patvirtintas" in wait_mail(sk, "ona@example.lt", "patvirtintas")["Subject"], "approval mail")
    check("Salė remontuojama" in wait_mail(sk, "ngo@example.lt", "atmestas").get_content(), "decline mail has the reason")
    r = c.post(f"/staff/pavb/bookings/{b1}/decide", {"decision": "approve"})
    eq(r.status, 422, "a decided request cannot be decided again")
    # a declined request frees the time
    eq(rent(pub, sid, email="again@example.lt", **{"from": "16:00", "to": "18:00"}).status, 200)
    # STAFF may not approve
    s = login(srv, "staff@pavb.lt")
    eq(s.post(f"/staff/pavb/bookings/{b2}/decide", {"decision": "approve"}).status, 403)

    # CSV of approved rentals: BOM, ';', price/VAT/requester
    r = c.get(f"/staff/pavb/bookings/rentals.csv?from=2027-03-01&to=2027-03-31")
    eq(r.status, 200)
    check(r.body.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig")), delimiter=";"))
    eq(len(rows), 2, f"header + the one approved rental: {rows}")
    head, row = rows
    eq(len(head), 13)
    eq(row[0], str(b1))
    eq(row[1], DAY)
    eq((row[2], row[3]), ("10:00", "13:00"))
    eq(row[6:11], ["Ona Onaitė", "Asociacija „Šviesa“", "ona@example.lt", "+370 600 00000", "90,00"])
    eq(row[11:], ["18,90", "108,90"])
    r = c.get(f"/staff/pavb/bookings/rentals.csv?from=2027-04-01&to=2027-04-30")
    eq(len(list(csv.reader(io.StringIO(r.body.decode("utf-8-sig")), delimiter=";"))), 1, "outside the range")
    eq(c.get("/staff/pavb/bookings/rentals.csv?from=garbage").status, 422)


@test
def homestead_visits(sk):
    srv = world(sk)
    g = login(srv, "site@pavb.lt")
    for data in ({"date": "2027-05-03", "kind": "individual", "visitors": "3", "guide": "Saulius"},
                 {"date": "2027-05-03", "kind": "group", "group_name": "Krekenavos gimnazija", "visitors": "25"},
                 {"date": "2027-05-03", "kind": "educational_programme", "group_name": "Juozo Urbšio pėdomis",
                  "visitors": "18"},
                 {"date": "2027-05-20", "kind": "individual", "visitors": "2"},
                 {"date": "2027-06-01", "kind": "individual", "visitors": "7"}):
        r = g.post("/staff/pavb/homestead", data)
        eq(r.status, 303, r.text[:500])
    r = g.post("/staff/pavb/homestead", {"date": "2027-05-04", "kind": "group", "visitors": "0"})
    eq(r.status, 422)
    check(field_error(r, "visitors"), "visitor count is checked")
    r = g.post("/staff/pavb/homestead", {"date": "2027-05-04", "kind": "group", "visitors": "5"})
    check(r.status == 422 and field_error(r, "group_name"), "a group needs its name")
    r = g.get("/staff/pavb/homestead?month=2027-05")
    eq(r.status, 200)
    rows = re.findall(r'<tr><th scope="row">(\d{4}-\d\d-\d\d)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>',
                      r.text)
    eq(rows, [("2027-05-03", "3", "25", "18", "46"), ("2027-05-20", "2", "0", "0", "2")])
    check("<strong>48</strong>" in r.text, "month total 48 (June not counted)")
    eq(int(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'homestead.visit'")), 5)
    s = login(srv, "staff@pavb.lt")
    eq(s.get("/staff/pavb/homestead").status, 403, "STAFF has no homestead.manage")


def api(srv, mail):
    c = login(srv, mail)
    r = c.post("/profile/tokens", {"token_name": "testai"})
    eq(r.status, 201)
    tok = re.search(r'readonly value="(sk_[^"]+)"', r.text).group(1)
    a = srv.client()
    h = {"Authorization": f"Bearer {tok}"}
    a.jget = lambda path: a.get(path, headers=h)
    a.jpost = lambda path, obj: a.request("POST", path, body=json.dumps(obj), ctype="application/json", headers=h)
    return a


@test
def json_api(sk):
    srv = world(sk)
    c = login(srv, "rent@pavb.lt")
    sid = add_space(sk, c, "Vaizdo studija", kind="video_studio", setup_min="15", rentable="1", price_hour="40")
    a = api(srv, "rent@pavb.lt")
    r = a.jget("/api/v1/pavb/spaces")
    eq(r.status, 200)
    items = r.json()["items"]
    eq([(i["id"], i["name"], i["kind"], i["setup_min"]) for i in items], [(sid, "Vaizdo studija", "video_studio", 15)])
    eq(items[0]["opening_hours"][0], {"open_min": 480, "close_min": 1200})
    eq(items[0]["opening_hours"][6], None)
    eq(items[0]["prices"]["per_hour_cents"], 4000)
    # 10:00-12:00 Vilnius = 08:00-10:00 UTC in March
    r = a.jpost("/api/v1/pavb/bookings", {"space_id": sid, "title": "Podkasto įrašas",
                                           "starts_at": "2027-03-10T08:00:00Z", "ends_at": "2027-03-10T10:00:00Z",
                                           "event_id": 77})
    eq(r.status, 201, r.text)
    got = r.json()
    eq((got["title"], got["status"], got["setup_min"], got["event_id"]), ("Podkasto įrašas", "approved", 15, 77))
    r = a.jpost("/api/v1/pavb/bookings", {"space_id": sid, "title": "Kitas įrašas",
                                           "starts_at": "2027-03-10T10:05:00Z", "ends_at": "2027-03-10T11:00:00Z"})
    eq(r.status, 409, r.text)
    err = r.json()["error"]
    eq(err["conflict"]["id"], got["id"])
    check("Podkasto įrašas" in err["message"] and "10:00" in err["message"] and "12:00" in err["message"],
          err["message"])
    r = a.jpost("/api/v1/pavb/bookings", {"space_id": sid, "title": "Atgal",
                                           "starts_at": "2027-03-10T12:00:00Z", "ends_at": "2027-03-10T11:00:00Z"})
    eq(r.status, 422)
    check("ends_at" in r.json()["error"]["fields"], r.text)
    r = a.jpost("/api/v1/pavb/bookings", {"space_id": sid, "title": "Blogas laikas", "starts_at": "vakar",
                                           "ends_at": "2027-03-10T11:00:00Z"})
    eq(r.status, 422)
    r = a.jget("/api/v1/pavb/bookings?from=2027-03-10&to=2027-03-11")
    eq([b["title"] for b in r.json()["items"]], ["Podkasto įrašas"])
    eq(r.json()["items"][0]["starts_at"], "2027-03-10T08:00:00Z")
    # isolation: another institution's token cannot see or book the space
    b = api(srv, "rent@birzai.lt")
    eq(b.jget("/api/v1/birzai/spaces").json()["items"], [])
    r = b.jpost("/api/v1/birzai/bookings", {"space_id": sid, "title": "Svetima",
                                             "starts_at": "2027-03-11T08:00:00Z", "ends_at": "2027-03-11T09:00:00Z"})
    eq(r.status, 404, r.text)
    eq(b.jget("/api/v1/pavb/spaces").status, 403)
    s = api(srv, "staff@pavb.lt")
    eq(s.jget("/api/v1/pavb/spaces").status, 200)
    eq(s.jpost("/api/v1/pavb/bookings", {"space_id": sid, "title": "x", "starts_at": "2027-03-11T08:00:00Z",
                                          "ends_at": "2027-03-11T09:00:00Z"}).status, 403)
    eq(int(one(sk, "SELECT COUNT(*) FROM bookings")), 1)


run()

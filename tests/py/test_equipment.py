"""Equipment and bookings from events (issue 3, REQUIREMENTS C9/C8):
the equipment inventory through the staff pages; reservations whose
quantity is never exceeded, also under concurrent attempts (exactly as
many win as there are pieces, the others are told which bookings hold
the item); a recurring event booked for all its dates or none, with the
conflicting booking and date named; bookings cancelled with their
event; the occupancy report (page and CSV) against an independent
calculation in this file (zoneinfo, across the DST change); and
isolation between institutions -- all through a live server, checked
against the database."""
import csv
import datetime as dt
import io
import json
import re
import threading
import html as htmlmod
from zoneinfo import ZoneInfo

from sk import test, run, check, eq

PW = "correct horse battery"
TZ = ZoneInfo("Europe/Vilnius")
WED = "2027-03-10"          # a Wednesday, default hours Mon-Fri 08:00-20:00


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("renginiai@pavb.lt", "Renata Renginienė", inst="pavb", roles=["EVENT"])
    sk.add_user("staff@pavb.lt", "Stasys Darbuotojas", inst="pavb", roles=["STAFF"])
    sk.add_user("rent@birzai.lt", "Birutė Nuomaitė", inst="birzai", roles=["RENT", "EVENT"])
    return sk.server()


def login(srv, mail):
    c = srv.client()
    c.get("/login")
    r = c.post("/login", {"email": mail, "password": PW})
    check(r.status == 303, f"login of {mail} failed: {r.status}")
    c.csrf = None
    c.get("/profile")
    check(c.csrf, f"no CSRF token for {mail}")
    return c


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


def one(sk, q):
    rows = sk.sql(q)
    check(len(rows) == 1, f"expected one row for {q!r}, got {rows!r}")
    return rows[0][0] if len(rows[0]) == 1 else rows[0]


HOURS = ["08:00-20:00"] * 5 + ["10:00-16:00", ""]


def add_space(sk, c, name, hours=HOURS, setup="0", teardown="0"):
    data = {"name": name, "kind": "room", "capacity": "80", "setup_min": setup, "teardown_min": teardown,
            "price_hour": "", "price_day": "", "vat_rate": "21", "discount_ngo": "0", "discount_school": "0"}
    for d, h in enumerate(hours):
        o, _, cl = h.partition("-")
        data[f"open{d}"], data[f"close{d}"] = o, cl
    r = c.post("/staff/pavb/spaces", data)
    eq(r.status, 303, f"space {name}: {r.text[:600]}")
    return int(one(sk, f"SELECT id FROM spaces WHERE name = '{name}'"))


def add_item(sk, c, name, qty, category="sound", inst="pavb", **kw):
    data = {"name": name, "category": category, "quantity": str(qty), "home_space_id": "0", "notes": "", "active": "1"}
    data.update(kw)
    r = c.post(f"/staff/{inst}/equipment", data)
    eq(r.status, 303, f"item {name}: {r.text[:600]}")
    return int(one(sk, f"SELECT id FROM equipment_items WHERE name = '{name}'"))


def book(c, space, title, date=WED, frm="10:00", to="12:00", inst="pavb"):
    r = c.post(f"/staff/{inst}/bookings", {"space_id": str(space), "title": title, "kind": "internal", "date": date,
                                           "from": frm, "to": to})
    return r


def add_event(sk, c, title, date=WED, start="10:00", end="12:00", rrule="", typ="exhibition"):
    r = c.post("/staff/pavb/events/new", {"title": title, "type": typ, "start_date": date, "start_time": start,
                                          "end_date": date, "end_time": end, "rrule": rrule, "is_public": "1",
                                          "is_free": "1"})
    eq(r.status, 303, f"event {title}: {r.text[:800]}")
    return int(r.header("Location").rsplit("/", 1)[1])


def field_error(r, field):
    m = re.search(r'<p class="error" id="e-' + re.escape(field) + r'">(.*?)</p>', r.text, re.S)
    return htmlmod.unescape(m.group(1)) if m else None


@test
def equipment_pages_and_isolation(sk):
    srv = world(sk)
    c = login(srv, "renginiai@pavb.lt")
    sid = add_space(sk, c, "Konferencijų salė")
    eq(c.get("/staff/pavb/equipment/new").status, 200)
    r = c.post("/staff/pavb/equipment", {"name": "", "category": "sound", "quantity": "-1"})
    eq(r.status, 422)
    check(field_error(r, "name"), "name is required")
    check(field_error(r, "quantity"), "negative quantity refused")
    mic = add_item(sk, c, "Belaidis mikrofonas", 4, "sound", home_space_id=str(sid), notes="Shure, su stovais")
    add_item(sk, c, "Projektorius Epson", 2, "projection")
    r = c.post("/staff/pavb/equipment", {"name": "Belaidis mikrofonas", "category": "sound", "quantity": "1"})
    eq(r.status, 422, "duplicate name")
    eq(one(sk, f"SELECT category || '/' || quantity || '/' || home_space_id FROM equipment_items WHERE id = {mic}"),
       f"sound/4/{sid}")
    p = c.get("/staff/pavb/equipment")
    eq(p.status, 200)
    check("Belaidis mikrofonas" in p.text and "Projektorius Epson" in p.text and "Konferencijų salė" in p.text)
    check("Įranga" in p.text, "Lithuanian page title")
    r = c.post(f"/staff/pavb/equipment/{mic}", {"name": "Belaidis mikrofonas", "category": "sound", "quantity": "6",
                                                "home_space_id": "0", "notes": "", "active": ""})
    eq(r.status, 303, r.text[:500])
    eq(one(sk, f"SELECT quantity || '/' || active || '/' || COALESCE(home_space_id, 0) FROM equipment_items WHERE id = {mic}"),
       "6/0/0")
    # a member without spaces.manage sees the list but cannot edit
    s = login(srv, "staff@pavb.lt")
    eq(s.get("/staff/pavb/equipment").status, 200)
    eq(s.get(f"/staff/pavb/equipment/{mic}").status, 403)
    eq(s.post("/staff/pavb/equipment", {"name": "x", "category": "other", "quantity": "1"}).status, 403)
    # another institution: no access to PAVB, PAVB's item is not found under its own slug
    b = login(srv, "rent@birzai.lt")
    eq(b.get("/staff/pavb/equipment").status, 403)
    eq(b.get(f"/staff/birzai/equipment/{mic}").status, 404)
    eq(b.post(f"/staff/birzai/equipment/{mic}", {"name": "Pavogtas", "category": "sound", "quantity": "1"}).status, 404)
    check("Belaidis mikrofonas" not in b.get("/staff/birzai/equipment").text)
    # a space of another institution cannot be an item's home
    r = b.post("/staff/birzai/equipment", {"name": "Kolonėlė", "category": "sound", "quantity": "1",
                                           "home_space_id": str(sid)})
    eq(r.status, 422)
    ba = api(srv, "rent@birzai.lt")
    eq(ba.jget("/api/v1/birzai/equipment").json()["items"], [])
    eq(ba.jget("/api/v1/pavb/equipment").status, 403)
    eq(int(one(sk, "SELECT COUNT(*) FROM equipment_items")), 2)


@test
def reservations_never_exceed_quantity(sk):
    srv = world(sk)
    c = login(srv, "renginiai@pavb.lt")
    rooms = [add_space(sk, c, f"Salė {i}") for i in range(10)]
    cam = add_item(sk, c, "Vaizdo kamera", 5, "photo")
    ids = []
    for i, sp in enumerate(rooms):
        eq(book(c, sp, f"Filmavimas {i}").status, 303)
        ids.append(int(one(sk, f"SELECT id FROM bookings WHERE title = 'Filmavimas {i}'")))
    a = api(srv, "renginiai@pavb.lt")
    results = [None] * 10

    def attempt(i):
        r = a.jpost(f"/api/v1/pavb/bookings/{ids[i]}/equipment", {"item_id": cam, "quantity": 2})
        results[i] = (r.status, r.json())

    ts = [threading.Thread(target=attempt, args=(i,)) for i in range(10)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wins = [i for i, (st, _) in enumerate(results) if st == 201]
    eq(len(wins), 2, f"5 cameras, 2 per booking: exactly two win: {[s for s, _ in results]}")
    eq({st for st, _ in results if st != 201}, {409})
    winners = {f"Filmavimas {i}" for i in wins}
    for st, body in results:
        if st == 409:
            cf = body["error"]["conflict"]
            eq(cf["available"], 1)
            eq(cf["wanted"], 2)
            eq({b["title"] for b in cf["bookings"]}, winners, "the conflict names the bookings holding the item")
            check("Vaizdo kamera" in body["error"]["message"])
    eq(int(one(sk, f"SELECT SUM(quantity) FROM equipment_reservations WHERE item_id = {cam}")), 4)
    # the one left is free; the sixth is not
    loser = next(i for i, (st, _) in enumerate(results) if st == 409)
    eq(a.jpost(f"/api/v1/pavb/bookings/{ids[loser]}/equipment", {"item_id": cam, "quantity": 1}).status, 201)
    other = next(i for i, (st, _) in enumerate(results) if st == 409 and i != loser)
    eq(a.jpost(f"/api/v1/pavb/bookings/{ids[other]}/equipment", {"item_id": cam, "quantity": 1}).status, 409)
    # cancelling a booking frees its pieces
    eq(c.post(f"/staff/pavb/bookings/{ids[wins[0]]}/cancel", {}).status, 303)
    eq(a.jpost(f"/api/v1/pavb/bookings/{ids[other]}/equipment", {"item_id": cam, "quantity": 2}).status, 201)
    # another institution cannot reserve on PAVB's booking
    b = api(srv, "rent@birzai.lt")
    eq(b.jpost(f"/api/v1/birzai/bookings/{ids[0]}/equipment", {"item_id": cam, "quantity": 1}).status, 404)
    eq(b.jpost(f"/api/v1/pavb/bookings/{ids[0]}/equipment", {"item_id": cam, "quantity": 1}).status, 403)


@test
def usage_is_the_peak_not_the_sum(sk):
    srv = world(sk)
    c = login(srv, "renginiai@pavb.lt")
    r1, r2, r3 = (add_space(sk, c, n) for n in ("A salė", "B salė", "C salė"))
    chairs = add_item(sk, c, "Kėdės", 40, "furniture")
    a = api(srv, "renginiai@pavb.lt")

    def bid(title):
        return int(one(sk, f"SELECT id FROM bookings WHERE title = '{title}'"))

    eq(book(c, r1, "Rytas", frm="10:00", to="12:00").status, 303)
    eq(book(c, r2, "Popietė", frm="12:00", to="14:00").status, 303)
    eq(book(c, r3, "Vidurdienis", frm="11:00", to="13:00").status, 303)
    eq(a.jpost(f"/api/v1/pavb/bookings/{bid('Rytas')}/equipment", {"item_id": chairs, "quantity": 30}).status, 201)
    eq(a.jpost(f"/api/v1/pavb/bookings/{bid('Popietė')}/equipment", {"item_id": chairs, "quantity": 30}).status, 201)
    # 10-12 and 12-14 do not overlap each other: at any instant 30 are in use
    r = a.jpost(f"/api/v1/pavb/bookings/{bid('Vidurdienis')}/equipment", {"item_id": chairs, "quantity": 11})
    eq(r.status, 409, r.text)
    eq(r.json()["error"]["conflict"]["available"], 10)
    eq({b["title"] for b in r.json()["error"]["conflict"]["bookings"]}, {"Rytas", "Popietė"})
    eq(a.jpost(f"/api/v1/pavb/bookings/{bid('Vidurdienis')}/equipment", {"item_id": chairs, "quantity": 10}).status, 201)
    # changing a reservation replaces it (not added on top)
    eq(a.jpost(f"/api/v1/pavb/bookings/{bid('Rytas')}/equipment", {"item_id": chairs, "quantity": 30}).status, 201)
    got = a.jget(f"/api/v1/pavb/bookings/{bid('Rytas')}/equipment").json()["items"]
    eq([(i["name"], i["quantity"]) for i in got], [("Kėdės", 30)])


@test
def booking_equipment_page(sk):
    srv = world(sk)
    c = login(srv, "renginiai@pavb.lt")
    r1, r2 = add_space(sk, c, "A salė"), add_space(sk, c, "B salė")
    mic = add_item(sk, c, "Mikrofonas", 3, "sound")
    proj = add_item(sk, c, "Projektorius", 1, "projection")
    eq(book(c, r1, "Seminaras").status, 303)
    eq(book(c, r2, "Mokymai", frm="11:00", to="13:00").status, 303)
    b1 = int(one(sk, "SELECT id FROM bookings WHERE title = 'Seminaras'"))
    b2 = int(one(sk, "SELECT id FROM bookings WHERE title = 'Mokymai'"))
    p = c.get(f"/staff/pavb/bookings/{b1}/equipment")
    eq(p.status, 200)
    check("(laisva 3 iš 3)" in p.text, "free pieces are shown")
    eq(c.post(f"/staff/pavb/bookings/{b1}/equipment", {f"eq_{mic}": "2", f"eq_{proj}": "1"}).status, 303)
    check("(laisva 1 iš 3)" in c.get(f"/staff/pavb/bookings/{b2}/equipment").text, "what Seminaras holds is not free")
    r = c.post(f"/staff/pavb/bookings/{b2}/equipment", {f"eq_{mic}": "1", f"eq_{proj}": "1"})
    eq(r.status, 409)
    msg = field_error(r, "equipment")
    check(msg and "Konfliktas su rezervacija" in msg and "„Seminaras“" in msg and "Projektorius" in msg, msg)
    eq(int(one(sk, f"SELECT COUNT(*) FROM equipment_reservations WHERE booking_id = {b2}")), 0, "all or nothing")
    eq(c.post(f"/staff/pavb/bookings/{b2}/equipment", {f"eq_{mic}": "1"}).status, 303)
    # 0 removes a reservation and frees the piece
    eq(c.post(f"/staff/pavb/bookings/{b1}/equipment", {f"eq_{mic}": "2", f"eq_{proj}": "0"}).status, 303)
    eq(sk.sql(f"SELECT item_id, quantity FROM equipment_reservations WHERE booking_id = {b1}"), [[str(mic), "2"]])
    eq(c.post(f"/staff/pavb/bookings/{b2}/equipment", {f"eq_{mic}": "1", f"eq_{proj}": "1"}).status, 303)
    # the item page lists the bookings that hold it
    p = c.get(f"/staff/pavb/equipment/{mic}")
    check("Kam rezervuota" in p.text and "Seminaras" in p.text and "Mokymai" in p.text, "the item's bookings")
    r = c.post(f"/staff/pavb/bookings/{b2}/equipment", {f"eq_{mic}": "x"})
    eq(r.status, 422)
    # read-only for a member without spaces.manage; nothing for another institution
    s = login(srv, "staff@pavb.lt")
    eq(s.get(f"/staff/pavb/bookings/{b1}/equipment").status, 200)
    eq(s.post(f"/staff/pavb/bookings/{b1}/equipment", {f"eq_{mic}": "3"}).status, 403)
    b = login(srv, "rent@birzai.lt")
    eq(b.get(f"/staff/birzai/bookings/{b1}/equipment").status, 404)
    eq(b.post(f"/staff/birzai/bookings/{b1}/equipment", {f"eq_{mic}": "1"}).status, 404)
    eq(b.get(f"/staff/pavb/bookings/{b1}/equipment").status, 403)
    eq(int(one(sk, "SELECT SUM(quantity) FROM equipment_reservations")), 4)


@test
def recurring_event_booking_all_or_nothing(sk):
    srv = world(sk)
    c = login(srv, "renginiai@pavb.lt")
    hall = add_space(sk, c, "Parodų erdvė", setup="30", teardown="30")
    proj = add_item(sk, c, "Projektorius", 1, "projection")
    eid = add_event(sk, c, "Paroda „Aukštaitijos kryždirbystė“", rrule="FREQ=WEEKLY;COUNT=5")
    p = c.get(f"/staff/pavb/events/{eid}")
    eq(p.status, 200)
    check("Erdvės rezervavimas" in p.text, "the booking section is on the event page")
    # the third date (2027-03-24) is taken at 12:15, inside the event's teardown buffer
    eq(book(c, hall, "Metodinė diena", date="2027-03-24", frm="12:15", to="14:00").status, 303)
    r = c.post(f"/staff/pavb/events/{eid}/booking", {"space_id": str(hall), "eq_%d" % proj: "1"})
    eq(r.status, 409, r.text[:800])
    msg = field_error(r, "space_id")
    check(msg and "Metodinė diena" in msg and "2027-03-24" in msg and "Konfliktas su rezervacija" in msg,
          f"conflict names the booking and the date: {msg}")
    eq(int(one(sk, f"SELECT COUNT(*) FROM bookings WHERE event_id = {eid}")), 0, "nothing is stored")
    eq(int(one(sk, "SELECT COUNT(*) FROM equipment_reservations")), 0)
    check("Aukštaitijos kryždirbystė" in r.text, "the event page is shown again")
    blocker = int(one(sk, "SELECT id FROM bookings WHERE title = 'Metodinė diena'"))
    eq(c.post(f"/staff/pavb/bookings/{blocker}/cancel", {}).status, 303)
    r = c.post(f"/staff/pavb/events/{eid}/booking", {"space_id": str(hall), "eq_%d" % proj: "1"})
    eq(r.status, 303, r.text[:800])
    rows = sk.sql(f"SELECT kind, status, starts_at, setup_min, teardown_min FROM bookings WHERE event_id = {eid} "
                  "ORDER BY starts_at")
    eq(len(rows), 5)
    want = [int(dt.datetime.combine(dt.date(2027, 3, 10) + dt.timedelta(days=7 * i), dt.time(10, 0), TZ).timestamp())
            for i in range(5)]
    eq([int(x[2]) for x in rows], want, "one booking per weekly date, local 10:00")
    eq({(x[0], x[1], x[3], x[4]) for x in rows}, {("event", "approved", "30", "30")})
    eq(int(one(sk, f"SELECT COUNT(*) FROM equipment_reservations r JOIN bookings b ON b.id = r.booking_id "
                   f"WHERE b.event_id = {eid} AND r.item_id = {proj} AND r.quantity = 1")), 5)
    p = c.get(f"/staff/pavb/events/{eid}")
    check(p.text.count("1 × Projektorius") == 5, "the bookings are listed with their equipment")
    # a second event in the same room and slot: conflict naming the first event's booking
    e2 = add_event(sk, c, "Knygos pristatymas", date="2027-03-17", start="11:00", end="12:00", typ="book_presentation")
    r = c.post(f"/staff/pavb/events/{e2}/booking", {"space_id": str(hall)})
    eq(r.status, 409)
    msg = field_error(r, "space_id")
    check(msg and "Aukštaitijos kryždirbystė" in msg and "2027-03-17" in msg, msg)
    # equipment: the only projector is taken by the exhibition on 2027-03-17 (another room)
    room = add_space(sk, c, "Konferencijų salė")
    r = c.post(f"/staff/pavb/events/{e2}/booking", {"space_id": str(room), "eq_%d" % proj: "1"})
    eq(r.status, 409)
    msg = field_error(r, "equipment")
    check(msg and "Projektorius" in msg and "Aukštaitijos kryždirbystė" in msg, msg)
    eq(int(one(sk, f"SELECT COUNT(*) FROM bookings WHERE event_id = {e2}")), 0, "nothing half-stored")
    eq(c.post(f"/staff/pavb/events/{e2}/booking", {"space_id": str(room)}).status, 303)
    # the first N dates only
    e3 = add_event(sk, c, "Skaitymų klubas", date="2027-04-05", start="17:00", end="18:00", rrule="FREQ=WEEKLY;COUNT=10",
                   typ="education")
    r = c.post(f"/staff/pavb/events/{e3}/booking", {"space_id": str(room), "max_occ": "3"})
    eq(r.status, 303, r.text[:500])
    eq(int(one(sk, f"SELECT COUNT(*) FROM bookings WHERE event_id = {e3}")), 3)
    r = c.post(f"/staff/pavb/events/{e3}/booking", {"space_id": str(room), "max_occ": "0"})
    eq(r.status, 422)
    # outside opening hours (Sunday closed): refused, nothing stored
    e4 = add_event(sk, c, "Sekmadienio popietė", date="2027-03-14", start="12:00", end="13:00")
    r = c.post(f"/staff/pavb/events/{e4}/booking", {"space_id": str(room)})
    eq(r.status, 422)
    check("2027-03-14" in (field_error(r, "space_id") or ""))
    # cancelling the event cancels its bookings and frees the projector
    eq(c.post(f"/staff/pavb/events/{eid}/state", {"state": "cancelled", "cancel_reason": "Eksponatai nepristatyti"}).status,
       303)
    eq(one(sk, f"SELECT string_agg(DISTINCT status, ',') FROM bookings WHERE event_id = {eid}"
           if sk.kind == "pg" else f"SELECT group_concat(DISTINCT status) FROM bookings WHERE event_id = {eid}"),
       "cancelled")
    eq(int(one(sk, f"SELECT COUNT(*) FROM bookings WHERE event_id = {e3} AND status = 'approved'")), 3,
       "other events keep theirs")
    r = c.post(f"/staff/pavb/events/{eid}/booking", {"space_id": str(hall)})
    eq(r.status, 422, "a cancelled event cannot be booked")
    # isolation: another institution cannot book PAVB's event or space
    b = login(srv, "rent@birzai.lt")
    eq(b.post(f"/staff/pavb/events/{e2}/booking", {"space_id": str(room)}).status, 403)
    eq(b.post(f"/staff/birzai/events/{e2}/booking", {"space_id": str(room)}).status, 404)


@test
def concurrent_recurring_bookings_one_wins(sk):
    srv = world(sk)
    c = login(srv, "renginiai@pavb.lt")
    room = add_space(sk, c, "Konferencijų salė")
    evs = [add_event(sk, c, f"Ciklas {i}", rrule="FREQ=WEEKLY;COUNT=4", typ="education") for i in range(8)]
    results = [None] * 8

    def attempt(i):
        cl = srv.client()
        cl.cookies = dict(c.cookies)
        cl.csrf = c.csrf
        r = cl.post(f"/staff/pavb/events/{evs[i]}/booking", {"space_id": str(room)})
        results[i] = (r.status, field_error(r, "space_id") if r.status != 303 else None)

    ts = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wins = [i for i, (st, _) in enumerate(results) if st == 303]
    eq(len(wins), 1, f"exactly one series wins: {results}")
    eq({st for st, _ in results if st != 303}, {409})
    for st, m in results:
        if st == 409:
            check(m and f"Ciklas {wins[0]}" in m, f"names the winner: {m}")
    eq(int(one(sk, f"SELECT COUNT(*) FROM bookings WHERE space_id = {room}")), 4)
    eq(int(one(sk, f"SELECT COUNT(DISTINCT event_id) FROM bookings WHERE space_id = {room}")), 1)


def local(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


def expected_occupancy(hours, bookings, first, last):
    """Independent: walk the days in Europe/Vilnius, intersect each
    approved booking with that day's opening interval."""
    open_s = booked_s = 0
    day = first
    while day <= last:
        h = hours[day.weekday()]
        if h:
            o, cl = h.split("-")
            oh, om = map(int, o.split(":"))
            ch, cm = map(int, cl.split(":"))
            a = dt.datetime(day.year, day.month, day.day, oh, om, tzinfo=TZ).timestamp()
            b = dt.datetime(day.year, day.month, day.day, ch, cm, tzinfo=TZ).timestamp()
            open_s += b - a
            for s, e in bookings:
                lo, hi = max(s, a), min(e, b)
                if hi > lo:
                    booked_s += hi - lo
        day += dt.timedelta(days=1)
    return open_s // 60, booked_s // 60


@test
def occupancy_report_matches_independent_calculation(sk):
    srv = world(sk)
    c = login(srv, "renginiai@pavb.lt")
    h2 = ["09:00-17:00"] * 4 + ["09:00-15:00", "", ""]
    big = add_space(sk, c, "Didžioji salė")
    small = add_space(sk, c, "Mažoji salė", hours=h2)
    a = api(srv, "renginiai@pavb.lt")
    # March 2027: the clocks go forward on Sunday 2027-03-28
    plan = [(big, "2027-03-01", "08:00", "20:00"), (big, "2027-03-10", "10:00", "12:30"),
            (big, "2027-03-27", "10:00", "16:00"), (big, "2027-03-29", "08:00", "09:15"),
            (small, "2027-03-05", "09:00", "15:00"), (small, "2027-03-31", "16:00", "17:00"),
            (big, "2027-04-01", "10:00", "12:00")]
    spans = {big: [], small: []}
    for i, (sp, d, f, t) in enumerate(plan):
        eq(book(c, sp, f"Užsiėmimas {i}", date=d, frm=f, to=t).status, 303)
        y, m, dd = map(int, d.split("-"))
        spans[sp].append((local(y, m, dd, *map(int, f.split(":"))).timestamp(),
                          local(y, m, dd, *map(int, t.split(":"))).timestamp()))
    # an event booking counted by kind, a cancelled one not at all
    eid = add_event(sk, c, "Koncertas", date="2027-03-17", start="18:00", end="19:30", typ="concert")
    eq(c.post(f"/staff/pavb/events/{eid}/booking", {"space_id": str(big)}).status, 303)
    spans[big].append((local(2027, 3, 17, 18).timestamp(), local(2027, 3, 17, 19, 30).timestamp()))
    eq(book(c, small, "Atšaukta", date="2027-03-09", frm="10:00", to="12:00").status, 303)
    cid = int(one(sk, "SELECT id FROM bookings WHERE title = 'Atšaukta'"))
    eq(c.post(f"/staff/pavb/bookings/{cid}/cancel", {}).status, 303)
    first, last = dt.date(2027, 3, 1), dt.date(2027, 3, 31)
    exp = {sp: expected_occupancy(HOURS if sp == big else h2, [s for s in spans[sp]], first, last) for sp in spans}
    p = c.get("/staff/pavb/spaces/occupancy?month=2027-03")
    eq(p.status, 200, p.text[:500])
    check("Užimtumas" in p.text)
    f = c.get("/staff/pavb/spaces/occupancy.csv?month=2027-03")
    eq(f.status, 200)
    check(f.body.startswith(b"\xef\xbb\xbf"), "BOM")
    rows = list(csv.reader(io.StringIO(f.body.decode("utf-8-sig")), delimiter=";"))
    hdr, data = rows[0], {r[0]: r for r in rows[1:]}
    eq(len(hdr), 9)
    for sp, name in ((big, "Didžioji salė"), (small, "Mažoji salė")):
        om, bm = exp[sp]
        r = data[name]
        eq(r[1:3], ["2027-03-01", "2027-03-31"])
        eq(float(r[3].replace(",", ".")), round(om / 60, 2), f"{name} open hours")
        eq(float(r[4].replace(",", ".")), round(bm / 60, 2), f"{name} booked hours")
        eq(float(r[5].replace(",", ".")), round(100 * bm / om, 1), f"{name} occupancy %")
        row = re.search(r'<tr data-space="%d">(.*?)</tr>' % sp, p.text, re.S).group(1)
        cells = [htmlmod.unescape(re.sub(r"<[^>]+>", "", x)).strip().replace("\xa0", "").replace(" ", "")
                 for x in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        check(abs(float(cells[1].replace(",", ".")) - om / 60) <= 0.0501, f"{name} open hours on the page: {cells}")
        check(abs(float(cells[2].replace(",", ".")) - bm / 60) <= 0.0501, f"{name} booked hours on the page: {cells}")
    # counts per kind: big has 4 internal in March + 1 event, small 2 internal (the cancelled one not counted)
    eq(data["Didžioji salė"][6:9], ["1", "4", "0"])
    eq(data["Mažoji salė"][6:9], ["0", "2", "0"])
    # a plain sanity figure computed by hand: the big room is open 23 weekdays x 12 h + 4 Saturdays x 6 h
    eq(exp[big][0], (23 * 12 + 4 * 6) * 60)
    # a date range (inclusive)
    f = c.get("/staff/pavb/spaces/occupancy.csv?from=2027-03-29&to=2027-04-01")
    rows = {r[0]: r for r in list(csv.reader(io.StringIO(f.body.decode("utf-8-sig")), delimiter=";"))[1:]}
    om, bm = expected_occupancy(HOURS, spans[big], dt.date(2027, 3, 29), dt.date(2027, 4, 1))
    eq(float(rows["Didžioji salė"][4].replace(",", ".")), round(bm / 60, 2))
    eq(float(rows["Didžioji salė"][3].replace(",", ".")), round(om / 60, 2))
    eq(c.get("/staff/pavb/spaces/occupancy?month=2027-13").status, 422)
    eq(c.get("/staff/pavb/spaces/occupancy?from=2027-01-01&to=2028-06-01").status, 422)
    # isolation: Biržai sees its own (empty) report, not PAVB's spaces
    b = login(srv, "rent@birzai.lt")
    eq(b.get("/staff/pavb/spaces/occupancy").status, 403)
    t = b.get("/staff/birzai/spaces/occupancy.csv?month=2027-03")
    eq(t.status, 200)
    check("Didžioji salė" not in t.body.decode("utf-8"))


@test
def deleting_an_event_unlinks_its_bookings(sk):
    srv = world(sk)
    c = login(srv, "renginiai@pavb.lt")
    room = add_space(sk, c, "Konferencijų salė")
    eid = add_event(sk, c, "Vienkartinis renginys")
    keep = add_event(sk, c, "Kitas renginys", date="2027-03-11")
    eq(c.post(f"/staff/pavb/events/{eid}/booking", {"space_id": str(room)}).status, 303)
    eq(c.post(f"/staff/pavb/events/{keep}/booking", {"space_id": str(room)}).status, 303)
    bid = int(one(sk, f"SELECT id FROM bookings WHERE event_id = {eid}"))
    # no page deletes events (they are cancelled and kept); the trigger is
    # the database's own rule (ON DELETE SET NULL), exercised directly here
    sk.sql(f"DELETE FROM event_occurrences WHERE event_id = {eid}; DELETE FROM events WHERE id = {eid}")
    eq(one(sk, f"SELECT COALESCE(event_id, 0) || '/' || status FROM bookings WHERE id = {bid}"), "0/approved")
    eq(int(one(sk, f"SELECT COUNT(*) FROM bookings WHERE event_id = {keep}")), 1, "other events keep their link")


@test
def moving_an_event_moves_its_booking(sk):
    """A single-date event moved to another time takes its space booking
    and equipment with it; a conflict at the new time is a field error
    naming the booking in the way, and nothing is saved."""
    srv = world(sk)
    c = login(srv, "renginiai@pavb.lt")
    hall = add_space(sk, c, "Parodų erdvė")
    room = add_space(sk, c, "Konferencijų salė")
    proj = add_item(sk, c, "Projektorius", 1, "projection")
    eid = add_event(sk, c, "Knygos „Upė“ pristatymas", typ="book_presentation")
    eq(c.post(f"/staff/pavb/events/{eid}/booking", {"space_id": str(hall), "eq_%d" % proj: "1"}).status, 303)
    old = int(one(sk, f"SELECT id FROM bookings WHERE event_id = {eid}"))
    eq(book(c, hall, "Rytinis seminaras", date="2027-03-11").status, 303)
    other = add_event(sk, c, "Kino vakaras", date="2027-03-15", typ="film")
    eq(c.post(f"/staff/pavb/events/{other}/booking", {"space_id": str(room), "eq_%d" % proj: "1"}).status, 303)

    def move(date, start="10:00", end="12:00", title="Knygos „Upė“ pristatymas"):
        return c.post(f"/staff/pavb/events/{eid}", {"title": title, "type": "book_presentation", "start_date": date,
                                                    "start_time": start, "end_date": date, "end_time": end,
                                                    "rrule": "", "is_public": "1", "is_free": "1"})

    def state():
        return sk.sql(f"SELECT status, starts_at, ends_at FROM bookings WHERE event_id = {eid} ORDER BY id")

    before = state()
    # the hall is taken on the 11th: refused, naming the booking; nothing moved, the event keeps its date
    r = move("2027-03-11")
    eq(r.status, 422, r.text[:600])
    msg = field_error(r, "start_date")
    check(msg and "Rytinis seminaras" in msg and "2027-03-11" in msg, f"names the booking in the way: {msg}")
    eq(state(), before, "the booking did not move")
    ev_start = int(dt.datetime.combine(dt.date(2027, 3, 10), dt.time(10, 0), TZ).timestamp())
    eq(int(one(sk, f"SELECT starts_at FROM events WHERE id = {eid}")), ev_start, "the event was not saved")
    # the only projector is held by the film on the 15th
    r = move("2027-03-15")
    eq(r.status, 422)
    msg = field_error(r, "start_date")
    check(msg and "Projektorius" in msg, f"names the equipment: {msg}")
    eq(state(), before)
    # a free time: the booking and its projector move with the event
    r = move("2027-03-12", "14:00", "17:00")
    eq(r.status, 303, r.text[:600])
    rows = state()
    eq(len(rows), 2)
    eq(rows[0][0], "cancelled", "the old booking is kept, cancelled")
    ns = int(dt.datetime.combine(dt.date(2027, 3, 12), dt.time(14, 0), TZ).timestamp())
    eq((rows[1][0], int(rows[1][1]), int(rows[1][2])), ("approved", ns, ns + 3 * 3600))
    eq(sk.sql(f"SELECT r.item_id, r.quantity FROM equipment_reservations r JOIN bookings b ON b.id = r.booking_id "
              f"WHERE b.event_id = {eid} AND b.status = 'approved'"), [[str(proj), "1"]])
    check(int(one(sk, f"SELECT COUNT(*) FROM bookings WHERE id = {old} AND status = 'cancelled'")) == 1, "old one")
    # the hall is free again on the 10th
    eq(book(c, hall, "Metodinė diena", date=WED).status, 303)
    # saving without a change of time leaves the bookings alone
    eq(move("2027-03-12", "14:00", "17:00", title="Knygos „Upė“ pristatymas ir diskusija").status, 303)
    eq(len(state()), 2)


@test
def a_recurring_event_takes_its_bookings_along(sk):
    """A weekly series booked in a hall, then edited: a later start time
    moves every date's booking (and its projector) with it; an exception
    added cancels that date's booking; a conflict on one date refuses the
    whole save, naming the date and the booking in the way."""
    srv = world(sk)
    c = login(srv, "renginiai@pavb.lt")
    hall = add_space(sk, c, "Parodų erdvė")
    proj = add_item(sk, c, "Projektorius", 1, "projection")
    title = "Skaitymų popietė"
    eid = add_event(sk, c, title, rrule="FREQ=WEEKLY;COUNT=4", typ="education")
    eq(c.post(f"/staff/pavb/events/{eid}/booking", {"space_id": str(hall), "eq_%d" % proj: "1"}).status, 303)
    days = [dt.date(2027, 3, 10) + dt.timedelta(days=7 * i) for i in range(4)]

    def at(d, hh, mm=0):
        return int(dt.datetime.combine(d, dt.time(hh, mm), TZ).timestamp())

    def live():
        return [(int(a), int(b)) for a, b in sk.sql(
            f"SELECT starts_at, ends_at FROM bookings WHERE event_id = {eid} AND status = 'approved' ORDER BY starts_at")]

    def save(start="10:00", end="12:00", exdates=""):
        return c.post(f"/staff/pavb/events/{eid}", {"title": title, "type": "education", "start_date": "2027-03-10",
                                                    "start_time": start, "end_date": "2027-03-10", "end_time": end,
                                                    "rrule": "FREQ=WEEKLY;COUNT=4", "exdates": exdates,
                                                    "is_public": "1", "is_free": "1"})

    eq(live(), [(at(d, 10), at(d, 12)) for d in days])
    # a later start and a longer afternoon: all four bookings follow
    r = save("14:00", "16:30")
    eq(r.status, 303, r.text[:600])
    eq(live(), [(at(d, 14), at(d, 16, 30)) for d in days], "the bookings follow the new time")
    eq(int(one(sk, f"SELECT COUNT(*) FROM equipment_reservations r JOIN bookings b ON b.id = r.booking_id "
                   f"WHERE b.event_id = {eid} AND b.status = 'approved' AND r.item_id = {proj}")), 4,
       "the projector moved with every date")
    # an exception on the third date: its booking is cancelled, the hall is free then
    r = save("14:00", "16:30", exdates=days[2].isoformat())
    eq(r.status, 303, r.text[:600])
    eq(live(), [(at(d, 14), at(d, 16, 30)) for d in (days[0], days[1], days[3])])
    eq(book(c, hall, "Metodinė diena", date=days[2].isoformat(), frm="14:00", to="16:00").status, 303,
       "the freed date can be booked")
    # someone takes the hall on the second date at 10:00; moving the series back there is refused
    eq(book(c, hall, "Rytinis seminaras", date=days[1].isoformat(), frm="10:00", to="11:00").status, 303)
    before = live()
    r = save("10:00", "12:00", exdates=days[2].isoformat())
    eq(r.status, 422, r.text[:600])
    msg = field_error(r, "start_date")
    check(msg and "Rytinis seminaras" in msg and days[1].isoformat() in msg, f"names the date and booking: {msg}")
    eq(live(), before, "nothing moved")
    eq(int(one(sk, f"SELECT starts_at FROM events WHERE id = {eid}")), at(days[0], 14), "the event was not saved")
    # saving the series unchanged touches no booking
    n = int(one(sk, f"SELECT COUNT(*) FROM bookings WHERE event_id = {eid}"))
    eq(save("14:00", "16:30", exdates=days[2].isoformat()).status, 303)
    eq(int(one(sk, f"SELECT COUNT(*) FROM bookings WHERE event_id = {eid}")), n, "an unchanged save made bookings")


@test
def a_booked_series_books_the_dates_it_gains(sk):
    """A weekly series booked for every date, then extended: the new dates
    are booked like the others (room, buffers, projector). A new date
    whose room is taken is saved unbooked and said (flash, the booking
    section, the API); the booking section then books only what is
    missing. A series booked only for its first dates is not extended."""
    srv = world(sk)
    c = login(srv, "renginiai@pavb.lt")
    hall = add_space(sk, c, "Parodų erdvė", setup="15", teardown="15")
    proj = add_item(sk, c, "Projektorius", 1, "projection")
    title = "Kraštotyros paroda"
    eid = add_event(sk, c, title, rrule="FREQ=WEEKLY;COUNT=3")
    eq(c.post(f"/staff/pavb/events/{eid}/booking", {"space_id": str(hall), "eq_%d" % proj: "1"}).status, 303)
    days = [dt.date(2027, 3, 10) + dt.timedelta(days=7 * i) for i in range(8)]

    def at(d, hh, mm=0):
        return int(dt.datetime.combine(d, dt.time(hh, mm), TZ).timestamp())

    def live(e=eid):
        return [tuple(int(x) for x in row) for row in sk.sql(
            f"SELECT starts_at, ends_at, setup_min, teardown_min, space_id FROM bookings "
            f"WHERE event_id = {e} AND status = 'approved' ORDER BY starts_at")]

    def projectors():
        return int(one(sk, f"SELECT COUNT(*) FROM equipment_reservations r JOIN bookings b ON b.id = r.booking_id "
                           f"WHERE b.event_id = {eid} AND b.status = 'approved' AND r.item_id = {proj}"))

    def save(count, e=eid, t=title, start="2027-03-10"):
        return c.post(f"/staff/pavb/events/{e}", {"title": t, "type": "exhibition", "start_date": start,
                                                  "start_time": "10:00", "end_date": start, "end_time": "12:00",
                                                  "rrule": f"FREQ=WEEKLY;COUNT={count}", "is_public": "1",
                                                  "is_free": "1"})

    eq(live(), [(at(d, 10), at(d, 12), 15, 15, hall) for d in days[:3]])
    # two more weeks: booked like the others, with the projector
    r = save(5)
    eq(r.status, 303, r.text[:600])
    eq(live(), [(at(d, 10), at(d, 12), 15, 15, hall) for d in days[:5]], "the new dates are booked")
    eq(projectors(), 5, "the projector on every date")
    check("#booking-h" not in r.header("Location"), "nothing to say")
    # the hall is taken on the seventh Wednesday; two more weeks: the
    # eighth is booked, the seventh saved without a room and said
    eq(book(c, hall, "Metodinė diena", date=days[6].isoformat(), frm="11:00", to="13:00").status, 303)
    r = save(8)
    eq(r.status, 303, r.text[:600])
    check(r.header("Location").endswith("#booking-h"), r.header("Location"))
    eq(live(), [(at(d, 10), at(d, 12), 15, 15, hall) for d in days[:6] + days[7:]],
       "the free new dates are booked, the taken one is not")
    eq(projectors(), 7)
    eq(int(one(sk, f"SELECT COUNT(*) FROM event_occurrences WHERE event_id = {eid}")), 8, "the event was saved")
    p = c.get(f"/staff/pavb/events/{eid}")
    flash = re.search(r'<div class="flash"[^>]*>(.*?)</div>', p.text, re.S)
    check(flash and "Renginys išsaugotas" in flash.group(1) and days[6].isoformat() in flash.group(1),
          f"the flash names the unbooked date: {flash and flash.group(1)}")
    note = re.search(r'<p class="notice unbooked"[^>]*>(.*?)</p>', p.text, re.S)
    check(note and days[6].isoformat() in note.group(1) and days[5].isoformat() not in note.group(1),
          f"the booking section lists the date without a room: {note and note.group(1)}")
    # the booking section books only the missing date, once the hall is free
    r = c.post(f"/staff/pavb/events/{eid}/booking", {"space_id": str(hall), "eq_%d" % proj: "1"})
    eq(r.status, 409, "the hall is still taken then")
    check("Metodinė diena" in (field_error(r, "space_id") or ""), field_error(r, "space_id"))
    blocker = int(one(sk, "SELECT id FROM bookings WHERE title = 'Metodinė diena'"))
    eq(c.post(f"/staff/pavb/bookings/{blocker}/cancel", {}).status, 303)
    r = c.post(f"/staff/pavb/events/{eid}/booking", {"space_id": str(hall), "eq_%d" % proj: "1"})
    eq(r.status, 303, r.text[:600])
    eq(live(), [(at(d, 10), at(d, 12), 15, 15, hall) for d in days], "every date once")
    eq(projectors(), 8)
    check('class="notice unbooked"' not in c.get(f"/staff/pavb/events/{eid}").text, "nothing left unbooked")
    r = c.post(f"/staff/pavb/events/{eid}/booking", {"space_id": str(hall)})
    eq(r.status, 422)
    check("jau rezervuota" in (field_error(r, "space_id") or ""), field_error(r, "space_id"))
    # the API says which new dates it could not book
    a = api(srv, "renginiai@pavb.lt")
    eq(book(c, hall, "Vakarinis seminaras", date=(days[7] + dt.timedelta(days=7)).isoformat(), frm="11:00",
            to="12:30").status, 303)
    r = a.jpost(f"/api/v1/pavb/events/{eid}", {"title": title, "type": "exhibition", "start_date": "2027-03-10",
                                               "start_time": "10:00", "end_date": "2027-03-10", "end_time": "12:00",
                                               "rrule": "FREQ=WEEKLY;COUNT=10", "is_public": True, "is_free": True})
    eq(r.status, 200, r.text[:600])
    j = json.loads(r.body)
    eq(len(j["unbooked_dates"]), 1, j.get("unbooked_dates"))
    check(j["unbooked_dates"][0].startswith((days[7] + dt.timedelta(days=7)).isoformat()), j["unbooked_dates"])
    eq(len(live()), 9, "the tenth Wednesday is booked, the ninth is not")
    # booked for its first two dates only: extending it books nothing
    e2 = add_event(sk, c, "Skaitymų klubas", date="2027-04-05", start="10:00", end="12:00", rrule="FREQ=WEEKLY;COUNT=4",
                   typ="education")
    eq(c.post(f"/staff/pavb/events/{e2}/booking", {"space_id": str(hall), "max_occ": "2"}).status, 303)
    eq(len(live(e2)), 2)
    eq(save(5, e=e2, t="Skaitymų klubas", start="2027-04-05").status, 303)
    eq(len(live(e2)), 2, "a series booked in part is left as it was")
    note = re.search(r'<p class="notice unbooked"[^>]*>(.*?)</p>', c.get(f"/staff/pavb/events/{e2}").text, re.S)
    check(note and note.group(1).startswith("<strong>3 "), f"three dates without a room: {note and note.group(1)}")
    # the next two of them
    eq(c.post(f"/staff/pavb/events/{e2}/booking", {"space_id": str(hall), "max_occ": "2"}).status, 303)
    eq([x[0] for x in live(e2)], [at(dt.date(2027, 4, 5) + dt.timedelta(days=7 * i), 10) for i in range(4)])


run()

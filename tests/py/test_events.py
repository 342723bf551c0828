"""The events calendar (issue 3, C8): validation with field errors,
RRULE/EXDATE expansion checked through the public iCalendar (parsed with
python3-icalendar), the Atom feed (python3-feedparser), isolation between
institutions and the county's network calendar, the state machine, and
provisioning tasks -- through a live server's JSON API and public pages,
checked against the database."""
import datetime as dt
import json
import re
import urllib.parse
from zoneinfo import ZoneInfo

import feedparser
import icalendar

from sk import test, run, check, eq, login, token_for

PW = "correct horse battery"
VNO = ZoneInfo("Europe/Vilnius")


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


def world(sk, env=None):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_inst("rokiskis", "Rokiškio rajono savivaldybės Juozo Keliuočio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("renginiai@pavb.lt", "Renata Renginienė", inst="pavb", roles=["EVENT"])
    sk.add_user("staff@pavb.lt", "Stasys Darbuotojas", inst="pavb", roles=["STAFF"])
    sk.add_user("tech@pavb.lt", "Tomas Technikas", inst="pavb", roles=["TECH"])
    sk.add_user("b@birzai.lt", "Birutė Biržietė", inst="birzai", roles=["NETLIB"])
    return sk.server(env=env)


def future(days=30):
    d = dt.date.today() + dt.timedelta(days=days)
    return d


def publish(a, slug, eid):
    for st in ("planned", "confirmed", "published"):
        r = a.post(f"/api/v1/{slug}/events/{eid}", {"state": st})
        eq(r.status, 200, f"{st}: {r.text[:300]}")


@test
def create_validates_with_field_errors(sk):
    srv = world(sk)
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    d = future(20).isoformat()
    r = a.post("/api/v1/pavb/events", {"title": "Knygos „Žalios lankos“ pristatymas", "type": "book_presentation",
                                       "start_date": d, "start_time": "18:00", "end_date": d, "end_time": "17:00"})
    eq(r.status, 422, r.text[:300])
    check("end_date" in r.text, f"field error on end_date: {r.text}")
    eq(one(sk, "SELECT COUNT(*) FROM events"), "0", "nothing stored")
    for bad, field in ((({"rrule": "FREQ=SOMETIMES"}), "rrule"), (({"rrule": "FREQ=WEEKLY", "exdates": "32/13"}), "exdates"),
                       (({"type": "party"}), "type"), (({"title": ""}), "title")):
        body = {"title": "Paroda", "type": "exhibition", "start_date": d, "start_time": "10:00", "end_time": "11:00"}
        body.update(bad)
        r = a.post("/api/v1/pavb/events", body)
        eq(r.status, 422, f"{bad}: {r.text[:300]}")
        check(field in r.text, f"{bad}: error on {field}: {r.text}")
    eq(one(sk, "SELECT COUNT(*) FROM events"), "0")
    eq(one(sk, "SELECT COUNT(*) FROM event_occurrences"), "0")
    # a good one: stored with one occurrence, audited, draft
    r = a.post("/api/v1/pavb/events", {"title": "Poezijos vakaras", "type": "other", "start_date": d,
                                       "start_time": "18:00", "end_time": "19:30", "space_name": "Konferencijų salė"})
    eq(r.status, 201, r.text[:300])
    j = r.json()
    eq(j["state"], "draft")
    eq(len(j["occurrences"]), 1)
    start = dt.datetime.fromisoformat(j["starts_at"].replace("Z", "+00:00")).astimezone(VNO)
    eq((start.hour, start.minute), (18, 0), "local time Europe/Vilnius")
    eq(one(sk, f"SELECT COUNT(*) FROM audit_log WHERE action = 'event.create' AND entity_id = {j['id']}"), "1")
    # STAFF may see but not manage
    s = Api(srv, token_for(srv, "staff@pavb.lt"))
    eq(s.get("/api/v1/pavb/events").status, 200)
    eq(s.post("/api/v1/pavb/events", {"title": "x", "type": "other", "start_date": d}).status, 403)


@test
def rrule_exdate_in_ics(sk):
    srv = world(sk)
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    first = future(10)
    while first.weekday() != 2:   # a Wednesday
        first += dt.timedelta(days=1)
    ex = first + dt.timedelta(days=14)
    title = "Skaitymų klubas „Šviesa“ – ąčęėįšųūž"
    r = a.post("/api/v1/pavb/events", {"title": title, "type": "education", "start_date": first.isoformat(),
                                       "start_time": "17:30", "end_time": "19:00", "rrule": "FREQ=WEEKLY;COUNT=10",
                                       "exdates": ex.isoformat(), "summary": "Kas savaitę aptariame knygas"})
    eq(r.status, 201, r.text[:300])
    eid = r.json()["id"]
    eq(len(r.json()["occurrences"]), 9, "10 weekly minus one exception")
    eq(one(sk, f"SELECT COUNT(*) FROM event_occurrences WHERE event_id = {eid}"), "9")
    # open-ended rules are capped at two years, never more than 500
    r = a.post("/api/v1/pavb/events", {"title": "Kasdienė paroda", "type": "exhibition", "start_date": first.isoformat(),
                                       "start_time": "10:00", "end_time": "18:00", "rrule": "FREQ=DAILY"})
    eq(r.status, 201, r.text[:300])
    n = len(r.json()["occurrences"])
    check(n == 500, f"daily open-ended capped at 500, got {n}")
    r = a.post("/api/v1/pavb/events", {"title": "Mėnesinis", "type": "exhibition", "start_date": first.isoformat(),
                                       "start_time": "10:00", "end_time": "11:00", "rrule": "FREQ=MONTHLY"})
    n = len(r.json()["occurrences"])
    check(24 <= n <= 25, f"monthly open-ended capped at two years, got {n}")
    # not public until published
    eq(srv.client().get(f"/pavb/events/{eid}").status, 404)
    publish(a, "pavb", eid)
    c = srv.client()
    for path in ("/pavb/events.ics", f"/pavb/events/{eid}.ics"):
        r = c.get(path)
        eq(r.status, 200, path)
        check((r.header("Content-Type") or "").startswith("text/calendar"), path)
        raw = r.body
        check(b"\r\n" in raw and all(len(l) <= 75 for l in raw.split(b"\r\n")), f"{path}: CRLF, folded at 75 octets")
        check(b"DTSTART;TZID=Europe/Vilnius:" in raw, f"{path}: DTSTART with TZID")
        cal = icalendar.Calendar.from_ical(raw)
        tzs = [z for z in cal.walk("VTIMEZONE")]
        eq([str(z["TZID"]) for z in tzs], ["Europe/Vilnius"])
        evs = [e for e in cal.walk("VEVENT") if str(e["SUMMARY"]) == title]
        eq(len(evs), 1, f"{path}: the series once (Lithuanian text survives)")
        e = evs[0]
        eq(str(e["UID"]), f"event-{eid}@pavb.sklaida")
        st = e.decoded("DTSTART")
        eq((st.date(), st.hour, st.minute), (first, 17, 30))
        eq(e["RRULE"]["FREQ"], ["WEEKLY"])
        eq(e["RRULE"]["COUNT"], [10])
        exd = e["EXDATE"]
        exd = exd if isinstance(exd, list) else [exd]
        got = [d.dt for x in exd for d in x.dts]
        eq([(g.date(), g.hour, g.minute) for g in got], [(ex, 17, 30)])
    # the UID is stable
    r2 = c.get("/pavb/events.ics")
    check(f"event-{eid}@pavb.sklaida".encode() in r2.body)
    # the HTML list shows occurrences of the series, not the excluded day
    r = c.get(f"/pavb/events?from={first.isoformat()}")
    eq(r.status, 200)
    check("Skaitymų klubas" in r.text)
    check(ex.isoformat() not in r.text, "the exception day is not listed")
    check((first + dt.timedelta(days=7)).isoformat() in r.text)


@test
def atom_feed_and_pages(sk):
    srv = world(sk)
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    d = future(5)
    r = a.post("/api/v1/pavb/events", {"title": "Koncertas „Rudens balsai“", "type": "concert", "start_date": d.isoformat(),
                                       "start_time": "18:00", "end_time": "20:00", "photo_notice": True,
                                       "audience": "Suaugusieji", "is_public": True})
    eid = r.json()["id"]
    r = a.post("/api/v1/pavb/events", {"title": "Juodraštinis renginys", "type": "other", "start_date": d.isoformat(),
                                       "start_time": "10:00", "is_public": True})
    draft = r.json()["id"]
    publish(a, "pavb", eid)
    c = srv.client()
    f = feedparser.parse(c.get("/pavb/events.atom").body)
    check(not f.bozo, f"feed parses: {f.get('bozo_exception')}")
    eq([e.title for e in f.entries], ["Koncertas „Rudens balsai“"])
    check(f.entries[0].link.endswith(f"/pavb/events/{eid}"))
    p = c.get(f"/pavb/events/{eid}")
    eq(p.status, 200)
    check("Fotografuojama" in p.text or "fotografuojamas" in p.text, "photography notice (S8 point 4)")
    eq(c.get(f"/pavb/events/{draft}").status, 404)
    m = c.get(f"/pavb/events?view=month&month={d.strftime('%Y-%m')}")
    eq(m.status, 200)
    check("<table" in m.text and "<th scope=\"col\">" in m.text and "Rudens balsai" in m.text, "month grid")
    check("Juodraštinis" not in m.text)
    w = c.get("/pavb/events/widget")
    eq(w.status, 200)
    check("Rudens balsai" in w.text and "<header" not in w.text, "bare widget")
    en = c.get(f"/pavb/events/{eid}?lang=en")
    check("Photography and filming" in en.text, "English page")
    eq(c.get(f"/pavb/events?type=concert").text.count("Rudens balsai"), 1)
    check("Rudens balsai" not in c.get("/pavb/events?type=exhibition").text)
    check("Rudens balsai" not in c.get("/pavb/events?audience=vaikai").text)


@test
def isolation_and_network(sk):
    srv = world(sk)
    sk.add_user("r@rokiskis.lt", "R", inst="rokiskis", roles=["NETLIB"])
    b = Api(srv, token_for(srv, "b@birzai.lt"))
    d = future(8).isoformat()
    shared = b.post("/api/v1/birzai/events", {"title": "Biržų kraštotyros vakaras", "type": "other", "start_date": d,
                                              "start_time": "17:00", "share_network": True, "is_public": True}).json()["id"]
    private = b.post("/api/v1/birzai/events", {"title": "Vidinis Biržų pasitarimas", "type": "other", "start_date": d,
                                               "start_time": "09:00", "is_public": False}).json()["id"]
    publish(b, "birzai", shared)
    publish(b, "birzai", private)
    c = srv.client()
    check("Biržų kraštotyros" in c.get("/birzai/events").text)
    check("Vidinis Biržų" not in c.get("/birzai/events").text, "private never public")
    eq(c.get(f"/birzai/events/{private}").status, 404)
    check(b"Vidinis" not in c.get("/birzai/events.ics").body)
    net = c.get("/pavb/events?network=1").text
    check("Biržų kraštotyros" in net, "shared event on the county network calendar")
    check("Vidinis Biržų" not in net)
    check("Biržų kraštotyros" not in c.get("/pavb/events").text, "not on the county's own list")
    check("Biržų" not in c.get("/rokiskis/events").text)
    eq(c.get(f"/pavb/events/{shared}").status, 404, "another institution's id")
    eq(c.get(f"/rokiskis/events/{shared}.ics").status, 404)
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    eq(a.get(f"/api/v1/pavb/events/{private}").status, 404)
    check("Vidinis" not in a.get("/api/v1/pavb/events").text)
    eq(a.get("/api/v1/birzai/events").status, 403)
    rk = Api(srv, token_for(srv, "r@rokiskis.lt"))
    eq(rk.post(f"/api/v1/rokiskis/events/{private}", {"state": "done"}).status, 404)


@test
def state_machine_and_tasks(sk):
    srv = world(sk)
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    d = future(12).isoformat()
    eid = a.post("/api/v1/pavb/events", {"title": "Edukacija vaikams", "type": "education", "start_date": d,
                                         "start_time": "11:00"}).json()["id"]
    r = a.post(f"/api/v1/pavb/events/{eid}", {"state": "published"})
    eq(r.status, 422, "draft cannot jump to published")
    check("state" in r.text)
    eq(a.post(f"/api/v1/pavb/events/{eid}", {"state": "planned"}).status, 200)
    tech = one(sk, "SELECT id FROM users WHERE email = 'tech@pavb.lt'")
    due = (future(10)).isoformat()
    r = a.post(f"/api/v1/pavb/events/{eid}", {"task": {"category": "sound", "assignee_id": int(tech), "due_date": due}})
    eq(r.status, 200, r.text[:300])
    a.post(f"/api/v1/pavb/events/{eid}", {"task": {"category": "sound", "assignee_id": int(tech), "due_date": due}})
    eq(a.post(f"/api/v1/pavb/events/{eid}", {"task": {"category": "juggling"}}).status, 422)
    row = one(sk, f"SELECT assignee_id, related_type, related_id, source, dedupe_key, due_date, status FROM tasks")
    eq(row, [tech, "event", str(eid), "system_generated", f"event:{eid}:sound", due.replace("-", ""), "open"])
    # cancelling needs a reason, keeps the event and cancels its tasks
    r = a.post(f"/api/v1/pavb/events/{eid}", {"state": "cancelled"})
    eq(r.status, 422)
    check("cancel_reason" in r.text)
    r = a.post(f"/api/v1/pavb/events/{eid}", {"state": "cancelled", "cancel_reason": "Lektorius susirgo"})
    eq(r.status, 200, r.text[:300])
    eq(r.json()["state"], "cancelled")
    eq(r.json()["cancel_reason"], "Lektorius susirgo")
    eq(one(sk, "SELECT status FROM tasks"), "cancelled")
    eq(one(sk, f"SELECT COUNT(*) FROM audit_log WHERE action = 'event.state' AND entity_id = {eid}"), "2")


@test
def staff_pages(sk):
    srv = world(sk)
    c = login(srv.client(), "renginiai@pavb.lt")
    eq(c.get("/staff/pavb/events").status, 200)
    check('href="/staff/pavb/events"' in c.get("/staff/pavb/events").text, "navigation entry")
    eq(c.get("/staff/pavb/events/new").status, 200)
    d = future(15).isoformat()
    form = {"title": "Paroda „Aukštaitijos kryždirbystė“", "type": "exhibition", "start_date": d, "start_time": "10:00",
            "end_date": d, "end_time": "09:00", "rrule": "FREQ=WEEKLY;COUNT=4", "is_public": "1", "is_free": "1"}
    r = c.post("/staff/pavb/events/new", form)
    eq(r.status, 422)
    check("Renginys negali baigtis anksčiau, nei prasideda." in r.text, "Lithuanian field error")
    check("Aukštaitijos kryždirbystė" in r.text, "the form keeps what was typed")
    eq(one(sk, "SELECT COUNT(*) FROM events"), "0")
    form["end_time"] = "17:00"
    r = c.post("/staff/pavb/events/new", form)
    eq(r.status, 303, r.text[:500])
    eid = int(r.header("Location").rsplit("/", 1)[1])
    eq(one(sk, f"SELECT COUNT(*) FROM event_occurrences WHERE event_id = {eid}"), "4")
    p = c.get(f"/staff/pavb/events/{eid}")
    eq(p.status, 200)
    tech = one(sk, "SELECT id FROM users WHERE email = 'tech@pavb.lt'")
    r = c.post(f"/staff/pavb/events/{eid}/tasks", {"category": "projection", "assignee_id": tech, "due_date": d})
    eq(r.status, 303, r.text[:500])
    eq(one(sk, f"SELECT category || '/' || assignee_id FROM tasks WHERE related_type = 'event' AND related_id = {eid}"),
       f"projection/{tech}")
    check("Projekcija" in c.get(f"/staff/pavb/events/{eid}").text)
    eq(c.post(f"/staff/pavb/events/{eid}/state", {"state": "published"}).status, 422)
    for st in ("planned", "confirmed", "published"):
        eq(c.post(f"/staff/pavb/events/{eid}/state", {"state": st}).status, 303)
    check("kryždirbystė" in srv.client().get("/pavb/events").text, "published and public")
    r = c.get(f"/staff/pavb/events?type=exhibition&state=published")
    check("kryždirbystė" in r.text)
    check("kryždirbystė" not in c.get("/staff/pavb/events?type=concert").text)
    s = login(srv.client(), "staff@pavb.lt")
    eq(s.get("/staff/pavb/events").status, 200)
    eq(s.get("/staff/pavb/events/new").status, 403)
    eq(s.post(f"/staff/pavb/events/{eid}/state", {"state": "done"}).status, 403)
    b = login(srv.client(), "b@birzai.lt")
    eq(b.get(f"/staff/pavb/events/{eid}").status, 403)
    eq(b.get(f"/staff/birzai/events/{eid}").status, 404)


@test
def public_list_pages_and_space_filter(sk):
    """The upcoming list shows 24 occurrences a page in start order, with
    "later"/"earlier" links that keep the filters; no occurrence is shown
    twice or skipped. The space filter offers the institution's spaces."""
    srv = world(sk)
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    sk.sql("INSERT INTO spaces(institution_id, name, capacity) SELECT id, 'Kino salė', 80 FROM institutions "
           "WHERE slug = 'pavb'")
    d = future(3).isoformat()
    # a daily series of 30 and 5 single events in the cinema hall
    eid = a.post("/api/v1/pavb/events", {"title": "Rytinis skaitymas", "type": "education", "start_date": d,
                                         "start_time": "09:00", "end_time": "10:00",
                                         "rrule": "FREQ=DAILY;COUNT=30", "space_name": "Skaitykla"}).json()["id"]
    publish(a, "pavb", eid)
    for i in range(5):
        e = a.post("/api/v1/pavb/events", {"title": f"Filmas Nr. {i + 1}", "type": "film",
                                           "start_date": future(4 + i).isoformat(), "start_time": "18:00",
                                           "end_time": "20:00", "space_name": "Kino salė"}).json()["id"]
        publish(a, "pavb", e)
    anon = srv.client()
    seen = []
    url = "/pavb/events"
    for _ in range(5):
        r = anon.get(url)
        eq(r.status, 200)
        items = re.findall(r'<li class="event-item"><h3><a href="/pavb/events/(\d+)">([^<]+)</a>.*?'
                           r'<time datetime="([0-9-]+)">', r.text)
        check(len(items) <= 24, f"{len(items)} items on one page")
        seen += [(t, day) for _, t, day in items]
        m = re.search(r'<a href="([^"]+)" rel="next">', r.text)
        if not m:
            break
        eq(len(items), 24, "a full page before a next link")
        url = m.group(1).replace("&amp;", "&")
    eq(len(seen), 35, "every occurrence once")
    eq(len(set(seen)), 35, "no occurrence twice")
    eq([s[1] for s in seen], sorted(s[1] for s in seen), "in date order")
    r = anon.get(url)
    check('rel="prev"' in r.text, "the last page links back")
    page1 = anon.get("/pavb/events")
    check('<option value="Kino salė">Kino salė</option>' in page1.text, "the space filter lists the spaces")
    r = anon.get("/pavb/events?space=" + urllib.parse.quote("Kino salė"))
    titles = re.findall(r'<h3><a href="/pavb/events/\d+">([^<]+)</a>', r.text)
    eq(sorted(titles), [f"Filmas Nr. {i}" for i in range(1, 6)])
    check('rel="next"' not in r.text)


@test
def edits_show_at_once_without_the_response_cache(sk):
    """The list items and the VEVENTs are remembered per row version
    (migration 100's trigger); with the response cache off, every edit,
    state change and new occurrence set shows on the very next request."""
    srv = world(sk, env={"SKLAIDA_CACHE_MB": "0"})
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    d = future(5).isoformat()
    eid = a.post("/api/v1/pavb/events", {"title": "Senasis pavadinimas", "type": "concert", "start_date": d,
                                         "start_time": "18:00", "end_time": "19:00"}).json()["id"]
    publish(a, "pavb", eid)
    anon = srv.client()
    for _ in range(3):  # warm both pool threads
        check("Senasis pavadinimas" in anon.get("/pavb/events").text)
        check("Senasis pavadinimas" in anon.get("/pavb/events.ics").text)
    v0 = int(one(sk, f"SELECT version FROM events WHERE id = {eid}"))
    r = a.post(f"/api/v1/pavb/events/{eid}", {"title": "Naujasis pavadinimas", "type": "concert", "start_date": d,
                                             "start_time": "18:30", "end_time": "19:30"})
    eq(r.status, 200, r.text[:300])
    check(int(one(sk, f"SELECT version FROM events WHERE id = {eid}")) > v0, "the trigger bumps the version")
    for _ in range(3):
        t = anon.get("/pavb/events").text
        check("Naujasis pavadinimas" in t and "Senasis pavadinimas" not in t, "the list shows the edit")
        check("18:30" in t)
        cal = icalendar.Calendar.from_ical(anon.get("/pavb/events.ics").body)
        evs = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith(f"event-{eid}@")]
        eq(len(evs), 1)
        eq(str(evs[0]["SUMMARY"]), "Naujasis pavadinimas")
        eq(evs[0]["DTSTART"].dt.astimezone(VNO).strftime("%H:%M"), "18:30")
    # the remembered filter form follows the spaces: a new one, a rename
    # (by another process), a deactivation
    sk.write_sql("INSERT INTO spaces(institution_id, name, capacity) SELECT id, 'Kino salė', 80 FROM institutions "
                  "WHERE slug = 'pavb'")
    for _ in range(3):
        check('<option value="Kino salė">' in anon.get("/pavb/events").text, "a new space in the filter")
    sk.write_sql("UPDATE spaces SET name = 'Didžioji kino salė' WHERE name = 'Kino salė'")
    for _ in range(3):
        t = anon.get("/pavb/events").text
        check('<option value="Didžioji kino salė">' in t and '<option value="Kino salė">' not in t, "renamed")
    sk.write_sql("UPDATE spaces SET active = 0")
    for _ in range(3):
        check('name="space"' not in anon.get("/pavb/events").text, "no active space: no space filter")
    r = a.post(f"/api/v1/pavb/events/{eid}", {"state": "cancelled", "cancel_reason": "Atlikėjas susirgo"})
    eq(r.status, 200, r.text[:300])
    for _ in range(3):
        check("Naujasis pavadinimas" not in anon.get("/pavb/events").text, "a cancelled event leaves the list")
        check(f"event-{eid}@" not in anon.get("/pavb/events.ics").text, "and the feed")


MISMATCH = ("SELECT COUNT(*) FROM event_occurrences o JOIN events e ON e.id = o.event_id WHERE "
            "o.listed <> CASE WHEN e.state = 'published' AND e.is_public = 1 THEN 1 ELSE 0 END OR "
            "o.ev_version <> e.version OR o.ev_created <> e.created_at OR o.ev_updated <> e.updated_at OR "
            "o.all_day <> CASE WHEN e.all_day <> 0 THEN 1 ELSE 0 END")


@test
def occurrences_carry_their_events_listing(sk):
    """The public list reads listed/version from the occurrence rows
    (migration 142); triggers keep them equal to the event row through
    new occurrences, edits, state changes and writes by another process."""
    srv = world(sk, env={"SKLAIDA_CACHE_MB": "0"})
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    anon = srv.client()
    ids = []
    for i, title in enumerate(("Vakaro koncertas", "Rytinis skaitymas")):
        d = future(3 + i).isoformat()
        ids.append(a.post("/api/v1/pavb/events", {"title": title, "type": "concert", "start_date": d,
                                                  "start_time": "18:00", "end_time": "19:00",
                                                  "rrule": "FREQ=WEEKLY;COUNT=3"}).json()["id"])
    eq(int(one(sk, MISMATCH)), 0)
    eq(int(one(sk, f"SELECT COUNT(*) FROM event_occurrences WHERE listed = 1")), 0, "drafts are not listed")
    check("Vakaro koncertas" not in anon.get("/pavb/events").text)
    for eid in ids:
        publish(a, "pavb", eid)
    eq(int(one(sk, MISMATCH)), 0)
    eq(int(one(sk, f"SELECT COUNT(*) FROM event_occurrences WHERE listed = 1")), 6, "3 dates of each")
    t = anon.get("/pavb/events").text
    check(t.count("Vakaro koncertas") == 3 and t.count("Rytinis skaitymas") == 3, "both series, every date")
    # another process hides one (not through sklaida): the trigger still follows
    sk.write_sql(f"UPDATE events SET is_public = 0 WHERE id = {ids[0]}")
    eq(int(one(sk, MISMATCH)), 0)
    for _ in range(3):
        t = anon.get("/pavb/events").text
        check("Vakaro koncertas" not in t and t.count("Rytinis skaitymas") == 3, "hidden by is_public = 0")
    # new dates of a published series are listed as they are written
    r = a.post(f"/api/v1/pavb/events/{ids[1]}", {"title": "Rytinis skaitymas", "type": "concert",
                                                 "start_date": future(4).isoformat(), "start_time": "10:00",
                                                 "end_time": "11:00", "rrule": "FREQ=WEEKLY;COUNT=4"})
    eq(r.status, 200, r.text[:300])
    eq(int(one(sk, MISMATCH)), 0)
    for _ in range(3):
        t = anon.get("/pavb/events").text
        check(t.count("Rytinis skaitymas") == 4 and "10:00" in t, "the fourth date and the new time")


@test
def weekly_rule_keeps_local_time_across_dst(sk):
    srv = world(sk)
    a = Api(srv, token_for(srv, "renginiai@pavb.lt"))
    # 2027-10-31 is the autumn change in Europe/Vilnius; a Tuesday series around it
    r = a.post("/api/v1/pavb/events", {"title": "Rudens paskaitų ciklas", "type": "education", "start_date": "2027-10-12",
                                       "start_time": "18:00", "end_time": "19:00",
                                       "rrule": "FREQ=WEEKLY;UNTIL=20271110T000000"})
    eq(r.status, 201, r.text[:300])
    occ = [dt.datetime.fromisoformat(x.replace("Z", "+00:00")).astimezone(VNO) for x in r.json()["occurrences"]]
    eq([o.date().isoformat() for o in occ], ["2027-10-12", "2027-10-19", "2027-10-26", "2027-11-02", "2027-11-09"])
    eq({(o.hour, o.minute) for o in occ}, {(18, 0)}, "18:00 local before and after the change")
    eq({o.utcoffset() for o in occ}, {dt.timedelta(hours=3), dt.timedelta(hours=2)})


@test
def demo_season(sk):
    out = sk.cli("demo", env={"SKLAIDA_DEMO_TODAY": "2026-12-06"})
    total = int(one(sk, "SELECT COUNT(*) FROM events e JOIN institutions i ON i.id = e.institution_id WHERE i.slug = 'pavb'"))
    check(total >= 500, f"PAVB season has {total} events")
    lo = int(dt.datetime(2026, 12, 1, tzinfo=VNO).timestamp())
    hi = int(dt.datetime(2027, 1, 1, tzinfo=VNO).timestamp())
    n = int(one(sk, "SELECT COUNT(DISTINCT o.event_id) FROM event_occurrences o JOIN institutions i ON i.id = o.institution_id "
                    f"WHERE i.slug = 'pavb' AND o.starts_at >= {lo} AND o.starts_at < {hi}"))
    check(n >= 20, f"{n} events in the current month")
    rule, exd = one(sk, "SELECT rrule, exdates FROM events WHERE rrule LIKE 'FREQ=WEEKLY%'")
    check(exd, "the reading club has an exception")
    shared = int(one(sk, "SELECT COUNT(*) FROM events e JOIN institutions i ON i.id = e.institution_id "
                         "WHERE i.parent_id IS NOT NULL AND e.share_network = 1"))
    private = int(one(sk, "SELECT COUNT(*) FROM events e JOIN institutions i ON i.id = e.institution_id "
                          "WHERE i.parent_id IS NOT NULL AND e.is_public = 0"))
    check(shared > 0 and private > 0, f"territory shared {shared}, private {private}")


if __name__ == "__main__":
    run()

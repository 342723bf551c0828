"""Search across everything (X7) over the records of every capability:
contacts, organisations, events, excursion/delegation requests, spaces,
equipment and tasks. Each record is written through the staff (or
public) pages of a live server, and must be in the index at once (the
same transaction), found by an inflected form typed without diacritics;
an edit shows at once, an erasure leaves nothing personal in
search_docs; the filters of migration 110 (department, status, tag) and
the date range work on the page and the API; another institution's
records and the types a role may not open never appear.
"""
import datetime
from zoneinfo import ZoneInfo
import re
import urllib.parse

from sk import test, run, eq, check

PW = "correct horse battery"


def future_wednesday(weeks=8):
    d = datetime.date.today() + datetime.timedelta(weeks=weeks)
    while d.weekday() != 2:
        d += datetime.timedelta(days=1)
    return d.isoformat()


DAY = future_wednesday()
# the server reads dates in Europe/Vilnius: so must the test (from 22:00
# UTC on, the two calendars are a day apart)
VILNIUS_TODAY = datetime.datetime.now(ZoneInfo("Europe/Vilnius")).date()
TODAY = VILNIUS_TODAY.isoformat()


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("event@pavb.lt", "Aušra Renginytė", "pavb", ["EVENT"], password=PW)
    sk.add_user("rent@pavb.lt", "Rasa Nuomaitė", "pavb", ["RENT"], password=PW)
    sk.add_user("event@birzai.lt", "Birutė Renginytė", "birzai", ["EVENT"], password=PW)
    srv = sk.server()
    c = srv.client()
    c.login("event@pavb.lt", PW)
    return srv, c


def client(srv, mail):
    c = srv.client()
    c.login(mail, PW)
    return c


def search(c, q, inst="pavb", **filters):
    qs = urllib.parse.urlencode(dict(q=q, limit="100", **filters))
    r = c.get(f"/api/v1/{inst}/search?{qs}")
    eq(r.status, 200, f"{q!r} {filters}: {r.text[:300]}")
    return r.json()["items"]


def found(c, q, inst="pavb", **filters):
    """(type, id) of every hit"""
    return sorted((x["type"], x["id"]) for x in search(c, q, inst, **filters))


def redirect_id(r, what):
    eq(r.status, 303, f"{what}: {r.status} {r.text[:600]}")
    return int(re.search(r"/(\d+)$", r.header("Location")).group(1))


def add_contact(c, inst="pavb", **kw):
    d = {"first_name": "Jonas", "last_name": "Petrauskas", "legal_basis": "legitimate_interest",
         "email": "jonas@balsas.lt", "phone": "+370 612 34567", "beats": "kultūra, knygos",
         "tags": "Žiniasklaida, radijas", "notes": "Mėgsta kavą"}
    d.update(kw)
    return redirect_id(c.post(f"/staff/{inst}/contacts", d), "contact")


def add_event(c, title, inst="pavb", **kw):
    d = {"title": title, "type": "book_presentation", "start_date": DAY, "start_time": "17:00",
         "end_date": DAY, "end_time": "19:00", "is_free": "1", "summary": "", "space_name": "Konferencijų salė"}
    d.update(kw)
    return redirect_id(c.post(f"/staff/{inst}/events/new", d), "event")


def doc_rows(sk, typ, doc_id):
    return sk.sql(f"SELECT title, body, status, tags, url FROM search_docs WHERE doc_type = '{typ}' "
                  f"AND doc_id = {doc_id}")


@test
def contacts_and_organisations(sk):
    srv, c = world(sk)
    pid = add_contact(c)
    # an inflected surname, no diacritics; the staff page it links to opens
    items = search(c, "petrauskui")
    eq([(x["type"], x["id"]) for x in items], [("contact", pid)])
    eq(items[0]["url"], f"/staff/pavb/contacts/{pid}")
    eq(c.get(items[0]["url"]).status, 200)
    check("<mark>Petrauskas</mark>" in items[0]["title_html"], items[0]["title_html"])
    eq(found(c, "ziniasklaidos"), [("contact", pid)], "tags are searchable")
    eq(found(c, "knygu"), [("contact", pid)], "beats are searchable")
    # never the phone or the notes
    eq(sk.sql(f"SELECT count(*) FROM search_docs WHERE doc_type = 'contact' AND doc_id = {pid} "
              "AND (body LIKE '%612%' OR body LIKE '%kav%' OR terms LIKE '%kav%')"), [["0"]], "phone or notes indexed")
    eq(sk.sql(f"SELECT tags, url FROM search_docs WHERE doc_type = 'contact' AND doc_id = {pid}"),
       [[",ziniasklaida,radijas,", f"/staff/pavb/contacts/{pid}"]])
    # an organisation and a position: both found, the person by the organisation
    r = c.post("/staff/pavb/contacts/orgs", {"name": "Panevėžio balsas", "kind": "media", "city": "Panevėžys",
                                             "tags": "spauda"})
    oid = redirect_id(r, "organisation")
    eq(c.post(f"/staff/pavb/contacts/{pid}/positions", {"org": str(oid), "title": "Redaktorius",
                                                        "from_date": "2024-01-01"}).status, 303)
    eq(found(c, "balso"), [("contact", pid), ("organisation", oid)])
    eq(found(c, "redaktoriumi"), [("contact", pid)])
    # renaming the organisation re-indexes the people working there
    r = c.post(f"/staff/pavb/contacts/orgs/{oid}", {"name": "Šiaurės rytai", "kind": "media", "city": "Panevėžys"})
    eq(r.status, 303, r.text[:300])
    eq(found(c, "balso"), [])
    eq(found(c, "siaures rytu"), [("contact", pid), ("organisation", oid)])
    # an edit shows at once
    form = {"first_name": "Jonas", "last_name": "Jankauskas", "legal_basis": "legitimate_interest",
            "email": "jonas@balsas.lt", "tags": "Žiniasklaida"}
    eq(c.post(f"/staff/pavb/contacts/{pid}", form).status, 303)
    eq(found(c, "petrauskui"), [])
    eq(found(c, "jankauskui"), [("contact", pid)])
    # GDPR erasure: gone from the results and from search_docs, in the same write
    eq(c.post(f"/staff/pavb/contacts/{pid}/erase", {"confirm": "1"}).status, 303)
    eq(found(c, "jankauskui"), [])
    eq(found(c, "jonas"), [])
    eq(doc_rows(sk, "contact", pid), [], "no row of the erased person")
    leftovers = sk.sql("SELECT doc_type, doc_id FROM search_docs WHERE title LIKE '%Jankausk%' "
                       "OR body LIKE '%Jankausk%' OR body LIKE '%jonas@%' OR words LIKE '%jankausk%'")
    eq(leftovers, [], "no personal field of the erased person anywhere in the index")
    # and a reindex does not bring it back
    sk.cli("search", "reindex")
    eq(doc_rows(sk, "contact", pid), [])
    eq(found(c, "siaures"), [("organisation", oid)])


@test
def events_states_and_departments(sk):
    srv, c = world(sk)
    sk.sql("INSERT INTO departments(institution_id, name_lt, name_en, created_at, updated_at) "
           "SELECT id, 'Renginių skyrius', 'Events', 1, 1 FROM institutions WHERE slug = 'pavb'")
    sk.sql("INSERT INTO departments(institution_id, name_lt, name_en, created_at, updated_at) "
           "SELECT id, 'Kraštotyros skyrius', 'Local history', 1, 1 FROM institutions WHERE slug = 'pavb'")
    dep = int(sk.sql("SELECT id FROM departments WHERE name_lt = 'Renginių skyrius'")[0][0])
    dep2 = int(sk.sql("SELECT id FROM departments WHERE name_lt = 'Kraštotyros skyrius'")[0][0])
    e1 = add_event(c, "Knygos pristatymas Panevėžyje", department_id=str(dep),
                   description="Rašytoja skaitys ištraukas", partners="Rašytojų sąjunga")
    e2 = add_event(c, "Kraštotyros popietė", department_id=str(dep2), summary="Apie Panevėžio dvarus")
    eb = add_event(client(srv, "event@birzai.lt"), "Knygos pristatymas Biržuose", inst="birzai")
    eq(found(c, "panevezys"), [("event", e1), ("event", e2)])
    eq(found(c, "pristatymu"), [("event", e1)], "another institution's event never appears")
    eq(found(client(srv, "event@birzai.lt"), "pristatymu", inst="birzai"), [("event", eb)])
    eq(found(c, "rasytoju sajungos"), [("event", e1)], "partners")
    eq(found(c, "skaityti"), [("event", e1)], "a verb in another form")
    items = search(c, "panevezyje")
    eq({x["url"] for x in items}, {f"/staff/pavb/events/{e1}", f"/staff/pavb/events/{e2}"})
    # department filter
    eq(found(c, "panevezys", department=str(dep)), [("event", e1)])
    eq(found(c, "panevezys", department=str(dep2)), [("event", e2)])
    # state: the index follows event_set_state
    eq(found(c, "panevezys", status="draft"), [("event", e1), ("event", e2)])
    eq(c.post(f"/staff/pavb/events/{e1}/state", {"state": "planned"}).status, 303)
    eq(found(c, "panevezys", status="planned"), [("event", e1)])
    eq(found(c, "panevezys", status="draft"), [("event", e2)])
    # an edit of the title shows at once
    r = c.post(f"/staff/pavb/events/{e2}", {"title": "Dvarų istorijos popietė", "type": "other", "start_date": DAY,
                                            "start_time": "15:00", "end_date": DAY, "end_time": "16:00",
                                            "department_id": str(dep2)})
    eq(r.status, 303, r.text[:500])
    eq(found(c, "krastotyros"), [])
    eq(found(c, "dvaru"), [("event", e2)])
    # the page: the filters are there, in Lithuanian, and work
    p = c.get("/staff/pavb/search?" + urllib.parse.urlencode({"q": "panevezys", "department": str(dep)}))
    eq(p.status, 200)
    for label in ("Skyrius", "Būsena", "Žyma", "Laikotarpis", "Renginių skyrius"):
        check(label in p.text, f"{label} missing on the page")
    check("Knygos pristatymas" in p.text and "popietė" not in p.text, "department filter on the page")
    check(f'href="/staff/pavb/events/{e1}"' in p.text, "result links to the event's staff page")
    # a department of another institution finds nothing
    eq(found(c, "pristatymas", inst="birzai" if False else "pavb", department="999999"), [])


@test
def filters_dates_and_field_errors(sk):
    srv, c = world(sk)
    a = add_contact(c, first_name="Ona", last_name="Kazlauskienė", tags="Radijas, žiniasklaida")
    b = add_contact(c, first_name="Rūta", last_name="Kazlauskaitė", tags="partneriai", do_not_contact="1")
    e = add_event(c, "Kazlauskų giminės šventė")
    eq(found(c, "kazlausk*"), [("contact", a), ("contact", b), ("event", e)])
    eq(found(c, "kazlausk*", type="contact"), [("contact", a), ("contact", b)])
    eq(found(c, "kazlausk*", type="event"), [("event", e)])
    # tags: one tag, case and diacritics aside
    eq(found(c, "kazlausk*", tag="ŽINIASKLAIDA"), [("contact", a)])
    eq(found(c, "kazlausk*", tag="ziniasklaida"), [("contact", a)])
    eq(found(c, "kazlausk*", tag="Partneriai"), [("contact", b)])
    eq(found(c, "kazlausk*", tag="radij"), [], "a whole tag, not a part of one")
    eq(found(c, "kazlausk*", status="do_not_contact"), [("contact", b)])
    # date range on the last change: today's records are in, yesterday's range is not
    eq(len(found(c, "kazlausk*", **{"from": TODAY, "to": TODAY})), 3)
    y = (VILNIUS_TODAY - datetime.timedelta(days=1)).isoformat()
    eq(found(c, "kazlausk*", **{"to": y}), [])
    t = (VILNIUS_TODAY + datetime.timedelta(days=1)).isoformat()
    eq(found(c, "kazlausk*", **{"from": t}), [])
    # bad values: field errors, never a 500
    for bad, field in (({"from": "2026-02-30"}, "from"), ({"to": "vakar"}, "to"), ({"status": "lost"}, "status"),
                       ({"department": "x"}, "department"), ({"from": "2026-05-02", "to": "2026-05-01"}, "to"),
                       ({"tag": "a, b"}, "tag"), ({"type": "nope"}, "type")):
        r = c.get("/api/v1/pavb/search?" + urllib.parse.urlencode(dict(q="kazlauskas", **bad)))
        eq(r.status, 422, f"{bad}: {r.text[:300]}")
        check(field in r.json()["error"]["fields"], f"{bad}: {r.text[:300]}")
        p = c.get("/staff/pavb/search?" + urllib.parse.urlencode(dict(q="kazlauskas", **bad)))
        eq(p.status, 200, f"page {bad}")
        check(f'id="e-{field}"' in p.text, f"page shows the error on {field}: {bad}")
    p = c.get("/staff/pavb/search?q=kazlauskas&from=2026-02-30")
    check("Kazlauskienė" not in p.text, "no results under a bad filter")


@test
def visits_spaces_equipment_tasks(sk):
    srv, c = world(sk)
    pub = srv.client()
    pub.get("/pavb/visits/request")
    r = pub.post("/pavb/visits/request", {
        "kind": "excursion", "group_name": "Saulėtekio progimnazijos šeštokai", "contact_name": "Jūratė Mokytoja",
        "email": "jurate@example.lt", "phone": "+370 600 12345", "group_size": "24", "audience": "secondary",
        "language": "lt", "topic": "Bibliotekos istorija", "accessibility": "", "pref1_date": DAY,
        "pref1_time": "10:00", "pref2_date": "", "pref2_time": "", "pref3_date": "", "pref3_time": "",
        "notes": "", "consent": "1"})
    check(r.status in (200, 303), f"visit request: {r.status} {r.text[:400]}")
    vid = int(sk.sql("SELECT id FROM group_requests")[0][0])
    eq(found(c, "progimnazijai"), [("visit", vid)])
    eq(found(c, "ekskursijos", type="visit"), [("visit", vid)], "the kind is searchable")
    eq(found(c, "istorijos", status="new"), [("visit", vid)])
    eq(c.post(f"/staff/pavb/visits/{vid}/decline", {"reason": "Per vėlu"}).status, 303)
    eq(found(c, "istorijos", status="declined"), [("visit", vid)], "the decline is indexed at once")
    eq(found(c, "istorijos", status="new"), [])
    check("jurate@example.lt" not in str(doc_rows(sk, "visit", vid)), "no e-mail in the index")
    # a space and an equipment item
    data = {"name": "Muzikos erdvė", "kind": "music_space", "capacity": "30", "setup_min": "0", "teardown_min": "0",
            "equipment": "Pianinas, garso kolonėlės", "price_hour": "", "price_day": "", "vat_rate": "21",
            "discount_ngo": "0", "discount_school": "0"}
    for d in range(7):
        data[f"open{d}"], data[f"close{d}"] = ("08:00", "20:00") if d < 5 else ("", "")
    eq(c.post("/staff/pavb/spaces", data).status, 303)
    sid = int(sk.sql("SELECT id FROM spaces WHERE name = 'Muzikos erdvė'")[0][0])
    eq(found(c, "pianinu"), [("space", sid)])
    r = c.post("/staff/pavb/equipment", {"name": "Belaidis mikrofonas", "category": "sound", "quantity": "2",
                                         "home_space_id": str(sid), "notes": "Shure su stovais", "active": "1"})
    eq(r.status, 303, r.text[:300])
    iid = int(sk.sql("SELECT id FROM equipment_items WHERE name = 'Belaidis mikrofonas'")[0][0])
    eq(found(c, "mikrofonai"), [("equipment", iid)])
    eq(found(c, "muzikos erdvės"), [("equipment", iid), ("space", sid)], "an item names its home space")
    data["name"] = "Koncertų salė"
    eq(c.post(f"/staff/pavb/spaces/{sid}", data).status, 303)
    eq(found(c, "muzikos erdvės"), [("space", sid)], "a renamed space re-indexes its items (the kind stays)")
    eq(found(c, "koncertu sale"), [("equipment", iid), ("space", sid)])
    # a task: indexed when created, status follows
    r = c.post("/staff/pavb/tasks", {"title": "Paruošti plakatą parodai", "description": "Spalvotas, A2",
                                     "source": "head_instruction", "priority": "2"})
    eq(r.status, 303, r.text[:300])
    tid = int(sk.sql("SELECT id FROM tasks WHERE title LIKE 'Paruošti%'")[0][0])
    eq(found(c, "plakatai"), [("task", tid)])
    eq(c.post(f"/staff/pavb/tasks/{tid}/status", {"status": "done", "note": "Atspausdinta"}).status, 303)
    eq(found(c, "plakatas", status="done"), [("task", tid)])
    eq(found(c, "atspausdintas"), [("task", tid)], "the completion note")
    # permissions: RENT may open spaces and items but no requests, contacts or others' tasks
    add_contact(c)
    rent = client(srv, "rent@pavb.lt")
    eq(found(rent, "pianinu"), [("space", sid)])
    eq(found(rent, "progimnazijai"), [], "visits.view needed")
    eq(found(rent, "petrauskui"), [], "contacts.view needed")
    eq(found(rent, "plakatai"), [], "tasks.assign needed: a task page is not open to everyone")
    eq(rent.get(f"/staff/pavb/tasks/{tid}").status, 404, "indeed RENT cannot open it")
    # the other institution sees none of it
    b = client(srv, "event@birzai.lt")
    for q in ("pianinu", "progimnazijai", "petrauskui", "plakatai", "mikrofonai"):
        eq(found(b, q, inst="birzai"), [], q)


@test
def reindex_rebuilds_every_type(sk):
    srv, c = world(sk)
    pid = add_contact(c)
    eid = add_event(c, "Knygos pristatymas Panevėžyje")
    r = c.post("/staff/pavb/tasks", {"title": "Nufotografuoti renginį", "source": "head_instruction",
                                     "priority": "2"})
    eq(r.status, 303)
    before = sorted(tuple(x) for x in sk.sql("SELECT doc_type, doc_id, title, body, url, status, tags "
                                             "FROM search_docs WHERE doc_type <> 'occasion'"))
    sk.cli("search", "clear")
    eq(found(c, "petrauskui"), [])
    out = sk.cli("search", "reindex").stderr
    for t in ("contact", "organisation", "event", "visit", "space", "equipment", "task", "occasion"):
        check(re.search(rf"\b{t}: \d+ documents", out), f"{t} not reindexed: {out}")
    after = sorted(tuple(x) for x in sk.sql("SELECT doc_type, doc_id, title, body, url, status, tags "
                                            "FROM search_docs WHERE doc_type <> 'occasion'"))
    eq(after, before, "a reindex gives what the writes gave")
    eq(found(c, "petrauskui"), [("contact", pid)])
    eq(found(c, "panevezys", type="event"), [("event", eid)])


@test
def demo_indexes_every_type_and_retention_erases_names(sk):
    # the demo laid out two years ago: its visit requests are past the retention
    old = (datetime.date.today() - datetime.timedelta(days=730)).isoformat()
    sk.cli("demo", env={"SKLAIDA_DEMO_TODAY": old})
    types = dict(sk.sql("SELECT doc_type, COUNT(*) FROM search_docs GROUP BY doc_type"))
    for t in ("contact", "organisation", "event", "visit", "space", "equipment", "task", "occasion"):
        check(int(types.get(t, "0")) > 0, f"the demo indexed no {t}: {types}")
    eq(int(types["contact"]), int(sk.sql("SELECT COUNT(*) FROM contact_people WHERE erased_at = 0")[0][0]))
    eq(int(types["event"]), int(sk.sql("SELECT COUNT(*) FROM events")[0][0]))
    names = [n for (n,) in sk.sql("SELECT contact_name FROM group_requests WHERE contact_name <> ''")]
    check(names, "the demo has visit requests with contact names")
    surname = names[0].split()[-1].replace("'", "")
    check(sk.sql(f"SELECT COUNT(*) FROM search_docs WHERE doc_type = 'visit' AND body LIKE '%{surname}%'")[0][0]
          != "0", f"{surname} is searchable before the retention")
    sk.cli("job", "drain")
    eq(sk.sql("SELECT COUNT(*) FROM group_requests WHERE contact_name <> ''"), [["0"]])
    for n in names:
        last = n.split()[-1].replace("'", "")
        eq(sk.sql(f"SELECT COUNT(*) FROM search_docs WHERE body LIKE '%{last}%' OR title LIKE '%{last}%'"),
           [["0"]], f"{n} stays in the index after the retention erasure")
    eq(sk.sql("SELECT COUNT(*) FROM search_docs WHERE doc_type = 'visit'")[0][0], types["visit"],
       "the requests themselves stay searchable")


if __name__ == "__main__":
    run()

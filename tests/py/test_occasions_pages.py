"""Occasions register pages (issue 3, C16): the staff agenda, proposals
and their acceptance with permissions, the public and private ICS feeds
(parsed with python3-icalendar), on the backend given."""
import datetime as dt
import re

import icalendar

from sk import test, run, check, eq

PW = "correct horse battery"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_user("koord@pavb.lt", "Koordinatorė Rūta", inst="pavb", roles=["COORD"])
    sk.add_user("staff@pavb.lt", "Darbuotojas Žygimantas", inst="pavb", roles=["SITE"])
    srv = sk.server()
    return srv


def login(srv, mail):
    c = srv.client()
    c.login(mail, PW)
    c.csrf = None
    c.get("/profile")
    check(c.csrf, "CSRF token after login")
    return c


def events(body):
    cal = icalendar.Calendar.from_ical(body)
    out = []
    for ev in cal.walk("VEVENT"):
        out.append(ev)
    return out


def by_date(evs):
    d = {}
    for ev in evs:
        d.setdefault(ev.decoded("DTSTART"), []).append(str(ev.get("SUMMARY")))
    return d


@test
def public_ics_all_day_easter_and_diacritics(sk):
    srv = world(sk)
    r = srv.client().get("/pavb/occasions.ics")
    eq(r.status, 200, r.text[:300])
    check(r.header("Content-Type").startswith("text/calendar"), r.header("Content-Type"))
    evs = events(r.body)
    check(len(evs) > 50, f"only {len(evs)} events")
    d = by_date(evs)
    for day in (dt.date(2026, 4, 5), dt.date(2027, 3, 28)):
        check(any("Velyk" in s for s in d.get(day, [])), f"Easter on {day}: {d.get(day)}")
    check("Lietuvos valstybės atkūrimo diena" in d.get(dt.date(2026, 2, 16), []), str(d.get(dt.date(2026, 2, 16))))
    uids = set()
    for ev in evs:
        s, e = ev.decoded("DTSTART"), ev.decoded("DTEND")
        check(type(s) is dt.date and type(e) is dt.date, f"all-day: {s!r} {e!r}")
        check(e > s, f"DTEND after DTSTART {s} {e}")
        eq(str(ev.get("TRANSP")), "TRANSPARENT")
        check(ev.get("CATEGORIES") is not None, "CATEGORIES")
        uids.add(str(ev.get("UID")))
    eq(len(uids), len(evs), "UIDs unique")
    r2 = srv.client().get("/pavb/occasions.ics")
    eq({str(e.get("UID")) for e in events(r2.body)}, uids, "UIDs stable")
    eq(srv.client().get("/nosuch/occasions.ics").status, 404)


@test
def anniversary_of_a_person_from_the_form(sk):
    """A coordinator adds a person's birth anniversary (a fixed date and a
    base year): the agenda and the public ICS name the computed number in
    the years that are multiples of the interval, and only then; a missing
    base year or a non-yearly rule is a field error and nothing is stored."""
    srv = world(sk)
    k = login(srv, "koord@pavb.lt")
    before = sk.sql("SELECT COUNT(*) FROM occasion_rules")[0][0]
    form = {"title_lt": "Gabrielė Petkevičaitė-Bitė", "kind": "anniversary", "rule": "fixed", "month": "7",
            "day": "8", "anniv_label": "birth", "anniv_every": "5", "is_public": "1", "lead_days": "21"}
    r = k.post("/staff/pavb/occasions/new", form)
    eq(r.status, 422, r.text[:300])
    check("Įrašykite metus, nuo kurių skaičiuojama sukaktis." in r.text, "field error for the base year")
    r = k.post("/staff/pavb/occasions/new", dict(form, base_year="1861", rule="date", on_date="2026-07-08"))
    eq(r.status, 422)
    check("fiksuotą datą" in r.text, "an anniversary needs a yearly date")
    eq(sk.sql("SELECT COUNT(*) FROM occasion_rules")[0][0], before, "nothing stored")
    r = k.post("/staff/pavb/occasions/new", dict(form, base_year="1861"))
    eq(r.status, 303, r.text[:300])
    t = k.get("/staff/pavb/occasions?year=2026&month=7").text
    check("Petkevičaitė-Bitė" in t and "165" in t, "2026 is the 165th birth anniversary")
    evs = events(srv.client().get("/pavb/occasions.ics").body)
    hits = {ev.decoded("DTSTART"): str(ev.get("SUMMARY")) for ev in evs if "Petkevičaitė" in str(ev.get("SUMMARY"))}
    check(dt.date(2026, 7, 8) in hits, f"the 2026 anniversary in the feed: {hits}")
    check("165" in hits[dt.date(2026, 7, 8)], hits[dt.date(2026, 7, 8)])
    check(dt.date(2027, 7, 8) not in hits, "166 is not a multiple of 5")


@test
def propose_accept_reject_with_permissions(sk):
    srv = world(sk)
    s = login(srv, "staff@pavb.lt")
    eq(s.get("/staff/pavb/occasions").status, 200)
    r = s.post("/staff/pavb/occasions/new", {"title_lt": "Skaitymų šventė Žaliojoje", "kind": "custom",
                                            "rule": "date", "on_date": "2026-09-17", "lead_days": "10",
                                            "is_public": "1"})
    eq(r.status, 303, r.text[:500])
    rows = sk.sql("SELECT id, status FROM occasion_rules WHERE title_lt = 'Skaitymų šventė Žaliojoje'")
    eq(len(rows), 1)
    rid, status = rows[0][0], rows[0][1]
    eq(status, "proposed")
    # a proposal is not yet in the calendar
    check("Skaitymų šventė" not in srv.client().get("/pavb/occasions.ics").text, "proposal not published")
    # field-level validation through the model's validator
    r = s.post("/staff/pavb/occasions/new", {"title_lt": "Blogas", "kind": "custom", "rule": "fixed",
                                            "month": "4", "day": "31"})
    eq(r.status, 422, r.text[:300])
    check('aria-invalid="true"' in r.text, "field marked invalid")
    eq(s.post(f"/staff/pavb/occasions/{rid}/accept", {}).status, 403, "staff cannot accept")
    shared = sk.sql("SELECT id FROM occasion_rules WHERE institution_id IS NULL AND kind = 'public_holiday' LIMIT 1")[0][0]
    k = login(srv, "koord@pavb.lt")
    page = k.get("/staff/pavb/occasions").text
    check("Skaitymų šventė Žaliojoje" in page and f"/occasions/{rid}/accept" in page, "proposal queue")
    eq(k.post(f"/staff/pavb/occasions/{rid}/accept", {}).status, 303)
    eq(sk.sql(f"SELECT status FROM occasion_rules WHERE id = {rid}")[0][0], "active")
    eq(k.post(f"/staff/pavb/occasions/{rid}/accept", {}).status, 409, "accepting twice")
    n = sk.sql(f"SELECT COUNT(*) FROM audit_log WHERE action = 'occasion_accepted' AND entity_id = {rid}")[0][0]
    eq(int(n), 1)
    d = by_date(events(srv.client().get("/pavb/occasions.ics").body))
    check("Skaitymų šventė Žaliojoje" in d.get(dt.date(2026, 9, 17), []), "accepted one is published")
    page = k.get("/staff/pavb/occasions?year=2026&month=9&internal=1").text
    check("Skaitymų šventė Žaliojoje" in page and "2026-09-17" in page, "in the agenda")
    # agenda: anniversary number, weekday, non-working marker, grouping by month
    sk.cli("occasions", "add", "--inst", "pavb", "--kind", "anniversary", "--title-lt", "Juozo Miltinio gimimas",
           "--rule", "fixed", "--date", "04-03", "--base-year", "1896", "--every", "5", "--min", "5", "--label", "birth")
    page = k.get("/staff/pavb/occasions?year=2026&month=4&internal=1").text
    check("Juozo Miltinio gimimas</strong> – 130-osios gimimo metinės" in page, "anniversary label: " + page[page.find("Miltinio")-200:page.find("Miltinio")+300])
    check(re.search(r"2026-04-06</span> <span class=\"muted\">pirmadienis</span> <strong>Antroji šv. Velykų diena</strong>"
                    r".*?nedarbo diena", page, re.S), "weekday and non-working marker")
    eq(page.count("<h3>"), 1, "April only")
    # edit the institution's own rule; shared rules are not editable here
    r = k.get(f"/staff/pavb/occasions/{rid}/edit")
    eq(r.status, 200)
    check('value="2026-09-17"' in r.text and "Skaitymų šventė Žaliojoje" in r.text, "edit form prefilled")
    r = k.post(f"/staff/pavb/occasions/{rid}/edit", {"title_lt": "Skaitymų šventė Žaliojoje", "kind": "custom",
                                                    "rule": "date", "on_date": "2026-09-18", "end_date": "2026-09-17"})
    eq(r.status, 422, "end before start")
    r = k.post(f"/staff/pavb/occasions/{rid}/edit", {"title_lt": "Skaitymų šventė Žaliakalnyje", "kind": "library_occasion",
                                                    "rule": "fixed", "month": "9", "day": "18", "lead_days": "5",
                                                    "is_public": "1"})
    eq(r.status, 303, r.text[:300])
    eq([tuple(str(x) for x in row) for row in
        sk.sql(f"SELECT title_lt, kind, rule, month, day, COALESCE(on_date, 0), lead_days, status FROM occasion_rules WHERE id = {rid}")],
       [("Skaitymų šventė Žaliakalnyje", "library_occasion", "fixed", "9", "18", "0", "5", "active")])
    eq(k.get(f"/staff/pavb/occasions/{shared}/edit").status, 404, "shared rule read-only")
    eq(s.get(f"/staff/pavb/occasions/{rid}/edit").status, 403)
    # reject another one
    s.post("/staff/pavb/occasions/new", {"title_lt": "Atmestina", "kind": "custom", "rule": "fixed",
                                        "month": "3", "day": "3"})
    rid2 = sk.sql("SELECT id FROM occasion_rules WHERE title_lt = 'Atmestina'")[0][0]
    eq(k.post(f"/staff/pavb/occasions/{rid2}/reject", {}).status, 303)
    eq(sk.sql(f"SELECT status FROM occasion_rules WHERE id = {rid2}")[0][0], "retired")
    # shared national rules are read-only for the institution
    eq(k.post(f"/staff/pavb/occasions/{shared}/retire", {}).status, 404)


@test
def private_feed_internal_and_revoke(sk):
    srv = world(sk)
    k = login(srv, "koord@pavb.lt")
    r = k.post("/staff/pavb/occasions/new", {"title_lt": "Vidinis planavimo posėdis", "kind": "custom",
                                            "rule": "date", "on_date": "2026-10-01"})
    eq(r.status, 303, r.text[:400])
    check("Vidinis planavimo" not in srv.client().get("/pavb/occasions.ics").text, "public excludes internal")
    r = k.post("/staff/pavb/occasions/feed/new", {})
    eq(r.status, 200, r.text[:300])
    m = re.search(r'(/pavb/occasions/private/[A-Za-z0-9_-]+\.ics)', r.text)
    check(m, "private link shown")
    url = m.group(1)
    a = srv.client()
    r = a.get(url)
    eq(r.status, 200)
    d = by_date(events(r.body))
    check("Vidinis planavimo posėdis" in d.get(dt.date(2026, 10, 1), []), "private feed includes internal")
    eq(a.get(url.replace(".ics", "x.ics")).status, 404)
    eq(k.post("/staff/pavb/occasions/feed/revoke", {}).status, 303)
    eq(a.get(url).status, 404, "revoked token stops working")
    check(len(sk.sql("SELECT token_hash FROM occasion_feed_tokens WHERE token_hash LIKE '%" +
                     url.rsplit('/', 1)[1][:-4][:10] + "%'")) == 0, "token not stored in clear")



@test
def remind_creates_each_task_once(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_user("koord@pavb.lt", "Koordinatorė Rūta", inst="pavb", roles=["COORD"])
    sk.add_user("pr@pavb.lt", "Autorė Gintarė", inst="pavb", roles=["PR"])
    # 2026-05-01 is a Friday and a holiday; lead 10 days -> 2026-04-21 (Tuesday)
    sk.cli("occasions", "add", "--inst", "pavb", "--kind", "custom", "--title-lt", "Bibliotekos šventė",
           "--rule", "date", "--date", "2026-05-04", "--lead-days", "10")
    # lead 6 days from 2026-05-10 (Sunday) -> 2026-05-04 (Monday); with an author
    sk.cli("occasions", "add", "--inst", "pavb", "--kind", "custom", "--title-lt", "Knygų mugė",
           "--rule", "fixed", "--date", "05-10", "--lead-days", "7")
    # proposed ones and those without a lead time get no task
    sk.cli("occasions", "add", "--inst", "pavb", "--kind", "custom", "--title-lt", "Pasiūlyta",
           "--rule", "date", "--date", "2026-05-05", "--lead-days", "10", "--status", "proposed")
    sk.cli("occasions", "add", "--inst", "pavb", "--kind", "custom", "--title-lt", "Be pasiruošimo",
           "--rule", "date", "--date", "2026-04-28")
    fair = sk.sql("SELECT id FROM occasion_rules WHERE title_lt = 'Knygų mugė'")[0][0]
    pr = sk.sql("SELECT id FROM users WHERE email = 'pr@pavb.lt'")[0][0]
    coord = sk.sql("SELECT id FROM users WHERE email = 'koord@pavb.lt'")[0][0]
    sk.sql(f"UPDATE occasion_rules SET created_by = {pr} WHERE id = {fair}")
    out = sk.cli("occasions", "remind", "--today", "2026-04-24")
    rows = sk.sql("SELECT title, due_date, assignee_id, source, related_type, dedupe_key FROM tasks "
                  "WHERE related_type = 'occasion' AND title LIKE '%Bibliotekos šventė%'")
    eq(len(rows), 1, str(rows))
    t = rows[0]
    # 2026-05-04 - 10 = 2026-04-24 (Friday, a working day)
    eq(int(t[1]), 20260424)
    eq(int(t[2]), int(coord), "no author: the coordinator")
    eq(t[3], "system_generated")
    check(str(t[5]).startswith("occasion:") and str(t[5]).endswith(":20260504"), t[5])
    eq(len(sk.sql("SELECT id FROM tasks WHERE title LIKE '%Knygų mugė%'")), 0, "not yet within its lead time")
    eq(len(sk.sql("SELECT id FROM tasks WHERE title LIKE '%Pasiūlyta%' OR title LIKE '%Be pasiruošimo%'")), 0)
    sk.cli("occasions", "remind", "--today", "2026-05-04")
    rows = sk.sql("SELECT due_date, assignee_id FROM tasks WHERE title LIKE '%Knygų mugė%'")
    eq(len(rows), 1, str(rows))
    # 2026-05-10 - 7 = 2026-05-03 (Sunday) -> previous working day 2026-04-30 (05-01 is a holiday)
    eq(int(rows[0][0]), 20260430)
    eq(int(rows[0][1]), int(pr), "the rule's author")
    n1 = int(sk.sql("SELECT COUNT(*) FROM tasks")[0][0])
    sk.cli("occasions", "remind", "--today", "2026-05-04")
    sk.cli("occasions", "remind", "--today", "2026-05-05")
    eq(int(sk.sql("SELECT COUNT(*) FROM tasks WHERE title LIKE '%Knygų mugė%'")[0][0]), 1, "once")
    eq(int(sk.sql("SELECT COUNT(*) FROM tasks")[0][0]) >= n1, True)
    # a due date on a weekend moves to the previous working day
    sk.cli("occasions", "add", "--inst", "pavb", "--kind", "custom", "--title-lt", "Savaitgalio terminas",
           "--rule", "date", "--date", "2026-06-15", "--lead-days", "8")
    sk.cli("occasions", "remind", "--today", "2026-06-01")
    eq(len(sk.sql("SELECT due_date FROM tasks WHERE title LIKE '%Savaitgalio terminas%'")), 0, "too early")
    sk.cli("occasions", "remind", "--today", "2026-06-07")
    rows = sk.sql("SELECT due_date FROM tasks WHERE title LIKE '%Savaitgalio terminas%'")
    eq([int(x[0]) for x in rows], [20260605], "2026-06-07 (Sunday) -> Friday 2026-06-05")



@test
def json_api_occurrences(sk):
    srv = world(sk)
    k = login(srv, "koord@pavb.lt")
    r = k.post("/profile/tokens", {"token_name": "testai"})
    m = re.search(r"(sk_[A-Za-z0-9_-]{20,})", r.text)
    check(m, f"token shown: {r.status} {r.text[:200]}")
    h = {"Authorization": f"Bearer {m.group(1)}"}
    a = srv.client()
    r = a.get("/api/v1/pavb/occasions?from=2027-03-01&to=2027-04-30", headers=h)
    eq(r.status, 200, r.text[:300])
    j = r.json()
    eq(j["from"], "2027-03-01")
    easter = [i for i in j["items"] if i["date"] == "2027-03-28" and "Velyk" in i["title_lt"]]
    check(easter and easter[0]["non_working"] and easter[0]["kind"] == "public_holiday", str(easter))
    check(all("2027-03-01" <= i["end_date"] and i["date"] <= "2027-04-30" for i in j["items"]), "within the window")
    r = a.get("/api/v1/pavb/occasions?from=2027-13-01", headers=h)
    eq(r.status, 422, r.text[:300])
    eq(a.get("/api/v1/pavb/occasions").status, 401)



def upload(c, path, name, data):
    b = "----skbound7MA4YWxkTrZu0gW"
    body = (f'--{b}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n{c.csrf}\r\n'
            f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f'Content-Type: text/csv\r\n\r\n').encode() + data + f'\r\n--{b}--\r\n'.encode()
    return c.request("POST", path, body=body, ctype=f"multipart/form-data; boundary={b}")


@test
def csv_import_preview_then_confirm(sk):
    srv = world(sk)
    k = login(srv, "koord@pavb.lt")
    eq(k.get("/staff/pavb/occasions/import").status, 200)
    s = login(srv, "staff@pavb.lt")
    eq(s.get("/staff/pavb/occasions/import").status, 403)
    csv_text = ("data;pavadinimas;rūšis;pastabos\r\n"
                "2026-11-03;Bibliotekos gimtadienis;Įstaigos proga;\"Su tortu; ir kava\"\r\n"
                "09-08;Raštingumo diena;library_occasion;\r\n"
                "2026-02-30;Bloga data;custom;\r\n"
                "2026-05-05;;custom;tuščias pavadinimas\r\n"
                "2026-06-06;Nežinoma rūšis;kažkas;\r\n")
    before = int(sk.sql("SELECT COUNT(*) FROM occasion_rules")[0][0])
    r = upload(k, "/staff/pavb/occasions/import", "senas.csv", b"\xef\xbb\xbf" + csv_text.encode())
    eq(r.status, 200, r.text[:500])
    t = r.text
    check("Bibliotekos gimtadienis" in t and "Raštingumo diena" in t, "preview rows")
    eq(t.count('class="row-error"'), 3, "three rows with errors: " + t[t.find("<table"):t.find("</table>")][:2000])
    eq(int(sk.sql("SELECT COUNT(*) FROM occasion_rules")[0][0]), before, "preview stores nothing")
    m = re.search(r'name="csv" value="([^"]*)"', t)
    check(m, "CSV kept for the confirmation")
    import html as h
    kept = h.unescape(m.group(1))
    check(kept.startswith("\ufeff") or kept.startswith("data;"), kept[:20])
    r = k.post("/staff/pavb/occasions/import/confirm", {"csv": kept})
    eq(r.status, 303, r.text[:400])
    rows = sk.sql("SELECT title_lt, rule, COALESCE(on_date, 0), COALESCE(month, 0), COALESCE(day, 0), kind, notes, status "
                  "FROM occasion_rules WHERE source = 'import' ORDER BY title_lt")
    eq(len(rows), 2, str(rows))
    eq([tuple(str(x) for x in row) for row in rows],
       [("Bibliotekos gimtadienis", "date", "20261103", "0", "0", "custom", "Su tortu; ir kava", "active"),
        ("Raštingumo diena", "fixed", "0", "9", "8", "library_occasion", "", "active")])
    # comma-separated without a header and without a BOM
    r = upload(k, "/staff/pavb/occasions/import", "b.csv", "12-24,Kūčios Žemaitijoje,,\n".encode())
    eq(r.status, 200)
    eq(r.text.count('class="row-error"'), 0)
    check("Kūčios Žemaitijoje" in r.text, "comma CSV parsed")
    r = upload(k, "/staff/pavb/occasions/import", "c.csv", b"\xff\xfe1;2")
    eq(r.status, 422, "not UTF-8")


run()

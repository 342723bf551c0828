"""The staff calendar (/staff/{inst}/calendar): public holidays shaded as
non-working days, commemorative days as badges, bookings of the
institution's own spaces only, month and agenda views, bad months 404."""
import re

from sk import test, run, check, eq

PW = "correct horse battery"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("koord@pavb.lt", "Koordinatorė", inst="pavb", roles=["COORD"])
    sk.add_user("b@birzai.lt", "Biržų darbuotoja", inst="birzai", roles=["STAFF"])
    return sk.server()


def cell(html, day):
    """The <td> of a day number in the month grid."""
    m = re.search(r'<td class="([^"]*)"><div class="dnum">%d(?!\d)(.*?)</td>' % day, html, re.S)
    check(m, f"no cell for day {day}")
    return m.group(1), m.group(2)


@test
def holidays_and_occasions_in_the_month(sk):
    srv = world(sk)
    c = srv.client()
    c.login("koord@pavb.lt", PW)
    r = c.get("/staff/pavb/calendar?month=2027-03")
    eq(r.status, 200)
    cls, body = cell(r.text, 28)          # Easter Sunday 2027
    check("holiday" in cls and "Velyk" in body, f"Easter 2027-03-28 not shaded: {cls} {body[:200]}")
    cls, body = cell(r.text, 29)          # Easter Monday
    check("holiday" in cls, "Easter Monday not a non-working day")
    cls, body = cell(r.text, 11)
    check("holiday" in cls and "nepriklausomybės atkūrimo" in body, "11 March")
    cls, _ = cell(r.text, 10)
    check("holiday" not in cls, "10 March shaded")
    # agenda lists the same days with their dates
    a = c.get("/staff/pavb/calendar?month=2027-03&view=agenda")
    eq(a.status, 200)
    check('datetime="2027-03-28"' in a.text and "Nedarbo diena" in a.text, "agenda view")
    check('href="/staff/pavb/calendar?month=2027-04&amp;view=month' in r.text, "the next-month link")
    check('href="/staff/pavb/calendar?month=2027-02&amp;view=month' in r.text, "the previous-month link")
    eq(c.get("/staff/pavb/calendar?month=2027-13").status, 404)
    eq(c.get("/staff/pavb/calendar?month=abc").status, 404)


@test
def bookings_of_the_institution_only(sk):
    srv = world(sk)
    pavb = sk.sql("SELECT id FROM institutions WHERE slug = 'pavb'")[0][0]
    birzai = sk.sql("SELECT id FROM institutions WHERE slug = 'birzai'")[0][0]
    # one space and one approved booking in each institution (through SQL:
    # the booking rules have their own tests in test_spaces.py)
    for inst, name, title in ((pavb, "Konferencijų salė", "Metodinė diena"), (birzai, "Biržų salė", "Biržų slaptas susitikimas")):
        sk.cli("migrate")
        q = (f"INSERT INTO spaces(institution_id, name, kind, capacity) VALUES ({inst}, '{name}', 'room', 40)")
        sk.write_sql(q)
        sid = sk.sql(f"SELECT id FROM spaces WHERE institution_id = {inst}")[0][0]
        sk.write_sql("INSERT INTO bookings(space_id, institution_id, kind, title, starts_at, ends_at, status, created_at) "
                    f"VALUES ({sid}, {inst}, 'internal', '{title}', 1796551200, 1796558400, 'approved', 1796000000)")
    c = srv.client()
    c.login("koord@pavb.lt", PW)
    t = c.get("/staff/pavb/calendar?month=2026-12").text
    check("Metodinė diena" in t, "own booking not shown")
    check("Biržų slaptas" not in t, "another institution's booking shown")
    b = srv.client()
    b.login("b@birzai.lt", PW)
    eq(b.get("/staff/pavb/calendar").status, 403)
    check("Biržų slaptas" in b.get("/staff/birzai/calendar?month=2026-12").text, "Biržai's own booking")


@test
def events_in_month_week_and_agenda_with_filters(sk):
    """Events of every state are on the staff calendar (drafts tagged,
    cancelled struck through), filtered by type, department and space;
    the week view shows Monday to Sunday of the chosen date; another
    institution's events never appear."""
    srv = world(sk)
    pavb = sk.sql("SELECT id FROM institutions WHERE slug = 'pavb'")[0][0]
    sk.write_sql(f"INSERT INTO departments(institution_id, name_lt, name_en, created_at, updated_at) VALUES ({pavb}, 'Vaikų skyrius', 'Children', 1796000000, 1796000000)")
    dept = sk.sql("SELECT id FROM departments WHERE name_lt = 'Vaikų skyrius'")[0][0]
    sk.write_sql(f"INSERT INTO spaces(institution_id, name, kind, capacity) VALUES ({pavb}, 'Kino salė', 'room', 80)")
    sid = sk.sql("SELECT id FROM spaces WHERE name = 'Kino salė'")[0][0]
    sk.add_user("b2@birzai.lt", "Biržų renginiai", inst="birzai", roles=["EVENT"])
    c = srv.client()
    c.login("koord@pavb.lt", PW)

    def new_event(cl, slug, title, typ, date, time, **extra):
        form = {"title": title, "type": typ, "start_date": date, "start_time": time, "end_date": date,
                "end_time": "20:00", "is_public": "1", "is_free": "1"}
        form.update(extra)
        r = cl.post(f"/staff/{slug}/events/new", form)
        eq(r.status, 303, r.text[:400])
        return int(r.header("Location").rsplit("/", 1)[1])

    film = new_event(c, "pavb", "Kino vakaras „Tadas Blinda“", "film", "2027-03-10", "18:00", space_name="Kino salė")
    new_event(c, "pavb", "Pasakų valanda", "education", "2027-03-11", "10:00", department_id=str(dept))
    gone = new_event(c, "pavb", "Atšauktas koncertas", "concert", "2027-03-12", "17:00")
    eq(c.post(f"/staff/pavb/events/{gone}/state", {"state": "cancelled", "cancel_reason": "Liga"}).status, 303)
    b = srv.client()
    b.login("b2@birzai.lt", PW)
    new_event(b, "birzai", "Biržų slaptas vakaras", "concert", "2027-03-10", "18:00")

    t = c.get("/staff/pavb/calendar?month=2027-03").text
    _, body = cell(t, 10)
    check("Tadas Blinda" in body and "18:00" in body, f"the film on its day: {body[:300]}")
    check(f'href="/staff/pavb/events/{film}"' in body, "links to the staff event page")
    check("Juodraštis" in body, "a draft is tagged")
    cls, body12 = cell(t, 12)
    check('class="ev ev-cancelled"' in body12, "a cancelled event is marked")
    check("Biržų slaptas" not in t, "another institution's event")
    # filters
    t = c.get("/staff/pavb/calendar?month=2027-03&f=1&ev=1&type=film").text
    check("Tadas Blinda" in t and "Pasakų valanda" not in t, "type filter")
    t = c.get(f"/staff/pavb/calendar?month=2027-03&f=1&ev=1&dept={dept}").text
    check("Pasakų valanda" in t and "Tadas Blinda" not in t, "department filter")
    t = c.get(f"/staff/pavb/calendar?month=2027-03&f=1&ev=1&space={sid}").text
    check("Tadas Blinda" in t and "Pasakų valanda" not in t, "space filter")
    t = c.get("/staff/pavb/calendar?month=2027-03&f=1&occ=1&bk=1").text
    check("Tadas Blinda" not in t, "events can be hidden")
    # week of Wednesday 2027-03-10: Monday 8th .. Sunday 14th
    w = c.get("/staff/pavb/calendar?view=week&date=2027-03-10")
    eq(w.status, 200)
    days = re.findall(r'<div class="dnum">kovo (\d+) d\.', w.text)
    eq(days, ["8", "9", "10", "11", "12", "13", "14"])
    check("Tadas Blinda" in w.text and "Pasakų valanda" in w.text)
    check("date=2027-03-01" in w.text and "date=2027-03-15" in w.text, "previous and next week links")
    a = c.get("/staff/pavb/calendar?month=2027-03&view=agenda").text
    check("Pasakų valanda" in a and 'datetime="2027-03-11"' in a, "agenda")
    eq(c.get("/staff/pavb/calendar?view=week&date=2027-02-30").status, 404)


if __name__ == "__main__":
    run()

"""Excursion and delegation requests (issue 3, REQUIREMENTS C8
ExcursionRequest): the public form's validation (group size, dates in
the past, no date, consent) with field messages and nothing stored; a
valid request -> acknowledgement mail; staff accept it with a guide and
a room -> an approved booking, a task for the guide, a confirmation
mail; a taken room -> 409 naming the other booking and nothing stored;
declining needs a reason; another institution's staff can neither see
nor decide the requests (pages and API). All through a live server,
checked against the database and the mail files of the file adapter."""
import datetime
import email
import email.policy
import glob
import json
import os
import re
import time

from sk import test, run, check, eq, Fail

PW = "correct horse battery"


def future_wednesday(weeks=8):
    d = datetime.date.today() + datetime.timedelta(weeks=weeks)
    while d.weekday() != 2:
        d += datetime.timedelta(days=1)
    return d.isoformat()


DAY = future_wednesday()
DAY2 = future_wednesday(9)


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("event@pavb.lt", "Aušra Renginytė", inst="pavb", roles=["EVENT"])
    sk.add_user("rent@pavb.lt", "Rasa Nuomaitė", inst="pavb", roles=["RENT"])
    sk.add_user("gidas@pavb.lt", "Gintaras Gidas", inst="pavb", roles=["STAFF"])
    sk.add_user("staff@pavb.lt", "Stasys Darbuotojas", inst="pavb", roles=["STAFF"])
    sk.add_user("event@birzai.lt", "Birutė Renginytė", inst="birzai", roles=["EVENT"])
    return sk.server()


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


def count(sk, q):
    return int(one(sk, q))


def field_error(r, field):
    m = re.search(r'<p class="error" id="e-' + re.escape(field) + r'">(.*?)</p>', r.text, re.S)
    return m.group(1) if m else None


def wait_mail(sk, to, subject_part, timeout=30):
    d = os.path.join(sk.tmp, "var", "mail")
    end = time.time() + timeout
    while time.time() < end:
        for f in sorted(glob.glob(os.path.join(d, "*.eml"))):
            msg = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
            if msg["To"] == to and subject_part in msg["Subject"]:
                return msg
        time.sleep(0.1)
    raise Fail(f"no mail to {to} about {subject_part!r} in {d}")


def request(c, **kw):
    data = {"kind": "excursion", "group_name": "Panevėžio „Saulėtekio“ progimnazija, 6b klasė",
            "contact_name": "Jūratė Mokytoja", "email": "jurate@example.lt", "phone": "+370 600 12345",
            "group_size": "24", "audience": "secondary", "language": "lt", "topic": "Bibliotekos istorija",
            "accessibility": "", "pref1_date": DAY, "pref1_time": "10:00", "pref2_date": DAY2,
            "pref2_time": "11:00", "pref3_date": "", "pref3_time": "", "notes": "", "consent": "1"}
    data.update(kw)
    c.get("/pavb/visits/request")
    return c.post("/pavb/visits/request", data)


def add_space(sk, c, name):
    data = {"name": name, "kind": "room", "capacity": "80", "setup_min": "0", "teardown_min": "0",
            "price_hour": "", "price_day": "", "vat_rate": "21", "discount_ngo": "0", "discount_school": "0"}
    for d in range(7):
        data[f"open{d}"], data[f"close{d}"] = ("08:00", "20:00") if d < 5 else ("", "")
    r = c.post("/staff/pavb/spaces", data)
    eq(r.status, 303, f"space {name}: {r.text[:600]}")
    return int(one(sk, f"SELECT id FROM spaces WHERE name = '{name}'"))


@test
def public_form_validation(sk):
    srv = world(sk)
    pub = srv.client()
    r = pub.get("/pavb/visits/request")
    eq(r.status, 200)
    check('lang="lt"' in r.text and "Pageidaujama data 1" in r.text, "Lithuanian form")
    check("/pavb/visits/request" in pub.get("/pavb/").text, "linked from the institution's public page")
    pub_en = srv.client()
    en = pub_en.get("/pavb/visits/request?lang=en")
    check("Preferred date 1" in en.text, "English form")
    # size out of range, a past date, no consent
    r = request(pub, group_size="201", pref1_date="2020-01-08", consent="")
    eq(r.status, 422)
    check("200" in (field_error(r, "group_size") or ""), f"size message: {field_error(r, 'group_size')}")
    check("būsimą" in (field_error(r, "pref1_date") or ""), f"past date: {field_error(r, 'pref1_date')}")
    check(field_error(r, "consent"), "consent is required")
    r = request(pub, group_size="0")
    eq(r.status, 422)
    check(field_error(r, "group_size"), "size 0")
    # no preferred date at all
    r = request(pub, pref1_date="", pref1_time="", pref2_date="", pref2_time="")
    eq(r.status, 422)
    check("bent vieną" in (field_error(r, "pref1_date") or ""), f"no dates: {field_error(r, 'pref1_date')}")
    # a date without a time, a bad e-mail
    r = request(pub, pref2_time="", email="ne-el-pastas")
    eq(r.status, 422)
    check(field_error(r, "pref2_time") and field_error(r, "email"), "time missing / bad e-mail")
    # English messages for an English visitor
    r = request(pub_en, group_size="500")
    eq(r.status, 422)
    eq(field_error(r, "group_size"), "Enter a number from 1 to 200.")
    eq(field_error(request(pub, group_size="500"), "group_size"), "Įrašykite skaičių nuo 1 iki 200.")
    r = pub.post("/pavb/visits/request", {"group_name": "x"}, csrf=False)
    eq(r.status, 403, "the public form needs the CSRF token")
    eq(count(sk, "SELECT COUNT(*) FROM group_requests"), 0, "nothing stored")


@test
def accept_books_room_creates_task_and_mails(sk):
    srv = world(sk)
    rent = login(srv, "rent@pavb.lt")
    room = add_space(sk, rent, "Konferencijų salė")
    pub = srv.client()
    r = request(pub)
    eq(r.status, 200, r.text[:800])
    rid = int(one(sk, "SELECT id FROM group_requests"))
    check(f"<strong>{rid}</strong>" in r.text, "thank-you page shows the request number")
    eq(one(sk, f"SELECT status || ':' || group_size || ':' || language FROM group_requests WHERE id = {rid}"),
       "new:24:lt")
    check(count(sk, f"SELECT COUNT(*) FROM group_requests WHERE id = {rid} AND consent_at > 0 "
                    f"AND consent_version = 'visits-2026-12'") == 1, "consent time and notice version")
    m = wait_mail(sk, "jurate@example.lt", f"Nr. {rid}")
    check("gautas" in m["Subject"], m["Subject"])
    # staff queue and detail
    c = login(srv, "event@pavb.lt")
    q = c.get("/staff/pavb/visits")
    eq(q.status, 200)
    check("Saulėtekio" in q.text, "queue lists the new request")
    check("1 naujas prašymas" in c.get("/staff/pavb/").text, "dashboard panel counts new requests")
    d = c.get(f"/staff/pavb/visits/{rid}")
    eq(d.status, 200)
    check("Jūratė Mokytoja" in d.text and "Priimti" in d.text and "Atmesti" in d.text, "detail with decisions")
    guide = int(one(sk, "SELECT id FROM users WHERE email = 'gidas@pavb.lt'"))
    # validation of the decision
    r = c.post(f"/staff/pavb/visits/{rid}/accept", {"guide_id": "", "date": DAY, "time": "10:00",
                                                     "duration_min": "5", "space_id": str(room)})
    eq(r.status, 422)
    check(field_error(r, "guide_id") and field_error(r, "duration_min"), "guide and duration errors")
    r = c.post(f"/staff/pavb/visits/{rid}/accept", {"guide_id": str(guide), "date": DAY, "time": "10:00",
                                                     "duration_min": "90", "space_id": str(room),
                                                     "create_event": "1"})
    eq(r.status, 303, r.text[:1500])
    row = one(sk, f"SELECT status, guide_id, duration_min, space_id, booking_id IS NOT NULL, event_id IS NOT NULL, "
                  f"task_id IS NOT NULL FROM group_requests WHERE id = {rid}")
    eq(row[:4], ["accepted", str(guide), "90", str(room)])
    check(row[4] in ("1", "t") and row[5] in ("1", "t") and row[6] in ("1", "t"), f"links stored: {row}")
    bk = one(sk, f"SELECT b.status, b.kind, b.space_id, b.ends_at - b.starts_at FROM bookings b "
                 f"JOIN group_requests g ON g.booking_id = b.id WHERE g.id = {rid}")
    eq(bk, ["approved", "event", str(room), str(90 * 60)])
    t = one(sk, f"SELECT assignee_id, related_type, related_id, status FROM tasks WHERE related_type = 'group_request'")
    eq(t, [str(guide), "group_request", str(rid), "open"])
    ev = one(sk, f"SELECT e.type, e.state, e.is_public FROM events e JOIN group_requests g ON g.event_id = e.id "
                 f"WHERE g.id = {rid}")
    eq(ev[:2], ["excursion", "confirmed"])
    check(ev[2] in ("0", "f"), "the event is not public")
    check("Saulėtekio" not in pub.get("/pavb/events").text, "not in the public listing")
    m = wait_mail(sk, "jurate@example.lt", "priimtas")
    body = m.get_content()
    check("Gintaras Gidas" in body and "Konferencijų salė" in body and "10:00" in body, f"confirmation: {body}")
    eq(count(sk, f"SELECT COUNT(*) FROM audit_log WHERE action = 'group_request.accept' AND entity_id = {rid}"), 1)
    # the guide sees the task
    g = login(srv, "gidas@pavb.lt")
    check("Saulėtekio" in g.get("/staff/pavb/tasks").text, "task in the guide's list")
    # a decided request cannot be decided again
    r = c.post(f"/staff/pavb/visits/{rid}/decline", {"reason": "Per vėlu"})
    eq(r.status, 422)
    eq(one(sk, f"SELECT status FROM group_requests WHERE id = {rid}"), "accepted")
    # participants only after the visit has started
    r = c.post(f"/staff/pavb/visits/{rid}/participants", {"participants": "23"})
    eq(r.status, 422)
    # cancelling frees the room and cancels the task
    eq(c.post(f"/staff/pavb/visits/{rid}/cancel", {}).status, 303)
    eq(one(sk, f"SELECT b.status FROM bookings b JOIN group_requests g ON g.booking_id = b.id WHERE g.id = {rid}"),
       "cancelled")
    eq(one(sk, "SELECT status FROM tasks WHERE related_type = 'group_request'"), "cancelled")


@test
def conflict_and_decline(sk):
    srv = world(sk)
    rent = login(srv, "rent@pavb.lt")
    room = add_space(sk, rent, "Konferencijų salė")
    r = rent.post("/staff/pavb/bookings", {"space_id": str(room), "title": "Skyrių vadovų pasitarimas",
                                           "kind": "internal", "date": DAY, "from": "09:30", "to": "11:00"})
    eq(r.status, 303, r.text[:600])
    pub = srv.client()
    eq(request(pub, kind="delegation", group_name="Delegation of the Lublin Voivodeship Library", language="en",
               email="guest@example.pl", group_size="12").status, 200)
    eq(request(pub, group_name="Senjorų klubas „Bitutė“", email="klubas@example.lt", audience="seniors").status, 200)
    r1 = int(one(sk, "SELECT id FROM group_requests WHERE email = 'guest@example.pl'"))
    r2 = int(one(sk, "SELECT id FROM group_requests WHERE email = 'klubas@example.lt'"))
    c = login(srv, "event@pavb.lt")
    guide = int(one(sk, "SELECT id FROM users WHERE email = 'gidas@pavb.lt'"))
    r = c.post(f"/staff/pavb/visits/{r1}/accept", {"guide_id": str(guide), "date": DAY, "time": "10:00",
                                                    "duration_min": "60", "space_id": str(room)})
    eq(r.status, 409, r.text[:1500])
    msg = field_error(r, "time") or ""
    check("Skyrių vadovų pasitarimas" in msg and "09:30" in msg, f"conflict names the other booking: {msg}")
    eq(one(sk, f"SELECT status FROM group_requests WHERE id = {r1}"), "new")
    eq(count(sk, "SELECT COUNT(*) FROM bookings"), 1, "no second booking")
    eq(count(sk, "SELECT COUNT(*) FROM tasks"), 0, "no task")
    # a public holiday (S1) is refused
    xmas = f"{int(DAY[:4]) + 1}-12-25"
    r = c.post(f"/staff/pavb/visits/{r1}/accept", {"guide_id": str(guide), "date": xmas, "time": "10:00",
                                                    "duration_min": "60"})
    eq(r.status, 422)
    check("švent" in (field_error(r, "date") or ""), f"holiday: {field_error(r, 'date')}")
    # another time works; the delegation's mail is in English with the protocol checklist in the task
    r = c.post(f"/staff/pavb/visits/{r1}/accept", {"guide_id": str(guide), "date": DAY, "time": "13:00",
                                                    "duration_min": "60", "space_id": str(room)})
    eq(r.status, 303, r.text[:1500])
    check("accepted" in wait_mail(sk, "guest@example.pl", f"no. {r1}")["Subject"], "English confirmation")
    check(count(sk, "SELECT COUNT(*) FROM tasks WHERE description LIKE '%Protokolo kontrolinis%'") == 1, "delegation task has the protocol checklist")
    # decline needs a reason
    r = c.post(f"/staff/pavb/visits/{r2}/decline", {"reason": ""})
    eq(r.status, 422)
    check(field_error(r, "reason"), "reason error")
    eq(one(sk, f"SELECT status FROM group_requests WHERE id = {r2}"), "new")
    eq(c.post(f"/staff/pavb/visits/{r2}/decline", {"reason": "Tą savaitę biblioteka uždaryta"}).status, 303)
    eq(one(sk, f"SELECT status || ':' || decline_reason FROM group_requests WHERE id = {r2}"),
       "declined:Tą savaitę biblioteka uždaryta")
    check("Tą savaitę biblioteka uždaryta" in wait_mail(sk, "klubas@example.lt", "atmestas").get_content(),
          "decline mail has the reason")
    eq(count(sk, f"SELECT COUNT(*) FROM audit_log WHERE action = 'group_request.decline' AND entity_id = {r2}"), 1)
    # filters
    q = c.get("/staff/pavb/visits?status=declined")
    check("Bitutė" in q.text and "Lublin" not in q.text, "status filter")
    q = c.get("/staff/pavb/visits?status=&kind=delegation")
    check("Lublin" in q.text and "Bitutė" not in q.text, "kind filter")


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
def isolation_and_api(sk):
    srv = world(sk)
    pub = srv.client()
    eq(request(pub).status, 200)
    rid = int(one(sk, "SELECT id FROM group_requests"))
    guide = int(one(sk, "SELECT id FROM users WHERE email = 'gidas@pavb.lt'"))
    other_guide = int(one(sk, "SELECT id FROM users WHERE email = 'event@birzai.lt'"))
    # pages: another institution's staff
    b = login(srv, "event@birzai.lt")
    eq(b.get("/staff/pavb/visits").status, 403)
    eq(b.get(f"/staff/pavb/visits/{rid}").status, 403)
    eq(b.get(f"/staff/birzai/visits/{rid}").status, 404)
    check("Saulėtekio" not in b.get("/staff/birzai/visits?status=").text, "not in another queue")
    eq(b.post(f"/staff/birzai/visits/{rid}/accept", {"guide_id": str(other_guide), "date": DAY, "time": "10:00",
                                                      "duration_min": "60"}).status, 404)
    eq(b.post(f"/staff/birzai/visits/{rid}/decline", {"reason": "x"}).status, 404)
    # STAFF without visits.view
    s = login(srv, "staff@pavb.lt")
    eq(s.get("/staff/pavb/visits").status, 403)
    eq(s.post(f"/staff/pavb/visits/{rid}/decline", {"reason": "x"}).status, 403)
    # API
    a = api(srv, "event@pavb.lt")
    r = a.jget("/api/v1/pavb/visits?status=new")
    eq(r.status, 200)
    eq([(i["id"], i["group_size"], i["status"]) for i in r.json()["items"]], [(rid, 24, "new")])
    check("email" not in r.json()["items"][0], "the list carries no contact data")
    r = a.jget(f"/api/v1/pavb/visits/{rid}")
    eq(r.json()["email"], "jurate@example.lt")
    eq(len(r.json()["preferred"]), 2)
    r = a.jpost(f"/api/v1/pavb/visits/{rid}/accept", {"guide_id": other_guide, "starts_at": "vakar",
                                                       "duration_min": 1000})
    eq(r.status, 422, r.text)
    fields = r.json()["error"]["fields"]
    check("starts_at" in fields and "duration_min" in fields, r.text)
    r = a.jpost(f"/api/v1/pavb/visits/{rid}/accept", {"guide_id": other_guide, "starts_at": f"{DAY}T08:00:00Z",
                                                       "duration_min": 60})
    eq(r.status, 422, r.text)
    check("guide_id" in r.json()["error"]["fields"], "a guide of another institution is refused")
    r = a.jpost(f"/api/v1/pavb/visits/{rid}/decline", {"reason": ""})
    eq(r.status, 422)
    check("reason" in r.json()["error"]["fields"], r.text)
    ab = api(srv, "event@birzai.lt")
    eq(ab.jget(f"/api/v1/birzai/visits/{rid}").status, 404)
    eq(ab.jget("/api/v1/pavb/visits").status, 403)
    eq(ab.jpost(f"/api/v1/birzai/visits/{rid}/decline", {"reason": "x"}).status, 404)
    eq(one(sk, f"SELECT status FROM group_requests WHERE id = {rid}"), "new")
    r = a.jpost(f"/api/v1/pavb/visits/{rid}/accept", {"guide_id": guide, "starts_at": f"{DAY}T08:00:00Z",
                                                       "duration_min": 60})
    eq(r.status, 200, r.text)
    eq((r.json()["status"], r.json()["guide_id"], r.json()["starts_at"]), ("accepted", guide, f"{DAY}T08:00:00Z"))
    eq(r.json()["booking_id"], None)


@test
def demo_requests_and_participants(sk):
    out = sk.cli("demo", env={"SKLAIDA_DEMO_TODAY": datetime.date.today().isoformat()}).stdout
    logins = {}
    for line in out.splitlines():
        f = line.split("\t")
        if len(f) == 4 and f[3] == "pavb":
            logins.setdefault(f[0], (f[1], f[2]))
    eq(one(sk, "SELECT COUNT(*) FROM group_requests g JOIN institutions i ON i.id = g.institution_id "
               "WHERE i.slug = 'pavb'"), "9")
    eq(sorted(r[0] for r in sk.sql("SELECT status FROM group_requests")),
       ["accepted"] * 4 + ["declined"] + ["new"] * 4)
    check(count(sk, "SELECT COUNT(*) FROM group_requests WHERE kind = 'delegation'") == 2, "two delegations")
    check(count(sk, "SELECT COUNT(*) FROM group_requests g JOIN bookings b ON b.id = g.booking_id "
                    "JOIN spaces s ON s.id = b.space_id WHERE s.kind = 'homestead'") == 1, "a homestead visit")
    srv = sk.server()
    c = srv.client()
    mail, pw = logins["EVENT"]
    c.login(mail, pw)
    c.csrf = None
    c.get("/profile")
    check("4 nauji prašymai" in c.get("/staff/pavb/").text, "dashboard: 4 new requests")
    past = int(one(sk, "SELECT id FROM group_requests WHERE status = 'accepted' AND participants >= 0"))
    future = int(one(sk, "SELECT id FROM group_requests WHERE status = 'accepted' AND site = 'homestead'"))
    p = c.get(f"/staff/pavb/visits/{past}")
    check('name="participants"' in p.text, "the participants form after the visit")
    eq(c.post(f"/staff/pavb/visits/{past}/participants", {"participants": "23"}).status, 303)
    eq(one(sk, f"SELECT participants FROM group_requests WHERE id = {past}"), "23")
    r = c.post(f"/staff/pavb/visits/{future}/participants", {"participants": "23"})
    eq(r.status, 422, "not before the visit")
    check("kai jis jau prasidėjo" in r.text, "the reason is shown")
    r = c.post(f"/staff/pavb/visits/{past}/participants", {"participants": "-3"})
    eq(r.status, 422)
    check(field_error(r, "participants"), "a negative count is refused on the field")
    eq(one(sk, f"SELECT participants FROM group_requests WHERE id = {past}"), "23")
    eq(count(sk, f"SELECT COUNT(*) FROM audit_log WHERE action = 'group_request.participants'"), 1)


@test
def retention_erases_contact_data(sk):
    # a demo laid out two years ago: every request is past the one-year retention
    old = (datetime.date.today() - datetime.timedelta(days=730)).isoformat()
    sk.cli("demo", env={"SKLAIDA_DEMO_TODAY": old})
    eq(count(sk, "SELECT COUNT(*) FROM group_requests WHERE email <> '' AND erased_at = 0"), 9)
    eq(count(sk, "SELECT COUNT(*) FROM jobs WHERE kind = 'group_requests_retention'"), 1)
    sk.cli("job", "drain")
    eq(count(sk, "SELECT COUNT(*) FROM group_requests WHERE erased_at > 0 AND email = '' AND phone = '' "
                 "AND contact_name = ''"), 9)
    eq(count(sk, "SELECT COUNT(*) FROM group_requests WHERE group_size > 0 AND group_name <> ''"), 9,
       "the counts and the group stay for the statistics")
    eq(count(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'group_request.erase'"), 9)
    eq(count(sk, "SELECT COUNT(*) FROM jobs WHERE kind = 'group_requests_retention' AND status = 'queued'"), 1,
       "the job schedules itself for the next day")
    sk.cli("job", "drain")
    eq(count(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'group_request.erase'"), 9, "erased once")


run()

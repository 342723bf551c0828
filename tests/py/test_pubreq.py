"""Publicity requests and communication plans (C2): the request form with
the lead time in working days (S1 holidays), the coordinator's triage
(accept, return with a reason, merge; the head's confirmation for requests
instructed by management), communication plans with their approval and
the owners' tasks, the register of recurring needs on the planning view,
the JSON API, isolation between institutions. Checked against the
database, the audit log and the mail the requester actually receives."""
import datetime as dt
import email
import email.policy
import glob
import json
import os
import re
import time
from zoneinfo import ZoneInfo

from sk import test, run, check, eq, Fail, login, one

PW = "correct horse battery"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("koord@pavb.lt", "Koordinatorė Eglė", inst="pavb", roles=["COORD"])
    sk.add_user("vadove@pavb.lt", "Vadovė Rūta", inst="pavb", roles=["HEAD"])
    sk.add_user("skaitykla@pavb.lt", "Skaityklos Laima", inst="pavb", roles=["STAFF"])
    sk.add_user("kita@pavb.lt", "Kita Darbuotoja", inst="pavb", roles=["STAFF"])
    sk.add_user("smm@pavb.lt", "Socialinių tinklų Jonas", inst="pavb", roles=["SMM"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    return sk.server()


def uid(sk, mail):
    return int(one(sk, f"SELECT id FROM users WHERE email = '{mail}'"))


def today():
    return dt.datetime.now(ZoneInfo("Europe/Vilnius")).date()


def add_workdays(sk, start, n):
    out = sk.cli("occasions", "workdays", "--from", start.isoformat(), "--add", str(n)).stdout.strip()
    return dt.date.fromisoformat(out)


def channel_ids(sk, slug, codes):
    inst = one(sk, f"SELECT id FROM institutions WHERE slug = '{slug}'")
    rows = dict((r[0], r[1]) for r in sk.sql(f"SELECT code, id FROM pub_channels WHERE institution_id = {inst}"))
    return [rows[c] for c in codes]


def request_form(c, sk, **kw):
    """POSTs the request form; channels by code (the form is loaded first so the channels exist)."""
    eq(c.get("/staff/pavb/publicity/new").status, 200)
    first = kw.pop("first", today() + dt.timedelta(days=40))
    last = kw.pop("last", first + dt.timedelta(days=9) if isinstance(first, dt.date) else first)
    data = [("title", kw.pop("title", "Vasaros skaitymo iššūkis")),
            ("description", kw.pop("description", "Vaikų ir paauglių vasaros skaitymo akcija.")),
            ("window_from", first.isoformat() if isinstance(first, dt.date) else first),
            ("window_to", last.isoformat() if isinstance(last, dt.date) else last),
            ("must_by", kw.pop("must_by", "")), ("instructed_by", kw.pop("instructed_by", "")),
            ("short_reason", kw.pop("short_reason", "")), ("_csrf", c.csrf)]
    for a in kw.pop("audience", ["children", "youth"]):
        data.append(("audiences[]", a))
    for ch in channel_ids(sk, "pavb", kw.pop("channels", ["newsroom", "facebook"])):
        data.append(("channel[]", str(ch)))
    if kw.pop("instructed", False):
        data.append(("instructed", "1"))
    if "event_id" in kw:
        data.append(("event_id", str(kw.pop("event_id"))))
    check(not kw, f"unknown arguments {kw}")
    import urllib.parse
    return c.request("POST", "/staff/pavb/publicity/requests", body=urllib.parse.urlencode(data),
                     ctype="application/x-www-form-urlencoded")


def post_pairs(c, path, pairs):
    """A form POST with repeated fields (name[])."""
    import urllib.parse
    return c.request("POST", path, body=urllib.parse.urlencode(list(pairs) + [("_csrf", c.csrf)]),
                     ctype="application/x-www-form-urlencoded")


def created_id(r):
    eq(r.status, 303, r.text[:600])
    return int(re.search(r"/requests/(\d+)$", r.header("Location")).group(1))


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


def token(c):
    r = c.post("/profile/tokens", {"token_name": "testai"})
    eq(r.status, 201)
    return {"Authorization": "Bearer " + re.search(r'readonly value="(sk_[^"]+)"', r.text).group(1)}


# ---- the request form and the lead time -------------------------------------------

@test
def lead_time_christmas_example_ac_c2_2(sk):
    """Monday 2026-12-14 -> Monday 2026-12-28: 8 working days (24 and 25 Dec are holidays),
    a reason required; with those holidays retired, 10 and none required."""
    srv = world(sk)
    h = token(login(srv.client(), "skaitykla@pavb.lt"))
    api = srv.client()
    r = api.request("GET", "/api/v1/pavb/publicity/lead-time?from=2026-12-14&first=2026-12-28", headers=h)
    eq(r.status, 200, r.text)
    eq(r.json(), {"lead_days": 8, "min_lead_days": 10, "reason_required": True})
    r = api.request("GET", "/api/v1/pavb/publicity/lead-time?from=2026-12-14&first=2026-12-32", headers=h)
    eq(r.status, 422)
    ids = [x[0] for x in sk.sql("SELECT id FROM occasion_rules WHERE code IN ('s1-14', 's1-15')")]
    eq(len(ids), 2)
    for i in ids:
        sk.cli("occasions", "status", i, "retired")
    srv.stop()
    srv = sk.server()            # a fresh process: no cached holiday set
    api = srv.client()
    r = api.request("GET", "/api/v1/pavb/publicity/lead-time?from=2026-12-14&first=2026-12-28", headers=h)
    eq(r.json(), {"lead_days": 10, "min_lead_days": 10, "reason_required": False})


@test
def short_lead_needs_a_reason_counted_in_working_days(sk):
    srv = world(sk)
    c = login(srv.client(), "skaitykla@pavb.lt")
    t = today()
    nine = add_workdays(sk, t, 9)       # 9 working days after today, holidays skipped
    r = request_form(c, sk, first=nine)
    eq(r.status, 422, r.text[:300])
    check('href="#f-short_reason"' in r.text and "9 darbo dienos" in r.text, "lead-time field error in Lithuanian")
    eq(one(sk, "SELECT COUNT(*) FROM pub_requests"), "0")
    rid = created_id(request_form(c, sk, first=nine, short_reason="Renginio data paaiškėjo tik vakar."))
    eq(sk.sql(f"SELECT lead_days, short_reason, submitted_on, status FROM pub_requests WHERE id = {rid}")[0],
       ["9", "Renginio data paaiškėjo tik vakar.", t.strftime("%Y%m%d"), "submitted"])
    # ten working days: no reason needed, none stored
    rid = created_id(request_form(c, sk, first=add_workdays(sk, t, 10), short_reason="nereikalinga"))
    eq(sk.sql(f"SELECT lead_days, short_reason FROM pub_requests WHERE id = {rid}")[0], ["10", ""])
    # a raised minimum counts from the institution's setting
    k = login(srv.client(), "koord@pavb.lt")
    eq(k.post("/staff/pavb/publicity/settings", {"min_lead_days": "15"}).status, 303)
    eq(k.post("/staff/pavb/publicity/settings", {"min_lead_days": "500"}).status, 422)
    eq(c.post("/staff/pavb/publicity/settings", {"min_lead_days": "1"}).status, 403)
    eq(request_form(c, sk, first=add_workdays(sk, t, 12)).status, 422)
    eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'publicity.settings'"), "1")


@test
def field_errors_store_nothing(sk):
    srv = world(sk)
    c = login(srv.client(), "skaitykla@pavb.lt")
    first = today() + dt.timedelta(days=40)
    cases = [
        (dict(title=""), "title"),
        (dict(first="2027-02-30"), "window_from"),
        (dict(first=first, last=first - dt.timedelta(days=1)), "window_to"),
        (dict(first=today()), "window_from"),
        (dict(channels=[]), "channels"),
        (dict(audience=["nobody"]), "audiences"),
        (dict(must_by=(first + dt.timedelta(days=30)).isoformat()), "must_by"),
        (dict(event_id=999999), "event_id"),
    ]
    for kw, field in cases:
        r = request_form(c, sk, **kw)
        eq(r.status, 422, f"{kw}: {r.text[:200]}")
        check(f'href="#f-{field}"' in r.text, f"{kw}: no error for {field}")
    eq(one(sk, "SELECT COUNT(*) FROM pub_requests"), "0")
    eq(one(sk, "SELECT COUNT(*) FROM pub_request_channels"), "0")
    eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'publicity.%'"), "0")
    # another institution's channel id is refused
    login(srv.client(), "birzai@birzai.lt").get("/staff/birzai/publicity/new")
    other = channel_ids(sk, "birzai", ["facebook"])[0]
    import urllib.parse
    body = urllib.parse.urlencode([("title", "Svetimas kanalas"), ("window_from", first.isoformat()),
                                   ("window_to", first.isoformat()), ("channel[]", other), ("_csrf", c.csrf)])
    r = c.request("POST", "/staff/pavb/publicity/requests", body=body, ctype="application/x-www-form-urlencoded")
    eq(r.status, 422)
    eq(one(sk, "SELECT COUNT(*) FROM pub_requests"), "0")


@test
def request_from_an_event_is_prefilled(sk):
    srv = world(sk)
    sk.add_user("renginiai@pavb.lt", "Renginių Ona", inst="pavb", roles=["EVENT"])
    e = login(srv.client(), "renginiai@pavb.lt")
    day = today() + dt.timedelta(days=45)
    r = e.post("/staff/pavb/events/new", {"title": "Poezijos pavasaris bibliotekoje", "type": "exhibition",
                                      "summary": "Poetų skaitymai ir muzika.", "start_date": day.isoformat(),
                                      "start_time": "17:30", "end_date": day.isoformat(), "end_time": "19:00",
                                      "audience": "Suaugusieji"})
    eq(r.status, 303, r.text[:500])
    ev = int(re.search(r"/events/(\d+)$", r.header("Location")).group(1))
    page = e.get(f"/staff/pavb/events/{ev}").text
    check(f"/staff/pavb/publicity/new?event={ev}" in page, "no link from the event page")
    f = e.get(f"/staff/pavb/publicity/new?event={ev}")
    eq(f.status, 200)
    check('value="Poezijos pavasaris bibliotekoje"' in f.text, "title not prefilled")
    check(f'value="{day.isoformat()}"' in f.text, "window end not the event day")
    check("Poetų skaitymai ir muzika." in f.text, "summary not prefilled")
    eq(e.get("/staff/pavb/publicity/new?event=99999").status, 404)
    rid = created_id(request_form(e, sk, title="Poezijos pavasaris bibliotekoje", event_id=ev,
                                  first=day - dt.timedelta(days=14), last=day))
    eq(one(sk, f"SELECT event_id FROM pub_requests WHERE id = {rid}"), str(ev))


# ---- triage ---------------------------------------------------------------------

@test
def triage_accept_return_merge_notify_and_audit(sk):
    srv = world(sk)
    s = login(srv.client(), "skaitykla@pavb.lt")
    a = created_id(request_form(s, sk, title="Knygų mainų savaitė"))
    b = created_id(request_form(s, sk, title="Skaitymo iššūkis vasarai"))
    d = created_id(request_form(s, sk, title="Skaitymo iššūkis (pakartotinai)"))
    # the requester sees their own, a colleague does not
    check("Knygų mainų savaitė" in s.get("/staff/pavb/publicity").text, "requester's list")
    other = login(srv.client(), "kita@pavb.lt")
    check("Knygų mainų savaitė" not in other.get("/staff/pavb/publicity").text, "a colleague sees it")
    eq(other.get(f"/staff/pavb/publicity/requests/{a}").status, 404)
    eq(other.post(f"/staff/pavb/publicity/requests/{a}/accept").status, 403)
    # the coordinator's queue
    k = login(srv.client(), "koord@pavb.lt")
    q = k.get("/staff/pavb/publicity").text
    check(all(t in q for t in ("Knygų mainų savaitė", "Skaitymo iššūkis vasarai")), "queue")
    check("Laukia sprendimo" in q, "status label in Lithuanian")
    dash = k.get("/staff/pavb/").text
    check("Viešinimo prašymai" in dash and "Knygų mainų savaitė" in dash, "dashboard panel")
    # accept
    eq(k.post(f"/staff/pavb/publicity/requests/{a}/accept").status, 303)
    eq(one(sk, f"SELECT status FROM pub_requests WHERE id = {a}"), "accepted")
    eq(k.post(f"/staff/pavb/publicity/requests/{a}/accept").status, 303)   # again: a conflict, nothing changes
    eq(one(sk, f"SELECT COUNT(*) FROM audit_log WHERE action = 'publicity.accept' AND entity_id = {a}"), "1")
    m = wait_mail(sk, "skaitykla@pavb.lt", "priimtas")
    check("Knygų mainų savaitė" in m.get_content(), "mail body names the request")
    me = uid(sk, "skaitykla@pavb.lt")
    eq(one(sk, f"SELECT COUNT(*) FROM tasks WHERE assignee_id = {me} AND related_type = 'publicity_request' "
               f"AND related_id = {a}"), "1")
    # return needs a reason
    r = k.post(f"/staff/pavb/publicity/requests/{b}/return", {"reason": ""})
    eq(r.status, 422)
    check('href="#f-reason"' in r.text, "reason field error")
    eq(one(sk, f"SELECT status FROM pub_requests WHERE id = {b}"), "submitted")
    eq(k.post(f"/staff/pavb/publicity/requests/{b}/return", {"reason": "Trūksta datų ir partnerių."}).status, 303)
    eq(sk.sql(f"SELECT status, return_reason FROM pub_requests WHERE id = {b}")[0], ["returned", "Trūksta datų ir partnerių."])
    m = wait_mail(sk, "skaitykla@pavb.lt", "grąžintas")
    check("Trūksta datų ir partnerių." in m.get_content(), "reason in the mail")
    page = s.get(f"/staff/pavb/publicity/requests/{b}").text
    check("Trūksta datų ir partnerių." in page, "requester sees the reason")
    check(f"/staff/pavb/publicity/new?copy={b}" in page, "no link to send a corrected request")
    f = s.get(f"/staff/pavb/publicity/new?copy={b}")
    eq(f.status, 200)
    check('value="Skaitymo iššūkis vasarai"' in f.text and 'id="f-audiences-children" name="audiences[]" value="children" checked' in f.text,
          "the corrected request is not prefilled")
    eq(other.get(f"/staff/pavb/publicity/new?copy={b}").status, 404)
    # merge d into a
    eq(k.post(f"/staff/pavb/publicity/requests/{d}/merge", {"into": str(d)}).status, 422)
    eq(k.post(f"/staff/pavb/publicity/requests/{d}/merge", {"into": "999999"}).status, 422)
    eq(k.post(f"/staff/pavb/publicity/requests/{d}/merge", {"into": str(a)}).status, 303)
    eq(sk.sql(f"SELECT status, merged_into FROM pub_requests WHERE id = {d}")[0], ["merged", str(a)])
    wait_mail(sk, "skaitykla@pavb.lt", "sujungtas")
    acts = [x[0] for x in sk.sql("SELECT action FROM audit_log WHERE entity = 'pub_requests' ORDER BY id")]
    eq(acts, ["publicity.request"] * 3 + ["publicity.accept", "publicity.return", "publicity.merge"])
    # filters: any status; by status
    check("Skaitymo iššūkis vasarai" not in k.get("/staff/pavb/publicity").text, "returned one in the open queue")
    check("Skaitymo iššūkis vasarai" in k.get("/staff/pavb/publicity?status=returned").text, "status filter")
    check("Knygų mainų savaitė" not in k.get("/staff/pavb/publicity?status=returned").text, "status filter")


@test
def instructed_request_needs_the_heads_confirmation_ac_c2_4(sk):
    srv = world(sk)
    s = login(srv.client(), "skaitykla@pavb.lt")
    rid = created_id(request_form(s, sk, title="Direktorės pavesta: bibliotekos jubiliejus", instructed=True,
                                  instructed_by="Direktorė"))
    eq(one(sk, f"SELECT instructed FROM pub_requests WHERE id = {rid}"), "1")
    k = login(srv.client(), "koord@pavb.lt")
    eq(k.post(f"/staff/pavb/publicity/requests/{rid}/return", {"reason": "Per mažai informacijos."}).status, 303)
    eq(one(sk, f"SELECT status FROM pub_requests WHERE id = {rid}"), "return_pending")
    eq(one(sk, f"SELECT COUNT(*) FROM tasks WHERE related_type = 'publicity_request' AND related_id = {rid}"), "0")
    eq(k.post(f"/staff/pavb/publicity/requests/{rid}/confirm", {"confirm": "1"}).status, 403)
    eq(one(sk, f"SELECT status FROM pub_requests WHERE id = {rid}"), "return_pending")
    # the head refuses once: back in the queue
    h = login(srv.client(), "vadove@pavb.lt")
    p = h.get(f"/staff/pavb/publicity/requests/{rid}").text
    check("Per mažai informacijos." in p and "Patvirtinti grąžinimą" in p, "head's confirmation form")
    eq(h.post(f"/staff/pavb/publicity/requests/{rid}/confirm", {"confirm": "0"}).status, 303)
    eq(one(sk, f"SELECT status FROM pub_requests WHERE id = {rid}"), "submitted")
    # proposed again and confirmed
    eq(k.post(f"/staff/pavb/publicity/requests/{rid}/return", {"reason": "Trūksta jubiliejaus programos."}).status, 303)
    eq(h.post(f"/staff/pavb/publicity/requests/{rid}/confirm", {"confirm": "1"}).status, 303)
    eq(sk.sql(f"SELECT status, return_reason FROM pub_requests WHERE id = {rid}")[0],
       ["returned", "Trūksta jubiliejaus programos."])
    wait_mail(sk, "skaitykla@pavb.lt", "grąžintas")
    rows = sk.sql(f"SELECT action, actor_user_id FROM audit_log WHERE entity = 'pub_requests' AND entity_id = {rid} "
                  "ORDER BY id")
    eq(rows, [["publicity.request", str(uid(sk, "skaitykla@pavb.lt"))],
              ["publicity.return_proposed", str(uid(sk, "koord@pavb.lt"))],
              ["publicity.return_refused", str(uid(sk, "vadove@pavb.lt"))],
              ["publicity.return_proposed", str(uid(sk, "koord@pavb.lt"))],
              ["publicity.return_confirmed", str(uid(sk, "vadove@pavb.lt"))]])


# ---- plans ---------------------------------------------------------------------

def accepted_request(srv, sk, first, last):
    s = login(srv.client(), "skaitykla@pavb.lt")
    rid = created_id(request_form(s, sk, title="Kalėdinis knygų turgus", first=first, last=last))
    k = login(srv.client(), "koord@pavb.lt")
    eq(k.post(f"/staff/pavb/publicity/requests/{rid}/accept").status, 303)
    return rid, k


def plan_of(k, rid):
    r = k.post(f"/staff/pavb/publicity/requests/{rid}/plan")
    eq(r.status, 303, r.text[:300])
    return int(re.search(r"/plans/(\d+)$", r.header("Location")).group(1))


@test
def plan_with_schedule_approved_into_tasks_ac_c2_1_and_3(sk):
    srv = world(sk)
    first = dt.date(today().year + 1, 12, 1)
    rid, k = accepted_request(srv, sk, first, first + dt.timedelta(days=9))
    s = login(srv.client(), "skaitykla@pavb.lt")
    eq(s.post(f"/staff/pavb/publicity/requests/{rid}/plan").status, 403)
    pid = plan_of(k, rid)
    eq(plan_of(k, rid), pid, "one plan per request")
    base = f"/staff/pavb/publicity/plans/{pid}"
    eq(k.get(base).status, 200)
    # AC-C2-3: an empty plan cannot be approved, the error lists the parts
    eq(k.post(base + "/basics", {"title": "Kalėdinis knygų turgus", "budget_eur": "150", "budget_note": "Reklama"}).status, 303)
    r = k.post(base + "/approve")
    eq(r.status, 422)
    for part in ("tikslo", "tikslinės grupės", "pagrindinės žinutės", "kanalo", "tvarkaraščio įrašo"):
        check(part in r.text, f"missing part {part!r} not listed")
    eq(one(sk, f"SELECT status FROM pub_plans WHERE id = {pid}"), "draft")
    # fill it
    r = post_pairs(k, base + "/basics", [("title", "Kalėdinis knygų turgus"), ("groups[]", "families"), ("groups[]", "seniors"),
                                  ("budget_eur", "150"), ("budget_note", "Reklama socialiniuose tinkluose")])
    eq(r.status, 303)
    eq(k.post(base + "/goals", {"goal": "Pritraukti lankytojų", "kpi": "Lankytojų skaičius", "target": "300"}).status, 303)
    eq(k.post(base + "/goals", {"goal": "", "kpi": "x", "target": "-1"}).status, 422)
    for lt in ("Knygos – geriausia dovana", "Turguje – ir retų leidinių", "Visa pajamų dalis – bibliotekai"):
        eq(k.post(base + "/messages", {"text_lt": lt, "text_en": ""}).status, 303)
    eq(k.post(base + "/messages", {"text_lt": "", "text_en": "Only English"}).status, 422)
    ch = dict(zip(["newsroom", "facebook", "newsletter"], channel_ids(sk, "pavb", ["newsroom", "facebook", "newsletter"])))
    smm, koord = uid(sk, "smm@pavb.lt"), uid(sk, "koord@pavb.lt")
    items = [("newsroom", 0, "Pranešimas spaudai", koord), ("facebook", 1, "Įrašas su nuotrauka", smm),
             ("facebook", 5, "Priminimas", smm), ("newsletter", 3, "Naujienlaiškio blokas", koord),
             ("newsroom", 9, "Fotoreportažas", koord)]
    for code, off, what, owner in items:
        d = (first + dt.timedelta(days=off)).isoformat()
        eq(k.post(base + "/items", {"channel_id": str(ch[code]), "item_date": d, "what": what,
                                    "owner_id": str(owner)}).status, 303)
    r = k.post(base + "/items", {"channel_id": str(ch["facebook"]), "item_date": "2027-02-30", "what": "",
                                 "owner_id": str(uid(sk, "birzai@birzai.lt"))})
    eq(r.status, 422)
    for f in ("item_date", "what", "owner_id"):
        check(f'href="#f-{f}"' in r.text, f"no error for {f}")
    eq(one(sk, f"SELECT COUNT(*) FROM pub_plan_items WHERE plan_id = {pid}"), "5")
    # a PR specialist (publicity.manage without publicity.approve) cannot approve
    sk.add_user("pr@pavb.lt", "Ryšių Tomas", inst="pavb", roles=["PR"])
    eq(login(srv.client(), "pr@pavb.lt").post(base + "/approve").status, 403)
    eq(k.post(base + "/approve").status, 303)
    eq(one(sk, f"SELECT status FROM pub_plans WHERE id = {pid}"), "approved")
    eq(one(sk, f"SELECT status FROM pub_requests WHERE id = {rid}"), "planned")
    tasks = sk.sql(f"SELECT t.assignee_id, t.due_date, t.dedupe_key, i.id FROM pub_plan_items i "
                   f"JOIN tasks t ON t.id = i.task_id WHERE i.plan_id = {pid} ORDER BY i.item_date, i.id")
    eq(len(tasks), 5)
    want = sorted([(str(o), (first + dt.timedelta(days=off)).strftime("%Y%m%d")) for _, off, _, o in items],
                  key=lambda x: x[1])
    eq([(t[0], t[1]) for t in tasks], want)
    check(all(t[2] == f"pubitem:{t[3]}" for t in tasks), "dedupe keys")
    # the owner sees the task in their list
    check("Įrašas su nuotrauka" in login(srv.client(), "smm@pavb.lt").get("/staff/pavb/tasks").text, "owner's task")
    # approved: read-only, a second approval changes nothing
    eq(k.post(base + "/goals", {"goal": "Dar vienas", "kpi": "x", "target": "1"}).status, 409)
    k.post(base + "/approve")
    eq(one(sk, f"SELECT COUNT(*) FROM tasks WHERE related_type = 'publicity_plan' AND related_id = {pid}"), "5")
    wait_mail(sk, "skaitykla@pavb.lt", "suplanuotas")
    # the planning view shows the items on their dates
    p = k.get(f"/staff/pavb/publicity/planning?year={first.year}").text
    check("Naujienlaiškio blokas" in p and (first + dt.timedelta(days=3)).isoformat() in p, "item on the planning view")
    # API view of the plan
    h = token(k)
    j = srv.client().request("GET", f"/api/v1/pavb/publicity/plans/{pid}", headers=h).json()
    eq((j["status"], len(j["goals"]), len(j["key_messages"]), len(j["items"]), sorted(j["target_groups"])),
       ("approved", 1, 3, 5, ["families", "seniors"]))
    acts = {x[0] for x in sk.sql(f"SELECT action FROM audit_log WHERE entity = 'pub_plans' AND entity_id = {pid}")}
    check({"publicity.plan_create", "publicity.plan_goal", "publicity.plan_item", "publicity.plan_approve"} <= acts, acts)


@test
def plan_only_for_accepted_requests(sk):
    srv = world(sk)
    s = login(srv.client(), "skaitykla@pavb.lt")
    rid = created_id(request_form(s, sk, title="Dar nepriimtas"))
    k = login(srv.client(), "koord@pavb.lt")
    eq(k.post(f"/staff/pavb/publicity/requests/{rid}/plan").status, 303)    # conflict -> back to the request
    eq(one(sk, "SELECT COUNT(*) FROM pub_plans"), "0")


# ---- the needs register -----------------------------------------------------------

@test
def recurring_need_every_september_on_the_planning_view_ac_c2_6(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("admin@pavb.lt", "Administratorė Aistė", inst="pavb", roles=["ADMIN"])
    sk.add_user("koord@pavb.lt", "Koordinatorė Eglė", inst="pavb", roles=["COORD"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    srv = sk.server()
    a = login(srv.client(), "admin@pavb.lt")
    for name in ("Vaikų literatūros skyrius", "Kraštotyros skyrius"):
        eq(a.post("/staff/pavb/settings/departments", {"dept_name_lt": name}).status, 303)
    kids = one(sk, "SELECT id FROM departments WHERE name_lt = 'Vaikų literatūros skyrius'")
    lore = one(sk, "SELECT id FROM departments WHERE name_lt = 'Kraštotyros skyrius'")
    k = login(srv.client(), "koord@pavb.lt")
    y = today().year + 1
    r = k.post("/staff/pavb/publicity/needs", {"subject": "Mokslo metų pradžia: edukacijos mokykloms",
                                               "department_id": kids, "rrule": "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1",
                                               "first_date": f"{y}-09-01"})
    eq(r.status, 303, r.text[:300])
    eq(k.post("/staff/pavb/publicity/needs", {"subject": "Kraštotyros konkursas", "department_id": lore,
                                              "rrule": "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15",
                                              "first_date": f"{y}-03-15"}).status, 303)
    for bad in ({"rrule": "every September"}, {"rrule": "FREQ=HOURLY"}, {"first_date": "2027-02-30"},
                {"subject": ""}, {"department_id": "999999"}):
        data = {"subject": "Bloga", "department_id": kids, "rrule": "FREQ=YEARLY;BYMONTH=9", "first_date": f"{y}-09-01"}
        data.update(bad)
        eq(k.post("/staff/pavb/publicity/needs", data).status, 422, bad)
    eq(one(sk, "SELECT COUNT(*) FROM pub_needs"), "2")
    # filters: department
    p = k.get(f"/staff/pavb/publicity/needs?department={kids}").text
    check("Mokslo metų pradžia" in p and "Kraštotyros konkursas" not in p, "department filter")
    check(f"{y}-09-01" in p, "next date shown")
    # the planning view: September of every future year, only September
    for year in (y, y + 1, y + 4):
        pv = k.get(f"/staff/pavb/publicity/planning?year={year}").text
        sept = re.search(r'id="m-09".*?</section>', pv, re.S).group(0)
        check("Mokslo metų pradžia" in sept and f"{year}-09-01" in sept, f"not in September {year}")
        aug = re.search(r'id="m-08".*?</section>', pv, re.S).group(0)
        check("Mokslo metų pradžia" not in aug, f"in August {year}")
        check("Kraštotyros konkursas" in re.search(r'id="m-03".*?</section>', pv, re.S).group(0), "March need")
    # the month filter on the register
    p = k.get("/staff/pavb/publicity/needs?month=3").text
    check("Kraštotyros konkursas" in p and "Mokslo metų pradžia" not in p, "month filter")
    # another library never sees them nor changes them
    b = login(srv.client(), "birzai@birzai.lt")
    lore_need = one(sk, "SELECT id FROM pub_needs WHERE subject = 'Kraštotyros konkursas'")
    eq(b.post(f"/staff/birzai/publicity/needs/{lore_need}/status", {"status": "retired"}).status, 404)
    eq(one(sk, f"SELECT status FROM pub_needs WHERE id = {lore_need}"), "active")
    check("Mokslo metų pradžia" not in b.get("/staff/birzai/publicity/needs").text, "isolation of needs")
    check("Mokslo metų pradžia" not in b.get(f"/staff/birzai/publicity/planning?year={y}").text, "isolation")
    eq(b.get("/staff/pavb/publicity/needs").status, 403)
    # the coordinator retires one: gone from the register and the planning view
    eq(k.post(f"/staff/pavb/publicity/needs/{lore_need}/status", {"status": "gone"}).status, 422)
    eq(k.post(f"/staff/pavb/publicity/needs/{lore_need}/status", {"status": "retired"}).status, 303)
    eq(one(sk, f"SELECT status FROM pub_needs WHERE id = {lore_need}"), "retired")
    check("Kraštotyros konkursas" not in k.get("/staff/pavb/publicity/needs").text, "retired need listed")
    check("Kraštotyros konkursas" not in k.get(f"/staff/pavb/publicity/planning?year={y}").text, "retired need planned")
    eq(one(sk, f"SELECT COUNT(*) FROM audit_log WHERE action = 'publicity.need_status' AND entity_id = {lore_need}"), "1")


# ---- information support (D0-F9) ----------------------------------------------------------

@test
def information_support_created_assigned_closed_and_counted_ac_c2_7(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("admin@pavb.lt", "Administratorė Aistė", inst="pavb", roles=["ADMIN"])
    sk.add_user("koord@pavb.lt", "Koordinatorė Eglė", inst="pavb", roles=["COORD"])
    sk.add_user("projektai@pavb.lt", "Projektų Vaida", inst="pavb", roles=["PROJ"])
    sk.add_user("vertejas@pavb.lt", "Vertėjas Paulius", inst="pavb", roles=["PR"])
    sk.add_user("kita@pavb.lt", "Kita Darbuotoja", inst="pavb", roles=["STAFF"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    srv = sk.server()
    a = login(srv.client(), "admin@pavb.lt")
    eq(a.post("/staff/pavb/settings/departments", {"dept_name_lt": "Projektų skyrius"}).status, 303)
    dept = one(sk, "SELECT id FROM departments WHERE name_lt = 'Projektų skyrius'")
    pv = uid(sk, "projektai@pavb.lt")
    eq(a.post(f"/staff/pavb/users/{pv}", {"name": "Projektų Vaida", "department_id": dept, "roles_sent": "1",
                                          "roles[]": "PROJ"}).status, 303)
    p = login(srv.client(), "projektai@pavb.lt")
    due = (today() + dt.timedelta(days=20)).isoformat()
    for bad in ({"programme": ""}, {"kind": "poem"}, {"due_date": "2027-13-01"}):
        data = {"programme": "Interreg projektas „Skaitanti Baltija“", "kind": "translation", "due_date": due}
        data.update(bad)
        eq(p.post("/staff/pavb/publicity/support", data).status, 422, bad)
    eq(one(sk, "SELECT COUNT(*) FROM pub_support"), "0")
    r = p.post("/staff/pavb/publicity/support", {"programme": "Interreg projektas „Skaitanti Baltija“",
                                                 "kind": "translation", "details": "Projekto santraukos vertimas į anglų k.",
                                                 "due_date": due})
    eq(r.status, 303, r.text[:300])
    sid = int(re.search(r"/support/(\d+)$", r.header("Location")).group(1))
    eq(sk.sql(f"SELECT status, department_id FROM pub_support WHERE id = {sid}")[0], ["open", dept])
    # a colleague neither sees nor closes it; another library never does
    o = login(srv.client(), "kita@pavb.lt")
    eq(o.get(f"/staff/pavb/publicity/support/{sid}").status, 404)
    check("Skaitanti Baltija" not in o.get("/staff/pavb/publicity/support").text, "listed for a colleague")
    b = login(srv.client(), "birzai@birzai.lt")
    eq(b.get(f"/staff/birzai/publicity/support/{sid}").status, 404)
    eq(b.post(f"/staff/birzai/publicity/support/{sid}/assign", {"assignee_id": str(uid(sk, "birzai@birzai.lt"))}).status, 404)
    # the requester cannot assign; the coordinator assigns -> a task with the due date
    eq(p.post(f"/staff/pavb/publicity/support/{sid}/assign", {"assignee_id": str(pv)}).status, 403)
    k = login(srv.client(), "koord@pavb.lt")
    eq(k.post(f"/staff/pavb/publicity/support/{sid}/assign", {"assignee_id": str(uid(sk, "birzai@birzai.lt"))}).status, 422)
    tr = uid(sk, "vertejas@pavb.lt")
    eq(k.post(f"/staff/pavb/publicity/support/{sid}/assign", {"assignee_id": str(tr)}).status, 303)
    row = sk.sql(f"SELECT s.status, s.assignee_id, t.assignee_id, t.due_date, t.status FROM pub_support s "
                 f"JOIN tasks t ON t.id = s.task_id WHERE s.id = {sid}")[0]
    eq(row, ["assigned", str(tr), str(tr), due.replace("-", ""), "open"])
    # the assignee closes it with what was done; the task is done
    v = login(srv.client(), "vertejas@pavb.lt")
    eq(v.post(f"/staff/pavb/publicity/support/{sid}/close", {"outcome": ""}).status, 422)
    eq(v.post(f"/staff/pavb/publicity/support/{sid}/close", {"outcome": "Išversta, išsiųsta partneriams."}).status, 303)
    eq(sk.sql(f"SELECT s.status, s.outcome, t.status FROM pub_support s JOIN tasks t ON t.id = s.task_id "
              f"WHERE s.id = {sid}")[0], ["closed", "Išversta, išsiųsta partneriams.", "done"])
    eq(v.post(f"/staff/pavb/publicity/support/{sid}/close", {"outcome": "dar kartą"}).status, 409)
    # counted for the department in this year's figures
    page = k.get("/staff/pavb/publicity/support").text
    m = re.search(r"<tr><td>Projektų skyrius</td><td>(\d+)</td><td>(\d+)</td></tr>", page)
    check(m and m.groups() == ("1", "1"), "department count")
    acts = [x[0] for x in sk.sql(f"SELECT action FROM audit_log WHERE entity = 'pub_support' AND entity_id = {sid} ORDER BY id")]
    eq(acts, ["publicity.support", "publicity.support_assign", "publicity.support_close"])


# ---- isolation and the API ----------------------------------------------------------------

@test
def isolation_between_institutions_pages_and_api(sk):
    srv = world(sk)
    s = login(srv.client(), "skaitykla@pavb.lt")
    rid = created_id(request_form(s, sk, title="Panevėžio slaptas prašymas"))
    k = login(srv.client(), "koord@pavb.lt")
    eq(k.post(f"/staff/pavb/publicity/requests/{rid}/accept").status, 303)
    pid = plan_of(k, rid)
    b = login(srv.client(), "birzai@birzai.lt")
    check("Panevėžio slaptas prašymas" not in b.get("/staff/birzai/publicity").text, "listed in birzai")
    eq(b.get(f"/staff/birzai/publicity/requests/{rid}").status, 404)
    eq(b.get(f"/staff/birzai/publicity/plans/{pid}").status, 404)
    eq(b.post(f"/staff/birzai/publicity/requests/{rid}/accept").status, 404)
    eq(b.get("/staff/pavb/publicity").status, 403)
    eq(b.get(f"/staff/pavb/publicity/requests/{rid}").status, 403)
    hb = token(b)
    api = srv.client()
    r = api.request("GET", "/api/v1/birzai/publicity/requests?status=any", headers=hb)
    eq(r.status, 200)
    eq(r.json()["total"], 0)
    eq(api.request("GET", f"/api/v1/birzai/publicity/requests/{rid}", headers=hb).status, 404)
    eq(api.request("GET", f"/api/v1/birzai/publicity/plans/{pid}", headers=hb).status, 404)
    eq(api.request("GET", "/api/v1/pavb/publicity/requests", headers=hb).status, 403)
    # the API creates with the same rules
    hs = token(s)
    first = add_workdays(sk, today(), 15)
    body = {"title": "Per API", "window_from": first.isoformat(), "window_to": first.isoformat(),
            "audiences": ["seniors"], "channels": ["newsletter", "youtube"]}
    r = api.request("POST", "/api/v1/pavb/publicity/requests", body=json.dumps(body), ctype="application/json", headers=hs)
    eq(r.status, 201, r.text)
    j = r.json()
    eq((j["status"], j["lead_days"], j["audiences"], sorted(j["channels"])),
       ("submitted", 15, ["seniors"], ["newsletter", "youtube"]))
    bad = dict(body, channels=["myspace"], audiences=["aliens"], window_to="2000-01-01")
    r = api.request("POST", "/api/v1/pavb/publicity/requests", body=json.dumps(bad), ctype="application/json", headers=hs)
    eq(r.status, 422)
    eq(one(sk, "SELECT COUNT(*) FROM pub_requests"), "2")
    # the requester's API list holds only their own; the coordinator's all
    eq(api.request("GET", "/api/v1/pavb/publicity/requests?status=any", headers=hs).json()["total"], 2)
    hk = token(k)
    eq(api.request("GET", "/api/v1/pavb/publicity/requests?status=any", headers=hk).json()["total"], 2)
    ho = token(login(srv.client(), "kita@pavb.lt"))
    eq(api.request("GET", "/api/v1/pavb/publicity/requests?status=any", headers=ho).json()["total"], 0)
    eq(api.request("GET", f"/api/v1/pavb/publicity/requests/{rid}", headers=ho).status, 404)
    eq(api.request("GET", f"/api/v1/pavb/publicity/plans/{pid}", headers=ho).status, 403)


if __name__ == "__main__":
    run()

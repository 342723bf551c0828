"""Rubrics (C5 workflow 2, issue 4): a rubric "every Friday at 10:00" on
the library's Facebook makes a draft text of its owner for each Friday
of its horizon (90 days by default), once; the drafts show on the
content calendar in the channel's lane; a paused rubric makes no new
ones; a rule libical refuses, or a rubric of another institution's
channel, is refused with nothing stored; another institution sees none
of it."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

from sk import test, run, check, eq, login, one

PW = "correct horse battery"
VNO = ZoneInfo("Europe/Vilnius")


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("smm@pavb.lt", "Gintarė Žukauskaitė", inst="pavb", roles=["SMM"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    return sk.server(args=["--workers", "0"])


def ch(sk, inst, code):
    return one(sk, f"SELECT c.id FROM pub_channels c JOIN institutions i ON i.id = c.institution_id "
                   f"WHERE i.slug = '{inst}' AND c.code = '{code}'")


@test
def every_friday_makes_drafts_once(sk):
    srv = world(sk)
    s = login(srv.client(), "smm@pavb.lt")
    owner = one(sk, "SELECT id FROM users WHERE email = 'smm@pavb.lt'")
    today = dt.datetime.now(VNO).date()
    r = s.post("/staff/pavb/rubrics", {"name": "", "channel_id": str(ch(sk, "birzai", "facebook")),
                                       "rrule": "FREQ=SOMETIMES", "at": "25:00", "owner_id": str(owner),
                                       "starts_on": today.isoformat(), "horizon_days": "90"})
    eq(r.status, 422)
    for f in ("name", "channel_id", "rrule", "at"):
        check(f'id="e-{f}"' in r.text or f'href="#f-{f}"' in r.text, f"field error {f}")
    eq(one(sk, "SELECT COUNT(*) FROM pub_rubrics"), "0")
    r = s.post("/staff/pavb/rubrics", {"name": "Penktadienio knyga", "description": "Bibliotekininkų rekomenduojama knyga",
                                       "channel_id": str(ch(sk, "pavb", "facebook")), "rrule": "FREQ=WEEKLY;BYDAY=FR",
                                       "at": "10:00", "hashtags": "#penktadieniokinyga #pavb", "owner_id": str(owner),
                                       "starts_on": today.isoformat(), "horizon_days": "90"})
    eq(r.status, 303, r.text[:800])
    rid = int(re.search(r"/rubrics/(\d+)$", r.header("Location")).group(1))
    now = dt.datetime.now(VNO)
    fridays = []
    d = today
    while d <= today + dt.timedelta(days=90):
        at = dt.datetime(d.year, d.month, d.day, 10, 0, tzinfo=VNO)
        if d.weekday() == 4 and at > now:
            fridays.append(int(at.timestamp()))
        d += dt.timedelta(days=1)
    got = [int(x[0]) for x in sk.sql(f"SELECT slot_at FROM pub_rubric_slots WHERE rubric_id = {rid} ORDER BY slot_at")]
    eq(got, fridays, "one slot per Friday at 10:00 Vilnius time")
    rows = sk.sql(f"SELECT c.status, c.owner_id, c.type, c.scheduled_at = s.slot_at FROM pub_rubric_slots s "
                  f"JOIN content_items c ON c.id = s.item_id WHERE s.rubric_id = {rid}")
    check(all(tuple(x) in (("draft", str(owner), "social_post", "1"), ("draft", str(owner), "social_post", "t"))
              for x in rows), repr(rows[:3]))
    eq(int(one(sk, f"SELECT COUNT(*) FROM pub_rubric_slots s JOIN content_items c ON c.id = s.item_id "
                   f"WHERE s.rubric_id = {rid} AND c.body LIKE '%#pavb%'")), len(fridays), "the hashtags in each draft")
    # once: the daily fill makes nothing new; later it extends the horizon
    eq(sk.cli("rubrics", "fill").stdout.strip(), "0 slot(s) made")
    later = (today + dt.timedelta(days=14)).isoformat()
    out = sk.cli("rubrics", "fill", "--at", later).stdout.strip()
    check(re.fullmatch(r"[12] slot\(s\) made", out) is not None, out)
    # the calendar: the Facebook lane of the first slot's week
    first = dt.datetime.fromtimestamp(fridays[0], VNO).date()
    cal = s.get(f"/staff/pavb/content/calendar?view=week&date={first.isoformat()}").text
    fbname = one(sk, f"SELECT name_lt FROM pub_channels WHERE id = {ch(sk, 'pavb', 'facebook')}")
    lane = re.search(r'<tr><th scope="row">' + re.escape(fbname) + r'</th>(.*?)</tr>', cal, re.S).group(1)
    check("Penktadienio knyga" in lane, "in the channel's lane")
    # paused: nothing new
    eq(s.post(f"/staff/pavb/rubrics/{rid}/status", {"status": "paused"}).status, 303)
    n0 = int(one(sk, f"SELECT COUNT(*) FROM pub_rubric_slots WHERE rubric_id = {rid}"))
    eq(sk.cli("rubrics", "fill", "--at", (today + dt.timedelta(days=60)).isoformat()).stdout.strip(), "0 slot(s) made")
    eq(int(one(sk, f"SELECT COUNT(*) FROM pub_rubric_slots WHERE rubric_id = {rid}")), n0)
    # isolation
    b = login(srv.client(), "birzai@birzai.lt")
    eq(b.get(f"/staff/birzai/rubrics/{rid}").status, 404)
    check("Penktadienio knyga" not in b.get("/staff/birzai/rubrics").text.replace("Pavyzdžiui: Penktadienio knyga", ""), "isolated")


if __name__ == "__main__":
    run()

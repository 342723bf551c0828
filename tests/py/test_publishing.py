"""Publishing (C4): the channel registry with its administrators
(AC-C4-6), scheduling an approved item on channels, the publishing job
(once, at its time, never before the embargo, late and failed ones
alerting the owner), the manual adapter's "publish now" task and pasted
URL (AC-C4-1), withdrawal, the public newsroom and its RSS 2.0, Atom and
JSON feeds (AC-C4-2, parsed with feedparser), the press room, bad input
and isolation between institutions."""
import datetime as dt
import json
import re
import subprocess
import threading
import time
import zoneinfo

import feedparser

from sk import test, run, check, eq, login, one

PW = "correct horse battery"
VNO = zoneinfo.ZoneInfo("Europe/Vilnius")


def token(c):
    r = c.post("/profile/tokens", {"token_name": "testai"})
    check(r.status in (200, 201), r.text[:300])
    return {"Authorization": "Bearer " + re.search(r'readonly value="(sk_[^"]+)"', r.text).group(1)}


def api(srv, h, method, path, body=None):
    return srv.client().request(method, path, body=json.dumps(body) if body is not None else None, headers=h,
                                ctype="application/json" if body is not None else None)


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("rysiai@pavb.lt", "Jonas Kazlauskas", inst="pavb", roles=["PR"])
    sk.add_user("redaktore@pavb.lt", "Rūta Redaktorė", inst="pavb", roles=["EDITOR"])
    sk.add_user("koord@pavb.lt", "Jurgita Koordinatorė", inst="pavb", roles=["COORD"])
    sk.add_user("smm@pavb.lt", "Gintarė Žukauskaitė", inst="pavb", roles=["SMM"])
    sk.add_user("darb@pavb.lt", "Simona Darbuotoja", inst="pavb", roles=["STAFF"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    return sk.server(env={"SKLAIDA_CACHE_MB": "0"}, args=["--workers", "0"])


def channel(sk, inst, code):
    return int(one(sk, f"SELECT c.id FROM pub_channels c JOIN institutions i ON i.id = c.institution_id "
                       f"WHERE i.slug = '{inst}' AND c.code = '{code}'"))


def add_admin(c, sk, inst, code, mail):
    uid = one(sk, f"SELECT id FROM users WHERE email = '{mail}'")
    r = c.post(f"/staff/{inst}/channels/{channel(sk, inst, code)}/admins",
               {"user_id": str(uid), "second_factor": "telefonas"})
    eq(r.status, 303, r.text[:500])


def approved_news(srv, sk, title, summary="Trumpai apie naujieną.", body="Tekstas **svarbus**.", **extra):
    """a news item through its chain: the author submits, the editor reviews"""
    a = login(srv.client(), "rysiai@pavb.lt")
    data = {"type": "news", "title": title, "summary": summary, "body": body, "lang": "lt"}
    data.update(extra)
    r = a.post("/staff/pavb/content/new", data)
    eq(r.status, 303, r.text[:800])
    iid = int(re.search(r"/content/(\d+)$", r.header("Location")).group(1))
    eq(a.post(f"/staff/pavb/content/{iid}/transition", {"action": "submit"}).status, 303)
    e = login(srv.client(), "redaktore@pavb.lt")
    eq(e.post(f"/staff/pavb/content/{iid}/transition", {"action": "review_ok", "result": "ok"}).status, 303)
    eq(one(sk, f"SELECT status FROM content_items WHERE id = {iid}"), "approved")
    return iid


def at(t):
    """unix time -> the form's date and time (Vilnius)"""
    d = dt.datetime.fromtimestamp(t, VNO)
    return {"date": d.strftime("%Y-%m-%d"), "time": d.strftime("%H:%M")}


def next_minute(offset=60):
    """a time the form can express (whole minutes), at least `offset` s ahead"""
    t = int(time.time()) + offset
    return t - t % 60 + 60


def drain(sk):
    return sk.cli("job", "drain")


def due_now(sk):
    """as if the clock had reached every scheduled time"""
    sk.write_sql("UPDATE publications SET scheduled_at = scheduled_at - 7200 WHERE status = 'scheduled'")
    sk.write_sql("UPDATE jobs SET run_after = 0 WHERE kind = 'publish' AND status = 'queued'")


@test
def scheduled_on_website_and_facebook_goes_out_once(sk):
    """AC-C4-1: two channel lanes; at the time the newsroom shows it and
    Facebook becomes a "publish now" task; the pasted URL publishes it."""
    srv = world(sk)
    k = login(srv.client(), "koord@pavb.lt")
    add_admin(k, sk, "pavb", "newsroom", "rysiai@pavb.lt")
    add_admin(k, sk, "pavb", "facebook", "smm@pavb.lt")
    iid = approved_news(srv, sk, "Bibliotekoje – naujos skaityklos")
    when = next_minute(120)
    p = login(srv.client(), "rysiai@pavb.lt")
    form = {"channel[]": [str(channel(sk, "pavb", "newsroom")), str(channel(sk, "pavb", "facebook"))]}
    form.update(at(when))
    r = p.post(f"/staff/pavb/content/{iid}/publish", form)
    eq(r.status, 303, r.text[:1500])
    eq(one(sk, f"SELECT status FROM content_items WHERE id = {iid}"), "scheduled")
    eq(one(sk, f"SELECT COUNT(*) FROM publications WHERE item_id = {iid} AND status = 'scheduled' "
               f"AND scheduled_at = {when}"), "2")
    page = p.get(f"/staff/pavb/content/{iid}/publish").text
    check(page.count("Suplanuota") >= 2, "both lanes on the item's page")
    # the content calendar's week shows it in both channel lanes, on its day
    day = dt.datetime.fromtimestamp(when, VNO).date()
    cal = p.get(f"/staff/pavb/content/calendar?view=week&date={day.isoformat()}")
    eq(cal.status, 200)
    lanes = dict(re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', cal.text, re.S))
    names = {code: one(sk, f"SELECT name_lt FROM pub_channels WHERE id = {channel(sk, 'pavb', code)}")
             for code in ("newsroom", "facebook", "instagram")}
    for code in ("newsroom", "facebook"):
        cells = re.findall(r"<td>(.*?)</td>", lanes[names[code]], re.S)
        eq(len(cells), 7)
        eq([("naujos skaityklos" in c) for c in cells], [d == day.weekday() for d in range(7)], code)
    check("naujos skaityklos" not in lanes[names["instagram"]], "not in another lane")
    lst = p.get(f"/staff/pavb/content/calendar?view=list&month={day.strftime('%Y-%m')}")
    check("naujos skaityklos" in lst.text and "cc-move" in lst.text, "the list view with its move forms")
    check("naujos skaityklos" in p.get(f"/staff/pavb/content/calendar?view=month&month={day.strftime('%Y-%m')}").text)
    # not yet: the jobs are not due, the newsroom and the feed do not show it
    drain(sk)
    anon = srv.client()
    check("naujos skaityklos" not in anon.get("/pavb/news").text, "shown before its time")
    eq(len(feedparser.parse(anon.get("/pavb/news.rss").body).entries), 0)
    # the time comes; two workers at once publish it once
    due_now(sk)
    outs = []
    ts = [threading.Thread(target=lambda: outs.append(drain(sk))) for _ in range(2)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    eq(one(sk, f"SELECT status FROM content_items WHERE id = {iid}"), "published")
    eq(one(sk, f"SELECT COUNT(*) FROM audit_log WHERE action = 'publication.run'"), "2", "one run per publication")
    rows = sk.sql(f"SELECT c.code, p.status FROM publications p JOIN pub_channels c ON c.id = p.channel_id "
                  f"WHERE p.item_id = {iid} ORDER BY c.code")
    eq([tuple(x) for x in rows], [("facebook", "due"), ("newsroom", "published")])
    t = anon.get("/pavb/news").text
    eq(t.count("Bibliotekoje – naujos skaityklos"), 1)
    slug = one(sk, f"SELECT slug FROM content_items WHERE id = {iid}")
    item = anon.get(f"/pavb/news/{slug}")
    eq(item.status, 200)
    check("<strong>svarbus</strong>" in item.text, "the body is rendered")
    # the Facebook lane is a task for the owner, once
    tasks = sk.sql("SELECT t.title, u.email FROM tasks t JOIN users u ON u.id = t.assignee_id "
                   "WHERE t.related_type = 'publication'")
    eq(len(tasks), 1, repr(tasks))
    check("Facebook" in tasks[0][0] and tasks[0][1] == "rysiai@pavb.lt", repr(tasks))
    # a re-run of the finished jobs changes nothing
    for (jid,) in sk.sql("SELECT id FROM jobs WHERE kind = 'publish'"):
        sk.cli("job", "run", str(jid))
    eq(one(sk, f"SELECT COUNT(*) FROM tasks WHERE related_type = 'publication'"), "1")
    eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'publication.run'"), "2")
    # pasting the post's address publishes the lane, with the time and the user
    fb = one(sk, f"SELECT p.id FROM publications p JOIN pub_channels c ON c.id = p.channel_id "
                 f"WHERE p.item_id = {iid} AND c.code = 'facebook'")
    r = p.post(f"/staff/pavb/publications/{fb}/published", {"url": "javascript:alert(1)"})
    eq(r.status, 422)
    check('id="e-url"' in r.text or "https://" in r.text, "a field error for the address")
    r = p.post(f"/staff/pavb/publications/{fb}/published",
               {"url": "https://www.facebook.com/pavbiblioteka/posts/123"})
    eq(r.status, 303, r.text[:500])
    row = sk.sql(f"SELECT p.status, u.email, CASE WHEN p.published_at > 0 THEN 1 ELSE 0 END, p.external_url FROM publications p "
                 f"JOIN users u ON u.id = p.published_by WHERE p.id = {fb}")[0]
    eq(tuple(row), ("published", "rysiai@pavb.lt", "1", "https://www.facebook.com/pavbiblioteka/posts/123"))
    eq(one(sk, "SELECT status FROM tasks WHERE related_type = 'publication'"), "done")


@test
def feeds_show_only_what_is_out(sk):
    """AC-C4-2: RSS 2.0 with RFC 822 dates, Atom, JSON Feed with ISO 8601
    and the Vilnius offset; embargoed, withdrawn and unpublished items
    are absent."""
    srv = world(sk)
    k = login(srv.client(), "koord@pavb.lt")
    add_admin(k, sk, "pavb", "newsroom", "rysiai@pavb.lt")
    p = login(srv.client(), "rysiai@pavb.lt")
    nr = str(channel(sk, "pavb", "newsroom"))
    shown = approved_news(srv, sk, "Vasaros skaitymų pradžia", summary="Prasideda vasaros skaitymai.")
    gone = approved_news(srv, sk, "Atšaukta žinia")
    later = approved_news(srv, sk, "Embarguota žinia", embargo_at=dt.datetime.fromtimestamp(
        next_minute(7200), VNO).strftime("%Y-%m-%dT%H:%M"))
    draft = login(srv.client(), "rysiai@pavb.lt").post("/staff/pavb/content/new", {
        "type": "news", "title": "Juodraštis", "body": "x", "lang": "lt"})
    eq(draft.status, 303)
    for iid in (shown, gone):
        f = {"channel[]": nr}
        f.update(at(next_minute(120)))
        eq(p.post(f"/staff/pavb/content/{iid}/publish", f).status, 303)
    # the embargoed one cannot be scheduled before its embargo
    f = {"channel[]": nr}
    f.update(at(next_minute(120)))
    r = p.post(f"/staff/pavb/content/{later}/publish", f)
    eq(r.status, 422)
    check('id="e-scheduled_at"' in r.text and "embarg" in r.text, "the embargo is named")
    eq(one(sk, f"SELECT COUNT(*) FROM publications WHERE item_id = {later}"), "0", "nothing stored")
    due_now(sk)
    drain(sk)
    eq(p.post(f"/staff/pavb/content/{gone}/withdraw", {"reason": ""}).status, 422)
    eq(p.post(f"/staff/pavb/content/{gone}/withdraw", {"reason": "Klaidinga informacija"}).status, 303)
    anon = srv.client()
    rss = anon.get("/pavb/news.rss")
    eq(rss.header("Content-Type").split(";")[0], "application/rss+xml")
    f = feedparser.parse(rss.body)
    eq(f.bozo, 0, repr(f.get("bozo_exception")))
    eq(f.version, "rss20")
    eq([e.title for e in f.entries], ["Vasaros skaitymų pradžia"])
    e = f.entries[0]
    check(re.fullmatch(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000", e.published), e.published)
    slug = one(sk, f"SELECT slug FROM content_items WHERE id = {shown}")
    check(e.link.endswith(f"/pavb/news/{slug}"), e.link)
    eq(e.summary, "Prasideda vasaros skaitymai.")
    atom = feedparser.parse(anon.get("/pavb/news.atom").body)
    eq(atom.bozo, 0)
    eq(atom.version, "atom10")
    eq([x.title for x in atom.entries], ["Vasaros skaitymų pradžia"])
    j = anon.get("/pavb/news.json")
    eq(j.header("Content-Type").split(";")[0], "application/feed+json")
    feed = j.json()
    eq(feed["version"], "https://jsonfeed.org/version/1.1")
    eq([x["title"] for x in feed["items"]], ["Vasaros skaitymų pradžia"])
    d = feed["items"][0]["date_published"]
    check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", d), d)
    off = dt.datetime.fromisoformat(d).utcoffset()
    eq(off, dt.datetime.fromisoformat(d).astimezone(VNO).utcoffset(), "the Vilnius offset")
    # the withdrawn item is gone from the page too; the list and the item page
    gslug = one(sk, f"SELECT slug FROM content_items WHERE id = {gone}")
    eq(anon.get(f"/pavb/news/{gslug}").status, 404)
    check("Atšaukta žinia" not in anon.get("/pavb/news").text)
    eq(anon.get("/pavb/news/nera-tokios").status, 404)
    # another institution's newsroom is empty
    check("Vasaros skaitymų" not in anon.get("/birzai/news").text)
    eq(len(feedparser.parse(anon.get("/birzai/news.rss").body).entries), 0)
    # a feed larger than 32 kB is served whole (its buffer once had a
    # 32 kB cap, and such a feed failed as a whole)
    long = "Vasaros skaitymai bibliotekoje: knygos, susitikimai ir dirbtuvės vaikams. " * 600
    sk.sql(f"UPDATE content_items SET summary = '{long}' WHERE id = {shown}")
    for path, kind in (("/pavb/news.atom", "atom10"), ("/pavb/news.rss", "rss20")):
        big = anon.get(path)
        eq(big.status, 200, f"{path}: {big.text[:200]}")
        check(len(big.body) > 40000, f"{path}: {len(big.body)} bytes")
        f = feedparser.parse(big.body)
        eq((f.bozo, f.version), (0, kind), path)
        eq(f.entries[0].summary.strip(), long.strip(), f"{path}: the long summary whole")
    # the feed's head is remembered per thread: a renamed institution shows in the next feeds
    sk.sql("UPDATE institutions SET name_lt = 'Panevėžio apskrities viešoji biblioteka' WHERE slug = 'pavb'")
    for _ in range(4):   # every pool thread
        a = feedparser.parse(anon.get("/pavb/news.atom").body)
        eq(a.feed.title, "Panevėžio apskrities viešoji biblioteka: Naujienos", "the renamed feed title")
        r = feedparser.parse(anon.get("/pavb/news.rss").body)
        check(r.feed.title.startswith("Panevėžio apskrities viešoji biblioteka:"), r.feed.title)


@test
def bad_input_is_refused_before_anything_is_stored(sk):
    srv = world(sk)
    k = login(srv.client(), "koord@pavb.lt")
    add_admin(k, sk, "pavb", "newsroom", "rysiai@pavb.lt")
    iid = approved_news(srv, sk, "Teisinga naujiena")
    p = login(srv.client(), "rysiai@pavb.lt")
    nr, fb = str(channel(sk, "pavb", "newsroom")), str(channel(sk, "pavb", "facebook"))
    past = {"channel[]": nr}
    past.update(at(int(time.time()) - 7200))
    r = p.post(f"/staff/pavb/content/{iid}/publish", past)
    eq(r.status, 422)
    check('id="e-scheduled_at"' in r.text, "a schedule in the past")
    f = at(next_minute(300))
    r = p.post(f"/staff/pavb/content/{iid}/publish", f)
    eq(r.status, 422)
    check('id="e-channels"' in r.text, "no channel chosen")
    # AC-C4-6: a channel nobody administers is refused, and named
    f2 = {"channel[]": fb}
    f2.update(at(next_minute(300)))
    r = p.post(f"/staff/pavb/content/{iid}/publish", f2)
    eq(r.status, 422)
    check('id="e-channels"' in r.text and "Facebook" in r.text and "administrat" in r.text, r.text[:300])
    # another institution's channel
    f3 = {"channel[]": str(channel(sk, "birzai", "newsroom"))}
    f3.update(at(next_minute(300)))
    eq(p.post(f"/staff/pavb/content/{iid}/publish", f3).status, 422)
    r = p.post(f"/staff/pavb/content/{iid}/publish", {"channel[]": nr, "date": "2026-13-40", "time": "25:00"})
    eq(r.status, 422)
    eq(one(sk, "SELECT COUNT(*) FROM publications"), "0")
    eq(one(sk, "SELECT COUNT(*) FROM jobs WHERE kind = 'publish'"), "0")
    eq(one(sk, f"SELECT status FROM content_items WHERE id = {iid}"), "approved")
    # a draft cannot be scheduled
    d = p.post("/staff/pavb/content/new", {"type": "news", "title": "Juodraštis", "body": "x", "lang": "lt"})
    did = int(re.search(r"/content/(\d+)$", d.header("Location")).group(1))
    f4 = {"channel[]": nr}
    f4.update(at(next_minute(300)))
    eq(p.post(f"/staff/pavb/content/{did}/publish", f4).status, 422)
    # the API: JSON errors with the field
    h = token(p)
    r = api(srv, h, "POST", f"/api/v1/pavb/content/{iid}/schedule", {"scheduled_at": "rytoj", "channels": ["newsroom"]})
    eq(r.status, 422)
    check("scheduled_at" in r.json()["error"]["fields"], r.text)
    r = api(srv, h, "POST", f"/api/v1/pavb/content/{did}/schedule",
            {"scheduled_at": "2030-01-01T09:00:00+02:00", "channels": ["newsroom"]})
    eq(r.status, 409, r.text)
    r = api(srv, h, "POST", f"/api/v1/pavb/content/{iid}/schedule",
            {"scheduled_at": "2030-01-01T09:00:00+02:00", "channels": ["newsroom"]})
    eq(r.status, 200, r.text)
    pubs = r.json()["publications"]
    eq(len(pubs), 1)
    eq(pubs[0]["scheduled_at"], "2030-01-01T07:00:00Z")
    # a staff member without the permission may look, not schedule
    s = login(srv.client(), "darb@pavb.lt")
    eq(s.post(f"/staff/pavb/content/{iid}/publish", f4).status, 403)


@test
def late_and_failed_publications_alert_the_owner(sk):
    srv = world(sk)
    k = login(srv.client(), "koord@pavb.lt")
    add_admin(k, sk, "pavb", "newsroom", "rysiai@pavb.lt")
    add_admin(k, sk, "pavb", "facebook", "smm@pavb.lt")
    p = login(srv.client(), "rysiai@pavb.lt")
    late = approved_news(srv, sk, "Vėluojanti naujiena")
    failing = approved_news(srv, sk, "Nepavyksianti naujiena")
    for iid, code in ((late, "newsroom"), (failing, "facebook")):
        f = {"channel[]": str(channel(sk, "pavb", code))}
        f.update(at(next_minute(120)))
        eq(p.post(f"/staff/pavb/content/{iid}/publish", f).status, 303)
    # the workers were down for an hour
    sk.write_sql("UPDATE publications SET scheduled_at = scheduled_at - 3600 - 7200")
    sk.write_sql("UPDATE jobs SET run_after = 0 WHERE kind = 'publish'")
    # and the Facebook channel was paused meanwhile
    k.post(f"/staff/pavb/channels/{channel(sk, 'pavb', 'facebook')}", {
        "name": "Facebook", "url": "https://www.facebook.com/pavbiblioteka", "department_id": "0",
        "status": "paused", "audience_size": "9400", "guidelines": ""})
    eq(one(sk, "SELECT status FROM pub_channels WHERE code = 'facebook' AND institution_id = "
               "(SELECT id FROM institutions WHERE slug = 'pavb')"), "paused")
    drain(sk)
    eq(one(sk, f"SELECT status FROM publications WHERE item_id = {late}"), "published")
    eq(one(sk, f"SELECT status || ':' || fail_reason FROM publications WHERE item_id = {failing}"),
       "failed:the channel is not active")
    titles = [t for (t,) in sk.sql("SELECT title FROM tasks WHERE related_type = 'content' ORDER BY id")]
    check(any("Vėluojanti naujiena" in t and "vėluojant" in t.lower() for t in titles), repr(titles))
    check(any("Nepavyksianti naujiena" in t and "nepavyko" in t.lower() for t in titles), repr(titles))
    page = p.get(f"/staff/pavb/content/{failing}/publish").text
    check("the channel is not active" in page, "the reason is visible")
    # moving the failed one schedules it again
    f = at(next_minute(300))
    pid = one(sk, f"SELECT id FROM publications WHERE item_id = {failing}")
    eq(p.post(f"/staff/pavb/publications/{pid}/reschedule", f).status, 303)
    eq(one(sk, f"SELECT status FROM publications WHERE id = {pid}"), "scheduled")


@test
def withdrawal_lists_every_post_to_take_down(sk):
    """C4 workflow 8: the newsroom stops at once; each post elsewhere becomes a task."""
    srv = world(sk)
    k = login(srv.client(), "koord@pavb.lt")
    add_admin(k, sk, "pavb", "newsroom", "rysiai@pavb.lt")
    add_admin(k, sk, "pavb", "facebook", "smm@pavb.lt")
    iid = approved_news(srv, sk, "Nuotrauka be sutikimo")
    p = login(srv.client(), "rysiai@pavb.lt")
    f = {"channel[]": [str(channel(sk, "pavb", "newsroom")), str(channel(sk, "pavb", "facebook"))]}
    f.update(at(next_minute(120)))
    eq(p.post(f"/staff/pavb/content/{iid}/publish", f).status, 303)
    due_now(sk)
    drain(sk)
    fb = one(sk, f"SELECT p.id FROM publications p JOIN pub_channels c ON c.id = p.channel_id "
                 f"WHERE p.item_id = {iid} AND c.code = 'facebook'")
    eq(p.post(f"/staff/pavb/publications/{fb}/published", {"url": "https://www.facebook.com/p/1"}).status, 303)
    slug = one(sk, f"SELECT slug FROM content_items WHERE id = {iid}")
    eq(srv.client().get(f"/pavb/news/{slug}").status, 200)
    eq(p.post(f"/staff/pavb/content/{iid}/withdraw", {"reason": "Asmuo atšaukė sutikimą"}).status, 303)
    eq(srv.client().get(f"/pavb/news/{slug}").status, 404)
    eq(one(sk, f"SELECT COUNT(*) FROM publications WHERE item_id = {iid} AND status = 'withdrawn'"), "2")
    tasks = sk.sql("SELECT title, description FROM tasks WHERE category = 'withdrawal'")
    eq(len(tasks), 1, "one post outside the newsroom")
    check("Facebook" in tasks[0][0] and "Asmuo atšaukė sutikimą" in tasks[0][1], repr(tasks))
    eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'content.withdraw'"), "1")
    eq(p.post(f"/staff/pavb/content/{iid}/withdraw", {"reason": "dar kartą"}).status, 422)


@test
def registry_and_isolation(sk):
    srv = world(sk)
    k = login(srv.client(), "koord@pavb.lt")
    ch = channel(sk, "pavb", "facebook")
    r = k.post(f"/staff/pavb/channels/{ch}", {"name": "", "url": "ftp://x", "status": "gone", "department_id": "0",
                                               "audience_size": "-5", "guidelines": ""})
    eq(r.status, 422)
    for fld in ("name", "status"):
        check(f'id="e-{fld}"' in r.text, f"no field error for {fld}")
    add_admin(k, sk, "pavb", "facebook", "smm@pavb.lt")
    # a person of another institution cannot be an administrator here
    other = one(sk, "SELECT id FROM users WHERE email = 'birzai@birzai.lt'")
    eq(k.post(f"/staff/pavb/channels/{ch}/admins", {"user_id": str(other)}).status, 422)
    eq(one(sk, f"SELECT COUNT(*) FROM pub_channel_admins WHERE channel_id = {ch}"), "1")
    b = login(srv.client(), "birzai@birzai.lt")
    eq(b.get(f"/staff/pavb/channels/{ch}").status, 403)
    eq(b.get(f"/staff/birzai/channels/{ch}").status, 404)
    hb = token(b)
    names = [c["code"] for c in api(srv, hb, "GET", "/api/v1/birzai/channels").json()["channels"]]
    check("newsroom" in names and len(names) == 7, repr(names))
    eq(api(srv, hb, "GET", "/api/v1/pavb/publications").status, 403)
    # the press room shows the contacts of its own institution
    eq(k.post("/staff/pavb/press-contacts", {"name": "Jonas Kazlauskas", "role": "Ryšiai su visuomene",
                                             "email": "ne-adresas", "phone": ""}).status, 422)
    eq(k.post("/staff/pavb/press-contacts", {"name": "Jonas Kazlauskas", "role": "Ryšiai su visuomene",
                                             "email": "rysiai@pavb.lt", "phone": "+370 45 467 890"}).status, 303)
    anon = srv.client()
    check("Jonas Kazlauskas" in anon.get("/pavb/press").text)
    check("Jonas Kazlauskas" not in anon.get("/birzai/press").text)


@test
def demo_channels_and_newsroom(sk):
    """AC-C4-6 on the PAVB demo: the six social/video accounts of D2-7
    plus www.pavb.lt, each with its department and administrators; the
    newsroom archive and its feeds."""
    r = sk.cli("demo")
    srv = sk.server(env={"SKLAIDA_CACHE_MB": "0", "SKLAIDA_WORKERS": "0"})
    rows = sk.sql("SELECT c.kind, c.name_lt, COALESCE(d.name_lt, ''), "
                  "(SELECT COUNT(*) FROM pub_channel_admins a WHERE a.channel_id = c.id), c.url "
                  "FROM pub_channels c JOIN institutions i ON i.id = c.institution_id "
                  "LEFT JOIN departments d ON d.id = c.department_id "
                  "WHERE i.slug = 'pavb' AND c.kind IN ('facebook', 'instagram', 'youtube', 'website') ORDER BY c.id")
    social = [x for x in rows if x[0] != "website"]
    eq(sorted(x[0] for x in social), ["facebook", "facebook", "facebook", "instagram", "instagram", "youtube"])
    check(any("Atviros jaunimo erdvės" in x[1] and x[0] == "instagram" for x in social), repr(social))
    check(any("Kultūros edukacijos ir literatūros skyrius" in x[2] for x in social), repr(social))
    web = [x for x in rows if x[0] == "website"]
    eq(len(web), 1)
    eq(web[0][4], "https://www.pavb.lt")
    for x in rows:
        check(x[2] != "" and int(x[3]) >= 1, f"{x[1]}: department and administrator")
    check(int(one(sk, "SELECT COUNT(*) FROM content_items WHERE newsroom_at > 0")) >= 2000)
    anon = srv.client()
    t = anon.get("/pavb/news")
    eq(t.status, 200)
    eq(t.text.count('class="news-item"'), 20)
    check('rel="next"' in t.text)
    f = feedparser.parse(anon.get("/pavb/news.atom").body)
    eq(f.bozo, 0)
    eq(len(f.entries), 50)
    dates = [e.published_parsed for e in f.entries]
    eq(dates, sorted(dates, reverse=True), "newest first")
    eq(anon.get("/pavb/press").status, 200)
    check("Jonas Kazlauskas" in anon.get("/pavb/press").text)


if __name__ == "__main__":
    run()

"""Content items and the editorial workflow (C3): items of every type, the
press-release template with its placeholders, a version per save and the
word diff between any two, the approval chains (press release: language
review and the head; social post: none unless flagged) checked on every
step, the embargo at publication, comments with @mentions as tasks,
channel variants within the platforms' limits, Markdown rendered without
raw HTML or script links, the search index, the JSON API and isolation
between institutions. Checked against the database and the audit log."""
import json
import re
import urllib.parse

from sk import test, run, check, eq, Fail, login, one

PW = "correct horse battery"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("autore@pavb.lt", "Aušra Autorė", inst="pavb", roles=["PR"])
    sk.add_user("redaktore@pavb.lt", "Rūta Redaktorė", inst="pavb", roles=["EDITOR"])
    sk.add_user("vadove@pavb.lt", "Vilma Vadovė", inst="pavb", roles=["HEAD"])
    sk.add_user("smm@pavb.lt", "Jonas Žemaitis", inst="pavb", roles=["SMM"])
    sk.add_user("darb@pavb.lt", "Darbuotoja Laima", inst="pavb", roles=["STAFF"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    sk.write_sql("UPDATE institutions SET description_lt = 'Biblioteka – seniausia apskrities kultūros įstaiga.', "
                 "phone = '+370 45 000000' WHERE slug = 'pavb'")
    return sk.server()


def uid(sk, mail):
    return int(one(sk, f"SELECT id FROM users WHERE email = '{mail}'"))


def token(c):
    r = c.post("/profile/tokens", {"token_name": "testai"})
    check(r.status in (200, 201), r.text[:300])
    return {"Authorization": "Bearer " + re.search(r'readonly value="(sk_[^"]+)"', r.text).group(1)}


def api(srv, h, method, path, body=None):
    c = srv.client()
    return c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h,
                     ctype="application/json" if body is not None else None)


def create(c, **kw):
    data = {"type": "news", "title": "Naujiena", "body": "Tekstas.", "lang": "lt"}
    data.update(kw)
    r = c.post("/staff/pavb/content/new", data)
    eq(r.status, 303, r.text[:800])
    return int(re.search(r"/content/(\d+)$", r.header("Location")).group(1))


def item_form(srv, h, iid):
    """the stored fields, through the API (sk.sql splits multi-line text)"""
    j = api(srv, h, "GET", f"/api/v1/pavb/content/{iid}").json()
    return {k: j[k] for k in ("type", "title", "summary", "body", "lang")}


def step(c, iid, action, **kw):
    d = {"action": action}
    d.update(kw)
    return c.post(f"/staff/pavb/content/{iid}/transition", d)


def status(sk, iid):
    return one(sk, f"SELECT status FROM content_items WHERE id = {iid}")


def make_event(sk, c):
    r = c.post("/staff/pavb/events/new", {"title": "Knygų Kalėdos 2026", "type": "exhibition",
                                          "summary": "Šventinė knygų mugė.", "start_date": "2026-12-18",
                                          "start_time": "17:30", "end_date": "2026-12-18", "end_time": "19:00",
                                          "audience": "Šeimos"})
    eq(r.status, 303, r.text[:500])
    return int(re.search(r"/events/(\d+)$", r.header("Location")).group(1))


@test
def press_release_from_template_through_the_whole_chain(sk):
    """AC-C3-1, AC-C3-4: template with the boilerplate, versions, diff, language review and the head."""
    srv = world(sk)
    sk.add_user("renginiai@pavb.lt", "Renginių Ona", inst="pavb", roles=["EVENT"])
    ev = make_event(sk, login(srv.client(), "renginiai@pavb.lt"))
    a = login(srv.client(), "autore@pavb.lt")
    tpl = one(sk, "SELECT id FROM content_templates WHERE type = 'press_release'")
    f = a.get(f"/staff/pavb/content/new?template={tpl}&event={ev}")
    eq(f.status, 200)
    check("{{institution.about}}" in f.text, "the template's body is not in the form")
    body = re.search(r'<textarea id="f-body"[^>]*>(.*?)</textarea>', f.text, re.S).group(1)
    body = body.replace("&quot;", '"').replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    iid = create(a, type="press_release", title="{{event.title}}", summary="Kviečiame į mugę.", body=body,
                 event_id=str(ev))
    ha = token(a)
    row = item_form(srv, ha, iid)
    eq(row["title"], "Knygų Kalėdos 2026", "event title placeholder")
    check("Biblioteka – seniausia apskrities kultūros įstaiga." in row["body"], repr(row["body"]))
    check("Biblioteka – seniausia apskrities kultūros įstaiga." in row["body"], "institution boilerplate missing")
    check("Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka" in row["body"], "institution name")
    check("autore@pavb.lt" in row["body"] and "+370 45 000000" in row["body"], "contacts not filled")
    check("{{" not in row["body"], "a placeholder left over")
    # two more saves -> versions 2 and 3
    row["body"] = row["body"].replace("Pirmoji pastraipa", "Gruodžio 18 d. biblioteka kviečia į knygų mugę")
    eq(a.post(f"/staff/pavb/content/{iid}/edit", row).status, 303)
    row["summary"] = "Kviečiame į šventinę knygų mugę."
    eq(a.post(f"/staff/pavb/content/{iid}/edit", row).status, 303)
    eq(sk.sql(f"SELECT version FROM content_versions WHERE item_id = {iid} ORDER BY version"), [["1"], ["2"], ["3"]])
    eq(one(sk, f"SELECT version FROM content_items WHERE id = {iid}"), "3")
    d = a.get(f"/staff/pavb/content/{iid}/diff?from=1&to=2")
    eq(d.status, 200)
    check("<del>Pirmoji</del>" in d.text or re.search(r"<del>[^<]*Pirmoji", d.text), "deleted words not marked")
    check(re.search(r"<ins>[^<]*Gruodžio 18 d\. biblioteka kviečia", d.text), re.findall(r"<(?:ins|del)>[^<]*</(?:ins|del)>", d.text))
    d13 = a.get(f"/staff/pavb/content/{iid}/diff?from=1&to=3").text
    check(re.search(r"<ins>[^<]*šventinę", d13), "summary change between 1 and 3 not shown")
    eq(a.get(f"/staff/pavb/content/{iid}/diff?from=1&to=9").status, 404)
    # schedule before approval: refused with the reason
    r = step(a, iid, "schedule")
    eq(r.status, 409)
    check("Only an approved item can be scheduled" in r.text or "Suplanuoti galima tik patvirtintą" in r.text, r.text[:200])
    # submit -> language review
    eq(step(a, iid, "submit").status, 303)
    eq(status(sk, iid), "language_review")
    # the author cannot pass the review nor edit
    eq(step(a, iid, "review_ok", result="ok").status, 403)
    eq(a.post(f"/staff/pavb/content/{iid}/edit", row).status, 409)
    e = login(srv.client(), "redaktore@pavb.lt")
    # the editor edits during review (version 4) and passes it with changes made
    row["body"] = row["body"].replace("Antroji pastraipa", "Antrojoje pastraipoje")
    eq(e.post(f"/staff/pavb/content/{iid}/edit", row).status, 303)
    eq(one(sk, f"SELECT saved_by FROM content_versions WHERE item_id = {iid} AND version = 4"),
       str(uid(sk, "redaktore@pavb.lt")))
    eq(step(e, iid, "review_ok", result="changes_made", comment="Pataisiau kabutes.").status, 303)
    eq(status(sk, iid), "approval")
    eq(e.post(f"/staff/pavb/content/{iid}/edit", row).status, 409, "editable while awaiting approval")
    # nobody but the head approves
    eq(step(e, iid, "approve").status, 403)
    eq(step(a, iid, "schedule").status, 409)
    h = login(srv.client(), "vadove@pavb.lt")
    eq(step(h, iid, "approve", comment="Gerai.").status, 303)
    eq(status(sk, iid), "approved")
    eq(one(sk, f"SELECT approved_by FROM content_items WHERE id = {iid}"), str(uid(sk, "vadove@pavb.lt")))
    # scheduling needs a time
    r = step(a, iid, "schedule")
    eq(r.status, 409)
    check("Set the time of publication first" in r.text or "publikavimo laiką" in r.text, r.text[:300])
    steps = sk.sql(f"SELECT action, from_status, to_status, result, user_id FROM content_transitions "
                   f"WHERE item_id = {iid} ORDER BY id")
    eq([s[:4] for s in steps], [["submit", "draft", "language_review", ""],
                                ["review_ok", "language_review", "approval", "changes_made"],
                                ["approve", "approval", "approved", ""]])
    acts = [x[0] for x in sk.sql(f"SELECT action FROM audit_log WHERE entity = 'content_items' AND entity_id = {iid} "
                                 "ORDER BY id")]
    eq(acts, ["content.create", "content.update", "content.update", "content.submit", "content.update",
              "content.review_ok", "content.approve"])
    page = a.get(f"/staff/pavb/content/{iid}").text
    check("Pataisiau kabutes." in page and "Vilma Vadovė" in page, "history not shown")


@test
def returning_to_draft_needs_a_reason_and_resets_the_chain(sk):
    srv = world(sk)
    a = login(srv.client(), "autore@pavb.lt")
    e = login(srv.client(), "redaktore@pavb.lt")
    h = login(srv.client(), "vadove@pavb.lt")
    iid = create(a, type="press_release", title="Metų skaitytojas")
    eq(step(a, iid, "submit").status, 303)
    eq(step(e, iid, "review_ok", result="ok").status, 303)
    r = step(h, iid, "return", comment="")
    eq(r.status, 422)
    eq(status(sk, iid), "approval")
    eq(step(h, iid, "return", comment="Trūksta citatos.").status, 303)
    eq(status(sk, iid), "draft")
    eq(one(sk, f"SELECT COUNT(*) FROM content_items WHERE id = {iid} AND review_result = '' AND approved_by = 0"), "1")
    # each step told the next person: a task (X4)
    tasks = sk.sql(f"SELECT assignee_id, title FROM tasks WHERE related_type = 'content' AND related_id = {iid} ORDER BY id")
    eq([int(t[0]) for t in tasks], [uid(sk, "redaktore@pavb.lt"), uid(sk, "vadove@pavb.lt"), uid(sk, "autore@pavb.lt")])
    check("Metų skaitytojas" in tasks[2][1], tasks)
    check("Trūksta citatos." in one(sk, f"SELECT description FROM tasks WHERE assignee_id = {uid(sk, 'autore@pavb.lt')}"),
          "the reason is not in the author's task")
    eq(one(sk, f"SELECT comment FROM content_transitions WHERE item_id = {iid} AND action = 'return'"),
       "Trūksta citatos.")
    # again from the start: language review first, the head cannot skip it
    eq(step(a, iid, "submit").status, 303)
    eq(status(sk, iid), "language_review")
    eq(step(h, iid, "approve").status, 409)
    # unknown steps and steps from the wrong state are refused, nothing changes
    eq(step(a, iid, "publish").status, 422)
    eq(step(a, iid, "archive").status, 409)
    eq(status(sk, iid), "language_review")


@test
def social_posts_self_approved_unless_flagged_and_chains_are_data(sk):
    srv = world(sk)
    s = login(srv.client(), "smm@pavb.lt")
    iid = create(s, type="social_post", title="Savaitgalio kino klubas", body="Šeštadienį – kino klubas!")
    eq(step(s, iid, "submit").status, 303)
    eq(status(sk, iid), "approved")
    flagged = create(s, type="social_post", title="Atsakymas dėl remonto", body="Dėl remonto...", flagged="1")
    eq(step(s, flagged, "submit").status, 303)
    eq(status(sk, flagged), "language_review")
    # a news item needs language review only (default data)
    news = create(s, type="news", title="Nauja paslauga")
    eq(step(s, news, "submit").status, 303)
    eq(status(sk, news), "language_review")
    e = login(srv.client(), "redaktore@pavb.lt")
    eq(step(e, news, "review_ok", result="ok").status, 303)
    eq(status(sk, news), "approved")
    # the institution's own chain: news now also needs the head
    hh = token(login(srv.client(), "vadove@pavb.lt"))
    r = api(srv, hh, "POST", "/api/v1/pavb/content/chains", {"type": "news", "needs_review": False,
                                                              "needs_approval": True})
    eq(r.status, 200, r.text[:300])
    eq(one(sk, "SELECT needs_review || ',' || needs_approval FROM content_chains WHERE type_code = 'news'"), "0,1")
    n2 = create(s, type="news", title="Dar viena naujiena")
    eq(step(s, n2, "submit").status, 303)
    eq(status(sk, n2), "approval")
    # the page: the head changes the chain of announcements; others only see it
    h = login(srv.client(), "vadove@pavb.lt")
    p = h.get("/staff/pavb/content/chains")
    eq(p.status, 200)
    check('id="ch-press_release-r" checked' in p.text and 'id="ch-social_post-r">' in p.text, "defaults not shown")
    eq(h.post("/staff/pavb/content/chains", {"type": "announcement"}).status, 303)
    eq(one(sk, "SELECT needs_review || ',' || needs_approval FROM content_chains WHERE type_code = 'announcement'"), "0,0")
    eq(h.post("/staff/pavb/content/chains", {"type": "recipe", "needs_review": "1"}).status, 422)
    eq(s.get("/staff/pavb/content/chains").status, 200)
    check('name="needs_review"' not in s.get("/staff/pavb/content/chains").text, "the SMM is offered the change")
    eq(s.post("/staff/pavb/content/chains", {"type": "announcement", "needs_review": "1"}).status, 403)
    ann = create(s, type="announcement", title="Skelbimas be peržiūros")
    eq(step(s, ann, "submit").status, 303)
    eq(status(sk, ann), "approved")
    # only the head may change chains
    hs = token(s)
    eq(api(srv, hs, "POST", "/api/v1/pavb/content/chains", {"type": "news", "needs_review": True,
                                                             "needs_approval": True}).status, 403)


@test
def embargo_and_publication(sk):
    """AC-C3-5 as far as the item is concerned: content_publish refuses before the embargo."""
    srv = world(sk)
    s = login(srv.client(), "smm@pavb.lt")
    iid = create(s, type="social_post", title="Embarguota žinia", embargo_at="2026-11-30T10:00",
                 scheduled_at="2026-11-30T10:00")
    eq(one(sk, f"SELECT embargo_at FROM content_items WHERE id = {iid}"), "1796025600")  # 08:00 UTC
    r = sk.cli("content", "publish", "pavb", str(iid), "--at", "2026-11-30T09:59", check_rc=False)
    eq(r.returncode, 3, "a draft was published")
    eq(step(s, iid, "submit").status, 303)
    eq(step(s, iid, "schedule").status, 303)
    eq(status(sk, iid), "scheduled")
    r = sk.cli("content", "publish", "pavb", str(iid), "--at", "2026-11-30T09:59", check_rc=False)
    eq(r.returncode, 3, "published before the embargo")
    eq(status(sk, iid), "scheduled")
    r = sk.cli("content", "publish", "pavb", str(iid), "--at", "2026-11-30T10:00", check_rc=False)
    eq(r.returncode, 0, r.stderr)
    eq(status(sk, iid), "published")
    eq(one(sk, f"SELECT published_at FROM content_items WHERE id = {iid}"), "1796025600")
    eq(sk.cli("content", "publish", "pavb", str(iid), check_rc=False).returncode, 3, "published twice")
    eq(step(s, iid, "archive").status, 303)
    eq(status(sk, iid), "archived")
    # the schedule cannot precede the embargo
    r = s.post("/staff/pavb/content/new", {"type": "news", "title": "Per anksti", "embargo_at": "2026-11-30T10:00",
                                           "scheduled_at": "2026-11-30T09:00"})
    eq(r.status, 422)
    check('id="e-scheduled_at"' in r.text, "no field error on the schedule")


@test
def markdown_is_rendered_without_raw_html_or_script_links(sk):
    srv = world(sk)
    a = login(srv.client(), "autore@pavb.lt")
    body = ("## Programa\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
            "Spauskite [čia](javascript:alert(1)) arba [ČIA](JaVaScRiPt:alert(2)) ar [tab](java&#x09;script:alert(3)).\n\n"
            "![vaizdas](javascript:alert(4))\n\n[Svetainė](https://www.pavb.lt/renginiai) ir [laiškas](mailto:info@pavb.lt)"
            " ir <a href=\"javascript:alert(5)\">nuoroda</a>\n\n**Svarbu**")
    iid = create(a, body=body)
    page = a.get(f"/staff/pavb/content/{iid}").text
    prev = re.search(r'<article class="content-preview".*?</article>', page, re.S).group(0)
    check("<script" not in prev.lower(), "a script element was rendered")
    check("<img src=x" not in prev and "onerror=alert" not in prev.replace("&lt;img src=x onerror=alert", ""),
          "raw img rendered")
    check("&lt;script&gt;" in prev, "raw HTML is not shown as text")
    check("javascript:" not in re.sub(r"&lt;.*?&gt;", "", prev).lower().replace("java&amp;#x09;script", ""),
          f"a javascript: link survived: {prev}")
    for m in re.finditer(r'(?:href|src)="([^"]*)"', prev):
        check(m.group(1) in ("#", "https://www.pavb.lt/renginiai", "mailto:info@pavb.lt"), f"unexpected target {m.group(1)}")
    check('<a href="https://www.pavb.lt/renginiai">Svetainė</a>' in prev, "a good link was lost")
    check("<h2>Programa</h2>" in prev and "<strong>Svarbu</strong>" in prev, "markdown not rendered")
    # the API gives the same safe HTML
    hd = token(a)
    j = api(srv, hd, "GET", f"/api/v1/pavb/content/{iid}").json()
    check("<script" not in j["body_html"] and 'href="javascript' not in j["body_html"].lower(), j["body_html"])


@test
def long_texts_render_and_compare_to_their_end(sk):
    """a 150 KB body: the preview, the placeholders and the diff reach the last paragraph"""
    srv = world(sk)
    sk.write_sql("UPDATE institutions SET description_lt = '" + "Apie biblioteką. " * 40 + "PABAIGA' WHERE slug = 'pavb'")
    a = login(srv.client(), "autore@pavb.lt")
    hd = token(a)
    para = "Bibliotekos **renginiai** ir [nuoroda](https://www.pavb.lt/) kiekvieną savaitę. " * 10
    body = "\n\n".join([para] * 180) + "\n\n{{institution.about}}\n\nPaskutinė pastraipa."
    check(140_000 < len(body.encode()) < 200_000, len(body.encode()))
    r = api(srv, hd, "POST", "/api/v1/pavb/content", {"type": "news", "title": "Ilgas", "body": body})
    eq(r.status, 201, r.text[:300])
    j = r.json()
    check(j["body"].endswith("PABAIGA\n\nPaskutinė pastraipa."), j["body"][-200:])
    check(j["body_html"].rstrip().endswith("<p>Paskutinė pastraipa.</p>"), j["body_html"][-200:])
    page = a.get(f"/staff/pavb/content/{j['id']}").text
    check("<p>Paskutinė pastraipa.</p>" in page, "the preview is cut short")
    r = api(srv, hd, "POST", f"/api/v1/pavb/content/{j['id']}",
            {"type": "news", "title": "Ilgas", "body": j["body"].replace("Paskutinė pastraipa.", "Tikrai paskutinė.")})
    eq(r.status, 200, r.text[:300])
    d = api(srv, hd, "GET", f"/api/v1/pavb/content/{j['id']}/diff").json()
    check(d["html"].endswith("<del>Paskutinė pastraipa</del><ins>Tikrai paskutinė</ins>."), d["html"][-200:])
    # a browser's CR LF is stored as LF
    r = a.post("/staff/pavb/content/new", {"type": "news", "title": "Eilutės", "body": "Viena\r\n\r\nDvi"})
    iid = int(re.search(r"/content/(\d+)$", r.header("Location")).group(1))
    eq(api(srv, hd, "GET", f"/api/v1/pavb/content/{iid}").json()["body"], "Viena\n\nDvi")


@test
def tracked_changes_are_accepted_or_rejected_one_by_one(sk):
    """AC-C3-4: the editor's changes, each accepted or rejected by the author"""
    srv = world(sk)
    a = login(srv.client(), "autore@pavb.lt")
    e = login(srv.client(), "redaktore@pavb.lt")
    iid = create(a, title="Skaitymų vakaras", summary="Kviečiame.", body="Vakare skaitysime \"Anykščių šilelį\". Pradžia 18 val.")
    eq(step(a, iid, "submit").status, 303)
    he = token(e)
    r = api(srv, he, "POST", f"/api/v1/pavb/content/{iid}",
            {"type": "news", "title": "Skaitymų vakaras", "summary": "Kviečiame visus.",
             "body": "Vakare skaitysime „Anykščių šilelį“. Pradžia 18\u00a0val."})
    eq(r.status, 200, r.text[:300])
    eq(step(e, iid, "return", comment="Pažiūrėkite mano pataisymus.").status, 303)
    p = a.get(f"/staff/pavb/content/{iid}/diff?from=1&to=2")
    eq(p.status, 200)
    boxes = re.findall(r'name="reject" value="([tsb]\d+)"', p.text)
    eq(boxes, ["s1", "b1", "b2", "b3"])
    # keep the quotes, reject the no-break space and the summary change
    r = a.post(f"/staff/pavb/content/{iid}/merge", {"from": "1", "to": "2", "reject": "b3"})
    eq(r.status, 303, r.text[:300])
    ha = token(a)
    j = api(srv, ha, "GET", f"/api/v1/pavb/content/{iid}").json()
    eq(j["version"], 3)
    eq(j["body"], "Vakare skaitysime „Anykščių šilelį“. Pradžia 18 val.")
    eq(j["summary"], "Kviečiame visus.")
    # the author changes her mind about the space: from version 3 to 2 the only change is it
    r = api(srv, ha, "POST", f"/api/v1/pavb/content/{iid}/merge", {"from": 3, "to": 2, "reject": []})
    eq(r.status, 200, r.text[:300])
    j = r.json()
    eq((j["version"], j["summary"], j["body"]), (4, "Kviečiame visus.", "Vakare skaitysime „Anykščių šilelį“. Pradžia 18\u00a0val."))
    eq(api(srv, ha, "POST", f"/api/v1/pavb/content/{iid}/merge", {"from": 2, "to": 2}).status, 422)
    # not while it waits for approval
    eq(step(a, iid, "submit").status, 303)
    eq(step(e, iid, "review_ok", result="ok").status, 303)
    eq(api(srv, ha, "POST", f"/api/v1/pavb/content/{iid}/merge", {"from": 1, "to": 2}).status, 409)
    eq(one(sk, f"SELECT version FROM content_items WHERE id = {iid}"), "4")


@test
def diff_is_word_level_and_escaped(sk):
    srv = world(sk)
    a = login(srv.client(), "autore@pavb.lt")
    hd = token(a)
    r = api(srv, hd, "POST", "/api/v1/pavb/content", {"type": "news", "title": "Vasaros skaitymai",
                                                       "body": "Vaikai skaito <b>knygas</b> vasarą.\nAntra eilutė."})
    eq(r.status, 201, r.text[:300])
    iid = r.json()["id"]
    r = api(srv, hd, "POST", f"/api/v1/pavb/content/{iid}", {"type": "news", "title": "Vasaros skaitymai",
                                                              "body": "Vaikai skaito <i>komiksus</i> vasarą.\nAntra eilutė."})
    eq(r.status, 200, r.text[:300])
    eq(r.json()["version"], 2)
    d = api(srv, hd, "GET", f"/api/v1/pavb/content/{iid}/diff?from=1&to=2").json()
    eq(d["html"], "Vaikai skaito &lt;<del>b</del><ins>i</ins>&gt;<del>knygas</del><ins>komiksus</ins>&lt;/"
                  "<del>b</del><ins>i</ins>&gt; vasarą.\nAntra eilutė.")
    eq(d["changes"], 6)
    eq(api(srv, hd, "GET", f"/api/v1/pavb/content/{iid}/diff?from=2&to=2").json()["changes"], 0)
    eq(api(srv, hd, "GET", f"/api/v1/pavb/content/{iid}/diff?from=0&to=2").status, 422)


@test
def bad_input_gives_field_errors_and_stores_nothing(sk):
    srv = world(sk)
    a = login(srv.client(), "autore@pavb.lt")
    big = "Ilgas tekstas. " * 14000   # 210 000 bytes
    r = a.post("/staff/pavb/content/new", {"type": "news", "title": "Per ilgas", "body": big})
    eq(r.status, 422)
    check('id="e-body"' in r.text and ("200 KB" in r.text), "no field error for the body size")
    r = a.post("/staff/pavb/content/new", {"type": "news", "title": "Šablonas", "body": "Sveiki, {{vardas}}!"})
    eq(r.status, 422)
    check("{{vardas}}" in r.text and 'id="e-body"' in r.text, "unknown placeholder not named")
    r = a.post("/staff/pavb/content/new", {"type": "news", "title": "{{event.title}}", "body": "x"})
    eq(r.status, 422)
    check('id="e-title"' in r.text, "event placeholder without an event")
    r = a.post("/staff/pavb/content/new", {"type": "recipe", "title": "Blogas tipas"})
    eq(r.status, 422)
    r = a.post("/staff/pavb/content/new", {"type": "news", "title": "Blogas įvykis", "event_id": "999999"})
    eq(r.status, 422)
    eq(one(sk, "SELECT COUNT(*) FROM content_items"), "0")
    eq(one(sk, "SELECT COUNT(*) FROM content_versions"), "0")
    hd = token(a)
    r = api(srv, hd, "POST", "/api/v1/pavb/content", {"type": "news", "title": "x", "body": "{{nežinomas}}"})
    eq(r.status, 422)
    check("{{nežinomas}}" in r.json()["error"]["fields"]["body"], r.text)
    r = api(srv, hd, "POST", "/api/v1/pavb/content/templates", {"type": "news", "name": "Blogas",
                                                                 "body": "{{institution}} {{klaida}}"})
    eq(r.status, 422)
    check("{{klaida}}" in r.json()["error"]["fields"]["body"], r.text)
    eq(one(sk, "SELECT COUNT(*) FROM content_templates"), "1")
    r = api(srv, hd, "POST", "/api/v1/pavb/content/templates", {"type": "news", "name": "Naujiena",
                                                                 "body": "{{institution}} praneša."})
    eq(r.status, 201, r.text)
    # channel variants over the platforms' limits
    iid = create(a, type="social_post", title="Įrašas")
    r = api(srv, hd, "POST", f"/api/v1/pavb/content/{iid}/variants",
            {"channel": "instagram", "text": "ą" * 2201, "image_url": "https://www.pavb.lt/a.jpg"})
    eq(r.status, 422)
    check("2200" in r.json()["error"]["fields"]["text"], r.text)
    tags = " ".join(f"#zyma{i}" for i in range(31))
    r = api(srv, hd, "POST", f"/api/v1/pavb/content/{iid}/variants",
            {"channel": "instagram", "text": "Skaitome!", "hashtags": tags, "image_url": "https://www.pavb.lt/a.jpg"})
    eq(r.status, 422)
    check("30" in r.json()["error"]["fields"]["hashtags"], r.text)
    r = api(srv, hd, "POST", f"/api/v1/pavb/content/{iid}/variants", {"channel": "facebook", "text": "x" * 63207})
    eq(r.status, 422)
    r = api(srv, hd, "POST", f"/api/v1/pavb/content/{iid}/variants",
            {"channel": "facebook", "text": "Gerai", "link": "javascript:alert(1)"})
    eq(r.status, 422)
    eq(one(sk, "SELECT COUNT(*) FROM content_variants"), "0")
    # at the limits: stored
    r = api(srv, hd, "POST", f"/api/v1/pavb/content/{iid}/variants",
            {"channel": "instagram", "text": "ą" * 1900, "hashtags": " ".join(f"#z{i}" for i in range(30)),
             "image_url": "https://www.pavb.lt/a.jpg"})
    eq(r.status, 200, r.text[:300])
    r = api(srv, hd, "POST", f"/api/v1/pavb/content/{iid}/variants", {"channel": "facebook", "text": "x" * 63206})
    eq(r.status, 200, r.text[:300])
    eq(one(sk, "SELECT COUNT(*) FROM content_variants"), "2")
    # the page shows the error on the failing channel's form
    ig = one(sk, "SELECT id FROM pub_channels WHERE code = 'instagram' AND institution_id = "
                 "(SELECT id FROM institutions WHERE slug = 'pavb')")
    r = a.post(f"/staff/pavb/content/{iid}/variants", {"channel_id": ig, "text": "ą" * 2300,
                                                        "image_url": "https://www.pavb.lt/a.jpg"})
    eq(r.status, 422)
    check(f'id="vte-{ig}"' in r.text, "no error on the Instagram form")


@test
def comments_mention_people_who_get_a_task(sk):
    srv = world(sk)
    a = login(srv.client(), "autore@pavb.lt")
    iid = create(a, type="press_release", title="Kalėdinis pranešimas")
    r = a.post(f"/staff/pavb/content/{iid}/comments",
               {"comment_body": "@redaktore, pažiūrėk antrą pastraipą; @Jonas.Žemaitis – ar tinka įrašui? "
                                "(rašyk info@pavb.lt, @nėra.tokio)"})
    eq(r.status, 303, r.text[:300])
    rows = sk.sql(f"SELECT assignee_id, related_type, related_id, assigned_by FROM tasks ORDER BY assignee_id")
    eq(sorted(int(x[0]) for x in rows), sorted([uid(sk, "redaktore@pavb.lt"), uid(sk, "smm@pavb.lt")]))
    check(all(x[1] == "content" and x[2] == str(iid) and x[3] == str(uid(sk, "autore@pavb.lt")) for x in rows), rows)
    page = a.get(f"/staff/pavb/content/{iid}").text
    check("pažiūrėk antrą pastraipą" in page, "comment not shown")
    eq(a.post(f"/staff/pavb/content/{iid}/comments", {"comment_body": "  "}).status, 422)
    eq(one(sk, "SELECT COUNT(*) FROM content_comments"), "1")
    # a mention of somebody in another institution gives no task
    hd = token(a)
    r = api(srv, hd, "POST", f"/api/v1/pavb/content/{iid}/comments", {"body": "@birzai ar matai?"})
    eq(r.status, 201)
    eq(r.json()["mentions"], 0)


@test
def list_filters_and_lithuanian_order(sk):
    srv = world(sk)
    a = login(srv.client(), "autore@pavb.lt")
    s = login(srv.client(), "smm@pavb.lt")
    for t in ["Žiemos skaitymai", "Čiurlionio vakaras", "Cukrinių knygų paroda", "Ąžuolų alėja", "Zuikių pasakos"]:
        create(a, title=t)
    create(s, type="social_post", title="Įrašas apie kiną")
    p = a.get("/staff/pavb/content?sort=title&type=news").text
    titles = re.findall(r'<td><a href="/staff/pavb/content/\d+">([^<]+)</a>', p)
    eq(titles, ["Ąžuolų alėja", "Cukrinių knygų paroda", "Čiurlionio vakaras", "Zuikių pasakos", "Žiemos skaitymai"])
    p = a.get(f"/staff/pavb/content?author={uid(sk, 'smm@pavb.lt')}").text
    eq(re.findall(r'<td><a href="/staff/pavb/content/\d+">([^<]+)</a>', p), ["Įrašas apie kiną"])
    p = a.get("/staff/pavb/content?type=social_post&status=approved").text
    eq(re.findall(r'<td><a href="/staff/pavb/content/\d+">([^<]+)</a>', p), [])
    hd = token(a)
    j = api(srv, hd, "GET", "/api/v1/pavb/content?type=news&sort=title").json()
    eq(j["total"], 5)
    eq(j["items"][0]["title"], "Ąžuolų alėja")
    eq(api(srv, hd, "GET", "/api/v1/pavb/content?status=nonsense").status, 422)
    # staff without content permissions see nothing
    d = login(srv.client(), "darb@pavb.lt")
    eq(d.get("/staff/pavb/content").status, 403)


@test
def every_type_can_be_created(sk):
    srv = world(sk)
    hd = token(login(srv.client(), "autore@pavb.lt"))
    types = ["news", "press_release", "introductory_article", "announcement", "social_post", "newsletter_block",
             "video_script", "web_page_text", "internal_document"]
    for t in types:
        r = api(srv, hd, "POST", "/api/v1/pavb/content", {"type": t, "title": f"Tipas {t}", "lang": "en" if t == "news" else "lt"})
        eq(r.status, 201, r.text[:300])
        eq(r.json()["type"], t)
    eq(sorted(x[0] for x in sk.sql("SELECT type FROM content_items")), sorted(types))
    eq(one(sk, "SELECT lang FROM content_items WHERE type = 'news'"), "en")
    # slugs are unique per institution
    r1 = api(srv, hd, "POST", "/api/v1/pavb/content", {"type": "news", "title": "Knygų Kalėdos"}).json()
    r2 = api(srv, hd, "POST", "/api/v1/pavb/content", {"type": "news", "title": "Knygų Kalėdos"}).json()
    eq((r1["slug"], r2["slug"]), ("knygu-kaledos", "knygu-kaledos-2"))


@test
def isolation_between_institutions_pages_api_and_search(sk):
    srv = world(sk)
    a = login(srv.client(), "autore@pavb.lt")
    iid = create(a, type="press_release", title="Slaptas juodraštis apie Petkevičaitę",
                 body="Juodraštis: Petkevičaitės-Bitės premija.")
    # the pavb author finds it in search
    r = a.get("/api/v1/pavb/search?" + urllib.parse.urlencode({"q": "juodraštis"}))
    eq(r.status, 200, r.text[:200])
    check(any(x["type"] == "content" and x["id"] == iid for x in r.json()["items"]), r.text[:500])
    b = login(srv.client(), "birzai@birzai.lt")
    eq(b.get("/staff/pavb/content").status, 403)
    eq(b.get(f"/staff/pavb/content/{iid}").status, 403)
    eq(b.get(f"/staff/birzai/content/{iid}").status, 404)
    eq(b.get(f"/staff/birzai/content/{iid}/diff").status, 404)
    eq(b.post(f"/staff/birzai/content/{iid}/transition", {"action": "submit"}).status, 404)
    eq(b.post(f"/staff/birzai/content/{iid}/comments", {"comment_body": "labas"}).status, 404)
    check("Slaptas juodraštis" not in b.get("/staff/birzai/content").text, "listed in another institution")
    hb = token(b)
    eq(api(srv, hb, "GET", f"/api/v1/birzai/content/{iid}").status, 404)
    eq(api(srv, hb, "GET", "/api/v1/pavb/content").status, 403)
    eq(api(srv, hb, "GET", "/api/v1/birzai/content").json()["total"], 0)
    eq(api(srv, hb, "POST", f"/api/v1/birzai/content/{iid}", {"type": "news", "title": "Užgrobta"}).status, 404)
    r = b.get("/api/v1/birzai/search?" + urllib.parse.urlencode({"q": "juodraštis"}))
    eq(r.status, 200)
    check(not any(x["type"] == "content" for x in r.json()["items"]), "found another institution's draft")
    eq(status(sk, iid), "draft")
    eq(one(sk, f"SELECT title FROM content_items WHERE id = {iid}"), "Slaptas juodraštis apie Petkevičaitę")


@test
def search_follows_the_item_in_the_same_transaction(sk):
    srv = world(sk)
    a = login(srv.client(), "autore@pavb.lt")
    iid = create(a, title="Rudens skaitymai", body="Poezijos vakaras.")
    row = item_form(srv, token(a), iid)
    row["title"] = "Žiemos skaitymai"
    eq(a.post(f"/staff/pavb/content/{iid}/edit", row).status, 303)

    def hits(q):
        r = a.get("/api/v1/pavb/search?" + urllib.parse.urlencode({"q": q}))
        return [x["id"] for x in r.json()["items"] if x["type"] == "content"]
    eq(hits("žiemos"), [iid])
    eq(hits("rudens"), [])
    eq(one(sk, f"SELECT status FROM search_docs WHERE doc_type = 'content' AND doc_id = {iid}"), "draft")


@test
def draft_from_a_plan_item(sk):
    srv = world(sk)
    sk.add_user("koord@pavb.lt", "Koordinatorė Eglė", inst="pavb", roles=["COORD"])
    inst = one(sk, "SELECT id FROM institutions WHERE slug = 'pavb'")
    k = uid(sk, "koord@pavb.lt")
    fb = one(sk, f"SELECT id FROM pub_channels WHERE institution_id = {inst} AND code = 'facebook'")
    sk.write_sql(f"INSERT INTO pub_requests(institution_id, requester_id, title, window_from, window_to, submitted_on, "
                 f"lead_days, status) VALUES ({inst}, {k}, 'Knygų mugė', 20261201, 20261210, 20261101, 20, 'planned')")
    rq = one(sk, "SELECT id FROM pub_requests")
    sk.write_sql(f"INSERT INTO pub_plans(institution_id, request_id, title, status, created_by) VALUES "
                 f"({inst}, {rq}, 'Knygų mugė', 'approved', {k})")
    pl = one(sk, "SELECT id FROM pub_plans")
    sk.write_sql(f"INSERT INTO pub_plan_items(institution_id, plan_id, channel_id, item_date, what, owner_id) VALUES "
                 f"({inst}, {pl}, {fb}, 20261203, 'Įrašas apie mugę', {uid(sk, 'smm@pavb.lt')})")
    pi = one(sk, "SELECT id FROM pub_plan_items")
    c = login(srv.client(), "koord@pavb.lt")
    r = c.post(f"/staff/pavb/content/from-plan-item/{pi}")
    eq(r.status, 303, r.text[:300])
    iid = int(re.search(r"/content/(\d+)$", r.header("Location")).group(1))
    row = sk.sql(f"SELECT type, title, plan_item_id, request_id, owner_id FROM content_items WHERE id = {iid}")[0]
    eq(row, ["social_post", "Įrašas apie mugę", str(pi), str(rq), str(uid(sk, "smm@pavb.lt"))])
    r = c.post(f"/staff/pavb/content/from-plan-item/{pi}")
    eq(r.header("Location"), f"/staff/pavb/content/{iid}")
    eq(one(sk, "SELECT COUNT(*) FROM content_items"), "1")
    b = login(srv.client(), "birzai@birzai.lt")
    eq(b.post(f"/staff/birzai/content/from-plan-item/{pi}").status, 404)


run()

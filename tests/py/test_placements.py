"""C4 records kept by hand: placements in other organisations' channels
(AC-C4-8: outlet, date, issue and URL, counted in the statistics of
"publications in other organisations' channels") and the website content
register (AC-C4-5: a record whose next review was 2026-11-01 is overdue
on 2026-11-22 in its owner's task list and on the coordinator's
dashboard; a review moves the next date and turns findings into an
update request). Bad input and isolation."""
import json
import re

from sk import test, run, check, eq, login, one

PW = "correct horse battery"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("koord@pavb.lt", "Jurgita Koordinatorė", inst="pavb", roles=["COORD"])
    sk.add_user("rysiai@pavb.lt", "Jonas Kazlauskas", inst="pavb", roles=["PR"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    return sk.server(args=["--workers", "0"])


@test
def placement_in_the_professional_press_is_counted(sk):
    srv = world(sk)
    p = login(srv.client(), "rysiai@pavb.lt")
    r = p.post("/staff/pavb/placements", {"outlet": "", "kind": "journal", "what": "", "submitted_on": "2026-13-01",
                                           "status": "published", "url": "javascript:x"})
    eq(r.status, 422)
    for f in ("outlet", "kind", "what", "submitted_on", "url"):
        check(f'id="e-{f}"' in r.text, f"field error {f}")
    eq(one(sk, "SELECT COUNT(*) FROM pub_placements"), "0")
    r = p.post("/staff/pavb/placements", {"outlet": "Tarp knygų", "kind": "professional_press",
                                           "what": "Straipsnis apie Bitės skaitymus", "submitted_on": "2026-10-02",
                                           "status": "published", "published_on": "",
                                           "issue": "2026 m. Nr. 11", "url": "https://www.lnb.lt/tarp-knygu/2026-11"})
    eq(r.status, 422)
    check('id="e-published_on"' in r.text, "a published placement needs its date")
    eq(p.post("/staff/pavb/placements", {"outlet": "Tarp knygų", "kind": "professional_press",
                                         "what": "Straipsnis apie Bitės skaitymus", "submitted_on": "2026-10-02",
                                         "status": "published", "published_on": "2026-11-05",
                                         "issue": "2026 m. Nr. 11",
                                         "url": "https://www.lnb.lt/tarp-knygu/2026-11"}).status, 303)
    eq(p.post("/staff/pavb/placements", {"outlet": "Panevėžio miesto savivaldybė", "kind": "municipality",
                                         "what": "Renginio anonsas", "submitted_on": "2026-11-10",
                                         "status": "submitted"}).status, 303)
    t = p.get("/staff/pavb/placements").text
    for part in ("Tarp knygų", "2026 m. Nr. 11", "https://www.lnb.lt/tarp-knygu/2026-11"):
        check(part in t, f"{part} listed")
    h = {"Authorization": "Bearer " + re.search(r'readonly value="(sk_[^"]+)"',
                                                p.post("/profile/tokens", {"token_name": "t"}).text).group(1)}
    j = srv.client().request("GET", "/api/v1/pavb/placements/stats?year=2026", headers=h).json()
    eq(j["published"], 1)
    eq(j["by_kind"]["professional_press"], 1)
    eq(j["by_kind"]["municipality"], 0, "only published ones count")
    # moving the submitted one on
    pid = one(sk, "SELECT id FROM pub_placements WHERE kind = 'municipality'")
    eq(p.post(f"/staff/pavb/placements/{pid}", {"outlet": "Panevėžio miesto savivaldybė", "kind": "municipality",
                                                "what": "Renginio anonsas", "submitted_on": "2026-11-10",
                                                "status": "published", "published_on": "2026-11-12",
                                                "url": "https://panevezys.lt/naujienos/1"}).status, 303)
    j = srv.client().request("GET", "/api/v1/pavb/placements/stats?year=2026", headers=h).json()
    eq(j["published"], 2)
    # isolation
    b = login(srv.client(), "birzai@birzai.lt")
    check("Straipsnis apie Bitės skaitymus" not in b.get("/staff/birzai/placements").text, "isolated")
    eq(b.get(f"/staff/birzai/placements/{pid}").status, 404)


@test
def website_review_overdue_in_tasks_and_dashboard_ac_c4_5(sk):
    srv = world(sk)
    k = login(srv.client(), "koord@pavb.lt")
    owner = one(sk, "SELECT id FROM users WHERE email = 'rysiai@pavb.lt'")
    r = k.post("/staff/pavb/site-content", {"section": "", "review_months": "0", "owner_id": "999999"})
    eq(r.status, 422)
    for f in ("section", "review_months", "owner_id"):
        check(f'id="e-{f}"' in r.text, f"field error {f}")
    eq(k.post("/staff/pavb/site-content", {"section": "Paslaugos / Skaitytojams", "url": "/paslaugos",
                                           "owner_id": str(owner), "review_months": "6",
                                           "next_review": "2026-11-01"}).status, 303)
    sid = one(sk, "SELECT id FROM site_content")
    eq(sk.cli("site", "review", "--at", "2026-10-31").stdout.strip(), "0 review task(s) created")
    eq(sk.cli("site", "review", "--at", "2026-11-22").stdout.strip(), "1 review task(s) created")
    eq(sk.cli("site", "review", "--at", "2026-11-23").stdout.strip(), "0 review task(s) created", "once")
    eq(one(sk, "SELECT due_date || ' ' || assignee_id FROM tasks WHERE category = 'site_review'"), f"20261101 {owner}")
    # the owner's task list shows it overdue; the coordinator's dashboard counts it
    p = login(srv.client(), "rysiai@pavb.lt")
    check("Paslaugos / Skaitytojams" in p.get("/staff/pavb/tasks").text, "in the owner's task list")
    dash = k.get("/staff/pavb/").text
    check("Svetainės turinio registras" in dash and "pavėluota" in dash.lower(), "on the coordinator's dashboard")
    # the review: findings become an update request, the next review moves on
    eq(p.post(f"/staff/pavb/site-content/{sid}/reviewed", {"issues": "Pasenę darbo laikai"}).status, 303)
    eq(one(sk, "SELECT status FROM tasks WHERE category = 'site_review'"), "done")
    upd = sk.sql("SELECT title, description FROM tasks WHERE category = 'site_update'")
    eq(len(upd), 1)
    check("Paslaugos / Skaitytojams" in upd[0][0] and upd[0][1] == "Pasenę darbo laikai", repr(upd))
    nxt = int(one(sk, f"SELECT next_review FROM site_content WHERE id = {sid}"))
    check(nxt > 20261122, f"next review moved: {nxt}")
    b = login(srv.client(), "birzai@birzai.lt")
    eq(b.get(f"/staff/birzai/site-content/{sid}").status, 404)
    check("Paslaugos" not in b.get("/staff/birzai/site-content").text)


if __name__ == "__main__":
    run()

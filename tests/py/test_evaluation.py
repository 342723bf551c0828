"""AC-C2-5: seven days (the institution's setting) after the last item of
a communication plan is published, its coordinator has an evaluation
task; the evaluation records actual figures beside the goals' targets
and, once sent, the requesting department sees the feedback on its
request and acknowledges it. Also: nothing opens while an item is still
unpublished, a second run opens nothing twice, and another institution
sees nothing."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

from sk import test, run, check, eq, login, one

PW = "correct horse battery"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("koord@pavb.lt", "Koordinatorė Eglė", inst="pavb", roles=["COORD"])
    sk.add_user("skaitykla@pavb.lt", "Skaityklos Laima", inst="pavb", roles=["STAFF"])
    sk.add_user("kita@pavb.lt", "Kita Darbuotoja", inst="pavb", roles=["STAFF"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    return sk.server()


def plan(sk, published):
    """An approved plan of a request by skaitykla@: two goals, two items,
    each item's text published at the given unix times (None: not yet)."""
    inst = one(sk, "SELECT id FROM institutions WHERE slug = 'pavb'")
    req = one(sk, "SELECT id FROM users WHERE email = 'skaitykla@pavb.lt'")
    coord = one(sk, "SELECT id FROM users WHERE email = 'koord@pavb.lt'")
    ch = one(sk, f"SELECT id FROM pub_channels WHERE institution_id = {inst} AND code = 'newsroom'")
    sk.write_sql(f"INSERT INTO pub_requests(institution_id, requester_id, title, window_from, window_to, submitted_on, "
                 f"lead_days, status) VALUES ({inst}, {req}, 'Vasaros skaitymai', 20260601, 20260630, 20260501, 20, "
                 f"'planned')")
    rid = one(sk, "SELECT MAX(id) FROM pub_requests")
    sk.write_sql(f"INSERT INTO pub_plans(institution_id, request_id, title, status, created_by, approved_at) "
                 f"VALUES ({inst}, {rid}, 'Vasaros skaitymai', 'approved', {coord}, 1)")
    pid = one(sk, "SELECT MAX(id) FROM pub_plans")
    sk.write_sql(f"INSERT INTO pub_plan_goals(institution_id, plan_id, goal, kpi, target) VALUES "
                 f"({inst}, {pid}, 'Pritraukti skaitytojų', 'Užsiregistravusių vaikų skaičius', 200), "
                 f"({inst}, {pid}, 'Pasiekti šeimas', 'Įrašo pasiekiamumas', 5000)")
    for i, t in enumerate(published):
        sk.write_sql(f"INSERT INTO pub_plan_items(institution_id, plan_id, channel_id, item_date, what, owner_id) "
                     f"VALUES ({inst}, {pid}, {ch}, 2026060{i + 1}, 'Tekstas {i + 1}', {coord})")
        item = one(sk, "SELECT MAX(id) FROM pub_plan_items")
        status = "published" if t else "approved"
        sk.write_sql(f"INSERT INTO content_items(institution_id, type, title, slug, body, author_id, owner_id, status, "
                     f"published_at, plan_item_id) VALUES ({inst}, 'news', 'Tekstas {i + 1}', 'tekstas-{pid}-{i}', "
                     f"'x', {coord}, {coord}, '{status}', {t or 0}, {item})")
    return int(rid), int(pid)


def at(t, days):
    return (dt.datetime.fromtimestamp(t, ZoneInfo("Europe/Vilnius")) + dt.timedelta(days=days)).date().isoformat()


@test
def evaluation_task_feedback_and_acknowledgement(sk):
    srv = world(sk)
    last = 1779948000   # 2026-05-28 09:00 in Vilnius
    rid, pid = plan(sk, [last - 86400 * 3, last])
    out = sk.cli("plans", "evaluate", "--at", at(last, 6)).stdout
    check(out.startswith("0 "), "not yet: six days after the last item")
    out = sk.cli("plans", "evaluate", "--at", at(last, 7)).stdout
    check(out.startswith("1 "), out)
    eq(sk.cli("plans", "evaluate", "--at", at(last, 8)).stdout.strip(), "0 evaluation(s) opened", "once")
    t = sk.sql("SELECT t.title, u.email, t.related_type FROM tasks t JOIN users u ON u.id = t.assignee_id "
               "WHERE t.category = 'evaluation'")
    eq(len(t), 1)
    check("Vasaros skaitymai" in t[0][0] and t[0][1] == "koord@pavb.lt", repr(t))
    k = login(srv.client(), "koord@pavb.lt")
    page = k.get(f"/staff/pavb/publicity/plans/{pid}/evaluation")
    eq(page.status, 200)
    check("Užsiregistravusių vaikų skaičius" in page.text, "the goals with their targets")
    goals = [int(g) for g in re.findall(r'name="actual-(\d+)"', page.text)]
    eq(len(goals), 2)
    # sending needs every figure and the summary; nothing is sent then
    r = k.post(f"/staff/pavb/publicity/plans/{pid}/evaluation", {f"actual-{goals[0]}": "abc", "do": "send"})
    eq(r.status, 422)
    check(f'id="e-actual-{goals[0]}"' in r.text, "the field is named")
    eq(one(sk, f"SELECT status FROM pub_evaluations WHERE plan_id = {pid}"), "open")
    r = k.post(f"/staff/pavb/publicity/plans/{pid}/evaluation", {f"actual-{goals[0]}": "230", "do": "save",
                                                               "summary": "Juodraštis"})
    eq(r.status, 303)
    r = k.post(f"/staff/pavb/publicity/plans/{pid}/evaluation", {
        f"actual-{goals[0]}": "230", f"note-{goals[0]}": "Daugiau nei tikėtasi",
        f"actual-{goals[1]}": "4100", "summary": "Akcija pasiekė tikslą: užsiregistravo 230 vaikų.",
        "lessons": "Kitąmet pradėti anksčiau.", "do": "send"})
    eq(r.status, 303, r.text[:800])
    eq(one(sk, f"SELECT status FROM pub_evaluations WHERE plan_id = {pid}"), "sent")
    eq(one(sk, "SELECT status FROM tasks WHERE category = 'evaluation'"), "done")
    eq(one(sk, "SELECT u.email FROM tasks t JOIN users u ON u.id = t.assignee_id WHERE t.category = 'feedback'"),
       "skaitykla@pavb.lt")
    # the requester sees target and actual, and acknowledges
    s = login(srv.client(), "skaitykla@pavb.lt")
    rp = s.get(f"/staff/pavb/publicity/requests/{rid}").text
    for part in ("Akcija pasiekė tikslą", "230", "4\u00a0100", "5\u00a0000", "Daugiau nei tikėtasi", "115"):
        check(part in rp, f"{part!r} in the feedback")
    eq(login(srv.client(), "kita@pavb.lt").post(f"/staff/pavb/publicity/requests/{rid}/acknowledge").status, 403)
    eq(s.post(f"/staff/pavb/publicity/requests/{rid}/acknowledge").status, 303)
    eq(one(sk, f"SELECT status FROM pub_evaluations WHERE plan_id = {pid}"), "acknowledged")
    eq(one(sk, "SELECT status FROM tasks WHERE category = 'feedback'"), "done")
    check("Skaityklos Laima" in s.get(f"/staff/pavb/publicity/requests/{rid}").text, "who acknowledged")
    # the sent evaluation cannot be changed
    eq(k.post(f"/staff/pavb/publicity/plans/{pid}/evaluation", {"summary": "kita", "do": "save"}).status, 422)
    # another institution sees none of it
    b = login(srv.client(), "birzai@birzai.lt")
    eq(b.get(f"/staff/birzai/publicity/plans/{pid}/evaluation").status, 404)
    eq(b.get(f"/staff/pavb/publicity/plans/{pid}/evaluation").status, 403)


@test
def nothing_opens_while_an_item_is_unpublished(sk):
    srv = world(sk)
    rid, pid = plan(sk, [1779948000, None])
    eq(sk.cli("plans", "evaluate", "--at", "2027-01-01").stdout.strip(), "0 evaluation(s) opened")
    # the institution's own delay
    sk.write_sql("INSERT INTO pub_settings(institution_id, eval_days) SELECT id, 2 FROM institutions WHERE slug = 'pavb'")
    sk.write_sql("UPDATE content_items SET status = 'published', published_at = 1779948000 WHERE status = 'approved'")
    eq(sk.cli("plans", "evaluate", "--at", at(1779948000, 1)).stdout.strip(), "0 evaluation(s) opened")
    eq(sk.cli("plans", "evaluate", "--at", at(1779948000, 2)).stdout.strip(), "1 evaluation(s) opened")
    k = login(srv.client(), "koord@pavb.lt")
    check("Įvertinti planą" in k.get(f"/staff/pavb/publicity/plans/{pid}").text, "the plan links its evaluation")


if __name__ == "__main__":
    run()

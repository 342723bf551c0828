"""AC-C3-7: an information publication with four requested unit
contributions shows four contribution tasks with their statuses, and
cannot go to layout while any contribution is still requested unless the
head overrides (with a reason, kept). The units' people see their tasks
and mark their part submitted; the editor accepts; print run and
distribution are recorded. Bad input and isolation."""
import re

from sk import test, run, check, eq, login, one

PW = "correct horse battery"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("redaktore@pavb.lt", "Dalia Redaktorė", inst="pavb", roles=["EDITOR"])
    sk.add_user("vadove@pavb.lt", "Rūta Vadovė", inst="pavb", roles=["HEAD"])
    for i in range(4):
        sk.add_user(f"skyrius{i}@pavb.lt", f"Skyriaus Darbuotoja {i}", inst="pavb", roles=["STAFF"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    inst = one(sk, "SELECT id FROM institutions WHERE slug = 'pavb'")
    for name in ("Skaitytojų aptarnavimo skyrius", "Meno ir muzikos skyrius", "Kraštotyros skyrius",
                 "Atviros jaunimo erdvės"):
        sk.write_sql(f"INSERT INTO departments(institution_id, name_lt, created_at, updated_at) "
                     f"VALUES ({inst}, '{name}', 0, 0)")
    return sk.server(args=["--workers", "0"])


@test
def four_contributions_layout_and_override(sk):
    srv = world(sk)
    e = login(srv.client(), "redaktore@pavb.lt")
    editor = one(sk, "SELECT id FROM users WHERE email = 'redaktore@pavb.lt'")
    r = e.post("/staff/pavb/info-publications", {"title": "", "kind": "poster", "editor_id": "0", "deadline": "x"})
    eq(r.status, 422)
    for f in ("title", "kind", "editor_id", "deadline"):
        check(f'id="e-{f}"' in r.text, f"field error {f}")
    r = e.post("/staff/pavb/info-publications", {"title": "Metinė veiklos ataskaita 2026", "kind": "annual_report",
                                                 "edition": "2026", "editor_id": str(editor),
                                                 "deadline": "2027-01-31"})
    eq(r.status, 303, r.text[:500])
    pid = int(re.search(r"/info-publications/(\d+)$", r.header("Location")).group(1))
    depts = [int(x[0]) for x in sk.sql("SELECT id FROM departments ORDER BY id")]
    people = [int(one(sk, f"SELECT id FROM users WHERE email = 'skyrius{i}@pavb.lt'")) for i in range(4)]
    for i in range(4):
        eq(e.post(f"/staff/pavb/info-publications/{pid}/contributions",
                  {"department_id": str(depts[i]), "what": f"Skyriaus metų apžvalga {i}",
                   "assignee_id": str(people[i]), "due_date": "2027-01-15"}).status, 303)
    eq(e.post(f"/staff/pavb/info-publications/{pid}/contributions",
              {"department_id": str(depts[0]), "what": "Skyriaus metų apžvalga 0", "assignee_id": str(people[0]),
               "due_date": "2027-01-15"}).status, 422, "the same request twice")
    page = e.get(f"/staff/pavb/info-publications/{pid}").text
    eq(page.count('class="tag ipub-requested"'), 4, "four contributions, each requested")
    eq(int(one(sk, "SELECT COUNT(*) FROM tasks WHERE category = 'contribution' AND status = 'open'")), 4)
    # one unit submits; the editor cannot go to layout with three missing
    s0 = login(srv.client(), "skyrius0@pavb.lt")
    check("Skyriaus metų apžvalga 0" in s0.get("/staff/pavb/tasks").text, "the person's task")
    cids = [int(x[0]) for x in sk.sql(f"SELECT id FROM info_pub_contributions WHERE publication_id = {pid} ORDER BY id")]
    eq(login(srv.client(), "skyrius1@pavb.lt").post(f"/staff/pavb/info-publications/{pid}/contributions/{cids[0]}",
                                                   {"status": "submitted"}).status, 403, "not their part")
    eq(s0.post(f"/staff/pavb/info-publications/{pid}/contributions/{cids[0]}", {"status": "accepted"}).status, 422,
       "only the editor accepts")
    eq(s0.post(f"/staff/pavb/info-publications/{pid}/contributions/{cids[0]}", {"status": "submitted"}).status, 303)
    eq(one(sk, f"SELECT status FROM tasks WHERE category = 'contribution' AND related_id = {pid} "
               f"AND assignee_id = {people[0]}"), "done")
    r = e.post(f"/staff/pavb/info-publications/{pid}/layout", {})
    eq(r.status, 422)
    check("Dar laukiama 3 skyrių medžiagos" in r.text, "says how many are missing")
    eq(e.post(f"/staff/pavb/info-publications/{pid}/layout", {"override": "1", "reason": "x"}).status, 403,
       "only the head overrides")
    eq(one(sk, f"SELECT status FROM info_publications WHERE id = {pid}"), "collecting")
    # the head overrides with a reason
    h = login(srv.client(), "vadove@pavb.lt")
    eq(h.post(f"/staff/pavb/info-publications/{pid}/layout", {"override": "1", "reason": ""}).status, 422)
    eq(h.post(f"/staff/pavb/info-publications/{pid}/layout",
              {"override": "1", "reason": "Spaustuvės terminas – sausio 20 d."}).status, 303)
    row = sk.sql(f"SELECT p.status, u.email, p.override_reason FROM info_publications p "
                 f"JOIN users u ON u.id = p.override_by WHERE p.id = {pid}")[0]
    eq(tuple(row), ("layout", "vadove@pavb.lt", "Spaustuvės terminas – sausio 20 d."))
    eq(e.post(f"/staff/pavb/info-publications/{pid}/printed", {"print_run": "0"}).status, 422)
    eq(e.post(f"/staff/pavb/info-publications/{pid}/printed", {"print_run": "300"}).status, 303)
    eq(e.post(f"/staff/pavb/info-publications/{pid}/distributed",
              {"distribution": "Savivaldybei, Teritorijos bibliotekoms"}).status, 303)
    eq(one(sk, f"SELECT status || ' ' || print_run FROM info_publications WHERE id = {pid}"), "distributed 300")
    # another institution
    b = login(srv.client(), "birzai@birzai.lt")
    eq(b.get(f"/staff/birzai/info-publications/{pid}").status, 404)
    eq(b.get(f"/staff/pavb/info-publications/{pid}").status, 403)


@test
def without_missing_contributions_no_override_is_needed(sk):
    srv = world(sk)
    e = login(srv.client(), "redaktore@pavb.lt")
    editor = one(sk, "SELECT id FROM users WHERE email = 'redaktore@pavb.lt'")
    r = e.post("/staff/pavb/info-publications", {"title": "Vasaros renginių lankstinukas", "kind": "leaflet",
                                                 "editor_id": str(editor), "deadline": "2027-05-01"})
    pid = int(re.search(r"/info-publications/(\d+)$", r.header("Location")).group(1))
    dept = one(sk, "SELECT MIN(id) FROM departments")
    eq(e.post(f"/staff/pavb/info-publications/{pid}/contributions",
              {"department_id": str(dept), "what": "Renginių sąrašas", "assignee_id": "0",
               "due_date": "2027-04-20"}).status, 303)
    cid = one(sk, "SELECT id FROM info_pub_contributions")
    eq(e.post(f"/staff/pavb/info-publications/{pid}/contributions/{cid}", {"status": "submitted"}).status, 303)
    eq(e.post(f"/staff/pavb/info-publications/{pid}/contributions/{cid}", {"status": "accepted"}).status, 303)
    eq(e.post(f"/staff/pavb/info-publications/{pid}/notes", {"note": "Suderinta su skyriumi",
                                                             "note_department_id": str(dept)}).status, 303)
    eq(e.post(f"/staff/pavb/info-publications/{pid}/layout", {}).status, 303)
    eq(one(sk, f"SELECT status FROM info_publications WHERE id = {pid}"), "layout")
    check("Suderinta su skyriumi" in e.get(f"/staff/pavb/info-publications/{pid}").text)


if __name__ == "__main__":
    run()

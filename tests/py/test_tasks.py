"""The task list (C19): staff pages and JSON API over a live server,
checked against the database -- who may assign to whom, who sees what,
status changes with notes, dedupe of system tasks, isolation between
institutions, field errors that store nothing."""
import json
import re

from sk import test, run, check, eq, login

PW = "correct horse battery"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("vadove@pavb.lt", "Vadovė Rūta", inst="pavb", roles=["HEAD"])
    sk.add_user("smm@pavb.lt", "Socialinių tinklų Jonas", inst="pavb", roles=["SMM"])
    sk.add_user("kita@pavb.lt", "Kita Darbuotoja", inst="pavb", roles=["STAFF"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["HEAD"])
    return sk.server()


def uid(sk, mail):
    return int(sk.sql(f"SELECT id FROM users WHERE email = '{mail}'")[0][0])


@test
def head_assigns_staff_sees_and_completes(sk):
    srv = world(sk)
    head = login(srv.client(), "vadove@pavb.lt")
    r = head.post("/staff/pavb/tasks", {"title": "Parengti pranešimą apie Bitės metus", "source": "head_instruction",
                                        "assignee_id": str(uid(sk, "smm@pavb.lt")), "due_date": "2027-01-15",
                                        "priority": "1", "description": "Su nuotraukomis"})
    eq(r.status, 303, r.text[:400])
    tid = int(re.search(r"/tasks/(\d+)$", r.header("Location")).group(1))
    row = sk.sql(f"SELECT title, assignee_id, assigned_by, due_date, priority, status, source FROM tasks WHERE id = {tid}")[0]
    eq(row, ["Parengti pranešimą apie Bitės metus", str(uid(sk, "smm@pavb.lt")), str(uid(sk, "vadove@pavb.lt")),
             "20270115", "1", "open", "head_instruction"])
    # the assignee sees it in "my tasks"; a colleague does not
    smm = login(srv.client(), "smm@pavb.lt")
    p = smm.get("/staff/pavb/tasks")
    eq(p.status, 200)
    check("Parengti pranešimą apie Bitės metus" in p.text, "assignee does not see the task")
    other = login(srv.client(), "kita@pavb.lt")
    check("Bitės metus" not in other.get("/staff/pavb/tasks").text, "a colleague sees someone else's task")
    eq(other.get(f"/staff/pavb/tasks/{tid}").status, 404)
    check("Bitės metus" not in other.get("/staff/pavb/tasks?view=all").text, "view=all without tasks.assign")
    # the head sees it among the ones she assigned and in all tasks
    check("Bitės metus" in head.get("/staff/pavb/tasks?view=given").text, "head's assigned-by-me list")
    check("Bitės metus" in head.get("/staff/pavb/tasks?view=all").text, "head's all list")
    # the assignee finishes it with a note
    r = smm.post(f"/staff/pavb/tasks/{tid}/status", {"status": "done", "note": "Paskelbta feisbuke"})
    eq(r.status, 303, r.text[:300])
    row = sk.sql(f"SELECT status, completion_note, completed_at > 0 FROM tasks WHERE id = {tid}")[0]
    eq(row[:2], ["done", "Paskelbta feisbuke"])
    check(row[2] in ("1", "t"), "completed_at not set")
    check("Paskelbta feisbuke" not in smm.get("/staff/pavb/tasks").text, "done task still in the open list")
    check("Bitės metus" in smm.get("/staff/pavb/tasks?status=done").text, "done filter")
    # audit rows for both writes
    acts = [a[0] for a in sk.sql(f"SELECT action FROM audit_log WHERE entity = 'tasks' AND entity_id = {tid} ORDER BY id")]
    eq(acts, ["task.create", "task.status"])
    # a colleague cannot change it
    eq(other.post(f"/staff/pavb/tasks/{tid}/status", {"status": "open"}).status, 404)


@test
def staff_cannot_assign_others_and_bad_input_stores_nothing(sk):
    srv = world(sk)
    smm = login(srv.client(), "smm@pavb.lt")
    r = smm.post("/staff/pavb/tasks", {"title": "Kam nors", "assignee_id": str(uid(sk, "kita@pavb.lt"))})
    eq(r.status, 422)
    check("Užduotis galite kurti tik sau." in r.text, "no field error for assigning without tasks.assign")
    r = smm.post("/staff/pavb/tasks", {"title": "", "due_date": "2027-02-30"})
    eq(r.status, 422)
    check('id="e-title"' in r.text or "Šis laukas privalomas" in r.text or "privalomas" in r.text, r.text[:2000])
    eq(sk.sql("SELECT COUNT(*) FROM tasks")[0][0], "0")
    # for oneself it works
    r = smm.post("/staff/pavb/tasks", {"title": "Susitvarkyti nuotraukas", "due_date": "2027-02-28"})
    eq(r.status, 303)
    eq(sk.sql("SELECT assignee_id FROM tasks")[0][0], str(uid(sk, "smm@pavb.lt")))
    # the head cannot assign to a person of another institution
    head = login(srv.client(), "vadove@pavb.lt")
    r = head.post("/staff/pavb/tasks", {"title": "Svetimam", "assignee_id": str(uid(sk, "birzai@birzai.lt"))})
    eq(r.status, 422)
    eq(sk.sql("SELECT COUNT(*) FROM tasks")[0][0], "1")


@test
def api_same_rules_and_isolation(sk):
    srv = world(sk)
    c = login(srv.client(), "vadove@pavb.lt")
    r = c.post("/profile/tokens", {"token_name": "testai"})
    eq(r.status, 201)
    tok = re.search(r'readonly value="(sk_[^"]+)"', r.text).group(1)
    h = {"Authorization": f"Bearer {tok}"}
    api = srv.client()
    r = api.request("POST", "/api/v1/pavb/tasks", body=json.dumps({"title": "Užsakyti plakatą", "due_date": "2027-03-01",
                                                                   "assignee_id": uid(sk, "kita@pavb.lt"), "priority": 3}),
                    ctype="application/json", headers=h)
    eq(r.status, 201, r.text)
    j = r.json()
    eq((j["title"], j["due_date"], j["priority"], j["status"]), ("Užsakyti plakatą", "2027-03-01", 3, "open"))
    r = api.request("POST", "/api/v1/pavb/tasks", body=json.dumps({"title": "x", "due_date": "2027-13-01"}),
                    ctype="application/json", headers=h)
    eq(r.status, 422)
    check("due_date" in r.json()["error"]["fields"], r.text)
    r = api.get("/api/v1/pavb/tasks?view=all", headers=h)
    eq(r.status, 200)
    eq([t["title"] for t in r.json()["items"]], ["Užsakyti plakatą"])
    r = api.request("POST", f"/api/v1/pavb/tasks/{j['id']}/status", body=json.dumps({"status": "nonsense"}),
                    ctype="application/json", headers=h)
    eq(r.status, 422)
    r = api.request("POST", f"/api/v1/pavb/tasks/{j['id']}/status", body=json.dumps({"status": "in_progress"}),
                    ctype="application/json", headers=h)
    eq(r.status, 200, r.text)
    eq(r.json()["status"], "in_progress")
    # Biržai's head sees nothing of PAVB's tasks, through either door
    b = login(srv.client(), "birzai@birzai.lt")
    eq(b.get("/staff/pavb/tasks").status in (403, 404), True)
    eq(b.get(f"/staff/birzai/tasks/{j['id']}").status, 404)
    check("Užsakyti plakatą" not in b.get("/staff/birzai/tasks?view=all").text, "task leaked to another institution")


@test
def system_tasks_are_deduplicated(sk):
    srv = world(sk)
    # two identical system tasks (a job that ran twice) through the CLI hook of the model
    out = sk.cli("task", "add", "pavb", "Garso įranga renginiui", "--due", "2027-04-01", "--key", "event:1:sound",
                 "--assignee", "kita@pavb.lt")
    out2 = sk.cli("task", "add", "pavb", "Garso įranga renginiui", "--due", "2027-04-01", "--key", "event:1:sound",
                  "--assignee", "kita@pavb.lt")
    check("created" in out.stdout and "exists" in out2.stdout, out.stdout + out2.stdout)
    eq(sk.sql("SELECT COUNT(*), MIN(source) FROM tasks")[0], ["1", "system_generated"])
    other = login(srv.client(), "kita@pavb.lt")
    p = other.get("/staff/pavb/tasks")
    check("Garso įranga renginiui" in p.text and "Sukūrė sklaida" in p.text, "system task not shown to its assignee")


if __name__ == "__main__":
    run()

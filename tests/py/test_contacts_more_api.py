"""JSON API for the contact records of migration 120 that had pages only
(src/api/api_contacts_more.c): information requests from journalists,
consent records, data-subject requests -- list, get, create with the
pages' permissions and rules (due dates in working days / one month, the
interaction on the person), 422 with a message per field, 404 across
institutions."""
import json
import re

from sk import test, run, check, eq

PW = "correct horse battery"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("pr@pavb.lt", "Ryšių Tomas", inst="pavb", roles=["PR"], password=PW)
    sk.add_user("smm@pavb.lt", "Socialinių tinklų Jonas", inst="pavb", roles=["SMM"], password=PW)
    sk.add_user("pr@birzai.lt", "Biržų Daiva", inst="birzai", roles=["PR"], password=PW)
    return sk.server()


def token(srv, mail):
    c = srv.client()
    c.login(mail, PW)
    c.csrf = None
    c.get("/profile")
    r = c.post("/profile/tokens", {"token_name": "api"})
    eq(r.status, 201)
    return {"Authorization": "Bearer " + re.search(r'readonly value="(sk_[^"]+)"', r.text).group(1)}


class Api:
    def __init__(self, srv, mail):
        self.h = token(srv, mail)
        self.c = srv.client()

    def get(self, path):
        return self.c.request("GET", path, headers=self.h)

    def post(self, path, obj):
        return self.c.request("POST", path, body=json.dumps(obj), ctype="application/json", headers=self.h)


def fields(r):
    eq(r.status, 422, r.text[:300])
    return set(r.json()["error"]["fields"])


def workdays(sk, start, n):
    return sk.cli("occasions", "workdays", "--from", start, "--add", str(n)).stdout.strip()


@test
def information_requests(sk):
    srv = world(sk)
    pr, smm, bz = Api(srv, "pr@pavb.lt"), Api(srv, "smm@pavb.lt"), Api(srv, "pr@birzai.lt")
    r = pr.post("/api/v1/pavb/contacts", {"first_name": "Živilė", "last_name": "Balsienė", "legal_basis": "consent"})
    eq(r.status, 201, r.text)
    pid = r.json()["id"]
    other = bz.post("/api/v1/birzai/contacts", {"first_name": "Ona", "last_name": "Kita",
                                                 "legal_basis": "public_task"}).json()["id"]
    base = "/api/v1/pavb/contacts/info-requests"
    eq(fields(pr.post(base, {"regime": "rumour", "received": "2026-12-32", "subject": ""})),
       {"regime", "received", "subject"})
    eq(fields(pr.post(base, {"regime": "media", "received": "2026-12-14", "subject": "Kiek lankytojų?"})),
       {"requester"}, )
    eq(fields(pr.post(base, {"regime": "media", "received": "2026-12-14", "subject": "Kiek?", "person_id": other})),
       {"person_id"}, )
    eq(smm.post(base, {"regime": "media", "received": "2026-12-14", "subject": "x", "requester": "x"}).status, 403)
    r = pr.post(base, {"regime": "media", "received": "2026-12-14", "subject": "Kiek lankytojų per metus?",
                       "person_id": pid})
    eq(r.status, 201, r.text)
    j = r.json()
    eq((j["regime"], j["received"], j["due"], j["person_id"], j["person"], j["answered_on"], j["archived"]),
       ("media", "2026-12-14", workdays(sk, "2026-12-14", 5), pid, "Živilė Balsienė", None, False))
    rid = j["id"]
    r = pr.post(base, {"regime": "law", "received": "2026-12-14", "subject": "Sutarčių kopijos",
                       "requester": "UAB „Skaidrumas“"})
    eq(r.status, 201, r.text)
    eq(r.json()["due"], workdays(sk, "2026-12-14", 20))
    eq(r.json()["person_id"], None)
    # logged as an interaction on the person, with the due date
    eq(sk.sql(f"SELECT kind, deadline FROM contact_interactions WHERE person_id = {pid}"),
       [["info_request", workdays(sk, "2026-12-14", 5).replace("-", "")]])
    items = smm.get(base).json()["items"]
    eq([x["subject"] for x in items], ["Kiek lankytojų per metus?", "Sutarčių kopijos"])
    eq(smm.get(f"{base}/{rid}").json()["subject"], "Kiek lankytojų per metus?")
    eq(bz.get(f"/api/v1/birzai/contacts/info-requests/{rid}").status, 404)
    eq(bz.get(base).status, 403)
    eq(bz.get("/api/v1/birzai/contacts/info-requests").json()["items"], [])
    eq(pr.get(f"{base}/999999").status, 404)
    eq(pr.get(base + "?archived=2").status, 422)
    eq(pr.c.request("POST", base, body="{not json", ctype="application/json", headers=pr.h).status, 422)
    acts = sk.sql("SELECT action FROM audit_log WHERE entity = 'info_request'")
    eq(len(acts), 2)


@test
def consent_records(sk):
    srv = world(sk)
    pr, smm, bz = Api(srv, "pr@pavb.lt"), Api(srv, "smm@pavb.lt"), Api(srv, "pr@birzai.lt")
    pid = pr.post("/api/v1/pavb/contacts", {"first_name": "Jonas", "last_name": "Petraitis",
                                             "legal_basis": "consent"}).json()["id"]
    base = f"/api/v1/pavb/contacts/{pid}/consents"
    eq(fields(pr.post(base, {"purpose": "", "text_version": "", "given_on": "vakar"})),
       {"purpose", "text_version", "given_on"})
    eq(smm.post(base, {"purpose": "Naujienlaiškis", "text_version": "v2", "given_on": "2026-11-02"}).status, 403)
    r = pr.post(base, {"purpose": "Naujienlaiškis", "text_version": "v2", "given_on": "2026-11-02"})
    eq(r.status, 201, r.text)
    j = r.json()
    eq((j["person_id"], j["purpose"], j["text_version"], j["given_on"], j["withdrawn_on"], j["active"]),
       (pid, "Naujienlaiškis", "v2", "2026-11-02", None, True))
    cid = j["id"]
    r = smm.get(base)
    eq(r.status, 200)
    eq((r.json()["legal_basis"], [x["id"] for x in r.json()["items"]]), ("consent", [cid]))
    eq(smm.get(f"{base}/{cid}").json()["purpose"], "Naujienlaiškis")
    eq(sk.sql(f"SELECT purpose, text_version, given_on FROM contact_consents WHERE id = {cid}"),
       [["Naujienlaiškis", "v2", "20261102"]])
    eq(bz.get(f"/api/v1/birzai/contacts/{pid}/consents").status, 404)
    eq(bz.post(f"/api/v1/birzai/contacts/{pid}/consents",
               {"purpose": "x", "text_version": "1", "given_on": "2026-11-02"}).status, 404)
    eq(pr.get(f"/api/v1/pavb/contacts/{pid}/consents/999999").status, 404)
    eq(pr.get("/api/v1/pavb/contacts/999999/consents").status, 404)


@test
def data_subject_requests(sk):
    srv = world(sk)
    pr, smm, bz = Api(srv, "pr@pavb.lt"), Api(srv, "smm@pavb.lt"), Api(srv, "pr@birzai.lt")
    pid = pr.post("/api/v1/pavb/contacts", {"first_name": "Rūta", "last_name": "Šiaulienė",
                                             "legal_basis": "legitimate_interest"}).json()["id"]
    base = "/api/v1/pavb/contacts/requests"
    eq(fields(pr.post(base, {"kind": "forget", "received": ""})), {"kind", "received"})
    eq(fields(pr.post(base, {"kind": "access", "received": "2027-01-05", "person_id": 999999})), {"person_id"})
    eq(smm.get(base).status, 403, "data-subject requests need contacts.manage, as their page")
    r = pr.post(base, {"kind": "erasure", "received": "2027-01-31", "person_id": pid, "notes": "Laiškas el. paštu"})
    eq(r.status, 201, r.text)
    j = r.json()
    eq((j["kind"], j["received"], j["due"], j["status"], j["person_id"], j["person"], j["notes"]),
       ("erasure", "2027-01-31", "2027-02-28", "open", pid, "Rūta Šiaulienė", "Laiškas el. paštu"))
    r = pr.post(base, {"kind": "objection", "received": "2020-03-31"})
    eq(r.status, 201, r.text)
    eq((r.json()["due"], r.json()["person_id"], r.json()["overdue"]), ("2020-04-30", None, True))
    did = j["id"]
    eq([x["kind"] for x in pr.get(base).json()["items"]], ["objection", "erasure"], "open ones, due first")
    eq(pr.get(f"{base}/{did}").json()["due"], "2027-02-28")
    eq(bz.get(f"/api/v1/birzai/contacts/requests/{did}").status, 404)
    eq(bz.get("/api/v1/birzai/contacts/requests").json()["items"], [])
    eq(len(sk.sql("SELECT id FROM audit_log WHERE action = 'contact.dsr_create'")), 2)


@test
def press_conferences_and_media_visits(sk):
    srv = world(sk)
    pr, smm, bz = Api(srv, "pr@pavb.lt"), Api(srv, "smm@pavb.lt"), Api(srv, "pr@birzai.lt")
    a = pr.post("/api/v1/pavb/contacts", {"first_name": "Živilė", "last_name": "Balsienė", "legal_basis": "consent"}).json()["id"]
    b = pr.post("/api/v1/pavb/contacts", {"first_name": "Antanas", "last_name": "Cvirka",
                                           "legal_basis": "public_task"}).json()["id"]
    other = bz.post("/api/v1/birzai/contacts", {"first_name": "Ona", "last_name": "Kita",
                                                 "legal_basis": "public_task"}).json()["id"]
    # press conferences
    base = "/api/v1/pavb/contacts/press"
    eq(fields(pr.post(base, {"title": "", "on_date": "2027-02-30", "start": "25:00", "event_id": 999999})),
       {"title", "on_date", "start", "event_id"})
    eq(smm.post(base, {"title": "x", "on_date": "2027-03-01", "start": "10:00"}).status, 403)
    r = pr.post(base, {"title": "Knygų mugės pristatymas", "on_date": "2027-03-01", "start": "10:30",
                       "place": "Konferencijų salė"})
    eq(r.status, 201, r.text)
    j = r.json()
    eq((j["title"], j["on_date"], j["start"], j["place"], j["status"], j["event_id"], j["invitees"]),
       ("Knygų mugės pristatymas", "2027-03-01", "10:30", "Konferencijų salė", "planned", None, []))
    eq([x["id"] for x in smm.get(base).json()["items"]], [j["id"]])
    eq(smm.get(f"{base}/{j['id']}").json()["title"], "Knygų mugės pristatymas")
    eq(bz.get(f"/api/v1/birzai/contacts/press/{j['id']}").status, 404)
    eq(bz.get("/api/v1/birzai/contacts/press").json()["items"], [])
    # media visits
    base = "/api/v1/pavb/contacts/visits"
    good = {"purpose": "filming", "requested_on": "2027-01-10", "visit_date": "2027-01-20", "start": "10:00",
            "end": "11:30", "people": [b, a], "areas": "Skaitykla, saugykla", "escort": "Ryšių Tomas"}
    eq(fields(pr.post(base, dict(good, purpose="party", visit_date="2027-01-05", end="09:00", people=[]))),
       {"purpose", "visit_date", "end", "people"})
    eq(fields(pr.post(base, dict(good, people=[a, other]))), {"people"})
    eq(fields(pr.post(base, dict(good, people="everyone", outlet_id=999999))), {"people", "outlet_id"})
    eq(smm.post(base, good).status, 403)
    r = pr.post(base, good)
    eq(r.status, 201, r.text)
    j = r.json()
    eq((j["purpose"], j["visit_date"], j["start"], j["end"], j["status"], j["areas"], j["escort"]),
       ("filming", "2027-01-20", "10:00", "11:30", "requested", "Skaitykla, saugykla", "Ryšių Tomas"))
    eq([p["name"] for p in j["people"]], ["Živilė Balsienė", "Antanas Cvirka"], "Lithuanian order")
    for pid in (a, b):
        eq(sk.sql(f"SELECT kind, on_date FROM contact_interactions WHERE person_id = {pid}"),
           [["media_visit", "20270110"]])
    eq([x["id"] for x in smm.get(base).json()["items"]], [j["id"]])
    eq(smm.get(f"{base}/{j['id']}").json()["people"][0]["person_id"], a)
    eq(bz.get(f"/api/v1/birzai/contacts/visits/{j['id']}").status, 404)
    eq(sk.sql(f"SELECT status, visit_date, start_min, end_min FROM media_visits WHERE id = {j['id']}"),
       [["requested", "20270120", "600", "690"]])


if __name__ == "__main__":
    run()

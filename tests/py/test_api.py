"""The JSON API of issue 2 (/api/v1/): same permissions as the pages,
bearer tokens and cookie sessions (with X-CSRF-Token), pagination, the
JSON error shape with 4xx statuses and field messages, ISO 8601 times,
no leaks across institutions."""
import json
import os
import re

from sk import test, run, check, eq, login, token_for

PW = "correct horse battery"
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class Api:
    def __init__(self, srv, token):
        self.c = srv.client()
        self.h = {"Authorization": f"Bearer {token}"}

    def get(self, path):
        return self.c.get(path, headers=self.h)

    def post(self, path, obj, raw=None):
        body = raw if raw is not None else json.dumps(obj)
        return self.c.request("POST", path, body=body, ctype="application/json", headers=self.h)


def one(sk, q):
    rows = sk.sql(q)
    check(len(rows) == 1, f"one row for {q!r}: {rows!r}")
    return rows[0][0] if len(rows[0]) == 1 else rows[0]


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("admin@pavb.lt", "Administratorė Aistė", inst="pavb", roles=["ADMIN"])
    os.makedirs(os.path.join(sk.tmp, "var", "mail"), exist_ok=True)
    return sk.server(env={"SKLAIDA_MAIL_FROM": "sklaida@pavb.lt"})


@test
def me_lists_institutions_roles_permissions(sk):
    srv = world(sk)
    sk.add_user("jonas@pavb.lt", "Jonas Jonaitis", inst="pavb", roles=["COORD", "SMM"])
    sk.cli("user", "add", "jonas2@pavb.lt", "x", input=PW + "\n")  # unrelated account
    sk.add_user("b@birzai.lt", "B", inst="birzai", roles=["STAFF"])
    a = Api(srv, token_for(srv, "jonas@pavb.lt"))
    r = a.get("/api/v1/me")
    eq(r.status, 200)
    check((r.header("Content-Type") or "").startswith("application/json"))
    j = r.json()
    eq(j["user"]["name"], "Jonas Jonaitis")
    eq(j["user"]["superadmin"], False)
    eq([i["slug"] for i in j["institutions"]], ["pavb"])
    eq(j["institutions"][0]["roles"], ["COORD", "SMM"])
    check("users.view" in j["institutions"][0]["permissions"], "COORD may see users")
    check("users.manage" not in j["institutions"][0]["permissions"])
    eq(sorted(j["institutions"][0]["permissions"]), j["institutions"][0]["permissions"], "sorted")
    # anonymous: the JSON error shape with 401
    r = srv.client().get("/api/v1/me")
    eq(r.status, 401)
    eq(r.json()["error"]["code"], "unauthenticated")
    r = srv.client().get("/api/v1/me", headers={"Authorization": "Bearer sk_not_a_real_token_at_all_000000"})
    eq(r.status, 401)


@test
def users_paginated_sorted_and_scoped(sk):
    srv = world(sk)
    for name in ("Žemaitė Julija", "Cvirka Petras", "Čiurlionis Mikalojus", "Ąžuolas Antanas"):
        sk.add_user(name.split()[0].lower().replace("ž", "z").replace("č", "c").replace("ą", "a") + "@pavb.lt",
                    name, inst="pavb", roles=["PR"])
    sk.add_user("b@birzai.lt", "Biržietis", inst="birzai", roles=["ADMIN"])
    a = Api(srv, token_for(srv, "admin@pavb.lt"))
    r = a.get("/api/v1/pavb/users?limit=2")
    eq(r.status, 200)
    j = r.json()
    eq(j["total"], 5)
    eq((j["limit"], j["offset"]), (2, 0))
    eq([u["name"] for u in j["items"]], ["Administratorė Aistė", "Ąžuolas Antanas"])
    names = [u["name"] for u in a.get("/api/v1/pavb/users?limit=2&offset=2").json()["items"]]
    eq(names, ["Cvirka Petras", "Čiurlionis Mikalojus"])
    eq([u["name"] for u in a.get("/api/v1/pavb/users?limit=2&offset=4").json()["items"]], ["Žemaitė Julija"])
    u = j["items"][0]
    eq(u["roles"], ["ADMIN"])
    check(ISO.match(u["member_since"]), u["member_since"])
    check("Biržietis" not in json.dumps(a.get("/api/v1/pavb/users?limit=200").json()), "only pavb people")
    eq(a.get("/api/v1/pavb/users?role=PR").json()["total"], 4)
    for bad in ("limit=0", "limit=1000", "limit=abc", "offset=-1", "role=NOPE"):
        r = a.get(f"/api/v1/pavb/users?{bad}")
        eq(r.status, 422, bad)
        eq(r.json()["error"]["code"], "invalid_input")
        check(r.json()["error"]["fields"], f"field message for {bad}")
    # another institution's user id is not found; its list is forbidden
    bid = one(sk, "SELECT id FROM users WHERE email = 'b@birzai.lt'")
    eq(a.get(f"/api/v1/pavb/users/{bid}").status, 404)
    eq(a.post(f"/api/v1/pavb/users/{bid}", {"disabled": True}).status, 404)
    eq(one(sk, f"SELECT disabled FROM users WHERE id = {bid}"), "0")
    b = Api(srv, token_for(srv, "b@birzai.lt"))
    r = b.get("/api/v1/pavb/users")
    eq(r.status, 403)
    eq(r.json()["error"]["code"], "forbidden")
    eq(b.get("/api/v1/nope/users").status, 404)


@test
def create_validation_and_update(sk):
    srv = world(sk)
    a = Api(srv, token_for(srv, "admin@pavb.lt"))
    r = a.post("/api/v1/pavb/users", {"email": "ne adresas", "name": "", "roles": ["NOPE"]})
    eq(r.status, 422)
    f = r.json()["error"]["fields"]
    eq(sorted(f), ["email", "name", "roles"])
    check("el. pašto" in f["email"] or "e-mail" in f["email"].lower(), f["email"])
    r = a.post("/api/v1/pavb/users", {"email": "x@pavb.lt", "name": "X", "roles": "ADMIN"})
    eq(r.status, 422)
    check("roles" in r.json()["error"]["fields"])
    r = a.post("/api/v1/pavb/users", {"email": "x@pavb.lt", "name": "X"})
    eq(r.status, 422, "roles are required")
    eq(a.post("/api/v1/pavb/users", None, raw="[1,2]").status, 422)
    eq(a.post("/api/v1/pavb/users", None, raw="{not json").json()["error"]["fields"].get("_body") is not None, True)
    eq(one(sk, "SELECT COUNT(*) FROM users WHERE email = 'x@pavb.lt'"), "0")
    # extra fields are not mass-assigned
    r = a.post("/api/v1/pavb/users", {"email": "Ona@Pavb.lt", "name": "Ona Onaitė", "lang": "en",
                                      "roles": ["PR", "EDITOR", "PR"], "is_superadmin": 1, "disabled": True})
    eq(r.status, 201, r.text)
    u = r.json()
    eq((u["email"], u["name"], u["lang"], u["roles"], u["activated"], u["disabled"], u["existing_account"]),
       ("ona@pavb.lt", "Ona Onaitė", "en", ["PR", "EDITOR"], False, False, False))
    eq(one(sk, "SELECT is_superadmin FROM users WHERE email = 'ona@pavb.lt'"), "0")
    uid = u["id"]
    eq(a.get(f"/api/v1/pavb/users/{uid}").json()["name"], "Ona Onaitė")
    # partial update: only what is sent changes
    r = a.post(f"/api/v1/pavb/users/{uid}", {"roles": ["EDITOR"]})
    eq(r.status, 200, r.text)
    eq((r.json()["roles"], r.json()["name"]), (["EDITOR"], "Ona Onaitė"))
    r = a.post(f"/api/v1/pavb/users/{uid}", {"disabled": True, "name": "Ona Onaitė-Jonaitienė"})
    eq((r.status, r.json()["disabled"], r.json()["name"]), (200, True, "Ona Onaitė-Jonaitienė"))
    eq(a.post(f"/api/v1/pavb/users/{uid}", {"disabled": "yes"}).status, 422)
    eq(a.post(f"/api/v1/pavb/users/{uid}", {"roles": []}).status, 422)
    eq(a.post(f"/api/v1/pavb/users/{uid}", {"department_id": 999999}).json()["error"]["fields"].keys() >= {"department_id"}, True)
    # lock-out guard through the API too
    me = one(sk, "SELECT id FROM users WHERE email = 'admin@pavb.lt'")
    r = a.post(f"/api/v1/pavb/users/{me}", {"roles": ["HEAD"]})
    eq(r.status, 422)
    check("roles" in r.json()["error"]["fields"])
    eq(a.post(f"/api/v1/pavb/users/{me}", {"disabled": True}).status, 422)
    # audit over the API: newest first, ISO times, parsed before/after
    r = a.get("/api/v1/pavb/audit?limit=2")
    eq(r.status, 200)
    items = r.json()["items"]
    eq(len(items), 2)
    eq(items[0]["action"], "user_updated")
    check(ISO.match(items[0]["at"]), items[0]["at"])
    eq(items[0]["after"]["disabled"], True)
    eq(items[0]["before"]["disabled"], False)
    eq(items[0]["actor"]["email"], "admin@pavb.lt")
    nb = r.json()["next_before"]
    check(isinstance(nb, int), "next page cursor")
    older = a.get(f"/api/v1/pavb/audit?limit=50&before={nb}").json()
    check("user_created" in [x["action"] for x in older["items"]], "the creation is further back")
    ids = [x["id"] for x in items + older["items"]]
    eq(ids, sorted(ids, reverse=True), "newest first across pages")
    eq(older["next_before"], None)
    eq(a.get("/api/v1/pavb/audit?action=user_created").json()["items"][0]["entity_id"], uid)
    eq(a.get("/api/v1/pavb/audit?from=2026-13-01").status, 422)


@test
def cookie_session_needs_csrf_header(sk):
    srv = world(sk)
    c = login(srv.client(), "admin@pavb.lt")
    r = c.get("/api/v1/me")
    eq(r.json()["auth"], "session")
    tok = r.json()["csrf_token"]
    body = json.dumps({"email": "p@pavb.lt", "name": "P", "roles": ["PR"]})
    r = c.request("POST", "/api/v1/pavb/users", body=body, ctype="application/json")
    eq(r.status, 403, "no token")
    eq(r.json()["error"]["code"], "forbidden")
    r = c.request("POST", "/api/v1/pavb/users", body=body, ctype="application/json",
                  headers={"X-CSRF-Token": "x" * len(tok)})
    eq(r.status, 403, "wrong token")
    eq(one(sk, "SELECT COUNT(*) FROM users WHERE email = 'p@pavb.lt'"), "0")
    r = c.request("POST", "/api/v1/pavb/users", body=body, ctype="application/json", headers={"X-CSRF-Token": tok})
    eq(r.status, 201, r.text)


@test
def permissions_follow_the_matrix(sk):
    srv = world(sk)
    sk.add_user("smm@pavb.lt", "SMM", inst="pavb", roles=["SMM"])
    s = Api(srv, token_for(srv, "smm@pavb.lt"))
    a = Api(srv, token_for(srv, "admin@pavb.lt"))
    eq(s.get("/api/v1/pavb/users").status, 403)
    eq(s.get("/api/v1/pavb/audit").status, 403)
    eq(s.get("/api/v1/pavb/permissions").status, 403)
    r = a.get("/api/v1/pavb/permissions")
    eq(r.status, 200)
    j = r.json()
    eq(len(j["roles"]), int(one(sk, "SELECT COUNT(*) FROM roles")))
    check("permissions.manage" in j["matrix"]["ADMIN"] and "users.view" not in j["matrix"]["SMM"])
    eq(j["roles"][0]["name_lt"], "Sistemos administratorius")
    # grant SMM users.view in the UI; the API follows on the next request
    c = login(srv.client(), "admin@pavb.lt")
    pairs = [f"{k}:{p}" for k, ps in j["matrix"].items() for p in ps] + ["SMM:users.view"]
    body = "&".join(f"p%5B%5D={x}" for x in pairs) + f"&_v={j['version']}&_csrf={c.csrf}"
    eq(c.request("POST", "/staff/pavb/permissions", body=body, ctype="application/x-www-form-urlencoded").status, 303)
    eq(s.get("/api/v1/pavb/users").status, 200)
    eq(s.post("/api/v1/pavb/users", {"email": "q@pavb.lt", "name": "Q", "roles": ["PR"]}).status, 403,
       "viewing is not managing")


run()

"""The newsletter's JSON API (src/api/api_newsletter.c): lists,
subscribers of a list (paged, by status), a subscriber added by staff
(double opt-in still: a confirmation mail, never confirmed here),
staff-unsubscribe, issues with their progress, an issue made from
content items, scheduling -- with the staff pages' permission
(newsletter.manage: 403 as JSON without it), the URL's institution only
(another's list, subscriber or issue is 404), 422 with one message per
field on bad input and nothing written."""
import glob
import json
import os
import re
import time

from sk import test, run, check, eq

PW = "correct horse battery"


def one(sk, q):
    rows = sk.sql(q)
    return rows[0][0] if rows else None


def token(srv, mail):
    c = srv.client()
    c.login(mail, PW)
    c.csrf = None
    c.get("/profile")
    r = c.post("/profile/tokens", {"token_name": "api"})
    eq(r.status, 201, r.text[:300])
    return {"Authorization": "Bearer " + re.search(r'readonly value="(sk_[^"]+)"', r.text).group(1)}


class Api:
    def __init__(self, srv, mail):
        self.h = token(srv, mail)
        self.c = srv.client()

    def get(self, path):
        return self.c.request("GET", path, headers=self.h)

    def post(self, path, obj=None, raw=None):
        body = raw if raw is not None else json.dumps(obj if obj is not None else {})
        return self.c.request("POST", path, body=body, ctype="application/json", headers=self.h)


def fields(r):
    eq(r.status, 422, r.text[:400])
    return set(r.json()["error"]["fields"])


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("pr@pavb.lt", "Ryšių Tomas", inst="pavb", roles=["PR"], password=PW)
    sk.add_user("staff@pavb.lt", "Darbuotoja", inst="pavb", roles=["STAFF"], password=PW)
    sk.add_user("pr@birzai.lt", "Biržų Daiva", inst="birzai", roles=["PR"], password=PW)
    sk.env.update({"SKLAIDA_MAIL_FROM": "naujienos@pavb.lt", "SKLAIDA_NEWSLETTER_RATE": "0"})
    srv = sk.server(env={"SKLAIDA_CACHE_MB": "0", "SKLAIDA_WORKERS": "0"})
    return srv


def setup(sk, srv, mail, inst):
    c = srv.client()
    c.login(mail, PW)
    c.csrf = None
    c.get(f"/staff/{inst}/newsletter/settings")
    r = c.post(f"/staff/{inst}/newsletter/settings", {"sender_name": "Biblioteka", "sender_postal": "Laisvės a. 1",
                                                      "sender_email": f"info@{inst}.lt", "bounce_limit": "3"})
    eq(r.status, 303, r.text[:400])
    r = c.post(f"/staff/{inst}/newsletter/lists", {"name": f"Naujienos {inst}", "description": "Kas mėnesį",
                                                   "public": "1"})
    eq(r.status, 303, r.text[:400])
    return int(one(sk, f"SELECT l.id FROM nl_lists l JOIN institutions i ON i.id = l.institution_id "
                       f"WHERE i.slug = '{inst}' ORDER BY l.id DESC LIMIT 1"))


def content(sk, inst, typ, title, status="approved"):
    uid = one(sk, "SELECT id FROM users ORDER BY id LIMIT 1")
    iid = one(sk, f"SELECT id FROM institutions WHERE slug = '{inst}'")
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") + f"-{time.time_ns() % 10**9}"
    sk.write_sql(f"INSERT INTO content_items(institution_id, type, title, slug, summary, body, lang, author_id, "
                 f"owner_id, status) VALUES ({iid}, '{typ}', '{title}', '{slug}', 'Santrauka.', 'Tekstas.', 'lt', "
                 f"{uid}, {uid}, '{status}')")
    return int(one(sk, f"SELECT id FROM content_items WHERE slug = '{slug}'"))


@test
def lists_subscribers_and_permissions(sk):
    srv = world(sk)
    lst = setup(sk, srv, "pr@pavb.lt", "pavb")
    blst = setup(sk, srv, "pr@birzai.lt", "birzai")
    pr, staff, bz = Api(srv, "pr@pavb.lt"), Api(srv, "staff@pavb.lt"), Api(srv, "pr@birzai.lt")

    r = pr.get("/api/v1/pavb/newsletter/lists")
    eq(r.status, 200, r.text)
    eq([(x["id"], x["name"], x["public"]) for x in r.json()["items"]], [(lst, "Naujienos pavb", True)])
    eq(pr.get(f"/api/v1/pavb/newsletter/lists/{lst}").json()["name"], "Naujienos pavb")
    r = pr.get(f"/api/v1/pavb/newsletter/lists/{blst}")
    eq(r.status, 404, "another institution's list")
    check("error" in r.json(), r.text)

    # without newsletter.manage: 403, as JSON, for reads and writes alike
    for r in (staff.get("/api/v1/pavb/newsletter/lists"), staff.get("/api/v1/pavb/newsletter/issues"),
              staff.post(f"/api/v1/pavb/newsletter/lists/{lst}/subscribers", {"email": "x@example.lt"})):
        eq(r.status, 403, r.text[:200])
        check(r.header("Content-Type").startswith("application/json") and r.json()["error"]["code"], r.text)
    # a user of another institution: not a member, 403; its own path with our ids: 404
    eq(bz.get("/api/v1/pavb/newsletter/lists").status, 403)
    eq(bz.get(f"/api/v1/birzai/newsletter/lists/{lst}/subscribers").status, 404)
    eq(bz.post(f"/api/v1/birzai/newsletter/lists/{lst}/subscribers", {"email": "x@example.lt"}).status, 404)

    # adding a subscriber by staff: bad input is 422 per field, nothing written
    base = f"/api/v1/pavb/newsletter/lists/{lst}/subscribers"
    eq(fields(pr.post(base, {"email": "ne-adresas", "lang": "xx"})), {"email", "lang"})
    eq(fields(pr.post(base, {"name": "Ona"})), {"email"})
    eq(fields(pr.post(base, raw="{not json")), {"_body"})
    eq(fields(pr.post(base, {"email": "ona@example.lt", "salutation": "Gerbiama\nOna"})), {"salutation"})
    eq(one(sk, "SELECT COUNT(*) FROM nl_subscribers"), "0", "nothing half-written")
    # the person still confirms: a confirmation mail, not confirmed, the subscription pending
    r = pr.post(base, {"email": "ona@example.lt", "name": "Ona Petraitienė", "salutation": "Gerbiama Ona,",
                       "lang": "lt"})
    eq(r.status, 202, r.text)
    eq((r.json()["status"], r.json()["confirmation_sent"]), ("pending", True))
    eq(sk.sql("SELECT confirmed_at, salutation, consent_version FROM nl_subscribers WHERE email = 'ona@example.lt'"),
       [["0", "Gerbiama Ona,", "1"]])
    check(one(sk, "SELECT consent_source FROM nl_subscribers").startswith("staff: pr@pavb.lt"))
    eq(one(sk, "SELECT pending FROM nl_subscriptions"), "1")
    check(int(one(sk, "SELECT COUNT(*) FROM jobs WHERE kind = 'mail' AND payload LIKE '%ona@example.lt%' "
                      "AND payload LIKE '%/newsletter/confirm?t=%'")) == 1, "the confirmation is queued")
    eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'newsletter.subscribe_by_staff'"), "1")
    r = pr.post(base, {"email": "ona@example.lt"})
    eq((r.status, r.json()["confirmation_sent"]), (202, False), "no second mail within minutes")

    # listing: paged, with the status, filtered by it
    iid = one(sk, "SELECT id FROM institutions WHERE slug = 'pavb'")
    for k in range(5):
        sk.write_sql(f"INSERT INTO nl_subscribers(institution_id, email, consent_at, consent_source, consent_version, "
                     f"confirmed_at) VALUES ({iid}, 'r{k}@example.lt', 1, 'test', 1, 2)")
    sk.write_sql(f"INSERT INTO nl_subscriptions(institution_id, subscriber_id, list_id, pending) SELECT {iid}, id, "
                 f"{lst}, 0 FROM nl_subscribers WHERE email LIKE 'r%'")
    j = pr.get(base + "?limit=2").json()
    eq((j["total"], len(j["items"]), j["items"][0]["email"], j["items"][0]["status"]),
       (6, 2, "ona@example.lt", "pending"))
    j2 = pr.get(base + "?limit=2&offset=2").json()
    eq([x["email"] for x in j2["items"]], ["r1@example.lt", "r2@example.lt"])
    eq(pr.get(base + "?status=active").json()["total"], 5)
    eq(pr.get(base + "?status=pending").json()["total"], 1)
    eq(fields(pr.get(base + "?status=gone")), {"status"})
    eq(fields(pr.get(base + "?limit=0&offset=-1")), {"limit", "offset"})
    eq(bz.get(f"/api/v1/birzai/newsletter/lists/{blst}/subscribers").json()["total"], 0)

    # staff-unsubscribe (asked by phone): once; another institution's subscriber is 404
    sid = int(one(sk, "SELECT id FROM nl_subscribers WHERE email = 'r0@example.lt'"))
    eq(bz.post(f"/api/v1/birzai/newsletter/subscribers/{sid}/unsubscribe").status, 404)
    eq(staff.post(f"/api/v1/pavb/newsletter/subscribers/{sid}/unsubscribe").status, 403)
    eq(one(sk, f"SELECT unsubscribed_at FROM nl_subscribers WHERE id = {sid}"), "0")
    r = pr.post(f"/api/v1/pavb/newsletter/subscribers/{sid}/unsubscribe")
    eq((r.status, r.json()["status"]), (200, "unsubscribed"), r.text)
    check(int(one(sk, f"SELECT unsubscribed_at FROM nl_subscribers WHERE id = {sid}")) > 0)
    eq(pr.post(f"/api/v1/pavb/newsletter/subscribers/{sid}/unsubscribe").status, 404, "already unsubscribed")
    eq(pr.get(base + "?status=unsubscribed").json()["items"][0]["id"], sid)


@test
def issues_create_schedule_progress(sk):
    srv = world(sk)
    lst = setup(sk, srv, "pr@pavb.lt", "pavb")
    blst = setup(sk, srv, "pr@birzai.lt", "birzai")
    pr, staff, bz = Api(srv, "pr@pavb.lt"), Api(srv, "staff@pavb.lt"), Api(srv, "pr@birzai.lt")
    b1 = content(sk, "pavb", "newsletter_block", "Knygų mugė")
    b2 = content(sk, "pavb", "news", "Naujos darbo valandos")
    draft = content(sk, "pavb", "newsletter_block", "Juodraštis", status="draft")
    foreign = content(sk, "birzai", "newsletter_block", "Biržų blokas")
    iid = one(sk, "SELECT id FROM institutions WHERE slug = 'pavb'")
    for k in range(3):
        sk.write_sql(f"INSERT INTO nl_subscribers(institution_id, email, consent_at, consent_source, consent_version, "
                     f"confirmed_at) VALUES ({iid}, 'r{k}@example.lt', 1, 'test', 1, 2)")
    sk.write_sql(f"INSERT INTO nl_subscriptions(institution_id, subscriber_id, list_id, pending) SELECT {iid}, id, "
                 f"{lst}, 0 FROM nl_subscribers")

    base = "/api/v1/pavb/newsletter/issues"
    eq(fields(pr.post(base, {"subject_lt": "", "lists": "visi", "items": [b1]})), {"subject_lt", "lists"})
    eq(fields(pr.post(base, {"subject_lt": "Nr. 1", "lists": [blst], "items": [b1]})), {"lists"},
       "another institution's list")
    eq(fields(pr.post(base, {"subject_lt": "Nr. 1", "lists": [lst], "items": [draft]})), {"items"}, "a draft")
    eq(fields(pr.post(base, {"subject_lt": "Nr. 1", "lists": [lst], "items": [foreign]})), {"items"})
    eq(fields(pr.post(base, {"subject_lt": "Nr. 1", "lists": [lst], "items": [b1, "x"]})), {"items"})
    eq(fields(pr.post(base, {"subject_lt": "Nr. 1\r\nBcc: x@example.com", "lists": [lst]})), {"subject_lt"})
    eq(fields(pr.post(base, raw="[1, 2]")), {"_body"})
    eq(staff.post(base, {"subject_lt": "Nr. 1", "lists": [lst], "items": [b1]}).status, 403)
    eq(one(sk, "SELECT COUNT(*) FROM nl_issues"), "0", "nothing half-written")

    r = pr.post(base, {"subject_lt": "Gruodžio naujienos", "subject_en": "December news",
                       "intro": "{{salutation}}\n\nŠtai naujienos.", "lists": [lst], "items": [b2, b1]})
    eq(r.status, 201, r.text)
    j = r.json()
    eq((j["status"], j["number"], j["lists"], j["items"], j["progress"]),
       ("draft", 1, [lst], [b2, b1], {"total": 0, "sent": 0, "failed": 0, "bounced": 0, "unsubscribed": 0}))
    isid = j["id"]
    eq([x["id"] for x in pr.get(base).json()["items"]], [isid])
    eq(pr.get(f"{base}/{isid}").json()["subject_en"], "December news")
    eq(bz.get(f"/api/v1/birzai/newsletter/issues/{isid}").status, 404)
    eq(bz.post(f"/api/v1/birzai/newsletter/issues/{isid}/schedule", {}).status, 404)
    eq(pr.get(f"{base}/999999").status, 404)

    # scheduling: a bad or past time is refused per field; then queued once
    eq(fields(pr.post(f"{base}/{isid}/schedule", {"at": "rytoj"})), {"at"})
    eq(fields(pr.post(f"{base}/{isid}/schedule", {"at": "2020-01-01T09:00:00Z"})), {"when"})
    eq(staff.post(f"{base}/{isid}/schedule", {}).status, 403)
    eq(one(sk, f"SELECT status FROM nl_issues WHERE id = {isid}"), "draft")
    r = pr.post(f"{base}/{isid}/schedule", {})
    eq((r.status, r.json()["status"]), (200, "scheduled"), r.text)
    eq(fields(pr.post(f"{base}/{isid}/schedule", {})), {"action"}, "already scheduled")
    eq(one(sk, "SELECT COUNT(*) FROM jobs WHERE kind = 'newsletter'"), "1")

    sk.cli("job", "drain")
    j = pr.get(f"{base}/{isid}").json()
    eq((j["status"], j["progress"]["total"], j["progress"]["sent"], j["progress"]["bounced"]), ("sent", 3, 3, 0))
    # the file adapter records each message's VERP envelope sender as Return-Path
    emls = glob.glob(os.path.join(sk.tmp, "var", "mail", "*.eml"))
    eq(len(emls), 3)
    for p in emls:
        head = open(p, "rb").read().split(b"\r\n\r\n")[0]
        check(re.match(rb"Return-Path: <bounces\+[0-9a-f]{40}@pavb\.lt>\r\n", head), head[:200])


run()

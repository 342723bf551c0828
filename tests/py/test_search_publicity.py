"""Search (X7) over publicity requests and communication plans (C2,
src/search/search_publicity.c): indexed in the transaction of each write
(request, triage, plan parts, approval), found in any word form, filtered
by type, status, department and date, scoped to the institution and to
publicity.manage (the requester's own page is the publicity list), and
rebuilt alike by `sklaida search reindex` and by the search_reindex job
that migration 170 queues on an installation with publicity records."""
import datetime as dt
import re
import urllib.parse
from zoneinfo import ZoneInfo

from sk import test, run, check, eq

PW = "correct horse battery"


def login(c, mail):
    c.login(mail, PW)
    return c


def today():
    return dt.datetime.now(ZoneInfo("Europe/Vilnius")).date()


def one(sk, q):
    rows = sk.sql(q)
    return rows[0][0] if rows else None


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("koord@pavb.lt", "Koordinatorė Eglė", inst="pavb", roles=["COORD"])
    sk.add_user("skaitykla@pavb.lt", "Skaityklos Laima", inst="pavb", roles=["STAFF"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    pavb = one(sk, "SELECT id FROM institutions WHERE slug = 'pavb'")
    for name in ("Vaikų literatūros skyrius", "Kraštotyros skyrius"):
        sk.sql(f"INSERT INTO departments(institution_id, name_lt, name_en, created_at, updated_at) "
               f"VALUES ({pavb}, '{name}', '', 0, 0)")
    dep = int(one(sk, "SELECT id FROM departments WHERE name_lt = 'Vaikų literatūros skyrius'"))
    dep2 = int(one(sk, "SELECT id FROM departments WHERE name_lt = 'Kraštotyros skyrius'"))
    sk.sql(f"UPDATE memberships SET department_id = {dep} WHERE user_id = "
           f"(SELECT id FROM users WHERE email = 'skaitykla@pavb.lt')")
    return sk.server(), dep, dep2


def channel_ids(sk, codes):
    inst = one(sk, "SELECT id FROM institutions WHERE slug = 'pavb'")
    rows = dict((r[0], r[1]) for r in sk.sql(f"SELECT code, id FROM pub_channels WHERE institution_id = {inst}"))
    return [rows[c] for c in codes]


def post_pairs(c, path, pairs):
    return c.request("POST", path, body=urllib.parse.urlencode(list(pairs) + [("_csrf", c.csrf)]),
                     ctype="application/x-www-form-urlencoded")


def submit(c, sk, title, description):
    eq(c.get("/staff/pavb/publicity/new").status, 200)
    first = today() + dt.timedelta(days=40)
    data = [("title", title), ("description", description), ("window_from", first.isoformat()),
            ("window_to", (first + dt.timedelta(days=9)).isoformat()), ("must_by", ""), ("instructed_by", ""),
            ("short_reason", ""), ("audiences[]", "children"), ("audiences[]", "families")]
    for ch in channel_ids(sk, ["newsroom", "facebook"]):
        data.append(("channel[]", str(ch)))
    r = post_pairs(c, "/staff/pavb/publicity/requests", data)
    eq(r.status, 303, r.text[:600])
    return int(re.search(r"/requests/(\d+)$", r.header("Location")).group(1))


def found(c, q, inst="pavb", **filters):
    qs = urllib.parse.urlencode(dict(q=q, limit="100", **filters))
    r = c.get(f"/api/v1/{inst}/search?{qs}")
    eq(r.status, 200, f"{q!r} {filters}: {r.text[:300]}")
    # publicity records only (the triage also makes tasks that mention the title)
    return sorted((x["type"], x["id"]) for x in r.json()["items"] if x["type"].startswith("publicity"))


@test
def requests_and_plans_are_searchable(sk):
    srv, dep, dep2 = world(sk)
    s = login(srv.client(), "skaitykla@pavb.lt")
    rid = submit(s, sk, "Vasaros skaitymo iššūkis", "Vaikų ir paauglių skaitymo akcija Panevėžio bibliotekose.")
    k = login(srv.client(), "koord@pavb.lt")
    req = ("publicity_request", rid)
    # any form, no diacritics; the body: description, department, requester, audiences, channels
    for q in ("issukis", "iššūkio", "panevezys", "bibliotekoje", "vaiku literaturos", "laima", "seimos",
              "facebook"):
        eq(found(k, q), [req], q)
    eq(found(k, "issukis", type="publicity_request"), [req])
    eq(found(k, "issukis", type="event"), [])
    eq(found(k, "issukis", status="submitted"), [req])
    eq(found(k, "issukis", status="accepted"), [])
    eq(found(k, "issukis", department=str(dep)), [req])
    eq(found(k, "issukis", department=str(dep2)), [])
    d = today().isoformat()
    eq(found(k, "issukis", **{"from": d, "to": d}), [req])
    eq(found(k, "issukis", to=(today() - dt.timedelta(days=2)).isoformat()), [])
    # scope: the requester lacks publicity.manage; another institution sees nothing
    eq(found(s, "issukis"), [])
    eq(found(login(srv.client(), "birzai@birzai.lt"), "issukis", inst="birzai"), [])
    r = k.get("/api/v1/pavb/search?q=issukis")
    item = r.json()["items"][0]
    eq(item["url"], f"/staff/pavb/publicity/requests/{rid}")
    check("<mark>" in item["title_html"], item)
    # triage: the status follows in the same write
    eq(k.post(f"/staff/pavb/publicity/requests/{rid}/accept").status, 303)
    eq(found(k, "issukis", status="accepted"), [req])
    eq(found(k, "issukis", status="submitted"), [])
    # the plan and its parts
    r = k.post(f"/staff/pavb/publicity/requests/{rid}/plan")
    eq(r.status, 303)
    pid = int(re.search(r"/plans/(\d+)$", r.header("Location")).group(1))
    plan = ("publicity_plan", pid)
    base = f"/staff/pavb/publicity/plans/{pid}"
    eq(found(k, "issukis"), sorted([req, plan]), "a new plan carries the request's title")
    eq(post_pairs(k, base + "/basics", [("title", "Vasaros iššūkio komunikacija"), ("groups[]", "families"),
                                         ("budget_eur", "100"), ("budget_note", "Skelbimai rajonų laikraščiuose")]
                  ).status, 303)
    eq(k.post(base + "/goals", {"goal": "Pritraukti naujų skaitytojų", "kpi": "Užsiregistravusių vaikų skaičius",
                                "target": "300"}).status, 303)
    eq(k.post(base + "/messages", {"text_lt": "Skaityk vasarą – laimėk knygą", "text_en": "Read and win"}).status, 303)
    smm = one(sk, "SELECT id FROM users WHERE email = 'koord@pavb.lt'")
    ch = channel_ids(sk, ["facebook"])[0]
    eq(k.post(base + "/items", {"channel_id": str(ch), "item_date": (today() + dt.timedelta(days=41)).isoformat(),
                                "what": "Įrašas su nuotraukomis", "owner_id": str(smm)}).status, 303)
    for q in ("komunikacijai", "skaitytojams", "uzsiregistravusiu", "laimek knyga", "win", "irasas nuotraukos",
              "laikrasciuose"):
        eq(found(k, q), [plan], q)
    eq(found(k, "laimek knyga", status="draft"), [plan])
    eq(found(k, "laimek knyga", department=str(dep)), [plan])
    eq(found(k, "laimek knyga", type="publicity_request"), [])
    eq(k.post(base + "/approve").status, 303)
    eq(found(k, "laimek knyga", status="approved"), [plan])
    eq(found(k, "issukis", status="planned"), [req])
    # a reindex gives what the writes gave
    cols = "doc_type, doc_id, title, body, url, status, department_id"
    before = sk.sql(f"SELECT {cols} FROM search_docs WHERE doc_type LIKE 'publicity%' ORDER BY doc_type, doc_id")
    eq(len(before), 2)
    out = sk.cli("search", "reindex").stderr
    check(re.search(r"publicity_request: 1 documents", out) and re.search(r"publicity_plan: 1 documents", out), out)
    after = sk.sql(f"SELECT {cols} FROM search_docs WHERE doc_type LIKE 'publicity%' ORDER BY doc_type, doc_id")
    eq(after, before)
    eq(found(k, "laimek knyga"), [plan])
    # the job migration 170 queues on an installation with publicity
    # records: it indexes just those types
    sk.cli("search", "clear")
    eq(found(k, "laimek knyga"), [])
    sk.write_sql("INSERT INTO jobs(kind, payload, run_after, created_at, updated_at) VALUES "
                 "('search_reindex', '{\"types\":\"publicity_request,publicity_plan\"}', 0, 0, 0)")
    sk.cli("job", "drain")
    eq(sk.sql("SELECT status FROM jobs WHERE kind = 'search_reindex'"), [["done"]])
    eq(sk.sql(f"SELECT {cols} FROM search_docs WHERE doc_type LIKE 'publicity%' ORDER BY doc_type, doc_id"), before)
    eq(sk.sql("SELECT COUNT(*) FROM search_docs WHERE doc_type NOT LIKE 'publicity%'"), [["0"]])
    eq(found(k, "laimek knyga"), [plan])


if __name__ == "__main__":
    run()

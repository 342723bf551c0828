"""Contacts and relations (C6, X15) through the staff pages of a live
server, checked against the database: Lithuanian collation (L2) of the
list and of the CSV export, field validation, interactions and the
last-contact date, GDPR export and erasure, do-not-contact, the
retention review, permissions and institution isolation."""
import csv
import io
import json
import random
import re

from sk import test, run, check, eq

PW = "correct horse battery"

# REQUIREMENTS L2, verified ICU "lt" order
L2 = ["Antanas", "Ąžuolas", "Cvirka", "Čiurlionis", "Dūkštas", "Ėriškiai", "Ežerėlis", "Ignalina", "Ylakiai",
      "Įvairus", "Izraelis", "Jonaitis", "Jurbarkas", "Kaunas", "Sakalas", "Šilutė", "Ūla", "Uosis", "Zakaras",
      "Žukauskas"]

FIELDS = ["first_name", "last_name", "salutation", "email", "phone", "languages", "beats", "tags",
          "do_not_contact", "legal_basis", "data_source", "notes"]


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("pr@pavb.lt", "Ryšių Specialistė", "pavb", ["PR"])
    sk.add_user("smm@pavb.lt", "Socialinių Tinklų", "pavb", ["SMM"])
    sk.add_user("rent@pavb.lt", "Nuomos Tvarkytoja", "pavb", ["RENT"])
    sk.add_user("pr@birzai.lt", "Biržų Ryšiai", "birzai", ["PR"])
    srv = sk.server()
    c = srv.client()
    c.login("pr@pavb.lt", PW)
    return srv, c


def person(**kw):
    d = {"first_name": "Rasa", "last_name": "Testaitė", "legal_basis": "legitimate_interest"}
    d.update(kw)
    return d


def create(c, slug="pavb", **kw):
    r = c.post(f"/staff/{slug}/contacts", person(**kw))
    check(r.status == 303, f"create failed: {r.status} {r.text[:500]}")
    m = re.search(r"/contacts/(\d+)$", r.header("Location"))
    check(m, r.header("Location"))
    return int(m.group(1))


def list_order(text):
    """Last names in the order the list table shows them."""
    return re.findall(r'<th scope="row"><a href="/staff/pavb/contacts/\d+">([^<,]+),', text)


@test
def lithuanian_order_in_list_and_csv(sk):
    srv, c = world(sk)
    names = L2[:]
    random.Random(6).shuffle(names)
    for n in names:
        create(c, last_name=n, first_name="Vardas")
    r = c.get("/staff/pavb/contacts")
    eq(r.status, 200)
    eq(list_order(r.text), L2, "list order")
    r = c.get("/staff/pavb/contacts.csv")
    eq(r.status, 200)
    check(r.body.startswith(b"\xef\xbb\xbf"), "CSV without BOM")
    rows = list(csv.DictReader(io.StringIO(r.body.decode("utf-8-sig")), delimiter=";"))
    eq([x["last_name"] for x in rows], L2, "CSV order")


@test
def validation_and_phone(sk):
    srv, c = world(sk)
    r = c.post("/staff/pavb/contacts", person(first_name="", email="ne-el-paštas", phone="12ab"))
    eq(r.status, 422)
    for f in ("first_name", "email"):
        check(f'id="e-{f}"' in r.text or f'e-{f}' in r.text, f"no field error for {f}: {r.text[:2000]}")
    eq(sk.sql("SELECT count(*) FROM contact_people")[0][0], "0")
    r = c.post("/staff/pavb/contacts", person(phone="12ab"))
    eq(r.status, 422)
    check("e-phone" in r.text, "no phone error")
    for given, want in [("8 612 34567", "+370 612 34567"), ("+37061234567", "+370 612 34567"),
                        ("(8-45) 46 55 55", "+370 454 65555")]:
        pid = create(c, phone=given)
        eq(sk.sql(f"SELECT phone FROM contact_people WHERE id = {pid}")[0][0], want, given)
    acts = [x[0] for x in sk.sql("SELECT action FROM audit_log WHERE entity = 'contact_person'")]
    eq(acts.count("contact.create"), 3)


@test
def interactions_and_last_contact(sk):
    srv, c = world(sk)
    pid = create(c, first_name="Jonas", last_name="Žurnalistas")
    r = c.post(f"/staff/pavb/contacts/{pid}/interactions",
               {"kind": "call", "on_date": "2026-03-02", "summary": "Sutarėm dėl interviu"})
    eq(r.status, 303)
    r = c.post(f"/staff/pavb/contacts/{pid}/interactions",
               {"kind": "info_request", "on_date": "2026-01-10", "summary": "Klausimas", "deadline": "2026-01-05"})
    eq(r.status, 422, "deadline before the request")
    r = c.post(f"/staff/pavb/contacts/{pid}/interactions",
               {"kind": "info_request", "on_date": "2026-01-10", "summary": "Paklausimas", "deadline": "2026-01-20"})
    eq(r.status, 303)
    eq(sk.sql(f"SELECT last_contact FROM contact_people WHERE id = {pid}")[0][0], "20260302")
    r = c.get(f"/staff/pavb/contacts/{pid}")
    i1, i2 = r.text.find("Sutarėm dėl interviu"), r.text.find("Paklausimas")
    check(0 < i1 < i2, "interactions not newest first")


@test
def gdpr_export_and_erasure(sk):
    srv, c = world(sk)
    vals = person(first_name="Aistė", last_name="Eksportaitė", salutation="Gerbiamoji Aiste",
                  email="aiste@sekunde.lt", phone="+370 612 00001", languages="lt, en", beats="kultūra",
                  tags="žiniasklaida, regionas", do_not_contact="1", legal_basis="consent",
                  data_source="vizitinė kortelė", notes="Skambinti po 10 val.")
    pid = create(c, **vals)
    c.post(f"/staff/pavb/contacts/{pid}/interactions", {"kind": "meeting", "on_date": "2026-02-02",
                                                         "summary": "Susitikimas bibliotekoje"})
    j = c.get(f"/staff/pavb/contacts/{pid}/export.json").json()
    for f in FIELDS:
        want = True if f == "do_not_contact" else vals[f]
        eq(j[f], want, f)
    eq(j["interactions"][0]["summary"], "Susitikimas bibliotekoje")
    r = c.get(f"/staff/pavb/contacts/{pid}/export.csv")
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig")), delimiter=";"))
    row = dict(zip(rows[0], rows[1]))
    for f in FIELDS:
        eq(row[f], "1" if f == "do_not_contact" else vals[f], "csv " + f)
    check(any("Susitikimas bibliotekoje" in x for x in rows), "interaction missing from CSV")
    # erasure needs the confirmation
    eq(c.post(f"/staff/pavb/contacts/{pid}/erase", {}).status, 422)
    eq(c.post(f"/staff/pavb/contacts/{pid}/erase", {"confirm": "1"}).status, 303)
    row = sk.sql(f"SELECT first_name, last_name, salutation, email, phone, languages, beats, tags, data_source, "
                 f"notes FROM contact_people WHERE id = {pid}")
    eq(len(row), 1, "row kept")
    check(all(v == "" for v in row[0]), f"personal fields remain: {row}")
    eq(sk.sql(f"SELECT count(*) FROM contact_interactions WHERE person_id = {pid} AND summary <> ''")[0][0], "0",
       "interaction summary kept")
    eq(sk.sql(f"SELECT count(*) FROM contact_interactions WHERE person_id = {pid}")[0][0], "1")
    dump = "\n".join("|".join(x) for x in sk.sql("SELECT * FROM contact_people") +
                     sk.sql("SELECT * FROM contact_interactions") + sk.sql("SELECT * FROM audit_log"))
    for v in ("Aistė", "Eksportaitė", "aiste@sekunde.lt", "612 00001", "Skambinti", "Susitikimas"):
        check(v not in dump, f"{v!r} still stored")
    eq(sk.sql(f"SELECT count(*) FROM audit_log WHERE action = 'contact.erase' AND entity_id = {pid}")[0][0], "1")
    check("Eksportaitė" not in c.get("/staff/pavb/contacts").text, "erased person listed")


@test
def dnc_filter_and_review(sk):
    srv, c = world(sk)
    a = create(c, last_name="Neskambinti", do_not_contact="1")
    b = create(c, last_name="Galima")
    c.post(f"/staff/pavb/contacts/{b}/interactions", {"kind": "call", "on_date": "2026-11-30"})
    t = c.get("/staff/pavb/contacts").text
    i = t.find("Neskambinti")
    check(i > 0 and "Do not contact" in t[i:i + 300] or "Nekontaktuoti" in t[i:i + 300], "flag not shown")
    eq(list_order(c.get("/staff/pavb/contacts?dnc=1").text), ["Neskambinti"])
    eq(list_order(c.get("/staff/pavb/contacts?dnc=2").text), ["Galima"])
    old = create(c, last_name="Senas")
    c.post(f"/staff/pavb/contacts/{old}/interactions", {"kind": "mail", "on_date": "2023-05-04"})
    # an interaction 2023 -> review; one in 2026 or a record made today (never contacted) -> not yet
    eq(list_order(c.get("/staff/pavb/contacts/review").text), ["Senas"])


@test
def permissions_and_isolation(sk):
    srv, c = world(sk)
    pid = create(c, last_name="Slaptaitė")
    smm = srv.client()
    smm.login("smm@pavb.lt", PW)
    eq(smm.get(f"/staff/pavb/contacts/{pid}").status, 200)
    eq(smm.post("/staff/pavb/contacts", person()).status, 403)
    rent = srv.client()
    rent.login("rent@pavb.lt", PW)
    eq(rent.get("/staff/pavb/contacts").status, 403)
    b = srv.client()
    b.login("pr@birzai.lt", PW)
    eq(b.get(f"/staff/birzai/contacts/{pid}").status, 404)
    eq(b.post(f"/staff/birzai/contacts/{pid}/erase", {"confirm": "1"}).status, 404)
    eq(b.get(f"/staff/birzai/contacts/{pid}/export.json").status, 404)
    check("Slaptaitė" not in b.get("/staff/birzai/contacts").text, "listed in another institution")
    check("Slaptaitė" not in b.get("/staff/birzai/contacts.csv").body.decode(), "in another institution's CSV")
    eq(b.get("/staff/pavb/contacts").status, 403)


def upload(c, path, filename, data):
    b = "----skcontacts7d1"
    body = (f"--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{c.csrf}\r\n"
            f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{b}--\r\n".encode()
    return c.request("POST", path, body=body, ctype=f"multipart/form-data; boundary={b}")


def hidden(text, name):
    import html as h
    m = re.search(rf'name="{name}" value="([^"]*)"', text)
    check(m, f"no hidden {name}")
    return h.unescape(m.group(1))


@test
def csv_import_preview_duplicates_errors(sk):
    srv, c = world(sk)
    create(c, first_name="Rūta", last_name="Šimkutė", email="ruta@sekunde.lt")
    create(c, first_name="Jonas", last_name="Čepulis")
    rows = [["Vardas", "Pavardė", "El. paštas", "Telefonas", "Žymos"],
            ["Eglė", "Žilinskienė", "egle@pb.lt", "8 611 11111", "žiniasklaida"],
            ["Ruta", "Kita", "RUTA@SEKUNDE.LT", "", ""],           # duplicate e-mail, case differs
            ["JONAS", "Cepulis", "", "", ""],                      # duplicate name, diacritics differ
            ["", "Bevardis", "x@y.lt", "", ""],                    # error: no first name
            ["Petras", "Blogas", "ne-adresas", "", ""],            # error: e-mail
            ["Ona", "Telefonaitė", "", "12 ab", ""],               # error: phone
            ["Mindaugas", "Naujas", "m@lrt.lt", "+370 45 123456", "radijas; TV"]]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    data = b"\xef\xbb\xbf" + out.getvalue().encode()
    r = upload(c, "/staff/pavb/contacts/import", "zurnalistai.csv", data)
    eq(r.status, 200, r.text[:500])
    eq(sk.sql("SELECT count(*) FROM contact_people")[0][0], "2", "stored before the confirmation")
    t = r.text
    eq(t.count('class="row-error"'), 3, t[t.find("<main"):][:3000])
    eq(t.count('class="row-duplicate"'), 2)
    check("ne-adresas" in t and "12 ab" in t, "errors do not name the values")
    r = c.post("/staff/pavb/contacts/import", {"confirm": "1", "csv": hidden(t, "csv")})
    eq(r.status, 303, r.text[:500])
    got = sorted(tuple(x) for x in sk.sql("SELECT last_name, email, phone, tags FROM contact_people"))
    eq(got, sorted([("Šimkutė", "ruta@sekunde.lt", "", ""), ("Čepulis", "", "", ""),
                    ("Žilinskienė", "egle@pb.lt", "+370 611 11111", "žiniasklaida"),
                    ("Naujas", "m@lrt.lt", "+370 451 23456", "radijas; TV")]))
    # comma-separated, no BOM
    r = upload(c, "/staff/pavb/contacts/import", "a.csv", "first_name,last_name,email\r\nAna,Kablelytė,a@b.lt\r\n".encode())
    eq(r.status, 200)
    check('class="row-error"' not in r.text and "Kablelytė" in r.text, "comma CSV not read")
    # a file without the name columns is refused, nothing stored
    r = upload(c, "/staff/pavb/contacts/import", "b.csv", b"a;b\r\n1;2\r\n")
    eq(r.status, 422)
    eq(sk.sql("SELECT count(*) FROM contact_people")[0][0], "4")


def token(srv, mail):
    c = srv.client()
    c.login(mail, PW)
    c.csrf = None
    c.get("/profile")
    r = c.post("/profile/tokens", {"token_name": "kontaktai"})
    eq(r.status, 201)
    return {"Authorization": "Bearer " + re.search(r'readonly value="(sk_[^"]+)"', r.text).group(1)}


@test
def json_api(sk):
    srv, c = world(sk)
    h = token(srv, "pr@pavb.lt")
    a = srv.client()
    post = lambda path, obj: a.request("POST", path, body=json.dumps(obj), ctype="application/json", headers=h)
    r = post("/api/v1/pavb/contacts", {"first_name": "Živilė", "last_name": "Balsienė", "email": "blogas",
                                       "legal_basis": "consent"})
    eq(r.status, 422)
    check("email" in r.json()["error"]["fields"], r.text)
    r = post("/api/v1/pavb/contacts", {"first_name": "Živilė", "last_name": "Balsienė", "email": "z@balsas.lt",
                                       "phone": "8 686 12345", "legal_basis": "consent", "do_not_contact": True})
    eq(r.status, 201, r.text)
    j = r.json()
    pid = j["id"]
    eq((j["phone"], j["do_not_contact"], j["legal_basis"]), ("+370 686 12345", True, "consent"))
    post("/api/v1/pavb/contacts", {"first_name": "Antanas", "last_name": "Cvirka", "legal_basis": "public_task"})
    items = a.get("/api/v1/pavb/contacts", headers=h).json()["items"]
    eq([x["last_name"] for x in items], ["Balsienė", "Cvirka"])
    eq([x["do_not_contact"] for x in items], [True, False])
    eq([x["last_name"] for x in a.get("/api/v1/pavb/contacts?do_not_contact=2", headers=h).json()["items"]],
       ["Cvirka"])
    # a partial update keeps the other fields
    r = post(f"/api/v1/pavb/contacts/{pid}", {"beats": "kultūra, knygos"})
    eq(r.status, 200, r.text)
    j = a.get(f"/api/v1/pavb/contacts/{pid}", headers=h).json()
    eq((j["beats"], j["email"], j["do_not_contact"]), ("kultūra, knygos", "z@balsas.lt", True))
    hb = token(srv, "pr@birzai.lt")
    eq(a.get(f"/api/v1/birzai/contacts/{pid}", headers=hb).status, 404)
    eq(a.request("POST", f"/api/v1/birzai/contacts/{pid}", body="{}", ctype="application/json", headers=hb).status,
       404)
    eq(a.get("/api/v1/birzai/contacts", headers=hb).json()["items"], [])
    eq(a.get("/api/v1/pavb/contacts", headers=hb).status, 403)


@test
def lists_static_and_saved_filter(sk):
    srv, c = world(sk)
    a = create(c, last_name="Žukauskas", tags="žiniasklaida")
    b = create(c, last_name="Cvirka", tags="žiniasklaida", do_not_contact="1")
    d = create(c, last_name="Čiurlionis", tags="partneriai")
    eq(c.post("/staff/pavb/contacts/lists", {"name": ""}).status, 422)
    r = c.post("/staff/pavb/contacts/lists", {"name": "Regiono žiniasklaida", "purpose": "Pranešimai"})
    eq(r.status, 303)
    lurl = r.header("Location")
    lid = int(lurl.rsplit("/", 1)[1])
    for pid in (a, d, b):
        eq(c.post(f"{lurl}/members", {"person": str(pid), "action": "add"}).status, 303)
    eq(c.post(f"{lurl}/members", {"person": str(d), "action": "remove"}).status, 303)
    t = c.get(lurl).text
    eq(re.findall(r'<th scope="row"><a href="/staff/pavb/contacts/\d+">([^<,]+),', t), ["Cvirka", "Žukauskas"])
    i = t.find(">Cvirka,")
    check("Do not contact" in t[i:i + 300] or "Nekontaktuoti" in t[i:i + 300], "do-not-contact not shown on list")
    eq(list_order(c.get(f"/staff/pavb/contacts?list={lid}").text), ["Cvirka", "Žukauskas"])
    # a saved filter follows the data
    r = c.post("/staff/pavb/contacts/lists", {"name": "Partneriai", "filter": "q=&tag=partneriai&dnc=0"})
    eq(r.status, 303)
    furl = r.header("Location")
    check(">Čiurlionis," in c.get(furl).text, "saved filter list")
    create(c, last_name="Ąžuolas", tags="partneriai")
    check(">Ąžuolas," in c.get(furl).text, "saved filter not evaluated when shown")
    # another institution cannot see or change the list
    o = srv.client()
    o.login("pr@birzai.lt", PW)
    eq(o.get(f"/staff/birzai/contacts/lists/{lid}").status, 404)
    eq(o.post(f"/staff/birzai/contacts/lists/{lid}/members", {"person": str(a), "action": "remove"}).status, 404)
    check("Regiono" not in o.get("/staff/birzai/contacts/lists").text, "list visible to another institution")
    eq(sk.sql(f"SELECT count(*) FROM contact_list_members WHERE list_id = {lid}")[0][0], "2")


@test
def vcard_round_trip(sk):
    import vobject
    srv, c = world(sk)
    tricky = "Pastaba; su kabliataškiu, kableliu \\ ir\nnauja eilute – ilga ilga ilga ilga ilga ilga ilga ilga eilutė ąčęėįšųūž"
    create(c, first_name="Žydrūnė", last_name="Ąžuolaitė-Čekanauskienė", email="zydrune@balsas.lt",
           phone="+370 686 22222", tags="žiniasklaida, radijas", notes=tricky)
    create(c, first_name="Ignas", last_name="Cvirka")
    r = c.get("/staff/pavb/contacts.vcf")
    eq(r.status, 200)
    check((r.header("Content-Type") or "").startswith("text/vcard"), r.header("Content-Type"))
    raw = r.body
    for line in raw.split(b"\r\n"):
        check(len(line) <= 75, f"line longer than 75 octets: {line!r}")
        line.decode("utf-8")  # folding never splits a character
    check(b"\n" not in raw.replace(b"\r\n", b""), "bare LF in the vCard")
    cards = list(vobject.readComponents(raw.decode("utf-8")))
    eq(len(cards), 2)
    v = cards[0]
    eq((v.n.value.family, v.n.value.given), ("Ąžuolaitė-Čekanauskienė", "Žydrūnė"))
    eq(v.email.value, "zydrune@balsas.lt")
    eq(v.tel.value, "+370 686 22222")
    eq(v.note.value, tricky)
    eq(list(v.categories.value), ["žiniasklaida", "radijas"])
    # import the same cards into another institution: nothing lost
    o = srv.client()
    o.login("pr@birzai.lt", PW)
    r = upload(o, "/staff/birzai/contacts/import", "kontaktai.vcf", raw)
    eq(r.status, 200, r.text[:300])
    check('class="row-error"' not in r.text, "vCard rows rejected")
    eq(o.post("/staff/birzai/contacts/import", {"confirm": "1", "csv": hidden(r.text, "csv")}).status, 303)
    rows = sk.sql("SELECT p.first_name, p.last_name, p.email, p.phone, p.tags FROM contact_people p JOIN institutions i "
                  "ON i.id = p.institution_id WHERE i.slug = 'birzai' AND p.last_name LIKE '%Čekanauskienė'")
    eq(len(rows), 1)
    got = rows[0]
    eq(got[:5], ["Žydrūnė", "Ąžuolaitė-Čekanauskienė", "zydrune@balsas.lt", "+370 686 22222",
                 "žiniasklaida, radijas"])
    # the note has a newline, so sk.sql splits it; compare through the JSON export
    pid = sk.sql("SELECT p.id FROM contact_people p JOIN institutions i ON i.id = p.institution_id "
                 "WHERE i.slug = 'birzai' AND p.first_name = 'Žydrūnė'")[0][0]
    eq(o.get(f"/staff/birzai/contacts/{pid}/export.json").json()["notes"], tricky)
    # a vCard 4.0 written elsewhere
    v4 = ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Rasa Kitokia\r\nN:Kitokia;Rasa;;;\r\n"
          "EMAIL;TYPE=work:rasa@lrt.lt\r\nTEL;VALUE=uri;TYPE=\"voice,work\":tel:+370-612-33333\r\n"
          "NOTE:Ilga pastaba kuri yra sulankstyta per kelias eilutes ir turi būti sujung\r\n ta atgal\r\n"
          "END:VCARD\r\n").encode()
    r = upload(o, "/staff/birzai/contacts/import", "v4.vcf", v4)
    check("Kitokia" in r.text and 'class="row-error"' not in r.text, "vCard 4.0 not read")
    check("+370 612 33333" in r.text, "tel: URI not read")


@test
def organisations_and_positions(sk):
    srv, c = world(sk)
    r = c.post("/staff/pavb/contacts/orgs", {"name": "Sekundė", "kind": "media", "postal_code": "35-178",
                                             "phone": "abc"})
    eq(r.status, 422)
    check("e-postal_code" in r.text and "e-phone" in r.text, "no field errors for postal code / phone")
    eq(sk.sql("SELECT count(*) FROM contact_orgs")[0][0], "0")
    for name, kind in [("Žiemgalos muziejus", "museum"), ("Sekundė", "media"), ("Ąžuolo draugija", "ngo"),
                       ("Cvirkos leidykla", "business"), ("Čiurlionio galerija", "museum")]:
        r = c.post("/staff/pavb/contacts/orgs", {"name": name, "kind": kind, "street": "Ukmergės g. 36",
                                                 "postal_code": "35178", "city": "Panevėžys",
                                                 "phone": "(8 45) 50 12 34"})
        eq(r.status, 303, r.text[:400])
    eq(sk.sql("SELECT DISTINCT postal_code, phone FROM contact_orgs"), [["LT-35178", "+370 455 01234"]])
    t = c.get("/staff/pavb/contacts/orgs").text
    eq(re.findall(r'<th scope="row"><a href="/staff/pavb/contacts/orgs/\d+">([^<]+)</a>', t),
       ["Ąžuolo draugija", "Cvirkos leidykla", "Čiurlionio galerija", "Sekundė", "Žiemgalos muziejus"])
    t = c.get("/staff/pavb/contacts/orgs?kind=museum").text
    eq(re.findall(r'<th scope="row"><a href="/staff/pavb/contacts/orgs/\d+">([^<]+)</a>', t),
       ["Čiurlionio galerija", "Žiemgalos muziejus"])
    oid = sk.sql("SELECT id FROM contact_orgs WHERE name = 'Sekundė'")[0][0]
    pid = create(c, last_name="Redaktorė")
    eq(c.post(f"/staff/pavb/contacts/{pid}/positions", {"org": oid, "title": "Redaktorė",
                                                        "from_date": "2024-01-01"}).status, 303)
    check("Sekundė" in c.get("/staff/pavb/contacts").text, "organisation not shown in the people list")
    b = srv.client()
    b.login("pr@birzai.lt", PW)
    eq(b.get(f"/staff/birzai/contacts/orgs/{oid}").status, 404)
    bp = create(b, slug="birzai", last_name="Biržietė")
    eq(b.post(f"/staff/birzai/contacts/{bp}/positions", {"org": oid, "title": "x"}).status, 404)


@test
def data_subject_requests(sk):
    srv, c = world(sk)
    pid = create(c, last_name="Prašytoja")
    for rec, kind in [("2026-01-31", "access"), ("2028-01-31", "erasure"), ("2026-03-15", "rectification")]:
        r = c.post("/staff/pavb/contacts/requests", {"person": str(pid), "kind": kind, "received": rec})
        eq(r.status, 303, r.text[:300])
    got = sorted(tuple(x) for x in sk.sql("SELECT kind, received, due, status FROM contact_dsr"))
    eq(got, sorted([("access", "20260131", "20260228", "open"), ("erasure", "20280131", "20280229", "open"),
                    ("rectification", "20260315", "20260415", "open")]))
    eq(c.post("/staff/pavb/contacts/requests", {"kind": "complaint", "received": "2026-01-01"}).status, 422)
    did = sk.sql("SELECT id FROM contact_dsr WHERE kind = 'access'")[0][0]
    eq(c.post(f"/staff/pavb/contacts/requests/{did}", {"status": "done"}).status, 303)
    eq(sk.sql(f"SELECT status FROM contact_dsr WHERE id = {did}")[0][0], "done")
    eq(sk.sql("SELECT count(*) FROM audit_log WHERE action LIKE 'contact.dsr%'")[0][0], "4")
    b = srv.client()
    b.login("pr@birzai.lt", PW)
    eq(b.post(f"/staff/birzai/contacts/requests/{did}", {"status": "open"}).status, 404)
    eq(b.post("/staff/birzai/contacts/requests", {"person": str(pid), "kind": "access",
                                                  "received": "2026-01-01"}).status, 404)
    check("Prašytoja" not in b.get("/staff/birzai/contacts/requests").text, "visible to another institution")


if __name__ == "__main__":
    run()

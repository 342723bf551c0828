"""Proofing (issue 4, C3 proofing, L5, L8): hunspell lt_LT spelling with
suggestions through the ISO-8859-13 conversion, en_US for English, the
institution's dictionary (its own words only, per institution), every L8
typography rule with its suggestion, offsets in bytes and UTF-16 code
units, bad input as clear 4xx JSON errors; the standalone page without
JavaScript, the dictionary page and its permission."""
import html as htmlmod
import json
import re

from sk import test, run, check, eq

PW = "correct horse battery"
NB = "\u00a0"


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("red@pavb.lt", "Kalbos redaktorė Aldona", inst="pavb", roles=["EDITOR"])
    sk.add_user("staff@pavb.lt", "Darbuotojas Žygimantas", inst="pavb", roles=["STAFF"])
    sk.add_user("red@birzai.lt", "Redaktorius Jurgis", inst="birzai", roles=["EDITOR"])
    return sk.server()


class Api:
    """A logged-in browser session calling the JSON API."""

    def __init__(self, srv, mail):
        self.c = srv.client()
        self.c.login(mail, PW)
        r = self.c.get("/api/v1/me")
        eq(r.status, 200, r.text[:200])
        self.tok = r.json()["csrf_token"]

    def post(self, path, obj=None, raw=None):
        body = raw if raw is not None else json.dumps(obj)
        return self.c.request("POST", path, body=body, ctype="application/json",
                              headers={"X-CSRF-Token": self.tok})

    def check(self, text, lang="lt", inst="pavb"):
        r = self.post(f"/api/v1/{inst}/proof", {"text": text, "lang": lang})
        eq(r.status, 200, r.text[:300])
        return r.json()["issues"]


def flagged(issues, rule=None):
    return [i["text"] for i in issues if rule is None or i["rule"] == rule]


def one(issues, rule):
    got = [i for i in issues if i["rule"] == rule]
    check(len(got) == 1, f"one {rule} issue: {issues!r}")
    return got[0]


@test
def spelling_lithuanian_through_iso_8859_13(sk):
    srv = world(sk)
    a = Api(srv, "staff@pavb.lt")
    iss = a.check("Šis rengynys apie žiniasklaidoje skelbiamas Panevėžio bibliotekų naujienas.")
    eq(flagged(iss), ["rengynys"])
    i = iss[0]
    eq(i["kind"], "spelling")
    check("renginys" in i["suggestions"], i)
    check(len(i["suggestions"]) <= 5, i)
    # suggestions come back as UTF-8 with Lithuanian letters
    iss = a.check("Aplankykite bibliotekoss skyrių.")
    i = one(iss, "spelling")
    eq(i["text"], "bibliotekoss")
    check("bibliotekos" in i["suggestions"], i)
    iss = a.check("Aplankykite biblioteką Šiauliuose, žiūrėkite šviežią žinią.")
    eq(flagged(iss, "spelling"), [])
    # skipped: numbers, URLs, e-mail addresses, abbreviations in capitals, `code`
    iss = a.check("Rašykite info@pavb.lt arba https://www.pavb.lt/renginiai-xyzq ir www.qwrtz.lt, "
                  "LRT ir VLKK, 2026 m., kodas `qqqzzz`, COVID-19.")
    eq(flagged(iss, "spelling"), [])
    # the text of a Markdown link is checked, its address is not
    eq(flagged(a.check("Žr. [rengynys](https://pavb.lt/rengynys-qqq)."), "spelling"), ["rengynys"])
    # a word with a character outside ISO-8859-13 (ř, Greek) is not checked, and does not crash
    iss = a.check("Dvořák ir Ελλάδα bei žodis rengynys")
    eq(flagged(iss, "spelling"), ["rengynys"])


@test
def offsets_point_at_the_characters(sk):
    srv = world(sk)
    a = Api(srv, "staff@pavb.lt")
    text = "Ąžuolų ūksmėje – 😀 rengynys, „Žąsų“ šventė"
    iss = a.check(text)
    i = one(iss, "spelling")
    b = text.encode()
    eq(b[i["start"]:i["end"]].decode(), "rengynys")
    u16 = text.encode("utf-16-le")
    eq(u16[2 * i["start_utf16"]:2 * i["end_utf16"]].decode("utf-16-le"), "rengynys")
    check(i["start_utf16"] != i["start"], "UTF-16 and byte offsets differ in Lithuanian text")
    eq(i["text"], "rengynys")


@test
def english_with_en_us(sk):
    srv = world(sk)
    a = Api(srv, "staff@pavb.lt")
    iss = a.check("We recieve many visitors in the library, don't we?", lang="en")
    eq(flagged(iss, "spelling"), ["recieve"])
    check("receive" in iss[0]["suggestions"], iss)
    # Lithuanian words are not English, Lithuanian typography not applied
    iss = a.check('The "Facebook" page 2026 m.', lang="en")
    eq(flagged(iss, "quotes"), [])
    eq(flagged(iss, "nbsp_unit"), [])


@test
def dictionary_per_institution(sk):
    srv = world(sk)
    a = Api(srv, "staff@pavb.lt")
    text = "Gabrielės Petkevičaitės-Bitės premija. Petkevičaitė-Bitė rašė."
    eq(flagged(a.check(text), "spelling"), ["Petkevičaitės", "Petkevičaitė"])
    # the staff member may not add; the editor may
    r = a.c.post("/staff/pavb/proof/dictionary", {"word": "Petkevičaitės"})
    eq(r.status, 403)
    e = srv.client()
    e.login("red@pavb.lt", PW)
    r = e.get("/staff/pavb/proof/dictionary")
    eq(r.status, 200)
    r = e.post("/staff/pavb/proof/dictionary", {"word": "Petkevičaitės", "note": "G. Petkevičaitė-Bitė"})
    eq(r.status, 303, r.text[:300])
    rows = sk.sql("SELECT w.word, w.word_key, u.email FROM proof_words w JOIN users u ON u.id = w.added_by")
    eq(rows, [["Petkevičaitės", "petkevičaitės", "red@pavb.lt"]])
    # one entry covers the inflected forms and both parts of the hyphenated name pass
    eq(flagged(a.check(text), "spelling"), [])
    eq(flagged(a.check("Apie Petkevičaitę ir Petkevičaitei skirtą vakarą."), "spelling"), [])
    # ...for every user of pavb, not for birzai
    b = Api(srv, "red@birzai.lt")
    eq(flagged(b.check(text, inst="birzai"), "spelling"), ["Petkevičaitės", "Petkevičaitė"])
    eq(b.post("/api/v1/pavb/proof", {"text": text}).status, 403)
    # a second add is not a duplicate; bad entries are refused
    r = e.post("/staff/pavb/proof/dictionary", {"word": "petkevičaitės"})
    eq(r.status, 303)
    eq(sk.sql("SELECT COUNT(*) FROM proof_words"), [["1"]])
    for bad in ("", "du žodžiai", "x" * 61, "abc1", "-ab"):
        r = e.post("/staff/pavb/proof/dictionary", {"word": bad})
        eq(r.status, 422, bad)
    # Lithuanian order: y with i, š after s, ž after z
    for w in ("Žeimelis", "Ylakiai", "Šiaulių", "Ignalina", "Sakalas", "Izraelis"):
        eq(e.post("/staff/pavb/proof/dictionary", {"word": w}).status, 303)
    page = e.get("/staff/pavb/proof/dictionary").text
    words = re.findall(r'<th scope="row" lang="lt">([^<]+)</th>', page)
    eq(words, ["Ignalina", "Ylakiai", "Izraelis", "Petkevičaitės", "Sakalas", "Šiaulių", "Žeimelis"])
    # removing brings the flag back
    wid = sk.sql("SELECT id FROM proof_words WHERE word = 'Petkevičaitės'")[0][0]
    eq(a.c.post(f"/staff/pavb/proof/dictionary/{wid}/delete").status, 403)
    eq(e.post(f"/staff/pavb/proof/dictionary/{wid}/delete").status, 303)
    eq(flagged(a.check(text), "spelling"), ["Petkevičaitės", "Petkevičaitė"])
    acts = [x[0] for x in sk.sql("SELECT action FROM audit_log WHERE entity = 'proof_word' ORDER BY id")]
    check(acts[0] == "proof_word_added" and acts[-1] == "proof_word_removed", acts)
    # the institution's own id cannot remove another's word
    bid = None
    be = srv.client()
    be.login("red@birzai.lt", PW)
    eq(be.post("/staff/birzai/proof/dictionary", {"word": "Bielinio"}).status, 303)
    bid = sk.sql("SELECT id FROM proof_words WHERE word = 'Bielinio'")[0][0]
    eq(e.post(f"/staff/pavb/proof/dictionary/{bid}/delete").status, 404)
    eq(sk.sql("SELECT COUNT(*) FROM proof_words WHERE word = 'Bielinio'"), [["1"]])


TYPO = [
    # (text, rule, flagged text, suggestion)
    ('Sekite mus "Facebook" paskyroje.', "quotes", '"Facebook"', "„Facebook“"),
    ("Sekite mus “Facebook” paskyroje.", "quotes", "“Facebook”", "„Facebook“"),
    ("Paroda vyks 2026-11-22 - 2026-11-25 salėje.", "range_dash", "2026-11-22 - 2026-11-25", "2026-11-22–2026-11-25"),
    ("Skaitykite 1-5 skyrius.", "range_dash", "1-5", "1–5"),
    ("Projektas vyks 2026—2027 metais.", "range_dash", "2026—2027", "2026–2027"),
    ("Dirbame 10-12 valandomis.", "range_dash", "10-12", "10–12"),
    ("Renginys 16:30-18:00 salėje.", "range_dash", "16:30-18:00", "16:30–18:00"),
    ("Renginys vyks 2026 m. rudenį.", "nbsp_unit", "2026 m.", f"2026{NB}m."),
    ("Pradžia 5 val. vakaro.", "nbsp_unit", "5 val.", f"5{NB}val."),
    ("Truks 3 d. ir baigsis.", "nbsp_unit", "3 d.", f"3{NB}d."),
    ("Tai XIX a. paminklas.", "nbsp_unit", "XIX a.", f"XIX{NB}a."),
    ("Lankytojų padaugėjo 20 proc. šiemet.", "nbsp_unit", "20 proc.", f"20{NB}proc."),
    ("Lankytojų padaugėjo 12% šiemet.", "nbsp_unit", "12%", f"12{NB}%"),
    ("Įsakymas Nr. 767 galioja.", "nbsp_abbr", "Nr. 767", f"Nr.{NB}767"),
    ("Įsakymas Nr. ĮV-372 galioja.", "nbsp_abbr", "Nr. ĮV-372", f"Nr.{NB}ĮV-372"),
    ("Žr. p. 12 apačioje.", "nbsp_abbr", "p. 12", f"p.{NB}12"),
    ("Adresas: Kranto g. 1, Panevėžys.", "nbsp_abbr", "g. 1", f"g.{NB}1"),
    ("Surinkta 3 000 knygų.", "nbsp_thousands", "3 000", f"3{NB}000"),
    (f"Gyventojų: 1 234{NB}567 žmonės.", "nbsp_thousands", f"1 234{NB}567", f"1{NB}234{NB}567"),
    ("Kalbėjo J. Basanavičius apie knygas.", "nbsp_initial", "J. Basanavičius", f"J.{NB}Basanavičius"),
    ("Rašė G. Petkevičaitė-Bitė knygas.", "nbsp_initial", "G. Petkevičaitė-Bitė", f"G.{NB}Petkevičaitė-Bitė"),
    ("Biblioteka  kviečia visus.", "double_space", "  ", " "),
    ("Biblioteka kviečia , visus.", "space_punct", " ,", ","),
    ("Ateikite ( ir pasilikite).", "space_paren", "( ", "("),
    ("Knyga - geriausia dovana.", "dash", " - ", " – "),
    ("Knyga — geriausia dovana.", "dash", " — ", " – "),
    ("Minime Vasario 16oji proga.", "ordinal", "16oji", "16-oji"),
    ("Sveikiname su 23–iąja sukaktimi.", "ordinal", None, None),
    ("Sveikiname 1–oji vieta.", "ordinal", "1–oji", "1-oji"),
    ("Panevėžio Apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka.", "inst_caps", "Apskrities", "apskrities"),
    ("Kvietė Lietuvos Nacionalinė Martyno Mažvydo biblioteka.", "inst_caps", "Nacionalinė", "nacionalinė"),
]

CLEAN = [
    "Sekite mus „Facebook“ paskyroje.",
    "Paroda vyks 2026-11-22–2026-11-25 salėje.",
    f"Renginys vyks 2026{NB}m. lapkričio 22{NB}d. 16:30–18:00.",
    f"Kalbėjo J.{NB}Basanavičius, įsakymas Nr.{NB}767, žr. p.{NB}12.",
    "Knyga – geriausia dovana. Vasario 16-oji, 23-iąją, 1990-ųjų, 1-oji vieta.",
    "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka.",
    "Biblioteka kviečia. Viešoji erdvė atvira. Šiandien Biblioteka neveikia? Ne.",
    f"Surinkta 3{NB}000 knygų, tel. 8 612 34567, (8 45) 46 01 23, 1990 ir 2000 metais, 3000 knygų.",
    f"Tel. +370 45 123456, 2026-11-22, 10.00, 3,5{NB}kg, Vilnius–Kaunas.",
]


@test
def typography_rules_of_l8(sk):
    srv = world(sk)
    a = Api(srv, "staff@pavb.lt")
    for text, rule, what, sugg in TYPO:
        iss = a.check(text)
        got = [i for i in iss if i["rule"] == rule]
        if what is None:   # "23–iąja": the en dash is flagged even though iąja is a form we accept
            check(got, f"{rule} in {text!r}: {iss!r}")
            continue
        check(len(got) == 1, f"{rule} in {text!r}: {iss!r}")
        i = got[0]
        eq(i["text"], what, text)
        eq(i["suggestions"][:1], [sugg], text)
        eq(text.encode()[i["start"]:i["end"]].decode(), what, text)
        check(i["kind"] in ("typography", "style"), i)
        check(i["message"], i)
    for text in CLEAN:
        iss = [i for i in a.check(text) if i["kind"] != "spelling"]
        eq(iss, [], text)
    # straight quotes around a title, and the spelling inside is still checked
    iss = a.check('Knyga "Rengynys" pasirodė.')
    eq(sorted(i["rule"] for i in iss), ["quotes", "spelling"])
    # an unpaired quotation mark
    eq(flagged(a.check('Jis pasakė "taip ir nuėjo.'), "quote_unpaired"), ['"'])


@test
def bad_input_is_a_clear_4xx(sk):
    srv = world(sk)
    a = Api(srv, "staff@pavb.lt")
    r = a.post("/api/v1/pavb/proof", raw=b'{"text": "\xff\xfe abc", "lang": "lt"}')
    check(400 <= r.status < 500, r.status)
    eq(r.json()["error"]["code"] in ("bad_request", "invalid", "invalid_input", "input"), True, r.text)
    r = a.post("/api/v1/pavb/proof", {"text": "labas", "lang": "de"})
    eq(r.status, 422, r.text)
    check("lang" in r.json()["error"]["fields"], r.text)
    r = a.post("/api/v1/pavb/proof", {"lang": "lt"})
    eq(r.status, 422)
    check("text" in r.json()["error"]["fields"], r.text)
    r = a.post("/api/v1/pavb/proof", raw="[1, 2]")
    check(400 <= r.status < 500, r.status)
    r = a.post("/api/v1/pavb/proof", {"text": "ž" * 110000})   # 220,000 bytes
    eq(r.status, 413, r.text[:200])
    check("200" in r.json()["error"]["message"], r.text)
    r = a.post("/api/v1/pavb/proof", {"text": "labas\u0000rytas"})
    eq(r.status, 422, r.text[:200])
    # just under the cap works
    iss = a.check("Labas rytas. " * 15000)
    eq(iss, [])
    # anonymous: 401 JSON
    r = srv.client().request("POST", "/api/v1/pavb/proof", body=json.dumps({"text": "x"}), ctype="application/json")
    eq(r.status, 401)


@test
def standalone_page_without_javascript(sk):
    srv = world(sk)
    e = srv.client()
    e.login("red@pavb.lt", PW)
    r = e.get("/staff/pavb/proof")
    eq(r.status, 200)
    check('name="text"' in r.text and "Tikrinti tekstą" in r.text, r.text[:500])
    text = 'Kvietė <b>Petkevičaitės</b> "Facebook" rengynys 2026 m.'
    r = e.post("/staff/pavb/proof", {"text": text, "lang": "lt"})
    eq(r.status, 200, r.text[:300])
    body = r.text
    check("<b>Petkevičaitės</b>" not in body, "the text is escaped")
    check("&lt;/a&gt;" not in body and "&lt;/span&gt;" not in body and "&lt;mark" not in body, "markup escaped twice")
    check("&lt;b&gt;<mark" in body, "marks inside the escaped text")
    check(re.search(r'<mark id="pm-\d+" class="proof-spelling">rengynys</mark>', body), body[-3000:])
    check("<code>renginys</code>" in body, "the suggestion is listed")
    check('name="add" value="Petkevičaitės"' in body, "add button for the editor")
    # the text comes back in the box
    check(htmlmod.escape(text, quote=False) in body or htmlmod.escape(text) in body, "the text is kept")
    # adding from the page: the same POST adds and checks again
    r = e.post("/staff/pavb/proof", {"text": text, "lang": "lt", "add": "Petkevičaitės"})
    eq(r.status, 200)
    check('class="proof-spelling">Petkevičaitės<' not in r.text, "no longer flagged")
    eq(sk.sql("SELECT word FROM proof_words"), [["Petkevičaitės"]])
    # the panel's own forms (the content editor's): add, then back to the page it came from
    r = e.post("/staff/pavb/proof/dictionary", {"word": "Bražėnaitės", "next": "/staff/pavb/proof?x=1"})
    eq(r.status, 303)
    eq(r.header("Location"), "/staff/pavb/proof?x=1")
    r = e.post("/staff/pavb/proof/dictionary", {"word": "Vaitkūnaitės", "next": "https://evil.example/"})
    eq(r.status, 303)
    check(not r.header("Location").startswith("https://evil"), r.header("Location"))
    # a member without the permission sees no button and cannot add
    s = srv.client()
    s.login("staff@pavb.lt", PW)
    r = s.post("/staff/pavb/proof", {"text": "rengynys", "lang": "lt"})
    eq(r.status, 200)
    check('name="add"' not in r.text, "no add button")
    eq(s.post("/staff/pavb/proof", {"text": "rengynys", "lang": "lt", "add": "rengynys"}).status, 403)
    r = s.post("/staff/pavb/proof", {"text": "", "lang": "lt"})
    eq(r.status, 422)
    # not a member of birzai
    eq(s.get("/staff/birzai/proof").status, 403)


@test
def house_style_rules(sk):
    srv = world(sk)
    a = Api(srv, "staff@pavb.lt")
    text = "Ko pasekoje renginys atidėtas. Atėjo daug žmonių, tame  tarpe vaikų."
    eq(flagged(a.check(text), "house_style"), [])
    e = srv.client()
    e.login("red@pavb.lt", PW)
    eq(a.c.post("/staff/pavb/proof/style", {"lang": "lt", "phrase": "ko pasekoje", "suggestion": "dėl to"}).status, 403)
    r = e.post("/staff/pavb/proof/style", {"lang": "lt", "phrase": "ko pasekoje", "suggestion": "dėl to",
                                          "note": "Vertinys (VLKK)."})
    eq(r.status, 303, r.text[:300])
    eq(e.post("/staff/pavb/proof/style", {"lang": "lt", "phrase": "Tame tarpe", "suggestion": "tarp jų"}).status, 303)
    eq(e.post("/staff/pavb/proof/style", {"lang": "lt", "phrase": "tame tarpe"}).status, 422, "duplicate")
    eq(e.post("/staff/pavb/proof/style", {"lang": "lt", "phrase": "1 2 3"}).status, 422, "not words")
    eq(e.post("/staff/pavb/proof/style", {"lang": "de", "phrase": "x"}).status, 422, "language")
    iss = a.check(text)
    hs = [i for i in iss if i["rule"] == "house_style"]
    eq([i["text"] for i in hs], ["Ko pasekoje", "tame  tarpe"])
    eq(hs[0]["suggestions"], ["Dėl to"], "capital kept")
    eq(hs[0]["note"], "Vertinys (VLKK).")
    eq(hs[0]["kind"], "style")
    eq(hs[1]["suggestions"], ["tarp jų"])
    check("note" not in hs[1], hs[1])
    # only in Lithuanian texts, only in pavb
    eq(flagged(a.check("ko pasekoje", lang="en"), "house_style"), [])
    b = Api(srv, "red@birzai.lt")
    eq(flagged(b.check(text, inst="birzai"), "house_style"), [])
    # the page lists it; removing stops it
    page = e.get("/staff/pavb/proof/style").text
    check("ko pasekoje" in page and "Vertinys (VLKK)." in page, "listed")
    rid = sk.sql("SELECT id FROM proof_style_rules WHERE phrase = 'ko pasekoje'")[0][0]
    bb = srv.client()
    bb.login("red@birzai.lt", PW)
    eq(bb.post(f"/staff/birzai/proof/style/{rid}/delete").status, 404)
    eq(e.post(f"/staff/pavb/proof/style/{rid}/delete").status, 303)
    eq(flagged(a.check(text), "house_style"), ["tame  tarpe"])
    # the standalone page shows the rule's note
    r = e.post("/staff/pavb/proof", {"text": "Tame tarpe ir vaikai.", "lang": "lt"})
    check("<code>Tarp jų</code>" in r.text, r.text[-2000:])


@test
def suggestions_capped_and_memoised(sk):
    import random
    import time
    srv = world(sk)
    a = Api(srv, "staff@pavb.lt")
    rnd = random.Random(4)
    dic = [ln.split("/")[0] for ln in open("/usr/share/hunspell/lt_LT.dic", encoding="iso-8859-13").read().split("\n")[1:]
           if "/" in ln and ln[:1].islower() and len(ln.split("/")[0]) > 5]
    words = [w + "qk" for w in rnd.sample(dic, 80)]
    text = " ".join(words) + "."
    t0 = time.time()
    iss = [i for i in a.check(text) if i["kind"] == "spelling"]
    took = time.time() - t0
    eq(len(iss), 80, "every unknown word is flagged")
    n1 = sum(1 for i in iss if i["suggestions"])
    check(0 < n1 <= 40, f"{n1} words got suggestions in one check")
    check(took < 8, f"the check took {took:.1f} s")
    # the next check reuses what the first computed and adds more
    iss2 = [i for i in a.check(text) if i["kind"] == "spelling"]
    n2 = sum(1 for i in iss2 if i["suggestions"])
    check(n2 > n1, f"memoised suggestions: {n1} then {n2}")
    first = {i["text"]: i["suggestions"] for i in iss if i["suggestions"]}
    for i in iss2:
        if i["text"] in first:
            eq(i["suggestions"], first[i["text"]], "the same suggestions from the memo")


@test
def random_texts_keep_offsets_right(sk):
    import random
    srv = world(sk)
    a = Api(srv, "red@pavb.lt")
    a.c.post("/staff/pavb/proof/style", {"lang": "lt", "phrase": "ko pasekoje", "suggestion": "dėl to"})
    a.c.post("/staff/pavb/proof/dictionary", {"word": "Petkevičaitės"})
    pool = list('"“”„«»\'’-—–−  \u00a0\n\r\t.,;:!?()`@/%€0123456789aąčęėįyšųūžAĄČŠŽXIVJG') + [
        "Nr.", "p.", "m.", "val.", "d.", "a.", "://", "www.", "J. ", "😀", "ř", "oji", "iąją", "Viešoji ",
        "Biblioteka", "Panevėžio ", "Apskrities ", "2026-11-22", "16:30", "ko pasekoje", "rengynys ", "--",
        "Petkevičaitės-Bitės "]
    rnd = random.Random(11)
    for _ in range(300):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 60)))
        for i in a.check(text, lang=rnd.choice(["lt", "lt", "en"])):
            b, u = text.encode(), text.encode("utf-16-le")
            check(i["start"] < i["end"], i)
            eq(b[i["start"]:i["end"]].decode(), i["text"], repr(text))
            eq(u[2 * i["start_utf16"]:2 * i["end_utf16"]].decode("utf-16-le"), i["text"], repr(text))
            check(i["kind"] in ("spelling", "typography", "style") and i["message"], i)


run()

"""The media library (C12, first cut) and photo withdrawal (AC-C4-7):
upload with duplicate detection by SHA-256 within the institution,
isolation between institutions, photos attached to a content item and
its Facebook variant, shown on the newsroom with their credit line; a
withdrawal request restricts the photo at once and lists the newsroom
item, the social publication and the newsletter issue that used it; the
request cannot be closed before each is removed or replaced, and closes
(with its task) after; the withdrawn photo is served neither on the
newsroom nor in the press kit ZIP (parsed with zipfile)."""
import io
import re
import zipfile

from sk import test, run, check, eq, png, multipart, login, one

PW = "correct horse battery"


def upload(c, data, title, name="foto.png", **extra):
    f = {"kind": "photo", "title_lt": title, "author": "Jonas Jonaitis", "credit": "Nuotr. Jonas Jonaitis / PAVB",
         "licence": "press_use_with_credit", "public_use": "1"}
    f.update(extra)
    c.get("/staff/pavb/assets")
    return multipart(c, "/staff/pavb/assets", f, {"file": (name, data, "application/octet-stream")})


def asset_id(r):
    return int(re.search(r"/assets/(\d+)$", r.header("Location")).group(1))


def world(sk):
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("rysiai@pavb.lt", "Jonas Kazlauskas", inst="pavb", roles=["PR"])
    sk.add_user("redaktore@pavb.lt", "Rūta Redaktorė", inst="pavb", roles=["EDITOR"])
    sk.add_user("koord@pavb.lt", "Jurgita Koordinatorė", inst="pavb", roles=["COORD"])
    sk.add_user("darb@pavb.lt", "Simona Darbuotoja", inst="pavb", roles=["STAFF"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    return sk.server(env={"SKLAIDA_CACHE_MB": "0"}, args=["--workers", "0"])


@test
def upload_duplicate_and_isolation(sk):
    srv = world(sk)
    p = login(srv.client(), "rysiai@pavb.lt")
    data = png(200, 30, 30)
    r = upload(p, data, "Skaitykla rytą")
    eq(r.status, 303, r.text[:1500])
    aid = asset_id(r)
    row = sk.sql(f"SELECT a.kind, a.mime, a.size, a.sha256, f.size FROM assets a JOIN files f ON f.id = a.file_id "
                 f"WHERE a.id = {aid}")[0]
    import hashlib
    eq(tuple(row), ("photo", "image/png", str(len(data)), hashlib.sha256(data).hexdigest(), str(len(data))))
    # the same bytes under another name: refused, the existing one named
    r = upload(p, data, "Kita antraštė", name="kitas.png")
    eq(r.status, 409)
    check("Skaitykla rytą" in r.text and "jau" in r.text, "the duplicate is named")
    eq(one(sk, "SELECT COUNT(*) FROM assets"), "1")
    # not an image as a photo; no credit for a public licence; too big a title
    r = upload(p, b"%PDF-1.4 tiny", "Dokumentas", name="x.png")
    eq(r.status, 422)
    # the type comes from the bytes (libmagic), never the name: an SVG (it can carry script) and a
    # Windows program are refused even as graphics and documents
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for bad, kind in ((svg, "graphic"), (b"MZ\x90\x00\x03" + b"\x00" * 60 + b"PE\x00\x00" + b"\x01" * 200, "document")):
        r = upload(p, bad, "Netinkamas", name="x.png", kind=kind)
        eq(r.status, 422, f"{kind}: {r.status}")
        check('id="e-file"' in r.text, "the file field carries the error")
    r = upload(p, png(1, 2, 3), "Be autoriaus", author="", credit="")
    eq(r.status, 422)
    check('id="e-credit"' in r.text, "a credit line is needed for a public licence")
    # over the 20 MB cap
    r = upload(p, png(1, 1, 1) + b"\0" * (20 * 1024 * 1024), "Per didelė")
    eq(r.status, 422)
    check("20 MB" in r.text, "the cap is named")
    eq(one(sk, "SELECT COUNT(*) FROM assets"), "1")
    # the staff download comes back byte for byte
    got = p.get(f"/staff/pavb/assets/{aid}/file")
    eq(got.status, 200)
    eq(got.body, data)
    # the list sorts by Lithuanian collation: Č after C, Š after S, before T
    for t, c in (("Šventė", (1, 1, 1)), ("Tėvų diena", (2, 2, 2)), ("Čiurlionio vakaras", (3, 3, 3)),
                 ("Cirkas", (4, 4, 4))):
        eq(upload(p, png(*c), t).status, 303)
    lst = p.get("/staff/pavb/assets").text
    order = [lst.index(t) for t in ("Cirkas", "Čiurlionio vakaras", "Skaitykla rytą", "Šventė", "Tėvų diena")]
    eq(order, sorted(order), "ICU lt order")
    # another institution: not a member of pavb (403), and in its own scope the id does not exist (404)
    b = login(srv.client(), "birzai@birzai.lt")
    eq(b.get(f"/staff/pavb/assets/{aid}").status, 403)
    eq(b.get(f"/staff/birzai/assets/{aid}").status, 404)
    eq(b.get(f"/staff/birzai/assets/{aid}/file").status, 404)
    eq(srv.client().get(f"/birzai/media/{aid}").status, 404)
    # the same bytes in another institution are not a duplicate there
    b.get("/staff/birzai/assets")
    r = multipart(b, "/staff/birzai/assets", {"kind": "photo", "title_lt": "Biržų kopija", "licence": "internal_only"},
                  {"file": ("foto.png", data, "image/png")})
    eq(r.status, 303, r.text[:800])
    eq(one(sk, "SELECT COUNT(*) FROM assets"), "6")
    # a STAFF member may not upload
    s = login(srv.client(), "darb@pavb.lt")
    s.get("/staff/pavb/tasks")
    eq(multipart(s, "/staff/pavb/assets", {"kind": "photo", "title_lt": "x", "licence": "internal_only"},
                 {"file": ("x.png", png(9, 9, 9), "image/png")}).status, 403)
    eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'asset.create'"), "6")
    # a PDF is a document
    pdf = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
           b"trailer<</Root 1 0 R>>\n%%EOF\n")
    r = upload(p, pdf, "Pranešimo spaudai PDF", name="pranesimas.bin", kind="document")
    eq(r.status, 303, r.text[:800])
    eq(one(sk, "SELECT mime FROM assets WHERE title_lt = 'Pranešimo spaudai PDF'"), "application/pdf")


def channel(sk, code):
    return int(one(sk, f"SELECT c.id FROM pub_channels c JOIN institutions i ON i.id = c.institution_id "
                       f"WHERE i.slug = 'pavb' AND c.code = '{code}'"))


def publish_news(srv, sk, title):
    k = login(srv.client(), "koord@pavb.lt")
    for code, mail in (("newsroom", "rysiai@pavb.lt"), ("facebook", "rysiai@pavb.lt")):
        uid = one(sk, f"SELECT id FROM users WHERE email = '{mail}'")
        k.post(f"/staff/pavb/channels/{channel(sk, code)}/admins", {"user_id": str(uid), "second_factor": "tel."})
    a = login(srv.client(), "rysiai@pavb.lt")
    r = a.post("/staff/pavb/content/new", {"type": "news", "title": title, "summary": "Trumpai.",
                                           "body": "Tekstas.", "lang": "lt"})
    eq(r.status, 303, r.text[:800])
    iid = int(re.search(r"/content/(\d+)$", r.header("Location")).group(1))
    return a, iid


def approve_and_publish(srv, sk, a, iid):
    import datetime as dt
    import time
    import zoneinfo
    eq(a.post(f"/staff/pavb/content/{iid}/transition", {"action": "submit"}).status, 303)
    e = login(srv.client(), "redaktore@pavb.lt")
    eq(e.post(f"/staff/pavb/content/{iid}/transition", {"action": "review_ok", "result": "ok"}).status, 303)
    t = int(time.time()) + 180
    t = t - t % 60 + 60
    d = dt.datetime.fromtimestamp(t, zoneinfo.ZoneInfo("Europe/Vilnius"))
    r = a.post(f"/staff/pavb/content/{iid}/publish",
               {"channel[]": [str(channel(sk, "newsroom")), str(channel(sk, "facebook"))],
                "date": d.strftime("%Y-%m-%d"), "time": d.strftime("%H:%M")})
    eq(r.status, 303, r.text[:1500])
    sk.write_sql("UPDATE publications SET scheduled_at = scheduled_at - 7200 WHERE status = 'scheduled'")
    sk.write_sql("UPDATE jobs SET run_after = 0 WHERE kind = 'publish' AND status = 'queued'")
    sk.cli("job", "drain")
    eq(one(sk, f"SELECT status FROM content_items WHERE id = {iid}"), "published")


def kit(srv):
    r = srv.client().get("/pavb/press/kit.zip")
    eq(r.status, 200)
    eq(r.header("Content-Type"), "application/zip")
    return zipfile.ZipFile(io.BytesIO(r.body))


@test
def attach_publish_withdraw(sk):
    srv = world(sk)
    p = login(srv.client(), "rysiai@pavb.lt")
    photo, other = png(10, 120, 200), png(250, 250, 0)
    r = upload(p, photo, "Vaikų skaitymų popietė")
    eq(r.status, 303, r.text[:1500])
    aid = asset_id(r)
    r = upload(p, other, "Bibliotekos fasadas", credit="Nuotr. Rūta Petraitė")
    eq(r.status, 303)
    bid = asset_id(r)
    r = upload(p, png(5, 5, 5), "Vidinė nuotrauka", licence="internal_only", credit="", author="")
    eq(r.status, 303, r.text[:800])
    internal = asset_id(r)
    # a public album for the press kit, with all three photos in it
    k = login(srv.client(), "koord@pavb.lt")
    k.get("/staff/pavb/assets")
    eq(k.post("/staff/pavb/albums", {"album_title_lt": "Spaudai", "album_public": "1"}).status, 303)
    alb = one(sk, "SELECT id FROM albums WHERE title_lt = 'Spaudai'")
    for x in (aid, bid, internal):
        page = p.get(f"/staff/pavb/assets/{x}").text
        title = re.search(r'name="title_lt" type="text" value="([^"]*)"', page).group(1)
        lic = "internal_only" if x == internal else "press_use_with_credit"
        r = p.post(f"/staff/pavb/assets/{x}", {"kind": "photo", "title_lt": title, "licence": lic,
                                               "author": "Jonas Jonaitis" if x != internal else "",
                                               "credit": one(sk, f"SELECT credit FROM assets WHERE id = {x}"),
                                               "public_use": "1", "album[]": [str(alb)]})
        eq(r.status, 303, r.text[:1200])
    eq(one(sk, f"SELECT COUNT(*) FROM album_assets WHERE album_id = {alb}"), "3")
    # the press room: two photos (not the internal-only one), with credits, each downloadable
    anon = srv.client()
    room = anon.get("/pavb/press").text
    check("Vaikų skaitymų popietė" in room and "Nuotr. Jonas Jonaitis / PAVB" in room, "photo with credit")
    check("Vidinė nuotrauka" not in room, "internal-only not in the press room")
    check(f'/pavb/media/{aid}/download' in room and '/pavb/press/kit.zip' in room, "download links")
    eq(anon.get(f"/pavb/media/{aid}").body, photo)
    eq(anon.get(f"/pavb/media/{internal}").status, 404)
    z = kit(srv)
    names = z.namelist()
    check("CREDITS.txt" in names and "ABOUT.txt" in names, repr(names))
    photos = [n for n in names if n.startswith("photos/")]
    eq(len(photos), 2, repr(names))
    credits = z.read("CREDITS.txt").decode()
    check("Nuotr. Jonas Jonaitis / PAVB" in credits and "Nuotr. Rūta Petraitė" in credits, credits)
    check("spaudai" in credits.lower() or "Naudoti" in credits, "the licence is named: " + credits)
    eq(z.read(f"photos/{aid}-foto.png"), photo)

    # a news item with the photo on the item and on its Facebook variant
    a, iid = publish_news(srv, sk, "Vaikų skaitymų popietė bibliotekoje")
    page = a.get(f"/staff/pavb/content/{iid}/assets")
    eq(page.status, 200)
    eq(a.post(f"/staff/pavb/content/{iid}/assets", {"op": "attach", "channel_id": "0", "asset_id": str(aid)}).status,
       303)
    eq(a.post(f"/staff/pavb/content/{iid}/assets",
              {"op": "attach", "channel_id": str(channel(sk, "facebook")), "asset_id": str(aid)}).status, 303)
    # from the variants page and back there; a foreign "next" is ignored
    fb = str(channel(sk, "facebook"))
    r = a.post(f"/staff/pavb/content/{iid}/assets", {"op": "attach", "channel_id": fb, "asset_id": str(bid),
                                                    "next": f"/staff/pavb/content/{iid}/variants"})
    eq(r.status, 303)
    check(r.header("Location").endswith(f"/staff/pavb/content/{iid}/variants"), r.header("Location"))
    check("asset-attached" in a.get(f"/staff/pavb/content/{iid}/variants").text, "attached, shown on the variants page")
    r = a.post(f"/staff/pavb/content/{iid}/assets", {"op": "detach", "channel_id": fb, "asset_id": str(bid),
                                                    "next": "https://evil.example/"})
    eq(r.status, 303)
    check("evil" not in r.header("Location"), r.header("Location"))
    # another institution's asset cannot be attached
    b = login(srv.client(), "birzai@birzai.lt")
    b.get("/staff/birzai/assets")
    r = multipart(b, "/staff/birzai/assets", {"kind": "photo", "title_lt": "Biržų", "licence": "internal_only"},
                  {"file": ("b.png", png(7, 8, 9), "image/png")})
    foreign = asset_id(r)
    eq(a.post(f"/staff/pavb/content/{iid}/assets", {"op": "attach", "channel_id": "0",
                                                    "asset_id": str(foreign)}).status, 422)
    eq(one(sk, f"SELECT COUNT(*) FROM content_assets WHERE item_id = {iid}"), "2")
    approve_and_publish(srv, sk, a, iid)
    slug = one(sk, f"SELECT slug FROM content_items WHERE id = {iid}")
    item = anon.get(f"/pavb/news/{slug}").text
    check(f'src="/pavb/media/{aid}"' in item, "the photo on the newsroom item")
    check("Nuotr. Jonas Jonaitis / PAVB" in item, "with its credit line")
    # a newsletter issue that contained the item
    sk.write_sql("INSERT INTO nl_issues(institution_id, number, subject_lt, status) "
                 "SELECT id, 7, 'Gruodžio naujienos', 'sent' FROM institutions WHERE slug = 'pavb'")
    sk.write_sql(f"INSERT INTO nl_issue_blocks(institution_id, issue_id, item_id, pos) "
                 f"SELECT institution_id, id, {iid}, 1 FROM nl_issues WHERE number = 7")

    # the withdrawal request
    owner = one(sk, "SELECT id FROM users WHERE email = 'rysiai@pavb.lt'")
    k.get("/staff/pavb/takedowns/new")
    r = k.post("/staff/pavb/takedowns", {"reason": "consent_withdrawn", "requester": "Ona Onaitė",
                                         "received_date": "2026-01-05", "owner_id": str(owner),
                                         "asset[]": [str(aid)]})
    eq(r.status, 303, r.text[:1500])
    tid = int(re.search(r"/takedowns/(\d+)$", r.header("Location")).group(1))
    eq(one(sk, f"SELECT restricted FROM assets WHERE id = {aid}"), "1")
    uses = sk.sql(f"SELECT kind, item_id, publication_id, issue_id FROM takedown_uses WHERE request_id = {tid} "
                  f"ORDER BY kind")
    eq([u[0] for u in uses], ["newsletter", "newsroom", "social"], repr(uses))
    fbpub = one(sk, f"SELECT id FROM publications WHERE item_id = {iid} AND channel_id = {channel(sk, 'facebook')}")
    eq(uses[2][2], fbpub)
    eq(uses[0][3], one(sk, "SELECT id FROM nl_issues WHERE number = 7"))
    # the owner's task
    task = sk.sql(f"SELECT t.status, u.email FROM tasks t JOIN users u ON u.id = t.assignee_id "
                  f"WHERE t.related_type = 'takedown' AND t.related_id = {tid}")
    eq([tuple(x) for x in task], [("open", "rysiai@pavb.lt")])
    # the owner cannot just tick the task done while the request is open
    task_id = one(sk, f"SELECT id FROM tasks WHERE related_type = 'takedown' AND related_id = {tid}")
    o = login(srv.client(), "rysiai@pavb.lt")
    check(f"/staff/pavb/takedowns/{tid}" in o.get(f"/staff/pavb/tasks/{task_id}").text, "the task links the request")
    eq(o.post(f"/staff/pavb/tasks/{task_id}/status", {"status": "done", "note": ""}).status, 409)
    eq(one(sk, f"SELECT status FROM tasks WHERE id = {task_id}"), "open")
    page = k.get(f"/staff/pavb/takedowns/{tid}").text
    check("Gruodžio naujienos" in page and "Vaikų skaitymų popietė bibliotekoje" in page, "the uses are listed")
    # at once: not served, not on the newsroom, not in the kit, not attachable
    eq(anon.get(f"/pavb/media/{aid}").status, 404)
    eq(anon.get(f"/pavb/media/{aid}/download").status, 404)
    check(f"/pavb/media/{aid}" not in anon.get(f"/pavb/news/{slug}").text, "off the newsroom")
    check(f"/pavb/media/{aid}" not in anon.get("/pavb/press").text, "off the press room")
    z = kit(srv)
    check(f"photos/{aid}-foto.png" not in z.namelist(), repr(z.namelist()))
    check("Vaikų skaitymų popietė" not in z.read("CREDITS.txt").decode(), "not in the credits")
    eq(a.post(f"/staff/pavb/content/{iid}/assets", {"op": "attach", "channel_id": "0", "asset_id": str(aid)}).status,
       422)
    # closing too early fails, clearly
    r = k.post(f"/staff/pavb/takedowns/{tid}/close", {})
    eq(r.status, 409)
    check('id="e-close"' in r.text and "3" in re.search(r'id="e-close">([^<]*)<', r.text).group(1), r.text[-2000:])
    eq(one(sk, f"SELECT status FROM takedown_requests WHERE id = {tid}"), "open")
    # resolve: the newsroom photo replaced, the others removed
    ids = dict((u[0], u[1]) for u in sk.sql(f"SELECT kind, id FROM takedown_uses WHERE request_id = {tid}"))
    r = k.post(f"/staff/pavb/takedowns/{tid}/uses/{ids['newsroom']}", {"action": "replaced", "replacement": "",
                                                                      "note": ""})
    eq(r.status, 422, "replaced needs the replacement")
    eq(k.post(f"/staff/pavb/takedowns/{tid}/uses/{ids['newsroom']}",
              {"action": "replaced", "replacement": str(bid), "note": "Kita nuotrauka"}).status, 303)
    eq(k.post(f"/staff/pavb/takedowns/{tid}/uses/{ids['newsroom']}", {"action": "removed"}).status, 409)
    eq(k.post(f"/staff/pavb/takedowns/{tid}/uses/{ids['social']}", {"action": "removed"}).status, 303)
    eq(k.post(f"/staff/pavb/takedowns/{tid}/close", {}).status, 409)
    eq(k.post(f"/staff/pavb/takedowns/{tid}/uses/{ids['newsletter']}", {"action": "removed"}).status, 303)
    rows = sk.sql(f"SELECT action, u.email, CASE WHEN resolved_at > 0 THEN 1 ELSE 0 END FROM takedown_uses x "
                  f"JOIN users u ON u.id = x.resolved_by WHERE request_id = {tid} ORDER BY x.kind")
    eq([tuple(x) for x in rows], [("removed", "koord@pavb.lt", "1"), ("replaced", "koord@pavb.lt", "1"),
                                  ("removed", "koord@pavb.lt", "1")])
    eq(one(sk, f"SELECT COUNT(*) FROM content_assets WHERE item_id = {iid} AND asset_id = {aid}"), "0")
    check(f'src="/pavb/media/{bid}"' in anon.get(f"/pavb/news/{slug}").text, "the replacement on the newsroom")
    r = k.post(f"/staff/pavb/takedowns/{tid}/close", {})
    eq(r.status, 303, r.text[-1500:])
    eq(one(sk, f"SELECT status FROM takedown_requests WHERE id = {tid}"), "closed")
    eq(one(sk, f"SELECT status FROM tasks WHERE related_type = 'takedown' AND related_id = {tid}"), "done")
    acts = [x[0] for x in sk.sql(f"SELECT action FROM audit_log WHERE entity = 'takedown_requests' "
                                 f"AND entity_id = {tid} ORDER BY id")]
    eq(acts, ["takedown.create", "takedown.resolve", "takedown.resolve", "takedown.resolve", "takedown.close"])
    # still withdrawn after the close; the staff may still see it
    eq(anon.get(f"/pavb/media/{aid}").status, 404)
    eq(p.get(f"/staff/pavb/assets/{aid}/file").status, 200)
    # a STAFF member cannot record a withdrawal
    s = login(srv.client(), "darb@pavb.lt")
    s.get("/staff/pavb/tasks")
    eq(s.post("/staff/pavb/takedowns", {"reason": "error", "requester": "x", "received_date": "2026-01-05",
                                        "asset[]": [str(bid)]}).status, 403)


@test
def takedown_bad_input(sk):
    srv = world(sk)
    p = login(srv.client(), "rysiai@pavb.lt")
    aid = asset_id(upload(p, png(60, 60, 60), "Renginys"))
    k = login(srv.client(), "koord@pavb.lt")
    k.get("/staff/pavb/takedowns/new")
    r = k.post("/staff/pavb/takedowns", {"reason": "because", "requester": "", "received_date": "2999-01-01"})
    eq(r.status, 422)
    for f in ("reason", "requester", "received_date", "assets"):
        check(f'id="e-{f}"' in r.text, f"field error {f}")
    eq(one(sk, "SELECT COUNT(*) FROM takedown_requests"), "0")
    eq(one(sk, f"SELECT restricted FROM assets WHERE id = {aid}"), "0")
    # no use at all: closes at once
    r = k.post("/staff/pavb/takedowns", {"reason": "error", "requester": "Redakcija", "received_date": "2026-01-05",
                                         "asset[]": [str(aid)]})
    eq(r.status, 303, r.text[:1000])
    tid = int(re.search(r"/takedowns/(\d+)$", r.header("Location")).group(1))
    eq(k.post(f"/staff/pavb/takedowns/{tid}/close", {}).status, 303)
    eq(k.post(f"/staff/pavb/takedowns/{tid}/close", {}).status, 409)


def jpeg_size(b):
    """(width, height) from a JPEG's SOF segment"""
    import struct
    check(b[:2] == b"\xff\xd8", "not a JPEG")
    i = 2
    while i < len(b):
        marker, seglen = b[i + 1], struct.unpack(">H", b[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", b[i + 5:i + 9])
            return w, h
        i += 2 + seglen
    raise AssertionError("no SOF in the JPEG")


def with_gps_exif(jpeg):
    """the JPEG with an APP1 Exif block naming a GPS position (IFD0 -> GPS IFD)"""
    import struct
    tiff = b"MM\x00*" + struct.pack(">I", 8)
    tiff += struct.pack(">H", 1) + struct.pack(">HHII", 0x8825, 4, 1, 26) + struct.pack(">I", 0)   # GPSInfo
    tiff += struct.pack(">H", 1) + struct.pack(">HHI", 0x0001, 2, 2) + b"N\x00\x00\x00" + struct.pack(">I", 0)
    app1 = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:]


@test
def thumbnails_strip_metadata_and_bad_images_are_refused(sk):
    """C12: every photo gets a JPEG thumbnail (at most 480 px, made with
    libvips) that the library, the press room and the pickers show; its
    metadata is stripped (a camera's GPS position never reaches a public
    page) while the original stays as uploaded; a damaged image or one of
    too many pixels is refused on the field and nothing is stored."""
    srv = world(sk)
    p = login(srv.client(), "rysiai@pavb.lt")
    big = png(30, 90, 160, w=1200, h=800)
    r = upload(p, big, "Bibliotekos kiemas", name="kiemas.png")
    eq(r.status, 303, r.text[:800])
    aid = asset_id(r)
    eq(list(sk.sql(f"SELECT width, height FROM assets WHERE id = {aid}")[0]), ["1200", "800"])
    check(int(one(sk, f"SELECT thumb_file_id FROM assets WHERE id = {aid}")) > 0, "a thumbnail is stored")
    t = p.get(f"/staff/pavb/assets/{aid}/thumb")
    eq(t.status, 200)
    eq(t.header("Content-Type"), "image/jpeg")
    eq(jpeg_size(t.body), (480, 320))
    eq(p.get(f"/staff/pavb/assets/{aid}/file").body, big, "the original is kept as uploaded")
    page = p.get(f"/staff/pavb/assets/{aid}").text
    check(f"/staff/pavb/assets/{aid}/thumb" in page and 'width="480" height="320"' in page, "the preview is the thumbnail: " + repr(re.findall(r"<img[^>]*>", page)))
    check("1200 × 800" in page, "the original's size is shown")
    check(f"/staff/pavb/assets/{aid}/thumb" in p.get("/staff/pavb/assets").text, "the library shows thumbnails")
    # the public thumbnail of a public photo; the press room's grid uses it
    anon = srv.client()
    eq(anon.get(f"/pavb/media/{aid}/thumb").body, t.body)
    # a photo from a camera: the GPS block is in the original, not in the thumbnail
    camera = with_gps_exif(t.body)
    check(b"Exif" in camera, "the test photo has EXIF")
    r = upload(p, camera, "Renginys lauke", name="lauke.jpg")
    eq(r.status, 303, r.text[:800])
    cid = asset_id(r)
    ct = p.get(f"/staff/pavb/assets/{cid}/thumb").body
    check(b"Exif" not in ct and b"\x88\x25" not in ct, "metadata stripped from the thumbnail")
    eq(jpeg_size(ct), (480, 320))
    eq(p.get(f"/staff/pavb/assets/{cid}/file").body, camera)
    # internal-only: no public thumbnail either
    r = upload(p, png(1, 2, 3, w=40, h=60), "Vidaus nuotrauka", name="vidus.png", licence="internal_only",
               credit="", author="")
    eq(r.status, 303, r.text[:800])
    iid = asset_id(r)
    eq(anon.get(f"/pavb/media/{iid}/thumb").status, 404)
    eq(jpeg_size(p.get(f"/staff/pavb/assets/{iid}/thumb").body), (40, 60), "small images are not enlarged")
    # refused: a damaged JPEG, and a PNG that claims 400 megapixels
    before = one(sk, "SELECT COUNT(*) FROM assets")
    files = one(sk, "SELECT COUNT(*) FROM files")
    r = upload(p, t.body[:len(t.body) // 2], "Sugadinta", name="sugadinta.jpg")
    eq(r.status, 422, "a truncated JPEG")
    check("nepavyksta perskaityti" in r.text, "says the image cannot be read")
    import struct
    import zlib
    ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
    bomb = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr
            + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF))
    idat = zlib.compress(b"\x00" * 1000)
    bomb += struct.pack(">I", len(idat)) + b"IDAT" + idat + struct.pack(">I", zlib.crc32(b"IDAT" + idat) & 0xFFFFFFFF)
    bomb += struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND") & 0xFFFFFFFF)
    r = upload(p, bomb, "Per didelė", name="didele.png")
    eq(r.status, 422, "400 megapixels")
    check("400" in r.text and "megapiks" in r.text, "names the megapixels")
    eq((one(sk, "SELECT COUNT(*) FROM assets"), one(sk, "SELECT COUNT(*) FROM files")), (before, files), "nothing stored")


run()

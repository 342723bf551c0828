"""The social platforms' APIs (C4, X12): Facebook Page, Instagram and
YouTube publishing through libcurl against a loopback server that answers
with the shapes of the platforms' published documentation -- success,
expired tokens (Graph code 190, YouTube authError), rate limits (Graph
code 4, YouTube quotaExceeded) and refused parameters. Tokens are sealed
at rest with the installation's key and never shown or logged; a crash
between the platform's answer and its record does not post twice; bad
input (no image for Instagram, an over-long caption, an expired token)
is refused before anything is scheduled."""
import http.server
import json
import os
import re
import threading
import time
import urllib.parse

from sk import test, run, check, eq, png, multipart, login, one

PW = "correct horse battery"
KEY = "6f" * 32
TOKEN = "EAABsecretPageToken0123456789abcdef"


class Fake:
    """Graph API v19.0 and YouTube Data API v3, as far as sklaida calls them."""

    def __init__(self):
        self.calls = []          # (method, path, form or json, headers)
        self.posts = {}          # page id -> [(id, message)]
        self.rate_limited = set()
        fake = self

        class H(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def reply(self, status, obj, headers=()):
                b = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(b)))
                self.end_headers()
                self.wfile.write(b)

            def body(self):
                n = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(n).decode()

            def do_POST(self):
                raw = self.body()
                form = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
                path = urllib.parse.urlparse(self.path).path
                fake.calls.append(("POST", self.path, form, dict(self.headers)))
                m = re.fullmatch(r"/v19\.0/(\w+)/feed", path)
                if m and form.get("method") == "GET":
                    page = m.group(1)
                    return self.reply(200, {"data": [{"id": i, "message": msg, "created_time": "2026-12-07T09:00:00+0000"}
                                                     for i, msg in fake.posts.get(page, [])]})
                if m:
                    page = m.group(1)
                    if page == "222":
                        return self.reply(400, {"error": {
                            "message": "Error validating access token: Session has expired on Sunday, 06-Dec-26 "
                                       "10:00:00 PST. The current time is Monday, 07-Dec-26 01:00:00 PST.",
                            "type": "OAuthException", "code": 190, "error_subcode": 463,
                            "fbtrace_id": "AbCdEfGh"}})
                    if page == "333" and page not in fake.rate_limited:
                        fake.rate_limited.add(page)
                        return self.reply(400, {"error": {"message": "(#4) Application request limit reached",
                                                          "type": "OAuthException", "is_transient": True,
                                                          "code": 4, "fbtrace_id": "Xy"}})
                    if page == "444":
                        return self.reply(400, {"error": {"message": "(#100) Invalid parameter",
                                                          "type": "OAuthException", "code": 100,
                                                          "fbtrace_id": "Zz"}})
                    n = len(fake.posts.setdefault(page, [])) + 1
                    pid = f"{page}_{900 + n}"
                    fake.posts[page].append((pid, form.get("message", "")))
                    return self.reply(200, {"id": pid})
                m = re.fullmatch(r"/v19\.0/(\w+)/photos", path)
                if m:
                    # Page Photos: Facebook fetches `url`; the answer names the photo and its feed post
                    page = m.group(1)
                    if not form.get("url", "").startswith("https://"):
                        return self.reply(400, {"error": {"message": "(#100) url should represent a valid URL",
                                                          "type": "OAuthException", "code": 100,
                                                          "fbtrace_id": "Ph"}})
                    n = len(fake.posts.setdefault(page, [])) + 1
                    pid = f"{page}_{900 + n}"
                    fake.posts[page].append((pid, form.get("caption", "")))
                    return self.reply(200, {"id": f"77{n}", "post_id": pid})
                m = re.fullmatch(r"/v19\.0/(\w+)/media", path)
                if m:
                    return self.reply(200, {"id": "17889455560051444"})
                m = re.fullmatch(r"/v19\.0/(\w+)/media_publish", path)
                if m:
                    fake.posts.setdefault(m.group(1), []).append(("17920238422030506", form.get("creation_id")))
                    return self.reply(200, {"id": "17920238422030506"})
                m = re.fullmatch(r"/v19\.0/(\d+)", path)
                if m and form.get("method") == "GET":
                    return self.reply(200, {"permalink": "https://www.instagram.com/p/C0dEfGh/", "id": m.group(1)})
                return self.reply(404, {"error": {"message": "Unknown path", "code": 803}})

            def do_PUT(self):
                raw = self.body()
                fake.calls.append(("PUT", self.path, json.loads(raw or "{}"), dict(self.headers)))
                auth = self.headers.get("Authorization", "")
                if auth == "Bearer ya29.expired-google-token":
                    return self.reply(401, {"error": {"code": 401, "message": "Request had invalid authentication "
                                                      "credentials.", "errors": [{"message": "Invalid Credentials",
                                                      "domain": "global", "reason": "authError",
                                                      "location": "Authorization", "locationType": "header"}],
                                                      "status": "UNAUTHENTICATED"}})
                if auth == "Bearer ya29.quota-google-token":
                    return self.reply(403, {"error": {"code": 403, "message": "The request cannot be completed "
                                                      "because you have exceeded your quota.",
                                                      "errors": [{"message": "quota", "domain": "youtube.quota",
                                                                  "reason": "quotaExceeded"}]}})
                body = json.loads(raw)
                return self.reply(200, {"kind": "youtube#video", "id": body["id"], "snippet": body["snippet"],
                                        "status": body["status"]})

        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.srv.server_address[1]
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def stop(self):
        self.srv.shutdown()


def world(sk, fake, key=KEY, base_url=None):
    if base_url:
        sk.env["SKLAIDA_BASE_URL"] = base_url
    sk.env.update({"SKLAIDA_GRAPH_URL": f"http://127.0.0.1:{fake.port}/v19.0",
                   "SKLAIDA_YOUTUBE_URL": f"http://127.0.0.1:{fake.port}", "SKLAIDA_SECRET_KEY": key,
                   "SKLAIDA_CACHE_MB": "0", "SKLAIDA_WORKERS": "0"})
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_user("koord@pavb.lt", "Jurgita Koordinatorė", inst="pavb", roles=["COORD"])
    sk.add_user("smm@pavb.lt", "Gintarė Žukauskaitė", inst="pavb", roles=["SMM"])
    return sk.server(args=["--workers", "0"])   # the tests run the jobs, so they know when


def channel(sk, code):
    return int(one(sk, f"SELECT id FROM pub_channels WHERE code = '{code}'"))


def setup_channel(srv, sk, code, account, token):
    k = login(srv.client(), "koord@pavb.lt")
    uid = one(sk, "SELECT id FROM users WHERE email = 'smm@pavb.lt'")
    eq(k.post(f"/staff/pavb/channels/{channel(sk, code)}/admins", {"user_id": str(uid)}).status, 303)
    form = {"token": token}
    if account is not None:
        form["account_id"] = account
    r = k.post(f"/staff/pavb/channels/{channel(sk, code)}/token", form)
    eq(r.status, 303, r.text[:800])
    return k


def social_item(srv, sk, title, summary):
    s = login(srv.client(), "smm@pavb.lt")
    r = s.post("/staff/pavb/content/new", {"type": "social_post", "title": title, "summary": summary,
                                           "body": summary, "lang": "lt"})
    eq(r.status, 303, r.text[:500])
    iid = int(re.search(r"/content/(\d+)$", r.header("Location")).group(1))
    eq(s.post(f"/staff/pavb/content/{iid}/transition", {"action": "submit"}).status, 303)
    eq(one(sk, f"SELECT status FROM content_items WHERE id = {iid}"), "approved")
    return s, iid


def schedule(s, sk, iid, code, expect=303):
    t = int(time.time()) + 180
    t -= t % 60
    d = time.localtime(t)
    import datetime as dt
    import zoneinfo
    v = dt.datetime.fromtimestamp(t, zoneinfo.ZoneInfo("Europe/Vilnius"))
    r = s.post(f"/staff/pavb/content/{iid}/publish", {"channel[]": str(channel(sk, code)),
                                                       "date": v.strftime("%Y-%m-%d"), "time": v.strftime("%H:%M")})
    eq(r.status, expect, r.text[:1500])
    return r


def due_now(sk):
    sk.write_sql("UPDATE publications SET scheduled_at = scheduled_at - 7200 WHERE status = 'scheduled'")
    sk.write_sql("UPDATE jobs SET run_after = 0 WHERE kind = 'publish' AND status = 'queued'")


def pub(sk, iid):
    return sk.sql(f"SELECT status, external_url, fail_reason FROM publications WHERE item_id = {iid}")[0]


@test
def facebook_post_once_with_the_token_sealed(sk):
    fake = Fake()
    try:
        srv = world(sk, fake)
        k = setup_channel(srv, sk, "facebook", "111", TOKEN)
        sealed = one(sk, f"SELECT sealed FROM pub_channel_tokens WHERE channel_id = {channel(sk, 'facebook')}")
        check(sealed.startswith("v1:") and TOKEN not in sealed, "sealed at rest")
        eq(one(sk, f"SELECT adapter FROM pub_channels WHERE id = {channel(sk, 'facebook')}"), "api")
        page = k.get(f"/staff/pavb/channels/{channel(sk, 'facebook')}").text
        check(TOKEN not in page and "111" in page, "the page never shows the token")
        check(TOKEN not in json.dumps(sk.sql("SELECT before_json, after_json FROM audit_log")), "not in the audit")
        s, iid = social_item(srv, sk, "Savaitgalio kino klubas", "Šeštadienį 18 val. – kino klubas „Bitės avilys“!")
        schedule(s, sk, iid, "facebook")
        due_now(sk)
        sk.cli("job", "drain")
        posts = [c for c in fake.calls if c[0] == "POST" and c[1].endswith("/111/feed")]
        eq(len(posts), 1)
        eq(posts[0][2]["message"], "Šeštadienį 18 val. – kino klubas „Bitės avilys“!")
        eq(posts[0][2]["access_token"], TOKEN)
        check(TOKEN not in posts[0][1], "the token is not in the URL")
        st, url, why = pub(sk, iid)
        eq((st, url), ("published", "https://www.facebook.com/111/posts/901"))
        eq(one(sk, f"SELECT status FROM content_items WHERE id = {iid}"), "published")
        srv.log.flush()
        check(TOKEN not in open(srv.log.name, encoding="utf-8", errors="replace").read(), "not in the server's log")

        # a crash between the platform's answer and the record: the next
        # run finds the post on the page and records it, posting nothing
        s2, iid2 = social_item(srv, sk, "Naujos knygos", "Naujos knygos jau lentynose.")
        schedule(s2, sk, iid2, "facebook")
        due_now(sk)
        r = sk.cli("job", "drain", check_rc=False, env={"SKLAIDA_FAULT_AFTER_SEND": "1"})
        eq(r.returncode, 75, "the fault hook stops the run")
        eq(pub(sk, iid2)[0], "sending")
        eq(len(fake.posts["111"]), 2)
        sk.write_sql("UPDATE jobs SET lease_until = 0 WHERE status = 'running'")
        sk.cli("job", "drain")
        eq(len(fake.posts["111"]), 2, "not posted twice")
        st, url, _ = pub(sk, iid2)
        eq((st, url), ("published", "https://www.facebook.com/111/posts/902"))
        check('"recovered":true' in one(sk, "SELECT after_json FROM audit_log WHERE action = 'publication.run' "
                                            "ORDER BY id DESC LIMIT 1").replace(" ", ""), "recorded as recovered")
    finally:
        fake.stop()


@test
def expired_token_fails_at_once_and_rate_limits_are_retried(sk):
    fake = Fake()
    try:
        srv = world(sk, fake)
        setup_channel(srv, sk, "facebook", "222", TOKEN)
        s, iid = social_item(srv, sk, "Pasibaigęs raktas", "Šis įrašas neišeis.")
        schedule(s, sk, iid, "facebook")
        due_now(sk)
        sk.cli("job", "drain")
        st, _, why = pub(sk, iid)
        eq(st, "failed")
        check(why.startswith("token: ") and "Session has expired" in why and "190" in why, why)
        check(TOKEN not in why, "no token in the reason")
        eq(int(one(sk, "SELECT COUNT(*) FROM jobs WHERE kind = 'publish' AND status = 'queued'")), 0, "not retried")
        eq(int(one(sk, "SELECT COUNT(*) FROM tasks WHERE title LIKE 'Publikuoti nepavyko%'")), 1, "the owner is told")
        page = s.get(f"/staff/pavb/content/{iid}/publish").text
        check("Session has expired" in page, "the reason is visible")
        # rate limit: back to scheduled, retried later, then out
        k = login(srv.client(), "koord@pavb.lt")
        eq(k.post(f"/staff/pavb/channels/{channel(sk, 'facebook')}/token",
                  {"account_id": "333", "token": TOKEN}).status, 303)
        s2, iid2 = social_item(srv, sk, "Riboti kvietimai", "Kvietimas į skaitymus.")
        schedule(s2, sk, iid2, "facebook")
        due_now(sk)
        sk.cli("job", "drain")
        st, _, why = pub(sk, iid2)
        eq(st, "scheduled")
        check("Application request limit reached" in why, why)
        eq(one(sk, "SELECT status FROM jobs WHERE kind = 'publish' AND id = (SELECT MAX(id) FROM jobs)"), "queued")
        sk.write_sql("UPDATE jobs SET run_after = 0 WHERE kind = 'publish' AND status = 'queued'")
        sk.cli("job", "drain")
        eq(pub(sk, iid2)[0], "published")
        # a refused parameter: failed with the platform's words
        eq(k.post(f"/staff/pavb/channels/{channel(sk, 'facebook')}/token",
                  {"account_id": "444", "token": TOKEN}).status, 303)
        s3, iid3 = social_item(srv, sk, "Netinkamas", "Blogas įrašas.")
        schedule(s3, sk, iid3, "facebook")
        due_now(sk)
        sk.cli("job", "drain")
        st, _, why = pub(sk, iid3)
        eq(st, "failed")
        check("Invalid parameter" in why and not why.startswith("token"), why)
    finally:
        fake.stop()


@test
def instagram_and_youtube(sk):
    fake = Fake()
    try:
        srv = world(sk, fake)
        setup_channel(srv, sk, "instagram", "999", TOKEN)
        s, iid = social_item(srv, sk, "Paroda Instagrame", "Nauja paroda bibliotekoje #paroda #pavb")
        r = schedule(s, sk, iid, "instagram", expect=422)
        check("JPEG" in r.text and "Instagram" in r.text, "an image is needed, said before scheduling")
        eq(int(one(sk, "SELECT COUNT(*) FROM publications")), 0)
        ch = channel(sk, "instagram")
        uid = one(sk, "SELECT id FROM users WHERE email = 'smm@pavb.lt'")
        long_caption = "Ilgas aprašymas. " * 200
        sk.write_sql(f"INSERT INTO content_variants(institution_id, item_id, channel_id, text, hashtags, image_url, "
                     f"link, updated_by, updated_at) SELECT institution_id, {iid}, {ch}, '{long_caption}', '#paroda', "
                     f"'https://www.pavb.lt/img/paroda.jpg', '', {uid}, 0 FROM content_items WHERE id = {iid}")
        r = schedule(s, sk, iid, "instagram", expect=422)
        check("2200" in r.text.replace("\u00a0", "").replace(" ", ""), "over the caption limit")
        sk.write_sql(f"UPDATE content_variants SET text = 'Nauja paroda bibliotekoje' WHERE item_id = {iid}")
        schedule(s, sk, iid, "instagram")
        due_now(sk)
        sk.cli("job", "drain")
        st, url, why = pub(sk, iid)
        eq((st, url), ("published", "https://www.instagram.com/p/C0dEfGh/"), why)
        media = [c for c in fake.calls if c[1].endswith("/999/media")][0]
        eq(media[2]["image_url"], "https://www.pavb.lt/img/paroda.jpg")
        eq(media[2]["caption"], "Nauja paroda bibliotekoje\n\n#paroda")
        # YouTube: the studio's private video goes public with the approved title
        setup_channel(srv, sk, "youtube", None, "ya29.good-google-token")
        s2, vid = social_item(srv, sk, "Susitikimo su rašytoju įrašas", "Visas pokalbis su rašytoju.")
        r = schedule(s2, sk, vid, "youtube", expect=422)
        check("YouTube" in r.text, "a video address is needed")
        ych = channel(sk, "youtube")
        sk.write_sql(f"INSERT INTO content_variants(institution_id, item_id, channel_id, text, hashtags, image_url, "
                     f"link, updated_by, updated_at) SELECT institution_id, {vid}, {ych}, '', '', '', "
                     f"'https://youtu.be/dQw4w9WgXcQ', {uid}, 0 FROM content_items WHERE id = {vid}")
        schedule(s2, sk, vid, "youtube")
        due_now(sk)
        sk.cli("job", "drain")
        st, url, why = pub(sk, vid)
        eq((st, url), ("published", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"), why)
        put = [c for c in fake.calls if c[0] == "PUT"][0]
        eq(put[2]["id"], "dQw4w9WgXcQ")
        eq(put[2]["snippet"]["title"], "Susitikimo su rašytoju įrašas")
        eq(put[2]["status"]["privacyStatus"], "public")
        eq(put[3]["Authorization"], "Bearer ya29.good-google-token")
        # an expired Google token
        k = login(srv.client(), "koord@pavb.lt")
        eq(k.post(f"/staff/pavb/channels/{ych}/token", {"token": "ya29.expired-google-token"}).status, 303)
        s3, vid2 = social_item(srv, sk, "Kitas įrašas", "Kitas vaizdo įrašas.")
        sk.write_sql(f"INSERT INTO content_variants(institution_id, item_id, channel_id, text, hashtags, image_url, "
                     f"link, updated_by, updated_at) SELECT institution_id, {vid2}, {ych}, '', '', '', "
                     f"'https://www.youtube.com/watch?v=abcdEFGH123', {uid}, 0 FROM content_items WHERE id = {vid2}")
        schedule(s3, sk, vid2, "youtube")
        due_now(sk)
        sk.cli("job", "drain")
        st, _, why = pub(sk, vid2)
        eq(st, "failed")
        check("authError" in why and why.startswith("token"), why)
    finally:
        fake.stop()


@test
def facebook_photo_from_the_media_library(sk):
    """A library photo on the Facebook variant goes out as a photo post that
    Facebook fetches from the photo's public address; photos the platforms
    may not show are refused when attached, not when the post fails."""
    fake = Fake()
    try:
        srv = world(sk, fake, base_url="https://sklaida.pavb.lt")
        setup_channel(srv, sk, "facebook", "555", TOKEN)
        s, iid = social_item(srv, sk, "Rudens skaitymai", "Rudens skaitymai vaikams – šeštadienį 11 val.")
        fb, ig = channel(sk, "facebook"), channel(sk, "instagram")
        s.get("/staff/pavb/assets")
        base = {"kind": "photo", "author": "Jonas Jonaitis", "credit": "Nuotr. Jonas Jonaitis / PAVB",
                "licence": "press_use_with_credit", "public_use": "1"}
        r = multipart(s, "/staff/pavb/assets", dict(base, title_lt="Skaitymų popietė"),
                      {"file": ("popiete.png", png(200, 120, 40), "application/octet-stream")})
        eq(r.status, 303, r.text[:800])
        aid = int(re.search(r"/assets/(\d+)$", r.header("Location")).group(1))
        r = multipart(s, "/staff/pavb/assets", dict(base, title_lt="Vidaus nuotrauka", licence="internal_only",
                                                    author="", credit=""),
                      {"file": ("vidus.png", png(3, 3, 3), "application/octet-stream")})
        eq(r.status, 303, r.text[:800])
        internal = int(re.search(r"/assets/(\d+)$", r.header("Location")).group(1))
        # refused at attach time, with the reason on the field
        r = s.post(f"/staff/pavb/content/{iid}/assets", {"op": "attach", "channel_id": str(fb),
                                                        "asset_id": str(internal)})
        eq(r.status, 422, r.text[:500])
        check("viešo bibliotekos adreso" in r.text, "says why")
        r = s.post(f"/staff/pavb/content/{iid}/assets", {"op": "attach", "channel_id": str(ig), "asset_id": str(aid)})
        eq(r.status, 422)
        check("JPEG" in r.text, "Instagram takes JPEG only")
        eq(int(one(sk, f"SELECT COUNT(*) FROM content_assets WHERE item_id = {iid}")), 0, "nothing attached")
        eq(s.post(f"/staff/pavb/content/{iid}/assets", {"op": "attach", "channel_id": str(fb),
                                                       "asset_id": str(aid)}).status, 303)
        schedule(s, sk, iid, "facebook")
        due_now(sk)
        sk.cli("job", "drain")
        posts = [c for c in fake.calls if c[0] == "POST" and c[1].endswith("/555/photos")]
        eq(len(posts), 1, repr([c[1] for c in fake.calls]))
        eq(posts[0][2]["url"], f"https://sklaida.pavb.lt/pavb/media/{aid}")
        eq(posts[0][2]["caption"], "Rudens skaitymai vaikams – šeštadienį 11 val.")
        eq(posts[0][2]["access_token"], TOKEN)
        check(not [c for c in fake.calls if c[1].endswith("/555/feed")], "no text post besides")
        st, url, why = pub(sk, iid)
        eq((st, url), ("published", "https://www.facebook.com/555/posts/901"), why)
        # the address Facebook fetches serves the photo to anyone
        eq(srv.client().get(f"/pavb/media/{aid}").body, png(200, 120, 40))
    finally:
        fake.stop()


@test
def tokens_need_the_key_and_bad_tokens_are_refused(sk):
    fake = Fake()
    try:
        srv = world(sk, fake, key="")
        k = login(srv.client(), "koord@pavb.lt")
        ch = channel(sk, "facebook")
        r = k.post(f"/staff/pavb/channels/{ch}/token", {"account_id": "111", "token": TOKEN})
        eq(r.status, 422)
        check("SKLAIDA_SECRET_KEY" in r.text, "says why")
        eq(int(one(sk, "SELECT COUNT(*) FROM pub_channel_tokens")), 0)
        eq(one(sk, f"SELECT adapter FROM pub_channels WHERE id = {ch}"), "manual")
        # the website channel has no API
        eq(k.post(f"/staff/pavb/channels/{channel(sk, 'newsroom')}/token", {"token": TOKEN}).status, 422)
    finally:
        fake.stop()


@test
def token_validation_with_a_key(sk):
    fake = Fake()
    try:
        srv = world(sk, fake)
        k = login(srv.client(), "koord@pavb.lt")
        ch = channel(sk, "facebook")
        r = k.post(f"/staff/pavb/channels/{ch}/token", {"account_id": "ne skaičius", "token": "x y",
                                                         "expires_at": "2020-01-01"})
        eq(r.status, 422)
        for f in ("account_id", "token", "expires_at"):
            check(f'id="e-{f}"' in r.text, f"field error {f}")
        eq(k.post(f"/staff/pavb/channels/{ch}/token", {"account_id": "111", "token": TOKEN,
                                                        "expires_at": "2099-01-01"}).status, 303)
        eq(k.post(f"/staff/pavb/channels/{ch}/token/remove", {}).status, 303)
        eq(int(one(sk, "SELECT COUNT(*) FROM pub_channel_tokens")), 0)
        eq(one(sk, f"SELECT adapter FROM pub_channels WHERE id = {ch}"), "manual")
    finally:
        fake.stop()


if __name__ == "__main__":
    run()

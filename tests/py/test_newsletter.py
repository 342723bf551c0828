"""Newsletter and media distribution (C4; S8 point 5, L9, AC-C4-3,
AC-C4-4), with the messages received by a real SMTP server on loopback
(aiosmtpd): double opt-in (nobody unconfirmed is ever sent to), the
consent text's version stored, headers (From with the sender, one To,
RFC 2047 Lithuanian subject, List-Unsubscribe + RFC 8058 one-click), no
header injection from any field, the salutation exactly as entered (or
the neutral greeting), a working unsubscribe link that stops further
mail with the time stored, bounces counted and suppressing the address,
a re-run after a crash sends only to those not yet logged, media
distribution to 25 journalists as 25 messages and 25 log lines with
do-not-contact obeyed, and isolation between institutions."""
import email
import email.policy
import os
import re
import threading
import time

from aiosmtpd.controller import Controller

import sk as skmod
from sk import test, run, check, eq, login, one

PW = "correct horse battery"


class Sink:
    """aiosmtpd on loopback that keeps every message; RCPT to an address
    starting with "bounce" is refused with 550 (a permanent failure)."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.startswith("bounce"):
                    return "550 5.1.1 No such user"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                with sink.lock:
                    sink.messages.append((envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))
                return "250 OK"

        self.port = skmod.free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def count(self):
        with self.lock:
            return len(self.messages)

    def since(self, n):
        with self.lock:
            return [(f, r, email.message_from_bytes(raw, policy=email.policy.default), raw)
                    for f, r, raw in self.messages[n:]]

    def stop(self):
        self.controller.stop()


def world(sk):
    sink = Sink()
    port = skmod.free_port()
    sk.env.update({"SKLAIDA_SMTP_URL": f"smtp://127.0.0.1:{sink.port}", "SKLAIDA_SMTP_TLS": "none",
                   "SKLAIDA_MAIL_FROM": "naujienos@pavb.lt", "SKLAIDA_BASE_URL": f"http://127.0.0.1:{port}",
                   "SKLAIDA_NEWSLETTER_RATE": "0"})
    sk.add_inst("pavb", "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka", "county")
    sk.add_inst("birzai", "Biržų rajono savivaldybės Jurgio Bielinio viešoji biblioteka", "municipal", parent="pavb")
    sk.add_user("rysiai@pavb.lt", "Jonas Kazlauskas", inst="pavb", roles=["PR"])
    sk.add_user("birzai@birzai.lt", "Biržų Daiva", inst="birzai", roles=["COORD"])
    orig = skmod.free_port
    skmod.free_port = lambda: port
    try:
        srv = sk.server(env={"SKLAIDA_CACHE_MB": "0", "SKLAIDA_WORKERS": "0"})
    finally:
        skmod.free_port = orig
    return sink, srv


def drain(sk):
    """Runs the due jobs; the test server's own worker thread may have
    leased one, so this waits (bounded) until no due job is queued or
    running."""
    out = sk.cli("job", "drain")
    deadline = time.time() + 30
    while time.time() < deadline:
        busy = one(sk, f"SELECT COUNT(*) FROM jobs WHERE status = 'running' OR (status = 'queued' "
                       f"AND run_after <= {int(time.time())})")
        if busy == "0":
            return out
        time.sleep(0.1)
        sk.cli("job", "drain")
    raise skmod.Fail("jobs still due or running after 30 s")


def setup_newsletter(sk, srv, c, inst="pavb"):
    r = c.post(f"/staff/{inst}/newsletter/settings", {
        "sender_name": "Panevėžio apskrities viešoji biblioteka", "sender_postal": "Laisvės a. 1, LT-35173 Panevėžys",
        "sender_email": "info@pavb.lt", "bounce_limit": "3"})
    eq(r.status, 303, r.text[:600])
    r = c.post(f"/staff/{inst}/newsletter/lists", {"name": "Bibliotekos naujienos", "description": "Kas mėnesį",
                                                   "public": "1"})
    eq(r.status, 303, r.text[:600])
    return int(one(sk, f"SELECT l.id FROM nl_lists l JOIN institutions i ON i.id = l.institution_id "
                       f"WHERE i.slug = '{inst}' ORDER BY l.id DESC LIMIT 1"))


def content(sk, inst, typ, title, body="Tekstas.", status="approved"):
    uid = one(sk, "SELECT id FROM users ORDER BY id LIMIT 1")
    iid = one(sk, f"SELECT id FROM institutions WHERE slug = '{inst}'")
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") + f"-{time.time_ns() % 10**9}"
    sk.write_sql(f"INSERT INTO content_items(institution_id, type, title, slug, summary, body, lang, author_id, "
                 f"owner_id, status) VALUES ({iid}, '{typ}', '{title}', '{slug}', 'Santrauka.', '{body}', 'lt', "
                 f"{uid}, {uid}, '{status}')")
    return int(one(sk, f"SELECT id FROM content_items WHERE slug = '{slug}'"))


def subscribe(srv, inst, list_id, addr, name="", salutation="", consent=True):
    v = srv.client()
    r = v.get(f"/{inst}/newsletter")
    eq(r.status, 200, r.text[:400])
    data = {"email": addr, "name": name, "salutation": salutation, "lang": "lt", f"list_{list_id}": "1"}
    if consent:
        data["consent"] = "1"
    return v.post(f"/{inst}/newsletter", data)


def confirm_link(sink, start, addr, srv):
    for f, rcpts, msg, raw in sink.since(start):
        if rcpts == [addr] and "/newsletter/confirm?t=" in msg.get_content():
            m = re.search(r"http://127\.0\.0\.1:%d(/\w+/newsletter/confirm\?t=[A-Za-z0-9_-]+)" % srv.port,
                          msg.get_content())
            check(m, msg.get_content())
            return m.group(1)
    raise skmod.Fail(f"no confirmation mail to {addr}")


def confirm(srv, path):
    v = srv.client()
    r = v.get(path)   # a GET changes nothing (link scanners)
    eq(r.status, 200, r.text[:300])
    check("<form" in r.text and 'name="t"' in r.text, "confirm page has a button")
    r = v.post(path.split("?")[0], {"t": path.split("t=")[1]})
    eq(r.status, 200, r.text[:300])
    return r


def new_issue(c, inst, list_id, items, subject="Lapkričio naujienos: šventės ir knygų mugė",
              intro="{{salutation}}\n\nŠtai mūsų naujienos."):
    data = {"subject_lt": subject, "subject_en": "November news", "intro": intro, f"list_{list_id}": "1"}
    for n, iid in enumerate(items, 1):
        data[f"pos_{iid}"] = str(n)
    r = c.post(f"/staff/{inst}/newsletter/issues/new", data)
    eq(r.status, 303, r.text[:800])
    return int(re.search(r"/issues/(\d+)$", r.header("Location")).group(1))


def send_issue(sk, c, inst, issue):
    r = c.post(f"/staff/{inst}/newsletter/issues/{issue}/send", {"date": "", "time": ""})
    eq(r.status, 303, r.text[:800])
    drain(sk)
    eq(one(sk, f"SELECT status FROM nl_issues WHERE id = {issue}"), "sent")


@test
def double_opt_in_consent_headers_unsubscribe(sk):
    sink, srv = world(sk)
    c = login(srv.client(), "rysiai@pavb.lt")
    lst = setup_newsletter(sk, srv, c)
    block = content(sk, "pavb", "newsletter_block", "Knygų mugė Panevėžyje", "Kviečiame į **mugę**.")
    news = content(sk, "pavb", "news", "Naujos darbo valandos")
    draft = content(sk, "pavb", "newsletter_block", "Juodraštis", status="draft")

    # the public form shows the consent text and its version; no consent = refused
    r = srv.client().get("/pavb/newsletter")
    check("Sutinku" in r.text and "versija 1" in r.text.lower(), "consent text and version on the form")
    r = subscribe(srv, "pavb", lst, "ona@example.lt", "Ona Petraitienė", "Gerbiama Ona,", consent=False)
    eq(r.status, 422)
    eq(one(sk, "SELECT COUNT(*) FROM nl_subscribers"), "0")
    r = subscribe(srv, "pavb", lst, "ne-adresas", consent=True)
    eq(r.status, 422)

    start = sink.count()
    for addr, name, sal in [("ona@example.lt", "Ona Petraitienė", "Gerbiama Ona,"),
                            ("jonas@example.lt", "Jonas", ""), ("niekada@example.lt", "Niekada", "Sveiki,")]:
        eq(subscribe(srv, "pavb", lst, addr, name, sal).status, 200)
    eq(subscribe(srv, "pavb", lst, "ona@example.lt", "Kažkas kitas", "Labas,").status, 200, "the same form again")
    drain(sk)
    eq(sink.count() - start, 3, "three confirmation mails (no second one to the same address within minutes)")
    row = sk.sql("SELECT consent_version, consent_at, confirmed_at, consent_source, salutation FROM nl_subscribers "
                 "WHERE email = 'ona@example.lt'")[0]
    eq(row[0], "1", "consent text version stored")
    check(int(row[1]) > 0 and row[2] == "0", row)
    check("/pavb/newsletter" in row[3], row)
    eq(row[4], "Gerbiama Ona,", "salutation stored as entered")
    check(one(sk, "SELECT confirm_hash FROM nl_subscribers WHERE email = 'ona@example.lt'") not in ("", None))

    # an issue before anybody confirmed reaches nobody (AC-C4-3)
    check("Juodraštis" not in c.get("/staff/pavb/newsletter/issues/new").text, "a draft is not offered as a block")
    r = c.post("/staff/pavb/newsletter/issues/new", {"subject_lt": "X", f"list_{lst}": "1", f"pos_{draft}": "1"})
    eq(r.status, 303)
    ix = int(re.search(r"/issues/(\d+)$", r.header("Location")).group(1))
    eq(one(sk, f"SELECT COUNT(*) FROM nl_issue_blocks WHERE issue_id = {ix}"), "0", "a draft item cannot be a block")
    eq(c.post(f"/staff/pavb/newsletter/issues/{ix}/send", {"date": "", "time": ""}).status, 422,
       "an issue without blocks cannot be sent")
    i0 = new_issue(c, "pavb", lst, [block])
    before = sink.count()
    send_issue(sk, c, "pavb", i0)
    eq(sink.count(), before, "nothing sent to unconfirmed subscribers")
    eq(one(sk, f"SELECT COUNT(*) FROM nl_send_log WHERE issue_id = {i0}"), "0")

    # confirm two of three
    for addr in ("ona@example.lt", "jonas@example.lt"):
        r = confirm(srv, confirm_link(sink, start, addr, srv))
        check("patvirtinta" in r.text.lower(), r.text[:400])
    check(int(one(sk, "SELECT confirmed_at FROM nl_subscribers WHERE email = 'ona@example.lt'")) > 0)
    eq(one(sk, "SELECT confirmed_at FROM nl_subscribers WHERE email = 'niekada@example.lt'"), "0")
    eq(srv.client().post("/pavb/newsletter/confirm", {"t": "neteisingas"}).status, 404, "a wrong token")

    # preview and a test message
    r = c.get(f"/staff/pavb/newsletter/issues/{i0}")
    eq(r.status, 200)
    i1 = new_issue(c, "pavb", lst, [news, block])
    r = c.get(f"/staff/pavb/newsletter/issues/{i1}")
    check("Laba diena," in r.text and "Knygų mugė Panevėžyje" in r.text, "preview with the neutral greeting")
    check(r.text.index("Naujos darbo valandos") < r.text.index("Knygų mugė Panevėžyje"), "blocks in order")
    before = sink.count()
    eq(c.post(f"/staff/pavb/newsletter/issues/{i1}/test", {"email": "testas@pavb.lt"}).status, 303)
    drain(sk)
    got = sink.since(before)
    eq([m[1] for m in got], [["testas@pavb.lt"]], "one test message")
    check("[" in str(got[0][2]["Subject"]), got[0][2]["Subject"])

    before = sink.count()
    send_issue(sk, c, "pavb", i1)
    got = sink.since(before)
    eq(sorted(m[1][0] for m in got), ["jonas@example.lt", "ona@example.lt"], "only confirmed subscribers")
    for f, rcpts, msg, raw in got:
        eq(len(rcpts), 1)
        eq(str(msg["To"]), rcpts[0], "To is the one recipient")
        check(msg["Cc"] is None and msg["Bcc"] is None, "no other recipients")
        eq(str(msg["Subject"]), "Lapkričio naujienos: šventės ir knygų mugė")
        check(b"=?UTF-8?B?" in raw.split(b"\r\n\r\n")[0], "RFC 2047 subject")
        check("Panevėžio apskrities viešoji biblioteka" in str(msg["From"]), msg["From"])
        lu = str(msg["List-Unsubscribe"])
        check(re.fullmatch(r"<http://127\.0\.0\.1:\d+/pavb/newsletter/unsubscribe\?t=[A-Za-z0-9_-]{30,}>", lu), lu)
        eq(str(msg["List-Unsubscribe-Post"]), "List-Unsubscribe=One-Click")
        body = msg.get_content()
        for part in ("Laisvės a. 1, LT-35173 Panevėžys", "info@pavb.lt", "Panevėžio apskrities viešoji biblioteka",
                     lu.strip("<>"), "Knygų mugė Panevėžyje"):
            check(part in body, f"{part!r} in the body:\n{body}")
        if rcpts[0] == "ona@example.lt":
            check(body.startswith("Gerbiama Ona,\n"), body[:80])
        else:
            check(body.startswith("Laba diena,\n"), body[:80])
    eq(one(sk, f"SELECT sent || '/' || total FROM nl_issues WHERE id = {i1}"), "2/2")
    eq(one(sk, f"SELECT COUNT(*) FROM nl_send_log WHERE issue_id = {i1} AND status = 'sent'"), "2")
    r = c.get(f"/staff/pavb/newsletter/issues/{i1}")
    check("2 / 2" in r.text, "progress shown")

    # unsubscribe: GET shows a button and changes nothing; POST stores the time
    links = {m[1][0]: str(m[2]["List-Unsubscribe"]).strip("<>") for m in got}
    path = re.sub(r"^http://127\.0\.0\.1:\d+", "", links["ona@example.lt"])
    v = srv.client()
    r = v.get(path)
    eq(r.status, 200)
    check("ona@example.lt" in r.text and "<button" in r.text, r.text[:500])
    eq(one(sk, "SELECT unsubscribed_at FROM nl_subscribers WHERE email = 'ona@example.lt'"), "0")
    r = v.post(path.split("?")[0], {"t": path.split("t=")[1]})
    eq(r.status, 200)
    check(int(one(sk, "SELECT unsubscribed_at FROM nl_subscribers WHERE email = 'ona@example.lt'")) > 0)
    # RFC 8058 one-click: a POST by the mail provider, without any CSRF token or cookie
    jpath = re.sub(r"^http://127\.0\.0\.1:\d+", "", links["jonas@example.lt"])
    r = srv.client().post(jpath, {"List-Unsubscribe": "One-Click"}, csrf=False)
    eq(r.status, 200, r.text[:300])
    check(int(one(sk, "SELECT unsubscribed_at FROM nl_subscribers WHERE email = 'jonas@example.lt'")) > 0)
    # the route does without CSRF because the token is the authority: a
    # made-up or missing token unsubscribes nobody
    before = one(sk, "SELECT COUNT(*) FROM nl_subscribers WHERE unsubscribed_at > 0")
    for bad in ("?t=" + "A" * 43, "?t=", ""):
        r = srv.client().post("/pavb/newsletter/unsubscribe" + bad, {"List-Unsubscribe": "One-Click"}, csrf=False)
        check(r.status != 303 and r.status < 500, f"{bad!r}: {r.status}")
    eq(one(sk, "SELECT COUNT(*) FROM nl_subscribers WHERE unsubscribed_at > 0"), before, "nobody else unsubscribed")

    r = c.get(f"/staff/pavb/newsletter/issues/{i1}")
    check(re.search(r"Vėliau atsisakė prenumeratos</dt><dd>2</dd>", r.text), "unsubscribes counted on the issue")

    # a sending scheduled for later does not go before its time; a time in the past is refused
    il = new_issue(c, "pavb", lst, [block], subject="Vėliau")
    eq(c.post(f"/staff/pavb/newsletter/issues/{il}/send", {"date": "2020-01-01", "time": "09:00"}).status, 422)
    later = time.localtime(time.time() + 3 * 86400)
    eq(c.post(f"/staff/pavb/newsletter/issues/{il}/send", {"date": time.strftime("%Y-%m-%d", later),
                                                            "time": "09:00"}).status, 303)
    drain(sk)
    eq(one(sk, f"SELECT status FROM nl_issues WHERE id = {il}"), "scheduled", "not before its time")
    check(int(one(sk, f"SELECT run_after FROM jobs WHERE kind = 'newsletter' ORDER BY id DESC LIMIT 1")) >
          time.time() + 2 * 86400, "queued for its time")

    i2 = new_issue(c, "pavb", lst, [block], subject="Gruodžio naujienos")
    before = sink.count()
    send_issue(sk, c, "pavb", i2)
    eq(sink.count(), before, "nothing after unsubscribing")
    sink.stop()


@test
def no_header_injection(sk):
    sink, srv = world(sk)
    c = login(srv.client(), "rysiai@pavb.lt")
    lst = setup_newsletter(sk, srv, c)
    block = content(sk, "pavb", "newsletter_block", "Blokas")
    start = sink.count()
    eq(subscribe(srv, "pavb", lst, "x@example.lt\r\nBcc: evil@example.com").status, 422)
    r = subscribe(srv, "pavb", lst, "ona@example.lt", "Ona\r\nBcc: evil@example.com",
                  "Gerbiama Ona,\r\nBcc: evil@example.com\r\n")
    check(r.status in (200, 422), r.status)
    if r.status == 422:   # refused on the form; stored that way anyway below
        eq(subscribe(srv, "pavb", lst, "ona@example.lt", "Ona", "Gerbiama Ona,").status, 200)
    drain(sk)
    confirm(srv, confirm_link(sink, start, "ona@example.lt", srv))
    # whatever the stored fields hold (an old row, another path), no header can come of them
    sk.write_sql("UPDATE nl_subscribers SET name = 'Ona' || char(13) || char(10) || 'Bcc: evil@example.com', "
                 "salutation = 'Gerbiama Ona,' || char(13) || char(10) || 'Bcc: evil@example.com' "
                 "WHERE email = 'ona@example.lt'" if sk.kind == "sqlite" else
                 "UPDATE nl_subscribers SET name = E'Ona\\r\\nBcc: evil@example.com', "
                 "salutation = E'Gerbiama Ona,\\r\\nBcc: evil@example.com' WHERE email = 'ona@example.lt'")
    r = c.post("/staff/pavb/newsletter/issues/new", {"subject_lt": "Naujienos\r\nBcc: evil@example.com",
                                                     f"list_{lst}": "1", f"pos_{block}": "1"})
    eq(r.status, 422, "a subject with CR/LF is refused")
    r = c.post("/staff/pavb/newsletter/settings", {"sender_name": "PAVB\r\nBcc: evil@example.com",
                                                   "sender_email": "info@pavb.lt", "bounce_limit": "3"})
    eq(r.status, 422, "a sender name with CR/LF is refused")
    i = new_issue(c, "pavb", lst, [block], subject="Naujienos")
    before = sink.count()
    send_issue(sk, c, "pavb", i)
    got = sink.since(before)
    eq(len(got), 1)
    f, rcpts, msg, raw = got[0]
    eq(rcpts, ["ona@example.lt"])
    head = raw.split(b"\r\n\r\n")[0].lower()
    check(b"bcc:" not in head and b"evil" not in head, head)
    check(msg["Bcc"] is None)
    sink.stop()


@test
def bounces_suppress_and_rerun_sends_once(sk):
    sink, srv = world(sk)
    c = login(srv.client(), "rysiai@pavb.lt")
    lst = setup_newsletter(sk, srv, c)
    block = content(sk, "pavb", "newsletter_block", "Blokas")
    addrs = ["bounce1@example.lt"] + [f"skaitytojas{n}@example.lt" for n in range(5)]
    start = sink.count()
    for a in addrs:
        eq(subscribe(srv, "pavb", lst, a).status, 200)
    drain(sk)
    # the bounce address gets no confirmation mail (refused): confirm it in the database's way for the test
    for a in addrs[1:]:
        confirm(srv, confirm_link(sink, start, a, srv))
    sk.write_sql("UPDATE nl_subscribers SET confirmed_at = 1 WHERE email = 'bounce1@example.lt'")
    sk.write_sql("UPDATE nl_subscriptions SET pending = 0")
    for n in range(3):
        i = new_issue(c, "pavb", lst, [block], subject=f"Nr. {n}")
        before = sink.count()
        send_issue(sk, c, "pavb", i)
        eq(sink.count() - before, 5)
        eq(one(sk, f"SELECT status FROM nl_send_log g JOIN nl_subscribers s ON s.id = g.subscriber_id "
                   f"WHERE g.issue_id = {i} AND s.email = 'bounce1@example.lt'"), "bounced")
        eq(one(sk, f"SELECT bounced FROM nl_issues WHERE id = {i}"), "1")
        r = c.get(f"/staff/pavb/newsletter/issues/{i}")
        check("bounce1@example.lt" in r.text and "550" in r.text, "the bounce and the server's answer shown")
    eq(one(sk, "SELECT bounces FROM nl_subscribers WHERE email = 'bounce1@example.lt'"), "3")
    check(int(one(sk, "SELECT suppressed_at FROM nl_subscribers WHERE email = 'bounce1@example.lt'")) > 0,
          "suppressed after 3 bounces")
    i = new_issue(c, "pavb", lst, [block], subject="Po slopinimo")
    send_issue(sk, c, "pavb", i)
    eq(one(sk, f"SELECT COUNT(*) FROM nl_send_log WHERE issue_id = {i}"), "5", "the suppressed address is left out")

    # a crash after two messages left and before they were recorded: the job runs again
    job = one(sk, "SELECT id FROM jobs WHERE kind = 'newsletter' ORDER BY id DESC LIMIT 1")
    sk.write_sql(f"UPDATE nl_issues SET status = 'sending' WHERE id = {i}")
    sk.write_sql(f"UPDATE nl_send_log SET status = 'sending' WHERE issue_id = {i} AND id IN "
                 f"(SELECT id FROM nl_send_log WHERE issue_id = {i} ORDER BY id LIMIT 2)")
    before = sink.count()
    sk.cli("job", "run", job)
    eq(sink.count() - before, 2, "only the two unrecorded ones are sent again")
    eq(one(sk, f"SELECT COUNT(*) FROM nl_send_log WHERE issue_id = {i} AND status = 'sent'"), "5")
    before = sink.count()
    sk.cli("job", "run", job)
    eq(sink.count(), before, "a finished issue sends nothing")
    sink.stop()


@test
def long_sendings_continue_in_the_next_run(sk):
    """A run stops after its time budget (here 0 s: one batch) and queues
    the next; every subscriber gets exactly one message."""
    sk.env.update({"SKLAIDA_NEWSLETTER_RUN_SECS": "0", "SKLAIDA_NEWSLETTER_THREADS": "1"})   # the server's worker too
    sink, srv = world(sk)
    c = login(srv.client(), "rysiai@pavb.lt")
    lst = setup_newsletter(sk, srv, c)
    block = content(sk, "pavb", "newsletter_block", "Blokas")
    iid = one(sk, "SELECT id FROM institutions WHERE slug = 'pavb'")
    for k in range(40):
        sk.write_sql(f"INSERT INTO nl_subscribers(institution_id, email, salutation, consent_at, consent_source, "
                     f"consent_version, confirmed_at) VALUES ({iid}, 'r{k}@example.lt', 'Sveiki, {k},', 1, 'test', 1, 2)")
    sk.write_sql(f"INSERT INTO nl_subscriptions(institution_id, subscriber_id, list_id, pending) "
                 f"SELECT {iid}, id, {lst}, 0 FROM nl_subscribers")
    i = new_issue(c, "pavb", lst, [block])
    before = sink.count()
    send_issue(sk, c, "pavb", i)
    got = sink.since(before)
    eq(sorted(m[1][0] for m in got), sorted(f"r{k}@example.lt" for k in range(40)), "each one once")
    runs = int(one(sk, "SELECT COUNT(*) FROM jobs WHERE kind = 'newsletter'"))
    check(runs >= 3, f"{runs} runs for 40 messages in batches of {16}")
    eq(one(sk, f"SELECT sent || '/' || total FROM nl_issues WHERE id = {i}"), "40/40")
    sink.stop()


def journalists(sk, inst, n, extra=()):
    iid = one(sk, f"SELECT id FROM institutions WHERE slug = '{inst}'")
    sk.write_sql(f"INSERT INTO contact_lists(institution_id, name, purpose, filter) VALUES ({iid}, 'Žurnalistai', '', '')")
    lid = one(sk, f"SELECT id FROM contact_lists WHERE institution_id = {iid} ORDER BY id DESC LIMIT 1")
    rows = [(f"Vardas{k}", f"Žurnalistas{k}", f"zurnalistas{k}@media.lt", 0, f"Gerb. Vardai{k},") for k in range(n)]
    rows += list(extra)
    for first, last, mail, dnc, sal in rows:
        sk.write_sql(f"INSERT INTO contact_people(institution_id, first_name, last_name, email, do_not_contact, "
                     f"salutation) VALUES ({iid}, '{first}', '{last}', '{mail}', {dnc}, '{sal}')")
        pid = one(sk, f"SELECT id FROM contact_people WHERE institution_id = {iid} ORDER BY id DESC LIMIT 1")
        sk.write_sql(f"INSERT INTO contact_list_members(list_id, person_id) VALUES ({lid}, {pid})")
    return int(lid)


@test
def media_distribution_25_journalists(sk):
    sink, srv = world(sk)
    c = login(srv.client(), "rysiai@pavb.lt")
    setup_newsletter(sk, srv, c)
    pr = content(sk, "pavb", "press_release", "Bibliotekai 100 metų", "Pranešimas spaudai.")
    draft = content(sk, "pavb", "press_release", "Juodraštis", status="draft")
    lid = journalists(sk, "pavb", 25, extra=[("Nesiųsti", "Niekada", "dnc@media.lt", 1, ""),
                                             ("Be", "Adreso", "", 0, "")])
    r = c.get("/staff/pavb/media")
    eq(r.status, 200)
    eq(c.post("/staff/pavb/media", {"item_id": str(draft), "list_id": str(lid)}).status, 422, "a draft is refused")
    r = c.post("/staff/pavb/media", {"item_id": str(pr), "list_id": str(lid), "intro": "Dalinamės naujiena.",
                                     "followup_date": "2099-01-15"})
    eq(r.status, 303, r.text[:800])
    did = int(re.search(r"/media/(\d+)$", r.header("Location")).group(1))
    r = c.get(f"/staff/pavb/media/{did}")
    check("1" in r.text, "skipped counts shown")
    eq(sk.sql(f"SELECT skipped_dnc, skipped_noemail, total FROM md_distributions WHERE id = {did}")[0], ["1", "1", "25"])
    before = sink.count()
    out = drain(sk)
    got = sink.since(before)
    eq(len(got), 25, f"25 individual messages (jobs: {sk.sql('SELECT id, kind, status, attempts, last_error, run_after FROM jobs')}, "
                     f"drain: {out.stderr[-1500:]})")
    seen = set()
    for f, rcpts, msg, raw in got:
        eq(len(rcpts), 1)
        eq(str(msg["To"]), rcpts[0])
        check(msg["Cc"] is None and msg["Bcc"] is None)
        check(b"media.lt" not in raw.split(b"\r\n\r\n")[0].replace(rcpts[0].encode(), b""), "no other address")
        eq(str(msg["Subject"]), "Bibliotekai 100 metų")
        body = msg.get_content()
        k = int(re.search(r"zurnalistas(\d+)@", rcpts[0]).group(1))
        check(body.startswith(f"Gerb. Vardai{k},"), body[:60])
        check("Pranešimas spaudai." in body and "Laisvės a. 1" in body, body)
        seen.add(rcpts[0])
    check("dnc@media.lt" not in seen, "do-not-contact obeyed")
    eq(len(seen), 25)
    eq(one(sk, f"SELECT COUNT(*) FROM md_recipients WHERE dist_id = {did} AND status = 'sent'"), "25", "25 log lines")
    eq(one(sk, "SELECT COUNT(*) FROM contact_interactions WHERE kind = 'mail'"), "25", "interaction history")
    r = c.get(f"/staff/pavb/media/{did}")
    eq(r.text.count('class="md-log"'), 25, "25 lines on the page")
    check(one(sk, f"SELECT COUNT(*) FROM tasks WHERE related_type = 'media_distribution' AND related_id = {did} "
                  f"AND due_date = 20990115") == "1", "follow-up task")
    eq(c.post(f"/staff/pavb/media/{did}/coverage", {"outlet": "Sekundė", "url": "javascript:alert(1)"}).status, 422)
    eq(c.post(f"/staff/pavb/media/{did}/coverage", {"outlet": "Sekundė",
                                                     "url": "https://www.sekunde.lt/straipsnis"}).status, 303)
    check("sekunde.lt/straipsnis" in c.get(f"/staff/pavb/media/{did}").text)

    # do-not-contact set after the distribution was made still wins
    r = c.post("/staff/pavb/media", {"item_id": str(pr), "list_id": str(lid)})
    eq(r.status, 303)
    did2 = int(re.search(r"/media/(\d+)$", r.header("Location")).group(1))
    sk.write_sql("UPDATE contact_people SET do_not_contact = 1 WHERE email = 'zurnalistas0@media.lt'")
    before = sink.count()
    drain(sk)
    got = sink.since(before)
    eq(len(got), 24)
    check(all(m[1] != ["zurnalistas0@media.lt"] for m in got))
    eq(one(sk, f"SELECT status FROM md_recipients r JOIN contact_people p ON p.id = r.person_id "
               f"WHERE r.dist_id = {did2} AND p.email = 'zurnalistas0@media.lt'"), "skipped")
    sink.stop()


@test
def isolation_between_institutions(sk):
    sink, srv = world(sk)
    c = login(srv.client(), "rysiai@pavb.lt")
    lst = setup_newsletter(sk, srv, c)
    block = content(sk, "pavb", "newsletter_block", "PAVB blokas")
    start = sink.count()
    eq(subscribe(srv, "pavb", lst, "ona@example.lt").status, 200)
    drain(sk)
    confirm(srv, confirm_link(sink, start, "ona@example.lt", srv))
    i = new_issue(c, "pavb", lst, [block])
    send_issue(sk, c, "pavb", i)
    msg = sink.since(start)[-1][2]
    upath = re.sub(r"^http://127\.0\.0\.1:\d+", "", str(msg["List-Unsubscribe"]).strip("<>"))
    pr = content(sk, "pavb", "press_release", "PAVB pranešimas")
    plid = journalists(sk, "pavb", 1)
    eq(c.post("/staff/pavb/media", {"item_id": str(pr), "list_id": str(plid)}).status, 303)
    pdid = one(sk, "SELECT id FROM md_distributions ORDER BY id DESC LIMIT 1")

    b = login(srv.client(), "birzai@birzai.lt")
    blst = setup_newsletter(sk, srv, b, inst="birzai")
    for path in ("/staff/pavb/newsletter", "/staff/pavb/newsletter/subscribers", "/staff/pavb/media"):
        check(b.get(path).status in (403, 404), f"{path} is not Biržai's")
    eq(b.get(f"/staff/birzai/newsletter/issues/{i}").status, 404, "another institution's issue")
    eq(b.get(f"/staff/birzai/media/{pdid}").status, 404, "another institution's distribution")
    r = b.get("/staff/birzai/newsletter/subscribers")
    check("ona@example.lt" not in r.text, "subscribers of another institution")
    r = b.get("/staff/birzai/newsletter/lists")
    check(f"list={lst}\"" not in r.text and f"list={blst}\"" in r.text, "only Biržai's own list")
    # an issue of Biržai cannot take PAVB's list or blocks
    r = b.post("/staff/birzai/newsletter/issues/new", {"subject_lt": "Biržai", f"list_{lst}": "1", f"pos_{block}": "1"})
    check(r.status in (303, 422), r.status)
    bi = one(sk, "SELECT id FROM nl_issues WHERE subject_lt = 'Biržai'")
    if bi:
        eq(one(sk, f"SELECT COUNT(*) FROM nl_issue_lists WHERE issue_id = {bi}"), "0")
        eq(one(sk, f"SELECT COUNT(*) FROM nl_issue_blocks WHERE issue_id = {bi}"), "0")
    # PAVB's subscription and unsubscribe tokens mean nothing under Biržai
    eq(srv.client().get(upath.replace("/pavb/", "/birzai/")).status, 404)
    r = srv.client().post(upath.replace("/pavb/", "/birzai/").split("?")[0], {"t": upath.split("t=")[1]}, csrf=False)
    eq(r.status, 404)
    eq(one(sk, "SELECT unsubscribed_at FROM nl_subscribers WHERE email = 'ona@example.lt'"), "0")
    sid = one(sk, "SELECT id FROM nl_subscribers WHERE email = 'ona@example.lt'")
    eq(b.post(f"/staff/birzai/newsletter/subscribers/{sid}/unsubscribe", {}).status, 404, "not Biržai's subscriber")
    eq(one(sk, "SELECT unsubscribed_at FROM nl_subscribers WHERE email = 'ona@example.lt'"), "0")
    eq(c.post(f"/staff/pavb/newsletter/subscribers/{sid}/unsubscribe", {}).status, 303, "at the person's request")
    check(int(one(sk, "SELECT unsubscribed_at FROM nl_subscribers WHERE email = 'ona@example.lt'")) > 0)
    v = srv.client()
    v.get("/birzai/newsletter")
    r = v.post("/birzai/newsletter", {"email": "kitas@example.lt", "lang": "lt", f"list_{lst}": "1", "consent": "1"})
    eq(r.status, 422, "PAVB's list is not on Biržai's form")
    sink.stop()


# ---- bounces that arrive later (VERP, `sklaida newsletter bounce`) --------------

VERP_RE = re.compile(r"bounces\+([0-9a-f]{40})@pavb\.lt")


def bounce(sk, data, *args):
    """`sklaida newsletter bounce` with raw bytes on stdin, as an MTA pipe runs it."""
    import subprocess
    e = dict(os.environ)
    e.update(sk.env)
    return subprocess.run([sk.bin, "--db", sk.db_url, "newsletter", "bounce"] + list(args), input=data,
                          capture_output=True, env=e, cwd=sk.tmp, timeout=60)


def dsn(verp, rcpt, status, action, diag, to=None):
    """An RFC 3464 report as Postfix writes one, composed with the email library."""
    from email.message import Message
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText
    rep = MIMEMultipart("report", report_type="delivery-status")
    rep["From"] = "Mail Delivery System <MAILER-DAEMON@mx.example.lt>"
    rep["To"] = to or verp
    rep["Subject"] = "Undelivered Mail Returned to Sender"
    rep["Auto-Submitted"] = "auto-replied"
    rep.attach(MIMEText("This is the mail system at host mx.example.lt.\n\nI'm sorry to have to inform you that "
                        "your message could not be delivered to one or more recipients.\n", "plain"))
    per_msg = Message()
    per_msg["Reporting-MTA"] = "dns; mx.example.lt"
    per_msg["Arrival-Date"] = "Mon,  7 Dec 2026 09:00:00 +0200 (EET)"
    per_rcpt = Message()
    per_rcpt["Final-Recipient"] = f"rfc822; {rcpt}"
    per_rcpt["Original-Recipient"] = f"rfc822;{rcpt}"
    per_rcpt["Action"] = action
    per_rcpt["Status"] = status
    per_rcpt["Remote-MTA"] = "dns; mail.example.lt"
    per_rcpt["Diagnostic-Code"] = diag
    ds = Message()
    ds.set_type("message/delivery-status")
    ds.set_payload([per_msg, per_rcpt])
    rep.attach(ds)
    rep.attach(MIMEText(f"Return-Path: <{verp}>\nFrom: info@pavb.lt\nTo: {rcpt}\nSubject: Naujienos\n",
                        "rfc822-headers"))
    return rep.as_bytes()


def sent_verps(sink, start):
    """recipient -> the VERP token of its message's envelope sender"""
    out = {}
    for f, rcpts, msg, raw in sink.since(start):
        m = VERP_RE.fullmatch(f)
        check(m, f"envelope sender {f!r} is a VERP address")
        out[rcpts[0]] = (f, m.group(1))
    return out


def active_subscribers(sk, lst, addrs):
    iid = one(sk, "SELECT id FROM institutions WHERE slug = 'pavb'")
    for a in addrs:
        sk.write_sql(f"INSERT INTO nl_subscribers(institution_id, email, consent_at, consent_source, "
                     f"consent_version, confirmed_at) VALUES ({iid}, '{a}', 1, 'test', 1, 2)")
    sk.write_sql(f"INSERT INTO nl_subscriptions(institution_id, subscriber_id, list_id, pending) "
                 f"SELECT {iid}, id, {lst}, 0 FROM nl_subscribers")


@test
def later_bounces_by_verp(sk):
    sink, srv = world(sk)
    c = login(srv.client(), "rysiai@pavb.lt")
    lst = setup_newsletter(sk, srv, c)
    eq(c.post("/staff/pavb/newsletter/settings", {
        "sender_name": "Panevėžio apskrities viešoji biblioteka", "sender_postal": "Laisvės a. 1, LT-35173 Panevėžys",
        "sender_email": "info@pavb.lt", "bounce_limit": "2"}).status, 303)
    block = content(sk, "pavb", "newsletter_block", "Blokas")
    active_subscribers(sk, lst, ["ona@example.lt", "jonas@example.lt"])
    ona = one(sk, "SELECT id FROM nl_subscribers WHERE email = 'ona@example.lt'")

    i1 = new_issue(c, "pavb", lst, [block], subject="Nr. 1")
    start = sink.count()
    send_issue(sk, c, "pavb", i1)
    v = sent_verps(sink, start)
    eq(sorted(v), ["jonas@example.lt", "ona@example.lt"])
    check(v["ona@example.lt"][1] != v["jonas@example.lt"][1], "one token per message")
    stored = one(sk, f"SELECT bounce_hash FROM nl_send_log WHERE issue_id = {i1} AND subscriber_id = {ona}")
    check(len(stored) == 64 and stored != v["ona@example.lt"][1], "only the token's hash is stored")
    verp = v["ona@example.lt"][0]

    # a delay is noted on the message, never counted
    r = bounce(sk, dsn(verp, "ona@example.lt", "4.4.1", "delayed",
                       "smtp; 451 4.4.1 Connection timed out while talking to mail.example.lt"))
    eq(r.returncode, 0, r.stderr)
    check(b"delayed" in r.stderr, r.stderr)
    eq(sk.sql(f"SELECT status, dsn_action, dsn_status FROM nl_send_log WHERE issue_id = {i1} "
              f"AND subscriber_id = {ona}")[0], ["sent", "delayed", "4.4.1"])
    eq(one(sk, f"SELECT bounces FROM nl_subscribers WHERE id = {ona}"), "0", "a delay does not count")
    check("Vėluoja" in c.get(f"/staff/pavb/newsletter/issues/{i1}").text, "the delay shown on the issue")

    # the permanent failure: bounced, counted, audited, shown like an SMTP-time one
    long_diag = ("smtp; 550 5.1.1 <ona@example.lt>: Recipient address rejected: User unknown in virtual "
                 "mailbox table (the line is long so that the generator folds it)")
    r = bounce(sk, dsn(verp, "ona@example.lt", "5.1.1", "failed", long_diag))
    eq(r.returncode, 0, r.stderr)
    row = sk.sql(f"SELECT status, dsn_status, dsn_action, error FROM nl_send_log WHERE issue_id = {i1} "
                 f"AND subscriber_id = {ona}")[0]
    eq(row[:3], ["bounced", "5.1.1", "failed"])
    check("User unknown in virtual mailbox table" in row[3], row)
    eq(one(sk, f"SELECT bounces || '/' || suppressed_at FROM nl_subscribers WHERE id = {ona}"), "1/0")
    eq(one(sk, f"SELECT sent || '/' || bounced FROM nl_issues WHERE id = {i1}"), "1/1")
    eq(one(sk, "SELECT COUNT(*) FROM audit_log WHERE action = 'newsletter.bounce'"), "2")
    page = c.get(f"/staff/pavb/newsletter/issues/{i1}").text
    check("ona@example.lt" in page and "5.1.1" in page and "User unknown" in page, "the later bounce on the page")
    # the same report again (or a second MTA's) counts once
    r = bounce(sk, dsn(verp, "ona@example.lt", "5.1.1", "failed", long_diag))
    eq(r.returncode, 0, r.stderr)
    eq(one(sk, f"SELECT bounces FROM nl_subscribers WHERE id = {ona}"), "1", "counted once")

    # the second issue: a plain (non-DSN) bounce, the VERP address only as the envelope recipient
    i2 = new_issue(c, "pavb", lst, [block], subject="Nr. 2")
    start = sink.count()
    send_issue(sk, c, "pavb", i2)
    verp2 = sent_verps(sink, start)["ona@example.lt"][0]
    plain = ("From: MAILER-DAEMON@old.example.lt\r\nTo: naujienos@pavb.lt\r\nSubject: failure notice\r\n\r\n"
             "Hi. This is the qmail-send program at old.example.lt.\r\nI'm afraid I wasn't able to deliver your "
             "message to the following addresses.\r\nThis is a permanent error; I've given up. Sorry it didn't "
             "work out.\r\n\r\n<ona@example.lt>:\r\nRemote host said: 550 5.1.1 Mailbox does not exist\r\n").encode()
    r = bounce(sk, plain, "--recipient", verp2.upper())
    eq(r.returncode, 0, r.stderr)
    eq(one(sk, f"SELECT status FROM nl_send_log WHERE issue_id = {i2} AND subscriber_id = {ona}"), "bounced")
    eq(one(sk, f"SELECT bounces FROM nl_subscribers WHERE id = {ona}"), "2")
    check(int(one(sk, f"SELECT suppressed_at FROM nl_subscribers WHERE id = {ona}")) > 0, "suppressed at the limit")
    check(b"suppressed" in r.stderr, r.stderr)
    i3 = new_issue(c, "pavb", lst, [block], subject="Nr. 3")
    start = sink.count()
    send_issue(sk, c, "pavb", i3)
    eq([m[1] for m in sink.since(start)], [["jonas@example.lt"]], "the suppressed address gets nothing")
    sink.stop()


@test
def bounce_command_odd_input(sk):
    sink, srv = world(sk)
    c = login(srv.client(), "rysiai@pavb.lt")
    lst = setup_newsletter(sk, srv, c)
    block = content(sk, "pavb", "newsletter_block", "Blokas")
    active_subscribers(sk, lst, ["jonas@example.lt"])
    i = new_issue(c, "pavb", lst, [block])
    start = sink.count()
    send_issue(sk, c, "pavb", i)
    verp = sent_verps(sink, start)["jonas@example.lt"][0]

    def unchanged():
        eq(sk.sql(f"SELECT status, dsn_action FROM nl_send_log WHERE issue_id = {i}"), [["sent", ""]])
        eq(one(sk, "SELECT bounces FROM nl_subscribers"), "0")

    # an unknown token: exit 0 (the MTA must not retry) with a clear message
    r = bounce(sk, dsn("bounces+" + "ab" * 20 + "@pavb.lt", "jonas@example.lt", "5.1.1", "failed", "smtp; 550 x"))
    eq(r.returncode, 0, r.stderr)
    check(b"unknown bounce token" in r.stderr, r.stderr)
    r = bounce(sk, b"From: a@b.lt\nSubject: labas\n\nSveiki!\n")
    eq(r.returncode, 0)
    check(b"no newsletter bounce address" in r.stderr, r.stderr)
    # a vacation message to the VERP address is no bounce
    r = bounce(sk, f"From: ona@example.lt\nTo: {verp}\nAuto-Submitted: auto-replied\nSubject: Atostogos\n\n"
                   f"Grįšiu 12-14.\n".encode())
    eq(r.returncode, 0)
    check(b"auto-reply" in r.stderr, r.stderr)
    # a delivery notice (Action: delivered) is no bounce
    eq(bounce(sk, dsn(verp, "jonas@example.lt", "2.0.0", "delivered", "smtp; 250 2.0.0 OK")).returncode, 0)
    unchanged()
    # garbage, NULs, broken MIME, an endless header, a missing boundary: no crash, exit 0
    import random
    rnd = random.Random(7)
    for junk in (bytes(rnd.randrange(256) for _ in range(20000)),
                 b"\x00" * 5000 + verp.encode(),
                 b"Content-Type: multipart/report; boundary=\"\"\n\n--\n--\n",
                 b"Content-Type: multipart/report; report-type=delivery-status; boundary=X\n\n--X\n"
                 b"Content-Type: message/delivery-status\n\nAction: failed\nStatus: 5.",
                 b"X-Long: " + b"a" * 300000 + b"\n To: " + verp.encode() + b"\n\n",
                 (b"Content-Type: multipart/mixed; boundary=A\n\n--A\n" * 50) + b"\n"):
        r = bounce(sk, junk)
        eq(r.returncode, 0, f"{junk[:60]!r}: {r.stderr[-300:]!r}")
    unchanged()
    # oversized: the first MiB is read, the rest dropped; still recorded
    big = dsn(verp, "jonas@example.lt", "4.2.2", "delayed", "smtp; 452 4.2.2 Mailbox full") + b"x" * (3 << 20)
    r = bounce(sk, big)
    eq(r.returncode, 0, r.stderr)
    check(b"longer than" in r.stderr, r.stderr)
    eq(one(sk, f"SELECT dsn_action FROM nl_send_log WHERE issue_id = {i}"), "delayed")
    # empty input is unreadable: non-zero (EX_DATAERR)
    eq(bounce(sk, b"").returncode, 65)
    # too old: ignored with a message
    sk.write_sql(f"UPDATE nl_send_log SET sent_at = sent_at - 40 * 86400 WHERE issue_id = {i}")
    r = bounce(sk, dsn(verp, "jonas@example.lt", "5.1.1", "failed", "smtp; 550 5.1.1 unknown"))
    eq(r.returncode, 0)
    check(b"more than 30 days" in r.stderr, r.stderr)
    eq(one(sk, "SELECT bounces FROM nl_subscribers"), "0")
    sink.stop()


if __name__ == "__main__":
    run()

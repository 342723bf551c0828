"""Background jobs (src/jobs/queue.c, the "mail" kind of
src/adapters/mail.c): a password reset enqueues a mail job that the
server's worker leases and completes through a real SMTP server (an
aiosmtpd sink on loopback); `sklaida job run ID` runs one by hand; a
job whose SMTP server is down is retried with exponential backoff
(attempts grows, status back to queued with run_after in the future,
last_error set) and finally fails; two `sklaida worker` processes with
two threads each never run a job twice (50 jobs: attempts == 1 each,
exactly 50 messages); an expired lease of a worker that died is taken
over by another worker, a live one is not.

Run: /usr/bin/python3 tests/py/test_jobs.py --db sqlite|pg --bin build/sklaida
"""
import concurrent.futures
import os
import re
import signal
import socket
import subprocess
import threading
import time

from aiosmtpd.controller import Controller

from sk import test, run, eq, check, Fail, free_port

CSRF = "j" * 32


class Sink:
    """An SMTP server on 127.0.0.1 that keeps every message."""

    def __init__(self):
        self.messages = []   # (rcpt list, data bytes)
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                with sink.lock:
                    sink.messages.append((list(envelope.rcpt_tos), envelope.content))
                return "250 OK"

        self.port = free_port()
        self.ctl = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.ctl.start()

    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def count(self):
        with self.lock:
            return len(self.messages)

    def stop(self):
        self.ctl.stop()


class Staller:
    """Accepts SMTP connections and never answers: a worker talking to it
    holds its lease until curl's timeout."""

    def __init__(self):
        self.s = socket.socket()
        self.s.bind(("127.0.0.1", 0))
        self.s.listen(16)
        self.port = self.s.getsockname()[1]
        self.conns = []
        self.stop_flag = False
        threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        self.s.settimeout(0.2)
        while not self.stop_flag:
            try:
                c, _ = self.s.accept()
                self.conns.append(c)
            except OSError:
                pass

    def stop(self):
        self.stop_flag = True
        for c in self.conns:
            c.close()
        self.s.close()


def smtp_env(url):
    return {"SKLAIDA_SMTP_URL": url, "SKLAIDA_SMTP_TLS": "none", "SKLAIDA_MAIL_FROM": "sklaida@example.org"}


def reset_raw(email):
    body = f"_csrf={CSRF}&email={email.replace('@', '%40')}".encode()
    return (b"POST /password-reset HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: csrf=" + CSRF.encode() +
            b"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(body) + body)


def enqueue_reset(sk, email, env=None):
    """A reset request through test-http (no worker runs there)."""
    r = sk.raw(reset_raw(email), env=env)
    eq(r.status, 200, f"password reset for {email}:")


def jobs(sk):
    rows = sk.sql("SELECT id, status, attempts, max_attempts, run_after, updated_at, lease_owner, last_error, "
                  "lease_until FROM jobs WHERE kind = 'mail' ORDER BY id")
    keys = ("id", "status", "attempts", "max_attempts", "run_after", "updated_at", "lease_owner", "last_error",
            "lease_until")
    out = []
    for r in rows:
        d = dict(zip(keys, r))
        for k in ("id", "attempts", "max_attempts", "run_after", "updated_at", "lease_until"):
            d[k] = int(d[k])
        out.append(d)
    return out


def wait_for(cond, what, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = cond()
        if v:
            return v
        time.sleep(0.1)
    raise Fail(f"timed out waiting for {what}")


def worker(sk, env, threads=1):
    e = dict(os.environ)
    e.update(sk.env)
    e.update(env)
    log = open(os.path.join(sk.tmp, f"worker-{time.time_ns()}.log"), "wb")
    p = subprocess.Popen([sk.bin, "--db", sk.db_url, "worker", "--threads", str(threads)],
                         stdout=log, stderr=subprocess.STDOUT, env=e, cwd=sk.tmp)
    p.logfile = log
    return p


def stop_worker(p, sig=signal.SIGTERM):
    if p.poll() is None:
        p.send_signal(sig)
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    p.logfile.close()
    return p.returncode


def tokens_in(messages):
    """Reset tokens of the links in the (base64 bodies of the) messages."""
    import base64
    import email
    toks = []
    for _, data in messages:
        m = email.message_from_bytes(data)
        body = base64.b64decode(m.get_payload()).decode()
        toks += re.findall(r"/password-reset/([A-Za-z0-9_-]{20,})", body)
    return toks


@test
def reset_mail_delivered_by_server_worker(sk):
    sk.add_user("reader@example.org", "Skaitytoja", password="old password 123")
    sink = Sink()
    try:
        srv = sk.server(env=smtp_env(sink.url()))
        c = srv.client()
        c.get("/password-reset")
        r = c.post("/password-reset", {"email": "reader@example.org"})
        eq(r.status, 200, "reset request")
        wait_for(lambda: sink.count() >= 1, "the mail from the server's worker")
        j = wait_for(lambda: [x for x in jobs(sk) if x["status"] == "done"], "job done")
        eq(len(jobs(sk)), 1, "one mail job")
        eq(j[0]["attempts"], 1, "attempts")
        check(j[0]["lease_owner"] and not j[0]["lease_owner"].startswith("cli-"), "leased by a server worker")
        rcpt, _ = sink.messages[0]
        eq(rcpt, ["reader@example.org"], "recipient")
        toks = tokens_in(sink.messages)
        eq(len(toks), 1, "one reset link in the mail")
        eq(c.get(f"/password-reset/{toks[0]}").status, 200, "the mailed link opens the new-password form")
    finally:
        sink.stop()


@test
def job_run_by_hand(sk):
    sk.add_user("hand@example.org", "Ranka", password="old password 123")
    sink = Sink()
    try:
        env = smtp_env(sink.url())
        enqueue_reset(sk, "hand@example.org", env)
        js = jobs(sk)
        eq(len(js), 1, "one job queued")
        eq(js[0]["status"], "queued", "status before")
        r = sk.cli("job", "run", str(js[0]["id"]), env=env)
        check(f"job {js[0]['id']} done" in r.stdout, f"job run output: {r.stdout!r}")
        js = jobs(sk)
        eq((js[0]["status"], js[0]["attempts"]), ("done", 1), "status/attempts after job run")
        check(js[0]["lease_owner"].startswith("cli-"), "leased by the CLI")
        eq(sink.count(), 1, "messages delivered")
        r = sk.cli("job", "run", "999999", env=env, check_rc=False)
        check(r.returncode != 0 and "no job" in r.stderr, f"unknown job id: rc {r.returncode} {r.stderr!r}")
    finally:
        sink.stop()


@test
def failing_job_backs_off_then_fails(sk):
    sk.add_user("down@example.org", "Neveikia", password="old password 123")
    env = smtp_env("smtp://127.0.0.1:1")  # nothing listens there
    # 1. the server's worker takes it and reschedules it
    srv = sk.server(env=env)
    c = srv.client()
    c.get("/password-reset")
    eq(c.post("/password-reset", {"email": "down@example.org"}).status, 200, "reset request")
    j = wait_for(lambda: [x for x in jobs(sk) if x["attempts"] >= 1 and x["status"] == "queued"],
                 "the first failed attempt")[0]
    srv.proc.terminate()
    srv.proc.wait(30)
    check(j["last_error"], "last_error set")
    check("smtp" in j["last_error"].lower() or "connect" in j["last_error"].lower(), f"error text: {j['last_error']}")
    now = int(time.time())
    check(j["run_after"] > now, f"run_after {j['run_after']} is in the future (now {now})")
    eq(j["run_after"] - j["updated_at"], 30, "first backoff (seconds)")
    # 2. by hand until the attempts are used up; the backoff doubles
    prev = 30
    while True:
        r = sk.cli("job", "run", str(j["id"]), env=env, check_rc=False)
        check(r.returncode != 0, f"job run against a closed SMTP port succeeded: {r.stdout}")
        cur = jobs(sk)[0]
        if cur["status"] == "failed":
            break
        eq(cur["status"], "queued", f"status after attempt {cur['attempts']}")
        gap = cur["run_after"] - cur["updated_at"]
        eq(gap, min(prev * 2, 3600), f"backoff after attempt {cur['attempts']}")
        check(cur["run_after"] > int(time.time()), "run_after in the future")
        prev = gap
        check(cur["attempts"] < cur["max_attempts"], "still queued after max_attempts")
    eq(cur["attempts"], cur["max_attempts"], "failed after max_attempts")
    check(cur["last_error"], "last_error kept")
    # a failed job is not picked up again by a worker
    w = worker(sk, env)
    time.sleep(2.5)
    stop_worker(w)
    eq(jobs(sk)[0]["attempts"], cur["max_attempts"], "a worker ran a failed job")


@test
def two_workers_never_run_a_job_twice(sk):
    users = [f"u{i:02d}@example.org" for i in range(17)]
    for u in users:
        sk.add_user(u, "Skaitytojas", password="old password 123")
    sink = Sink()
    try:
        env = smtp_env(sink.url())
        # 3 reset mails per address are allowed per 15 minutes: 16 x 3 + 2 = 50
        addrs = [u for u in users[:16] for _ in range(3)] + [users[16]] * 2
        with concurrent.futures.ThreadPoolExecutor(4) as ex:
            list(ex.map(lambda a: enqueue_reset(sk, a, env), addrs))
        eq(len(jobs(sk)), 50, "queued jobs")
        w1 = worker(sk, env, threads=2)
        w2 = worker(sk, env, threads=2)
        try:
            wait_for(lambda: all(j["status"] == "done" for j in jobs(sk)), "all 50 jobs done", timeout=120)
            time.sleep(1.5)  # a duplicate run would show up as a 51st message
        finally:
            rc1, rc2 = stop_worker(w1), stop_worker(w2)
        js = jobs(sk)
        eq(sorted({j["attempts"] for j in js}), [1], "attempts of every job")
        eq(sink.count(), 50, "messages delivered")
        toks = tokens_in(sink.messages)
        eq(len(toks), 50, "reset links mailed")
        eq(len(set(toks)), 50, "distinct reset links (no job ran twice)")
        owners = {j["lease_owner"].rsplit("-", 1)[0] for j in js}
        print(f"    jobs per worker process: "
              f"{ {o: sum(1 for j in js if j['lease_owner'].startswith(o)) for o in owners} }", flush=True)
        eq((rc1, rc2), (0, 0), "worker exit status after SIGTERM")
    finally:
        sink.stop()


@test
def expired_lease_is_taken_over(sk):
    sk.add_user("lease@example.org", "Nuoma", password="old password 123")
    staller = Staller()
    sink = Sink()
    try:
        enqueue_reset(sk, "lease@example.org", smtp_env(sink.url()))
        # worker A leases the job and hangs on an SMTP server that never answers
        a = worker(sk, smtp_env(f"smtp://127.0.0.1:{staller.port}"))
        j = wait_for(lambda: [x for x in jobs(sk) if x["status"] == "running"], "worker A's lease")[0]
        owner_a = j["lease_owner"]
        eq(j["attempts"], 1, "attempts after A's lease")
        stop_worker(a, signal.SIGKILL)  # A dies holding the lease
        # B must leave a live lease alone
        b = worker(sk, smtp_env(sink.url()))
        time.sleep(2.5)
        j = jobs(sk)[0]
        eq((j["status"], j["lease_owner"], j["attempts"]), ("running", owner_a, 1), "live lease taken over")
        eq(sink.count(), 0, "messages while A's lease is live")
        # time passes: the lease (300 s) runs out
        sk.write_sql(f"UPDATE jobs SET lease_until = {int(time.time()) - 1} WHERE id = {j['id']}")
        j = wait_for(lambda: [x for x in jobs(sk) if x["status"] == "done"], "B completes the expired job")[0]
        stop_worker(b)
        eq(j["attempts"], 2, "attempts after the takeover")
        check(j["lease_owner"] != owner_a, f"lease owner changed from {owner_a}")
        eq(sink.count(), 1, "messages")
        eq(sink.messages[0][0], ["lease@example.org"], "recipient")
    finally:
        staller.stop()
        sink.stop()


@test
def daily_jobs_are_queued_on_a_fresh_install(sk):
    """The daily kinds (SK_JOB_DAILY) need no hand-queued first run: a
    worker started on an empty database queues one run of each, at its
    local time; two workers started together add one row per kind; a run
    queues the next day's; a chain broken by a failed run is mended."""
    daily = {"occasions_remind": "06:00", "group_requests_retention": "03:30", "reg_daily": "05:00"}
    eq(sk.sql("SELECT COUNT(*) FROM jobs"), [["0"]], "an empty queue")
    ws = [worker(sk, {}), worker(sk, {})]
    try:
        def rows():
            return sk.sql("SELECT kind, status, run_after FROM jobs WHERE kind IN "
                          "('occasions_remind', 'group_requests_retention', 'reg_daily') ORDER BY kind, id")
        wait_for(lambda: len(rows()) >= 3, "the daily jobs queued")
        time.sleep(1.5)
        got = rows()
        eq(sorted(r[0] for r in got), sorted(daily), "one row per daily kind")
        from zoneinfo import ZoneInfo
        import datetime as dt
        vno = ZoneInfo("Europe/Vilnius")
        now = time.time()
        for kind, status, run_after in got:
            eq(status, "queued")
            t = dt.datetime.fromtimestamp(int(run_after), vno)
            eq(t.strftime("%H:%M"), daily[kind], f"{kind} at its local time")
            check(now < int(run_after) <= now + 86400 + 3600, f"{kind}: the next {daily[kind]}")
        # the run itself queues the next day's
        jid = sk.sql("SELECT id FROM jobs WHERE kind = 'occasions_remind'")[0][0]
        sk.cli("job", "run", jid)
        got = sk.sql("SELECT status, run_after FROM jobs WHERE kind = 'occasions_remind' ORDER BY id")
        eq([g[0] for g in got], ["done", "queued"], "a run queues the next")
        # a failed chain: no queued row left; the worker mends it within its round
        sk.write_sql("UPDATE jobs SET status = 'failed' WHERE kind = 'group_requests_retention'")
    finally:
        for w in ws:
            stop_worker(w)
    w = worker(sk, {})
    try:
        wait_for(lambda: sk.sql("SELECT COUNT(*) FROM jobs WHERE kind = 'group_requests_retention' "
                                "AND status = 'queued'") == [["1"]], "the broken chain mended on start")
    finally:
        stop_worker(w)


run()

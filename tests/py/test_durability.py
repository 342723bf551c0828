"""Crash durability (RELIABILITY.md P19, finding 4): `kill -9` of the
server during concurrent writes, 20 times; every acknowledged write is
in the database after the restart; SQLite passes PRAGMA integrity_check
and foreign_key_check after every kill.

Two kinds of acknowledged writes, four client threads:
  - three threads POST /password-reset, each with a new unique address
    (no such account): the rate limiter inserts an auth_failures row
    (kind 'reset', key = the address) before the 200 is sent -- a unique
    value we sent, cheap, so hundreds are in flight at each kill;
  - one thread logs in as one of four users: POST /login inserts a
    session row and its audit row in one transaction and acknowledges
    with 303 + the session cookie (sessions.token_hash is BLAKE2b-256 of
    the cookie, as in core.c token_hash). Argon2id makes these slow, so
    there are fewer of them.
The server is killed at a random moment (fixed seed) while they write;
every acknowledgement received before the kill must survive the restart.

Run: /usr/bin/python3 tests/py/test_durability.py --db sqlite|pg --bin build/sklaida
Env: SK_DURABILITY_KILLS (default 20).
"""
import hashlib
import http.client
import os
import random
import signal
import threading
import time
import urllib.parse

from sk import test, run, eq, check, Fail

KILLS = int(os.environ.get("SK_DURABILITY_KILLS", "20"))
USERS = [f"writer{i}@example.org" for i in range(4)]
PASSWORD = "durable password 42"
CSRF = "d" * 32


def token_hash(tok):
    return hashlib.blake2b(tok.encode(), digest_size=32).hexdigest()


def reset_once(port, email):
    """POST /password-reset for an address; True when acknowledged (200)."""
    body = urllib.parse.urlencode({"_csrf": CSRF, "email": email})
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request("POST", "/password-reset", body=body, headers={
            "Host": f"127.0.0.1:{port}", "Cookie": f"csrf={CSRF}",
            "Content-Type": "application/x-www-form-urlencoded"})
        r = c.getresponse()
        r.read()
        return r.status == 200, r.status
    finally:
        c.close()


def login_once(port, email):
    """One login; returns the session token when acknowledged (303 with a
    sid cookie), None otherwise. Raises OSError when the server is gone."""
    body = urllib.parse.urlencode({"_csrf": CSRF, "email": email, "password": PASSWORD})
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request("POST", "/login", body=body, headers={
            "Host": f"127.0.0.1:{port}", "Cookie": f"csrf={CSRF}",
            "Content-Type": "application/x-www-form-urlencoded"})
        r = c.getresponse()
        r.read()
        if r.status != 303:
            return None, r.status
        for k, v in r.getheaders():
            if k.lower() == "set-cookie" and v.startswith("sid="):
                return v.split(";")[0][4:], 303
        return None, 303
    finally:
        c.close()


class Writers:
    def __init__(self, port, cycle):
        self.port = port
        self.cycle = cycle
        self.acked = []          # (email, token) of acknowledged logins
        self.resets = []         # acknowledged reset addresses
        self.other = {}          # status -> count (503 busy etc.)
        self.lock = threading.Lock()
        self.stop = False
        self.threads = [threading.Thread(target=self.logins, daemon=True)]
        self.threads += [threading.Thread(target=self.reset_loop, args=(i,), daemon=True) for i in range(3)]

    def note(self, st):
        with self.lock:
            self.other[st] = self.other.get(st, 0) + 1

    def logins(self):
        n = 0
        while not self.stop:
            email = USERS[n % len(USERS)]
            n += 1
            try:
                tok, st = login_once(self.port, email)
            except (OSError, http.client.HTTPException):
                return  # server killed
            if tok:
                with self.lock:
                    self.acked.append((email, tok))
            else:
                self.note(st)

    def reset_loop(self, i):
        n = 0
        while not self.stop:
            email = f"ack-{self.cycle}-{i}-{n}@example.org"
            n += 1
            try:
                ok, st = reset_once(self.port, email)
            except (OSError, http.client.HTTPException):
                return
            if ok:
                with self.lock:
                    self.resets.append(email)
            else:
                self.note(st)

    def start(self):
        for t in self.threads:
            t.start()

    def join(self):
        self.stop = True
        for t in self.threads:
            t.join(30)


def sqlite_checks(sk, cycle):
    ic = sk.sql("PRAGMA integrity_check")
    eq(ic, [["ok"]], f"integrity_check after kill {cycle}:")
    fk = sk.sql("PRAGMA foreign_key_check")
    eq(fk, [], f"foreign_key_check after kill {cycle}:")


def verify(sk, acked, resets, cycle):
    have = {row[0] for row in sk.sql("SELECT key FROM auth_failures WHERE kind = 'reset'")}
    lost = [e for e in resets if e not in have]
    check(not lost, f"after kill {cycle}: {len(lost)} of {len(resets)} acknowledged reset requests lost: {lost[:5]}")
    have = {row[0] for row in sk.sql("SELECT token_hash FROM sessions")}
    lost = [(e, t[:6]) for e, t in acked if token_hash(t) not in have]
    check(not lost, f"after kill {cycle}: {len(lost)} of {len(acked)} acknowledged logins lost: {lost[:5]}")
    # each acknowledged login committed its audit row in the same transaction
    rows = sk.sql("SELECT u.email, COUNT(*) FROM audit_log a JOIN users u ON u.id = a.entity_id "
                  "WHERE a.action = 'login' GROUP BY u.email")
    audited = {e: int(n) for e, n in rows}
    for email in USERS:
        n = sum(1 for e, _ in acked if e == email)
        check(audited.get(email, 0) >= n, f"after kill {cycle}: {email} has {audited.get(email, 0)} login audit rows "
                                          f"for {n} acknowledged logins")


@test
def kill9_during_concurrent_writes(sk):
    for u in USERS:
        sk.add_user(u, "Writer", password=PASSWORD)
    rnd = random.Random(19)
    acked = []
    resets = []
    statuses = {}
    for cycle in range(1, KILLS + 1):
        srv = sk.server()
        w = Writers(srv.port, cycle)
        w.start()
        # once a login is through (they are slow: argon2id), kill at a
        # uniformly random moment while all four writers are busy
        deadline = time.time() + 30
        while not w.acked and time.time() < deadline and srv.proc.poll() is None:
            time.sleep(0.02)
        time.sleep(rnd.uniform(0.0, 1.2))
        srv.proc.send_signal(signal.SIGKILL)
        srv.proc.wait(10)
        w.join()
        acked += w.acked
        resets += w.resets
        for k, v in w.other.items():
            statuses[k] = statuses.get(k, 0) + v
        if sk.kind == "sqlite":
            sqlite_checks(sk, cycle)
        verify(sk, acked, resets, cycle)
    check(len(resets) >= 20 * KILLS, f"too few acknowledged writes to mean anything: {len(resets)}")
    check(len(acked) >= KILLS, f"only {len(acked)} logins acknowledged in {KILLS} cycles")
    check(not any(s >= 500 and s != 503 for s in statuses), f"server errors while writing: {statuses}")
    # the restarted server serves the surviving sessions
    srv = sk.server()
    for email, tok in rnd.sample(acked, min(3, len(acked))):
        c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        c.request("GET", "/staff", headers={"Host": "127.0.0.1", "Cookie": f"sid={tok}"})
        r = c.getresponse()
        r.read()
        c.close()
        eq(r.status, 200, f"GET /staff with the session of {email} acknowledged before a kill:")
    srv.proc.terminate()  # not srv.stop(): that closes the log the harness prints on failure
    eq(srv.proc.wait(30), 0, "exit status after SIGTERM")
    if sk.kind == "sqlite":
        sqlite_checks(sk, "final")
    print(f"    {len(resets)} acknowledged reset rows and {len(acked)} logins survived {KILLS} kills; "
          f"other statuses {statuses}", flush=True)


run()

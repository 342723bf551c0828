#!/usr/bin/python3
"""soak.py -- soak and leak run (RELIABILITY.md P25): a mixed workload at
about 100 requests/s (20 client threads x 5/s: public pages, /healthz,
the login page, static files, a logged-in staff page, password-reset
POSTs) for --minutes (default 10; 120 before a release), sampling the
server's RSS, open fds, threads and (SQLite) WAL size every 10 s into
samples.csv in the test's temp dir.

Pass: no 5xx and no connection error; RSS at the end <= 1.1 x RSS at the
end of the warm-up (30 % of the run, at least 3 min for runs >= 10 min);
open fds after the load within +-5 of before it; WAL < 64 MB; the server exits 0 on
SIGTERM, and with an ASan/LSan binary (--bin build-asan/sklaida) its log
has no sanitizer report. Latency percentiles are printed, not asserted.

    tests/long/soak.py [--db sqlite|pg] [--bin build/sklaida] [--minutes 10]
"""
import os
import random
import sys
import threading
import time
import urllib.parse

from longlib import args, proc_status, request, pct
import sk as skmod

a = args(__doc__.splitlines()[1], [("--minutes", {"type": float, "default": 10.0})])
dur = a.minutes * 60
warm = max(dur * 0.3, 180 if dur >= 600 else 0)

sk = skmod.Sk(a.db, a.bin)
sk.add_inst("pavb", "Panevėžio apskrities biblioteka", "county")
pw = sk.add_user("soak@example.org", "Soak", inst="pavb", roles=["STAFF"])
srv = sk.server()
c = srv.client()
c.login("soak@example.org", pw)
sid = c.cookies.get("sid", "")
CSRF = "s" * 32

MIX = [
    (30, "GET", "/", None, {}),
    (20, "GET", "/pavb/", None, {}),
    (15, "GET", "/healthz", None, {}),
    (10, "GET", "/login", None, {}),
    (10, "GET", "/static/app.css", None, {}),
    (10, "GET", "/staff/pavb/", None, {"Cookie": f"sid={sid}"}),
    (5, "POST", "/password-reset", None, {"Cookie": f"csrf={CSRF}",
                                          "Content-Type": "application/x-www-form-urlencoded"}),
]
weights = [m[0] for m in MIX]
stats = {"n": 0, "5xx": 0, "err": 0, "other": {}}
lat = []
lock = threading.Lock()
stop = threading.Event()


def client(i):
    rnd = random.Random(i)
    n = 0
    nxt = time.time()
    while not stop.is_set():
        _, method, path, body, h = rnd.choices(MIX, weights)[0]
        if method == "POST":
            n += 1
            body = urllib.parse.urlencode({"_csrf": CSRF, "email": f"nobody{i}-{n}@example.org"})
        st, dt = request(srv.port, method, path, body=body, headers=h, source="127.0.0.1")
        with lock:
            stats["n"] += 1
            lat.append(dt)
            if st is None:
                stats["err"] += 1
            elif st >= 500:
                stats["5xx"] += 1
            elif st not in (200, 303):
                stats["other"][st] = stats["other"].get(st, 0) + 1
        nxt += 0.2
        time.sleep(max(0.0, nxt - time.time()))


base_fds = proc_status(srv.proc.pid)["fds"]  # before the load: no client connection open
threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(20)]
for t in threads:
    t.start()
wal = sk.db_url[7:] + "-wal" if a.db == "sqlite" else None
samples = []
t0 = time.time()
csv = open(os.path.join(sk.tmp, "samples.csv"), "w")
csv.write("t,rss_kb,fds,threads,wal_bytes,requests\n")
warm_sample = None
while time.time() - t0 < dur:
    time.sleep(10)
    if srv.proc.poll() is not None:
        break
    s = proc_status(srv.proc.pid)
    s["t"] = round(time.time() - t0)
    s["wal"] = os.path.getsize(wal) if wal and os.path.exists(wal) else 0
    samples.append(s)
    csv.write(f"{s['t']},{s['rss_kb']},{s['fds']},{s['threads']},{s['wal']},{stats['n']}\n")
    csv.flush()
    if warm_sample is None and s["t"] >= warm:
        warm_sample = s
stop.set()
for t in threads:
    t.join(15)
time.sleep(3)  # let the server close the last connections
alive = srv.proc.poll() is None
end_fds = proc_status(srv.proc.pid)["fds"] if alive else -1
end = samples[-1] if samples else None
problems = []
if not alive:
    problems.append("server died")
if stats["5xx"] or stats["err"]:
    problems.append(f"{stats['5xx']} 5xx and {stats['err']} connection errors")
if warm_sample and end:
    if end["rss_kb"] > warm_sample["rss_kb"] * 1.1:
        problems.append(f"RSS grew {warm_sample['rss_kb']} -> {end['rss_kb']} KiB after warm-up")
if alive and abs(end_fds - base_fds) > 5:
    problems.append(f"open fds {base_fds} before the load, {end_fds} after it")
if samples and max(s["wal"] for s in samples) >= 64 << 20:
    problems.append(f"WAL reached {max(s['wal'] for s in samples)} bytes")
if alive:
    srv.proc.terminate()
    rc = srv.proc.wait(120)
    if rc != 0:
        problems.append(f"exit status {rc} after SIGTERM")
log = open(srv.log.name, errors="replace").read()
for marker in ("ERROR: AddressSanitizer", "runtime error:", "LeakSanitizer", " level=error "):
    if marker in log:
        problems.append(f"server log contains {marker.strip()!r}")
print(f"    {stats['n']} requests in {time.time() - t0:.0f} s; statuses other than 200/303: {stats['other']}; "
      f"latency median {pct(lat, 50) * 1000:.1f} ms, p99 {pct(lat, 99) * 1000:.1f} ms; samples in {csv.name}")
if warm_sample and end:
    print(f"    RSS {warm_sample['rss_kb']} KiB at {warm_sample['t']} s -> {end['rss_kb']} KiB at {end['t']} s; "
          f"fds {base_fds} before, {end_fds} after the load; threads {end['threads']}")
name = f"soak/{a.minutes:g}min[{a.db}]"
print(f"FAIL {name}: {'; '.join(problems)}" if problems else f"ok {name}")
csv.close()
sk.close()
sys.exit(1 if problems else 0)

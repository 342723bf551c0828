#!/usr/bin/python3
"""slowloris.py -- slow-client and connection-exhaustion run (RELIABILITY.md
P7) with slowhttptest against a live sklaida on 127.0.0.1:

  1. slow headers  slowhttptest -H -c 500 -i 10 -r 100 -l 120
  2. slow body     slowhttptest -B -c 500 -i 10 -r 100 -l 120 -s 8192 (POST /login)
  3. slow read     slowhttptest -X -c 500 -r 100 -l 120 -k 2 -n 2 -w 10 -y 20 -z 32

While each attack runs, a health probe requests GET /healthz twice a
second from 127.0.0.2 (its own per-IP budget: the attacker comes from
127.0.0.1 and hits MHD's per-IP limit). After each attack the server's
open-fd count must return to its baseline within 60 s.

Pass: every health request answered 200; fds back to baseline +-5; the
server alive and exiting 0 on SIGTERM. Health latency (median/p99) is
printed for the record, not asserted.

    tests/long/slowloris.py [--db sqlite|pg] [--bin build/sklaida] [--seconds 120] [--timeout 10]

Needs slowhttptest (Debian package; installed here when run as root).
"""
import os
import re
import shutil
import subprocess
import sys
import threading
import time

from longlib import args, proc_status, request, pct
import sk as skmod

a = args(__doc__.splitlines()[1], [("--seconds", {"type": int, "default": 120}),
                                   ("--timeout", {"type": int, "default": 10})])

if not shutil.which("slowhttptest"):
    if os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        q = {"env": env, "stdout": subprocess.DEVNULL}
        if subprocess.run(["apt-get", "install", "-y", "-qq", "slowhttptest"], **q).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], **q)
            subprocess.run(["apt-get", "install", "-y", "-qq", "slowhttptest"], check=True, **q)
    else:
        print("slowhttptest is missing; as root: apt-get install -y slowhttptest")
        sys.exit(2)

if a.db == "pg" and not os.environ.get("SK_PG_STATE") and not os.path.exists(f"/tmp/sklaida-pg-{os.getuid()}.env"):
    print("--db pg needs a running cluster: tests/lib/pg.sh start DIR PORT")
    sys.exit(2)

sk = skmod.Sk(a.db, a.bin)
sk.add_inst("pavb", "Panevėžio apskrities biblioteka", "county")
srv = sk.server(env={"SKLAIDA_CONN_TIMEOUT": str(a.timeout)})
pid = srv.proc.pid
for _ in range(20):  # every pool thread opens its database connection first
    request(srv.port, "GET", "/pavb/")
time.sleep(1)
base = proc_status(pid)["fds"]
url = f"http://127.0.0.1:{srv.port}"
attacks = [
    ("slow-headers", ["-H", "-c", "500", "-i", "10", "-r", "100", "-u", url + "/"]),
    ("slow-body", ["-B", "-c", "500", "-i", "10", "-r", "100", "-s", "8192", "-t", "POST", "-u", url + "/login"]),
    ("slow-read", ["-X", "-c", "500", "-r", "100", "-k", "2", "-n", "2", "-w", "10", "-y", "20", "-z", "32",
                   "-u", url + "/"]),
]
failed = False
for name, opts in attacks:
    lat, errors, stop = [], [], threading.Event()

    def probe():
        while not stop.is_set():
            st, dt = request(srv.port, "GET", "/healthz")
            if st == 200:
                lat.append(dt)
            else:
                errors.append(st)
            time.sleep(0.5)

    th = threading.Thread(target=probe, daemon=True)
    th.start()
    out = subprocess.run(["slowhttptest", "-l", str(a.seconds), "-p", "3"] + opts,
                         capture_output=True, text=True, cwd=sk.tmp)
    stop.set()
    th.join()
    # fds back to the baseline within 60 s
    deadline = time.time() + 60
    fds = proc_status(pid)["fds"] if srv.proc.poll() is None else -1
    while srv.proc.poll() is None and abs(fds - base) > 5 and time.time() < deadline:
        time.sleep(1)
        fds = proc_status(pid)["fds"]
    alive = srv.proc.poll() is None
    ok = alive and not errors and abs(fds - base) <= 5
    failed |= not ok
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out.stdout)
    summary = [" ".join(ln.split()) for ln in plain.splitlines() if "service available" in ln.lower()][-1:]
    print(f"{'ok' if ok else 'FAIL'} slowloris/{name}[{a.db}]: health {len(lat)} ok, {len(errors)} failed "
          f"(median {pct(lat, 50) * 1000:.0f} ms, p99 {pct(lat, 99) * 1000:.0f} ms); fds {base} -> {fds}; "
          f"alive {alive} {' '.join(summary)}", flush=True)
srv.proc.terminate()
rc = srv.proc.wait(60)
if rc != 0:
    failed = True
    print(f"FAIL slowloris/exit[{a.db}]: exit status {rc}; log tail:\n{srv.logtext()[-2000:]}")
sk.close()
sys.exit(1 if failed else 0)

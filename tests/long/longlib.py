"""longlib.py -- helpers of the long-tier scripts in tests/long/: process
statistics from /proc, a paced HTTP client bound to a chosen loopback
source address (so that a per-IP connection limit hit by an attack does
not also block the observer), and argument parsing shared by the scripts.
The database, the server and its log come from tests/py/sk.py."""
import argparse
import http.client
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "py"))


def args(desc, extra=None):
    ap = argparse.ArgumentParser(description=desc)
    ap.add_argument("--db", default="sqlite", choices=["sqlite", "pg"])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build/sklaida"))
    for a, kw in (extra or []):
        ap.add_argument(a, **kw)
    return ap.parse_args()


def proc_status(pid):
    """RSS in KiB, open fds and threads of a process."""
    st = {}
    with open(f"/proc/{pid}/status") as f:
        for ln in f:
            k, _, v = ln.partition(":")
            st[k] = v.strip()
    return {"rss_kb": int(st["VmRSS"].split()[0]), "threads": int(st["Threads"]),
            "fds": len(os.listdir(f"/proc/{pid}/fd"))}


def request(port, method, path, body=None, headers=None, source="127.0.0.2", timeout=10):
    """One request on a fresh connection from `source`; returns
    (status, seconds) or (None, seconds) on a connection error."""
    t0 = time.time()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
        h = {"Host": f"127.0.0.1:{port}"}
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        r.read()
        c.close()
        return r.status, time.time() - t0
    except (OSError, http.client.HTTPException):
        return None, time.time() - t0


def pct(values, p):
    if not values:
        return 0.0
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * p / 100))]

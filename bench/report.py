#!/usr/bin/python3
"""bench/report.py -- turns the wrk outputs of bench/run.sh into a Markdown
table, checks that the run measured what it meant to (every response 2xx,
no socket errors, bytes per request matching the page that curl saw) and,
with --record, writes a dated section into bench/RESULTS.md.

RESULTS.md keeps its hand-written part (everything above the RUNS marker)
and one section per run below it, newest first; a run on the same date and
commit replaces its earlier section.

Usage (bench/run.sh calls it):
  report.py --runs RUNS --dir DIR --meta META [--record RESULTS.md]
RUNS has one line per wrk run: name|round|url|bytes-per-response|server
ticks|wrk ticks|machine process ticks|irq+softirq ticks|steal ticks|t0|t1
(CPU clock ticks during the measured run, wall clock start/end); DIR holds
wrk-NAME-ROUND.txt; META is key=value lines (machine, versions, commands).
With several rounds the tables show each target's median round (by
requests/s) and a further table lists every round.
Exit status 1 when a check fails (the table is still printed).
"""
import argparse
import re
import sys

MARKER = "<!-- RUNS: bench/run.sh --record writes below this line; newest first -->"

UNITS_TIME = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}
UNITS_SIZE = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "TB": 1024 ** 4}


def ms(text):
    m = re.fullmatch(r"([0-9.]+)(us|ms|s|m|h)", text)
    if not m:
        raise ValueError("bad wrk time %r" % text)
    return float(m.group(1)) * UNITS_TIME[m.group(2)]


def size(text):
    m = re.fullmatch(r"([0-9.]+)(B|KB|MB|GB|TB)", text)
    if not m:
        raise ValueError("bad wrk size %r" % text)
    return float(m.group(1)) * UNITS_SIZE[m.group(2)]


def parse_wrk(text):
    """The fields of wrk 4.1's --latency output that the table needs."""
    r = {"non2xx": 0, "sock": {"connect": 0, "read": 0, "write": 0, "timeout": 0}}
    for key, pat in (("p50", r"^\s*50%\s+(\S+)"), ("p75", r"^\s*75%\s+(\S+)"),
                     ("p90", r"^\s*90%\s+(\S+)"), ("p99", r"^\s*99%\s+(\S+)")):
        m = re.search(pat, text, re.M)
        if not m:
            raise ValueError("no %s latency in wrk output" % key)
        r[key] = ms(m.group(1))
    m = re.search(r"^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)", text, re.M)
    r["avg"], r["max"] = ms(m.group(1)), ms(m.group(3))
    m = re.search(r"^\s*(\d+) requests in ([0-9.]+)(us|ms|s|m), (\S+) read", text, re.M)
    if not m:
        raise ValueError("no request count in wrk output")
    r["requests"] = int(m.group(1))
    r["seconds"] = ms(m.group(2) + m.group(3)) / 1000.0
    r["bytes"] = size(m.group(4))
    m = re.search(r"^Requests/sec:\s+([0-9.]+)", text, re.M)
    r["rps"] = float(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        r["sock"] = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups())))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        r["non2xx"] = int(m.group(1))
    return r


def fmt_ms(v):
    return "%.2f ms" % v if v < 10 else "%.1f ms" % v


def table(rows):
    out = ["| target | requests/s | p50 | p90 | p99 | max | status ≥ 400 | socket errors | bytes/response |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, url, exp, w in rows:
        sock = w["sock"]
        se = sum(sock.values())
        se_txt = "0" if se == 0 else "%d (c%d r%d w%d t%d)" % (
            se, sock["connect"], sock["read"], sock["write"], sock["timeout"])
        out.append("| %s `%s` | %s | %s | %s | %s | %s | %d | %s | %d |" % (
            name, re.sub(r"^http://[^/]+", "", url), "{:,.0f}".format(w["rps"]),
            fmt_ms(w["p50"]), fmt_ms(w["p90"]), fmt_ms(w["p99"]), fmt_ms(w["max"]),
            w["non2xx"], se_txt, exp))
    return "\n".join(out)


def cpu_table(rows, tck):
    """CPU per request: steadier than requests/s on a shared machine."""
    out = ["| target | server CPU/request | wrk CPU/request | other processes | irq+softirq | steal |",
           "|---|---:|---:|---:|---:|---:|"]
    for name, url, exp, w in rows:
        c = w.get("cpu")
        if not c or not w["requests"]:
            continue
        wall = max(c["t1"] - c["t0"], 0.001)
        per = lambda ticks: "%.1f µs" % (ticks / tck * 1e6 / w["requests"])
        cores = lambda ticks: "%.2f cores" % (ticks / tck / wall)
        others = max(c["procs"] - c["server"] - c["wrk"], 0)
        out.append("| %s | %s | %s | %s | %s | %s |" % (
            name, per(c["server"]), per(c["wrk"]), cores(others), cores(c["irq"]), cores(c["steal"])))
    return "\n".join(out)


def checks(rows):
    """Problems that make the run worthless; empty when it is sound."""
    bad = []
    for name, url, exp, w in rows:
        if w["non2xx"]:
            bad.append("%s: %d responses were not 2xx/3xx" % (name, w["non2xx"]))
        if w["requests"] == 0:
            bad.append("%s: no requests completed" % name)
            continue
        # wrk's byte count is rounded to 2 decimals of its unit; 3% covers
        # that and the Date header's fixed width makes sizes otherwise equal
        per = w["bytes"] / w["requests"]
        if exp and abs(per - exp) / exp > 0.03:
            bad.append("%s: %.0f bytes per response, expected %d (a different page was served?)"
                       % (name, per, exp))
    return bad


def verdict(rows):
    by = {n: w for n, u, e, w in rows}
    out = []
    home = by.get("sklaida-home")
    if home:
        ok = home["rps"] >= 30000 and home["p99"] < 10
        out.append("Target (public institution home >= 30,000 requests/s at 64 connections, p99 < 10 ms, "
                   "uncached): **%s** (%s requests/s, p99 %s)." % ("met" if ok else "missed",
                                                                  "{:,.0f}".format(home["rps"]), fmt_ms(home["p99"])))
    ng = by.get("nginx-static")
    for name, label, copy, issue in (("sklaida-events", "/pavb/events", "nginx-events-copy", 3),
                                     ("sklaida-events-ics", "/pavb/events.ics", "nginx-events-ics-copy", 3),
                                     ("sklaida-news", "/pavb/news", "nginx-news-copy", 4),
                                     ("sklaida-news-atom", "/pavb/news.atom", "nginx-news-atom-copy", 4)):
        w = by.get(name)
        if w:
            ok = w["rps"] >= 40000 and w["p99"] < 10
            out.append("Target (issue %d: %s >= 40,000 requests/s uncached, p99 < 10 ms): **%s** (%s requests/s, "
                       "p99 %s)." % (issue, label, "met" if ok else "missed", "{:,.0f}".format(w["rps"]),
                                     fmt_ms(w["p99"])))
        c = by.get(name + "-cached")
        if c and ng:
            share = c["rps"] / ng["rps"] if ng["rps"] else 0
            out.append("Target (issue %d: %s with the response cache >= 75%% of nginx's static rate): **%s** "
                       "(%s requests/s = %.0f%% of %s)." % (issue, label, "met" if share >= 0.75 else "missed",
                                                           "{:,.0f}".format(c["rps"]), share * 100,
                                                           "{:,.0f}".format(ng["rps"])))
        g = by.get(name + "-cached-gzip")
        if g and ng:
            share = g["rps"] / ng["rps"] if ng["rps"] else 0
            out.append("Target (issue %d: %s with the response cache, gzip negotiated -- Accept-Encoding: gzip, as "
                       "browsers and calendar clients send -- >= 75%% of nginx's static rate): **%s** "
                       "(%s requests/s = %.0f%% of %s; %.0f bytes per response)."
                       % (issue, label, "met" if share >= 0.75 else "missed", "{:,.0f}".format(g["rps"]),
                          share * 100, "{:,.0f}".format(ng["rps"]), g["bytes"] / max(g["requests"], 1)))
        cp = by.get(copy)
        if c and cp and cp["rps"]:
            out.append("For comparison, nginx serving the same bytes as a static file (%s): %s requests/s; "
                       "the cached page reaches %.0f%% of that." % (copy, "{:,.0f}".format(cp["rps"]),
                                                                    c["rps"] / cp["rps"] * 100))
    return "\n\n".join(out)


def rounds_table(allrows, tck):
    out = ["| round | target | requests/s | p99 | server CPU/request | other processes |",
           "|---:|---|---:|---:|---:|---:|"]
    for name, url, exp, w in sorted(allrows, key=lambda row: (row[3]["round"], row[0])):
        c = w.get("cpu")
        per = others = "?"
        if c and w["requests"]:
            wall = max(c["t1"] - c["t0"], 0.001)
            per = "%.1f µs" % (c["server"] / tck * 1e6 / w["requests"])
            others = "%.2f cores" % (max(c["procs"] - c["server"] - c["wrk"], 0) / tck / wall)
        out.append("| %d | %s | %s | %s | %s | %s |" % (w["round"], name, "{:,.0f}".format(w["rps"]),
                                                        fmt_ms(w["p99"]), per, others))
    return "\n".join(out)


def section(meta, rows, allrows, bad):
    hv = (" (%s guest)" % meta["hypervisor"]) if meta.get("hypervisor") else ""
    lines = [
        "## %s %s UTC · commit %s" % (meta["date"], meta["time"], meta["commit"]),
        "",
        table(rows),
        "",
        verdict(rows),
        "",
        "CPU during the measured runs: server = all its processes and threads, per request; wrk likewise; "
        "other processes = CPU time of everything else, a lower bound (part of the kernel's network work "
        "is charged to the server and wrk, part to irq+softirq); load average before the run %s:"
        % meta.get("load_before", "?"),
        "",
        cpu_table(rows, int(meta.get("clk_tck", "100"))),
    ]
    if len(allrows) > len(rows):
        lines += ["", "The median round of each target is shown above; every round "
                  "(targets measured in turn, so a burst of other work hits one round, not one target):",
                  "", rounds_table(allrows, int(meta.get("clk_tck", "100")))]
    lines += [
        "",
    ]
    if bad:
        lines += ["**Checks failed:** " + "; ".join(bad), ""]
    lines += [
        "Machine: %s cores (`nproc`), %s%s, %s RAM, kernel %s, Debian %s. "
        "wrk and both servers share these cores." % (
            meta["nproc"], meta["cpu"], hv, meta["memory"], meta["kernel"], meta["debian"]),
        "Packages: libmicrohttpd12 %s, libsqlite3-0 %s, nginx-light %s, wrk %s." % (
            meta["libmicrohttpd12"], meta["libsqlite3-0"], meta["nginx-light"], meta["wrk"]),
        "sklaida: %s pool threads, SQLite, request logging off; nginx: static file of %s bytes." % (
            meta["sklaida_threads"], meta["static_bytes"]),
        "",
        "Commands:",
        "",
        "```",
        meta["cmd_build"],
        meta.get("cmd_tmp", ""),
        meta["cmd_data"],
        meta["cmd_sklaida"],
        meta["cmd_nginx"],
        "# per target (and round, %s in all): warm-up, then the measured run" % meta.get("rounds", "1"),
        meta["cmd_warmup"],
        meta["cmd_wrk"],
        "```",
        "",
    ]
    return "\n".join(lines)


def record(path, meta, text):
    try:
        old = open(path, encoding="utf-8").read()
    except FileNotFoundError:
        old = "# Benchmark results\n\n" + MARKER + "\n"
    if MARKER not in old:
        old = old.rstrip("\n") + "\n\n" + MARKER + "\n"
    head, runs = old.split(MARKER, 1)
    # split the runs into sections at "## " headings
    secs = re.split(r"(?m)^(?=## )", runs.strip("\n"))
    secs = [s.strip("\n") for s in secs if s.strip()]
    key = "## %s " % meta["date"]
    commit = "commit %s" % meta["commit"]
    secs = [s for s in secs if not (s.startswith(key) and s.splitlines()[0].endswith(commit))]
    secs.insert(0, text.strip("\n"))
    new = head.rstrip("\n") + "\n\n" + MARKER + "\n\n" + "\n\n".join(secs) + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--record")
    a = ap.parse_args()
    meta = {}
    for line in open(a.meta, encoding="utf-8"):
        k, _, v = line.rstrip("\n").partition("=")
        meta[k] = v
    runs = {}
    order = []
    for line in open(a.runs, encoding="utf-8"):
        if not line.strip():
            continue
        f = line.strip().split("|")
        name, rnd, url, exp = f[0], int(f[1]), f[2], f[3]
        text = open("%s/wrk-%s-%d.txt" % (a.dir, name, rnd), encoding="utf-8").read()
        try:
            w = parse_wrk(text)
        except (ValueError, AttributeError) as e:
            print("cannot parse wrk output of %s: %s\n%s" % (name, e, text), file=sys.stderr)
            return 1
        if len(f) >= 11:
            w["cpu"] = dict(zip(("server", "wrk", "procs", "irq", "steal"), map(int, f[4:9])))
            w["cpu"]["t0"], w["cpu"]["t1"] = float(f[9]), float(f[10])
        w["round"] = rnd
        if name not in runs:
            order.append(name)
        runs.setdefault(name, []).append((name, url, int(exp), w))
    allrows = [row for n in order for row in runs[n]]
    rows = []
    for n in order:
        rs = sorted(runs[n], key=lambda row: row[3]["rps"])
        rows.append(rs[(len(rs) - 1) // 2])  # the median (lower middle)
    bad = checks(allrows)
    tck = int(meta.get("clk_tck", "100"))
    print()
    print(table(rows))
    print()
    print(verdict(rows))
    print()
    print(cpu_table(rows, tck))
    if len(allrows) > len(rows):
        print()
        print(rounds_table(allrows, tck))
    for b in bad:
        print("CHECK FAILED: " + b, file=sys.stderr)
    if a.record:
        record(a.record, meta, section(meta, rows, allrows, bad))
        print("recorded in %s" % a.record)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

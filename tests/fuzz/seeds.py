#!/usr/bin/env python3
"""seeds.py -- (re)writes the checked-in seed corpora tests/fuzz/corpus/<target>/.

    /usr/bin/python3 tests/fuzz/seeds.py

Seeds are small: valid inputs, edge cases, and the request-framing probes
of RELIABILITY.md §0.1. File names are stable (seed-NAME), so rerunning
only rewrites them; entries found by fuzzing (tests/long/fuzz.sh merges
them, named by their SHA-1) are left alone. The dispatch seeds also take
every file of tests/data/malformed/ (the malformed-request corpus).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SMUGGLED = b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"

# request heads (and small bodies) shared by guard and dispatch
PROBES = {
    "dup-cl": b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 30\r\n\r\nAAAAA",
    "cl-te": b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "te-gzip-chunked": b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    "te-xchunked-cl": b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\nContent-Length: 5\r\n\r\nAAAAA",
    "two-te": b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
    "te-http10": b"POST /login HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
    "cl-negative": b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    "cl-plus": b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nAAAAA",
    "cl-huge": b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
    "cl-10gb": b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 10737418240\r\n\r\n",
    "no-host": b"GET / HTTP/1.1\r\n\r\n",
    "http10-no-host": b"GET / HTTP/1.0\r\n\r\n",
    "two-host": b"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
    "name-space": b"GET / HTTP/1.1\r\nHost: x\r\nFoo Bar: x\r\n\r\n",
    "cl-space-colon": b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nAAAAA" + SMUGGLED,
    "bare-lf": b"GET /healthz HTTP/1.1\nHost: x\n\n",
    "obs-fold": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n",
    "chunk-overflow": b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF1\r\nAAAA\r\n0\r\n\r\n",
    "ctl-in-value": b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n",
    "target-nul": b"GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n",
    "target-query": b"GET /login?next=%2Fstaff&lang=en HTTP/1.1\r\nHost: x\r\n\r\n",
    "target-bad-escape": b"GET /%zz?a=%4 HTTP/1.1\r\nHost: x\r\n\r\n",
    "target-fragment": b"GET /a#frag?x=1 HTTP/1.1\r\nHost: x\r\n\r\n",
    "target-absolute": b"GET http://evil/ HTTP/1.1\r\nHost: x\r\n\r\n",
}

CSRF = b"c" * 32
FORM_HDRS = b"Content-Type: application/x-www-form-urlencoded\r\n"


def post(path, body, extra=b"", ctype=FORM_HDRS):
    return (b"POST " + path + b" HTTP/1.1\r\nHost: x\r\n" + extra + ctype +
            b"Content-Length: %d\r\n\r\n" % len(body) + body)


def mp_body(boundary, parts):
    out = b""
    for name, val, fn in parts:
        out += b"--" + boundary + b"\r\nContent-Disposition: form-data; name=\"" + name + b"\""
        if fn is not None:
            out += b"; filename=\"" + fn + b"\"\r\nContent-Type: application/octet-stream"
        out += b"\r\n\r\n" + val + b"\r\n"
    return out + b"--" + boundary + b"--\r\n"


DISPATCH = {
    "get-root": b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    "get-root-en": b"GET /?lang=en HTTP/1.1\r\nHost: x\r\nCookie: lang=lt\r\n\r\n",
    "head-root": b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
    "get-healthz": b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
    "get-inst": b"GET /pavb/ HTTP/1.1\r\nHost: x\r\n\r\n",
    "get-inst-noslash": b"GET /pavb HTTP/1.1\r\nHost: x\r\n\r\n",
    "get-unknown-inst": b"GET /nope/ HTTP/1.1\r\nHost: x\r\n\r\n",
    "get-static": b"GET /static/app.css HTTP/1.1\r\nHost: x\r\n\r\n",
    "get-static-traversal": b"GET /static/..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\nHost: x\r\n\r\n",
    "get-robots": b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n",
    "get-a11y": b"GET /accessibility HTTP/1.1\r\nHost: x\r\n\r\n",
    "get-login": b"GET /login?next=/staff HTTP/1.1\r\nHost: x\r\n\r\n",
    "options": b"OPTIONS / HTTP/1.1\r\nHost: x\r\n\r\n",
    "put-login": b"PUT /login HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    "post-login-anon-csrf": post(b"/login", b"_csrf=" + CSRF + b"&email=nobody%40example.org&password=wrong+password+1",
                                 b"Cookie: csrf=" + CSRF + b"\r\n"),
    "post-login-no-csrf": post(b"/login", b"email=a%40b.lt&password=x"),
    "post-login-cross-site": post(b"/login", b"_csrf=" + CSRF + b"&email=a%40b.lt&password=x",
                                  b"Cookie: csrf=" + CSRF + b"\r\nOrigin: https://evil.example\r\nSec-Fetch-Site: cross-site\r\n"),
    "post-login-multipart": post(b"/login", mp_body(b"XyZ", [(b"_csrf", CSRF, None), (b"email", b"a@b.lt", None),
                                                             (b"password", b"x", None)]),
                                 b"Cookie: csrf=" + CSRF + b"\r\n",
                                 b"Content-Type: multipart/form-data; boundary=XyZ\r\n"),
    "post-login-json": post(b"/login", b"{\"email\":\"a@b.lt\",\"password\":\"x\"}",
                            b"X-CSRF-Token: " + CSRF + b"\r\nCookie: csrf=" + CSRF + b"\r\n",
                            b"Content-Type: application/json\r\n"),
    "post-reset": post(b"/password-reset", b"_csrf=" + CSRF + b"&email=fuzz-staff%40example.org",
                       b"Cookie: csrf=" + CSRF + b"\r\n"),
    "get-reset-token": b"GET /password-reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\r\nHost: x\r\n\r\n",
    "post-reset-token": post(b"/password-reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                             b"_csrf=" + CSRF + b"&password=new+password+12&password2=new+password+12",
                             b"Cookie: csrf=" + CSRF + b"\r\n"),
    "get-staff-anon": b"GET /staff HTTP/1.1\r\nHost: x\r\n\r\n",
    "get-staff-admin": b"GET /staff HTTP/1.1\r\nHost: x\r\nCookie: sid=SKSESSIONADMIN\r\n\r\n",
    "get-staff-inst-admin": b"GET /staff/pavb/ HTTP/1.1\r\nHost: x\r\nCookie: sid=SKSESSIONADMIN\r\n\r\n",
    "get-staff-inst-staff": b"GET /staff/pavb HTTP/1.1\r\nHost: x\r\nCookie: sid=SKSESSIONSTAFF\r\n\r\n",
    "get-staff-other-inst": b"GET /staff/lnb HTTP/1.1\r\nHost: x\r\nCookie: sid=SKSESSIONSTAFF\r\n\r\n",
    "get-login-logged-in": b"GET /login?next=//evil.example HTTP/1.1\r\nHost: x\r\nCookie: sid=SKSESSIONSTAFF\r\n\r\n",
    "post-logout-staff": post(b"/logout", b"_csrf=SKCSRFSTAFF", b"Cookie: sid=SKSESSIONSTAFF\r\n"),
    "post-logout-wrong-csrf": post(b"/logout", b"_csrf=SKCSRFADMIN", b"Cookie: sid=SKSESSIONSTAFF\r\n"),
    "post-admin-header-csrf": post(b"/staff/pavb", b"", b"Cookie: sid=SKSESSIONADMIN\r\nX-CSRF-Token: SKCSRFADMIN\r\n"),
    "api-bearer": b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n\r\n",
    "dup-query": b"GET /login?next=/a&next=/b HTTP/1.1\r\nHost: x\r\n\r\n",
    "query-and-body": post(b"/login?email=q", b"_csrf=" + CSRF + b"&email=a", b"Cookie: csrf=" + CSRF + b"\r\n"),
}

URLENCODED = {
    "simple": b"a=b&c=d",
    "escapes": b"%41%42=%c4%85%C5%BE&x=%20+%2B",
    "empty-value": b"a=&b",
    "empty-name": b"=x",
    "bad-escape": b"a=%zz",
    "short-escape": b"a=%4",
    "nul-escape": b"a=%00",
    "raw-nul": b"a=b\x00c",
    "bad-utf8": b"a=%ff%fe",
    "overlong": b"a=%c0%af",
    "surrogate": b"a=%ed%a0%80",
    "separators": b"&&a=b&&=&&",
    "plus": b"q=vie%C5%A1oji+biblioteka",
    "multi": b"ids[]=1&ids[]=2&ids[]=3",
    "long-name": b"a" * 300 + b"=1",
    "lt": "vardas=Gabrielė Petkevičaitė-Bitė".encode(),
}

MULTIPART = {
    "valid": b"multipart/form-data; boundary=XyZ\r\n" + mp_body(b"XyZ", [(b"a", b"1", None), (b"b", "ąčę".encode(), None)]),
    "file": b"multipart/form-data; boundary=----b\r\n" + mp_body(b"----b", [(b"f", b"\x89PNG\r\n\x1a\n\x00\x00", b"a.png")]),
    "quoted-boundary": b"multipart/form-data; boundary=\"a b\"\r\n" + mp_body(b"a b", [(b"x", b"y", None)]),
    "preamble": b"multipart/form-data; boundary=Q\r\npreamble text\r\n" + mp_body(b"Q", [(b"x", b"y", None)]),
    "nul-boundary": b"multipart/form-data; boundary=a\x00b\r\n--a\x00b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--a\x00b--",
    "no-boundary": b"multipart/form-data\r\n--\r\n\r\n--",
    "empty-boundary": b"multipart/form-data; boundary=\r\n--\r\n--",
    "unterminated": b"multipart/form-data; boundary=Q\r\n--Q\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nyyy",
    "no-name": b"multipart/form-data; boundary=Q\r\n--Q\r\nContent-Disposition: form-data\r\n\r\ny\r\n--Q--",
    "no-header-end": b"multipart/form-data; boundary=Q\r\n--Q\r\nContent-Disposition: form-data; name=\"x\"",
    "bad-utf8-field": b"multipart/form-data; boundary=Q\r\n" + mp_body(b"Q", [(b"x", b"\xff\xfe", None)]),
    "nul-field": b"multipart/form-data; boundary=Q\r\n" + mp_body(b"Q", [(b"x", b"a\x00b", None)]),
    "filename-traversal": b"multipart/form-data; boundary=Q\r\n" + mp_body(b"Q", [(b"f", b"data", b"../../etc/passwd")]),
    "filename-only": b"multipart/form-data; boundary=Q\r\n--Q\r\nContent-Disposition: form-data; filename=\"a\"; name=\"f\"\r\n\r\nd\r\n--Q--",
    "case-headers": b"multipart/form-data; BOUNDARY=Q\r\n--Q\r\ncontent-disposition: form-data; NAME=\"x\"\r\ncontent-type: text/plain\r\n\r\ny\r\n--Q--",
    "many-parts": b"multipart/form-data; boundary=Q\r\n" + mp_body(b"Q", [(b"f%d" % i, b"v", None) for i in range(30)]),
    "long-boundary": b"multipart/form-data; boundary=" + b"b" * 201 + b"\r\n--" + b"b" * 201 + b"--",
}

COOKIES = {
    "simple": b"sid=abc; csrf=def",
    "host-prefix": b"__Host-sid=abcdefghijklmnopqrstuvwxyz; lang=en",
    "quoted": b"a=\"quoted value\"; b=\"\"",
    "empty": b"",
    "separators": b";;; ; ;",
    "bare-token": b"sid; csrf=x",
    "empty-name": b"=x; a=b",
    "duplicate": b"lang=lt; lang=en",
    "spaces": b"  a = b ;\tc=d\t",
    "equals-in-value": b"a=b=c; d==",
    "utf8": "vardas=Žemaitė; x=ąč".encode(),
    "ctl": b"a=\x01\x02; b=\x7f",
    "flash": b"flash=Your%20password%20was%20changed.; sid=x",
}


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def main():
    n = 0
    for name, data in PROBES.items():
        # the guard target sees the head only; a body is harmless there
        write("guard", name, data)
        write("dispatch", "probe-" + name, data)
        n += 2
    for name, data in DISPATCH.items():
        write("dispatch", name, data)
        write("guard", "req-" + name, data.split(b"\r\n\r\n")[0] + b"\r\n\r\n")
        n += 2
    mal = os.path.join(ROOT, "tests/data/malformed")
    for f in sorted(os.listdir(mal)):
        with open(os.path.join(mal, f), "rb") as fh:
            data = fh.read()
        if len(data) <= 65536:
            write("dispatch", "malformed-" + f, data)
            n += 1
    for name, data in URLENCODED.items():
        write("urlencoded", name, data)
        n += 1
    for name, data in MULTIPART.items():
        write("multipart", name, data)
        n += 1
    for name, data in COOKIES.items():
        write("cookies", name, data)
        n += 1
    print(f"{n} seed files written under {os.path.relpath(os.path.join(HERE, 'corpus'), ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()

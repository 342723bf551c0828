/*
 * test_parse.c -- the request input parsers of src/http/parse.c and the
 * framing guard of src/http/guard.c, byte by byte: query strings and
 * urlencoded forms (escapes, '+', invalid UTF-8, NUL), Cookie headers,
 * multipart/form-data (boundary forms, part caps, truncation, headers),
 * the request target (path decoding, %00, fragments) and every
 * ambiguous-framing case the guard must refuse (RELIABILITY.md).
 *
 * Parsers allocate from an arena; each test frees its arena.
 */
#include "../../src/core/test.h"
#include "../../src/http/req.h"
#include "../../src/http/guard.h"

#include <stdio.h>
#include <string.h>

/* ---- helpers ---- */

static bool form(arena *a, const char *s, struct kvlist *out)
{
	memset(out, 0, sizeof *out);
	return parse_urlencoded(a, s, strlen(s), out);
}

static bool cookies(arena *a, const char *s, struct kvlist *out)
{
	memset(out, 0, sizeof *out);
	return parse_cookies(a, s, out);
}

struct mp {
	struct kvlist form;
	struct upload *files;
	size_t nfiles;
};

static bool mpart(arena *a, const char *ctype, const char *body, size_t n, size_t max_parts, struct mp *m)
{
	memset(m, 0, sizeof *m);
	return parse_multipart(a, ctype, body, n, &m->form, &m->files, &m->nfiles, max_parts);
}
#define MP(a, ct, lit, max, m) mpart(a, ct, lit, sizeof(lit) - 1, max, m)

static const char *guard(const char *version, ...)
{
	/* NULL-terminated name, value pairs */
	static arena a;
	arena_free(&a);
	arena_init(&a, 0);
	struct kvlist h = {0};
	va_list ap;
	va_start(ap, version);
	const char *k;
	while ((k = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		kv_add(&a, &h, k, v);
	}
	va_end(ap);
	return http_guard(version, &h);
}

/* ---- urlencoded ---- */

SK_TEST(urlencoded_basic)
{
	arena a;
	arena_init(&a, 0);
	struct kvlist l;
	CHECK(form(&a, "a=1&b=two&c=", &l));
	CHECK_INT(l.n, 3);
	CHECK_STR(kv_get(&l, "a"), "1");
	CHECK_STR(kv_get(&l, "b"), "two");
	CHECK_STR(kv_get(&l, "c"), "");
	CHECK(kv_get(&l, "d") == NULL);
	/* a bare name is an empty value; empty pairs are skipped */
	CHECK(form(&a, "flag&&x=1&", &l));
	CHECK_INT(l.n, 2);
	CHECK_STR(kv_get(&l, "flag"), "");
	CHECK(form(&a, "", &l));
	CHECK_INT(l.n, 0);
	/* '+' is a space in forms, %2B is a plus; '=' inside a value stays */
	CHECK(form(&a, "q=a+b%2Bc&eq=x=y", &l));
	CHECK_STR(kv_get(&l, "q"), "a b+c");
	CHECK_STR(kv_get(&l, "eq"), "x=y");
	/* escapes in names, both hex cases, UTF-8 */
	CHECK(form(&a, "na%6De=%c4%85%C4%8D&%C5%BE=1", &l));
	CHECK_STR(kv_get(&l, "name"), "ąč");
	CHECK_STR(kv_get(&l, "ž"), "1");
	/* duplicates are kept in order: the dispatcher refuses them */
	CHECK(form(&a, "lang=en&lang=lt", &l));
	CHECK_INT(kv_count(&l, "lang"), 2);
	CHECK_STR(kv_get(&l, "lang"), "en");
	/* the length bounds the input */
	memset(&l, 0, sizeof l);
	CHECK(parse_urlencoded(&a, "a=1&b=2", 3, &l));
	CHECK_INT(l.n, 1);
	arena_free(&a);
}

SK_TEST(urlencoded_rejects_bad_escapes)
{
	arena a;
	arena_init(&a, 0);
	struct kvlist l;
	CHECK(!form(&a, "a=%", &l));
	CHECK(!form(&a, "a=%4", &l));
	CHECK(!form(&a, "a=%zz", &l));
	CHECK(!form(&a, "a=%4g", &l));
	CHECK(!form(&a, "a=%%41", &l));
	CHECK(!form(&a, "%=1", &l));
	CHECK(!form(&a, "a=1&b=%G0", &l));
	CHECK(!form(&a, "a=%-1", &l));
	CHECK(!form(&a, "a=% 1", &l));
	arena_free(&a);
}

SK_TEST(urlencoded_rejects_invalid_utf8_and_nul)
{
	arena a;
	arena_init(&a, 0);
	struct kvlist l;
	CHECK(!form(&a, "a=%FF", &l));
	CHECK(!form(&a, "a=%C0%AF", &l));       /* overlong '/' */
	CHECK(!form(&a, "a=%ED%A0%80", &l));    /* surrogate */
	CHECK(!form(&a, "a=%C4", &l));          /* truncated */
	CHECK(!form(&a, "%FF=1", &l));          /* in the name */
	CHECK(!form(&a, "a=\xFF", &l));         /* raw byte */
	CHECK(!form(&a, "a=x%00y", &l));        /* NUL */
	CHECK(!form(&a, "a%00b=1", &l));
	CHECK(!form(&a, "=1", &l));             /* empty name */
	CHECK(!form(&a, "=", &l));
	arena_free(&a);
}

SK_TEST(url_decode_direct)
{
	arena a;
	arena_init(&a, 0);
	bool ok;
	CHECK_STR(url_decode(&a, "a+b%20c", 7, true, &ok), "a b c");
	CHECK(ok);
	CHECK_STR(url_decode(&a, "a+b%20c", 7, false, &ok), "a+b c");
	CHECK(ok);
	url_decode(&a, "%4", 2, false, &ok);
	CHECK(!ok);
	url_decode(&a, "%", 1, false, &ok);
	CHECK(!ok);
	/* the length bounds the escape: "%41" cut to "%4" is incomplete */
	url_decode(&a, "%41", 2, false, &ok);
	CHECK(!ok);
	CHECK_STR(url_decode(&a, "%41", 3, false, &ok), "A");
	CHECK(ok);
	url_decode(&a, "%00", 3, false, &ok);
	CHECK(!ok);
	arena_free(&a);
}

/* ---- cookies ---- */

SK_TEST(cookies_parse)
{
	arena a;
	arena_init(&a, 0);
	struct kvlist l;
	CHECK(cookies(&a, "sid=abc; csrf=def", &l));
	CHECK_STR(kv_get(&l, "sid"), "abc");
	CHECK_STR(kv_get(&l, "csrf"), "def");
	/* no space after ';', tabs, trailing ';' */
	CHECK(cookies(&a, "a=1;b=2;\tc=3;", &l));
	CHECK_INT(l.n, 3);
	CHECK_STR(kv_get(&l, "c"), "3");
	/* a name seen twice keeps the first value */
	CHECK(cookies(&a, "sid=first; sid=second", &l));
	CHECK_INT(l.n, 1);
	CHECK_STR(kv_get(&l, "sid"), "first");
	/* quoted values lose their quotes; '=' inside a value stays */
	CHECK(cookies(&a, "q=\"quoted\"; b64=YWJj==", &l));
	CHECK_STR(kv_get(&l, "q"), "quoted");
	CHECK_STR(kv_get(&l, "b64"), "YWJj==");
	/* bare tokens and empty names are skipped, empty values kept */
	CHECK(cookies(&a, "bare; =noname; empty=; x=1", &l));
	CHECK(kv_get(&l, "bare") == NULL);
	CHECK(kv_get(&l, "") == NULL);
	CHECK_STR(kv_get(&l, "empty"), "");
	CHECK_STR(kv_get(&l, "x"), "1");
	/* trailing whitespace of names and values is not part of them */
	CHECK(cookies(&a, "lang =en ; flash=x", &l));
	CHECK_STR(kv_get(&l, "lang"), "en");
	CHECK_STR(kv_get(&l, "flash"), "x");
	CHECK(cookies(&a, "", &l));
	CHECK_INT(l.n, 0);
	CHECK(cookies(&a, " ; ;; ", &l));
	CHECK_INT(l.n, 0);
	/* a lone quote is not a quoted string */
	CHECK(cookies(&a, "q=\"", &l));
	CHECK_STR(kv_get(&l, "q"), "\"");
	/* the secure-prefix name is a different cookie from "sid" */
	CHECK(cookies(&a, "__Host-sid=h; sid=s", &l));
	CHECK_STR(kv_get(&l, "__Host-sid"), "h");
	CHECK_STR(kv_get(&l, "sid"), "s");
	arena_free(&a);
}

/* ---- multipart ---- */

#define CT "multipart/form-data; boundary=XyZ"

SK_TEST(multipart_fields_and_files)
{
	arena a;
	arena_init(&a, 0);
	struct mp m;
	static const char body[] =
	        "--XyZ\r\n"
	        "Content-Disposition: form-data; name=\"title\"\r\n"
	        "\r\n"
	        "Renginys ąčę\r\n"
	        "--XyZ\r\n"
	        "Content-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\n"
	        "Content-Type: image/png\r\n"
	        "\r\n"
	        "\x89PNG\r\n\x1a\n\0\0bin\r\n"
	        "--XyZ\r\n"
	        "content-disposition: form-data; name=empty\r\n"
	        "\r\n"
	        "\r\n"
	        "--XyZ--\r\n";
	CHECK(mpart(&a, CT, body, sizeof body - 1, 10, &m));
	CHECK_INT(m.form.n, 2);
	CHECK_STR(kv_get(&m.form, "title"), "Renginys ąčę");
	CHECK_STR(kv_get(&m.form, "empty"), "");
	CHECK_INT(m.nfiles, 1);
	if (m.nfiles == 1) {
		CHECK_STR(m.files[0].field, "photo");
		CHECK_STR(m.files[0].filename, "a.png");
		CHECK_STR(m.files[0].ctype, "image/png");
		CHECK_INT(m.files[0].len, 13);
		CHECK(memcmp(m.files[0].data, "\x89PNG\r\n\x1a\n\0\0bin", 13) == 0);
	}
	/* a file part without Content-Type gets the generic type */
	CHECK(MP(&a, CT,
	         "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\nabc\r\n--XyZ--",
	         10, &m));
	CHECK_INT(m.nfiles, 1);
	if (m.nfiles == 1)
		CHECK_STR(m.files[0].ctype, "application/octet-stream");
	arena_free(&a);
}

SK_TEST(multipart_boundary_forms)
{
	arena a;
	arena_init(&a, 0);
	struct mp m;
	static const char b1[] = "--a'()+_,-./:=?\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--a'()+_,-./:=?--";
	/* quoted boundary with RFC 2046 specials */
	CHECK(mpart(&a, "multipart/form-data; boundary=\"a'()+_,-./:=?\"", b1, sizeof b1 - 1, 10, &m));
	CHECK_STR(kv_get(&m.form, "x"), "1");
	/* parameter names are case-insensitive; other parameters around */
	static const char b2[] = "--B\r\nContent-Disposition: form-data; name=\"y\"\r\n\r\n2\r\n--B--\r\n";
	CHECK(mpart(&a, "multipart/form-data; charset=utf-8; BOUNDARY=B", b2, sizeof b2 - 1, 10, &m));
	CHECK_STR(kv_get(&m.form, "y"), "2");
	/* a parameter merely ending in "boundary" is not the boundary */
	CHECK(mpart(&a, "multipart/form-data; xboundary=Q; boundary=B", b2, sizeof b2 - 1, 10, &m));
	CHECK_STR(kv_get(&m.form, "y"), "2");
	/* a preamble before the first delimiter and an epilogue are ignored */
	static const char b3[] = "preamble text\r\n--B\r\nContent-Disposition: form-data; name=\"z\"\r\n\r\n3\r\n--B--\r\nepilogue";
	CHECK(mpart(&a, "multipart/form-data; boundary=B", b3, sizeof b3 - 1, 10, &m));
	CHECK_STR(kv_get(&m.form, "z"), "3");
	/* the value may contain the boundary text when not at a line start */
	static const char b4[] = "--B\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\nx--B y\r\n--B--";
	CHECK(mpart(&a, "multipart/form-data; boundary=B", b4, sizeof b4 - 1, 10, &m));
	CHECK_STR(kv_get(&m.form, "v"), "x--B y");
	/* a value with CRLFs inside */
	static const char b5[] = "--B\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nl1\r\nl2\r\n\r\n--B--";
	CHECK(mpart(&a, "multipart/form-data; boundary=B", b5, sizeof b5 - 1, 10, &m));
	CHECK_STR(kv_get(&m.form, "t"), "l1\r\nl2\r\n");
	/* zero parts: just the closing delimiter */
	CHECK(MP(&a, "multipart/form-data; boundary=B", "--B--\r\n", 10, &m));
	CHECK_INT(m.form.n, 0);
	CHECK_INT(m.nfiles, 0);
	arena_free(&a);
}

SK_TEST(multipart_bad_boundaries)
{
	arena a;
	arena_init(&a, 0);
	struct mp m;
	static const char body[] = "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--B--";
	CHECK(!mpart(&a, "multipart/form-data", body, sizeof body - 1, 10, &m));
	CHECK(!mpart(&a, "multipart/form-data; boundary=", body, sizeof body - 1, 10, &m));
	CHECK(!mpart(&a, "multipart/form-data; boundary=\"\"", body, sizeof body - 1, 10, &m));
	CHECK(!mpart(&a, "multipart/form-data; boundary=\"B", body, sizeof body - 1, 10, &m)); /* unterminated quote */
	CHECK(!mpart(&a, "multipart/form-data; boundary=C", body, sizeof body - 1, 10, &m)); /* not in the body */
	/* boundaries longer than 200 characters are refused */
	char ct[300];
	memset(ct, 0, sizeof ct);
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=");
	memset(ct + strlen(ct), 'k', 201);
	CHECK(!mpart(&a, ct, body, sizeof body - 1, 10, &m));
	arena_free(&a);
}

SK_TEST(multipart_part_cap)
{
	arena a;
	arena_init(&a, 0);
	struct mp m;
	static const char three[] =
	        "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
	        "--B\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n"
	        "--B\r\nContent-Disposition: form-data; name=\"c\"; filename=\"c.txt\"\r\n\r\n3\r\n"
	        "--B--\r\n";
	const char *ct = "multipart/form-data; boundary=B";
	CHECK(mpart(&a, ct, three, sizeof three - 1, 3, &m));
	CHECK_INT(m.form.n, 2);
	CHECK_INT(m.nfiles, 1);
	CHECK(!mpart(&a, ct, three, sizeof three - 1, 2, &m));
	CHECK(!mpart(&a, ct, three, sizeof three - 1, 0, &m));
	/* many files: the file array grows past its first allocation */
	buf b;
	buf_init(&b, 0);
	for (int i = 0; i < 40; i++)
		buf_printf(&b, "--B\r\nContent-Disposition: form-data; name=\"f%d\"; filename=\"%d.txt\"\r\n\r\nfile %d\r\n", i, i, i);
	buf_puts(&b, "--B--");
	CHECK(mpart(&a, ct, b.data, b.len, 40, &m));
	CHECK_INT(m.nfiles, 40);
	if (m.nfiles == 40) {
		CHECK_STR(m.files[39].field, "f39");
		CHECK_INT(m.files[39].len, 7);
		CHECK(memcmp(m.files[39].data, "file 39", 7) == 0);
		CHECK_STR(m.files[0].filename, "0.txt");
	}
	CHECK(!mpart(&a, ct, b.data, b.len, 39, &m));
	buf_free(&b);
	arena_free(&a);
}

SK_TEST(multipart_malformed)
{
	arena a;
	arena_init(&a, 0);
	struct mp m;
	const char *ct = "multipart/form-data; boundary=B";
	/* truncated: no closing delimiter */
	CHECK(!MP(&a, ct, "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1", 10, &m));
	CHECK(!MP(&a, ct, "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--B", 10, &m));
	CHECK(!MP(&a, ct, "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--B-", 10, &m));
	/* headers never end */
	CHECK(!MP(&a, ct, "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n", 10, &m));
	/* junk after a delimiter instead of CRLF or "--" */
	CHECK(!MP(&a, ct, "--Bjunk\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--B--", 10, &m));
	/* a part without a name */
	CHECK(!MP(&a, ct, "--B\r\nContent-Disposition: form-data\r\n\r\n1\r\n--B--", 10, &m));
	CHECK(!MP(&a, ct, "--B\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n1\r\n--B--", 10, &m));
	CHECK(!MP(&a, ct, "--B\r\nContent-Type: text/plain\r\n\r\n1\r\n--B--", 10, &m));
	/* text fields must be UTF-8 without NUL (files may be binary) */
	CHECK(!MP(&a, ct, "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n\xFF\r\n--B--", 10, &m));
	CHECK(!MP(&a, ct, "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\na\0b\r\n--B--", 10, &m));
	CHECK(!MP(&a, ct, "", 10, &m));
	CHECK(!MP(&a, ct, "--B", 10, &m));
	arena_free(&a);
}

SK_TEST(multipart_part_without_headers_is_refused)
{
	/* "--B CRLF CRLF data": a part with an empty header block has no
	 * name and must be refused, not merged with the next part's
	 * headers */
	arena a;
	arena_init(&a, 0);
	struct mp m;
	bool ok = MP(&a, "multipart/form-data; boundary=B",
	             "--B\r\n\r\nsmuggled\r\n"
	             "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nreal\r\n--B--",
	             10, &m);
	CHECK(!ok);
	arena_free(&a);
}

SK_TEST(multipart_name_inside_quoted_filename)
{
	/* a filename that contains "; name=" must not decide the field */
	arena a;
	arena_init(&a, 0);
	struct mp m;
	bool ok = MP(&a, "multipart/form-data; boundary=B",
	             "--B\r\nContent-Disposition: form-data; filename=\"a; name=evil.png\"; name=\"photo\"\r\n"
	             "\r\nDATA\r\n--B--",
	             10, &m);
	CHECK(ok);
	CHECK_INT(m.nfiles, 1);
	if (m.nfiles == 1) {
		CHECK_STR(m.files[0].field, "photo");
		CHECK_STR(m.files[0].filename, "a; name=evil.png");
	}
	arena_free(&a);
}

/* ---- request target ---- */

SK_TEST(target_parse_ok)
{
	struct req r;
	req_init(&r);
	CHECK(req_parse_target(&r, "/staff/pavb/users?q=a+b&page=2"));
	CHECK_STR(r.path, "/staff/pavb/users");
	CHECK_STR(req_query(&r, "q"), "a b");
	CHECK_STR(req_query(&r, "page"), "2");
	req_free(&r);

	req_init(&r);
	/* '+' in the path is a plus; %-escapes are decoded; UTF-8 allowed */
	CHECK(req_parse_target(&r, "/a+b/%C5%BEod%C5%BEis"));
	CHECK_STR(r.path, "/a+b/žodžis");
	CHECK_INT(r.query.n, 0);
	req_free(&r);

	req_init(&r);
	/* a fragment is not part of the path or the query */
	CHECK(req_parse_target(&r, "/x#frag"));
	CHECK_STR(r.path, "/x");
	req_free(&r);
	req_init(&r);
	CHECK(req_parse_target(&r, "/x?a=1#frag"));
	CHECK_STR(req_query(&r, "a"), "1");
	CHECK_INT(r.query.n, 1);
	req_free(&r);

	req_init(&r);
	/* an encoded slash decodes (routes see the decoded path); ".." is
	 * left to the routes, which never map paths to files */
	CHECK(req_parse_target(&r, "/static/..%2FREADME.md"));
	CHECK_STR(r.path, "/static/../README.md");
	req_free(&r);

	req_init(&r);
	CHECK(req_parse_target(&r, "/?"));
	CHECK_STR(r.path, "/");
	CHECK_INT(r.query.n, 0);
	req_free(&r);
}

SK_TEST(target_parse_rejects)
{
	static const char *const bad[] = {
	        "",                   /* empty */
	        "staff",              /* not origin-form */
	        "http://evil/x",      /* absolute-form */
	        "*",                  /* asterisk-form */
	        "/a%",                /* bad escapes */
	        "/a%2",
	        "/a%zz",
	        "/a%00b",             /* NUL */
	        "/a%FFb",             /* invalid UTF-8 */
	        "/a%C0%AFb",          /* overlong */
	        "/a%ED%A0%80",        /* surrogate */
	        "/\xFF",              /* raw invalid byte */
	        "/x?a=%",             /* bad query */
	        "/x?a=%FF",
	        "/x?=1",
	        "/x?a=%00",
	        NULL,
	};
	for (size_t i = 0; bad[i]; i++) {
		struct req r;
		req_init(&r);
		if (req_parse_target(&r, bad[i])) {
			char d[128];
			snprintf(d, sizeof d, "accepted \"%s\"", bad[i]);
			sk_test_fail(__FILE__, __LINE__, "!req_parse_target(bad[i])", d);
		}
		req_free(&r);
	}
	struct req r;
	req_init(&r);
	CHECK(!req_parse_target(&r, NULL));
	req_free(&r);
}

/* ---- framing guard ---- */

SK_TEST(guard_accepts_plain_requests)
{
	CHECK(guard("HTTP/1.1", "Host", "x", NULL) == NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Content-Length", "0", NULL) == NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Content-Length", "12345", "Content-Type", "text/plain", NULL) == NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Transfer-Encoding", "chunked", NULL) == NULL);
	CHECK(guard("HTTP/1.1", "host", "x", "transfer-encoding", "Chunked", NULL) == NULL);
	CHECK(guard("HTTP/1.0", NULL) == NULL); /* Host is optional in 1.0 */
	CHECK(guard("HTTP/1.1", "Host", "x", "X-Tab", "a\tb", "User-Agent", "Mozilla/5.0 (X11)", NULL) == NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "X_Under.Score~!#$%&'*+^`|", "ok", NULL) == NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "X-Utf8", "Panevėžys", NULL) == NULL);
}

SK_TEST(guard_refuses_ambiguous_framing)
{
	CHECK(guard("HTTP/1.1", "Host", "x", "Content-Length", "5", "Content-Length", "5", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Content-Length", "5", "content-length", "6", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Content-Length", "5", "Transfer-Encoding", "chunked", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Transfer-Encoding", "chunked", "Content-Length", "0", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Transfer-Encoding", "gzip, chunked", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Transfer-Encoding", "chunked, identity", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Transfer-Encoding", "identity", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Transfer-Encoding", "xchunked", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Transfer-Encoding", "", NULL) != NULL);
	CHECK(guard("HTTP/1.0", "Transfer-Encoding", "chunked", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "a", "Host", "b", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "a", "host", "a", NULL) != NULL);
	CHECK(guard("HTTP/1.1", NULL) != NULL);                       /* no Host */
	CHECK(guard("HTTP/1.1", "X-Other", "1", NULL) != NULL);
}

SK_TEST(guard_refuses_bad_content_length)
{
	static const char *const bad[] = {"", "-1", "+5", " 5", "5 ", "5,5", "0x10", "1e3", "5.0",
	                                  "1234567890123456", "99999999999999999999", NULL};
	for (size_t i = 0; bad[i]; i++)
		if (!guard("HTTP/1.1", "Host", "x", "Content-Length", bad[i], NULL)) {
			char d[64];
			snprintf(d, sizeof d, "accepted Content-Length \"%s\"", bad[i]);
			sk_test_fail(__FILE__, __LINE__, "guard(CL)", d);
		}
	CHECK(guard("HTTP/1.1", "Host", "x", "Content-Length", "123456789012345", NULL) == NULL); /* 15 digits */
	CHECK(guard("HTTP/1.1", "Host", "x", "Content-Length", "007", NULL) == NULL);
}

SK_TEST(guard_refuses_bad_header_names_and_values)
{
	/* "Name : value" reaches us as a name with a trailing space */
	CHECK(guard("HTTP/1.1", "Host", "x", "Content-Length ", "5", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", " Content-Length", "5", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "Transfer-Encoding\t", "chunked", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "", "v", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "X(y)", "v", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "X:y", "v", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "X\xC4\x85", "v", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "X-A", "a\rb", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "X-A", "a\nb", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "X-A", "a\x01" "b", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x", "X-A", "a\x7f" "b", NULL) != NULL);
	CHECK(guard("HTTP/1.1", "Host", "x\r\nX-Injected: 1", NULL) != NULL);
}

SK_TEST(http_reasons)
{
	CHECK_STR(http_reason(200), "OK");
	CHECK_STR(http_reason(303), "See Other");
	CHECK_STR(http_reason(400), "Bad Request");
	CHECK_STR(http_reason(403), "Forbidden");
	CHECK_STR(http_reason(405), "Method Not Allowed");
	CHECK_STR(http_reason(413), "Content Too Large");
	CHECK_STR(http_reason(429), "Too Many Requests");
	CHECK_STR(http_reason(599), "Unknown");
}

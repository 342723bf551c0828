/*
 * test_core.c -- the core primitives every request leans on: the arena
 * and its cap, the capped buffer and its sticky overflow, the four
 * escaping functions (HTML, URL component, JSON string, logfmt value),
 * UTF-8 validation including overlong forms and surrogates, the strict
 * integer parser, e-mail validation (header injection), the html()
 * printf engine with each conversion the pages use, and url_fmt().
 *
 * Each test frees what it allocates (arena_free / buf_free / req_free),
 * so the ASan build of sk-unit also checks the primitives for leaks.
 */
#include "../../src/core/test.h"
#include "../../src/core/html.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- helpers ---- */

/* a NULL the compiler cannot see through (it would warn at compile time
 * about the very case the tests check at run time) */
static const char *volatile null_str = NULL;

/* Escapes s with fn into a fresh buffer and compares with want. */
static bool esc_is(void (*fn)(buf *, const char *, size_t), const char *s, size_t n, const char *want)
{
	buf b;
	buf_init(&b, 0);
	fn(&b, s, n);
	bool ok = b.len == strlen(want) && memcmp(buf_cstr(&b), want, b.len) == 0;
	if (!ok)
		printf("    escaped %zu bytes to \"%s\", want \"%s\"\n", n, buf_cstr(&b), want);
	buf_free(&b);
	return ok;
}
#define ESC(fn, lit, want) esc_is(fn, lit, sizeof(lit) - 1, want)

static bool valid(const char *lit, size_t n) { return utf8_valid(lit, n); }
#define U8(lit) valid(lit, sizeof(lit) - 1)

/* ---- arena ---- */

SK_TEST(arena_basic_alignment_and_zeroing)
{
	arena a;
	arena_init(&a, 0);
	for (size_t n = 1; n < 300; n += 37) {
		unsigned char *p = arena_alloc(&a, n);
		CHECK(((uintptr_t)p & 15) == 0);
		bool zero = true;
		for (size_t i = 0; i < n; i++)
			if (p[i])
				zero = false;
		CHECK(zero);
		memset(p, 0xAB, n); /* writable over its whole length */
	}
	/* many small allocations spill into further blocks */
	char *first = arena_strdup(&a, "first");
	for (int i = 0; i < 2000; i++)
		arena_alloc(&a, 24);
	CHECK_STR(first, "first");
	/* a big allocation (> half a block) does not lose earlier strings */
	char *big = arena_alloc(&a, 100000);
	memset(big, 'x', 100000);
	CHECK_STR(first, "first");
	CHECK(!arena_failed(&a));
	CHECK(arena_strdup(&a, NULL) == NULL);
	CHECK(arena_strndup(&a, NULL, 3) == NULL);
	CHECK_STR(arena_strndup(&a, "abcdef", 3), "abc");
	CHECK_STR(arena_printf(&a, "%s-%d-%lld", "x", 42, (long long)INT64_MAX), "x-42-9223372036854775807");
	/* arena_printf longer than any internal scratch */
	char *longs = arena_printf(&a, "%0*d", 5000, 7);
	CHECK_INT(strlen(longs), 5000);
	CHECK(longs[4999] == '7' && longs[0] == '0');
	arena_free(&a);
	CHECK(a.head == NULL);
	CHECK_INT(a.used, 0);
}

SK_TEST(arena_cap_marks_failed_but_stays_usable)
{
	arena a;
	arena_init(&a, 4096);
	char *s = arena_strdup(&a, "kept");
	CHECK(!arena_failed(&a));
	/* exactly up to the cap is fine */
	arena_alloc(&a, 4096 - a.used);
	CHECK(!arena_failed(&a));
	/* one byte more: failed, but the memory handed out is still real
	 * and writable (callers need no NULL checks) */
	char *p = arena_alloc(&a, 1);
	CHECK(p != NULL);
	CHECK(arena_failed(&a));
	p[0] = 'z';
	/* just past the cap, two small pieces are two pieces: what is built
	 * before the request fails is not scrambled */
	char *p2 = arena_strdup(&a, "second");
	CHECK(p2 != p);
	CHECK(p[0] == 'z');
	CHECK_STR(p2, "second");
	/* a large allocation past the cap is still memory-safe */
	char *q = arena_alloc(&a, 70000);
	CHECK(q != NULL);
	memset(q, 'q', 70000);
	CHECK(q[69999] == 'q');
	CHECK(arena_failed(&a));
	CHECK_STR(s, "kept"); /* earlier data untouched */
	/* arena_free clears the failure and the count; the cap remains */
	arena_free(&a);
	CHECK(!arena_failed(&a));
	CHECK_INT(a.used, 0);
	CHECK_INT(a.cap, 4096);
	arena_alloc(&a, 100);
	CHECK(!arena_failed(&a));
	arena_alloc(&a, 5000);
	CHECK(arena_failed(&a));
	arena_free(&a);
}

SK_TEST(arena_cap_overflowing_size)
{
	/* a size that overflows the alignment round-up must be refused (the
	 * arena fails), not wrap around into a tiny successful allocation */
	arena a;
	arena_init(&a, 1u << 20);
	void *p = arena_alloc(&a, 64);
	CHECK(p != NULL && !arena_failed(&a));
	p = arena_alloc(&a, SIZE_MAX - 3);
	CHECK(arena_failed(&a));
	arena_free(&a);
	/* the request cap used by the dispatcher is set by req_init */
	struct req r;
	req_init(&r);
	CHECK(r.a.cap > 0);
	CHECK(r.out.cap > 0);
	req_free(&r);
}

/* ---- buffer ---- */

SK_TEST(buf_grows_and_terminates)
{
	buf b;
	buf_init(&b, 0);
	CHECK_STR(buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		buf_puts(&b, "0123456789");
	CHECK_INT(b.len, 10000);
	CHECK(b.data[b.len] == 0);
	CHECK(!b.overflow);
	buf_putc(&b, 'x');
	CHECK(b.data[10000] == 'x' && b.data[10001] == 0);
	buf_reset(&b);
	CHECK_INT(b.len, 0);
	CHECK_STR(buf_cstr(&b), "");
	buf_printf(&b, "%s=%d", "n", 5);
	CHECK_STR(buf_cstr(&b), "n=5");
	/* printf longer than the 512-byte stack scratch */
	buf_reset(&b);
	buf_printf(&b, "%0*d|", 3000, 1);
	CHECK_INT(b.len, 3001);
	CHECK(b.data[2999] == '1' && b.data[3000] == '|');
	char *d = buf_detach(&b);
	CHECK_INT(strlen(d), 3001);
	free(d);
	CHECK(b.data == NULL && b.len == 0);
	buf_free(&b);
	/* binary data with NUL bytes keeps its length */
	buf_init(&b, 0);
	buf_append(&b, "a\0b", 3);
	CHECK_INT(b.len, 3);
	CHECK(memcmp(b.data, "a\0b", 3) == 0);
	buf_free(&b);
}

SK_TEST(arena_grow_array_doubles_and_keeps_rows)
{
	arena a;
	arena_init(&a, 0);
	size_t cap = 0;
	int64_t *v = arena_grow_array(&a, NULL, &cap, 1000, sizeof *v);
	CHECK_INT(cap, 64);
	for (size_t i = 0; i < 1000; i++) {
		if (i == cap)
			v = arena_grow_array(&a, v, &cap, 1000, sizeof *v);
		v[i] = (int64_t)i * 3;
	}
	CHECK_INT(cap, 1000);   /* 64, 128, ..., 512, then the cap */
	bool same = true;
	for (size_t i = 0; i < 1000; i++)
		same = same && v[i] == (int64_t)i * 3;
	CHECK(same);
	cap = 0;
	v = arena_grow_array(&a, NULL, &cap, 5, sizeof *v);
	CHECK_INT(cap, 5);      /* a small max is room for max */
	arena_free(&a);
}

SK_TEST(buf_reserve_takes_room_once)
{
	buf b;
	buf_init(&b, 0);
	buf_puts(&b, "ab");
	buf_reserve(&b, 40000);
	CHECK(b.alloc >= 40003);
	CHECK_STR(buf_cstr(&b), "ab");   /* the content and its NUL stay */
	char *before = b.data;
	for (int i = 0; i < 4000; i++)
		buf_puts(&b, "0123456789");
	CHECK(b.data == before);         /* no reallocation on the way */
	CHECK_INT(b.len, 40002);
	buf_reserve(&b, 0);              /* enough room already: nothing moves */
	CHECK(b.data == before);
	buf_free(&b);
	/* a reservation past the cap is ignored: the appends overflow as before */
	buf_init(&b, 8);
	buf_reserve(&b, 100);
	CHECK(b.alloc == 0 && !b.overflow);
	buf_puts(&b, "012345678");
	CHECK(b.overflow);
	buf_free(&b);
}

SK_TEST(buf_cap_exact_and_overflow_sticky)
{
	buf b;
	buf_init(&b, 10);
	buf_puts(&b, "0123456789"); /* exactly the cap */
	CHECK(!b.overflow);
	CHECK_INT(b.len, 10);
	buf_putc(&b, 'x'); /* one past */
	CHECK(b.overflow);
	CHECK_INT(b.len, 10);
	CHECK_STR(buf_cstr(&b), "0123456789");
	/* sticky: later small appends are dropped too */
	buf_reset(&b);
	CHECK(!b.overflow);
	buf_puts(&b, "01234");
	buf_puts(&b, "567890"); /* 11 > 10: dropped as a whole */
	CHECK(b.overflow);
	buf_puts(&b, "a");
	CHECK_STR(buf_cstr(&b), "01234");
	/* printf through the heap path respects the cap as well */
	buf_reset(&b);
	buf_printf(&b, "%0*d", 2000, 0);
	CHECK(b.overflow);
	CHECK_INT(b.len, 0);
	/* a huge n cannot wrap the cap check */
	buf_reset(&b);
	buf_puts(&b, "ab");
	buf_append(&b, "", SIZE_MAX - 1);
	CHECK(b.overflow);
	CHECK_INT(b.len, 2);
	buf_free(&b);
	/* escaping into a capped buffer stops at the cap, never past it */
	buf_init(&b, 8);
	esc_html(&b, "<<<<<<<<", 8);
	CHECK(b.overflow);
	CHECK(b.len <= 8);
	buf_free(&b);
}

/* ---- escaping ---- */

SK_TEST(esc_html_all_specials)
{
	CHECK(ESC(esc_html, "plain text", "plain text"));
	CHECK(ESC(esc_html, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"));
	CHECK(ESC(esc_html, "a&b", "a&amp;b"));
	CHECK(ESC(esc_html, "\"'", "&quot;&#39;"));
	CHECK(ESC(esc_html, "\"><img src=x onerror=alert(1)>",
	          "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
	/* already-escaped text is escaped again (no double-decoding) */
	CHECK(ESC(esc_html, "&lt;", "&amp;lt;"));
	/* NUL becomes U+FFFD, never a raw NUL in the page */
	CHECK(ESC(esc_html, "a\0b", "a\xEF\xBF\xBD" "b"));
	/* UTF-8 passes through unchanged */
	CHECK(ESC(esc_html, "Panevėžys – ąčęėįšųūž", "Panevėžys – ąčęėįšųūž"));
	CHECK(ESC(esc_html, "", ""));
	/* length-bounded: stops at n */
	CHECK(esc_is(esc_html, "<a>", 1, "&lt;"));
}

SK_TEST(esc_url_component)
{
	CHECK(ESC(esc_url, "AZaz09-_.~", "AZaz09-_.~"));
	CHECK(ESC(esc_url, "a b", "a%20b"));
	CHECK(ESC(esc_url, "/staff?x=1&y=2#f", "%2Fstaff%3Fx%3D1%26y%3D2%23f"));
	CHECK(ESC(esc_url, "+%", "%2B%25"));
	CHECK(ESC(esc_url, "\"'<>\\", "%22%27%3C%3E%5C"));
	CHECK(ESC(esc_url, "\r\n\t", "%0D%0A%09"));
	CHECK(ESC(esc_url, "ą", "%C4%85"));
	CHECK(ESC(esc_url, "\xff\x80", "%FF%80"));
	CHECK(ESC(esc_url, "a\0b", "a%00b"));
	CHECK(ESC(esc_url, "javascript:alert(1)", "javascript%3Aalert%281%29"));
}

SK_TEST(esc_json_string)
{
	CHECK(ESC(esc_json, "plain", "plain"));
	CHECK(ESC(esc_json, "a\"b\\c", "a\\\"b\\\\c"));
	CHECK(ESC(esc_json, "\n\r\t", "\\n\\r\\t"));
	CHECK(ESC(esc_json, "\x01\x1f\b\f", "\\u0001\\u001f\\u0008\\u000c"));
	CHECK(ESC(esc_json, "a\0b", "a\\u0000b"));
	/* safe inside an inline <script>: no </script>, no <!--, no & */
	CHECK(ESC(esc_json, "</script><!--&", "\\u003c/script\\u003e\\u003c!--\\u0026"));
	CHECK(ESC(esc_json, "ąž – ok", "ąž – ok"));
	/* the result parses back to the input */
	const char in[] = "x\"y\\z\n\x02<&>ą";
	buf b;
	buf_init(&b, 0);
	buf_putc(&b, '"');
	esc_json(&b, in, sizeof in - 1);
	buf_putc(&b, '"');
	json_error_t je;
	json_t *j = json_loads(buf_cstr(&b), JSON_DECODE_ANY, &je);
	CHECK(j && json_is_string(j));
	if (j)
		CHECK_STR(json_string_value(j), in);
	json_decref(j);
	buf_free(&b);
}

SK_TEST(esc_log_one_line)
{
	CHECK(ESC(esc_log, "plain value", "plain value"));
	CHECK(ESC(esc_log, "say \"hi\"", "say \\\"hi\\\""));
	CHECK(ESC(esc_log, "back\\slash", "back\\\\slash"));
	/* log injection: a forged second line stays on the first */
	CHECK(ESC(esc_log, "x\nlevel=error event=forged", "x\\nlevel=error event=forged"));
	CHECK(ESC(esc_log, "a\r\nb", "a\\r\\nb"));
	CHECK(ESC(esc_log, "\x1b[31m\x7f\x01", "\\x1b[31m\\x7f\\x01"));
	CHECK(ESC(esc_log, "t\tab", "t\\x09ab"));
	CHECK(ESC(esc_log, "a\0b", "a\\x00b"));
	CHECK(ESC(esc_log, "ąž", "ąž"));
}

/* ---- UTF-8 ---- */

SK_TEST(utf8_valid_accepts)
{
	CHECK(U8(""));
	CHECK(U8("ascii only"));
	CHECK(U8("\xC2\x80"));             /* U+0080, smallest 2-byte */
	CHECK(U8("\xDF\xBF"));             /* U+07FF */
	CHECK(U8("\xE0\xA0\x80"));         /* U+0800, smallest 3-byte */
	CHECK(U8("\xED\x9F\xBF"));         /* U+D7FF, just below surrogates */
	CHECK(U8("\xEE\x80\x80"));         /* U+E000, just above */
	CHECK(U8("\xEF\xBF\xBF"));         /* U+FFFF */
	CHECK(U8("\xF0\x90\x80\x80"));     /* U+10000, smallest 4-byte */
	CHECK(U8("\xF4\x8F\xBF\xBF"));     /* U+10FFFF, the last code point */
	CHECK(U8("Ąčęėįšųūž „lietuviškos“ kabutės – 🙂"));
	CHECK(U8("\x7f"));
}

SK_TEST(utf8_valid_rejects_overlongs)
{
	CHECK(!U8("\xC0\x80"));             /* overlong NUL (modified UTF-8) */
	CHECK(!U8("\xC0\xAF"));             /* overlong '/' */
	CHECK(!U8("\xC1\xBF"));             /* overlong U+007F */
	CHECK(!U8("\xE0\x80\xAF"));         /* 3-byte overlong '/' */
	CHECK(!U8("\xE0\x9F\xBF"));         /* 3-byte overlong U+07FF */
	CHECK(!U8("\xF0\x80\x80\xAF"));     /* 4-byte overlong '/' */
	CHECK(!U8("\xF0\x8F\xBF\xBF"));     /* 4-byte overlong U+FFFF */
	CHECK(!U8("\xF8\x88\x80\x80\x80")); /* 5-byte forms do not exist */
	CHECK(!U8("\xFC\x84\x80\x80\x80\x80"));
}

SK_TEST(utf8_valid_rejects_surrogates_and_range)
{
	CHECK(!U8("\xED\xA0\x80"));             /* U+D800 */
	CHECK(!U8("\xED\xAF\xBF"));             /* U+DBFF */
	CHECK(!U8("\xED\xB0\x80"));             /* U+DC00 */
	CHECK(!U8("\xED\xBF\xBF"));             /* U+DFFF */
	CHECK(!U8("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair for U+1F600 */
	CHECK(!U8("\xF4\x90\x80\x80"));         /* U+110000 */
	CHECK(!U8("\xF5\x80\x80\x80"));
	CHECK(!U8("\xF7\xBF\xBF\xBF"));
	CHECK(!U8("\xFE"));
	CHECK(!U8("\xFF"));
}

SK_TEST(utf8_valid_rejects_truncation_and_stray_bytes)
{
	CHECK(!U8("\x80"));              /* lone continuation */
	CHECK(!U8("a\xBF" "b"));
	CHECK(!U8("\xC4"));              /* truncated 2-byte at the end */
	CHECK(!U8("\xE2\x80"));          /* truncated 3-byte */
	CHECK(!U8("\xF0\x9F\x99"));      /* truncated 4-byte */
	CHECK(!U8("\xC4" "a"));          /* lead followed by ASCII */
	CHECK(!U8("\xE2\x28\xA1"));
	CHECK(!U8("\xF0\x9F\x99\x28"));
	CHECK(!U8("a\0b"));              /* NUL is refused in input text */
	/* n bounds the check: a valid prefix of an invalid string */
	CHECK(utf8_valid("ab\xFF", 2));
	CHECK(!utf8_valid("ab\xFF", 3));
	/* a multi-byte sequence cut by n */
	CHECK(!utf8_valid("\xC4\x85", 1));
	CHECK(utf8_valid("\xC4\x85", 2));
}

SK_TEST(utf8_len_and_trim)
{
	CHECK_INT(utf8_len(""), 0);
	CHECK_INT(utf8_len("abc"), 3);
	CHECK_INT(utf8_len("ąčę"), 3);
	CHECK_INT(utf8_len("🙂🙂"), 2);
	arena a;
	arena_init(&a, 0);
	CHECK_STR(str_trim(&a, "  a b \t\r\n"), "a b");
	CHECK_STR(str_trim(&a, "   "), "");
	CHECK_STR(str_trim(&a, NULL), "");
	arena_free(&a);
	CHECK(str_empty(NULL) && str_empty("") && str_empty(" \t\n"));
	CHECK(!str_empty(" x "));
	CHECK(str_eq(NULL, NULL) && !str_eq("a", NULL) && str_eq("a", "a"));
	CHECK(str_ieq("Content-Length", "content-length") && !str_ieq("a", "ab"));
	CHECK(str_prefix("/staff/x", "/staff") && !str_prefix(NULL, "x") && !str_prefix("/st", "/staff"));
}

/* ---- integers ---- */

SK_TEST(parse_i64_strict)
{
	int64_t v = -1;
	CHECK(parse_i64("0", &v) && v == 0);
	CHECK(parse_i64("42", &v) && v == 42);
	CHECK(parse_i64("-7", &v) && v == -7);
	CHECK(parse_i64("9223372036854775807", &v) && v == INT64_MAX);
	CHECK(parse_i64("-9223372036854775808", &v) && v == INT64_MIN);
	v = 99;
	CHECK(!parse_i64("9223372036854775808", &v));   /* overflow */
	CHECK(!parse_i64("-9223372036854775809", &v));
	CHECK(!parse_i64("99999999999999999999999", &v));
	CHECK(v == 99); /* untouched on failure */
	CHECK(!parse_i64(NULL, &v));
	CHECK(!parse_i64("", &v));
	CHECK(!parse_i64(" 1", &v));
	CHECK(!parse_i64("1 ", &v));
	CHECK(!parse_i64("\t1", &v));
	CHECK(!parse_i64("1a", &v));
	CHECK(!parse_i64("0x10", &v));
	CHECK(!parse_i64("1.0", &v));
	CHECK(!parse_i64("1e3", &v));
	CHECK(!parse_i64("-", &v));
	CHECK(!parse_i64("--1", &v));
	CHECK(!parse_i64("1/", &v));
	CHECK(parse_i64("010", &v) && v == 10); /* base 10, not octal */
	CHECK(v == 10);
}

/* ---- e-mail ---- */

SK_TEST(email_valid_cases)
{
	CHECK(email_valid("vardas@biblioteka.lt"));
	CHECK(email_valid("v.pavarde+tag@pavb.lt"));
	CHECK(email_valid("a@b.lt"));
	CHECK(email_valid("x@sub.domain.example"));
	CHECK(!email_valid(NULL));
	CHECK(!email_valid(""));
	CHECK(!email_valid("a@b"));
	CHECK(!email_valid("@b.lt"));
	CHECK(!email_valid("a@.lt"));
	CHECK(!email_valid("a@b."));
	CHECK(!email_valid("ab.lt"));
	CHECK(!email_valid("a@b@c.lt"));
	CHECK(!email_valid("a b@c.lt"));
	CHECK(!email_valid("<a@b.lt>"));
	CHECK(!email_valid("a@b.lt>"));
	CHECK(!email_valid("\"a\"@b.lt"));
	CHECK(!email_valid("a,b@c.lt"));
	CHECK(!email_valid("a;b@c.lt"));
	CHECK(!email_valid("a:b@c.lt"));
	CHECK(!email_valid("a\\b@c.lt"));
	CHECK(!email_valid("a(b)@c.lt"));
	CHECK(!email_valid("a[b]@c.lt"));
	/* header injection: CR, LF, TAB, NUL-free control bytes, DEL */
	CHECK(!email_valid("a@b.lt\r\nBcc: x@y.lt"));
	CHECK(!email_valid("a@b.lt\nBcc: x@y.lt"));
	CHECK(!email_valid("a@b.lt\rBcc:x@y.lt"));
	CHECK(!email_valid("a@b.lt\tx"));
	CHECK(!email_valid("a@b.lt\x7f"));
	CHECK(!email_valid("a@b.lt\x01"));
	/* length: 254 is the maximum */
	char addr[300];
	memset(addr, 'a', sizeof addr);
	memcpy(addr + 245, "@pavb.lt", 9); /* 245 + 8 = 253 characters */
	CHECK(email_valid(addr));
	memset(addr, 'a', sizeof addr);
	memcpy(addr + 246, "@pavb.lt", 9); /* 254 */
	CHECK(email_valid(addr));
	memset(addr, 'a', sizeof addr);
	memcpy(addr + 247, "@pavb.lt", 9); /* 255 */
	CHECK(!email_valid(addr));
}

/* ---- html() engine ---- */

static const char *out_of(struct req *r) { return buf_cstr(&r->out); }

SK_TEST(html_engine_conversions)
{
	struct req r;
	req_init(&r);
	html(&r, "<p>%s</p>", "<b>&\"'</b>");
	CHECK_STR(out_of(&r), "<p>&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;</p>");
	buf_reset(&r.out);
	html(&r, "%d|%d|%d", 0, -17, INT32_MAX);
	CHECK_STR(out_of(&r), "0|-17|2147483647");
	buf_reset(&r.out);
	html(&r, "%lld|%lld", (long long)INT64_MIN, 1234567890123LL);
	CHECK_STR(out_of(&r), "-9223372036854775808|1234567890123");
	buf_reset(&r.out);
	html(&r, "%zu|%zu", (size_t)0, (size_t)SIZE_MAX);
	CHECK_STR(out_of(&r), "0|18446744073709551615");
	buf_reset(&r.out);
	html(&r, "[%c%c%c]", 'a', '<', '"');
	CHECK_STR(out_of(&r), "[a&lt;&quot;]");
	buf_reset(&r.out);
	html(&r, "100%% <%s>", "x");
	CHECK_STR(out_of(&r), "100% <x>");
	buf_reset(&r.out);
	/* mixed, in order: every argument lands in its own slot */
	html(&r, "<a href=\"/u/%lld?p=%zu\" title=\"%s\">%d%% %c %s</a>", 42LL, (size_t)3, "t\"t", 50, '&', "<i>");
	CHECK_STR(out_of(&r), "<a href=\"/u/42?p=3\" title=\"t&quot;t\">50% &amp; &lt;i&gt;</a>");
	buf_reset(&r.out);
	/* NULL %s prints nothing rather than crashing */
	html(&r, "[%s]", null_str);
	CHECK_STR(out_of(&r), "[]");
	buf_reset(&r.out);
	/* widths, precision and other integer forms */
	html(&r, "%5d|%-3d|%03d|%x|%u|%ld", 7, 1, 5, 255u, 4000000000u, -3L);
	CHECK_STR(out_of(&r), "    7|1  |005|ff|4000000000|-3");
	buf_reset(&r.out);
	/* literal text of the format is not escaped: it is the template */
	html(&r, "<p class=\"x\">");
	CHECK_STR(out_of(&r), "<p class=\"x\">");
	req_free(&r);
}

SK_TEST(html_engine_string_precision)
{
	/* a precision limits the characters taken from the argument before
	 * escaping, whether given as * or literally (GCC accepts both) */
	struct req r;
	req_init(&r);
	html(&r, "%.*s", 3, "<<<<<");
	CHECK_STR(out_of(&r), "&lt;&lt;&lt;");
	buf_reset(&r.out);
	html(&r, "%.2s|%s", "&&&", "z");
	CHECK_STR(out_of(&r), "&amp;&amp;|z");
	req_free(&r);
}

SK_TEST(html_engine_raw_and_fmt)
{
	struct req r;
	req_init(&r);
	html_raw(&r, "<hr>");
	html_raw(&r, NULL);
	CHECK_STR(out_of(&r), "<hr>");
	char *s = html_fmt(&r.a, "<li>%s %d</li>", "<x>", 3);
	CHECK_STR(s, "<li>&lt;x&gt; 3</li>");
	req_free(&r);
}

SK_TEST(html_form_open_inserts_csrf)
{
	struct req r;
	req_init(&r);
	form_open(&r, "/login?next=%2Fstaff", "stack");
	form_close(&r);
	const char *o = out_of(&r);
	CHECK(strstr(o, "<form method=\"post\" action=\"/login?next=%2Fstaff\" class=\"stack\">") != NULL);
	CHECK(r.csrf != NULL && strlen(r.csrf) >= 20);
	if (r.csrf) {
		char *want = arena_printf(&r.a, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", r.csrf);
		CHECK(strstr(o, want) != NULL);
		/* the anonymous token travels in an HttpOnly cookie too */
		const char *ck = kv_get(&r.resp_headers, "Set-Cookie");
		CHECK(ck && str_prefix(ck, arena_printf(&r.a, "csrf=%s;", r.csrf)));
		CHECK(ck && strstr(ck, "HttpOnly") && strstr(ck, "SameSite=Lax") && strstr(ck, "Path=/"));
	}
	CHECK(strstr(o, "</form>") != NULL);
	/* an action with a quote cannot break out of the attribute */
	buf_reset(&r.out);
	form_open(&r, "/x\"><script>", NULL);
	CHECK(strstr(out_of(&r), "<script>") == NULL);
	CHECK(strstr(out_of(&r), "action=\"/x&quot;&gt;&lt;script&gt;\"") != NULL);
	req_free(&r);
}

SK_TEST(url_fmt_encodes_components)
{
	arena a;
	arena_init(&a, 0);
	CHECK_STR(url_fmt(&a, "/staff/%s/users", "pavb"), "/staff/pavb/users");
	CHECK_STR(url_fmt(&a, "/login?next=%s", "/staff/pavb/users?q=a b&x=1"),
	          "/login?next=%2Fstaff%2Fpavb%2Fusers%3Fq%3Da%20b%26x%3D1");
	CHECK_STR(url_fmt(&a, "/s/%s", "../../etc"), "/s/..%2F..%2Fetc");
	CHECK_STR(url_fmt(&a, "/s/%s", "\"><script>"), "/s/%22%3E%3Cscript%3E");
	CHECK_STR(url_fmt(&a, "/p/%s", "Panevėžys"), "/p/Panev%C4%97%C5%BEys");
	CHECK_STR(url_fmt(&a, "100%%/%s", "a"), "100%/a");
	CHECK_STR(url_fmt(&a, "/u/%d/%s", 7, "x"), "/u/7/x");
	CHECK_STR(url_fmt(&a, "/u/%lld/%s", (long long)INT64_MAX, "y"), "/u/9223372036854775807/y");
	CHECK_STR(url_fmt(&a, "/u/%s", null_str), "/u/");
	arena_free(&a);
}

/* Runs fn in a child process so that a crash is reported as this test's
 * failure instead of killing the whole runner. */
static void isolated(const char *what, void (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		setvbuf(stdout, NULL, _IONBF, 0); /* keep CHECK lines printed before a crash */
		int before = sk_test_failures;
		fn();
		fflush(stdout);
		_exit(sk_test_failures != before ? 1 : 0);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid) {
		sk_test_fail(__FILE__, __LINE__, what, "fork/wait failed");
		return;
	}
	if (WIFSIGNALED(st)) {
		char d[64];
		snprintf(d, sizeof d, "crashed with signal %d", WTERMSIG(st));
		sk_test_fail(__FILE__, __LINE__, what, d);
	} else if (WEXITSTATUS(st) != 0) {
		sk_test_fail(__FILE__, __LINE__, what, "checks failed in the child (see above)");
	}
}

static void url_fmt_ints(void)
{
	arena a;
	arena_init(&a, 0);
	CHECK_STR(url_fmt(&a, "/p/%u/%s", 4000000000u, "x"), "/p/4000000000/x");
	CHECK_STR(url_fmt(&a, "/p/%ld/%s", 5L, "x"), "/p/5/x");
	CHECK_STR(url_fmt(&a, "/p/%zu/%s", (size_t)12, "x"), "/p/12/x");
	arena_free(&a);
}

SK_TEST(url_fmt_other_integer_conversions)
{
	/* url_fmt is declared printf-like, so GCC accepts every standard
	 * conversion; each must print its value and consume exactly its
	 * own argument, or the following %s reads the wrong vararg */
	isolated("url_fmt with %u/%ld/%zu", url_fmt_ints);
}

SK_TEST(url_safe_targets)
{
	CHECK_STR(url_safe("https://pavb.lt/x"), "https://pavb.lt/x");
	CHECK_STR(url_safe("http://pavb.lt"), "http://pavb.lt");
	CHECK_STR(url_safe("mailto:a@b.lt"), "mailto:a@b.lt");
	CHECK_STR(url_safe("/pavb/"), "/pavb/");
	CHECK_STR(url_safe("javascript:alert(1)"), "#");
	CHECK_STR(url_safe("JavaScript:alert(1)"), "#");
	CHECK_STR(url_safe("data:text/html,<script>"), "#");
	CHECK_STR(url_safe("//evil.example"), "#");
	CHECK_STR(url_safe("/\\evil.example"), "#");
	CHECK_STR(url_safe(""), "#");
	CHECK_STR(url_safe(NULL), "#");
}

SK_TEST(rc_mapping)
{
	CHECK_INT(sk_rc_http(SK_OK), 200);
	CHECK_INT(sk_rc_http(SK_EINPUT), 422);
	CHECK_INT(sk_rc_http(SK_EAUTH), 401);
	CHECK_INT(sk_rc_http(SK_EPERM), 403);
	CHECK_INT(sk_rc_http(SK_ENOTFOUND), 404);
	CHECK_INT(sk_rc_http(SK_ELIMIT), 429);
	CHECK_INT(sk_rc_http(SK_EBUSY), 503);
	CHECK_INT(sk_rc_http((sk_rc)999), 500);
	CHECK_STR(sk_rc_name(SK_EPERM), "forbidden");
	CHECK_STR(sk_rc_name((sk_rc)999), "internal_error");
}

SK_TEST(tokens_random_and_hashed)
{
	arena a;
	arena_init(&a, 0);
	char *t1 = random_token(&a, 32), *t2 = random_token(&a, 32);
	CHECK_INT(strlen(t1), 43); /* 32 bytes, URL-safe base64 without padding */
	CHECK(strcmp(t1, t2) != 0);
	for (const char *p = t1; *p; p++)
		CHECK((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_');
	char *h1 = token_hash(&a, t1);
	CHECK_INT(strlen(h1), 64);
	CHECK_STR(token_hash(&a, t1), h1);
	CHECK(strcmp(token_hash(&a, t2), h1) != 0);
	CHECK(strstr(h1, t1) == NULL);
	arena_free(&a);
}

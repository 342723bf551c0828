/*
 * core.c -- allocation, arena, capped buffer, escaping primitives, small
 * string/time/random helpers. No module state except the test clock.
 */
#include "core.h"
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

static const char *const rc_names[SK__MAX] = {
	[SK_OK] = "ok", [SK_EINPUT] = "invalid_input", [SK_EAUTH] = "unauthenticated",
	[SK_EPERM] = "forbidden", [SK_ENOTFOUND] = "not_found", [SK_ECONFLICT] = "conflict",
	[SK_ETOOBIG] = "too_large", [SK_ELIMIT] = "rate_limited", [SK_EBUSY] = "busy",
	[SK_EDB] = "database_error", [SK_EINTERNAL] = "internal_error",
};
static const int rc_http[SK__MAX] = {
	[SK_OK] = 200, [SK_EINPUT] = 422, [SK_EAUTH] = 401, [SK_EPERM] = 403,
	[SK_ENOTFOUND] = 404, [SK_ECONFLICT] = 409, [SK_ETOOBIG] = 413,
	[SK_ELIMIT] = 429, [SK_EBUSY] = 503, [SK_EDB] = 500, [SK_EINTERNAL] = 500,
};

const char *sk_rc_name(sk_rc rc) { return rc < SK__MAX ? rc_names[rc] : "internal_error"; }
int sk_rc_http(sk_rc rc) { return rc < SK__MAX ? rc_http[rc] : 500; }

/* ---- allocation ------------------------------------------------------ */

void sk_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("level=fatal msg=\"", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\"\n", stderr);
	va_end(ap);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		sk_die("out of memory (%zu bytes)", n);
	return p;
}

void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);
	if (!p)
		sk_die("out of memory (%zu x %zu bytes)", n, sz);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		sk_die("out of memory (%zu bytes)", n);
	return q;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xmalloc(n);
	memcpy(p, s, n);
	return p;
}

/* ---- arena ------------------------------------------------------------ */

struct arena_block {
	struct arena_block *next;
	size_t size, off;
	_Alignas(16) unsigned char mem[];
};

#define ARENA_BLOCK 8192

void arena_init(arena *a, size_t cap)
{
	memset(a, 0, sizeof *a);
	a->cap = cap;
}

void arena_free(arena *a)
{
	struct arena_block *b = a->head, *n;
	for (; b; b = n) {
		n = b->next;
		free(b);
	}
	a->head = NULL;
	a->used = 0;
	a->failed = false;
}

void *arena_alloc(arena *a, size_t n)
{
	static _Thread_local _Alignas(16) unsigned char scratch[256];
	struct arena_block *b = a->head;
	size_t need = (n + 15) & ~(size_t)15;

	if (need < n || (a->cap && a->used + need > a->cap)) {
		/* Over the cap: remember it (the dispatcher fails the request
		 * afterwards), but keep handing out real memory so that what
		 * the caller builds meanwhile stays correct and callers need no
		 * NULL checks. Only past twice the cap -- a runaway -- do tiny
		 * requests share a per-thread scratch slot, which bounds the
		 * memory; large ones still get real blocks (memory safety). */
		a->failed = true;
		if ((need < n || a->used + need > 2 * a->cap) && need <= sizeof scratch) {
			memset(scratch, 0, sizeof scratch);
			return scratch;
		}
	}
	if (!b || b->size - b->off < need) {
		size_t sz = need > ARENA_BLOCK / 2 ? need : ARENA_BLOCK;
		b = xmalloc(sizeof *b + sz);
		b->size = sz;
		b->off = 0;
		if (need > ARENA_BLOCK / 2 && a->head) {
			/* big allocation: put it behind the current head so
			 * the head's free space stays usable */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->mem + b->off;
	b->off += need;
	a->used += need;
	memset(p, 0, need);
	return p;
}

void *arena_grow_array(arena *a, void *p, size_t *cap, size_t max, size_t size)
{
	size_t n = *cap ? *cap * 2 : 64;
	if (max && n > max)
		n = max;
	if (n < 1)
		n = 1;
	void *np = arena_alloc(a, n * size);
	if (p && *cap)
		memcpy(np, p, *cap * size);
	*cap = n;
	return np;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

/* ---- buffer ----------------------------------------------------------- */

void buf_init(buf *b, size_t cap)
{
	memset(b, 0, sizeof *b);
	b->cap = cap;
}

void buf_free(buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->alloc = 0;
	b->overflow = false;
}

void buf_reset(buf *b)
{
	b->len = 0;
	b->overflow = false;
	if (b->data)
		b->data[0] = 0;
}

void buf_append(buf *b, const void *p, size_t n)
{
	if (b->overflow)
		return;
	if (b->cap && (n > b->cap || b->len > b->cap - n)) {
		b->overflow = true;
		return;
	}
	if (b->len + n + 1 > b->alloc) {
		size_t na = b->alloc ? b->alloc : 256;
		while (na < b->len + n + 1)
			na *= 2;
		b->data = xrealloc(b->data, na);
		b->alloc = na;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
}

void buf_reserve(buf *b, size_t n)
{
	if (b->overflow || (b->cap && n > b->cap) || b->len + n + 1 <= b->alloc)
		return;
	b->data = xrealloc(b->data, b->len + n + 1);
	b->alloc = b->len + n + 1;
	b->data[b->len] = 0;
}

void buf_puts(buf *b, const char *s) { buf_append(b, s, strlen(s)); }
void buf_putc(buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	char small[512];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		buf_append(b, small, (size_t)n);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	buf_append(b, big, (size_t)n);
	free(big);
}

void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *buf_cstr(buf *b)
{
	if (!b->data)
		buf_append(b, "", 0);
	return b->data ? b->data : "";
}

char *buf_detach(buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->alloc = 0;
	return p;
}

/* ---- escaping ----------------------------------------------------------- */

/* Bytes that need an entity; everything else is copied in runs. */
static const unsigned char html_special[256] = {['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1, [0] = 1};

void esc_html(buf *b, const char *s, size_t n)
{
	size_t i = 0, start = 0;
	for (;;) {
		while (i < n && !html_special[(unsigned char)s[i]])
			i++;
		if (i == n)
			break;
		const char *rep;
		size_t rn;
		switch (s[i]) {
		case '&': rep = "&amp;", rn = 5; break;
		case '<': rep = "&lt;", rn = 4; break;
		case '>': rep = "&gt;", rn = 4; break;
		case '"': rep = "&quot;", rn = 6; break;
		case '\'': rep = "&#39;", rn = 5; break;
		default: rep = "\xEF\xBF\xBD", rn = 3; break; /* NUL */
		}
		buf_append(b, s + start, i - start);
		buf_append(b, rep, rn);
		start = ++i;
	}
	buf_append(b, s + start, n - start);
}

void esc_url(buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
			buf_putc(b, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_append(b, e, 3);
		}
	}
}

void esc_json(buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '<': buf_puts(b, "\\u003c"); break; /* safe inside <script> */
		case '>': buf_puts(b, "\\u003e"); break;
		case '&': buf_puts(b, "\\u0026"); break;
		default:
			if (c < 0x20) {
				char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
				buf_append(b, e, 6);
			} else {
				buf_putc(b, (char)c);
			}
		}
	}
}

void esc_log(buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else if (c == '\n') {
			buf_puts(b, "\\n");
		} else if (c == '\r') {
			buf_puts(b, "\\r");
		} else if (c < 0x20 || c == 0x7f) {
			buf_printf(b, "\\x%02x", c);
		} else {
			buf_putc(b, (char)c);
		}
	}
}

/* ---- strings -------------------------------------------------------------- */

bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool str_ieq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

bool str_prefix(const char *s, const char *p)
{
	return s && p && strncmp(s, p, strlen(p)) == 0;
}

bool str_empty(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

bool utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		uint32_t cp;
		if (c < 0x80) {
			if (c == 0)
				return false;
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			k = 1; cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			k = 2; cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			k = 3; cp = c & 0x07;
		} else {
			return false;
		}
		if (k >= n - i)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += k + 1;
	}
	return true;
}

size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

char *str_trim(arena *a, const char *s)
{
	if (!s)
		return arena_strdup(a, "");
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

bool parse_i64(const char *s, int64_t *out)
{
	if (!s || !*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

bool email_valid(const char *s)
{
	/* Deliberately simple and strict: local@domain.tld, no spaces, no
	 * control characters, no header-breaking characters, max 254. */
	if (!s)
		return false;
	size_t n = strlen(s);
	if (n < 3 || n > 254)
		return false;
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	const char *dot = strrchr(at, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return false;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7f || strchr("<>()[]\\,;:\"", c))
			return false;
	}
	return true;
}

/* ---- time ------------------------------------------------------------------- */

static int64_t clock_override;

int64_t now_unix(void)
{
	if (clock_override)
		return clock_override;
	return (int64_t)time(NULL);
}

void now_override(int64_t t) { clock_override = t; }

int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- random ---------------------------------------------------------------- */

char *random_token(arena *a, size_t bytes)
{
	unsigned char raw[64];
	if (bytes > sizeof raw)
		bytes = sizeof raw;
	randombytes_buf(raw, bytes);
	size_t n = sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, n);
	sodium_bin2base64(out, n, raw, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	return out;
}

char *token_hash(arena *a, const char *token)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	char *out = arena_alloc(a, 65);
	sodium_bin2hex(out, 65, h, sizeof h);
	return out;
}

/* Per-thread keyed BLAKE2b over a counter: a PRF, so its outputs are as
 * unpredictable as the key, without a getrandom() syscall per request.
 * Used for CSP nonces and request ids, not for long-lived secrets. */
static void prf_bytes(unsigned char *out, size_t n)
{
	static _Thread_local unsigned char key[32];
	static _Thread_local uint64_t ctr;
	static _Thread_local bool seeded;
	if (!seeded) {
		randombytes_buf(key, sizeof key);
		seeded = true;
	}
	ctr++;
	crypto_generichash(out, n, (const unsigned char *)&ctr, sizeof ctr, key, sizeof key);
}

char *random_nonce(arena *a)
{
	unsigned char raw[16];
	prf_bytes(raw, sizeof raw);
	size_t n = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, n);
	sodium_bin2base64(out, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* Request ids only tell log lines apart: they must be unique, not
 * unpredictable (nothing is granted by knowing one), so each thread
 * counts up from a random start instead of hashing per request. */
void random_rid(char out[20])
{
	static _Thread_local uint64_t next;
	static _Thread_local bool seeded;
	if (!seeded) {
		prf_bytes((unsigned char *)&next, sizeof next);
		seeded = true;
	}
	uint64_t v = next++;
	unsigned char raw[8];
	for (int i = 7; i >= 0; i--, v >>= 8)
		raw[i] = (unsigned char)v;
	sodium_bin2hex(out, 17, raw, sizeof raw);
}

/* One CSV field for Excel with Lithuanian settings: ';' before every
 * field but the first; RFC 4180 quoting when the field holds ; " CR or
 * LF (quotes doubled). A leading = + - @ TAB or CR would make a
 * spreadsheet run the cell as a formula (CSV injection), so such cells
 * get a leading apostrophe -- except a plain phone number ("+370 45
 * 123456"), which is data. NULL is an empty field. */
static bool csv_plain_phone(const char *s)
{
	if (s[0] != '+')
		return false;
	for (const char *p = s + 1; *p; p++)
		if (!(*p == ' ' || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

void csv_cell(buf *b, const char *s, bool first)
{
	if (!first)
		buf_putc(b, ';');
	if (!s)
		s = "";
	bool formula = s[0] && strchr("=+-@\t\r", s[0]) && !csv_plain_phone(s);
	if (!formula && !strpbrk(s, ";\"\r\n")) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

/* ---- civil dates ------------------------------------------------------- */

/* days_from_civil / civil_from_days: exact for every Gregorian date, no
 * loops, no time zone, no libc time functions. */
int64_t ymd_to_days(int ymd)
{
	int64_t y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int ymd_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	return (int)(y * 10000 + m * 100 + d);
}

/*
 * content_text.c -- the text side of content items (C3): Markdown to safe
 * HTML (md4c with raw HTML off; link and image targets other than
 * http(s), mailto and relative ones become "#"), and the word-level diff
 * between two versions (longest common subsequence of words, spaces and
 * punctuation after the common head and tail are cut off; lines when the
 * rest is too long for the table; a whole replacement beyond that).
 */
#include "content.h"
#include "../core/html.h"

#include <md4c-html.h>
#include <stdint.h>
#include <string.h>

/* ---- Markdown --------------------------------------------------------------- */

static void md_out(const MD_CHAR *text, MD_SIZE size, void *ud) { buf_append(ud, text, size); }

/* A target is safe when it has no scheme (relative, #fragment) or an
 * http, https or mailto one. The value is as md4c wrote it (escaped);
 * any colon before the first / ? # counts as a scheme ("java%09script:"
 * too). */
static bool target_safe(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		if (c == '/' || c == '?' || c == '#')
			return true;
		if (c == ':') {
			static const char *const ok[] = {"http", "https", "mailto"};
			for (size_t k = 0; k < SK_ARRAY_LEN(ok); k++)
				if (strlen(ok[k]) == i && strncasecmp(v, ok[k], i) == 0)
					return true;
			return false;
		}
	}
	return true;
}

const char *content_body_html(arena *a, const char *md)
{
	buf raw, out;
	buf_init(&raw, 16u << 20);   /* hard caps (core.h buf): far above what 200 KB of Markdown gives */
	buf_init(&out, 16u << 20);
	size_t n = md ? strlen(md) : 0;
	if (md_html(md ? md : "", (MD_SIZE)n, md_out, &raw,
	            MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_NOINDENTEDCODEBLOCKS,
	            MD_HTML_FLAG_SKIP_UTF8_BOM) != 0) {
		buf_free(&raw);
		buf_free(&out);
		return "";
	}
	const char *s = buf_cstr(&raw);
	/* the attributes md4c writes link targets into; text is escaped by md4c,
	 * so these byte sequences only occur as attributes */
	for (;;) {
		const char *h = strstr(s, " href=\""), *g = strstr(s, " src=\"");
		const char *p = h && (!g || h < g) ? h : g;
		if (!p)
			break;
		const char *v = strchr(p, '"') + 1;
		const char *e = strchr(v, '"');
		if (!e)
			break;
		buf_append(&out, s, (size_t)(v - s));
		if (target_safe(v, (size_t)(e - v)))
			buf_append(&out, v, (size_t)(e - v));
		else
			buf_putc(&out, '#');
		s = e;
	}
	buf_puts(&out, s);
	char *res = arena_strdup(a, buf_cstr(&out));
	buf_free(&raw);
	buf_free(&out);
	return res;
}

/* ---- diff --------------------------------------------------------------------- */

struct tok {
	const char *p;
	size_t n;
};

static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static bool is_word(unsigned char c) { return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Length of a Unicode punctuation mark or space at p that stands as a
 * token of its own („ “ – — … and the no-break space), 0 otherwise. */
static size_t upunct(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	if (u[0] == 0xC2 && (u[1] == 0xA0 || u[1] == 0xAB || u[1] == 0xBB))
		return 2;   /* U+00A0, « » */
	if (u[0] == 0xE2 && (u[1] == 0x80 || u[1] == 0x81) && u[2] >= 0x80 && u[2] <= 0xBF)
		return 3;   /* U+2000..U+207F: spaces, dashes, quotes, ellipsis */
	return 0;
}

/* words, runs of spaces and single punctuation marks; lines = whole lines */
static size_t tokenize(const char *s, bool lines, struct tok **out)
{
	size_t cap = 64, n = 0;
	struct tok *t = xmalloc(cap * sizeof *t);
	for (const char *p = s ? s : ""; *p;) {
		const char *q = p;
		if (lines) {
			while (*q && *q != '\n')
				q++;
			if (*q)
				q++;
		} else if (is_space((unsigned char)*q)) {
			while (*q && is_space((unsigned char)*q))
				q++;
		} else if (upunct(q)) {
			q += upunct(q);
		} else if (is_word((unsigned char)*q)) {
			while (*q && is_word((unsigned char)*q) && !upunct(q))
				q++;
		} else {
			q++;
		}
		if (n == cap)
			t = xrealloc(t, (cap *= 2) * sizeof *t);
		t[n++] = (struct tok){p, (size_t)(q - p)};
		p = q;
	}
	*out = t;
	return n;
}

static bool tok_eq(const struct tok *a, const struct tok *b) { return a->n == b->n && memcmp(a->p, b->p, a->n) == 0; }

#define DIFF_CELLS 4000000u

struct dop {
	char kind;   /* '=', '-', '+' */
	struct tok t;
};

/* ops for a[0..na) vs b[0..nb) after cutting the common ends; false when
 * the middle is too large for the table */
static bool diff_tokens(const struct tok *a, size_t na, const struct tok *b, size_t nb, struct dop **ops, size_t *nops)
{
	size_t pre = 0;
	while (pre < na && pre < nb && tok_eq(&a[pre], &b[pre]))
		pre++;
	size_t suf = 0;
	while (suf < na - pre && suf < nb - pre && tok_eq(&a[na - 1 - suf], &b[nb - 1 - suf]))
		suf++;
	size_t m = na - pre - suf, k = nb - pre - suf;
	if ((m + 1) * (k + 1) > DIFF_CELLS)
		return false;
	uint32_t *L = xcalloc((m + 1) * (k + 1), sizeof *L);
#define AT(i, j) L[(size_t)(i) * (k + 1) + (j)]
	for (size_t i = m; i-- > 0;)
		for (size_t j = k; j-- > 0;)
			AT(i, j) = tok_eq(&a[pre + i], &b[pre + j]) ? AT(i + 1, j + 1) + 1
			                                            : (AT(i + 1, j) >= AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1));
	struct dop *o = xmalloc((na + nb + 1) * sizeof *o);
	size_t n = 0;
	for (size_t i = 0; i < pre; i++)
		o[n++] = (struct dop){'=', a[i]};
	size_t i = 0, j = 0;
	while (i < m || j < k) {
		if (i < m && j < k && tok_eq(&a[pre + i], &b[pre + j])) {
			o[n++] = (struct dop){'=', a[pre + i]};
			i++, j++;
		} else if (i < m && (j == k || AT(i + 1, j) >= AT(i, j + 1))) {
			o[n++] = (struct dop){'-', a[pre + i]};
			i++;
		} else {
			o[n++] = (struct dop){'+', b[pre + j]};
			j++;
		}
	}
#undef AT
	for (size_t s = na - suf; s < na; s++)
		o[n++] = (struct dop){'=', a[s]};
	free(L);
	*ops = o;
	*nops = n;
	return true;
}

/* ops between two texts: words, else lines, else one replacement */
static size_t diff_texts(const char *from, const char *to, struct dop **ops)
{
	struct dop *o = NULL;
	size_t n = 0;
	for (int lines = 0; lines < 2; lines++) {
		struct tok *a, *b;
		size_t na = tokenize(from, lines, &a), nb = tokenize(to, lines, &b);
		bool ok = diff_tokens(a, na, b, nb, &o, &n);
		free(a);
		free(b);
		if (ok) {
			*ops = o;
			return n;
		}
	}
	o = xmalloc(2 * sizeof *o);
	n = 0;
	if (from && *from)
		o[n++] = (struct dop){'-', {from, strlen(from)}};
	if (to && *to)
		o[n++] = (struct dop){'+', {to, strlen(to)}};
	*ops = o;
	return n;
}

size_t content_diff_changes(const char *from, const char *to)
{
	struct dop *o;
	size_t n = diff_texts(from, to, &o), c = 0;
	for (size_t i = 0; i < n; i++)
		c += o[i].kind != '=' && !(o[i].t.n && is_space((unsigned char)o[i].t.p[0]));
	free(o);
	return c;
}

static bool space_tok(const struct dop *o) { return o->kind == '=' && o->t.n && is_space((unsigned char)o->t.p[0]); }

/* Unchanged text as it is; a change region (changes with only spaces
 * between them) as one <del> of the old words and one <ins> of the new. */
const char *content_diff_html(arena *a, const char *from, const char *to)
{
	struct dop *o;
	size_t n = diff_texts(from, to, &o);
	buf b;
	buf_init(&b, 16u << 20);   /* a hard cap: the escaped old and new text of 200 KB each fit */
	for (size_t i = 0; i < n;) {
		if (o[i].kind == '=') {
			esc_html(&b, o[i].t.p, o[i].t.n);
			i++;
			continue;
		}
		size_t j = i, last = i;
		while (j < n && (o[j].kind != '=' || space_tok(&o[j]))) {
			if (o[j].kind != '=')
				last = j;
			j++;
		}
		j = last + 1;   /* trailing spaces stay outside */
		for (int pass = 0; pass < 2; pass++) {
			char want = pass ? '+' : '-';
			bool any = false;
			for (size_t k = i; k < j; k++)
				any |= o[k].kind == want;
			if (!any)
				continue;
			buf_puts(&b, pass ? "<ins>" : "<del>");
			for (size_t k = i; k < j; k++)
				if (o[k].kind == want || o[k].kind == '=')
					esc_html(&b, o[k].t.p, o[k].t.n);
			buf_puts(&b, pass ? "</ins>" : "</del>");
		}
		i = j;
	}
	free(o);
	char *res = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return res;
}

/* ---- tracked changes ------------------------------------------------------------------ */

size_t content_diff_segments(arena *a, const char *from, const char *to, struct content_segment **out)
{
	struct dop *o;
	size_t n = diff_texts(from, to, &o), ns = 0;
	struct content_segment *sg = arena_alloc(a, (n + 1) * sizeof *sg);
	buf eq, od, nw;
	buf_init(&eq, 4u << 20);
	buf_init(&od, 4u << 20);
	buf_init(&nw, 4u << 20);
	for (size_t i = 0; i < n;) {
		if (o[i].kind == '=') {
			buf_reset(&eq);
			while (i < n && o[i].kind == '=') {
				buf_append(&eq, o[i].t.p, o[i].t.n);
				i++;
			}
			sg[ns++] = (struct content_segment){false, arena_strdup(a, buf_cstr(&eq)), NULL};
			continue;
		}
		/* the same region as content_diff_html shows */
		size_t j = i, last = i;
		while (j < n && (o[j].kind != '=' || space_tok(&o[j]))) {
			if (o[j].kind != '=')
				last = j;
			j++;
		}
		j = last + 1;
		buf_reset(&od);
		buf_reset(&nw);
		for (size_t k = i; k < j; k++) {
			if (o[k].kind != '+')
				buf_append(&od, o[k].t.p, o[k].t.n);
			if (o[k].kind != '-')
				buf_append(&nw, o[k].t.p, o[k].t.n);
		}
		sg[ns++] = (struct content_segment){true, arena_strdup(a, buf_cstr(&od)), arena_strdup(a, buf_cstr(&nw))};
		i = j;
	}
	buf_free(&eq);
	buf_free(&od);
	buf_free(&nw);
	free(o);
	*out = sg;
	return ns;
}

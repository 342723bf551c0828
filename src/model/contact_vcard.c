/*
 * contact_vcard.c -- vCard 3.0 export and 3.0/4.0 import for contacts
 * (C6). Written by hand: RFC 6350/2426 text escaping (\\ \, \; \n),
 * lines folded at 75 octets without splitting a UTF-8 sequence, CRLF.
 * The import turns the cards into the CSV the CSV import reads, so both
 * go through the same validation, preview and duplicate detection.
 */
#include "contact.h"

#include <string.h>

/* escaped text value into out */
static void esc(buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\' || *s == ',' || *s == ';') {
			buf_putc(out, '\\');
			buf_putc(out, *s);
		} else if (*s == '\r') {
			if (s[1] != '\n')
				buf_puts(out, "\\n");
		} else if (*s == '\n') {
			buf_puts(out, "\\n");
		} else {
			buf_putc(out, *s);
		}
	}
}

/* writes line (no CRLF) folded at 75 octets */
static void put_line(buf *b, const char *line, size_t n)
{
	size_t col = 0;
	for (size_t i = 0; i < n;) {
		size_t cl = 1;
		unsigned char c = (unsigned char)line[i];
		if (c >= 0xF0)
			cl = 4;
		else if (c >= 0xE0)
			cl = 3;
		else if (c >= 0xC0)
			cl = 2;
		if (i + cl > n)
			cl = n - i;
		if (col + cl > 75) {
			buf_puts(b, "\r\n ");
			col = 1;
		}
		buf_append(b, line + i, cl);
		col += cl;
		i += cl;
	}
	buf_puts(b, "\r\n");
}

static void prop(buf *b, const char *name, const char *const *parts, size_t np, bool list_commas)
{
	buf l;
	buf_init(&l, 1u << 20);
	buf_puts(&l, name);
	buf_putc(&l, ':');
	for (size_t i = 0; i < np; i++) {
		if (i)
			buf_putc(&l, list_commas ? ',' : ';');
		esc(&l, parts[i]);
	}
	put_line(b, l.data, l.len);
	buf_free(&l);
}

void contact_vcard_write(buf *b, const struct contact_person *p)
{
	buf_puts(b, "BEGIN:VCARD\r\nVERSION:3.0\r\n");
	const char *n[] = {p->f[CP_LAST], p->f[CP_FIRST], "", "", ""};
	prop(b, "N", n, 5, false);
	char fn[512];
	snprintf(fn, sizeof fn, "%s %s", p->f[CP_FIRST], p->f[CP_LAST]);
	const char *fnp[] = {fn};
	prop(b, "FN", fnp, 1, false);
	if (*p->org) {
		const char *o[] = {p->org};
		prop(b, "ORG", o, 1, false);
	}
	if (*p->f[CP_EMAIL]) {
		const char *e[] = {p->f[CP_EMAIL]};
		prop(b, "EMAIL;TYPE=INTERNET,WORK", e, 1, false);
	}
	if (*p->f[CP_PHONE]) {
		const char *t[] = {p->f[CP_PHONE]};
		prop(b, "TEL;TYPE=WORK,VOICE", t, 1, false);
	}
	if (*p->f[CP_TAGS]) {
		/* CATEGORIES is a comma list: each tag escaped on its own */
		const char *tags[32];
		size_t nt = 0;
		char tmp[1024];
		snprintf(tmp, sizeof tmp, "%s", p->f[CP_TAGS]);
		for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t && nt < 32; t = strtok_r(NULL, ",", &save)) {
			while (*t == ' ')
				t++;
			if (*t)
				tags[nt++] = t;
		}
		if (nt)
			prop(b, "CATEGORIES", tags, nt, true);
	}
	if (*p->f[CP_NOTES]) {
		const char *no[] = {p->f[CP_NOTES]};
		prop(b, "NOTE", no, 1, false);
	}
	buf_puts(b, "END:VCARD\r\n");
}

/* ---- import ---- */

static char *unescape(arena *a, const char *s, size_t n)
{
	char *o = arena_alloc(a, n + 1), *w = o;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			*w++ = (s[i] == 'n' || s[i] == 'N') ? '\n' : s[i];
		} else {
			*w++ = s[i];
		}
	}
	*w = 0;
	return o;
}

/* the n-th ';' separated component of an N value (escapes respected) */
static char *component(arena *a, const char *v, int idx)
{
	int k = 0;
	const char *start = v;
	for (const char *p = v;; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == ';' || !*p) {
			if (k == idx)
				return unescape(a, start, (size_t)(p - start));
			if (!*p)
				return "";
			k++;
			start = p + 1;
		}
	}
}

static void csv_put(buf *b, const char *s, bool first)
{
	if (!first)
		buf_putc(b, ';');
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

char *contact_vcard_to_csv(arena *a, const char *data, size_t len)
{
	/* unfold: CRLF (or LF) followed by a space or tab continues the line */
	buf u;
	buf_init(&u, 32u << 20);
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
			continue;
		if (data[i] == '\n' && i + 1 < len && (data[i + 1] == ' ' || data[i + 1] == '\t')) {
			i++;
			continue;
		}
		buf_putc(&u, data[i]);
	}
	buf_putc(&u, 0);
	buf out;
	buf_init(&out, 32u << 20);
	buf_puts(&out, "first_name;last_name;email;phone;tags;notes;languages\r\n");
	int cards = 0;
	const char *f[7] = {0};
	char *save = NULL;
	for (char *line = strtok_r(u.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = NULL;
		bool inq = false;
		for (char *p = line; *p; p++) { /* the first ':' outside a quoted parameter */
			if (*p == '"')
				inq = !inq;
			else if (*p == ':' && !inq) {
				colon = p;
				break;
			}
		}
		if (!colon)
			continue;
		*colon = 0;
		char *name = line, *val = colon + 1;
		char *semi = strchr(name, ';');
		if (semi)
			*semi = 0;
		char *dot = strchr(name, '.'); /* group prefix "item1.EMAIL" */
		if (dot)
			name = dot + 1;
		for (char *p = name; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p -= 32;
		if (!strcmp(name, "BEGIN")) {
			memset(f, 0, sizeof f);
		} else if (!strcmp(name, "N")) {
			f[1] = component(a, val, 0);
			f[0] = component(a, val, 1);
		} else if (!strcmp(name, "FN") && !f[0] && !f[1]) {
			char *v = unescape(a, val, strlen(val));
			char *sp = strrchr(v, ' ');
			if (sp) {
				*sp = 0;
				f[0] = v;
				f[1] = sp + 1;
			} else {
				f[1] = v;
			}
		} else if (!strcmp(name, "EMAIL") && !f[2]) {
			f[2] = unescape(a, val, strlen(val));
		} else if (!strcmp(name, "TEL") && !f[3]) {
			const char *v = unescape(a, val, strlen(val));
			f[3] = strncmp(v, "tel:", 4) ? v : v + 4;
		} else if (!strcmp(name, "CATEGORIES")) {
			/* the list's commas become ", " separators; escaped commas stay inside a tag */
			buf t;
			buf_init(&t, 1u << 20);
			for (const char *p = val; *p; p++) {
				if (*p == '\\' && p[1]) {
					p++;
					buf_putc(&t, *p == 'n' ? ' ' : *p);
				} else if (*p == ',') {
					buf_puts(&t, ", ");
				} else {
					buf_putc(&t, *p);
				}
			}
			buf_putc(&t, 0);
			f[4] = arena_strdup(a, t.data);
			buf_free(&t);
		} else if (!strcmp(name, "NOTE")) {
			f[5] = unescape(a, val, strlen(val));
		} else if (!strcmp(name, "LANG") && !f[6]) {
			f[6] = unescape(a, val, strlen(val));
		} else if (!strcmp(name, "END")) {
			for (int i = 0; i < 7; i++)
				csv_put(&out, f[i] ? f[i] : "", i == 0);
			buf_puts(&out, "\r\n");
			cards++;
		}
	}
	buf_free(&u);
	char *res = cards ? arena_strndup(a, out.data, out.len) : NULL;
	buf_free(&out);
	return res;
}

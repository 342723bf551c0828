/*
 * parse.c -- request input parsers: query strings and urlencoded forms,
 * Cookie headers, multipart/form-data. Pure functions over bytes with
 * every result in the caller's arena; fuzzed by tests/fuzz/. They reject
 * rather than guess: invalid UTF-8, bad %-escapes, NUL bytes, malformed
 * multipart framing all return false, which the dispatcher turns into a
 * 400.
 */
#include "req.h"

#include <string.h>
#include <ctype.h>

void kv_add(arena *a, struct kvlist *l, const char *k, const char *v)
{
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 8;
		struct kv *ni = arena_alloc(a, na * sizeof *ni);
		if (l->n)
			memcpy(ni, l->items, l->n * sizeof *ni);
		l->items = ni;
		l->alloc = na;
	}
	l->items[l->n].k = k;
	l->items[l->n].v = v;
	l->n++;
}

const char *kv_get(const struct kvlist *l, const char *k)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].k, k) == 0)
			return l->items[i].v;
	return NULL;
}

size_t kv_count(const struct kvlist *l, const char *k)
{
	size_t c = 0;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].k, k) == 0)
			c++;
	return c;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

char *url_decode(arena *a, const char *s, size_t n, bool plus_space, bool *ok)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	*ok = true;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			int h, l;
			if (i + 2 >= n) {
				*ok = false;
				break;
			}
			h = hexval(s[i + 1]);
			l = hexval(s[i + 2]);
			if (h < 0 || l < 0) {
				*ok = false;
				break;
			}
			out[o++] = (char)(h * 16 + l);
			i += 2;
		} else if (c == '+' && plus_space) {
			out[o++] = ' ';
		} else {
			out[o++] = c;
		}
	}
	out[o] = 0;
	if (*ok && !utf8_valid(out, o))
		*ok = false;
	return out;
}

bool parse_urlencoded(arena *a, const char *s, size_t n, struct kvlist *out)
{
	size_t i = 0;
	while (i < n) {
		/* no form has this many fields: refuse floods (and keep the
		 * duplicate check in the dispatcher cheap) */
		if (out->n >= MAX_PARAMS)
			return false;
		size_t j = i;
		while (j < n && s[j] != '&')
			j++;
		if (j > i) {
			const char *eq = memchr(s + i, '=', j - i);
			size_t kl = eq ? (size_t)(eq - (s + i)) : j - i;
			bool ok1, ok2 = true;
			char *k = url_decode(a, s + i, kl, true, &ok1);
			char *v = eq ? url_decode(a, eq + 1, (size_t)(s + j - eq - 1), true, &ok2)
			             : arena_strdup(a, "");
			if (!ok1 || !ok2 || !*k)
				return false;
			kv_add(a, out, k, v);
		}
		i = j + 1;
	}
	return true;
}

bool parse_cookies(arena *a, const char *h, struct kvlist *out)
{
	size_t count = 0;
	/* RFC 6265: cookie-pair *( ";" SP cookie-pair ); be lenient about
	 * whitespace, strict about structure. A name seen twice keeps the
	 * first value (browsers send the most specific path first). */
	const char *p = h;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		if (!*p)
			break;
		const char *eq = p;
		while (*eq && *eq != '=' && *eq != ';')
			eq++;
		if (*eq != '=') {
			/* a bare token without '=': skip it */
			p = eq;
			continue;
		}
		const char *v = eq + 1, *e = v;
		while (*e && *e != ';')
			e++;
		size_t kl = (size_t)(eq - p), vl = (size_t)(e - v);
		while (kl && isspace((unsigned char)p[kl - 1]))
			kl--;
		while (vl && isspace((unsigned char)v[vl - 1]))
			vl--;
		if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
			v++;
			vl -= 2;
		}
		if (kl && ++count <= 100) {
			char *k = arena_strndup(a, p, kl);
			if (!kv_get(out, k))
				kv_add(a, out, k, arena_strndup(a, v, vl));
		}
		p = e;
	}
	return true;
}

/* Finds a parameter value (boundary=, name=, filename=) in a header
 * value such as `form-data; name="a"; filename="b; c"`: walks the
 * ;-separated parameters, honouring quoted strings (with \" escapes),
 * so text inside a quoted value never counts as a parameter. From the
 * arena, NULL if absent or malformed. */
static char *header_param(arena *a, const char *h, size_t hn, const char *name)
{
	size_t nl = strlen(name), i = 0;
	/* skip the leading value ("form-data", "multipart/form-data") */
	while (i < hn && h[i] != ';') {
		if (h[i] == '"')
			return NULL;
		i++;
	}
	while (i < hn) {
		i++; /* the ';' */
		while (i < hn && (h[i] == ' ' || h[i] == '\t'))
			i++;
		size_t ks = i;
		while (i < hn && h[i] != '=' && h[i] != ';')
			i++;
		size_t ke = i;
		while (ke > ks && (h[ke - 1] == ' ' || h[ke - 1] == '\t'))
			ke--;
		if (i >= hn || h[i] != '=')
			continue;
		i++;
		while (i < hn && (h[i] == ' ' || h[i] == '\t'))
			i++;
		char *val;
		if (i < hn && h[i] == '"') {
			buf v;
			buf_init(&v, 4096);
			i++;
			bool closed = false;
			while (i < hn) {
				if (h[i] == '\\' && i + 1 < hn) {
					buf_putc(&v, h[i + 1]);
					i += 2;
				} else if (h[i] == '"') {
					closed = true;
					i++;
					break;
				} else {
					buf_putc(&v, h[i++]);
				}
			}
			if (!closed || v.overflow) {
				buf_free(&v);
				return NULL;
			}
			val = arena_strndup(a, v.data ? v.data : "", v.len);
			buf_free(&v);
			while (i < hn && h[i] != ';')
				i++;
		} else {
			size_t vs = i;
			while (i < hn && h[i] != ';')
				i++;
			size_t ve = i;
			while (ve > vs && (h[ve - 1] == ' ' || h[ve - 1] == '\t'))
				ve--;
			val = arena_strndup(a, h + vs, ve - vs);
		}
		if (ke - ks == nl && strncasecmp(h + ks, name, nl) == 0)
			return val;
	}
	return NULL;
}

static const char *memmem_s(const char *h, size_t hn, const char *n, size_t nn)
{
	return memmem(h, hn, n, nn);
}

bool parse_multipart(arena *a, const char *ctype, const char *body, size_t n,
                     struct kvlist *form, struct upload **files, size_t *nfiles,
                     size_t max_parts)
{
	char *bnd = header_param(a, ctype, strlen(ctype), "boundary");
	if (!bnd || !*bnd || strlen(bnd) > 200)
		return false;
	char *delim = arena_printf(a, "--%s", bnd);
	size_t dl = strlen(delim);
	struct upload *fl = NULL;
	size_t nf = 0, fa = 0, parts = 0;

	/* the body starts with the first delimiter (a preamble is allowed) */
	const char *p = memmem_s(body, n, delim, dl);
	if (!p)
		return false;
	const char *end = body + n;
	for (;;) {
		p += dl;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break; /* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return false;
		p += 2;
		if (++parts > max_parts)
			return false;
		/* headers until the blank line; searching from the CRLF that
		 * ended the delimiter line finds an empty header block too */
		const char *hend = memmem_s(p - 2, (size_t)(end - p + 2), "\r\n\r\n", 4);
		if (!hend || hend == p - 2)
			return false; /* a part without headers has no name */
		char *name = NULL, *filename = NULL, *pctype = NULL;
		const char *h = p;
		while (h < hend) {
			const char *le = memmem_s(h, (size_t)(hend - h), "\r\n", 2);
			if (!le)
				le = hend;
			size_t ln = (size_t)(le - h);
			if (ln > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
				name = header_param(a, h + 20, ln - 20, "name");
				filename = header_param(a, h + 20, ln - 20, "filename");
			} else if (ln > 13 && strncasecmp(h, "Content-Type:", 13) == 0) {
				const char *v = h + 13;
				while (v < le && (*v == ' ' || *v == '\t'))
					v++;
				pctype = arena_strndup(a, v, (size_t)(le - v));
			}
			h = le + 2;
		}
		const char *data = hend + 4;
		/* data ends at CRLF + delimiter */
		char *crdelim = arena_printf(a, "\r\n%s", delim);
		const char *next = memmem_s(data, (size_t)(end - data), crdelim, dl + 2);
		if (!next)
			return false;
		if (!name || !*name)
			return false;
		size_t dlen = (size_t)(next - data);
		if (filename) {
			if (nf == fa) {
				size_t na = fa ? fa * 2 : 4;
				struct upload *nfl = arena_alloc(a, na * sizeof *nfl);
				if (nf)
					memcpy(nfl, fl, nf * sizeof *nfl);
				fl = nfl;
				fa = na;
			}
			fl[nf].field = name;
			fl[nf].filename = filename;
			fl[nf].ctype = pctype ? pctype : "application/octet-stream";
			fl[nf].data = arena_strndup(a, data, dlen);
			fl[nf].len = dlen;
			nf++;
		} else {
			if (memchr(data, 0, dlen) || !utf8_valid(data, dlen))
				return false;
			if (form->n >= MAX_PARAMS)
				return false;
			kv_add(a, form, name, arena_strndup(a, data, dlen));
		}
		p = next + 2;
	}
	*files = fl;
	*nfiles = nf;
	return true;
}

bool req_parse_target(struct req *r, const char *uri)
{
	/* origin-form only: "/path?query"; the path is %-decoded (not '+'),
	 * must be UTF-8 without NUL; the query goes through the form parser */
	if (!uri || uri[0] != '/')
		return false;
	const char *q = strchr(uri, '?');
	size_t pl = q ? (size_t)(q - uri) : strlen(uri);
	const char *hash = memchr(uri, '#', pl);
	if (hash)
		pl = (size_t)(hash - uri);
	bool ok;
	char *path = url_decode(&r->a, uri, pl, false, &ok);
	if (!ok)
		return false;
	/* a decoded NUL would silently shorten the path: refuse %00 */
	for (size_t i = 0; i + 2 < pl; i++)
		if (uri[i] == '%' && uri[i + 1] == '0' && uri[i + 2] == '0')
			return false;
	r->path = path;
	if (q) {
		const char *qs = q + 1;
		const char *qe = strchr(qs, '#');
		size_t ql = qe ? (size_t)(qe - qs) : strlen(qs);
		if (!parse_urlencoded(&r->a, qs, ql, &r->query))
			return false;
	}
	return true;
}

const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

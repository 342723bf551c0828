/*
 * html.c -- the escaping printf engine and the JSON reply helpers. The
 * only file (with dispatch.c) allowed to touch r->out directly.
 */
#include "html.h"

#include <stdio.h>
#include <string.h>

/* Formats one conversion spec with its va_arg into b. Only the standard
 * conversions GCC's format checking accepts reach here. */
enum esc_mode { ESC_NONE, ESC_HTML, ESC_URL };

static void html_vfmt(buf *b, const char *fmt, va_list ap, enum esc_mode escape)
{
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_puts(b, p);
			break;
		}
		buf_append(b, p, (size_t)(pct - p));
		const char *q = pct + 1;
		if (*q == '%') {
			buf_putc(b, '%');
			p = q + 1;
			continue;
		}
		/* flags, width, precision */
		while (*q == '-' || *q == '+' || *q == ' ' || *q == '#' || *q == '0' || *q == '\'')
			q++;
		bool star_w = false, star_p = false, has_p = false;
		int lit_p = 0;
		if (*q == '*') { star_w = true; q++; } else while (*q >= '0' && *q <= '9') q++;
		if (*q == '.') {
			q++;
			has_p = true;
			if (*q == '*') {
				star_p = true;
				q++;
			} else {
				while (*q >= '0' && *q <= '9')
					lit_p = lit_p * 10 + (*q++ - '0');
			}
		}
		enum { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_J, L_T } len = L_NONE;
		if (q[0] == 'h' && q[1] == 'h') { len = L_HH; q += 2; }
		else if (q[0] == 'l' && q[1] == 'l') { len = L_LL; q += 2; }
		else if (*q == 'h') { len = L_H; q++; }
		else if (*q == 'l') { len = L_L; q++; }
		else if (*q == 'z') { len = L_Z; q++; }
		else if (*q == 'j') { len = L_J; q++; }
		else if (*q == 't') { len = L_T; q++; }
		char conv = *q;
		char spec[32];
		size_t sl = (size_t)(q - pct) + 1;
		if (sl >= sizeof spec)
			sl = sizeof spec - 1;
		memcpy(spec, pct, sl);
		spec[sl] = 0;
		int w = star_w ? va_arg(ap, int) : 0;
		int pr = star_p ? va_arg(ap, int) : 0;
		char tmp[128];
		int n = 0;
		switch (conv) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "";
			size_t sn = strlen(s);
			if (star_p && pr >= 0 && (size_t)pr < sn)
				sn = (size_t)pr;
			else if (has_p && !star_p && (size_t)lit_p < sn)
				sn = (size_t)lit_p;
			if (escape == ESC_HTML)
				esc_html(b, s, sn);
			else if (escape == ESC_URL)
				esc_url(b, s, sn);
			else
				buf_append(b, s, sn);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			if (escape == ESC_HTML)
				esc_html(b, &c, 1);
			else if (escape == ESC_URL)
				esc_url(b, &c, 1);
			else
				buf_putc(b, c);
			break;
		}
		case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
#define FMT_INT(T) do { T v_ = va_arg(ap, T); \
	n = star_w ? (star_p ? snprintf(tmp, sizeof tmp, spec, w, pr, v_) : snprintf(tmp, sizeof tmp, spec, w, v_)) \
	           : (star_p ? snprintf(tmp, sizeof tmp, spec, pr, v_) : snprintf(tmp, sizeof tmp, spec, v_)); } while (0)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			switch (len) {
			case L_LL: FMT_INT(long long); break;
			case L_L: FMT_INT(long); break;
			case L_Z: FMT_INT(size_t); break;
			case L_J: FMT_INT(intmax_t); break;
			case L_T: FMT_INT(ptrdiff_t); break;
			default: FMT_INT(int); break;
			}
			break;
		case 'f': case 'F': case 'g': case 'G': case 'e': case 'E':
			FMT_INT(double);
			break;
		case 'p':
			FMT_INT(void *);
			break;
#pragma GCC diagnostic pop
#undef FMT_INT
		}
		default:
			/* unknown conversion: GCC's format check makes this
			 * unreachable; print nothing rather than guess a type */
			break;
		}
		if (n > 0)
			buf_append(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
		p = *q ? q + 1 : q;
	}
}

void html(struct req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vfmt(&r->out, fmt, ap, ESC_HTML);
	va_end(ap);
}

void html_raw(struct req *r, const char *trusted)
{
	if (trusted)
		buf_puts(&r->out, trusted);
}

char *html_fmt(arena *a, const char *fmt, ...)
{
	buf b;
	buf_init(&b, 0);
	va_list ap;
	va_start(ap, fmt);
	html_vfmt(&b, fmt, ap, ESC_HTML);
	va_end(ap);
	char *s = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return s;
}

char *url_fmt(arena *a, const char *fmt, ...)
{
	/* the same engine as html(), with %s URL-component-encoded */
	buf b;
	buf_init(&b, 0);
	va_list ap;
	va_start(ap, fmt);
	html_vfmt(&b, fmt, ap, ESC_URL);
	va_end(ap);
	char *s = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return s;
}

const char *url_safe(const char *u)
{
	if (!u || !*u)
		return "#";
	if (str_prefix(u, "https://") || str_prefix(u, "http://") || str_prefix(u, "mailto:"))
		return u;
	if (u[0] == '/' && u[1] != '/' && u[1] != '\\')
		return u;
	return "#";
}

void json_reply(struct req *r, int status, json_t *obj)
{
	char *s = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH);
	json_decref(obj);
	buf_reset(&r->out);
	if (s) {
		buf_puts(&r->out, s);
		free(s);
	}
	r->status = status;
	r->resp_ctype = "application/json; charset=utf-8";
	r->answered = true;
}

void json_error(struct req *r, sk_rc rc, const char *message)
{
	json_t *fields = json_object();
	for (size_t i = 0; i < r->nerrors; i++)
		json_object_set_new(fields, r->errors[i].field, json_string(r->errors[i].msg));
	json_t *err = json_pack("{s:s, s:s, s:o}", "code", sk_rc_name(rc), "message",
	                        message ? message : sk_rc_name(rc), "fields", fields);
	json_reply(r, sk_rc_http(rc), json_pack("{s:o}", "error", err));
}

void form_open(struct req *r, const char *action, const char *extra_class)
{
	if (extra_class)
		html(r, "<form method=\"post\" action=\"%s\" class=\"%s\">", action, extra_class);
	else
		html(r, "<form method=\"post\" action=\"%s\">", action);
	html(r, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", csrf_token(r));
}

void form_close(struct req *r) { html(r, "</form>"); }

void reply_bytes(struct req *r, const char *ctype, const void *data, size_t n)
{
	buf_reset(&r->out);
	buf_append(&r->out, data, n);
	r->resp_ctype = ctype;
	r->answered = true;
}

void reply_buf(struct req *r, const char *ctype, buf *b)
{
	size_t cap = r->out.cap;
	buf_free(&r->out);
	r->out = *b;
	r->out.cap = cap;
	if (cap && r->out.len > cap)
		r->out.overflow = true;   /* the dispatcher answers 413-like, as for html() */
	buf_init(b, b->cap);
	r->resp_ctype = ctype;
	r->answered = true;
}

char *reply_take_body(struct req *r, size_t *len)
{
	*len = r->out.len;
	if (!r->out.data || !r->out.len)
		return NULL;
	return buf_detach(&r->out);
}

void reply_reset(struct req *r)
{
	buf_reset(&r->out);
	r->resp_headers.n = 0;
	r->answered = false;
}

char *url_path(arena *a, const char *path)
{
	/* like esc_url per segment, keeping the '/' separators */
	buf b;
	buf_init(&b, 0);
	for (const char *p = path; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		esc_url(&b, p, n);
		if (!e)
			break;
		buf_putc(&b, '/');
		p = e + 1;
	}
	char *out = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return out;
}

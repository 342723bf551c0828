/*
 * dsn.c -- the bounce reader of dsn.h, on GMime 3 (libgmime-3.0). GMime
 * does the MIME: the message and its parts are parsed from a memory
 * stream (nesting, boundaries, header unfolding, case-insensitive header
 * names, Content-Type parameters), transfer encodings are undone by its
 * decoding filters, each per-recipient group of a delivery-status body is
 * read by its header parser, and the addresses of Delivered-To,
 * X-Original-To, To, ... and of Final-/Original-Recipient by its address
 * parser. GMime allocates on glib's heap, outside the caller's arena;
 * every object is released before dsn_parse returns.
 *
 * Left here, because no MIME library does them: splitting a
 * delivery-status body into its groups at empty lines (RFC 3464 section
 * 2.1), choosing the worst group, finding an enhanced status code or SMTP
 * reply code in text, the VERP token, and cleaning what is kept: nothing
 * read from the input is kept but printable ASCII.
 *
 * What counts (docs/operations.md, "Bounces"):
 *   - an RFC 3464 report (multipart/report; report-type=delivery-status,
 *     or a message/delivery-status part anywhere up to 4 levels deep):
 *     of its per-recipient groups (the first MAX_GROUPS) the worst one
 *     (failed > delayed > delivered/relayed/expanded) with its Status,
 *     Action, Final-/Original-Recipient and Diagnostic-Code; a missing
 *     Action is taken from the status class, a missing Status from the
 *     diagnostic (an enhanced code in it, else its SMTP reply code:
 *     550 -> 5.0.0);
 *   - a plain bounce (no such part): the first enhanced status code
 *     4.x.x / 5.x.x in its first text/plain part, else the first SMTP
 *     reply code 4xx / 5xx that starts a line or follows ": ", and the
 *     line it is on;
 *   - an auto-reply (Auto-Submitted: auto-replied, and no status found:
 *     MTAs put the header on their bounces too) is never a bounce.
 */
#include "dsn.h"

#include <ctype.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <string.h>

#define MAX_DEPTH 4
#define MAX_DELIMITERS 512 /* boundary lines read of one message (delimiter_cap) */
#define MAX_GROUPS 100   /* per-recipient groups read of one report; ours have one */

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;
static void gmime_start(void) { g_mime_init(); }

static bool ci_prefix(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	return n >= k && g_ascii_strncasecmp(p, lit, k) == 0;
}

/* ---- codes ------------------------------------------------------------------ */

static size_t digits(const char *s, size_t n, size_t i)
{
	size_t k = 0;
	while (i + k < n && s[i + k] >= '0' && s[i + k] <= '9')
		k++;
	return k;
}

/* An enhanced status code (RFC 3463) at s[i]: class [245], 1-3 digits,
 * 1-3 digits, not inside a longer number or dotted run. Its length, or 0. */
static size_t code_at(const char *s, size_t n, size_t i)
{
	if (i >= n || (s[i] != '2' && s[i] != '4' && s[i] != '5'))
		return 0;
	if (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '.'))
		return 0;
	if (i + 1 >= n || s[i + 1] != '.')
		return 0;
	size_t d1 = digits(s, n, i + 2);
	if (d1 < 1 || d1 > 3 || i + 2 + d1 >= n || s[i + 2 + d1] != '.')
		return 0;
	size_t d2 = digits(s, n, i + 3 + d1);
	if (d2 < 1 || d2 > 3)
		return 0;
	size_t end = i + 3 + d1 + d2;
	if (end < n && (s[end] == '.' || (s[end] >= '0' && s[end] <= '9')))
		return 0;
	return end - i;
}

/* The first enhanced code of class 4 or 5 (or any class when any) in
 * s[0..n): copied into out, *at its offset. */
static bool find_code(const char *s, size_t n, bool any, char out[16], size_t *at)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = code_at(s, n, i);
		if (k && k < 16 && (any || s[i] != '2')) {
			memcpy(out, s + i, k);
			out[k] = 0;
			if (at)
				*at = i;
			return true;
		}
	}
	return false;
}

/* The first SMTP reply code 4xx/5xx that starts a line or follows ": "
 * or "; " and is followed by a space or '-': its class digit, *at its
 * offset; 0 when none. */
static char find_smtp(const char *s, size_t n, size_t *at)
{
	for (size_t i = 0; i + 3 < n; i++) {
		if ((s[i] != '4' && s[i] != '5') || s[i + 1] < '0' || s[i + 1] > '5' || s[i + 2] < '0' || s[i + 2] > '9')
			continue;
		if (s[i + 3] != ' ' && s[i + 3] != '-')
			continue;
		bool start = i == 0 || s[i - 1] == '\n' ||
		             (i >= 2 && s[i - 1] == ' ' && (s[i - 2] == ':' || s[i - 2] == ';'));
		if (!start)
			continue;
		*at = i;
		return s[i];
	}
	return 0;
}

/* s[0..n) into dst[cap] as printable ASCII: control characters and
 * space runs as one space, trimmed, other bytes >= 0x80 as '?'. */
static void copy_clean(char *dst, size_t cap, const char *s, size_t n)
{
	size_t o = 0;
	bool space = true;   /* drops leading spaces and runs */
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7f) {
			if (!space)
				dst[o++] = ' ';
			space = true;
			continue;
		}
		dst[o++] = c >= 0x80 ? '?' : (char)c;
		space = false;
	}
	while (o && dst[o - 1] == ' ')
		o--;
	dst[o] = 0;
}

/* The line of s[0..n) around offset at. */
static void line_around(const char *s, size_t n, size_t at, char *dst, size_t cap)
{
	size_t b = at, e = at;
	while (b > 0 && s[b - 1] != '\n')
		b--;
	while (e < n && s[e] != '\n')
		e++;
	copy_clean(dst, cap, s + b, e - b);
}

/* ---- the VERP token ---------------------------------------------------------- */

bool dsn_find_token(const char *s, size_t n, char tok[DSN_TOKEN_HEX + 1])
{
	static const char pre[] = DSN_VERP_LOCAL "+";
	size_t k = sizeof pre - 1;
	for (size_t i = 0; s && i + k + DSN_TOKEN_HEX < n; i++) {
		if (!ci_prefix(s + i, n - i, pre))
			continue;
		size_t j = i + k, h = 0;
		while (j + h < n && h <= DSN_TOKEN_HEX && isxdigit((unsigned char)s[j + h]))
			h++;
		if (h != DSN_TOKEN_HEX || j + h >= n || s[j + h] != '@')
			continue;
		for (size_t m = 0; m < DSN_TOKEN_HEX; m++)
			tok[m] = (char)tolower((unsigned char)s[j + m]);
		tok[DSN_TOKEN_HEX] = 0;
		return true;
	}
	return false;
}

/* ---- addresses (GMime's parser) --------------------------------------------- */

/* The first mailbox of an address list (groups looked into) with a VERP
 * token, into tok; or, with tok NULL, the first mailbox at all, into
 * dst[cap]. */
static bool addr_pick(InternetAddressList *l, char tok[DSN_TOKEN_HEX + 1], char *dst, size_t cap, int depth)
{
	int n = l ? internet_address_list_length(l) : 0;
	for (int i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			if (depth == 0 && addr_pick(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), tok, dst,
			                            cap, 1))
				return true;
			continue;
		}
		const char *addr = INTERNET_ADDRESS_IS_MAILBOX(ia) ? internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)) : NULL;
		if (!addr || !*addr)
			continue;
		if (!tok) {
			copy_clean(dst, cap, addr, strlen(addr));
			return true;
		}
		if (dsn_find_token(addr, strlen(addr), tok))
			return true;
	}
	return false;
}

/* A VERP token in the addresses of header value v (raw, folded). */
static bool token_in_header(const char *v, char tok[DSN_TOKEN_HEX + 1])
{
	InternetAddressList *l = internet_address_list_parse(NULL, v);
	bool found = addr_pick(l, tok, NULL, 0, 0);
	if (l)
		g_object_unref(l);
	return found;
}

/* The address of a recipient field "rfc822; user@host" (RFC 3464
 * section 2.3.2): GMime's reading of an rfc822 address, else the text
 * after the type as it is. */
static void recipient_of(const char *v, char *dst, size_t cap)
{
	const char *semi = strchr(v, ';');
	const char *p = semi ? semi + 1 : v;
	if (!semi || ci_prefix(v, (size_t)(semi - v), "rfc822")) {
		InternetAddressList *l = internet_address_list_parse(NULL, p);
		bool ok = addr_pick(l, NULL, dst, cap, 0);
		if (l)
			g_object_unref(l);
		if (ok)
			return;
	}
	while (*p == ' ' || *p == '\t' || *p == '<')
		p++;
	copy_clean(dst, cap, p, strcspn(p, "> \t"));
}

/* ---- the walk ------------------------------------------------------------- */

struct walk {
	struct dsn_report *out;
	int best;                 /* rank of the recipient group taken: 3 failed, 2 delayed, 1 delivered */
	GMimeStream *text;        /* the first text/plain part, decoded (for a plain bounce) */
};

static int action_rank(const char *act)
{
	if (str_eq(act, "failed"))
		return 3;
	if (str_eq(act, "delayed"))
		return 2;
	if (str_eq(act, "delivered") || str_eq(act, "relayed") || str_eq(act, "expanded"))
		return 1;
	return 0;
}

/* One per-recipient group of a delivery-status body, given its fields
 * (headers of the part GMime read from it). */
static void status_group(struct walk *w, GMimeObject *g)
{
	const char *act = g_mime_object_get_header(g, "Action");
	const char *st = g_mime_object_get_header(g, "Status");
	const char *diag = g_mime_object_get_header(g, "Diagnostic-Code");
	const char *fr = g_mime_object_get_header(g, "Final-Recipient");
	const char *orr = g_mime_object_get_header(g, "Original-Recipient");
	if (!act && !st && !fr)
		return;   /* the per-message group (Reporting-MTA, Arrival-Date, ...) */
	char code[16] = "";
	if (st)
		find_code(st, strlen(st), true, code, NULL);
	if (!*code && diag && !find_code(diag, strlen(diag), true, code, NULL)) {
		size_t at;
		char c = find_smtp(diag, strlen(diag), &at);
		if (!c) {   /* "smtp; 550 ..." has the code after "; " or at the start */
			const char *p = strchr(diag, ';');
			p = p ? p + 1 : diag;
			while (*p == ' ')
				p++;
			if ((p[0] == '4' || p[0] == '5') && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
			    !isdigit((unsigned char)p[3]))
				c = p[0];
		}
		if (c)
			snprintf(code, sizeof code, "%c.0.0", c);
	}
	char a[16] = "";
	if (act)
		copy_clean(a, sizeof a, act, strcspn(act, " \t("));
	for (char *p = a; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (!*a && *code)
		snprintf(a, sizeof a, "%s", code[0] == '5' ? "failed" : code[0] == '4' ? "delayed" : "delivered");
	int rank = action_rank(a);
	if (rank <= w->best)
		return;
	w->best = rank;
	struct dsn_report *o = w->out;
	snprintf(o->action, sizeof o->action, "%s", a);
	snprintf(o->status, sizeof o->status, "%s", code);
	o->kind = rank == 3 ? DSN_FAILED : rank == 2 ? DSN_DELAYED : DSN_DELIVERED;
	o->recipient[0] = 0;
	if (orr)
		recipient_of(orr, o->recipient, sizeof o->recipient);
	if (!o->recipient[0] && fr)
		recipient_of(fr, o->recipient, sizeof o->recipient);
	o->diag[0] = 0;
	if (diag)
		copy_clean(o->diag, sizeof o->diag, diag, strlen(diag));
	else if (st)
		copy_clean(o->diag, sizeof o->diag, st, strlen(st));
}

/* Group s[0..n) read by GMime's header parser. */
static void parse_group(struct walk *w, const char *s, size_t n)
{
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(s, n);
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeObject *g = g_mime_parser_construct_part(p, NULL);
	if (g) {
		status_group(w, g);
		g_object_unref(g);
	}
	g_object_unref(p);
	g_object_unref(st);
}

/* A delivery-status body (decoded): groups of fields separated by empty
 * lines. */
static void status_body(struct walk *w, const char *s, size_t n)
{
	size_t start = 0, i = 0;
	int groups = 0;
	while (groups < MAX_GROUPS) {
		const char *nl = i < n ? memchr(s + i, '\n', n - i) : NULL;
		size_t end = nl ? (size_t)(nl - s) : n, le = end;
		if (le > i && s[le - 1] == '\r')
			le--;
		if (le == i || !nl) {   /* an empty line, or the end */
			size_t gend = nl ? i : n;
			if (gend > start) {
				parse_group(w, s + start, gend - start);
				groups++;
			}
			start = end + 1;
		}
		if (!nl)
			break;
		i = end + 1;
	}
}

/* A leaf part's content with its transfer encoding undone (GMime's
 * decoding filters): a new memory stream the caller unrefs; NULL when
 * the part has no content. */
static GMimeStream *decoded(GMimeObject *o)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(GMIME_PART(o));
	if (!dw)
		return NULL;
	GMimeStream *out = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(dw, out) < 0) {
		g_object_unref(out);
		return NULL;
	}
	return out;
}

static GByteArray *bytes_of(GMimeStream *s) { return g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s)); }

/* The parts down to MAX_DEPTH (GMime nests further; g_mime_message_foreach
 * would not stop there, nor tell the depth). message/rfc822 parts (the
 * returned original) are not looked into. */
static void walk_part(struct walk *w, GMimeObject *o, int depth)
{
	if (!o || depth > MAX_DEPTH)
		return;
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	if (GMIME_IS_MULTIPART(o)) {
		if (ct && g_mime_content_type_is_type(ct, "multipart", "report")) {
			const char *rt = g_mime_content_type_get_parameter(ct, "report-type");
			if (rt && str_ieq(rt, "delivery-status"))
				w->out->is_dsn = true;
		}
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++)
			walk_part(w, g_mime_multipart_get_part(mp, i), depth + 1);
		return;
	}
	if (!GMIME_IS_PART(o) || !ct)
		return;
	if (g_mime_content_type_is_type(ct, "message", "delivery-status") ||
	    g_mime_content_type_is_type(ct, "message", "global-delivery-status")) {
		w->out->is_dsn = true;
		GMimeStream *s = decoded(o);
		if (s) {
			GByteArray *b = bytes_of(s);
			status_body(w, (const char *)b->data, b->len);
			g_object_unref(s);
		}
	} else if (g_mime_content_type_is_type(ct, "text", "plain") && !w->text) {
		w->text = decoded(o);
	}
}

static void plain_bounce(struct walk *w)
{
	struct dsn_report *o = w->out;
	GByteArray *b = bytes_of(w->text);
	const char *t = (const char *)b->data;
	size_t n = b->len, at = 0;
	char code[16];
	if (find_code(t, n, false, code, &at)) {
		snprintf(o->status, sizeof o->status, "%s", code);
	} else {
		char c = find_smtp(t, n, &at);
		if (!c)
			return;
		snprintf(o->status, sizeof o->status, "%c.0.0", c);
	}
	o->kind = o->status[0] == '5' ? DSN_FAILED : DSN_DELAYED;
	snprintf(o->action, sizeof o->action, "%s", o->kind == DSN_FAILED ? "failed" : "delayed");
	line_around(t, n, at, o->diag, sizeof o->diag);
}

/* Where the VERP address may be: the envelope recipient, the addresses
 * of the delivery headers, else anywhere in the bytes (the returned
 * headers, Original-Envelope-Id, the text). */
static void find_verp(GMimeMessage *m, const char *msg, size_t len, const char *envelope_rcpt, struct dsn_report *out)
{
	if (envelope_rcpt && dsn_find_token(envelope_rcpt, strlen(envelope_rcpt), out->token))
		out->token_from = "recipient";
	static const char *const hn[] = {"Delivered-To", "X-Original-To", "To", "Envelope-To", "X-Envelope-To"};
	GMimeHeaderList *hl = m ? g_mime_object_get_header_list(GMIME_OBJECT(m)) : NULL;
	int nh = hl ? g_mime_header_list_get_count(hl) : 0;
	for (size_t i = 0; !*out->token && i < SK_ARRAY_LEN(hn); i++)
		for (int k = 0, seen = 0; k < nh && seen < 20 && !*out->token; k++) {
			GMimeHeader *h = g_mime_header_list_get_header_at(hl, k);
			const char *v = g_mime_header_get_raw_value(h);
			if (g_ascii_strcasecmp(g_mime_header_get_name(h), hn[i]) != 0 || !v)
				continue;
			seen++;
			if (token_in_header(v, out->token))
				out->token_from = hn[i];
		}
	if (!*out->token && dsn_find_token(msg, len, out->token))
		out->token_from = "body";
}

/* GMime builds an object for every part it finds: a megabyte of empty
 * parts (200,000 of them) costs it a second and over 250 MB. A report has
 * a handful (the returned message may bring its own few), so the input
 * is cut before the MAX_DELIMITERS-th line that could be a boundary. */
static size_t delimiter_cap(const char *msg, size_t len)
{
	size_t seen = 0;
	for (const char *p = msg, *end = msg + len; p && p + 2 < end; p = memchr(p, '\n', (size_t)(end - p))) {
		if (*p == '\n')
			p++;
		if (p + 2 <= end && p[0] == '-' && p[1] == '-' && ++seen >= MAX_DELIMITERS)
			return (size_t)(p - msg);
	}
	return len;
}

void dsn_parse(arena *a, const char *msg, size_t len, const char *envelope_rcpt, struct dsn_report *out)
{
	(void)a;
	memset(out, 0, sizeof *out);
	out->token_from = "";
	if (!msg)
		msg = "", len = 0;
	if (len > DSN_INPUT_CAP)
		len = DSN_INPUT_CAP;
	len = delimiter_cap(msg, len);
	pthread_once(&gmime_once, gmime_start);
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(msg, len);
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);

	find_verp(m, msg, len, envelope_rcpt, out);
	struct walk w = {out, 0, NULL};
	if (m)
		walk_part(&w, g_mime_message_get_mime_part(m), 0);
	if (w.best == 0) {
		out->kind = DSN_NONE;
		if (w.text && !out->is_dsn)
			plain_bounce(&w);
	}
	/* MTAs mark their bounces auto-replied too (Postfix, Exim): the header
	 * only tells a vacation message from a bounce when no status was found */
	const char *as = m ? g_mime_object_get_header(GMIME_OBJECT(m), "Auto-Submitted") : NULL;
	if (out->kind == DSN_NONE && as && ci_prefix(as, strlen(as), "auto-replied"))
		out->auto_reply = true;
	if (w.text)
		g_object_unref(w.text);
	if (m)
		g_object_unref(m);
	g_object_unref(p);
	g_object_unref(st);
}

bool dsn_permanent(const struct dsn_report *d) { return d->kind == DSN_FAILED && d->status[0] == '5'; }

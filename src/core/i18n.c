/*
 * i18n.c -- translations, plural forms, dates, numbers, Lithuanian
 * collation and folding (REQUIREMENTS §7 L1, L2, L3, L7).
 *
 * Catalogs. tools/embed.py compiles po/<lang>/<module>.po into the
 * binary; i18n_init() parses every file with the small .po reader below
 * (no libintl, no .mo files, no setlocale: the language is per request,
 * not per process). All files of one language are merged into one
 * catalog: an array sorted by msgid, searched with bsearch. After
 * i18n_init the catalogs are never written again, so tr()/trn() take no
 * lock. The plural rule of a language is the Plural-Forms header of its
 * first file that has one (compiled into a tiny expression tree), or the
 * built-in rule of L1.
 *
 * ICU. UDateFormat, UNumberFormat, UPluralRules and UCollator objects are
 * not thread-safe for use and are expensive to open, so each thread opens
 * its own lazily and keeps it in a _Thread_local cache; a pthread key
 * destructor closes them when a thread ends. Nothing else is shared.
 *
 * Folding (search, duplicate detection, slugs) is done in C on code
 * points: NFKD decomposition, drop the combining marks, case-fold, and a
 * short table for Latin letters that have no decomposition (ß, ł, ø ...).
 */
#include "i18n.h"
#include "embed.h"
#include "log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/uchar.h>
#include <unicode/ucal.h>
#include <unicode/ucol.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/unorm2.h>
#include <unicode/unum.h>
#include <unicode/upluralrules.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#define PO_MAXFORMS 6          /* msgstr[0..5]: more than any language needs */
#define PO_MAXSTR (64 * 1024)  /* one msgid/msgstr; catalogs are ours, not input */
#define PLURAL_MAXNODES 64

/* ---- languages ---------------------------------------------------------- */

static const char *const lang_codes[LANG__MAX] = {[LANG_LT] = "lt", [LANG_EN] = "en"};
/* en_GB rather than en: day-month-year order and 24-hour time (L3). */
static const char *const icu_locales[LANG__MAX] = {[LANG_LT] = "lt", [LANG_EN] = "en_GB"};
/* L1; also used when a language has no .po file with a header. */
static const char *const default_plural[LANG__MAX] = {
	[LANG_LT] = "nplurals=3; plural=(n%10==1 && (n%100<11 || n%100>19) ? 0 : "
	            "n%10>=2 && n%10<=9 && (n%100<11 || n%100>19) ? 1 : 2);",
	[LANG_EN] = "nplurals=2; plural=(n != 1);",
};
#define GETTEXT_DEFAULT_PLURAL "nplurals=2; plural=(n != 1);"

/* Out-of-range values come from bugs; treat them as the default language
 * rather than index past the tables. */
static enum lang lang_ok(enum lang l) { return (unsigned)l < LANG__MAX ? l : LANG_LT; }

const char *lang_code(enum lang l) { return lang_codes[lang_ok(l)]; }

/* Accepts "lt", "EN", "lt-LT", "en_GB": two letters, optionally followed
 * by a region. */
bool lang_parse(const char *s, enum lang *out)
{
	if (!s || !s[0] || !s[1] || (s[2] && s[2] != '-' && s[2] != '_'))
		return false;
	for (int l = 0; l < LANG__MAX; l++) {
		if ((s[0] | 0x20) == lang_codes[l][0] && (s[1] | 0x20) == lang_codes[l][1]) {
			*out = (enum lang)l;
			return true;
		}
	}
	return false;
}

/* ---- plural expressions ----------------------------------------------
 * "nplurals=3; plural=EXPR;" where EXPR is gettext's C subset: n,
 * decimal numbers, ! * / % + - < > <= >= == != && || ?: and parentheses.
 * Compiled once into nodes and evaluated on unsigned 64-bit values, as
 * gettext does (it uses unsigned long). */

enum pop {
	P_NUM, P_N, P_NOT, P_MUL, P_DIV, P_MOD, P_ADD, P_SUB, P_LT, P_GT, P_LE, P_GE,
	P_EQ, P_NE, P_AND, P_OR, P_COND
};

struct pnode {
	uint8_t op;
	int8_t a, b, c; /* operand node indexes */
	uint64_t v;     /* P_NUM */
};

struct plural_rule {
	int nplurals;
	int root;
	int nnodes;
	struct pnode node[PLURAL_MAXNODES];
	char text[256]; /* the spec without blanks, to compare two headers */
};

struct pparse {
	const char *s;
	struct plural_rule *r;
	int depth;
	bool bad;
};

static void pp_ws(struct pparse *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
		p->s++;
}

/* Consumes tok (after blanks) if it is next; two-character operators
 * are tried before their one-character prefixes by the callers. */
static bool pp_eat(struct pparse *p, const char *tok)
{
	pp_ws(p);
	size_t n = strlen(tok);
	if (strncmp(p->s, tok, n) != 0)
		return false;
	/* "<" must not eat the first half of "<=", "!" not the one of "!=" */
	if (n == 1 && (tok[0] == '<' || tok[0] == '>' || tok[0] == '!') && p->s[1] == '=')
		return false;
	p->s += n;
	return true;
}

static int pp_node(struct pparse *p, int op, int a, int b, int c, uint64_t v)
{
	if (p->bad || a < -1 || b < -1 || c < -1 || p->r->nnodes >= PLURAL_MAXNODES) {
		p->bad = true;
		return -1;
	}
	struct pnode *n = &p->r->node[p->r->nnodes];
	n->op = (uint8_t)op;
	n->a = (int8_t)a;
	n->b = (int8_t)b;
	n->c = (int8_t)c;
	n->v = v;
	return p->r->nnodes++;
}

static int pp_cond(struct pparse *p);

static int pp_primary(struct pparse *p)
{
	pp_ws(p);
	if (*p->s == '(') {
		p->s++;
		int e = pp_cond(p);
		if (!pp_eat(p, ")"))
			p->bad = true;
		return e;
	}
	if (*p->s == 'n') {
		p->s++;
		return pp_node(p, P_N, -1, -1, -1, 0);
	}
	if (*p->s >= '0' && *p->s <= '9') {
		uint64_t v = 0;
		while (*p->s >= '0' && *p->s <= '9') {
			if (v > UINT64_MAX / 10 - 9)
				p->bad = true;
			v = v * 10 + (uint64_t)(*p->s++ - '0');
		}
		return pp_node(p, P_NUM, -1, -1, -1, v);
	}
	p->bad = true;
	return -1;
}

static int pp_unary(struct pparse *p)
{
	if (pp_eat(p, "!")) {
		if (++p->depth > 32) {
			p->bad = true;
			return -1;
		}
		int a = pp_unary(p);
		p->depth--;
		return pp_node(p, P_NOT, a, -1, -1, 0);
	}
	return pp_primary(p);
}

/* One left-associative precedence level: ops[i] maps to codes[i]. */
static int pp_binary(struct pparse *p, int (*next)(struct pparse *), const char *const *ops,
                     const int *codes, int nops)
{
	int l = next(p);
	for (;;) {
		int i;
		for (i = 0; i < nops; i++)
			if (pp_eat(p, ops[i]))
				break;
		if (i == nops || p->bad)
			return l;
		int r = next(p);
		l = pp_node(p, codes[i], l, r, -1, 0);
	}
}

static int pp_mul(struct pparse *p)
{
	static const char *const ops[] = {"*", "/", "%"};
	static const int codes[] = {P_MUL, P_DIV, P_MOD};
	return pp_binary(p, pp_unary, ops, codes, 3);
}

static int pp_add(struct pparse *p)
{
	static const char *const ops[] = {"+", "-"};
	static const int codes[] = {P_ADD, P_SUB};
	return pp_binary(p, pp_mul, ops, codes, 2);
}

static int pp_rel(struct pparse *p)
{
	static const char *const ops[] = {"<=", ">=", "<", ">"};
	static const int codes[] = {P_LE, P_GE, P_LT, P_GT};
	return pp_binary(p, pp_add, ops, codes, 4);
}

static int pp_eq(struct pparse *p)
{
	static const char *const ops[] = {"==", "!="};
	static const int codes[] = {P_EQ, P_NE};
	return pp_binary(p, pp_rel, ops, codes, 2);
}

static int pp_and(struct pparse *p)
{
	static const char *const ops[] = {"&&"};
	static const int codes[] = {P_AND};
	return pp_binary(p, pp_eq, ops, codes, 1);
}

static int pp_or(struct pparse *p)
{
	static const char *const ops[] = {"||"};
	static const int codes[] = {P_OR};
	return pp_binary(p, pp_and, ops, codes, 1);
}

static int pp_cond(struct pparse *p)
{
	if (++p->depth > 32) { /* nesting, not length, bounds the C stack */
		p->bad = true;
		return -1;
	}
	int c = pp_or(p);
	if (pp_eat(p, "?")) {
		int t = pp_cond(p);
		if (!pp_eat(p, ":"))
			p->bad = true;
		int f = pp_cond(p);
		c = pp_node(p, P_COND, c, t, f, 0);
	}
	p->depth--;
	return c;
}

/* Recursion depth is bounded by the node count (64). */
static uint64_t plural_eval(const struct plural_rule *r, int i, uint64_t n)
{
	const struct pnode *x = &r->node[i];
	uint64_t a, b;
	switch (x->op) {
	case P_NUM: return x->v;
	case P_N: return n;
	case P_NOT: return !plural_eval(r, x->a, n);
	case P_AND: return plural_eval(r, x->a, n) && plural_eval(r, x->b, n);
	case P_OR: return plural_eval(r, x->a, n) || plural_eval(r, x->b, n);
	case P_COND: return plural_eval(r, x->a, n) ? plural_eval(r, x->b, n) : plural_eval(r, x->c, n);
	default: break;
	}
	a = plural_eval(r, x->a, n);
	b = plural_eval(r, x->b, n);
	switch (x->op) {
	case P_MUL: return a * b;
	case P_DIV: return b ? a / b : 0;
	case P_MOD: return b ? a % b : 0;
	case P_ADD: return a + b;
	case P_SUB: return a - b;
	case P_LT: return a < b;
	case P_GT: return a > b;
	case P_LE: return a <= b;
	case P_GE: return a >= b;
	case P_EQ: return a == b;
	case P_NE: return a != b;
	default: return 0;
	}
}

static int plural_apply(const struct plural_rule *r, int64_t n)
{
	/* gettext takes unsigned long; a negative count reads as its size */
	uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	uint64_t i = plural_eval(r, r->root, u);
	return i < (uint64_t)r->nplurals ? (int)i : 0;
}

/* Compiles a Plural-Forms value into r. Returns false with a reason in
 * err when the text is not a valid rule or yields an index >= nplurals. */
static bool plural_compile(struct plural_rule *r, const char *spec, char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	struct pparse p = {.s = spec, .r = r};
	size_t k = 0;
	for (const char *s = spec; *s && k + 1 < sizeof r->text; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			r->text[k++] = *s;

	uint64_t np = 0;
	if (!pp_eat(&p, "nplurals") || !pp_eat(&p, "="))
		goto bad;
	pp_ws(&p);
	if (*p.s < '1' || *p.s > '9')
		goto bad;
	while (*p.s >= '0' && *p.s <= '9' && np < 100)
		np = np * 10 + (uint64_t)(*p.s++ - '0');
	if (np < 1 || np > PO_MAXFORMS) {
		snprintf(err, errlen, "nplurals=%d is outside 1..%d", (int)np, PO_MAXFORMS);
		return false;
	}
	r->nplurals = (int)np;
	if (!pp_eat(&p, ";") || !pp_eat(&p, "plural") || !pp_eat(&p, "="))
		goto bad;
	r->root = pp_cond(&p);
	pp_eat(&p, ";");
	pp_ws(&p);
	if (p.bad || r->root < 0 || *p.s)
		goto bad;
	/* A rule that can select a form that does not exist would index past
	 * msgstr[]; the pattern of every rule in use repeats within 1000. */
	for (uint64_t n = 0; n <= 1000; n++) {
		if (plural_eval(r, r->root, n) >= np) {
			snprintf(err, errlen, "plural rule gives %llu for n=%llu (nplurals=%d)",
			         (unsigned long long)plural_eval(r, r->root, n),
			         (unsigned long long)n, (int)np);
			return false;
		}
	}
	return true;
bad:
	snprintf(err, errlen, "cannot parse Plural-Forms \"%s\"", spec);
	return false;
}

/* Plural rules of L1 in C, for use before i18n_init has compiled the
 * catalogs' rules (e.g. a log line written while starting). */
static int plural_builtin(enum lang l, int64_t n)
{
	uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	if (l == LANG_EN)
		return u != 1;
	uint64_t d = u % 10, h = u % 100;
	bool teen = h >= 11 && h <= 19;
	return d == 1 && !teen ? 0 : d >= 2 && d <= 9 && !teen ? 1 : 2;
}

/* ---- catalogs ---------------------------------------------------------- */

struct po_entry {
	const char *id;     /* msgctxt "\004" msgid when the entry has a context */
	const char *plural; /* msgid_plural, or NULL */
	const char *form[PO_MAXFORMS];
	uint32_t nforms;
	uint32_t seq;       /* load order: the first definition of an id wins */
};

struct po_catalog {
	arena mem;          /* strings of the entries; dies with the catalog */
	struct po_entry *v; /* heap, sorted by id after po_finish */
	size_t n, alloc;
	uint32_t seq;
	bool has_rule;
	const char *rule_from; /* file that gave the rule; read only while loading */
	struct plural_rule rule;
};

static po_catalog *po_new(void)
{
	po_catalog *c = xcalloc(1, sizeof *c);
	arena_init(&c->mem, 0);
	return c;
}

void po_free(po_catalog *c)
{
	if (!c)
		return;
	arena_free(&c->mem);
	free(c->v);
	free(c);
}

static int entry_cmp(const void *x, const void *y)
{
	const struct po_entry *a = x, *b = y;
	int r = strcmp(a->id, b->id);
	return r ? r : (a->seq > b->seq) - (a->seq < b->seq);
}

/* Sorts the entries and drops later duplicates; gives the catalog the
 * gettext default rule when no header had one. */
static void po_finish(po_catalog *c, const char *fallback_rule, const char *what)
{
	if (!c->has_rule) {
		char err[160];
		if (!plural_compile(&c->rule, fallback_rule, err, sizeof err))
			sk_die("i18n: built-in plural rule: %s", err);
		c->has_rule = true;
	}
	if (c->n)
		qsort(c->v, c->n, sizeof *c->v, entry_cmp);
	size_t w = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (w && strcmp(c->v[w - 1].id, c->v[i].id) == 0) {
			/* Two modules may both translate "Save"; only a different
			 * translation is worth a warning (tools/po-check.sh fails on
			 * it at build time). */
			if (strcmp(c->v[w - 1].form[0], c->v[i].form[0]) != 0)
				log_warn("i18n_duplicate", "catalog", what, "msgid", c->v[i].id, NULL);
			continue;
		}
		c->v[w++] = c->v[i];
	}
	c->n = w;
}

static const struct po_entry *po_find(const po_catalog *c, const char *id)
{
	if (!c || !c->n || !id)
		return NULL;
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(id, c->v[mid].id);
		if (!r)
			return &c->v[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *po_get(const po_catalog *c, const char *msgid, int form)
{
	const struct po_entry *e = po_find(c, msgid);
	if (!e || form < 0 || (uint32_t)form >= e->nforms || !e->form[form][0])
		return NULL;
	return e->form[form];
}

int po_plural(const po_catalog *c, int64_t n) { return plural_apply(&c->rule, n); }
int po_nplurals(const po_catalog *c) { return c->rule.nplurals; }
size_t po_count(const po_catalog *c) { return c ? c->n : 0; }

/* ---- the .po reader ---------------------------------------------------
 * Line by line. An entry is [msgctxt] msgid [msgid_plural] msgstr... ;
 * it ends where the next entry or a comment begins, or at the end of the
 * file. "#, fuzzy" drops the entry that follows; "#~" obsolete entries
 * are comments. Strings are C literals, possibly continued on the
 * following lines. */

struct po_parser {
	po_catalog *c;
	const char *name;
	int line, entry_line;
	char *err;
	size_t errlen;
	/* the entry being read */
	buf ctxt, id, plural, str[PO_MAXFORMS];
	bool has_ctxt, has_id, has_plural, fuzzy;
	int nstr;
	buf *target; /* where a continuation line goes */
};

static bool perr(struct po_parser *p, int line, const char *fmt, ...) SK_PRINTF(3, 4);
static bool perr(struct po_parser *p, int line, const char *fmt, ...)
{
	int k = snprintf(p->err, p->errlen, "%s:%d: ", p->name, line);
	if (k >= 0 && (size_t)k < p->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(p->err + k, p->errlen - (size_t)k, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* Value of header field `name` ("Plural-Forms") into out; false if absent. */
static bool header_field(const char *hdr, const char *name, char *out, size_t outlen)
{
	size_t nl = strlen(name);
	for (const char *s = hdr; *s;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len > nl && strncasecmp(s, name, nl) == 0 && s[nl] == ':') {
			const char *v = s + nl + 1;
			size_t vl = len - nl - 1;
			while (vl && (*v == ' ' || *v == '\t'))
				v++, vl--;
			while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t' || v[vl - 1] == '\r'))
				vl--;
			snprintf(out, outlen, "%.*s", (int)vl, v);
			return true;
		}
		s += len + (e ? 1 : 0);
	}
	return false;
}

static bool po_header(struct po_parser *p, const char *hdr)
{
	char v[512];
	if (header_field(hdr, "Content-Type", v, sizeof v)) {
		const char *cs = strcasestr(v, "charset=");
		if (cs && strncasecmp(cs + 8, "UTF-8", 5) != 0)
			return perr(p, p->entry_line, "charset must be UTF-8, not \"%s\"", cs + 8);
	}
	if (!header_field(hdr, "Plural-Forms", v, sizeof v))
		return true;
	struct plural_rule r;
	char why[200];
	if (!plural_compile(&r, v, why, sizeof why))
		return perr(p, p->entry_line, "%s", why);
	if (!p->c->has_rule) {
		p->c->rule = r;
		p->c->has_rule = true;
		p->c->rule_from = p->name;
	} else if (strcmp(r.text, p->c->rule.text) != 0) {
		log_warn("i18n_plural_forms_differ", "file", p->name, "kept", p->c->rule_from, NULL);
	}
	return true;
}

static char *po_keep(struct po_parser *p, buf *b)
{
	return arena_strndup(&p->c->mem, buf_cstr(b), b->len);
}

/* Adds the finished entry to the catalog (or reads it as the header). */
static bool po_accept(struct po_parser *p)
{
	buf *all[3 + PO_MAXFORMS] = {&p->ctxt, &p->id, &p->plural};
	for (int i = 0; i < p->nstr; i++)
		all[3 + i] = &p->str[i];
	for (int i = 0; i < 3 + p->nstr; i++) {
		if (all[i]->overflow)
			return perr(p, p->entry_line, "string longer than %d bytes", PO_MAXSTR);
		if (!utf8_valid(buf_cstr(all[i]), all[i]->len))
			return perr(p, p->entry_line, "string is not valid UTF-8 (or contains NUL)");
	}
	if (!p->has_ctxt && p->id.len == 0) {
		if (p->has_plural)
			return perr(p, p->entry_line, "header entry with msgid_plural");
		return po_header(p, buf_cstr(&p->str[0]));
	}
	if (p->fuzzy)
		return true;
	bool any = false;
	for (int i = 0; i < p->nstr; i++)
		any |= p->str[i].len > 0;
	if (!any)
		return true; /* untranslated: tr() falls back to the msgid */

	po_catalog *c = p->c;
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 64;
		c->v = xrealloc(c->v, c->alloc * sizeof *c->v);
	}
	struct po_entry *e = &c->v[c->n++];
	memset(e, 0, sizeof *e);
	if (p->has_ctxt) { /* gettext's key for pgettext: ctxt EOT msgid */
		char *k = arena_alloc(&c->mem, p->ctxt.len + 1 + p->id.len + 1);
		memcpy(k, buf_cstr(&p->ctxt), p->ctxt.len);
		k[p->ctxt.len] = '\004';
		memcpy(k + p->ctxt.len + 1, buf_cstr(&p->id), p->id.len);
		e->id = k;
	} else {
		e->id = po_keep(p, &p->id);
	}
	e->plural = p->has_plural ? po_keep(p, &p->plural) : NULL;
	for (int i = 0; i < p->nstr; i++)
		e->form[i] = po_keep(p, &p->str[i]);
	e->nforms = (uint32_t)p->nstr;
	e->seq = c->seq++;
	return true;
}

/* Ends the current entry, if any, and starts a new empty one. */
static bool po_flush(struct po_parser *p)
{
	bool ok = true;
	if (p->has_id || p->has_ctxt) {
		if (!p->nstr)
			ok = perr(p, p->entry_line, "msgid without msgstr");
		else
			ok = po_accept(p);
	}
	buf_reset(&p->ctxt);
	buf_reset(&p->id);
	buf_reset(&p->plural);
	for (int i = 0; i < PO_MAXFORMS; i++)
		buf_reset(&p->str[i]);
	p->has_ctxt = p->has_id = p->has_plural = p->fuzzy = false;
	p->nstr = 0;
	p->target = NULL;
	return ok;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Parses one or more "..." literals from s..e (the rest of a line) and
 * appends their decoded bytes to out. */
static bool po_strings(struct po_parser *p, const char *s, const char *e, buf *out)
{
	int count = 0;
	for (;;) {
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s == e)
			break;
		if (*s != '"')
			return perr(p, p->line, "expected a \"string\"");
		s++;
		for (;;) {
			if (s == e)
				return perr(p, p->line, "unterminated string");
			char ch = *s++;
			if (ch == '"')
				break;
			if (ch != '\\') {
				buf_putc(out, ch);
				continue;
			}
			if (s == e)
				return perr(p, p->line, "unterminated string");
			ch = *s++;
			int v;
			switch (ch) {
			case 'n': buf_putc(out, '\n'); break;
			case 't': buf_putc(out, '\t'); break;
			case 'r': buf_putc(out, '\r'); break;
			case 'a': buf_putc(out, '\a'); break;
			case 'b': buf_putc(out, '\b'); break;
			case 'f': buf_putc(out, '\f'); break;
			case 'v': buf_putc(out, '\v'); break;
			case '\\': case '"': case '\'': case '?': buf_putc(out, ch); break;
			case 'x':
				if (s == e || hexval(*s) < 0)
					return perr(p, p->line, "\\x without hex digits");
				v = 0;
				while (s < e && hexval(*s) >= 0) {
					v = v * 16 + hexval(*s++);
					if (v > 255)
						return perr(p, p->line, "\\x escape out of range");
				}
				if (!v)
					return perr(p, p->line, "NUL in string");
				buf_putc(out, (char)v);
				break;
			default:
				if (ch < '0' || ch > '7')
					return perr(p, p->line, "unknown escape \\%c", ch);
				v = ch - '0';
				for (int k = 0; k < 2 && s < e && *s >= '0' && *s <= '7'; k++)
					v = v * 8 + (*s++ - '0');
				if (!v || v > 255)
					return perr(p, p->line, "octal escape out of range or NUL");
				buf_putc(out, (char)v);
				break;
			}
		}
		count++;
	}
	return count ? true : perr(p, p->line, "expected a \"string\"");
}

static bool po_line(struct po_parser *p, const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (s == e)
		return true;
	if (*s == '#') {
		/* a comment after msgstr opens the next entry */
		if (p->nstr && !po_flush(p))
			return false;
		if (e - s > 1 && s[1] == ',' && memmem(s, (size_t)(e - s), "fuzzy", 5))
			p->fuzzy = true;
		return true;
	}
	if (*s == '"') {
		if (!p->target)
			return perr(p, p->line, "string without a keyword");
		return po_strings(p, s, e, p->target);
	}

	const char *k = s;
	while (s < e && ((*s >= 'a' && *s <= 'z') || *s == '_'))
		s++;
	size_t kl = (size_t)(s - k);
	int idx = -1;
	if (s < e && *s == '[') {
		idx = 0;
		for (s++; s < e && *s >= '0' && *s <= '9' && idx < 100; s++)
			idx = idx * 10 + (*s - '0');
		if (s == e || *s != ']')
			return perr(p, p->line, "bad msgstr[N]");
		s++;
	}
#define KW(w) (kl == sizeof(w) - 1 && memcmp(k, w, kl) == 0)
	if (KW("msgctxt") && idx < 0) {
		if (p->nstr && !po_flush(p))
			return false;
		if (p->has_ctxt || p->has_id)
			return perr(p, p->line, "msgctxt after msgid");
		p->has_ctxt = true;
		p->entry_line = p->line;
		p->target = &p->ctxt;
	} else if (KW("msgid") && idx < 0) {
		if (p->nstr && !po_flush(p))
			return false;
		if (p->has_id)
			return perr(p, p->line, "msgid without msgstr");
		if (!p->has_ctxt)
			p->entry_line = p->line;
		p->has_id = true;
		p->target = &p->id;
	} else if (KW("msgid_plural") && idx < 0) {
		if (!p->has_id || p->has_plural || p->nstr)
			return perr(p, p->line, "misplaced msgid_plural");
		p->has_plural = true;
		p->target = &p->plural;
	} else if (KW("msgstr")) {
		if (!p->has_id)
			return perr(p, p->line, "msgstr without msgid");
		if (p->has_plural && idx < 0)
			return perr(p, p->line, "msgstr needs [N] after msgid_plural");
		if (!p->has_plural && (idx >= 0 || p->nstr))
			return perr(p, p->line, "msgstr[N] or a second msgstr without msgid_plural");
		if (idx >= 0 && idx != p->nstr)
			return perr(p, p->line, "msgstr[%d] out of order", idx);
		if (p->nstr >= PO_MAXFORMS)
			return perr(p, p->line, "more than %d plural forms", PO_MAXFORMS);
		p->target = &p->str[p->nstr++];
	} else {
		const char *w = k;
		while (w < e && *w != ' ' && *w != '\t')
			w++;
		return perr(p, p->line, "unknown keyword \"%.*s\"", (int)(w - k), k);
	}
#undef KW
	if (s == e || (*s != ' ' && *s != '\t'))
		return perr(p, p->line, "expected a blank and a \"string\" after the keyword");
	return po_strings(p, s, e, p->target);
}

/* Parses one .po text into c. On error writes "name:line: reason" to err,
 * takes none of the file's entries, and returns false. */
static bool po_parse_into(po_catalog *c, const char *name, const char *text, size_t len,
                          char *err, size_t errlen)
{
	struct po_parser p = {.c = c, .name = name, .err = err, .errlen = errlen};
	buf_init(&p.ctxt, PO_MAXSTR);
	buf_init(&p.id, PO_MAXSTR);
	buf_init(&p.plural, PO_MAXSTR);
	for (int i = 0; i < PO_MAXFORMS; i++)
		buf_init(&p.str[i], PO_MAXSTR);
	size_t n0 = c->n;
	uint32_t seq0 = c->seq;
	bool had_rule = c->has_rule;

	const char *s = text, *end = text + len;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	bool ok = true;
	while (ok && s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		p.line++;
		ok = po_line(&p, s, le);
		s = nl ? nl + 1 : end;
	}
	if (ok)
		ok = po_flush(&p);

	buf_free(&p.ctxt);
	buf_free(&p.id);
	buf_free(&p.plural);
	for (int i = 0; i < PO_MAXFORMS; i++)
		buf_free(&p.str[i]);
	if (!ok) {
		/* the strings stay in the arena until the catalog goes */
		c->n = n0;
		c->seq = seq0;
		c->has_rule = had_rule;
	}
	return ok;
}

po_catalog *po_parse(const char *name, const char *text, size_t len, char *err, size_t errlen)
{
	po_catalog *c = po_new();
	if (!po_parse_into(c, name, text, len, err, errlen)) {
		po_free(c);
		return NULL;
	}
	po_finish(c, GETTEXT_DEFAULT_PLURAL, name);
	return c;
}

/* The merged catalog of each language. Written only by i18n_init. */
static struct {
	po_catalog *cat[LANG__MAX];
} I18N;

sk_rc i18n_init(void)
{
	sk_rc rc = SK_OK;
	po_catalog *cat[LANG__MAX];
	for (int l = 0; l < LANG__MAX; l++)
		cat[l] = po_new();
	/* sk_embed_po is sorted by name, so "the first file" is stable */
	for (size_t i = 0; i < sk_embed_npo; i++) {
		const struct embedded_file *f = &sk_embed_po[i];
		const char *slash = strchr(f->name, '/');
		enum lang l;
		char code[8];
		snprintf(code, sizeof code, "%.*s", slash ? (int)(slash - f->name) : 0, f->name);
		if (!slash || strlen(code) != 2 || !lang_parse(code, &l)) {
			log_warn("i18n_skip_catalog", "file", f->name, "why", "not po/<lt|en>/*.po", NULL);
			continue;
		}
		char err[300];
		if (!po_parse_into(cat[l], f->name, (const char *)f->data, f->len, err, sizeof err)) {
			log_error("i18n_bad_catalog", "error", err, NULL);
			rc = SK_EINTERNAL;
		}
	}
	for (int l = 0; l < LANG__MAX; l++) {
		po_finish(cat[l], default_plural[l], lang_codes[l]);
		po_free(I18N.cat[l]); /* a second init replaces; no lookups may run */
		I18N.cat[l] = cat[l];
	}
	return rc;
}

/* Returns the translation of msgid in l: a static string (the catalog
 * lives until exit), or msgid itself when there is none. */
const char *tr(enum lang l, const char *msgid)
{
	const char *s = po_get(I18N.cat[lang_ok(l)], msgid, 0);
	return s ? s : msgid;
}

const char *trn(enum lang l, const char *msgid, const char *plural, int64_t n)
{
	l = lang_ok(l);
	const char *s = po_get(I18N.cat[l], msgid, plural_index(l, n));
	if (s)
		return s;
	/* untranslated: the msgids are English, so English picks the form */
	return n == 1 ? msgid : plural;
}

/* Note: this is the gettext msgstr[] index that trn() uses for l -- for
 * lt 0 = one (1, 21, 101), 1 = few (2..9, 22), 2 = other (0, 10..20,
 * 100); for en 0 = one, 1 = other -- not the numbering of ICU
 * categories. Integer counts never fall in ICU's "many" (L1), so the
 * three gettext forms cover them; plural_category() gives the ICU
 * category by name, fractions included. */
int plural_index(enum lang l, int64_t n)
{
	l = lang_ok(l);
	const po_catalog *c = I18N.cat[l];
	return c ? plural_apply(&c->rule, n) : plural_builtin(l, n);
}

/* ---- per-thread ICU objects ----------------------------------------- */

enum dstyle { DS_DATE, DS_LONG, DS_FULL, DS_DATETIME, DS_TIME, DS_DAYMONTH, DS__MAX };

/* How each format is made: an ICU style (locale's own long/full date),
 * a fixed pattern (ISO forms that must not vary), or a skeleton that
 * ICU turns into the locale's pattern ("MMMMd" -> lt "MMMM d 'd'."). */
struct dspec {
	UDateFormatStyle style;
	const char *pattern, *skeleton;
};

static const struct dspec dspecs[DS__MAX] = {
	[DS_DATE] = {.pattern = "yyyy-MM-dd"},
	[DS_LONG] = {.style = UDAT_LONG},
	[DS_FULL] = {.style = UDAT_FULL},
	[DS_DATETIME] = {.pattern = "yyyy-MM-dd HH:mm"},
	[DS_TIME] = {.pattern = "HH:mm"},
	[DS_DAYMONTH] = {.skeleton = "MMMMd"},
};

struct tl_cache {
	UDateFormat *df[LANG__MAX][DS__MAX];
	UNumberFormat *nf[LANG__MAX];
	UPluralRules *pr[LANG__MAX];
	UCollator *coll;
	UCalendar *cal;      /* Europe/Vilnius, Gregorian, for local<->unix */
	bool registered;
};
static _Thread_local struct tl_cache tl;

static pthread_once_t tl_once = PTHREAD_ONCE_INIT;
static pthread_key_t tl_key;
static atomic_flag icu_warned = ATOMIC_FLAG_INIT;

/* pthread key destructor: runs as a thread ends, with that thread's
 * cache; closes what it opened. */
static void tl_release(void *p)
{
	struct tl_cache *t = p;
	for (int l = 0; l < LANG__MAX; l++) {
		for (int s = 0; s < DS__MAX; s++)
			if (t->df[l][s])
				udat_close(t->df[l][s]);
		if (t->nf[l])
			unum_close(t->nf[l]);
		if (t->pr[l])
			uplrules_close(t->pr[l]);
	}
	if (t->coll)
		ucol_close(t->coll);
	if (t->cal)
		ucal_close(t->cal);
	memset(t, 0, sizeof *t);
}

static void tl_make_key(void)
{
	if (pthread_key_create(&tl_key, tl_release) != 0)
		sk_die("i18n: pthread_key_create failed");
}

/* Called before the first object is cached in this thread. */
static void tl_register(void)
{
	if (tl.registered)
		return;
	pthread_once(&tl_once, tl_make_key);
	pthread_setspecific(tl_key, &tl);
	tl.registered = true;
}

/* ICU without its data (or a broken install) degrades output rather
 * than failing requests; say so once. */
static void icu_failed(const char *what, UErrorCode e)
{
	if (!atomic_flag_test_and_set(&icu_warned))
		log_error("icu_failed", "call", what, "error", u_errorName(e), NULL);
}

static const UChar tz_vilnius[] = u"Europe/Vilnius";

static UDateFormat *df_get(enum lang l, enum dstyle s)
{
	if (tl.df[l][s])
		return tl.df[l][s];
	const struct dspec *d = &dspecs[s];
	UErrorCode e = U_ZERO_ERROR;
	UChar pat[80];
	int32_t np = -1;
	if (d->skeleton) {
		UChar sk[32];
		u_strFromUTF8(sk, SK_ARRAY_LEN(sk), NULL, d->skeleton, -1, &e);
		UDateTimePatternGenerator *g = udatpg_open(icu_locales[l], &e);
		np = udatpg_getBestPattern(g, sk, -1, pat, SK_ARRAY_LEN(pat), &e);
		if (g)
			udatpg_close(g);
	} else if (d->pattern) {
		u_strFromUTF8(pat, SK_ARRAY_LEN(pat), &np, d->pattern, -1, &e);
	}
	UDateFormat *f = NULL;
	if (U_SUCCESS(e)) {
		if (np >= 0)
			f = udat_open(UDAT_PATTERN, UDAT_PATTERN, icu_locales[l], tz_vilnius, -1, pat, np, &e);
		else
			f = udat_open(UDAT_NONE, d->style, icu_locales[l], tz_vilnius, -1, NULL, 0, &e);
	}
	if (U_FAILURE(e)) {
		icu_failed("udat_open", e);
		if (f)
			udat_close(f);
		return NULL;
	}
	tl_register();
	tl.df[l][s] = f;
	return f;
}

/* UTF-16 from ICU -> NUL-terminated UTF-8 from the arena. */
static char *u16_arena(arena *a, const UChar *s, int32_t n)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t len = 0;
	u_strToUTF8WithSub(NULL, 0, &len, s, n, 0xFFFD, NULL, &e);
	if (U_FAILURE(e) && e != U_BUFFER_OVERFLOW_ERROR)
		return arena_strdup(a, "");
	char *out = arena_alloc(a, (size_t)len + 1);
	e = U_ZERO_ERROR;
	u_strToUTF8WithSub(out, len + 1, NULL, s, n, 0xFFFD, NULL, &e);
	if (U_FAILURE(e))
		out[0] = 0;
	return out;
}

/* Without ICU: ISO forms in UTC, so output is at least unambiguous. */
static char *fmt_fallback(arena *a, enum dstyle s, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char b[40];
	if (!gmtime_r(&tt, &tm))
		return arena_strdup(a, "");
	strftime(b, sizeof b, s == DS_TIME ? "%H:%M UTC" : s == DS_DATETIME ? "%Y-%m-%d %H:%M UTC" : "%Y-%m-%d", &tm);
	return arena_strdup(a, b);
}

/* Formatting a date through ICU costs a few microseconds, and public
 * lists format the same few hundred instants (occurrence starts) on every
 * request. The result depends only on (language, style, instant) -- the
 * zone rules are fixed for the process -- so each thread remembers the
 * strings in a small 4-way set-associative table. Strings that do not
 * fit a slot are not remembered. */
#define FMT_MEMO 2048 /* slots per thread (about 230 KB) */
#define FMT_WAYS 4     /* a key may sit in any of 4 neighbouring slots */
struct fmt_memo {
	int64_t t;
	uint8_t lang, style, used;
	char s[93];
};
static _Thread_local struct fmt_memo fmt_memo[FMT_MEMO];
static _Thread_local unsigned fmt_memo_evict;

static char *fmt_icu(arena *a, enum lang l, enum dstyle s, int64_t t);

static char *fmt_with(arena *a, enum lang l, enum dstyle s, int64_t t)
{
	l = lang_ok(l);
	uint64_t h = (uint64_t)t * 0x9E3779B97F4A7C15ull ^ ((uint64_t)l << 8 | (uint64_t)s) * 0xC2B2AE3D27D4EB4Full;
	unsigned base = (unsigned)(h >> 40) % FMT_MEMO & ~(unsigned)(FMT_WAYS - 1);
	struct fmt_memo *free_slot = NULL;
	for (unsigned w = 0; w < FMT_WAYS; w++) {
		struct fmt_memo *m = &fmt_memo[base + w];
		if (!m->used) {
			if (!free_slot)
				free_slot = m;
			continue;
		}
		if (m->t == t && m->lang == l && m->style == s)
			return arena_strdup(a, m->s);
	}
	char *out = fmt_icu(a, l, s, t);
	size_t n = strlen(out);
	if (n < sizeof free_slot->s) {
		struct fmt_memo *m = free_slot ? free_slot : &fmt_memo[base + fmt_memo_evict++ % FMT_WAYS];
		memcpy(m->s, out, n + 1);
		m->t = t;
		m->lang = (uint8_t)l;
		m->style = (uint8_t)s;
		m->used = 1;
	}
	return out;
}

static char *fmt_icu(arena *a, enum lang l, enum dstyle s, int64_t t)
{
	UDateFormat *f = df_get(l, s);
	if (!f)
		return fmt_fallback(a, s, t);
	UChar small[96], *p = small;
	UErrorCode e = U_ZERO_ERROR;
	UDate d = (UDate)t * 1000.0;
	int32_t n = udat_format(f, d, p, SK_ARRAY_LEN(small), NULL, &e);
	if (e == U_BUFFER_OVERFLOW_ERROR) {
		p = xmalloc(((size_t)n + 1) * sizeof *p);
		e = U_ZERO_ERROR;
		n = udat_format(f, d, p, n + 1, NULL, &e);
	}
	char *r = U_SUCCESS(e) ? u16_arena(a, p, n) : fmt_fallback(a, s, t);
	if (p != small)
		free(p);
	return r;
}

char *fmt_date(arena *a, enum lang l, int64_t t) { return fmt_with(a, l, DS_DATE, t); }
char *fmt_date_long(arena *a, enum lang l, int64_t t) { return fmt_with(a, l, DS_LONG, t); }
char *fmt_date_full(arena *a, enum lang l, int64_t t) { return fmt_with(a, l, DS_FULL, t); }
char *fmt_datetime(arena *a, enum lang l, int64_t t) { return fmt_with(a, l, DS_DATETIME, t); }
char *fmt_time(arena *a, enum lang l, int64_t t) { return fmt_with(a, l, DS_TIME, t); }
char *fmt_day_month(arena *a, enum lang l, int64_t t) { return fmt_with(a, l, DS_DAYMONTH, t); }

/* Decimal with the locale's separators: lt "1 234,5" where the grouping
 * separator is U+00A0 (what ICU 72 emits for lt, L3), en "1,234.5".
 * Negative lt numbers start with U+2212 MINUS SIGN, not '-' (CLDR lt):
 * right for display, so CSV exports should not use this. decimals is
 * clamped to 0..15. */
char *fmt_number(arena *a, enum lang l, double v, int decimals)
{
	l = lang_ok(l);
	decimals = decimals < 0 ? 0 : decimals > 15 ? 15 : decimals;
	UErrorCode e = U_ZERO_ERROR;
	if (!tl.nf[l]) {
		UNumberFormat *f = unum_open(UNUM_DECIMAL, NULL, 0, icu_locales[l], NULL, &e);
		if (U_FAILURE(e)) {
			icu_failed("unum_open", e);
			if (f)
				unum_close(f);
			return arena_printf(a, "%.*f", decimals, v);
		}
		/* Reports are checked against spreadsheets, which round half
		 * away from zero; ICU's default is half-even. */
		unum_setAttribute(f, UNUM_ROUNDING_MODE, UNUM_ROUND_HALFUP);
		tl_register();
		tl.nf[l] = f;
	}
	UNumberFormat *f = tl.nf[l];
	unum_setAttribute(f, UNUM_MIN_FRACTION_DIGITS, decimals);
	unum_setAttribute(f, UNUM_MAX_FRACTION_DIGITS, decimals);
	UChar small[64], *p = small;
	int32_t n = unum_formatDouble(f, v, p, SK_ARRAY_LEN(small), NULL, &e);
	if (e == U_BUFFER_OVERFLOW_ERROR) {
		p = xmalloc(((size_t)n + 1) * sizeof *p);
		e = U_ZERO_ERROR;
		n = unum_formatDouble(f, v, p, n + 1, NULL, &e);
	}
	char *r = U_SUCCESS(e) ? u16_arena(a, p, n) : arena_printf(a, "%.*f", decimals, v);
	if (p != small)
		free(p);
	return r;
}

/* ICU's CLDR category of n: "zero" "one" "two" "few" "many" "other";
 * static strings. */
const char *plural_category(enum lang l, double n)
{
	static const char *const cats[] = {"zero", "one", "two", "few", "many", "other"};
	l = lang_ok(l);
	UErrorCode e = U_ZERO_ERROR;
	if (!tl.pr[l]) {
		UPluralRules *r = uplrules_open(icu_locales[l], &e);
		if (U_FAILURE(e)) {
			icu_failed("uplrules_open", e);
			if (r)
				uplrules_close(r);
			return "other";
		}
		tl_register();
		tl.pr[l] = r;
	}
	UChar kw[16];
	char k8[16];
	int32_t n16 = uplrules_select(tl.pr[l], n, kw, SK_ARRAY_LEN(kw), &e);
	if (U_FAILURE(e) || n16 <= 0 || n16 >= (int32_t)sizeof k8)
		return "other";
	u_UCharsToChars(kw, k8, n16); /* keywords are ASCII */
	k8[n16] = 0;
	for (size_t i = 0; i < SK_ARRAY_LEN(cats); i++)
		if (strcmp(k8, cats[i]) == 0)
			return cats[i];
	return "other";
}

/* ---- names -------------------------------------------------------------- */

static const char *const weekdays[LANG__MAX][7] = {
	[LANG_LT] = {"pirmadienis", "antradienis", "trečiadienis", "ketvirtadienis",
	             "penktadienis", "šeštadienis", "sekmadienis"},
	[LANG_EN] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
};

/* Nominative, for headers; dates use the genitive via ICU (L3). */
static const char *const months[LANG__MAX][12] = {
	[LANG_LT] = {"sausis", "vasaris", "kovas", "balandis", "gegužė", "birželis", "liepa",
	             "rugpjūtis", "rugsėjis", "spalis", "lapkritis", "gruodis"},
	[LANG_EN] = {"January", "February", "March", "April", "May", "June", "July", "August",
	             "September", "October", "November", "December"},
};

/* "" when out of range, never NULL. */
const char *weekday_name(enum lang l, int monday0)
{
	return monday0 >= 0 && monday0 < 7 ? weekdays[lang_ok(l)][monday0] : "";
}

const char *month_name(enum lang l, int month0)
{
	return month0 >= 0 && month0 < 12 ? months[lang_ok(l)][month0] : "";
}

/* ---- collation ---------------------------------------------------------- */

static UCollator *coll_get(void)
{
	static _Thread_local bool failed;
	if (tl.coll || failed)
		return tl.coll;
	UErrorCode e = U_ZERO_ERROR;
	UCollator *c = ucol_open("lt", &e);
	if (U_FAILURE(e)) {
		icu_failed("ucol_open", e);
		if (c)
			ucol_close(c);
		failed = true;
		return NULL;
	}
	tl_register();
	tl.coll = c;
	return c;
}

/* Lengths are int32_t for ICU; -1 means NUL-terminated. */
static int collate(const char *a, int32_t na, const char *b, int32_t nb)
{
	UCollator *c = coll_get();
	if (c) {
		UErrorCode e = U_ZERO_ERROR;
		UCollationResult r = ucol_strcollUTF8(c, a, na, b, nb, &e);
		if (U_SUCCESS(e))
			return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
	}
	/* Byte order: wrong for Lithuanian but total, so sorts still end. */
	size_t la = na < 0 ? strlen(a) : (size_t)na, lb = nb < 0 ? strlen(b) : (size_t)nb;
	int r = (la && lb) ? memcmp(a, b, la < lb ? la : lb) : 0;
	return r ? (r > 0) - (r < 0) : (la > lb) - (la < lb);
}

static int32_t len32(size_t n)
{
	/* SQLite strings stay far below 2 GiB; clamp rather than wrap */
	return n > INT32_MAX ? INT32_MAX : (int32_t)n;
}

/* The SQLite "LT" collation calls this with unterminated strings. */
int text_collate_lt(const char *a, size_t na, const char *b, size_t nb)
{
	return collate(a ? a : "", a ? len32(na) : 0, b ? b : "", b ? len32(nb) : 0);
}

/* NULL sorts before everything. */
int text_cmp_lt(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return collate(a, -1, b, -1);
}

static int sort_cmp(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	int r = text_cmp_lt(a, b);
	/* ICU calls canonically equivalent strings equal; byte order then
	 * makes the result independent of qsort's input order. */
	return r ? r : (a && b) ? strcmp(a, b) : 0;
}

void sort_lt(const char **v, size_t n)
{
	if (v && n > 1)
		qsort(v, n, sizeof *v, sort_cmp);
}

/* ---- folding and slugs ----------------------------------------------- */

/* Latin letters that NFKD leaves alone, in case-folded form. */
static const struct {
	UChar32 c;
	const char *s;
} fold_extra[] = {
	{0x00DF, "ss"}, {0x00E6, "ae"}, {0x00F0, "d"}, {0x00F8, "o"}, {0x00FE, "th"},
	{0x0111, "d"}, {0x0127, "h"}, {0x0131, "i"}, {0x0138, "k"}, {0x0142, "l"},
	{0x014B, "n"}, {0x0153, "oe"}, {0x0167, "t"}, {0x0180, "b"}, {0x0183, "b"},
	{0x0188, "c"}, {0x0192, "f"}, {0x01A5, "p"}, {0x01B4, "y"}, {0x01B6, "z"},
	{0x0225, "z"}, {0x0247, "e"}, {0x0249, "j"}, {0x024D, "r"}, {0x024F, "y"},
};

static void put_cp(buf *b, UChar32 c)
{
	char u[4];
	int32_t k = 0;
	UBool err = false;
	U8_APPEND(u, k, 4, c, err);
	if (!err)
		buf_append(b, u, (size_t)k);
}

/* One code point after decomposition: marks vanish, the rest is folded. */
static void fold_one(buf *b, UChar32 c)
{
	if (u_charType(c) == U_NON_SPACING_MARK)
		return;
	c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
	if (c < 0x80) {
		buf_putc(b, (char)c);
		return;
	}
	for (size_t i = 0; i < SK_ARRAY_LEN(fold_extra); i++) {
		if (fold_extra[i].c == c) {
			buf_puts(b, fold_extra[i].s);
			return;
		}
	}
	put_cp(b, c);
}

/* Appends the folded form of s to b (heap). Ill-formed UTF-8 becomes
 * U+FFFD. */
static void fold_into(buf *b, const char *s)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&e); /* shared, owned by ICU */
	if (U_FAILURE(e))
		nfkd = NULL;
	int32_t len = len32(strlen(s)), i = 0;
	while (i < len) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x80) { /* the common case */
			buf_putc(b, (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
			i++;
			continue;
		}
		UChar32 c;
		U8_NEXT(s, i, len, c);
		if (c < 0) {
			put_cp(b, 0xFFFD);
			continue;
		}
		UChar dec[32];
		int32_t nd = -1;
		if (nfkd) {
			e = U_ZERO_ERROR;
			nd = unorm2_getDecomposition(nfkd, c, dec, SK_ARRAY_LEN(dec), &e);
			if (U_FAILURE(e))
				nd = -1;
		}
		if (nd < 0) {
			fold_one(b, c);
			continue;
		}
		for (int32_t j = 0; j < nd;) {
			UChar32 d;
			U16_NEXT(dec, j, nd, d);
			fold_one(b, d);
		}
	}
}

char *text_fold(arena *a, const char *s)
{
	if (!s)
		return arena_strdup(a, "");
	buf b;
	buf_init(&b, 0);
	fold_into(&b, s);
	char *r = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return r;
}

#define SLUG_MAX 80

/* Folded ASCII letters and digits; any run of other characters becomes
 * one '-', none at either end; at most 80 bytes, cut at a '-' when one
 * is in the second half. "" when nothing is left (e.g. only Cyrillic):
 * the caller picks a fallback such as the id. */
char *text_slug(arena *a, const char *s)
{
	if (!s)
		return arena_strdup(a, "");
	buf f;
	buf_init(&f, 0);
	fold_into(&f, s);
	const char *in = buf_cstr(&f);
	char out[SLUG_MAX + 1];
	size_t n = 0;
	bool dash = false, cut_word = false;
	for (size_t i = 0; i < f.len; i++) {
		char c = in[i];
		/* "Jono's" -> "jonos", not "jono-s"; also with U+2019 */
		if (c == '\'')
			continue;
		if (f.len - i >= 3 && memcmp(in + i, "\xE2\x80\x99", 3) == 0) {
			i += 2;
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && n) {
				if (n == SLUG_MAX)
					break;
				out[n++] = '-';
			}
			dash = false;
			if (n == SLUG_MAX) {
				cut_word = true;
				break;
			}
			out[n++] = c;
		} else {
			dash = true;
		}
	}
	buf_free(&f);
	if (cut_word) {
		/* don't end on half a word when a cleaner cut is near */
		size_t k = n;
		while (k > SLUG_MAX / 2 && out[k - 1] != '-')
			k--;
		if (k > SLUG_MAX / 2)
			n = k;
	}
	while (n && out[n - 1] == '-')
		n--;
	return arena_strndup(a, out, n);
}

/* ---- local civil time in Europe/Vilnius ---------------------------------- */

static UCalendar *cal_get(void)
{
	if (tl.cal)
		return tl.cal;
	UErrorCode e = U_ZERO_ERROR;
	UCalendar *c = ucal_open(tz_vilnius, -1, "en_GB", UCAL_GREGORIAN, &e);
	if (U_FAILURE(e)) {
		icu_failed("ucal_open", e);
		if (c)
			ucal_close(c);
		return NULL;
	}
	/* a proleptic Gregorian calendar: no Julian switch in 1582 */
	ucal_setGregorianChange(c, -1e300, &e);
	tl_register();
	tl.cal = c;
	return c;
}

int64_t local_to_unix(int ymd, int hh, int mm)
{
	UCalendar *c = cal_get();
	int y = ymd / 10000, mo = ymd / 100 % 100, d = ymd % 100;
	if (!c) {
		/* degraded: treat local time as UTC+2 (EET) */
		struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = hh, .tm_min = mm};
		return (int64_t)timegm(&tm) - 7200;
	}
	UErrorCode e = U_ZERO_ERROR;
	ucal_clear(c);
	ucal_setDateTime(c, y, mo - 1, d, hh, mm, 0, &e);
	UDate u = ucal_getMillis(c, &e);
	if (U_FAILURE(e))
		return 0;
	return (int64_t)(u / 1000.0);
}

/* Lists convert hundreds of instants per request, and an ICU calendar
 * round trip costs microseconds. Since 1990 Vilnius changes its offset
 * only on whole UTC hours (01:00 UTC, EU rules), so the offset is
 * constant within a UTC hour: each thread remembers it per hour, and the
 * civil fields follow by arithmetic (ymd_from_days). Outside 1990..2100
 * ICU answers directly. */
#define OFF_MEMO 256
static _Thread_local struct {
	int64_t hour;
	int32_t off;
	bool used;
} off_memo[OFF_MEMO];

static bool local_fast(UCalendar *c, int64_t t, int *ymd, int *hh, int *mm)
{
	if (t < 631152000 || t >= 4102444800LL)
		return false;
	int64_t hour = t / 3600;
	unsigned slot = (unsigned)(hour % OFF_MEMO);
	if (!off_memo[slot].used || off_memo[slot].hour != hour) {
		UErrorCode e = U_ZERO_ERROR;
		ucal_setMillis(c, (UDate)(hour * 3600) * 1000.0, &e);
		int32_t off = ucal_get(c, UCAL_ZONE_OFFSET, &e) + ucal_get(c, UCAL_DST_OFFSET, &e);
		if (U_FAILURE(e))
			return false;
		off_memo[slot].hour = hour;
		off_memo[slot].off = off / 1000;
		off_memo[slot].used = true;
	}
	int64_t l = t + off_memo[slot].off;
	int64_t sec = l % 86400;
	if (ymd)
		*ymd = ymd_from_days(l / 86400);
	if (hh)
		*hh = (int)(sec / 3600);
	if (mm)
		*mm = (int)(sec / 60 % 60);
	return true;
}

void unix_to_local(int64_t t, int *ymd, int *hh, int *mm)
{
	UCalendar *c = cal_get();
	if (c && local_fast(c, t, ymd, hh, mm))
		return;
	if (!c) {
		time_t tt = (time_t)(t + 7200);
		struct tm tm;
		gmtime_r(&tt, &tm);
		if (ymd)
			*ymd = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
		if (hh)
			*hh = tm.tm_hour;
		if (mm)
			*mm = tm.tm_min;
		return;
	}
	UErrorCode e = U_ZERO_ERROR;
	ucal_setMillis(c, (UDate)t * 1000.0, &e);
	int y = ucal_get(c, UCAL_EXTENDED_YEAR, &e), mo = ucal_get(c, UCAL_MONTH, &e) + 1,
	    d = ucal_get(c, UCAL_DATE, &e);
	if (ymd)
		*ymd = y * 10000 + mo * 100 + d;
	if (hh)
		*hh = ucal_get(c, UCAL_HOUR_OF_DAY, &e);
	if (mm)
		*mm = ucal_get(c, UCAL_MINUTE, &e);
}

int local_today(void)
{
	int ymd = 0;
	unix_to_local(now_unix(), &ymd, NULL, NULL);
	return ymd;
}

/*
 * search.c -- the index writes, the query compiler and the search itself
 * (see search.h and migrations 050_search.sql, 115, 170).
 *
 * Query language (everything else is plain text): words are ANDed; a word
 * matches any of its terms (so any inflected form, with or without
 * diacritics); "a quoted phrase" matches those words adjacent in that
 * order, compared on their folded surface forms (exact but for case and
 * diacritics); a word ending in * and a last word of 2-3 letters also
 * match as a prefix of any term (surface forms, stems, lemmas: not
 * restricted to the surface forms, so that PostgreSQL's GIN index answers
 * it without rechecking weights in the heap). FTS syntax typed by a
 * person (NEAR, OR, -, ^, :, unbalanced quotes) is never passed through:
 * PostgreSQL's tsquery is compiled from analyzed terms (letters and
 * digits only); SQLite's FTS5 query (migration 170) is one quoted FTS5
 * string per item -- a word's text, or a phrase's text, which holds no
 * '"' as compile() splits on quotes -- so whatever it contains is text
 * for our tokenizer (fts5_tok.c), never FTS5 syntax.
 *
 * Ranking: the newest SEARCH_CANDIDATES matching documents (by id, i.e.
 * recency of indexing) are ranked, in C, by BM25 over that set (see
 * rank()): a very frequent word or a short prefix never ranks a million
 * rows, and both backends give the same results in the same order.
 */
#include "search.h"
#include "analyze.h"
#include "../core/html.h"
#include "../core/i18n.h"
#include "../http/req.h"
#include "../model/occasion.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_CANDIDATES 1000

SK_STMT(st_search_put, STMT_WRITE,
        "INSERT INTO search_docs(institution_id, scope_slug, doc_type, doc_id, title, body, url, "
        "updated_at, words, terms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
        "ON CONFLICT (institution_id, doc_type, doc_id) DO UPDATE SET scope_slug = excluded.scope_slug, "
        "title = excluded.title, body = excluded.body, url = excluded.url, "
        "updated_at = excluded.updated_at, words = excluded.words, terms = excluded.terms");
SK_STMT(st_search_del, STMT_WRITE,
        "DELETE FROM search_docs WHERE institution_id = $1 AND doc_type = $2 AND doc_id = $3");

#define SCOPE_WHERE                                                                              \
	"(d.institution_id = $2 OR (d.institution_id = 0 AND (d.scope_slug = '' OR d.scope_slug = $3))) " \
	"AND ($5 = 0 OR d.updated_at >= $5) AND ($6 = 0 OR d.updated_at <= $6) "
/* The candidates: the newest SEARCH_CANDIDATES matches in scope, with
 * their terms for ranking in C. $1 the compiled query, $7 the phrase
 * patterns (PostgreSQL only). */
SK_STMT2(st_search_cand, 0,
         "SELECT search_fts.rowid, d.terms FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"
         " WHERE search_fts MATCH $1 AND " SCOPE_WHERE
         " AND instr(',' || $4 || ',', ',' || d.doc_type || ',') > 0 AND $7 = $7"
         " ORDER BY search_fts.rowid DESC LIMIT 1000",
         "SELECT c.id, c.terms FROM search_candidates($1::tsquery, $7, $2, $3, $4, $5, $6) c");
/* the rows of one page of results: $1 a JSON array of ids */
SK_STMT2(st_search_rows, 0,
         "SELECT d.id, d.doc_type, d.doc_id, d.title, d.body, d.url, d.updated_at FROM search_docs d "
         "WHERE d.id IN (SELECT value FROM json_each($1))",
         "SELECT d.id, d.doc_type, d.doc_id, d.title, d.body, d.url, d.updated_at FROM search_docs d "
         "WHERE d.id IN (SELECT json_array_elements_text($1::json)::bigint)");

/* The candidates with the filters of migration 110 ($8 department, $9
 * status, $10 folded tag): a statement of its own, used only when one of
 * them is set, so the unfiltered query keeps its plan. */
SK_STMT2(st_search_cand_f, 0,
         "SELECT search_fts.rowid, d.terms FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"
         " WHERE search_fts MATCH $1 AND " SCOPE_WHERE
         " AND instr(',' || $4 || ',', ',' || d.doc_type || ',') > 0 AND $7 = $7"
         " AND ($8 = 0 OR d.department_id = $8) AND ($9 = '' OR d.status = $9)"
         " AND ($10 = '' OR instr(d.tags, ',' || $10 || ',') > 0)"
         " ORDER BY search_fts.rowid DESC LIMIT 1000",
         "SELECT c.id, c.terms FROM search_candidates_f($1::tsquery, $7, $2, $3, $4, $5, $6, $8, $9, $10) c");
/* search_index_put_ex: the document and its filter fields in one write */
SK_STMT(st_search_put_ex, STMT_WRITE,
        "INSERT INTO search_docs(institution_id, scope_slug, doc_type, doc_id, title, body, url, "
        "updated_at, words, terms, department_id, status, tags) "
        "VALUES ($1, '', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
        "ON CONFLICT (institution_id, doc_type, doc_id) DO UPDATE SET scope_slug = excluded.scope_slug, "
        "title = excluded.title, body = excluded.body, url = excluded.url, "
        "updated_at = excluded.updated_at, words = excluded.words, terms = excluded.terms, "
        "department_id = excluded.department_id, status = excluded.status, tags = excluded.tags");

const char *const search_statuses[] = {"draft", "planned", "confirmed", "published", "done", "reported",
                                       "cancelled", "open", "in_progress", "new", "accepted", "declined",
                                       "active", "inactive", "do_not_contact", "submitted", "return_pending",
                                       "returned", "merged", "approved", NULL};
const char *const search_status_labels[] = {
	N_("draft"), N_("planned"), N_("confirmed"), N_("published"), N_("done"), N_("reported"),
	N_("cancelled"), N_("open"), N_("in progress"), N_("new"), N_("accepted"), N_("declined"),
	N_("in use"), N_("not in use"), N_("do not contact"), N_("submitted"), N_("return awaits confirmation"),
	N_("returned"), N_("merged"), N_("approved"), NULL};

const struct search_type *search_type_find(const char *code)
{
	SK_FOREACH(search_types, struct search_type, t)
		if (str_eq(t->code, code))
			return t;
	return NULL;
}

/* ---- writes ---------------------------------------------------------- */

static void analyzed_text(arena *a, const char *title, const char *body, const char **words,
                          const char **terms)
{
	buf w, t;
	buf_init(&w, 1 << 20);
	buf_init(&t, 1 << 22);
	const char *parts[2] = {title ? title : "", body ? body : ""};
	for (int p = 0; p < 2; p++) {
		struct an_word *ws;
		size_t n;
		if (analyze(a, parts[p], &ws, &n) != SK_OK)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (w.len)
				buf_putc(&w, ' ');
			buf_puts(&w, ws[i].fold);
			for (int k = 0; k < ws[i].nterms; k++) {
				if (t.len)
					buf_putc(&t, ' ');
				buf_puts(&t, ws[i].terms[k]);
			}
		}
	}
	*words = arena_strdup(a, buf_cstr(&w));
	*terms = arena_strdup(a, buf_cstr(&t));
	buf_free(&w);
	buf_free(&t);
}

sk_rc search_index_put_scoped(db *d, int64_t inst, const char *scope_slug, const char *doc_type,
                              int64_t doc_id, const char *title, const char *body, const char *url,
                              int64_t updated_at)
{
	arena a;
	arena_init(&a, 64u << 20);
	const char *words, *terms;
	analyzed_text(&a, title, body, &words, &terms);
	dbq *q = db_q(d, &st_search_put);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, scope_slug ? scope_slug : "");
	db_bind_text(q, 3, doc_type);
	db_bind_int(q, 4, doc_id);
	db_bind_text(q, 5, title ? title : "");
	db_bind_text(q, 6, body ? body : "");
	db_bind_text(q, 7, url ? url : "");
	db_bind_int(q, 8, updated_at);
	db_bind_text(q, 9, words);
	db_bind_text(q, 10, terms);
	sk_rc rc = arena_failed(&a) ? SK_EINTERNAL : db_exec(q);
	arena_free(&a);
	return rc;
}

sk_rc search_index_put(db *d, int64_t inst, const char *doc_type, int64_t doc_id, const char *title,
                       const char *body, const char *url, int64_t updated_at)
{
	return search_index_put_scoped(d, inst, NULL, doc_type, doc_id, title, body, url, updated_at);
}

/* ",a,b," from "A, b": each tag trimmed and folded; "" when none */
static const char *tags_folded(arena *a, const char *tags)
{
	if (!tags || !*tags)
		return "";
	buf b;
	buf_init(&b, 1 << 16);
	const char *p = tags;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n) {
			char *f = an_fold(a, arena_strndup(a, p, n));
			if (f && *f)
				buf_printf(&b, "%s%s,", b.len ? "" : ",", f);
		}
		p += n;
		while (*p && *p != ',')
			p++;
		if (*p == ',')
			p++;
	}
	const char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

sk_rc search_index_put_ex(db *d, int64_t inst, const char *doc_type, int64_t doc_id, const char *title,
                          const char *body, const char *url, int64_t updated_at, const struct search_extra *x)
{
	static const struct search_extra none = {0, NULL, NULL};
	if (!x)
		x = &none;
	arena a;
	arena_init(&a, 64u << 20);
	const char *words, *terms;
	analyzed_text(&a, title, body, &words, &terms);
	dbq *q = db_q(d, &st_search_put_ex);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, doc_type);
	db_bind_int(q, 3, doc_id);
	db_bind_text(q, 4, title ? title : "");
	db_bind_text(q, 5, body ? body : "");
	db_bind_text(q, 6, url ? url : "");
	db_bind_int(q, 7, updated_at);
	db_bind_text(q, 8, words);
	db_bind_text(q, 9, terms);
	db_bind_int(q, 10, x->department_id);
	db_bind_text(q, 11, x->status ? x->status : "");
	db_bind_text(q, 12, tags_folded(&a, x->tags));
	sk_rc rc = arena_failed(&a) ? SK_EINTERNAL : db_exec(q);
	arena_free(&a);
	return rc;
}

sk_rc search_index_delete(db *d, int64_t inst, const char *doc_type, int64_t doc_id)
{
	dbq *q = db_q(d, &st_search_del);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, doc_type);
	db_bind_int(q, 3, doc_id);
	return db_exec(q);
}

/* ---- query compilation ----------------------------------------------- */

struct qitem {
	bool phrase;
	const char **folds;     /* phrase words, or the one word's fold */
	size_t nfolds;
	const struct an_word *w; /* plain word */
	bool prefix;
	const char *text;       /* the item's query text (SQLite: the FTS5 string) */
};

struct qplan {
	struct qitem *items;
	size_t n;
	/* for highlighting */
	const char **terms;
	size_t nterms;
	const char **prefixes;
	size_t nprefixes;
};

static void plan_add_term(arena *a, struct qplan *p, const char *t, bool prefix)
{
	const char ***arr = prefix ? &p->prefixes : &p->terms;
	size_t *n = prefix ? &p->nprefixes : &p->nterms;
	const char **na = arena_alloc(a, (*n + 1) * sizeof *na);
	if (*n)
		memcpy(na, *arr, *n * sizeof *na);
	na[(*n)++] = t;
	*arr = na;
}

static bool compile(arena *a, const char *q, struct qplan *p)
{
	memset(p, 0, sizeof *p);
	size_t len = strlen(q), cap = 64;
	p->items = arena_alloc(a, cap * sizeof *p->items);
	/* split on quotes: odd segments are phrases when closed */
	size_t nq = 0;
	for (size_t i = 0; i < len; i++)
		nq += q[i] == '"';
	size_t i = 0;
	bool inphrase = false;
	size_t quotes = 0;
	while (i <= len && p->n < cap) {
		size_t j = i;
		while (j < len && q[j] != '"')
			j++;
		char *seg = arena_strndup(a, q + i, j - i);
		/* an unbalanced last quote: its text is plain words */
		bool as_phrase = inphrase && quotes <= (nq & ~(size_t)1);
		struct an_word *ws;
		size_t n;
		if (analyze(a, seg, &ws, &n) != SK_OK)
			return false;
		if (as_phrase && n > 0) {
			struct qitem *it = &p->items[p->n++];
			memset(it, 0, sizeof *it);
			it->phrase = true;
			it->folds = arena_alloc(a, n * sizeof *it->folds);
			size_t last = n < 32 ? n - 1 : 31;
			it->text = arena_strndup(a, seg + ws[0].start, ws[last].end - ws[0].start);
			for (size_t k = 0; k < n && k < 32; k++) {
				it->folds[it->nfolds++] = ws[k].fold;
				plan_add_term(a, p, ws[k].fold, false);
			}
		} else {
			for (size_t k = 0; k < n && p->n < cap; k++) {
				struct qitem *it = &p->items[p->n++];
				memset(it, 0, sizeof *it);
				it->w = &ws[k];
				it->text = arena_strndup(a, seg + ws[k].start, ws[k].end - ws[k].start);
				it->folds = &ws[k].fold;
				it->nfolds = 1;
				size_t fl = utf8_len(ws[k].fold);
				bool star = ws[k].end < strlen(seg) && seg[ws[k].end] == '*';
				bool last = j == len && k == n - 1;
				it->prefix = (star && fl >= 2) || (last && fl >= 2 && fl <= 3);
				for (int t = 0; t < ws[k].nterms; t++)
					plan_add_term(a, p, ws[k].terms[t], false);
				if (it->prefix)
					plan_add_term(a, p, ws[k].fold, true);
			}
		}
		if (j >= len)
			break;
		quotes++;
		inphrase = !inphrase;
		i = j + 1;
	}
	return true;
}

/* SQLite (migration 170): each item is one FTS5 string that our
 * tokenizer (fts5_tok.c) analyzes in query mode -- a word's text gives its
 * terms as synonyms, ">text" a phrase of folded surface forms, "fold"* a
 * prefix of any term. The texts hold no '"' (compile splits on quotes). */
static const char *fts5_string(arena *a, const struct qplan *p)
{
	buf b;
	buf_init(&b, 1 << 20);
	for (size_t i = 0; i < p->n; i++) {
		const struct qitem *it = &p->items[i];
		if (i)
			buf_puts(&b, " AND ");
		if (it->phrase) {
			buf_printf(&b, "\">%s\"", it->text);
			continue;
		}
		if (it->prefix)
			buf_printf(&b, "(\"%s\" OR \"%s\"*)", it->text, it->w->fold);
		else
			buf_printf(&b, "\"%s\"", it->text);
	}
	const char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* PostgreSQL (migration 115): a word is any of its terms or, as a prefix,
 * any term starting with its fold; a one-word phrase is the lexeme
 * ">fold"; a longer phrase is the AND of its adjacent pairs "a/b", and
 * from three words on also a LIKE pattern on the words column (appended
 * to *phrases, '|'-separated) that checks the whole sequence. */
static const char *tsquery_string(arena *a, const struct qplan *p, const char **phrases)
{
	buf b, ph;
	buf_init(&b, 1 << 20);
	buf_init(&ph, 1 << 20);
	for (size_t i = 0; i < p->n; i++) {
		const struct qitem *it = &p->items[i];
		if (i)
			buf_puts(&b, " & ");
		buf_putc(&b, '(');
		if (it->phrase && it->nfolds == 1) {
			buf_printf(&b, "'>%s'", it->folds[0]);
		} else if (it->phrase) {
			for (size_t k = 0; k + 1 < it->nfolds; k++)
				buf_printf(&b, "%s'%s/%s'", k ? " & " : "", it->folds[k], it->folds[k + 1]);
			if (it->nfolds > 2) {
				if (ph.len)
					buf_putc(&ph, '|');
				buf_puts(&ph, "% ");
				for (size_t k = 0; k < it->nfolds; k++)
					buf_printf(&ph, "%s ", it->folds[k]);
				buf_putc(&ph, '%');
			}
		} else {
			for (int t = 0; t < it->w->nterms; t++)
				buf_printf(&b, "%s'%s'", t ? " | " : "", it->w->terms[t]);
			if (it->prefix)
				buf_printf(&b, " | '%s':*", it->w->fold);
		}
		buf_putc(&b, ')');
	}
	const char *s = arena_strdup(a, buf_cstr(&b));
	*phrases = arena_strdup(a, buf_cstr(&ph));
	buf_free(&b);
	buf_free(&ph);
	return s;
}

/* ---- snippets -------------------------------------------------------- */

static bool word_hits(const struct qplan *p, const struct an_word *w)
{
	for (int k = 0; k < w->nterms; k++)
		for (size_t t = 0; t < p->nterms; t++)
			if (strcmp(w->terms[k], p->terms[t]) == 0)
				return true;
	for (size_t t = 0; t < p->nprefixes; t++)
		if (strncmp(w->fold, p->prefixes[t], strlen(p->prefixes[t])) == 0)
			return true;
	return false;
}

#define SNIP_BEFORE 8
#define SNIP_WORDS 30

/* Escaped text with the matching words in <mark>; a window of words
 * around the first match when `window`. */
static const char *highlight(arena *a, const struct qplan *p, const char *text, bool window)
{
	struct an_word *ws;
	size_t n;
	if (!text || analyze(a, text, &ws, &n) != SK_OK)
		return "";
	size_t first = 0;
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (word_hits(p, &ws[i])) {
			first = i;
			found = true;
			break;
		}
	size_t w0 = 0, w1 = n;
	if (window) {
		w0 = found && first > SNIP_BEFORE ? first - SNIP_BEFORE : 0;
		w1 = w0 + SNIP_WORDS < n ? w0 + SNIP_WORDS : n;
	}
	size_t b0 = window && w0 > 0 ? ws[w0].start : 0;
	size_t b1 = window && w1 < n ? ws[w1 - 1].end : strlen(text);
	buf b;
	buf_init(&b, 1 << 20);
	if (b0 > 0)
		buf_puts(&b, "… ");
	size_t at = b0;
	for (size_t i = w0; i < w1; i++) {
		if (!word_hits(p, &ws[i]))
			continue;
		buf_puts(&b, html_fmt(a, "%s", arena_strndup(a, text + at, ws[i].start - at)));
		buf_puts(&b, html_fmt(a, "<mark>%s</mark>", arena_strndup(a, text + ws[i].start,
		                                                           ws[i].end - ws[i].start)));
		at = ws[i].end;
	}
	if (b1 > at)
		buf_puts(&b, html_fmt(a, "%s", arena_strndup(a, text + at, b1 - at)));
	if (b1 < strlen(text))
		buf_puts(&b, " …");
	const char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* ---- ranking ---------------------------------------------------------
 * BM25 over the candidate set, computed here from each candidate's terms
 * column, so that both backends rank alike and no backend statistic has
 * to be read over a whole posting list (FTS5's bm25() counts every
 * matching row of each term: 80 ms for a frequent word at a million
 * documents). An item (word, phrase) counts the terms that match it: any
 * of a word's terms or a term starting with its prefix; a phrase's words.
 * Document frequencies and the average length are the candidate set's. */

struct cand {
	int64_t id;
	double score;
};

static int cand_cmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

/* The query's terms in a small hash table (term -> bit set of the items
 * it matches) plus its prefixes: one pass over a candidate's terms. */
#define MT_SLOTS 1024
struct mterm {
	const char *s;
	size_t len;
	uint64_t items;
};
struct matcher {
	struct mterm slot[MT_SLOTS];
	const char *pre[64];
	size_t prelen[64];
	int preitem[64];
	size_t npre, nitems;
};

static uint32_t mt_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void mt_add(struct matcher *m, const char *t, size_t item)
{
	size_t len = strlen(t);
	for (uint32_t h = mt_hash(t, len) & (MT_SLOTS - 1), tries = 0; tries < MT_SLOTS;
	     h = (h + 1) & (MT_SLOTS - 1), tries++) {
		struct mterm *e = &m->slot[h];
		if (!e->s) {
			e->s = t;
			e->len = len;
		} else if (e->len != len || memcmp(e->s, t, len) != 0) {
			continue;
		}
		e->items |= (uint64_t)1 << item;
		return;
	}
}

static void matcher_init(struct matcher *m, const struct qplan *p)
{
	memset(m, 0, sizeof *m);
	m->nitems = p->n < 64 ? p->n : 64;
	for (size_t i = 0; i < m->nitems; i++) {
		const struct qitem *it = &p->items[i];
		if (it->phrase) {
			for (size_t k = 0; k < it->nfolds; k++)
				mt_add(m, it->folds[k], i);
			continue;
		}
		for (int k = 0; k < it->w->nterms; k++)
			mt_add(m, it->w->terms[k], i);
		if (it->prefix && m->npre < 64) {
			m->pre[m->npre] = it->w->fold;
			m->prelen[m->npre] = strlen(it->w->fold);
			m->preitem[m->npre++] = (int)i;
		}
	}
}

/* tf[i] for each item in one candidate's terms; returns the term count */
static size_t count_hits(const struct matcher *m, const char *terms, int *tf)
{
	memset(tf, 0, m->nitems * sizeof *tf);
	size_t len = 0;
	const char *s = terms;
	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		uint32_t h = 2166136261u;
		const char *e = s;
		for (; *e && *e != ' '; e++)
			h = (h ^ (unsigned char)*e) * 16777619u;
		size_t tl = (size_t)(e - s);
		len++;
		for (uint32_t k = h & (MT_SLOTS - 1), probes = 0; probes < MT_SLOTS;
		     k = (k + 1) & (MT_SLOTS - 1), probes++) {
			const struct mterm *t = &m->slot[k];
			if (!t->s)
				break;
			if (t->len == tl && memcmp(t->s, s, tl) == 0) {
				for (size_t i = 0; i < m->nitems; i++)
					tf[i] += (t->items >> i) & 1;
				break;
			}
		}
		for (size_t k = 0; k < m->npre; k++)
			if (m->prelen[k] <= tl && memcmp(m->pre[k], s, m->prelen[k]) == 0)
				tf[m->preitem[k]]++;
		s = e;
	}
	return len;
}

/* c[k].score from tf[k * ni + i] (item i's hits in candidate k) and
 * len[k] (its term count), then sorts c */
static void rank(arena *a, size_t ni, struct cand *c, const int *tf, const size_t *len, size_t n)
{
	if (n == 0)
		return;
	double *df = arena_alloc(a, (ni ? ni : 1) * sizeof *df);
	memset(df, 0, (ni ? ni : 1) * sizeof *df);
	double total = 0;
	for (size_t k = 0; k < n; k++) {
		total += (double)len[k];
		for (size_t i = 0; i < ni; i++)
			df[i] += tf[k * ni + i] > 0;
	}
	double avg = total / (double)n > 0 ? total / (double)n : 1;
	for (size_t k = 0; k < n; k++) {
		double sc = 0;
		for (size_t i = 0; i < ni; i++) {
			double f = tf[k * ni + i];
			double idf = log(1.0 + ((double)n - df[i] + 0.5) / (df[i] + 0.5));
			sc += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * (double)len[k] / avg));
		}
		c[k].score = sc;
	}
	qsort(c, n, sizeof *c, cand_cmp);
}

/* ---- search ---------------------------------------------------------- */

sk_rc search_run(db *d, arena *a, int64_t inst, const char *inst_slug, const char *types_csv,
                 const char *q, const struct search_filters *f, int limit, int offset,
                 struct search_result *out)
{
	memset(out, 0, sizeof *out);
	if (!q || !utf8_valid(q, strlen(q)))
		return SK_EINPUT;
	if (strlen(q) > SEARCH_Q_MAX)
		return SK_EINPUT;
	struct qplan p;
	if (!compile(a, q, &p))
		return SK_EINPUT;
	if (p.n == 0) {
		out->empty_query = true;
		return SK_OK;
	}
	if (!types_csv || !*types_csv)
		return SK_OK;
	if (limit < 1)
		limit = 20;
	if (offset < 0)
		offset = 0;
	const char *phrases = "";
	const char *match = db_kind(d) == DB_PG ? tsquery_string(a, &p, &phrases) : fts5_string(a, &p);
	bool ext = f && (f->department_id || (f->status && *f->status) || (f->tag && *f->tag));
	dbq *qq = db_q(d, ext ? &st_search_cand_f : &st_search_cand);
	db_bind_text(qq, 1, match);
	db_bind_int(qq, 2, inst);
	db_bind_text(qq, 3, inst_slug ? inst_slug : "");
	db_bind_text(qq, 4, types_csv);
	db_bind_int(qq, 5, f ? f->from : 0);
	db_bind_int(qq, 6, f ? f->to : 0);
	db_bind_text(qq, 7, phrases);
	if (ext) {
		db_bind_int(qq, 8, f->department_id);
		db_bind_text(qq, 9, f->status ? f->status : "");
		db_bind_text(qq, 10, f->tag ? f->tag : "");
	}
	struct matcher *mt = arena_alloc(a, sizeof *mt);
	matcher_init(mt, &p);
	size_t ni = mt->nitems;
	struct cand *c = arena_alloc(a, SEARCH_CANDIDATES * sizeof *c);
	int *tf = arena_alloc(a, SEARCH_CANDIDATES * (ni ? ni : 1) * sizeof *tf);
	size_t *len = arena_alloc(a, SEARCH_CANDIDATES * sizeof *len);
	size_t n = 0;
	int rc;
	while ((rc = db_step(qq)) == DB_ROW) {
		if (n == SEARCH_CANDIDATES)
			continue;
		c[n].id = db_int(qq, 0);
		len[n] = count_hits(mt, db_text(qq, 1), tf + n * ni);
		n++;
	}
	sk_rc r = rc == DB_DONE ? SK_OK : db_rc(d);
	db_done(qq);
	if (r != SK_OK)
		return r;
	rank(a, ni, c, tf, len, n);
	if ((size_t)offset >= n)
		return SK_OK;
	size_t m = n - (size_t)offset < (size_t)limit ? n - (size_t)offset : (size_t)limit;
	out->more = (size_t)offset + m < n;
	buf ids;
	buf_init(&ids, 1 << 16);
	buf_putc(&ids, '[');
	for (size_t k = 0; k < m; k++)
		buf_printf(&ids, "%s%lld", k ? "," : "", (long long)c[offset + k].id);
	buf_putc(&ids, ']');
	out->hits = arena_alloc(a, (m ? m : 1) * sizeof *out->hits);
	memset(out->hits, 0, (m ? m : 1) * sizeof *out->hits);
	qq = db_q(d, &st_search_rows);
	db_bind_text(qq, 1, buf_cstr(&ids));
	buf_free(&ids);
	while ((rc = db_step(qq)) == DB_ROW) {
		int64_t id = db_int(qq, 0);
		size_t k = 0;
		while (k < m && c[offset + k].id != id)
			k++;
		if (k == m)
			continue;
		struct search_hit *h = &out->hits[k];
		h->id = id;
		h->doc_type = arena_strdup(a, db_text(qq, 1));
		h->doc_id = db_int(qq, 2);
		h->title = arena_strdup(a, db_text(qq, 3));
		const char *body = db_text(qq, 4);
		h->url = arena_strdup(a, db_text(qq, 5));
		h->updated_at = db_int(qq, 6);
		h->title_html = highlight(a, &p, h->title, false);
		h->snippet_html = highlight(a, &p, body, true);
	}
	r = rc == DB_DONE ? SK_OK : db_rc(d);
	db_done(qq);
	/* a row deleted between the two statements: drop its slot */
	size_t kept = 0;
	for (size_t k = 0; k < m; k++)
		if (out->hits[k].title)
			out->hits[kept++] = out->hits[k];
	out->n = kept;
	return r;
}

sk_rc search_query(struct req *r, const char *q, const struct search_filters *f, int limit, int offset,
                   struct search_result *out)
{
	memset(out, 0, sizeof *out);
	if (!q)
		q = "";
	if (!utf8_valid(q, strlen(q))) {
		req_field_error(r, "q", T(r, "The search text is not valid text."));
		return SK_EINPUT;
	}
	if (strlen(q) > SEARCH_Q_MAX) {
		req_field_error(r, "q", T(r, "The search text is too long (at most 1000 characters)."));
		return SK_EINPUT;
	}
	buf types;
	buf_init(&types, 1 << 16);
	SK_FOREACH(search_types, struct search_type, t) {
		if (f && f->type && *f->type && !str_eq(f->type, t->code))
			continue;
		if (!req_has_perm(r, t->perm))
			continue;
		if (types.len)
			buf_putc(&types, ',');
		buf_puts(&types, t->code);
	}
	const char *csv = arena_strdup(&r->a, buf_cstr(&types));
	buf_free(&types);
	return search_run(r->db, &r->a, r->inst->id, r->inst->slug, csv, q, f, limit, offset, out);
}

static int64_t filter_day(struct req *r, const char *name, int add)
{
	const char *s = req_query(r, name);
	if (!s || !*s)
		return 0;
	int ymd;
	if (strlen(s) != 10 || !ymd_parse(s, &ymd)) {
		req_field_error(r, name, T(r, "Enter a date as YYYY-MM-DD."));
		return 0;
	}
	return local_to_unix(add ? ymd_add_days(ymd, add) : ymd, 0, 0);
}

void search_read_filters(struct req *r, struct search_filters *f)
{
	memset(f, 0, sizeof *f);
	const char *t = req_query(r, "type");
	if (t && *t) {
		if (search_type_find(t))
			f->type = t;
		else
			req_field_error(r, "type", T(r, "Choose a value from the list."));
	}
	f->from = filter_day(r, "from", 0);
	int64_t to = filter_day(r, "to", 1);
	f->to = to ? to - 1 : 0;
	if (f->from && to && f->from > f->to)
		req_field_error(r, "to", T(r, "The end of the period is before its start."));
	const char *dep = req_query(r, "department");
	if (dep && *dep && (!parse_i64(dep, &f->department_id) || f->department_id < 1)) {
		f->department_id = 0;
		req_field_error(r, "department", T(r, "Choose a value from the list."));
	}
	const char *st = req_query(r, "status");
	if (st && *st) {
		bool known = false;
		for (int i = 0; search_statuses[i]; i++)
			known = known || str_eq(search_statuses[i], st);
		if (known)
			f->status = st;
		else
			req_field_error(r, "status", T(r, "Choose a value from the list."));
	}
	const char *tag = req_query(r, "tag");
	if (tag && *tag) {
		if (strlen(tag) > 200 || !utf8_valid(tag, strlen(tag)))
			req_field_error(r, "tag", T(r, "The tag is too long (at most 200 characters)."));
		else
			f->tag = tags_folded(&r->a, tag);
		/* one tag: ",x," (a comma in it would make two) */
		size_t n = f->tag ? strlen(f->tag) : 0;
		if (n <= 2) {
			f->tag = NULL;
		} else if (strchr(f->tag + 1, ',') != f->tag + n - 1) {
			f->tag = NULL;
			req_field_error(r, "tag", T(r, "Enter one tag."));
		} else {
			f->tag = arena_strndup(&r->a, f->tag + 1, n - 2);
		}
	}
}

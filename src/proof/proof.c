/*
 * proof.c -- the checker (see proof.h): spelling here, the L8 rules in
 * typo.c. Words come from ICU's word breaker over the UTF-16 text; a
 * word is skipped when it holds digits, is a single letter, is written
 * in capitals (an abbreviation), has a capital inside ("YouTube"), is
 * the ending of an ordinal ("23-iąją"), or lies in a URL, an e-mail
 * address or a `code` span. The rest are looked up in the institution's
 * dictionary (the word case-folded, or its Snowball stem, so that one
 * entry covers a name's inflected forms) and then in hunspell.
 *
 * Hunspell handles are not thread-safe: one per language, each behind
 * its own mutex, created on first use (like the search analyzer's, which
 * keeps its own). lt_LT is ISO-8859-13: UTF-8 goes in converted by ICU
 * with a STOP callback, so a word with a character outside that charset
 * is not checked rather than mangled; suggestions come back converted.
 * Suggesting costs 5-20 ms a word, so results (correct or not, and the
 * suggestions) are memoised per word in a process-wide direct-mapped
 * table under the same mutex, and one check asks hunspell for the
 * suggestions of at most PROOF_SUGG_WORDS new words within
 * PROOF_SUGG_MS; words past either cap are flagged without suggestions.
 *
 * Measured (2026-12-07, the 2-core build VM, other builds running): a
 * 2,000-word Lithuanian text through POST /api/v1/{inst}/proof takes
 * 30-125 ms on a cold process with no misspellings and 3-5 ms warm;
 * with 20 misspelled words 0.55-1.4 s cold (hunspell suggest, 15-40 ms a
 * word) and about 30 ms once they are memoised; a 200 KB text with 300
 * misspellings stays at about 1.6 s (the suggestion cap).
 */
#include "proof_int.h"

#include <hunspell/hunspell.h>
#include <libstemmer.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#define PROOF_SUGG_WORDS 40
#define PROOF_SUGG_MS 1500
#define MEMO_SLOTS 8192          /* per language, a power of two */
#define WORD_BYTES 256           /* longer words are not checked */

SK_STMT(st_proof_dict_words, 0, "SELECT word FROM proof_words WHERE institution_id = $1 LIMIT 50000");
SK_STMT(st_proof_style_rules, 0,
        "SELECT phrase_key, suggestion, note FROM proof_style_rules WHERE institution_id = $1 AND lang = $2 "
        "ORDER BY id LIMIT 2000");

/* ---- hunspell, one handle per language ------------------------------------ */

struct memo {
	char *key;                   /* the word, UTF-8, malloc'd */
	bool ok, sugg_done;
	int nsugg;
	char *sugg[PROOF_MAX_SUGG];  /* UTF-8, malloc'd */
};

static struct hs_lang {
	const char *aff, *dic, *charset;   /* charset NULL = UTF-8 */
	pthread_once_t once;
	pthread_mutex_t mu;
	Hunhandle *h;
	UConverter *cv;
	struct memo *memo;
} hs_langs[2] = {
        {"/usr/share/hunspell/lt_LT.aff", "/usr/share/hunspell/lt_LT.dic", "ISO-8859-13", PTHREAD_ONCE_INIT,
         PTHREAD_MUTEX_INITIALIZER, NULL, NULL, NULL},
        {"/usr/share/hunspell/en_US.aff", "/usr/share/hunspell/en_US.dic", NULL, PTHREAD_ONCE_INIT,
         PTHREAD_MUTEX_INITIALIZER, NULL, NULL, NULL},
};

static void hs_open(struct hs_lang *L)
{
	FILE *f = fopen(L->dic, "r");
	if (!f)
		return;
	fclose(f);
	if (L->charset) {
		UErrorCode e = U_ZERO_ERROR;
		L->cv = ucnv_open(L->charset, &e);
		if (U_FAILURE(e))
			return;
		ucnv_setFromUCallBack(L->cv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
		ucnv_setToUCallBack(L->cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
	}
	L->memo = xcalloc(MEMO_SLOTS, sizeof *L->memo);
	L->h = Hunspell_create(L->aff, L->dic);
}
static void hs_open_lt(void) { hs_open(&hs_langs[0]); }
static void hs_open_en(void) { hs_open(&hs_langs[1]); }

static struct hs_lang *hs_get(bool lt)
{
	pthread_once(lt ? &hs_langs[0].once : &hs_langs[1].once, lt ? hs_open_lt : hs_open_en);
	struct hs_lang *L = &hs_langs[lt ? 0 : 1];
	return L->h ? L : NULL;
}

/* UTF-8 -> the dictionary's charset into out; false when a character
 * does not exist there. Under L->mu. */
static bool to_dict(struct hs_lang *L, const char *w, char *out, size_t cap)
{
	size_t wn = strlen(w);
	if (wn + 1 > cap)
		return false;
	if (!L->cv) {
		/* en_US: the typographic apostrophe as the dictionary spells it */
		size_t o = 0;
		for (size_t i = 0; i < wn;) {
			if ((unsigned char)w[i] == 0xE2 && i + 2 < wn && (unsigned char)w[i + 1] == 0x80 &&
			    (unsigned char)w[i + 2] == 0x99) {
				out[o++] = '\'';
				i += 3;
			} else {
				out[o++] = w[i++];
			}
		}
		out[o] = 0;
		return true;
	}
	UChar u[WORD_BYTES];
	int32_t un = 0;
	UErrorCode e = U_ZERO_ERROR;
	u_strFromUTF8(u, WORD_BYTES, &un, w, (int32_t)wn, &e);
	if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
		return false;
	e = U_ZERO_ERROR;
	ucnv_reset(L->cv);
	int32_t bn = ucnv_fromUChars(L->cv, out, (int32_t)cap - 1, u, un, &e);
	if (U_FAILURE(e) || bn <= 0)
		return false;
	out[bn] = 0;
	return true;
}

/* The dictionary's charset -> UTF-8, malloc'd; NULL on failure. Under L->mu. */
static char *from_dict(struct hs_lang *L, const char *s)
{
	if (!L->cv)
		return utf8_valid(s, strlen(s)) ? xstrdup(s) : NULL;
	UChar u[WORD_BYTES];
	UErrorCode e = U_ZERO_ERROR;
	ucnv_reset(L->cv);
	int32_t un = ucnv_toUChars(L->cv, u, WORD_BYTES, s, -1, &e);
	if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
		return NULL;
	char b[WORD_BYTES * 3 + 1];
	int32_t bn = 0;
	u_strToUTF8(b, (int32_t)sizeof b - 1, &bn, u, un, &e);
	if (U_FAILURE(e))
		return NULL;
	b[bn] = 0;
	return xstrdup(b);
}

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void memo_clear(struct memo *m)
{
	free(m->key);
	for (int i = 0; i < m->nsugg; i++)
		free(m->sugg[i]);
	memset(m, 0, sizeof *m);
}

struct sugg_budget {
	int words;          /* suggest calls left */
	int64_t deadline;   /* now_ms() past which no more */
};

/* Looks w up; true when correct (or not checkable). When it is not and
 * sugg is given, fills sugg/nsugg (arena copies), asking hunspell only
 * within the budget. */
static bool spell(bool lt, arena *a, const char *w, struct sugg_budget *b, const char **sugg, int *nsugg)
{
	if (nsugg)
		*nsugg = 0;
	struct hs_lang *L = hs_get(lt);
	if (!L)
		return true;
	char dw[WORD_BYTES * 2];
	bool ok = true;
	pthread_mutex_lock(&L->mu);
	struct memo *m = &L->memo[hash_str(w) & (MEMO_SLOTS - 1)];
	if (!m->key || strcmp(m->key, w) != 0) {
		memo_clear(m);
		if (!to_dict(L, w, dw, sizeof dw)) {
			pthread_mutex_unlock(&L->mu);
			return true;
		}
		m->key = xstrdup(w);
		m->ok = Hunspell_spell(L->h, dw) != 0;
	}
	ok = m->ok;
	if (!ok && sugg && !m->sugg_done && b && b->words > 0 && now_ms() < b->deadline && to_dict(L, w, dw, sizeof dw)) {
		b->words--;
		char **list = NULL;
		int k = Hunspell_suggest(L->h, &list, dw);
		for (int i = 0; i < k && m->nsugg < PROOF_MAX_SUGG; i++) {
			char *u = from_dict(L, list[i]);
			if (u)
				m->sugg[m->nsugg++] = u;
		}
		if (list)
			Hunspell_free_list(L->h, &list, k);
		m->sugg_done = true;
	}
	if (!ok && sugg)
		for (int i = 0; i < m->nsugg; i++)
			sugg[(*nsugg)++] = arena_strdup(a, m->sugg[i]);
	pthread_mutex_unlock(&L->mu);
	return ok;
}

bool proof_spell_ok(bool lt, const char *word) { return spell(lt, NULL, word, NULL, NULL, NULL); }

/* ---- small helpers ------------------------------------------------------------- */

int32_t proof_cp(const char *s, size_t n, size_t i, size_t *next)
{
	int32_t c;
	U8_NEXT_UNSAFE((const uint8_t *)s, i, c);
	(void)n;
	*next = i;
	return c;
}

int32_t proof_cp_before(const char *s, size_t i, size_t *start)
{
	int32_t c;
	U8_PREV_UNSAFE((const uint8_t *)s, i, c);
	*start = i;
	return c;
}

const char *proof_kind_name(enum proof_kind k)
{
	static const char *const names[PROOF__MAX] = {"spelling", "typography", "style"};
	return (unsigned)k < PROOF__MAX ? names[k] : "style";
}

struct proof_issue *proof_add(struct proof_ctx *c, size_t start, size_t end, enum proof_kind kind,
                              const char *rule, const char *msg, const char *sugg)
{
	if (c->nv >= PROOF_MAX_ISSUES) {
		c->truncated = true;
		return NULL;
	}
	if (c->nv == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 32;
		struct proof_issue *nv = arena_alloc(c->a, nc * sizeof *nv);
		if (c->nv)
			memcpy(nv, c->v, c->nv * sizeof *nv);
		c->v = nv;
		c->cap = nc;
	}
	struct proof_issue *is = &c->v[c->nv++];
	memset(is, 0, sizeof *is);
	is->start = start;
	is->end = end;
	is->kind = kind;
	is->rule = rule;
	is->msg = msg;
	is->text = arena_strndup(c->a, c->s + start, end - start);
	if (sugg)
		is->sugg[is->nsugg++] = sugg;
	return is;
}

/* UTF-16 -> case-folded UTF-8 (arena); NULL on failure. */
static char *fold16(arena *a, const UChar *w, int32_t n)
{
	UChar f[WORD_BYTES * 2];
	UErrorCode e = U_ZERO_ERROR;
	int32_t fn = u_strFoldCase(f, (int32_t)SK_ARRAY_LEN(f), w, n, U_FOLD_CASE_DEFAULT, &e);
	if (U_FAILURE(e))
		return NULL;
	char *out = arena_alloc(a, (size_t)fn * 3 + 1);
	int32_t bn = 0;
	u_strToUTF8(out, fn * 3 + 1, &bn, f, fn, &e);
	if (U_FAILURE(e))
		return NULL;
	out[bn] = 0;
	return out;
}

static bool is_apos(UChar32 c) { return c == '\'' || c == 0x2019; }

char *proof_word_key(arena *a, const char *w)
{
	if (!w)
		return NULL;
	size_t wn = strlen(w);
	if (wn == 0 || wn >= WORD_BYTES || !utf8_valid(w, wn))
		return NULL;
	UChar u[WORD_BYTES];
	int32_t un = 0;
	UErrorCode e = U_ZERO_ERROR;
	u_strFromUTF8(u, WORD_BYTES, &un, w, (int32_t)wn, &e);
	if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
		return NULL;
	int32_t cps = 0;
	UChar32 prev = 0;
	for (int32_t i = 0; i < un;) {
		UChar32 c;
		U16_NEXT(u, i, un, c);
		bool sep = c == '-' || is_apos(c);
		if (sep && (cps == 0 || i == un || prev == '-' || is_apos(prev)))
			return NULL;   /* a separator only between letters */
		if (!sep && !u_isalpha(c) && u_charType(c) != U_NON_SPACING_MARK)
			return NULL;
		prev = c;
		cps++;
	}
	if (cps > PROOF_WORD_MAX)
		return NULL;
	return fold16(a, u, un);
}

char *proof_phrase_key(arena *a, const char *phrase)
{
	if (!phrase || utf8_len(phrase) > 100)
		return NULL;
	char *out = arena_strdup(a, "");
	int nw = 0;
	for (const char *p = phrase; *p;) {
		while (*p == ' ' || *p == '-' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != ' ' && *e != '-' && *e != '\t')
			e++;
		char *k = proof_word_key(a, arena_strndup(a, p, (size_t)(e - p)));
		if (!k || ++nw > 8)
			return NULL;
		out = arena_printf(a, "%s%s%s", out, *out ? " " : "", k);
		p = e;
	}
	return nw ? out : NULL;
}

/* ---- the institution's dictionary as a set ------------------------------------- */

struct sset {
	const char **k;
	size_t cap;
};

static void sset_init(arena *a, struct sset *s, size_t expect)
{
	s->cap = 64;
	while (s->cap < expect * 2)
		s->cap *= 2;
	s->k = arena_alloc(a, s->cap * sizeof *s->k);
}

static void sset_add(struct sset *s, const char *k)
{
	if (!k || !*k)
		return;
	for (size_t i = hash_str(k) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (!s->k[i]) {
			s->k[i] = k;
			return;
		}
		if (strcmp(s->k[i], k) == 0)
			return;
	}
}

static bool sset_has(const struct sset *s, const char *k)
{
	if (!k || !*k)
		return false;
	for (size_t i = hash_str(k) & (s->cap - 1); s->k[i]; i = (i + 1) & (s->cap - 1))
		if (strcmp(s->k[i], k) == 0)
			return true;
	return false;
}

struct dict {
	struct sset words, stems;
	struct sb_stemmer *sb;
};

/* The Snowball stem of a folded word, from the arena; NULL when it is
 * shorter than 4 characters (too short to stand for one name). */
static const char *stem_of(arena *a, struct dict *dc, const char *fold)
{
	if (!dc->sb)
		return NULL;
	const sb_symbol *st = sb_stemmer_stem(dc->sb, (const sb_symbol *)fold, (int)strlen(fold));
	if (!st)
		return NULL;
	const char *s = arena_strndup(a, (const char *)st, (size_t)sb_stemmer_length(dc->sb));
	return utf8_len(s) >= 4 ? s : NULL;
}

static void dict_add(arena *a, struct dict *dc, const char *key)
{
	sset_add(&dc->words, key);
	sset_add(&dc->stems, stem_of(a, dc, key));
	/* a hyphenated entry ("petkevičaitė-bitė") also covers its parts,
	 * which is how the word breaker meets them */
	if (!strchr(key, '-'))
		return;
	for (const char *p = key;;) {
		const char *h = strchr(p, '-');
		char *part = h ? arena_strndup(a, p, (size_t)(h - p)) : arena_strdup(a, p);
		sset_add(&dc->words, part);
		sset_add(&dc->stems, stem_of(a, dc, part));
		if (!h)
			break;
		p = h + 1;
	}
}

static sk_rc dict_load(arena *a, db *d, int64_t inst, bool lt, struct dict *dc)
{
	memset(dc, 0, sizeof *dc);
	dc->sb = sb_stemmer_new(lt ? "lithuanian" : "english", "UTF_8");
	size_t cap = 64, cnt = 0;
	const char **keys = arena_alloc(a, cap * sizeof *keys);
	dbq *q = db_q(d, &st_proof_dict_words);
	if (!q)
		return SK_EDB;
	db_bind_int(q, 1, inst);
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		char *k = proof_word_key(a, db_text(q, 0));
		if (!k)
			continue;
		if (cnt == cap) {
			const char **nk = arena_alloc(a, cap * 2 * sizeof *nk);
			memcpy(nk, keys, cap * sizeof *keys);
			keys = nk;
			cap *= 2;
		}
		keys[cnt++] = k;
	}
	db_done(q);
	if (rc == DB_ERROR)
		return SK_EDB;
	sset_init(a, &dc->words, cnt * 3);
	sset_init(a, &dc->stems, cnt * 3);
	for (size_t i = 0; i < cnt; i++)
		dict_add(a, dc, keys[i]);
	return SK_OK;
}

/* ---- URLs, e-mail addresses, code spans -------------------------------------- */

static bool is_space_byte(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

static void mark_skips(struct proof_ctx *c)
{
	const char *s = c->s;
	size_t n = c->n;
	for (size_t i = 0; i < n;) {
		if (is_space_byte(s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && !is_space_byte(s[j]))
			j++;
		/* one whitespace-delimited token [i, j): an e-mail address is all
		 * of it; a URL from its scheme or "www." on, so that the text of
		 * a Markdown link before it ("[Renginys](https://...)") is still
		 * checked */
		size_t from = j;
		bool mail = false;
		for (size_t k = i; k < j && from == j; k++) {
			if (k + 3 <= j && memcmp(s + k, "://", 3) == 0) {
				from = k;
				while (from > i && ((s[from - 1] >= 'a' && s[from - 1] <= 'z') || (s[from - 1] >= 'A' && s[from - 1] <= 'Z')))
					from--;
			} else if (k + 4 <= j && (k == i || !u_isalnum((unsigned char)s[k - 1])) &&
			           (memcmp(s + k, "www.", 4) == 0 || memcmp(s + k, "WWW.", 4) == 0)) {
				from = k;
			} else if (s[k] == '@' && k > i && k + 1 < j) {
				mail = true;
			}
		}
		if (mail)
			from = i;
		if (from < j)
			memset(c->skip + from, 1, j - from);
		i = j;
	}
	/* `inline code` */
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '`')
			continue;
		const char *e = memchr(s + i + 1, '`', n - i - 1);
		const char *nl = memchr(s + i + 1, '\n', n - i - 1);
		if (!e || (nl && nl < e))
			continue;
		memset(c->skip + i, 1, (size_t)(e - s) - i + 1);
		i = (size_t)(e - s);
	}
}

/* ---- spelling ---------------------------------------------------------------------- */

/* ICU UTF-16 text with the byte offset of every code unit (boff[un] = n). */
struct u16text {
	UChar *u;
	int32_t un;
	size_t *boff;
};

static sk_rc to_u16(arena *a, const char *s, size_t n, struct u16text *t)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t un = 0;
	u_strFromUTF8(NULL, 0, &un, s, (int32_t)n, &e);
	e = U_ZERO_ERROR;
	t->u = arena_alloc(a, ((size_t)un + 1) * sizeof(UChar));
	u_strFromUTF8(t->u, un + 1, NULL, s, (int32_t)n, &e);
	if (U_FAILURE(e))
		return SK_EINPUT;
	t->un = un;
	t->boff = arena_alloc(a, ((size_t)un + 1) * sizeof(size_t));
	size_t b = 0;
	for (int32_t i = 0; i < un;) {
		UChar32 ch;
		int32_t i0 = i;
		U16_NEXT(t->u, i, un, ch);
		for (int32_t k = i0; k < i; k++)
			t->boff[k] = b;
		b += (size_t)U8_LENGTH(ch);
	}
	t->boff[un] = b;
	return SK_OK;
}

static bool is_dash_cp(int32_t ch) { return ch == '-' || ch == 0x2010 || ch == 0x2011 || ch == 0x2013 || ch == 0x2014; }

static void spelling(struct proof_ctx *c, const struct u16text *t, struct dict *dc)
{
	UErrorCode e = U_ZERO_ERROR;
	UBreakIterator *bi = ubrk_open(UBRK_WORD, c->lt ? "lt" : "en", t->u, t->un, &e);
	if (U_FAILURE(e))
		return;
	struct sugg_budget b = {PROOF_SUGG_WORDS, now_ms() + PROOF_SUGG_MS};
	int32_t s = ubrk_first(bi);
	for (int32_t en = ubrk_next(bi); en != UBRK_DONE; s = en, en = ubrk_next(bi)) {
		int st = ubrk_getRuleStatus(bi);
		if (st < UBRK_WORD_LETTER || st >= UBRK_WORD_LETTER_LIMIT)
			continue;   /* spaces, punctuation, numbers, kana, ideographs */
		size_t bs = t->boff[s], be = t->boff[en];
		if (be - bs >= WORD_BYTES / 2 || c->skip[bs])
			continue;
		int letters = 0, upper = 0, lower = 0;
		bool digit = false, inner_cap = false;
		for (int32_t i = s; i < en;) {
			UChar32 ch;
			U16_NEXT(t->u, i, en, ch);
			if (u_isdigit(ch))
				digit = true;
			if (u_isalpha(ch))
				letters++;
			if (u_isupper(ch) || u_istitle(ch)) {
				if (lower)
					inner_cap = true;
				upper++;
			} else if (u_islower(ch)) {
				lower++;
			}
		}
		if (digit || letters < 2 || lower == 0 || inner_cap)
			continue;
		/* the ending of an ordinal: 23-iąją, 1990-ųjų, 1–oji */
		if (bs >= 2) {
			size_t p0, p1;
			int32_t d = proof_cp_before(c->s, bs, &p0);
			if (is_dash_cp(d) && p0 > 0 && u_isdigit(proof_cp_before(c->s, p0, &p1)))
				continue;
		}
		const char *key = fold16(c->a, t->u + s, en - s);
		if (!key || sset_has(&dc->words, key) || sset_has(&dc->stems, stem_of(c->a, dc, key)))
			continue;
		const char *w = arena_strndup(c->a, c->s + bs, be - bs);
		const char *sg[PROOF_MAX_SUGG];
		int ns = 0;
		if (spell(c->lt, c->a, w, &b, sg, &ns))
			continue;
		struct proof_issue *is = proof_add(c, bs, be, PROOF_SPELLING, "spelling", N_("Possible misspelling."), NULL);
		if (!is)
			break;
		for (int i = 0; i < ns; i++)
			is->sugg[is->nsugg++] = sg[i];
	}
	ubrk_close(bi);
}

/* ---- house-style rules ---------------------------------------------------------------- */

struct style_rule {
	const char **w;      /* folded words */
	int nw;
	const char *sugg, *note;
};

static sk_rc rules_load(arena *a, db *d, int64_t inst, const char *lang, struct style_rule **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	dbq *q = db_q(d, &st_proof_style_rules);
	if (!q)
		return SK_EDB;
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, lang);
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct style_rule *nv = arena_alloc(a, nc * sizeof *nv);
			if (*n)
				memcpy(nv, *out, *n * sizeof *nv);
			*out = nv;
			cap = nc;
		}
		struct style_rule *ru = &(*out)[*n];
		const char *key = db_text(q, 0);
		ru->w = arena_alloc(a, 9 * sizeof *ru->w);
		ru->nw = 0;
		for (const char *p = key; *p && ru->nw < 8;) {
			const char *sp = strchr(p, ' ');
			ru->w[ru->nw++] = sp ? arena_strndup(a, p, (size_t)(sp - p)) : arena_strdup(a, p);
			p = sp ? sp + 1 : p + strlen(p);
		}
		ru->sugg = arena_strdup(a, db_text(q, 1));
		ru->note = *db_text(q, 2) ? arena_strdup(a, db_text(q, 2)) : NULL;
		if (ru->nw)
			(*n)++;
	}
	db_done(q);
	return rc == DB_ERROR ? SK_EDB : SK_OK;
}

/* The suggestion with its first letter in capitals when the text's
 * occurrence starts with one ("Ko pasekoje" -> "Dėl to"). */
static const char *match_case(arena *a, const char *sugg, const char *occ)
{
	int32_t c0, s0;
	size_t i = 0, j = 0;
	if (!*sugg || !*occ)
		return sugg;
	U8_NEXT_UNSAFE((const uint8_t *)occ, i, c0);
	U8_NEXT_UNSAFE((const uint8_t *)sugg, j, s0);
	if (!u_isupper(c0) || !u_islower(s0))
		return sugg;
	char b[4];
	int32_t k = 0;
	UBool err = false;
	U8_APPEND((uint8_t *)b, k, 4, u_toupper(s0), err);
	if (err)
		return sugg;
	return arena_printf(a, "%.*s%s", (int)k, b, sugg + j);
}

static void house_rules(struct proof_ctx *c, const struct u16text *t, const struct style_rule *rules, size_t nr)
{
	if (nr == 0)
		return;
	UErrorCode e = U_ZERO_ERROR;
	UBreakIterator *bi = ubrk_open(UBRK_WORD, c->lt ? "lt" : "en", t->u, t->un, &e);
	if (U_FAILURE(e))
		return;
	/* the words of the text, folded, with their byte spans */
	size_t cap = 256, nw = 0;
	struct tw {
		size_t s, e;
		const char *k;
	} *ws = arena_alloc(c->a, cap * sizeof *ws);
	int32_t s = ubrk_first(bi);
	for (int32_t en = ubrk_next(bi); en != UBRK_DONE; s = en, en = ubrk_next(bi)) {
		int st = ubrk_getRuleStatus(bi);
		if (st < UBRK_WORD_LETTER || st >= UBRK_WORD_LETTER_LIMIT || en - s >= WORD_BYTES / 2)
			continue;
		if (nw == cap) {
			struct tw *nv = arena_alloc(c->a, cap * 2 * sizeof *nv);
			memcpy(nv, ws, cap * sizeof *ws);
			ws = nv;
			cap *= 2;
		}
		ws[nw].s = t->boff[s];
		ws[nw].e = t->boff[en];
		ws[nw].k = fold16(c->a, t->u + s, en - s);
		if (ws[nw].k)
			nw++;
	}
	ubrk_close(bi);
	for (size_t i = 0; i < nw; i++) {
		if (c->skip[ws[i].s])
			continue;
		for (size_t r = 0; r < nr; r++) {
			const struct style_rule *ru = &rules[r];
			if (i + (size_t)ru->nw > nw)
				continue;
			bool ok = true;
			for (int k = 0; k < ru->nw && ok; k++) {
				ok = strcmp(ws[i + k].k, ru->w[k]) == 0;
				/* between the words: spaces or a hyphen only */
				for (size_t g = k ? ws[i + k - 1].e : ws[i].s; ok && k && g < ws[i + k].s; g++)
					ok = c->s[g] == ' ' || c->s[g] == '-' || c->s[g] == '\n' || (unsigned char)c->s[g] == 0xC2 ||
					     (unsigned char)c->s[g] == 0xA0;
			}
			if (!ok)
				continue;
			size_t end = ws[i + (size_t)ru->nw - 1].e;
			struct proof_issue *is =
			        proof_add(c, ws[i].s, end, PROOF_STYLE, "house_style",
			                  N_("The institution's house style prefers other wording."), NULL);
			if (!is)
				return;
			is->note = ru->note;
			if (*ru->sugg)
				is->sugg[is->nsugg++] = match_case(c->a, ru->sugg, c->s + ws[i].s);
			break;
		}
	}
}

/* ---- the check ----------------------------------------------------------------------- */

static int issue_cmp(const void *x, const void *y)
{
	const struct proof_issue *a = x, *b = y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1;   /* the wider first: it encloses */
	return (int)a->kind - (int)b->kind;
}

sk_rc proof_check_ex(arena *a, db *d, int64_t inst, const char *text, const char *lang, struct proof_issue **out,
                     size_t *n, bool *truncated)
{
	*out = NULL;
	*n = 0;
	if (truncated)
		*truncated = false;
	if (!text || !lang || (!str_eq(lang, "lt") && !str_eq(lang, "en")))
		return SK_EINPUT;
	size_t len = strlen(text);
	if (len > PROOF_TEXT_MAX)
		return SK_ETOOBIG;
	if (!utf8_valid(text, len))
		return SK_EINPUT;
	if (len == 0)
		return SK_OK;
	struct proof_ctx c = {.a = a, .s = text, .n = len, .lt = str_eq(lang, "lt")};
	c.skip = arena_alloc(a, len + 1);
	mark_skips(&c);
	struct u16text t;
	sk_rc rc = to_u16(a, text, len, &t);
	if (rc != SK_OK)
		return rc;
	struct dict dc;
	struct style_rule *rules = NULL;
	size_t nr = 0;
	rc = dict_load(a, d, inst, c.lt, &dc);
	if (rc == SK_OK)
		rc = rules_load(a, d, inst, c.lt ? "lt" : "en", &rules, &nr);
	if (rc == SK_OK) {
		spelling(&c, &t, &dc);
		proof_typography(&c);
		house_rules(&c, &t, rules, nr);
	}
	if (dc.sb)
		sb_stemmer_delete(dc.sb);
	if (rc != SK_OK)
		return rc;
	if (c.nv)
		qsort(c.v, c.nv, sizeof *c.v, issue_cmp);
	/* UTF-16 offsets: walk the text once alongside the sorted starts */
	size_t *u16at = arena_alloc(a, (len + 1) * sizeof *u16at);
	for (int32_t i = t.un; i >= 0; i--)   /* descending: a pair's first unit wins */
		u16at[t.boff[i]] = (size_t)i;
	for (size_t i = 0; i < c.nv; i++) {
		c.v[i].start16 = u16at[c.v[i].start];
		c.v[i].end16 = u16at[c.v[i].end];
	}
	*out = c.v;
	*n = c.nv;
	if (truncated)
		*truncated = c.truncated;
	return SK_OK;
}

sk_rc proof_check(arena *a, db *d, int64_t inst, const char *text, const char *lang, struct proof_issue **out,
                  size_t *n)
{
	return proof_check_ex(a, d, inst, text, lang, out, n, NULL);
}

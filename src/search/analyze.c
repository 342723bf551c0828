/*
 * analyze.c -- see analyze.h. ICU does the word breaking, case folding,
 * diacritic removal (NFD, drop non-spacing marks) and the ISO-8859-13
 * conversion for hunspell (its lt_LT dictionary is in that charset).
 * Thread safety: the hunspell handle is shared behind a mutex; the
 * Snowball stemmer is per thread; ICU objects are per call.
 *
 * A word's terms depend on the word alone, and hunspell and Snowball cost
 * tens of microseconds a word, so each thread keeps the analyses of the
 * words it met last in a small direct-mapped cache (keyed by the word's
 * exact UTF-16 text): running text repeats its words (Zipf), and search
 * highlights the same result texts again and again.
 */
#include "analyze.h"

#include <hunspell/hunspell.h>
#include <libstemmer.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#define AN_WORD_MAX 64   /* UTF-16 units; longer words are indexed as cut */

static pthread_once_t hs_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t hs_mu = PTHREAD_MUTEX_INITIALIZER;
static Hunhandle *hs;

static void hs_init(void)
{
	const char *aff = "/usr/share/hunspell/lt_LT.aff", *dic = "/usr/share/hunspell/lt_LT.dic";
	FILE *f = fopen(dic, "r");
	if (!f)
		return;
	fclose(f);
	hs = Hunspell_create(aff, dic);
}

bool an_hunspell_ok(void)
{
	pthread_once(&hs_once, hs_init);
	return hs != NULL;
}

static _Thread_local struct sb_stemmer *sb;
/* Each thread's stemmer is freed when the thread ends (worker and MHD
 * threads of a stopping server), so LeakSanitizer sees nothing. */
static pthread_key_t sb_key;
static pthread_once_t sb_key_once = PTHREAD_ONCE_INIT;
static void sb_free(void *p) { sb_stemmer_delete(p); }
static void sb_key_init(void) { pthread_key_create(&sb_key, sb_free); }

/* UTF-16 -> case fold -> NFD without marks -> letters/digits only -> UTF-8 */
static char *fold16(arena *a, const UChar *w, int32_t n)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar f[AN_WORD_MAX * 3 + 8], d[AN_WORD_MAX * 6 + 16];
	int32_t fn = u_strFoldCase(f, (int32_t)(sizeof f / sizeof *f), w, n, U_FOLD_CASE_DEFAULT, &e);
	if (U_FAILURE(e))
		return NULL;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&e);
	if (U_FAILURE(e))
		return NULL;
	int32_t dn = unorm2_normalize(nfd, f, fn, d, (int32_t)(sizeof d / sizeof *d), &e);
	if (U_FAILURE(e))
		return NULL;
	char *out = arena_alloc(a, (size_t)dn * 3 + 1);
	size_t o = 0;
	for (int32_t i = 0; i < dn;) {
		UChar32 c;
		U16_NEXT(d, i, dn, c);
		if (u_charType(c) == U_NON_SPACING_MARK || !u_isalnum(c))
			continue;
		uint8_t tmp[4];
		int32_t k = 0;
		UBool err = false;
		U8_APPEND((uint8_t *)tmp, k, 4, c, err);
		if (err)
			continue;
		memcpy(out + o, tmp, (size_t)k);
		o += (size_t)k;
	}
	out[o] = 0;
	return out;
}

char *an_fold(arena *a, const char *s)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar w[AN_WORD_MAX + 1];
	int32_t n = 0;
	u_strFromUTF8(w, AN_WORD_MAX, &n, s, -1, &e);
	if (e == U_BUFFER_OVERFLOW_ERROR || e == U_STRING_NOT_TERMINATED_WARNING)
		n = AN_WORD_MAX, e = U_ZERO_ERROR;
	if (U_FAILURE(e))
		return arena_strdup(a, "");
	char *r = fold16(a, w, n);
	return r ? r : arena_strdup(a, "");
}

static void add_term(struct an_word *wd, const char *t)
{
	if (!t || !*t || wd->nterms >= AN_MAX_TERMS)
		return;
	for (int i = 0; i < wd->nterms; i++)
		if (strcmp(wd->terms[i], t) == 0)
			return;
	wd->terms[wd->nterms++] = t;
}

static void add_snowball(arena *a, struct an_word *wd, const char *utf8)
{
	if (!sb) {
		sb = sb_stemmer_new("lithuanian", "UTF_8");
		pthread_once(&sb_key_once, sb_key_init);
		if (sb)
			pthread_setspecific(sb_key, sb);
	}
	if (!sb)
		return;
	const sb_symbol *s = sb_stemmer_stem(sb, (const sb_symbol *)utf8, (int)strlen(utf8));
	if (s)
		add_term(wd, an_fold(a, (const char *)s));
}

/* ---- words typed without diacritics ------------------------------------
 * Snowball recognises an ending only with its diacritics: "erdveje" stems
 * to "erdvej" while "erdvėje" gives "erdv"; and its fix of the t -> č
 * alternation ("Petraičiui" -> "petrait") needs the č. For a word with no
 * diacritics (as typed, or written) we try putting them back: in the
 * last four letters e -> ė/ę, a -> ą, u -> ų/ū, i -> į (and -> y as the
 * last letter: inside a word it over-strips, "savaita" -> "savaytą" ->
 * "sava"), s -> š, z -> ž, c -> č, and in the last six letters the
 * alternations ci+vowel -> či+vowel and dzi+vowel -> dži+vowel, one
 * change at a time; a variant's
 * Snowball stem is kept when the plain word's stem lost at most one
 * letter (no ending was recognised) and the variant's is shorter (a real
 * ending was found) or, through an alternation, when it differs from it
 * -- and is a prefix of the word (but for the alternation's t) with at
 * least three letters; a restored ending also needs the variant to be a
 * word of the hunspell dictionary, as it is or with its first letter's
 * š/ž/č put back too (when there is a dictionary). At most
 * AN_VARIANT_STEMS are kept, the longest first (the least stripped). */
#define AN_VARIANT_STEMS 2

static bool is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* the diacritic forms of one ASCII letter at position i of f (n letters) */
static int dia_options(const char *f, size_t n, size_t i, const char **opt, bool *alt)
{
	int k = 0;
	*alt = false;
	bool ending = i + 4 >= n;
	bool before_iv = i + 2 < n && f[i + 1] == 'i' && is_vowel(f[i + 2]);
	switch (f[i]) {
	case 'e': if (ending) { opt[k++] = "\xc4\x97"; opt[k++] = "\xc4\x99"; } break;   /* ė ę */
	case 'a': if (ending) opt[k++] = "\xc4\x85"; break;                             /* ą */
	case 'u': if (ending) { opt[k++] = "\xc5\xb3"; opt[k++] = "\xc5\xab"; } break;  /* ų ū */
	case 'i':                                                                   /* į, y last */
		if (ending)
			opt[k++] = "\xc4\xaf";
		if (i + 1 == n)
			opt[k++] = "y";
		break;
	case 's': if (ending) opt[k++] = "\xc5\xa1"; break;                             /* š */
	case 'c':
		if (ending || (i + 6 >= n && before_iv)) {
			opt[k++] = "\xc4\x8d";                                                  /* č */
			*alt = before_iv;
		}
		break;
	case 'z':
		if (ending || (i + 6 >= n && i > 0 && f[i - 1] == 'd' && before_iv)) {
			opt[k++] = "\xc5\xbe";                                                  /* ž */
			*alt = i > 0 && f[i - 1] == 'd' && before_iv;
		}
		break;
	default: break;
	}
	return k;
}

static size_t u8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* 1 when hunspell's dictionary knows the UTF-8 word (lower case), 0 when
 * not, -1 without a dictionary */
static int hs_knows(const char *utf8, size_t n)
{
	if (!an_hunspell_ok())
		return -1;
	UErrorCode e = U_ZERO_ERROR;
	UChar u[AN_WORD_MAX * 2 + 8];
	int32_t un = 0;
	u_strFromUTF8(u, (int32_t)(sizeof u / sizeof *u), &un, utf8, (int32_t)n, &e);
	if (U_FAILURE(e))
		return 0;
	UConverter *cv = ucnv_open("ISO-8859-13", &e);
	if (U_FAILURE(e))
		return 0;
	ucnv_setFromUCallBack(cv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
	char l13[AN_WORD_MAX * 2 + 8];
	int32_t bn = ucnv_fromUChars(cv, l13, (int32_t)sizeof l13 - 1, u, un, &e);
	ucnv_close(cv);
	if (U_FAILURE(e) || bn <= 0)
		return 0;
	l13[bn] = 0;
	pthread_mutex_lock(&hs_mu);
	int ok = Hunspell_spell(hs, l13);
	pthread_mutex_unlock(&hs_mu);
	return ok != 0;
}

static void add_undiacritised(arena *a, struct an_word *wd, const char *f)
{
	size_t n = strlen(f);
	if (n < 4 || n > 40 || !sb)
		return;
	for (size_t i = 0; i < n; i++)
		if (f[i] < 'a' || f[i] > 'z')
			return;
	const sb_symbol *ps = sb_stemmer_stem(sb, (const sb_symbol *)f, (int)n);
	if (!ps)
		return;
	size_t plen = (size_t)sb_stemmer_length(sb);
	char plain[48];
	memcpy(plain, ps, plen);
	plain[plen] = 0;
	/* the positions that may take a diacritic, and their options */
	size_t pos[8];
	const char *opts[8][2];
	int nopt[8];
	bool alts[8];
	size_t np = 0;
	for (size_t i = n > 6 ? n - 6 : 0; i < n && np < 8; i++) {
		nopt[np] = dia_options(f, n, i, opts[np], &alts[np]);
		if (nopt[np] > 0)
			pos[np++] = i;
	}
	const char *best[AN_VARIANT_STEMS];
	size_t bestlen[AN_VARIANT_STEMS];
	int nbest = 0;
	/* one change at a time (two, e.g. "savaita" -> "savaytą" -> "sava",
	 * mostly found endings that are not there) */
	for (size_t p = 0; p < np; p++)
		for (int o = 0; o < nopt[p]; o++) {
			bool alt = alts[p];
			/* an ending to put back only where Snowball found none: it
			 * stripped at most one letter */
			if (!alt && n - plen > 1)
				continue;
			char v[48 * 2 + 8];
			size_t rl = strlen(opts[p][o]);
			memcpy(v, f, pos[p]);
			memcpy(v + pos[p], opts[p][o], rl);
			memcpy(v + pos[p] + rl, f + pos[p] + 1, n - pos[p] - 1);
			size_t vn = n - 1 + rl;
			const sb_symbol *vs = sb_stemmer_stem(sb, (const sb_symbol *)v, (int)vn);
			if (!vs)
				continue;
			size_t vl = (size_t)sb_stemmer_length(sb);
			size_t vc = u8_chars((const char *)vs, vl);
			if (vc < 3 || !(vc < plen || alt))
				continue;
			char *st = an_fold(a, arena_strndup(a, (const char *)vs, vl));
			size_t sl = strlen(st);
			if (!sl || sl > n || strcmp(st, plain) == 0)
				continue;
			/* a stem of the word itself: a prefix of it, but for the
			 * alternation's t (Snowball writes č back as t) */
			bool prefix = true;
			for (size_t i = 0; i < sl && prefix; i++)
				prefix = st[i] == f[i] || (alt && i == pos[p] && f[i] == 'c' && st[i] == 't');
			if (!prefix)
				continue;
			/* an ending is put back only in a word the dictionary
			 * knows ("erdvėje", "žmonėms"; not "gyvenviėte", whose
			 * -ėte is a verb's); an alternation in any word (names) */
			if (!alt && hs_knows(v, vn) == 0) {
				/* the first letter may lack its diacritic too:
				 * "zmonems" -> "žmonėms", "sventeje" -> "šventėje" */
				static const char *const first[] = {"\xc5\xa1", "\xc5\xbe", "\xc4\x8d"};   /* š ž č */
				int fi = v[0] == 's' ? 0 : v[0] == 'z' ? 1 : v[0] == 'c' ? 2 : -1;
				char w2[48 * 2 + 8];
				if (fi < 0 || vn + 2 > sizeof w2)
					continue;
				memcpy(w2, first[fi], 2);
				memcpy(w2 + 2, v + 1, vn - 1);
				if (hs_knows(w2, vn + 1) != 1)
					continue;
			}
			bool dup = false;
			for (int k = 0; k < nbest; k++)
				dup = dup || strcmp(best[k], st) == 0;
			if (dup)
				continue;
			if (nbest < AN_VARIANT_STEMS) {
				best[nbest] = st;
				bestlen[nbest++] = vc;
			} else {
				/* keep the longest: the least stripped */
				int w = bestlen[0] <= bestlen[1] ? 0 : 1;
				if (vc > bestlen[w]) {
					best[w] = st;
					bestlen[w] = vc;
				}
			}
		}
	for (int b = 0; b < nbest; b++)
		add_term(wd, best[b]);
}

/* hunspell stems of one word given in UTF-16 (lowercase, then title case) */
static void add_hunspell(arena *a, struct an_word *wd, const UChar *w, int32_t n)
{
	if (!an_hunspell_ok())
		return;
	UErrorCode e = U_ZERO_ERROR;
	UConverter *cv = ucnv_open("ISO-8859-13", &e);
	if (U_FAILURE(e))
		return;
	ucnv_setFromUCallBack(cv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
	UChar lw[AN_WORD_MAX * 3 + 8];
	for (int pass = 0; pass < 2; pass++) {
		e = U_ZERO_ERROR;
		int32_t ln = pass == 0
		        ? u_strToLower(lw, AN_WORD_MAX * 3, w, n, "lt", &e)
		        : u_strToTitle(lw, AN_WORD_MAX * 3, w, n, NULL, "lt", &e);
		if (U_FAILURE(e))
			continue;
		char l13[AN_WORD_MAX * 3 + 8];
		int32_t bn = ucnv_fromUChars(cv, l13, (int32_t)sizeof l13 - 1, lw, ln, &e);
		if (U_FAILURE(e) || bn <= 0)
			continue;   /* a character outside ISO-8859-13: no hunspell */
		l13[bn] = 0;
		char **list = NULL;
		pthread_mutex_lock(&hs_mu);
		int k = Hunspell_stem(hs, &list, l13);
		pthread_mutex_unlock(&hs_mu);
		for (int i = 0; i < k; i++) {
			UChar u[AN_WORD_MAX * 3 + 8];
			UErrorCode e2 = U_ZERO_ERROR;
			int32_t un = ucnv_toUChars(cv, u, AN_WORD_MAX * 3, list[i], -1, &e2);
			if (U_SUCCESS(e2) && un > 0)
				add_term(wd, fold16(a, u, un < AN_WORD_MAX ? un : AN_WORD_MAX));
		}
		if (list) {
			pthread_mutex_lock(&hs_mu);
			Hunspell_free_list(hs, &list, k);
			pthread_mutex_unlock(&hs_mu);
		}
		if (k > 0)
			break;
	}
	ucnv_close(cv);
}

/* ---- per-thread cache of word analyses ---- */
#define AN_CACHE 4096   /* slots, a power of two */
struct an_slot {
	UChar key[AN_WORD_MAX];
	int32_t klen;
	int nterms;
	char *terms[AN_MAX_TERMS];   /* malloc'd; terms[0] is the fold */
};
static _Thread_local struct an_slot *an_cache;
static pthread_once_t an_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t an_key;

/* frees a thread's cache when the thread ends */
static void cache_free(void *p)
{
	struct an_slot *c = p;
	for (size_t i = 0; i < AN_CACHE; i++)
		for (int k = 0; k < c[i].nterms; k++)
			free(c[i].terms[k]);
	free(c);
}

static void an_key_init(void)
{
	pthread_key_create(&an_key, cache_free);
}

static struct an_slot *cache_slot(const UChar *w, int32_t n)
{
	if (!an_cache) {
		an_cache = calloc(AN_CACHE, sizeof *an_cache);
		if (!an_cache)
			return NULL;
		pthread_once(&an_key_once, an_key_init);
		pthread_setspecific(an_key, an_cache);
	}
	uint32_t h = 2166136261u;
	for (int32_t i = 0; i < n; i++)
		h = (h ^ w[i]) * 16777619u;
	return &an_cache[h & (AN_CACHE - 1)];
}

static bool cache_get(arena *a, const UChar *w, int32_t n, struct an_word *wd)
{
	struct an_slot *sl = cache_slot(w, n);
	if (!sl || sl->klen != n || sl->nterms == 0 || memcmp(sl->key, w, (size_t)n * sizeof *w) != 0)
		return false;
	for (int i = 0; i < sl->nterms; i++)
		wd->terms[i] = arena_strdup(a, sl->terms[i]);
	wd->nterms = sl->nterms;
	wd->fold = wd->terms[0];
	return true;
}

static void cache_put(const UChar *w, int32_t n, const struct an_word *wd)
{
	struct an_slot *sl = cache_slot(w, n);
	if (!sl)
		return;
	for (int i = 0; i < sl->nterms; i++)
		free(sl->terms[i]);
	sl->nterms = 0;
	for (int i = 0; i < wd->nterms; i++) {
		sl->terms[i] = strdup(wd->terms[i]);
		if (!sl->terms[i]) {
			for (int k = 0; k < i; k++)
				free(sl->terms[k]);
			return;
		}
	}
	memcpy(sl->key, w, (size_t)n * sizeof *w);
	sl->klen = n;
	sl->nterms = wd->nterms;
}

sk_rc analyze(arena *a, const char *text, struct an_word **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t len = strlen(text);
	if (!utf8_valid(text, len))
		return SK_EINPUT;
	if (len == 0)
		return SK_OK;
	UErrorCode e = U_ZERO_ERROR;
	int32_t un = 0;
	u_strFromUTF8(NULL, 0, &un, text, (int32_t)len, &e);
	e = U_ZERO_ERROR;
	UChar *u = arena_alloc(a, ((size_t)un + 1) * sizeof(UChar));
	u_strFromUTF8(u, un + 1, NULL, text, (int32_t)len, &e);
	if (U_FAILURE(e))
		return SK_EINPUT;
	/* UTF-16 index -> byte offset */
	size_t *boff = arena_alloc(a, ((size_t)un + 1) * sizeof(size_t));
	{
		size_t b = 0;
		int32_t i = 0;
		while (i < un) {
			UChar32 c;
			int32_t i0 = i;
			U16_NEXT(u, i, un, c);
			for (int32_t k = i0; k < i; k++)
				boff[k] = b;
			b += (size_t)U8_LENGTH(c);
		}
		boff[un] = b;
	}
	UBreakIterator *bi = ubrk_open(UBRK_WORD, "lt", u, un, &e);
	if (U_FAILURE(e))
		return SK_EINTERNAL;
	size_t cap = 16, cnt = 0;
	struct an_word *ws = arena_alloc(a, cap * sizeof *ws);
	int32_t s = ubrk_first(bi);
	for (int32_t t = ubrk_next(bi); t != UBRK_DONE; s = t, t = ubrk_next(bi)) {
		if (ubrk_getRuleStatus(bi) < UBRK_WORD_NONE_LIMIT)
			continue;
		int32_t wn = t - s < AN_WORD_MAX ? t - s : AN_WORD_MAX;
		if (wn < t - s && U16_IS_LEAD(u[s + wn - 1]))
			wn--;
		struct an_word cw;
		memset(&cw, 0, sizeof cw);
		bool cached = cache_get(a, u + s, wn, &cw);
		char *f = cached ? (char *)cw.fold : fold16(a, u + s, wn);
		if (!f || !*f)
			continue;
		if (cnt == cap) {
			struct an_word *nw = arena_alloc(a, cap * 2 * sizeof *nw);
			memcpy(nw, ws, cap * sizeof *ws);
			ws = nw;
			cap *= 2;
		}
		struct an_word *wd = &ws[cnt++];
		memset(wd, 0, sizeof *wd);
		wd->start = boff[s];
		wd->end = boff[t];
		if (cached) {
			memcpy(wd->terms, cw.terms, sizeof wd->terms);
			wd->nterms = cw.nterms;
			wd->fold = cw.fold;
			continue;
		}
		wd->fold = f;
		add_term(wd, f);
		/* Snowball on the case-folded word with its diacritics, and on
		 * the folded form (what a diacritic-free query gives) */
		UErrorCode e2 = U_ZERO_ERROR;
		UChar lw[AN_WORD_MAX * 3 + 8];
		int32_t ln = u_strFoldCase(lw, AN_WORD_MAX * 3, u + s, wn, U_FOLD_CASE_DEFAULT, &e2);
		if (U_SUCCESS(e2)) {
			char u8[AN_WORD_MAX * 9 + 8];
			int32_t bn = 0;
			u_strToUTF8(u8, (int32_t)sizeof u8 - 1, &bn, lw, ln, &e2);
			if (U_SUCCESS(e2)) {
				u8[bn] = 0;
				add_snowball(a, wd, u8);
			}
		}
		add_snowball(a, wd, f);
		/* typed without diacritics: the lowercased word is its own fold */
		if (U_SUCCESS(e2) && strlen(f) == (size_t)ln) {
			bool plain = true;
			for (int32_t k = 0; k < ln && plain; k++)
				plain = lw[k] < 0x80 && (char)lw[k] == f[k];
			if (plain)
				add_undiacritised(a, wd, f);
		}
		add_hunspell(a, wd, u + s, wn);
		cache_put(u + s, wn, wd);
	}
	ubrk_close(bi);
	*out = ws;
	*n = cnt;
	return SK_OK;
}

/*
 * analyze.h -- the search analyzer (REQUIREMENTS X7): UTF-8 text -> words
 * (ICU word boundaries) -> case fold -> terms. The same analyzer runs on
 * documents and on queries, in C, so both databases index the same terms.
 *
 * Each word yields:
 *   fold   its surface form, case-folded, diacritics removed ("Panevėžio"
 *          -> "panevezio"): the one term per position, used for phrases
 *          and prefixes (the "words" column of the index);
 *   terms  fold plus the Snowball Lithuanian stem (of the word and of its
 *          diacritic-free form) and the hunspell lt_LT stems (lemmas), all
 *          diacritic-folded, de-duplicated (the "terms" column); for a
 *          word without diacritics also the stems of its re-diacritised
 *          ending or t/d alternation ("erdveje" -> erdv, "petraiciui" ->
 *          petrait; see add_undiacritised in analyze.c).
 * SQLite's FTS5 index is made from these by our tokenizer (fts5_tok.c).
 * Terms contain letters and digits only. Hunspell is optional: without
 * /usr/share/hunspell/lt_LT.{aff,dic} the Snowball stems are used alone.
 */
#ifndef SK_SEARCH_ANALYZE_H
#define SK_SEARCH_ANALYZE_H

#include "../core/core.h"

#define AN_MAX_TERMS 10

struct an_word {
	size_t start, end;          /* byte offsets of the word in the input */
	const char *fold;           /* folded surface form (arena) */
	const char *terms[AN_MAX_TERMS];   /* terms[0] == fold */
	int nterms;
};

/* Splits and analyzes `text` (must be valid UTF-8; invalid input yields
 * SK_EINPUT). Words and their strings come from the arena. */
sk_rc analyze(arena *a, const char *text, struct an_word **out, size_t *n);

/* Folds one string as the analyzer folds a word (case, diacritics),
 * keeping only letters and digits; from the arena. */
char *an_fold(arena *a, const char *s);

/* True when hunspell's dictionary was loaded. */
bool an_hunspell_ok(void);

#endif

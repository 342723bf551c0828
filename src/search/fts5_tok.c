/*
 * fts5_tok.c -- the "sklaida" FTS5 tokenizer (REQUIREMENTS X7, issue 5:
 * "SQLite: an FTS5 tokenizer of ours"): FTS5 itself runs our analyzer
 * (analyze.c) on the documents and on the query strings, so the SQLite
 * index holds exactly the terms PostgreSQL stores (migration 115).
 *
 * Documents (FTS5_TOKENIZE_DOCUMENT, and AUX): for each word, at its
 * position, first ">fold" -- its folded surface form, the token of exact
 * phrases (PostgreSQL's ">w" lexeme) -- and then each of its terms (the
 * fold itself, the Snowball stems, the hunspell lemmas) as
 * FTS5_TOKEN_COLOCATED synonyms at the same position. Terms are letters
 * and digits only, so ">..." never collides with a term, and the prefix
 * indexes (prefix='2 3') serve the terms as before.
 *
 * Queries (FTS5_TOKENIZE_QUERY): search.c writes each query item as one
 * FTS5 string:
 *   "word"         the word's terms, the first one plain and the others
 *                  colocated: FTS5 matches any of them (query synonyms);
 *   "fold"*        (FTS5_TOKENIZE_PREFIX) the word's fold alone, matched
 *                  as a prefix of any term;
 *   ">a b c"       a phrase: ">fold" of each word at consecutive
 *                  positions, exact but for case and diacritics.
 * A string that analyzes to several words (never written by search.c)
 * gives their tokens in sequence, i.e. a phrase of the words' terms.
 *
 * The table is contentless: a row is deleted by tokenizing its old text
 * again, so the analysis must give the same tokens as when it was
 * inserted. After anything that changes the analysis (the analyzer's
 * code, the hunspell dictionary installed or removed) run `sklaida search
 * reindex`: it rebuilds the FTS5 index from search_docs ('delete-all',
 * then every row again).
 *
 * Registered on every SQLite connection by src/db/sqlite.c. The sqlite3
 * shell does not know the tokenizer: it reads every table but search_fts,
 * and cannot write search_docs (its triggers write search_fts); the
 * `sklaida` commands (backup, search clear|reindex) do both.
 */
#include "fts5_tok.h"
#include "analyze.h"

#include <string.h>

/* one instance serves every table: no state */
static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	(void)argc;
	static int instance;
	*out = (Fts5Tokenizer *)&instance;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
	(void)t;
}

#define TOK_MAX 256   /* bytes of one token: ">" + a 64-unit fold */

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int ntext,
                        int (*emit)(void *ctx, int tflags, const char *tok, int ntok, int start, int end))
{
	(void)t;
	if (ntext <= 0)
		return SQLITE_OK;
	bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
	bool prefix = (flags & FTS5_TOKENIZE_PREFIX) != 0;
	bool phrase = query && text[0] == '>';
	arena a;
	arena_init(&a, 0);
	char *s = arena_strndup(&a, text, (size_t)ntext);
	struct an_word *ws;
	size_t n;
	int rc = SQLITE_OK;
	/* text that is not UTF-8 (never stored: the writers check) gives no tokens */
	if (analyze(&a, s, &ws, &n) != SK_OK)
		n = 0;
	char tok[TOK_MAX + 2];
	for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
		int st = (int)ws[i].start, en = (int)ws[i].end;
		if (query && prefix) {
			rc = emit(ctx, 0, ws[i].fold, (int)strlen(ws[i].fold), st, en);
			continue;
		}
		if (!query || phrase) {
			size_t fl = strlen(ws[i].fold);
			if (fl > TOK_MAX)
				fl = TOK_MAX;
			tok[0] = '>';
			memcpy(tok + 1, ws[i].fold, fl);
			rc = emit(ctx, 0, tok, (int)fl + 1, st, en);
			if (phrase)
				continue;
		}
		for (int k = 0; k < ws[i].nterms && rc == SQLITE_OK; k++) {
			int tf = (!query || k > 0) ? FTS5_TOKEN_COLOCATED : 0;
			rc = emit(ctx, tf, ws[i].terms[k], (int)strlen(ws[i].terms[k]), st, en);
		}
	}
	arena_free(&a);
	return rc;
}

static fts5_tokenizer sklaida_tok = {tok_create, tok_delete, tok_tokenize};

int fts5_tok_register(sqlite3 *h, fts5_prepare_fn prepare)
{
	/* The FTS5 handshake ("Extending FTS5"): SELECT fts5(?1) writes the
	 * fts5_api pointer into the pointer bound to ?1. A fixed text with no
	 * data; prepared with the driver's own prepare function (house rule 4
	 * keeps the prepare calls in src/db/). */
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (prepare(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return SQLITE_ERROR;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	return api->xCreateTokenizer(api, "sklaida", NULL, &sklaida_tok, NULL);
}

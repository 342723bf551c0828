/*
 * fts5_tok.h -- the "sklaida" FTS5 tokenizer (see fts5_tok.c).
 */
#ifndef SK_SEARCH_FTS5_TOK_H
#define SK_SEARCH_FTS5_TOK_H

#include <sqlite3.h>

typedef int (*fts5_prepare_fn)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);

/* Registers the tokenizer on one connection; `prepare` is the driver's
 * sqlite3_prepare_v2. SQLITE_OK or an SQLite error code. */
int fts5_tok_register(sqlite3 *h, fts5_prepare_fn prepare);

#endif

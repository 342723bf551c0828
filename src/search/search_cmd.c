/*
 * search_cmd.c -- `sklaida search ...`:
 *   search analyze              stdin text -> one "word<TAB>term term" line per word
 *   search reindex              rebuild the whole index (progress on stderr)
 *   search clear                empty the index (the sqlite3 shell cannot:
 *                               it does not know our FTS5 tokenizer)
 *   search query --inst SLUG [--type T] TEXT...   doc_type<TAB>doc_id<TAB>title per hit
 *                               (every registered type; for operators and tests)
 */
#include "../cli/cli.h"
#include "analyze.h"
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

SK_STMT(st_search_cli_inst, 0, "SELECT id FROM institutions WHERE slug = $1");
/* SQLite's FTS table (migration 170) made again from search_docs by the
 * tokenizer as it is now: after a reindex, or an analyzer change, no
 * token of an older analysis stays behind. PostgreSQL: a generated
 * column, nothing to do. */
SK_STMT2(st_search_fts_wipe, STMT_WRITE, "INSERT INTO search_fts(search_fts) VALUES ('delete-all')", "SELECT 1");
SK_STMT2(st_search_fts_fill, STMT_WRITE,
         "INSERT INTO search_fts(rowid, doc) SELECT id, title || char(10) || body FROM search_docs", "SELECT 1");
SK_STMT(st_search_clear, STMT_WRITE, "DELETE FROM search_docs");

static sk_rc fts_rebuild(db *d)
{
	sk_rc rc = db_exec(db_q(d, &st_search_fts_wipe));
	return rc == SK_OK ? db_exec(db_q(d, &st_search_fts_fill)) : rc;
}

static int cmd_clear(db *d)
{
	sk_rc rc = db_begin(d);
	if (rc == SK_OK)
		rc = db_exec(db_q(d, &st_search_clear));
	if (rc == SK_OK)
		rc = fts_rebuild(d);
	if (rc == SK_OK)
		rc = db_commit(d);
	else
		db_rollback(d);
	if (rc != SK_OK) {
		fprintf(stderr, "search clear: %s\n", db_errmsg(d));
		return 1;
	}
	fprintf(stderr, "search clear: the index is empty; run sklaida search reindex\n");
	return 0;
}

static int cmd_analyze(void)
{
	buf in;
	buf_init(&in, 64u << 20);
	char chunk[8192];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		buf_append(&in, chunk, k);
	arena a;
	arena_init(&a, 512u << 20);
	struct an_word *ws;
	size_t n;
	const char *text = buf_cstr(&in);
	if (analyze(&a, text, &ws, &n) != SK_OK) {
		fprintf(stderr, "search analyze: the input is not valid UTF-8\n");
		buf_free(&in);
		arena_free(&a);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		fwrite(text + ws[i].start, 1, ws[i].end - ws[i].start, stdout);
		putchar('\t');
		for (int t = 0; t < ws[i].nterms; t++)
			printf("%s%s", t ? " " : "", ws[i].terms[t]);
		putchar('\n');
	}
	if (!an_hunspell_ok())
		fprintf(stderr, "search analyze: hunspell lt_LT dictionary not found; Snowball stems only\n");
	buf_free(&in);
	arena_free(&a);
	return 0;
}

struct progress {
	const char *type;
	long done;
	bool tty;
};

static void tick(void *ctx)
{
	struct progress *p = ctx;
	p->done++;
	if (p->tty ? p->done % 50 == 0 : p->done % 10000 == 0)
		fprintf(stderr, p->tty ? "\r%s: %ld" : "%s: %ld\n", p->type, p->done);
}

static int cmd_reindex(db *d)
{
	bool tty = isatty(2);
	SK_FOREACH(search_types, struct search_type, t) {
		struct progress p = {t->code, 0, tty};
		sk_rc rc = db_begin(d);
		if (rc == SK_OK)
			rc = t->reindex(d, tick, &p);
		if (rc == SK_OK)
			rc = db_commit(d);
		else
			db_rollback(d);
		if (rc != SK_OK) {
			fprintf(stderr, "\nsearch reindex: %s failed: %s\n", t->code, db_errmsg(d));
			return 1;
		}
		fprintf(stderr, tty ? "\r%s: %ld documents\n" : "%s: %ld documents\n", t->code, p.done);
	}
	if (db_kind(d) == DB_SQLITE) {
		fprintf(stderr, "full-text index...");
		sk_rc rc = db_begin(d);
		if (rc == SK_OK)
			rc = fts_rebuild(d);
		if (rc == SK_OK)
			rc = db_commit(d);
		else
			db_rollback(d);
		if (rc != SK_OK) {
			fprintf(stderr, "\nsearch reindex: the full-text index failed: %s\n", db_errmsg(d));
			return 1;
		}
		fprintf(stderr, " done\n");
	}
	return 0;
}

static int cmd_query(db *d, int argc, char **argv)
{
	const char *slug = cli_opt(argc, argv, "--inst");
	const char *type = cli_opt(argc, argv, "--type");
	if (!slug) {
		fprintf(stderr, "search query: --inst SLUG is required\n");
		return 2;
	}
	dbq *q = db_q(d, &st_search_cli_inst);
	db_bind_text(q, 1, slug);
	int64_t inst = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	if (!inst) {
		fprintf(stderr, "search query: no institution %s\n", slug);
		return 1;
	}
	buf text, types;
	buf_init(&text, 1 << 20);
	buf_init(&types, 1 << 16);
	for (int i = 0; i < argc; i++) {
		if (str_eq(argv[i], "--inst") || str_eq(argv[i], "--type")) {
			i++;
			continue;
		}
		if (text.len)
			buf_putc(&text, ' ');
		buf_puts(&text, argv[i]);
	}
	SK_FOREACH(search_types, struct search_type, t) {
		if (type && !str_eq(type, t->code))
			continue;
		if (types.len)
			buf_putc(&types, ',');
		buf_puts(&types, t->code);
	}
	arena a;
	arena_init(&a, 64u << 20);
	struct search_result res;
	sk_rc rc = search_run(d, &a, inst, slug, buf_cstr(&types), buf_cstr(&text), NULL, 100, 0, &res);
	int ret = 0;
	if (rc != SK_OK) {
		fprintf(stderr, "search query: %s\n", rc == SK_EINPUT ? "bad query" : db_errmsg(d));
		ret = 1;
	} else {
		for (size_t i = 0; i < res.n; i++)
			printf("%s\t%lld\t%s\n", res.hits[i].doc_type, (long long)res.hits[i].doc_id,
			       res.hits[i].title);
	}
	arena_free(&a);
	buf_free(&text);
	buf_free(&types);
	return ret;
}

static int cmd_search(db *d, int argc, char **argv)
{
	if (argc >= 1 && str_eq(argv[0], "analyze"))
		return cmd_analyze();
	if (argc >= 1 && str_eq(argv[0], "reindex"))
		return cmd_reindex(d);
	if (argc >= 1 && str_eq(argv[0], "clear"))
		return cmd_clear(d);
	if (argc >= 1 && str_eq(argv[0], "query"))
		return cmd_query(d, argc - 1, argv + 1);
	fprintf(stderr, "usage: sklaida search analyze < TEXT\n"
	                "       sklaida search reindex\n"
	                "       sklaida search clear\n"
	                "       sklaida search query --inst SLUG [--type TYPE] TEXT...\n");
	return 2;
}

SK_CMD(c_search, "search", cmd_search, CMD_DB,
       "search analyze|reindex|clear|query   the search index (X7): see what the analyzer makes of text, rebuild");

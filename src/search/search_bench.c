/*
 * search_bench.c -- `sklaida search-bench --inst SLUG --docs N [--runs R]
 * [--keep] [--no-load]` (bench/search_bench.sh): loads N generated
 * Lithuanian-like documents (inflected nouns, diacritics, a Zipf-like word
 * frequency) into the index of institution SLUG as doc_type "bench", then
 * times search_run in-process for each query kind and prints p50/p95/max
 * in ms. The documents are removed again unless --keep is given;
 * --no-load times what an earlier --keep run left.
 *
 * Bulk load: the vocabulary is small, so each distinct word is analyzed
 * once (by the analyzer search_index_put uses) and a document's words and
 * terms columns are assembled from those analyses, exactly as
 * search_index_put would store them; rows go in 500 at a time through one
 * JSON-array INSERT, 50,000 per transaction, with synchronous commits off
 * for this session. On PostgreSQL the GIN index is dropped for the load
 * and built again afterwards, then the table is analyzed.
 */
#include "../cli/cli.h"
#include "analyze.h"
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

SK_STMT(st_search_bench_inst, 0, "SELECT id FROM institutions WHERE slug = $1");
SK_STMT(st_search_bench_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'bench'");
SK_STMT2(st_search_bench_fast, 0, "PRAGMA synchronous=OFF", "SET synchronous_commit = off");
SK_STMT2(st_search_bench_mem, 0, "PRAGMA cache_size=-16000", "SET maintenance_work_mem = '1GB'");
SK_STMT2(st_search_bench_noidx, STMT_WRITE, "SELECT 1", "DROP INDEX IF EXISTS search_docs_tsv");
SK_STMT2(st_search_bench_idx, STMT_WRITE, "SELECT 1",
         "CREATE INDEX IF NOT EXISTS search_docs_tsv ON search_docs USING GIN (tsv)");
SK_STMT2(st_search_bench_analyze, STMT_WRITE, "ANALYZE search_docs", "ANALYZE search_docs");
/* $1 inst, $2 JSON array of [doc_id, title, body, updated_at, words, terms] */
SK_STMT2(st_search_bench_put, STMT_WRITE,
         "INSERT INTO search_docs(institution_id, scope_slug, doc_type, doc_id, title, body, url, updated_at, "
         "words, terms) SELECT $1, '', 'bench', json_extract(e.value, '$[0]'), json_extract(e.value, '$[1]'), "
         "json_extract(e.value, '$[2]'), '', json_extract(e.value, '$[3]'), json_extract(e.value, '$[4]'), "
         "json_extract(e.value, '$[5]') FROM json_each($2) e",
         "INSERT INTO search_docs(institution_id, scope_slug, doc_type, doc_id, title, body, url, updated_at, "
         "words, terms) SELECT $1, '', 'bench', (e->>0)::bigint, e->>1, e->>2, '', (e->>3)::bigint, e->>4, e->>5 "
         "FROM json_array_elements($2::json) e");

static const char *const stems[] = {
	"bibliotek", "knyg", "skaitytoj", "rengin", "parod", "vaik", "mokykl", "konferencij", "poezij",
	"rašytoj", "dien", "savait", "apskrit", "kultūr", "istorij", "fotografij", "muziej", "archyv",
	"leidin", "straipsn", "naujien", "susitikim", "vakar", "pamok", "ekskursij", "dirbtuv", "žaidim",
	"program", "projekt", "partner", "žurnalist", "miest", "kaim", "mokytoj", "jaunim", "senjor",
	"kompiuter", "šventė", "tradicij", "paveld",
};
static const char *const endings[] = {"a", "os", "ai", "ą", "oje", "ų", "oms", "as", "omis", "ose", "ui", "us"};
static const char *const places[] = {"Panevėžys", "Panevėžio", "Panevėžyje", "Biržai", "Biržų", "Rokiškio",
                                     "Kupiškio", "Pasvalio", "Vilniaus", "Kauno"};

static uint64_t rng = 88172645463325252ull;
static uint64_t xr(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
/* Zipf-ish: small indexes much more often */
static size_t zipf(size_t n)
{
	double u = (double)(xr() % 1000000) / 1000000.0;
	return (size_t)((double)n * u * u * u) % n;
}

static double bench_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* the vocabulary: every stem with every ending, the place names and the
 * rare word, each analyzed once */
struct vword {
	char *text, *fold, *terms;
};
static struct vword *vocab;
static size_t nvocab, vplaces, vrare;

static bool vocab_init(void)
{
	size_t ns = sizeof stems / sizeof *stems, ne = sizeof endings / sizeof *endings;
	size_t np = sizeof places / sizeof *places;
	nvocab = ns * ne + np + 1;
	vocab = calloc(nvocab, sizeof *vocab);
	vplaces = ns * ne;
	vrare = nvocab - 1;
	arena a;
	arena_init(&a, 1u << 20);
	for (size_t i = 0; i < nvocab; i++) {
		char w[128];
		if (i < vplaces)
			snprintf(w, sizeof w, "%s%s", stems[i / ne], endings[i % ne]);
		else if (i < vrare)
			snprintf(w, sizeof w, "%s", places[i - vplaces]);
		else
			snprintf(w, sizeof w, "retasžodis");
		struct an_word *ws;
		size_t n;
		if (analyze(&a, w, &ws, &n) != SK_OK || n != 1) {
			arena_free(&a);
			return false;
		}
		buf t;
		buf_init(&t, 1 << 12);
		for (int k = 0; k < ws[0].nterms; k++) {
			if (k)
				buf_putc(&t, ' ');
			buf_puts(&t, ws[0].terms[k]);
		}
		vocab[i].text = strdup(w);
		vocab[i].fold = strdup(ws[0].fold);
		vocab[i].terms = buf_detach(&t);
		arena_free(&a);
		arena_init(&a, 1u << 20);
	}
	arena_free(&a);
	return true;
}

static size_t gen_word(void)
{
	size_t ne = sizeof endings / sizeof *endings;
	if (xr() % 10 == 0)
		return vplaces + zipf(sizeof places / sizeof *places);
	return zipf(sizeof stems / sizeof *stems) * ne + xr() % ne;
}

static void json_str(buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		if ((unsigned char)*s < 0x20)
			buf_printf(b, "\\u%04x", (unsigned char)*s);
		else
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/* One document as a JSON array [doc_id, title, body, updated_at, words,
 * terms]: 6 title words, 40 body words, the rare word in every 100,000th */
static void gen_doc(buf *out, buf *title, buf *body, buf *words, buf *terms, int64_t k)
{
	buf_reset(title);
	buf_reset(body);
	buf_reset(words);
	buf_reset(terms);
	int nw = 46 + (k % 100000 == 7);
	for (int w = 0; w < nw; w++) {
		size_t v = w == 46 ? vrare : gen_word();
		buf *tb = w < 6 ? title : body;
		if (tb->len)
			buf_putc(tb, ' ');
		buf_puts(tb, vocab[v].text);
		if (words->len)
			buf_putc(words, ' ');
		buf_puts(words, vocab[v].fold);
		if (terms->len)
			buf_putc(terms, ' ');
		buf_puts(terms, vocab[v].terms);
	}
	buf_printf(out, "%s[%lld,", out->len > 1 ? "," : "", (long long)(k + 1));
	json_str(out, buf_cstr(title));
	buf_putc(out, ',');
	json_str(out, buf_cstr(body));
	buf_printf(out, ",%lld,", (long long)(1700000000 + k));
	json_str(out, buf_cstr(words));
	buf_putc(out, ',');
	json_str(out, buf_cstr(terms));
	buf_putc(out, ']');
}

static sk_rc bench_load(db *d, int64_t inst, int64_t docs)
{
	if (!vocab_init()) {
		fprintf(stderr, "cannot analyze the vocabulary\n");
		return SK_EINTERNAL;
	}
	db_exec(db_q(d, &st_search_bench_fast));
	db_exec(db_q(d, &st_search_bench_mem));
	if (db_exec(db_q(d, &st_search_bench_noidx)) != SK_OK)
		return db_rc(d);
	buf title, body, words, terms, js;
	buf_init(&title, 1 << 16);
	buf_init(&body, 1 << 16);
	buf_init(&words, 1 << 16);
	buf_init(&terms, 1 << 16);
	buf_init(&js, 64u << 20);
	sk_rc rc = SK_OK;
	double t0 = bench_ms();
	for (int64_t i = 0; i < docs && rc == SK_OK; i += 50000) {
		if ((rc = db_begin(d)) != SK_OK)
			break;
		for (int64_t k = i; k < i + 50000 && k < docs && rc == SK_OK; k += 500) {
			buf_reset(&js);
			buf_putc(&js, '[');
			for (int64_t j = k; j < k + 500 && j < i + 50000 && j < docs; j++)
				gen_doc(&js, &title, &body, &words, &terms, j);
			buf_putc(&js, ']');
			dbq *q = db_q(d, &st_search_bench_put);
			db_bind_int(q, 1, inst);
			db_bind_text(q, 2, buf_cstr(&js));
			rc = db_exec(q);
		}
		if (rc != SK_OK) {
			fprintf(stderr, "insert failed: %s\n", db_errmsg(d));
			db_rollback(d);
			break;
		}
		if ((rc = db_commit(d)) != SK_OK)
			break;
		int64_t done = i + 50000 < docs ? i + 50000 : docs;
		double s = (bench_ms() - t0) / 1000.0;
		fprintf(stderr, "\rloaded %lld (%.0f docs/s)", (long long)done, (double)done / s);
	}
	fprintf(stderr, "\nload: %.1f s (%s)\n", (bench_ms() - t0) / 1000.0, db_kind_name(d));
	/* the GIN index comes back even when the load failed */
	double t1 = bench_ms();
	sk_rc irc = db_exec(db_q(d, &st_search_bench_idx));
	if (irc == SK_OK && rc == SK_OK)
		irc = db_exec(db_q(d, &st_search_bench_analyze));
	if (rc == SK_OK)
		rc = irc;
	fprintf(stderr, "index and analyze: %.1f s\n", (bench_ms() - t1) / 1000.0);
	if (rc != SK_OK)
		fprintf(stderr, "load failed: %s\n", db_errmsg(d));
	buf_free(&title);
	buf_free(&body);
	buf_free(&words);
	buf_free(&terms);
	buf_free(&js);
	for (size_t v = 0; v < nvocab; v++) {
		free(vocab[v].text);
		free(vocab[v].fold);
		free(vocab[v].terms);
	}
	free(vocab);
	return rc;
}

static int cmd_bench(db *d, int argc, char **argv)
{
	const char *slug = cli_opt(argc, argv, "--inst");
	const char *docs_s = cli_opt(argc, argv, "--docs");
	const char *runs_s = cli_opt(argc, argv, "--runs");
	int64_t docs = 100000, runs = 20;
	if ((docs_s && !parse_i64(docs_s, &docs)) || (runs_s && !parse_i64(runs_s, &runs)))
		docs = 0;
	if (!slug || docs < 1 || runs < 1 || runs > 100000) {
		fprintf(stderr, "usage: sklaida search-bench --inst SLUG [--docs N] [--runs R] [--keep] [--no-load]\n");
		return 2;
	}
	dbq *q = db_q(d, &st_search_bench_inst);
	db_bind_text(q, 1, slug);
	int64_t inst = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	if (!inst) {
		fprintf(stderr, "no institution %s\n", slug);
		return 1;
	}
	if (!cli_flag(argc, argv, "--no-load") && bench_load(d, inst, docs) != SK_OK)
		return 1;
	static const char *const kinds[][2] = {
		{"rare word", "retasžodis"},       {"common word", "parodose"},
		{"most frequent word", "biblioteka"}, {"two words", "knygų panevezio"},
		{"phrase", "\"bibliotekos knygos\""}, {"2-letter prefix", "bi"},
		{"3-letter prefix", "kny"},
	};
	printf("kind\tquery\thits\tp50_ms\tp95_ms\tmax_ms\n");
	double *t = calloc((size_t)runs, sizeof *t);
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		size_t hits = 0;
		for (int r = 0; r < runs; r++) {
			arena a;
			arena_init(&a, 64u << 20);
			struct search_result res;
			double s = bench_ms();
			search_run(d, &a, inst, slug, "bench", kinds[k][1], NULL, 20, 0, &res);
			t[r] = bench_ms() - s;
			hits = res.n;
			arena_free(&a);
		}
		qsort(t, (size_t)runs, sizeof *t, cmp_d);
		printf("%s\t%s\t%zu\t%.1f\t%.1f\t%.1f\n", kinds[k][0], kinds[k][1], hits, t[runs / 2],
		       t[(runs * 95 + 99) / 100 - 1], t[runs - 1]);
	}
	free(t);
	if (!cli_flag(argc, argv, "--keep"))
		db_exec(db_q(d, &st_search_bench_clear));
	return 0;
}

SK_CMD(c_search_bench, "search-bench", cmd_bench, CMD_DB,
       "search-bench --inst SLUG [--docs N] [--runs R] [--keep] [--no-load]   time the search index (bench/search_bench.sh)");

/*
 * search_bench.c -- `sklaida search bench --inst SLUG --docs N [--runs R]`
 * (bench/search_bench.sh): loads N generated Lithuanian-like documents
 * (inflected nouns, diacritics, a Zipf-like word frequency) into the
 * index of institution SLUG as doc_type "bench", then times search_run
 * in-process for each query kind and prints p50/p95/max in ms. The
 * documents are removed again unless --keep is given.
 */
#include "../cli/cli.h"
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

SK_STMT(st_search_bench_inst, 0, "SELECT id FROM institutions WHERE slug = $1");
SK_STMT(st_search_bench_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'bench'");

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

static void gen_text(buf *b, int words, int64_t i)
{
	buf_reset(b);
	for (int w = 0; w < words; w++) {
		if (w)
			buf_putc(b, ' ');
		if (xr() % 10 == 0)
			buf_puts(b, places[zipf(sizeof places / sizeof *places)]);
		else
			buf_printf(b, "%s%s", stems[zipf(sizeof stems / sizeof *stems)],
			           endings[xr() % (sizeof endings / sizeof *endings)]);
	}
	if (i % 100000 == 7)
		buf_puts(b, " retasžodis");
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
		fprintf(stderr, "usage: sklaida search-bench --inst SLUG [--docs N] [--runs R] [--keep]\n");
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
	buf title, body;
	buf_init(&title, 1 << 16);
	buf_init(&body, 1 << 20);
	double t0 = bench_ms();
	for (int64_t i = 0; i < docs; i += 5000) {
		if (db_begin(d) != SK_OK)
			return 1;
		for (int64_t k = i; k < i + 5000 && k < docs; k++) {
			gen_text(&title, 6, -1);
			char *tt = strdup(buf_cstr(&title));
			gen_text(&body, 40, k);
			if (search_index_put(d, inst, "bench", k + 1, tt, buf_cstr(&body), "", 1700000000 + k) != SK_OK) {
				free(tt);
				db_rollback(d);
				fprintf(stderr, "insert failed: %s\n", db_errmsg(d));
				return 1;
			}
			free(tt);
		}
		if (db_commit(d) != SK_OK)
			return 1;
		fprintf(stderr, "\rloaded %lld", (long long)(i + 5000 < docs ? i + 5000 : docs));
	}
	fprintf(stderr, "\nload: %.1f s (%s)\n", (bench_ms() - t0) / 1000.0, db_kind_name(d));
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
	buf_free(&title);
	buf_free(&body);
	return 0;
}

SK_CMD(c_search_bench, "search-bench", cmd_bench, CMD_DB,
       "search-bench --inst SLUG [--docs N] [--runs R] [--keep]   time the search index (bench/search_bench.sh)");

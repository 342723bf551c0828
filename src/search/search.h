/*
 * search.h -- one search index over every record type (REQUIREMENTS X7).
 *
 * Model code calls search_index_put / search_index_delete in the same
 * transaction as its own write, so the index never disagrees with the
 * data. Each document type registers itself once:
 *
 *   SK_SEARCH_TYPE(st_occ, "occasion", N_("Occasion"), N_("Occasions"),
 *                  "occasions.view", reindex_fn);
 *
 * `perm` is the permission a user needs in the institution to see results
 * of that type; `reindex` rebuilds every document of the type (called by
 * `sklaida search reindex`, inside a transaction, after the type's rows
 * were deleted) and reports progress through `tick`.
 */
#ifndef SK_SEARCH_H
#define SK_SEARCH_H

#include "../core/core.h"
#include "../db/db.h"

struct req;

struct search_type {
	const char *code;            /* doc_type */
	const char *label, *label_plural;   /* msgids */
	const char *perm;
	sk_rc (*reindex)(db *d, void (*tick)(void *ctx), void *ctx);
};
#define SK_SEARCH_TYPE(var, ...)                         \
	static struct search_type var = {__VA_ARGS__};  \
	SK_REGISTER(search_types, struct search_type, var)
SK_SECTION_DECL(search_types, struct search_type);

const struct search_type *search_type_find(const char *code);

/* inst 0 = shared by all institutions; scope_slug (may be NULL/"") narrows
 * a shared document to the institution with that slug. */
sk_rc search_index_put_scoped(db *d, int64_t inst, const char *scope_slug, const char *doc_type,
                              int64_t doc_id, const char *title, const char *body, const char *url,
                              int64_t updated_at);
sk_rc search_index_put(db *d, int64_t inst, const char *doc_type, int64_t doc_id, const char *title,
                       const char *body, const char *url, int64_t updated_at);
/* inst as given to put (0 for shared documents) */
sk_rc search_index_delete(db *d, int64_t inst, const char *doc_type, int64_t doc_id);

/* The filter fields of a document (migration 110), written with it in
 * one statement by search_index_put_ex (an institution's own document:
 * no scope slug). tags: comma-separated as the record stores them
 * (folded here). */
struct search_extra {
	int64_t department_id;  /* 0 = none */
	const char *status;     /* NULL/"" = none */
	const char *tags;       /* NULL/"" = none */
};
sk_rc search_index_put_ex(db *d, int64_t inst, const char *doc_type, int64_t doc_id, const char *title,
                          const char *body, const char *url, int64_t updated_at, const struct search_extra *x);
/* Status codes the status filter accepts (NULL-terminated; msgids in
 * search_status_labels[]). */
extern const char *const search_statuses[];
extern const char *const search_status_labels[];

struct search_filters {
	const char *type;      /* doc_type or NULL/"" for all permitted */
	int64_t from, to;      /* updated_at bounds (unix), 0 = open */
	/* migration 110: 0 / NULL / "" = any */
	int64_t department_id;
	const char *status;    /* a code of search_statuses[] */
	const char *tag;       /* one tag, folded (an_fold) */
};

struct search_hit {
	int64_t id, doc_id;
	const char *doc_type, *title, *url;
	const char *title_html, *snippet_html;   /* escaped, matches in <mark> */
	int64_t updated_at;
};

struct search_result {
	struct search_hit *hits;
	size_t n;
	bool more;           /* another page exists */
	bool empty_query;    /* nothing searchable in q */
};

/* Scoped to r->inst and to the types whose permission r holds. A query
 * that is not valid UTF-8 or longer than SEARCH_Q_MAX bytes gives
 * SK_EINPUT with a field error on "q". */
#define SEARCH_Q_MAX 1000
sk_rc search_query(struct req *r, const char *q, const struct search_filters *f, int limit, int offset,
                   struct search_result *out);

/* Lower level (tests, CLI): the same search with an explicit scope and a
 * comma-separated list of allowed doc types. */
sk_rc search_run(db *d, arena *a, int64_t inst, const char *inst_slug, const char *types_csv,
                 const char *q, const struct search_filters *f, int limit, int offset,
                 struct search_result *out);



/* Occasion rules (src/search/search_occasion.c): (re)index one rule from
 * its row: active and to_verify rules are indexed, others removed. Called
 * by src/model/occasion.c after each write. */
sk_rc search_occasion_sync(db *d, int64_t rule_id);

/* Reads ?type=&from=YYYY-MM-DD&to=YYYY-MM-DD (to inclusive, local days)
 * &department=ID&status=CODE&tag=TEXT
 * into *f, recording field errors for bad values (r->nerrors). */
void search_read_filters(struct req *r, struct search_filters *f);

#endif

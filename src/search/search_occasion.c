/*
 * search_occasion.c -- occasion rules (migration 010) in the search index.
 * Shared rules are indexed once with institution 0 (seed_slug rows keep
 * their slug as the scope), an institution's own rules under its id.
 * Active and to_verify rules are searchable (what the register shows);
 * proposed and retired ones are removed from the index. Title: the
 * Lithuanian title; body: the English title, notes and tags. There is no
 * staff page for one rule yet, so url is empty.
 */
#include "search.h"
#include "../core/i18n.h"

#include <stdlib.h>

SK_STMT(st_search_occ_one, 0,
        "SELECT id, COALESCE(institution_id, 0), COALESCE(seed_slug, ''), title_lt, title_en, notes, "
        "tags, status, updated_at FROM occasion_rules WHERE id = $1");
SK_STMT(st_search_occ_ids, 0, "SELECT id FROM occasion_rules ORDER BY id");
SK_STMT(st_search_occ_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'occasion'");

sk_rc search_occasion_sync(db *d, int64_t rule_id)
{
	dbq *q = db_q(d, &st_search_occ_one);
	db_bind_int(q, 1, rule_id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_ENOTFOUND;
	}
	arena a;
	arena_init(&a, 1u << 20);
	int64_t inst = db_int(q, 1);
	const char *slug = arena_strdup(&a, db_text(q, 2));
	const char *title = arena_strdup(&a, db_text(q, 3));
	const char *body = arena_printf(&a, "%s\n%s\n%s", db_text(q, 4), db_text(q, 5), db_text(q, 6));
	const char *status = arena_strdup(&a, db_text(q, 7));
	int64_t upd = db_int(q, 8);
	db_done(q);
	sk_rc rc;
	if (str_eq(status, "active") || str_eq(status, "to_verify"))
		rc = search_index_put_scoped(d, inst, slug, "occasion", rule_id, title, body, "", upd);
	else
		rc = search_index_delete(d, inst, "occasion", rule_id);
	arena_free(&a);
	return rc;
}

static sk_rc reindex_occasions(db *d, void (*tick)(void *), void *ctx)
{
	sk_rc rc = db_exec(db_q(d, &st_search_occ_clear));
	if (rc != SK_OK)
		return rc;
	/* ids first: the statement must be done before the writes */
	size_t n = 0, cap = 256;
	int64_t *ids = malloc(cap * sizeof *ids);
	if (!ids)
		return SK_EINTERNAL;
	dbq *q = db_q(d, &st_search_occ_ids);
	while (db_step(q) == DB_ROW) {
		if (n == cap) {
			int64_t *ni = realloc(ids, cap * 2 * sizeof *ids);
			if (!ni) {
				db_done(q);
				free(ids);
				return SK_EINTERNAL;
			}
			ids = ni;
			cap *= 2;
		}
		ids[n++] = db_int(q, 0);
	}
	db_done(q);
	for (size_t i = 0; i < n && rc == SK_OK; i++) {
		rc = search_occasion_sync(d, ids[i]);
		if (tick)
			tick(ctx);
	}
	free(ids);
	return rc;
}

SK_SEARCH_TYPE(st_type_occasion, "occasion", N_("Occasion"), N_("Occasions"), "occasions.view",
               reindex_occasions);

/*
 * search_records.c -- helpers shared by the record types of the search
 * index (search_records.h).
 */
#include "search_records.h"

#include <stdlib.h>

sk_rc search_collect_ids(db *d, dbq *q, int64_t **ids, size_t *n)
{
	(void)d;
	size_t cap = 256;
	*n = 0;
	*ids = malloc(cap * sizeof **ids);
	if (!*ids) {
		db_done(q);
		return SK_EINTERNAL;
	}
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			int64_t *ni = realloc(*ids, cap * 2 * sizeof *ni);
			if (!ni) {
				db_done(q);
				free(*ids);
				*ids = NULL;
				return SK_EINTERNAL;
			}
			*ids = ni;
			cap *= 2;
		}
		(*ids)[(*n)++] = db_int(q, 0);
	}
	db_done(q);
	if (st == DB_ERROR) {
		free(*ids);
		*ids = NULL;
		return db_rc(d);
	}
	return SK_OK;
}

sk_rc search_reindex_ids(db *d, struct stmt *clear, struct stmt *ids, sk_rc (*sync)(db *, int64_t),
                         void (*tick)(void *), void *ctx)
{
	sk_rc rc = db_exec(db_q(d, clear));
	if (rc != SK_OK)
		return rc;
	int64_t *v;
	size_t n;
	if ((rc = search_collect_ids(d, db_q(d, ids), &v, &n)) != SK_OK)
		return rc;
	for (size_t i = 0; i < n && rc == SK_OK; i++) {
		rc = sync(d, v[i]);
		if (rc == SK_ENOTFOUND)
			rc = SK_OK;
		if (tick)
			tick(ctx);
	}
	free(v);
	return rc;
}

SK_STMT(st_srec_drop, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = $1 AND doc_id = $2");

sk_rc search_records_drop(db *d, const char *doc_type, int64_t doc_id)
{
	dbq *q = db_q(d, &st_srec_drop);
	db_bind_text(q, 1, doc_type);
	db_bind_int(q, 2, doc_id);
	return db_exec(q);
}

const char *search_join(arena *a, const char *const *parts, size_t n)
{
	const char *s = "";
	for (size_t i = 0; i < n; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		s = *s ? arena_printf(a, "%s · %s", s, parts[i]) : arena_strdup(a, parts[i]);
	}
	return s;
}

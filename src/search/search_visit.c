/*
 * search_visit.c -- excursion and delegation requests (migration 080) in
 * the search index (perm visits.view, as the request's page). Title: the
 * group's name; body: the kind, the contact person's name and the topic
 * (never the e-mail, phone, notes or accessibility needs). After the
 * retention erasure the contact's name is gone from the row and so from
 * the index. Status: the request's status.
 */
#include "search_records.h"
#include "../core/html.h"
#include "../core/i18n.h"

SK_STMT(st_srch_gr_one, 0,
        "SELECT g.institution_id, i.slug, g.group_name, g.kind, g.contact_name, g.topic, g.status, g.updated_at "
        "FROM group_requests g JOIN institutions i ON i.id = g.institution_id WHERE g.id = $1");
SK_STMT(st_srch_gr_ids, 0, "SELECT id FROM group_requests ORDER BY id");
SK_STMT(st_srch_gr_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'visit'");

sk_rc search_visit_sync(db *d, int64_t id)
{
	dbq *q = db_q(d, &st_srch_gr_one);
	db_bind_int(q, 1, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return search_records_drop(d, "visit", id);
	}
	arena a;
	arena_init(&a, 1u << 20);
	int64_t inst = db_int(q, 0);
	const char *slug = arena_strdup(&a, db_text(q, 1));
	const char *title = arena_strdup(&a, db_text(q, 2));
	const char *kind = str_eq(db_text(q, 3), "delegation") ? tr(LANG_LT, N_("Delegation"))
	                                                        : tr(LANG_LT, N_("Excursion"));
	const char *parts[] = {kind, db_text(q, 4), db_text(q, 5)};
	const char *body = search_join(&a, parts, 3);
	struct search_extra x = {0, arena_strdup(&a, db_text(q, 6)), ""};
	int64_t upd = db_int(q, 7);
	db_done(q);
	sk_rc rc = search_index_put_ex(d, inst, "visit", id, title, body,
	                               url_fmt(&a, "/staff/%s/visits/%lld", slug, (long long)id), upd, &x);
	arena_free(&a);
	return rc;
}

static sk_rc reindex_visits(db *d, void (*tick)(void *), void *ctx)
{
	return search_reindex_ids(d, &st_srch_gr_clear, &st_srch_gr_ids, search_visit_sync, tick, ctx);
}

SK_SEARCH_TYPE(st_type_visit, "visit", N_("Excursion or delegation"), N_("Excursions and delegations"),
               "visits.view", reindex_visits);

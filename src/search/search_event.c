/*
 * search_event.c -- events (migration 020) in the search index, public
 * and not public, in every state (perm events.view, as the event's staff
 * page). Title: the title; body: summary, description, place, partners
 * and audience. Filters: the organising department and the state.
 */
#include "search_records.h"
#include "../core/html.h"
#include "../core/i18n.h"

SK_STMT(st_srch_ev_one, 0,
        "SELECT e.institution_id, i.slug, e.title, e.summary, e.description, e.space_name, e.partners, "
        "e.audience, e.state, COALESCE(e.department_id, 0), e.updated_at FROM events e "
        "JOIN institutions i ON i.id = e.institution_id WHERE e.id = $1");
SK_STMT(st_srch_ev_ids, 0, "SELECT id FROM events ORDER BY id");
SK_STMT(st_srch_ev_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'event'");

sk_rc search_event_sync(db *d, int64_t id)
{
	dbq *q = db_q(d, &st_srch_ev_one);
	db_bind_int(q, 1, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return search_records_drop(d, "event", id);
	}
	arena a;
	arena_init(&a, 1u << 20);
	int64_t inst = db_int(q, 0);
	const char *slug = arena_strdup(&a, db_text(q, 1));
	const char *title = arena_strdup(&a, db_text(q, 2));
	const char *parts[] = {db_text(q, 3), db_text(q, 4), db_text(q, 5), db_text(q, 6), db_text(q, 7)};
	const char *body = search_join(&a, parts, 5);
	struct search_extra x = {db_int(q, 9), arena_strdup(&a, db_text(q, 8)), ""};
	int64_t upd = db_int(q, 10);
	db_done(q);
	sk_rc rc = search_index_put_ex(d, inst, "event", id, title, body,
	                               url_fmt(&a, "/staff/%s/events/%lld", slug, (long long)id), upd, &x);
	arena_free(&a);
	return rc;
}

static sk_rc reindex_events(db *d, void (*tick)(void *), void *ctx)
{
	return search_reindex_ids(d, &st_srch_ev_clear, &st_srch_ev_ids, search_event_sync, tick, ctx);
}

SK_SEARCH_TYPE(st_type_event, "event", N_("Event"), N_("Events"), "events.view", reindex_events);

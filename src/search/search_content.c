/*
 * search_content.c -- content items (migration 150) in the search index,
 * drafts included (perm content.view, as the item's staff page). Title:
 * the title; body: summary and Markdown body. Filters: the contributing
 * department and the workflow state. Kept in step by model/content.c in
 * the writer's transaction.
 */
#include "search_records.h"
#include "../model/content.h"
#include "../core/html.h"
#include "../core/i18n.h"

SK_STMT(st_srch_ct_one, 0,
        "SELECT c.institution_id, i.slug, c.title, c.summary, c.body, c.status, COALESCE(c.department_id, 0), "
        "c.updated_at FROM content_items c JOIN institutions i ON i.id = c.institution_id WHERE c.id = $1");
SK_STMT(st_srch_ct_ids, 0, "SELECT id FROM content_items ORDER BY id");
SK_STMT(st_srch_ct_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'content'");

sk_rc search_content_sync(db *d, int64_t id)
{
	dbq *q = db_q(d, &st_srch_ct_one);
	db_bind_int(q, 1, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return search_records_drop(d, "content", id);
	}
	arena a;
	arena_init(&a, 1u << 20);
	int64_t inst = db_int(q, 0);
	const char *slug = arena_strdup(&a, db_text(q, 1));
	const char *title = arena_strdup(&a, db_text(q, 2));
	const char *parts[] = {db_text(q, 3), db_text(q, 4)};
	const char *body = search_join(&a, parts, 2);
	struct search_extra x = {db_int(q, 6), arena_strdup(&a, db_text(q, 5)), ""};
	int64_t upd = db_int(q, 7);
	db_done(q);
	sk_rc rc = search_index_put_ex(d, inst, "content", id, title, body,
	                               url_fmt(&a, "/staff/%s/content/%lld", slug, (long long)id), upd, &x);
	arena_free(&a);
	return rc;
}

static sk_rc reindex_content(db *d, void (*tick)(void *), void *ctx)
{
	return search_reindex_ids(d, &st_srch_ct_clear, &st_srch_ct_ids, search_content_sync, tick, ctx);
}

SK_SEARCH_TYPE(st_type_content, "content", N_("Content item"), N_("Content items"), "content.view", reindex_content);

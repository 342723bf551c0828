/*
 * search_task.c -- tasks (migration 011) in the search index. A task's
 * page is open to its assignee, to whoever assigned it and to holders of
 * tasks.assign (src/pages/tasks.c); the index has no per-user scope, so
 * the type needs tasks.assign: people without it find no tasks here (they
 * see theirs in the task list). Title: the title; body: the description,
 * category and completion note. Filters: department and status.
 */
#include "search_records.h"
#include "../core/html.h"
#include "../core/i18n.h"

#include <stdlib.h>

SK_STMT(st_srch_task_one, 0,
        "SELECT t.institution_id, i.slug, t.title, t.description, t.category, t.completion_note, t.status, "
        "COALESCE(t.department_id, 0), t.updated_at FROM tasks t JOIN institutions i ON i.id = t.institution_id "
        "WHERE t.id = $1");
SK_STMT(st_srch_task_related, 0,
        "SELECT id FROM tasks WHERE institution_id = $1 AND related_type = $2 AND related_id = $3");
SK_STMT(st_srch_task_ids, 0, "SELECT id FROM tasks ORDER BY id");
SK_STMT(st_srch_task_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'task'");

sk_rc search_task_sync(db *d, int64_t id)
{
	dbq *q = db_q(d, &st_srch_task_one);
	db_bind_int(q, 1, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return search_records_drop(d, "task", id);
	}
	arena a;
	arena_init(&a, 1u << 20);
	int64_t inst = db_int(q, 0);
	const char *slug = arena_strdup(&a, db_text(q, 1));
	const char *title = arena_strdup(&a, db_text(q, 2));
	const char *parts[] = {db_text(q, 3), db_text(q, 4), db_text(q, 5)};
	const char *body = search_join(&a, parts, 3);
	struct search_extra x = {db_int(q, 7), arena_strdup(&a, db_text(q, 6)), ""};
	int64_t upd = db_int(q, 8);
	db_done(q);
	sk_rc rc = search_index_put_ex(d, inst, "task", id, title, body,
	                               url_fmt(&a, "/staff/%s/tasks/%lld", slug, (long long)id), upd, &x);
	arena_free(&a);
	return rc;
}

sk_rc search_task_sync_related(db *d, int64_t inst, const char *related_type, int64_t related_id)
{
	dbq *q = db_q(d, &st_srch_task_related);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, related_type);
	db_bind_int(q, 3, related_id);
	int64_t *ids;
	size_t n;
	sk_rc rc = search_collect_ids(d, q, &ids, &n);
	for (size_t i = 0; i < n && rc == SK_OK; i++)
		rc = search_task_sync(d, ids[i]);
	free(ids);
	return rc;
}

static sk_rc reindex_tasks(db *d, void (*tick)(void *), void *ctx)
{
	return search_reindex_ids(d, &st_srch_task_clear, &st_srch_task_ids, search_task_sync, tick, ctx);
}

SK_SEARCH_TYPE(st_type_task, "task", N_("Task"), N_("Tasks"), "tasks.assign", reindex_tasks);

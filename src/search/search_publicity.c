/*
 * search_publicity.c -- publicity requests and communication plans
 * (migration 130, src/model/publicity.c) in the search index.
 *
 * A request's page is open to its requester and to holders of
 * publicity.manage (pub_may_see); a plan's page needs publicity.manage.
 * The index has no per-user scope, so both types need publicity.manage:
 * a requester without it finds their requests in the publicity list, not
 * here (like tasks, search_task.c).
 *
 * Request -- title: the title; body: the description, the department,
 * the requester, who instructed it, the reason for a short lead, the
 * return reason, the audiences and the channels (in Lithuanian).
 * Plan -- title: the plan's title; body: the request's title, the target
 * groups, the budget note, the goals and KPIs, the key messages (both
 * languages) and the schedule's items with their channels.
 * Filters: the request's department (a plan: its request's), the status
 * as stored (submitted ... cancelled; draft, approved), dates: updated_at.
 * src/model/publicity.c calls the sync functions in the transaction of
 * each write.
 */
#include "search_records.h"
#include "../core/html.h"
#include "../core/i18n.h"
#include "../model/publicity.h"

#include <string.h>

SK_STMT(st_srch_pq_one, 0,
        "SELECT q.institution_id, i.slug, q.title, q.description, COALESCE(d.name_lt, ''), u.name, "
        "q.instructed_by, q.short_reason, q.return_reason, q.audiences, q.status, COALESCE(q.department_id, 0), "
        "q.updated_at FROM pub_requests q JOIN institutions i ON i.id = q.institution_id "
        "JOIN users u ON u.id = q.requester_id LEFT JOIN departments d ON d.id = q.department_id WHERE q.id = $1");
SK_STMT(st_srch_pq_channels, 0,
        "SELECT c.name_lt FROM pub_request_channels rc JOIN pub_channels c ON c.id = rc.channel_id "
        "WHERE rc.request_id = $1 ORDER BY c.sort, c.id");
SK_STMT(st_srch_pq_ids, 0, "SELECT id FROM pub_requests ORDER BY id");
SK_STMT(st_srch_pq_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'publicity_request'");
SK_STMT(st_srch_pq_plan, 0, "SELECT id FROM pub_plans WHERE request_id = $1");

SK_STMT(st_srch_pp_one, 0,
        "SELECT p.institution_id, i.slug, p.title, q.title, p.target_groups, p.budget_note, p.status, "
        "COALESCE(q.department_id, 0), p.updated_at FROM pub_plans p JOIN pub_requests q ON q.id = p.request_id "
        "JOIN institutions i ON i.id = p.institution_id WHERE p.id = $1");
SK_STMT(st_srch_pp_goals, 0, "SELECT goal, kpi FROM pub_plan_goals WHERE plan_id = $1 ORDER BY id");
SK_STMT(st_srch_pp_msgs, 0, "SELECT text_lt, text_en FROM pub_plan_messages WHERE plan_id = $1 ORDER BY id");
SK_STMT(st_srch_pp_items, 0,
        "SELECT i.what, c.name_lt FROM pub_plan_items i JOIN pub_channels c ON c.id = i.channel_id "
        "WHERE i.plan_id = $1 ORDER BY i.item_date, i.id");
SK_STMT(st_srch_pp_ids, 0, "SELECT id FROM pub_plans ORDER BY id");
SK_STMT(st_srch_pp_clear, STMT_WRITE, "DELETE FROM search_docs WHERE doc_type = 'publicity_plan'");

/* "children,media" -> "Vaikai, Žiniasklaida" */
static const char *groups_lt(arena *a, const char *codes)
{
	const char *s = "";
	const char *p = codes ? codes : "";
	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		for (size_t i = 0; pub_group_codes[i]; i++)
			if (strlen(pub_group_codes[i]) == n && strncmp(pub_group_codes[i], p, n) == 0) {
				const char *l = tr(LANG_LT, pub_group_msgids[i]);
				s = *s ? arena_printf(a, "%s, %s", s, l) : l;
			}
		p += n;
		if (*p == ',')
			p++;
	}
	return s;
}

/* the rows of a one-parameter statement: each row's columns joined */
static const char *rows_text(arena *a, db *d, struct stmt *st, int64_t id, int ncols)
{
	dbq *q = db_q(d, st);
	db_bind_int(q, 1, id);
	const char *s = "";
	while (db_step(q) == DB_ROW) {
		const char *cols[4] = {0};
		for (int c = 0; c < ncols && c < 4; c++)
			cols[c] = db_text(q, c);
		const char *row = search_join(a, cols, (size_t)ncols);
		if (*row)
			s = *s ? arena_printf(a, "%s · %s", s, row) : arena_strdup(a, row);
	}
	db_done(q);
	return s;
}

sk_rc search_pubplan_sync(db *d, int64_t id)
{
	dbq *q = db_q(d, &st_srch_pp_one);
	db_bind_int(q, 1, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return search_records_drop(d, "publicity_plan", id);
	}
	arena a;
	arena_init(&a, 4u << 20);
	int64_t inst = db_int(q, 0);
	const char *slug = arena_strdup(&a, db_text(q, 1));
	const char *title = arena_strdup(&a, db_text(q, 2));
	const char *req_title = arena_strdup(&a, db_text(q, 3));
	const char *groups = groups_lt(&a, db_text(q, 4));
	const char *note = arena_strdup(&a, db_text(q, 5));
	struct search_extra x = {db_int(q, 7), arena_strdup(&a, db_text(q, 6)), ""};
	int64_t upd = db_int(q, 8);
	db_done(q);
	const char *parts[] = {str_eq(req_title, title) ? "" : req_title, groups, note,
	                       rows_text(&a, d, &st_srch_pp_goals, id, 2), rows_text(&a, d, &st_srch_pp_msgs, id, 2),
	                       rows_text(&a, d, &st_srch_pp_items, id, 2)};
	const char *body = search_join(&a, parts, sizeof parts / sizeof *parts);
	sk_rc rc = search_index_put_ex(d, inst, "publicity_plan", id, title, body,
	                               url_fmt(&a, "/staff/%s/publicity/plans/%lld", slug, (long long)id), upd, &x);
	arena_free(&a);
	return rc;
}

sk_rc search_pubreq_sync(db *d, int64_t id)
{
	dbq *q = db_q(d, &st_srch_pq_one);
	db_bind_int(q, 1, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return search_records_drop(d, "publicity_request", id);
	}
	arena a;
	arena_init(&a, 4u << 20);
	int64_t inst = db_int(q, 0);
	const char *slug = arena_strdup(&a, db_text(q, 1));
	const char *title = arena_strdup(&a, db_text(q, 2));
	const char *cols[] = {arena_strdup(&a, db_text(q, 3)), arena_strdup(&a, db_text(q, 4)),
	                      arena_strdup(&a, db_text(q, 5)), arena_strdup(&a, db_text(q, 6)),
	                      arena_strdup(&a, db_text(q, 7)), arena_strdup(&a, db_text(q, 8))};
	const char *groups = groups_lt(&a, db_text(q, 9));
	struct search_extra x = {db_int(q, 11), arena_strdup(&a, db_text(q, 10)), ""};
	int64_t upd = db_int(q, 12);
	db_done(q);
	const char *parts[] = {cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], groups,
	                       rows_text(&a, d, &st_srch_pq_channels, id, 1)};
	const char *body = search_join(&a, parts, sizeof parts / sizeof *parts);
	sk_rc rc = search_index_put_ex(d, inst, "publicity_request", id, title, body,
	                               url_fmt(&a, "/staff/%s/publicity/requests/%lld", slug, (long long)id), upd, &x);
	arena_free(&a);
	if (rc != SK_OK)
		return rc;
	/* the plan's body holds the request's title */
	q = db_q(d, &st_srch_pq_plan);
	db_bind_int(q, 1, id);
	int64_t plan = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return plan ? search_pubplan_sync(d, plan) : SK_OK;
}

static sk_rc reindex_requests(db *d, void (*tick)(void *), void *ctx)
{
	return search_reindex_ids(d, &st_srch_pq_clear, &st_srch_pq_ids, search_pubreq_sync, tick, ctx);
}

static sk_rc reindex_plans(db *d, void (*tick)(void *), void *ctx)
{
	return search_reindex_ids(d, &st_srch_pp_clear, &st_srch_pp_ids, search_pubplan_sync, tick, ctx);
}

SK_SEARCH_TYPE(st_type_pubreq, "publicity_request", N_("Publicity request"), N_("Publicity requests"),
               "publicity.manage", reindex_requests);
SK_SEARCH_TYPE(st_type_pubplan, "publicity_plan", N_("Communication plan"), N_("Communication plans"),
               "publicity.manage", reindex_plans);

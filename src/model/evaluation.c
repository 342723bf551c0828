/*
 * evaluation.c -- plan evaluations and feedback (see evaluation.h).
 */
#include "evaluation.h"
#include "model.h"
#include "occasion.h"
#include "task.h"
#include "../core/i18n.h"
#include "../jobs/jobs.h"

#include <string.h>

/* Approved plans without an evaluation whose every item has a published
 * text; the time the last went out; the institution's eval_days. */
SK_STMT(st_ev_due, 0,
        "SELECT p.id, p.institution_id, p.created_by, p.title, "
        "(SELECT MAX(c.published_at) FROM content_items c JOIN pub_plan_items i ON i.id = c.plan_item_id "
        " WHERE i.plan_id = p.id AND c.status IN ('published', 'archived')), "
        "COALESCE((SELECT s.eval_days FROM pub_settings s WHERE s.institution_id = p.institution_id), 7) "
        "FROM pub_plans p WHERE p.status = 'approved' "
        "AND NOT EXISTS (SELECT 1 FROM pub_evaluations e WHERE e.plan_id = p.id) "
        "AND EXISTS (SELECT 1 FROM pub_plan_items i WHERE i.plan_id = p.id) "
        "AND NOT EXISTS (SELECT 1 FROM pub_plan_items i WHERE i.plan_id = p.id AND NOT EXISTS ("
        " SELECT 1 FROM content_items c WHERE c.plan_item_id = i.id AND c.institution_id = p.institution_id "
        " AND c.status IN ('published', 'archived'))) "
        "ORDER BY p.id LIMIT 500");
SK_STMT(st_ev_open, STMT_WRITE,
        "INSERT INTO pub_evaluations(institution_id, plan_id, last_out_at, created_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (plan_id) DO NOTHING RETURNING id");
SK_STMT(st_ev_task, STMT_WRITE, "UPDATE pub_evaluations SET task_id = $2 WHERE id = $1");

sk_rc eval_raise(db *d, int64_t now, int *opened)
{
	*opened = 0;
	struct due {
		int64_t plan, inst, coord, last;
		char title[256];
		int days;
	} v[500];
	size_t n = 0;
	dbq *q = db_q(d, &st_ev_due);
	while (n < 500 && db_step(q) == DB_ROW) {
		v[n].plan = db_int(q, 0);
		v[n].inst = db_int(q, 1);
		v[n].coord = db_int(q, 2);
		snprintf(v[n].title, sizeof v[n].title, "%s", db_text(q, 3));
		v[n].last = db_int(q, 4);
		v[n].days = (int)db_int(q, 5);
		n++;
	}
	db_done(q);
	arena a;
	arena_init(&a, 0);
	sk_rc rc = SK_OK;
	for (size_t i = 0; i < n; i++) {
		if (v[i].last + (int64_t)v[i].days * 86400 > now)
			continue;
		if ((rc = db_begin(d)) != SK_OK)
			break;
		q = db_q(d, &st_ev_open);
		db_bind_int(q, 1, v[i].inst);
		db_bind_int(q, 2, v[i].plan);
		db_bind_int(q, 3, v[i].last);
		db_bind_int(q, 4, now);
		int64_t eid = 0;
		rc = db_exec_id(q, &eid);
		if (rc == SK_ENOTFOUND) {   /* another worker opened it */
			db_rollback(d);
			rc = SK_OK;
			continue;
		}
		int today;
		unix_to_local(now, &today, NULL, NULL);
		struct task_new t = {
		        .title = arena_printf(&a, tr(LANG_LT, "Evaluate the plan: %s"), v[i].title),
		        .description = tr(LANG_LT, "Every item of the plan is out. Record the actual figures beside the "
		                                   "targets and send the feedback to the department that asked."),
		        .category = "evaluation",
		        .assignee_id = v[i].coord,
		        .related_type = "pub_plan",
		        .related_id = v[i].plan,
		        .due_date = occ_add_workdays(d, today, 5),
		        .dedupe_key = arena_printf(&a, "plan-eval:%lld", (long long)v[i].plan),
		};
		int64_t tid = 0;
		if (rc == SK_OK)
			rc = task_create(d, v[i].inst, &t, &tid);
		if (rc == SK_OK) {
			q = db_q(d, &st_ev_task);
			db_bind_int(q, 1, eid);
			db_bind_int(q, 2, tid);
			rc = db_exec(q);
		}
		if (rc == SK_OK)
			rc = audit_sys(d, 0, v[i].inst, "plan.evaluation_open", "pub_plans", v[i].plan, NULL,
			               json_pack("{s:I}", "evaluation", (json_int_t)eid));
		if (rc != SK_OK) {
			db_rollback(d);
			break;
		}
		if ((rc = db_commit(d)) != SK_OK)
			break;
		(*opened)++;
	}
	arena_free(&a);
	return rc;
}

static sk_rc run_eval_job(struct job_ctx *j)
{
	int opened;
	sk_rc rc = eval_raise(j->d, now_unix(), &opened);
	if (rc != SK_OK) {
		snprintf(j->err, sizeof j->err, "%s", db_errmsg(j->d));
		return rc;
	}
	return job_enqueue_daily(j);
}
SK_JOB_DAILY(eval_job, "plan_evaluations", run_eval_job, 3, 7, 15);

/* ---- reading and writing ------------------------------------------------------ */

SK_STMT_SCOPED(st_ev_get,
               "SELECT e.id, e.plan_id, p.request_id, q.requester_id, e.last_out_at, e.sent_at, e.acknowledged_at, "
               "e.status, e.summary, e.lessons, p.title, COALESCE(us.name, ''), COALESCE(ua.name, '') "
               "FROM pub_evaluations e JOIN pub_plans p ON p.id = e.plan_id JOIN pub_requests q ON q.id = p.request_id "
               "LEFT JOIN users us ON us.id = e.sent_by LEFT JOIN users ua ON ua.id = e.acknowledged_by "
               "WHERE e.institution_id = $1 AND (e.plan_id = $2 OR ($2 = 0 AND p.request_id = $3))");
SK_STMT_SCOPED(st_ev_goals,
               "SELECT g.id, g.goal, g.kpi, g.target, r.actual, COALESCE(r.note, ''), "
               "CASE WHEN r.goal_id IS NULL THEN 0 ELSE 1 END FROM pub_plan_goals g "
               "LEFT JOIN pub_evaluation_results r ON r.goal_id = g.id AND r.evaluation_id = $3 "
               "WHERE g.institution_id = $1 AND g.plan_id = $2 ORDER BY g.id");
SK_STMT_SCOPED(st_ev_pubs,
               "SELECT COUNT(*), COUNT(DISTINCT p.channel_id) FROM publications p JOIN content_items c ON c.id = p.item_id "
               "JOIN pub_plan_items i ON i.id = c.plan_item_id WHERE p.institution_id = $1 AND i.plan_id = $2 "
               "AND p.status = 'published'");

static sk_rc load(struct req *r, int64_t plan_id, int64_t request_id, struct evaluation *e)
{
	memset(e, 0, sizeof *e);
	dbq *q = db_q(r->db, &st_ev_get);
	db_bind_int(q, 2, plan_id);
	db_bind_int(q, 3, request_id);
	int st = db_step(q);
	if (st == DB_ROW) {
		e->id = db_int(q, 0);
		e->plan_id = db_int(q, 1);
		e->request_id = db_int(q, 2);
		e->requester_id = db_int(q, 3);
		e->last_out_at = db_int(q, 4);
		e->sent_at = db_int(q, 5);
		e->acknowledged_at = db_int(q, 6);
		e->status = arena_strdup(&r->a, db_text(q, 7));
		e->summary = arena_strdup(&r->a, db_text(q, 8));
		e->lessons = arena_strdup(&r->a, db_text(q, 9));
		e->plan_title = arena_strdup(&r->a, db_text(q, 10));
		e->sent_by_name = arena_strdup(&r->a, db_text(q, 11));
		e->acknowledged_by_name = arena_strdup(&r->a, db_text(q, 12));
	}
	db_done(q);
	if (st != DB_ROW)
		return st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
	size_t cap = 8;
	e->goals = arena_alloc(&r->a, cap * sizeof *e->goals);
	q = db_q(r->db, &st_ev_goals);
	db_bind_int(q, 2, e->plan_id);
	db_bind_int(q, 3, e->id);
	while (db_step(q) == DB_ROW) {
		if (e->ngoals == cap) {
			struct eval_goal *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, e->goals, cap * sizeof *nv);
			e->goals = nv;
			cap *= 2;
		}
		struct eval_goal *g = &e->goals[e->ngoals++];
		g->goal_id = db_int(q, 0);
		g->goal = arena_strdup(&r->a, db_text(q, 1));
		g->kpi = arena_strdup(&r->a, db_text(q, 2));
		g->target = db_int(q, 3);
		g->actual = db_int(q, 4);
		g->note = arena_strdup(&r->a, db_text(q, 5));
		g->has_actual = db_int(q, 6) != 0;
	}
	db_done(q);
	q = db_q(r->db, &st_ev_pubs);
	db_bind_int(q, 2, e->plan_id);
	if (db_step(q) == DB_ROW) {
		e->publications = db_int(q, 0);
		e->channels = db_int(q, 1);
	}
	db_done(q);
	return SK_OK;
}

sk_rc eval_get(struct req *r, int64_t plan_id, struct evaluation *out) { return load(r, plan_id, 0, out); }
sk_rc eval_of_request(struct req *r, int64_t request_id, struct evaluation *out) { return load(r, 0, request_id, out); }

SK_STMT(st_ev_result, STMT_WRITE,
        "INSERT INTO pub_evaluation_results(evaluation_id, goal_id, actual, note) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (evaluation_id, goal_id) DO UPDATE SET actual = $3, note = $4");
SK_STMT(st_ev_update, STMT_SCOPED | STMT_WRITE,
        "UPDATE pub_evaluations SET summary = $3, lessons = $4 WHERE institution_id = $1 AND id = $2 AND status = 'open'");
SK_STMT(st_ev_send, STMT_SCOPED | STMT_WRITE,
        "UPDATE pub_evaluations SET status = 'sent', sent_by = $3, sent_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'open'");
SK_STMT(st_ev_ack, STMT_SCOPED | STMT_WRITE,
        "UPDATE pub_evaluations SET status = 'acknowledged', acknowledged_by = $3, acknowledged_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'sent'");
SK_STMT_SCOPED(st_ev_taskid, "SELECT task_id FROM pub_evaluations WHERE institution_id = $1 AND id = $2");

sk_rc eval_save(struct req *r, int64_t plan_id, const int64_t *ids, const int64_t *actual, const char *const *notes,
                size_t n, const char *summary, const char *lessons, bool send)
{
	struct evaluation e;
	sk_rc rc = eval_get(r, plan_id, &e);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(e.status, "open")) {
		req_field_error(r, "summary", T(r, "The feedback has been sent already."));
		return SK_ECONFLICT;
	}
	for (size_t i = 0; i < n; i++) {
		bool mine = false;
		for (size_t k = 0; k < e.ngoals; k++)
			mine |= e.goals[k].goal_id == ids[i];
		if (!mine)
			return SK_ENOTFOUND;
		if (actual[i] < 0 && send)
			req_field_error(r, arena_printf(&r->a, "actual-%lld", (long long)ids[i]),
			                T(r, "Enter the actual figure (a whole number, 0 or more)."));
		if (notes[i] && strlen(notes[i]) > 2000)
			req_field_error(r, arena_printf(&r->a, "note-%lld", (long long)ids[i]), T(r, "At most 2,000 characters."));
	}
	if (send && n < e.ngoals)
		req_field_error(r, "summary", T(r, "Enter the actual figure of every goal."));
	if (send && (!summary || !*summary))
		req_field_error(r, "summary", T(r, "Write what the communication achieved."));
	if ((summary && strlen(summary) > 10000) || (lessons && strlen(lessons) > 10000))
		req_field_error(r, "summary", T(r, "At most 10,000 characters."));
	if (r->nerrors)
		return SK_EINPUT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (actual[i] < 0)
			continue;
		dbq *q = db_q(r->db, &st_ev_result);
		db_bind_int(q, 1, e.id);
		db_bind_int(q, 2, ids[i]);
		db_bind_int(q, 3, actual[i]);
		db_bind_text(q, 4, notes[i] ? notes[i] : "");
		if ((rc = db_exec(q)) != SK_OK)
			goto fail;
	}
	dbq *q = db_q(r->db, &st_ev_update);
	db_bind_int(q, 2, e.id);
	db_bind_text(q, 3, summary ? summary : "");
	db_bind_text(q, 4, lessons ? lessons : "");
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if (send) {
		int64_t now = now_unix();
		q = db_q(r->db, &st_ev_send);
		db_bind_int(q, 2, e.id);
		db_bind_int(q, 3, r->user->id);
		db_bind_int(q, 4, now);
		if ((rc = db_exec(q)) != SK_OK)
			goto fail;
		q = db_q(r->db, &st_ev_taskid);
		db_bind_int(q, 2, e.id);
		int64_t tid = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
		db_done(q);
		if (tid) {
			if ((rc = task_complete(r->db, r->inst->id, tid, NULL)) != SK_OK)
				goto fail;
		}
		struct task_new t = {
		        .title = arena_printf(&r->a, tr(LANG_LT, "Feedback on your publicity request: %s"), e.plan_title),
		        .description = tr(LANG_LT, "Read what the communication achieved and acknowledge it on the request's page."),
		        .category = "feedback",
		        .assignee_id = e.requester_id,
		        .assigned_by = r->user->id,
		        .related_type = "pub_request",
		        .related_id = e.request_id,
		        .dedupe_key = arena_printf(&r->a, "plan-feedback:%lld", (long long)e.plan_id),
		};
		int64_t nt;
		if ((rc = task_create(r->db, r->inst->id, &t, &nt)) != SK_OK)
			goto fail;
	}
	if ((rc = audit(r, send ? "plan.evaluation_send" : "plan.evaluation_save", "pub_plans", plan_id, NULL,
	                json_pack("{s:s}", "summary", summary ? summary : ""))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}


sk_rc eval_acknowledge(struct req *r, int64_t request_id)
{
	struct evaluation e;
	sk_rc rc = eval_of_request(r, request_id, &e);
	if (rc != SK_OK)
		return rc;
	if (e.requester_id != r->user->id && !req_has_perm(r, "publicity.manage"))
		return SK_EPERM;
	if (!str_eq(e.status, "sent")) {
		req_field_error(r, "acknowledge", T(r, "There is no feedback waiting to be acknowledged."));
		return SK_ECONFLICT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int64_t now = now_unix();
	dbq *q = db_q(r->db, &st_ev_ack);
	db_bind_int(q, 2, e.id);
	db_bind_int(q, 3, r->user->id);
	db_bind_int(q, 4, now);
	if ((rc = db_exec(q)) == SK_OK)
		rc = task_complete_related(r->db, r->inst->id, "pub_request", request_id, "feedback");
	if (rc == SK_OK)
		rc = audit(r, "plan.feedback_acknowledged", "pub_requests", request_id, NULL, NULL);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

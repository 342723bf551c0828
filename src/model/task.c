/*
 * task.c -- the general task list (C19); see task.h for the contract.
 *
 * Visibility: everybody with tasks.view sees the tasks assigned to them
 * and the ones they handed out; holders of tasks.assign see all of the
 * institution's tasks (the coordinator hands out the unassigned ones).
 * The list statements are scoped, so tasks of another institution never
 * show up whatever the filter says.
 */
#include "task.h"
#include "model.h"
#include "occasion.h"
#include "../core/i18n.h"
#include "../search/search_records.h"

#include <string.h>

const char *const task_sources[] = {"head_instruction", "administration_instruction",
                                    "director_general_instruction", "department_director_instruction",
                                    "meeting_action", "system_generated", NULL};
const char *const task_statuses[] = {"open", "in_progress", "done", "cancelled", NULL};

static bool in_set(const char *const *set, const char *s)
{
	for (; s && *set; set++)
		if (str_eq(*set, s))
			return true;
	return false;
}

/* ON CONFLICT DO NOTHING + RETURNING: no row back means the dedupe key
 * existed (NULL keys never conflict). */
SK_STMT(st_task_insert, STMT_WRITE,
        "INSERT INTO tasks(institution_id, title, description, source, category, assignee_id, assigned_by, "
        "department_id, related_type, related_id, due_date, priority, dedupe_key, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) "
        "ON CONFLICT (institution_id, dedupe_key) DO NOTHING RETURNING id");

sk_rc task_create(db *d, int64_t inst, const struct task_new *t, int64_t *out_id)
{
	*out_id = 0;
	if (!t->title || !*t->title || (t->due_date && !ymd_valid(t->due_date)))
		return SK_EINPUT;
	const char *src = t->source && *t->source ? t->source : "system_generated";
	if (!in_set(task_sources, src))
		return SK_EINPUT;
	dbq *q = db_q(d, &st_task_insert);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, t->title);
	db_bind_text(q, 3, t->description ? t->description : "");
	db_bind_text(q, 4, src);
	db_bind_text(q, 5, t->category ? t->category : "");
	if (t->assignee_id > 0)
		db_bind_int(q, 6, t->assignee_id);
	else
		db_bind_null(q, 6);
	if (t->assigned_by > 0)
		db_bind_int(q, 7, t->assigned_by);
	else
		db_bind_null(q, 7);
	if (t->department_id > 0)
		db_bind_int(q, 8, t->department_id);
	else
		db_bind_null(q, 8);
	db_bind_text(q, 9, t->related_type ? t->related_type : "");
	db_bind_int(q, 10, t->related_id);
	db_bind_int(q, 11, t->due_date);
	db_bind_int(q, 12, t->priority >= 1 && t->priority <= 3 ? t->priority : 2);
	if (t->dedupe_key && *t->dedupe_key)
		db_bind_text(q, 13, t->dedupe_key);
	else
		db_bind_null(q, 13);
	db_bind_int(q, 14, now_unix());
	sk_rc rc = db_exec_id(q, out_id);
	if (rc == SK_OK && *out_id)
		rc = search_task_sync(d, *out_id);
	return rc == SK_ENOTFOUND ? SK_OK : rc;
}

#define TASK_COLS                                                                                       \
	"t.id, t.title, t.description, t.source, t.category, t.status, t.completion_note, t.related_type, " \
	"t.related_id, COALESCE(t.assignee_id, 0), COALESCE(t.assigned_by, 0), COALESCE(t.department_id, 0), " \
	"COALESCE(ua.name, ''), COALESCE(ub.name, ''), t.due_date, t.priority, t.created_at, t.updated_at, "  \
	"t.completed_at "
#define TASK_FROM                                                                             \
	"FROM tasks t LEFT JOIN users ua ON ua.id = t.assignee_id LEFT JOIN users ub ON ub.id = t.assigned_by " \
	"WHERE t.institution_id = $1 "
/* $2 view (0 mine, 1 assigned by me, 2 all), $3 user, $4 status ('' = open+in_progress,
 * 'any', or one), $5 related_type ('' any), $6 related_id, $7 assignee filter (0 any) */
#define TASK_WHERE                                                                                \
	"AND (($2 = 0 AND t.assignee_id = $3) OR ($2 = 1 AND t.assigned_by = $3) OR $2 = 2) "          \
	"AND (($4 = '' AND t.status IN ('open', 'in_progress')) OR $4 = 'any' OR t.status = $4) "      \
	"AND ($5 = '' OR (t.related_type = $5 AND t.related_id = $6)) "                                 \
	"AND ($7 = 0 OR t.assignee_id = $7) "

SK_STMT_SCOPED(st_task_list, "SELECT " TASK_COLS TASK_FROM TASK_WHERE
                             "ORDER BY CASE WHEN t.status IN ('open', 'in_progress') THEN 0 ELSE 1 END, "
                             "CASE WHEN t.due_date = 0 THEN 1 ELSE 0 END, t.due_date, t.priority, t.id "
                             "LIMIT $8 OFFSET $9");
SK_STMT_SCOPED(st_task_count, "SELECT COUNT(*) " TASK_FROM TASK_WHERE);
SK_STMT_SCOPED(st_task_get, "SELECT " TASK_COLS TASK_FROM "AND t.id = $2");
SK_STMT2(st_task_set_status, STMT_SCOPED | STMT_WRITE,
         "UPDATE tasks SET status = $3, completion_note = $4, updated_at = $5, "
         "completed_at = CASE WHEN $3 = 'done' THEN $5 ELSE 0 END WHERE institution_id = $1 AND id = $2",
         "UPDATE tasks SET status = $3, completion_note = $4, updated_at = $5, "
         "completed_at = CASE WHEN $3 = 'done' THEN $5::bigint ELSE 0 END WHERE institution_id = $1 AND id = $2");
SK_STMT(st_task_cancel_related, STMT_WRITE,
        "UPDATE tasks SET status = 'cancelled', updated_at = $4 WHERE institution_id = $1 AND related_type = $2 "
        "AND related_id = $3 AND status IN ('open', 'in_progress') RETURNING id");
SK_STMT(st_task_complete, STMT_WRITE,
        "UPDATE tasks SET status = 'done', completion_note = COALESCE($3, completion_note), completed_at = $4, "
        "updated_at = $4 WHERE institution_id = $1 AND id = $2 AND status IN ('open', 'in_progress')");
SK_STMT(st_task_complete_related, STMT_WRITE,
        "UPDATE tasks SET status = 'done', completed_at = $5, updated_at = $5 WHERE institution_id = $1 "
        "AND related_type = $2 AND related_id = $3 AND category = $4 AND status IN ('open', 'in_progress') "
        "RETURNING id");
SK_STMT_SCOPED(st_task_overdue, "SELECT COUNT(*) FROM tasks WHERE institution_id = $1 AND assignee_id = $2 "
                                "AND status IN ('open', 'in_progress') AND due_date > 0 AND due_date < $3");
SK_STMT_SCOPED(st_task_member, "SELECT 1 FROM memberships WHERE institution_id = $1 AND user_id = $2 LIMIT 1");

static void read_task(struct req *r, dbq *q, struct task *t)
{
	t->id = db_int(q, 0);
	t->title = arena_strdup(&r->a, db_text(q, 1));
	t->description = arena_strdup(&r->a, db_text(q, 2));
	t->source = arena_strdup(&r->a, db_text(q, 3));
	t->category = arena_strdup(&r->a, db_text(q, 4));
	t->status = arena_strdup(&r->a, db_text(q, 5));
	t->completion_note = arena_strdup(&r->a, db_text(q, 6));
	t->related_type = arena_strdup(&r->a, db_text(q, 7));
	t->related_id = db_int(q, 8);
	t->assignee_id = db_int(q, 9);
	t->assigned_by = db_int(q, 10);
	t->department_id = db_int(q, 11);
	t->assignee_name = arena_strdup(&r->a, db_text(q, 12));
	t->assigned_by_name = arena_strdup(&r->a, db_text(q, 13));
	t->due_date = (int)db_int(q, 14);
	t->priority = (int)db_int(q, 15);
	t->created_at = db_int(q, 16);
	t->updated_at = db_int(q, 17);
	t->completed_at = db_int(q, 18);
}

static void bind_filter(struct req *r, dbq *q, const struct task_filter *f)
{
	enum task_view v = f->view;
	if (v == TASKS_ALL && !req_has_perm(r, "tasks.assign"))
		v = TASKS_MINE;
	db_bind_int(q, 2, (int64_t)v);
	db_bind_int(q, 3, r->user ? r->user->id : 0);
	db_bind_text(q, 4, f->status ? f->status : "");
	db_bind_text(q, 5, f->related_type ? f->related_type : "");
	db_bind_int(q, 6, f->related_id);
	db_bind_int(q, 7, v == TASKS_ALL ? f->assignee_id : 0);
}

sk_rc task_list(struct req *r, const struct task_filter *f, size_t limit, size_t offset, struct task **out,
                size_t *n, int64_t *total)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	dbq *q = db_q(r->db, &st_task_count);
	bind_filter(r, q, f);
	int st = db_step(q);
	if (st == DB_ROW)
		*total = db_int(q, 0);
	db_done(q);
	if (st == DB_ERROR)
		return db_rc(r->db);
	if (*total == 0)
		return SK_OK;
	size_t cap = limit < (size_t)*total ? limit : (size_t)*total;
	struct task *v = arena_alloc(&r->a, cap * sizeof *v);
	q = db_q(r->db, &st_task_list);
	bind_filter(r, q, f);
	db_bind_int(q, 8, (int64_t)limit);
	db_bind_int(q, 9, (int64_t)offset);
	size_t k = 0;
	while (k < cap && (st = db_step(q)) == DB_ROW)
		read_task(r, q, &v[k++]);
	db_done(q);
	if (st == DB_ERROR)
		return db_rc(r->db);
	*out = v;
	*n = k;
	return SK_OK;
}

sk_rc task_get(struct req *r, int64_t id, struct task *out)
{
	dbq *q = db_q(r->db, &st_task_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_task(r, q, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

bool task_may_update(struct req *r, const struct task *t)
{
	if (!r->user)
		return false;
	return t->assignee_id == r->user->id || t->assigned_by == r->user->id || req_has_perm(r, "tasks.assign");
}

static bool member_of_inst(struct req *r, int64_t uid)
{
	dbq *q = db_q(r->db, &st_task_member);
	db_bind_int(q, 2, uid);
	bool ok = db_step(q) == DB_ROW;
	db_done(q);
	return ok;
}

static json_t *task_json(const struct task_new *t)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:s}", "title", t->title, "source", t->source ? t->source : "",
	                 "assignee_id", (json_int_t)t->assignee_id, "due_date", (json_int_t)t->due_date, "category",
	                 t->category ? t->category : "");
}

sk_rc task_create_by(struct req *r, const struct task_new *in, int64_t *out_id)
{
	struct task_new t = *in;
	*out_id = 0;
	t.assigned_by = r->user->id;
	if (!t.source || !*t.source)
		t.source = "head_instruction";
	if (!t.title || !*t.title)
		req_field_error(r, "title", T(r, "This field is required."));
	if (!in_set(task_sources, t.source) || str_eq(t.source, "system_generated"))
		req_field_error(r, "source", T(r, "Choose a value from the list."));
	if (t.due_date && !ymd_valid(t.due_date))
		req_field_error(r, "due_date", T(r, "Enter a date as YYYY-MM-DD."));
	if (t.priority < 1 || t.priority > 3)
		t.priority = 2;
	if (t.assignee_id == 0)
		t.assignee_id = r->user->id;
	if (t.assignee_id != r->user->id) {
		if (!req_has_perm(r, "tasks.assign"))
			req_field_error(r, "assignee_id", T(r, "You may only create tasks for yourself."));
		else if (!member_of_inst(r, t.assignee_id))
			req_field_error(r, "assignee_id", T(r, "Choose a person of this institution."));
	}
	if (r->nerrors)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	if ((rc = task_create(r->db, r->inst->id, &t, out_id)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "task.create", "tasks", *out_id, NULL, task_json(&t))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc task_set_status(struct req *r, int64_t id, const char *status, const char *note)
{
	struct task t;
	sk_rc rc = task_get(r, id, &t);
	if (rc != SK_OK)
		return rc;
	if (!task_may_update(r, &t))
		return SK_EPERM;
	if (!in_set(task_statuses, status)) {
		req_field_error(r, "status", T(r, "Choose a value from the list."));
		return SK_EINPUT;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_task_set_status);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, status);
	db_bind_text(q, 4, note ? note : t.completion_note);
	db_bind_int(q, 5, now_unix());
	if ((rc = db_exec(q)) != SK_OK || (rc = search_task_sync(r->db, id)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "task.status", "tasks", id, json_pack("{s:s}", "status", t.status),
	                json_pack("{s:s, s:s}", "status", status, "note", note ? note : ""))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc task_cancel_related(db *d, int64_t inst, const char *related_type, int64_t related_id, int64_t *n)
{
	int64_t k = 0;
	dbq *q = db_q(d, &st_task_cancel_related);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, related_type);
	db_bind_int(q, 3, related_id);
	db_bind_int(q, 4, now_unix());
	int st;
	while ((st = db_step(q)) == DB_ROW)
		k++;
	db_done(q);
	if (n)
		*n = k;
	if (st == DB_ERROR)
		return db_rc(d);
	return k ? search_task_sync_related(d, inst, related_type, related_id) : SK_OK;
}

sk_rc task_complete(db *d, int64_t inst, int64_t task_id, const char *note)
{
	dbq *q = db_q(d, &st_task_complete);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, task_id);
	if (note)
		db_bind_text(q, 3, note);
	else
		db_bind_null(q, 3);
	db_bind_int(q, 4, now_unix());
	sk_rc rc = db_exec(q);
	return rc == SK_OK ? search_task_sync(d, task_id) : rc;
}

sk_rc task_complete_related(db *d, int64_t inst, const char *related_type, int64_t related_id, const char *category)
{
	dbq *q = db_q(d, &st_task_complete_related);
	db_bind_int(q, 1, inst);
	db_bind_text(q, 2, related_type);
	db_bind_int(q, 3, related_id);
	db_bind_text(q, 4, category);
	db_bind_int(q, 5, now_unix());
	int64_t n = 0;
	int st;
	while ((st = db_step(q)) == DB_ROW)
		n++;
	db_done(q);
	if (st == DB_ERROR)
		return db_rc(d);
	return n ? search_task_sync_related(d, inst, related_type, related_id) : SK_OK;
}

int64_t task_overdue_count(struct req *r)
{
	if (!r->user)
		return 0;
	dbq *q = db_q(r->db, &st_task_overdue);
	db_bind_int(q, 2, r->user->id);
	db_bind_int(q, 3, local_today());
	int64_t n = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return n;
}

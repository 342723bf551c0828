/*
 * task.h -- the general task list (REQUIREMENTS C19): one list per
 * person of what they must do by when, whoever asked for it.
 *
 * People create tasks on /staff/{inst}/tasks (an instruction of the
 * head, the administration, a meeting's action point); capabilities
 * create them through task_create() with source "system_generated" and
 * a related record ("event" 12, "occasion" 7, ...). A dedupe_key makes
 * system tasks idempotent: a second task_create() with the same key in
 * the same institution creates nothing and returns SK_OK with *out_id 0,
 * so a job that is retried or a page that is saved twice does not hand
 * out the work twice.
 *
 * Dates are plain YYYYMMDD ints (X13); 0 = no due date.
 */
#ifndef SK_TASK_H
#define SK_TASK_H

#include "../http/req.h"

/* The closed sets (columns tasks.source / tasks.status), NULL-terminated. */
extern const char *const task_sources[];
extern const char *const task_statuses[];   /* open in_progress done cancelled */

struct task_new {
	const char *title;          /* required */
	const char *description;    /* "" */
	const char *source;         /* NULL = "system_generated" */
	const char *category;       /* free text: "sound", "poster", "announcement", ... */
	int64_t assignee_id;        /* 0 = unassigned (the department's or the coordinator's to hand out) */
	int64_t assigned_by;        /* 0 = the system */
	int64_t department_id;      /* 0 = none */
	const char *related_type;   /* "" or "event", "occasion", "booking", ... */
	int64_t related_id;
	int due_date;               /* YYYYMMDD or 0 */
	int priority;               /* 1 high, 2 normal (0 = 2), 3 low */
	const char *dedupe_key;     /* NULL = none */
};

/* Creates a task in institution `inst` on connection d (no scope needed:
 * jobs call this too). Runs in the caller's transaction if one is open.
 * *out_id = new id, or 0 when dedupe_key already existed. SK_EINPUT when
 * the title is empty or the due date invalid. */
sk_rc task_create(db *d, int64_t inst, const struct task_new *t, int64_t *out_id);

struct task {
	int64_t id;
	const char *title, *description, *source, *category, *status, *completion_note;
	const char *related_type;
	int64_t related_id;
	int64_t assignee_id, assigned_by, department_id;
	const char *assignee_name, *assigned_by_name;
	int due_date, priority;
	int64_t created_at, updated_at, completed_at;
};

enum task_view { TASKS_MINE, TASKS_ASSIGNED_BY_ME, TASKS_ALL };
struct task_filter {
	enum task_view view;
	const char *status;         /* NULL/"" = open + in_progress; "any"; or one status */
	const char *related_type;   /* NULL = any */
	int64_t related_id;         /* with related_type */
	int64_t assignee_id;        /* TASKS_ALL only; 0 = anyone */
};
/* The tasks of r->inst (scoped) that r->user may see under f, ordered
 * by due date (none last), priority, id. From the arena. */
sk_rc task_list(struct req *r, const struct task_filter *f, size_t limit, size_t offset, struct task **out,
                size_t *n, int64_t *total);
sk_rc task_get(struct req *r, int64_t id, struct task *out);   /* SK_ENOTFOUND */

/* May r->user change this task's status (the assignee, who assigned it,
 * or a holder of tasks.assign)? */
bool task_may_update(struct req *r, const struct task *t);
/* Creates a task from the staff page / API: assigning to somebody else
 * needs tasks.assign and a member of r->inst. Field errors on
 * r (title, assignee_id, due_date, source, priority); audited. */
sk_rc task_create_by(struct req *r, const struct task_new *t, int64_t *out_id);
/* Sets the status (and completion note); audited. SK_EPERM when
 * task_may_update() says no, SK_EINPUT on an unknown status. */
sk_rc task_set_status(struct req *r, int64_t id, const char *status, const char *note);
/* Cancels the open tasks of a related record (an event cancelled, an
 * occasion retired) on connection d; returns how many through *n. */
sk_rc task_cancel_related(db *d, int64_t inst, const char *related_type, int64_t related_id, int64_t *n);

/* A workflow finished a task it had opened (the request closed, the
 * contribution arrived, the publication went out): the task is marked done,
 * with note as its completion note (NULL keeps the task's own), and its
 * search entry follows. A task someone already closed or cancelled stays as
 * it is. Runs inside the caller's transaction. */
sk_rc task_complete(db *d, int64_t inst, int64_t task_id, const char *note);
/* The same for the open tasks of one category about one record. */
sk_rc task_complete_related(db *d, int64_t inst, const char *related_type, int64_t related_id, const char *category);

/* Open tasks of r->user in r->inst that are overdue (for the dashboard). */
int64_t task_overdue_count(struct req *r);

#endif

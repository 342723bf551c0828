/*
 * occasion_remind.c -- lead-time reminder tasks for occasions (C16, C19).
 *
 * For every institution and every active occasion rule it sees with
 * lead_days > 0 whose next occurrence starts within its lead time
 * (today <= start <= today + lead_days), one task is created with
 * task_create(): source system_generated, related_type "occasion",
 * dedupe_key "occasion:RULE:YYYYMMDD" (so running again creates nothing
 * new), due = start minus lead_days, moved back to the previous working
 * day when it falls on a weekend or a public holiday (so when the job
 * missed days the task is already overdue, which is the truth), assignee = the rule's author when still a member of the
 * institution, else the institution's first communication coordinator.
 *
 * Job kind "occasions_remind" (a daily job, SK_JOB_DAILY) runs it for
 * today at 06:00 Vilnius time; the workers keep one run queued.
 */
#include "occasion.h"
#include "model.h"
#include "task.h"
#include "../core/i18n.h"
#include "../jobs/jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SK_STMT(st_occr_insts, 0, "SELECT id FROM institutions ORDER BY id");
SK_STMT(st_occr_author, 0,
        "SELECT o.created_by FROM occasion_rules o "
        "WHERE o.id = $1 AND o.created_by IS NOT NULL AND EXISTS (SELECT 1 FROM memberships m "
        "WHERE m.user_id = o.created_by AND m.institution_id = $2)");
SK_STMT(st_occr_coord, 0,
        "SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id "
        "WHERE m.institution_id = $1 AND m.role_code = 'COORD' AND u.disabled = 0 ORDER BY m.id LIMIT 1");

static int64_t one_id(db *d, struct stmt *st, int64_t a, int64_t b, int nb)
{
	dbq *q = db_q(d, st);
	db_bind_int(q, 1, a);
	if (nb > 1)
		db_bind_int(q, 2, b);
	int64_t v = db_step(q) == DB_ROW && !db_null(q, 0) ? db_int(q, 0) : 0;
	db_done(q);
	return v;
}

static sk_rc remind_inst(db *d, int64_t inst, int today, int *created)
{
	arena a;
	arena_init(&a, 1u << 22);
	struct occurrence *v;
	size_t n;
	/* lead times are at most 366 days */
	sk_rc rc = occ_between(d, &a, inst, today, ymd_add_days(today, 366), &v, &n);
	int64_t coord = -1;
	for (size_t i = 0; rc == SK_OK && i < n; i++) {
		const struct occurrence *o = &v[i];
		int s = ymd_make(o->y, o->m, o->d);
		if (o->lead_days <= 0 || !str_eq(o->status, "active") || s < today || s > ymd_add_days(today, o->lead_days))
			continue;
		int due = ymd_add_days(s, -o->lead_days);
		if (!occ_is_workday(d, due)) {
			int w = occ_add_workdays(d, due, -1);
			if (w)
				due = w;
		}
		int64_t who = one_id(d, &st_occr_author, o->rule_id, inst, 2);
		if (!who) {
			if (coord < 0)
				coord = one_id(d, &st_occr_coord, inst, 0, 1);
			who = coord;
		}
		char date[11];
		ymd_format(s, date);
		const char *title = o->label_lt ? arena_printf(&a, "%s – %s", o->title, o->label_lt) : o->title;
		struct task_new t = {
			.title = arena_printf(&a, "Pasiruošti progai: %s (%s)", title, date),
			.description = arena_printf(&a, "Proga „%s“ – %s. Pasiruošimui numatyta %d d.", title, date,
			                            o->lead_days),
			.source = "system_generated",
			.category = "occasion",
			.assignee_id = who,
			.related_type = "occasion",
			.related_id = o->rule_id,
			.due_date = due,
			.dedupe_key = arena_printf(&a, "occasion:%lld:%d", (long long)o->rule_id, s),
		};
		int64_t id = 0;
		rc = task_create(d, inst, &t, &id);
		if (rc == SK_OK && id)
			(*created)++;
	}
	arena_free(&a);
	return rc;
}

sk_rc occ_remind(db *d, int today, int *created)
{
	*created = 0;
	if (!ymd_valid(today))
		return SK_EINPUT;
	size_t cap = 16, n = 0;
	int64_t *ids = xmalloc(cap * sizeof *ids);
	dbq *q = db_q(d, &st_occr_insts);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (n == cap)
			ids = xrealloc(ids, (cap *= 2) * sizeof *ids);
		ids[n++] = db_int(q, 0);
	}
	db_done(q);
	sk_rc rc = st == DB_DONE ? SK_OK : SK_EDB;
	if (rc == SK_OK)
		rc = db_begin(d);
	for (size_t i = 0; rc == SK_OK && i < n; i++)
		rc = remind_inst(d, ids[i], today, created);
	free(ids);
	if (rc == SK_OK)
		return db_commit(d);
	db_rollback(d);
	return rc;
}

static sk_rc run_remind(struct job_ctx *j)
{
	int today = local_today();
	int created = 0;
	sk_rc rc = occ_remind(j->d, today, &created);
	if (rc != SK_OK) {
		snprintf(j->err, sizeof j->err, "occasion reminders: %s", db_errmsg(j->d));
		return rc;
	}
	return job_enqueue_daily(j);
}

/* once a day, 06:00 in Vilnius */
SK_JOB_DAILY(occasions_remind_job, "occasions_remind", run_remind, 3, 6, 0);

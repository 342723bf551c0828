/*
 * contact_agreements.c -- reminders of ending cooperation agreements
 * with foreign partners (REQUIREMENTS C6, AC-C6-6).
 *
 * The daily job "contact_agreements" (06:15 Vilnius) looks at every
 * organisation outside Lithuania whose agreement ends within 60 days
 * (and has not ended) and creates a task in its institution through
 * task_create(): source system_generated, related_type "contact_org",
 * due on the last day of the agreement, unassigned (the department hands
 * it out), dedupe_key "agreement:ORG:END" so a rerun -- or the next
 * days' runs -- do not repeat it, while a prolonged agreement gets a new
 * reminder for its new end.
 */
#include "../jobs/jobs.h"
#include "../core/i18n.h"
#include "occasion.h"
#include "task.h"

#include <stdio.h>
#include <string.h>

#define AGREEMENT_REMIND_DAYS 60

SK_STMT(st_ca_ending, 0,
        "SELECT id, institution_id, name, agreement_to FROM contact_orgs WHERE country <> 'LT' "
        "AND agreement_to >= $1 AND agreement_to <= $2 ORDER BY institution_id, id");

struct ending {
	int64_t id, inst;
	char *name;
	int to;
};

/* Creates the reminders due on `today`; *created how many are new. */
static sk_rc agreements_remind(db *d, int today, int *created)
{
	*created = 0;
	arena a;
	arena_init(&a, 1u << 20);
	size_t cap = 16, n = 0;
	struct ending *e = arena_alloc(&a, cap * sizeof *e);
	dbq *q = db_q(d, &st_ca_ending);
	db_bind_int(q, 1, today);
	db_bind_int(q, 2, ymd_add_days(today, AGREEMENT_REMIND_DAYS));
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (n == cap) {
			struct ending *nw = arena_alloc(&a, 2 * cap * sizeof *nw);
			memcpy(nw, e, cap * sizeof *nw);
			e = nw;
			cap *= 2;
		}
		e[n].id = db_int(q, 0);
		e[n].inst = db_int(q, 1);
		e[n].name = arena_strdup(&a, db_text(q, 2));
		e[n].to = (int)db_int(q, 3);
		n++;
	}
	db_done(q);
	sk_rc rc = st == DB_DONE ? SK_OK : SK_EDB;
	if (rc == SK_OK)
		rc = db_begin(d);
	for (size_t i = 0; rc == SK_OK && i < n; i++) {
		char date[11];
		ymd_format(e[i].to, date);
		struct task_new t = {
			.title = arena_printf(&a, tr(LANG_LT, "Cooperation agreement with %s ends on %s"), e[i].name, date),
			.description = tr(LANG_LT, "Decide whether to prolong the agreement, and record the new dates on the organisation's page."),
			.source = "system_generated",
			.category = "agreement",
			.related_type = "contact_org",
			.related_id = e[i].id,
			.due_date = e[i].to,
			.dedupe_key = arena_printf(&a, "agreement:%lld:%d", (long long)e[i].id, e[i].to),
		};
		int64_t id = 0;
		rc = task_create(d, e[i].inst, &t, &id);
		if (rc == SK_OK && id)
			(*created)++;
	}
	arena_free(&a);
	if (rc == SK_OK)
		return db_commit(d);
	db_rollback(d);
	return rc;
}

static sk_rc run_agreements(struct job_ctx *j)
{
	int created = 0;
	sk_rc rc = agreements_remind(j->d, local_today(), &created);
	if (rc != SK_OK) {
		snprintf(j->err, sizeof j->err, "agreement reminders: %s", db_errmsg(j->d));
		return rc;
	}
	return job_enqueue_daily(j);
}

SK_JOB_DAILY(contact_agreements_job, "contact_agreements", run_agreements, 3, 6, 15);

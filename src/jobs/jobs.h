/*
 * jobs.h -- background work as rows in the jobs table, leased by
 * workers (threads inside `sklaida serve`, or `sklaida worker`
 * processes, on any number of app nodes). A job kind is a function
 * registered with SK_JOB next to its code:
 *
 *   static sk_rc run_mail(struct job_ctx *j) { ... }
 *   SK_JOB(mail_job, "mail", run_mail, 8);
 *
 * The run function gets its own arena and connection; it returns SK_OK
 * (done), or an error with j->err set (retried with exponential backoff
 * until max_attempts, then failed). Jobs must be idempotent or record
 * what they already did: a crash after the side effect and before the
 * completion is re-run after the lease expires.
 */
#ifndef SK_JOBS_H
#define SK_JOBS_H

#include "../core/core.h"
#include "../db/db.h"
#include <jansson.h>

struct job_ctx {
	arena a;
	db *d;
	int64_t id, inst_id;
	const char *kind;
	json_t *payload;     /* owned by the runner */
	int attempt, max_attempts;
	char err[512];
};

struct job_kind {
	const char *name;
	sk_rc (*run)(struct job_ctx *j);
	int max_attempts;
	bool daily;          /* SK_JOB_DAILY: one run a day at hh:mm Vilnius */
	int hh, mm;
};

#define SK_JOB(var, kname, fn, attempts)                               \
	static struct job_kind var = {kname, fn, attempts, false, 0, 0}; \
	SK_REGISTER(jobs, struct job_kind, var)
/* A job that runs once a day at hh:mm local time. Its run function ends
 * with job_enqueue_daily(j) (the next day's run); and the workers make
 * sure every daily kind has a queued or running row -- on start and
 * every ten minutes -- so a fresh installation, or a chain broken by a
 * failed run, gets one without anybody queueing it by hand. */
#define SK_JOB_DAILY(var, kname, fn, attempts, hour, minute)                  \
	static struct job_kind var = {kname, fn, attempts, true, hour, minute}; \
	SK_REGISTER(jobs, struct job_kind, var)

/* Queues the next run of a daily job j->kind (tomorrow, or today when
 * its time is still ahead). */
sk_rc job_enqueue_daily(struct job_ctx *j);
/* Queues each daily kind that has no queued or running row (one write
 * transaction; on PostgreSQL under an advisory lock, so app nodes that
 * start together add one row, not one each). *added how many. */
sk_rc jobs_ensure_daily(db *d, int *added);

/* Leases and runs at most one due job; SK_ENOTFOUND when none is due. */
sk_rc job_run_next(db *d, const char *owner);
/* Runs job `id` now, whatever its state (sklaida job run ID). */
sk_rc job_run_id(db *d, int64_t id, char *errbuf, size_t errlen);
/* Worker threads for `serve` and the `worker` command. */
void jobs_start(int nthreads);
void jobs_stop(void);
/* Runs due jobs until none is left (tests, CLI). Returns how many ran. */
int jobs_drain(db *d);

#endif

/*
 * queue.c -- the job table: enqueue, lease, complete, retry with
 * backoff, worker threads. Leasing is one UPDATE ... RETURNING over a
 * sub-select; on PostgreSQL the sub-select uses FOR UPDATE SKIP LOCKED so
 * several nodes never take the same row, on SQLite the write lock of the
 * UPDATE serialises workers. An expired lease (a worker died) makes the
 * job available again.
 */
#include "jobs.h"
#include "../core/i18n.h"
#include "../core/log.h"
#include "../model/model.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

SK_SECTION_DECL(jobs, struct job_kind);

#define LEASE_SECONDS 300

SK_STMT(st_job_insert, STMT_WRITE,
        "INSERT INTO jobs(kind, payload, institution_id, run_after, max_attempts, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $6)");
SK_STMT2(st_job_lease, STMT_WRITE,
         "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2, attempts = attempts + 1, "
         "updated_at = $3 WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_after <= $3) "
         "OR (status = 'running' AND lease_until < $3) ORDER BY run_after, id LIMIT 1) "
         "RETURNING id, kind, payload, COALESCE(institution_id, 0), attempts, max_attempts",
         "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2, attempts = attempts + 1, "
         "updated_at = $3 WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_after <= $3) "
         "OR (status = 'running' AND lease_until < $3) ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
         "RETURNING id, kind, payload, COALESCE(institution_id, 0), attempts, max_attempts");
SK_STMT(st_job_lease_id, STMT_WRITE,
        "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2, attempts = attempts + 1, "
        "updated_at = $3 WHERE id = $4 "
        "RETURNING id, kind, payload, COALESCE(institution_id, 0), attempts, max_attempts");
SK_STMT(st_job_done, STMT_WRITE,
        "UPDATE jobs SET status = 'done', done_at = $2, updated_at = $2, last_error = '' "
        "WHERE id = $1 AND lease_owner = $3");
SK_STMT(st_job_retry, STMT_WRITE,
        "UPDATE jobs SET status = $2, run_after = $3, last_error = $4, updated_at = $5, lease_until = 0 "
        "WHERE id = $1 AND lease_owner = $6");

SK_STMT(st_job_pending_kind, 0,
        "SELECT 1 FROM jobs WHERE kind = $1 AND status IN ('queued', 'running') LIMIT 1");
/* serialises jobs_ensure_daily between app nodes (PostgreSQL); SQLite's
 * write transaction already does */
SK_STMT2(st_job_daily_lock, STMT_WRITE, "SELECT 1", "SELECT pg_advisory_xact_lock(7302418)");

static const struct job_kind *kind_find(const char *name)
{
	SK_FOREACH(jobs, struct job_kind, k)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

sk_rc job_enqueue(db *d, const char *kind, json_t *payload, int64_t inst_id, int64_t run_after)
{
	const struct job_kind *k = kind_find(kind);
	if (!k) {
		json_decref(payload);
		return SK_EINTERNAL;
	}
	char *p = json_dumps(payload ? payload : json_object(), JSON_COMPACT);
	json_decref(payload);
	dbq *q = db_q(d, &st_job_insert);
	db_bind_text(q, 1, kind);
	db_bind_text(q, 2, p);
	if (inst_id > 0)
		db_bind_int(q, 3, inst_id);
	else
		db_bind_null(q, 3);
	int64_t now = now_unix();
	db_bind_int(q, 4, run_after > 0 ? run_after : now);
	db_bind_int(q, 5, k->max_attempts > 0 ? k->max_attempts : 5);
	db_bind_int(q, 6, now);
	sk_rc rc = db_exec(q);
	free(p);
	return rc;
}

/* The next hh:mm in Vilnius after now. */
static int64_t next_daily(const struct job_kind *k)
{
	int64_t now = now_unix();
	int today = local_today();
	int64_t t = local_to_unix(today, k->hh, k->mm);
	if (t <= now)
		t = local_to_unix(ymd_from_days(ymd_to_days(today) + 1), k->hh, k->mm);
	return t;
}

sk_rc job_enqueue_daily(struct job_ctx *j)
{
	const struct job_kind *k = kind_find(j->kind);
	if (!k || !k->daily)
		return SK_EINTERNAL;
	return job_enqueue(j->d, k->name, json_object(), 0, next_daily(k));
}

sk_rc jobs_ensure_daily(db *d, int *added)
{
	*added = 0;
	sk_rc rc = db_begin(d);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(d, &st_job_daily_lock);
	if (db_step(q) == DB_ERROR)
		rc = db_rc(d);
	db_done(q);
	SK_FOREACH(jobs, struct job_kind, k) {
		if (rc != SK_OK)
			break;
		if (!k->daily)
			continue;
		q = db_q(d, &st_job_pending_kind);
		db_bind_text(q, 1, k->name);
		int st = db_step(q);
		db_done(q);
		if (st == DB_ERROR) {
			rc = db_rc(d);
			break;
		}
		if (st == DB_ROW)
			continue;
		rc = job_enqueue(d, k->name, json_object(), 0, next_daily(k));
		if (rc == SK_OK)
			(*added)++;
	}
	if (rc == SK_OK)
		return db_commit(d);
	db_rollback(d);
	*added = 0;
	return rc;
}

static sk_rc run_leased(db *d, dbq *q, const char *owner, char *errbuf, size_t errlen)
{
	struct job_ctx j;
	memset(&j, 0, sizeof j);
	arena_init(&j.a, 256u << 20);
	j.d = d;
	j.id = db_int(q, 0);
	j.kind = arena_strdup(&j.a, db_text(q, 1));
	json_error_t je;
	j.payload = json_loads(db_text(q, 2), 0, &je);
	j.inst_id = db_int(q, 3);
	j.attempt = (int)db_int(q, 4);
	j.max_attempts = (int)db_int(q, 5);
	db_done(q);

	char idbuf[24];
	snprintf(idbuf, sizeof idbuf, "%lld", (long long)j.id);
	const struct job_kind *k = kind_find(j.kind);
	sk_rc rc;
	if (!k) {
		snprintf(j.err, sizeof j.err, "unknown job kind %s", j.kind);
		rc = SK_EINTERNAL;
		j.attempt = j.max_attempts; /* no point retrying */
	} else if (!j.payload) {
		snprintf(j.err, sizeof j.err, "bad payload: %s", je.text);
		rc = SK_EINPUT;
		j.attempt = j.max_attempts;
	} else {
		db_set_scope(d, j.inst_id);
		rc = k->run(&j);
		db_set_scope(d, 0);
		if (db_in_tx(d))
			db_rollback_all(d);
	}
	int64_t now = now_unix();
	if (rc == SK_OK) {
		q = db_q(d, &st_job_done);
		db_bind_int(q, 1, j.id);
		db_bind_int(q, 2, now);
		db_bind_text(q, 3, owner);
		db_exec(q);
		log_info("job_done", "id", idbuf, "kind", j.kind, NULL);
	} else {
		bool final = j.attempt >= j.max_attempts;
		int64_t backoff = 30LL << (j.attempt > 7 ? 7 : (j.attempt > 0 ? j.attempt - 1 : 0));
		if (backoff > 3600)
			backoff = 3600;
		q = db_q(d, &st_job_retry);
		db_bind_int(q, 1, j.id);
		db_bind_text(q, 2, final ? "failed" : "queued");
		db_bind_int(q, 3, now + backoff);
		db_bind_text(q, 4, j.err[0] ? j.err : sk_rc_name(rc));
		db_bind_int(q, 5, now);
		db_bind_text(q, 6, owner);
		db_exec(q);
		log_warn(final ? "job_failed" : "job_retry", "id", idbuf, "kind", j.kind, "error", j.err, NULL);
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "%s", j.err[0] ? j.err : sk_rc_name(rc));
	}
	json_decref(j.payload);
	arena_free(&j.a);
	return rc;
}

sk_rc job_run_next(db *d, const char *owner)
{
	int64_t now = now_unix();
	dbq *q = db_q(d, &st_job_lease);
	db_bind_text(q, 1, owner);
	db_bind_int(q, 2, now + LEASE_SECONDS);
	db_bind_int(q, 3, now);
	int st = db_step(q);
	if (st != DB_ROW) {
		sk_rc rc = st == DB_DONE ? SK_ENOTFOUND : db_rc(d);
		db_done(q);
		return rc;
	}
	/* run_leased reads the row and resets the statement first, which
	 * completes the UPDATE (and, on SQLite, releases the write lock)
	 * before the job itself runs */
	return run_leased(d, q, owner, NULL, 0);
}

sk_rc job_run_id(db *d, int64_t id, char *errbuf, size_t errlen)
{
	char owner[64];
	snprintf(owner, sizeof owner, "cli-%d", (int)getpid());
	int64_t now = now_unix();
	dbq *q = db_q(d, &st_job_lease_id);
	db_bind_text(q, 1, owner);
	db_bind_int(q, 2, now + LEASE_SECONDS);
	db_bind_int(q, 3, now);
	db_bind_int(q, 4, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		snprintf(errbuf, errlen, "no job %lld", (long long)id);
		return SK_ENOTFOUND;
	}
	return run_leased(d, q, owner, errbuf, errlen);
}

int jobs_drain(db *d)
{
	char owner[64];
	snprintf(owner, sizeof owner, "drain-%d", (int)getpid());
	int n = 0;
	sk_rc rc;
	while ((rc = job_run_next(d, owner)) != SK_ENOTFOUND && n < 100000) {
		if (rc == SK_EDB || rc == SK_EBUSY)
			break;
		n++;
	}
	return n;
}

static struct {
	pthread_t *th;
	int n;
	volatile int stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} W = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void *worker_main(void *arg)
{
	char owner[96], host[64] = "host";
	gethostname(host, sizeof host);
	snprintf(owner, sizeof owner, "%s-%d-%ld", host, (int)getpid(), (long)(intptr_t)arg);
	int64_t ensured = 0;
	while (!W.stop) {
		db *d = db_thread();
		if (d && arg == 0 && now_unix() - ensured >= 600) {
			int added = 0;
			if (jobs_ensure_daily(d, &added) == SK_OK) {
				ensured = now_unix();
				if (added) {
					char nb[16];
					snprintf(nb, sizeof nb, "%d", added);
					log_info("daily_jobs_queued", "count", nb, NULL);
				}
			}
		}
		sk_rc rc = d ? job_run_next(d, owner) : SK_EDB;
		if (rc == SK_OK)
			continue;
		/* idle: wait a second (or until stopped) */
		pthread_mutex_lock(&W.mu);
		if (!W.stop) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 1;
			pthread_cond_timedwait(&W.cv, &W.mu, &ts);
		}
		pthread_mutex_unlock(&W.mu);
	}
	db_thread_close();
	return NULL;
}

void jobs_start(int nthreads)
{
	W.n = nthreads;
	W.stop = 0;
	W.th = xcalloc((size_t)(nthreads > 0 ? nthreads : 1), sizeof *W.th);
	for (int i = 0; i < nthreads; i++)
		pthread_create(&W.th[i], NULL, worker_main, (void *)(intptr_t)i);
}

void jobs_stop(void)
{
	pthread_mutex_lock(&W.mu);
	W.stop = 1;
	pthread_cond_broadcast(&W.cv);
	pthread_mutex_unlock(&W.mu);
	for (int i = 0; i < W.n; i++)
		pthread_join(W.th[i], NULL);
	free(W.th);
	W.th = NULL;
	W.n = 0;
}

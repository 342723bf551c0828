/*
 * search_job.c -- the job "search_reindex": rebuilds the index of some
 * document types (payload {"types": "a,b"}) or of all ("types" absent or
 * ""), each type in its own transaction, as `sklaida search reindex`
 * does. Migration 170 queues one for the types an existing installation
 * has records of but never indexed (publicity requests and plans), so an
 * upgrade needs no manual step; a fresh installation has none to do.
 * Idempotent: a reindex clears the type's rows first.
 */
#include "search.h"
#include "../jobs/jobs.h"

#include <stdio.h>
#include <string.h>

static bool listed(const char *csv, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = csv; p && *p;) {
		const char *e = strchr(p, ',');
		size_t k = e ? (size_t)(e - p) : strlen(p);
		if (k == n && strncmp(p, code, n) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

static sk_rc run_reindex(struct job_ctx *j)
{
	const char *types = json_string_value(json_object_get(j->payload, "types"));
	SK_FOREACH(search_types, struct search_type, t) {
		if (types && *types && !listed(types, t->code))
			continue;
		sk_rc rc = db_begin(j->d);
		if (rc == SK_OK)
			rc = t->reindex(j->d, NULL, NULL);
		if (rc == SK_OK)
			rc = db_commit(j->d);
		else
			db_rollback(j->d);
		if (rc != SK_OK) {
			snprintf(j->err, sizeof j->err, "search reindex %s: %s", t->code, db_errmsg(j->d));
			return rc;
		}
	}
	return SK_OK;
}

SK_JOB(search_reindex_job, "search_reindex", run_reindex, 3);

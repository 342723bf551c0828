/*
 * media_dist.c -- media distribution (C4 workflow 5, AC-C4-4): a press
 * release to a contact list, one message per person (never a visible
 * list), a log line per recipient, the person's interaction history, a
 * follow-up task and the coverage linked back. See newsletter.h.
 */
#include "newsletter.h"
#include "contact.h"
#include "model.h"
#include "task.h"
#include "../adapters/mail.h"
#include "../core/i18n.h"
#include "../jobs/jobs.h"

#include <string.h>

static const char *nz(const char *s) { return s ? s : ""; }

SK_STMT_SCOPED(st_md_cands, "SELECT id, title, status FROM content_items WHERE institution_id = $1 "
                            "AND type = 'press_release' AND status IN ('approved', 'scheduled', 'published') "
                            "AND withdrawn_at = 0 ORDER BY updated_at DESC, id DESC LIMIT 200");
SK_STMT_SCOPED(st_md_cand_one, "SELECT title FROM content_items WHERE institution_id = $1 AND id = $2 "
                               "AND type = 'press_release' AND status IN ('approved', 'scheduled', 'published') "
                               "AND withdrawn_at = 0");
SK_STMT2(st_md_new, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO md_distributions(institution_id, item_id, list_id, subject, intro, created_by, created_at) "
         "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
         NULL);
SK_STMT(st_md_rcpt, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO md_recipients(institution_id, dist_id, person_id, email, name, salutation) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dist_id, person_id) DO NOTHING");
SK_STMT(st_md_counts, STMT_SCOPED | STMT_WRITE,
        "UPDATE md_distributions SET total = $3, skipped_dnc = $4, skipped_noemail = $5, followup_task_id = $6 "
        "WHERE institution_id = $1 AND id = $2");

sk_rc md_candidates(struct req *r, struct md_candidate **out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(&r->a, 200 * sizeof **out);
	dbq *q = db_q(r->db, &st_md_cands);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < 200) {
		struct md_candidate *c = &(*out)[(*n)++];
		c->id = db_int(q, 0);
		c->title = arena_strdup(&r->a, db_text(q, 1));
		c->status = arena_strdup(&r->a, db_text(q, 2));
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc md_create(struct req *r, int64_t item, int64_t list, const char *subject, const char *intro,
                int followup_date, int64_t *out_id)
{
	dbq *q = db_q(r->db, &st_md_cand_one);
	db_bind_int(q, 2, item);
	int st = db_step(q);
	const char *title = st == DB_ROW ? arena_strdup(&r->a, db_text(q, 0)) : NULL;
	db_done(q);
	if (st == DB_ERROR)
		return db_rc(r->db);
	if (!title)
		req_field_error(r, "item_id", T(r, "Choose an approved or published press release."));
	struct contact_list l;
	sk_rc rc = list > 0 ? contact_list_get(r, list, &l) : SK_ENOTFOUND;
	if (rc == SK_ENOTFOUND)
		req_field_error(r, "list_id", T(r, "Choose a contact list."));
	else if (rc != SK_OK)
		return rc;
	if (followup_date && followup_date < local_today())
		req_field_error(r, "followup_date", T(r, "The follow-up date is in the past."));
	if (r->nerrors)
		return SK_EINPUT;
	if (!*nz(subject))
		subject = title;
	struct contact_person *p;
	size_t n;
	if ((rc = contact_list_people(r, &l, &p, &n)) != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int64_t id = 0;
	q = db_q(r->db, &st_md_new);
	db_bind_int(q, 2, item);
	db_bind_int(q, 3, list);
	db_bind_text(q, 4, subject);
	db_bind_text(q, 5, nz(intro));
	db_bind_int(q, 6, r->user->id);
	db_bind_int(q, 7, now_unix());
	rc = db_exec_id(q, &id);
	int64_t total = 0, dnc = 0, noemail = 0, task_id = 0;
	for (size_t i = 0; rc == SK_OK && i < n; i++) {
		if (p[i].dnc || p[i].erased_at) {
			dnc++;
			continue;
		}
		if (!email_valid(nz(p[i].f[CP_EMAIL]))) {
			noemail++;
			continue;
		}
		q = db_q(r->db, &st_md_rcpt);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, p[i].id);
		db_bind_text(q, 4, p[i].f[CP_EMAIL]);
		db_bind_text(q, 5, arena_printf(&r->a, "%s %s", nz(p[i].f[CP_FIRST]), nz(p[i].f[CP_LAST])));
		db_bind_text(q, 6, nz(p[i].f[CP_SALUT]));
		rc = db_exec(q);
		total++;
	}
	if (rc == SK_OK && followup_date) {
		struct task_new t = {
		        .title = arena_printf(&r->a, "%s: %s", T(r, "Follow up the press release"), title),
		        .description = T(r, "Call or write to the journalists who got it and record any coverage on the distribution."),
		        .category = "media_distribution",
		        .assignee_id = r->user->id,
		        .assigned_by = r->user->id,
		        .related_type = "media_distribution",
		        .related_id = id,
		        .due_date = followup_date,
		        .dedupe_key = arena_printf(&r->a, "md-followup:%lld", (long long)id),
		};
		rc = task_create(r->db, r->inst->id, &t, &task_id);
	}
	if (rc == SK_OK) {
		q = db_q(r->db, &st_md_counts);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, total);
		db_bind_int(q, 4, dnc);
		db_bind_int(q, 5, noemail);
		db_bind_int(q, 6, task_id);
		rc = db_exec(q);
	}
	if (rc == SK_OK)
		rc = job_enqueue(r->db, "media", json_pack("{s:I}", "dist", (json_int_t)id), r->inst->id, 0);
	if (rc == SK_OK)
		rc = audit(r, "media.distribute", "md_distributions", id, NULL,
		           json_pack("{s:I, s:I, s:I, s:I, s:I}", "item", (json_int_t)item, "list", (json_int_t)list,
		                     "recipients", (json_int_t)total, "skipped_dnc", (json_int_t)dnc, "skipped_noemail",
		                     (json_int_t)noemail));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	*out_id = id;
	return db_commit(r->db);
}

#define MD_COLS                                                                                               \
	"d.id, d.item_id, d.list_id, d.total, d.sent, d.failed, d.skipped_dnc, d.skipped_noemail, "             \
	"d.followup_task_id, c.title, l.name, d.subject, d.intro, d.status, d.created_at, d.finished_at "
SK_STMT_SCOPED(st_md_list, "SELECT " MD_COLS "FROM md_distributions d JOIN content_items c ON c.id = d.item_id "
                           "JOIN contact_lists l ON l.id = d.list_id WHERE d.institution_id = $1 "
                           "ORDER BY d.created_at DESC, d.id DESC LIMIT 200");
SK_STMT_SCOPED(st_md_get, "SELECT " MD_COLS "FROM md_distributions d JOIN content_items c ON c.id = d.item_id "
                          "JOIN contact_lists l ON l.id = d.list_id WHERE d.institution_id = $1 AND d.id = $2");

static void read_dist(arena *a, dbq *q, struct md_dist *o)
{
	o->id = db_int(q, 0);
	o->item_id = db_int(q, 1);
	o->list_id = db_int(q, 2);
	o->total = db_int(q, 3);
	o->sent = db_int(q, 4);
	o->failed = db_int(q, 5);
	o->skipped_dnc = db_int(q, 6);
	o->skipped_noemail = db_int(q, 7);
	o->followup_task_id = db_int(q, 8);
	o->item_title = arena_strdup(a, db_text(q, 9));
	o->list_name = arena_strdup(a, db_text(q, 10));
	o->subject = arena_strdup(a, db_text(q, 11));
	o->intro = arena_strdup(a, db_text(q, 12));
	o->status = arena_strdup(a, db_text(q, 13));
	o->created_at = db_int(q, 14);
	o->finished_at = db_int(q, 15);
}

sk_rc md_list(struct req *r, struct md_dist **out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(&r->a, 200 * sizeof **out);
	dbq *q = db_q(r->db, &st_md_list);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < 200)
		read_dist(&r->a, q, &(*out)[(*n)++]);
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc md_get(struct req *r, int64_t id, struct md_dist *out)
{
	dbq *q = db_q(r->db, &st_md_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_dist(&r->a, q, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

SK_STMT_SCOPED(st_md_rcpts, "SELECT person_id, email, name, status, error, sent_at FROM md_recipients "
                            "WHERE institution_id = $1 AND dist_id = $2 ORDER BY id");

sk_rc md_recipients(struct req *r, int64_t id, struct md_recipient **out, size_t *n)
{
	size_t cap = 64;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_md_rcpts);
	db_bind_int(q, 2, id);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct md_recipient *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		struct md_recipient *x = &(*out)[(*n)++];
		x->person_id = db_int(q, 0);
		x->email = arena_strdup(&r->a, db_text(q, 1));
		x->name = arena_strdup(&r->a, db_text(q, 2));
		x->status = arena_strdup(&r->a, db_text(q, 3));
		x->error = arena_strdup(&r->a, db_text(q, 4));
		x->sent_at = db_int(q, 5);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

SK_STMT_SCOPED(st_md_covs, "SELECT outlet, url, added_at FROM md_coverage WHERE institution_id = $1 AND dist_id = $2 "
                           "ORDER BY added_at, id");
SK_STMT2(st_md_cov_add, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO md_coverage(institution_id, dist_id, outlet, url, added_by, added_at) "
         "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
         NULL);

sk_rc md_coverages(struct req *r, int64_t id, struct md_coverage **out, size_t *n)
{
	*n = 0;
	*out = arena_alloc(&r->a, 200 * sizeof **out);
	dbq *q = db_q(r->db, &st_md_covs);
	db_bind_int(q, 2, id);
	int st;
	while ((st = db_step(q)) == DB_ROW && *n < 200) {
		struct md_coverage *c = &(*out)[(*n)++];
		c->outlet = arena_strdup(&r->a, db_text(q, 0));
		c->url = arena_strdup(&r->a, db_text(q, 1));
		c->added_at = db_int(q, 2);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc md_coverage_add(struct req *r, int64_t id, const char *outlet, const char *url)
{
	struct md_dist d;
	sk_rc rc = md_get(r, id, &d);
	if (rc != SK_OK)
		return rc;
	if (!*nz(outlet))
		req_field_error(r, "outlet", T(r, "Enter the outlet, e.g. \"Sekundė\"."));
	if (strncmp(nz(url), "https://", 8) != 0 && strncmp(nz(url), "http://", 7) != 0)
		req_field_error(r, "url", T(r, "The address must start with https:// or http://."));
	if (r->nerrors)
		return SK_EINPUT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_md_cov_add);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, outlet);
	db_bind_text(q, 4, url);
	db_bind_int(q, 5, r->user->id);
	db_bind_int(q, 6, now_unix());
	int64_t cid;
	if ((rc = db_exec_id(q, &cid)) == SK_OK)
		rc = audit(r, "media.coverage", "md_distributions", id, NULL,
		           json_pack("{s:s, s:s}", "outlet", outlet, "url", url));
	if (rc == SK_OK)
		return db_commit(r->db);
	db_rollback(r->db);
	return rc;
}

/* ---- the sending job -------------------------------------------------------- */

SK_STMT(st_mdr_dist, 0,
        "SELECT d.subject, d.intro, d.status, c.title, c.summary, c.body, c.slug, c.newsroom_at, i.slug, i.name_lt, "
        "COALESCE(s.sender_name, ''), COALESCE(s.sender_postal, ''), COALESCE(s.sender_email, '') "
        "FROM md_distributions d JOIN content_items c ON c.id = d.item_id JOIN institutions i ON i.id = d.institution_id "
        "LEFT JOIN nl_settings s ON s.institution_id = d.institution_id WHERE d.institution_id = $1 AND d.id = $2");
/* do-not-contact is read again now: a flag set after the distribution was made still wins */
SK_STMT(st_mdr_next, 0,
        "SELECT r.id, r.person_id, r.email, r.salutation, p.do_not_contact, p.erased_at FROM md_recipients r "
        "JOIN contact_people p ON p.id = r.person_id WHERE r.institution_id = $1 AND r.dist_id = $2 "
        "AND r.status = 'pending' ORDER BY r.id LIMIT 1");
SK_STMT(st_mdr_status, STMT_WRITE,
        "UPDATE md_recipients SET status = $3, error = $4, sent_at = $5 WHERE institution_id = $1 AND id = $2");
SK_STMT(st_mdr_interaction, STMT_WRITE,
        "INSERT INTO contact_interactions(institution_id, person_id, kind, on_date, summary) "
        "VALUES ($1, $2, 'mail', $3, $4)");
SK_STMT(st_mdr_last, STMT_WRITE,
        "UPDATE contact_people SET last_contact = $3 WHERE institution_id = $1 AND id = $2 AND last_contact < $3");
SK_STMT(st_mdr_state, STMT_WRITE,
        "UPDATE md_distributions SET status = $3, "
        "sent = (SELECT COUNT(*) FROM md_recipients WHERE dist_id = $2 AND status = 'sent'), "
        "failed = (SELECT COUNT(*) FROM md_recipients WHERE dist_id = $2 AND status = 'failed'), "
        "skipped_dnc = skipped_dnc + $5, finished_at = $4 WHERE institution_id = $1 AND id = $2");

/* One message per recipient, each recorded (status, the log line, the
 * interaction) right after it left; a re-run sends only those still
 * pending (the window: one message, sent but not yet recorded). */
sk_rc md_run(db *d, int64_t inst, int64_t dist, char *err, size_t errlen)
{
	arena a;
	arena_init(&a, 0);
	dbq *q = db_q(d, &st_mdr_dist);
	db_bind_int(q, 1, inst);
	db_bind_int(q, 2, dist);
	int st = db_step(q);
	if (st != DB_ROW) {
		db_done(q);
		arena_free(&a);
		return st == DB_ERROR ? db_rc(d) : SK_OK;
	}
	const char *subject = arena_strdup(&a, db_text(q, 0)), *intro = arena_strdup(&a, db_text(q, 1));
	bool finished = str_eq(db_text(q, 2), "sent");
	const char *title = arena_strdup(&a, db_text(q, 3)), *summary = arena_strdup(&a, db_text(q, 4));
	const char *body = arena_strdup(&a, db_text(q, 5)), *slug = arena_strdup(&a, db_text(q, 6));
	bool online = db_int(q, 7) > 0;
	const char *islug = arena_strdup(&a, db_text(q, 8)), *iname = arena_strdup(&a, db_text(q, 9));
	const char *sname = arena_strdup(&a, db_text(q, 10)), *spostal = arena_strdup(&a, db_text(q, 11));
	const char *semail = arena_strdup(&a, db_text(q, 12));
	db_done(q);
	if (finished) {
		arena_free(&a);
		return SK_OK;
	}
	buf b;
	buf_init(&b, 1u << 20);
	if (*intro)
		buf_printf(&b, "%s\n\n", intro);
	buf_printf(&b, "%s\n\n", title);
	if (*summary)
		buf_printf(&b, "%s\n\n", summary);
	buf_printf(&b, "%s\n", body);
	if (online)
		buf_printf(&b, "\n%s/%s/news/%s\n", cfg.base_url, islug, slug);
	buf_printf(&b, "\n-- \n%s\n", *sname ? sname : iname);
	if (*spostal)
		buf_printf(&b, "%s\n", spostal);
	if (*semail)
		buf_printf(&b, "%s %s\n", tr(LANG_LT, "E-mail:"), semail);
	buf_printf(&b, "\n%s\n", tr(LANG_LT, "You receive press releases as a journalist. If you do not want them, reply to this message and we will stop."));
	const char *text = arena_strdup(&a, b.data ? b.data : "");
	buf_free(&b);
	struct mail_conn *mc = mail_conn_new();
	sk_rc rc = mc ? SK_OK : SK_EINTERNAL;
	int64_t late_dnc = 0;
	while (rc == SK_OK) {
		q = db_q(d, &st_mdr_next);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, dist);
		st = db_step(q);
		if (st != DB_ROW) {
			db_done(q);
			if (st == DB_ERROR)
				rc = db_rc(d);
			break;
		}
		int64_t rid = db_int(q, 0), person = db_int(q, 1);
		const char *email = arena_strdup(&a, db_text(q, 2)), *salut = arena_strdup(&a, db_text(q, 3));
		bool dnc = db_int(q, 4) != 0 || db_int(q, 5) != 0;
		db_done(q);
		sk_rc sr = SK_OK;
		long code = 0;
		char serr[256] = "";
		if (!dnc) {
			struct mail_msg m = {
			        .to = email,
			        .subject = subject,
			        .body = arena_printf(&a, "%s\n\n%s", *salut ? salut : tr(LANG_LT, "Hello,"), text),
			        .from_name = *sname ? sname : iname,
			        .reply_to = *semail && email_valid(semail) ? semail : NULL,
			};
			sr = mail_conn_send(mc, &m, &code, serr, sizeof serr);
		} else {
			late_dnc++;
		}
		int64_t now = now_unix();
		if ((rc = db_begin(d)) != SK_OK)
			break;
		q = db_q(d, &st_mdr_status);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, rid);
		db_bind_text(q, 3, dnc ? "skipped" : sr == SK_OK ? "sent" : "failed");
		db_bind_text(q, 4, dnc ? "do not contact" : serr);
		db_bind_int(q, 5, now);
		rc = db_exec(q);
		if (rc == SK_OK && !dnc && sr == SK_OK) {
			int today = local_today();
			q = db_q(d, &st_mdr_interaction);
			db_bind_int(q, 1, inst);
			db_bind_int(q, 2, person);
			db_bind_int(q, 3, today);
			db_bind_text(q, 4, arena_printf(&a, "%s: %s", tr(LANG_LT, "Press release sent"), title));
			if ((rc = db_exec(q)) == SK_OK) {
				q = db_q(d, &st_mdr_last);
				db_bind_int(q, 1, inst);
				db_bind_int(q, 2, person);
				db_bind_int(q, 3, today);
				rc = db_exec(q);
			}
		}
		if (rc == SK_OK)
			rc = audit_sys(d, 0, inst, dnc ? "media.skip" : sr == SK_OK ? "media.sent" : "media.failed",
			               "md_distributions", dist, NULL,
			               json_pack("{s:I, s:s, s:s}", "person", (json_int_t)person, "email", email, "error", serr));
		rc = rc == SK_OK ? db_commit(d) : (db_rollback(d), rc);
	}
	if (rc == SK_OK && (rc = db_begin(d)) == SK_OK) {
		q = db_q(d, &st_mdr_state);
		db_bind_int(q, 1, inst);
		db_bind_int(q, 2, dist);
		db_bind_text(q, 3, "sent");
		db_bind_int(q, 4, now_unix());
		db_bind_int(q, 5, late_dnc);
		rc = db_exec(q);
		rc = rc == SK_OK ? db_commit(d) : (db_rollback(d), rc);
	}
	if (rc != SK_OK)
		snprintf(err, errlen, "%s", db_errmsg(d));
	mail_conn_free(mc);
	arena_free(&a);
	return rc;
}

static sk_rc run_media_job(struct job_ctx *j)
{
	int64_t id = (int64_t)json_integer_value(json_object_get(j->payload, "dist"));
	return md_run(j->d, j->inst_id, id, j->err, sizeof j->err);
}
SK_JOB(media_job, "media", run_media_job, 5);

/*
 * placement.c -- external placements and the website content register
 * (see placement.h).
 */
#include "placement.h"
#include "model.h"
#include "occasion.h"
#include "task.h"
#include "../core/i18n.h"
#include "../jobs/jobs.h"

#include <string.h>

const char *const plc_kinds[] = {"partner_website", "partner_social", "professional_press", "cultural_press",
                                  "event_portal",    "municipality",   "other",              NULL};
static const char *const kind_msgids[] = {N_("Partner's website"), N_("Partner's social account"),
                                          N_("Professional press"), N_("Cultural press"),
                                          N_("Event portal"),      N_("Municipality"),
                                          N_("Other")};
const char *const plc_statuses[] = {"submitted", "accepted", "published", "declined", NULL};
static const char *const status_msgids[] = {N_("Submitted"), N_("Accepted"), N_("Published"), N_("Declined")};

const char *plc_kind_label(struct req *r, const char *kind)
{
	for (size_t i = 0; plc_kinds[i]; i++)
		if (str_eq(plc_kinds[i], kind))
			return tr(r->lang, kind_msgids[i]);
	return kind;
}

const char *plc_status_label(struct req *r, const char *status)
{
	for (size_t i = 0; plc_statuses[i]; i++)
		if (str_eq(plc_statuses[i], status))
			return tr(r->lang, status_msgids[i]);
	return status;
}

static bool in_list(const char *const *l, const char *v)
{
	for (size_t i = 0; l[i]; i++)
		if (str_eq(l[i], v))
			return true;
	return false;
}

/* A field's first error only (the page may have found one already). */
static void ferr(struct req *r, const char *field, const char *msg)
{
	if (!req_field_msg(r, field))
		req_field_error(r, field, msg);
}

static bool url_ok(const char *u)
{
	return !u || !*u || strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0;
}

/* ---- placements ------------------------------------------------------------ */

#define PLC_COLS                                                                                          \
	"p.id, COALESCE(p.item_id, 0), p.outlet, p.kind, p.what, p.contact, p.status, p.issue, p.url, "          \
	"COALESCE(c.title, ''), p.submitted_on, p.published_on "
SK_STMT_SCOPED(st_plc_list, "SELECT " PLC_COLS "FROM pub_placements p LEFT JOIN content_items c ON c.id = p.item_id "
                            "WHERE p.institution_id = $1 AND ($2 = 0 OR p.submitted_on / 10000 = $2) "
                            "AND ($3 = '' OR p.status = $3) AND ($4 = '' OR p.kind = $4) "
                            "ORDER BY p.submitted_on DESC, p.id DESC LIMIT 1000");
SK_STMT_SCOPED(st_plc_get, "SELECT " PLC_COLS "FROM pub_placements p LEFT JOIN content_items c ON c.id = p.item_id "
                           "WHERE p.institution_id = $1 AND p.id = $2");
SK_STMT_SCOPED(st_plc_item, "SELECT 1 FROM content_items WHERE institution_id = $1 AND id = $2");
SK_STMT2(st_plc_insert, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO pub_placements(institution_id, outlet, kind, item_id, what, contact, submitted_on, status, "
         "published_on, issue, url, created_by, created_at, updated_at) "
         "VALUES ($1, $2, $3, NULLIF($4, 0), $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
         "INSERT INTO pub_placements(institution_id, outlet, kind, item_id, what, contact, submitted_on, status, "
         "published_on, issue, url, created_by, created_at, updated_at) "
         "VALUES ($1, $2, $3, NULLIF($4::bigint, 0), $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id");
SK_STMT2(st_plc_update, STMT_SCOPED | STMT_WRITE,
         "UPDATE pub_placements SET outlet = $3, kind = $4, item_id = NULLIF($5, 0), what = $6, contact = $7, "
         "submitted_on = $8, status = $9, published_on = $10, issue = $11, url = $12, updated_at = $13 "
         "WHERE institution_id = $1 AND id = $2",
         "UPDATE pub_placements SET outlet = $3, kind = $4, item_id = NULLIF($5::bigint, 0), what = $6, contact = $7, "
         "submitted_on = $8, status = $9, published_on = $10, issue = $11, url = $12, updated_at = $13 "
         "WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_plc_counts, "SELECT kind, COUNT(*) FROM pub_placements WHERE institution_id = $1 "
                              "AND status = 'published' AND published_on / 10000 = $2 GROUP BY kind");

static void read_plc(struct req *r, dbq *q, struct placement *p)
{
	p->id = db_int(q, 0);
	p->item_id = db_int(q, 1);
	p->outlet = arena_strdup(&r->a, db_text(q, 2));
	p->kind = arena_strdup(&r->a, db_text(q, 3));
	p->what = arena_strdup(&r->a, db_text(q, 4));
	p->contact = arena_strdup(&r->a, db_text(q, 5));
	p->status = arena_strdup(&r->a, db_text(q, 6));
	p->issue = arena_strdup(&r->a, db_text(q, 7));
	p->url = arena_strdup(&r->a, db_text(q, 8));
	p->item_title = arena_strdup(&r->a, db_text(q, 9));
	p->submitted_on = (int)db_int(q, 10);
	p->published_on = (int)db_int(q, 11);
}

sk_rc plc_list(struct req *r, int year, const char *status, const char *kind, struct placement **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_plc_list);
	db_bind_int(q, 2, year);
	db_bind_text(q, 3, status ? status : "");
	db_bind_text(q, 4, kind ? kind : "");
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct placement *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		read_plc(r, q, &(*out)[(*n)++]);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc plc_get(struct req *r, int64_t id, struct placement *out)
{
	dbq *q = db_q(r->db, &st_plc_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_plc(r, q, out);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

static json_t *plc_json(const struct placement *p)
{
	return json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "outlet", p->outlet, "kind", p->kind, "status", p->status,
	                 "submitted_on", p->submitted_on, "published_on", p->published_on, "url", p->url);
}

sk_rc plc_save(struct req *r, int64_t id, const struct placement *in, int64_t *out_id)
{
	struct placement before = {0};
	sk_rc rc;
	if (id && (rc = plc_get(r, id, &before)) != SK_OK)
		return rc;
	if (!in->outlet || !*in->outlet)
		ferr(r, "outlet", T(r, "Name the outlet (the site, the journal, the portal)."));
	if (!in->kind || !in_list(plc_kinds, in->kind))
		ferr(r, "kind", T(r, "Choose the kind of outlet."));
	if (!in->what || !*in->what)
		ferr(r, "what", T(r, "Say what was submitted."));
	if (!in->submitted_on)
		ferr(r, "submitted_on", T(r, "Enter the date it was submitted."));
	if (!in->status || !in_list(plc_statuses, in->status))
		ferr(r, "status", T(r, "Choose a status."));
	else if (str_eq(in->status, "published") && !in->published_on)
		ferr(r, "published_on", T(r, "Enter the date it was published."));
	if (in->published_on && in->submitted_on && in->published_on < in->submitted_on)
		ferr(r, "published_on", T(r, "It cannot be published before it was submitted."));
	if (!url_ok(in->url))
		ferr(r, "url", T(r, "The address must start with https:// or http://."));
	if (in->item_id) {
		dbq *q = db_q(r->db, &st_plc_item);
		db_bind_int(q, 2, in->item_id);
		bool ok = db_step(q) == DB_ROW;
		db_done(q);
		if (!ok)
			ferr(r, "item_id", T(r, "Choose a text of this institution."));
	}
	if (r->nerrors)
		return SK_EINPUT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int64_t now = now_unix();
	dbq *q = db_q(r->db, id ? &st_plc_update : &st_plc_insert);
	int k = 2;
	if (id)
		db_bind_int(q, k++, id);
	db_bind_text(q, k++, in->outlet);
	db_bind_text(q, k++, in->kind);
	db_bind_int(q, k++, in->item_id);
	db_bind_text(q, k++, in->what);
	db_bind_text(q, k++, in->contact ? in->contact : "");
	db_bind_int(q, k++, in->submitted_on);
	db_bind_text(q, k++, in->status);
	db_bind_int(q, k++, in->published_on);
	db_bind_text(q, k++, in->issue ? in->issue : "");
	db_bind_text(q, k++, in->url ? in->url : "");
	if (!id)
		db_bind_int(q, k++, r->user->id);
	db_bind_int(q, k++, now);
	int64_t nid = id;
	rc = id ? db_exec(q) : db_exec_id(q, &nid);
	if (rc == SK_OK)
		rc = audit(r, id ? "placement.update" : "placement.create", "pub_placements", nid,
		           id ? plc_json(&before) : NULL, plc_json(in));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) == SK_OK && out_id)
		*out_id = nid;
	return rc;
}

sk_rc plc_counts(struct req *r, int year, int64_t counts[8], int64_t *total)
{
	memset(counts, 0, 8 * sizeof *counts);
	*total = 0;
	dbq *q = db_q(r->db, &st_plc_counts);
	db_bind_int(q, 2, year);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		for (size_t i = 0; plc_kinds[i]; i++)
			if (str_eq(plc_kinds[i], db_text(q, 0)))
				counts[i] = db_int(q, 1);
		*total += db_int(q, 1);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

/* ---- the website's content register ---------------------------------------- */

#define SITE_COLS                                                                                          \
	"s.id, COALESCE(s.department_id, 0), COALESCE(s.owner_id, 0), s.section, s.url, s.issues, "              \
	"COALESCE(d.name_lt, ''), COALESCE(u.name, ''), COALESCE(v.name, ''), s.review_months, s.last_reviewed, "  \
	"s.next_review "
#define SITE_FROM                                                                                          \
	"FROM site_content s LEFT JOIN departments d ON d.id = s.department_id LEFT JOIN users u ON u.id = s.owner_id " \
	"LEFT JOIN users v ON v.id = s.reviewed_by "
SK_STMT_SCOPED(st_site_list, "SELECT " SITE_COLS SITE_FROM "WHERE s.institution_id = $1 ORDER BY s.next_review, s.id");
SK_STMT_SCOPED(st_site_get, "SELECT " SITE_COLS SITE_FROM "WHERE s.institution_id = $1 AND s.id = $2");
SK_STMT_SCOPED(st_site_dept, "SELECT 1 FROM departments WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_site_member, "SELECT 1 FROM memberships WHERE institution_id = $1 AND user_id = $2");
SK_STMT2(st_site_insert, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO site_content(institution_id, section, url, department_id, owner_id, review_months, next_review, "
         "created_at, updated_at) VALUES ($1, $2, $3, NULLIF($4, 0), NULLIF($5, 0), $6, $7, $8, $8) RETURNING id",
         "INSERT INTO site_content(institution_id, section, url, department_id, owner_id, review_months, next_review, "
         "created_at, updated_at) VALUES ($1, $2, $3, NULLIF($4::bigint, 0), NULLIF($5::bigint, 0), $6, $7, $8, $8) "
         "RETURNING id");
SK_STMT2(st_site_update, STMT_SCOPED | STMT_WRITE,
         "UPDATE site_content SET section = $3, url = $4, department_id = NULLIF($5, 0), owner_id = NULLIF($6, 0), "
         "review_months = $7, next_review = $8, updated_at = $9 WHERE institution_id = $1 AND id = $2",
         "UPDATE site_content SET section = $3, url = $4, department_id = NULLIF($5::bigint, 0), "
         "owner_id = NULLIF($6::bigint, 0), review_months = $7, next_review = $8, updated_at = $9 "
         "WHERE institution_id = $1 AND id = $2");
SK_STMT(st_site_reviewed, STMT_SCOPED | STMT_WRITE,
        "UPDATE site_content SET last_reviewed = $3, next_review = $4, issues = $5, reviewed_by = $6, updated_at = $7 "
        "WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_site_overdue, "SELECT COUNT(*) FROM site_content WHERE institution_id = $1 AND next_review < $2");
SK_STMT(st_site_due, 0,
        "SELECT s.id, s.institution_id, COALESCE(s.owner_id, 0), COALESCE(s.department_id, 0), s.section, "
        "s.next_review FROM site_content s WHERE s.next_review <= $1 ORDER BY s.id LIMIT 2000");

/* ymd + months, the day kept where the month has it (31 Jan + 1 = 28/29 Feb) */
static int add_months(int ymd, int months)
{
	int y = ymd / 10000, m = ymd / 100 % 100 + months, d = ymd % 100;
	while (m > 12) {
		m -= 12;
		y++;
	}
	int dim = ymd_days_in_month(y, m);
	return y * 10000 + m * 100 + (d > dim ? dim : d);
}

static void read_site(struct req *r, dbq *q, struct site_record *s, int today)
{
	s->id = db_int(q, 0);
	s->department_id = db_int(q, 1);
	s->owner_id = db_int(q, 2);
	s->section = arena_strdup(&r->a, db_text(q, 3));
	s->url = arena_strdup(&r->a, db_text(q, 4));
	s->issues = arena_strdup(&r->a, db_text(q, 5));
	s->department_name = arena_strdup(&r->a, db_text(q, 6));
	s->owner_name = arena_strdup(&r->a, db_text(q, 7));
	s->reviewed_by_name = arena_strdup(&r->a, db_text(q, 8));
	s->review_months = (int)db_int(q, 9);
	s->last_reviewed = (int)db_int(q, 10);
	s->next_review = (int)db_int(q, 11);
	s->overdue = s->next_review < today;
}

sk_rc site_list(struct req *r, struct site_record **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	int today = local_today();
	dbq *q = db_q(r->db, &st_site_list);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct site_record *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		read_site(r, q, &(*out)[(*n)++], today);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc site_get(struct req *r, int64_t id, struct site_record *out)
{
	dbq *q = db_q(r->db, &st_site_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_site(r, q, out, local_today());
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

static bool exists(struct req *r, struct stmt *s, int64_t id)
{
	dbq *q = db_q(r->db, s);
	db_bind_int(q, 2, id);
	bool ok = db_step(q) == DB_ROW;
	db_done(q);
	return ok;
}

sk_rc site_save(struct req *r, int64_t id, const struct site_record *in, int64_t *out_id)
{
	struct site_record before;
	sk_rc rc;
	if (id && (rc = site_get(r, id, &before)) != SK_OK)
		return rc;
	if (!in->section || !*in->section)
		ferr(r, "section", T(r, "Name the section of the website."));
	if (in->url && *in->url && !url_ok(in->url) && in->url[0] != '/')
		ferr(r, "url", T(r, "Give the address (https://... or a path starting with /)."));
	if (in->department_id && !exists(r, &st_site_dept, in->department_id))
		ferr(r, "department_id", T(r, "Choose a department of this institution."));
	if (in->owner_id && !exists(r, &st_site_member, in->owner_id))
		ferr(r, "owner_id", T(r, "Choose a member of this institution."));
	if (in->review_months < 1 || in->review_months > 36)
		ferr(r, "review_months", T(r, "Between 1 and 36 months."));
	if (r->nerrors)
		return SK_EINPUT;
	int next = in->next_review ? in->next_review : add_months(local_today(), in->review_months);
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, id ? &st_site_update : &st_site_insert);
	int k = 2;
	if (id)
		db_bind_int(q, k++, id);
	db_bind_text(q, k++, in->section);
	db_bind_text(q, k++, in->url ? in->url : "");
	db_bind_int(q, k++, in->department_id);
	db_bind_int(q, k++, in->owner_id);
	db_bind_int(q, k++, in->review_months);
	db_bind_int(q, k++, next);
	db_bind_int(q, k++, now_unix());
	int64_t nid = id;
	rc = id ? db_exec(q) : db_exec_id(q, &nid);
	if (rc == SK_OK)
		rc = audit(r, id ? "site_content.update" : "site_content.create", "site_content", nid, NULL,
		           json_pack("{s:s, s:i}", "section", in->section, "next_review", next));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) == SK_OK && out_id)
		*out_id = nid;
	return rc;
}

sk_rc site_reviewed(struct req *r, int64_t id, const char *issues)
{
	struct site_record s;
	sk_rc rc = site_get(r, id, &s);
	if (rc != SK_OK)
		return rc;
	if (issues && strlen(issues) > 5000) {
		req_field_error(r, "issues", T(r, "At most 5,000 characters."));
		return SK_EINPUT;
	}
	int today = local_today();
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_site_reviewed);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, today);
	db_bind_int(q, 4, add_months(today, s.review_months));
	db_bind_text(q, 5, issues ? issues : "");
	db_bind_int(q, 6, r->user->id);
	db_bind_int(q, 7, now_unix());
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if ((rc = task_complete_related(r->db, r->inst->id, "site_content", id, "site_review")) != SK_OK)
		goto fail;
	if (issues && *issues) {
		/* the findings are an update request to the section's owner */
		struct task_new t = {
		        .title = arena_printf(&r->a, tr(LANG_LT, "Update the website section: %s"), s.section),
		        .description = issues,
		        .category = "site_update",
		        .assignee_id = s.owner_id,
		        .assigned_by = r->user->id,
		        .department_id = s.department_id,
		        .related_type = "site_content",
		        .related_id = id,
		        .due_date = occ_add_workdays(r->db, today, 10),
		};
		int64_t tid;
		if ((rc = task_create(r->db, r->inst->id, &t, &tid)) != SK_OK)
			goto fail;
	}
	if ((rc = audit(r, "site_content.reviewed", "site_content", id, NULL,
	                json_pack("{s:s}", "issues", issues ? issues : ""))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

sk_rc site_raise(db *d, int today, int *n)
{
	*n = 0;
	struct due {
		int64_t id, inst, owner, dept;
		int next;
		char section[256];
	} v[2000];
	size_t k = 0;
	dbq *q = db_q(d, &st_site_due);
	db_bind_int(q, 1, today);
	while (k < 2000 && db_step(q) == DB_ROW) {
		v[k].id = db_int(q, 0);
		v[k].inst = db_int(q, 1);
		v[k].owner = db_int(q, 2);
		v[k].dept = db_int(q, 3);
		snprintf(v[k].section, sizeof v[k].section, "%s", db_text(q, 4));
		v[k].next = (int)db_int(q, 5);
		k++;
	}
	db_done(q);
	arena a;
	arena_init(&a, 0);
	sk_rc rc = db_begin(d);
	for (size_t i = 0; rc == SK_OK && i < k; i++) {
		/* one task per review date: the dedupe key names it */
		struct task_new t = {
		        .title = arena_printf(&a, tr(LANG_LT, "Review the website section: %s"), v[i].section),
		        .description = tr(LANG_LT, "Check that the section is correct and current; record the review and "
		                                   "what needs changing on the website content register."),
		        .category = "site_review",
		        .assignee_id = v[i].owner,
		        .department_id = v[i].dept,
		        .related_type = "site_content",
		        .related_id = v[i].id,
		        .due_date = v[i].next,
		        .dedupe_key = arena_printf(&a, "site-review:%lld:%d", (long long)v[i].id, v[i].next),
		};
		int64_t tid = 0;
		rc = task_create(d, v[i].inst, &t, &tid);
		if (rc == SK_OK && tid)
			(*n)++;
	}
	if (rc == SK_OK)
		rc = db_commit(d);
	else
		db_rollback(d);
	arena_free(&a);
	return rc;
}

int64_t site_overdue(struct req *r)
{
	dbq *q = db_q(r->db, &st_site_overdue);
	db_bind_int(q, 2, local_today());
	int64_t n = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return n;
}

static sk_rc run_site_job(struct job_ctx *j)
{
	int n;
	sk_rc rc = site_raise(j->d, local_today(), &n);
	if (rc != SK_OK) {
		snprintf(j->err, sizeof j->err, "%s", db_errmsg(j->d));
		return rc;
	}
	return job_enqueue_daily(j);
}
SK_JOB_DAILY(site_job, "site_reviews", run_site_job, 3, 7, 30);

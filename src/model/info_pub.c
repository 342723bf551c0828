/*
 * info_pub.c -- information publications and their contributions (see
 * info_pub.h).
 */
#include "info_pub.h"
#include "model.h"
#include "task.h"
#include "../core/i18n.h"

#include <string.h>

const char *const ipub_kinds[] = {"brochure", "guide", "bulletin", "annual_report", "catalogue", "leaflet", NULL};
static const char *const kind_msgids[] = {N_("Brochure"),      N_("Guide"),     N_("Bulletin"),
                                          N_("Annual report"), N_("Catalogue"), N_("Leaflet")};
const char *const ipub_statuses[] = {"collecting", "layout", "printed", "distributed", NULL};
static const char *const status_msgids[] = {N_("Collecting contributions"), N_("In layout"), N_("Printed"),
                                            N_("Distributed")};
const char *const ipub_contrib_statuses[] = {"requested", "submitted", "accepted", NULL};
static const char *const contrib_msgids[] = {N_("Requested"), N_("Submitted"), N_("Accepted")};

static const char *label(struct req *r, const char *const *codes, const char *const *ids, const char *v)
{
	for (size_t i = 0; codes[i]; i++)
		if (str_eq(codes[i], v))
			return tr(r->lang, ids[i]);
	return v;
}
const char *ipub_kind_label(struct req *r, const char *k) { return label(r, ipub_kinds, kind_msgids, k); }
const char *ipub_status_label(struct req *r, const char *s) { return label(r, ipub_statuses, status_msgids, s); }
const char *ipub_contrib_label(struct req *r, const char *s)
{
	return label(r, ipub_contrib_statuses, contrib_msgids, s);
}

static bool in_list(const char *const *l, const char *v)
{
	for (size_t i = 0; v && l[i]; i++)
		if (str_eq(l[i], v))
			return true;
	return false;
}

#define IPUB_COLS                                                                                         \
	"p.id, p.editor_id, COALESCE(p.override_by, 0), p.layout_at, p.title, p.kind, p.edition, p.status, "     \
	"u.name, p.override_reason, COALESCE(o.name, ''), p.distribution, p.deadline, p.print_run "
#define IPUB_FROM "FROM info_publications p JOIN users u ON u.id = p.editor_id LEFT JOIN users o ON o.id = p.override_by "
SK_STMT_SCOPED(st_ipub_list, "SELECT " IPUB_COLS IPUB_FROM "WHERE p.institution_id = $1 ORDER BY p.deadline DESC, p.id DESC "
                             "LIMIT 500");
SK_STMT_SCOPED(st_ipub_get, "SELECT " IPUB_COLS IPUB_FROM "WHERE p.institution_id = $1 AND p.id = $2");
SK_STMT2(st_ipub_contribs, STMT_SCOPED,
         "SELECT c.id, c.department_id, COALESCE(c.assignee_id, 0), COALESCE(c.item_id, 0), c.task_id, d.name_lt, "
         "COALESCE(u.name, ''), c.what, c.status, c.note, c.due_date FROM info_pub_contributions c "
         "JOIN departments d ON d.id = c.department_id LEFT JOIN users u ON u.id = c.assignee_id "
         "WHERE c.institution_id = $1 AND c.publication_id = $2 ORDER BY d.name_lt COLLATE LT, c.id",
         "SELECT c.id, c.department_id, COALESCE(c.assignee_id, 0), COALESCE(c.item_id, 0), c.task_id, d.name_lt, "
         "COALESCE(u.name, ''), c.what, c.status, c.note, c.due_date FROM info_pub_contributions c "
         "JOIN departments d ON d.id = c.department_id LEFT JOIN users u ON u.id = c.assignee_id "
         "WHERE c.institution_id = $1 AND c.publication_id = $2 ORDER BY d.name_lt COLLATE \"lt-x-icu\", c.id");
SK_STMT_SCOPED(st_ipub_notes, "SELECT COALESCE(d.name_lt, ''), n.note, u.name, n.created_at FROM info_pub_notes n "
                              "LEFT JOIN departments d ON d.id = n.department_id JOIN users u ON u.id = n.user_id "
                              "WHERE n.institution_id = $1 AND n.publication_id = $2 ORDER BY n.id");

static void read_ipub(struct req *r, dbq *q, struct ipub *p)
{
	memset(p, 0, sizeof *p);
	p->id = db_int(q, 0);
	p->editor_id = db_int(q, 1);
	p->override_by = db_int(q, 2);
	p->layout_at = db_int(q, 3);
	p->title = arena_strdup(&r->a, db_text(q, 4));
	p->kind = arena_strdup(&r->a, db_text(q, 5));
	p->edition = arena_strdup(&r->a, db_text(q, 6));
	p->status = arena_strdup(&r->a, db_text(q, 7));
	p->editor_name = arena_strdup(&r->a, db_text(q, 8));
	p->override_reason = arena_strdup(&r->a, db_text(q, 9));
	p->override_name = arena_strdup(&r->a, db_text(q, 10));
	p->distribution = arena_strdup(&r->a, db_text(q, 11));
	p->deadline = (int)db_int(q, 12);
	p->print_run = (int)db_int(q, 13);
}

sk_rc ipub_list(struct req *r, struct ipub **out, size_t *n)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	dbq *q = db_q(r->db, &st_ipub_list);
	int st;
	while ((st = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct ipub *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, *out, cap * sizeof *nv);
			*out = nv;
			cap *= 2;
		}
		read_ipub(r, q, &(*out)[(*n)++]);
	}
	db_done(q);
	return st == DB_ERROR ? db_rc(r->db) : SK_OK;
}

sk_rc ipub_get(struct req *r, int64_t id, struct ipub *out)
{
	dbq *q = db_q(r->db, &st_ipub_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_ipub(r, q, out);
	db_done(q);
	if (st != DB_ROW)
		return st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
	size_t cap = 8;
	out->contribs = arena_alloc(&r->a, cap * sizeof *out->contribs);
	q = db_q(r->db, &st_ipub_contribs);
	db_bind_int(q, 2, id);
	while (db_step(q) == DB_ROW) {
		if (out->ncontribs == cap) {
			struct ipub_contrib *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, out->contribs, cap * sizeof *nv);
			out->contribs = nv;
			cap *= 2;
		}
		struct ipub_contrib *c = &out->contribs[out->ncontribs++];
		c->id = db_int(q, 0);
		c->department_id = db_int(q, 1);
		c->assignee_id = db_int(q, 2);
		c->item_id = db_int(q, 3);
		c->task_id = db_int(q, 4);
		c->department_name = arena_strdup(&r->a, db_text(q, 5));
		c->assignee_name = arena_strdup(&r->a, db_text(q, 6));
		c->what = arena_strdup(&r->a, db_text(q, 7));
		c->status = arena_strdup(&r->a, db_text(q, 8));
		c->note = arena_strdup(&r->a, db_text(q, 9));
		c->due_date = (int)db_int(q, 10);
	}
	db_done(q);
	cap = 8;
	out->notes = arena_alloc(&r->a, cap * sizeof *out->notes);
	q = db_q(r->db, &st_ipub_notes);
	db_bind_int(q, 2, id);
	while (db_step(q) == DB_ROW) {
		if (out->nnotes == cap) {
			struct ipub_note *nv = arena_alloc(&r->a, 2 * cap * sizeof *nv);
			memcpy(nv, out->notes, cap * sizeof *nv);
			out->notes = nv;
			cap *= 2;
		}
		struct ipub_note *x = &out->notes[out->nnotes++];
		x->department_name = arena_strdup(&r->a, db_text(q, 0));
		x->note = arena_strdup(&r->a, db_text(q, 1));
		x->user_name = arena_strdup(&r->a, db_text(q, 2));
		x->created_at = db_int(q, 3);
	}
	db_done(q);
	return SK_OK;
}

SK_STMT_SCOPED(st_ipub_member, "SELECT 1 FROM memberships WHERE institution_id = $1 AND user_id = $2");
SK_STMT_SCOPED(st_ipub_dept, "SELECT 1 FROM departments WHERE institution_id = $1 AND id = $2");
SK_STMT(st_ipub_insert, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO info_publications(institution_id, title, kind, edition, editor_id, deadline, created_by, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id");

static bool has(struct req *r, struct stmt *s, int64_t id)
{
	if (!id)
		return false;
	dbq *q = db_q(r->db, s);
	db_bind_int(q, 2, id);
	bool ok = db_step(q) == DB_ROW;
	db_done(q);
	return ok;
}

sk_rc ipub_create(struct req *r, const struct ipub *in, int64_t *out_id)
{
	if (!in->title || !*in->title)
		req_field_error(r, "title", T(r, "Enter the title."));
	if (!in_list(ipub_kinds, in->kind))
		req_field_error(r, "kind", T(r, "Choose the kind of publication."));
	if (!has(r, &st_ipub_member, in->editor_id))
		req_field_error(r, "editor_id", T(r, "Choose a member of this institution."));
	if (!in->deadline)
		req_field_error(r, "deadline", T(r, "Enter the editorial deadline."));
	if (r->nerrors)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ipub_insert);
	db_bind_text(q, 2, in->title);
	db_bind_text(q, 3, in->kind);
	db_bind_text(q, 4, in->edition ? in->edition : "");
	db_bind_int(q, 5, in->editor_id);
	db_bind_int(q, 6, in->deadline);
	db_bind_int(q, 7, r->user->id);
	db_bind_int(q, 8, now_unix());
	if ((rc = db_exec_id(q, out_id)) == SK_OK)
		rc = audit(r, "info_publication.create", "info_publications", *out_id, NULL,
		           json_pack("{s:s, s:s, s:i}", "title", in->title, "kind", in->kind, "deadline", in->deadline));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

SK_STMT(st_ipub_contrib_add, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO info_pub_contributions(institution_id, publication_id, department_id, what, assignee_id, "
        "due_date, updated_at) VALUES ($1, $2, $3, $4, NULLIF($5, 0), $6, $7) RETURNING id");
SK_STMT2(st_ipub_contrib_add2, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO info_pub_contributions(institution_id, publication_id, department_id, what, assignee_id, "
         "due_date, updated_at) VALUES ($1, $2, $3, $4, NULLIF($5, 0), $6, $7) RETURNING id",
         "INSERT INTO info_pub_contributions(institution_id, publication_id, department_id, what, assignee_id, "
         "due_date, updated_at) VALUES ($1, $2, $3, $4, NULLIF($5::bigint, 0), $6, $7) RETURNING id");
SK_STMT(st_ipub_contrib_task, STMT_SCOPED | STMT_WRITE,
        "UPDATE info_pub_contributions SET task_id = $3 WHERE institution_id = $1 AND id = $2");

sk_rc ipub_request(struct req *r, int64_t id, int64_t dept, const char *what, int64_t assignee, int due_date)
{
	struct ipub p;
	sk_rc rc = ipub_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(p.status, "collecting")) {
		req_field_error(r, "what", T(r, "The publication is past collecting contributions."));
		return SK_ECONFLICT;
	}
	if (!has(r, &st_ipub_dept, dept))
		req_field_error(r, "department_id", T(r, "Choose a department of this institution."));
	if (!what || !*what || strlen(what) > 500)
		req_field_error(r, "what", T(r, "Say what the unit should contribute."));
	if (assignee && !has(r, &st_ipub_member, assignee))
		req_field_error(r, "assignee_id", T(r, "Choose a member of this institution."));
	if (!due_date)
		req_field_error(r, "due_date", T(r, "Enter the due date."));
	if (r->nerrors)
		return SK_EINPUT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ipub_contrib_add2);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, dept);
	db_bind_text(q, 4, what);
	db_bind_int(q, 5, assignee);
	db_bind_int(q, 6, due_date);
	db_bind_int(q, 7, now_unix());
	int64_t cid = 0;
	if ((rc = db_exec_id(q, &cid)) != SK_OK) {
		if (rc == SK_ECONFLICT)
			req_field_error(r, "what", T(r, "This unit is already asked for this."));
		goto fail;
	}
	struct task_new t = {
	        .title = arena_printf(&r->a, tr(LANG_LT, "Contribution to \"%s\": %s"), p.title, what),
	        .description = tr(LANG_LT, "Prepare the contribution and mark it submitted on the publication's page."),
	        .category = "contribution",
	        .assignee_id = assignee,
	        .assigned_by = r->user->id,
	        .department_id = dept,
	        .related_type = "info_publication",
	        .related_id = id,
	        .due_date = due_date,
	        .dedupe_key = arena_printf(&r->a, "ipub-contrib:%lld", (long long)cid),
	};
	int64_t tid = 0;
	if ((rc = task_create(r->db, r->inst->id, &t, &tid)) != SK_OK)
		goto fail;
	q = db_q(r->db, &st_ipub_contrib_task);
	db_bind_int(q, 2, cid);
	db_bind_int(q, 3, tid);
	if ((rc = db_exec(q)) != SK_OK)
		goto fail;
	if ((rc = audit(r, "info_publication.contribution_request", "info_publications", id, NULL,
	                json_pack("{s:I, s:s}", "department_id", (json_int_t)dept, "what", what))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

SK_STMT2(st_ipub_contrib_set, STMT_SCOPED | STMT_WRITE,
         "UPDATE info_pub_contributions SET status = $3, item_id = NULLIF($4, 0), note = $5, updated_at = $6 "
         "WHERE institution_id = $1 AND id = $2 AND publication_id = $7 RETURNING task_id",
         "UPDATE info_pub_contributions SET status = $3, item_id = NULLIF($4::bigint, 0), note = $5, updated_at = $6 "
         "WHERE institution_id = $1 AND id = $2 AND publication_id = $7 RETURNING task_id");
SK_STMT_SCOPED(st_ipub_item, "SELECT 1 FROM content_items WHERE institution_id = $1 AND id = $2");

sk_rc ipub_contrib_set(struct req *r, int64_t id, int64_t contrib, const char *status, int64_t item_id,
                       const char *note)
{
	struct ipub p;
	sk_rc rc = ipub_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	const struct ipub_contrib *c = NULL;
	for (size_t i = 0; i < p.ncontribs; i++)
		if (p.contribs[i].id == contrib)
			c = &p.contribs[i];
	if (!c)
		return SK_ENOTFOUND;
	bool editor = req_has_perm(r, "content.edit");
	if (!editor && !(r->user && r->user->id == c->assignee_id))
		return SK_EPERM;
	if (!in_list(ipub_contrib_statuses, status) || (str_eq(status, "accepted") && !editor))
		req_field_error(r, "status", T(r, "Choose a status."));
	if (item_id && !has(r, &st_ipub_item, item_id))
		req_field_error(r, "item_id", T(r, "Choose a text of this institution."));
	if (note && strlen(note) > 2000)
		req_field_error(r, "note", T(r, "At most 2,000 characters."));
	if (r->nerrors)
		return SK_EINPUT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int64_t now = now_unix();
	dbq *q = db_q(r->db, &st_ipub_contrib_set);
	db_bind_int(q, 2, contrib);
	db_bind_text(q, 3, status);
	db_bind_int(q, 4, item_id);
	db_bind_text(q, 5, note ? note : "");
	db_bind_int(q, 6, now);
	db_bind_int(q, 7, id);
	int64_t tid = 0;
	if ((rc = db_exec_id(q, &tid)) != SK_OK)
		goto fail;
	if (tid && !str_eq(status, "requested")) {
		if ((rc = task_complete(r->db, r->inst->id, tid, NULL)) != SK_OK)
			goto fail;
	}
	if ((rc = audit(r, "info_publication.contribution", "info_publications", id, NULL,
	                json_pack("{s:I, s:s}", "contribution", (json_int_t)contrib, "status", status))) != SK_OK)
		goto fail;
	return db_commit(r->db);
fail:
	db_rollback(r->db);
	return rc;
}

SK_STMT2(st_ipub_note, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO info_pub_notes(institution_id, publication_id, department_id, note, user_id, created_at) "
         "VALUES ($1, $2, NULLIF($3, 0), $4, $5, $6)",
         "INSERT INTO info_pub_notes(institution_id, publication_id, department_id, note, user_id, created_at) "
         "VALUES ($1, $2, NULLIF($3::bigint, 0), $4, $5, $6)");

sk_rc ipub_note_add(struct req *r, int64_t id, int64_t dept, const char *note)
{
	struct ipub p;
	sk_rc rc = ipub_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	if (!note || !*note || strlen(note) > 5000)
		req_field_error(r, "note", T(r, "Write the note (at most 5,000 characters)."));
	if (dept && !has(r, &st_ipub_dept, dept))
		req_field_error(r, "department_id", T(r, "Choose a department of this institution."));
	if (r->nerrors)
		return SK_EINPUT;
	dbq *q = db_q(r->db, &st_ipub_note);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, dept);
	db_bind_text(q, 4, note);
	db_bind_int(q, 5, r->user->id);
	db_bind_int(q, 6, now_unix());
	return db_exec(q);
}

SK_STMT(st_ipub_layout, STMT_SCOPED | STMT_WRITE,
        "UPDATE info_publications SET status = 'layout', layout_at = $3, override_by = $4, override_reason = $5, "
        "updated_at = $3 WHERE institution_id = $1 AND id = $2 AND status = 'collecting'");
SK_STMT(st_ipub_layout_plain, STMT_SCOPED | STMT_WRITE,
        "UPDATE info_publications SET status = 'layout', layout_at = $3, updated_at = $3 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'collecting'");
SK_STMT(st_ipub_printed, STMT_SCOPED | STMT_WRITE,
        "UPDATE info_publications SET status = 'printed', print_run = $3, updated_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'layout'");
SK_STMT(st_ipub_distributed, STMT_SCOPED | STMT_WRITE,
        "UPDATE info_publications SET status = 'distributed', distribution = $3, updated_at = $4 "
        "WHERE institution_id = $1 AND id = $2 AND status = 'printed'");

sk_rc ipub_to_layout(struct req *r, int64_t id, bool override, const char *reason)
{
	struct ipub p;
	sk_rc rc = ipub_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(p.status, "collecting")) {
		req_field_error(r, "override", T(r, "The publication is in layout already."));
		return SK_ECONFLICT;
	}
	size_t open = 0;
	for (size_t i = 0; i < p.ncontribs; i++)
		open += str_eq(p.contribs[i].status, "requested");
	if (open && !override) {
		req_field_error(r, "override",
		                arena_printf(&r->a, TN(r, "%zu contribution is still requested.",
		                                       "%zu contributions are still requested.", (int64_t)open),
		                             open));
		return SK_ECONFLICT;
	}
	if (open && override) {
		if (!req_has_perm(r, "content.approve"))
			return SK_EPERM;
		if (!reason || !*reason || strlen(reason) > 2000) {
			req_field_error(r, "reason", T(r, "Give the reason for going on without them."));
			return SK_EINPUT;
		}
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, open ? &st_ipub_layout : &st_ipub_layout_plain);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, now_unix());
	if (open) {
		db_bind_int(q, 4, r->user->id);
		db_bind_text(q, 5, reason);
	}
	if ((rc = db_exec(q)) == SK_OK)
		rc = audit(r, "info_publication.layout", "info_publications", id, NULL,
		           json_pack("{s:b, s:s}", "override", open > 0, "reason", open ? reason : ""));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

sk_rc ipub_printed(struct req *r, int64_t id, int print_run)
{
	if (print_run <= 0 || print_run > 10000000) {
		req_field_error(r, "print_run", T(r, "Enter the print run."));
		return SK_EINPUT;
	}
	dbq *q = db_q(r->db, &st_ipub_printed);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, print_run);
	db_bind_int(q, 4, now_unix());
	sk_rc rc = db_exec(q);
	return rc == SK_OK ? audit(r, "info_publication.printed", "info_publications", id, NULL,
	                           json_pack("{s:i}", "print_run", print_run))
	                   : rc;
}

sk_rc ipub_distributed(struct req *r, int64_t id, const char *distribution)
{
	if (!distribution || !*distribution || strlen(distribution) > 5000) {
		req_field_error(r, "distribution", T(r, "Say where it was distributed."));
		return SK_EINPUT;
	}
	dbq *q = db_q(r->db, &st_ipub_distributed);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, distribution);
	db_bind_int(q, 4, now_unix());
	sk_rc rc = db_exec(q);
	return rc == SK_OK ? audit(r, "info_publication.distributed", "info_publications", id, NULL,
	                           json_pack("{s:s}", "distribution", distribution))
	                   : rc;
}

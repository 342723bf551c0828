/*
 * info_requests.c -- requests for information from the media,
 * organisations and partners (REQUIREMENTS C6 InformationRequest,
 * D0-F3; workflow: register -> assign -> answer within the due date ->
 * archive):
 *   /staff/{inst}/contacts/info-requests          open first (due order), register
 *   /staff/{inst}/contacts/info-requests/{id}     assign, answer, archive
 *   POST /staff/{inst}/contacts/info-request-terms   answer terms per regime
 * The due date is received + N working days (weekends and the public
 * holidays of S1 skipped, occ_add_workdays), N by legal regime, set per
 * institution in info_request_terms; without a row the defaults below:
 *   law      20 working days: the Law on the Right to Obtain Information
 *            from State and Municipal Institutions and Agencies gives 20
 *            working days from receipt;
 *   media     5 working days: the library's practice for producers of
 *            public information (news need a quick answer);
 *   partner  10 working days: practice for partner organisations.
 * The due date is fixed when the request is registered; changing the
 * terms later does not move it. A request from a person in the contact
 * base is logged as an interaction (with the due date) on them, and so
 * is the answer. The dashboard panel lists the open requests due within
 * five working days and the overdue ones.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/admin.h"
#include "../model/contact.h"
#include "../model/occasion.h"

#include <string.h>

static const char *const ir_regimes[] = {"media", "law", "partner", NULL};
static const char *const ir_regime_labels[] = {N_("Media request"),
                                               N_("Request under the Law on the Right to Obtain Information"),
                                               N_("Partner request")};
static const int ir_default_days[] = {5, 20, 10};

struct ireq {
	int64_t id, person_id, assignee_id;
	const char *requester, *person, *regime, *subject, *assignee, *answer;
	int received, due, answered_on;
	bool archived;
};

#define IR_COLS "q.id, COALESCE(q.person_id, 0), q.requester, " \
	"COALESCE(CASE WHEN p.erased_at = 0 THEN p.first_name || ' ' || p.last_name END, ''), q.regime, q.subject, " \
	"q.received, q.due, COALESCE(q.assignee_id, 0), COALESCE(u.name, ''), q.answer, q.answered_on, q.archived "
#define IR_FROM "FROM info_requests q LEFT JOIN contact_people p ON p.id = q.person_id " \
	"LEFT JOIN users u ON u.id = q.assignee_id WHERE q.institution_id = $1 "

SK_STMT_SCOPED(st_ir_list, "SELECT " IR_COLS IR_FROM "AND q.archived = $2 "
                           "ORDER BY q.answered_on <> 0, q.due, q.id LIMIT 1000");
SK_STMT_SCOPED(st_ir_due, "SELECT " IR_COLS IR_FROM "AND q.archived = 0 AND q.answered_on = 0 AND q.due <= $2 "
                          "ORDER BY q.due, q.id LIMIT 6");
SK_STMT_SCOPED(st_ir_get, "SELECT " IR_COLS IR_FROM "AND q.id = $2");
SK_STMT2(st_ir_insert, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO info_requests(institution_id, person_id, requester, regime, received, due, subject, assignee_id, "
         "created_by) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 "
         "WHERE ($2 IS NULL OR EXISTS (SELECT 1 FROM contact_people WHERE id = $2 AND institution_id = $1)) "
         "AND ($8 IS NULL OR EXISTS (SELECT 1 FROM memberships WHERE user_id = $8 AND institution_id = $1)) "
         "RETURNING id",
         "INSERT INTO info_requests(institution_id, person_id, requester, regime, received, due, subject, assignee_id, "
         "created_by) SELECT $1, $2::bigint, $3::text, $4::text, $5::integer, $6::integer, $7::text, $8::bigint, "
         "$9::bigint WHERE ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM contact_people WHERE id = $2::bigint AND "
         "institution_id = $1)) AND ($8::bigint IS NULL OR EXISTS (SELECT 1 FROM memberships WHERE user_id = $8::bigint "
         "AND institution_id = $1)) RETURNING id");
SK_STMT2(st_ir_update, STMT_SCOPED | STMT_WRITE,
         "UPDATE info_requests SET assignee_id = $3, answer = $4, answered_on = $5, archived = $6 "
         "WHERE institution_id = $1 AND id = $2 AND ($3 IS NULL OR EXISTS (SELECT 1 FROM memberships "
         "WHERE user_id = $3 AND institution_id = $1)) RETURNING id",
         "UPDATE info_requests SET assignee_id = $3::bigint, answer = $4::text, answered_on = $5::integer, "
         "archived = $6::smallint WHERE institution_id = $1 AND id = $2 AND ($3::bigint IS NULL OR EXISTS "
         "(SELECT 1 FROM memberships WHERE user_id = $3::bigint AND institution_id = $1)) RETURNING id");
SK_STMT_SCOPED(st_ir_terms, "SELECT regime, workdays FROM info_request_terms WHERE institution_id = $1");
SK_STMT2(st_ir_term_set, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO info_request_terms(institution_id, regime, workdays) VALUES ($1, $2, $3) "
         "ON CONFLICT (institution_id, regime) DO UPDATE SET workdays = excluded.workdays",
         NULL);

static const char *regime_label(struct req *r, const char *v)
{
	for (int i = 0; ir_regimes[i]; i++)
		if (str_eq(ir_regimes[i], v))
			return tr(r->lang, ir_regime_labels[i]);
	return v;
}

static const char *ir_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/contacts/info-requests", r->inst->slug); }

static const char *req_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/contacts/info-requests/%lld", r->inst->slug, (long long)id);
}

static const char *ymd_text(struct req *r, int ymd)
{
	if (!ymd)
		return "";
	char b[11];
	ymd_format(ymd, b);
	return arena_strdup(&r->a, b);
}

/* The institution's working days per regime (ir_regimes order). */
static void terms(struct req *r, int days[3])
{
	memcpy(days, ir_default_days, sizeof ir_default_days);
	dbq *q = db_q(r->db, &st_ir_terms);
	while (db_step(q) == DB_ROW)
		for (int i = 0; ir_regimes[i]; i++)
			if (str_eq(db_text(q, 0), ir_regimes[i]))
				days[i] = (int)db_int(q, 1);
	db_done(q);
}

static void read_ireq(struct req *r, dbq *q, struct ireq *x)
{
	x->id = db_int(q, 0);
	x->person_id = db_int(q, 1);
	x->requester = arena_strdup(&r->a, db_text(q, 2));
	x->person = arena_strdup(&r->a, db_text(q, 3));
	x->regime = arena_strdup(&r->a, db_text(q, 4));
	x->subject = arena_strdup(&r->a, db_text(q, 5));
	x->received = (int)db_int(q, 6);
	x->due = (int)db_int(q, 7);
	x->assignee_id = db_int(q, 8);
	x->assignee = arena_strdup(&r->a, db_text(q, 9));
	x->answer = arena_strdup(&r->a, db_text(q, 10));
	x->answered_on = (int)db_int(q, 11);
	x->archived = db_int(q, 12) != 0;
}

static const char *who(struct req *r, const struct ireq *x)
{
	if (*x->person && *x->requester)
		return arena_printf(&r->a, "%s (%s)", x->person, x->requester);
	if (x->person_id && !*x->person)
		return *x->requester ? x->requester : T(r, "(erased)");
	return *x->person ? x->person : x->requester;
}

/* "Overdue" / "Due today" / "" for an open request. */
static void due_tag(struct req *r, const struct ireq *x, int today)
{
	if (x->answered_on)
		return;
	if (x->due < today)
		html(r, " <span class=\"tag tag-danger\">%s</span>", T(r, "Overdue"));
	else if (x->due == today)
		html(r, " <span class=\"tag\">%s</span>", T(r, "Due today"));
}

/* ---- list and registration --------------------------------------------------------- */

enum { IF_REQUESTER, IF_REGIME, IF_RECEIVED, IF_SUBJECT, IF_N };
static const struct field ir_fields[] = {
	[IF_REQUESTER] = {"requester", F_TEXT, false, 300, NULL, 0, 0},
	[IF_REGIME] = {"regime", F_ENUM, true, 0, ir_regimes, 0, 0},
	[IF_RECEIVED] = {"received", F_DATE, true, 0, NULL, 0, 0},
	[IF_SUBJECT] = {"subject", F_TEXTAREA, true, 4000, NULL, 0, 0},
};

static void assignee_select(struct req *r, int64_t value)
{
	struct adm_filter f = {.status = 1};
	struct adm_member *m;
	size_t n;
	int64_t total;
	if (adm_members(r, &f, 500, 0, &m, &n, &total) != SK_OK)
		n = 0;
	html(r, "<div class=\"field\"><label for=\"f-assignee\">%s</label><select id=\"f-assignee\" name=\"assignee\">"
	        "<option value=\"\">%s</option>",
	     T(r, "Who answers"), T(r, "Not assigned"));
	for (size_t i = 0; i < n; i++)
		html(r, "<option value=\"%lld\"%s>%s</option>", (long long)m[i].id, m[i].id == value ? " selected" : "",
		     m[i].name);
	html_raw(r, "</select></div>");
}

static void list_page(struct req *r, const struct form_values *fv)
{
	bool archived = str_eq(req_query(r, "archived"), "1");
	page_begin(r, PAGE_STAFF, T(r, "Information requests"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/contacts", r->inst->slug),
	     T(r, "← All contacts"));
	html(r, "<h1>%s</h1>", archived ? T(r, "Archived information requests") : T(r, "Information requests"));
	html(r, "<p class=\"lead\">%s</p><p>", T(r, "Requests for information from the media, organisations and partners, with the answer due date in working days."));
	if (archived)
		html(r, "<a href=\"%s\">%s</a></p>", ir_url(r), T(r, "Current requests"));
	else
		html(r, "<a href=\"%s?archived=1\">%s</a></p>", ir_url(r), T(r, "Archive"));
	int today = local_today();
	dbq *q = db_q(r->db, &st_ir_list);
	db_bind_int(q, 2, archived);
	bool any = false;
	while (db_step(q) == DB_ROW) {
		struct ireq x;
		read_ireq(r, q, &x);
		if (!any)
			html(r, "<table class=\"data ir-list\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			     T(r, "Information requests"), T(r, "Requester"), T(r, "Legal regime"), T(r, "Received"),
			     T(r, "Answer due"), T(r, "Who answers"), T(r, "Answered"));
		any = true;
		bool late = !x.answered_on && x.due < today;
		html(r, "<tr class=\"%s\"><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>%s</td><td>%s",
		     late ? "ir-overdue" : x.answered_on ? "ir-answered" : "ir-open",
		     req_url(r, x.id), who(r, &x), regime_label(r, x.regime), ymd_text(r, x.received), ymd_text(r, x.due));
		due_tag(r, &x, today);
		html(r, "</td><td>%s</td><td>%s</td></tr>", *x.assignee ? x.assignee : "—",
		     x.answered_on ? ymd_text(r, x.answered_on) : "—");
	}
	db_done(q);
	if (any)
		html_raw(r, "</tbody></table>");
	else
		html(r, "<p>%s</p>", T(r, "No information requests."));
	int days[3];
	terms(r, days);
	if (!archived && req_has_perm(r, "contacts.manage")) {
		html(r, "<h2>%s</h2>", T(r, "Register a request"));
		field_errors_summary(r);
		form_open(r, ir_url(r), "stack");
		struct contact_filter f = {0};
		struct contact_person *p;
		size_t n = 0;
		contact_people(r, &f, &p, &n);
		int64_t person = 0;
		parse_i64(req_form(r, "person"), &person);
		html(r, "<div class=\"field\"><label for=\"f-person\">%s</label><select id=\"f-person\" name=\"person\" "
		        "aria-describedby=\"h-person\"><option value=\"\">%s</option>",
		     T(r, "Person in the contact base"), T(r, "— not in the contact base —"));
		for (size_t i = 0; i < n; i++)
			html(r, "<option value=\"%lld\"%s>%s, %s%s%s</option>", (long long)p[i].id, p[i].id == person ? " selected" : "",
			     p[i].f[CP_LAST], p[i].f[CP_FIRST], *p[i].org ? " — " : "", p[i].org);
		html(r, "</select><p class=\"hint\" id=\"h-person\">%s</p></div>",
		     T(r, "Or write who asked in the next field."));
#define VAL(i, d) (fv ? fv->s[i] : d)
		ui_field(r, "requester", T(r, "Requester"), "text", VAL(IF_REQUESTER, ""), false, "off",
		         T(r, "A name and organisation, e.g. \"UAB Kultūros projektai, Jonas Jonaitis\"."));
		const char *labels[3];
		for (int i = 0; i < 3; i++)
			labels[i] = arena_printf(&r->a, TN(r, "%s (%d working day)", "%s (%d working days)", days[i]),
			                         tr(r->lang, ir_regime_labels[i]), days[i]);
		ui_select(r, "regime", T(r, "Legal regime"), ir_regimes, labels, 3, VAL(IF_REGIME, "media"), true, NULL);
		ui_field(r, "received", T(r, "Received"), "date", VAL(IF_RECEIVED, ymd_text(r, today)), true, "off", NULL);
		ui_textarea(r, "subject", T(r, "What is asked"), VAL(IF_SUBJECT, ""), 3, NULL);
#undef VAL
		int64_t as = 0;
		parse_i64(req_form(r, "assignee"), &as);
		assignee_select(r, as);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Register"));
		form_close(r);

		html(r, "<h2>%s</h2>", T(r, "Answer terms"));
		form_open(r, url_fmt(&r->a, "/staff/%s/contacts/info-request-terms", r->inst->slug), "stack");
		for (int i = 0; i < 3; i++) {
			char v[12];
			snprintf(v, sizeof v, "%d", days[i]);
			ui_field(r, arena_printf(&r->a, "days_%s", ir_regimes[i]),
			         arena_printf(&r->a, T(r, "%s: working days"), tr(r->lang, ir_regime_labels[i])), "number", v, true,
			         "off", NULL);
		}
		html(r, "<p class=\"hint\">%s</p>",
		     T(r, "The Law on the Right to Obtain Information gives 20 working days. A new term applies to requests registered from now on."));
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save the terms"));
		form_close(r);
	}
	page_end(r);
}

static sk_rc ir_list(struct req *r)
{
	list_page(r, NULL);
	return SK_OK;
}

static sk_rc opt_id(struct req *r, const char *name, int64_t *out)
{
	*out = 0;
	const char *s = req_form(r, name);
	if (s && *s && (!parse_i64(s, out) || *out <= 0))
		return SK_EINPUT;
	return SK_OK;
}

static sk_rc ir_create(struct req *r)
{
	struct form_values v;
	sk_rc rc = form_read(r, ir_fields, IF_N, &v);
	int64_t person, assignee;
	if (opt_id(r, "person", &person) != SK_OK || opt_id(r, "assignee", &assignee) != SK_OK)
		return SK_EINPUT;
	if (rc == SK_OK && !person && !*v.s[IF_REQUESTER]) {
		req_field_error(r, "requester", T(r, "Choose the person or write who asked."));
		rc = SK_EINPUT;
	}
	if (rc == SK_EINPUT) {
		r->status = 422;
		list_page(r, &v);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	int rec = 0, days[3], ri = 0;
	ymd_parse(v.s[IF_RECEIVED], &rec);
	terms(r, days);
	for (int i = 0; ir_regimes[i]; i++)
		if (str_eq(ir_regimes[i], v.s[IF_REGIME]))
			ri = i;
	int due = occ_add_workdays(r->db, rec, days[ri]);
	if (!due)
		return SK_EINPUT;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ir_insert);
	if (person)
		db_bind_int(q, 2, person);
	else
		db_bind_null(q, 2);
	db_bind_text(q, 3, v.s[IF_REQUESTER]);
	db_bind_text(q, 4, v.s[IF_REGIME]);
	db_bind_int(q, 5, rec);
	db_bind_int(q, 6, due);
	db_bind_text(q, 7, v.s[IF_SUBJECT]);
	if (assignee)
		db_bind_int(q, 8, assignee);
	else
		db_bind_null(q, 8);
	db_bind_int(q, 9, r->user->id);
	int64_t id = 0;
	rc = db_exec_id(q, &id);
	if (rc == SK_OK && person)
		rc = contact_interaction_add(r, person, "info_request", rec, v.s[IF_SUBJECT], due);
	if (rc == SK_OK)
		rc = audit(r, "info_request.create", "info_request", id, NULL,
		           json_pack("{s:s, s:i, s:i}", "regime", v.s[IF_REGIME], "received", rec, "due", due));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, arena_printf(&r->a, T(r, "The request is registered. The answer is due on %s."), ymd_text(r, due)));
	redirect(r, req_url(r, id));
	return SK_OK;
}

static sk_rc ir_terms(struct req *r)
{
	int days[3];
	for (int i = 0; ir_regimes[i]; i++) {
		int64_t d;
		if (!parse_i64(req_form(r, arena_printf(&r->a, "days_%s", ir_regimes[i])), &d) || d < 1 || d > 60)
			req_field_error(r, arena_printf(&r->a, "days_%s", ir_regimes[i]),
			                T(r, "Enter a number of working days from 1 to 60."));
		else
			days[i] = (int)d;
	}
	if (r->nerrors) {
		r->status = 422;
		list_page(r, NULL);
		return SK_OK;
	}
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	for (int i = 0; rc == SK_OK && ir_regimes[i]; i++) {
		dbq *q = db_q(r->db, &st_ir_term_set);
		db_bind_text(q, 2, ir_regimes[i]);
		db_bind_int(q, 3, days[i]);
		rc = db_exec(q);
	}
	if (rc == SK_OK)
		rc = audit(r, "info_request.terms", "institution", r->inst->id, NULL,
		           json_pack("{s:i, s:i, s:i}", "media", days[0], "law", days[1], "partner", days[2]));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The answer terms are saved."));
	redirect(r, ir_url(r));
	return SK_OK;
}

/* ---- one request ------------------------------------------------------------------- */

static void ireq_page(struct req *r, const struct ireq *x)
{
	const char *title = arena_printf(&r->a, T(r, "Information request no. %lld"), (long long)x->id);
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p>", ir_url(r), T(r, "← All information requests"));
	html(r, "<h1>%s</h1>", title);
	field_errors_summary(r);
	int today = local_today();
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>", T(r, "Requester"));
	if (x->person_id && *x->person)
		html(r, "<a href=\"%s\">%s</a>%s%s", url_fmt(&r->a, "/staff/%s/contacts/%lld", r->inst->slug, (long long)x->person_id),
		     x->person, *x->requester ? " · " : "", x->requester);
	else
		html(r, "%s", who(r, x));
	html(r, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s", T(r, "Legal regime"),
	     regime_label(r, x->regime), T(r, "Received"), ymd_text(r, x->received), T(r, "Answer due"),
	     ymd_text(r, x->due));
	due_tag(r, x, today);
	html(r, "</dd><dt>%s</dt><dd>%s</dd></dl>", T(r, "What is asked"), x->subject);
	if (req_has_perm(r, "contacts.manage")) {
		form_open(r, req_url(r, x->id), "stack");
		assignee_select(r, x->assignee_id);
		ui_textarea(r, "answer", T(r, "Answer"), x->answer, 5, NULL);
		ui_field(r, "answered_on", T(r, "Answered on"), "date", ymd_text(r, x->answered_on), false, "off",
		         T(r, "Leave empty while the request is open."));
		ui_checkbox(r, "archived", T(r, "Archived"), x->archived, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
		form_close(r);
	} else {
		html(r, "<h2>%s</h2><p>%s</p>", T(r, "Answer"), *x->answer ? x->answer : "—");
	}
	page_end(r);
}

static sk_rc load(struct req *r, struct ireq *x)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	dbq *q = db_q(r->db, &st_ir_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_ireq(r, q, x);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

static sk_rc ir_view(struct req *r)
{
	struct ireq x;
	sk_rc rc = load(r, &x);
	if (rc != SK_OK)
		return rc;
	ireq_page(r, &x);
	return SK_OK;
}

static sk_rc ir_update(struct req *r)
{
	struct ireq x;
	sk_rc rc = load(r, &x);
	if (rc != SK_OK)
		return rc;
	static const struct field f[] = {{"answer", F_TEXTAREA, false, 20000, NULL, 0, 0},
	                                 {"answered_on", F_DATE, false, 0, NULL, 0, 0},
	                                 {"archived", F_BOOL, false, 0, NULL, 0, 0}};
	struct form_values v;
	rc = form_read(r, f, 3, &v);
	int64_t assignee;
	if (opt_id(r, "assignee", &assignee) != SK_OK)
		return SK_EINPUT;
	int ans = 0;
	if (rc == SK_OK && *v.s[1]) {
		ymd_parse(v.s[1], &ans);
		if (ans < x.received) {
			req_field_error(r, "answered_on", T(r, "The answer cannot be before the request was received."));
			rc = SK_EINPUT;
		} else if (!*v.s[0]) {
			req_field_error(r, "answer", T(r, "Write the answer, or leave the answer date empty."));
			rc = SK_EINPUT;
		}
	}
	if (rc == SK_OK && v.i[2] && !ans) {
		req_field_error(r, "archived", T(r, "Only an answered request can be archived."));
		rc = SK_EINPUT;
	}
	if (rc == SK_EINPUT) {
		r->status = 422;
		ireq_page(r, &x);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ir_update);
	db_bind_int(q, 2, x.id);
	if (assignee)
		db_bind_int(q, 3, assignee);
	else
		db_bind_null(q, 3);
	db_bind_text(q, 4, v.s[0]);
	db_bind_int(q, 5, ans);
	db_bind_int(q, 6, v.i[2] ? 1 : 0);
	int64_t got = 0;
	rc = db_exec_id(q, &got);
	if (rc == SK_ENOTFOUND)
		rc = SK_EINPUT; /* the assignee is not a member */
	if (rc == SK_OK && ans && !x.answered_on && x.person_id && *x.person)
		rc = contact_interaction_add(r, x.person_id, "info_request", ans,
		                             arena_printf(&r->a, tr(LANG_LT, "Answer to the information request: %s"), v.s[0]),
		                             0);
	if (rc == SK_OK)
		rc = audit(r, "info_request.update", "info_request", x.id, NULL,
		           json_pack("{s:I, s:i, s:b}", "assignee", (json_int_t)assignee, "answered_on", ans, "archived",
		                     v.i[2] != 0));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The request is saved."));
	redirect(r, req_url(r, x.id));
	return SK_OK;
}

/* ---- dashboard --------------------------------------------------------------------- */

static void ir_panel(struct req *r)
{
	int today = local_today();
	int soon = occ_add_workdays(r->db, today, 5);
	dbq *q = db_q(r->db, &st_ir_due);
	db_bind_int(q, 2, soon ? soon : today);
	struct ireq x[6];
	size_t n = 0;
	while (n < 6 && db_step(q) == DB_ROW)
		read_ireq(r, q, &x[n++]);
	db_done(q);
	html(r, "<section class=\"panel\" aria-labelledby=\"dash-ir\"><h2 id=\"dash-ir\">%s</h2>", T(r, "Information requests"));
	if (!n) {
		html(r, "<p class=\"muted\">%s</p><p><a href=\"%s\">%s</a></p></section>",
		     T(r, "No request is due within five working days."), ir_url(r), T(r, "All information requests"));
		return;
	}
	html_raw(r, "<ul class=\"ir-due\">");
	for (size_t i = 0; i < n && i < 5; i++) {
		html(r, "<li><a href=\"%s\">%s</a> <span class=\"muted\">· %s <time datetime=\"%s\">%s</time></span>",
		     req_url(r, x[i].id), who(r, &x[i]), T(r, "due"), ymd_text(r, x[i].due), ymd_text(r, x[i].due));
		due_tag(r, &x[i], today);
		html_raw(r, "</li>");
	}
	html(r, "</ul><p><a href=\"%s\">%s</a></p></section>", ir_url(r), T(r, "All information requests"));
}
SK_PANEL(panel_info_requests, "contacts.manage", 42, ir_panel);

SK_ROUTES(info_requests,
          {"GET", "/staff/{inst}/contacts/info-requests", ir_list, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/info-requests", ir_create, "contacts.manage", 0},
          {"POST", "/staff/{inst}/contacts/info-request-terms", ir_terms, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts/info-requests/{id}", ir_view, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/info-requests/{id}", ir_update, "contacts.manage", 0});

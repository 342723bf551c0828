/*
 * media_visits.c -- visits of media representatives (REQUIREMENTS C6
 * MediaVisit, D0-F11, AC-C6-3):
 *   /staff/{inst}/contacts/visits             the visits, newest date first
 *   /staff/{inst}/contacts/visits/new         register a request
 *   /staff/{inst}/contacts/visits/{id}        the visit and its next step
 *   POST .../visits/{id}/decide               approve | decline (media_visits.approve, HEAD)
 *   POST .../visits/{id}/confirm              approved -> confirmed
 *   POST .../visits/{id}/outcome              confirmed -> done, clipping links
 *   POST .../visits/{id}/cancel
 * Confirmation needs the approval; it books the space the journalists
 * are received in (an internal booking: the space is checked for clashes
 * and the visit shows on the staff calendar, which lists bookings),
 * mails each journalist (job "mail"; do-not-contact people and people
 * without an address are skipped and named) and logs a media_visit
 * interaction on each journalist, as do the request and the outcome.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../jobs/jobs.h"
#include "../model/contact.h"
#include "../model/occasion.h"
#include "../model/space.h"

#include <string.h>

static const char *const mv_purposes[] = {"story", "filming", "interview", "photo", "other", NULL};
static const char *const mv_purpose_labels[] = {N_("Story"), N_("Filming"), N_("Interview"), N_("Photography"),
                                                N_("Other")};
static const char *const mv_statuses[] = {"requested", "approved", "declined", "confirmed", "done", "cancelled", NULL};
static const char *const mv_status_labels[] = {N_("Requested"), N_("Approved by the head"), N_("Declined"), N_("Confirmed"),
                                               N_("Done"), N_("Cancelled")};

struct mvisit {
	int64_t id, outlet_id, space_id, booking_id, approved_by;
	const char *outlet, *purpose, *areas, *permissions, *escort, *interviewees, *status, *approval_note, *outcome;
	const char *space, *approver;
	int requested_on, visit_date, start_min, end_min;
};

#define MV_COLS "v.id, COALESCE(v.outlet_id, 0), COALESCE(o.name, ''), v.purpose, v.requested_on, v.visit_date, " \
	"v.start_min, v.end_min, COALESCE(v.space_id, 0), COALESCE(s.name, ''), v.areas, v.permissions, v.escort, " \
	"v.interviewees, v.status, COALESCE(v.approved_by, 0), COALESCE(u.name, ''), v.approval_note, " \
	"COALESCE(v.booking_id, 0), v.outcome "
#define MV_FROM "FROM media_visits v LEFT JOIN contact_orgs o ON o.id = v.outlet_id LEFT JOIN spaces s ON s.id = v.space_id " \
	"LEFT JOIN users u ON u.id = v.approved_by WHERE v.institution_id = $1 "

SK_STMT_SCOPED(st_mv_list, "SELECT " MV_COLS MV_FROM "ORDER BY v.visit_date DESC, v.start_min DESC, v.id DESC LIMIT 500");
SK_STMT_SCOPED(st_mv_get, "SELECT " MV_COLS MV_FROM "AND v.id = $2");
SK_STMT2(st_mv_insert, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO media_visits(institution_id, outlet_id, purpose, requested_on, visit_date, start_min, end_min, "
         "space_id, areas, permissions, escort, interviewees, created_by) "
         "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 "
         "WHERE ($2 IS NULL OR EXISTS (SELECT 1 FROM contact_orgs WHERE id = $2 AND institution_id = $1)) "
         "AND ($8 IS NULL OR EXISTS (SELECT 1 FROM spaces WHERE id = $8 AND institution_id = $1)) RETURNING id",
         "INSERT INTO media_visits(institution_id, outlet_id, purpose, requested_on, visit_date, start_min, end_min, "
         "space_id, areas, permissions, escort, interviewees, created_by) "
         "SELECT $1, $2::bigint, $3::text, $4::integer, $5::integer, $6::integer, $7::integer, $8::bigint, $9::text, "
         "$10::text, $11::text, $12::text, $13::bigint "
         "WHERE ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM contact_orgs WHERE id = $2::bigint AND institution_id = $1)) "
         "AND ($8::bigint IS NULL OR EXISTS (SELECT 1 FROM spaces WHERE id = $8::bigint AND institution_id = $1)) "
         "RETURNING id");
SK_STMT2(st_mv_person_add, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO media_visit_people(visit_id, person_id) SELECT v.id, p.id FROM media_visits v, contact_people p "
         "WHERE v.institution_id = $1 AND p.institution_id = $1 AND v.id = $2 AND p.id = $3 AND p.erased_at = 0 "
         "ON CONFLICT DO NOTHING",
         NULL);
#define MVP_SQL "SELECT p.id, p.first_name, p.last_name, p.email, p.do_not_contact, p.erased_at " \
	"FROM media_visit_people m JOIN contact_people p ON p.id = m.person_id " \
	"WHERE p.institution_id = $1 AND m.visit_id = $2 ORDER BY "
SK_STMT2(st_mv_people, STMT_SCOPED, MVP_SQL "p.last_name COLLATE LT, p.first_name COLLATE LT, p.id",
         MVP_SQL "p.last_name COLLATE \"lt-x-icu\", p.first_name COLLATE \"lt-x-icu\", p.id");
SK_STMT_SCOPED(st_mv_decide,
               "UPDATE media_visits SET status = $3, approved_by = $4, approved_at = $5, approval_note = $6, "
               "updated_at = $5 WHERE institution_id = $1 AND id = $2 AND status = 'requested' RETURNING id");
SK_STMT_SCOPED(st_mv_confirm,
               "UPDATE media_visits SET status = 'confirmed', booking_id = $3, confirmed_at = $4, updated_at = $4, "
               "space_id = $5 "
               "WHERE institution_id = $1 AND id = $2 AND status = 'approved' AND approved_by IS NOT NULL RETURNING id");
SK_STMT_SCOPED(st_mv_outcome,
               "UPDATE media_visits SET status = 'done', outcome = $3, updated_at = $4 "
               "WHERE institution_id = $1 AND id = $2 AND status IN ('confirmed', 'done') RETURNING id");
SK_STMT_SCOPED(st_mv_cancel,
               "UPDATE media_visits SET status = 'cancelled', updated_at = $3 "
               "WHERE institution_id = $1 AND id = $2 AND status IN ('requested', 'approved', 'confirmed') RETURNING id");

static const char *label(struct req *r, const char *const *codes, const char *const *labels, const char *v)
{
	for (int i = 0; codes[i]; i++)
		if (str_eq(codes[i], v))
			return tr(r->lang, labels[i]);
	return v;
}

static const char *visits_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/contacts/visits", r->inst->slug); }

static const char *visit_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/contacts/visits/%lld", r->inst->slug, (long long)id);
}

static const char *ymd_text(struct req *r, int ymd)
{
	if (!ymd)
		return "—";
	char b[11];
	ymd_format(ymd, b);
	return arena_strdup(&r->a, b);
}

static const char *hhmm(struct req *r, int min) { return arena_printf(&r->a, "%02d:%02d", min / 60, min % 60); }

static void read_visit(struct req *r, dbq *q, struct mvisit *v)
{
	v->id = db_int(q, 0);
	v->outlet_id = db_int(q, 1);
	v->outlet = arena_strdup(&r->a, db_text(q, 2));
	v->purpose = arena_strdup(&r->a, db_text(q, 3));
	v->requested_on = (int)db_int(q, 4);
	v->visit_date = (int)db_int(q, 5);
	v->start_min = (int)db_int(q, 6);
	v->end_min = (int)db_int(q, 7);
	v->space_id = db_int(q, 8);
	v->space = arena_strdup(&r->a, db_text(q, 9));
	v->areas = arena_strdup(&r->a, db_text(q, 10));
	v->permissions = arena_strdup(&r->a, db_text(q, 11));
	v->escort = arena_strdup(&r->a, db_text(q, 12));
	v->interviewees = arena_strdup(&r->a, db_text(q, 13));
	v->status = arena_strdup(&r->a, db_text(q, 14));
	v->approved_by = db_int(q, 15);
	v->approver = arena_strdup(&r->a, db_text(q, 16));
	v->approval_note = arena_strdup(&r->a, db_text(q, 17));
	v->booking_id = db_int(q, 18);
	v->outcome = arena_strdup(&r->a, db_text(q, 19));
}

static sk_rc visit_get(struct req *r, int64_t id, struct mvisit *v)
{
	dbq *q = db_q(r->db, &st_mv_get);
	db_bind_int(q, 2, id);
	int st = db_step(q);
	if (st == DB_ROW)
		read_visit(r, q, v);
	db_done(q);
	return st == DB_ROW ? SK_OK : st == DB_ERROR ? db_rc(r->db) : SK_ENOTFOUND;
}

struct mv_person {
	int64_t id;
	const char *name, *email;
	bool dnc, erased;
};

static size_t visit_people(struct req *r, int64_t id, struct mv_person **out)
{
	dbq *q = db_q(r->db, &st_mv_people);
	db_bind_int(q, 2, id);
	size_t cap = 8, n = 0;
	*out = arena_alloc(&r->a, cap * sizeof **out);
	while (db_step(q) == DB_ROW) {
		if (n == cap) {
			struct mv_person *nw = arena_alloc(&r->a, 2 * cap * sizeof *nw);
			memcpy(nw, *out, cap * sizeof *nw);
			*out = nw;
			cap *= 2;
		}
		struct mv_person *p = &(*out)[n++];
		p->id = db_int(q, 0);
		p->erased = db_int(q, 5) != 0;
		p->name = p->erased ? T(r, "(erased)") : arena_printf(&r->a, "%s %s", db_text(q, 1), db_text(q, 2));
		p->email = arena_strdup(&r->a, db_text(q, 3));
		p->dnc = db_int(q, 4) != 0;
	}
	db_done(q);
	return n;
}

static const char *people_names(struct req *r, int64_t id)
{
	struct mv_person *p;
	size_t n = visit_people(r, id, &p);
	const char *s = "";
	for (size_t i = 0; i < n; i++)
		s = *s ? arena_printf(&r->a, "%s, %s", s, p[i].name) : p[i].name;
	return s;
}

/* ---- list ------------------------------------------------------------------------ */

static sk_rc visits_list(struct req *r)
{
	page_begin(r, PAGE_STAFF, T(r, "Media visits"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/contacts", r->inst->slug),
	     T(r, "← All contacts"));
	html(r, "<h1>%s</h1>", T(r, "Media visits"));
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "Visits of journalists and film crews: the head of the department approves a visit before it is confirmed to the journalists."));
	if (req_has_perm(r, "contacts.manage"))
		html(r, "<p class=\"actions\"><a class=\"button\" href=\"%s/new\">%s</a></p>", visits_url(r),
		     T(r, "Register a visit request"));
	dbq *q = db_q(r->db, &st_mv_list);
	struct mvisit *v = NULL;
	size_t n = 0, cap = 0;
	while (db_step(q) == DB_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			struct mvisit *nw = arena_alloc(&r->a, cap * sizeof *nw);
			if (n)
				memcpy(nw, v, n * sizeof *nw);
			v = nw;
		}
		read_visit(r, q, &v[n++]);
	}
	db_done(q);
	if (!n) {
		html(r, "<p>%s</p>", T(r, "No media visits registered."));
		page_end(r);
		return SK_OK;
	}
	html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	     T(r, "Media visits"), T(r, "Date"), T(r, "Outlet"), T(r, "Journalists"), T(r, "Purpose"), T(r, "Status"));
	for (size_t i = 0; i < n; i++)
		html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s %s–%s</a></th><td>%s</td><td>%s</td><td>%s</td>"
		        "<td><span class=\"tag mv-%s\">%s</span></td></tr>",
		     visit_url(r, v[i].id), ymd_text(r, v[i].visit_date), hhmm(r, v[i].start_min), hhmm(r, v[i].end_min),
		     *v[i].outlet ? v[i].outlet : "—", people_names(r, v[i].id), label(r, mv_purposes, mv_purpose_labels, v[i].purpose),
		     v[i].status, label(r, mv_statuses, mv_status_labels, v[i].status));
	html_raw(r, "</tbody></table>");
	page_end(r);
	return SK_OK;
}

/* ---- request form ---------------------------------------------------------------- */

enum { MF_PURPOSE, MF_REQ, MF_DATE, MF_FROM, MF_TO, MF_AREAS, MF_PERMS, MF_ESCORT, MF_INTERVIEW, MF_N };
static const struct field mv_fields[] = {
	[MF_PURPOSE] = {"purpose", F_ENUM, true, 0, mv_purposes, 0, 0},
	[MF_REQ] = {"requested_on", F_DATE, true, 0, NULL, 0, 0},
	[MF_DATE] = {"visit_date", F_DATE, true, 0, NULL, 0, 0},
	[MF_FROM] = {"start", F_TEXT, true, 5, NULL, 0, 0},
	[MF_TO] = {"end", F_TEXT, true, 5, NULL, 0, 0},
	[MF_AREAS] = {"areas", F_TEXTAREA, false, 2000, NULL, 0, 0},
	[MF_PERMS] = {"permissions", F_TEXTAREA, false, 2000, NULL, 0, 0},
	[MF_ESCORT] = {"escort", F_TEXT, false, 200, NULL, 0, 0},
	[MF_INTERVIEW] = {"interviewees", F_TEXT, false, 500, NULL, 0, 0},
};

/* The journalists ticked: fields person-ID=1 (a repeated name would be
 * refused by the dispatcher as parameter pollution). */
static bool person_field(const struct kv *kv, int64_t *id)
{
	return !strncmp(kv->k, "person-", 7) && parse_i64(kv->k + 7, id) && *id > 0;
}

static bool form_has(struct req *r, int64_t id)
{
	for (size_t i = 0; i < r->form.n; i++) {
		int64_t v;
		if (person_field(&r->form.items[i], &v) && v == id)
			return true;
	}
	return false;
}

static void new_page(struct req *r, const struct form_values *fv)
{
	page_begin(r, PAGE_STAFF, T(r, "Register a visit request"));
	html(r, "<p><a href=\"%s\">%s</a></p>", visits_url(r), T(r, "← All media visits"));
	html(r, "<div class=\"narrow\"><h1>%s</h1>", T(r, "Register a visit request"));
	field_errors_summary(r);
	form_open(r, visits_url(r), "stack");
	struct contact_org *o;
	size_t no = 0;
	contact_orgs(r, "media", &o, &no);
	int64_t outlet = 0;
	parse_i64(req_form(r, "outlet"), &outlet);
	html(r, "<div class=\"field\"><label for=\"f-outlet\">%s</label><select id=\"f-outlet\" name=\"outlet\"><option value=\"\">%s</option>",
	     T(r, "Outlet"), T(r, "— none —"));
	for (size_t i = 0; i < no; i++)
		html(r, "<option value=\"%lld\"%s>%s</option>", (long long)o[i].id, o[i].id == outlet ? " selected" : "",
		     o[i].f[CO_NAME]);
	html_raw(r, "</select></div>");
	struct contact_filter f = {0};
	struct contact_person *p;
	size_t np = 0;
	contact_people(r, &f, &p, &np);
	html(r, "<fieldset class=\"field mv-people\"><legend>%s *</legend>", T(r, "Journalists"));
	const char *err = NULL;
	for (size_t i = 0; i < r->nerrors; i++)
		if (str_eq(r->errors[i].field, "person"))
			err = r->errors[i].msg;
	if (err)
		html(r, "<p class=\"field-error\" id=\"e-person\">%s</p>", err);
	for (size_t i = 0; i < np; i++)
		html(r, "<div><input type=\"checkbox\" id=\"f-person-%lld\" name=\"person-%lld\" value=\"1\"%s> "
		        "<label for=\"f-person-%lld\">%s, %s%s%s</label></div>",
		     (long long)p[i].id, (long long)p[i].id, form_has(r, p[i].id) ? " checked" : "",
		     (long long)p[i].id, p[i].f[CP_LAST], p[i].f[CP_FIRST], *p[i].org ? " — " : "", p[i].org);
	html_raw(r, "</fieldset>");
	const char *labels[5];
	for (int i = 0; i < 5; i++)
		labels[i] = tr(r->lang, mv_purpose_labels[i]);
#define VAL(i, d) (fv ? fv->s[i] : d)
	ui_select(r, "purpose", T(r, "Purpose"), mv_purposes, labels, 5, VAL(MF_PURPOSE, "story"), true, NULL);
	ui_field(r, "requested_on", T(r, "Request received"), "date", VAL(MF_REQ, ymd_text(r, local_today())), true, "off", NULL);
	ui_field(r, "visit_date", T(r, "Date of the visit"), "date", VAL(MF_DATE, ""), true, "off", NULL);
	ui_field(r, "start", T(r, "From"), "time", VAL(MF_FROM, "10:00"), true, "off", NULL);
	ui_field(r, "end", T(r, "Until"), "time", VAL(MF_TO, "11:00"), true, "off", NULL);
	size_t ns;
	struct space *sp;
	ns = sp_list(r->db, &r->a, r->inst->id, false, &sp);
	int64_t space = 0;
	parse_i64(req_form(r, "space"), &space);
	html(r, "<div class=\"field\"><label for=\"f-space\">%s</label><select id=\"f-space\" name=\"space\" aria-describedby=\"h-space\">"
	        "<option value=\"\">%s</option>",
	     T(r, "Where the journalists are received"), T(r, "— not yet chosen —"));
	for (size_t i = 0; i < ns; i++)
		html(r, "<option value=\"%lld\"%s>%s</option>", (long long)sp[i].id, sp[i].id == space ? " selected" : "",
		     sp[i].name);
	html(r, "</select><p class=\"hint\" id=\"h-space\">%s</p></div>",
	     T(r, "The space is booked when the visit is confirmed, so the visit appears on the calendar."));
	ui_textarea(r, "areas", T(r, "Areas to visit"), VAL(MF_AREAS, ""), 2, NULL);
	ui_textarea(r, "permissions", T(r, "Filming and photography permissions"), VAL(MF_PERMS, ""), 2,
	            T(r, "Which spaces may be filmed, and who agreed to be filmed or photographed."));
	ui_field(r, "escort", T(r, "Escort"), "text", VAL(MF_ESCORT, ""), false, "off", NULL);
	ui_field(r, "interviewees", T(r, "Interviewees"), "text", VAL(MF_INTERVIEW, ""), false, "off", NULL);
#undef VAL
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Register"));
	form_close(r);
	html_raw(r, "</div>");
	page_end(r);
}

static sk_rc visit_new(struct req *r)
{
	new_page(r, NULL);
	return SK_OK;
}

static sk_rc visit_create(struct req *r)
{
	struct form_values v;
	sk_rc rc = form_read(r, mv_fields, MF_N, &v);
	int req = 0, date = 0, from = 0, to = 0;
	if (*v.s[MF_REQ])
		ymd_parse(v.s[MF_REQ], &req);
	if (*v.s[MF_DATE])
		ymd_parse(v.s[MF_DATE], &date);
	if (*v.s[MF_FROM] && !sp_hhmm_parse(v.s[MF_FROM], &from)) {
		req_field_error(r, "start", T(r, "Enter a time such as 10:00."));
		rc = SK_EINPUT;
	}
	if (*v.s[MF_TO] && !sp_hhmm_parse(v.s[MF_TO], &to)) {
		req_field_error(r, "end", T(r, "Enter a time such as 10:00."));
		rc = SK_EINPUT;
	} else if (*v.s[MF_TO] && to <= from) {
		req_field_error(r, "end", T(r, "The visit must end after it starts."));
		rc = SK_EINPUT;
	}
	if (date && req && date < req) {
		req_field_error(r, "visit_date", T(r, "The visit cannot be before the request."));
		rc = SK_EINPUT;
	}
	size_t npeople = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		int64_t pid;
		npeople += person_field(&r->form.items[i], &pid);
	}
	if (!npeople) {
		req_field_error(r, "person", T(r, "Choose at least one journalist."));
		rc = SK_EINPUT;
	}
	int64_t outlet = 0, space = 0;
	const char *os = req_form(r, "outlet"), *ss = req_form(r, "space");
	if ((os && *os && (!parse_i64(os, &outlet) || outlet <= 0)) || (ss && *ss && (!parse_i64(ss, &space) || space <= 0)))
		return SK_EINPUT;
	if (rc == SK_EINPUT) {
		r->status = 422;
		new_page(r, &v);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_mv_insert);
	if (outlet)
		db_bind_int(q, 2, outlet);
	else
		db_bind_null(q, 2);
	db_bind_text(q, 3, v.s[MF_PURPOSE]);
	db_bind_int(q, 4, req);
	db_bind_int(q, 5, date);
	db_bind_int(q, 6, from);
	db_bind_int(q, 7, to);
	if (space)
		db_bind_int(q, 8, space);
	else
		db_bind_null(q, 8);
	db_bind_text(q, 9, v.s[MF_AREAS]);
	db_bind_text(q, 10, v.s[MF_PERMS]);
	db_bind_text(q, 11, v.s[MF_ESCORT]);
	db_bind_text(q, 12, v.s[MF_INTERVIEW]);
	db_bind_int(q, 13, r->user->id);
	int64_t id = 0;
	rc = db_exec_id(q, &id);
	if (rc == SK_OK && !id)
		rc = SK_ENOTFOUND;
	const char *purpose = tr(LANG_LT, label(r, mv_purposes, mv_purpose_labels, v.s[MF_PURPOSE]));
	for (size_t i = 0; rc == SK_OK && i < r->form.n; i++) {
		int64_t pid;
		if (!person_field(&r->form.items[i], &pid))
			continue;
		q = db_q(r->db, &st_mv_person_add);
		db_bind_int(q, 2, id);
		db_bind_int(q, 3, pid);
		if ((rc = db_exec(q)) != SK_OK)
			break;
		rc = contact_interaction_add(
		        r, pid, "media_visit", req,
		        arena_printf(&r->a, tr(LANG_LT, "Media visit requested for %s (%s)."), ymd_text(r, date), purpose), 0);
	}
	if (rc == SK_OK)
		rc = audit(r, "media_visit.create", "media_visit", id, NULL,
		           json_pack("{s:i, s:s, s:I}", "visit_date", date, "purpose", v.s[MF_PURPOSE], "people",
		                     (json_int_t)npeople));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The visit request is registered. It waits for the head's approval."));
	redirect(r, visit_url(r, id));
	return SK_OK;
}

/* ---- one visit ------------------------------------------------------------------- */

static void dl_row(struct req *r, const char *dt, const char *dd)
{
	html(r, "<dt>%s</dt><dd>%s</dd>", dt, *dd ? dd : "—");
}

static void visit_page(struct req *r, const struct mvisit *v)
{
	const char *title = arena_printf(&r->a, T(r, "Media visit on %s"), ymd_text(r, v->visit_date));
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p>", visits_url(r), T(r, "← All media visits"));
	html(r, "<h1>%s</h1>", title);
	html(r, "<p><span class=\"tag mv-%s\">%s</span></p>", v->status, label(r, mv_statuses, mv_status_labels, v->status));
	field_errors_summary(r);
	html_raw(r, "<dl class=\"facts\">");
	dl_row(r, T(r, "Outlet"), v->outlet);
	dl_row(r, T(r, "Purpose"), label(r, mv_purposes, mv_purpose_labels, v->purpose));
	dl_row(r, T(r, "Request received"), ymd_text(r, v->requested_on));
	dl_row(r, T(r, "Time"), arena_printf(&r->a, "%s %s–%s", ymd_text(r, v->visit_date), hhmm(r, v->start_min),
	                                      hhmm(r, v->end_min)));
	dl_row(r, T(r, "Where the journalists are received"), v->space);
	dl_row(r, T(r, "Areas to visit"), v->areas);
	dl_row(r, T(r, "Filming and photography permissions"), v->permissions);
	dl_row(r, T(r, "Escort"), v->escort);
	dl_row(r, T(r, "Interviewees"), v->interviewees);
	if (v->approved_by)
		dl_row(r, str_eq(v->status, "declined") ? T(r, "Declined by") : T(r, "Approved by"),
		       *v->approval_note ? arena_printf(&r->a, "%s: %s", v->approver, v->approval_note) : v->approver);
	html_raw(r, "</dl>");
	struct mv_person *p;
	size_t n = visit_people(r, v->id, &p);
	html(r, "<h2>%s</h2><ul>", T(r, "Journalists"));
	for (size_t i = 0; i < n; i++) {
		html(r, "<li><a href=\"%s\">%s</a>", url_fmt(&r->a, "/staff/%s/contacts/%lld", r->inst->slug, (long long)p[i].id),
		     p[i].name);
		if (p[i].dnc)
			html(r, " <span class=\"tag tag-danger\">%s</span>",
			     T(r, "Do not contact: no confirmation is mailed"));
		else if (!*p[i].email)
			html(r, " <span class=\"muted\">%s</span>", T(r, "(no e-mail address: confirm by phone)"));
		html_raw(r, "</li>");
	}
	html_raw(r, "</ul>");
	if (*v->outcome) {
		html(r, "<h2>%s</h2><ul>", T(r, "Published coverage"));
		const char *s = v->outcome;
		while (*s) {
			const char *e = strchr(s, '\n');
			size_t len = e ? (size_t)(e - s) : strlen(s);
			char *line = str_trim(&r->a, arena_strndup(&r->a, s, len));
			if (*line) {
				if (!strncmp(line, "https://", 8) || !strncmp(line, "http://", 7))
					html(r, "<li><a href=\"%s\">%s</a></li>", line, line);
				else
					html(r, "<li>%s</li>", line);
			}
			s += len + (e != NULL);
		}
		html_raw(r, "</ul>");
	}
	bool manage = req_has_perm(r, "contacts.manage");
	if (str_eq(v->status, "requested")) {
		if (req_has_perm(r, "media_visits.approve")) {
			html(r, "<h2>%s</h2>", T(r, "The head's approval"));
			form_open(r, arena_printf(&r->a, "%s/decide", visit_url(r, v->id)), "stack");
			ui_field(r, "note", T(r, "Note"), "text", "", false, "off", NULL);
			html(r, "<div class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"approve\">%s</button> "
			        "<button type=\"submit\" name=\"decision\" value=\"decline\" class=\"secondary\">%s</button></div>",
			     T(r, "Approve"), T(r, "Decline"));
			form_close(r);
		} else {
			html(r, "<p class=\"hint\">%s</p>",
			     T(r, "The visit waits for the approval of the head of the department; it can be confirmed only then."));
		}
	}
	if (manage && str_eq(v->status, "approved")) {
		html(r, "<h2>%s</h2>", T(r, "Confirmation"));
		form_open(r, arena_printf(&r->a, "%s/confirm", visit_url(r, v->id)), "stack");
		struct space *sp;
		size_t ns = sp_list(r->db, &r->a, r->inst->id, false, &sp);
		html(r, "<div class=\"field\"><label for=\"f-space\">%s *</label><select id=\"f-space\" name=\"space\" required>"
		        "<option value=\"\">%s</option>",
		     T(r, "Where the journalists are received"), T(r, "— not yet chosen —"));
		for (size_t i = 0; i < ns; i++)
			html(r, "<option value=\"%lld\"%s>%s</option>", (long long)sp[i].id, sp[i].id == v->space_id ? " selected" : "",
			     sp[i].name);
		html_raw(r, "</select></div>");
		ui_textarea(r, "message", T(r, "Message to the journalists"), "", 3,
		            T(r, "Added to the confirmation e-mail, e.g. where to meet the escort."));
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
		     T(r, "Confirm and notify the journalists"));
		form_close(r);
	}
	if (manage && (str_eq(v->status, "confirmed") || str_eq(v->status, "done"))) {
		html(r, "<h2>%s</h2>", T(r, "Outcome"));
		form_open(r, arena_printf(&r->a, "%s/outcome", visit_url(r, v->id)), "stack");
		ui_textarea(r, "outcome", T(r, "Links to the published coverage"), v->outcome, 3, T(r, "One link per line."));
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save the outcome"));
		form_close(r);
	}
	if (manage && (str_eq(v->status, "requested") || str_eq(v->status, "approved") || str_eq(v->status, "confirmed"))) {
		form_open(r, arena_printf(&r->a, "%s/cancel", visit_url(r, v->id)), "inline");
		html(r, "<button type=\"submit\" class=\"danger\">%s</button>", T(r, "Cancel the media visit"));
		form_close(r);
	}
	page_end(r);
}

static sk_rc load(struct req *r, struct mvisit *v)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return visit_get(r, id, v);
}

static sk_rc visit_view(struct req *r)
{
	struct mvisit v;
	sk_rc rc = load(r, &v);
	if (rc != SK_OK)
		return rc;
	visit_page(r, &v);
	return SK_OK;
}

static sk_rc visit_decide(struct req *r)
{
	struct mvisit v;
	sk_rc rc = load(r, &v);
	if (rc != SK_OK)
		return rc;
	const char *d = req_form(r, "decision");
	bool ok = str_eq(d, "approve");
	if (!ok && !str_eq(d, "decline"))
		return SK_EINPUT;
	if (!str_eq(v.status, "requested"))
		return SK_ECONFLICT;
	const char *note = req_form(r, "note");
	if (!note)
		note = "";
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_mv_decide);
	db_bind_int(q, 2, v.id);
	db_bind_text(q, 3, ok ? "approved" : "declined");
	db_bind_int(q, 4, r->user->id);
	db_bind_int(q, 5, now_unix());
	db_bind_text(q, 6, note);
	int64_t got = 0;
	rc = db_exec_id(q, &got);
	if (rc == SK_ENOTFOUND || (rc == SK_OK && !got))
		rc = SK_ECONFLICT; /* its state changed meanwhile */
	if (rc != SK_OK || (rc = audit(r, ok ? "media_visit.approve" : "media_visit.decline", "media_visit", v.id, NULL,
	                               json_pack("{s:s}", "note", note))) != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, ok ? T(r, "The visit is approved.") : T(r, "The visit is declined."));
	redirect(r, visit_url(r, v.id));
	return SK_OK;
}

static sk_rc visit_confirm(struct req *r)
{
	struct mvisit v;
	sk_rc rc = load(r, &v);
	if (rc != SK_OK)
		return rc;
	/* AC-C6-3: no confirmation without the head's approval */
	if (!str_eq(v.status, "approved") || !v.approved_by) {
		req_field_error(r, "status", T(r, "The visit can be confirmed only after the head of the department approves it."));
		r->status = 409;
		visit_page(r, &v);
		return SK_OK;
	}
	/* the space may be chosen (or changed) at the confirmation */
	const char *ss = req_form(r, "space");
	int64_t space = 0;
	if (ss && *ss && (!parse_i64(ss, &space) || space <= 0))
		return SK_EINPUT;
	if (space && space != v.space_id) {
		struct space sp;
		if (sp_get(r->db, &r->a, r->inst->id, space, &sp) != SK_OK)
			return SK_EINPUT;
		v.space_id = space;
		v.space = sp.name;
	}
	if (!v.space_id) {
		req_field_error(r, "space", T(r, "Choose where the journalists are received."));
		r->status = 422;
		visit_page(r, &v);
		return SK_OK;
	}
	const char *msg = req_form(r, "message");
	if (!msg)
		msg = "";
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	const char *title = *v.outlet ? arena_printf(&r->a, tr(LANG_LT, "Media visit: %s"), v.outlet)
	                              : tr(LANG_LT, "Media visit");
	struct booking_new b = {0};
	b.space_id = v.space_id;
	b.kind = "internal";
	b.status = "approved";
	b.title = title;
	b.starts_at = local_to_unix(v.visit_date, v.start_min / 60, v.start_min % 60);
	b.ends_at = local_to_unix(v.visit_date, v.end_min / 60, v.end_min % 60);
	b.setup_min = b.teardown_min = 0;
	b.created_by = r->user->id;
	b.purpose = v.areas;
	struct sp_error e;
	memset(&e, 0, sizeof e);
	int64_t booking = 0;
	rc = bk_create(r->db, &r->a, r->inst->id, &b, &booking, &e);
	if (rc == SK_ECONFLICT || rc == SK_EINPUT) {
		db_rollback(r->db);
		if (rc == SK_ECONFLICT)
			req_field_error(r, "space",
			                arena_printf(&r->a, T(r, "The space is taken: it conflicts with booking “%s”, %s, %s–%s."),
			                             e.other.title, fmt_date(&r->a, r->lang, e.other.starts_at),
			                             fmt_time(&r->a, r->lang, e.other.starts_at),
			                             fmt_time(&r->a, r->lang, e.other.ends_at)));
		else
			req_field_error(r, "space", e.msg ? tr(r->lang, e.msg) : T(r, "The space cannot be booked for this time."));
		r->status = 409;
		visit_page(r, &v);
		return SK_OK;
	}
	if (rc == SK_OK) {
		dbq *q = db_q(r->db, &st_mv_confirm);
		db_bind_int(q, 2, v.id);
		db_bind_int(q, 3, booking);
		db_bind_int(q, 4, now_unix());
		db_bind_int(q, 5, v.space_id);
		int64_t got = 0;
		rc = db_exec_id(q, &got);
		if (rc == SK_ENOTFOUND || (rc == SK_OK && !got))
			rc = SK_ECONFLICT; /* its state changed meanwhile */
	}
	struct mv_person *p;
	size_t n = visit_people(r, v.id, &p);
	int mailed = 0;
	for (size_t i = 0; rc == SK_OK && i < n; i++) {
		if (p[i].erased)
			continue;
		if (!p[i].dnc && *p[i].email) {
			const char *body = arena_printf(
			        &r->a,
			        tr(LANG_LT, "Hello,\n\nyour visit to %s is confirmed: %s, %s–%s.\nYou will be received in: %s.\n%s%s\n"
			                    "\nBest regards,\n%s\n"),
			        inst_name(r, r->inst), ymd_text(r, v.visit_date), hhmm(r, v.start_min), hhmm(r, v.end_min), v.space,
			        *v.escort ? arena_printf(&r->a, tr(LANG_LT, "Escort: %s.\n"), v.escort) : "", msg, r->user->name);
			json_t *mail = json_pack("{s:s, s:s, s:s}", "to", p[i].email, "subject",
			                         arena_printf(&r->a, tr(LANG_LT, "Your visit on %s is confirmed"),
			                                      ymd_text(r, v.visit_date)),
			                         "body", body);
			if ((rc = job_enqueue(r->db, "mail", mail, r->inst->id, 0)) != SK_OK)
				break;
			mailed++;
		}
		rc = contact_interaction_add(
		        r, p[i].id, "media_visit", v.visit_date,
		        arena_printf(&r->a, tr(LANG_LT, "Media visit confirmed: %s %s–%s, %s."), ymd_text(r, v.visit_date),
		                     hhmm(r, v.start_min), hhmm(r, v.end_min), v.space),
		        0);
	}
	if (rc == SK_OK)
		rc = audit(r, "media_visit.confirm", "media_visit", v.id, NULL,
		           json_pack("{s:I, s:i}", "booking", (json_int_t)booking, "mailed", mailed));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, arena_printf(&r->a, TN(r, "The visit is confirmed; %d journalist is notified by e-mail.",
	                                    "The visit is confirmed; %d journalists are notified by e-mail.", mailed),
	                          mailed));
	redirect(r, visit_url(r, v.id));
	return SK_OK;
}

static sk_rc visit_outcome(struct req *r)
{
	struct mvisit v;
	sk_rc rc = load(r, &v);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(v.status, "confirmed") && !str_eq(v.status, "done"))
		return SK_ECONFLICT;
	static const struct field f[] = {{"outcome", F_TEXTAREA, false, 4000, NULL, 0, 0}};
	struct form_values fv;
	if ((rc = form_read(r, f, 1, &fv)) != SK_OK) {
		r->status = 422;
		visit_page(r, &v);
		return SK_OK;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_mv_outcome);
	db_bind_int(q, 2, v.id);
	db_bind_text(q, 3, fv.s[0]);
	db_bind_int(q, 4, now_unix());
	int64_t got = 0;
	rc = db_exec_id(q, &got);
	if (rc == SK_ENOTFOUND || (rc == SK_OK && !got))
		rc = SK_ECONFLICT; /* its state changed meanwhile */
	if (rc == SK_OK && !str_eq(v.status, "done") && *fv.s[0]) {
		struct mv_person *p;
		size_t n = visit_people(r, v.id, &p);
		for (size_t i = 0; rc == SK_OK && i < n; i++)
			if (!p[i].erased)
				rc = contact_interaction_add(r, p[i].id, "media_visit", v.visit_date,
				                             arena_printf(&r->a, tr(LANG_LT, "Coverage after the media visit: %s"),
				                                          fv.s[0]),
				                             0);
	}
	if (rc == SK_OK)
		rc = audit(r, "media_visit.outcome", "media_visit", v.id, NULL, json_pack("{s:s}", "outcome", fv.s[0]));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The outcome is saved."));
	redirect(r, visit_url(r, v.id));
	return SK_OK;
}

static sk_rc visit_cancel(struct req *r)
{
	struct mvisit v;
	sk_rc rc = load(r, &v);
	if (rc != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_mv_cancel);
	db_bind_int(q, 2, v.id);
	db_bind_int(q, 3, now_unix());
	int64_t got = 0;
	rc = db_exec_id(q, &got);
	if (rc == SK_ENOTFOUND || (rc == SK_OK && !got))
		rc = SK_ECONFLICT; /* its state changed meanwhile */
	if (rc == SK_OK && v.booking_id) {
		struct sp_error e;
		memset(&e, 0, sizeof e);
		rc = bk_cancel(r->db, r->inst->id, v.booking_id, r->user->id, &e);
		if (rc == SK_EINPUT)
			rc = SK_OK; /* the booking was cancelled already */
	}
	if (rc == SK_OK)
		rc = audit(r, "media_visit.cancel", "media_visit", v.id, NULL, NULL);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The visit is cancelled."));
	redirect(r, visit_url(r, v.id));
	return SK_OK;
}

SK_ROUTES(media_visits,
          {"GET", "/staff/{inst}/contacts/visits", visits_list, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/visits", visit_create, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts/visits/new", visit_new, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts/visits/{id}", visit_view, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/visits/{id}/decide", visit_decide, "media_visits.approve", 0},
          {"POST", "/staff/{inst}/contacts/visits/{id}/confirm", visit_confirm, "contacts.manage", 0},
          {"POST", "/staff/{inst}/contacts/visits/{id}/outcome", visit_outcome, "contacts.manage", 0},
          {"POST", "/staff/{inst}/contacts/visits/{id}/cancel", visit_cancel, "contacts.manage", 0});

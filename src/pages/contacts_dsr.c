/*
 * contacts_dsr.c -- data-subject requests about contacts (X15, S8 p. 9):
 *   /staff/{inst}/contacts/requests        register and list (due first)
 *   POST .../requests/{id}                 status=open|done|rejected
 * Due date = received + 1 month (GDPR art. 12(3)); the last day of a
 * shorter month when the day does not exist (31 Jan -> 28/29 Feb).
 */
#include "layout.h"
#include "../model/contact.h"
#include "../model/occasion.h"

#include <string.h>

static const char *const dsr_kinds[] = {"access", "erasure", "rectification", "objection", "restriction", NULL};
static const char *const dsr_kind_labels[] = {N_("Access to data"), N_("Erasure"), N_("Rectification"),
                                              N_("Objection"), N_("Restriction of processing")};
static const char *const dsr_statuses[] = {"open", "done", "rejected", NULL};
static const char *const dsr_status_labels[] = {N_("Open"), N_("Answered"), N_("Rejected")};

SK_STMT_SCOPED(st_dsr_list,
               "SELECT d.id, d.kind, d.received, d.due, d.status, d.notes, COALESCE(p.first_name || ' ' || p.last_name, ''), "
               "COALESCE(d.person_id, 0), COALESCE(p.erased_at, 0) FROM contact_dsr d LEFT JOIN contact_people p ON p.id = d.person_id WHERE d.institution_id = $1 "
               "ORDER BY d.status = 'open' DESC, d.due, d.id");
SK_STMT2(st_dsr_insert, STMT_SCOPED | STMT_WRITE,
         "INSERT INTO contact_dsr(institution_id, person_id, kind, received, due, notes) "
         "SELECT $1, $2, $3, $4, $5, $6 WHERE $2 IS NULL OR EXISTS "
         "(SELECT 1 FROM contact_people WHERE id = $2 AND institution_id = $1) RETURNING id",
         "INSERT INTO contact_dsr(institution_id, person_id, kind, received, due, notes) "
         "SELECT $1, $2::bigint, $3::text, $4::integer, $5::integer, $6::text WHERE $2::bigint IS NULL OR EXISTS "
         "(SELECT 1 FROM contact_people WHERE id = $2::bigint AND institution_id = $1) RETURNING id");
SK_STMT_SCOPED(st_dsr_status,
               "UPDATE contact_dsr SET status = $3 WHERE institution_id = $1 AND id = $2 RETURNING id");

static int add_month(int ymd)
{
	int y = ymd / 10000, m = ymd / 100 % 100 + 1, d = ymd % 100;
	if (m == 13) {
		m = 1;
		y++;
	}
	static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int ml = len[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > ml)
		d = ml;
	return y * 10000 + m * 100 + d;
}

static const char *label(struct req *r, const char *const *codes, const char *const *labels, const char *v)
{
	for (int i = 0; codes[i]; i++)
		if (str_eq(codes[i], v))
			return tr(r->lang, labels[i]);
	return v;
}

static const char *dsr_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/contacts/requests", r->inst->slug); }

static const char *ymd_text(struct req *r, int ymd)
{
	char b[11];
	ymd_format(ymd, b);
	return arena_strdup(&r->a, b);
}

static sk_rc dsr_page(struct req *r)
{
	page_begin(r, PAGE_STAFF, T(r, "Data subject requests"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/contacts", r->inst->slug),
	     T(r, "← All contacts"));
	html(r, "<h1>%s</h1>", T(r, "Data subject requests"));
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "Requests to see, correct or erase personal data must be answered within one month of receipt."));
	dbq *q = db_q(r->db, &st_dsr_list);
	bool any = false;
	int today = local_today();
	while (db_step(q) == DB_ROW) {
		if (!any)
			html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th></tr></thead><tbody>",
			     T(r, "Data subject requests"), T(r, "Person"), T(r, "Kind"), T(r, "Received"), T(r, "Due"),
			     T(r, "Notes"), T(r, "Status"));
		any = true;
		int64_t id = db_int(q, 0);
		const char *st = arena_strdup(&r->a, db_text(q, 4));
		int due = (int)db_int(q, 3);
		int64_t pid = db_int(q, 7);
		if (pid && !db_int(q, 8))
			html(r, "<tr><td><a href=\"%s\">%s</a> <span class=\"muted\">(<a href=\"%s/export.json\">JSON</a>, "
			        "<a href=\"%s/export.csv\">CSV</a>)</span></td>",
			     url_fmt(&r->a, "/staff/%s/contacts/%lld", r->inst->slug, (long long)pid), db_text(q, 6),
			     url_fmt(&r->a, "/staff/%s/contacts/%lld", r->inst->slug, (long long)pid),
			     url_fmt(&r->a, "/staff/%s/contacts/%lld", r->inst->slug, (long long)pid));
		else
			html(r, "<tr><td>%s</td>", pid ? T(r, "(erased)") : "—");
		html(r, "<td>%s</td><td>%s</td><td>%s", label(r, dsr_kinds, dsr_kind_labels, db_text(q, 1)),
		     ymd_text(r, (int)db_int(q, 2)), ymd_text(r, due));
		if (str_eq(st, "open") && due < today)
			html(r, " <span class=\"tag tag-danger\">%s</span>", T(r, "Overdue"));
		html(r, "</td><td>%s</td><td>", db_text(q, 5));
		if (req_has_perm(r, "contacts.manage")) {
			form_open(r, url_fmt(&r->a, "/staff/%s/contacts/requests/%lld", r->inst->slug, (long long)id), "inline");
			html(r, "<label class=\"visually-hidden\" for=\"st-%lld\">%s</label><select id=\"st-%lld\" name=\"status\">",
			     (long long)id, T(r, "Status"), (long long)id);
			for (int i = 0; dsr_statuses[i]; i++)
				html(r, "<option value=\"%s\"%s>%s</option>", dsr_statuses[i], str_eq(st, dsr_statuses[i]) ? " selected" : "",
				     tr(r->lang, dsr_status_labels[i]));
			html(r, "</select> <button type=\"submit\">%s</button>", T(r, "Save"));
			form_close(r);
		} else {
			html(r, "%s", label(r, dsr_statuses, dsr_status_labels, st));
		}
		html_raw(r, "</td></tr>");
	}
	db_done(q);
	if (any)
		html_raw(r, "</tbody></table>");
	else
		html(r, "<p>%s</p>", T(r, "No requests registered."));
	if (req_has_perm(r, "contacts.manage")) {
		html(r, "<h2>%s</h2>", T(r, "Register a request"));
		field_errors_summary(r);
		form_open(r, dsr_url(r), "stack");
		struct contact_filter f = {0};
		struct contact_person *p;
		size_t n = 0;
		contact_people(r, &f, &p, &n);
		html(r, "<div class=\"field\"><label for=\"f-person\">%s</label><select id=\"f-person\" name=\"person\"><option value=\"\">%s</option>",
		     T(r, "Person"), T(r, "— not in the contact base —"));
		for (size_t i = 0; i < n; i++)
			html(r, "<option value=\"%lld\">%s, %s</option>", (long long)p[i].id, p[i].f[CP_LAST], p[i].f[CP_FIRST]);
		html_raw(r, "</select></div>");
		const char *labels[5];
		for (int i = 0; i < 5; i++)
			labels[i] = tr(r->lang, dsr_kind_labels[i]);
		ui_select(r, "kind", T(r, "Kind"), dsr_kinds, labels, 5, "access", true, NULL);
		ui_field(r, "received", T(r, "Received"), "date", ymd_text(r, today), true, "off", NULL);
		ui_textarea(r, "notes", T(r, "Notes"), "", 3, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Register"));
		form_close(r);
	}
	page_end(r);
	return SK_OK;
}

static sk_rc dsr_create(struct req *r)
{
	static const struct field f[] = {{"kind", F_ENUM, true, 0, dsr_kinds, 0, 0},
	                                 {"received", F_DATE, true, 0, NULL, 0, 0},
	                                 {"notes", F_TEXTAREA, false, 4000, NULL, 0, 0}};
	struct form_values v;
	if (form_read(r, f, 3, &v) != SK_OK) {
		r->status = 422;
		return dsr_page(r);
	}
	int rec = 0;
	ymd_parse(v.s[1], &rec);
	int64_t person = 0;
	const char *ps = req_form(r, "person");
	if (ps && *ps && (!parse_i64(ps, &person) || person <= 0))
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_dsr_insert);
	if (person)
		db_bind_int(q, 2, person);
	else
		db_bind_null(q, 2);
	db_bind_text(q, 3, v.s[0]);
	db_bind_int(q, 4, rec);
	db_bind_int(q, 5, add_month(rec));
	db_bind_text(q, 6, v.s[2]);
	int64_t id = 0;
	rc = db_exec_id(q, &id);
	if (rc == SK_OK && !id)
		rc = SK_ENOTFOUND;
	if (rc != SK_OK || (rc = audit(r, "contact.dsr_create", "contact_dsr", id, NULL,
	                               json_pack("{s:s, s:i}", "kind", v.s[0], "received", rec))) != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The request is registered."));
	redirect(r, dsr_url(r));
	return SK_OK;
}

static sk_rc dsr_status(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	const char *st = req_form(r, "status");
	bool ok = false;
	for (int i = 0; dsr_statuses[i]; i++)
		ok |= str_eq(st, dsr_statuses[i]);
	if (!ok)
		return SK_EINPUT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_dsr_status);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, st);
	int64_t got = 0;
	rc = db_exec_id(q, &got);
	if (rc == SK_OK && !got)
		rc = SK_ENOTFOUND;
	if (rc != SK_OK ||
	    (rc = audit(r, "contact.dsr_status", "contact_dsr", id, NULL, json_pack("{s:s}", "status", st))) != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	redirect(r, dsr_url(r));
	return SK_OK;
}

SK_ROUTES(contacts_dsr,
          {"GET", "/staff/{inst}/contacts/requests", dsr_page, "contacts.manage", 0},
          {"POST", "/staff/{inst}/contacts/requests", dsr_create, "contacts.manage", 0},
          {"POST", "/staff/{inst}/contacts/requests/{id}", dsr_status, "contacts.manage", 0});

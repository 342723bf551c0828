/*
 * contacts_gdpr.c -- personal-data tooling for contacts (REQUIREMENTS
 * X15, S8 points 6 and 9, AC-C6-5):
 *   /staff/{inst}/contacts/review              people with no interaction for 24 months
 *   POST /staff/{inst}/contacts/{id}/retention action=keep&reason=.. | action=anonymise
 *   /staff/{inst}/contacts/{id}/consents       consent records (text version, given, withdrawn)
 *   POST .../consents                          record a consent
 *   POST .../consents/{cid}/withdraw           withdrawal date
 * "Keep" records the reason and leaves the person out of the review for
 * twelve months; "anonymise" is contact_erase(): name, e-mail, phone,
 * salutation and the other personal fields are emptied, the row and its
 * interaction rows stay (summaries emptied), so the interaction counts
 * by kind remain and are shown here. The export helpers add the rows of
 * the other tables about a person to the JSON/CSV export (contacts.c).
 */
#include "contacts_gdpr.h"
#include "../model/contact.h"
#include "../model/occasion.h"

#include <string.h>

SK_STMT_SCOPED(st_gd_kept,
               "SELECT k.person_id, k.reason, k.kept_on, k.review_after, COALESCE(u.name, ''), p.first_name, p.last_name "
               "FROM contact_retention_keeps k JOIN contact_people p ON p.id = k.person_id LEFT JOIN users u ON u.id = k.user_id "
               "WHERE k.institution_id = $1 AND k.review_after > $2 AND p.erased_at = 0 ORDER BY k.review_after, k.id");
SK_STMT_SCOPED(st_gd_keep,
               "INSERT INTO contact_retention_keeps(institution_id, person_id, reason, kept_on, review_after, user_id) "
               "SELECT $1, id, $3, $4, $5, $6 FROM contact_people WHERE institution_id = $1 AND id = $2 AND erased_at = 0 "
               "RETURNING id");
SK_STMT_SCOPED(st_gd_counts,
               "SELECT i.kind, count(*) FROM contact_interactions i JOIN contact_people p ON p.id = i.person_id "
               "WHERE i.institution_id = $1 AND p.erased_at > 0 GROUP BY i.kind ORDER BY i.kind");
SK_STMT_SCOPED(st_gd_nerased, "SELECT count(*) FROM contact_people WHERE institution_id = $1 AND erased_at > 0");
SK_STMT_SCOPED(st_gd_icount,
               "SELECT count(*) FROM contact_interactions WHERE institution_id = $1 AND person_id = $2");
SK_STMT_SCOPED(st_gd_consents,
               "SELECT id, purpose, text_version, given_on, withdrawn_on FROM contact_consents "
               "WHERE institution_id = $1 AND person_id = $2 ORDER BY given_on DESC, id DESC");
SK_STMT_SCOPED(st_gd_consent_add,
               "INSERT INTO contact_consents(institution_id, person_id, purpose, text_version, given_on) "
               "SELECT $1, id, $3, $4, $5 FROM contact_people WHERE institution_id = $1 AND id = $2 AND erased_at = 0 "
               "RETURNING id");
SK_STMT_SCOPED(st_gd_consent_withdraw,
               "UPDATE contact_consents SET withdrawn_on = $4 WHERE institution_id = $1 AND person_id = $2 AND id = $3 "
               "AND withdrawn_on = 0 AND given_on <= $4 RETURNING id");

static const char *ymd_text(struct req *r, int ymd)
{
	if (!ymd)
		return "";
	char b[11];
	ymd_format(ymd, b);
	return arena_strdup(&r->a, b);
}

static const char *person_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/contacts/%lld", r->inst->slug, (long long)id);
}

/* The same day a year later (29 Feb -> 28 Feb). */
static int plus_year(int ymd)
{
	int y = ymd / 10000 + 1, m = ymd / 100 % 100, d = ymd % 100;
	int ml = ymd_days_in_month(y, m);
	return y * 10000 + m * 100 + (d > ml ? ml : d);
}

SK_STMT2(st_gd_erase_ireq, STMT_SCOPED | STMT_WRITE,
         "UPDATE info_requests SET requester = '' WHERE institution_id = $1 AND person_id = $2", NULL);
SK_STMT2(st_gd_erase_keeps, STMT_SCOPED | STMT_WRITE,
         "DELETE FROM contact_retention_keeps WHERE institution_id = $1 AND person_id = $2", NULL);

sk_rc contact_erase_all(struct req *r, int64_t id)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	rc = contact_erase(r, id);
	struct stmt *sts[] = {&st_gd_erase_ireq, &st_gd_erase_keeps};
	for (size_t i = 0; rc == SK_OK && i < SK_ARRAY_LEN(sts); i++) {
		dbq *q = db_q(r->db, sts[i]);
		db_bind_int(q, 2, id);
		rc = db_exec(q);
	}
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	return db_commit(r->db);
}

/* ---- retention review ---------------------------------------------------------------- */

static bool kept(int64_t id, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static int64_t count1(struct req *r, struct stmt *st, int64_t id)
{
	dbq *q = db_q(r->db, st);
	if (id)
		db_bind_int(q, 2, id);
	int64_t n = db_step(q) == DB_ROW ? db_int(q, 0) : 0;
	db_done(q);
	return n;
}

static sk_rc review_page(struct req *r)
{
	int today = local_today();
	struct contact_filter f = {0};
	f.stale_before = today - 20000; /* the same day 24 months ago */
	struct contact_person *p;
	size_t n;
	sk_rc rc = contact_people(r, &f, &p, &n);
	if (rc != SK_OK)
		return rc;
	/* kept after an earlier review, until their review_after */
	size_t nk = 0, capk = 16;
	int64_t *kids = arena_alloc(&r->a, capk * sizeof *kids);
	struct kept_row {
		int64_t id;
		const char *name, *reason, *user;
		int on, until;
	} *krows = arena_alloc(&r->a, capk * sizeof *krows);
	dbq *q = db_q(r->db, &st_gd_kept);
	db_bind_int(q, 2, today);
	while (db_step(q) == DB_ROW) {
		if (nk == capk) {
			int64_t *nw = arena_alloc(&r->a, 2 * capk * sizeof *nw);
			struct kept_row *nr = arena_alloc(&r->a, 2 * capk * sizeof *nr);
			memcpy(nw, kids, capk * sizeof *nw);
			memcpy(nr, krows, capk * sizeof *nr);
			kids = nw;
			krows = nr;
			capk *= 2;
		}
		kids[nk] = db_int(q, 0);
		krows[nk] = (struct kept_row){kids[nk], arena_printf(&r->a, "%s %s", db_text(q, 5), db_text(q, 6)),
		                              arena_strdup(&r->a, db_text(q, 1)), arena_strdup(&r->a, db_text(q, 4)),
		                              (int)db_int(q, 2), (int)db_int(q, 3)};
		nk++;
	}
	db_done(q);
	bool manage = req_has_perm(r, "contacts.manage");
	page_begin(r, PAGE_STAFF, T(r, "Retention review"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/contacts", r->inst->slug),
	     T(r, "← All contacts"));
	html(r, "<h1>%s</h1>", T(r, "Retention review"));
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "People without any interaction for 24 months. Keep those still needed, with the reason, and anonymise the others."));
	field_errors_summary(r);
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (kept(p[i].id, kids, nk))
			continue;
		if (!shown++)
			html(r, "<table class=\"data review\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
			     T(r, "Retention review"), T(r, "Last name, first name"), T(r, "Organisation"), T(r, "Last contact"),
			     T(r, "Interactions"));
		if (shown == 1 && manage)
			html(r, "<th scope=\"col\">%s</th>", T(r, "Decision"));
		if (shown == 1)
			html_raw(r, "</tr></thead><tbody>");
		html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s, %s</a></th><td>%s</td><td>%s</td><td>%lld</td>",
		     person_url(r, p[i].id), p[i].f[CP_LAST], p[i].f[CP_FIRST], p[i].org,
		     p[i].last_contact ? ymd_text(r, p[i].last_contact) : T(r, "never"),
		     (long long)count1(r, &st_gd_icount, p[i].id));
		if (manage) {
			const char *name = arena_printf(&r->a, "%s %s", p[i].f[CP_FIRST], p[i].f[CP_LAST]);
			html_raw(r, "<td class=\"review-actions\">");
			form_open(r, arena_printf(&r->a, "%s/retention", person_url(r, p[i].id)), "inline");
			html(r, "<input type=\"hidden\" name=\"action\" value=\"keep\"><label for=\"reason-%lld\">%s</label> "
			        "<input id=\"reason-%lld\" name=\"reason\" required> <button type=\"submit\" aria-label=\"%s\">%s</button>",
			     (long long)p[i].id, T(r, "Reason to keep"), (long long)p[i].id,
			     arena_printf(&r->a, T(r, "Keep %s"), name), T(r, "Keep"));
			form_close(r);
			form_open(r, arena_printf(&r->a, "%s/retention", person_url(r, p[i].id)), "inline");
			html(r, "<input type=\"hidden\" name=\"action\" value=\"anonymise\"><button type=\"submit\" class=\"danger\" "
			        "aria-label=\"%s\">%s</button>",
			     arena_printf(&r->a, T(r, "Anonymise %s"), name), T(r, "Anonymise"));
			form_close(r);
			html_raw(r, "</td>");
		}
		html_raw(r, "</tr>");
	}
	if (shown)
		html_raw(r, "</tbody></table>");
	else
		html(r, "<p>%s</p>", T(r, "Nobody to review."));
	if (nk) {
		html(r, "<h2>%s</h2><table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Kept after the review"), T(r, "Kept after the review"), T(r, "Person"), T(r, "Reason"),
		     T(r, "Decided"), T(r, "Next review"));
		for (size_t i = 0; i < nk; i++)
			html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>%s %s</td><td>%s</td></tr>",
			     person_url(r, krows[i].id), krows[i].name, krows[i].reason, ymd_text(r, krows[i].on), krows[i].user,
			     ymd_text(r, krows[i].until));
		html_raw(r, "</tbody></table>");
	}
	int64_t ne = count1(r, &st_gd_nerased, 0);
	if (ne) {
		html(r, "<h2>%s</h2><p>%s</p><ul class=\"anon-counts\">", T(r, "Anonymised people"),
		     arena_printf(&r->a, TN(r, "%lld person anonymised; their interactions are kept without personal data:",
		                            "%lld people anonymised; their interactions are kept without personal data:", ne),
		                  (long long)ne));
		q = db_q(r->db, &st_gd_counts);
		while (db_step(q) == DB_ROW)
			html(r, "<li><span class=\"ikind\">%s</span>: <span class=\"icount\">%lld</span></li>", db_text(q, 0),
			     (long long)db_int(q, 1));
		db_done(q);
		html_raw(r, "</ul>");
	}
	page_end(r);
	return SK_OK;
}

static sk_rc retention_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct contact_person p;
	sk_rc rc = contact_person_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	if (p.erased_at)
		return SK_ECONFLICT;
	const char *action = req_form(r, "action");
	const char *review = url_fmt(&r->a, "/staff/%s/contacts/review", r->inst->slug);
	if (str_eq(action, "anonymise")) {
		if ((rc = contact_erase_all(r, id)) != SK_OK)
			return rc;
		flash_set(r, T(r, "The person is anonymised; the interaction counts are kept."));
		redirect(r, review);
		return SK_OK;
	}
	if (!str_eq(action, "keep"))
		return SK_EINPUT;
	static const struct field f[] = {{"reason", F_TEXT, true, 500, NULL, 0, 0}};
	struct form_values v;
	if (form_read(r, f, 1, &v) != SK_OK) {
		r->status = 422;
		return review_page(r);
	}
	int today = local_today();
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_gd_keep);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, v.s[0]);
	db_bind_int(q, 4, today);
	db_bind_int(q, 5, plus_year(today));
	db_bind_int(q, 6, r->user->id);
	int64_t kid = 0;
	rc = db_exec_id(q, &kid);
	if (rc == SK_OK)
		/* the reason may name the person: the append-only audit gets the date only */
		rc = audit(r, "contact.retention_keep", "contact_person", id, NULL,
		           json_pack("{s:i}", "review_after", plus_year(today)));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The person is kept; they are reviewed again in a year."));
	redirect(r, review);
	return SK_OK;
}

/* ---- consent records --------------------------------------------------------------- */

static void consents_page(struct req *r, const struct contact_person *p)
{
	const char *name = arena_printf(&r->a, "%s %s", p->f[CP_FIRST], p->f[CP_LAST]);
	const char *title = arena_printf(&r->a, T(r, "Consent records: %s"), name);
	bool manage = req_has_perm(r, "contacts.manage");
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p>", person_url(r, p->id), arena_printf(&r->a, T(r, "← %s"), name));
	html(r, "<h1>%s</h1>", title);
	if (!str_eq(p->f[CP_BASIS], "consent"))
		html(r, "<p class=\"hint\">%s</p>",
		     T(r, "The legal basis of this person's data is not consent; consent records are needed only where it is."));
	field_errors_summary(r);
	dbq *q = db_q(r->db, &st_gd_consents);
	db_bind_int(q, 2, p->id);
	bool any = false;
	while (db_step(q) == DB_ROW) {
		if (!any)
			html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			     T(r, "Consent"), T(r, "Purpose"), T(r, "Text version"), T(r, "Given"), T(r, "Withdrawn"));
		any = true;
		int64_t cid = db_int(q, 0);
		int wd = (int)db_int(q, 4);
		html(r, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>", db_text(q, 1), db_text(q, 2),
		     ymd_text(r, (int)db_int(q, 3)));
		if (wd) {
			html(r, "%s", ymd_text(r, wd));
		} else if (manage) {
			form_open(r, url_fmt(&r->a, "/staff/%s/contacts/%lld/consents/%lld/withdraw", r->inst->slug,
			                     (long long)p->id, (long long)cid),
			          "inline");
			html(r, "<label for=\"wd-%lld\" class=\"visually-hidden\">%s</label><input type=\"date\" id=\"wd-%lld\" "
			        "name=\"withdrawn_on\" value=\"%s\" required> <button type=\"submit\">%s</button>",
			     (long long)cid, T(r, "Withdrawn on"), (long long)cid, ymd_text(r, local_today()),
			     T(r, "Record the withdrawal"));
			form_close(r);
		} else {
			html_raw(r, "—");
		}
		html_raw(r, "</td></tr>");
	}
	db_done(q);
	if (any)
		html_raw(r, "</tbody></table>");
	else
		html(r, "<p>%s</p>", T(r, "No consent recorded."));
	if (manage) {
		html(r, "<h2>%s</h2>", T(r, "Record a consent"));
		form_open(r, url_fmt(&r->a, "/staff/%s/contacts/%lld/consents", r->inst->slug, (long long)p->id), "stack");
		ui_field(r, "purpose", T(r, "Purpose"), "text", "", true, "off", T(r, "e.g. \"Press releases by e-mail\""));
		ui_field(r, "text_version", T(r, "Text version"), "text", "", true, "off",
		         T(r, "The version of the consent text the person agreed to, e.g. \"2026-01\"."));
		ui_field(r, "given_on", T(r, "Given"), "date", ymd_text(r, local_today()), true, "off", NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Record"));
		form_close(r);
	}
	page_end(r);
}

static sk_rc load_person(struct req *r, struct contact_person *p)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = contact_person_get(r, id, p);
	if (rc == SK_OK && p->erased_at)
		return SK_ENOTFOUND;
	return rc;
}

static sk_rc consents_get(struct req *r)
{
	struct contact_person p;
	sk_rc rc = load_person(r, &p);
	if (rc != SK_OK)
		return rc;
	consents_page(r, &p);
	return SK_OK;
}

static sk_rc consents_post(struct req *r)
{
	struct contact_person p;
	sk_rc rc = load_person(r, &p);
	if (rc != SK_OK)
		return rc;
	static const struct field f[] = {{"purpose", F_TEXT, true, 300, NULL, 0, 0},
	                                 {"text_version", F_TEXT, true, 100, NULL, 0, 0},
	                                 {"given_on", F_DATE, true, 0, NULL, 0, 0}};
	struct form_values v;
	if (form_read(r, f, 3, &v) != SK_OK) {
		r->status = 422;
		consents_page(r, &p);
		return SK_OK;
	}
	int given = 0;
	ymd_parse(v.s[2], &given);
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_gd_consent_add);
	db_bind_int(q, 2, p.id);
	db_bind_text(q, 3, v.s[0]);
	db_bind_text(q, 4, v.s[1]);
	db_bind_int(q, 5, given);
	int64_t cid = 0;
	rc = db_exec_id(q, &cid);
	if (rc == SK_OK)
		rc = audit(r, "contact.consent_add", "contact_person", p.id, NULL,
		           json_pack("{s:I, s:s, s:s, s:i}", "consent", (json_int_t)cid, "purpose", v.s[0], "text_version",
		                     v.s[1], "given_on", given));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The consent is recorded."));
	redirect(r, url_fmt(&r->a, "/staff/%s/contacts/%lld/consents", r->inst->slug, (long long)p.id));
	return SK_OK;
}

static sk_rc consent_withdraw(struct req *r)
{
	struct contact_person p;
	sk_rc rc = load_person(r, &p);
	if (rc != SK_OK)
		return rc;
	int64_t cid;
	if (!req_id(r, "cid", &cid))
		return SK_ENOTFOUND;
	int wd = 0;
	if (!ymd_parse(req_form(r, "withdrawn_on") ? req_form(r, "withdrawn_on") : "", &wd)) {
		req_field_error(r, "withdrawn_on", T(r, "Enter the date of the withdrawal."));
		r->status = 422;
		consents_page(r, &p);
		return SK_OK;
	}
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_gd_consent_withdraw);
	db_bind_int(q, 2, p.id);
	db_bind_int(q, 3, cid);
	db_bind_int(q, 4, wd);
	int64_t got = 0;
	rc = db_exec_id(q, &got);
	if (rc == SK_ENOTFOUND)
		rc = SK_EINPUT; /* withdrawn already, before it was given, or not this person's */
	if (rc == SK_OK)
		rc = audit(r, "contact.consent_withdraw", "contact_person", p.id, NULL,
		           json_pack("{s:I, s:i}", "consent", (json_int_t)cid, "withdrawn_on", wd));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The withdrawal is recorded."));
	redirect(r, url_fmt(&r->a, "/staff/%s/contacts/%lld/consents", r->inst->slug, (long long)p.id));
	return SK_OK;
}

/* ---- export of everything about one person ----------------------------------------- */

struct xsection {
	const char *name;
	struct stmt *st;
	const char *cols[8];
};

SK_STMT_SCOPED(st_gx_person,
               "SELECT CAST(created_at AS TEXT), CAST(updated_at AS TEXT), CAST(erased_at AS TEXT) FROM contact_people "
               "WHERE institution_id = $1 AND id = $2");
SK_STMT_SCOPED(st_gx_positions,
               "SELECT o.name, ps.title, CAST(ps.from_date AS TEXT), CAST(ps.to_date AS TEXT) FROM contact_positions ps "
               "JOIN contact_orgs o ON o.id = ps.org_id WHERE ps.institution_id = $1 AND ps.person_id = $2 ORDER BY ps.id");
SK_STMT_SCOPED(st_gx_lists,
               "SELECT l.name FROM contact_list_members m JOIN contact_lists l ON l.id = m.list_id "
               "WHERE l.institution_id = $1 AND m.person_id = $2 ORDER BY l.id");
SK_STMT_SCOPED(st_gx_consents,
               "SELECT purpose, text_version, CAST(given_on AS TEXT), CAST(withdrawn_on AS TEXT) FROM contact_consents "
               "WHERE institution_id = $1 AND person_id = $2 ORDER BY id");
SK_STMT_SCOPED(st_gx_keeps,
               "SELECT reason, CAST(kept_on AS TEXT), CAST(review_after AS TEXT) FROM contact_retention_keeps "
               "WHERE institution_id = $1 AND person_id = $2 ORDER BY id");
SK_STMT_SCOPED(st_gx_visits,
               "SELECT CAST(v.visit_date AS TEXT), v.purpose, v.status, v.outcome FROM media_visit_people m "
               "JOIN media_visits v ON v.id = m.visit_id WHERE v.institution_id = $1 AND m.person_id = $2 ORDER BY v.id");
SK_STMT_SCOPED(st_gx_press,
               "SELECT c.title, CAST(c.on_date AS TEXT), CAST(i.excluded AS TEXT), CAST(i.registered AS TEXT), "
               "CAST(i.attended AS TEXT) FROM press_conference_invitees i JOIN press_conferences c ON c.id = i.conf_id "
               "WHERE c.institution_id = $1 AND i.person_id = $2 ORDER BY c.id");
SK_STMT_SCOPED(st_gx_ireqs,
               "SELECT regime, CAST(received AS TEXT), CAST(due AS TEXT), subject, answer, CAST(answered_on AS TEXT) "
               "FROM info_requests WHERE institution_id = $1 AND person_id = $2 ORDER BY id");
SK_STMT_SCOPED(st_gx_dsr,
               "SELECT kind, CAST(received AS TEXT), CAST(due AS TEXT), status, notes FROM contact_dsr "
               "WHERE institution_id = $1 AND person_id = $2 ORDER BY id");

static const struct xsection xsections[] = {
	{"positions", &st_gx_positions, {"organisation", "title", "from_date", "to_date"}},
	{"lists", &st_gx_lists, {"list"}},
	{"consents", &st_gx_consents, {"purpose", "text_version", "given_on", "withdrawn_on"}},
	{"retention_decisions", &st_gx_keeps, {"reason", "kept_on", "review_after"}},
	{"media_visits", &st_gx_visits, {"visit_date", "purpose", "status", "outcome"}},
	{"press_conferences", &st_gx_press, {"title", "date", "excluded_do_not_contact", "registered", "attended"}},
	{"information_requests", &st_gx_ireqs, {"regime", "received", "due", "subject", "answer", "answered_on"}},
	{"data_subject_requests", &st_gx_dsr, {"kind", "received", "due", "status", "notes"}},
};

void contact_export_more(struct req *r, int64_t id, json_t *j)
{
	dbq *q = db_q(r->db, &st_gx_person);
	db_bind_int(q, 2, id);
	if (db_step(q) == DB_ROW) {
		json_object_set_new(j, "created_at", json_string(db_text(q, 0)));
		json_object_set_new(j, "updated_at", json_string(db_text(q, 1)));
		json_object_set_new(j, "erased_at", json_string(db_text(q, 2)));
	}
	db_done(q);
	for (size_t s = 0; s < SK_ARRAY_LEN(xsections); s++) {
		json_t *arr = json_array();
		q = db_q(r->db, xsections[s].st);
		db_bind_int(q, 2, id);
		while (db_step(q) == DB_ROW) {
			json_t *o = json_object();
			for (int c = 0; c < 8 && xsections[s].cols[c]; c++)
				json_object_set_new(o, xsections[s].cols[c], json_string(db_text(q, c)));
			json_array_append_new(arr, o);
		}
		db_done(q);
		json_object_set_new(j, xsections[s].name, arr);
	}
}

void contact_export_more_csv(struct req *r, int64_t id, buf *b)
{
	for (size_t s = 0; s < SK_ARRAY_LEN(xsections); s++) {
		dbq *q = db_q(r->db, xsections[s].st);
		db_bind_int(q, 2, id);
		bool head = false;
		while (db_step(q) == DB_ROW) {
			if (!head) {
				buf_puts(b, "\r\n");
				csv_cell(b, "section", true);
				for (int c = 0; c < 8 && xsections[s].cols[c]; c++)
					csv_cell(b, xsections[s].cols[c], false);
				buf_puts(b, "\r\n");
				head = true;
			}
			csv_cell(b, xsections[s].name, true);
			for (int c = 0; c < 8 && xsections[s].cols[c]; c++)
				csv_cell(b, db_text(q, c), false);
			buf_puts(b, "\r\n");
		}
		db_done(q);
	}
}

SK_ROUTES(contacts_gdpr,
          {"GET", "/staff/{inst}/contacts/review", review_page, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/{id}/retention", retention_post, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts/{id}/consents", consents_get, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/{id}/consents", consents_post, "contacts.manage", 0},
          {"POST", "/staff/{inst}/contacts/{id}/consents/{cid}/withdraw", consent_withdraw, "contacts.manage", 0});

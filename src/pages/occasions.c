/*
 * occasions.c -- the "Progos ir renginiai" register pages (REQUIREMENTS
 * C16, §6 S1-S3) on top of src/model/occasion.c:
 *
 *   /staff/{inst}/occasions            the occurrences of a year (or one
 *                                      month) as an agenda grouped by month,
 *                                      with filters; the proposals queue and
 *                                      the institution's own rules for
 *                                      occasions.manage
 *   /staff/{inst}/occasions/new        add a rule (occasions.manage: active)
 *                                      or propose one (occasions.propose:
 *                                      status proposed)
 *   POST .../occasions/{id}/accept|reject|retire   (occasions.manage, audited)
 *   /staff/{inst}/occasions/feed       the user's private ICS link; issue a
 *                                      new one or revoke it
 *   /{inst}/occasions.ics              public ICS feed (public occasions)
 *   /{inst}/occasions/private/{token}.ics   private feed (internal ones too)
 *
 * Shared (national) rules are read-only here: accept/reject/retire only
 * ever touch rules whose institution_id is the request's institution.
 * ICS is built with libical so that escaping and line folding are right.
 */
#include "layout.h"
#include "../model/model.h"
#include "../model/occasion.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- statements ---- */

SK_STMT_SCOPED(st_occp_proposals,
               "SELECT o.id, o.title_lt, o.kind, o.rule, COALESCE(o.month, 0), COALESCE(o.day, 0), "
               "COALESCE(o.on_date, 0), o.notes, COALESCE(u.name, ''), o.created_at "
               "FROM occasion_rules o LEFT JOIN users u ON u.id = o.created_by "
               "WHERE o.institution_id = $1 AND o.status = 'proposed' ORDER BY o.created_at, o.id");
SK_STMT_SCOPED(st_occp_own,
               "SELECT id, title_lt, kind, rule, status, lead_days, is_public FROM occasion_rules "
               "WHERE institution_id = $1 AND status IN ('active', 'to_verify') ORDER BY title_lt, id");
SK_STMT_SCOPED(st_occp_get,
               "SELECT id, title_lt, status FROM occasion_rules WHERE institution_id = $1 AND id = $2");
SK_STMT(st_occp_set_creator, STMT_WRITE,
        "UPDATE occasion_rules SET created_by = $2, updated_by = $2 WHERE id = $1");
SK_STMT(st_occp_set_updater, STMT_WRITE,
        "UPDATE occasion_rules SET updated_by = $2 WHERE id = $1");
SK_STMT(st_occp_tok_revoke, STMT_WRITE,
        "UPDATE occasion_feed_tokens SET revoked_at = $3 "
        "WHERE user_id = $1 AND institution_id = $2 AND revoked_at = 0");
SK_STMT(st_occp_tok_insert, STMT_WRITE,
        "INSERT INTO occasion_feed_tokens(user_id, institution_id, token_hash, created_at) "
        "VALUES ($1, $2, $3, $4) RETURNING id");
SK_STMT(st_occp_tok_has, 0,
        "SELECT created_at FROM occasion_feed_tokens "
        "WHERE user_id = $1 AND institution_id = $2 AND revoked_at = 0 ORDER BY id DESC LIMIT 1");
/* A live token of a still-active member of the institution. */
SK_STMT(st_occp_tok_find, 0,
        "SELECT t.id FROM occasion_feed_tokens t JOIN users u ON u.id = t.user_id "
        "JOIN memberships m ON m.user_id = t.user_id AND m.institution_id = t.institution_id "
        "WHERE t.token_hash = $1 AND t.institution_id = $2 AND t.revoked_at = 0 AND u.disabled = 0");

/* ---- labels ---- */

static const char *kind_label(struct req *r, const char *kind)
{
	if (str_eq(kind, "public_holiday"))
		return T(r, "Public holiday");
	if (str_eq(kind, "commemorative_day"))
		return T(r, "Commemorative day");
	if (str_eq(kind, "library_occasion"))
		return T(r, "Library occasion");
	if (str_eq(kind, "anniversary"))
		return T(r, "Anniversary");
	if (str_eq(kind, "commemorative_year"))
		return T(r, "Commemorative year");
	if (str_eq(kind, "custom"))
		return T(r, "Institution's occasion");
	return kind;
}

static const char *kind_label_lt(const char *kind)
{
	return tr(LANG_LT, str_eq(kind, "public_holiday")      ? "Public holiday"
	                   : str_eq(kind, "commemorative_day")  ? "Commemorative day"
	                   : str_eq(kind, "library_occasion")   ? "Library occasion"
	                   : str_eq(kind, "anniversary")        ? "Anniversary"
	                   : str_eq(kind, "commemorative_year") ? "Commemorative year"
	                                                        : "Institution's occasion");
}

static const char *occ_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/occasions", r->inst->slug); }

static const char *ymd_str(struct req *r, int ymd)
{
	char b[11];
	ymd_format(ymd, b);
	return arena_strdup(&r->a, b);
}

/* ---- the register ---- */

static int int_query(struct req *r, const char *name, int lo, int hi, int dflt)
{
	int64_t v;
	const char *s = req_query(r, name);
	if (!s || !*s)
		return dflt;
	if (!parse_i64(s, &v) || v < lo || v > hi) {
		req_field_error(r, name, T(r, "Choose a value from the list."));
		return dflt;
	}
	return (int)v;
}

static void filters_form(struct req *r, int year, int month, const char *kind, bool internal)
{
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\">", occ_url(r));
	const char *yv[6], *yl[6];
	int ty = ymd_year(local_today());
	for (int i = 0; i < 6; i++) {
		yv[i] = yl[i] = arena_printf(&r->a, "%d", ty - 2 + i);
	}
	ui_select(r, "year", T(r, "Year"), yv, yl, 6, arena_printf(&r->a, "%d", year), false, NULL);
	const char *mv[13], *ml[13];
	mv[0] = "";
	ml[0] = T(r, "All months");
	for (int i = 1; i <= 12; i++) {
		mv[i] = arena_printf(&r->a, "%d", i);
		ml[i] = month_name(r->lang, i - 1);
	}
	ui_select(r, "month", T(r, "Month"), mv, ml, 13, month ? arena_printf(&r->a, "%d", month) : "", false, NULL);
	const char *kv[8], *kl[8];
	size_t nk = 0;
	kv[nk] = "";
	kl[nk++] = T(r, "All kinds");
	for (size_t i = 0; occ_kinds[i] && nk < 8; i++) {
		kv[nk] = occ_kinds[i];
		kl[nk++] = kind_label(r, occ_kinds[i]);
	}
	ui_select(r, "kind", T(r, "Kind"), kv, kl, nk, kind ? kind : "", false, NULL);
	ui_checkbox(r, "internal", T(r, "Include internal occasions"), internal, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Show"));
}

static void proposals_section(struct req *r)
{
	dbq *q = db_q(r->db, &st_occp_proposals);
	bool any = false;
	while (db_step(q) == DB_ROW) {
		if (!any) {
			html(r, "<section aria-labelledby=\"h-prop\"><h2 id=\"h-prop\">%s</h2>", T(r, "Proposals"));
			html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			     T(r, "Title"), T(r, "Kind"), T(r, "When"), T(r, "Proposed by"), T(r, "Decision"));
			any = true;
		}
		int64_t id = db_int(q, 0);
		const char *when;
		if (str_eq(db_text(q, 3), "date"))
			when = ymd_str(r, (int)db_int(q, 6));
		else if (str_eq(db_text(q, 3), "fixed"))
			when = arena_printf(&r->a, "%02d-%02d", (int)db_int(q, 4), (int)db_int(q, 5));
		else
			when = "—";
		html(r, "<tr><td>%s", db_text(q, 1));
		if (*db_text(q, 7))
			html(r, "<br><span class=\"muted\">%s</span>", db_text(q, 7));
		html(r, "</td><td>%s</td><td>%s</td><td>%s</td><td>", kind_label(r, db_text(q, 2)), when,
		     *db_text(q, 8) ? db_text(q, 8) : "—");
		const char *base = url_fmt(&r->a, "/staff/%s/occasions/%lld", r->inst->slug, (long long)id);
		form_open(r, arena_printf(&r->a, "%s/accept", base), "inline");
		html(r, "<button type=\"submit\" aria-label=\"%s\">%s</button>",
		     arena_printf(&r->a, "%s: %s", T(r, "Accept"), db_text(q, 1)), T(r, "Accept"));
		form_close(r);
		html(r, " ");
		form_open(r, arena_printf(&r->a, "%s/reject", base), "inline");
		html(r, "<button type=\"submit\" class=\"secondary\" aria-label=\"%s\">%s</button>",
		     arena_printf(&r->a, "%s: %s", T(r, "Reject"), db_text(q, 1)), T(r, "Reject"));
		form_close(r);
		html(r, "</td></tr>");
	}
	db_done(q);
	if (any)
		html(r, "</tbody></table></section>");
}

static void own_rules_section(struct req *r)
{
	dbq *q = db_q(r->db, &st_occp_own);
	bool any = false;
	while (db_step(q) == DB_ROW) {
		if (!any) {
			html(r, "<section aria-labelledby=\"h-own\"><h2 id=\"h-own\">%s</h2>",
			     T(r, "The institution's own occasions"));
			html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			     T(r, "Title"), T(r, "Kind"), T(r, "Visibility"), T(r, "Actions"));
			any = true;
		}
		int64_t id = db_int(q, 0);
		html(r, "<tr><td>%s</td><td>%s</td><td>%s</td><td>", db_text(q, 1), kind_label(r, db_text(q, 2)),
		     db_int(q, 6) ? T(r, "Public") : T(r, "Internal"));
		html(r, "<a href=\"%s\" aria-label=\"%s\">%s</a> ",
		     url_fmt(&r->a, "/staff/%s/occasions/%lld/edit", r->inst->slug, (long long)id),
		     arena_printf(&r->a, "%s: %s", T(r, "Edit"), db_text(q, 1)), T(r, "Edit"));
		form_open(r, url_fmt(&r->a, "/staff/%s/occasions/%lld/retire", r->inst->slug, (long long)id), "inline");
		html(r, "<button type=\"submit\" class=\"secondary\" aria-label=\"%s\">%s</button>",
		     arena_printf(&r->a, "%s: %s", T(r, "Retire"), db_text(q, 1)), T(r, "Retire"));
		form_close(r);
		html(r, "</td></tr>");
	}
	db_done(q);
	if (any)
		html(r, "</tbody></table></section>");
}

static sk_rc occ_register(struct req *r)
{
	int today = local_today();
	int year = int_query(r, "year", 1900, 2200, ymd_year(today));
	int month = int_query(r, "month", 1, 12, 0);
	const char *kind = req_query(r, "kind");
	if (kind && *kind && !occ_kind_valid(kind)) {
		req_field_error(r, "kind", T(r, "Choose a value from the list."));
		kind = NULL;
	}
	if (kind && !*kind)
		kind = NULL;
	const char *iv = req_query(r, "internal");
	bool internal = !req_query(r, "year") || (iv && *iv);
	int from = month ? ymd_make(year, month, 1) : ymd_make(year, 1, 1);
	int to = month ? ymd_make(year, month, ymd_days_in_month(year, month)) : ymd_make(year, 12, 31);
	struct occurrence *v;
	size_t n;
	sk_rc rc = occ_between(r->db, &r->a, r->inst->id, from, to, &v, &n);
	if (rc != SK_OK)
		return rc;

	page_begin(r, PAGE_STAFF, T(r, "Occasions and events"));
	html(r, "<h1>%s</h1>", T(r, "Occasions and events"));
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "Public holidays, commemorative days, library occasions and the institution's own dates. The shared national dates are maintained centrally and cannot be changed here."));
	html(r, "<p class=\"actions\">");
	if (req_has_perm(r, "occasions.manage"))
		html(r, "<a class=\"button\" href=\"%s/new\">%s</a> <a href=\"%s/import\">%s</a> · ", occ_url(r),
		     T(r, "Add an occasion"), occ_url(r), T(r, "Import from CSV"));
	else if (req_has_perm(r, "occasions.propose"))
		html(r, "<a class=\"button\" href=\"%s/new\">%s</a> ", occ_url(r), T(r, "Propose an occasion"));
	html(r, "<a href=\"%s/feed\">%s</a> · <a href=\"%s\">%s</a></p>", occ_url(r), T(r, "Calendar feed (ICS)"),
	     url_fmt(&r->a, "/%s/occasions.ics", r->inst->slug), T(r, "Public calendar feed"));
	field_errors_summary(r);
	filters_form(r, year, month, kind, internal);

	if (req_has_perm(r, "occasions.manage"))
		proposals_section(r);

	html(r, "<section aria-labelledby=\"h-agenda\"><h2 id=\"h-agenda\">%s</h2>",
	     month ? arena_printf(&r->a, "%d, %s", year, month_name(r->lang, month - 1)) : arena_printf(&r->a, "%d", year));
	int cur_m = 0;
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		const struct occurrence *o = &v[i];
		if (kind && !str_eq(o->kind, kind))
			continue;
		if (!internal && !o->is_public)
			continue;
		/* one that began before the period is listed under its first month */
		int m = ymd_make(o->y, o->m, o->d) < from ? ymd_month(from) : o->m;
		if (m != cur_m) {
			if (cur_m)
				html(r, "</ul>");
			html(r, "<h3>%s</h3><ul class=\"agenda\">", month_name(r->lang, m - 1));
			cur_m = m;
		}
		int s = ymd_make(o->y, o->m, o->d), e = ymd_make(o->end_y, o->end_m, o->end_d);
		html(r, "<li><span class=\"date\">%s", ymd_str(r, s));
		if (e != s)
			html(r, " – %s", ymd_str(r, e));
		html(r, "</span> <span class=\"muted\">%s</span> <strong>%s</strong>", weekday_name(r->lang, ymd_weekday(s) - 1),
		     r->lang == LANG_EN && *o->title_en ? o->title_en : o->title);
		if (o->label_lt)
			html(r, " – %s", r->lang == LANG_EN ? o->label_en : o->label_lt);
		html(r, " <span class=\"tag\">%s</span>", kind_label(r, o->kind));
		if (o->non_working)
			html(r, " <span class=\"tag\">%s</span>", T(r, "non-working day"));
		if (!o->is_public)
			html(r, " <span class=\"tag\">%s</span>", T(r, "internal"));
		if (o->approx)
			html(r, " <span class=\"muted\">%s</span>", T(r, "(approximate dates)"));
		if (o->lead_days > 0)
			html(r, " <span class=\"muted\">%s</span>",
			     arena_printf(&r->a, TN(r, "prepare %d day ahead", "prepare %d days ahead", o->lead_days),
			                  o->lead_days));
		html(r, "</li>");
		shown++;
	}
	if (cur_m)
		html(r, "</ul>");
	if (!shown)
		html(r, "<p>%s</p>", T(r, "No occasions match the filters."));
	html(r, "</section>");
	if (req_has_perm(r, "occasions.manage"))
		own_rules_section(r);
	page_end(r);
	return SK_OK;
}

/* ---- add / propose ---- */

static const char *const rule_choices[] = {"fixed", "nth_weekday", "last_weekday", "easter", "range", "date", NULL};

enum { NF_TITLE, NF_KIND, NF_RULE, NF_MONTH, NF_DAY, NF_WEEKDAY, NF_NTH, NF_OFFSET, NF_EMONTH, NF_EDAY, NF_DATE,
       NF_EDATE, NF_LEAD, NF_PUBLIC, NF_NOTES, NF_BASE, NF_ALABEL, NF_AEVERY, NF__N };

static const struct field new_fields[NF__N] = {
	[NF_TITLE] = {"title_lt", F_TEXT, true, 200, NULL, 0, 0},
	[NF_KIND] = {"kind", F_ENUM, true, 0, NULL, 0, 0}, /* choices set at run time (occ_kinds) */
	[NF_RULE] = {"rule", F_ENUM, true, 0, rule_choices, 0, 0},
	[NF_MONTH] = {"month", F_INT, false, 0, NULL, 1, 12},
	[NF_DAY] = {"day", F_INT, false, 0, NULL, 1, 31},
	[NF_WEEKDAY] = {"weekday", F_INT, false, 0, NULL, 1, 7},
	[NF_NTH] = {"nth", F_INT, false, 0, NULL, 1, 5},
	[NF_OFFSET] = {"easter_offset", F_INT, false, 0, NULL, -200, 200},
	[NF_EMONTH] = {"end_month", F_INT, false, 0, NULL, 1, 12},
	[NF_EDAY] = {"end_day", F_INT, false, 0, NULL, 1, 31},
	[NF_DATE] = {"on_date", F_DATE, false, 0, NULL, 0, 0},
	[NF_EDATE] = {"end_date", F_DATE, false, 0, NULL, 0, 0},
	[NF_LEAD] = {"lead_days", F_INT, false, 0, NULL, 0, 366},
	[NF_PUBLIC] = {"is_public", F_BOOL, false, 0, NULL, 0, 0},
	[NF_NOTES] = {"notes", F_TEXTAREA, false, 2000, NULL, 0, 0},
	[NF_BASE] = {"base_year", F_INT, false, 0, NULL, 1000, 2100},
	[NF_ALABEL] = {"anniv_label", F_ENUM, false, 0, NULL, 0, 0}, /* choices: occ_anniv_labels */
	[NF_AEVERY] = {"anniv_every", F_INT, false, 0, NULL, 1, 100},
};

static const char *anniv_label_name(struct req *r, const char *code)
{
	return str_eq(code, "birth")      ? T(r, "Birth anniversary")
	       : str_eq(code, "death")    ? T(r, "Death anniversary")
	       : str_eq(code, "founding") ? T(r, "Founding anniversary")
	                                  : T(r, "Anniversary of an event");
}

static void new_form(struct req *r, const struct form_values *v, int64_t edit_id)
{
	bool manage = req_has_perm(r, "occasions.manage");
	const char *title = edit_id ? T(r, "Edit the occasion") : manage ? T(r, "Add an occasion") : T(r, "Propose an occasion");
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p>", occ_url(r), T(r, "← Occasions and events"));
	html(r, "<div class=\"narrow\"><h1>%s</h1>", title);
	if (!manage)
		html(r, "<p class=\"lead\">%s</p>",
		     T(r, "Your proposal goes to the communication coordinator, who accepts or rejects it."));
	field_errors_summary(r);
	form_open(r, edit_id ? url_fmt(&r->a, "/staff/%s/occasions/%lld/edit", r->inst->slug, (long long)edit_id)
	                     : arena_printf(&r->a, "%s/new", occ_url(r)),
	          "stack");
	ui_field(r, "title_lt", T(r, "Title"), "text", v ? v->s[NF_TITLE] : "", true, "off", NULL);
	const char *kv[8], *kl[8];
	size_t nk = 0;
	for (size_t i = 0; occ_kinds[i] && nk < 8; i++) {
		kv[nk] = occ_kinds[i];
		kl[nk++] = kind_label(r, occ_kinds[i]);
	}
	ui_select(r, "kind", T(r, "Kind"), kv, kl, nk, v ? v->s[NF_KIND] : "custom", true, NULL);
	const char *rl[6] = {T(r, "Every year on a date"), T(r, "The n-th weekday of a month"),
	                     T(r, "The last weekday of a month"), T(r, "Days from Easter"),
	                     T(r, "Every year, a date range"), T(r, "Once, on a date")};
	ui_select(r, "rule", T(r, "Recurrence"), rule_choices, rl, 6, v ? v->s[NF_RULE] : "date", true, NULL);
	ui_field(r, "on_date", T(r, "Date"), "date", v ? v->s[NF_DATE] : "", false, "off",
	         T(r, "For a one-off occasion: YYYY-MM-DD."));
	ui_field(r, "end_date", T(r, "End date"), "date", v ? v->s[NF_EDATE] : "", false, "off",
	         T(r, "Only for a one-off occasion lasting several days."));
	ui_field(r, "month", T(r, "Month (1–12)"), "number", v ? v->s[NF_MONTH] : "", false, "off",
	         T(r, "For yearly occasions."));
	ui_field(r, "day", T(r, "Day of the month"), "number", v ? v->s[NF_DAY] : "", false, "off", NULL);
	ui_field(r, "weekday", T(r, "Weekday (1 = Monday … 7 = Sunday)"), "number", v ? v->s[NF_WEEKDAY] : "", false,
	         "off", NULL);
	ui_field(r, "nth", T(r, "Which one in the month (1–5)"), "number", v ? v->s[NF_NTH] : "", false, "off", NULL);
	ui_field(r, "easter_offset", T(r, "Days from Easter Sunday"), "number", v ? v->s[NF_OFFSET] : "", false, "off",
	         NULL);
	ui_field(r, "end_month", T(r, "End month"), "number", v ? v->s[NF_EMONTH] : "", false, "off",
	         T(r, "For a yearly date range."));
	ui_field(r, "end_day", T(r, "End day"), "number", v ? v->s[NF_EDAY] : "", false, "off", NULL);
	ui_field(r, "lead_days", T(r, "Lead time in days"), "number", v ? v->s[NF_LEAD] : "0", false, "off",
	         T(r, "How many days ahead preparation starts; a reminder task is created then."));
	ui_checkbox(r, "is_public", T(r, "Public (shown in the public calendar)"), v ? v->i[NF_PUBLIC] != 0 : true,
	            NULL);
	/* anniversaries of a person or an institution: a yearly date (month
	 * and day) and the year it counts from; "130-osios gimimo metinės"
	 * is computed for each year that is a multiple of the interval */
	html(r, "<fieldset class=\"anniv\"><legend>%s</legend>", T(r, "Anniversary (only for the kind Anniversary)"));
	ui_field(r, "base_year", T(r, "Base year"), "number", v ? v->s[NF_BASE] : "", false, "off",
	         T(r, "The year of the birth, death, founding or event; with the month and day above."));
	const char *al[8];
	size_t na = 0;
	for (; occ_anniv_labels[na] && na < 7; na++)
		al[na] = anniv_label_name(r, occ_anniv_labels[na]);
	ui_select(r, "anniv_label", T(r, "Kind of anniversary"), occ_anniv_labels, al, na,
	          v && *v->s[NF_ALABEL] ? v->s[NF_ALABEL] : "birth", false, NULL);
	ui_field(r, "anniv_every", T(r, "Every how many years"), "number", v && *v->s[NF_AEVERY] ? v->s[NF_AEVERY] : "5",
	         false, "off", T(r, "5: the 5th, 10th, 15th … anniversaries are shown."));
	html(r, "</fieldset>");
	ui_textarea(r, "notes", T(r, "Notes"), v ? v->s[NF_NOTES] : "", 3, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></div>",
	     manage ? T(r, "Save") : T(r, "Send the proposal"), occ_url(r), T(r, "Cancel"));
	form_close(r);
	html(r, "</div>");
	page_end(r);
}

static sk_rc occ_new(struct req *r)
{
	new_form(r, NULL, 0);
	return SK_OK;
}

/* The field and the translated message for a validator problem (the
 * model's messages are English only). */
static const char *problem_field(struct req *r, enum occ_rule_type t, const char *p, const char **msg)
{
	if (strstr(p, "weekday")) {
		*msg = T(r, "Enter a weekday from 1 (Monday) to 7 (Sunday).");
		return "weekday";
	}
	if (strstr(p, "Easter")) {
		*msg = T(r, "Enter a number of days from -200 to 200.");
		return "easter_offset";
	}
	if (strstr(p, "n must")) {
		*msg = T(r, "Enter a number from 1 to 5.");
		return "nth";
	}
	if (strstr(p, "lead time")) {
		*msg = T(r, "Enter a number of days from 0 to 366.");
		return "lead_days";
	}
	if (strstr(p, "end")) {
		*msg = t == OCC_DATE ? T(r, "The end date must not be before the start.") : T(r, "There is no such end month and day.");
		return t == OCC_DATE ? "end_date" : "end_day";
	}
	if (t == OCC_DATE) {
		*msg = T(r, "Enter an existing date as YYYY-MM-DD.");
		return "on_date";
	}
	if (strstr(p, "title")) {
		*msg = T(r, "Enter a title.");
		return "title_lt";
	}
	if (strstr(p, "month must")) {
		*msg = T(r, "Enter a month from 1 to 12.");
		return "month";
	}
	*msg = T(r, "There is no such month and day.");
	return "day";
}

/* Reads and validates the rule form into o (strings from the request). */
static sk_rc read_rule(struct req *r, struct form_values *vp, struct occ_rule *op)
{
	struct form_values v;
	struct occ_rule o = {0};
	struct field f[NF__N];
	memcpy(f, new_fields, sizeof f);
	f[NF_KIND].choices = occ_kinds;
	f[NF_ALABEL].choices = occ_anniv_labels;
	sk_rc rc = form_read(r, f, NF__N, &v);
	bool manage = req_has_perm(r, "occasions.manage");
	o.institution_id = r->inst->id;
	o.kind = v.s[NF_KIND];
	o.title_lt = v.s[NF_TITLE];
	o.title_en = "";
	bool anniv = str_eq(o.kind, "anniversary");
	o.anniv_label = anniv && *v.s[NF_ALABEL] ? v.s[NF_ALABEL] : "";
	o.anniv_every = anniv && v.i[NF_AEVERY] > 0 ? (int)v.i[NF_AEVERY] : 5;
	o.anniv_min = o.anniv_every;
	o.base_year = anniv ? (int)v.i[NF_BASE] : 0;
	o.is_public = v.i[NF_PUBLIC] != 0;
	o.lead_days = (int)v.i[NF_LEAD];
	o.notes = v.s[NF_NOTES];
	o.status = manage ? "active" : "proposed";
	if (rc == SK_OK) {
		if (!occ_rule_type_parse(v.s[NF_RULE], &o.type)) {
			req_field_error(r, "rule", T(r, "Choose a value from the list."));
			rc = SK_EINPUT;
		} else if (anniv && o.base_year <= 0) {
			req_field_error(r, "base_year", T(r, "Enter the year the anniversary counts from."));
			rc = SK_EINPUT;
		} else if (anniv && o.type != OCC_FIXED) {
			req_field_error(r, "rule", T(r, "An anniversary repeats every year on a fixed date: choose that."));
			rc = SK_EINPUT;
		}
	}
	if (rc == SK_OK) {
		o.month = (int)v.i[NF_MONTH];
		o.day = (int)v.i[NF_DAY];
		o.weekday = (int)v.i[NF_WEEKDAY];
		o.nth = (int)v.i[NF_NTH];
		o.easter_offset = (int)v.i[NF_OFFSET];
		o.end_month = (int)v.i[NF_EMONTH];
		o.end_day = (int)v.i[NF_EDAY];
		if (*v.s[NF_DATE])
			ymd_parse(v.s[NF_DATE], &o.on_date);
		if (*v.s[NF_EDATE])
			ymd_parse(v.s[NF_EDATE], &o.end_date);
		const char *p = occ_rule_problem(&o);
		if (p) {
			const char *msg;
			const char *fld = problem_field(r, o.type, p, &msg);
			req_field_error(r, fld, msg);
			rc = SK_EINPUT;
		}
	}
	*vp = v;
	*op = o;
	return rc;
}

static sk_rc occ_create_post(struct req *r)
{
	struct form_values v;
	struct occ_rule o;
	bool manage = req_has_perm(r, "occasions.manage");
	sk_rc rc = read_rule(r, &v, &o);
	if (rc == SK_EINPUT) {
		new_form(r, &v, 0);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	int64_t id = 0;
	const char *problem = NULL;
	rc = occ_rule_insert(r->db, &o, &id, &problem);
	if (rc == SK_OK) {
		dbq *q = db_q(r->db, &st_occp_set_creator);
		db_bind_int(q, 1, id);
		db_bind_int(q, 2, r->user->id);
		rc = db_exec(q);
	}
	if (rc == SK_OK)
		rc = audit(r, manage ? "occasion_created" : "occasion_proposed", "occasion", id, NULL,
		           json_pack("{s:s,s:s,s:s}", "title_lt", o.title_lt, "kind", o.kind, "status", o.status));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, manage ? N_("The occasion was added.") : N_("Thank you, the proposal was sent to the coordinator."));
	redirect(r, occ_url(r));
	return SK_OK;
}

/* ---- edit (the institution's own rules only) ---- */

static sk_rc occ_edit(struct req *r)
{
	int64_t id;
	struct occ_rule o;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = occ_rule_get(r->db, &r->a, r->inst->id, id, &o);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	memset(&v, 0, sizeof v);
	for (int i = 0; i < NF__N; i++)
		v.s[i] = "";
	char d1[11] = "", d2[11] = "";
	if (o.on_date)
		ymd_format(o.on_date, d1);
	if (o.end_date)
		ymd_format(o.end_date, d2);
	v.s[NF_TITLE] = o.title_lt;
	v.s[NF_KIND] = o.kind;
	v.s[NF_RULE] = occ_rule_type_name(o.type);
#define NUM(f, x) v.s[f] = (x) ? arena_printf(&r->a, "%d", (x)) : ""
	NUM(NF_MONTH, o.month);
	NUM(NF_DAY, o.day);
	NUM(NF_WEEKDAY, o.weekday);
	NUM(NF_NTH, o.nth);
	NUM(NF_OFFSET, o.easter_offset);
	NUM(NF_EMONTH, o.end_month);
	NUM(NF_EDAY, o.end_day);
#undef NUM
	v.s[NF_LEAD] = arena_printf(&r->a, "%d", o.lead_days);
	v.s[NF_DATE] = arena_strdup(&r->a, d1);
	v.s[NF_EDATE] = arena_strdup(&r->a, d2);
	v.s[NF_NOTES] = o.notes;
	v.i[NF_PUBLIC] = o.is_public;
	v.s[NF_BASE] = o.base_year ? arena_printf(&r->a, "%d", o.base_year) : "";
	v.s[NF_ALABEL] = o.anniv_label ? o.anniv_label : "";
	v.s[NF_AEVERY] = arena_printf(&r->a, "%d", o.anniv_every > 0 ? o.anniv_every : 5);
	new_form(r, &v, id);
	return SK_OK;
}

static sk_rc occ_edit_post(struct req *r)
{
	int64_t id;
	struct occ_rule old;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = occ_rule_get(r->db, &r->a, r->inst->id, id, &old);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	struct occ_rule o;
	rc = read_rule(r, &v, &o);
	if (rc == SK_EINPUT) {
		new_form(r, &v, id);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	o.id = id;
	o.status = old.status;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	rc = occ_rule_update(r->db, &o, NULL);
	if (rc == SK_OK) {
		dbq *q = db_q(r->db, &st_occp_set_updater);
		db_bind_int(q, 1, id);
		db_bind_int(q, 2, r->user->id);
		rc = db_exec(q);
	}
	if (rc == SK_OK)
		rc = audit(r, "occasion_updated", "occasion", id,
		           json_pack("{s:s,s:s,s:i}", "title_lt", old.title_lt, "kind", old.kind, "lead_days", old.lead_days),
		           json_pack("{s:s,s:s,s:i}", "title_lt", o.title_lt, "kind", o.kind, "lead_days", o.lead_days));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, N_("The changes were saved."));
	redirect(r, occ_url(r));
	return SK_OK;
}

/* accept / reject / retire: only the institution's own rules. */
static sk_rc change_status(struct req *r, const char *from_status, const char *to_status, const char *action,
                           const char *done)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	dbq *q = db_q(r->db, &st_occp_get);
	db_bind_int(q, 2, id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_ENOTFOUND;
	}
	const char *status = arena_strdup(&r->a, db_text(q, 2));
	db_done(q);
	if (from_status ? !str_eq(status, from_status) : !(str_eq(status, "active") || str_eq(status, "to_verify")))
		return SK_ECONFLICT;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	rc = occ_rule_set_status(r->db, r->inst->id, id, to_status);
	if (rc == SK_OK) {
		q = db_q(r->db, &st_occp_set_updater);
		db_bind_int(q, 1, id);
		db_bind_int(q, 2, r->user->id);
		rc = db_exec(q);
	}
	if (rc == SK_OK)
		rc = audit(r, action, "occasion", id, json_pack("{s:s}", "status", status),
		           json_pack("{s:s}", "status", to_status));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, done);
	redirect(r, occ_url(r));
	return SK_OK;
}

static sk_rc occ_accept(struct req *r)
{
	return change_status(r, "proposed", "active", "occasion_accepted", N_("The proposal was accepted."));
}
static sk_rc occ_reject(struct req *r)
{
	return change_status(r, "proposed", "retired", "occasion_rejected", N_("The proposal was rejected."));
}
static sk_rc occ_retire(struct req *r)
{
	return change_status(r, NULL, "retired", "occasion_retired", N_("The occasion was retired."));
}

/* ---- ICS ---- */

static struct icaltimetype ical_date(int ymd)
{
	struct icaltimetype t = icaltime_null_date();
	t.year = ymd_year(ymd);
	t.month = ymd_month(ymd);
	t.day = ymd_day(ymd);
	t.is_date = 1;
	return t;
}

static sk_rc ics_reply(struct req *r, bool with_internal)
{
	int y = ymd_year(local_today());
	struct occurrence *v;
	size_t n;
	sk_rc rc = occ_between(r->db, &r->a, r->inst->id, ymd_make(y - 1, 1, 1), ymd_make(y + 2, 12, 31), &v, &n);
	if (rc != SK_OK)
		return rc;
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//sklaida//Progos ir renginiai//LT"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalproperty *xn = icalproperty_new_x(arena_printf(&r->a, "%s – progos ir renginiai", r->inst->name_lt));
	icalproperty_set_x_name(xn, "X-WR-CALNAME");
	icalcomponent_add_property(cal, xn);
	struct icaltimetype stamp = icaltime_from_timet_with_zone((time_t)now_unix(), 0, icaltimezone_get_utc_timezone());
	for (size_t i = 0; i < n; i++) {
		const struct occurrence *o = &v[i];
		if (!with_internal && !o->is_public)
			continue;
		int s = ymd_make(o->y, o->m, o->d), e = ymd_make(o->end_y, o->end_m, o->end_d);
		icalcomponent *ev = icalcomponent_new_vevent();
		icalcomponent_add_property(
			ev, icalproperty_new_uid(arena_printf(&r->a, "occasion-%lld-%d@%s.sklaida", (long long)o->rule_id, s,
			                                      r->inst->slug)));
		icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
		icalcomponent_add_property(ev, icalproperty_new_dtstart(ical_date(s)));
		icalcomponent_add_property(ev, icalproperty_new_dtend(ical_date(ymd_add_days(e, 1))));
		const char *summary = o->label_lt ? arena_printf(&r->a, "%s – %s", o->title, o->label_lt) : o->title;
		icalcomponent_add_property(ev, icalproperty_new_summary(summary));
		icalcomponent_add_property(ev, icalproperty_new_categories(kind_label_lt(o->kind)));
		icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
		icalcomponent_add_property(ev, icalproperty_new_class(o->is_public ? ICAL_CLASS_PUBLIC : ICAL_CLASS_PRIVATE));
		icalcomponent_add_component(cal, ev);
	}
	char *text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (!text)
		return SK_EINTERNAL;
	resp_header(r, "Content-Disposition",
	            arena_printf(&r->a, "inline; filename=\"%s-occasions.ics\"", r->inst->slug));
	reply_bytes(r, "text/calendar; charset=utf-8", text, strlen(text));
	free(text);
	return SK_OK;
}

static sk_rc occ_ics_public(struct req *r) { return ics_reply(r, false); }

static sk_rc occ_ics_private(struct req *r)
{
	const char *t = req_pathv(r, "feed");
	size_t len = t ? strlen(t) : 0;
	if (len < 5 || len > 100 || strcmp(t + len - 4, ".ics") != 0)
		return SK_ENOTFOUND;
	char *tok = arena_strndup(&r->a, t, len - 4);
	dbq *q = db_q(r->db, &st_occp_tok_find);
	db_bind_text(q, 1, token_hash(&r->a, tok));
	db_bind_int(q, 2, r->inst->id);
	bool ok = db_step(q) == DB_ROW;
	db_done(q);
	if (!ok)
		return SK_ENOTFOUND;
	r->no_store = true;
	return ics_reply(r, true);
}

/* ---- private feed page ---- */

static void feed_page(struct req *r, const char *new_token)
{
	page_begin(r, PAGE_STAFF, T(r, "Calendar feed"));
	html(r, "<p><a href=\"%s\">%s</a></p>", occ_url(r), T(r, "← Occasions and events"));
	html(r, "<div class=\"narrow\"><h1>%s</h1>", T(r, "Calendar feed"));
	html(r, "<p>%s</p>", T(r, "Subscribe to the occasions in Outlook, Google Calendar or a phone calendar."));
	const char *pub = url_fmt(&r->a, "/%s/occasions.ics", r->inst->slug);
	html(r, "<h2>%s</h2><p><a href=\"%s\">%s</a></p>", T(r, "Public feed"), pub, pub);
	html(r, "<h2>%s</h2><p>%s</p>", T(r, "Your private feed"),
	     T(r, "The private feed includes the internal occasions. Do not share its address; if it leaks, issue a new one."));
	dbq *q = db_q(r->db, &st_occp_tok_has);
	db_bind_int(q, 1, r->user->id);
	db_bind_int(q, 2, r->inst->id);
	bool has = db_step(q) == DB_ROW;
	int64_t at = has ? db_int(q, 0) : 0;
	db_done(q);
	if (new_token) {
		const char *u = url_fmt(&r->a, "/%s/occasions/private/%s.ics", r->inst->slug, new_token);
		html(r, "<p class=\"notice\">%s</p><p><code id=\"private-link\">%s</code></p>",
		     T(r, "Copy the address now: it is shown only once."), u);
	} else if (has) {
		html(r, "<p>%s %s</p>", T(r, "You have an active private address, issued on"), fmt_date(&r->a, r->lang, at));
	} else {
		html(r, "<p>%s</p>", T(r, "You have no private address yet."));
	}
	form_open(r, arena_printf(&r->a, "%s/feed/new", occ_url(r)), "inline");
	html(r, "<button type=\"submit\">%s</button>", has ? T(r, "Issue a new address") : T(r, "Create a private address"));
	form_close(r);
	if (has) {
		html(r, " ");
		form_open(r, arena_printf(&r->a, "%s/feed/revoke", occ_url(r)), "inline");
		html(r, "<button type=\"submit\" class=\"secondary\">%s</button>", T(r, "Revoke the address"));
		form_close(r);
	}
	html(r, "</div>");
	page_end(r);
}

static sk_rc occ_feed(struct req *r)
{
	feed_page(r, NULL);
	return SK_OK;
}

static sk_rc revoke_tokens(struct req *r)
{
	dbq *q = db_q(r->db, &st_occp_tok_revoke);
	db_bind_int(q, 1, r->user->id);
	db_bind_int(q, 2, r->inst->id);
	db_bind_int(q, 3, now_unix());
	return db_exec(q);
}

static sk_rc occ_feed_new(struct req *r)
{
	char *tok = random_token(&r->a, 32);
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	int64_t id = 0;
	if ((rc = revoke_tokens(r)) == SK_OK) {
		dbq *q = db_q(r->db, &st_occp_tok_insert);
		db_bind_int(q, 1, r->user->id);
		db_bind_int(q, 2, r->inst->id);
		db_bind_text(q, 3, token_hash(&r->a, tok));
		db_bind_int(q, 4, now_unix());
		rc = db_exec_id(q, &id);
	}
	if (rc == SK_OK)
		rc = audit(r, "occasion_feed_token_created", "occasion_feed_token", id, NULL, NULL);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	feed_page(r, tok);
	return SK_OK;
}

static sk_rc occ_feed_revoke(struct req *r)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	if ((rc = revoke_tokens(r)) == SK_OK)
		rc = audit(r, "occasion_feed_token_revoked", "occasion_feed_token", r->user->id, NULL, NULL);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, N_("The private address was revoked."));
	redirect(r, arena_printf(&r->a, "%s/feed", occ_url(r)));
	return SK_OK;
}

SK_NAV_GROUP(nav_occasions, "staff", "/staff/{inst}/occasions", N_("Occasions and events"), "occasions.view", 20, 0, N_("Events and spaces"));

SK_ROUTES(occasions_pages,
          {"GET", "/staff/{inst}/occasions", occ_register, "occasions.view", 0},
          {"GET", "/staff/{inst}/occasions/new", occ_new, "occasions.propose", 0},
          {"POST", "/staff/{inst}/occasions/new", occ_create_post, "occasions.propose", 0},
          {"GET", "/staff/{inst}/occasions/{id}/edit", occ_edit, "occasions.manage", 0},
          {"POST", "/staff/{inst}/occasions/{id}/edit", occ_edit_post, "occasions.manage", 0},
          {"POST", "/staff/{inst}/occasions/{id}/accept", occ_accept, "occasions.manage", 0},
          {"POST", "/staff/{inst}/occasions/{id}/reject", occ_reject, "occasions.manage", 0},
          {"POST", "/staff/{inst}/occasions/{id}/retire", occ_retire, "occasions.manage", 0},
          {"GET", "/staff/{inst}/occasions/feed", occ_feed, "occasions.view", 0},
          {"POST", "/staff/{inst}/occasions/feed/new", occ_feed_new, "occasions.view", 0},
          {"POST", "/staff/{inst}/occasions/feed/revoke", occ_feed_revoke, "occasions.view", 0},
          {"GET", "/{inst}/occasions.ics", occ_ics_public, NULL, R_PUBLIC},
          {"GET", "/{inst}/occasions/private/{feed}", occ_ics_private, NULL, R_PUBLIC});

/*
 * placements.c -- staff pages for what was placed in other
 * organisations' channels (C4 ExternalPlacement, AC-C4-8) and for the
 * website's content register (C4 SiteContentRecord, workflow 6,
 * AC-C4-5), a dashboard panel with the overdue reviews, and the
 * placement statistics over JSON. Rules in model/placement.c.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/admin.h"
#include "../model/occasion.h"
#include "../model/placement.h"

#include <stdio.h>
#include <string.h>

static const char *plc_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/placements", r->inst->slug); }
static const char *site_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/site-content", r->inst->slug); }

static const char *ymd_text(struct req *r, int ymd)
{
	if (!ymd)
		return "";
	char b[11];
	ymd_format(ymd, b);
	return arena_strdup(&r->a, b);
}

/* ---- placements ------------------------------------------------------------- */

static void plc_form(struct req *r, const char *action, const struct placement *p)
{
	form_open(r, action, "stack");
	ui_field(r, "outlet", T(r, "Outlet"), "text", p ? p->outlet : "", true, "off",
	         T(r, "For example: the municipality's website, „Tarp knygų“, renginiai.lt"));
	const char *kl[8];
	size_t nk = 0;
	for (; plc_kinds[nk]; nk++)
		kl[nk] = plc_kind_label(r, plc_kinds[nk]);
	ui_select(r, "kind", T(r, "Kind"), plc_kinds, kl, nk, p ? p->kind : "", true, NULL);
	ui_textarea(r, "what", T(r, "What was submitted"), p ? p->what : "", 2, NULL);
	ui_field(r, "contact", T(r, "Contact person there"), "text", p ? p->contact : "", false, "off", NULL);
	ui_field(r, "submitted_on", T(r, "Submitted on"), "date", p ? ymd_text(r, p->submitted_on) : "", true, "off", NULL);
	const char *sl[5];
	size_t ns = 0;
	for (; plc_statuses[ns]; ns++)
		sl[ns] = plc_status_label(r, plc_statuses[ns]);
	ui_select(r, "status", T(r, "Status"), plc_statuses, sl, ns, p ? p->status : "submitted", true, NULL);
	ui_field(r, "published_on", T(r, "Published on"), "date", p ? ymd_text(r, p->published_on) : "", false, "off",
	         NULL);
	ui_field(r, "issue", T(r, "Issue (press)"), "text", p ? p->issue : "", false, "off", NULL);
	ui_field(r, "url", T(r, "Address (URL)"), "url", p ? p->url : "", false, "off", NULL);
	ui_field(r, "item_id", T(r, "Our text (its number, optional)"), "number",
	         p && p->item_id ? arena_printf(&r->a, "%lld", (long long)p->item_id) : "", false, "off", NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
	form_close(r);
}

static bool read_plc_form(struct req *r, struct placement *p)
{
	memset(p, 0, sizeof *p);
	p->outlet = req_form(r, "outlet");
	p->kind = req_form(r, "kind");
	p->what = req_form(r, "what");
	p->contact = req_form(r, "contact");
	p->status = req_form(r, "status");
	p->issue = req_form(r, "issue");
	p->url = req_form(r, "url");
	const char *s = req_form(r, "submitted_on"), *pub = req_form(r, "published_on"), *it = req_form(r, "item_id");
	if (s && *s && !ymd_parse(s, &p->submitted_on))
		req_field_error(r, "submitted_on", T(r, "Enter a date as YYYY-MM-DD."));
	if (pub && *pub && !ymd_parse(pub, &p->published_on))
		req_field_error(r, "published_on", T(r, "Enter a date as YYYY-MM-DD."));
	if (it && *it && (!parse_i64(it, &p->item_id) || p->item_id < 0))
		req_field_error(r, "item_id", T(r, "Choose a text of this institution."));
	return r->nerrors == 0;
}

static sk_rc plc_page(struct req *r, const struct placement *in)
{
	int year = 0;
	const char *yq = req_query(r, "year"), *sq = req_query(r, "status"), *kq = req_query(r, "kind");
	int64_t y;
	if (yq && *yq && parse_i64(yq, &y) && y >= 1900 && y <= 9999)
		year = (int)y;
	struct placement *v;
	size_t n;
	sk_rc rc = plc_list(r, year, sq, kq, &v, &n);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Placements in other channels"));
	html(r, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Placements in other channels"),
	     T(r, "What the library submitted to partners' sites and accounts, the professional and cultural press, event "
	          "portals and the municipality, and where it appeared."));
	field_errors_summary(r);
	int this_year = local_today() / 10000;
	int64_t counts[8], total;
	if (plc_counts(r, year ? year : this_year, counts, &total) == SK_OK)
		html(r, "<p>%s</p>", arena_printf(&r->a, T(r, "Published in %d: %lld."), year ? year : this_year,
		                                  (long long)total));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "Nothing recorded yet."));
	} else {
		html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Submitted on"), T(r, "Outlet"), T(r, "What was submitted"), T(r, "Status"), T(r, "Where"));
		for (size_t i = 0; i < n; i++) {
			html(r, "<tr><td>%s</td><td><a href=\"%s\">%s</a><br><span class=\"muted\">%s</span></td><td>%s</td>"
			        "<td><span class=\"tag\">%s</span></td><td>",
			     ymd_text(r, v[i].submitted_on),
			     url_fmt(&r->a, "/staff/%s/placements/%lld", r->inst->slug, (long long)v[i].id), v[i].outlet,
			     plc_kind_label(r, v[i].kind), v[i].what, plc_status_label(r, v[i].status));
			if (*v[i].url)
				html(r, "<a href=\"%s\">%s</a>", url_safe(v[i].url), v[i].url);
			if (*v[i].issue)
				html(r, " %s", v[i].issue);
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	}
	html(r, "<h2>%s</h2>", T(r, "Record a placement"));
	plc_form(r, plc_url(r), in);
	page_end(r);
	return SK_OK;
}

static sk_rc plc_list_get(struct req *r) { return plc_page(r, NULL); }

static sk_rc plc_create(struct req *r)
{
	struct placement p;
	read_plc_form(r, &p);
	sk_rc rc = plc_save(r, 0, &p, NULL);   /* adds its own field errors to the form's */
	if (rc == SK_OK) {
		flash_set(r, N_("The placement is recorded."));
		redirect(r, plc_url(r));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return plc_page(r, &p);
}

static sk_rc plc_edit_page(struct req *r, int64_t id, const struct placement *in)
{
	struct placement p;
	sk_rc rc = plc_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, p.outlet);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", plc_url(r), T(r, "All placements"), p.outlet);
	field_errors_summary(r);
	if (p.item_id)
		html(r, "<p>%s <a href=\"%s\">%s</a></p>", T(r, "Our text:"),
		     url_fmt(&r->a, "/staff/%s/content/%lld", r->inst->slug, (long long)p.item_id), p.item_title);
	plc_form(r, url_fmt(&r->a, "/staff/%s/placements/%lld", r->inst->slug, (long long)id), in ? in : &p);
	page_end(r);
	return SK_OK;
}

static sk_rc plc_edit_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return plc_edit_page(r, id, NULL);
}

static sk_rc plc_edit_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct placement p;
	read_plc_form(r, &p);
	sk_rc rc = plc_save(r, id, &p, NULL);
	if (rc == SK_OK) {
		flash_set(r, N_("The placement is saved."));
		redirect(r, plc_url(r));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return plc_edit_page(r, id, &p);
}

static sk_rc api_plc_stats(struct req *r)
{
	int64_t y;
	const char *yq = req_query(r, "year");
	int year = local_today() / 10000;
	if (yq && *yq) {
		if (!parse_i64(yq, &y) || y < 1900 || y > 9999) {
			req_field_error(r, "year", T(r, "Enter a year."));
			json_error(r, SK_EINPUT, T(r, "Some fields are not valid."));
			return SK_OK;
		}
		year = (int)y;
	}
	int64_t counts[8], total;
	sk_rc rc = plc_counts(r, year, counts, &total);
	if (rc != SK_OK)
		return rc;
	json_t *by = json_object();
	for (size_t i = 0; plc_kinds[i]; i++)
		json_object_set_new(by, plc_kinds[i], json_integer(counts[i]));
	json_reply(r, 200, json_pack("{s:i, s:I, s:o}", "year", year, "published", (json_int_t)total, "by_kind", by));
	return SK_OK;
}

/* ---- the website content register --------------------------------------------- */

static void site_form(struct req *r, const char *action, const struct site_record *s)
{
	form_open(r, action, "stack");
	ui_field(r, "section", T(r, "Section of the website"), "text", s ? s->section : "", true, "off", NULL);
	ui_field(r, "url", T(r, "Address (URL)"), "text", s ? s->url : "", false, "off", NULL);
	struct adm_dept *dv;
	size_t nd = adm_depts(r, &dv);
	const char **dvals = arena_alloc(&r->a, (nd + 1) * sizeof *dvals), **dl = arena_alloc(&r->a, (nd + 1) * sizeof *dl);
	dvals[0] = "0";
	dl[0] = T(r, "None");
	for (size_t i = 0; i < nd; i++) {
		dvals[i + 1] = arena_printf(&r->a, "%lld", (long long)dv[i].id);
		dl[i + 1] = adm_dept_name(r, &dv[i]);
	}
	ui_select(r, "department_id", T(r, "Owning department"), dvals, dl, nd + 1,
	          arena_printf(&r->a, "%lld", (long long)(s ? s->department_id : 0)), false, NULL);
	struct adm_member *mv;
	size_t nm = 0;
	int64_t total;
	struct adm_filter af = {.status = 1};
	adm_members(r, &af, 500, 0, &mv, &nm, &total);
	const char **mvals = arena_alloc(&r->a, (nm + 1) * sizeof *mvals), **ml = arena_alloc(&r->a, (nm + 1) * sizeof *ml);
	mvals[0] = "0";
	ml[0] = T(r, "Nobody in particular");
	for (size_t i = 0; i < nm; i++) {
		mvals[i + 1] = arena_printf(&r->a, "%lld", (long long)mv[i].id);
		ml[i + 1] = mv[i].name;
	}
	ui_select(r, "owner_id", T(r, "Responsible person"), mvals, ml, nm + 1,
	          arena_printf(&r->a, "%lld", (long long)(s ? s->owner_id : 0)), false, NULL);
	ui_field(r, "review_months", T(r, "Review every (months)"), "number",
	         arena_printf(&r->a, "%d", s ? s->review_months : 6), true, "off", NULL);
	ui_field(r, "next_review", T(r, "Next review"), "date", s ? ymd_text(r, s->next_review) : "", false, "off",
	         T(r, "Empty: after the review interval from today."));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
	form_close(r);
}

static bool read_site_form(struct req *r, struct site_record *s)
{
	memset(s, 0, sizeof *s);
	s->section = req_form(r, "section");
	s->url = req_form(r, "url");
	parse_i64(req_form(r, "department_id"), &s->department_id);
	parse_i64(req_form(r, "owner_id"), &s->owner_id);
	int64_t m = 0;
	if (!parse_i64(req_form(r, "review_months"), &m))
		m = 0;
	s->review_months = (int)(m > 0 && m < 1000 ? m : 0);
	const char *nr = req_form(r, "next_review");
	if (nr && *nr && !ymd_parse(nr, &s->next_review))
		req_field_error(r, "next_review", T(r, "Enter a date as YYYY-MM-DD."));
	return r->nerrors == 0;
}

static sk_rc site_page(struct req *r, const struct site_record *in)
{
	struct site_record *v;
	size_t n;
	sk_rc rc = site_list(r, &v, &n);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Website content register"));
	html(r, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Website content register"),
	     T(r, "Each section of the website with its owner and review cycle; a review due becomes a task for the owner."));
	field_errors_summary(r);
	if (n) {
		html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Section of the website"), T(r, "Owner"), T(r, "Last reviewed"), T(r, "Next review"));
		for (size_t i = 0; i < n; i++) {
			html(r, "<tr><td><a href=\"%s\">%s</a>%s%s</td><td>%s</td><td>%s</td><td>%s",
			     url_fmt(&r->a, "/staff/%s/site-content/%lld", r->inst->slug, (long long)v[i].id), v[i].section,
			     *v[i].url ? " · " : "", v[i].url, *v[i].owner_name ? v[i].owner_name : v[i].department_name,
			     v[i].last_reviewed ? ymd_text(r, v[i].last_reviewed) : "—", ymd_text(r, v[i].next_review));
			if (v[i].overdue)
				html(r, " <span class=\"tag tag-danger\">%s</span>", T(r, "Overdue"));
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	} else {
		html(r, "<p>%s</p>", T(r, "Nothing recorded yet."));
	}
	html(r, "<h2>%s</h2>", T(r, "Add a section"));
	site_form(r, site_url(r), in);
	page_end(r);
	return SK_OK;
}

static sk_rc site_list_get(struct req *r) { return site_page(r, NULL); }

static sk_rc site_create(struct req *r)
{
	struct site_record s;
	read_site_form(r, &s);
	sk_rc rc = site_save(r, 0, &s, NULL);
	if (rc == SK_OK) {
		flash_set(r, N_("The section is added."));
		redirect(r, site_url(r));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return site_page(r, &s);
}

static sk_rc site_edit_page(struct req *r, int64_t id, const struct site_record *in)
{
	struct site_record s;
	sk_rc rc = site_get(r, id, &s);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, s.section);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", site_url(r), T(r, "Website content register"), s.section);
	field_errors_summary(r);
	html(r, "<section aria-labelledby=\"h-review\"><h2 id=\"h-review\">%s</h2>", T(r, "Record a review"));
	if (s.last_reviewed)
		html(r, "<p class=\"muted\">%s</p>",
		     arena_printf(&r->a, T(r, "Last reviewed on %s by %s."), ymd_text(r, s.last_reviewed), s.reviewed_by_name));
	form_open(r, url_fmt(&r->a, "/staff/%s/site-content/%lld/reviewed", r->inst->slug, (long long)id), "stack");
	ui_textarea(r, "issues", T(r, "What needs changing (empty: all is correct)"), "", 3,
	            T(r, "Anything written here becomes an update request for the section's owner."));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Reviewed today"));
	form_close(r);
	html(r, "</section><h2>%s</h2>", T(r, "Edit"));
	site_form(r, url_fmt(&r->a, "/staff/%s/site-content/%lld", r->inst->slug, (long long)id), in ? in : &s);
	page_end(r);
	return SK_OK;
}

static sk_rc site_edit_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return site_edit_page(r, id, NULL);
}

static sk_rc site_edit_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct site_record s;
	read_site_form(r, &s);
	sk_rc rc = site_save(r, id, &s, NULL);
	if (rc == SK_OK) {
		flash_set(r, N_("The section is saved."));
		redirect(r, site_url(r));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return site_edit_page(r, id, &s);
}

static sk_rc site_reviewed_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = site_reviewed(r, id, req_form(r, "issues"));
	if (rc == SK_OK) {
		flash_set(r, N_("The review is recorded."));
		redirect(r, site_url(r));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return site_edit_page(r, id, NULL);
}

static void site_panel(struct req *r)
{
	int64_t n = site_overdue(r);
	if (!n)
		return;
	html(r, "<section class=\"panel\" aria-labelledby=\"dash-site\"><h2 id=\"dash-site\">%s</h2><p>"
	        "<span class=\"tag tag-danger\">%s</span> <a href=\"%s\">%s</a></p></section>",
	     T(r, "Website content register"),
	     arena_printf(&r->a, TN(r, "%lld review overdue", "%lld reviews overdue", n), (long long)n), site_url(r),
	     T(r, "Open the register"));
}

SK_PANEL(panel_site, "channels.manage", 44, site_panel);

SK_ROUTES(placements,
          {"GET", "/staff/{inst}/placements", plc_list_get, "content.view", 0},
          {"POST", "/staff/{inst}/placements", plc_create, "publishing.manage", 0},
          {"GET", "/staff/{inst}/placements/{id}", plc_edit_get, "content.view", 0},
          {"POST", "/staff/{inst}/placements/{id}", plc_edit_post, "publishing.manage", 0},
          {"GET", "/api/v1/{inst}/placements/stats", api_plc_stats, "content.view", R_JSON},
          {"GET", "/staff/{inst}/site-content", site_list_get, "content.view", 0},
          {"POST", "/staff/{inst}/site-content", site_create, "channels.manage", 0},
          {"GET", "/staff/{inst}/site-content/{id}", site_edit_get, "content.view", 0},
          {"POST", "/staff/{inst}/site-content/{id}", site_edit_post, "channels.manage", 0},
          {"POST", "/staff/{inst}/site-content/{id}/reviewed", site_reviewed_post, "content.view", 0});

SK_NAV_GROUP(nav_placements, "staff", "/staff/{inst}/placements", N_("Placements"), "content.view", 21, 0, N_("Communication"));
SK_NAV_GROUP(nav_site_content, "staff", "/staff/{inst}/site-content", N_("Website register"), "content.view", 22, 0, N_("Communication"));

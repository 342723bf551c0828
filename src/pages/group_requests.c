/*
 * group_requests.c -- the staff side of excursion and delegation
 * requests (C8, D1-2.4, D2-22): the queue /staff/{inst}/visits with
 * status and kind filters, a request's page with the decision forms
 * (accept with a guide, a time, a duration and optionally a space and a
 * calendar event; decline with a reason), cancelling, and the actual
 * participants after the visit. The rules are in model/group_request.c.
 */
#include "layout.h"
#include "spaces_ui.h"
#include "../model/admin.h"
#include "../model/group_request.h"
#include "../model/model.h"
#include "../model/occasion.h"

#include <string.h>

static const char *visits_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/visits", r->inst->slug); }
static const char *visit_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/visits/%lld", r->inst->slug, (long long)id);
}

static const char *status_tag(const char *st)
{
	return str_eq(st, "new") ? "tag gr-new" : str_eq(st, "declined") || str_eq(st, "cancelled") ? "tag tag-danger" : "tag";
}

static bool valid_in(const char *const *set, const char *v)
{
	for (; v && *set; set++)
		if (str_eq(*set, v))
			return true;
	return false;
}

static sk_rc visits_list(struct req *r)
{
	const char *status = req_query(r, "status"), *kind = req_query(r, "kind");
	if (!status)
		status = "new";
	if (!valid_in(gr_statuses, status))
		status = "";
	if (!valid_in(gr_kinds, kind))
		kind = "";
	struct group_request *v;
	size_t n = gr_list(r, status, kind, &v);
	page_begin(r, PAGE_STAFF, T(r, "Excursions and delegations"));
	html(r, "<h1>%s</h1>", T(r, "Excursions and delegations"));
	html(r, "<p class=\"muted\">%s <a href=\"/%s/visits/request\">%s</a></p>",
	     T(r, "Visitors send requests from the public form:"), r->inst->slug, T(r, "the request form"));
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" aria-label=\"%s\">", visits_url(r),
	     T(r, "Filter requests"));
	const char *sv[] = {"", "new", "accepted", "declined", "cancelled"};
	const char *sl[] = {T(r, "Any status"), T(r, "New request"), T(r, "Accepted"), T(r, "Declined"), T(r, "Cancelled")};
	ui_select(r, "status", T(r, "Status"), sv, sl, 5, status, false, NULL);
	const char *kv[] = {"", "excursion", "delegation"};
	const char *kl[] = {T(r, "Any kind"), T(r, "Excursion"), T(r, "Official delegation")};
	ui_select(r, "kind", T(r, "Kind"), kv, kl, 3, kind, false, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Show"));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "No requests."));
		page_end(r);
		return SK_OK;
	}
	html(r, "<div class=\"table-wrap\"><table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	     T(r, "Excursion and delegation requests"), T(r, "No."), T(r, "Group or organisation"), T(r, "Kind"),
	     T(r, "People"), T(r, "Language"), T(r, "Time"), T(r, "Guide"), T(r, "Status"));
	for (size_t i = 0; i < n; i++) {
		int64_t t = v[i].starts_at ? v[i].starts_at : v[i].prefs[0];
		html(r, "<tr><td>%lld</td><td><a href=\"%s\">%s</a></td><td>%s</td><td>%d</td><td>%s</td>",
		     (long long)v[i].id, visit_url(r, v[i].id), v[i].group_name,
		     tr(r->lang, gr_label(gr_kinds, gr_kind_labels, v[i].kind)), v[i].group_size,
		     tr(r->lang, gr_label(gr_langs, gr_lang_labels, v[i].language)));
		html(r, "<td>%s%s, %s</td><td>%s</td><td><span class=\"%s\">%s</span></td></tr>",
		     v[i].starts_at ? "" : T(r, "wished: "), fmt_date(&r->a, r->lang, t), fmt_time(&r->a, r->lang, t),
		     *v[i].guide_name ? v[i].guide_name : "–", status_tag(v[i].status),
		     tr(r->lang, gr_label(gr_statuses, gr_status_labels, v[i].status)));
	}
	html(r, "</tbody></table></div>");
	page_end(r);
	return SK_OK;
}

static sk_rc load(struct req *r, struct group_request *g)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return gr_get(r, id, g);
}

static void fact(struct req *r, const char *dt, const char *dd)
{
	if (dd && *dd)
		html(r, "<dt>%s</dt><dd>%s</dd>", dt, dd);
}

static void accept_form(struct req *r, const struct group_request *g, const struct form_values *v)
{
	html(r, "<section class=\"card\" aria-labelledby=\"acc-h\"><h2 id=\"acc-h\">%s</h2>", T(r, "Accept"));
	form_open(r, url_fmt(&r->a, "/staff/%s/visits/%lld/accept", r->inst->slug, (long long)g->id), "stack");
	struct adm_filter f = {0};
	f.status = 1;
	struct adm_member *m;
	size_t nm = 0;
	int64_t total;
	if (adm_members(r, &f, 500, 0, &m, &nm, &total) != SK_OK)
		nm = 0;
	const char **gv = arena_alloc(&r->a, (nm + 1) * sizeof *gv), **gl = arena_alloc(&r->a, (nm + 1) * sizeof *gl);
	gv[0] = "";
	gl[0] = T(r, "— choose —");
	for (size_t i = 0; i < nm; i++) {
		gv[i + 1] = arena_printf(&r->a, "%lld", (long long)m[i].id);
		gl[i + 1] = m[i].name;
	}
	ui_select(r, "guide_id", T(r, "Guide"), gv, gl, nm + 1, v ? v->s[0] : "", true, NULL);
	char d[11] = "", t[6] = "";
	if (!v && g->prefs[0]) {
		int ymd, hh, mm;
		unix_to_local(g->prefs[0], &ymd, &hh, &mm);
		ymd_format(ymd, d);
		snprintf(t, sizeof t, "%02d:%02d", hh, mm);
	}
	ui_field(r, "date", T(r, "Date"), "date", v ? v->s[1] : d, true, "off",
	         T(r, "One of the preferred dates or another one."));
	ui_field(r, "time", T(r, "Time"), "time", v ? v->s[2] : t, true, "off", T(r, "HH:MM, e.g. 10:00"));
	ui_field(r, "duration_min", T(r, "Duration (minutes)"), "number", v ? v->s[3] : "60", true, "off", NULL);
	struct space *sv;
	size_t ns = sp_list(r->db, &r->a, r->inst->id, false, &sv);
	const char **spv = arena_alloc(&r->a, (ns + 1) * sizeof *spv), **spl = arena_alloc(&r->a, (ns + 1) * sizeof *spl);
	spv[0] = "";
	spl[0] = T(r, "No space booking");
	const char *pick = v ? v->s[4] : "";
	for (size_t i = 0; i < ns; i++) {
		spv[i + 1] = arena_printf(&r->a, "%lld", (long long)sv[i].id);
		spl[i + 1] = sv[i].name;
		if (!v && str_eq(g->site, "homestead") && str_eq(sv[i].kind, "homestead"))
			pick = spv[i + 1];
	}
	ui_select(r, "space_id", T(r, "Space"), spv, spl, ns + 1, pick, false,
	          T(r, "The space is booked for the visit; a taken time is refused."));
	ui_checkbox(r, "create_event", T(r, "Also add the visit to the events calendar (confirmed, not public)"),
	            v ? v->i[5] : false, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Accept the request"));
	form_close(r);
	html(r, "</section>");
}

static void decline_form(struct req *r, const struct group_request *g, const char *reason)
{
	html(r, "<section class=\"card\" aria-labelledby=\"dec-h\"><h2 id=\"dec-h\">%s</h2>", T(r, "Decline"));
	form_open(r, url_fmt(&r->a, "/staff/%s/visits/%lld/decline", r->inst->slug, (long long)g->id), "stack");
	ui_textarea(r, "reason", T(r, "Reason *"), reason ? reason : "", 3, T(r, "The requester receives it by e-mail."));
	html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button></div>",
	     T(r, "Decline the request"));
	form_close(r);
	html(r, "</section>");
}

static void visit_page(struct req *r, const struct group_request *g, const struct form_values *acc,
                       const char *reason)
{
	const char *title = arena_printf(&r->a, T(r, "Request no. %lld: %s"), (long long)g->id, g->group_name);
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", visits_url(r), T(r, "← All requests"), title);
	html(r, "<p><span class=\"%s\">%s</span></p>", status_tag(g->status),
	     tr(r->lang, gr_label(gr_statuses, gr_status_labels, g->status)));
	field_errors_summary(r);
	html(r, "<div class=\"gr-cols\"><section aria-labelledby=\"req-h\"><h2 id=\"req-h\">%s</h2><dl class=\"facts\">",
	     T(r, "Request"));
	fact(r, T(r, "Kind"), tr(r->lang, gr_label(gr_kinds, gr_kind_labels, g->kind)));
	fact(r, T(r, "Group or organisation"), g->group_name);
	fact(r, T(r, "Number of people"), arena_printf(&r->a, "%d", g->group_size));
	fact(r, T(r, "Age group or audience"), tr(r->lang, gr_label(gr_audiences, gr_audience_labels, g->audience)));
	fact(r, T(r, "Language of the visit"), tr(r->lang, gr_label(gr_langs, gr_lang_labels, g->language)));
	if (str_eq(g->site, "homestead"))
		fact(r, T(r, "Place"), T(r, "The memorial homestead"));
	html(r, "<dt>%s</dt><dd><ul class=\"plain\">", T(r, "Preferred dates"));
	for (int i = 0; i < GR_MAX_PREFS; i++)
		if (g->prefs[i])
			html(r, "<li>%s, %s</li>", fmt_date_long(&r->a, r->lang, g->prefs[i]), fmt_time(&r->a, r->lang, g->prefs[i]));
	html(r, "</ul></dd>");
	fact(r, T(r, "Topic or interests"), g->topic);
	fact(r, T(r, "Accessibility needs"), g->accessibility);
	fact(r, T(r, "Notes"), g->notes);
	if (g->erased_at) {
		fact(r, T(r, "Contact person"),
		     arena_printf(&r->a, T(r, "The personal data were erased on %s after the retention period."),
		                  fmt_date(&r->a, r->lang, g->erased_at)));
	} else {
		fact(r, T(r, "Contact person"), g->contact_name);
		html(r, "<dt>%s</dt><dd><a href=\"mailto:%s\">%s</a> %s</dd>", T(r, "Contacts"), g->email, g->email,
		     g->phone);
	}
	fact(r, T(r, "Received"), arena_printf(&r->a, "%s %s", fmt_date(&r->a, r->lang, g->created_at),
	                                        fmt_time(&r->a, r->lang, g->created_at)));
	html(r, "</dl></section>");
	if (str_eq(g->status, "accepted") || (str_eq(g->status, "cancelled") && g->starts_at)) {
		html(r, "<section aria-labelledby=\"dec-info\"><h2 id=\"dec-info\">%s</h2><dl class=\"facts\">", T(r, "Visit"));
		fact(r, T(r, "Time"), arena_printf(&r->a, "%s, %s (%d min.)", fmt_date_long(&r->a, r->lang, g->starts_at),
		                                   fmt_time(&r->a, r->lang, g->starts_at), g->duration_min));
		fact(r, T(r, "Guide"), g->guide_name);
		fact(r, T(r, "Space"), g->space_name);
		if (g->event_id)
			html(r, "<dt>%s</dt><dd><a href=\"/staff/%s/events/%lld\">%s</a></dd>", T(r, "Event"), r->inst->slug,
			     (long long)g->event_id, T(r, "Open the event"));
		if (g->participants >= 0)
			fact(r, T(r, "Actual participants"), arena_printf(&r->a, "%d", g->participants));
		html(r, "</dl></section>");
	}
	if (str_eq(g->status, "declined")) {
		html(r, "<section aria-labelledby=\"dec-info\"><h2 id=\"dec-info\">%s</h2><dl class=\"facts\">", T(r, "Decision"));
		fact(r, T(r, "Reason"), g->decline_reason);
		html(r, "</dl></section>");
	}
	html(r, "</div>");
	if (req_has_perm(r, "visits.manage")) {
		if (str_eq(g->status, "new")) {
			html(r, "<div class=\"gr-cols gr-decide\">");
			accept_form(r, g, acc);
			decline_form(r, g, reason);
			html(r, "</div>");
		}
		if (str_eq(g->status, "accepted") && g->starts_at <= now_unix()) {
			html(r, "<section class=\"card\" aria-labelledby=\"part-h\"><h2 id=\"part-h\">%s</h2>",
			     T(r, "After the visit"));
			form_open(r, url_fmt(&r->a, "/staff/%s/visits/%lld/participants", r->inst->slug, (long long)g->id),
			          "stack");
			ui_field(r, "participants", T(r, "Actual participants"), "number",
			         g->participants >= 0 ? arena_printf(&r->a, "%d", g->participants) : "", true, "off",
			         T(r, "Counts towards the year's statistics."));
			html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
			form_close(r);
			html(r, "</section>");
		}
		if (str_eq(g->status, "new") || str_eq(g->status, "accepted")) {
			form_open(r, url_fmt(&r->a, "/staff/%s/visits/%lld/cancel", r->inst->slug, (long long)g->id), "");
			html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button></div>",
			     T(r, "Cancel the visit"));
			form_close(r);
		}
	}
	page_end(r);
}

static sk_rc visit_show(struct req *r)
{
	struct group_request g;
	sk_rc rc = load(r, &g);
	if (rc != SK_OK)
		return rc;
	visit_page(r, &g, NULL, NULL);
	return SK_OK;
}

static const struct field accept_fields[] = {
        {"guide_id", F_INT, true, 0, NULL, 1, INT64_MAX},
        {"date", F_DATE, true, 0, NULL, 0, 0},
        {"time", F_TEXT, true, 5, NULL, 0, 0},
        {"duration_min", F_INT, true, 0, NULL, 15, 480},
        {"space_id", F_INT, false, 0, NULL, 0, INT64_MAX},
        {"create_event", F_BOOL, false, 0, NULL, 0, 0},
};

static sk_rc decided(struct req *r, const struct group_request *g, const char *msg)
{
	flash_set(r, msg);
	redirect(r, visit_url(r, g->id));
	return SK_OK;
}

static sk_rc visit_accept(struct req *r)
{
	struct group_request g;
	sk_rc rc = load(r, &g);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, accept_fields, SK_ARRAY_LEN(accept_fields), &v);
	struct gr_accept in = {0};
	in.guide_id = v.i[0];
	in.duration_min = (int)v.i[3];
	in.space_id = v.i[4];
	in.create_event = v.i[5];
	if (*v.s[1] && *v.s[2] && !req_field_msg(r, "date") && !sp_local_time(v.s[1], v.s[2], &in.starts_at))
		req_field_error(r, "time", T(r, "Enter the time as HH:MM, e.g. 10:00."));
	rc = SK_EINPUT;
	if (r->nerrors == 0) {
		rc = gr_accept(r, g.id, &in);
		if (rc == SK_OK)
			return decided(r, &g, T(r, "The request is accepted; the requester and the guide are informed."));
		if (rc != SK_EINPUT && rc != SK_ECONFLICT)
			return rc;
	}
	r->status = rc == SK_ECONFLICT ? 409 : 422;
	visit_page(r, &g, &v, NULL);
	return SK_OK;
}

static sk_rc visit_decline(struct req *r)
{
	struct group_request g;
	sk_rc rc = load(r, &g);
	if (rc != SK_OK)
		return rc;
	static const struct field f[] = {{"reason", F_TEXTAREA, false, 2000, NULL, 0, 0}};
	struct form_values v;
	form_read(r, f, 1, &v);
	if (r->nerrors == 0) {
		rc = gr_decline(r, g.id, v.s[0]);
		if (rc == SK_OK)
			return decided(r, &g, T(r, "The request is declined; the requester is informed."));
		if (rc != SK_EINPUT)
			return rc;
	}
	r->status = 422;
	visit_page(r, &g, NULL, v.s[0]);
	return SK_OK;
}

static sk_rc visit_cancel(struct req *r)
{
	struct group_request g;
	sk_rc rc = load(r, &g);
	if (rc != SK_OK)
		return rc;
	rc = gr_cancel(r, g.id);
	if (rc == SK_OK)
		return decided(r, &g, T(r, "The visit is cancelled; the booking and the guide's task are cancelled too."));
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	visit_page(r, &g, NULL, NULL);
	return SK_OK;
}

static sk_rc visit_participants(struct req *r)
{
	struct group_request g;
	sk_rc rc = load(r, &g);
	if (rc != SK_OK)
		return rc;
	static const struct field f[] = {{"participants", F_INT, true, 0, NULL, 0, 10000}};
	struct form_values v;
	form_read(r, f, 1, &v);
	if (r->nerrors == 0) {
		rc = gr_set_participants(r, g.id, (int)v.i[0]);
		if (rc == SK_OK)
			return decided(r, &g, T(r, "The number of participants is saved."));
		if (rc != SK_EINPUT)
			return rc;
	}
	r->status = 422;
	visit_page(r, &g, NULL, NULL);
	return SK_OK;
}

static void visits_panel(struct req *r)
{
	int64_t n = gr_count_new(r);
	html(r, "<section class=\"card\" aria-labelledby=\"panel-visits\"><h2 id=\"panel-visits\">%s</h2><p>",
	     T(r, "Excursions and delegations"));
	if (n == 0)
		html(r, "%s", T(r, "No new requests."));
	else
		html(r, "<a href=\"%s\">%s</a>", visits_url(r),
		     arena_printf(&r->a, TN(r, "%lld new request", "%lld new requests", n), (long long)n));
	html(r, "</p></section>");
}
SK_PANEL(panel_visits, "visits.view", 35, visits_panel);

SK_NAV_GROUP(nav_visits, "staff", "/staff/{inst}/visits", N_("Excursions and delegations"), "visits.view", 32, 0, N_("Events and spaces"));

SK_ROUTES(group_requests,
          {"GET", "/staff/{inst}/visits", visits_list, "visits.view", 0},
          {"GET", "/staff/{inst}/visits/{id}", visit_show, "visits.view", 0},
          {"POST", "/staff/{inst}/visits/{id}/accept", visit_accept, "visits.manage", 0},
          {"POST", "/staff/{inst}/visits/{id}/decline", visit_decline, "visits.manage", 0},
          {"POST", "/staff/{inst}/visits/{id}/cancel", visit_cancel, "visits.manage", 0},
          {"POST", "/staff/{inst}/visits/{id}/participants", visit_participants, "visits.manage", 0});

/*
 * rubrics.c -- staff pages of the rubrics (REQUIREMENTS C5 workflow 2):
 * the list with a new rubric's form, and one rubric with its coming
 * slots (each a draft text) and its status. Rules in model/rubric.c.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/admin.h"
#include "../model/occasion.h"
#include "../model/publication.h"
#include "../model/content.h"
#include "../model/rubric.h"

#include <stdio.h>
#include <string.h>

static const char *list_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/rubrics", r->inst->slug); }

static const char *status_text(struct req *r, const char *s)
{
	return str_eq(s, "active") ? T(r, "Active") : str_eq(s, "paused") ? T(r, "Paused") : T(r, "Ended");
}

static sk_rc list_page(struct req *r)
{
	struct rubric *v;
	size_t n;
	sk_rc rc = rubric_list(r, &v, &n);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Rubrics"));
	html(r, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Rubrics"),
	     T(r, "Recurring series of posts. Each coming date of a rubric is a draft text of its owner, made up to the "
	          "rubric's horizon, and shows on the content calendar."));
	field_errors_summary(r);
	if (n) {
		html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Rubric"), T(r, "Channel"), T(r, "Repeats"), T(r, "Owner"), T(r, "Status"));
		for (size_t i = 0; i < n; i++)
			html(r, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td><code>%s</code> %02d:%02d</td><td>%s</td>"
			        "<td><span class=\"tag\">%s</span> %s</td></tr>",
			     url_fmt(&r->a, "/staff/%s/rubrics/%lld", r->inst->slug, (long long)v[i].id), v[i].name,
			     v[i].channel_name, v[i].rrule, v[i].at_minute / 60, v[i].at_minute % 60, v[i].owner_name,
			     status_text(r, v[i].status),
			     arena_printf(&r->a, TN(r, "%lld date ahead", "%lld dates ahead", v[i].slots_ahead),
			                  (long long)v[i].slots_ahead));
		html(r, "</tbody></table>");
	} else {
		html(r, "<p>%s</p>", T(r, "Nothing recorded yet."));
	}
	if (req_has_perm(r, "content.edit")) {
		html(r, "<h2>%s</h2>", T(r, "New rubric"));
		form_open(r, list_url(r), "stack");
		ui_field(r, "name", T(r, "Name"), "text", req_form(r, "name"), true, "off",
		         T(r, "For example: Penktadienio knyga"));
		ui_textarea(r, "description", T(r, "What each post is about"), req_form(r, "description"), 2, NULL);
		ui_field(r, "target_groups", T(r, "Target groups"), "text", req_form(r, "target_groups"), false, "off", NULL);
		struct chan *ch;
		size_t nch = 0;
		chan_list(r, true, &ch, &nch);
		const char **cv = arena_alloc(&r->a, (nch + 1) * sizeof *cv), **cl = arena_alloc(&r->a, (nch + 1) * sizeof *cl);
		for (size_t i = 0; i < nch; i++) {
			cv[i] = arena_printf(&r->a, "%lld", (long long)ch[i].id);
			cl[i] = ch[i].name;
		}
		ui_select(r, "channel_id", T(r, "Channel"), cv, cl, nch, req_form(r, "channel_id"), true, NULL);
		ui_field(r, "rrule", T(r, "Repeats (RFC 5545 rule)"), "text", req_form(r, "rrule") ? req_form(r, "rrule") : "FREQ=WEEKLY;BYDAY=FR",
		         true, "off", T(r, "FREQ=WEEKLY;BYDAY=FR is every Friday; FREQ=MONTHLY;BYMONTHDAY=1 the first of each month."));
		ui_field(r, "at", T(r, "Time (Vilnius)"), "time", req_form(r, "at") ? req_form(r, "at") : "10:00", true, "off",
		         NULL);
		ui_field(r, "hashtags", T(r, "Hashtags"), "text", req_form(r, "hashtags"), false, "off", NULL);
		struct adm_member *mv;
		size_t nm = 0;
		int64_t total;
		struct adm_filter af = {.status = 1};
		adm_members(r, &af, 500, 0, &mv, &nm, &total);
		const char **mvl = arena_alloc(&r->a, (nm + 1) * sizeof *mvl), **ml = arena_alloc(&r->a, (nm + 1) * sizeof *ml);
		for (size_t i = 0; i < nm; i++) {
			mvl[i] = arena_printf(&r->a, "%lld", (long long)mv[i].id);
			ml[i] = mv[i].name;
		}
		ui_select(r, "owner_id", T(r, "Owner"), mvl, ml, nm,
		          req_form(r, "owner_id") ? req_form(r, "owner_id") : arena_printf(&r->a, "%lld", (long long)r->user->id),
		          true, NULL);
		ui_field(r, "starts_on", T(r, "First date"), "date", req_form(r, "starts_on"), true, "off", NULL);
		ui_field(r, "ends_on", T(r, "Last date (optional)"), "date", req_form(r, "ends_on"), false, "off", NULL);
		ui_field(r, "horizon_days", T(r, "Make drafts this many days ahead"), "number",
		         req_form(r, "horizon_days") ? req_form(r, "horizon_days") : "90", true, "off", NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Create"));
		form_close(r);
	}
	page_end(r);
	return SK_OK;
}

static sk_rc list_get(struct req *r) { return list_page(r); }

static sk_rc create_post(struct req *r)
{
	struct rubric in = {.name = req_form(r, "name"), .description = req_form(r, "description"),
	                    .target_groups = req_form(r, "target_groups"), .rrule = req_form(r, "rrule"),
	                    .hashtags = req_form(r, "hashtags")};
	parse_i64(req_form(r, "channel_id"), &in.channel_id);
	parse_i64(req_form(r, "owner_id"), &in.owner_id);
	int hh, mm;
	char tail;
	const char *at = req_form(r, "at");
	in.at_minute = at && sscanf(at, "%2d:%2d%c", &hh, &mm, &tail) == 2 && hh >= 0 && hh < 24 && mm >= 0 && mm < 60
	                       ? hh * 60 + mm
	                       : -1;
	const char *s = req_form(r, "starts_on"), *e = req_form(r, "ends_on");
	if (s && *s && !ymd_parse(s, &in.starts_on))
		req_field_error(r, "starts_on", T(r, "Enter a date as YYYY-MM-DD."));
	if (e && *e && !ymd_parse(e, &in.ends_on))
		req_field_error(r, "ends_on", T(r, "Enter a date as YYYY-MM-DD."));
	int64_t h = 0;
	in.horizon_days = parse_i64(req_form(r, "horizon_days"), &h) && h > 0 && h < 1000 ? (int)h : 0;
	int64_t id = 0;
	sk_rc rc = r->nerrors ? SK_EINPUT : rubric_create(r, &in, &id);
	if (rc == SK_OK) {
		flash_set(r, N_("The rubric is created; its coming dates are drafts of its owner."));
		redirect(r, url_fmt(&r->a, "/staff/%s/rubrics/%lld", r->inst->slug, (long long)id));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return list_page(r);
}

static sk_rc show_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct rubric b;
	sk_rc rc = rubric_get(r, id, &b);
	if (rc != SK_OK)
		return rc;
	struct rubric_slot *sv;
	size_t ns;
	int64_t now = now_unix();
	if ((rc = rubric_slots(r, id, now, now + 400 * 86400LL, &sv, &ns)) != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, b.name);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", list_url(r), T(r, "Rubrics"), b.name);
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><code>%s</code> %02d:%02d</dd><dt>%s</dt>"
	        "<dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
	     T(r, "Channel"), b.channel_name, T(r, "Repeats"), b.rrule, b.at_minute / 60, b.at_minute % 60, T(r, "Owner"),
	     b.owner_name, T(r, "Status"), status_text(r, b.status));
	if (*b.description)
		html(r, "<p>%s</p>", b.description);
	html(r, "<h2>%s</h2>", T(r, "Coming dates"));
	if (ns) {
		html(r, "<ul class=\"plain\">");
		for (size_t i = 0; i < ns; i++)
			html(r, "<li><a href=\"%s\">%s</a> <span class=\"tag\">%s</span></li>",
			     url_fmt(&r->a, "/staff/%s/content/%lld", r->inst->slug, (long long)sv[i].item_id),
			     fmt_datetime(&r->a, r->lang, sv[i].slot_at), content_status_label(r, sv[i].item_status));
		html(r, "</ul>");
	} else {
		html(r, "<p>%s</p>", T(r, "No coming dates."));
	}
	if (req_has_perm(r, "content.edit")) {
		form_open(r, url_fmt(&r->a, "/staff/%s/rubrics/%lld/status", r->inst->slug, (long long)id), "inline");
		static const char *const sts[] = {"active", "paused", "ended"};
		const char *sl[] = {T(r, "Active"), T(r, "Paused"), T(r, "Ended")};
		ui_select(r, "status", T(r, "Status"), sts, sl, 3, b.status, true, NULL);
		html(r, "<button type=\"submit\">%s</button>", T(r, "Save"));
		form_close(r);
	}
	page_end(r);
	return SK_OK;
}

static sk_rc status_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = rubric_set_status(r, id, req_form(r, "status"));
	if (rc != SK_OK && rc != SK_EINPUT)
		return rc;
	if (rc == SK_OK)
		flash_set(r, N_("The rubric is saved."));
	redirect(r, url_fmt(&r->a, "/staff/%s/rubrics/%lld", r->inst->slug, (long long)id));
	return SK_OK;
}

SK_ROUTES(rubrics,
          {"GET", "/staff/{inst}/rubrics", list_get, "content.view", 0},
          {"POST", "/staff/{inst}/rubrics", create_post, "content.edit", 0},
          {"GET", "/staff/{inst}/rubrics/{id}", show_get, "content.view", 0},
          {"POST", "/staff/{inst}/rubrics/{id}/status", status_post, "content.edit", 0});

SK_NAV_GROUP(nav_rubrics, "staff", "/staff/{inst}/rubrics", N_("Rubrics"), "content.view", 18, 0, N_("Communication"));

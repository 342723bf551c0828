/*
 * publishing.c -- staff pages for publishing (REQUIREMENTS C4): an
 * item's publications (schedule on channels, paste the post's address,
 * move, withdraw), the list of all publications, the channel registry
 * with its administrators, and the press room's media contacts.
 *
 * The rules live in model/publication.c; these pages only read forms
 * and show what the model said.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/admin.h"
#include "../model/content.h"
#include "../model/model.h"
#include "../model/occasion.h"
#include "../model/publication.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "2026-11-23" + "09:00" (Vilnius) -> unix; 0 when malformed */
static int64_t parse_local(const char *date, const char *time)
{
	int ymd, hh, mm;
	char tail;
	if (!date || !ymd_parse(date, &ymd) || !time || sscanf(time, "%2d:%2d%c", &hh, &mm, &tail) != 2 || hh < 0 ||
	    hh > 23 || mm < 0 || mm > 59)
		return 0;
	return local_to_unix(ymd, hh, mm);
}

static const char *date_value(struct req *r, int64_t t)
{
	if (!t)
		return "";
	int ymd;
	unix_to_local(t, &ymd, NULL, NULL);
	return arena_printf(&r->a, "%04d-%02d-%02d", ymd / 10000, ymd / 100 % 100, ymd % 100);
}

static const char *time_value(struct req *r, int64_t t)
{
	if (!t)
		return "";
	int hh, mm;
	unix_to_local(t, NULL, &hh, &mm);
	return arena_printf(&r->a, "%02d:%02d", hh, mm);
}

static const char *item_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/content/%lld", r->inst->slug, (long long)id);
}

static const char *publish_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/content/%lld/publish", r->inst->slug, (long long)id);
}

static void status_tag(struct req *r, const char *status)
{
	html(r, "<span class=\"tag pub-%s\">%s</span>", status, publ_status_label(r, status));
}

/* ---- one item's publications ------------------------------------------------ */

static sk_rc publish_page(struct req *r, int64_t id, int64_t when_in, const int64_t *chosen, size_t nchosen)
{
	struct content_item it;
	sk_rc rc = content_get(r, id, &it);
	if (rc != SK_OK)
		return rc;
	struct chan *ch;
	size_t nch;
	if ((rc = chan_list(r, true, &ch, &nch)) != SK_OK)
		return rc;
	struct publication *pv;
	size_t np;
	struct publ_filter f = {.item_id = id};
	if ((rc = publ_list(r, &f, 200, &pv, &np)) != SK_OK)
		return rc;
	const char *title = arena_printf(&r->a, "%s: %s", T(r, "Publishing"), it.title);
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", item_url(r, id), T(r, "Back to the item"), title);
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>", T(r, "Type"),
	     content_type_label(r, it.type), T(r, "Status"), content_status_label(r, it.status));
	if (it.embargo_at)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Embargo until"), fmt_datetime(&r->a, r->lang, it.embargo_at));
	if (it.published_at)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Published"), fmt_datetime(&r->a, r->lang, it.published_at));
	html(r, "</dl>");
	field_errors_summary(r);

	html(r, "<section aria-labelledby=\"h-pubs\"><h2 id=\"h-pubs\">%s</h2>", T(r, "Publications"));
	if (np == 0) {
		html(r, "<p>%s</p>", T(r, "The item is not scheduled on any channel yet."));
	} else {
		html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Channel"), T(r, "Time"), T(r, "Status"), T(r, "Post"), T(r, "Actions"));
		for (size_t i = 0; i < np; i++) {
			const struct publication *p = &pv[i];
			html(r, "<tr><td>%s</td><td>%s</td><td>", p->channel_name, fmt_datetime(&r->a, r->lang, p->scheduled_at));
			status_tag(r, p->status);
			if (*p->fail_reason)
				html(r, "<br><span class=\"muted\">%s</span>", p->fail_reason);
			html(r, "</td><td>");
			if (*p->external_url)
				html(r, "<a href=\"%s\">%s</a>", url_safe(p->external_url), p->external_url);
			if (p->published_at)
				html(r, "<br><span class=\"muted\">%s%s%s</span>", fmt_datetime(&r->a, r->lang, p->published_at),
				     *p->published_by_name ? ", " : "", p->published_by_name);
			html(r, "</td><td>");
			bool open = str_eq(p->status, "scheduled") || str_eq(p->status, "due");
			if (open && !str_eq(p->channel_adapter, "feed")) {
				form_open(r, url_fmt(&r->a, "/staff/%s/publications/%lld/published", r->inst->slug, (long long)p->id),
				          "inline");
				html(r, "<label for=\"u-%lld\">%s</label> <input id=\"u-%lld\" name=\"url\" type=\"url\" required "
				        "placeholder=\"https://\"> <button type=\"submit\">%s</button>",
				     (long long)p->id, T(r, "Address of the post"), (long long)p->id, T(r, "Mark as published"));
				form_close(r);
			}
			if (open || str_eq(p->status, "failed")) {
				form_open(r, url_fmt(&r->a, "/staff/%s/publications/%lld/reschedule", r->inst->slug, (long long)p->id),
				          "inline");
				html(r, "<label for=\"d-%lld\">%s</label> <input id=\"d-%lld\" name=\"date\" type=\"date\" value=\"%s\" "
				        "required> <label for=\"t-%lld\">%s</label> <input id=\"t-%lld\" name=\"time\" type=\"time\" "
				        "value=\"%s\" required> <button type=\"submit\">%s</button>",
				     (long long)p->id, T(r, "Date"), (long long)p->id, date_value(r, p->scheduled_at), (long long)p->id,
				     T(r, "Time"), (long long)p->id, time_value(r, p->scheduled_at), T(r, "Move"));
				form_close(r);
			}
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	}
	html(r, "</section>");

	bool can_schedule = str_eq(it.status, "approved") || str_eq(it.status, "scheduled") || str_eq(it.status, "published");
	html(r, "<section aria-labelledby=\"h-sched\"><h2 id=\"h-sched\">%s</h2>", T(r, "Schedule on channels"));
	if (!can_schedule) {
		html(r, "<p>%s</p>", T(r, "An item can be scheduled once it is approved."));
	} else {
		form_open(r, publish_url(r, id), NULL);
		int64_t when = when_in ? when_in : (it.scheduled_at ? it.scheduled_at : 0);
		const char *derr = req_field_msg(r, "scheduled_at");
		html(r, "<div class=\"field%s\">", derr ? " has-error" : "");
		ui_label_hint_error(r, "scheduled_at", T(r, "Date of publication"), true, NULL, derr);
		html(r, "<input id=\"f-scheduled_at\" name=\"date\" type=\"date\" required value=\"%s\"", date_value(r, when));
		ui_described_by(r, "scheduled_at", false, derr != NULL);
		html(r, "></div>");
		ui_field(r, "time", T(r, "Time (Vilnius)"), "time", when ? time_value(r, when) : "09:00", true, "off", NULL);
		const char *cerr = req_field_msg(r, "channels");
		html(r, "<fieldset id=\"f-channels\" class=\"field%s\" tabindex=\"-1\"><legend>%s *</legend>",
		     cerr ? " has-error" : "", T(r, "Channels"));
		if (cerr)
			html(r, "<p class=\"error\" id=\"e-channels\">%s</p>", cerr);
		for (size_t i = 0; i < nch; i++) {
			if (str_eq(ch[i].adapter, "email"))
				continue;
			bool on = false;
			for (size_t k = 0; k < nchosen; k++)
				on |= chosen[k] == ch[i].id;
			for (size_t k = 0; k < np && !nchosen; k++)
				on |= pv[k].channel_id == ch[i].id;
			html(r, "<div class=\"field checkbox\"><input type=\"checkbox\" id=\"c-%lld\" name=\"channel[]\" value=\"%lld\"%s>"
			        "<label for=\"c-%lld\">%s</label>",
			     (long long)ch[i].id, (long long)ch[i].id, on ? " checked" : "", (long long)ch[i].id, ch[i].name);
			if (!ch[i].admins)
				html(r, " <span class=\"muted\">(%s)</span>", T(r, "no administrator"));
			html(r, "</div>");
		}
		html(r, "</fieldset><div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Schedule"));
		form_close(r);
	}
	html(r, "</section>");

	bool out = false;
	for (size_t i = 0; i < np; i++)
		out |= str_eq(pv[i].status, "published") || str_eq(pv[i].status, "due");
	if (out) {
		html(r, "<section aria-labelledby=\"h-withdraw\"><h2 id=\"h-withdraw\">%s</h2><p>%s</p>", T(r, "Withdraw"),
		     T(r, "Takes the item off the newsroom and its feeds at once; each post on other channels becomes a task "
		          "to remove it."));
		form_open(r, url_fmt(&r->a, "/staff/%s/content/%lld/withdraw", r->inst->slug, (long long)id), NULL);
		ui_textarea(r, "reason", T(r, "Reason"), "", 3, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\" class=\"danger\">%s</button></div>",
		     T(r, "Withdraw everywhere"));
		form_close(r);
		html(r, "</section>");
	}
	page_end(r);
	return SK_OK;
}

static sk_rc publish_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return publish_page(r, id, 0, NULL, 0);
}

static size_t form_channels(struct req *r, int64_t **out)
{
	*out = arena_alloc(&r->a, (r->form.n ? r->form.n : 1) * sizeof **out);
	size_t n = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		int64_t v;
		if (str_eq(r->form.items[i].k, "channel[]") && parse_i64(r->form.items[i].v, &v) && v > 0)
			(*out)[n++] = v;
	}
	return n;
}

static sk_rc publish_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	int64_t when = parse_local(req_form(r, "date"), req_form(r, "time"));
	int64_t *ids;
	size_t n = form_channels(r, &ids);
	if (!when)
		req_field_error(r, "scheduled_at", T(r, "Enter the date and the time."));
	sk_rc rc = r->nerrors ? SK_EINPUT : publ_schedule(r, id, when, ids, n);
	if (rc == SK_OK) {
		flash_set(r, N_("The publications are scheduled."));
		redirect(r, publish_url(r, id));
		return SK_OK;
	}
	if (rc != SK_EINPUT && rc != SK_ECONFLICT)
		return rc;
	r->status = 422;
	return publish_page(r, id, when, ids, n);
}

static sk_rc pub_item_of(struct req *r, int64_t *pid, struct publication *p)
{
	if (!req_id(r, "id", pid))
		return SK_ENOTFOUND;
	return publ_get(r, *pid, p);
}

static sk_rc published_post(struct req *r)
{
	int64_t pid;
	struct publication p;
	sk_rc rc = pub_item_of(r, &pid, &p);
	if (rc != SK_OK)
		return rc;
	rc = publ_mark_published(r, pid, req_form(r, "url"));
	if (rc == SK_OK) {
		flash_set(r, N_("The publication is marked as published."));
		redirect(r, publish_url(r, p.item_id));
		return SK_OK;
	}
	if (rc != SK_EINPUT && rc != SK_ECONFLICT)
		return rc;
	r->status = 422;
	return publish_page(r, p.item_id, 0, NULL, 0);
}

static sk_rc reschedule_post(struct req *r)
{
	int64_t pid;
	struct publication p;
	sk_rc rc = pub_item_of(r, &pid, &p);
	if (rc != SK_OK)
		return rc;
	int64_t when = parse_local(req_form(r, "date"), req_form(r, "time"));
	if (!when) {
		req_field_error(r, "scheduled_at", T(r, "Enter the date and the time."));
		rc = SK_EINPUT;
	} else {
		rc = publ_reschedule(r, pid, when);
	}
	if (rc == SK_OK) {
		flash_set(r, N_("The publication is moved."));
		if (str_eq(req_form(r, "back"), "calendar")) {
			int ymd;
			unix_to_local(when, &ymd, NULL, NULL);
			redirect(r, url_fmt(&r->a, "/staff/%s/content/calendar?view=list&month=%04d-%02d", r->inst->slug,
			                    ymd / 10000, ymd / 100 % 100));
		} else {
			redirect(r, publish_url(r, p.item_id));
		}
		return SK_OK;
	}
	if (rc != SK_EINPUT && rc != SK_ECONFLICT)
		return rc;
	r->status = 422;
	return publish_page(r, p.item_id, 0, NULL, 0);
}

static sk_rc withdraw_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = publ_withdraw(r, id, req_form(r, "reason"));
	if (rc == SK_OK) {
		flash_set(r, N_("The item is withdrawn."));
		redirect(r, publish_url(r, id));
		return SK_OK;
	}
	if (rc != SK_EINPUT && rc != SK_ECONFLICT)
		return rc;
	r->status = 422;
	return publish_page(r, id, 0, NULL, 0);
}

/* ---- all publications ---------------------------------------------------------- */

static sk_rc publications_get(struct req *r)
{
	const char *status = req_query(r, "status");
	bool ok = false;
	for (size_t i = 0; publ_statuses[i]; i++)
		ok |= str_eq(publ_statuses[i], status);
	if (!ok)
		status = "";
	struct publ_filter f = {.status = status};
	if (!*status)
		f.from = now_unix() - 30 * 86400LL;
	struct publication *pv;
	size_t n;
	sk_rc rc = publ_list(r, &f, 500, &pv, &n);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Publications"));
	html(r, "<h1>%s</h1>", T(r, "Publications"));
	html(r, "<form method=\"get\" class=\"filters\" action=\"%s\" aria-label=\"%s\">",
	     url_fmt(&r->a, "/staff/%s/publications", r->inst->slug), T(r, "Filter the publications"));
	const char *vals[8], *labels[8];
	size_t k = 0;
	vals[k] = "";
	labels[k++] = T(r, "The last 30 days and what is ahead");
	for (size_t i = 0; publ_statuses[i]; i++, k++) {
		vals[k] = publ_statuses[i];
		labels[k] = publ_status_label(r, publ_statuses[i]);
	}
	ui_select(r, "status", T(r, "Status"), vals, labels, k, status, false, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Filter"));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "No publications."));
	} else {
		html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Time"), T(r, "Item"), T(r, "Channel"), T(r, "Status"));
		for (size_t i = 0; i < n; i++) {
			html(r, "<tr><td>%s</td><td><a href=\"%s\">%s</a></td><td>%s</td><td>",
			     fmt_datetime(&r->a, r->lang, pv[i].scheduled_at), publish_url(r, pv[i].item_id), pv[i].item_title,
			     pv[i].channel_name);
			status_tag(r, pv[i].status);
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	}
	page_end(r);
	return SK_OK;
}

/* ---- the channel registry ------------------------------------------------------------ */

static sk_rc channels_get(struct req *r)
{
	struct chan *ch;
	size_t n;
	sk_rc rc = chan_list(r, false, &ch, &n);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Channels"));
	html(r, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Channels"),
	     T(r, "Where the institution publishes, who owns each channel and who holds access to it. No passwords are "
	          "stored here."));
	html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	     T(r, "Channel"), T(r, "Owning department"), T(r, "Administrators"), T(r, "Audience"), T(r, "Status"));
	for (size_t i = 0; i < n; i++) {
		html(r, "<tr><td><a href=\"%s\">%s</a>", url_fmt(&r->a, "/staff/%s/channels/%lld", r->inst->slug,
		                                                   (long long)ch[i].id), ch[i].name);
		if (*ch[i].url)
			html(r, "<br><span class=\"muted\">%s</span>", ch[i].url);
		html(r, "</td><td>%s</td><td>%lld</td><td>%s</td><td>%s</td></tr>",
		     *ch[i].department_name ? ch[i].department_name : "—", (long long)ch[i].admins,
		     ch[i].audience_size ? fmt_number(&r->a, r->lang, (double)ch[i].audience_size, 0) : "—",
		     str_eq(ch[i].status, "active")   ? T(r, "Active")
		     : str_eq(ch[i].status, "paused") ? T(r, "Paused")
		                                      : T(r, "Retired"));
	}
	html(r, "</tbody></table>");
	page_end(r);
	return SK_OK;
}

/* The platform API: whether a token is stored, never the token. */
static void token_section(struct req *r, const struct chan *c, bool manage)
{
	struct chan_token t;
	if (chan_token_info(r, c->id, &t) != SK_OK)
		return;
	html(r, "<section aria-labelledby=\"h-api\"><h2 id=\"h-api\">%s</h2>", T(r, "Publishing through the platform's API"));
	if (t.present) {
		html(r, "<p>%s</p><dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s, %s</dd></dl>",
		     T(r, "An access token is stored, sealed; it is never shown again. Scheduled posts on this channel are "
		          "published by the system at their time."),
		     T(r, "Account id"), *t.account_id ? t.account_id : "—", T(r, "Expires"),
		     t.expires_at ? fmt_date(&r->a, r->lang, t.expires_at) : T(r, "not given"), T(r, "Set"),
		     fmt_datetime(&r->a, r->lang, t.set_at), t.set_by_name);
	} else {
		html(r, "<p>%s</p>", T(r, "No access token: posts on this channel become a \"publish now\" task for their owner, "
		                          "who pastes the post's address afterwards."));
	}
	if (!manage) {
		html(r, "</section>");
		return;
	}
	form_open(r, url_fmt(&r->a, "/staff/%s/channels/%lld/token", r->inst->slug, (long long)c->id), NULL);
	if (!str_eq(c->kind, "youtube"))
		ui_field(r, "account_id", str_eq(c->kind, "facebook") ? T(r, "Facebook page id") : T(r, "Instagram account id"),
		         "text", t.account_id, true, "off", NULL);
	ui_field(r, "token", T(r, "Access token"), "password", "", true, "off",
	         T(r, "A long-lived page token (Meta) or an OAuth token with the youtube scope (Google)."));
	ui_field(r, "expires_at", T(r, "Expires on"), "date", "", false, "off", NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
	     t.present ? T(r, "Replace the token") : T(r, "Save the token"));
	form_close(r);
	if (t.present) {
		form_open(r, url_fmt(&r->a, "/staff/%s/channels/%lld/token/remove", r->inst->slug, (long long)c->id), "inline");
		html(r, "<button type=\"submit\" class=\"secondary\">%s</button>", T(r, "Remove the token"));
		form_close(r);
	}
	html(r, "</section>");
}

static sk_rc channel_page(struct req *r, int64_t id, const struct chan *in)
{
	struct chan c;
	sk_rc rc = chan_get(r, id, &c);
	if (rc != SK_OK)
		return rc;
	const struct chan *v = in ? in : &c;
	struct chan_admin *ad;
	size_t na;
	if ((rc = chan_admins(r, id, &ad, &na)) != SK_OK)
		return rc;
	bool manage = req_has_perm(r, "channels.manage");
	page_begin(r, PAGE_STAFF, c.name);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", url_fmt(&r->a, "/staff/%s/channels", r->inst->slug),
	     T(r, "All channels"), c.name);
	field_errors_summary(r);
	if (manage) {
		form_open(r, url_fmt(&r->a, "/staff/%s/channels/%lld", r->inst->slug, (long long)id), NULL);
		ui_field(r, "name", T(r, "Name"), "text", v->name, true, "off", NULL);
		ui_field(r, "url", T(r, "Address (URL)"), "url", v->url, false, "url", NULL);
		struct adm_dept *dv;
		size_t nd = adm_depts(r, &dv);
		const char **dvals = arena_alloc(&r->a, (nd + 1) * sizeof *dvals);
		const char **dlabels = arena_alloc(&r->a, (nd + 1) * sizeof *dlabels);
		dvals[0] = "0";
		dlabels[0] = T(r, "None");
		for (size_t i = 0; i < nd; i++) {
			dvals[i + 1] = arena_printf(&r->a, "%lld", (long long)dv[i].id);
			dlabels[i + 1] = adm_dept_name(r, &dv[i]);
		}
		ui_select(r, "department_id", T(r, "Owning department"), dvals, dlabels, nd + 1,
		          arena_printf(&r->a, "%lld", (long long)v->department_id), false, NULL);
		static const char *const sts[] = {"active", "paused", "retired"};
		const char *stl[] = {T(r, "Active"), T(r, "Paused"), T(r, "Retired")};
		ui_select(r, "status", T(r, "Status"), sts, stl, 3, v->status, true, NULL);
		ui_field(r, "audience_size", T(r, "Audience size (followers, subscribers)"), "number",
		         arena_printf(&r->a, "%lld", (long long)v->audience_size), false, "off", NULL);
		ui_textarea(r, "guidelines", T(r, "Content guidelines and posting times"), v->guidelines, 4, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
		form_close(r);
	} else {
		html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>", T(r, "Address (URL)"),
		     *c.url ? c.url : "—", T(r, "Owning department"), *c.department_name ? c.department_name : "—");
		if (*c.guidelines)
			html(r, "<h2>%s</h2><p>%s</p>", T(r, "Content guidelines and posting times"), c.guidelines);
	}
	html(r, "<section aria-labelledby=\"h-admins\"><h2 id=\"h-admins\">%s</h2>", T(r, "Administrators"));
	if (na == 0)
		html(r, "<p>%s</p>", T(r, "Nobody is recorded as holding access. Publishing on this channel is refused until "
		                          "someone is."));
	else {
		html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th>",
		     T(r, "Person"), T(r, "Second factor device"), T(r, "Since"));
		if (manage)
			html(r, "<th scope=\"col\">%s</th>", T(r, "Actions"));
		html(r, "</tr></thead><tbody>");
		for (size_t i = 0; i < na; i++) {
			html(r, "<tr><td>%s</td><td>%s</td><td>%s</td>", ad[i].user_name,
			     *ad[i].second_factor ? ad[i].second_factor : "—", fmt_date(&r->a, r->lang, ad[i].added_at));
			if (manage) {
				html(r, "<td>");
				form_open(r, url_fmt(&r->a, "/staff/%s/channels/%lld/admins/%lld/remove", r->inst->slug,
				                     (long long)id, (long long)ad[i].id),
				          "inline");
				html(r, "<button type=\"submit\" class=\"secondary\">%s</button>", T(r, "Remove"));
				form_close(r);
				html(r, "</td>");
			}
			html(r, "</tr>");
		}
		html(r, "</tbody></table>");
	}
	if (manage) {
		struct adm_member *mv;
		size_t nm;
		int64_t total;
		struct adm_filter af = {.status = 1};
		if (adm_members(r, &af, 500, 0, &mv, &nm, &total) == SK_OK && nm) {
			form_open(r, url_fmt(&r->a, "/staff/%s/channels/%lld/admins", r->inst->slug, (long long)id), NULL);
			const char **mvals = arena_alloc(&r->a, nm * sizeof *mvals);
			const char **mlabels = arena_alloc(&r->a, nm * sizeof *mlabels);
			for (size_t i = 0; i < nm; i++) {
				mvals[i] = arena_printf(&r->a, "%lld", (long long)mv[i].id);
				mlabels[i] = mv[i].name;
			}
			ui_select(r, "user_id", T(r, "Person"), mvals, mlabels, nm, "", true, NULL);
			ui_field(r, "second_factor", T(r, "Second factor device"), "text", "", false, "off",
			         T(r, "For example: Rūtos telefonas (Google Authenticator)"));
			html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Add administrator"));
			form_close(r);
		}
	}
	html(r, "</section>");
	if (str_eq(c.kind, "facebook") || str_eq(c.kind, "instagram") || str_eq(c.kind, "youtube"))
		token_section(r, &c, manage);
	page_end(r);
	return SK_OK;
}

static sk_rc channel_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return channel_page(r, id, NULL);
}

static const char *const ch_statuses[] = {"active", "paused", "retired", NULL};
static const struct field ch_fields[] = {
        {"name", F_TEXT, true, 200, NULL, 0, 0},
        {"url", F_TEXT, false, 500, NULL, 0, 0},
        {"department_id", F_INT, false, 0, NULL, 0, 0},
        {"status", F_ENUM, true, 0, ch_statuses, 0, 0},
        {"audience_size", F_INT, false, 0, NULL, 0, 2000000000},
        {"guidelines", F_TEXTAREA, false, 5000, NULL, 0, 0},
};

static sk_rc channel_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct form_values v;
	sk_rc rc = form_read(r, ch_fields, SK_ARRAY_LEN(ch_fields), &v);
	struct chan in = {.name = v.s[0], .url = v.s[1], .department_id = v.i[2], .status = v.s[3],
	                  .audience_size = v.i[4], .guidelines = v.s[5]};
	if (rc == SK_OK)
		rc = chan_update(r, id, &in);
	if (rc == SK_OK) {
		flash_set(r, N_("The channel is saved."));
		redirect(r, url_fmt(&r->a, "/staff/%s/channels/%lld", r->inst->slug, (long long)id));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return channel_page(r, id, &in);
}

static sk_rc admin_add_post(struct req *r)
{
	int64_t id, uid = 0;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	parse_i64(req_form(r, "user_id"), &uid);
	sk_rc rc = chan_admin_add(r, id, uid, req_form(r, "second_factor"));
	if (rc == SK_OK) {
		flash_set(r, N_("The administrator is added."));
		redirect(r, url_fmt(&r->a, "/staff/%s/channels/%lld", r->inst->slug, (long long)id));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return channel_page(r, id, NULL);
}

static sk_rc token_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	int64_t exp = 0;
	const char *e = req_form(r, "expires_at");
	if (e && *e) {
		int ymd;
		if (!ymd_parse(e, &ymd))
			req_field_error(r, "expires_at", T(r, "Enter a date as YYYY-MM-DD."));
		else
			exp = local_to_unix(ymd, 23, 59);
	}
	sk_rc rc = r->nerrors ? SK_EINPUT : chan_token_set(r, id, req_form(r, "account_id"), req_form(r, "token"), exp);
	if (rc == SK_OK) {
		flash_set(r, N_("The token is stored."));
		redirect(r, url_fmt(&r->a, "/staff/%s/channels/%lld", r->inst->slug, (long long)id));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return channel_page(r, id, NULL);
}

static sk_rc token_remove_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = chan_token_clear(r, id);
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The token is removed."));
	redirect(r, url_fmt(&r->a, "/staff/%s/channels/%lld", r->inst->slug, (long long)id));
	return SK_OK;
}

static sk_rc admin_remove_post(struct req *r)
{
	int64_t id, aid;
	if (!req_id(r, "id", &id) || !req_id(r, "aid", &aid))
		return SK_ENOTFOUND;
	sk_rc rc = chan_admin_remove(r, id, aid);
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The administrator is removed."));
	redirect(r, url_fmt(&r->a, "/staff/%s/channels/%lld", r->inst->slug, (long long)id));
	return SK_OK;
}

/* ---- the press room's media contacts ------------------------------------------------- */

SK_STMT_SCOPED(st_pc_list, "SELECT id, name, role, email, phone FROM press_contacts WHERE institution_id = $1 "
                           "ORDER BY sort, id");
SK_STMT(st_pc_add, STMT_SCOPED | STMT_WRITE,
        "INSERT INTO press_contacts(institution_id, name, role, email, phone, sort) "
        "VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(MAX(sort), 0) + 1 FROM press_contacts WHERE institution_id = $1)) "
        "RETURNING id");
SK_STMT(st_pc_del, STMT_SCOPED | STMT_WRITE,
        "DELETE FROM press_contacts WHERE institution_id = $1 AND id = $2 RETURNING id");

static const struct field pc_fields[] = {
        {"name", F_TEXT, true, 200, NULL, 0, 0},
        {"role", F_TEXT, false, 200, NULL, 0, 0},
        {"email", F_EMAIL, false, 254, NULL, 0, 0},
        {"phone", F_TEXT, false, 40, NULL, 0, 0},
};

static sk_rc press_contacts_page(struct req *r, const struct form_values *v)
{
	page_begin(r, PAGE_STAFF, T(r, "Press room contacts"));
	html(r, "<h1>%s</h1><p class=\"lead\">%s <a href=\"%s\">%s</a></p>", T(r, "Press room contacts"),
	     T(r, "Shown to journalists in the public press room:"), url_fmt(&r->a, "/%s/press", r->inst->slug),
	     T(r, "Press room"));
	field_errors_summary(r);
	dbq *q = db_q(r->db, &st_pc_list);
	size_t n = 0;
	while (db_step(q) == DB_ROW) {
		if (n++ == 0)
			html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			     T(r, "Name"), T(r, "Role"), T(r, "E-mail"), T(r, "Phone"), T(r, "Actions"));
		int64_t id = db_int(q, 0);
		html(r, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>", db_text(q, 1), db_text(q, 2), db_text(q, 3),
		     db_text(q, 4));
		form_open(r, url_fmt(&r->a, "/staff/%s/press-contacts/%lld/remove", r->inst->slug, (long long)id), "inline");
		html(r, "<button type=\"submit\" class=\"secondary\">%s</button>", T(r, "Remove"));
		form_close(r);
		html(r, "</td></tr>");
	}
	db_done(q);
	if (n)
		html(r, "</tbody></table>");
	else
		html(r, "<p>%s</p>", T(r, "No contacts yet."));
	html(r, "<h2>%s</h2>", T(r, "Add a contact"));
	form_open(r, url_fmt(&r->a, "/staff/%s/press-contacts", r->inst->slug), NULL);
	ui_field(r, "name", T(r, "Name"), "text", v ? v->s[0] : "", true, "off", NULL);
	ui_field(r, "role", T(r, "Role"), "text", v ? v->s[1] : "", false, "off", NULL);
	ui_field(r, "email", T(r, "E-mail"), "email", v ? v->s[2] : "", false, "off", NULL);
	ui_field(r, "phone", T(r, "Phone"), "tel", v ? v->s[3] : "", false, "off", NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Add"));
	form_close(r);
	page_end(r);
	return SK_OK;
}

static sk_rc press_contacts_get(struct req *r) { return press_contacts_page(r, NULL); }

static sk_rc press_contacts_post(struct req *r)
{
	struct form_values v;
	sk_rc rc = form_read(r, pc_fields, SK_ARRAY_LEN(pc_fields), &v);
	if (rc == SK_OK) {
		if ((rc = db_begin(r->db)) != SK_OK)
			return rc;
		dbq *q = db_q(r->db, &st_pc_add);
		for (int i = 0; i < 4; i++)
			db_bind_text(q, 2 + i, v.s[i]);
		int64_t id;
		if ((rc = db_exec_id(q, &id)) == SK_OK)
			rc = audit(r, "press_contact.create", "press_contacts", id, NULL,
			           json_pack("{s:s, s:s, s:s}", "name", v.s[0], "role", v.s[1], "email", v.s[2]));
		if (rc == SK_OK && (rc = db_commit(r->db)) == SK_OK) {
			flash_set(r, N_("The contact is added."));
			redirect(r, url_fmt(&r->a, "/staff/%s/press-contacts", r->inst->slug));
			return SK_OK;
		}
		db_rollback(r->db);
		return rc;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return press_contacts_page(r, &v);
}

static sk_rc press_contact_remove(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_pc_del);
	db_bind_int(q, 2, id);
	int64_t got;
	if ((rc = db_exec_id(q, &got)) == SK_OK)
		rc = audit(r, "press_contact.delete", "press_contacts", id, NULL, NULL);
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, N_("The contact is removed."));
	redirect(r, url_fmt(&r->a, "/staff/%s/press-contacts", r->inst->slug));
	return SK_OK;
}

SK_ROUTES(publishing,
          {"GET", "/staff/{inst}/content/{id}/publish", publish_get, "content.view", 0},
          {"POST", "/staff/{inst}/content/{id}/publish", publish_post, "publishing.manage", 0},
          {"POST", "/staff/{inst}/content/{id}/withdraw", withdraw_post, "publishing.manage", 0},
          {"POST", "/staff/{inst}/publications/{id}/published", published_post, "publishing.manage", 0},
          {"POST", "/staff/{inst}/publications/{id}/reschedule", reschedule_post, "publishing.manage", 0},
          {"GET", "/staff/{inst}/publications", publications_get, "content.view", 0},
          {"GET", "/staff/{inst}/channels", channels_get, "content.view", 0},
          {"GET", "/staff/{inst}/channels/{id}", channel_get, "content.view", 0},
          {"POST", "/staff/{inst}/channels/{id}", channel_post, "channels.manage", 0},
          {"POST", "/staff/{inst}/channels/{id}/admins", admin_add_post, "channels.manage", 0},
          {"POST", "/staff/{inst}/channels/{id}/admins/{aid}/remove", admin_remove_post, "channels.manage", 0},
          {"POST", "/staff/{inst}/channels/{id}/token", token_post, "channels.manage", 0},
          {"POST", "/staff/{inst}/channels/{id}/token/remove", token_remove_post, "channels.manage", 0},
          {"GET", "/staff/{inst}/press-contacts", press_contacts_get, "channels.manage", 0},
          {"POST", "/staff/{inst}/press-contacts", press_contacts_post, "channels.manage", 0},
          {"POST", "/staff/{inst}/press-contacts/{id}/remove", press_contact_remove, "channels.manage", 0});

SK_NAV_GROUP(nav_content_calendar, "staff", "/staff/{inst}/content/calendar", N_("Content calendar"), "content.view", 18, 0, N_("Communication"));
SK_NAV_GROUP(nav_publications, "staff", "/staff/{inst}/publications", N_("Publications"), "content.view", 19, 0, N_("Communication"));
SK_NAV_GROUP(nav_channels, "staff", "/staff/{inst}/channels", N_("Channels"), "content.view", 20, 0, N_("Communication"));

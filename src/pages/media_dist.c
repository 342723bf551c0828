/*
 * media_dist.c -- media distribution pages (C4 workflow 5, AC-C4-4):
 *   /staff/{inst}/media            distributions; send a press release to a contact list
 *   /staff/{inst}/media/{id}       who got what (one line per person), coverage
 *   POST /staff/{inst}/media/{id}/coverage   outlet + URL
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/contact.h"
#include "../model/newsletter.h"
#include "../model/occasion.h"

#include <string.h>

static const char *fv(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? v : "";
}

static const char *md_url(struct req *r, int64_t id)
{
	return id ? url_fmt(&r->a, "/staff/%s/media/%lld", r->inst->slug, (long long)id)
	          : url_fmt(&r->a, "/staff/%s/media", r->inst->slug);
}

static const char *rcpt_status(struct req *r, const char *s)
{
	if (str_eq(s, "sent"))
		return T(r, "Sent");
	if (str_eq(s, "failed"))
		return T(r, "Failed");
	if (str_eq(s, "skipped"))
		return T(r, "Skipped: do not contact");
	return T(r, "Waiting");
}

static void list_page(struct req *r, const char *subject, const char *intro)
{
	struct md_dist *d;
	size_t n = 0;
	md_list(r, &d, &n);
	struct md_candidate *c;
	size_t nc = 0;
	md_candidates(r, &c, &nc);
	struct contact_list *l;
	size_t nl = 0;
	contact_lists(r, &l, &nl);
	page_begin(r, PAGE_STAFF, T(r, "Media distribution"));
	html(r, "<h1>%s</h1>", T(r, "Media distribution"));
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "A press release goes to every person on a contact list in a message of their own: nobody sees another's address."));
	if (n) {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Distributions"), T(r, "Press release"), T(r, "Contact list"), T(r, "Created"),
		     T(r, "Sent / recipients"), T(r, "Skipped"));
		for (size_t i = 0; i < n; i++)
			html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>%s</td><td>%lld / %lld</td>"
			        "<td>%lld</td></tr>",
			     md_url(r, d[i].id), d[i].item_title, d[i].list_name, fmt_datetime(&r->a, r->lang, d[i].created_at),
			     (long long)d[i].sent, (long long)d[i].total, (long long)(d[i].skipped_dnc + d[i].skipped_noemail));
		html(r, "</tbody></table>");
	}
	html(r, "<h2>%s</h2>", T(r, "Send a press release"));
	if (nc == 0 || nl == 0) {
		html(r, "<p>%s</p>", nc == 0 ? T(r, "There is no approved or published press release yet.")
		                             : T(r, "There are no contact lists yet."));
		page_end(r);
		return;
	}
	field_errors_summary(r);
	form_open(r, md_url(r, 0), "stack");
	const char **cv = arena_alloc(&r->a, nc * sizeof *cv), **cl = arena_alloc(&r->a, nc * sizeof *cl);
	for (size_t i = 0; i < nc; i++) {
		cv[i] = arena_printf(&r->a, "%lld", (long long)c[i].id);
		cl[i] = c[i].title;
	}
	ui_select(r, "item_id", T(r, "Press release"), cv, cl, nc, fv(r, "item_id"), true, NULL);
	const char **lv = arena_alloc(&r->a, nl * sizeof *lv), **ll = arena_alloc(&r->a, nl * sizeof *ll);
	for (size_t i = 0; i < nl; i++) {
		lv[i] = arena_printf(&r->a, "%lld", (long long)l[i].id);
		ll[i] = l[i].name;
	}
	ui_select(r, "list_id", T(r, "Contact list"), lv, ll, nl, fv(r, "list_id"), true,
	          T(r, "People flagged do-not-contact and people without an e-mail address are skipped and counted."));
	ui_field(r, "subject", T(r, "Subject (empty = the press release's title)"), "text", subject, false, "off", NULL);
	ui_textarea(r, "intro", T(r, "A note above the text (optional)"), intro, 3,
	            T(r, "Each message starts with the person's salutation from the contacts, or \"Laba diena,\"."));
	ui_field(r, "followup_date", T(r, "Follow-up task on (optional)"), "date", fv(r, "followup_date"), false,
	         "off", T(r, "You get a task to follow up on that day."));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Send"));
	form_close(r);
	page_end(r);
}

static sk_rc list_get(struct req *r)
{
	list_page(r, "", "");
	return SK_OK;
}

static sk_rc create_post(struct req *r)
{
	int64_t item = 0, list = 0;
	parse_i64(fv(r, "item_id"), &item);
	parse_i64(fv(r, "list_id"), &list);
	int fu = 0;
	const char *fs = fv(r, "followup_date");
	if (*fs && !ymd_parse(fs, &fu)) {
		req_field_error(r, "followup_date", T(r, "Enter the date as YYYY-MM-DD."));
		r->status = 422;
		list_page(r, fv(r, "subject"), fv(r, "intro"));
		return SK_OK;
	}
	int64_t id;
	sk_rc rc = md_create(r, item, list, fv(r, "subject"), fv(r, "intro"), fu, &id);
	if (rc == SK_EINPUT) {
		r->status = 422;
		list_page(r, fv(r, "subject"), fv(r, "intro"));
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	struct md_dist d;
	if ((rc = md_get(r, id, &d)) != SK_OK)
		return rc;
	flash_set(r, arena_printf(&r->a, T(r, "Sending to %lld people; skipped: %lld do-not-contact, %lld without e-mail."),
	                          (long long)d.total, (long long)d.skipped_dnc, (long long)d.skipped_noemail));
	redirect(r, md_url(r, id));
	return SK_OK;
}

static void dist_page(struct req *r, const struct md_dist *d, const char *outlet, const char *url)
{
	struct md_recipient *x;
	size_t n = 0;
	md_recipients(r, d->id, &x, &n);
	struct md_coverage *c;
	size_t nc = 0;
	md_coverages(r, d->id, &c, &nc);
	page_begin(r, PAGE_STAFF, d->item_title);
	html(r, "<p><a href=\"%s\">%s</a></p>", md_url(r, 0), T(r, "← All distributions"));
	html(r, "<h1>%s</h1>", d->item_title);
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%lld / %lld</dd>"
	        "<dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%lld</dd></dl>",
	     T(r, "Subject"), d->subject, T(r, "Contact list"), d->list_name, T(r, "Sent / recipients"),
	     (long long)d->sent, (long long)d->total, T(r, "Failures"), (long long)d->failed,
	     T(r, "Skipped: do not contact"), (long long)d->skipped_dnc, T(r, "Skipped: no e-mail address"),
	     (long long)d->skipped_noemail);
	if (d->followup_task_id)
		html(r, "<p><a href=\"%s\">%s</a></p>",
		     url_fmt(&r->a, "/staff/%s/tasks/%lld", r->inst->slug, (long long)d->followup_task_id),
		     T(r, "The follow-up task"));
	html(r, "<h2>%s</h2>", T(r, "Who got it"));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "Nobody on the list could be sent to."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "</tr></thead><tbody>",
		     T(r, "Who got it"), T(r, "Person"), T(r, "E-mail"), T(r, "Status"), T(r, "Time"));
		for (size_t i = 0; i < n; i++)
			html(r, "<tr class=\"md-log\"><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>%s%s%s</td><td>%s</td></tr>",
			     url_fmt(&r->a, "/staff/%s/contacts/%lld", r->inst->slug, (long long)x[i].person_id), x[i].name,
			     x[i].email, rcpt_status(r, x[i].status), *x[i].error ? " – " : "", x[i].error,
			     x[i].sent_at ? fmt_datetime(&r->a, r->lang, x[i].sent_at) : "—");
		html(r, "</tbody></table>");
	}
	html(r, "<h2>%s</h2>", T(r, "Coverage"));
	if (nc == 0)
		html(r, "<p>%s</p>", T(r, "No coverage recorded yet."));
	else {
		html(r, "<ul>");
		for (size_t i = 0; i < nc; i++)
			html(r, "<li><a href=\"%s\" rel=\"noopener\">%s</a> <span class=\"muted\">%s</span></li>", c[i].url,
			     c[i].outlet, fmt_datetime(&r->a, r->lang, c[i].added_at));
		html(r, "</ul>");
	}
	field_errors_summary(r);
	form_open(r, arena_printf(&r->a, "%s/coverage", md_url(r, d->id)), "stack");
	ui_field(r, "outlet", T(r, "Outlet"), "text", outlet, true, "off", NULL);
	ui_field(r, "url", T(r, "Address of the article"), "url", url, true, "url", NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Add the coverage"));
	form_close(r);
	page_end(r);
}

static sk_rc dist_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct md_dist d;
	sk_rc rc = md_get(r, id, &d);
	if (rc == SK_OK)
		dist_page(r, &d, "", "");
	return rc;
}

static sk_rc coverage_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct md_dist d;
	sk_rc rc = md_get(r, id, &d);
	if (rc != SK_OK)
		return rc;
	rc = md_coverage_add(r, id, fv(r, "outlet"), fv(r, "url"));
	if (rc == SK_EINPUT) {
		r->status = 422;
		dist_page(r, &d, fv(r, "outlet"), fv(r, "url"));
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, T(r, "The coverage is recorded."));
	redirect(r, md_url(r, id));
	return SK_OK;
}

SK_ROUTES(media_dist,
          {"GET", "/staff/{inst}/media", list_get, "media.distribute", 0},
          {"POST", "/staff/{inst}/media", create_post, "media.distribute", 0},
          {"GET", "/staff/{inst}/media/{id}", dist_get, "media.distribute", 0},
          {"POST", "/staff/{inst}/media/{id}/coverage", coverage_post, "media.distribute", 0});

SK_NAV_GROUP(nav_media_dist, "staff", "/staff/{inst}/media", N_("Media distribution"), "media.distribute", 67, 0, N_("Communication"));

/*
 * newsletter.c -- the newsletter's pages (C4 workflow 4, S8 point 5):
 *   /{inst}/newsletter                       public subscription form (double opt-in)
 *   /{inst}/newsletter/confirm?t=            GET: a button; POST: confirmed
 *   /{inst}/newsletter/unsubscribe?t=        GET: a button; POST: unsubscribed (also RFC 8058
 *                                            one-click: no CSRF token, the token authorises)
 *   /staff/{inst}/newsletter                 issues, with progress
 *   /staff/{inst}/newsletter/lists           lists
 *   /staff/{inst}/newsletter/subscribers     subscribers and their consent
 *   /staff/{inst}/newsletter/settings        sender identity, bounce limit, consent text versions
 *   /staff/{inst}/newsletter/issues/new, /{id}   compose, preview, test send, send
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/newsletter.h"
#include "../model/occasion.h"

#include <stdio.h>
#include <string.h>

static const char *fv(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? v : "";
}

static const char *nl_url(struct req *r, const char *sub)
{
	return url_fmt(&r->a, "/staff/%s/newsletter%s", r->inst->slug, sub);
}

static const char *issue_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/newsletter/issues/%lld", r->inst->slug, (long long)id);
}

static const char *when_text(struct req *r, int64_t t) { return t ? fmt_datetime(&r->a, r->lang, t) : "—"; }

/* ---- public ---------------------------------------------------------------- */

static void public_form(struct req *r, const char *email, const char *name, const char *salutation, const char *lang)
{
	struct nl_list *l;
	size_t n = 0;
	nl_lists(r, true, &l, &n);
	int version;
	const char *consent;
	nl_consent_current(r, &version, &consent);
	page_begin(r, PAGE_PUBLIC, T(r, "Subscribe to the newsletter"));
	html(r, "<h1>%s</h1>", T(r, "Subscribe to the newsletter"));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "The library has no newsletter to subscribe to yet."));
		page_end(r);
		return;
	}
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "We will send you a message with a link: your subscription starts when you open it."));
	field_errors_summary(r);
	form_open(r, url_fmt(&r->a, "/%s/newsletter", r->inst->slug), "stack");
	ui_field(r, "email", T(r, "E-mail address"), "email", email, true, "email", NULL);
	ui_field(r, "name", T(r, "Name (optional)"), "text", name, false, "name", NULL);
	ui_field(r, "salutation", T(r, "How should we address you? (optional)"), "text", salutation, false, "off",
	         T(r, "Written exactly as you type it, e.g. \"Gerbiama Ona\" or \"Sveiki, Jonai\". Left empty, we write \"Laba diena\"."));
	static const char *const langs[] = {"lt", "en"};
	const char *labels[] = {"Lietuvių", "English"};
	ui_select(r, "lang", T(r, "Language of the messages"), langs, labels, 2,
	          *lang ? lang : (r->lang == LANG_EN ? "en" : "lt"), true, NULL);
	const char *lerr = req_field_msg(r, "lists");
	html(r, "<fieldset class=\"field%s\"%s><legend>%s</legend>", lerr ? " has-error" : "",
	     lerr ? " aria-describedby=\"e-lists\"" : "", T(r, "Newsletters"));
	if (lerr)
		html(r, "<p class=\"error\" id=\"e-lists\">%s</p>", lerr);
	for (size_t i = 0; i < n; i++) {
		const char *fname = arena_printf(&r->a, "list_%lld", (long long)l[i].id);
		bool checked = n == 1 || *fv(r, fname);
		ui_checkbox(r, fname, l[i].name, checked, *l[i].description ? l[i].description : NULL);
	}
	html(r, "</fieldset>");
	html(r, "<div class=\"consent-text\" id=\"consent-text\"><h2>%s</h2><p>%s</p><p class=\"muted\">%s</p></div>",
	     T(r, "Your consent"), consent,
	     arena_printf(&r->a, T(r, "Consent text version %d."), version ? version : 1));
	ui_checkbox(r, "consent", T(r, "I agree to the text above"), false, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Subscribe"));
	form_close(r);
	page_end(r);
}

static sk_rc pub_get(struct req *r)
{
	public_form(r, "", "", "", "");
	return SK_OK;
}

static sk_rc pub_post(struct req *r)
{
	static const struct field f[] = {{"email", F_TEXT, true, 254, NULL, 0, 0},
	                                 {"name", F_TEXT, false, 200, NULL, 0, 0},
	                                 {"salutation", F_TEXT, false, 100, NULL, 0, 0},
	                                 {"lang", F_TEXT, false, 2, NULL, 0, 0},
	                                 {"consent", F_BOOL, false, 0, NULL, 0, 0}};
	struct form_values v;
	sk_rc rc = form_read(r, f, 5, &v);
	struct nl_list *l;
	size_t n = 0;
	int64_t ids[64];
	size_t nids = 0;
	if (nl_lists(r, true, &l, &n) == SK_OK)
		for (size_t i = 0; i < n && nids < 64; i++)
			if (*fv(r, arena_printf(&r->a, "list_%lld", (long long)l[i].id)))
				ids[nids++] = l[i].id;
	if (!v.i[4]) {
		req_field_error(r, "consent", T(r, "Tick the box to agree: without your consent we cannot send the newsletter."));
		rc = SK_EINPUT;
	}
	if (rc == SK_OK || rc == SK_EINPUT) {
		sk_rc rc2 = nl_subscribe(r, v.s[0], v.s[1], v.s[2], v.s[3], ids, nids);
		if (rc == SK_OK)
			rc = rc2;
	}
	if (rc == SK_EINPUT) {
		r->status = 422;
		public_form(r, v.s[0], v.s[1], v.s[2], v.s[3]);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_PUBLIC, T(r, "Check your mailbox"));
	html(r, "<h1>%s</h1><p>%s</p>", T(r, "Check your mailbox"),
	     T(r, "We have sent you a message with a confirmation link. Your subscription starts when you open it; until then we send nothing."));
	page_end(r);
	return SK_OK;
}

static const char *token_of(struct req *r)
{
	const char *t = req_query(r, "t");
	if (!t || !*t)
		t = fv(r, "t");
	return t ? t : "";
}

static void token_button(struct req *r, const char *path, const char *title, const char *text, const char *button,
                         bool with_csrf)
{
	page_begin(r, PAGE_PUBLIC, title);
	html(r, "<h1>%s</h1><p>%s</p>", title, text);
	const char *action = url_fmt(&r->a, "/%s/newsletter/%s", r->inst->slug, path);
	if (with_csrf)
		form_open(r, action, "stack");
	else
		html(r, "<form method=\"post\" action=\"%s\" class=\"stack\">", action);
	html(r, "<input type=\"hidden\" name=\"t\" value=\"%s\"><div class=\"actions\"><button type=\"submit\">%s</button></div>",
	     token_of(r), button);
	if (with_csrf)
		form_close(r);
	else
		html_raw(r, "</form>");
	page_end(r);
}

static sk_rc confirm_get(struct req *r)
{
	token_button(r, "confirm", T(r, "Confirm your subscription"),
	             T(r, "Press the button to start receiving the newsletter."), T(r, "Confirm"), true);
	return SK_OK;
}

static sk_rc confirm_post(struct req *r)
{
	bool ok;
	sk_rc rc = nl_confirm(r, token_of(r), &ok);
	if (rc != SK_OK)
		return rc;
	if (!ok)
		r->status = 404;
	page_begin(r, PAGE_PUBLIC, ok ? T(r, "Subscription confirmed") : T(r, "The link does not work"));
	html(r, "<h1>%s</h1><p>%s</p>", ok ? T(r, "Subscription confirmed") : T(r, "The link does not work"),
	     ok ? T(r, "Thank you. Every message has a link to unsubscribe with one click.")
	        : T(r, "The link is wrong or older than 7 days. Subscribe again to get a new one."));
	if (!ok)
		html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/%s/newsletter", r->inst->slug),
		     T(r, "Subscribe to the newsletter"));
	page_end(r);
	return SK_OK;
}

static sk_rc unsub_get(struct req *r)
{
	const char *t = token_of(r);
	if (str_eq(t, "test")) {
		page_begin(r, PAGE_PUBLIC, T(r, "Unsubscribe"));
		html(r, "<h1>%s</h1><p>%s</p>", T(r, "Unsubscribe"),
		     T(r, "This link came in a test message: subscribers get their own working link here."));
		page_end(r);
		return SK_OK;
	}
	const char *email;
	int64_t at;
	sk_rc rc = nl_unsub_lookup(r, t, &email, &at);
	if (rc != SK_OK)
		return rc;
	if (!email) {
		if (*t)   /* a token that is not one; without any, the page only explains */
			r->status = 404;
		page_begin(r, PAGE_PUBLIC, T(r, "The link does not work"));
		html(r, "<h1>%s</h1><p>%s</p>", T(r, "The link does not work"),
		     T(r, "Use the link from the newsletter message exactly as it came."));
		page_end(r);
		return SK_OK;
	}
	if (at) {
		page_begin(r, PAGE_PUBLIC, T(r, "Unsubscribe"));
		html(r, "<h1>%s</h1><p>%s</p>", T(r, "Unsubscribe"),
		     arena_printf(&r->a, T(r, "%s is unsubscribed since %s: nothing more is sent to it."), email,
		                  fmt_datetime(&r->a, r->lang, at)));
		page_end(r);
		return SK_OK;
	}
	token_button(r, "unsubscribe", T(r, "Unsubscribe"),
	             arena_printf(&r->a, T(r, "Stop sending the newsletter to %s?"), email), T(r, "Unsubscribe"), false);
	return SK_OK;
}

static sk_rc unsub_post(struct req *r)
{
	bool ok;
	sk_rc rc = nl_unsubscribe(r, token_of(r), &ok);
	if (rc != SK_OK)
		return rc;
	if (!ok)
		r->status = 404;
	page_begin(r, PAGE_PUBLIC, ok ? T(r, "You are unsubscribed") : T(r, "The link does not work"));
	html(r, "<h1>%s</h1><p>%s</p>", ok ? T(r, "You are unsubscribed") : T(r, "The link does not work"),
	     ok ? T(r, "We will send you no more newsletters.") : T(r, "Use the link from the newsletter message exactly as it came."));
	page_end(r);
	return SK_OK;
}

/* ---- staff ------------------------------------------------------------------ */

static void sub_nav(struct req *r)
{
	html(r, "<nav aria-label=\"%s\"><ul class=\"plain nl-tabs\"><li><a href=\"%s\">%s</a></li><li><a href=\"%s\">%s</a></li>"
	        "<li><a href=\"%s\">%s</a></li><li><a href=\"%s\">%s</a></li></ul></nav>",
	     T(r, "Newsletter"), nl_url(r, ""), T(r, "Newsletter issues"), nl_url(r, "/lists"), T(r, "Lists"),
	     nl_url(r, "/subscribers"), T(r, "Subscribers"), nl_url(r, "/settings"), T(r, "Settings"));
}

static const char *issue_status(struct req *r, const char *s)
{
	if (str_eq(s, "draft"))
		return T(r, "Draft");
	if (str_eq(s, "scheduled"))
		return T(r, "Scheduled");
	if (str_eq(s, "sending"))
		return T(r, "Sending");
	return T(r, "Sent");
}

static sk_rc issues_get(struct req *r)
{
	struct nl_issue *is;
	size_t n;
	sk_rc rc = nl_issues(r, &is, &n);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Newsletter"));
	html(r, "<h1>%s</h1>", T(r, "Newsletter"));
	sub_nav(r);
	html(r, "<p><a class=\"button\" href=\"%s\">%s</a></p>", nl_url(r, "/issues/new"), T(r, "New issue"));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "There are no issues yet."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Newsletter issues"), T(r, "No."), T(r, "Subject"), T(r, "Status"), T(r, "Sent / total"), T(r, "Failures"));
		for (size_t i = 0; i < n; i++)
			html(r, "<tr><td>%lld</td><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>%lld / %lld</td>"
			        "<td>%lld</td></tr>",
			     (long long)is[i].number, issue_url(r, is[i].id), is[i].subject_lt, issue_status(r, is[i].status),
			     (long long)is[i].sent, (long long)is[i].total, (long long)(is[i].failed + is[i].bounced));
		html(r, "</tbody></table>");
	}
	page_end(r);
	return SK_OK;
}

static void lists_page(struct req *r, const char *name, const char *desc)
{
	struct nl_list *l;
	size_t n = 0;
	nl_lists(r, false, &l, &n);
	page_begin(r, PAGE_STAFF, T(r, "Mailing lists"));
	html(r, "<h1>%s</h1>", T(r, "Mailing lists"));
	sub_nav(r);
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "There are no lists yet."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "</tr></thead><tbody>",
		     T(r, "Mailing lists"), T(r, "List"), T(r, "On the public form"), T(r, "Confirmed subscribers"),
		     T(r, "Awaiting confirmation"));
		for (size_t i = 0; i < n; i++)
			html(r, "<tr><th scope=\"row\"><a href=\"%s?list=%lld\">%s</a></th><td>%s</td><td>%lld</td><td>%lld</td></tr>",
			     nl_url(r, "/subscribers"), (long long)l[i].id, l[i].name, l[i].public_ ? T(r, "Yes") : T(r, "No"),
			     (long long)l[i].active, (long long)l[i].pending);
		html(r, "</tbody></table>");
	}
	html(r, "<h2>%s</h2>", T(r, "New list"));
	field_errors_summary(r);
	form_open(r, nl_url(r, "/lists"), "stack");
	ui_field(r, "name", T(r, "Name"), "text", name, true, "off", T(r, "e.g. \"Bibliotekos naujienos\""));
	ui_field(r, "description", T(r, "Description on the public form"), "text", desc, false, "off", NULL);
	ui_checkbox(r, "public", T(r, "Offer it on the public subscription form"), true, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Create the list"));
	form_close(r);
	page_end(r);
}

static sk_rc lists_get(struct req *r)
{
	lists_page(r, "", "");
	return SK_OK;
}

static sk_rc lists_post(struct req *r)
{
	static const struct field f[] = {{"name", F_TEXT, true, 200, NULL, 0, 0},
	                                 {"description", F_TEXT, false, 300, NULL, 0, 0},
	                                 {"public", F_BOOL, false, 0, NULL, 0, 0}};
	struct form_values v;
	sk_rc rc = form_read(r, f, 3, &v);
	int64_t id;
	if (rc == SK_OK)
		rc = nl_list_create(r, v.s[0], v.s[1], v.i[2] != 0, &id);
	if (rc == SK_EINPUT) {
		r->status = 422;
		lists_page(r, v.s[0], v.s[1]);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, T(r, "The list is created."));
	redirect(r, nl_url(r, "/lists"));
	return SK_OK;
}

static sk_rc subs_get(struct req *r)
{
	int64_t list = 0;
	parse_i64(req_query(r, "list"), &list);
	struct nl_subscriber *s;
	size_t n;
	sk_rc rc = nl_subscribers(r, list, &s, &n);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Subscribers"));
	html(r, "<h1>%s</h1>", T(r, "Subscribers"));
	sub_nav(r);
	html(r, "<p class=\"hint\">%s</p>",
	     T(r, "Only confirmed subscribers get the newsletter; the consent is kept with the text's version."));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "Nobody has subscribed yet."));
		page_end(r);
		return SK_OK;
	}
	html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	        "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th></tr></thead><tbody>",
	     T(r, "Subscribers"), T(r, "E-mail"), T(r, "Name and salutation"), T(r, "Lists"), T(r, "Consent"),
	     T(r, "Confirmed"), T(r, "Status"), T(r, "Bounces"), T(r, "Unsubscribe"));
	for (size_t i = 0; i < n; i++) {
		const char *st = s[i].unsubscribed_at ? arena_printf(&r->a, "%s %s", T(r, "Unsubscribed"),
		                                                     when_text(r, s[i].unsubscribed_at))
		                 : s[i].suppressed_at ? T(r, "Suppressed (bounces)")
		                 : s[i].confirmed_at  ? T(r, "Active")
		                                      : T(r, "Awaiting confirmation");
		html(r, "<tr><th scope=\"row\">%s</th><td>%s<br><span class=\"muted\">%s</span></td><td>%s</td>"
		        "<td>%s<br><span class=\"muted\">%s</span></td><td>%s</td><td>%s</td><td>%d</td><td>",
		     s[i].email, s[i].name, s[i].salutation, s[i].lists, when_text(r, s[i].consent_at),
		     arena_printf(&r->a, T(r, "text v%d, %s"), s[i].consent_version, s[i].source),
		     when_text(r, s[i].confirmed_at), st, s[i].bounces);
		if (!s[i].unsubscribed_at) {
			form_open(r, url_fmt(&r->a, "/staff/%s/newsletter/subscribers/%lld/unsubscribe", r->inst->slug,
			                     (long long)s[i].id), "inline");
			html(r, "<button type=\"submit\" class=\"link\" aria-label=\"%s\">%s</button>",
			     arena_printf(&r->a, T(r, "Unsubscribe %s at their request"), s[i].email), T(r, "Unsubscribe"));
			form_close(r);
		}
		html_raw(r, "</td></tr>");
	}
	html(r, "</tbody></table>");
	page_end(r);
	return SK_OK;
}

static sk_rc sub_unsub_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = nl_staff_unsubscribe(r, id);
	if (rc != SK_OK)
		return rc;
	flash_set(r, T(r, "Unsubscribed: nothing more is sent to this address."));
	redirect(r, nl_url(r, "/subscribers"));
	return SK_OK;
}

static void settings_page(struct req *r, const struct nl_settings *s)
{
	int version;
	const char *text;
	nl_consent_current(r, &version, &text);
	page_begin(r, PAGE_STAFF, T(r, "Newsletter settings"));
	html(r, "<h1>%s</h1>", T(r, "Newsletter settings"));
	sub_nav(r);
	field_errors_summary(r);
	html(r, "<h2>%s</h2><p class=\"hint\">%s</p>", T(r, "Sender identity"),
	     T(r, "Every message names the sender and gives a postal and e-mail contact (ERĮ 69(3))."));
	form_open(r, nl_url(r, "/settings"), "stack");
	ui_field(r, "sender_name", T(r, "Sender's name"), "text", s->sender_name, true, "organization", NULL);
	ui_textarea(r, "sender_postal", T(r, "Postal address"), s->sender_postal, 2, NULL);
	ui_field(r, "sender_email", T(r, "Contact e-mail"), "email", s->sender_email, true, "email", NULL);
	ui_field(r, "bounce_limit", T(r, "Permanent failures before an address is suppressed"), "number",
	         arena_printf(&r->a, "%d", s->bounce_limit), true, "off", NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
	form_close(r);
	html(r, "<h2>%s</h2><p>%s</p><blockquote>%s</blockquote>", T(r, "Consent text"),
	     version ? arena_printf(&r->a, T(r, "The form shows version %d:"), version)
	             : T(r, "The form shows the built-in text (stored as version 1 with the first subscription):"),
	     text);
	form_open(r, nl_url(r, "/consent"), "stack");
	ui_textarea(r, "text_lt", T(r, "New version, Lithuanian"), "", 4, NULL);
	ui_textarea(r, "text_en", T(r, "New version, English"), "", 4, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Store as a new version"));
	form_close(r);
	page_end(r);
}

static sk_rc settings_get(struct req *r)
{
	struct nl_settings s;
	sk_rc rc = nl_settings_get(r, &s);
	if (rc == SK_OK)
		settings_page(r, &s);
	return rc;
}

static sk_rc settings_post(struct req *r)
{
	static const struct field f[] = {{"sender_name", F_TEXT, true, 200, NULL, 0, 0},
	                                 {"sender_postal", F_TEXTAREA, false, 400, NULL, 0, 0},
	                                 {"sender_email", F_TEXT, true, 254, NULL, 0, 0},
	                                 {"bounce_limit", F_INT, true, 0, NULL, 1, 100}};
	struct form_values v;
	sk_rc rc = form_read(r, f, 4, &v);
	struct nl_settings s = {v.s[0], v.s[1], v.s[2], (int)v.i[3]};
	if (rc == SK_OK)
		rc = nl_settings_save(r, &s);
	if (rc == SK_EINPUT) {
		r->status = 422;
		settings_page(r, &s);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, T(r, "Saved."));
	redirect(r, nl_url(r, "/settings"));
	return SK_OK;
}

static sk_rc consent_post(struct req *r)
{
	int version;
	sk_rc rc = nl_consent_add(r, fv(r, "text_lt"), fv(r, "text_en"), &version);
	if (rc == SK_EINPUT) {
		struct nl_settings s;
		nl_settings_get(r, &s);
		r->status = 422;
		settings_page(r, &s);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, arena_printf(&r->a, T(r, "Consent text version %d is stored."), version));
	redirect(r, nl_url(r, "/settings"));
	return SK_OK;
}

static bool has_id(const int64_t *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return true;
	return false;
}

static void issue_form(struct req *r, const struct nl_issue *is)
{
	struct nl_list *l;
	size_t nl = 0;
	nl_lists(r, false, &l, &nl);
	struct nl_candidate *c;
	size_t nc = 0;
	nl_candidates(r, is->id, &c, &nc);
	form_open(r, is->id ? issue_url(r, is->id) : nl_url(r, "/issues/new"), "stack");
	ui_field(r, "subject_lt", T(r, "Subject (Lithuanian)"), "text", is->subject_lt, true, "off", NULL);
	ui_field(r, "subject_en", T(r, "Subject (English)"), "text", is->subject_en, false, "off",
	         T(r, "For subscribers who chose English; empty = the Lithuanian subject."));
	ui_textarea(r, "intro", T(r, "Introduction"), is->intro, 4,
	            T(r, "{{salutation}} is replaced by each subscriber's salutation as they entered it, or \"Laba diena,\"."));
	html(r, "<fieldset class=\"field\"><legend>%s</legend>", T(r, "Lists"));
	if (req_field_msg(r, "lists"))
		html(r, "<p class=\"error\">%s</p>", req_field_msg(r, "lists"));
	if (nl == 0)
		html(r, "<p>%s</p>", T(r, "There are no lists yet."));
	for (size_t i = 0; i < nl; i++)
		ui_checkbox(r, arena_printf(&r->a, "list_%lld", (long long)l[i].id),
		            arena_printf(&r->a, "%s (%lld)", l[i].name, (long long)l[i].active),
		            has_id(is->lists, is->nlists, l[i].id), NULL);
	html(r, "</fieldset>");
	html(r, "<fieldset class=\"field\"><legend>%s</legend><p class=\"hint muted\">%s</p>", T(r, "Blocks"),
	     T(r, "Approved or published newsletter blocks and news. The number sets the order; empty = left out."));
	if (req_field_msg(r, "items"))
		html(r, "<p class=\"error\">%s</p>", req_field_msg(r, "items"));
	if (nc == 0)
		html(r, "<p>%s</p>", T(r, "No approved newsletter blocks or news yet."));
	html(r, "<ul class=\"plain nl-blocks\">");   /* label, then the position box */
	for (size_t i = 0; i < nc; i++) {
		int pos = 0;
		for (size_t k = 0; k < is->nitems; k++)
			if (is->items[k] == c[i].id)
				pos = (int)k + 1;
		html(r, "<li><label for=\"f-pos_%lld\">%s <span class=\"muted\">(%s)</span></label> "
		        "<input type=\"number\" min=\"1\" max=\"99\" class=\"pos\" id=\"f-pos_%lld\" name=\"pos_%lld\" value=\"%s\"></li>",
		     (long long)c[i].id, c[i].title, str_eq(c[i].type, "news") ? T(r, "news") : T(r, "newsletter block"),
		     (long long)c[i].id, (long long)c[i].id, pos ? arena_printf(&r->a, "%d", pos) : "");
	}
	html(r, "</ul></fieldset>");
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save the draft"));
	form_close(r);
}

static sk_rc issue_new_get(struct req *r)
{
	struct nl_issue is = {0};
	is.subject_lt = "";
	is.subject_en = "";
	is.intro = "{{salutation}}\n\n";
	page_begin(r, PAGE_STAFF, T(r, "New issue"));
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", nl_url(r, ""), T(r, "← All issues"), T(r, "New issue"));
	issue_form(r, &is);
	page_end(r);
	return SK_OK;
}

struct pos_item {
	int pos;
	int64_t id;
};

static int pos_cmp(const void *a, const void *b)
{
	const struct pos_item *x = a, *y = b;
	return x->pos != y->pos ? (x->pos < y->pos ? -1 : 1) : (x->id < y->id ? -1 : x->id > y->id);
}

static sk_rc issue_save_post(struct req *r)
{
	int64_t id = 0;
	if (req_pathv(r, "id") && !req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct nl_issue in = {0};
	in.id = id;
	in.subject_lt = fv(r, "subject_lt");
	in.subject_en = fv(r, "subject_en");
	in.intro = fv(r, "intro");
	struct nl_list *l;
	size_t nl = 0;
	nl_lists(r, false, &l, &nl);
	in.lists = arena_alloc(&r->a, (nl + 1) * sizeof *in.lists);
	for (size_t i = 0; i < nl; i++)
		if (*fv(r, arena_printf(&r->a, "list_%lld", (long long)l[i].id)))
			in.lists[in.nlists++] = l[i].id;
	struct nl_candidate *c;
	size_t nc = 0;
	nl_candidates(r, id, &c, &nc);
	struct pos_item *pi = arena_alloc(&r->a, (nc + 1) * sizeof *pi);
	size_t np = 0;
	for (size_t i = 0; i < nc; i++) {
		int64_t p;
		if (parse_i64(fv(r, arena_printf(&r->a, "pos_%lld", (long long)c[i].id)), &p) && p > 0)
			pi[np++] = (struct pos_item){(int)p, c[i].id};
	}
	qsort(pi, np, sizeof *pi, pos_cmp);
	in.items = arena_alloc(&r->a, (np + 1) * sizeof *in.items);
	for (size_t i = 0; i < np; i++)
		in.items[in.nitems++] = pi[i].id;
	int64_t out = 0;
	sk_rc rc = nl_issue_save(r, id, &in, &out);
	if (rc == SK_EINPUT || rc == SK_ECONFLICT) {
		r->status = 422;
		page_begin(r, PAGE_STAFF, id ? in.subject_lt : T(r, "New issue"));
		html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", nl_url(r, ""), T(r, "← All issues"),
		     id ? T(r, "Edit the issue") : T(r, "New issue"));
		field_errors_summary(r);
		issue_form(r, &in);
		page_end(r);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, T(r, "The draft is saved."));
	redirect(r, issue_url(r, out));
	return SK_OK;
}

static sk_rc issue_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct nl_issue is;
	sk_rc rc = nl_issue_get(r, id, &is);
	if (rc != SK_OK)
		return rc;
	const char *subject, *body;
	if ((rc = nl_preview(r, id, "", &subject, &body)) != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, is.subject_lt);
	html(r, "<p><a href=\"%s\">%s</a></p>", nl_url(r, ""), T(r, "← All issues"));
	html(r, "<h1>%s</h1>", arena_printf(&r->a, T(r, "Issue %lld: %s"), (long long)is.number, is.subject_lt));
	html(r, "<p class=\"lead\">%s: <strong>%s</strong></p>", T(r, "Status"), issue_status(r, is.status));
	if (!str_eq(is.status, "draft")) {
		html(r, "<section aria-labelledby=\"progress-h\"><h2 id=\"progress-h\">%s</h2>", T(r, "Progress"));
		html(r, "<p><progress max=\"%lld\" value=\"%lld\" aria-labelledby=\"progress-h\"></progress></p>",
		     (long long)(is.total ? is.total : 1), (long long)is.sent);
		html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%lld / %lld</dd><dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%lld</dd>"
		        "<dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
		     T(r, "Sent / total"), (long long)is.sent, (long long)is.total, T(r, "Failures"), (long long)is.failed,
		     T(r, "Bounces"), (long long)is.bounced, T(r, "Unsubscribed since"), (long long)is.unsubscribed,
		     T(r, "Scheduled for"), when_text(r, is.scheduled_at), T(r, "Finished"), when_text(r, is.finished_at));
		struct nl_failure *f;
		size_t nf = 0;
		if ((rc = nl_issue_failures(r, id, &f, &nf)) != SK_OK)
			return rc;
		if (nf) {
			html(r, "<table class=\"data\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			     T(r, "Messages that did not arrive"), T(r, "E-mail"), T(r, "Status"), T(r, "Server's answer"),
			     T(r, "Time"));
			for (size_t i = 0; i < nf; i++)
				html(r, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td></tr>", f[i].email,
				     str_eq(f[i].status, "bounced") ? T(r, "Permanent failure (bounce)")
				     : str_eq(f[i].status, "failed") ? T(r, "Failed")
				                                     : T(r, "Delayed: the receiving server is still trying"),
				     f[i].error,
				     when_text(r, f[i].at));
			html_raw(r, "</tbody></table>");
		}
		html(r, "<p><a href=\"%s\">%s</a></p></section>", issue_url(r, id), T(r, "Refresh"));
	}
	field_errors_summary(r);
	html(r, "<section aria-labelledby=\"preview-h\"><h2 id=\"preview-h\">%s</h2><p><strong>%s</strong> %s</p>"
	        "<pre class=\"mail-preview\" tabindex=\"0\">%s</pre></section>",
	     T(r, "Preview"), T(r, "Subject:"), subject, body);
	if (str_eq(is.status, "draft")) {
		html(r, "<h2>%s</h2>", T(r, "Test message"));
		form_open(r, arena_printf(&r->a, "%s/test", issue_url(r, id)), "stack");
		ui_field(r, "email", T(r, "Send a test to"), "email", r->user ? r->user->email : "", true, "email", NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Send a test"));
		form_close(r);
		html(r, "<h2>%s</h2>", T(r, "Send to the lists"));
		form_open(r, arena_printf(&r->a, "%s/send", issue_url(r, id)), "stack");
		ui_field(r, "date", T(r, "Date (empty = now)"), "date", "", false, "off", NULL);
		ui_field(r, "time", T(r, "Time"), "time", "", false, "off", NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Schedule the sending"));
		form_close(r);
		html(r, "<h2>%s</h2>", T(r, "Edit the issue"));
		issue_form(r, &is);
	}
	page_end(r);
	return SK_OK;
}

static sk_rc issue_test_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct nl_issue is;
	sk_rc rc = nl_issue_get(r, id, &is);
	if (rc != SK_OK)
		return rc;
	rc = nl_test_send(r, id, fv(r, "email"));
	if (rc == SK_EINPUT) {
		r->status = 422;
		return issue_get(r);
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, arena_printf(&r->a, T(r, "A test message is on its way to %s."), fv(r, "email")));
	redirect(r, issue_url(r, id));
	return SK_OK;
}

static sk_rc issue_send_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	int64_t when = 0;
	const char *ds = fv(r, "date"), *ts = fv(r, "time");
	if (*ds) {
		int ymd, hh = 9, mm = 0;
		if (!ymd_parse(ds, &ymd) || (*ts && sscanf(ts, "%d:%d", &hh, &mm) != 2) || hh < 0 || hh > 23 || mm < 0 ||
		    mm > 59) {
			req_field_error(r, "date", T(r, "Enter the date as YYYY-MM-DD and the time as HH:MM."));
			r->status = 422;
			return issue_get(r);
		}
		when = local_to_unix(ymd, hh, mm);
	}
	sk_rc rc = nl_schedule(r, id, when);
	if (rc == SK_EINPUT) {
		r->status = 422;
		return issue_get(r);
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, when ? T(r, "The sending is scheduled.") : T(r, "The sending has started."));
	redirect(r, issue_url(r, id));
	return SK_OK;
}

SK_ROUTES(newsletter,
          {"GET", "/{inst}/newsletter", pub_get, NULL, R_PUBLIC},
          {"POST", "/{inst}/newsletter", pub_post, NULL, R_PUBLIC},
          {"GET", "/{inst}/newsletter/confirm", confirm_get, NULL, R_PUBLIC},
          {"POST", "/{inst}/newsletter/confirm", confirm_post, NULL, R_PUBLIC},
          {"GET", "/{inst}/newsletter/unsubscribe", unsub_get, NULL, R_PUBLIC},
          {"POST", "/{inst}/newsletter/unsubscribe", unsub_post, NULL, R_PUBLIC | R_NOCSRF},
          {"GET", "/staff/{inst}/newsletter", issues_get, "newsletter.manage", 0},
          {"GET", "/staff/{inst}/newsletter/lists", lists_get, "newsletter.manage", 0},
          {"POST", "/staff/{inst}/newsletter/lists", lists_post, "newsletter.manage", 0},
          {"GET", "/staff/{inst}/newsletter/subscribers", subs_get, "newsletter.manage", 0},
          {"POST", "/staff/{inst}/newsletter/subscribers/{id}/unsubscribe", sub_unsub_post, "newsletter.manage", 0},
          {"GET", "/staff/{inst}/newsletter/settings", settings_get, "newsletter.manage", 0},
          {"POST", "/staff/{inst}/newsletter/settings", settings_post, "newsletter.manage", 0},
          {"POST", "/staff/{inst}/newsletter/consent", consent_post, "newsletter.manage", 0},
          {"GET", "/staff/{inst}/newsletter/issues/new", issue_new_get, "newsletter.manage", 0},
          {"POST", "/staff/{inst}/newsletter/issues/new", issue_save_post, "newsletter.manage", 0},
          {"GET", "/staff/{inst}/newsletter/issues/{id}", issue_get, "newsletter.manage", 0},
          {"POST", "/staff/{inst}/newsletter/issues/{id}", issue_save_post, "newsletter.manage", 0},
          {"POST", "/staff/{inst}/newsletter/issues/{id}/test", issue_test_post, "newsletter.manage", 0},
          {"POST", "/staff/{inst}/newsletter/issues/{id}/send", issue_send_post, "newsletter.manage", 0});

SK_NAV_GROUP(nav_newsletter, "staff", "/staff/{inst}/newsletter", N_("Newsletter"), "newsletter.manage", 66, 0, N_("Communication"));

/*
 * group_request_public.c -- the public excursion and delegation request
 * form of C8 (no login, no JavaScript): /{inst}/visits/request. A valid
 * request is stored as "new" (model/group_request.c), the visitor gets
 * a thank-you page with the request number and an acknowledgement mail;
 * staff decide it in /staff/{inst}/visits (pages/group_requests.c).
 */
#include "layout.h"
#include "spaces_ui.h"
#include "../model/group_request.h"
#include "../model/model.h"

#include <string.h>

enum {
	PF_KIND, PF_GROUP, PF_CONTACT, PF_EMAIL, PF_PHONE, PF_SIZE, PF_AUD, PF_LANG, PF_SITE, PF_TOPIC, PF_ACC,
	PF_D1, PF_T1, PF_D2, PF_T2, PF_D3, PF_T3, PF_NOTES, PF_CONSENT
};
static const struct field pub_fields[] = {
        {"kind", F_ENUM, true, 0, gr_kinds, 0, 0},
        {"group_name", F_TEXT, true, 200, NULL, 0, 0},
        {"contact_name", F_TEXT, true, 120, NULL, 0, 0},
        {"email", F_EMAIL, true, 200, NULL, 0, 0},
        {"phone", F_TEXT, true, 40, NULL, 0, 0},
        {"group_size", F_INT, true, 0, NULL, 0, 0},   /* the range is checked by gr_create */
        {"audience", F_ENUM, true, 0, gr_audiences, 0, 0},
        {"language", F_ENUM, true, 0, gr_langs, 0, 0},
        {"site", F_ENUM, false, 0, gr_sites, 0, 0},
        {"topic", F_TEXTAREA, false, 1000, NULL, 0, 0},
        {"accessibility", F_TEXTAREA, false, 1000, NULL, 0, 0},
        {"pref1_date", F_DATE, false, 0, NULL, 0, 0},
        {"pref1_time", F_TEXT, false, 5, NULL, 0, 0},
        {"pref2_date", F_DATE, false, 0, NULL, 0, 0},
        {"pref2_time", F_TEXT, false, 5, NULL, 0, 0},
        {"pref3_date", F_DATE, false, 0, NULL, 0, 0},
        {"pref3_time", F_TEXT, false, 5, NULL, 0, 0},
        {"notes", F_TEXTAREA, false, 2000, NULL, 0, 0},
        {"consent", F_BOOL, false, 0, NULL, 0, 0},
};

static const char *form_url(struct req *r) { return url_fmt(&r->a, "/%s/visits/request", r->inst->slug); }

/* Does the institution have a homestead (a remote site, C10)? */
static const char *homestead_name(struct req *r)
{
	struct space *v;
	size_t n = sp_list(r->db, &r->a, r->inst->id, false, &v);
	for (size_t i = 0; i < n; i++)
		if (str_eq(v[i].kind, "homestead"))
			return v[i].name;
	return NULL;
}

static const char **labels(struct req *r, const char *const *msgids, size_t *n)
{
	size_t k = 0;
	while (msgids[k])
		k++;
	const char **out = arena_alloc(&r->a, (k + 1) * sizeof *out);
	for (size_t i = 0; i < k; i++)
		out[i] = tr(r->lang, msgids[i]);
	out[k] = NULL;
	*n = k;
	return out;
}

static void pub_form(struct req *r, const struct form_values *v)
{
	page_begin(r, PAGE_PUBLIC, T(r, "Excursion or delegation visit request"));
	html(r, "<div class=\"narrow gr-form\"><h1>%s</h1><p class=\"lead\">%s</p>",
	     T(r, "Excursion or delegation visit request"),
	     T(r, "Tell us about your group and when you would like to come. Staff will choose a guide and a time and "
	          "answer by e-mail."));
	field_errors_summary(r);
	form_open(r, form_url(r), "stack");
#define VAL(i) (v ? v->s[i] : "")
	size_t n;
	html(r, "<fieldset><legend>%s</legend>", T(r, "The group"));
	const char **kl = labels(r, gr_kind_labels, &n);
	ui_select(r, "kind", T(r, "Kind of visit"), gr_kinds, kl, n, v ? v->s[PF_KIND] : "excursion", true, NULL);
	ui_field(r, "group_name", T(r, "Group or organisation"), "text", VAL(PF_GROUP), true, "organization",
	         T(r, "E.g. a school and class, a company, a delegation."));
	ui_field(r, "group_size", T(r, "Number of people"), "number", VAL(PF_SIZE), true, "off",
	         arena_printf(&r->a, T(r, "From 1 to %d."), GR_MAX_SIZE));
	const char **al = labels(r, gr_audience_labels, &n);
	ui_select(r, "audience", T(r, "Age group or audience"), gr_audiences, al, n, v ? v->s[PF_AUD] : "adults", true,
	          NULL);
	const char **ll = labels(r, gr_lang_labels, &n);
	ui_select(r, "language", T(r, "Language of the visit"), gr_langs, ll, n,
	          v ? v->s[PF_LANG] : (r->lang == LANG_EN ? "en" : "lt"), true, NULL);
	const char *hs = homestead_name(r);
	if (hs) {
		const char *sl[] = {T(r, "The library"), hs};
		ui_select(r, "site", T(r, "Place"), gr_sites, sl, 2, v && *v->s[PF_SITE] ? v->s[PF_SITE] : "library", false,
		          NULL);
	}
	ui_textarea(r, "topic", T(r, "Topic or interests"), VAL(PF_TOPIC), 3,
	            T(r, "What would the group like to see or learn about?"));
	ui_textarea(r, "accessibility", T(r, "Accessibility needs"), VAL(PF_ACC), 2,
	            T(r, "E.g. step-free access, a wheelchair user, sign-language interpretation."));
	html(r, "</fieldset>");

	html(r, "<fieldset><legend>%s</legend><p class=\"hint muted\">%s</p>", T(r, "Preferred dates"),
	     T(r, "Give at least one date and time, at most three."));
	for (int i = 0; i < GR_MAX_PREFS; i++) {
		html(r, "<div class=\"gr-pref\">");
		ui_field(r, arena_printf(&r->a, "pref%d_date", i + 1),
		         arena_printf(&r->a, T(r, "Preferred date %d"), i + 1), "date", VAL(PF_D1 + 2 * i), i == 0, "off",
		         NULL);
		ui_field(r, arena_printf(&r->a, "pref%d_time", i + 1), arena_printf(&r->a, T(r, "Time %d"), i + 1), "time",
		         VAL(PF_T1 + 2 * i), i == 0, "off", T(r, "HH:MM, e.g. 10:00"));
		html(r, "</div>");
	}
	html(r, "</fieldset>");

	html(r, "<fieldset><legend>%s</legend>", T(r, "Contact person"));
	ui_field(r, "contact_name", T(r, "Name and surname"), "text", VAL(PF_CONTACT), true, "name", NULL);
	ui_field(r, "email", T(r, "E-mail"), "email", VAL(PF_EMAIL), true, "email", NULL);
	ui_field(r, "phone", T(r, "Phone"), "tel", VAL(PF_PHONE), true, "tel", NULL);
	ui_textarea(r, "notes", T(r, "Notes"), VAL(PF_NOTES), 3, NULL);
	html(r, "</fieldset>");
#undef VAL
	html(r, "<section class=\"gr-privacy\" aria-labelledby=\"gr-privacy-h\"><h2 id=\"gr-privacy-h\">%s</h2><p>%s</p></section>",
	     T(r, "Privacy notice"),
	     arena_printf(&r->a,
	                  T(r, "%s processes the contact person's name, e-mail and phone only to arrange this visit. "
	                       "The data are not passed to anyone else and are deleted within a year after the visit. "
	                       "You may ask to see, correct or delete them by writing to the library."),
	                  inst_name(r, r->inst)));
	ui_checkbox(r, "consent", T(r, "I have read the privacy notice and agree that the library processes these data *"),
	            v && v->i[PF_CONSENT], NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Send the request"));
	form_close(r);
	html(r, "</div>");
	page_end(r);
}

static sk_rc pub_show(struct req *r)
{
	pub_form(r, NULL);
	return SK_OK;
}

static sk_rc pub_submit(struct req *r)
{
	struct form_values v;
	form_read(r, pub_fields, SK_ARRAY_LEN(pub_fields), &v);
	struct group_request g;
	memset(&g, 0, sizeof g);
	g.kind = v.s[PF_KIND];
	g.group_name = v.s[PF_GROUP];
	g.contact_name = v.s[PF_CONTACT];
	g.email = v.s[PF_EMAIL];
	g.phone = v.s[PF_PHONE];
	g.group_size = req_field_msg(r, "group_size") ? 1 : v.i[PF_SIZE] > 100000 ? 100000 : v.i[PF_SIZE] < -1 ? -1 : (int)v.i[PF_SIZE];
	g.audience = req_field_msg(r, "audience") ? "adults" : v.s[PF_AUD];
	g.language = req_field_msg(r, "language") ? "lt" : v.s[PF_LANG];
	g.site = req_field_msg(r, "site") ? "library" : v.s[PF_SITE];
	if (!req_field_msg(r, "kind") && !*g.kind)
		g.kind = "excursion";
	g.topic = v.s[PF_TOPIC];
	g.accessibility = v.s[PF_ACC];
	g.notes = v.s[PF_NOTES];
	g.consent_at = v.i[PF_CONSENT] ? now_unix() : 0;
	for (int i = 0; i < GR_MAX_PREFS; i++) {
		const char *d = v.s[PF_D1 + 2 * i], *t = v.s[PF_T1 + 2 * i];
		const char *df = arena_printf(&r->a, "pref%d_date", i + 1), *tf = arena_printf(&r->a, "pref%d_time", i + 1);
		if (req_field_msg(r, df) || req_field_msg(r, tf) || (!*d && !*t))
			continue;
		if (!*d)
			req_field_error(r, df, T(r, "Give the date for this time."));
		else if (!*t)
			req_field_error(r, tf, T(r, "Give the time for this date."));
		else if (!sp_local_time(d, t, &g.prefs[i]))
			req_field_error(r, tf, T(r, "Enter the time as HH:MM, e.g. 10:00."));
	}
	int64_t id = 0;
	/* gr_create adds the remaining field errors (dates in the past, no
	 * date at all, consent) and refuses when r has any */
	sk_rc rc = gr_create(r, &g, &id);
	if (rc == SK_OK) {
		page_begin(r, PAGE_PUBLIC, T(r, "Request sent"));
		html(r, "<div class=\"narrow\"><h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Request sent"),
		     T(r, "Thank you. We have sent a confirmation to your e-mail. Staff will choose a guide and a time and "
		          "let you know."));
		html(r, "<dl class=\"facts\"><dt>%s</dt><dd><strong>%lld</strong></dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%d</dd>",
		     T(r, "Request number"), (long long)id, T(r, "Group or organisation"), g.group_name,
		     T(r, "Number of people"), g.group_size);
		html(r, "<dt>%s</dt><dd><ul class=\"plain\">", T(r, "Preferred dates"));
		for (int i = 0; i < GR_MAX_PREFS; i++)
			if (g.prefs[i])
				html(r, "<li>%s, %s</li>", fmt_date_long(&r->a, r->lang, g.prefs[i]),
				     fmt_time(&r->a, r->lang, g.prefs[i]));
		html(r, "</ul></dd></dl><p><a href=\"/%s/\">%s</a></p></div>", r->inst->slug, T(r, "← Back to the library's page"));
		page_end(r);
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	pub_form(r, &v);
	return SK_OK;
}

SK_NAV(nav_public_visits, "public", "/{inst}/visits/request", N_("Excursions and delegations"), NULL, 45, 0);

SK_ROUTES(group_request_public,
          {"GET", "/{inst}/visits/request", pub_show, NULL, R_PUBLIC},
          {"POST", "/{inst}/visits/request", pub_submit, NULL, R_PUBLIC});

/*
 * contacts_orgs.c -- organisations of the contact base (C6):
 *   /staff/{inst}/contacts/orgs          list (filter by kind), LT order
 *   /staff/{inst}/contacts/orgs/new      add
 *   /staff/{inst}/contacts/orgs/{id}     view and edit
 *   POST /staff/{inst}/contacts/{id}/positions  a person's position in one
 */
#include "layout.h"
#include "../model/contact.h"
#include "../model/occasion.h"

#include <string.h>

static const char *const kind_labels[] = {N_("Media"), N_("Partner"), N_("Institution"), N_("Creative association"),
                                          N_("Archive"), N_("Museum"), N_("Business"), N_("NGO"),
                                          N_("Territory library"), N_("Other")};

static const char *orgs_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/contacts/orgs", r->inst->slug); }

static const char *org_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/contacts/orgs/%lld", r->inst->slug, (long long)id);
}

static const char *kind_label(struct req *r, const char *k)
{
	for (int i = 0; contact_org_kinds[i]; i++)
		if (str_eq(contact_org_kinds[i], k))
			return tr(r->lang, kind_labels[i]);
	return k;
}

static sk_rc orgs_list(struct req *r)
{
	const char *kind = req_query(r, "kind");
	bool known = false;
	for (int i = 0; kind && contact_org_kinds[i]; i++)
		known |= str_eq(kind, contact_org_kinds[i]);
	if (!known)
		kind = "";
	struct contact_org *o;
	size_t n;
	sk_rc rc = contact_orgs(r, kind, &o, &n);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Organisations"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/contacts", r->inst->slug),
	     T(r, "← All contacts"));
	html(r, "<h1>%s</h1>", T(r, "Organisations"));
	if (req_has_perm(r, "contacts.manage"))
		html(r, "<p class=\"actions\"><a class=\"button\" href=\"%s/new\">%s</a></p>", orgs_url(r),
		     T(r, "Add an organisation"));
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" role=\"search\" aria-label=\"%s\">"
	        "<div class=\"field\"><label for=\"f-kind\">%s</label><select id=\"f-kind\" name=\"kind\"><option value=\"\">%s</option>",
	     orgs_url(r), T(r, "Filter organisations"), T(r, "Kind"), T(r, "Any kind"));
	for (int i = 0; contact_org_kinds[i]; i++)
		html(r, "<option value=\"%s\"%s>%s</option>", contact_org_kinds[i],
		     str_eq(kind, contact_org_kinds[i]) ? " selected" : "", tr(r->lang, kind_labels[i]));
	html(r, "</select></div><div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Filter"));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "No organisations."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Organisations"), T(r, "Name"), T(r, "Kind"), T(r, "Address"), T(r, "Phone"), T(r, "E-mail"));
		for (size_t i = 0; i < n; i++) {
			const char **f = o[i].f;
			const char *addr = "";
			if (*f[CO_STREET] || *f[CO_CITY])
				addr = arena_printf(&r->a, "%s%s%s %s", f[CO_STREET], *f[CO_STREET] ? ", " : "", f[CO_POSTAL],
				                    f[CO_CITY]);
			html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
			     org_url(r, o[i].id), f[CO_NAME], kind_label(r, f[CO_KIND]), addr, f[CO_PHONE], f[CO_EMAIL]);
		}
		html(r, "</tbody></table>");
	}
	page_end(r);
	return SK_OK;
}

static void org_form(struct req *r, const char *action, const char *const *s, const char *title)
{
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p>", orgs_url(r), T(r, "← All organisations"));
	html(r, "<div class=\"narrow\"><h1>%s</h1>", title);
	bool manage = req_has_perm(r, "contacts.manage");
	if (!manage) {
		html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s, %s %s, %s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl></div>",
		     T(r, "Kind"), kind_label(r, s[CO_KIND]), T(r, "Address"), s[CO_STREET], s[CO_POSTAL], s[CO_CITY],
		     s[CO_MUNI], T(r, "Phone"), s[CO_PHONE], T(r, "E-mail"), s[CO_EMAIL]);
		page_end(r);
		return;
	}
	field_errors_summary(r);
	form_open(r, action, "stack");
	ui_field(r, "name", T(r, "Name"), "text", s[CO_NAME], true, "off", NULL);
	const char *labels[10];
	for (int i = 0; i < 10; i++)
		labels[i] = tr(r->lang, kind_labels[i]);
	ui_select(r, "kind", T(r, "Kind"), contact_org_kinds, labels, 10, *s[CO_KIND] ? s[CO_KIND] : "media", true, NULL);
	ui_field(r, "street", T(r, "Street and number"), "text", s[CO_STREET], false, "off", T(r, "e.g. Laisvės a. 7"));
	ui_field(r, "postal_code", T(r, "Postal code"), "text", s[CO_POSTAL], false, "off", T(r, "e.g. LT-35200"));
	ui_field(r, "city", T(r, "City or village"), "text", s[CO_CITY], false, "off", NULL);
	ui_field(r, "municipality", T(r, "Municipality"), "text", s[CO_MUNI], false, "off", T(r, "e.g. Panevėžio r. sav."));
	ui_field(r, "phone", T(r, "Phone"), "tel", s[CO_PHONE], false, "off", T(r, "e.g. +370 612 34567"));
	ui_field(r, "email", T(r, "E-mail"), "email", s[CO_EMAIL], false, "off", NULL);
	ui_field(r, "website", T(r, "Website"), "url", s[CO_WEB], false, "off", NULL);
	ui_field(r, "tags", T(r, "Tags"), "text", s[CO_TAGS], false, "off", T(r, "Separated by commas."));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
	form_close(r);
	html(r, "</div>");
	page_end(r);
}

static const char *empty[CO_NFIELDS] = {"", "", "", "", "", "", "", "", "", ""};

static sk_rc org_new(struct req *r)
{
	org_form(r, orgs_url(r), empty, T(r, "Add an organisation"));
	return SK_OK;
}

static sk_rc org_save_common(struct req *r, int64_t id)
{
	struct form_values v;
	sk_rc rc = form_read(r, contact_org_fields, CO_NFIELDS, &v);
	int64_t out = 0;
	if (rc == SK_OK)
		rc = contact_org_save(r, id, &v, &out);
	if (rc == SK_EINPUT) {
		r->status = 422;
		org_form(r, id ? org_url(r, id) : orgs_url(r), v.s, id ? T(r, "Organisation") : T(r, "Add an organisation"));
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, T(r, "The organisation is saved."));
	redirect(r, org_url(r, out));
	return SK_OK;
}

static sk_rc org_create(struct req *r) { return org_save_common(r, 0); }

static sk_rc org_view(struct req *r)
{
	int64_t id;
	struct contact_org o;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = contact_org_get(r, id, &o);
	if (rc != SK_OK)
		return rc;
	org_form(r, org_url(r, id), o.f, o.f[CO_NAME]);
	return SK_OK;
}

static sk_rc org_update(struct req *r)
{
	int64_t id;
	struct contact_org o;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = contact_org_get(r, id, &o);
	if (rc != SK_OK)
		return rc;
	return org_save_common(r, id);
}

static sk_rc position_add(struct req *r)
{
	int64_t pid;
	if (!req_id(r, "id", &pid))
		return SK_ENOTFOUND;
	struct contact_person p;
	sk_rc rc = contact_person_get(r, pid, &p);
	if (rc != SK_OK)
		return rc;
	static const struct field f[] = {{"org", F_INT, true, 0, NULL, 1, INT64_MAX},
	                                 {"title", F_TEXT, false, 200, NULL, 0, 0},
	                                 {"from_date", F_DATE, false, 0, NULL, 0, 0}};
	struct form_values v;
	if (form_read(r, f, 3, &v) != SK_OK)
		return SK_EINPUT;
	int from = 0;
	if (*v.s[2])
		ymd_parse(v.s[2], &from);
	if ((rc = contact_position_add(r, pid, v.i[0], v.s[1], from, 0)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The position is saved."));
	redirect(r, url_fmt(&r->a, "/staff/%s/contacts/%lld", r->inst->slug, (long long)pid));
	return SK_OK;
}

SK_ROUTES(contacts_orgs,
          {"GET", "/staff/{inst}/contacts/orgs", orgs_list, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/orgs", org_create, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts/orgs/new", org_new, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts/orgs/{id}", org_view, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/orgs/{id}", org_update, "contacts.manage", 0},
          {"POST", "/staff/{inst}/contacts/{id}/positions", position_add, "contacts.manage", 0});

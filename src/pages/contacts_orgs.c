/*
 * contacts_orgs.c -- organisations of the contact base (C6):
 *   /staff/{inst}/contacts/orgs          list (filter by kind), LT order
 *   /staff/{inst}/contacts/orgs/new      add
 *   /staff/{inst}/contacts/orgs/{id}     view and edit
 *   POST /staff/{inst}/contacts/{id}/positions  a person's position in one
 *   POST /staff/{inst}/contacts/orgs/{id}/agreement  country and cooperation agreement
 *   /staff/{inst}/contacts/partners      foreign partners with a valid agreement (AC-C6-6)
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

/* Country and cooperation agreement (migration 120, AC-C6-6). */
#define OX_COLS "o.id, o.name, o.kind, o.city, o.phone, o.email, o.country, o.agreement_ref, o.agreement_from, " \
	"o.agreement_to "
SK_STMT2(st_ox_list, STMT_SCOPED,
         "SELECT " OX_COLS "FROM contact_orgs o WHERE o.institution_id = $1 AND ($2 = '' OR o.kind = $2) "
         "AND ($3 = '' OR o.country = $3) ORDER BY o.name COLLATE LT, o.id",
         "SELECT " OX_COLS "FROM contact_orgs o WHERE o.institution_id = $1 AND ($2 = '' OR o.kind = $2) "
         "AND ($3 = '' OR o.country = $3) ORDER BY o.name COLLATE \"lt-x-icu\", o.id");
SK_STMT_SCOPED(st_ox_countries,
               "SELECT DISTINCT country FROM contact_orgs WHERE institution_id = $1 ORDER BY country");
SK_STMT_SCOPED(st_ox_partners,
               "SELECT " OX_COLS "FROM contact_orgs o WHERE o.institution_id = $1 AND o.country <> 'LT' "
               "AND o.agreement_to >= $2 AND (o.agreement_from = 0 OR o.agreement_from <= $2) "
               "ORDER BY o.agreement_to, o.id");
SK_STMT_SCOPED(st_ox_get, "SELECT " OX_COLS "FROM contact_orgs o WHERE o.institution_id = $1 AND o.id = $2");
SK_STMT_SCOPED(st_ox_agreement,
               "UPDATE contact_orgs SET country = $3, agreement_ref = $4, agreement_from = $5, agreement_to = $6, "
               "updated_at = $7 WHERE institution_id = $1 AND id = $2 RETURNING id");

struct org_x {
	int64_t id;
	const char *name, *kind, *city, *phone, *email, *country, *ref;
	int from, to;
};

static void read_ox(struct req *r, dbq *q, struct org_x *o)
{
	o->id = db_int(q, 0);
	o->name = arena_strdup(&r->a, db_text(q, 1));
	o->kind = arena_strdup(&r->a, db_text(q, 2));
	o->city = arena_strdup(&r->a, db_text(q, 3));
	o->phone = arena_strdup(&r->a, db_text(q, 4));
	o->email = arena_strdup(&r->a, db_text(q, 5));
	o->country = arena_strdup(&r->a, db_text(q, 6));
	o->ref = arena_strdup(&r->a, db_text(q, 7));
	o->from = (int)db_int(q, 8);
	o->to = (int)db_int(q, 9);
}

static const char *ymd_str(struct req *r, int ymd)
{
	if (!ymd)
		return "";
	char b[11];
	ymd_format(ymd, b);
	return arena_strdup(&r->a, b);
}

/* "LT", "lv" -> upper case two letters; NULL if not two letters */
static const char *country_norm(struct req *r, const char *s)
{
	if (!s || strlen(s) != 2)
		return NULL;
	char c[3] = {s[0], s[1], 0};
	for (int i = 0; i < 2; i++) {
		if (c[i] >= 'a' && c[i] <= 'z')
			c[i] = (char)(c[i] - 'a' + 'A');
		if (c[i] < 'A' || c[i] > 'Z')
			return NULL;
	}
	return arena_strdup(&r->a, c);
}

static sk_rc orgs_list(struct req *r)
{
	const char *kind = req_query(r, "kind");
	bool known = false;
	for (int i = 0; kind && contact_org_kinds[i]; i++)
		known |= str_eq(kind, contact_org_kinds[i]);
	if (!known)
		kind = "";
	const char *country = country_norm(r, req_query(r, "country"));
	if (!country)
		country = "";
	page_begin(r, PAGE_STAFF, T(r, "Organisations"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/contacts", r->inst->slug),
	     T(r, "← All contacts"));
	html(r, "<h1>%s</h1>", T(r, "Organisations"));
	html(r, "<p class=\"actions\">");
	if (req_has_perm(r, "contacts.manage"))
		html(r, "<a class=\"button\" href=\"%s/new\">%s</a> ", orgs_url(r), T(r, "Add an organisation"));
	html(r, "<a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/contacts/partners", r->inst->slug),
	     T(r, "Foreign partners with a valid agreement"));
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" role=\"search\" aria-label=\"%s\">"
	        "<div class=\"field\"><label for=\"f-kind\">%s</label><select id=\"f-kind\" name=\"kind\"><option value=\"\">%s</option>",
	     orgs_url(r), T(r, "Filter organisations"), T(r, "Kind"), T(r, "Any kind"));
	for (int i = 0; contact_org_kinds[i]; i++)
		html(r, "<option value=\"%s\"%s>%s</option>", contact_org_kinds[i],
		     str_eq(kind, contact_org_kinds[i]) ? " selected" : "", tr(r->lang, kind_labels[i]));
	html(r, "</select></div><div class=\"field\"><label for=\"f-country\">%s</label><select id=\"f-country\" name=\"country\">"
	        "<option value=\"\">%s</option>",
	     T(r, "Country"), T(r, "Any country"));
	dbq *q = db_q(r->db, &st_ox_countries);
	while (db_step(q) == DB_ROW)
		html(r, "<option value=\"%s\"%s>%s</option>", db_text(q, 0), str_eq(country, db_text(q, 0)) ? " selected" : "",
		     db_text(q, 0));
	db_done(q);
	html(r, "</select></div><div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Filter"));
	q = db_q(r->db, &st_ox_list);
	db_bind_text(q, 2, kind);
	db_bind_text(q, 3, country);
	bool any = false;
	while (db_step(q) == DB_ROW) {
		struct org_x o;
		read_ox(r, q, &o);
		if (!any)
			html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			     T(r, "Organisations"), T(r, "Name"), T(r, "Kind"), T(r, "Country"), T(r, "City or village"),
			     T(r, "Phone"), T(r, "E-mail"), T(r, "Agreement until"));
		any = true;
		html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
		        "<td>%s</td></tr>",
		     org_url(r, o.id), o.name, kind_label(r, o.kind), o.country, o.city, o.phone, o.email,
		     o.to ? ymd_str(r, o.to) : "—");
	}
	db_done(q);
	if (any)
		html_raw(r, "</tbody></table>");
	else
		html(r, "<p>%s</p>", T(r, "No organisations."));
	page_end(r);
	return SK_OK;
}

/* Foreign partners (not LT) whose agreement is valid today, soonest end
 * first; a reminder task is made 60 days before the end (job
 * contact_agreements). */
static sk_rc partners_list(struct req *r)
{
	int today = local_today();
	page_begin(r, PAGE_STAFF, T(r, "Foreign partners with a valid agreement"));
	html(r, "<p><a href=\"%s\">%s</a></p>", orgs_url(r), T(r, "← All organisations"));
	html(r, "<h1>%s</h1>", T(r, "Foreign partners with a valid agreement"));
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "Organisations outside Lithuania with a cooperation agreement in force. A reminder task is created 60 days before an agreement ends."));
	dbq *q = db_q(r->db, &st_ox_partners);
	db_bind_int(q, 2, today);
	bool any = false;
	while (db_step(q) == DB_ROW) {
		struct org_x o;
		read_ox(r, q, &o);
		if (!any)
			html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
			        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			     T(r, "Foreign partners with a valid agreement"), T(r, "Name"), T(r, "Country"), T(r, "Agreement"),
			     T(r, "Valid from"), T(r, "Agreement until"));
		any = true;
		int left = ymd_to_days(o.to) - ymd_to_days(today);
		html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td>%s</td><td>%s</td><td>%s",
		     org_url(r, o.id), o.name, o.country, o.ref, o.from ? ymd_str(r, o.from) : "—", ymd_str(r, o.to));
		if (left <= 60)
			html(r, " <span class=\"tag tag-danger\">%s</span>",
			     arena_printf(&r->a, TN(r, "ends in %d day", "ends in %d days", left), left));
		html_raw(r, "</td></tr>");
	}
	db_done(q);
	if (any)
		html_raw(r, "</tbody></table>");
	else
		html(r, "<p>%s</p>", T(r, "No foreign partner has a valid agreement."));
	page_end(r);
	return SK_OK;
}

static void agreement_section(struct req *r, int64_t id, bool manage);

static void org_form(struct req *r, const char *action, const char *const *s, const char *title, int64_t id)
{
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p>", orgs_url(r), T(r, "← All organisations"));
	html(r, "<div class=\"narrow\"><h1>%s</h1>", title);
	bool manage = req_has_perm(r, "contacts.manage");
	if (!manage) {
		html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s, %s %s, %s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl></div>",
		     T(r, "Kind"), kind_label(r, s[CO_KIND]), T(r, "Address"), s[CO_STREET], s[CO_POSTAL], s[CO_CITY],
		     s[CO_MUNI], T(r, "Phone"), s[CO_PHONE], T(r, "E-mail"), s[CO_EMAIL]);
		if (id)
			agreement_section(r, id, false);
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
	if (id)
		agreement_section(r, id, true);
	html(r, "</div>");
	page_end(r);
}

static void agreement_section(struct req *r, int64_t id, bool manage)
{
	dbq *q = db_q(r->db, &st_ox_get);
	db_bind_int(q, 2, id);
	struct org_x o;
	bool got = db_step(q) == DB_ROW;
	if (got)
		read_ox(r, q, &o);
	db_done(q);
	if (!got)
		return;
	html(r, "<h2>%s</h2>", T(r, "Country and cooperation agreement"));
	if (!manage) {
		html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s – %s</dd></dl>",
		     T(r, "Country"), o.country, T(r, "Agreement"), *o.ref ? o.ref : "—", T(r, "Valid"), ymd_str(r, o.from),
		     ymd_str(r, o.to));
		return;
	}
	form_open(r, arena_printf(&r->a, "%s/agreement", org_url(r, id)), "stack");
	ui_field(r, "country", T(r, "Country"), "text", o.country, true, "off", T(r, "Two letters, e.g. LT, LV, PL."));
	ui_field(r, "agreement_ref", T(r, "Agreement"), "text", o.ref, false, "off",
	         T(r, "Number and date of the cooperation agreement, or where the file is kept."));
	ui_field(r, "agreement_from", T(r, "Valid from"), "date", ymd_str(r, o.from), false, "off", NULL);
	ui_field(r, "agreement_to", T(r, "Agreement until"), "date", ymd_str(r, o.to), false, "off", NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save the agreement"));
	form_close(r);
}

static sk_rc agreement_post(struct req *r)
{
	int64_t id;
	struct contact_org o;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = contact_org_get(r, id, &o);
	if (rc != SK_OK)
		return rc;
	static const struct field f[] = {{"country", F_TEXT, true, 2, NULL, 0, 0},
	                                 {"agreement_ref", F_TEXT, false, 300, NULL, 0, 0},
	                                 {"agreement_from", F_DATE, false, 0, NULL, 0, 0},
	                                 {"agreement_to", F_DATE, false, 0, NULL, 0, 0}};
	struct form_values v;
	rc = form_read(r, f, 4, &v);
	const char *country = country_norm(r, v.s[0]);
	int from = 0, to = 0;
	if (rc == SK_OK && !country) {
		req_field_error(r, "country", T(r, "Enter the country as two letters, e.g. LT."));
		rc = SK_EINPUT;
	}
	if (*v.s[2])
		ymd_parse(v.s[2], &from);
	if (*v.s[3])
		ymd_parse(v.s[3], &to);
	if (rc == SK_OK && from && to && to < from) {
		req_field_error(r, "agreement_to", T(r, "The agreement cannot end before it starts."));
		rc = SK_EINPUT;
	}
	if (rc == SK_EINPUT) {
		r->status = 422;
		org_form(r, org_url(r, id), o.f, o.f[CO_NAME], id);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	dbq *q = db_q(r->db, &st_ox_agreement);
	db_bind_int(q, 2, id);
	db_bind_text(q, 3, country);
	db_bind_text(q, 4, v.s[1]);
	db_bind_int(q, 5, from);
	db_bind_int(q, 6, to);
	db_bind_int(q, 7, now_unix());
	int64_t got = 0;
	rc = db_exec_id(q, &got);
	if (rc == SK_OK)
		rc = audit(r, "contact.org_agreement", "contact_org", id, NULL,
		           json_pack("{s:s, s:s, s:i, s:i}", "country", country, "agreement_ref", v.s[1], "from", from, "to",
		                     to));
	if (rc != SK_OK) {
		db_rollback(r->db);
		return rc;
	}
	if ((rc = db_commit(r->db)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The agreement is saved."));
	redirect(r, org_url(r, id));
	return SK_OK;
}

static const char *empty[CO_NFIELDS] = {"", "", "", "", "", "", "", "", "", ""};

static sk_rc org_new(struct req *r)
{
	org_form(r, orgs_url(r), empty, T(r, "Add an organisation"), 0);
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
		org_form(r, id ? org_url(r, id) : orgs_url(r), v.s, id ? T(r, "Organisation") : T(r, "Add an organisation"), id);
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
	org_form(r, org_url(r, id), o.f, o.f[CO_NAME], id);
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
          {"POST", "/staff/{inst}/contacts/orgs/{id}/agreement", agreement_post, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts/partners", partners_list, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/{id}/positions", position_add, "contacts.manage", 0});

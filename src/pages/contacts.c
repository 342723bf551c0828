/*
 * contacts.c -- contacts and relations (REQUIREMENTS C6, X15):
 *   /staff/{inst}/contacts            people, filters, Lithuanian order (L2)
 *   /staff/{inst}/contacts/new        add a person
 *   /staff/{inst}/contacts/{id}       view and edit, interactions ("log a call")
 *   /staff/{inst}/contacts/{id}/interactions  POST: log an interaction
 *   /staff/{inst}/contacts/{id}/erase POST: GDPR erasure (row kept, masked)
 *   /staff/{inst}/contacts/{id}/export.json|.csv  everything about one person
 *   (the retention review, consents and the rest of the export: contacts_gdpr.c)
 *   /staff/{inst}/contacts.csv        CSV export (BOM, ';', LT order)
 * Rules and audit rows live in model/contact.c.
 */
#include "layout.h"
#include "contacts_gdpr.h"
#include "../model/contact.h"
#include "../model/occasion.h"

#include <string.h>

static const char *const basis_labels[] = {N_("Legitimate interest"), N_("Consent"), N_("Contract"),
                                           N_("Public task")};
static const char *const ikind_labels[] = {N_("E-mail or letter"), N_("Call"), N_("Meeting"), N_("Media visit"),
                                           N_("Press conference"), N_("Information request")};

static const char *enum_label(struct req *r, const char *const *codes, const char *const *labels, const char *v)
{
	for (size_t i = 0; codes[i]; i++)
		if (str_eq(codes[i], v))
			return tr(r->lang, labels[i]);
	return v;
}

static const char *list_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/contacts", r->inst->slug); }

static const char *person_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/contacts/%lld", r->inst->slug, (long long)id);
}

static const char *date_text(struct req *r, int ymd)
{
	if (!ymd)
		return "—";
	char b[11];
	ymd_format(ymd, b);
	return arena_strdup(&r->a, b);
}

static const char *person_name(struct req *r, const struct contact_person *p)
{
	if (p->erased_at)
		return T(r, "(erased)");
	return arena_printf(&r->a, "%s %s", p->f[CP_FIRST], p->f[CP_LAST]);
}

/* ---- list ----------------------------------------------------------------------- */

static void read_filter(struct req *r, struct contact_filter *f)
{
	memset(f, 0, sizeof *f);
	f->q = req_query(r, "q");
	f->tag = req_query(r, "tag");
	int64_t v;
	if (parse_i64(req_query(r, "dnc"), &v) && v >= 0 && v <= 2)
		f->dnc = (int)v;
	if (parse_i64(req_query(r, "list"), &v) && v > 0)
		f->list = v;
}

static void people_table(struct req *r, const struct contact_person *p, size_t n, const char *caption)
{
	html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	     caption, T(r, "Last name, first name"), T(r, "Organisation"), T(r, "E-mail"), T(r, "Phone"),
	     T(r, "Tags"), T(r, "Last contact"));
	for (size_t i = 0; i < n; i++) {
		html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s, %s</a>", person_url(r, p[i].id), p[i].f[CP_LAST],
		     p[i].f[CP_FIRST]);
		if (p[i].dnc)
			html(r, " <span class=\"tag tag-danger\">%s</span>", T(r, "Do not contact"));
		html(r, "</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", p[i].org, p[i].f[CP_EMAIL],
		     p[i].f[CP_PHONE], p[i].f[CP_TAGS], date_text(r, p[i].last_contact));
	}
	html(r, "</tbody></table>");
}

static sk_rc contacts_list(struct req *r)
{
	struct contact_filter f;
	read_filter(r, &f);
	struct contact_person *p;
	size_t n;
	sk_rc rc = contact_people(r, &f, &p, &n);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Contacts"));
	html(r, "<h1>%s</h1>", T(r, "Contacts"));
	html(r, "<p class=\"lead\">%s</p>",
	     arena_printf(&r->a, TN(r, "%zu person matches.", "%zu people match.", n), n));
	html(r, "<p class=\"actions\">");
	if (req_has_perm(r, "contacts.manage"))
		html(r, "<a class=\"button\" href=\"%s/new\">%s</a> <a class=\"button\" href=\"%s/import\">%s</a> ",
		     list_url(r), T(r, "Add a person"), list_url(r), T(r, "Import from CSV or vCard"));
	const char *fq = url_fmt(&r->a, "q=%s&tag=%s&dnc=%d", f.q ? f.q : "", f.tag ? f.tag : "", f.dnc);
	html(r, "<a href=\"%s/orgs\">%s</a> · ", list_url(r), T(r, "Organisations"));
	html(r, "<a href=\"%s/visits\">%s</a> · ", list_url(r), T(r, "Media visits"));
	html(r, "<a href=\"%s/press\">%s</a> · ", list_url(r), T(r, "Press conferences"));
	html(r, "<a href=\"%s/info-requests\">%s</a> · ", list_url(r), T(r, "Information requests"));
	if (req_has_perm(r, "contacts.manage"))
		html(r, "<a href=\"%s/requests\">%s</a> · ", list_url(r), T(r, "Data subject requests"));
	html(r, "<a href=\"%s/lists\">%s</a> · <a href=\"%s.csv?%s\">%s</a> · <a href=\"%s.vcf?%s\">%s</a> · "
	        "<a href=\"%s/review\">%s</a></p>",
	     list_url(r), T(r, "Contact lists"), list_url(r), fq, T(r, "Download as CSV (Excel)"), list_url(r), fq,
	     T(r, "Download as vCard"), list_url(r), T(r, "Retention review"));
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" role=\"search\" aria-label=\"%s\">", list_url(r),
	     T(r, "Filter contacts"));
	html(r, "<div class=\"field\"><label for=\"f-q\">%s</label><input id=\"f-q\" name=\"q\" type=\"search\" value=\"%s\"></div>",
	     T(r, "Name or e-mail"), f.q ? f.q : "");
	html(r, "<div class=\"field\"><label for=\"f-tag\">%s</label><input id=\"f-tag\" name=\"tag\" value=\"%s\"></div>",
	     T(r, "Tag"), f.tag ? f.tag : "");
	static const char *const dncs[] = {N_("Everybody"), N_("Only do-not-contact"), N_("Without do-not-contact")};
	html(r, "<div class=\"field\"><label for=\"f-dnc\">%s</label><select id=\"f-dnc\" name=\"dnc\">",
	     T(r, "Do-not-contact flag"));
	for (int i = 0; i < 3; i++)
		html(r, "<option value=\"%d\"%s>%s</option>", i, f.dnc == i ? " selected" : "", tr(r->lang, dncs[i]));
	html(r, "</select></div><div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></div></form>",
	     T(r, "Filter"), list_url(r), T(r, "Clear filters"));
	if (n == 0)
		html(r, "<p>%s</p>", T(r, "Nobody matches these filters."));
	else
		people_table(r, p, n, T(r, "Contacts"));
	if (req_has_perm(r, "contacts.manage") && ((f.q && *f.q) || (f.tag && *f.tag) || f.dnc)) {
		form_open(r, arena_printf(&r->a, "%s/lists", list_url(r)), "filters");
		html(r, "<input type=\"hidden\" name=\"filter\" value=\"%s\">", fq);
		ui_field(r, "name", T(r, "Save this filter as a list"), "text", "", true, "off", NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
		form_close(r);
	}
	page_end(r);
	return SK_OK;
}

/* ---- CSV ------------------------------------------------------------------------ */

static void csv_person_head(struct req *r, buf *b)
{
	for (int i = 0; i < CP_NFIELDS; i++)
		csv_cell(b, contact_person_fields[i].name, i == 0);
	csv_cell(b, "organisation", false);
	csv_cell(b, "last_contact", false);
	buf_puts(b, "\r\n");
}

static void csv_person_row(struct req *r, buf *b, const struct contact_person *p)
{
	for (int i = 0; i < CP_NFIELDS; i++)
		csv_cell(b, i == CP_DNC ? (p->dnc ? "1" : "0") : p->f[i], i == 0);
	csv_cell(b, p->org, false);
	csv_cell(b, p->last_contact ? date_text(r, p->last_contact) : "", false);
	buf_puts(b, "\r\n");
}

static sk_rc send_csv(struct req *r, buf *b, const char *name)
{
	if (b->overflow) {
		buf_free(b);
		return SK_ETOOBIG;
	}
	resp_header(r, "Content-Disposition", arena_printf(&r->a, "attachment; filename=\"%s.csv\"", name));
	reply_bytes(r, "text/csv; charset=utf-8", b->data, b->len);
	buf_free(b);
	return SK_OK;
}

static sk_rc contacts_csv(struct req *r)
{
	struct contact_filter f;
	read_filter(r, &f);
	struct contact_person *p;
	size_t n;
	sk_rc rc = contact_people(r, &f, &p, &n);
	if (rc != SK_OK)
		return rc;
	buf b;
	buf_init(&b, 16u << 20);
	buf_puts(&b, "\xEF\xBB\xBF");
	csv_person_head(r, &b);
	for (size_t i = 0; i < n; i++)
		csv_person_row(r, &b, &p[i]);
	return send_csv(r, &b, arena_printf(&r->a, "contacts-%s", r->inst->slug));
}

static sk_rc send_vcards(struct req *r, const struct contact_person *p, size_t n, const char *name)
{
	buf b;
	buf_init(&b, 16u << 20);
	for (size_t i = 0; i < n; i++)
		contact_vcard_write(&b, &p[i]);
	if (b.overflow) {
		buf_free(&b);
		return SK_ETOOBIG;
	}
	resp_header(r, "Content-Disposition", arena_printf(&r->a, "attachment; filename=\"%s.vcf\"", name));
	reply_bytes(r, "text/vcard; charset=utf-8", b.data, b.len);
	buf_free(&b);
	return SK_OK;
}

static sk_rc contacts_vcf(struct req *r)
{
	struct contact_filter f;
	read_filter(r, &f);
	struct contact_person *p;
	size_t n;
	sk_rc rc = contact_people(r, &f, &p, &n);
	if (rc != SK_OK)
		return rc;
	return send_vcards(r, p, n, arena_printf(&r->a, "contacts-%s", r->inst->slug));
}

/* ---- person form ---------------------------------------------------------------- */

static void person_form(struct req *r, const char *action, const char *const *s, bool dnc)
{
	field_errors_summary(r);
	form_open(r, action, "stack");
	ui_field(r, "first_name", T(r, "First name"), "text", s[CP_FIRST], true, "off", NULL);
	ui_field(r, "last_name", T(r, "Last name"), "text", s[CP_LAST], true, "off", NULL);
	ui_field(r, "salutation", T(r, "Salutation in letters"), "text", s[CP_SALUT], false, "off",
	         T(r, "Written as the person wants to be addressed, e.g. \"Gerbiamoji Rasa\". It is never generated."));
	ui_field(r, "email", T(r, "E-mail"), "email", s[CP_EMAIL], false, "off", NULL);
	ui_field(r, "phone", T(r, "Phone"), "tel", s[CP_PHONE], false, "off", T(r, "e.g. +370 612 34567"));
	ui_field(r, "languages", T(r, "Languages"), "text", s[CP_LANGS], false, "off", T(r, "e.g. lt, en"));
	ui_field(r, "beats", T(r, "Topics"), "text", s[CP_BEATS], false, "off",
	         T(r, "For journalists: culture, books, regional news…"));
	ui_field(r, "tags", T(r, "Tags"), "text", s[CP_TAGS], false, "off", T(r, "Separated by commas."));
	ui_checkbox(r, "do_not_contact", T(r, "Do not contact"), dnc,
	            T(r, "The person objected: they are left out of every mailing."));
	const char *labels[4];
	for (int i = 0; i < 4; i++)
		labels[i] = tr(r->lang, basis_labels[i]);
	ui_select(r, "legal_basis", T(r, "Legal basis"), contact_bases, labels, 4,
	          *s[CP_BASIS] ? s[CP_BASIS] : "legitimate_interest", true, NULL);
	ui_field(r, "data_source", T(r, "Source of the data"), "text", s[CP_SOURCE], false, "off",
	         T(r, "e.g. the outlet's website, a business card"));
	ui_textarea(r, "notes", T(r, "Notes"), s[CP_NOTES], 4, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
	form_close(r);
}

static const char *empty_fields[CP_NFIELDS] = {"", "", "", "", "", "", "", "", "", "", "", ""};

static void new_page(struct req *r, const struct form_values *v)
{
	page_begin(r, PAGE_STAFF, T(r, "Add a person"));
	html(r, "<p><a href=\"%s\">%s</a></p>", list_url(r), T(r, "← All contacts"));
	html(r, "<div class=\"narrow\"><h1>%s</h1>", T(r, "Add a person"));
	person_form(r, list_url(r), v ? v->s : empty_fields, v && v->i[CP_DNC]);
	html(r, "</div>");
	page_end(r);
}

static sk_rc contact_new(struct req *r)
{
	new_page(r, NULL);
	return SK_OK;
}

static sk_rc contact_create(struct req *r)
{
	struct form_values v;
	sk_rc rc = form_read(r, contact_person_fields, CP_NFIELDS, &v);
	int64_t id = 0;
	if (rc == SK_OK)
		rc = contact_person_save(r, 0, &v, &id);
	if (rc == SK_EINPUT) {
		r->status = 422;
		new_page(r, &v);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, T(r, "The person is saved."));
	redirect(r, person_url(r, id));
	return SK_OK;
}

/* ---- person page ---------------------------------------------------------------- */

static void person_page(struct req *r, const struct contact_person *p, const struct form_values *v)
{
	const char *name = person_name(r, p);
	bool manage = req_has_perm(r, "contacts.manage");
	page_begin(r, PAGE_STAFF, name);
	html(r, "<p><a href=\"%s\">%s</a></p>", list_url(r), T(r, "← All contacts"));
	html(r, "<h1>%s</h1>", name);
	if (p->erased_at) {
		html(r, "<p class=\"lead\">%s</p>",
		     T(r, "The personal data of this contact were erased. The record is kept so that the audit log stays complete."));
		page_end(r);
		return;
	}
	if (p->dnc)
		html(r, "<p class=\"tag tag-danger\">%s</p>",
		     T(r, "Do not contact: the person objected and is left out of every mailing."));
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
	     T(r, "Organisation"), *p->org ? p->org : "—", T(r, "Legal basis"),
	     enum_label(r, contact_bases, basis_labels, p->f[CP_BASIS]), T(r, "Last contact"),
	     date_text(r, p->last_contact), T(r, "Salutation in letters"), *p->f[CP_SALUT] ? p->f[CP_SALUT] : "—");

	html(r, "<h2>%s</h2>", T(r, "Interactions"));
	struct contact_interaction *it;
	size_t n = 0;
	contact_interactions(r, p->id, &it, &n);
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "No interactions yet."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Interactions"), T(r, "Date"), T(r, "Kind"), T(r, "Summary"), T(r, "Logged by"));
		for (size_t i = 0; i < n; i++) {
			html(r, "<tr><td>%s</td><td>%s</td><td>%s", date_text(r, it[i].on_date),
			     enum_label(r, contact_ikinds, ikind_labels, it[i].kind), it[i].summary);
			if (it[i].deadline)
				html(r, " <span class=\"muted\">(%s %s)</span>", T(r, "answer due"), date_text(r, it[i].deadline));
			html(r, "</td><td>%s</td></tr>", it[i].user);
		}
		html(r, "</tbody></table>");
	}
	if (manage) {
		html(r, "<h3>%s</h3>", T(r, "Log an interaction"));
		form_open(r, arena_printf(&r->a, "%s/interactions", person_url(r, p->id)), "stack");
		const char *labels[6];
		for (int i = 0; i < 6; i++)
			labels[i] = tr(r->lang, ikind_labels[i]);
		ui_select(r, "kind", T(r, "Kind"), contact_ikinds, labels, 6, "call", true, NULL);
		ui_field(r, "on_date", T(r, "Date"), "date", date_text(r, local_today()), true, "off", NULL);
		ui_textarea(r, "summary", T(r, "Summary"), "", 3, NULL);
		ui_field(r, "deadline", T(r, "Answer due"), "date", "", false, "off",
		         T(r, "Only for information requests."));
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Log"));
		form_close(r);

		struct contact_org *orgs;
		size_t no = 0;
		if (contact_orgs(r, "", &orgs, &no) == SK_OK && no) {
			html(r, "<h3>%s</h3>", T(r, "Add a position"));
			form_open(r, arena_printf(&r->a, "%s/positions", person_url(r, p->id)), "stack");
			html(r, "<div class=\"field\"><label for=\"f-org\">%s *</label><select id=\"f-org\" name=\"org\">",
			     T(r, "Organisation"));
			for (size_t i = 0; i < no; i++)
				html(r, "<option value=\"%lld\">%s</option>", (long long)orgs[i].id, orgs[i].f[CO_NAME]);
			html_raw(r, "</select></div>");
			ui_field(r, "title", T(r, "Position"), "text", "", false, "off", NULL);
			ui_field(r, "from_date", T(r, "Since"), "date", "", false, "off", NULL);
			html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Add"));
			form_close(r);
		}
		html(r, "<h2>%s</h2>", T(r, "Edit"));
		person_form(r, person_url(r, p->id), v ? v->s : p->f, v ? v->i[CP_DNC] != 0 : p->dnc);
	}
	html(r, "<h2>%s</h2><p><a href=\"%s/export.json\">%s</a> · <a href=\"%s/export.csv\">%s</a></p>",
	     T(r, "Personal data"), person_url(r, p->id), T(r, "Everything stored, as JSON"), person_url(r, p->id),
	     T(r, "as CSV"));
	html(r, "<p><a href=\"%s/consents\">%s</a></p>", person_url(r, p->id), T(r, "Consent records"));
	if (manage) {
		form_open(r, arena_printf(&r->a, "%s/erase", person_url(r, p->id)), "stack");
		ui_checkbox(r, "confirm", T(r, "I understand that the name, contacts and notes are erased for good."), false,
		            NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\" class=\"danger\">%s</button></div>",
		     T(r, "Erase personal data"));
		form_close(r);
	}
	page_end(r);
}

static sk_rc load(struct req *r, struct contact_person *p)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return contact_person_get(r, id, p);
}

static sk_rc contact_view(struct req *r)
{
	struct contact_person p;
	sk_rc rc = load(r, &p);
	if (rc != SK_OK)
		return rc;
	person_page(r, &p, NULL);
	return SK_OK;
}

static sk_rc contact_update(struct req *r)
{
	struct contact_person p;
	sk_rc rc = load(r, &p);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	rc = form_read(r, contact_person_fields, CP_NFIELDS, &v);
	int64_t id;
	if (rc == SK_OK)
		rc = contact_person_save(r, p.id, &v, &id);
	if (rc == SK_EINPUT) {
		r->status = 422;
		person_page(r, &p, &v);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, T(r, "The person is saved."));
	redirect(r, person_url(r, p.id));
	return SK_OK;
}

static sk_rc contact_log(struct req *r)
{
	struct contact_person p;
	sk_rc rc = load(r, &p);
	if (rc != SK_OK)
		return rc;
	static const struct field f[] = {{"kind", F_ENUM, true, 0, contact_ikinds, 0, 0},
	                                 {"on_date", F_DATE, true, 0, NULL, 0, 0},
	                                 {"summary", F_TEXTAREA, false, 4000, NULL, 0, 0},
	                                 {"deadline", F_DATE, false, 0, NULL, 0, 0}};
	struct form_values v;
	rc = form_read(r, f, 4, &v);
	int d = 0, dl = 0;
	if (rc == SK_OK) {
		ymd_parse(v.s[1], &d);
		if (*v.s[3])
			ymd_parse(v.s[3], &dl);
		if (dl && dl < d) {
			req_field_error(r, "deadline", T(r, "The answer cannot be due before the request."));
			rc = SK_EINPUT;
		}
	}
	if (rc == SK_OK)
		rc = contact_interaction_add(r, p.id, v.s[0], d, v.s[2], dl);
	if (rc == SK_EINPUT) {
		r->status = 422;
		person_page(r, &p, NULL);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, T(r, "The interaction is logged."));
	redirect(r, person_url(r, p.id));
	return SK_OK;
}

static sk_rc contact_erase_post(struct req *r)
{
	struct contact_person p;
	sk_rc rc = load(r, &p);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(req_form(r, "confirm"), "1") && !str_eq(req_form(r, "confirm"), "on")) {
		req_field_error(r, "confirm", T(r, "Tick the box to confirm the erasure."));
		r->status = 422;
		person_page(r, &p, NULL);
		return SK_OK;
	}
	if ((rc = contact_erase_all(r, p.id)) != SK_OK)
		return rc;
	flash_set(r, T(r, "The personal data are erased."));
	redirect(r, list_url(r));
	return SK_OK;
}

static sk_rc contact_export_json(struct req *r)
{
	struct contact_person p;
	sk_rc rc = load(r, &p);
	if (rc != SK_OK)
		return rc;
	resp_header(r, "Content-Disposition",
	            arena_printf(&r->a, "attachment; filename=\"contact-%lld.json\"", (long long)p.id));
	json_t *j = contact_person_json(r, &p);
	contact_export_more(r, p.id, j);
	json_reply(r, 200, j);
	return SK_OK;
}

static sk_rc contact_export_csv(struct req *r)
{
	struct contact_person p;
	sk_rc rc = load(r, &p);
	if (rc != SK_OK)
		return rc;
	buf b;
	buf_init(&b, 4u << 20);
	buf_puts(&b, "\xEF\xBB\xBF");
	csv_person_head(r, &b);
	csv_person_row(r, &b, &p);
	struct contact_interaction *it;
	size_t n = 0;
	contact_interactions(r, p.id, &it, &n);
	buf_puts(&b, "\r\n");
	csv_cell(&b, "interaction_date", true);
	csv_cell(&b, "kind", false);
	csv_cell(&b, "summary", false);
	csv_cell(&b, "deadline", false);
	csv_cell(&b, "user", false);
	buf_puts(&b, "\r\n");
	for (size_t i = 0; i < n; i++) {
		csv_cell(&b, date_text(r, it[i].on_date), true);
		csv_cell(&b, it[i].kind, false);
		csv_cell(&b, it[i].summary, false);
		csv_cell(&b, it[i].deadline ? date_text(r, it[i].deadline) : "", false);
		csv_cell(&b, it[i].user, false);
		buf_puts(&b, "\r\n");
	}
	contact_export_more_csv(r, p.id, &b);
	return send_csv(r, &b, arena_printf(&r->a, "contact-%lld", (long long)p.id));
}

SK_NAV(nav_contacts, "staff", "/staff/{inst}/contacts", N_("Contacts"), "contacts.view", 40, 0);

SK_ROUTES(contacts,
          {"GET", "/staff/{inst}/contacts", contacts_list, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts", contact_create, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts.csv", contacts_csv, "contacts.view", 0},
          {"GET", "/staff/{inst}/contacts.vcf", contacts_vcf, "contacts.view", 0},
          {"GET", "/staff/{inst}/contacts/new", contact_new, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts/{id}", contact_view, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/{id}", contact_update, "contacts.manage", 0},
          {"POST", "/staff/{inst}/contacts/{id}/interactions", contact_log, "contacts.manage", 0},
          {"POST", "/staff/{inst}/contacts/{id}/erase", contact_erase_post, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts/{id}/export.json", contact_export_json, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts/{id}/export.csv", contact_export_csv, "contacts.manage", 0});

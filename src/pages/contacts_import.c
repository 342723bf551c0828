/*
 * contacts_import.c -- /staff/{inst}/contacts/import: upload a CSV
 * (Excel LT: UTF-8 with BOM, ';'; also ','), see every row with its
 * errors and duplicates, then confirm: the valid new rows are stored in
 * one transaction. The preview carries the file's text in a hidden
 * field, so nothing is stored before the confirmation.
 */
#include "layout.h"
#include "../model/contact.h"

#include <string.h>
#include <strings.h>

static const char *import_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/contacts/import", r->inst->slug); }

static void upload_form(struct req *r)
{
	html(r, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" class=\"stack\">", import_url(r));
	html(r, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", csrf_token(r));
	const char *err = req_field_msg(r, "file");
	html(r, "<div class=\"field%s\">", err ? " has-error" : "");
	ui_label_hint_error(r, "file", T(r, "CSV or vCard file"), true,
	                    T(r, "Columns: Vardas; Pavardė; El. paštas; Telefonas; Kreipinys; Kalbos; Temos; Žymos; Nekontaktuoti; Šaltinis; Pastabos. Excel: save as \"CSV UTF-8\"."),
	                    err);
	html(r, "<input type=\"file\" id=\"f-file\" name=\"file\" accept=\".csv,.vcf,text/csv,text/vcard\" required");
	ui_described_by(r, "file", true, err != NULL);
	html(r, "></div><div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Check the file"));
}

static void page_top(struct req *r)
{
	page_begin(r, PAGE_STAFF, T(r, "Import contacts"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/contacts", r->inst->slug),
	     T(r, "← All contacts"));
	html(r, "<h1>%s</h1>", T(r, "Import contacts"));
}

static sk_rc import_form(struct req *r)
{
	page_top(r);
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "First you see every row: errors and possible duplicates are shown and nothing is stored until you confirm."));
	upload_form(r);
	page_end(r);
	return SK_OK;
}

static sk_rc import_post(struct req *r)
{
	const char *data = NULL;
	size_t len = 0;
	bool confirm = str_eq(req_form(r, "confirm"), "1");
	if (confirm) {
		data = req_form(r, "csv");
		len = data ? strlen(data) : 0;
	} else {
		for (size_t i = 0; i < r->nfiles; i++)
			if (str_eq(r->files[i].field, "file")) {
				data = r->files[i].data;
				len = r->files[i].len;
			}
	}
	/* vCards become the CSV the rest of the import reads */
	if (data && len && !confirm) {
		const char *b = data;
		while (b < data + len && (*b == ' ' || *b == '\r' || *b == '\n' || (unsigned char)*b == 0xEF ||
		                          (unsigned char)*b == 0xBB || (unsigned char)*b == 0xBF))
			b++;
		if ((size_t)(data + len - b) > 11 && !strncasecmp(b, "BEGIN:VCARD", 11)) {
			char *csv = contact_vcard_to_csv(&r->a, data, len);
			if (csv) {
				data = csv;
				len = strlen(csv);
			}
		}
	}
	struct contact_row *rows = NULL;
	size_t n = 0;
	sk_rc rc = SK_EINPUT;
	if (!data || !len)
		req_field_error(r, "file", T(r, "Choose a CSV file."));
	else
		rc = contact_import_parse(r, data, len, &rows, &n);
	if (rc == SK_EINPUT) {
		r->status = 422;
		page_top(r);
		field_errors_summary(r);
		upload_form(r);
		page_end(r);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	size_t nerr = 0, ndup = 0;
	for (size_t i = 0; i < n; i++)
		nerr += rows[i].errors != NULL, ndup += rows[i].duplicate != NULL;
	size_t nok = n - nerr - ndup;
	if (confirm) {
		size_t stored;
		if ((rc = contact_import_store(r, rows, n, &stored)) != SK_OK)
			return rc;
		flash_set(r, arena_printf(&r->a, TN(r, "%zu person imported.", "%zu people imported.", stored), stored));
		redirect(r, url_fmt(&r->a, "/staff/%s/contacts", r->inst->slug));
		return SK_OK;
	}
	page_top(r);
	html(r, "<p class=\"lead\">%s %s %s</p>",
	     arena_printf(&r->a, TN(r, "%zu row can be imported.", "%zu rows can be imported.", nok), nok),
	     arena_printf(&r->a, TN(r, "%zu row has errors.", "%zu rows have errors.", nerr), nerr),
	     arena_printf(&r->a, TN(r, "%zu row is a possible duplicate.", "%zu rows are possible duplicates.", ndup),
	                  ndup));
	html(r, "<table class=\"data\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	     T(r, "Rows of the file"), T(r, "Line"), T(r, "Name and surname"), T(r, "E-mail"), T(r, "Phone"), T(r, "Result"));
	for (size_t i = 0; i < n; i++) {
		const struct contact_row *x = &rows[i];
		if (x->errors)
			html_raw(r, "<tr class=\"row-error\">");
		else if (x->duplicate)
			html_raw(r, "<tr class=\"row-duplicate\">");
		else
			html_raw(r, "<tr>");
		html(r, "<td>%d</td><td>%s %s</td><td>%s</td><td>%s</td><td>", x->line, x->s[CP_FIRST], x->s[CP_LAST],
		     x->s[CP_EMAIL], x->s[CP_PHONE]);
		if (x->errors)
			html(r, "<strong>%s</strong> %s", T(r, "Rejected:"), x->errors);
		else if (x->duplicate)
			html(r, "<strong>%s</strong> %s", T(r, "Possible duplicate:"), x->duplicate);
		else
			html(r, "%s", T(r, "New"));
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table>");
	if (nok) {
		form_open(r, import_url(r), "stack");
		html(r, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><input type=\"hidden\" name=\"csv\" value=\"%s\">",
		     arena_strndup(&r->a, data, len));
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></div>",
		     arena_printf(&r->a, TN(r, "Import %zu person", "Import %zu people", nok), nok), import_url(r),
		     T(r, "Choose another file"));
		form_close(r);
	} else {
		upload_form(r);
	}
	page_end(r);
	return SK_OK;
}

SK_ROUTES(contacts_import,
          {"GET", "/staff/{inst}/contacts/import", import_form, "contacts.manage", 0},
          {"POST", "/staff/{inst}/contacts/import", import_post, "contacts.manage", R_UPLOAD});

/*
 * documents.c -- the internal documents' editing queue (REQUIREMENTS C3
 * workflow 5, AC-C3-6): a member sends a document (upload) for editing;
 * an editor takes it and returns the edited file with a summary of the
 * changes; both files can be downloaded by the requester and the
 * editors. Rules in model/document.c.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/document.h"
#include "../model/occasion.h"

#include <string.h>

static const char *list_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/documents", r->inst->slug); }
static const char *doc_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/documents/%lld", r->inst->slug, (long long)id);
}

static const struct upload *upload_of(struct req *r, const char *field)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (str_eq(r->files[i].field, field))
			return &r->files[i];
	return NULL;
}

static void file_input(struct req *r, const char *label)
{
	const char *err = req_field_msg(r, "file");
	html(r, "<div class=\"field%s\">", err ? " has-error" : "");
	ui_label_hint_error(r, "file", label, true, T(r, ".docx, .odt, .txt or .md, at most 20 MB."), err);
	html(r, "<input type=\"file\" id=\"f-file\" name=\"file\" accept=\".docx,.odt,.txt,.md\" required");
	ui_described_by(r, "file", true, err != NULL);
	html(r, "></div>");
}

static sk_rc list_page(struct req *r)
{
	struct doc_request *v;
	size_t n;
	sk_rc rc = doc_list(r, &v, &n);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Documents for editing"));
	html(r, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Documents for editing"),
	     T(r, "Internal documents (orders, rules, reports) sent to the language editor, and what came back."));
	field_errors_summary(r);
	if (n) {
		html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Document"), T(r, "Sent by"), T(r, "Submitted on"), T(r, "Status"));
		for (size_t i = 0; i < n; i++)
			html(r, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td><span class=\"tag doc-%s\">%s</span>"
			        "</td></tr>",
			     doc_url(r, v[i].id), v[i].title, v[i].requester_name,
			     fmt_datetime(&r->a, r->lang, v[i].submitted_at), v[i].status, doc_status_label(r, v[i].status));
		html(r, "</tbody></table>");
	} else {
		html(r, "<p>%s</p>", T(r, "Nothing recorded yet."));
	}
	if (req_has_perm(r, "documents.request")) {
		html(r, "<h2>%s</h2>", T(r, "Send a document for editing"));
		html(r, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" class=\"stack\">", list_url(r));
		html(r, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", csrf_token(r));
		ui_field(r, "title", T(r, "Document"), "text", req_form(r, "title"), true, "off",
		         T(r, "For example: Order on the reading room's hours"));
		ui_textarea(r, "purpose", T(r, "Purpose and what to look at"), req_form(r, "purpose"), 3, NULL);
		ui_field(r, "due_date", T(r, "Needed by"), "date", req_form(r, "due_date"), false, "off", NULL);
		file_input(r, T(r, "File"));
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Send for editing"));
	}
	page_end(r);
	return SK_OK;
}

static sk_rc list_get(struct req *r) { return list_page(r); }

static sk_rc create_post(struct req *r)
{
	int due = 0;
	const char *d = req_form(r, "due_date");
	if (d && *d && !ymd_parse(d, &due))
		req_field_error(r, "due_date", T(r, "Enter a date as YYYY-MM-DD."));
	int64_t id = 0;
	sk_rc rc = doc_create(r, req_form(r, "title"), req_form(r, "purpose"), due, upload_of(r, "file"), &id);
	if (rc == SK_OK) {
		flash_set(r, N_("The document is sent to the editors."));
		redirect(r, doc_url(r, id));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return list_page(r);
}

static sk_rc doc_page(struct req *r, int64_t id)
{
	struct doc_request d;
	sk_rc rc = doc_get(r, id, &d);
	if (rc != SK_OK)
		return rc;
	bool editor = req_has_perm(r, "documents.edit");
	page_begin(r, PAGE_STAFF, d.title);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", list_url(r), T(r, "Documents for editing"), d.title);
	field_errors_summary(r);
	html(r, "<p><span class=\"tag doc-%s\">%s</span></p><dl class=\"facts\"><dt>%s</dt><dd>%s, %s</dd>", d.status,
	     doc_status_label(r, d.status), T(r, "Sent by"), d.requester_name, fmt_datetime(&r->a, r->lang, d.submitted_at));
	if (*d.purpose)
		html(r, "<dt>%s</dt><dd class=\"pre\">%s</dd>", T(r, "Purpose and what to look at"), d.purpose);
	if (d.due_date) {
		char b[11];
		ymd_format(d.due_date, b);
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Needed by"), b);
	}
	html(r, "<dt>%s</dt><dd><a href=\"%s/file/original\">%s</a></dd>", T(r, "The document as sent"), doc_url(r, id),
	     d.original_name);
	if (*d.editor_name)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Editor"), d.editor_name);
	if (d.edited_file_id) {
		html(r, "<dt>%s</dt><dd><a href=\"%s/file/edited\">%s</a></dd><dt>%s</dt><dd class=\"pre\">%s</dd>",
		     T(r, "The edited document"), doc_url(r, id), d.edited_name, T(r, "What was changed"), d.change_summary);
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Turnaround"),
		     arena_printf(&r->a, TN(r, "%d working day", "%d working days", d.turnaround_workdays),
		                  d.turnaround_workdays));
	}
	html(r, "</dl>");
	if (editor && str_eq(d.status, "submitted")) {
		form_open(r, arena_printf(&r->a, "%s/take", doc_url(r, id)), "inline");
		html(r, "<button type=\"submit\">%s</button>", T(r, "I will edit it"));
		form_close(r);
	}
	if (editor && (str_eq(d.status, "submitted") || str_eq(d.status, "in_editing"))) {
		html(r, "<h2>%s</h2>", T(r, "Return the edited document"));
		html(r, "<form method=\"post\" action=\"%s/return\" enctype=\"multipart/form-data\" class=\"stack\">",
		     doc_url(r, id));
		html(r, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">", csrf_token(r));
		file_input(r, T(r, "The edited file"));
		ui_textarea(r, "change_summary", T(r, "What was changed"), req_form(r, "change_summary"), 4, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Return"));
	}
	page_end(r);
	return SK_OK;
}

static sk_rc doc_get_page(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return doc_page(r, id);
}

static sk_rc take_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = doc_take(r, id);
	if (rc == SK_OK) {
		flash_set(r, N_("The document is yours to edit."));
		redirect(r, doc_url(r, id));
		return SK_OK;
	}
	if (rc != SK_ECONFLICT)
		return rc;
	r->status = 409;
	return doc_page(r, id);
}

static sk_rc return_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = doc_return(r, id, upload_of(r, "file"), req_form(r, "change_summary"));
	if (rc == SK_OK) {
		flash_set(r, N_("The edited document is returned; the sender is told."));
		redirect(r, doc_url(r, id));
		return SK_OK;
	}
	if (rc != SK_EINPUT && rc != SK_ECONFLICT)
		return rc;
	r->status = 422;
	return doc_page(r, id);
}

static sk_rc file_get(struct req *r)
{
	int64_t id;
	const char *which = req_pathv(r, "which");
	if (!req_id(r, "id", &id) || !which)
		return SK_ENOTFOUND;
	const char *name, *ctype;
	const void *data;
	size_t len;
	sk_rc rc = doc_file(r, id, which, &name, &ctype, &data, &len);
	if (rc != SK_OK)
		return rc;
	/* always a download, under its own name (RFC 6266, UTF-8) */
	resp_header(r, "Content-Disposition",
	            arena_printf(&r->a, "attachment; filename=\"document\"; filename*=UTF-8''%s",
	                         url_fmt(&r->a, "%s", name)));
	reply_bytes(r, ctype, data ? data : "", len);
	return SK_OK;
}

SK_ROUTES(documents,
          {"GET", "/staff/{inst}/documents", list_get, NULL, 0},
          {"POST", "/staff/{inst}/documents", create_post, "documents.request", R_UPLOAD},
          {"GET", "/staff/{inst}/documents/{id}", doc_get_page, NULL, 0},
          {"GET", "/staff/{inst}/documents/{id}/file/{which}", file_get, NULL, 0},
          {"POST", "/staff/{inst}/documents/{id}/take", take_post, "documents.edit", 0},
          {"POST", "/staff/{inst}/documents/{id}/return", return_post, "documents.edit", R_UPLOAD});

SK_NAV_GROUP(nav_documents, "staff", "/staff/{inst}/documents", N_("Documents for editing"), "documents.request", 24, 0, N_("Communication"));

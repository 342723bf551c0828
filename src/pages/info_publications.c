/*
 * info_publications.c -- staff pages of the information publications
 * (REQUIREMENTS C3 workflow 6, AC-C3-7): the list and a new one, and one
 * publication with its units' contributions (each a task), consultation
 * notes, the step to layout (with the head's override) and the print and
 * distribution record. Rules in model/info_pub.c.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/admin.h"
#include "../model/info_pub.h"
#include "../model/occasion.h"

#include <string.h>

static const char *list_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/info-publications", r->inst->slug); }
static const char *pub_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/info-publications/%lld", r->inst->slug, (long long)id);
}

static const char *ymd_text(struct req *r, int ymd)
{
	char b[11];
	ymd_format(ymd, b);
	return arena_strdup(&r->a, b);
}

static void member_select(struct req *r, const char *name, const char *label, int64_t value, bool none)
{
	struct adm_member *mv;
	size_t nm = 0;
	int64_t total;
	struct adm_filter af = {.status = 1};
	adm_members(r, &af, 500, 0, &mv, &nm, &total);
	const char **v = arena_alloc(&r->a, (nm + 1) * sizeof *v), **l = arena_alloc(&r->a, (nm + 1) * sizeof *l);
	size_t k = 0;
	if (none) {
		v[k] = "0";
		l[k++] = T(r, "The unit decides");
	}
	for (size_t i = 0; i < nm; i++, k++) {
		v[k] = arena_printf(&r->a, "%lld", (long long)mv[i].id);
		l[k] = mv[i].name;
	}
	ui_select(r, name, label, v, l, k, arena_printf(&r->a, "%lld", (long long)value), !none, NULL);
}

static void dept_select(struct req *r, const char *name, const char *label, bool none)
{
	struct adm_dept *dv;
	size_t nd = adm_depts(r, &dv);
	const char **v = arena_alloc(&r->a, (nd + 1) * sizeof *v), **l = arena_alloc(&r->a, (nd + 1) * sizeof *l);
	size_t k = 0;
	if (none) {
		v[k] = "0";
		l[k++] = T(r, "None");
	}
	for (size_t i = 0; i < nd; i++, k++) {
		v[k] = arena_printf(&r->a, "%lld", (long long)dv[i].id);
		l[k] = adm_dept_name(r, &dv[i]);
	}
	ui_select(r, name, label, v, l, k, req_form(r, name) ? req_form(r, name) : "", !none, NULL);
}

static sk_rc list_page(struct req *r)
{
	struct ipub *v;
	size_t n;
	sk_rc rc = ipub_list(r, &v, &n);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Information publications"));
	html(r, "<h1>%s</h1>", T(r, "Information publications"));
	field_errors_summary(r);
	if (n) {
		html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Title"), T(r, "Kind"), T(r, "Editorial deadline"), T(r, "Status"));
		for (size_t i = 0; i < n; i++)
			html(r, "<tr><td><a href=\"%s\">%s</a> %s</td><td>%s</td><td>%s</td><td><span class=\"tag\">%s</span></td></tr>",
			     pub_url(r, v[i].id), v[i].title, v[i].edition, ipub_kind_label(r, v[i].kind),
			     ymd_text(r, v[i].deadline), ipub_status_label(r, v[i].status));
		html(r, "</tbody></table>");
	} else {
		html(r, "<p>%s</p>", T(r, "Nothing recorded yet."));
	}
	if (req_has_perm(r, "content.edit")) {
		html(r, "<h2>%s</h2>", T(r, "New publication"));
		form_open(r, list_url(r), "stack");
		ui_field(r, "title", T(r, "Title"), "text", req_form(r, "title"), true, "off", NULL);
		const char *kl[8];
		size_t nk = 0;
		for (; ipub_kinds[nk]; nk++)
			kl[nk] = ipub_kind_label(r, ipub_kinds[nk]);
		ui_select(r, "kind", T(r, "Kind"), ipub_kinds, kl, nk, req_form(r, "kind"), true, NULL);
		ui_field(r, "edition", T(r, "Issue or edition"), "text", req_form(r, "edition"), false, "off", NULL);
		member_select(r, "editor_id", T(r, "Editor in charge"), r->user ? r->user->id : 0, false);
		ui_field(r, "deadline", T(r, "Editorial deadline"), "date", req_form(r, "deadline"), true, "off", NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Create"));
		form_close(r);
	}
	page_end(r);
	return SK_OK;
}

static sk_rc list_get(struct req *r) { return list_page(r); }

static sk_rc create_post(struct req *r)
{
	struct ipub in = {.title = req_form(r, "title"), .kind = req_form(r, "kind"), .edition = req_form(r, "edition")};
	parse_i64(req_form(r, "editor_id"), &in.editor_id);
	const char *d = req_form(r, "deadline");
	if (d && *d && !ymd_parse(d, &in.deadline))
		req_field_error(r, "deadline", T(r, "Enter a date as YYYY-MM-DD."));
	int64_t id = 0;
	sk_rc rc = ipub_create(r, &in, &id);
	if (rc == SK_OK) {
		flash_set(r, N_("The publication is created."));
		redirect(r, pub_url(r, id));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return list_page(r);
}

static sk_rc pub_page(struct req *r, int64_t id)
{
	struct ipub p;
	sk_rc rc = ipub_get(r, id, &p);
	if (rc != SK_OK)
		return rc;
	bool editor = req_has_perm(r, "content.edit");
	page_begin(r, PAGE_STAFF, p.title);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s <span class=\"muted\">%s</span></h1>", list_url(r),
	     T(r, "Information publications"), p.title, p.edition);
	field_errors_summary(r);
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
	        "<dd><span class=\"tag\">%s</span></dd>",
	     T(r, "Kind"), ipub_kind_label(r, p.kind), T(r, "Editor in charge"), p.editor_name, T(r, "Editorial deadline"),
	     ymd_text(r, p.deadline), T(r, "Status"), ipub_status_label(r, p.status));
	if (*p.override_reason)
		html(r, "<dt>%s</dt><dd>%s: %s</dd>", T(r, "Sent to layout without all contributions"), p.override_name,
		     p.override_reason);
	if (p.print_run)
		html(r, "<dt>%s</dt><dd>%d</dd>", T(r, "Print run"), p.print_run);
	if (*p.distribution)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Distribution"), p.distribution);
	html(r, "</dl>");

	html(r, "<section aria-labelledby=\"h-contrib\"><h2 id=\"h-contrib\">%s</h2>", T(r, "Contributions of the units"));
	if (p.ncontribs) {
		html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Department"), T(r, "What"), T(r, "Due"), T(r, "Status"), T(r, "Actions"));
		for (size_t i = 0; i < p.ncontribs; i++) {
			const struct ipub_contrib *c = &p.contribs[i];
			html(r, "<tr><td>%s%s%s</td><td>%s%s%s</td><td>%s</td><td><span class=\"tag ipub-%s\">%s</span></td><td>",
			     c->department_name, *c->assignee_name ? " · " : "", c->assignee_name, c->what, *c->note ? " – " : "",
			     c->note, ymd_text(r, c->due_date), c->status, ipub_contrib_label(r, c->status));
			bool mine = r->user && r->user->id == c->assignee_id;
			if (str_eq(c->status, "requested") && (mine || editor)) {
				form_open(r, arena_printf(&r->a, "%s/contributions/%lld", pub_url(r, id), (long long)c->id), "inline");
				html(r, "<input type=\"hidden\" name=\"status\" value=\"submitted\"><button type=\"submit\">%s</button>",
				     T(r, "Mark as submitted"));
				form_close(r);
			} else if (str_eq(c->status, "submitted") && editor) {
				form_open(r, arena_printf(&r->a, "%s/contributions/%lld", pub_url(r, id), (long long)c->id), "inline");
				html(r, "<input type=\"hidden\" name=\"status\" value=\"accepted\"><button type=\"submit\">%s</button>",
				     T(r, "Accept"));
				form_close(r);
			}
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	} else {
		html(r, "<p>%s</p>", T(r, "No contributions requested yet."));
	}
	if (editor && str_eq(p.status, "collecting")) {
		html(r, "<h3>%s</h3>", T(r, "Request a contribution"));
		form_open(r, arena_printf(&r->a, "%s/contributions", pub_url(r, id)), "stack");
		dept_select(r, "department_id", T(r, "Department"), false);
		ui_field(r, "what", T(r, "What"), "text", req_form(r, "what"), true, "off",
		         T(r, "For example: a page about the year's exhibitions, with two photographs"));
		member_select(r, "assignee_id", T(r, "Person"), 0, true);
		ui_field(r, "due_date", T(r, "Due"), "date", req_form(r, "due_date"), true, "off", NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Request"));
		form_close(r);
	}
	html(r, "</section><section aria-labelledby=\"h-notes\"><h2 id=\"h-notes\">%s</h2>", T(r, "Consultation notes"));
	if (p.nnotes) {
		html(r, "<ul class=\"plain\">");
		for (size_t i = 0; i < p.nnotes; i++)
			html(r, "<li><strong>%s</strong>%s%s: %s <span class=\"muted\">(%s)</span></li>", p.notes[i].user_name,
			     *p.notes[i].department_name ? ", " : "", p.notes[i].department_name, p.notes[i].note,
			     fmt_datetime(&r->a, r->lang, p.notes[i].created_at));
		html(r, "</ul>");
	}
	if (editor) {
		form_open(r, arena_printf(&r->a, "%s/notes", pub_url(r, id)), "stack");
		dept_select(r, "note_department_id", T(r, "With the department"), true);
		ui_textarea(r, "note", T(r, "Note"), "", 2, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button></div>", T(r, "Add the note"));
		form_close(r);
	}
	html(r, "</section>");
	if (editor) {
		html(r, "<section aria-labelledby=\"h-next\"><h2 id=\"h-next\">%s</h2>", T(r, "Next step"));
		if (str_eq(p.status, "collecting")) {
			form_open(r, arena_printf(&r->a, "%s/layout", pub_url(r, id)), "stack");
			if (req_has_perm(r, "content.approve")) {
				ui_checkbox(r, "override", T(r, "Send even if contributions are missing (head's decision)"), false, NULL);
				ui_textarea(r, "reason", T(r, "Reason"), "", 2, NULL);
			}
			html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Send to layout"));
			form_close(r);
		} else if (str_eq(p.status, "layout")) {
			form_open(r, arena_printf(&r->a, "%s/printed", pub_url(r, id)), "stack");
			ui_field(r, "print_run", T(r, "Print run"), "number", "", true, "off", NULL);
			html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Printed"));
			form_close(r);
		} else if (str_eq(p.status, "printed")) {
			form_open(r, arena_printf(&r->a, "%s/distributed", pub_url(r, id)), "stack");
			ui_textarea(r, "distribution", T(r, "Distribution"), "", 2, T(r, "Where the copies went."));
			html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Distributed"));
			form_close(r);
		}
		html(r, "</section>");
	}
	page_end(r);
	return SK_OK;
}

static sk_rc pub_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return pub_page(r, id);
}

/* The outcome of a step: back to the page, or the page with errors. */
static sk_rc after(struct req *r, int64_t id, sk_rc rc, const char *flash)
{
	if (rc == SK_OK) {
		flash_set(r, flash);
		redirect(r, pub_url(r, id));
		return SK_OK;
	}
	if (rc != SK_EINPUT && rc != SK_ECONFLICT)
		return rc;
	r->status = 422;
	return pub_page(r, id);
}

static sk_rc contrib_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	int64_t dept = 0, person = 0;
	parse_i64(req_form(r, "department_id"), &dept);
	parse_i64(req_form(r, "assignee_id"), &person);
	int due = 0;
	const char *d = req_form(r, "due_date");
	if (d && *d && !ymd_parse(d, &due))
		req_field_error(r, "due_date", T(r, "Enter a date as YYYY-MM-DD."));
	return after(r, id, r->nerrors ? SK_EINPUT : ipub_request(r, id, dept, req_form(r, "what"), person, due),
	             N_("The contribution is requested; the unit has the task."));
}

static sk_rc contrib_set_post(struct req *r)
{
	int64_t id, cid;
	if (!req_id(r, "id", &id) || !req_id(r, "cid", &cid))
		return SK_ENOTFOUND;
	int64_t item = 0;
	parse_i64(req_form(r, "item_id"), &item);
	return after(r, id, ipub_contrib_set(r, id, cid, req_form(r, "status"), item, req_form(r, "note")),
	             N_("The contribution is updated."));
}

static sk_rc note_post(struct req *r)
{
	int64_t id, dept = 0;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	parse_i64(req_form(r, "note_department_id"), &dept);
	return after(r, id, ipub_note_add(r, id, dept, req_form(r, "note")), N_("The note is added."));
}

static sk_rc layout_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return after(r, id, ipub_to_layout(r, id, str_eq(req_form(r, "override"), "1"), req_form(r, "reason")),
	             N_("The publication is sent to layout."));
}

static sk_rc printed_post(struct req *r)
{
	int64_t id, n = 0;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	if (!parse_i64(req_form(r, "print_run"), &n) || n > 10000000)
		n = 0;
	return after(r, id, ipub_printed(r, id, (int)n), N_("The print run is recorded."));
}

static sk_rc distributed_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return after(r, id, ipub_distributed(r, id, req_form(r, "distribution")), N_("The distribution is recorded."));
}

SK_ROUTES(info_publications,
          {"GET", "/staff/{inst}/info-publications", list_get, "content.view", 0},
          {"POST", "/staff/{inst}/info-publications", create_post, "content.edit", 0},
          {"GET", "/staff/{inst}/info-publications/{id}", pub_get, NULL, 0},
          {"POST", "/staff/{inst}/info-publications/{id}/contributions", contrib_post, "content.edit", 0},
          {"POST", "/staff/{inst}/info-publications/{id}/contributions/{cid}", contrib_set_post, NULL, 0},
          {"POST", "/staff/{inst}/info-publications/{id}/notes", note_post, "content.edit", 0},
          {"POST", "/staff/{inst}/info-publications/{id}/layout", layout_post, "content.edit", 0},
          {"POST", "/staff/{inst}/info-publications/{id}/printed", printed_post, "content.edit", 0},
          {"POST", "/staff/{inst}/info-publications/{id}/distributed", distributed_post, "content.edit", 0});

SK_NAV_GROUP(nav_info_publications, "staff", "/staff/{inst}/info-publications", N_("Publications (print)"), "content.view", 23, 0, N_("Communication"));

/*
 * content.c -- content items and the editorial workflow (C3), staff pages:
 *
 *   /staff/{inst}/content                     the list, filtered by type, state and author
 *   /staff/{inst}/content/new[?template=ID]   a new item (from a template, a plan item's data)
 *   /staff/{inst}/content/{id}                the item: facts, the rendered text, the workflow
 *                                             steps the reader may take, versions, comments
 *   /staff/{inst}/content/{id}/edit           the editor (draft: authors; language review: the editor)
 *   /staff/{inst}/content/{id}/diff?from=&to= two versions compared word by word; for whoever may
 *                                             edit the item, each change can be rejected (tracked
 *                                             changes: POST .../merge makes a new version)
 *   /staff/{inst}/content/{id}/variants       the adapted text per channel
 *   /staff/{inst}/content/chains              the approval chain of each type (the head changes it)
 *   POST /staff/{inst}/content/from-plan-item/{id}   a draft from a communication plan's item
 *
 * The JSON API (api_content.c) shares this file's route table. All rules
 * live in model/content*.c.
 */
#include "layout.h"
#include "../proof/proof.h"
#include "content_pages.h"
#include "assets_ui.h"
#include "../model/content.h"
#include "../model/admin.h"
#include "../core/i18n.h"

#include <stdio.h>
#include <string.h>

static const char *list_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/content", r->inst->slug); }
static const char *item_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/content/%lld", r->inst->slug, (long long)id);
}

bool content_parse_time(const char *s, int64_t *out)
{
	*out = 0;
	if (!s || !*s)
		return true;
	int y, mo, d, h, mi, sec = 0;
	char z = 0;
	int n = sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &z);
	if (n < 5) {
		n = sscanf(s, "%4d-%2d-%2d %2d:%2d", &y, &mo, &d, &h, &mi);
		if (n < 5)
			return false;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || y < 2000 || y > 2200)
		return false;
	int ymd = y * 10000 + mo * 100 + d;
	if (z == 'Z' || strchr(s, 'Z'))
		*out = (ymd_to_days(ymd) * 86400) + h * 3600 + mi * 60 + sec;
	else
		*out = local_to_unix(ymd, h, mi);
	return true;
}

/* "YYYY-MM-DDTHH:MM" local, for datetime-local inputs; "" for 0 */
static const char *dt_value(struct req *r, int64_t t)
{
	if (!t)
		return "";
	int ymd, hh, mm;
	unix_to_local(t, &ymd, &hh, &mm);
	return arena_printf(&r->a, "%04d-%02d-%02dT%02d:%02d", ymd / 10000, ymd / 100 % 100, ymd % 100, hh, mm);
}

/* ---- the form (pages and API) ---------------------------------------------------- */

static const char *const langs[] = {"lt", "en", NULL};
enum { CF_TYPE, CF_TITLE, CF_SLUG, CF_SUMMARY, CF_BODY, CF_LANG, CF_OWNER, CF_DEPT, CF_EVENT, CF_REQUEST, CF_PLAN,
       CF_EMBARGO, CF_SCHED, CF_FLAG };
static const struct field content_fields[] = {
        [CF_TYPE] = {"type", F_ENUM, true, 40, content_type_codes, 0, 0},
        [CF_TITLE] = {"title", F_TEXT, true, 300, NULL, 0, 0},
        [CF_SLUG] = {"slug", F_TEXT, false, 120, NULL, 0, 0},
        [CF_SUMMARY] = {"summary", F_TEXTAREA, false, 2000, NULL, 0, 0},
        [CF_BODY] = {"body", F_TEXTAREA, false, 400000, NULL, 0, 0},
        [CF_LANG] = {"lang", F_ENUM, false, 2, langs, 0, 0},
        [CF_OWNER] = {"owner_id", F_INT, false, 20, NULL, 1, INT64_MAX},
        [CF_DEPT] = {"department_id", F_INT, false, 20, NULL, 1, INT64_MAX},
        [CF_EVENT] = {"event_id", F_INT, false, 20, NULL, 1, INT64_MAX},
        [CF_REQUEST] = {"request_id", F_INT, false, 20, NULL, 1, INT64_MAX},
        [CF_PLAN] = {"plan_item_id", F_INT, false, 20, NULL, 1, INT64_MAX},
        [CF_EMBARGO] = {"embargo_at", F_TEXT, false, 30, NULL, 0, 0},
        [CF_SCHED] = {"scheduled_at", F_TEXT, false, 30, NULL, 0, 0},
        [CF_FLAG] = {"flagged", F_BOOL, false, 5, NULL, 0, 0},
};

sk_rc content_read_form(struct req *r, struct content_in *in)
{
	struct form_values v;
	form_read(r, content_fields, SK_ARRAY_LEN(content_fields), &v);
	*in = (struct content_in){.type = v.s[CF_TYPE],
	                          .title = v.s[CF_TITLE],
	                          .slug = v.s[CF_SLUG],
	                          .summary = v.s[CF_SUMMARY],
	                          .body = v.s[CF_BODY],
	                          .lang = v.s[CF_LANG],
	                          .owner_id = v.i[CF_OWNER],
	                          .department_id = v.i[CF_DEPT],
	                          .event_id = v.i[CF_EVENT],
	                          .request_id = v.i[CF_REQUEST],
	                          .plan_item_id = v.i[CF_PLAN],
	                          .flagged = v.i[CF_FLAG] != 0};
	if (!content_parse_time(v.s[CF_EMBARGO], &in->embargo_at) && !req_field_msg(r, "embargo_at"))
		req_field_error(r, "embargo_at", T(r, "Enter a date and time as YYYY-MM-DD HH:MM."));
	if (!content_parse_time(v.s[CF_SCHED], &in->scheduled_at) && !req_field_msg(r, "scheduled_at"))
		req_field_error(r, "scheduled_at", T(r, "Enter a date and time as YYYY-MM-DD HH:MM."));
	return r->nerrors ? SK_EINPUT : SK_OK;
}

static void type_select(struct req *r, const char *value)
{
	const char *v[16], *l[16];
	size_t n = 0;
	for (; content_type_codes[n]; n++) {
		v[n] = content_type_codes[n];
		l[n] = content_type_label(r, content_type_codes[n]);
	}
	ui_select(r, "type", T(r, "Type"), v, l, n, value, true, NULL);
}

static void member_select(struct req *r, const char *name, const char *label, int64_t value)
{
	struct adm_filter f = {.status = 1};
	struct adm_member *m;
	size_t n;
	int64_t total;
	if (adm_members(r, &f, 500, 0, &m, &n, &total) != SK_OK)
		n = 0;
	const char **v = arena_alloc(&r->a, (n + 1) * sizeof *v), **l = arena_alloc(&r->a, (n + 1) * sizeof *l);
	for (size_t i = 0; i < n; i++) {
		v[i] = arena_printf(&r->a, "%lld", (long long)m[i].id);
		l[i] = m[i].name;
	}
	ui_select(r, name, label, v, l, n, arena_printf(&r->a, "%lld", (long long)value), false, NULL);
}

static void dept_select(struct req *r, int64_t value)
{
	struct adm_dept *d;
	size_t nd = adm_depts(r, &d);
	const char **dv = arena_alloc(&r->a, (nd + 1) * sizeof *dv), **dl = arena_alloc(&r->a, (nd + 1) * sizeof *dl);
	dv[0] = "";
	dl[0] = T(r, "None");
	for (size_t i = 0; i < nd; i++) {
		dv[i + 1] = arena_printf(&r->a, "%lld", (long long)d[i].id);
		dl[i + 1] = adm_dept_name(r, &d[i]);
	}
	ui_select(r, "department_id", T(r, "Contributing department"), dv, dl, nd + 1,
	          value ? arena_printf(&r->a, "%lld", (long long)value) : "", false, NULL);
}

static const char *id_text(struct req *r, int64_t v) { return v ? arena_printf(&r->a, "%lld", (long long)v) : ""; }

static void editor_form(struct req *r, const char *action, const struct content_item *it, bool is_new)
{
	form_open(r, action, "stack content-editor");
	html(r, "<div class=\"content-cols\"><div>");
	type_select(r, it->type);
	ui_field(r, "title", T(r, "Title"), "text", it->title, true, "off", NULL);
	ui_textarea(r, "summary", T(r, "Summary"), it->summary, 3, T(r, "One or two sentences: the lead."));
	ui_textarea(r, "body", T(r, "Text"), it->body, 18,
	            T(r, "Markdown: **bold**, *italic*, [link](https://...), lists with \"- \", headings with \"## \". "
	                 "HTML is shown as text. At most 200 KB."));
	/* the proofing of the text as it is (spelling, typography, style;
	 * src/proof/) follows the form: its dictionary buttons are forms */
	html(r, "</div><div>");
	const char *lv[] = {"lt", "en"}, *ll[] = {T(r, "Lithuanian"), T(r, "English")};
	ui_select(r, "lang", T(r, "Language"), lv, ll, 2, it->lang, false, NULL);
	member_select(r, "owner_id", T(r, "Owner"), it->owner_id ? it->owner_id : (r->user ? r->user->id : 0));
	dept_select(r, it->department_id);
	ui_field(r, "embargo_at", T(r, "Embargo until"), "datetime-local", dt_value(r, it->embargo_at), false, "off",
	         T(r, "Not published anywhere before this time."));
	ui_field(r, "scheduled_at", T(r, "Publication time"), "datetime-local", dt_value(r, it->scheduled_at), false, "off",
	         NULL);
	ui_checkbox(r, "flagged", T(r, "Needs review (sensitive)"), it->flagged,
	            T(r, "A flagged social media post goes through language review and the head's approval."));
	if (!is_new)
		ui_field(r, "slug", T(r, "Address (slug)"), "text", it->slug, false, "off", NULL);
	ui_field(r, "event_id", T(r, "Event number"), "number", id_text(r, it->event_id), false, "off", NULL);
	ui_field(r, "request_id", T(r, "Publicity request number"), "number", id_text(r, it->request_id), false, "off", NULL);
	ui_field(r, "plan_item_id", T(r, "Plan item number"), "number", id_text(r, it->plan_item_id), false, "off", NULL);
	html(r, "</div></div>");
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></div>", T(r, "Save"),
	     is_new ? list_url(r) : item_url(r, it->id), T(r, "Cancel"));
	form_close(r);
	if (!is_new && (*it->title || *it->summary || *it->body)) {
		/* advisory, never applied: what the language check finds in the
		 * text being edited (saved, or just submitted with errors) */
		proof_render_panel(r, arena_printf(&r->a, "%s\n\n%s\n\n%s", it->title, it->summary, it->body),
		                   it->lang && *it->lang ? it->lang : "lt");
	}
}

/* ---- list ---------------------------------------------------------------------------- */

static sk_rc list_get(struct req *r)
{
	struct content_filter f = {.type = req_query(r, "type"), .status = req_query(r, "status")};
	if (f.type && *f.type) {
		bool ok = false;
		for (size_t i = 0; content_type_codes[i]; i++)
			ok |= str_eq(content_type_codes[i], f.type);
		if (!ok)
			f.type = "";
	}
	if (f.status && *f.status) {
		bool ok = false;
		for (size_t i = 0; content_statuses[i]; i++)
			ok |= str_eq(content_statuses[i], f.status);
		if (!ok)
			f.status = "";
	}
	if (!parse_i64(req_query(r, "author"), &f.author_id) || f.author_id < 0)
		f.author_id = 0;
	f.by_title = str_eq(req_query(r, "sort"), "title");
	int64_t page = req_page(r, 100000);
	struct content_item *it;
	size_t n;
	int64_t total;
	sk_rc rc = content_list(r, &f, 50, (size_t)(page - 1) * 50, &it, &n, &total);
	if (rc != SK_OK)
		return rc;
	const char *title = T(r, "Content");
	page_begin(r, PAGE_STAFF, title);
	html(r, "<h1>%s</h1>", title);
	if (req_has_perm(r, "content.edit"))
		html(r, "<p><a class=\"button\" href=\"%s/new\">%s</a></p>", list_url(r), T(r, "New content item"));
	html(r, "<p><a href=\"%s/chains\">%s</a></p>", list_url(r), T(r, "Approval chains"));
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" aria-label=\"%s\">", list_url(r),
	     T(r, "Filter content items"));
	const char *tv[16], *tl[16];
	size_t k = 0;
	tv[k] = "";
	tl[k++] = T(r, "All types");
	for (size_t i = 0; content_type_codes[i]; i++, k++) {
		tv[k] = content_type_codes[i];
		tl[k] = content_type_label(r, content_type_codes[i]);
	}
	ui_select(r, "type", T(r, "Type"), tv, tl, k, f.type ? f.type : "", false, NULL);
	const char *sv[16], *sl[16];
	k = 0;
	sv[k] = "";
	sl[k++] = T(r, "Any status");
	for (size_t i = 0; content_statuses[i]; i++, k++) {
		sv[k] = content_statuses[i];
		sl[k] = content_status_label(r, content_statuses[i]);
	}
	ui_select(r, "status", T(r, "Status"), sv, sl, k, f.status ? f.status : "", false, NULL);
	int64_t *aid;
	const char **an;
	size_t na;
	if (content_authors(r, &aid, &an, &na) != SK_OK)
		na = 0;
	const char **av = arena_alloc(&r->a, (na + 1) * sizeof *av), **al = arena_alloc(&r->a, (na + 1) * sizeof *al);
	av[0] = "";
	al[0] = T(r, "All authors");
	for (size_t i = 0; i < na; i++) {
		av[i + 1] = arena_printf(&r->a, "%lld", (long long)aid[i]);
		al[i + 1] = an[i];
	}
	ui_select(r, "author", T(r, "Author"), av, al, na + 1, id_text(r, f.author_id), false, NULL);
	const char *ov[] = {"", "title"}, *ol[] = {T(r, "Newest first"), T(r, "By title (A–Ž)")};
	ui_select(r, "sort", T(r, "Order"), ov, ol, 2, f.by_title ? "title" : "", false, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Show"));
	html(r, "<p>%s</p>", arena_printf(&r->a, TN(r, "%lld item", "%lld items", total), (long long)total));
	if (n) {
		html(r, "<div class=\"table-wrap\"><table class=\"data content-list\"><caption class=\"visually-hidden\">%s"
		        "</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     title, T(r, "Title"), T(r, "Type"), T(r, "Author"), T(r, "Status"), T(r, "Changed"));
		for (size_t i = 0; i < n; i++)
			html(r, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td><span class=\"tag content-%s\">%s"
			        "</span></td><td>%s</td></tr>",
			     item_url(r, it[i].id), it[i].title, content_type_label(r, it[i].type), it[i].author_name,
			     it[i].status, content_status_label(r, it[i].status), fmt_datetime(&r->a, r->lang, it[i].updated_at));
		html(r, "</tbody></table></div>");
	} else {
		html(r, "<p class=\"muted\">%s</p>", T(r, "Nothing here."));
	}
	if (total > 50) {
		const char *base = url_fmt(&r->a, "/staff/%s/content?type=%s&status=%s&author=%s&sort=%s", r->inst->slug,
		                           f.type ? f.type : "", f.status ? f.status : "", id_text(r, f.author_id),
		                           f.by_title ? "title" : "");
		ui_pager(r, page > 1 ? arena_printf(&r->a, "%s&page=%lld", base, (long long)(page - 1)) : NULL,
		         page * 50 < total ? arena_printf(&r->a, "%s&page=%lld", base, (long long)(page + 1)) : NULL,
		         arena_printf(&r->a, T(r, "Page %lld"), (long long)page));
	}
	page_end(r);
	return SK_OK;
}

/* ---- new / edit ------------------------------------------------------------------------- */

static void new_page(struct req *r, const struct content_item *it)
{
	const char *title = T(r, "New content item");
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p>", list_url(r), T(r, "← Content"));
	html(r, "<h1>%s</h1>", title);
	field_errors_summary(r);
	struct content_template *t;
	size_t nt;
	if (content_templates(r, &t, &nt) == SK_OK && nt) {
		html(r, "<form method=\"get\" action=\"%s/new\" class=\"filters\" aria-label=\"%s\">", list_url(r),
		     T(r, "Start from a template"));
		const char **v = arena_alloc(&r->a, (nt + 1) * sizeof *v), **l = arena_alloc(&r->a, (nt + 1) * sizeof *l);
		v[0] = "";
		l[0] = T(r, "Empty");
		for (size_t i = 0; i < nt; i++) {
			v[i + 1] = arena_printf(&r->a, "%lld", (long long)t[i].id);
			l[i + 1] = arena_printf(&r->a, "%s (%s)", t[i].name, content_type_label(r, t[i].type));
		}
		ui_select(r, "template", T(r, "Template"), v, l, nt + 1, req_query(r, "template"), false, NULL);
		if (it->event_id)
			html(r, "<input type=\"hidden\" name=\"event\" value=\"%lld\">", (long long)it->event_id);
		html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button></div></form>",
		     T(r, "Use the template"));
	}
	editor_form(r, arena_printf(&r->a, "%s/new", list_url(r)), it, true);
	page_end(r);
}

static sk_rc new_get(struct req *r)
{
	struct content_item it = {.type = "news", .title = "", .summary = "", .body = "", .lang = "lt", .slug = ""};
	int64_t tid = 0, ev = 0;
	parse_i64(req_query(r, "event"), &ev);
	it.event_id = ev > 0 ? ev : 0;
	if (parse_i64(req_query(r, "template"), &tid) && tid > 0) {
		struct content_template t;
		if (content_template_get(r, tid, &t) == SK_OK) {
			it.type = t.type;
			it.title = t.title;
			it.summary = t.summary;
			it.body = t.body;
		}
	}
	new_page(r, &it);
	return SK_OK;
}

static struct content_item item_of_form(const struct content_in *in)
{
	return (struct content_item){.type = in->type,
	                             .title = in->title,
	                             .slug = in->slug ? in->slug : "",
	                             .summary = in->summary,
	                             .body = in->body,
	                             .lang = in->lang,
	                             .owner_id = in->owner_id,
	                             .department_id = in->department_id,
	                             .event_id = in->event_id,
	                             .request_id = in->request_id,
	                             .plan_item_id = in->plan_item_id,
	                             .embargo_at = in->embargo_at,
	                             .scheduled_at = in->scheduled_at,
	                             .flagged = in->flagged};
}

static sk_rc new_post(struct req *r)
{
	struct content_in in;
	sk_rc rc = content_read_form(r, &in);
	int64_t id = 0;
	if (rc == SK_OK)
		rc = content_create(r, &in, &id);
	if (rc == SK_EINPUT) {
		struct content_item it = item_of_form(&in);
		new_page(r, &it);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The content item was saved as a draft (version 1)."));
	redirect(r, item_url(r, id));
	return SK_OK;
}

static sk_rc load(struct req *r, struct content_item *it)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return content_get(r, id, it);
}

static void edit_page(struct req *r, const struct content_item *it)
{
	page_begin(r, PAGE_STAFF, arena_printf(&r->a, T(r, "Edit: %s"), it->title));
	html(r, "<p><a href=\"%s\">%s</a></p>", item_url(r, it->id), T(r, "← The item"));
	html(r, "<h1>%s <span class=\"muted\">· %s</span></h1>", it->title,
	     arena_printf(&r->a, T(r, "version %d"), it->version));
	field_errors_summary(r);
	editor_form(r, arena_printf(&r->a, "%s/edit", item_url(r, it->id)), it, false);
	html(r, "<section class=\"panel\" aria-labelledby=\"ce-photos\"><h2 id=\"ce-photos\">%s</h2>",
	     T(r, "Photos and files"));
	asset_picker(r, it->id, 0, arena_printf(&r->a, "%s/edit", item_url(r, it->id)));
	html(r, "</section>");
	page_end(r);
}

static sk_rc edit_get(struct req *r)
{
	struct content_item it;
	sk_rc rc = load(r, &it);
	if (rc != SK_OK)
		return rc;
	if (!content_may_edit(r, &it)) {
		flash_set(r, N_("The item can be edited only as a draft or during language review."));
		redirect(r, item_url(r, it.id));
		return SK_OK;
	}
	edit_page(r, &it);
	return SK_OK;
}

static sk_rc edit_post(struct req *r)
{
	struct content_item it;
	sk_rc rc = load(r, &it);
	if (rc != SK_OK)
		return rc;
	struct content_in in;
	rc = content_read_form(r, &in);
	if (rc == SK_OK)
		rc = content_update(r, it.id, &in);
	if (rc == SK_EINPUT) {
		struct content_item f = item_of_form(&in);
		f.id = it.id;
		f.version = it.version;
		if (!*f.slug)
			f.slug = it.slug;
		edit_page(r, &f);
		r->status = 422;
		return SK_OK;
	}
	if (rc == SK_ECONFLICT) {
		content_item_page(r, &it);
		r->status = 409;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("Saved as a new version."));
	redirect(r, item_url(r, it.id));
	return SK_OK;
}

/* ---- the item ---------------------------------------------------------------------------- */

static void action_form(struct req *r, const struct content_item *it, const char *action, bool comment,
                        bool comment_required, bool result)
{
	form_open(r, arena_printf(&r->a, "%s/transition", item_url(r, it->id)), "stack content-step");
	html(r, "<input type=\"hidden\" name=\"action\" value=\"%s\">", action);
	if (result) {
		const char *v[] = {"ok", "changes_made"}, *l[] = {T(r, "No changes needed"), T(r, "Changes made")};
		ui_select(r, arena_printf(&r->a, "result"), T(r, "Result of the review"), v, l, 2, "ok", true, NULL);
	}
	if (comment) {
		html(r, "<div class=\"field\"><label for=\"c-%s\">%s%s</label><textarea id=\"c-%s\" name=\"comment\" rows=\"2\"%s>"
		        "</textarea></div>",
		     action, comment_required ? T(r, "Reason") : T(r, "Comment (optional)"), comment_required ? " *" : "",
		     action, comment_required ? " required" : "");
	}
	html(r, "<div class=\"actions\"><button type=\"submit\"%s>%s</button></div>",
	     str_eq(action, "return") ? " class=\"secondary\"" : "", content_action_label(r, action));
	form_close(r);
}

static void workflow_section(struct req *r, const struct content_item *it)
{
	html(r, "<section class=\"panel\" aria-labelledby=\"cw-h\"><h2 id=\"cw-h\">%s</h2>", T(r, "Workflow"));
	const char *err = req_field_msg(r, "action");
	if (err)
		html(r, "<p class=\"error\" id=\"f-action\" role=\"alert\">%s</p>", err);
	html(r, "<ol class=\"content-flow\">");
	for (size_t i = 0; content_statuses[i]; i++)
		html(r, "<li%s>%s</li>", str_eq(content_statuses[i], it->status) ? " aria-current=\"step\"" : "",
		     content_status_label(r, content_statuses[i]));
	html(r, "</ol>");
	const char *s = it->status;
	bool any = false;
	if (str_eq(s, "draft") && req_has_perm(r, "content.edit"))
		action_form(r, it, "submit", true, false, false), any = true;
	if (str_eq(s, "language_review") && req_has_perm(r, "content.review")) {
		action_form(r, it, "review_ok", true, false, true);
		action_form(r, it, "return", true, true, false);
		any = true;
	}
	if (str_eq(s, "approval") && req_has_perm(r, "content.approve")) {
		action_form(r, it, "approve", true, false, false);
		action_form(r, it, "return", true, true, false);
		any = true;
	}
	if ((str_eq(s, "approved") || str_eq(s, "scheduled")) && req_has_perm(r, "content.edit")) {
		if (str_eq(s, "approved"))
			action_form(r, it, "schedule", false, false, false);
		else
			action_form(r, it, "unschedule", false, false, false);
		action_form(r, it, "return", true, true, false);
		any = true;
	}
	if (str_eq(s, "published") && req_has_perm(r, "content.edit"))
		action_form(r, it, "archive", false, false, false), any = true;
	if (!any)
		html(r, "<p class=\"muted\">%s</p>", T(r, "Nothing for you to do at this step."));
	struct content_step *st;
	size_t ns;
	if (content_history(r, it->id, &st, &ns) == SK_OK && ns) {
		html(r, "<h3>%s</h3><ul class=\"content-history\">", T(r, "History"));
		for (size_t i = 0; i < ns; i++) {
			html(r, "<li><time>%s</time> %s: %s → %s", fmt_datetime(&r->a, r->lang, st[i].at),
			     *st[i].user_name ? st[i].user_name : T(r, "the system"), content_status_label(r, st[i].from),
			     content_status_label(r, st[i].to));
			if (*st[i].result)
				html(r, " (%s)", str_eq(st[i].result, "ok") ? T(r, "no changes needed") : T(r, "changes made"));
			if (*st[i].comment)
				html(r, " — <q>%s</q>", st[i].comment);
			html(r, "</li>");
		}
		html(r, "</ul>");
	}
	html(r, "</section>");
}

void content_item_page(struct req *r, const struct content_item *it)
{
	page_begin(r, PAGE_STAFF, it->title);
	html(r, "<p><a href=\"%s\">%s</a></p>", list_url(r), T(r, "← Content"));
	html(r, "<h1>%s</h1>", it->title);
	if (r->nerrors && !req_field_msg(r, "action"))
		field_errors_summary(r);
	html(r, "<p><span class=\"tag content-%s\">%s</span> <span class=\"tag\">%s</span> %s</p>", it->status,
	     content_status_label(r, it->status), content_type_label(r, it->type),
	     arena_printf(&r->a, T(r, "version %d"), it->version));
	bool editable = content_may_edit(r, it);
	html(r, "<p>");
	if (editable)
		html(r, "<a class=\"button\" href=\"%s/edit\">%s</a> ", item_url(r, it->id), T(r, "Edit"));
	html(r, "<a href=\"%s/variants\">%s</a> · <a href=\"%s/assets\">%s</a> · <a href=\"%s/publish\">%s</a></p>",
	     item_url(r, it->id), T(r, "Channel variants"), item_url(r, it->id), T(r, "Photos and files"),
	     item_url(r, it->id), T(r, "Publishing"));
	html(r, "<div class=\"content-cols\"><div>");
	html(r, "<article class=\"content-preview\" lang=\"%s\" aria-labelledby=\"cp-h\"><h2 id=\"cp-h\">%s</h2>", it->lang,
	     T(r, "Preview"));
	if (*it->summary)
		html(r, "<p class=\"lead\">%s</p>", it->summary);
	const char *body_html = content_body_html(&r->a, it->body);
	html_raw(r, body_html);
	html(r, "</article>");
	html(r, "</div><div>");
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s"
	        "</dd>",
	     T(r, "Author"), it->author_name, T(r, "Owner"), it->owner_name, T(r, "Language"),
	     str_eq(it->lang, "en") ? T(r, "English") : T(r, "Lithuanian"), T(r, "Contributing department"),
	     *it->department_name ? it->department_name : "—");
	if (it->embargo_at)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Embargo until"), fmt_datetime(&r->a, r->lang, it->embargo_at));
	if (it->scheduled_at)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Publication time"), fmt_datetime(&r->a, r->lang, it->scheduled_at));
	if (it->published_at)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Published"), fmt_datetime(&r->a, r->lang, it->published_at));
	if (it->event_id)
		html(r, "<dt>%s</dt><dd><a href=\"%s\">%s</a></dd>", T(r, "Event"),
		     url_fmt(&r->a, "/staff/%s/events/%lld", r->inst->slug, (long long)it->event_id),
		     arena_printf(&r->a, "#%lld", (long long)it->event_id));
	if (it->request_id)
		html(r, "<dt>%s</dt><dd><a href=\"%s\">%s</a></dd>", T(r, "Publicity request"),
		     url_fmt(&r->a, "/staff/%s/publicity/requests/%lld", r->inst->slug, (long long)it->request_id),
		     arena_printf(&r->a, "#%lld", (long long)it->request_id));
	if (it->plan_item_id)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Plan item"), arena_printf(&r->a, "#%lld", (long long)it->plan_item_id));
	if (it->flagged)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Needs review (sensitive)"), T(r, "Yes"));
	html(r, "</dl>");
	html(r, "</div></div>");
	workflow_section(r, it);

	/* versions */
	struct content_version *v;
	size_t nv;
	if (content_versions(r, it->id, &v, &nv) == SK_OK && nv) {
		html(r, "<section class=\"panel\" aria-labelledby=\"cv-h\"><h2 id=\"cv-h\">%s</h2>", T(r, "Versions"));
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s"
		        "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Versions"), T(r, "Version"), T(r, "Saved by"), T(r, "When"), T(r, "Changes"));
		for (size_t i = 0; i < nv; i++) {
			html(r, "<tr><td>%d</td><td>%s</td><td>%s</td><td>", v[i].version, v[i].saved_by_name,
			     fmt_datetime(&r->a, r->lang, v[i].saved_at));
			if (v[i].version > 1)
				html(r, "<a href=\"%s\">%s</a>",
				     url_fmt(&r->a, "/staff/%s/content/%lld/diff?from=%d&to=%d", r->inst->slug, (long long)it->id,
				             v[i].version - 1, v[i].version),
				     arena_printf(&r->a, T(r, "Compare with version %d"), v[i].version - 1));
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table></section>");
	}

	/* comments */
	struct content_comment *c;
	size_t nc;
	html(r, "<section class=\"panel\" id=\"comments\" aria-labelledby=\"cc-h\"><h2 id=\"cc-h\">%s</h2>", T(r, "Comments"));
	if (content_comments(r, it->id, &c, &nc) == SK_OK && nc) {
		html(r, "<ul class=\"content-comments\">");
		for (size_t i = 0; i < nc; i++)
			html(r, "<li><p><strong>%s</strong> <span class=\"muted\">%s</span></p><p>%s</p></li>", c[i].user_name,
			     fmt_datetime(&r->a, r->lang, c[i].created_at), c[i].body);
		html(r, "</ul>");
	}
	form_open(r, arena_printf(&r->a, "%s/comments", item_url(r, it->id)), "stack");
	ui_textarea(r, "comment_body", T(r, "New comment"), "", 3,
	            T(r, "Mention a colleague with @ and the first part of their e-mail address (@jurgita) or their name "
	                 "with dots (@Jurgita.Petrauskienė): they get a task."));
	html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button></div>", T(r, "Comment"));
	form_close(r);
	html(r, "</section>");
	page_end(r);
}

static sk_rc show_get(struct req *r)
{
	struct content_item it;
	sk_rc rc = load(r, &it);
	if (rc != SK_OK)
		return rc;
	content_item_page(r, &it);
	return SK_OK;
}

static const char *const actions_and_none[] = {"submit", "review_ok", "approve", "return", "schedule",
                                               "unschedule", "archive", NULL};
static const char *const results[] = {"ok", "changes_made", NULL};
static const struct field step_fields[] = {
        {"action", F_ENUM, true, 20, actions_and_none, 0, 0},
        {"result", F_ENUM, false, 20, results, 0, 0},
        {"comment", F_TEXTAREA, false, 2000, NULL, 0, 0},
};

sk_rc content_read_step(struct req *r, const char **action, const char **result, const char **comment)
{
	struct form_values v;
	form_read(r, step_fields, SK_ARRAY_LEN(step_fields), &v);
	*action = v.s[0], *result = v.s[1], *comment = v.s[2];
	return r->nerrors ? SK_EINPUT : SK_OK;
}

static sk_rc transition_post(struct req *r)
{
	struct content_item it;
	sk_rc rc = load(r, &it);
	if (rc != SK_OK)
		return rc;
	const char *action, *result, *comment;
	rc = content_read_step(r, &action, &result, &comment);
	if (rc == SK_OK)
		rc = content_transition(r, it.id, action, result, comment);
	if (rc == SK_EINPUT || rc == SK_ECONFLICT) {
		struct content_item now;
		if (content_get(r, it.id, &now) == SK_OK)
			it = now;
		if (rc == SK_EINPUT && !req_field_msg(r, "action")) {
			const char *m = req_field_msg(r, "comment");
			m = m ? m : req_field_msg(r, "result");
			if (m)
				req_field_error(r, "action", m);
		}
		content_item_page(r, &it);
		r->status = rc == SK_EINPUT ? 422 : 409;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The item moved to its next step."));
	redirect(r, item_url(r, it.id));
	return SK_OK;
}

static const struct field comment_fields[] = {{"comment_body", F_TEXTAREA, true, 5000, NULL, 0, 0}};

static sk_rc comment_post(struct req *r)
{
	struct content_item it;
	sk_rc rc = load(r, &it);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, comment_fields, 1, &v);
	int64_t cid;
	size_t nm;
	rc = r->nerrors ? SK_EINPUT : content_comment_add(r, it.id, v.s[0], &cid, &nm);
	if (rc == SK_EINPUT) {
		if (!req_field_msg(r, "comment_body") && req_field_msg(r, "body"))
			req_field_error(r, "comment_body", req_field_msg(r, "body"));
		content_item_page(r, &it);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, nm ? N_("The comment was added; the people mentioned got a task.") : N_("The comment was added."));
	redirect(r, arena_printf(&r->a, "%s#comments", item_url(r, it.id)));
	return SK_OK;
}

/* ---- diff ------------------------------------------------------------------------------------- */

static void merge_form(struct req *r, const struct content_item *it, int from, int to, const struct content_version *a,
                       const struct content_version *b);

static sk_rc diff_get(struct req *r)
{
	struct content_item it;
	sk_rc rc = load(r, &it);
	if (rc != SK_OK)
		return rc;
	int64_t from = it.version > 1 ? it.version - 1 : 1, to = it.version;
	if (req_query(r, "from") && (!parse_i64(req_query(r, "from"), &from) || from < 1 || from > it.version))
		return SK_ENOTFOUND;
	if (req_query(r, "to") && (!parse_i64(req_query(r, "to"), &to) || to < 1 || to > it.version))
		return SK_ENOTFOUND;
	struct content_version a, b;
	if ((rc = content_version_get(r, it.id, (int)from, &a)) != SK_OK ||
	    (rc = content_version_get(r, it.id, (int)to, &b)) != SK_OK)
		return rc;
	const char *title = arena_printf(&r->a, T(r, "Changes: %s"), it.title);
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p>", item_url(r, it.id), T(r, "← The item"));
	html(r, "<h1>%s</h1>", title);
	html(r, "<form method=\"get\" action=\"%s/diff\" class=\"filters\" aria-label=\"%s\">", item_url(r, it.id),
	     T(r, "Choose the versions"));
	const char **vv = arena_alloc(&r->a, ((size_t)it.version + 1) * sizeof *vv);
	const char **vl = arena_alloc(&r->a, ((size_t)it.version + 1) * sizeof *vl);
	for (int i = 0; i < it.version; i++) {
		vv[i] = arena_printf(&r->a, "%d", i + 1);
		vl[i] = arena_printf(&r->a, T(r, "version %d"), i + 1);
	}
	ui_select(r, "from", T(r, "From"), vv, vl, (size_t)it.version, arena_printf(&r->a, "%lld", (long long)from), false,
	          NULL);
	ui_select(r, "to", T(r, "To"), vv, vl, (size_t)it.version, arena_printf(&r->a, "%lld", (long long)to), false, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Compare"));
	html(r, "<p>%s</p>",
	     arena_printf(&r->a, T(r, "Version %lld (%s, %s) compared with version %lld (%s, %s)."), (long long)to,
	                  b.saved_by_name, fmt_datetime(&r->a, r->lang, b.saved_at), (long long)from, a.saved_by_name,
	                  fmt_datetime(&r->a, r->lang, a.saved_at)));
	html(r, "<p class=\"muted\">%s</p>", T(r, "Deleted text is struck through, added text is underlined."));
	if (from < to && content_may_edit(r, &it)) {
		merge_form(r, &it, (int)from, (int)to, &a, &b);
		page_end(r);
		return SK_OK;
	}
	const char *title_html = content_diff_html(&r->a, a.title, b.title);
	const char *summary_html = content_diff_html(&r->a, a.summary, b.summary);
	const char *body_html = content_diff_html(&r->a, a.body, b.body);
	html(r, "<section aria-labelledby=\"dt-h\"><h2 id=\"dt-h\">%s</h2><div class=\"content-diff\">", T(r, "Title"));
	html_raw(r, title_html);
	html(r, "</div></section><section aria-labelledby=\"ds-h\"><h2 id=\"ds-h\">%s</h2><div class=\"content-diff\">",
	     T(r, "Summary"));
	html_raw(r, summary_html);
	html(r, "</div></section><section aria-labelledby=\"db-h\"><h2 id=\"db-h\">%s</h2><div class=\"content-diff\">",
	     T(r, "Text"));
	html_raw(r, body_html);
	html(r, "</div></section>");
	page_end(r);
	return SK_OK;
}

/* One field's changes, each with its own "reject" box (tracked changes). */
static size_t merge_field(struct req *r, char field, const char *label, const char *from, const char *to)
{
	struct content_segment *sg;
	size_t n = content_diff_segments(&r->a, from, to, &sg), k = 0;
	html(r, "<section aria-labelledby=\"dm-%c\"><h2 id=\"dm-%c\">%s</h2><div class=\"content-diff\">", field, field,
	     label);
	for (size_t i = 0; i < n; i++) {
		if (!sg[i].change) {
			html(r, "%s", sg[i].old);
			continue;
		}
		k++;
		html(r, "<span class=\"content-change\">");
		if (*sg[i].old)
			html(r, "<del>%s</del>", sg[i].old);
		if (*sg[i].new_)
			html(r, "<ins>%s</ins>", sg[i].new_);
		html(r, "<label class=\"content-reject\"><input type=\"checkbox\" name=\"reject\" value=\"%c%zu\"> %s</label>"
		        "</span>",
		     field, k, arena_printf(&r->a, T(r, "reject change %zu"), k));
	}
	html(r, "</div></section>");
	return k;
}

static void merge_form(struct req *r, const struct content_item *it, int from, int to, const struct content_version *a,
                       const struct content_version *b)
{
	html(r, "<p>%s</p>", T(r, "Every change of the newer version is accepted unless you tick \"reject\" beside it; saving "
	                        "makes a new version."));
	form_open(r, arena_printf(&r->a, "%s/merge", item_url(r, it->id)), "content-merge");
	html(r, "<input type=\"hidden\" name=\"from\" value=\"%d\"><input type=\"hidden\" name=\"to\" value=\"%d\">", from,
	     to);
	size_t n = merge_field(r, 't', T(r, "Title"), a->title, b->title);
	n += merge_field(r, 's', T(r, "Summary"), a->summary, b->summary);
	n += merge_field(r, 'b', T(r, "Text"), a->body, b->body);
	if (n)
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
		     T(r, "Save with the accepted changes"));
	else
		html(r, "<p class=\"muted\">%s</p>", T(r, "The versions are the same."));
	form_close(r);
}

static const struct field merge_fields[] = {
        {"from", F_INT, true, 10, NULL, 1, 100000},
        {"to", F_INT, true, 10, NULL, 1, 100000},
};

static sk_rc merge_post(struct req *r)
{
	struct content_item it;
	sk_rc rc = load(r, &it);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, merge_fields, SK_ARRAY_LEN(merge_fields), &v);
	const char **rej = arena_alloc(&r->a, (r->form.n + 1) * sizeof *rej);
	size_t nr = 0;
	for (size_t i = 0; i < r->form.n; i++)
		if (str_eq(r->form.items[i].k, "reject"))
			rej[nr++] = r->form.items[i].v;
	rc = r->nerrors ? SK_EINPUT : content_merge(r, it.id, (int)v.i[0], (int)v.i[1], rej, nr);
	if (rc == SK_EINPUT || rc == SK_ECONFLICT) {
		if (!req_field_msg(r, "action") && r->nerrors)
			req_field_error(r, "action", r->errors[0].msg);
		content_item_page(r, &it);
		r->status = rc == SK_EINPUT ? 422 : 409;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("Saved as a new version with the accepted changes."));
	redirect(r, item_url(r, it.id));
	return SK_OK;
}

/* ---- variants ------------------------------------------------------------------------------------ */

static void variants_page(struct req *r, const struct content_item *it, int64_t failed_channel,
                          const struct content_variant *failed)
{
	const char *title = arena_printf(&r->a, T(r, "Channel variants: %s"), it->title);
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p>", item_url(r, it->id), T(r, "← The item"));
	html(r, "<h1>%s</h1>", title);
	field_errors_summary(r);
	html(r, "<p><a href=\"%s/assets\">%s</a></p>", item_url(r, it->id), T(r, "Photos and files"));
	struct content_variant *v;
	size_t n;
	if (content_variants(r, it->id, &v, &n) != SK_OK)
		n = 0;
	bool edit = req_has_perm(r, "content.edit");
	for (size_t i = 0; i < n; i++) {
		const struct content_variant *x = v[i].channel_id == failed_channel && failed ? failed : &v[i];
		html(r, "<section class=\"panel content-variant\" aria-labelledby=\"cv-%lld\"><h2 id=\"cv-%lld\">%s</h2>",
		     (long long)v[i].channel_id, (long long)v[i].channel_id, v[i].channel_name);
		if (v[i].max_chars)
			html(r, "<p class=\"muted\">%s</p>",
			     v[i].max_hashtags
			             ? arena_printf(&r->a, T(r, "At most %d characters and %d hashtags."), v[i].max_chars,
			                            v[i].max_hashtags)
			             : arena_printf(&r->a, T(r, "At most %d characters."), v[i].max_chars));
		if (!edit) {
			html(r, "<p>%s</p><p>%s</p></section>", *x->text ? x->text : "—", x->hashtags);
			continue;
		}
		/* the field names are the model's, so one channel's errors show on its form only */
		bool mine = v[i].channel_id == failed_channel;
		struct field_error *saved = r->errors;
		size_t nsaved = r->nerrors;
		if (!mine)
			r->nerrors = 0;
		form_open(r, arena_printf(&r->a, "%s/variants", item_url(r, it->id)), "stack");
		html(r, "<input type=\"hidden\" name=\"channel_id\" value=\"%lld\">", (long long)v[i].channel_id);
		html(r, "<div class=\"field%s\"><label for=\"vt-%lld\">%s</label>", req_field_msg(r, "text") ? " has-error" : "",
		     (long long)v[i].channel_id, T(r, "Adapted text"));
		if (req_field_msg(r, "text"))
			html(r, "<p class=\"error\" id=\"vte-%lld\">%s</p>", (long long)v[i].channel_id, req_field_msg(r, "text"));
		html(r, "<textarea id=\"vt-%lld\" name=\"text\" rows=\"4\"%s>%s</textarea></div>", (long long)v[i].channel_id,
		     req_field_msg(r, "text") ? arena_printf(&r->a, " aria-invalid=\"true\" aria-describedby=\"vte-%lld\"",
		                                             (long long)v[i].channel_id)
		                              : "",
		     x->text);
		const char *names[] = {"hashtags", "image_url", "link"};
		const char *labels[] = {T(r, "Hashtags"), T(r, "Image address"), T(r, "Link")};
		const char *vals[] = {x->hashtags, x->image_url, x->link};
		for (int k = 0; k < 3; k++) {
			const char *err = req_field_msg(r, names[k]);
			html(r, "<div class=\"field%s\"><label for=\"v%d-%lld\">%s</label>", err ? " has-error" : "", k,
			     (long long)v[i].channel_id, labels[k]);
			if (err)
				html(r, "<p class=\"error\" id=\"v%de-%lld\">%s</p>", k, (long long)v[i].channel_id, err);
			html(r, "<input id=\"v%d-%lld\" name=\"%s\" type=\"%s\" value=\"%s\" autocomplete=\"off\"%s></div>", k,
			     (long long)v[i].channel_id, names[k], k ? "url" : "text", vals[k],
			     err ? arena_printf(&r->a, " aria-invalid=\"true\" aria-describedby=\"v%de-%lld\"", k,
			                        (long long)v[i].channel_id)
			         : "");
		}
		html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\">: "
		        "%s</span></button></div>",
		     T(r, "Save"), v[i].channel_name);
		form_close(r);
		r->errors = saved;
		r->nerrors = nsaved;
		html(r, "<h3>%s<span class=\"visually-hidden\">: %s</span></h3>", T(r, "Photos and files"), v[i].channel_name);
		asset_picker(r, it->id, v[i].channel_id, arena_printf(&r->a, "%s/variants", item_url(r, it->id)));
		html(r, "</section>");
	}
	page_end(r);
}

static sk_rc variants_get(struct req *r)
{
	struct content_item it;
	sk_rc rc = load(r, &it);
	if (rc != SK_OK)
		return rc;
	variants_page(r, &it, 0, NULL);
	return SK_OK;
}

static const struct field variant_fields[] = {
        {"channel_id", F_INT, true, 20, NULL, 1, INT64_MAX},
        {"text", F_TEXTAREA, false, 70000, NULL, 0, 0},
        {"hashtags", F_TEXT, false, 2000, NULL, 0, 0},
        {"image_url", F_TEXT, false, 2000, NULL, 0, 0},
        {"link", F_TEXT, false, 2000, NULL, 0, 0},
};

sk_rc content_read_variant(struct req *r, struct content_variant *out)
{
	struct form_values v;
	form_read(r, variant_fields, SK_ARRAY_LEN(variant_fields), &v);
	*out = (struct content_variant){.channel_id = v.i[0], .text = v.s[1], .hashtags = v.s[2], .image_url = v.s[3],
	                                .link = v.s[4]};
	return r->nerrors ? SK_EINPUT : SK_OK;
}

static sk_rc variants_post(struct req *r)
{
	struct content_item it;
	sk_rc rc = load(r, &it);
	if (rc != SK_OK)
		return rc;
	struct content_variant in;
	rc = content_read_variant(r, &in);
	if (rc == SK_OK)
		rc = content_variant_save(r, it.id, &in);
	if (rc == SK_EINPUT) {
		variants_page(r, &it, in.channel_id, &in);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The channel variant was saved."));
	redirect(r, arena_printf(&r->a, "%s/variants", item_url(r, it.id)));
	return SK_OK;
}

/* ---- approval chains ------------------------------------------------------------------------------- */

static sk_rc chains_get(struct req *r)
{
	struct content_chain *c;
	size_t n;
	sk_rc rc = content_chains(r, &c, &n);
	if (rc != SK_OK)
		return rc;
	const char *title = T(r, "Approval chains");
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p>", list_url(r), T(r, "← Content"));
	html(r, "<h1>%s</h1>", title);
	field_errors_summary(r);
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "Which steps each type of text goes through before it is approved. A flagged (sensitive) social media post "
	          "always needs both."));
	bool edit = req_has_perm(r, "content.approve");
	html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
	     title, T(r, "Type"), T(r, "Language review"), T(r, "Head's approval"));
	if (edit)
		html(r, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>", T(r, "Actions"));
	html(r, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const char *label = content_type_label(r, c[i].type);
		if (!edit) {
			html(r, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>", label, c[i].needs_review ? T(r, "Yes") : T(r, "No"),
			     c[i].needs_approval ? T(r, "Yes") : T(r, "No"));
			continue;
		}
		const char *fid = arena_printf(&r->a, "ch-%s", c[i].type);
		html(r, "<tr><td>%s</td><td><input type=\"checkbox\" form=\"%s\" name=\"needs_review\" value=\"1\" "
		        "id=\"%s-r\"%s><label for=\"%s-r\"><span class=\"visually-hidden\">%s: %s</span></label></td>"
		        "<td><input type=\"checkbox\" form=\"%s\" name=\"needs_approval\" value=\"1\" id=\"%s-a\"%s>"
		        "<label for=\"%s-a\"><span class=\"visually-hidden\">%s: %s</span></label></td><td>",
		     label, fid, fid, c[i].needs_review ? " checked" : "", fid, label, T(r, "Language review"), fid, fid,
		     c[i].needs_approval ? " checked" : "", fid, label, T(r, "Head's approval"));
		html(r, "<form method=\"post\" action=\"%s/chains\" id=\"%s\" class=\"inline\">"
		        "<input type=\"hidden\" name=\"_csrf\" value=\"%s\"><input type=\"hidden\" name=\"type\" value=\"%s\">"
		        "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\">: %s</span></button></form>"
		        "</td></tr>",
		     list_url(r), fid, csrf_token(r), c[i].type, T(r, "Save"), label);
	}
	html(r, "</tbody></table>");
	page_end(r);
	return SK_OK;
}

static const struct field chain_fields[] = {
        {"type", F_ENUM, true, 40, content_type_codes, 0, 0},
        {"needs_review", F_BOOL, false, 5, NULL, 0, 0},
        {"needs_approval", F_BOOL, false, 5, NULL, 0, 0},
};

static sk_rc chains_post(struct req *r)
{
	struct form_values v;
	form_read(r, chain_fields, SK_ARRAY_LEN(chain_fields), &v);
	sk_rc rc = r->nerrors ? SK_EINPUT : content_chain_set(r, v.s[0], v.i[1] != 0, v.i[2] != 0);
	if (rc == SK_EINPUT) {
		rc = chains_get(r);
		r->status = 422;
		return rc;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The approval chain was saved."));
	redirect(r, arena_printf(&r->a, "%s/chains", list_url(r)));
	return SK_OK;
}

/* ---- from a plan item -------------------------------------------------------------------------------- */

static sk_rc from_plan_post(struct req *r)
{
	int64_t pid, id;
	if (!req_id(r, "id", &pid))
		return SK_ENOTFOUND;
	sk_rc rc = content_from_plan_item(r, pid, &id);
	if (rc != SK_OK)
		return rc;
	redirect(r, item_url(r, id));
	return SK_OK;
}

SK_NAV_GROUP(nav_content, "staff", "/staff/{inst}/content", N_("Content"), "content.view", 17, 0, N_("Communication"));

SK_ROUTES(content,
          {"GET", "/staff/{inst}/content", list_get, "content.view", 0},
          {"GET", "/staff/{inst}/content/new", new_get, "content.edit", 0},
          {"POST", "/staff/{inst}/content/new", new_post, "content.edit", 0},
          {"POST", "/staff/{inst}/content/from-plan-item/{id}", from_plan_post, "content.edit", 0},
          {"GET", "/staff/{inst}/content/chains", chains_get, "content.view", 0},
          {"POST", "/staff/{inst}/content/chains", chains_post, "content.approve", 0},
          {"GET", "/staff/{inst}/content/{id}", show_get, "content.view", 0},
          {"GET", "/staff/{inst}/content/{id}/edit", edit_get, "content.view", 0},
          {"POST", "/staff/{inst}/content/{id}/edit", edit_post, "content.view", 0},
          {"GET", "/staff/{inst}/content/{id}/diff", diff_get, "content.view", 0},
          {"POST", "/staff/{inst}/content/{id}/transition", transition_post, "content.view", 0},
          {"POST", "/staff/{inst}/content/{id}/comments", comment_post, "content.view", 0},
          {"POST", "/staff/{inst}/content/{id}/merge", merge_post, "content.view", 0},
          {"GET", "/staff/{inst}/content/{id}/variants", variants_get, "content.view", 0},
          {"POST", "/staff/{inst}/content/{id}/variants", variants_post, "content.edit", 0},
          {"GET", "/api/v1/{inst}/content", api_content_list, "content.view", R_JSON},
          {"POST", "/api/v1/{inst}/content", api_content_create, "content.edit", R_JSON},
          {"GET", "/api/v1/{inst}/content/templates", api_content_templates, "content.view", R_JSON},
          {"POST", "/api/v1/{inst}/content/templates", api_content_template_create, "content.edit", R_JSON},
          {"GET", "/api/v1/{inst}/content/chains", api_content_chains, "content.view", R_JSON},
          {"POST", "/api/v1/{inst}/content/chains", api_content_chain_set, "content.approve", R_JSON},
          {"POST", "/api/v1/{inst}/content/from-plan-item/{id}", api_content_from_plan, "content.edit", R_JSON},
          {"GET", "/api/v1/{inst}/content/{id}", api_content_get, "content.view", R_JSON},
          {"POST", "/api/v1/{inst}/content/{id}", api_content_update, "content.view", R_JSON},
          {"GET", "/api/v1/{inst}/content/{id}/diff", api_content_diff, "content.view", R_JSON},
          {"POST", "/api/v1/{inst}/content/{id}/transition", api_content_transition, "content.view", R_JSON},
          {"POST", "/api/v1/{inst}/content/{id}/merge", api_content_merge, "content.view", R_JSON},
          {"POST", "/api/v1/{inst}/content/{id}/comments", api_content_comment, "content.view", R_JSON},
          {"POST", "/api/v1/{inst}/content/{id}/variants", api_content_variant, "content.edit", R_JSON});

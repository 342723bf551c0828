/*
 * publicity_support.c -- information-support requests (D0-F9, AC-C2-7):
 * a unit running a state programme, a project or international activity
 * asks the communication department for a text, a translation, a
 * presentation, promotional material or an international directory
 * entry by a date; the coordinator assigns it (a task for the assignee)
 * and the assignee closes it with what was done. The list counts the
 * year's requests per department (the input of the activity report).
 *
 *   /staff/{inst}/publicity/support        list, counts, the form
 *   /staff/{inst}/publicity/support/{id}   details, assign, close
 */
#include "layout.h"
#include "../model/publicity.h"
#include "../model/admin.h"
#include "../model/occasion.h"
#include "../core/i18n.h"

static const char *sup_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/publicity/support", r->inst->slug); }

static const char *status_label(struct req *r, const char *s)
{
	if (str_eq(s, "open")) return T(r, "Waiting to be assigned");
	if (str_eq(s, "assigned")) return T(r, "Assigned");
	if (str_eq(s, "closed")) return T(r, "Closed");
	return s;
}

static const char *ymd_str(struct req *r, int ymd)
{
	char *d = arena_alloc(&r->a, 11);
	ymd_format(ymd, d);
	return d;
}

enum { SF_PROG, SF_KIND, SF_DETAILS, SF_DUE, SF_DEPT };
static const struct field sup_fields[] = {
        [SF_PROG] = {"programme", F_TEXT, true, 200, NULL, 0, 0},
        [SF_KIND] = {"kind", F_ENUM, true, 20, pub_support_kinds, 0, 0},
        [SF_DETAILS] = {"details", F_TEXTAREA, false, 4000, NULL, 0, 0},
        [SF_DUE] = {"due_date", F_DATE, true, 10, NULL, 0, 0},
        [SF_DEPT] = {"department_id", F_INT, false, 20, NULL, 1, INT64_MAX},
};

static void list_page(struct req *r, const struct form_values *v)
{
	struct pub_support *s;
	size_t n;
	if (pub_support_list(r, &s, &n) != SK_OK)
		n = 0;
	page_begin(r, PAGE_STAFF, T(r, "Information support"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/publicity", r->inst->slug),
	     T(r, "← Publicity requests"));
	html(r, "<h1>%s</h1>", T(r, "Information support"));
	field_errors_summary(r);
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "Texts, translations, presentations, promotional material and international directory entries for "
	          "units running state programmes, projects or international activity."));
	if (n) {
		html(r, "<div class=\"table-scroll\"><table class=\"data\"><caption class=\"visually-hidden\">%s</caption>"
		        "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Information support"), T(r, "Programme or project"), T(r, "Kind of support"), T(r, "Department"),
		     T(r, "Due date"), T(r, "Who does it"), T(r, "Status"));
		for (size_t i = 0; i < n; i++)
			html(r, "<tr><td><a href=\"%s/%lld\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
			        "<td>%s</td></tr>",
			     sup_url(r), (long long)s[i].id, s[i].programme, pub_support_kind_label(r, s[i].kind),
			     *s[i].department_name ? s[i].department_name : "—", ymd_str(r, s[i].due_date),
			     *s[i].assignee_name ? s[i].assignee_name : "—", status_label(r, s[i].status));
		html(r, "</tbody></table></div>");
	} else {
		html(r, "<p class=\"muted\">%s</p>", T(r, "Nothing here."));
	}
	if (req_has_perm(r, "publicity.manage")) {
		int y = ymd_year(local_today());
		struct pub_support_count *c;
		size_t nc;
		if (pub_support_counts(r, local_to_unix(ymd_make(y, 1, 1), 0, 0), local_to_unix(ymd_make(y, 12, 31), 23, 59),
		                       &c, &nc) == SK_OK && nc) {
			const char *h = arena_printf(&r->a, T(r, "Information support by department, %d"), y);
			html(r, "<section aria-labelledby=\"sup-count\"><h2 id=\"sup-count\">%s</h2>", h);
			html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">"
			        "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			     h, T(r, "Department"), T(r, "Requests"), T(r, "Closed"));
			for (size_t i = 0; i < nc; i++)
				html(r, "<tr><td>%s</td><td>%lld</td><td>%lld</td></tr>",
				     *c[i].department_name ? c[i].department_name : T(r, "No department"), (long long)c[i].total,
				     (long long)c[i].closed);
			html(r, "</tbody></table></section>");
		}
	}
	html(r, "<section class=\"panel\" aria-labelledby=\"sup-new\"><h2 id=\"sup-new\">%s</h2>",
	     T(r, "Ask for information support"));
	form_open(r, sup_url(r), "stack");
	ui_field(r, "programme", T(r, "Programme or project"), "text", v ? v->s[SF_PROG] : "", true, "off",
	         T(r, "For example: a state culture programme, an international project, participation in IFLA."));
	const char *kv[5], *kl[5];
	for (size_t i = 0; i < 5; i++) {
		kv[i] = pub_support_kinds[i];
		kl[i] = pub_support_kind_label(r, pub_support_kinds[i]);
	}
	ui_select(r, "kind", T(r, "Kind of support"), kv, kl, 5, v ? v->s[SF_KIND] : "text", true, NULL);
	ui_textarea(r, "details", T(r, "What is needed"), v ? v->s[SF_DETAILS] : "", 3, NULL);
	ui_field(r, "due_date", T(r, "Due date"), "date", v ? v->s[SF_DUE] : "", true, "off", NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Send the request"));
	form_close(r);
	html(r, "</section>");
	page_end(r);
}

static sk_rc sup_list(struct req *r)
{
	list_page(r, NULL);
	return SK_OK;
}

static sk_rc sup_create(struct req *r)
{
	struct form_values v;
	form_read(r, sup_fields, SK_ARRAY_LEN(sup_fields), &v);
	struct pub_support in = {.programme = v.s[SF_PROG], .kind = v.s[SF_KIND], .details = v.s[SF_DETAILS],
	                         .department_id = v.i[SF_DEPT]};
	ymd_parse(v.s[SF_DUE], &in.due_date);
	int64_t id = 0;
	sk_rc rc = r->nerrors ? SK_EINPUT : pub_support_create(r, &in, &id);
	if (rc == SK_EINPUT) {
		list_page(r, &v);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The request for information support was sent."));
	redirect(r, url_fmt(&r->a, "/staff/%s/publicity/support/%lld", r->inst->slug, (long long)id));
	return SK_OK;
}

static void show_page(struct req *r, const struct pub_support *s)
{
	page_begin(r, PAGE_STAFF, s->programme);
	html(r, "<p><a href=\"%s\">%s</a></p>", sup_url(r), T(r, "← Information support"));
	html(r, "<h1>%s</h1>", s->programme);
	field_errors_summary(r);
	html(r, "<dl class=\"facts\">");
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Status"), status_label(r, s->status));
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Kind of support"), pub_support_kind_label(r, s->kind));
	if (*s->details)
		html(r, "<dt>%s</dt><dd class=\"pre\">%s</dd>", T(r, "What is needed"), s->details);
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Due date"), ymd_str(r, s->due_date));
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Department"), *s->department_name ? s->department_name : "—");
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Requested by"), s->created_by_name);
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Who does it"), *s->assignee_name ? s->assignee_name : "—");
	if (*s->outcome)
		html(r, "<dt>%s</dt><dd class=\"pre\">%s</dd>", T(r, "What was done"), s->outcome);
	html(r, "</dl>");
	const char *base = url_fmt(&r->a, "/staff/%s/publicity/support/%lld", r->inst->slug, (long long)s->id);
	if (!str_eq(s->status, "closed") && req_has_perm(r, "publicity.manage")) {
		struct adm_filter f = {.status = 1};
		struct adm_member *m;
		size_t n;
		int64_t total;
		if (adm_members(r, &f, 500, 0, &m, &n, &total) != SK_OK)
			n = 0;
		const char **mv = arena_alloc(&r->a, (n + 1) * sizeof *mv), **ml = arena_alloc(&r->a, (n + 1) * sizeof *ml);
		for (size_t i = 0; i < n; i++) {
			mv[i] = arena_printf(&r->a, "%lld", (long long)m[i].id);
			ml[i] = m[i].name;
		}
		html(r, "<section class=\"panel\" aria-labelledby=\"sup-as\"><h2 id=\"sup-as\">%s</h2>", T(r, "Assign"));
		form_open(r, arena_printf(&r->a, "%s/assign", base), "stack");
		ui_select(r, "assignee_id", T(r, "Who does it"), mv, ml, n,
		          s->assignee_id ? arena_printf(&r->a, "%lld", (long long)s->assignee_id) : "", true, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Assign"));
		form_close(r);
		html(r, "</section>");
	}
	if (str_eq(s->status, "assigned") && (req_has_perm(r, "publicity.manage") || s->assignee_id == r->user->id)) {
		html(r, "<section class=\"panel\" aria-labelledby=\"sup-cl\"><h2 id=\"sup-cl\">%s</h2>", T(r, "Close"));
		form_open(r, arena_printf(&r->a, "%s/close", base), "stack");
		ui_textarea(r, "outcome", T(r, "What was done"), "", 3, NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Close"));
		form_close(r);
		html(r, "</section>");
	}
	page_end(r);
}

static sk_rc load(struct req *r, struct pub_support *s)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return pub_support_get(r, id, s);
}

static sk_rc sup_show(struct req *r)
{
	struct pub_support s;
	sk_rc rc = load(r, &s);
	if (rc == SK_OK)
		show_page(r, &s);
	return rc;
}

static sk_rc after(struct req *r, const struct pub_support *s, sk_rc rc, const char *flash)
{
	if (rc == SK_EINPUT) {
		show_page(r, s);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, flash);
	redirect(r, url_fmt(&r->a, "/staff/%s/publicity/support/%lld", r->inst->slug, (long long)s->id));
	return SK_OK;
}

static const struct field assign_fields[] = {{"assignee_id", F_INT, true, 20, NULL, 1, INT64_MAX}};

static sk_rc sup_assign(struct req *r)
{
	struct pub_support s;
	sk_rc rc = load(r, &s);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, assign_fields, 1, &v);
	rc = r->nerrors ? SK_EINPUT : pub_support_assign(r, s.id, v.i[0]);
	return after(r, &s, rc, N_("The request was assigned; the assignee has a task."));
}

static const struct field close_fields[] = {{"outcome", F_TEXTAREA, false, 4000, NULL, 0, 0}};

static sk_rc sup_close(struct req *r)
{
	struct pub_support s;
	sk_rc rc = load(r, &s);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, close_fields, 1, &v);
	rc = r->nerrors ? SK_EINPUT : pub_support_close(r, s.id, v.s[0]);
	return after(r, &s, rc, N_("The request was closed."));
}

SK_ROUTES(publicity_support,
          {"GET", "/staff/{inst}/publicity/support", sup_list, "publicity.request", 0},
          {"POST", "/staff/{inst}/publicity/support", sup_create, "publicity.request", 0},
          {"GET", "/staff/{inst}/publicity/support/{id}", sup_show, "publicity.request", 0},
          {"POST", "/staff/{inst}/publicity/support/{id}/assign", sup_assign, "publicity.manage", 0},
          {"POST", "/staff/{inst}/publicity/support/{id}/close", sup_close, "publicity.request", 0});

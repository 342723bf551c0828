/*
 * admin_inst.c -- the institution's own settings and the installation's
 * institution tree.
 *
 *   /staff/{inst}/settings                  profile (names, address, contacts,
 *                                           descriptions) and departments
 *   /staff/{inst}/settings/departments/...  add, edit, delete-if-unused
 *   /staff/institutions                     superadmin: every institution as a
 *                                           tree (county -> Territory libraries),
 *                                           add an institution
 *
 * Rules and audit rows are in model/admin.c; this file renders forms and
 * maps validation errors back onto them (422 with the values kept).
 */
#include "layout.h"
#include "../model/admin.h"

#include <string.h>

static const char *settings_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/settings", r->inst->slug); }

static const char *dept_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/settings/departments/%lld", r->inst->slug, (long long)id);
}

/* ---- profile + departments ------------------------------------------------- */

static void dept_add_form(struct req *r, const struct form_values *dv)
{
	html(r, "<h3 id=\"dept-add\">%s</h3>", T(r, "Add a department"));
	form_open(r, arena_printf(&r->a, "%s/departments", settings_url(r)), "stack");
	ui_field(r, "dept_name_lt", T(r, "Name in Lithuanian"), "text", dv ? dv->s[DF_NAME_LT] : "", true, "off",
	          T(r, "For example: Komunikacijos ir kultūros skyrius"));
	ui_field(r, "dept_name_en", T(r, "Name in English"), "text", dv ? dv->s[DF_NAME_EN] : "", false, "off", NULL);
	ui_checkbox(r, "is_comm", T(r, "This is the communication department"), dv && dv->i[DF_IS_COMM],
	             T(r, "Requests for publicity, design and photos go to the communication department."));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Add the department"));
	form_close(r);
}

/* The settings page; pv/dv are submitted values to show again after an
 * error in the profile form or the department form (NULL = from the
 * database / empty). */
static sk_rc settings_page(struct req *r, const struct form_values *pv, const struct form_values *dv)
{
	struct adm_profile p;
	sk_rc rc = adm_profile_get(r, &p);
	if (rc != SK_OK)
		return rc;
	const char *cur[] = {p.name_lt, p.name_en, p.short_name, p.address, p.website,
	                     p.email, p.phone, p.description_lt, p.description_en};
	const char *const *val = pv ? pv->s : cur;
	struct inst *parent = p.parent_id ? inst_by_id(r, p.parent_id) : NULL;

	page_begin(r, PAGE_STAFF, T(r, "Institution profile"));
	html(r, "<h1>%s</h1>", T(r, "Institution profile"));
	field_errors_summary(r);
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd><a href=\"/%s/\">/%s/</a></dd><dt>%s</dt><dd>%s</dd>",
	     T(r, "Public address"), p.slug, p.slug, T(r, "Type"), adm_inst_type_label(r, p.type));
	if (parent)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Parent institution"), inst_name(r, parent));
	html(r, "</dl>");

	html(r, "<section aria-labelledby=\"prof-h\" class=\"narrow\"><h2 id=\"prof-h\">%s</h2>", T(r, "Names and contacts"));
	form_open(r, settings_url(r), "stack");
	ui_field(r, "name_lt", T(r, "Official name in Lithuanian"), "text", val[0], true, "organization", NULL);
	ui_field(r, "name_en", T(r, "Official name in English"), "text", val[1], false, "off", NULL);
	ui_field(r, "short_name", T(r, "Short name"), "text", val[2], false, "off", T(r, "For example: PAVB"));
	ui_field(r, "address", T(r, "Address"), "text", val[3], false, "street-address",
	          T(r, "Street, building, postal code and town, e.g. Gatvė 1, LT-12345 Miestas"));
	ui_field(r, "website", T(r, "Website"), "url", val[4], false, "url", T(r, "Starting with https://"));
	ui_field(r, "email", T(r, "E-mail"), "email", val[5], false, "email", NULL);
	ui_field(r, "phone", T(r, "Phone"), "tel", val[6], false, "tel", T(r, "With the country code, e.g. +370 45 123 456"));
	ui_textarea(r, "description_lt", T(r, "Description in Lithuanian"), val[7], 5,
	             T(r, "Shown on the public home page of the institution."));
	ui_textarea(r, "description_en", T(r, "Description in English"), val[8], 5, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save the profile"));
	form_close(r);
	html(r, "</section>");

	struct adm_dept *d;
	size_t n = adm_depts(r, &d);
	html(r, "<section aria-labelledby=\"dept-h\"><h2 id=\"dept-h\">%s</h2>", T(r, "Departments"));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "No departments yet."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\"><span class=\"visually-hidden\">%s</span></th></tr></thead><tbody>",
		     T(r, "Departments"), T(r, "Name in Lithuanian"), T(r, "Name in English"), T(r, "Communication department"),
		     T(r, "People"), T(r, "Actions"));
		for (size_t i = 0; i < n; i++) {
			html(r, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%lld</td><td class=\"actions\">",
			     d[i].name_lt, *d[i].name_en ? d[i].name_en : "—", d[i].is_comm ? T(r, "Yes") : "—",
			     (long long)d[i].members);
			html(r, "<a href=\"%s\">%s<span class=\"visually-hidden\"> %s</span></a>", dept_url(r, d[i].id),
			     T(r, "Edit"), d[i].name_lt);
			if (d[i].members == 0) {
				form_open(r, arena_printf(&r->a, "%s/delete", dept_url(r, d[i].id)), "inline");
				html(r, " <button type=\"submit\" class=\"danger\">%s<span class=\"visually-hidden\"> %s</span></button>",
				     T(r, "Delete"), d[i].name_lt);
				form_close(r);
			}
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
		html(r, "<p class=\"muted\">%s</p>", T(r, "A department can be deleted once nobody belongs to it."));
	}
	dept_add_form(r, dv);
	html(r, "</section>");
	page_end(r);
	return SK_OK;
}

static sk_rc settings_get(struct req *r) { return settings_page(r, NULL, NULL); }

static sk_rc settings_post(struct req *r)
{
	struct form_values v;
	sk_rc rc = form_read(r, adm_profile_fields, adm_profile_nfields, &v);
	if (rc == SK_OK)
		rc = adm_profile_save(r, &v);
	if (rc == SK_EINPUT) {
		r->status = 422;
		rc = settings_page(r, &v, NULL);
		r->status = 422;
		return rc;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The profile was saved."));
	redirect(r, settings_url(r));
	return SK_OK;
}

static sk_rc dept_create_post(struct req *r)
{
	struct form_values v;
	int64_t id;
	sk_rc rc = form_read(r, adm_dept_fields, adm_dept_nfields, &v);
	if (rc == SK_OK)
		rc = adm_dept_create(r, &v, &id);
	if (rc == SK_EINPUT) {
		r->status = 422;
		rc = settings_page(r, NULL, &v);
		r->status = 422;
		return rc;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The department was added."));
	redirect(r, arena_printf(&r->a, "%s#dept-h", settings_url(r)));
	return SK_OK;
}

static void dept_page(struct req *r, const struct adm_dept *d, const struct form_values *v)
{
	page_begin(r, PAGE_STAFF, d->name_lt);
	html(r, "<p><a href=\"%s#dept-h\">%s</a></p><div class=\"narrow\"><h1>%s</h1>", settings_url(r),
	     T(r, "← Institution profile"), d->name_lt);
	field_errors_summary(r);
	form_open(r, dept_url(r, d->id), "stack");
	ui_field(r, "dept_name_lt", T(r, "Name in Lithuanian"), "text", v ? v->s[DF_NAME_LT] : d->name_lt, true, "off", NULL);
	ui_field(r, "dept_name_en", T(r, "Name in English"), "text", v ? v->s[DF_NAME_EN] : d->name_en, false, "off", NULL);
	ui_checkbox(r, "is_comm", T(r, "This is the communication department"), v ? v->i[DF_IS_COMM] != 0 : d->is_comm,
	             T(r, "Requests for publicity, design and photos go to the communication department."));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></div>", T(r, "Save"),
	     settings_url(r), T(r, "Cancel"));
	form_close(r);
	if (d->members == 0) {
		form_open(r, arena_printf(&r->a, "%s/delete", dept_url(r, d->id)), "inline");
		html(r, "<button type=\"submit\" class=\"danger\">%s</button>", T(r, "Delete the department"));
		form_close(r);
	} else {
		html(r, "<p class=\"muted\">%s</p>",
		     arena_printf(&r->a, TN(r, "%lld person belongs to this department, so it cannot be deleted.",
		                            "%lld people belong to this department, so it cannot be deleted.", d->members),
		                  (long long)d->members));
	}
	html(r, "</div>");
	page_end(r);
}

static sk_rc dept_load(struct req *r, struct adm_dept *d)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return adm_dept_get(r, id, d);
}

static sk_rc dept_get(struct req *r)
{
	struct adm_dept d;
	sk_rc rc = dept_load(r, &d);
	if (rc != SK_OK)
		return rc;
	dept_page(r, &d, NULL);
	return SK_OK;
}

static sk_rc dept_update_post(struct req *r)
{
	struct adm_dept d;
	sk_rc rc = dept_load(r, &d);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	rc = form_read(r, adm_dept_fields, adm_dept_nfields, &v);
	if (rc == SK_OK)
		rc = adm_dept_update(r, d.id, &v);
	if (rc == SK_EINPUT) {
		r->status = 422;
		dept_page(r, &d, &v);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The department was saved."));
	redirect(r, arena_printf(&r->a, "%s#dept-h", settings_url(r)));
	return SK_OK;
}

static sk_rc dept_delete_post(struct req *r)
{
	struct adm_dept d;
	sk_rc rc = dept_load(r, &d);
	if (rc != SK_OK)
		return rc;
	rc = adm_dept_delete(r, d.id);
	if (rc == SK_ECONFLICT) {
		flash_set(r, N_("The department is still in use and was not deleted."));
		redirect(r, dept_url(r, d.id));
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The department was deleted."));
	redirect(r, arena_printf(&r->a, "%s#dept-h", settings_url(r)));
	return SK_OK;
}

/* ---- all institutions (superadmin) ------------------------------------------- */

static bool has_parent_in(const struct adm_inst_node *v, size_t n, int64_t parent)
{
	for (size_t i = 0; parent && i < n; i++)
		if (v[i].id == parent)
			return true;
	return false;
}

/* One node and, below it, its children; depth-limited so that a parent
 * cycle in bad data cannot recurse forever. */
static void inst_node(struct req *r, const struct adm_inst_node *v, size_t n, size_t i, int depth)
{
	const struct adm_inst_node *x = &v[i];
	const char *name = (r->lang == LANG_EN && *x->name_en) ? x->name_en : x->name_lt;
	html(r, "<li><div class=\"node\"><a href=\"/staff/%s/\">%s</a> <span class=\"muted\">/%s/ · %s · %s</span>", x->slug,
	     name, x->slug, adm_inst_type_label(r, x->type),
	     arena_printf(&r->a, TN(r, "%lld person", "%lld people", x->members), (long long)x->members));
	if (!x->active)
		html(r, " <span class=\"tag\">%s</span>", T(r, "Inactive"));
	html(r, " <a href=\"/staff/%s/users\">%s<span class=\"visually-hidden\"> – %s</span></a>"
	        " <a href=\"/staff/%s/settings\">%s<span class=\"visually-hidden\"> – %s</span></a></div>",
	     x->slug, T(r, "Users"), name, x->slug, T(r, "Profile"), name);
	bool any = false;
	for (size_t j = 0; j < n && depth < 6; j++) {
		if (v[j].parent_id != x->id || j == i)
			continue;
		if (!any)
			html(r, "<ul>");
		any = true;
		inst_node(r, v, n, j, depth + 1);
	}
	if (any)
		html(r, "</ul>");
	html(r, "</li>");
}

static void insts_page(struct req *r, const struct form_values *fv)
{
	struct adm_inst_node *v;
	size_t n = adm_insts_all(r, &v);
	page_begin(r, PAGE_STAFF, T(r, "Institutions"));
	html(r, "<h1>%s</h1>", T(r, "Institutions"));
	html(r, "<p class=\"lead\">%s</p>",
	     arena_printf(&r->a, TN(r, "%zu institution uses this installation.", "%zu institutions use this installation.", (int64_t)n), n));
	field_errors_summary(r);
	html(r, "<ul class=\"tree\">");
	for (size_t i = 0; i < n; i++)
		if (!has_parent_in(v, n, v[i].parent_id))
			inst_node(r, v, n, i, 0);
	html(r, "</ul>");

	html(r, "<section aria-labelledby=\"add-h\" class=\"narrow\"><h2 id=\"add-h\">%s</h2>", T(r, "Add an institution"));
	form_open(r, "/staff/institutions", "stack");
	ui_field(r, "slug", T(r, "Address in sklaida"), "text", fv ? fv->s[IF_SLUG] : "", true, "off",
	          T(r, "Used in web addresses such as /birzai/: lower-case letters a–z, digits and hyphens."));
	ui_field(r, "name_lt", T(r, "Official name in Lithuanian"), "text", fv ? fv->s[IF_NAME_LT] : "", true, "off", NULL);
	ui_field(r, "name_en", T(r, "Official name in English"), "text", fv ? fv->s[IF_NAME_EN] : "", false, "off", NULL);
	const char *type = fv ? fv->s[IF_TYPE] : "municipal";
	const char *terr = req_field_msg(r, "type");
	html(r, "<div class=\"field%s\"><label for=\"f-type\">%s *</label>", terr ? " has-error" : "", T(r, "Type"));
	if (terr)
		html(r, "<p class=\"error\" id=\"e-type\">%s</p>", terr);
	html(r, "<select id=\"f-type\" name=\"type\">");
	for (size_t i = 0; adm_inst_types[i]; i++)
		html(r, "<option value=\"%s\"%s>%s</option>", adm_inst_types[i], str_eq(type, adm_inst_types[i]) ? " selected" : "",
		     adm_inst_type_label(r, adm_inst_types[i]));
	html(r, "</select></div>");
	int64_t parent = fv ? fv->i[IF_PARENT] : 0;
	const char *perr = req_field_msg(r, "parent_id");
	html(r, "<div class=\"field%s\"><label for=\"f-parent_id\">%s</label>", perr ? " has-error" : "", T(r, "Parent institution"));
	html(r, "<p class=\"hint muted\" id=\"h-parent_id\">%s</p>",
	     T(r, "A Territory library belongs to its county library; the county library sees what its network shares."));
	if (perr)
		html(r, "<p class=\"error\" id=\"e-parent_id\">%s</p>", perr);
	html(r, "<select id=\"f-parent_id\" name=\"parent_id\" aria-describedby=\"h-parent_id\"><option value=\"\">%s</option>",
	     T(r, "— none —"));
	for (size_t i = 0; i < n; i++)
		if (str_eq(v[i].type, "national") || str_eq(v[i].type, "county"))
			html(r, "<option value=\"%lld\"%s>%s</option>", (long long)v[i].id, v[i].id == parent ? " selected" : "",
			     (r->lang == LANG_EN && *v[i].name_en) ? v[i].name_en : v[i].name_lt);
	html(r, "</select></div>");
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Add the institution"));
	form_close(r);
	html(r, "<p class=\"muted\">%s</p></section>",
	     T(r, "The new institution starts with the default permission matrix. Add its first administrator on its Users page."));
	page_end(r);
}

static sk_rc insts_get(struct req *r)
{
	insts_page(r, NULL);
	return SK_OK;
}

static sk_rc insts_post(struct req *r)
{
	struct form_values v;
	int64_t id = 0;
	sk_rc rc = form_read(r, adm_inst_fields, adm_inst_nfields, &v);
	if (rc == SK_OK)
		rc = adm_inst_create(r, &v, &id);
	if (rc == SK_EINPUT) {
		r->status = 422;
		insts_page(r, &v);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The institution was added. Now add its first administrator."));
	redirect(r, url_fmt(&r->a, "/staff/%s/users/new", v.s[IF_SLUG]));
	return SK_OK;
}

SK_NAV_GROUP(nav_settings, "staff", "/staff/{inst}/settings", N_("Institution"), "institution.manage", 30, 0, N_("Administration"));
SK_NAV(nav_insts, "global", "/staff/institutions", N_("All institutions"), NULL, 55, R_SUPER);

SK_ROUTES(admin_inst,
          {"GET", "/staff/{inst}/settings", settings_get, "institution.manage", 0},
          {"POST", "/staff/{inst}/settings", settings_post, "institution.manage", 0},
          {"POST", "/staff/{inst}/settings/departments", dept_create_post, "institution.manage", 0},
          {"GET", "/staff/{inst}/settings/departments/{id}", dept_get, "institution.manage", 0},
          {"POST", "/staff/{inst}/settings/departments/{id}", dept_update_post, "institution.manage", 0},
          {"POST", "/staff/{inst}/settings/departments/{id}/delete", dept_delete_post, "institution.manage", 0},
          {"GET", "/staff/institutions", insts_get, NULL, R_SUPER},
          {"POST", "/staff/institutions", insts_post, NULL, R_SUPER});

/*
 * admin_perms.c -- the permission matrix editor (R-ROLE-1):
 * /staff/{inst}/permissions shows the institution's roles x permissions
 * as one table of check boxes; saving replaces the institution's
 * role_permissions rows in one transaction (model/admin.c audits the
 * difference). The dispatcher loads permissions on every request, so a
 * change applies from the next request on.
 *
 * Accessibility: permissions are rows (grouped by area with row-group
 * headers), roles are columns; every check box carries an aria-label
 * "ROLE NAME: PERMISSION NAME" because a screen reader user tabbing
 * through 18 columns must not have to work out the headers. The form
 * carries a fingerprint of the matrix it was built from, so two
 * administrators saving at once do not silently overwrite each other.
 */
#include "layout.h"
#include "../model/admin.h"

#include <stdlib.h>
#include <string.h>

static const char *perms_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/permissions", r->inst->slug); }

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in_set(const char **set, size_t n, const char *role, const char *perm, arena *a)
{
	const char *key = arena_printf(a, "%s:%s", role, perm);
	return bsearch(&key, set, n, sizeof *set, cmp_str) != NULL;
}

/* The editor. `checked` (sorted) is what to show ticked: the stored
 * matrix, or the submitted one after an error. */
static void matrix_page(struct req *r, const char **checked, size_t nchecked, const char *notice)
{
	struct adm_role *roles;
	struct adm_perm *perms;
	size_t nr = adm_roles(r, &roles), np = adm_perms(r, &perms);
	const char **cur;
	size_t ncur = adm_matrix(r, &cur);

	page_begin(r, PAGE_STAFF, T(r, "Permissions"));
	html(r, "<h1>%s</h1>", T(r, "Permissions"));
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "Tick what each role may do in this institution. A person with several roles may do what any of their roles may. Changes apply at once, from the next page anyone opens."));
	if (notice)
		html(r, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>", notice);
	field_errors_summary(r);

	form_open(r, perms_url(r), NULL);
	html(r, "<input type=\"hidden\" name=\"_v\" value=\"%s\">", adm_matrix_version(r, cur, ncur));
	html(r, "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"matrix-cap\" tabindex=\"0\">");
	html(r, "<table class=\"data matrix\" id=\"f-p\"><caption id=\"matrix-cap\">%s</caption><thead><tr>"
	        "<th scope=\"col\">%s</th>",
	     arena_printf(&r->a, T(r, "What the roles may do in %s"), inst_name(r, r->inst)), T(r, "Permission"));
	for (size_t j = 0; j < nr; j++)
		html(r, "<th scope=\"col\" class=\"role\" title=\"%s\"><span aria-hidden=\"true\">%s</span>"
		        "<span class=\"visually-hidden\">%s</span></th>",
		     adm_role_name(r, &roles[j]), roles[j].code, adm_role_name(r, &roles[j]));
	html(r, "</tr></thead>");
	const char *area = NULL;
	for (size_t i = 0; i < np; i++) {
		if (!str_eq(area, perms[i].area)) {
			if (area)
				html(r, "</tbody>");
			area = perms[i].area;
			html(r, "<tbody><tr class=\"group\"><th scope=\"rowgroup\" colspan=\"%zu\">%s</th></tr>", nr + 1,
			     adm_area_label(r, area));
		}
		const char *pname = adm_perm_name(r, &perms[i]);
		html(r, "<tr><th scope=\"row\">%s <span class=\"muted code\">%s</span></th>", pname, perms[i].code);
		for (size_t j = 0; j < nr; j++) {
			bool on = in_set(checked, nchecked, roles[j].code, perms[i].code, &r->a);
			const char *label = arena_printf(&r->a, "%s: %s", adm_role_name(r, &roles[j]), pname);
			const char *value = arena_printf(&r->a, "%s:%s", roles[j].code, perms[i].code);
			bool locked = str_eq(roles[j].code, "ADMIN") && str_eq(perms[i].code, "permissions.manage");
			if (locked) {
				/* always on: shown, not editable, still submitted */
				html(r, "<td><input type=\"hidden\" name=\"p[]\" value=\"%s\">"
				        "<input type=\"checkbox\" checked disabled aria-label=\"%s (%s)\"></td>",
				     value, label, T(r, "always on"));
			} else {
				html(r, "<td><input type=\"checkbox\" name=\"p[]\" value=\"%s\" aria-label=\"%s\"%s></td>", value,
				     label, on ? " checked" : "");
			}
		}
		html(r, "</tr>");
	}
	if (area)
		html(r, "</tbody>");
	html(r, "</table></div>");
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save the permissions"));
	form_close(r);

	html(r, "<section aria-labelledby=\"legend-h\"><h2 id=\"legend-h\">%s</h2><dl class=\"legend\">", T(r, "Roles"));
	for (size_t j = 0; j < nr; j++)
		html(r, "<dt>%s</dt><dd>%s</dd>", roles[j].code, adm_role_name(r, &roles[j]));
	html(r, "</dl></section>");

	html(r, "<section aria-labelledby=\"reset-h\"><h2 id=\"reset-h\">%s</h2><p>%s</p>", T(r, "Start over"),
	     T(r, "Restore the matrix every new institution starts with. The change is recorded in the audit log like any other."));
	form_open(r, arena_printf(&r->a, "%s/reset", perms_url(r)), "inline");
	html(r, "<button type=\"submit\" class=\"secondary\">%s</button>", T(r, "Restore the defaults"));
	form_close(r);
	html(r, "</section>");
	page_end(r);
}

static sk_rc perms_get(struct req *r)
{
	const char **cur;
	size_t n = adm_matrix(r, &cur);
	matrix_page(r, cur, n, NULL);
	return SK_OK;
}

static sk_rc perms_post(struct req *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->form.n; i++)
		n += strcmp(r->form.items[i].k, "p[]") == 0;
	const char **pairs = arena_alloc(&r->a, (n ? n : 1) * sizeof *pairs);
	n = 0;
	for (size_t i = 0; i < r->form.n; i++)
		if (strcmp(r->form.items[i].k, "p[]") == 0)
			pairs[n++] = r->form.items[i].v;
	sk_rc rc = adm_matrix_save(r, pairs, n, req_form(r, "_v"));
	if (rc == SK_EINPUT || rc == SK_ECONFLICT) {
		r->status = sk_rc_http(rc);
		if (rc == SK_ECONFLICT) {
			const char **cur;
			size_t nc = adm_matrix(r, &cur);
			matrix_page(r, cur, nc,
			            T(r, "Someone else changed the permissions while you were editing. This is the current matrix; make your change again."));
		} else {
			qsort(pairs, n, sizeof *pairs, cmp_str);
			matrix_page(r, pairs, n, NULL);
		}
		r->status = sk_rc_http(rc);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The permissions were saved. They apply from the next page anyone opens."));
	redirect(r, perms_url(r));
	return SK_OK;
}

static sk_rc perms_reset(struct req *r)
{
	sk_rc rc = adm_matrix_reset(r);
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The default permissions were restored."));
	redirect(r, perms_url(r));
	return SK_OK;
}

SK_NAV_GROUP(nav_perms, "staff", "/staff/{inst}/permissions", N_("Permissions"), "permissions.manage", 40, 0, N_("Administration"));

SK_ROUTES(admin_perms,
          {"GET", "/staff/{inst}/permissions", perms_get, "permissions.manage", 0},
          {"POST", "/staff/{inst}/permissions", perms_post, "permissions.manage", 0},
          {"POST", "/staff/{inst}/permissions/reset", perms_reset, "permissions.manage", 0});

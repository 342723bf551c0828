/*
 * admin_users.c -- the people of an institution: /staff/{inst}/users
 * (list with filters), .../users/new (invite someone), .../users/{id}
 * (roles, department, name; disable/enable, new invitation, remove from
 * the institution). Seeing needs users.view, changing users.manage (the
 * dispatcher enforces both); the rules and the audit rows live in
 * model/admin.c so the JSON API behaves the same.
 *
 * Also home of the small form helpers the other admin page files share
 * (ui_field, ui_textarea, ...; declared in model/admin.h): labels,
 * hints and error messages wired with aria-describedby.
 */
#include "layout.h"
#include "../model/admin.h"

#include <string.h>

#define PAGE_SIZE 100

/* ---- shared form helpers ---------------------------------------------------- */

void adm_dept_select(struct req *r, const char *name, const char *label, int64_t value, bool any_option)
{
	struct adm_dept *d;
	size_t n = adm_depts(r, &d);
	const char *err = req_field_msg(r, name);
	html(r, "<div class=\"field%s\">", err ? " has-error" : "");
	ui_label_hint_error(r, name, label, false, NULL, err);
	html(r, "<select id=\"f-%s\" name=\"%s\"", name, name);
	ui_described_by(r, name, false, err != NULL);
	html(r, ">");
	if (any_option) {
		html(r, "<option value=\"\">%s</option>", T(r, "Any department"));
		html(r, "<option value=\"-1\"%s>%s</option>", value == -1 ? " selected" : "", T(r, "Without a department"));
	} else {
		html(r, "<option value=\"\">%s</option>", T(r, "— no department —"));
	}
	for (size_t i = 0; i < n; i++)
		html(r, "<option value=\"%lld\"%s>%s</option>", (long long)d[i].id, d[i].id == value ? " selected" : "",
		     adm_dept_name(r, &d[i]));
	html(r, "</select></div>");
}

/* ---- helpers of this file ------------------------------------------------------ */

static const char *role_label(struct req *r, const struct adm_role *all, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(all[i].code, code))
			return adm_role_name(r, &all[i]);
	return code;
}

static const char *users_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/users", r->inst->slug); }

static const char *user_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/users/%lld", r->inst->slug, (long long)id);
}

static void status_tags(struct req *r, const struct adm_member *m)
{
	if (m->disabled)
		html(r, " <span class=\"tag tag-danger\">%s</span>", T(r, "Disabled"));
	else if (!m->activated)
		html(r, " <span class=\"tag\">%s</span>", T(r, "Invited"));
	if (m->superadmin)
		html(r, " <span class=\"tag\">%s</span>", T(r, "Installation administrator"));
}

/* The role check boxes. `checked` are the codes to tick. */
static void roles_fieldset(struct req *r, const char **checked, size_t nchecked)
{
	struct adm_role *all;
	size_t n = adm_roles(r, &all);
	const char *err = req_field_msg(r, "roles");
	html(r, "<fieldset class=\"field roles%s\" id=\"f-roles\"", err ? " has-error" : "");
	if (err)
		html(r, " aria-describedby=\"e-roles\"");
	html(r, "><legend>%s *</legend>", T(r, "Roles"));
	html(r, "<p class=\"hint muted\">%s</p>",
	     T(r, "Permissions add up: a person holding several roles may do what any of them may. What each role may do is set on the Permissions page."));
	if (err)
		html(r, "<p class=\"error\" id=\"e-roles\">%s</p>", err);
	html(r, "<input type=\"hidden\" name=\"roles_sent\" value=\"1\"><ul class=\"checks\">");
	for (size_t i = 0; i < n; i++) {
		bool on = false;
		for (size_t j = 0; j < nchecked; j++)
			on |= str_eq(checked[j], all[i].code);
		html(r, "<li><input type=\"checkbox\" id=\"role-%s\" name=\"roles[]\" value=\"%s\"%s> "
		        "<label for=\"role-%s\">%s <span class=\"muted\">(%s)</span></label></li>",
		     all[i].code, all[i].code, on ? " checked" : "", all[i].code, adm_role_name(r, &all[i]),
		     all[i].code);
	}
	html(r, "</ul></fieldset>");
}

/* ---- list ----------------------------------------------------------------------- */

static sk_rc users_list(struct req *r)
{
	struct adm_filter f = {0};
	f.q = req_query(r, "q");
	f.role = req_query(r, "role");
	int64_t v;
	if (parse_i64(req_query(r, "department"), &v))
		f.dept = v;
	if (parse_i64(req_query(r, "status"), &v) && v >= 0 && v <= 3)
		f.status = (int)v;
	int64_t page = req_page(r, 99999);
	struct adm_member *m;
	size_t n;
	int64_t total;
	sk_rc rc = adm_members(r, &f, PAGE_SIZE, (page - 1) * PAGE_SIZE, &m, &n, &total);
	if (rc != SK_OK)
		return rc;
	struct adm_role *roles;
	size_t nr = adm_roles(r, &roles);
	bool manage = req_has_perm(r, "users.manage");

	page_begin(r, PAGE_STAFF, T(r, "Users"));
	html(r, "<h1>%s</h1>", T(r, "Users"));
	html(r, "<p class=\"lead\">%s</p>",
	     arena_printf(&r->a, TN(r, "%lld person works in %s.", "%lld people work in %s.", total), (long long)total,
	                  inst_name(r, r->inst)));
	if (manage)
		html(r, "<p class=\"actions\"><a class=\"button\" href=\"%s/new\">%s</a></p>", users_url(r),
		     T(r, "Add a user"));

	/* filters: a plain GET form, works without JavaScript */
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" role=\"search\" aria-label=\"%s\">", users_url(r),
	     T(r, "Filter users"));
	html(r, "<div class=\"field\"><label for=\"f-q\">%s</label><input id=\"f-q\" name=\"q\" type=\"search\" value=\"%s\"></div>",
	     T(r, "Name or e-mail"), f.q ? f.q : "");
	html(r, "<div class=\"field\"><label for=\"f-role\">%s</label><select id=\"f-role\" name=\"role\"><option value=\"\">%s</option>",
	     T(r, "Role"), T(r, "Any role"));
	for (size_t i = 0; i < nr; i++)
		html(r, "<option value=\"%s\"%s>%s</option>", roles[i].code, str_eq(f.role, roles[i].code) ? " selected" : "",
		     adm_role_name(r, &roles[i]));
	html(r, "</select></div>");
	adm_dept_select(r, "department", T(r, "Department"), f.dept, true);
	static const char *const statuses[] = {N_("Any status"), N_("Active"), N_("Disabled"), N_("Invited, no password yet")};
	html(r, "<div class=\"field\"><label for=\"f-status\">%s</label><select id=\"f-status\" name=\"status\">", T(r, "Status"));
	for (int i = 0; i < 4; i++)
		html(r, "<option value=\"%d\"%s>%s</option>", i, f.status == i ? " selected" : "", tr(r->lang, statuses[i]));
	html(r, "</select></div><div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></div></form>",
	     T(r, "Filter"), users_url(r), T(r, "Clear filters"));

	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "Nobody matches these filters."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Users"), T(r, "Name and surname"), T(r, "E-mail"), T(r, "Roles"), T(r, "Department"), T(r, "Status"));
		for (size_t i = 0; i < n; i++) {
			html(r, "<tr%s><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%s</td><td><ul class=\"tags\">",
			     m[i].disabled ? " class=\"disabled\"" : "", user_url(r, m[i].id), m[i].name, m[i].email);
			for (size_t j = 0; j < m[i].nroles; j++)
				html(r, "<li title=\"%s\">%s</li>", m[i].roles[j], role_label(r, roles, nr, m[i].roles[j]));
			html(r, "</ul></td><td>%s</td><td>",
			     m[i].dept_id ? (r->lang == LANG_EN && m[i].dept_en && *m[i].dept_en ? m[i].dept_en : m[i].dept_lt) : "—");
			if (!m[i].disabled && m[i].activated)
				html(r, "%s", T(r, "Active"));
			status_tags(r, &m[i]);
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	}
	int64_t pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
	if (pages > 1) {
		char *base = arena_printf(&r->a, "%s?%s", users_url(r),
		                          url_fmt(&r->a, "q=%s&role=%s&department=%lld&status=%d", f.q ? f.q : "",
		                                  f.role ? f.role : "", (long long)f.dept, f.status));
		ui_pager(r, page > 1 ? arena_printf(&r->a, "%s&page=%lld", base, (long long)(page - 1)) : NULL,
		          page < pages ? arena_printf(&r->a, "%s&page=%lld", base, (long long)(page + 1)) : NULL,
		          arena_printf(&r->a, T(r, "Page %lld of %lld"), (long long)page, (long long)pages));
	}
	page_end(r);
	return SK_OK;
}

/* ---- create --------------------------------------------------------------------- */

static void new_form(struct req *r, const struct form_values *v, const char **roles, size_t nroles, int64_t dept)
{
	page_begin(r, PAGE_STAFF, T(r, "Add a user"));
	html(r, "<p><a href=\"%s\">%s</a></p>", users_url(r), T(r, "← All users"));
	html(r, "<div class=\"narrow\"><h1>%s</h1>", T(r, "Add a user"));
	html(r, "<p class=\"lead\">%s</p>",
	     T(r, "The person gets an e-mail with a link to choose a password. If they already have an account, for example in another library, it is added to this institution instead of creating a second one."));
	field_errors_summary(r);
	form_open(r, users_url(r), "stack");
	ui_field(r, "email", T(r, "E-mail"), "email", v ? v->s[UC_EMAIL] : "", true, "off",
	          T(r, "Work address, e.g. vardenis.pavardenis@biblioteka.lt"));
	ui_field(r, "name", T(r, "Name and surname"), "text", v ? v->s[UC_NAME] : "", true, "off", NULL);
	const char *lang = v && *v->s[UC_LANG] ? v->s[UC_LANG] : "lt";
	html(r, "<div class=\"field\"><label for=\"f-lang\">%s</label><select id=\"f-lang\" name=\"lang\">"
	        "<option value=\"lt\" lang=\"lt\"%s>Lietuvių</option><option value=\"en\" lang=\"en\"%s>English</option>"
	        "</select></div>",
	     T(r, "Language of the interface and e-mails"), str_eq(lang, "lt") ? " selected" : "",
	     str_eq(lang, "en") ? " selected" : "");
	adm_dept_select(r, "department_id", T(r, "Department"), dept, false);
	roles_fieldset(r, roles, nroles);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></div>",
	     T(r, "Add and send the invitation"), users_url(r), T(r, "Cancel"));
	form_close(r);
	html(r, "</div>");
	page_end(r);
}

static sk_rc user_new(struct req *r)
{
	new_form(r, NULL, NULL, 0, 0);
	return SK_OK;
}

static sk_rc user_create_post(struct req *r)
{
	struct form_values v;
	form_read(r, adm_user_create_fields, adm_user_create_nfields, &v);
	struct adm_user_in in = {.email = v.s[UC_EMAIL], .name = v.s[UC_NAME], .lang = v.s[UC_LANG],
	                         .dept = v.i[UC_DEPT]};
	bool present;
	adm_read_roles(r, &in.roles, &in.nroles, &present);
	int64_t uid = 0;
	bool existed = false;
	sk_rc rc = adm_member_create(r, &in, &uid, &existed);
	if (rc == SK_EINPUT) {
		r->status = 422;
		new_form(r, &v, in.roles, in.nroles, in.dept);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, existed ? N_("The existing account was added to this institution and told so by e-mail.")
	                     : N_("The user was added and an invitation e-mail is on its way."));
	redirect(r, user_url(r, uid));
	return SK_OK;
}

/* ---- one user ------------------------------------------------------------------- */

/* The user page. With users.manage: the edit form (values from the
 * request when re-rendered after an error) and the account actions. */
static void user_page(struct req *r, const struct adm_member *m, const char *name, const char **roles,
                      size_t nroles, int64_t dept)
{
	bool manage = req_has_perm(r, "users.manage");
	bool account = manage && adm_can_edit_account(r, m);
	struct adm_role *all;
	size_t nall = adm_roles(r, &all);
	page_begin(r, PAGE_STAFF, m->name);
	html(r, "<p><a href=\"%s\">%s</a></p>", users_url(r), T(r, "← All users"));
	html(r, "<h1>%s", m->name);
	status_tags(r, m);
	html(r, "</h1>");
	field_errors_summary(r);

	html(r, "<dl class=\"facts\"><dt>%s</dt><dd><a href=\"mailto:%s\">%s</a></dd>", T(r, "E-mail"), m->email, m->email);
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Language"), str_eq(m->lang, "en") ? "English" : "Lietuvių");
	if (m->since)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Works here since"), fmt_date_long(&r->a, r->lang, m->since));
	const char **others;
	size_t nothers = adm_member_other_insts(r, m->id, &others);
	if (nothers) {
		html(r, "<dt>%s</dt><dd><ul class=\"plain\">", T(r, "Also works in"));
		for (size_t i = 0; i < nothers; i++)
			html(r, "<li>%s</li>", others[i]);
		html(r, "</ul></dd>");
	}
	if (!manage) {
		html(r, "<dt>%s</dt><dd><ul class=\"tags\">", T(r, "Roles"));
		for (size_t i = 0; i < m->nroles; i++)
			html(r, "<li>%s</li>", role_label(r, all, nall, m->roles[i]));
		html(r, "</ul></dd><dt>%s</dt><dd>%s</dd></dl>", T(r, "Department"),
		     m->dept_id ? (r->lang == LANG_EN && *m->dept_en ? m->dept_en : m->dept_lt) : "—");
		page_end(r);
		return;
	}
	html(r, "</dl>");

	html(r, "<section aria-labelledby=\"edit-h\" class=\"narrow\"><h2 id=\"edit-h\">%s</h2>", T(r, "Roles and details"));
	form_open(r, user_url(r, m->id), "stack");
	if (account)
		ui_field(r, "name", T(r, "Name and surname"), "text", name, true, "off", NULL);
	else
		html(r, "<input type=\"hidden\" name=\"name\" value=\"%s\"><p class=\"muted\">%s</p>", m->name,
		     T(r, "The name can only be changed by someone who manages users in every institution this person works in."));
	adm_dept_select(r, "department_id", T(r, "Department"), dept, false);
	roles_fieldset(r, roles, nroles);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
	form_close(r);
	html(r, "</section>");

	/* ids f-account / f-disabled: targets of the error summary's links */
	html(r, "<section aria-labelledby=\"acct-h\" id=\"f-account\"><h2 id=\"acct-h\">%s</h2>", T(r, "Account"));
	const char *aerr = req_field_msg(r, "disabled") ? req_field_msg(r, "disabled") : req_field_msg(r, "account");
	if (aerr)
		html(r, "<p class=\"error\">%s</p>", aerr);
	html(r, "<div class=\"actions\" id=\"f-disabled\">");
	if (!m->activated && !m->disabled) {
		form_open(r, arena_printf(&r->a, "%s/invite", user_url(r, m->id)), "inline");
		html(r, "<button type=\"submit\" class=\"secondary\">%s</button>", T(r, "Send a new invitation"));
		form_close(r);
	}
	if (account && m->id != r->user->id) {
		form_open(r, arena_printf(&r->a, "%s/%s", user_url(r, m->id), m->disabled ? "enable" : "disable"), "inline");
		if (m->disabled)
			html(r, "<button type=\"submit\" class=\"secondary\">%s</button>", T(r, "Enable the account"));
		else
			html(r, "<button type=\"submit\" class=\"danger\">%s</button>", T(r, "Disable the account"));
		form_close(r);
	}
	if (m->id != r->user->id) {
		form_open(r, arena_printf(&r->a, "%s/remove", user_url(r, m->id)), "inline");
		html(r, "<button type=\"submit\" class=\"danger\">%s</button>", T(r, "Remove from this institution"));
		form_close(r);
	}
	html(r, "</div><p class=\"muted\">%s</p></section>",
	     T(r, "Disabling ends the person's sessions at once and stops their API tokens; it applies to the whole account. Removing takes away the roles in this institution only."));
	page_end(r);
}

static sk_rc load_member(struct req *r, struct adm_member *m)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return adm_member_get(r, id, m);
}

static sk_rc user_show(struct req *r)
{
	struct adm_member m;
	sk_rc rc = load_member(r, &m);
	if (rc != SK_OK)
		return rc;
	user_page(r, &m, m.name, m.roles, m.nroles, m.dept_id);
	return SK_OK;
}

static sk_rc user_update_post(struct req *r)
{
	struct adm_member m;
	sk_rc rc = load_member(r, &m);
	if (rc != SK_OK)
		return rc;
	struct form_values v;
	form_read(r, adm_user_update_fields, adm_user_update_nfields, &v);
	struct adm_user_in in = {.name = v.s[UU_NAME], .dept = v.i[UU_DEPT], .set_name = true, .set_dept = true,
	                         .set_roles = true};
	bool present;
	adm_read_roles(r, &in.roles, &in.nroles, &present);
	rc = adm_member_update(r, m.id, &in);
	if (rc == SK_EINPUT) {
		r->status = 422;
		user_page(r, &m, in.name, in.roles, in.nroles, in.dept);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The changes were saved."));
	redirect(r, user_url(r, m.id));
	return SK_OK;
}

/* disable / enable / remove / invite: one button each */
static sk_rc user_action(struct req *r, int what)
{
	struct adm_member m;
	sk_rc rc = load_member(r, &m);
	if (rc != SK_OK)
		return rc;
	const char *done;
	if (what == 0 || what == 1) {
		struct adm_user_in in = {.set_disabled = true, .disabled = what == 0};
		rc = adm_member_update(r, m.id, &in);
		done = what == 0 ? N_("The account was disabled and its sessions ended.") : N_("The account was enabled.");
	} else if (what == 2) {
		rc = adm_member_remove(r, m.id);
		done = N_("The person was removed from this institution.");
	} else {
		rc = adm_invite_resend(r, m.id);
		done = N_("A new invitation e-mail is on its way.");
	}
	if (rc == SK_EINPUT) {
		r->status = 422;
		user_page(r, &m, m.name, m.roles, m.nroles, m.dept_id);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, done);
	redirect(r, what == 2 ? users_url(r) : user_url(r, m.id));
	return SK_OK;
}

static sk_rc user_disable(struct req *r) { return user_action(r, 0); }
static sk_rc user_enable(struct req *r) { return user_action(r, 1); }
static sk_rc user_remove(struct req *r) { return user_action(r, 2); }
static sk_rc user_invite(struct req *r) { return user_action(r, 3); }

SK_NAV_GROUP(nav_users, "staff", "/staff/{inst}/users", N_("Users"), "users.view", 20, 0, N_("Administration"));

SK_ROUTES(admin_users,
          {"GET", "/staff/{inst}/users", users_list, "users.view", 0},
          {"POST", "/staff/{inst}/users", user_create_post, "users.manage", 0},
          {"GET", "/staff/{inst}/users/new", user_new, "users.manage", 0},
          {"GET", "/staff/{inst}/users/{id}", user_show, "users.view", 0},
          {"POST", "/staff/{inst}/users/{id}", user_update_post, "users.manage", 0},
          {"POST", "/staff/{inst}/users/{id}/disable", user_disable, "users.manage", 0},
          {"POST", "/staff/{inst}/users/{id}/enable", user_enable, "users.manage", 0},
          {"POST", "/staff/{inst}/users/{id}/remove", user_remove, "users.manage", 0},
          {"POST", "/staff/{inst}/users/{id}/invite", user_invite, "users.manage", 0});

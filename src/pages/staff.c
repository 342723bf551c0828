/*
 * staff.c -- the staff entry points: /staff chooses the institution
 * (a person may work in several), /staff/{inst}/ is the dashboard.
 * Capability issues add their own dashboard panels via their pages.
 */
#include "layout.h"
#include "../model/model.h"

#include <stdlib.h>
#include <string.h>

SK_STMT2(st_my_insts, 0,
         "SELECT i.slug, i.name_lt, i.name_en FROM institutions i WHERE i.active = 1 AND EXISTS "
         "(SELECT 1 FROM memberships m WHERE m.institution_id = i.id AND m.user_id = $1) "
         "ORDER BY i.name_lt COLLATE LT",
         "SELECT i.slug, i.name_lt, i.name_en FROM institutions i WHERE i.active = 1 AND EXISTS "
         "(SELECT 1 FROM memberships m WHERE m.institution_id = i.id AND m.user_id = $1) "
         "ORDER BY i.name_lt COLLATE \"lt-x-icu\"");
SK_STMT2(st_all_insts, 0,
         "SELECT slug, name_lt, name_en FROM institutions WHERE active = 1 ORDER BY name_lt COLLATE LT",
         "SELECT slug, name_lt, name_en FROM institutions WHERE active = 1 ORDER BY name_lt COLLATE \"lt-x-icu\"");
SK_STMT(st_my_roles, 0,
        "SELECT r.code, r.name_lt, r.name_en FROM memberships m JOIN roles r ON r.code = m.role_code "
        "WHERE m.user_id = $1 AND m.institution_id = $2 ORDER BY r.sort");

static sk_rc staff_home(struct req *r)
{
	dbq *q = db_q(r->db, r->user->superadmin ? &st_all_insts : &st_my_insts);
	if (!r->user->superadmin)
		db_bind_int(q, 1, r->user->id);
	const char *slugs[256], *names[256];
	size_t n = 0;
	while (db_step(q) == DB_ROW && n < 256) {
		slugs[n] = arena_strdup(&r->a, db_text(q, 0));
		const char *en = db_text(q, 2);
		names[n] = arena_strdup(&r->a, (r->lang == LANG_EN && *en) ? en : db_text(q, 1));
		n++;
	}
	db_done(q);
	if (n == 1 && !r->user->superadmin) {
		redirect(r, arena_printf(&r->a, "/staff/%s/", slugs[0]));
		return SK_OK;
	}
	page_begin(r, PAGE_STAFF, T(r, "Choose an institution"));
	html(r, "<h1>%s</h1>", T(r, "Choose an institution"));
	if (n == 0)
		html(r, "<p>%s</p>", T(r, "Your account has no role in any institution yet. Ask your administrator to add you."));
	html(r, "<ul class=\"cards\">");
	for (size_t i = 0; i < n; i++)
		html(r, "<li class=\"card\"><a href=\"/staff/%s/\">%s</a></li>", slugs[i], names[i]);
	html(r, "</ul>");
	page_end(r);
	return SK_OK;
}

SK_SECTION_DECL(panels, struct dash_panel);

static int panel_cmp(const void *a, const void *b)
{
	const struct dash_panel *x = *(const struct dash_panel *const *)a, *y = *(const struct dash_panel *const *)b;
	return (x->order > y->order) - (x->order < y->order);
}

static sk_rc dashboard(struct req *r)
{
	page_begin(r, PAGE_STAFF, T(r, "Dashboard"));
	html(r, "<h1>%s</h1>", T(r, "Dashboard"));
	html(r, "<p class=\"lead\">%s</p>", arena_printf(&r->a, T(r, "Welcome, %s."), r->user->name));
	dbq *q = db_q(r->db, &st_my_roles);
	db_bind_int(q, 1, r->user->id);
	db_bind_int(q, 2, r->inst->id);
	bool any = false;
	while (db_step(q) == DB_ROW) {
		if (!any)
			html(r, "<section aria-labelledby=\"roles\"><h2 id=\"roles\">%s</h2><ul class=\"tags\">",
			     T(r, "Your roles here"));
		any = true;
		html(r, "<li>%s</li>", db_text(q, r->lang == LANG_EN ? 2 : 1));
	}
	db_done(q);
	if (any)
		html(r, "</ul></section>");
	else if (r->user->superadmin)
		html(r, "<p>%s</p>", T(r, "You are the installation administrator: you hold every permission."));
	html(r, "<p>%s: %s</p>", T(r, "Today"), fmt_date_full(&r->a, r->lang, now_unix()));
	const struct dash_panel *v[64];
	size_t n = 0;
	SK_FOREACH(panels, struct dash_panel, p)
		if (n < SK_ARRAY_LEN(v) && (!p->perm || req_has_perm(r, p->perm)))
			v[n++] = p;
	qsort(v, n, sizeof *v, panel_cmp);
	for (size_t i = 0; i < n; i++)
		v[i]->fn(r);
	page_end(r);
	return SK_OK;
}

static sk_rc dashboard_redirect(struct req *r)
{
	redirect(r, arena_printf(&r->a, "/staff/%s/", r->inst->slug));
	return SK_OK;
}

SK_NAV(nav_dashboard, "staff", "/staff/{inst}/", N_("Dashboard"), "dashboard.view", 10, 0);

SK_ROUTES(staff,
          {"GET", "/staff", staff_home, NULL, 0},
          {"GET", "/staff/{inst}", dashboard_redirect, NULL, 0},
          {"GET", "/staff/{inst}/", dashboard, NULL, 0});

/*
 * public.c -- the public shell: "/" lists the hosted institutions by
 * network (a county library with its Territory libraries beneath it),
 * "/{inst}/" is an institution's public home. Later capability pages
 * (events, news) register their own routes and sections.
 */
#include "layout.h"
#include "../model/model.h"

#include <stdlib.h>
#include <string.h>

SK_STMT2(st_public_insts, 0,
         "SELECT id, slug, name_lt, name_en, type, COALESCE(parent_id, 0), address, website "
         "FROM institutions WHERE active = 1 ORDER BY name_lt COLLATE LT",
         "SELECT id, slug, name_lt, name_en, type, COALESCE(parent_id, 0), address, website "
         "FROM institutions WHERE active = 1 ORDER BY name_lt COLLATE \"lt-x-icu\"");
SK_STMT(st_public_home, 0,
        "SELECT address, website, email, phone, description_lt, description_en FROM institutions "
        "WHERE id = $1");
SK_STMT2(st_public_children, 0,
         "SELECT slug, name_lt, name_en FROM institutions WHERE parent_id = $1 AND active = 1 "
         "ORDER BY name_lt COLLATE LT",
         "SELECT slug, name_lt, name_en FROM institutions WHERE parent_id = $1 AND active = 1 "
         "ORDER BY name_lt COLLATE \"lt-x-icu\"");

struct pinst {
	int64_t id, parent;
	const char *slug, *name, *type;
};

static sk_rc home(struct req *r)
{
	struct pinst v[512];
	size_t n = 0;
	dbq *q = db_q(r->db, &st_public_insts);
	while (db_step(q) == DB_ROW && n < SK_ARRAY_LEN(v)) {
		v[n].id = db_int(q, 0);
		v[n].slug = arena_strdup(&r->a, db_text(q, 1));
		const char *en = db_text(q, 3);
		v[n].name = arena_strdup(&r->a, (r->lang == LANG_EN && *en) ? en : db_text(q, 2));
		v[n].type = arena_strdup(&r->a, db_text(q, 4));
		v[n].parent = db_int(q, 5);
		n++;
	}
	db_done(q);
	page_begin(r, PAGE_PUBLIC, T(r, "Libraries"));
	html(r, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Libraries using sklaida"),
	     T(r, "Choose a library to see its events, news and services."));
	/* top level: institutions without a hosted parent */
	html(r, "<ul class=\"cards\">");
	for (size_t i = 0; i < n; i++) {
		bool parent_hosted = false;
		for (size_t j = 0; j < n; j++)
			if (v[j].id == v[i].parent)
				parent_hosted = true;
		if (parent_hosted)
			continue;
		html(r, "<li class=\"card\"><h2><a href=\"/%s/\">%s</a></h2>", v[i].slug, v[i].name);
		size_t kids = 0;
		for (size_t j = 0; j < n; j++)
			if (v[j].parent == v[i].id)
				kids++;
		if (kids) {
			html(r, "<p>%s</p><ul class=\"plain\">",
			     arena_printf(&r->a, TN(r, "%zu Territory library:", "%zu Territory libraries:", (int64_t)kids), kids));
			for (size_t j = 0; j < n; j++)
				if (v[j].parent == v[i].id)
					html(r, "<li><a href=\"/%s/\">%s</a></li>", v[j].slug, v[j].name);
			html(r, "</ul>");
		}
		html(r, "</li>");
	}
	html(r, "</ul>");
	if (n == 0)
		html(r, "<p>%s</p>", T(r, "No library has been set up yet."));
	page_end(r);
	return SK_OK;
}

SK_SECTION_DECL(nav, struct nav_item);

static int pub_cmp(const void *a, const void *b)
{
	const struct nav_item *x = *(const struct nav_item *const *)a, *y = *(const struct nav_item *const *)b;
	return x->order - y->order;
}

/* The public services of the institution: nav items of area "public"
 * (SK_NAV(x, "public", "/{inst}/events", N_("Events"), NULL, 10, 0)),
 * registered by the page families that serve them. */
static void public_services(struct req *r)
{
	const struct nav_item *v[32];
	size_t n = 0;
	SK_FOREACH(nav, struct nav_item, it)
		if (n < SK_ARRAY_LEN(v) && strcmp(it->area, "public") == 0)
			v[n++] = it;
	if (!n)
		return;
	qsort(v, n, sizeof *v, pub_cmp);
	html(r, "<nav class=\"services\" aria-labelledby=\"services\"><h2 id=\"services\">%s</h2><ul class=\"cards\">",
	     T(r, "For visitors"));
	for (size_t i = 0; i < n; i++) {
		const char *p = v[i]->path;
		const char *at = strstr(p, "{inst}");
		const char *href = at ? arena_printf(&r->a, "%.*s%s%s", (int)(at - p), p, r->inst->slug, at + 6) : p;
		html(r, "<li class=\"card\"><a href=\"%s\">%s</a></li>", href, tr(r->lang, v[i]->label));
	}
	html(r, "</ul></nav>");
}

static sk_rc inst_home(struct req *r)
{
	dbq *q = db_q(r->db, &st_public_home);
	db_bind_int(q, 1, r->inst->id);
	if (db_step(q) != DB_ROW) {
		db_done(q);
		return SK_ENOTFOUND;
	}
	const char *addr = arena_strdup(&r->a, db_text(q, 0));
	const char *web = arena_strdup(&r->a, db_text(q, 1));
	const char *mail = arena_strdup(&r->a, db_text(q, 2));
	const char *phone = arena_strdup(&r->a, db_text(q, 3));
	const char *desc = arena_strdup(&r->a, db_text(q, r->lang == LANG_EN && *db_text(q, 5) ? 5 : 4));
	db_done(q);
	const char *name = inst_name(r, r->inst);
	page_begin(r, PAGE_PUBLIC, name);
	html(r, "<h1>%s</h1>", name);
	if (*desc)
		html(r, "<p class=\"lead\">%s</p>", desc);
	public_services(r);
	bool contacts = *addr || *phone || *mail || *web;
	if (contacts)
		html(r, "<section aria-labelledby=\"contacts\"><h2 id=\"contacts\">%s</h2><dl class=\"facts\">", T(r, "Contacts"));
	if (*addr)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Address"), addr);
	if (*phone)
		html(r, "<dt>%s</dt><dd><a href=\"tel:%s\">%s</a></dd>", T(r, "Phone"), phone, phone);
	if (*mail)
		html(r, "<dt>%s</dt><dd><a href=\"mailto:%s\">%s</a></dd>", T(r, "E-mail"), mail, mail);
	if (*web)
		html(r, "<dt>%s</dt><dd><a href=\"%s\">%s</a></dd>", T(r, "Website"), url_safe(web), web);
	if (contacts)
		html(r, "</dl></section>");
	if (r->inst->parent_id) {
		struct inst *p = inst_by_id(r, r->inst->parent_id);
		if (p)
			html(r, "<p>%s <a href=\"/%s/\">%s</a></p>", T(r, "Coordinating library:"), p->slug, inst_name(r, p));
	}
	q = db_q(r->db, &st_public_children);
	db_bind_int(q, 1, r->inst->id);
	bool any = false;
	while (db_step(q) == DB_ROW) {
		if (!any)
			html(r, "<section aria-labelledby=\"network\"><h2 id=\"network\">%s</h2><ul class=\"columns\">",
			     T(r, "Territory libraries"));
		any = true;
		const char *en = db_text(q, 2);
		html(r, "<li><a href=\"/%s/\">%s</a></li>", db_text(q, 0), (r->lang == LANG_EN && *en) ? en : db_text(q, 1));
	}
	db_done(q);
	if (any)
		html(r, "</ul></section>");
	page_end(r);
	return SK_OK;
}

static sk_rc inst_redirect(struct req *r)
{
	redirect(r, arena_printf(&r->a, "/%s/", r->inst->slug));
	return SK_OK;
}

SK_ROUTES(public,
          {"GET", "/", home, NULL, R_PUBLIC | R_CACHE},
          {"GET", "/{inst}", inst_redirect, NULL, R_PUBLIC},
          {"GET", "/{inst}/", inst_home, NULL, R_PUBLIC | R_CACHE});

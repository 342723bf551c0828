/*
 * layout.c -- the chrome of every HTML page and the error pages. The
 * staff navigation is computed from the nav registry (SK_NAV entries
 * declared by page files) and the user's permissions in the current
 * institution, so a menu item appears exactly when its page exists and
 * the user may open it.
 */
#include "layout.h"
#include "../model/model.h"

#include <stdlib.h>
#include <string.h>

SK_SECTION_DECL(nav, struct nav_item);

static int nav_cmp(const void *a, const void *b)
{
	const struct nav_item *x = *(const struct nav_item *const *)a, *y = *(const struct nav_item *const *)b;
	return x->order - y->order;
}

static char *nav_path(struct req *r, const char *pattern)
{
	const char *p = strstr(pattern, "{inst}");
	if (!p)
		return arena_strdup(&r->a, pattern);
	return arena_printf(&r->a, "%.*s%s%s", (int)(p - pattern), pattern, r->inst ? r->inst->slug : "", p + 6);
}

static void nav_link(struct req *r, const struct nav_item *it)
{
	char *href = nav_path(r, it->path);
	if (strcmp(href, r->path) == 0)
		html(r, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", href, tr(r->lang, it->label));
	else
		html(r, "<li><a href=\"%s\">%s</a></li>", href, tr(r->lang, it->label));
}

static void staff_nav(struct req *r)
{
	const struct nav_item *items[64];
	size_t n = 0;
	SK_FOREACH(nav, struct nav_item, it) {
		if (n == SK_ARRAY_LEN(items))
			break;
		if (strcmp(it->area, "staff") == 0 && !r->inst)
			continue;
		if (strcmp(it->area, "public") == 0)
			continue;   /* the institution's public page lists these (public.c) */
		if ((it->flags & R_SUPER) && !(r->user && r->user->superadmin))
			continue;
		if (it->perm && !req_has_perm(r, it->perm))
			continue;
		items[n++] = it;
	}
	qsort(items, n, sizeof *items, nav_cmp);
	/* Entries of a group are listed together under one disclosure
	 * (<details>, no script), where the group's first entry would be;
	 * a group with one entry the user may see is just that entry. */
	html(r, "<nav class=\"main-nav\" aria-label=\"%s\"><ul>", T(r, "Main menu"));
	bool done[64] = {false};
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		const char *g = items[i]->group;
		size_t members = 0;
		bool open = false;
		for (size_t k = i; g && k < n; k++)
			if (items[k]->group && strcmp(items[k]->group, g) == 0) {
				members++;
				open |= strcmp(nav_path(r, items[k]->path), r->path) == 0;
			}
		if (members > 1) {
			/* closed even when it holds the current page (it would cover
			 * the page); its name is marked instead */
			html(r, "<li class=\"nav-group%s\"><details><summary>%s</summary><ul>", open ? " current" : "",
			     tr(r->lang, g));
			for (size_t k = i; k < n; k++)
				if (items[k]->group && strcmp(items[k]->group, g) == 0) {
					nav_link(r, items[k]);
					done[k] = true;
				}
			html(r, "</ul></details></li>");
			continue;
		}
		nav_link(r, items[i]);
		done[i] = true;
	}
	html(r, "</ul></nav>");
}

void lang_switch(struct req *r)
{
	enum lang other = r->lang == LANG_LT ? LANG_EN : LANG_LT;
	char *href = arena_printf(&r->a, "%s?lang=%s", url_path(&r->a, r->path), lang_code(other));
	html(r, "<a class=\"lang\" href=\"%s\" hreflang=\"%s\" lang=\"%s\">%s</a>", href, lang_code(other),
	     lang_code(other), other == LANG_EN ? "English" : "Lietuvių");
}

void page_begin(struct req *r, enum page_kind kind, const char *title)
{
	r->resp_ctype = "text/html; charset=utf-8";
	r->answered = true;
	html(r, "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	        "<title>%s – sklaida</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
	        "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\"></head>\n<body class=\"%s\">",
	     lang_code(r->lang), title, kind == PAGE_STAFF ? "staff" : "public");
	html(r, "<a class=\"skip\" href=\"#main\">%s</a>", T(r, "Skip to content"));
	if (kind != PAGE_BARE) {
		html(r, "<header class=\"top\"><div class=\"bar\">");
		if (kind == PAGE_STAFF) {
			html(r, "<a class=\"brand\" href=\"/staff\">sklaida</a>");
			if (r->inst)
				html(r, "<span class=\"inst-name\">%s</span>", inst_name(r, r->inst));
		} else if (r->inst) {
			html(r, "<a class=\"brand\" href=\"/%s/\">%s</a>", r->inst->slug, inst_name(r, r->inst));
		} else {
			html(r, "<a class=\"brand\" href=\"/\">sklaida</a>");
		}
		html(r, "<div class=\"tools\">");
		if (r->user) {
			html(r, "<a href=\"/profile\">%s</a>", r->user->name);
			form_open(r, "/logout", "inline");
			html(r, "<button type=\"submit\" class=\"link\">%s</button>", T(r, "Log out"));
			form_close(r);
		} else {
			lang_switch(r);
			if (kind == PAGE_PUBLIC)
				html(r, "<a href=\"/login\">%s</a>", T(r, "Staff login"));
		}
		html(r, "</div></div>");
		if (kind == PAGE_STAFF && r->user)
			staff_nav(r);
		html(r, "</header>\n");
	}
	html(r, "<main id=\"main\" tabindex=\"-1\">");
	const char *flash = req_cookie(r, "flash");
	if (flash && *flash) {
		bool ok;
		char *msg = url_decode(&r->a, flash, strlen(flash), false, &ok);
		if (ok && *msg)
			html(r, "<div class=\"flash\" role=\"status\">%s</div>", tr(r->lang, msg));
		resp_cookie(r, "flash", "", 0, true);
	}
}

void page_end(struct req *r)
{
	html(r, "</main>\n<footer class=\"foot\"><p>sklaida · %s · <a href=\"/accessibility\">%s</a></p></footer>"
	        "</body></html>\n",
	     T(r, "Communication and publicity system for libraries"), T(r, "Accessibility statement"));
}

void error_reply(struct req *r, sk_rc rc, const char *message)
{
	reply_reset(r);
	bool api = (r->route && (r->route->flags & R_JSON)) || str_prefix(r->path, "/api/");
	if (api) {
		json_error(r, rc, message);
		return;
	}
	const char *title;
	switch (rc) {
	case SK_EINPUT: title = T(r, "The request could not be understood"); break;
	case SK_EAUTH: title = T(r, "Please log in"); break;
	case SK_EPERM: title = T(r, "You do not have access to this page"); break;
	case SK_ENOTFOUND: title = T(r, "Page not found"); break;
	case SK_ECONFLICT: title = T(r, "This conflicts with existing data (it may have been changed or taken in the meantime)"); break;
	case SK_ETOOBIG: title = T(r, "The request is too large"); break;
	case SK_ELIMIT: title = T(r, "Too many attempts; please wait a few minutes"); break;
	case SK_EBUSY: title = T(r, "The system is busy; please try again shortly"); break;
	default: title = T(r, "Something went wrong on our side"); break;
	}
	r->status = sk_rc_http(rc);
	page_begin(r, r->user ? PAGE_STAFF : PAGE_PUBLIC, title);
	html(r, "<h1>%s</h1>", title);
	if (message && rc == SK_EINPUT)
		html(r, "<p>%s</p>", message);
	html(r, "<p class=\"muted\">%s <code>%s</code></p>", T(r, "If you contact support, quote this code:"), r->rid);
	html(r, "<p><a href=\"%s\">%s</a></p>", r->user ? "/staff" : "/", T(r, "Go to the start page"));
	page_end(r);
	r->status = sk_rc_http(rc);
}

void field_input(struct req *r, const char *name, const char *label, const char *type,
                 const char *value, bool required, const char *autocomplete)
{
	const char *err = req_field_msg(r, name);
	html(r, "<div class=\"field%s\"><label for=\"f-%s\">%s%s</label>", err ? " has-error" : "", name, label,
	     required ? " *" : "");
	if (err)
		html(r, "<p class=\"error\" id=\"e-%s\">%s</p>", name, err);
	html(r, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"%s\"", name, name, type,
	     strcmp(type, "password") == 0 ? "" : (value ? value : ""));
	if (required)
		html(r, " required");
	if (autocomplete)
		html(r, " autocomplete=\"%s\"", autocomplete);
	if (err)
		html(r, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
	html(r, "></div>");
}

void field_errors_summary(struct req *r)
{
	if (!r->nerrors)
		return;
	html(r, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>%s</h2><ul>",
	     T(r, "Please correct the following:"));
	for (size_t i = 0; i < r->nerrors; i++)
		html(r, "<li><a href=\"#f-%s\">%s</a></li>", r->errors[i].field, r->errors[i].msg);
	html(r, "</ul></div>");
}

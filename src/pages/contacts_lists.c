/*
 * contacts_lists.c -- contact lists (C6 ContactList):
 *   /staff/{inst}/contacts/lists           the lists; create a static list
 *   /staff/{inst}/contacts/lists/{id}      its people (LT order); add/remove members
 *   POST .../lists/{id}/members            person=ID&action=add|remove
 * A saved filter list stores the people list's filter (from "Save this
 * filter as a list" on /contacts) and is evaluated when shown.
 * Do-not-contact people stay visible on a list, flagged, so the reason
 * they get nothing is shown (AC-C6-4).
 */
#include "layout.h"
#include "../model/contact.h"

#include <string.h>

static const char *lists_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/contacts/lists", r->inst->slug); }

static const char *list_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/contacts/lists/%lld", r->inst->slug, (long long)id);
}

static void lists_page(struct req *r, const char *name, const char *purpose)
{
	struct contact_list *l;
	size_t n = 0;
	contact_lists(r, &l, &n);
	page_begin(r, PAGE_STAFF, T(r, "Contact lists"));
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/staff/%s/contacts", r->inst->slug),
	     T(r, "← All contacts"));
	html(r, "<h1>%s</h1>", T(r, "Contact lists"));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "There are no lists yet."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Contact lists"), T(r, "List"), T(r, "Kind"), T(r, "Purpose"));
		for (size_t i = 0; i < n; i++) {
			html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>", list_url(r, l[i].id), l[i].name);
			if (*l[i].filter)
				html(r, "%s", T(r, "Saved filter"));
			else
				html(r, "%s", arena_printf(&r->a, TN(r, "%lld member", "%lld members", l[i].members),
				                           (long long)l[i].members));
			html(r, "</td><td>%s</td></tr>", l[i].purpose);
		}
		html(r, "</tbody></table>");
	}
	if (req_has_perm(r, "contacts.manage")) {
		html(r, "<h2>%s</h2>", T(r, "New list"));
		field_errors_summary(r);
		form_open(r, lists_url(r), "stack");
		ui_field(r, "name", T(r, "Name"), "text", name, true, "off", T(r, "e.g. \"Kultūros partneriai\""));
		ui_field(r, "purpose", T(r, "Purpose"), "text", purpose, false, "off", NULL);
		html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Create the list"));
		form_close(r);
	}
	page_end(r);
}

static sk_rc lists_get(struct req *r)
{
	lists_page(r, "", "");
	return SK_OK;
}

static sk_rc lists_post(struct req *r)
{
	static const struct field f[] = {{"name", F_TEXT, true, 200, NULL, 0, 0},
	                                 {"purpose", F_TEXT, false, 300, NULL, 0, 0},
	                                 {"filter", F_TEXT, false, 600, NULL, 0, 0}};
	struct form_values v;
	sk_rc rc = form_read(r, f, 3, &v);
	int64_t id = 0;
	if (rc == SK_OK)
		rc = contact_list_create(r, v.s[0], v.s[1], v.s[2], &id);
	if (rc == SK_EINPUT) {
		r->status = 422;
		lists_page(r, v.s[0], v.s[1]);
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, T(r, "The list is created."));
	redirect(r, list_url(r, id));
	return SK_OK;
}

static sk_rc list_get(struct req *r)
{
	int64_t id;
	struct contact_list l;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = contact_list_get(r, id, &l);
	if (rc != SK_OK)
		return rc;
	struct contact_person *p;
	size_t n;
	if ((rc = contact_list_people(r, &l, &p, &n)) != SK_OK)
		return rc;
	bool manage = req_has_perm(r, "contacts.manage") && !*l.filter;
	page_begin(r, PAGE_STAFF, l.name);
	html(r, "<p><a href=\"%s\">%s</a></p>", lists_url(r), T(r, "← All lists"));
	html(r, "<h1>%s</h1>", l.name);
	if (*l.purpose)
		html(r, "<p class=\"lead\">%s</p>", l.purpose);
	if (*l.filter)
		html(r, "<p>%s <a href=\"%s?%s\">%s</a></p>",
		     T(r, "A saved filter: the people who match it now."),
		     url_fmt(&r->a, "/staff/%s/contacts", r->inst->slug), l.filter, T(r, "Open the filter"));
	size_t ndnc = 0;
	for (size_t i = 0; i < n; i++)
		ndnc += p[i].dnc;
	if (ndnc)
		html(r, "<p class=\"hint\">%s</p>",
		     arena_printf(&r->a, TN(r, "%zu person is flagged do-not-contact and gets nothing sent to this list.",
		                            "%zu people are flagged do-not-contact and get nothing sent to this list.", ndnc),
		                  ndnc));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "Nobody is on this list yet."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		     l.name, T(r, "Last name, first name"), T(r, "Organisation"), T(r, "E-mail"));
		if (manage)
			html(r, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>", T(r, "Remove"));
		html_raw(r, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			html(r, "<tr><th scope=\"row\"><a href=\"%s\">%s, %s</a>",
			     url_fmt(&r->a, "/staff/%s/contacts/%lld", r->inst->slug, (long long)p[i].id), p[i].f[CP_LAST],
			     p[i].f[CP_FIRST]);
			if (p[i].dnc)
				html(r, " <span class=\"tag tag-danger\">%s</span>", T(r, "Do not contact"));
			html(r, "</th><td>%s</td><td>%s</td>", p[i].org, p[i].f[CP_EMAIL]);
			if (manage) {
				html_raw(r, "<td>");
				form_open(r, arena_printf(&r->a, "%s/members", list_url(r, l.id)), "inline");
				html(r, "<input type=\"hidden\" name=\"person\" value=\"%lld\"><input type=\"hidden\" name=\"action\" value=\"remove\">"
				        "<button type=\"submit\" aria-label=\"%s\">%s</button>",
				     (long long)p[i].id,
				     arena_printf(&r->a, T(r, "Remove %s %s from the list"), p[i].f[CP_FIRST], p[i].f[CP_LAST]),
				     T(r, "Remove"));
				form_close(r);
				html_raw(r, "</td>");
			}
			html_raw(r, "</tr>");
		}
		html_raw(r, "</tbody></table>");
	}
	if (manage) {
		struct contact_filter f = {0};
		struct contact_person *all;
		size_t na;
		if (contact_people(r, &f, &all, &na) == SK_OK && na) {
			html(r, "<h2>%s</h2>", T(r, "Add a person"));
			form_open(r, arena_printf(&r->a, "%s/members", list_url(r, l.id)), "stack");
			html(r, "<input type=\"hidden\" name=\"action\" value=\"add\"><div class=\"field\"><label for=\"f-person\">%s</label>"
			        "<select id=\"f-person\" name=\"person\">",
			     T(r, "Person"));
			for (size_t i = 0; i < na; i++)
				html(r, "<option value=\"%lld\">%s, %s%s%s</option>", (long long)all[i].id, all[i].f[CP_LAST],
				     all[i].f[CP_FIRST], *all[i].org ? " — " : "", all[i].org);
			html(r, "</select></div><div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Add"));
			form_close(r);
		}
	}
	page_end(r);
	return SK_OK;
}

static sk_rc list_members_post(struct req *r)
{
	int64_t id, person;
	struct contact_list l;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = contact_list_get(r, id, &l);
	if (rc != SK_OK)
		return rc;
	if (*l.filter || !parse_i64(req_form(r, "person"), &person) || person <= 0)
		return SK_EINPUT;
	bool add = str_eq(req_form(r, "action"), "add");
	if (!add && !str_eq(req_form(r, "action"), "remove"))
		return SK_EINPUT;
	if ((rc = contact_list_member(r, l.id, person, add)) != SK_OK)
		return rc;
	flash_set(r, add ? T(r, "Added to the list.") : T(r, "Removed from the list."));
	redirect(r, list_url(r, l.id));
	return SK_OK;
}

SK_ROUTES(contacts_lists,
          {"GET", "/staff/{inst}/contacts/lists", lists_get, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/lists", lists_post, "contacts.manage", 0},
          {"GET", "/staff/{inst}/contacts/lists/{id}", list_get, "contacts.view", 0},
          {"POST", "/staff/{inst}/contacts/lists/{id}/members", list_members_post, "contacts.manage", 0});

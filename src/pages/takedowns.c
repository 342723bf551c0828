/*
 * takedowns.c -- photo withdrawal requests (AC-C4-7, C12
 * TakedownRequest): record one (the photos are restricted at once and
 * every publication that used them is listed), resolve each publication
 * (removed or replaced, by whom and when), close the request when none
 * is left. Its owner gets a task that completes with the close. Rules in
 * model/asset.c.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/admin.h"
#include "../model/asset.h"
#include "../model/occasion.h"

#include <string.h>

static const char *list_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/takedowns", r->inst->slug); }
static const char *td_url(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/takedowns/%lld", r->inst->slug, (long long)id);
}

static const char *use_kind_label(struct req *r, const char *kind)
{
	if (str_eq(kind, "newsroom"))
		return T(r, "Newsroom item");
	if (str_eq(kind, "social"))
		return T(r, "Social media publication");
	return T(r, "Newsletter issue");
}

static const char *ymd_text(struct req *r, int ymd)
{
	char *b = arena_alloc(&r->a, 11);
	ymd_format(ymd, b);
	return b;
}

static sk_rc list_get(struct req *r)
{
	struct takedown *v;
	size_t n;
	sk_rc rc = takedown_list(r, &v, &n);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_STAFF, T(r, "Photo withdrawal requests"));
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1><p class=\"lead\">%s</p>",
	     url_fmt(&r->a, "/staff/%s/assets", r->inst->slug), T(r, "Media library"), T(r, "Photo withdrawal requests"),
	     T(r, "When a person withdraws consent or objects to a photo, the photo is withdrawn at once and every "
	          "publication that used it is listed until it is removed or replaced."));
	if (req_has_perm(r, "assets.takedown"))
		html(r, "<p><a class=\"button\" href=\"%s/new\">%s</a></p>", list_url(r), T(r, "Record a withdrawal request"));
	if (n) {
		html(r, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"%s\"><table class=\"data\"><thead><tr>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Photo withdrawal requests"), T(r, "Requested by"), T(r, "Reason"), T(r, "Received"), T(r, "Publications to resolve"), T(r, "Status"));
		for (size_t i = 0; i < n; i++)
			html(r, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td><td>%s</td><td>%zu / %zu</td><td>%s</td></tr>",
			     td_url(r, v[i].id), v[i].requester, takedown_reason_label(r, v[i].reason),
			     ymd_text(r, v[i].received_date), v[i].open_uses, v[i].nuses,
			     str_eq(v[i].status, "open") ? T(r, "Open") : T(r, "Closed"));
		html(r, "</tbody></table></div>");
	} else {
		html(r, "<p>%s</p>", T(r, "Nothing recorded yet."));
	}
	page_end(r);
	return SK_OK;
}

static sk_rc new_page(struct req *r)
{
	struct asset *lib;
	size_t nlib;
	sk_rc rc = asset_list(r, NULL, &lib, &nlib);
	if (rc != SK_OK)
		return rc;
	int64_t pre = 0;
	if (!parse_i64(req_query(r, "asset"), &pre))
		pre = 0;
	bool posted = str_eq(r->method, "POST");
	page_begin(r, PAGE_STAFF, T(r, "Record a withdrawal request"));
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", list_url(r), T(r, "Photo withdrawal requests"),
	     T(r, "Record a withdrawal request"));
	field_errors_summary(r);
	form_open(r, list_url(r), "stack");
	const char *labels[4];
	for (int i = 0; i < 4; i++)
		labels[i] = takedown_reason_label(r, takedown_reasons[i]);
	ui_select(r, "reason", T(r, "Reason"), takedown_reasons, labels, 4, posted ? req_form(r, "reason") : "", true,
	          NULL);
	ui_field(r, "requester", T(r, "Requested by"), "text", req_form(r, "requester"), true, "off",
	         T(r, "The person in the photo or their representative"));
	ui_field(r, "requester_contact", T(r, "Their contact"), "text", req_form(r, "requester_contact"), false, "off",
	         NULL);
	ui_field(r, "received_date", T(r, "Received on"), "date",
	         posted ? req_form(r, "received_date") : ymd_text(r, local_today()), true, "off", NULL);
	struct adm_filter f = {.status = 1};
	struct adm_member *m;
	size_t nm;
	int64_t total;
	if (adm_members(r, &f, 500, 0, &m, &nm, &total) != SK_OK)
		nm = 0;
	int64_t owner = 0;
	if (!parse_i64(req_form(r, "owner_id"), &owner))
		owner = r->user->id;
	const char *err = req_field_msg(r, "owner_id");
	html(r, "<div class=\"field%s\">", err ? " has-error" : "");
	ui_label_hint_error(r, "owner_id", T(r, "Who carries it out"), true, NULL, err);
	html(r, "<select id=\"f-owner_id\" name=\"owner_id\"");
	ui_described_by(r, "owner_id", false, err != NULL);
	html(r, ">");
	for (size_t i = 0; i < nm; i++)
		html(r, "<option value=\"%lld\"%s>%s</option>", (long long)m[i].id, m[i].id == owner ? " selected" : "",
		     m[i].name);
	html(r, "</select></div>");
	err = req_field_msg(r, "assets");
	html(r, "<fieldset class=\"field%s\"%s><legend>%s</legend>", err ? " has-error" : "",
	     err ? " aria-describedby=\"e-assets\"" : "", T(r, "Photos to withdraw"));
	if (err)
		html(r, "<p class=\"error\" id=\"e-assets\">%s</p>", err);
	size_t shown = 0;
	for (size_t i = 0; i < nlib; i++) {
		if (lib[i].restricted)
			continue;
		bool on = lib[i].id == pre;
		for (size_t k = 0; posted && k < r->form.n; k++) {
			int64_t v;
			if (str_eq(r->form.items[k].k, "asset[]") && parse_i64(r->form.items[k].v, &v) && v == lib[i].id)
				on = true;
		}
		shown++;
		html(r, "<div class=\"field checkbox\"><input type=\"checkbox\" id=\"f-as-%lld\" name=\"asset[]\" "
		        "value=\"%lld\"%s> <label for=\"f-as-%lld\">%s (%s)</label></div>",
		     (long long)lib[i].id, (long long)lib[i].id, on ? " checked" : "", (long long)lib[i].id, lib[i].title_lt,
		     asset_kind_label(r, lib[i].kind));
	}
	if (!shown)
		html(r, "<p>%s</p>", T(r, "Nothing recorded yet."));
	html(r, "</fieldset>");
	ui_textarea(r, "note", T(r, "Note"), req_form(r, "note"), 3, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Withdraw the photos"));
	form_close(r);
	page_end(r);
	return SK_OK;
}

static sk_rc new_get(struct req *r) { return new_page(r); }

static sk_rc create_post(struct req *r)
{
	int64_t *ids = arena_alloc(&r->a, 51 * sizeof *ids);
	size_t n = 0;
	for (size_t i = 0; i < r->form.n && n < 51; i++) {
		int64_t v;
		if (str_eq(r->form.items[i].k, "asset[]") && parse_i64(r->form.items[i].v, &v) && v > 0)
			ids[n++] = v;
	}
	int ymd = 0;
	const char *d = req_form(r, "received_date");
	if (d && *d && !ymd_parse(d, &ymd))
		ymd = -1;
	int64_t owner = 0;
	if (!parse_i64(req_form(r, "owner_id"), &owner))
		owner = 0;
	struct takedown_in in = {
	        .reason = req_form(r, "reason"),
	        .requester = str_trim(&r->a, req_form(r, "requester") ? req_form(r, "requester") : ""),
	        .requester_contact = req_form(r, "requester_contact"),
	        .note = req_form(r, "note"),
	        .received_date = ymd,
	        .owner_id = owner,
	        .assets = ids,
	        .nassets = n,
	};
	int64_t id;
	sk_rc rc = takedown_create(r, &in, &id);
	if (rc == SK_OK) {
		flash_set(r, N_("The photos are withdrawn; resolve every publication that used them."));
		redirect(r, td_url(r, id));
		return SK_OK;
	}
	if (rc != SK_EINPUT)
		return rc;
	r->status = 422;
	return new_page(r);
}

static sk_rc td_page(struct req *r, int64_t id)
{
	struct takedown t;
	sk_rc rc = takedown_get(r, id, &t);
	if (rc != SK_OK)
		return rc;
	struct takedown_use *u;
	size_t nu;
	int64_t *aids;
	size_t na;
	struct asset *lib;
	size_t nlib;
	if ((rc = takedown_uses(r, id, &u, &nu)) != SK_OK || (rc = takedown_asset_ids(r, id, &aids, &na)) != SK_OK ||
	    (rc = asset_list(r, NULL, &lib, &nlib)) != SK_OK)
		return rc;
	bool open = str_eq(t.status, "open"), may = req_has_perm(r, "assets.takedown");
	const char *title = arena_printf(&r->a, T(r, "Withdrawal request: %s"), t.requester);
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", list_url(r), T(r, "Photo withdrawal requests"), title);
	field_errors_summary(r);
	html(r, "<p><span class=\"tag\">%s</span></p>", open ? T(r, "Open") : T(r, "Closed"));
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s%s%s</dd><dt>%s</dt><dd>%s</dd>"
	        "<dt>%s</dt><dd>%s</dd>",
	     T(r, "Reason"), takedown_reason_label(r, t.reason), T(r, "Requested by"), t.requester,
	     *t.requester_contact ? ", " : "", t.requester_contact, T(r, "Received on"), ymd_text(r, t.received_date),
	     T(r, "Who carries it out"), t.owner_name);
	if (*t.note)
		html(r, "<dt>%s</dt><dd class=\"pre\">%s</dd>", T(r, "Note"), t.note);
	if (!open)
		html(r, "<dt>%s</dt><dd>%s, %s</dd>", T(r, "Closed"), t.closed_by_name, fmt_datetime(&r->a, r->lang, t.closed_at));
	html(r, "</dl><h2>%s</h2><ul>", T(r, "Withdrawn photos"));
	for (size_t i = 0; i < na; i++)
		for (size_t k = 0; k < nlib; k++)
			if (lib[k].id == aids[i])
				html(r, "<li><a href=\"%s\">%s</a></li>",
				     url_fmt(&r->a, "/staff/%s/assets/%lld", r->inst->slug, (long long)lib[k].id), lib[k].title_lt);
	html(r, "</ul><h2>%s</h2>", T(r, "Publications that used them"));
	if (!nu)
		html(r, "<p>%s</p>", T(r, "No publication used these photos."));
	else
		html(r, "<p>%s</p>",
		     arena_printf(&r->a, TN(r, "%zu of %zu publications is still to resolve.",
		                            "%zu of %zu publications are still to resolve.", (int64_t)t.open_uses),
		                  t.open_uses, t.nuses));
	for (size_t i = 0; i < nu; i++) {
		html(r, "<section class=\"panel takedown-use\" aria-labelledby=\"tu-%lld\"><h3 id=\"tu-%lld\">%s: %s</h3>",
		     (long long)u[i].id, (long long)u[i].id, use_kind_label(r, u[i].kind), u[i].label);
		html(r, "<p class=\"muted\">%s: %s", T(r, "Photo"), u[i].asset_title);
		if (u[i].item_id)
			html(r, " · <a href=\"%s\">%s</a>",
			     url_fmt(&r->a, "/staff/%s/content/%lld/assets", r->inst->slug, (long long)u[i].item_id),
			     T(r, "The content item's photos"));
		html(r, "</p>");
		if (*u[i].action) {
			html(r, "<p><span class=\"tag\">%s</span> %s, %s</p>",
			     str_eq(u[i].action, "removed") ? T(r, "Removed") : T(r, "Replaced"), u[i].resolved_by_name,
			     fmt_datetime(&r->a, r->lang, u[i].resolved_at));
			if (*u[i].note)
				html(r, "<p>%s</p>", u[i].note);
		} else if (open && may) {
			form_open(r, arena_printf(&r->a, "%s/uses/%lld", td_url(r, id), (long long)u[i].id), "stack");
			html(r, "<fieldset><legend>%s</legend>", T(r, "What was done"));
			html(r, "<div class=\"field checkbox\"><input type=\"radio\" id=\"a-rm-%lld\" name=\"action\" value=\"removed\" "
			        "checked> <label for=\"a-rm-%lld\">%s</label></div>",
			     (long long)u[i].id, (long long)u[i].id, T(r, "Removed"));
			html(r, "<div class=\"field checkbox\"><input type=\"radio\" id=\"a-rp-%lld\" name=\"action\" "
			        "value=\"replaced\"> <label for=\"a-rp-%lld\">%s</label></div></fieldset>",
			     (long long)u[i].id, (long long)u[i].id, T(r, "Replaced"));
			html(r, "<div class=\"field\"><label for=\"rep-%lld\">%s</label><select id=\"rep-%lld\" name=\"replacement\">"
			        "<option value=\"\">—</option>",
			     (long long)u[i].id, T(r, "Replaced with"), (long long)u[i].id);
			for (size_t k = 0; k < nlib; k++)
				if (!lib[k].restricted && (str_eq(lib[k].kind, "photo") || str_eq(lib[k].kind, "graphic")))
					html(r, "<option value=\"%lld\">%s</option>", (long long)lib[k].id, lib[k].title_lt);
			html(r, "</select></div><div class=\"field\"><label for=\"note-%lld\">%s</label>"
			        "<input id=\"note-%lld\" name=\"note\" type=\"text\" autocomplete=\"off\"></div>",
			     (long long)u[i].id, T(r, "Note"), (long long)u[i].id);
			html(r, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\">"
			        ": %s</span></button></div>",
			     T(r, "Mark resolved"), u[i].label);
			form_close(r);
		} else {
			html(r, "<p><span class=\"tag tag-danger\">%s</span></p>", T(r, "To resolve"));
		}
		html(r, "</section>");
	}
	if (open && may) {
		form_open(r, arena_printf(&r->a, "%s/close", td_url(r, id)), "inline");
		const char *err = req_field_msg(r, "close");
		if (err)
			html(r, "<p class=\"error\" id=\"e-close\">%s</p>", err);
		html(r, "<button type=\"submit\"%s>%s</button>", err ? " aria-describedby=\"e-close\"" : "",
		     T(r, "Close the request"));
		form_close(r);
	}
	page_end(r);
	return SK_OK;
}

static sk_rc td_get(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return td_page(r, id);
}

static sk_rc resolve_post(struct req *r)
{
	int64_t id, use, rep = 0;
	if (!req_id(r, "id", &id) || !req_id(r, "use", &use))
		return SK_ENOTFOUND;
	if (!parse_i64(req_form(r, "replacement"), &rep))
		rep = 0;
	sk_rc rc = takedown_resolve(r, id, use, req_form(r, "action"), rep, req_form(r, "note"));
	if (rc == SK_OK) {
		flash_set(r, N_("The publication is marked resolved."));
		redirect(r, td_url(r, id));
		return SK_OK;
	}
	if (rc != SK_EINPUT && rc != SK_ECONFLICT)
		return rc;
	r->status = rc == SK_ECONFLICT ? 409 : 422;
	return td_page(r, id);
}

static sk_rc close_post(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = takedown_close(r, id);
	if (rc == SK_OK) {
		flash_set(r, N_("The withdrawal request is closed and its task completed."));
		redirect(r, td_url(r, id));
		return SK_OK;
	}
	if (rc != SK_ECONFLICT)
		return rc;
	r->status = 409;
	return td_page(r, id);
}

SK_ROUTES(takedowns,
          {"GET", "/staff/{inst}/takedowns", list_get, "assets.view", 0},
          {"GET", "/staff/{inst}/takedowns/new", new_get, "assets.takedown", 0},
          {"POST", "/staff/{inst}/takedowns", create_post, "assets.takedown", 0},
          {"GET", "/staff/{inst}/takedowns/{id}", td_get, "assets.view", 0},
          {"POST", "/staff/{inst}/takedowns/{id}/uses/{use}", resolve_post, "assets.takedown", 0},
          {"POST", "/staff/{inst}/takedowns/{id}/close", close_post, "assets.takedown", 0});

/*
 * admin_audit.c -- the audit log viewer (X5): /staff/{inst}/audit for an
 * institution's administrators and heads (audit.view), /staff/audit for
 * the installation administrator (every institution plus the
 * installation-level rows such as logins), each with a CSV export that
 * Excel with Lithuanian settings opens correctly (UTF-8 with BOM, ';'
 * between fields, RFC 4180 quoting, CRLF).
 *
 * Newest first, 50 rows a page, keyset pagination on the id (an
 * append-only log only grows at the top, so offsets would shift under
 * the reader). Before/after JSON is shown as "field: old -> new" for the
 * fields that changed.
 */
#include "layout.h"
#include "../model/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_PAGE 50
#define CSV_MAX_ROWS 100000

struct audit_q {
	struct adm_audit_filter f;
	const char *action, *from, *to, *inst; /* raw query values, for links */
	int64_t actor;
};

static bool ymd_ok(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Reads the filters from the query string; invalid values are ignored
 * (and reported on the page) rather than failing the whole page. */
static void audit_query(struct req *r, bool installation, struct audit_q *aq)
{
	memset(aq, 0, sizeof *aq);
	aq->f.installation = installation;
	const char *a = req_query(r, "action");
	if (a && *a && strlen(a) <= 64)
		aq->f.action = aq->action = a;
	int64_t v;
	if (parse_i64(req_query(r, "user"), &v) && v > 0)
		aq->f.actor = aq->actor = v;
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	if (from && *from) {
		if (ymd_ok(from)) {
			aq->from = from;
			aq->f.from = adm_local_day(from, 0);
		} else {
			req_field_error(r, "from", T(r, "Enter a date as YYYY-MM-DD."));
		}
	}
	if (to && *to) {
		if (ymd_ok(to)) {
			aq->to = to;
			aq->f.to = adm_local_day(to, 1); /* the whole "to" day */
		} else {
			req_field_error(r, "to", T(r, "Enter a date as YYYY-MM-DD."));
		}
	}
	if (parse_i64(req_query(r, "before"), &v) && v > 0)
		aq->f.before_id = v;
	else if (parse_i64(req_query(r, "after"), &v) && v > 0)
		aq->f.after_id = v;
	const char *inst = req_query(r, "inst");
	if (installation && inst && *inst) {
		if (str_eq(inst, "-")) {
			aq->inst = inst;
			aq->f.inst = -1;
		} else {
			struct inst *i = inst_by_slug(r, inst);
			if (i) {
				aq->inst = inst;
				aq->f.inst = i->id;
			}
		}
	}
}

static const char *base_url(struct req *r, bool installation, const char *suffix)
{
	if (installation)
		return arena_printf(&r->a, "/staff/audit%s", suffix);
	return arena_printf(&r->a, "%s%s", url_fmt(&r->a, "/staff/%s/audit", r->inst->slug), suffix);
}

/* The filter part of a URL: "action=..&user=..&from=..&to=..[&inst=..]". */
static const char *filter_qs(struct req *r, const struct audit_q *aq)
{
	return url_fmt(&r->a, "action=%s&user=%lld&from=%s&to=%s&inst=%s", aq->action ? aq->action : "",
	               (long long)aq->actor, aq->from ? aq->from : "", aq->to ? aq->to : "", aq->inst ? aq->inst : "");
}

static const char *entity_label(struct req *r, const char *entity)
{
	if (str_eq(entity, "user"))
		return T(r, "User");
	if (str_eq(entity, "department"))
		return T(r, "Department");
	if (str_eq(entity, "institution"))
		return T(r, "Institution");
	if (str_eq(entity, "role_permissions"))
		return T(r, "Permission matrix");
	if (str_eq(entity, "api_token"))
		return T(r, "API token");
	if (str_eq(entity, "session"))
		return T(r, "Session");
	return entity;
}

/* A JSON value as readable text; from the arena. */
static const char *value_text(struct req *r, json_t *v)
{
	if (!v || json_is_null(v))
		return "—";
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (!*s)
			return "—";
		if (utf8_len(s) > 200) {
			/* cut at a character boundary */
			size_t i = 0, cp = 0;
			while (s[i] && cp < 200) {
				i++;
				while ((s[i] & 0xC0) == 0x80)
					i++;
				cp++;
			}
			return arena_printf(&r->a, "%.*s…", (int)i, s);
		}
		return s;
	}
	if (json_is_true(v))
		return T(r, "Yes");
	if (json_is_false(v))
		return T(r, "No");
	if (json_is_integer(v))
		return arena_printf(&r->a, "%lld", (long long)json_integer_value(v));
	if (json_is_array(v)) {
		if (json_array_size(v) == 0)
			return "—";
		buf b;
		buf_init(&b, 1u << 20);
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			if (i)
				buf_puts(&b, ", ");
			buf_puts(&b, value_text(r, it));
		}
		const char *s = arena_strndup(&r->a, buf_cstr(&b), b.len);
		buf_free(&b);
		return s;
	}
	char *d = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	const char *s = arena_strdup(&r->a, d ? d : "");
	free(d);
	return s;
}

static json_t *parse_obj(const char *s)
{
	if (!s || !*s)
		return NULL;
	json_t *j = json_loads(s, 0, NULL);
	if (j && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* "field: old -> new" for each field that differs. */
static void render_changes(struct req *r, const char *entity, const char *before_s, const char *after_s)
{
	json_t *b = parse_obj(before_s), *a = parse_obj(after_s);
	if (!b && !a) {
		html(r, "—");
		return;
	}
	html(r, "<ul class=\"diff\">");
	const char *k;
	json_t *v;
	if (a) {
		json_object_foreach(a, k, v) {
			json_t *old = b ? json_object_get(b, k) : NULL;
			if (b && old && json_equal(old, v))
				continue;
			if (b)
				html(r, "<li><span class=\"k\">%s</span>: <del>%s</del> → <ins>%s</ins></li>", adm_key_label(r, entity, k),
				     value_text(r, old), value_text(r, v));
			else
				html(r, "<li><span class=\"k\">%s</span>: %s</li>", adm_key_label(r, entity, k), value_text(r, v));
		}
	}
	if (b) {
		json_object_foreach(b, k, v) {
			if (a && json_object_get(a, k))
				continue;
			html(r, "<li><span class=\"k\">%s</span>: <del>%s</del></li>", adm_key_label(r, entity, k), value_text(r, v));
		}
	}
	html(r, "</ul>");
	json_decref(a);
	json_decref(b);
}

static void select_open(struct req *r, const char *name, const char *label)
{
	html(r, "<div class=\"field\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\">", name, label, name, name);
}

static sk_rc audit_page(struct req *r, bool installation)
{
	struct audit_q aq;
	audit_query(r, installation, &aq);
	struct adm_audit_row *rows;
	size_t n;
	bool more;
	sk_rc rc = adm_audit_list(r, &aq.f, AUDIT_PAGE, &rows, &n, &more);
	if (rc != SK_OK)
		return rc;
	const char *title = installation ? T(r, "Installation audit log") : T(r, "Audit log");
	page_begin(r, PAGE_STAFF, title);
	html(r, "<h1>%s</h1>", title);
	html(r, "<p class=\"lead\">%s</p>",
	     installation ? T(r, "Every change in every institution, and the sign-ins, newest first. The log cannot be edited or deleted.")
	                  : T(r, "Every change in this institution, newest first. The log cannot be edited or deleted."));
	field_errors_summary(r);

	/* filters */
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" aria-label=\"%s\">", base_url(r, installation, ""),
	     T(r, "Filter the audit log"));
	const char **actions;
	size_t na = adm_audit_actions(r, installation, &actions);
	select_open(r, "action", T(r, "Action"));
	html(r, "<option value=\"\">%s</option>", T(r, "Any action"));
	for (size_t i = 0; i < na; i++)
		html(r, "<option value=\"%s\"%s>%s</option>", actions[i], str_eq(actions[i], aq.action) ? " selected" : "",
		     adm_action_label(r, actions[i]));
	html(r, "</select></div>");
	int64_t *ids;
	const char **names;
	size_t nu = adm_audit_actors(r, installation, &ids, &names);
	select_open(r, "user", T(r, "Who"));
	html(r, "<option value=\"\">%s</option>", T(r, "Anyone"));
	for (size_t i = 0; i < nu; i++)
		html(r, "<option value=\"%lld\"%s>%s</option>", (long long)ids[i], ids[i] == aq.actor ? " selected" : "", names[i]);
	html(r, "</select></div>");
	if (installation) {
		struct adm_inst_node *iv;
		size_t ni = adm_insts_all(r, &iv);
		select_open(r, "inst", T(r, "Institution"));
		html(r, "<option value=\"\">%s</option><option value=\"-\"%s>%s</option>", T(r, "All"),
		     str_eq(aq.inst, "-") ? " selected" : "", T(r, "Installation only (sign-ins, profiles)"));
		for (size_t i = 0; i < ni; i++)
			html(r, "<option value=\"%s\"%s>%s</option>", iv[i].slug, str_eq(aq.inst, iv[i].slug) ? " selected" : "",
			     (r->lang == LANG_EN && *iv[i].name_en) ? iv[i].name_en : iv[i].name_lt);
		html(r, "</select></div>");
	}
	const char *ferr = req_field_msg(r, "from"), *terr = req_field_msg(r, "to");
	html(r, "<div class=\"field\"><label for=\"f-from\">%s</label>", T(r, "From"));
	if (ferr)
		html(r, "<p class=\"error\" id=\"e-from\">%s</p>", ferr);
	html(r, "<input id=\"f-from\" name=\"from\" type=\"date\" value=\"%s\"%s></div>", aq.from ? aq.from : "",
	     ferr ? " aria-invalid=\"true\" aria-describedby=\"e-from\"" : "");
	html(r, "<div class=\"field\"><label for=\"f-to\">%s</label>", T(r, "To (inclusive)"));
	if (terr)
		html(r, "<p class=\"error\" id=\"e-to\">%s</p>", terr);
	html(r, "<input id=\"f-to\" name=\"to\" type=\"date\" value=\"%s\"%s></div>", aq.to ? aq.to : "",
	     terr ? " aria-invalid=\"true\" aria-describedby=\"e-to\"" : "");
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a> "
	        "<a href=\"%s\" download>%s</a></div></form>",
	     T(r, "Filter"), base_url(r, installation, ""), T(r, "Clear filters"),
	     arena_printf(&r->a, "%s?%s", base_url(r, installation, ".csv"), filter_qs(r, &aq)),
	     T(r, "Download as CSV (Excel)"));

	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "No entries match these filters."));
	} else {
		html(r, "<table class=\"data audit\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		     title, T(r, "Time"), T(r, "Who"));
		if (installation)
			html(r, "<th scope=\"col\">%s</th>", T(r, "Institution"));
		html(r, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Action"), T(r, "Object"), T(r, "Changes"));
		for (size_t i = 0; i < n; i++) {
			const struct adm_audit_row *x = &rows[i];
			html(r, "<tr><td><time datetime=\"%s\">%s</time></td><td>", adm_iso(&r->a, x->at),
			     fmt_datetime(&r->a, r->lang, x->at));
			if (x->actor_id)
				html(r, "%s<br><span class=\"muted\">%s</span>", x->actor_name, x->actor_email);
			else
				html(r, "<span class=\"muted\">%s</span>", T(r, "system"));
			html(r, "</td>");
			if (installation)
				html(r, "<td>%s</td>", *x->inst_slug ? x->inst_slug : "—");
			html(r, "<th scope=\"row\">%s</th><td>", adm_action_label(r, x->action));
			if (*x->entity) {
				if (!installation && str_eq(x->entity, "user") && x->entity_id)
					html(r, "<a href=\"%s\">%s #%lld</a>",
					     url_fmt(&r->a, "/staff/%s/users/%lld", r->inst->slug, (long long)x->entity_id),
					     entity_label(r, x->entity), (long long)x->entity_id);
				else if (x->entity_id)
					html(r, "%s #%lld", entity_label(r, x->entity), (long long)x->entity_id);
				else
					html(r, "%s", entity_label(r, x->entity));
			}
			html(r, "</td><td>");
			render_changes(r, x->entity, x->before, x->after);
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	}
	bool newer_page = aq.f.after_id > 0 ? more : aq.f.before_id > 0;
	bool older_page = aq.f.after_id > 0 ? true : more;
	if (n > 0) {
		const char *qs = filter_qs(r, &aq);
		ui_pager(r,
		          newer_page ? arena_printf(&r->a, "%s?%s&after=%lld", base_url(r, installation, ""), qs, (long long)rows[0].id) : NULL,
		          older_page ? arena_printf(&r->a, "%s?%s&before=%lld", base_url(r, installation, ""), qs, (long long)rows[n - 1].id) : NULL,
		          NULL);
	}
	page_end(r);
	return SK_OK;
}

/* ---- CSV ------------------------------------------------------------------------ */

static sk_rc audit_csv(struct req *r, bool installation)
{
	struct audit_q aq;
	audit_query(r, installation, &aq);
	if (r->nerrors)
		return SK_EINPUT;
	aq.f.after_id = 0;
	buf b;
	buf_init(&b, 30u << 20);
	buf_puts(&b, "\xEF\xBB\xBF"); /* BOM: Excel then reads UTF-8 */
	const char *head[] = {T(r, "ID"), T(r, "Time (Europe/Vilnius)"), T(r, "Who"), T(r, "E-mail"),
	                      T(r, "Institution"), T(r, "Action"), T(r, "Action code"), T(r, "Object"),
	                      T(r, "Object ID"), T(r, "Before"), T(r, "After"), T(r, "IP address")};
	for (size_t i = 0; i < SK_ARRAY_LEN(head); i++)
		csv_cell(&b, head[i], i == 0);
	buf_puts(&b, "\r\n");
	size_t total = 0;
	bool more = true;
	sk_rc rc = SK_OK;
	while (more && total < CSV_MAX_ROWS && !b.overflow) {
		/* each batch of 1000 rows gets its own arena, swapped in for
		 * r->a and freed after its rows are in the buffer: a large
		 * export costs the buffer, not an ever-growing request arena */
		arena saved = r->a;
		arena_init(&r->a, 16u << 20);
		struct adm_audit_row *rows;
		size_t n = 0;
		rc = adm_audit_list(r, &aq.f, 1000, &rows, &n, &more);
		for (size_t i = 0; rc == SK_OK && i < n; i++) {
			const struct adm_audit_row *x = &rows[i];
			char id[24], eid[24];
			snprintf(id, sizeof id, "%lld", (long long)x->id);
			snprintf(eid, sizeof eid, "%lld", (long long)x->entity_id);
			const char *inst = installation ? x->inst_slug : r->inst->slug;
			const char *cells[] = {id, fmt_datetime(&r->a, r->lang, x->at), x->actor_name, x->actor_email, inst,
			                       adm_action_label(r, x->action), x->action, entity_label(r, x->entity),
			                       x->entity_id ? eid : "", x->before, x->after, x->ip};
			for (size_t c = 0; c < SK_ARRAY_LEN(cells); c++)
				csv_cell(&b, cells[c], c == 0);
			buf_puts(&b, "\r\n");
		}
		total += n;
		if (n)
			aq.f.before_id = rows[n - 1].id;
		bool failed = arena_failed(&r->a);
		arena_free(&r->a);
		r->a = saved;
		if (rc != SK_OK || failed) {
			rc = rc != SK_OK ? rc : SK_ETOOBIG;
			break;
		}
	}
	if (rc != SK_OK || b.overflow) {
		buf_free(&b);
		return rc != SK_OK ? rc : SK_ETOOBIG;
	}
	char day[16];
	const char *today = fmt_date(&r->a, LANG_LT, now_unix());
	snprintf(day, sizeof day, "%s", today);
	resp_header(r, "Content-Disposition",
	            arena_printf(&r->a, "attachment; filename=\"audit-%s-%s.csv\"",
	                         installation ? "installation" : r->inst->slug, day));
	reply_bytes(r, "text/csv; charset=utf-8", b.data, b.len);
	buf_free(&b);
	return SK_OK;
}

static sk_rc inst_audit(struct req *r) { return audit_page(r, false); }
static sk_rc inst_audit_csv(struct req *r) { return audit_csv(r, false); }
static sk_rc all_audit(struct req *r) { return audit_page(r, true); }
static sk_rc all_audit_csv(struct req *r) { return audit_csv(r, true); }

SK_NAV_GROUP(nav_audit, "staff", "/staff/{inst}/audit", N_("Audit log"), "audit.view", 50, 0, N_("Administration"));
SK_NAV(nav_audit_all, "global", "/staff/audit", N_("Installation audit log"), NULL, 60, R_SUPER);

SK_ROUTES(admin_audit,
          {"GET", "/staff/{inst}/audit", inst_audit, "audit.view", 0},
          {"GET", "/staff/{inst}/audit.csv", inst_audit_csv, "audit.view", 0},
          {"GET", "/staff/audit", all_audit, NULL, R_SUPER},
          {"GET", "/staff/audit.csv", all_audit_csv, NULL, R_SUPER});

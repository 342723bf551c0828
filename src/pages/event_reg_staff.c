/*
 * event_reg_staff.c -- staff pages of event registration (C8):
 *
 *   GET  /staff/{inst}/events/{id}/registrations      places per date,
 *        the registrations (status, places, contacts), attendance counts,
 *        the registration settings (window, modes, offer time)
 *   GET  /staff/{inst}/events/{id}/registrations.csv  CSV export
 *   POST /staff/{inst}/events/{id}/registrations/settings
 *   POST /staff/{inst}/events/{id}/registrations/{rid}/cancel
 *   POST /staff/{inst}/events/{id}/attendance         counts on the day
 *
 * Reading needs events.view, changing events.manage (the event's own
 * permissions). Rules: src/model/registration.c.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/model.h"
#include "../model/occasion.h"
#include "../model/registration.h"

#include <string.h>

#define STAFF_OCC_MAX 100

SK_STMT(st_regs_enabled, 0, "SELECT enabled FROM event_reg_settings WHERE event_id = $1");

static const char *ev_base(struct req *r, int64_t id)
{
	return url_fmt(&r->a, "/staff/%s/events/%lld", r->inst->slug, (long long)id);
}

static const char *status_label(struct req *r, const char *s)
{
	if (str_eq(s, "confirmed"))
		return T(r, "Place confirmed");
	if (str_eq(s, "waitlisted"))
		return T(r, "On the waiting list");
	if (str_eq(s, "offered"))
		return T(r, "Place offered");
	if (str_eq(s, "cancelled"))
		return T(r, "Registration cancelled");
	return T(r, "Offer expired");
}

static const char *when(struct req *r, const struct event *e, int64_t t)
{
	return e->all_day ? fmt_date(&r->a, r->lang, t) : fmt_datetime(&r->a, r->lang, t);
}

/* "YYYY-MM-DDTHH:MM" (datetime-local) to unix; "" = 0; false when bad. */
static bool parse_local(const char *s, int64_t *out)
{
	*out = 0;
	if (!s || !*s)
		return true;
	if (strlen(s) < 16 || s[10] != 'T' || s[13] != ':')
		return false;
	char d[11];
	memcpy(d, s, 10);
	d[10] = 0;
	int ymd;
	if (!ymd_parse(d, &ymd))
		return false;
	for (int i = 11; i < 16; i++)
		if (i != 13 && (s[i] < '0' || s[i] > '9'))
			return false;
	int hh = (s[11] - '0') * 10 + (s[12] - '0'), mm = (s[14] - '0') * 10 + (s[15] - '0');
	if (hh > 23 || mm > 59)
		return false;
	*out = local_to_unix(ymd, hh, mm);
	return true;
}

static const char *local_value(struct req *r, int64_t t)
{
	if (!t)
		return "";
	int ymd, hh, mm;
	unix_to_local(t, &ymd, &hh, &mm);
	char d[11];
	ymd_format(ymd, d);
	return arena_printf(&r->a, "%sT%02d:%02d", d, hh, mm);
}

static bool enabled(struct req *r, int64_t id, const struct reg_conf *c)
{
	dbq *q = db_q(r->db, &st_regs_enabled);
	db_bind_int(q, 1, id);
	bool on = db_step(q) == DB_ROW ? db_int(q, 0) != 0 : c->capacity > 0;
	db_done(q);
	return on;
}

static sk_rc load(struct req *r, struct event *e, struct reg_conf *c)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	sk_rc rc = event_get(r, id, e);
	return rc != SK_OK ? rc : reg_conf_get(r->db, r->inst->id, e, c);
}

static void occ_table(struct req *r, const struct event *e, const struct reg_conf *c, const int64_t *occ, size_t n)
{
	html(r, "<div class=\"table-wrap\"><table class=\"data\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	        "</tr></thead><tbody>",
	     T(r, "Places by date"), T(r, "Date"), T(r, "Places taken or offered"), T(r, "Left"),
	     T(r, "Waiting list"), T(r, "Came in person"), T(r, "Watched online"));
	for (size_t i = 0; i < n; i++) {
		struct reg_count k = {0};
		reg_count(r->db, e->id, occ[i], c, &k);
		struct reg_attendance at;
		reg_attendance_get(r->db, &r->a, e->id, occ[i], &at);
		html(r, "<tr><th scope=\"row\">%s</th><td>%d</td><td>%s</td><td>%d</td>", when(r, e, occ[i]), k.held,
		     k.left < 0 ? T(r, "not limited") : arena_printf(&r->a, "%d", k.left), k.waiting);
		if (at.recorded)
			html(r, "<td>%d</td><td>%d</td></tr>", at.in_person, at.online);
		else
			html(r, "<td class=\"muted\">–</td><td class=\"muted\">–</td></tr>");
	}
	html(r, "</tbody></table></div>");
}

static void settings_form(struct req *r, const struct event *e, const struct reg_conf *c, bool on)
{
	html(r, "<section aria-labelledby=\"regset-h\"><h2 id=\"regset-h\">%s</h2>", T(r, "Registration settings"));
	html(r, "<p class=\"muted\">%s</p>",
	     arena_printf(&r->a, T(r, "Capacity per date: %s (set it in the event's details; 0 = not limited)."),
	                  c->capacity ? arena_printf(&r->a, "%d", c->capacity) : T(r, "not limited")));
	form_open(r, arena_printf(&r->a, "%s/registrations/settings", ev_base(r, e->id)), "stack");
	ui_checkbox(r, "enabled", T(r, "The event takes registrations"), on, NULL);
	ui_field(r, "opens", T(r, "Registration opens"), "datetime-local", local_value(r, c->opens), false, "off",
	         T(r, "Empty: open as soon as the event is published."));
	ui_field(r, "closes", T(r, "Registration closes"), "datetime-local", local_value(r, c->closes), false, "off",
	         T(r, "Empty: open until the event begins."));
	const char *ml[] = {T(r, "In person only"), T(r, "Online only"), T(r, "In person or online")};
	ui_select(r, "modes", T(r, "How people attend"), reg_mode_sets, ml, 3, c->modes, true,
	          T(r, "In person or online: the capacity counts only the places in the hall."));
	ui_field(r, "offer_hours", T(r, "Hours to take an offered place"), "number",
	         arena_printf(&r->a, "%d", c->offer_hours), true, "off",
	         T(r, "When a place is freed, the first person on the waiting list gets it for this long."));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save the settings"));
	form_close(r);
	html(r, "</section>");
}

static void attendance_form(struct req *r, const struct event *e, const int64_t *occ, size_t n)
{
	if (n == 0)
		return;
	html(r, "<section aria-labelledby=\"att-h\"><h2 id=\"att-h\">%s</h2>", T(r, "Attendance on the day"));
	form_open(r, arena_printf(&r->a, "%s/attendance", ev_base(r, e->id)), "stack");
	const char **vals = arena_alloc(&r->a, n * sizeof *vals), **labels = arena_alloc(&r->a, n * sizeof *labels);
	size_t pick = 0;
	int64_t now = now_unix();
	for (size_t i = 0; i < n; i++) {
		vals[i] = arena_printf(&r->a, "%lld", (long long)occ[i]);
		labels[i] = when(r, e, occ[i]);
		if (occ[i] <= now)
			pick = i;   /* the latest that has begun */
	}
	ui_select(r, "occurs_at", T(r, "Date"), vals, labels, n, vals[pick], true, NULL);
	ui_field(r, "in_person", T(r, "Came in person"), "number", "0", true, "off", NULL);
	ui_field(r, "online", T(r, "Watched online"), "number", "0", true, "off",
	         T(r, "Online viewers count as virtual visits in the statistics."));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Record the attendance"));
	form_close(r);
	html(r, "</section>");
}

static size_t staff_occ(struct req *r, const struct event *e, int64_t **out)
{
	int64_t *occ;
	size_t n = 0;
	if (event_occurrences(r, e->id, &occ, &n) != SK_OK)
		n = 0;
	int64_t from = now_unix() - 31 * 86400LL;
	size_t k = 0;
	*out = arena_alloc(&r->a, (n ? n : 1) * sizeof **out);
	for (size_t i = 0; i < n && k < STAFF_OCC_MAX; i++)
		if (occ[i] >= from || n <= STAFF_OCC_MAX)
			(*out)[k++] = occ[i];
	return k;
}

static sk_rc render(struct req *r, const struct event *e, const struct reg_conf *c)
{
	const char *title = arena_printf(&r->a, T(r, "Registrations: %s"), e->title);
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", ev_base(r, e->id), T(r, "← Back to the event"), title);
	field_errors_summary(r);
	bool on = enabled(r, e->id, c);
	bool manage = req_has_perm(r, "events.manage");
	if (!on)
		html(r, "<p>%s</p>", T(r, "This event does not take registrations."));
	int64_t *occ;
	size_t nocc = staff_occ(r, e, &occ);
	occ_table(r, e, c, occ, nocc);

	struct registration *v;
	size_t n = 0;
	reg_list(r->db, &r->a, r->inst->id, e->id, &v, &n);
	html(r, "<section aria-labelledby=\"regs-h\"><h2 id=\"regs-h\">%s</h2>", T(r, "Registrations"));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "No registrations yet."));
	} else {
		html(r, "<p><a href=\"%s/registrations.csv\">%s</a></p>", ev_base(r, e->id), T(r, "Download as CSV"));
		html(r, "<div class=\"table-wrap\"><table class=\"data reg-list\"><caption>%s</caption><thead><tr>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		     arena_printf(&r->a, TN(r, "%zu registration", "%zu registrations", (int64_t)n), n), T(r, "Date"),
		     T(r, "Name and surname"), T(r, "Contacts"), T(r, "Places"), T(r, "Attending"), T(r, "Status"), T(r, "Registered"));
		if (manage)
			html(r, "<th scope=\"col\">%s</th>", T(r, "Actions"));
		html(r, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			const struct registration *g = &v[i];
			html(r, "<tr><td>%s</td><td>%s</td><td><a href=\"mailto:%s\">%s</a>", when(r, e, g->occurs_at), g->name,
			     g->email, g->email);
			if (*g->phone)
				html(r, "<br>%s", g->phone);
			html(r, "</td><td>%d</td><td>%s</td><td><span class=\"tag reg-%s\">%s</span>", g->places,
			     str_eq(g->mode, "online") ? T(r, "Online") : T(r, "In person"), g->status,
			     status_label(r, g->status));
			if (str_eq(g->status, "offered"))
				html(r, "<br><span class=\"muted\">%s</span>",
				     arena_printf(&r->a, T(r, "until %s"), fmt_datetime(&r->a, r->lang, g->offer_expires)));
			html(r, "</td><td>%s</td>", fmt_datetime(&r->a, r->lang, g->created_at));
			if (manage) {
				html(r, "<td>");
				if (str_eq(g->status, "confirmed") || str_eq(g->status, "waitlisted") || str_eq(g->status, "offered")) {
					form_open(r, arena_printf(&r->a, "%s/registrations/%lld/cancel", ev_base(r, e->id), (long long)g->id),
					          "inline");
					html(r, "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\"> – %s</span>"
					        "</button>",
					     T(r, "Cancel"), g->name);
					form_close(r);
				}
				html(r, "</td>");
			}
			html(r, "</tr>");
		}
		html(r, "</tbody></table></div>");
	}
	html(r, "</section>");
	if (manage) {
		attendance_form(r, e, occ, nocc);
		settings_form(r, e, c, on);
	}
	page_end(r);
	return SK_OK;
}

static sk_rc regs_page(struct req *r)
{
	struct event e;
	struct reg_conf c;
	sk_rc rc = load(r, &e, &c);
	return rc != SK_OK ? rc : render(r, &e, &c);
}

static sk_rc regs_csv(struct req *r)
{
	struct event e;
	struct reg_conf c;
	sk_rc rc = load(r, &e, &c);
	if (rc != SK_OK)
		return rc;
	struct registration *v;
	size_t n;
	if ((rc = reg_list(r->db, &r->a, r->inst->id, e.id, &v, &n)) != SK_OK)
		return rc;
	buf b;
	buf_init(&b, 4u << 20);
	buf_puts(&b, "\xEF\xBB\xBF");
	static const char *const head[] = {"id", "date", "name", "email", "phone", "places", "mode", "status", "registered"};
	for (size_t i = 0; i < SK_ARRAY_LEN(head); i++)
		csv_cell(&b, head[i], i == 0);
	buf_puts(&b, "\r\n");
	for (size_t i = 0; i < n; i++) {
		const struct registration *g = &v[i];
		csv_cell(&b, arena_printf(&r->a, "%lld", (long long)g->id), true);
		csv_cell(&b, fmt_datetime(&r->a, r->lang, g->occurs_at), false);
		csv_cell(&b, g->name, false);
		csv_cell(&b, g->email, false);
		csv_cell(&b, g->phone, false);
		csv_cell(&b, arena_printf(&r->a, "%d", g->places), false);
		csv_cell(&b, g->mode, false);
		csv_cell(&b, g->status, false);
		csv_cell(&b, fmt_datetime(&r->a, r->lang, g->created_at), false);
		buf_puts(&b, "\r\n");
	}
	resp_header(r, "Content-Disposition",
	            arena_printf(&r->a, "attachment; filename=\"registrations-%lld.csv\"", (long long)e.id));
	reply_bytes(r, "text/csv; charset=utf-8", b.data, b.len);
	buf_free(&b);
	return SK_OK;
}

static sk_rc regs_settings(struct req *r)
{
	struct event e;
	struct reg_conf c;
	sk_rc rc = load(r, &e, &c);
	if (rc != SK_OK)
		return rc;
	struct reg_conf nc = c;
	if (!parse_local(req_form(r, "opens"), &nc.opens))
		req_field_error(r, "opens", T(r, "Give the date and time, e.g. 2026-12-01 09:00."));
	if (!parse_local(req_form(r, "closes"), &nc.closes))
		req_field_error(r, "closes", T(r, "Give the date and time, e.g. 2026-12-01 09:00."));
	const char *m = req_form(r, "modes");
	nc.modes = NULL;
	for (size_t i = 0; m && reg_mode_sets[i]; i++)
		if (str_eq(m, reg_mode_sets[i]))
			nc.modes = reg_mode_sets[i];
	if (!nc.modes) {
		req_field_error(r, "modes", T(r, "Choose how people attend."));
		nc.modes = c.modes;
	}
	const char *oh = req_form(r, "offer_hours");
	nc.offer_hours = 0;
	for (const char *p = oh; p && *p && nc.offer_hours <= 1000; p++)
		nc.offer_hours = *p >= '0' && *p <= '9' ? nc.offer_hours * 10 + (*p - '0') : 100000;
	const char *en = req_form(r, "enabled");
	rc = r->nerrors ? SK_EINPUT : reg_conf_set(r, e.id, &nc, en && *en);
	if (rc == SK_EINPUT) {
		r->status = 422;
		render(r, &e, &c);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The registration settings were saved."));
	redirect(r, arena_printf(&r->a, "%s/registrations", ev_base(r, e.id)));
	return SK_OK;
}

static sk_rc regs_cancel(struct req *r)
{
	struct event e;
	struct reg_conf c;
	sk_rc rc = load(r, &e, &c);
	if (rc != SK_OK)
		return rc;
	int64_t rid;
	if (!req_id(r, "rid", &rid))
		return SK_ENOTFOUND;
	rc = reg_cancel(r, &e, rid);
	if (rc != SK_OK && rc != SK_ECONFLICT)
		return rc;
	flash_set(r, rc == SK_OK ? N_("The registration was cancelled.") : N_("The registration was cancelled already."));
	redirect(r, arena_printf(&r->a, "%s/registrations", ev_base(r, e.id)));
	return SK_OK;
}

static sk_rc regs_attendance(struct req *r)
{
	struct event e;
	struct reg_conf c;
	sk_rc rc = load(r, &e, &c);
	if (rc != SK_OK)
		return rc;
	static const struct field f[] = {
	        {"occurs_at", F_INT, true, 0, NULL, 1, 4102444800LL},
	        {"in_person", F_INT, true, 0, NULL, 0, 100000},
	        {"online", F_INT, true, 0, NULL, 0, 1000000},
	};
	struct form_values v;
	form_read(r, f, SK_ARRAY_LEN(f), &v);
	rc = r->nerrors ? SK_EINPUT : reg_attendance_set(r, e.id, v.i[0], (int)v.i[1], (int)v.i[2]);
	if (rc == SK_EINPUT) {
		r->status = 422;
		render(r, &e, &c);
		r->status = 422;
		return SK_OK;
	}
	if (rc != SK_OK)
		return rc;
	flash_set(r, N_("The attendance was recorded."));
	redirect(r, arena_printf(&r->a, "%s/registrations", ev_base(r, e.id)));
	return SK_OK;
}

SK_ROUTES(event_reg_staff,
          {"GET", "/staff/{inst}/events/{id}/registrations", regs_page, "events.view", 0},
          {"GET", "/staff/{inst}/events/{id}/registrations.csv", regs_csv, "events.view", 0},
          {"POST", "/staff/{inst}/events/{id}/registrations/settings", regs_settings, "events.manage", 0},
          {"POST", "/staff/{inst}/events/{id}/registrations/{rid}/cancel", regs_cancel, "events.manage", 0},
          {"POST", "/staff/{inst}/events/{id}/attendance", regs_attendance, "events.manage", 0});

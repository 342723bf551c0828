/*
 * calendar.c -- the staff calendar (REQUIREMENTS C8, C9, C16): one view
 * of the month with what the communication office plans around --
 * public holidays shaded (non-working days), commemorative days and the
 * other occasions as badges, anniversaries with their number, and the
 * events of the institution in every state (drafts and plans marked,
 * cancelled ones struck through), and the room bookings of its spaces
 * (internal meetings, rentals, and event bookings when events are not
 * shown; requested ones marked). Three views: a month grid (an
 * accessible table, weeks from Monday), a week (the same table, one row)
 * and an agenda (a list by day, which is also what a phone and a screen
 * reader get best). Filters: a space, an organising department, an event
 * type, and whether to show occasions, events and bookings.
 *
 * Everything comes from the model files of the families (occasion.c,
 * event.c, space.c), scoped to r->inst; nothing is stored here.
 */
#include "layout.h"
#include "events_common.h"
#include "../model/admin.h"
#include "../model/event.h"
#include "../model/occasion.h"
#include "../model/space.h"
#include "../core/i18n.h"

#include <string.h>

struct day {
	int ymd;
	bool holiday;
	struct occurrence *occ[8];
	size_t nocc;
	struct booking *bk[12];
	size_t nbk;
	struct event_occ *ev[12];
	size_t nev;
	size_t more;          /* items that did not fit */
};

static const char *cal_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/calendar", r->inst->slug); }

static const char *kind_class(const char *kind)
{
	if (str_eq(kind, "public_holiday")) return "occ-holiday";
	if (str_eq(kind, "commemorative_day")) return "occ-commem";
	if (str_eq(kind, "anniversary")) return "occ-anniv";
	return "occ-other";
}

static const char *occ_title(struct req *r, const struct occurrence *o)
{
	const char *t = r->lang == LANG_EN && *o->title_en ? o->title_en : o->title;
	const char *label = r->lang == LANG_EN ? o->label_en : o->label_lt;
	return label ? arena_printf(&r->a, "%s (%s)", t, label) : t;
}

static void occ_badge(struct req *r, const struct occurrence *o)
{
	html(r, "<li class=\"badge %s\">%s</li>", kind_class(o->kind), occ_title(r, o));
}

static void booking_line(struct req *r, const struct booking *b)
{
	html(r, "<li class=\"bk bk-%s\"><a href=\"%s\"><span class=\"t\">%s–%s</span> %s <span class=\"muted\">· %s</span>",
	     b->kind, url_fmt(&r->a, "/staff/%s/bookings?space=%lld", r->inst->slug, (long long)b->space_id),
	     fmt_time(&r->a, r->lang, b->starts_at), fmt_time(&r->a, r->lang, b->ends_at), b->title, b->space_name);
	if (str_eq(b->status, "requested"))
		html(r, " <span class=\"tag\">%s</span>", T(r, "Requested"));
	html(r, "</a></li>");
}

static void event_line(struct req *r, const struct event_occ *o)
{
	const struct event *e = &o->ev;
	bool cancelled = str_eq(e->state, "cancelled");
	html(r, "<li class=\"ev%s\"><a href=\"%s\">", cancelled ? " ev-cancelled" : "",
	     url_fmt(&r->a, "/staff/%s/events/%lld", r->inst->slug, (long long)o->event_id));
	if (!e->all_day)
		html(r, "<span class=\"t\">%s</span> ", fmt_time(&r->a, r->lang, o->starts_at));
	html(r, "%s", e->title);
	if (*e->space_name)
		html(r, " <span class=\"muted\">· %s</span>", e->space_name);
	/* not yet settled: say so (done/reported events are just past) */
	if (str_eq(e->state, "draft") || str_eq(e->state, "planned"))
		html(r, " <span class=\"tag\">%s</span>", event_state_label(r, e->state));
	html(r, "</a></li>");
}

static void day_items(struct req *r, const struct day *dd)
{
	if (!dd->nocc && !dd->nev && !dd->nbk)
		return;
	html(r, "<ul class=\"items\">");
	for (size_t k = 0; k < dd->nocc; k++)
		occ_badge(r, dd->occ[k]);
	for (size_t k = 0; k < dd->nev; k++)
		event_line(r, dd->ev[k]);
	for (size_t k = 0; k < dd->nbk; k++)
		booking_line(r, dd->bk[k]);
	html(r, "</ul>");
}

static bool is_event_type(const char *t)
{
	for (size_t i = 0; event_types[i]; i++)
		if (str_eq(event_types[i], t))
			return true;
	return false;
}

static sk_rc calendar(struct req *r)
{
	int today = local_today();
	int y = ymd_year(today), m = ymd_month(today);
	const char *mq = req_query(r, "month");
	if (mq && *mq) {
		int tmp;
		if (!ymd_parse(arena_printf(&r->a, "%s-01", mq), &tmp))
			return SK_ENOTFOUND;
		y = ymd_year(tmp);
		m = ymd_month(tmp);
	}
	const char *vq = req_query(r, "view");
	bool agenda = str_eq(vq, "agenda"), week = str_eq(vq, "week");
	const char *sq = req_query(r, "space");
	int64_t space = 0;
	if (sq && *sq && !parse_i64(sq, &space))
		space = 0;
	int64_t dept = 0;
	const char *dq = req_query(r, "dept");
	if (dq && *dq && !parse_i64(dq, &dept))
		dept = 0;
	const char *type = req_query(r, "type");
	if (!type || !is_event_type(type))
		type = "";
	/* the check boxes are sent as "1" when ticked; a submitted form without
	 * them means "off", a first visit shows all */
	bool submitted = req_query(r, "f") != NULL;
	bool show_occ = !submitted || str_eq(req_query(r, "occ"), "1");
	bool show_ev = !submitted || str_eq(req_query(r, "ev"), "1");
	bool show_bk = !submitted || str_eq(req_query(r, "bk"), "1");

	int first = ymd_make(y, m, 1), ndays = ymd_days_in_month(y, m), last = ymd_make(y, m, ndays);
	if (week) {
		/* the week (Monday to Sunday) of ?date=, else of the month's first
		 * day when a month was chosen, else of today */
		int anchor = mq && *mq ? first : today, dv;
		const char *dq2 = req_query(r, "date");
		if (dq2 && *dq2) {
			if (!ymd_parse(dq2, &dv))
				return SK_ENOTFOUND;
			anchor = dv;
		}
		first = ymd_add_days(anchor, 1 - ymd_weekday(anchor));
		ndays = 7;
		last = ymd_add_days(first, 6);
		y = ymd_year(first);
		m = ymd_month(first);
	}
	int64_t day0 = ymd_to_days(first);
	struct day *days = arena_alloc(&r->a, (size_t)ndays * sizeof *days);
	memset(days, 0, (size_t)ndays * sizeof *days);
	for (int i = 0; i < ndays; i++) {
		days[i].ymd = ymd_add_days(first, i);
		days[i].holiday = occ_is_holiday(r->db, days[i].ymd);
	}
	if (show_occ) {
		struct occurrence *o;
		size_t n;
		if (occ_between(r->db, &r->a, r->inst->id, first, last, &o, &n) == SK_OK) {
			for (size_t i = 0; i < n; i++) {
				/* a period (a campaign week, a festival) is shown once, on
				 * its first day in this month, with its end date */
				int s = ymd_make(o[i].y, o[i].m, o[i].d), e = ymd_make(o[i].end_y, o[i].end_m, o[i].end_d);
				struct day *dd = &days[ymd_to_days(s < first ? first : s) - day0];
				if (e > s) {
					char iso[11];
					ymd_format(e, iso);
					const char *lbl = r->lang == LANG_EN ? o[i].label_en : o[i].label_lt;
					const char *until = arena_printf(&r->a, T(r, "until %s"), iso);
					lbl = lbl ? arena_printf(&r->a, "%s, %s", lbl, until) : until;
					o[i].label_lt = o[i].label_en = lbl;
				}

				if (dd->nocc < SK_ARRAY_LEN(dd->occ))
					dd->occ[dd->nocc++] = &o[i];
				else
					dd->more++;
			}
		}
	}
	struct space *spaces;
	size_t nspaces = sp_list(r->db, &r->a, r->inst->id, false, &spaces);
	const char *space_name = NULL;
	for (size_t i = 0; i < nspaces; i++)
		if (spaces[i].id == space)
			space_name = spaces[i].name;
	if (show_ev) {
		struct event_filter f = {.type = type, .space = space_name, .department_id = dept,
		                         .from = local_to_unix(first, 0, 0), .to = local_to_unix(ymd_add_days(last, 1), 0, 0)};
		struct event_occ *v;
		size_t n;
		bool more;
		if (event_occ_page(r, &f, 2000, 0, &v, &n, &more) == SK_OK) {
			for (size_t i = 0; i < n; i++) {
				int d;
				unix_to_local(v[i].starts_at, &d, NULL, NULL);
				if (d < first || d > last)
					continue;
				struct day *dd = &days[ymd_to_days(d) - day0];
				if (dd->nev < SK_ARRAY_LEN(dd->ev))
					dd->ev[dd->nev++] = &v[i];
				else
					dd->more++;
			}
		}
	}
	if (show_bk) {
		struct booking *b;
		size_t n = bk_list(r->db, &r->a, r->inst->id, space, NULL, NULL, local_to_unix(first, 0, 0),
		                   local_to_unix(ymd_add_days(last, 1), 0, 0), &b);
		for (size_t i = 0; i < n; i++) {
			if (str_eq(b[i].status, "declined") || str_eq(b[i].status, "cancelled"))
				continue;
			/* an event's room is on its event line already */
			if (show_ev && b[i].event_id > 0)
				continue;
			int d;
			unix_to_local(b[i].starts_at, &d, NULL, NULL);
			if (d < first || d > last)
				continue;
			struct day *dd = &days[ymd_to_days(d) - day0];
			if (dd->nbk < SK_ARRAY_LEN(dd->bk))
				dd->bk[dd->nbk++] = &b[i];
			else
				dd->more++;
		}
	}

	const char *title;
	if (week) {
		char a[11], b[11];
		ymd_format(first, a);
		ymd_format(last, b);
		title = arena_printf(&r->a, T(r, "week of %s – %s"), a, b);
	} else {
		title = arena_printf(&r->a, "%s %d", month_name(r->lang, m - 1), y);
	}
	page_begin(r, PAGE_STAFF, T(r, "Calendar"));
	html(r, "<h1>%s <span class=\"muted\">%s</span></h1>", T(r, "Calendar"), title);

	/* filters: a plain GET form */
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" aria-label=\"%s\">", cal_url(r), T(r, "Calendar filters"));
	html(r, "<input type=\"hidden\" name=\"f\" value=\"1\">");
	char mv[16];
	snprintf(mv, sizeof mv, "%04d-%02d", y, m);
	html(r, "<div class=\"field\"><label for=\"f-month\">%s</label><input id=\"f-month\" name=\"month\" type=\"month\" value=\"%s\"></div>",
	     T(r, "Month"), mv);
	html(r, "<div class=\"field\"><label for=\"f-space\">%s</label><select id=\"f-space\" name=\"space\"><option value=\"\">%s</option>",
	     T(r, "Space"), T(r, "All spaces"));
	for (size_t i = 0; i < nspaces; i++)
		html(r, "<option value=\"%lld\"%s>%s</option>", (long long)spaces[i].id, spaces[i].id == space ? " selected" : "",
		     spaces[i].name);
	html(r, "</select></div>");
	struct adm_dept *depts;
	size_t ndepts = adm_depts(r, &depts);
	html(r, "<div class=\"field\"><label for=\"f-dept\">%s</label><select id=\"f-dept\" name=\"dept\"><option value=\"\">%s</option>",
	     T(r, "Organising department"), T(r, "All departments"));
	for (size_t i = 0; i < ndepts; i++)
		html(r, "<option value=\"%lld\"%s>%s</option>", (long long)depts[i].id, depts[i].id == dept ? " selected" : "",
		     adm_dept_name(r, &depts[i]));
	html(r, "</select></div>");
	html(r, "<div class=\"field\"><label for=\"f-type\">%s</label><select id=\"f-type\" name=\"type\"><option value=\"\">%s</option>",
	     T(r, "Type"), T(r, "All types"));
	for (size_t i = 0; event_types[i]; i++)
		html(r, "<option value=\"%s\"%s>%s</option>", event_types[i], str_eq(type, event_types[i]) ? " selected" : "",
		     event_type_label(r, event_types[i]));
	html(r, "</select></div>");
	html(r, "<div class=\"field\"><label for=\"f-view\">%s</label><select id=\"f-view\" name=\"view\">"
	        "<option value=\"month\"%s>%s</option><option value=\"week\"%s>%s</option>"
	        "<option value=\"agenda\"%s>%s</option></select></div>",
	     T(r, "View"), agenda || week ? "" : " selected", T(r, "Month"), week ? " selected" : "", T(r, "Week"),
	     agenda ? " selected" : "", T(r, "Agenda"));
	html(r, "<fieldset class=\"field checks-inline\"><legend>%s</legend>", T(r, "Show"));
	html(r, "<span class=\"check\"><input type=\"checkbox\" id=\"f-occ\" name=\"occ\" value=\"1\"%s> "
	        "<label for=\"f-occ\">%s</label></span> ",
	     show_occ ? " checked" : "", T(r, "Occasions"));
	html(r, "<span class=\"check\"><input type=\"checkbox\" id=\"f-ev\" name=\"ev\" value=\"1\"%s> "
	        "<label for=\"f-ev\">%s</label></span> ",
	     show_ev ? " checked" : "", T(r, "Events"));
	html(r, "<span class=\"check\"><input type=\"checkbox\" id=\"f-bk\" name=\"bk\" value=\"1\"%s> "
	        "<label for=\"f-bk\">%s</label></span></fieldset>",
	     show_bk ? " checked" : "", T(r, "Bookings"));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Show"));

	/* previous / next keep the filters */
	const char *view = agenda ? "agenda" : week ? "week" : "month";
	const char *sp = space ? arena_printf(&r->a, "%lld", (long long)space) : "";
	const char *dp = dept ? arena_printf(&r->a, "%lld", (long long)dept) : "";
	const char *oc = show_occ ? "1" : "0", *ec = show_ev ? "1" : "0", *bc = show_bk ? "1" : "0";
	if (week) {
		char pw[11], nw[11];
		ymd_format(ymd_add_days(first, -7), pw);
		ymd_format(ymd_add_days(first, 7), nw);
		html(r, "<nav class=\"pager\" aria-label=\"%s\"><a href=\"%s\" rel=\"prev\">← %s</a> "
		        "<a href=\"%s\">%s</a> <a href=\"%s\" rel=\"next\">%s →</a></nav>",
		     T(r, "Weeks"),
		     url_fmt(&r->a, "/staff/%s/calendar?view=week&date=%s&space=%s&dept=%s&type=%s&f=1&occ=%s&ev=%s&bk=%s",
		             r->inst->slug, pw, sp, dp, type, oc, ec, bc),
		     T(r, "Previous week"),
		     url_fmt(&r->a, "/staff/%s/calendar?view=week&space=%s&dept=%s&type=%s&f=1&occ=%s&ev=%s&bk=%s",
		             r->inst->slug, sp, dp, type, oc, ec, bc),
		     T(r, "This week"),
		     url_fmt(&r->a, "/staff/%s/calendar?view=week&date=%s&space=%s&dept=%s&type=%s&f=1&occ=%s&ev=%s&bk=%s",
		             r->inst->slug, nw, sp, dp, type, oc, ec, bc),
		     T(r, "Next week"));
	} else {
		int pm = m == 1 ? 12 : m - 1, py = m == 1 ? y - 1 : y, nm = m == 12 ? 1 : m + 1, ny = m == 12 ? y + 1 : y;
		html(r, "<nav class=\"pager\" aria-label=\"%s\"><a href=\"%s\" rel=\"prev\">← %s %d</a> "
		        "<a href=\"%s\">%s</a> <a href=\"%s\" rel=\"next\">%s %d →</a></nav>",
		     T(r, "Months"),
		     url_fmt(&r->a, "/staff/%s/calendar?month=%04d-%02d&view=%s&space=%s&dept=%s&type=%s&f=1&occ=%s&ev=%s&bk=%s",
		             r->inst->slug, py, pm, view, sp, dp, type, oc, ec, bc),
		     month_name(r->lang, pm - 1), py,
		     url_fmt(&r->a, "/staff/%s/calendar?view=%s&space=%s&dept=%s&type=%s&f=1&occ=%s&ev=%s&bk=%s", r->inst->slug,
		             view, sp, dp, type, oc, ec, bc),
		     T(r, "This month"),
		     url_fmt(&r->a, "/staff/%s/calendar?month=%04d-%02d&view=%s&space=%s&dept=%s&type=%s&f=1&occ=%s&ev=%s&bk=%s",
		             r->inst->slug, ny, nm, view, sp, dp, type, oc, ec, bc),
		     month_name(r->lang, nm - 1), ny);
	}

	if (agenda) {
		bool any = false;
		html(r, "<ol class=\"agenda\">");
		for (int i = 0; i < ndays; i++) {
			struct day *dd = &days[i];
			if (!dd->nocc && !dd->nbk && !dd->nev && !dd->holiday)
				continue;
			any = true;
			char iso[11];
			ymd_format(dd->ymd, iso);
			html(r, "<li class=\"%s\"><h2 class=\"day\"><time datetime=\"%s\">%s</time>", dd->holiday ? "holiday" : "",
			     iso, fmt_date_full(&r->a, r->lang, local_to_unix(dd->ymd, 12, 0)));
			if (dd->holiday)
				html(r, " <span class=\"tag\">%s</span>", T(r, "Non-working day"));
			html(r, "</h2>");
			day_items(r, dd);
			html(r, "</li>");
		}
		html(r, "</ol>");
		if (!any)
			html(r, "<p class=\"muted\">%s</p>", T(r, "Nothing in this period."));
		page_end(r);
		return SK_OK;
	}

	html(r, "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"cal-cap\" tabindex=\"0\">"
	        "<table class=\"month\"><caption id=\"cal-cap\">%s</caption><thead><tr>", title);
	for (int w = 0; w < 7; w++)
		html(r, "<th scope=\"col\">%s</th>", weekday_name(r->lang, w));
	html(r, "</tr></thead><tbody><tr>");
	int lead = week ? 0 : ymd_weekday(first) - 1;
	for (int i = 0; i < lead; i++)
		html(r, "<td class=\"out\"></td>");
	for (int i = 0; i < ndays; i++) {
		struct day *dd = &days[i];
		int wd = ymd_weekday(dd->ymd);
		if (i && wd == 1)
			html(r, "</tr><tr>");
		bool weekend = wd >= 6;
		if (week)   /* "gruodžio 2 d.": a week may span two months */
			html(r, "<td class=\"%s%s%s\"><div class=\"dnum\">%s", dd->holiday ? "holiday " : "",
			     weekend ? "weekend " : "", dd->ymd == today ? "today" : "",
			     fmt_day_month(&r->a, r->lang, local_to_unix(dd->ymd, 12, 0)));
		else
			html(r, "<td class=\"%s%s%s\"><div class=\"dnum\">%d", dd->holiday ? "holiday " : "",
			     weekend ? "weekend " : "", dd->ymd == today ? "today" : "", ymd_day(dd->ymd));

		if (dd->holiday)
			html(r, "<span class=\"visually-hidden\"> %s</span>", T(r, "Non-working day"));
		if (dd->ymd == today)
			html(r, "<span class=\"visually-hidden\"> %s</span>", T(r, "Today"));
		html(r, "</div>");
		day_items(r, dd);
		if (dd->more)
			html(r, "<p class=\"muted\">%s</p>",
			     arena_printf(&r->a, TN(r, "and %zu more", "and %zu more", (int64_t)dd->more), dd->more));
		html(r, "</td>");
	}
	int tail = week ? 0 : 7 - ymd_weekday(last);
	for (int i = 0; i < tail; i++)
		html(r, "<td class=\"out\"></td>");
	html(r, "</tr></tbody></table></div>");
	html(r, "<p class=\"legend muted\"><span class=\"swatch holiday\"></span> %s · "
	        "<span class=\"badge occ-commem\">%s</span> · <span class=\"badge occ-anniv\">%s</span></p>",
	     T(r, "Non-working day"), T(r, "Commemorative day"), T(r, "Anniversary"));
	page_end(r);
	return SK_OK;
}

SK_NAV(nav_calendar, "staff", "/staff/{inst}/calendar", N_("Calendar"), "dashboard.view", 12, 0);

SK_ROUTES(calendar, {"GET", "/staff/{inst}/calendar", calendar, "dashboard.view", 0});

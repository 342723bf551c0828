/*
 * content_calendar.c -- the content calendar (REQUIREMENTS C4 workflow
 * 1, AC-C4-1, AC-C1-5): everything planned and scheduled across the
 * channels, with the occasions and the events beside it.
 *
 * Three views of one date range:
 *   week   lanes: one row per channel, one column per day, each cell the
 *          publications on that channel that day and the plan's items
 *          still without a text (dashed); the occasions and events of
 *          each day in a row above the lanes;
 *   month  a grid of days, each with its publications, planned items,
 *          occasions and events;
 *   list   by day, with a "move" form on each publication not yet out
 *          (the reschedule; the same model call and checks as on the
 *          item's publishing page, audited there).
 * Filters: a channel, the item's department. Everything is read through
 * the model files (publication.c, publicity.c, occasion.c, event.c),
 * scoped to r->inst; nothing is stored here.
 */
#include "layout.h"
#include "../core/i18n.h"
#include "../model/admin.h"
#include "../model/event.h"
#include "../model/occasion.h"
#include "../model/publication.h"
#include "../model/publicity.h"
#include "../model/rubric.h"

#include <stdio.h>
#include <string.h>

struct cday {
	int ymd;
	bool holiday;
	const struct publication *pub[16];
	size_t npub;
	const struct pub_item *plan[8];
	size_t nplan;
	const struct rubric_slot *rub[8];
	size_t nrub;
	const struct occurrence *occ[6];
	size_t nocc;
	const struct event_occ *ev[8];
	size_t nev;
	size_t more;
};

static const char *cal_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/content/calendar", r->inst->slug); }

/* Opens the item's <li>; the caller closes it (the list view puts the
 * move form inside). */
static void pub_line(struct req *r, const struct publication *p, bool with_channel)
{
	html(r, "<li class=\"cc-pub\"><a href=\"%s\"><span class=\"t\">%s</span> %s</a>",
	     url_fmt(&r->a, "/staff/%s/content/%lld/publish", r->inst->slug, (long long)p->item_id),
	     fmt_time(&r->a, r->lang, p->scheduled_at), p->item_title);
	if (with_channel)
		html(r, " <span class=\"muted\">· %s</span>", p->channel_name);
	html(r, " <span class=\"tag pub-%s\">%s</span>", p->status, publ_status_label(r, p->status));
}

static void plan_line(struct req *r, const struct pub_item *it, bool with_channel)
{
	html(r, "<li class=\"cc-plan\"><a href=\"%s\">%s</a>",
	     url_fmt(&r->a, "/staff/%s/publicity/plans/%lld", r->inst->slug, (long long)it->plan_id), it->what);
	if (with_channel)
		html(r, " <span class=\"muted\">· %s</span>", it->channel_name);
	html(r, " <span class=\"tag\">%s</span></li>", T(r, "Planned"));
}

static void rubric_line(struct req *r, const struct rubric_slot *s)
{
	html(r, "<li class=\"cc-plan\"><a href=\"%s\"><span class=\"t\">%s</span> %s</a> <span class=\"tag\">%s</span></li>",
	     url_fmt(&r->a, "/staff/%s/content/%lld", r->inst->slug, (long long)s->item_id),
	     fmt_time(&r->a, r->lang, s->slot_at), s->rubric_name, T(r, "Rubric"));
}

static void beside_lines(struct req *r, const struct cday *d)
{
	for (size_t k = 0; k < d->nocc; k++) {
		const struct occurrence *o = d->occ[k];
		html(r, "<li class=\"badge occ-%s\">%s</li>", str_eq(o->kind, "public_holiday") ? "holiday" : "other",
		     r->lang == LANG_EN && *o->title_en ? o->title_en : o->title);
	}
	for (size_t k = 0; k < d->nev; k++)
		html(r, "<li class=\"cc-ev\"><a href=\"%s\">%s</a></li>",
		     url_fmt(&r->a, "/staff/%s/events/%lld", r->inst->slug, (long long)d->ev[k]->event_id), d->ev[k]->ev.title);
}

static sk_rc content_calendar(struct req *r)
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
	bool week = !vq || !*vq || str_eq(vq, "week"), list = str_eq(vq, "list");
	if (list)
		week = false;
	int64_t chan = 0, dept = 0;
	const char *q = req_query(r, "channel");
	if (q && *q && !parse_i64(q, &chan))
		chan = 0;
	q = req_query(r, "dept");
	if (q && *q && !parse_i64(q, &dept))
		dept = 0;

	int first = ymd_make(y, m, 1), ndays = ymd_days_in_month(y, m);
	if (week) {
		int anchor = mq && *mq ? first : today, dv;
		const char *dq = req_query(r, "date");
		if (dq && *dq) {
			if (!ymd_parse(dq, &dv))
				return SK_ENOTFOUND;
			anchor = dv;
		}
		first = ymd_add_days(anchor, 1 - ymd_weekday(anchor));
		ndays = 7;
	}
	int last = ymd_add_days(first, ndays - 1);
	int64_t day0 = ymd_to_days(first);
	struct cday *days = arena_alloc(&r->a, (size_t)ndays * sizeof *days);
	memset(days, 0, (size_t)ndays * sizeof *days);
	for (int i = 0; i < ndays; i++) {
		days[i].ymd = ymd_add_days(first, i);
		days[i].holiday = occ_is_holiday(r->db, days[i].ymd);
	}
	struct chan *chs;
	size_t nch;
	sk_rc rc = chan_list(r, false, &chs, &nch);
	if (rc != SK_OK)
		return rc;
	/* publications in the range (withdrawn ones are history, not plans) */
	struct publ_filter pf = {.channel_id = chan, .from = local_to_unix(first, 0, 0),
	                         .to = local_to_unix(ymd_add_days(last, 1), 0, 0)};
	struct publication *pv;
	size_t np;
	if ((rc = publ_list(r, &pf, 2000, &pv, &np)) != SK_OK)
		return rc;
	for (size_t i = 0; i < np; i++) {
		if (str_eq(pv[i].status, "withdrawn"))
			continue;
		int d;
		unix_to_local(pv[i].scheduled_at, &d, NULL, NULL);
		if (d < first || d > last)
			continue;
		struct cday *dd = &days[ymd_to_days(d) - day0];
		if (dd->npub < SK_ARRAY_LEN(dd->pub))
			dd->pub[dd->npub++] = &pv[i];
		else
			dd->more++;
	}
	(void)dept;
	/* the plans' items (their texts, once written, are publications) */
	struct pub_item *pi;
	size_t npi = 0;
	if (pub_items_between(r, first, last, &pi, &npi) == SK_OK)
		for (size_t i = 0; i < npi; i++) {
			if (chan && pi[i].channel_id != chan)
				continue;
			struct cday *dd = &days[ymd_to_days(pi[i].item_date) - day0];
			if (pi[i].item_date < first || pi[i].item_date > last)
				continue;
			if (dd->nplan < SK_ARRAY_LEN(dd->plan))
				dd->plan[dd->nplan++] = &pi[i];
			else
				dd->more++;
		}
	/* the rubrics' coming dates whose draft is not scheduled yet (a
	 * scheduled one is a publication above) */
	struct rubric_slot *rs;
	size_t nrs = 0;
	if (rubric_slots(r, 0, local_to_unix(first, 0, 0), local_to_unix(ymd_add_days(last, 1), 0, 0), &rs, &nrs) == SK_OK)
		for (size_t i = 0; i < nrs; i++) {
			if (chan && rs[i].channel_id != chan)
				continue;
			if (!str_eq(rs[i].item_status, "draft") && !str_eq(rs[i].item_status, "language_review") &&
			    !str_eq(rs[i].item_status, "approval") && !str_eq(rs[i].item_status, "approved"))
				continue;
			int d;
			unix_to_local(rs[i].slot_at, &d, NULL, NULL);
			if (d < first || d > last)
				continue;
			struct cday *dd = &days[ymd_to_days(d) - day0];
			if (dd->nrub < SK_ARRAY_LEN(dd->rub))
				dd->rub[dd->nrub++] = &rs[i];
			else
				dd->more++;
		}
	struct occurrence *oc;
	size_t noc = 0;
	if (occ_between(r->db, &r->a, r->inst->id, first, last, &oc, &noc) == SK_OK)
		for (size_t i = 0; i < noc; i++) {
			int s = ymd_make(oc[i].y, oc[i].m, oc[i].d);
			struct cday *dd = &days[ymd_to_days(s < first ? first : s) - day0];
			if (dd->nocc < SK_ARRAY_LEN(dd->occ))
				dd->occ[dd->nocc++] = &oc[i];
		}
	struct event_filter ef = {.from = local_to_unix(first, 0, 0), .to = local_to_unix(ymd_add_days(last, 1), 0, 0),
	                          .department_id = dept};
	struct event_occ *ev;
	size_t nev = 0;
	bool more;
	if (event_occ_page(r, &ef, 500, 0, &ev, &nev, &more) == SK_OK)
		for (size_t i = 0; i < nev; i++) {
			if (str_eq(ev[i].ev.state, "cancelled") || str_eq(ev[i].ev.state, "draft"))
				continue;
			int d;
			unix_to_local(ev[i].starts_at, &d, NULL, NULL);
			if (d < first || d > last)
				continue;
			struct cday *dd = &days[ymd_to_days(d) - day0];
			if (dd->nev < SK_ARRAY_LEN(dd->ev))
				dd->ev[dd->nev++] = &ev[i];
		}

	char a[11], b[11];
	ymd_format(first, a);
	ymd_format(last, b);
	const char *span = week ? arena_printf(&r->a, T(r, "week of %s – %s"), a, b)
	                        : arena_printf(&r->a, "%s %d", month_name(r->lang, m - 1), y);
	page_begin(r, PAGE_STAFF, T(r, "Content calendar"));
	html(r, "<h1>%s <span class=\"muted\">%s</span></h1>", T(r, "Content calendar"), span);

	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" aria-label=\"%s\">", cal_url(r),
	     T(r, "Calendar filters"));
	char mv[16];
	snprintf(mv, sizeof mv, "%04d-%02d", y, m);
	html(r, "<div class=\"field\"><label for=\"f-month\">%s</label><input id=\"f-month\" name=\"month\" type=\"month\" "
	        "value=\"%s\"></div>",
	     T(r, "Month"), mv);
	const char *views[] = {"week", "month", "list"};
	const char *vlabels[] = {T(r, "Week (channel lanes)"), T(r, "Month"), T(r, "List")};
	ui_select(r, "view", T(r, "View"), views, vlabels, 3, week ? "week" : list ? "list" : "month", false, NULL);
	const char **cv = arena_alloc(&r->a, (nch + 1) * sizeof *cv), **cl = arena_alloc(&r->a, (nch + 1) * sizeof *cl);
	cv[0] = "";
	cl[0] = T(r, "All channels");
	for (size_t i = 0; i < nch; i++) {
		cv[i + 1] = arena_printf(&r->a, "%lld", (long long)chs[i].id);
		cl[i + 1] = chs[i].name;
	}
	ui_select(r, "channel", T(r, "Channel"), cv, cl, nch + 1, chan ? arena_printf(&r->a, "%lld", (long long)chan) : "",
	          false, NULL);
	struct adm_dept *dv;
	size_t nd = adm_depts(r, &dv);
	const char **dvals = arena_alloc(&r->a, (nd + 1) * sizeof *dvals), **dl = arena_alloc(&r->a, (nd + 1) * sizeof *dl);
	dvals[0] = "";
	dl[0] = T(r, "All departments");
	for (size_t i = 0; i < nd; i++) {
		dvals[i + 1] = arena_printf(&r->a, "%lld", (long long)dv[i].id);
		dl[i + 1] = adm_dept_name(r, &dv[i]);
	}
	ui_select(r, "dept", T(r, "Events of the department"), dvals, dl, nd + 1,
	          dept ? arena_printf(&r->a, "%lld", (long long)dept) : "", false, NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Show"));

	/* previous / next */
	const char *vname = week ? "week" : list ? "list" : "month";
	if (week) {
		char p[11], n[11];
		ymd_format(ymd_add_days(first, -7), p);
		ymd_format(ymd_add_days(first, 7), n);
		ui_pager(r, url_fmt(&r->a, "/staff/%s/content/calendar?view=week&date=%s&channel=%lld", r->inst->slug, p,
		                    (long long)chan),
		         url_fmt(&r->a, "/staff/%s/content/calendar?view=week&date=%s&channel=%lld", r->inst->slug, n,
		                 (long long)chan),
		         span);
	} else {
		int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1, ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
		ui_pager(r, url_fmt(&r->a, "/staff/%s/content/calendar?view=%s&month=%04d-%02d&channel=%lld", r->inst->slug,
		                    vname, py, pm, (long long)chan),
		         url_fmt(&r->a, "/staff/%s/content/calendar?view=%s&month=%04d-%02d&channel=%lld", r->inst->slug, vname,
		                 ny, nm, (long long)chan),
		         span);
	}

	if (week) {
		html(r, "<div class=\"table-scroll\"><table class=\"data cc-lanes\"><caption>%s</caption><thead><tr>"
		        "<th scope=\"col\">%s</th>",
		     span, T(r, "Channel"));
		for (int i = 0; i < ndays; i++)
			html(r, "<th scope=\"col\"%s>%s<br>%s</th>", days[i].holiday ? " class=\"holiday\"" : "",
			     weekday_name(r->lang, i), fmt_day_month(&r->a, r->lang, local_to_unix(days[i].ymd, 12, 0)));
		html(r, "</tr></thead><tbody><tr><th scope=\"row\">%s</th>", T(r, "Occasions and events"));
		for (int i = 0; i < ndays; i++) {
			html(r, "<td><ul class=\"items\">");
			beside_lines(r, &days[i]);
			html(r, "</ul></td>");
		}
		html(r, "</tr>");
		for (size_t c = 0; c < nch; c++) {
			if (chan && chs[c].id != chan)
				continue;
			if (!str_eq(chs[c].status, "active"))
				continue;
			html(r, "<tr><th scope=\"row\">%s</th>", chs[c].name);
			for (int i = 0; i < ndays; i++) {
				html(r, "<td><ul class=\"items\">");
				for (size_t k = 0; k < days[i].npub; k++)
					if (days[i].pub[k]->channel_id == chs[c].id) {
						pub_line(r, days[i].pub[k], false);
						html(r, "</li>");
					}
				for (size_t k = 0; k < days[i].nplan; k++)
					if (days[i].plan[k]->channel_id == chs[c].id)
						plan_line(r, days[i].plan[k], false);
				for (size_t k = 0; k < days[i].nrub; k++)
					if (days[i].rub[k]->channel_id == chs[c].id)
						rubric_line(r, days[i].rub[k]);
				html(r, "</ul></td>");
			}
			html(r, "</tr>");
		}
		html(r, "</tbody></table></div>");
	} else if (!list) {
		html(r, "<table class=\"data cal-month\"><caption>%s</caption><thead><tr>", span);
		for (int d = 0; d < 7; d++)
			html(r, "<th scope=\"col\">%s</th>", weekday_name(r->lang, d));
		html(r, "</tr></thead><tbody><tr>");
		int wd = ymd_weekday(first), cell = 0;
		for (int i = 1; i < wd; i++, cell++)
			html(r, "<td></td>");
		for (int i = 0; i < ndays; i++, cell++) {
			if (cell && cell % 7 == 0)
				html(r, "</tr><tr>");
			const struct cday *dd = &days[i];
			html(r, "<td%s><span class=\"day\">%d</span><ul class=\"items\">", dd->holiday ? " class=\"holiday\"" : "",
			     dd->ymd % 100);
			beside_lines(r, dd);
			for (size_t k = 0; k < dd->npub; k++) {
				pub_line(r, dd->pub[k], true);
				html(r, "</li>");
			}
			for (size_t k = 0; k < dd->nplan; k++)
				plan_line(r, dd->plan[k], true);
			for (size_t k = 0; k < dd->nrub; k++)
				rubric_line(r, dd->rub[k]);
			html(r, "</ul>");
			if (dd->more)
				html(r, "<p class=\"muted\">%s</p>", arena_printf(&r->a, T(r, "and %zu more"), dd->more));
			html(r, "</td>");
		}
		for (; cell % 7; cell++)
			html(r, "<td></td>");
		html(r, "</tr></tbody></table>");
	} else {
		size_t shown = 0;
		for (int i = 0; i < ndays; i++) {
			const struct cday *dd = &days[i];
			if (!dd->npub && !dd->nplan && !dd->nrub)
				continue;
			shown++;
			html(r, "<h2 class=\"cc-day\">%s</h2><ul class=\"plain cc-list\">",
			     fmt_date_full(&r->a, r->lang, local_to_unix(dd->ymd, 12, 0)));
			for (size_t k = 0; k < dd->npub; k++) {
				const struct publication *p = dd->pub[k];
				pub_line(r, p, true);
				if (str_eq(p->status, "scheduled") || str_eq(p->status, "due") || str_eq(p->status, "failed")) {
					int pd, hh, mm;
					unix_to_local(p->scheduled_at, &pd, &hh, &mm);
					char iso[11];
					ymd_format(pd, iso);
					form_open(r, url_fmt(&r->a, "/staff/%s/publications/%lld/reschedule", r->inst->slug,
					                     (long long)p->id),
					          "inline cc-move");
					html(r, "<input type=\"hidden\" name=\"back\" value=\"calendar\">"
					        "<label for=\"d-%lld\">%s</label> <input id=\"d-%lld\" name=\"date\" type=\"date\" value=\"%s\" "
					        "required> <label for=\"t-%lld\">%s</label> <input id=\"t-%lld\" name=\"time\" type=\"time\" "
					        "value=\"%02d:%02d\" required> <button type=\"submit\" class=\"secondary\">%s</button>",
					     (long long)p->id, T(r, "Date"), (long long)p->id, iso, (long long)p->id, T(r, "Time"),
					     (long long)p->id, hh, mm, T(r, "Move"));
					form_close(r);
				}
				html(r, "</li>");
			}
			for (size_t k = 0; k < dd->nplan; k++)
				plan_line(r, dd->plan[k], true);
			for (size_t k = 0; k < dd->nrub; k++)
				rubric_line(r, dd->rub[k]);
			html(r, "</ul>");
		}
		if (!shown)
			html(r, "<p>%s</p>", T(r, "Nothing is planned or scheduled in this month."));
	}
	page_end(r);
	return SK_OK;
}

SK_ROUTES(content_calendar, {"GET", "/staff/{inst}/content/calendar", content_calendar, "content.view", 0});

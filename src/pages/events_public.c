/*
 * events_public.c -- the public events calendar of an institution (C8,
 * X6): upcoming list with filters, an accessible month grid, the event
 * page (with the photography notice of S8 point 4), iCalendar (RFC 5545,
 * built with libical), an Atom feed (libxml2), a bare widget for iframes,
 * and the county library's network calendar (?network=1).
 *
 * Only published events with is_public are shown; every statement is
 * scoped to the {inst} of the URL, except the network calendar, which
 * reads the public, shared events of the institutions whose parent is
 * this one.
 */
#include "layout.h"
#include "events_common.h"
#include "../core/frag.h"
#include "../core/i18n.h"
#include "../model/model.h"
#include "../model/occasion.h"
#include "../model/registration.h"

#include <libical/ical.h>
#include <libxml/xmlwriter.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define LIST_MAX 200 /* network calendar */
#define PAGE_SIZE 24 /* upcoming list: a page is two to four weeks of a county library's events */

static const char *when_text(struct req *r, const struct event *e, int64_t s, int64_t en)
{
	if (e->all_day) {
		int64_t last = en - 1 > s ? en - 1 : s;
		int a, b;
		unix_to_local(s, &a, NULL, NULL);
		unix_to_local(last, &b, NULL, NULL);
		if (a == b)
			return fmt_date_full(&r->a, r->lang, s);
		return arena_printf(&r->a, "%s – %s", fmt_date_long(&r->a, r->lang, s), fmt_date_long(&r->a, r->lang, last));
	}
	int a, b;
	unix_to_local(s, &a, NULL, NULL);
	unix_to_local(en, &b, NULL, NULL);
	if (a == b)
		return arena_printf(&r->a, "%s, %s–%s", fmt_date_full(&r->a, r->lang, s), fmt_time(&r->a, r->lang, s),
		                    fmt_time(&r->a, r->lang, en));
	return arena_printf(&r->a, "%s – %s", fmt_datetime(&r->a, r->lang, s), fmt_datetime(&r->a, r->lang, en));
}

/* ---- list, month grid, network ---------------------------------------- */

static void filters_form(struct req *r, const char *type, const char *aud, const char *date, const char *space,
                         bool network)
{
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" aria-label=\"%s\">",
	     url_fmt(&r->a, "/%s/events", r->inst->slug), T(r, "Filter the events"));
	const char *vals[16], *labels[16];
	size_t n = 0;
	vals[n] = "";
	labels[n++] = T(r, "All types");
	for (size_t i = 0; event_types[i] && n < 16; i++) {
		vals[n] = event_types[i];
		labels[n++] = event_type_label(r, event_types[i]);
	}
	ui_select(r, "type", T(r, "Type"), vals, labels, n, type ? type : "", false, NULL);
	const char **names;
	size_t ns = event_space_names(r, &names);
	if (ns) {
		const char *sv[65], *sl[65];
		size_t k = 0;
		sv[k] = "";
		sl[k++] = T(r, "All spaces");
		for (size_t i = 0; i < ns && k < 65; i++, k++)
			sv[k] = sl[k] = names[i];
		ui_select(r, "space", T(r, "Space"), sv, sl, k, space ? space : "", false, NULL);
	}
	ui_field(r, "audience", T(r, "Audience"), "text", aud ? aud : "", false, "off", NULL);
	ui_field(r, "from", T(r, "From date"), "date", date ? date : "", false, "off", NULL);
	if (network)
		html(r, "<input type=\"hidden\" name=\"network\" value=\"1\">");
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></div></form>",
	     T(r, "Filter"), url_fmt(&r->a, "/%s/events", r->inst->slug), T(r, "Clear filters"));
}

/* The filter form without any filter chosen -- what nearly every visit
 * shows -- is the same for every visitor of an institution in a
 * language until its spaces change; each thread remembers it per
 * institution under the spaces' fingerprint (count, sum of versions,
 * highest id: migration 141), read by one indexed aggregate. Any other
 * combination is rendered. The markup is html() output, hence trusted;
 * freed when its slot is reused. */
SK_STMT_SCOPED(st_evpub_spaces_fp, "SELECT COUNT(*), COALESCE(SUM(version), 0), COALESCE(MAX(id), 0) FROM spaces "
                                   "WHERE institution_id = $1 AND active = 1");
#define FORM_MEMO 16
static _Thread_local struct {
	int64_t inst, fp[3];
	enum lang lang;
	char *form_html;
} form_memo[FORM_MEMO];

static void filters_form(struct req *r, const char *type, const char *aud, const char *date, const char *space,
                         bool network);
static void memo_register(void);

static void default_filters_form(struct req *r)
{
	int64_t fp[3] = {-1, -1, -1};
	dbq *q = db_q(r->db, &st_evpub_spaces_fp);
	if (db_step(q) == DB_ROW)
		for (int i = 0; i < 3; i++)
			fp[i] = db_int(q, i);
	db_done(q);
	unsigned slot = (unsigned)((uint64_t)r->inst->id % FORM_MEMO);
	if (fp[0] >= 0 && form_memo[slot].form_html && form_memo[slot].inst == r->inst->id &&
	    form_memo[slot].lang == r->lang && memcmp(form_memo[slot].fp, fp, sizeof fp) == 0) {
		const char *form_html = form_memo[slot].form_html;
		html_raw(r, form_html);
		return;
	}
	size_t before = r->out.len;
	filters_form(r, "", "", "", "", false);
	if (fp[0] < 0 || r->out.overflow || r->out.len <= before)
		return;
	size_t len = r->out.len - before;
	memo_register();
	free(form_memo[slot].form_html);
	form_memo[slot].form_html = xmalloc(len + 1);
	memcpy(form_memo[slot].form_html, r->out.data + before, len);
	form_memo[slot].form_html[len] = 0;
	form_memo[slot].inst = r->inst->id;
	form_memo[slot].lang = r->lang;
	memcpy(form_memo[slot].fp, fp, sizeof fp);
}

/* One list item. The list is the hot public page, so an item is one
 * html() call; the event URL is base (already encoded) + id. */
static void occ_item(struct req *r, const struct event_occ *o, const char *base, const char *who)
{
	const struct event *e = &o->ev;
	html(r, "<li class=\"event-item\"><h3><a href=\"%s%lld\">%s</a></h3>"
	        "<p class=\"event-when\"><time datetime=\"%s\">%s</time></p><p class=\"muted\">%s%s%s%s%s</p>",
	     base, (long long)o->event_id, e->title, fmt_date(&r->a, r->lang, o->starts_at),
	     when_text(r, e, o->starts_at, o->ends_at), event_type_label(r, e->type), *e->space_name ? " · " : "",
	     e->space_name, *e->audience ? " · " : "", e->audience);
	if (who)
		html(r, "<p class=\"muted\">%s</p>", who);
	if (*e->summary)
		html(r, "<p>%s</p>", e->summary);
	html(r, "</li>");
}

/* An item of the upcoming list costs a couple of microseconds to render
 * (dates through ICU, labels, escaping), the same for every visitor. Each
 * thread remembers the rendered markup per (occurrence, row version,
 * language, institution URL): events.version is bumped by a trigger on
 * every update of the row (migration 100), created_at/updated_at guard
 * against a database replaced under the process, so an edit is a miss
 * and never a stale item. The markup is html() output, hence trusted.
 * Freed when a slot is reused; pool threads live as long as the process. */
#define ITEM_MEMO 2048
struct item_memo {
	int64_t event_id, starts_at, ends_at, version, created_at, updated_at;
	uint64_t ctx;
	char *item_html;
};
static _Thread_local struct item_memo item_memo[ITEM_MEMO];

static void list_item(struct req *r, const struct event_occ *o, const char *base, uint64_t ctx)
{
	uint64_t k = (uint64_t)o->event_id * 0x9E3779B97F4A7C15ull ^ (uint64_t)o->starts_at * 0xC2B2AE3D27D4EB4Full;
	struct item_memo *m = &item_memo[(k >> 40) % ITEM_MEMO];
	if (m->item_html && m->event_id == o->event_id && m->starts_at == o->starts_at && m->ends_at == o->ends_at &&
	    m->version == o->version && m->created_at == o->ev.created_at && m->updated_at == o->ev.updated_at &&
	    m->ctx == ctx) {
		html_raw(r, m->item_html);
		return;
	}
	struct event_occ full = *o;
	if (event_get(r, o->event_id, &full.ev) != SK_OK)
		return;
	size_t before = r->out.len;
	occ_item(r, &full, base, NULL);
	if (r->out.overflow || r->out.len <= before)
		return;
	memo_register();
	free(m->item_html);
	size_t len = r->out.len - before;
	m->item_html = xmalloc(len + 1);
	memcpy(m->item_html, r->out.data + before, len);
	m->item_html[len] = 0;
	m->event_id = o->event_id;
	m->starts_at = o->starts_at;
	m->ends_at = o->ends_at;
	m->version = o->version;
	m->created_at = o->ev.created_at;
	m->updated_at = o->ev.updated_at;
	m->ctx = ctx;
}

static void month_grid(struct req *r, int y, int m, const struct event_occ *v, size_t n)
{
	const char *slug = r->inst->slug;
	int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1, ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
	html(r, "<nav aria-label=\"%s\"><ul class=\"pager\"><li><a href=\"%s\">%s</a></li><li><a href=\"%s\">%s</a></li>"
	        "</ul></nav>",
	     T(r, "Months"), url_fmt(&r->a, "/%s/events?view=month&month=%04d-%02d", slug, py, pm),
	     T(r, "Previous month"), url_fmt(&r->a, "/%s/events?view=month&month=%04d-%02d", slug, ny, nm),
	     T(r, "Next month"));
	html(r, "<table class=\"data event-month\"><caption>%s</caption><thead><tr>",
	     r->lang == LANG_LT ? arena_printf(&r->a, "%d m. %s", y, month_name(r->lang, m - 1))
	                        : arena_printf(&r->a, "%s %d", month_name(r->lang, m - 1), y));
	for (int d = 0; d < 7; d++)
		html(r, "<th scope=\"col\">%s</th>", weekday_name(r->lang, d));
	html(r, "</tr></thead><tbody>");
	int first = ymd_make(y, m, 1);
	int wd = ymd_weekday(first);   /* 1 = Monday */
	int days = ymd_days_in_month(y, m);
	int cell = 0;
	html(r, "<tr>");
	for (int i = 1; i < wd; i++, cell++)
		html(r, "<td></td>");
	for (int d = 1; d <= days; d++, cell++) {
		if (cell && cell % 7 == 0)
			html(r, "</tr><tr>");
		int ymd = ymd_make(y, m, d);
		html(r, "<td><span class=\"day\">%d</span>", d);
		bool any = false;
		for (size_t i = 0; i < n; i++) {
			int od;
			unix_to_local(v[i].starts_at, &od, NULL, NULL);
			if (od != ymd)
				continue;
			if (!any)
				html(r, "<ul class=\"plain\">");
			any = true;
			html(r, "<li><a href=\"%s\">%s%s%s</a></li>",
			     url_fmt(&r->a, "/%s/events/%lld", slug, (long long)v[i].event_id),
			     v[i].ev.all_day ? "" : fmt_time(&r->a, r->lang, v[i].starts_at), v[i].ev.all_day ? "" : " ",
			     v[i].ev.title);
		}
		if (any)
			html(r, "</ul>");
		html(r, "</td>");
	}
	while (cell % 7) {
		html(r, "<td></td>");
		cell++;
	}
	html(r, "</tr></tbody></table>");
}

static sk_rc events_list(struct req *r)
{
	const char *type = req_query(r, "type"), *aud = req_query(r, "audience"), *from = req_query(r, "from");
	const char *view = req_query(r, "view"), *month = req_query(r, "month"), *space = req_query(r, "space");
	if (!space || strlen(space) > 200)
		space = "";
	int64_t page = req_page(r, 1000);
	bool network = str_eq(req_query(r, "network"), "1");
	if (type && *type) {
		bool ok = false;
		for (size_t i = 0; event_types[i]; i++)
			ok |= str_eq(event_types[i], type);
		if (!ok)
			type = "";
	}
	struct event_filter f = {.type = type, .audience = aud, .public_only = true, .space = space};
	int64_t now = now_unix();
	int fy = 0, fm = 0;
	bool grid = str_eq(view, "month");
	if (grid) {
		if (!event_parse_month(month, &fy, &fm)) {
			int t = local_today();
			fy = ymd_year(t);
			fm = ymd_month(t);
		}
		f.from = event_month_start(fy, fm);
		f.to = event_month_start(fy, fm + 1);
	} else {
		int ymd;
		if (from && *from && ymd_parse(from, &ymd))
			f.from = local_to_unix(ymd, 0, 0);
		else {
			f.from = now - 12 * 3600;
			from = "";
		}
	}
	struct event_occ *v = NULL;
	size_t n = 0;
	bool more = false;
	sk_rc rc;
	if (network)
		rc = event_network_list(r, r->inst->id, f.from, f.to ? f.to : f.from + 400 * 86400LL, LIST_MAX, &v, &n);
	else if (grid)
		rc = event_occ_page(r, &f, 1000, 0, &v, &n, &more);
	else
		rc = event_occ_keys(r, &f, PAGE_SIZE, (size_t)(page - 1) * PAGE_SIZE, &v, &n, &more);
	if (rc != SK_OK)
		return rc;
	const char *title = network ? T(r, "Network events calendar") : T(r, "Events");
	page_begin(r, PAGE_PUBLIC, title);
	html(r, "<h1>%s</h1><p class=\"lead\">%s</p>", title, inst_name(r, r->inst));
	html(r, "<p class=\"event-views\"><a href=\"%s\">%s</a> · <a href=\"%s\">%s</a> · <a href=\"%s\">%s</a> · "
	        "<a href=\"%s\">%s</a></p>",
	     url_fmt(&r->a, "/%s/events", r->inst->slug), T(r, "Upcoming events"),
	     url_fmt(&r->a, "/%s/events?view=month", r->inst->slug), T(r, "Month view"),
	     url_fmt(&r->a, "/%s/events.ics", r->inst->slug), T(r, "Calendar (iCalendar)"),
	     url_fmt(&r->a, "/%s/events.atom", r->inst->slug), T(r, "News feed (Atom)"));
	if (grid) {
		month_grid(r, fy, fm, v, n);
	} else {
		if (!network && !*(type ? type : "") && !*(aud ? aud : "") && !*(from ? from : "") && !*space)
			default_filters_form(r);
		else if (!network)
			filters_form(r, type, aud, from, space, network);
		if (n == 0) {
			html(r, "<p>%s</p>", T(r, "No upcoming events match these filters."));
		} else {
			html(r, "<ul class=\"plain event-list\">");
			const char *base = url_fmt(&r->a, "/%s/events/", r->inst->slug);
			uint64_t ctx = frag_str(FRAG_SEED ^ (uint64_t)r->lang, base);
			for (size_t i = 0; i < n; i++) {
				if (!network) {
					list_item(r, &v[i], base, ctx);
					continue;
				}
				struct inst *in = inst_by_id(r, v[i].ev.inst_id);
				occ_item(r, &v[i], in ? url_fmt(&r->a, "/%s/events/", in->slug) : base,
				         in ? inst_name(r, in) : NULL);
			}
			html(r, "</ul>");
		}
		if (!network && (page > 1 || more)) {
			const char *q = url_fmt(&r->a, "/%s/events?type=%s&space=%s&audience=%s&from=%s", r->inst->slug,
			                        type ? type : "", space, aud ? aud : "", from ? from : "");
			html(r, "<nav aria-label=\"%s\"><ul class=\"pager\">", T(r, "Pages"));
			if (page > 1)
				html(r, "<li><a href=\"%s&amp;page=%lld\" rel=\"prev\">%s</a></li>", q, (long long)(page - 1),
				     T(r, "Earlier events"));
			if (more)
				html(r, "<li><a href=\"%s&amp;page=%lld\" rel=\"next\">%s</a></li>", q, (long long)(page + 1),
				     T(r, "Later events"));
			html(r, "</ul></nav>");
		}
	}
	page_end(r);
	return SK_OK;
}

static sk_rc events_widget(struct req *r)
{
	struct event_filter f = {.public_only = true, .from = now_unix() - 12 * 3600};
	struct event_occ *v;
	size_t n;
	bool more;
	sk_rc rc = event_occ_page(r, &f, 10, 0, &v, &n, &more);
	if (rc != SK_OK)
		return rc;
	page_begin(r, PAGE_BARE, T(r, "Events"));
	html(r, "<main id=\"main\" class=\"widget\"><h1>%s</h1>", T(r, "Upcoming events"));
	if (n == 0)
		html(r, "<p>%s</p>", T(r, "No upcoming events."));
	html(r, "<ul class=\"plain\">");
	for (size_t i = 0; i < n; i++)
		html(r, "<li><a href=\"%s\" target=\"_top\">%s</a> <span class=\"muted\">%s</span></li>",
		     url_fmt(&r->a, "/%s/events/%lld", r->inst->slug, (long long)v[i].event_id), v[i].ev.title,
		     when_text(r, &v[i].ev, v[i].starts_at, v[i].ends_at));
	html(r, "</ul></main>");
	page_end(r);
	return SK_OK;
}

/* ---- iCalendar ---------------------------------------------------------- */

static const char vilnius_vtimezone[] =
	"BEGIN:VTIMEZONE\r\nTZID:Europe/Vilnius\r\n"
	"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300\r\nTZNAME:EEST\r\n"
	"DTSTART:19700329T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
	"BEGIN:STANDARD\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0200\r\nTZNAME:EET\r\n"
	"DTSTART:19701025T040000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
	"END:VTIMEZONE\r\n";

static struct icaltimetype local_ical(int64_t t, bool date_only)
{
	int ymd, hh, mm;
	unix_to_local(t, &ymd, &hh, &mm);
	struct icaltimetype v = icaltime_null_time();
	v.year = ymd_year(ymd);
	v.month = ymd_month(ymd);
	v.day = ymd_day(ymd);
	if (date_only) {
		v.is_date = 1;
	} else {
		v.hour = hh;
		v.minute = mm;
	}
	return v;
}

static icalproperty *with_tzid(icalproperty *p, bool all_day)
{
	if (!all_day)
		icalproperty_add_parameter(p, icalparameter_new_tzid("Europe/Vilnius"));
	return p;
}

static icalcomponent *vcal_new(struct req *r)
{
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//sklaida//events//LT"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalproperty *name = icalproperty_new_x(inst_name(r, r->inst));
	icalproperty_set_x_name(name, "X-WR-CALNAME");
	icalcomponent_add_property(cal, name);
	icalcomponent *tz = icalcomponent_new_from_string(vilnius_vtimezone);
	if (tz)
		icalcomponent_add_component(cal, tz);
	return cal;
}

static void add_vevent(struct req *r, icalcomponent *cal, const struct event *e)
{
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	icalcomponent_add_property(
		ev, icalproperty_new_uid(arena_printf(&r->a, "event-%lld@%s.sklaida", (long long)e->id, r->inst->slug)));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(
		(time_t)e->updated_at, 0, icaltimezone_get_utc_timezone())));
	icalcomponent_add_property(ev, with_tzid(icalproperty_new_dtstart(local_ical(e->starts_at, e->all_day)), e->all_day));
	icalcomponent_add_property(ev, with_tzid(icalproperty_new_dtend(local_ical(e->ends_at, e->all_day)), e->all_day));
	icalcomponent_add_property(ev, icalproperty_new_summary(e->title));
	if (*e->summary || *e->description)
		icalcomponent_add_property(ev, icalproperty_new_description(*e->description ? e->description : e->summary));
	if (*e->space_name)
		icalcomponent_add_property(ev, icalproperty_new_location(e->space_name));
	icalcomponent_add_property(ev, icalproperty_new_categories(event_type_label(r, e->type)));
	if (*e->rrule) {
		const char *rule = strncmp(e->rrule, "RRULE:", 6) == 0 ? e->rrule + 6 : e->rrule;
		struct icalrecurrencetype rec = icalrecurrencetype_from_string(rule);
		if (rec.freq != ICAL_NO_RECURRENCE)
			icalcomponent_add_property(ev, icalproperty_new_rrule(rec));
		icalerror_clear_errno();
		/* EXDATEs at the series' local time of day */
		int sh, sm;
		unix_to_local(e->starts_at, NULL, &sh, &sm);
		const char *p = e->exdates;
		while (p && *p) {
			while (*p && (*p == ',' || *p == ' ' || *p == ';' || *p == '\n' || *p == '\r' || *p == '\t'))
				p++;
			const char *q = p;
			while (*q && *q != ',' && *q != ' ' && *q != ';' && *q != '\n' && *q != '\r' && *q != '\t')
				q++;
			char tok[16];
			size_t len = (size_t)(q - p);
			int ymd = 0;
			if (len == 10) {
				memcpy(tok, p, len);
				tok[len] = 0;
				ymd_parse(tok, &ymd);
			} else if (len == 8) {
				snprintf(tok, sizeof tok, "%.4s-%.2s-%.2s", p, p + 4, p + 6);
				ymd_parse(tok, &ymd);
			}
			if (ymd)
				icalcomponent_add_property(ev, with_tzid(icalproperty_new_exdate(local_ical(
					local_to_unix(ymd, sh, sm), e->all_day)), e->all_day));
			p = q;
		}
	}
	icalcomponent_add_property(ev, icalproperty_new_url(arena_printf(&r->a, "%s/%s/events/%lld", cfg.base_url ? cfg.base_url : "",
	                                                                 r->inst->slug, (long long)e->id)));
	icalcomponent_add_component(cal, ev);
}

static sk_rc reply_vcal(struct req *r, icalcomponent *cal, const char *filename)
{
	char *s = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (!s)
		return SK_EINTERNAL;
	resp_header(r, "Content-Disposition", arena_printf(&r->a, "inline; filename=\"%s\"", filename));
	reply_bytes(r, "text/calendar; charset=utf-8", s, strlen(s));
	free(s);
	return SK_OK;
}

/* libical takes about ten microseconds to build and print one VEVENT,
 * and the feed prints every public series on each request. A VEVENT's
 * text depends only on the event row, the institution's slug, the base
 * URL and the language, so each thread remembers the printed text per
 * event id under that key, with the row's version (bumped by a trigger on
 * every update, migration 100, so it moves with updated_at too) and its
 * created_at (an id SQLite hands out again after a delete is another
 * row): an edited row is a miss, and is read and printed again. Texts
 * are malloc'd and freed when their slot is reused; pool threads live as
 * long as the process. */
#define VEV_MEMO 1024
struct vev_memo {
	struct event_ver v;
	uint64_t ctx; /* slug + language */
	char *text;
	size_t len;
};
static _Thread_local struct vev_memo vev_memo[VEV_MEMO];

static uint64_t ctx_hash(struct req *r)
{
	return (frag_str(FRAG_SEED, r->inst->slug) ^ (uint64_t)r->lang) * 0x100000001b3ull;
}

static void vevent_text(struct req *r, const struct event_ver *v, uint64_t ctx, buf *out)
{
	struct vev_memo *m = &vev_memo[(uint64_t)v->id % VEV_MEMO];
	if (m->text && m->ctx == ctx && m->v.id == v->id && m->v.version == v->version &&
	    m->v.created_at == v->created_at) {
		buf_append(out, m->text, m->len);
		return;
	}
	struct event e;
	if (event_get(r, v->id, &e) != SK_OK)
		return;
	icalcomponent *holder = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	add_vevent(r, holder, &e);
	icalcomponent *ev = icalcomponent_get_first_component(holder, ICAL_VEVENT_COMPONENT);
	char *s = ev ? icalcomponent_as_ical_string_r(ev) : NULL;
	icalcomponent_free(holder);
	if (!s)
		return;
	size_t n = strlen(s);
	buf_append(out, s, n);
	memo_register();
	free(m->text);
	m->text = s;
	m->len = n;
	m->v = *v;
	m->ctx = ctx;
}

/* The calendar's head (properties and VTIMEZONE, no END:VCALENDAR) as
 * libical prints it, remembered per thread for the last institution,
 * language and calendar name it was made for. */
static _Thread_local struct {
	int64_t inst;
	enum lang lang;
	char *name, *text;
	size_t len;
} vcal_memo;

static const char *vcal_head(struct req *r, size_t *len)
{
	const char *name = inst_name(r, r->inst);
	if (vcal_memo.text && vcal_memo.inst == r->inst->id && vcal_memo.lang == r->lang &&
	    str_eq(vcal_memo.name, name)) {
		*len = vcal_memo.len;
		return vcal_memo.text;
	}
	icalcomponent *cal = vcal_new(r);
	char *head = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (!head)
		return NULL;
	static const char end[] = "END:VCALENDAR\r\n";
	size_t hn = strlen(head);
	if (hn >= sizeof end - 1 && strcmp(head + hn - (sizeof end - 1), end) == 0)
		hn -= sizeof end - 1;
	memo_register();
	free(vcal_memo.text);
	free(vcal_memo.name);
	vcal_memo.text = head;
	vcal_memo.len = hn;
	vcal_memo.name = xstrdup(name);
	vcal_memo.inst = r->inst->id;
	vcal_memo.lang = r->lang;
	*len = hn;
	return head;
}

/* Published public series with an occurrence that ended 400 days ago or
 * later. The calendar head (VTIMEZONE) is printed by libical; the events
 * come from vevent_text(). */
static sk_rc events_ics(struct req *r)
{
	struct event_ver *v;
	size_t n;
	sk_rc rc = event_public_series(r, now_unix() - 400 * 86400LL, 2000, &v, &n);
	if (rc != SK_OK)
		return rc;
	size_t hn;
	const char *head = vcal_head(r, &hn);
	if (!head)
		return SK_EINTERNAL;
	static const char end[] = "END:VCALENDAR\r\n";
	/* about as long as this thread's last one: one allocation */
	static _Thread_local size_t last_len;
	buf b;
	buf_init(&b, 0);
	buf_reserve(&b, last_len + 4096);
	buf_append(&b, head, hn);
	uint64_t ctx = ctx_hash(r);
	for (size_t i = 0; i < n; i++)
		vevent_text(r, &v[i], ctx, &b);
	buf_append(&b, end, sizeof end - 1);
	last_len = b.len;
	resp_header(r, "Content-Disposition", arena_printf(&r->a, "inline; filename=\"%s-events.ics\"", r->inst->slug));
	reply_buf(r, "text/calendar; charset=utf-8", &b);
	buf_free(&b);
	return SK_OK;
}

/* ---- Atom --------------------------------------------------------------- */

SK_STMT_SCOPED(st_evpub_recent, "SELECT id FROM events WHERE institution_id = $1 AND state = 'published' "
                                "AND is_public = 1 ORDER BY published_at DESC, id DESC LIMIT 50");

static const char *iso(struct req *r, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char b[32];
	strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(&r->a, b);
}

static sk_rc events_atom(struct req *r)
{
	dbq *q = db_q(r->db, &st_evpub_recent);
	int64_t ids[50];
	size_t n = 0;
	while (n < 50 && db_step(q) == DB_ROW)
		ids[n++] = db_int(q, 0);
	db_done(q);
	const char *base = cfg.base_url ? cfg.base_url : "";
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
	if (!w) {
		if (xb)
			xmlBufferFree(xb);
		return SK_EINTERNAL;
	}
	int64_t updated = 0;
	struct event *ev = arena_alloc(&r->a, (n ? n : 1) * sizeof *ev);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (event_get(r, ids[i], &ev[k]) == SK_OK) {
			if (ev[k].published_at > updated)
				updated = ev[k].published_at;
			k++;
		}
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElementNS(w, NULL, BAD_CAST "feed", BAD_CAST "http://www.w3.org/2005/Atom");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST lang_code(r->lang));
	xmlTextWriterWriteElement(w, BAD_CAST "title",
	                          BAD_CAST arena_printf(&r->a, "%s: %s", inst_name(r, r->inst), T(r, "Events")));
	xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST arena_printf(&r->a, "tag:sklaida,2026:%s/events", r->inst->slug));
	xmlTextWriterWriteElement(w, BAD_CAST "updated", BAD_CAST iso(r, updated ? updated : 0));
	xmlTextWriterStartElement(w, BAD_CAST "link");
	xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST arena_printf(&r->a, "%s/%s/events", base, r->inst->slug));
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "link");
	xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self");
	xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST arena_printf(&r->a, "%s/%s/events.atom", base, r->inst->slug));
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "author");
	xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST inst_name(r, r->inst));
	xmlTextWriterEndElement(w);
	for (size_t i = 0; i < k; i++) {
		const struct event *e = &ev[i];
		xmlTextWriterStartElement(w, BAD_CAST "entry");
		xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST e->title);
		xmlTextWriterWriteElement(w, BAD_CAST "id",
		                          BAD_CAST arena_printf(&r->a, "tag:sklaida,2026:%s/events/%lld", r->inst->slug,
		                                                (long long)e->id));
		xmlTextWriterWriteElement(w, BAD_CAST "published", BAD_CAST iso(r, e->published_at));
		xmlTextWriterWriteElement(w, BAD_CAST "updated", BAD_CAST iso(r, e->updated_at > e->published_at ? e->updated_at : e->published_at));
		xmlTextWriterStartElement(w, BAD_CAST "link");
		xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST arena_printf(&r->a, "%s/%s/events/%lld", base,
		                                                                       r->inst->slug, (long long)e->id));
		xmlTextWriterEndElement(w);
		xmlTextWriterStartElement(w, BAD_CAST "category");
		xmlTextWriterWriteAttribute(w, BAD_CAST "term", BAD_CAST e->type);
		xmlTextWriterWriteAttribute(w, BAD_CAST "label", BAD_CAST event_type_label(r, e->type));
		xmlTextWriterEndElement(w);
		xmlTextWriterWriteElement(w, BAD_CAST "summary",
		                          BAD_CAST arena_printf(&r->a, "%s. %s", when_text(r, e, e->starts_at, e->ends_at),
		                                                e->summary));
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	reply_bytes(r, "application/atom+xml; charset=utf-8", xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	return SK_OK;
}

/* ---- one event --------------------------------------------------------- */

static sk_rc event_page(struct req *r)
{
	const char *idv = req_pathv(r, "id");
	size_t len = idv ? strlen(idv) : 0;
	bool ics = len > 4 && strcmp(idv + len - 4, ".ics") == 0;
	char *num = arena_strdup(&r->a, idv ? idv : "");
	if (ics)
		num[len - 4] = 0;
	char *end;
	long long id = strtoll(num, &end, 10);
	if (!*num || *end || id <= 0 || num[0] == '0')
		return SK_ENOTFOUND;
	struct event e;
	sk_rc rc = event_get(r, id, &e);
	if (rc != SK_OK)
		return rc;
	if (!str_eq(e.state, "published") || !e.is_public)
		return SK_ENOTFOUND;
	if (ics) {
		icalcomponent *cal = vcal_new(r);
		add_vevent(r, cal, &e);
		return reply_vcal(r, cal, arena_printf(&r->a, "event-%lld.ics", id));
	}
	page_begin(r, PAGE_PUBLIC, e.title);
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/%s/events", r->inst->slug), T(r, "All events"));
	html(r, "<h1>%s</h1>", e.title);
	if (*e.summary)
		html(r, "<p class=\"lead\">%s</p>", e.summary);
	html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd>", T(r, "When"), when_text(r, &e, e.starts_at, e.ends_at));
	if (*e.rrule) {
		int64_t *occ;
		size_t n;
		event_occurrences(r, id, &occ, &n);
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Repeats"),
		     arena_printf(&r->a, TN(r, "%zu time", "%zu times", (int64_t)n), n));
	}
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Type"), event_type_label(r, e.type));
	if (*e.space_name)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Where"), e.space_name);
	if (*e.audience || e.age_min || e.age_max) {
		html(r, "<dt>%s</dt><dd>%s", T(r, "Audience"), e.audience);
		if (e.age_min && e.age_max)
			html(r, " (%d–%d)", e.age_min, e.age_max);
		else if (e.age_min)
			html(r, " (%d+)", e.age_min);
		html(r, "</dd>");
	}
	if (*e.languages)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Languages"), e.languages);
	html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Admission"),
	     e.is_free ? T(r, "Free") : (*e.price_text ? e.price_text : T(r, "Paid")));
	if (*e.partners)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Partners"), e.partners);
	if (*e.accessibility)
		html(r, "<dt>%s</dt><dd>%s</dd>", T(r, "Accessibility"), e.accessibility);
	html(r, "</dl>");
	if (str_eq(e.state, "cancelled"))
		html(r, "<p class=\"tag tag-danger\">%s</p>", T(r, "Cancelled"));
	if (*e.description)
		html(r, "<div class=\"event-description\"><p>%s</p></div>", e.description);
	if (e.photo_notice)
		html(r, "<aside class=\"notice event-photo-notice\" aria-labelledby=\"photo-notice\"><h2 id=\"photo-notice\">%s</h2>"
		        "<p>%s</p></aside>",
		     T(r, "Photography and filming"),
		     T(r, "The event will be photographed and may be filmed or streamed. The pictures and recordings may be "
		          "published on the library's website and social media to tell about its activities. If you do not "
		          "want to be photographed, tell the organisers or the photographer."));
	reg_public_block(r, &e);
	html(r, "<p><a href=\"%s\">%s</a></p>", url_fmt(&r->a, "/%s/events/%lld.ics", r->inst->slug, id),
	     T(r, "Add to calendar (iCalendar)"));
	page_end(r);
	return SK_OK;
}

SK_NAV(nav_public_events, "public", "/{inst}/events", N_("Events"), NULL, 10, 0);

/* ---- the per-thread memos: freed when their thread ends ---------------- */

static pthread_once_t memo_once = PTHREAD_ONCE_INIT;
static pthread_key_t memo_key;

/* pthread key destructor: runs as a thread ends, in that thread */
static void memo_release(void *unused)
{
	(void)unused;
	for (size_t i = 0; i < ITEM_MEMO; i++) {
		free(item_memo[i].item_html);
		item_memo[i].item_html = NULL;
	}
	for (size_t i = 0; i < VEV_MEMO; i++) {
		free(vev_memo[i].text);
		vev_memo[i].text = NULL;
	}
	for (size_t i = 0; i < FORM_MEMO; i++) {
		free(form_memo[i].form_html);
		form_memo[i].form_html = NULL;
	}
	free(vcal_memo.text);
	free(vcal_memo.name);
	vcal_memo.text = vcal_memo.name = NULL;
}

static void memo_key_init(void) { pthread_key_create(&memo_key, memo_release); }

static void memo_register(void)
{
	static _Thread_local bool registered;
	if (registered)
		return;
	pthread_once(&memo_once, memo_key_init);
	pthread_setspecific(memo_key, &registered);
	registered = true;
}

SK_ROUTES(events_public,
          {"GET", "/{inst}/events", events_list, NULL, R_PUBLIC | R_CACHE},
          {"GET", "/{inst}/events.ics", events_ics, NULL, R_PUBLIC | R_CACHE},
          {"GET", "/{inst}/events.atom", events_atom, NULL, R_PUBLIC | R_CACHE},
          {"GET", "/{inst}/events/widget", events_widget, NULL, R_PUBLIC | R_CACHE | R_FRAME},
          {"GET", "/{inst}/events/{id}", event_page, NULL, R_PUBLIC | R_CACHE});

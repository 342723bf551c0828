/*
 * occupancy.c -- occupancy of the spaces (C9):
 *
 *   /staff/{inst}/spaces/occupancy       ?month=YYYY-MM or ?from=&to= (local dates, inclusive)
 *   /staff/{inst}/spaces/occupancy.csv   the same as CSV (UTF-8 BOM, ';', decimal comma)
 *
 * Per space: open hours in the range (from its opening hours), hours of
 * approved bookings inside the opening hours (buffers not counted), the
 * share of the two, and approved bookings per kind. Computed by
 * model/equipment.c (occ_report).
 */
#include "layout.h"
#include "spaces_ui.h"
#include "../model/equipment.h"
#include "../model/occasion.h"

#include <stdio.h>
#include <string.h>

struct range {
	int from, to;
	char month[8];  /* "YYYY-MM" when a whole month, else "" */
};

/* The requested range; false with a field error when it is not valid. */
static bool read_range(struct req *r, struct range *g)
{
	memset(g, 0, sizeof *g);
	const char *m = req_query(r, "month"), *f = req_query(r, "from"), *t = req_query(r, "to");
	if (f && *f && t && *t) {
		if (!ymd_parse(f, &g->from))
			req_field_error(r, "from", T(r, "Give the date as YYYY-MM-DD."));
		if (!ymd_parse(t, &g->to))
			req_field_error(r, "to", T(r, "Give the date as YYYY-MM-DD."));
		if (r->nerrors)
			return false;
		if (g->to < g->from) {
			req_field_error(r, "to", T(r, "The end must not be before the start."));
			return false;
		}
		if (ymd_add_days(g->from, 366) <= g->to) {
			req_field_error(r, "to", T(r, "Choose at most a year."));
			return false;
		}
		return true;
	}
	int y = 0, mo = 0, n = 0;
	if (m && *m) {
		if (sscanf(m, "%4d-%2d%n", &y, &mo, &n) != 2 || m[n] || y < 1900 || y > 9999 || mo < 1 || mo > 12) {
			req_field_error(r, "month", T(r, "Give the month as YYYY-MM."));
			return false;
		}
	} else {
		int today = local_today();
		y = today / 10000;
		mo = today / 100 % 100;
	}
	g->from = y * 10000 + mo * 100 + 1;
	int ny = mo == 12 ? y + 1 : y, nm = mo == 12 ? 1 : mo + 1;
	g->to = ymd_add_days(ny * 10000 + nm * 100 + 1, -1);
	snprintf(g->month, sizeof g->month, "%04d-%02d", y, mo);
	return true;
}

static const char *hours_text(struct req *r, int64_t min, enum lang l)
{
	return fmt_number(&r->a, l, (double)min / 60.0, 1);
}

static const char *csv_hours(arena *a, int64_t min)
{
	int64_t h100 = (min * 100 + 30) / 60;   /* hundredths of an hour, rounded */
	return arena_printf(a, "%lld,%02lld", (long long)(h100 / 100), (long long)(h100 % 100));
}

static const char *csv_pct(arena *a, double pct)
{
	int64_t p10 = (int64_t)(pct * 10.0 + 0.5);
	return arena_printf(a, "%lld,%lld", (long long)(p10 / 10), (long long)(p10 % 10));
}

static sk_rc occupancy_page(struct req *r)
{
	struct range g;
	bool ok = read_range(r, &g);
	struct occ_row *v = NULL;
	size_t n = 0;
	if (ok) {
		sk_rc rc = occ_report(r->db, &r->a, r->inst->id, g.from, g.to, &v, &n);
		if (rc != SK_OK)
			return rc;
	} else {
		r->status = 422;
	}
	const char *base = url_fmt(&r->a, "/staff/%s/spaces/occupancy", r->inst->slug);
	page_begin(r, PAGE_STAFF, T(r, "Occupancy of spaces"));
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", url_fmt(&r->a, "/staff/%s/spaces", r->inst->slug),
	     T(r, "← All spaces"), T(r, "Occupancy of spaces"));
	field_errors_summary(r);
	char d1[11] = "", d2[11] = "";
	if (ok) {
		ymd_format(g.from, d1);
		ymd_format(g.to, d2);
	}
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" aria-label=\"%s\">", base, T(r, "Choose the period"));
	ui_field(r, "month", T(r, "Month"), "month", g.month, false, "off", NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Show"));
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" aria-label=\"%s\">", base, T(r, "Choose the dates"));
	ui_field(r, "from", T(r, "From"), "date", ok && !*g.month ? d1 : "", false, "off", NULL);
	ui_field(r, "to", T(r, "To"), "date", ok && !*g.month ? d2 : "", false, "off", NULL);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Show"));
	if (!ok) {
		page_end(r);
		return SK_OK;
	}
	const char *qs = *g.month ? arena_printf(&r->a, "month=%s", g.month) : arena_printf(&r->a, "from=%s&to=%s", d1, d2);
	html(r, "<p class=\"lead\">%s</p>", arena_printf(&r->a, T(r, "From %s to %s"), d1, d2));
	html(r, "<p><a href=\"%s.csv?%s\" download>%s</a></p>", base, qs, T(r, "Download as CSV"));
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "No spaces have been added yet."));
		page_end(r);
		return SK_OK;
	}
	html(r, "<table class=\"data occupancy\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
	        "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	        "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
	        "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
	     arena_printf(&r->a, T(r, "Occupancy from %s to %s"), d1, d2), T(r, "Space"), T(r, "Open hours"),
	     T(r, "Booked hours"), T(r, "Occupancy"), T(r, "Events"), T(r, "Internal use"), T(r, "Rentals"));
	int64_t to_open = 0, to_booked = 0;
	int tk[3] = {0, 0, 0};
	for (size_t i = 0; i < n; i++) {
		const struct occ_row *o = &v[i];
		to_open += o->open_min;
		to_booked += o->booked_min;
		for (int k = 0; k < 3; k++)
			tk[k] += o->nbookings[k];
		html(r, "<tr data-space=\"%lld\"><th scope=\"row\">%s</th><td class=\"num\">%s</td><td class=\"num\">%s</td>"
		        "<td class=\"num\"><meter min=\"0\" max=\"100\" value=\"%d\" aria-hidden=\"true\"></meter> %s</td>"
		        "<td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td></tr>",
		     (long long)o->sp.id, o->sp.name, hours_text(r, o->open_min, r->lang), hours_text(r, o->booked_min, r->lang), o->pct > 100 ? 100 : (int)(o->pct + 0.5),
		     arena_printf(&r->a, "%s %%", fmt_number(&r->a, r->lang, o->pct, 1)), o->nbookings[0], o->nbookings[1],
		     o->nbookings[2]);
	}
	double tp = to_open ? 100.0 * (double)to_booked / (double)to_open : 0.0;
	html(r, "</tbody><tfoot><tr><th scope=\"row\">%s</th><td class=\"num\">%s</td><td class=\"num\">%s</td>"
	        "<td class=\"num\">%s</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td></tr></tfoot></table>",
	     T(r, "All spaces"), hours_text(r, to_open, r->lang), hours_text(r, to_booked, r->lang),
	     arena_printf(&r->a, "%s %%", fmt_number(&r->a, r->lang, tp, 1)), tk[0], tk[1], tk[2]);
	html(r, "<p class=\"muted\">%s</p>",
	     T(r, "Booked hours count approved bookings inside the opening hours; setup and teardown time is not counted."));
	page_end(r);
	return SK_OK;
}

static sk_rc occupancy_csv(struct req *r)
{
	struct range g;
	if (!read_range(r, &g))
		return SK_EINPUT;
	struct occ_row *v;
	size_t n;
	sk_rc rc = occ_report(r->db, &r->a, r->inst->id, g.from, g.to, &v, &n);
	if (rc != SK_OK)
		return rc;
	char d1[11], d2[11];
	ymd_format(g.from, d1);
	ymd_format(g.to, d2);
	buf b;
	buf_init(&b, 4u << 20);
	buf_puts(&b, "\xEF\xBB\xBF");
	const char *hdr[] = {T(r, "Space"), T(r, "From"), T(r, "To"), T(r, "Open hours"), T(r, "Booked hours"),
	                     T(r, "Occupancy, %"), T(r, "Events"), T(r, "Internal use"), T(r, "Rentals")};
	for (size_t i = 0; i < SK_ARRAY_LEN(hdr); i++)
		csv_cell(&b, hdr[i], i == 0);
	buf_putc(&b, '\n');
	for (size_t i = 0; i < n; i++) {
		csv_cell(&b, v[i].sp.name, true);
		csv_cell(&b, d1, false);
		csv_cell(&b, d2, false);
		csv_cell(&b, csv_hours(&r->a, v[i].open_min), false);
		csv_cell(&b, csv_hours(&r->a, v[i].booked_min), false);
		csv_cell(&b, csv_pct(&r->a, v[i].pct), false);
		for (int k = 0; k < 3; k++)
			csv_cell(&b, arena_printf(&r->a, "%d", v[i].nbookings[k]), false);
		buf_putc(&b, '\n');
	}
	if (b.overflow) {
		buf_free(&b);
		return SK_ETOOBIG;
	}
	resp_header(r, "Content-Disposition",
	            arena_printf(&r->a, "attachment; filename=\"uzimtumas-%s.csv\"", *g.month ? g.month : d1));
	reply_bytes(r, "text/csv; charset=utf-8", b.data, b.len);
	buf_free(&b);
	return SK_OK;
}

SK_ROUTES(occupancy,
          {"GET", "/staff/{inst}/spaces/occupancy", occupancy_page, "spaces.view", 0},
          {"GET", "/staff/{inst}/spaces/occupancy.csv", occupancy_csv, "spaces.view", 0});

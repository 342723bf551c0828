/*
 * spaces.c -- staff pages of C9: /staff/{inst}/spaces (list, create,
 * edit), /staff/{inst}/bookings (week agenda per space, new booking with
 * the conflicting booking named), .../bookings/queue (rental requests to
 * approve or decline), .../bookings/rentals.csv (approved rentals for
 * accounting: UTF-8 BOM, ';' separators, as Excel in Lithuania reads
 * them). The rules are in model/space.c; the public rental form is
 * pages/rent.c, the homestead pages pages/homestead.c.
 */
#include "layout.h"
#include "spaces_ui.h"
#include "../model/model.h"
#include "../model/occasion.h"

#include <stdio.h>
#include <string.h>

/* ---- shared with rent.c and the API (spaces_ui.h) ------------------------- */

const char *sp_kind_label(struct req *r, const char *kind)
{
	for (size_t i = 0; sp_kinds[i]; i++)
		if (str_eq(sp_kinds[i], kind))
			return tr(r->lang, sp_kind_labels[i]);
	return kind;
}

const char *sp_money(struct req *r, int64_t cents)
{
	return arena_printf(&r->a, "%s €", fmt_number(&r->a, r->lang, (double)cents / 100.0, 2));
}

static const char *money_lt(struct req *r, int64_t cents)
{
	return arena_printf(&r->a, "%s €", fmt_number(&r->a, LANG_LT, (double)cents / 100.0, 2));
}

bool sp_money_parse(const char *s, int64_t *cents)
{
	if (!s || !*s) {
		*cents = 0;
		return true;
	}
	int64_t whole = 0, frac = 0;
	int nfrac = 0;
	const char *p = s;
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 100000000)
			return false;
	}
	if (*p == ',' || *p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (++nfrac > 2)
				return false;
			frac = frac * 10 + (*p - '0');
		}
		if (nfrac == 0)
			return false;
		if (nfrac == 1)
			frac *= 10;
	}
	if (*p)
		return false;
	*cents = whole * 100 + frac;
	return true;
}

static char *hhmm(arena *a, int min) { return arena_printf(a, "%02d:%02d", min / 60, min % 60); }

void sp_error_to_field(struct req *r, sk_rc rc, const struct sp_error *e)
{
	if (rc == SK_ECONFLICT)
		req_field_error(r, e->field ? e->field : "starts_at",
		                arena_printf(&r->a, T(r, "Conflicts with “%s”, %s–%s"), e->other.title,
		                             fmt_time(&r->a, r->lang, e->other.starts_at),
		                             fmt_time(&r->a, r->lang, e->other.ends_at)));
	else if (e->field && e->msg)
		req_field_error(r, e->field, tr(r->lang, e->msg));
}

/* "2026-12-07" + "10:00" -> unix; false if either is not valid */
bool sp_local_time(const char *date, const char *hm, int64_t *out)
{
	int ymd, min;
	if (!ymd_parse(date, &ymd) || !sp_hhmm_parse(hm, &min))
		return false;
	if (min == 1440)
		*out = local_to_unix(ymd_add_days(ymd, 1), 0, 0);
	else
		*out = local_to_unix(ymd, min / 60, min % 60);
	return true;
}

void sp_hours_dl(struct req *r, const struct space *s)
{
	html(r, "<dl class=\"facts hours\">");
	for (int d = 0; d < 7; d++) {
		html(r, "<dt>%s</dt><dd>", weekday_name(r->lang, d));
		if (s->hours[d].open < 0)
			html(r, "%s", T(r, "closed"));
		else
			html(r, "%s–%s", hhmm(&r->a, s->hours[d].open), hhmm(&r->a, s->hours[d].close));
		html(r, "</dd>");
	}
	html(r, "</dl>");
}

/* ---- list ---------------------------------------------------------------------- */

static const char *spaces_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/spaces", r->inst->slug); }
static const char *bookings_url(struct req *r) { return url_fmt(&r->a, "/staff/%s/bookings", r->inst->slug); }

static sk_rc spaces_list(struct req *r)
{
	struct space *v;
	size_t n = sp_list(r->db, &r->a, r->inst->id, false, &v);
	bool manage = req_has_perm(r, "spaces.manage");
	page_begin(r, PAGE_STAFF, T(r, "Spaces"));
	html(r, "<h1>%s</h1>", T(r, "Spaces"));
	html(r, "<p class=\"actions\"><a href=\"%s\">%s</a>", bookings_url(r), T(r, "Bookings"));
	if (req_has_perm(r, "bookings.approve"))
		html(r, " <a href=\"%s/queue\">%s</a>", bookings_url(r), T(r, "Rental requests"));
	if (manage)
		html(r, " <a class=\"button\" href=\"%s/new\">%s</a>", spaces_url(r), T(r, "Add a space"));
	html(r, "</p>");
	if (n == 0) {
		html(r, "<p>%s</p>", T(r, "No spaces have been added yet."));
	} else {
		html(r, "<table class=\"data\"><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		     T(r, "Spaces"), T(r, "Name"), T(r, "Kind"), T(r, "Capacity"), T(r, "Buffers"), T(r, "Rental price"),
		     T(r, "Bookings"));
		for (size_t i = 0; i < n; i++) {
			if (manage)
				html(r, "<tr><th scope=\"row\"><a href=\"%s/%lld\">%s</a></th>", spaces_url(r), (long long)v[i].id,
				     v[i].name);
			else
				html(r, "<tr><th scope=\"row\">%s</th>", v[i].name);
			html(r, "<td>%s</td><td>%d</td><td>%s</td><td>", sp_kind_label(r, v[i].kind), v[i].capacity,
			     arena_printf(&r->a, T(r, "%d min before, %d min after"), v[i].setup_min, v[i].teardown_min));
			if (v[i].rentable)
				html(r, "%s", arena_printf(&r->a, T(r, "%s per hour, %s per day"), sp_money(r, v[i].price_hour),
				                           sp_money(r, v[i].price_day)));
			else
				html(r, "%s", T(r, "not rented out"));
			html(r, "</td><td><a href=\"%s?space=%lld\">%s<span class=\"visually-hidden\"> – %s</span></a></td></tr>",
			     bookings_url(r), (long long)v[i].id, T(r, "Bookings"), v[i].name);
		}
		html(r, "</tbody></table>");
	}
	page_end(r);
	return SK_OK;
}

/* ---- create / edit ------------------------------------------------------------------ */

enum { SF_NAME, SF_KIND, SF_CAP, SF_EQUIP, SF_ACCESS, SF_SETUP, SF_TEARDOWN, SF_RENTABLE, SF_PHOUR, SF_PDAY,
       SF_VAT, SF_NGO, SF_SCHOOL, SF_HOURS0 };
static const char *const hour_names[14] = {"open0", "close0", "open1", "close1", "open2", "close2", "open3",
                                           "close3", "open4", "close4", "open5", "close5", "open6", "close6"};
static const struct field space_fields[] = {
        {"name", F_TEXT, true, 120, NULL, 0, 0},
        {"kind", F_ENUM, true, 0, sp_kinds, 0, 0},
        {"capacity", F_INT, false, 0, NULL, 0, 100000},
        {"equipment", F_TEXTAREA, false, 4000, NULL, 0, 0},
        {"accessibility", F_TEXTAREA, false, 4000, NULL, 0, 0},
        {"setup_min", F_INT, false, 0, NULL, 0, 1440},
        {"teardown_min", F_INT, false, 0, NULL, 0, 1440},
        {"rentable", F_BOOL, false, 0, NULL, 0, 0},
        {"price_hour", F_TEXT, false, 20, NULL, 0, 0},
        {"price_day", F_TEXT, false, 20, NULL, 0, 0},
        {"vat_rate", F_INT, false, 0, NULL, 0, 100},
        {"discount_ngo", F_INT, false, 0, NULL, 0, 100},
        {"discount_school", F_INT, false, 0, NULL, 0, 100},
        {"open0", F_TEXT, false, 5, NULL, 0, 0},  {"close0", F_TEXT, false, 5, NULL, 0, 0},
        {"open1", F_TEXT, false, 5, NULL, 0, 0},  {"close1", F_TEXT, false, 5, NULL, 0, 0},
        {"open2", F_TEXT, false, 5, NULL, 0, 0},  {"close2", F_TEXT, false, 5, NULL, 0, 0},
        {"open3", F_TEXT, false, 5, NULL, 0, 0},  {"close3", F_TEXT, false, 5, NULL, 0, 0},
        {"open4", F_TEXT, false, 5, NULL, 0, 0},  {"close4", F_TEXT, false, 5, NULL, 0, 0},
        {"open5", F_TEXT, false, 5, NULL, 0, 0},  {"close5", F_TEXT, false, 5, NULL, 0, 0},
        {"open6", F_TEXT, false, 5, NULL, 0, 0},  {"close6", F_TEXT, false, 5, NULL, 0, 0},
};

static const char *money_value(struct req *r, int64_t cents)
{
	return arena_printf(&r->a, "%lld,%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

static void space_form(struct req *r, const struct space *s, const struct form_values *v)
{
	bool is_new = s->id == 0;
	const char *title = is_new ? T(r, "Add a space") : s->name;
	page_begin(r, PAGE_STAFF, title);
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", spaces_url(r), T(r, "← All spaces"), title);
	field_errors_summary(r);
	form_open(r, is_new ? spaces_url(r) : url_fmt(&r->a, "/staff/%s/spaces/%lld", r->inst->slug, (long long)s->id),
	          "stack");
#define VAL(i, dflt) (v ? v->s[i] : (dflt))
	ui_field(r, "name", T(r, "Name"), "text", VAL(SF_NAME, s->name), true, "off", NULL);
	const char *labels[SP_KIND__MAX];
	for (int i = 0; i < SP_KIND__MAX; i++)
		labels[i] = tr(r->lang, sp_kind_labels[i]);
	ui_select(r, "kind", T(r, "Kind"), sp_kinds, labels, SP_KIND__MAX, VAL(SF_KIND, s->kind), true, NULL);
	ui_field(r, "capacity", T(r, "Capacity (people)"), "number", VAL(SF_CAP, arena_printf(&r->a, "%d", s->capacity)),
	         false, "off", NULL);
	ui_textarea(r, "equipment", T(r, "Equipment"), VAL(SF_EQUIP, s->equipment), 3,
	            T(r, "One item a line, e.g. projector, 4 microphones, piano."));
	ui_textarea(r, "accessibility", T(r, "Accessibility"), VAL(SF_ACCESS, s->accessibility), 3,
	            T(r, "Step-free access, induction loop, accessible toilet …"));
	ui_field(r, "setup_min", T(r, "Setup time before a booking (minutes)"), "number",
	         VAL(SF_SETUP, arena_printf(&r->a, "%d", s->setup_min)), false, "off", NULL);
	ui_field(r, "teardown_min", T(r, "Teardown time after a booking (minutes)"), "number",
	         VAL(SF_TEARDOWN, arena_printf(&r->a, "%d", s->teardown_min)), false, "off", NULL);

	html(r, "<fieldset class=\"field\"><legend>%s</legend>", T(r, "Opening hours"));
	html(r, "<p class=\"hint muted\">%s</p>", T(r, "Time as HH:MM; leave both empty for a closed day."));
	html(r, "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	     T(r, "Day"), T(r, "Opens"), T(r, "Closes"));
	for (int d = 0; d < 7; d++) {
		const char *o = v ? v->s[SF_HOURS0 + 2 * d] : s->hours[d].open >= 0 ? hhmm(&r->a, s->hours[d].open) : "";
		const char *c = v ? v->s[SF_HOURS0 + 2 * d + 1] : s->hours[d].open >= 0 ? hhmm(&r->a, s->hours[d].close) : "";
		const char *err = req_field_msg(r, hour_names[2 * d]);
		html(r, "<tr><th scope=\"row\">%s</th><td><label class=\"visually-hidden\" for=\"f-%s\">%s</label>"
		        "<input id=\"f-%s\" name=\"%s\" value=\"%s\" size=\"5\" inputmode=\"numeric\"",
		     weekday_name(r->lang, d), hour_names[2 * d],
		     arena_printf(&r->a, T(r, "%s: opens"), weekday_name(r->lang, d)), hour_names[2 * d], hour_names[2 * d], o);
		ui_described_by(r, hour_names[2 * d], false, err != NULL);
		html(r, ">");
		if (err)
			html(r, "<p class=\"error\" id=\"e-%s\">%s</p>", hour_names[2 * d], err);
		html(r, "</td><td><label class=\"visually-hidden\" for=\"f-%s\">%s</label>"
		        "<input id=\"f-%s\" name=\"%s\" value=\"%s\" size=\"5\" inputmode=\"numeric\"></td></tr>",
		     hour_names[2 * d + 1], arena_printf(&r->a, T(r, "%s: closes"), weekday_name(r->lang, d)),
		     hour_names[2 * d + 1], hour_names[2 * d + 1], c);
	}
	html(r, "</tbody></table></fieldset>");

	html(r, "<fieldset class=\"field\"><legend>%s</legend>", T(r, "Rental"));
	ui_checkbox(r, "rentable", T(r, "Rented out to outside organisers"), v ? v->i[SF_RENTABLE] != 0 : s->rentable,
	            T(r, "Shown with its prices on the public rental page."));
	ui_field(r, "price_hour", T(r, "Price per hour (EUR, without VAT)"), "text",
	         VAL(SF_PHOUR, money_value(r, s->price_hour)), false, "off", NULL);
	ui_field(r, "price_day", T(r, "Price per day (EUR, without VAT)"), "text",
	         VAL(SF_PDAY, money_value(r, s->price_day)), false, "off",
	         T(r, "Charged instead of the hourly price when it is cheaper; 0 = no day price."));
	ui_field(r, "vat_rate", T(r, "VAT rate (%)"), "number", VAL(SF_VAT, arena_printf(&r->a, "%d", s->vat_rate)), false,
	         "off", NULL);
	ui_field(r, "discount_ngo", T(r, "Discount for NGOs (%)"), "number",
	         VAL(SF_NGO, arena_printf(&r->a, "%d", s->disc_ngo)), false, "off", NULL);
	ui_field(r, "discount_school", T(r, "Discount for schools (%)"), "number",
	         VAL(SF_SCHOOL, arena_printf(&r->a, "%d", s->disc_school)), false, "off", NULL);
#undef VAL
	html(r, "</fieldset><div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Save"));
	form_close(r);
	page_end(r);
}

static sk_rc space_new(struct req *r)
{
	struct space s = {0};
	s.kind = "room";
	s.name = s.equipment = s.accessibility = "";
	s.vat_rate = 21;
	sp_hours_parse("480-1200,480-1200,480-1200,480-1200,480-1200,600-960,-", s.hours);
	space_form(r, &s, NULL);
	return SK_OK;
}

static sk_rc space_edit(struct req *r)
{
	int64_t id;
	struct space s;
	if (!req_id(r, "id", &id) || sp_get(r->db, &r->a, r->inst->id, id, &s) != SK_OK)
		return SK_ENOTFOUND;
	space_form(r, &s, NULL);
	return SK_OK;
}

static sk_rc space_save(struct req *r, int64_t id)
{
	struct space s = {0}, before = {0};
	if (id && sp_get(r->db, &r->a, r->inst->id, id, &before) != SK_OK)
		return SK_ENOTFOUND;
	s.id = id;
	struct form_values v;
	sk_rc rc = form_read(r, space_fields, SK_ARRAY_LEN(space_fields), &v);
	s.name = v.s[SF_NAME];
	s.kind = v.s[SF_KIND];
	s.capacity = (int)v.i[SF_CAP];
	s.equipment = v.s[SF_EQUIP];
	s.accessibility = v.s[SF_ACCESS];
	s.setup_min = (int)v.i[SF_SETUP];
	s.teardown_min = (int)v.i[SF_TEARDOWN];
	s.rentable = v.i[SF_RENTABLE] != 0;
	s.vat_rate = *v.s[SF_VAT] ? (int)v.i[SF_VAT] : 21;
	s.disc_ngo = (int)v.i[SF_NGO];
	s.disc_school = (int)v.i[SF_SCHOOL];
	if (!sp_money_parse(v.s[SF_PHOUR], &s.price_hour))
		req_field_error(r, "price_hour", T(r, "Enter an amount in euros, e.g. 25,50."));
	if (!sp_money_parse(v.s[SF_PDAY], &s.price_day))
		req_field_error(r, "price_day", T(r, "Enter an amount in euros, e.g. 25,50."));
	for (int d = 0; d < 7; d++) {
		const char *o = v.s[SF_HOURS0 + 2 * d], *c = v.s[SF_HOURS0 + 2 * d + 1];
		s.hours[d].open = s.hours[d].close = -1;
		if (!*o && !*c)
			continue;
		int om, cm;
		if (!sp_hhmm_parse(o, &om) || !sp_hhmm_parse(c, &cm))
			req_field_error(r, hour_names[2 * d], T(r, "Enter both times as HH:MM, e.g. 08:00 and 17:00."));
		else if (cm <= om)
			req_field_error(r, hour_names[2 * d], T(r, "Closing time must be later than opening time."));
		else {
			s.hours[d].open = om;
			s.hours[d].close = cm;
		}
	}
	if (rc == SK_OK && r->nerrors == 0) {
		struct sp_error e;
		if ((rc = db_begin(r->db)) != SK_OK)
			return rc;
		rc = sp_save(r->db, r->inst->id, &s, &e);
		if (rc == SK_OK)
			rc = audit(r, id ? "space.update" : "space.create", "space", s.id,
			           id ? json_pack("{s:s, s:s}", "name", before.name, "kind", before.kind) : NULL,
			           json_pack("{s:s, s:s, s:I, s:I}", "name", s.name, "kind", s.kind, "price_hour_cents",
			                     (json_int_t)s.price_hour, "price_day_cents", (json_int_t)s.price_day));
		if (rc == SK_OK && (rc = db_commit(r->db)) == SK_OK) {
			flash_set(r, T(r, "The space is saved."));
			redirect(r, spaces_url(r));
			return SK_OK;
		}
		db_rollback(r->db);
		if (rc != SK_EINPUT)
			return rc;
		sp_error_to_field(r, rc, &e);
	}
	r->status = 422;
	space_form(r, &s, &v);
	return SK_OK;
}

static sk_rc space_create(struct req *r) { return space_save(r, 0); }

static sk_rc space_update(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	return space_save(r, id);
}

/* ---- bookings: week agenda ------------------------------------------------------------ */

static const char *status_label(struct req *r, const char *st)
{
	if (str_eq(st, "requested"))
		return T(r, "requested");
	if (str_eq(st, "approved"))
		return T(r, "approved");
	if (str_eq(st, "declined"))
		return T(r, "declined");
	return T(r, "cancelled");
}

const char *bk_kind_label(struct req *r, const char *k)
{
	if (str_eq(k, "event"))
		return T(r, "Event");
	if (str_eq(k, "rental"))
		return T(r, "Rental");
	return T(r, "Internal");
}

static void space_select(struct req *r, const char *name, const char *label, struct space *v, size_t n,
                         int64_t value, bool any)
{
	const char *err = req_field_msg(r, name);
	html(r, "<div class=\"field%s\">", err ? " has-error" : "");
	ui_label_hint_error(r, name, label, !any, NULL, err);
	html(r, "<select id=\"f-%s\" name=\"%s\"", name, name);
	ui_described_by(r, name, false, err != NULL);
	html(r, ">");
	if (any)
		html(r, "<option value=\"0\">%s</option>", T(r, "All spaces"));
	for (size_t i = 0; i < n; i++)
		html(r, "<option value=\"%lld\"%s>%s</option>", (long long)v[i].id, v[i].id == value ? " selected" : "",
		     v[i].name);
	html(r, "</select></div>");
}

static sk_rc bookings_week(struct req *r)
{
	int64_t space = 0, x;
	if (parse_i64(req_query(r, "space"), &x) && x > 0)
		space = x;
	int day = local_today(), tmp;
	if (ymd_parse(req_query(r, "week"), &tmp))
		day = tmp;
	int monday = ymd_add_days(day, 1 - ymd_weekday(day));
	int64_t from = local_to_unix(monday, 0, 0), to = local_to_unix(ymd_add_days(monday, 7), 0, 0);
	struct space *sv;
	size_t ns = sp_list(r->db, &r->a, r->inst->id, false, &sv);
	struct booking *b;
	size_t nb = bk_list(r->db, &r->a, r->inst->id, space, NULL, NULL, from, to, &b);
	char d1[11], d2[11], prev[11], next[11];
	ymd_format(monday, d1);
	ymd_format(ymd_add_days(monday, 6), d2);
	ymd_format(ymd_add_days(monday, -7), prev);
	ymd_format(ymd_add_days(monday, 7), next);

	bool manage = req_has_perm(r, "spaces.manage");
	page_begin(r, PAGE_STAFF, T(r, "Bookings"));
	html(r, "<h1>%s</h1>", T(r, "Bookings"));
	html(r, "<p class=\"actions\"><a href=\"%s\">%s</a>", spaces_url(r), T(r, "Spaces"));
	if (req_has_perm(r, "bookings.approve"))
		html(r, " <a href=\"%s/queue\">%s</a>", bookings_url(r), T(r, "Rental requests"));
	if (req_has_perm(r, "spaces.manage"))
		html(r, " <a class=\"button\" href=\"%s/new%s\">%s</a>", bookings_url(r),
		     space ? arena_printf(&r->a, "?space=%lld", (long long)space) : "", T(r, "New booking"));
	html(r, "</p>");
	html(r, "<form method=\"get\" action=\"%s\" class=\"filters\" role=\"search\" aria-label=\"%s\">", bookings_url(r),
	     T(r, "Filter bookings"));
	space_select(r, "space", T(r, "Space"), sv, ns, space, true);
	html(r, "<div class=\"field\"><label for=\"f-week\">%s</label><input id=\"f-week\" name=\"week\" type=\"date\" value=\"%s\"></div>",
	     T(r, "Week of"), d1);
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", T(r, "Show"));
	const char *sq = space ? arena_printf(&r->a, "&space=%lld", (long long)space) : "";
	ui_pager(r, arena_printf(&r->a, "%s?week=%s%s", bookings_url(r), prev, sq),
	         arena_printf(&r->a, "%s?week=%s%s", bookings_url(r), next, sq), arena_printf(&r->a, "%s – %s", d1, d2));

	for (int i = 0; i < 7; i++) {
		int ymd = ymd_add_days(monday, i);
		int64_t t0 = local_to_unix(ymd, 12, 0);
		int64_t ds = local_to_unix(ymd, 0, 0), de = local_to_unix(ymd_add_days(ymd, 1), 0, 0);
		html(r, "<section class=\"day\" aria-labelledby=\"day-%d\"><h2 id=\"day-%d\">%s</h2>", i, i,
		     fmt_date_full(&r->a, r->lang, t0));
		size_t shown = 0;
		for (size_t j = 0; j < nb; j++) {
			if (b[j].starts_at >= de || b[j].ends_at <= ds)
				continue;
			if (!shown++)
				html(r, "<ul class=\"agenda\">");
			html(r, "<li class=\"booking status-%s\"><span class=\"time\">%s–%s</span> <strong>%s</strong> "
			        "<span class=\"muted\">%s · %s</span> <span class=\"tag\">%s</span>",
			     b[j].status, fmt_time(&r->a, r->lang, b[j].starts_at), fmt_time(&r->a, r->lang, b[j].ends_at),
			     b[j].title, b[j].space_name, bk_kind_label(r, b[j].kind), status_label(r, b[j].status));
			if (b[j].setup_min || b[j].teardown_min)
				html(r, " <span class=\"muted\">%s</span>",
				     arena_printf(&r->a, T(r, "(+%d min before, +%d min after)"), b[j].setup_min, b[j].teardown_min));
			if (manage && (str_eq(b[j].status, "approved") || str_eq(b[j].status, "requested"))) {
				form_open(r, url_fmt(&r->a, "/staff/%s/bookings/%lld/cancel", r->inst->slug, (long long)b[j].id),
				          "inline");
				html(r, "<button type=\"submit\" class=\"link\">%s<span class=\"visually-hidden\"> – %s</span></button>",
				     T(r, "Cancel"), b[j].title);
				form_close(r);
			}
			html(r, "</li>");
		}
		if (shown)
			html(r, "</ul>");
		else
			html(r, "<p class=\"muted\">%s</p>", T(r, "No bookings."));
		html(r, "</section>");
	}
	page_end(r);
	return SK_OK;
}

/* ---- bookings: new ------------------------------------------------------------------------ */

enum { BF_SPACE, BF_TITLE, BF_KIND, BF_DATE, BF_FROM, BF_TO, BF_SETUP, BF_TEARDOWN };
static const char *const staff_kinds[] = {"internal", "event", NULL};
static const struct field booking_fields[] = {
        {"space_id", F_INT, true, 0, NULL, 1, INT64_MAX},
        {"title", F_TEXT, true, 200, NULL, 0, 0},
        {"kind", F_ENUM, true, 0, staff_kinds, 0, 0},
        {"date", F_DATE, true, 0, NULL, 0, 0},
        {"from", F_TEXT, true, 5, NULL, 0, 0},
        {"to", F_TEXT, true, 5, NULL, 0, 0},
        {"setup_min", F_INT, false, 0, NULL, 0, 1440},
        {"teardown_min", F_INT, false, 0, NULL, 0, 1440},
};

static void booking_form(struct req *r, const struct form_values *v, int64_t space)
{
	struct space *sv;
	size_t ns = sp_list(r->db, &r->a, r->inst->id, false, &sv);
	page_begin(r, PAGE_STAFF, T(r, "New booking"));
	html(r, "<p><a href=\"%s\">%s</a></p><div class=\"narrow\"><h1>%s</h1>", bookings_url(r), T(r, "← All bookings"),
	     T(r, "New booking"));
	field_errors_summary(r);
	form_open(r, bookings_url(r), "stack");
	space_select(r, "space_id", T(r, "Space"), sv, ns, space, false);
	ui_field(r, "title", T(r, "Title"), "text", v ? v->s[BF_TITLE] : "", true, "off", NULL);
	const char *kl[] = {T(r, "Internal"), T(r, "Event")};
	ui_select(r, "kind", T(r, "Kind"), staff_kinds, kl, 2, v ? v->s[BF_KIND] : "internal", true, NULL);
	char today[11];
	ymd_format(local_today(), today);
	ui_field(r, "date", T(r, "Date"), "date", v ? v->s[BF_DATE] : today, true, "off", NULL);
	ui_field(r, "from", T(r, "From"), "time", v ? v->s[BF_FROM] : "", true, "off", T(r, "HH:MM, e.g. 10:00"));
	ui_field(r, "to", T(r, "To"), "time", v ? v->s[BF_TO] : "", true, "off", T(r, "HH:MM, e.g. 12:00"));
	ui_field(r, "setup_min", T(r, "Setup time before (minutes)"), "number", v ? v->s[BF_SETUP] : "", false, "off",
	         T(r, "Empty: the space's default."));
	ui_field(r, "teardown_min", T(r, "Teardown time after (minutes)"), "number", v ? v->s[BF_TEARDOWN] : "", false,
	         "off", T(r, "Empty: the space's default."));
	html(r, "<div class=\"actions\"><button type=\"submit\">%s</button></div>", T(r, "Book"));
	form_close(r);
	html(r, "</div>");
	page_end(r);
}

static sk_rc booking_new(struct req *r)
{
	int64_t space = 0, x;
	if (parse_i64(req_query(r, "space"), &x) && x > 0)
		space = x;
	booking_form(r, NULL, space);
	return SK_OK;
}

static json_t *booking_json(const struct booking_new *b, const char *status)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:I, s:s}", "space_id", (json_int_t)b->space_id, "title", b->title,
	                 "kind", b->kind, "starts_at", (json_int_t)b->starts_at, "ends_at", (json_int_t)b->ends_at,
	                 "status", status);
}

/* Creates a booking with an audit row; shared with the API. */
sk_rc sp_book(struct req *r, struct booking_new *b, int64_t *id, struct sp_error *e)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	rc = bk_create(r->db, &r->a, r->inst->id, b, id, e);
	if (rc == SK_OK)
		rc = audit(r, "booking.create", "booking", *id, NULL, booking_json(b, b->status ? b->status : "approved"));
	if (rc == SK_OK)
		rc = db_commit(r->db);
	if (rc != SK_OK)
		db_rollback(r->db);
	return rc;
}

static sk_rc booking_create(struct req *r)
{
	struct form_values v;
	sk_rc rc = form_read(r, booking_fields, SK_ARRAY_LEN(booking_fields), &v);
	struct booking_new b = {0};
	b.space_id = v.i[BF_SPACE];
	b.title = v.s[BF_TITLE];
	b.kind = v.s[BF_KIND];
	b.status = "approved";
	b.setup_min = *v.s[BF_SETUP] ? (int)v.i[BF_SETUP] : -1;
	b.teardown_min = *v.s[BF_TEARDOWN] ? (int)v.i[BF_TEARDOWN] : -1;
	b.created_by = r->user->id;
	b.check_hours = true;
	if (*v.s[BF_FROM] && !sp_local_time(v.s[BF_DATE], v.s[BF_FROM], &b.starts_at) && !req_field_msg(r, "date"))
		req_field_error(r, "from", T(r, "Enter the time as HH:MM, e.g. 10:00."));
	if (*v.s[BF_TO] && !sp_local_time(v.s[BF_DATE], v.s[BF_TO], &b.ends_at) && !req_field_msg(r, "date"))
		req_field_error(r, "to", T(r, "Enter the time as HH:MM, e.g. 12:00."));
	if (rc == SK_OK && r->nerrors == 0) {
		int64_t id;
		struct sp_error e;
		rc = sp_book(r, &b, &id, &e);
		if (rc == SK_OK) {
			flash_set(r, T(r, "The booking is saved."));
			char wk[11];
			int ymd;
			unix_to_local(b.starts_at, &ymd, NULL, NULL);
			ymd_format(ymd, wk);
			redirect(r, url_fmt(&r->a, "/staff/%s/bookings?week=%s&space=%lld", r->inst->slug, wk,
			                    (long long)b.space_id));
			return SK_OK;
		}
		if (rc != SK_EINPUT && rc != SK_ECONFLICT)
			return rc;
		/* model field names to the form's */
		if (e.field && (str_eq(e.field, "starts_at")))
			e.field = "from";
		else if (e.field && str_eq(e.field, "ends_at"))
			e.field = "to";
		else if (e.field && str_eq(e.field, "space_id"))
			e.field = "space_id";
		sp_error_to_field(r, rc, &e);
		r->status = rc == SK_ECONFLICT ? 409 : 422;
	} else {
		r->status = 422;
	}
	booking_form(r, &v, b.space_id);
	return SK_OK;
}

static sk_rc booking_cancel(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct booking b;
	sk_rc rc = bk_get(r->db, &r->a, r->inst->id, id, &b);
	if (rc != SK_OK)
		return rc;
	struct sp_error e;
	if ((rc = db_begin(r->db)) != SK_OK)
		return rc;
	rc = bk_cancel(r->db, r->inst->id, id, r->user->id, &e);
	if (rc == SK_OK)
		rc = audit(r, "booking.cancel", "booking", id, json_pack("{s:s}", "status", b.status),
		           json_pack("{s:s}", "status", "cancelled"));
	if (rc == SK_OK)
		rc = db_commit(r->db);
	if (rc != SK_OK) {
		db_rollback(r->db);
		if (rc == SK_EINPUT)
			flash_set(r, tr(r->lang, e.msg));
		else
			return rc;
	} else {
		flash_set(r, T(r, "The booking is cancelled; the time is free again."));
	}
	char wk[11];
	int ymd;
	unix_to_local(b.starts_at, &ymd, NULL, NULL);
	ymd_format(ymd, wk);
	redirect(r, url_fmt(&r->a, "/staff/%s/bookings?week=%s", r->inst->slug, wk));
	return SK_OK;
}

/* ---- approval queue ------------------------------------------------------------------------ */

static sk_rc bookings_queue(struct req *r)
{
	struct booking *b;
	size_t n = bk_list(r->db, &r->a, r->inst->id, 0, "requested", NULL, 0, INT64_MAX, &b);
	page_begin(r, PAGE_STAFF, T(r, "Rental requests"));
	html(r, "<p><a href=\"%s\">%s</a></p><h1>%s</h1>", bookings_url(r), T(r, "← All bookings"), T(r, "Rental requests"));
	html(r, "<p class=\"actions\"><a href=\"%s/rentals.csv\">%s</a></p>", bookings_url(r),
	     T(r, "Approved rentals for accounting (CSV)"));
	field_errors_summary(r);
	if (n == 0)
		html(r, "<p>%s</p>", T(r, "No requests are waiting."));
	for (size_t i = 0; i < n; i++) {
		html(r, "<section class=\"card request\" aria-labelledby=\"rq-%lld\"><h2 id=\"rq-%lld\">%s</h2>",
		     (long long)b[i].id, (long long)b[i].id, b[i].title);
		html(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s, %s–%s</dd>", T(r, "Space"),
		     b[i].space_name, T(r, "Time"), fmt_date(&r->a, r->lang, b[i].starts_at),
		     fmt_time(&r->a, r->lang, b[i].starts_at), fmt_time(&r->a, r->lang, b[i].ends_at));
		html(r, "<dt>%s</dt><dd>%s%s%s</dd>", T(r, "Requester"), b[i].req_name, *b[i].req_org ? ", " : "", b[i].req_org);
		html(r, "<dt>%s</dt><dd><a href=\"mailto:%s\">%s</a> %s</dd>", T(r, "Contacts"), b[i].req_email,
		     b[i].req_email, b[i].req_phone);
		html(r, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%d</dd>", T(r, "Purpose"), b[i].purpose, T(r, "Attendees"),
		     b[i].attendees);
		html(r, "<dt>%s</dt><dd>%s</dd></dl>", T(r, "Price"),
		     arena_printf(&r->a, T(r, "%s + VAT %s = %s"), sp_money(r, b[i].price_cents), sp_money(r, b[i].vat_cents),
		                  sp_money(r, b[i].price_cents + b[i].vat_cents)));
		const char *act = url_fmt(&r->a, "/staff/%s/bookings/%lld/decide", r->inst->slug, (long long)b[i].id);
		form_open(r, act, "stack");
		html(r, "<div class=\"field\"><label for=\"note-%lld\">%s</label>"
		        "<p class=\"hint muted\" id=\"h-note-%lld\">%s</p>"
		        "<textarea id=\"note-%lld\" name=\"note\" rows=\"2\" aria-describedby=\"h-note-%lld\"></textarea></div>",
		     (long long)b[i].id, T(r, "Note or reason"), (long long)b[i].id,
		     T(r, "Required when declining; the requester sees it."), (long long)b[i].id, (long long)b[i].id);
		html(r, "<div class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"approve\">%s</button> "
		        "<button type=\"submit\" name=\"decision\" value=\"decline\" class=\"secondary\">%s</button></div>",
		     T(r, "Approve"), T(r, "Decline"));
		form_close(r);
		html(r, "</section>");
	}
	page_end(r);
	return SK_OK;
}

static const char *const decisions[] = {"approve", "decline", NULL};
static const struct field decide_fields[] = {
        {"decision", F_ENUM, true, 0, decisions, 0, 0},
        {"note", F_TEXTAREA, false, 2000, NULL, 0, 0},
};

/* The requester hears the decision by e-mail, in Lithuanian (the
 * public form does not record a language). Part of the caller's
 * transaction. */
static sk_rc decision_mail(struct req *r, const struct booking *b, bool approve)
{
	enum lang l = LANG_LT;
	const char *when = arena_printf(&r->a, "%s, %s–%s", fmt_date_long(&r->a, l, b->starts_at),
	                                fmt_time(&r->a, l, b->starts_at), fmt_time(&r->a, l, b->ends_at));
	char *body;
	if (approve)
		body = arena_printf(&r->a,
		                    tr(l, "Hello %s,\n\nyour request no. %lld to rent \"%s\" on %s is approved.\n"
		                          "Price without VAT: %s, VAT: %s, total: %s.\n%s\n\n%s\n"),
		                    b->req_name, (long long)b->id, b->space_name, when, money_lt(r, b->price_cents),
		                    money_lt(r, b->vat_cents), money_lt(r, b->price_cents + b->vat_cents), b->note,
		                    inst_name(r, r->inst));
	else
		body = arena_printf(&r->a,
		                    tr(l, "Hello %s,\n\nunfortunately your request no. %lld to rent \"%s\" on %s is "
		                          "declined.\nReason: %s\n\n%s\n"),
		                    b->req_name, (long long)b->id, b->space_name, when, b->note, inst_name(r, r->inst));
	json_t *mail = json_pack("{s:s, s:s, s:s}", "to", b->req_email, "subject",
	                         arena_printf(&r->a, approve ? tr(l, "Rental request no. %lld is approved")
	                                                     : tr(l, "Rental request no. %lld is declined"),
	                                      (long long)b->id),
	                         "body", body);
	return job_enqueue(r->db, "mail", mail, r->inst->id, 0);
}

sk_rc sp_decide(struct req *r, int64_t id, bool approve, const char *note, struct sp_error *e)
{
	sk_rc rc = db_begin(r->db);
	if (rc != SK_OK)
		return rc;
	rc = bk_decide(r->db, &r->a, r->inst->id, id, approve, note, r->user->id, e);
	struct booking b;
	if (rc == SK_OK && (rc = bk_get(r->db, &r->a, r->inst->id, id, &b)) == SK_OK && *b.req_email)
		rc = decision_mail(r, &b, approve);
	if (rc == SK_OK)
		rc = audit(r, approve ? "booking.approve" : "booking.decline", "booking", id,
		           json_pack("{s:s}", "status", "requested"),
		           json_pack("{s:s, s:s}", "status", approve ? "approved" : "declined", "note", note ? note : ""));
	if (rc == SK_OK)
		rc = db_commit(r->db);
	if (rc != SK_OK)
		db_rollback(r->db);
	return rc;
}

static sk_rc booking_decide(struct req *r)
{
	int64_t id;
	if (!req_id(r, "id", &id))
		return SK_ENOTFOUND;
	struct form_values v;
	sk_rc rc = form_read(r, decide_fields, SK_ARRAY_LEN(decide_fields), &v);
	if (rc == SK_OK) {
		struct sp_error e;
		bool approve = str_eq(v.s[0], "approve");
		rc = sp_decide(r, id, approve, v.s[1], &e);
		if (rc == SK_OK) {
			flash_set(r, approve ? T(r, "The request is approved.") : T(r, "The request is declined."));
			redirect(r, url_fmt(&r->a, "/staff/%s/bookings/queue", r->inst->slug));
			return SK_OK;
		}
		if (rc != SK_EINPUT && rc != SK_ECONFLICT)
			return rc;
		sp_error_to_field(r, rc, &e);
		r->status = rc == SK_ECONFLICT ? 409 : 422;
	} else {
		r->status = 422;
	}
	return bookings_queue(r);
}

/* ---- CSV for accounting ------------------------------------------------------------------- */

static const char *cents_csv(arena *a, int64_t c)
{
	return arena_printf(a, "%lld,%02lld", (long long)(c / 100), (long long)(c % 100));
}

static sk_rc rentals_csv(struct req *r)
{
	int from = 0, to = 0;
	if (req_query(r, "from") && *req_query(r, "from") && !ymd_parse(req_query(r, "from"), &from))
		return SK_EINPUT;
	if (req_query(r, "to") && *req_query(r, "to") && !ymd_parse(req_query(r, "to"), &to))
		return SK_EINPUT;
	int64_t t0 = from ? local_to_unix(from, 0, 0) : 0;
	int64_t t1 = to ? local_to_unix(ymd_add_days(to, 1), 0, 0) : INT64_MAX;
	struct booking *v;
	size_t n = bk_list(r->db, &r->a, r->inst->id, 0, "approved", "rental", t0, t1, &v);
	buf b;
	buf_init(&b, 16u << 20);
	buf_puts(&b, "\xEF\xBB\xBF");
	const char *hdr[] = {T(r, "No."), T(r, "Date"), T(r, "From"), T(r, "To"), T(r, "Space"), T(r, "Title"),
	                     T(r, "Requester"), T(r, "Organisation"), T(r, "E-mail"), T(r, "Phone"),
	                     T(r, "Price without VAT, EUR"), T(r, "VAT, EUR"), T(r, "Total, EUR")};
	for (size_t i = 0; i < SK_ARRAY_LEN(hdr); i++)
		csv_cell(&b, hdr[i], i == 0);
	buf_putc(&b, '\n');
	for (size_t i = 0; i < n; i++) {
		csv_cell(&b, arena_printf(&r->a, "%lld", (long long)v[i].id), true);
		csv_cell(&b, fmt_date(&r->a, r->lang, v[i].starts_at), false);
		csv_cell(&b, fmt_time(&r->a, r->lang, v[i].starts_at), false);
		csv_cell(&b, fmt_time(&r->a, r->lang, v[i].ends_at), false);
		csv_cell(&b, v[i].space_name, false);
		csv_cell(&b, v[i].title, false);
		csv_cell(&b, v[i].req_name, false);
		csv_cell(&b, v[i].req_org, false);
		csv_cell(&b, v[i].req_email, false);
		csv_cell(&b, v[i].req_phone, false);
		csv_cell(&b, cents_csv(&r->a, v[i].price_cents), false);
		csv_cell(&b, cents_csv(&r->a, v[i].vat_cents), false);
		csv_cell(&b, cents_csv(&r->a, v[i].price_cents + v[i].vat_cents), false);
		buf_putc(&b, '\n');
	}
	if (b.overflow) {
		buf_free(&b);
		return SK_ETOOBIG;
	}
	resp_header(r, "Content-Disposition", "attachment; filename=\"nuoma.csv\"");
	reply_bytes(r, "text/csv; charset=utf-8", b.data, b.len);
	buf_free(&b);
	return SK_OK;
}

SK_ROUTES(spaces,
          {"GET", "/staff/{inst}/spaces", spaces_list, "spaces.view", 0},
          {"GET", "/staff/{inst}/spaces/new", space_new, "spaces.manage", 0},
          {"POST", "/staff/{inst}/spaces", space_create, "spaces.manage", 0},
          {"GET", "/staff/{inst}/spaces/{id}", space_edit, "spaces.manage", 0},
          {"POST", "/staff/{inst}/spaces/{id}", space_update, "spaces.manage", 0},
          {"GET", "/staff/{inst}/bookings", bookings_week, "spaces.view", 0},
          {"GET", "/staff/{inst}/bookings/new", booking_new, "spaces.manage", 0},
          {"POST", "/staff/{inst}/bookings", booking_create, "spaces.manage", 0},
          {"GET", "/staff/{inst}/bookings/queue", bookings_queue, "bookings.approve", 0},
          {"POST", "/staff/{inst}/bookings/{id}/decide", booking_decide, "bookings.approve", 0},
          {"POST", "/staff/{inst}/bookings/{id}/cancel", booking_cancel, "spaces.manage", 0},
          {"GET", "/staff/{inst}/bookings/rentals.csv", rentals_csv, "bookings.approve", 0});

SK_NAV_GROUP(nav_spaces, "staff", "/staff/{inst}/spaces", N_("Spaces"), "spaces.view", 60, 0, N_("Events and spaces"));
SK_NAV_GROUP(nav_bookings, "staff", "/staff/{inst}/bookings", N_("Bookings"), "spaces.view", 61, 0, N_("Events and spaces"));
